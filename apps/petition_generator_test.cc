// Tests of the petition generator (apps/petition_generator.h): determinism, line framing,
// validity of good lines against the input format, and that each malformed line carries the
// defect its kind promises. Lines are checked with a small strict JSON reader written here, so
// the test does not depend on the parser it is meant to exercise.
#include "apps/petition_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace pakn::apps {
namespace {

// --- A strict JSON reader (RFC 8259: no NaN, no single quotes, no trailing commas) ---

struct Value {
  enum Type { kNull, kBool, kNumber, kString, kArray, kObject } type = kNull;
  std::string str;  // string contents (UTF-8) or the number's text
  std::vector<Value> items;
  std::vector<std::pair<std::string, Value>> members;
  const Value* Get(std::string_view key) const {
    for (const auto& [k, v] : members) {
      if (k == key) return &v;
    }
    return nullptr;
  }
  bool IsInteger() const {
    return type == kNumber && str.find_first_of(".eE") == std::string::npos;
  }
};

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool Document(Value* v) { return ParseValue(v, 0) && (Ws(), pos_ == s_.size()); }

 private:
  void Ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r')) ++pos_;
  }
  bool Eat(char c) {
    Ws();
    if (pos_ < s_.size() && s_[pos_] == c) return ++pos_, true;
    return false;
  }
  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  static void PutUtf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  bool Hex4(uint32_t* out) {
    if (pos_ + 4 > s_.size()) return false;
    *out = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = s_[pos_++];
      const int d = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      if (d < 0) return false;
      *out = *out * 16 + static_cast<uint32_t>(d);
    }
    return true;
  }
  bool String(std::string* out) {
    if (!Eat('"')) return false;
    while (pos_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[pos_++]);
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c != '\\') {
        out->push_back(static_cast<char>(c));
        continue;
      }
      if (pos_ >= s_.size()) return false;
      const char e = s_[pos_++];
      const char* simple = "\"\\/bfnrt";
      const char* decoded = "\"\\/\b\f\n\r\t";
      if (const char* p = std::char_traits<char>::find(simple, 8, e)) {
        out->push_back(decoded[p - simple]);
      } else if (e == 'u') {
        uint32_t cp, low;
        if (!Hex4(&cp)) return false;
        if (cp >= 0xD800 && cp < 0xDC00) {  // a surrogate pair must follow
          if (!Literal("\\u") || !Hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp < 0xE000) {
          return false;
        }
        PutUtf8(cp, out);
      } else {
        return false;
      }
    }
    return false;
  }
  bool Number(std::string* out) {
    const size_t start = pos_;
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ - from;
    };
    const size_t int_start = pos_;
    const size_t n = digits();
    if (n == 0 || (n > 1 && s_[int_start] == '0')) return false;
    if (pos_ < s_.size() && s_[pos_] == '.' && (++pos_, digits() == 0)) return false;
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (digits() == 0) return false;
    }
    out->assign(s_.substr(start, pos_ - start));
    return true;
  }
  bool ParseValue(Value* v, int depth) {
    if (depth > 64) return false;
    Ws();
    if (pos_ >= s_.size()) return false;
    const char c = s_[pos_];
    if (c == '{') {
      v->type = Value::kObject;
      ++pos_;
      if (Eat('}')) return true;
      do {
        std::string key;
        Value member;
        if (!String(&key) || !Eat(':') || !ParseValue(&member, depth + 1)) return false;
        v->members.emplace_back(std::move(key), std::move(member));
      } while (Eat(','));
      return Eat('}');
    }
    if (c == '[') {
      v->type = Value::kArray;
      ++pos_;
      if (Eat(']')) return true;
      do {
        v->items.emplace_back();
        if (!ParseValue(&v->items.back(), depth + 1)) return false;
      } while (Eat(','));
      return Eat(']');
    }
    if (c == '"') return v->type = Value::kString, String(&v->str);
    if (Literal("true") || Literal("false")) return v->type = Value::kBool, true;
    if (Literal("null")) return v->type = Value::kNull, true;
    return v->type = Value::kNumber, Number(&v->str);
  }
  std::string_view s_;
  size_t pos_ = 0;
};

bool ParseJson(std::string_view s, Value* v) { return Reader(s).Document(v); }

// RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1
                       : (c & 0xE0) == 0xC0 ? 2
                       : (c & 0xF0) == 0xE0 ? 3
                       : (c & 0xF8) == 0xF0 ? 4
                                            : 0;
    if (len == 0 || i + len > s.size()) return false;
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

// --- Helpers ---

struct Output {
  std::string text;
  std::vector<std::string> lines;  // without '\n'
  // LineInfo's views die with the callback: index/bad/kind are kept here, the strings below.
  std::vector<LineInfo> infos;
  std::vector<std::string> keys, jsons, fields;
  GenStats stats;
};

