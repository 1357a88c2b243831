#include "classify/token_automaton.h"

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

namespace pakn::classify {
namespace {

using Found = std::tuple<uint32_t, uint32_t, uint32_t>;  // pattern, begin, end

std::vector<Found> ScanAll(const TokenAutomaton& a, std::string_view text) {
  std::vector<Found> out;
  a.Scan(text, [&](const TokenAutomaton::Hit& h) { out.emplace_back(h.pattern, h.begin, h.end); });
  return out;
}

TEST(TokenAutomatonTest, FindsOverlappingPhrasesAtSyllableBoundaries) {
  TokenAutomaton::Builder b;
  const uint32_t xe = b.Add("xe");
  const uint32_t xe_tai = b.Add("xe tai");
  const uint32_t tai_nan = b.Add("tai nan");
  EXPECT_EQ(b.Add("xe  tai"), xe_tai);  // same syllables, same id
  EXPECT_EQ(b.Add(""), UINT32_MAX);
  const TokenAutomaton a = std::move(b).Build();
  EXPECT_EQ(a.pattern_count(), 3u);
  EXPECT_EQ(ScanAll(a, "xe tai nan"),
            (std::vector<Found>{{xe, 0, 2}, {xe_tai, 0, 6}, {tai_nan, 3, 10}}));
  EXPECT_TRUE(ScanAll(a, "xet duyet xem taix").empty());
  EXPECT_EQ(ScanAll(a, "  xe  "), (std::vector<Found>{{xe, 2, 4}}));
}

TEST(TokenAutomatonTest, FollowsFailureLinksIntoSuffixes) {
  TokenAutomaton::Builder b;
  const uint32_t abc = b.Add("a b c");
  const uint32_t bcd = b.Add("b c d");
  const uint32_t c = b.Add("c");
  const TokenAutomaton a = std::move(b).Build();
  EXPECT_EQ(ScanAll(a, "a b c d"),
            (std::vector<Found>{{abc, 0, 5}, {c, 4, 5}, {bcd, 2, 7}}));
  EXPECT_EQ(ScanAll(a, "a b x b c d"), (std::vector<Found>{{c, 8, 9}, {bcd, 6, 11}}));
}

// The automaton agrees with a naive search on random texts over a small vocabulary.
TEST(TokenAutomatonTest, AgreesWithNaiveSearch) {
  const std::vector<std::string> words = {"a", "b", "c", "d", "xe", "tai"};
  std::mt19937 rng(7);
  auto phrase = [&](int max) {
    std::string s;
    const int n = 1 + static_cast<int>(rng() % static_cast<unsigned>(max));
    for (int i = 0; i < n; ++i) s += (i ? " " : "") + words[rng() % words.size()];
    return s;
  };
  TokenAutomaton::Builder b;
  std::vector<std::string> patterns;
  for (int i = 0; i < 60; ++i) {
    std::string p = phrase(4);
    if (b.Add(p) == patterns.size()) patterns.push_back(p);
  }
  const TokenAutomaton a = std::move(b).Build();
  for (int t = 0; t < 200; ++t) {
    const std::string text = phrase(30) + " zz " + phrase(10);
    std::vector<Found> naive;
    for (uint32_t p = 0; p < patterns.size(); ++p) {
      for (size_t pos = text.find(patterns[p]); pos != std::string::npos;
           pos = text.find(patterns[p], pos + 1)) {
        const size_t end = pos + patterns[p].size();
        if ((pos == 0 || text[pos - 1] == ' ') && (end == text.size() || text[end] == ' '))
          naive.emplace_back(p, static_cast<uint32_t>(pos), static_cast<uint32_t>(end));
      }
    }
    std::vector<Found> got = ScanAll(a, text);
    std::sort(naive.begin(), naive.end());
    std::sort(got.begin(), got.end());
    ASSERT_EQ(got, naive) << text;
  }
}

}  // namespace
}  // namespace pakn::classify
