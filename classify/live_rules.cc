#include "classify/live_rules.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace pakn::classify {

StatusOr<std::unique_ptr<LiveRules>> LiveRules::Open(std::string dir,
                                                     const Normalizer& normalizer,
                                                     const PlaceIndex* places) {
  std::unique_ptr<LiveRules> live(new LiveRules(std::move(dir), normalizer, places));
  StatusOr<std::string> version = live->Reload();
  if (!version.ok()) return version.status();
  return live;
}

std::shared_ptr<const RuleEngine> LiveRules::Current() const {
  MutexLock lock(&mu_);
  return current_;
}

std::vector<LiveRules::FileStamp> LiveRules::Stamp() const {
  namespace fs = std::filesystem;
  std::vector<FileStamp> out;
  auto add = [&](const fs::path& p) {
    std::error_code ec;
    FileStamp s;
    s.path = p.string();
    s.size = fs::file_size(p, ec);
    if (ec) s.size = UINT64_MAX;  // missing or unreadable: a state of its own
    const auto t = fs::last_write_time(p, ec);
    s.mtime_ns = ec ? -1 : std::chrono::duration_cast<std::chrono::nanoseconds>(
                               t.time_since_epoch()).count();
    out.push_back(std::move(s));
  };
  const fs::path root(dir_);
  add(root / "taxonomy.toml");
  std::error_code ec;
  std::vector<fs::path> rules;
  for (const auto& entry : fs::directory_iterator(root / "rules", ec))
    if (entry.path().extension() == ".toml") rules.push_back(entry.path());
  std::sort(rules.begin(), rules.end());
  for (const fs::path& p : rules) add(p);
  add(root / kModelFileName);  // the model reloads with the rules (a missing one is a state too)
  return out;
}

bool LiveRules::FilesChanged() const {
  std::vector<FileStamp> now = Stamp();
  MutexLock lock(&mu_);
  return now != stamp_;
}

StatusOr<std::string> LiveRules::Reload() {
  MutexLock reload(&reload_mu_);
  // Stamp before reading: an edit during the read shows up as a change next time.
  std::vector<FileStamp> stamp = Stamp();
  {
    MutexLock lock(&mu_);
    stamp_ = std::move(stamp);
  }
  StatusOr<std::unique_ptr<RuleEngine>> engine = RuleEngine::Load(dir_, normalizer_, places_);
  if (!engine.ok()) return engine.status();
  std::shared_ptr<const RuleEngine> next(std::move(*engine));
  MutexLock lock(&mu_);
  if (!current_ || current_->versions() != next->versions()) current_ = std::move(next);
  return current_->versions();
}

}  // namespace pakn::classify
