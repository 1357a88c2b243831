// The leaders' digest (issue 6; docs/digest.md defines every figure): for a period of local
// days (Asia/Ho_Chi_Minh), what came in and through which channels, what it was about and
// where, what the office did with it, and the overdue backlog with its ageing, compared with
// the period before and the same period a week before, plus a 30-day trend and the oldest
// overdue petitions.
//
//   DigestRequest r{.from_day = "2026-11-25", .to_day = "2026-11-25", .now_ms = now};
//   PAKN_ASSIGN_OR_RETURN(Digest d, ComputeDigest(store, r));        // counters: O(groups)
//   PAKN_ASSIGN_OR_RETURN(Digest full, RecomputeDigest(store, r));   // records: O(petitions)
//   if (std::string diff = DescribeDifference(d, full); !diff.empty()) ...
//
// ComputeDigest reads only the counters column family (merge-added in the WriteBatch that
// changes them, docs/design.md 5) and the first entries of idx_due, so its cost depends on the
// number of counter groups in the days asked for and on the open backlog's due days, never on
// the number of stored petitions. RecomputeDigest derives the same figures from the records and
// their histories; the two must be equal (`pakn digest --verify`).
//
// Three kinds of figures, because the counters hold three kinds of truth:
//  - cohort (P counters): the petitions SUBMITTED in a day, in their state as of now;
//  - flow (E, R counters): what HAPPENED in a day (tracking events by `at`, intake
//    rejections by message time): final once the day is over;
//  - backlog (U counters, idx_due): the open petitions as of now.
// No personal data: titles of overdue petitions are masked (base/pii.h) before they enter a
// Digest, so no renderer can leak them.
//
// Thread safety: pure functions over a Store; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace pakn::store {

// Counts of one day or of a sum of days.
struct PeriodFigures {
  // Cohort: petitions submitted in the period, as of now.
  int64_t received = 0;
  int64_t still_open = 0;  // of those, still owed an answer (track::IsOpen)
  std::map<std::string, int64_t> by_channel, by_topic, by_agency, by_province, by_status;
  // Flow: tracking events whose `at` is in the period, by history type ("accepted",
  // "rejected", "answered", "answered_on_time", "answered_late", "refused", ...).
  std::map<std::string, int64_t> events;
  // Flow: messages that could not be petitions, by reject code (none with an agency scope:
  // they were never routed).
  int64_t intake_rejected = 0;
  std::map<std::string, int64_t> intake_rejected_by_code;
  // Open petitions whose deadline (due day) fell in the period and before today: they
  // missed it and are still unanswered as of now.
  int64_t newly_overdue = 0;

  void Add(const PeriodFigures& other);
  int64_t Event(const std::string& what) const {
    auto it = events.find(what);
    return it == events.end() ? 0 : it->second;
  }
  bool operator==(const PeriodFigures&) const = default;
};

// Share in [0, 1] of petitions received in the period that are no longer open; nullopt when
// nothing was received.
std::optional<double> CompletionRate(const PeriodFigures& f);
// answered_on_time / answered of the period's answers; nullopt when there was none.
std::optional<double> OnTimeRate(const PeriodFigures& f);

// The open petitions as of now (U counters). Overdue means the due day is before today,
// i.e. track::DaysOverdue >= 1.
struct Backlog {
  int64_t open = 0;
  int64_t overdue = 0;
  int64_t overdue_1_7 = 0, overdue_8_30 = 0, overdue_over_30 = 0;  // days overdue
  std::map<std::string, int64_t> overdue_by_agency, overdue_by_topic;
  bool operator==(const Backlog&) const = default;
};
// overdue / open; nullopt when nothing is open.
std::optional<double> OverdueRate(const Backlog& b);

// One of the oldest overdue petitions; the title has personal data masked.
struct OverduePetition {
  std::string id, agency, topic, title_masked;
  int64_t due_ms = 0;
  int64_t days_overdue = 0;
  bool operator==(const OverduePetition&) const = default;
};

struct DigestRequest {
  std::string from_day, to_day;  // YYYY-MM-DD, inclusive, local days; from_day <= to_day
  std::string agency;            // "" = every agency
  int64_t now_ms = 0;            // "as of" instant of cohort and backlog figures
  int trend_days = 30;           // days of the trend, ending with to_day
  size_t oldest_overdue = 20;    // how many of the oldest overdue petitions to list
  bool operator==(const DigestRequest&) const = default;
};

struct Digest {
  DigestRequest request;
  std::string today;           // LocalDate(now_ms)
  std::string previous_from, previous_to;        // the period before, same length
  std::string week_before_from, week_before_to;  // the period shifted back 7 days
  PeriodFigures period, previous, week_before;
  // One entry per day, trend_days days ending with to_day, oldest first.
  std::vector<std::pair<std::string, PeriodFigures>> trend;
  Backlog backlog;
  std::vector<OverduePetition> oldest_overdue;  // oldest due first, then id
  bool operator==(const Digest&) const = default;
};

// Checks the request (days well-formed and ordered, range at most 3660 days, trend_days in
// 1..366); the message names the field.
Status ValidateDigestRequest(const DigestRequest& r);

// From the counters (O(groups)).
StatusOr<Digest> ComputeDigest(const Store& store, const DigestRequest& request);

// The same figures from the records and their histories (O(petitions + events)).
StatusOr<Digest> RecomputeDigest(const Store& store, const DigestRequest& request);

// "" when equal; else the first differing figures, e.g. "period.events[answered]: 12 vs 13".
std::string DescribeDifference(const Digest& counted, const Digest& recomputed);

// The local day `n` days after (n < 0: before) `day` (YYYY-MM-DD, already valid).
std::string AddDays(const std::string& day, int n);

}  // namespace pakn::store
