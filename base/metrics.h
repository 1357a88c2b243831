// Metrics in the Prometheus text exposition format (version 0.0.4), for `GET /metrics` of
// `pakn ingest` and `pakn serve`. prometheus-cpp is not packaged in Debian 12; this is the small
// part of it pakn needs: counters, gauges and histograms with labels, and collectors that read
// a value at scrape time (consumer lag, store size).
//
//   Registry registry;
//   Counter& stored = registry.GetCounter("pakn_petitions_stored_total", "Petitions created.");
//   stored.Add();
//   Histogram& apply = registry.GetHistogram("pakn_batch_apply_seconds", "...", {0.001, 0.01});
//   apply.Observe(0.004);
//   std::string text = registry.Render();
//
// Names follow Prometheus conventions: `pakn_` prefix, base units (seconds, bytes), `_total`
// for counters. Label values are escaped on output; never put personal data in one.
//
// Thread safety: everything may be called from any thread. Get* take a mutex (keep the
// returned reference on hot paths: it stays valid as long as the registry); Add/Set/Observe
// are lock-free atomics.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace pakn::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Add(double v = 1) { value_.fetch_add(v, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double v) { value_.fetch_add(v, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);  // upper bounds, ascending; +Inf is added
  void Observe(double v);
  const std::vector<double>& bounds() const { return bounds_; }
  // Cumulative counts per bound then +Inf, the sum and the count, read together.
  void Read(std::vector<uint64_t>& cumulative, double& sum, uint64_t& count) const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // not cumulative; last = +Inf
  std::atomic<double> sum_{0};
  std::atomic<uint64_t> count_{0};
};

// Buckets for latencies in seconds: 0.5 ms to 10 s.
std::vector<double> LatencyBuckets();

// One value a collector reports at scrape time.
struct Sample {
  std::string name;  // a family described with Describe()
  Labels labels;
  double value = 0;
};

class Registry {
 public:
  Counter& GetCounter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& GetGauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& GetHistogram(std::string_view name, std::string_view help,
                          const std::vector<double>& bounds, const Labels& labels = {});

  // A family whose values a collector gives: type "counter" or "gauge".
  void Describe(std::string_view name, std::string_view help, std::string_view type);
  // Called at each Render() (on the scraping thread); appends its samples.
  void AddCollector(std::function<void(std::vector<Sample>&)> collector);

  std::string Render() const;

 private:
  struct Family {
    std::string help, type;
    std::map<Labels, std::unique_ptr<Counter>> counters;
    std::map<Labels, std::unique_ptr<Gauge>> gauges;
    std::map<Labels, std::unique_ptr<Histogram>> histograms;
  };
  Family& FamilyOf(std::string_view name, std::string_view help, std::string_view type)
      REQUIRES(mu_);

  mutable Mutex mu_;
  std::map<std::string, Family, std::less<>> families_ GUARDED_BY(mu_);
  std::vector<std::function<void(std::vector<Sample>&)>> collectors_ GUARDED_BY(mu_);
};

// A label value or help text escaped for the exposition format.
std::string EscapeLabelValue(std::string_view value);

}  // namespace pakn::metrics
