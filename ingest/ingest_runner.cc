#include "ingest/ingest_runner.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "base/log.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time.h"
#include "fmt/format.h"
#include "ingest/consumer.h"
#include "ingest/dlq_publisher.h"
#include "ingest/processor.h"
#include "store/applier.h"
#include "store/retention.h"

namespace pakn::ingest {
namespace {

using SteadyClock = std::chrono::steady_clock;

}  // namespace

class IngestRunner::Impl final : public ConsumerListener {
 public:
  Impl(const PaknConfig& config, store::Store* store, pipeline::Pipeline* pipeline,
       std::atomic<bool>* reload, IngestSummary* summary, ConsumerFactory make_consumer)
      : config_(config),
        make_consumer_(make_consumer ? std::move(make_consumer) : NewKafkaConsumer),
        store_(store),
        rules_(&pipeline->live_rules()),
        reload_(reload),
        processor_(&pipeline->normalizer(), &pipeline->cleaner(), pipeline->places(),
                   pipeline->rules(),
                   PetitionParserOptions{.max_message_bytes = config.ingest.max_message_bytes},
                   config.ingest.workers, /*background=*/true, pipeline->calendar(),
                   pipeline->day_count()),
        applier_(store, store::TrackingContext{pipeline->calendar(), {}}),
        summary_(summary),
        log_(Logger("ingest")) {
    for (const auto& [key, value] : config.kafka.properties) {
      // A quarter of the poll interval, at most a second: the consumer is polled long before
      // librdkafka would take it out of the group.
      if (key != "max.poll.interval.ms") continue;
      char* end = nullptr;
      const long ms = std::strtol(value.c_str(), &end, 10);
      if (end && *end == '\0' && ms > 0)
        serve_after_ = std::chrono::milliseconds(std::clamp<long>(ms / 4, 1, 1000));
    }
    processor_.set_events_topic(config.kafka.events_topic);
    processor_.set_policy_overrides(pipeline->policy_overrides());
    applier_.set_policies(processor_.deadline_policies());
  }

  Status Run(const std::atomic<bool>& stop, bool until_caught_up);
  void Count(const store::ApplyStats& stats, size_t messages, double seconds);
  void set_rebuild(bool rebuild) { rebuild_ = rebuild; }
  void set_metrics(metrics::Registry* registry) { metrics_ = registry; }
  void set_heartbeat(std::function<void()> heartbeat) { heartbeat_ = std::move(heartbeat); }

  // ConsumerListener: called from inside Poll(), on the ingest thread.
  std::vector<int64_t> OnAssigned(const std::vector<TopicPartition>& partitions) override;
  void OnRevoked(const std::vector<TopicPartition>& partitions) override;
  void OnLostAll(std::string_view why) override;
  void OnBrokersDown() override {
    if (!brokers_down_since_) brokers_down_since_ = SteadyClock::now();
  }
  void OnFatal(std::string_view why) override { deferred_ = UnavailableError(std::string(why)); }

 private:
  Status CreateConsumer();
  // Between batches: a requested or noticed change of the rule files → reload and swap.
  void MaybeReloadRules();
  // Messages read from Kafka and what the worker pool made of them.
  struct Batch {
    std::vector<Polled> messages;
    size_t bytes = 0;
    std::vector<RawMessage> raws;
    std::vector<store::BatchItem> items;
    bool empty() const { return messages.empty(); }
  };

  // On assignment to a store that held no offsets at all: the partitions the group has
  // committed an offset for (the store that read them is not this one) make Run stop, unless
  // --rebuild.
  void CheckStoreNotLost(const std::vector<TopicPartition>& unread);
  void CollectBatch(const std::atomic<bool>& stop, bool until_caught_up);
  // Waits for the pool to finish reading_. A batch slower than a poll interval would make the
  // consumer leave its group (max.poll.interval.ms): after serve_after_ the assigned partitions
  // are paused and the consumer polled while the pool works, so the group keeps it.
  void WaitServingGroup();
  void PrepareRaws(Batch& batch);
  // Writes processed_ (one WriteBatch with its offsets) and commits its offsets to Kafka.
  Status ApplyProcessed();
  // Writes everything read so far: processed_, then reading_ (processed here). Used on
  // revocation, on stop and at the end; the pool must be idle.
  Status FlushAll();
  // store.keep_personal_data_years: one step of the erasure pass (store/retention.h). A pass
  // starts when ingest starts and every hour after the last one ended; its steps, of at most
  // kRetentionBudget petitions, run between batches (this thread is the store's only writer).
  Status RetentionStep();
  bool CaughtUp() const {
    if (assigned_.empty()) return false;
    for (const auto& tp : assigned_)
      if (!at_eof_.count(tp)) return false;
    return true;
  }

