#include <fstream>
#include <iostream>

#include "apps/commands.h"
#include "apps/petition_generator.h"
#include "apps/reader_common.h"
#include "apps/tracking_setup.h"
#include "fmt/format.h"

namespace pakn::apps {

int RunGen(const GenCommand& cmd) {
  if (!(cmd.bad_ratio >= 0 && cmd.bad_ratio <= 1))
    return Fail(fmt::format("--bad-ratio: expected a number from 0 to 1, got {}", cmd.bad_ratio),
                2);
  GenOptions opts;
  opts.count = cmd.count;
  opts.seed = cmd.seed;
  opts.bad_ratio = cmd.bad_ratio;
  opts.oversized_bytes = cmd.oversized_bytes;
  opts.keyed = cmd.keyed;
  auto now = ParseNow(cmd.now);
  if (!now.ok()) return Fail(now.status().message(), 2);
  opts.end_ms = *now;
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (!cmd.out.empty()) {
    file.open(cmd.out, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(fmt::format("--out: cannot write {}", cmd.out));
    out = &file;
  }
  std::ofstream manifest;
  if (!cmd.manifest.empty()) {
    manifest.open(cmd.manifest, std::ios::binary | std::ios::trunc);
    if (!manifest) return Fail(fmt::format("--manifest: cannot write {}", cmd.manifest));
    // index, key, verdict, defect path, intended topic, intended agency (GenCommand::manifest).
    opts.on_line = [&manifest](const LineInfo& line) {
      manifest << line.index << '\t' << line.key << '\t'
               << (line.bad ? BadKindCode(line.kind) : std::string_view("ok")) << '\t'
               << (line.bad ? line.field : std::string_view("")) << '\t' << line.topic << '\t'
               << line.agency << '\n';
    };
  }
  const GenStats stats = GeneratePetitions(opts, *out);
  if (manifest.is_open() && !manifest.flush()) return Fail("--manifest: write failed");
  out->flush();
  if (!*out) return Fail("write failed");
  uint64_t bad = 0;
  for (uint64_t b : stats.bad) bad += b;
  std::cerr << fmt::format("pakn gen: {} lines ({} good, {} malformed), seed {}\n",
                           stats.good + bad, stats.good, bad, cmd.seed);
  return 0;
}

}  // namespace pakn::apps
