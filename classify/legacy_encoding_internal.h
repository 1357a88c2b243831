// Internals shared by the legacy_encoding*.cc files and their test: byte
// tables, Vietnamese letter (de)composition, the syllable checker and small
// UTF-8 helpers. Not part of the public API; see legacy_encoding.h.
//
// Thread safety: everything here is a pure function or an immutable table
// (lazily built tables use function-local statics, whose initialization C++
// makes thread-safe).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "classify/legacy_encoding.h"

namespace pakn::classify::legacy_internal {

// ---- Tables (legacy_encoding_tables.cc, generated) -------------------------

extern const char32_t kVisciiTable[256];
extern const char32_t kTcvn3Table[256];
extern const char32_t kCp1258Table[256];
extern const char32_t kCp1252Table[256];

struct VietLetterRow {
  char32_t cp;
  char base;  // a e i o u y d, upper case for capitals
  std::uint8_t mod;
  std::uint8_t tone;
};
extern const VietLetterRow kVietLetters[146];

// ---- Vietnamese letters ----------------------------------------------------

enum Modifier : std::uint8_t {
  kNoModifier = 0,
  kBreve = 1,       // ă
  kCircumflex = 2,  // â ê ô
  kHorn = 3,        // ơ ư
  kStroke = 4,      // đ
};

enum Tone : std::uint8_t {
  kNoTone = 0,
  kGrave = 1,  // huyền
  kAcute = 2,  // sắc
  kHook = 3,   // hỏi
  kTilde = 4,  // ngã
  kDot = 5,    // nặng
};

// A Latin letter as Vietnamese sees it: a lower-case ASCII base plus marks.
struct Letter {
  char base = 0;  // 'a'..'z'
  std::uint8_t mod = kNoModifier;
  std::uint8_t tone = kNoTone;
  bool upper = false;
};

// ASCII letters and Vietnamese letters; false for anything else (including
// Latin letters Vietnamese does not use, such as ü or ñ).
bool DecomposeLetter(char32_t c, Letter* out);
// The code point for `l`, or 0 when Unicode has no such precomposed letter.
char32_t ComposeLetter(const Letter& l);
// The Vietnamese combining marks (U+0300 U+0301 U+0303 U+0309 U+0323 as
// tones, U+0302 U+0306 U+031B as modifiers). False for other code points.
bool MarkOf(char32_t mark, std::uint8_t* mod, std::uint8_t* tone);
// `base` with `mark` applied, or 0 when that is not a Vietnamese letter.
char32_t ComposeWithMark(char32_t base, char32_t mark);
inline bool IsAsciiLetter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// ---- Syllables -------------------------------------------------------------

struct SyllableCheck {
  bool valid = false;
  bool has_diacritic = false;  // some letter has a modifier, tone or is đ
};

// Whether `letters` (already split into Letter, any case) spells one
// Vietnamese syllable: initial consonant, vowel nucleus and final from the
// orthography's inventories, c/k, g/gh, ng/ngh spelling rules, ă/â only in
// closed syllables, at most one tone, and stop finals (c ch p t) only with
// the acute or dot-below tone.
SyllableCheck CheckSyllable(const Letter* letters, std::size_t n);

struct WordCheck {
  int subwords = 0;  // runs of word characters
  bool valid = false;          // subwords > 0 and every one is a syllable
  bool has_diacritic = false;  // some subword has a diacritic
};

// Splits a UTF-8 token into runs of word characters and checks each. With
// `decoded` false (text as it arrived), every non-ASCII character outside
// General Punctuation counts as a word character, so mojibake such as "hoµ"
// stays one (invalid) word; with `decoded` true, Latin-1 symbols, General
// Punctuation and other symbol blocks separate words.
WordCheck CheckWord(std::string_view utf8, bool decoded);

// ---- Decoding --------------------------------------------------------------

// One VNI-Windows byte: a letter (or other character), or, when letter is 0,
// a mark (modifier and/or tone) for the preceding base letter.
struct VniByte {
  char32_t letter;
  std::uint8_t mod;
  std::uint8_t tone;
};
VniByte VniEntry(std::uint8_t b);

// Decodes bytes in `e`, appending UTF-8 to *out and composing Vietnamese
// marks with their base letters.
void DecodeBytes(std::string_view bytes, LegacyEncoding e, std::string* out);

// ---- UTF-8 and Windows-1252 ------------------------------------------------

void AppendUtf8(char32_t c, std::string* out);
// Decodes the code point at s[*i] and advances *i (by at least one byte);
// ill-formed input yields U+FFFD for one byte.
char32_t NextCodePoint(std::string_view s, std::size_t* i);
bool IsValidUtf8(std::string_view s);
// The byte a Windows-1252 or ISO-8859-1 decoder turned into `c` (C1 controls
// U+0080-U+009F count as the Latin-1 reading), or -1.
int EncodeCp1252(char32_t c);

// The six C0 bytes VISCII uses for capital letters.
inline bool IsVisciiControl(char32_t c) {
  return c == 0x02 || c == 0x05 || c == 0x06 || c == 0x14 || c == 0x19 ||
         c == 0x1E;
}

}  // namespace pakn::classify::legacy_internal
