#include "store/store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "base/log.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "rocksdb/cache.h"
#include "rocksdb/compaction_filter.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "store/disk.h"
#include "store/rocks_status.h"

namespace pakn::store {
namespace {

// counters: values are i64 little-endian; merging adds them (associative, so RocksDB may
// combine operands in any grouping during reads and compactions).
class CounterAddOperator final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* new_value, rocksdb::Logger*) const override {
    int64_t sum = DecodeCount(std::string_view(value.data(), value.size()));
    if (existing) sum += DecodeCount(std::string_view(existing->data(), existing->size()));
    *new_value = EncodeCount(sum);
    return true;
  }
  const char* Name() const override { return "pakn.CounterAdd"; }
};

// counters: a counter whose merged value is 0 says nothing (a status, due day or day that no
// petition is in any more); dropping it at compaction keeps the digest's scans proportional to
// the groups that exist, not to every group that ever existed in the store's history.
class ZeroCounterFilter final : public rocksdb::CompactionFilter {
 public:
  bool Filter(int, const rocksdb::Slice&, const rocksdb::Slice& value, std::string*,
              bool*) const override {
    return value.size() == 8 && DecodeCount(std::string_view(value.data(), value.size())) == 0;
  }
  const char* Name() const override { return "pakn.ZeroCounterFilter"; }
};

rocksdb::ColumnFamilyOptions CfOptions(int cf, const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions o;
  o.write_buffer_size = 32 << 20;
  // Compact level 0 into level 1 once 12 files are there, not RocksDB's 4. Petitions arrive in
  // no key order, so every level-0 file overlaps all of level 1, and each L0→L1 compaction
  // rewrites level 1 whole: merging 12 flushes at a time rewrites it a third as often. Point
  // lookups still skip most files by their Bloom filters. 1,000,000 petitions, one run each:
  // 4 → 19,544/20,210 msg/s and 95.8/92.5 CPU s; 8 → 21,792/22,243 and 82.9/81.9; 12 →
  // 22,670/22,183 and 77.8/80.4; 16 → 22,450 and 78.9. (Writes slow down at 20 files.)
  o.level0_file_num_compaction_trigger = 12;
  o.compression = rocksdb::kLZ4Compression;
  // ZSTD at the bottom level cost 18% of ingest's CPU (perf, 200,000 petitions; in a small
  // store every compaction writes the bottom level) for files 16% smaller: not worth it here.
  // (Integrated BlobDB was tried too: 2% less CPU at 200,000, but RocksDB 7.8's secondary
  // instances crash reading blob files, and the readers are secondaries.)
  o.bottommost_compression = rocksdb::kLZ4Compression;
  // What citizens wrote: a value the retention pass deleted or overwrote (store/retention.h)
  // leaves the files when a compaction rewrites them; every file of these families is rewritten
  // within 30 days at the latest, so erased data is gone from the disk within that time.
  if (Store::IsSealedFamily(static_cast<ColumnFamily>(cf)))
    o.periodic_compaction_seconds = 30 * 24 * 3600;
  if (cf == kCfCounters) {
    o.merge_operator = std::make_shared<CounterAddOperator>();
    static const ZeroCounterFilter zero_filter;
    o.compaction_filter = &zero_filter;
  }
  rocksdb::BlockBasedTableOptions t;
  t.block_size = 16 * 1024;
  t.block_cache = cache;
  // Point lookups of ids that are not there yet (every new petition) skip the files.
  if (cf == kCfPetitions || cf == kCfPayloads)
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  if (cf == kCfPetitions) {
    // Every new petition is first looked up (is it a redelivery or an amendment?) and almost
    // never found: a Bloom filter over the memtable's keys spares the skip-list search.
    o.memtable_prefix_bloom_size_ratio = 0.02;
    o.memtable_whole_key_filtering = true;
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  return o;
}

// NotFound unless `path` holds a store (its CURRENT file): for readers, and for the writers
// that must not create one (operator commands, reroute).
Status RequireStore(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::path(path) / "CURRENT", ec)) return OkStatus();
  return NotFoundError(StrCat(path, ": no pakn store here (run `pakn ingest` first, or check "
                                    "store.path / --store)"));
}

std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors(size_t block_cache_bytes) {
  auto cache = rocksdb::NewLRUCache(block_cache_bytes);
  std::vector<rocksdb::ColumnFamilyDescriptor> d;
  for (int cf = 0; cf < kCfCount; ++cf)
    d.emplace_back(kColumnFamilyNames[cf], CfOptions(cf, cache));
  return d;
}

}  // namespace

