#include "ingest/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

namespace pakn {
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
}  // namespace pakn
