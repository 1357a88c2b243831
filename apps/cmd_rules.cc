// pakn rules check | test | explain.
#include "apps/cmd_rules.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "apps/cli.h"
#include "apps/cmd_corrections.h"
#include "apps/commands.h"
#include "apps/reader_common.h"
#include "base/json_writer.h"
#include "base/strings.h"
#include "classify/normalizer.h"
#include "classify/places.h"
#include "classify/routing.h"
#include "classify/text_cleaner.h"
#include "config/config.h"
#include "fmt/format.h"
#include "model/petition_parser.h"
#include "pipeline/pipeline.h"
#include "store/record.h"
#include "store/store.h"

namespace pakn::apps {
namespace {

using Context = RulesContext;

int RunCheck(const RulesCommand& cmd, const Context& c) {
  auto files = classify::ReadRuleDir(cmd.dir);
  if (!files.ok()) {
    return Exit("pakn rules check", InvalidArgumentError(std::string(files.status().message())));
  }
  size_t errors = 0, warnings = 0;
  for (const classify::RuleFinding& f : classify::CheckRules(*files, *c.normalizer, c.places)) {
    (f.severity == classify::RuleFinding::Severity::kError ? errors : warnings)++;
    fmt::print(stdout, "{}\n", f.ToString());
  }
  if (errors == 0) {
    auto engine = classify::RuleEngine::Compile(*files, *c.normalizer, c.places);
    if (engine.ok())
      fmt::print(stdout, "{}",
                 StrCat(cmd.dir, ": ", (*engine)->rule_count(), " rules, ",
                        (*engine)->keyword_count(), " keyword phrases in ", files->size(),
                        " files; version ", (*engine)->version(), "\n"));
  }
  fmt::print(stdout, "{}", StrCat(errors, " errors, ", warnings, " warnings\n"));
  return errors > 0 || (cmd.strict && warnings > 0) ? 1 : 0;
}

StatusOr<std::unique_ptr<classify::RuleEngine>> LoadEngine(const RulesCommand& cmd,
                                                           const Context& c) {
  return classify::RuleEngine::Load(cmd.dir, *c.normalizer, c.places);
}

void WriteDecision(JsonWriter& w, const classify::RouteDecision& d) {
  w.Member("rule_id", d.rule_id);
  w.Member("agency", d.agency);
  w.Member("agency_area", d.agency_area);
  w.Member("topic", d.topic);
  w.Member("priority", d.priority);
  w.Member("deadline_policy", d.deadline_policy);
  w.MemberInt("deadline_days", d.deadline_days);
  w.Member("matched", d.matched);
  w.Key("tags");
  w.BeginArray();
  for (const auto& t : d.tags) w.String(t);
  w.EndArray();
  w.Key("also_matched");
  w.BeginArray();
  for (const auto& r : d.also_matched) w.String(r);
  w.EndArray();
  w.Member("ruleset_version", d.ruleset_version);
  w.MemberInt("score", d.score);
  w.MemberInt("margin", d.margin);
  w.Key("decisive");
  w.Bool(d.decisive);
  w.Member("method", d.method);
  w.Member("model_version", d.model_version);
  w.Member("model_topic", d.model_topic);
  w.Key("model_probability");
  w.Double(d.model_probability);
  store::WriteCandidates(w, d.candidates);
}

// The petition routed as ingest routes it (pipeline::Pipeline::Route), by `engine`.
classify::Routed RouteOf(const Petition& p, const classify::RuleEngine& engine, const Context& c) {
  return c.pipeline->Route(engine, p);
}

void WritePlace(JsonWriter& w, const std::optional<classify::PlaceMatch>& place) {
  w.Key("place");
  if (!place) {
    w.Null();
    return;
  }
  w.BeginObject();
  w.Member("province_code", place->province_code);
  w.Member("province_name", place->province_name);
  w.Member("ward_code", place->ward_code);
  w.Member("ward_name", place->ward_name);
  w.Member("method", place->method);
  w.EndObject();
}

int RunTest(const RulesCommand& cmd, const Context& c) {
  auto engine = LoadEngine(cmd, c);
  if (!engine.ok()) {
    return Exit("pakn rules test", InvalidArgumentError(std::string(engine.status().message())));
  }
  PetitionParser parser;
  std::string line;
  size_t n = 0, routed = 0, rejected = 0;
  while (std::getline(std::cin, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ParseResult parsed = parser.Parse(line);
    if (auto* r = std::get_if<Rejection>(&parsed)) {
      ++rejected;
      fmt::print(stderr, "line {}: {}\n", n, r->reason);
      continue;
    }
    const Petition& p = std::get<Petition>(parsed);
    const classify::Routed r = RouteOf(p, **engine, c);
    const classify::RouteInput route_in = classify::RouteInputOf(
        r, {.channel = p.channel, .kind = p.kind, .topic_hint = p.topic_hint});
    if (cmd.json) {
      const classify::RouteExplanation e = (*engine)->Explain(route_in);
      JsonWriter w;
      w.BeginObject();
      w.Member("id", p.id);
      WritePlace(w, r.place);
      w.Key("explanation");
      w.Raw(FormatExplanation(e, r.search_key, true));
      w.EndObject();
      fmt::print(stdout, "{}\n", w.str());
      routed += !e.decision.rule_id.empty();
    } else {
      const classify::RouteDecision d = (*engine)->Route(route_in);
      routed += !d.rule_id.empty();
      fmt::print(stdout, "{}\t{}\t{}\t{}{}\t{}\t{}\t{}\n", p.id,
                 (d.rule_id.empty() ? "-" : d.rule_id), d.topic, d.agency,
                 (d.agency_area.empty() ? "" : "@" + d.agency_area), d.priority, d.matched,
                 d.method);
    }
  }
  fmt::print(stderr, "{}",
             StrCat(n, " lines, ", routed, " routed by a rule, ", rejected,
                    " not petitions; rule set ", (*engine)->version(), "\n"));
  return rejected > 0 ? 1 : 0;
}

int RunExplain(const RulesCommand& given, const Context& c) {
  RulesCommand cmd = given;
  // Without --rules, the rules ingest uses: the config's classify.rules (when there is a
  // config), not config/routing of the current folder.
  if (!cmd.dir_given && !cmd.config_path.empty() && std::filesystem::exists(cmd.config_path)) {
    auto config = LoadConfig(cmd.config_path);
    if (!config.ok()) {
      return Exit("pakn rules explain",
                  InvalidArgumentError(std::string(config.status().message())));
    }
    cmd.dir = config->classify.rules_path;
  }
  if (!cmd.kind.empty() && cmd.kind != "phan_anh" && cmd.kind != "kien_nghi") {
    return Exit("pakn rules explain",
                InvalidArgumentError(
                    StrCat("--kind: expected phan_anh or kien_nghi, got '", cmd.kind, "'")));
  }
  auto engine = LoadEngine(cmd, c);
  if (!engine.ok()) {
    return Exit("pakn rules explain", InvalidArgumentError(std::string(engine.status().message())));
  }
  // `explain ID`: a stored petition (its search key and fields), when the argument is one.
  if (cmd.text.find_first_of(" \t\n") == std::string::npos) {
    StoreLocation where{cmd.store_dir, cmd.config_path};
    if (auto store = service::OpenReader(where); store.ok()) {
      auto rec = (*store)->GetPetition(cmd.text);
      if (rec.ok() && rec->has_value()) {
        const store::StoredPetition& p = **rec;
        const std::string province = p.place ? p.place->province_code : "";
        const std::string ward = p.place ? p.place->ward_code : "";
        const std::string key = store::SearchKeyOf(p, *c.normalizer);
        classify::RouteInput in;
        in.search_key = key;
        in.title_bytes = classify::TitleKeyBytes(*c.normalizer, p.petition.title, key);
        in.channel = p.petition.channel;
        in.kind = p.petition.kind;
        in.topic_hint = p.petition.topic_hint;
        in.province_code = province;
        in.ward_code = ward;
        const classify::RouteExplanation e = (*engine)->Explain(in);
        if (!cmd.json)
          fmt::print(stdout,
                     "petition {}: stored route {} -> {} by rule {} of rule set {}; now {} at "
                     "{}\nthe rules in {} decide today:\n",
                     p.petition.id, p.route.topic, p.route.agency,
                     (p.route.rule_id.empty() ? "-" : p.route.rule_id), p.route.ruleset_version,
                     p.status, p.agency, cmd.dir);
        fmt::print(stdout, "{}\n", FormatExplanation(e, key, cmd.json));
        return 0;
      }
      if (rec.ok())
        fmt::print(stderr, "(no stored petition '{}': explaining it as text)\n", cmd.text);
    }
  }
  const classify::TextCleaner& cleaner = c.pipeline->cleaner();
  const std::string key = c.normalizer->SearchKeyFromCanonical(cleaner.Clean(cmd.text).canonical);
  std::string province, ward;
  if (!cmd.province.empty() || !cmd.ward.empty()) {
    if (auto m = c.places->Resolve(cmd.province, cmd.ward)) {
      province = m->province_code;
      ward = m->ward_code;
    } else {
      return Exit(
          "pakn rules explain",
          InvalidArgumentError(StrCat("place not recognised: ", cmd.province, " ", cmd.ward)));
    }
  }
  classify::RouteInput in;
  in.search_key = key;
  in.channel = cmd.channel;
  in.kind = cmd.kind;
  in.topic_hint = cmd.topic_hint;
  in.province_code = province;
  in.ward_code = ward;
  const classify::RouteExplanation e = (*engine)->Explain(in);
  fmt::print(stdout, "{}\n", FormatExplanation(e, key, cmd.json));
  return 0;
}

}  // namespace

Status MakeRulesContext(const RulesCommand& cmd, RulesContext& c) {
  auto config = LoadConfig(cmd.config_path);
  auto p = pipeline::Pipeline::Create(config.ok() ? *config : PaknConfig{},
                                      {.rules_dir = cmd.dir, .rules = false, .deadlines = false});
  if (!p.ok()) return UnavailableError(p.status().ToString());
  c.pipeline = std::move(*p);
  c.normalizer = &c.pipeline->normalizer();
  c.places = c.pipeline->places();
  return OkStatus();
}

std::string FormatExplanation(const classify::RouteExplanation& e, std::string_view search_key,
                              bool json) {
  const classify::RouteDecision& d = e.decision;
  if (json) {
    JsonWriter w;
    w.BeginObject();
    w.Key("decision");
    w.BeginObject();
    WriteDecision(w, d);
    w.EndObject();
    w.Member("agency_name", e.agency_name_vi);
    w.Member("topic_name", e.topic_name_vi);
    w.Key("matched_rules");
    w.BeginArray();
    for (const classify::MatchedRule& r : e.rules) {
      w.BeginObject();
      w.Member("id", r.rule_id);
      w.Member("file", r.file);
      w.MemberInt("line", r.line);
      w.MemberInt("order", r.order);
      w.Key("primary");
      w.Bool(r.primary);
      w.Key("chosen");
      w.Bool(r.rule_id == d.rule_id);
      w.Key("decisive");
      w.Bool(r.decisive);
      w.MemberInt("score", r.score);
      w.MemberInt("rank_score", r.rank_score);
      w.Key("terms");
      w.BeginArray();
      for (const classify::MatchedTerm& t : r.terms) {
        w.BeginObject();
        w.Member("keyword", t.keyword);
        w.Member("role", t.role);
        w.Member("text", search_key.substr(t.begin, t.end - t.begin));
        w.MemberInt("begin", t.begin);
        w.MemberInt("end", t.end);
        w.Key("in_title");
        w.Bool(t.in_title);
        w.MemberInt("contribution", t.contribution);
        w.EndObject();
      }
      w.EndArray();
      w.Key("fields");
      w.BeginArray();
      for (const auto& f : r.fields) w.String(f);
      w.EndArray();
      w.Key("regexes");
      w.BeginArray();
      for (const auto& x : r.regexes) w.String(x);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.Key("not_evidence");
    w.BeginArray();
    for (const auto& x : e.ignored) w.String(x);
    w.EndArray();
    w.Key("model_top");
    w.BeginArray();
    for (const auto& [topic, p] : e.model_top) {
      w.BeginObject();
      w.Member("topic", topic);
      w.Key("probability");
      w.Double(p);
      w.EndObject();
    }
    w.EndArray();
    w.Key("model_features");
    w.BeginArray();
    for (const auto& [feature, x] : e.model_features) {
      w.BeginObject();
      w.Member("feature", feature);
      w.Key("contribution");
      w.Double(x);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return std::move(w).Take();
  }
  std::string out = StrCat("route:    ", d.topic, " (", e.topic_name_vi, ") -> ", d.agency, " (",
                           e.agency_name_vi, ")",
                           d.agency_area.empty() ? "" : StrCat(" of area ", d.agency_area), "\n");
  out += StrCat("rule:     ", d.rule_id.empty() ? "(none: unrouted)" : d.rule_id,
                d.matched.empty() ? "" : StrCat(", decided by '", d.matched, "'"), "\n");
  out += StrCat("priority: ", d.priority, "; deadline: ", d.deadline_policy, " (",
                d.deadline_days, " days)\n");
  out += StrCat("tags:     ", d.tags.empty() ? "-" : StrJoin(d.tags, ", "), "\n");
  out += StrCat("rule set: ", d.ruleset_version,
                d.model_version.empty() ? "" : StrCat("; model ", d.model_version), "\n");
  out += StrCat("decided:  ", d.method, "\n");
  if (!e.model_top.empty()) {
    std::string top;
    for (const auto& [topic, p] : e.model_top) top += fmt::format("{}{} {:.1f}%", top.empty() ? "" : ", ", topic, 100 * p);
    std::string feats;
    for (const auto& [f, x] : e.model_features) feats += fmt::format("{}{} {:+.3f}", feats.empty() ? "" : ", ", f, x);
    out += StrCat("model:    ", top, "\n          features for ", e.model_top.front().first, ": ", feats,
                  "\n");
  }
  if (!d.candidates.empty()) {
    std::string c;
    for (const auto& x : d.candidates)
      c += fmt::format("\n          {} -> {} ({} {:.3g})", x.topic, x.agency, x.source, x.score);
    out += StrCat("triage:   candidates, best guess first:", c, "\n");
  }
  if (!d.rule_id.empty())
    out += StrCat("evidence: score ", d.score, d.decisive ? " (decisive rule)" : "",
                  ", margin ", d.margin, " over the next topic\n");
  if (!e.ignored.empty())
    out += StrCat("not evidence: '", StrJoin(e.ignored, "', '"), "'\n");
  out += StrCat("matching rules, ranked (", e.rules.size(), "):");
  for (const classify::MatchedRule& r : e.rules) {
    out += StrCat("\n  ", r.rule_id == d.rule_id ? "* " : "  ", r.rule_id, " (", r.file, ":",
                  r.line, ", order ", r.order, r.primary ? "" : ", tags only",
                  r.decisive ? ", decisive" : "", ")");
    if (r.primary) out += StrCat(" score ", r.rank_score);
    for (const classify::MatchedTerm& t : r.terms)
      out += StrCat("\n      ", t.role, " '", t.keyword, "' at ", t.begin, "-", t.end, ": \"",
                    search_key.substr(t.begin, t.end - t.begin), "\"", t.in_title ? " (title)" : "",
                    t.contribution > 0 ? StrCat(" +", t.contribution)
                    : t.contribution < 0 ? StrCat(" ", t.contribution) : "");
    for (const auto& f : r.fields) out += StrCat("\n      field ", f);
    for (const auto& x : r.regexes) out += StrCat("\n      regex ", x);
  }
  return out;
}

CLI::App* AddRulesCommand(CLI::App& app, RulesCommand& cmd) {
  if (const char* env = std::getenv("PAKN_CONFIG"); env && *env) cmd.config_path = env;
  CLI::App* rules = app.add_subcommand("rules", "check, test and explain the routing rules");
  rules->require_subcommand(1);
  auto dir_option = [&cmd](CLI::App* sub) {
    sub->add_option("--rules", cmd.dir, "the rule folder (taxonomy.toml + rules/*.toml)")
        ->capture_default_str()
        ->each([&cmd](const std::string&) { cmd.dir_given = true; });
  };
  CLI::App* check = rules->add_subcommand(
      "check", "validate the rule files; every error as file:line: key: what was expected");
  check->add_option("dir", cmd.dir, "the rule folder")->capture_default_str();
  check->add_flag("--strict", cmd.strict, "fail on warnings too");
  check->callback([&cmd] { cmd.action = RulesCommand::Action::kCheck; });

  CLI::App* test = rules->add_subcommand(
      "test", "route petitions (JSON lines on stdin) and print each decision");
  dir_option(test);
  test->add_flag("--json", cmd.json, "one JSON explanation per petition");
  test->callback([&cmd] { cmd.action = RulesCommand::Action::kTest; });

  CLI::App* explain = rules->add_subcommand(
      "explain", "why a text is routed as it is: terms, fields, every matching rule");
  dir_option(explain);
  explain->add_option("text", cmd.text,
                      "a stored petition's id, or a petition's title and content")->required();
  explain->add_option("--config", cmd.config_path,
                      "config whose store holds the petition (default: $PAKN_CONFIG or "
                      "config/pakn.toml)");
  explain->add_option("--store", cmd.store_dir, "the store folder (overrides --config)");
  explain->add_option("--channel", cmd.channel, "channel code (hotline, national_portal, ...)");
  explain->add_option("--kind", cmd.kind, "phan_anh or kien_nghi");
  explain->add_option("--topic-hint", cmd.topic_hint, "the topic the citizen chose");
  explain->add_option("--province", cmd.province, "province as written (Hà Nội, TP.HCM, ...)");
  explain->add_option("--ward", cmd.ward, "ward or commune as written");
  explain->add_flag("--json", cmd.json, "JSON output");
  explain->callback([&cmd] { cmd.action = RulesCommand::Action::kExplain; });
  CLI::App* train = rules->add_subcommand(
      "train", "train the topic model (LIBLINEAR) on labelled petitions; writes DIR/model.txt");
  dir_option(train);
  train->add_option("--labelled", cmd.labelled, "JSON lines of petitions with a \"label\" member")
      ->required()
      ->check(CLI::ExistingFile);
  train->add_option("--out", cmd.out, "the model file (default: the rule folder's model.txt)");
  train->add_option("--c", cmd.c, "LIBLINEAR's C, the inverse of the regularisation")
      ->check(CLI::Range(1e-4, 1e4))
      ->capture_default_str();
  train->callback([&cmd] { cmd.action = RulesCommand::Action::kTrain; });

  CLI::App* eval = rules->add_subcommand(
      "eval", "measure routing on labelled petitions: accuracy, per topic, confusions, triage, places");
  dir_option(eval);
  eval->add_option("--labelled", cmd.labelled, "JSON lines of petitions with a \"label\" member")
      ->required()
      ->check(CLI::ExistingFile);
  eval->add_option("--folds", cmd.folds, "cross-validate the model: train on K-1 folds, route the K-th")
      ->check(CLI::Range(2, 50));
  eval->add_option("--c", cmd.c, "with --folds: LIBLINEAR's C")->check(CLI::Range(1e-4, 1e4));
  eval->add_option("--against", cmd.against, "another rule folder: list the decisions that change")
      ->check(CLI::ExistingDirectory);
  eval->add_option("--min-topic-accuracy", cmd.min_topic_accuracy, "exit 1 below this share (0..1)")
      ->check(CLI::Range(0.0, 1.0));
  eval->add_option("--min-auto-accuracy", cmd.min_auto_accuracy,
                   "exit 1 when the automatically routed are right below this share")
      ->check(CLI::Range(0.0, 1.0));
  eval->add_option("--min-province-accuracy", cmd.min_province_accuracy,
                   "exit 1 when the province is right below this share")
      ->check(CLI::Range(0.0, 1.0));
  eval->add_option("--max-triage", cmd.max_triage, "exit 1 when more than this share goes to triage")
      ->check(CLI::Range(0.0, 1.0));
  eval->add_flag("--json", cmd.json, "JSON output");
  eval->callback([&cmd] { cmd.action = RulesCommand::Action::kEval; });
  return rules;
}

int RunRules(const RulesCommand& cmd) {
  if (cmd.action == RulesCommand::Action::kTrain) return RunRulesTrain(cmd);
  if (cmd.action == RulesCommand::Action::kEval) return RunRulesEval(cmd);
  Context c;
  if (Status s = MakeRulesContext(cmd, c); !s.ok()) return Exit("pakn rules", s);
  switch (cmd.action) {
    case RulesCommand::Action::kCheck: return RunCheck(cmd, c);
    case RulesCommand::Action::kTest: return RunTest(cmd, c);
    case RulesCommand::Action::kExplain: return RunExplain(cmd, c);
    default: break;
  }
  return Exit("pakn rules", InvalidArgumentError("expected a subcommand"));
}

std::vector<Command> AddRulesCommands(CLI::App& app) {
  auto held = std::make_shared<RulesCommand>();
  RulesCommand& rules = *held;
  CLI::App* s_rules = AddRulesCommand(app, rules);
  auto corrections_held = std::make_shared<ExportCorrectionsCommand>();
  ExportCorrectionsCommand& corrections =
      *corrections_held;  // pakn rules export-corrections (apps/cmd_corrections.h)
  CLI::App* s_corrections = AddExportCorrectionsCommand(*s_rules, corrections);

  // export-corrections first: its parent, rules, is parsed too when it is chosen.
  return {{s_corrections, [corrections_held] { return RunExportCorrections(*corrections_held); }},
          {s_rules, [held] { return RunRules(*held); }}};
}

}  // namespace pakn::apps