Store::~Store() {
  if (db_ && secondary_path_.empty() && broken_.ok()) {
    // Flush the memtables on close: with the WAL on, RocksDB would otherwise leave them in the
    // WAL, and every reader opened later (each `pakn show`, `query`, ...) replays it.
    std::vector<rocksdb::ColumnFamilyHandle*> live;
    for (auto* h : handles_)
      if (h) live.push_back(h);
    rocksdb::FlushOptions fo;
    fo.allow_write_stall = true;
    db_->Flush(fo, live).PermitUncheckedError();
  }
  for (auto* h : handles_) {
    if (db_ && h) db_->DestroyColumnFamilyHandle(h);
  }
  handles_.clear();
  db_.reset();
  if (!secondary_path_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(secondary_path_, ec);
  }
}

// The store holds citizens' personal data (Decree 13/2023/NĐ-CP): only its owner may read it.
// The folder becomes 0700 and every file 0600, those already there (a store made before) and
// those RocksDB writes from now on (the process's umask gains 077). Modes already right are
// left alone; one that cannot be changed (a read-only disk) is logged, and the store opens:
// what fails next says what is wrong with the disk.
static void KeepPrivate(const std::string& path) {
  const mode_t old = ::umask(077);
  ::umask(old | 077);
  namespace fs = std::filesystem;
  auto restrict = [](const fs::path& p, fs::perms wanted) {
    std::error_code ec;
    const fs::perms now = fs::status(p, ec).permissions() & fs::perms::all;
    if (ec || now == wanted) return;
    fs::permissions(p, wanted, fs::perm_options::replace, ec);
    if (ec)
      Logger("store")->warn("{}: cannot make it readable by its owner only: {}", p.string(),
                            ec.message());
  };
  restrict(path, fs::perms::owner_all);
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(path, ec)) {
    std::error_code one;
    if (e.is_directory(one))
      restrict(e.path(), fs::perms::owner_all);
    else if (e.is_regular_file(one))
      restrict(e.path(), fs::perms::owner_read | fs::perms::owner_write);
  }
}

StatusOr<std::unique_ptr<Store>> Store::OpenPrimary(const std::string& path,
                                                          StoreOptions options) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  db_options.bytes_per_sync = 1 << 20;
  db_options.db_write_buffer_size = options.memtable_budget_bytes;
  // A reader (secondary instance) replays the WAL not yet flushed each time it opens; cap it
  // so that `pakn show` / `query` open in a fraction of a second while ingest runs.
  db_options.max_total_wal_size = std::min<uint64_t>(options.memtable_budget_bytes, 64 << 20);
  if (options.env) db_options.env = options.env;
  std::error_code ec;
  if (!options.create_if_missing) {
    PAKN_RETURN_IF_ERROR(RequireStore(path));
  } else {
    std::filesystem::create_directories(path, ec);
    if (ec)
      return DescribeStoreError(rocksdb::Status::IOError(StrCat(path, ": ", ec.message())), path,
                                "create the folder", options.min_free_bytes);
  }
  auto folder = IdOf(path);
  if (!folder) return UnavailableError(StrCat("store ", path, ": not a folder"));
  KeepPrivate(path);
  // Opening replays the log into tables: refuse on a disk that has no room for that.
  PAKN_RETURN_IF_ERROR(CheckFolder(path, *folder, options.min_free_bytes));
  auto store = std::unique_ptr<Store>(new Store());
  store->path_ = path;
  store->sync_ = options.sync;
  store->min_free_ = options.min_free_bytes;
  store->folder_ = *folder;
  store->created_ = !RequireStore(path).ok();
  db_options.info_log = NewStoreLog(path);
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, path, Descriptors(options.block_cache_bytes),
                                       &store->handles_, &db);
  if (!s.ok()) return DescribeStoreError(s, path, "open", options.min_free_bytes);
  store->db_.reset(db);
  store->keys_ = std::move(options.keys);
  PAKN_RETURN_IF_ERROR(store->CheckKeys());
  return store;
}

StatusOr<std::unique_ptr<Store>> Store::OpenReader(const std::string& path,
                                                   std::shared_ptr<const KeyRing> keys) {
  PAKN_RETURN_IF_ERROR(RequireStore(path));
  auto store = std::unique_ptr<Store>(new Store());
  store->path_ = path;
  store->keys_ = std::move(keys);
  PAKN_RETURN_IF_ERROR(store->OpenSecondary());
  PAKN_RETURN_IF_ERROR(store->CatchUp());
  PAKN_RETURN_IF_ERROR(store->CheckKeys());
  return store;
}

