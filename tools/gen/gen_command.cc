#include "tools/gen/gen_command.h"

#include <fstream>
#include <iostream>

#include "base/strings.h"
#include "base/time.h"
#include "fmt/format.h"
#include "tools/gen/petition_generator.h"

namespace pakn::gen {

Status RunGen(const GenCommand& cmd) {
  if (!(cmd.bad_ratio >= 0 && cmd.bad_ratio <= 1))
    return InvalidArgumentError(
        fmt::format("--bad-ratio: expected a number from 0 to 1, got {}", cmd.bad_ratio));
  GenOptions opts;
  opts.count = cmd.count;
  opts.seed = cmd.seed;
  opts.bad_ratio = cmd.bad_ratio;
  opts.oversized_bytes = cmd.oversized_bytes;
  opts.keyed = cmd.keyed;
  if (cmd.now.empty()) {
    opts.end_ms = SystemClock().NowMillis();
  } else {
    auto now = ParseRfc3339(cmd.now);
    if (!now.ok()) return InvalidArgumentError(StrCat("--now: ", now.status().message()));
    opts.end_ms = *now;
  }
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (!cmd.out.empty()) {
    file.open(cmd.out, std::ios::binary | std::ios::trunc);
    if (!file) return UnavailableError(fmt::format("--out: cannot write {}", cmd.out));
    out = &file;
  }
  std::ofstream manifest;
  if (!cmd.manifest.empty()) {
    manifest.open(cmd.manifest, std::ios::binary | std::ios::trunc);
    if (!manifest)
      return UnavailableError(fmt::format("--manifest: cannot write {}", cmd.manifest));
    // index, key, verdict, defect path, intended topic, intended agency (GenCommand::manifest).
    opts.on_line = [&manifest](const LineInfo& line) {
      manifest << line.index << '\t' << line.key << '\t'
               << (line.bad ? BadKindCode(line.kind) : std::string_view("ok")) << '\t'
               << (line.bad ? line.field : std::string_view("")) << '\t' << line.topic << '\t'
               << line.agency << '\n';
    };
  }
  const GenStats stats = GeneratePetitions(opts, *out);
  if (manifest.is_open() && !manifest.flush()) return UnavailableError("--manifest: write failed");
  out->flush();
  if (!*out) return UnavailableError("write failed");
  uint64_t bad = 0;
  for (uint64_t b : stats.bad) bad += b;
  fmt::print(stderr, "pakn-gen: {} lines ({} good, {} malformed), seed {}\n", stats.good + bad,
             stats.good, bad, cmd.seed);
  return OkStatus();
}

}  // namespace pakn::gen
