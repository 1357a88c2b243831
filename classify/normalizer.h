// Vietnamese text normalization for petition classification.
//
// Purpose: turn the free text of a petition into (a) a clean display form
// and (b) an accent-free, lower-case search key whose space-separated terms
// are the syllables used for matching and indexing.
//
// Contract:
//  * canonical: default-ignorable code points (BOM, ZWSP, ZWJ, soft hyphen,
//    ...) and control characters are removed before NFC, so that an invisible
//    character between a letter and its combining mark cannot block
//    composition; then NFC; then every run of Unicode White_Space (including
//    \t \n \r, NBSP, U+3000) becomes one ASCII space; both ends are trimmed.
//  * search_key: computed from canonical. Latin diacritics are stripped
//    (all Vietnamese tone marks and vowel modifiers), đ/Đ become d,
//    compatibility forms are folded (fullwidth Ａ１ -> a1, ﬁ -> fi), letters are
//    lower-cased, and each run of code points that are neither letters nor
//    digits becomes one ASCII space; both ends are trimmed. Letters of other
//    scripts are kept (lower-cased), with their own combining marks.
//  * Input should be valid UTF-8; ill-formed sequences become U+FFFD in
//    canonical (and thus a separator in search_key). Input longer than
//    kMaxInputBytes is cut at that length; petitions are orders of magnitude
//    smaller, the cap only keeps sizes inside ICU's int32 string lengths.
//  * No exceptions are thrown by this API other than std::bad_alloc.
//
// Thread safety: Create() once. The object is immutable afterwards; all
// public methods are const and may be called concurrently from any number of
// threads on the same instance. The ICU Normalizer2 singletons it uses are
// documented as immutable and thread-safe.
//
// This first version does not yet reposition tone marks ("hoà" vs "hòa"),
// decode legacy encodings (TCVN3, VNI) or repair mojibake.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "unicode/uversion.h"

// ICU's namespace is versioned (icu_72); this is ICU's sanctioned way to
// forward-declare without pulling normalizer2.h into every includer.
U_NAMESPACE_BEGIN
class Normalizer2;
U_NAMESPACE_END

namespace pakn::classify {

namespace normalizer_internal {
// Precomputed search-key output for one code point: up to kMaxBytes of UTF-8
// (internal separators already written as ' ') plus whether the code point
// begins/ends with a separator. len == 0 && flags == 0 means "drop silently"
// (a stripped diacritic).
struct KeyEntry {
  static constexpr std::size_t kMaxBytes = 14;
  std::uint8_t len = 0;
  std::uint8_t flags = 0;
  char bytes[kMaxBytes] = {};
};
}  // namespace normalizer_internal

struct NormalizedText {
  std::string canonical;   // clean display text: NFC, invisible/control chars removed, whitespace collapsed, trimmed
  std::string search_key;  // lower case, no diacritics, đ/Đ→d, every run of non-letter/non-digit → one ASCII space, trimmed
};

// Normalizer: Vietnamese text normalization with ICU. Construct once (Create
// loads ICU's normalizer instances and builds lookup tables); after that
// Normalize/SearchKey are const and safe to call from many threads at once.
class Normalizer {
 public:
  // Inputs are truncated (at a UTF-8 boundary) beyond this many bytes.
  static constexpr std::size_t kMaxInputBytes = std::size_t{1} << 30;

  // Fails only if ICU's normalization data cannot be loaded.
  static StatusOr<std::unique_ptr<Normalizer>> Create();

  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  // `utf8` must be valid UTF-8 (the parser rejects invalid input before this
  // point); if it is not, invalid sequences are replaced by U+FFFD rather
  // than crashing.
  NormalizedText Normalize(std::string_view utf8) const;
  std::string Canonical(std::string_view utf8) const;
  std::string SearchKey(std::string_view utf8) const;

  // Search key of text that is already the output of Canonical(); skips the
  // canonical pass. Other input is tolerated but may key differently.
  std::string SearchKeyFromCanonical(std::string_view canonical) const;

 private:
  Normalizer(const icu::Normalizer2* nfc, const icu::Normalizer2* nfkc);

  Status BuildTables();
  std::uint8_t CharClass(std::int32_t c) const;

  const icu::Normalizer2* nfc_;   // not owned; ICU singleton
  const icu::Normalizer2* nfkc_;  // not owned; ICU singleton
  // Canonical-pass class bits for every BMP code point (see .cc).
  std::vector<std::uint8_t> bmp_class_;
  // Search-key output for Latin (U+0000..U+036F, U+1E00..U+1EFF) and
  // halfwidth/fullwidth forms (U+FF00..U+FFEF).
  std::vector<normalizer_internal::KeyEntry> key_table_;
};

// The syllable terms of a search key (split on spaces, empty ones dropped),
// views into `search_key`.
std::vector<std::string_view> Terms(std::string_view search_key);

}  // namespace pakn::classify
