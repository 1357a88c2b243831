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

// The level and the format of every pakn logger: "text" (2026-12-07T05:15:30.123Z info
// [serve] message) or "json" (one object a line: time, level, component, msg). Times are UTC in
// both, whatever the machine's zone.
void SetupLogging(const std::string& level, const std::string& format);

}  // namespace pakn
