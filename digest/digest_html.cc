// The digest as one self-contained HTML page for leaders: inline CSS and SVG only (no script,
// no font, image or style sheet from anywhere: it opens offline and from an e-mail), laid out
// to print on one or two A4 pages. Every text from the store is HTML-escaped.
#include <algorithm>
#include <cmath>
#include <functional>

#include "digest/digest_render.h"
#include "base/strings.h"
#include "base/time.h"
#include "fmt/format.h"

namespace pakn::digest {
namespace {

using namespace digest_internal;

std::string Esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out.append("&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      case '"': out.append("&quot;"); break;
      case '\'': out.append("&#39;"); break;
      default: out.push_back(c);
    }
  }
  return out;
}

// At most `n` code points, with an ellipsis when cut (labels inside the charts).
std::string Cut(std::string_view s, size_t n) {
  size_t chars = 0, i = 0;
  while (i < s.size()) {
    if (chars == n) return StrCat(s.substr(0, i), "…");
    i += Utf8SequenceLength(static_cast<unsigned char>(s[i]));
    ++chars;
  }
  return std::string(s);
}

constexpr std::string_view kStyle = R"css(
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
       font-size: 9.5pt; color: #1a1a1a; margin: 0 auto; max-width: 186mm; line-height: 1.35; }
