#include "service/reroute.h"

#include <optional>
#include <vector>

#include "fmt/format.h"
#include "store/applier.h"
#include "store/store.h"

namespace pakn::service {

StatusOr<RerouteResult> Reroute(const PaknConfig& config, const pipeline::Pipeline& pipeline,
                                const RerouteRequest& request,
                                const std::function<void(const RerouteResult&)>& progress) {
  const std::shared_ptr<const classify::RuleEngine> rules = pipeline.rules();
  // A dry run only reads (a secondary instance: works while ingest runs).
  auto keys = store::LoadKeyRing(config.store.key_file);
  if (!keys.ok()) return InvalidArgumentError(keys.status().message());
  auto store = request.dry_run
                   ? store::Store::OpenReader(request.store_dir, std::move(*keys))
                   : store::Store::OpenPrimary(
                         request.store_dir,
                         {.sync = true,
                          .memtable_budget_bytes = 32 << 20,
                          .block_cache_bytes = 16 << 20,
                          .create_if_missing = false,
                          .min_free_bytes = static_cast<uint64_t>(config.store.min_free_mb) << 20,
                          .keys = std::move(*keys)});
  if (!store.ok() && store.status().code() == StatusCode::kNotFound)
    return InvalidArgumentError(store.status().message());
  if (!store.ok())
    return UnavailableError(
        fmt::format("{}\n  (reroute writes the store itself: stop `pakn ingest` for it, "
                    "or look first with --dry-run)",
                    store.status().message()));
  std::optional<store::Applier> applier;
  if (!request.dry_run)
    applier.emplace(store->get(),
                    store::TrackingContext{pipeline.calendar(), pipeline.DeadlinePolicies(*rules)});

  RerouteResult r;
  r.ruleset_version = rules->version();
  std::vector<store::BatchItem> batch;
  Status inner;
  auto flush = [&]() -> bool {
    if (batch.empty() || request.dry_run) {
      batch.clear();
      return true;
    }
    auto stats = applier->Apply(batch);
    batch.clear();
    if (!stats.ok()) {
      inner = stats.status();
      return false;
    }
    return true;
  };
  const classify::Normalizer& normalizer = pipeline.normalizer();
  Status s = (*store)->Scan(
      store::kCfIdxDay, "", request.from, [&](std::string_view key, std::string_view) {
        const size_t nul = key.find('\0');
        if (nul == std::string_view::npos) return true;
        if (key.substr(0, nul) > request.to) return false;
        auto rec = (*store)->GetPetition(key.substr(nul + 1));
        if (!rec.ok()) {
          inner = rec.status();
          return false;
        }
        if (!*rec) return true;
        const store::StoredPetition& p = **rec;
        ++r.examined;
        if (!store::OpenToReroute(p)) {
          ++r.in_hand;
        } else {
          classify::RouteInput input;
          const std::string search_key = store::SearchKeyOf(p, normalizer);
          input.search_key = search_key;
          input.title_bytes = classify::TitleKeyBytes(normalizer, p.petition.title, search_key);
          input.channel = p.petition.channel;
          input.kind = p.petition.kind;
          input.topic_hint = p.petition.topic_hint;
          if (p.place) {
            input.province_code = p.place->province_code;
            input.ward_code = p.place->ward_code;
          }
          classify::RouteDecision d = rules->Route(input);
          if (store::SameRoute(d, p.route)) {
            ++r.kept;
          } else {
            ++r.changed;
            ++r.moves[fmt::format("{}/{} -> {}/{}", p.route.agency, p.route.topic, d.agency,
                                  d.topic)];
            batch.push_back(store::IncomingReroute{
                {}, p.petition.id, std::move(d), request.now_ms, request.actor});
          }
        }
        if (progress && r.examined % 1000 == 0) progress(r);
        if (batch.size() >= 500 && !flush()) return false;
        return !(request.interrupt && request.interrupt->load());
      });
  if (s.ok() && inner.ok()) flush();
  if (!s.ok()) return UnavailableError(s.message());
  if (!inner.ok()) return UnavailableError(inner.message());
  r.interrupted = request.interrupt && request.interrupt->load();
  return r;
}

}  // namespace pakn::service
