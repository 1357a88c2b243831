// Publishing the digest to Kafka (`pakn digest --publish`): the JSON document, keyed by date
// and scope (DigestKey), to a log-compacted topic, so that publishing the same date and scope
// again replaces the earlier version for every consumer that reads the topic's latest state.
// The topic is created compacted when missing; an existing topic is used as it is.
//
// Thread safety: one call at a time per process is expected; no shared state.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "config/config.h"

namespace pakn::apps {

// The default topic of published digests.
inline constexpr std::string_view kDefaultDigestTopic = "pakn.digest";

// Produces `value` with `key` to `topic` through the brokers of `kafka` (its pass-through
// properties apply), waiting up to 15 s for the acknowledgement. `where` receives
// "topic[partition]@offset".
Status PublishDigest(const KafkaConfig& kafka, const std::string& topic, const std::string& key,
                     const std::string& value, std::string* where);

}  // namespace pakn::apps
