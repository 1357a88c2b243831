#include "pipeline/petition_check.h"

#include <optional>
#include <utility>

#include "base/strings.h"
#include "base/time.h"
#include "model/json_reader.h"

namespace pakn::pipeline {
namespace {

// A petition's submission time: within the plausible years (base/time.h), and at most a day
// after its message reached Kafka (clock skew). A timestamp that is itself implausible (none
// was available) bounds nothing. (An event's time gets the years only, in track's checks:
// an operator may date an act ahead.)
std::optional<Rejection> ImplausibleSubmission(const Petition& p, int64_t message_ms) {
  std::string why(OutsidePlausibleYears(p.submitted_at_ms));
  if (why.empty() && OutsidePlausibleYears(message_ms).empty() &&
      p.submitted_at_ms > message_ms + kMillisPerDay)
    why = StrCat("is more than a day after the message reached Kafka (", LocalDateTime(message_ms),
                 ")");
  if (why.empty()) return std::nullopt;
  return MakeRejection(RejectCode::kBadValue, "$.submitted_at",
                       StrCat("'", p.submitted_at.substr(0, 40), "' ", why));
}

}  // namespace

std::variant<CheckedPetition, Rejection> CheckPetition(PetitionParser& parser,
                                                       const classify::TextCleaner& cleaner,
                                                       std::string_view payload,
                                                       int64_t message_ms) {
  ParseResult parsed = parser.Parse(payload);
  if (auto* rejection = std::get_if<Rejection>(&parsed)) return std::move(*rejection);
  CheckedPetition out;
  out.petition = std::move(std::get<Petition>(parsed));
  Petition& p = out.petition;
  if (auto bad = ImplausibleSubmission(p, message_ms)) return std::move(*bad);
  // Work budget of the text: a run of thousands of marks is an attack on canonical ordering
  // (ICU reorders a run by insertion, quadratic in its length: 80,000 alternating U+0301
  // U+0323 cost 7.7 s).
  for (const auto& [field, text] : {std::pair{"$.title", &p.title}, {"$.content", &p.content}}) {
    if (const classify::MarkRun run = classify::LongestMarkRun(*text);
        run.length > classify::kMaxCombiningMarks)
      return MakeRejection(RejectCode::kBadValue, field,
                           StrCat("a run of ", run.length, " combining marks at byte ", run.at,
                                  " of the text; expected at most ", classify::kMaxCombiningMarks,
                                  " on one letter (Vietnamese needs two)"));
  }
  classify::CleanText title = cleaner.Clean(p.title);
  classify::CleanText content = cleaner.Clean(p.content);
  p.title = std::move(title.canonical);
  p.content = std::move(content.canonical);
  out.repairs = std::move(title.repairs);
  classify::TextCleaner::MergeRepairs(content.repairs, out.repairs);
  if (p.title.empty() || p.content.empty()) {
    // Text made only of invisible characters is no text: a rejection, not an empty record.
    const char* field = p.title.empty() ? "$.title" : "$.content";
    return Rejection{RejectCode::kBadValue, field,
                     StrCat("bad_value: ", field,
                            ": expected visible text, got only spaces or invisible characters")};
  }
  return out;
}

}  // namespace pakn::pipeline
