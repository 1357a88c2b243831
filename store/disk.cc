#include "store/disk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <filesystem>

#include "base/mutex.h"
#include "base/strings.h"
#include "fmt/chrono.h"
#include "fmt/format.h"
#include "rocksdb/env.h"

namespace pakn::store {

std::optional<DiskSpace> SpaceAt(const std::string& path) {
  struct statvfs v;
  if (statvfs(path.c_str(), &v) != 0) return std::nullopt;
  return DiskSpace{.free = static_cast<uint64_t>(v.f_bavail) * v.f_frsize,
                   .total = static_cast<uint64_t>(v.f_blocks) * v.f_frsize};
}

std::string Mib(uint64_t bytes) {
  return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20));
}

uint64_t WalBytes(const std::string& path) {
  uint64_t sum = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(path, ec)) {
    if (e.path().extension() != ".log") continue;
    std::error_code size_ec;
    const uintmax_t size = e.file_size(size_ec);
    if (!size_ec) sum += size;
  }
  return sum;
}

std::optional<FolderId> IdOf(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return std::nullopt;
  return FolderId{.dev = st.st_dev, .ino = st.st_ino};
}

namespace {

// What a store with `wal` bytes of log to flush needs free: that, and the reserve.
uint64_t Needed(const std::string& path, uint64_t min_free) { return WalBytes(path) + min_free; }

std::string SpaceLine(const std::string& path) {
  auto space = SpaceAt(path);
  if (!space) return "its free space cannot be read";
  return StrCat(Mib(space->free), " free of ", Mib(space->total));
}

}  // namespace

Status CheckFolder(const std::string& path, const FolderId& opened, uint64_t min_free) {
  auto now = IdOf(path);
  if (!now || now->dev != opened.dev || now->ino != opened.ino)
    return FailedPreconditionError(
        StrCat("store ", path,
               ": the folder is gone (removed, renamed or unmounted while ingest ran); "
               "stopping before writing into it: put it back and start ingest again (what was read "
               "since the last stored batch is read again from Kafka)"));
  if (min_free == 0) return OkStatus();
  auto space = SpaceAt(path);
  if (space && space->free < min_free)
    return UnavailableError(
        StrCat("store ", path, ": the disk is nearly full: ", SpaceLine(path),
               "; ingest keeps at least ", Mib(min_free), " free (store.min_free_mb) and needs ",
               Mib(Needed(path, min_free)), ": free some space, then start ingest again"));
  return OkStatus();
}

Status DescribeStoreError(const rocksdb::Status& s, const std::string& path, std::string_view what,
                          uint64_t min_free) {
  const std::string text = s.ToString();
  // "store PATH: <cause and what to do> (<what>: <RocksDB's text>)", one line.
  auto line = [&](std::string_view cause) {
    return StrCat("store ", path, cause.empty() ? ":" : ": ", cause, " (", what, ": ", text, ")");
  };
  if (s.IsNoSpace() || StrContains(text, "No space left on device"))
    return UnavailableError(line(StrCat(
        "the disk is full: ", SpaceLine(path), "; ingest needs about ",
        Mib(Needed(path, min_free)),
        " free: free some space, then start ingest again; nothing is lost (what was not stored "
        "is read again from Kafka)")));
  if (StrContains(text, "Read-only file system"))
    return FailedPreconditionError(
        line("its disk is mounted read-only: remount it read-write (or choose another "
             "store.path), then start ingest again"));
  if (StrContains(text, "Permission denied"))
    return FailedPreconditionError(
        line("pakn may not write there: give the user running ingest write access to the "
             "folder and its files"));
  if (s.IsCorruption())
    return DataLossError(
        line("a file of the store is damaged (named at the end of this line): move the store "
             "aside and restore it from a copy (docs/operator-guide.md, \"A damaged store\")"));
  if (StrContains(text, "Resource temporarily unavailable") ||
      StrContains(text, "lock hold by current process"))
    return FailedPreconditionError(
        line("the store is open in another writer (is `pakn ingest` already running?)"));
  if (StrContains(text, "No such file or directory"))
    return FailedPreconditionError(
        line("a file of the store or the folder itself is gone (removed while ingest ran?): "
             "put it back, or restore the store from a copy"));
  if (s.IsIOError()) return UnavailableError(line("the disk failed"));
  if (s.IsNotFound()) return NotFoundError(line(""));
  if (s.IsInvalidArgument()) return InvalidArgumentError(line(""));
  return InternalError(line(""));
}

namespace {

class StoreLog final : public rocksdb::Logger {
 public:
  explicit StoreLog(int fd) : rocksdb::Logger(rocksdb::InfoLogLevel::INFO_LEVEL), fd_(fd) {}
  ~StoreLog() override {
    if (fd_ >= 0) ::close(fd_);
  }
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    if (fd_ < 0) return;
    const auto now = std::chrono::system_clock::now();
    std::string line = fmt::format("{:%Y/%m/%d-%H:%M:%S} ", now);
    char small[512];
    va_list copy;
    va_copy(copy, ap);
    const int n = std::vsnprintf(small, sizeof small, format, copy);
    va_end(copy);
    if (n < 0) return;
    if (static_cast<size_t>(n) < sizeof small) {
      line.append(small, static_cast<size_t>(n));
    } else {
      const size_t at = line.size();
      line.resize(at + static_cast<size_t>(n) + 1);
      std::vsnprintf(line.data() + at, static_cast<size_t>(n) + 1, format, ap);
      line.resize(at + static_cast<size_t>(n));
    }
    if (line.back() != '\n') line.push_back('\n');
    MutexLock lock(&mu_);  // one line at a time
    // A failed or short write loses a diary line, nothing else: never an error, never a retry.
    [[maybe_unused]] const ssize_t written = ::write(fd_, line.data(), line.size());
  }

 private:
  const int fd_;
  Mutex mu_;  // guards the writes to fd_ (whole lines, never interleaved)
};

}  // namespace

std::shared_ptr<rocksdb::Logger> NewStoreLog(const std::string& path) {
  const std::string log = path + "/LOG";
  std::error_code ec;
  std::filesystem::rename(log, path + "/LOG.old", ec);  // absent the first time
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  return std::make_shared<StoreLog>(fd);  // fd -1 (read-only disk...): a diary that drops lines
}

}  // namespace pakn::store
