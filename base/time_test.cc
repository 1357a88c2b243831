#include "base/time.h"

#include <gtest/gtest.h>
#include <unicode/timezone.h>

#include <memory>

namespace pakn {
namespace {

TEST(TimeTest, ParsesOffsetAndZulu) {
  auto a = ParseRfc3339("2026-11-25T08:15:30+07:00");
  auto b = ParseRfc3339("2026-11-25T01:15:30Z");
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(*b, 1795569330000);
}

TEST(TimeTest, ParsesFractionToMillis) {
  auto a = ParseRfc3339("2026-11-25T01:15:30.25Z");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, 1795569330250);
}

TEST(TimeTest, RejectsMissingOffsetAndImpossibleDates) {
  EXPECT_FALSE(ParseRfc3339("2026-11-25T08:15:30").ok());
  EXPECT_FALSE(ParseRfc3339("2026-02-30T08:15:30Z").ok());
  EXPECT_FALSE(ParseRfc3339("25/11/2026").ok());
  EXPECT_FALSE(ParseRfc3339("2026-11-25T24:00:00Z").ok());
  EXPECT_FALSE(ParseRfc3339("2026-11-25T08:15:30+07:00x").ok());
}

// The message names the part that is wrong, whatever is missing after it.
TEST(TimeTest, RejectionsNameThePartThatIsWrong) {
  auto why = [](std::string_view s) { return std::string(ParseRfc3339(s).status().message()); };
  EXPECT_NE(why("2026-11-25T08:15:30").find("(missing offset (Z or +hh:mm))"), std::string::npos);
  EXPECT_NE(why("2026-11-25").find("(no 'T' between date and time)"), std::string::npos);
  EXPECT_NE(why("2026-11-25T08:15").find("(bad time part)"), std::string::npos);
  EXPECT_NE(why("2026-11").find("(bad date part)"), std::string::npos);
  EXPECT_NE(why("").find("(bad date part)"), std::string::npos);
  EXPECT_NE(why("2026-11-25T08:15:30+07").find("(bad offset)"), std::string::npos);
}

TEST(TimeTest, LocalDayBoundaryIsMidnightInVietnam) {
  // 16:59:59Z is 23:59:59 in Vietnam; 17:00:00Z is the next day.
  EXPECT_EQ(LocalDate(*ParseRfc3339("2026-11-25T16:59:59Z")), "2026-11-25");
  EXPECT_EQ(LocalDate(*ParseRfc3339("2026-11-25T17:00:00Z")), "2026-11-26");
  EXPECT_EQ(LocalDate(*ParseRfc3339("2026-11-26T00:00:00+07:00")), "2026-11-26");
  EXPECT_EQ(LocalDateTime(*ParseRfc3339("2026-11-25T17:00:00Z")), "2026-11-26T00:00:00+07:00");
  EXPECT_EQ(*ParseLocalDate("2026-11-26"), *ParseRfc3339("2026-11-26T00:00:00+07:00"));
  EXPECT_FALSE(ParseLocalDate("2026-13-01").ok());
}

TEST(TimeTest, VietnamOffsetMatchesIcuZoneData) {
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone("Asia/Ho_Chi_Minh"));
  for (int64_t ms : {int64_t{1'000'000'000'000}, int64_t{1'795'569'330'000},
                     int64_t{1'900'000'000'000}}) {
    int32_t raw = 0, dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    zone->getOffset(static_cast<UDate>(ms), false, raw, dst, status);
    ASSERT_TRUE(U_SUCCESS(status));
    EXPECT_EQ(raw + dst, kVietnamOffsetSeconds * 1000);
  }
}

}  // namespace
}  // namespace pakn
