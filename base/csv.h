// CSV for people who open it in a spreadsheet: RFC 4180 quoting, CRLF line ends and UTF-8 with
// a byte-order mark first, because Excel reads a CSV without one in the machine's legacy code
// page and garbles every Vietnamese letter (LibreOffice and Python's csv module, opened with
// utf-8-sig, read it as well). Every CSV pakn writes goes through this one writer:
// `pakn query --csv` and `pakn digest --format csv` (docs/style.md 13).
//
//   std::string text;
//   CsvWriter csv(&text);
//   csv.Row({"id", "title"});
//   csv.Row({"H29-1", "Đường hư, \"ổ gà\""});  // "Đường hư, ""ổ gà"""
//
// Thread safety: one writer per output; not for concurrent use.
#pragma once

#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>

namespace pakn {

class CsvWriter {
 public:
  // Appends to *out (which must outlive the writer).
  explicit CsvWriter(std::string* out) : text_(out) {}
  // Writes to `out` as rows come (which must outlive the writer).
  explicit CsvWriter(std::FILE* out) : file_(out) {}

  // One record; the byte-order mark before the first.
  void Row(std::initializer_list<std::string_view> fields);

  // A field quoted when it holds a comma, a quote or a line break (quotes doubled).
  static std::string Field(std::string_view s);

 private:
  void Write(std::string_view s);

  std::string* text_ = nullptr;
  std::FILE* file_ = nullptr;
  bool started_ = false;
  std::string row_;
};

}  // namespace pakn
