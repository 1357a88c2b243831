// libFuzzer target: the petition parser on arbitrary bytes: never crashes, and every
// rejection names a field and a reason that starts with its code.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "model/petition_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static pakn::PetitionParser parser({.max_message_bytes = 1 << 16});
  auto r = parser.Parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (auto* rej = std::get_if<pakn::Rejection>(&r)) {
    const std::string_view code = pakn::RejectCodeName(rej->code);
    if (rej->field.empty() || rej->field[0] != '$') std::abort();
    if (rej->reason.compare(0, code.size(), code) != 0) std::abort();
  }
  return 0;
}
