// The checks ingest makes of one petition message, in ingest's order, as one function: what
// `pakn ingest` applies to each Kafka message, what `pakn validate` runs offline and what
// `pakn serve` runs on a POST before producing. One function, so the three give the same
// rejection codes, fields and reasons (docs/input-format.md "Rejections").
//
//   PetitionParser parser;
//   auto checked = CheckPetition(parser, pipeline.cleaner(), payload, message_ms);
//   if (auto* r = std::get_if<Rejection>(&checked)) ... r->reason;
//
// The checks: the parser's (JSON, UTF-8, members, types, values, size); the submission time
// within the plausible years and at most a day after `message_ms` (when the message reached
// Kafka; the clock skew allowed); no run of more than classify::kMaxCombiningMarks combining
// marks in title or content; title and content visible text after cleaning.
//
// Thread safety: as the parser (one per thread); the cleaner is shared.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "classify/text_cleaner.h"
#include "model/petition.h"
#include "model/petition_parser.h"

namespace pakn::pipeline {

// A petition that passed: title and content hold the cleaned (canonical) text.
struct CheckedPetition {
  Petition petition;
  std::vector<std::string> repairs;  // what cleaning changed ("tone:style", ...)
};

std::variant<CheckedPetition, Rejection> CheckPetition(PetitionParser& parser,
                                                       const classify::TextCleaner& cleaner,
                                                       std::string_view payload,
                                                       int64_t message_ms);

}  // namespace pakn::pipeline
