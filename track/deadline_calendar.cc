#include "track/deadline_calendar.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <utility>

#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time.h"

namespace pakn::track {
namespace {

// Floor division: instants and days before 1970 must round towards the past, not zero.
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// 0 = Sunday ... 6 = Saturday. 1970-01-01 was a Thursday.
int Weekday(int64_t local_day) {
  return static_cast<int>(local_day - FloorDiv(local_day + 4, 7) * 7 + 4);
}

bool IsWeekend(int64_t local_day) {
  const int w = Weekday(local_day);
  return w == 0 || w == 6;
}

constexpr std::string_view kWeekdayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                              "Thursday", "Friday", "Saturday"};

std::string DayText(int64_t local_day) { return LocalDate(LocalDayStartMs(local_day)); }

// Working days d with from < d <= to.
int64_t WorkingDaysBetween(int64_t from, int64_t to, const HolidayCalendar& calendar) {
  int64_t n = 0;
  for (int64_t d = from + 1; d <= to; ++d) n += calendar.IsWorkingDay(d) ? 1 : 0;
  return n;
}

// Where each date was first listed, so a duplicate names both entries.
using Seen = std::map<int64_t, std::string>;

// One [[holiday]] or [[working_day]] array. `is_holiday` selects the target map and the rules.
Status ParseDays(const TomlFile& f, std::string_view key, bool is_holiday,
                 std::map<int64_t, std::string>& out, Seen& seen,
                 std::map<int64_t, const toml::node*>& date_nodes) {
  const toml::node* node = f.root().get(key);
  if (!node) return OkStatus();
  const toml::array* entries = node->as_array();
  if (!entries || !entries->is_array_of_tables())
    return f.Error(node, key, StrCat("expected [[", key, "]] tables"));
  for (size_t i = 0; i < entries->size(); ++i) {
    const toml::table& t = *entries->get(i)->as_table();
    const std::string p = StrCat(key, "[", i, "]");
    PAKN_RETURN_IF_ERROR(f.CheckKeys(t, p, {"date", "name"}));
    const toml::node* date_node = t.get("date");
    if (!date_node) return f.Error(&t, StrCat(p, ".date"), "required");
    const toml::value<toml::date>* date = date_node->as_date();
    if (!date)
      return f.Error(date_node, StrCat(p, ".date"),
                     "expected a TOML local date like 2026-02-16 (no quotes, no time)");
    const toml::date& v = date->get();
    using namespace std::chrono;
    const int64_t day =
        sys_days{year_month_day{year{v.year}, month{v.month}, std::chrono::day{v.day}}}
            .time_since_epoch()
            .count();
    PAKN_ASSIGN_OR_RETURN(std::string name, f.GetString(t, p, "name", ""));
    if (is_holiday && name.empty()) return f.Error(&t, StrCat(p, ".name"), "required");
    if (auto [it, inserted] = seen.emplace(day, p); !inserted)
      return f.Error(date_node, StrCat(p, ".date"),
                     StrCat("duplicate date ", DayText(day), " (already listed as ",
                            it->second, ")"));
    if (!is_holiday && !IsWeekend(day))
      return f.Error(date_node, StrCat(p, ".date"),
                     StrCat(DayText(day), " is a ", kWeekdayNames[Weekday(day)],
                            "; [[working_day]] lists Saturdays and Sundays that are working "
                            "days (làm bù)"));
    date_nodes.emplace(day, date_node);
    out.emplace(day, std::move(name));
  }
  return OkStatus();
}

}  // namespace

int64_t LocalDay(int64_t epoch_ms) {
  return FloorDiv(epoch_ms + kVietnamOffsetSeconds * 1000, kMillisPerDay);
}

int64_t LocalDayStartMs(int64_t local_day) {
  return local_day * kMillisPerDay - kVietnamOffsetSeconds * 1000;
}

int YearOfLocalDay(int64_t local_day) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{local_day}}};
  return static_cast<int>(ymd.year());
}

StatusOr<HolidayCalendar> HolidayCalendar::Load(const std::string& path) {
  PAKN_ASSIGN_OR_RETURN(TomlFile f, TomlFile::Load(path));
  return FromFile(f);
}