Output Generate(GenOptions opts) {
  Output run;
  opts.on_line = [&run](const LineInfo& info) {
    run.infos.push_back(info);
    run.keys.emplace_back(info.key);
    run.jsons.emplace_back(info.json);
    run.fields.emplace_back(info.field);
  };
  std::ostringstream out;
  run.stats = GeneratePetitions(opts, out);
  run.text = out.str();
  size_t start = 0;
  for (size_t nl; (nl = run.text.find('\n', start)) != std::string::npos; start = nl + 1) {
    run.lines.push_back(run.text.substr(start, nl - start));
  }
  EXPECT_EQ(start, run.text.size()) << "output does not end with '\\n'";
  return run;
}

GenOptions Options(uint64_t count, uint64_t seed, double bad_ratio = 0.0) {
  GenOptions o;
  o.count = count;
  o.seed = seed;
  o.bad_ratio = bad_ratio;
  o.oversized_bytes = 64 << 10;  // keep the test fast; the default is checked separately
  return o;
}

bool IsString(const Value* v) { return v && v->type == Value::kString; }

// Checks one parsed good petition against docs/input-format.md; returns "" or the problem.
std::string CheckPetition(const Value& doc) {
  if (doc.type != Value::kObject) return "not an object";
  const Value* version = doc.Get("schema_version");
  if (!version || !version->IsInteger() || version->str != "1") return "schema_version";
  const Value* id = doc.Get("id");
  if (!IsString(id) || id->str.empty() || id->str.size() > 128) return "id";
  for (char c : id->str) {
    if (c <= 0x20 || c >= 0x7F) return "id character";
  }
  static const std::set<std::string> kChannels = {"national_portal", "provincial_portal",
                                                  "email", "hotline", "sms", "mobile_app",
                                                  "in_person", "postal"};
  const Value* channel = doc.Get("channel");
  if (!IsString(channel) || !kChannels.count(channel->str)) return "channel";
  if (const Value* kind = doc.Get("kind");
      kind && !(IsString(kind) && (kind->str == "phan_anh" || kind->str == "kien_nghi"))) {
    return "kind";
  }
  const Value* at = doc.Get("submitted_at");
  if (!IsString(at) || at->str.size() < 20 || at->str[4] != '-' || at->str[10] != 'T' ||
      !(at->str.back() == 'Z' || at->str.ends_with("+07:00")) || !at->str.starts_with("2026-")) {
    return "submitted_at";
  }
  for (const char* required : {"title", "content"}) {
    const Value* v = doc.Get(required);
    if (!IsString(v) || v->str.empty()) return required;
  }
  if (const Value* loc = doc.Get("location")) {
    if (loc->type != Value::kObject || !IsString(loc->Get("province")) ||
        !IsString(loc->Get("ward"))) {
      return "location";
    }
    for (auto [name, limit] : {std::pair{"lat", 90.0}, std::pair{"lon", 180.0}}) {
      const Value* v = loc->Get(name);
      if (v && (v->type != Value::kNumber || std::fabs(std::stod(v->str)) > limit)) return name;
    }
  }
  if (const Value* rep = doc.Get("reporter")) {
    if (rep->type != Value::kObject || !IsString(rep->Get("name"))) return "reporter";
    const Value* type = rep->Get("type");
    if (!IsString(type) || (type->str != "citizen" && type->str != "organization")) return "type";
    const Value* nid = rep->Get("national_id");
    if (nid && (!IsString(nid) || nid->str.size() != 12 ||
                nid->str.find_first_not_of("0123456789") != std::string::npos)) {
      return "national_id";
    }
  }
  if (const Value* list = doc.Get("attachments")) {
    if (list->type != Value::kArray) return "attachments";
    for (const Value& a : list->items) {
      const Value* sha = a.Get("sha256");
      const Value* size = a.Get("size");
      if (!IsString(sha) || sha->str.size() != 64 ||
          sha->str.find_first_not_of("0123456789abcdef") != std::string::npos)
        return "sha256";
      if (!size || !size->IsInteger() || size->str[0] == '-') return "size";
    }
  }
  return "";
}

// --- Tests ---

TEST(PetitionGeneratorTest, SameSeedGivesIdenticalBytes) {
  const Output a = Generate(Options(400, 42, 0.3));
  const Output b = Generate(Options(400, 42, 0.3));
  EXPECT_EQ(a.text, b.text);
  EXPECT_EQ(a.fields, b.fields);
}

TEST(PetitionGeneratorTest, LinesInMemoryAreTheWrittenLines) {
  const GenOptions opts = Options(300, 11, 0.1);
  EXPECT_EQ(GeneratePetitionLines(opts), Generate(opts).lines);
}

