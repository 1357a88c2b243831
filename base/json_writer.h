// JsonWriter: appends compact JSON to a std::string, for stored records, CLI --json output and
// dead-letter metadata. It escapes strings (control characters, quotes, backslash) and passes
// valid UTF-8 through; callers must give it valid UTF-8 (the parser guarantees that for stored
// text). The writer does not check nesting: callers pair Begin/End calls themselves.
//
//   JsonWriter w;
//   w.BeginObject(); w.Key("id"); w.String(id); w.EndObject();
//   std::string json = std::move(w).Take();
//
// Not thread-safe; one writer per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pakn {

class JsonWriter {
 public:
  void BeginObject() { Separate(); out_.push_back('{'); first_ = true; }
  void EndObject() { out_.push_back('}'); first_ = false; }
  void BeginArray() { Separate(); out_.push_back('['); first_ = true; }
  void EndArray() { out_.push_back(']'); first_ = false; }
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(int64_t value);
  void Double(double value);
  void Bool(bool value);
  void Null();
  // Inserts already-encoded JSON as a value.
  void Raw(std::string_view json);

  // Convenience: Key + value; optional members are skipped when empty/absent.
  void Member(std::string_view key, std::string_view value) { Key(key); String(value); }
  void MemberInt(std::string_view key, int64_t value) { Key(key); Int(value); }
  void MemberIfNotEmpty(std::string_view key, std::string_view value) {
    if (!value.empty()) Member(key, value);
  }

  const std::string& str() const { return out_; }
  std::string Take() && { return std::move(out_); }

 private:
  void Separate();
  std::string out_;
  bool first_ = true;
  bool after_key_ = false;
};

// Appends `value` as a JSON string literal (with quotes) to `out`.
void AppendJsonString(std::string_view value, std::string& out);

}  // namespace pakn
