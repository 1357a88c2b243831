#include "apps/tracking_setup.h"

#include <cstdlib>

#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time.h"
#include "config/toml_file.h"
#include "fmt/format.h"
#include "track/state_machine.h"

namespace pakn::apps {

std::string DefaultActor() {
  for (const char* var : {"PAKN_ACTOR", "USER", "LOGNAME"})
    if (const char* v = std::getenv(var); v && *v) return v;
  return "";
}

StatusOr<int64_t> ParseNow(std::string_view now) {
  if (now.empty()) return SystemClock().NowMillis();
  auto parsed = ParseRfc3339(now);
  if (!parsed.ok()) return InvalidArgumentError(StrCat("--now: ", parsed.status().message()));
  return *parsed;
}

std::string DeadlineText(std::string_view status, int64_t due_ms, int64_t answered_ms,
                         int64_t now_ms, const track::HolidayCalendar* calendar) {
  const std::string due = LocalDateTime(due_ms);
  std::optional<State> state = ParseState(status);
  if (state && !track::IsOpen(*state)) {
    if (answered_ms > 0)
      return fmt::format("answered {}, {} (due {})", LocalDateTime(answered_ms),
                         answered_ms <= due_ms ? "on time" : "late", due);
    return fmt::format("no answer owed now (due was {})", due);
  }
  if (now_ms > due_ms) {
    const int64_t days = track::DaysOverdue(due_ms, now_ms);
    return fmt::format("OVERDUE by {} day{} (due {})", days, days == 1 ? "" : "s", due);
  }
  if (calendar) {
    const int64_t left = track::WorkingDaysLeft(due_ms, now_ms, *calendar);
    if (left == 0) return fmt::format("due today or before the next working day ({})", due);
    return fmt::format("{} working day{} left (due {})", left, left == 1 ? "" : "s", due);
  }
  return fmt::format("due {}", due);
}

}  // namespace pakn::apps