TEST(PetitionGeneratorTest, DifferentSeedGivesDifferentOutput) {
  const Output a = Generate(Options(50, 1));
  const Output b = Generate(Options(50, 2));
  ASSERT_EQ(a.lines.size(), b.lines.size());
  int same = 0;
  for (size_t i = 0; i < a.lines.size(); ++i) same += a.lines[i] == b.lines[i];
  EXPECT_EQ(same, 0);
}

TEST(PetitionGeneratorTest, WritesExactlyCountLinesEachEndingInNewline) {
  for (uint64_t count : {0, 1, 7, 333}) {
    const Output run = Generate(Options(count, 5, 0.35));
    EXPECT_EQ(run.lines.size(), count);
    EXPECT_EQ(static_cast<uint64_t>(std::count(run.text.begin(), run.text.end(), '\n')), count);
    EXPECT_EQ(run.infos.size(), count);
    uint64_t bad = 0;
    for (uint64_t b : run.stats.bad) bad += b;
    EXPECT_EQ(run.stats.good + bad, count);
  }
}

TEST(PetitionGeneratorTest, GoodLinesAreValidPetitions) {
  const Output run = Generate(Options(2000, 7));
  ASSERT_EQ(run.stats.good, 2000u);
  std::set<std::string> ids, topic_hints;
  int with_escaped_newline = 0, ascii_escaped = 0;
  for (size_t i = 0; i < run.lines.size(); ++i) {
    const std::string& line = run.lines[i];
    SCOPED_TRACE(line.substr(0, 200));
    ASSERT_TRUE(ValidUtf8(line));
    ASSERT_NE(line.find("\"id\":"), std::string::npos);
    for (unsigned char c : line) ASSERT_GE(c, 0x20) << "raw control character";
    Value doc;
    ASSERT_TRUE(ParseJson(line, &doc));
    ASSERT_EQ(CheckPetition(doc), "");
    const std::string& id = doc.Get("id")->str;
    EXPECT_TRUE(ids.insert(id).second) << "duplicate id " << id;
    EXPECT_EQ(id, run.keys[i]);
    EXPECT_TRUE(ValidUtf8(doc.Get("content")->str));
    with_escaped_newline += line.find("\\n") != std::string::npos;
    ascii_escaped += line.find("\\u1ec") != std::string::npos;  // ệ, ề, ... written as \uXXXX
    if (const Value* hint = doc.Get("topic_hint")) topic_hints.insert(hint->str);
  }
  EXPECT_GT(with_escaped_newline, 0) << "paragraph breaks should appear, escaped";
  EXPECT_GT(ascii_escaped, 0) << "some producers escape all non-ASCII";
  EXPECT_EQ(topic_hints.size(), 11u) << "every topic should occur";
}

TEST(PetitionGeneratorTest, AverageGoodLineIsAboutOneAndAHalfKilobytes) {
  const Output run = Generate(Options(3000, 9));
  size_t total = 0;
  for (const std::string& line : run.lines) total += line.size() + 1;
  const double average = static_cast<double>(total) / static_cast<double>(run.lines.size());
  EXPECT_GT(average, 700);
  EXPECT_LT(average, 2000);
}

TEST(PetitionGeneratorTest, EveryBadKindAppearsEvenlyAndStatsSumToCount) {
  const Output run = Generate(Options(700, 3, 0.35));
  uint64_t bad = 0;
  for (int k = 0; k < kBadKindCount; ++k) {
    EXPECT_EQ(run.stats.bad[k], 35u) << BadKindCode(static_cast<BadKind>(k));
    bad += run.stats.bad[k];
  }
  EXPECT_EQ(bad, 245u);  // llround(700 * 0.35)
  EXPECT_EQ(run.stats.good + bad, 700u);
  // The bad lines are spread over the run, not bunched at one end.
  uint64_t first_half = 0;
  for (const LineInfo& info : run.infos) first_half += info.bad && info.index < 350;
  EXPECT_GT(first_half, 70u);
  EXPECT_LT(first_half, 175u);
}

TEST(PetitionGeneratorTest, BadRatioIsClamped) {
  EXPECT_EQ(Generate(Options(30, 1, 1.0)).stats.good, 0u);
  EXPECT_EQ(Generate(Options(30, 1, 5.0)).stats.good, 0u);
  EXPECT_EQ(Generate(Options(30, 1, -1.0)).stats.good, 30u);
  EXPECT_EQ(Generate(Options(30, 1, std::numeric_limits<double>::quiet_NaN())).stats.good, 30u);
}

