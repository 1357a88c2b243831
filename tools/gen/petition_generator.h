// Synthetic petition ("phản ánh, kiến nghị") generator behind `pakn-gen` (tools/gen: test tooling).
//
// Writes JSON Lines in the pipeline's input format (docs/input-format.md,
// schemas/petition.schema.json): realistic Vietnamese petitions on the usual topics, placed in
// the 2025 administrative units, plus an optional share of malformed lines of every rejection
// kind, so the ingest path, the router and the dead-letter path can be exercised end to end.
//
// Contract:
//   * Deterministic: the same GenOptions give byte-identical output on every platform (own
//     PRNG, integer arithmetic only, no std::*_distribution, no locale).
//   * Exactly opts.count lines, each '\n'-terminated, with no other '\n' inside (strings are
//     JSON-escaped). With keyed=true a line is "<key>\t<json>\n".
//   * Petition ids are derived from the line index, so they are unique within a run; the same
//     seed reproduces the same ids (re-running is idempotent downstream).
//   * Exactly llround(count * bad_ratio) lines are malformed; their positions are pseudo-random
//     for the seed and their kinds are spread evenly (the per-kind counts differ by at most 1).
//     Each malformed line carries exactly one defect of its kind, so the pipeline's rejection
//     code for it is predictable (see LineInfo::field for where the defect is).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace pakn::gen {

// One malformation per kind; the order matches GenStats::bad and the rejection codes.
enum class BadKind {
  kInvalidJson,
  kInvalidUtf8,
  kMissingId,
  kWrongType,
  kBadValue,
  kOversized,
  kUnknownSchemaVersion
};
inline constexpr int kBadKindCount = 7;

// The pipeline's rejection code for a kind: "invalid_json", "invalid_utf8", "missing_field",
// "wrong_type", "bad_value", "oversized", "unknown_schema_version".
std::string_view BadKindCode(BadKind kind);

// What was written for one line; handed to GenOptions::on_line (tests, `pakn-gen --manifest`).
struct LineInfo {
  uint64_t index = 0;
  std::string_view key;    // the petition id (for bad lines the id it was meant to have)
  bool bad = false;
  BadKind kind = BadKind::kInvalidJson;  // meaningful only when bad
  std::string_view field;  // JSONPath of the defect, e.g. "$.submitted_at"; "$" if global
  std::string_view json;   // the line without key prefix and '\n'
  // The route the petition's text was written for: a topic code and an agency code of
  // config/routing/taxonomy.toml, set on each template by reading it (never by the router);
  // "unrouted" and "VP-UBND" for the deliberately vague petitions. For a bad line, those of
  // the good petition it was damaged from (an oversized line's filler mixes other topics).
  std::string_view topic;
  std::string_view agency;
};

struct GenOptions {
  uint64_t count = 1000;             // lines to write
  uint64_t seed = 1;                 // same seed -> byte-identical output
  double bad_ratio = 0.0;            // share of malformed lines, clamped to 0..1
  size_t oversized_bytes = 2 << 20;  // content size (bytes) of a kOversized line
  bool keyed = false;                // prefix each line with "<key>\t" (key = petition id)
  // The petitions are dated in the 60 days before the day (UTC+7) of this instant, in ms since
  // the epoch. 0: 2026-11-26 00:00 +07:00, fixed, so that a seed gives byte-identical output
  // in benchmarks and tests; `pakn-gen` passes --now (default: the current time).
  int64_t end_ms = 0;
  std::function<void(const LineInfo&)> on_line;  // optional, called once per line in order
};

struct GenStats {
  uint64_t good = 0;
  uint64_t bad[kBadKindCount] = {};  // indexed by BadKind
};

// Writes opts.count JSON lines (one petition per line, '\n' terminated) to `out`.
// Deterministic; stops early only if `out` goes bad (the stats then count what was attempted).
GenStats GeneratePetitions(const GenOptions& opts, std::ostream& out);

// The same lines in memory, without their '\n' (benchmarks and tests).
std::vector<std::string> GeneratePetitionLines(const GenOptions& opts);

}  // namespace pakn::gen

