// Implementation notes.
//
// Code points are classified through small arrays built once from the
// orthography tables in vn_syllable_tables.cc, so ASCII and precomposed
// Vietnamese never reach ICU. Per word: collect the letters and their tone
// marks, parse onset / nucleus / final, take the vowel for the tone from the
// nucleus table, and only if something differs rebuild the word from
// precomposed letters, which is NFC by construction (no decomposition is
// needed: the tables already split each letter into vowel, tone and case).
// The one rewrite that keeps foreign combining marks (a look-alike in a
// non-Vietnamese word) goes through ICU's NFC normalizer, for that word only.
#include "classify/vn_syllable.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "unicode/bytestream.h"
#include "unicode/normalizer2.h"
#include "unicode/uscript.h"
#include "unicode/utf8.h"

namespace pakn::classify {
namespace {

using vn_syllable_internal::CharInfo;
using vn_syllable_internal::GetTables;
using vn_syllable_internal::kConsonant;
using vn_syllable_internal::kDStroke;
using vn_syllable_internal::kForeignLetter;
using vn_syllable_internal::kForeignMark;
using vn_syllable_internal::kFromCyrillic;
using vn_syllable_internal::kFromFullwidth;
using vn_syllable_internal::kFullwidthOffset;
using vn_syllable_internal::kLatin;
using vn_syllable_internal::kLookalikeMask;
using vn_syllable_internal::kNotWord;
using vn_syllable_internal::kNoTone;
using vn_syllable_internal::kNoVowel;
using vn_syllable_internal::kToneMark;
using vn_syllable_internal::kUpper;
using vn_syllable_internal::kVowel;
using vn_syllable_internal::kVowelI;
using vn_syllable_internal::kVowelU;
using vn_syllable_internal::NucleusKey;
using vn_syllable_internal::NucleusSlot;
using vn_syllable_internal::Tables;

// ------------------------------------------------------------------ words --

constexpr int kMaxLetters = 16;  // the longest syllable, nghiêng, has 7
constexpr int kMaxTones = 8;

struct Letter {
  UChar32 cp;
  CharInfo info;
  size_t begin, first_end, end;  // byte offsets; [first_end, end) = marks
};

struct Word {
  Letter letters[kMaxLetters];
  struct {
    uint8_t letter, tone;
  } tones[kMaxTones];  // in reading order
  int num_letters = 0;
  int num_tones = 0;
  bool non_ascii = false;
  bool overflow = false;
  size_t begin = 0, end = 0;

