#include "ingest/worker_pool.h"

#include <algorithm>

namespace pakn::ingest {

WorkerPool::WorkerPool(int threads, bool caller_works)
    : threads_(threads < 1 ? 1 : threads), caller_works_(caller_works) {
  const int background = caller_works_ ? threads_ - 1 : threads_;
  for (int w = 0; w < background; ++w) workers_.emplace_back([this, w] { Run(w); });
}

WorkerPool::~WorkerPool() {
  Wait();
  {
    MutexLock lock(&mu_);
    stop_ = true;
  }
  start_cv_.SignalAll();
  for (auto& t : workers_) t.join();
}

// Claims indexes in chunks until none are left.
void WorkerPool::Work(int worker) {
  constexpr size_t kChunk = 16;
  for (;;) {
    size_t begin, end;
    const std::function<void(size_t, int)>* fn;
    {
      MutexLock lock(&mu_);
      if (next_ >= n_) return;
      begin = next_;
      end = std::min(n_, begin + kChunk);
      next_ = end;
      fn = &fn_;
    }
    for (size_t i = begin; i < end; ++i) (*fn)(i, worker);
  }
}

void WorkerPool::Run(int worker) {
  uint64_t seen = 0;
  for (;;) {
    {
      MutexLock lock(&mu_);
      while (!stop_ && generation_ == seen) start_cv_.Wait(&mu_);
      if (stop_) return;
      seen = generation_;
      ++busy_;
    }
    Work(worker);
    {
      MutexLock lock(&mu_);
      --busy_;
    }
    done_cv_.SignalAll();
  }
}

void WorkerPool::Start(size_t n, std::function<void(size_t, int)> fn) {
  Wait();
  if (n == 0) return;
  if (workers_.empty()) {  // nobody else to do it
    for (size_t i = 0; i < n; ++i) fn(i, 0);
    return;
  }
  {
    MutexLock lock(&mu_);
    fn_ = std::move(fn);
    n_ = n;
    next_ = 0;
    ++generation_;
  }
  start_cv_.SignalAll();
}

void WorkerPool::Wait() {
  MutexLock lock(&mu_);
  while (!Done()) done_cv_.Wait(&mu_);
}

bool WorkerPool::WaitFor(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  MutexLock lock(&mu_);
  while (!Done()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    done_cv_.WaitFor(&mu_, left);
  }
  return true;
}

void WorkerPool::ParallelFor(size_t n, const std::function<void(size_t, int)>& fn) {
  Start(n, fn);
  if (caller_works_) Work(threads_ - 1);
  Wait();
}

}  // namespace pakn::ingest
