// JsonReader: the member-by-member reading of a JSON message with simdjson's on-demand API,
// shared by the petition parser and the tracking-event parser so that both fail in the same
// words: every failure is a Rejection naming the JSON path and what was expected
// ("wrong_type: $.location.lat: expected a number, got string"). Null counts as absent for
// optional members. Members a parser does not interpret are still walked (Validate), because
// on-demand parsing checks only what it is asked for.
//
// Thread safety: a JsonReader holds the first error of one message; use one per message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/strings.h"
#include "model/petition.h"
#include "simdjson.h"

namespace pakn {

namespace od = simdjson::ondemand;

inline constexpr int kMaxJsonDepth = 32;

// Ids (petition ids, event ids) and the codes that end up inside store keys and Kafka keys
// (agency, assignee, `of`): 1 to kMaxIdBytes printable ASCII characters, no spaces. One rule
// for petitions and events, spelled once for their rejections.
inline constexpr size_t kMaxIdBytes = 128;
inline constexpr std::string_view kIdRule = "1 to 128 printable ASCII characters without spaces";
bool IsValidId(std::string_view id);

// "<code>: <field>: <what>".
Rejection MakeRejection(RejectCode code, std::string field, std::string_view what);
// invalid_json with simdjson's explanation.
Rejection MalformedJson(std::string field, simdjson::error_code e);
std::string_view JsonTypeName(od::json_type t);
// Byte offset of the first invalid UTF-8 sequence (the text is known to hold one).
size_t FirstInvalidUtf8(std::string_view s);
// invalid_utf8 at `field`, with the byte offset of the first bad sequence; nullopt when `text`
// is valid UTF-8.
std::optional<Rejection> CheckUtf8(std::string field, std::string_view text);
// What a JSON parser would report vaguely ("improper structure", "ended early"), named before
// parsing: a byte order mark at the start, a NUL byte (never valid in JSON text), or nothing
// but whitespace. nullopt when none of these.
std::optional<Rejection> CheckJsonText(std::string_view payload);
// Strict RFC 8259 syntax of the whole text (json_syntax.cc), one linear pass before simdjson:
// malformed JSON is invalid_json at `$` naming the byte offset, what was expected and what was
// found; well-formed JSON that cannot be loaded is bad_value at its member's path (a number
// outside the double range, an escaped lone surrogate). The text is valid UTF-8 without NUL
// bytes (CheckUtf8, CheckJsonText).
std::optional<Rejection> ValidateJsonSyntax(std::string_view payload);

class JsonReader {
 public:
  std::optional<Rejection> error;  // the first failure

  // Each method returns false after recording the failure (only the first is kept).
  bool Fail(Rejection r) {
    if (!error) error = std::move(r);
    return false;
  }
  bool Fail(RejectCode code, std::string field, std::string_view what) {
    return Fail(MakeRejection(code, std::move(field), what));
  }

  bool JsonError(std::string field, simdjson::error_code e) {
    return Fail(MalformedJson(std::move(field), e));
  }

  // The value's type, or false (invalid JSON) when even that cannot be read.
  bool TypeOf(od::value& v, const std::string& path, od::json_type& type);
  bool WrongType(const std::string& path, std::string_view expected, od::json_type got);
  // Optional members: null counts as absent and leaves `out` as it was.
  bool String(od::value& v, const std::string& path, std::string& out);
  bool Number(od::value& v, const std::string& path, std::optional<double>& out);
  bool Integer(od::value& v, const std::string& path, std::optional<int64_t>& out);
  // A required object.
  bool Object(od::value& v, const std::string& path, od::object& out);
  // Walks a value the parser does not interpret, so that malformed JSON anywhere is caught.
  bool Validate(od::value v, const std::string& path, int depth);

  // Calls fn(key, path, value) for each member of `o` until it returns false.
  template <typename F>
  bool ForEachMember(od::object& o, const std::string& base, F&& fn) {
    // Keys point into the parser's string buffer, valid until the next document.
    SeenKeys seen;
    for (auto field : o) {
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return JsonError(base, e);
      const std::string path = StrCat(base, ".", key);
      if (!FirstTime(seen, key, path)) return false;
      od::value v;
      if (auto e = field.value().get(v)) return JsonError(path, e);
      if (!fn(key, path, v)) return false;
    }
    return true;
  }

  // The member names of one object seen so far: a short list scanned while the object is small
  // (a handful of members: no hashing, one allocation), a hash set once it holds more than
  // kListed, so that an object of 100,000 members costs linear time, not quadratic.
  class SeenKeys {
   public:
    static constexpr size_t kListed = 32;
    // False when `key` was seen already.
    bool Insert(std::string_view key) {
      if (set_.empty()) {
        for (std::string_view k : list_)
          if (k == key) return false;
        if (list_.size() < kListed) {
          if (list_.empty()) list_.reserve(16);
          list_.push_back(key);
          return true;
        }
        set_.insert(list_.begin(), list_.end());
      }
      return set_.insert(key).second;
    }

   private:
    std::vector<std::string_view> list_;
    std::unordered_set<std::string_view> set_;
  };

  // False (a bad_value) when `key` is in `seen` already: a member given twice is read as the
  // first value by some JSON readers and the last by others, so it is refused, not guessed.
  bool FirstTime(SeenKeys& seen, std::string_view key, const std::string& path) {
    if (seen.Insert(key)) return true;
    return Fail(MakeRejection(RejectCode::kBadValue, path,
                              "duplicate member (JSON readers disagree on which value counts)"));
  }

  // An optional object member: null counts as absent.
  template <typename F>
  bool OptionalObject(od::value& v, const std::string& base, F&& fn) {
    od::json_type t = od::json_type::null;
    if (!TypeOf(v, base, t)) return false;
    if (t == od::json_type::null) return true;
    od::object o;
    return Object(v, base, o) && ForEachMember(o, base, fn);
  }
};

}  // namespace pakn
