// Parses one petition message (JSON, docs/input-format.md) with simdjson's on-demand API.
//
//   PetitionParser parser({.max_message_bytes = 1 << 20});
//   ParseResult r = parser.Parse(payload);
//   if (auto* p = std::get_if<Petition>(&r)) ...; else std::get<Rejection>(r).reason
//
// Untrusted input is never asserted on: every failure becomes a Rejection that names the field
// and what was expected. Unknown members are accepted (they stay in the stored raw payload) but
// are still checked to be well-formed JSON.
// Thread safety: a parser holds simdjson buffers; use one per thread.
#pragma once

#include <memory>
#include <string_view>
#include <variant>

#include "model/petition.h"

namespace pakn {

struct PetitionParserOptions {
  // Larger messages are rejected as `oversized` without being parsed. Default 1 MiB.
  size_t max_message_bytes = 1 << 20;
};

using ParseResult = std::variant<Petition, Rejection>;

class PetitionParser {
 public:
  explicit PetitionParser(PetitionParserOptions options = {});
  ~PetitionParser();
  PetitionParser(const PetitionParser&) = delete;
  PetitionParser& operator=(const PetitionParser&) = delete;

  ParseResult Parse(std::string_view payload);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pakn
