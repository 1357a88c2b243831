// pakn rules train | eval: the trained model and the measurement of routing on labelled
// petitions (docs/routing.md "Measuring").
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "apps/cli.h"
#include "apps/cmd_rules.h"
#include "base/hash.h"
#include "base/json_writer.h"
#include "base/strings.h"
#include "classify/routing.h"
#include "classify/text_cleaner.h"
#include "classify/topic_model.h"
#include "config/config.h"
#include "fmt/format.h"
#include "model/petition_parser.h"
#include "pipeline/pipeline.h"
#include "simdjson.h"

namespace pakn::apps {
namespace {

// One labelled petition, cleaned as ingest cleans it.
struct Labelled {
  std::string id, topic, agency, province, place_label;  // the label
  std::string title, content, channel, kind, topic_hint, loc_province, loc_ward, loc_address;
  classify::PetitionFields Fields() const {
    return {.title = title, .content = content, .channel = channel, .kind = kind,
            .topic_hint = topic_hint, .location_province = loc_province,
            .location_ward = loc_ward, .location_address = loc_address};
  }
};

// Reads JSON-lines files of petitions with a "label" member {topic, agency, province, place}.
StatusOr<std::vector<Labelled>> ReadLabelled(const std::vector<std::string>& paths,
                                             const classify::TextCleaner& cleaner) {
  std::vector<Labelled> out;
  PetitionParser parser;
  simdjson::dom::parser json;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return NotFoundError(StrCat(path, ": cannot open the labelled file"));
    std::string line;
    size_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      ParseResult parsed = parser.Parse(line);
      if (auto* r = std::get_if<Rejection>(&parsed))
        return InvalidArgumentError(StrCat(path, ":", n, ": not a petition: ", r->reason));
      const Petition& p = std::get<Petition>(parsed);
      simdjson::dom::element doc;
      simdjson::dom::object label;
      if (json.parse(line).get(doc) || doc["label"].get_object().get(label))
        return InvalidArgumentError(
            StrCat(path, ":", n, ": $.label: expected an object {topic, agency, province}"));
      Labelled l;
      auto str = [&](const char* key, std::string& dst, bool required) -> Status {
        std::string_view v;
        if (label[key].get_string().get(v)) {
          if (required)
            return InvalidArgumentError(StrCat(path, ":", n, ": $.label.", key,
                                               ": expected a string"));
          return OkStatus();
        }
        dst = std::string(v);
        return OkStatus();
      };
      if (Status s = str("topic", l.topic, true); !s.ok()) return s;
      if (Status s = str("agency", l.agency, false); !s.ok()) return s;
      if (Status s = str("province", l.province, false); !s.ok()) return s;
      if (Status s = str("place", l.place_label, false); !s.ok()) return s;
      l.id = p.id;
      l.title = cleaner.Clean(p.title).canonical;
      l.content = cleaner.Clean(p.content).canonical;
      l.channel = p.channel;
      l.kind = p.kind;
      l.topic_hint = p.topic_hint;
      l.loc_province = p.location.province;
      l.loc_ward = p.location.ward;
      l.loc_address = p.location.address;
      out.push_back(std::move(l));
    }
  }
  if (out.empty()) return InvalidArgumentError("--labelled: no labelled petitions in the files");
  return out;
}

std::vector<classify::RuleFileText> WithoutModel(std::vector<classify::RuleFileText> files) {
  std::erase_if(files, [](const classify::RuleFileText& f) {
    return f.name.ends_with(classify::kModelFileName);
  });
  return files;
}

// Training rows: the features of each petition routed by the rules alone.
std::vector<classify::TrainingRow> TrainingRows(const classify::RuleEngine& rules_only,
                                                const classify::Normalizer& normalizer,
                                                const classify::PlaceIndex* places,
                                                const std::vector<const Labelled*>& rows) {
  std::vector<classify::TrainingRow> out;
  for (const Labelled* l : rows) {
    const classify::Routed r = classify::RoutePetition(rules_only, normalizer, places, l->Fields());
    out.push_back({classify::ModelFeatureNames({r.search_key, r.title_bytes, &r.route}), l->topic});
  }
  return out;
}

