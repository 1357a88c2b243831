#include "base/pii.h"

#include "base/strings.h"

namespace pakn {

std::string MaskName(std::string_view name) {
  std::string out;
  bool at_word_start = true;
  for (size_t i = 0; i < name.size();) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    const size_t n = std::min(Utf8SequenceLength(c), name.size() - i);
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

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
// A byte that can stand in an e-mail's local part or domain.
bool IsMailChar(char c) { return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '-' || c == '+'; }

// A run of digit groups starting at `i` (a digit, '+' or '('): the digits it holds and where
// it ends. Groups may be separated by one space, dot or dash; one group may be in parentheses.
struct NumberRun {
  std::string digits;
  size_t end = 0;
  bool plus = false;
  bool separated = false;
};

NumberRun ReadNumberRun(std::string_view t, size_t i) {
  NumberRun r;
  if (t[i] == '+') {
    r.plus = true;
    ++i;
  }
  bool open_paren = false;
  size_t last_digit_end = i;
  while (i < t.size()) {
    const char c = t[i];
    if (IsDigit(c)) {
      r.digits.push_back(c);
      ++i;
      last_digit_end = i;
      continue;
    }
    if (c == '(' && !open_paren && r.digits.size() <= 3 && i + 1 < t.size() && IsDigit(t[i + 1])) {
      open_paren = true;
      ++i;
      continue;
    }
    if (c == ')' && open_paren) {
      open_paren = false;
      ++i;
      if (i < t.size() && t[i] == ' ') ++i;
      r.separated = true;
      continue;
    }
    if ((c == ' ' || c == '.' || c == '-') && i + 1 < t.size() && IsDigit(t[i + 1]) &&
        !r.digits.empty()) {
      r.separated = true;
      ++i;
      continue;
    }
    break;
  }
  r.end = last_digit_end;
  return r;
}

bool IsPhone(const NumberRun& r) {
  const std::string& d = r.digits;
  if (r.plus || (d.size() >= 11 && d.compare(0, 2, "84") == 0 && d[2] != '0')) {
    // +84 912 345 678: the national number without its 0.
    if (d.compare(0, 2, "84") != 0) return false;
    const size_t n = d.size() - 2;
    return (n == 9 && d[2] != '0') || (n == 10 && d[2] == '2');
  }
  if (d.empty() || d[0] != '0') return false;
  if (d.size() == 10) return d[1] == '3' || d[1] == '5' || d[1] == '7' || d[1] == '8' || d[1] == '9';
  return d.size() == 11 && d[1] == '2';  // landlines: 02x + 8 digits
}

}  // namespace

std::string MaskPiiInText(std::string_view t, int* found) {
  std::string out;
  out.reserve(t.size());
  int masks = 0;
  size_t i = 0;
  while (i < t.size()) {
    const char c = t[i];
    const bool boundary = i == 0 || !IsAsciiAlnum(t[i - 1]);
    if (boundary && (IsDigit(c) || (c == '+' && i + 1 < t.size() && IsDigit(t[i + 1])) ||
                     (c == '(' && i + 1 < t.size() && IsDigit(t[i + 1])))) {
      const NumberRun r = ReadNumberRun(t, i);
      const bool ends_clean = r.end >= t.size() ||
                              (!IsAsciiAlnum(t[r.end]) &&
                               !((t[r.end] == '.' || t[r.end] == '/' || t[r.end] == ',') &&
                                 r.end + 1 < t.size() && IsDigit(t[r.end + 1])));
      if (ends_clean && IsPhone(r)) {
        out.append(MaskDigits(r.digits));
        ++masks;
        i = r.end;
        continue;
      }
      if (ends_clean && !r.separated && !r.plus && r.digits.size() == 12) {
        out.append(MaskDigits(r.digits));
        ++masks;
        i = r.end;
        continue;
      }
      // Not personal data: copy the whole run so its tail is not re-read as a new number.
      const size_t end = std::max(r.end, i + 1);
      out.append(t.substr(i, end - i));
      i = end;
      continue;
    }
    if (c == '@' && i > 0 && IsMailChar(t[i - 1])) {
      size_t start = i;
      while (start > 0 && IsMailChar(t[start - 1])) --start;
      size_t end = i + 1;
      while (end < t.size() && IsMailChar(t[end])) ++end;
      while (end > i + 1 && (t[end - 1] == '.' || t[end - 1] == '-')) --end;  // sentence dot
      const std::string_view domain = t.substr(i + 1, end - i - 1);
      if (domain.find('.') != std::string_view::npos && start < i) {
        const size_t local_len = i - start;
        out.resize(out.size() - local_len);
        out.append(MaskEmail(t.substr(start, end - start)));
        ++masks;
        i = end;
        continue;
      }
    }
    out.push_back(c);
    ++i;
  }
  if (found) *found = masks;
  return out;
}

}  // namespace pakn
