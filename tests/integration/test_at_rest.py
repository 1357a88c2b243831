"""Personal data at rest (issue 16): with a store key, nothing a citizen wrote can be read in
the store's files, in ingest's log (at debug level) or in any digest; revealing it is recorded
in the petition's history with who and why.

Hand-made petitions carry personal values found nowhere else (a name, a phone number, an
e-mail address, a national id, an address), in the reporter fields and in the title and text;
an operator's answer names the citizen too; a malformed message (kept in the store for the
dead-letter topic) carries the e-mail. They go through the real broker, ingest, the operator
commands and the digest. Then every byte of every file in the store's folder (tables, write-
ahead log, manifest, RocksDB's own log), ingest's log, the digests in all four formats and the
masked `pakn show` / `pakn query` output are searched for each value.

Retention: with store.keep_personal_data_years = 1, a petition submitted three years ago and
withdrawn then (the operator's act dated with --now) is erased by the pass ingest runs when it
starts: no text, no reporter, the history's entries kept with their types and actors but
without the withdrawal's reason (which named the citizen); the others are untouched.

Shown to fail: the same petitions into a store without a key leave the values readable in its
files (checked below as the control); with sealing switched off in Store::Seal the main check
fails on texts, payloads and rejections.
"""
import json
import os
import signal

from harness import Workspace, check, log, pakn, produce, vn_time, wait_for

NAME = "Đoàn Thị Kínđáo"
PHONE = "0977531864"
EMAIL = "kindao.atrest@quyenriengtu.vn"
NID = "079301004455"
ADDRESS = "số 99 ngõ Mậtkhẩu"  # the reporter's home (the petition's location is elsewhere)
SECRETS = [NAME, "Kínđáo", PHONE, "0977 531 864", EMAIL, "kindao.atrest", NID, ADDRESS,
           "Mậtkhẩu"]
# What the control run must find in the files of a store without a key: values written once
# in each column family's values, which RocksDB's LZ4 leaves as literal bytes.
CONTROL = [EMAIL, NID]


