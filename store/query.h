// Read-side queries over a Store (usually a reader, see Store::OpenReader): petition search for
// `pakn query`, the per-day digest for `pakn digest`, and the stored rejections.
//
// Query plans are simple and index-first, in this order:
//  - a deadline filter (overdue, due_before, progress_update_due), an assignee, or a state that
//    is open (received, accepted, assigned, in_progress) uses idx_due: the assignee's entries,
//    the agency's, or every agency's merged; results come sorted by due date (then id);
//  - a day range uses idx_day (day order);
//  - an agency (with or without status) uses idx_agency_status;
//  - anything else scans petitions.
// Remaining filters are applied to each record. Pure functions over the store;
// thread-compatible.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace pakn::store {

struct PetitionQuery {
  std::string status;
  std::string agency;
  std::string topic;
  std::string from_day;  // YYYY-MM-DD, inclusive (local submission day)
  std::string to_day;    // YYYY-MM-DD, inclusive
  // Search key of the words looked for (Normalizer::SearchKey); matches records whose search
  // key contains them as whole words or word prefixes, in this order.
  std::string text_key;
  // Derives the records' search keys for text_key (they are not stored); required with it.
  const classify::Normalizer* normalizer = nullptr;
  std::string assignee;          // the officer handling it
  // A province (or ward) code: the area the route meant (route.agency_area) or the resolved
  // place's province or ward. For accounts of a per-province agency (serve/auth.h).
  std::string area;
  // Deadline filters, all at now_ms and for open petitions only (track::IsOpen):
  bool overdue = false;              // past its due instant
  int64_t due_before_ms = 0;         // due before this instant (0 = no bound)
  // Late (past its due instant) and owing a progress update (next_update_ms <= now_ms).
  bool progress_update_due = false;
  int64_t now_ms = 0;
  size_t limit = 0;      // 0 = no limit
  // Hand fn records with their text part (title, content, reporter, ...). Counting needs
  // none: false spares a read of texts/ per match.
  bool with_text = true;
  // Resume after this row: the cursor RunQueryPage handed for the last row of the page before
  // (it names the plan and the row's index key). "" = from the start. A cursor of another plan
  // (the filters changed) is INVALID_ARGUMENT.
  std::string after;
};

// True when RunQuery answers `q` from idx_due, in due-date order.
bool UsesDueIndex(const PetitionQuery& q);

// Calls fn for each match in index order until fn returns false. Returns the number visited.
StatusOr<uint64_t> RunQuery(const Store& store, const PetitionQuery& q,
                                  const std::function<bool(const StoredPetition&)>& fn);

// RunQuery, and for each row its cursor (PetitionQuery::after resumes after it): pages that
// stay fast however deep, as each resumes in its index instead of skipping rows. The cursor is
// opaque, URL-safe text.
StatusOr<uint64_t> RunQueryPage(
    const Store& store, const PetitionQuery& q,
    const std::function<bool(const StoredPetition&, const std::string& cursor)>& fn);

// Stored rejections in (topic, partition, offset) order.
Status ForEachRejection(const Store& store,
                              const std::function<bool(const StoredRejection&)>& fn);

// What became of a tracking event, or nullopt if the store has not seen it.
StatusOr<std::optional<EventOutcome>> LookupEventOutcome(const Store& store,
                                                         std::string_view event_id);

// The stored next offsets: topic → partition → offset.
StatusOr<std::map<std::string, std::map<int32_t, int64_t>>> StoredOffsets(
    const Store& store);

}  // namespace pakn::store
