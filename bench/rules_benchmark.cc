// Routing cost per petition at 100, 1,000 and 10,000 rules (docs/routing.md "Benchmark").
//
// The rule sets are the default rules of config/routing/ plus synthetic rules (phrases of real
// Vietnamese syllables, so that petitions walk deep into the automaton and some synthetic
// rules do match) up to the total. Petitions are the labelled set's texts, concatenated to
// ~1 KB search keys.
//
//   scripts/build bench && build/bench/bench/rules_benchmark --benchmark_filter=Route
#include <benchmark/benchmark.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "base/strings.h"
#include "classify/rules.h"
#include "classify/topic_model.h"

namespace pakn::classify {
namespace {

// Common syllables of petitions (diacritic-free) and a wider set for the second syllable.
constexpr const char* kFirst[] = {
    "duong", "nha", "nguoi", "dan", "xe", "nuoc", "dat", "cong", "truong", "benh", "tien",
    "giay", "ho", "so", "thu", "phi", "cap", "lam", "di", "ve", "cho", "khu", "pho", "xa",
    "phuong", "tinh", "can", "bo", "ong", "ba", "chi", "em", "con", "hoc", "sinh", "vien",
    "gia", "dinh", "tre", "dien", "rac", "cay", "cau", "cong", "den", "tram", "quan", "ly"};
constexpr const char* kSecond[] = {
    "an", "anh", "ba", "bac", "ban", "bang", "bao", "bay", "ben", "bien", "binh", "bo", "bon",
    "ca", "cach", "cai", "cam", "can", "canh", "cao", "cat", "chan", "chat", "chay", "chi",
    "chinh", "cho", "chu", "chung", "co", "con", "cu", "cua", "cuoc", "da", "dai", "dang",
    "danh", "dao", "dau", "day", "den", "dich", "dieu", "dinh", "do", "doi", "don", "dong",
    "du", "dung", "duoc", "gan", "gao", "ghe", "gia", "giai", "gian", "giao", "gio", "giu",
    "ha", "hai", "han", "hang", "hanh", "hao", "hat", "hau", "hien", "hinh", "hoa", "hoi",
    "hong", "hop", "huong", "ke", "khac", "khach", "khai", "kho", "khong", "kien", "kinh",
    "la", "lai", "lam", "lan", "lap", "le", "lien", "linh", "loai", "loi", "long", "luat",
    "luc", "luong", "ma", "mai", "man", "mat", "may", "mien", "minh", "moi", "mot", "muc",
    "nam", "nang", "ngay", "nghe", "nghi", "ngoai", "nhan", "nhat", "nhieu", "nho", "nhu",
    "no", "noi", "nong", "phai", "phan", "phap", "phat", "phong", "phu", "quan", "qua",
    "quoc", "quy", "ra", "rang", "rieng", "sach", "san", "sang", "sau", "so", "su", "sua",
    "tac", "tai", "tam", "tan", "tang", "tao", "tap", "te", "tham", "than", "thanh", "thao",
    "the", "thiet", "thoi", "thong", "thuc", "thuong", "tich", "tiep", "tieu", "toan", "toi",
    "tong", "tra", "trach", "trang", "tri", "trien", "trong", "tu", "tuc", "tuyen", "uy",
    "van", "viec", "vien", "vu", "vung", "xay", "xuat", "xuong", "y", "yeu"};

std::string SyntheticRules(int count, uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](const auto& list) {
    return std::string(list[rng() % (sizeof(list) / sizeof(list[0]))]);
  };
  auto phrase = [&] {
    std::string p = StrCat(pick(kFirst), " ", pick(kSecond));
    if (rng() % 2) p = StrCat(p, " ", pick(kSecond));
    return p;
  };
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += StrCat("[[rule]]\nid = \"synthetic-", i, "\"\norder = 50\nany = [");
    const int n = 2 + static_cast<int>(rng() % 4);
    for (int k = 0; k < n; ++k) out += StrCat(k ? ", " : "", "\"", phrase(), "\"");
    // A phrase of its own, as real rules have: without it, the checker rightly rejects random
    // rules whose phrases all contain an earlier rule's (shadowed rules).
    out += StrCat(", \"ma so ", i, "\"]\n");
    if (rng() % 4 == 0) out += StrCat("all = [\"", phrase(), "\"]\n");
    // An exclusion of its own too: random `all` phrases can contain another rule's `any`
    // phrase, and a rule without exclusions would then shadow this one.
    out += StrCat("none = [\"ngoai so ", i, "\"");
    if (rng() % 4 == 0) out += StrCat(", \"", phrase(), "\"");
    out += "]\n";
    out += StrCat("agency = \"SO-XD\"\ntopic = \"xay_dung\"\ntags = [\"s", i % 50, "\"]\n\n");
  }
  return out;
}

struct Fixture {
  std::unique_ptr<Normalizer> normalizer;
  std::vector<RuleFileText> real;
  std::vector<std::string> keys;  // ~1 KB search keys
};

