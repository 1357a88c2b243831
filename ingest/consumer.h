// Consumer: the small seam between the ingest loop and librdkafka's KafkaConsumer (the way envoy
// wraps librdkafka "so we can have mocks in tests"). IngestRunner's batching, rebalance,
// caught-up and give-up logic sees only this interface; KafkaConsumer (kafka_consumer.cc) is the
// one real implementation, tested against the broker, and the unit tests drive the loop with a
// scripted fake (ingest_runner_test.cc).
//
//   PAKN_ASSIGN_OR_RETURN(auto consumer, NewKafkaConsumer(config, &listener));
//   PAKN_RETURN_IF_ERROR(consumer->Subscribe({"pakn.petitions"}));
//   Polled p = consumer->Poll(100);  // rebalances reach `listener` from inside Poll
//
// Contract:
//  - Poll returns one message, the end of a partition, a timeout or an error; group rebalances
//    and librdkafka's events are delivered to the ConsumerListener from inside Poll, on the
//    polling thread, before Poll returns.
//  - On assignment the listener says where each partition starts (its stored offset, or
//    kOffsetBeginning); the consumer starts there, whatever the group has committed.
//  - The key and payload views of a Polled message stay valid as long as the Polled (it holds
//    the underlying message).
//
// Thread safety: a Consumer is used from one thread (the ingest thread); not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "config/config.h"

namespace pakn::ingest {

using TopicPartition = std::pair<std::string, int32_t>;

// The start position of a partition the store has no offset for.
inline constexpr int64_t kOffsetBeginning = -2;

// What one Poll brought.
struct Polled {
  enum class Kind {
    kMessage,         // a message: topic, partition, offset, key, payload, timestamp_ms
    kEndOfPartition,  // topic/partition reached its end (for now)
    kTimedOut,        // nothing within the timeout
    kError,           // a non-fatal error (logged, the consumer goes on): error
    kFatal,           // the consumer cannot go on: error
  };
  Kind kind = Kind::kTimedOut;
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
  std::string_view key;
  bool has_key = false;
  std::string_view payload;
  int64_t timestamp_ms = -1;  // -1: the message carries none
  std::string error;
  bool unknown_topic = false;          // kError: the topic does not exist
  std::shared_ptr<const void> holder;  // keeps key and payload alive

  size_t size() const { return payload.size(); }
};

// What a consumer reports while it is polled.
class ConsumerListener {
 public:
  virtual ~ConsumerListener() = default;
  // Partitions newly assigned: returns, for each, the offset to start from (kOffsetBeginning
  // when the store has none).
  virtual std::vector<int64_t> OnAssigned(const std::vector<TopicPartition>& partitions) = 0;
  // Partitions about to be taken away: whatever was read from them is to be written now.
  virtual void OnRevoked(const std::vector<TopicPartition>& partitions) = 0;
  // The group's rebalance failed: every partition is unassigned.
  virtual void OnLostAll(std::string_view why) = 0;
  // No broker reachable (librdkafka's all-brokers-down); cleared by the next message, end of
  // partition or assignment.
  virtual void OnBrokersDown() = 0;
  // A fatal client error (the consumer cannot go on).
  virtual void OnFatal(std::string_view why) = 0;
};

class Consumer {
 public:
  virtual ~Consumer() = default;
  virtual Status Subscribe(const std::vector<std::string>& topics) = 0;
  virtual Polled Poll(int timeout_ms) = 0;
  // Stops fetching from these partitions (what was fetched ahead is dropped and fetched again
  // after Resume); the consumer is still polled, so it stays in its group.
  virtual void Pause(const std::vector<TopicPartition>& partitions) = 0;
  virtual void Resume(const std::vector<TopicPartition>& partitions) = 0;
  // The next offset of each partition, committed to the group without waiting (advisory: the
  // store holds the real ones).
  virtual void CommitAsync(const std::map<TopicPartition, int64_t>& next) = 0;
  // The offsets the group has committed for `partitions` (-1: none), in their order.
  virtual StatusOr<std::vector<int64_t>> Committed(const std::vector<TopicPartition>& partitions,
                                                   int timeout_ms) = 0;
  // Leaves the group.
  virtual void Close() = 0;
};

// The librdkafka consumer for `config` (group, static membership, properties), reporting to
// `listener` (which must outlive it). INVALID_ARGUMENT when librdkafka refuses the config.
StatusOr<std::unique_ptr<Consumer>> NewKafkaConsumer(const PaknConfig& config,
                                                     ConsumerListener* listener);

}  // namespace pakn::ingest
