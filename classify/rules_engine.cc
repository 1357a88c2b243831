// Compiling a checked RuleSetSpec into the automaton and evaluating petitions against it.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "base/strings.h"
#include "classify/rules.h"
#include "classify/rules_internal.h"
#include "classify/token_automaton.h"
#include "re2/re2.h"
#include "re2/set.h"

namespace pakn::classify {
namespace rules_internal {

enum Role : uint8_t { kAny, kAll, kNone, kRegex, kCandidate };

struct Posting {
  uint32_t rule;
  uint8_t role;
  uint16_t slot;    // index of the keyword (or regex) in its list
  uint16_t weight;  // any only
};

struct CompiledRule {
  RuleSpec spec;
  std::string priority;  // resolved ("" for a non-primary rule that does not raise it)
  std::string deadline;  // resolved policy code
  int deadline_days = 0;
  uint64_t all_mask = 0;  // one bit per `all` keyword
};

struct CompiledRules {
  std::vector<CompiledRule> rules;  // evaluation order
  TokenAutomaton automaton;
  std::vector<uint32_t> posting_begin;  // pattern -> first posting; size patterns + 1
  std::vector<Posting> postings;
  std::unique_ptr<RE2::Set> regex_set;
  std::vector<std::vector<std::pair<uint32_t, uint16_t>>> regex_rules;  // regex -> (rule, slot)
  std::vector<uint32_t> keywordless;  // rules with no any/all/regex: evaluated every time
  std::unordered_map<std::string, Agency> agencies;
  std::unordered_map<std::string, Topic> topics;
  std::unordered_map<std::string, DeadlinePolicyRule> policies;
  std::string unrouted_agency, unrouted_topic, default_priority, default_deadline;
  int default_deadline_days = 20;
  std::string version;
  std::vector<std::string> file_names;
};

namespace {

// Per-thread buffers of one evaluation, reused to keep Route() free of most allocations.
struct Scratch {
  std::vector<uint32_t> patterns;
  std::vector<TokenAutomaton::Hit> hits;
  std::vector<Posting> events;
  std::vector<int> regex_ids;
};

struct RuleOutcome {
  uint32_t rule;
  int score;
  int first_any;    // lowest matched `any` slot, or -1
  int first_regex;  // lowest matched regex slot, or -1
};

bool In(const std::vector<std::string>& values, std::string_view v) {
  if (v.empty()) return false;
  return std::find(values.begin(), values.end(), v) != values.end();
}

bool FieldsMatch(const RuleSpec& r, const RouteInput& in) {
  return (r.channel.empty() || In(r.channel, in.channel)) &&
         (r.kind.empty() || In(r.kind, in.kind)) &&
         (r.topic_hint.empty() || In(r.topic_hint, in.topic_hint)) &&
         (r.province.empty() || In(r.province, in.province_code)) &&
         (r.ward.empty() || In(r.ward, in.ward_code));
}

// The matching rules in evaluation order. Fills scratch.hits when `with_hits`.
std::vector<RuleOutcome> Evaluate(const CompiledRules& c, const RouteInput& in, Scratch& s,
                                  bool with_hits) {
  s.patterns.clear();
  s.hits.clear();
  s.events.clear();
  c.automaton.Scan(in.search_key, [&](const TokenAutomaton::Hit& h) {
    s.patterns.push_back(h.pattern);
    if (with_hits) s.hits.push_back(h);
  });
  std::sort(s.patterns.begin(), s.patterns.end());
  s.patterns.erase(std::unique(s.patterns.begin(), s.patterns.end()), s.patterns.end());
  for (uint32_t p : s.patterns)
    s.events.insert(s.events.end(), c.postings.begin() + c.posting_begin[p],
                    c.postings.begin() + c.posting_begin[p + 1]);
  if (c.regex_set) {
    s.regex_ids.clear();
    c.regex_set->Match(in.search_key, &s.regex_ids);
    for (int id : s.regex_ids)
      for (const auto& [rule, slot] : c.regex_rules[static_cast<size_t>(id)])
        s.events.push_back(Posting{rule, kRegex, slot, 0});
  }
  for (uint32_t r : c.keywordless) s.events.push_back(Posting{r, kCandidate, 0, 0});
  std::sort(s.events.begin(), s.events.end(), [](const Posting& a, const Posting& b) {
    return a.rule != b.rule ? a.rule < b.rule : a.role < b.role;
  });

  std::vector<RuleOutcome> matched;
  for (size_t i = 0; i < s.events.size();) {
    const uint32_t r = s.events[i].rule;
    int score = 0, first_any = -1, first_regex = -1;
    uint64_t all = 0;
    bool none = false, regex = false;
    for (; i < s.events.size() && s.events[i].rule == r; ++i) {
      const Posting& e = s.events[i];
      switch (e.role) {
        case kAny:
          score += e.weight;
          if (first_any < 0 || e.slot < first_any) first_any = e.slot;
          break;
        case kAll: all |= uint64_t{1} << e.slot; break;
        case kNone: none = true; break;
        case kRegex:
          regex = true;
          if (first_regex < 0 || e.slot < first_regex) first_regex = e.slot;
          break;
        default: break;
      }
    }
    const CompiledRule& rule = c.rules[r];
    const RuleSpec& spec = rule.spec;
    if (none) continue;
    if (!spec.any.empty() && score < spec.min_score) continue;
    if (all != rule.all_mask) continue;
    if (!spec.regex.empty() && !regex) continue;
    if (!FieldsMatch(spec, in)) continue;
    matched.push_back(RuleOutcome{r, score, first_any, first_regex});
  }
  return matched;
}

std::string FirstField(const RuleSpec& r, const RouteInput& in) {
  if (!r.topic_hint.empty()) return StrCat("topic_hint:", in.topic_hint);
  if (!r.channel.empty()) return StrCat("channel:", in.channel);
  if (!r.kind.empty()) return StrCat("kind:", in.kind);
  if (!r.province.empty()) return StrCat("province:", in.province_code);
  if (!r.ward.empty()) return StrCat("ward:", in.ward_code);
  return "";
}

RouteDecision Decide(const CompiledRules& c, const RouteInput& in,
                     const std::vector<RuleOutcome>& matched) {
  RouteDecision d;
  d.ruleset_version = c.version;
  const RuleOutcome* chosen = nullptr;
  for (const RuleOutcome& m : matched)
    if (c.rules[m.rule].spec.primary) {
      chosen = &m;
      break;
    }
  int priority;
  if (chosen) {
    const CompiledRule& r = c.rules[chosen->rule];
    d.rule_id = r.spec.id;
    d.topic = r.spec.topic;
    d.agency = r.spec.agency;
    for (const auto& [code, agency] : r.spec.agency_by_province)
      if (code == in.province_code) d.agency = agency;
    priority = PriorityRank(r.priority);
    d.deadline_policy = r.deadline;
    d.deadline_days = r.deadline_days;
    if (chosen->first_any >= 0) d.matched = r.spec.any[static_cast<size_t>(chosen->first_any)].text;
    else if (!r.spec.all.empty()) d.matched = r.spec.all.front().text;
    else if (chosen->first_regex >= 0)
      d.matched = StrCat("regex:", r.spec.regex[static_cast<size_t>(chosen->first_regex)]);
    else d.matched = FirstField(r.spec, in);
  } else {
    d.topic = c.unrouted_topic;
    d.agency = c.unrouted_agency;
    priority = PriorityRank(c.default_priority);
    d.deadline_policy = c.default_deadline;
    d.deadline_days = c.default_deadline_days;
  }
  if (auto it = c.agencies.find(d.agency); it != c.agencies.end()) {
    switch (it->second.scope) {
      case Agency::Scope::kNational: break;
      case Agency::Scope::kProvince: d.agency_area = std::string(in.province_code); break;
      case Agency::Scope::kWard:
        d.agency_area = std::string(in.ward_code.empty() ? in.province_code : in.ward_code);
        break;
    }
  }
  for (const RuleOutcome& m : matched) {
    const CompiledRule& r = c.rules[m.rule];
    if (&m != chosen) d.also_matched.push_back(r.spec.id);
    if (!r.spec.primary && !r.priority.empty())
      priority = std::max(priority, PriorityRank(r.priority));
    for (const std::string& tag : r.spec.tags)
      if (std::find(d.tags.begin(), d.tags.end(), tag) == d.tags.end()) d.tags.push_back(tag);
  }
  static constexpr const char* kNames[] = {"low", "normal", "high", "urgent"};
  d.priority = kNames[std::clamp(priority, 0, 3)];
  return d;
}

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

Status FindingsToStatus(const std::vector<RuleFinding>& findings) {
  constexpr size_t kShown = 50;
  std::string message;
  size_t errors = 0;
  for (const RuleFinding& f : findings) {
    if (f.severity != RuleFinding::Severity::kError) continue;
    if (errors++ < kShown) message += (message.empty() ? "" : "\n") + f.ToString();
  }
  if (errors == 0) return OkStatus();
  if (errors > kShown) message += StrCat("\n... and ", errors - kShown, " more errors");
  return InvalidArgumentError(std::move(message));
}

std::unique_ptr<CompiledRules> CompileSpec(RuleSetSpec spec) {
  auto c = std::make_unique<CompiledRules>();
  for (Agency& a : spec.agencies) c->agencies.emplace(a.code, std::move(a));
  for (Topic& t : spec.topics) c->topics.emplace(t.code, std::move(t));
  for (DeadlinePolicyRule& p : spec.policies) c->policies.emplace(p.code, std::move(p));
  c->unrouted_agency = spec.unrouted_agency;
  c->unrouted_topic = spec.unrouted_topic;
  c->default_priority = spec.default_priority;
  c->default_deadline = spec.default_deadline;
  c->default_deadline_days = c->policies.at(spec.default_deadline).days;
  c->version = spec.version;
  c->file_names = spec.file_names;

  TokenAutomaton::Builder builder;
  std::vector<std::vector<Posting>> by_pattern;
  auto post = [&](std::string_view key, Posting p) {
    const uint32_t id = builder.Add(key);
    if (id >= by_pattern.size()) by_pattern.resize(id + 1);
    by_pattern[id].push_back(p);
  };
  std::unordered_map<std::string, uint32_t> regex_ids;
  std::vector<std::string> regexes;
  for (RuleSpec& spec_rule : spec.rules) {
    const auto r = static_cast<uint32_t>(c->rules.size());
    CompiledRule rule;
    rule.spec = std::move(spec_rule);
    const RuleSpec& s = rule.spec;
    rule.priority = s.primary ? (s.priority.empty() ? spec.default_priority : s.priority)
                              : s.priority;
    if (s.primary) {
      rule.deadline = s.deadline.empty() ? spec.default_deadline : s.deadline;
      rule.deadline_days = c->policies.at(rule.deadline).days;
    }
    for (size_t i = 0; i < s.any.size(); ++i)
      post(s.any[i].key, Posting{r, kAny, static_cast<uint16_t>(i),
                                 static_cast<uint16_t>(s.any[i].weight)});
    for (size_t i = 0; i < s.all.size(); ++i) {
      post(s.all[i].key, Posting{r, kAll, static_cast<uint16_t>(i), 0});
      rule.all_mask |= uint64_t{1} << i;
    }
    for (size_t i = 0; i < s.none.size(); ++i)
      post(s.none[i].key, Posting{r, kNone, static_cast<uint16_t>(i), 0});
    for (size_t i = 0; i < s.regex.size(); ++i) {
      auto [it, fresh] = regex_ids.emplace(s.regex[i], static_cast<uint32_t>(regexes.size()));
      if (fresh) {
        regexes.push_back(s.regex[i]);
        c->regex_rules.emplace_back();
      }
      c->regex_rules[it->second].emplace_back(r, static_cast<uint16_t>(i));
    }
    if (s.any.empty() && s.all.empty() && s.regex.empty()) c->keywordless.push_back(r);
    c->rules.push_back(std::move(rule));
  }
  c->automaton = std::move(builder).Build();
  by_pattern.resize(c->automaton.pattern_count());
  c->posting_begin.push_back(0);
  for (const auto& list : by_pattern) {
    c->postings.insert(c->postings.end(), list.begin(), list.end());
    c->posting_begin.push_back(static_cast<uint32_t>(c->postings.size()));
  }
  if (!regexes.empty()) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(int64_t{64} << 20);  // the DFA of the whole set; RE2's default is 8 MiB
    c->regex_set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (const std::string& re : regexes) c->regex_set->Add(re, nullptr);
    c->regex_set->Compile();
  }
  return c;
}

}  // namespace
}  // namespace rules_internal

