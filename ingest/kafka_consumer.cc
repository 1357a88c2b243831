// KafkaConsumer: the Consumer of consumer.h on librdkafka's KafkaConsumer. Tested against the
// real broker (the it_* tests); the ingest loop's own logic is unit-tested with a fake.
#include <memory>
#include <string>
#include <vector>

#include "base/log.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "ingest/consumer.h"
#include "ingest/kafka_admin.h"
#include "ingest/kafka_config.h"
#include "librdkafka/rdkafkacpp.h"

namespace pakn::ingest {
namespace {

// librdkafka's TopicPartition lists are owned by the caller.
class PartitionList {
 public:
  explicit PartitionList(const std::vector<TopicPartition>& partitions) {
    for (const auto& [topic, partition] : partitions)
      list_.push_back(RdKafka::TopicPartition::create(topic, partition));
  }
  explicit PartitionList(const std::map<TopicPartition, int64_t>& next) {
    for (const auto& [tp, offset] : next)
      list_.push_back(RdKafka::TopicPartition::create(tp.first, tp.second, offset));
  }
  ~PartitionList() {
    for (auto* tp : list_) delete tp;
  }
  PartitionList(const PartitionList&) = delete;
  PartitionList& operator=(const PartitionList&) = delete;
  std::vector<RdKafka::TopicPartition*>& get() { return list_; }

 private:
  std::vector<RdKafka::TopicPartition*> list_;
};

// Thread safety: librdkafka calls rebalance_cb and event_cb from inside consume(), on the
// polling thread; everything here runs on that thread.
class KafkaConsumer final : public Consumer, public RdKafka::RebalanceCb, public RdKafka::EventCb {
 public:
  KafkaConsumer(const PaknConfig& config, ConsumerListener* listener)
      : config_(config), listener_(listener), log_(Logger("ingest")) {}

