// Vietnamese tone-mark placement and look-alike repair, one syllable at a
// time.
//
// Purpose: petitions arrive typed with different keyboards and habits, so the
// same word shows up as "hòa" and "hoà", with the mark on the wrong vowel
// ("hóan"), with two marks ("tíếng"), or with a Cyrillic "о" or an Icelandic
// "Ð" that looks right on screen. PlaceToneMarks writes every Vietnamese
// syllable the way the office's chosen style wants it and reports each
// repair; anything that is not a Vietnamese syllable is copied unchanged.
//
// Contract:
//  * Input is NFC UTF-8 (ill-formed bytes are copied through untouched).
//    Output is NFC UTF-8 and has the same bytes as the input outside the
//    words that were rewritten.
//  * A word is a maximal run of letters and the combining marks that follow
//    them. It is rewritten only if it parses as one Vietnamese syllable
//    (onset, a 1-3 vowel nucleus from the table in vn_syllable.cc, final
//    consonant) or, for Cyrillic/fullwidth look-alikes only, if it is
//    otherwise written in Latin letters.
//  * Whitespace-separated tokens that look machine-made are never touched:
//    those with a digit (ASCII or fullwidth), one of / \ @ _ = # % & ~, a ':'
//    followed by a letter, digit or '/', or a "www." prefix. A ':' that ends
//    a token ("Kính gửi:") is prose.
//  * A syllable keeps exactly one tone mark. With two or more, the last one
//    in reading order survives (for a stacked mark, the combining one), as an
//    IME applies the most recent tone key; the others are dropped.
//  * Letter case is kept letter by letter (HÒA <-> HOÀ, Hòa <-> Hoà).
//  * Repair kinds, one Repair per kind per rewritten word occurrence:
//      "tone:style"    the mark sat where the other ToneStyle puts it
//      "tone:moved"    the mark sat on a vowel neither style uses
//      "tone:doubled"  two or more marks, all but the last dropped
//      "lookalike:U+00D0" / "lookalike:U+00F0" / "lookalike:U+0189"
//                      Ð ð Ɖ replaced by Đ/đ (only in a Vietnamese syllable)
//      "lookalike:cyrillic"   Cyrillic а е о р с х у і ... replaced
//      "lookalike:fullwidth"  Ａ..ｚ replaced by ASCII
//
// The orthography (vowels, onsets, finals, nuclei with their tone position,
// look-alikes) is data in vn_syllable_tables.cc; vn_syllable.cc holds the
// algorithm.
//
// Thread safety: both functions are pure. Their lookup tables are built
// once, on first use, behind a function-local static, and are read-only
// afterwards; any number of threads may call concurrently.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "unicode/uversion.h"

// ICU's namespace is versioned (icu_72); this is ICU's sanctioned way to
// forward-declare without pulling normalizer2.h into every includer.
U_NAMESPACE_BEGIN
class Normalizer2;
U_NAMESPACE_END

