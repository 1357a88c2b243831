#include "service/intake.h"

#include <chrono>
#include <thread>
#include <utility>
#include <vector>

#include "base/log.h"
#include "base/mutex.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "ingest/kafka_admin.h"
#include "ingest/kafka_config.h"
#include "librdkafka/rdkafkacpp.h"

namespace pakn::service {

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kStored:
      return "stored";
    case Outcome::kRejected:
      return "rejected";
    case Outcome::kBusy:
      return "busy";
    case Outcome::kNotSent:
      return "not_sent";
    case Outcome::kUnknown:
      return "unknown";
  }
  return "unknown";
}

struct PetitionChecker::Pool {
  Mutex mu;
  std::vector<std::unique_ptr<PetitionParser>> free GUARDED_BY(mu);
};

PetitionChecker::PetitionChecker(const pipeline::Pipeline& pipeline, size_t max_message_bytes)
    : pipeline_(pipeline), max_message_bytes_(max_message_bytes), pool_(std::make_unique<Pool>()) {}

PetitionChecker::~PetitionChecker() = default;

std::variant<pipeline::CheckedPetition, Rejection> PetitionChecker::Check(
    std::string_view payload, int64_t message_ms) const {
  std::unique_ptr<PetitionParser> parser;
  {
    MutexLock lock(&pool_->mu);
    if (!pool_->free.empty()) {
      parser = std::move(pool_->free.back());
      pool_->free.pop_back();
    }
  }
  if (!parser)
    parser = std::make_unique<PetitionParser>(
        PetitionParserOptions{.max_message_bytes = max_message_bytes_});
  auto checked = pipeline::CheckPetition(*parser, pipeline_.cleaner(), payload, message_ms);
  MutexLock lock(&pool_->mu);
  pool_->free.push_back(std::move(parser));
  return checked;
}

namespace {

// One produce waiting for its delivery report.
struct Waiter {
  Mutex mu;
  CondVar cv;
  bool done GUARDED_BY(mu) = false;
  RdKafka::ErrorCode err GUARDED_BY(mu) = RdKafka::ERR_NO_ERROR;
  RdKafka::Message::Status status GUARDED_BY(mu) = RdKafka::Message::MSG_STATUS_NOT_PERSISTED;
  std::string errstr GUARDED_BY(mu);
  int32_t partition GUARDED_BY(mu) = -1;
  int64_t offset GUARDED_BY(mu) = -1;
};

class KafkaIntake final : public Intake, public RdKafka::DeliveryReportCb, public RdKafka::EventCb {
 public:
  KafkaIntake(const PaknConfig& config, const pipeline::Pipeline& pipeline, IntakeOptions options)
      : options_(std::move(options)), checker_(pipeline, config.ingest.max_message_bytes) {
    probe_topics_ = config.kafka.topics;
    if (!config.kafka.events_topic.empty()) probe_topics_.push_back(config.kafka.events_topic);
  }

  ~KafkaIntake() override {
    {
      MutexLock lock(&mu_);
      stopping_ = true;
    }
    stop_cv_.SignalAll();
    if (prober_.joinable()) prober_.join();
    stop_poller_ = true;
    if (poller_.joinable()) poller_.join();
    if (producer_) producer_->flush(static_cast<int>(options_.timeout_ms));
  }

  Status Start(const PaknConfig& config) {
    PAKN_ASSIGN_OR_RETURN(std::unique_ptr<RdKafka::Conf> conf, ingest::ProducerConf(config.kafka));
    std::string err;
    const std::string timeout = std::to_string(options_.timeout_ms);
    const std::string queue = std::to_string(std::max(options_.max_in_flight * 2, 1000));
    for (const auto& [k, v] :
         std::vector<std::pair<std::string, std::string>>{{"message.timeout.ms", timeout},
                                                          {"queue.buffering.max.messages", queue},
                                                          {"client.id", "pakn-serve"}}) {
      if (conf->set(k, v, err) != RdKafka::Conf::CONF_OK)
        return InvalidArgumentError(StrCat("kafka: ", k, "=", v, ": ", err));
    }
    if (conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(this), err) !=
            RdKafka::Conf::CONF_OK ||
        conf->set("event_cb", static_cast<RdKafka::EventCb*>(this), err) != RdKafka::Conf::CONF_OK)
      return InternalError(StrCat("kafka callbacks: ", err));
    producer_.reset(RdKafka::Producer::create(conf.get(), err));
    if (!producer_) return UnavailableError(StrCat("cannot create the Kafka producer: ", err));
    poller_ = std::thread([this] {
      while (!stop_poller_) producer_->poll(20);
    });
    Probe();  // once before serving: /readyz and the first POST know the broker's state
    prober_ = std::thread([this] { ProbeLoop(); });
    return OkStatus();
  }