  Status Create() {
    const KafkaConfig& k = config_.kafka;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    // Static membership by default: a restarted ingest (kill -9, upgrade) gets its partitions
    // back at once instead of after the dead member's session.timeout.ms.
    PAKN_RETURN_IF_ERROR(
        SetProperties(*conf, ConsumerProperties(k, DefaultGroupInstanceId(config_.store.path)), k));
    std::string err;
    if (conf->set("rebalance_cb", static_cast<RdKafka::RebalanceCb*>(this), err) !=
            RdKafka::Conf::CONF_OK ||
        conf->set("event_cb", static_cast<RdKafka::EventCb*>(this), err) != RdKafka::Conf::CONF_OK)
      return InternalError(err);
    consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), err));
    if (!consumer_) return InvalidArgumentError(StrCat("Kafka consumer: ", err));
    return OkStatus();
  }

  Status Subscribe(const std::vector<std::string>& topics) override {
    const std::string& events = config_.kafka.events_topic;
    for (const std::string& t : topics) {
      if (t != events) continue;
      // The events topic is often empty when ingest starts (operators have not acted yet); a
      // consumer subscribed to a missing topic would only see it at the next metadata
      // refresh.
      if (Status s = EnsureTopic(consumer_->c_ptr(), events); !s.ok())
        log_->warn("{}; subscribing anyway (events are read once the topic exists)", s.message());
    }
    RdKafka::ErrorCode e = consumer_->subscribe(topics);
    if (e != RdKafka::ERR_NO_ERROR)
      return InvalidArgumentError(StrCat("subscribe: ", RdKafka::err2str(e)));
    return OkStatus();
  }

  Polled Poll(int timeout_ms) override {
    std::shared_ptr<RdKafka::Message> msg(consumer_->consume(timeout_ms));
    Polled p;
    p.topic = msg->topic_name();
    p.partition = msg->partition();
    switch (msg->err()) {
      case RdKafka::ERR_NO_ERROR: {
        p.kind = Polled::Kind::kMessage;
        p.offset = msg->offset();
        if (msg->key_pointer()) {
          p.has_key = true;
          p.key = std::string_view(static_cast<const char*>(msg->key_pointer()), msg->key_len());
        }
        p.payload = std::string_view(static_cast<const char*>(msg->payload()), msg->len());
        const RdKafka::MessageTimestamp ts = msg->timestamp();
        p.timestamp_ms =
            ts.type == RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE ? -1 : ts.timestamp;
        p.holder = std::move(msg);
        return p;
      }
      case RdKafka::ERR__PARTITION_EOF:
        p.kind = Polled::Kind::kEndOfPartition;
        return p;
      case RdKafka::ERR__TIMED_OUT:
        p.kind = Polled::Kind::kTimedOut;
        return p;
      case RdKafka::ERR__FATAL: {
        std::string reason;
        const RdKafka::ErrorCode fatal = consumer_->fatal_error(reason);
        p.kind = Polled::Kind::kFatal;
        p.error = StrCat("fatal Kafka error: ", RdKafka::err2str(fatal), ": ", reason);
        return p;
      }
      default:
        p.kind = Polled::Kind::kError;
        p.error = msg->errstr();
        p.unknown_topic = msg->err() == RdKafka::ERR_UNKNOWN_TOPIC_OR_PART;
        return p;
    }
  }

  void Pause(const std::vector<TopicPartition>& partitions) override {
    PartitionList list(partitions);
    consumer_->pause(list.get());
  }
  void Resume(const std::vector<TopicPartition>& partitions) override {
    PartitionList list(partitions);
    consumer_->resume(list.get());
  }
  void CommitAsync(const std::map<TopicPartition, int64_t>& next) override {
    PartitionList list(next);
    consumer_->commitAsync(list.get());
  }

  StatusOr<std::vector<int64_t>> Committed(const std::vector<TopicPartition>& partitions,
                                           int timeout_ms) override {
    PartitionList asked(partitions);
    const RdKafka::ErrorCode e = consumer_->committed(asked.get(), timeout_ms);
    if (e != RdKafka::ERR_NO_ERROR) return UnavailableError(RdKafka::err2str(e));
    std::vector<int64_t> out;
    for (auto* tp : asked.get())
      out.push_back(tp->err() == RdKafka::ERR_NO_ERROR && tp->offset() >= 0 ? tp->offset() : -1);
    return out;
  }

  void Close() override { consumer_->close(); }

  // RdKafka::RebalanceCb.
  void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
                    std::vector<RdKafka::TopicPartition*>& partitions) override {
    const bool cooperative = consumer->rebalance_protocol() == "COOPERATIVE";
    std::vector<TopicPartition> tps;
    for (auto* tp : partitions) tps.emplace_back(tp->topic(), tp->partition());
    if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
      const std::vector<int64_t> start = listener_->OnAssigned(tps);
      for (size_t i = 0; i < partitions.size(); ++i)
        partitions[i]->set_offset(
            i < start.size() && start[i] >= 0 ? start[i] : RdKafka::Topic::OFFSET_BEGINNING);
      RdKafka::ErrorCode e = RdKafka::ERR_NO_ERROR;
      if (cooperative) {
        if (RdKafka::Error* error = consumer->incremental_assign(partitions)) {
          log_->error("incremental assign failed: {}", error->str());
          delete error;
        }
      } else {
        e = consumer->assign(partitions);
      }
      if (e != RdKafka::ERR_NO_ERROR) log_->error("assign failed: {}", RdKafka::err2str(e));
    } else if (err == RdKafka::ERR__REVOKE_PARTITIONS) {
      listener_->OnRevoked(tps);
      if (cooperative) {
        if (RdKafka::Error* error = consumer->incremental_unassign(partitions)) {
          log_->error("incremental unassign failed: {}", error->str());
          delete error;
        }
      } else {
        consumer->unassign();
      }
    } else {
      log_->error("rebalance error: {}", RdKafka::err2str(err));
      consumer->unassign();
      listener_->OnLostAll(RdKafka::err2str(err));
    }
  }

  // RdKafka::EventCb: errors and logs from librdkafka.
  void event_cb(RdKafka::Event& event) override {
    switch (event.type()) {
      case RdKafka::Event::EVENT_ERROR:
        if (event.fatal()) {
          listener_->OnFatal(
              StrCat("fatal Kafka error: ", RdKafka::err2str(event.err()), ": ", event.str()));
        } else if (event.err() == RdKafka::ERR__ALL_BROKERS_DOWN ||
                   event.err() == RdKafka::ERR__TRANSPORT) {
          if (event.err() == RdKafka::ERR__ALL_BROKERS_DOWN) listener_->OnBrokersDown();
          log_->warn("Kafka: {} ({}); retrying", event.str(), RdKafka::err2str(event.err()));
        } else {
          log_->warn("Kafka error: {} ({})", event.str(), RdKafka::err2str(event.err()));
        }
        break;
      case RdKafka::Event::EVENT_LOG:
        if (event.severity() <= RdKafka::Event::EVENT_SEVERITY_WARNING)
          log_->warn("librdkafka {}: {}", event.fac(), event.str());
        break;
      default:
        break;
    }
  }

 private:
  const PaknConfig& config_;
  ConsumerListener* const listener_;
  std::shared_ptr<spdlog::logger> log_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
};

}  // namespace

StatusOr<std::unique_ptr<Consumer>> NewKafkaConsumer(const PaknConfig& config,
                                                     ConsumerListener* listener) {
  auto consumer = std::make_unique<KafkaConsumer>(config, listener);
  PAKN_RETURN_IF_ERROR(consumer->Create());
  return std::unique_ptr<Consumer>(std::move(consumer));
}

}  // namespace pakn::ingest
