// Store: pakn's RocksDB database (schema in store/schema.h). One process opens it as the
// primary (ingest, the only writer); any number of readers (query, show, digest, rejected)
// open it as secondary instances that follow the primary without blocking it (docs/design.md 4).
//
//   PAKN_ASSIGN_OR_RETURN(auto store, Store::OpenPrimary("data", {}));
//   PAKN_ASSIGN_OR_RETURN(auto reader, Store::OpenReader("data"));
//
// Thread safety: RocksDB handles are thread-safe; a Store may be shared by threads for reads.
// Writes go through Applier (store/applier.h), which must have a single caller at a time.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/disk.h"
#include "store/record.h"
#include "store/schema.h"
#include "store/seal.h"

namespace rocksdb {
class DB;
class Env;
class ColumnFamilyHandle;
class WriteBatch;
class Iterator;
class Status;
}  // namespace rocksdb

namespace pakn::store {

struct StoreOptions {
  // fsync the WAL with every batch (see StoreConfig::sync). Default off.
  bool sync = false;
  // Memory for memtables across all column families (RocksDB db_write_buffer_size). More
  // means fewer, larger flushes; it is the bulk of ingest's resident memory. Default 128 MiB.
  size_t memtable_budget_bytes = 128 << 20;
  // One block cache shared by all column families. Default 32 MiB.
  size_t block_cache_bytes = 32 << 20;
  // Create the store when the folder holds none (ingest). Operator commands say false: a
  // mistyped --store must not leave an empty store behind.
  bool create_if_missing = true;
  // Free space kept on the store's disk: a write that finds less stops with a clear error
  // before RocksDB meets a full disk, and the store does not open with less (plus the log it
  // must flush) free (StoreConfig::min_free_mb). 0: no check. Default 256 MiB.
  uint64_t min_free_bytes = uint64_t{256} << 20;
  // The keys that seal personal data (store/seal.h); null: values are written in clear, and a
  // store that holds sealed values does not open.
  std::shared_ptr<const KeyRing> keys;
  // Tests: the Env RocksDB runs on (one that injects faults); null is RocksDB's default.
  rocksdb::Env* env = nullptr;
};

class Store {
 public:
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  static StatusOr<std::unique_ptr<Store>> OpenPrimary(const std::string& path,
                                                            StoreOptions options);
  // A secondary instance; its private folder is a fresh temporary one, removed on close.
  static StatusOr<std::unique_ptr<Store>> OpenReader(const std::string& path,
                                                     std::shared_ptr<const KeyRing> keys = {});

  // Readers: apply what the primary has written since opening. A column family the writer has
  // created since (a store being set up, or an upgrade adding one, like texts/) is not followed
  // by RocksDB's catch-up: the reader then reopens itself on all of them, which invalidates
  // handles and iterators taken before.
  Status CatchUp();
  // True when CatchUp would reopen (a column family was missing at open). Otherwise CatchUp only
  // applies the writer's new data (RocksDB's TryCatchUpWithPrimary), which readers of this Store
  // on other threads may go on reading through; calls of CatchUp itself must not overlap.
  bool CatchUpMayReopen() const;

  // The sequence number of the last write (RocksDB's): the next batch's operations take the
  // numbers after it.
  uint64_t LatestSequence() const;

  // Atomically writes `batch` (with the store's sync setting). First checks that the folder is
  // still the one opened and that its disk keeps StoreOptions::min_free_bytes free. After a
  // failed write the store is broken: every later write returns the same error, and closing it
  // does not flush (RocksDB's log writer must not be touched again after a failed append).
  Status Write(rocksdb::WriteBatch& batch);
  // Ok, or why the store took no more writes (the first failed write's error).
  const Status& broken() const { return broken_; }

  // Compacts a whole column family now (primary only): e.g. counters, to drop the zero
  // counters of a long history at once instead of as compactions come.
  Status Compact(ColumnFamily cf);

