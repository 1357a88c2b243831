// DlqPublisher: publishes stored rejections to the dead-letter topic, as an outbox (docs/design.md
// data flow). A rejection is written to the store (column families rejections + dlq_outbox) in
// the same WriteBatch as the offsets that move past it; this class produces every outbox entry
// to the topic (key = the original key, value = the raw bytes, headers pakn.topic,
// pakn.partition, pakn.offset, pakn.code, pakn.field, pakn.reason) and deletes the outbox entry
// only once the broker has acknowledged it. So every stored rejection reaches the topic at
// least once, even across a crash (a restart republishes what is left in the outbox).
//
// Thread safety: not thread-safe; owned and driven by the ingest thread.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"
#include "config/config.h"
#include "librdkafka/rdkafkacpp.h"
#include "store/store.h"

namespace pakn::ingest {

class DlqPublisher {
 public:
  // `store` must outlive the publisher.
  static StatusOr<std::unique_ptr<DlqPublisher>> Create(const KafkaConfig& config,
                                                              store::Store* store);
  ~DlqPublisher();

  // Produces outbox entries not yet in flight (at most `max` per call), serves delivery
  // reports and deletes the delivered entries from the outbox. Never blocks for long.
  Status Pump(size_t max = 10000);

  // Waits up to timeout_ms for everything in flight, then deletes what was delivered.
  Status Flush(int timeout_ms);

  uint64_t published() const { return published_; }
  size_t in_flight() const { return in_flight_.size(); }

 private:
  class DeliveryReports;
  DlqPublisher() = default;
  Status DeleteDelivered();

  store::Store* store_ = nullptr;
  std::string topic_;
  std::unique_ptr<DeliveryReports> reports_;
  std::unique_ptr<RdKafka::Producer> producer_;
  std::set<std::string> in_flight_;        // outbox keys produced, not yet acknowledged
  uint64_t published_ = 0;
};

}  // namespace pakn::ingest
