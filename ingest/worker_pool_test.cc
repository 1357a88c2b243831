#include "ingest/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

namespace pakn::ingest {
namespace {

TEST(WorkerPoolTest, VisitsEveryIndexExactlyOnce) {
  WorkerPool pool(4);
  for (size_t n : {0u, 1u, 15u, 16u, 17u, 1000u}) {
    std::vector<std::atomic<int>> hits(n);
    pool.ParallelFor(n, [&](size_t i, int) { hits[i]++; });
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(hits[i].load(), 1) << "n=" << n << " i=" << i;
  }
}

TEST(WorkerPoolTest, WorkerIdsAreInRange) {
  WorkerPool pool(3);
  std::atomic<int> bad{0};
  pool.ParallelFor(500, [&](size_t, int w) {
    if (w < 0 || w >= 3) bad++;
  });
  EXPECT_EQ(bad.load(), 0);
}

TEST(WorkerPoolTest, SingleThreadPoolRunsOnCaller) {
  WorkerPool pool(1);
  const auto caller = std::this_thread::get_id();
  std::set<std::thread::id> seen;
  pool.ParallelFor(50, [&](size_t, int) { seen.insert(std::this_thread::get_id()); });
  EXPECT_EQ(seen, std::set<std::thread::id>{caller});
}

}  // namespace
}  // namespace pakn::ingest

namespace pakn::ingest {
namespace {

TEST(WorkerPoolTest, StartReturnsAndWaitFinishesEverything) {
  for (bool caller_works : {true, false}) {
    WorkerPool pool(2, caller_works);
    std::vector<std::atomic<int>> hits(5000);
    const auto caller = std::this_thread::get_id();
    std::atomic<int> on_caller{0};
    pool.Start(hits.size(), [&](size_t i, int) {
      hits[i]++;
      if (std::this_thread::get_id() == caller) on_caller++;
    });
    pool.Wait();
    for (size_t i = 0; i < hits.size(); ++i) ASSERT_EQ(hits[i].load(), 1) << i;
    EXPECT_EQ(on_caller.load(), 0) << "Start leaves the caller free";
  }
}

// WaitFor: false while the loop runs (a worker holds it on a flag), true once it is done.
TEST(WorkerPoolTest, WaitForReportsWhetherTheLoopIsDone) {
  WorkerPool pool(2, /*caller_works=*/false);
  std::atomic<bool> release{false};
  std::atomic<int> done{0};
  pool.Start(4, [&](size_t i, int) {
    if (i == 0)
      while (!release.load()) std::this_thread::yield();
    done.fetch_add(1);
  });
  EXPECT_FALSE(pool.WaitFor(std::chrono::milliseconds(20)));
  release = true;
  while (!pool.WaitFor(std::chrono::milliseconds(20))) {
  }
  EXPECT_EQ(done.load(), 4);
  EXPECT_TRUE(pool.WaitFor(std::chrono::milliseconds(0)));
}

TEST(WorkerPoolTest, BackToBackLoopsDoNotMix) {
  WorkerPool pool(2, /*caller_works=*/false);
  for (int round = 0; round < 200; ++round) {
    std::vector<int> out(64, -1);
    pool.Start(out.size(), [&out, round](size_t i, int) { out[i] = round; });
    pool.Wait();
    for (int v : out) ASSERT_EQ(v, round);
  }
}

}  // namespace
}  // namespace pakn::ingest
