// Mojibake repair: UTF-8 (or legacy Vietnamese) bytes that a portal decoded
// as Windows-1252/Latin-1 and re-encoded as UTF-8.
//
// Every mis-decoding here is reversible: each character of a mojibake span
// is one byte of the original, which EncodeCp1252 recovers. The hard part is
// deciding where mojibake is. The text is cut into whitespace-separated
// tokens; each token is classified by comparing it with its re-decoding:
//   neutral  re-decoding changes nothing (ASCII words, numbers);
//   break    cannot be re-decoded (a character outside Windows-1252, e.g.
//            correct "ệ") or is a valid Vietnamese syllable that would
//            become an invalid one ("Kính" as TCVN3 is "Kớnh");
//   gain     invalid before, a Vietnamese syllable with diacritics after;
//   ambig    changes, but without evidence either way.
// Tokens between breaks form a span, and a span is repaired as a whole only
// when the evidence is strong (see AcceptLegacySpan and RepairUtf8Pass).
// This keeps correct text in any language intact: its tokens are neutral,
// breaks, or rarely a single accidental gain.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "classify/legacy_encoding.h"
#include "classify/legacy_encoding_internal.h"

namespace pakn::classify {
namespace {

using legacy_internal::CheckWord;
using legacy_internal::EncodeCp1252;
using legacy_internal::NextCodePoint;
using legacy_internal::WordCheck;

struct Token {
  std::size_t begin;
  std::size_t end;
};

bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsAsciiSpace(s[i])) ++i;
    const std::size_t begin = i;
    while (i < s.size() && !IsAsciiSpace(s[i])) ++i;
    if (i > begin) tokens.push_back({begin, i});
  }
  return tokens;
}

// The bytes the mis-decoding started from, or false when some character
// cannot have come from Windows-1252/Latin-1.
bool Unmojibake(std::string_view utf8, std::string* bytes) {
  bytes->clear();
  std::size_t i = 0;
  while (i < utf8.size()) {
    const int b = EncodeCp1252(NextCodePoint(utf8, &i));
    if (b < 0) return false;
    bytes->push_back(static_cast<char>(b));
  }
  return true;
}

bool HasHighByte(std::string_view bytes) {
  return std::any_of(bytes.begin(), bytes.end(),
                     [](char c) { return static_cast<std::uint8_t>(c) >= 0x80; });
}

// Abbreviations (UBND, TP) are neither Vietnamese syllables nor evidence
// against a span being Vietnamese.
bool IsAsciiAcronym(std::string_view token) {
  int upper = 0;
  for (char c : token) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') ++upper;
  }
  return upper >= 2;
}

using Replacements = std::vector<std::pair<std::size_t, std::string>>;

std::string Apply(std::string_view s, const std::vector<Token>& tokens,
                  const Replacements& repl) {
  std::string out;
  out.reserve(s.size() + s.size() / 4);
  std::size_t at = 0;
  for (const auto& [index, text] : repl) {
    const Token& t = tokens[index];
    out.append(s.substr(at, t.begin - at));
    out.append(text);
    at = t.end;
  }
  out.append(s.substr(at));
  return out;
}

// ---- UTF-8 read as Windows-1252 --------------------------------------------

// Code points that a mis-decoded UTF-8 sequence plausibly stood for; the
// rest (Mandaic, IPA, private use...) are far likelier to be accidents such
// as "É”" at the end of a quoted French word. C1 controls are allowed: text
// mis-decoded twice with a Latin-1 reading contains them.
bool PlausibleRepair(char32_t c) {
  if (c < 0x800) {
    return (c >= 0x80 && c <= 0x24F) || (c >= 0x300 && c <= 0x4FF);
  }
  if (c < 0x10000) {
    return (c >= 0x1E00 && c <= 0x1EFF) ||  // Latin Extended Additional
           (c >= 0x2000 && c <= 0x27BF) ||  // punctuation ... dingbats
           (c >= 0x3000 && c <= 0x30FF) ||  // CJK punctuation, kana
           (c >= 0x4E00 && c <= 0x9FFF) ||  // CJK ideographs
           (c >= 0xAC00 && c <= 0xD7AF) ||  // Hangul
           (c >= 0xFE00 && c <= 0xFE0F) ||  // variation selectors
           c == 0xFEFF || (c >= 0xFF00 && c <= 0xFFEF);
  }
  return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

// "Ã©", "Ã¡", "Ã±": a lower-case Latin-1 letter (bytes C3 A0-BF) read as "Ã"
// plus a symbol. Clean text puts letters, not symbols, after "Ã" ("NÃO").
bool HasLowerLatin1Pair(std::string_view bytes) {
  for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
    const auto lead = static_cast<std::uint8_t>(bytes[i]);
    const auto next = static_cast<std::uint8_t>(bytes[i + 1]);
    if (lead == 0xC3 && next >= 0xA0 && next <= 0xBF && next != 0xB7) {
      return true;
    }
  }
  return false;
}

