// Tests for legacy_encoding.h. Expected values come from references, not
// from this code's output: the glibc charmaps and glibc iconv (VISCII,
// TCVN5712-1, CP1252, CP1258), Python's cp1252 codec (for mojibake
// inputs), the examples of the specification, and Vietnamese words whose
// spelling is known (VNI, which has no machine-readable reference).
#include "classify/legacy_encoding.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "classify/legacy_encoding_internal.h"
#include "gtest/gtest.h"

namespace pakn::classify {
namespace {

using E = LegacyEncoding;

std::string Byte(int b) { return std::string(1, static_cast<char>(b)); }

// UTF-8 of one code point, written independently of the unit under test.
std::string Utf8(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

// Decodes each byte first..first+expected.size()-1 alone and compares it
// with the code point at the same position of `expected`.
void ExpectBytes(E e, int first, std::u32string_view expected) {
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const int b = first + static_cast<int>(i);
    SCOPED_TRACE(testing::Message() << LegacyEncodingName(e) << " byte 0x"
                                    << std::hex << b);
    EXPECT_EQ(DecodeLegacy(Byte(b), e), Utf8(expected[i]));
  }
}

// First, so that the lazily built tables are built under contention.
TEST(LegacyEncodingTest, ConcurrentCallsAgree) {
  const std::string tcvn3 = "C\xE9ng ho\xB5 x\xB7 h\xE9i";
  const std::string vni = "Tr\xF6\xF4\xF8ng";
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        failures[t] += DecodeLegacy(tcvn3, E::kTcvn3) != "Cộng hoà xã hội";
        failures[t] += DecodeLegacy(vni, E::kVni) != "Trường";
        const std::optional<MojibakeRepair> r = RepairMojibake("Céng hoµ x· héi");
        failures[t] += !r || r->text != "Cộng hoà xã hội";
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures, std::vector<int>(4, 0));
}

// ---- Names -----------------------------------------------------------------

TEST(LegacyEncodingTest, Names) {
  EXPECT_EQ(LegacyEncodingName(E::kTcvn3), "tcvn3");
  EXPECT_EQ(LegacyEncodingName(E::kVni), "vni");
  EXPECT_EQ(LegacyEncodingName(E::kViscii), "viscii");
  EXPECT_EQ(LegacyEncodingName(E::kCp1258), "cp1258");
}

// ---- Byte tables (glibc iconv / charmaps) ----------------------------------

TEST(LegacyEncodingTest, VisciiHighBytes) {
  ExpectBytes(E::kViscii, 0x80,
              U"ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐ"
              U"ỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"
              U"Õắằặấầẩậẽẹếềểễệố"
              U"ồổỗỠƠộờởịỰỨỪỬơớƯ"
              U"ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳ"
              U"ĐứÒÓÔạỷừửÙÚỹỵÝỡư"
              U"àáâãảăữẫèéêẻìíĩỉ"
              U"đựòóôõỏọụùúũủýợỮ");
}

TEST(LegacyEncodingTest, VisciiControlBytesAreCapitals) {
  const std::pair<int, const char*> kCases[] = {
      {0x02, "Ẳ"}, {0x05, "Ẵ"}, {0x06, "Ẫ"},
      {0x14, "Ỷ"}, {0x19, "Ỹ"}, {0x1E, "Ỵ"},
  };
  for (const auto& [b, want] : kCases) {
    EXPECT_EQ(DecodeLegacy(Byte(b), E::kViscii), want) << b;
  }
}

TEST(LegacyEncodingTest, Tcvn3HighBytes) {
  // 0xB0-0xB4 are TCVN 5712's combining tone marks.
  ExpectBytes(E::kTcvn3, 0xA0,
              U"\u00A0ĂÂÊÔƠƯĐăâêôơưđẰ"
              U"\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"
              U"ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"
              U"éẹềểễếệìỉỄẾỒĩíịò"
              U"Ổỏõóọồổỗốộờởỡớợù"
              U"ỖủũúụừửữứựỳỷỹýỵỐ");
}

TEST(LegacyEncodingTest, Tcvn3UsesWindows1252PunctuationBelowA0) {
  ExpectBytes(E::kTcvn3, 0x80,
              U"€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD"
              U"\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ");
}

TEST(LegacyEncodingTest, Cp1258HighBytes) {
  ExpectBytes(E::kCp1258, 0x80,
              U"€\uFFFD‚ƒ„…†‡ˆ‰\uFFFD‹Œ\uFFFD\uFFFD\uFFFD"
              U"\uFFFD‘’“”•–—˜™\uFFFD›œ\uFFFD\uFFFDŸ"
              U"\u00A0¡¢£¤¥¦§¨©ª«¬\u00AD®¯"
              U"°±²³´µ¶·¸¹º»¼½¾¿"
              U"ÀÁÂĂÄÅÆÇÈÉÊË\u0300ÍÎÏ"
              U"ĐÑ\u0309ÓÔƠÖ×ØÙÚÛÜƯ\u0303ß"
              U"àáâăäåæçèéêë\u0301íîï"
              U"đñ\u0323óôơö÷øùúûüư₫ÿ");
}

TEST(LegacyEncodingTest, AsciiIsIdentityExceptVisciiLetters) {
  for (int b = 0; b < 0x80; ++b) {
    SCOPED_TRACE(b);
    EXPECT_EQ(DecodeLegacy(Byte(b), E::kTcvn3), Byte(b));
    EXPECT_EQ(DecodeLegacy(Byte(b), E::kVni), Byte(b));
    EXPECT_EQ(DecodeLegacy(Byte(b), E::kCp1258), Byte(b));
    if (b != 0x02 && b != 0x05 && b != 0x06 && b != 0x14 && b != 0x19 &&
        b != 0x1E) {
      EXPECT_EQ(DecodeLegacy(Byte(b), E::kViscii), Byte(b));
    }
  }
}

// Every byte decodes to well-formed UTF-8, whatever the encoding.
TEST(LegacyEncodingTest, DecodingIsTotal) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  for (E e : {E::kTcvn3, E::kVni, E::kViscii, E::kCp1258}) {
    const std::string out = DecodeLegacy(all, e);
    EXPECT_GE(out.size(), all.size()) << LegacyEncodingName(e);
    EXPECT_EQ(DetectLegacyEncoding(out), std::nullopt)  // i.e. valid UTF-8
        << LegacyEncodingName(e);
  }
}

