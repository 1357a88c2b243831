// One spdlog logger per component ("ingest", "store", "dlq", ...), all writing to stderr so
// that stdout stays for command output. Never pass personal data to a logger (docs/style.md 6).
#pragma once

#include <memory>
#include <string>

#include "spdlog/spdlog.h"

namespace pakn {

// Returns the component's logger, creating it on first use. Thread-safe.
std::shared_ptr<spdlog::logger> Logger(const std::string& component);

// Sets the level of every pakn logger ("trace".."off"); unknown names give "info".
void SetLogLevel(const std::string& level);

}  // namespace pakn
