// VIQR (RFC 1456): Vietnamese written in ASCII with mark characters after
// the vowel: ( breve, ^ circumflex, + horn; ' acute, ` grave, ? hook above,
// ~ tilde, . dot below; "dd" for đ; "\" escapes a mark character.
//
// Those characters are also ordinary punctuation, so decoding is decided per
// line and per word: a word is VIQR only when its marks sit where VIQR puts
// them and the result is a valid Vietnamese syllable; a line is decoded only
// when enough of its words are VIQR (see LineIsViqr).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "classify/legacy_encoding.h"
#include "classify/legacy_encoding_internal.h"

namespace pakn::classify {
namespace {

using legacy_internal::CheckSyllable;
using legacy_internal::ComposeLetter;
using legacy_internal::IsAsciiLetter;
using legacy_internal::Letter;

bool IsMarkChar(char c) {
  return std::string_view("^(+'`?~.").find(c) != std::string_view::npos;
}

std::uint8_t ToneOf(char c) {
  switch (c) {
    case '\'': return legacy_internal::kAcute;
    case '`': return legacy_internal::kGrave;
    case '?': return legacy_internal::kHook;
    case '~': return legacy_internal::kTilde;
    case '.': return legacy_internal::kDot;
    default: return legacy_internal::kNoTone;
  }
}

std::uint8_t ModifierFor(char base, char mark) {
  if (mark == '^' && (base == 'a' || base == 'e' || base == 'o')) {
    return legacy_internal::kCircumflex;
  }
  if (mark == '(' && base == 'a') return legacy_internal::kBreve;
  if (mark == '+' && (base == 'o' || base == 'u')) return legacy_internal::kHorn;
  return legacy_internal::kNoModifier;
}

bool IsVowelLetter(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

struct LineStats {
  int words = 0;   // runs of letters
  int viqr = 0;    // words decoded as VIQR
  int strong = 0;  // ... whose marks could hardly be English punctuation
};

// How a '.' or '?' right after a word's last vowel is read.
enum class Punct {
  // Detecting VIQR: a sentence end when a space, a closing quote or
  // bracket, or nothing follows ("Who?", "me.").
  kStrict,
  // Decoding a line known to be VIQR: a sentence end only when no
  // lower-case word follows, since "chu? nghi~a" and "ho. ddi" are tones.
  kRelaxed,
  // Decoding a VIQR line that escapes punctuation ("\."), as RFC 1456
  // asks: every unescaped '.' or '?' after a vowel is a tone.
  kRfc,
};

bool EndsSentence(std::string_view s, std::size_t q, Punct mode) {
  if (s[q] != '.' && s[q] != '?') return false;
  if (mode == Punct::kRfc) return false;
  std::size_t next = q + 1;
  if (next == s.size()) return true;
  if (std::string_view("\"')]}").find(s[next]) != std::string_view::npos) {
    return true;
  }
  if (s[next] != ' ' && s[next] != '\t' && s[next] != '\r') return false;
  if (mode == Punct::kStrict) return true;
  while (next < s.size() && (s[next] == ' ' || s[next] == '\t')) ++next;
  return next == s.size() || !(s[next] >= 'a' && s[next] <= 'z');
}

// Parses one word starting at the letter s[*p]; appends its decoding (or
// the original text when it is not a VIQR syllable) to *out.
void DecodeWord(std::string_view s, Punct mode, std::size_t* p,
                std::string* out, LineStats* stats) {
  const std::size_t begin = *p;
  std::size_t q = begin;
  Letter letters[9];
  std::size_t n = 0;
  bool used = false;
  bool strong = false;
  bool has_tone = false;
  bool too_long = false;
  while (q < s.size() && IsAsciiLetter(static_cast<unsigned char>(s[q]))) {
    const char c = s[q];
    const bool upper = c >= 'A' && c <= 'Z';
    Letter l{static_cast<char>(upper ? c - 'A' + 'a' : c),
             legacy_internal::kNoModifier, legacy_internal::kNoTone, upper};
    ++q;
    if (l.base == 'd' && n == 0 && q < s.size() && (s[q] | 0x20) == 'd') {
      l.mod = legacy_internal::kStroke;  // "dd" = đ, only word-initially
      ++q;
      used = strong = true;
    } else if (IsVowelLetter(l.base) && q < s.size()) {
      const std::uint8_t mod = ModifierFor(l.base, s[q]);
      if (mod != legacy_internal::kNoModifier) {
        l.mod = mod;
        ++q;
        used = strong = true;
      }
      if (q < s.size() && !has_tone && ToneOf(s[q]) != 0) {
        const bool word_end =
            q + 1 == s.size() ||
            !IsAsciiLetter(static_cast<unsigned char>(s[q + 1]));
        if (!(word_end && EndsSentence(s, q, mode))) {
          l.tone = ToneOf(s[q]);
          has_tone = used = true;
          // "ta'c" or "la`" are VIQR; a final ' is often a closing quote.
          strong = strong || !word_end || s[q] == '`' || s[q] == '~';
          ++q;
        }
      }
    }
    if (n < std::size(letters)) {
      letters[n++] = l;
    } else {
      too_long = true;
    }
  }
  *p = q;
  ++stats->words;
  const std::string_view original = s.substr(begin, q - begin);
  // Identifiers and notations ("U+0028", "a1^2", "x_y") are not VIQR words.
  const auto glued = [&](std::size_t at) {
    const char c = s[at];
    return (c >= '0' && c <= '9') || c == '_' || c == '@' ||
           c == '=' || c == '#' || c == '$';
  };
  const bool in_identifier =
      (begin > 0 && glued(begin - 1)) || (q < s.size() && glued(q));
  const bool contraction =
      original.size() == 3 && (original[0] | 0x20) == 'i' &&
      original[1] == '\'' && (original[2] | 0x20) == 'm';  // English "I'm"
  if (!used || too_long || contraction || in_identifier ||
      !CheckSyllable(letters, n).valid) {
    out->append(original);
    return;
  }
  std::string word;
  for (std::size_t i = 0; i < n; ++i) {
    const char32_t c = ComposeLetter(letters[i]);
    if (c == 0) {  // unreachable for a valid syllable; keep the text
      out->append(original);
      return;
    }
    legacy_internal::AppendUtf8(c, &word);
  }
  ++stats->viqr;
  stats->strong += strong;
  out->append(word);
}

// Two unambiguous VIQR words, and VIQR words are at least half the words.
bool LineIsViqr(const LineStats& stats) {
  return stats.strong >= 2 && 2 * stats.viqr >= stats.words;
}

LineStats DecodeLineWith(std::string_view line, Punct mode,
                         std::string* decoded) {
  LineStats stats;
  decoded->reserve(line.size() + line.size() / 2);
  std::size_t p = 0;
  while (p < line.size()) {
    const char c = line[p];
    if (IsAsciiLetter(static_cast<unsigned char>(c))) {
      DecodeWord(line, mode, &p, decoded, &stats);
    } else if (c == '\\' && p + 1 < line.size() && IsMarkChar(line[p + 1])) {
      decoded->push_back(line[p + 1]);  // escaped mark character
      p += 2;
    } else {
      decoded->push_back(c);
      ++p;
    }
  }
  return stats;
}

bool DecodeLine(std::string_view line, std::string* out) {
  std::string decoded;
  if (!LineIsViqr(DecodeLineWith(line, Punct::kStrict, &decoded))) {
    return false;
  }
  const bool escapes = line.find("\\.") != std::string_view::npos ||
                       line.find("\\?") != std::string_view::npos;
  decoded.clear();
  DecodeLineWith(line, escapes ? Punct::kRfc : Punct::kRelaxed, &decoded);
  out->append(decoded);
  return true;
}

}  // namespace

std::optional<std::string> DecodeViqrIfDetected(std::string_view ascii) {
  std::string out;
  bool any = false;
  std::size_t start = 0;
  while (true) {
    const std::size_t nl = ascii.find('\n', start);
    const std::size_t end = nl == std::string_view::npos ? ascii.size() : nl;
    const std::string_view line = ascii.substr(start, end - start);
    if (DecodeLine(line, &out)) {
      any = true;
    } else {
      out.append(line);
    }
    if (nl == std::string_view::npos) break;
    out.push_back('\n');
    start = nl + 1;
  }
  if (!any) return std::nullopt;
  return out;
}

}  // namespace pakn::classify