// VNI keeps the Windows-1252 characters it does not redefine.
TEST(LegacyEncodingTest, VniOtherBytesAreWindows1252) {
  ExpectBytes(E::kVni, 0x80,
              U"€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD"
              U"\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ"
              U"\u00A0¡¢£¤¥¦§¨©ª«¬\u00AD®¯"
              U"°±²³´µ¶·¸¹º»¼½¾¿");
  const std::pair<int, const char*> kCases[] = {
      {0xC7, "Ç"}, {0xD0, "Ð"}, {0xD7, "×"}, {0xDD, "Ý"}, {0xDE, "Þ"},
      {0xDF, "ß"}, {0xE7, "ç"}, {0xF0, "ð"}, {0xF7, "÷"}, {0xFD, "ý"},
      {0xFE, "þ"}, {0xFF, "ÿ"},
  };
  for (const auto& [b, want] : kCases) {
    EXPECT_EQ(DecodeLegacy(Byte(b), E::kVni), want) << b;
  }
}

// VNI single-byte letters (lower case; upper case is the byte minus 0x20).
TEST(LegacyEncodingTest, VniSingleByteLetters) {
  const std::pair<int, const char*> kCases[] = {
      {0xF4, "ơ"}, {0xF6, "ư"}, {0xF1, "đ"}, {0xED, "í"}, {0xEC, "ì"},
      {0xE6, "ỉ"}, {0xF3, "ĩ"}, {0xF2, "ị"}, {0xEE, "ỵ"}, {0xD4, "Ơ"},
      {0xD6, "Ư"}, {0xD1, "Đ"}, {0xCD, "Í"}, {0xCC, "Ì"}, {0xC6, "Ỉ"},
      {0xD3, "Ĩ"}, {0xD2, "Ị"}, {0xCE, "Ỵ"},
  };
  for (const auto& [b, want] : kCases) {
    EXPECT_EQ(DecodeLegacy(Byte(b), E::kVni), want) << b;
  }
}

