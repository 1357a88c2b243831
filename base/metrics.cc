#include "base/metrics.h"

#include <algorithm>
#include <cmath>

#include "fmt/format.h"

namespace pakn::metrics {
namespace {

std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{}", v);
}

void AppendLabels(std::string& out, const Labels& labels, std::string_view extra_name = {},
                  std::string_view extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return;
  out.push_back('{');
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out.push_back(',');
    first = false;
    out += k;
    out += "=\"";
    out += EscapeLabelValue(v);
    out.push_back('"');
  }
  if (!extra_name.empty()) {
    if (!first) out.push_back(',');
    out += extra_name;
    out += "=\"";
    out += extra_value;
    out.push_back('"');
  }
  out.push_back('}');
}

void AppendHeader(std::string& out, std::string_view name, std::string_view help,
                  std::string_view type) {
  out += "# HELP ";
  out += name;
  out.push_back(' ');
  for (char c : help) {  // help escapes \ and newline only
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out.push_back(c);
  }
  out += "\n# TYPE ";
  out += name;
  out.push_back(' ');
  out += type;
  out.push_back('\n');
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out.push_back(c);
  }
  return out;
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {
  std::sort(bounds_.begin(), bounds_.end());
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0);
}

void Histogram::Observe(double v) {
  const size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

void Histogram::Read(std::vector<uint64_t>& cumulative, double& sum, uint64_t& count) const {
  cumulative.assign(bounds_.size() + 1, 0);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    cumulative[i] = running;
  }
  // +Inf equals the count in the exposition: report the buckets' total as both, so that a
  // scrape racing an Observe stays consistent.
  count = running;
  sum = sum_.load(std::memory_order_relaxed);
}

std::vector<double> LatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Registry::Family& Registry::FamilyOf(std::string_view name, std::string_view help,
                                     std::string_view type) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{}).first;
    it->second.help = std::string(help);
    it->second.type = std::string(type);
  }
  return it->second;
}

Counter& Registry::GetCounter(std::string_view name, std::string_view help, const Labels& labels) {
  MutexLock lock(&mu_);
  auto& slot = FamilyOf(name, help, "counter").counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Registry::GetGauge(std::string_view name, std::string_view help, const Labels& labels) {
  MutexLock lock(&mu_);
  auto& slot = FamilyOf(name, help, "gauge").gauges[labels];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& Registry::GetHistogram(std::string_view name, std::string_view help,
                                  const std::vector<double>& bounds, const Labels& labels) {
  MutexLock lock(&mu_);
  auto& slot = FamilyOf(name, help, "histogram").histograms[labels];
  if (!slot) slot = std::make_unique<Histogram>(bounds);
  return *slot;
}

void Registry::Describe(std::string_view name, std::string_view help, std::string_view type) {
  MutexLock lock(&mu_);
  FamilyOf(name, help, type);
}

void Registry::AddCollector(std::function<void(std::vector<Sample>&)> collector) {
  MutexLock lock(&mu_);
  collectors_.push_back(std::move(collector));
}

std::string Registry::Render() const {
  std::vector<std::function<void(std::vector<Sample>&)>> collectors;
  {
    MutexLock lock(&mu_);
    collectors = collectors_;
  }
  std::vector<Sample> samples;  // collectors run without the lock: they may be slow
  for (const auto& c : collectors) c(samples);
  std::map<std::string, std::vector<const Sample*>, std::less<>> collected;
  for (const Sample& s : samples) collected[s.name].push_back(&s);

  std::string out;
  MutexLock lock(&mu_);
  std::vector<uint64_t> cumulative;
  for (const auto& [name, f] : families_) {
    AppendHeader(out, name, f.help, f.type);
    for (const auto& [labels, c] : f.counters) {
      out += name;
      AppendLabels(out, labels);
      out += ' ' + FormatValue(c->value()) + '\n';
    }
    for (const auto& [labels, g] : f.gauges) {
      out += name;
      AppendLabels(out, labels);
      out += ' ' + FormatValue(g->value()) + '\n';
    }
    for (const auto& [labels, h] : f.histograms) {
      double sum = 0;
      uint64_t count = 0;
      h->Read(cumulative, sum, count);
      for (size_t i = 0; i <= h->bounds().size(); ++i) {
        out += name;
        out += "_bucket";
        AppendLabels(out, labels, "le",
                     i < h->bounds().size() ? FormatValue(h->bounds()[i]) : "+Inf");
        out += ' ' + FormatValue(static_cast<double>(cumulative[i])) + '\n';
      }
      out += name + "_sum";
      AppendLabels(out, labels);
      out += ' ' + FormatValue(sum) + '\n';
      out += name + "_count";
      AppendLabels(out, labels);
      out += ' ' + FormatValue(static_cast<double>(count)) + '\n';
    }
    if (auto it = collected.find(name); it != collected.end()) {
      for (const Sample* s : it->second) {
        out += name;
        AppendLabels(out, s->labels);
        out += ' ' + FormatValue(s->value) + '\n';
      }
    }
  }
  return out;
}

}  // namespace pakn::metrics
