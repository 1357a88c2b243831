// ValidateJsonSyntax (json_reader.h): a strict RFC 8259 scanner run before simdjson, so that
// every malformed document is invalid_json with the byte where it goes wrong, and well-formed
// documents simdjson cannot load are named for what they are.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/strings.h"
#include "fmt/format.h"
#include "model/json_reader.h"

namespace pakn {
namespace {

// What stands at `i`, for a message: a character, "the end of the text" or a byte value.
std::string Found(std::string_view s, size_t i) {
  if (i >= s.size()) return "the end of the text";
  const auto c = static_cast<unsigned char>(s[i]);
  if (c >= 0x21 && c < 0x7f) return fmt::format("'{}'", static_cast<char>(c));
  if (c == ' ') return "a space";
  if (c == '\n') return "a line break";
  if (c == '\t') return "a tab";
  return fmt::format("byte 0x{:02x}", c);
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

unsigned HexValue(std::string_view s) {
  unsigned v = 0;
  for (char c : s) v = v * 16 + static_cast<unsigned>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  return v;
}

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  std::optional<Rejection> Run() {
    SkipSpace();
    if (!Value()) return error_;
    SkipSpace();
    if (i_ != s_.size()) Malformed("the end of the JSON text after the value");
    // A well-formed text: only now is a value that cannot be loaded worth reporting.
    if (!error_ && lone_) error_ = std::move(lone_);
    return error_;
  }

 private:
  struct Frame {
    bool object;
    std::string_view key;  // raw, as written between the quotes
    size_t index = 0;
  };

  // The JSON path of the current position, for messages about a well-formed value.
  std::string Path() const {
    std::string p = "$";
    for (const Frame& f : stack_) p += f.object ? StrCat(".", f.key) : StrCat("[", f.index, "]");
    return p;
  }
  bool Malformed(std::string_view expected) {
    if (!error_)
      error_ = MakeRejection(RejectCode::kInvalidJson, "$",
                             StrCat("malformed JSON at byte ", i_, ": expected ", expected,
                                    ", found ", Found(s_, i_)));
    return false;
  }
  bool BadValue(std::string what) {
    if (!error_) error_ = MakeRejection(RejectCode::kBadValue, Path(), what);
    return false;
  }
  void SkipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }
  bool Literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return Malformed(StrCat("'", word, "'"));
    i_ += word.size();
    return true;
  }

  // A string at i_ (on '"'); `raw` gets the text between the quotes.
  bool String(std::string_view* raw) {
    const size_t begin = ++i_;
    unsigned pending_high = 0;  // a high surrogate escape waiting for its low half
    size_t pending_at = 0;
    while (true) {
      if (i_ >= s_.size()) return Malformed("'\"' to close the string");
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') break;
      if (c < 0x20) return Malformed("a character of a string (control characters must be escaped)");
      if (c != '\\') {
        if (pending_high) pending_high = LoneSurrogate(pending_high, pending_at);
        // The common case: a run of ordinary characters, one comparison each.
        const char* p = s_.data() + i_ + 1;
        const char* const end = s_.data() + s_.size();
        while (p < end && static_cast<unsigned char>(*p) >= 0x20 && *p != '"' && *p != '\\') ++p;
        i_ = static_cast<size_t>(p - s_.data());
        continue;
      }
      const size_t esc = i_;
      if (i_ + 1 >= s_.size()) return Malformed("an escape after '\\'");
      const char e = s_[i_ + 1];
      if (e == 'u') {
        if (i_ + 6 > s_.size() || !IsHex(s_[i_ + 2]) || !IsHex(s_[i_ + 3]) || !IsHex(s_[i_ + 4]) ||
            !IsHex(s_[i_ + 5])) {
          i_ += 2;
          while (i_ < s_.size() && i_ < esc + 6 && IsHex(s_[i_])) ++i_;
          return Malformed("4 hexadecimal digits after '\\u'");
        }
        const unsigned u = HexValue(s_.substr(i_ + 2, 4));
        if (u >= 0xDC00 && u <= 0xDFFF) {
          if (!pending_high) LoneSurrogate(u, esc);
          pending_high = 0;
        } else {
          if (pending_high) pending_high = LoneSurrogate(pending_high, pending_at);
          if (u >= 0xD800 && u <= 0xDBFF) {
            pending_high = u;
            pending_at = esc;
          }
        }
        i_ += 6;
        continue;
      }
      if (pending_high) pending_high = LoneSurrogate(pending_high, pending_at);
      if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' &&
          e != 't') {
        ++i_;
        return Malformed("an escape: one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
      }
      i_ += 2;
    }
    if (pending_high) LoneSurrogate(pending_high, pending_at);
    if (raw) *raw = s_.substr(begin, i_ - begin);
    ++i_;
    return true;
  }
  // Remembers the first escaped lone surrogate (well-formed JSON that cannot be text) and goes
  // on: a syntax error later in the text is what must be reported then. Returns 0 (no pending
  // high surrogate any more).
  unsigned LoneSurrogate(unsigned u, size_t at) {
    if (!lone_)
      lone_ = MakeRejection(
          RejectCode::kBadValue, Path(),
          fmt::format("expected text, got the escape \\u{:04X} at byte {}: half of a surrogate "
                      "pair without its other half is no Unicode character",
                      u, at));
    return 0;
  }

