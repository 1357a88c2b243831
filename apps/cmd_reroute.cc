// pakn reroute --from DAY --to DAY [--dry-run]: the options, then service::Reroute
// (service/reroute.h: what is rerouted and how), then its summary. Interrupting (Ctrl-C) stops
// after the current batch (exit 130); running the same command again resumes.
#include <signal.h>

#include <atomic>
#include <memory>

#include "apps/cli.h"
#include "apps/commands.h"
#include "apps/reader_common.h"
#include "apps/tracking_setup.h"
#include "base/log.h"
#include "base/strings.h"
#include "base/time.h"
#include "classify/rules.h"
#include "config/config.h"
#include "fmt/format.h"
#include "pipeline/pipeline.h"
#include "service/reroute.h"

namespace pakn::apps {
namespace {

std::atomic<bool> g_interrupted{false};
extern "C" void OnInterrupt(int) { g_interrupted.store(true); }

}  // namespace

int RunReroute(const RerouteCommand& cmd) {
  auto config = LoadConfig(cmd.config_path);
  if (!config.ok()) return Fail(InvalidArgumentError(config.status().message()));
  SetLogLevel("warn");
  for (const std::string* d : {&cmd.from, &cmd.to})
    if (!ParseLocalDate(*d).ok())
      return Fail(InvalidArgumentError(
          fmt::format("--from/--to: expected a date YYYY-MM-DD, got '{}'", *d)));
  if (cmd.from > cmd.to) return Fail(InvalidArgumentError("--from: must not be after --to"));
  auto now = ParseNow(cmd.now);
  if (!now.ok()) return Fail(InvalidArgumentError(now.status().message()));
  auto pipeline = pipeline::Pipeline::Create(*config);
  if (!pipeline.ok()) return Fail(pipeline.status());

  struct sigaction sa = {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  service::RerouteRequest request{
      .store_dir = cmd.store_dir.empty() ? config->store.path : cmd.store_dir,
      .from = cmd.from,
      .to = cmd.to,
      .dry_run = cmd.dry_run,
      .actor = cmd.actor.empty() ? "pakn-reroute" : cmd.actor,
      .now_ms = *now,
      .interrupt = &g_interrupted};
  auto r = service::Reroute(*config, **pipeline, request, [](const service::RerouteResult& p) {
    fmt::print(stderr, "\rreroute: {} examined, {} to change, {} unchanged, {} in hand", p.examined,
               p.changed, p.kept, p.in_hand);
  });
  if (!r.ok()) return Fail(r.status());
  fmt::print(stderr, "\r");
  fmt::print(
      "{} {} to {} with rule set {}: {} examined, {} {}, {} unchanged, {} left alone "
      "(taken in hand by an operator)\n",
      cmd.dry_run ? "would reroute" : "rerouted", cmd.from, cmd.to, r->ruleset_version, r->examined,
      r->changed, cmd.dry_run ? "would change" : "changed", r->kept, r->in_hand);
  for (const auto& [move, n] : r->moves) fmt::print("  {:>7}  {}\n", n, move);
  if (r->interrupted) {
    fmt::print(stderr, "interrupted: what is shown was written; run the same command again to "
                       "resume (petitions already rerouted are unchanged then)\n");
    return 130;  // as a shell reports a command stopped by SIGINT
  }
  return 0;
}

std::vector<Command> AddRerouteCommand(CLI::App& app) {
  auto held = std::make_shared<RerouteCommand>();
  RerouteCommand& reroute = *held;
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

  return {{s_reroute, [held] { return RunReroute(*held); }}};
}

}  // namespace pakn::apps
