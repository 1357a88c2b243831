"""pakn reroute, and the operator tools that had no test: normalize and rules test.

reroute: 1,500 petitions are stored; one petition about potholes ("ổ gà") is taken in hand by an
operator (accepted and assigned elsewhere); then a decisive rule sending potholes to the police
is added. The oracle is the records themselves and the text, not the router:
  - --dry-run writes nothing (every record's JSON as before) and announces N changes;
  - the real run changes exactly N records; every changed record was open to rerouting (received
    or accepted, at its routed agency), mentions "o ga" in its diacritic-free text, is now at
    CONG-AN by the new rule with a `rerouted` event last; every pothole petition open to
    rerouting and not already at CONG-AN is among them; the one in hand is not; every other
    record is byte-for-byte as before; the printed moves add up to the changes;
  - running it again changes nothing.
normalize: legacy and damaged text in, expected canonical text, search key and repairs out;
a line with a run of 17 combining marks is left out (an empty line keeps the others in place)
with a warning naming the line (exit 1).
rules test: petitions in, one decision each (topic, agency, method), and a malformed line named.
"""
import collections
import json
import os
import re
import unicodedata

from harness import Workspace, check, log, pakn, produce, run, PAKN, vn_time

ws = Workspace("reroute", partitions=3)
data, manifest = ws.gen(1500, seed=91)
produce(ws.topic, data)
ws.ingest()
ids = [k for _, k, verdict, _ in manifest if verdict == "ok"]
check(ws.count() == len(ids), "stored")
NOW = vn_time()


def fold(text):
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " " + re.sub(r"[^0-9a-z]+", " ", text) + " "


def records():
    out = pakn("show", "--json", "--now", NOW, "--config", ws.config, *ids).stdout.decode()
    return {json.loads(l)["id"]: l for l in out.splitlines() if l.strip()}


def open_to_reroute(r):
    return r["status"] in ("received", "accepted") and r["agency"] == r["route"]["agency"]


before = records()
potholes = [i for i in ids if " o ga " in fold(json.loads(before[i])["title"] + " " +
                                             json.loads(before[i])["content"])]
check(len(potholes) >= 5, f"the corpus has pothole petitions ({len(potholes)})")
in_hand = potholes[0]
for action, extra in (("accept", []), ("assign", ["--agency", "SO-XD", "--to", "cb.tran"])):
    rc, out, err = ws.track(action, in_hand, *extra, local=True)
    check(rc == 0 and out["outcome"] == "applied", f"{action} {in_hand}: {out} {err}")
before = records()

with open(os.path.join(ws.path("routing"), "rules", "05-police-potholes.toml"), "w") as f:
    f.write('[[rule]]\nid = "test.o-ga-cong-an"\ndescription = "test: potholes to the police"\n'
            'order = 1\ndecisive = true\nany = ["ổ gà"]\nagency = "CONG-AN"\ntopic = "giao_thong"\n')
days = sorted(json.loads(l)["day"] for l in before.values())
span = ["--from", days[0], "--to", days[-1], "--config", ws.config, "--now", NOW]

dry = pakn("reroute", *span, "--dry-run").stdout.decode()
would = int(re.search(r"(\d+) would change", dry).group(1))
check(records() == before, "--dry-run writes nothing")
done = pakn("reroute", *span).stdout.decode()
changed_n = int(re.search(r"(\d+) changed", done).group(1))
after = records()
changed = {i for i in ids if after[i] != before[i]}
check(changed_n == would == len(changed) > 0,
      f"dry run {would}, real run {changed_n}, records changed {len(changed)}")
