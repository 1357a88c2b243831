#include "ingest/kafka_admin.h"

#include <memory>

#include "base/mutex.h"
#include "base/strings.h"
#include "fmt/format.h"
#include "ingest/kafka_config.h"
#include "librdkafka/rdkafka.h"
#include "librdkafka/rdkafkacpp.h"

namespace pakn::ingest {
namespace {

// The delivery report of the one message, and librdkafka's errors and log lines: kept for the
// message of a failure instead of printed raw ("%3|...") on the operator's terminal.
struct Delivery final : public RdKafka::DeliveryReportCb, public RdKafka::EventCb {
  void event_cb(RdKafka::Event& event) override {
    if (!IsKafkaProblem(event)) return;
    MutexLock lock(&mu);  // log lines may come from librdkafka's threads
    last_problem = event.str();
  }
  std::string LastProblem() {
    MutexLock lock(&mu);
    return last_problem.empty() ? "" : StrCat(" (last from librdkafka: ", last_problem, ")");
  }
  Mutex mu;
  std::string last_problem GUARDED_BY(mu);

  void dr_cb(RdKafka::Message& m) override {
    done = true;
    err = m.err();
    errstr = m.errstr();
    partition = m.partition();
    offset = m.offset();
  }
  bool done = false;
  RdKafka::ErrorCode err = RdKafka::ERR_NO_ERROR;
  std::string errstr;
  int32_t partition = -1;
  int64_t offset = -1;
};

}  // namespace

Status EnsureTopic(rd_kafka_t* rk, const std::string& topic, int partitions,
                   const std::vector<std::pair<std::string, std::string>>& config,
                   int timeout_ms) {
  char errstr[512];
  std::unique_ptr<rd_kafka_NewTopic_t, decltype(&rd_kafka_NewTopic_destroy)> nt(
      rd_kafka_NewTopic_new(topic.c_str(), partitions, -1, errstr, sizeof errstr),
      rd_kafka_NewTopic_destroy);
  if (!nt) return InvalidArgumentError(StrCat("topic '", topic, "': ", errstr));
  for (const auto& [name, value] : config)
    if (rd_kafka_NewTopic_set_config(nt.get(), name.c_str(), value.c_str()) !=
        RD_KAFKA_RESP_ERR_NO_ERROR)
      return InternalError(StrCat("cannot set ", name, "=", value, " on topic ", topic));
  std::unique_ptr<rd_kafka_queue_t, decltype(&rd_kafka_queue_destroy)> queue(
      rd_kafka_queue_new(rk), rd_kafka_queue_destroy);
  std::unique_ptr<rd_kafka_AdminOptions_t, decltype(&rd_kafka_AdminOptions_destroy)> options(
      rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS),
      rd_kafka_AdminOptions_destroy);
  rd_kafka_AdminOptions_set_request_timeout(options.get(), timeout_ms, errstr, sizeof errstr);
  rd_kafka_NewTopic_t* topics[] = {nt.get()};
  rd_kafka_CreateTopics(rk, topics, 1, options.get(), queue.get());
  std::unique_ptr<rd_kafka_event_t, decltype(&rd_kafka_event_destroy)> ev(
      rd_kafka_queue_poll(queue.get(), timeout_ms), rd_kafka_event_destroy);
  if (!ev)
    return UnavailableError(StrCat("creating topic ", topic, ": no answer within ",
                                   timeout_ms / 1000, " s (is the broker up?)"));
  if (rd_kafka_event_error(ev.get()) != RD_KAFKA_RESP_ERR_NO_ERROR)
    return UnavailableError(StrCat("creating topic ", topic, ": ",
                                   rd_kafka_event_error_string(ev.get())));
  const rd_kafka_CreateTopics_result_t* result = rd_kafka_event_CreateTopics_result(ev.get());
  size_t n = 0;
  const rd_kafka_topic_result_t** results =
      result ? rd_kafka_CreateTopics_result_topics(result, &n) : nullptr;
  for (size_t i = 0; i < n; ++i) {
    const rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
      const char* msg = rd_kafka_topic_result_error_string(results[i]);
      return UnavailableError(
          StrCat("creating topic ", topic, ": ", msg ? msg : rd_kafka_err2str(err)));
    }
  }
  return OkStatus();
}

StatusOr<std::string> ProduceOne(const KafkaConfig& kafka, const std::string& topic,
                                 const std::string& key, const std::string& value,
                                 bool ensure_topic, int partitions,
                                 const std::vector<std::pair<std::string, std::string>>&
                                     topic_config,
                                 int timeout_ms) {
  auto conf = ProducerConf(kafka);
  if (!conf.ok()) return conf.status();
  Delivery delivery;
  std::string err;
  if ((*conf)->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(&delivery), err) !=
          RdKafka::Conf::CONF_OK ||
      (*conf)->set("event_cb", static_cast<RdKafka::EventCb*>(&delivery), err) !=
          RdKafka::Conf::CONF_OK)
    return InternalError(err);
  std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf->get(), err));
  if (!producer) return InvalidArgumentError(StrCat("Kafka producer: ", err));
  if (ensure_topic) {
    Status s = EnsureTopic(producer->c_ptr(), topic, partitions, topic_config, timeout_ms);
    if (!s.ok()) return UnavailableError(StrCat(s.message(), delivery.LastProblem()));
  }
  const RdKafka::ErrorCode rc = producer->produce(
      topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
      const_cast<char*>(value.data()), value.size(), key.data(), key.size(), 0, nullptr);
  if (rc != RdKafka::ERR_NO_ERROR)
    return UnavailableError(StrCat("produce to ", topic, ": ", RdKafka::err2str(rc)));
  producer->flush(timeout_ms);
  if (!delivery.done)
    return UnavailableError(StrCat("no acknowledgement from ", kafka.brokers, " for ", topic,
                                   " within ", timeout_ms / 1000, " s (is the broker up?)",
                                   delivery.LastProblem()));
  if (delivery.err != RdKafka::ERR_NO_ERROR)
    return UnavailableError(StrCat("produce to ", topic, ": ", delivery.errstr));
  return fmt::format("{}[{}]@{}", topic, delivery.partition, delivery.offset);
}

}  // namespace pakn::ingest
