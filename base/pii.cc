#include "base/pii.h"

namespace pakn {
namespace {

size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

}  // namespace

std::string MaskName(std::string_view name) {
  std::string out;
  bool at_word_start = true;
  for (size_t i = 0; i < name.size();) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    const size_t n = std::min(Utf8Length(c), name.size() - i);
    if (c == ' ') {
      at_word_start = true;
    } else if (at_word_start) {
      if (!out.empty()) out.push_back(' ');
      out.append(name.substr(i, n));
      out.append("***");
      at_word_start = false;
    }
    i += n;
  }
  return out;
}

std::string MaskDigits(std::string_view digits) {
  if (digits.empty()) return {};
  const size_t keep = digits.size() > 6 ? 3 : 0;
  std::string out(digits.size() - keep, '*');
  out.append(digits.substr(digits.size() - keep));
  return out;
}

std::string MaskEmail(std::string_view email) {
  if (email.empty()) return {};
  const size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0) return "***";
  std::string out(email.substr(0, 1));
  out.append("***");
  out.append(email.substr(at));
  return out;
}

std::string MaskFreeText(std::string_view text) { return text.empty() ? "" : "***"; }

std::string MaskOccurrences(std::string_view text, const std::vector<std::string>& values,
                            const std::vector<std::string>& masks) {
  std::string out(text);
  for (size_t v = 0; v < values.size() && v < masks.size(); ++v) {
    const std::string& value = values[v];
    if (value.size() < 3) continue;
    for (size_t pos = out.find(value); pos != std::string::npos;
         pos = out.find(value, pos + masks[v].size())) {
      out.replace(pos, value.size(), masks[v]);
    }
  }
  return out;
}

}  // namespace pakn
