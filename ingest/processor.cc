#include "ingest/processor.h"

#include <algorithm>
#include <optional>

#include "base/strings.h"
#include "base/time.h"
#include "classify/routing.h"
#include "model/json_reader.h"
#include "pipeline/petition_check.h"
#include "pipeline/pipeline.h"

namespace pakn::ingest {

MessageProcessor::MessageProcessor(const classify::Normalizer* normalizer,
                                   const classify::TextCleaner* cleaner,
                                   const classify::PlaceIndex* places,
                                   std::shared_ptr<const classify::RuleEngine> rules,
                                   PetitionParserOptions parser_options, int workers,
                                   bool background, const track::HolidayCalendar* calendar,
                                   track::DayCount count)
    : normalizer_(normalizer),
      cleaner_(cleaner),
      places_(places),
      rules_(std::move(rules)),
      calendar_(calendar),
      count_(count),
      pool_(workers, /*caller_works=*/!background) {
  for (int i = 0; i < pool_.size(); ++i)
    parsers_.push_back(std::make_unique<PetitionParser>(parser_options));
  MergePolicies();
}

void MessageProcessor::set_rules(std::shared_ptr<const classify::RuleEngine> rules) {
  pool_.Wait();
  const bool changed = rules_->version() != rules->version();
  rules_ = std::move(rules);
  if (changed) MergePolicies();
}

void MessageProcessor::set_policy_overrides(std::vector<track::DeadlinePolicy> overrides) {
  pool_.Wait();
  overrides_ = std::move(overrides);
  MergePolicies();
}

void MessageProcessor::MergePolicies() {
  policies_ = pipeline::MergeDeadlinePolicies(*rules_, overrides_);
}

store::BatchItem MessageProcessor::ProcessWith(PetitionParser& parser,
                                               const RawMessage& m) const {
  if (!events_topic_.empty() && m.position.topic == events_topic_) {
    EventParseResult event = ParseEvent(m.payload);
    if (auto* rejection = std::get_if<Rejection>(&event))
      return store::IncomingRejection{m.position, std::string(m.key), m.timestamp_ms,
                                      m.payload, std::move(*rejection)};
    return store::IncomingEvent{m.position, m.timestamp_ms,
                                std::move(std::get<TrackingEvent>(event))};
  }
  auto checked = pipeline::CheckPetition(parser, *cleaner_, m.payload, m.timestamp_ms);
  if (auto* rejection = std::get_if<Rejection>(&checked)) {
    return store::IncomingRejection{m.position, std::string(m.key), m.timestamp_ms, m.payload,
                                    std::move(*rejection)};
  }
  store::IncomingPetition in;
  in.position = m.position;
  in.received_ms = m.timestamp_ms;
  in.payload = m.payload;
  in.petition = std::move(std::get<pipeline::CheckedPetition>(checked).petition);
  in.repairs = std::move(std::get<pipeline::CheckedPetition>(checked).repairs);
  Petition& p = in.petition;
  classify::Routed routed = classify::RoutePetition(
      *rules_, *normalizer_, places_,
      {.title = p.title, .content = p.content, .channel = p.channel, .kind = p.kind,
       .topic_hint = p.topic_hint, .location_province = p.location.province,
       .location_ward = p.location.ward, .location_address = p.location.address});
  in.search_key = std::move(routed.search_key);
  if (routed.place) {
    classify::PlaceMatch& m = *routed.place;
    in.place = store::PlaceCodes{std::move(m.province_code), std::move(m.province_name),
                                 std::move(m.ward_code),     std::move(m.ward_name),
                                 std::move(m.old_code),      std::move(m.method),
                                 m.ambiguous};
  }
  in.route = std::move(routed.route);
  if (calendar_) {
    const track::DeadlinePolicy* named =
        in.route.deadline_policy.empty()
            ? nullptr
            : track::FindDeadlinePolicy(policies_, in.route.deadline_policy);
    track::DeadlinePolicy policy;
    if (named) {
      policy = *named;
    } else {
      policy.length = in.route.deadline_days > 0 ? in.route.deadline_days : policy.length;
      policy.count = count_;
    }
    in.deadline_policy = policy.name;
    // A clock that starts later (acceptance) is provisional until then: from submission.
    in.due_ms = track::DueAt(p.submitted_at_ms, policy, *calendar_);
  }
  return in;
}

void MessageProcessor::Process(std::span<const RawMessage> messages,
                               std::vector<store::BatchItem>& items) {
  pool_.Wait();
  items.clear();
  items.resize(messages.size());
  pool_.ParallelFor(messages.size(), [&](size_t i, int worker) {
    items[i] = ProcessWith(*parsers_[worker], messages[i]);
  });
}

void MessageProcessor::Start(std::span<const RawMessage> messages,
                             std::vector<store::BatchItem>& items) {
  pool_.Wait();
  items.clear();
  items.resize(messages.size());
  std::vector<store::BatchItem>* out = &items;
  pool_.Start(messages.size(), [this, messages, out](size_t i, int worker) {
    (*out)[i] = ProcessWith(*parsers_[worker], messages[i]);
  });
}

store::BatchItem MessageProcessor::ProcessOne(const RawMessage& message) {
  return ProcessWith(*parsers_[0], message);
}

}  // namespace pakn::ingest
