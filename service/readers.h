// The reading use cases: open the store as a reader, show petitions with their history, find
// petitions, and compute the leaders' digest — what `pakn show | query | digest` do, and what
// the HTTP service will do, without printing anything.
//
//   PAKN_ASSIGN_OR_RETURN(auto store, OpenReader({.config_path = "config/pakn.toml"}));
//   PAKN_ASSIGN_OR_RETURN(auto query, PrepareQuery(request, namer));
//   PAKN_ASSIGN_OR_RETURN(uint64_t n, FindPetitions(*store, query, visit));
//
// Readers open the store as a RocksDB secondary instance: they work while ingest runs and
// never block it (docs/design.md 4).
//
// Errors (the exit codes of apps/cli.h): INVALID_ARGUMENT for a bad request or config, named
// in the caller's words (`namer`: "from" → "--from" for the CLI); UNAVAILABLE when the store
// is missing, damaged or fails.
//
// Thread safety: the functions keep no state; a Store may be read from several threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "classify/normalizer.h"
#include "digest/digest_render.h"
#include "service/tracking.h"
#include "store/digest.h"
#include "store/query.h"
#include "store/store.h"
#include "track/deadline_calendar.h"

namespace pakn::service {

// Where a reader finds the store: store_dir wins; else store.path of the config file. Its
// keys: PAKN_STORE_KEY, else key_file, else store.key_file of the config file (store/seal.h).
struct StoreLocation {
  std::string store_dir;
  std::string config_path;
  std::string key_file;
};

StatusOr<std::unique_ptr<store::Store>> OpenReader(const StoreLocation& where);

// The holiday calendar of the location's config, when there is one (time left in working
// days); nullopt without a readable config.
std::optional<track::HolidayCalendar> CalendarOf(const StoreLocation& where);

struct PetitionView {
  store::StoredPetition record;
  std::vector<store::StoredEvent> history;
};
// nullopt when the store has no such petition.
StatusOr<std::optional<PetitionView>> ShowPetition(const store::Store& store, std::string_view id);

// Free text for display: the reporter's own name, phone, e-mail, ID number and home address
// wherever they appear, and any phone number, citizen ID number or e-mail address, masked
// (base/pii.h). (The petition's location, where the problem is, stays: operators need it.)
std::string MaskReporterIn(std::string_view text, const Reporter& r);

// A search as asked, in text (dates YYYY-MM-DD, a state name, words).
struct QueryRequest {
  std::string state, agency, topic, assignee;
  std::string from, to;    // submission days, inclusive
  std::string text;        // words looked for in title and content
  std::string due_before;  // YYYY-MM-DD (00:00 that day) or an RFC 3339 instant
  bool overdue = false;
  bool progress_update_due = false;
  uint64_t limit = 0;  // 0 = all
  int64_t now_ms = 0;
  bool with_text = true;  // hand the visitor the text part too (not needed to count)
};

// A checked query, ready to run (it owns the normalizer its text search needs).
struct PreparedQuery {
  store::PetitionQuery query;
  std::unique_ptr<classify::Normalizer> normalizer;
};
StatusOr<PreparedQuery> PrepareQuery(const QueryRequest& request, const FieldNamer& namer);

// Calls visit for each match, in the order of the index used, until it returns false; returns
// how many were visited.
StatusOr<uint64_t> FindPetitions(const store::Store& store, const PreparedQuery& query,
                                 const std::function<bool(const store::StoredPetition&)>& visit);

// The digest with the names of its codes: provinces from the compiled-in units, topics and
// agencies from the routing taxonomy of `rules_dir` ("" or unreadable: codes are shown, and
// `names_problem` says why).
struct DigestReport {
  store::Digest digest;
  digest::DigestNames names;
  std::string names_problem;
};
StatusOr<DigestReport> MakeDigest(const store::Store& store, const store::DigestRequest& request,
                                  std::string_view lang, const std::string& rules_dir);

// "" when the counters equal a full recomputation from the records, else the difference.
StatusOr<std::string> VerifyDigest(const store::Store& store, const store::Digest& digest);

inline constexpr std::string_view kDefaultDigestTopic = "pakn.digest";

// The digest's JSON to `topic` (one partition, log-compacted), keyed by date and scope
// (digest::DigestKey), so that publishing the same date and scope again replaces it. Returns
// where it was written ("pakn.digest[0]@12").
StatusOr<std::string> PublishDigest(const KafkaConfig& kafka, const std::string& topic,
                                    const std::string& key, const std::string& value);

}  // namespace pakn::service
