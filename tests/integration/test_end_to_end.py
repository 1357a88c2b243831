"""20,000 petitions produced by kcat -> pakn ingest --until-caught-up -> every one stored once.

Also: a second run reads nothing new; producing the same 20,000 messages again changes
nothing (identical redelivery is a no-op); stored offsets equal the topic's end offsets; the
digest counters equal a full recomputation.
"""
import collections
import json
import re

from harness import Workspace, check, end_offsets, log, pakn, produce

N = 20_000
PARTITIONS = 6

ws = Workspace("e2e", partitions=PARTITIONS)
data, manifest = ws.gen(N, seed=11)
ids = [key for _, key, _, _ in manifest]
check(len(set(ids)) == N, "generator ids are unique")
produce(ws.topic, data)
ends = end_offsets(ws.topic, PARTITIONS)
check(sum(ends.values()) == N, f"topic holds {N} messages, got {ends}")

first = ws.ingest()
log(first.stderr.decode().splitlines()[-1])
check(ws.count() == N, f"query --count says {N}")
counted = json.loads(pakn("query", "--count", "--json", "--config", ws.config).stdout)
check(counted == {"count": N}, f"query --count --json: {counted}")
check(ws.offsets() == ends, f"stored offsets {ws.offsets()} == end offsets {ends}")

records = ws.show_json(ids)
check(len(records) == N, f"every id retrievable: {len(records)} of {N}")
check([r["id"] for r in records] == ids, "show returns the requested ids in order")
bad_history = [r["id"] for r in records if [e["type"] for e in r["history"]] != ["received", "routed"]]
check(not bad_history, f"history is received, routed: {bad_history[:5]}")
routed = collections.Counter(r["route"]["topic"] for r in records)
log("topics:", dict(routed.most_common()))
check(routed["unrouted"] < N * 0.2, "most generated petitions match a rule")
# Masking is test_show_masking.py's subject (every field, free text, --reveal-pii).

days = sorted({r["day"] for r in records})
for day in days[:: max(1, len(days) // 5)]:
    pakn("digest", "--config", ws.config, "--date", day, "--verify", "--format", "json")

again = ws.ingest()
summary = again.stderr.decode().splitlines()[-1]
log(summary)
check(re.search(r": 0 messages", summary) is not None, "a second run reads nothing new")

produce(ws.topic, data)  # the same bytes, at new offsets
third = ws.ingest()
summary = third.stderr.decode().splitlines()[-1]
log(summary)
check(f"{N} duplicate" in summary and "0 new" in summary, "redelivery is a no-op")
check(ws.count() == N, "still exactly N records")
records = ws.show_json(ids[:500])
check(all(len(r["history"]) == 2 for r in records), "no event added by redelivery")
check(ws.offsets() == end_offsets(ws.topic, PARTITIONS), "offsets at the end after redelivery")
log("PASS")
