#include "service/tracking.h"

#include <random>
#include <thread>

#include "base/strings.h"
#include "base/time.h"
#include "fmt/format.h"
#include "ingest/kafka_admin.h"
#include "model/json_reader.h"
#include "store/applier.h"
#include "store/query.h"
#include "store/store.h"

namespace pakn::service {
namespace {

// An event ValidateEvent refused, in the caller's words: "missing_field: $.agency: required
// for assign" → "--agency: required for assign".
Status Invalid(const EventRejection& bad, const FieldNamer& namer) {
  const std::string prefix = StrCat(RejectCodeName(bad.code), ": ", bad.field, ": ");
  std::string_view what = bad.reason;
  if (what.substr(0, prefix.size()) == prefix) what.remove_prefix(prefix.size());
  return InvalidArgumentError(fmt::format("{}: {}", namer(bad.field), what));
}

// The store opened as its writer for an operator's act without Kafka (an action with --local,
// a reveal without a broker): synced (no Kafka to replay it after a power cut), small
// buffers, never created.
StatusOr<std::unique_ptr<store::Store>> OpenForLocalWrite(
    const PaknConfig& config, const std::string& store_dir,
    std::shared_ptr<const store::KeyRing> keys) {
  return store::Store::OpenPrimary(
      store_dir, {.sync = true,
                  .memtable_budget_bytes = 16 << 20,
                  .block_cache_bytes = 8 << 20,
                  .create_if_missing = false,
                  .min_free_bytes = static_cast<uint64_t>(config.store.min_free_mb) << 20,
                  .keys = std::move(keys)});
}

// Any failure of the work itself (exit 1), whatever code the library gave it.
Status Failed(const Status& s) {
  return s.code() == StatusCode::kUnavailable ? s : UnavailableError(s.message());
}

StatusOr<ActionOutcome> Outcome(const store::Store& store, const TrackingEvent& e,
                                std::string via) {
  auto outcome = store::LookupEventOutcome(store, e.event_id);
  if (!outcome.ok()) return Failed(outcome.status());
  if (!*outcome)
    return UnavailableError(fmt::format("event {} left no outcome in the store", e.event_id));
  auto rec = store.GetPetition(e.petition_id);
  if (!rec.ok()) return Failed(rec.status());
  ActionOutcome out;
  out.outcome = std::move(**outcome);
  out.petition = std::move(*rec);
  out.via = std::move(via);
  return out;
}

class LocalEventTransport final : public EventTransport {
 public:
  LocalEventTransport(const PaknConfig& config, std::string store_dir, std::string store_label,
                      const pipeline::Pipeline& pipeline, FieldNamer namer)
      : config_(config),
        store_dir_(std::move(store_dir)),
        store_label_(std::move(store_label)),
        pipeline_(pipeline),
        namer_(std::move(namer)) {}

  StatusOr<ActionOutcome> Deliver(const TrackingEvent& e, int64_t now_ms) override {
    auto keys = store::LoadKeyRing(config_.store.key_file);
    if (!keys.ok()) return InvalidArgumentError(keys.status().message());
    auto store = OpenForLocalWrite(config_, store_dir_, std::move(*keys));
    if (!store.ok()) {
      if (store.status().code() == StatusCode::kNotFound)
        return InvalidArgumentError(StrCat(store_label_, ": ", store.status().message()));
      return UnavailableError(
          fmt::format("{}\n  (is `pakn ingest` running on this store? Then leave --local "
                      "out and set kafka.brokers: the event goes through Kafka)",
                      store.status().message()));
    }
    auto existing = (*store)->GetPetition(e.petition_id);
    if (!existing.ok()) return Failed(existing.status());
    if (!*existing) return NotFoundError(fmt::format("no petition with id '{}'", e.petition_id));
    if (!e.of.empty()) {  // the store is the whole truth here (through Kafka it may come later)
      auto original = (*store)->GetRecord(e.of);
      if (!original.ok()) return Failed(original.status());
      if (!*original)
        return NotFoundError(fmt::format("{}: no petition with id '{}'", namer_("$.of"), e.of));
    }
    store::Applier applier(store->get(),
                           store::TrackingContext{pipeline_.calendar(),
                                                  pipeline_.DeadlinePolicies(*pipeline_.rules())});
    std::vector<store::BatchItem> items;
    items.push_back(store::IncomingEvent{store::SourcePosition{}, now_ms, e});
    auto stats = applier.Apply(items);
    if (!stats.ok()) return Failed(stats.status());
    auto out = Outcome(**store, e, "local");
    if (out.ok()) out->repeated = stats->events_duplicate > 0;
    return out;
  }

 private:
  const PaknConfig& config_;
  const std::string store_dir_;
  const std::string store_label_;
  const pipeline::Pipeline& pipeline_;
  const FieldNamer namer_;
};

class KafkaEventTransport final : public EventTransport {
 public:
  KafkaEventTransport(const PaknConfig& config, std::string store_dir,
                      std::chrono::milliseconds wait)
      : config_(config), store_dir_(std::move(store_dir)), wait_(wait) {}

