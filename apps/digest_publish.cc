#include "apps/digest_publish.h"

#include "ingest/kafka_admin.h"

namespace pakn::apps {

Status PublishDigest(const KafkaConfig& kafka, const std::string& topic, const std::string& key,
                     const std::string& value, std::string* where) {
  if (kafka.brokers.empty())
    return InvalidArgumentError("--publish: kafka.brokers is empty in the config: no broker to "
                                "publish to");
  if (topic.empty()) return InvalidArgumentError("--topic: must not be empty");
  // One partition, log-compacted: digests are few, a single partition keeps them in
  // publication order, and compaction keeps the latest version of each date and scope.
  auto produced = ingest::ProduceOne(kafka, topic, key, value, /*ensure_topic=*/true, /*partitions=*/1,
                             {{"cleanup.policy", "compact"}});
  if (!produced.ok()) return produced.status();
  *where = *produced;
  return OkStatus();
}

}  // namespace pakn::apps
