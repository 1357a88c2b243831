#include "store/digest.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>

#include "base/pii.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "base/time.h"
#include "simdjson.h"
#include "store/query.h"
#include "track/deadline_calendar.h"
#include "track/state_machine.h"

namespace pakn::store {
namespace {

constexpr int kMaxRangeDays = 3660;

// Days from `a` to `b` (both valid YYYY-MM-DD); Vietnam has no daylight saving, so local
// midnights are exactly a day apart.
int64_t DaysBetween(const std::string& a, const std::string& b) {
  return (*ParseLocalDate(b) - *ParseLocalDate(a)) / kMillisPerDay;
}

void AddTo(std::map<std::string, int64_t>& m, std::string_view key, int64_t n) {
  if (n != 0) m[std::string(key)] += n;
}

void AddMap(std::map<std::string, int64_t>& into, const std::map<std::string, int64_t>& from) {
  for (const auto& [k, v] : from) into[k] += v;
}

// The per-day figures of every day in [lo, hi], the days a digest needs.
using DayTable = std::map<std::string, PeriodFigures>;

struct Plan {
  std::string lo, hi;       // the union of the period, the comparisons and the trend
  std::string today;
  int64_t today_start_ms = 0;  // 00:00 local today: due before it = overdue
};

Plan MakePlan(const DigestRequest& r, Digest& d) {
  const int length = static_cast<int>(DaysBetween(r.from_day, r.to_day)) + 1;
  d.request = r;
  d.today = LocalDate(r.now_ms);
  d.previous_from = AddDays(r.from_day, -length);
  d.previous_to = AddDays(r.from_day, -1);
  d.week_before_from = AddDays(r.from_day, -7);
  d.week_before_to = AddDays(r.to_day, -7);
  const std::string trend_from = AddDays(r.to_day, -(r.trend_days - 1));
  Plan p;
  p.lo = std::min({d.previous_from, d.week_before_from, trend_from});
  p.hi = r.to_day;
  p.today = d.today;
  p.today_start_ms = *ParseLocalDate(d.today);
  return p;
}

DayTable EmptyDays(const Plan& p) {
  DayTable days;
  for (std::string day = p.lo; day <= p.hi; day = AddDays(day, 1)) days[day];
  return days;
}

PeriodFigures Sum(const DayTable& days, const std::string& from, const std::string& to) {
  PeriodFigures f;
  for (auto it = days.lower_bound(from); it != days.end() && it->first <= to; ++it)
    f.Add(it->second);
  return f;
}

// Fills the periods, the comparisons and the trend from the per-day table.
void Summarise(const DayTable& days, Digest& d) {
  const DigestRequest& r = d.request;
  d.period = Sum(days, r.from_day, r.to_day);
  d.previous = Sum(days, d.previous_from, d.previous_to);
  d.week_before = Sum(days, d.week_before_from, d.week_before_to);
  d.trend.clear();
  for (auto it = days.lower_bound(AddDays(r.to_day, -(r.trend_days - 1)));
       it != days.end() && it->first <= r.to_day; ++it)
    d.trend.emplace_back(it->first, it->second);
}

void AddOpen(Backlog& b, const Plan& p, std::string_view due_day, std::string_view agency,
             std::string_view topic, int64_t n, int64_t days_overdue) {
  b.open += n;
  if (due_day >= p.today) return;
  b.overdue += n;
  if (days_overdue <= 7) {
    b.overdue_1_7 += n;
  } else if (days_overdue <= 30) {
    b.overdue_8_30 += n;
  } else {
    b.overdue_over_30 += n;
  }
  AddTo(b.overdue_by_agency, agency, n);
  AddTo(b.overdue_by_topic, topic, n);
}

std::string MaskedTitle(const StoredPetition& rec) {
  const Reporter& r = rec.petition.reporter;
  return MaskPiiInText(MaskOccurrences(
      rec.petition.title, {r.name, r.phone, r.email, r.national_id, r.address},
      {MaskName(r.name), MaskDigits(r.phone), MaskEmail(r.email), MaskDigits(r.national_id),
       MaskFreeText(r.address)}));
}

OverduePetition OverdueOf(const StoredPetition& rec, int64_t now_ms) {
  return OverduePetition{rec.petition.id, rec.agency, rec.route.topic, MaskedTitle(rec),
                         rec.due_ms, track::DaysOverdue(rec.due_ms, now_ms)};
}

// ---- From the counters ----------------------------------------------------------------------

// Calls fn(parts, count) for each non-zero counter of `kind` whose day is in [lo, hi].
Status ScanCounters(const Store& store, char kind, const std::string& lo, const std::string& hi,
                    const std::function<void(const std::vector<std::string_view>&, int64_t)>& fn) {
  const std::string prefix(1, kind);
  return store.Scan(kCfCounters, prefix, prefix + lo, [&](std::string_view key,
                                                          std::string_view value) {
    const std::vector<std::string_view> parts = SplitNul(key.substr(1));
    if (parts[0] > hi) return false;
    const int64_t n = DecodeCount(value);
    if (n != 0) fn(parts, n);
    return true;
  });
}

Status CountDays(const Store& store, const Plan& p, const std::string& agency, DayTable& days) {
  auto in_scope = [&](std::string_view a) { return agency.empty() || a == agency; };
  // 'P' day agency topic status [channel province]: keys from before issue 6 have 4 parts.
  PAKN_RETURN_IF_ERROR(ScanCounters(store, 'P', p.lo, p.hi, [&](const auto& parts, int64_t n) {
    if (parts.size() < 4 || !in_scope(parts[1])) return;
    auto it = days.find(std::string(parts[0]));
    if (it == days.end()) return;
    PeriodFigures& f = it->second;
    f.received += n;
    if (track::IsOpen(parts[3])) f.still_open += n;
    AddTo(f.by_agency, parts[1], n);
    AddTo(f.by_topic, parts[2], n);
    AddTo(f.by_status, parts[3], n);
    AddTo(f.by_channel, parts.size() > 4 ? parts[4] : std::string_view(), n);
    AddTo(f.by_province, parts.size() > 5 ? parts[5] : std::string_view(), n);
  }));
  // 'E' day agency topic what.
  PAKN_RETURN_IF_ERROR(ScanCounters(store, 'E', p.lo, p.hi, [&](const auto& parts, int64_t n) {
    if (parts.size() != 4 || !in_scope(parts[1])) return;
    auto it = days.find(std::string(parts[0]));
    if (it != days.end()) AddTo(it->second.events, parts[3], n);
  }));
  // 'R' day code: intake rejections have no agency.
  if (agency.empty()) {
    PAKN_RETURN_IF_ERROR(ScanCounters(store, 'R', p.lo, p.hi, [&](const auto& parts, int64_t n) {
      if (parts.size() != 2) return;
      auto it = days.find(std::string(parts[0]));
      if (it == days.end()) return;
      it->second.intake_rejected += n;
      AddTo(it->second.intake_rejected_by_code, parts[1], n);
    }));
  }
  // 'U' due-day agency topic: deadlines that fell on a past day and are still unanswered.
  return ScanCounters(store, 'U', p.lo, p.hi, [&](const auto& parts, int64_t n) {
    if (parts.size() != 3 || !in_scope(parts[1]) || parts[0] >= p.today) return;
    auto it = days.find(std::string(parts[0]));
    if (it != days.end()) it->second.newly_overdue += n;
  });
}

StatusOr<Backlog> CountBacklog(const Store& store, const Plan& p, const std::string& agency) {
  Backlog b;
  std::string last_day;
  int64_t last_days_overdue = 0;
  PAKN_RETURN_IF_ERROR(store.Scan(kCfCounters, "U", "", [&](std::string_view key,
                                                            std::string_view value) {
    const std::vector<std::string_view> parts = SplitNul(key.substr(1));
    const int64_t n = DecodeCount(value);
    if (parts.size() != 3 || n == 0 || (!agency.empty() && parts[1] != agency)) return true;
    if (parts[0] != last_day) {  // keys come in due-day order: one date parse per day
      last_day.assign(parts[0]);
      last_days_overdue = ParseLocalDate(last_day).ok() ? DaysBetween(last_day, p.today) : 0;
    }
    AddOpen(b, p, parts[0], parts[1], parts[2], n, last_days_overdue);
    return true;
  }));
  return b;
}

struct DueEntry {
  int64_t due_ms;
  std::string id;
  bool operator<(const DueEntry& o) const {
    return due_ms != o.due_ms ? due_ms < o.due_ms : id < o.id;
  }
};

// The first `limit` entries of idx_due due before `bound` in (due, id) order: at most `limit`
// per agency are read (each agency's entries are sorted by due), then merged.
StatusOr<std::vector<DueEntry>> FirstDue(const Store& store, const std::string& agency,
                                         int64_t bound, size_t limit) {
  std::vector<DueEntry> out;
  auto take = [&](std::string_view owner) -> Status {
    const std::string prefix = StrCat("D", owner, std::string(1, '\0'));
    size_t taken = 0;
    return store.Scan(kCfIdxDue, prefix, "", [&](std::string_view key, std::string_view) {
      std::optional<DueKeyParts> parts = ParseDueKey(key, prefix.size());
      if (!parts) return true;
      if (parts->due_ms >= bound) return false;
      out.push_back(DueEntry{parts->due_ms, std::string(parts->id)});
      return ++taken < limit;
    });
  };
  if (limit == 0) return out;
  if (!agency.empty()) {
    PAKN_RETURN_IF_ERROR(take(agency));
  } else {
    std::string seek = "D";
    for (;;) {  // skip-scan over the agencies
      std::string next;
      PAKN_RETURN_IF_ERROR(store.Scan(kCfIdxDue, "D", seek, [&](std::string_view key,
                                                               std::string_view) {
        next.assign(key.substr(1, key.find('\0') - 1));
        return false;
      }));
      if (next.empty()) break;
      PAKN_RETURN_IF_ERROR(take(next));
      seek = StrCat("D", next, std::string(1, '\x01'));
    }
  }
  std::sort(out.begin(), out.end());
  if (out.size() > limit) out.resize(limit);
  return out;
}

// ---- From the records -----------------------------------------------------------------------

struct HistoryDetail {
  std::string agency;
  std::optional<bool> on_time;
};

StatusOr<HistoryDetail> ParseDetail(simdjson::dom::parser& parser, const StoredEvent& e) {
  HistoryDetail out;
  if (e.detail_json.empty()) return out;
  simdjson::dom::element root;
  if (parser.parse(e.detail_json).get(root))
    return DataLossError(StrCat("history event ", e.seq, " (", e.type,
                                "): detail is not valid JSON"));
  std::string_view agency;
  if (e.type == "rerouted") {  // {"from": route, "to": route, ...}
    if (!root["to"]["agency"].get(agency)) out.agency.assign(agency);
  } else if (!root["agency"].get(agency)) {
    out.agency.assign(agency);
  }
  bool on_time;
  if (!root["on_time"].get(on_time)) out.on_time = on_time;
  return out;
}

bool IsTrackingType(std::string_view type) {
  static const std::set<std::string_view> kTypes = {
      "accepted", "rejected", "assigned", "started", "answered", "published", "closed",
      "reopened", "transferred", "marked_duplicate", "withdrawn", "redirected", "note",
      "refused"};
  return kTypes.count(type) > 0;
}

// Folds one petition's history into the per-day event counts: the agency an event counts
// for is the one holding the petition once the event is applied, as the applier counts it:
// the routed agency, moved by assign, transfer and a re-route (`pakn reroute`); a refused
// event changes nothing.
Status RecountEvents(const Store& store, const StoredPetition& rec, const Plan& p,
                     const std::string& agency, simdjson::dom::parser& parser, DayTable& days) {
  PAKN_ASSIGN_OR_RETURN(std::vector<StoredEvent> history, store.History(rec));
  std::string holder = rec.route.agency;
  for (const StoredEvent& e : history) {
    if (e.type == "routed" || e.type == "rerouted") {
      auto parsed = ParseDetail(parser, e);
      if (!parsed.ok())
        return DataLossError(StrCat(rec.petition.id, ": ", parsed.status().message()));
      if (!parsed->agency.empty()) holder = parsed->agency;
      continue;
    }
    if (!IsTrackingType(e.type)) continue;
    const bool moves = e.type == "assigned" || e.type == "transferred";
    const bool answered = e.type == "answered";
    HistoryDetail detail;  // only the agency moved to and the answer's timeliness are needed
    if (moves || answered) {
      auto parsed = ParseDetail(parser, e);
      if (!parsed.ok())
        return DataLossError(StrCat(rec.petition.id, ": ", parsed.status().message()));
      detail = std::move(*parsed);
    }
    if (moves && !detail.agency.empty()) holder = detail.agency;
    if (!agency.empty() && holder != agency) continue;
    const std::string day = LocalDate(e.at_ms);
    if (day < p.lo || day > p.hi) continue;
    PeriodFigures& f = days[day];
    AddTo(f.events, e.type, 1);
    if (answered) AddTo(f.events, detail.on_time.value_or(true) ? "answered_on_time"
                                                               : "answered_late", 1);
  }
  return OkStatus();
}

}  // namespace

void PeriodFigures::Add(const PeriodFigures& o) {
  received += o.received;
  still_open += o.still_open;
  AddMap(by_channel, o.by_channel);
  AddMap(by_topic, o.by_topic);
  AddMap(by_agency, o.by_agency);
  AddMap(by_province, o.by_province);
  AddMap(by_status, o.by_status);
  AddMap(events, o.events);
  intake_rejected += o.intake_rejected;
  AddMap(intake_rejected_by_code, o.intake_rejected_by_code);
  newly_overdue += o.newly_overdue;
}

std::optional<double> CompletionRate(const PeriodFigures& f) {
  if (f.received == 0) return std::nullopt;
  return static_cast<double>(f.received - f.still_open) / static_cast<double>(f.received);
}

std::optional<double> OnTimeRate(const PeriodFigures& f) {
  const int64_t answered = f.Event("answered_on_time") + f.Event("answered_late");
  if (answered == 0) return std::nullopt;
  return static_cast<double>(f.Event("answered_on_time")) / static_cast<double>(answered);
}

std::optional<double> OverdueRate(const Backlog& b) {
  if (b.open == 0) return std::nullopt;
  return static_cast<double>(b.overdue) / static_cast<double>(b.open);
}

std::string AddDays(const std::string& day, int n) {
  // Noon avoids any question of which side of midnight the sum lands on.
  return LocalDate(*ParseLocalDate(day) + int64_t{n} * kMillisPerDay + kMillisPerDay / 2);
}

Status ValidateDigestRequest(const DigestRequest& r) {
  if (!ParseLocalDate(r.from_day).ok())
    return InvalidArgumentError(StrCat("from: expected a date YYYY-MM-DD, got '", r.from_day,
                                       "'"));
  if (!ParseLocalDate(r.to_day).ok())
    return InvalidArgumentError(StrCat("to: expected a date YYYY-MM-DD, got '", r.to_day, "'"));
  if (r.from_day > r.to_day)
    return InvalidArgumentError(StrCat("from: ", r.from_day, " is after to: ", r.to_day));
  if (DaysBetween(r.from_day, r.to_day) + 1 > kMaxRangeDays)
    return InvalidArgumentError(StrCat("from/to: at most ", kMaxRangeDays, " days, got ",
                                       DaysBetween(r.from_day, r.to_day) + 1));
  if (r.trend_days < 1 || r.trend_days > 366)
    return InvalidArgumentError(StrCat("trend_days: expected 1 to 366, got ", r.trend_days));
  if (r.agency.find('\0') != std::string::npos)
    return InvalidArgumentError("agency: must not contain a NUL character");
  return OkStatus();
}

StatusOr<Digest> ComputeDigest(const Store& store, const DigestRequest& request) {
  PAKN_RETURN_IF_ERROR(ValidateDigestRequest(request));
  Digest d;
  const Plan p = MakePlan(request, d);
  DayTable days = EmptyDays(p);
  PAKN_RETURN_IF_ERROR(CountDays(store, p, request.agency, days));
  Summarise(days, d);
  PAKN_ASSIGN_OR_RETURN(d.backlog, CountBacklog(store, p, request.agency));
  PAKN_ASSIGN_OR_RETURN(std::vector<DueEntry> due,
                        FirstDue(store, request.agency, p.today_start_ms, request.oldest_overdue));
  for (const DueEntry& e : due) {
    PAKN_ASSIGN_OR_RETURN(std::optional<StoredPetition> rec, store.GetPetition(e.id));
    if (!rec)
      return DataLossError(StrCat("idx_due lists petition ", e.id, " but there is no record"));
    d.oldest_overdue.push_back(OverdueOf(*rec, request.now_ms));
  }
  return d;
}

StatusOr<Digest> RecomputeDigest(const Store& store, const DigestRequest& request) {
  PAKN_RETURN_IF_ERROR(ValidateDigestRequest(request));
  Digest d;
  const Plan p = MakePlan(request, d);
  const std::string& agency = request.agency;
  DayTable days = EmptyDays(p);
  std::vector<std::pair<DueEntry, StoredPetition>> overdue;
  simdjson::dom::parser parser;
  Status inner;
  PAKN_RETURN_IF_ERROR(store.Scan(kCfPetitions, "", "", [&](std::string_view,
                                                            std::string_view value) {
    auto decoded = DecodePetition(value);
    if (!decoded.ok()) {
      inner = decoded.status();
      return false;
    }
    const StoredPetition& rec = *decoded;
    const bool in_scope = agency.empty() || rec.agency == agency;
    if (in_scope && rec.day >= p.lo && rec.day <= p.hi) {
      PeriodFigures& f = days[rec.day];
      f.received += 1;
      if (track::IsOpen(rec.status)) f.still_open += 1;
      AddTo(f.by_agency, rec.agency, 1);
      AddTo(f.by_topic, rec.route.topic, 1);
      AddTo(f.by_status, rec.status, 1);
      AddTo(f.by_channel, rec.petition.channel, 1);
      AddTo(f.by_province, rec.place ? rec.place->province_code : std::string(), 1);
    }
    if (in_scope && track::IsOpen(rec.status)) {
      const std::string due_day = LocalDate(rec.due_ms);
      // A record stored before ingest bounded dates may be due in year 10000, which no
      // YYYY-MM-DD parse takes: counted as CountBacklog counts its counter (0 days late).
      AddOpen(d.backlog, p, due_day, rec.agency, rec.route.topic, 1,
              ParseLocalDate(due_day).ok() ? DaysBetween(due_day, p.today) : 0);
      if (due_day < p.today && due_day >= p.lo && due_day <= p.hi)
        days[due_day].newly_overdue += 1;
      if (rec.due_ms < p.today_start_ms)
        overdue.emplace_back(DueEntry{rec.due_ms, rec.petition.id}, rec);
    }
    inner = RecountEvents(store, rec, p, agency, parser, days);
    return inner.ok();
  }));
  PAKN_RETURN_IF_ERROR(inner);
  if (agency.empty()) {
    PAKN_RETURN_IF_ERROR(ForEachRejection(store, [&](const StoredRejection& r) {
      const std::string day = LocalDate(r.received_ms);
      if (day >= p.lo && day <= p.hi) {
        days[day].intake_rejected += 1;
        AddTo(days[day].intake_rejected_by_code, RejectCodeName(r.rejection.code), 1);
      }
      return true;
    }));
  }
  Summarise(days, d);
  std::sort(overdue.begin(), overdue.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < overdue.size() && i < request.oldest_overdue; ++i) {
    PAKN_RETURN_IF_ERROR(store.LoadText(overdue[i].second));  // the title
    d.oldest_overdue.push_back(OverdueOf(overdue[i].second, request.now_ms));
  }
  return d;
}

namespace {

class Differences {
 public:
  void Int(const std::string& what, int64_t a, int64_t b) {
    if (a != b) Add(StrCat(what, ": ", a, " vs ", b));
  }
  void Map(const std::string& what, const std::map<std::string, int64_t>& a,
           const std::map<std::string, int64_t>& b) {
    std::set<std::string> keys;
    for (const auto& [k, v] : a) keys.insert(k);
    for (const auto& [k, v] : b) keys.insert(k);
    for (const std::string& k : keys) {
      auto ia = a.find(k);
      auto ib = b.find(k);
      Int(StrCat(what, "[", k, "]"), ia == a.end() ? 0 : ia->second,
          ib == b.end() ? 0 : ib->second);
    }
  }
  void Figures(const std::string& what, const PeriodFigures& a, const PeriodFigures& b) {
    Int(what + ".received", a.received, b.received);
    Int(what + ".still_open", a.still_open, b.still_open);
    Map(what + ".by_channel", a.by_channel, b.by_channel);
    Map(what + ".by_topic", a.by_topic, b.by_topic);
    Map(what + ".by_agency", a.by_agency, b.by_agency);
    Map(what + ".by_province", a.by_province, b.by_province);
    Map(what + ".by_status", a.by_status, b.by_status);
    Map(what + ".events", a.events, b.events);
    Int(what + ".intake_rejected", a.intake_rejected, b.intake_rejected);
    Map(what + ".intake_rejected_by_code", a.intake_rejected_by_code,
        b.intake_rejected_by_code);
    Int(what + ".newly_overdue", a.newly_overdue, b.newly_overdue);
  }
  void Add(std::string s) {
    if (lines_.size() < 20) lines_.push_back(std::move(s));
    ++count_;
  }
  std::string Take() const {
    if (count_ == 0) return "";
    std::string out = StrJoin(lines_, "\n");
    if (count_ > lines_.size()) StrAppend(&out, "\n... and ", count_ - lines_.size(), " more");
    return out;
  }

