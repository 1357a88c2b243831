// Small string helpers in the spirit of absl/strings (StrCat, StrAppend, StrJoin), written for
// std::string_view (see base/status.h for why not absl itself).
//
//   std::string s = StrCat("offset ", 42, " of ", topic);
#pragma once

#include <charconv>
#include <concepts>
#include <string>
#include <string_view>
#include <utility>

#include "fmt/format.h"

namespace pakn {
namespace strings_internal {

inline void Append(std::string& out, std::string_view s) { out.append(s); }
inline void Append(std::string& out, const char* s) { out.append(s); }
inline void Append(std::string& out, const std::string& s) { out.append(s); }
inline void Append(std::string& out, char c) { out.push_back(c); }
inline void Append(std::string& out, bool b) { out.append(b ? "true" : "false"); }
template <std::integral T>
  requires(!std::same_as<T, char> && !std::same_as<T, bool>)
void Append(std::string& out, T v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}
template <std::floating_point T>
void Append(std::string& out, T v) {
  fmt::format_to(std::back_inserter(out), "{}", v);
}

}  // namespace strings_internal

template <typename... Args>
void StrAppend(std::string* out, const Args&... args) {
  (strings_internal::Append(*out, args), ...);
}

template <typename... Args>
std::string StrCat(const Args&... args) {
  std::string out;
  StrAppend(&out, args...);
  return out;
}

template <typename Range>
std::string StrJoin(const Range& parts, std::string_view sep) {
  std::string out;
  bool first = true;
  for (const auto& p : parts) {
    if (!first) out.append(sep);
    first = false;
    strings_internal::Append(out, p);
  }
  return out;
}

// Bytes of the UTF-8 sequence that starts with `lead`; 1 for a byte that cannot start one, so
// that a walk over damaged text still advances one byte at a time.
inline size_t Utf8SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

// Cuts UTF-8 text to at most `max_chars` code points, adding "…" when cut.
inline std::string Ellipsize(std::string_view text, size_t max_chars) {
  size_t chars = 0, i = 0;
  while (i < text.size()) {
    if (chars == max_chars) return std::string(text.substr(0, i)) + "…";
    i += Utf8SequenceLength(static_cast<unsigned char>(text[i]));
    ++chars;
  }
  return std::string(text);
}

// The code point starting at s[i] and its length in bytes; {0, 1} on a byte that does not start
// a well-formed sequence (a walk over damaged text still advances one byte at a time).
constexpr std::pair<char32_t, size_t> Utf8CodePointAt(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return {b, 1};
  const size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  if (n == 1 || i + n > s.size()) return {0, 1};
  char32_t c = b & (0x3F >> (n - 1));
  for (size_t k = 1; k < n; ++k) {
    const auto cont = static_cast<unsigned char>(s[i + k]);
    if ((cont & 0xC0) != 0x80) return {0, 1};
    c = (c << 6) | (cont & 0x3F);
  }
  return {c, n};
}

inline bool StrContains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace pakn
