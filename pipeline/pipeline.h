// Pipeline: the decisions pakn takes on a petition, built from the config in one place.
//
// Everything that cleans, places, routes or dates a petition — ingest, `pakn reroute`, `pakn
// rules test/explain/eval/train`, the operator commands and the coming HTTP service — takes it
// from here, so that they all decide alike: the TextCleaner with the configured tone style,
// the Normalizer and its search key, the PlaceIndex (2025 units), the live rule set (and its
// trained model), the holiday calendar and the deadline policies (the rule set's
// [[deadline_policy]] with the config's [[deadlines.policy]] over them). Kafka-free and
// store-free.
//
//   PAKN_ASSIGN_OR_RETURN(auto pipeline, Pipeline::Create(config));
//   std::shared_ptr<const classify::RuleEngine> rules = pipeline->rules();  // one snapshot
//   classify::Routed r = pipeline->Route(*rules, petition);
//   store::TrackingContext{pipeline->calendar(), pipeline->DeadlinePolicies(*rules)};
//
// Errors: a bad rule folder, holiday file or [[deadlines.policy]] is INVALID_ARGUMENT naming
// the config setting, file and line (exit 2 at the CLI); ICU failing to start is INTERNAL.
//
// Thread safety: the accessors and Route are const and safe from any number of threads; the
// live rules reload under their own lock (classify/live_rules.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "classify/live_rules.h"
#include "classify/normalizer.h"
#include "classify/places.h"
#include "classify/routing.h"
#include "classify/rules.h"
#include "classify/text_cleaner.h"
#include "config/config.h"
#include "model/petition.h"
#include "track/deadline_calendar.h"

namespace pakn::pipeline {

struct PipelineOptions {
  // The rule folder; "" = the config's classify.rules.
  std::string rules_dir;
  // The PlaceIndex (about 13 MB, ~0.1 s to build). Commands that never place a petition (the
  // operator actions, which need only the deadline policies) leave it out; the rules are then
  // compiled without checking area codes against the units.
  bool places = true;
  // Open the rule folder as live rules. Off for the rules commands, which compile a folder
  // themselves (to list every finding, or to compare several); rules() is then null.
  bool rules = true;
  // The holiday calendar and the config's [[deadlines.policy]]. Off for commands given only a
  // rule folder (rules check/test/eval without a config).
  bool deadlines = true;
};

class Pipeline {
 public:
  static StatusOr<std::unique_ptr<Pipeline>> Create(const PaknConfig& config,
                                                    PipelineOptions options = {});

  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;
  ~Pipeline();

  const classify::Normalizer& normalizer() const { return *normalizer_; }
  // With the configured tone style (classify.tone_style).
  const classify::TextCleaner& cleaner() const { return *cleaner_; }
  // nullptr without PipelineOptions::places.
  const classify::PlaceIndex* places() const { return places_.get(); }
  // The rule set in force (a snapshot: a batch is routed by one set, never a mix).
  // Null without PipelineOptions::rules.
  std::shared_ptr<const classify::RuleEngine> rules() const {
    return live_ ? live_->Current() : nullptr;
  }
  // For reloads (SIGHUP, file changes): ingest's loop decides when. Needs the rules.
  classify::LiveRules& live_rules() { return *live_; }
  const std::string& rules_dir() const { return rules_dir_; }

  // nullptr without PipelineOptions::deadlines.
  const track::HolidayCalendar* calendar() const { return deadlines_ ? &calendar_ : nullptr; }
  track::DayCount day_count() const { return day_count_; }
  // The config's own [[deadlines.policy]], as written (empty when it defines none).
  const std::vector<track::DeadlinePolicy>& policy_overrides() const { return overrides_; }
  // The deadline policies in force with `rules`: its [[deadline_policy]], then the config's
  // overrides replacing or adding by name.
  std::vector<track::DeadlinePolicy> DeadlinePolicies(const classify::RuleEngine& rules) const;

  // Cleans the title and content (cleaner()), then classify::RoutePetition: search key, place
  // from the location or the text, route.
  classify::Routed Route(const classify::RuleEngine& rules, const Petition& p) const;

 private:
  Pipeline() = default;

  std::unique_ptr<classify::Normalizer> normalizer_;
  std::unique_ptr<classify::TextCleaner> cleaner_;
  std::unique_ptr<classify::PlaceIndex> places_;  // before live_, which borrows it
  std::unique_ptr<classify::LiveRules> live_;
  std::string rules_dir_;
  bool deadlines_ = false;
  track::HolidayCalendar calendar_;
  track::DayCount day_count_ = track::DayCount::kCalendar;
  std::vector<track::DeadlinePolicy> overrides_;
};

// The deadline policies of `rules` with `overrides` replacing or adding by name (what
// Pipeline::DeadlinePolicies does with the config's).
std::vector<track::DeadlinePolicy> MergeDeadlinePolicies(
    const classify::RuleEngine& rules, const std::vector<track::DeadlinePolicy>& overrides);

}  // namespace pakn::pipeline
