#include "classify/normalizer.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace pakn::classify {
namespace {

using Views = std::vector<std::string_view>;

// ICU tables are built once for the whole suite, as in production.
const Normalizer& N() {
  static const Normalizer* const normalizer = [] {
    StatusOr<std::unique_ptr<Normalizer>> created = Normalizer::Create();
    if (!created.ok()) {
      std::fprintf(stderr, "Normalizer::Create: %s\n",
                   created.status().ToString().c_str());
      std::abort();  // every test needs it; no point continuing
    }
    return created->release();
  }();
  return *normalizer;
}

TEST(NormalizerTest, CreateSucceeds) {
  StatusOr<std::unique_ptr<Normalizer>> created = Normalizer::Create();
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_NE(*created, nullptr);
}

TEST(NormalizerTest, ComposesDecomposedVietnamese) {
  const NormalizedText text = N().Normalize("Ho\u0300a");
  EXPECT_EQ(text.canonical, "H\u00F2a");  // "Hòa", precomposed ò
  EXPECT_EQ(text.search_key, "hoa");
}

TEST(NormalizerTest, ComposesStackedToneAndVowelMarks) {
  // ệ written as e + circumflex + dot below, in non-canonical mark order.
  EXPECT_EQ(N().Canonical("Vie\u0323\u0302t"), "Vi\u1EC7t");
}

TEST(NormalizerTest, KeysVietNamWithoutDiacritics) {
  EXPECT_EQ(N().SearchKey("Việt Nam"), "viet nam");
}

TEST(NormalizerTest, MapsDStrokeToD) {
  EXPECT_EQ(N().SearchKey("Đường Nguyễn Trãi"), "duong nguyen trai");
  EXPECT_EQ(N().SearchKey("đĐ"), "dd");
}

TEST(NormalizerTest, StripsEveryVowelModifierAndToneMark) {
  const std::vector<std::pair<std::string, std::string>> bases = {
      {"a", "a"},       {"a\u0306", "a"}, {"a\u0302", "a"}, {"e", "e"},
      {"e\u0302", "e"}, {"i", "i"},       {"o", "o"},       {"o\u0302", "o"},
      {"o\u031B", "o"}, {"u", "u"},       {"u\u031B", "u"}, {"y", "y"}};
  const std::vector<std::string> tones = {"",       "\u0300", "\u0301",
                                          "\u0309", "\u0303", "\u0323"};
  for (const auto& [base, ascii] : bases) {
    for (const std::string& tone : tones) {
      for (bool upper : {false, true}) {
        std::string input = base + tone;
        if (upper) input[0] = static_cast<char>(input[0] - 'a' + 'A');
        const NormalizedText text = N().Normalize(input);
        // Every Vietnamese vowel has a precomposed form of at most 3 bytes.
        EXPECT_LE(text.canonical.size(), 3u) << input;
        EXPECT_EQ(text.search_key, ascii) << input;
      }
    }
  }
}

TEST(NormalizerTest, StripsOtherLatinAccents) {
  EXPECT_EQ(N().SearchKey("Ñandú Çà Øre Łódź Straße"),
            "nandu ca ore lodz straße");
}

TEST(NormalizerTest, DecomposedAndPrecomposedInputKeyIdentically) {
  const std::string precomposed = "Thành phố Hồ Chí Minh";
  const std::string decomposed =
      "Tha\u0300nh pho\u0302\u0301 Ho\u0302\u0300 Chi\u0301 Minh";
  EXPECT_EQ(N().Canonical(decomposed), precomposed);
  EXPECT_EQ(N().SearchKey(decomposed), "thanh pho ho chi minh");
}

TEST(NormalizerTest, RemovesZeroWidthSpaceSoMarkComposes) {
  EXPECT_EQ(N().Canonical("Ho\u200B\u0300a"), "H\u00F2a");
  EXPECT_EQ(N().SearchKey("Ho\u200B\u0300a"), "hoa");
}

TEST(NormalizerTest, RemovesByteOrderMarkAndSoftHyphen) {
  const NormalizedText text = N().Normalize("\uFEFFHà\u00ADNội");
  EXPECT_EQ(text.canonical, "HàNội");
  EXPECT_EQ(text.search_key, "hanoi");
}

TEST(NormalizerTest, RemovesJoinersAndWordJoiner) {
  EXPECT_EQ(N().Canonical("a\u200Cb\u200Dc\u2060d"), "abcd");
}

TEST(NormalizerTest, RemovesSupplementaryDefaultIgnorables) {
  EXPECT_EQ(N().Canonical("a\U000E0001b"), "ab");  // LANGUAGE TAG
}

TEST(NormalizerTest, TreatsNbspAndIdeographicSpaceAsWhitespace) {
  EXPECT_EQ(N().Canonical("Hà\u00A0\u00A0Nội\u3000"), "Hà Nội");
  EXPECT_EQ(N().Canonical("a\u2028b\u2003c\u0085d"), "a b c d");
}

TEST(NormalizerTest, CollapsesWhitespaceRunsAndTrims) {
  const NormalizedText text = N().Normalize(" \t Khu  phố\r\n\n3 \n");
  EXPECT_EQ(text.canonical, "Khu phố 3");
  EXPECT_EQ(text.search_key, "khu pho 3");
}

TEST(NormalizerTest, RemovesControlCharacters) {
  EXPECT_EQ(N().Canonical(std::string_view("a\0b\x01" "c\x7F" "d", 7)),
            "abcd");
  EXPECT_EQ(N().Canonical("x\u0080y\u009Fz"), "xyz");  // C1 controls
}

TEST(NormalizerTest, FoldsFullwidthLettersAndDigits) {
  const NormalizedText text = N().Normalize("ＡＢＣ１");
  EXPECT_EQ(text.canonical, "ＡＢＣ１");  // NFC leaves width alone for display
  EXPECT_EQ(text.search_key, "abc1");
}

TEST(NormalizerTest, FoldsCompatibilityCharacters) {
  EXPECT_EQ(N().SearchKey("ﬁle ① Ⅻ x²"), "file 1 xii x2");
}

TEST(NormalizerTest, CollapsesPunctuationInSearchKey) {
  EXPECT_EQ(N().SearchKey("Sở GTVT, TP.HCM!"), "so gtvt tp hcm");
  EXPECT_EQ(N().SearchKey("--«Đơn» (số 12/2024)…"), "don so 12 2024");
}

TEST(NormalizerTest, KeepsNonLatinLettersLowerCased) {
  EXPECT_EQ(N().SearchKey("МОСКВА Йошкар-Ола 北京 ΑΘΗΝΑ"),
            "москва йошкар ола 北京 αθηνα");
  EXPECT_EQ(N().SearchKey("서울"), "서울");  // syllables not split into jamo
}

TEST(NormalizerTest, TreatsEmojiAsSeparator) {
  const NormalizedText text = N().Normalize("Hà Nội😀ok");
  EXPECT_EQ(text.canonical, "Hà Nội😀ok");
  EXPECT_EQ(text.search_key, "ha noi ok");
}

TEST(NormalizerTest, EmptyInputGivesEmptyOutput) {
  const NormalizedText text = N().Normalize("");
  EXPECT_EQ(text.canonical, "");
  EXPECT_EQ(text.search_key, "");
}

TEST(NormalizerTest, InvisibleOnlyInputGivesEmptyOutput) {
  const NormalizedText text = N().Normalize(" \u200B\uFEFF\t\u00A0 ");
  EXPECT_EQ(text.canonical, "");
  EXPECT_EQ(text.search_key, "");
  EXPECT_EQ(N().SearchKey("?!... --"), "");
}

TEST(NormalizerTest, PassesCleanAsciiThroughUnchanged) {
  const std::string ascii = "Request #42: fix road (District 1).";
  const NormalizedText text = N().Normalize(ascii);
  EXPECT_EQ(text.canonical, ascii);
  EXPECT_EQ(text.search_key, "request 42 fix road district 1");
}

TEST(NormalizerTest, ReplacesInvalidUtf8WithReplacementCharacter) {
  EXPECT_EQ(N().Canonical("a\xFF" "b"), "a\uFFFDb");
  EXPECT_EQ(N().SearchKey("a\xFF" "b"), "a b");
  EXPECT_EQ(N().Canonical("x\xC0\xAF"), "x\uFFFD\uFFFD");   // overlong
  EXPECT_EQ(N().Canonical("\xED\xA0\x80y"), "\uFFFD\uFFFD\uFFFDy");  // surrogate
  EXPECT_EQ(N().Canonical("Vi\xE1\xBB"), "Vi\uFFFD");     // truncated at end
  EXPECT_EQ(N().Canonical("o\x80\xCC\x80"), "o\uFFFD\u0300");
}

TEST(NormalizerTest, CanonicalIsIdempotent) {
  const std::vector<std::string> inputs = {
      "Ho\u200B\u0300a  \u3000 x", "\uFEFF Đường\u00A0số 5 ",
      "a\xFF\xFE" "b", "\u2000e\u0302\u0301\t", "ＡＢＣ１ ﬁ"};
  for (const std::string& input : inputs) {
    const std::string once = N().Canonical(input);
    EXPECT_EQ(N().Canonical(once), once) << input;
    EXPECT_EQ(N().SearchKey(once), N().SearchKey(input)) << input;
  }
}

TEST(NormalizerTest, TermsSplitsSearchKeyIntoSyllables) {
  const std::string key = N().SearchKey("Sở GTVT, TP.HCM!");
  const std::vector<std::string_view> terms = Terms(key);
  EXPECT_EQ(terms, (Views{"so", "gtvt", "tp", "hcm"}));
  // Views point into the key, not into copies.
  ASSERT_FALSE(terms.empty());
  EXPECT_EQ(terms.front().data(), key.data());
}

TEST(NormalizerTest, TermsDropsEmptyPieces) {
  EXPECT_EQ(Terms("  a  bb c "), (Views{"a", "bb", "c"}));
  EXPECT_TRUE(Terms("").empty());
  EXPECT_TRUE(Terms("   ").empty());
}

TEST(NormalizerTest, GivesSameResultsFromFourThreads) {
  const std::vector<std::string> inputs = {
      "Đường Nguyễn Trãi bị ngập sau mưa, đề nghị Sở GTVT xử lý!",
      "Ho\u0300a  bi\u0300nh\u200B \uFEFF", "ＡＢＣ１ Москва 北京",
      "Request #42", "a\xFF" "b"};
  std::vector<NormalizedText> expected;
  for (const std::string& input : inputs) {
    expected.push_back(N().Normalize(input));
  }
  constexpr int kThreads = 4;
  constexpr int kRounds = 2000;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        for (size_t i = 0; i < inputs.size(); ++i) {
          const NormalizedText got = N().Normalize(inputs[i]);
          if (got.canonical != expected[i].canonical ||
              got.search_key != expected[i].search_key) {
            ++mismatches[t];
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << t;
}

}  // namespace
}  // namespace pakn::classify
