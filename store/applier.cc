#include "store/applier.h"

#include <map>
#include <string>

#include "base/json_writer.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time.h"
#include "store/batch_writer.h"
#include "store/rocks_status.h"

namespace pakn::store {
using apply_internal::Indexed;
using apply_internal::IndexedOf;

namespace {

constexpr std::string_view kIngestActor = "pakn-ingest";

std::string ReceivedDetail(const SourcePosition& pos, const Petition& p, uint64_t payload_seq) {
  JsonWriter w;
  w.BeginObject();
  WritePositionMembers(w, pos);
  w.Member("channel", p.channel);
  w.MemberIfNotEmpty("source", p.source);
  w.MemberInt("payload_seq", static_cast<int64_t>(payload_seq));
  w.EndObject();
  return std::move(w).Take();
}

std::string RoutedDetail(const classify::RouteDecision& r, int64_t due_ms,
                         std::string_view policy) {
  JsonWriter w;
  w.BeginObject();
  WriteRouteMembers(w, r);  // includes the route's deadline_policy
  w.Member("due_at", LocalDateTime(due_ms));
  // The policy the due date was computed with, when it is not the route's own (a route whose
  // policy is unknown falls back to the default); one key, never the same key twice.
  if (!policy.empty() && policy != r.deadline_policy)
    w.Member("deadline_policy_applied", policy);
  w.EndObject();
  return std::move(w).Take();
}

std::string AmendedDetail(const SourcePosition& pos, uint32_t version, uint64_t old_hash,
                          uint64_t new_hash, uint64_t payload_seq) {
  JsonWriter w;
  w.BeginObject();
  w.MemberInt("version", version);
  WritePositionMembers(w, pos);
  w.Key("previous_payload_hash");
  w.Int(static_cast<int64_t>(old_hash));
  w.Key("payload_hash");
  w.Int(static_cast<int64_t>(new_hash));
  w.MemberInt("payload_seq", static_cast<int64_t>(payload_seq));
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeU64(int64_t v) {
  std::string out;
  AppendU64(out, static_cast<uint64_t>(v));
  return out;
}

}  // namespace

StatusOr<Applier::BatchWriter::Touched*> Applier::BatchWriter::Find(const std::string& id) {
  if (auto it = records_.find(id); it != records_.end()) return &it->second;
  // Events and reroutes change only the record: its text part (in texts/) is not read.
  PAKN_ASSIGN_OR_RETURN(std::optional<StoredPetition> existing, store_.GetRecord(id));
  if (!existing) return nullptr;
  return &records_.emplace(id, Touched{std::move(*existing), std::nullopt}).first->second;
}

void Applier::BatchWriter::Index(const Indexed& x, std::string_view id, int sign) {
  const std::string as_key = AgencyStatusKey(x.agency, x.status, id);
  if (sign > 0) {
    wb.Put(store_.handle(kCfIdxAgencyStatus), as_key, "");
  } else {
    wb.Delete(store_.handle(kCfIdxAgencyStatus), as_key);
  }
  Count(PetitionCounterKey(x.day, x.agency, x.topic, x.status, x.channel, x.province), sign);
  if (!x.open) return;
  const std::string due_key = AgencyDueKey(x.agency, x.due_ms, id);
  if (sign > 0) {
    wb.Put(store_.handle(kCfIdxDue), due_key, EncodeU64(x.next_update_ms));
  } else {
    wb.Delete(store_.handle(kCfIdxDue), due_key);
  }
  if (!x.assignee.empty()) {
    const std::string key = AssigneeDueKey(x.assignee, x.due_ms, id);
    if (sign > 0) {
      wb.Put(store_.handle(kCfIdxDue), key, "");
    } else {
      wb.Delete(store_.handle(kCfIdxDue), key);
    }
  }
  Count(DueCounterKey(LocalDate(x.due_ms), x.agency, x.topic), sign);
}

Status Applier::BatchWriter::AddRejection(const IncomingRejection& r, const SourcePosition& pos) {
  StoredRejection sr{r.position, r.key, r.received_ms, r.rejection, std::string(r.payload)};
  const std::string key = RejectionKey(pos.topic, pos.partition, pos.offset);
  wb.Put(store_.handle(kCfRejections), key, store_.Seal(kCfRejections, key, EncodeRejection(sr)));
  wb.Put(store_.handle(kCfDlqOutbox), key, "");
  Count(RejectionCounterKey(LocalDate(r.received_ms), RejectCodeName(r.rejection.code)), 1);
  ++stats.rejected;
  stats.bytes += r.payload.size();
  return OkStatus();
}

Status Applier::BatchWriter::AddPetition(const IncomingPetition& in, const SourcePosition& pos) {
  const std::string& id = in.petition.id;
  const uint64_t hash = PayloadHash(in.payload);
  stats.bytes += in.payload.size();
  PAKN_ASSIGN_OR_RETURN(Touched * touched, Find(id));

  if (touched == nullptr) {  // a new petition
    StoredPetition rec;
    rec.petition = in.petition;
    rec.search_key = in.search_key;
    rec.repairs = in.repairs;
    rec.place = in.place;
    rec.route = in.route;
    rec.agency = in.route.agency;
    rec.received_ms = in.received_ms;
    rec.day = LocalDate(in.petition.submitted_at_ms);
    rec.deadline_policy = in.deadline_policy;
    rec.clock_start_ms = in.petition.submitted_at_ms;
    rec.due_ms = in.due_ms != 0 ? in.due_ms
                                : in.petition.submitted_at_ms +
                                      int64_t{in.route.deadline_days} * kMillisPerDay;
    SetNextUpdate(rec, PolicyOf(rec));
    rec.origin = pos;
    rec.payload_hash = hash;
    // The payload's number is in the received event, which is stored with the payload.
    const uint64_t seq = NextPayloadSeq();
    const std::vector<StoredEvent> intake = {
        NextEvent(rec, "received", in.received_ms, kIngestActor,
                  ReceivedDetail(pos, in.petition, seq)),
        NextEvent(rec, "routed", in.received_ms, kIngestActor,
                  RoutedDetail(in.route, rec.due_ms, rec.deadline_policy))};
    PutPayload(rec, seq, in.payload, intake);
    wb.Put(store_.handle(kCfIdxDay), DayIndexKey(rec.day, id), "");
    Index(IndexedOf(rec), id, +1);
    PAKN_RETURN_IF_ERROR(ApplyPending(rec));
    PutRecord(rec);
    records_.emplace(id, Touched{std::move(rec), std::string(in.payload)});
    ++stats.created;
    return OkStatus();
  }

  if (!touched->payload) {
    const StoredPetition& r = touched->record;
    PAKN_ASSIGN_OR_RETURN(std::optional<std::string> payload,
                          store_.Get(kCfPayloads, r.payload_seq != 0
                                                      ? PayloadSeqKey(r.payload_seq)
                                                      : PayloadKey(id, r.version)));
    touched->payload = payload.value_or("");
  }
  if (touched->record.payload_hash == hash && *touched->payload == in.payload) {
    ++stats.duplicates;
    return OkStatus();
  }
  // An amendment: the citizen's (or portal's) new version of the same petition. Its text
  // replaces the current one; routing, status and day stay (a re-route is an explicit act).
  StoredPetition& rec = touched->record;
  const Indexed before = IndexedOf(rec);  // an amendment may change channel or place
  const uint64_t old_hash = rec.payload_hash;
  rec.version += 1;
  rec.payload_hash = hash;
  rec.petition = in.petition;
  rec.search_key = in.search_key;
  rec.repairs = in.repairs;
  rec.place = in.place;
  if (const Indexed after = IndexedOf(rec); !(before == after)) {
    Index(before, id, -1);
    Index(after, id, +1);
  }
  PutPayload(rec, NextPayloadSeq(), in.payload);
  PutHistory(rec, "amended", in.received_ms, kIngestActor,
             AmendedDetail(pos, rec.version, old_hash, hash, rec.payload_seq));
  PutRecord(rec);
  touched->payload = std::string(in.payload);
  ++stats.amended;
  return OkStatus();
}

Applier::Applier(Store* store, TrackingContext tracking)
    : store_(store), tracking_(std::move(tracking)) {}

Applier::~Applier() = default;

Status Applier::LoadPendingIds() {
  pending_ids_.emplace();
  return store_->Scan(kCfPendingEvents, "", "", [&](std::string_view key, std::string_view) {
    pending_ids_->emplace(key.substr(0, key.find('\0')));
    return true;
  });
}

StatusOr<ApplyStats> Applier::Apply(std::span<const BatchItem> items) {
  if (!pending_ids_) PAKN_RETURN_IF_ERROR(LoadPendingIds());
  BatchWriter batch(*this);
  std::map<std::string, int64_t> touched;  // OffsetKey → next offset after this batch

  for (const BatchItem& item : items) {
    const SourcePosition& pos = std::visit([](const auto& i) -> const SourcePosition& {
      return i.position;
    }, item);
    if (!pos.topic.empty()) {  // from Kafka: drop what the store already has
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
        ++batch.stats.stale;
        continue;
      }
      touched[okey] = pos.offset + 1;
    }

    Status s;
    if (const auto* r = std::get_if<IncomingRejection>(&item)) {
      s = batch.AddRejection(*r, pos);
    } else if (const auto* e = std::get_if<IncomingEvent>(&item)) {
      s = batch.AddEvent(*e);
    } else if (const auto* rr = std::get_if<IncomingReroute>(&item)) {
      s = batch.AddReroute(*rr);
    } else {
      s = batch.AddPetition(std::get<IncomingPetition>(item), pos);
    }
    if (!s.ok()) {
      pending_ids_.reset();  // may have been changed for a batch that is not written
      return s;
    }
  }

  batch.WriteCounts();
  for (const auto& [okey, next] : touched) {
    std::string value;
    AppendU64(value, static_cast<uint64_t>(next));
    batch.wb.Put(store_->handle(kCfOffsets), okey, value);
  }
  if (batch.wb.Count() == 0) return batch.stats;
  Status s = store_->Write(batch.wb);
  if (!s.ok()) {
    next_offsets_.clear();  // the cache may be ahead of the store now
    pending_ids_.reset();
    return s;
  }
  for (const auto& [okey, next] : touched) next_offsets_[okey] = next;
  batch.NotePending(*pending_ids_);
  return batch.stats;
}

}  // namespace pakn::store
