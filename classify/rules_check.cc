// The checker's cross-reference and rule-interaction findings (docs/routing.md "The checker").
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "base/strings.h"
#include "classify/rules_internal.h"

namespace pakn::classify::rules_internal {
namespace {

using Severity = RuleFinding::Severity;

void Add(std::vector<RuleFinding>& out, Severity severity, std::string file, int line,
         std::string key, std::string message) {
  out.push_back(RuleFinding{severity, std::move(file), line, std::move(key), std::move(message)});
}

std::string Where(const std::string& file, int line) { return StrCat(file, ":", line); }

bool IsDigits(std::string_view s, size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Every contiguous run of syllables of a search key ("a b c" → a, a b, a b c, b, b c, c).
std::vector<std::string> SubPhrases(std::string_view key) {
  const std::vector<std::string_view> terms = Terms(key);
  std::vector<std::string> out;
  for (size_t i = 0; i < terms.size(); ++i) {
    std::string phrase;
    for (size_t j = i; j < terms.size(); ++j) {
      if (j > i) phrase.push_back(' ');
      phrase.append(terms[j]);
      out.push_back(phrase);
    }
  }
  return out;
}

bool ContainedInAny(std::string_view inner, const std::vector<KeywordSpec>& outers) {
  return std::any_of(outers.begin(), outers.end(),
                     [&](const KeywordSpec& o) { return KeyContains(o.key, inner); });
}

bool FieldImplied(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty()) return true;
  if (b.empty()) return false;
  return std::all_of(b.begin(), b.end(), [&](const std::string& v) {
    return std::find(a.begin(), a.end(), v) != a.end();
  });
}

// True when every input that matches `b` also matches `a` (sound, not complete: see
// docs/routing.md "The checker").
bool Implies(const RuleSpec& b, const RuleSpec& a) {
  if (!a.any.empty()) {
    // Weights of a's `any` keywords guaranteed by b's `all`, and, for each keyword b may have
    // matched its `any` with, by that keyword too; b guarantees the minimum over those.
    auto guaranteed = [&](const KeywordSpec* extra) {
      int score = 0;
      for (const KeywordSpec& k : a.any)
        if (ContainedInAny(k.key, b.all) || (extra && KeyContains(extra->key, k.key)))
          score += k.weight;
      return score;
    };
    bool ok = guaranteed(nullptr) >= a.min_score;
    if (!ok && !b.any.empty()) {
      ok = std::all_of(b.any.begin(), b.any.end(),
                       [&](const KeywordSpec& k) { return guaranteed(&k) >= a.min_score; });
    }
    if (!ok) return false;
  }
  for (const KeywordSpec& k : a.all) {
    const bool in_all = ContainedInAny(k.key, b.all);
    const bool in_every_any =
        !b.any.empty() && std::all_of(b.any.begin(), b.any.end(), [&](const KeywordSpec& o) {
          return KeyContains(o.key, k.key);
        });
    if (!in_all && !in_every_any) return false;
  }
  for (const KeywordSpec& n : a.none) {
    // b excludes some phrase contained in n, so n cannot be present either.
    if (!std::any_of(b.none.begin(), b.none.end(),
                     [&](const KeywordSpec& m) { return KeyContains(n.key, m.key); }))
      return false;
  }
  if (!a.regex.empty()) {
    if (b.regex.empty()) return false;
    for (const std::string& r : b.regex)
      if (std::find(a.regex.begin(), a.regex.end(), r) == a.regex.end()) return false;
  }
  return FieldImplied(a.channel, b.channel) && FieldImplied(a.kind, b.kind) &&
         FieldImplied(a.topic_hint, b.topic_hint) && FieldImplied(a.province, b.province) &&
         FieldImplied(a.ward, b.ward);
}

// Why a rule can never match, or "".
std::string NeverMatches(const RuleSpec& r, const PlaceIndex* places) {
  for (const KeywordSpec& n : r.none) {
    for (const KeywordSpec& k : r.all)
      if (KeyContains(k.key, n.key))
        return StrCat("can never match: every text with its `all` keyword '", k.text,
                      "' contains its `none` keyword '", n.text, "'");
  }
  if (!r.any.empty()) {
    int reachable = 0;
    for (const KeywordSpec& k : r.any) {
      const bool blocked = std::any_of(r.none.begin(), r.none.end(), [&](const KeywordSpec& n) {
        return KeyContains(k.key, n.key);
      });
      if (!blocked) reachable += k.weight;
    }
    if (reachable < r.min_score)
      return StrCat("can never match: its `any` keywords not excluded by `none` weigh ",
                    reachable, " in all, below min_score = ", r.min_score);
  }
  if (places && !r.province.empty() && !r.ward.empty()) {
    const bool some = std::any_of(r.ward.begin(), r.ward.end(), [&](const std::string& w) {
      const std::string_view p = places->WardProvinceCode(w);
      return std::find(r.province.begin(), r.province.end(), p) != r.province.end();
    });
    if (!some) return "can never match: none of its wards is in one of its provinces";
  }
  return "";
}

}  // namespace

void CheckRuleSet(const RuleSetSpec& spec, const PlaceIndex* places,
                  std::vector<RuleFinding>& findings) {
  // Taxonomy: unique codes, known parents, no cycles.
  std::unordered_map<std::string, size_t> agencies, topics, policies;
  for (size_t i = 0; i < spec.agencies.size(); ++i) {
    const Located& at = spec.agency_at[i];
    auto [it, fresh] = agencies.emplace(spec.agencies[i].code, i);
    if (!fresh && !spec.agencies[i].code.empty())
      Add(findings, Severity::kError, at.file, at.line, at.path + ".code",
          StrCat("duplicate agency code '", spec.agencies[i].code, "'; first defined at ",
                 Where(spec.agency_at[it->second].file, spec.agency_at[it->second].line)));
  }
  for (size_t i = 0; i < spec.agencies.size(); ++i) {
    const Agency& a = spec.agencies[i];
    const Located& at = spec.agency_at[i];
    if (a.parent.empty()) continue;
    if (!agencies.count(a.parent)) {
      Add(findings, Severity::kError, at.file, at.line, at.path + ".parent",
          StrCat("unknown agency '", a.parent, "'; expected the code of an [[agency]]"));
      continue;
    }
    std::set<std::string> seen{a.code};
    for (std::string p = a.parent; !p.empty();) {
      if (!seen.insert(p).second) {
        Add(findings, Severity::kError, at.file, at.line, at.path + ".parent",
            StrCat("agency '", a.code, "' is its own ancestor; expected a tree of parents"));
        break;
      }
      auto it = agencies.find(p);
      p = it == agencies.end() ? "" : spec.agencies[it->second].parent;
    }
  }
  for (size_t i = 0; i < spec.topics.size(); ++i) {
    const Located& at = spec.topic_at[i];
    auto [it, fresh] = topics.emplace(spec.topics[i].code, i);
    if (!fresh && !spec.topics[i].code.empty())
      Add(findings, Severity::kError, at.file, at.line, at.path + ".code",
          StrCat("duplicate topic code '", spec.topics[i].code, "'; first defined at ",
                 Where(spec.topic_at[it->second].file, spec.topic_at[it->second].line)));
  }
  for (size_t i = 0; i < spec.policies.size(); ++i) {
    const Located& at = spec.policy_at[i];
    auto [it, fresh] = policies.emplace(spec.policies[i].code, i);
    if (!fresh && !spec.policies[i].code.empty())
      Add(findings, Severity::kError, at.file, at.line, at.path + ".code",
          StrCat("duplicate deadline policy '", spec.policies[i].code, "'; first defined at ",
                 Where(spec.policy_at[it->second].file, spec.policy_at[it->second].line)));
  }

  auto unknown = [&](const std::string& file, int line, const std::string& key,
                     std::string_view what, const std::string& value, std::string_view table) {
    Add(findings, Severity::kError, file, line, key,
        StrCat("unknown ", what, " '", value, "'; expected the code of a [[", table, "]]"));
  };
  if (spec.has_defaults) {
    const auto line = [&](const char* k) {
      auto it = spec.defaults_key_lines.find(k);
      return it == spec.defaults_key_lines.end() ? spec.defaults_at.line : it->second;
    };
    const std::string& f = spec.defaults_at.file;
    if (!spec.unrouted_agency.empty() && !agencies.count(spec.unrouted_agency))
      unknown(f, line("unrouted_agency"), "defaults.unrouted_agency", "agency",
              spec.unrouted_agency, "agency");
    if (!spec.unrouted_topic.empty() && !topics.count(spec.unrouted_topic))
      unknown(f, line("unrouted_topic"), "defaults.unrouted_topic", "topic", spec.unrouted_topic,
              "topic");
    if (!spec.default_deadline.empty() && !policies.count(spec.default_deadline))
      unknown(f, line("deadline"), "defaults.deadline", "deadline policy", spec.default_deadline,
              "deadline_policy");
  }

  for (size_t i = 0; i < spec.topics.size(); ++i)
    if (!spec.topics[i].agency.empty() && !agencies.count(spec.topics[i].agency))
      unknown(spec.topic_at[i].file, spec.topic_at[i].line, spec.topic_at[i].path + ".agency",
              "agency", spec.topics[i].agency, "agency");

  auto check_province = [&](const RuleSpec& r, const std::string& key, const std::string& code) {
    const bool known = places ? places->ProvinceNameByCode(code) != nullptr : IsDigits(code, 2);
    if (!known)
      Add(findings, Severity::kError, r.file, r.LineOf(key), StrCat(r.path, ".", key),
          StrCat("unknown province code '", code, "'; expected one of the 34 2025 province "
                 "codes (2 digits, e.g. \"01\" Hà Nội, \"79\" Hồ Chí Minh)"));
  };

  // Rules: ids, references, area codes, never-matching rules.
  std::unordered_map<std::string, size_t> ids;
  for (size_t i = 0; i < spec.rules.size(); ++i) {
    const RuleSpec& r = spec.rules[i];
    if (!r.id.empty()) {
      auto [it, fresh] = ids.emplace(r.id, i);
      if (!fresh) {
        const RuleSpec& first = spec.rules[it->second];
        Add(findings, Severity::kError, r.file, r.LineOf("id"), r.path + ".id",
            StrCat("duplicate rule id '", r.id, "'; first used at ",
                   Where(first.file, first.LineOf("id"))));
      }
    }
    if (!r.topic.empty() && !topics.count(r.topic))
      unknown(r.file, r.LineOf("topic"), r.path + ".topic", "topic", r.topic, "topic");
    if (!r.agency.empty() && !agencies.count(r.agency))
      unknown(r.file, r.LineOf("agency"), r.path + ".agency", "agency", r.agency, "agency");
    if (!r.deadline.empty() && !policies.count(r.deadline))
      unknown(r.file, r.LineOf("deadline"), r.path + ".deadline", "deadline policy", r.deadline,
              "deadline_policy");
    for (const auto& [code, agency] : r.agency_by_province) {
      check_province(r, "agency_by_province", code);
      if (!agencies.count(agency))
        unknown(r.file, r.LineOf("agency_by_province"),
                StrCat(r.path, ".agency_by_province.\"", code, "\""), "agency", agency, "agency");
    }
    for (const std::string& code : r.province) check_province(r, "province", code);
    for (const std::string& code : r.ward) {
      const bool known = places ? !places->WardProvinceCode(code).empty() : IsDigits(code, 5);
      if (!known)
        Add(findings, Severity::kError, r.file, r.LineOf("ward"), r.path + ".ward",
            StrCat("unknown ward code '", code, "'; expected the 5-digit code of a 2025 "
                   "ward, commune or special zone"));
    }
    if (std::string why = NeverMatches(r, places); !why.empty())
      Add(findings, Severity::kError, r.file, r.line, r.path,
          StrCat("rule '", r.id, "' ", why));
  }

  // Keywords that two topics share: evidence for both, so the scores decide between them
  // (a warning: sometimes intended, e.g. "cấp nước" in water supply and in drainage texts).
  {
    std::map<std::string, std::vector<size_t>> topics_of;  // key -> primary rules using it
    for (size_t i = 0; i < spec.rules.size(); ++i) {
      const RuleSpec& r = spec.rules[i];
      if (!r.primary || r.topic.empty()) continue;
      for (const auto* list : {&r.any, &r.all})
        for (const KeywordSpec& k : *list) {
          auto& v = topics_of[k.key];
          if (v.empty() || spec.rules[v.back()].id != r.id) v.push_back(i);
        }
    }
    for (const auto& [key, users] : topics_of) {
      const RuleSpec& first = spec.rules[users.front()];
      for (size_t j = 1; j < users.size(); ++j) {
        const RuleSpec& r = spec.rules[users[j]];
        if (r.topic == first.topic) continue;
        std::string text;
        for (const auto* list : {&r.any, &r.all})
          for (const KeywordSpec& k : *list)
            if (k.key == key && text.empty()) text = k.text;
        Add(findings, Severity::kWarning, r.file, r.line, r.path,
            StrCat("keyword '", text, "' of rule '", r.id, "' (topic ", r.topic,
                   ") is also evidence for rule '", first.id, "' (topic ", first.topic, ", ",
                   Where(first.file, first.line), "); the scores decide between them"));
        break;
      }
    }
  }

  // Shadowed rules: a primary rule b that a decisive primary rule a always beats (a matches
  // every petition b matches and b is not decisive). Between rules that are not decisive the
  // evidence decides, so no such rule is shadowed. Candidates for a are found through an
  // index of keywords, so the check stays near-linear.
  std::unordered_map<std::string, std::vector<size_t>> by_keyword;  // any/all key -> rules
  std::vector<size_t> keywordless;  // decisive primary rules without any/all keywords
  for (size_t i = 0; i < spec.rules.size(); ++i) {
    const RuleSpec& r = spec.rules[i];
    if (!r.primary || !r.decisive) continue;
    if (r.any.empty() && r.all.empty()) keywordless.push_back(i);
    for (const auto* list : {&r.any, &r.all})
      for (const KeywordSpec& k : *list) by_keyword[k.key].push_back(i);
  }
  for (size_t bi = 0; bi < spec.rules.size(); ++bi) {
    const RuleSpec& b = spec.rules[bi];
    if (!b.primary || b.decisive) continue;
    std::vector<size_t> candidates;
    for (size_t ai : keywordless) candidates.push_back(ai);
    for (const auto* list : {&b.any, &b.all})
      for (const KeywordSpec& k : *list)
        for (const std::string& sub : SubPhrases(k.key))
          if (auto it = by_keyword.find(sub); it != by_keyword.end())
            for (size_t ai : it->second) candidates.push_back(ai);
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (size_t ai : candidates) {
      const RuleSpec& a = spec.rules[ai];
      if (ai == bi || !Implies(b, a)) continue;
      Add(findings, Severity::kError, b.file, b.line, b.path,
          StrCat("rule '", b.id, "' can never be the primary route: rule '", a.id, "' (",
                 Where(a.file, a.line), ") is decisive and matches every petition this one "
                 "matches; narrow that rule, make this one decisive too, or set primary = false"));
      break;
    }
  }
}

}  // namespace pakn::classify::rules_internal
