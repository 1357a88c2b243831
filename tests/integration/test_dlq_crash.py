"""Dead letters survive crashes: with kill -9 at random points while 10% of the input is
malformed, every rejection is stored exactly once and reaches the dead-letter topic at least
once; nothing stays in the outbox after a clean run.

A kill proves something only when it lands mid-stream with dead letters still unacknowledged:
the store's own counts say so (the offsets it holds are above 0 and below the input, and
`rejected --pending` lists outbox entries not yet acknowledged by the broker). At least one
kill must be such a kill, or the test fails instead of passing on crashes that missed.
Shown to fail: with the kills skipped (kill_while_writing returning at once) it fails on
"a kill landed mid-stream".
"""
import collections
import json
import os
import random

from harness import Workspace, check, consume_all, log, pakn, produce

N = 6_000
rng = random.Random(int(os.environ.get("PAKN_TEST_SEED", "7")))
ws = Workspace("dlqcrash", partitions=3,
               extra_kafka_properties={"group.instance.id": "pakn-dlq-crash"},
               ingest={"batch_max_messages": 40, "batch_max_wait_ms": 20}, log_level="debug")
data, manifest = ws.gen(N, seed=41, bad_ratio=0.10)
bad = {key: verdict for _, key, verdict, _ in manifest if verdict != "ok"}
produce(ws.topic, data)

previous = 0
telling = 0  # kills that landed mid-stream with dead letters in the outbox
for k in range(8):
    if not ws.kill_while_writing(rng, previous, N, step=1000):
        break
    previous = sum(ws.offsets().values())
    pending = pakn("rejected", "--pending", "--json", "--config", ws.config).stdout.splitlines()
    mid_stream = 0 < previous < N
    telling += mid_stream and len(pending) > 0
    log(f"kill {k + 1}: offsets sum {previous} of {N}, {len(pending)} dead letters not yet "
        f"acknowledged{'' if mid_stream else ' (not mid-stream)'}")
    if k >= 4 and telling:
        break
check(telling > 0, "a kill landed mid-stream with dead letters pending (the store's offsets "
      "and outbox say so)")

ws.ingest()
rejected = [json.loads(l) for l in
            pakn("rejected", "--json", "--config", ws.config).stdout.decode().splitlines()]
check(sorted(r["key"] for r in rejected) == sorted(bad), "every rejection stored exactly once")
pending = pakn("rejected", "--pending", "--config", ws.config).stdout.decode().strip()
check(pending == "", f"outbox empty after a clean run: {pending[:300]}")
dead = collections.Counter(m["key"] for m in consume_all(ws.dlq))
missing = [k for k in bad if dead[k] == 0]
check(not missing, f"every rejection on the DLQ topic at least once; missing {missing[:5]}")
log(f"dead letters: {sum(dead.values())} messages for {len(bad)} rejections "
    f"({sum(1 for k in bad if dead[k] > 1)} delivered more than once)")
log("PASS")
