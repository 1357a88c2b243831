// The few one-shot Kafka operations pakn's commands need besides consuming: create a topic if
// it is missing, and produce one message and wait for the broker's acknowledgement. Used by
// ingest (the events topic), the operator commands (pakn.events) and `digest --publish`.
//
// Thread safety: no shared state; each call makes its own handles.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "config/config.h"

typedef struct rd_kafka_s rd_kafka_t;

namespace pakn::ingest {

// Creates `topic` unless it exists. `partitions` -1 = the broker's default; `config` are topic
// settings ("cleanup.policy" = "compact", ...). An existing topic is left as it is.
Status EnsureTopic(rd_kafka_t* rk, const std::string& topic, int partitions = -1,
                   const std::vector<std::pair<std::string, std::string>>& config = {},
                   int timeout_ms = 15000);

// Produces one message with the idempotent producer of `kafka` (acks=all) and waits up to
// `timeout_ms` for its acknowledgement. With `ensure_topic`, first creates the topic with
// `topic_config` if it is missing. Returns "topic[partition]@offset".
StatusOr<std::string> ProduceOne(const KafkaConfig& kafka, const std::string& topic,
                                 const std::string& key, const std::string& value,
                                 bool ensure_topic = false, int partitions = -1,
                                 const std::vector<std::pair<std::string, std::string>>&
                                     topic_config = {},
                                 int timeout_ms = 15000);

// The same for several messages with one producer: ok once the broker acknowledged every one
// (then returns where the last went); an error when any was not.
StatusOr<std::string> ProduceAll(
    const KafkaConfig& kafka, const std::string& topic,
    const std::vector<std::pair<std::string, std::string>>& messages, bool ensure_topic = false,
    int partitions = -1, const std::vector<std::pair<std::string, std::string>>& topic_config = {},
    int timeout_ms = 15000);

// The end offset (high watermark: the offset the next message will get) of every partition of
// `topics`, asked of the brokers with the handle `rk` (any producer or consumer). UNAVAILABLE
// naming the topic when a broker does not answer within `timeout_ms`; a missing topic has no
// entry.
StatusOr<std::map<std::string, std::map<int32_t, int64_t>>> EndOffsets(
    rd_kafka_t* rk, const std::vector<std::string>& topics, int timeout_ms = 5000);

// The same with a handle of its own, made from `kafka` (for `pakn offsets`).
StatusOr<std::map<std::string, std::map<int32_t, int64_t>>> EndOffsets(
    const KafkaConfig& kafka, const std::vector<std::string>& topics, int timeout_ms = 5000);

// Asks the brokers for the end offsets of `topics` every `period_ms`, on its own thread and
// Kafka handle: readiness and lag for `pakn ingest`'s metrics server.
// Thread safety: the getters may be called from any thread.
class EndOffsetProbe {
 public:
  static StatusOr<std::unique_ptr<EndOffsetProbe>> Start(const KafkaConfig& kafka,
                                                         std::vector<std::string> topics,
                                                         int period_ms);
  virtual ~EndOffsetProbe() = default;
  // Whether the last probe got an answer; why not in `problem`.
  virtual bool Reachable(std::string* problem = nullptr) const = 0;
  virtual std::map<std::string, std::map<int32_t, int64_t>> Ends() const = 0;
};

}  // namespace pakn::ingest
