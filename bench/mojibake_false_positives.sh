#!/usr/bin/env bash
# bench/mojibake_false_positives.sh: how often encoding repair fires on clean text.
# Runs `pakn normalize --repairs` (the same cleaning as ingest) over clean corpora and counts
# the lines it changed with a mojibake or VIQR repair:
#   - the title and content of 50,000 generated petitions (clean Vietnamese),
#   - the licence texts and copyright files shipped on this machine (clean English/other),
#   - every text file given as an argument.
set -euo pipefail
cd "$(dirname "$0")/.."
PAKN=${PAKN_BIN:-build/release/apps/pakn}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$PAKN" gen --count 50000 --seed 9 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    p = json.loads(line)
    print(p["title"].replace("\n", " "))
    print(p["content"].replace("\n", " "))' > "$work/petitions.txt"
cat /usr/share/common-licenses/* /usr/share/doc/*/copyright 2>/dev/null > "$work/licenses.txt" || true

scan() {
  local name=$1 file=$2
  local lines changed
  lines=$(wc -l < "$file")
  changed=$("$PAKN" normalize --repairs < "$file" 2>/dev/null | grep -cE $'\t.*(mojibake|viqr)' || true)
  printf '| %s | %s | %s |\n' "$name" "$lines" "$changed"
}
echo "| corpus | lines | changed by mojibake/VIQR repair |"
echo "|---|---:|---:|"
scan "generated petitions (title, content)" "$work/petitions.txt"
scan "licences and copyright files" "$work/licenses.txt"
for f in "$@"; do scan "$f" "$f"; done
