// Applier::BatchWriter, its tracking half: operator events through the state machine,
// events that wait for their petition, reroutes, and the deadlines and progress updates they
// move. The petition half and Apply() are in applier.cc.
#include <algorithm>
#include <tuple>

#include "base/json_writer.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time.h"
#include "store/batch_writer.h"
#include "track/state_machine.h"

namespace pakn::store {
using apply_internal::Indexed;
using apply_internal::IndexedOf;
using apply_internal::PendingEvent;

namespace {

// The history's name for what an action did (also the `what` of 'E' counters and the values
// of a deadline policy's clock_starts besides "received").
std::string_view HistoryType(Action a) {
  switch (a) {
    case Action::kAccept: return "accepted";
    case Action::kReject: return "rejected";
    case Action::kAssign: return "assigned";
    case Action::kStart: return "started";
    case Action::kRespond: return "answered";
    case Action::kPublish: return "published";
    case Action::kClose: return "closed";
    case Action::kReopen: return "reopened";
    case Action::kTransfer: return "transferred";
    case Action::kDuplicate: return "marked_duplicate";
    case Action::kWithdraw: return "withdrawn";
    case Action::kRedirect: return "redirected";
    case Action::kNote: return "note";
    case Action::kReveal:
      return "pii_revealed";
  }
  return "unknown";
}

const track::DeadlinePolicy& DefaultPolicy() {
  static const track::DeadlinePolicy policy;  // 20 calendar days from receipt
  return policy;
}

const track::HolidayCalendar& NoHolidays() {
  static const track::HolidayCalendar calendar;
  return calendar;
}

}  // namespace

bool OpenToReroute(const StoredPetition& p) {
  return (p.status == "received" || p.status == "accepted") && p.agency == p.route.agency;
}

bool SameRoute(const classify::RouteDecision& a, const classify::RouteDecision& b) {
  return a.agency == b.agency && a.topic == b.topic && a.rule_id == b.rule_id &&
         a.priority == b.priority && a.deadline_policy == b.deadline_policy &&
         a.agency_area == b.agency_area;
}

const track::HolidayCalendar& Applier::BatchWriter::Calendar() const {
  return applier_.tracking_.calendar ? *applier_.tracking_.calendar : NoHolidays();
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

Status Applier::BatchWriter::AddEvent(const IncomingEvent& in) {
  const TrackingEvent& e = in.event;
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
    wb.Put(store_.handle(kCfPendingEvents), p.key,
           store_.Seal(kCfPendingEvents, p.key, EncodeEvent(e)));
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
      auto parsed = ParseEvent(value);
      if (auto* ev = std::get_if<TrackingEvent>(&parsed)) {
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

void Applier::BatchWriter::ApplyTo(StoredPetition& rec, const TrackingEvent& e,
                                   const SourcePosition& pos, bool was_pending) {
  const std::string from = rec.status;
  const std::optional<State> state = ParseState(rec.status);
  // A reveal is allowed in every state and leaves it as it is.
  StatusOr<State> next =
      state ? (e.type == Action::kReveal ? StatusOr<State>(*state) : track::Apply(*state, e.type))
            : StatusOr<State>(FailedPreconditionError(StrCat(
                  "cannot ", ActionName(e.type), ": stored state '", rec.status, "' is unknown")));

  JsonWriter w;
  w.BeginObject();
  w.Member("event_id", e.event_id);
  w.Member("action", ActionName(e.type));
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

  if (e.type == Action::kReveal) {
    // Only the record of who saw the personal data and why: nothing else moves (no deadline,
    // no progress update, no index), whatever policy this applier knows.
    w.Member("to", rec.status);
    w.Member("note", e.note);
    w.Member("visibility", "internal");
    w.EndObject();
    const std::string_view type = HistoryType(e.type);
    const uint64_t seq = PutHistory(rec, std::string(type), e.at_ms, e.actor, std::move(w).Take());
    Count(EventCounterKey(LocalDate(e.at_ms), rec.agency, rec.route.topic, type), 1);
    PutOutcome(e.event_id, EventOutcome{rec.petition.id, "applied", rec.status, "", seq});
    ++stats.events_applied;
    return;
  }
  const Indexed before = IndexedOf(rec);
  rec.status = std::string(StateName(*next));
  const track::DeadlinePolicy& policy = PolicyOf(rec);
  bool on_time = true;
  std::string topic_before;  // transfer --topic: what it was taken to be about until now
  switch (e.type) {
    case Action::kAssign:
      rec.agency = e.agency;
      if (!e.assignee.empty()) rec.assignee = e.assignee;
      break;
    case Action::kTransfer:
      rec.agency = e.agency;
      rec.assignee = e.assignee;  // the new agency picks its own officer unless named
      // The operator's word on what it is about; route.topic stays the router's decision
      // (and the counters' topic), so that routing can be measured against corrections.
      if (!e.topic.empty()) {
        topic_before = rec.corrected_topic.empty() ? rec.route.topic : rec.corrected_topic;
        rec.corrected_topic = e.topic;
      }
      break;
    case Action::kStart:
      if (!e.assignee.empty()) {
        rec.assignee = e.assignee;
      } else if (rec.assignee.empty()) {
        rec.assignee = e.actor;
      }
      break;
    case Action::kRespond:
      rec.answered_ms = e.at_ms;
      on_time = e.at_ms <= rec.due_ms;
      break;
    case Action::kClose:
      rec.closed_ms = e.at_ms;
      break;
    case Action::kDuplicate:
      rec.duplicate_of = e.of;
      break;
    case Action::kNote:
      if (e.visibility == "public") rec.last_update_ms = e.at_ms;
      break;
    case Action::kReopen:
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
  if (e.type == Action::kTransfer && !e.topic.empty()) {
    w.Member("topic", e.topic);
    w.Member("topic_before", topic_before);
  }
  WriteResponseMember(w, e);
  if (e.type == Action::kRespond) {
    w.Key("on_time");
    w.Bool(on_time);
  }
  if (before.due_ms != after.due_ms) w.Member("due_at", LocalDateTime(rec.due_ms));
  w.EndObject();
  const std::string_view type = HistoryType(e.type);
  const uint64_t seq = PutHistory(rec, std::string(type), e.at_ms, e.actor, std::move(w).Take());
  const std::string day = LocalDate(e.at_ms);
  Count(EventCounterKey(day, rec.agency, rec.route.topic, type), 1);
  if (e.type == Action::kRespond)
    Count(EventCounterKey(day, rec.agency, rec.route.topic,
                          on_time ? "answered_on_time" : "answered_late"),
          1);
  PutOutcome(e.event_id, EventOutcome{rec.petition.id, "applied", rec.status, "", seq});
  ++stats.events_applied;
}

}  // namespace pakn::store
