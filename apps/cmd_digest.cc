// pakn digest: one local day's counts by agency, topic and status, from the incremental
// counters (O(groups)). Issue 6 grows this into the leaders' report.
#include <iostream>

#include "apps/commands.h"
#include "apps/reader_common.h"
#include "base/json_writer.h"
#include "base/time.h"
#include "fmt/format.h"
#include "store/query.h"

namespace pakn::apps {
namespace {

void WriteCounts(JsonWriter& w, std::string_view key, const std::map<std::string, int64_t>& m) {
  w.Key(key);
  w.BeginObject();
  for (const auto& [k, v] : m) w.MemberInt(k, v);
  w.EndObject();
}

std::string DigestJson(const store::DayDigest& d) {
  JsonWriter w;
  w.BeginObject();
  w.Member("date", d.day);
  w.Member("timezone", "Asia/Ho_Chi_Minh");
  w.MemberInt("received", d.received);
  w.MemberInt("rejected", d.rejected);
  WriteCounts(w, "by_agency", d.by_agency);
  WriteCounts(w, "by_topic", d.by_topic);
  WriteCounts(w, "by_status", d.by_status);
  WriteCounts(w, "rejected_by_code", d.rejected_by_code);
  w.Key("by_agency_topic_status");
  w.BeginArray();
  for (const auto& [agency, topics] : d.grid)
    for (const auto& [topic, statuses] : topics)
      for (const auto& [status, n] : statuses) {
        w.BeginObject();
        w.Member("agency", agency);
        w.Member("topic", topic);
        w.Member("status", status);
        w.MemberInt("count", n);
        w.EndObject();
      }
  w.EndArray();
  w.EndObject();
  return std::move(w).Take();
}

std::string Percent(int64_t part, int64_t whole) {
  return whole == 0 ? "–" : fmt::format("{:.1f}%", 100.0 * part / whole);
}

void PrintTable(std::string_view title, const std::map<std::string, int64_t>& m, int64_t total) {
  fmt::print("\n## {}\n\n| | Count | Share |\n|---|---:|---:|\n", title);
  std::vector<std::pair<std::string, int64_t>> rows(m.begin(), m.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [k, v] : rows) fmt::print("| {} | {} | {} |\n", k, v, Percent(v, total));
}

void PrintMarkdown(const store::DayDigest& d) {
  fmt::print("# PAKN digest for {} (Asia/Ho_Chi_Minh)\n\n", d.day);
  fmt::print("- Received: **{}** petitions\n", d.received);
  fmt::print("- Rejected as malformed: **{}** messages\n", d.rejected);
  PrintTable("By agency", d.by_agency, d.received);
  PrintTable("By topic", d.by_topic, d.received);
  PrintTable("By status", d.by_status, d.received);
  if (!d.rejected_by_code.empty()) PrintTable("Rejections by reason", d.rejected_by_code, d.rejected);
}

bool SameDigest(const store::DayDigest& a, const store::DayDigest& b) {
  return a.received == b.received && a.rejected == b.rejected && a.grid == b.grid &&
         a.rejected_by_code == b.rejected_by_code;
}

}  // namespace

int RunDigest(const DigestCommand& cmd) {
  if (cmd.format != "md" && cmd.format != "json")
    return Fail("--format: expected md or json", 2);
  int64_t now = SystemClock().NowMillis();
  if (!cmd.now.empty()) {
    auto parsed = ParseRfc3339(cmd.now);
    if (!parsed.ok()) return Fail(fmt::format("--now: {}", parsed.status().message()), 2);
    now = *parsed;
  }
  std::string day = cmd.date;
  if (day == "today") day = LocalDate(now);
  else if (day == "yesterday") day = LocalDate(now - kMillisPerDay);
  else if (!ParseLocalDate(day).ok())
    return Fail(fmt::format("--date: expected YYYY-MM-DD, today or yesterday, got '{}'", day), 2);

  auto store = OpenReaderAt(cmd.where);
  if (!store.ok()) return Fail(store.status().message());
  auto digest = store::ComputeDayDigest(**store, day);
  if (!digest.ok()) return Fail(digest.status().message());
  if (cmd.verify) {
    auto recomputed = store::RecomputeDayDigest(**store, day);
    if (!recomputed.ok()) return Fail(recomputed.status().message());
    if (!SameDigest(*digest, *recomputed)) {
      std::cerr << "pakn digest --verify: MISMATCH for " << day << "\ncounters:   "
                << DigestJson(*digest) << "\nrecomputed: " << DigestJson(*recomputed) << "\n";
      return 1;
    }
    std::cerr << "pakn digest --verify: counters equal a full recomputation for " << day
              << " (" << digest->received << " petitions, " << digest->rejected
              << " rejections)\n";
  }
  if (cmd.format == "json") std::cout << DigestJson(*digest) << "\n";
  else PrintMarkdown(*digest);
  return 0;
}

}  // namespace pakn::apps
