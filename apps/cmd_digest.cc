// pakn digest: the leaders' report for a day or a range of days (store/digest.h computes it
// from the counters; apps/digest_*.cc render it; docs/digest.md defines every figure).
//
//   pakn digest --date yesterday --format html --out bao-cao.html
//   pakn digest --from 2026-11-01 --to 2026-11-30 --agency SO-XD --format csv
//   pakn digest --date 2026-11-25 --verify     # recompute from the records; exit 1 on mismatch
//   pakn digest --date yesterday --publish     # the JSON to Kafka, keyed by date and scope
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "apps/commands.h"
#include "apps/digest_publish.h"
#include "digest/digest_render.h"
#include "apps/reader_common.h"
#include "apps/tracking_setup.h"
#include "base/time.h"
#include "classify/normalizer.h"
#include "classify/places.h"
#include "config/config.h"
#include "fmt/format.h"
#include "store/digest.h"

namespace pakn::apps {
namespace {

// The days asked for: --date (a day, today or yesterday) or --from/--to.
StatusOr<std::pair<std::string, std::string>> DaysOf(const DigestCommand& cmd, int64_t now) {
  const bool range = !cmd.from.empty() || !cmd.to.empty();
  if (range && !cmd.date.empty())
    return InvalidArgumentError("--date and --from/--to: give one or the other");
  if (!range && cmd.date.empty())
    return InvalidArgumentError(
        "say which days: --date YYYY-MM-DD|yesterday|today, or --from YYYY-MM-DD --to "
        "YYYY-MM-DD");
  if (!range) {
    std::string day = cmd.date;
    if (day == "today") {
      day = LocalDate(now);
    } else if (day == "yesterday") {
      day = LocalDate(now - kMillisPerDay);
    } else if (!ParseLocalDate(day).ok()) {
      return InvalidArgumentError(
          fmt::format("--date: expected YYYY-MM-DD, today or yesterday, got '{}'", day));
    }
    return std::pair{day, day};
  }
  if (cmd.from.empty() || cmd.to.empty())
    return InvalidArgumentError("--from and --to: give both (the first and the last day)");
  for (const auto& [option, value] : {std::pair{"--from", &cmd.from}, std::pair{"--to", &cmd.to}})
    if (!ParseLocalDate(*value).ok())
      return InvalidArgumentError(
          fmt::format("{}: expected a date YYYY-MM-DD, got '{}'", option, *value));
  if (cmd.from > cmd.to)
    return InvalidArgumentError(
        fmt::format("--from {} is after --to {}: the range must not be empty", cmd.from, cmd.to));
  return std::pair{cmd.from, cmd.to};
}

// Names of the codes the digest shows: provinces from the compiled-in 2025 units, topics and
// agencies from the routing taxonomy of the config (when there is one).
digest::DigestNames NamesFor(const store::Digest& d, const DigestCommand& cmd) {
  digest::DigestNames names;
  std::set<std::string> provinces;
  for (const store::PeriodFigures* f : {&d.period, &d.previous, &d.week_before})
    for (const auto& [code, n] : f->by_province) provinces.insert(code);
  digest::AddProvinceNames(provinces, names);
  if (!cmd.where.config_path.empty()) {
    auto config = LoadConfig(cmd.where.config_path);
    if (config.ok()) {
      Status s = digest::LoadTaxonomyNames(config->classify.rules_path, cmd.lang, names);
      if (!s.ok())
        std::cerr << "pakn digest: topic and agency names unavailable, codes are shown: "
                  << s.message() << "\n";
    }
  }
  return names;
}

Status WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    if (!text.empty() && text.back() != '\n') std::cout << "\n";
    return std::cout.flush() ? OkStatus() : UnavailableError("cannot write to standard output");
  }
  std::error_code ec;
  // Written beside the target and renamed: a reader never sees half a digest. The temporary
  // file is removed whenever the rename does not happen.
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out)
      return InvalidArgumentError(
          fmt::format("--out: cannot create '{}': {}", tmp, std::strerror(errno)));
    out << text;
    if (!out.flush()) {
      const std::string reason = std::strerror(errno);
      std::filesystem::remove(tmp, ec);
      return UnavailableError(fmt::format("--out: cannot write '{}': {}", tmp, reason));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::filesystem::remove(tmp, ec);
    return UnavailableError(
        fmt::format("--out: cannot rename '{}' to '{}': {}", tmp, path, reason));
  }
  return OkStatus();
}

}  // namespace

