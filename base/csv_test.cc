#include "base/csv.h"

#include <gtest/gtest.h>

namespace pakn {
namespace {

TEST(CsvWriterTest, StartsWithAByteOrderMarkAndEndsRowsWithCrLf) {
  std::string out;
  CsvWriter csv(&out);
  csv.Row({"id", "title"});
  csv.Row({"H29-1", "Đường hư"});
  EXPECT_EQ(out, "\xEF\xBB\xBFid,title\r\nH29-1,Đường hư\r\n");
}

TEST(CsvWriterTest, QuotesFieldsWithCommasQuotesAndLineBreaks) {
  EXPECT_EQ(CsvWriter::Field("plain"), "plain");
  EXPECT_EQ(CsvWriter::Field("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvWriter::Field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvWriter::Field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvWriter::Field("cr\r"), "\"cr\r\"");
  EXPECT_EQ(CsvWriter::Field(""), "");
}

TEST(CsvWriterTest, WritesToAFileAsRowsCome) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    CsvWriter csv(f);
    csv.Row({"a", "b,c"});
  }
  std::rewind(f);
  char buf[64] = {};
  const size_t n = std::fread(buf, 1, sizeof buf, f);
  std::fclose(f);
  EXPECT_EQ(std::string(buf, n),
            "\xEF\xBB\xBF"
            "a,\"b,c\"\r\n");
}

}  // namespace
}  // namespace pakn
