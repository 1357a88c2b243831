"""A restarted ingest gets its partitions back within seconds (static group membership).

Ingest stores a first wave, is killed with SIGKILL, a second wave is produced, and ingest is
started again. With Kafka's default session timeout (45 s, set here explicitly) a dynamic member
would wait for the dead member's session to expire before the group rebalances; pakn derives a
group.instance.id from the host and the store, so the broker hands the restarted instance its
partitions at once. The test measures the time from the restart to the first record of the
second wave in the store, and requires it to be well under the session timeout. With
PAKN_TEST_STATIC=0 it runs with static membership turned off ("group.instance.id" = ""), to
show that the same check then fails.
"""
import os
import time

from harness import Workspace, check, log, produce, wait_for

SESSION_MS = 45_000
static = os.environ.get("PAKN_TEST_STATIC", "1") != "0"
props = {"session.timeout.ms": str(SESSION_MS), "heartbeat.interval.ms": "3000"}
if not static:
    props["group.instance.id"] = ""
ws = Workspace("restart", partitions=3, extra_kafka_properties=props)
data, manifest = ws.gen(2000, seed=7)
with open(data) as f:
    lines = f.read().splitlines()
first, second = ws.path("first.tsv"), ws.path("second.tsv")
with open(first, "w") as f:
    f.write("\n".join(lines[:1000]) + "\n")
with open(second, "w") as f:
    f.write("\n".join(lines[1000:]) + "\n")
good_first = sum(1 for i, _, verdict, *_ in manifest if verdict == "ok" and int(i) < 1000)
good_all = sum(1 for _, _, verdict, *_ in manifest if verdict == "ok")


produce(ws.topic, first)
ingest = ws.start_ingest()
wait_for(lambda: ws.stored() == good_first, 90, f"first wave stored ({good_first})")
ingest.kill()  # SIGKILL: no LeaveGroup, the broker still counts the member
ingest.wait()
produce(ws.topic, second)

restart = time.time()
ingest = ws.start_ingest()
wait_for(lambda: ws.stored() > good_first, 120, "the second wave reaches the store")
elapsed = time.time() - restart
log(f"restart to first stored message: {elapsed:.1f} s (static membership {'on' if static else 'off'}, "
    f"session timeout {SESSION_MS / 1000:.0f} s)")
check(elapsed < SESSION_MS / 1000 / 3,
      f"restart to first stored message {elapsed:.1f} s < {SESSION_MS / 3000:.0f} s")
wait_for(lambda: ws.stored() == good_all, 120, f"all {good_all} stored, none twice")
ingest.terminate()
ingest.wait()
log("PASS")
