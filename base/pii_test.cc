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

namespace pakn {
namespace {

// Issue 13, item 5: personal data as Vietnamese citizens write it in a petition's text.
TEST(PiiTest, MasksRealWorldShapes) {
  const PiiCase cases[] = {
      // Mobiles (03x, 05x, 07x, 08x, 09x), any grouping.
      {"0912345678", "*******678"},
      {"0912 345 678", "*******678"},
      {"0912.345.678", "*******678"},
      {"0912-345-678", "*******678"},
      {"091 234 5678", "*******678"},
      {"0912 34 56 78", "*******678"},
      {"09 1234 5678", "*******678"},
      {"0912  345  678", "*******678"},
      {"0912 - 345 - 678", "*******678"},
      {"0912 . 345 . 678", "*******678"},
      {"0912.345678", "*******678"},
      {"0912 345678", "*******678"},
      {"0912\u00a0345\u00a0678", "*******678"},
      {"0912 – 345 – 678", "*******678"},
      {"0387 654 321", "*******321"},
      {"0868.123.456", "*******456"},
      {"0703-456-789", "*******789"},
      {"0562 345 678", "*******678"},
      {"0812 345 678", "*******678"},
      // With the country code.
      {"+84 912 345 678", "********678"},
      {"+84912345678", "********678"},
      {"+84-912-345-678", "********678"},
      {"+84.912.345.678", "********678"},
      {"(+84) 912 345 680", "********680"},
      {"(+84)912345680", "********680"},
      {"(+84) 912.345.680", "********680"},
      {"+84 (0) 912 345 678", "*********678"},
      {"+84(0)912345678", "*********678"},
      {"+84 0912 345 678", "*********678"},
      {"84912345678", "********678"},
      {"84 912 345 678", "********678"},
      {"(84) 912 345 678", "********678"},
      {"+84 91 234 5678", "********678"},
      {"0084 912 345 678", "**********678"},
      // Landlines: 02x area code, 11 digits.
      {"028 3822 1234", "********234"},
      {"028.3822.1234", "********234"},
      {"024.3825.6789", "********789"},
      {"(024) 3825 6789", "********789"},
      {"(028)38221234", "********234"},
      {"02838221234", "********234"},
      {"0236 3821 234", "********234"},
      {"0236.3821.234", "********234"},
      {"028 38 22 12 34", "********234"},
      {"+84 28 3822 1234", "*********234"},
      {"+84-24-3825-6789", "*********789"},
      {"+84 (24) 3825 6789", "*********789"},
      // In sentences.
      {"SĐT: 0912345678.", "SĐT: *******678."},
      {"sđt:0912.345.678, Zalo cùng số", "sđt:*******678, Zalo cùng số"},
      {"gọi 0912345678/0987654321", "gọi *******678/*******321"},
      {"gọi 0912345678,0987654321", "gọi *******678,*******321"},
      {"0912345678 - 0987 654 321", "*******678 - *******321"},
      {"0912345678 0987654321", "*******678 *******321"},
      {"0912345678-0987654321", "*******678-*******321"},
      {"(0912 345 678)", "(*******678)"},
      {"ĐT 0912345678 (Zalo)", "ĐT *******678 (Zalo)"},
      {"gọi 0912 345 678 2 lần không ai nghe", "gọi *******678 2 lần không ai nghe"},
      {"nhà số 45, 0912 345 678", "nhà số 45, *******678"},
      // National ID (CCCD, 12 digits; province code 001–096 first).
      {"001088000124", "*********124"},
      {"001 088 000 124", "*********124"},
      {"001-088-000-124", "*********124"},
      {"001.088.000.124", "*********124"},
      {"0010 8800 0124", "*********124"},
      {"001088 000124", "*********124"},
      {"CCCD số: 079 203 004 567", "CCCD số: *********567"},
      {"căn cước 079203004567 cấp ngày 12/05/2021", "căn cước *********567 cấp ngày 12/05/2021"},
      {"Số định danh cá nhân: 001088000124", "Số định danh cá nhân: *********124"},
      // Old identity card (CMND, 9 digits): only after a word naming it.
      {"CMND 123456789", "CMND ******789"},
      {"CMND số 123 456 789", "CMND số ******789"},
      {"số CMND: 123.456.789", "số CMND: ******789"},
      {"chứng minh nhân dân số 025123456", "chứng minh nhân dân số ******456"},
      {"CMT 012345678", "CMT ******678"},
      // E-mail addresses in any case, with '+', '_', dots and dashes.
      {"Nguyen.Van.A@Gmail.COM", "N***@Gmail.COM"},
      {"NGUYENVANA@YAHOO.COM.VN", "N***@YAHOO.COM.VN"},
      {"nguyen.van.a+pakn@gmail.com", "n***@gmail.com"},
      {"van_a.nguyen@hanoi.gov.vn", "v***@hanoi.gov.vn"},
      {"email: An.Nguyen@Example.Vn.", "email: A***@Example.Vn."},
      {"<tran.thi.b@outlook.com>", "<t***@outlook.com>"},
      {"mailto:le.c@fpt.com.vn", "mailto:l***@fpt.com.vn"},
      {"(le-van.c@vnpt.vn)", "(l***@vnpt.vn)"},
      {"0912345678@gmail.com", "0***@gmail.com"},
      {"a.b@c-d.edu.vn, 0912345678", "a***@c-d.edu.vn, *******678"},
  };
  int masked = 0;
  for (const auto& c : cases) {
    int found = 0;
    EXPECT_EQ(MaskPiiInText(c.in, &found), c.out) << c.in;
    if (found > 0) ++masked;
  }
  EXPECT_GE(masked, 60);
}

TEST(PiiTest, KeepsLookAlikes) {
  const char* const cases[] = {
      // Dates and times.
      "ngày 12/05/2026", "2026-05-12", "12-05-2026", "12.05.2026", "lúc 08:30 - 11:30",
      "14h30 ngày 12/05/2026", "tháng 05/2026", "từ năm 1995-2026", "giai đoạn 1995 - 2026",
      "các ngày 03 05 07 08 09 hằng tháng",
      // Amounts, percentages, areas.
      "1.200.000 đồng", "12,5 triệu", "3.500.000đ", "1 200 000 đồng", "100 000 000 000 đồng",
      "10.000.000.000 đồng", "1.200.000.000đ", "giá 3.500.000đ/m2", "tăng 12,5%", "0,5%",
      "diện tích 120m2", "120 m² đất",
      // Document numbers and codes.
      "Quyết định số 1234/QĐ-UBND", "Nghị định 13/2023/NĐ-CP", "số 123/2024/TT-BTC",
      "Luật số 45/2019/QH14", "mã hồ sơ 000.00.12.H29-260512-0001", "mẫu số 01/PAKN",
      "MST 0312345678-001", "ISO 9001:2015", "phiên bản 1.2.3", "IP 192.168.1.10",
      // Public hotlines.
      "đường dây nóng 1022", "gọi 113, 114, 115", "tổng đài 111", "1900 1234", "1800 1091",
      "1900.1234", "18001091", "1900-9095", "1900 54 54 82",
      // Licence plates, addresses, km marks.
      "biển số 29A-123.45", "xe 51F-678.90", "số 45/12 ngõ 123", "ngõ 123/45/6",
      "Km 12+500 QL1A", "tờ bản đồ số 12, thửa 345", "phòng 302 tầng 12",
      // Near misses.
      "0112345678", "0912345678901", "A0912345678", "@handle và a@b", "user@localhost",
      "giá 5@3.000", "số 123456789", "0912 345 67", "0 912 345 678",
  };
  for (const char* c : cases) {
    int found = -1;
    EXPECT_EQ(MaskPiiInText(c, &found), c);
    EXPECT_EQ(found, 0) << c;
  }
  EXPECT_GE(std::size(cases), 30u);
}

}  // namespace
}  // namespace pakn
