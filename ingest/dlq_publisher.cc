#include "ingest/dlq_publisher.h"

#include "base/strings.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "ingest/kafka_config.h"
#include "rocksdb/write_batch.h"
#include "store/query.h"

namespace pakn::ingest {

// Collects delivery reports; called by librdkafka from producer_->poll() on our thread. Its
// errors and log lines go to the "dlq" logger (spdlog loggers are thread-safe), not to
// librdkafka's own "%3|..." lines on stderr.
class DlqPublisher::DeliveryReports final : public RdKafka::DeliveryReportCb,
                                            public RdKafka::EventCb {
 public:
  void event_cb(RdKafka::Event& event) override {
    if (!IsKafkaProblem(event)) return;
    if (event.type() == RdKafka::Event::EVENT_ERROR) {
      Logger("dlq")->warn("Kafka: {} ({})", event.str(), RdKafka::err2str(event.err()));
    } else {
      Logger("dlq")->warn("librdkafka {}: {}", event.fac(), event.str());
    }
  }
  void dr_cb(RdKafka::Message& message) override {
    std::unique_ptr<std::string> key(static_cast<std::string*>(message.msg_opaque()));
    if (!key) return;
    if (message.err() == RdKafka::ERR_NO_ERROR) {
      delivered.push_back(std::move(*key));
    } else {
      failed.push_back(std::move(*key));
      last_error = RdKafka::err2str(message.err());
    }
  }
  std::vector<std::string> delivered;
  std::vector<std::string> failed;
  std::string last_error;
};

StatusOr<std::unique_ptr<DlqPublisher>> DlqPublisher::Create(const KafkaConfig& config,
                                                                   store::Store* store) {
  auto p = std::unique_ptr<DlqPublisher>(new DlqPublisher());
  p->store_ = store;
  p->topic_ = config.dlq_topic;
  p->reports_ = std::make_unique<DeliveryReports>();
  PAKN_ASSIGN_OR_RETURN(std::unique_ptr<RdKafka::Conf> conf, ProducerConf(config));
  std::string err;
  if (conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(p->reports_.get()), err) !=
          RdKafka::Conf::CONF_OK ||
      conf->set("event_cb", static_cast<RdKafka::EventCb*>(p->reports_.get()), err) !=
          RdKafka::Conf::CONF_OK)
    return InternalError(StrCat("dr_cb/event_cb: ", err));
  p->producer_.reset(RdKafka::Producer::create(conf.get(), err));
  if (!p->producer_) return InvalidArgumentError(StrCat("DLQ producer: ", err));
  return p;
}

DlqPublisher::~DlqPublisher() {
  if (producer_) {
    producer_->flush(2000);
    producer_->poll(0);
    // Reports still pending own their keys through msg_opaque; purge frees the messages.
    producer_->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
    producer_->poll(0);
  }
}

Status DlqPublisher::DeleteDelivered() {
  auto& r = *reports_;
  for (auto& key : r.failed) in_flight_.erase(key);  // produced again by the next Pump
  if (!r.failed.empty()) {
    Logger("dlq")->warn("{} dead letters not delivered ({}); will retry", r.failed.size(),
                        r.last_error);
    r.failed.clear();
  }
  if (r.delivered.empty()) return OkStatus();
  rocksdb::WriteBatch wb;
  for (const auto& key : r.delivered) {
    wb.Delete(store_->handle(store::kCfDlqOutbox), key);
    in_flight_.erase(key);
  }
  published_ += r.delivered.size();
  r.delivered.clear();
  return store_->Write(wb);
}

Status DlqPublisher::Pump(size_t max) {
  producer_->poll(0);
  PAKN_RETURN_IF_ERROR(DeleteDelivered());
  size_t produced = 0;
  Status inner;
  std::vector<std::string> keys;
  PAKN_RETURN_IF_ERROR(store_->Scan(store::kCfDlqOutbox, "", "",
                                    [&](std::string_view key, std::string_view) {
                                      if (!in_flight_.count(std::string(key)))
                                        keys.emplace_back(key);
                                      return keys.size() < max;
                                    }));
  for (const std::string& key : keys) {
    PAKN_ASSIGN_OR_RETURN(std::optional<std::string> value,
                          store_->Get(store::kCfRejections, key));
    if (!value) {  // should not happen: the two are written together; drop the orphan
      rocksdb::WriteBatch wb;
      wb.Delete(store_->handle(store::kCfDlqOutbox), key);
      PAKN_RETURN_IF_ERROR(store_->Write(wb));
      continue;
    }
    PAKN_ASSIGN_OR_RETURN(store::StoredRejection r, store::DecodeRejection(*value));
    RdKafka::Headers* headers = RdKafka::Headers::create();
    headers->add("pakn.topic", r.position.topic);
    headers->add("pakn.partition", std::to_string(r.position.partition));
    headers->add("pakn.offset", std::to_string(r.position.offset));
    headers->add("pakn.code", std::string(RejectCodeName(r.rejection.code)));
    headers->add("pakn.field", r.rejection.field);
    headers->add("pakn.reason", r.rejection.reason);
    auto* opaque = new std::string(key);
    RdKafka::ErrorCode err = producer_->produce(
        topic_, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
        r.raw.data(), r.raw.size(), r.key.empty() ? nullptr : r.key.data(), r.key.size(), 0,
        headers, opaque);
    if (err != RdKafka::ERR_NO_ERROR) {
      delete opaque;
      delete headers;  // ownership passes to librdkafka only on success
      if (err == RdKafka::ERR__QUEUE_FULL) break;  // the next Pump continues
      return UnavailableError(StrCat("produce to ", topic_, ": ",
                                                 RdKafka::err2str(err)));
    }
    in_flight_.insert(key);
    ++produced;
  }
  producer_->poll(0);
  return DeleteDelivered();
}

Status DlqPublisher::Flush(int timeout_ms) {
  producer_->flush(timeout_ms);
  producer_->poll(0);
  return DeleteDelivered();
}

}  // namespace pakn::ingest
