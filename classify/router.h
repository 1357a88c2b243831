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
};

}  // namespace pakn::classify
