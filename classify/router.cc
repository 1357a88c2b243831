#include "classify/router.h"

#include <fstream>
#include <set>
#include <sstream>

#include "base/strings.h"
#include "base/hash.h"
#include "base/status_macros.h"
#include "config/toml_file.h"
#include "fmt/format.h"

namespace pakn::classify {
StatusOr<RuleSet> ParseRuleSet(std::string_view text, const std::string& name,
                                     const Normalizer& normalizer) {
  PAKN_ASSIGN_OR_RETURN(TomlFile f, TomlFile::FromString(text, name));
  const toml::table& root = f.root();
  PAKN_RETURN_IF_ERROR(f.CheckKeys(root, "", {"defaults", "rule"}));
  RuleSet set;
  set.version = fmt::format("{:016x}", Fnv1a64(text));
  PAKN_ASSIGN_OR_RETURN(const toml::table* defaults, f.GetTable(root, "", "defaults"));
  if (defaults) {
    constexpr std::string_view p = "defaults";
    PAKN_RETURN_IF_ERROR(f.CheckKeys(*defaults, p, {"unrouted_agency", "unrouted_topic",
                                                    "deadline_days"}));
    PAKN_ASSIGN_OR_RETURN(set.unrouted_agency,
                          f.GetString(*defaults, p, "unrouted_agency", set.unrouted_agency));
    PAKN_ASSIGN_OR_RETURN(set.unrouted_topic,
                          f.GetString(*defaults, p, "unrouted_topic", set.unrouted_topic));
    PAKN_ASSIGN_OR_RETURN(int64_t days, f.GetInt(*defaults, p, "deadline_days",
                                                 set.default_deadline_days, 1, 365));
    set.default_deadline_days = static_cast<int>(days);
  }
  const toml::node* rules_node = root.get("rule");
  if (!rules_node) return set;
  const toml::array* rules = rules_node->as_array();
  if (!rules) return f.Error(rules_node, "rule", "expected [[rule]] tables");
  std::set<std::string> ids;
  for (size_t i = 0; i < rules->size(); ++i) {
    const toml::node& node = *rules->get(i);
    const std::string p = StrCat("rule[", i, "]");
    const toml::table* t = node.as_table();
    if (!t) return f.Error(&node, p, "expected a table");
    PAKN_RETURN_IF_ERROR(f.CheckKeys(*t, p, {"id", "description", "keywords", "topic_hints",
                                             "agency", "topic", "priority", "deadline_days"}));
    RoutingRule r;
    PAKN_ASSIGN_OR_RETURN(r.id, f.GetString(*t, p, "id", ""));
    if (r.id.empty()) return f.Error(&node, StrCat(p, ".id"), "required");
    if (!ids.insert(r.id).second)
      return f.Error(t->get("id"), StrCat(p, ".id"),
                     StrCat("duplicate rule id '", r.id, "'"));
    PAKN_ASSIGN_OR_RETURN(r.description, f.GetString(*t, p, "description", ""));
    PAKN_ASSIGN_OR_RETURN(r.keywords, f.GetStrings(*t, p, "keywords"));
    PAKN_ASSIGN_OR_RETURN(r.topic_hints, f.GetStrings(*t, p, "topic_hints"));
    if (r.keywords.empty() && r.topic_hints.empty())
      return f.Error(&node, p, "a rule needs keywords or topic_hints");
    for (const std::string& k : r.keywords) {
      std::string key = normalizer.SearchKey(k);
      if (key.empty())
        return f.Error(t->get("keywords"), StrCat(p, ".keywords"),
                       StrCat("keyword '", k, "' normalizes to nothing"));
      r.keyword_keys.push_back(std::move(key));
    }
    PAKN_ASSIGN_OR_RETURN(r.agency, f.GetString(*t, p, "agency", ""));
    if (r.agency.empty()) return f.Error(&node, StrCat(p, ".agency"), "required");
    PAKN_ASSIGN_OR_RETURN(r.topic, f.GetString(*t, p, "topic", ""));
    if (r.topic.empty()) return f.Error(&node, StrCat(p, ".topic"), "required");
    PAKN_ASSIGN_OR_RETURN(r.priority, f.GetString(*t, p, "priority", r.priority));
    if (r.priority != "low" && r.priority != "normal" && r.priority != "high" &&
        r.priority != "urgent")
      return f.Error(t->get("priority"), StrCat(p, ".priority"),
                     "expected low, normal, high or urgent");
    PAKN_ASSIGN_OR_RETURN(int64_t days, f.GetInt(*t, p, "deadline_days",
                                                 set.default_deadline_days, 1, 365));
    r.deadline_days = static_cast<int>(days);
    set.rules.push_back(std::move(r));
  }
  return set;
}

StatusOr<RuleSet> LoadRuleSet(const std::string& path, const Normalizer& normalizer) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(StrCat(path, ": cannot open the rule file"));
  std::stringstream buf;
  buf << in.rdbuf();
  return ParseRuleSet(buf.str(), path, normalizer);
}