using rules_internal::CompiledRules;

StatusOr<std::vector<RuleFileText>> ReadRuleDir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> paths;
  const fs::path root(dir);
  std::error_code ec;
  if (!fs::is_regular_file(root / "taxonomy.toml", ec))
    return NotFoundError(StrCat(dir, ": expected a rule folder with taxonomy.toml (and rules/*.toml)"));
  paths.push_back((root / "taxonomy.toml").string());
  if (fs::is_directory(root / "rules", ec)) {
    std::vector<std::string> rules;
    for (const auto& entry : fs::directory_iterator(root / "rules", ec))
      if (entry.is_regular_file() && entry.path().extension() == ".toml")
        rules.push_back(entry.path().string());
    if (ec) return UnavailableError(StrCat(dir, "/rules: cannot list: ", ec.message()));
    std::sort(rules.begin(), rules.end());
    paths.insert(paths.end(), rules.begin(), rules.end());
  }
  std::vector<RuleFileText> files;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return NotFoundError(StrCat(path, ": cannot open the rule file"));
    std::stringstream buf;
    buf << in.rdbuf();
    files.push_back(RuleFileText{path, buf.str()});
  }
  return files;
}

std::vector<RuleFinding> CheckRules(std::span<const RuleFileText> files,
                                    const Normalizer& normalizer, const PlaceIndex* places) {
  std::vector<RuleFinding> findings;
  rules_internal::RuleSetSpec spec = rules_internal::ParseRuleFiles(files, normalizer, findings);
  rules_internal::CheckRuleSet(spec, places, findings);
  return findings;
}

