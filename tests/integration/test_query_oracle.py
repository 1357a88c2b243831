"""`pakn query` against a brute-force oracle (issue "A green run that means what it says").

3,000 generated petitions (4% malformed, so rejected and never stored) go through Kafka into
the store, all but 150; then about 3,600 operator events (accept, assign, start, note, respond,
publish, close, reopen, transfer, reject, withdraw, duplicate, redirect) go through the events
topic, so that states, agencies, assignees, deadlines and progress-update dates vary; then the
150 held back (their events waited for them) and 120 amendments (new text, some another
channel or submission time). Transfers also go to `SO-X`, an agency code that is a prefix of
`SO-XD`, and the officers include `cb.an` and `cb.anh`, so index prefixes are tested too.

The oracle's input is every stored record as `pakn show --json` prints it (masked, for the
displayed title; and with --reveal-pii, for the text search), over every good id of the
generator's manifest (the bad ones are checked to be absent). Each filter is then applied in
plain Python from its documented meaning (docs/operator-guide.md, docs/events.md, the CLI's
help, store/query.h):
  --state S        status == S;  --agency A: agency now holding it;  --topic T: route topic
  --from/--to      local submission day, inclusive
  --text W         phrase on the search key (diacritics stripped, đ→d, lower case, every run
                   of non-letters/digits one space) of title + content: whole words, the last
                   word may be a prefix; "ô nhiễm", "o nhiem" and "Ô NHIỄM" are one search
  --overdue        open (received/accepted/assigned/in_progress) and due before --now
  --due-before D   open and due before D 00:00 (+07:00), or before an RFC 3339 instant
  --progress-update-due  open, late, and its progress update due at or before --now
  --assigned-to X  open and handled by X
and the result order is the documented one of the plan that answers it (query.h plan order,
keys of docs/architecture.md):
  idx_due, assignee run     --assigned-to                           due, then id
  idx_due, one agency run   --overdue/--due-before/--state open + --agency
  idx_due, skip-scan merge  --overdue, --due-before, --progress-update-due, --state in_progress
  idx_day                   --from/--to (alone, + agency, + text, + a closed state)   day, id
  idx_agency_status         --agency (alone, + state, + text, + topic)           status, id
  petitions scan            no filter, --topic, --text, --state answered/closed...      id
Each of the ~80 queries is compared as --json (ids in order, no id twice, every column) and
--count; 25 also as --csv (header and all nine columns, parsed with the csv module), a few
as --count --json. --status equals --state. --limit (0, 1, 3, and one below, at and above the
number of matches on some) gives the first N of the oracle's ordered result, in every plan;
--csv --limit 3 too. Boundaries: from == to on the busiest day, day ranges with no petitions,
--due-before a due day (excluded), the day after it (included) and RFC 3339 instants, --now
at a due instant (23:59:59 and 23:59:59.999, not yet overdue) and the next second, --now in
UTC (local days for days_overdue). --now is always given, so nothing depends on the clock. About 40 s.

This oracle found a bug (the last check): --progress-update-due with --now at a due instant
listed the petitions due then, which are not yet late (the index bound was now + 1). Fixed in
store/query.cc; StoreTracking tests the edge too.
"""
import collections
import csv
import datetime
import io
import json
import random
import re
import time
import unicodedata

from harness import Workspace, check, log, pakn, produce

STARTED = time.time()
N = 3000
NOW = "2026-11-26T10:00:07+07:00"  # odd seconds: no event or deadline falls on it
VN = datetime.timezone(datetime.timedelta(hours=7))
OPEN = ("received", "accepted", "assigned", "in_progress")
AGENCIES = ["SO-XD", "SO-NNMT", "SO-YT", "CONG-AN", "SO-X"]
OFFICERS = ["cb.an", "cb.anh", "cb.binh", "cb.chi"]

