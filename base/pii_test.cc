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