struct Outcome {
  const Labelled* row;
  classify::RouteDecision route;
  std::optional<classify::PlaceMatch> place;
  std::string guess;         // the best-guess topic (triage: the first candidate)
  std::string guess_agency;  // and its agency
};

bool Triaged(const classify::RouteDecision& d) {
  return d.method == "triage" || d.method == "unrouted";
}

std::string Pct(size_t a, size_t b) { return b ? fmt::format("{:.1f}%", 100.0 * a / b) : "-"; }

struct Report {
  std::string text;
  double topic_accuracy = 0, auto_accuracy = 0, triage_share = 0, province_accuracy = 0,
         province_false = 0;
};

Report Summarise(const std::vector<Outcome>& outs, bool json, const std::string& title) {
  size_t n = outs.size(), topic_ok = 0, agency_ok = 0, both_ok = 0, triage = 0, auto_ok = 0,
         auto_agency_ok = 0;
  std::map<std::string, std::array<size_t, 3>> per;  // tp, fp, fn
  std::map<std::pair<std::string, std::string>, size_t> confusion;
  std::map<std::string, size_t> methods;
  size_t prov_n = 0, prov_ok = 0, none_n = 0, none_fp = 0;
  std::map<std::string, std::array<size_t, 2>> prov_by_place;  // label.place -> ok, n
  for (const Outcome& o : outs) {
    const Labelled& l = *o.row;
    const bool t = o.guess == l.topic;
    const bool a = o.guess_agency == l.agency;
    topic_ok += t;
    agency_ok += a;
    both_ok += t && a;
    ++methods[o.route.method];
    if (Triaged(o.route)) {
      ++triage;
    } else {
      auto_ok += o.route.topic == l.topic;
      auto_agency_ok += o.route.agency == l.agency;
    }
    if (t) {
      ++per[l.topic][0];
    } else {
      ++per[o.guess][1];
      ++per[l.topic][2];
      ++confusion[{l.topic, o.guess}];
    }
    const std::string got = o.place ? o.place->province_code : "";
    if (!l.province.empty()) {
      ++prov_n;
      prov_ok += got == l.province;
      auto& pb = prov_by_place[l.place_label];
      pb[0] += got == l.province;
      ++pb[1];
    } else {
      ++none_n;
      none_fp += !got.empty();
    }
  }
  Report rep;
  rep.topic_accuracy = n ? double(topic_ok) / n : 0;
  rep.auto_accuracy = n - triage ? double(auto_ok) / double(n - triage) : 0;
  rep.triage_share = n ? double(triage) / n : 0;
  rep.province_accuracy = prov_n ? double(prov_ok) / prov_n : 0;
  rep.province_false = none_n ? double(none_fp) / none_n : 0;
  std::vector<std::pair<size_t, std::pair<std::string, std::string>>> pairs;
  for (const auto& [k, v] : confusion) pairs.push_back({v, k});
  std::stable_sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  auto f1 = [](const std::array<size_t, 3>& c) {
    const double p = c[0] + c[1] ? double(c[0]) / double(c[0] + c[1]) : 0;
    const double r = c[0] + c[2] ? double(c[0]) / double(c[0] + c[2]) : 0;
    return std::array<double, 3>{p, r, p + r > 0 ? 2 * p * r / (p + r) : 0};
  };
  if (json) {
    JsonWriter w;
    w.BeginObject();
    w.Member("set", title);
    w.MemberInt("petitions", static_cast<int64_t>(n));
    w.Key("topic_accuracy"); w.Double(rep.topic_accuracy);
    w.Key("agency_accuracy"); w.Double(n ? double(agency_ok) / n : 0);
    w.Key("triage_share"); w.Double(rep.triage_share);
    w.Key("auto_accuracy"); w.Double(rep.auto_accuracy);
    w.Key("auto_agency_accuracy"); w.Double(n - triage ? double(auto_agency_ok) / double(n - triage) : 0);
    w.Key("province_accuracy"); w.Double(rep.province_accuracy);
    w.Key("province_false_positive_rate"); w.Double(rep.province_false);
    w.Key("methods");
    w.BeginObject();
    for (const auto& [m, c] : methods) w.MemberInt(m, static_cast<int64_t>(c));
    w.EndObject();
    w.Key("per_topic");
    w.BeginObject();
    for (const auto& [topic, c] : per) {
      const auto prf = f1(c);
      w.Key(topic);
      w.BeginObject();
      w.Key("precision"); w.Double(prf[0]);
      w.Key("recall"); w.Double(prf[1]);
      w.Key("f1"); w.Double(prf[2]);
      w.MemberInt("support", static_cast<int64_t>(c[0] + c[2]));
      w.EndObject();
    }
    w.EndObject();
    w.Key("confusion");
    w.BeginArray();
    for (const auto& [count, k] : pairs) {
      w.BeginObject();
      w.Member("expected", k.first);
      w.Member("got", k.second);
      w.MemberInt("count", static_cast<int64_t>(count));
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    rep.text = std::move(w).Take();
    return rep;
  }
  std::string s = fmt::format("{}: {} petitions\n", title, n);
  s += fmt::format("  topic (top-1, triage's best guess included): {} ({}/{})\n", Pct(topic_ok, n), topic_ok, n);
  s += fmt::format("  agency (top-1):                               {} ({}/{})\n", Pct(agency_ok, n), agency_ok, n);
  s += fmt::format("  topic and agency (top-1):                     {}\n", Pct(both_ok, n));
  s += fmt::format("  sent to triage:                               {} ({})\n", Pct(triage, n), triage);
  s += fmt::format("  topic right among those routed automatically: {} ({}/{})\n",
                   Pct(auto_ok, n - triage), auto_ok, n - triage);
  s += fmt::format("  agency right among those routed automatically: {}\n", Pct(auto_agency_ok, n - triage));
  std::string m;
  for (const auto& [k, v] : methods) m += fmt::format(" {} {}", k, v);
  s += fmt::format("  decided by:{}\n", m);
  s += fmt::format("  province right where the label names one:     {} ({}/{})", Pct(prov_ok, prov_n), prov_ok, prov_n);
  for (const auto& [place, c] : prov_by_place) s += fmt::format("; {} {}", place.empty() ? "?" : place, Pct(c[0], c[1]));
  s += fmt::format("\n  province invented where the text names none:  {} ({}/{})\n", Pct(none_fp, none_n), none_fp, none_n);
  s += "  per topic:                 precision  recall     F1  support\n";
  for (const auto& [topic, c] : per) {
    const auto prf = f1(c);
    s += fmt::format("    {:<24} {:>8.1f}% {:>6.1f}% {:>6.3f} {:>8}\n", topic, 100 * prf[0], 100 * prf[1],
                     prf[2], c[0] + c[2]);
  }
  s += "  confusions (expected -> got: count):\n";
  for (size_t i = 0; i < pairs.size() && i < 25; ++i)
    s += fmt::format("    {} -> {}: {}\n", pairs[i].second.first, pairs[i].second.second, pairs[i].first);
  rep.text = std::move(s);
  return rep;
}

std::pair<std::string, std::string> GuessOf(const classify::RouteDecision& d) {
  if (!Triaged(d) || d.candidates.empty()) return {d.topic, d.agency};
  return {d.candidates.front().topic, d.candidates.front().agency};
}

using Env = RulesContext;

}  // namespace

