"""SIGTERM / SIGINT: ingest finishes the batch it is reading, writes it with its offsets and
exits 0; readers work while ingest runs and see it progress."""
import os
import signal
import time

from harness import Workspace, check, consumer_quota, end_offsets, log, produce

N = 20_000
# The broker throttles this client to about 250 petitions/s (small fetches, 256 KB/s, after a
# first ~2.5 MB its quota window lets through), so both rounds stop mid-stream however fast
# ingest is: unthrottled, CI's second round drained the topic before the readers saw progress.
CLIENT = f"it-signals-{os.getpid()}"
ws = Workspace("signals", partitions=4, ingest={"batch_max_messages": 50, "batch_max_wait_ms": 20},
               extra_kafka_properties={"client.id": CLIENT, "max.partition.fetch.bytes": "65536"})
data, manifest = ws.gen(N, seed=31)
produce(ws.topic, data)
consumer_quota(CLIENT, 256 * 1024)

for sig in (signal.SIGTERM, signal.SIGINT):
    before = ws.count() if sig == signal.SIGINT else 0
    proc = ws.start_ingest()
    seen = []
    deadline = time.time() + 60
    # Readers while the writer runs: the count must grow and never go back.
    while time.time() < deadline and len(set(seen)) < 3 and proc.poll() is None:
        seen.append(sum(ws.offsets().values()))
        time.sleep(0.05)
    check(proc.poll() is None, "ingest still running while readers read")
    check(seen == sorted(seen) and len(set(seen)) >= 3 and seen[-1] > before,
          f"readers saw progress: {seen[:20]}")
    proc.send_signal(sig)
    try:
        rc = proc.wait(timeout=20)
    except Exception:
        proc.kill()
        raise
    stored, offsets = ws.count(), ws.offsets()
    log(f"{signal.Signals(sig).name}: exit {rc}, {stored} records, offsets sum {sum(offsets.values())}")
    check(rc == 0, f"exit 0 on {signal.Signals(sig).name}, got {rc}")
    check(sum(offsets.values()) == stored, "the last batch was written with its offsets")
    check(0 < stored < N, "stopped mid-stream")

with open(ws.path("ingest.log"), "rb") as f:
    text = f.read()
check(b"pakn ingest:" in text, "summary printed on stop")
consumer_quota(CLIENT, None)
ws.ingest()
check(ws.count() == N, f"a later run completes: {ws.count()} of {N}")
check(ws.offsets() == end_offsets(ws.topic, 4), "offsets at the end")
log("PASS")
