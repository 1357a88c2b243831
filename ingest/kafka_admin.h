// The few one-shot Kafka operations pakn's commands need besides consuming: create a topic if
// it is missing, and produce one message and wait for the broker's acknowledgement. Used by
// ingest (the events topic), the operator commands (pakn.events) and `digest --publish`.
//
// Thread safety: no shared state; each call makes its own handles.
#pragma once

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

}  // namespace pakn::ingest
