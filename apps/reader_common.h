// Helpers shared by the reader commands (show, query, digest, rejected, offsets).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "apps/commands.h"
#include "store/store.h"

namespace pakn::apps {

// Opens the store as a reader (RocksDB secondary), so it works while `pakn ingest` runs.
StatusOr<std::unique_ptr<store::Store>> OpenReaderAt(const StoreLocation& where);

// Prints "pakn: <message>" to stderr and returns `code`.
int Fail(std::string_view message, int code = 1);
// Fail for an OpenReaderAt error: exit 2 when the config or the options are wrong (as every
// command does), 1 when the store cannot be read (none there, or damaged).
int FailOpen(const Status& status);

// Cuts UTF-8 text to at most `max_chars` code points, adding "…" when cut.
std::string Ellipsize(std::string_view text, size_t max_chars);

}  // namespace pakn::apps