StatusOr<HolidayCalendar> HolidayCalendar::Parse(std::string_view toml, const std::string& name) {
  PAKN_ASSIGN_OR_RETURN(TomlFile f, TomlFile::FromString(toml, name));
  return FromFile(f);
}

StatusOr<HolidayCalendar> HolidayCalendar::FromFile(const TomlFile& f) {
  PAKN_RETURN_IF_ERROR(f.CheckKeys(f.root(), "", {"holiday", "working_day"}));
  HolidayCalendar cal;
  Seen seen;
  std::map<int64_t, const toml::node*> date_nodes;
  PAKN_RETURN_IF_ERROR(ParseDays(f, "holiday", true, cal.holidays_, seen, date_nodes));
  PAKN_RETURN_IF_ERROR(ParseDays(f, "working_day", false, cal.working_days_, seen, date_nodes));
  if (cal.holidays_.empty())
    return f.Error(nullptr, "holiday", "no [[holiday]] entries; the calendar would be empty");
  cal.first_year_ = YearOfLocalDay(cal.holidays_.begin()->first);
  cal.last_year_ = YearOfLocalDay(cal.holidays_.rbegin()->first);
  // A year missing inside the range would silently count its holidays as working days; it is
  // usually a typo in a year ("2206-09-02"), so the error points at the first later entry.
  std::set<int> years;
  for (const auto& [day, name] : cal.holidays_) years.insert(YearOfLocalDay(day));
  for (int y = cal.first_year_; y <= cal.last_year_; ++y) {
    if (years.count(y)) continue;
    int64_t next = cal.holidays_.begin()->first;
    for (const auto& [day, name] : cal.holidays_)
      if (YearOfLocalDay(day) > y) { next = day; break; }
    return f.Error(date_nodes[next], StrCat(seen[next], ".date"),
                   StrCat("no holidays listed for ", y, " but ", DayText(next),
                          " is; the calendar must cover consecutive years (a typo in a year?)"));
  }
  return cal;
}

bool HolidayCalendar::IsWorkingDay(int64_t local_day) const {
  if (working_days_.count(local_day)) return true;
  if (holidays_.count(local_day)) return false;
  return !IsWeekend(local_day);
}

std::optional<std::string> HolidayCalendar::HolidayName(int64_t local_day) const {
  auto it = holidays_.find(local_day);
  if (it == holidays_.end()) return std::nullopt;
  return it->second;
}

bool HolidayCalendar::IsSwappedWorkingDay(int64_t local_day) const {
  return working_days_.count(local_day) > 0;
}

int64_t HolidayCalendar::NextWorkingDay(int64_t local_day) const {
  // Terminates: at most two weekend days in a row outside the finite holiday list.
  while (!IsWorkingDay(local_day)) ++local_day;
  return local_day;
}

bool HolidayCalendar::Covers(int64_t local_day) const {
  const int y = YearOfLocalDay(local_day);
  return y >= first_year_ && y <= last_year_;
}

namespace {
std::vector<int64_t> DaysOfYear(const std::map<int64_t, std::string>& days, int year) {
  using namespace std::chrono;
  const int64_t begin = sys_days{year_month_day{std::chrono::year{year}, January, day{1}}}
                            .time_since_epoch()
                            .count();
  const int64_t end = sys_days{year_month_day{std::chrono::year{year + 1}, January, day{1}}}
                          .time_since_epoch()
                          .count();
  std::vector<int64_t> out;
  for (auto it = days.lower_bound(begin); it != days.end() && it->first < end; ++it)
    out.push_back(it->first);
  return out;
}
}  // namespace

std::vector<int64_t> HolidayCalendar::HolidaysIn(int year) const {
  return DaysOfYear(holidays_, year);
}

std::vector<int64_t> HolidayCalendar::SwappedWorkingDaysIn(int year) const {
  return DaysOfYear(working_days_, year);
}

std::string_view DayCountName(DayCount count) {
  return count == DayCount::kWorking ? "working" : "calendar";
}

