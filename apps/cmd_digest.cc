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
#include <memory>
#include <set>

#include "apps/cli.h"
#include "apps/commands.h"
#include "apps/reader_common.h"
#include "apps/tracking_setup.h"
#include "base/time.h"
#include "config/config.h"
#include "digest/digest_render.h"
#include "fmt/format.h"
#include "service/readers.h"
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

Status WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    fmt::print(stdout, "{}", text);
    if (!text.empty() && text.back() != '\n') fmt::print(stdout, "\n");
    return std::fflush(stdout) == 0 && !std::ferror(stdout)
               ? OkStatus()
               : UnavailableError("cannot write to standard output");
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
    return Fail(InvalidArgumentError(
        fmt::format("--format: expected json, csv, md or html; got '{}'", cmd.format)));
  if (cmd.lang != "vi" && cmd.lang != "en")
    return Fail(InvalidArgumentError(fmt::format("--lang: expected vi or en; got '{}'", cmd.lang)));
  if (std::error_code ec; std::filesystem::is_directory(cmd.out, ec))
    return Fail(InvalidArgumentError(
        fmt::format("--out: '{}' is a folder, expected a file name", cmd.out)));
  auto now = ParseNow(cmd.now);
  if (!now.ok()) return Fail(InvalidArgumentError(now.status().message()));
  auto days = DaysOf(cmd, *now);
  if (!days.ok()) return Fail(InvalidArgumentError(days.status().message()));
  store::DigestRequest request{.from_day = days->first, .to_day = days->second,
                               .agency = cmd.agency, .now_ms = *now};
  if (Status s = store::ValidateDigestRequest(request); !s.ok())
    return Fail(InvalidArgumentError(fmt::format("--date/--from/--to/--agency: {}", s.message())));

  // The config names the broker (--publish) and the taxonomy (topic and agency names); without
  // one, the digest shows codes.
  std::optional<PaknConfig> config;
  if (auto loaded = LoadConfig(cmd.where.config_path); loaded.ok()) {
    config = std::move(*loaded);
  } else if (cmd.publish) {  // checked before any work: a bad config stops at start
    return Fail(InvalidArgumentError(fmt::format("--publish: {}", loaded.status().message())));
  }
  if (cmd.publish && config->kafka.brokers.empty())
    return Fail(InvalidArgumentError(
        fmt::format("--publish: kafka.brokers is empty in {}", cmd.where.config_path)));

  auto store = service::OpenReader(cmd.where);
  if (!store.ok()) return Fail(store.status());
  auto report =
      service::MakeDigest(**store, request, cmd.lang, config ? config->classify.rules_path : "");
  if (!report.ok()) return Fail(report.status());
  if (!report->names_problem.empty())
    fmt::print(stderr, "pakn digest: topic and agency names unavailable, codes are shown: {}\n",
               report->names_problem);
  const store::Digest& d = report->digest;
  if (cmd.verify) {
    auto diff = service::VerifyDigest(**store, d);
    if (!diff.ok()) return Fail(diff.status());
    if (!diff->empty()) {
      fmt::print(stderr,
                 "pakn digest --verify: MISMATCH between the counters and the records for {} "
                 "(counters vs records):\n{}\n",
                 digest::DigestKey(d), *diff);
      return ExitCode(DataLossError("the counters differ from the records"));
    }
    fmt::print(
        stderr,
        "pakn digest --verify: counters equal a full recomputation for {} ({} received, {} open)\n",
        digest::DigestKey(d), d.period.received, d.backlog.open);
  }

  digest::DigestView view{&d, cmd.lang, report->names};
  if (cmd.publish) {
    auto where = service::PublishDigest(config->kafka, cmd.topic, digest::DigestKey(d),
                                        digest::RenderDigestJson(view));
    if (!where.ok()) return Fail(AsWorkFailure(where.status()));
    fmt::print(stderr, "pakn digest: published {} to {}\n", digest::DigestKey(d), *where);
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
  if (Status s = WriteOutput(cmd.out, text); !s.ok()) return Fail(AsWorkFailure(s));
  return 0;
}

std::vector<Command> AddDigestCommand(CLI::App& app) {
  auto held = std::make_shared<DigestCommand>();
  DigestCommand& digest = *held;
  auto* s_digest =
      app.add_subcommand("digest", "the leaders' report for a day or a range (docs/digest.md)");
  AddStoreOptions(s_digest, digest.where);
  auto* o_date = s_digest->add_option("--date", digest.date, "YYYY-MM-DD, today or yesterday");
  s_digest->add_option("--from", digest.from, "first day of a range, YYYY-MM-DD")->excludes(o_date);
  s_digest->add_option("--to", digest.to, "last day of a range, YYYY-MM-DD")->excludes(o_date);
  s_digest->add_option("--agency", digest.agency, "only this agency (code)");
  s_digest->add_option("--format", digest.format, "json, csv, md or html")->capture_default_str();
  s_digest->add_option("--out", digest.out, "write to this file (default: stdout)");
  s_digest->add_option("--lang", digest.lang, "labels: vi or en")->capture_default_str();
  s_digest->add_flag("--verify", digest.verify,
                     "recompute from the records and fail unless the counters agree");
  auto* f_publish = s_digest->add_flag("--publish", digest.publish,
                                       "produce the JSON digest to Kafka, keyed by date and scope");
  s_digest->add_option("--topic", digest.topic, "the topic --publish produces to")
      ->capture_default_str()
      ->needs(f_publish);
  s_digest->add_option("--now", digest.now, "the current time (RFC 3339), for reproducible runs");

  return {{s_digest, [held] { return RunDigest(*held); }}};
}

}  // namespace pakn::apps
