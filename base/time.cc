#include "base/time.h"

#include <chrono>

#include "base/strings.h"
#include "fmt/format.h"

namespace pakn {
namespace {

constexpr std::string_view kExpected =
    "expected an RFC 3339 date-time with offset, like 2026-11-25T08:15:30+07:00";

bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

// Days since 1970-01-01 of a valid civil date, or false when the date does not exist.
bool CivilDays(int y, int m, int d, int64_t& days) {
  using namespace std::chrono;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return false;
  days = sys_days{ymd}.time_since_epoch().count();
  return true;
}

struct Civil {
  int y, m, d, hh, mm, ss;
};

Civil ToCivil(int64_t epoch_ms) {
  using namespace std::chrono;
  int64_t secs = epoch_ms >= 0 ? epoch_ms / 1000 : -((-epoch_ms + 999) / 1000);
  int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  const int64_t rem = secs - days * 86400;
  const year_month_day ymd{sys_days{std::chrono::days{days}}};
  return Civil{static_cast<int>(ymd.year()), static_cast<int>(unsigned(ymd.month())),
               static_cast<int>(unsigned(ymd.day())), static_cast<int>(rem / 3600),
               static_cast<int>(rem % 3600 / 60), static_cast<int>(rem % 60)};
}

}  // namespace

StatusOr<int64_t> ParseRfc3339(std::string_view s) {
  auto bad = [&](std::string_view what) {
    return InvalidArgumentError(StrCat(kExpected, " (", what, ")"));
  };
  int y, mo, d, h, mi, sec;
  // Each part is checked where it stands, so that the message names the part that is wrong
  // ("2026-11-26T10:00:00" lacks its offset; its date part is fine).
  if (s.size() < 10 || !Digits(s, 0, 4, y) || s[4] != '-' || !Digits(s, 5, 2, mo) ||
      s[7] != '-' || !Digits(s, 8, 2, d))
    return bad("bad date part");
  if (s.size() < 11 || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
    return bad("no 'T' between date and time");
  if (s.size() < 19 || !Digits(s, 11, 2, h) || s[13] != ':' || !Digits(s, 14, 2, mi) ||
      s[16] != ':' || !Digits(s, 17, 2, sec))
    return bad("bad time part");
  if (h > 23 || mi > 59 || sec > 60) return bad("time out of range");
  int64_t days;
  if (!CivilDays(y, mo, d, days)) return bad("no such date");
  size_t pos = 19;
  int64_t millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int ndigits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (ndigits < 3) millis = millis * 10 + (s[pos] - '0');
      ++ndigits;
      ++pos;
    }
    if (ndigits == 0) return bad("empty fraction");
    for (int i = ndigits; i < 3; ++i) millis *= 10;
  }
  int64_t offset_secs = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
      return bad("bad offset");
    offset_secs = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad("missing offset (Z or +hh:mm)");
  }
  if (pos != s.size()) return bad("trailing characters");
  if (sec == 60) sec = 59;  // a leap second is kept in its minute
  const int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec - offset_secs;
  return secs * 1000 + millis;
}

std::string LocalDate(int64_t epoch_ms) {
  const Civil c = ToCivil(epoch_ms + kVietnamOffsetSeconds * 1000);
  return fmt::format("{:04}-{:02}-{:02}", c.y, c.m, c.d);
}

std::string LocalDateTime(int64_t epoch_ms) {
  const Civil c = ToCivil(epoch_ms + kVietnamOffsetSeconds * 1000);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+07:00", c.y, c.m, c.d, c.hh, c.mm,
                     c.ss);
}

std::string_view OutsidePlausibleYears(int64_t epoch_ms) {
  constexpr int64_t kEarliestMs = 946'659'600'000;  // 2000-01-01T00:00:00+07:00
  constexpr int64_t kLatestMs = 4'102'419'600'000;  // 2100-01-01T00:00:00+07:00
  if (epoch_ms < kEarliestMs) return "is before 2000-01-01";
  if (epoch_ms >= kLatestMs) return "is after 2099";
  return "";
}

StatusOr<int64_t> ParseLocalDate(std::string_view s) {
  int y, m, d;
  int64_t days;
  if (s.size() != 10 || !Digits(s, 0, 4, y) || s[4] != '-' || !Digits(s, 5, 2, m) ||
      s[7] != '-' || !Digits(s, 8, 2, d) || !CivilDays(y, m, d, days))
    return InvalidArgumentError(
        StrCat("expected a date YYYY-MM-DD, got '", s, "'"));
  return days * kMillisPerDay - kVietnamOffsetSeconds * 1000;
}

namespace {
class RealClock final : public Clock {
 public:
  int64_t NowMillis() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
};
}  // namespace

const Clock& SystemClock() {
  static const RealClock clock;
  return clock;
}

}  // namespace pakn