namespace {
constexpr std::string_view kSealCheckPrefix{"seal-check\0", 11};
constexpr std::string_view kSealCheckText = "pakn: the key that seals this store";
}  // namespace

bool Store::IsSealedFamily(ColumnFamily cf) {
  return cf == kCfTexts || cf == kCfPayloads || cf == kCfEvents || cf == kCfRejections ||
         cf == kCfPendingEvents;
}

std::string Store::Seal(ColumnFamily cf, std::string_view key, std::string plain) const {
  if (!keys_ || !IsSealedFamily(cf)) return plain;
  return SealValue(keys_->current(), kColumnFamilyNames[cf], key, plain);
}

Status Store::CheckKeys() {
  std::vector<std::string> ids;
  Status wrong;
  PAKN_RETURN_IF_ERROR(
      Scan(kCfDefault, kSealCheckPrefix, "", [&](std::string_view key, std::string_view value) {
        const std::string id(key.substr(kSealCheckPrefix.size()));
        ids.push_back(id);
        if (!keys_ || !keys_->Find(id)) return true;
        auto opened = OpenValue(keys_.get(), "default", key, value);
        if (!opened.ok() || *opened != kSealCheckText) {
          wrong = FailedPreconditionError(StrCat("store ", path_, ": key '", id, "' of ",
                                                 keys_->origin(), " is not the key '", id,
                                                 "' this store was sealed with"));
          return false;
        }
        return true;
      }));
  PAKN_RETURN_IF_ERROR(wrong);
  if (!keys_) {
    if (ids.empty()) return OkStatus();
    return FailedPreconditionError(StrCat(
        "store ", path_, ": its personal data is sealed (keys: ", StrJoin(ids, ", "),
        ") and this process has no key: set store.key_file in the config or ", kStoreKeyEnv));
  }
  const std::string& current = keys_->current().id;
  if (!secondary_path_.empty() || std::find(ids.begin(), ids.end(), current) != ids.end())
    return OkStatus();
  const std::string key = StrCat(kSealCheckPrefix, current);
  rocksdb::WriteBatch wb;
  wb.Put(handles_[kCfDefault], key, SealValue(keys_->current(), "default", key, kSealCheckText));
  return Write(wb);
}

namespace {
rocksdb::DBOptions ReaderOptions() {
  rocksdb::DBOptions db_options;
  db_options.max_open_files = -1;  // required for a secondary instance to follow the primary
  return db_options;
}
}  // namespace

