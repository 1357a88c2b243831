// Every file of nst/JSONTestSuite's test_parsing corpus (tests/data/jsontestsuite, MIT) through
// the petition parser: malformed JSON is invalid_json with the byte where it goes wrong (or
// invalid_utf8 / oversized, which the documented order checks first), valid JSON is refused for
// petition reasons, and what the standard leaves open is never called malformed when it is
// valid JSON.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "model/petition_parser.h"

#ifndef PAKN_SOURCE_DIR
#error "PAKN_SOURCE_DIR must be defined"
#endif

namespace pakn {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string name, bytes;
};

std::vector<Case> Corpus() {
  std::vector<Case> out;
  for (const auto& e : fs::directory_iterator(PAKN_SOURCE_DIR "/tests/data/jsontestsuite")) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".json") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream b;
    b << in.rdbuf();
    out.push_back({name, b.str()});
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return out;
}

Rejection Reject(const std::string& bytes) {
  PetitionParserOptions o;
  o.max_message_bytes = 1 << 20;
  PetitionParser parser(o);
  ParseResult r = parser.Parse(bytes);
  if (auto* rej = std::get_if<Rejection>(&r)) return *rej;
  return Rejection{};  // no JSONTestSuite document is a petition
}

TEST(JsonTestSuiteTest, EveryFileGetsTheRightCodeAndReason) {
  const std::vector<Case> corpus = Corpus();
  ASSERT_EQ(corpus.size(), 318u);
  std::map<std::string, std::map<std::string, int>> table;  // class -> code -> files
  for (const Case& c : corpus) {
    const Rejection r = Reject(c.bytes);
    const std::string code(RejectCodeName(r.code));
    const char kind = c.name[0];
    table[std::string(1, kind)][r.reason.empty() ? "accepted" : code]++;
    ASSERT_FALSE(r.reason.empty()) << c.name << " was accepted as a petition";
    const bool malformed = r.code == RejectCode::kInvalidJson;
    if (kind == 'n') {
      // Malformed: invalid_json, unless the bytes are not UTF-8 (checked first).
      EXPECT_TRUE(malformed || r.code == RejectCode::kInvalidUtf8) << c.name << ": " << r.reason;
      if (malformed) {
        const bool located = r.reason.find("malformed JSON at byte ") != std::string::npos ||
                             r.reason.find("byte order mark") != std::string::npos ||
                             r.reason.find("NUL byte at byte") != std::string::npos ||
                             r.reason.find("no JSON value") != std::string::npos;
        EXPECT_TRUE(located) << c.name << ": " << r.reason;
        EXPECT_EQ(r.field, "$") << c.name;
      }
    } else if (kind == 'y') {
      EXPECT_FALSE(malformed) << c.name << " is valid JSON: " << r.reason;
      EXPECT_TRUE(r.code == RejectCode::kWrongType || r.code == RejectCode::kMissingField ||
                  r.code == RejectCode::kBadValue)
          << c.name << ": " << r.reason;
    } else {
      // i_: either way, but a valid document is never called malformed: the ones simdjson
      // cannot load are named (a number out of range, a lone surrogate).
      if (c.name.find("number") != std::string::npos) {
        EXPECT_FALSE(malformed) << c.name << ": a number is valid JSON syntax: " << r.reason;
      }
      if (c.name.find("surrogate") != std::string::npos &&
          c.name.find("UTF-8") == std::string::npos && c.name.find("utf") == std::string::npos) {
        EXPECT_FALSE(malformed) << c.name << ": " << r.reason;
      }
    }
  }
  for (const auto& [kind, codes] : table) {
    std::string line = kind + "_:";
    for (const auto& [code, n] : codes) line += " " + code + " " + std::to_string(n);
    std::cout << line << "\n";
  }
}

TEST(JsonTestSuiteTest, ReasonsNameTheByteAndWhatWasFound) {
  EXPECT_EQ(Reject("[1,]").reason,
            "invalid_json: $: malformed JSON at byte 3: expected a value (object, array, string, "
            "number, true, false or null), found ']'");
  EXPECT_EQ(Reject("{}}").reason,
            "invalid_json: $: malformed JSON at byte 2: expected the end of the JSON text after "
            "the value, found '}'");
  EXPECT_EQ(Reject("{\"x\", null}").reason,
            "invalid_json: $: malformed JSON at byte 4: expected ':' after a member's name, found "
            "','");
  EXPECT_EQ(Reject("[").reason,
            "invalid_json: $: malformed JSON at byte 1: expected a value, found the end of the "
            "text");
  EXPECT_EQ(Reject("{\"schema_version\": 1, \"a\": 1e400}").reason,
            "bad_value: $.a: expected a number within ±1.7976931348623157e308, got 1e400");
  EXPECT_EQ(Reject("{\"schema_version\": 1, \"t\": \"\\uD800x\"}").reason,
            "bad_value: $.t: expected text, got the escape \\uD800 at byte 28: half of a surrogate "
            "pair without its other half is no Unicode character");
  EXPECT_EQ(Reject("[1e400]").code, RejectCode::kBadValue);  // valid JSON, not malformed
}

}  // namespace
}  // namespace pakn
