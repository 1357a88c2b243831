#include "service/readers.h"

#include "base/pii.h"
#include "base/strings.h"
#include "base/time.h"
#include "config/config.h"
#include "fmt/format.h"
#include "ingest/kafka_admin.h"
#include "model/lifecycle.h"

namespace pakn::service {

StatusOr<std::unique_ptr<store::Store>> OpenReader(const StoreLocation& where) {
  std::string dir = where.store_dir;
  std::string key_file = where.key_file;
  if (!where.config_path.empty() && (dir.empty() || key_file.empty())) {
    auto config = LoadConfig(where.config_path);
    if (config.ok()) {
      if (dir.empty()) dir = config->store.path;
      if (key_file.empty()) key_file = config->store.key_file;
    } else if (dir.empty()) {
      // A config that cannot be read is a bad argument, whatever the reason. (With --store,
      // the config only names the keys: a default one that is not there is no error.)
      return InvalidArgumentError(config.status().message());
    }
  }
  if (dir.empty())
    return InvalidArgumentError("say where the store is: --store DIR or --config FILE");
  auto keys = store::LoadKeyRing(key_file);
  if (!keys.ok()) return InvalidArgumentError(keys.status().message());
  auto store = store::Store::OpenReader(dir, std::move(*keys));
  if (!store.ok() && store.status().code() != StatusCode::kInvalidArgument)
    return UnavailableError(
        store.status().message());  // none there, or damaged: not a bad argument
  return store;
}

std::optional<track::HolidayCalendar> CalendarOf(const StoreLocation& where) {
  if (where.config_path.empty()) return std::nullopt;
  auto config = LoadConfig(where.config_path);
  if (!config.ok()) return std::nullopt;
  auto calendar = track::HolidayCalendar::Load(config->deadlines.holidays_path);
  if (!calendar.ok()) return std::nullopt;
  return std::move(*calendar);
}

StatusOr<std::optional<PetitionView>> ShowPetition(const store::Store& store, std::string_view id) {
  auto rec = store.GetPetition(id);
  if (!rec.ok()) return UnavailableError(rec.status().message());
  if (!*rec) return std::optional<PetitionView>();
  auto history = store.History(**rec);
  if (!history.ok()) return UnavailableError(history.status().message());
  return std::optional<PetitionView>(PetitionView{std::move(**rec), std::move(*history)});
}

std::string MaskReporterIn(std::string_view text, const Reporter& r) {
  return MaskPiiInText(MaskOccurrences(text, {r.name, r.phone, r.email, r.national_id, r.address},
                                       {MaskName(r.name), MaskDigits(r.phone), MaskEmail(r.email),
                                        MaskDigits(r.national_id), MaskFreeText(r.address)}));
}

StatusOr<PreparedQuery> PrepareQuery(const QueryRequest& r, const FieldNamer& namer) {
  PreparedQuery prepared;
  store::PetitionQuery& q = prepared.query;
  q.status = r.state;
  q.agency = r.agency;
  q.topic = r.topic;
  for (const std::string* d : {&r.from, &r.to})
    if (!d->empty() && !ParseLocalDate(*d).ok())
      return InvalidArgumentError(fmt::format("{}/{}: expected a date YYYY-MM-DD, got '{}'",
                                              namer("from"), namer("to"), *d));
  if (!r.from.empty() && !r.to.empty() && r.from > r.to)
    return InvalidArgumentError(
        fmt::format("{}: {} is after {} {}", namer("from"), r.from, namer("to"), r.to));
  q.from_day = r.from;
  q.to_day = r.to;
  q.limit = r.limit;
  if (!r.state.empty() && !ParseState(r.state)) {
    std::string states;
    for (State st : kAllStates) StrAppend(&states, states.empty() ? "" : ", ", StateName(st));
    return InvalidArgumentError(
        fmt::format("{}: expected one of {}; got '{}'", namer("state"), states, r.state));
  }
  q.now_ms = r.now_ms;
  q.assignee = r.assignee;
  q.overdue = r.overdue;
  q.progress_update_due = r.progress_update_due;
  if (!r.due_before.empty()) {
    auto day = ParseLocalDate(r.due_before);
    auto instant = day.ok() ? day : ParseRfc3339(r.due_before);
    if (!instant.ok())
      return InvalidArgumentError(
          fmt::format("{}: expected YYYY-MM-DD or an RFC 3339 time, got '{}'", namer("due_before"),
                      r.due_before));
    q.due_before_ms = *instant;
  }
  if (!r.text.empty()) {
    auto normalizer = classify::Normalizer::Create();
    if (!normalizer.ok()) return UnavailableError(normalizer.status().message());
    prepared.normalizer = std::move(*normalizer);
    q.text_key = prepared.normalizer->SearchKey(r.text);
    q.normalizer = prepared.normalizer.get();
    if (q.text_key.empty())
      return InvalidArgumentError(
          fmt::format("{}: no letters or digits to search for", namer("text")));
  }
  q.with_text = r.with_text;
  return prepared;
}

StatusOr<uint64_t> FindPetitions(const store::Store& store, const PreparedQuery& query,
                                 const std::function<bool(const store::StoredPetition&)>& visit) {
  auto visited = store::RunQuery(store, query.query, visit);
  if (!visited.ok()) return UnavailableError(visited.status().message());
  return visited;
}

StatusOr<DigestReport> MakeDigest(const store::Store& store, const store::DigestRequest& request,
                                  std::string_view lang, const std::string& rules_dir) {
  auto d = store::ComputeDigest(store, request);
  if (!d.ok()) return UnavailableError(d.status().message());
  DigestReport report{std::move(*d), {}, {}};
  std::set<std::string> provinces;
  for (const store::PeriodFigures* f :
       {&report.digest.period, &report.digest.previous, &report.digest.week_before})
    for (const auto& [code, n] : f->by_province) provinces.insert(code);
  digest::AddProvinceNames(provinces, report.names);
  if (!rules_dir.empty()) {
    if (Status s = digest::LoadTaxonomyNames(rules_dir, lang, report.names); !s.ok())
      report.names_problem = s.message();
  }
  return report;
}

StatusOr<std::string> VerifyDigest(const store::Store& store, const store::Digest& digest) {
  auto recomputed = store::RecomputeDigest(store, digest.request);
  if (!recomputed.ok()) return UnavailableError(recomputed.status().message());
  return store::DescribeDifference(digest, *recomputed);
}

StatusOr<std::string> PublishDigest(const KafkaConfig& kafka, const std::string& topic,
                                    const std::string& key, const std::string& value) {
  if (kafka.brokers.empty())
    return InvalidArgumentError(
        "--publish: kafka.brokers is empty in the config: no broker to "
        "publish to");
  if (topic.empty()) return InvalidArgumentError("--topic: must not be empty");
  // One partition, log-compacted: digests are few, a single partition keeps them in
  // publication order, and compaction keeps the latest version of each date and scope.
  auto produced = ingest::ProduceOne(kafka, topic, key, value, /*ensure_topic=*/true,
                                     /*partitions=*/1, {{"cleanup.policy", "compact"}});
  if (!produced.ok()) return UnavailableError(produced.status().message());
  return produced;
}

}  // namespace pakn::service
