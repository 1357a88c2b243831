// The ceiling of each ingest stage on the generated corpus (`pakn-gen`: ~1.6 KB petitions with
// full Vietnamese diacritics), one core, items/s and bytes/s (issue 7):
//   Parse       simdjson on-demand into a Petition (ingest/petition_parser.h)
//   Process     everything MessageProcessor does per message: parse, clean (mojibake, VIQR,
//               tone marks, NFC), search key, place, route with config/routing, due date
//   Apply/N     store::Applier writing batches of N new petitions to a real RocksDB on disk,
//               WAL on (the default), one WriteBatch per batch with the offsets
// Normalization and routing alone: normalize_benchmark and rules_benchmark.
//
//   scripts/build bench && build/bench/bench/stage_benchmark
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "classify/normalizer.h"
#include "classify/places.h"
#include "classify/rules.h"
#include "classify/text_cleaner.h"
#include "ingest/processor.h"
#include "model/petition_parser.h"
#include "store/applier.h"
#include "store/store.h"
#include "tools/gen/petition_generator.h"
#include "track/deadline_calendar.h"

#ifndef PAKN_SOURCE_DIR
#define PAKN_SOURCE_DIR "."
#endif

namespace {

using namespace pakn;

// 4,000 generated petitions, as their JSON lines.
const std::vector<std::string>& Corpus() {
  static const std::vector<std::string> corpus = [] {
    gen::GenOptions opts;
    opts.count = 4000;
    opts.seed = 7;
    return gen::GeneratePetitionLines(opts);
  }();
  return corpus;
}

struct Pipeline {
  std::unique_ptr<classify::Normalizer> normalizer;
  std::unique_ptr<classify::TextCleaner> cleaner;
  std::unique_ptr<classify::PlaceIndex> places;
  std::shared_ptr<const classify::RuleEngine> rules;
  std::unique_ptr<track::HolidayCalendar> calendar;
  std::unique_ptr<ingest::MessageProcessor> processor;
};

Pipeline& ThePipeline() {
  static Pipeline p = [] {
    Pipeline q;
    q.normalizer = std::move(*classify::Normalizer::Create());
    q.cleaner = std::make_unique<classify::TextCleaner>(q.normalizer.get(),
                                                        classify::TextCleanerOptions{});
    q.places = std::move(*classify::PlaceIndex::Create(*q.normalizer));
    auto rules = classify::RuleEngine::Load(PAKN_SOURCE_DIR "/config/routing", *q.normalizer,
                                            q.places.get());
    if (!rules.ok()) std::abort();
    q.rules = std::move(*rules);
    q.calendar = std::make_unique<track::HolidayCalendar>(
        std::move(*track::HolidayCalendar::Load(PAKN_SOURCE_DIR "/config/holidays.toml")));
    q.processor = std::make_unique<ingest::MessageProcessor>(
        q.normalizer.get(), q.cleaner.get(), q.places.get(), q.rules, PetitionParserOptions{}, 1,
        false, q.calendar.get());
    return q;
  }();
  return p;
}

void BM_Parse(benchmark::State& state) {
  const auto& lines = Corpus();
  PetitionParser parser;
  size_t bytes = 0, i = 0;
  for (auto _ : state) {
    const std::string& l = lines[i++ % lines.size()];
    benchmark::DoNotOptimize(parser.Parse(l));
    bytes += l.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Parse);

void BM_Process(benchmark::State& state) {
  const auto& lines = Corpus();
  Pipeline& p = ThePipeline();
  size_t bytes = 0, i = 0;
  for (auto _ : state) {
    const std::string& l = lines[i % lines.size()];
    ingest::RawMessage m{{"t", 0, static_cast<int64_t>(i)}, "", l, 1'795'600'000'000};
    benchmark::DoNotOptimize(p.processor->ProcessOne(m));
    bytes += l.size();
    ++i;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Process);

// Batches of state.range(0) new petitions (processed once up front), applied to a fresh store.
void BM_Apply(benchmark::State& state) {
  const size_t batch = static_cast<size_t>(state.range(0));
  const auto& lines = Corpus();
  Pipeline& p = ThePipeline();
  std::vector<store::BatchItem> processed;
  for (size_t i = 0; i < lines.size(); ++i)
    processed.push_back(
        p.processor->ProcessOne(ingest::RawMessage{{"t", 0, 0}, "", lines[i], 1'795'600'000'000}));
  const std::string dir = "/tmp/pakn-stage-bench";
  std::filesystem::remove_all(dir);
  auto opened = store::Store::OpenPrimary(dir, {});
  if (!opened.ok()) {
    state.SkipWithError(std::string(opened.status().message()).c_str());
    return;
  }
  std::unique_ptr<store::Store> s = std::move(*opened);
  store::Applier applier(s.get());
  int64_t offset = 0;
  uint64_t round = 0;
  size_t bytes = 0, items = 0;
  std::vector<store::BatchItem> items_batch;
  std::vector<std::string> ids;
  for (auto _ : state) {
    state.PauseTiming();
    items_batch.clear();
    ids.clear();
    ++round;
    for (size_t k = 0; k < batch; ++k) {
      store::BatchItem item = processed[(items + k) % processed.size()];
      if (auto* in = std::get_if<store::IncomingPetition>(&item)) {
        // A new id each time: every item is a new petition, as in a stream.
        in->petition.id = "B" + std::to_string(round) + "-" + std::to_string(k);
        bytes += in->payload.size();
      } else {
        bytes += std::get<store::IncomingRejection>(item).payload.size();
      }
      std::visit([&](auto& v) { v.position = {"t", 0, offset++}; }, item);
      items_batch.push_back(std::move(item));
    }
    items += batch;
    state.ResumeTiming();
    auto stats = applier.Apply(items_batch);
    if (!stats.ok()) {
      state.SkipWithError(std::string(stats.status().message()).c_str());
      break;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(items));
  s.reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_Apply)->Arg(100)->Arg(1000)->Arg(5000)->Unit(benchmark::kMillisecond)
    ->MinTime(3.0);

}  // namespace

BENCHMARK_MAIN();
