#!/usr/bin/env bash
# tests/fuzz/run.sh BUILD_DIR TARGET SECONDS: builds one libFuzzer target with clang (ASan +
# UBSan + fuzzer) from the project's sources into BUILD_DIR/fuzz, then runs it for SECONDS on
# its seed corpus (tests/fuzz/corpus/TARGET, copied so that the fuzzer's new inputs stay in
# the build folder). Exit 0 when no crash, no failed property and no input slower than the
# per-input limit was found.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$1/fuzz"; target="$2"; seconds="$3"
mkdir -p "$out"
command -v clang++ >/dev/null || { echo "clang++ not found (scripts/setup installs it)"; exit 1; }

classify="$root/classify/normalizer.cc $root/classify/text_cleaner.cc $root/classify/vn_syllable.cc
  $root/classify/vn_syllable_tables.cc $root/classify/legacy_encoding.cc
  $root/classify/legacy_encoding_mojibake.cc $root/classify/legacy_encoding_tables.cc
  $root/classify/legacy_encoding_vietnamese.cc $root/classify/legacy_encoding_viqr.cc
  $root/base/status.cc"
case "$target" in
  text_cleaner_fuzzer|legacy_decoder_fuzzer) sources="$classify" ;;
  petition_parser_fuzzer) sources="$root/model/json_reader.cc $root/model/json_syntax.cc $root/model/petition_parser.cc
    $root/base/time.cc $root/base/status.cc" ;;
  *) echo "unknown target $target"; exit 2 ;;
esac
bin="$out/$target"
# Rebuild when any source or header it may include changed since the last build.
if [ ! -x "$bin" ] || [ -n "$(find "$root/base" "$root/classify" "$root/model" "$root/tests/fuzz" \
      -newer "$bin" \( -name '*.cc' -o -name '*.h' -o -name '*.sh' \) -print -quit)" ]; then
  # shellcheck disable=SC2086
  clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$root" "$root/tests/fuzz/$target.cc" $sources \
    $(pkg-config --cflags --libs icu-uc icu-i18n simdjson fmt) -o "$bin"
fi
corpus="$out/corpus-$target"
mkdir -p "$corpus"
cp -n "$root/tests/fuzz/corpus/$target"/* "$corpus"/ 2>/dev/null || true
# Inputs up to 64 KiB, so that a cost that grows faster than the input shows (issue 13), and a
# per-input limit: an input that takes over 2 s (under ASan, ~10x slower than a release
# build: a 64 KiB petition takes ~50 ms there) is a failure, saved as a timeout- artifact.
# -report_slow_units names inputs over 1 s, before they reach the limit.
"$bin" -max_total_time="$seconds" -max_len=65536 -timeout=2 -report_slow_units=1 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/$target-" "$corpus" 2>&1 |
  tail -25
