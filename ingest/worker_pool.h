// WorkerPool: a fixed set of threads that run one parallel loop at a time, for the pure
// per-message work of a batch (parse, normalize, route). The caller blocks until every index
// is done, so results come back in offset order without a queue.
//
//   pool.ParallelFor(n, [&](size_t i, int worker) { out[i] = Process(in[i], state[worker]); });
//
// `worker` (0..size()-1) lets each thread keep its own scratch state (a simdjson parser).
// Thread safety: ParallelFor must not be called concurrently; fn runs on many threads.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace pakn {

class WorkerPool {
 public:
  // `threads` >= 1; the calling thread works too, so threads - 1 are started.
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int size() const { return threads_; }
  void ParallelFor(size_t n, const std::function<void(size_t, int)>& fn);

 private:
  void Run(int worker);
  void Work(int worker);

  const int threads_;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable start_cv_;
  std::condition_variable done_cv_;
  // Guarded by mu_:
  const std::function<void(size_t, int)>* fn_ = nullptr;
  size_t n_ = 0;
  size_t next_ = 0;
  uint64_t generation_ = 0;
  int busy_ = 0;
  bool stop_ = false;
};

}  // namespace pakn
