// Vietnamese letters and syllables for legacy_encoding: letter
// (de)composition over the generated kVietLetters table, the syllable
// checker that decides whether a re-decoded word is Vietnamese, and the
// hand-written VNI-Windows byte table (no charmap exists for VNI).
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "classify/legacy_encoding_internal.h"

namespace pakn::classify::legacy_internal {
namespace {

constexpr char32_t kLowFirst = 0x00C0;
constexpr char32_t kLowEnd = 0x01B1;
constexpr char32_t kExtFirst = 0x1EA0;
constexpr char32_t kExtEnd = 0x1EFA;

int BaseIndex(char base) {
  switch (base) {
    case 'a': return 0;
    case 'e': return 1;
    case 'i': return 2;
    case 'o': return 3;
    case 'u': return 4;
    case 'y': return 5;
    case 'd': return 6;
    default: return -1;
  }
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }

// Lookup tables derived once from kVietLetters.
struct LetterTables {
  std::array<std::int16_t, kLowEnd - kLowFirst> low;  // row index or -1
  std::array<std::int16_t, kExtEnd - kExtFirst> ext;
  // [base][mod][tone][upper] -> code point (0: none)
  char32_t compose[7][5][6][2] = {};

  LetterTables() {
    low.fill(-1);
    ext.fill(-1);
    for (std::size_t i = 0; i < std::size(kVietLetters); ++i) {
      const VietLetterRow& row = kVietLetters[i];
      if (row.cp >= kLowFirst && row.cp < kLowEnd) {
        low[row.cp - kLowFirst] = static_cast<std::int16_t>(i);
      } else if (row.cp >= kExtFirst && row.cp < kExtEnd) {
        ext[row.cp - kExtFirst] = static_cast<std::int16_t>(i);
      }
      const bool upper = row.base >= 'A' && row.base <= 'Z';
      compose[BaseIndex(Lower(row.base))][row.mod][row.tone][upper] = row.cp;
    }
  }
};

const LetterTables& Tables() {
  static const LetterTables* const tables = new LetterTables();
  return *tables;
}

// ---- VNI-Windows -----------------------------------------------------------
//
// VNI writes a vowel as its ASCII base letter followed by one mark byte; the
// i-family, ư, ơ, đ and ỵ are single bytes. Mark bytes come in a lower-case
// set (0xE0-0xFF, used after lower-case bases) and an upper-case set (the
// same value minus 0x20). Entries with letter 0 are marks. Worked examples,
// shown as the Windows-1252 text a mis-decoding produces:
//   "Vieät" = Việt, "Tröôøng" = Trường, "Coäng hoøa xaõ hoäi chuû nghóa" =
//   Cộng hòa xã hội chủ nghĩa, "Ñaø Naüng" = Đà Nẵng, "chæ thò" = chỉ thị.
struct VniRow {
  std::uint8_t byte;
  VniByte entry;
};

constexpr VniRow kVniRows[] = {
    // Circumflex (â ê ô) alone and with each tone.
    {0xE2, {0, kCircumflex, kNoTone}},  // â: "aâ" = â, "eâ" = ê, "oâ" = ô
    {0xE1, {0, kCircumflex, kAcute}},   // á: "tieáng" = tiếng
    {0xE0, {0, kCircumflex, kGrave}},   // à: "Hoà" = Hồ
    {0xE5, {0, kCircumflex, kHook}},    // å: "theå" = thể
    {0xE3, {0, kCircumflex, kTilde}},   // ã: "Nguyeãn" = Nguyễn
    {0xE4, {0, kCircumflex, kDot}},     // ä: "Vieät" = Việt
    // Breve (ă) alone and with each tone.
    {0xEA, {0, kBreve, kNoTone}},  // ê: "aên" = ăn
    {0xE9, {0, kBreve, kAcute}},   // é: "Baéc" = Bắc
    {0xE8, {0, kBreve, kGrave}},   // è: "aèn" = ằn
    {0xFA, {0, kBreve, kHook}},    // ú: "thaúng" = thẳng
    {0xFC, {0, kBreve, kTilde}},   // ü: "Naüng" = Nẵng
    {0xEB, {0, kBreve, kDot}},     // ë: "naëng" = nặng
    // Tones on a plain vowel (or on ơ ư).
    {0xF9, {0, kNoModifier, kAcute}},  // ù: "coù" = có
    {0xF8, {0, kNoModifier, kGrave}},  // ø: "laø" = là
    {0xFB, {0, kNoModifier, kHook}},   // û: "cuûa" = của
    {0xF5, {0, kNoModifier, kTilde}},  // õ: "ñaõ" = đã
    {0xEF, {0, kNoModifier, kDot}},    // ï: "hoïc" = học
    // Single-byte letters.
    {0xF4, {0x01A1, 0, 0}},  // ô: ơ ("Tröôøng": ô after ö)
    {0xF6, {0x01B0, 0, 0}},  // ö: ư
    {0xF1, {0x0111, 0, 0}},  // ñ: đ
    {0xED, {0x00ED, 0, 0}},  // í: í ("Chí Minh")
    {0xEC, {0x00EC, 0, 0}},  // ì: ì ("Bình")
    {0xE6, {0x1EC9, 0, 0}},  // æ: ỉ ("chæ" = chỉ)
    {0xF3, {0x0129, 0, 0}},  // ó: ĩ ("nghóa" = nghĩa)
    {0xF2, {0x1ECB, 0, 0}},  // ò: ị ("thò" = thị)
    {0xEE, {0x1EF5, 0, 0}},  // î: ỵ
    // Upper-case set.
    {0xC2, {0, kCircumflex, kNoTone}},  // Â
    {0xC1, {0, kCircumflex, kAcute}},   // Á: "TIEÁNG" = TIẾNG
    {0xC0, {0, kCircumflex, kGrave}},   // À: "HOÀ" = HỒ
    {0xC5, {0, kCircumflex, kHook}},    // Å
    {0xC3, {0, kCircumflex, kTilde}},   // Ã
    {0xC4, {0, kCircumflex, kDot}},     // Ä: "VIEÄT" = VIỆT
    {0xCA, {0, kBreve, kNoTone}},       // Ê: "AÊN" = ĂN
    {0xC9, {0, kBreve, kAcute}},        // É
    {0xC8, {0, kBreve, kGrave}},        // È
    {0xDA, {0, kBreve, kHook}},         // Ú
    {0xDC, {0, kBreve, kTilde}},        // Ü
    {0xCB, {0, kBreve, kDot}},          // Ë
    {0xD9, {0, kNoModifier, kAcute}},   // Ù: "PHUÙC" = PHÚC
    {0xD8, {0, kNoModifier, kGrave}},   // Ø: "HOØA" = HÒA
    {0xDB, {0, kNoModifier, kHook}},    // Û: "CHUÛ" = CHỦ
    {0xD5, {0, kNoModifier, kTilde}},   // Õ: "XAÕ" = XÃ
    {0xCF, {0, kNoModifier, kDot}},     // Ï: "TÖÏ" = TỰ
    {0xD4, {0x01A0, 0, 0}},             // Ô: Ơ
    {0xD6, {0x01AF, 0, 0}},             // Ö: Ư
    {0xD1, {0x0110, 0, 0}},             // Ñ: Đ
    {0xCD, {0x00CD, 0, 0}},             // Í: Í
    {0xCC, {0x00CC, 0, 0}},             // Ì: Ì
    {0xC6, {0x1EC8, 0, 0}},             // Æ: Ỉ
    {0xD3, {0x0128, 0, 0}},             // Ó: Ĩ ("NGHÓA" = NGHĨA)
    {0xD2, {0x1ECA, 0, 0}},             // Ò: Ị
    {0xCE, {0x1EF4, 0, 0}},             // Î: Ỵ
};

const std::array<VniByte, 256>& VniTable() {
  static const std::array<VniByte, 256>* const table = [] {
    auto* t = new std::array<VniByte, 256>();
    // Bytes VNI does not redefine show the Windows-1252 glyph.
    for (int b = 0; b < 256; ++b) (*t)[b] = {kCp1252Table[b], 0, 0};
    for (const VniRow& row : kVniRows) (*t)[row.byte] = row.entry;
    return t;
  }();
  return *table;
}

// ---- Syllables -------------------------------------------------------------
//
// A syllable is rewritten as a string of one-character symbols: consonants
// as themselves ('D' for đ), plain vowels as themselves, and A = ă, B = â,
// E = ê, O = ô, P = ơ, U = ư.

char Symbol(const Letter& l) {
  switch (l.mod) {
    case kNoModifier: return l.base;
    case kBreve: return l.base == 'a' ? 'A' : 0;
    case kCircumflex:
      return l.base == 'a' ? 'B' : l.base == 'e' ? 'E' : l.base == 'o' ? 'O' : 0;
    case kHorn: return l.base == 'o' ? 'P' : l.base == 'u' ? 'U' : 0;
    case kStroke: return l.base == 'd' ? 'D' : 0;
    default: return 0;
  }
}

bool IsVowelSymbol(char s) {
  return std::string_view("aeiouyABEOPU").find(s) != std::string_view::npos;
}

bool OneOf(std::string_view s, std::initializer_list<std::string_view> set) {
  for (std::string_view x : set) {
    if (s == x) return true;
  }
  return false;
}

// Nuclei (with glides) that may end a syllable.
bool OpenNucleus(std::string_view n) {
  return OneOf(n, {"a",   "e",   "i",   "o",   "u",   "y",   "E",   "O",
                   "P",   "U",   "ai",  "ao",  "au",  "ay",  "Bu",  "By",
                   "eo",  "Eu",  "ia",  "iu",  "oa",  "oe",  "oi",  "Oi",
                   "Pi",  "ua",  "uE",  "ui",  "uy",  "Ua",  "Ui",  "Uu",
                   "uP",  "oai", "oay", "oao", "oeo", "uOi", "UPi", "UPu",
                   "iEu", "yEu", "uya", "uyu", "uBy"});
}

// Nuclei that take a final consonant ("y" after qu: "quýt", "quỳnh").
bool ClosedNucleus(std::string_view n) {
  return OneOf(n, {"a", "A", "B", "e", "E", "i", "o", "O", "P", "u", "U",
                   "y", "iE", "yE", "uO", "UP", "oa", "oA", "oe", "uB",
                   "uE", "uy", "uyE", "oo"});
}

bool RhymeOk(std::string_view nucleus, std::string_view final_cons,
             std::uint8_t tone) {
  if (nucleus.empty()) return false;
  if (final_cons.empty()) return OpenNucleus(nucleus);
  // Final k is not standard orthography but is how Central Highlands place
  // names are written (Đắk Lắk, Đăk Glong), with acute, dot or no tone.
  if (final_cons == "k") {
    return OneOf(nucleus, {"a", "A", "B", "e", "o", "O", "P", "u", "U"}) &&
           (tone == kNoTone || tone == kAcute || tone == kDot);
  }
  if (!OneOf(final_cons, {"c", "ch", "m", "n", "ng", "nh", "p", "t"})) {
    return false;
  }
  if (!ClosedNucleus(nucleus)) return false;
  // Stop finals carry only the acute or dot-below tone.
  if (OneOf(final_cons, {"c", "ch", "p", "t"}) && tone != kAcute &&
      tone != kDot) {
    return false;
  }
  const char last = nucleus.back();
  if (OneOf(final_cons, {"ch", "nh"}) && last != 'a' && last != 'E' &&
      last != 'i' && last != 'y') {
    return false;
  }
  // "inh"/"ênh" are spelled with nh, never ng/c after a lone i, ê or y.
  if (OneOf(final_cons, {"c", "ng"}) &&
      (OneOf(nucleus, {"i", "E", "y"}) || last == 'y')) {
    return false;
  }
  return true;
}

bool InitialOk(std::string_view initial, char first_vowel) {
  const bool front = first_vowel == 'e' || first_vowel == 'E' ||
                     first_vowel == 'i';
  if (initial == "c") return !front && first_vowel != 'y';
  if (initial == "k") return front || first_vowel == 'y';
  if (initial == "gh" || initial == "ngh") return front;
  if (initial == "ng") return !front;
  if (initial == "g") return first_vowel != 'e' && first_vowel != 'E';
  return OneOf(initial, {"", "b", "ch", "d", "D", "gi", "h", "kh", "l", "m",
                         "n", "nh", "p", "ph", "qu", "r", "s", "t", "th",
                         "tr", "v", "x"});
}

bool SplitOk(std::string_view initial, std::string_view rest,
             std::uint8_t tone) {
  std::size_t v = 0;
  while (v < rest.size() && IsVowelSymbol(rest[v])) ++v;
  const std::string_view nucleus = rest.substr(0, v);
  const std::string_view final_cons = rest.substr(v);
  for (char c : final_cons) {
    if (IsVowelSymbol(c)) return false;
  }
  if (nucleus.empty() || !InitialOk(initial, nucleus[0])) return false;
  if (initial == "qu" && (nucleus[0] == 'u' || nucleus[0] == 'U')) {
    return false;
  }
  return RhymeOk(nucleus, final_cons, tone);
}

}  // namespace

bool DecomposeLetter(char32_t c, Letter* out) {
  if (IsAsciiLetter(c)) {
    const bool upper = c <= 'Z';
    *out = Letter{static_cast<char>(upper ? c - 'A' + 'a' : c), kNoModifier,
                  kNoTone, upper};
    return true;
  }
  int index = -1;
  const LetterTables& t = Tables();
  if (c >= kLowFirst && c < kLowEnd) {
    index = t.low[c - kLowFirst];
  } else if (c >= kExtFirst && c < kExtEnd) {
    index = t.ext[c - kExtFirst];
  }
  if (index < 0) return false;
  const VietLetterRow& row = kVietLetters[index];
  *out = Letter{Lower(row.base), row.mod, row.tone,
                row.base >= 'A' && row.base <= 'Z'};
  return true;
}

char32_t ComposeLetter(const Letter& l) {
  if (l.mod == kNoModifier && l.tone == kNoTone && l.base >= 'a' &&
      l.base <= 'z') {
    return static_cast<char32_t>(l.upper ? l.base - 'a' + 'A' : l.base);
  }
  const int b = BaseIndex(l.base);
  if (b < 0 || l.mod > kStroke || l.tone > kDot) return 0;
  return Tables().compose[b][l.mod][l.tone][l.upper ? 1 : 0];
}

bool MarkOf(char32_t mark, std::uint8_t* mod, std::uint8_t* tone) {
  *mod = kNoModifier;
  *tone = kNoTone;
  switch (mark) {
    case 0x0300: case 0x0340: *tone = kGrave; return true;
    case 0x0301: case 0x0341: *tone = kAcute; return true;
    case 0x0309: *tone = kHook; return true;
    case 0x0303: *tone = kTilde; return true;
    case 0x0323: *tone = kDot; return true;
    case 0x0306: *mod = kBreve; return true;
    case 0x0302: *mod = kCircumflex; return true;
    case 0x031B: *mod = kHorn; return true;
    default: return false;
  }
}

char32_t ComposeWithMark(char32_t base, char32_t mark) {
  std::uint8_t mod;
  std::uint8_t tone;
  Letter l;
  if (!MarkOf(mark, &mod, &tone) || !DecomposeLetter(base, &l)) return 0;
  if (mod != kNoModifier) {
    if (l.mod != kNoModifier) return 0;
    l.mod = mod;
  } else {
    if (l.tone != kNoTone) return 0;
    l.tone = tone;
  }
  return ComposeLetter(l);
}

VniByte VniEntry(std::uint8_t b) { return VniTable()[b]; }

SyllableCheck CheckSyllable(const Letter* letters, std::size_t n) {
  SyllableCheck result;
  if (n == 0 || n > 8) return result;  // the longest is "nghiêng"
  char symbols[8];
  std::uint8_t tone = kNoTone;
  bool seen_lower = false;
  for (std::size_t i = 0; i < n; ++i) {
    const Letter& l = letters[i];
    // A capital with diacritics after a lower-case letter ("lỔ") is never
    // written; it is what TCVN 5712 capitals look like when Windows-1252
    // text ("là") is re-decoded as TCVN3, whose fonts have no such capitals.
    // ASCII capitals may follow: TCVN3's "H" fonts give "CộNG".
    if (l.upper && seen_lower && (l.mod != kNoModifier || l.tone != kNoTone)) {
      return result;
    }
    seen_lower = seen_lower || !l.upper;
    // f j w z are not Vietnamese letters.
    if (l.base == 'f' || l.base == 'j' || l.base == 'w' || l.base == 'z') {
      return result;
    }
    const char s = Symbol(l);
    if (s == 0) return result;
    if (l.tone != kNoTone) {
      if (tone != kNoTone || !IsVowelSymbol(s)) return result;
      tone = l.tone;
    }
    if (l.mod != kNoModifier || l.tone != kNoTone) result.has_diacritic = true;
    symbols[i] = s;
  }
  const std::string_view s(symbols, n);
  std::size_t v = 0;
  while (v < n && !IsVowelSymbol(s[v])) ++v;
  if (v == n) return result;
  std::string_view initial = s.substr(0, v);
  // "qu" and "gi" are initials whose second letter is a vowel letter.
  bool ok = false;
  if (initial == "q") {
    ok = s[v] == 'u' && SplitOk("qu", s.substr(v + 1), tone);
  } else {
    ok = SplitOk(initial, s.substr(v), tone);
    if (!ok && initial == "g" && s[v] == 'i' && v + 1 < n &&
        IsVowelSymbol(s[v + 1])) {
      ok = SplitOk("gi", s.substr(v + 1), tone);
    }
  }
  result.valid = ok;
  return result;
}

namespace {

bool IsWordChar(char32_t c, bool decoded) {
  if (c < 0x80) return IsAsciiLetter(c) || IsVisciiControl(c);
  if (!decoded) return !(c >= 0x2000 && c <= 0x206F);
  if (c < 0xC0 || c == 0xD7 || c == 0xF7 || c == 0xFFFD) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // punctuation, symbols
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation
  return true;
}

}  // namespace

WordCheck CheckWord(std::string_view utf8, bool decoded) {
  WordCheck result;
  bool all_valid = true;
  Letter letters[9];
  std::size_t n = 0;
  bool broken = false;  // current subword holds a non-letter word character
  auto finish = [&] {
    if (n == 0 && !broken) return;
    ++result.subwords;
    const SyllableCheck check =
        broken ? SyllableCheck{} : CheckSyllable(letters, n);
    all_valid = all_valid && check.valid;
    result.has_diacritic = result.has_diacritic || check.has_diacritic;
    n = 0;
    broken = false;
  };
  std::size_t i = 0;
  while (i < utf8.size()) {
    const char32_t c = NextCodePoint(utf8, &i);
    std::uint8_t mod;
    std::uint8_t tone;
    if (MarkOf(c, &mod, &tone)) {
      // A combining mark that did not compose during decoding.
      const char32_t composed =
          n > 0 ? ComposeWithMark(ComposeLetter(letters[n - 1]), c) : 0;
      if (composed == 0 || !DecomposeLetter(composed, &letters[n - 1])) {
        broken = true;
      }
      continue;
    }
    if (!IsWordChar(c, decoded)) {
      finish();
      continue;
    }
    Letter l;
    if (n < std::size(letters) && DecomposeLetter(c, &l)) {
      letters[n++] = l;
    } else {
      broken = true;
    }
  }
  finish();
  result.valid = result.subwords > 0 && all_valid;
  return result;
}

}  // namespace pakn::classify::legacy_internal