  bool Number() {
    const size_t begin = i_;
    if (s_[i_] == '-') ++i_;
    if (i_ >= s_.size()) return Malformed("a digit");
    if (s_[i_] == '0') {
      ++i_;
    } else if (s_[i_] >= '1' && s_[i_] <= '9') {
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    } else {
      return Malformed("a digit");
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (i_ >= s_.size() || s_[i_] < '0' || s_[i_] > '9') return Malformed("a digit after '.'");
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (i_ >= s_.size() || s_[i_] < '0' || s_[i_] > '9') return Malformed("a digit of the exponent");
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    }
    // Well-formed; out of the double range it cannot be stored as a number.
    const std::string text(s_.substr(begin, i_ - begin));
    errno = 0;
    const double d = std::strtod(text.c_str(), nullptr);
    if (errno == ERANGE && std::isinf(d))
      return BadValue(StrCat("expected a number within ±1.7976931348623157e308, got ",
                             text.size() > 40 ? StrCat(text.substr(0, 40), "...") : text));
    return true;
  }

  // One value at i_, containers without recursion (nesting is bounded by the text only).
  bool Value() {
    while (true) {
      if (i_ >= s_.size()) return Malformed("a value");
      const char c = s_[i_];
      bool scalar = true;
      if (c == '{') {
        ++i_;
        SkipSpace();
        if (i_ < s_.size() && s_[i_] == '}') {
          ++i_;
        } else {
          stack_.push_back(Frame{true, {}, 0});
          if (!Key()) return false;
          continue;  // the member's value
        }
      } else if (c == '[') {
        ++i_;
        SkipSpace();
        if (i_ < s_.size() && s_[i_] == ']') {
          ++i_;
        } else {
          stack_.push_back(Frame{false, {}, 0});
          continue;  // the first element
        }
      } else if (c == '"') {
        if (!String(nullptr)) return false;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        if (!Number()) return false;
      } else if (c == 't') {
        if (!Literal("true")) return false;
      } else if (c == 'f') {
        if (!Literal("false")) return false;
      } else if (c == 'n') {
        if (!Literal("null")) return false;
      } else {
        return Malformed("a value (object, array, string, number, true, false or null)");
      }
      (void)scalar;
      // After a value: close containers or move to the next member or element.
      while (true) {
        if (stack_.empty()) return true;
        SkipSpace();
        Frame& f = stack_.back();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          SkipSpace();
          if (f.object) {
            if (!Key()) return false;
          } else {
            ++f.index;
          }
          break;  // the next value
        }
        if (i_ < s_.size() && s_[i_] == (f.object ? '}' : ']')) {
          ++i_;
          stack_.pop_back();
          continue;
        }
        return Malformed(f.object ? "',' or '}' after a member" : "',' or ']' after an element");
      }
      SkipSpace();
    }
  }

  // A member's key and ':' at i_ (inside an object), then white space.
  bool Key() {
    if (i_ >= s_.size() || s_[i_] != '"') return Malformed("'\"' to begin a member's name");
    std::string_view key;
    if (!String(&key)) return false;
    stack_.back().key = key;
    SkipSpace();
    if (i_ >= s_.size() || s_[i_] != ':') return Malformed("':' after a member's name");
    ++i_;
    SkipSpace();
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
  std::vector<Frame> stack_;
  std::optional<Rejection> error_;
  std::optional<Rejection> lone_;
};

}  // namespace

std::optional<Rejection> ValidateJsonSyntax(std::string_view payload) {
  return Scanner(payload).Run();
}

}  // namespace pakn
