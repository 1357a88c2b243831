// TextCleaner: the text of a petition as pakn keeps it for display, routing and search. One
// pass per text field, each step reported as a repair ("tone:style", "lookalike:U+00D0",
// "mojibake:tcvn3", ...) that is stored with the record; the citizen's original bytes stay in
// the stored payload.
//
//   1. Mojibake repaired (RepairMojibake: UTF-8, TCVN3, VNI, VISCII or CP1258 text that some
//      system decoded as cp1252/latin1), and VIQR decoded where a line is detected as VIQR.
//      Both are conservative: correct text in any language passes unchanged. They run first
//      because TCVN3 mojibake uses U+00AD for "ư", which step 1 would drop.
//   2. Canonical form (Normalizer::Canonical): invisible and control characters removed
//      before NFC, white space collapsed.
//   3. Tone marks where the office's style puts them, misplaced or doubled marks repaired,
//      look-alike letters (Icelandic eth, Cyrillic, fullwidth) replaced (PlaceToneMarks);
//      words that are not Vietnamese syllables are left alone.
//
// Thread safety: immutable after construction; Clean() may run on many threads. The
// normalizer must outlive the cleaner.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "classify/legacy_encoding.h"
#include "classify/normalizer.h"
#include "classify/vn_syllable.h"

namespace pakn::classify {

// A work budget of text. Vietnamese puts at most two combining marks on a letter; a run of
// thousands is an attack on canonical ordering (ICU reorders a run by insertion, quadratic in
// its length: 80,000 alternating U+0301 U+0323 cost 7.7 s). Ingest refuses a title or content
// with a longer run (bad_value), `pakn normalize` leaves such a line out, and Clean drops the
// marks beyond it (repair "marks:dropped"), so that cleaning is linear whatever it is given.
inline constexpr size_t kMaxCombiningMarks = 16;
// Combining marks: U+0300-036F, U+1AB0-1AFF, U+1DC0-1DFF, U+20D0-20FF, U+FE20-FE2F.
constexpr bool IsCombiningMark(char32_t c) {
  return (c >= 0x300 && c <= 0x36F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
         (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
         (c >= 0xFE20 && c <= 0xFE2F);
}
struct MarkRun {
  size_t length = 0, at = 0;  // the longest run of combining marks and its first byte
};
MarkRun LongestMarkRun(std::string_view utf8);  // linear
// Drops the combining marks after the first kMaxCombiningMarks of each run; returns how many.
size_t DropExcessMarks(std::string& utf8);

struct TextCleanerOptions {
  // Tone placement of oa/oe/uy open syllables: kOld (hòa, thủy; the default) or kNew (hoà).
  ToneStyle tone_style = ToneStyle::kOld;
  bool repair_mojibake = true;
  bool decode_viqr = true;
};

struct CleanText {
  std::string canonical;
  std::vector<std::string> repairs;  // distinct repair kinds, in the order first made
};

class TextCleaner {
 public:
  TextCleaner(const Normalizer* normalizer, TextCleanerOptions options)
      : normalizer_(normalizer), options_(options) {}

  CleanText Clean(std::string_view utf8) const;

  // Adds the kinds of `more` that `into` does not hold yet.
  static void MergeRepairs(const std::vector<std::string>& more, std::vector<std::string>& into);

 private:
  bool RepairEncoding(std::string& text, std::vector<std::string>& repairs) const;

  const Normalizer* normalizer_;
  TextCleanerOptions options_;
};

}  // namespace pakn::classify
