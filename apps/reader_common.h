// Helpers shared by the reader commands (show, query, digest, rejected, offsets).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "apps/cli.h"
#include "apps/commands.h"
#include "base/status.h"
#include "base/strings.h"
#include "store/store.h"

namespace pakn::apps {

using ::pakn::Ellipsize;  // base/strings.h

}  // namespace pakn::apps