  const PaknConfig& config_;
  ConsumerFactory make_consumer_;
  store::Store* store_;
  classify::LiveRules* rules_;
  std::atomic<bool>* reload_;
  SteadyClock::time_point last_rules_check_ = SteadyClock::now();
  MessageProcessor processor_;
  store::Applier applier_;
  IngestSummary* summary_;
  metrics::Registry* metrics_ = nullptr;  // set_metrics
  std::function<void()> heartbeat_;       // set_heartbeat
  std::shared_ptr<spdlog::logger> log_;
  std::unique_ptr<Consumer> consumer_;
  std::unique_ptr<DlqPublisher> dlq_;
  static constexpr size_t kRetentionBudget = 500;
  std::optional<store::ErasureCursor> retention_;  // a pass under way
  SteadyClock::time_point next_retention_ = SteadyClock::now();
  int64_t retention_now_ms_ = 0;
  store::ErasureStep retention_total_;
  // Pipelining: while the pool processes reading_, the ingest thread writes processed_.
  Batch reading_;
  Batch processed_;
  std::set<TopicPartition> assigned_;
  std::set<TopicPartition> at_eof_;
  Status deferred_;  // an error raised inside a callback, returned by Run
  bool rebuild_ = false;
  // Whether the store held any offset when Run began: only a store that holds none is checked
  // against the group's committed offsets (a member of a group of several that is handed a
  // partition another member read reads it from the beginning, as before).
  bool store_had_offsets_ = false;
  // WaitServingGroup: how long a batch may take before the consumer is served, whether it is
  // being served now, and the messages it got meanwhile (from partitions assigned then).
  std::chrono::milliseconds serve_after_{1000};
  bool serving_group_ = false;
  std::vector<Polled> early_;
  std::optional<SteadyClock::time_point> first_message_;
  SteadyClock::time_point last_write_;
  // Since when librdkafka has reported all brokers down with nothing heard from them since
  // (a message, an end of partition or an assignment clears it).
  std::optional<SteadyClock::time_point> brokers_down_since_;
};

std::vector<int64_t> IngestRunner::Impl::OnAssigned(const std::vector<TopicPartition>& partitions) {
  brokers_down_since_.reset();  // the group coordinator answered
  std::string desc;
  std::vector<TopicPartition> unread;  // no offset in the store
  std::vector<int64_t> start;
  for (const TopicPartition& tp : partitions) {
    auto stored = store_->NextOffset(tp.first, tp.second);
    if (!stored.ok()) {
      deferred_ = stored.status();
      start.push_back(kOffsetBeginning);
      continue;
    }
    if (!stored->has_value()) unread.push_back(tp);
    // The store is the truth (docs/design.md 1): its offset, or the beginning when it has none.
    start.push_back(stored->value_or(kOffsetBeginning));
    assigned_.insert(tp);
    at_eof_.erase(tp);
    StrAppend(&desc, " ", tp.first, "[", tp.second, "]@",
              stored->has_value() ? std::to_string(**stored) : "beginning");
  }
  if (!unread.empty() && !rebuild_ && !store_had_offsets_) CheckStoreNotLost(unread);
  applier_.ResetOffsetCache();
  log_->info("assigned{}", desc);
  return start;
}

void IngestRunner::Impl::OnRevoked(const std::vector<TopicPartition>& partitions) {
  if (serving_group_) {
    // Revoked while a slow batch is processed: let the pool finish, then write the batch
    // and what arrived meanwhile (FlushAll processes them again, at once).
    processor_.Wait();
    for (Polled& m : early_) {
      reading_.bytes += m.size();
      reading_.messages.push_back(std::move(m));
    }
    early_.clear();
  }
  // Write what was read from these partitions before giving them up.
  if (Status s = FlushAll(); !s.ok()) deferred_ = s;
  for (const TopicPartition& tp : partitions) {
    assigned_.erase(tp);
    at_eof_.erase(tp);
  }
  log_->info("revoked {} partitions", partitions.size());
}

void IngestRunner::Impl::OnLostAll(std::string_view) {
  assigned_.clear();
  at_eof_.clear();
}

void IngestRunner::Impl::CheckStoreNotLost(const std::vector<TopicPartition>& unread) {
  StatusOr<std::vector<int64_t>> committed = consumer_->Committed(unread, 10000);
  if (!committed.ok()) {
    log_->warn("cannot read the group's committed offsets ({}): the store is taken as it is",
               committed.status().message());
    return;
  }
  std::string read;
  for (size_t i = 0; i < unread.size() && i < committed->size(); ++i)
    if ((*committed)[i] >= 0)
      StrAppend(&read, read.empty() ? "" : ", ", unread[i].first, "[", unread[i].second, "] up to ",
                (*committed)[i]);
  if (read.empty()) return;
  summary_->store_lost = true;
  deferred_ = FailedPreconditionError(
      StrCat("store ", store_->path(), ": it holds no offsets for partitions that consumer group '",
             config_.kafka.group, "' has read (", read,
             "): the store that read them is not here "
             "(removed, moved or unmounted?); put it back and start ingest again, or start it with "
             "--rebuild to read those partitions again from the beginning into this store"));
}

void IngestRunner::Impl::MaybeReloadRules() {
  const bool requested = reload_ && reload_->exchange(false);
  bool changed = false;
  if (!requested && SteadyClock::now() - last_rules_check_ > std::chrono::seconds(2)) {
    last_rules_check_ = SteadyClock::now();
    changed = rules_->FilesChanged();
  }
  if (!requested && !changed) return;
  const std::string before = processor_.rules().versions();
  StatusOr<std::string> version = rules_->Reload();
  if (!version.ok()) {
    log_->error("rules in {} not reloaded ({}); the running set {} stays:\n{}", rules_->dir(),
                requested ? "SIGHUP" : "files changed", before, version.status().message());
    return;
  }
  if (*version == before) {
    log_->info("rules in {} unchanged (version {})", rules_->dir(), before);
    return;
  }
  processor_.set_rules(rules_->Current());
  applier_.set_policies(processor_.deadline_policies());
  log_->info("rules reloaded ({}): version {} -> {}, {} rules", requested ? "SIGHUP" : "files changed",
             before, *version, processor_.rules().rule_count());
}

Status IngestRunner::Impl::CreateConsumer() {
  PAKN_ASSIGN_OR_RETURN(consumer_, make_consumer_(config_, this));
  std::vector<std::string> topics = config_.kafka.topics;
  if (!config_.kafka.events_topic.empty()) topics.push_back(config_.kafka.events_topic);
  return consumer_->Subscribe(topics);
}

void IngestRunner::Impl::CollectBatch(const std::atomic<bool>& stop, bool until_caught_up) {
  const auto deadline =
      SteadyClock::now() + std::chrono::milliseconds(config_.ingest.batch_max_wait_ms);
  while (!stop.load(std::memory_order_relaxed) &&
         reading_.messages.size() < config_.ingest.batch_max_messages &&
         reading_.bytes < config_.ingest.batch_max_bytes && deferred_.ok()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - SteadyClock::now()).count();
    if (left <= 0) break;
    Polled msg = consumer_->Poll(static_cast<int>(std::min<int64_t>(left, 100)));
    switch (msg.kind) {
      case Polled::Kind::kMessage:
        brokers_down_since_.reset();
        if (!first_message_) first_message_ = SteadyClock::now();
        at_eof_.erase({msg.topic, msg.partition});
        reading_.bytes += msg.size();
        reading_.messages.push_back(std::move(msg));
        break;
      case Polled::Kind::kEndOfPartition:
        brokers_down_since_.reset();
        at_eof_.insert({msg.topic, msg.partition});
        if (until_caught_up && CaughtUp()) return;
        break;
      case Polled::Kind::kTimedOut:
        if (until_caught_up && CaughtUp()) return;
        break;
      case Polled::Kind::kFatal:
        deferred_ = UnavailableError(msg.error);
        return;
      case Polled::Kind::kError:
        if (until_caught_up && msg.unknown_topic && msg.topic != config_.kafka.events_topic) {
          // A mistyped topic would otherwise look like success: nothing to catch up with.
          deferred_ = FailedPreconditionError(
              StrCat("kafka.topics: '", msg.topic, "' does not exist on ", config_.kafka.brokers,
                     " (--until-caught-up has nothing to catch up with)"));
          return;
        }
        log_->warn("consume: {} ({})", msg.error, msg.topic);
        break;
    }
  }
}

