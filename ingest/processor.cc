#include "ingest/processor.h"

#include "base/strings.h"

namespace pakn {

MessageProcessor::MessageProcessor(const classify::Normalizer* normalizer,
                                   const classify::TextCleaner* cleaner,
                                   const classify::PlaceIndex* places,
                                   const classify::Router* router,
                                   PetitionParserOptions parser_options, int workers,
                                   bool background, const track::HolidayCalendar* calendar,
                                   track::DayCount count)
    : normalizer_(normalizer),
      cleaner_(cleaner),
      places_(places),
      router_(router),
      calendar_(calendar),
      count_(count),
      pool_(workers, /*caller_works=*/!background) {
  for (int i = 0; i < pool_.size(); ++i)
    parsers_.push_back(std::make_unique<PetitionParser>(parser_options));
}

store::BatchItem MessageProcessor::ProcessWith(PetitionParser& parser,
                                               const RawMessage& m) const {
  if (!events_topic_.empty() && m.position.topic == events_topic_) {
    track::EventParseResult event = track::ParseEvent(m.payload);
    if (auto* rejection = std::get_if<Rejection>(&event))
      return store::IncomingRejection{m.position, std::string(m.key), m.timestamp_ms,
                                      m.payload, std::move(*rejection)};
    return store::IncomingEvent{m.position, m.timestamp_ms,
                                std::move(std::get<track::TrackingEvent>(event))};
  }
  ParseResult parsed = parser.Parse(m.payload);
  if (auto* rejection = std::get_if<Rejection>(&parsed)) {
    return store::IncomingRejection{m.position, std::string(m.key), m.timestamp_ms, m.payload,
                                    std::move(*rejection)};
  }
  store::IncomingPetition in;
  in.position = m.position;
  in.received_ms = m.timestamp_ms;
  in.payload = m.payload;
  in.petition = std::move(std::get<Petition>(parsed));
  Petition& p = in.petition;
  classify::CleanText title = cleaner_->Clean(p.title);
  classify::CleanText content = cleaner_->Clean(p.content);
  p.title = std::move(title.canonical);
  p.content = std::move(content.canonical);
  in.repairs = std::move(title.repairs);
  classify::TextCleaner::MergeRepairs(content.repairs, in.repairs);
  if (p.title.empty() || p.content.empty()) {
    // Text made only of invisible characters is no text: a rejection, not an empty record.
    const char* field = p.title.empty() ? "$.title" : "$.content";
    return store::IncomingRejection{
        m.position, std::string(m.key), m.timestamp_ms, m.payload,
        Rejection{RejectCode::kBadValue, field,
                  StrCat("bad_value: ", field,
                               ": expected visible text, got only spaces or invisible characters")}};
  }
  in.search_key = normalizer_->SearchKeyFromCanonical(StrCat(p.title, " ", p.content));
  in.route = router_->Route(in.search_key, p.topic_hint);
  if (calendar_) {
    const track::DeadlinePolicy* named =
        in.route.deadline_policy.empty()
            ? nullptr
            : track::FindDeadlinePolicy(policies_, in.route.deadline_policy);
    track::DeadlinePolicy policy;
    if (named) {
      policy = *named;
    } else {
      if (const auto* d = track::FindDeadlinePolicy(policies_, "default")) policy = *d;
      policy.length = in.route.deadline_days > 0 ? in.route.deadline_days : policy.length;
      policy.count = count_;
    }
    in.deadline_policy = policy.name;
    // A clock that starts later (acceptance) is provisional until then: from submission.
    in.due_ms = track::DueAt(p.submitted_at_ms, policy, *calendar_);
  }
  if (places_ && (!p.location.province.empty() || !p.location.ward.empty())) {
    if (auto m = places_->Resolve(p.location.province, p.location.ward)) {
      in.place = store::PlaceCodes{std::move(m->province_code), std::move(m->province_name),
                                   std::move(m->ward_code),     std::move(m->ward_name),
                                   std::move(m->old_code),      std::move(m->method),
                                   m->ambiguous};
    }
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

}  // namespace pakn
