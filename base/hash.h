// Fnv1a64: a small, stable, non-cryptographic hash (FNV-1a, 64 bits). Stable across builds and
// platforms, so it can be stored: rule-set versions, payload fingerprints. Not for security.
#pragma once

#include <cstdint>
#include <string_view>

namespace pakn {

inline uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace pakn
