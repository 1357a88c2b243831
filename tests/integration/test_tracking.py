"""Response tracking end to end: the operator commands through Kafka (ingest running) and in
local mode, every invalid transition refused and recorded, the same event twice, an event
before its petition, and the deadline queries on the result.
"""
import json
import time

from harness import (Workspace, check, consume_all, end_offsets, log, pakn, produce, run,
                     vn_time, BROKER)

ws = Workspace("tracking", partitions=3, events_partitions=3)
data, manifest = ws.gen(60, seed=5)
ids = [key for _, key, verdict, _ in manifest if verdict == "ok"]
produce(ws.topic, data)
ws.ingest()
check(ws.count() == len(ids), f"{len(ids)} petitions stored")

NOW = vn_time()  # the generated petitions are dated in the 60 days before now


def history(pid):
    rec = ws.show_json([pid])[0]
    return rec, [e["type"] for e in rec["history"]]


def expect_applied(action, pid, state, *args, local=False):
    rc, out, err = ws.track(action, pid, *args, local=local)
    check(rc == 0 and out and out["outcome"] == "applied" and out["state"] == state,
          f"{action} {pid} → {state}: rc {rc}, {out}, {err[-500:]}")
    return out


def expect_refused(action, pid, *args, local=False):
    rc, out, err = ws.track(action, pid, *args, local=local, check_rc=False)
    check(rc == 1 and out and out["outcome"] == "refused", f"{action} {pid} refused: {rc} {out}")
    check("allowed:" in out["reason"], f"the refusal names the allowed actions: {out['reason']}")
    return out


# --- Local mode (ingest stopped): one code path, the store written directly. ---------------
a = ids[0]
expect_refused("respond", a, "--text", "x", local=True)
expect_applied("accept", a, "accepted", local=True)
expect_refused("start", a, local=True)
expect_applied("assign", a, "assigned", "--agency", "SO-YT", "--to", "cb.tran", local=True)
expect_applied("start", a, "in_progress", local=True)
expect_applied("note", a, "in_progress", "--text", "Đang xác minh", "--public", local=True)
expect_applied("respond", a, "answered", "--text", "Đã xử lý", "--doc-number", "12/SYT",
               local=True)
expect_refused("reopen", a, "--reason", "r", local=True)
expect_applied("publish", a, "published", local=True)
expect_applied("close", a, "closed", local=True)
expect_applied("reopen", a, "in_progress", "--reason", "chưa thỏa đáng", local=True)
rec, types = history(a)
check(types == ["received", "routed", "refused", "accepted", "refused", "assigned", "started",
                "note", "answered", "refused", "published", "closed", "reopened"],
      f"local history: {types}")
check(rec["agency"] == "SO-YT" and rec["assignee"] == "cb.tran", f"agency/assignee: {rec}")
# Bad arguments are refused before anything is written, naming the option.
proc = pakn("assign", a, "--config", ws.config, "--local", "--actor", "x", "--agency",
            "bad agency", check_rc=False)
check(proc.returncode == 2 and b"--agency" in proc.stderr, proc.stderr.decode())
# Locally the store is the whole truth: a duplicate of a petition it does not hold is refused.
rc, out, err = ws.track("duplicate", a, "--of", "NO-SUCH-PETITION", local=True, check_rc=False)
check(rc == 3 and "--of: no petition with id 'NO-SUCH-PETITION'" in err, f"{rc} {err}")
proc = pakn("accept", "NO-SUCH-ID", "--config", ws.config, "--local", "--actor", "x",
            check_rc=False)
check(proc.returncode == 3 and b"no petition" in proc.stderr, proc.stderr.decode())

# transfer --topic (issue 12): the operator says what the petition is really about. The record
# gets it as corrected_topic; the route stays the router's decision.
fixed_local = ids[7]
routed_topic = ws.show_json([fixed_local])[0]["route"]["topic"]
expect_applied("accept", fixed_local, "accepted", local=True)
out = expect_applied("transfer", fixed_local, "assigned", "--agency", "SO-NNMT", "--reason",
                     "ô nhiễm, không phải xây dựng", "--topic", "moi_truong", local=True)
check(out.get("corrected_topic") == "moi_truong", f"transfer --topic --json: {out}")
rec, types = history(fixed_local)
check(rec.get("corrected_topic") == "moi_truong" and rec["agency"] == "SO-NNMT" and
      rec["route"]["topic"] == routed_topic, f"show --json after transfer --topic: {rec}")
detail = rec["history"][-1]["detail"]
check(types[-1] == "transferred" and detail.get("topic") == "moi_truong" and
      detail.get("topic_before") == routed_topic, f"the history shows the correction: {detail}")
