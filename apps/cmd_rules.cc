// pakn rules check | test | explain.
#include "apps/cmd_rules.h"

#include <iostream>
#include <string>

#include <cstdlib>
#include <filesystem>

#include "apps/commands.h"
#include "apps/reader_common.h"
#include "base/json_writer.h"
#include "base/strings.h"
#include "config/config.h"
#include "classify/normalizer.h"
#include "classify/places.h"
#include "classify/text_cleaner.h"
#include "ingest/petition_parser.h"
#include "store/store.h"

namespace pakn::apps {
namespace {

struct Context {
  std::unique_ptr<classify::Normalizer> normalizer;
  std::unique_ptr<classify::PlaceIndex> places;
};

bool MakeContext(Context& c) {
  auto n = classify::Normalizer::Create();
  if (!n.ok()) {
    std::cerr << "pakn rules: " << n.status() << "\n";
    return false;
  }
  c.normalizer = std::move(*n);
  auto p = classify::PlaceIndex::Create(*c.normalizer);
  if (!p.ok()) {
    std::cerr << "pakn rules: " << p.status() << "\n";
    return false;
  }
  c.places = std::move(*p);
  return true;
}

int RunCheck(const RulesCommand& cmd, const Context& c) {
  auto files = classify::ReadRuleDir(cmd.dir);
  if (!files.ok()) {
    std::cerr << "pakn rules check: " << files.status().message() << "\n";
    return 2;
  }
  size_t errors = 0, warnings = 0;
  for (const classify::RuleFinding& f : classify::CheckRules(*files, *c.normalizer, c.places.get())) {
    (f.severity == classify::RuleFinding::Severity::kError ? errors : warnings)++;
    std::cout << f.ToString() << "\n";
  }
  if (errors == 0) {
    auto engine = classify::RuleEngine::Compile(*files, *c.normalizer, c.places.get());
    if (engine.ok())
      std::cout << StrCat(cmd.dir, ": ", (*engine)->rule_count(), " rules, ",
                          (*engine)->keyword_count(), " keyword phrases in ", files->size(),
                          " files; version ", (*engine)->version(), "\n");
  }
  std::cout << StrCat(errors, " errors, ", warnings, " warnings\n");
  return errors > 0 || (cmd.strict && warnings > 0) ? 1 : 0;
}

StatusOr<std::unique_ptr<classify::RuleEngine>> LoadEngine(const RulesCommand& cmd,
                                                           const Context& c) {
  return classify::RuleEngine::Load(cmd.dir, *c.normalizer, c.places.get());
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
}

// The petition's routing input, with the steps of ingest/processor.cc: clean title and
// content, search key of "title content", place codes from the location.
struct PetitionInput {
  std::string key, province_code, ward_code;
};

PetitionInput InputOf(const Petition& p, const Context& c, const classify::TextCleaner& cleaner) {
  PetitionInput in;
  const std::string title = cleaner.Clean(p.title).canonical;
  const std::string content = cleaner.Clean(p.content).canonical;
  in.key = c.normalizer->SearchKeyFromCanonical(StrCat(title, " ", content));
  if (!p.location.province.empty() || !p.location.ward.empty()) {
    if (auto m = c.places->Resolve(p.location.province, p.location.ward)) {
      in.province_code = m->province_code;
      in.ward_code = m->ward_code;
    }
  }
  return in;
}

int RunTest(const RulesCommand& cmd, const Context& c) {
  auto engine = LoadEngine(cmd, c);
  if (!engine.ok()) {
    std::cerr << "pakn rules test: " << engine.status().message() << "\n";
    return 2;
  }
  const classify::TextCleaner cleaner(c.normalizer.get(), {});
  PetitionParser parser;
  std::string line;
  size_t n = 0, routed = 0, rejected = 0;
  while (std::getline(std::cin, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ParseResult parsed = parser.Parse(line);
    if (auto* r = std::get_if<Rejection>(&parsed)) {
      ++rejected;
      std::cerr << "line " << n << ": " << r->reason << "\n";
      continue;
    }
    const Petition& p = std::get<Petition>(parsed);
    const PetitionInput in = InputOf(p, c, cleaner);
    const classify::RouteInput route_in{in.key, p.channel, p.kind, p.topic_hint, in.province_code,
                                        in.ward_code};
    if (cmd.json) {
      const classify::RouteExplanation e = (*engine)->Explain(route_in);
      JsonWriter w;
      w.BeginObject();
      w.Member("id", p.id);
      w.Key("explanation");
      w.Raw(FormatExplanation(e, in.key, true));
      w.EndObject();
      std::cout << w.str() << "\n";
      routed += !e.decision.rule_id.empty();
    } else {
      const classify::RouteDecision d = (*engine)->Route(route_in);
      routed += !d.rule_id.empty();
      std::cout << p.id << "\t" << (d.rule_id.empty() ? "-" : d.rule_id) << "\t" << d.topic
                << "\t" << d.agency << (d.agency_area.empty() ? "" : "@" + d.agency_area)
                << "\t" << d.priority << "\t" << d.matched << "\n";
    }
  }
  std::cerr << StrCat(n, " lines, ", routed, " routed by a rule, ", rejected,
                      " not petitions; rule set ", (*engine)->version(), "\n");
  return rejected > 0 ? 1 : 0;
}

int RunExplain(const RulesCommand& given, const Context& c) {
  RulesCommand cmd = given;
  // Without --rules, the rules ingest uses: the config's classify.rules (when there is a
  // config), not config/routing of the current folder.
  if (!cmd.dir_given && !cmd.config_path.empty() && std::filesystem::exists(cmd.config_path)) {
    auto config = LoadConfig(cmd.config_path);
    if (!config.ok()) {
      std::cerr << "pakn rules explain: " << config.status().message() << "\n";
      return 2;
    }
    cmd.dir = config->classify.rules_path;
  }
  if (!cmd.kind.empty() && cmd.kind != "phan_anh" && cmd.kind != "kien_nghi") {
    std::cerr << "pakn rules explain: --kind: expected phan_anh or kien_nghi, got '" << cmd.kind
              << "'\n";
    return 2;
  }
  auto engine = LoadEngine(cmd, c);
  if (!engine.ok()) {
    std::cerr << "pakn rules explain: " << engine.status().message() << "\n";
    return 2;
  }
  // `explain ID`: a stored petition (its search key and fields), when the argument is one.
  if (cmd.text.find_first_of(" \t\n") == std::string::npos) {
    StoreLocation where{cmd.store_dir, cmd.config_path};
    if (auto store = OpenReaderAt(where); store.ok()) {
      auto rec = (*store)->GetPetition(cmd.text);
      if (rec.ok() && rec->has_value()) {
        const store::StoredPetition& p = **rec;
        const std::string province = p.place ? p.place->province_code : "";
        const std::string ward = p.place ? p.place->ward_code : "";
        const std::string key = store::SearchKeyOf(p, *c.normalizer);
        const classify::RouteExplanation e = (*engine)->Explain(
            {key, p.petition.channel, p.petition.kind, p.petition.topic_hint, province,
             ward});
        if (!cmd.json)
          std::cout << "petition " << p.petition.id << ": stored route " << p.route.topic
                    << " -> " << p.route.agency << " by rule "
                    << (p.route.rule_id.empty() ? "-" : p.route.rule_id) << " of rule set "
                    << p.route.ruleset_version << "; now " << p.status << " at " << p.agency
                    << "\nthe rules in " << cmd.dir << " decide today:\n";
        std::cout << FormatExplanation(e, key, cmd.json) << "\n";
        return 0;
      }
      if (rec.ok())
        std::cerr << "(no stored petition '" << cmd.text << "': explaining it as text)\n";
    }
  }
  const classify::TextCleaner cleaner(c.normalizer.get(), {});
  const std::string key = c.normalizer->SearchKeyFromCanonical(cleaner.Clean(cmd.text).canonical);
  std::string province, ward;
  if (!cmd.province.empty() || !cmd.ward.empty()) {
    if (auto m = c.places->Resolve(cmd.province, cmd.ward)) {
      province = m->province_code;
      ward = m->ward_code;
    } else {
      std::cerr << "pakn rules explain: place not recognised: " << cmd.province << " "
                << cmd.ward << "\n";
      return 2;
    }
  }
  const classify::RouteExplanation e =
      (*engine)->Explain({key, cmd.channel, cmd.kind, cmd.topic_hint, province, ward});
  std::cout << FormatExplanation(e, key, cmd.json) << "\n";
  return 0;
}

}  // namespace

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
      w.MemberInt("score", r.score);
      w.Key("terms");
      w.BeginArray();
      for (const classify::MatchedTerm& t : r.terms) {
        w.BeginObject();
        w.Member("keyword", t.keyword);
        w.Member("role", t.role);
        w.Member("text", search_key.substr(t.begin, t.end - t.begin));
        w.MemberInt("begin", t.begin);
        w.MemberInt("end", t.end);
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
  out += StrCat("rule set: ", d.ruleset_version, "\n");
  out += StrCat("matching rules, in evaluation order (", e.rules.size(), "):");
  for (const classify::MatchedRule& r : e.rules) {
    out += StrCat("\n  ", r.rule_id == d.rule_id ? "* " : "  ", r.rule_id, " (", r.file, ":",
                  r.line, ", order ", r.order, r.primary ? "" : ", tags only", ")");
    if (r.score > 0) out += StrCat(" score ", r.score);
    for (const classify::MatchedTerm& t : r.terms)
      out += StrCat("\n      ", t.role, " '", t.keyword, "' at ", t.begin, "-", t.end, ": \"",
                    search_key.substr(t.begin, t.end - t.begin), "\"");
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
  return rules;
}

int RunRules(const RulesCommand& cmd) {
  Context c;
  if (!MakeContext(c)) return 1;
  switch (cmd.action) {
    case RulesCommand::Action::kCheck: return RunCheck(cmd, c);
    case RulesCommand::Action::kTest: return RunTest(cmd, c);
    case RulesCommand::Action::kExplain: return RunExplain(cmd, c);
  }
  return 2;
}

}  // namespace pakn::apps
