// Digest latency against store size (issue 6): builds (or reuses) a store of N petitions with
// a tracking history, then times store::ComputeDigest through a reader (RocksDB secondary
// instance, as `pakn digest` opens it) for one day and for a 30-day range. The digest reads
// counters, so its time should depend on the groups in the days asked for and on the open
// backlog, not on N.
//
//   build/bench/bench/digest_bench --petitions 1000000 --dir /tmp/pakn-digest-1m
//   build/bench/bench/digest_bench --petitions 10000000 --dir /tmp/pakn-digest-10m
//
// Both stores receive the same number of petitions a day (--per-day, default 3,000: a large
// province's volume), so the bigger store is a longer history, as a store grows in practice.
// The history is tests/digest/random_history.h: 97% go down the main line to closed, the rest
// take a random walk; what is still open 120 days after submission is then answered (late).
// Prints p50 and max over --runs runs of each digest, and the cost of opening the reader.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "fmt/format.h"
#include "store/applier.h"
#include "store/digest.h"
#include "store/store.h"
#include "tests/digest/random_history.h"

namespace {

using Steady = std::chrono::steady_clock;
using namespace pakn;

constexpr int64_t kStartMs = 1'420'045'200'000;  // 2015-01-01T00:00:00+07:00

struct Args {
  uint64_t petitions = 1'000'000;
  uint64_t per_day = 3000;
  std::string dir;
  int runs = 20;
};

int Usage(std::string_view why) {
  fmt::print(stderr,
             "digest_bench: {}\nusage: digest_bench --dir DIR [--petitions N] [--per-day N] "
             "[--runs N]\n",
             why);
  return 2;
}

int64_t NowOf(const Args& a) {
  const int days = static_cast<int>((a.petitions + a.per_day - 1) / a.per_day);
  return kStartMs + int64_t{days} * kMillisPerDay + 8 * 3'600'000;  // 08:00 the day after
}

int Build(const Args& a) {
  auto store = store::Store::OpenPrimary(a.dir, {});
  if (!store.ok()) {
    fmt::print(stderr, "{}\n", store.status().message());
    return 1;
  }
  const int days = static_cast<int>((a.petitions + a.per_day - 1) / a.per_day);
  store::Applier applier(store->get(),
                         store::TrackingContext{nullptr, digest_testing::HistoryPolicies()});
  digest_testing::RandomHistory history({.petitions = a.petitions,
                                         .seed = 42,
                                         .start_ms = kStartMs,
                                         .days = days,
                                         .end_ms = NowOf(a),
                                         .oddities = false,
                                         .batch = 2000,
                                         .content_bytes = 300,
                                         .max_steps = 6,
                                         .complete_share = 0.97,
                                         .resolve_after_days = 120});
  const auto started = Steady::now();
  uint64_t last = 0;
  Status s = history.Write(applier, [&](uint64_t done, uint64_t events) {
    if (done - last >= 100'000 || done == a.petitions) {
      last = done;
      const double secs = std::chrono::duration<double>(Steady::now() - started).count();
      fmt::print(stderr, "\r{} petitions, {} events, {:.0f} s", done, events, secs);
    }
  });
  if (!s.ok()) {
    fmt::print(stderr, "\n{}\n", s.message());
    return 1;
  }
  const double secs = std::chrono::duration<double>(Steady::now() - started).count();
  fmt::print(stderr, "\nbuilt {} petitions ({} events) over {} days in {:.0f} s\n", a.petitions,
             history.events_written(), days, secs);
  return 0;
}

double Millis(Steady::time_point since) {
  return std::chrono::duration<double, std::milli>(Steady::now() - since).count();
}

int Measure(const Args& a) {
  const int64_t now = NowOf(a);
  const std::string last_day = LocalDate(now - kMillisPerDay);
  auto open_started = Steady::now();
  auto reader = store::Store::OpenReader(a.dir);
  if (!reader.ok()) {
    fmt::print(stderr, "{}\n", reader.status().message());
    return 1;
  }
  const double open_ms = Millis(open_started);
  fmt::print("store {} ({} petitions), as of {}\n", a.dir, a.petitions, LocalDateTime(now));
  fmt::print("{:<40} {:>10} {:>10}  {}\n", "digest", "p50 ms", "max ms", "figures");
  struct Case {
    const char* name;
    std::string from, to, agency;
  };
  const Case cases[] = {
      {"one day, all agencies", last_day, last_day, ""},
      {"30 days, all agencies", store::AddDays(last_day, -29), last_day, ""},
      {"one day, one agency (SO-XD)", last_day, last_day, "SO-XD"},
  };
  for (const Case& c : cases) {
    std::vector<double> ms;
    store::Digest d;
    for (int r = 0; r < a.runs; ++r) {
      const auto started = Steady::now();
      auto digest = store::ComputeDigest(
          **reader, store::DigestRequest{.from_day = c.from, .to_day = c.to, .agency = c.agency,
                                         .now_ms = now});
      ms.push_back(Millis(started));
      if (!digest.ok()) {
        fmt::print(stderr, "{}\n", digest.status().message());
        return 1;
      }
      d = std::move(*digest);
    }
    std::sort(ms.begin(), ms.end());
    fmt::print("{:<40} {:>10.1f} {:>10.1f}  received {}, answered {}, open {}, overdue {}\n",
               c.name, ms[ms.size() / 2], ms.back(), d.period.received,
               d.period.Event("answered"), d.backlog.open, d.backlog.overdue);
  }
  fmt::print("{:<40} {:>10.1f}\n", "opening the reader (once per command)", open_ms);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) return Usage(fmt::format("{} needs a value", arg));
    const char* v = argv[++i];
    if (arg == "--petitions") {
      a.petitions = std::strtoull(v, nullptr, 10);
    } else if (arg == "--per-day") {
      a.per_day = std::strtoull(v, nullptr, 10);
    } else if (arg == "--dir") {
      a.dir = v;
    } else if (arg == "--runs") {
      a.runs = std::atoi(v);
    } else {
      return Usage(fmt::format("unknown option {}", arg));
    }
  }
  if (a.dir.empty()) return Usage("--dir is required");
  if (a.petitions == 0 || a.per_day == 0 || a.runs < 1)
    return Usage("--petitions, --per-day and --runs must be positive");
  // A store is reused only when a build of the same size finished in it.
  const std::filesystem::path done = std::filesystem::path(a.dir) / "digest_bench.built";
  const std::string stamp = fmt::format("{} {}\n", a.petitions, a.per_day);
  std::string found;
  if (std::FILE* f = std::fopen(done.c_str(), "r")) {
    char buf[64] = {};
    found = std::fgets(buf, sizeof buf, f) ? buf : "";
    std::fclose(f);
  }
  if (found != stamp) {
    std::filesystem::remove_all(a.dir);
    if (int rc = Build(a); rc != 0) return rc;
    std::FILE* f = std::fopen(done.c_str(), "w");
    if (f) {
      std::fputs(stamp.c_str(), f);
      std::fclose(f);
    }
  } else {
    fmt::print(stderr, "reusing the store in {}\n", a.dir);
  }
  return Measure(a);
}
