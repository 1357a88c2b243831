#include "base/pii.h"

#include <algorithm>
#include <vector>

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
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsDigit(c) || IsAsciiAlpha(c); }
char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
// A byte that can stand in an e-mail's local part or domain.
bool IsMailChar(char c) { return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '-' || c == '+'; }

struct Span {
  size_t begin = 0;
  size_t end = 0;
};

// E-mail addresses, in order: `local@domain`, the domain with a dot and a last label of at least
// two letters, in any case ("Nguyen.Van.A@Gmail.COM"). Each byte is looked at a bounded number
// of times: the walk back from an '@' stops at the previous '@' or address.
std::vector<Span> FindEmails(std::string_view t) {
  std::vector<Span> spans;
  size_t floor = 0;
  for (size_t at = t.find('@'); at != std::string_view::npos; at = t.find('@', at + 1)) {
    size_t start = at;
    while (start > floor && IsMailChar(t[start - 1])) --start;
    while (start < at && !IsAsciiAlnum(t[start])) ++start;  // "...an@", "+an@"
    size_t end = at + 1;
    while (end < t.size() && IsMailChar(t[end])) ++end;
    while (end > at + 1 && !IsAsciiAlnum(t[end - 1])) --end;  // a sentence's full stop
    floor = at + 1;
    if (start == at || end == at + 1 || !IsAsciiAlnum(t[at + 1])) continue;
    const std::string_view domain = t.substr(at + 1, end - at - 1);
    const size_t dot = domain.rfind('.');
    if (dot == std::string_view::npos || domain.size() - dot - 1 < 2) continue;
    bool letters = true;
    for (size_t k = dot + 1; k < domain.size(); ++k) letters = letters && IsAsciiAlpha(domain[k]);
    if (!letters) continue;
    spans.push_back({start, end});
    floor = end;
  }
  return spans;
}

// Bytes of the white space at `i` (a space or a no-break space), 0 when there is none.
size_t SpaceAt(std::string_view t, size_t i, size_t limit) {
  if (i < limit && t[i] == ' ') return 1;
  if (i + 1 < limit && t[i] == '\xC2' && t[i + 1] == '\xA0') return 2;
  return 0;
}

// One group of digits in a number as written: "0912", "(024)", "(+84)", "+84", "(0)".
struct Group {
  size_t begin = 0;        // first byte, '(' or '+' included
  size_t end = 0;          // past the last digit or the ')'
  size_t first_digit = 0;  // index in NumberRun::digits
  size_t digits = 0;
  bool paren = false;
  bool spaced = false;     // the separator before it holds a space: a number may start here
};

// Groups of digits separated by white space, a dot or a dash (one of them, with or without
// spaces around: "0912.345.678", "0912 - 345 - 678"), or a parenthesised group of at most four
// digits ("(024) 3825 1234", "(+84) 912 345 680", "+84 (0) 912 345 678").
struct NumberRun {
  std::vector<Group> groups;
  std::string digits;
  bool plus = false;
  size_t end = 0;
};

// "(84)", "(+84)", "(024)", "(0)" at `i`: the end past ')' or 0.
size_t ReadParenGroup(std::string_view t, size_t i, size_t limit, bool allow_plus, Group* g,
                      NumberRun* r) {
  size_t j = i + 1;
  bool plus = false;
  if (allow_plus && j < limit && t[j] == '+') {
    plus = true;
    ++j;
  }
  size_t k = j;
  while (k < limit && IsDigit(t[k]) && k - j <= 4) ++k;
  if (k == j || k - j > 4 || k >= limit || t[k] != ')') return 0;
  r->plus = r->plus || plus;
  g->begin = i;
  g->end = k + 1;
  g->first_digit = r->digits.size();
  g->digits = k - j;
  g->paren = true;
  r->digits.append(t.substr(j, k - j));
  return k + 1;
}