// One pass; returns the number of tokens repaired. A token is a candidate
// when its bytes are well-formed UTF-8 with at least one multi-byte
// sequence and every sequence is plausible. A span of candidates is
// repaired when its evidence reaches 2: a candidate counts 2 when it holds a
// 3- or 4-byte sequence, turns into a Vietnamese syllable with diacritics,
// or holds "Ã" plus a symbol; any other candidate counts 1, so a lone
// accident such as "Ä”" (Ĕ) is left alone.
int RepairUtf8Pass(std::string_view s, std::string* out) {
  const std::vector<Token> tokens = Tokenize(s);
  Replacements repl;
  Replacements span_repl;
  int evidence = 0;
  const auto close_span = [&] {
    if (evidence >= 2) {
      repl.insert(repl.end(), span_repl.begin(), span_repl.end());
    }
    span_repl.clear();
    evidence = 0;
  };
  std::string bytes;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const std::string_view token =
        s.substr(tokens[k].begin, tokens[k].end - tokens[k].begin);
    if (!Unmojibake(token, &bytes)) {
      close_span();
      continue;
    }
    if (!HasHighByte(bytes)) continue;  // neutral
    bool ok = true;
    bool long_sequence = false;
    bool ascii_letter = false, cjk = false;
    for (std::size_t i = 0; ok && i < bytes.size();) {
      const std::size_t at = i;
      const char32_t c = NextCodePoint(bytes, &i);
      if (c < 0x80) {
        ascii_letter = ascii_letter || legacy_internal::IsAsciiLetter(c);
        continue;
      }
      ok = PlausibleRepair(c);  // also rejects U+FFFD, i.e. ill-formed bytes
      long_sequence = long_sequence || i - at >= 3;
      cjk = cjk || (c >= 0x3000 && c < 0x10000 && !(c >= 0xFE00 && c <= 0xFE0F) && c != 0xFEFF);
    }
    // A CJK or Hangul character glued to Latin letters in one word is a coincidence of
    // bytes ("hè" + NBSP + soft hyphen reads as E8 A0 AD, a CJK ideograph), not a repair.
    if (ok && cjk && ascii_letter) ok = false;
    if (!ok) {
      close_span();
      continue;
    }
    const WordCheck check = CheckWord(bytes, true);
    const bool strong = long_sequence || (check.valid && check.has_diacritic) ||
                        HasLowerLatin1Pair(bytes);
    evidence += strong ? 2 : 1;
    span_repl.emplace_back(k, bytes);
  }
  close_span();
  if (repl.empty()) return 0;
  *out = Apply(s, tokens, repl);
  return static_cast<int>(repl.size());
}

// ---- Legacy Vietnamese read as Windows-1252 ---------------------------------

enum class Cls { kNeutral, kBreak, kGain, kAmbig };

// Whether a token has a letter of its own. A lone symbol that re-decodes to
// a one-letter word ("±" as VISCII is "ổ", "«1»" is "ề1Ừ") is no evidence.
bool HasLetter(std::string_view token) {
  std::size_t i = 0;
  while (i < token.size()) {
    const char32_t c = NextCodePoint(token, &i);
    if (legacy_internal::IsAsciiLetter(c) ||
        (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7)) {
      return true;
    }
  }
  return false;
}

struct Eval {
  Cls cls = Cls::kNeutral;
  bool orig_valid = false;   // the token as it arrived is Vietnamese
  bool both_valid = false;   // kAmbig: Vietnamese before and after
  bool counts = false;       // takes part in the span's Vietnamese ratio
  bool decoded_valid = false;
  bool spoils = false;       // kBreak: Vietnamese that would turn invalid
  std::string decoded;
};

