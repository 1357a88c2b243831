// The digest as JSON (schemas/digest.schema.json). Machine names only: codes, not labels, so
// the document reads the same whatever --lang says (names are given beside codes).
#include <cmath>

#include "digest/digest_render.h"
#include "base/json_writer.h"
#include "base/time.h"

namespace pakn::digest {
namespace {

using digest_internal::Headline;
using digest_internal::LabelsFor;
using digest_internal::Ranked;
using digest_internal::ShownActions;

void Rate(JsonWriter& w, std::string_view key, std::optional<double> rate) {
  w.Key(key);
  if (rate) {
    // Four decimals: enough for a share, and stable across platforms.
    w.Double(std::round(*rate * 10000) / 10000);
  } else {
    w.Null();
  }
}

void Counts(JsonWriter& w, std::string_view key, const std::map<std::string, int64_t>& m) {
  w.Key(key);
  w.BeginObject();
  for (const auto& [k, v] : m)
    if (v != 0) w.MemberInt(k, v);
  w.EndObject();
}

void Figures(JsonWriter& w, const store::PeriodFigures& f, bool agency_scope) {
  w.MemberInt("received", f.received);
  w.MemberInt("still_open", f.still_open);
  Rate(w, "completion_rate", store::CompletionRate(f));
  Rate(w, "on_time_rate", store::OnTimeRate(f));
  for (std::string_view what : ShownActions()) w.MemberInt(what, f.Event(std::string(what)));
  w.MemberInt("newly_overdue", f.newly_overdue);
  Counts(w, "received_by_channel", f.by_channel);
  Counts(w, "received_by_topic", f.by_topic);
  Counts(w, "received_by_agency", f.by_agency);
  Counts(w, "received_by_province", f.by_province);
  Counts(w, "status_now", f.by_status);
  Counts(w, "actions", f.events);
  if (!agency_scope) {
    w.MemberInt("intake_rejected", f.intake_rejected);
    Counts(w, "intake_rejected_by_code", f.intake_rejected_by_code);
  }
}

void Period(JsonWriter& w, std::string_view key, const std::string& from, const std::string& to,
            const store::PeriodFigures& f, bool agency_scope) {
  w.Key(key);
  w.BeginObject();
  w.Member("from", from);
  w.Member("to", to);
  Figures(w, f, agency_scope);
  w.EndObject();
}

void Ranking(JsonWriter& w, std::string_view key, const std::map<std::string, int64_t>& m,
             const std::map<std::string, std::string>& names, int64_t total,
             std::string_view lang) {
  w.Key(key);
  w.BeginArray();
  for (const auto& [code, n] : Ranked(m, 5)) {
    w.BeginObject();
    w.Member("code", code);
    w.Member("name", digest_internal::NameOf(names, code, lang));
    w.MemberInt("count", n);
    Rate(w, "share", total > 0 ? std::optional<double>(double(n) / double(total)) : std::nullopt);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

std::string RenderDigestJson(const DigestView& v) {
  const store::Digest& d = *v.digest;
  const store::DigestRequest& r = d.request;
  const bool agency_scope = !r.agency.empty();
  JsonWriter w;
  w.BeginObject();
  w.MemberInt("schema_version", kDigestSchemaVersion);
  w.Member("key", DigestKey(d));
  w.Key("scope");
  w.BeginObject();
  w.Member("from", r.from_day);
  w.Member("to", r.to_day);
  w.MemberInt("days", static_cast<int64_t>(
                          (*ParseLocalDate(r.to_day) - *ParseLocalDate(r.from_day)) /
                              kMillisPerDay + 1));
  w.Key("agency");
  if (agency_scope) {
    w.String(r.agency);
  } else {
    w.Null();
  }
  w.Member("timezone", "Asia/Ho_Chi_Minh");
  w.EndObject();
  w.Member("as_of", LocalDateTime(r.now_ms));
  w.Member("lang", v.lang);
  Period(w, "period", r.from_day, r.to_day, d.period, agency_scope);
  Period(w, "previous", d.previous_from, d.previous_to, d.previous, agency_scope);
  Period(w, "week_before", d.week_before_from, d.week_before_to, d.week_before, agency_scope);
  w.Key("change");
  w.BeginObject();
  for (const char* against : {"previous", "week_before"}) {
    const bool prev = std::string_view(against) == "previous";
    w.Key(against);
    w.BeginObject();
    for (const auto& row : Headline(d, LabelsFor(v.lang))) {
      if (row.is_rate) {
        const auto before = prev ? row.rate_previous : row.rate_week_before;
        Rate(w, row.key, row.rate_now && before ? std::optional<double>(*row.rate_now - *before)
                                                : std::nullopt);
      } else {
        w.MemberInt(row.key, row.now - (prev ? row.previous : row.week_before));
      }
    }
    w.EndObject();
  }
  w.EndObject();
  const store::Backlog& b = d.backlog;
  w.Key("backlog");
  w.BeginObject();
  w.MemberInt("open", b.open);
  w.MemberInt("overdue", b.overdue);
  Rate(w, "overdue_rate", store::OverdueRate(b));
  w.Key("overdue_by_age");
  w.BeginObject();
  w.MemberInt("1-7", b.overdue_1_7);
  w.MemberInt("8-30", b.overdue_8_30);
  w.MemberInt("over_30", b.overdue_over_30);
  w.EndObject();
  Counts(w, "overdue_by_agency", b.overdue_by_agency);
  Counts(w, "overdue_by_topic", b.overdue_by_topic);
  w.EndObject();
  Ranking(w, "top_topics", d.period.by_topic, v.names.topics, d.period.received, v.lang);
  Ranking(w, "top_provinces", d.period.by_province, v.names.provinces, d.period.received,
          v.lang);
  w.Key("oldest_overdue");
  w.BeginArray();
  for (const store::OverduePetition& p : d.oldest_overdue) {
    w.BeginObject();
    w.Member("id", p.id);
    w.Member("agency", p.agency);
    w.Member("topic", p.topic);
    w.Member("due_date", LocalDate(p.due_ms));
    w.MemberInt("days_overdue", p.days_overdue);
    w.Member("title", p.title_masked);
    w.EndObject();
  }
  w.EndArray();
  w.Key("trend");
  w.BeginArray();
  for (const auto& [day, f] : d.trend) {
    w.BeginObject();
    w.Member("date", day);
    w.MemberInt("received", f.received);
    w.MemberInt("answered", f.Event("answered"));
    w.MemberInt("answered_late", f.Event("answered_late"));
    w.MemberInt("closed", f.Event("closed"));
    w.MemberInt("newly_overdue", f.newly_overdue);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace pakn::digest