int RunDigest(const DigestCommand& cmd) {
  static const std::set<std::string> kFormats = {"json", "csv", "md", "html"};
  if (!kFormats.count(cmd.format))
    return Fail(fmt::format("--format: expected json, csv, md or html; got '{}'", cmd.format), 2);
  if (cmd.lang != "vi" && cmd.lang != "en")
    return Fail(fmt::format("--lang: expected vi or en; got '{}'", cmd.lang), 2);
  if (std::error_code ec; std::filesystem::is_directory(cmd.out, ec))
    return Fail(fmt::format("--out: '{}' is a folder, expected a file name", cmd.out), 2);
  auto now = ParseNow(cmd.now);
  if (!now.ok()) return Fail(now.status().message(), 2);
  auto days = DaysOf(cmd, *now);
  if (!days.ok()) return Fail(days.status().message(), 2);
  store::DigestRequest request{.from_day = days->first, .to_day = days->second,
                               .agency = cmd.agency, .now_ms = *now};
  if (Status s = store::ValidateDigestRequest(request); !s.ok())
    return Fail(fmt::format("--date/--from/--to/--agency: {}", s.message()), 2);

  std::optional<PaknConfig> config;
  if (cmd.publish) {  // checked before any work: a bad config stops at start
    auto loaded = LoadConfig(cmd.where.config_path);
    if (!loaded.ok()) return Fail(fmt::format("--publish: {}", loaded.status().message()), 2);
    if (loaded->kafka.brokers.empty())
      return Fail(fmt::format("--publish: kafka.brokers is empty in {}", cmd.where.config_path),
                  2);
    config = std::move(*loaded);
  }

  auto store = OpenReaderAt(cmd.where);
  if (!store.ok()) return FailOpen(store.status());
  auto digest = store::ComputeDigest(**store, request);
  if (!digest.ok()) return Fail(digest.status().message());
  if (cmd.verify) {
    auto recomputed = store::RecomputeDigest(**store, request);
    if (!recomputed.ok()) return Fail(recomputed.status().message());
    if (std::string diff = store::DescribeDifference(*digest, *recomputed); !diff.empty()) {
      std::cerr << "pakn digest --verify: MISMATCH between the counters and the records for "
                << digest::DigestKey(*digest) << " (counters vs records):\n"
                << diff << "\n";
      return 1;
    }
    std::cerr << "pakn digest --verify: counters equal a full recomputation for "
              << digest::DigestKey(*digest) << " (" << digest->period.received << " received, "
              << digest->backlog.open << " open)\n";
  }

  digest::DigestView view{&*digest, cmd.lang, NamesFor(*digest, cmd)};
  if (cmd.publish) {
    std::string where;
    if (Status s = PublishDigest(config->kafka, cmd.topic, digest::DigestKey(*digest),
                                 digest::RenderDigestJson(view), &where);
        !s.ok())
      return Fail(s.message());
    std::cerr << "pakn digest: published " << digest::DigestKey(*digest) << " to " << where << "\n";
    if (cmd.out.empty()) return 0;  // publishing is the output unless --out asks for a file
  }
  std::string text;
  if (cmd.format == "json") {
    text = digest::RenderDigestJson(view);
  } else if (cmd.format == "csv") {
    text = digest::RenderDigestCsv(view);
  } else if (cmd.format == "html") {
    text = digest::RenderDigestHtml(view);
  } else {
    text = digest::RenderDigestMarkdown(view);
  }
  if (Status s = WriteOutput(cmd.out, text); !s.ok())
    return Fail(s.message(), s.code() == StatusCode::kInvalidArgument ? 2 : 1);
  return 0;
}

}  // namespace pakn::apps