Eval Evaluate(std::string_view token, LegacyEncoding e, std::string* bytes) {
  Eval ev;
  const WordCheck orig = CheckWord(token, false);
  ev.orig_valid = orig.valid;
  if (!Unmojibake(token, bytes)) {
    ev.cls = Cls::kBreak;
    return ev;
  }
  legacy_internal::DecodeBytes(*bytes, e, &ev.decoded);
  const WordCheck dec = CheckWord(ev.decoded, true);
  ev.counts = dec.subwords > 0 && !IsAsciiAcronym(token);
  ev.decoded_valid = dec.valid;
  if (ev.decoded == token) {
    ev.cls = Cls::kNeutral;
  } else if (orig.valid && !dec.valid) {
    ev.cls = Cls::kBreak;
    ev.spoils = true;
  } else if (!orig.valid && dec.valid && dec.has_diacritic &&
             HasLetter(token)) {
    ev.cls = Cls::kGain;
  } else {
    ev.cls = Cls::kAmbig;
    ev.both_valid = orig.valid && dec.valid;
  }
  return ev;
}

// A span [first, last) of non-break tokens is mojibake when at least two
// tokens gain, gains are at least half of the changed tokens, and at least
// 75% of its words are Vietnamese after re-decoding. The last condition is
// what rejects clean foreign text with two accidental gains (French "où"
// read as VNI is "ó"): its other words stay non-Vietnamese.
bool AcceptLegacySpan(const std::vector<Eval>& evals, std::size_t first,
                      std::size_t last, int* score) {
  int gains = 0;
  int changed = 0;
  int words = 0;
  int vietnamese = 0;
  for (std::size_t k = first; k < last; ++k) {
    const Eval& ev = evals[k];
    gains += ev.cls == Cls::kGain;
    changed += ev.cls != Cls::kNeutral;
    if (ev.counts) {
      ++words;
      vietnamese += ev.decoded_valid;
    }
  }
  *score = 2 * gains - (changed - gains);
  return gains >= 2 && 2 * gains >= changed && 4 * vietnamese >= 3 * words;
}

struct KindResult {
  // How well the encoding explains the text, to choose between encodings
  // that all find something: +2 per gain, -1 per other changed word in
  // repaired spans, -1 per correct word anywhere that it would spoil.
  int score = 0;
  Replacements repl;
};

KindResult RepairLegacy(std::string_view s, const std::vector<Token>& tokens,
                        LegacyEncoding e) {
  std::vector<Eval> evals;
  evals.reserve(tokens.size());
  std::string bytes;
  for (const Token& t : tokens) {
    evals.push_back(Evaluate(s.substr(t.begin, t.end - t.begin), e, &bytes));
  }
  KindResult result;
  for (const Eval& ev : evals) result.score -= ev.spoils;
  std::size_t k = 0;
  while (k < evals.size()) {
    if (evals[k].cls == Cls::kBreak) {
      ++k;
      continue;
    }
    const std::size_t first = k;
    while (k < evals.size() && evals[k].cls != Cls::kBreak) ++k;
    const std::size_t last = k;
    int score = 0;
    if (!AcceptLegacySpan(evals, first, last, &score)) continue;
    result.score += score;
    // Next to correct Vietnamese, the words before the first gain and after
    // the last one that read as Vietnamese both ways ("Tôi" / "Tụi", "dân"
    // / "dõn") more likely belong to the correct text: keep them.
    std::size_t first_gain = first;
    while (evals[first_gain].cls != Cls::kGain) ++first_gain;
    std::size_t last_gain = last - 1;
    while (evals[last_gain].cls != Cls::kGain) --last_gain;
    const bool protect_left = first > 0 && evals[first - 1].orig_valid;
    const bool protect_right = last < evals.size() && evals[last].orig_valid;
    for (std::size_t j = first; j < last; ++j) {
      Eval& ev = evals[j];
      if (ev.cls == Cls::kNeutral) continue;
      if (ev.both_valid && ((protect_left && j < first_gain) ||
                            (protect_right && j > last_gain))) {
        continue;
      }
      result.repl.emplace_back(j, std::move(ev.decoded));
    }
  }
  return result;
}

// Vietnamese letters that Windows-1252 shares (à á â ã è é ê ì í ò ó ô õ ù
// ú ý and capitals): correct Vietnamese text is full of them.
bool IsVietnameseLatin1(char32_t c) {
  switch (c | 0x20) {  // fold À-Ý onto à-ý
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE8: case 0xE9:
    case 0xEA: case 0xEC: case 0xED: case 0xF2: case 0xF3: case 0xF4:
    case 0xF5: case 0xF9: case 0xFA: case 0xFD:
      return c >= 0xC0;
    default:
      return false;
  }
}

