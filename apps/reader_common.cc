#include "apps/reader_common.h"

#include <iostream>

#include "base/strings.h"
#include "config/config.h"

namespace pakn::apps {

StatusOr<std::unique_ptr<store::Store>> OpenReaderAt(const StoreLocation& where) {
  std::string dir = where.store_dir;
  if (dir.empty()) {
    if (where.config_path.empty())
      return InvalidArgumentError("say where the store is: --store DIR or --config FILE");
    auto config = LoadConfig(where.config_path);
    // A config that cannot be read is a bad argument, whatever the reason.
    if (!config.ok()) return InvalidArgumentError(config.status().message());
    dir = config->store.path;
  }
  return store::Store::OpenReader(dir);
}

int Fail(std::string_view message, int code) {
  std::cerr << "pakn: " << message << "\n";
  return code;
}

int FailOpen(const Status& status) {
  return Fail(status.message(), status.code() == StatusCode::kInvalidArgument ? 2 : 1);
}

std::string Ellipsize(std::string_view text, size_t max_chars) {
  size_t chars = 0, i = 0;
  while (i < text.size()) {
    if (chars == max_chars) return StrCat(text.substr(0, i), "…");
    i += Utf8SequenceLength(static_cast<unsigned char>(text[i]));
    ++chars;
  }
  return std::string(text);
}

}  // namespace pakn::apps
