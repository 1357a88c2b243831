// MessageProcessor: the pure, parallel part of ingest. For each raw message of a batch it
// parses the petition, normalizes its text and routes it, on the worker pool, and returns one
// store::BatchItem per message in the input order (docs/design.md data flow). No I/O.
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
#include "classify/rules.h"
#include "classify/text_cleaner.h"
#include "ingest/worker_pool.h"
#include "model/event.h"
#include "model/petition_parser.h"
#include "store/applier.h"
#include "track/deadline_calendar.h"

namespace pakn::ingest {

// A message as it came from Kafka; the views point into buffers that outlive the batch.
struct RawMessage {
  store::SourcePosition position;
  std::string_view key;
  std::string_view payload;
  int64_t timestamp_ms = 0;
};

// A work budget of text: a title or content with a run of more than
// classify::kMaxCombiningMarks combining marks is a bad_value (classify/text_cleaner.h).

class MessageProcessor {
 public:
  // `places` may be null (locations are then not resolved). With `background`, the pool has
  // `workers` threads of its own and Start() leaves the caller free (ingest writes the
  // previous batch meanwhile); otherwise the caller of Process() is one of the workers.
  // With a `calendar`, the due instant of each petition is track::DueAt from its submission
  // (the portal's receipt) by the deadline policy its route names (see DeadlinePolicies).
  // `rules` routes every batch until set_rules() replaces it.
  MessageProcessor(const classify::Normalizer* normalizer, const classify::TextCleaner* cleaner,
                   const classify::PlaceIndex* places,
                   std::shared_ptr<const classify::RuleEngine> rules,
                   PetitionParserOptions parser_options, int workers, bool background = false,
                   const track::HolidayCalendar* calendar = nullptr,
                   track::DayCount count = track::DayCount::kCalendar);

  // The rule set for the batches started from now on (a live reload); call between batches
  // (the pool idle). A batch is routed by one rule set, never a mix.
  void set_rules(std::shared_ptr<const classify::RuleEngine> rules);
  const classify::RuleEngine& rules() const { return *rules_; }

  // The deadline policies in force: the rule set's [[deadline_policy]] (classify/rules.h), then
  // `overrides` from the config's [[deadlines.policy]] replacing or adding by name.
  const std::vector<track::DeadlinePolicy>& deadline_policies() const { return policies_; }

  // Messages of `topic` are tracking events (ParseEvent), not petitions.
  void set_events_topic(std::string topic) { events_topic_ = std::move(topic); }
  // The config's [[deadlines.policy]]: they override the rule set's policies of the same name.
  void set_policy_overrides(std::vector<track::DeadlinePolicy> overrides);

  // items.size() becomes messages.size(); items[i] belongs to messages[i].
  void Process(std::span<const RawMessage> messages, std::vector<store::BatchItem>& items);

  // The same, asynchronously: `messages`, their buffers and `items` must stay untouched until
  // Wait() returns.
  void Start(std::span<const RawMessage> messages, std::vector<store::BatchItem>& items);
  void Wait() { pool_.Wait(); }
  bool WaitFor(std::chrono::milliseconds timeout) { return pool_.WaitFor(timeout); }

  // One message, on the calling thread (tests, `pakn rules test`).
  store::BatchItem ProcessOne(const RawMessage& message);

 private:
  store::BatchItem ProcessWith(PetitionParser& parser, const RawMessage& message) const;
  void MergePolicies();

  const classify::Normalizer* normalizer_;
  const classify::TextCleaner* cleaner_;
  const classify::PlaceIndex* places_;
  std::shared_ptr<const classify::RuleEngine> rules_;
  const track::HolidayCalendar* calendar_;
  track::DayCount count_;
  std::string events_topic_;
  std::vector<track::DeadlinePolicy> overrides_;
  std::vector<track::DeadlinePolicy> policies_;
  WorkerPool pool_;
  std::vector<std::unique_ptr<PetitionParser>> parsers_;  // one per worker
};

}  // namespace pakn::ingest
