#include "store/applier.h"

#include <map>

#include "base/json_writer.h"
#include "base/status_macros.h"
#include "base/time.h"
#include "rocksdb/write_batch.h"
#include "store/rocks_status.h"

namespace pakn::store {
namespace {

constexpr std::string_view kIngestActor = "pakn-ingest";

// Records touched by this batch, so that a second message for the same id in the same batch
// sees the first one.
struct Pending {
  StoredPetition record;
  std::string payload;  // the latest payload
};

rocksdb::Slice S(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

std::string ReceivedDetail(const SourcePosition& pos, const Petition& p) {
  JsonWriter w;
  w.BeginObject();
  WritePositionMembers(w, pos);
  w.Member("channel", p.channel);
  w.MemberIfNotEmpty("source", p.source);
  w.EndObject();
  return std::move(w).Take();
}

std::string RoutedDetail(const classify::RouteDecision& r, int64_t due_ms) {
  JsonWriter w;
  w.BeginObject();
  WriteRouteMembers(w, r);
  w.Member("due_at", LocalDateTime(due_ms));
  w.EndObject();
  return std::move(w).Take();
}

std::string AmendedDetail(const SourcePosition& pos, uint32_t version, uint64_t old_hash,
                          uint64_t new_hash) {
  JsonWriter w;
  w.BeginObject();
  w.MemberInt("version", version);
  WritePositionMembers(w, pos);
  w.Key("previous_payload_hash");
  w.Int(static_cast<int64_t>(old_hash));
  w.Key("payload_hash");
  w.Int(static_cast<int64_t>(new_hash));
  w.EndObject();
  return std::move(w).Take();
}

void PutEvent(rocksdb::WriteBatch& wb, Store& store, StoredPetition& rec, std::string type,
              int64_t at_ms, std::string detail) {
  StoredEvent ev{rec.event_count++, std::move(type), at_ms, std::string(kIngestActor),
                 std::move(detail)};
  wb.Put(store.handle(kCfEvents), EventKey(rec.petition.id, ev.seq), EncodeEvent(ev));
}

}  // namespace

StatusOr<ApplyStats> Applier::Apply(std::span<const BatchItem> items) {
  ApplyStats stats;
  rocksdb::WriteBatch wb;
  std::map<std::string, Pending> pending;
  std::map<std::string, int64_t> touched;  // OffsetKey → next offset after this batch
  const std::string one = EncodeCount(1);

  for (const BatchItem& item : items) {
    const SourcePosition& pos = std::visit([](const auto& i) -> const SourcePosition& {
      return i.position;
    }, item);
    const std::string okey = OffsetKey(pos.topic, pos.partition);
    auto cached = touched.find(okey);
    int64_t next = -1;
    if (cached != touched.end()) {
      next = cached->second;
    } else if (auto it = next_offsets_.find(okey); it != next_offsets_.end()) {
      next = it->second;
    } else {
      PAKN_ASSIGN_OR_RETURN(std::optional<int64_t> stored,
                            store_->NextOffset(pos.topic, pos.partition));
      next = stored.value_or(-1);
      next_offsets_[okey] = next;
    }
    if (pos.offset < next) {
      ++stats.stale;
      continue;
    }
    touched[okey] = pos.offset + 1;

    if (const auto* r = std::get_if<IncomingRejection>(&item)) {
      StoredRejection sr{r->position, r->key, r->received_ms, r->rejection,
                         std::string(r->payload)};
      const std::string key = RejectionKey(pos.topic, pos.partition, pos.offset);
      wb.Put(store_->handle(kCfRejections), key, EncodeRejection(sr));
      wb.Put(store_->handle(kCfDlqOutbox), key, "");
      wb.Merge(store_->handle(kCfCounters),
               RejectionCounterKey(LocalDate(r->received_ms), RejectCodeName(r->rejection.code)),
               one);
      ++stats.rejected;
      stats.bytes += r->payload.size();
      continue;
    }

    const auto& in = std::get<IncomingPetition>(item);
    const std::string& id = in.petition.id;
    const uint64_t hash = PayloadHash(in.payload);
    stats.bytes += in.payload.size();
    auto pit = pending.find(id);
    if (pit == pending.end()) {
      PAKN_ASSIGN_OR_RETURN(std::optional<StoredPetition> existing, store_->GetPetition(id));
      if (existing) {
        PAKN_ASSIGN_OR_RETURN(std::optional<std::string> payload,
                              store_->Get(kCfPayloads, PayloadKey(id, existing->version)));
        pit = pending.emplace(id, Pending{std::move(*existing), payload.value_or("")}).first;
      }
    }

    if (pit == pending.end()) {  // a new petition
      StoredPetition rec;
      rec.petition = in.petition;
      rec.search_key = in.search_key;
      rec.repairs = in.repairs;
      rec.place = in.place;
      rec.route = in.route;
      rec.received_ms = in.received_ms;
      rec.day = LocalDate(in.petition.submitted_at_ms);
      rec.due_ms = in.due_ms != 0 ? in.due_ms
                                  : in.petition.submitted_at_ms +
                                        int64_t{in.route.deadline_days} * kMillisPerDay;
      rec.origin = pos;
      rec.payload_hash = hash;
      PutEvent(wb, *store_, rec, "received", in.received_ms, ReceivedDetail(pos, in.petition));
      PutEvent(wb, *store_, rec, "routed", in.received_ms, RoutedDetail(in.route, rec.due_ms));
      wb.Put(store_->handle(kCfPayloads), PayloadKey(id, rec.version), S(in.payload));
      wb.Put(store_->handle(kCfIdxDay), DayIndexKey(rec.day, id), "");
      wb.Put(store_->handle(kCfIdxAgencyStatus), AgencyStatusKey(rec.route.agency, rec.status, id),
             "");
      wb.Merge(store_->handle(kCfCounters),
               PetitionCounterKey(rec.day, rec.route.agency, rec.route.topic, rec.status), one);
      wb.Put(store_->handle(kCfPetitions), id, EncodePetition(rec));
      pending.emplace(id, Pending{std::move(rec), std::string(in.payload)});
      ++stats.created;
      continue;
    }

    Pending& p = pit->second;
    if (p.record.payload_hash == hash && p.payload == in.payload) {
      ++stats.duplicates;
      continue;
    }
    // An amendment: the citizen's (or portal's) new version of the same petition. Its text
    // replaces the current one; routing, status and day stay (a re-route is an explicit act).
    StoredPetition& rec = p.record;
    const uint64_t old_hash = rec.payload_hash;
    rec.version += 1;
    rec.payload_hash = hash;
    Petition updated = in.petition;
    rec.petition = std::move(updated);
    rec.search_key = in.search_key;
    rec.repairs = in.repairs;
    rec.place = in.place;
    PutEvent(wb, *store_, rec, "amended", in.received_ms,
             AmendedDetail(pos, rec.version, old_hash, hash));
    wb.Put(store_->handle(kCfPayloads), PayloadKey(id, rec.version), S(in.payload));
    wb.Put(store_->handle(kCfPetitions), id, EncodePetition(rec));
    p.payload.assign(in.payload);
    ++stats.amended;
  }

  for (const auto& [okey, next] : touched) {
    std::string value;
    AppendU64(value, static_cast<uint64_t>(next));
    wb.Put(store_->handle(kCfOffsets), okey, value);
  }
  if (wb.Count() == 0) return stats;
  Status s = store_->Write(wb);
  if (!s.ok()) {
    next_offsets_.clear();  // the cache may be ahead of the store now
    return s;
  }
  for (const auto& [okey, next] : touched) next_offsets_[okey] = next;
  return stats;
}

}  // namespace pakn::store
