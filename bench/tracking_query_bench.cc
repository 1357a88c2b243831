// Operator query latency on a large store (issue 5): builds (or reuses) a store of N petitions
// (default 1,000,000) with a realistic tracking history, then measures, through a reader
// (RocksDB secondary instance, as `pakn query` and `pakn show` use), the latency of:
//   - an agency's overdue list, first page (50, due-date order) and the whole list;
//   - the progress-update-due list of an agency;
//   - an officer's open petitions (--assigned-to);
//   - `show`: one record with its history;
//   - opening the reader (what each CLI call pays once).
// Prints p50 / p99 / max per query. Run from the bench preset:
//
//   scripts/build bench
//   build/bench/bench/tracking_query_bench --petitions 1000000 --dir /tmp/pakn-1m [--keep]
//
// The store is built with store::Applier directly (no Kafka; the write path is ingest's),
// 2,000 petitions per WriteBatch, then tracking events for most of them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "base/time.h"
#include "fmt/format.h"
#include "store/applier.h"
#include "store/query.h"
#include "store/store.h"

namespace {

using Steady = std::chrono::steady_clock;
using namespace pakn;
using namespace pakn::store;

constexpr const char* kAgencies[] = {"SO-XD", "SO-NNMT", "CONG-AN", "SO-CT", "SO-YT",
                                     "SO-GDDT", "BHXH", "SO-NV", "UBND-XA", "VP-UBND",
                                     "SO-TC", "SO-KHCN", "SO-VHTTDL", "THANH-TRA", "SO-TP",
                                     "UBND-P1", "UBND-P2", "UBND-P3", "UBND-P4", "UBND-P5"};
constexpr const char* kTopics[] = {"dat_dai", "xay_dung", "giao_thong", "moi_truong",
                                   "an_ninh_trat_tu", "y_te", "giao_duc", "lao_dong",
                                   "dien_nuoc", "hanh_chinh"};
constexpr int64_t kStartMs = 1'767'200'400'000;  // 2026-01-01T00:00:00+07:00
constexpr int64_t kNowMs = kStartMs + 330 * kMillisPerDay;  // late November 2026

std::string Id(uint64_t i) { return fmt::format("BENCH-{:08}", i); }

struct Percentiles {
  double p50, p99, max;
  size_t n;
};

Percentiles Summarise(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[std::min(us.size() - 1, size_t(q * (us.size() - 1)))]; };
  return {at(0.5), at(0.99), us.back(), us.size()};
}

void Print(const char* what, const Percentiles& p, const std::string& extra = "") {
  fmt::print("{:<44} {:>9.3f} {:>9.3f} {:>9.3f} {:>7}  {}\n", what, p.p50 / 1000, p.p99 / 1000,
             p.max / 1000, p.n, extra);
}

