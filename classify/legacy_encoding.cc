// Decoding and detection of raw legacy bytes, plus the UTF-8 helpers shared
// by the other legacy_encoding*.cc files. Mojibake repair lives in
// legacy_encoding_mojibake.cc, VIQR in legacy_encoding_viqr.cc.
#include "classify/legacy_encoding.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "classify/legacy_encoding_internal.h"

namespace pakn::classify {
namespace legacy_internal {

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    const char b[2] = {static_cast<char>(0xC0 | (c >> 6)),
                       static_cast<char>(0x80 | (c & 0x3F))};
    out->append(b, 2);
  } else if (c < 0x10000) {
    const char b[3] = {static_cast<char>(0xE0 | (c >> 12)),
                       static_cast<char>(0x80 | ((c >> 6) & 0x3F)),
                       static_cast<char>(0x80 | (c & 0x3F))};
    out->append(b, 3);
  } else {
    const char b[4] = {static_cast<char>(0xF0 | (c >> 18)),
                       static_cast<char>(0x80 | ((c >> 12) & 0x3F)),
                       static_cast<char>(0x80 | ((c >> 6) & 0x3F)),
                       static_cast<char>(0x80 | (c & 0x3F))};
    out->append(b, 4);
  }
}

char32_t NextCodePoint(std::string_view s, std::size_t* i) {
  const auto byte = [&](std::size_t k) {
    return static_cast<std::uint8_t>(s[k]);
  };
  const std::uint8_t b0 = byte(*i);
  if (b0 < 0x80) {
    ++*i;
    return b0;
  }
  int len = 0;
  char32_t c = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, c = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, c = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, c = b0 & 0x07, min = 0x10000;
  }
  if (len == 0 || *i + len > s.size()) {
    ++*i;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    const std::uint8_t b = byte(*i + k);
    if ((b & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    c = (c << 6) | (b & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    ++*i;
    return 0xFFFD;
  }
  *i += len;
  return c;
}

bool IsValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<std::uint8_t>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t at = i;
    // U+FFFD itself is valid; only a one-byte advance means an error.
    if (NextCodePoint(s, &i) == 0xFFFD && i == at + 1) return false;
  }
  return true;
}

int EncodeCp1252(char32_t c) {
  if (c < 0x100) return static_cast<int>(c);
  if (c == 0xFFFD) return -1;  // marks the table's undefined bytes
  for (int b = 0x80; b < 0xA0; ++b) {
    if (kCp1252Table[b] == c) return b;
  }
  return -1;
}

namespace {

// Appends code points as UTF-8, folding a Vietnamese combining mark into the
// letter before it when Unicode has the precomposed letter.
class ComposingWriter {
 public:
  explicit ComposingWriter(std::string* out) : out_(out) {}

  void Append(char32_t c) {
    if (c >= 0x0300 && c <= 0x0341 && last_ != 0) {
      const char32_t composed = ComposeWithMark(last_, c);
      if (composed != 0) {
        out_->resize(last_pos_);
        Put(composed);
        return;
      }
    }
    Put(c);
  }

 private:
  void Put(char32_t c) {
    last_pos_ = out_->size();
    last_ = c;
    AppendUtf8(c, out_);
  }

  std::string* out_;
  char32_t last_ = 0;
  std::size_t last_pos_ = 0;
};

constexpr char32_t kModifierMark[] = {0, 0x0306, 0x0302, 0x031B, 0};
constexpr char32_t kToneMark[] = {0, 0x0300, 0x0301, 0x0309, 0x0303, 0x0323};

const char32_t* TableFor(LegacyEncoding e) {
  switch (e) {
    case LegacyEncoding::kTcvn3: return kTcvn3Table;
    case LegacyEncoding::kViscii: return kVisciiTable;
    case LegacyEncoding::kCp1258: return kCp1258Table;
    case LegacyEncoding::kVni: break;
  }
  return nullptr;
}

}  // namespace

void DecodeBytes(std::string_view bytes, LegacyEncoding e, std::string* out) {
  out->reserve(out->size() + bytes.size() + bytes.size() / 2);
  ComposingWriter writer(out);
  if (const char32_t* table = TableFor(e)) {
    for (char ch : bytes) writer.Append(table[static_cast<std::uint8_t>(ch)]);
    return;
  }
  for (char ch : bytes) {
    const VniByte v = VniEntry(static_cast<std::uint8_t>(ch));
    if (v.letter != 0 || (v.mod == 0 && v.tone == 0)) {
      writer.Append(v.letter);
      continue;
    }
    if (v.mod != 0) writer.Append(kModifierMark[v.mod]);
    if (v.tone != 0) writer.Append(kToneMark[v.tone]);
  }
}

}  // namespace legacy_internal

using legacy_internal::CheckWord;
using legacy_internal::DecodeBytes;

std::string_view LegacyEncodingName(LegacyEncoding e) {
  switch (e) {
    case LegacyEncoding::kTcvn3: return "tcvn3";
    case LegacyEncoding::kVni: return "vni";
    case LegacyEncoding::kViscii: return "viscii";
    case LegacyEncoding::kCp1258: return "cp1258";
  }
  return "unknown";
}

std::string DecodeLegacy(std::string_view bytes, LegacyEncoding e) {
  std::string out;
  DecodeBytes(bytes, e, &out);
  return out;
}

std::optional<LegacyEncoding> DetectLegacyEncoding(std::string_view bytes) {
  if (legacy_internal::IsValidUtf8(bytes)) return std::nullopt;
  constexpr std::array<LegacyEncoding, 4> kAll = {
      LegacyEncoding::kTcvn3, LegacyEncoding::kVni, LegacyEncoding::kViscii,
      LegacyEncoding::kCp1258};
  // Per encoding: words with non-ASCII bytes that decode to valid
  // Vietnamese syllables with diacritics ("good") and those that do not.
  std::array<int, 4> good = {};
  std::array<int, 4> bad = {};
  const auto is_space = [](char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  };
  std::string decoded;
  std::size_t i = 0;
  while (i < bytes.size()) {
    while (i < bytes.size() && is_space(bytes[i])) ++i;
    const std::size_t begin = i;
    bool non_ascii = false;
    for (; i < bytes.size() && !is_space(bytes[i]); ++i) {
      const auto b = static_cast<std::uint8_t>(bytes[i]);
      non_ascii = non_ascii || b >= 0x80 || legacy_internal::IsVisciiControl(b);
    }
    if (!non_ascii) continue;
    const std::string_view token = bytes.substr(begin, i - begin);
    for (std::size_t k = 0; k < kAll.size(); ++k) {
      decoded.clear();
      DecodeBytes(token, kAll[k], &decoded);
      const legacy_internal::WordCheck check = CheckWord(decoded, true);
      if (check.valid && check.has_diacritic) {
        ++good[k];
      } else {
        ++bad[k];
      }
    }
  }
  int best = -1;
  bool tie = false;
  for (int k = 0; k < 4; ++k) {
    if (best < 0 || good[k] - bad[k] > good[best] - bad[best]) {
      best = k;
      tie = false;
    } else if (good[k] - bad[k] == good[best] - bad[best]) {
      tie = true;
    }
  }
  // Two or more words with at least 70% of them Vietnamese, or a lone word
  // that only one encoding makes Vietnamese.
  const bool convincing =
      (good[best] >= 2 && good[best] * 10 >= 7 * (good[best] + bad[best])) ||
      (good[best] == 1 && bad[best] == 0);
  if (tie || !convincing) return std::nullopt;
  return kAll[best];
}

}  // namespace pakn::classify
