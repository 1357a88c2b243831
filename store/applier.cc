#include "store/applier.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "base/json_writer.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time.h"
#include "rocksdb/write_batch.h"
#include "store/rocks_status.h"
#include "track/state_machine.h"

namespace pakn::store {
namespace {

constexpr std::string_view kIngestActor = "pakn-ingest";

rocksdb::Slice S(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

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

// The history's name for what an action did (also the `what` of 'E' counters and the values
// of a deadline policy's clock_starts besides "received").
std::string_view HistoryType(track::Action a) {
  switch (a) {
    case track::Action::kAccept: return "accepted";
    case track::Action::kReject: return "rejected";
    case track::Action::kAssign: return "assigned";
    case track::Action::kStart: return "started";
    case track::Action::kRespond: return "answered";
    case track::Action::kPublish: return "published";
    case track::Action::kClose: return "closed";
    case track::Action::kReopen: return "reopened";
    case track::Action::kTransfer: return "transferred";
    case track::Action::kDuplicate: return "marked_duplicate";
    case track::Action::kWithdraw: return "withdrawn";
    case track::Action::kRedirect: return "redirected";
    case track::Action::kNote: return "note";
  }
  return "unknown";
}

// What of a record its index entries and counters are made of.
struct Indexed {
  std::string agency, topic, status, assignee, day;
  int64_t due_ms = 0, next_update_ms = 0;
  bool open = false;
  std::string channel, province;  // 'P' counters: received by channel and province
  bool operator==(const Indexed&) const = default;
};

Indexed IndexedOf(const StoredPetition& r) {
  return Indexed{r.agency, r.route.topic, r.status, r.assignee, r.day,
                 r.due_ms, r.next_update_ms, track::IsOpen(r.status), r.petition.channel,
                 r.place ? r.place->province_code : std::string()};
}

std::string EncodeU64(int64_t v) {
  std::string out;
  AppendU64(out, static_cast<uint64_t>(v));
  return out;
}

const track::DeadlinePolicy& DefaultPolicy() {
  static const track::DeadlinePolicy policy;  // 20 calendar days from receipt
  return policy;
}

const track::HolidayCalendar& NoHolidays() {
  static const track::HolidayCalendar calendar;
  return calendar;
}

struct PendingEvent {
  int64_t at_ms;
  std::string event_id;
  std::string key;  // in pending_events
  track::TrackingEvent event;
};

}  // namespace

// The state of one Apply(): the WriteBatch being filled and the records it changed, so that a
// later message of the same batch sees the earlier ones.
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
    wb.Put(store_.handle(kCfPayloads), key, S(payload));
    wb.Put(store_.handle(kCfTexts), key, EncodePetitionText(rec, intake));
    if (!intake.empty()) rec.intake_seq = seq;
    rec.text_pending = false;
    rec.text_in_record = false;  // the record of this version no longer carries it
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
    wb.Put(store_.handle(kCfEvents), EventKey(rec.petition.id, ev.seq), EncodeEvent(ev));
    return ev.seq;
  }
  // Adds (sign +1) or removes (-1) the index entries and counters of a record.
  void Index(const Indexed& x, std::string_view id, int sign);
  void PutOutcome(const std::string& event_id, EventOutcome outcome) {
    std::string value = EncodeEventOutcome(outcome);
    wb.Put(store_.handle(kCfEventIds), event_id, value);
    outcomes_[event_id] = std::move(outcome);
  }
  const track::DeadlinePolicy& PolicyOf(const StoredPetition& rec) const;
  const track::HolidayCalendar& Calendar() const {
    return applier_.tracking_.calendar ? *applier_.tracking_.calendar : NoHolidays();
  }
  void SetNextUpdate(StoredPetition& rec, const track::DeadlinePolicy& policy) const;
  // Runs `e` through the state machine on `rec` and writes the outcome.
  void ApplyTo(StoredPetition& rec, const track::TrackingEvent& e, const SourcePosition& pos,
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
  std::map<std::string, std::vector<PendingEvent>> new_pending_;  // petition id → events
};

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

const track::DeadlinePolicy& Applier::BatchWriter::PolicyOf(const StoredPetition& rec) const {
  // Both branches string_view: with a std::string among them the result would be a temporary.
  const std::string_view name = rec.deadline_policy.empty()
                                    ? std::string_view("default")
                                    : std::string_view(rec.deadline_policy);
  if (const auto* p = track::FindDeadlinePolicy(applier_.tracking_.policies, name)) return *p;
  if (const auto* p = track::FindDeadlinePolicy(applier_.tracking_.policies, "default"))
    return *p;
  return DefaultPolicy();
}

void Applier::BatchWriter::SetNextUpdate(StoredPetition& rec,
                                         const track::DeadlinePolicy& policy) const {
  if (!track::IsOpen(rec.status) || policy.progress_update_days <= 0) {
    rec.next_update_ms = 0;
    return;
  }
  // The first update is owed when the deadline passes; each public note then buys
  // progress_update_days more.
  rec.next_update_ms = rec.due_ms;
  if (rec.last_update_ms > 0)
    rec.next_update_ms = std::max(
        rec.due_ms, rec.last_update_ms + int64_t{policy.progress_update_days} * kMillisPerDay);
}

Status Applier::BatchWriter::AddRejection(const IncomingRejection& r, const SourcePosition& pos) {
  StoredRejection sr{r.position, r.key, r.received_ms, r.rejection, std::string(r.payload)};
  const std::string key = RejectionKey(pos.topic, pos.partition, pos.offset);
  wb.Put(store_.handle(kCfRejections), key, EncodeRejection(sr));
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

Status Applier::BatchWriter::AddEvent(const IncomingEvent& in) {
  const track::TrackingEvent& e = in.event;
  if (outcomes_.count(e.event_id)) {
    ++stats.events_duplicate;
    return OkStatus();
  }
  PAKN_ASSIGN_OR_RETURN(std::optional<std::string> seen, store_.Get(kCfEventIds, e.event_id));
  if (seen) {
    ++stats.events_duplicate;
    return OkStatus();
  }
  PAKN_ASSIGN_OR_RETURN(Touched * touched, Find(e.petition_id));
  if (touched == nullptr) {
    PendingEvent p{e.at_ms, e.event_id, PendingEventKey(e.petition_id, e.at_ms, e.event_id), e};
    wb.Put(store_.handle(kCfPendingEvents), p.key, track::EncodeEvent(e));
    new_pending_[e.petition_id].push_back(std::move(p));
    PutOutcome(e.event_id, EventOutcome{e.petition_id, "pending", "", "", 0});
    ++stats.events_pending;
    return OkStatus();
  }
  ApplyTo(touched->record, e, in.position, /*was_pending=*/false);
  PutRecord(touched->record);
  return OkStatus();
}

Status Applier::BatchWriter::AddReroute(const IncomingReroute& in) {
  PAKN_ASSIGN_OR_RETURN(Touched * touched, Find(in.petition_id));
  if (touched == nullptr) {
    ++stats.reroute_kept;
    return OkStatus();
  }
  StoredPetition& rec = touched->record;
  const classify::RouteDecision& to = in.route;
  const classify::RouteDecision from = rec.route;
  if (!OpenToReroute(rec) || SameRoute(to, from)) {
    ++stats.reroute_kept;
    return OkStatus();
  }
  const Indexed before = IndexedOf(rec);
  rec.route = to;
  rec.agency = to.agency;
  if (to.deadline_policy != rec.deadline_policy && !to.deadline_policy.empty()) {
    rec.deadline_policy = to.deadline_policy;
    const track::DeadlinePolicy& policy = PolicyOf(rec);
    rec.due_ms = track::DueAt(rec.clock_start_ms ? rec.clock_start_ms
                                                 : rec.petition.submitted_at_ms,
                              policy, Calendar());
    SetNextUpdate(rec, policy);
  }
  const Indexed after = IndexedOf(rec);
  if (!(before == after)) {
    Index(before, rec.petition.id, -1);
    Index(after, rec.petition.id, +1);
  }
  JsonWriter w;
  w.BeginObject();
  w.Key("from");
  w.BeginObject();
  WriteRouteMembers(w, from);
  w.EndObject();
  w.Key("to");
  w.BeginObject();
  WriteRouteMembers(w, to);
  w.EndObject();
  w.Member("due_at", LocalDateTime(rec.due_ms));
  w.EndObject();
  PutHistory(rec, "rerouted", in.at_ms, in.actor, std::move(w).Take());
  PutRecord(rec);
  ++stats.rerouted;
  return OkStatus();
}

Status Applier::BatchWriter::ApplyPending(StoredPetition& rec) {
  const std::string& id = rec.petition.id;
  std::vector<PendingEvent> events;
  if (auto it = new_pending_.find(id); it != new_pending_.end()) {
    events = std::move(it->second);
    new_pending_.erase(it);
  }
  if (applier_.pending_ids_->count(id)) {
    Status inner;
    PAKN_RETURN_IF_ERROR(store_.Scan(kCfPendingEvents, EventPrefix(id), "",
                                     [&](std::string_view key, std::string_view value) {
      auto parsed = track::ParseEvent(value);
      if (auto* ev = std::get_if<track::TrackingEvent>(&parsed)) {
        events.push_back(PendingEvent{ev->at_ms, ev->event_id, std::string(key), *ev});
      } else {
        inner = DataLossError(StrCat("pending event ", std::string(key.substr(id.size() + 1)),
                                     " of ", id, " no longer parses: ",
                                     std::get<Rejection>(parsed).reason));
        return false;
      }
      return true;
    }));
    PAKN_RETURN_IF_ERROR(inner);
    applier_.pending_ids_->erase(id);
  }
  if (events.empty()) return OkStatus();
  std::sort(events.begin(), events.end(), [](const PendingEvent& a, const PendingEvent& b) {
    return std::tie(a.at_ms, a.event_id) < std::tie(b.at_ms, b.event_id);
  });
  for (const PendingEvent& p : events) {
    wb.Delete(store_.handle(kCfPendingEvents), p.key);
    ApplyTo(rec, p.event, SourcePosition{}, /*was_pending=*/true);
  }
  return OkStatus();
}

void Applier::BatchWriter::ApplyTo(StoredPetition& rec, const track::TrackingEvent& e,
                                   const SourcePosition& pos, bool was_pending) {
  const std::string from = rec.status;
  const std::optional<track::State> state = track::ParseState(rec.status);
  StatusOr<track::State> next =
      state ? track::Apply(*state, e.type)
            : StatusOr<track::State>(FailedPreconditionError(
                  StrCat("cannot ", track::ActionName(e.type), ": stored state '", rec.status,
                         "' is unknown")));

  JsonWriter w;
  w.BeginObject();
  w.Member("event_id", e.event_id);
  w.Member("action", track::ActionName(e.type));
  w.Member("from", from);
  if (!pos.topic.empty()) {
    w.Key("source");
    w.BeginObject();
    WritePositionMembers(w, pos);
    w.EndObject();
  }
  if (was_pending) {
    w.Key("was_pending");
    w.Bool(true);
  }
  if (!next.ok()) {
    w.Member("reason", next.status().message());
    w.EndObject();
    const uint64_t seq = PutHistory(rec, "refused", e.at_ms, e.actor, std::move(w).Take());
    Count(EventCounterKey(LocalDate(e.at_ms), rec.agency, rec.route.topic, "refused"), 1);
    PutOutcome(e.event_id, EventOutcome{rec.petition.id, "refused", rec.status,
                                        std::string(next.status().message()), seq});
    ++stats.events_refused;
    return;
  }

  const Indexed before = IndexedOf(rec);
  rec.status = std::string(track::StateName(*next));
  const track::DeadlinePolicy& policy = PolicyOf(rec);
  bool on_time = true;
  switch (e.type) {
    case track::Action::kAssign:
      rec.agency = e.agency;
      if (!e.assignee.empty()) rec.assignee = e.assignee;
      break;
    case track::Action::kTransfer:
      rec.agency = e.agency;
      rec.assignee = e.assignee;  // the new agency picks its own officer unless named
      break;
    case track::Action::kStart:
      if (!e.assignee.empty()) {
        rec.assignee = e.assignee;
      } else if (rec.assignee.empty()) {
        rec.assignee = e.actor;
      }
      break;
    case track::Action::kRespond:
      rec.answered_ms = e.at_ms;
      on_time = e.at_ms <= rec.due_ms;
      break;
    case track::Action::kClose:
      rec.closed_ms = e.at_ms;
      break;
    case track::Action::kDuplicate:
      rec.duplicate_of = e.of;
      break;
    case track::Action::kNote:
      if (e.visibility == "public") rec.last_update_ms = e.at_ms;
      break;
    case track::Action::kReopen:
      // A reopened petition owes a new answer: a new deadline of the same policy from now.
      rec.clock_start_ms = e.at_ms;
      rec.due_ms = track::DueAt(e.at_ms, policy, Calendar());
      break;
    default:
      break;
  }
  // Policies whose clock starts with acceptance or assignment: the deadline computed at
  // receipt was provisional; the first such event fixes it.
  if (policy.clock_starts == HistoryType(e.type) && policy.clock_starts != "received" &&
      (rec.clock_start_ms == 0 || rec.clock_start_ms == rec.petition.submitted_at_ms)) {
    rec.clock_start_ms = e.at_ms;
    rec.due_ms = track::DueAt(e.at_ms, policy, Calendar());
  }
  SetNextUpdate(rec, policy);
  const Indexed after = IndexedOf(rec);
  if (!(before == after)) {
    Index(before, rec.petition.id, -1);
    Index(after, rec.petition.id, +1);
  }

  w.Member("to", rec.status);
  w.MemberIfNotEmpty("agency", e.agency);
  w.MemberIfNotEmpty("assignee", e.assignee);
  w.MemberIfNotEmpty("note", e.note);
  w.Member("visibility", e.visibility);
  w.MemberIfNotEmpty("of", e.of);
  track::WriteResponseMember(w, e);
  if (e.type == track::Action::kRespond) {
    w.Key("on_time");
    w.Bool(on_time);
  }
  if (before.due_ms != after.due_ms) w.Member("due_at", LocalDateTime(rec.due_ms));
  w.EndObject();
  const std::string_view type = HistoryType(e.type);
  const uint64_t seq = PutHistory(rec, std::string(type), e.at_ms, e.actor, std::move(w).Take());
  const std::string day = LocalDate(e.at_ms);
  Count(EventCounterKey(day, rec.agency, rec.route.topic, type), 1);
  if (e.type == track::Action::kRespond)
    Count(EventCounterKey(day, rec.agency, rec.route.topic,
                          on_time ? "answered_on_time" : "answered_late"),
          1);
  PutOutcome(e.event_id, EventOutcome{rec.petition.id, "applied", rec.status, "", seq});
  ++stats.events_applied;
}

bool OpenToReroute(const StoredPetition& p) {
  return (p.status == "received" || p.status == "accepted") && p.agency == p.route.agency;
}

bool SameRoute(const classify::RouteDecision& a, const classify::RouteDecision& b) {
  return a.agency == b.agency && a.topic == b.topic && a.rule_id == b.rule_id &&
         a.priority == b.priority && a.deadline_policy == b.deadline_policy &&
         a.agency_area == b.agency_area;
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
