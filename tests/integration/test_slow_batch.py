"""A batch slower than the poll interval does not cost the consumer its group membership.

librdkafka takes a consumer out of its group when the application has not polled for
max.poll.interval.ms; ingest polls only between batches, so one slow batch (big messages of a
costly shape, one worker) made it leave the group and rebalance (issue 13). Now, once a batch
has taken a quarter of the interval (at most 1 s), ingest pauses its partitions and polls
while the pool works. Here: max.poll.interval.ms = session.timeout.ms = 6 s (the broker's
minimum session), one worker, 80 messages of about 1 MB of place names (the slowest shape of
bench/hostile_benchmark, ~0.13 s/MB) read as one batch: about 10 s of work. Required: the
batch was served (the "partitions paused" line), librdkafka never reports the poll interval
exceeded, the partitions are never revoked before the end, and all 80 are stored.
Shown to fail with the serving turned off (serve_after_ at an hour): MAXPOLL, then a revoke.
"""
import json
import time

from harness import Workspace, check, log, pakn, produce

COUNT = 80
ws = Workspace("slowbatch", partitions=1,
               extra_kafka_properties={"session.timeout.ms": "6000",
                                       "max.poll.interval.ms": "6000",
                                       "heartbeat.interval.ms": "1000"},
               ingest={"workers": 1, "batch_max_messages": 1000,
                       "batch_max_bytes": 512 << 20, "batch_max_wait_ms": 3000,
                       "max_message_bytes": 2 << 20})
unit = "phường 1 quận 3 TP Hồ Chí Minh "
content = unit * (1_000_000 // len(unit.encode()))
with open(ws.path("big.tsv"), "w") as f:
    for i in range(COUNT):
        petition = {"schema_version": 1, "id": f"SLOW-{i}", "channel": "email",
                    "submitted_at": "2026-11-25T08:00:00+07:00", "title": "Phản ánh",
                    "content": content}
        f.write(f"SLOW-{i}\t{json.dumps(petition, ensure_ascii=False)}\n")
produce(ws.topic, ws.path("big.tsv"))

start = time.time()
proc = pakn("ingest", "--config", ws.config, "--until-caught-up", timeout=300)
elapsed = time.time() - start
err = proc.stderr.decode(errors="replace")
lines = err.splitlines()
served = [l for l in lines if "partitions paused" in l]
maxpoll = [l for l in lines if "poll interval" in l.lower() or "MAXPOLL" in l]
revoked = [i for i, l in enumerate(lines) if "revoked" in l]
log(f"ingest of {COUNT} × 1 MB with one worker: {elapsed:.1f} s; {served[:1]}")
check(served, "the slow batch was served (partitions paused, consumer polled)")
check(not maxpoll, f"librdkafka never reports the poll interval exceeded: {maxpoll[:2]}")
summary = [i for i, l in enumerate(lines) if l.startswith("pakn ingest:")]
check(all(i > len(lines) - 4 for i in revoked),
      f"no revocation before the end of the run: {[lines[i] for i in revoked]}")
check(ws.count() == COUNT, f"all {COUNT} stored ({ws.count()})")
log("PASS")
