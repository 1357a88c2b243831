// Renderers of the leaders' digest (store/digest.h; figures defined in docs/digest.md):
//  - JSON for machines (schemas/digest.schema.json; also what --publish sends to Kafka),
//  - CSV for spreadsheets (one table: section, key, label, value, comparisons),
//  - Markdown for pasting into reports,
//  - HTML for printing: one self-contained A4 page, inline CSS and SVG, no network.
// Labels are Vietnamese by default, English on request. Personal data never reaches a
// renderer: the digest holds only counts and masked titles.
//
//   DigestView view{&digest, "vi", names};
//   std::string html = RenderDigestHtml(view);
//
// Pure functions; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "store/digest.h"

namespace pakn::digest {

// Display names of codes; a code without a name is shown as is.
struct DigestNames {
  std::map<std::string, std::string> topics, agencies, provinces;
};

struct DigestView {
  const store::Digest* digest = nullptr;  // must outlive the view
  std::string lang = "vi";                // "vi" | "en"
  DigestNames names;
};

// Version of the JSON document (schemas/digest.schema.json); bumped on incompatible change.
inline constexpr int kDigestSchemaVersion = 1;

// "2026-11-25/all", "2026-11-01..2026-11-30/SO-XD": the Kafka key of a published digest, so
// that publishing the same date and scope again replaces it on a compacted topic.
std::string DigestKey(const store::Digest& d);

std::string RenderDigestJson(const DigestView& v);
std::string RenderDigestCsv(const DigestView& v);
std::string RenderDigestMarkdown(const DigestView& v);
std::string RenderDigestHtml(const DigestView& v);

// Reads the names of topics and agencies from a routing folder's taxonomy.toml ([[topic]] and
// [[agency]] tables with code, name_vi, name_en) for `lang`, as the rule engine reads it
// (classify::LoadTaxonomy). Errors name the file and line.
Status LoadTaxonomyNames(const std::string& routing_dir, std::string_view lang,
                         DigestNames& names);
// The full names of the 2025 provinces among `codes` ("01" → "Thành phố Hà Nội"), from the
// compiled-in administrative units.
void AddProvinceNames(const std::set<std::string>& codes, DigestNames& names);

namespace digest_internal {

// The words of one language.
struct Labels {
  std::string_view title, period, day_range, as_of, scope_all, agency_scope;
  std::string_view headline, figure, this_period, previous, week_before, change;
  std::string_view received, accepted, rejected, transferred, answered, answered_on_time,
      answered_late, closed, newly_overdue, completion_rate, on_time_rate, overdue_rate,
      still_open;
  std::string_view by_channel, by_topic, by_agency, by_province, status_now, actions,
      intake_rejected, backlog, open, overdue, aged_1_7, aged_8_30, aged_over_30,
      overdue_by_agency, top_topics, top_provinces, oldest_overdue, trend, count, share, id,
      agency, topic, due, days_overdue, title_col, date, unknown, none, summary_sentence;
};
const Labels& LabelsFor(std::string_view lang);
// The label of a state, channel, history type or reject code; the code itself if unknown.
std::string_view StatusLabel(std::string_view lang, std::string_view status);
std::string_view ChannelLabel(std::string_view lang, std::string_view channel);
std::string_view ActionLabel(std::string_view lang, std::string_view what);

// "1.234" (vi) / "1,234" (en).
std::string FormatCount(std::string_view lang, int64_t n);
// "67,8%" (vi) / "67.8%" (en); "–" for no value.
std::string FormatRate(std::string_view lang, std::optional<double> rate);
// "+12", "−3", "0"; for rates, percentage points: "+1,2 đ.%" / "+1.2 pp".
std::string FormatDelta(std::string_view lang, int64_t now, int64_t before);
std::string FormatRateDelta(std::string_view lang, std::optional<double> now,
                            std::optional<double> before);

// The name of a code from `names`, else the code; "" shows as the `unknown` label.
std::string NameOf(const std::map<std::string, std::string>& names, const std::string& code,
                   std::string_view lang);

// Map entries by count, largest first, then by key; at most `limit` (0 = all).
std::vector<std::pair<std::string, int64_t>> Ranked(const std::map<std::string, int64_t>& m,
                                                    size_t limit = 0);

// One headline row: label, the value in this period, the previous period and a week before.
struct HeadlineRow {
  std::string_view key;  // stable machine name ("received", "completion_rate", ...)
  std::string_view label;
  bool is_rate = false;
  int64_t now = 0, previous = 0, week_before = 0;
  std::optional<double> rate_now, rate_previous, rate_week_before;
};
std::vector<HeadlineRow> Headline(const store::Digest& d, const Labels& l);

// The action counts shown (history types in lifecycle order).
const std::vector<std::string_view>& ShownActions();

// The one-sentence summary leaders paste: "Tiếp nhận 1.234 đơn; đã giải quyết 67,8%; ...".
std::string SummarySentence(const DigestView& v);

}  // namespace digest_internal
}  // namespace pakn::digest
