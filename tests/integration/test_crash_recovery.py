"""kill -9 of pakn ingest at random points mid-stream, ten times, on a 6-partition topic.

20,000 petitions wait on the topic; ten times, ingest is started and, once it is writing,
killed (SIGKILL) at a random instant; then one last run catches up. After every kill the
stored offsets must add up to the stored records (they are written together). The store must then hold exactly 20,000 records,
no history event twice, and the stored offsets at the end of every partition (docs/design.md 1).
"""
import os
import random

from harness import Workspace, check, end_offsets, log, produce

N = 20_000
PARTITIONS = 6
KILLS = 10

rng = random.Random(int(os.environ.get("PAKN_TEST_SEED", "20261126")))
# Static membership: a restarted instance takes its partitions back at once instead of waiting
# for the killed member's session to expire. Small batches: many commits to land a kill in.
# Each run is killed after writing a random 900-1,800 messages (it logs every batch at debug
# level), so all ten kills land while it is writing, at a random point of a batch.
ws = Workspace("crash", partitions=PARTITIONS,
               extra_kafka_properties={"group.instance.id": "pakn-crash-test"},
               ingest={"batch_max_messages": 50, "batch_max_wait_ms": 20},
               log_level="debug")
data, manifest = ws.gen(N, seed=23)
ids = [key for _, key, _, _ in manifest]
produce(ws.topic, data)

mid_stream = 0
previous = 0
for k in range(KILLS):
    check(ws.kill_while_writing(rng, previous, N, step=1800),
          f"kill {k + 1} came after the whole stream was stored: slow ingest down further")
    stored = ws.count()
    offsets = ws.offsets()
    log(f"kill {k + 1}: {stored} records stored, offsets {sorted(offsets.items())}")
    # Atomicity: the records and the offsets moved together, at every kill.
    check(sum(offsets.values()) == stored, f"offsets sum {sum(offsets.values())} == records {stored}")
    check(stored >= previous, "nothing written is lost")
    if 0 < stored < N:
        mid_stream += 1
    previous = stored
check(mid_stream == KILLS, f"all {KILLS} kills hit mid-stream (got {mid_stream})")

final = ws.ingest()
log(final.stderr.decode().splitlines()[-1])
check(ws.count() == N, f"exactly {N} records after {KILLS} kills, got {ws.count()}")
records = ws.show_json(ids)
check(len(records) == N, "every id retrievable")
twice = [r["id"] for r in records
         if [(e["seq"], e["type"]) for e in r["history"]] != [(0, "received"), (1, "routed")]]
check(not twice, f"no history event twice: {twice[:5]}")
ends = end_offsets(ws.topic, PARTITIONS)
check(ws.offsets() == ends, f"stored offsets {ws.offsets()} at the end {ends}")
log("PASS")
