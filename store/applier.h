// Applier: turns one batch of processed messages into ONE RocksDB WriteBatch holding the
// records, their events, indexes, counters, rejections, the dead-letter outbox AND the next
// offsets of every partition the batch touched (DESIGN.md decisions 1, 2, 5). A crash at any
// instant therefore loses nothing and applies nothing twice: either the whole batch with its
// offsets is in the store, or none of it is and Kafka redelivers it.
//
// Identity: the petition id is the key. The same bytes again are a no-op; the same id with
// other bytes is an `amended` event (the new payload is kept beside the old one).
// Messages whose offset is below the stored next offset of their partition are dropped, so a
// redelivery after a rebalance or a Kafka-side commit mistake cannot apply twice.
//
// Thread safety: not thread-safe; one Applier per Store, used by the ingest thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

#include "base/status.h"
#include "store/store.h"

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
};

// A message that did not.
struct IncomingRejection {
  SourcePosition position;
  std::string key;
  int64_t received_ms = 0;
  std::string_view payload;  // must outlive Apply()
  Rejection rejection;
};

using BatchItem = std::variant<IncomingPetition, IncomingRejection>;

struct ApplyStats {
  uint64_t created = 0;
  uint64_t duplicates = 0;  // identical redelivery: no change
  uint64_t amended = 0;
  uint64_t rejected = 0;
  uint64_t stale = 0;       // offset below the stored one: dropped
  uint64_t bytes = 0;       // payload bytes applied
};

class Applier {
 public:
  explicit Applier(Store* store) : store_(store) {}  // `store` must outlive the Applier

  // `items` are in offset order within each partition.
  StatusOr<ApplyStats> Apply(std::span<const BatchItem> items);

  // Forgets cached offsets (after a rebalance another process may have moved them).
  void ResetOffsetCache() { next_offsets_.clear(); }

 private:
  Store* store_;
  std::unordered_map<std::string, int64_t> next_offsets_;  // OffsetKey → next offset
};

}  // namespace pakn::store
