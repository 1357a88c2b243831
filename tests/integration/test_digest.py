"""The digest end to end (issue 6): petitions through Kafka into the store, a few operator
actions, then `pakn digest` in every format and language with --verify (the counters equal a
recomputation from the records), no reporter's personal data in any output, and --publish to
the real broker twice: both messages carry the same key (date and scope) on a compacted topic,
so the second replaces the first.
"""
import datetime
import json

from harness import Workspace, check, consume_all, log, pakn, produce

ws = Workspace("digest", partitions=3)
data, manifest = ws.gen(400, seed=9, bad_ratio=0.05)
produce(ws.topic, data)
ws.ingest()
ids = [key for _, key, verdict, _ in manifest if verdict == "ok"]
check(ws.count() == len(ids), f"{len(ids)} petitions stored")

# Some tracking, applied locally (ingest is stopped).
for pid in ids[:20]:
    ws.track("accept", pid, local=True)
for pid in ids[:10]:
    ws.track("assign", pid, "--agency", "SO-XD", local=True)
    ws.track("start", pid, local=True)
    ws.track("respond", pid, "--text", "Đã trả lời", local=True)
for pid in ids[20:25]:
    ws.track("reject", pid, "--reason", "không đủ thông tin", local=True)

rows = [json.loads(l) for l in
        pakn("query", "--json", "--config", ws.config).stdout.decode().splitlines()]
days = sorted({r["day"] for r in rows})
# The operator actions above happened now (the clock): the range runs to today.
vn_now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7)))
today = vn_now.date().isoformat()
first, last = days[0], max(days[-1], today)
NOW = (vn_now + datetime.timedelta(minutes=5)).isoformat(timespec="seconds")

# Personal data of every reporter in the input.
secrets = set()
with open(data, encoding="utf-8", errors="replace") as f:
    for line in f:
        try:
            p = json.loads(line.split("\t", 1)[1])
        except (ValueError, IndexError):
            continue
        r = p.get("reporter") if isinstance(p, dict) else None
        if isinstance(r, dict):
            for k in ("name", "phone", "email", "national_id"):
                if isinstance(r.get(k), str) and len(r[k]) >= 5:
                    secrets.add(r[k])
check(len(secrets) > 300, f"reporter data to look for: {len(secrets)}")

outputs = {}
for fmt in ("json", "csv", "md", "html"):
    for lang in ("vi", "en"):
        out = ws.path(f"digest.{lang}.{fmt}")
        proc = pakn("digest", "--config", ws.config, "--from", first, "--to", last, "--format",
                    fmt, "--lang", lang, "--out", out, "--now", NOW, "--verify")
        check(b"counters equal a full recomputation" in proc.stderr, proc.stderr.decode())
        outputs[out] = open(out, encoding="utf-8").read()
for out, text in outputs.items():
    for s in secrets:
        check(s not in text, f"{out} contains reporter data {s!r}")
log(f"{len(outputs)} outputs, none with any of {len(secrets)} reporter values")

doc = json.loads(outputs[ws.path("digest.vi.json")])
check(doc["period"]["received"] == len(ids), f"received {doc['period']['received']}")
check(doc["period"]["answered"] == 10, f"answered {doc['period']['answered']}")
check(doc["period"]["rejected"] == 5, f"rejected {doc['period']['rejected']}")
check(doc["period"]["intake_rejected"] > 0, "malformed messages counted")
html = outputs[ws.path("digest.vi.html")]
check("http:" not in html and "https:" not in html, "HTML has no external reference")

# Per agency, per day: --verify too.
for day in days[:3]:
    pakn("digest", "--config", ws.config, "--date", day, "--agency", "SO-XD", "--now", NOW,
         "--verify", "--format", "json")

# Bad usage names the option.
proc = pakn("digest", "--config", ws.config, "--date", "2026-02-30", check_rc=False)
check(proc.returncode == 2 and b"--date" in proc.stderr, proc.stderr.decode())
proc = pakn("digest", "--config", ws.config, "--from", last, "--to", first, check_rc=False)
check(first == last or (proc.returncode == 2 and b"--from" in proc.stderr), proc.stderr.decode())
proc = pakn("digest", "--config", ws.config, "--date", last, "--format", "pdf", check_rc=False)
check(proc.returncode == 2 and b"--format" in proc.stderr, proc.stderr.decode())

# --publish, twice: same key, so compaction keeps only the latest.
topic = ws.topic.replace(".petitions", ".digest")
for _ in range(2):
    proc = pakn("digest", "--config", ws.config, "--date", last, "--publish", "--topic", topic,
                "--now", NOW)
    check(b"published " + last.encode() + b"/all" in proc.stderr, proc.stderr.decode())
messages = consume_all(topic)
check(len(messages) == 2, f"two publications: {len(messages)}")
check({m["key"] for m in messages} == {f"{last}/all"}, f"keys: {[m['key'] for m in messages]}")
check(len({m["partition"] for m in messages}) == 1, "one partition: order kept")
published = json.loads(messages[-1]["payload"])
check(published["schema_version"] == 1 and published["key"] == f"{last}/all", published["key"])
for s in secrets:
    check(s not in messages[-1]["payload"], f"published digest contains {s!r}")
log("PASS")