Status Store::OpenSecondary() {
  // A new instance in a new private folder; the one it replaces (if any) is closed only once
  // this one is open, so a failed reopen leaves the reader as it was.
  char tmpl[] = "/tmp/pakn-reader-XXXXXX";
  if (!mkdtemp(tmpl)) return UnavailableError("cannot create a temporary folder");
  const std::string secondary = tmpl;
  auto discard = [&secondary](Status s) {
    std::error_code ec;
    std::filesystem::remove_all(secondary, ec);
    return s;
  };
  const rocksdb::DBOptions db_options = ReaderOptions();
  // Open only the column families that exist: a writer that is creating the store adds them
  // one by one after CURRENT appears, and a reader must not fail in between. A family that
  // does not exist yet reads as empty (null handle) until CatchUp finds it.
  std::vector<std::string> existing;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(db_options, path_, &existing);
  if (!s.ok()) return discard(FromRocks(s, StrCat("list the column families of ", path_)));
  std::vector<rocksdb::ColumnFamilyDescriptor> wanted;
  std::vector<int> index_of;  // position in wanted -> ColumnFamily
  for (auto& d : Descriptors(8 << 20)) {
    if (std::find(existing.begin(), existing.end(), d.name) == existing.end()) continue;
    for (int cf = 0; cf < kCfCount; ++cf)
      if (d.name == kColumnFamilyNames[cf]) index_of.push_back(cf);
    wanted.push_back(std::move(d));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> opened;
  rocksdb::DB* db = nullptr;
  s = rocksdb::DB::OpenAsSecondary(db_options, path_, secondary, wanted, &opened, &db);
  if (!s.ok()) return discard(Failed(s, "open for reading"));
  for (auto* h : handles_)
    if (h) db_->DestroyColumnFamilyHandle(h);
  db_.reset(db);  // closes the previous instance, if any
  if (!secondary_path_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(secondary_path_, ec);
  }
  secondary_path_ = secondary;
  handles_.assign(kCfCount, nullptr);
  for (size_t i = 0; i < opened.size(); ++i) handles_[index_of[i]] = opened[i];
  return OkStatus();
}

bool Store::CatchUpMayReopen() const {
  return !secondary_path_.empty() &&
         std::find(handles_.begin(), handles_.end(), nullptr) != handles_.end();
}

Status Store::CatchUp() {
  if (secondary_path_.empty()) return OkStatus();
  if (std::find(handles_.begin(), handles_.end(), nullptr) != handles_.end()) {
    // Families missing at open: reopen if the writer has created one since (rare, and only
    // until all exist; a reader of a complete store never lists them again).
    std::vector<std::string> existing;
    rocksdb::Status s = rocksdb::DB::ListColumnFamilies(ReaderOptions(), path_, &existing);
    if (!s.ok()) return FromRocks(s, StrCat("list the column families of ", path_));
    for (int cf = 0; cf < kCfCount; ++cf) {
      if (handles_[cf] == nullptr && std::find(existing.begin(), existing.end(),
                                               kColumnFamilyNames[cf]) != existing.end()) {
        PAKN_RETURN_IF_ERROR(OpenSecondary());
        break;
      }
    }
  }
  return FromRocks(db_->TryCatchUpWithPrimary(), "catch up with the writer");
}

Status Store::Failed(const rocksdb::Status& s, std::string_view what) const {
  if (s.ok()) return OkStatus();
  // A damaged file or a failing disk: say so in words, naming the store (issue 13).
  if (s.IsCorruption() || s.IsIOError()) return DescribeStoreError(s, path_, what, min_free_);
  return FromRocks(s, what);
}

uint64_t Store::LatestSequence() const { return db_->GetLatestSequenceNumber(); }

Status Store::Write(rocksdb::WriteBatch& batch) {
  if (!broken_.ok()) return broken_;
  if (secondary_path_.empty()) {
    if (Status s = CheckFolder(path_, folder_, min_free_); !s.ok()) return broken_ = s;
  }
  rocksdb::WriteOptions wo;
  wo.sync = sync_;
  rocksdb::Status s = db_->Write(wo, &batch);
  if (!s.ok()) return broken_ = DescribeStoreError(s, path_, "write a batch", min_free_);
  return OkStatus();
}

Status Store::Compact(ColumnFamily cf) {
  if (!secondary_path_.empty()) return FailedPreconditionError("a reader cannot compact");
  rocksdb::CompactRangeOptions o;
  o.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  return FromRocks(db_->CompactRange(o, handles_[cf], nullptr, nullptr),
                   StrCat("compact ", kColumnFamilyNames[cf]));
}

StatusOr<std::optional<std::string>> Store::Get(ColumnFamily cf,
                                                      std::string_view key) const {
  if (handles_[cf] == nullptr) return std::optional<std::string>();  // not created yet
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), handles_[cf], rocksdb::Slice(key.data(), key.size()),
               &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return Failed(s, StrCat("read ", kColumnFamilyNames[cf]));
  if (IsSealedFamily(cf) && IsSealed(value)) {
    PAKN_ASSIGN_OR_RETURN(value, OpenValue(keys_.get(), kColumnFamilyNames[cf], key, value));
  }
  return std::optional<std::string>(std::move(value));
}

StatusOr<std::optional<StoredPetition>> Store::GetRecord(std::string_view id) const {
  PAKN_ASSIGN_OR_RETURN(std::optional<std::string> v, Get(kCfPetitions, id));
  if (!v) return std::optional<StoredPetition>();
  PAKN_ASSIGN_OR_RETURN(StoredPetition p, DecodePetition(*v));
  return std::optional<StoredPetition>(std::move(p));
}

StatusOr<std::optional<StoredPetition>> Store::GetPetition(std::string_view id) const {
  PAKN_ASSIGN_OR_RETURN(std::optional<StoredPetition> p, GetRecord(id));
  if (p) PAKN_RETURN_IF_ERROR(LoadText(*p));
  return p;
}

StatusOr<std::string> Store::GetText(uint64_t seq, std::string_view id,
                                     std::string_view what) const {
  PAKN_ASSIGN_OR_RETURN(std::optional<std::string> v, Get(kCfTexts, PayloadSeqKey(seq)));
  if (!v) return DataLossError(StrCat("petition ", id, ": ", what, " missing (texts/", seq, ")"));
  return std::move(*v);
}

