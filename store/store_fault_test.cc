// Faults of the store's disk end in errors that name the store and the cause, never in an
// abort (issue 13). The disk is real (a temporary folder); the faults are injected by a RocksDB
// FileSystem wrapper where a real one is impractical in a unit test: a full disk while the
// write-ahead log is appended to or while a table is flushed, and a disk gone read-only.
// (tests/integration/test_disk_faults.py makes the same faults real, on a small tmpfs.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "rocksdb/write_batch.h"
#include "store/store.h"

namespace pakn::store {
namespace {

namespace fs = std::filesystem;

enum class Fault { kNone, kLogFull, kTableFull, kReadOnly };

// Appends to files whose name ends in `.log` (kLogFull) or `.sst` (kTableFull), and to LOG,
// fail with ENOSPC; with kReadOnly every new file fails as on a read-only mount.
class FaultyFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  FaultyFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FaultyFileSystem"; }
  std::atomic<Fault> fault{Fault::kNone};

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    rocksdb::IODebugContext* dbg) override {
    if (fault == Fault::kReadOnly)
      return rocksdb::IOStatus::IOError("While open a file for appending: " + name,
                                        "Read-only file system");
    rocksdb::IOStatus s = target()->NewWritableFile(name, o, r, dbg);
    if (s.ok()) *r = std::make_unique<File>(std::move(*r), this, name);
    return s;
  }

 private:
  class File final : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile>&& f, FaultyFileSystem* fs, std::string name)
        : FSWritableFileOwnerWrapper(std::move(f)), fs_(fs), name_(std::move(name)) {}
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                             rocksdb::IODebugContext* dbg) override {
      if (Full()) return NoSpace();
      return FSWritableFileOwnerWrapper::Append(data, o, dbg);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                             const rocksdb::DataVerificationInfo& v,
                             rocksdb::IODebugContext* dbg) override {
      if (Full()) return NoSpace();
      return FSWritableFileOwnerWrapper::Append(data, o, v, dbg);
    }

   private:
    bool Full() const {
      // RocksDB's diary (LOG) is on the same full disk: logging the error must not abort.
      const Fault f = fs_->fault;
      const bool diary = name_.ends_with("/LOG");
      return (f == Fault::kLogFull && (name_.ends_with(".log") || diary)) ||
             (f == Fault::kTableFull && (name_.ends_with(".sst") || diary));
    }
    rocksdb::IOStatus NoSpace() const {
      return rocksdb::IOStatus::NoSpace("While appending to file: " + name_,
                                        "No space left on device");
    }
    FaultyFileSystem* fs_;
    std::string name_;
  };
};

class StoreFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() /
            ("pakn_store_fault_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    fs::remove_all(dir_);
    fs_ = std::make_shared<FaultyFileSystem>();
    env_ = rocksdb::NewCompositeEnv(fs_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  StatusOr<std::unique_ptr<Store>> Open(uint64_t min_free = 0) {
    return Store::OpenPrimary(dir_, {.memtable_budget_bytes = 8 << 20,
                                     .block_cache_bytes = 1 << 20,
                                     .min_free_bytes = min_free,
                                     .env = env_.get()});
  }
  // One batch of `n` petitions-family values, keys "<prefix>NNNN".
  static Status Put(Store& store, const std::string& prefix, int n, size_t value_bytes = 100) {
    rocksdb::WriteBatch batch;
    for (int i = 0; i < n; ++i) {
      const std::string key = prefix + std::to_string(10000 + i);
      std::string value(value_bytes, static_cast<char>('a' + i % 26));
      batch.Put(store.handle(kCfPayloads), key, value).PermitUncheckedError();
    }
    return store.Write(batch);
  }
  static bool Has(const Store& store, const std::string& key) {
    auto v = store.Get(kCfPayloads, key);
    return v.ok() && v->has_value();
  }
  void ExpectNamesStore(const Status& s, const std::string& cause) {
    EXPECT_NE(s.message().find("store " + dir_ + ": " + cause), std::string::npos) << s;
    EXPECT_EQ(s.message().find('\n'), std::string::npos) << "one line: " << s;
  }

  std::string dir_;
  std::shared_ptr<FaultyFileSystem> fs_;
  std::unique_ptr<rocksdb::Env> env_;
};

TEST_F(StoreFaultTest, FullDiskWhileLoggingStopsWritesAndClosesWithoutAbort) {
  {
    auto store = Open();
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE(Put(**store, "a", 100).ok());
    fs_->fault = Fault::kLogFull;
    Status s = Put(**store, "b", 100);
    ASSERT_FALSE(s.ok());
    ExpectNamesStore(s, "the disk is full");
    EXPECT_NE(s.message().find("needs about"), std::string::npos) << s;
    EXPECT_NE(s.message().find(".log"), std::string::npos) << "names the file: " << s;
    // Broken: the next write returns the same error without touching RocksDB's log again.
    fs_->fault = Fault::kNone;
    EXPECT_EQ(Put(**store, "c", 1), s);
    EXPECT_EQ((*store)->broken(), s);
  }  // closing must not flush into the failed log (RocksDB asserts there)
  auto again = Open();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(Has(**again, "a10000"));
  EXPECT_TRUE(Has(**again, "a10099"));
  EXPECT_FALSE(Has(**again, "b10000")) << "the failed batch is all or nothing";
  EXPECT_FALSE(Has(**again, "c10000"));
}

TEST_F(StoreFaultTest, FullDiskWhileFlushingStopsWritesAndSaysTheSameOnReopen) {
  {
    auto store = Open();
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE(Put(**store, "a", 200).ok());
    fs_->fault = Fault::kTableFull;
    Status flush = (*store)->Compact(kCfPayloads);  // flushes the memtable first
    ASSERT_FALSE(flush.ok());
    Status s = Put(**store, "b", 10);
    ASSERT_FALSE(s.ok()) << "RocksDB stops writes after a failed flush";
    ExpectNamesStore(s, "the disk is full");
  }
  // Reopening replays the log into a table: with the disk still full it fails the same way.
  auto still = Open();
  ASSERT_FALSE(still.ok());
  ExpectNamesStore(still.status(), "the disk is full");
  fs_->fault = Fault::kNone;
  auto again = Open();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(Has(**again, "a10000"));
  EXPECT_TRUE(Has(**again, "a10199"));
  EXPECT_FALSE(Has(**again, "b10000"));
}

TEST_F(StoreFaultTest, ReadOnlyDiskIsNamed) {
  {
    auto store = Open();
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE(Put(**store, "a", 10).ok());
  }
  fs_->fault = Fault::kReadOnly;
  for (int attempt = 0; attempt < 2; ++attempt) {  // the same on every restart
    auto store = Open();
    ASSERT_FALSE(store.ok());
    ExpectNamesStore(store.status(), "its disk is mounted read-only");
  }
  fs_->fault = Fault::kNone;
  auto store = Open();
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_TRUE(Has(**store, "a10009"));
}

TEST_F(StoreFaultTest, TooLittleFreeSpaceRefusesBeforeRocksDbMeetsAFullDisk) {
  constexpr uint64_t kHuge = uint64_t{1} << 60;  // more than any disk has free
  auto store = Open(kHuge);
  ASSERT_FALSE(store.ok());
  ExpectNamesStore(store.status(), "the disk is nearly full");
  EXPECT_NE(store.status().message().find("store.min_free_mb"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ + "/CURRENT")) << "refused before creating anything";
}

TEST_F(StoreFaultTest, VanishedFolderStopsWrites) {
  auto store = Open();
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_TRUE(Put(**store, "a", 10).ok());
  fs::rename(dir_, dir_ + ".away");
  Status s = Put(**store, "b", 10);
  ASSERT_FALSE(s.ok());
  ExpectNamesStore(s, "the folder is gone");
  store->reset();
  fs::rename(dir_ + ".away", dir_);
  auto again = Open();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(Has(**again, "a10000"));
  EXPECT_FALSE(Has(**again, "b10000"));
}

TEST_F(StoreFaultTest, DamagedTableIsNamedOnReadAndOnOpen) {
  {
    auto store = Open();
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE(Put(**store, "a", 400, 1000).ok());  // ~400 KB: many blocks in one table
  }  // closing flushes the memtable into a table file
  std::string table;
  for (const auto& e : fs::directory_iterator(dir_))
    if (e.path().extension() == ".sst" &&
        (table.empty() || fs::file_size(e) > fs::file_size(table)))
      table = e.path().string();
  ASSERT_FALSE(table.empty());
  const auto size = fs::file_size(table);
  {
    // A data block in the middle: RocksDB finds it at the first read of that block.
    std::fstream f(table, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 3));
    const std::string junk(64, '\xff');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  {
    auto store = Open();
    ASSERT_TRUE(store.ok()) << store.status();
    Status s;
    for (int i = 0; i < 400 && s.ok(); ++i) {
      auto v = (*store)->Get(kCfPayloads, "a" + std::to_string(10000 + i));
      if (!v.ok()) s = v.status();
    }
    ASSERT_FALSE(s.ok()) << "some read meets the damaged block";
    EXPECT_EQ(s.code(), StatusCode::kDataLoss);
    ExpectNamesStore(s, "a file of the store is damaged");
    EXPECT_NE(s.message().find(table), std::string::npos) << "names the file: " << s;
  }
  {
    // The footer: RocksDB finds it when it opens the file, that is when the store opens.
    std::fstream f(table, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size - 8));
    f.write("\0\0\0\0\0\0\0\0", 8);
  }
  auto store = Open();
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kDataLoss);
  ExpectNamesStore(store.status(), "a file of the store is damaged");
  EXPECT_NE(store.status().message().find(table), std::string::npos) << store.status();
}

TEST(RemoveUnwrittenStoreTest, RemovesRocksDbsFilesAndLeavesEverythingElse) {
  const fs::path dir =
      fs::path(::testing::TempDir()) / ("pakn_remove_unwritten." + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    auto store = Store::OpenPrimary(dir.string(), {});
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_TRUE((*store)->created());
  }
  ASSERT_TRUE(fs::exists(dir / "CURRENT"));
  std::ofstream(dir / "notes.txt") << "an operator's file\n";
  RemoveUnwrittenStore(dir.string());
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(dir)) left.push_back(e.path().filename().string());
  EXPECT_EQ(left, std::vector<std::string>{"notes.txt"});
  fs::remove(dir / "notes.txt");
  // With nothing else in it, the folder goes too.
  {
    auto store = Store::OpenPrimary(dir.string(), {});
    ASSERT_TRUE(store.ok()) << store.status();
  }
  RemoveUnwrittenStore(dir.string());
  EXPECT_FALSE(fs::exists(dir));
}

}  // namespace
}  // namespace pakn::store