ws = Workspace("query-oracle", partitions=3)
# The scenario is a fixed timeline (events and --now in late 2026): the petitions are dated
# in the 60 days before 2026-11-26 to match it.
GEN_NOW = "2026-11-26T00:00:00+07:00"
data, manifest = ws.gen(N, seed=31, bad_ratio=0.04, now=GEN_NOW)
ids = [key for _, key, verdict, _ in manifest if verdict == "ok"]
bad_keys = [key for _, key, verdict, _ in manifest if verdict != "ok" and key]
check(len(set(ids)) == len(ids) and len(ids) > 2800, f"{len(ids)} unique good ids")
# Wave 1: all but the last 150 good petitions. Their events come first and wait for them.
held_back = set(ids[-150:])
wave1, wave2 = ws.path("wave1.tsv"), ws.path("wave2.tsv")
with open(data, "rb") as f, open(wave1, "wb") as w1, open(wave2, "wb") as w2:
    lines = f.read().splitlines(keepends=True)
    for line in lines:
        (w2 if line.split(b"\t", 1)[0].decode(errors="replace") in held_back else w1).write(line)
produce(ws.topic, wave1)
ws.ingest()

# --- Operator events through Kafka (the documented event format), applied by ingest. ---------
rng = random.Random(17)
order = ids[:]
rng.shuffle(order)
events = []


def stamp(t):
    return t.isoformat(timespec="seconds")


def act(pid, kind, t, **members):
    event = {"schema_version": 1, "event_id": f"qo-{len(events)}", "petition_id": pid,
             "type": kind, "at": stamp(t), "actor": "it.oracle", **members}
    events.append(pid + "\t" + json.dumps(event, ensure_ascii=False))


def start_time():
    return datetime.datetime(2026, 11, 1, 8, 0, tzinfo=VN) + datetime.timedelta(
        minutes=rng.randrange(0, 23 * 24 * 60))


untouched = order[1100:]
for i, pid in enumerate(order[:1100]):
    t = start_time()
    step = datetime.timedelta(hours=2)
    if i < 60:
        act(pid, "reject", t, note="không đủ thông tin")
        continue
    if i < 100:
        act(pid, "withdraw", t, note="công dân rút đơn")
        continue
    if i < 140:
        act(pid, "duplicate", t, of=untouched[i])
        continue
    act(pid, "accept", t)
    t += step
    if i < 190:
        act(pid, "redirect", t, note="khiếu nại: Luật Khiếu nại")
        continue
    if i < 290:
        continue  # accepted
    assign = {"agency": rng.choice(AGENCIES)}
    if rng.random() < 0.75:
        assign["assignee"] = rng.choice(OFFICERS)
    act(pid, "assign", t, **assign)
    t += step
    if i < 390:
        continue  # assigned
    start = {} if "assignee" in assign else {"assignee": rng.choice(OFFICERS)}
    act(pid, "start", t, **start)
    t += step
    if i < 450:
        transfer = {"agency": rng.choice(AGENCIES), "note": "thuộc thẩm quyền"}
        if rng.random() < 0.5:
            transfer["assignee"] = rng.choice(OFFICERS)
        if i % 2:  # an operator's correction: --topic stays the route's (docs/events.md)
            transfer["topic"] = "moi_truong"
        act(pid, "transfer", t, **transfer)
        continue
    if i < 650:  # in progress; most give public progress notes, at various times
        if i < 610:
            act(pid, "note", t + datetime.timedelta(days=rng.randrange(0, 12)),
                note="Đang xác minh", visibility="public" if i < 570 else "internal")
        continue
    act(pid, "respond", t, response={"text": "Đã trả lời"})
    t += step
    if 750 <= i < 850:
        act(pid, "publish", t)
        t += step
        if i < 800:
            act(pid, "close", t)
            t += step
            if i < 775:
                act(pid, "reopen", t, note="trả lời chưa thỏa đáng")
    elif 850 <= i < 950:
        act(pid, "close", t)
with open(ws.path("events.tsv"), "w", encoding="utf-8") as f:
    f.write("\n".join(events) + "\n")
produce(ws.events, ws.path("events.tsv"))
ws.ingest()