void IngestRunner::Impl::WaitServingGroup() {
  if (processor_.WaitFor(serve_after_)) return;
  const std::vector<TopicPartition> paused(assigned_.begin(), assigned_.end());
  consumer_->Pause(paused);  // drops what was fetched ahead; resume fetches it again
  log_->info(
      "a batch of {} messages is taking over {} ms: {} partitions paused, the consumer "
      "keeps polling so that it stays in its group",
      reading_.messages.size(), serve_after_.count(), paused.size());
  serving_group_ = true;
  do {
    Polled msg = consumer_->Poll(0);
    switch (msg.kind) {
      case Polled::Kind::kMessage:  // from a partition assigned during the wait
        at_eof_.erase({msg.topic, msg.partition});
        early_.push_back(std::move(msg));
        break;
      case Polled::Kind::kEndOfPartition:
        at_eof_.insert({msg.topic, msg.partition});
        break;
      case Polled::Kind::kTimedOut:
        break;
      case Polled::Kind::kFatal:
        deferred_ = UnavailableError(msg.error);
        break;
      case Polled::Kind::kError:
        log_->warn("consume: {} ({})", msg.error, msg.topic);
        break;
    }
  } while (!processor_.WaitFor(std::chrono::milliseconds(100)));
  serving_group_ = false;
  consumer_->Resume(paused);  // a partition revoked meanwhile is not resumed: no matter
}

