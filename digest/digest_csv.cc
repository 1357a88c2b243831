// The digest as one CSV table for spreadsheets (base/csv.h: RFC 4180, CRLF, UTF-8 with a
// byte-order mark so that spreadsheet programs read the Vietnamese labels right):
//
//   section,key,label,value,previous,week_before,agency,topic,due_date
//   headline,received,Tiếp nhận,123,110,98,,,
//   by_topic,dat_dai,Đất đai,40,,,,,
//   oldest_overdue,H29-0001,<masked title>,45,,,SO-XD,dat_dai,2026-10-11
//
// `key` is the machine name (a code), `label` the display name in --lang; rates are
// fractions (0.678) so that a spreadsheet can format them; comparisons only on headline rows.
#include <functional>

#include "digest/digest_render.h"
#include "base/csv.h"
#include "base/strings.h"
#include "base/time.h"
#include "fmt/format.h"

namespace pakn::digest {
namespace {

using namespace digest_internal;

std::string Fraction(std::optional<double> r) {
  return r ? fmt::format("{:.4f}", *r) : std::string();
}

class CsvOut {
 public:
  void Row(std::string_view section, std::string_view key, std::string_view label,
           std::string_view value, std::string_view previous = "",
           std::string_view week_before = "", std::string_view agency = "",
           std::string_view topic = "", std::string_view due = "") {
    csv_.Row({section, key, label, value, previous, week_before, agency, topic, due});
  }
  void Counts(std::string_view section, const std::map<std::string, int64_t>& m,
              const std::function<std::string(const std::string&)>& label) {
    for (const auto& [code, n] : Ranked(m)) Row(section, code, label(code), std::to_string(n));
  }
  std::string Take() && { return std::move(out_); }

 private:
  std::string out_;
  CsvWriter csv_{&out_};  // the byte-order mark and CRLF of base/csv.h
};

}  // namespace

std::string RenderDigestCsv(const DigestView& v) {
  const store::Digest& d = *v.digest;
  const Labels& l = LabelsFor(v.lang);
  const std::string lang = v.lang;
  CsvOut csv;
  csv.Row("section", "key", "label", "value", "previous", "week_before", "agency", "topic",
          "due_date");
  csv.Row("scope", "from", l.period, d.request.from_day);
  csv.Row("scope", "to", l.period, d.request.to_day);
  csv.Row("scope", "agency", l.agency_scope,
          d.request.agency.empty() ? std::string(l.scope_all) : d.request.agency);
  csv.Row("scope", "as_of", l.as_of, LocalDateTime(d.request.now_ms));
  csv.Row("scope", "previous", l.previous, StrCat(d.previous_from, "..", d.previous_to));
  csv.Row("scope", "week_before", l.week_before,
          StrCat(d.week_before_from, "..", d.week_before_to));
  for (const HeadlineRow& r : Headline(d, l)) {
    if (r.is_rate) {
      csv.Row("headline", r.key, r.label, Fraction(r.rate_now), Fraction(r.rate_previous),
              Fraction(r.rate_week_before));
    } else {
      csv.Row("headline", r.key, r.label, std::to_string(r.now), std::to_string(r.previous),
              std::to_string(r.week_before));
    }
  }
  const store::PeriodFigures& f = d.period;
  auto channel = [&](const std::string& c) {
    return c.empty() ? std::string(l.unknown) : std::string(ChannelLabel(lang, c));
  };
  auto topic = [&](const std::string& c) { return NameOf(v.names.topics, c, lang); };
  auto agency = [&](const std::string& c) { return NameOf(v.names.agencies, c, lang); };
  auto province = [&](const std::string& c) { return NameOf(v.names.provinces, c, lang); };
  auto status = [&](const std::string& c) { return std::string(StatusLabel(lang, c)); };
  auto action = [&](const std::string& c) { return std::string(ActionLabel(lang, c)); };
  csv.Counts("by_channel", f.by_channel, channel);
  csv.Counts("by_topic", f.by_topic, topic);
  csv.Counts("by_agency", f.by_agency, agency);
  csv.Counts("by_province", f.by_province, province);
  csv.Counts("status_now", f.by_status, status);
  for (std::string_view what : ShownActions())
    csv.Row("actions", what, ActionLabel(lang, what), std::to_string(f.Event(std::string(what))));
  if (d.request.agency.empty()) csv.Counts("intake_rejected", f.intake_rejected_by_code, action);
  const store::Backlog& b = d.backlog;
  csv.Row("backlog", "open", l.open, std::to_string(b.open));
  csv.Row("backlog", "overdue", l.overdue, std::to_string(b.overdue));
  csv.Row("backlog", "overdue_rate", l.overdue_rate, Fraction(store::OverdueRate(b)));
  csv.Row("backlog", "overdue_1_7", l.aged_1_7, std::to_string(b.overdue_1_7));
  csv.Row("backlog", "overdue_8_30", l.aged_8_30, std::to_string(b.overdue_8_30));
  csv.Row("backlog", "overdue_over_30", l.aged_over_30, std::to_string(b.overdue_over_30));
  csv.Counts("overdue_by_agency", b.overdue_by_agency, agency);
  for (const store::OverduePetition& p : d.oldest_overdue)
    csv.Row("oldest_overdue", p.id, p.title_masked, std::to_string(p.days_overdue), "", "",
            p.agency, p.topic, LocalDate(p.due_ms));
  for (const auto& [day, t] : d.trend) {
    csv.Row("trend_received", day, l.received, std::to_string(t.received));
    csv.Row("trend_answered", day, l.answered, std::to_string(t.Event("answered")));
  }
  return std::move(csv).Take();
}

}  // namespace pakn::digest