namespace pakn::classify {

// Where the tone of an open syllable with nucleus oa, oe or uy goes.
enum class ToneStyle {
  kOld,  // "traditional", the office default: hòa, khỏe, thủy
  kNew,  // on the main vowel: hoà, khoẻ, thuỷ
};

struct Repair {
  std::string kind;         // see the list above
  std::string original;     // the word as it was in the input
  std::string replacement;  // the word as written to the output
  std::size_t offset = 0;   // byte offset of the word in the input
};

// Rewrites the Vietnamese syllables of `nfc_text` as described above and,
// when `repairs` is non-null, appends what was changed to it.
std::string PlaceToneMarks(std::string_view nfc_text,
                           ToneStyle style = ToneStyle::kOld,
                           std::vector<Repair>* repairs = nullptr);

// Cheap byte scan. Returns false only when PlaceToneMarks would certainly
// return `nfc_text` unchanged (no toned Vietnamese vowel, combining tone mark
// or look-alike letter anywhere, e.g. pure ASCII); true means "maybe".
bool MayNeedToneWork(std::string_view nfc_text);

namespace vn_syllable_internal {
// Lookup tables shared by vn_syllable.cc (the algorithm) and
// vn_syllable_tables.cc (the orthography data they are built from). Not for
// use outside these two files.

// Tones: ngang (none), huyền, sắc, hỏi, ngã, nặng.
enum Tone : std::uint8_t { kNoTone, kGrave, kAcute, kHook, kTilde, kDot };
inline constexpr int kToneCount = 6;
// Vowel ids: a ă â e ê i o ô ơ u ư y.
inline constexpr int kVowelCount = 12;
inline constexpr std::uint8_t kVowelI = 5;
inline constexpr std::uint8_t kVowelU = 9;
inline constexpr int kNoVowel = kVowelCount;  // pads nuclei shorter than 3
// Consonants are lower-case ASCII; đ is 'D' so that onsets stay ASCII.
inline constexpr char kDStroke = 'D';
inline constexpr int kOnsetCount = 28;
inline constexpr int kFinalCount = 9;

// CharInfo::flags.
inline constexpr std::uint8_t kUpper = 1;
inline constexpr std::uint8_t kFromEth = 2;        // Ð ð Ɖ standing for Đ đ
inline constexpr std::uint8_t kFromCyrillic = 4;   // Cyrillic for Latin
inline constexpr std::uint8_t kFromFullwidth = 8;  // Ａ..ｚ standing for A..z
inline constexpr std::uint8_t kLatin = 16;  // foreign letter, known Latin
inline constexpr std::uint8_t kLookalikeMask =
    kFromEth | kFromCyrillic | kFromFullwidth;
// Fullwidth Latin letters U+FF21..FF3A / U+FF41..FF5A are ASCII + 0xFEE0.
inline constexpr char32_t kFullwidthOffset = 0xFEE0;

enum Kind : std::uint8_t {
  kNotWord,        // ends a word: space, punctuation, digit, symbol
  kForeignLetter,  // a letter Vietnamese does not use: f, ñ, ж, 漢
  kForeignMark,    // a combining mark other than the five tone marks
  kVowel,
  kConsonant,
  kToneMark,
};

struct CharInfo {
  Kind kind = kNotWord;
  std::uint8_t value = 0;  // vowel id (kVowel), lower-case ASCII (kConsonant)
  std::uint8_t tone = kNoTone;
  std::uint8_t flags = 0;
};

// Tone position (0-based vowel of the nucleus), -1 when not used that way.
struct NucleusSlot {
  bool valid = false;
  std::int8_t open_old = -1;  // no final consonant, ToneStyle::kOld
  std::int8_t open_new = -1;  // no final consonant, ToneStyle::kNew
  std::int8_t closed = -1;    // before a final consonant
};

inline int NucleusKey(int v0, int v1, int v2) {
  return (v0 * (kNoVowel + 1) + v1) * (kNoVowel + 1) + v2;
}

struct Tables {
  std::array<CharInfo, 0x80> ascii;
  std::array<CharInfo, 0x250 - 0xC0> latin;  // Latin-1 .. Latin Extended-B
  std::array<CharInfo, 0x70> marks;          // U+0300..U+036F
  std::array<CharInfo, 0x60> cyrillic;       // U+0400..U+045F
  std::array<CharInfo, 0x100> latin_ext;     // U+1E00..U+1EFF
  std::array<CharInfo, 0x3A> fullwidth;      // U+FF21..U+FF5A
  char32_t compose[2][kVowelCount][kToneCount];  // [upper][vowel][tone]
  std::array<NucleusSlot, (kNoVowel + 1) * (kNoVowel + 1) * (kNoVowel + 1)>
      nuclei;  // by NucleusKey
  std::array<std::uint32_t, kOnsetCount> onset_keys;  // PackAscii(onset)
  std::array<std::uint32_t, kFinalCount> final_keys;
  const icu::Normalizer2* nfc = nullptr;  // ICU singleton, not owned
};

// Built on first use (thread-safe static initialization), never freed.
const Tables& GetTables();

// Classification of a code point outside the tables, from ICU properties.
CharInfo FromProperties(std::int32_t c);

// The Latin spelling of a Cyrillic look-alike, "" for other code points.
std::string_view LookalikeLatin(char32_t c);

// Letters of up to four ASCII characters as one integer.
inline constexpr std::uint32_t PackAscii(std::string_view s) {
  std::uint32_t key = 0;
  for (char c : s) key = (key << 8) | static_cast<std::uint8_t>(c);
  return key;
}

// The table entry of `c`, or nullptr outside the tabulated ranges.
inline const CharInfo* Find(const Tables& t, std::int32_t c) {
  if (c < 0x80) return c < 0 ? nullptr : &t.ascii[c];
  if (c < 0xC0) return nullptr;
  if (c < 0x250) return &t.latin[c - 0xC0];
  if (c >= 0x300 && c < 0x370) return &t.marks[c - 0x300];
  if (c >= 0x400 && c < 0x460) return &t.cyrillic[c - 0x400];
  if (c >= 0x1E00 && c < 0x1F00) return &t.latin_ext[c - 0x1E00];
  if (c >= 0xFF21 && c <= 0xFF5A) return &t.fullwidth[c - 0xFF21];
  return nullptr;
}

inline CharInfo Lookup(const Tables& t, std::int32_t c) {
  const CharInfo* info = Find(t, c);
  return info != nullptr ? *info : FromProperties(c);
}

}  // namespace vn_syllable_internal
}  // namespace pakn::classify
