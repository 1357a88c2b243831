#include <signal.h>
#include <systemd/sd-daemon.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "apps/cli.h"
#include "apps/commands.h"
#include "apps/reader_common.h"
#include "base/log.h"
#include "base/metrics.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "config/config.h"
#include "fmt/format.h"
#include "ingest/ingest_runner.h"
#include "ingest/kafka_admin.h"
#include "ingest/kafka_config.h"
#include "pipeline/pipeline.h"
#include "serve/health.h"
#include "store/query.h"
#include "store/store.h"
#include "web/http_server.h"

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

// GET /metrics, /healthz and /readyz of a running ingest ([metrics] listen).
Status StartMetricsServer(const PaknConfig& config, store::Store& store,
                          const ingest::EndOffsetProbe& probe, metrics::Registry& registry,
                          web::HttpServer& server) {
  registry.Describe("pakn_consumer_lag_messages",
                    "Messages in Kafka that the store has not applied yet, per partition.",
                    "gauge");
  registry.Describe("pakn_kafka_reachable", "1 when a broker answered the last probe.", "gauge");
  registry.Describe("pakn_store_sst_bytes", "Size of the store's table files.", "gauge");
  registry.Describe("pakn_store_pending_compaction_bytes",
                    "Bytes RocksDB estimates compaction still has to rewrite.", "gauge");
  registry.Describe("pakn_dlq_outbox_messages",
                    "Rejections not yet acknowledged by the dead-letter topic (RocksDB's "
                    "estimate).",
                    "gauge");
  registry.AddCollector([&store, &probe](std::vector<metrics::Sample>& out) {
    out.push_back({"pakn_kafka_reachable", {}, probe.Reachable() ? 1.0 : 0.0});
    out.push_back(
        {"pakn_dlq_outbox_messages",
         {},
         static_cast<double>(store.IntProperty("rocksdb.estimate-num-keys", store::kCfDlqOutbox))});
    out.push_back({"pakn_store_sst_bytes",
                   {},
                   static_cast<double>(store.IntProperty("rocksdb.total-sst-files-size"))});
    out.push_back(
        {"pakn_store_pending_compaction_bytes",
         {},
         static_cast<double>(store.IntProperty("rocksdb.estimate-pending-compaction-bytes"))});
    auto stored = store::StoredOffsets(store);
    if (!stored.ok()) return;
    for (const auto& [topic, parts] : probe.Ends())
      for (const auto& [partition, end] : parts) {
        serve::Offsets one{{topic, {{partition, end}}}};
        out.push_back({"pakn_consumer_lag_messages",
                       {{"topic", topic}, {"partition", std::to_string(partition)}},
                       static_cast<double>(serve::TotalLag(one, *stored))});
      }
  });
  const int64_t max_lag = config.metrics.max_ready_lag;
  server.Route([&store, &probe, &registry, max_lag](const web::Request& r) -> web::Response {
    if (r.method != "GET" && r.method != "HEAD")
      return {405, "application/json", web::ErrorBody(405, "use GET"), {{"Allow", "GET"}}};
    if (r.path == "/metrics")
      return {200, "text/plain; version=0.0.4; charset=utf-8", registry.Render(), {}};
    if (r.path == "/healthz") return {200, "application/json", R"({"status":"ok"})", {}};
    if (r.path == "/readyz") {
      std::vector<std::pair<std::string, std::string>> problems;
      if (!store.broken().ok()) problems.emplace_back("store", store.broken().message());
      std::string why;
      if (!probe.Reachable(&why)) problems.emplace_back("broker", why);
      auto stored = store::StoredOffsets(store);
      if (stored.ok() && problems.empty()) {
        const int64_t lag = serve::TotalLag(probe.Ends(), *stored);
        if (lag > max_lag)
          problems.emplace_back("lag", StrCat(lag, " messages behind (at most ", max_lag, ")"));
      }
      const std::string body = serve::ProblemsJson(problems);
      return body.empty() ? web::Response{200, "application/json", R"({"status":"ready"})", {}}
                          : web::Response{503, "application/json", body, {}};
    }
    return {404,
            "application/json",
            web::ErrorBody(404, "no such route: /metrics, /healthz, /readyz"),
            {}};
  });
  PAKN_RETURN_IF_ERROR(server.Start(
      {.listen = config.metrics.listen, .threads = 4, .queue = 16, .max_body_bytes = 1024}));
  Logger("ingest")->info("metrics on http://{}:{}/metrics",
                         config.metrics.listen.substr(0, config.metrics.listen.rfind(':')),
                         server.port());
  return OkStatus();
}

}  // namespace