  StatusOr<ActionOutcome> Deliver(const TrackingEvent& e, int64_t /*now_ms*/) override {
    const KafkaConfig& k = config_.kafka;
    auto produced = ingest::ProduceOne(k, k.events_topic, e.petition_id, EncodeEvent(e));
    if (!produced.ok()) return Failed(produced.status());
    auto keys = store::LoadKeyRing(config_.store.key_file);
    if (!keys.ok()) return InvalidArgumentError(keys.status().message());
    auto reader = store::Store::OpenReader(store_dir_, std::move(*keys));
    if (!reader.ok()) return Failed(reader.status());
    const auto deadline = std::chrono::steady_clock::now() + wait_;
    for (;;) {
      if (Status s = (*reader)->CatchUp(); !s.ok()) return Failed(s);
      auto outcome = store::LookupEventOutcome(**reader, e.event_id);
      if (!outcome.ok()) return Failed(outcome.status());
      if (*outcome) return Outcome(**reader, e, *produced);
      if (std::chrono::steady_clock::now() >= deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return DeadlineExceededError(
        fmt::format("event {} is in {} but was not applied within {} ms: is `pakn ingest` "
                    "running on {}? It will apply when ingest reads it.",
                    e.event_id, *produced, wait_.count(), store_dir_));
  }

 private:
  const PaknConfig& config_;
  const std::string store_dir_;
  const std::chrono::milliseconds wait_;
};

}  // namespace

std::unique_ptr<EventTransport> NewLocalEventTransport(const PaknConfig& config,
                                                       std::string store_dir,
                                                       std::string store_label,
                                                       const pipeline::Pipeline& pipeline,
                                                       FieldNamer namer) {
  return std::make_unique<LocalEventTransport>(config, std::move(store_dir), std::move(store_label),
                                               pipeline, std::move(namer));
}

std::unique_ptr<EventTransport> NewKafkaEventTransport(const PaknConfig& config,
                                                       std::string store_dir,
                                                       std::chrono::milliseconds wait) {
  return std::make_unique<KafkaEventTransport>(config, std::move(store_dir), wait);
}

Status RecordReveals(const PaknConfig& config, const std::string& store_dir,
                     const std::vector<std::string>& ids, std::string_view actor,
                     std::string_view reason, int64_t now_ms, const FieldNamer& namer) {
  constexpr size_t kMaxReason = 1000;
  if (reason.size() > kMaxReason)
    return InvalidArgumentError(
        fmt::format("{}: at most {} bytes, got {}", namer("$.note"), kMaxReason, reason.size()));
  std::random_device rd;
  const std::string at = LocalDateTime(now_ms);
  std::vector<TrackingEvent> events;
  for (const std::string& id : ids) {
    TrackingEvent e;
    e.event_id = fmt::format("reveal-{}-{:08x}{:08x}", now_ms, rd(), rd());
    e.petition_id = id;
    e.type = Action::kReveal;
    e.at = at;
    e.at_ms = now_ms / 1000 * 1000;
    e.actor = std::string(actor);
    e.note = std::string(reason);
    if (std::optional<EventRejection> bad = ValidateEvent(e)) return Invalid(*bad, namer);
    events.push_back(std::move(e));
  }
  if (events.empty()) return OkStatus();
  if (!config.kafka.brokers.empty()) {
    std::vector<std::pair<std::string, std::string>> messages;
    for (const TrackingEvent& e : events) messages.emplace_back(e.petition_id, EncodeEvent(e));
    auto produced = ingest::ProduceAll(config.kafka, config.kafka.events_topic, messages);
    if (!produced.ok())
      return UnavailableError(StrCat("the reveal could not be recorded, so nothing is shown: ",
                                     produced.status().message()));
    return OkStatus();
  }
  auto keys = store::LoadKeyRing(config.store.key_file);
  if (!keys.ok()) return InvalidArgumentError(keys.status().message());
  auto store = OpenForLocalWrite(config, store_dir, std::move(*keys));
  if (!store.ok())
    return UnavailableError(StrCat(
        "the reveal could not be recorded, so nothing is shown: ", store.status().message(),
        "\n  (without kafka.brokers the reveal is written to the store itself: is `pakn ingest` "
        "running on it?)"));
  store::Applier applier(store->get());
  std::vector<store::BatchItem> items;
  for (TrackingEvent& e : events)
    items.push_back(store::IncomingEvent{store::SourcePosition{}, now_ms, std::move(e)});
  auto stats = applier.Apply(items);
  if (!stats.ok())
    return UnavailableError(StrCat("the reveal could not be recorded, so nothing is shown: ",
                                   stats.status().message()));
  return OkStatus();
}

StatusOr<ActionOutcome> RecordAction(const TrackingEvent& e, int64_t now_ms,
                                     const PaknConfig& config, const pipeline::Pipeline& pipeline,
                                     EventTransport& transport, const FieldNamer& namer) {
  if (std::optional<EventRejection> bad = ValidateEvent(e)) return Invalid(*bad, namer);
  // Ingest dead-letters an event larger than this; refused here, for both transports, so the
  // operator hears it now and a store never holds what the other transport would refuse.
  if (const size_t bytes = EncodeEvent(e).size(); bytes > config.ingest.max_message_bytes) {
    const bool note = e.note.size() > e.response.text.size();
    return InvalidArgumentError(fmt::format(
        "{}: too long: the event would be {} bytes, and ingest takes at most {} "
        "(ingest.max_message_bytes)",
        namer(note ? "$.note" : "$.response.text"), bytes, config.ingest.max_message_bytes));
  }
  // A corrected topic must be one of the taxonomy's: it becomes a training label (`pakn rules
  // export-corrections`). Checked here, where the operator can retype it; ingest applies any
  // well-formed code (the taxonomy may change between producing and applying).
  if (!e.topic.empty() && pipeline.rules()->FindTopic(e.topic) == nullptr)
    return InvalidArgumentError(fmt::format("{}: '{}' is not a topic of the taxonomy in {}",
                                            namer("$.topic"), e.topic, pipeline.rules_dir()));
  return transport.Deliver(e, now_ms);
}

}  // namespace pakn::service
