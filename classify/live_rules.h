// LiveRules: the routing rule set in force, replaced without stopping intake.
//
//   PAKN_ASSIGN_OR_RETURN(auto live, LiveRules::Open("config/routing", normalizer, &places));
//   // per batch (one snapshot for the whole batch):
//   std::shared_ptr<const RuleEngine> rules = live->Current();
//   // on SIGHUP, or when FilesChanged() says so (ingest's loop, not this unit, decides when):
//   StatusOr<std::string> version = live->Reload();  // error: the running rules stay
//
// Contract:
//  * Reload() reads the rule folder, checks and compiles it completely, and only then swaps
//    the new engine in with one pointer exchange. A petition is routed by the snapshot its
//    batch took from Current(): entirely the old set or entirely the new one, never a mix.
//    Snapshots stay valid as long as someone holds them.
//  * An invalid rule set is not installed: Reload() returns every error (file:line: key:
//    what was expected) and Current() keeps returning the previous engine.
//  * The rules and DIR/model.txt are one snapshot: a rule set and model whose versions both
//    equal the running ones are not swapped; Reload() returns RuleEngine::versions().
//  * FilesChanged() compares the folder's rule files (names, sizes, modification times)
//    with those seen by the last Open() or Reload() attempt, valid or not, so that polling
//    does not retry an invalid set until someone edits it again.
//  * No signal handling here; the caller wires SIGHUP.
//
// Thread safety: every method may be called from any thread. Current() takes a short lock
// (a shared_ptr copy); concurrent Reload() calls are serialized. The Normalizer and the
// PlaceIndex must outlive the LiveRules; engines do not refer to them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "base/status.h"
#include "classify/rules.h"

namespace pakn::classify {

class LiveRules {
 public:
  static StatusOr<std::unique_ptr<LiveRules>> Open(std::string dir, const Normalizer& normalizer,
                                                   const PlaceIndex* places);

  LiveRules(const LiveRules&) = delete;
  LiveRules& operator=(const LiveRules&) = delete;

  std::shared_ptr<const RuleEngine> Current() const EXCLUDES(mu_);
  // The versions now in force (RuleEngine::versions(): rules, and model when there is one) after
  // a successful reload, or the error that kept the old pair. A change of either installs both.
  StatusOr<std::string> Reload() EXCLUDES(reload_mu_, mu_);
  bool FilesChanged() const EXCLUDES(mu_);
  const std::string& dir() const { return dir_; }

 private:
  struct FileStamp {
    std::string path;
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
  };
  LiveRules(std::string dir, const Normalizer& normalizer, const PlaceIndex* places)
      : dir_(std::move(dir)), normalizer_(normalizer), places_(places) {}
  std::vector<FileStamp> Stamp() const;

  const std::string dir_;
  const Normalizer& normalizer_;
  const PlaceIndex* const places_;
  Mutex reload_mu_ ACQUIRED_BEFORE(mu_);  // held for a whole Reload(): one compile at a time
  mutable Mutex mu_;
  std::shared_ptr<const RuleEngine> current_ GUARDED_BY(mu_);
  std::vector<FileStamp> stamp_ GUARDED_BY(mu_);
};

}  // namespace pakn::classify
