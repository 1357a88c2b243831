// Retention of personal data (Decree 13/2023/NĐ-CP; [store] keep_personal_data_years;
// docs/operator-guide.md "Personal data"). Once a petition has left the office's hands
// (no longer open) and its last activity (submission, answer, closing, a progress note, any
// operator's act; not a reveal, and not when ingest read it: an import of old petitions
// counts from their own dates) is older than the cutoff, what identifies its citizen is
// erased from the store:
//  - every version's payload (payloads/) is deleted;
//  - the text part (texts/: title, content, repairs, reporter, location, attachments) is
//    rewritten empty, keeping the history's first events;
//  - every history entry keeps its type, time, actor and the members that are not free text
//    (from, to, agency, assignee, visibility, of, topic, due_at, on_time, ...): notes,
//    answers, reasons and the text a rule matched are dropped;
//  - the record keeps everything else (states, deadlines, route, place codes, counters are not
//    touched) and says when (pii_erased_ms).
// Rejected messages received before the cutoff are deleted whole (their counters stay).
//
// Deleted and overwritten values leave the store's files when RocksDB next compacts them;
// the sealed column families are compacted at least every 30 days (Store), so an erased
// value is gone from the files within 30 days, and before that it is sealed.
//
//   ErasureCursor c;
//   do { PAKN_ASSIGN_OR_RETURN(step, ErasePersonalData(store, cutoff, now, c, 500)); }
//   while (!c.done);
//
// Thread safety: a writer's operation (primary store, the caller of its Applier).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "store/store.h"

namespace pakn::store {

// Where a pass over the store has got to; a fresh one starts a pass.
struct ErasureCursor {
  std::string day_key;        // the next idx_day key to examine ("" = the start)
  std::string rejection_key;  // the next rejections key ("" = the start)
  bool petitions_done = false;
  bool done = false;  // the pass has examined everything before the cutoff
};

struct ErasureStep {
  uint64_t examined = 0;    // petitions read
  uint64_t erased = 0;      // petitions whose personal data was erased by this step
  uint64_t rejections = 0;  // rejected messages deleted
  ErasureStep& operator+=(const ErasureStep& o) {
    examined += o.examined;
    erased += o.erased;
    rejections += o.rejections;
    return *this;
  }
};

// One step of a pass: examines up to `budget` petitions (then rejected messages) and writes
// what it erases in one batch (not the offsets: it is not a Kafka batch).
StatusOr<ErasureStep> ErasePersonalData(Store& store, int64_t cutoff_ms, int64_t now_ms,
                                        ErasureCursor& cursor, size_t budget);

// The cutoff for `years` of retention at `now_ms`: the same instant `years` years earlier.
int64_t RetentionCutoff(int64_t now_ms, int64_t years);

// A history entry's detail without its free text (the members listed above); for tests too.
std::string StripDetail(std::string_view detail_json);

}  // namespace pakn::store