# Wave 2: the held-back petitions (their waiting events apply on arrival) and amendments of
# 120 stored ones: new title and text (an "ô nhiễm" petition loses the words), some with
# another channel or submission time (the record keeps its day, docs/architecture.md).
good_lines = {key: line for line in lines
              if (key := line.split(b"\t", 1)[0].decode(errors="replace")) in set(ids)}
amended = [pid for pid in order if pid not in held_back][::23][:120]
with open(wave2, "ab") as w2:
    for k, pid in enumerate(amended):
        p = json.loads(good_lines[pid].split(b"\t", 1)[1])
        p["title"] = "Bổ sung lần hai: " + re.sub("ô nhiễm", "mùi hôi", p["title"], flags=re.I)
        p["content"] = ("Kính gửi cơ quan chức năng. Tôi xin bổ sung thông tin cho phản ánh "
                        "trước: sự việc vẫn tiếp diễn, đề nghị sớm kiểm tra. Trân trọng.")
        if k % 3 == 0:
            p["channel"] = "hotline"
        if k % 4 == 0:
            p["submitted_at"] = "2026-11-25T03:00:00Z"
        w2.write(pid.encode() + b"\t" + json.dumps(p, ensure_ascii=False).encode() + b"\n")
produce(ws.topic, wave2)
ws.ingest()
log(f"{len(ids)} petitions, {len(events)} events stored in {time.time() - STARTED:.1f} s")

# --- The oracle's input: every stored record, from pakn show --json. --------------------------
shown = pakn("show", "--json", "--config", ws.config, "--now", NOW, *bad_keys, check_rc=False)
check(shown.returncode == 3 and not shown.stdout.strip(),
      f"no malformed message was stored: rc {shown.returncode}")
records = ws.show_json(ids)
revealed = [json.loads(l) for l in pakn("show", "--json", "--reveal-pii", "--reason",
                                        "it: query oracle", "--config", ws.config,
                                        *ids).stdout.decode().splitlines()]
check([r["id"] for r in records] == ids and [r["id"] for r in revealed] == ids,
      "show --json returns every id, in order")


def search_key(text):
    """Diacritic-free search key (operator guide): marks dropped, đ→d, compatibility forms
    folded, lower case, each run of non-letters/digits one space."""
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.category(ch) == "Mn":
            continue
        if ch in "đĐ":
            ch = "d"
        out.append(ch.lower() if unicodedata.category(ch)[0] in "LN" else " ")
    return " ".join("".join(out).split())


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def millis(rfc3339):
    return (datetime.datetime.fromisoformat(rfc3339) - EPOCH) // datetime.timedelta(milliseconds=1)


def local_day(rfc3339):
    return datetime.datetime.fromisoformat(rfc3339).astimezone(VN).date()


for r, full in zip(records, revealed):
    r["words"] = search_key(full["title"] + " " + full["content"]).split()
    # "A deadline is the end (23:59:59) of its due day, so a petition is overdue from 00:00 the
    # day after" (docs/digest.md): the due instant is the last millisecond of the day.
    check(r["due_at"].endswith("T23:59:59+07:00"), f"{r['id']}: due_at {r['due_at']}")
    r["due_ms"] = millis(r["due_at"]) + 999
    # The first progress update is owed when the deadline passes, then one every N days while
    # late (config/routing/taxonomy.toml): never before the due instant.
    r["next_ms"] = (max(r["due_ms"], millis(r["progress_update_due_at"]))
                    if "progress_update_due_at" in r else None)
statuses = {r["status"] for r in records}
# The day is the local (+07:00) day of the first version's submission (operator guide).
for r in records:
    first = json.loads(good_lines[r["id"]].split(b"\t", 1)[1])["submitted_at"]
    check(r["day"] == local_day(first).isoformat(),
          f"{r['id']}: day {r['day']} for submitted_at {first}")
versions = sum(r["version"] == 2 for r in records)
check(versions == len(amended), f"{len(amended)} petitions amended, {versions} at version 2")
check(sum(r["id"] in held_back and r["status"] != "received" for r in records) > 20,
      "events that waited for their petition were applied")