void IngestRunner::Impl::PrepareRaws(Batch& batch) {
  batch.raws.clear();
  const int64_t now_ms = SystemClock().NowMillis();
  for (const Polled& m : batch.messages) {
    RawMessage r;
    r.position = {m.topic, m.partition, m.offset};
    if (m.has_key) r.key = m.key;
    r.payload = m.payload;
    r.timestamp_ms = m.timestamp_ms < 0 ? now_ms : m.timestamp_ms;
    batch.raws.push_back(r);
  }
}

Status IngestRunner::Impl::ApplyProcessed() {
  if (processed_.empty()) return OkStatus();
  const auto apply_start = SteadyClock::now();
  PAKN_ASSIGN_OR_RETURN(store::ApplyStats stats, applier_.Apply(processed_.items));
  const size_t count = processed_.messages.size();
  if (metrics_)
    Count(stats, count, std::chrono::duration<double>(SteadyClock::now() - apply_start).count());
  summary_->messages += count;
  summary_->created += stats.created;
  summary_->duplicates += stats.duplicates;
  summary_->amended += stats.amended;
  summary_->rejected += stats.rejected;
  summary_->stale += stats.stale;
  summary_->events_applied += stats.events_applied;
  summary_->events_refused += stats.events_refused;
  summary_->events_pending += stats.events_pending;
  summary_->events_duplicate += stats.events_duplicate;
  summary_->batches += 1;
  log_->debug("batch {}: {} messages written, {} in all", summary_->batches, count,
              summary_->messages);

  // Advisory commit for lag monitoring; the store keeps the real offsets.
  std::map<TopicPartition, int64_t> next;
  for (const Polled& m : processed_.messages) {
    auto& n = next[{m.topic, m.partition}];
    n = std::max(n, m.offset + 1);
  }
  consumer_->CommitAsync(next);
  processed_ = Batch();
  last_write_ = SteadyClock::now();
  return OkStatus();
}

