// Applier: turns one batch of processed messages into ONE RocksDB WriteBatch holding the
// records, their events, indexes, counters, rejections, the dead-letter outbox AND the next
// offsets of every partition the batch touched (docs/design.md decisions 1, 2, 5). A crash at any
// instant therefore loses nothing and applies nothing twice: either the whole batch with its
// offsets is in the store, or none of it is and Kafka redelivers it.
//
// Identity: the petition id is the key. The same bytes again are a no-op; the same id with
// other bytes is an `amended` event (the new payload is kept beside the old one).
// Messages whose offset is below the stored next offset of their partition are dropped, so a
// redelivery after a rebalance or a Kafka-side commit mistake cannot apply twice.
//
// Tracking events (track/event.h, from pakn.events or from the CLI in local mode: the same
// code path) go through the state machine (track/state_machine.h):
//  - the event_id is the identity: an id seen before (applied, refused or pending) is a no-op;
//  - an allowed action changes the record (state, agency, assignee, deadline, progress
//    updates), its indexes and counters, and appends the action to the history;
//  - a refused one (not allowed in the current state) is recorded in the history as `refused`
//    with the reason; the record does not change;
//  - an event for a petition not yet stored waits in pending_events and is applied, in `at`
//    order, in the batch that creates the petition.
// Each event's outcome is kept in event_ids (LookupEventOutcome) for the CLI to report.
//
// Thread safety: not thread-safe; one Applier per Store, used by the ingest thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "base/status.h"
#include "model/event.h"
#include "store/store.h"
#include "track/deadline_calendar.h"

namespace pakn::store {

// A message that parsed into a petition; text already normalized and routed.
struct IncomingPetition {
  SourcePosition position;
  int64_t received_ms = 0;
  std::string_view payload;  // must outlive Apply()
  Petition petition;         // title/content canonical
  std::string search_key;
  classify::RouteDecision route;
  std::vector<std::string> repairs;  // what normalization changed (TextCleaner)
  std::optional<PlaceCodes> place;   // resolved location (PlaceIndex)
  // When the answer is due (track::DueAt); 0 = calendar days from submission, end of day.
  int64_t due_ms = 0;
  std::string deadline_policy;  // the policy due_ms was computed with ("" = "default")
};

// A message that did not.
struct IncomingRejection {
  SourcePosition position;
  std::string key;
  int64_t received_ms = 0;
  std::string_view payload;  // must outlive Apply()
  Rejection rejection;
};

// A tracking event that parsed (ParseEvent or built by the CLI).
struct IncomingEvent {
  SourcePosition position;  // topic "" for an event applied locally (no Kafka offset)
  int64_t received_ms = 0;
  TrackingEvent event;
};

// A new routing decision for a stored petition (`pakn reroute`): applied only while no human
// has taken the petition in hand (state received or accepted, still at the agency its route
// named) and only if it differs; recorded as a `rerouted` history event.
struct IncomingReroute {
  SourcePosition position;  // topic "": not from Kafka
  std::string petition_id;
  classify::RouteDecision route;
  int64_t at_ms = 0;
  std::string actor;
};

using BatchItem =
    std::variant<IncomingPetition, IncomingRejection, IncomingEvent, IncomingReroute>;

// What IncomingReroute checks (`pakn reroute` uses them to report before it writes):
// no operator has taken the petition in hand (received or accepted, still at the agency its
// route named) ...
bool OpenToReroute(const StoredPetition& p);
// ... and the new decision routes differently (rule, agency and area, topic, priority,
// deadline policy).
bool SameRoute(const classify::RouteDecision& a, const classify::RouteDecision& b);

// What deadlines are computed with when an event starts or restarts the clock.
struct TrackingContext {
  const track::HolidayCalendar* calendar = nullptr;  // null: no days off
  std::vector<track::DeadlinePolicy> policies;       // "default" is the fallback
};

struct ApplyStats {
  uint64_t created = 0;
  uint64_t duplicates = 0;  // identical redelivery: no change
  uint64_t amended = 0;
  uint64_t rejected = 0;
  uint64_t stale = 0;       // offset below the stored one: dropped
  uint64_t bytes = 0;       // payload bytes applied
  uint64_t events_applied = 0;    // tracking events that changed a petition
  uint64_t events_refused = 0;    // not allowed in the petition's state (recorded)
  uint64_t events_pending = 0;    // petition not stored yet: kept until it arrives
  uint64_t events_duplicate = 0;  // event_id seen before: no change
  uint64_t rerouted = 0;          // reroutes that changed a petition's route
  uint64_t reroute_kept = 0;      // same decision, taken in hand by a human, or not stored
};

class Applier {
 public:
  // `store` (and the calendar in `tracking`) must outlive the Applier.
  explicit Applier(Store* store, TrackingContext tracking = {});
  ~Applier();

  // `items` are in offset order within each partition.
  StatusOr<ApplyStats> Apply(std::span<const BatchItem> items);

  // The deadline policies for the batches applied from now on (after a rule-set reload).
  void set_policies(std::vector<track::DeadlinePolicy> policies) {
    tracking_.policies = std::move(policies);
  }

  // Forgets cached offsets (after a rebalance another process may have moved them).
  void ResetOffsetCache() { next_offsets_.clear(); }

 private:
  class BatchWriter;
  Status LoadPendingIds();

  Store* store_;
  TrackingContext tracking_;
  std::unordered_map<std::string, int64_t> next_offsets_;  // OffsetKey → next offset
  // Ids of petitions with events in pending_events (loaded on the first Apply).
  std::optional<std::unordered_set<std::string>> pending_ids_;
};

}  // namespace pakn::store