def hand_petitions(ws, template, count=3):
    """`count` petitions submitted 80 days ago (before every generated one) (overdue by now: the digest lists them)."""
    lines, ids = [], []
    for i in range(count):
        p = dict(template)
        p["id"] = f"ATREST-{i}"
        p["submitted_at"] = vn_time(days=-80, hour=9)
        p["title"] = f"Bà {NAME} phản ánh đèn đường hỏng"
        p["content"] = (f"Tôi là {NAME}, nhà ở {ADDRESS}. Đèn đường hỏng đã hai tuần. "
                        f"Xin gọi 0977 531 864 hoặc gửi thư tới {EMAIL}.")
        p["reporter"] = {"type": "citizen", "name": NAME, "phone": PHONE, "email": EMAIL,
                         "national_id": NID, "address": ADDRESS}
        lines.append(f"{p['id']}\t{json.dumps(p, ensure_ascii=False)}")
        ids.append(p["id"])
    # A malformed message: stored whole (for the dead-letter topic) in rejections/.
    lines.append(f'ATREST-BAD\t{{"id": "ATREST-BAD", "reporter": {{"email": "{EMAIL}", '
                 f'"national_id": "{NID}"')
    path = ws.path("hand.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path, ids


def files_holding(folder, values):
    """{file: [values found]} over every file below `folder`."""
    found = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            try:
                data = open(path, "rb").read()
            except OSError:
                continue
            hits = [v for v in values if v.encode() in data]
            if hits:
                found[os.path.relpath(path, folder)] = hits
    return found


# --- Control: no key, the values are readable in the store's files. ------------------------
plain = Workspace("atrest-plain", partitions=1, seal=False)
data, manifest = plain.gen(5, seed=41)
template = json.loads(open(data, encoding="utf-8").readline().split("\t", 1)[1])
hand, _ = hand_petitions(plain, template)
produce(plain.topic, hand)
plain.ingest()
found = files_holding(plain.store, CONTROL)
check(found, "control: a store without a key holds the values in clear")
log(f"control (no key): values readable in {sorted(found)}")

# --- Sealed: the store has a key (harness default). -----------------------------------------
ws = Workspace("atrest", partitions=2, log_level="debug",
               store={"keep_personal_data_years": 1})
data, manifest = ws.gen(300, seed=42)
hand, hand_ids = hand_petitions(ws, template)
old = dict(template, id="ATREST-OLD", submitted_at=vn_time(days=-3 * 365, hour=9),
           title=f"Bà {NAME} hỏi về đất", reporter={"type": "citizen", "name": NAME,
                                                     "phone": PHONE, "email": EMAIL})
with open(ws.path("old.tsv"), "w", encoding="utf-8") as f:
    f.write(f"ATREST-OLD\t{json.dumps(old, ensure_ascii=False)}\n")
produce(ws.topic, data)
produce(ws.topic, hand)
produce(ws.topic, ws.path("old.tsv"))
generated = [k for _, k, verdict, _ in manifest if verdict == "ok"]
ingest = ws.start_ingest()
wait_for(lambda: ws.stored() == len(generated) + len(hand_ids) + 1, 120,
         "all petitions stored", ingest)
rc, out, err = ws.track("withdraw", "ATREST-OLD", "--reason", f"bà {NAME} xin rút đơn", "--now",
                        vn_time(days=-3 * 365 + 2, hour=9))
check(rc == 0 and out["outcome"] == "applied", f"withdraw (3 years ago): {out} {err[-300:]}")

pid = hand_ids[0]
rec = ws.show_json([pid])[0]
check(EMAIL not in json.dumps(rec, ensure_ascii=False), f"show masks: {rec['reporter']}")
for action, args in [("accept", []), ("assign", ["--agency", rec["agency"]]), ("start", []),
                     ("respond", ["--text", f"Kính gửi bà {NAME}: đèn đã được thay."])]:
    rc, out, err = ws.track(action, pid, *args)
    check(rc == 0 and out["outcome"] == "applied", f"{action}: {out} {err[-300:]}")

# Revealing needs a reason, and is recorded (who, why) before anything is shown.
proc = pakn("show", pid, "--config", ws.config, "--reveal-pii", check_rc=False)
check(proc.returncode == 2 and b"--reason" in proc.stderr and not proc.stdout,
      f"--reveal-pii without --reason: rc {proc.returncode} {proc.stderr[-300:]}")
proc = pakn("show", pid, "--json", "--config", ws.config, "--reveal-pii", "--reason",
            "xác minh địa chỉ", "--actor", "it.auditor")
clear = json.loads(proc.stdout)
check(clear["reporter"]["email"] == EMAIL and clear["reporter"]["national_id"] == NID,
      f"revealed with the key: {clear['reporter']}")


def revealed():
    history = ws.show_json([pid])[0]["history"]
    return [e for e in history if e["type"] == "pii_revealed"]


wait_for(lambda: revealed(), 30, "the reveal is in the history", ingest)
entry = revealed()[0]
check(entry["actor"] == "it.auditor" and "xác minh địa chỉ" in json.dumps(entry, ensure_ascii=False),
      f"the history says who and why: {entry}")
check(ws.show_json([pid])[0]["status"] == "answered", "a reveal changes no state")

# Digests in every format, over the days of the hand petitions (overdue ones are listed).
day = vn_time(days=-80)[:10]
outputs = []
for fmt in ("json", "csv", "md", "html"):
    out = ws.path(f"digest.{fmt}")
    pakn("digest", "--config", ws.config, "--from", day, "--to", vn_time()[:10], "--format", fmt,
         "--out", out)
    outputs.append(out)
digest_json = open(outputs[0], encoding="utf-8").read()
check(any(h in digest_json for h in hand_ids[1:]),
      "the digest lists the overdue hand-made petitions (with their masked titles)")
for args, name in [(["show", *hand_ids, "--config", ws.config], "show.txt"),
                   (["show", "--json", *hand_ids, "--config", ws.config], "show.json"),
                   (["query", "--text", "den duong hong", "--config", ws.config], "query.txt"),
                   (["query", "--csv", "--config", ws.config], "query.csv")]:
    out = ws.path(name)
    open(out, "wb").write(pakn(*args).stdout)
    outputs.append(out)
check(pid in open(ws.path("query.txt"), encoding="utf-8").read(),
      "the text search finds the hand-made petitions through the sealed texts")

ingest.send_signal(signal.SIGTERM)
check(ingest.wait(60) == 0, "ingest stops cleanly")

# Retention: the pass at ingest's start erases the petition withdrawn three years ago.
before = ws.show_json(["ATREST-OLD"])[0]
check(EMAIL not in json.dumps(before) and before.get("personal_data_erased_at") is None,
      "not erased while ingest has not started again")
proc = ws.ingest()
check(b"personal data of 1 petitions and 0 rejected messages erased" in proc.stderr,
      f"ingest says what it erased: {proc.stderr.decode()[-1500:]}")
after = ws.show_json(["ATREST-OLD"])[0]
revealed_old = json.loads(pakn("show", "ATREST-OLD", "--json", "--config", ws.config,
                               "--reveal-pii", "--reason", "it: retention").stdout)
check(after.get("personal_data_erased_at") and after["status"] == "withdrawn",
      f"the record says when, and keeps its state: {after.get('personal_data_erased_at')}")
check(revealed_old["title"] == "" and revealed_old["content"] == "" and
      not revealed_old["reporter"].get("name") and not revealed_old["reporter"].get("email"),
      f"even revealed, nothing is left: {revealed_old['title']!r} {revealed_old['reporter']}")
check([e["type"] for e in after["history"]] == [e["type"] for e in before["history"]] and
      [e["actor"] for e in after["history"]] == [e["actor"] for e in before["history"]],
      f"the history keeps its shape: {[e['type'] for e in after['history']]}")
withdrawn = [e for e in after["history"] if e["type"] == "withdrawn"][0]
check("note" not in withdrawn["detail"] and withdrawn["detail"].get("erased") is True and
      withdrawn["detail"].get("to") == "withdrawn",
      f"the withdrawal keeps what happened, not the reason: {withdrawn['detail']}")
check(ws.show_json([pid])[0]["reporter"]["email"] != "", "recent petitions keep their data")

store_hits = files_holding(ws.store, SECRETS)
check(not store_hits, f"no store file holds personal data in clear: {store_hits}")
log_hits = [v for v in SECRETS if v in ws.log_text()]
check(not log_hits, f"ingest's log holds no personal data: {log_hits}")
for out in outputs:
    text = open(out, encoding="utf-8").read()
    hits = [v for v in SECRETS if v in text]
    check(not hits, f"{os.path.basename(out)} holds no personal data: {hits}")
files = sum(len(n) for _, _, n in os.walk(ws.store))
size = sum(os.path.getsize(os.path.join(r, f)) for r, _, n in os.walk(ws.store) for f in n)
log(f"sealed store: {files} files, {size} bytes, none holds any of {len(SECRETS)} values; "
    f"ingest log {len(ws.log_text())} bytes and {len(outputs)} outputs clean")
log("PASS")