Status IngestRunner::Impl::FlushAll() {
  PAKN_RETURN_IF_ERROR(ApplyProcessed());
  if (reading_.empty()) return OkStatus();
  PrepareRaws(reading_);
  processor_.Process(reading_.raws, reading_.items);
  processed_ = std::move(reading_);
  reading_ = Batch();
  return ApplyProcessed();
}

Status IngestRunner::Impl::RetentionStep() {
  const int64_t years = config_.store.keep_personal_data_years;
  if (years <= 0) return OkStatus();
  if (!retention_) {
    if (SteadyClock::now() < next_retention_) return OkStatus();
    retention_.emplace();
    retention_now_ms_ = SystemClock().NowMillis();  // one cutoff for the whole pass
    retention_total_ = {};
  }
  const int64_t cutoff = store::RetentionCutoff(retention_now_ms_, years);
  PAKN_ASSIGN_OR_RETURN(
      store::ErasureStep step,
      store::ErasePersonalData(*store_, cutoff, retention_now_ms_, *retention_, kRetentionBudget));
  retention_total_ += step;
  if (!retention_->done) return OkStatus();
  const store::ErasureStep& t = retention_total_;
  const std::string what = fmt::format(
      "retention (store.keep_personal_data_years = {}): personal data of {} petitions and {} "
      "rejected messages erased, last active before {}; {} petitions examined",
      years, t.erased, t.rejections, LocalDateTime(cutoff), t.examined);
  if (t.erased + t.rejections > 0)
    log_->info("{}", what);
  else
    log_->debug("{}", what);
  retention_.reset();
  next_retention_ = SteadyClock::now() + std::chrono::hours(1);
  return OkStatus();
}

Status IngestRunner::Impl::Run(const std::atomic<bool>& stop, bool until_caught_up) {
  const auto started = SteadyClock::now();
  PAKN_RETURN_IF_ERROR(
      store_->Scan(store::kCfOffsets, "", "", [&](std::string_view, std::string_view) {
        store_had_offsets_ = true;
        return false;
      }));
  PAKN_RETURN_IF_ERROR(CreateConsumer());
  if (!config_.kafka.dlq_topic.empty()) {
    PAKN_ASSIGN_OR_RETURN(dlq_, DlqPublisher::Create(config_.kafka, store_));
    PAKN_RETURN_IF_ERROR(dlq_->Pump());  // what a previous run left in the outbox
  }
  log_->info("ingest started: {}", Describe(config_));
  auto last_report = SteadyClock::now();
  Status status;
  while (!stop.load(std::memory_order_relaxed)) {
    if (heartbeat_) heartbeat_();
    MaybeReloadRules();  // the pool is idle here: the next batch gets one rule set
    CollectBatch(stop, until_caught_up);
    if (!reading_.empty()) {
      // The pool parses, normalizes and routes the batch just read while this thread writes
      // the one before it: the store still gets the batches one at a time, in offset order.
      PrepareRaws(reading_);
      processor_.Start(reading_.raws, reading_.items);
      status = ApplyProcessed();
      WaitServingGroup();
      if (!status.ok()) break;
      processed_ = std::move(reading_);
      reading_ = Batch();
      for (Polled& m : early_) {
        if (!first_message_) first_message_ = SteadyClock::now();
        reading_.bytes += m.size();
        reading_.messages.push_back(std::move(m));
      }
      early_.clear();
    } else {
      status = ApplyProcessed();
      if (!status.ok()) break;
    }
    if (!deferred_.ok()) {
      status = deferred_;
      break;
    }
    if (dlq_) {
      status = dlq_->Pump();
      if (!status.ok()) break;
    }
    status = RetentionStep();
    if (!status.ok()) break;
    if (until_caught_up && reading_.empty() && CaughtUp()) break;
    if (until_caught_up && brokers_down_since_ &&
        SteadyClock::now() - *brokers_down_since_ >
            std::chrono::milliseconds(config_.ingest.give_up_after_ms)) {
      // A script waiting for "caught up" must not wait forever on a broker that is gone.
      status = UnavailableError(StrCat(
          "no Kafka broker reachable at ", config_.kafka.brokers, " for ",
          config_.ingest.give_up_after_ms / 1000.0, " s (ingest.give_up_after_ms): giving up; ",
          "what was read is stored with its offsets"));
      break;
    }
    if (SteadyClock::now() - last_report > std::chrono::seconds(10)) {
      last_report = SteadyClock::now();
      log_->info("progress: {} messages, {} new, {} rejected, {} partitions assigned",
                 summary_->messages, summary_->created, summary_->rejected, assigned_.size());
    }
  }
  if (status.ok()) status = FlushAll();  // what was read and processed when stop came
  if (dlq_) {
    // The batches FlushAll just wrote may hold rejections: publish them before waiting.
    Status s = status.ok() ? dlq_->Pump() : OkStatus();
    if (s.ok()) s = dlq_->Flush(10000);
    if (status.ok()) status = s;
    summary_->dead_letters_published = dlq_->published();
    if (dlq_->in_flight() > 0)
      log_->warn("{} dead letters still unacknowledged; they stay in the outbox for the next run",
                 dlq_->in_flight());
  }
  consumer_->Close();
  summary_->seconds =
      std::chrono::duration<double>(SteadyClock::now() - started).count();
  if (first_message_)
    summary_->active_seconds =
        std::chrono::duration<double>(last_write_ - *first_message_).count();
  return status;
}

