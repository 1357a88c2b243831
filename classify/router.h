// The outcome of routing a petition (classify/rules.h makes it; the store keeps it with the
// record and the `routed` history event, store/record.h WriteRouteMembers).
#pragma once

#include <string>
#include <vector>

namespace pakn::classify {

struct RouteDecision {
  std::string rule_id;        // the primary rule; "" when no rule matched (unrouted)
  std::string agency;         // agency code (taxonomy.toml), e.g. "SO-XD"
  std::string topic;          // topic code, or the unrouted topic
  std::string priority;       // low | normal | high | urgent
  int deadline_days = 0;      // of the deadline policy
  std::string matched;        // the keyword, field or pattern that decided
  std::string ruleset_version;  // 16 hex digits: which rule set decided (live reloads)
  std::string deadline_policy;  // code of the rule's deadline policy
  std::string agency_area;      // province code (or ward code) whose `agency` is meant;
                                // "" for a national agency or an unknown area
  std::vector<std::string> tags;          // of every matching rule, evaluation order, no repeats
  std::vector<std::string> also_matched;  // ids of the other matching rules, evaluation order
  // The evidence (docs/routing.md "Semantics"): the chosen rule's score (keywords weighted,
  // title terms counted `title_weight` times, `less` terms subtracted) and its margin over the
  // best primary rule of another topic (the score itself when no other topic matched).
  int score = 0;
  int margin = 0;
  bool decisive = false;  // the chosen rule is marked decisive
  // How it was decided: "rule" (rules alone: no model), "decisive", "rule+model" (they agree),
  // "rule-margin" (the rules' margin holds against the model), "model" (the model alone, or
  // over weak rules, at its configured confidence), "triage" (they disagree, or both are weak:
  // the unrouted topic and agency, with candidates), "unrouted" (no rule, no model).
  std::string method;
  std::string model_version;  // "" without a model
  std::string model_topic;    // the model's first choice and its probability
  double model_probability = 0;
  struct Candidate {
    std::string source;  // "rules" | "model"
    std::string topic, agency;
    double score = 0;  // the rule's score, or the model's probability
  };
  std::vector<Candidate> candidates;  // triage only: the top three of each, best guess first
};

}  // namespace pakn::classify
