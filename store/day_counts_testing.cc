#include "store/day_counts_testing.h"

#include "base/status_macros.h"
#include "base/time.h"
#include "store/query.h"
#include "store/schema.h"

namespace pakn::store {

StatusOr<DayDigest> ComputeDayDigest(const Store& store, const std::string& day) {
  DayDigest d;
  d.day = day;
  std::string prefix = "P" + day + '\0';
  PAKN_RETURN_IF_ERROR(
      store.Scan(kCfCounters, prefix, "", [&](std::string_view key, std::string_view value) {
        // day, agency, topic, status[, channel, province] (store/schema.h)
        const auto parts = SplitNul(key.substr(1));
        const int64_t n = DecodeCount(value);
        if (parts.size() < 4 || n == 0) return true;
        const std::string agency(parts[1]), topic(parts[2]), status(parts[3]);
        d.received += n;
        d.by_agency[agency] += n;
        d.by_topic[topic] += n;
        d.by_status[status] += n;
        d.grid[agency][topic][status] += n;
        return true;
      }));
  prefix = "R" + day + '\0';
  PAKN_RETURN_IF_ERROR(
      store.Scan(kCfCounters, prefix, "", [&](std::string_view key, std::string_view value) {
        const int64_t n = DecodeCount(value);
        if (n == 0) return true;
        d.rejected += n;
        d.rejected_by_code[std::string(key.substr(prefix.size()))] += n;
        return true;
      }));
  return d;
}

StatusOr<DayDigest> RecomputeDayDigest(const Store& store, const std::string& day) {
  DayDigest d;
  d.day = day;
  PetitionQuery q;
  q.from_day = day;
  q.to_day = day;
  q.with_text = false;  // counts only
  PAKN_RETURN_IF_ERROR(RunQuery(store, q, [&](const StoredPetition& p) {
                         d.received += 1;
                         d.by_agency[p.agency] += 1;
                         d.by_topic[p.route.topic] += 1;
                         d.by_status[p.status] += 1;
                         d.grid[p.agency][p.route.topic][p.status] += 1;
                         return true;
                       }).status());
  PAKN_RETURN_IF_ERROR(ForEachRejection(store, [&](const StoredRejection& r) {
    if (LocalDate(r.received_ms) == day) {
      d.rejected += 1;
      d.rejected_by_code[std::string(RejectCodeName(r.rejection.code))] += 1;
    }
    return true;
  }));
  return d;
}

}  // namespace pakn::store
