#include "classify/places_key.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace pakn::classify::places_internal {
namespace {

struct Marker {
  std::array<std::string_view, 2> words;  // second empty for one-word markers
  Level level;
  UnitType type;
};

// Two-word markers first, so "thi xa" wins over "thi" + "xa" and "thi tran" is not read as a name.
// "p"/"f" (the Saigon shorthand "F.5"), "x", "q", "h", "tt", "tx", "tp" are the abbreviations
// petitions and forms use. "t" for tỉnh is left out: it is too often an initial.
constexpr Marker kMarkers[] = {
    {{"thanh", "pho"}, Level::kCity, UnitType::kNone},
    {{"thu", "do"}, Level::kProvince, UnitType::kNone},
    {{"thi", "xa"}, Level::kDistrict, UnitType::kNone},
    {{"thi", "tran"}, Level::kWard, UnitType::kThiTran},
    {{"dac", "khu"}, Level::kWard, UnitType::kDacKhu},
    {{"tp", ""}, Level::kCity, UnitType::kNone},
    {{"tinh", ""}, Level::kProvince, UnitType::kNone},
    {{"tx", ""}, Level::kDistrict, UnitType::kNone},
    {{"quan", ""}, Level::kDistrict, UnitType::kNone},
    {{"q", ""}, Level::kDistrict, UnitType::kNone},
    {{"huyen", ""}, Level::kDistrict, UnitType::kNone},
    {{"h", ""}, Level::kDistrict, UnitType::kNone},
    {{"tt", ""}, Level::kWard, UnitType::kThiTran},
    {{"phuong", ""}, Level::kWard, UnitType::kPhuong},
    {{"p", ""}, Level::kWard, UnitType::kPhuong},
    {{"f", ""}, Level::kWard, UnitType::kPhuong},
    {{"xa", ""}, Level::kWard, UnitType::kXa},
    {{"x", ""}, Level::kWard, UnitType::kXa},
};

// English forms ("Ho Chi Minh City", "Ba Dinh Ward") put the type last.
struct Suffix {
  std::string_view word;
  Level level;
};
constexpr Suffix kSuffixes[] = {
    {"city", Level::kCity},      {"province", Level::kProvince}, {"ward", Level::kWard},
    {"commune", Level::kWard},   {"district", Level::kDistrict}, {"town", Level::kDistrict},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

std::string JoinTokens(const std::vector<std::string>& tokens, std::size_t begin,
                       std::size_t end) {
  std::string out;
  for (std::size_t i = begin; i < end; ++i) {
    if (i > begin) out.push_back(' ');
    out.append(tokens[i]);
  }
  return out;
}

// "05" -> "5", "0" stays "0".
std::string StripZeros(std::string_view digits) {
  std::size_t first = digits.find_first_not_of('0');
  return std::string(first == std::string_view::npos ? digits.substr(digits.size() - 1)
                                                     : digits.substr(first));
}

}  // namespace

std::vector<std::string> PlaceTokens(std::string_view search_key) {
  std::vector<std::string> tokens;
  std::size_t start = 0;
  while (start < search_key.size()) {
    std::size_t end = search_key.find(' ', start);
    if (end == std::string_view::npos) end = search_key.size();
    std::string_view token = search_key.substr(start, end - start);
    start = end + 1;
    if (token.empty()) continue;
    // Letters then digits ("p5", "q10", "phuong05"): marker and number written together.
    std::size_t letters = 0;
    while (letters < token.size() && IsLower(token[letters])) ++letters;
    const bool digits_after =
        letters < token.size() &&
        std::all_of(token.begin() + letters, token.end(), IsDigit);
    if (digits_after) {
      if (letters > 0) tokens.emplace_back(token.substr(0, letters));
      tokens.push_back(StripZeros(token.substr(letters)));
    } else {
      tokens.emplace_back(token);
    }
  }
  return tokens;
}

std::size_t MarkerAt(const std::vector<std::string>& tokens, std::size_t i, Level* level,
                     UnitType* type) {
  for (const Marker& m : kMarkers) {
    const std::size_t n = m.words[1].empty() ? 1 : 2;
    if (i + n > tokens.size() || tokens[i] != m.words[0]) continue;
    if (n == 2 && tokens[i + 1] != m.words[1]) continue;
    *level = m.level;
    *type = m.type;
    return n;
  }
  return 0;
}

KeyPart MakePart(const std::vector<std::string>& tokens, std::size_t begin, std::size_t end) {
  KeyPart part;
  part.key = JoinTokens(tokens, begin, end);
  std::size_t name_begin = begin, name_end = end;
  Level level = Level::kUnknown;
  UnitType type = UnitType::kNone;
  const std::size_t n = MarkerAt(tokens, begin, &level, &type);
  if (n > 0 && begin + n < end) {
    name_begin = begin + n;
    part.level = level;
    part.type = type;
  } else if (end - begin >= 2) {
    for (const Suffix& s : kSuffixes) {
      if (tokens[end - 1] != s.word) continue;
      name_end = end - 1;
      part.level = s.level;
      break;
    }
  }
  part.bare = JoinTokens(tokens, name_begin, name_end);
  return part;
}

std::string NoSpace(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c != ' ') out.push_back(c);
  }
  return out;
}