int RunIngest(const IngestCommand& cmd) {
  auto config = LoadConfig(cmd.config_path);
  if (!config.ok()) return Fail(InvalidArgumentError(config.status().message()));
  SetupLogging(cmd.log_level.empty() ? config->log_level : cmd.log_level, config->log_format);
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
  auto keys = store::LoadKeyRing(config->store.key_file);
  if (!keys.ok()) return Fail(keys.status().message());
  if (*keys)
    Logger("ingest")->info("store keys {}: personal data sealed with key '{}' ({} key(s))",
                           (*keys)->origin(), (*keys)->current().id, (*keys)->keys().size());
  else
    Logger("ingest")->warn(
        "no store key (store.key_file or {}): personal data is written to the store in clear",
        store::kStoreKeyEnv);
  auto store = store::Store::OpenPrimary(
      config->store.path,
      {.sync = config->store.sync,
       .memtable_budget_bytes = static_cast<size_t>(config->store.memtable_mb) << 20,
       .block_cache_bytes = static_cast<size_t>(config->store.block_cache_mb) << 20,
       .min_free_bytes = static_cast<uint64_t>(config->store.min_free_mb) << 20,
       .keys = std::move(*keys)});
  if (!store.ok()) return Fail(store.status().message());

  InstallSignalHandlers();
  ingest::IngestRunner runner(*config, store->get(), pipeline->get(), &g_reload);
  runner.set_rebuild(cmd.rebuild);
  metrics::Registry registry;
  std::unique_ptr<ingest::EndOffsetProbe> probe;
  web::HttpServer metrics_server;
  if (!config->metrics.listen.empty()) {
    std::vector<std::string> topics = config->kafka.topics;
    if (!config->kafka.events_topic.empty()) topics.push_back(config->kafka.events_topic);
    auto started = ingest::EndOffsetProbe::Start(config->kafka, topics, 5000);
    if (!started.ok()) return Fail(started.status());
    probe = std::move(*started);
    runner.set_metrics(&registry);
    if (Status s = StartMetricsServer(*config, **store, *probe, registry, metrics_server); !s.ok())
      return Fail(s);
  }
  sd_notify(0, "READY=1\nSTATUS=ingesting");
  // WATCHDOG=1 from the consume loop itself: a loop stuck longer than WatchdogSec is restarted.
  if (uint64_t usec = 0; sd_watchdog_enabled(0, &usec) > 0) {
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    runner.set_heartbeat([usec, last] {
      const auto now = std::chrono::steady_clock::now();
      if (now - *last < std::chrono::microseconds(usec / 4)) return;
      *last = now;
      sd_notify(0, "WATCHDOG=1");
    });
  }
  Status status = runner.Run(g_stop, cmd.until_caught_up);
  sd_notify(0, "STOPPING=1");
  metrics_server.Stop();
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
  s_ingest
      ->add_option("--log-level", ingest.log_level,
                   "trace, debug, info, warn, error, critical, off (instead of log.level)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  s_ingest->add_flag("--until-caught-up", ingest.until_caught_up,
                     "exit 0 once every assigned partition is at its end");
  s_ingest->add_flag("--rebuild", ingest.rebuild,
                     "read from the beginning the partitions this store has no offsets for, "
                     "even where the consumer group has read them (a store rebuilt on purpose)");

  return {{s_ingest, [held] { return RunIngest(*held); }}};
}

}  // namespace pakn::apps