// Reads the run that starts at `i` (a digit, '+' and a digit, or '('); false when '(' does not
// open a short parenthesised group. Linear in the run's length; never reads at or past `limit`.
bool ReadNumberRun(std::string_view t, size_t i, size_t limit, NumberRun* r) {
  r->groups.clear();
  r->digits.clear();
  r->plus = false;
  size_t p = i;
  Group g;
  if (t[p] == '(') {
    p = ReadParenGroup(t, p, limit, /*allow_plus=*/true, &g, r);
    if (p == 0) return false;
  } else {
    if (t[p] == '+') {
      r->plus = true;
      ++p;
    }
    const size_t d = p;
    while (p < limit && IsDigit(t[p])) ++p;
    g = Group{i, p, 0, p - d, false, false};
    r->digits.append(t.substr(d, p - d));
  }
  r->groups.push_back(g);
  while (true) {
    size_t q = p;
    int spaces = 0;
    bool punct = false;
    while (true) {
      const size_t s = SpaceAt(t, q, limit);
      if (s != 0 && spaces < 4) {
        q += s;
        ++spaces;
      } else if (!punct && q < limit && (t[q] == '.' || t[q] == '-')) {
        punct = true;
        ++q;
      } else if (!punct && q + 2 < limit && t.compare(q, 3, "\xE2\x80\x93") == 0) {  // en dash
        punct = true;
        q += 3;
      } else {
        break;
      }
    }
    if (q < limit && IsDigit(t[q]) && (q > p || r->groups.back().paren)) {
      const size_t d = q;
      while (q < limit && IsDigit(t[q])) ++q;
      // Two whole phone numbers joined by a dash or dot ("0912345678-0987654321") are two.
      const bool two_numbers = punct && r->groups.back().digits >= 10 && q - d >= 10;
      g = Group{d, q, r->digits.size(), q - d, false, spaces > 0 || two_numbers};
      r->digits.append(t.substr(d, q - d));
      r->groups.push_back(g);
      p = q;
      continue;
    }
    if (q < limit && t[q] == '(' && !punct) {
      const size_t e = ReadParenGroup(t, q, limit, /*allow_plus=*/false, &g, r);
      if (e != 0) {
        g.spaced = spaces > 0;
        r->groups.push_back(g);
        p = e;
        continue;
      }
    }
    break;
  }
  r->end = p;
  return true;
}

// A Vietnamese national number with its leading 0: mobiles 03x, 05x, 07x, 08x, 09x and 10
// digits; landlines 02x and 11 digits (area code and subscriber number).
bool IsNationalPhone(std::string_view n) {
  if (n.size() < 10 || n[0] != '0') return false;
  if (n.size() == 10) {
    return n[1] == '3' || n[1] == '5' || n[1] == '7' || n[1] == '8' || n[1] == '9';
  }
  return n.size() == 11 && n[1] == '2';
}

// The digits as a phone number: with +84, 0084 or 84 in front (the 0 after it optional), or
// national.
bool IsPhoneDigits(std::string_view d, bool plus, bool* country_code) {
  *country_code = false;
  if (!plus && d.size() >= 13 && d.compare(0, 4, "0084") == 0) {
    d.remove_prefix(2);
    plus = true;
  }
  if (plus || (d.size() >= 11 && d.compare(0, 2, "84") == 0)) {
    if (d.size() < 2 || d.compare(0, 2, "84") != 0) return false;
    *country_code = true;
    const std::string_view rest = d.substr(2);
    if (!rest.empty() && rest[0] == '0') return IsNationalPhone(rest);
    return IsNationalPhone(std::string("0").append(rest));
  }
  return IsNationalPhone(d);
}

// Whether the text right before `begin` names an identity document ("CCCD", "số CMND:",
// "chứng minh nhân dân số", "số định danh cá nhân"). Looks back a bounded number of bytes.
bool FollowsIdWord(std::string_view t, size_t begin) {
  size_t j = begin;
  auto skip_punct = [&] {
    for (int n = 0; n < 6 && j > 0; ++n) {
      const char c = t[j - 1];
      if (c == ' ' || c == ':' || c == '.' || c == '#' || c == '-' || c == '(') {
        --j;
      } else {
        break;
      }
    }
  };
  auto ends_with_word = [&](std::string_view word) {
    if (j < word.size()) return false;
    for (size_t k = 0; k < word.size(); ++k) {
      if (AsciiLower(t[j - word.size() + k]) != word[k]) return false;
    }
    return j == word.size() || !IsAsciiAlnum(t[j - word.size() - 1]);
  };
  skip_punct();
  for (std::string_view so : {std::string_view("số"), std::string_view("so")}) {
    if (ends_with_word(so)) {
      j -= so.size();
      skip_punct();
      break;
    }
  }
  static constexpr std::string_view kWords[] = {"cmnd",     "cmt",       "cmtnd",    "cccd",
                                                "nhân dân", "minh thư",  "căn cước", "công dân",
                                                "định danh", "cá nhân"};
  for (std::string_view w : kWords) {
    if (ends_with_word(w)) return true;
  }
  return false;
}

enum class Found { kNone, kPhone, kId };