text = pakn("show", fixed_local, "--config", ws.config).stdout.decode()
check("Corrected  topic moi_truong" in text, f"show (text): {text}")
# A topic that is not a code, or not one of the taxonomy's, is refused before anything is sent.
for bad, why in (("Môi trường", "--topic: expected a topic code"),
                 ("khong_co_chu_de", "--topic: 'khong_co_chu_de' is not a topic of the taxonomy")):
    rc, out, err = ws.track("transfer", fixed_local, "--agency", "SO-XD", "--reason", "r",
                            "--topic", bad, local=True, check_rc=False)
    check(rc == 2 and why in err, f"--topic {bad}: rc {rc}, {err}")
check(history(fixed_local)[1] == types, "refused options wrote nothing")

# --- Through Kafka, ingest running. --------------------------------------------------------
ingest = ws.start_ingest()
deadline = time.time() + 60
while b"] assigned " not in open(ws.path("ingest.log"), "rb").read():
    check(time.time() < deadline and ingest.poll() is None, "ingest joins its group")
    time.sleep(0.05)
b = ids[1]
started = time.time()
expect_applied("accept", b, "accepted")
expect_applied("assign", b, "assigned", "--agency", "SO-XD")
expect_applied("transfer", b, "assigned", "--agency", "CONG-AN", "--reason", "thuộc thẩm quyền")
expect_applied("start", b, "in_progress", "--to", "cb.pham")
expect_refused("publish", b)
expect_applied("respond", b, "answered", "--text", "Trả lời")
expect_applied("close", b, "closed")
log(f"7 commands through Kafka in {time.time() - started:.1f} s")
rec, types = history(b)
check(types == ["received", "routed", "accepted", "assigned", "transferred", "started",
                "refused", "answered", "closed"], f"kafka history: {types}")
check(rec["agency"] == "CONG-AN", f"transferred: {rec['agency']}")

# Side exits and redirect.
expect_applied("duplicate", ids[2], "duplicate", "--of", ids[3])
expect_applied("withdraw", ids[3], "withdrawn", "--reason", "công dân rút đơn")
expect_applied("reject", ids[4], "rejected_invalid", "--reason", "không đủ thông tin")
expect_applied("accept", ids[5], "accepted")
expect_applied("redirect", ids[5], "redirected_out", "--reason", "khiếu nại: Luật Khiếu nại")
expect_refused("accept", ids[4])

# transfer --topic through Kafka: the topic travels in the event.
fixed_kafka = ids[8]
expect_applied("accept", fixed_kafka, "accepted")
out = expect_applied("transfer", fixed_kafka, "assigned", "--agency", "SO-YT", "--reason",
                     "thuộc lĩnh vực y tế", "--topic", "y_te", "--to", "cb.le")
check(out.get("corrected_topic") == "y_te", f"transfer --topic through Kafka: {out}")
rec, types = history(fixed_kafka)
check(rec.get("corrected_topic") == "y_te" and rec["agency"] == "SO-YT" and
      rec["history"][-1]["detail"].get("topic") == "y_te", f"show --json: {rec}")

# The same event twice: same event_id through the CLI, and the same bytes again with kcat.
c = ids[6]
first = expect_applied("accept", c, "accepted", "--event-id", "it-dup-1")
second = expect_applied("accept", c, "accepted", "--event-id", "it-dup-1")
event = {"schema_version": 1, "event_id": "it-dup-2", "petition_id": c, "type": "assign",
         "at": NOW, "actor": "it.kcat", "agency": "SO-CT"}
with open(ws.path("dup.tsv"), "w") as f:
    for _ in range(3):
        f.write(c + "\t" + json.dumps(event, ensure_ascii=False) + "\n")
produce(ws.events, ws.path("dup.tsv"))

# An event before its petition: it waits, then applies when the petition arrives. The store
# itself says the event is held: the command reads the event's outcome from it ("pending").
# Shown to fail: with the pending path dropped (an event for an unknown petition refused) the
# outcome is "refused".
late = "IT-LATE-0001"
rc, out, err = ws.track("accept", late, "--event-id", "it-early-1")
check(rc == 0 and out and out["outcome"] == "pending",
      f"the early event is held as pending: rc {rc}, {out}, {err[-300:]}")
check(pakn("show", late, "--config", ws.config, check_rc=False).returncode == 3,
      "the petition is not there yet")
# And a malformed event: to the dead letters with its reason, never lost.
with open(ws.path("early.tsv"), "w") as f:
    f.write(late + "\t" + json.dumps({"schema_version": 1, "event_id": "it-bad-1",
                                       "petition_id": late, "type": "fly", "at": NOW,
                                       "actor": "x"}) + "\n")
produce(ws.events, ws.path("early.tsv"))
petition = json.loads(open(data).readline().split("\t", 1)[1])
petition["id"] = late
with open(ws.path("late.tsv"), "w") as f:
    f.write(late + "\t" + json.dumps(petition, ensure_ascii=False) + "\n")
produce(ws.topic, ws.path("late.tsv"))

