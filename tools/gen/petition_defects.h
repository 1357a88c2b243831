// Internals of the petition generator: damaging a good petition in exactly one way, so that
// the pipeline's rejection code for the line is predictable. Contract of the kinds in
// petition_generator.h; the variants of each kind are listed in petition_defects.cc.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/gen/petition_generator.h"
#include "tools/gen/petition_json.h"
#include "tools/gen/petition_text.h"

namespace pakn::gen::gen_internal {

// A good petition plus what the defects need to make plausible wrong values.
struct Draft {
  Json doc = Json::Object();
  std::string id;
  int64_t unix_seconds = 0;  // submitted_at as a Unix time
  std::string local_time;    // submitted_at in local time without offset: 2026-11-25T08:15:30
  // The intended route (Issue::topic, Issue::agency; views into the static templates).
  std::string_view topic, agency;
};

struct Defect {
  std::string json;   // the damaged line, without key and '\n'
  std::string field;  // JSONPath of the defect ("$" when it is not one member)
};

// Serializes draft.doc with one defect of `kind`. For kOversized the caller has already grown
// the content; it is only serialized here. May modify draft.doc.
Defect WriteWithDefect(BadKind kind, Draft& draft, Rng& rng, const JsonStyle& style);

}  // namespace pakn::gen::gen_internal