// VNI mark bytes after a base letter: lower-case marks after "a"/"e"/"o",
// upper-case marks after "A".
TEST(LegacyEncodingTest, VniMarkBytes) {
  const std::pair<std::string, const char*> kCases[] = {
      {"a" + Byte(0xF9), "á"}, {"a" + Byte(0xF8), "à"}, {"a" + Byte(0xFB), "ả"},
      {"a" + Byte(0xF5), "ã"}, {"a" + Byte(0xEF), "ạ"}, {"a" + Byte(0xE2), "â"},
      {"a" + Byte(0xE1), "ấ"}, {"a" + Byte(0xE0), "ầ"}, {"a" + Byte(0xE5), "ẩ"},
      {"a" + Byte(0xE3), "ẫ"}, {"a" + Byte(0xE4), "ậ"}, {"a" + Byte(0xEA), "ă"},
      {"a" + Byte(0xE9), "ắ"}, {"a" + Byte(0xE8), "ằ"}, {"a" + Byte(0xFA), "ẳ"},
      {"a" + Byte(0xFC), "ẵ"}, {"a" + Byte(0xEB), "ặ"}, {"e" + Byte(0xE4), "ệ"},
      {"o" + Byte(0xE2), "ô"}, {"A" + Byte(0xD9), "Á"}, {"A" + Byte(0xD8), "À"},
      {"A" + Byte(0xDB), "Ả"}, {"A" + Byte(0xD5), "Ã"}, {"A" + Byte(0xCF), "Ạ"},
      {"A" + Byte(0xC2), "Â"}, {"A" + Byte(0xC1), "Ấ"}, {"A" + Byte(0xC0), "Ầ"},
      {"A" + Byte(0xC5), "Ẩ"}, {"A" + Byte(0xC3), "Ẫ"}, {"A" + Byte(0xC4), "Ậ"},
      {"A" + Byte(0xCA), "Ă"}, {"A" + Byte(0xC9), "Ắ"}, {"A" + Byte(0xC8), "Ằ"},
      {"A" + Byte(0xDA), "Ẳ"}, {"A" + Byte(0xDC), "Ẵ"}, {"A" + Byte(0xCB), "Ặ"},
  };
  for (const auto& [bytes, want] : kCases) {
    EXPECT_EQ(DecodeLegacy(bytes, E::kVni), want) << want;
  }
}

// ---- Syllables (the judge behind detection and repair) --------------------

struct SyllableCase {
  const char* word;
  bool valid;
};

class SyllableTest : public testing::TestWithParam<SyllableCase> {};

TEST_P(SyllableTest, Checks) {
  EXPECT_EQ(legacy_internal::CheckWord(GetParam().word, true).valid,
            GetParam().valid)
      << GetParam().word;
}

INSTANTIATE_TEST_SUITE_P(
    Orthography, SyllableTest,
    testing::Values(
        SyllableCase{"nghiêng", true}, SyllableCase{"người", true},
        SyllableCase{"quốc", true}, SyllableCase{"giữa", true},
        SyllableCase{"khuya", true}, SyllableCase{"thuở", true},
        SyllableCase{"xoong", true}, SyllableCase{"hoặc", true},
        SyllableCase{"Quỳnh", true}, SyllableCase{"ĐẮK", true},
        SyllableCase{"gì", true}, SyllableCase{"ghế", true},
        SyllableCase{"kỹ", true}, SyllableCase{"ở", true},
        SyllableCase{"céng", false},  // c never before e
        SyllableCase{"kan", false},   // k only before e ê i y
        SyllableCase{"ngé", false},   // ngh before e
        SyllableCase{"tôt", false},   // stop final needs acute or dot
        SyllableCase{"thàc", false}, SyllableCase{"ă", false},  // ă is closed
        SyllableCase{"ing", false}, SyllableCase{"Straße", false},
        SyllableCase{"café", false}, SyllableCase{"lỔ", false},
        SyllableCase{"aá", false}));  // two tones

// As it arrived, every non-ASCII character is part of a word ("hoµ" is one
// invalid word); after re-decoding, Latin-1 symbols separate words.
TEST(WordBoundaryTest, OriginalAndDecoded) {
  EXPECT_FALSE(legacy_internal::CheckWord("hoµ", false).valid);
  EXPECT_TRUE(legacy_internal::CheckWord("hoµ", true).valid);
  EXPECT_TRUE(legacy_internal::CheckWord("“Việt-Nam”,", false).valid);
}

// ---- Sentences -------------------------------------------------------------

struct DecodeCase {
  E encoding;
  std::string bytes;
  std::string want;
};

class DecodeTest : public testing::TestWithParam<DecodeCase> {};

