// pakn show / query / rejected / offsets.
#include <pwd.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "apps/cli.h"
#include "apps/commands.h"
#include "apps/reader_common.h"
#include "apps/tracking_setup.h"
#include "base/csv.h"
#include "base/json_writer.h"
#include "base/pii.h"
#include "base/strings.h"
#include "base/time.h"
#include "config/config.h"
#include "fmt/format.h"
#include "ingest/kafka_admin.h"
#include "model/event.h"
#include "service/readers.h"
#include "service/tracking.h"
#include "store/query.h"
#include "track/state_machine.h"

namespace pakn::apps {
namespace {

using service::MaskReporterIn;

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
  if (s.pii_erased_ms) w.Member("personal_data_erased_at", LocalDateTime(s.pii_erased_ms));
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
    // An answer or a note may name the citizen: masked like the text (the masks are plain
    // letters, digits, '*', '@' and '.', so the JSON stays valid).
    w.Raw(e.detail_json.empty() ? "{}" : reveal ? e.detail_json : MaskReporterIn(e.detail_json, r));
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
  if (s.pii_erased_ms)
    fmt::print("Erased     personal data erased {} (store.keep_personal_data_years)\n",
               LocalDateTime(s.pii_erased_ms));
  auto shown = [rv](const std::string& v, std::string (*mask)(std::string_view)) {
    return v.empty() ? std::string("-") : rv ? v : mask(v);
  };
  fmt::print("Reporter   {} | {} | {} | ID {}{}\n", shown(r.name, MaskName),
             shown(r.phone, MaskDigits), shown(r.email, MaskEmail),
             shown(r.national_id, MaskDigits),
             rv ? "" : "   (masked; --reveal-pii --reason WHY to show)");
  if (!s.repairs.empty()) fmt::print("Repaired   {}\n", StrJoin(s.repairs, ", "));
  fmt::print("Title      {}\n", rv ? p.title : MaskReporterIn(p.title, r));
  fmt::print("Content    {}\n", Ellipsize(rv ? p.content : MaskReporterIn(p.content, r), 600));
  fmt::print("History\n");
  for (const auto& e : history)
    fmt::print("  #{} {}  {:<11} by {}  {}\n", e.seq, LocalDateTime(e.at_ms), e.type, e.actor,
               rv ? e.detail_json : MaskReporterIn(e.detail_json, r));
}

}  // namespace

int RunShow(const ShowCommand& cmd) {
  auto now = ParseNow(cmd.now);
  if (!now.ok()) return Fail(InvalidArgumentError(now.status().message()));
  // Personal data in clear only once the reveal is recorded (who, why) in each history.
  std::optional<PaknConfig> config;
  std::string actor = cmd.actor.empty() ? DefaultActor() : cmd.actor;
  if (cmd.reveal_pii) {
    if (IsBlankText(cmd.reason))
      return Fail(InvalidArgumentError(
          "--reveal-pii: say why with --reason (it is kept in each petition's history)"));
    if (const passwd* pw = actor.empty() ? ::getpwuid(::getuid()) : nullptr; pw && pw->pw_name)
      actor = pw->pw_name;  // the account on the host
    if (IsBlankText(actor))
      return Fail(InvalidArgumentError("--reveal-pii: say who you are with --actor"));
    auto loaded = LoadConfig(cmd.where.config_path);
    if (!loaded.ok())
      return Fail(InvalidArgumentError(
          StrCat("--reveal-pii: the reveal is recorded through the config's kafka.events_topic (or "
                 "in its store without kafka.brokers), and the config cannot be read: ",
                 loaded.status().message())));
    config = std::move(*loaded);
  }
  const std::optional<track::HolidayCalendar> calendar = service::CalendarOf(cmd.where);
  const track::HolidayCalendar* cal = calendar ? &*calendar : nullptr;
  auto store = service::OpenReader(cmd.where);
  if (!store.ok()) return Fail(store.status());
  int missing = 0;
  std::vector<service::PetitionView> views;
  for (const std::string& id : cmd.ids) {
    auto view = service::ShowPetition(**store, id);
    if (!view.ok()) return Fail(view.status());
    if (!*view) {
      Fail(NotFoundError(fmt::format("no petition with id '{}'", id)));
      ++missing;
      continue;
    }
    views.push_back(std::move(**view));
  }
  if (cmd.reveal_pii && !views.empty()) {
    std::vector<std::string> ids;
    for (const auto& v : views) ids.push_back(v.record.petition.id);
    const std::string store_dir =
        cmd.where.store_dir.empty() ? config->store.path : cmd.where.store_dir;
    store->reset();  // without a broker the reveal is written to the store itself
    const auto namer = [](std::string_view field) {
      return field == "$.note"    ? std::string("--reason")
             : field == "$.actor" ? std::string("--actor")
                                  : std::string(field);
    };
    if (Status s = service::RecordReveals(*config, store_dir, ids, actor, cmd.reason, *now, namer);
        !s.ok())
      return Fail(s);
  }
  for (size_t i = 0; i < views.size(); ++i) {
    const auto& [rec, history] = views[i];
    if (cmd.json) {
      fmt::print("{}\n", PetitionJson(rec, cmd.reveal_pii, history, *now, cal));
    } else {
      if (i > 0) fmt::print("\n");
      PrintPetition(rec, history, cmd.reveal_pii, *now, cal);
    }
  }
  return missing == 0 ? 0 : ExitCode(NotFoundError("no such petition"));
}

