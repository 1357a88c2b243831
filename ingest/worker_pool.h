// WorkerPool: a fixed set of threads that run one parallel loop at a time, for the pure
// per-message work of a batch (parse, normalize, route). Results land at their index, so they
// come back in offset order without a queue.
//
//   pool.ParallelFor(n, [&](size_t i, int worker) { out[i] = Process(in[i], state[worker]); });
//
//   pool.Start(n, fn);   // returns at once: the pool's threads work while the caller writes
//   ...                  // the previous batch to the store
//   pool.Wait();
//
// `worker` (0..size()-1) lets each thread keep its own scratch state (a simdjson parser).
// With `caller_works` the calling thread of ParallelFor works too (as worker size()-1); Start
// always leaves the caller free.
// Thread safety: ParallelFor/Start/Wait are called from one thread, one loop at a time; fn runs
// on many threads and must outlive Wait(). The loop's state is guarded by mu_ (checked by
// clang's -Wthread-safety, base/mutex.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

#include "base/mutex.h"

namespace pakn::ingest {

class WorkerPool {
 public:
  // `threads` >= 1 workers in all. With caller_works, threads - 1 are started and the caller
  // of ParallelFor is the last; otherwise `threads` are started.
  explicit WorkerPool(int threads, bool caller_works = true);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int size() const { return threads_; }
  void ParallelFor(size_t n, const std::function<void(size_t, int)>& fn);
  // Starts fn over 0..n-1 on the pool's threads and returns; Wait() blocks until done. With no
  // thread of its own (one worker that is the caller), Start runs the loop itself.
  void Start(size_t n, std::function<void(size_t, int)> fn) EXCLUDES(mu_);
  void Wait() EXCLUDES(mu_);
  // Waits at most `timeout`; true when the loop started last is done.
  bool WaitFor(std::chrono::milliseconds timeout) EXCLUDES(mu_);

 private:
  void Run(int worker) EXCLUDES(mu_);
  void Work(int worker) EXCLUDES(mu_);
  bool Done() const REQUIRES(mu_) { return busy_ == 0 && next_ >= n_; }

  const int threads_;
  const bool caller_works_;
  std::vector<std::thread> workers_;
  mutable Mutex mu_;
  CondVar start_cv_;  // a new loop, or stop
  CondVar done_cv_;   // a worker finished its part
  // Not reassigned before every claimed index is done (Wait), so workers call it without the
  // lock, through a pointer taken under it.
  std::function<void(size_t, int)> fn_ GUARDED_BY(mu_);
  size_t n_ GUARDED_BY(mu_) = 0;
  size_t next_ GUARDED_BY(mu_) = 0;
  uint64_t generation_ GUARDED_BY(mu_) = 0;
  int busy_ GUARDED_BY(mu_) = 0;
  bool stop_ GUARDED_BY(mu_) = false;
};

}  // namespace pakn::ingest
