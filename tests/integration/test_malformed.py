"""5% malformed input of every kind: each one is a stored rejection AND on the dead-letter topic
with its reason and origin; every good one is stored."""
import collections

from harness import Workspace, check, consume_all, log, pakn, produce
import json

N = 4_000
ws = Workspace("malformed", partitions=3)
data, manifest = ws.gen(N, seed=5, bad_ratio=0.05)
bad = {key: (verdict, field) for _, key, verdict, field in manifest if verdict != "ok"}
good = [key for _, key, verdict, _ in manifest if verdict == "ok"]
kinds = collections.Counter(v for v, _ in bad.values())
log("malformed kinds:", dict(kinds))
check(len(kinds) == 7 and len(bad) == N // 20, "every kind of bad input is present")
produce(ws.topic, data)
ws.ingest()

check(ws.count() == len(good), f"every good one stored: {ws.count()} of {len(good)}")
check(len(ws.show_json(good)) == len(good), "every good id retrievable")

rejected = [json.loads(l) for l in
            pakn("rejected", "--json", "--config", ws.config).stdout.decode().splitlines()]
check(len(rejected) == len(bad), f"{len(bad)} rejections stored, got {len(rejected)}")
by_key = {r["key"]: r for r in rejected}
for key, (verdict, field) in bad.items():
    r = by_key.get(key)
    check(r is not None, f"rejection stored for {key}")
    check(r["code"] == verdict, f"{key}: expected {verdict}, got {r['code']} ({r['reason']})")
    if field != "$":
        check(r["field"] == field, f"{key}: field {field}, got {r['field']} ({r['reason']})")
    check(r["reason"].startswith(verdict + ": "), f"reason names the code: {r['reason']}")
    check(r["bytes"] > 0, "raw bytes kept")

dead = consume_all(ws.dlq)
check(len(dead) == len(bad), f"{len(bad)} dead letters on {ws.dlq}, got {len(dead)}")
for m in dead:
    h = m["headers"]
    key = m["key"]
    check(key in bad, f"dead letter {key} is one of the bad inputs")
    check(h.get("pakn.code") == bad[key][0], f"{key}: header pakn.code")
    check(h.get("pakn.topic") == ws.topic, f"{key}: header pakn.topic")
    r = by_key[key]
    check(int(h["pakn.partition"]) == r["partition"] and int(h["pakn.offset"]) == r["offset"],
          f"{key}: origin partition/offset in headers")
    check(h.get("pakn.reason") == r["reason"], f"{key}: header pakn.reason")

# The outbox is empty once the broker has everything: a restart publishes nothing again.
again = ws.ingest()
check("0 dead letters published" in again.stderr.decode().splitlines()[-1],
      "nothing republished after acknowledgement")
check(len(consume_all(ws.dlq)) == len(bad), "no duplicate dead letters")
log("PASS")
