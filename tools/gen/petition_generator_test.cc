// Tests of the petition generator (apps/petition_generator.h): determinism, line framing,
// validity of good lines against the input format, that each malformed line carries the
// defect its kind promises, and that every template and line carries an intended topic and
// agency of config/routing/taxonomy.toml (also in `pakn-gen --manifest`). Lines are checked
// with a small strict JSON reader written here, so the test does not depend on the parser it
// is meant to exercise.
#include "tools/gen/petition_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "tools/gen/gen_command.h"
#include "tools/gen/petition_text.h"
#include "base/time.h"
#include "config/toml_file.h"

#ifndef PAKN_SOURCE_DIR
#error "PAKN_SOURCE_DIR must be defined"
#endif

namespace pakn::gen {
namespace {

// --- A strict JSON reader (RFC 8259: no NaN, no single quotes, no trailing commas) ---

struct Value {
  enum Type { kNull, kBool, kNumber, kString, kArray, kObject } type = kNull;
  std::string str;  // string contents (UTF-8) or the number's text
  std::vector<Value> items;
  // An object's members, as two parallel lists (a vector of pair<string, Value> would need
  // Value complete inside its own definition, which clang rejects).
  std::vector<std::string> keys;
  std::vector<Value> values;
  const Value* Get(std::string_view key) const {
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) return &values[i];
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
        v->keys.push_back(std::move(key));
        v->values.push_back(std::move(member));
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
  std::vector<std::string> keys, jsons, fields, topics, agencies;
  GenStats stats;
};

Output Generate(GenOptions opts) {
  Output run;
  opts.on_line = [&run](const LineInfo& info) {
    run.infos.push_back(info);
    run.keys.emplace_back(info.key);
    run.jsons.emplace_back(info.json);
    run.fields.emplace_back(info.field);
    run.topics.emplace_back(info.topic);
    run.agencies.emplace_back(info.agency);
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

// The codes of config/routing/taxonomy.toml, read here with toml++ rather than through the
// rule engine, so that only the file itself is the reference.
struct Taxonomy {
  std::set<std::string, std::less<>> topics, agencies;
  std::string unrouted_topic, unrouted_agency;  // [defaults]
};

const Taxonomy& DefaultTaxonomy() {
  static const Taxonomy taxonomy = [] {
    Taxonomy t;
    auto file = TomlFile::Load(PAKN_SOURCE_DIR "/config/routing/taxonomy.toml");
    if (!file.ok()) {
      ADD_FAILURE() << file.status();
      return t;
    }
    const toml::table& root = file->root();
    for (auto [key, codes] : {std::pair{"topic", &t.topics}, std::pair{"agency", &t.agencies}}) {
      if (const toml::array* list = root[key].as_array()) {
        for (const toml::node& node : *list) {
          if (const toml::table* entry = node.as_table()) {
            if (auto code = (*entry)["code"].value<std::string>()) codes->insert(*code);
          }
        }
      }
    }
    t.unrouted_topic = root["defaults"]["unrouted_topic"].value_or(std::string());
    t.unrouted_agency = root["defaults"]["unrouted_agency"].value_or(std::string());
    return t;
  }();
  return taxonomy;
}

// Every template of the generator, with its portal category.
std::vector<std::pair<const gen_internal::Topic*, const gen_internal::Issue*>> AllIssues() {
  std::vector<std::pair<const gen_internal::Topic*, const gen_internal::Issue*>> all;
  for (auto groups : {gen_internal::PlaceTopics(), gen_internal::SocialTopics()}) {
    for (const gen_internal::Topic& group : groups) {
      for (const gen_internal::Issue& issue : group.issues) all.emplace_back(&group, &issue);
    }
  }
  return all;
}

// The template whose first title starts with `prefix`, or nullptr.
const gen_internal::Issue* FindIssue(std::string_view prefix) {
  for (const auto& [group, issue] : AllIssues()) {
    if (issue->titles[0].starts_with(prefix)) return issue;
  }
  return nullptr;
}

bool Mentions(const gen_internal::Issue& issue, std::string_view words) {
  for (const auto* list : {&issue.titles, &issue.requests}) {
    for (std::string_view s : *list) {
      if (s.find(words) != std::string_view::npos) return true;
    }
  }
  for (std::string_view s : issue.problems) {
    if (s.find(words) != std::string_view::npos) return true;
  }
  return false;
}

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
  EXPECT_EQ(topic_hints.size(),
            gen_internal::PlaceTopics().size() + gen_internal::SocialTopics().size())
      << "every portal category should occur";
}

TEST(PetitionGeneratorTest, EveryTemplateCarriesAnIntendedTopicAndAgencyOfTheTaxonomy) {
  const Taxonomy& taxonomy = DefaultTaxonomy();
  ASSERT_FALSE(taxonomy.topics.empty());
  ASSERT_FALSE(taxonomy.agencies.empty());
  // The vague style's intended route is the taxonomy's own "unrouted" outcome.
  EXPECT_EQ(gen_internal::kUnroutedTopic, taxonomy.unrouted_topic);
  EXPECT_EQ(gen_internal::kUnroutedAgency, taxonomy.unrouted_agency);
  const auto all = AllIssues();
  ASSERT_GT(all.size(), 40u);
  for (const auto& [group, issue] : all) {
    SCOPED_TRACE(std::string(group->code) + ": " + std::string(issue->titles[0]));
    EXPECT_FALSE(issue->topic.empty()) << "template without an intended topic";
    EXPECT_FALSE(issue->agency.empty()) << "template without an intended agency";
    EXPECT_TRUE(taxonomy.topics.contains(issue->topic)) << "not a taxonomy topic: " << issue->topic;
    EXPECT_TRUE(taxonomy.agencies.contains(issue->agency))
        << "not a taxonomy agency: " << issue->agency;
    EXPECT_NE(issue->topic, taxonomy.unrouted_topic) << "a template with a topic is routable";
    // The portal category (topic_hint) is a taxonomy topic too, so hint rules can match it.
    EXPECT_TRUE(taxonomy.topics.contains(group->code)) << "category " << group->code;
  }
}

// The demo's known misroutings: each of these templates names another field in passing. The
// intended route follows what the petition is about (the router is tuned elsewhere).
TEST(PetitionGeneratorTest, TemplatesThatMentionAnotherFieldKeepTheirOwnIntendedRoute) {
  struct Expected {
    std::string_view title_prefix, passing_mention, topic, agency;
  };
  static constexpr Expected kTraps[] = {
      {"Phòng học xuống cấp", "sửa chữa", "giao_duc", "SO-GDDT"},
      {"Ổ gà trên đường", "cấp nước", "giao_thong", "SO-XD"},
      {"SIM điện thoại chính chủ", "lương hưu", "vien_thong", "SO-KHCN"},
      {"Mất nước sinh hoạt", "nước", "cap_nuoc", "SO-XD"},
      {"Nước sinh hoạt có màu vàng", "nước máy", "cap_nuoc", "SO-XD"},
      {"Đề nghị lắp đặt đường ống cấp nước", "cấp nước", "cap_nuoc", "SO-XD"},
      {"Đề nghị xem xét tuyển sinh lớp 1", "đăng ký thường trú", "giao_duc", "SO-GDDT"},
  };
  for (const Expected& e : kTraps) {
    SCOPED_TRACE(e.title_prefix);
    const gen_internal::Issue* issue = FindIssue(e.title_prefix);
    ASSERT_NE(issue, nullptr) << "template is gone";
    EXPECT_TRUE(Mentions(*issue, e.passing_mention)) << "no longer mentions " << e.passing_mention;
    EXPECT_EQ(issue->topic, e.topic);
    EXPECT_EQ(issue->agency, e.agency);
  }
  // Every tap-water template goes to the water sector, whatever else it mentions.
  for (const auto& [group, issue] : AllIssues()) {
    if (group->code == "cap_nuoc") {
      SCOPED_TRACE(issue->titles[0]);
      EXPECT_EQ(issue->topic, "cap_nuoc");
      EXPECT_EQ(issue->agency, "SO-XD");
    }
  }
}

TEST(PetitionGeneratorTest, EveryLineCarriesAnIntendedTopicAndAgencyOfTheTaxonomy) {
  const Taxonomy& taxonomy = DefaultTaxonomy();
  const Output run = Generate(Options(3000, 17, 0.1));
  ASSERT_EQ(run.topics.size(), 3000u);
  std::set<std::string> seen;
  for (size_t i = 0; i < run.lines.size(); ++i) {
    SCOPED_TRACE(run.keys[i] + " " + run.topics[i] + " " + run.agencies[i]);
    EXPECT_TRUE(taxonomy.topics.contains(run.topics[i])) << "not a taxonomy topic";
    EXPECT_TRUE(taxonomy.agencies.contains(run.agencies[i])) << "not a taxonomy agency";
    seen.insert(run.topics[i]);
    if (run.infos[i].bad) continue;
    Value doc;
    ASSERT_TRUE(ParseJson(run.lines[i], &doc));
    const bool vague = run.topics[i] == taxonomy.unrouted_topic;
    EXPECT_EQ(vague, run.agencies[i] == taxonomy.unrouted_agency);
    if (vague) {
      EXPECT_EQ(doc.Get("topic_hint"), nullptr) << "a vague petition has no category";
    }
  }
  // Every template topic occurs, and so do the vague petitions.
  std::set<std::string> expected = {std::string(gen_internal::kUnroutedTopic)};
  for (const auto& [group, issue] : AllIssues()) expected.emplace(issue->topic);
  EXPECT_EQ(seen, expected);
}

// --now: every petition is submitted in the 60 days before the (UTC+7) day of the instant,
// whatever the instant; 0 keeps the fixed period ending 2026-11-26.
TEST(PetitionGeneratorTest, PetitionsAreDatedInTheSixtyDaysBeforeNow) {
  for (const char* now : {"2031-03-01T00:30:00+07:00", "2026-11-26T00:00:00+07:00"}) {
    GenOptions opts = Options(500, 9);
    opts.end_ms = *ParseRfc3339(now);
    const std::string day_of_now(now, 10);
    const int64_t end = *ParseLocalDate(day_of_now);  // 00:00 +07:00 that day
    int64_t earliest = INT64_MAX, latest = 0;
    for (const std::string& line : GeneratePetitionLines(opts)) {
      const size_t at = line.find("\"submitted_at\"");
      ASSERT_NE(at, std::string::npos) << line.substr(0, 200);
      const size_t from = line.find('"', line.find(':', at)) + 1;  // "key": "value", spaced or not
      const int64_t t = *ParseRfc3339(line.substr(from, line.find('"', from) - from));
      earliest = std::min(earliest, t);
      latest = std::max(latest, t);
    }
    EXPECT_LT(latest, end) << now;
    EXPECT_GE(earliest, end - int64_t{60} * 86'400'000) << now;
    EXPECT_GT(latest, end - int64_t{3} * 86'400'000) << now << ": the last days are used";
  }
  GenOptions fixed = Options(50, 9);
  GenOptions same = Options(50, 9);
  same.end_ms = *ParseRfc3339("2026-11-26T12:00:00+07:00");
  EXPECT_EQ(GeneratePetitionLines(fixed), GeneratePetitionLines(same));
}

TEST(PetitionGeneratorTest, ManifestAppendsTheIntendedTopicAndAgency) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "pakn_gen_manifest_test";
  std::filesystem::create_directories(dir);
  GenCommand cmd;
  cmd.count = 300;
  cmd.seed = 23;
  cmd.bad_ratio = 0.1;
  cmd.oversized_bytes = 64 << 10;
  cmd.now = "2026-11-26T00:00:00+07:00";  // the library's fixed period (GenOptions::end_ms 0)
  cmd.out = (dir / "petitions.jsonl").string();
  cmd.manifest = (dir / "petitions.manifest").string();
  ASSERT_TRUE(RunGen(cmd).ok());
  const Output run = Generate(Options(300, 23, 0.1));
  std::ifstream in(cmd.manifest);
  size_t i = 0;
  for (std::string line; std::getline(in, line); ++i) {
    ASSERT_LT(i, run.infos.size());
    std::vector<std::string> columns;
    for (size_t start = 0;;) {
      const size_t tab = line.find('\t', start);
      columns.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    // index, key, verdict, defect path: unchanged; then the intended topic and agency.
    ASSERT_EQ(columns.size(), 6u) << line;
    EXPECT_EQ(columns[0], std::to_string(i));
    EXPECT_EQ(columns[1], run.keys[i]);
    EXPECT_EQ(columns[2], run.infos[i].bad ? BadKindCode(run.infos[i].kind) : "ok");
    EXPECT_EQ(columns[3], run.fields[i]);
    EXPECT_EQ(columns[4], run.topics[i]);
    EXPECT_EQ(columns[5], run.agencies[i]);
  }
  EXPECT_EQ(i, 300u);
  std::filesystem::remove_all(dir);
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
}  // namespace pakn::gen