 private:
  std::vector<std::string> lines_;
  size_t count_ = 0;
};

}  // namespace

std::string DescribeDifference(const Digest& a, const Digest& b) {
  Differences diff;
  diff.Figures("period", a.period, b.period);
  diff.Figures("previous", a.previous, b.previous);
  diff.Figures("week_before", a.week_before, b.week_before);
  if (a.trend.size() != b.trend.size()) {
    diff.Int("trend.size", static_cast<int64_t>(a.trend.size()),
             static_cast<int64_t>(b.trend.size()));
  } else {
    for (size_t i = 0; i < a.trend.size(); ++i)
      diff.Figures("trend[" + a.trend[i].first + "]", a.trend[i].second, b.trend[i].second);
  }
  const Backlog &x = a.backlog, &y = b.backlog;
  diff.Int("backlog.open", x.open, y.open);
  diff.Int("backlog.overdue", x.overdue, y.overdue);
  diff.Int("backlog.overdue_1_7", x.overdue_1_7, y.overdue_1_7);
  diff.Int("backlog.overdue_8_30", x.overdue_8_30, y.overdue_8_30);
  diff.Int("backlog.overdue_over_30", x.overdue_over_30, y.overdue_over_30);
  diff.Map("backlog.overdue_by_agency", x.overdue_by_agency, y.overdue_by_agency);
  diff.Map("backlog.overdue_by_topic", x.overdue_by_topic, y.overdue_by_topic);
  const size_t n = std::max(a.oldest_overdue.size(), b.oldest_overdue.size());
  for (size_t i = 0; i < n; ++i) {
    auto id = [i](const std::vector<OverduePetition>& v) {
      return i < v.size() ? StrCat(v[i].id, " (", v[i].days_overdue, " days, ", v[i].agency, ")")
                          : std::string("none");
    };
    if (i >= a.oldest_overdue.size() || i >= b.oldest_overdue.size() ||
        !(a.oldest_overdue[i] == b.oldest_overdue[i]))
      diff.Add(StrCat("oldest_overdue[", i, "]: ", id(a.oldest_overdue), " vs ",
                      id(b.oldest_overdue)));
  }
  return diff.Take();
}

}  // namespace pakn::store