int RunRulesTrain(const RulesCommand& cmd) {
  const char* who = "pakn rules train";
  Env env;
  if (Status s = MakeRulesContext(cmd, env); !s.ok()) return Exit(who, s);
  auto files = classify::ReadRuleDir(cmd.dir);
  if (!files.ok()) {
    return Exit(who, InvalidArgumentError(std::string(files.status().message())));
  }
  const auto rule_files = WithoutModel(*files);
  auto rules = classify::RuleEngine::Compile(rule_files, *env.normalizer, env.places);
  if (!rules.ok()) {
    return Exit(who, InvalidArgumentError(std::string(rules.status().message())));
  }
  const classify::TextCleaner& cleaner = env.pipeline->cleaner();
  auto rows = ReadLabelled(cmd.labelled, cleaner);
  if (!rows.ok()) {
    return Exit(who, InvalidArgumentError(std::string(rows.status().message())));
  }
  std::vector<const Labelled*> all;
  for (const Labelled& l : *rows) all.push_back(&l);
  classify::TrainOptions options;
  options.c = cmd.c;
  options.trained_line = fmt::format("{} rows\tC {}\trules {}", all.size(), cmd.c, (*rules)->version());
  auto text =
      classify::TrainTopicModel(TrainingRows(**rules, *env.normalizer, env.places, all), options);
  if (!text.ok()) {
    return Exit(who, UnavailableError(std::string(text.status().message())));
  }
  const std::string out = cmd.out.empty() ? StrCat(cmd.dir, "/", classify::kModelFileName) : cmd.out;
  const std::string tmp = out + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << *text;
    if (!f.flush()) {
      std::filesystem::remove(tmp);
      return Exit(who, InvalidArgumentError(StrCat("--out: cannot write ", tmp)));
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, out, ec);
  if (ec) {
    return Exit(who, InvalidArgumentError(StrCat("--out: cannot write ", out, ": ", ec.message())));
  }
  auto model = classify::TopicModel::Parse(*text, out);
  fmt::print(stdout, "{}: {} rows, {} topics, {} features; model version {}\n", out, all.size(),
             model.ok() ? (*model)->labels().size() : 0, model.ok() ? (*model)->feature_count() : 0,
             model.ok() ? (*model)->version() : "?");
  return 0;
}