StatusOr<std::vector<DeadlinePolicy>> ParseDeadlinePolicies(const TomlFile& f,
                                                            const toml::table* deadlines) {
  std::vector<DeadlinePolicy> out;
  if (deadlines) {
    constexpr std::string_view kPrefix = "deadlines";
    PAKN_RETURN_IF_ERROR(f.CheckKeys(*deadlines, kPrefix, {"holidays", "count", "policy"}));
    const toml::node* node = deadlines->get("policy");
    const toml::array* policies = node ? node->as_array() : nullptr;
    if (node && (!policies || !policies->is_array_of_tables()))
      return f.Error(node, "deadlines.policy", "expected [[deadlines.policy]] tables");
    for (size_t i = 0; policies && i < policies->size(); ++i) {
      const toml::table& t = *policies->get(i)->as_table();
      const std::string p = StrCat("deadlines.policy[", i, "]");
      PAKN_RETURN_IF_ERROR(f.CheckKeys(
          t, p, {"name", "length", "count", "clock_starts", "progress_update_days"}));
      DeadlinePolicy policy;
      PAKN_ASSIGN_OR_RETURN(policy.name, f.GetString(t, p, "name", ""));
      if (policy.name.empty()) return f.Error(&t, StrCat(p, ".name"), "required");
      if (FindDeadlinePolicy(out, policy.name))
        return f.Error(t.get("name"), StrCat(p, ".name"),
                       StrCat("duplicate policy name '", policy.name, "'"));
      PAKN_ASSIGN_OR_RETURN(int64_t length, f.GetInt(t, p, "length", policy.length, 1, 366));
      policy.length = static_cast<int>(length);
      PAKN_ASSIGN_OR_RETURN(std::string count, f.GetString(t, p, "count", "calendar"));
      if (count == "working") {
        policy.count = DayCount::kWorking;
      } else if (count != "calendar") {
        return f.Error(t.get("count"), StrCat(p, ".count"),
                       StrCat("expected \"calendar\" or \"working\", got \"", count, "\""));
      }
      PAKN_ASSIGN_OR_RETURN(policy.clock_starts,
                            f.GetString(t, p, "clock_starts", policy.clock_starts));
      if (policy.clock_starts != "received" && policy.clock_starts != "accepted" &&
          policy.clock_starts != "assigned")
        return f.Error(t.get("clock_starts"), StrCat(p, ".clock_starts"),
                       StrCat("expected \"received\", \"accepted\" or \"assigned\", got \"",
                              policy.clock_starts.substr(0, 40), "\""));
      PAKN_ASSIGN_OR_RETURN(int64_t every, f.GetInt(t, p, "progress_update_days", 0, 0, 366));
      policy.progress_update_days = static_cast<int>(every);
      out.push_back(std::move(policy));
    }
  }
  if (!FindDeadlinePolicy(out, "default")) out.push_back(DeadlinePolicy{});
  return out;
}

const DeadlinePolicy* FindDeadlinePolicy(const std::vector<DeadlinePolicy>& policies,
                                         std::string_view name) {
  for (const DeadlinePolicy& p : policies)
    if (p.name == name) return &p;
  return nullptr;
}

int64_t DueAt(int64_t start_ms, const DeadlinePolicy& policy, const HolidayCalendar& calendar) {
  const int64_t start_day = LocalDay(start_ms);
  int64_t last = start_day;
  if (policy.count == DayCount::kWorking) {
    for (int counted = 0; counted < policy.length;)
      if (calendar.IsWorkingDay(++last)) ++counted;
  } else {
    last = calendar.NextWorkingDay(start_day + std::max(policy.length, 0));
  }
  return LocalDayStartMs(last + 1) - 1;
}

int64_t DaysOverdue(int64_t due_ms, int64_t now_ms) {
  if (now_ms <= due_ms) return 0;
  return LocalDay(now_ms) - LocalDay(due_ms);
}

int64_t WorkingDaysLeft(int64_t due_ms, int64_t now_ms, const HolidayCalendar& calendar) {
  const int64_t today = LocalDay(now_ms);
  const int64_t due_day = LocalDay(due_ms);
  if (now_ms <= due_ms) return WorkingDaysBetween(today, due_day, calendar);
  return -std::max<int64_t>(1, WorkingDaysBetween(due_day, today, calendar));
}

}  // namespace pakn::track