  // The column families whose values are sealed when the store has keys: what citizens wrote
  // (texts/, payloads/, events/, rejections/, pending_events/).
  static bool IsSealedFamily(ColumnFamily cf);
  // The value to write under `key` of `cf`: sealed with the current key when `cf` is sealed and
  // the store has keys, else `plain` itself. Get and Scan open sealed values.
  std::string Seal(ColumnFamily cf, std::string_view key, std::string plain) const;
  bool sealing() const { return keys_ != nullptr; }
  // Point reads; NotFound is an empty optional, not an error.
  StatusOr<std::optional<std::string>> Get(ColumnFamily cf, std::string_view key) const;
  // The record with its text part (LoadText).
  StatusOr<std::optional<StoredPetition>> GetPetition(std::string_view id) const;
  // The record alone: its text part may be pending (TextAt::kPending).
  StatusOr<std::optional<StoredPetition>> GetRecord(std::string_view id) const;
  // Reads the text part of a record decoded without it; does nothing for the others.
  Status LoadText(StoredPetition& p) const;
  // The history of a petition in order: its first events from texts/ (StoredPetition::intake_seq),
  // the others from events/.
  StatusOr<std::vector<StoredEvent>> History(std::string_view id) const;
  // The same for a record already read (spares reading it again).
  StatusOr<std::vector<StoredEvent>> History(const StoredPetition& rec) const;
  // Only the events after the first ones (received, routed): the operators' actions and the
  // amendments, from events/ (spares reading the text part, for the public status view).
  StatusOr<std::vector<StoredEvent>> LaterEvents(std::string_view id) const;
  // The next offset to read for each stored partition of `topic`.
  StatusOr<std::optional<int64_t>> NextOffset(std::string_view topic,
                                                    int32_t partition) const;

  // Calls fn(key, value) for each key of `cf` starting with `prefix`, in key order, from
  // `start` (which must itself start with prefix; empty = the prefix) until fn returns false.
  Status Scan(ColumnFamily cf, std::string_view prefix, std::string_view start,
                    const std::function<bool(std::string_view, std::string_view)>& fn) const;

  // A RocksDB integer property summed over the column families ("rocksdb.total-sst-files-size",
  // "rocksdb.estimate-pending-compaction-bytes", ...): for metrics.
  uint64_t IntProperty(const std::string& name) const;
  // The same for one column family.
  uint64_t IntProperty(const std::string& name, ColumnFamily cf) const;

  // Null in a reader for a column family the writer has not created yet.
  rocksdb::ColumnFamilyHandle* handle(ColumnFamily cf) const { return handles_[cf]; }
  const std::string& path() const { return path_; }
  // A primary that found no store in its folder and made one.
  bool created() const { return created_; }

 private:
  Store() = default;
  // A RocksDB error on a read: damage and disk failures described (DescribeStoreError).
  Status Failed(const rocksdb::Status& s, std::string_view what) const;
  // (Re)opens the secondary instance on the column families that exist now.
  Status OpenSecondary();
  // The store's key checks (default column family, "seal-check\0" id → a sealed constant):
  // a key ring that does not open them is the wrong one, and a store that has them does not
  // open without keys. A primary with keys adds the current key's.
  Status CheckKeys();
  // The texts/ value at `seq` that petition `id` names for `what`; missing is data loss.
  StatusOr<std::string> GetText(uint64_t seq, std::string_view id, std::string_view what) const;
  std::string path_;
  std::string secondary_path_;  // readers only
  bool sync_ = false;
  uint64_t min_free_ = 0;
  bool created_ = false;
  FolderId folder_;  // the folder opened (primary)
  Status broken_;
  std::shared_ptr<const KeyRing> keys_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // owned by db_, destroyed first
};

// Removes the files of a store that a primary created and nothing was written to (RocksDB's
// CURRENT, IDENTITY, LOCK, LOG*, MANIFEST-*, OPTIONS-*, *.log, *.sst), and the folder when that
// leaves it empty; anything else in the folder stays. For a run that found it must not write
// (ingest's lost-store check): the empty store must not stand where the lost one is to be put
// back. The store must be closed.
void RemoveUnwrittenStore(const std::string& path);

}  // namespace pakn::store
