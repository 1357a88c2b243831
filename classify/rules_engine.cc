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
#include "classify/topic_model.h"
#include "re2/re2.h"
#include "re2/set.h"

namespace pakn::classify {
namespace rules_internal {

enum Role : uint8_t { kAny, kAll, kNone, kLess, kRegex, kCandidate, kIgnore };

inline constexpr uint32_t kNoRule = UINT32_MAX;

struct Posting {
  uint32_t rule;
  uint8_t role;
  uint16_t slot;    // index of the keyword (or regex) in its list
  uint16_t weight;  // any and less only
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
  std::vector<uint8_t> ignore_pattern;  // pattern -> 1 when it is a not_evidence phrase
  bool has_ignore = false;
  std::unique_ptr<RE2::Set> regex_set;
  std::vector<std::vector<std::pair<uint32_t, uint16_t>>> regex_rules;  // regex -> (rule, slot)
  std::vector<uint32_t> keywordless;  // rules with no any/all/regex: evaluated every time
  std::unordered_map<std::string, Agency> agencies;
  std::unordered_map<std::string, Topic> topics;
  std::unordered_map<std::string, DeadlinePolicyRule> policies;
  std::string unrouted_agency, unrouted_topic, default_priority, default_deadline;
  int default_deadline_days = 20;
  int title_weight = 2;
  std::vector<std::string> not_evidence;  // as written, by slot
  RouterSettings router;
  std::unique_ptr<TopicModel> model;  // null without DIR/model.txt
  std::string version;
  std::vector<std::string> file_names;
};

namespace {

// One distinct pattern found, after not_evidence spans are removed.
struct Found {
  uint32_t pattern;
  bool in_title;
};

// An evaluation event: a posting of a found pattern.
struct Event {
  Posting p;
  bool in_title;
};

// Per-thread buffers of one evaluation, reused to keep Route() free of most allocations.
struct Scratch {
  std::vector<TokenAutomaton::Hit> hits;  // evidence hits (not_evidence spans removed)
  std::vector<std::pair<uint32_t, uint32_t>> ignored;  // not_evidence spans
  std::vector<uint32_t> ignored_patterns;
  std::vector<Found> found;
  std::vector<Event> events;
  std::vector<int> regex_ids;
};

struct RuleOutcome {
  uint32_t rule;
  int score;        // raw `any` score (min_score)
  int rank;         // the evidence (RouteDecision::score)
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

// Scans the key: s.hits gets every keyword occurrence that is not inside a not_evidence
// phrase, s.found the distinct patterns among them (with whether one occurrence is in the
// title).
void Scan(const CompiledRules& c, const RouteInput& in, Scratch& s) {
  s.hits.clear();
  s.ignored.clear();
  s.ignored_patterns.clear();
  s.found.clear();
  c.automaton.Scan(in.search_key, [&](const TokenAutomaton::Hit& h) {
    if (c.has_ignore && c.ignore_pattern[h.pattern]) {
      s.ignored.emplace_back(h.begin, h.end);
      s.ignored_patterns.push_back(h.pattern);
      // An ignore pattern may also be some rule's keyword: it is then no evidence either.
      return;
    }
    s.hits.push_back(h);
  });
  if (!s.ignored.empty()) {
    // Hits are reported by end position, so a span may start before hits already kept: the
    // spans are few (addressees), the check is a scan over them.
    std::erase_if(s.hits, [&](const TokenAutomaton::Hit& h) {
      for (const auto& [b, e] : s.ignored)
        if (h.begin >= b && h.end <= e) return true;
      return false;
    });
  }
  for (const TokenAutomaton::Hit& h : s.hits) s.found.push_back(Found{h.pattern, h.begin < in.title_bytes});
  std::sort(s.found.begin(), s.found.end(), [](const Found& a, const Found& b) {
    return a.pattern != b.pattern ? a.pattern < b.pattern : a.in_title > b.in_title;
  });
  s.found.erase(std::unique(s.found.begin(), s.found.end(),
                            [](const Found& a, const Found& b) { return a.pattern == b.pattern; }),
                s.found.end());
}

// The matching rules in evaluation order, with their evidence.
std::vector<RuleOutcome> Evaluate(const CompiledRules& c, const RouteInput& in, Scratch& s) {
  Scan(c, in, s);
  s.events.clear();
  for (const Found& f : s.found)
    for (uint32_t i = c.posting_begin[f.pattern]; i < c.posting_begin[f.pattern + 1]; ++i)
      if (c.postings[i].rule != kNoRule) s.events.push_back(Event{c.postings[i], f.in_title});
  if (c.regex_set) {
    s.regex_ids.clear();
    c.regex_set->Match(in.search_key, &s.regex_ids);
    for (int id : s.regex_ids)
      for (const auto& [rule, slot] : c.regex_rules[static_cast<size_t>(id)])
        s.events.push_back(Event{Posting{rule, kRegex, slot, 0}, false});
  }
  for (uint32_t r : c.keywordless) s.events.push_back(Event{Posting{r, kCandidate, 0, 0}, false});
  std::sort(s.events.begin(), s.events.end(), [](const Event& a, const Event& b) {
    return a.p.rule != b.p.rule ? a.p.rule < b.p.rule : a.p.role < b.p.role;
  });

  std::vector<RuleOutcome> matched;
  for (size_t i = 0; i < s.events.size();) {
    const uint32_t r = s.events[i].p.rule;
    int score = 0, rank = 0, first_any = -1, first_regex = -1;
    uint64_t all = 0;
    bool none = false, regex = false;
    for (; i < s.events.size() && s.events[i].p.rule == r; ++i) {
      const Posting& e = s.events[i].p;
      const int times = s.events[i].in_title ? c.title_weight : 1;
      switch (e.role) {
        case kAny:
          score += e.weight;
          rank += e.weight * times;
          if (first_any < 0 || e.slot < first_any) first_any = e.slot;
          break;
        case kAll:
          all |= uint64_t{1} << e.slot;
          rank += times;
          break;
        case kNone: none = true; break;
        case kLess: rank -= e.weight * times; break;
        case kRegex:
          if (!regex) rank += 1;
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
    matched.push_back(RuleOutcome{r, score, rank, first_any, first_regex});
  }
  return matched;
}

// True when primary outcome a ranks before b: decisive first, then evidence, then order.
bool RanksBefore(const CompiledRules& c, const RuleOutcome& a, const RuleOutcome& b) {
  const bool da = c.rules[a.rule].spec.decisive, db = c.rules[b.rule].spec.decisive;
  if (da != db) return da;
  if (a.rank != b.rank) return a.rank > b.rank;
  return a.rule < b.rule;
}

std::string FirstField(const RuleSpec& r, const RouteInput& in) {
  if (!r.topic_hint.empty()) return StrCat("topic_hint:", in.topic_hint);
  if (!r.channel.empty()) return StrCat("channel:", in.channel);
  if (!r.kind.empty()) return StrCat("kind:", in.kind);
  if (!r.province.empty()) return StrCat("province:", in.province_code);
  if (!r.ward.empty()) return StrCat("ward:", in.ward_code);
  return "";
}

// The decision with `chosen` as the primary route (null: the unrouted topic and agency).
RouteDecision Build(const CompiledRules& c, const RouteInput& in,
                    const std::vector<RuleOutcome>& matched, const RuleOutcome* chosen) {
  RouteDecision d;
  d.ruleset_version = c.version;
  int priority;
  if (chosen) {
    const CompiledRule& r = c.rules[chosen->rule];
    d.method = r.spec.decisive ? "decisive" : "rule";
    d.rule_id = r.spec.id;
    d.score = chosen->rank;
    d.decisive = r.spec.decisive;
    const RuleOutcome* rival = nullptr;  // the best primary rule of another topic
    for (const RuleOutcome& m : matched)
      if (c.rules[m.rule].spec.primary && c.rules[m.rule].spec.topic != r.spec.topic &&
          (!rival || m.rank > rival->rank))
        rival = &m;
    d.margin = rival ? chosen->rank - rival->rank : chosen->rank;
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
    d.method = "unrouted";
    d.topic = c.unrouted_topic;
    d.agency = c.unrouted_agency;
    priority = PriorityRank(c.default_priority);
    d.deadline_policy = c.default_deadline;
    d.deadline_days = c.default_deadline_days;
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

void SetArea(const CompiledRules& c, const RouteInput& in, RouteDecision& d) {
  d.agency_area.clear();
  if (auto it = c.agencies.find(d.agency); it != c.agencies.end()) {
    switch (it->second.scope) {
      case Agency::Scope::kNational: break;
      case Agency::Scope::kProvince: d.agency_area = std::string(in.province_code); break;
      case Agency::Scope::kWard:
        d.agency_area = std::string(in.ward_code.empty() ? in.province_code : in.ward_code);
        break;
    }
  }
}

const RuleOutcome* BestPrimary(const CompiledRules& c, const std::vector<RuleOutcome>& matched,
                               std::string_view topic) {
  const RuleOutcome* best = nullptr;
  for (const RuleOutcome& m : matched) {
    const RuleSpec& r = c.rules[m.rule].spec;
    if (r.primary && (topic.empty() || r.topic == topic) && (!best || RanksBefore(c, m, *best)))
      best = &m;
  }
  return best;
}

std::string TopicAgency(const CompiledRules& c, const std::string& topic) {
  auto it = c.topics.find(topic);
  return it == c.topics.end() || it->second.agency.empty() ? c.unrouted_agency
                                                           : it->second.agency;
}

std::string RuleAgency(const RuleSpec& r, const RouteInput& in) {
  for (const auto& [code, agency] : r.agency_by_province)
    if (code == in.province_code) return agency;
  return r.agency;
}

// The agency for `topic`: the best matching rule of that topic says which, else the topic's.
std::string AgencyFor(const CompiledRules& c, const RouteInput& in,
                      const std::vector<RuleOutcome>& matched, const std::string& topic) {
  const RuleOutcome* rule = BestPrimary(c, matched, topic);
  return rule ? RuleAgency(c.rules[rule->rule].spec, in) : TopicAgency(c, topic);
}

// The rules' decision, then, with a model, the combination of both (docs/routing.md "The
// model"): a decisive rule decides; agreement routes; a disagreement routes by the rules when
// their margin holds, by the model when it is confident enough, else goes to triage; with no
// rule, the model routes above model_alone.
RouteDecision Decide(const CompiledRules& c, const RouteInput& in,
                     const std::vector<RuleOutcome>& matched) {
  const RuleOutcome* chosen = BestPrimary(c, matched, "");
  RouteDecision d = Build(c, in, matched, chosen);
  if (!c.model) {
    SetArea(c, in, d);
    return d;
  }
  const TopicModel& model = *c.model;
  const size_t k = model.labels().size();
  double probs[TopicModel::kMaxLabels];
  model.ScoreInto(ModelInput{in.search_key, in.title_bytes, &d}, probs);
  size_t best = 0;
  for (size_t j = 1; j < k; ++j)
    if (probs[j] > probs[best]) best = j;  // the first of equals, as Score()'s stable order
  auto probability = [&](std::string_view topic) {
    const int j = model.LabelIndex(topic);
    return j < 0 ? 0.0 : probs[j];
  };
  const std::string& top = model.labels()[best];
  const double p1 = probs[best];
  const RouterSettings& rs = c.router;
  enum { kRules, kModel, kTriage } outcome;
  std::string method;
  if (chosen && d.decisive) {
    outcome = kRules, method = "decisive";
  } else if (chosen && top == d.topic) {
    outcome = probability(d.topic) >= rs.agree_min ? kRules : kTriage, method = "rule+model";
  } else if (chosen && d.margin >= rs.rules_hold_margin) {
    outcome = kRules, method = "rule-margin";
  } else if (p1 >= (chosen ? rs.model_overrides : rs.model_alone)) {
    outcome = kModel, method = "model";
  } else {
    outcome = kTriage, method = "triage";
  }
  RouteDecision out;
  if (outcome == kRules) {
    out = std::move(d);
  } else if (outcome == kModel) {
    const RuleOutcome* rule = BestPrimary(c, matched, top);
    out = Build(c, in, matched, rule);
    if (!rule) {
      out.topic = top;
      out.agency = TopicAgency(c, top);
      out.matched = "";
    }
  } else {
    out = Build(c, in, matched, nullptr);
    // Candidates: the model's three and the rules' three (one per topic), best guess first.
    std::vector<RouteDecision::Candidate> model_c, rules_c;
    const std::vector<TopicScore> scores = model.Score(ModelInput{in.search_key, in.title_bytes, &d});
    for (size_t i = 0; i < scores.size() && i < 3; ++i)
      model_c.push_back({"model", scores[i].topic, AgencyFor(c, in, matched, scores[i].topic),
                         scores[i].probability});
    std::vector<const RuleOutcome*> ranked;
    for (const RuleOutcome& m : matched)
      if (c.rules[m.rule].spec.primary) ranked.push_back(&m);
    std::sort(ranked.begin(), ranked.end(), [&](const RuleOutcome* a, const RuleOutcome* b) {
      return RanksBefore(c, *a, *b);
    });
    for (const RuleOutcome* m : ranked) {
      const RuleSpec& r = c.rules[m->rule].spec;
      if (rules_c.size() == 3) break;
      if (std::any_of(rules_c.begin(), rules_c.end(),
                      [&](const RouteDecision::Candidate& x) { return x.topic == r.topic; }))
        continue;
      rules_c.push_back({"rules", r.topic, RuleAgency(r, in), static_cast<double>(m->rank)});
    }
    out.candidates = std::move(model_c);
    out.candidates.insert(out.candidates.end(), rules_c.begin(), rules_c.end());
  }
  out.method = outcome == kTriage ? "triage" : method;
  out.model_version = c.model->version();
  out.model_topic = top;
  out.model_probability = p1;
  SetArea(c, in, out);
  return out;
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
  c->title_weight = spec.title_weight;
  c->router = spec.router;

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
    for (size_t i = 0; i < s.less.size(); ++i)
      post(s.less[i].key, Posting{r, kLess, static_cast<uint16_t>(i),
                                  static_cast<uint16_t>(s.less[i].weight)});
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
  std::vector<uint32_t> ignore_ids;
  for (size_t i = 0; i < spec.not_evidence.size(); ++i) {
    c->not_evidence.push_back(spec.not_evidence[i].text);
    ignore_ids.push_back(builder.Add(spec.not_evidence[i].key));
    post(spec.not_evidence[i].key, Posting{kNoRule, kIgnore, static_cast<uint16_t>(i), 0});
  }
  c->automaton = std::move(builder).Build();
  by_pattern.resize(c->automaton.pattern_count());
  c->ignore_pattern.assign(c->automaton.pattern_count(), 0);
  for (uint32_t id : ignore_ids) c->ignore_pattern[id] = 1;
  c->has_ignore = !ignore_ids.empty();
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
  if (fs::exists(root / kModelFileName, ec)) paths.push_back((root / kModelFileName).string());
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
  std::unique_ptr<TopicModel> model;
  if (!spec.model_name.empty()) {
    auto parsed = TopicModel::Parse(spec.model_text, spec.model_name);
    if (!parsed.ok()) {
      findings.push_back(RuleFinding{RuleFinding::Severity::kError, spec.model_name, 0, "",
                                     std::string(parsed.status().message())});
    } else {
      model = std::move(*parsed);
      for (const std::string& label : model->labels())
        if (std::none_of(spec.topics.begin(), spec.topics.end(),
                         [&](const Topic& t) { return t.code == label; }))
          findings.push_back(RuleFinding{
              RuleFinding::Severity::kError, spec.model_name, 0, "labels",
              StrCat("the model's topic '", label, "' is not a [[topic]] of the rule set; "
                     "retrain it (pakn rules train)")});
    }
  }
  if (Status s = rules_internal::FindingsToStatus(findings); !s.ok()) return s;
  auto compiled = rules_internal::CompileSpec(std::move(spec));
  compiled->model = std::move(model);
  return std::unique_ptr<RuleEngine>(new RuleEngine(std::move(compiled)));
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
                                rules_internal::Evaluate(*rules_, input, s));
}

RouteExplanation RuleEngine::Explain(const RouteInput& input) const {
  using namespace rules_internal;
  Scratch& s = ThreadScratch();
  const CompiledRules& c = *rules_;
  std::vector<RuleOutcome> matched = Evaluate(c, input, s);
  RouteExplanation e;
  e.decision = Decide(c, input, matched);
  if (const Agency* a = FindAgency(e.decision.agency)) e.agency_name_vi = a->name_vi;
  if (const Topic* t = FindTopic(e.decision.topic)) e.topic_name_vi = t->name_vi;
  for (uint32_t p : s.ignored_patterns)
    for (uint32_t i = c.posting_begin[p]; i < c.posting_begin[p + 1]; ++i)
      if (c.postings[i].role == kIgnore) {
        const std::string& phrase = c.not_evidence[c.postings[i].slot];
        if (std::find(e.ignored.begin(), e.ignored.end(), phrase) == e.ignored.end())
          e.ignored.push_back(phrase);
      }
  if (c.model) {
    // The rules-only decision is the model's input, as in Decide().
    const RouteDecision rules_only = Build(c, input, matched, BestPrimary(c, matched, ""));
    const ModelInput mi{input.search_key, input.title_bytes, &rules_only};
    const std::vector<TopicScore> scores = c.model->Score(mi);
    for (size_t i = 0; i < scores.size() && i < 3; ++i)
      e.model_top.emplace_back(scores[i].topic, scores[i].probability);
    for (const FeatureWeight& f : c.model->Explain(mi, scores.front().topic, 8))
      e.model_features.emplace_back(f.feature, f.contribution);
  }
  // Ranked: primary rules by RanksBefore, then tagging rules in evaluation order.
  std::stable_sort(matched.begin(), matched.end(), [&](const RuleOutcome& a, const RuleOutcome& b) {
    const bool pa = c.rules[a.rule].spec.primary, pb = c.rules[b.rule].spec.primary;
    if (pa != pb) return pa;
    return pa ? RanksBefore(c, a, b) : a.rule < b.rule;
  });
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
    mr.decisive = r.decisive;
    mr.score = m.score;
    mr.rank_score = m.rank;
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
  // Terms by position; each distinct keyword contributes once, at its first title occurrence
  // if it has one (as Evaluate counts it), else at its first occurrence.
  std::vector<TokenAutomaton::Hit> hits = s.hits;
  std::stable_sort(hits.begin(), hits.end(), [](const TokenAutomaton::Hit& a,
                                                const TokenAutomaton::Hit& b) {
    return a.begin < b.begin;
  });
  std::unordered_map<uint64_t, bool> counted;  // (rule, role, slot) -> counted
  for (const TokenAutomaton::Hit& h : hits) {
    for (uint32_t i = c.posting_begin[h.pattern]; i < c.posting_begin[h.pattern + 1]; ++i) {
      const Posting& p = c.postings[i];
      if (p.role != kAny && p.role != kAll && p.role != kLess) continue;
      auto it = index.find(p.rule);
      if (it == index.end()) continue;
      const RuleSpec& r = c.rules[p.rule].spec;
      const KeywordSpec& k = p.role == kAny ? r.any[p.slot]
                             : p.role == kAll ? r.all[p.slot] : r.less[p.slot];
      const bool in_title = h.begin < input.title_bytes;
      const uint64_t id = uint64_t{p.rule} << 24 | uint64_t{p.role} << 16 | p.slot;
      int contribution = 0;
      if (!counted[id]) {
        // The first occurrence counts, unless a title occurrence exists (it comes first).
        counted[id] = true;
        const int weight = p.role == kAll ? 1 : k.weight;
        contribution = (p.role == kLess ? -weight : weight) * (in_title ? c.title_weight : 1);
      }
      e.rules[it->second].terms.push_back(MatchedTerm{
          k.text, p.role == kAny ? "any" : p.role == kAll ? "all" : "less", k.weight, h.begin,
          h.end, in_title, contribution});
    }
  }
  return e;
}

uint32_t TitleKeyBytes(const Normalizer& normalizer, std::string_view canonical_title,
                       std::string_view search_key) {
  const size_t n = normalizer.SearchKeyFromCanonical(canonical_title).size();
  return static_cast<uint32_t>(std::min(n, search_key.size()));
}

const std::string& RuleEngine::version() const { return rules_->version; }
std::string RuleEngine::versions() const {
  return rules_->model ? StrCat(rules_->version, " model ", rules_->model->version())
                       : rules_->version;
}

const std::string& RuleEngine::model_version() const {
  static const std::string kNone;
  return rules_->model ? rules_->model->version() : kNone;
}
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
