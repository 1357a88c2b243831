// The operator commands: pakn accept | reject | assign | start | respond | publish | close |
// reopen | transfer | duplicate | withdraw | redirect | note.
//
// One code path, two transports. The command builds a tracking event (track/event.h) and
//  - with a broker configured (kafka.brokers), produces it to kafka.events_topic keyed by the
//    petition id, then waits (bounded by --wait) until `pakn ingest` has applied it, reading
//    the outcome from the store through a secondary instance;
//  - with no broker (kafka.brokers = "") or --local, applies it to the store itself with the
//    same store::Applier ingest uses (the store must not be open by a running ingest).
// Either way it prints what the store now says: the new state, or the refusal with the
// allowed actions (exit 1), or that the event waits for its petition.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <thread>

#include "apps/commands.h"
#include "apps/reader_common.h"
#include "apps/cli.h"
#include "apps/tracking_setup.h"
#include "base/json_writer.h"
#include "base/log.h"
#include "base/strings.h"
#include "base/time.h"
#include "config/config.h"
#include "fmt/format.h"
#include "classify/normalizer.h"
#include "classify/rules.h"
#include "ingest/kafka_admin.h"
#include "pipeline/pipeline.h"
#include "store/applier.h"
#include "store/query.h"
#include "store/store.h"
#include "model/event.h"
#include "track/state_machine.h"

