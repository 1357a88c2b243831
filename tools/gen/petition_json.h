// Internals of the petition generator: a minimal JSON tree that keeps member order, and its
// single-line writer.
//
// Why not a JSON library: the generator must also write *broken* JSON on purpose (raw
// invalid bytes in strings, NaN, bare words), which real libraries refuse to produce. kRaw
// values are written verbatim for that; kString values hold unescaped bytes, which the
// writer escapes (and passes through unchanged where they are not valid UTF-8).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pakn::gen::gen_internal {

class Json {
 public:
  enum class Kind { kString, kRaw, kObject, kArray };
  struct Member;

  static Json String(std::string_view text);
  static Json Number(int64_t value);
  static Json Raw(std::string text);  // written verbatim: numbers, true, or deliberate garbage
  static Json Object();
  static Json Array();

  Kind kind() const { return kind_; }
  const std::string& text() const { return text_; }  // kString (unescaped) or kRaw

  // Objects. Set replaces an existing member in place, else appends.
  void Set(std::string_view key, Json value);
  Json* Find(std::string_view key);
  bool Remove(std::string_view key);
  void MoveToBack(std::string_view key);
  const std::vector<Member>& members() const { return members_; }

  // Arrays.
  void Push(Json value);
  std::vector<Json>& items() { return items_; }
  const std::vector<Json>& items() const { return items_; }

 private:
  explicit Json(Kind kind);  // out of line: Member is incomplete here (clang rejects it)
  Kind kind_;
  std::string text_;
  std::vector<Member> members_;
  std::vector<Json> items_;
};

struct Json::Member {
  std::string key;
  Json value;
};

struct JsonStyle {
  bool spaced = false;      // ", " and ": " between tokens, as some producers write
  bool ascii_only = false;  // non-ASCII as \uXXXX (surrogate pairs above U+FFFF)
};

// Appends `value` as one line of JSON (control characters are always escaped).
void WriteJson(const Json& value, const JsonStyle& style, std::string* out);
// Appends `text` as a quoted JSON string.
void WriteJsonString(std::string_view text, bool ascii_only, std::string* out);

}  // namespace pakn::gen::gen_internal