Status Store::LoadText(StoredPetition& p) const {
  if (p.text_at != TextAt::kPending) return OkStatus();
  PAKN_ASSIGN_OR_RETURN(std::string text, GetText(p.payload_seq, p.petition.id, "its text"));
  return DecodePetitionText(text, p);
}

StatusOr<std::vector<StoredEvent>> Store::History(std::string_view id) const {
  PAKN_ASSIGN_OR_RETURN(std::optional<StoredPetition> rec, GetRecord(id));
  if (rec) return History(*rec);
  StoredPetition none;  // no record: only what events/ may hold
  none.petition.id = std::string(id);
  return History(none);
}

StatusOr<std::vector<StoredEvent>> Store::History(const StoredPetition& rec) const {
  const std::string& id = rec.petition.id;
  std::vector<StoredEvent> events;
  // The first events (received, routed) are stored with the first version's text.
  if (rec.intake_seq != 0) {
    PAKN_ASSIGN_OR_RETURN(std::string text, GetText(rec.intake_seq, id, "its first events"));
    PAKN_ASSIGN_OR_RETURN(events, DecodeIntake(text));
  }
  PAKN_ASSIGN_OR_RETURN(std::vector<StoredEvent> later, LaterEvents(id));
  for (StoredEvent& e : later) events.push_back(std::move(e));
  return events;
}

StatusOr<std::vector<StoredEvent>> Store::LaterEvents(std::string_view id) const {
  std::vector<StoredEvent> events;
  Status decode_error;
  PAKN_RETURN_IF_ERROR(Scan(kCfEvents, EventPrefix(id), "",
                            [&](std::string_view, std::string_view value) {
                              auto ev = DecodeEvent(value);
                              if (!ev.ok()) {
                                decode_error = ev.status();
                                return false;
                              }
                              events.push_back(std::move(*ev));
                              return true;
                            }));
  PAKN_RETURN_IF_ERROR(decode_error);
  return events;
}

StatusOr<std::optional<int64_t>> Store::NextOffset(std::string_view topic,
                                                         int32_t partition) const {
  PAKN_ASSIGN_OR_RETURN(std::optional<std::string> v,
                        Get(kCfOffsets, OffsetKey(topic, partition)));
  if (!v || v->size() != 8) return std::optional<int64_t>();
  return std::optional<int64_t>(static_cast<int64_t>(ReadU64(*v)));
}

Status Store::Scan(ColumnFamily cf, std::string_view prefix, std::string_view start,
                         const std::function<bool(std::string_view, std::string_view)>& fn) const {
  if (handles_[cf] == nullptr) return OkStatus();  // not created yet: nothing to scan
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[cf]));
  const std::string_view from = start.empty() ? prefix : start;
  const bool sealed_family = IsSealedFamily(cf);
  for (it->Seek(rocksdb::Slice(from.data(), from.size())); it->Valid(); it->Next()) {
    const rocksdb::Slice k = it->key();
    const std::string_view key(k.data(), k.size());
    if (key.substr(0, prefix.size()) != prefix) break;
    const rocksdb::Slice v = it->value();
    std::string_view value(v.data(), v.size());
    std::string opened;
    if (sealed_family && IsSealed(value)) {
      PAKN_ASSIGN_OR_RETURN(opened, OpenValue(keys_.get(), kColumnFamilyNames[cf], key, value));
      value = opened;
    }
    if (!fn(key, value)) break;
  }
  return Failed(it->status(), StrCat("scan ", kColumnFamilyNames[cf]));
}

void RemoveUnwrittenStore(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(path, ec)) {
    const std::string name = e.path().filename().string();
    const std::string ext = e.path().extension().string();
    if (name == "CURRENT" || name == "IDENTITY" || name == "LOCK" || name.starts_with("LOG") ||
        name.starts_with("MANIFEST-") || name.starts_with("OPTIONS-") || ext == ".log" ||
        ext == ".sst") {
      std::error_code rm;
      fs::remove(e.path(), rm);
    }
  }
  fs::remove(path, ec);  // only if empty now (and not a mount point)
}

uint64_t Store::IntProperty(const std::string& name, ColumnFamily cf) const {
  uint64_t v = 0;
  rocksdb::ColumnFamilyHandle* h = handles_[cf];
  return h && db_->GetIntProperty(h, name, &v) ? v : 0;
}

uint64_t Store::IntProperty(const std::string& name) const {
  uint64_t total = 0;
  for (rocksdb::ColumnFamilyHandle* h : handles_) {
    uint64_t v = 0;
    if (h && db_->GetIntProperty(h, name, &v)) total += v;
  }
  return total;
}

}  // namespace pakn::store
