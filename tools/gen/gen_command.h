// `pakn-gen`'s one command: generate petitions into a file or stdout, with a manifest.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace pakn::gen {

struct GenCommand {
  uint64_t count = 1000;
  uint64_t seed = 1;
  double bad_ratio = 0;
  uint64_t oversized_bytes = 2 << 20;
  bool keyed = false;
  std::string now;  // RFC 3339: petitions dated in the 60 days before its day; "" = the clock
  std::string out;  // "" = stdout
  // If set, one TSV line per generated line: index, key, "ok" or the expected rejection
  // code, the JSON path of the defect ("" for ok lines) (tests check pakn's verdicts against
  // them), then the intended topic and agency codes (LineInfo::topic, LineInfo::agency), to
  // measure routing against. New columns are only ever appended.
  std::string manifest;
};

// Writes the lines (and the manifest); a summary line goes to stderr. INVALID_ARGUMENT for a
// bad option value, UNAVAILABLE when a file cannot be written.
Status RunGen(const GenCommand& cmd);

}  // namespace pakn::gen