bool HasDigit(std::string_view key) { return std::any_of(key.begin(), key.end(), IsDigit); }

std::vector<std::string> WithDeletions(std::string_view s) {
  std::vector<std::string> out;
  out.reserve(s.size() + 1);
  out.emplace_back(s);
  for (std::size_t i = 0; i < s.size(); ++i) {
    // Deleting either of two equal neighbours gives the same string: keep one.
    if (i > 0 && s[i] == s[i - 1]) continue;
    std::string d(s.substr(0, i));
    d.append(s.substr(i + 1));
    out.push_back(std::move(d));
  }
  return out;
}

std::string AccentKey(std::string_view utf8) {
  // Tone on the first vowel of "oa", "oe", "uy" (old style) -> on the second (new style).
  static constexpr std::string_view kToneMoves[][2] = {
      {"òa", "oà"}, {"óa", "oá"}, {"ỏa", "oả"}, {"õa", "oã"}, {"ọa", "oạ"},
      {"òe", "oè"}, {"óe", "oé"}, {"ỏe", "oẻ"}, {"õe", "oẽ"}, {"ọe", "oẹ"},
      {"ùy", "uỳ"}, {"úy", "uý"}, {"ủy", "uỷ"}, {"ũy", "uỹ"}, {"ụy", "uỵ"},
  };
  std::string out;
  out.reserve(utf8.size());
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto length = static_cast<std::int32_t>(utf8.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) c = 0xfffd;  // ill-formed: the normalizer's replacement character
    std::uint8_t bytes[U8_MAX_LENGTH];
    std::int32_t n = 0;
    U8_APPEND_UNSAFE(bytes, n, u_tolower(c));  // bytes holds any code point
    out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(n));
  }
  for (const auto& move : kToneMoves) {
    for (std::size_t at = out.find(move[0]); at != std::string::npos;
         at = out.find(move[0], at + move[1].size())) {
      out.replace(at, move[0].size(), move[1]);
    }
  }
  return out;
}

bool ContainsName(std::string_view text, std::string_view name) {
  auto boundary = [](char c) {
    return static_cast<unsigned char>(c) < 0x80 && !IsLower(c) && !IsDigit(c);
  };
  if (name.empty()) return false;
  for (std::size_t at = text.find(name); at != std::string_view::npos;
       at = text.find(name, at + 1)) {
    const std::size_t end = at + name.size();
    if ((at == 0 || boundary(text[at - 1])) && (end == text.size() || boundary(text[end]))) {
      return true;
    }
  }
  return false;
}

bool WithinOneEdit(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  std::size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i == a.size()) return true;  // equal, or b has one extra byte at the end
  if (a.size() == b.size()) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // substitution
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           a.substr(i + 2) == b.substr(i + 2);  // transposition
  }
  return a.substr(i) == b.substr(i + 1);  // b has one extra byte at i
}

}  // namespace pakn::classify::places_internal
