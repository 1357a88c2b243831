// The RocksDB schema of pakn (docs/architecture.md lists it with examples). One column family
// per kind of data, so each can be scanned, compacted and tuned on its own:
//
//   petitions          id → record (JSON, StoredPetition)
//   payloads           id \0 version(u32 BE) → the message bytes exactly as received
//   events             id \0 seq(u64 BE) → event (JSON): received, routed, amended, ...
//   idx_day            YYYY-MM-DD \0 id → ""   (the petition's local submission day)
//   idx_agency_status  agency \0 status \0 id → ""
//   counters           'P' day \0 agency \0 topic \0 status \0 channel \0 province → i64
//                      (merge: add); the current state of each submission-day cohort. Keys
//                      written before the digest (issue 6) end after status: readers treat
//                      the missing channel and province as ""
//                      'R' day \0 reject-code → i64
//   offsets            topic \0 partition(u32 BE) → next offset to read (i64 BE)
//   rejections         topic \0 partition(u32 BE) \0 offset(u64 BE) → meta-len(u32 BE) meta raw
//   dlq_outbox         same key as rejections → ""  (deleted once the DLQ topic has it)
//   event_ids          event_id → outcome (JSON: petition_id, outcome applied|refused|pending,
//                      state, reason): the same event_id twice applies once
//   pending_events     petition_id \0 at(u64 BE ms) \0 event_id → event (JSON): events that
//                      came before their petition, applied when it arrives
//   idx_due            'D' agency \0 due(u64 BE ms) \0 id → next progress update (u64 BE ms,
//                      0 = none): open petitions only, by the agency holding them
//                      'A' assignee \0 due(u64 BE ms) \0 id → "": open and assigned to someone
//   counters           'U' due-day \0 agency \0 topic → i64: open petitions by due day (the
//                      overdue backlog and its ageing without reading records)
//                      'E' day \0 agency \0 topic \0 what → i64: tracking events by local day
//                      of `at` (what = action, "respond_on_time", "respond_late", "refused")
//
// Big-endian integers keep keys in numeric order under RocksDB's bytewise comparator.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pakn::store {

inline constexpr const char* kPetitions = "petitions";
inline constexpr const char* kPayloads = "payloads";
inline constexpr const char* kEvents = "events";
inline constexpr const char* kIdxDay = "idx_day";
inline constexpr const char* kIdxAgencyStatus = "idx_agency_status";
inline constexpr const char* kCounters = "counters";
inline constexpr const char* kOffsets = "offsets";
inline constexpr const char* kRejections = "rejections";
inline constexpr const char* kDlqOutbox = "dlq_outbox";
inline constexpr const char* kEventIds = "event_ids";
inline constexpr const char* kPendingEvents = "pending_events";
inline constexpr const char* kIdxDue = "idx_due";
inline constexpr const char* kTexts = "texts";

// Index into Store's handle table; kColumnFamilyNames[i] is the name of column family i.
enum ColumnFamily : int {
  kCfDefault = 0,
  kCfPetitions,
  kCfPayloads,
  kCfEvents,
  kCfIdxDay,
  kCfIdxAgencyStatus,
  kCfCounters,
  kCfOffsets,
  kCfRejections,
  kCfDlqOutbox,
  kCfEventIds,
  kCfPendingEvents,
  kCfIdxDue,
  kCfTexts,
  kCfCount,
};
inline constexpr const char* kColumnFamilyNames[kCfCount] = {
    "default",   kPetitions, kPayloads,   kEvents,    kIdxDay,       kIdxAgencyStatus, kCounters,
    kOffsets,    kRejections, kDlqOutbox, kEventIds, kPendingEvents, kIdxDue, kTexts};

void AppendU32(std::string& out, uint32_t v);
void AppendU64(std::string& out, uint64_t v);
uint32_t ReadU32(std::string_view in);  // in.size() >= 4
uint64_t ReadU64(std::string_view in);  // in.size() >= 8

// Payloads are keyed by arrival: a u64 BE number the applier takes from the store's sequence
// numbers (PayloadSeqKey), so that new payloads always sort after the stored ones. RocksDB
// then moves their flushed files down the levels without rewriting them (trivial moves):
// the largest immutable value of a petition is compressed once and never compacted again.
// Records name their payload (StoredPetition::payload_seq). Stores written before this keep
// id \0 version keys (PayloadKey), which sort after every PayloadSeqKey.
std::string PayloadSeqKey(uint64_t seq);
std::string PayloadKey(std::string_view id, uint32_t version);
std::string EventKey(std::string_view id, uint64_t seq);
std::string EventPrefix(std::string_view id);  // id \0
std::string DayIndexKey(std::string_view day, std::string_view id);
std::string AgencyStatusKey(std::string_view agency, std::string_view status, std::string_view id);
// `province` is the resolved province code (PlaceCodes::province_code), "" when unknown.
std::string PetitionCounterKey(std::string_view day, std::string_view agency,
                               std::string_view topic, std::string_view status,
                               std::string_view channel, std::string_view province);
std::string RejectionCounterKey(std::string_view day, std::string_view code);
std::string OffsetKey(std::string_view topic, int32_t partition);
std::string PendingEventKey(std::string_view petition_id, int64_t at_ms,
                            std::string_view event_id);
std::string AgencyDueKey(std::string_view agency, int64_t due_ms, std::string_view id);
std::string AssigneeDueKey(std::string_view assignee, int64_t due_ms, std::string_view id);
std::string DueCounterKey(std::string_view due_day, std::string_view agency,
                          std::string_view topic);
std::string EventCounterKey(std::string_view day, std::string_view agency,
                            std::string_view topic, std::string_view what);
// The id and due instant at the end of an AgencyDueKey / AssigneeDueKey whose owner part
// (kind letter, agency or assignee, \0) is `owner_len` bytes long.
struct DueKeyParts {
  int64_t due_ms;
  std::string_view id;
};
std::optional<DueKeyParts> ParseDueKey(std::string_view key, size_t owner_len);
std::string RejectionKey(std::string_view topic, int32_t partition, int64_t offset);

struct RejectionKeyParts {
  std::string topic;
  int32_t partition;
  int64_t offset;
};
std::optional<RejectionKeyParts> ParseRejectionKey(std::string_view key);
struct OffsetKeyParts {
  std::string topic;
  int32_t partition;
};
std::optional<OffsetKeyParts> ParseOffsetKey(std::string_view key);

// The parts of a key joined with \0 ("a\0b\0" → "a", "b", "").
std::vector<std::string_view> SplitNul(std::string_view key);

// The counter values are signed 64-bit little-endian integers.
std::string EncodeCount(int64_t v);
int64_t DecodeCount(std::string_view v);

}  // namespace pakn::store