RuleEngine::RuleEngine(std::unique_ptr<CompiledRules> rules) : rules_(std::move(rules)) {}
RuleEngine::~RuleEngine() = default;

StatusOr<std::unique_ptr<RuleEngine>> RuleEngine::Compile(std::span<const RuleFileText> files,
                                                          const Normalizer& normalizer,
                                                          const PlaceIndex* places) {
  std::vector<RuleFinding> findings;
  rules_internal::RuleSetSpec spec = rules_internal::ParseRuleFiles(files, normalizer, findings);
  rules_internal::CheckRuleSet(spec, places, findings);
  if (Status s = rules_internal::FindingsToStatus(findings); !s.ok()) return s;
  return std::unique_ptr<RuleEngine>(new RuleEngine(rules_internal::CompileSpec(std::move(spec))));
}

StatusOr<std::unique_ptr<RuleEngine>> RuleEngine::Load(const std::string& dir,
                                                       const Normalizer& normalizer,
                                                       const PlaceIndex* places) {
  StatusOr<std::vector<RuleFileText>> files = ReadRuleDir(dir);
  if (!files.ok()) return files.status();
  return Compile(*files, normalizer, places);
}

RouteDecision RuleEngine::Route(const RouteInput& input) const {
  rules_internal::Scratch& s = rules_internal::ThreadScratch();
  return rules_internal::Decide(*rules_, input,
                                rules_internal::Evaluate(*rules_, input, s, false));
}

