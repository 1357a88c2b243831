// Converts rocksdb::Status into Status at the edge of the store (docs/style.md 2). Internal to
// store/.
#pragma once

#include <string_view>

#include "base/status.h"
#include "base/strings.h"
#include "rocksdb/status.h"

namespace pakn::store {

inline Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return OkStatus();
  const std::string msg = StrCat(what, ": ", s.ToString());
  if (s.IsNotFound()) return NotFoundError(msg);
  if (s.IsCorruption()) return DataLossError(msg);
  if (s.IsIOError()) return UnavailableError(msg);
  if (s.IsInvalidArgument()) return InvalidArgumentError(msg);
  if (s.IsBusy() || s.IsTryAgain()) return UnavailableError(msg);
  return InternalError(msg);
}

}  // namespace pakn::store
