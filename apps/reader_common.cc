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

}  // namespace pakn::apps
