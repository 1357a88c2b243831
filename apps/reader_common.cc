#include "apps/reader_common.h"

#include <cstdlib>

#include "base/strings.h"

namespace pakn::apps {

std::string DefaultConfig() {
  const char* env = std::getenv("PAKN_CONFIG");
  return env ? env : "config/pakn.toml";
}

void AddStoreOptions(CLI::App* sub, StoreLocation& where) {
  where.config_path = DefaultConfig();
  sub->add_option("--config", where.config_path,
                  "config file whose store.path is read (default: $PAKN_CONFIG or "
                  "config/pakn.toml)");
  sub->add_option("--store", where.store_dir, "the store folder (overrides --config)");
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
