#include "classify/text_cleaner.h"

#include <algorithm>

#include "base/strings.h"

namespace pakn::classify {

void TextCleaner::MergeRepairs(const std::vector<std::string>& more,
                               std::vector<std::string>& into) {
  for (const std::string& kind : more)
    if (std::find(into.begin(), into.end(), kind) == into.end()) into.push_back(kind);
}

namespace {
bool IsAscii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}
}  // namespace

// Repairs mojibake, or decodes VIQR in ASCII text; true when `text` was changed.
bool TextCleaner::RepairEncoding(std::string& text, std::vector<std::string>& repairs) const {
  if (options_.repair_mojibake && MayBeMojibake(text)) {
    if (auto fix = RepairMojibake(text)) {
      text = std::move(fix->text);
      repairs.push_back(std::move(fix->kind));
      return true;
    }
  } else if (options_.decode_viqr && IsAscii(text)) {
    if (auto viqr = DecodeViqrIfDetected(text)) {
      text = std::move(*viqr);
      repairs.push_back("viqr");
      return true;
    }
  }
  return false;
}

MarkRun LongestMarkRun(std::string_view s) {
  MarkRun best, run;
  for (size_t i = 0; i < s.size();) {
    const auto [c, n] = Utf8CodePointAt(s, i);
    if (IsCombiningMark(c)) {
      if (run.length++ == 0) run.at = i;
      if (run.length > best.length) best = run;
    } else {
      run.length = 0;
    }
    i += n;
  }
  return best;
}

size_t DropExcessMarks(std::string& s) {
  if (LongestMarkRun(s).length <= kMaxCombiningMarks) return 0;  // the usual case: no copy
  std::string kept;
  kept.reserve(s.size());
  size_t run = 0, dropped = 0;
  for (size_t i = 0; i < s.size();) {
    const auto [c, n] = Utf8CodePointAt(s, i);
    run = IsCombiningMark(c) ? run + 1 : 0;
    if (run > kMaxCombiningMarks)
      ++dropped;
    else
      kept.append(s, i, n);
    i += n;
  }
  s = std::move(kept);
  return dropped;
}

CleanText TextCleaner::Clean(std::string_view utf8) const {
  CleanText out;
  std::string text(utf8);
  if (DropExcessMarks(text) > 0) out.repairs.push_back("marks:dropped");
  // One pass is enough for almost all text. A repair can uncover another (a look-alike letter
  // replaced inside a mojibake word, mojibake hidden behind invisible characters), so a text
  // that needed such repairs goes round again, until a pass changes nothing: cleaning is
  // idempotent.
  for (int pass = 0; pass < 3; ++pass) {
    std::vector<std::string> repairs;
    RepairEncoding(text, repairs);
    std::string canonical = normalizer_->Canonical(text);
    if (canonical != text && RepairEncoding(canonical, repairs))
      canonical = normalizer_->Canonical(canonical);
    if (MayNeedToneWork(canonical)) {
      std::vector<Repair> tone_repairs;
      std::string placed = PlaceToneMarks(canonical, options_.tone_style, &tone_repairs);
      if (!tone_repairs.empty()) {
        canonical = std::move(placed);
        for (Repair& r : tone_repairs) repairs.push_back(std::move(r.kind));
      }
    }
    // A repair or a moved tone mark can join two runs of marks into one longer than the
    // budget (the fuzzer found it): drop again, so that the output holds none and a second
    // cleaning finds nothing to drop.
    if (DropExcessMarks(canonical) > 0) repairs.push_back("marks:dropped");
    MergeRepairs(repairs, out.repairs);
    text = std::move(canonical);
    if (repairs.empty()) break;
    // Moving a tone mark inside a Vietnamese word rarely uncovers anything, so skip the
    // next pass when the (cheap) mojibake check says there is nothing to find. The fuzzer
    // found the exception: a mark moved inside a broken word can complete a mojibake span.
    const bool only_tones = std::all_of(repairs.begin(), repairs.end(), [](const std::string& r) {
      return r.rfind("tone:", 0) == 0;
    });
    if (only_tones && !(options_.repair_mojibake && MayBeMojibake(text))) break;
  }
  out.canonical = std::move(text);
  return out;
}

}  // namespace pakn::classify
