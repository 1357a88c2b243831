#include "ingest/processor.h"

#include <algorithm>
#include <optional>

#include "base/strings.h"
#include "base/time.h"
#include "classify/routing.h"
#include "model/json_reader.h"
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

namespace {

// A petition's submission time: within the plausible years (base/time.h), and at most a day
// after its message reached Kafka (clock skew). A timestamp that is itself implausible (none
// was available) bounds nothing. (An event's time gets the years only, in track's checks:
// an operator may date an act ahead.)
std::optional<Rejection> ImplausibleSubmission(const Petition& p, int64_t message_ms) {
  std::string why(OutsidePlausibleYears(p.submitted_at_ms));
  if (why.empty() && OutsidePlausibleYears(message_ms).empty() &&
      p.submitted_at_ms > message_ms + kMillisPerDay)
    why = StrCat("is more than a day after the message reached Kafka (",
                 LocalDateTime(message_ms), ")");
  if (why.empty()) return std::nullopt;
  return MakeRejection(RejectCode::kBadValue, "$.submitted_at",
                       StrCat("'", p.submitted_at.substr(0, 40), "' ", why));
}

}  // namespace

// Work budget of the text: the longest run of combining marks (U+0300-036F, U+1AB0-1AFF,
// U+1DC0-1DFF, U+20D0-20FF, U+FE20-FE2F) and where it starts. Vietnamese puts at most two marks
// on a letter; a run of thousands is an attack on canonical ordering (ICU reorders a run by
// insertion, quadratic in its length: 80,000 alternating U+0301 U+0323 cost 7.7 s).

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
  ParseResult parsed = parser.Parse(m.payload);
  if (auto* rejection = std::get_if<Rejection>(&parsed)) {
    return store::IncomingRejection{m.position, std::string(m.key), m.timestamp_ms, m.payload,
                                    std::move(*rejection)};
  }
  if (auto bad = ImplausibleSubmission(std::get<Petition>(parsed), m.timestamp_ms))
    return store::IncomingRejection{m.position, std::string(m.key), m.timestamp_ms, m.payload,
                                    std::move(*bad)};
  store::IncomingPetition in;
  in.position = m.position;
  in.received_ms = m.timestamp_ms;
  in.payload = m.payload;
  in.petition = std::move(std::get<Petition>(parsed));
  Petition& p = in.petition;
  for (const auto& [field, text] : {std::pair{"$.title", &p.title}, {"$.content", &p.content}}) {
    if (const classify::MarkRun run = classify::LongestMarkRun(*text);
        run.length > classify::kMaxCombiningMarks)
      return store::IncomingRejection{
          m.position, std::string(m.key), m.timestamp_ms, m.payload,
          MakeRejection(RejectCode::kBadValue, field,
                        StrCat("a run of ", run.length, " combining marks at byte ", run.at,
                               " of the text; expected at most ", classify::kMaxCombiningMarks,
                               " on one letter (Vietnamese needs two)"))};
  }
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
