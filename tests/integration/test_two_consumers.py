"""Two ingests in one consumer group, each with its own store: a rebalance each way.

A reads the first wave alone (all 6 partitions). B joins with a new store: a store that holds no
offsets where the group has read before is refused unless --rebuild (the first start of B
without it must fail with that reason), so B starts with --rebuild; the group splits the
partitions, A writes what it read from the ones it gives up before releasing them, and B reads
its share from the beginning. A second wave then goes to whichever holds each partition: every
petition of it stored by exactly one of the two, and each store's offsets, for the partitions
it holds, at the topic's end. B stops; its partitions return to A, which resumes them from the
offsets in its own store; after a third wave A's store holds every petition of the three waves
once, at the end offsets: nothing lost across two rebalances.
"""
import json
import os
import signal
import subprocess

from harness import (PAKN, Workspace, _children, check, end_offsets, log, pakn, produce,
                     wait_for)

PARTITIONS = 6
ws = Workspace("twoconsumers", partitions=PARTITIONS)
config_b = ws.path("pakn-b.toml")
with open(ws.config) as f:
    text = f.read()
check('path = "data"' in text, "the workspace config names the store")
with open(config_b, "w") as f:
    f.write(text.replace('path = "data"', 'path = "data-b"'))


def waves():
    data, manifest = ws.gen(4500, seed=61)
    with open(data, "rb") as f:
        lines = f.read().split(b"\n")[:-1]
    keys = [k for _, k, verdict, _ in manifest]
    out = []
    for n, (lo, hi) in enumerate([(0, 1500), (1500, 3000), (3000, 4500)]):
        path = ws.path(f"wave{n + 1}.tsv")
        with open(path, "wb") as f:
            f.write(b"\n".join(lines[lo:hi]) + b"\n")
        out.append((path, keys[lo:hi]))
    return out


def offsets(config):
    proc = pakn("offsets", "--config", config, check_rc=False)
    result = {}
    if proc.returncode == 0:
        for line in proc.stdout.decode().splitlines()[1:]:
            topic, partition, offset = line.split("\t")[:3]  # then end, lag
            if topic == ws.topic:
                result[int(partition)] = int(offset)
    return result


def ids_in(config, keys):
    """The keys that this store holds."""
    held = set()
    for start in range(0, len(keys), 2000):
        proc = pakn("show", "--json", "--config", config, *keys[start:start + 2000], check_rc=False)
        for line in proc.stdout.decode().splitlines():
            if line.strip():
                held.add(json.loads(line)["id"])
    return held


(w1, k1), (w2, k2), (w3, k3) = waves()
produce(ws.topic, w1)
a = ws.start_ingest()
wait_for(lambda: ws.stored() == len(k1), 90, "A stores the first wave")
ends = end_offsets(ws.topic, PARTITIONS)
check(offsets(ws.config) == ends, "A holds every partition, at the end")

# B without --rebuild: refused, and no store left behind.
proc = pakn("ingest", "--config", config_b, "--until-caught-up", check_rc=False, timeout=120)
check(proc.returncode == 1 and b"it holds no offsets for partitions" in proc.stderr,
      f"a new store in a group that has read is refused: {proc.stderr.decode()[-400:]}")
check(not os.path.exists(ws.path("data-b")), "the empty store is removed")

log_b = ws.path("ingest-b.log")
b_out = open(log_b, "ab")
b = subprocess.Popen([PAKN, "ingest", "--config", config_b, "--rebuild"], stdout=b_out,
                     stderr=b_out)
_children.append(b)
wait_for(lambda: len(offsets(config_b)) > 0, 90, "B is assigned partitions and stores them")
wait_for(lambda: b"revoked" in open(ws.path("ingest.log"), "rb").read(), 30, "A gave some up")

produce(ws.topic, w2)
ends = end_offsets(ws.topic, PARTITIONS)


def split_done():
    oa, ob = offsets(ws.config), offsets(config_b)
    held_b = set(ob)
    # A's offsets for the partitions it gave up stay where they were when it gave them up.
    return held_b and all(ob[p] == ends[p] for p in held_b) and all(
        oa.get(p) == ends[p] for p in range(PARTITIONS) if p not in held_b)


wait_for(split_done, 120, "the second wave stored, each partition by its holder")
held_b = set(offsets(config_b))
check(0 < len(held_b) < PARTITIONS, f"the partitions are split: B holds {sorted(held_b)}")
in_a, in_b = ids_in(ws.config, k2), ids_in(config_b, k2)
check(in_a | in_b == set(k2), f"every petition of the second wave stored ({len(in_a | in_b)} "
      f"of {len(k2)})")
check(not (in_a & in_b), f"none by both ({len(in_a & in_b)})")
log(f"split: B holds partitions {sorted(held_b)}; second wave {len(in_a)} in A, {len(in_b)} in B")

# B stops: its partitions return to A (after B's session ends: static membership).
b.send_signal(signal.SIGTERM)
check(b.wait(timeout=60) == 0, "B stops cleanly")
produce(ws.topic, w3)
ends = end_offsets(ws.topic, PARTITIONS)
wait_for(lambda: offsets(ws.config) == ends, 120, "A takes every partition back, to the end")
held = ids_in(ws.config, k1 + k2 + k3)
check(held == set(k1 + k2 + k3), f"A holds all three waves: {len(held)} of {len(k1 + k2 + k3)}")
check(ws.stored() == len(k1 + k2 + k3), "and nothing else, once each")
a.send_signal(signal.SIGTERM)
check(a.wait(timeout=60) == 0, "A stops cleanly")
log("PASS")