RouteExplanation RuleEngine::Explain(const RouteInput& input) const {
  using namespace rules_internal;
  Scratch& s = ThreadScratch();
  const CompiledRules& c = *rules_;
  const std::vector<RuleOutcome> matched = Evaluate(c, input, s, true);
  RouteExplanation e;
  e.decision = Decide(c, input, matched);
  if (const Agency* a = FindAgency(e.decision.agency)) e.agency_name_vi = a->name_vi;
  if (const Topic* t = FindTopic(e.decision.topic)) e.topic_name_vi = t->name_vi;
  std::unordered_map<uint32_t, size_t> index;  // rule -> position in e.rules
  for (const RuleOutcome& m : matched) {
    const RuleSpec& r = c.rules[m.rule].spec;
    index[m.rule] = e.rules.size();
    MatchedRule mr;
    mr.rule_id = r.id;
    mr.description = r.description;
    mr.file = r.file;
    mr.line = r.line;
    mr.order = r.order;
    mr.primary = r.primary;
    mr.score = m.score;
    mr.tags = r.tags;
    auto field = [&](std::string_view name, const std::vector<std::string>& values,
                     std::string_view v) {
      if (!values.empty()) mr.fields.push_back(StrCat(name, "=", v));
    };
    field("channel", r.channel, input.channel);
    field("kind", r.kind, input.kind);
    field("topic_hint", r.topic_hint, input.topic_hint);
    field("province", r.province, input.province_code);
    field("ward", r.ward, input.ward_code);
    for (const std::string& re : r.regex)
      if (RE2::PartialMatch(input.search_key, re)) mr.regexes.push_back(re);
    e.rules.push_back(std::move(mr));
  }
  for (const TokenAutomaton::Hit& h : s.hits) {
    for (uint32_t i = c.posting_begin[h.pattern]; i < c.posting_begin[h.pattern + 1]; ++i) {
      const Posting& p = c.postings[i];
      if (p.role != kAny && p.role != kAll) continue;
      auto it = index.find(p.rule);
      if (it == index.end()) continue;
      const RuleSpec& r = c.rules[p.rule].spec;
      const KeywordSpec& k = p.role == kAny ? r.any[p.slot] : r.all[p.slot];
      e.rules[it->second].terms.push_back(
          MatchedTerm{k.text, p.role == kAny ? "any" : "all", k.weight, h.begin, h.end});
    }
  }
  for (MatchedRule& mr : e.rules)
    std::stable_sort(mr.terms.begin(), mr.terms.end(),
                     [](const MatchedTerm& a, const MatchedTerm& b) { return a.begin < b.begin; });
  return e;
}

const std::string& RuleEngine::version() const { return rules_->version; }
size_t RuleEngine::rule_count() const { return rules_->rules.size(); }
size_t RuleEngine::keyword_count() const { return rules_->automaton.pattern_count(); }
const std::vector<std::string>& RuleEngine::file_names() const { return rules_->file_names; }

const Agency* RuleEngine::FindAgency(std::string_view code) const {
  auto it = rules_->agencies.find(std::string(code));
  return it == rules_->agencies.end() ? nullptr : &it->second;
}
const Topic* RuleEngine::FindTopic(std::string_view code) const {
  auto it = rules_->topics.find(std::string(code));
  return it == rules_->topics.end() ? nullptr : &it->second;
}
std::vector<const DeadlinePolicyRule*> RuleEngine::DeadlinePolicies() const {
  std::vector<const DeadlinePolicyRule*> out;
  for (const auto& [code, policy] : rules_->policies) out.push_back(&policy);
  std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->code < b->code; });
  return out;
}

const DeadlinePolicyRule* RuleEngine::FindDeadlinePolicy(std::string_view code) const {
  auto it = rules_->policies.find(std::string(code));
  return it == rules_->policies.end() ? nullptr : &it->second;
}

}  // namespace pakn::classify
