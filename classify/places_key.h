// Internal to classify/places.cc: how a written place name becomes lookup keys.
//
// Purpose: a citizen writes "P. Bến Nghé", "phuong 05", "Q.1", "TP.HCM", "Ho Chi Minh City".
// After Normalizer::SearchKey ("p ben nghe", "phuong 05", "q 1", "tp hcm") these helpers
//  * clean the tokens: "p5"/"q10" are split into letters and number, leading zeros go
//    ("05" -> "5"), so numbered wards and districts key the same however they were written;
//  * recognise one administrative marker at the front ("phường", "p", "xã", "thị trấn", "quận",
//    "huyện", "thị xã", "thành phố", "tp", "tỉnh", ...) or an English one at the end ("city",
//    "ward", ...), and keep both the whole key and the bare name, because some names begin with a
//    marker word (Xã Tịnh Khê is "tinh khe", Xã Quan Sơn is "quan son");
//  * compare names with their diacritics, when the citizen wrote them, to rank candidates;
//  * give the spelling-tolerant forms: the key without spaces, its one-byte deletions
//    (symmetric-delete fuzzy lookup) and an edit-distance check.
//
// Contract: input is a search key (lower case ASCII letters and digits for Vietnamese, words
// separated by one space); other letters are carried through unchanged. Pure functions.
//
// Thread safety: stateless; safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pakn::classify::places_internal {

// The administrative level a marker implies. kCity ("thành phố", "tp") is either a province
// ("TP. Hà Nội") or a pre-2025 district-level city ("TP. Thủ Đức").
enum class Level : std::uint8_t { kUnknown, kWard, kDistrict, kCity, kProvince };

// The unit type a ward-level marker names. "Thị trấn" no longer exists after 2025, so it marks an
// old name; the others are types of both old and new units.
enum class UnitType : std::uint8_t { kNone, kPhuong, kXa, kThiTran, kDacKhu };

struct KeyPart {
  std::string key;   // all cleaned tokens: "phuong 5", "tinh khe"
  std::string bare;  // without the marker: "5"; equal to key when there is none
  Level level = Level::kUnknown;
  UnitType type = UnitType::kNone;
};

// The cleaned tokens of a search key (see the file comment).
std::vector<std::string> PlaceTokens(std::string_view search_key);

// Number of tokens of the marker that starts at tokens[i] (0 if none), with what it implies.
// Only markers from the front list (not English suffixes).
std::size_t MarkerAt(const std::vector<std::string>& tokens, std::size_t i, Level* level,
                     UnitType* type);

// One part from tokens[begin, end): strips one leading marker or one trailing English marker,
// but never the last name token ("Xã" alone stays "xa").
KeyPart MakePart(const std::vector<std::string>& tokens, std::size_t begin, std::size_t end);

// The key without spaces: "ba ria vung tau" -> "bariavungtau".
std::string NoSpace(std::string_view key);

// Whether the key contains a digit; numbered names ("Phường 2") are never matched fuzzily,
// since "phuong 2" and "phuong 3" are one edit apart.
bool HasDigit(std::string_view key);

// `s` and each string made by deleting one byte of it (duplicates removed).
std::vector<std::string> WithDeletions(std::string_view s);

// The text in lower case (u_tolower per code point) with its diacritics, and the tone mark of
// "oa", "oe", "uy" always on the second vowel: "Phường Mỹ Thọ" -> "phường mỹ thọ",
// "Khánh Hòa" -> "khánh hoà". Both placements are in use (the two data sources differ), and
// a citizen's choice of one must not count as different diacritics. Input must be NFC.
std::string AccentKey(std::string_view utf8);

// Whether `name` (lower case, NFC) occurs in `text` (lower case, NFC) between word boundaries
// (start, end or an ASCII character that is not a letter or digit). Tells "Mỹ Thọ" from
// "Mỹ Tho" when the citizen wrote the diacritics.
bool ContainsName(std::string_view text, std::string_view name);

// Optimal-string-alignment distance of a and b is at most 1 (one insertion, deletion,
// substitution or transposition of adjacent bytes).
bool WithinOneEdit(std::string_view a, std::string_view b);

}  // namespace pakn::classify::places_internal
