// pakn: the command-line program (ingest, reader commands, digest, generator).
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <string>

#include "CLI/CLI.hpp"
#include "apps/cmd_corrections.h"
#include "apps/cmd_rules.h"
#include "apps/commands.h"

namespace {

std::string DefaultConfig() {
  const char* env = std::getenv("PAKN_CONFIG");
  return env ? env : "config/pakn.toml";
}

// A whole number from lo to hi. CLI11 2.1 alone turns "-5" into 2^64 - 5 for an unsigned
// option, and lets a value too large for the type through.
CLI::Validator WholeNumber(uint64_t lo, uint64_t hi) {
  return CLI::Validator(
      [lo, hi](std::string& s) -> std::string {
        uint64_t v = 0;
        const char* end = s.data() + s.size();
        auto [p, ec] = std::from_chars(s.data(), end, v);
        if (s.empty() || ec != std::errc() || p != end || v < lo || v > hi)
          return "expected a whole number from " + std::to_string(lo) + " to " +
                 std::to_string(hi) + ", got '" + s + "'";
        return std::string();
      },
      "N", "WholeNumber");
}

constexpr uint64_t kU64Max = std::numeric_limits<uint64_t>::max();

// An empty value is never meant: `--now ""`, `--status ""` or `--out ""` ran as if the option
// were absent, and `note --text ""` recorded an empty note. Every option that takes a value,
// in every subcommand, refuses one.
void RefuseEmptyValues(CLI::App* app) {
  static const CLI::Validator kNonEmpty(
      [](std::string& s) { return s.empty() ? std::string("expected a value, got ''") : ""; },
      "", "NonEmpty");
  for (CLI::Option* opt : app->get_options())
    if (opt->get_type_size_max() > 0) opt->check(kNonEmpty);
  for (CLI::App* sub : app->get_subcommands([](CLI::App*) { return true; }))
    RefuseEmptyValues(sub);
}

void AddStoreOptions(CLI::App* sub, pakn::apps::StoreLocation& where) {
  where.config_path = DefaultConfig();
  sub->add_option("--config", where.config_path,
                  "config file whose store.path is read (default: $PAKN_CONFIG or "
                  "config/pakn.toml)");
  sub->add_option("--store", where.store_dir, "the store folder (overrides --config)");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace pakn::apps;
  CLI::App app{"pakn: citizen petitions (phản ánh, kiến nghị) from Kafka to answers on time"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "pakn 0.1.0");

  IngestCommand ingest;
  ingest.config_path = DefaultConfig();
  auto* s_ingest = app.add_subcommand("ingest", "consume petitions from Kafka into the store");
  s_ingest->add_option("--config", ingest.config_path, "config file (TOML)");
  s_ingest->add_flag("--until-caught-up", ingest.until_caught_up,
                     "exit 0 once every assigned partition is at its end");
  s_ingest->add_flag("--rebuild", ingest.rebuild,
                     "read from the beginning the partitions this store has no offsets for, "
                     "even where the consumer group has read them (a store rebuilt on purpose)");

  ShowCommand show;
  auto* s_show = app.add_subcommand("show", "petitions with their history (one or more ids)");
  s_show->add_option("ids", show.ids, "petition ids")->required();
  AddStoreOptions(s_show, show.where);
  s_show->add_flag("--reveal-pii", show.reveal_pii, "show personal data in clear");
  s_show->add_flag("--json", show.json, "JSON output");
  s_show->add_option("--now", show.now, "the current time (RFC 3339), for time left");

  QueryCommand query;
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
  bool q_json = false, q_csv = false;
  auto* o_json = s_query->add_flag("--json", q_json, "JSON lines output");
  s_query->add_flag("--csv", q_csv, "CSV output")->excludes(o_json)->excludes(f_count);

  // Operator actions: one subcommand per action of the state machine (apps/cmd_track.cc).
  TrackCommand track;
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
  std::vector<CLI::App*> track_subs;
  bool note_internal = false;
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
    sub->add_option("--wait-ms", track.wait_ms,
                    "Kafka: wait this long for ingest to apply it")
        ->capture_default_str()
        ->check(WholeNumber(0, 3'600'000));
    sub->add_flag("--json", track.json, "JSON output");
    track_subs.push_back(sub);
  }

  RulesCommand rules;
  CLI::App* s_rules = AddRulesCommand(app, rules);
  ExportCorrectionsCommand corrections;  // pakn rules export-corrections (apps/cmd_corrections.h)
  CLI::App* s_corrections = AddExportCorrectionsCommand(*s_rules, corrections);

