// Routing, first version: rules from a TOML file (config/rules.toml; format in
// docs/configuration.md) map keywords and topic hints to an agency, a topic, a priority and a
// deadline in days. The first matching rule in file order wins; a petition that matches no rule
// goes to the explicit `unrouted` topic of the file's [defaults], never dropped.
//
// Keywords are normalized to search keys when the rules are loaded and matched on the
// petition's search key (title + content) at word boundaries: the keyword "xe" does not match
// "xet". Matching walks the key's words once and looks each word up in a hash index of the
// keywords' first words, so the cost grows with the text, not with the number of keywords.
// Superseded by the rule engine of classify/rules.h (issue 4); kept until ingest switches.
//
// Thread safety: a Router is immutable after construction; Route() may run on many threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "classify/normalizer.h"

namespace pakn::classify {

struct RoutingRule {
  std::string id;
  std::string description;
  std::vector<std::string> keywords;     // as written
  std::vector<std::string> keyword_keys; // their search keys (words separated by one space)
  std::vector<std::string> topic_hints;  // exact topic_hint values that also match
  std::string agency;
  std::string topic;
  std::string priority = "normal";       // low | normal | high | urgent
  int deadline_days = 20;
};

struct RuleSet {
  std::vector<RoutingRule> rules;
  std::string unrouted_agency = "unrouted";
  std::string unrouted_topic = "unrouted";
  int default_deadline_days = 20;
  std::string version;  // 16 hex digits of a hash of the rule file's bytes
};

struct RouteDecision {
  std::string rule_id;        // "" when unrouted
  std::string agency;
  std::string topic;
  std::string priority;
  int deadline_days = 0;
  std::string matched;        // the keyword or "topic_hint:<value>" that decided
  std::string ruleset_version;
  // Filled by the rule engine (classify/rules.h); the first Router leaves them empty.
  std::string deadline_policy;            // code of the rule's deadline policy
  std::string agency_area;                // province code (or ward code) whose `agency` is meant;
                                          // "" for a national agency or an unknown area
  std::vector<std::string> tags;          // of every matching rule, evaluation order, no repeats
  std::vector<std::string> also_matched;  // ids of the other matching rules, evaluation order
};

// Loads and validates a rule file; errors name the file, the line and the key.
StatusOr<RuleSet> LoadRuleSet(const std::string& path, const Normalizer& normalizer);
StatusOr<RuleSet> ParseRuleSet(std::string_view text, const std::string& name,
                                     const Normalizer& normalizer);

class Router {
 public:
  explicit Router(RuleSet rules);

  // `search_key` is the petition's normalized title and content (Normalizer::SearchKey).
  RouteDecision Route(std::string_view search_key, std::string_view topic_hint) const;

  const RuleSet& rules() const { return rules_; }

 private:
  struct KeywordRef {
    uint32_t rule;     // index in rules_.rules: lower wins
    uint32_t keyword;  // index in the rule's keywords: lower is reported
    std::vector<std::string> rest;  // the keyword's words after the first
  };
  RuleSet rules_;
  std::unordered_map<std::string, std::vector<KeywordRef>> by_first_word_;
};

}  // namespace pakn::classify