Fixture& Shared() {
  static Fixture* f = [] {
    auto* fx = new Fixture;
    fx->normalizer = std::move(*Normalizer::Create());
    auto files = ReadRuleDir(PAKN_SOURCE_DIR "/config/routing");
    if (!files.ok()) {
      std::cerr << files.status() << "\n";
      std::exit(1);
    }
    fx->real = std::move(*files);
    std::ifstream in(PAKN_SOURCE_DIR "/tests/data/routing-labelled.tsv");
    std::string line, text;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      // Title and content are the last two columns.
      const size_t c = line.rfind('\t');
      const size_t t = line.rfind('\t', c - 1);
      text += line.substr(t + 1);
      text.push_back(' ');
      if (text.size() >= 1100) {
        fx->keys.push_back(fx->normalizer->SearchKey(text));
        text.clear();
      }
    }
    return fx;
  }();
  return *f;
}

// total_rules rules (the real ones plus synthetic ones); with_model: the real model.txt too.
std::unique_ptr<RuleEngine> Build(int total_rules, bool with_model = true) {
  Fixture& fx = Shared();
  std::vector<RuleFileText> files = fx.real;
  if (!with_model)
    std::erase_if(files, [](const RuleFileText& f) { return f.name.ends_with(kModelFileName); });
  auto probe = RuleEngine::Compile(files, *fx.normalizer, nullptr);
  const int real = probe.ok() ? static_cast<int>((*probe)->rule_count()) : 0;
  files.push_back({"synthetic.toml", SyntheticRules(std::max(0, total_rules - real), 42)});
  auto engine = RuleEngine::Compile(files, *fx.normalizer, nullptr);
  if (!engine.ok()) {
    std::cerr << engine.status().message().substr(0, 2000) << "\n";
    return nullptr;
  }
  return std::move(*engine);
}

void BM_RuleEngine_Route(benchmark::State& state) {
  Fixture& fx = Shared();
  const std::unique_ptr<RuleEngine> engine =
      Build(static_cast<int>(state.range(0)), state.range(1) != 0);
  if (!engine) {
    state.SkipWithError("the rule set did not compile");
    return;
  }
  size_t i = 0, bytes = 0, matched = 0;
  for (auto _ : state) {
    const std::string& key = fx.keys[i++ % fx.keys.size()];
    RouteDecision d = engine->Route({.search_key = key, .title_bytes = 60,
                                     .channel = "national_portal", .province_code = "01"});
    matched += d.also_matched.size() + !d.rule_id.empty();
    bytes += key.size();
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["rules"] = static_cast<double>(engine->rule_count());
  state.counters["phrases"] = static_cast<double>(engine->keyword_count());
  state.counters["matching_rules"] =
      static_cast<double>(matched) / static_cast<double>(state.iterations());
  state.counters["key_bytes"] = static_cast<double>(bytes) / static_cast<double>(state.iterations());
}
// Args: rules, model (1: the default model.txt scores every petition too; 0: rules alone).
BENCHMARK(BM_RuleEngine_Route)
    ->ArgNames({"rules", "model"})
    ->Args({100, 0})
    ->Args({100, 1})
    ->Args({1000, 0})
    ->Args({1000, 1})
    ->Args({10000, 0})
    ->Args({10000, 1});

// The model alone on the same keys (its share of BM_RuleEngine_Route/.../model:1).
void BM_TopicModel_Score(benchmark::State& state) {
  Fixture& fx = Shared();
  std::string text;
  for (const RuleFileText& f : fx.real)
    if (f.name.ends_with(kModelFileName)) text = f.text;
  auto model = TopicModel::Parse(text, "model.txt");
  if (!model.ok()) {
    state.SkipWithError("no model.txt in config/routing");
    return;
  }
  RouteDecision rules;
  rules.rule_id = "giao-thong.ha-tang";
  size_t i = 0;
  for (auto _ : state) {
    const std::string& key = fx.keys[i++ % fx.keys.size()];
    benchmark::DoNotOptimize((*model)->Score({key, 60, &rules}));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["features"] = static_cast<double>((*model)->feature_count());
}
BENCHMARK(BM_TopicModel_Score);

// Experiment: the rules alone, then the model, one after the other on each key; /1 scores the
// model a second time on the same key. Measured: /0 costs about Route(model:0) + 2x Score, and
// the second Score of /1 only 1x: the first Score after the rules runs on cold caches.
void BM_RulesThenModel(benchmark::State& state) {
  Fixture& fx = Shared();
  const std::unique_ptr<RuleEngine> engine = Build(100, false);
  std::string text;
  for (const RuleFileText& f : fx.real)
    if (f.name.ends_with(kModelFileName)) text = f.text;
  auto model = TopicModel::Parse(text, "model.txt");
  size_t i = 0;
  for (auto _ : state) {
    const std::string& key = fx.keys[i++ % fx.keys.size()];
    RouteDecision d = engine->Route({.search_key = key, .title_bytes = 60,
                                     .channel = "national_portal", .province_code = "01"});
    benchmark::DoNotOptimize((*model)->Score({key, 60, &d}));
    if (state.range(0)) benchmark::DoNotOptimize((*model)->Score({key, 60, &d}));
  }
}
BENCHMARK(BM_RulesThenModel)->Arg(0)->Arg(1);

void BM_RuleEngine_Compile(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Build(static_cast<int>(state.range(0))));
}
BENCHMARK(BM_RuleEngine_Compile)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace pakn::classify

BENCHMARK_MAIN();