namespace pakn::apps {
namespace {


std::string NewEventId(int64_t now_ms) {
  std::random_device rd;
  const uint64_t r = (uint64_t{rd()} << 32) ^ rd();
  return fmt::format("cli-{}-{:016x}", now_ms, r);
}

std::string DefaultActor() {
  for (const char* var : {"PAKN_ACTOR", "USER", "LOGNAME"})
    if (const char* v = std::getenv(var); v && *v) return v;
  return "";
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

Status Produce(const KafkaConfig& k, const TrackingEvent& e, std::string* where) {
  auto produced = ingest::ProduceOne(k, k.events_topic, e.petition_id, EncodeEvent(e));
  if (!produced.ok()) return produced.status();
  *where = *produced;
  return OkStatus();
}

int Report(const TrackCommand& cmd, const TrackingEvent& e,
           const store::EventOutcome& o, const store::Store& store, int64_t now_ms,
           const track::HolidayCalendar* calendar, std::string_view transport) {
  auto rec = store.GetPetition(e.petition_id);
  if (!rec.ok()) return Fail(rec.status().message());
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
    if (*rec) {
      w.Member("agency", (*rec)->agency);
      w.MemberIfNotEmpty("assignee", (*rec)->assignee);
      w.MemberIfNotEmpty("corrected_topic", (*rec)->corrected_topic);
      w.Member("due_at", LocalDateTime((*rec)->due_ms));
      w.Key("overdue");
      w.Bool(track::IsOpen((*rec)->status) && now_ms > (*rec)->due_ms);
    }
    w.EndObject();
    fmt::print("{}\n", w.str());
  }
  if (o.outcome == "refused") {
    if (!cmd.json)
      Fail(fmt::format("{}: refused: {} (recorded in its history as #{})", o.petition_id,
                       o.reason, o.seq));
    return 1;
  }
  if (o.outcome == "pending") {
    if (!cmd.json)
      fmt::print("{}: not stored yet; event {} waits for it and applies when it arrives\n",
                 o.petition_id, e.event_id);
    return 0;
  }
  if (!cmd.json) {
    const store::StoredPetition* p = *rec ? &**rec : nullptr;
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

// The event applied to the store here, with the deadline policies ingest uses (the pipeline's:
// the rule set's, overridden by the config's).
int ApplyLocally(const TrackCommand& cmd, const PaknConfig& config,
                 const pipeline::Pipeline& pipeline, const TrackingEvent& e, int64_t now_ms) {
  const std::string path = cmd.where.store_dir.empty() ? config.store.path : cmd.where.store_dir;
  auto store = store::Store::OpenPrimary(
      path, {.sync = true,  // an operator's act must survive a power cut: no Kafka to replay it
             .memtable_budget_bytes = 16 << 20,
             .block_cache_bytes = 8 << 20,
             .create_if_missing = false,
             .min_free_bytes = static_cast<uint64_t>(config.store.min_free_mb) << 20});
  if (!store.ok()) {
    if (store.status().code() == StatusCode::kNotFound)
      return Fail(StrCat(cmd.where.store_dir.empty() ? "store.path: " : "--store: ",
                         store.status().message()),
                  2);
    return Fail(fmt::format("{}\n  (is `pakn ingest` running on this store? Then leave --local "
                            "out and set kafka.brokers: the event goes through Kafka)",
                            store.status().message()));
  }
  auto existing = (*store)->GetPetition(e.petition_id);
  if (!existing.ok()) return Fail(existing.status().message());
  if (!*existing) return Fail(fmt::format("no petition with id '{}'", e.petition_id), 3);
  if (!e.of.empty()) {  // the store is the whole truth here (through Kafka it may come later)
    auto original = (*store)->GetRecord(e.of);
    if (!original.ok()) return Fail(original.status().message());
    if (!*original) return Fail(fmt::format("--of: no petition with id '{}'", e.of), 3);
  }
  store::Applier applier(store->get(),
                         store::TrackingContext{pipeline.calendar(),
                                                pipeline.DeadlinePolicies(*pipeline.rules())});
  std::vector<store::BatchItem> items;
  items.push_back(store::IncomingEvent{store::SourcePosition{}, now_ms, e});
  auto stats = applier.Apply(items);
  if (!stats.ok()) return Fail(stats.status().message());
  auto outcome = store::LookupEventOutcome(**store, e.event_id);
  if (!outcome.ok()) return Fail(outcome.status().message());
  if (!*outcome) return Fail(fmt::format("event {} left no outcome in the store", e.event_id));
  if (stats->events_duplicate > 0 && !cmd.json)
    fmt::print("(event {} was applied before; nothing changed)\n", e.event_id);
  return Report(cmd, e, **outcome, **store, now_ms, pipeline.calendar(), "local");
}

int SendThroughKafka(const TrackCommand& cmd, const PaknConfig& config,
                     const pipeline::Pipeline& pipeline, const TrackingEvent& e,
                     int64_t now_ms) {
  std::string where;
  if (Status s = Produce(config.kafka, e, &where); !s.ok()) return Fail(s.message());
  StoreLocation loc = cmd.where;
  if (loc.store_dir.empty()) loc.store_dir = config.store.path;
  auto reader = OpenReaderAt(loc);
  if (!reader.ok()) return Fail(reader.status().message());
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(cmd.wait_ms);
  for (;;) {
    if (Status s = (*reader)->CatchUp(); !s.ok()) return Fail(s.message());
    auto outcome = store::LookupEventOutcome(**reader, e.event_id);
    if (!outcome.ok()) return Fail(outcome.status().message());
    if (*outcome)
      return Report(cmd, e, **outcome, **reader, now_ms, pipeline.calendar(), where);
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Fail(fmt::format("event {} is in {} but was not applied within {} ms: is `pakn "
                          "ingest` running on {}? It will apply when ingest reads it.",
                          e.event_id, where, cmd.wait_ms, loc.store_dir),
              4);
}

}  // namespace

int RunTrack(const TrackCommand& cmd) {
  auto config = LoadConfig(cmd.where.config_path);
  if (!config.ok()) return Fail(config.status().message(), 2);
  SetLogLevel("warn");
  const std::optional<Action> action = ParseAction(cmd.action);
  if (!action) return Fail(fmt::format("unknown action '{}'", cmd.action), 2);
  auto now = ParseNow(cmd.now);
  if (!now.ok()) return Fail(now.status().message(), 2);
  // Checked here, not only by ValidateEvent: the event's `at` is written in Vietnam time,
  // and 9999-12-31T23:59:59Z is a day of year 10000 there, which no date parse takes.
  if (const std::string_view why = OutsidePlausibleYears(*now); !why.empty())
    return Fail(fmt::format("--now: '{}' {}", cmd.now, why), 2);
  // The calendar, the deadline policies and the taxonomy (no places: nothing is routed here).
  auto pipeline = pipeline::Pipeline::Create(*config, {.places = false});
  if (!pipeline.ok()) return Fail(pipeline.status().message(), ExitCode(pipeline.status()));

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
        return Fail(fmt::format("--file: '{}' is a folder, expected the answer's text file",
                                cmd.file), 2);
      std::ifstream in(cmd.file, std::ios::binary);
      if (!in)
        return Fail(fmt::format("--file: cannot read '{}': {}", cmd.file, std::strerror(errno)),
                    2);
      std::stringstream ss;
      ss << in.rdbuf();
      e.response.text = ss.str();
      if (IsBlankText(e.response.text))
        return Fail(fmt::format("--file: '{}' holds no text", cmd.file), 2);
    }
    e.response.doc_number = cmd.doc_number;
    e.response.answered_by = cmd.answered_by.empty() ? e.actor : cmd.answered_by;
    if (!cmd.reason.empty()) e.note = cmd.reason;
  }
  if (std::optional<EventRejection> bad = ValidateEvent(e)) {
    // "missing_field: $.agency: required for assign" → "--agency: required for assign"
    const std::string prefix = StrCat(RejectCodeName(bad->code), ": ", bad->field, ": ");
    std::string_view what = bad->reason;
    if (what.substr(0, prefix.size()) == prefix) what.remove_prefix(prefix.size());
    return Fail(fmt::format("{}: {}", OptionFor(bad->field, *action), what), 2);
  }
  // Ingest dead-letters an event larger than this; refuse it here, in both modes, so the
  // operator hears it now and a store never holds what the other transport would refuse.
  if (const size_t bytes = EncodeEvent(e).size();
      bytes > config->ingest.max_message_bytes) {
    const bool note = e.note.size() > e.response.text.size();
    return Fail(fmt::format("{}: too long: the event would be {} bytes, and ingest takes at "
                            "most {} (ingest.max_message_bytes)",
                            OptionFor(note ? "$.note" : "$.response.text", *action), bytes,
                            config->ingest.max_message_bytes),
                2);
  }
  // A corrected topic must be one of the taxonomy's: it becomes a training label
  // (`pakn rules export-corrections`). Checked here, where the operator can retype it; ingest
  // applies any well-formed code (the taxonomy may change between producing and applying).
  if (!e.topic.empty()) {
    if ((*pipeline)->rules()->FindTopic(e.topic) == nullptr)
      return Fail(fmt::format("--topic: '{}' is not a topic of the taxonomy in {}", e.topic,
                              config->classify.rules_path),
                  2);
  }
  const bool local =
      cmd.local || config->kafka.brokers.empty() || config->kafka.events_topic.empty();
  return local ? ApplyLocally(cmd, *config, **pipeline, e, *now)
               : SendThroughKafka(cmd, *config, **pipeline, e, *now);
}

}  // namespace pakn::apps
