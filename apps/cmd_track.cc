// The operator commands: pakn accept | reject | assign | start | respond | publish | close |
// reopen | transfer | duplicate | withdraw | redirect | note.
//
// The command builds a tracking event (model/event.h) from the options and records it with the
// service's use case (service/tracking.h: checks, then the Kafka transport when a broker is
// configured, else the local one), then prints what the store now says: the new state, or the
// refusal with the allowed actions (exit 1), or that the event waits for its petition.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <thread>

#include "apps/cli.h"
#include "apps/commands.h"
#include "apps/reader_common.h"
#include "apps/tracking_setup.h"
#include "base/json_writer.h"
#include "base/log.h"
#include "base/strings.h"
#include "base/time.h"
#include "classify/normalizer.h"
#include "classify/rules.h"
#include "config/config.h"
#include "fmt/format.h"
#include "model/event.h"
#include "pipeline/pipeline.h"
#include "service/tracking.h"
#include "store/query.h"
#include "store/store.h"
#include "track/state_machine.h"

namespace pakn::apps {
namespace {


std::string NewEventId(int64_t now_ms) {
  std::random_device rd;
  const uint64_t r = (uint64_t{rd()} << 32) ^ rd();
  return fmt::format("cli-{}-{:016x}", now_ms, r);
}

// The command-line spelling of an event member, for error messages.
std::string OptionFor(std::string_view field, Action action) {
  if (field == "$.agency") return "--agency";
  if (field == "$.assignee") return "--to";
  if (field == "$.note") return action == Action::kNote ? "--text" : "--reason";
  if (field == "$.of") return "--of";
  if (field == "$.topic") return "--topic";
  if (field == "$.response.text") return "--text or --file";
  if (field == "$.response.doc_number") return "--doc-number";
  if (field == "$.response.answered_by") return "--answered-by";
  if (field == "$.actor") return "--actor (or $PAKN_ACTOR)";
  if (field == "$.petition_id") return "ID";
  if (field == "$.event_id") return "--event-id";
  if (field == "$.at") return "--now";
  return std::string(field);
}

int Report(const TrackCommand& cmd, const TrackingEvent& e, const service::ActionOutcome& done,
           int64_t now_ms, const track::HolidayCalendar* calendar) {
  const store::EventOutcome& o = done.outcome;
  const std::optional<store::StoredPetition>& rec = done.petition;
  const std::string_view transport = done.via;
  if (done.repeated && !cmd.json)
    fmt::print("(event {} was applied before; nothing changed)\n", e.event_id);
  if (cmd.json) {
    JsonWriter w;
    w.BeginObject();
    w.Member("event_id", e.event_id);
    w.Member("petition_id", o.petition_id);
    w.Member("action", ActionName(e.type));
    w.Member("outcome", o.outcome);
    w.MemberIfNotEmpty("state", o.state);
    w.MemberIfNotEmpty("reason", o.reason);
    w.Member("transport", transport);
    if (rec) {
      w.Member("agency", rec->agency);
      w.MemberIfNotEmpty("assignee", rec->assignee);
      w.MemberIfNotEmpty("corrected_topic", rec->corrected_topic);
      w.Member("due_at", LocalDateTime(rec->due_ms));
      w.Key("overdue");
      w.Bool(track::IsOpen(rec->status) && now_ms > rec->due_ms);
    }
    w.EndObject();
    fmt::print("{}\n", w.str());
  }
  if (o.outcome == "refused") {  // an outcome, and the command's failure (exit 1)
    const Status refused = FailedPreconditionError(fmt::format(
        "{}: refused: {} (recorded in its history as #{})", o.petition_id, o.reason, o.seq));
    return cmd.json ? ExitCode(refused) : Fail(refused);
  }
  if (o.outcome == "pending") {
    if (!cmd.json)
      fmt::print("{}: not stored yet; event {} waits for it and applies when it arrives\n",
                 o.petition_id, e.event_id);
    return 0;
  }
  if (!cmd.json) {
    const store::StoredPetition* p = rec ? &*rec : nullptr;
    fmt::print("{}: {}{}{}{}  {}\n", o.petition_id, o.state,
               p ? fmt::format(" at {}", p->agency) : "",
               p && !p->assignee.empty() ? fmt::format(" ({})", p->assignee) : "",
               p && !e.topic.empty() && p->corrected_topic == e.topic
                   ? fmt::format(", topic {} (routed as {})", e.topic, p->route.topic)
                   : "",
               p ? DeadlineText(p->status, p->due_ms, p->answered_ms, now_ms, calendar) : "");
    fmt::print("  event {} via {}, history #{}\n", e.event_id, transport, o.seq);
  }
  return 0;
}

}  // namespace

int RunTrack(const TrackCommand& cmd) {
  auto config = LoadConfig(cmd.where.config_path);
  if (!config.ok()) return Fail(InvalidArgumentError(config.status().message()));
  SetLogLevel("warn");
  const std::optional<Action> action = ParseAction(cmd.action);
  if (!action) return Fail(InvalidArgumentError(fmt::format("unknown action '{}'", cmd.action)));
  auto now = ParseNow(cmd.now);
  if (!now.ok()) return Fail(InvalidArgumentError(now.status().message()));
  // Checked here, not only by ValidateEvent: the event's `at` is written in Vietnam time,
  // and 9999-12-31T23:59:59Z is a day of year 10000 there, which no date parse takes.
  if (const std::string_view why = OutsidePlausibleYears(*now); !why.empty())
    return Fail(InvalidArgumentError(fmt::format("--now: '{}' {}", cmd.now, why)));
  // The calendar, the deadline policies and the taxonomy (no places: nothing is routed here).
  auto pipeline = pipeline::Pipeline::Create(*config, {.places = false});
  if (!pipeline.ok()) return Fail(pipeline.status());

  TrackingEvent e;
  e.event_id = cmd.event_id.empty() ? NewEventId(*now) : cmd.event_id;
  e.petition_id = cmd.id;
  e.type = *action;
  e.at = LocalDateTime(*now);
  e.at_ms = *ParseRfc3339(e.at);  // whole seconds, as the event says
  e.actor = cmd.actor.empty() ? DefaultActor() : cmd.actor;
  e.agency = cmd.agency;
  e.assignee = cmd.assignee;
  e.note = *action == Action::kNote ? cmd.text : cmd.reason;
  e.visibility = cmd.is_public ? "public" : "internal";
  e.of = cmd.of;
  e.topic = cmd.topic;
  if (*action == Action::kRespond) {
    e.has_response = true;
    e.response.text = cmd.text;
    if (!cmd.file.empty()) {
      std::error_code ec;
      if (std::filesystem::is_directory(cmd.file, ec))
        return Fail(InvalidArgumentError(
            fmt::format("--file: '{}' is a folder, expected the answer's text file", cmd.file)));
      std::ifstream in(cmd.file, std::ios::binary);
      if (!in)
        return Fail(InvalidArgumentError(
            fmt::format("--file: cannot read '{}': {}", cmd.file, std::strerror(errno))));
      std::stringstream ss;
      ss << in.rdbuf();
      e.response.text = ss.str();
      if (IsBlankText(e.response.text))
        return Fail(InvalidArgumentError(fmt::format("--file: '{}' holds no text", cmd.file)));
    }
    e.response.doc_number = cmd.doc_number;
    e.response.answered_by = cmd.answered_by.empty() ? e.actor : cmd.answered_by;
    if (!cmd.reason.empty()) e.note = cmd.reason;
  }
  const bool local =
      cmd.local || config->kafka.brokers.empty() || config->kafka.events_topic.empty();
  const auto namer = [action = *action](std::string_view field) {
    return OptionFor(field, action);
  };
  std::unique_ptr<service::EventTransport> transport;
  if (local) {
    const bool given = !cmd.where.store_dir.empty();
    transport =
        service::NewLocalEventTransport(*config, given ? cmd.where.store_dir : config->store.path,
                                        given ? "--store" : "store.path", **pipeline, namer);
  } else {
    transport = service::NewKafkaEventTransport(
        *config, cmd.where.store_dir.empty() ? config->store.path : cmd.where.store_dir,
        std::chrono::milliseconds(cmd.wait_ms));
  }
  auto done = service::RecordAction(e, *now, *config, **pipeline, *transport, namer);
  if (!done.ok()) return Exit("pakn", done.status());
  return Report(cmd, e, *done, *now, (*pipeline)->calendar());
}

std::vector<Command> AddTrackCommands(CLI::App& app) {
  // Operator actions: one subcommand per action of the state machine (apps/cmd_track.cc).
  auto held = std::make_shared<TrackCommand>();
  TrackCommand& track = *held;
  track.where.config_path = DefaultConfig();
  struct ActionSpec {
    const char* name;
    const char* help;
  };
  static constexpr ActionSpec kActions[] = {
      {"accept", "accept a received petition as admissible"},
      {"reject", "reject a received petition as invalid (--reason)"},
      {"assign", "assign an accepted petition to an agency (--agency)"},
      {"start", "start handling an assigned petition"},
      {"respond", "record the answer (--text or --file, --doc-number)"},
      {"publish", "publish the answer"},
      {"close", "close an answered or published petition"},
      {"reopen", "reopen a closed petition (--reason)"},
      {"transfer", "transfer to another agency (--agency, --reason; --topic corrects the topic)"},
      {"duplicate", "mark as a duplicate of another petition (--of)"},
      {"withdraw", "record the citizen's withdrawal (--reason)"},
      {"redirect", "redirect out: belongs to another procedure (--reason)"},
      {"note", "add a note (--text; --public makes it a progress update)"},
  };
  std::vector<Command> out;
  auto note_internal_flag = std::make_shared<bool>(false);  // the default, said explicitly
  bool& note_internal = *note_internal_flag;
  for (const ActionSpec& spec : kActions) {
    const std::string name = spec.name;
    auto* sub = app.add_subcommand(name, spec.help);
    sub->group("Operator actions");
    sub->add_option("id", track.id, "petition id")->required();
    sub->add_option("--actor", track.actor, "who acts (default: $PAKN_ACTOR or $USER)");
    if (name == "assign" || name == "transfer")
      sub->add_option("--agency", track.agency, "agency code")->required();
    if (name == "assign" || name == "transfer" || name == "start")
      sub->add_option("--to", track.assignee, "the officer who handles it");
    if (name == "transfer")
      sub->add_option("--topic", track.topic,
                      "what the petition is really about: a topic code of the taxonomy "
                      "(corrects the router's topic; `pakn rules export-corrections`)");
    if (name == "reject" || name == "reopen" || name == "withdraw" || name == "redirect" ||
        name == "transfer")
      sub->add_option("--reason", track.reason, "why")->required();
    if (name == "respond") {
      auto* text = sub->add_option("--text", track.text, "the answer");
      sub->add_option("--file", track.file, "the answer, from a file")->excludes(text);
      sub->add_option("--doc-number", track.doc_number, "official letter number");
      sub->add_option("--answered-by", track.answered_by, "who signed (default: the actor)");
    }
    if (name == "note") {
      sub->add_option("--text", track.text, "the note")->required();
      auto* pub = sub->add_flag("--public", track.is_public,
                                "visible to the citizen: counts as a progress update");
      sub->add_flag("--internal", note_internal, "internal note (the default)")->excludes(pub);
    }
    if (name == "duplicate") sub->add_option("--of", track.of, "the original petition")->required();
    if (name == "respond" || name == "publish" || name == "close")
      sub->add_flag("--public", track.is_public, "the answer may be shown to the public");
    sub->add_option("--config", track.where.config_path,
                    "config file (transport, store, deadlines)");
    sub->add_option("--store", track.where.store_dir, "the store folder (overrides --config)");
    sub->add_flag("--local", track.local,
                  "apply to the store directly even if a broker is configured");
    sub->add_option("--event-id", track.event_id,
                    "the event's id (default: a new one); reuse it to retry safely");
    sub->add_option("--now", track.now, "the event's time (RFC 3339; default now)");
    sub->add_option("--wait-ms", track.wait_ms, "Kafka: wait this long for ingest to apply it")
        ->capture_default_str()
        ->check(WholeNumber(0, 3'600'000));
    sub->add_flag("--json", track.json, "JSON output");
    out.push_back({sub, [held, name, note_internal_flag] {
                     held->action = name;
                     return RunTrack(*held);
                   }});
  }

  return out;
}

}  // namespace pakn::apps
