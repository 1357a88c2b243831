// Builds librdkafka configurations from pakn's KafkaConfig: pakn's own settings first, then
// the operator's pass-through properties (security.protocol, sasl.*, ssl.*, ...). Errors name
// the property; secret values never appear in them. Internal to ingest/.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "config/config.h"
#include "librdkafka/rdkafkacpp.h"

namespace pakn::ingest {

// Sets each (name, value); secret values are masked in the error.
Status SetProperties(RdKafka::Conf& conf,
                           const std::vector<std::pair<std::string, std::string>>& props,
                           const KafkaConfig& k);

// Builds the consumer and producer configurations without connecting, so that a property
// librdkafka refuses stops start-up before anything else is opened.
Status ValidateKafkaConfig(const KafkaConfig& k);

// The consumer's properties: pakn's own (with group.instance.id = `instance_id` unless it is
// empty), then the operator's, which may override any of them ("group.instance.id" = "" turns
// static membership off).
std::vector<std::pair<std::string, std::string>> ConsumerProperties(
    const KafkaConfig& k, const std::string& instance_id = "");

// The static group membership id of the ingest that owns the store at `store_path`:
// "pakn-HOST-HASH", the host name (characters Kafka refuses replaced by '-') and 8 hex digits of
// FNV-1a of the store's absolute path. Stable across restarts of the same ingest, distinct for
// two stores on one host and for two hosts, so a restarted ingest gets its partitions back at
// once instead of after session.timeout.ms (docs/configuration.md).
std::string DefaultGroupInstanceId(const std::string& store_path);

// A producer config (DLQ publisher, `pakn feed`): idempotent, acks=all.
StatusOr<std::unique_ptr<RdKafka::Conf>> ProducerConf(const KafkaConfig& k);

// An event_cb event worth reporting: an error, or a log line of warning level or worse (what
// librdkafka would otherwise print raw as "%3|..." / "%4|..." on stderr).
inline bool IsKafkaProblem(const RdKafka::Event& event) {
  return event.type() == RdKafka::Event::EVENT_ERROR ||
         (event.type() == RdKafka::Event::EVENT_LOG &&
          event.severity() <= RdKafka::Event::EVENT_SEVERITY_WARNING);
}

}  // namespace pakn::ingest