check(len(statuses) >= 10, f"the events gave the records many states: {sorted(statuses)}")
check(any(r["agency"] == "SO-X" for r in records) and
      any(r.get("assignee") == "cb.an" for r in records), "SO-X and cb.an hold petitions")


def has_phrase(words, terms):
    k = len(terms)
    for i in range(len(words) - k + 1):
        if words[i:i + k - 1] == terms[:-1] and words[i + k - 1].startswith(terms[-1]):
            return True
    return False


def plan(q):
    if ("--overdue" in q or "--due-before" in q or "--progress-update-due" in q or
            "--assigned-to" in q or q.get("--state", q.get("--status")) in OPEN):
        return "idx_due"
    if "--from" in q or "--to" in q:
        return "idx_day"
    if "--agency" in q:
        return "idx_agency_status"
    return "scan"


def bound_of(value):
    if len(value) == 10:  # YYYY-MM-DD: 00:00 that day, local time
        return millis(value + "T00:00:00+07:00")
    return millis(value)


def oracle(q):
    """The records matching q, in the documented order of its plan."""
    now = millis(q["--now"])
    state = q.get("--state", q.get("--status"))
    terms = search_key(q["--text"]).split() if "--text" in q else None
    out = []
    for r in records:
        if state and r["status"] != state:
            continue
        if "--agency" in q and r["agency"] != q["--agency"]:
            continue
        if "--topic" in q and r["route"]["topic"] != q["--topic"]:
            continue
        if "--from" in q and r["day"] < q["--from"]:
            continue
        if "--to" in q and r["day"] > q["--to"]:
            continue
        if terms is not None and not has_phrase(r["words"], terms):
            continue
        lists = ("--overdue", "--due-before", "--progress-update-due", "--assigned-to")
        if any(k in q for k in lists) and r["status"] not in OPEN:
            continue
        if "--assigned-to" in q and r.get("assignee") != q["--assigned-to"]:
            continue
        if "--overdue" in q and not r["due_ms"] < now:
            continue
        if "--due-before" in q and not r["due_ms"] < bound_of(q["--due-before"]):
            continue
        if "--progress-update-due" in q and not (
                r["due_ms"] < now and r["next_ms"] is not None and r["next_ms"] <= now):
            continue
        out.append(r)
    p = plan(q)
    key = {"idx_due": lambda r: (r["due_ms"], r["id"]),
           "idx_day": lambda r: (r["day"], r["id"]),
           "idx_agency_status": lambda r: (r["status"], r["id"]),
           "scan": lambda r: r["id"]}[p]
    return sorted(out, key=key)


def expected_row(r, now_text):
    now = millis(now_text)
    late = 0
    if r["status"] in OPEN and now > r["due_ms"]:
        late = (local_day(now_text) - local_day(r["due_at"])).days
    row = {"id": r["id"], "day": r["day"], "agency": r["agency"], "topic": r["route"]["topic"],
           "status": r["status"], "due_at": r["due_at"], "days_overdue": late,
           "channel": r["channel"], "title": r["title"]}
    if r.get("assignee"):
        row["assignee"] = r["assignee"]
    return row


def argv(q, extra=()):
    args = ["query", "--config", ws.config]
    for k, v in q.items():
        args += [k] if v is True else [k, v]
    return args + list(extra)


def query_json(q, *extra):
    out = pakn(*argv(q, ("--json",) + extra)).stdout.decode()
    return [json.loads(l) for l in out.splitlines() if l.strip()]


def query_csv(q, *extra):
    raw = pakn(*argv(q, ("--csv",) + extra)).stdout
    # As spreadsheets read it (base/csv.h): a byte-order mark first, every record ends in CRLF.
    check(raw.startswith(b"\xef\xbb\xbf"), f"--csv starts with a byte-order mark: {raw[:20]!r}")
    check(raw.endswith(b"\r\n") and raw.index(b"\n") == raw.index(b"\r\n") + 1,
          f"--csv ends its records in CRLF: {raw[:80]!r} ... {raw[-40:]!r}")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