moves = collections.Counter()
for i in changed:
    b, a = json.loads(before[i]), json.loads(after[i])
    check(open_to_reroute(b), f"{i}: was open to rerouting ({b['status']} at {b['agency']})")
    check(" o ga " in fold(b["title"] + " " + b["content"]), f"{i}: mentions potholes")
    check(a["agency"] == "CONG-AN" and a["route"]["rule_id"] == "test.o-ga-cong-an",
          f"{i}: now at CONG-AN by the new rule: {a['agency']} {a['route']['rule_id']}")
    check(a["history"][-1]["type"] == "rerouted", f"{i}: a rerouted event last")
    moves[f"{b['route']['agency']}/{b['route']['topic']} -> CONG-AN/giao_thong"] += 1
expected = {i for i in potholes if open_to_reroute(json.loads(before[i])) and
            json.loads(before[i])["agency"] != "CONG-AN"}
check(expected <= changed, f"every pothole petition open to rerouting moved: missing "
      f"{sorted(expected - changed)[:5]}")
check(in_hand not in changed, "the petition in an operator's hands stays")
printed = collections.Counter({m.group(2): int(m.group(1))
                               for m in re.finditer(r"^\s+(\d+)\s+(.+)$", done, re.M)})
check(printed == moves, f"the printed moves add up: {dict(printed)} vs {dict(moves)}")
again = pakn("reroute", *span).stdout.decode()
check(" 0 changed" in again and records() == after, f"a second run changes nothing: {again}")
log(f"reroute: {len(changed)} of {len(potholes)} pothole petitions moved to CONG-AN")

# normalize
lines = ["Tru+o+`ng ho.c bi. xuo^'ng ca^'p",               # VIQR
         "Hoa\u0300 bi\u0300nh, thu\u0309y lo\u031b\u0323i",  # decomposed, new style
         "Ph\u00e1\u00ba\u00a3n \u00c3\u00a1nh",              # UTF-8 read as cp1252
         "a" + "\u0301" * 17,                                 # 17 marks on one letter
         "Kh\u00f4ng c\u00f3 g\u00ec"]                        # already clean
proc = run([PAKN, "normalize", "--repairs"], input="\n".join(lines).encode() + b"\n",
           check_rc=False)
out = proc.stdout.decode().splitlines()
check(proc.returncode == 1 and b"line 4" in proc.stderr, f"the marks line named, exit 1: "
      f"{proc.returncode} {proc.stderr.decode()}")
check(out == ["Trường học bị xuống cấp\tviqr", "Hòa bình, thủy lợi\ttone:style",
              "Phản ánh\tmojibake:utf8-as-cp1252", "", "Không có gì\t"],
      f"normalize: {out}")
proc = run([PAKN, "normalize", "--key"], input="Trường HỌC, Đà Nẵng\n".encode())
check(proc.stdout.decode().strip() == "truong hoc da nang", f"--key: {proc.stdout}")
proc = run([PAKN, "normalize", "--style", "new"], input="hòa thủy\n".encode())
check(proc.stdout.decode().strip() == "hoà thuỷ", f"--style new: {proc.stdout}")

# rules test
sample = [json.loads(l) for l in open(os.path.join(os.environ.get("PAKN_ROOT", "."),
                                                 "tests/data/routing/tune.jsonl"))][:40]
for s in sample:
    s.pop("label")
body = "\n".join(json.dumps(s, ensure_ascii=False) for s in sample) + "\n{broken\n"
proc = run([PAKN, "rules", "test", "--json", "--rules", ws.path("routing")],
           input=body.encode(), check_rc=False)
decisions = [json.loads(l) for l in proc.stdout.decode().splitlines() if l.strip()]
check(len(decisions) == len(sample), f"one decision per petition ({len(decisions)})")
got = [d["explanation"]["decision"] for d in decisions]
check(all(g.get("topic") and g.get("agency") for g in got), f"decisions: {got[:2]}")
check([d["id"] for d in decisions] == [s["id"] for s in sample], "in input order")
check(proc.returncode != 0 and b"41" in proc.stderr, f"the malformed line is named: "
      f"{proc.returncode} {proc.stderr.decode()[-300:]}")
log("PASS")
