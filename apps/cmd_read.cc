// pakn show / query / rejected / offsets.
#include <iostream>

#include "apps/commands.h"
#include "apps/reader_common.h"
#include "apps/tracking_setup.h"
#include "config/config.h"
#include "base/csv.h"
#include "base/json_writer.h"
#include "base/pii.h"
#include "base/strings.h"
#include "base/time.h"
#include "classify/normalizer.h"
#include "fmt/format.h"
#include "store/query.h"
#include "track/state_machine.h"

namespace pakn::apps {
namespace {

// Free text for display: the reporter's own name, phone, e-mail and ID number wherever they
// appear, and any phone number, citizen ID number or e-mail address, masked.
std::string MaskReporterIn(std::string_view text, const Reporter& r) {
  return MaskPiiInText(MaskOccurrences(text, {r.name, r.phone, r.email, r.national_id},
                                       {MaskName(r.name), MaskDigits(r.phone), MaskEmail(r.email),
                                        MaskDigits(r.national_id)}));
}

// The record as JSON for `show --json`; personal data masked unless revealed.
std::string PetitionJson(const store::StoredPetition& s, bool reveal,
                         const std::vector<store::StoredEvent>& history, int64_t now_ms,
                         const track::HolidayCalendar* calendar) {
  const Petition& p = s.petition;
  JsonWriter w;
  w.BeginObject();
  w.Member("id", p.id);
  w.Member("status", s.status);
  w.Member("agency", s.agency);
  w.MemberIfNotEmpty("assignee", s.assignee);
  w.MemberIfNotEmpty("deadline_policy", s.deadline_policy);
  {
    const bool open = track::IsOpen(s.status);
    w.Key("overdue");
    w.Bool(open && now_ms > s.due_ms);
    w.MemberInt("days_overdue", open ? track::DaysOverdue(s.due_ms, now_ms) : 0);
    if (open && calendar)
      w.MemberInt("working_days_left", track::WorkingDaysLeft(s.due_ms, now_ms, *calendar));
    if (s.answered_ms) w.Member("answered_at", LocalDateTime(s.answered_ms));
    if (s.next_update_ms) w.Member("progress_update_due_at", LocalDateTime(s.next_update_ms));
    w.MemberIfNotEmpty("duplicate_of", s.duplicate_of);
  }
  w.Member("channel", p.channel);
  w.MemberIfNotEmpty("source", p.source);
  w.MemberIfNotEmpty("kind", p.kind);
  w.Member("submitted_at", p.submitted_at);
  w.Member("day", s.day);
  w.Member("due_at", LocalDateTime(s.due_ms));
  w.Member("title", reveal ? p.title : MaskReporterIn(p.title, p.reporter));
  w.Member("content", reveal ? p.content : MaskReporterIn(p.content, p.reporter));
  w.Key("reporter");
  w.BeginObject();
  const Reporter& r = p.reporter;
  w.MemberIfNotEmpty("type", r.type);
  w.MemberIfNotEmpty("name", reveal ? r.name : MaskName(r.name));
  w.MemberIfNotEmpty("phone", reveal ? r.phone : MaskDigits(r.phone));
  w.MemberIfNotEmpty("email", reveal ? r.email : MaskEmail(r.email));
  w.MemberIfNotEmpty("national_id", reveal ? r.national_id : MaskDigits(r.national_id));
  w.MemberIfNotEmpty("organization", r.organization);
  w.MemberIfNotEmpty("address", reveal ? r.address : MaskFreeText(r.address));
  w.EndObject();
  w.Key("location");
  w.BeginObject();
  w.MemberIfNotEmpty("province", p.location.province);
  w.MemberIfNotEmpty("ward", p.location.ward);
  w.MemberIfNotEmpty("address", p.location.address);
  w.EndObject();
  if (s.place) {
    w.Key("place");
    w.BeginObject();
    store::WritePlaceMembers(w, *s.place);
    w.EndObject();
  }
  w.MemberInt("attachments", static_cast<int64_t>(p.attachments.size()));
  w.Key("route");
  w.BeginObject();
  store::WriteRouteMembers(w, s.route);
  w.EndObject();
  // An operator's correction (transfer --topic); the route stays the router's decision.
  w.MemberIfNotEmpty("corrected_topic", s.corrected_topic);
  w.MemberInt("version", s.version);
  w.Key("repairs");
  w.BeginArray();
  for (const std::string& r : s.repairs) w.String(r);
  w.EndArray();
  w.Key("history");
  w.BeginArray();
  for (const auto& e : history) {
    w.BeginObject();
    w.MemberInt("seq", static_cast<int64_t>(e.seq));
    w.Member("type", e.type);
    w.Member("at", LocalDateTime(e.at_ms));
    w.Member("actor", e.actor);
    w.Key("detail");
    w.Raw(e.detail_json.empty() ? "{}" : e.detail_json);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::move(w).Take();
}

// One petition as text; personal data masked unless revealed, in the free text too.
void PrintPetition(const store::StoredPetition& s, const std::vector<store::StoredEvent>& history,
                   bool rv, int64_t now_ms, const track::HolidayCalendar* calendar) {
  const Petition& p = s.petition;
  const Reporter& r = p.reporter;
  fmt::print("Petition   {}  (version {})\n", p.id, s.version);
  fmt::print("Status     {}  at {}{}{}\n", s.status, s.agency,
             s.assignee.empty() ? "" : " (" + s.assignee + ")",
             s.duplicate_of.empty() ? "" : ", duplicate of " + s.duplicate_of);
  fmt::print("Deadline   {}{}\n", DeadlineText(s.status, s.due_ms, s.answered_ms, now_ms, calendar),
             s.deadline_policy.empty() ? "" : ", policy " + s.deadline_policy);
  if (s.next_update_ms)
    fmt::print("Progress   public update due {}{}\n", LocalDateTime(s.next_update_ms),
               s.next_update_ms <= now_ms ? " (OWED NOW)" : "");
  fmt::print("Submitted  {} via {}{}\n", p.submitted_at, p.channel,
             p.source.empty() ? "" : " (" + p.source + ")");
  fmt::print("Route      agency {}, topic {}, priority {} (rule {}{}{})\n", s.route.agency,
             s.route.topic, s.route.priority, s.route.rule_id.empty() ? "none" : s.route.rule_id,
             s.route.matched.empty() ? "" : ", matched \"" + s.route.matched + "\"",
             s.route.method.empty() ? "" : ", by " + s.route.method);
  if (!s.route.model_version.empty())
    fmt::print("Model      {} ({:.0f}%), model {}\n", s.route.model_topic,
               100 * s.route.model_probability, s.route.model_version);
  if (!s.route.candidates.empty()) {
    std::string c;
    for (const auto& x : s.route.candidates)
      c += fmt::format("{}{} {} ({} {:.2g})", c.empty() ? "" : "; ", x.topic, x.agency, x.source,
                       x.score);
    fmt::print("Triage     candidates: {}\n", c);
  }
  if (!s.corrected_topic.empty())
    fmt::print("Corrected  topic {} (by an operator's transfer; the route is the router's)\n",
               s.corrected_topic);
  if (s.place) {
    const store::PlaceCodes& pl = *s.place;
    fmt::print("Place      {}{}{} (ward {}, province {}; {}{}{})\n", pl.ward_name,
               pl.ward_name.empty() ? "" : ", ", pl.province_name,
               pl.ward_code.empty() ? "-" : pl.ward_code, pl.province_code, pl.method,
               pl.ambiguous ? ", ambiguous" : "", pl.old_code.empty() ? "" : ", old " + pl.old_code);
    fmt::print("Written    {}{}{}\n", p.location.ward, p.location.ward.empty() ? "" : ", ",
               p.location.province);
  } else {
    fmt::print("Place      {}{}{} (not resolved)\n", p.location.ward,
               p.location.ward.empty() ? "" : ", ", p.location.province);
  }
  auto shown = [rv](const std::string& v, std::string (*mask)(std::string_view)) {
    return v.empty() ? std::string("-") : rv ? v : mask(v);
  };
  fmt::print("Reporter   {} | {} | {} | ID {}{}\n", shown(r.name, MaskName),
             shown(r.phone, MaskDigits), shown(r.email, MaskEmail),
             shown(r.national_id, MaskDigits), rv ? "" : "   (masked; --reveal-pii to show)");
  if (!s.repairs.empty()) fmt::print("Repaired   {}\n", StrJoin(s.repairs, ", "));
  fmt::print("Title      {}\n", rv ? p.title : MaskReporterIn(p.title, r));
  fmt::print("Content    {}\n", Ellipsize(rv ? p.content : MaskReporterIn(p.content, r), 600));
  fmt::print("History\n");
  for (const auto& e : history)
    fmt::print("  #{} {}  {:<11} by {}  {}\n", e.seq, LocalDateTime(e.at_ms), e.type, e.actor,
               rv ? e.detail_json : MaskReporterIn(e.detail_json, r));
}

}  // namespace

// The holiday calendar of the config, when there is one (time left in working days).
std::optional<track::HolidayCalendar> CalendarOf(const StoreLocation& where) {
  if (where.config_path.empty()) return std::nullopt;
  auto config = LoadConfig(where.config_path);
  if (!config.ok()) return std::nullopt;
  auto calendar = track::HolidayCalendar::Load(config->deadlines.holidays_path);
  if (!calendar.ok()) return std::nullopt;
  return std::move(*calendar);
}

int RunShow(const ShowCommand& cmd) {
  auto now = ParseNow(cmd.now);
  if (!now.ok()) return Fail(now.status().message(), 2);
  const std::optional<track::HolidayCalendar> calendar = CalendarOf(cmd.where);
  const track::HolidayCalendar* cal = calendar ? &*calendar : nullptr;
  auto store = OpenReaderAt(cmd.where);
  if (!store.ok()) return FailOpen(store.status());
  int missing = 0;
  for (size_t i = 0; i < cmd.ids.size(); ++i) {
    const std::string& id = cmd.ids[i];
    auto rec = (*store)->GetPetition(id);
    if (!rec.ok()) return Fail(rec.status().message());
    if (!*rec) {
      Fail(fmt::format("no petition with id '{}'", id));
      ++missing;
      continue;
    }
    auto history = (*store)->History(**rec);
    if (!history.ok()) return Fail(history.status().message());
    if (cmd.json) {
      fmt::print("{}\n", PetitionJson(**rec, cmd.reveal_pii, *history, *now, cal));
    } else {
      if (i > 0) fmt::print("\n");
      PrintPetition(**rec, *history, cmd.reveal_pii, *now, cal);
    }
  }
  return missing == 0 ? 0 : 3;
}

int RunQuery(const QueryCommand& cmd) {
  if (cmd.format != "table" && cmd.format != "json" && cmd.format != "csv")
    return Fail("--format: expected table, json or csv", 2);
  store::PetitionQuery q;
  q.status = cmd.status;
  q.agency = cmd.agency;
  q.topic = cmd.topic;
  for (const auto* d : {&cmd.from, &cmd.to})
    if (!d->empty() && !ParseLocalDate(*d).ok())
      return Fail(fmt::format("--from/--to: expected a date YYYY-MM-DD, got '{}'", *d), 2);
  if (!cmd.from.empty() && !cmd.to.empty() && cmd.from > cmd.to)
    return Fail(fmt::format("--from: {} is after --to {}", cmd.from, cmd.to), 2);
  q.from_day = cmd.from;
  q.to_day = cmd.to;
  q.limit = cmd.limit;
  if (!cmd.status.empty() && !ParseState(cmd.status)) {
    std::string states;
    for (State st : kAllStates)
      StrAppend(&states, states.empty() ? "" : ", ", StateName(st));
    return Fail(fmt::format("--state: expected one of {}; got '{}'", states, cmd.status), 2);
  }
  auto now = ParseNow(cmd.now);
  if (!now.ok()) return Fail(now.status().message(), 2);
  q.now_ms = *now;
  q.assignee = cmd.assignee;
  q.overdue = cmd.overdue;
  q.progress_update_due = cmd.progress_update_due;
  if (!cmd.due_before.empty()) {
    auto day = ParseLocalDate(cmd.due_before);
    auto instant = day.ok() ? day : ParseRfc3339(cmd.due_before);
    if (!instant.ok())
      return Fail(fmt::format("--due-before: expected YYYY-MM-DD or an RFC 3339 time, got '{}'",
                              cmd.due_before),
                  2);
    q.due_before_ms = *instant;
  }
  std::unique_ptr<classify::Normalizer> text_normalizer;  // outlives the query
  if (!cmd.text.empty()) {
    auto normalizer = classify::Normalizer::Create();
    if (!normalizer.ok()) return Fail(normalizer.status().message());
    text_normalizer = std::move(*normalizer);
    q.text_key = text_normalizer->SearchKey(cmd.text);
    q.normalizer = text_normalizer.get();
    if (q.text_key.empty()) return Fail("--text: no letters or digits to search for", 2);
  }
  auto store = OpenReaderAt(cmd.where);
  if (!store.ok()) return FailOpen(store.status());
  uint64_t n = 0;
  q.with_text = !cmd.count;
  if (!cmd.count && cmd.format == "table")
    fmt::print("{:<24} {:<10} {:<10} {:<18} {:<11} {:<10} {:>4} {}\n", "ID", "DAY", "AGENCY",
               "TOPIC", "STATUS", "DUE", "LATE", "TITLE");
  CsvWriter csv(stdout);  // base/csv.h: a byte-order mark and CRLF, as spreadsheets read it
  if (!cmd.count && cmd.format == "csv")
    csv.Row({"id", "day", "agency", "topic", "status", "due_at", "days_overdue", "assignee",
             "title"});
  auto late_days = [&](const store::StoredPetition& s) -> int64_t {
    return track::IsOpen(s.status) ? track::DaysOverdue(s.due_ms, *now) : 0;
  };
  auto visited = store::RunQuery(**store, q, [&](const store::StoredPetition& s) {
    ++n;
    if (cmd.count) return true;
    const int64_t late = late_days(s);
    if (cmd.format == "table") {
      fmt::print("{:<24} {:<10} {:<10} {:<18} {:<11} {:<10} {:>4} {}\n", s.petition.id, s.day,
                 s.agency, s.route.topic, s.status, LocalDate(s.due_ms),
                 late > 0 ? std::to_string(late) : "", 
                 Ellipsize(MaskReporterIn(s.petition.title, s.petition.reporter), 50));
    } else if (cmd.format == "csv") {
      csv.Row({s.petition.id, s.day, s.agency, s.route.topic, s.status, LocalDateTime(s.due_ms),
               std::to_string(late), s.assignee,
               MaskReporterIn(s.petition.title, s.petition.reporter)});
    } else {
      JsonWriter w;
      w.BeginObject();
      w.Member("id", s.petition.id);
      w.Member("day", s.day);
      w.Member("agency", s.agency);
      w.Member("topic", s.route.topic);
      w.Member("status", s.status);
      w.MemberIfNotEmpty("assignee", s.assignee);
      w.Member("due_at", LocalDateTime(s.due_ms));
      w.MemberInt("days_overdue", late);
      w.Member("channel", s.petition.channel);
      w.Member("title", MaskReporterIn(s.petition.title, s.petition.reporter));
      w.EndObject();
      fmt::print("{}\n", w.str());
    }
    return true;
  });
  if (!visited.ok()) return Fail(visited.status().message());
  if (cmd.count && cmd.format == "json") {
    fmt::print("{{\"count\":{}}}\n", n);
  } else if (cmd.count) {
    fmt::print("{}\n", n);
  }
  return 0;
}

int RunRejected(const RejectedCommand& cmd) {
  auto store = OpenReaderAt(cmd.where);
  if (!store.ok()) return FailOpen(store.status());
  uint64_t n = 0;
  Status pending_error;
  Status s = store::ForEachRejection(**store, [&](const store::StoredRejection& r) {
    if (cmd.pending) {
      auto in_outbox = (*store)->Get(
          store::kCfDlqOutbox,
          store::RejectionKey(r.position.topic, r.position.partition, r.position.offset));
      if (!in_outbox.ok()) {
        pending_error = in_outbox.status();
        return false;
      }
      if (!in_outbox->has_value()) return true;
    }
    ++n;
    if (cmd.json) {
      JsonWriter w;
      w.BeginObject();
      store::WritePositionMembers(w, r.position);
      w.Member("key", r.key);
      w.Member("received_at", LocalDateTime(r.received_ms));
      w.Member("code", RejectCodeName(r.rejection.code));
      w.Member("field", r.rejection.field);
      w.Member("reason", r.rejection.reason);
      w.MemberInt("bytes", static_cast<int64_t>(r.raw.size()));
      w.EndObject();
      fmt::print("{}\n", w.str());
    } else {
      fmt::print("{}[{}]@{}  key={}  {}  ({} bytes)\n", r.position.topic, r.position.partition,
                 r.position.offset, Ellipsize(r.key, 40), r.rejection.reason, r.raw.size());
    }
    return cmd.limit == 0 || n < cmd.limit;
  });
  if (s.ok()) s = pending_error;
  if (!s.ok()) return Fail(s.message());
  return 0;
}

int RunOffsets(const OffsetsCommand& cmd) {
  auto store = OpenReaderAt(cmd.where);
  if (!store.ok()) return FailOpen(store.status());
  auto offsets = store::StoredOffsets(**store);
  if (!offsets.ok()) return Fail(offsets.status().message());
  for (const auto& [topic, parts] : *offsets)
    for (const auto& [partition, next] : parts) fmt::print("{}\t{}\t{}\n", topic, partition, next);
  return 0;
}

}  // namespace pakn::apps
