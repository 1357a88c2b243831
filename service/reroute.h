// Reroute: the current routing rules applied again to the stored petitions of some submission
// days that no human has taken in hand yet (state received or accepted, still at the agency
// their route named). The use case behind `pakn reroute` (and, later, an HTTP endpoint).
//
// Each change is a `rerouted` history event written through store::Applier, like every other
// change (indexes and counters move with it), in batches of 500. A dry run opens the store as
// a reader and writes nothing. Interrupted (`interrupt` set), it stops after the current batch;
// running it again resumes: petitions already rerouted get the same decision and are kept.
//
// Errors: INVALID_ARGUMENT for a folder that holds no store (nothing is created); UNAVAILABLE
// when the store cannot be opened for writing (ingest running on it) or fails.
//
// Thread safety: one call at a time per store (it writes as the primary).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "base/status.h"
#include "config/config.h"
#include "pipeline/pipeline.h"

namespace pakn::service {

struct RerouteRequest {
  std::string store_dir;  // the store folder
  std::string from, to;   // submission days YYYY-MM-DD, inclusive (checked by the caller)
  bool dry_run = false;   // count, write nothing
  std::string actor = "pakn-reroute";
  int64_t now_ms = 0;                            // the events' time
  const std::atomic<bool>* interrupt = nullptr;  // set: stop after the current batch
};

struct RerouteResult {
  uint64_t examined = 0, changed = 0, kept = 0, in_hand = 0;
  std::map<std::string, uint64_t> moves;  // "old agency/topic -> new agency/topic" → count
  std::string ruleset_version;
  bool interrupted = false;  // what is counted was written; run again to resume
};

// `progress` (may be empty) is called every 1,000 petitions examined.
StatusOr<RerouteResult> Reroute(const PaknConfig& config, const pipeline::Pipeline& pipeline,
                                const RerouteRequest& request,
                                const std::function<void(const RerouteResult&)>& progress = {});

}  // namespace pakn::service
