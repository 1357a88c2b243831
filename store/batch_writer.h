// Internal to store/: the state of one Applier::Apply() (Applier::BatchWriter) and the helpers
// its two source files share. applier.cc holds Apply, petitions, rejections and indexes;
// apply_tracking.cc holds tracking events, reroutes and deadlines. Not for use outside store/.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "rocksdb/write_batch.h"
#include "store/applier.h"
#include "store/record.h"
#include "store/schema.h"
#include "track/state_machine.h"

namespace pakn::store {
namespace apply_internal {

inline rocksdb::Slice S(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

// What of a record its index entries and counters are made of.
struct Indexed {
  std::string agency, topic, status, assignee, day;
  int64_t due_ms = 0, next_update_ms = 0;
  bool open = false;
  std::string channel, province;  // 'P' counters: received by channel and province
  bool operator==(const Indexed&) const = default;
};

inline Indexed IndexedOf(const StoredPetition& r) {
  return Indexed{r.agency, r.route.topic, r.status, r.assignee, r.day,
                 r.due_ms, r.next_update_ms, track::IsOpen(r.status), r.petition.channel,
                 r.place ? r.place->province_code : std::string()};
}

struct PendingEvent {
  int64_t at_ms;
  std::string event_id;
  std::string key;  // in pending_events
  TrackingEvent event;
};

}  // namespace apply_internal

// The state of one Apply(): the WriteBatch being filled and the records it changed, so that a
// later message of the same batch sees the earlier ones. Its petition and rejection half is in
// applier.cc, its tracking half (events, reroutes, deadlines) in apply_tracking.cc.
class Applier::BatchWriter {
 public:
  explicit BatchWriter(Applier& applier)
      : applier_(applier), store_(*applier.store_) {}

  rocksdb::WriteBatch wb;
  ApplyStats stats;

  Status AddPetition(const IncomingPetition& in, const SourcePosition& pos);
  Status AddRejection(const IncomingRejection& r, const SourcePosition& pos);
  Status AddEvent(const IncomingEvent& in);
  Status AddReroute(const IncomingReroute& in);
  // After the batch is written: the petitions that now have events waiting.
  void NotePending(std::unordered_set<std::string>& ids) const {
    for (const auto& [id, events] : new_pending_) ids.insert(id);
  }
  // Adds `delta` to a counter. The batch's changes of one counter are summed and written as
  // one merge operand by WriteCounts: a batch of 2,000 petitions touches a few hundred
  // counters, and every operand is a memtable insert and work for each compaction.
  void Count(std::string key, int64_t delta) { counts_[std::move(key)] += delta; }
  void WriteCounts() {
    for (const auto& [key, delta] : counts_)
      if (delta != 0) wb.Merge(store_.handle(kCfCounters), key, EncodeCount(delta));
    counts_.clear();
  }

 private:
  struct Touched {
    StoredPetition record;            // without its text part when that is in texts/
    std::optional<std::string> payload;  // the latest payload, once read (petitions only)
  };

  // The record of `id` from this batch or the store; nullptr when there is none.
  StatusOr<Touched*> Find(const std::string& id);
  // Stores a version's bytes and the record's text part under the next arrival number
  // (PayloadSeqKey), and points the record at them. The text part then stays out of the record,
  // which every tracking event rewrites and every compaction of petitions/ copies.
  // A new petition's first version also carries the history's first events (`intake`: received,
  // routed), which are then not written to events/.
  void PutPayload(StoredPetition& rec, uint64_t seq, std::string_view payload,
                  std::span<const StoredEvent> intake = {}) {
    const std::string key = PayloadSeqKey(rec.payload_seq = seq);
    if (store_.sealing()) {
      wb.Put(store_.handle(kCfPayloads), key, store_.Seal(kCfPayloads, key, std::string(payload)));
      wb.Put(store_.handle(kCfTexts), key,
             store_.Seal(kCfTexts, key, EncodePetitionText(rec, intake)));
    } else {
      wb.Put(store_.handle(kCfPayloads), key, apply_internal::S(payload));
      wb.Put(store_.handle(kCfTexts), key, EncodePetitionText(rec, intake));
    }
    if (!intake.empty()) rec.intake_seq = seq;
    rec.text_at = TextAt::kLoaded;  // the record of this version no longer carries it
  }
  uint64_t NextPayloadSeq() {
    if (next_payload_seq_ == 0) next_payload_seq_ = store_.LatestSequence() + 1;
    return next_payload_seq_++;
  }
  // The next history event of `rec`, not written anywhere yet.
  static StoredEvent NextEvent(StoredPetition& rec, std::string type, int64_t at_ms,
                               std::string_view actor, std::string detail) {
    return StoredEvent{rec.event_count++, std::move(type), at_ms, std::string(actor),
                       std::move(detail)};
  }
  void PutRecord(const StoredPetition& rec) {
    wb.Put(store_.handle(kCfPetitions), rec.petition.id, EncodePetition(rec));
  }
  uint64_t PutHistory(StoredPetition& rec, std::string type, int64_t at_ms,
                      std::string_view actor, std::string detail) {
    const StoredEvent ev = NextEvent(rec, std::move(type), at_ms, actor, std::move(detail));
    const std::string key = EventKey(rec.petition.id, ev.seq);
    wb.Put(store_.handle(kCfEvents), key, store_.Seal(kCfEvents, key, EncodeEvent(ev)));
    return ev.seq;
  }
  // Adds (sign +1) or removes (-1) the index entries and counters of a record.
  void Index(const apply_internal::Indexed& x, std::string_view id, int sign);
  void PutOutcome(const std::string& event_id, EventOutcome outcome) {
    std::string value = EncodeEventOutcome(outcome);
    wb.Put(store_.handle(kCfEventIds), event_id, value);
    outcomes_[event_id] = std::move(outcome);
  }
  const track::DeadlinePolicy& PolicyOf(const StoredPetition& rec) const;
  const track::HolidayCalendar& Calendar() const;
  void SetNextUpdate(StoredPetition& rec, const track::DeadlinePolicy& policy) const;
  // Runs `e` through the state machine on `rec` and writes the outcome.
  void ApplyTo(StoredPetition& rec, const TrackingEvent& e, const SourcePosition& pos,
               bool was_pending);
  // Applies the events that waited for `rec` (stored ones and this batch's).
  Status ApplyPending(StoredPetition& rec);

  Applier& applier_;
  Store& store_;
  std::map<std::string, Touched> records_;
  std::map<std::string, EventOutcome> outcomes_;  // event_id → outcome, this batch
  std::unordered_map<std::string, int64_t> counts_;  // counter key → change, this batch
  // The next payload's number: after the store's last sequence number, so unique (this
  // batch's operations take the numbers after it, one each, and it writes fewer payloads
  // than operations) and increasing from batch to batch. 0 = not taken yet.
  uint64_t next_payload_seq_ = 0;
  std::map<std::string, std::vector<apply_internal::PendingEvent>> new_pending_;  // petition id → events
};

}  // namespace pakn::store
