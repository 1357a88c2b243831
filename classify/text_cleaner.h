// TextCleaner: the text of a petition as pakn keeps it for display, routing and search. One
// pass per text field, each step reported as a repair ("tone:style", "lookalike:U+00D0",
// "mojibake:tcvn3", ...) that is stored with the record; the citizen's original bytes stay in
// the stored payload.
//
//   1. Canonical form (Normalizer::Canonical): invisible and control characters removed
//      before NFC, white space collapsed.
//   2. Tone marks where the office's style puts them, misplaced or doubled marks repaired,
//      look-alike letters (Icelandic eth, Cyrillic, fullwidth) replaced (PlaceToneMarks);
//      words that are not Vietnamese syllables are left alone.
//
// Thread safety: immutable after construction; Clean() may run on many threads. The
// normalizer must outlive the cleaner.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "classify/normalizer.h"
#include "classify/vn_syllable.h"

namespace pakn::classify {

struct TextCleanerOptions {
  // Tone placement of oa/oe/uy open syllables: kOld (hòa, thủy; the default) or kNew (hoà).
  ToneStyle tone_style = ToneStyle::kOld;
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
  const Normalizer* normalizer_;
  TextCleanerOptions options_;
};

}  // namespace pakn::classify
