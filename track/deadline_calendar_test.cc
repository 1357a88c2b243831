// Expected values are worked out by hand from the official calendars (config/holidays.toml
// comments cite them) and the Civil Code rule in deadline_calendar.h, not taken from output.
#include "track/deadline_calendar.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <ostream>
#include <string>

#include "base/time.h"

namespace pakn::track {
namespace {

std::string HolidaysPath() {
#ifdef PAKN_SOURCE_DIR
  return std::string(PAKN_SOURCE_DIR) + "/config/holidays.toml";
#else
  // CMake passes absolute source paths; a manual build from the repository root relative ones.
  return (std::filesystem::path(__FILE__).parent_path().parent_path() / "config" /
          "holidays.toml")
      .string();
#endif
}

const HolidayCalendar& Calendar() {
  static const HolidayCalendar* const calendar = [] {
    auto c = HolidayCalendar::Load(HolidaysPath());
    if (!c.ok()) {
      ADD_FAILURE() << c.status();
      return new HolidayCalendar();
    }
    return new HolidayCalendar(std::move(*c));
  }();
  return *calendar;
}

int64_t Day(const char* date) {
  auto ms = ParseLocalDate(date);
  EXPECT_TRUE(ms.ok()) << date;
  return LocalDay(ms.ok() ? *ms : 0);
}

int64_t Ms(const char* rfc3339) {
  auto ms = ParseRfc3339(rfc3339);
  EXPECT_TRUE(ms.ok()) << rfc3339 << ": " << ms.status();
  return ms.ok() ? *ms : 0;
}

// ------------------------------------------------------------------ working days and names
struct DayCase {
  const char* date;
  bool working;
  const char* name;  // nullptr: no holiday name
};
void PrintTo(const DayCase& c, std::ostream* os) { *os << c.date; }

class WorkingDayTest : public ::testing::TestWithParam<DayCase> {};

TEST_P(WorkingDayTest, MatchesOfficialCalendar) {
  const DayCase& c = GetParam();
  EXPECT_EQ(Calendar().IsWorkingDay(Day(c.date)), c.working) << c.date;
  const auto name = Calendar().HolidayName(Day(c.date));
  if (c.name) {
    EXPECT_EQ(name.value_or("<none>"), c.name) << c.date;
  } else {
    EXPECT_FALSE(name.has_value()) << c.date << " " << *name;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Days, WorkingDayTest,
    ::testing::Values(
        DayCase{"2026-02-13", true, nullptr},   // Friday before the Tết break
        DayCase{"2026-02-14", false, nullptr},  // Saturday inside the break: a plain weekend
        DayCase{"2026-02-16", false, "Tết Nguyên đán"},
        DayCase{"2026-02-17", false, "Tết Nguyên đán"},
        DayCase{"2026-02-20", false, "Tết Nguyên đán"}, DayCase{"2026-02-23", true, nullptr},
        DayCase{"2026-01-01", false, "Tết Dương lịch"},
        DayCase{"2026-01-02", false, "Nghỉ hoán đổi dịp Tết Dương lịch"},
        DayCase{"2026-01-10", true, nullptr},   // Saturday worked (làm bù)
        DayCase{"2026-01-17", false, nullptr},  // ordinary Saturday
        DayCase{"2026-04-26", false, "Giỗ Tổ Hùng Vương"},  // a Sunday
        DayCase{"2026-04-27", false, "Nghỉ bù Giỗ Tổ Hùng Vương"},
        DayCase{"2026-04-28", true, nullptr}, DayCase{"2026-04-30", false, "Ngày Chiến thắng"},
        DayCase{"2026-05-01", false, "Ngày Quốc tế Lao động"},
        DayCase{"2026-08-22", true, nullptr},  // Saturday worked for Monday 31/8
        DayCase{"2026-08-31", false, "Nghỉ hoán đổi dịp Quốc khánh"},
        DayCase{"2026-09-01", false, "Quốc khánh"}, DayCase{"2026-09-03", true, nullptr},
        DayCase{"2025-04-26", true, nullptr},  // Saturday worked for Friday 2/5
        DayCase{"2025-05-02", false, "Nghỉ hoán đổi dịp 30/4–1/5"},
        DayCase{"2025-09-01", false, "Quốc khánh"}, DayCase{"2025-09-03", true, nullptr},
        DayCase{"2024-04-29", false, "Nghỉ hoán đổi dịp 30/4–1/5"},
        DayCase{"2024-05-04", true, nullptr}, DayCase{"2024-02-15", true, nullptr},
        DayCase{"2027-05-03", false, "Nghỉ bù Ngày Quốc tế Lao động"},
        DayCase{"2028-01-01", false, nullptr},  // outside coverage: a Saturday
        DayCase{"2028-01-03", true, nullptr},   // outside coverage: holidays unknown
        DayCase{"2023-01-02", true, nullptr}));  // ditto (was a compensatory day in reality)

// --------------------------------------------------------------------------- the data file
struct YearCase {
  int year;
  size_t holidays;
  size_t working_days;
  const char* tet;     // mùng 1 Tết
  const char* gio_to;  // 10/3 âm lịch
};
void PrintTo(const YearCase& c, std::ostream* os) { *os << c.year; }

class HolidayFileTest : public ::testing::TestWithParam<YearCase> {};

TEST_P(HolidayFileTest, CountsAndFixedHolidays) {
  const YearCase& c = GetParam();
  const HolidayCalendar& cal = Calendar();
  EXPECT_EQ(cal.HolidaysIn(c.year).size(), c.holidays);
  EXPECT_EQ(cal.SwappedWorkingDaysIn(c.year).size(), c.working_days);
  for (int64_t d : cal.SwappedWorkingDaysIn(c.year)) EXPECT_TRUE(cal.IsSwappedWorkingDay(d));
  const std::string y = std::to_string(c.year);
  EXPECT_EQ(cal.HolidayName(Day((y + "-01-01").c_str())), "Tết Dương lịch");
  EXPECT_EQ(cal.HolidayName(Day(c.tet)), "Tết Nguyên đán");
  EXPECT_EQ(cal.HolidayName(Day(c.gio_to)), "Giỗ Tổ Hùng Vương");
  EXPECT_EQ(cal.HolidayName(Day((y + "-04-30").c_str())), "Ngày Chiến thắng");
  EXPECT_EQ(cal.HolidayName(Day((y + "-05-01").c_str())), "Ngày Quốc tế Lao động");
  EXPECT_EQ(cal.HolidayName(Day((y + "-09-02").c_str())), "Quốc khánh");
}

INSTANTIATE_TEST_SUITE_P(Years, HolidayFileTest,
                         ::testing::Values(YearCase{2024, 14, 1, "2024-02-10", "2024-04-18"},
                                           YearCase{2025, 12, 1, "2025-01-29", "2025-04-07"},
                                           YearCase{2026, 14, 2, "2026-02-17", "2026-04-26"},
                                           YearCase{2027, 10, 0, "2027-02-06", "2027-04-16"}));

TEST(HolidayCalendarTest, CoverageIsTheListedYears) {
  EXPECT_EQ(Calendar().first_year(), 2024);
  EXPECT_EQ(Calendar().last_year(), 2027);
  EXPECT_TRUE(Calendar().Covers(Day("2024-01-01")));
  EXPECT_TRUE(Calendar().Covers(Day("2027-12-31")));
  EXPECT_FALSE(Calendar().Covers(Day("2028-01-01")));
  EXPECT_FALSE(Calendar().Covers(Day("2023-12-31")));
}

TEST(HolidayCalendarTest, EmptyCalendarKnowsOnlyWeekends) {
  const HolidayCalendar weekends;
  EXPECT_TRUE(weekends.IsWorkingDay(Day("2026-02-17")));  // Tết, but unknown here
  EXPECT_FALSE(weekends.IsWorkingDay(Day("2026-02-15")));
  EXPECT_EQ(weekends.NextWorkingDay(Day("2026-02-14")), Day("2026-02-16"));
  EXPECT_FALSE(weekends.Covers(Day("2026-01-01")));
}

TEST(HolidayCalendarTest, MissingFileIsNotFound) {
  auto c = HolidayCalendar::Load("/nonexistent/holidays.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
}

TEST(LocalDayTest, FloorsBefore1970AndUsesVietnamTime) {
  EXPECT_EQ(LocalDay(0), 0);                       // 07:00 local on 1970-01-01
  EXPECT_EQ(LocalDay(-7 * 3600 * 1000), 0);        // 00:00 local
  EXPECT_EQ(LocalDay(-7 * 3600 * 1000 - 1), -1);   // 23:59:59.999 local on 1969-12-31
  EXPECT_EQ(LocalDayStartMs(Day("2026-11-25")), Ms("2026-11-24T17:00:00Z"));
  EXPECT_EQ(YearOfLocalDay(Day("2026-12-31")), 2026);
}

// ---------------------------------------------------------------------------- bad files
struct BadFile {
  const char* toml;
  const char* error;  // expected substring
};
void PrintTo(const BadFile& c, std::ostream* os) { *os << c.error; }

class BadHolidayFileTest : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadHolidayFileTest, NamesFileLineAndKey) {
  auto c = HolidayCalendar::Parse(GetParam().toml, "h.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find(GetParam().error), std::string::npos) << c.status();
}

constexpr char kNewYear[] = "[[holiday]]\ndate = 2026-01-01\nname = \"a\"\n";

INSTANTIATE_TEST_SUITE_P(
    Errors, BadHolidayFileTest,
    ::testing::Values(
        BadFile{"[[holiday]]\ndate = 2026-01-01\nname = \"x\"\nnote = \"y\"\n",
                "h.toml:4: holiday[0].note: unknown key"},
        BadFile{"[[holidays]]\ndate = 2026-01-01\nname = \"x\"\n",
                "h.toml:1: holidays: unknown key"},
        BadFile{"[[holiday]]\nname = \"x\"\ndate = \"2026-01-01\"\n",
                "h.toml:3: holiday[0].date: expected a TOML local date"},
        BadFile{"[[holiday]]\nname = \"x\"\ndate = 2026-01-01T08:00:00\n",
                "h.toml:3: holiday[0].date: expected a TOML local date"},
        BadFile{"[[holiday]]\ndate = 2026-02-30\nname = \"x\"\n", "h.toml:2:"},  // the parser's
        BadFile{"[[holiday]]\ndate = 2026-01-01\nname = \"a\"\n\n[[holiday]]\ndate = 2026-01-01\n"
                "name = \"b\"\n",
                "h.toml:6: holiday[1].date: duplicate date 2026-01-01 (already listed as "
                "holiday[0])"},
        BadFile{"[[holiday]]\ndate = 2026-01-01\nname = \"a\"\n[[working_day]]\n"
                "date = 2026-01-01\n",
                "h.toml:5: working_day[0].date: duplicate date 2026-01-01"},
        BadFile{"[[holiday]]\ndate = 2026-01-01\nname = \"a\"\n[[working_day]]\n"
                "date = 2026-01-05\n",
                "h.toml:5: working_day[0].date: 2026-01-05 is a Monday"},
        BadFile{"[[holiday]]\ndate = 2026-01-01\n", "h.toml:1: holiday[0].name: required"},
        BadFile{"[[holiday]]\nname = \"a\"\n", "h.toml:1: holiday[0].date: required"},
        BadFile{"[[holiday]]\ndate = 2026-01-01\nname = 5\n",
                "h.toml:3: holiday[0].name: expected a string"},
        BadFile{"[[holiday]]\ndate = 2026-01-01\nname = \"a\"\n[[holiday]]\ndate = 2208-01-01\n"
                "name = \"b\"\n",
                "h.toml:5: holiday[1].date: no holidays listed for 2027"},
        BadFile{"", "h.toml:0: holiday: no [[holiday]] entries"},
        BadFile{"holiday = 5\n", "h.toml:1: holiday: expected [[holiday]] tables"}));

TEST(HolidayCalendarTest, MinimalFileParses) {
  auto c = HolidayCalendar::Parse(kNewYear, "h.toml");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_FALSE(c->IsWorkingDay(Day("2026-01-01")));
  EXPECT_EQ(c->first_year(), 2026);
  EXPECT_EQ(c->last_year(), 2026);
}

// -------------------------------------------------------------------------------- DueAt
struct DueCase {
  const char* start;
  int length;
  DayCount count;
  const char* due_day;  // the last allowed local day
};
void PrintTo(const DueCase& c, std::ostream* os) {
  *os << c.start << " + " << c.length << " " << DayCountName(c.count) << " days";
}

class DueAtTest : public ::testing::TestWithParam<DueCase> {};

TEST_P(DueAtTest, EndsAtTheEndOfTheLastAllowedDay) {
  const DueCase& c = GetParam();
  DeadlinePolicy policy;
  policy.length = c.length;
  policy.count = c.count;
  const int64_t due = DueAt(Ms(c.start), policy, Calendar());
  EXPECT_EQ(LocalDate(due), c.due_day) << c.start << " + " << c.length;
  EXPECT_EQ(due, LocalDayStartMs(Day(c.due_day) + 1) - 1) << "not 23:59:59.999 local";
}

constexpr DayCount kW = DayCount::kWorking;
constexpr DayCount kC = DayCount::kCalendar;

INSTANTIATE_TEST_SUITE_P(
    Working, DueAtTest,
    ::testing::Values(
        DueCase{"2026-02-10T09:00:00+07:00", 5, kW, "2026-02-24"},   // across Tết 2026
        DueCase{"2026-02-13T16:00:00+07:00", 20, kW, "2026-03-20"},  // 20 working days
        DueCase{"2026-02-17T10:00:00+07:00", 3, kW, "2026-02-25"},   // received on Tết
        DueCase{"2026-01-01T08:00:00+07:00", 1, kW, "2026-01-05"},   // received on 1/1
        DueCase{"2026-01-09T15:00:00+07:00", 1, kW, "2026-01-10"},   // a làm bù Saturday counts
        DueCase{"2026-01-10T09:00:00+07:00", 2, kW, "2026-01-13"},   // received on it
        DueCase{"2026-03-07T10:00:00+07:00", 1, kW, "2026-03-09"},   // Saturday: Monday is day 1
        DueCase{"2026-04-24T09:00:00+07:00", 5, kW, "2026-05-06"},   // Giỗ Tổ + 30/4–1/5 2026
        DueCase{"2025-04-25T09:00:00+07:00", 3, kW, "2025-04-29"},   // làm bù 26/4/2025
        DueCase{"2025-04-29T09:00:00+07:00", 2, kW, "2025-05-06"},   // 30/4–2/5/2025
        DueCase{"2025-08-29T09:00:00+07:00", 1, kW, "2025-09-03"},   // Quốc khánh 2025
        DueCase{"2026-08-21T09:00:00+07:00", 1, kW, "2026-08-22"},   // làm bù 22/8/2026
        DueCase{"2026-08-28T09:00:00+07:00", 2, kW, "2026-09-04"},   // Quốc khánh 2026
        DueCase{"2025-12-31T09:00:00+07:00", 1, kW, "2026-01-05"},   // across the new year
        DueCase{"2026-04-28T23:59:59+07:00", 1, kW, "2026-04-29"},
        DueCase{"2026-04-29T00:00:00+07:00", 1, kW, "2026-05-04"},
        DueCase{"2026-04-28T16:59:59Z", 1, kW, "2026-04-29"},  // = 23:59:59 local
        DueCase{"2026-04-28T17:00:00Z", 1, kW, "2026-05-04"},  // = 00:00 local on the 29th
        DueCase{"2026-04-29T23:59:59+07:00", 1, kW, "2026-05-04"},
        DueCase{"2026-04-30T00:00:00+07:00", 1, kW, "2026-05-04"}));

INSTANTIATE_TEST_SUITE_P(
    CalendarDays, DueAtTest,
    ::testing::Values(
        DueCase{"2026-04-29T23:59:59+07:00", 20, kC, "2026-05-19"},
        DueCase{"2026-04-30T00:00:00+07:00", 20, kC, "2026-05-20"},
        DueCase{"2026-04-29T16:59:59Z", 20, kC, "2026-05-19"},
        DueCase{"2026-04-29T17:00:00Z", 20, kC, "2026-05-20"},
        DueCase{"2026-04-29T23:59:59Z", 20, kC, "2026-05-20"},       // 06:59 local on the 30th
        DueCase{"2026-03-02T09:00:00+07:00", 20, kC, "2026-03-23"},  // Sunday → Monday
        DueCase{"2026-03-01T09:00:00+07:00", 20, kC, "2026-03-23"},  // Saturday → Monday
        DueCase{"2026-01-27T09:00:00+07:00", 20, kC, "2026-02-23"},  // lands on Tết
        DueCase{"2026-04-06T09:00:00+07:00", 20, kC, "2026-04-28"},  // Giỗ Tổ Sunday + nghỉ bù
        DueCase{"2026-08-02T09:00:00+07:00", 20, kC, "2026-08-22"},  // làm bù Saturday: stays
        DueCase{"2025-04-10T09:00:00+07:00", 20, kC, "2025-05-05"},  // lands on 30/4/2025
        DueCase{"2024-08-13T09:00:00+07:00", 20, kC, "2024-09-04"},  // lands on 2/9/2024
        DueCase{"2026-08-12T09:00:00+07:00", 20, kC, "2026-09-03"},  // lands on 1/9/2026
        DueCase{"2025-08-12T09:00:00+07:00", 20, kC, "2025-09-03"},  // lands on 1/9/2025
        DueCase{"2026-11-25T08:15:30+07:00", 20, kC, "2026-12-15"},  // plain Tuesday
        DueCase{"2026-02-17T10:00:00+07:00", 20, kC, "2026-03-09"},  // received on Tết
        DueCase{"2026-03-06T18:00:00+07:00", 1, kC, "2026-03-09"},   // Friday + 1 = Saturday
        DueCase{"2028-03-05T09:00:00+07:00", 20, kC, "2028-03-27"}));  // outside coverage

TEST(DefaultPolicyTest, TwentyCalendarDaysEndingAtLocalMidnight) {
  const DeadlinePolicy policy;
  EXPECT_EQ(DueAt(Ms("2026-04-29T23:59:59+07:00"), policy, Calendar()),
            Ms("2026-05-19T23:59:59.999+07:00"));
  EXPECT_EQ(DueAt(Ms("2026-04-29T23:59:59+07:00"), policy, Calendar()),
            Ms("2026-05-19T16:59:59.999Z"));
}

// ----------------------------------------------------------- DaysOverdue, WorkingDaysLeft
struct OverdueCase {
  const char* due;
  const char* now;
  int64_t overdue;
  int64_t left;
};
void PrintTo(const OverdueCase& c, std::ostream* os) {
  *os << "due " << c.due << " now " << c.now;
}

class OverdueTest : public ::testing::TestWithParam<OverdueCase> {};

TEST_P(OverdueTest, CountsLocalDays) {
  const OverdueCase& c = GetParam();
  EXPECT_EQ(DaysOverdue(Ms(c.due), Ms(c.now)), c.overdue) << c.now;
  EXPECT_EQ(WorkingDaysLeft(Ms(c.due), Ms(c.now), Calendar()), c.left) << c.now;
}

constexpr char kDue0224[] = "2026-02-24T23:59:59.999+07:00";  // Tuesday after Tết
constexpr char kDue0213[] = "2026-02-13T23:59:59.999+07:00";  // Friday before Tết

INSTANTIATE_TEST_SUITE_P(
    Boundaries, OverdueTest,
    ::testing::Values(
        OverdueCase{kDue0224, "2026-02-24T23:59:59.999+07:00", 0, 0},  // the due instant
        OverdueCase{kDue0224, "2026-02-25T00:00:00+07:00", 1, -1},
        OverdueCase{kDue0224, "2026-02-24T16:59:59.999Z", 0, 0},
        OverdueCase{kDue0224, "2026-02-24T17:00:00Z", 1, -1},
        OverdueCase{kDue0224, "2026-02-10T09:00:00+07:00", 0, 5},  // 11, 12, 13, 23, 24
        OverdueCase{kDue0224, "2026-02-23T08:00:00+07:00", 0, 1},
        OverdueCase{kDue0224, "2026-02-24T08:00:00+07:00", 0, 0},
        OverdueCase{kDue0224, "2026-03-03T10:00:00+07:00", 7, -5},
        OverdueCase{kDue0213, "2026-02-14T10:00:00+07:00", 1, -1},  // late on a Saturday
        OverdueCase{kDue0213, "2026-02-22T10:00:00+07:00", 9, -1},  // last day of the break
        OverdueCase{kDue0213, "2026-02-23T08:00:00+07:00", 10, -1},
        OverdueCase{kDue0213, "2026-02-24T08:00:00+07:00", 11, -2},
        OverdueCase{"2026-01-12T23:59:59.999+07:00", "2026-01-09T10:00:00+07:00", 0, 2},
        OverdueCase{"2025-05-06T23:59:59.999+07:00", "2025-04-29T10:00:00+07:00", 0, 2},
        OverdueCase{"2025-05-06T23:59:59.999+07:00", "2025-04-25T10:00:00+07:00", 0, 5},
        OverdueCase{"2026-09-04T23:59:59.999+07:00", "2026-08-28T09:00:00+07:00", 0, 2},
        OverdueCase{"2026-09-04T23:59:59.999+07:00", "2026-08-21T09:00:00+07:00", 0, 8},
        OverdueCase{"2026-03-10T12:00:00+07:00", "2026-03-10T13:00:00+07:00", 0, -1}));

// ------------------------------------------------------------------------ deadline policies
StatusOr<std::vector<DeadlinePolicy>> Policies(std::string_view text) {
  auto f = TomlFile::FromString(text, "pakn.toml");
  if (!f.ok()) return f.status();
  auto table = f->GetTable(f->root(), "", "deadlines");
  if (!table.ok()) return table.status();
  return ParseDeadlinePolicies(*f, *table);
}

TEST(DeadlinePolicyTest, DefaultWhenNoneConfigured) {
  for (const char* text : {"", "[deadlines]\n"}) {
    auto p = Policies(text);
    ASSERT_TRUE(p.ok()) << p.status();
    ASSERT_EQ(p->size(), 1u);
    EXPECT_EQ((*p)[0].name, "default");
    EXPECT_EQ((*p)[0].length, 20);
    EXPECT_EQ((*p)[0].count, DayCount::kCalendar);
    EXPECT_EQ((*p)[0].clock_starts, "received");
    EXPECT_EQ((*p)[0].progress_update_days, 0);
  }
}

TEST(DeadlinePolicyTest, ParsesPoliciesAndKeepsTheDefault) {
  auto p = Policies("[[deadlines.policy]]\nname = \"land\"\nlength = 15\ncount = \"working\"\n"
                    "clock_starts = \"accepted\"\nprogress_update_days = 5\n");
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(p->size(), 2u);
  const DeadlinePolicy* land = FindDeadlinePolicy(*p, "land");
  ASSERT_NE(land, nullptr);
  EXPECT_EQ(land->length, 15);
  EXPECT_EQ(DayCountName(land->count), "working");
  EXPECT_EQ(land->clock_starts, "accepted");
  EXPECT_EQ(land->progress_update_days, 5);
  ASSERT_NE(FindDeadlinePolicy(*p, "default"), nullptr);
  EXPECT_EQ(FindDeadlinePolicy(*p, "default")->length, 20);
  EXPECT_EQ(FindDeadlinePolicy(*p, "missing"), nullptr);

  auto own =
      Policies("[[deadlines.policy]]\nname = \"default\"\nlength = 10\ncount = \"working\"\n");
  ASSERT_TRUE(own.ok()) << own.status();
  ASSERT_EQ(own->size(), 1u);
  EXPECT_EQ((*own)[0].length, 10);
  EXPECT_EQ((*own)[0].count, DayCount::kWorking);
}

class BadPolicyTest : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadPolicyTest, NamesFileLineAndKey) {
  auto p = Policies(GetParam().toml);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find(GetParam().error), std::string::npos) << p.status();
}

INSTANTIATE_TEST_SUITE_P(
    Errors, BadPolicyTest,
    ::testing::Values(
        BadFile{"[deadlines]\nfoo = 1\n", "pakn.toml:2: deadlines.foo: unknown key"},
        BadFile{"[deadlines]\npolicy = 3\n",
                "pakn.toml:2: deadlines.policy: expected [[deadlines.policy]] tables"},
        BadFile{"[[deadlines.policy]]\nname = \"a\"\nlenght = 5\n",
                "pakn.toml:3: deadlines.policy[0].lenght: unknown key"},
        BadFile{"[[deadlines.policy]]\nname = \"a\"\ncount = \"weekly\"\n",
                "pakn.toml:3: deadlines.policy[0].count: expected \"calendar\" or \"working\""},
        BadFile{"[[deadlines.policy]]\nname = \"a\"\nlength = 0\n",
                "pakn.toml:3: deadlines.policy[0].length: expected an integer from 1 to 366"},
        BadFile{"[[deadlines.policy]]\nname = \"a\"\nlength = \"20\"\n",
                "pakn.toml:3: deadlines.policy[0].length: expected an integer"},
        BadFile{"[[deadlines.policy]]\nname = \"a\"\n\n[[deadlines.policy]]\nname = \"a\"\n",
                "pakn.toml:5: deadlines.policy[1].name: duplicate policy name 'a'"},
        BadFile{"[[deadlines.policy]]\nlength = 5\n",
                "pakn.toml:1: deadlines.policy[0].name: required"},
        BadFile{"[[deadlines.policy]]\nname = \"a\"\nclock_starts = \"\"\n",
                "pakn.toml:3: deadlines.policy[0].clock_starts: expected \"received\", "
                "\"accepted\" or \"assigned\", got \"\""},
        BadFile{"[[deadlines.policy]]\nname = \"a\"\nclock_starts = \"routed\"\n",
                "pakn.toml:3: deadlines.policy[0].clock_starts: expected \"received\", "
                "\"accepted\" or \"assigned\", got \"routed\""},
        BadFile{"[[deadlines.policy]]\nname = \"a\"\nprogress_update_days = -1\n",
                "pakn.toml:3: deadlines.policy[0].progress_update_days: expected an integer "
                "from 0 to 366"}));

}  // namespace
}  // namespace pakn::track
