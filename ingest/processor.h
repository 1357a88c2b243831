// MessageProcessor: the pure, parallel part of ingest. For each raw message of a batch it
// parses the petition, normalizes its text and routes it, on the worker pool, and returns one
// store::BatchItem per message in the input order (DESIGN.md data flow). No I/O.
//
// Thread safety: Process() must not be called concurrently (it owns the pool); the normalizer
// cleaner and router it borrows must outlive it and are used from many threads.
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "classify/normalizer.h"
#include "classify/places.h"
#include "classify/router.h"
#include "classify/text_cleaner.h"
#include "track/deadline_calendar.h"
#include "track/event.h"
#include "ingest/petition_parser.h"
#include "ingest/worker_pool.h"
#include "store/applier.h"

namespace pakn {

// A message as it came from Kafka; the views point into buffers that outlive the batch.
struct RawMessage {
  store::SourcePosition position;
  std::string_view key;
  std::string_view payload;
  int64_t timestamp_ms = 0;
};

class MessageProcessor {
 public:
  // `places` may be null (locations are then not resolved). With `background`, the pool has
  // `workers` threads of its own and Start() leaves the caller free (ingest writes the
  // previous batch meanwhile); otherwise the caller of Process() is one of the workers.
  // With a `calendar`, the due instant of each petition is track::DueAt from its submission
  // (the portal's receipt) for the route's deadline_days counted as `count`.
  MessageProcessor(const classify::Normalizer* normalizer, const classify::TextCleaner* cleaner,
                   const classify::PlaceIndex* places, const classify::Router* router,
                   PetitionParserOptions parser_options, int workers, bool background = false,
                   const track::HolidayCalendar* calendar = nullptr,
                   track::DayCount count = track::DayCount::kCalendar);

  // Messages of `topic` are tracking events (track::ParseEvent), not petitions.
  void set_events_topic(std::string topic) { events_topic_ = std::move(topic); }
  // The config's deadline policies: a route naming one (RouteDecision::deadline_policy) is
  // timed by it; any other by "default" with the rule's deadline_days counted as `count`.
  void set_deadline_policies(std::vector<track::DeadlinePolicy> policies) {
    policies_ = std::move(policies);
  }

  // items.size() becomes messages.size(); items[i] belongs to messages[i].
  void Process(std::span<const RawMessage> messages, std::vector<store::BatchItem>& items);

  // The same, asynchronously: `messages`, their buffers and `items` must stay untouched until
  // Wait() returns.
  void Start(std::span<const RawMessage> messages, std::vector<store::BatchItem>& items);
  void Wait() { pool_.Wait(); }

  // One message, on the calling thread (tests, `pakn rules test`).
  store::BatchItem ProcessOne(const RawMessage& message);

 private:
  store::BatchItem ProcessWith(PetitionParser& parser, const RawMessage& message) const;

  const classify::Normalizer* normalizer_;
  const classify::TextCleaner* cleaner_;
  const classify::PlaceIndex* places_;
  const classify::Router* router_;
  const track::HolidayCalendar* calendar_;
  track::DayCount count_;
  std::string events_topic_;
  std::vector<track::DeadlinePolicy> policies_;
  WorkerPool pool_;
  std::vector<std::unique_ptr<PetitionParser>> parsers_;  // one per worker
};

}  // namespace pakn