deadline = time.time() + 30
while time.time() < deadline:
    proc = pakn("show", "--json", late, c, "--config", ws.config, check_rc=False)
    if proc.returncode == 0:
        recs = [json.loads(l) for l in proc.stdout.decode().splitlines()]
        if recs[0]["status"] == "accepted" and recs[1]["status"] == "assigned":
            break
    time.sleep(0.5)
rec, types = history(late)
check(types == ["received", "routed", "accepted"], f"the early event applied on arrival: {types}")
rec, types = history(c)
check(types == ["received", "routed", "accepted", "assigned"],
      f"each event applied once: {types}")

# Queries over what was done (index-backed, sorted by due date).
out = pakn("query", "--config", ws.config, "--state", "in_progress", "--json").stdout.decode()
got = sorted(json.loads(l)["id"] for l in out.splitlines())
check(got == sorted([a]), f"--state in_progress: {got}")
out = pakn("query", "--config", ws.config, "--overdue", "--now", vn_time(days=200),
           "--json").stdout.decode()
rows = [json.loads(l) for l in out.splitlines()]
dues = [r["due_at"] for r in rows]
check(dues == sorted(dues), "overdue list sorted by due date")
open_ids = {r["id"] for r in rows}
check(b not in open_ids and ids[2] not in open_ids and a in open_ids,
      "closed/duplicate petitions are not overdue; the reopened one is")
out = pakn("query", "--config", ws.config, "--assigned-to", "cb.tran", "--json").stdout.decode()
check([json.loads(l)["id"] for l in out.splitlines()] == [a], f"--assigned-to: {out}")

rejected = [json.loads(l) for l in
            pakn("rejected", "--json", "--config", ws.config).stdout.decode().splitlines()]
check(any(r["topic"] == ws.events and r["field"] == "$.type" and "fly" in r["reason"]
          for r in rejected), f"the malformed event is a dead letter: {rejected}")

# The corrections as labelled training rows (pakn rules export-corrections), while ingest runs:
# the two petitions transferred with --topic, not the one transferred without (b).
corrections = ws.path("corrections.jsonl")
proc = pakn("rules", "export-corrections", "--config", ws.config, "--out", corrections)
check(b"2 corrected petitions written" in proc.stdout, proc.stdout.decode())
rows = {}
with open(corrections, encoding="utf-8") as f:
    for line in f:
        row = json.loads(line)
        rows[row["id"]] = row
check(sorted(rows) == sorted([fixed_local, fixed_kafka]), f"exported: {sorted(rows)}")
sent = {}
with open(data, encoding="utf-8") as f:
    for line in f:
        key, payload = line.rstrip("\n").split("\t", 1)
        if key in rows:
            sent[key] = json.loads(payload)
for pid, topic, agency in ((fixed_local, "moi_truong", "SO-NNMT"), (fixed_kafka, "y_te", "SO-YT")):
    row = dict(rows[pid])
    label = row.pop("label")
    place = ws.show_json([pid])[0].get("place") or {}
    want = {"topic": topic, "agency": agency, "province": place.get("province_code", ""),
            "place": ("none" if not place.get("province_code") else
                      "text" if place.get("method") == "text" else "location")}
    check(label == want, f"{pid}: label {label}, expected {want}")
    check(row == sent[pid], f"{pid}: the row is the payload as sent")
# The format `pakn rules eval` reads.
proc = pakn("rules", "eval", "--rules", ws.path("routing"), "--labelled", corrections,
            check_rc=False)
check(proc.returncode == 0 and "2 petitions" in proc.stdout.decode(),
      f"rules eval on the export: rc {proc.returncode}\n{proc.stdout.decode()[-800:]}"
      f"{proc.stderr.decode()[-800:]}")
proc = pakn("rules", "export-corrections", "--config", ws.config, "--from", "2000-01-01",
            "--to", "2000-01-31", "--out", corrections)
check(b"0 corrected petitions" in proc.stdout and open(corrections).read() == "",
      f"--from/--to are submission days: {proc.stdout.decode()}")
proc = pakn("rules", "export-corrections", "--config", ws.config, "--from", "2026-13-01",
            "--out", corrections, check_rc=False)
check(proc.returncode == 2 and b"--from/--to" in proc.stderr, proc.stderr.decode())

ingest.send_signal(2)
ingest.wait(timeout=60)
check(ingest.returncode == 0, f"ingest stopped cleanly ({ingest.returncode})")
ends = end_offsets(ws.events, 3)
stored = {}
for line in pakn("offsets", "--config", ws.config).stdout.decode().splitlines()[1:]:
    topic, partition, offset = line.split("\t")[:3]  # then end, lag
    if topic == ws.events:
        stored[int(partition)] = int(offset)
check(all(stored.get(p, 0) == ends[p] for p in ends if ends[p] > 0),
      f"event offsets stored with their effects: {stored} vs {ends}")
log("PASS")
