#include "store/query.h"

#include "base/status_macros.h"
#include "base/time.h"

namespace pakn::store {
namespace {

bool MatchesText(const StoredPetition& p, const std::string& text_key) {
  if (text_key.empty()) return true;
  // " needle" at the start of a word in " haystack": whole words or word prefixes.
  const std::string haystack = " " + p.search_key;
  const std::string needle = " " + text_key;
  return haystack.find(needle) != std::string::npos;
}

bool Matches(const StoredPetition& p, const PetitionQuery& q) {
  if (!q.status.empty() && p.status != q.status) return false;
  if (!q.agency.empty() && p.route.agency != q.agency) return false;
  if (!q.topic.empty() && p.route.topic != q.topic) return false;
  if (!q.from_day.empty() && p.day < q.from_day) return false;
  if (!q.to_day.empty() && p.day > q.to_day) return false;
  return MatchesText(p, q.text_key);
}

std::vector<std::string_view> SplitNul(std::string_view key) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= key.size(); ++i) {
    if (i == key.size() || key[i] == '\0') {
      parts.push_back(key.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

}  // namespace

StatusOr<uint64_t> RunQuery(const Store& store, const PetitionQuery& q,
                                  const std::function<bool(const StoredPetition&)>& fn) {
  uint64_t visited = 0, emitted = 0;
  Status inner;
  auto visit_id = [&](std::string_view id) -> bool {
    ++visited;
    auto rec = store.GetPetition(id);
    if (!rec.ok()) {
      inner = rec.status();
      return false;
    }
    if (!*rec || !Matches(**rec, q)) return true;
    ++emitted;
    if (!fn(**rec)) return false;
    return q.limit == 0 || emitted < q.limit;
  };

  if (!q.from_day.empty() || !q.to_day.empty()) {
    const std::string start = q.from_day.empty() ? std::string() : q.from_day;
    PAKN_RETURN_IF_ERROR(store.Scan(kCfIdxDay, "", start, [&](std::string_view key,
                                                              std::string_view) {
      const size_t nul = key.find('\0');
      if (nul == std::string_view::npos) return true;
      if (!q.to_day.empty() && key.substr(0, nul) > q.to_day) return false;
      return visit_id(key.substr(nul + 1));
    }));
  } else if (!q.agency.empty()) {
    std::string prefix = q.agency + '\0';
    if (!q.status.empty()) prefix += q.status + '\0';
    PAKN_RETURN_IF_ERROR(store.Scan(kCfIdxAgencyStatus, prefix, "", [&](std::string_view key,
                                                                         std::string_view) {
      const size_t nul = key.rfind('\0');
      return visit_id(key.substr(nul + 1));
    }));
  } else {
    PAKN_RETURN_IF_ERROR(store.Scan(kCfPetitions, "", "", [&](std::string_view,
                                                              std::string_view value) {
      ++visited;
      auto rec = DecodePetition(value);
      if (!rec.ok()) {
        inner = rec.status();
        return false;
      }
      if (!Matches(*rec, q)) return true;
      ++emitted;
      if (!fn(*rec)) return false;
      return q.limit == 0 || emitted < q.limit;
    }));
  }
  PAKN_RETURN_IF_ERROR(inner);
  return visited;
}

StatusOr<DayDigest> ComputeDayDigest(const Store& store, const std::string& day) {
  DayDigest d;
  d.day = day;
  std::string prefix = "P" + day + '\0';
  PAKN_RETURN_IF_ERROR(store.Scan(kCfCounters, prefix, "", [&](std::string_view key,
                                                               std::string_view value) {
    const auto parts = SplitNul(key.substr(1));  // day, agency, topic, status
    const int64_t n = DecodeCount(value);
    if (parts.size() != 4 || n == 0) return true;
    const std::string agency(parts[1]), topic(parts[2]), status(parts[3]);
    d.received += n;
    d.by_agency[agency] += n;
    d.by_topic[topic] += n;
    d.by_status[status] += n;
    d.grid[agency][topic][status] += n;
    return true;
  }));
  prefix = "R" + day + '\0';
  PAKN_RETURN_IF_ERROR(store.Scan(kCfCounters, prefix, "", [&](std::string_view key,
                                                               std::string_view value) {
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
  PAKN_RETURN_IF_ERROR(RunQuery(store, q, [&](const StoredPetition& p) {
                         d.received += 1;
                         d.by_agency[p.route.agency] += 1;
                         d.by_topic[p.route.topic] += 1;
                         d.by_status[p.status] += 1;
                         d.grid[p.route.agency][p.route.topic][p.status] += 1;
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

Status ForEachRejection(const Store& store,
                              const std::function<bool(const StoredRejection&)>& fn) {
  Status inner;
  PAKN_RETURN_IF_ERROR(store.Scan(kCfRejections, "", "", [&](std::string_view,
                                                             std::string_view value) {
    auto r = DecodeRejection(value);
    if (!r.ok()) {
      inner = r.status();
      return false;
    }
    return fn(*r);
  }));
  return inner;
}

StatusOr<std::map<std::string, std::map<int32_t, int64_t>>> StoredOffsets(
    const Store& store) {
  std::map<std::string, std::map<int32_t, int64_t>> out;
  PAKN_RETURN_IF_ERROR(store.Scan(kCfOffsets, "", "", [&](std::string_view key,
                                                          std::string_view value) {
    auto parts = ParseOffsetKey(key);
    if (parts && value.size() == 8)
      out[parts->topic][parts->partition] = static_cast<int64_t>(ReadU64(value));
    return true;
  }));
  return out;
}

}  // namespace pakn::store