Router::Router(RuleSet rules) : rules_(std::move(rules)) {
  for (uint32_t r = 0; r < rules_.rules.size(); ++r) {
    const RoutingRule& rule = rules_.rules[r];
    for (uint32_t k = 0; k < rule.keyword_keys.size(); ++k) {
      std::vector<std::string_view> words = Terms(rule.keyword_keys[k]);
      if (words.empty()) continue;
      KeywordRef ref{r, k, {}};
      for (size_t w = 1; w < words.size(); ++w) ref.rest.emplace_back(words[w]);
      by_first_word_[std::string(words[0])].push_back(std::move(ref));
    }
  }
}

RouteDecision Router::Route(std::string_view search_key, std::string_view topic_hint) const {
  constexpr uint32_t kNone = UINT32_MAX;
  uint32_t best_rule = kNone, best_keyword = kNone;
  std::string matched;
  bool by_hint = false;
  if (!topic_hint.empty()) {
    for (uint32_t r = 0; r < rules_.rules.size() && best_rule == kNone; ++r)
      for (const auto& h : rules_.rules[r].topic_hints)
        if (h == topic_hint) {
          best_rule = r;
          by_hint = true;
          matched = StrCat("topic_hint:", h);
        }
  }
  const std::vector<std::string_view> words = Terms(search_key);
  std::string first;  // reused lookup buffer
  for (size_t i = 0; i < words.size(); ++i) {
    first.assign(words[i]);
    auto it = by_first_word_.find(first);
    if (it == by_first_word_.end()) continue;
    for (const KeywordRef& ref : it->second) {
      // Only a rule before the best so far, or the same rule's earlier keyword, can improve
      // the decision; a topic hint stays the reported reason of its rule.
      if (ref.rule > best_rule ||
          (ref.rule == best_rule && (by_hint || ref.keyword >= best_keyword)))
        continue;
      if (ref.rest.size() > words.size() - 1 - i) continue;
      bool all = true;
      for (size_t w = 0; w < ref.rest.size() && all; ++w) all = words[i + 1 + w] == ref.rest[w];
      if (!all) continue;
      if (ref.rule < best_rule) by_hint = false;
      best_rule = ref.rule;
      best_keyword = ref.keyword;
    }
  }
  if (best_rule == kNone)
    return RouteDecision{"", rules_.unrouted_agency, rules_.unrouted_topic, "normal",
                         rules_.default_deadline_days, "", rules_.version};
  const RoutingRule& r = rules_.rules[best_rule];
  if (!by_hint) matched = r.keywords[best_keyword];
  return RouteDecision{r.id, r.agency, r.topic, r.priority, r.deadline_days, std::move(matched),
                       rules_.version};
}

}  // namespace pakn::classify