int RunQuery(const QueryCommand& cmd) {
  if (cmd.format != "table" && cmd.format != "json" && cmd.format != "csv")
    return Fail(InvalidArgumentError("--format: expected table, json or csv"));
  auto now = ParseNow(cmd.now);
  if (!now.ok()) return Fail(InvalidArgumentError(now.status().message()));
  service::QueryRequest request{.state = cmd.status,
                                .agency = cmd.agency,
                                .topic = cmd.topic,
                                .assignee = cmd.assignee,
                                .from = cmd.from,
                                .to = cmd.to,
                                .text = cmd.text,
                                .due_before = cmd.due_before,
                                .overdue = cmd.overdue,
                                .progress_update_due = cmd.progress_update_due,
                                .limit = cmd.limit,
                                .now_ms = *now,
                                .with_text = !cmd.count};
  auto query = service::PrepareQuery(request, [](std::string_view field) {
    return field == "due_before" ? std::string("--due-before") : StrCat("--", field);
  });
  if (!query.ok()) return Fail(query.status());
  auto store = service::OpenReader(cmd.where);
  if (!store.ok()) return Fail(store.status());
  uint64_t n = 0;
  if (!cmd.count && cmd.format == "table")
    fmt::print("{:<24} {:<10} {:<10} {:<18} {:<11} {:<10} {:>4} {}\n", "ID", "DAY", "AGENCY",
               "TOPIC", "STATUS", "DUE", "LATE", "TITLE");
  CsvWriter csv(stdout);  // base/csv.h: a byte-order mark and CRLF, as spreadsheets read it
  if (!cmd.count && cmd.format == "csv")
    csv.Row(
        {"id", "day", "agency", "topic", "status", "due_at", "days_overdue", "assignee", "title"});
  auto late_days = [&](const store::StoredPetition& s) -> int64_t {
    return track::IsOpen(s.status) ? track::DaysOverdue(s.due_ms, *now) : 0;
  };
  auto visited = service::FindPetitions(**store, *query, [&](const store::StoredPetition& s) {
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
  if (!visited.ok()) return Fail(visited.status());
  if (cmd.count && cmd.format == "json") {
    fmt::print("{{\"count\":{}}}\n", n);
  } else if (cmd.count) {
    fmt::print("{}\n", n);
  }
  return 0;
}

int RunRejected(const RejectedCommand& cmd) {
  auto store = service::OpenReader(cmd.where);
  if (!store.ok()) return Fail(store.status());
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
  auto store = service::OpenReader(cmd.where);
  if (!store.ok()) return Fail(store.status());
  auto offsets = store::StoredOffsets(**store);
  if (!offsets.ok()) return Fail(offsets.status().message());
  // The brokers' end offsets, when the config names brokers: lag per partition.
  std::map<std::string, std::map<int32_t, int64_t>> ends;
  std::string ends_problem;
  if (!cmd.where.config_path.empty() && cmd.where.store_dir.empty()) {
    auto config = LoadConfig(cmd.where.config_path);
    if (config.ok() && !config->kafka.brokers.empty()) {
      std::vector<std::string> topics = config->kafka.topics;
      if (!config->kafka.events_topic.empty()) topics.push_back(config->kafka.events_topic);
      auto got = ingest::EndOffsets(config->kafka, topics, 5000);
      if (got.ok())
        ends = std::move(*got);
      else
        ends_problem = got.status().message();
    }
  }
  fmt::print("topic\tpartition\tstored\tend\tlag\n");
  for (const auto& [topic, parts] : *offsets)
    for (const auto& [partition, next] : parts) {
      std::string end = "-", lag = "-";
      if (auto t = ends.find(topic); t != ends.end())
        if (auto p = t->second.find(partition); p != t->second.end()) {
          end = std::to_string(p->second);
          lag = std::to_string(std::max<int64_t>(0, p->second - next));
        }
      fmt::print("{}\t{}\t{}\t{}\t{}\n", topic, partition, next, end, lag);
    }
  if (!ends_problem.empty())
    fmt::print(stderr, "pakn offsets: no end offsets (lag unknown): {}\n", ends_problem);
  return 0;
}

std::vector<Command> AddReaderCommands(CLI::App& app) {
  std::vector<Command> out;
  {
    auto held = std::make_shared<ShowCommand>();
    ShowCommand& show = *held;
    auto* s_show = app.add_subcommand("show", "petitions with their history (one or more ids)");
    s_show->add_option("ids", show.ids, "petition ids")->required();
    AddStoreOptions(s_show, show.where);
    s_show->add_flag("--reveal-pii", show.reveal_pii,
                     "show personal data in clear (recorded in each petition's history)");
    s_show->add_option("--reason", show.reason, "--reveal-pii: why (kept in the history)");
    s_show->add_option(
        "--actor", show.actor,
        "--reveal-pii: who (default: PAKN_ACTOR, USER, LOGNAME or the host account)");
    s_show->add_flag("--json", show.json, "JSON output");
    s_show->add_option("--now", show.now, "the current time (RFC 3339), for time left");

    out.push_back({s_show, [held] { return RunShow(*held); }});
  }
  {
    auto held = std::make_shared<QueryCommand>();
    QueryCommand& query = *held;
    auto* s_query = app.add_subcommand("query", "find petitions");
    AddStoreOptions(s_query, query.where);
    s_query->add_option("--status,--state", query.status,
                        "state: received, accepted, assigned, in_progress, answered, ...");
    s_query->add_option("--assigned-to", query.assignee, "the officer handling it");
    s_query->add_flag("--overdue", query.overdue, "open and past the deadline (by due date)");
    s_query->add_option("--due-before", query.due_before,
                        "open and due before YYYY-MM-DD (00:00 that day) or an RFC 3339 time");
    s_query->add_flag("--progress-update-due", query.progress_update_due,
                      "open, late, and owing a public progress update");
    s_query->add_option("--now", query.now, "the current time (RFC 3339), for reproducible runs");
    s_query->add_option("--agency", query.agency, "agency code");
    s_query->add_option("--topic", query.topic, "topic code");
    s_query->add_option("--from", query.from, "first submission day YYYY-MM-DD");
    s_query->add_option("--to", query.to, "last submission day YYYY-MM-DD");
    s_query->add_option("--text", query.text, "words in title or content (accents optional)");
    s_query->add_option("--limit", query.limit, "at most this many rows (0: all)")
        ->check(WholeNumber(0, kU64Max));
    auto* f_count = s_query->add_flag("--count", query.count,
                                      "print only the number of matches (--json: {\"count\": N})");
    auto formats = std::make_shared<std::pair<bool, bool>>();  // --json, --csv
    bool& q_json = formats->first;
    bool& q_csv = formats->second;
    auto* o_json = s_query->add_flag("--json", q_json, "JSON lines output");
    s_query->add_flag("--csv", q_csv, "CSV output")->excludes(o_json)->excludes(f_count);

    out.push_back({s_query, [held, formats] {
                     held->format = formats->first ? "json" : formats->second ? "csv" : "table";
                     return RunQuery(*held);
                   }});
  }
  {
    auto held = std::make_shared<RejectedCommand>();
    RejectedCommand& rejected = *held;
    auto* s_rejected = app.add_subcommand("rejected", "messages that could not be petitions");
    AddStoreOptions(s_rejected, rejected.where);
    s_rejected->add_flag("--json", rejected.json, "JSON lines output");
    s_rejected->add_flag("--pending", rejected.pending,
                         "only those the dead-letter topic has not acknowledged yet");
    s_rejected->add_option("--limit", rejected.limit, "at most this many (0: all)")
        ->check(WholeNumber(0, kU64Max));

    out.push_back({s_rejected, [held] { return RunRejected(*held); }});
  }
  {
    auto held = std::make_shared<OffsetsCommand>();
    OffsetsCommand& offsets = *held;
    auto* s_offsets = app.add_subcommand("offsets", "the Kafka offsets kept in the store");
    AddStoreOptions(s_offsets, offsets.where);

    out.push_back({s_offsets, [held] { return RunOffsets(*held); }});
  }
  return out;
}

}  // namespace pakn::apps
