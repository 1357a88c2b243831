#include "ingest/kafka_admin.h"

#include <chrono>
#include <memory>
#include <thread>

#include "base/mutex.h"
#include "base/status_macros.h"
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

  // Called on the thread that polls or flushes.
  void dr_cb(RdKafka::Message& m) override {
    done = true;
    ++delivered;
    if (err == RdKafka::ERR_NO_ERROR) {  // keep the first error
      err = m.err();
      errstr = m.errstr();
    }
    partition = m.partition();
    offset = m.offset();
  }
  bool done = false;
  size_t delivered = 0;
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
  return ProduceAll(kafka, topic, {{key, value}}, ensure_topic, partitions, topic_config,
                    timeout_ms);
}

StatusOr<std::string> ProduceAll(
    const KafkaConfig& kafka, const std::string& topic,
    const std::vector<std::pair<std::string, std::string>>& messages, bool ensure_topic,
    int partitions, const std::vector<std::pair<std::string, std::string>>& topic_config,
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
  for (const auto& [key, value] : messages) {
    RdKafka::ErrorCode rc;
    // A full local queue: let deliveries drain, then try again (bounded by timeout_ms).
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while ((rc = producer->produce(topic, RdKafka::Topic::PARTITION_UA,
                                   RdKafka::Producer::RK_MSG_COPY, const_cast<char*>(value.data()),
                                   value.size(), key.data(), key.size(), 0, nullptr)) ==
               RdKafka::ERR__QUEUE_FULL &&
           std::chrono::steady_clock::now() < give_up)
      producer->poll(100);
    if (rc != RdKafka::ERR_NO_ERROR)
      return UnavailableError(StrCat("produce to ", topic, ": ", RdKafka::err2str(rc)));
  }
  producer->flush(timeout_ms);
  if (delivery.delivered < messages.size())
    return UnavailableError(StrCat("no acknowledgement from ", kafka.brokers, " for ", topic,
                                   " within ", timeout_ms / 1000, " s (is the broker up?)",
                                   delivery.LastProblem()));
  if (delivery.err != RdKafka::ERR_NO_ERROR)
    return UnavailableError(StrCat("produce to ", topic, ": ", delivery.errstr));
  return fmt::format("{}[{}]@{}", topic, delivery.partition, delivery.offset);
}

StatusOr<std::map<std::string, std::map<int32_t, int64_t>>> EndOffsets(
    rd_kafka_t* rk, const std::vector<std::string>& topics, int timeout_ms) {
  std::map<std::string, std::map<int32_t, int64_t>> out;
  for (const std::string& topic : topics) {
    std::unique_ptr<rd_kafka_topic_t, decltype(&rd_kafka_topic_destroy)> t(
        rd_kafka_topic_new(rk, topic.c_str(), nullptr), rd_kafka_topic_destroy);
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, t.get(), &md, timeout_ms);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
      return UnavailableError(StrCat("the partitions of ", topic, ": ", rd_kafka_err2str(err)));
    std::unique_ptr<const rd_kafka_metadata_t, decltype(&rd_kafka_metadata_destroy)> held(
        md, rd_kafka_metadata_destroy);
    if (md->topic_cnt != 1 || md->topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    for (int i = 0; i < md->topics[0].partition_cnt; ++i) {
      const int32_t partition = md->topics[0].partitions[i].id;
      int64_t low = 0, high = 0;
      const rd_kafka_resp_err_t e =
          rd_kafka_query_watermark_offsets(rk, topic.c_str(), partition, &low, &high, timeout_ms);
      if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
        return UnavailableError(
            StrCat("the end offset of ", topic, "[", partition, "]: ", rd_kafka_err2str(e)));
      out[topic][partition] = high;
    }
  }
  return out;
}

StatusOr<std::map<std::string, std::map<int32_t, int64_t>>> EndOffsets(
    const KafkaConfig& kafka, const std::vector<std::string>& topics, int timeout_ms) {
  PAKN_ASSIGN_OR_RETURN(std::unique_ptr<RdKafka::Conf> conf, ProducerConf(kafka));
  std::string err;
  conf->set("enable.idempotence", "false", err);
  Delivery quiet;  // keeps librdkafka's log lines off the terminal
  conf->set("event_cb", static_cast<RdKafka::EventCb*>(&quiet), err);
  std::unique_ptr<RdKafka::Producer> handle(RdKafka::Producer::create(conf.get(), err));
  if (!handle) return UnavailableError(StrCat("cannot create a Kafka handle: ", err));
  return EndOffsets(handle->c_ptr(), topics, timeout_ms);
}

namespace {

class EndOffsetProbeImpl final : public EndOffsetProbe {
 public:
  EndOffsetProbeImpl(std::vector<std::string> topics, int period_ms)
      : topics_(std::move(topics)), period_ms_(period_ms) {}
  ~EndOffsetProbeImpl() override {
    {
      MutexLock lock(&mu_);
      stopping_ = true;
    }
    cv_.SignalAll();
    if (thread_.joinable()) thread_.join();
  }
  Status Start(const KafkaConfig& kafka) {
    PAKN_ASSIGN_OR_RETURN(std::unique_ptr<RdKafka::Conf> conf, ProducerConf(kafka));
    std::string err;
    conf->set("client.id", "pakn-probe", err);
    conf->set("enable.idempotence", "false", err);
    conf->set("event_cb", static_cast<RdKafka::EventCb*>(&quiet_), err);
    handle_.reset(RdKafka::Producer::create(conf.get(), err));
    if (!handle_) return UnavailableError(StrCat("cannot create a Kafka handle: ", err));
    thread_ = std::thread([this] {
      while (true) {
        auto ends = EndOffsets(handle_->c_ptr(), topics_, 2000);
        MutexLock lock(&mu_);
        reachable_ = ends.ok();
        problem_ = ends.ok() ? "" : ends.status().message();
        if (ends.ok()) ends_ = std::move(*ends);
        if (stopping_) return;
        cv_.WaitFor(&mu_, std::chrono::milliseconds(period_ms_));
        if (stopping_) return;
      }
    });
    return OkStatus();
  }
  bool Reachable(std::string* problem) const override {
    MutexLock lock(&mu_);
    if (problem) *problem = problem_;
    return reachable_;
  }
  std::map<std::string, std::map<int32_t, int64_t>> Ends() const override {
    MutexLock lock(&mu_);
    return ends_;
  }

 private:
  struct Quiet final : public RdKafka::EventCb {
    void event_cb(RdKafka::Event&) override {}  // the probe's result says it
  };
  Quiet quiet_;
  std::vector<std::string> topics_;
  int period_ms_;
  std::unique_ptr<RdKafka::Producer> handle_;
  std::thread thread_;
  mutable Mutex mu_;
  CondVar cv_;
  bool stopping_ GUARDED_BY(mu_) = false;
  bool reachable_ GUARDED_BY(mu_) = false;
  std::string problem_ GUARDED_BY(mu_) = "not probed yet";
  std::map<std::string, std::map<int32_t, int64_t>> ends_ GUARDED_BY(mu_);
};

}  // namespace

StatusOr<std::unique_ptr<EndOffsetProbe>> EndOffsetProbe::Start(const KafkaConfig& kafka,
                                                                std::vector<std::string> topics,
                                                                int period_ms) {
  auto probe = std::make_unique<EndOffsetProbeImpl>(std::move(topics), period_ms);
  PAKN_RETURN_IF_ERROR(probe->Start(kafka));
  return std::unique_ptr<EndOffsetProbe>(std::move(probe));
}

}  // namespace pakn::ingest
