// The orthography data behind PlaceToneMarks (vn_syllable.h), written as
// readable UTF-8 tables, and the lookup tables built from them once.
//
// Split from vn_syllable.cc only to keep both files short; the algorithm
// that reads these tables is there.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "classify/vn_syllable.h"
#include "unicode/normalizer2.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace pakn::classify::vn_syllable_internal {
namespace {

// The twelve vowel letters with their six tones, in the order of Tone
// (none, huyền, sắc, hỏi, ngã, nặng); the row is the vowel id.
constexpr std::string_view kVowelRows[2][kVowelCount] = {
    {"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
     "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ"},
    {"AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ",
     "OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ", "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ"}};

// Combining tone marks. In NFC text they survive only where no precomposed
// letter exists: a second tone stacked on a toned vowel, or a tone on a
// look-alike base letter.
constexpr std::pair<char32_t, Tone> kToneMarks[] = {
    {0x0300, kGrave}, {0x0301, kAcute}, {0x0309, kHook},
    {0x0303, kTilde}, {0x0323, kDot}};

// f j w z are letters Vietnamese does not use: they make a word foreign.
constexpr std::string_view kConsonants = "bcdghklmnpqrstvx";

// Onsets ('D' is đ). "gi" and "qu" count only when another vowel follows
// (già, quá); otherwise the i/u is the nucleus (gì, gìn). A lone "q" is not
// an onset.
constexpr std::string_view kOnsets[] = {
    "",  "b",  "c",  "ch", "d",  "D",   "g",  "gh", "gi", "h",
    "k", "kh", "l",  "m",  "n",  "ng",  "ngh", "nh", "p", "ph",
    "qu", "r", "s",  "t",  "th", "tr",  "v",  "x"};
static_assert(std::size(kOnsets) == kOnsetCount);

// Final consonants; the semivowels i y o u belong to the nucleus instead.
constexpr std::string_view kFinals[] = {"",   "c",  "ch", "m", "n",
                                        "ng", "nh", "p",  "t"};
static_assert(std::size(kFinals) == kFinalCount);

// Nuclei (1-3 vowels, glides included) and the vowel, counted from 0, that
// takes the tone; -1: the nucleus is not used that way. The positions follow
// the orthography: a vowel with a quality mark (ă â ê ô ơ ư) takes it, ơ in
// ươ; iê/yê/uô take it on the second letter; a final consonant pulls it to
// the last vowel; an open two-vowel nucleus takes it on the first, except
// oa/oe/uy, where the two styles differ; three open vowels, the middle one.
// A word whose nucleus is missing here is not Vietnamese and is left alone.
struct NucleusRule {
  std::string_view vowels;
  std::int8_t open_old;  // no final consonant, ToneStyle::kOld
  std::int8_t open_new;  // no final consonant, ToneStyle::kNew
  std::int8_t closed;    // before a final consonant
};
constexpr NucleusRule kNuclei[] = {
    // Single vowels (open ă/â only occur as letter names; harmless).
    {"a", 0, 0, 0}, {"ă", 0, 0, 0}, {"â", 0, 0, 0}, {"e", 0, 0, 0},
    {"ê", 0, 0, 0}, {"i", 0, 0, 0}, {"o", 0, 0, 0}, {"ô", 0, 0, 0},
    {"ơ", 0, 0, 0}, {"u", 0, 0, 0}, {"ư", 0, 0, 0}, {"y", 0, 0, 0},
    // Vowel + glide, never closed: mái máy cáo sáu đấu cấy kéo nếu xíu mói
    // tối mới múi gửi cứu.
    {"ai", 0, 0, -1}, {"ay", 0, 0, -1}, {"ao", 0, 0, -1}, {"au", 0, 0, -1},
    {"âu", 0, 0, -1}, {"ây", 0, 0, -1}, {"eo", 0, 0, -1}, {"êu", 0, 0, -1},
    {"iu", 0, 0, -1}, {"oi", 0, 0, -1}, {"ôi", 0, 0, -1}, {"ơi", 0, 0, -1},
    {"ui", 0, 0, -1}, {"ưi", 0, 0, -1}, {"ưu", 0, 0, -1},
    // Diphthongs spelled open: mía của cửa.
    {"ia", 0, 0, -1}, {"ua", 0, 0, -1}, {"ưa", 0, 0, -1},
    // The style switch: hòa/hoà khỏe/khoẻ thủy/thuỷ; closed: toán khoét
    // huých.
    {"oa", 0, 1, 1}, {"oe", 0, 1, 1}, {"uy", 0, 1, 1},
    // Glide + vowel: thuế thuở; hoặc tuấn soóc need a final.
    {"uê", 1, 1, 1}, {"uơ", 1, 1, -1}, {"oă", -1, -1, 1},
    {"uâ", -1, -1, 1}, {"oo", -1, -1, 1},
    // Diphthongs with a final: tiếng yến muốn nước.
    {"iê", -1, -1, 1}, {"yê", -1, -1, 1}, {"uô", -1, -1, 1}, {"ươ", 1, 1, 1},
    // Three open vowels, the middle one: hiếu yếu ngoài xoáy ngoao ngoẹo
    // khuấy muối người rượu khuya khuỷu.
    {"iêu", 1, 1, -1}, {"yêu", 1, 1, -1}, {"oai", 1, 1, -1},
    {"oay", 1, 1, -1}, {"oao", 1, 1, -1}, {"oeo", 1, 1, -1},
    {"uây", 1, 1, -1}, {"uôi", 1, 1, -1}, {"ươi", 1, 1, -1},
    {"ươu", 1, 1, -1}, {"uya", 1, 1, -1}, {"uyu", 1, 1, -1},
    // Three vowels with a final, the last one: chuyện khuyết.
    {"uyê", -1, -1, 2},
};

// Letters drawn like a Latin letter, and the letter they stand for.
struct Lookalike {
  char32_t from;
  std::string_view to;
  std::uint8_t flag;
};
constexpr Lookalike kLookalikes[] = {
    // Eth and African D render like Đ/đ; they come from Western keyboards
    // and code pages without Đ. Repaired only inside a Vietnamese syllable,
    // since Icelandic and Faroese words use ð legitimately.
    {0x00D0, "Đ", kFromEth}, {0x00F0, "đ", kFromEth}, {0x0189, "Đ", kFromEth},
    // Cyrillic letters with Latin glyphs, left by a Russian layout or pasted
    // text (and ѐ, which NFC makes of Cyrillic е + grave).
    {0x0430, "a", kFromCyrillic}, {0x0435, "e", kFromCyrillic},
    {0x043E, "o", kFromCyrillic}, {0x0440, "p", kFromCyrillic},
    {0x0441, "c", kFromCyrillic}, {0x0445, "x", kFromCyrillic},
    {0x0443, "y", kFromCyrillic}, {0x0456, "i", kFromCyrillic},
    {0x0450, "è", kFromCyrillic}, {0x0410, "A", kFromCyrillic},
    {0x0412, "B", kFromCyrillic}, {0x0415, "E", kFromCyrillic},
    {0x041A, "K", kFromCyrillic}, {0x041C, "M", kFromCyrillic},
    {0x041D, "H", kFromCyrillic}, {0x041E, "O", kFromCyrillic},
    {0x0420, "P", kFromCyrillic}, {0x0421, "C", kFromCyrillic},
    {0x0422, "T", kFromCyrillic}, {0x0425, "X", kFromCyrillic},
    {0x0423, "Y", kFromCyrillic}, {0x0406, "I", kFromCyrillic},
    {0x0400, "È", kFromCyrillic},
};

CharInfo* Slot(Tables* t, UChar32 c) {
  return const_cast<CharInfo*>(Find(*t, c));
}

// Removes the first code point of *s and returns it.
UChar32 TakeCodePoint(std::string_view* s) {
  size_t i = 0;
  UChar32 c;
  U8_NEXT_OR_FFFD(reinterpret_cast<const uint8_t*>(s->data()), i, s->size(),
                  c);
  s->remove_prefix(i);
  return c;
}

void AddAscii(Tables* t) {
  for (UChar32 c = 0; c < 0x80; ++c) {
    CharInfo& info = t->ascii[c];
    info = FromProperties(c);
    if (info.kind != kForeignLetter) continue;
    info.value = static_cast<uint8_t>(c | 0x20);
    info.flags = (c < 'a' ? kUpper : 0) | kLatin;
    if (kConsonants.find(static_cast<char>(info.value)) != kConsonants.npos) {
      info.kind = kConsonant;
    }
  }
}

void AddVowelsAndMarks(Tables* t) {
  for (int upper = 0; upper < 2; ++upper) {
    for (int v = 0; v < kVowelCount; ++v) {
      std::string_view row = kVowelRows[upper][v];
      for (int tone = 0; tone < kToneCount; ++tone) {
        const UChar32 c = TakeCodePoint(&row);
        t->compose[upper][v][tone] = c;
        *Slot(t, c) = {kVowel, static_cast<uint8_t>(v),
                       static_cast<uint8_t>(tone),
                       static_cast<uint8_t>(upper ? kUpper : 0)};
      }
    }
  }
  *Slot(t, 0x0111) = {kConsonant, kDStroke, kNoTone, 0};
  *Slot(t, 0x0110) = {kConsonant, kDStroke, kNoTone, kUpper};
  for (const auto& [mark, tone] : kToneMarks) {
    *Slot(t, mark) = {kToneMark, 0, tone, 0};
  }
}

void AddLookalikes(Tables* t) {
  for (const Lookalike& l : kLookalikes) {
    std::string_view to = l.to;
    CharInfo info = Lookup(*t, TakeCodePoint(&to));
    info.flags = (info.flags & kUpper) | l.flag;
    *Slot(t, l.from) = info;
  }
  for (UChar32 c = 0xFF21; c <= 0xFF5A; ++c) {
    CharInfo info = Lookup(*t, c - kFullwidthOffset);
    if (info.kind != kNotWord) info.flags |= kFromFullwidth | kLatin;
    *Slot(t, c) = info;
  }
}

void AddSyllableParts(Tables* t) {
  for (const NucleusRule& rule : kNuclei) {
    int ids[3] = {kNoVowel, kNoVowel, kNoVowel};
    std::string_view rest = rule.vowels;
    for (int i = 0; !rest.empty(); ++i) {
      ids[i] = Lookup(*t, TakeCodePoint(&rest)).value;
    }
    t->nuclei[NucleusKey(ids[0], ids[1], ids[2])] = {
        true, rule.open_old, rule.open_new, rule.closed};
  }
  for (size_t i = 0; i < std::size(kOnsets); ++i) {
    t->onset_keys[i] = PackAscii(kOnsets[i]);
  }
  for (size_t i = 0; i < std::size(kFinals); ++i) {
    t->final_keys[i] = PackAscii(kFinals[i]);
  }
}

const Tables* BuildTables() {
  auto* t = new Tables;
  AddAscii(t);
  // Every letter in these blocks is Latin; the Vietnamese ones are refined
  // below, the rest stay foreign (but Latin, for the look-alike rule).
  for (UChar32 c = 0xC0; c < 0x250; ++c) *Slot(t, c) = FromProperties(c);
  for (UChar32 c = 0x1E00; c < 0x1F00; ++c) *Slot(t, c) = FromProperties(c);
  for (CharInfo& info : t->latin) info.flags |= kLatin;
  for (CharInfo& info : t->latin_ext) info.flags |= kLatin;
  for (UChar32 c = 0x300; c < 0x370; ++c) *Slot(t, c) = FromProperties(c);
  for (UChar32 c = 0x400; c < 0x460; ++c) *Slot(t, c) = FromProperties(c);
  AddVowelsAndMarks(t);
  AddLookalikes(t);
  AddSyllableParts(t);
  UErrorCode status = U_ZERO_ERROR;
  t->nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) t->nfc = nullptr;
  return t;
}

}  // namespace

CharInfo FromProperties(int32_t c) {
  const uint32_t mask = U_GET_GC_MASK(c);
  CharInfo info;
  if (mask & U_GC_L_MASK) info.kind = kForeignLetter;
  if (mask & U_GC_M_MASK) info.kind = kForeignMark;
  return info;
}

std::string_view LookalikeLatin(char32_t c) {
  for (const Lookalike& l : kLookalikes) {
    if (l.from == c && l.flag == kFromCyrillic) return l.to;
  }
  return {};
}

const Tables& GetTables() {
  static const Tables* const tables = BuildTables();  // never freed
  return *tables;
}

}  // namespace pakn::classify::vn_syllable_internal
