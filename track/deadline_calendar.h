// Legal answer deadlines for petitions (phản ánh, kiến nghị): which local days are working
// days in Vietnam's public sector, and when an answer counted in calendar or working days is
// due. All days are local days in Asia/Ho_Chi_Minh (UTC+07:00, no DST; see base/time.h).
//
//   PAKN_ASSIGN_OR_RETURN(HolidayCalendar cal, HolidayCalendar::Load("config/holidays.toml"));
//   DeadlinePolicy policy;                                   // 20 calendar days from receipt
//   int64_t due = DueAt(received_ms, policy, cal);           // 23:59:59.999 of the due day
//   int64_t late = DaysOverdue(due, clock.NowMillis());
//
// Counting rule (DueAt). Civil Code 2015 (Bộ luật Dân sự 91/2015/QH13), which art. 145(1)
// applies to periods set by other laws unless they provide otherwise:
//   * art. 147(2)-(3): a period counted in days, or started by an event (the receipt), does not
//     count the day of the event; day 1 is the next day. The start instant's local day is the
//     event day, whatever the hour.
//   * art. 148(1), (6): the period ends at the end (24:00) of its last day. pakn returns the
//     last millisecond before it, 23:59:59.999 local, so "due_ms >= now" means "still on time".
//   * art. 148(5): when the last day is a weekend day or a public holiday, the period ends at
//     the end of the next working day. Applied to calendar counting; working-day counting
//     always ends on a working day.
//   * Working days: Monday–Friday (the public sector's 5-day week) minus the days off in the
//     HolidayCalendar, plus its swapped working Saturdays ("làm bù"). Day 1 is the first
//     working day after the start day, so a petition received on a Saturday or a holiday is
//     counted from the next working day (that day is day 1, not day 0).
//
// Contract: HolidayCalendar knows holidays only for [first_year(), last_year()]. Outside that
// range only Saturdays and Sundays are days off (Covers() tells which); the file must be
// extended every year when the Government announces the next year's days off.
//
// Thread safety: HolidayCalendar and DeadlinePolicy are immutable after loading; const
// methods and the free functions are thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "config/toml_file.h"

namespace pakn::track {

// Days since 1970-01-01 of the instant's date in Vietnam (floor, also before 1970).
int64_t LocalDay(int64_t epoch_ms);
// The instant of 00:00 local on `local_day`.
int64_t LocalDayStartMs(int64_t local_day);
// The civil year of a local day.
int YearOfLocalDay(int64_t local_day);

// Days off and swapped working days; answers "is this local day a working day".
class HolidayCalendar {
 public:
  // Weekends only: no holiday is known (first_year() > last_year()).
  HolidayCalendar() = default;

  // The file lists [[holiday]] (date = TOML local date, name = string) and [[working_day]]
  // (date, optional name; must be a Saturday or Sunday). Errors are "FILE:LINE: KEY: message";
  // an impossible date such as 2026-02-30 is rejected by the TOML parser as
  // "FILE:LINE:COLUMN: message". A date listed twice, a working_day on a weekday, an unknown
  // key or a year without holidays inside the covered range is an error.
  static StatusOr<HolidayCalendar> Load(const std::string& path);
  static StatusOr<HolidayCalendar> Parse(std::string_view toml, const std::string& name);

  // local_day = days since 1970-01-01 in Vietnam (LocalDay()).
  bool IsWorkingDay(int64_t local_day) const;
  // The name of the holiday on that day, or nullopt (also for plain weekends).
  std::optional<std::string> HolidayName(int64_t local_day) const;
  // True for a Saturday or Sunday that the calendar makes a working day.
  bool IsSwappedWorkingDay(int64_t local_day) const;
  // The first working day on or after `local_day`.
  int64_t NextWorkingDay(int64_t local_day) const;

  // Coverage: the years the file lists holidays for. Outside it only weekends are days off.
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }
  bool Covers(int64_t local_day) const;

  // The listed days of one year, ascending (for reports and tests).
  std::vector<int64_t> HolidaysIn(int year) const;
  std::vector<int64_t> SwappedWorkingDaysIn(int year) const;

 private:
  static StatusOr<HolidayCalendar> FromFile(const TomlFile& file);

  std::map<int64_t, std::string> holidays_;      // local day → name
  std::map<int64_t, std::string> working_days_;  // local day → note (may be empty)
  int first_year_ = 1;
  int last_year_ = 0;
};

enum class DayCount { kCalendar, kWorking };

// How long an office has to answer. The default is the national public-service portal's rule:
// 20 days from receipt; offices that count working days configure kWorking.
struct DeadlinePolicy {
  std::string name = "default";
  int length = 20;  // days, >= 1
  DayCount count = DayCount::kCalendar;
  std::string clock_starts = "received";  // event type that starts the clock
  int progress_update_days = 0;           // 0 = none; else an update is due every N days while open
};

std::string_view DayCountName(DayCount count);  // "calendar" | "working"

// Deadline policies from the config's [deadlines] table:
//
//   [[deadlines.policy]]
//   name = "land"                 # required, unique
//   length = 30                   # 1..366, default 20
//   count = "working"             # "calendar" (default) | "working"
//   clock_starts = "received"     # "received" (default), "accepted" or "assigned"
//   progress_update_days = 10     # 0..366, default 0
//
// The table's other keys (holidays, count) belong to PaknConfig and are allowed here.
// `deadlines` may be nullptr (no table). Errors are "FILE:LINE: KEY: message". The policy
// "default" (20 calendar days from "received") is appended unless the file defines its own,
// so every petition has a policy to fall back on.
StatusOr<std::vector<DeadlinePolicy>> ParseDeadlinePolicies(const TomlFile& file,
                                                            const toml::table* deadlines);
// The policy called `name`, or nullptr.
const DeadlinePolicy* FindDeadlinePolicy(const std::vector<DeadlinePolicy>& policies,
                                         std::string_view name);

// The due instant: 23:59:59.999 local of the last allowed day, counting policy.length days
// from the local day of `start_ms` by the rule in the header comment.
int64_t DueAt(int64_t start_ms, const DeadlinePolicy& policy, const HolidayCalendar& calendar);

// Local calendar days from the due day to the day of `now_ms`; 0 while now_ms <= due_ms.
// With a DueAt() value: 1 from 00:00 local of the day after the due day.
int64_t DaysOverdue(int64_t due_ms, int64_t now_ms);

// For display. Not overdue (now_ms <= due_ms): the working days after today up to and
// including the due day (0 = due today, or no working day is left before the due day).
// Overdue: minus the working days after the due day up to and including today, and at least
// -1, so an answer late on a weekend shows -1 rather than 0.
int64_t WorkingDaysLeft(int64_t due_ms, int64_t now_ms, const HolidayCalendar& calendar);

}  // namespace pakn::track
