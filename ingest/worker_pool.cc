#include "ingest/worker_pool.h"

namespace pakn::ingest {

WorkerPool::WorkerPool(int threads, bool caller_works)
    : threads_(threads < 1 ? 1 : threads), caller_works_(caller_works) {
  const int background = caller_works_ ? threads_ - 1 : threads_;
  for (int w = 0; w < background; ++w) workers_.emplace_back([this, w] { Run(w); });
}

WorkerPool::~WorkerPool() {
  Wait();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  start_cv_.notify_all();
  for (auto& t : workers_) t.join();
}

// Claims indexes in chunks until none are left.
void WorkerPool::Work(int worker) {
  constexpr size_t kChunk = 16;
  for (;;) {
    size_t begin, end;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (next_ >= n_) return;
      begin = next_;
      end = std::min(n_, begin + kChunk);
      next_ = end;
    }
    // fn_ is not reassigned before every claimed index is done (Wait), so reading it here
    // without the lock is safe.
    for (size_t i = begin; i < end; ++i) fn_(i, worker);
  }
}

void WorkerPool::Run(int worker) {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      start_cv_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      ++busy_;
    }
    Work(worker);
    {
      std::lock_guard<std::mutex> lock(mu_);
      --busy_;
    }
    done_cv_.notify_all();
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
    std::lock_guard<std::mutex> lock(mu_);
    fn_ = std::move(fn);
    n_ = n;
    next_ = 0;
    ++generation_;
  }
  start_cv_.notify_all();
}

void WorkerPool::Wait() {
  std::unique_lock<std::mutex> lock(mu_);
  done_cv_.wait(lock, [&] { return busy_ == 0 && next_ >= n_; });
}

bool WorkerPool::WaitFor(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return done_cv_.wait_for(lock, timeout, [&] { return busy_ == 0 && next_ >= n_; });
}

void WorkerPool::ParallelFor(size_t n, const std::function<void(size_t, int)>& fn) {
  Start(n, fn);
  if (caller_works_) Work(threads_ - 1);
  Wait();
}

}  // namespace pakn::ingest
