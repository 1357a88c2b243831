// Speed of each normalization step on the generated corpus (pakn-gen: realistic petitions with
// full diacritics), in bytes/s, beside ICU's Transliterator chain that a naive implementation
// would use for the diacritic-free key (the baseline, measured in the same run).
//
//   scripts/build bench && build/bench/bench/normalize_benchmark
#include <benchmark/benchmark.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>
#include <vector>

#include "classify/legacy_encoding.h"
#include "classify/normalizer.h"
#include "classify/text_cleaner.h"
#include "classify/vn_syllable.h"
#include "model/petition_parser.h"
#include "tools/gen/petition_generator.h"

namespace {

using namespace pakn;

// title + " " + content of 2,000 generated petitions.
const std::vector<std::string>& Corpus() {
  static const std::vector<std::string> corpus = [] {
    gen::GenOptions opts;
    opts.count = 2000;
    opts.seed = 42;
    std::vector<std::string> texts;
    PetitionParser parser;
    for (const std::string& line : gen::GeneratePetitionLines(opts)) {
      auto r = parser.Parse(line);
      if (auto* p = std::get_if<Petition>(&r)) texts.push_back(p->title + " " + p->content);
    }
    return texts;
  }();
  return corpus;
}

const classify::Normalizer& TheNormalizer() {
  static const auto n = std::move(*classify::Normalizer::Create());
  return *n;
}

template <typename F>
void RunOverCorpus(benchmark::State& state, const std::vector<std::string>& texts, F&& f) {
  size_t bytes = 0, i = 0;
  for (auto _ : state) {
    const std::string& t = texts[i++ % texts.size()];
    benchmark::DoNotOptimize(f(t));
    bytes += t.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
}

void BM_Normalize_Canonical(benchmark::State& state) {
  RunOverCorpus(state, Corpus(), [](const std::string& t) { return TheNormalizer().Canonical(t); });
}
BENCHMARK(BM_Normalize_Canonical);

void BM_Normalize_SearchKey(benchmark::State& state) {
  std::vector<std::string> canonical;
  for (const auto& t : Corpus()) canonical.push_back(TheNormalizer().Canonical(t));
  RunOverCorpus(state, canonical,
                [](const std::string& t) { return TheNormalizer().SearchKeyFromCanonical(t); });
}
BENCHMARK(BM_Normalize_SearchKey);

void BM_Normalize_ToneMarks_OldStyle(benchmark::State& state) {
  RunOverCorpus(state, Corpus(), [](const std::string& t) {
    return classify::PlaceToneMarks(t, classify::ToneStyle::kOld, nullptr);
  });
}
BENCHMARK(BM_Normalize_ToneMarks_OldStyle);

void BM_Normalize_ToneMarks_NewStyle(benchmark::State& state) {
  RunOverCorpus(state, Corpus(), [](const std::string& t) {
    return classify::PlaceToneMarks(t, classify::ToneStyle::kNew, nullptr);
  });
}
BENCHMARK(BM_Normalize_ToneMarks_NewStyle);

void BM_Normalize_MojibakeCheck_Clean(benchmark::State& state) {
  RunOverCorpus(state, Corpus(), [](const std::string& t) { return classify::MayBeMojibake(t); });
}
BENCHMARK(BM_Normalize_MojibakeCheck_Clean);

// Every text of the corpus as UTF-8 mis-decoded as cp1252 and re-encoded ("Viá»‡t").
std::vector<std::string> Utf8AsCp1252(const std::vector<std::string>& texts) {
  static const char16_t kCp1252High[32] = {
      0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  std::vector<std::string> out;
  for (const auto& t : texts) {
    icu::UnicodeString u;
    for (unsigned char b : t) {
      const char16_t c = b >= 0x80 && b < 0xA0 ? kCp1252High[b - 0x80] : char16_t{b};
      u.append(c == 0xFFFD ? char16_t{b} : c);
    }
    std::string s;
    u.toUTF8String(s);
    out.push_back(std::move(s));
  }
  return out;
}

void BM_Normalize_MojibakeRepair_Utf8AsCp1252(benchmark::State& state) {
  static const auto broken = Utf8AsCp1252(Corpus());
  RunOverCorpus(state, broken, [](const std::string& t) { return classify::RepairMojibake(t); });
}
BENCHMARK(BM_Normalize_MojibakeRepair_Utf8AsCp1252);

void BM_Normalize_TextCleaner_Clean(benchmark::State& state) {
  static const classify::TextCleaner cleaner(&TheNormalizer(), {});
  RunOverCorpus(state, Corpus(), [](const std::string& t) { return cleaner.Clean(t); });
}
BENCHMARK(BM_Normalize_TextCleaner_Clean);

void BM_Normalize_CleanAndKey(benchmark::State& state) {
  static const classify::TextCleaner cleaner(&TheNormalizer(), {});
  RunOverCorpus(state, Corpus(), [](const std::string& t) {
    return TheNormalizer().SearchKeyFromCanonical(cleaner.Clean(t).canonical);
  });
}
BENCHMARK(BM_Normalize_CleanAndKey);

// The baseline: ICU's Transliterator for the diacritic-free key (+ đ), from UTF-8.
void BM_Normalize_IcuTransliteratorKey_Baseline(benchmark::State& state) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> tr(icu::Transliterator::createInstance(
      "NFD; [:Nonspacing Mark:] Remove; NFC; Lower; [đĐ] > d;", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) {
    UParseError pe;
    status = U_ZERO_ERROR;
    tr.reset(icu::Transliterator::createFromRules(
        "pakn-key", ":: NFD; :: [:Nonspacing Mark:] Remove; :: NFC; :: Lower; [đĐ] > d;",
        UTRANS_FORWARD, pe, status));
  }
  if (U_FAILURE(status) || !tr) {
    state.SkipWithError("ICU transliterator unavailable");
    return;
  }
  RunOverCorpus(state, Corpus(), [&](const std::string& t) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(t);
    tr->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    return out;
  });
}
BENCHMARK(BM_Normalize_IcuTransliteratorKey_Baseline);

}  // namespace

BENCHMARK_MAIN();
