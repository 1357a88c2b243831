#include "base/pii.h"

#include <gtest/gtest.h>

namespace pakn {
namespace {

TEST(PiiTest, MasksNameKeepingInitials) {
  EXPECT_EQ(MaskName("Nguyễn Văn An"), "N*** V*** A***");
  EXPECT_EQ(MaskName("Đặng  Thị"), "Đ*** T***");
  EXPECT_EQ(MaskName(""), "");
}

TEST(PiiTest, MasksDigitsKeepingLastThree) {
  EXPECT_EQ(MaskDigits("0912345678"), "*******678");
  EXPECT_EQ(MaskDigits("123"), "***");
}

TEST(PiiTest, MasksEmailKeepingDomain) {
  EXPECT_EQ(MaskEmail("an.nguyen@example.vn"), "a***@example.vn");
  EXPECT_EQ(MaskEmail("nonsense"), "***");
}

}  // namespace
}  // namespace pakn

namespace pakn {
namespace {

TEST(PiiTest, MasksOccurrencesInFreeText) {
  EXPECT_EQ(MaskOccurrences("Tôi là Nguyễn Văn An, số 0912345678. Nguyễn Văn An.",
                            {"Nguyễn Văn An", "0912345678", ""}, {"N*** V*** A***", "*******678", ""}),
            "Tôi là N*** V*** A***, số *******678. N*** V*** A***.");
}

}  // namespace
}  // namespace pakn

namespace pakn {
namespace {

struct PiiCase {
  const char* in;
  const char* out;
};

TEST(PiiTest, MasksPhonesIdsAndEmailsInFreeText) {
  const PiiCase cases[] = {
      {"Liên hệ 0912345678 nhé", "Liên hệ *******678 nhé"},
      {"SĐT: 0912 345 678.", "SĐT: *******678."},
      {"gọi 0912.345.678 hoặc 0912-345-678", "gọi *******678 hoặc *******678"},
      {"+84 912 345 678", "********678"},
      {"+84912345678", "********678"},
      {"84912345678", "********678"},
      {"máy bàn (024) 3825 1234", "máy bàn ********234"},
      {"024 3825 1234", "********234"},
      {"CCCD 001203004567 cấp 2021", "CCCD *********567 cấp 2021"},
      {"email: an.nguyen@example.com.vn.", "email: a***@example.com.vn."},
      {"gửi tới x_y+z@mail.gov.vn", "gửi tới x***@mail.gov.vn"},
      // Not personal data:
      {"ngày 25/11/2026 lúc 08:15", "ngày 25/11/2026 lúc 08:15"},
      {"số tiền 1.250.000 đồng", "số tiền 1.250.000 đồng"},
      {"mã hồ sơ H29.15-261126-0001", "mã hồ sơ H29.15-261126-0001"},
      {"đường dây nóng 1022", "đường dây nóng 1022"},
      {"số 0912345678901 quá dài", "số 0912345678901 quá dài"},
      {"mã 1234567890123", "mã 1234567890123"},
      {"A0912345678", "A0912345678"},
      {"@handle và a@b", "@handle và a@b"},
      {"0112345678", "0112345678"},
  };
  for (const auto& c : cases) EXPECT_EQ(MaskPiiInText(c.in), c.out) << c.in;
  int found = 0;
  MaskPiiInText("0912345678, 001203004567, a@b.vn", &found);
  EXPECT_EQ(found, 3);
}

}  // namespace
}  // namespace pakn