TEST(PetitionGeneratorTest, EachBadLineHasTheDefectOfItsKind) {
  const GenOptions opts = Options(1400, 11, 0.5);
  const Output run = Generate(opts);
  std::map<BadKind, int> checked;
  for (size_t i = 0; i < run.lines.size(); ++i) {
    const LineInfo& info = run.infos[i];
    const std::string& line = run.lines[i];
    EXPECT_EQ(line, run.jsons[i]);
    if (!info.bad) continue;
    SCOPED_TRACE(std::string(BadKindCode(info.kind)) + " " + run.fields[i] + " " +
                 line.substr(0, 300));
    ASSERT_EQ(line.find('\n'), std::string::npos);
    Value doc;
    const bool utf8 = ValidUtf8(line);
    const bool parsed = utf8 && ParseJson(line, &doc);
    EXPECT_TRUE(info.kind == BadKind::kInvalidUtf8 || utf8);
    EXPECT_TRUE(info.kind == BadKind::kInvalidJson || info.kind == BadKind::kInvalidUtf8 || parsed);
    const std::string& field = run.fields[i];
    ASSERT_TRUE(field.starts_with("$"));
    switch (info.kind) {
      case BadKind::kInvalidJson:
        EXPECT_FALSE(parsed);
        break;
      case BadKind::kInvalidUtf8: {
        EXPECT_FALSE(utf8);
        // Only the content is damaged: the rest of the line is intact JSON around it.
        EXPECT_TRUE(line.starts_with("{") && line.ends_with("}"));
        break;
      }
      case BadKind::kMissingId:
        EXPECT_EQ(doc.Get("id"), nullptr);
        EXPECT_EQ(field, "$.id");
        break;
      case BadKind::kWrongType: {
        // Top-level members of the wrong JSON type, or a nested one named by the path.
        const std::string member = field.substr(2, field.find('.', 2) - 2);
        const Value* v = doc.Get(member);
        ASSERT_NE(v, nullptr);
        if (member == "schema_version") {
          EXPECT_EQ(v->type, Value::kString);
        } else if (member == "attachments") {
          EXPECT_NE(v->type, Value::kArray);
        } else if (field == "$.reporter") {
          EXPECT_NE(v->type, Value::kObject);
        } else if (field == "$.location.lat") {
          EXPECT_EQ(v->Get("lat")->type, Value::kString);
        } else if (member != "kind") {  // id, submitted_at, channel, title, content
          EXPECT_NE(v->type, Value::kString);
        }
        break;
      }
      case BadKind::kBadValue:
        EXPECT_NE(CheckPetition(doc), "");
        break;
      case BadKind::kOversized:
        ASSERT_TRUE(parsed);
        EXPECT_EQ(doc.Get("content")->str.size(), opts.oversized_bytes);
        EXPECT_TRUE(ValidUtf8(doc.Get("content")->str));
        EXPECT_EQ(CheckPetition(doc), "");  // too big, but otherwise a good petition
        break;
      case BadKind::kUnknownSchemaVersion:
        EXPECT_TRUE(doc.Get("schema_version")->IsInteger());
        EXPECT_NE(doc.Get("schema_version")->str, "1");
        break;
    }
    ++checked[info.kind];
  }
  EXPECT_EQ(checked.size(), static_cast<size_t>(kBadKindCount));
}

TEST(PetitionGeneratorTest, KeyedLinesStartWithTheIdAndATab) {
  GenOptions keyed_opts = Options(300, 13, 0.35);
  keyed_opts.keyed = true;
  const Output keyed = Generate(keyed_opts);
  const Output plain = Generate(Options(300, 13, 0.35));
  ASSERT_EQ(keyed.lines.size(), plain.lines.size());
  for (size_t i = 0; i < keyed.lines.size(); ++i) {
    const std::string& line = keyed.lines[i];
    const size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos);
    const std::string key = line.substr(0, tab);
    EXPECT_EQ(key, keyed.keys[i]);
    EXPECT_EQ(line.substr(tab + 1), plain.lines[i]);  // the key only prefixes the same JSON
    EXPECT_FALSE(key.empty());
    if (!keyed.infos[i].bad) {
      Value doc;
      ASSERT_TRUE(ParseJson(plain.lines[i], &doc));
      EXPECT_EQ(doc.Get("id")->str, key);
    }
  }
}

TEST(PetitionGeneratorTest, DefaultOversizedLineExceedsTheOneMebibyteLimit) {
  GenOptions opts;
  opts.count = 7;
  opts.bad_ratio = 1.0;
  const Output run = Generate(opts);
  ASSERT_EQ(run.stats.bad[static_cast<int>(BadKind::kOversized)], 1u);
  for (size_t i = 0; i < run.lines.size(); ++i) {
    if (run.infos[i].kind != BadKind::kOversized) continue;
    EXPECT_GT(run.lines[i].size(), size_t{1} << 20);
    Value doc;
    ASSERT_TRUE(ParseJson(run.lines[i], &doc));
    EXPECT_EQ(doc.Get("content")->str.size(), size_t{2} << 20);
  }
}

}  // namespace
}  // namespace pakn::apps
