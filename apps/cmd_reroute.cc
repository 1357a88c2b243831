// pakn reroute --from DAY --to DAY [--dry-run]: the current routing rules applied again to the
// stored petitions of those submission days that no human has taken in hand yet (state
// received or accepted, still at the agency their route named). Each change is a `rerouted`
// history event, written through store::Applier like every other change (indexes and
// counters move with it). Interrupting (Ctrl-C) stops after the current batch; running the
// same command again resumes: petitions already rerouted get the same decision and are kept.
//
// It writes the store directly, so `pakn ingest` must not be running on it (the store says so
// if it is).
#include <signal.h>

#include <atomic>
#include <map>
#include <optional>

#include "apps/commands.h"
#include "apps/reader_common.h"
#include "apps/tracking_setup.h"
#include "base/log.h"
#include "base/strings.h"
#include "base/time.h"
#include "apps/cli.h"
#include "classify/rules.h"
#include "config/config.h"
#include "fmt/format.h"
#include "pipeline/pipeline.h"
#include "store/applier.h"
#include "store/store.h"

namespace pakn::apps {
namespace {

std::atomic<bool> g_interrupted{false};
extern "C" void OnInterrupt(int) { g_interrupted.store(true); }

}  // namespace

int RunReroute(const RerouteCommand& cmd) {
  auto config = LoadConfig(cmd.config_path);
  if (!config.ok()) return Fail(config.status().message(), 2);
  SetLogLevel("warn");
  for (const std::string* d : {&cmd.from, &cmd.to})
    if (!ParseLocalDate(*d).ok())
      return Fail(fmt::format("--from/--to: expected a date YYYY-MM-DD, got '{}'", *d), 2);
  if (cmd.from > cmd.to) return Fail("--from: must not be after --to", 2);
  auto now = ParseNow(cmd.now);
  if (!now.ok()) return Fail(now.status().message(), 2);
  auto pipeline = pipeline::Pipeline::Create(*config);
  if (!pipeline.ok()) return Fail(pipeline.status().message(), ExitCode(pipeline.status()));
  const std::shared_ptr<const classify::RuleEngine> rules = (*pipeline)->rules();

  const std::string path = cmd.store_dir.empty() ? config->store.path : cmd.store_dir;
  // A dry run only reads (a secondary instance: works while ingest runs).
  auto store =
      cmd.dry_run
          ? OpenReaderAt(StoreLocation{path, cmd.config_path})
          : store::Store::OpenPrimary(
                path, {.sync = true,
                       .memtable_budget_bytes = 32 << 20,
                       .block_cache_bytes = 16 << 20,
                       .create_if_missing = false,
                       .min_free_bytes = static_cast<uint64_t>(config->store.min_free_mb) << 20});
  if (!store.ok() && store.status().code() == StatusCode::kNotFound)
    return Fail(store.status().message(), 2);
  if (!store.ok())
    return Fail(fmt::format("{}\n  (reroute writes the store itself: stop `pakn ingest` for it, "
                            "or look first with --dry-run)",
                            store.status().message()));
  std::optional<store::Applier> applier;
  if (!cmd.dry_run)
    applier.emplace(store->get(),
                    store::TrackingContext{(*pipeline)->calendar(),
                                           (*pipeline)->DeadlinePolicies(*rules)});

  struct sigaction sa = {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  uint64_t examined = 0, changed = 0, kept = 0, in_hand = 0;
  std::map<std::string, uint64_t> moves;  // "old agency/topic -> new agency/topic" → count
  std::vector<store::BatchItem> batch;
  Status inner;
  auto flush = [&]() -> bool {
    if (batch.empty() || cmd.dry_run) {
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
  const std::string actor = cmd.actor.empty() ? "pakn-reroute" : cmd.actor;
  Status s = (*store)->Scan(store::kCfIdxDay, "", cmd.from, [&](std::string_view key,
                                                              std::string_view) {
    const size_t nul = key.find('\0');
    if (nul == std::string_view::npos) return true;
    if (key.substr(0, nul) > cmd.to) return false;
    auto rec = (*store)->GetPetition(key.substr(nul + 1));
    if (!rec.ok()) {
      inner = rec.status();
      return false;
    }
    if (!*rec) return true;
    const store::StoredPetition& p = **rec;
    ++examined;
    if (!store::OpenToReroute(p)) {
      ++in_hand;
    } else {
      classify::RouteInput input;
      const std::string key = store::SearchKeyOf(p, (*pipeline)->normalizer());
      input.search_key = key;
      input.title_bytes = classify::TitleKeyBytes((*pipeline)->normalizer(), p.petition.title, key);
      input.channel = p.petition.channel;
      input.kind = p.petition.kind;
      input.topic_hint = p.petition.topic_hint;
      if (p.place) {
        input.province_code = p.place->province_code;
        input.ward_code = p.place->ward_code;
      }
      classify::RouteDecision d = rules->Route(input);
      if (store::SameRoute(d, p.route)) {
        ++kept;
      } else {
        ++changed;
        ++moves[fmt::format("{}/{} -> {}/{}", p.route.agency, p.route.topic, d.agency,
                            d.topic)];
        batch.push_back(store::IncomingReroute{{}, p.petition.id, std::move(d), *now, actor});
      }
    }
    if (examined % 1000 == 0)
      fmt::print(stderr, "\rreroute: {} examined, {} to change, {} unchanged, {} in hand",
                 examined, changed, kept, in_hand);
    if (batch.size() >= 500 && !flush()) return false;
    return !g_interrupted.load();
  });
  if (s.ok() && inner.ok()) flush();
  if (!s.ok()) return Fail(s.message());
  if (!inner.ok()) return Fail(inner.message());
  fmt::print(stderr, "\r");
  fmt::print("{} {} to {} with rule set {}: {} examined, {} {}, {} unchanged, {} left alone "
             "(taken in hand by an operator)\n",
             cmd.dry_run ? "would reroute" : "rerouted", cmd.from, cmd.to, rules->version(),
             examined, changed, cmd.dry_run ? "would change" : "changed", kept, in_hand);
  for (const auto& [move, n] : moves) fmt::print("  {:>7}  {}\n", n, move);
  if (g_interrupted.load()) {
    fmt::print(stderr, "interrupted: what is shown was written; run the same command again to "
                       "resume (petitions already rerouted are unchanged then)\n");
    return 130;
  }
  return 0;
}

}  // namespace pakn::apps
