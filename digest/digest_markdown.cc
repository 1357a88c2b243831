// The digest as Markdown, for pasting into reports: the summary sentence, the key figures
// with their comparisons, then one table per breakdown. Table cells escape `|`.
#include <functional>

#include "digest/digest_render.h"
#include "base/strings.h"
#include "base/time.h"
#include "fmt/format.h"

namespace pakn::digest {
namespace {

using namespace digest_internal;

std::string Cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out.append("\\|");
    else if (c == '\n' || c == '\r') out.push_back(' ');
    else out.push_back(c);
  }
  return out;
}

void CountTable(std::string& out, std::string_view title, const Labels& l,
                std::string_view lang, const std::map<std::string, int64_t>& m, int64_t total,
                const std::function<std::string(const std::string&)>& label, size_t limit = 0) {
  fmt::format_to(std::back_inserter(out), "\n### {}\n\n", title);
  const auto rows = Ranked(m, limit);
  if (rows.empty()) {
    fmt::format_to(std::back_inserter(out), "{}\n", l.none);
    return;
  }
  fmt::format_to(std::back_inserter(out), "| | {} | {} |\n|---|---:|---:|\n", l.count, l.share);
  for (const auto& [code, n] : rows)
    fmt::format_to(std::back_inserter(out), "| {} | {} | {} |\n", Cell(label(code)),
                   FormatCount(lang, n),
                   FormatRate(lang, total > 0 ? std::optional<double>(double(n) / double(total))
                                              : std::nullopt));
}

struct Text {
  template <typename... Args>
  void Add(fmt::format_string<Args...> f, Args&&... args) {
    fmt::format_to(std::back_inserter(out), f, std::forward<Args>(args)...);
  }
  std::string out;
};

}  // namespace

std::string RenderDigestMarkdown(const DigestView& v) {
  const store::Digest& d = *v.digest;
  const store::DigestRequest& r = d.request;
  const Labels& l = LabelsFor(v.lang);
  const std::string lang = v.lang;
  Text md;
  std::string& out = md.out;
  md.Add("# {}: {}\n\n", l.title,
      r.from_day == r.to_day ? r.from_day : StrCat(r.from_day, " – ", r.to_day));
  md.Add("- {}: {}{}\n", l.period,
      r.from_day == r.to_day ? r.from_day : StrCat(r.from_day, " – ", r.to_day),
      " (Asia/Ho_Chi_Minh)");
  md.Add("- {}: {}\n", l.agency_scope,
      r.agency.empty() ? std::string(l.scope_all) : NameOf(v.names.agencies, r.agency, lang));
  md.Add("- {}: {}\n\n", l.as_of, LocalDateTime(r.now_ms));
  md.Add("**{}:** {}\n\n", l.summary_sentence, Cell(SummarySentence(v)));

  md.Add("## {}\n\n| {} | {} | {} ({}) | {} | {} ({}) | {} |\n|---|---:|---:|---:|---:|---:|\n",
      l.headline, l.figure, l.this_period, l.previous,
      d.previous_from == d.previous_to ? d.previous_from
                                       : StrCat(d.previous_from, " – ", d.previous_to),
      l.change, l.week_before,
      d.week_before_from == d.week_before_to
          ? d.week_before_from
          : StrCat(d.week_before_from, " – ", d.week_before_to),
      l.change);
  for (const HeadlineRow& row : Headline(d, l)) {
    if (row.is_rate) {
      md.Add("| {} | {} | {} | {} | {} | {} |\n", row.label, FormatRate(lang, row.rate_now),
          FormatRate(lang, row.rate_previous),
          FormatRateDelta(lang, row.rate_now, row.rate_previous),
          FormatRate(lang, row.rate_week_before),
          FormatRateDelta(lang, row.rate_now, row.rate_week_before));
    } else {
      md.Add("| {} | {} | {} | {} | {} | {} |\n", row.label, FormatCount(lang, row.now),
          FormatCount(lang, row.previous), FormatDelta(lang, row.now, row.previous),
          FormatCount(lang, row.week_before), FormatDelta(lang, row.now, row.week_before));
    }
  }

  const store::PeriodFigures& f = d.period;
  md.Add("\n## {}\n", l.received);
  CountTable(out, l.by_channel, l, lang, f.by_channel, f.received, [&](const std::string& c) {
    return c.empty() ? std::string(l.unknown) : std::string(ChannelLabel(lang, c));
  });
  CountTable(out, l.by_topic, l, lang, f.by_topic, f.received,
             [&](const std::string& c) { return NameOf(v.names.topics, c, lang); });
  CountTable(out, l.by_agency, l, lang, f.by_agency, f.received,
             [&](const std::string& c) { return NameOf(v.names.agencies, c, lang); });
  CountTable(out, l.by_province, l, lang, f.by_province, f.received,
             [&](const std::string& c) { return NameOf(v.names.provinces, c, lang); });
  CountTable(out, l.status_now, l, lang, f.by_status, f.received,
             [&](const std::string& c) { return std::string(StatusLabel(lang, c)); });

  md.Add("\n## {}\n\n| | {} |\n|---|---:|\n", l.actions, l.count);
  for (std::string_view what : ShownActions())
    md.Add("| {} | {} |\n", ActionLabel(lang, what), FormatCount(lang, f.Event(std::string(what))));
  if (r.agency.empty())
    CountTable(out, l.intake_rejected, l, lang, f.intake_rejected_by_code, f.intake_rejected,
               [&](const std::string& c) { return std::string(ActionLabel(lang, c)); });

  const store::Backlog& b = d.backlog;
  md.Add("\n## {} ({} {})\n\n| | {} |\n|---|---:|\n", l.backlog, l.as_of,
      LocalDateTime(r.now_ms), l.count);
  md.Add("| {} | {} |\n| {} | {} |\n| {} | {} |\n", l.open, FormatCount(lang, b.open), l.overdue,
      FormatCount(lang, b.overdue), l.overdue_rate, FormatRate(lang, store::OverdueRate(b)));
  md.Add("| {} | {} |\n| {} | {} |\n| {} | {} |\n", l.aged_1_7, FormatCount(lang, b.overdue_1_7),
      l.aged_8_30, FormatCount(lang, b.overdue_8_30), l.aged_over_30,
      FormatCount(lang, b.overdue_over_30));
  CountTable(out, l.overdue_by_agency, l, lang, b.overdue_by_agency, b.overdue,
             [&](const std::string& c) { return NameOf(v.names.agencies, c, lang); });

  md.Add("\n### {}\n\n", l.oldest_overdue);
  if (d.oldest_overdue.empty()) {
    md.Add("{}\n", l.none);
  } else {
    md.Add("| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---:|---|\n", l.id, l.agency,
        l.topic, l.due, l.days_overdue, l.title_col);
    for (const store::OverduePetition& p : d.oldest_overdue)
      md.Add("| {} | {} | {} | {} | {} | {} |\n", Cell(p.id), Cell(p.agency),
          Cell(NameOf(v.names.topics, p.topic, lang)), LocalDate(p.due_ms), p.days_overdue,
          Cell(p.title_masked));
  }
  return std::move(out);
}

}  // namespace pakn::digest
