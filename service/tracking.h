// Record an operator's action on a petition: the use case behind `pakn accept | assign | ...`
// and, later, the HTTP service's operator endpoints.
//
//   PAKN_ASSIGN_OR_RETURN(auto pipeline, pipeline::Pipeline::Create(config, {.places = false}));
//   auto transport = NewKafkaEventTransport(config, store_dir, std::chrono::seconds(10));
//   StatusOr<ActionOutcome> done = RecordAction(event, now_ms, config, *pipeline, *transport,
//   namer);
//
// RecordAction checks the event as ingest will (track's ValidateEvent, the size ingest takes,
// a corrected topic that the taxonomy has), then hands it to a transport:
//  - KafkaEventTransport produces it to kafka.events_topic keyed by the petition id, then waits
//    (bounded) until ingest has applied it, reading the outcome through a secondary instance;
//  - LocalEventTransport applies it to the store itself with the Applier ingest uses (no
//    broker, or --local; the store must not be held by a running ingest).
// The outcome is what the store recorded: applied (the new state), refused (the reason, kept in
// the history) or pending (the petition has not arrived yet). A refusal is an outcome, not an
// error.
//
// Errors (their codes are the exit codes of apps/cli.h): INVALID_ARGUMENT for an event ingest
// would refuse, named in the caller's words (`namer` turns "$.agency" into "--agency" for the
// CLI); NOT_FOUND when the local store has no such petition (or no original for `of`);
// DEADLINE_EXCEEDED when Kafka took the event but ingest did not apply it within the wait;
// UNAVAILABLE when the store or the broker failed.
//
// Thread safety: a transport is used by one caller at a time; RecordAction keeps no state.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "config/config.h"
#include "model/event.h"
#include "pipeline/pipeline.h"
#include "store/record.h"

namespace pakn::service {

// Turns an event member's JSON path ("$.agency") into the caller's name for it.
using FieldNamer = std::function<std::string(std::string_view field)>;

struct ActionOutcome {
  store::EventOutcome outcome;                    // applied | refused | pending
  std::optional<store::StoredPetition> petition;  // as the store has it afterwards
  std::string via;        // "local", or where Kafka put it ("pakn.events[0]@4")
  bool repeated = false;  // local: this event id was applied before; nothing changed
};

class EventTransport {
 public:
  virtual ~EventTransport() = default;
  // `now_ms`: when the operator acted (the local Applier's message time; Kafka stamps its own).
  virtual StatusOr<ActionOutcome> Deliver(const TrackingEvent& event, int64_t now_ms) = 0;
};

// `store_dir` is the store folder; `store_label` names where it came from in errors
// ("store.path" or "--store"). The pipeline gives the calendar and the deadline policies.
std::unique_ptr<EventTransport> NewLocalEventTransport(const PaknConfig& config,
                                                       std::string store_dir,
                                                       std::string store_label,
                                                       const pipeline::Pipeline& pipeline,
                                                       FieldNamer namer);

// Waits at most `wait` for ingest to apply the event, reading the store at `store_dir`.
std::unique_ptr<EventTransport> NewKafkaEventTransport(const PaknConfig& config,
                                                       std::string store_dir,
                                                       std::chrono::milliseconds wait);

// Records that `actor` is shown the personal data of the petitions `ids` in clear, and why
// (`reason`): a reveal event each (model/lifecycle.h), kept in their histories. With
// kafka.brokers: produced to kafka.events_topic, ok once the broker has acknowledged every one
// (ingest applies them next); without: applied to the store at `store_dir` directly (which a
// running ingest must not hold). Callers show nothing in clear unless this returns ok.
// INVALID_ARGUMENT for a blank or over-long reason or actor (`namer`: "$.note" → "--reason").
Status RecordReveals(const PaknConfig& config, const std::string& store_dir,
                     const std::vector<std::string>& ids, std::string_view actor,
                     std::string_view reason, int64_t now_ms, const FieldNamer& namer);

StatusOr<ActionOutcome> RecordAction(const TrackingEvent& event, int64_t now_ms,
                                     const PaknConfig& config, const pipeline::Pipeline& pipeline,
                                     EventTransport& transport, const FieldNamer& namer);

}  // namespace pakn::service
