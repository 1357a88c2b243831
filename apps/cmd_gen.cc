#include <fstream>
#include <iostream>

#include "apps/commands.h"
#include "apps/petition_generator.h"
#include "apps/reader_common.h"
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
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (!cmd.out.empty()) {
    file.open(cmd.out, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(fmt::format("--out: cannot write {}", cmd.out));
    out = &file;
  }
  const GenStats stats = GeneratePetitions(opts, *out);
  out->flush();
  if (!*out) return Fail("write failed");
  uint64_t bad = 0;
  for (uint64_t b : stats.bad) bad += b;
  std::cerr << fmt::format("pakn gen: {} lines ({} good, {} malformed), seed {}\n",
                           stats.good + bad, stats.good, bad, cmd.seed);
  return 0;
}

}  // namespace pakn::apps
