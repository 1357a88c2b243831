// Time in pakn: instants are Unix epoch milliseconds (UTC); days, deadlines and digests are in
// Vietnam's local time (Asia/Ho_Chi_Minh, UTC+07:00 all year since 1975, no daylight saving;
// time_test.cc checks the constant against ICU's zone data). Code takes a Clock instead of
// reading the time itself, so tests and `--now` runs are reproducible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace pakn {

inline constexpr int64_t kVietnamOffsetSeconds = 7 * 3600;
inline constexpr int64_t kMillisPerDay = 86'400'000;

// Parses an RFC 3339 date-time with a mandatory offset ("2026-11-25T08:15:30+07:00",
// "2026-11-25T01:15:30.250Z"). The error message says what was expected.
StatusOr<int64_t> ParseRfc3339(std::string_view text);

// "YYYY-MM-DD" of the instant in Vietnam.
std::string LocalDate(int64_t epoch_ms);
// "YYYY-MM-DDTHH:MM:SS+07:00" of the instant in Vietnam.
std::string LocalDateTime(int64_t epoch_ms);
// Parses "YYYY-MM-DD" and returns the instant of 00:00 that day in Vietnam.
StatusOr<int64_t> ParseLocalDate(std::string_view text);

// The instants a petition or a tracking event can carry: from 2000-01-01 (before any
// Vietnamese e-portal) to the end of 2099, Vietnam time. Returns why `epoch_ms` is outside
// ("is before 2000-01-01", "is after 2099"), or "" when it is within. Without a bound, a
// "9999-12-31T23:59:59Z" rolled over into a day of year 10000, and days before 1970 went into
// unsigned index keys as huge numbers.
std::string_view OutsidePlausibleYears(int64_t epoch_ms);

// Injected time source (absl/time/clock.h habit).
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMillis() const = 0;
};

// The real clock. Thread-safe.
const Clock& SystemClock();

// A clock that returns a fixed instant (tests, `--now`). Thread-compatible.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t epoch_ms) : now_(epoch_ms) {}
  int64_t NowMillis() const override { return now_; }
  void Set(int64_t epoch_ms) { now_ = epoch_ms; }

 private:
  int64_t now_;
};

}  // namespace pakn
