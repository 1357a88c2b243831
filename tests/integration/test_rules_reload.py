"""Routing rules changed while ingest runs: validate → swap between two batches, under load.

Ingest runs with its fetch rate capped by a broker quota, so a wave of petitions takes many
seconds to flow. First an invalid rule set is installed and SIGHUP sent: the running rules stay
(logged with the error). Then, while the second wave is flowing, a valid change (a new decisive
rule sending every "ổ gà" complaint to the police) is written to the rules folder and nothing
else: ingest notices the file change by itself (it looks every 2 s between batches). Required:
every petition stored (none lost); each decided by exactly one of the two valid rule sets (its
stored ruleset_version, named again by its `routed` event); the first wave by the old set; the
second wave by both (swapped mid-wave); the third wave, produced after the swap, by the new rule.
Shown to fail: with reloads on SIGHUP only (FilesChanged ignored) the second wave is all v1.
"""
import json
import os
import re
import signal

from harness import Workspace, check, consumer_quota, log, pakn, produce, wait_for

CLIENT = f"pakn-it-reload-{os.getpid()}"
ws = Workspace("reload", partitions=3,
               extra_kafka_properties={"client.id": CLIENT, "max.partition.fetch.bytes": "65536"})
routing = ws.path("routing")


def version():
    out = pakn("rules", "check", routing).stdout.decode()
    return re.search(r"version ([0-9a-f]{16})", out).group(1)


def renamed(data, prefix):
    """`pakn-gen` ids depend on the line index only: give a wave ids of its own."""
    with open(data) as f:
        lines = f.read().splitlines()
    with open(data, "w") as f:
        for line in lines:
            key, payload = line.split("\t", 1)
            f.write(f"{prefix}{key}\t"
                    f"{payload.replace(json.dumps(key), json.dumps(prefix + key), 1)}\n")


v1 = version()
data1, m1 = ws.gen(600, seed=41, name="first.tsv")
data2, m2 = ws.gen(1500, seed=42, name="second.tsv")
data3, m3 = ws.gen(500, seed=43, name="third.tsv")
renamed(data2, "W2-")
renamed(data3, "W3-")
ids1 = [k for _, k, verdict, _ in m1 if verdict == "ok"]
ids2 = ["W2-" + k for _, k, verdict, _ in m2 if verdict == "ok"]
ids3 = ["W3-" + k for _, k, verdict, _ in m3 if verdict == "ok"]

consumer_quota(CLIENT, 64 * 1024)  # set before ingest starts: the broker applies it at once
ingest = ws.start_ingest()
produce(ws.topic, data1)
wait_for(lambda: ws.stored() == len(ids1), 90, "first wave stored", ingest)

# 1. An invalid change, announced by SIGHUP: the running rules stay.
bad = os.path.join(routing, "rules", "05-bad.toml")
with open(bad, "w") as f:
    f.write('[[rule]]\nid = "broken"\nany = ["ổ gà"]\nagency = "NO-SUCH-AGENCY"\n'
            'topic = "giao_thong"\n')
ingest.send_signal(signal.SIGHUP)
wait_for(lambda: "not reloaded" in ws.log_text(), 30, "the invalid set is refused", ingest)
check("NO-SUCH-AGENCY" in ws.log_text(), "the refusal names the error")
os.remove(bad)

# 2. A valid change while the second wave flows (about 1 MB compressed at 64 KB/s), no signal.
produce(ws.topic, data2)
wait_for(lambda: ws.stored() > len(ids1) + 100, 90, "the second wave is flowing", ingest)
with open(os.path.join(routing, "rules", "05-police-potholes.toml"), "w") as f:
    f.write('[[rule]]\nid = "test.o-ga-cong-an"\ndescription = "test: potholes to the police"\n'
            'order = 1\ndecisive = true\nany = ["ổ gà"]\nagency = "CONG-AN"\ntopic = "giao_thong"\n')
v2 = version()
check(v2 != v1, "the change makes a new version")
wait_for(lambda: f"-> {v2}" in ws.log_text(), 30, "the file change is noticed and the swap logged",
         ingest)
at_swap = ws.stored()
check("files changed" in ws.log_text(), "reloaded because the files changed")
check(at_swap < len(ids1) + len(ids2), f"swapped under load ({at_swap - len(ids1)} of "
      f"{len(ids2)} of the second wave stored at the swap)")
wait_for(lambda: ws.stored() == len(ids1) + len(ids2), 120, "second wave stored", ingest)
consumer_quota(CLIENT, None)

# 3. After the swap.
produce(ws.topic, data3)
total = len(ids1) + len(ids2) + len(ids3)
wait_for(lambda: ws.stored() == total, 90, "third wave stored", ingest)
ingest.send_signal(signal.SIGTERM)
ingest.wait(timeout=60)
check(ws.count() == total, f"none lost: {ws.count()} of {total}")

first, second, third = ws.show_json(ids1), ws.show_json(ids2), ws.show_json(ids3)
for rec in first + second + third:
    v = rec["route"]["ruleset_version"]
    check(v in (v1, v2), f"{rec['id']}: decided by a valid set, got {v}")
    routed = [e for e in rec["history"] if e["type"] == "routed"][0]
    check(routed["detail"]["ruleset_version"] == v, "history names the same version")
check(all(r["route"]["ruleset_version"] == v1 for r in first), "first wave by the old set")
check(all(r["route"]["ruleset_version"] == v2 for r in third), "third wave by the new set")
by_version = {v: sum(1 for r in second if r["route"]["ruleset_version"] == v) for v in (v1, v2)}
check(by_version[v1] > 0 and by_version[v2] > 0,
      f"the second wave is split by the swap: {by_version}")
potholes = [r for r in second + third if r["route"]["rule_id"] == "test.o-ga-cong-an"]
check(potholes and all(r["route"]["agency"] == "CONG-AN" for r in potholes),
      f"the new rule routes: {len(potholes)} potholes to the police")
log(f"v1 {v1} -> v2 {v2} on a file change with {at_swap - len(ids1)} of {len(ids2)} of the "
    f"second wave stored; second wave {by_version}; {len(potholes)} routed by the new rule")
log("PASS")
