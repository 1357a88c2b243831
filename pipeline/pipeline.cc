#include "pipeline/pipeline.h"

#include <algorithm>

#include "base/status_macros.h"
#include "config/toml_file.h"

namespace pakn::pipeline {

std::vector<track::DeadlinePolicy> MergeDeadlinePolicies(
    const classify::RuleEngine& rules, const std::vector<track::DeadlinePolicy>& overrides) {
  std::vector<track::DeadlinePolicy> out;
  for (const classify::DeadlinePolicyRule* r : rules.DeadlinePolicies()) {
    track::DeadlinePolicy p;
    p.name = r->code;
    p.length = r->days;
    p.count = r->count == "working" ? track::DayCount::kWorking : track::DayCount::kCalendar;
    p.clock_starts = r->clock_starts;
    p.progress_update_days = r->progress_update_days;
    out.push_back(std::move(p));
  }
  for (const track::DeadlinePolicy& o : overrides) {
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const track::DeadlinePolicy& p) { return p.name == o.name; });
    if (it != out.end()) {
      *it = o;
    } else {
      out.push_back(o);
    }
  }
  return out;
}

namespace {

// The config's [[deadlines.policy]], as written. ParseDeadlinePolicies appends a built-in
// "default" after the file's own when the file has none: that one is not an override.
StatusOr<std::vector<track::DeadlinePolicy>> PolicyOverrides(const PaknConfig& config) {
  if (config.path.empty()) return std::vector<track::DeadlinePolicy>{};
  PAKN_ASSIGN_OR_RETURN(TomlFile file, TomlFile::Load(config.path));
  PAKN_ASSIGN_OR_RETURN(const toml::table* deadlines, file.GetTable(file.root(), "", "deadlines"));
  PAKN_ASSIGN_OR_RETURN(std::vector<track::DeadlinePolicy> overrides,
                        track::ParseDeadlinePolicies(file, deadlines));
  const toml::node* listed = deadlines ? deadlines->get("policy") : nullptr;
  const size_t written = listed && listed->as_array() ? listed->as_array()->size() : 0;
  overrides.resize(written);
  return overrides;
}

}  // namespace

Pipeline::~Pipeline() = default;

StatusOr<std::unique_ptr<Pipeline>> Pipeline::Create(const PaknConfig& config,
                                                     PipelineOptions options) {
  std::unique_ptr<Pipeline> p(new Pipeline());
  PAKN_ASSIGN_OR_RETURN(p->normalizer_, classify::Normalizer::Create());
  p->cleaner_ = std::make_unique<classify::TextCleaner>(
      p->normalizer_.get(),
      classify::TextCleanerOptions{.tone_style = config.classify.tone_style == "new"
                                                     ? classify::ToneStyle::kNew
                                                     : classify::ToneStyle::kOld});
  if (options.places) {
    PAKN_ASSIGN_OR_RETURN(p->places_, classify::PlaceIndex::Create(*p->normalizer_));
  }
  const bool configured = options.rules_dir.empty();
  p->rules_dir_ = configured ? config.classify.rules_path : options.rules_dir;
  if (options.rules) {
    auto live = classify::LiveRules::Open(p->rules_dir_, *p->normalizer_, p->places_.get());
    if (!live.ok()) {
      // A folder from the config is named with the setting; one given on the command line as
      // it was given.
      return InvalidArgumentError(configured ? RulesProblem(config, live.status().message())
                                             : std::string(live.status().message()));
    }
    p->live_ = std::move(*live);
  }
  if (options.deadlines) {
    auto calendar = track::HolidayCalendar::Load(config.deadlines.holidays_path);
    if (!calendar.ok())
      return InvalidArgumentError(HolidaysProblem(config, calendar.status().message()));
    p->calendar_ = std::move(*calendar);
    PAKN_ASSIGN_OR_RETURN(p->overrides_, PolicyOverrides(config));
    p->deadlines_ = true;
  }
  p->day_count_ =
      config.deadlines.count == "working" ? track::DayCount::kWorking : track::DayCount::kCalendar;
  return p;
}

std::vector<track::DeadlinePolicy> Pipeline::DeadlinePolicies(
    const classify::RuleEngine& rules) const {
  return MergeDeadlinePolicies(rules, overrides_);
}

classify::Routed Pipeline::Route(const classify::RuleEngine& rules, const Petition& p) const {
  const std::string title = cleaner_->Clean(p.title).canonical;
  const std::string content = cleaner_->Clean(p.content).canonical;
  return classify::RoutePetition(rules, *normalizer_, places_.get(),
                                 {.title = title,
                                  .content = content,
                                  .channel = p.channel,
                                  .kind = p.kind,
                                  .topic_hint = p.topic_hint,
                                  .location_province = p.location.province,
                                  .location_ward = p.location.ward,
                                  .location_address = p.location.address});
}

}  // namespace pakn::pipeline