  Submission Submit(std::string_view id, std::string_view payload, int64_t now_ms) override {
    Submission out;
    auto checked = checker_.Check(payload, now_ms);
    if (auto* r = std::get_if<Rejection>(&checked)) {
      out.outcome = Outcome::kRejected;
      out.rejection = std::move(*r);
      return out;
    }
    std::string problem;
    if (!BrokerReachable(&problem)) {
      out.outcome = Outcome::kNotSent;
      out.problem = StrCat("no Kafka broker is reachable (", problem, "); nothing was sent");
      return out;
    }
    if (in_flight_.fetch_add(1) >= options_.max_in_flight) {
      in_flight_.fetch_sub(1);
      out.outcome = Outcome::kBusy;
      out.problem = StrCat(options_.max_in_flight,
                           " petitions are waiting for the broker already; nothing was sent");
      return out;
    }
    auto waiter = std::make_shared<Waiter>();
    auto* opaque = new std::shared_ptr<Waiter>(waiter);
    const auto start = std::chrono::steady_clock::now();
    const RdKafka::ErrorCode err = producer_->produce(
        options_.topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
        const_cast<char*>(payload.data()), payload.size(), id.data(), id.size(), 0, opaque);
    if (err != RdKafka::ERR_NO_ERROR) {
      delete opaque;
      in_flight_.fetch_sub(1);
      out.outcome = Outcome::kNotSent;
      out.problem =
          StrCat("the producer refused it: ", RdKafka::err2str(err), "; nothing was sent");
      return out;
    }
    MutexLock lock(&waiter->mu);
    const auto deadline = start + std::chrono::milliseconds(options_.timeout_ms + 2000);
    while (!waiter->done) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      waiter->cv.WaitFor(&waiter->mu, left);
    }
    out.produce_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!waiter->done) {
      out.outcome = Outcome::kUnknown;
      out.problem = StrCat("the broker did not acknowledge it within ", options_.timeout_ms,
                           " ms; it may still be written");
      return out;
    }
    if (waiter->err == RdKafka::ERR_NO_ERROR) {
      out.outcome = Outcome::kStored;
      out.where = StrCat(options_.topic, "[", waiter->partition, "]@", waiter->offset);
      return out;
    }
    out.outcome = waiter->status == RdKafka::Message::MSG_STATUS_NOT_PERSISTED ? Outcome::kNotSent
                                                                               : Outcome::kUnknown;
    out.problem = StrCat(
        "the broker did not take it: ", waiter->errstr,
        out.outcome == Outcome::kNotSent ? "; nothing was written" : "; it may still be written");
    return out;
  }

  bool BrokerReachable(std::string* problem) const override {
    MutexLock lock(&mu_);
    if (problem) *problem = probe_problem_;
    return reachable_;
  }
  int InFlight() const override { return in_flight_.load(); }
  std::map<std::string, std::map<int32_t, int64_t>> EndOffsets() const override {
    MutexLock lock(&mu_);
    return end_offsets_;
  }
  void Flush(int64_t timeout_ms) override { producer_->flush(static_cast<int>(timeout_ms)); }

  void dr_cb(RdKafka::Message& m) override {
    auto* opaque = static_cast<std::shared_ptr<Waiter>*>(m.msg_opaque());
    if (opaque) {
      Waiter& w = **opaque;
      {
        MutexLock lock(&w.mu);
        w.done = true;
        w.err = m.err();
        w.status = m.status();
        w.errstr = m.errstr();
        w.partition = m.partition();
        w.offset = m.offset();
      }
      w.cv.SignalAll();
      delete opaque;
    }
    in_flight_.fetch_sub(1);
  }

  void event_cb(RdKafka::Event& event) override {
    if (!ingest::IsKafkaProblem(event)) return;
    if (event.type() == RdKafka::Event::EVENT_ERROR &&
        event.err() == RdKafka::ERR__ALL_BROKERS_DOWN) {
      MutexLock lock(&mu_);
      reachable_ = false;
      probe_problem_ = "all brokers are down";
    }
    Logger("kafka")->warn("producer: {}", event.str());
  }

 private:
  void Probe() {
    auto ends = ingest::EndOffsets(producer_->c_ptr(), probe_topics_, 2000);
    MutexLock lock(&mu_);
    reachable_ = ends.ok();
    if (ends.ok()) {
      probe_problem_.clear();
      end_offsets_ = std::move(*ends);
    } else {
      probe_problem_ = ends.status().message();
    }
  }
  void ProbeLoop() {
    while (true) {
      {
        MutexLock lock(&mu_);
        if (stopping_) return;
        stop_cv_.WaitFor(&mu_, std::chrono::milliseconds(1000));
        if (stopping_) return;
      }
      Probe();
    }
  }

  IntakeOptions options_;
  PetitionChecker checker_;
  std::vector<std::string> probe_topics_;
  std::unique_ptr<RdKafka::Producer> producer_;
  std::atomic<int> in_flight_{0};
  std::atomic<bool> stop_poller_{false};
  std::thread poller_, prober_;
  mutable Mutex mu_;
  CondVar stop_cv_;
  bool stopping_ GUARDED_BY(mu_) = false;
  bool reachable_ GUARDED_BY(mu_) = false;
  std::string probe_problem_ GUARDED_BY(mu_) = "not probed yet";
  std::map<std::string, std::map<int32_t, int64_t>> end_offsets_ GUARDED_BY(mu_);
};

}  // namespace

StatusOr<std::unique_ptr<Intake>> Intake::Create(const PaknConfig& config,
                                                 const pipeline::Pipeline& pipeline,
                                                 IntakeOptions options) {
  if (config.kafka.brokers.empty())
    return InvalidArgumentError(
        StrCat(config.path, ": kafka.brokers is empty: the HTTP intake produces to Kafka"));
  if (options.topic.empty()) options.topic = config.kafka.topics.front();
  auto intake = std::make_unique<KafkaIntake>(config, pipeline, std::move(options));
  PAKN_RETURN_IF_ERROR(intake->Start(config));
  return std::unique_ptr<Intake>(std::move(intake));
}

}  // namespace pakn::service
