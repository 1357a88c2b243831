// pakn-gen: realistic synthetic petitions as JSON lines (docs/input-format.md), with an
// optional share of malformed lines of every rejection kind and a manifest of what each line
// should become. Test tooling: the integration tests, the benchmarks and the demo use it; it
// is not part of the product (`pakn`).
#include "apps/cli.h"
#include "tools/gen/gen_command.h"

int main(int argc, char** argv) {
  using pakn::apps::WholeNumber;
  pakn::gen::GenCommand gen;
  CLI::App app{"pakn-gen: realistic synthetic petitions as JSON lines (test tooling)"};
  app.add_option("--count", gen.count, "how many")
      ->capture_default_str()
      ->check(WholeNumber(0, 1'000'000'000));
  app.add_option("--seed", gen.seed, "random seed")
      ->capture_default_str()
      ->check(WholeNumber(0, pakn::apps::kU64Max));
  app.add_option("--bad-ratio", gen.bad_ratio, "share of malformed lines, 0..1")
      ->capture_default_str();
  app.add_option("--oversized-bytes", gen.oversized_bytes, "content size of an oversized line")
      ->capture_default_str()
      ->check(WholeNumber(1, 1 << 30));
  app.add_flag("--keyed", gen.keyed, "prefix each line with '<id>\\t' (for kcat -K'\\t')");
  app.add_option("--now", gen.now,
                 "RFC 3339 instant: petitions are dated in the 60 days before its day "
                 "(default: now, so a demo has on-time, due-soon and overdue petitions)");
  app.add_option("--out", gen.out, "output file (default stdout)");
  app.add_option("--manifest", gen.manifest,
                 "write index, key, expected verdict, defect path, intended topic and "
                 "intended agency of each line (TSV)");
  pakn::apps::RefuseEmptyValues(&app);
  if (int rc = pakn::apps::ParseCommandLine(app, "pakn-gen", argc, argv); rc >= 0) return rc;
  return pakn::apps::Exit("pakn-gen", pakn::gen::RunGen(gen));
}
