#include "base/csv.h"

namespace pakn {

std::string CsvWriter::Field(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

void CsvWriter::Row(std::initializer_list<std::string_view> fields) {
  row_.clear();
  if (!started_) {
    row_ = "\xEF\xBB\xBF";
    started_ = true;
  }
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) row_.push_back(',');
    first = false;
    row_ += Field(f);
  }
  row_ += "\r\n";
  Write(row_);
}

void CsvWriter::Write(std::string_view s) {
  if (text_) {
    text_->append(s);
  } else {
    std::fwrite(s.data(), 1, s.size(), file_);
  }
}

}  // namespace pakn
