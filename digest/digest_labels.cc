// Words, number formats and the shared pieces of every digest renderer.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "digest/digest_render.h"
#include "base/status_macros.h"
#include "classify/admin_units.h"
#include "classify/rules.h"
#include "base/strings.h"
#include "fmt/format.h"

namespace pakn::digest {
namespace digest_internal {
namespace {

constexpr Labels kVietnamese = {
    .title = "Báo cáo tổng hợp phản ánh, kiến nghị",
    .period = "Kỳ báo cáo",
    .day_range = "ngày",
    .as_of = "Số liệu tồn đọng tính đến",
    .scope_all = "Tất cả cơ quan",
    .agency_scope = "Cơ quan",
    .headline = "Chỉ tiêu chính",
    .figure = "Chỉ tiêu",
    .this_period = "Kỳ này",
    .previous = "Kỳ trước",
    .week_before = "Cùng kỳ tuần trước",
    .change = "Thay đổi",
    .received = "Tiếp nhận",
    .accepted = "Thụ lý",
    .rejected = "Từ chối (không hợp lệ)",
    .transferred = "Chuyển cơ quan khác",
    .answered = "Đã trả lời",
    .answered_on_time = "Trả lời đúng hạn",
    .answered_late = "Trả lời quá hạn",
    .closed = "Kết thúc",
    .newly_overdue = "Mới quá hạn",
    .completion_rate = "Tỷ lệ đã giải quyết",
    .on_time_rate = "Tỷ lệ trả lời đúng hạn",
    .overdue_rate = "Tỷ lệ quá hạn",
    .still_open = "Đang giải quyết",
    .by_channel = "Tiếp nhận theo kênh",
    .by_topic = "Tiếp nhận theo lĩnh vực",
    .by_agency = "Tiếp nhận theo cơ quan đang xử lý",
    .by_province = "Tiếp nhận theo tỉnh, thành phố",
    .status_now = "Tình trạng hiện nay của đơn tiếp nhận trong kỳ",
    .actions = "Xử lý trong kỳ",
    .intake_rejected = "Tin nhắn không hợp lệ (theo lý do)",
    .backlog = "Tồn đọng",
    .open = "Đang giải quyết",
    .overdue = "Quá hạn",
    .aged_1_7 = "Quá hạn 1–7 ngày",
    .aged_8_30 = "Quá hạn 8–30 ngày",
    .aged_over_30 = "Quá hạn trên 30 ngày",
    .overdue_by_agency = "Quá hạn theo cơ quan",
    .top_topics = "Lĩnh vực nhiều nhất",
    .top_provinces = "Địa bàn nhiều nhất",
    .oldest_overdue = "Các đơn quá hạn lâu nhất",
    .trend = "Diễn biến 30 ngày",
    .count = "Số lượng",
    .share = "Tỷ lệ",
    .id = "Mã đơn",
    .agency = "Cơ quan",
    .topic = "Lĩnh vực",
    .due = "Hạn trả lời",
    .days_overdue = "Số ngày quá hạn",
    .title_col = "Tiêu đề",
    .date = "Ngày",
    .unknown = "(không rõ)",
    .none = "Không có",
    .summary_sentence = "Tóm tắt",
};

constexpr Labels kEnglish = {
    .title = "Citizen petitions digest",
    .period = "Period",
    .day_range = "days",
    .as_of = "Backlog as of",
    .scope_all = "All agencies",
    .agency_scope = "Agency",
    .headline = "Key figures",
    .figure = "Figure",
    .this_period = "This period",
    .previous = "Previous period",
    .week_before = "A week before",
    .change = "Change",
    .received = "Received",
    .accepted = "Accepted",
    .rejected = "Rejected (invalid)",
    .transferred = "Transferred",
    .answered = "Answered",
    .answered_on_time = "Answered on time",
    .answered_late = "Answered late",
    .closed = "Closed",
    .newly_overdue = "Newly overdue",
    .completion_rate = "Completion rate",
    .on_time_rate = "On-time answer rate",
    .overdue_rate = "Overdue rate",
    .still_open = "Still open",
    .by_channel = "Received by channel",
    .by_topic = "Received by topic",
    .by_agency = "Received by agency now holding them",
    .by_province = "Received by province",
    .status_now = "Current state of the petitions received in the period",
    .actions = "Actions in the period",
    .intake_rejected = "Messages rejected at intake (by reason)",
    .backlog = "Backlog",
    .open = "Open",
    .overdue = "Overdue",
    .aged_1_7 = "Overdue 1–7 days",
    .aged_8_30 = "Overdue 8–30 days",
    .aged_over_30 = "Overdue over 30 days",
    .overdue_by_agency = "Overdue by agency",
    .top_topics = "Top topics",
    .top_provinces = "Top provinces",
    .oldest_overdue = "Oldest overdue petitions",
    .trend = "30-day trend",
    .count = "Count",
    .share = "Share",
    .id = "Id",
    .agency = "Agency",
    .topic = "Topic",
    .due = "Due",
    .days_overdue = "Days overdue",
    .title_col = "Title",
    .date = "Date",
    .unknown = "(unknown)",
    .none = "None",
    .summary_sentence = "Summary",
};

struct Term {
  std::string_view code, vi, en;
};

constexpr Term kStates[] = {
    {"received", "Mới tiếp nhận", "Received"},
    {"accepted", "Đã thụ lý", "Accepted"},
    {"rejected_invalid", "Không hợp lệ", "Rejected as invalid"},
    {"assigned", "Đã giao xử lý", "Assigned"},
    {"in_progress", "Đang xử lý", "In progress"},
    {"answered", "Đã trả lời", "Answered"},
    {"published", "Đã công khai", "Published"},
    {"closed", "Đã kết thúc", "Closed"},
    {"redirected_out", "Hướng dẫn sang thủ tục khác", "Redirected out"},
    {"duplicate", "Trùng lặp", "Duplicate"},
    {"withdrawn", "Đã rút", "Withdrawn"},
};

constexpr Term kChannelTerms[] = {
    {"national_portal", "Cổng Dịch vụ công quốc gia", "National portal"},
    {"provincial_portal", "Cổng thông tin của tỉnh", "Provincial portal"},
    {"email", "Thư điện tử", "E-mail"},
    {"hotline", "Đường dây nóng", "Hotline"},
    {"sms", "Tin nhắn SMS", "SMS"},
    {"mobile_app", "Ứng dụng di động", "Mobile app"},
    {"in_person", "Trực tiếp", "In person"},
    {"postal", "Bưu chính", "Post"},
};

constexpr Term kActionTerms[] = {
    {"accepted", "Thụ lý", "Accepted"},
    {"rejected", "Từ chối (không hợp lệ)", "Rejected as invalid"},
    {"assigned", "Giao xử lý", "Assigned"},
    {"started", "Bắt đầu xử lý", "Started"},
    {"transferred", "Chuyển cơ quan khác", "Transferred"},
    {"answered", "Trả lời", "Answered"},
    {"answered_on_time", "Trả lời đúng hạn", "Answered on time"},
    {"answered_late", "Trả lời quá hạn", "Answered late"},
    {"published", "Công khai trả lời", "Answer published"},
    {"closed", "Kết thúc", "Closed"},
    {"reopened", "Mở lại", "Reopened"},
    {"marked_duplicate", "Đánh dấu trùng lặp", "Marked duplicate"},
    {"withdrawn", "Công dân rút đơn", "Withdrawn"},
    {"redirected", "Hướng dẫn sang thủ tục khác", "Redirected out"},
    {"note", "Ghi chú", "Notes"},
    {"refused", "Thao tác bị từ chối", "Refused actions"},
    {"invalid_json", "JSON không hợp lệ", "Invalid JSON"},
    {"invalid_utf8", "Mã hóa UTF-8 sai", "Invalid UTF-8"},
    {"missing_field", "Thiếu trường bắt buộc", "Missing field"},
    {"wrong_type", "Sai kiểu dữ liệu", "Wrong type"},
    {"bad_value", "Giá trị không hợp lệ", "Bad value"},
    {"oversized", "Quá kích thước", "Oversized"},
    {"unknown_schema_version", "Phiên bản lược đồ không hỗ trợ", "Unknown schema version"},
};

template <size_t N>
std::string_view Lookup(const Term (&terms)[N], std::string_view lang, std::string_view code) {
  for (const Term& t : terms)
    if (t.code == code) return lang == "en" ? t.en : t.vi;
  return code;
}

// "1234567" → "1.234.567" with `sep`.
std::string Group(std::string digits, char sep) {
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<size_t>(i), 1, sep);
  return digits;
}

// One decimal, the language's decimal mark.
std::string OneDecimal(std::string_view lang, double v) {
  std::string s = fmt::format("{:.1f}", v);
  if (lang != "en") std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

}  // namespace

const Labels& LabelsFor(std::string_view lang) { return lang == "en" ? kEnglish : kVietnamese; }

std::string_view StatusLabel(std::string_view lang, std::string_view status) {
  return Lookup(kStates, lang, status);
}
std::string_view ChannelLabel(std::string_view lang, std::string_view channel) {
  return Lookup(kChannelTerms, lang, channel);
}
std::string_view ActionLabel(std::string_view lang, std::string_view what) {
  return Lookup(kActionTerms, lang, what);
}

std::string FormatCount(std::string_view lang, int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  return StrCat(n < 0 ? "−" : "", Group(std::move(digits), lang == "en" ? ',' : '.'));
}

std::string FormatRate(std::string_view lang, std::optional<double> rate) {
  if (!rate) return "–";
  return OneDecimal(lang, *rate * 100) + "%";
}

std::string FormatDelta(std::string_view lang, int64_t now, int64_t before) {
  const int64_t d = now - before;
  if (d == 0) return "0";
  return StrCat(d > 0 ? "+" : "−", FormatCount(lang, d > 0 ? d : -d));
}

std::string FormatRateDelta(std::string_view lang, std::optional<double> now,
                            std::optional<double> before) {
  if (!now || !before) return "–";
  const double pp = (*now - *before) * 100;
  if (std::fabs(pp) < 0.05) return lang == "en" ? "0 pp" : "0 đ.%";
  return StrCat(pp > 0 ? "+" : "−", OneDecimal(lang, std::fabs(pp)),
                lang == "en" ? " pp" : " đ.%");
}

std::string NameOf(const std::map<std::string, std::string>& names, const std::string& code,
                   std::string_view lang) {
  if (code.empty()) return std::string(LabelsFor(lang).unknown);
  auto it = names.find(code);
  return it == names.end() ? code : it->second;
}

std::vector<std::pair<std::string, int64_t>> Ranked(const std::map<std::string, int64_t>& m,
                                                    size_t limit) {
  std::vector<std::pair<std::string, int64_t>> rows;
  for (const auto& [k, v] : m)
    if (v != 0) rows.emplace_back(k, v);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (limit > 0 && rows.size() > limit) rows.resize(limit);
  return rows;
}

const std::vector<std::string_view>& ShownActions() {
  static const std::vector<std::string_view> kShown = {
      "accepted",  "rejected",         "assigned",  "started",    "transferred",
      "answered",  "answered_on_time", "answered_late", "published", "closed",
      "reopened",  "marked_duplicate", "withdrawn", "redirected", "note",
      "refused"};
  return kShown;
}

std::vector<HeadlineRow> Headline(const store::Digest& d, const Labels& l) {
  auto count = [&](std::string_view key, std::string_view label, auto get) {
    return HeadlineRow{key, label, false, get(d.period), get(d.previous), get(d.week_before)};
  };
  auto event = [&](std::string_view key, std::string_view label) {
    const std::string what(key);
    return count(key, label, [&](const store::PeriodFigures& f) { return f.Event(what); });
  };
  auto rate = [&](std::string_view key, std::string_view label, auto get) {
    HeadlineRow r{key, label, true};
    r.rate_now = get(d.period);
    r.rate_previous = get(d.previous);
    r.rate_week_before = get(d.week_before);
    return r;
  };
  return {
      count("received", l.received, [](const auto& f) { return f.received; }),
      event("accepted", l.accepted),
      event("rejected", l.rejected),
      event("transferred", l.transferred),
      event("answered", l.answered),
      event("answered_on_time", l.answered_on_time),
      event("answered_late", l.answered_late),
      event("closed", l.closed),
      count("newly_overdue", l.newly_overdue, [](const auto& f) { return f.newly_overdue; }),
      rate("completion_rate", l.completion_rate,
           [](const auto& f) { return store::CompletionRate(f); }),
      rate("on_time_rate", l.on_time_rate, [](const auto& f) { return store::OnTimeRate(f); }),
  };
}

std::string SummarySentence(const DigestView& v) {
  const store::Digest& d = *v.digest;
  const std::string_view lang = v.lang;
  const auto completion = store::CompletionRate(d.period);
  const auto on_time = store::OnTimeRate(d.period);
  const auto overdue = store::OverdueRate(d.backlog);
  const std::string trend = FormatRateDelta(lang, completion, store::CompletionRate(d.previous));
  if (lang == "en")
    return fmt::format(
        "{} petitions received; {} completed ({} vs the previous period); {} answered, {} on "
        "time; {} open, of which {} overdue ({}).",
        FormatCount(lang, d.period.received), FormatRate(lang, completion), trend,
        FormatCount(lang, d.period.Event("answered")), FormatRate(lang, on_time),
        FormatCount(lang, d.backlog.open), FormatCount(lang, d.backlog.overdue),
        FormatRate(lang, overdue));
  return fmt::format(
      "Tiếp nhận {} đơn; đã giải quyết {} ({} so với kỳ trước); trả lời {} đơn, đúng hạn {}; "
      "đang giải quyết {} đơn, trong đó quá hạn {} ({}).",
      FormatCount(lang, d.period.received), FormatRate(lang, completion), trend,
      FormatCount(lang, d.period.Event("answered")), FormatRate(lang, on_time),
      FormatCount(lang, d.backlog.open), FormatCount(lang, d.backlog.overdue),
      FormatRate(lang, overdue));
}

}  // namespace digest_internal

std::string DigestKey(const store::Digest& d) {
  const store::DigestRequest& r = d.request;
  return StrCat(r.from_day == r.to_day ? r.from_day : StrCat(r.from_day, "..", r.to_day), "/",
                r.agency.empty() ? std::string("all") : r.agency);
}

Status LoadTaxonomyNames(const std::string& routing_dir, std::string_view lang,
                         DigestNames& names) {
  PAKN_ASSIGN_OR_RETURN(classify::Taxonomy taxonomy, classify::LoadTaxonomy(routing_dir));
  const bool en = lang == "en";
  for (const classify::Topic& t : taxonomy.topics) names.topics[t.code] = en ? t.name_en : t.name_vi;
  for (const classify::Agency& a : taxonomy.agencies)
    names.agencies[a.code] = en ? a.name_en : a.name_vi;
  return OkStatus();
}

void AddProvinceNames(const std::set<std::string>& codes, DigestNames& names) {
  for (const classify::ProvinceRow& p : classify::ProvinceRows())
    if (codes.contains(p.code)) names.provinces[p.code] = p.full_name;
}

}  // namespace pakn::digest
