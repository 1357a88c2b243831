// What the commands that track petitions share: `--now` parsing and the "time left" wording.
// (The deadline set-up from the config is pipeline::Pipeline's.)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "config/config.h"
#include "track/deadline_calendar.h"

namespace pakn::apps {

// `--actor` when not given: PAKN_ACTOR, else USER, else LOGNAME; "" when none is set.
std::string DefaultActor();

// `--now`: "" is the system clock; otherwise an RFC 3339 date-time with offset.
StatusOr<int64_t> ParseNow(std::string_view now);

// "3 working days left (due 2026-12-01T23:59:59+07:00)", "due today", "5 days overdue
// (due ...)", or for a petition no longer open, "answered 2026-11-30T10:00:00+07:00, on time".
std::string DeadlineText(std::string_view status, int64_t due_ms, int64_t answered_ms,
                         int64_t now_ms, const track::HolidayCalendar* calendar);

}  // namespace pakn::apps