h1 { font-size: 15pt; margin: 0 0 2mm; color: #8b0000; }
h2 { font-size: 11pt; margin: 5mm 0 2mm; border-bottom: 1.5px solid #8b0000; padding-bottom: 1mm; }
h3 { font-size: 9.5pt; margin: 3mm 0 1mm; }
.meta { color: #444; margin: 0 0 2mm; }
.summary { background: #f6f1e7; border-left: 3px solid #8b0000; padding: 2mm 3mm; margin: 2mm 0; }
table { border-collapse: collapse; width: 100%; margin: 0 0 2mm; page-break-inside: avoid; }
th, td { border: 0.5px solid #bbb; padding: 0.8mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; font-weight: 600; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.up { color: #1b5e20; } .down { color: #b71c1c; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0 5mm; }
.grid > section { break-inside: avoid; page-break-inside: avoid; }
svg { display: block; margin: 1mm 0 2mm; }
svg text { font-family: inherit; font-size: 8px; fill: #333; }
.bar { fill: #8b0000; } .late { fill: #e0a100; }
.received { stroke: #8b0000; fill: none; stroke-width: 1.6; }
.answered { stroke: #1565c0; fill: none; stroke-width: 1.6; stroke-dasharray: 4 2; }
.axis { stroke: #999; stroke-width: 0.6; }
.legend-received { fill: #8b0000; } .legend-answered { fill: #1565c0; }
footer { color: #666; font-size: 8pt; margin-top: 4mm; border-top: 0.5px solid #bbb; padding-top: 1mm; }
@media print { body { max-width: none; } h2 { page-break-after: avoid; } }
)css";

class Page {
 public:
  template <typename... Args>
  void Add(fmt::format_string<Args...> f, Args&&... args) {
    fmt::format_to(std::back_inserter(out_), f, std::forward<Args>(args)...);
  }
  std::string Take() && { return std::move(out_); }

 private:
  std::string out_;
};

std::string DeltaCell(const std::string& text) {
  const char* cls = text.rfind("+", 0) == 0 ? "up" : text.rfind("−", 0) == 0 ? "down" : "";
  return fmt::format("<td class=\"n {}\">{}</td>", cls, Esc(text));
}

void CountTable(Page& p, std::string_view title, const Labels& l, std::string_view lang,
                const std::map<std::string, int64_t>& m, int64_t total,
                const std::function<std::string(const std::string&)>& label, size_t limit = 0) {
  p.Add("<section><h3>{}</h3>", Esc(title));
  const auto rows = Ranked(m, limit);
  if (rows.empty()) {
    p.Add("<p>{}</p></section>\n", Esc(l.none));
    return;
  }
  p.Add("<table><tr><th></th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
        Esc(l.count), Esc(l.share));
  for (const auto& [code, n] : rows)
    p.Add("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
          Esc(label(code)), FormatCount(lang, n),
          FormatRate(lang, total > 0 ? std::optional<double>(double(n) / double(total))
                                     : std::nullopt));
  p.Add("</table></section>\n");
}

// Horizontal bars of the received petitions by topic (the ten largest).
void TopicChart(Page& p, const DigestView& v) {
  const auto rows = Ranked(v.digest->period.by_topic, 10);
  if (rows.empty()) return;
  const int64_t max = rows.front().second;
  constexpr int kLabel = 150, kBar = 260, kRow = 15;
  const int height = static_cast<int>(rows.size()) * kRow + 4;
  p.Add("<svg width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">",
        kLabel + kBar + 60, height, kLabel + kBar + 60, height,
        Esc(LabelsFor(v.lang).by_topic));
  int y = 2;
  for (const auto& [code, n] : rows) {
    const int w = max > 0 ? static_cast<int>(std::lround(double(n) * kBar / double(max))) : 0;
    p.Add("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", kLabel - 4, y + 10,
          Esc(Cut(NameOf(v.names.topics, code, v.lang), 30)));
    p.Add("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>", kLabel, y,
          std::max(w, 1), kRow - 4);
    p.Add("<text x=\"{}\" y=\"{}\">{}</text>", kLabel + std::max(w, 1) + 4, y + 10,
          FormatCount(v.lang, n));
    y += kRow;
  }
  p.Add("</svg>\n");
}

// Received and answered per day over the trend window.
void TrendChart(Page& p, const DigestView& v) {
  const auto& trend = v.digest->trend;
  if (trend.empty()) return;
  const Labels& l = LabelsFor(v.lang);
  constexpr int kW = 680, kH = 170, kLeft = 40, kRight = 10, kTop = 18, kBottom = 24;
  int64_t max = 1;
  for (const auto& [day, f] : trend) max = std::max({max, f.received, f.Event("answered")});
  const double x_step =
      trend.size() > 1 ? double(kW - kLeft - kRight) / double(trend.size() - 1) : 0;
  auto x = [&](size_t i) { return kLeft + x_step * double(i); };
  auto y = [&](int64_t n) { return kTop + (kH - kTop - kBottom) * (1.0 - double(n) / double(max)); };
  p.Add("<svg width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">",
        kW, kH, kW, kH, Esc(l.trend));
  p.Add("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", kLeft, kH - kBottom,
        kW - kRight, kH - kBottom);
  p.Add("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", kLeft, kTop, kLeft,
        kH - kBottom);
  p.Add("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>", kLeft - 3, y(max) + 3,
        FormatCount(v.lang, max));
  p.Add("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">0</text>", kLeft - 3, y(0) + 3);
  for (const char* series : {"received", "answered"}) {
    std::string points;
    for (size_t i = 0; i < trend.size(); ++i) {
      const store::PeriodFigures& f = trend[i].second;
      const int64_t n = std::string_view(series) == "received" ? f.received : f.Event("answered");
      StrAppend(&points, i ? " " : "", fmt::format("{:.1f},{:.1f}", x(i), y(n)));
    }
    if (trend.size() == 1) StrAppend(&points, " ", fmt::format("{:.1f},{:.1f}", x(0) + 4, y(
        std::string_view(series) == "received" ? trend[0].second.received
                                               : trend[0].second.Event("answered"))));
    p.Add("<polyline class=\"{}\" points=\"{}\"/>", series, points);
  }
  for (size_t i = 0; i < trend.size(); i += 5) {
    const std::string& day = trend[i].first;
    p.Add("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>", x(i), kH - kBottom + 12,
          day.substr(8, 2) + "/" + day.substr(5, 2));
  }
  p.Add("<rect class=\"legend-received\" x=\"{}\" y=\"4\" width=\"10\" height=\"3\"/>"
        "<text x=\"{}\" y=\"9\">{}</text>",
        kLeft + 4, kLeft + 18, Esc(l.received));
  p.Add("<rect class=\"legend-answered\" x=\"{}\" y=\"4\" width=\"10\" height=\"3\"/>"
        "<text x=\"{}\" y=\"9\">{}</text>",
        kLeft + 120, kLeft + 134, Esc(l.answered));
  p.Add("</svg>\n");
}

std::string Range(const std::string& from, const std::string& to) {
  return from == to ? from : StrCat(from, " – ", to);
}

}  // namespace

std::string RenderDigestHtml(const DigestView& v) {
  const store::Digest& d = *v.digest;
  const store::DigestRequest& r = d.request;
  const Labels& l = LabelsFor(v.lang);
  const std::string lang = v.lang;
  Page p;
  p.Add("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n", Esc(lang));
  p.Add("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  p.Add("<title>{} {}</title>\n<style>{}</style>\n</head>\n<body>\n", Esc(l.title),
        Esc(Range(r.from_day, r.to_day)), kStyle);
  p.Add("<h1>{}</h1>\n", Esc(l.title));
  p.Add("<p class=\"meta\">{}: <b>{}</b> (Asia/Ho_Chi_Minh) · {}: <b>{}</b> · {}: {}</p>\n",
        Esc(l.period), Esc(Range(r.from_day, r.to_day)), Esc(l.agency_scope),
        Esc(r.agency.empty() ? std::string(l.scope_all)
                             : NameOf(v.names.agencies, r.agency, lang)),
        Esc(l.as_of), Esc(LocalDateTime(r.now_ms)));
  p.Add("<p class=\"summary\">{}</p>\n", Esc(SummarySentence(v)));

  p.Add("<h2>{}</h2>\n<table><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}<br>{}"
        "</th><th class=\"n\">{}</th><th class=\"n\">{}<br>{}</th><th class=\"n\">{}</th></tr>",
        Esc(l.headline), Esc(l.figure), Esc(l.this_period), Esc(l.previous),
        Esc(Range(d.previous_from, d.previous_to)), Esc(l.change), Esc(l.week_before),
        Esc(Range(d.week_before_from, d.week_before_to)), Esc(l.change));
  for (const HeadlineRow& row : Headline(d, l)) {
    if (row.is_rate) {
      p.Add("<tr><td>{}</td><td class=\"n\"><b>{}</b></td><td class=\"n\">{}</td>{}"
            "<td class=\"n\">{}</td>{}</tr>",
            Esc(row.label), FormatRate(lang, row.rate_now), FormatRate(lang, row.rate_previous),
            DeltaCell(FormatRateDelta(lang, row.rate_now, row.rate_previous)),
            FormatRate(lang, row.rate_week_before),
            DeltaCell(FormatRateDelta(lang, row.rate_now, row.rate_week_before)));
    } else {
      p.Add("<tr><td>{}</td><td class=\"n\"><b>{}</b></td><td class=\"n\">{}</td>{}"
            "<td class=\"n\">{}</td>{}</tr>",
            Esc(row.label), FormatCount(lang, row.now), FormatCount(lang, row.previous),
            DeltaCell(FormatDelta(lang, row.now, row.previous)),
            FormatCount(lang, row.week_before),
            DeltaCell(FormatDelta(lang, row.now, row.week_before)));
    }
  }
  p.Add("</table>\n");

  p.Add("<h2>{}</h2>\n", Esc(l.trend));
  TrendChart(p, v);

  const store::PeriodFigures& f = d.period;
  p.Add("<h2>{}</h2>\n", Esc(l.by_topic));
  TopicChart(p, v);
  p.Add("<div class=\"grid\">\n");
  CountTable(p, l.by_channel, l, lang, f.by_channel, f.received, [&](const std::string& c) {
    return c.empty() ? std::string(l.unknown) : std::string(ChannelLabel(lang, c));
  });
  CountTable(p, l.top_provinces, l, lang, f.by_province, f.received,
             [&](const std::string& c) { return NameOf(v.names.provinces, c, lang); }, 10);
  CountTable(p, l.by_agency, l, lang, f.by_agency, f.received,
             [&](const std::string& c) { return NameOf(v.names.agencies, c, lang); }, 10);
  CountTable(p, l.status_now, l, lang, f.by_status, f.received,
             [&](const std::string& c) { return std::string(StatusLabel(lang, c)); });
  p.Add("<section><h3>{}</h3><table>", Esc(l.actions));
  for (std::string_view what : ShownActions())
    p.Add("<tr><td>{}</td><td class=\"n\">{}</td></tr>", Esc(ActionLabel(lang, what)),
          FormatCount(lang, f.Event(std::string(what))));
  p.Add("</table></section>\n");
  if (r.agency.empty())
    CountTable(p, l.intake_rejected, l, lang, f.intake_rejected_by_code, f.intake_rejected,
               [&](const std::string& c) { return std::string(ActionLabel(lang, c)); });
  p.Add("</div>\n");

  const store::Backlog& b = d.backlog;
  p.Add("<h2>{} ({} {})</h2>\n<div class=\"grid\">\n<section><table>", Esc(l.backlog),
        Esc(l.as_of), Esc(LocalDateTime(r.now_ms)));
  const std::pair<std::string_view, std::string> rows[] = {
      {l.open, FormatCount(lang, b.open)},
      {l.overdue, FormatCount(lang, b.overdue)},
      {l.overdue_rate, FormatRate(lang, store::OverdueRate(b))},
      {l.aged_1_7, FormatCount(lang, b.overdue_1_7)},
      {l.aged_8_30, FormatCount(lang, b.overdue_8_30)},
      {l.aged_over_30, FormatCount(lang, b.overdue_over_30)}};
  for (const auto& [label, value] : rows)
    p.Add("<tr><td>{}</td><td class=\"n\">{}</td></tr>", Esc(label), value);
  p.Add("</table></section>\n");
  CountTable(p, l.overdue_by_agency, l, lang, b.overdue_by_agency, b.overdue,
             [&](const std::string& c) { return NameOf(v.names.agencies, c, lang); }, 10);
  p.Add("</div>\n");

  p.Add("<h2>{}</h2>\n", Esc(l.oldest_overdue));
  if (d.oldest_overdue.empty()) {
    p.Add("<p>{}</p>\n", Esc(l.none));
  } else {
    p.Add("<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th>"
          "<th>{}</th></tr>",
          Esc(l.id), Esc(l.agency), Esc(l.topic), Esc(l.due), Esc(l.days_overdue),
          Esc(l.title_col));
    for (const store::OverduePetition& o : d.oldest_overdue)
      p.Add("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td>"
            "<td>{}</td></tr>",
            Esc(o.id), Esc(o.agency), Esc(NameOf(v.names.topics, o.topic, lang)),
            Esc(LocalDate(o.due_ms)), o.days_overdue, Esc(Cut(o.title_masked, 90)));
    p.Add("</table>\n");
  }
  p.Add("<footer>pakn digest · {} · docs/digest.md</footer>\n</body>\n</html>\n",
        Esc(DigestKey(d)));
  return std::move(p).Take();
}

}  // namespace pakn::digest