// What the groups `s`..`e` of `r` hold. Phones: groups of at least two digits (a "(0)" aside),
// at most six, and a national number in four or more groups starts with a group of three or
// more digits (not a list of days "03 05 07 08 09"). IDs: 12 digits (CCCD) written in one
// piece, or starting the run with a province code (001–096) when grouped; 9 (CMND) or 12
// digits after a word naming the document.
Found Classify(std::string_view t, const NumberRun& r, size_t s, size_t e) {
  const size_t first = r.groups[s].first_digit;
  const std::string_view d =
      std::string_view(r.digits).substr(first, r.groups[e].first_digit + r.groups[e].digits - first);
  const bool plus = r.plus && s == 0;
  const size_t n = e - s + 1;
  bool short_group = false;
  bool paren = false;
  for (size_t k = s; k <= e; ++k) {
    short_group = short_group || (r.groups[k].digits < 2 && !r.groups[k].paren);
    paren = paren || r.groups[k].paren;
  }
  bool country_code = false;
  if (n <= 6 && !short_group && IsPhoneDigits(d, plus, &country_code) &&
      (country_code || n <= 3 || r.groups[s].digits >= 3)) {
    return Found::kPhone;
  }
  if (plus || (d.size() != 12 && d.size() != 9)) return Found::kNone;
  if (d.size() == 12 && n == 1) return Found::kId;
  if (FollowsIdWord(t, r.groups[s].begin)) return Found::kId;
  if (d.size() == 12 && s == 0 && !paren && !short_group && d[0] == '0' && d[3] <= '3') {
    const int province = (d[1] - '0') * 10 + (d[2] - '0');
    if (province >= 1 && province <= 96) return Found::kId;
  }
  return Found::kNone;
}

// Whether a number may end where the run ends: not glued to a letter, nor to the next part of
// a date, an amount or a code ("12/05", "12,5"); "0912345678/0987654321" holds two phones.
bool EndsClean(std::string_view t, size_t end, Found kind) {
  if (end >= t.size()) return true;
  const char c = t[end];
  if (IsAsciiAlnum(c) || c == '@') return false;
  if ((c == '.' || c == '/' || c == ',' || c == '-') && end + 1 < t.size() && IsDigit(t[end + 1])) {
    return kind == Found::kPhone && (c == '/' || c == ',');
  }
  return true;
}

}  // namespace

std::string MaskPiiInText(std::string_view t, int* found) {
  std::string out;
  out.reserve(t.size());
  int masks = 0;
  const std::vector<Span> mails = FindEmails(t);
  size_t next_mail = 0;
  size_t copied = 0;  // t[0, copied) is in `out`
  auto mask = [&](size_t begin, size_t end, const std::string& replacement) {
    out.append(t.substr(copied, begin - copied));
    out.append(replacement);
    copied = end;
    ++masks;
  };
  NumberRun run;
  size_t i = 0;
  while (i < t.size()) {
    const size_t limit = next_mail < mails.size() ? mails[next_mail].begin : t.size();
    if (i == limit) {
      const Span m = mails[next_mail++];
      mask(m.begin, m.end, MaskEmail(t.substr(m.begin, m.end - m.begin)));
      i = m.end;
      continue;
    }
    const char c = t[i];
    const bool boundary = i == 0 || !IsAsciiAlnum(t[i - 1]);
    const bool starts = IsDigit(c) || (c == '+' && i + 1 < limit && IsDigit(t[i + 1])) || c == '(';
    if (!boundary || !starts || !ReadNumberRun(t, i, limit, &run)) {
      ++i;
      continue;
    }
    // The longest number starting at a group that may start one (the first, or one after a
    // space) and ending where one may end (before a space, or at a clean end of the run).
    const size_t count = run.groups.size();
    for (size_t s = 0; s < count;) {
      if (s > 0 && !run.groups[s].spaced) {
        ++s;
        continue;
      }
      size_t best = count;
      size_t digits = 0;
      for (size_t e = s; e < count && e - s < 6; ++e) {
        digits += run.groups[e].digits;
        if (digits > 14) break;  // "0084 28 3822 1234"
        const Found kind = Classify(t, run, s, e);
        if (kind == Found::kNone) continue;
        if (e + 1 < count ? run.groups[e + 1].spaced : EndsClean(t, run.end, kind)) best = e;
      }
      if (best == count) {
        ++s;
        continue;
      }
      const size_t first = run.groups[s].first_digit;
      const size_t last = run.groups[best].first_digit + run.groups[best].digits;
      mask(run.groups[s].begin, run.groups[best].end,
           MaskDigits(std::string_view(run.digits).substr(first, last - first)));
      s = best + 1;
    }
    i = std::max(run.end, i + 1);
  }
  out.append(t.substr(copied));
  if (found) *found = masks;
  return out;
}

}  // namespace pakn