CSV_HEADER = ["id", "day", "agency", "topic", "status", "due_at", "days_overdue", "assignee",
              "title"]
by_plan = {}


def verify(q, limits=(), with_csv=False):
    """Checks q's --json, --count and (with_csv) --csv output, then --json with each --limit
    (limits "edges": 0, 1, 3 and one below, at and above the number of matches) and
    --csv --limit 3, against the oracle. Returns the oracle's records."""
    q = dict(q)
    q.setdefault("--now", NOW)
    label = "query " + " ".join(argv(q)[3:])
    want = oracle(q)
    want_ids = [r["id"] for r in want]
    rows = query_json(q)
    got_ids = [r["id"] for r in rows]
    if len(set(got_ids)) != len(got_ids):
        twice = sorted(i for i, n in collections.Counter(got_ids).items() if n > 1)
        check(False, f"{label} --json: ids twice: {twice[:5]}")
    if got_ids != want_ids:
        got_set, want_set = set(got_ids), set(want_ids)
        missing = [i for i in want_ids if i not in got_set]
        extra = [i for i in got_ids if i not in want_set]
        check(False, f"{label} --json: {len(got_ids)} ids, oracle {len(want_ids)}; "
                     f"missing {missing[:5]}, unexpected {extra[:5]}; "
                     f"same set, other order: {got_set == want_set}")
    for row, r in zip(rows, want):
        e = expected_row(r, q["--now"])
        check(row == e, f"{label} --json row {row} != {e}")
    count = pakn(*argv(q, ("--count",))).stdout.decode().strip()
    check(count == str(len(want)), f"{label} --count: {count}, oracle {len(want)}")
    table = query_csv(q) if with_csv else [CSV_HEADER]
    check(table and table[0] == CSV_HEADER, f"{label} --csv header: {table[:1]}")
    check(not with_csv or [t[0] for t in table[1:]] == want_ids,
          f"{label} --csv ids differ from the oracle")
    for t, r in zip(table[1:], want):
        e = expected_row(r, q["--now"])
        row = [e["id"], e["day"], e["agency"], e["topic"], e["status"], e["due_at"],
               str(e["days_overdue"]), e.get("assignee", ""), e["title"]]
        check(t == row, f"{label} --csv row {t} != {row}")
    if limits == "edges":
        limits = sorted({0, 1, 3, max(len(want) - 1, 0), len(want), len(want) + 5})
    for n in limits:
        rows = [r["id"] for r in query_json(q, "--limit", n)]
        check(rows == (want_ids if n == 0 else want_ids[:n]),
              f"{label} --limit {n}: {rows[:5]}..., oracle's first {n}: {want_ids[:5]}...")
        if n == 3:
            ids_csv = [t[0] for t in query_csv(q, "--limit", n)[1:]]
            check(ids_csv == want_ids[:n], f"{label} --csv --limit {n}: {ids_csv}")
    by_plan.setdefault(plan(q), []).append((label, len(want)))
    return want


# --- The queries. ------------------------------------------------------------------------------
days = sorted({r["day"] for r in records})
busiest = max(days, key=lambda d: (sum(r["day"] == d for r in records), d))
next_day = (datetime.date.fromisoformat(busiest) + datetime.timedelta(days=3)).isoformat()
open_recs = [r for r in records if r["status"] in OPEN]
due_days = sorted({r["due_at"][:10] for r in open_recs})
due_day = max(due_days, key=lambda d: sum(r["due_at"][:10] == d for r in open_recs))
after_due_day = (datetime.date.fromisoformat(due_day) + datetime.timedelta(days=1)).isoformat()

everything = verify({}, limits=(0, 3, len(records) + 5), with_csv=True)
check(len(everything) == len(records), f"no filter: {len(everything)} of {len(records)}")

