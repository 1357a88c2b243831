// pakn rules export-corrections: the petitions operators corrected (`pakn transfer --topic`) as
// labelled training rows for `pakn rules train` and `pakn rules eval` (docs/operator-guide.md
// "Corrections become labels").
//
// Registration (apps/main.cc), under the `rules` subcommand:
//   ExportCorrectionsCommand corrections;
//   CLI::App* s_corrections = AddExportCorrectionsCommand(*s_rules, corrections);
//   ...
//   if (*s_corrections) return RunExportCorrections(corrections);   // before `if (*s_rules)`
//
// One JSON line per corrected petition: the current version's payload exactly as received
// (docs/input-format.md), with a first member "label" added:
//   {"label":{"topic":"giao_thong","agency":"SO-XD","province":"79","place":"location"},
//    "schema_version":1,"id":"...",...}
// topic: the corrected topic; agency: the agency holding it now (the last transfer's); province:
// the resolved province code or ""; place: "location" (from the location members), "text"
// (found in the title or content) or "none".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "CLI/CLI.hpp"
#include "apps/commands.h"
#include "base/status.h"
#include "store/record.h"

namespace pakn::apps {

struct ExportCorrectionsCommand {
  StoreLocation where;
  std::string from, to;  // submission days YYYY-MM-DD, inclusive; "" = unbounded
  std::string out;       // the JSON-lines file ("-" = stdout)
};

// Adds `export-corrections` under `parent` (the `rules` subcommand) and returns it.
CLI::App* AddExportCorrectionsCommand(CLI::App& parent, ExportCorrectionsCommand& cmd);
int RunExportCorrections(const ExportCorrectionsCommand& cmd);

// The label of a stored petition: its corrected topic, the agency holding it, its resolved
// province. nullopt when no operator corrected its topic.
struct CorrectionLabel {
  std::string topic, agency, province, place;
};
std::optional<CorrectionLabel> CorrectionLabelOf(const store::StoredPetition& p);

// One training row: `payload` (a JSON object, as received) with `"label":{...}` as its first
// member, on one line (line breaks between tokens become spaces; JSON strings cannot hold raw
// ones). Fails when the payload is not an object or already has a top-level "label" member
// (the row would have it twice, which readers refuse).
StatusOr<std::string> LabelledLine(std::string_view payload, const CorrectionLabel& label);

}  // namespace pakn::apps
