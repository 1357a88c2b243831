#include <signal.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "apps/cli.h"
#include "apps/commands.h"
#include "apps/reader_common.h"
#include "base/log.h"
#include "base/strings.h"
#include "config/config.h"
#include "fmt/format.h"
#include "ingest/ingest_runner.h"
#include "ingest/kafka_config.h"
#include "pipeline/pipeline.h"
#include "store/store.h"

namespace pakn::apps {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_reload{false};

extern "C" void OnStopSignal(int) { g_stop.store(true); }
extern "C" void OnReloadSignal(int) { g_reload.store(true); }

void InstallSignalHandlers() {
  struct sigaction sa = {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  struct sigaction hup = {};
  hup.sa_handler = OnReloadSignal;
  sigemptyset(&hup.sa_mask);
  hup.sa_flags = SA_RESTART;
  sigaction(SIGHUP, &hup, nullptr);
}

}  // namespace

int RunIngest(const IngestCommand& cmd) {
  auto config = LoadConfig(cmd.config_path);
  if (!config.ok()) return Fail(InvalidArgumentError(config.status().message()));
  SetLogLevel(config->log_level);
  if (Status s = ingest::ValidateKafkaConfig(config->kafka); !s.ok())
    return Fail(InvalidArgumentError(StrCat(config->path, ": ", s.message())));
  auto pipeline = pipeline::Pipeline::Create(*config);
  if (!pipeline.ok()) return Fail(pipeline.status());
  {
    const auto rules = (*pipeline)->rules();
    Logger("ingest")->info(
        "rules {}: {} rules, {} keyword phrases, version {} (SIGHUP or a file "
        "change reloads them)",
        (*pipeline)->rules_dir(), rules->rule_count(), rules->keyword_count(), rules->version());
    Logger("ingest")->info(
        "holidays {}: {}-{}; deadline policies from the rules{}", config->deadlines.holidays_path,
        (*pipeline)->calendar()->first_year(), (*pipeline)->calendar()->last_year(),
        (*pipeline)->policy_overrides().empty() ? "" : " with [[deadlines.policy]] overrides");
  }
  auto store = store::Store::OpenPrimary(
      config->store.path,
      {.sync = config->store.sync,
       .memtable_budget_bytes = static_cast<size_t>(config->store.memtable_mb) << 20,
       .block_cache_bytes = static_cast<size_t>(config->store.block_cache_mb) << 20,
       .min_free_bytes = static_cast<uint64_t>(config->store.min_free_mb) << 20});
  if (!store.ok()) return Fail(store.status().message());

  InstallSignalHandlers();
  ingest::IngestRunner runner(*config, store->get(), pipeline->get(), &g_reload);
  runner.set_rebuild(cmd.rebuild);
  Status status = runner.Run(g_stop, cmd.until_caught_up);
  const ingest::IngestSummary& s = runner.summary();
  const double rate = s.seconds > 0 ? static_cast<double>(s.messages) / s.seconds : 0;
  const double active_rate =
      s.active_seconds > 0 ? static_cast<double>(s.messages) / s.active_seconds : 0;
  fmt::print(stderr,
             "pakn ingest: {} messages in {} batches, {:.2f} s ({:.0f} msg/s; {:.0f} msg/s from "
             "the first message): {} new, {} duplicate, {} amended, {} rejected, {} stale; "
             "events: {} applied, {} refused, {} pending, {} duplicate; {} dead letters "
             "published\n",
             s.messages, s.batches, s.seconds, rate, active_rate, s.created, s.duplicates,
             s.amended, s.rejected, s.stale, s.events_applied, s.events_refused,
             s.events_pending, s.events_duplicate, s.dead_letters_published);
  if (s.store_lost && (*store)->created()) {
    // The empty store made by this run must not stand where the lost one is to be put back.
    store->reset();
    store::RemoveUnwrittenStore(config->store.path);
  }
  // A consumer librdkafka refuses to create is a configuration error too.
  if (!status.ok()) return Fail(AsWorkFailure(status));
  return 0;
}

std::vector<Command> AddIngestCommand(CLI::App& app) {
  auto held = std::make_shared<IngestCommand>();
  IngestCommand& ingest = *held;
  ingest.config_path = DefaultConfig();
  auto* s_ingest = app.add_subcommand("ingest", "consume petitions from Kafka into the store");
  s_ingest->add_option("--config", ingest.config_path, "config file (TOML)");
  s_ingest->add_flag("--until-caught-up", ingest.until_caught_up,
                     "exit 0 once every assigned partition is at its end");
  s_ingest->add_flag("--rebuild", ingest.rebuild,
                     "read from the beginning the partitions this store has no offsets for, "
                     "even where the consumer group has read them (a store rebuilt on purpose)");

  return {{s_ingest, [held] { return RunIngest(*held); }}};
}

}  // namespace pakn::apps
