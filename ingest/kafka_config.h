// Builds librdkafka configurations from pakn's KafkaConfig: pakn's own settings first, then
// the operator's pass-through properties (security.protocol, sasl.*, ssl.*, ...). Errors name
// the property; secret values never appear in them. Internal to ingest/.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "config/config.h"
#include "librdkafka/rdkafkacpp.h"

namespace pakn {

// Sets each (name, value); secret values are masked in the error.
Status SetProperties(RdKafka::Conf& conf,
                           const std::vector<std::pair<std::string, std::string>>& props,
                           const KafkaConfig& k);

// Builds the consumer and producer configurations without connecting, so that a property
// librdkafka refuses stops start-up before anything else is opened.
Status ValidateKafkaConfig(const KafkaConfig& k);

// The consumer's properties: pakn's own, then the operator's.
std::vector<std::pair<std::string, std::string>> ConsumerProperties(const KafkaConfig& k);

// A producer config (DLQ publisher, `pakn feed`): idempotent, acks=all.
StatusOr<std::unique_ptr<RdKafka::Conf>> ProducerConf(const KafkaConfig& k);

// An event_cb event worth reporting: an error, or a log line of warning level or worse (what
// librdkafka would otherwise print raw as "%3|..." / "%4|..." on stderr).
inline bool IsKafkaProblem(const RdKafka::Event& event) {
  return event.type() == RdKafka::Event::EVENT_ERROR ||
         (event.type() == RdKafka::Event::EVENT_LOG &&
          event.severity() <= RdKafka::Event::EVENT_SEVERITY_WARNING);
}

}  // namespace pakn
