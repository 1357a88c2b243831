// The subcommands of the `pakn` program. Each Add…Command registers its subcommand(s), their
// options and what to run; each Run* parses what the options say, calls the service's use
// cases (service/), prints, and returns the exit code of the outcome (apps/cli.h ExitCode:
// 0 ok, 1 the work failed, 2 bad usage or bad config, 3 no such petition, 4 not applied in
// time).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "service/readers.h"

namespace pakn::apps {

// One subcommand and what runs when the command line chose it.
struct Command {
  CLI::App* sub;
  std::function<int()> run;  // returns the exit code
};

// In the order main() checks them (a parent after its subcommands).
std::vector<Command> AddIngestCommand(CLI::App& app);
std::vector<Command> AddReaderCommands(CLI::App& app);  // show, query, rejected, offsets
std::vector<Command> AddTrackCommands(CLI::App& app);   // accept, assign, ... note
std::vector<Command> AddRulesCommands(
    CLI::App& app);  // rules check|test|explain|..., export-corrections
std::vector<Command> AddRerouteCommand(CLI::App& app);
std::vector<Command> AddDigestCommand(CLI::App& app);
std::vector<Command> AddNormalizeCommand(CLI::App& app);
std::vector<Command> AddServeCommands(CLI::App& app);  // serve, validate, api-key new

// $PAKN_CONFIG, else config/pakn.toml.
std::string DefaultConfig();

// Where a reader command finds the store: --store DIR wins; else store.path of --config FILE.
using service::StoreLocation;
// --config and --store of a reader command.
void AddStoreOptions(CLI::App* sub, StoreLocation& where);

struct IngestCommand {
  std::string config_path;
  bool until_caught_up = false;
  bool rebuild = false;  // read anew the partitions the store has no offsets for
  std::string log_level;  // "" = the config's log.level
};
int RunIngest(const IngestCommand& cmd);

struct ShowCommand {
  StoreLocation where;
  std::vector<std::string> ids;  // one or more
  bool reveal_pii = false;
  std::string reason;  // --reveal-pii: why (recorded in each petition's history)
  std::string actor;   // --reveal-pii: who; "" = PAKN_ACTOR, USER or LOGNAME
  bool json = false;
  std::string now;  // RFC 3339; "" = the system clock (time left / days overdue)
};
int RunShow(const ShowCommand& cmd);

struct QueryCommand {
  StoreLocation where;
  std::string status, agency, topic, from, to, text;
  std::string assignee;
  bool overdue = false;
  std::string due_before;  // YYYY-MM-DD (due before 00:00 that day) or RFC 3339
  bool progress_update_due = false;
  std::string now;         // RFC 3339; "" = the system clock
  std::string format = "table";  // table | json | csv
  bool count = false;
  uint64_t limit = 0;
};
int RunQuery(const QueryCommand& cmd);

// An operator action on one petition (apps/cmd_track.cc).
struct TrackCommand {
  StoreLocation where;      // config (transport, store, deadlines); --store for local mode
  std::string action;       // ActionName: accept, assign, ...
  std::string id;
  std::string actor;        // "" = $PAKN_ACTOR, $USER
  std::string agency;       // assign, transfer
  std::string assignee;     // assign, transfer, start: --to
  std::string reason;       // reject, reopen, withdraw, redirect, transfer (the event's note)
  std::string text;         // respond: the answer; note: the note
  std::string file;         // respond: the answer from a file
  std::string doc_number;   // respond: the official letter's number
  std::string answered_by;  // respond: who signed ("" = the actor)
  std::string of;           // duplicate: the original
  std::string topic;        // transfer: what it is really about (a taxonomy topic code)
  bool is_public = false;   // visibility public (default internal)
  std::string event_id;     // "" = a new one; give one to retry safely
  std::string now;          // RFC 3339; "" = the system clock
  bool local = false;       // apply to the store directly even if a broker is configured
  int wait_ms = 10000;      // Kafka: how long to wait for ingest to apply it
  bool json = false;
};
int RunTrack(const TrackCommand& cmd);

// pakn reroute (apps/cmd_reroute.cc).
struct RerouteCommand {
  std::string config_path;  // rules, deadlines, store
  std::string store_dir;    // overrides the config's store.path
  std::string from, to;     // submission days, inclusive
  bool dry_run = false;
  std::string actor;        // "" = pakn-reroute
  std::string now;          // the events' time (RFC 3339); "" = now
};
int RunReroute(const RerouteCommand& cmd);

// pakn digest (apps/cmd_digest.cc; figures in docs/digest.md).
struct DigestCommand {
  StoreLocation where;
  std::string date;              // YYYY-MM-DD | yesterday | today; or from/to
  std::string from, to;          // a range of days, inclusive
  std::string agency;            // "" = every agency
  std::string format = "md";     // json | csv | md | html
  std::string out;               // "" or "-" = stdout
  std::string lang = "vi";       // vi | en
  bool verify = false;           // recompute from the records; exit 1 unless equal
  bool publish = false;          // produce the JSON to Kafka (config's brokers)
  std::string topic = std::string(service::kDefaultDigestTopic);  // where --publish produces
  std::string now;               // RFC 3339; "as of" and `yesterday` in reproducible runs
};
int RunDigest(const DigestCommand& cmd);

struct RejectedCommand {
  StoreLocation where;
  bool json = false;
  bool pending = false;  // only those not yet acknowledged by the dead-letter topic
  uint64_t limit = 0;
};
int RunRejected(const RejectedCommand& cmd);

struct OffsetsCommand {
  StoreLocation where;
};
int RunOffsets(const OffsetsCommand& cmd);

struct NormalizeCommand {
  std::string style = "old";  // old | new
  std::string from = "auto";  // auto | utf8 | tcvn3 | vni | viscii | cp1258 | viqr
  bool key = false;           // print the search key instead of the canonical text
  bool repairs = false;       // append a tab and the repairs made
};
int RunNormalize(const NormalizeCommand& cmd);

}  // namespace pakn::apps