TEST_P(DecodeTest, Decodes) {
  EXPECT_EQ(DecodeLegacy(GetParam().bytes, GetParam().encoding),
            GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Sentences, DecodeTest,
    testing::Values(
        // TCVN3, bytes written from the TCVN 5712 charmap.
        DecodeCase{E::kTcvn3,
                   "C\xE9ng ho\xB5 x\xB7 h\xE9i ch\xF1 ngh\xDC"
                   "a Vi\xD6t Nam",
                   "Cộng hoà xã hội chủ nghĩa Việt Nam"},
        DecodeCase{E::kTcvn3, "\xA7\xE9" "c l\xCBp - T\xF9 do - H\xB9nh ph\xF3" "c",
                   "Độc lập - Tự do - Hạnh phúc"},
        DecodeCase{E::kTcvn3, "ng\xAD\xEAi d\xA9n", "người dân"},
        DecodeCase{E::kTcvn3,
                   "\xAE\xD2 ngh\xDE gi\xB6i quy\xD5t \xAE\xAC" "n c\xF1" "a",
                   "đề nghị giải quyết đơn của"},
        // "H" fonts: capitals share the lower-case bytes.
        DecodeCase{E::kTcvn3, "C\xE9NG HO\xB5", "CộNG HOà"},
        DecodeCase{E::kTcvn3, "\x93Vi\xD6t\x94 \x96 \x85", "“Việt” – …"},
        // VNI-Windows, words of known spelling.
        DecodeCase{E::kVni, "Vie\xE4t Nam", "Việt Nam"},
        DecodeCase{E::kVni, "Tr\xF6\xF4\xF8ng", "Trường"},
        DecodeCase{E::kVni,
                   "Co\xE4ng ho\xF8" "a xa\xF5 ho\xE4i chu\xFB ngh\xF3" "a",
                   "Cộng hòa xã hội chủ nghĩa"},
        DecodeCase{E::kVni, "\xD1" "a\xF8 Na\xFCng", "Đà Nẵng"},
        DecodeCase{E::kVni, "Tha\xF8nh pho\xE1 Ho\xE0 Ch\xED Minh",
                   "Thành phố Hồ Chí Minh"},
        DecodeCase{E::kVni, "ch\xE6 th\xF2", "chỉ thị"},
        DecodeCase{E::kVni, "Ba\xE9" "c a\xEAn tha\xFAng na\xEBng",
                   "Bắc ăn thẳng nặng"},
        DecodeCase{E::kVni, "the\xE5 thao Nguye\xE3n ho\xEF" "c co\xF9 cu\xFB" "a \xF1" "a\xF5",
                   "thể thao Nguyễn học có của đã"},
        DecodeCase{E::kVni, "\xF1\xF6\xF4\xEF" "c ng\xF6\xF4\xF8i",
                   "được người"},
        DecodeCase{E::kVni, "VIE\xC4T NAM TR\xD6\xD4\xD8NG", "VIỆT NAM TRƯỜNG"},
        DecodeCase{E::kVni,
                   "\xD1O\xC4" "C LA\xC4P - T\xD6\xCF DO - HA\xCFNH PHU\xD9" "C",
                   "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"},
        DecodeCase{E::kVni, "M\xEE Cha\xE2u", "Mỵ Châu"},
        // VISCII, from the charmap.
        DecodeCase{E::kViscii,
                   "C\xB5ng h\xF2" "a x\xE3 h\xB5i ch\xFC ngh\xEE" "a Vi\xAEt Nam",
                   "Cộng hòa xã hội chủ nghĩa Việt Nam"},
        DecodeCase{E::kViscii, "M\x1E CH\xC2U \x02NG", "MỴ CHÂU ẲNG"},
        // CP1258: base letters plus combining tones, composed.
        DecodeCase{E::kCp1258, "Vi\xEA\xF2t Nam", "Việt Nam"},
        DecodeCase{E::kCp1258, "Tr\xFD\xF5\xCCng", "Trường"},
        DecodeCase{E::kCp1258,
                   "\xD0\xEA\xCC nghi\xF2 gia\xD2i quy\xEA\xECt \xF0\xF5n cu\xD2"
                   "a ng\xFD\xF5\xCCi d\xE2n",
                   "Đề nghị giải quyết đơn của người dân"},
        DecodeCase{E::kCp1258, "\xD0\xE0 N\xE3\xDEng", "Đà Nẵng"},
        // A tone with nothing to compose with stays a combining mark.
        DecodeCase{E::kCp1258, "x\xEC", "x\u0301"},
        DecodeCase{E::kCp1258, "\x81", "\uFFFD"}));

// ---- Detection -------------------------------------------------------------

struct DetectCase {
  std::string bytes;
  std::optional<E> want;
};

class DetectTest : public testing::TestWithParam<DetectCase> {};

TEST_P(DetectTest, Detects) {
  EXPECT_EQ(DetectLegacyEncoding(GetParam().bytes), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    RawSamples, DetectTest,
    testing::Values(
        DetectCase{"C\xE9ng ho\xB5 x\xB7 h\xE9i ch\xF1 ngh\xDC" "a Vi\xD6t Nam",
                   E::kTcvn3},
        DetectCase{"\xAE\xD2 ngh\xDE gi\xB6i quy\xD5t \xAE\xAC" "n c\xF1" "a ng\xAD\xEAi d\xA9n",
                   E::kTcvn3},
        DetectCase{"Co\xE4ng ho\xF8" "a xa\xF5 ho\xE4i chu\xFB ngh\xF3" "a Vie\xE4t Nam",
                   E::kVni},
        DetectCase{"Tr\xF6\xF4\xF8ng \xF1" "a\xEF" "i ho\xEF" "c", E::kVni},
        DetectCase{"C\xB5ng h\xF2" "a x\xE3 h\xB5i ch\xFC ngh\xEE" "a Vi\xAEt Nam",
                   E::kViscii},
        DetectCase{"\xD0\xEA\xCC nghi\xF2 gia\xD2i quy\xEA\xECt \xF0\xF5n cu\xD2"
                   "a ng\xFD\xF5\xCCi d\xE2n",
                   E::kCp1258},
        // Not legacy Vietnamese: ASCII, UTF-8, Latin-1 French and German.
        DetectCase{"plain ascii text", std::nullopt},
        DetectCase{"Cộng hoà xã hội chủ nghĩa Việt Nam", std::nullopt},
        DetectCase{"Le caf\xE9 cr\xE8me est tr\xE8s bon", std::nullopt},
        DetectCase{"Stra\xDF" "e f\xFCr M\xFCnchen", std::nullopt},
        DetectCase{"\xFF\xFE\x01\x02\x80", std::nullopt}));

// ---- Mojibake repair -------------------------------------------------------

struct RepairCase {
  std::string input;
  std::string want;
  std::string kind;
};

class RepairTest : public testing::TestWithParam<RepairCase> {};

TEST_P(RepairTest, Repairs) {
  const std::optional<MojibakeRepair> r = RepairMojibake(GetParam().input);
  ASSERT_TRUE(r.has_value()) << GetParam().input;
  EXPECT_EQ(r->text, GetParam().want);
  EXPECT_EQ(r->kind, GetParam().kind);
  EXPECT_TRUE(MayBeMojibake(GetParam().input));
}

constexpr const char* kUtf8 = "mojibake:utf8-as-cp1252";

INSTANTIATE_TEST_SUITE_P(
    Kinds, RepairTest,
    testing::Values(
        // UTF-8 read as Windows-1252 (inputs from Python's cp1252 codec;
        // bytes it leaves undefined appear as C1 controls, as browsers do).
        RepairCase{"Viá»‡t Nam", "Việt Nam", kUtf8},
        RepairCase{"Cá»™ng hÃ²a xÃ£ há»™i chá»§ nghÄ©a Viá»‡t Nam",
                   "Cộng hòa xã hội chủ nghĩa Việt Nam", kUtf8},
        RepairCase{"Ä‘Æ°á»\u009Dng phá»‘", "đường phố", kUtf8},
        RepairCase{"Ã\u009D kiáº¿n cá»§a ngÆ°á»\u009Di dÃ¢n vá»\u0081 "
                   "Ä\u0090á»\u0081 Ã¡n",
                   "Ý kiến của người dân về Đề án", kUtf8},
        RepairCase{"Xin chÃ\u00A0o ðŸ‘‹ báº¡n", "Xin chào 👋 bạn", kUtf8},
        RepairCase{"ViÃ¡Â»â€¡t Nam", "Việt Nam", kUtf8},  // twice
        RepairCase{"Tôi ở Hà Nội, Ä‘á»‹a chá»‰ Viá»‡t Nam",
                   "Tôi ở Hà Nội, địa chỉ Việt Nam", kUtf8},
        // TCVN3 read as Windows-1252 (the specification's example).
        RepairCase{"Céng hoµ x· héi chñ nghÜa ViÖt Nam",
                   "Cộng hoà xã hội chủ nghĩa Việt Nam", "mojibake:tcvn3"},
        RepairCase{"§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc",
                   "mojibake:tcvn3"},
        RepairCase{"®Ò nghÞ gi¶i quyÕt ®¬n cña ng\u00ADêi d©n",
                   "đề nghị giải quyết đơn của người dân", "mojibake:tcvn3"},
        // Correct text around a broken phrase is kept.
        RepairCase{"Kính gửi: Céng hoµ x· héi chñ nghÜa ViÖt Nam.",
                   "Kính gửi: Cộng hoà xã hội chủ nghĩa Việt Nam.",
                   "mojibake:tcvn3"},
        RepairCase{"Tôi là người dân, Céng hoµ x· héi chñ nghÜa",
                   "Tôi là người dân, Cộng hoà xã hội chủ nghĩa",
                   "mojibake:tcvn3"},
        RepairCase{"Tôi là Céng hoµ x· héi", "Tôi là Cộng hoà xã hội",
                   "mojibake:tcvn3"},
        // Read as ISO-8859-1: TCVN3's curly quotes arrive as C1 controls.
        RepairCase{"\u0093ViÖt Nam\u0094 lµ mét n\u00ADíc",
                   "“Việt Nam” là một nước", "mojibake:tcvn3"},
        // Ill-formed bytes are copied through and end a span.
        RepairCase{"Céng hoµ \xFF x· héi", "Cộng hoà \xFF xã hội",
                   "mojibake:tcvn3"},
        // VNI read as Windows-1252.
        RepairCase{"Tröôøng ñaïi hoïc Baùch khoa", "Trường đại học Bách khoa",
                   "mojibake:vni"},
        RepairCase{"Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
                   "Cộng hòa xã hội chủ nghĩa Việt Nam", "mojibake:vni"},
        RepairCase{"ÑOÄC LAÄP - TÖÏ DO - HAÏNH PHUÙC",
                   "ĐỘC LẬP - TỰ DO - HẠNH PHÚC", "mojibake:vni"},
        // VISCII and CP1258 read as Windows-1252 (inputs via glibc iconv).
        RepairCase{"Cµng hòa xã hµi chü nghîa Vi®t Nam",
                   "Cộng hòa xã hội chủ nghĩa Việt Nam", "mojibake:viscii"},
        RepairCase{"Ð« ngh¸ giäi quyªt ð½n cüa ngß¶i dân",
                   "Đề nghị giải quyết đơn của người dân", "mojibake:viscii"},
        RepairCase{"Côòng hoÌa xaÞ hôòi chuÒ nghiÞa Viêòt Nam",
                   "Cộng hòa xã hội chủ nghĩa Việt Nam", "mojibake:cp1258"},
        RepairCase{"ÐêÌ nghiò giaÒi quyêìt ðõn cuÒa ngýõÌi dân",
                   "Đề nghị giải quyết đơn của người dân",
                   "mojibake:cp1258"}));

// Correct text in any language is left alone, byte for byte.
class PassThroughTest : public testing::TestWithParam<std::string> {};

TEST_P(PassThroughTest, LeftAlone) {
  EXPECT_EQ(RepairMojibake(GetParam()), std::nullopt) << GetParam();
  EXPECT_EQ(DecodeViqrIfDetected(GetParam()), std::nullopt) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(
    CleanText, PassThroughTest,
    testing::Values(
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
        "Kính gửi: Ủy ban nhân dân Xã Đông Thành. Tôi là cá nhân, có ý kiến.",
        "Tôi là Bà Hà, ở Huế, nhà có 120 m² đất, nhiệt độ 30°C.",
        "“Đơn đề nghị” – số 12/2024 … © UBND",
        "Le café est très bon, mais où est-ce ? À bientôt, l'été dernier.",
        "Je ne sais pas où il est ni où elle va, déjà vu, voilà.",
        "Straße, Größe, Übung für München und Köln. Schöne Grüße!",
        "¿Dónde está el niño? Mañana será otro día, señor.",
        "“NÃO” SÃO PAULO, «CAFÉ» CAFÉ”",
        "It's 5 o'clock. Who? Me. I'm fine, e.g. a.m. and p.m.",
        "Xin chào 👋🎉 ❤️ 👨‍👩‍👧",
        "中文测试，日本語のテキスト、한국어 문장입니다。",
        "for (int i = 0; i < n; ++i) { a[i] ^= b[i] + c; }",
        "https://example.com/a?b=c&d=%C3%A9#x",
        "a ± b == -- ± -- ×÷ µs ½ ¼",
        "більше «1», «2» і «3» нижче",
        "x^2 + y^2 = z^2; U+0028 and U+0029"));

TEST(MayBeMojibakeTest, CleanTextNeedsNoWork) {
  EXPECT_FALSE(MayBeMojibake(""));
  EXPECT_FALSE(MayBeMojibake("plain ascii"));
  EXPECT_FALSE(MayBeMojibake("Cộng hoà xã hội chủ nghĩa Việt Nam – “tốt”…"));
  EXPECT_FALSE(MayBeMojibake("Le café est très bon"));
  EXPECT_FALSE(MayBeMojibake("中文 👋"));
}

TEST(MayBeMojibakeTest, SignalsAreSeen) {
  EXPECT_TRUE(MayBeMojibake("Céng hoµ"));         // TCVN3
  EXPECT_TRUE(MayBeMojibake("Viá»‡t"));           // UTF-8
  EXPECT_TRUE(MayBeMojibake("Tröôøng"));          // VNI
  EXPECT_TRUE(MayBeMojibake("Viêòt"));            // CP1258 tone after vowel
  EXPECT_TRUE(MayBeMojibake("M\x1E CH\xC3\x82U"));  // VISCII control letter
  EXPECT_TRUE(MayBeMojibake("Ã“"));               // "Ó" as UTF-8 mojibake
}

// ---- VIQR ------------------------------------------------------------------

struct ViqrCase {
  std::string input;
  std::optional<std::string> want;
};

class ViqrTest : public testing::TestWithParam<ViqrCase> {};

TEST_P(ViqrTest, Decodes) {
  EXPECT_EQ(DecodeViqrIfDetected(GetParam().input), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Lines, ViqrTest,
    testing::Values(
        ViqrCase{"Tie^'ng Vie^.t", "Tiếng Việt"},
        ViqrCase{"Ha` No^.i", "Hà Nội"},
        ViqrCase{"Co^.ng ho`a xa~ ho^.i chu? nghi~a Vie^.t Nam",
                 "Cộng hòa xã hội chủ nghĩa Việt Nam"},
        ViqrCase{"Ddi.a chi?: so^' 5 ddu+o+`ng Le^ Lo+.i, qua^.n 1",
                 "Địa chỉ: số 5 đường Lê Lợi, quận 1"},
        ViqrCase{"Ba.n kho?e kho^ng\\?", "Bạn khỏe không?"},
        ViqrCase{"TRU+O+`NG DDA.I HO.C", "TRƯỜNG ĐẠI HỌC"},
        ViqrCase{"a(n uo^'ng, nga`y ma('t", "ăn uống, ngày mắt"},
        ViqrCase{"Xin cha`o ca'c ba.n\nWho? Me.",
                 "Xin chào các bạn\nWho? Me."},
        // Unescaped: '.' before a lower-case word is a tone, before a
        // capital a full stop.
        ViqrCase{"Ba` me. Ho. ddi la`m", "Bà me. Họ đi làm"},
        // Escaped punctuation (RFC 1456): every other '.' is a tone.
        ViqrCase{"Nha` ra^'t dde.p\\. Co^ Thi. Ha`",
                 "Nhà rất đẹp. Cô Thị Hà"},
        ViqrCase{"o^ng/ba` Tra^`n Thu Quy`nh, DDa('k La('k",
                 "ông/bà Trần Thu Quỳnh, Đắk Lắk"},
        // Not VIQR.
        ViqrCase{"Who?", std::nullopt},
        ViqrCase{"It's 5 o'clock.", std::nullopt},
        ViqrCase{"x^2", std::nullopt},
        ViqrCase{"I'm me. Go!", std::nullopt},
        ViqrCase{"C++ a+b i++ (a^b)", std::nullopt},
        ViqrCase{"Tie^'ng only one word here", std::nullopt},
        ViqrCase{"Hello world", std::nullopt}));

}  // namespace
}  // namespace pakn::classify
