// For tests that need a real Pipeline: a config file pointing at the project's own rules and
// holiday calendar. Header-only, for test binaries (they pass PAKN_SOURCE_DIR).
//
//   auto config = WriteTestConfig(dir, PAKN_SOURCE_DIR, "[ingest]\nworkers = 2\n");
//   auto pipeline = Pipeline::Create(*config);
#pragma once

#include <filesystem>
#include <fstream>
#include <string_view>

#include "base/strings.h"
#include "config/config.h"

namespace pakn::pipeline {

// Writes DIR/pakn.toml — [classify] rules = SOURCE_DIR/config/routing plus `classify_extra`
// (keys of that table, e.g. "tone_style = \"new\""), [deadlines] holidays =
// SOURCE_DIR/config/holidays.toml, then `extra` (whole tables) — and loads it.
inline StatusOr<PaknConfig> WriteTestConfig(const std::filesystem::path& dir,
                                            std::string_view source_dir,
                                            std::string_view extra = "",
                                            std::string_view classify_extra = "") {
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = dir / "pakn.toml";
  std::ofstream(path) << StrCat("[classify]\nrules = \"", source_dir, "/config/routing\"\n",
                                classify_extra, "\n[deadlines]\nholidays = \"", source_dir,
                                "/config/holidays.toml\"\n", extra);
  return LoadConfig(path.string());
}

}  // namespace pakn::pipeline