int RunRulesEval(const RulesCommand& cmd) {
  const char* who = "pakn rules eval";
  Env env;
  if (Status s = MakeRulesContext(cmd, env); !s.ok()) return Exit(who, s);
  const classify::TextCleaner& cleaner = env.pipeline->cleaner();
  auto rows = ReadLabelled(cmd.labelled, cleaner);
  if (!rows.ok()) {
    return Exit(who, InvalidArgumentError(std::string(rows.status().message())));
  }
  auto files = classify::ReadRuleDir(cmd.dir);
  if (!files.ok()) {
    return Exit(who, InvalidArgumentError(std::string(files.status().message())));
  }
  auto route_all = [&](const classify::RuleEngine& e, const std::vector<const Labelled*>& which,
                       std::vector<Outcome>& out) {
    for (const Labelled* l : which) {
      classify::Routed r = classify::RoutePetition(e, *env.normalizer, env.places, l->Fields());
      Outcome o{l, std::move(r.route), std::move(r.place), "", ""};
      std::tie(o.guess, o.guess_agency) = GuessOf(o.route);
      out.push_back(std::move(o));
    }
  };
  std::vector<Outcome> outs;
  std::string engine_version;
  if (cmd.folds > 1) {
    // Cross-validation of the model: each fold is routed by a model trained on the others
    // (with the folder's rules); rows go to folds by a hash of their id.
    const auto rule_files = WithoutModel(*files);
    auto rules = classify::RuleEngine::Compile(rule_files, *env.normalizer, env.places);
    if (!rules.ok()) {
      return Exit(who, InvalidArgumentError(std::string(rules.status().message())));
    }
    engine_version = (*rules)->version();
    for (int k = 0; k < cmd.folds; ++k) {
      std::vector<const Labelled*> train, test;
      for (const Labelled& l : *rows)
        (Fnv1a64(l.id) % static_cast<uint64_t>(cmd.folds) == static_cast<uint64_t>(k) ? test : train)
            .push_back(&l);
      classify::TrainOptions options;
      options.c = cmd.c;
      options.trained_line = fmt::format("fold {} of {}", k + 1, cmd.folds);
      auto text = classify::TrainTopicModel(
          TrainingRows(**rules, *env.normalizer, env.places, train), options);
      if (!text.ok()) {
        return Exit(who, UnavailableError(StrCat("fold ", k + 1, ": ", text.status().message())));
      }
      auto with_model = rule_files;
      with_model.push_back({StrCat("fold-", k + 1, "/", classify::kModelFileName), *text});
      auto e = classify::RuleEngine::Compile(with_model, *env.normalizer, env.places);
      if (!e.ok()) {
        return Exit(who, UnavailableError(std::string(e.status().message())));
      }
      route_all(**e, test, outs);
    }
  } else {
    auto e = classify::RuleEngine::Compile(*files, *env.normalizer, env.places);
    if (!e.ok()) {
      return Exit(who, InvalidArgumentError(std::string(e.status().message())));
    }
    engine_version = (*e)->version();
    std::vector<const Labelled*> all;
    for (const Labelled& l : *rows) all.push_back(&l);
    route_all(**e, all, outs);
  }
  const std::string title = fmt::format("{} with rules {} in {}{}", StrJoin(cmd.labelled, ", "),
                                        engine_version, cmd.dir,
                                        cmd.folds > 1 ? fmt::format(", model by {}-fold cross-validation", cmd.folds) : "");
  const Report rep = Summarise(outs, cmd.json, title);
  fmt::print(stdout, "{}{}", rep.text, (cmd.json ? "\n" : ""));
  if (!cmd.against.empty()) {
    auto other = classify::RuleEngine::Load(cmd.against, *env.normalizer, env.places);
    if (!other.ok()) {
      return Exit(who, InvalidArgumentError(StrCat("--against: ", other.status().message())));
    }
    std::vector<const Labelled*> all;
    for (const Outcome& o : outs) all.push_back(o.row);
    std::vector<Outcome> before;
    route_all(**other, all, before);
    size_t changed = 0, fixed = 0, broke = 0;
    std::string lines;
    for (size_t i = 0; i < outs.size(); ++i) {
      if (outs[i].guess == before[i].guess && outs[i].guess_agency == before[i].guess_agency) continue;
      ++changed;
      const bool now = outs[i].guess == outs[i].row->topic, then = before[i].guess == outs[i].row->topic;
      fixed += now && !then;
      broke += then && !now;
      lines += fmt::format("  {}: {} {} -> {} {} (label {}){}\n", outs[i].row->id, before[i].guess,
                           before[i].guess_agency, outs[i].guess, outs[i].guess_agency,
                           outs[i].row->topic, now && !then ? " fixed" : then && !now ? " broken" : "");
    }
    fmt::print(stdout, "against {} (rules {}): {} decisions changed, {} fixed, {} broken\n{}",
               cmd.against, (*other)->version(), changed, fixed, broke, cmd.json ? "" : lines);
  }
  Status verdict;  // a floor not met: FAILED_PRECONDITION (exit 1), each one printed
  auto floor = [&](double value, double min, const char* what) {
    if (min > 0 && value + 1e-12 < min) {
      fmt::print(stderr, "{}: {} {:.2f}% is below the floor {:.2f}%\n", who, what, 100 * value,
                 100 * min);
      verdict = FailedPreconditionError("below a floor");
    }
  };
  floor(rep.topic_accuracy, cmd.min_topic_accuracy, "topic accuracy");
  floor(rep.auto_accuracy, cmd.min_auto_accuracy, "accuracy of the automatically routed");
  floor(rep.province_accuracy, cmd.min_province_accuracy, "province accuracy");
  if (cmd.max_triage < 1 && rep.triage_share > cmd.max_triage + 1e-12) {
    fmt::print(stderr, "{}: triage share {:.2f}% is above the ceiling {:.2f}%\n", who,
               100 * rep.triage_share, 100 * cmd.max_triage);
    verdict = FailedPreconditionError("above the ceiling");
  }
  return ExitCode(verdict);
}

}  // namespace pakn::apps