IngestRunner::IngestRunner(const PaknConfig& config, store::Store* store,
                           pipeline::Pipeline* pipeline, std::atomic<bool>* reload,
                           ConsumerFactory make_consumer)
    : impl_(std::make_unique<Impl>(config, store, pipeline, reload, &summary_,
                                   std::move(make_consumer))) {}

IngestRunner::~IngestRunner() = default;

Status IngestRunner::Run(const std::atomic<bool>& stop, bool until_caught_up) {
  return impl_->Run(stop, until_caught_up);
}

void IngestRunner::set_rebuild(bool rebuild) { impl_->set_rebuild(rebuild); }
void IngestRunner::set_metrics(metrics::Registry* registry) { impl_->set_metrics(registry); }
void IngestRunner::set_heartbeat(std::function<void()> heartbeat) {
  impl_->set_heartbeat(std::move(heartbeat));
}

void IngestRunner::Impl::Count(const store::ApplyStats& stats, size_t messages, double seconds) {
  metrics::Registry& r = *metrics_;
  r.GetCounter("pakn_messages_consumed_total", "Kafka messages written to the store.")
      .Add(messages);
  const char* kPetitions = "Petition messages by what the store did with them.";
  r.GetCounter("pakn_petitions_total", kPetitions, {{"result", "stored"}}).Add(stats.created);
  r.GetCounter("pakn_petitions_total", kPetitions, {{"result", "duplicate"}}).Add(stats.duplicates);
  r.GetCounter("pakn_petitions_total", kPetitions, {{"result", "amended"}}).Add(stats.amended);
  r.GetCounter("pakn_petitions_total", kPetitions, {{"result", "stale"}}).Add(stats.stale);
  const char* kEvents = "Tracking events by what the store did with them.";
  r.GetCounter("pakn_events_total", kEvents, {{"result", "applied"}}).Add(stats.events_applied);
  r.GetCounter("pakn_events_total", kEvents, {{"result", "refused"}}).Add(stats.events_refused);
  r.GetCounter("pakn_events_total", kEvents, {{"result", "pending"}}).Add(stats.events_pending);
  r.GetCounter("pakn_events_total", kEvents, {{"result", "duplicate"}}).Add(stats.events_duplicate);
  for (const store::BatchItem& item : processed_.items)
    if (const auto* rejected = std::get_if<store::IncomingRejection>(&item))
      r.GetCounter(
           "pakn_rejections_total", "Messages rejected, by code.",
           {{"code", std::string(RejectCodeName(rejected->rejection.code))}, {"via", "kafka"}})
          .Add();
  r.GetHistogram("pakn_batch_messages", "Messages per written batch.",
                 {1, 10, 50, 100, 250, 500, 1000, 2000, 5000, 10000})
      .Observe(static_cast<double>(messages));
  r.GetHistogram("pakn_batch_apply_seconds",
                 "Time to apply one batch to the store (one WriteBatch).",
                 metrics::LatencyBuckets())
      .Observe(seconds);
}

}  // namespace pakn::ingest
