// The cost of the worst shapes a message can take, per stage, at 64 KB, 256 KB and 1 MB
// (issue 13: no input may cost more than linear time). Each benchmark reports `s_per_MB`:
// seconds per megabyte of message. Linear stages show the same s_per_MB at all three sizes;
// a quadratic one would show it growing 4× per step. The ratio check that fails a build is
// ProcessorTest.HostileTextCostsLinearTime and PetitionParserTest.ManyMembers...; this is the
// table for docs/benchmarks.md.
//
//   Parse    the JSON syntax check and the petition parser (simdjson)
//   Clean    TextCleaner on title and content (encodings, VIQR, tone marks, NFC)
//   Route    RoutePetition on the cleaned text (search key, places, rules and model)
//   Process  all MessageProcessor does for the message (the three above and the rest)
//
//   scripts/build bench && build/bench/bench/hostile_benchmark
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "classify/normalizer.h"
#include "classify/places.h"
#include "classify/routing.h"
#include "classify/rules.h"
#include "classify/text_cleaner.h"
#include "ingest/processor.h"
#include "model/petition_parser.h"

#ifndef PAKN_SOURCE_DIR
#define PAKN_SOURCE_DIR "."
#endif

namespace {

using namespace pakn;

constexpr size_t kSizes[] = {64 << 10, 256 << 10, 1000 << 10};

std::string Envelope(const std::string& content, const std::string& extra = "") {
  return "{\"schema_version\":1,\"id\":\"P-1\",\"channel\":\"email\","
         "\"submitted_at\":\"2026-11-25T08:00:00+07:00\",\"title\":\"Ph\xE1\xBA\xA3n \xC3\xA1nh\","
         "\"content\":\"" +
         content + "\"" + extra + "}";
}

std::string Repeat(const std::string& unit, size_t bytes) {
  std::string s;
  s.reserve(bytes + unit.size());
  while (s.size() + unit.size() < bytes) s += unit;
  return s;
}

struct Shape {
  const char* name;
  std::string (*make)(size_t bytes);
};

const Shape kShapes[] = {
    {"words",  // ordinary Vietnamese: the baseline
     [](size_t n) {
       return Envelope(
           Repeat("Tr\xC6\xB0\xE1\xBB\x9Dng h\xE1\xBB\x8D"
                  "c b\xE1\xBB\x8B \xC3\xB4 nhi\xE1\xBB\x85m ",
                  n));
     }},
    {"one_syllable",  // accented letters, no space: one "word" of the whole size
     [](size_t n) { return Envelope(Repeat("\xE1\xBB\x9D\xC6\xB0", n)); }},
    {"mark_run",  // U+0301 U+0323 alternating: refused at the combining-mark budget
     [](size_t n) { return Envelope(Repeat("\xCC\x81\xCC\xA3", n)); }},
    {"letter_and_marks",  // decomposed letters, each with two marks to order and compose
     [](size_t n) { return Envelope(Repeat("a\xCC\x81\xCC\xA3", n)); }},
    {"escapes",  // every character a JSON \u escape
     [](size_t n) { return Envelope(Repeat("\\u1ebf\\u01b0", n)); }},
    {"mojibake",  // UTF-8 read as Windows-1252 and encoded again
     [](size_t n) {
       return Envelope(Repeat("Ph\xC3\xA1\xC2\xBA\xC2\xA3n \xC3\x83\xC2\xA1nh ", n));
     }},
    {"viqr",  // VIQR: tone marks as ASCII after the letter
     [](size_t n) { return Envelope(Repeat("Tru+o+`ng ho.c bi. o^ nhie^~m ", n)); }},
    {"places",  // a place name over and over
     [](size_t n) {
       return Envelope(Repeat(
           "ph\xC6\xB0\xE1\xBB\x9Dng 1 qu\xE1\xBA\xADn 3 TP H\xE1\xBB\x93 Ch\xC3\xAD Minh ", n));
     }},
    {"keywords",  // routing keywords of two topics, alternating
     [](size_t n) {
       return Envelope(Repeat(
           "\xC3\xB4 nhi\xE1\xBB\x85m ti\xE1\xBA\xBFng \xE1\xBB\x93n \xC4\x91\xE1\xBA\xA5t \xC4\x91"
           "ai ",
           n));
     }},
    {"digits",  // phone-like numbers
     [](size_t n) { return Envelope(Repeat("0912 345 678 ", n)); }},
    {"members",  // unknown members, each checked for duplicates
     [](size_t n) {
       std::string extra;
       for (int i = 0; extra.size() < n; ++i) extra += ",\"x" + std::to_string(i) + "\":0";
       return Envelope("Kh\xC3\xB4ng", extra);
     }},
    {"nesting",  // one unknown member nested as deep as the size allows
     [](size_t n) {
       return Envelope("Kh\xC3\xB4ng",
                       ",\"x\":" + std::string(n / 2, '[') + std::string(n / 2, ']'));
     }},
};

struct Pipeline {
  std::unique_ptr<classify::Normalizer> normalizer;
  std::unique_ptr<classify::TextCleaner> cleaner;
  std::unique_ptr<classify::PlaceIndex> places;
  std::shared_ptr<const classify::RuleEngine> rules;
  std::unique_ptr<ingest::MessageProcessor> processor;
};

Pipeline& ThePipeline() {
  static Pipeline p = [] {
    Pipeline q;
    q.normalizer = std::move(*classify::Normalizer::Create());
    q.cleaner =
        std::make_unique<classify::TextCleaner>(q.normalizer.get(), classify::TextCleanerOptions{});
    q.places = std::move(*classify::PlaceIndex::Create(*q.normalizer));
    auto rules = classify::RuleEngine::Load(PAKN_SOURCE_DIR "/config/routing", *q.normalizer,
                                            q.places.get());
    if (!rules.ok()) std::abort();
    q.rules = std::move(*rules);
    q.processor = std::make_unique<ingest::MessageProcessor>(
        q.normalizer.get(), q.cleaner.get(), q.places.get(), q.rules,
        PetitionParserOptions{.max_message_bytes = 2 << 20}, 1, false, nullptr);
    return q;
  }();
  return p;
}

void Report(benchmark::State& state, const std::string& payload, std::string_view outcome) {
  state.counters["s_per_MB"] = benchmark::Counter(
      static_cast<double>(payload.size()) / 1e6 * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetLabel(std::string(outcome.substr(0, 60)));
}

// The petition of `payload`, parsed into `keep`; null (and the benchmark skipped) when the
// shape is refused by the parser: Clean and Route have nothing to work on then.
const Petition* ParsedOrSkip(benchmark::State& state, const std::string& payload,
                             PetitionParser& parser, ParseResult& keep) {
  keep = parser.Parse(payload);
  const Petition* pet = std::get_if<Petition>(&keep);
  if (!pet) state.SkipWithError("not parsed");
  return pet;
}

void BM_Parse(benchmark::State& state) {
  const std::string payload = kShapes[state.range(0)].make(static_cast<size_t>(state.range(1)));
  PetitionParser parser(PetitionParserOptions{.max_message_bytes = 2 << 20});
  std::string outcome;
  for (auto _ : state) {
    ParseResult r = parser.Parse(payload);
    if (auto* rej = std::get_if<Rejection>(&r)) outcome = rej->reason;
    benchmark::DoNotOptimize(r);
  }
  Report(state, payload, outcome.empty() ? "parsed" : outcome);
}

void BM_Clean(benchmark::State& state) {
  const std::string payload = kShapes[state.range(0)].make(static_cast<size_t>(state.range(1)));
  Pipeline& p = ThePipeline();
  PetitionParser parser(PetitionParserOptions{.max_message_bytes = 2 << 20});
  ParseResult keep;
  const Petition* pet = ParsedOrSkip(state, payload, parser, keep);
  if (!pet) return;
  for (auto _ : state) {
    benchmark::DoNotOptimize(p.cleaner->Clean(pet->title));
    benchmark::DoNotOptimize(p.cleaner->Clean(pet->content));
  }
  Report(state, payload, "cleaned");
}

void BM_Route(benchmark::State& state) {
  const std::string payload = kShapes[state.range(0)].make(static_cast<size_t>(state.range(1)));
  Pipeline& p = ThePipeline();
  PetitionParser parser(PetitionParserOptions{.max_message_bytes = 2 << 20});
  ParseResult keep;
  const Petition* pet = ParsedOrSkip(state, payload, parser, keep);
  if (!pet) return;
  const std::string title = p.cleaner->Clean(pet->title).canonical;
  const std::string content = p.cleaner->Clean(pet->content).canonical;
  for (auto _ : state)
    benchmark::DoNotOptimize(classify::RoutePetition(*p.rules, *p.normalizer, p.places.get(),
                                                     {.title = title, .content = content}));
  Report(state, payload, "routed");
}

void BM_Process(benchmark::State& state) {
  const std::string payload = kShapes[state.range(0)].make(static_cast<size_t>(state.range(1)));
  Pipeline& p = ThePipeline();
  std::string outcome = "stored";
  for (auto _ : state) {
    auto item =
        p.processor->ProcessOne(ingest::RawMessage{{"t", 0, 0}, "k", payload, 1'795'600'000'000});
    if (auto* r = std::get_if<store::IncomingRejection>(&item)) outcome = r->rejection.reason;
    benchmark::DoNotOptimize(item);
  }
  Report(state, payload, outcome);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const std::pair<const char*, void (*)(benchmark::State&)> stages[] = {
      {"Parse", BM_Parse}, {"Clean", BM_Clean}, {"Route", BM_Route}, {"Process", BM_Process}};
  for (const auto& [stage, fn] : stages)
    for (int s = 0; s < static_cast<int>(std::size(kShapes)); ++s)
      for (size_t n : kSizes)
        benchmark::RegisterBenchmark(
            (std::string(stage) + "/" + kShapes[s].name + "/" + std::to_string(n >> 10) + "KiB")
                .c_str(),
            fn)
            ->Args({s, static_cast<int64_t>(n)})
            ->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
