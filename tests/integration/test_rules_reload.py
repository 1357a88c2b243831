"""Routing rules changed while ingest runs: SIGHUP → validate → swap between two batches.

Ingest runs while petitions flow. First an invalid rule set is installed and SIGHUP sent: the
running rules stay (logged with the error). Then a valid change (a new decisive rule sending
every "ổ gà" complaint to the police) and SIGHUP. Every petition must be stored (none lost),
each decided by exactly one of the two valid rule sets (its stored ruleset_version), the
ones after the swap by the new rule, and the history's `routed` event names the same version.
"""
import json
import os
import re
import signal
import time

from harness import Workspace, check, log, pakn, produce

ws = Workspace("reload", partitions=3)
routing = ws.path("routing")


def stored():
    proc = pakn("query", "--count", "--config", ws.config, check_rc=False)
    return int(proc.stdout.decode().strip()) if proc.returncode == 0 else 0


def version():
    out = pakn("rules", "check", routing).stdout.decode()
    return re.search(r"version ([0-9a-f]{16})", out).group(1)


v1 = version()
data1, m1 = ws.gen(1500, seed=41, name="before.tsv")
data2, m2 = ws.gen(1500, seed=42, name="after.tsv")
ids1 = [k for _, k, verdict, _ in m1 if verdict == "ok"]
# `pakn gen` ids depend on the line index only: give the second wave ids of its own.
with open(data2) as f:
    lines = f.read().splitlines()
with open(data2, "w") as f:
    for line in lines:
        key, payload = line.split("\t", 1)
        f.write(f"W2-{key}\t{payload.replace(json.dumps(key), json.dumps('W2-' + key), 1)}\n")
ids2 = ["W2-" + k for _, k, verdict, _ in m2 if verdict == "ok"]

ingest = ws.start_ingest()
produce(ws.topic, data1)
deadline = time.time() + 60
while time.time() < deadline and stored() < len(ids1):
    time.sleep(0.3)
check(ws.count() == len(ids1), "first wave stored")

# 1. An invalid change: the running rules stay.
bad = os.path.join(routing, "rules", "05-bad.toml")
with open(bad, "w") as f:
    f.write('[[rule]]\nid = "broken"\nany = ["ổ gà"]\nagency = "NO-SUCH-AGENCY"\n'
            'topic = "giao_thong"\n')
ingest.send_signal(signal.SIGHUP)
time.sleep(1.5)
log_text = open(ws.path("ingest.log"), errors="replace").read()
check("not reloaded" in log_text and "NO-SUCH-AGENCY" in log_text,
      "the invalid set is refused with its error in the log")
check(ingest.poll() is None, "ingest keeps running")
os.remove(bad)

# 2. A valid change.
with open(os.path.join(routing, "rules", "05-police-potholes.toml"), "w") as f:
    f.write('[[rule]]\nid = "test.o-ga-cong-an"\ndescription = "test: potholes to the police"\n'
            'order = 1\ndecisive = true\nany = ["ổ gà"]\nagency = "CONG-AN"\ntopic = "giao_thong"\n')
v2 = version()
check(v2 != v1, "the change makes a new version")
ingest.send_signal(signal.SIGHUP)
deadline = time.time() + 10
while time.time() < deadline and f"-> {v2}" not in open(ws.path("ingest.log"),
                                                        errors="replace").read():
    time.sleep(0.2)
check(f"-> {v2}" in open(ws.path("ingest.log"), errors="replace").read(), "swap logged")

produce(ws.topic, data2)
total = len(ids1) + len(ids2)
deadline = time.time() + 60
while time.time() < deadline and stored() < total:
    time.sleep(0.3)
ingest.send_signal(signal.SIGTERM)
ingest.wait(timeout=60)
check(ws.count() == total, f"none lost: {ws.count()} of {total}")

before = ws.show_json(ids1)
after = ws.show_json(ids2)
for rec in before + after:
    v = rec["route"]["ruleset_version"]
    check(v in (v1, v2), f"{rec['id']}: decided by a valid set, got {v}")
    routed = [e for e in rec["history"] if e["type"] == "routed"][0]
    check(routed["detail"]["ruleset_version"] == v, "history names the same version")
check(all(r["route"]["ruleset_version"] == v1 for r in before), "first wave by the old set")
check(all(r["route"]["ruleset_version"] == v2 for r in after), "second wave by the new set")
potholes = [r for r in after if r["route"]["rule_id"] == "test.o-ga-cong-an"]
check(potholes and all(r["route"]["agency"] == "CONG-AN" for r in potholes),
      f"the new rule routes: {len(potholes)} potholes to the police")
log(f"v1 {v1} -> v2 {v2}; {len(potholes)} petitions routed by the new rule")
log("PASS")
