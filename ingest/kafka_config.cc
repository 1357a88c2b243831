#include "ingest/kafka_config.h"

#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "base/hash.h"
#include "fmt/format.h"

#include "base/status_macros.h"
#include "base/strings.h"

namespace pakn::ingest {

Status SetProperties(RdKafka::Conf& conf,
                           const std::vector<std::pair<std::string, std::string>>& props,
                           const KafkaConfig& k) {
  for (const auto& [name, value] : props) {
    std::string err;
    if (conf.set(name, value, err) != RdKafka::Conf::CONF_OK) {
      bool secret = IsSecretProperty(name);
      for (const auto& s : k.secret_keys) secret |= (s == name);
      return InvalidArgumentError(
          StrCat("kafka.properties.", name, " = ", secret ? "***" : value,
                       ": librdkafka refuses it: ", err));
    }
  }
  return OkStatus();
}

StatusOr<std::unique_ptr<RdKafka::Conf>> ProducerConf(const KafkaConfig& k) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::vector<std::pair<std::string, std::string>> props = {
      {"bootstrap.servers", k.brokers},
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"linger.ms", "5"},
      {"message.max.bytes", "10485760"},
      {"client.id", "pakn-producer"},
  };
  // Consumer-only properties would make a producer config fail; skip them.
  for (const auto& p : k.properties) {
    static constexpr const char* kConsumerOnly[] = {
        "auto.offset.reset", "session.timeout.ms", "max.poll.interval.ms",
        "partition.assignment.strategy", "fetch.max.bytes", "fetch.min.bytes",
        "fetch.wait.max.ms", "max.partition.fetch.bytes", "heartbeat.interval.ms",
        "group.instance.id", "isolation.level", "queued.min.messages",
        "queued.max.messages.kbytes", "fetch.message.max.bytes", "check.crcs",
        "enable.partition.eof"};
    bool consumer_only = false;
    for (const char* c : kConsumerOnly) consumer_only |= (p.first == c);
    if (!consumer_only) props.push_back(p);
  }
  Status s = SetProperties(*conf, props, k);
  if (!s.ok()) return s;
  return conf;
}

std::string DefaultGroupInstanceId(const std::string& store_path) {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') std::strcpy(host, "localhost");
  std::string name(host);
  for (char& c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) c = '-';
  }
  if (name.size() > 200) name.resize(200);
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::weakly_canonical(store_path, ec);
  if (ec) abs = std::filesystem::absolute(store_path, ec);
  return fmt::format("pakn-{}-{:08x}", name,
                     static_cast<uint32_t>(Fnv1a64(ec ? store_path : abs.string())));
}

std::vector<std::pair<std::string, std::string>> ConsumerProperties(
    const KafkaConfig& k, const std::string& instance_id) {
  std::vector<std::pair<std::string, std::string>> props = {
      {"bootstrap.servers", k.brokers},
      {"group.id", k.group},
      {"client.id", "pakn-ingest"},
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"auto.offset.reset", "earliest"},
      {"enable.partition.eof", "true"},
      {"fetch.max.bytes", "52428800"},
      {"queued.max.messages.kbytes", "65536"},
      // A topic created while ingest runs is picked up within 30 s, not librdkafka's 5 min.
      {"topic.metadata.refresh.interval.ms", "30000"},
  };
  if (!instance_id.empty()) props.emplace_back("group.instance.id", instance_id);
  props.insert(props.end(), k.properties.begin(), k.properties.end());
  return props;
}

Status ValidateKafkaConfig(const KafkaConfig& k) {
  if (k.brokers.empty())
    return InvalidArgumentError("kafka.brokers: ingest needs a Kafka broker, got \"\"");
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  PAKN_RETURN_IF_ERROR(SetProperties(*conf, ConsumerProperties(k), k));
  if (!k.dlq_topic.empty()) PAKN_RETURN_IF_ERROR(ProducerConf(k).status());
  return OkStatus();
}

}  // namespace pakn::ingest
