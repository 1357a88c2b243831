// The store's folder and disk, seen from ingest: free space, whether the folder is still the
// one opened, and what a RocksDB error on it means, in one line an operator can act on
// (issue 13: a full disk, a read-only mount, a vanished folder and a damaged file each end in
// a clear error, never an abort). Internal to store/.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "rocksdb/status.h"

namespace rocksdb {
class Logger;
}

namespace pakn::store {

struct DiskSpace {
  uint64_t free = 0;   // bytes an unprivileged writer may still use
  uint64_t total = 0;  // size of the file system
};
// The space of the file system holding `path`; nullopt when it cannot be read.
std::optional<DiskSpace> SpaceAt(const std::string& path);

// "12.3 MiB"
std::string Mib(uint64_t bytes);

// The bytes of the write-ahead log files in the store folder: what RocksDB must flush into
// tables (and so needs free) before it can open the store again.
uint64_t WalBytes(const std::string& path);

// The folder's identity, to notice that it was removed, renamed or unmounted under a running
// writer (RocksDB keeps writing its open log into the unlinked file).
struct FolderId {
  dev_t dev = 0;
  ino_t ino = 0;
};
std::optional<FolderId> IdOf(const std::string& path);

// Ok while the folder at `path` is still `opened` and its disk keeps `min_free` bytes free;
// otherwise the reason, in one line that names the path.
Status CheckFolder(const std::string& path, const FolderId& opened, uint64_t min_free);

// A RocksDB error met while doing `what` on the store at `path`, as one line: the cause in
// words (disk full with the space it needs, read-only, not permitted, a file or the folder
// gone, a damaged file, another writer) and what to do, then RocksDB's own text.
Status DescribeStoreError(const rocksdb::Status& s, const std::string& path, std::string_view what,
                          uint64_t min_free);

// RocksDB's diary for the writer: the file LOG in the store folder (the previous run's is
// renamed LOG.old), written with plain write(2) whose failures are ignored. RocksDB's own file
// logger asserts when it appends again after a failed append, so on a full disk logging the
// error itself aborted the process (Debian's librocksdb keeps assertions on).
std::shared_ptr<rocksdb::Logger> NewStoreLog(const std::string& path);

}  // namespace pakn::store
