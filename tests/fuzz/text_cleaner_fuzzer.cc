// libFuzzer target: the whole text pipeline (TextCleaner in both tone styles, search key) on
// arbitrary bytes made valid UTF-8 the way the parser guarantees. Properties checked, not just
// "no crash": output is valid UTF-8 and cleaning is idempotent.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "classify/text_cleaner.h"
#include "simdjson.h"

namespace {
using namespace pakn::classify;

const Normalizer& TheNormalizer() {
  static const auto n = std::move(*Normalizer::Create());
  return *n;
}

// Replaces ill-formed sequences with U+FFFD (the parser rejects them; the pipeline never sees
// them, so the fuzzer should not either).
std::string MakeUtf8(const uint8_t* data, size_t size) {
  std::string out;
  size_t i = 0;
  while (i < size) {
    size_t n = 1;
    const uint8_t c = data[i];
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) n = 3;
    else if (c >= 0xF0 && c <= 0xF4) n = 4;
    if (i + n <= size && simdjson::validate_utf8(reinterpret_cast<const char*>(data + i), n)) {
      out.append(reinterpret_cast<const char*>(data + i), n);
      i += n;
    } else {
      out.append("\xEF\xBF\xBD");
      i += 1;
    }
  }
  return out;
}

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  const std::string text = MakeUtf8(data, size);
  for (ToneStyle style : {ToneStyle::kOld, ToneStyle::kNew}) {
    const TextCleaner cleaner(&TheNormalizer(), {.tone_style = style});
    const std::string once = cleaner.Clean(text).canonical;
    Check(simdjson::validate_utf8(once.data(), once.size()));
    Check(cleaner.Clean(once).canonical == once);
    const std::string key = TheNormalizer().SearchKeyFromCanonical(once);
    Check(simdjson::validate_utf8(key.data(), key.size()));
  }
  return 0;
}
