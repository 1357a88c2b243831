// pakn normalize: raw lines on stdin → one normalized line each on stdout, for operators
// cleaning data files and for tests (issue 3). Lines may be UTF-8 or a legacy encoding.
#include <iostream>
#include <memory>
#include <string>

#include "apps/cli.h"
#include "apps/commands.h"
#include "apps/reader_common.h"
#include "base/strings.h"
#include "classify/legacy_encoding.h"
#include "classify/normalizer.h"
#include "classify/text_cleaner.h"
#include "fmt/format.h"
#include "ingest/processor.h"
#include "simdjson.h"

namespace pakn::apps {
namespace {

std::optional<classify::LegacyEncoding> EncodingNamed(std::string_view name) {
  using classify::LegacyEncoding;
  for (LegacyEncoding e : {LegacyEncoding::kTcvn3, LegacyEncoding::kVni, LegacyEncoding::kViscii,
                           LegacyEncoding::kCp1258})
    if (classify::LegacyEncodingName(e) == name) return e;
  return std::nullopt;
}

}  // namespace

int RunNormalize(const NormalizeCommand& cmd) {
  if (cmd.style != "old" && cmd.style != "new")
    return Fail(
        InvalidArgumentError(fmt::format("--style: expected old or new, got '{}'", cmd.style)));
  const bool legacy_named = EncodingNamed(cmd.from).has_value();
  if (!legacy_named && cmd.from != "auto" && cmd.from != "utf8" && cmd.from != "viqr")
    return Fail(InvalidArgumentError(
        fmt::format("--from: expected auto, utf8, tcvn3, vni, viscii, cp1258 or viqr, "
                    "got '{}'",
                    cmd.from)));
  auto normalizer = classify::Normalizer::Create();
  if (!normalizer.ok()) return Fail(normalizer.status().message());
  const classify::ToneStyle style =
      cmd.style == "new" ? classify::ToneStyle::kNew : classify::ToneStyle::kOld;
  const classify::TextCleaner cleaner(normalizer->get(), {.tone_style = style});
  const classify::TextCleaner plain(
      normalizer->get(), {.tone_style = style, .repair_mojibake = false, .decode_viqr = false});

  std::ios::sync_with_stdio(false);
  std::string line;
  uint64_t number = 0, bad = 0;
  while (std::getline(std::cin, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string text;
    std::vector<std::string> repairs;
    const bool utf8 = simdjson::validate_utf8(line.data(), line.size());
    if (legacy_named) {
      text = classify::DecodeLegacy(line, *EncodingNamed(cmd.from));
      repairs.push_back(StrCat("encoding:", cmd.from));
    } else if (!utf8 && cmd.from == "auto") {
      if (auto e = classify::DetectLegacyEncoding(line)) {
        text = classify::DecodeLegacy(line, *e);
        repairs.push_back(StrCat("encoding:", classify::LegacyEncodingName(*e)));
      } else {
        ++bad;
        fmt::print(stderr,
                   "pakn normalize: line {}: not UTF-8 and no legacy encoding recognised; "
                   "invalid bytes replaced by U+FFFD (use --from to name the encoding)\n",
                   number);
        text = line;
      }
    } else if (!utf8) {
      ++bad;
      fmt::print(stderr,
                 "pakn normalize: line {}: invalid UTF-8; invalid bytes replaced by U+FFFD\n",
                 number);
      text = line;
    } else {
      text = line;
      if (cmd.from == "viqr" && !classify::DecodeViqrIfDetected(text))
        fmt::print(stderr, "pakn normalize: line {}: no VIQR recognised, kept as is\n", number);
    }
    if (const classify::MarkRun run = classify::LongestMarkRun(text);
        run.length > classify::kMaxCombiningMarks) {
      ++bad;
      fmt::print(stderr,
                 "pakn normalize: line {}: a run of {} combining marks at byte {}; expected at "
                 "most {} on one letter: line left out\n",
                 number, run.length, run.at, classify::kMaxCombiningMarks);
      fmt::print(stdout, "\n");  // one output line per input line
      continue;
    }
    // The cleaner repairs mojibake and decodes VIQR in UTF-8 text (not after a named
    // legacy decode, nor for --from utf8, which asks for none of that).
    const classify::TextCleaner& use = (legacy_named || cmd.from == "utf8") ? plain : cleaner;
    classify::CleanText clean = use.Clean(text);
    classify::TextCleaner::MergeRepairs(clean.repairs, repairs);
    std::string out = cmd.key ? (*normalizer)->SearchKeyFromCanonical(clean.canonical)
                              : std::move(clean.canonical);
    if (cmd.repairs) out = StrCat(out, "\t", StrJoin(repairs, ","));
    out.push_back('\n');
    fmt::print(stdout, "{}", out);
  }
  std::fflush(stdout);
  return bad == 0 ? 0 : 1;
}

std::vector<Command> AddNormalizeCommand(CLI::App& app) {
  auto held = std::make_shared<NormalizeCommand>();
  NormalizeCommand& normalize = *held;
  auto* s_normalize = app.add_subcommand(
      "normalize", "normalize text lines from stdin (legacy encodings, mojibake, tone marks)");
  s_normalize->add_option("--style", normalize.style, "tone placement: old (hòa) or new (hoà)")
      ->capture_default_str();
  s_normalize
      ->add_option("--from", normalize.from,
                   "input: auto, utf8, tcvn3, vni, viscii, cp1258 or viqr")
      ->capture_default_str();
  s_normalize->add_flag("--key", normalize.key, "print the diacritic-free search key");
  s_normalize->add_flag("--repairs", normalize.repairs, "append a tab and the repairs made");

  return {{s_normalize, [held] { return RunNormalize(*held); }}};
}

}  // namespace pakn::apps
