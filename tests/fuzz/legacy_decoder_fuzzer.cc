// libFuzzer target: every legacy decoder and the detector on arbitrary bytes; every decoder's
// output must be valid UTF-8 (decoders are total), and the mojibake repair of that output too.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "classify/legacy_encoding.h"
#include "simdjson.h"

using namespace pakn::classify;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (LegacyEncoding e : {LegacyEncoding::kTcvn3, LegacyEncoding::kVni, LegacyEncoding::kViscii,
                           LegacyEncoding::kCp1258}) {
    const std::string out = DecodeLegacy(bytes, e);
    if (!simdjson::validate_utf8(out.data(), out.size())) std::abort();
    if (auto fix = RepairMojibake(out))
      if (!simdjson::validate_utf8(fix->text.data(), fix->text.size())) std::abort();
  }
  (void)DetectLegacyEncoding(bytes);
  if (simdjson::validate_utf8(bytes.data(), bytes.size())) {
    if (auto fix = RepairMojibake(bytes))
      if (!simdjson::validate_utf8(fix->text.data(), fix->text.size())) std::abort();
    if (auto viqr = DecodeViqrIfDetected(bytes))
      if (!simdjson::validate_utf8(viqr->data(), viqr->size())) std::abort();
  }
  return 0;
}
