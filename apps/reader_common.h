// Helpers shared by the reader commands (show, query, digest, rejected, offsets).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "apps/cli.h"
#include "apps/commands.h"
#include "base/status.h"
#include "store/store.h"

namespace pakn::apps {

// Cuts UTF-8 text to at most `max_chars` code points, adding "…" when cut.
std::string Ellipsize(std::string_view text, size_t max_chars);

}  // namespace pakn::apps
