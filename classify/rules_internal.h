// Internals of the rule engine (classify/rules.h): the parsed form of the rule files, shared by
// the parser (rules_format.cc), the checker (rules_check.cc) and the compiler
// (rules_engine.cc). Not part of the public interface.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "classify/normalizer.h"
#include "classify/places.h"
#include "classify/rules.h"

namespace pakn::classify::rules_internal {

inline constexpr int64_t kDefaultOrder = 1000;
inline constexpr size_t kMaxAllKeywords = 64;  // `all` is tracked as a 64-bit mask
inline constexpr int kMaxWeight = 100;
inline constexpr int kMaxTitleWeight = 10;
inline constexpr size_t kMaxKeywordsPerList = 4096;

struct KeywordSpec {
  std::string text;  // as written
  std::string key;   // its search key
  int weight = 1;    // `any` only
};

struct RuleSpec {
  std::string id, description;
  std::string file;
  std::string path;  // "rule[3]": the TOML path used in findings
  int line = 0;      // of the rule's first key
  std::map<std::string, int> key_lines;  // key -> line, for findings
  int64_t order = kDefaultOrder;
  bool primary = true;
  bool decisive = false;  // a matching decisive rule beats every rule that is not
  std::vector<KeywordSpec> any, all, none;
  std::vector<KeywordSpec> less;  // soft negative evidence: lowers the score, never excludes
  int min_score = 1;
  std::vector<std::string> regex;
  std::vector<std::string> channel, kind, topic_hint, province, ward;
  std::string topic, agency;
  std::vector<std::pair<std::string, std::string>> agency_by_province;  // code, agency
  std::string priority;  // "" = the default (primary) / no change (non-primary)
  std::string deadline;  // policy code; "" = the default
  std::vector<std::string> tags;

  int LineOf(const std::string& key) const {
    auto it = key_lines.find(key);
    return it == key_lines.end() ? line : it->second;
  }
  bool HasPositiveCondition() const {
    return !any.empty() || !all.empty() || !regex.empty() || !channel.empty() || !kind.empty() ||
           !topic_hint.empty() || !province.empty() || !ward.empty();
  }
};

struct Located {
  std::string file;
  int line = 0;
  std::string path;  // "agency[2]"
};

struct RuleSetSpec {
  std::vector<Agency> agencies;
  std::vector<Located> agency_at;  // parallel to agencies
  std::vector<Topic> topics;
  std::vector<Located> topic_at;
  std::vector<DeadlinePolicyRule> policies;
  std::vector<Located> policy_at;
  std::string default_deadline, default_priority = "normal";
  int title_weight = 2;                   // a keyword found in the title counts this many times
  std::vector<KeywordSpec> not_evidence;  // phrases whose words are never evidence
  std::string unrouted_agency, unrouted_topic;
  Located defaults_at;
  std::map<std::string, int> defaults_key_lines;
  bool has_defaults = false;
  RouterSettings router;
  std::string model_text, model_name;  // DIR/model.txt, when there is one
  std::vector<RuleSpec> rules;  // evaluation order: stable by `order`, then load order
  std::vector<std::string> file_names;
  std::string version;
};

// Parses the files in order. Every syntax error, wrong type, unknown or missing key, value out
// of range, keyword that normalizes to nothing and invalid regex is added to `findings`; what
// could be read is returned either way (the checker goes on with it).
RuleSetSpec ParseRuleFiles(std::span<const RuleFileText> files, const Normalizer& normalizer,
                           std::vector<RuleFinding>& findings);

// Cross-references and rule interactions: duplicate codes and ids, unknown agencies, topics,
// deadline policies and area codes, parent cycles, rules that can never match and rules that
// can never be the primary route (docs/routing.md "The checker").
void CheckRuleSet(const RuleSetSpec& spec, const PlaceIndex* places,
                  std::vector<RuleFinding>& findings);

bool IsPriority(std::string_view p);
int PriorityRank(std::string_view p);  // low 0 .. urgent 3; -1 when not a priority

// True when the search key `inner` occurs in the search key `outer` at syllable boundaries, so
// that any text containing the keyword `outer` also contains the keyword `inner`.
bool KeyContains(std::string_view outer, std::string_view inner);

}  // namespace pakn::classify::rules_internal
