// Counts of one local day, for the store's tests only (no command uses them; the digest has
// its own, store/digest.h): from the counters column family, and the same recounted from the
// records and rejections, so a test can require the counters the applier keeps to equal a
// recount.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "base/status.h"
#include "store/store.h"

namespace pakn::store {

// Counts for one local day, from the counters column family (O(groups), docs/design.md 5).
struct DayDigest {
  std::string day;
  int64_t received = 0;
  int64_t rejected = 0;
  std::map<std::string, int64_t> by_agency;
  std::map<std::string, int64_t> by_topic;
  std::map<std::string, int64_t> by_status;
  std::map<std::string, int64_t> rejected_by_code;
  // agency → topic → status → count, the stored grain.
  std::map<std::string, std::map<std::string, std::map<std::string, int64_t>>> grid;
};
StatusOr<DayDigest> ComputeDayDigest(const Store& store, const std::string& day);

// The same numbers recounted from the records and rejections.
StatusOr<DayDigest> RecomputeDayDigest(const Store& store, const std::string& day);

}  // namespace pakn::store