int Build(const std::string& dir, uint64_t n) {
  auto store = Store::OpenPrimary(dir, {});
  if (!store.ok()) {
    fmt::print(stderr, "{}\n", store.status().message());
    return 1;
  }
  track::DeadlinePolicy policy;
  policy.progress_update_days = 7;
  Applier applier(store->get(), TrackingContext{nullptr, {policy}});
  std::mt19937_64 rng(42);
  const std::string content(900, 'x');
  std::vector<std::string> payloads;
  const auto started = Steady::now();
  constexpr uint64_t kBatch = 2000;
  uint64_t events = 0;
  for (uint64_t base = 0; base < n; base += kBatch) {
    std::vector<BatchItem> items;
    payloads.clear();
    payloads.reserve(kBatch);
    const uint64_t end = std::min(n, base + kBatch);
    for (uint64_t i = base; i < end; ++i) {
      IncomingPetition in;
      in.position = {"bench.petitions", static_cast<int32_t>(i % 6), static_cast<int64_t>(i / 6)};
      // Submissions spread over 330 days, in order, as a year of intake would be.
      const int64_t submitted = kStartMs + int64_t(i * (330.0 * kMillisPerDay / n));
      in.received_ms = submitted;
      payloads.push_back(fmt::format("{{\"id\":\"{}\",\"content\":\"{}\"}}", Id(i), content));
      in.payload = payloads.back();
      in.petition.id = Id(i);
      in.petition.channel = "web";
      in.petition.submitted_at = LocalDateTime(submitted);
      in.petition.submitted_at_ms = submitted;
      in.petition.title = "Phản ánh về tình trạng ổ gà trên đường";
      in.petition.content = content;
      in.search_key = "phan anh ve tinh trang o ga tren duong";
      in.route = {"r", kAgencies[rng() % 20], kTopics[rng() % 10], "normal", 20, "o ga", "v"};
      in.due_ms = submitted + 20 * kMillisPerDay;
      items.push_back(std::move(in));
    }
    // Tracking events: the older a petition, the further along. Most are answered; a few
    // percent stay open past their deadline (the overdue backlog).
    for (uint64_t i = base; i < end; ++i) {
      const uint64_t r = rng() % 1000;
      const int64_t submitted = kStartMs + int64_t(i * (330.0 * kMillisPerDay / n));
      const int64_t age_days = (kNowMs - submitted) / kMillisPerDay;
      int steps = age_days > 25 ? (r < 25 ? 2 : r < 40 ? 3 : 4) : age_days > 10 ? 3 : 1;
      static constexpr Action kSteps[] = {Action::kAccept, Action::kAssign, Action::kStart,
                                          Action::kRespond};
      for (int s = 0; s < steps; ++s) {
        IncomingEvent ev;
        ev.position = {"bench.events", static_cast<int32_t>(i % 3),
                       static_cast<int64_t>(events)};
        TrackingEvent& e = ev.event;
        e.event_id = fmt::format("{}-{}", Id(i), s);
        e.petition_id = Id(i);
        e.type = kSteps[s];
        e.at_ms = submitted + (s + 1) * 2 * kMillisPerDay;
        e.at = LocalDateTime(e.at_ms);
        e.actor = "bench";
        if (e.type == Action::kAssign) {
          e.agency = kAgencies[rng() % 20];
          e.assignee = fmt::format("cb.{:03}", rng() % 400);
        }
        if (e.type == Action::kRespond) {
          e.has_response = true;
          e.response.text = "Đã xử lý";
        }
        ev.received_ms = e.at_ms;
        ++events;
        items.push_back(std::move(ev));
      }
    }
    auto stats = applier.Apply(items);
    if (!stats.ok()) {
      fmt::print(stderr, "{}\n", stats.status().message());
      return 1;
    }
    if ((base / kBatch) % 50 == 0)
      fmt::print(stderr, "\r{} petitions, {} events", end, events);
  }
  const double s = std::chrono::duration<double>(Steady::now() - started).count();
  fmt::print(stderr, "\nbuilt {} petitions and {} events in {:.1f} s ({:.0f} petitions/s)\n", n,
             events, s, n / s);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t n = 1'000'000;
  std::string dir = "/tmp/pakn-bench-1m";
  bool keep = false;
  int samples = 300;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--petitions" && i + 1 < argc) n = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--dir" && i + 1 < argc) dir = argv[++i];
    else if (a == "--samples" && i + 1 < argc) samples = std::atoi(argv[++i]);
    else if (a == "--keep") keep = true;
    else {
      fmt::print(stderr, "usage: tracking_query_bench [--petitions N] [--dir DIR] [--samples K] "
                         "[--keep]\n  unknown argument '{}'\n", a);
      return 2;
    }
  }
  const bool exists = std::filesystem::exists(dir + "/CURRENT");
  if (!exists || !keep) {
    std::filesystem::remove_all(dir);
    if (int rc = Build(dir, n); rc != 0) return rc;
  } else {
    fmt::print(stderr, "reusing the store in {} (--keep)\n", dir);
  }

  std::vector<double> open_us;
  std::unique_ptr<Store> reader;
  for (int i = 0; i < 5; ++i) {
    const auto t = Steady::now();
    auto r = Store::OpenReader(dir);
    open_us.push_back(std::chrono::duration<double, std::micro>(Steady::now() - t).count());
    if (!r.ok()) {
      fmt::print(stderr, "{}\n", r.status().message());
      return 1;
    }
    reader = std::move(*r);
  }

  std::mt19937_64 rng(7);
  auto time_query = [&](PetitionQuery q, size_t* rows) {
    const auto t = Steady::now();
    size_t count = 0;
    auto r = RunQuery(*reader, q, [&](const StoredPetition&) {
      ++count;
      return true;
    });
    const double us = std::chrono::duration<double, std::micro>(Steady::now() - t).count();
    if (!r.ok()) {
      fmt::print(stderr, "{}\n", r.status().message());
      std::exit(1);
    }
    *rows += count;
    return us;
  };

  fmt::print("\n{} petitions in {}; now = {}\n", n, dir, LocalDateTime(kNowMs));
  fmt::print("{:<44} {:>9} {:>9} {:>9} {:>7}\n", "query (ms)", "p50", "p99", "max", "runs");
  std::vector<double> page, full, updates, mine, show, global;
  size_t page_rows = 0, full_rows = 0, update_rows = 0, mine_rows = 0, global_rows = 0;
  for (int i = 0; i < samples; ++i) {
    PetitionQuery q;
    q.overdue = true;
    q.now_ms = kNowMs;
    q.agency = kAgencies[rng() % 20];
    q.limit = 50;
    page.push_back(time_query(q, &page_rows));
    q.limit = 0;
    full.push_back(time_query(q, &full_rows));
    PetitionQuery u;
    u.progress_update_due = true;
    u.now_ms = kNowMs;
    u.agency = kAgencies[rng() % 20];
    updates.push_back(time_query(u, &update_rows));
    PetitionQuery m;
    m.assignee = fmt::format("cb.{:03}", rng() % 400);
    m.now_ms = kNowMs;
    mine.push_back(time_query(m, &mine_rows));
    const std::string id = Id(rng() % n);
    const auto t = Steady::now();
    auto rec = reader->GetPetition(id);
    auto history = reader->History(id);
    show.push_back(std::chrono::duration<double, std::micro>(Steady::now() - t).count());
    if (!rec.ok() || !*rec || !history.ok()) {
      fmt::print(stderr, "show {} failed\n", id);
      return 1;
    }
  }
  for (int i = 0; i < std::max(10, samples / 10); ++i) {
    PetitionQuery g;
    g.overdue = true;
    g.now_ms = kNowMs;
    g.limit = 50;
    global.push_back(time_query(g, &global_rows));
  }
  Print("open a reader (once per CLI call)", Summarise(open_us));
  Print("agency overdue list, first 50", Summarise(page),
        fmt::format("{:.0f} rows/query", double(page_rows) / samples));
  Print("agency overdue list, whole", Summarise(full),
        fmt::format("{:.0f} rows/query", double(full_rows) / samples));
  Print("agency progress-update-due list, whole", Summarise(updates),
        fmt::format("{:.0f} rows/query", double(update_rows) / samples));
  Print("officer's open petitions (--assigned-to)", Summarise(mine),
        fmt::format("{:.0f} rows/query", double(mine_rows) / samples));
  Print("all agencies overdue, first 50", Summarise(global),
        fmt::format("{:.0f} rows/query", double(global_rows) / global.size()));
  Print("show: record + history", Summarise(show));
  reader.reset();
  if (!keep) std::filesystem::remove_all(dir);
  return 0;
}
