"""kill -9 of pakn ingest while tracking events flow: nothing lost, nothing applied twice.

1,000 petitions are stored first. Then 4,000 events (accept, assign, start, respond for each
petition, in that order on the petition's key, so per-partition order is the lifecycle's), plus
200 deliberate duplicates (the same event_id again, as a producer retry would send), wait on a
3-partition events topic. Ingest is started and killed (SIGKILL) mid-stream five times, then
catches up. Every petition must end `answered` with the history
received, routed, accepted, assigned, started, answered — each action exactly once — and the
stored offsets of the events topic must be its end offsets.
"""
import json
import os
import random

from harness import Workspace, check, end_offsets, log, pakn, produce, vn_time

N = 1_000
KILLS = 5
rng = random.Random(int(os.environ.get("PAKN_TEST_SEED", "20261126")))

ws = Workspace("trackcrash", partitions=3, events_partitions=3,
               extra_kafka_properties={"group.instance.id": "pakn-trackcrash-test"},
               ingest={"batch_max_messages": 40, "batch_max_wait_ms": 20},
               log_level="debug")
data, manifest = ws.gen(N, seed=31)
ids = [key for _, key, verdict, _ in manifest if verdict == "ok"]
produce(ws.topic, data)
ws.ingest()
check(ws.count() == len(ids), "petitions stored")

lines = []
for i, pid in enumerate(ids):
    for step, (action, extra) in enumerate([("accept", {}), ("assign", {"agency": "SO-XD"}),
                                            ("start", {}), ("respond", {"response": {
                                                "text": "Đã giải quyết"}})]):
        event = {"schema_version": 1, "event_id": f"crash-{i}-{step}", "petition_id": pid,
                 "type": action, "at": vn_time(days=step - 4, hour=9),
                 "actor": "it.crash", **extra}
        lines.append(pid + "\t" + json.dumps(event, ensure_ascii=False))
# Producer retries: some events again, later in their partition (after their successor).
for line in rng.sample(lines, 200):
    lines.append(line)
with open(ws.path("events.tsv"), "w") as f:
    f.write("\n".join(lines) + "\n")
produce(ws.events, ws.path("events.tsv"))
total_events = len(lines)



def stored_event_offsets():
    out = {}
    for line in pakn("offsets", "--config", ws.config).stdout.decode().splitlines()[1:]:
        topic, partition, offset = line.split("\t")[:3]  # then end, lag
        if topic == ws.events:
            out[int(partition)] = int(offset)
    return out


# The petitions are all stored: from here on the runs write events only.
previous = 0
for k in range(KILLS):
    check(ws.kill_while_writing(rng, previous, total_events, step=700),
          f"kill {k + 1} came after all events were applied")
    done = sum(stored_event_offsets().values())
    log(f"kill {k + 1}: {done} of {total_events} events read and applied")
    check(previous <= done < total_events, "each kill lands mid-stream, nothing goes back")
    previous = done

final = ws.ingest()
log(final.stderr.decode().splitlines()[-1])
records = ws.show_json(ids)
bad = []
for r in records:
    types = [e["type"] for e in r["history"]]
    if r["status"] != "answered" or types != ["received", "routed", "accepted", "assigned",
                                               "started", "answered"]:
        bad.append((r["id"], r["status"], types))
check(not bad, f"{len(bad)} petitions with a lost or doubled action, e.g. {bad[:3]}")
ends = end_offsets(ws.events, 3)
stored = stored_event_offsets()
check(stored == ends, f"event offsets {stored} at the end {ends}")
count = int(pakn("query", "--config", ws.config, "--state", "answered", "--count")
            .stdout.decode())
check(count == len(ids), f"{count} answered")
log("PASS")
