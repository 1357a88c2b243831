#include "classify/text_cleaner.h"

#include <algorithm>

namespace pakn::classify {

void TextCleaner::MergeRepairs(const std::vector<std::string>& more,
                               std::vector<std::string>& into) {
  for (const std::string& kind : more)
    if (std::find(into.begin(), into.end(), kind) == into.end()) into.push_back(kind);
}

CleanText TextCleaner::Clean(std::string_view utf8) const {
  CleanText out;
  out.canonical = normalizer_->Canonical(utf8);
  if (MayNeedToneWork(out.canonical)) {
    std::vector<Repair> repairs;
    std::string placed = PlaceToneMarks(out.canonical, options_.tone_style, &repairs);
    if (!repairs.empty()) {
      out.canonical = std::move(placed);
      for (const Repair& r : repairs)
        if (std::find(out.repairs.begin(), out.repairs.end(), r.kind) == out.repairs.end())
          out.repairs.push_back(r.kind);
    }
  }
  return out;
}

}  // namespace pakn::classify