bool IsVowel(char32_t c) {
  switch (c | 0x20) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
      return c < 0x80;
    default:
      return IsVietnameseLatin1(c);
  }
}

// Punctuation that correct text uses and that is harmless on its own.
// Characters clean Vietnamese text uses on its own: quotes, dashes, bullets, and the units of
// petitions (m², m³, 30°C). They hint at mojibake only right after a possible UTF-8 lead byte.
bool IsTypographic(char32_t c) {
  return c == 0xA0 || c == 0xB0 || c == 0xB2 || c == 0xB3 || c == 0x2018 || c == 0x2019 ||
         c == 0x201C || c == 0x201D || c == 0x2013 || c == 0x2014 || c == 0x2026 ||
         c == 0x2022;
}

}  // namespace

bool MayBeMojibake(std::string_view utf8) {
  char32_t prev = 0;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto b = static_cast<std::uint8_t>(utf8[i]);
    if (b >= 0x20 && b < 0x80) {  // fast path for printable ASCII
      prev = b;
      ++i;
      continue;
    }
    const char32_t c = NextCodePoint(utf8, &i);
    if (c >= 0x1EA0 && c <= 0x1EF9) {  // Vietnamese letters with tone marks: none of the checks
      prev = c;                         // below can fire, and they are most non-ASCII text
      continue;
    }
    if (legacy_internal::IsVisciiControl(c)) return true;
    if (c >= 0x80 && c < 0x100 && !IsVietnameseLatin1(c) && !IsTypographic(c)) {
      return true;  // µ · ¸ Ö ñ ø Ã... and C1 controls
    }
    if (c >= 0x100 && EncodeCp1252(c) >= 0 && !IsTypographic(c)) {
      return true;  // € ‚ ƒ „ † ‡ ˆ ‰ Š ‹ Œ Ž ˜ ™ š › œ ž Ÿ
    }
    // A typographic character right after a possible UTF-8 lead byte ("Ã“"
    // is Ó); a CP1258 tone (ì ò Ì Ò) right after a vowel ("Viêòt" = Việt).
    if (IsTypographic(c) && prev >= 0xC2 && prev <= 0xF4) return true;
    if ((c == 0xEC || c == 0xF2 || c == 0xCC || c == 0xD2) && IsVowel(prev)) {
      return true;
    }
    prev = c;
  }
  return false;
}

std::optional<MojibakeRepair> RepairMojibake(std::string_view utf8) {
  if (!MayBeMojibake(utf8)) return std::nullopt;
  // UTF-8 mojibake first: its byte structure is unambiguous. Repeat for
  // text that went through the mis-decoding twice.
  std::string text(utf8);
  int repaired = 0;
  for (int pass = 0; pass < 3; ++pass) {
    std::string next;
    const int n = RepairUtf8Pass(text, &next);
    if (n == 0) break;
    repaired += n;
    text = std::move(next);
  }
  if (repaired > 0) {
    return MojibakeRepair{std::move(text), "mojibake:utf8-as-cp1252"};
  }

  constexpr std::array<std::pair<LegacyEncoding, std::string_view>, 4> kKinds =
      {{{LegacyEncoding::kTcvn3, "mojibake:tcvn3"},
        {LegacyEncoding::kVni, "mojibake:vni"},
        {LegacyEncoding::kViscii, "mojibake:viscii"},
        {LegacyEncoding::kCp1258, "mojibake:cp1258"}}};
  // The best-scoring encoding wins; ties go to the earlier one in kKinds,
  // roughly the order of how common the encodings were in offices.
  const std::vector<Token> tokens = Tokenize(utf8);
  std::optional<KindResult> best;
  std::string_view best_kind;
  for (const auto& [encoding, kind] : kKinds) {
    KindResult r = RepairLegacy(utf8, tokens, encoding);
    if (!r.repl.empty() && (!best || r.score > best->score)) {
      best = std::move(r);
      best_kind = kind;
    }
  }
  if (!best) return std::nullopt;
  return MojibakeRepair{Apply(utf8, tokens, best->repl), std::string(best_kind)};
}

}  // namespace pakn::classify