# Text: accents optional, case-insensitive, word prefixes, phrases; alone (scan) and combined.
o_nhiem = verify({"--text": "ô nhiễm"}, limits=(1, 3, 10), with_csv=True)
check(len(o_nhiem) > 20, f"--text 'ô nhiễm' finds petitions: {len(o_nhiem)}")
for variant in ("o nhiem", "Ô NHIỄM", "ô   nhiễm!"):
    check([r["id"] for r in verify({"--text": variant})] == [r["id"] for r in o_nhiem],
          f"--text {variant!r} is the same search as 'ô nhiễm'")
original = {pid: json.loads(good_lines[pid].split(b"\t", 1)[1]) for pid in amended}
lost = [pid for pid, p in original.items()
        if has_phrase(search_key(p["title"] + " " + p["content"]).split(), ["o", "nhiem"])]
check(lost and not set(lost) & {r["id"] for r in o_nhiem},
      f"amended petitions that lost 'ô nhiễm' are not found by it: {len(lost)}")
second = verify({"--text": "bổ sung lần hai"})
check(sorted(r["id"] for r in second) == sorted(amended), "the amended text is searched")
duong = verify({"--text": "đường"})
check(duong == verify({"--text": "duong"}) and duong, "--text đường == duong")
prefix = verify({"--text": "nhi"})
check(len(prefix) > len(o_nhiem), "a word prefix finds more than the whole phrase")
verify({"--text": "nước sạ"})
verify({"--text": "xyzzyq"})
verify({"--text": "09 2026"})
verify({"--text": "ô nhiễm", "--agency": "SO-NNMT"}, limits=(1, 3), with_csv=True)
verify({"--text": "o nhiem", "--from": days[0], "--to": busiest}, with_csv=True)
verify({"--text": "đường", "--overdue": True}, with_csv=True)

# Agency, state, topic: idx_agency_status and the scan.
for agency in ("SO-XD", "SO-X", "SO-NNMT"):
    got = verify({"--agency": agency}, limits=(1, 3) if agency == "SO-X" else ())
    check(got, f"--agency {agency} finds petitions")
verify({"--agency": "SO-XD", "--state": "answered"}, limits=(1, 3), with_csv=True)
verify({"--agency": "SO-XD", "--state": "closed"})
verify({"--agency": "NO-SUCH-AGENCY"})
verify({"--agency": "SO-NNMT", "--topic": "moi_truong"}, with_csv=True)
check(any(r.get("corrected_topic") == "moi_truong" and r["route"]["topic"] != "moi_truong"
          for r in records), "some petitions carry a corrected topic other than their route's")
topics = sorted({r["route"]["topic"] for r in records})
for topic in ("unrouted", "moi_truong", topics[0]):
    verify({"--topic": topic}, limits=(1, 3) if topic == "unrouted" else ())
for state in sorted(statuses):
    want = verify({"--state": state}, limits=(1, 3) if state == "closed" else (),
                  with_csv=state in ("closed", "answered", "accepted"))
    check(want, f"--state {state} finds petitions")
check(verify({"--status": "in_progress"}) == verify({"--state": "in_progress"}),
      "--status is --state")
verify({"--state": "accepted", "--agency": "SO-XD"})
verify({"--state": "in_progress", "--agency": "SO-X"})

# Days: idx_day, with its boundaries.
verify({"--from": busiest, "--to": busiest}, limits=(1, 3), with_csv=True)
verify({"--from": busiest, "--to": next_day}, limits="edges", with_csv=True)
verify({"--from": days[-1]})
verify({"--to": days[0]})
verify({"--from": days[0], "--to": days[-1]})
verify({"--from": "2027-01-01", "--to": "2027-01-31"})
verify({"--to": "2026-01-01"})
verify({"--agency": "SO-XD", "--from": busiest, "--to": next_day}, with_csv=True)
verify({"--agency": "SO-X", "--from": days[0], "--to": days[-1]})
verify({"--state": "closed", "--from": days[0]}, with_csv=True)
verify({"--topic": "unrouted", "--to": busiest})

