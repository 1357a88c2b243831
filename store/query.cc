#include "store/query.h"

#include <algorithm>

#include "base/status_macros.h"
#include "base/time.h"
#include "track/state_machine.h"

namespace pakn::store {
namespace {

bool MatchesText(const StoredPetition& p, const PetitionQuery& q) {
  const std::string& text_key = q.text_key;
  if (text_key.empty()) return true;
  // " needle" at the start of a word in " haystack": whole words or word prefixes.
  const std::string haystack = " " + SearchKeyOf(p, *q.normalizer);
  const std::string needle = " " + text_key;
  return haystack.find(needle) != std::string::npos;
}

bool HasDeadlineFilter(const PetitionQuery& q) {
  return q.overdue || q.due_before_ms != 0 || q.progress_update_due;
}

bool Matches(const StoredPetition& p, const PetitionQuery& q) {
  if (!q.status.empty() && p.status != q.status) return false;
  if (!q.assignee.empty() && p.assignee != q.assignee) return false;
  if (HasDeadlineFilter(q)) {
    if (!track::IsOpen(p.status)) return false;
    if (q.overdue && p.due_ms >= q.now_ms) return false;
    if (q.due_before_ms != 0 && p.due_ms >= q.due_before_ms) return false;
    // Owed by a late petition only: past its due instant, and its next update due by now.
    if (q.progress_update_due &&
        (p.due_ms >= q.now_ms || p.next_update_ms == 0 || p.next_update_ms > q.now_ms))
      return false;
  }
  if (!q.agency.empty() && p.agency != q.agency) return false;
  if (!q.topic.empty() && p.route.topic != q.topic) return false;
  if (!q.from_day.empty() && p.day < q.from_day) return false;
  if (!q.to_day.empty() && p.day > q.to_day) return false;
  if (!q.area.empty() && p.route.agency_area != q.area &&
      !(p.place && (p.place->province_code == q.area || p.place->ward_code == q.area)))
    return false;
  return true;  // and MatchesText, once the text part is loaded
}

struct DueCandidate {
  int64_t due_ms;
  std::string id;
  bool operator<(const DueCandidate& o) const {
    return due_ms != o.due_ms ? due_ms < o.due_ms : id < o.id;
  }
};

// Calls fn, in due order until it returns false, for the open petitions of idx_due that can
// match q: the assignee's entries or the agency's, streamed from the index; or every agency's,
// whose runs are gathered and merged. Index only: no record is read. `after`: only those after
// this (due, id).
Status ForEachDueCandidate(const Store& store, const PetitionQuery& q,
                           const std::optional<DueCandidate>& after,
                           const std::function<bool(const DueCandidate&)>& fn) {
  int64_t bound = INT64_MAX;  // due < bound
  if (q.overdue) bound = std::min(bound, q.now_ms);
  if (q.due_before_ms != 0) bound = std::min(bound, q.due_before_ms);
  if (q.progress_update_due) bound = std::min(bound, q.now_ms);  // late: due < now
  auto scan = [&](char kind, std::string_view owner,
                  const std::function<bool(const DueCandidate&)>& emit) -> Status {
    std::string prefix(1, kind);
    prefix.append(owner);
    prefix.push_back('\0');
    std::string start;
    if (after) {
      // The entry itself, then the next possible key: resume strictly after it.
      start = kind == 'A' ? AssigneeDueKey(owner, after->due_ms, after->id)
                          : AgencyDueKey(owner, after->due_ms, after->id);
      start.push_back('\0');
    }
    return store.Scan(kCfIdxDue, prefix, start, [&](std::string_view key, std::string_view value) {
      std::optional<DueKeyParts> parts = ParseDueKey(key, prefix.size());
      if (!parts) return true;
      if (parts->due_ms >= bound) return false;
      if (q.progress_update_due && kind == 'D') {
        const int64_t next = value.size() == 8 ? static_cast<int64_t>(ReadU64(value)) : 0;
        if (next == 0 || next > q.now_ms) return true;
      }
      return emit(DueCandidate{parts->due_ms, std::string(parts->id)});
    });
  };
  if (!q.assignee.empty()) return scan('A', q.assignee, fn);
  if (!q.agency.empty()) return scan('D', q.agency, fn);
  // Skip-scan: each agency's entries are a sorted run; visit the runs and merge by sorting.
  std::vector<DueCandidate> out;
  auto collect = [&](const DueCandidate& c) {
    out.push_back(c);
    return true;
  };
  std::string seek = "D";
  for (;;) {
    std::string agency;
    PAKN_RETURN_IF_ERROR(
        store.Scan(kCfIdxDue, "D", seek, [&](std::string_view key, std::string_view) {
          agency.assign(key.substr(1, key.find('\0') - 1));
          return false;
        }));
    if (agency.empty()) break;
    // Each run from the cursor's (due, id) on: the agency's key orders like (due, id).
    PAKN_RETURN_IF_ERROR(scan('D', agency, collect));
    seek = "D" + agency + '\x01';
  }
  std::sort(out.begin(), out.end());
  for (const DueCandidate& c : out)
    if (!fn(c)) break;
  return OkStatus();
}

constexpr char kHex[] = "0123456789abcdef";

// Cursor: the plan's letter, then the row's key in hex (keys hold NUL bytes).
std::string MakeCursor(char plan, std::string_view key) {
  std::string out(1, plan);
  for (unsigned char c : key) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

StatusOr<std::string> CursorKey(std::string_view cursor, char plan) {
  auto bad = [] {
    return InvalidArgumentError(
        "after: not a cursor of this search (the filters changed, or it was edited)");
  };
  if (cursor.empty() || cursor[0] != plan || cursor.size() % 2 != 1) return bad();
  std::string key;
  for (size_t i = 1; i < cursor.size(); i += 2) {
    auto v = [](char c) {
      return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    };
    const int hi = v(cursor[i]), lo = v(cursor[i + 1]);
    if (hi < 0 || lo < 0) return bad();
    key.push_back(static_cast<char>(hi * 16 + lo));
  }
  return key;
}

// A due-plan row's key for its cursor: the due instant as idx_due writes it, then the id.
std::string DueCursorKey(const DueCandidate& c) {
  std::string key;
  AppendU64(key, static_cast<uint64_t>(c.due_ms));
  key += c.id;
  return key;
}

StatusOr<DueCandidate> ParseDueCursorKey(std::string_view key) {
  if (key.size() < 9) return InvalidArgumentError("after: a cursor too short for this search");
  return DueCandidate{static_cast<int64_t>(ReadU64(key)), std::string(key.substr(8))};
}

// RunQueryPage; `with_cursors` false (RunQuery) spares making a cursor for every row.
StatusOr<uint64_t> Run(
    const Store& store, const PetitionQuery& q, bool with_cursors,
    const std::function<bool(const StoredPetition&, const std::string& cursor)>& fn);

}  // namespace

bool UsesDueIndex(const PetitionQuery& q) {
  return HasDeadlineFilter(q) || !q.assignee.empty() ||
         (!q.status.empty() && track::IsOpen(q.status));
}

StatusOr<std::optional<EventOutcome>> LookupEventOutcome(const Store& store,
                                                         std::string_view event_id) {
  PAKN_ASSIGN_OR_RETURN(std::optional<std::string> value, store.Get(kCfEventIds, event_id));
  if (!value) return std::optional<EventOutcome>();
  PAKN_ASSIGN_OR_RETURN(EventOutcome o, DecodeEventOutcome(*value));
  return std::optional<EventOutcome>(std::move(o));
}

StatusOr<uint64_t> RunQuery(const Store& store, const PetitionQuery& q,
                            const std::function<bool(const StoredPetition&)>& fn) {
  return Run(store, q, /*with_cursors=*/false,
             [&](const StoredPetition& p, const std::string&) { return fn(p); });
}

StatusOr<uint64_t> RunQueryPage(
    const Store& store, const PetitionQuery& q,
    const std::function<bool(const StoredPetition&, const std::string& cursor)>& fn) {
  return Run(store, q, /*with_cursors=*/true, fn);
}

namespace {

StatusOr<uint64_t> Run(
    const Store& store, const PetitionQuery& q, bool with_cursors,
    const std::function<bool(const StoredPetition&, const std::string& cursor)>& fn) {
  if (!q.text_key.empty() && q.normalizer == nullptr)
    return InvalidArgumentError("a text query needs a normalizer: search keys are not stored");
  uint64_t visited = 0, emitted = 0;
  Status inner;
  char plan = 'P';
  std::string_view row_key;  // the index key of the row being considered
  // Filters on the record first; reads the text part (texts/) only for what may be emitted.
  auto consider = [&](StoredPetition& rec) -> bool {
    if (!Matches(rec, q)) return true;
    if (q.with_text || !q.text_key.empty()) {
      if (Status s = store.LoadText(rec); !s.ok()) {
        inner = s;
        return false;
      }
    }
    if (!MatchesText(rec, q)) return true;
    ++emitted;
    if (!fn(rec, with_cursors ? MakeCursor(plan, row_key) : std::string())) return false;
    return q.limit == 0 || emitted < q.limit;
  };
  auto visit_id = [&](std::string_view id) -> bool {
    ++visited;
    auto rec = store.GetRecord(id);
    if (!rec.ok()) {
      inner = rec.status();
      return false;
    }
    return !*rec || consider(**rec);
  };
  // The key to resume from: strictly after the cursor's row.
  auto resume = [&](char p) -> StatusOr<std::string> {
    plan = p;
    if (q.after.empty()) return std::string();
    PAKN_ASSIGN_OR_RETURN(std::string key, CursorKey(q.after, p));
    key.push_back('\0');
    return key;
  };

  if (UsesDueIndex(q)) {
    plan = 'U';
    std::optional<DueCandidate> after;
    if (!q.after.empty()) {
      PAKN_ASSIGN_OR_RETURN(std::string key, CursorKey(q.after, plan));
      PAKN_ASSIGN_OR_RETURN(after, ParseDueCursorKey(key));
    }
    std::string key;
    PAKN_RETURN_IF_ERROR(ForEachDueCandidate(store, q, after, [&](const DueCandidate& c) {
      if (with_cursors) {
        key = DueCursorKey(c);
        row_key = key;
      }
      return visit_id(c.id);
    }));
  } else if (!q.from_day.empty() || !q.to_day.empty()) {
    PAKN_ASSIGN_OR_RETURN(std::string start, resume('Y'));
    if (start.empty() && !q.from_day.empty()) start = q.from_day;
    PAKN_RETURN_IF_ERROR(store.Scan(kCfIdxDay, "", start, [&](std::string_view key,
                                                              std::string_view) {
      const size_t nul = key.find('\0');
      if (nul == std::string_view::npos) return true;
      if (!q.to_day.empty() && key.substr(0, nul) > q.to_day) return false;
      row_key = key;
      return visit_id(key.substr(nul + 1));
    }));
  } else if (!q.agency.empty()) {
    std::string prefix = q.agency + '\0';
    if (!q.status.empty()) prefix += q.status + '\0';
    PAKN_ASSIGN_OR_RETURN(std::string start, resume('G'));
    if (!start.empty() && start.compare(0, prefix.size(), prefix) != 0)
      return InvalidArgumentError("after: not a cursor of this search (the filters changed)");
    PAKN_RETURN_IF_ERROR(
        store.Scan(kCfIdxAgencyStatus, prefix, start, [&](std::string_view key, std::string_view) {
          const size_t nul = key.rfind('\0');
          row_key = key;
          return visit_id(key.substr(nul + 1));
        }));
  } else {
    PAKN_ASSIGN_OR_RETURN(std::string start, resume('P'));
    PAKN_RETURN_IF_ERROR(
        store.Scan(kCfPetitions, "", start, [&](std::string_view key, std::string_view value) {
          ++visited;
          auto rec = DecodePetition(value);
          if (!rec.ok()) {
            inner = rec.status();
            return false;
          }
          row_key = key;
          return consider(*rec);
        }));
  }
  PAKN_RETURN_IF_ERROR(inner);
  return visited;
}

}  // namespace

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