  void Reset() {
    num_letters = num_tones = 0;
    non_ascii = overflow = false;
  }
  void AddTone(int letter, uint8_t tone) {
    if (num_tones == kMaxTones) {
      overflow = true;
    } else {
      tones[num_tones++] = {static_cast<uint8_t>(letter), tone};
    }
  }
  void AddLetter(UChar32 c, const CharInfo& info, size_t from, size_t to) {
    if (num_letters == 0) begin = from;
    end = to;
    non_ascii |= c >= 0x80;
    if (num_letters == kMaxLetters) {
      overflow = true;
      return;
    }
    letters[num_letters] = {c, info, from, to, to};
    if (info.kind == kVowel && info.tone != kNoTone) {
      AddTone(num_letters, info.tone);
    }
    ++num_letters;
  }
  void AddMark(const CharInfo& info, size_t to) {
    end = to;
    non_ascii = true;
    if (overflow) return;
    Letter& l = letters[num_letters - 1];
    l.end = to;
    if (info.kind == kToneMark && l.info.kind == kVowel) {
      AddTone(num_letters - 1, info.tone);
    } else if (l.info.kind == kVowel || l.info.kind == kConsonant) {
      // A foreign mark, or a tone on a consonant: not Vietnamese.
      l.info.kind = kForeignLetter;
      if (!(l.info.flags & kFromCyrillic)) l.info.flags |= kLatin;
    }
  }
};

// Index of the letter that must carry the tone, or -1 when the word is not a
// Vietnamese syllable. *other gets the index the other style would use (-1
// when the styles agree or the syllable is closed).
int ToneTarget(const Tables& t, const Word& w, ToneStyle style, int* other) {
  const int n = w.num_letters;
  auto kind = [&](int i) { return i < n ? w.letters[i].info.kind : kNotWord; };
  auto value = [&](int i) { return w.letters[i].info.value; };
  int i = 0;
  uint32_t onset = 0;
  for (; kind(i) == kConsonant; ++i) {
    if (i == 3) return -1;
    onset = (onset << 8) | value(i);
  }
  if (i == 1 && kind(i) == kVowel && kind(i + 1) == kVowel &&
      ((onset == 'g' && value(i) == kVowelI) ||
       (onset == 'q' && value(i) == kVowelU))) {
    onset = (onset << 8) | (onset == 'g' ? 'i' : 'u');
    ++i;
  }
  bool onset_ok = false;
  for (uint32_t key : t.onset_keys) onset_ok |= key == onset;
  if (!onset_ok) return -1;
  const int nucleus = i;
  int ids[3] = {kNoVowel, kNoVowel, kNoVowel};
  for (; kind(i) == kVowel; ++i) {
    if (i - nucleus == 3) return -1;
    ids[i - nucleus] = value(i);
  }
  if (i == nucleus) return -1;
  uint32_t final_key = 0;
  for (int f = 0; i < n; ++i, ++f) {
    if (kind(i) != kConsonant || f == 2) return -1;
    final_key = (final_key << 8) | value(i);
  }
  bool final_ok = false;
  for (uint32_t key : t.final_keys) final_ok |= key == final_key;
  const NucleusSlot& rule = t.nuclei[NucleusKey(ids[0], ids[1], ids[2])];
  if (!final_ok || !rule.valid) return -1;
  const bool open = final_key == 0;
  const bool old = style == ToneStyle::kOld;
  const int pos = open ? (old ? rule.open_old : rule.open_new) : rule.closed;
  const int alt = open ? (old ? rule.open_new : rule.open_old) : pos;
  if (pos < 0) return -1;
  *other = alt != pos ? nucleus + alt : -1;
  return nucleus + pos;
}

// The repair kinds of one word, without duplicates.
struct Kinds {
  std::string_view kind[8];
  int count = 0;
  void Add(std::string_view k) {
    for (int i = 0; i < count; ++i) {
      if (kind[i] == k) return;
    }
    if (count < 8) kind[count++] = k;
  }
};

std::string_view LookalikeKind(const Letter& l) {
  if (l.info.flags & kFromCyrillic) return "lookalike:cyrillic";
  if (l.info.flags & kFromFullwidth) return "lookalike:fullwidth";
  if (l.cp == 0x00D0) return "lookalike:U+00D0";
  if (l.cp == 0x00F0) return "lookalike:U+00F0";
  return "lookalike:U+0189";
}

void AppendCodePoint(std::string* out, UChar32 c) {
  char buf[U8_MAX_LENGTH];
  size_t n = 0;
  U8_APPEND_UNSAFE(buf, n, c);
  out->append(buf, n);
}

bool IsLatinLetter(const Letter& l) {
  if (l.info.flags & kLatin) return true;
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(l.cp, &status) == USCRIPT_LATIN;
}

// A word that is not a syllable but has Cyrillic or fullwidth look-alikes:
// those letters are replaced, everything else (marks included) is kept, and
// the result is recomposed with ICU since a kept mark may now compose.
bool RewriteLookalikes(const Tables& t, std::string_view text, const Word& w,
                       std::string* out, Kinds* kinds) {
  if (t.nfc == nullptr) return false;
  std::string raw;
  size_t copied = w.begin;
  for (int i = 0; i < w.num_letters; ++i) {
    const Letter& l = w.letters[i];
    if (!(l.info.flags & (kFromCyrillic | kFromFullwidth))) continue;
    raw.append(text, copied, l.begin - copied);
    if (l.info.flags & kFromFullwidth) {
      raw.push_back(static_cast<char>(l.cp - kFullwidthOffset));
    } else {
      raw.append(vn_syllable_internal::LookalikeLatin(l.cp));
    }
    copied = l.first_end;
    kinds->Add(LookalikeKind(l));
  }
  raw.append(text, copied, w.end - copied);
  out->clear();
  icu::StringByteSink<std::string> sink(out);
  UErrorCode status = U_ZERO_ERROR;
  t.nfc->normalizeUTF8(0, raw, sink, nullptr, status);
  return U_SUCCESS(status);
}

// Decides whether `w` must change; if so writes its new spelling to *out and
// the repair kinds to *kinds.
bool ProcessWord(const Tables& t, std::string_view text, const Word& w,
                 ToneStyle style, std::string* out, Kinds* kinds) {
  if (!w.non_ascii || w.overflow) return false;  // ASCII cannot change
  uint8_t flags = 0;
  bool latin = false;  // some letter is Latin in its own right
  bool vietnamese = true;
  int vowels = 0;
  for (int i = 0; i < w.num_letters; ++i) {
    const Letter& l = w.letters[i];
    flags |= l.info.flags;
    vowels += l.info.kind == kVowel;
    if (l.info.kind == kForeignLetter) {
      vietnamese = false;
      if (!IsLatinLetter(l)) return false;  // another script: not ours
    }
    if (!(l.info.flags & kFromCyrillic)) latin = true;
  }
  // Only Cyrillic look-alikes: a Russian word such as "сор", not a typo.
  if ((flags & kFromCyrillic) && !latin) return false;
  // Most words: no look-alike letter, and no tone or one tone on the only vowel. Nothing can
  // move (a syllable's tone goes on one of its vowels) and nothing is rewritten, so skip
  // parsing the syllable.
  if (!(flags & kLookalikeMask) &&
      (w.num_tones == 0 || (w.num_tones == 1 && vowels == 1))) {
    return false;
  }
  int other = -1;
  const int target = vietnamese ? ToneTarget(t, w, style, &other) : -1;
  if (target < 0) {
    if (!(flags & (kFromCyrillic | kFromFullwidth))) return false;
    return RewriteLookalikes(t, text, w, out, kinds);
  }
  const bool doubled = w.num_tones > 1;
  const int tone_at = w.num_tones == 0 ? -1 : w.tones[w.num_tones - 1].letter;
  const bool moved = w.num_tones == 1 && tone_at != target;
  if (!doubled && !moved && !(flags & kLookalikeMask)) return false;

  const int tone = w.num_tones == 0 ? 0 : w.tones[w.num_tones - 1].tone;
  out->clear();
  for (int i = 0; i < w.num_letters; ++i) {
    const Letter& l = w.letters[i];
    const bool upper = l.info.flags & kUpper;
    if (l.info.flags & kLookalikeMask) kinds->Add(LookalikeKind(l));
    if (l.info.kind == kVowel) {
      const int letter_tone = i == target ? tone : 0;
      AppendCodePoint(out, t.compose[upper][l.info.value][letter_tone]);
    } else if (l.info.value == kDStroke) {
      AppendCodePoint(out, upper ? 0x0110 : 0x0111);
    } else {
      out->push_back(static_cast<char>(upper ? l.info.value - 0x20
                                             : l.info.value));
    }
  }
  if (doubled) kinds->Add("tone:doubled");
  if (moved) kinds->Add(tone_at == other ? "tone:style" : "tone:moved");
  return true;
}

// ----------------------------------------------------------------- tokens --

inline bool IsAsciiSpace(uint8_t b) {
  return b == ' ' || (b >= '\t' && b <= '\r');
}

// White_Space code points outside ASCII (NBSP, ideographic space, ...).
inline bool IsOtherSpace(UChar32 c) {
  return c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

// Characters that mark a token as a URL, e-mail address, path, identifier,
// code or number, whose bytes must survive as typed.
inline bool IsMachineByte(uint8_t b) {
  return (b >= '0' && b <= '9') || b == '/' || b == '\\' || b == '@' ||
         b == '_' || b == '=' || b == '#' || b == '%' || b == '&' || b == '~';
}

inline bool IsAsciiAlnum(uint8_t b) {
  return (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
}

struct Token {
  size_t begin, end;
  bool skip;  // nothing in it may change
};

// The whitespace-delimited token at or after `i`.
Token NextToken(const uint8_t* s, size_t n, size_t i) {
  while (i < n) {
    if (s[i] < 0x80) {
      if (!IsAsciiSpace(s[i])) break;
      ++i;
      continue;
    }
    size_t j = i;
    UChar32 c;
    U8_NEXT_OR_FFFD(s, j, n, c);
    if (!IsOtherSpace(c)) break;
    i = j;
  }
  Token token{i, i, false};
  bool ascii = true;
  while (i < n) {
    const uint8_t b = s[i];
    if (b < 0x80) {
      if (IsAsciiSpace(b)) break;
      // A ':' ending a token is prose ("Kính gửi:"); "http:/", "tel:0"
      // and "mailto:x" are not.
      if (IsMachineByte(b) || (b == ':' && i + 1 < n &&
                               (IsAsciiAlnum(s[i + 1]) || s[i + 1] == '/'))) {
        token.skip = true;
      }
      ++i;
      continue;
    }
    ascii = false;
    size_t j = i;
    UChar32 c;
    U8_NEXT_OR_FFFD(s, j, n, c);
    if (IsOtherSpace(c)) break;
    if (c >= 0xFF10 && c <= 0xFF19) token.skip = true;  // fullwidth digit
    i = j;
  }
  token.end = i;
  if (ascii) token.skip = true;  // no tone and no look-alike in ASCII
  const uint8_t* b = s + token.begin;
  if (token.end - token.begin >= 4 && (b[0] | 0x20) == 'w' &&
      (b[1] | 0x20) == 'w' && (b[2] | 0x20) == 'w' && b[3] == '.') {
    token.skip = true;
  }
  return token;
}

}  // namespace

std::string PlaceToneMarks(std::string_view nfc_text, ToneStyle style,
                           std::vector<Repair>* repairs) {
  const Tables& t = GetTables();
  const auto* s = reinterpret_cast<const uint8_t*>(nfc_text.data());
  const size_t n = nfc_text.size();
  std::string out;
  size_t copied = 0;  // nfc_text[0, copied) is already in `out`
  std::string replacement;
  Word word;
  Kinds kinds;
  auto flush = [&] {
    kinds.count = 0;
    if (ProcessWord(t, nfc_text, word, style, &replacement, &kinds)) {
      if (copied == 0) out.reserve(n + n / 8);
      out.append(nfc_text, copied, word.begin - copied);
      out.append(replacement);
      copied = word.end;
      for (int k = 0; repairs != nullptr && k < kinds.count; ++k) {
        repairs->push_back(
            {std::string(kinds.kind[k]),
             std::string(nfc_text.substr(word.begin, word.end - word.begin)),
             replacement, word.begin});
      }
    }
    word.Reset();
  };
  for (size_t i = 0; i < n;) {
    const Token token = NextToken(s, n, i);
    i = token.end;
    if (token.skip) continue;
    for (size_t p = token.begin; p < token.end;) {
      const size_t start = p;
      UChar32 c;
      U8_NEXT_OR_FFFD(s, p, token.end, c);
      const CharInfo info = Lookup(t, c);
      switch (info.kind) {
        case kNotWord:
          if (word.num_letters > 0) flush();
          break;
        case kForeignMark:
        case kToneMark:
          if (word.num_letters > 0) word.AddMark(info, p);
          break;
        default:
          word.AddLetter(c, info, start, p);
      }
    }
    if (word.num_letters > 0) flush();
  }
  if (copied == 0) return std::string(nfc_text);
  out.append(nfc_text, copied);
  return out;
}

bool MayNeedToneWork(std::string_view nfc_text) {
  const Tables& t = GetTables();
  const auto* s = reinterpret_cast<const uint8_t*>(nfc_text.data());
  const size_t n = nfc_text.size();
  for (size_t i = 0; i < n;) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, n, c);
    const CharInfo* info = Find(t, c);
    if (info != nullptr &&
        (info->kind == kToneMark || (info->flags & kLookalikeMask) ||
         (info->kind == kVowel && info->tone != kNoTone))) {
      return true;
    }
  }
  return false;
}

}  // namespace pakn::classify
