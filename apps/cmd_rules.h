// pakn rules check | test | explain: the routing rules for the office staff who keep them
// (docs/routing.md "Commands").
//
// Registration (apps/main.cc):
//   RulesCommand rules;
//   CLI::App* s_rules = AddRulesCommand(app, rules);
//   ...
//   if (*s_rules) return RunRules(rules);
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "classify/rules.h"
#include "pipeline/pipeline.h"

namespace pakn::apps {

struct RulesCommand {
  enum class Action { kCheck, kTest, kExplain, kTrain, kEval };
  Action action = Action::kCheck;
  std::string dir = "config/routing";  // the rule folder (taxonomy.toml + rules/*.toml)
  bool dir_given = false;  // --rules on the command line; else explain takes the config's
  bool json = false;
  bool strict = false;  // check: warnings fail too
  // explain: the text (title and content) and the fields of the petition.
  std::string text, channel, kind, topic_hint, province, ward;
  // explain ID: where the stored petition is.
  std::string config_path = "config/pakn.toml", store_dir;
  // train / eval: labelled petitions (JSON lines with a "label" member).
  std::vector<std::string> labelled;
  std::string out;      // train: the model file (default DIR/model.txt)
  double c = 16.0;      // train, eval --folds: LIBLINEAR's C (chosen by 5-fold CV on tune.jsonl)
  int folds = 0;        // eval: > 1 cross-validates the model
  std::string against;  // eval: another rule folder to compare decisions with
  double min_topic_accuracy = 0, min_auto_accuracy = 0, min_province_accuracy = 0;
  double max_triage = 1;
};

// What the rules commands clean and place petitions with, as ingest does: the pipeline of the
// config (its tone style) when there is one, without rules or deadlines; the commands compile
// the rule folders themselves (check lists every finding, eval compares several).
struct RulesContext {
  std::unique_ptr<pipeline::Pipeline> pipeline;
  const classify::Normalizer* normalizer = nullptr;
  const classify::PlaceIndex* places = nullptr;
};
Status MakeRulesContext(const RulesCommand& cmd, RulesContext& c);

int RunRulesTrain(const RulesCommand& cmd);
int RunRulesEval(const RulesCommand& cmd);

// Adds the `rules` subcommand and its three subcommands to `app`; returns the `rules` one.
CLI::App* AddRulesCommand(CLI::App& app, RulesCommand& cmd);
int RunRules(const RulesCommand& cmd);

// The explanation of one routing as text (what `pakn rules explain` prints) or as one JSON
// object. For `explain ID` on a stored petition: build the RouteInput from the stored search
// key and fields, call engine.Explain() and print this.
std::string FormatExplanation(const classify::RouteExplanation& e, std::string_view search_key,
                              bool json);

}  // namespace pakn::apps