# Deadline lists, assignee and open states: idx_due.
overdue = verify({"--overdue": True}, limits=(0, 1, 3, 10), with_csv=True)
check(len(overdue) > 100, f"--overdue finds petitions: {len(overdue)}")
verify({"--overdue": True, "--agency": "SO-XD"}, limits=(1, 3), with_csv=True)
verify({"--overdue": True, "--agency": "SO-X"})
verify({"--overdue": True, "--from": days[0], "--to": busiest})
verify({"--overdue": True, "--state": "in_progress"})
verify({"--overdue": True, "--state": "answered"})
at_due = verify({"--overdue": True, "--now": due_day + "T23:59:59+07:00"}, with_csv=True)
verify({"--overdue": True, "--now": due_day + "T23:59:59.999+07:00"})
after = verify({"--overdue": True, "--now": after_due_day + "T00:00:00+07:00"})
check(len(after) > len(at_due), f"--now at a due instant vs a second later: {len(at_due)} "
                                f"< {len(after)}")
before_day = verify({"--due-before": due_day})
through_day = verify({"--due-before": after_due_day})
check(len(through_day) > len(before_day), "--due-before a due day excludes it, the next day not")
verify({"--due-before": due_day + "T23:59:59+07:00"})
verify({"--due-before": due_day + "T17:00:00Z"}, with_csv=True)
# 2026-11-26 03:00 local: days_overdue counts local days.
verify({"--overdue": True, "--now": "2026-11-25T20:00:00Z"}, with_csv=True)
verify({"--due-before": "2026-12-01", "--agency": "SO-NNMT"})
verify({"--due-before": "2026-12-01", "--overdue": True})
owed = verify({"--progress-update-due": True}, limits=(1, 3), with_csv=True)
check(owed and len(owed) < len(overdue), f"--progress-update-due: {len(owed)} of {len(overdue)}")
verify({"--progress-update-due": True, "--agency": "SO-YT"})
verify({"--progress-update-due": True, "--assigned-to": "cb.binh"}, with_csv=True)
for officer in OFFICERS:
    got = verify({"--assigned-to": officer}, limits="edges" if officer == "cb.an" else (),
                 with_csv=officer == "cb.an")
    check(got, f"--assigned-to {officer} finds petitions")
verify({"--assigned-to": "cb.an", "--agency": "SO-XD"}, with_csv=True)
verify({"--assigned-to": "cb.anh", "--state": "assigned"})
verify({"--assigned-to": "cb.chi", "--overdue": True})
verify({"--assigned-to": "nobody"})
verify({"--state": "in_progress"}, limits=(1, 3))
verify({"--state": "received", "--topic": "unrouted"}, with_csv=True)

for q, n in (({}, len(records)), ({"--overdue": True}, len(overdue)),
             ({"--text": "o nhiem", "--agency": "SO-NNMT"}, None)):
    got = json.loads(pakn(*argv({**q, "--now": NOW}, ("--count", "--json"))).stdout)
    want = len(oracle({**q, "--now": NOW}))
    check(got == {"count": want} and n in (None, want), f"{q} --count --json: {got}, {want}")

for p in ("idx_due", "idx_day", "idx_agency_status", "scan"):
    runs = by_plan.get(p, [])
    check(sum(1 for _, n in runs if n > 0) >= 3, f"plan {p} exercised with results: {runs}")
log("queries per plan:", {p: len(v) for p, v in sorted(by_plan.items())})
log(f"{sum(len(v) for v in by_plan.values())} queries equal the oracle "
    f"in {time.time() - STARTED:.1f} s")
# Last, as it fails with this pakn: at its due instant itself (23:59:59.999) a petition is not
# yet late (--overdue and show --json agree), so it owes no progress update; pakn lists those
# due at that instant as owing one (store/query.cc bounds idx_due at now + 1 and compares the
# next-update instant with <=, but never checks that the due instant has passed).
verify({"--progress-update-due": True, "--now": due_day + "T23:59:59.999+07:00"},
       with_csv=True)
log("PASS")
