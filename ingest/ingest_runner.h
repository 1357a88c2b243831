// IngestRunner: `pakn ingest`. A librdkafka KafkaConsumer in a consumer group reads the
// configured topics in batches (bounded by count, bytes and time); each batch is processed on
// the worker pool (MessageProcessor) and written as ONE WriteBatch with its offsets (Applier).
// On assignment the consumer seeks to the offsets stored in RocksDB, so Kafka-side commits are
// advisory only (they are still made, for lag monitoring). Stored rejections are published to
// the dead-letter topic after each write (DlqPublisher).
//
// Stop: set the `stop` flag (SIGINT/SIGTERM): the batch being read is finished and written,
// then Run returns OK. With `until_caught_up`, Run returns OK once every assigned partition
// has reached its end.
//
// Thread safety: Run is called once, on one thread; everything here happens on that thread
// (the Consumer calls the rebalance listener from inside Poll(), ingest/consumer.h).
#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include "base/metrics.h"
#include "base/status.h"
#include "config/config.h"
#include "ingest/consumer.h"
#include "pipeline/pipeline.h"
#include "store/store.h"

namespace pakn::ingest {

using ConsumerFactory =
    std::function<StatusOr<std::unique_ptr<Consumer>>(const PaknConfig&, ConsumerListener*)>;

struct IngestSummary {
  uint64_t messages = 0;
  uint64_t created = 0;
  uint64_t duplicates = 0;
  uint64_t amended = 0;
  uint64_t rejected = 0;
  uint64_t stale = 0;
  uint64_t events_applied = 0;    // tracking events that changed a petition
  uint64_t events_refused = 0;    // not allowed in the petition's state (recorded)
  uint64_t events_pending = 0;    // waiting for their petition
  uint64_t events_duplicate = 0;  // event_id seen before
  uint64_t batches = 0;
  uint64_t dead_letters_published = 0;
  double seconds = 0;         // the whole run, including joining the group
  double active_seconds = 0;  // from the first message read to the end of the last write
  // Run stopped because the store has no offsets where the consumer group has committed some
  // (the store that read them is not here): nothing was written.
  bool store_lost = false;
};

class IngestRunner {
 public:
  // Everything borrowed must outlive the runner. `pipeline` (built from `config`, with its
  // places and deadlines) cleans, places, routes and dates every petition. Between two
  // batches, when `reload` is set (SIGHUP) or the rule files changed, the runner reloads the
  // pipeline's live rules and clears `reload`; an invalid rule set keeps the running one
  // (logged).
  // `make_consumer` makes the Kafka consumer (default: NewKafkaConsumer, librdkafka); the unit
  // tests pass a fake.
  IngestRunner(const PaknConfig& config, store::Store* store, pipeline::Pipeline* pipeline,
               std::atomic<bool>* reload = nullptr, ConsumerFactory make_consumer = nullptr);
  ~IngestRunner();

  Status Run(const std::atomic<bool>& stop, bool until_caught_up);
  const IngestSummary& summary() const { return summary_; }
  // `pakn ingest --rebuild`: a store that holds no offsets reads its partitions from the
  // beginning even where the consumer group has committed offsets (by default that stops Run:
  // the store that read them was removed, moved or unmounted). Call before Run.
  void set_rebuild(bool rebuild);
  // Counts into `registry` (GET /metrics of `[metrics] listen`): messages, petitions by what the
  // store did, rejections by code, events, batch size and apply latency. Before Run().
  void set_metrics(metrics::Registry* registry);
  // Called on the ingest thread once per turn of the consume loop (at least every
  // batch_max_wait_ms while idle): systemd's watchdog pings from there, so a stuck loop is
  // restarted. Before Run().
  void set_heartbeat(std::function<void()> heartbeat);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  IngestSummary summary_;
};

}  // namespace pakn::ingest