  RerouteCommand reroute;
  reroute.config_path = DefaultConfig();
  auto* s_reroute = app.add_subcommand(
      "reroute", "apply the current rules again to petitions no operator has taken in hand");
  s_reroute->add_option("--from", reroute.from, "first submission day YYYY-MM-DD")->required();
  s_reroute->add_option("--to", reroute.to, "last submission day YYYY-MM-DD")->required();
  s_reroute->add_flag("--dry-run", reroute.dry_run, "show what would change; write nothing");
  s_reroute->add_option("--config", reroute.config_path, "config file (rules, store)");
  s_reroute->add_option("--store", reroute.store_dir, "the store folder (overrides --config)");
  s_reroute->add_option("--actor", reroute.actor, "who reroutes (default pakn-reroute)");
  s_reroute->add_option("--now", reroute.now, "the events' time (RFC 3339)");

  DigestCommand digest;
  auto* s_digest = app.add_subcommand(
      "digest", "the leaders' report for a day or a range (docs/digest.md)");
  AddStoreOptions(s_digest, digest.where);
  auto* o_date = s_digest->add_option("--date", digest.date, "YYYY-MM-DD, today or yesterday");
  s_digest->add_option("--from", digest.from, "first day of a range, YYYY-MM-DD")
      ->excludes(o_date);
  s_digest->add_option("--to", digest.to, "last day of a range, YYYY-MM-DD")->excludes(o_date);
  s_digest->add_option("--agency", digest.agency, "only this agency (code)");
  s_digest->add_option("--format", digest.format, "json, csv, md or html")
      ->capture_default_str();
  s_digest->add_option("--out", digest.out, "write to this file (default: stdout)");
  s_digest->add_option("--lang", digest.lang, "labels: vi or en")->capture_default_str();
  s_digest->add_flag("--verify", digest.verify,
                     "recompute from the records and fail unless the counters agree");
  auto* f_publish = s_digest->add_flag("--publish", digest.publish,
                                       "produce the JSON digest to Kafka, keyed by date and scope");
  s_digest->add_option("--topic", digest.topic, "the topic --publish produces to")
      ->capture_default_str()
      ->needs(f_publish);
  s_digest->add_option("--now", digest.now, "the current time (RFC 3339), for reproducible runs");

  RejectedCommand rejected;
  auto* s_rejected = app.add_subcommand("rejected", "messages that could not be petitions");
  AddStoreOptions(s_rejected, rejected.where);
  s_rejected->add_flag("--json", rejected.json, "JSON lines output");
  s_rejected->add_flag("--pending", rejected.pending,
                       "only those the dead-letter topic has not acknowledged yet");
  s_rejected->add_option("--limit", rejected.limit, "at most this many (0: all)")
      ->check(WholeNumber(0, kU64Max));

  OffsetsCommand offsets;
  auto* s_offsets = app.add_subcommand("offsets", "the Kafka offsets kept in the store");
  AddStoreOptions(s_offsets, offsets.where);

  NormalizeCommand normalize;
  auto* s_normalize = app.add_subcommand(
      "normalize", "normalize text lines from stdin (legacy encodings, mojibake, tone marks)");
  s_normalize->add_option("--style", normalize.style, "tone placement: old (hòa) or new (hoà)")
      ->capture_default_str();
  s_normalize->add_option("--from", normalize.from,
                          "input: auto, utf8, tcvn3, vni, viscii, cp1258 or viqr")
      ->capture_default_str();
  s_normalize->add_flag("--key", normalize.key, "print the diacritic-free search key");
  s_normalize->add_flag("--repairs", normalize.repairs, "append a tab and the repairs made");

  RefuseEmptyValues(&app);
  if (argc >= 2 && argv[1][0] != '-') {  // CLI11 would only say "A subcommand is required"
    std::string names;
    bool known = false;
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
      known |= sub->get_name() == argv[1];
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      std::cerr << "pakn: unknown command '" << argv[1] << "'; expected one of: " << names
                << "\nRun 'pakn --help'.\n";
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "pakn: " << e.what() << "\nRun 'pakn --help' or 'pakn SUBCOMMAND --help'.\n";
    return 2;
  }

  if (*s_ingest) return RunIngest(ingest);
  if (*s_corrections) return RunExportCorrections(corrections);  // before its parent, rules
  if (*s_rules) return RunRules(rules);
  if (*s_reroute) return RunReroute(reroute);
  for (CLI::App* sub : track_subs) {
    if (*sub) {
      track.action = sub->get_name();
      return RunTrack(track);
    }
  }
  if (*s_show) return RunShow(show);
  if (*s_query) {
    query.format = q_json ? "json" : q_csv ? "csv" : "table";
    return RunQuery(query);
  }
  if (*s_digest) return RunDigest(digest);
  if (*s_rejected) return RunRejected(rejected);
  if (*s_offsets) return RunOffsets(offsets);
  if (*s_normalize) return RunNormalize(normalize);
  return 2;
}
