"""An independent oracle for `pakn digest`: `digest --verify` and the recount it compares with
share MakePlan, EmptyDays, Summarise and AddOpen (store/digest.cc), so a shared bug cancels out.
Here the figures are recounted in plain Python from `pakn show --json` of every petition, by
docs/digest.md's definitions (and the digest's labels), NOT by reading store/digest.cc.

Scenario (about 15 s): 2,000 generated petitions (submitted 2026-09-27 .. 2026-11-25) through
Kafka, plus 30 exact re-sends (no new petition) and 20 amendments (channel changed; some also
with a submission time a day later or another text: the digest counts the latest channel and
keeps the first version's day and route, architecture.md). About 6,760 tracking events with
fixed `at` times (written with +07:00, Z, +09:00 or -05:00 offsets; notes at the edges of
2026-11-20 local, e.g. 23:59:59.999+07:00 and 17:00:00Z) go through the events topic with 150
producer retries; 40 petitions arrive only after their events (pending, applied on arrival);
8 operator commands run in local mode with fixed `--now`. The outcome: every state (about 230
untouched, 120 accepted, 290 assigned, 440 in progress, 350 answered, 80 published, 190 closed,
60 rejected, 45 redirected, 90 duplicate, 100 withdrawn), about 700 answers (300 late; six
exactly at the due day's last second or one second later), reopened ones with a new deadline,
transfers (some with a corrected topic, which the digest must ignore), notes, refused actions;
1,080 open, 690 of them overdue. "Now" is NOW = 2026-11-30T17:30:00Z, 00:30 on 2026-12-01 in
Vietnam (so "today" and "yesterday" must be Vietnam's), given to show and digest: nothing
depends on the machine's clock.

`pakn digest --format json --now NOW` compared with the recount for: one day (all agencies;
SO-XD), 14 days (all; SO-XD), `--date yesterday`, 14 days through today into the future (all;
UBND-TINH, which holds only what was assigned to it), an agency holding nothing, the whole
span, a day with no submission but with actions, a day with nothing at all.

Checked, in `period`, `previous` and `week_before`: from, to, received, still_open,
completion_rate, received_by_channel/topic/agency/province, status_now, the 14 action counts
(accepted .. note, refused), answered_on_time/late, on_time_rate, newly_overdue, actions,
intake_rejected(_by_code) (0 and empty: no malformed input; absent with --agency). `change`:
every key, as this period minus the other (rate differences within 0.0001: the digest may
subtract rounded rates). `backlog`: open, overdue, overdue_rate, overdue_by_age,
overdue_by_agency, overdue_by_topic. `trend`: the 30 dates and each day's received, answered,
answered_late, closed, newly_overdue. `top_topics` / `top_provinces`: code, count, share (ties
in any order). `oldest_overdue`: id, agency, topic, due_date, days_overdue, in order. `scope`,
`key`, `as_of`.
Not checked: names (labels from the taxonomy and the compiled-in units, not figures);
`oldest_overdue[].title` (masking: test_digest.py); a nonzero intake_rejected (counted by the
Kafka message's time, i.e. the machine's clock). Due dates themselves are taken from the
records' histories (routed, clock start, reopen), not recomputed from the deadline policies
and holidays.
"""
import collections
import datetime
import fractions
import json
import math
import random

from harness import Workspace, check, log, pakn, produce

VN = datetime.timezone(datetime.timedelta(hours=7))
# 00:30 on 2026-12-01 in Vietnam, still 2026-11-30 in UTC: "today" must be Vietnam's.
NOW = "2026-11-30T17:30:00Z"
NOW_DT = datetime.datetime.fromisoformat(NOW)
TODAY = NOW_DT.astimezone(VN).date()
OPEN = {"received", "accepted", "assigned", "in_progress"}  # docs/digest.md "still open"
AGENCY = "SO-XD"
AGENCIES = ["SO-XD", "SO-NNMT", "CONG-AN", "SO-YT", "SO-GDDT", "UBND-TINH", "SO-CT"]
# docs/digest.md's flow figures and the history event type each one counts.
FLOW = {"accepted": "accepted", "rejected": "rejected", "assigned": "assigned",
        "started": "started", "transferred": "transferred", "answered": "answered",
        "published": "published", "closed": "closed", "reopened": "reopened",
        "marked_duplicate": "marked_duplicate", "withdrawn": "withdrawn",
        "redirected": "redirected", "note": "note", "refused": "refused"}
NOT_ACTIONS = {"received", "routed", "amended", "rerouted"}  # intake, not tracking actions
rng = random.Random(20261201)


def instant(text):
    return datetime.datetime.fromisoformat(text)


def local_day(text):
    return instant(text).astimezone(VN).date()


OFFSETS = [VN, VN, datetime.timezone.utc, datetime.timezone(datetime.timedelta(hours=9)),
           datetime.timezone(datetime.timedelta(hours=-5))]


def stamp(dt):
    # The same instant written with one of several offsets: days are Vietnam's whatever the
    # offset an event is written with.
    return dt.astimezone(rng.choice(OFFSETS)).isoformat(timespec="seconds").replace(
        "+00:00", "Z")


# --- Petitions, re-sends and amendments. ----------------------------------------------------
ws = Workspace("digest-oracle", partitions=3, events_partitions=3)
# The scenario is a fixed timeline (events and --now in late 2026): the petitions are dated
# in the 60 days before 2026-11-26 to match it.
GEN_NOW = "2026-11-26T00:00:00+07:00"
data, manifest = ws.gen(2000, seed=77, now=GEN_NOW)
ids = [key for _, key, verdict, _ in manifest if verdict == "ok"]
check(len(ids) == 2000, f"2000 good petitions generated: {len(ids)}")
lines = {}
with open(data, encoding="utf-8") as f:
    for line in f:
        key, payload = line.rstrip("\n").split("\t", 1)
        lines[key] = payload
# 40 petitions come only after their events: the events wait (pending_events) and are applied
# in the batch that stores the petition.
LATE = set(rng.sample(ids[20:], 40))
with open(ws.path("first.tsv"), "w", encoding="utf-8") as f, \
        open(ws.path("late.tsv"), "w", encoding="utf-8") as g:
    for pid in ids:
        (g if pid in LATE else f).write(f"{pid}\t{lines[pid]}\n")
produce(ws.topic, ws.path("first.tsv"))
ws.ingest()
first = {r["id"]: r for r in ws.show_json([i for i in ids if i not in LATE])}
check(len(first) == 1960, f"1960 stored: {len(first)}")
for pid in sorted(LATE):  # what the plans below need: the submission time and an agency
    first[pid] = {"submitted_at": json.loads(lines[pid])["submitted_at"],
                  "agency": rng.choice(AGENCIES), "deadline_policy": "?"}

resend = rng.sample([i for i in ids if i not in LATE], 50)
amended = {}  # id -> the channel of its second version
with open(ws.path("again.tsv"), "w", encoding="utf-8") as f:
    for pid in resend[:30]:
        f.write(f"{pid}\t{lines[pid]}\n")
    for k, pid in enumerate(resend[30:]):
        p = json.loads(lines[pid])
        p["channel"] = "hotline" if p["channel"] != "hotline" else "sms"
        amended[pid] = p["channel"]
        if k % 3 == 1:  # a corrected submission time, a day later
            p["submitted_at"] = stamp(instant(p["submitted_at"]) + datetime.timedelta(hours=26))
        elif k % 3 == 2:  # a rewritten text (about something else)
            other = json.loads(lines[resend[k]])
            p["title"], p["content"] = other["title"], other["content"]
        f.write(f"{pid}\t{json.dumps(p, ensure_ascii=False)}\n")
produce(ws.topic, ws.path("again.tsv"))

# --- Tracking events through Kafka, with fixed `at` times. -----------------------------------
# Each petition gets a plan (a lifecycle); times grow from the submission, and what would fall
# after NOW is left out, so recent petitions stay earlier in their lifecycle.
PLANS = [
    (10, []),
    (7, ["accept"]),
    (7, ["accept", "assign"]),
    (10, ["accept", "assign", "start"]),
    (16, ["accept", "assign", "start", "respond"]),
    (6, ["accept", "assign", "start", "respond", "publish"]),
    (10, ["accept", "assign", "start", "respond", "publish", "close"]),
    (5, ["accept", "assign", "start", "respond", "close"]),
    (4, ["accept", "assign", "start", "respond", "close", "reopen"]),
    (3, ["accept", "assign", "start", "respond", "close", "reopen", "respond"]),
    (5, ["accept", "transfer"]),
    (4, ["accept", "assign", "transfer", "start", "respond"]),
    (4, ["reject"]),
    (3, ["accept", "redirect"]),
    (3, ["duplicate"]),
    (3, ["accept", "assign", "withdraw"]),
    (2, ["respond"]),                       # refused: not started
    (2, ["accept", "publish", "assign"]),   # publish refused
]
CLI = ids[:8]             # acted on by local commands below, not by these events
BOUNDARY = []             # answered exactly at the end of the due day, or just after
for pid in ids[8:]:
    if first[pid].get("deadline_policy") not in ("phuc-tap", "?") and len(BOUNDARY) < 6:
        due = instant(first[pid]["due_at"])
        if due < NOW_DT - datetime.timedelta(days=2):
            BOUNDARY.append(pid)
events = []


def event(pid, action, at, **extra):
    events.append({"schema_version": 1, "event_id": f"or-{len(events)}", "petition_id": pid,
                   "type": action, "at": stamp(at), "actor": "it.oracle", **extra})


def extras(pid, action):
    agency = first[pid]["agency"]
    if action == "assign":
        return {"agency": rng.choice([agency, agency, AGENCY, rng.choice(AGENCIES)]),
                "assignee": f"cb.{rng.randrange(20)}"}
    if action == "transfer":
        out = {"agency": rng.choice([a for a in AGENCIES if a != agency]), "note": "chuyển"}
        if rng.random() < 0.4:
            out["topic"] = rng.choice(["moi_truong", "xay_dung", "giao_thong"])
        return out
    if action == "respond":
        return {"response": {"text": "Đã trả lời công dân", "doc_number": "12/TL"}}
    if action in ("reject", "reopen", "withdraw", "redirect"):
        return {"note": "lý do"}
    if action == "duplicate":
        return {"of": rng.choice([i for i in ids[:50] if i != pid])}
    return {}


weights = [w for w, _ in PLANS]
for pid in ids[8:]:
    sub = instant(first[pid]["submitted_at"])
    if pid in BOUNDARY:
        due_day = local_day(first[pid]["due_at"])
        end = datetime.datetime.combine(due_day, datetime.time(23, 59, 59), VN)
        at = end if BOUNDARY.index(pid) % 2 == 0 else end + datetime.timedelta(seconds=1)
        for k, action in enumerate(["accept", "assign", "start"]):
            event(pid, action, sub + datetime.timedelta(hours=1 + k), **extras(pid, action))
        event(pid, "respond", at, **extras(pid, "respond"))
        continue
    plan = list(rng.choices([p for _, p in PLANS], weights)[0])
    if plan and plan[0] != "duplicate" and rng.random() < 0.05:
        plan.insert(0, "duplicate" if rng.random() < 0.3 else "withdraw")
    t = sub + datetime.timedelta(minutes=rng.randrange(30, 3 * 24 * 60))
    for action in plan:
        if t >= NOW_DT:
            break
        if rng.random() < 0.12:  # a note now and then, public or internal
            event(pid, "note", t, note="ghi chú",
                  visibility=rng.choice(["public", "internal"]))
            t += datetime.timedelta(minutes=rng.randrange(5, 600))
            if t >= NOW_DT:
                break
        event(pid, action, t, **extras(pid, action))
        if action == "start":  # the answer: within days or weeks, on time or late
            t += datetime.timedelta(minutes=rng.randrange(60, 30 * 24 * 60))
        else:
            t += datetime.timedelta(minutes=rng.randrange(30, 4 * 24 * 60))
# Actions at the edges of 2026-11-20 (local): 00:00:00.000 and 23:59:59.999 count for the
# 20th, 00:00 on the 21st (2026-11-20T17:00:00Z) for the 21st. Notes: allowed in every state.
EDGES = ["2026-11-19T17:00:00Z", "2026-11-20T00:00:00.000+07:00",
         "2026-11-20T23:59:59.999+07:00", "2026-11-20T16:59:59.999Z", "2026-11-20T17:00:00Z",
         "2026-11-21T00:00:00+07:00", "2026-11-20T12:00:00-05:00"]
for k, pid in enumerate(ids[100:100 + 3 * len(EDGES)]):
    events.append({"schema_version": 1, "event_id": f"or-edge-{k}", "petition_id": pid,
                   "type": "note", "at": EDGES[k % len(EDGES)], "actor": "it.oracle",
                   "note": "ghi chú", "visibility": "internal"})
with open(ws.path("events.tsv"), "w", encoding="utf-8") as f:
    # 150 producer retries (the same event_id again, later in the partition): applied once.
    for e in events + rng.sample(events, 150):
        f.write(e["petition_id"] + "\t" + json.dumps(e, ensure_ascii=False) + "\n")
produce(ws.events, ws.path("events.tsv"))
ws.ingest()
produce(ws.topic, ws.path("late.tsv"))
ws.ingest()

# A few operator commands in local mode (ingest stopped), each with a fixed --now.
a, b, c, d = CLI[:4]
for pid, steps in [
        (a, [("accept", "2026-11-27T08:00:00+07:00"),
             ("assign", "2026-11-27T09:00:00+07:00", "--agency", AGENCY),
             ("start", "2026-11-28T10:00:00+07:00"),
             ("respond", "2026-11-28T15:30:00+07:00", "--text", "Đã xử lý")]),
        (b, [("accept", "2026-11-28T08:00:00+07:00"),
             ("transfer", "2026-11-28T09:00:00+07:00", "--agency", AGENCY, "--reason", "r",
              "--topic", "xay_dung")]),
        (c, [("reject", "2026-11-20T11:00:00+07:00", "--reason", "không đủ thông tin")]),
        (d, [("respond", "2026-11-20T12:00:00+07:00", "--text", "x")])]:  # refused: exit 1
    for action, now, *args in steps:
        rc, out, err = ws.track(action, pid, "--now", now, *args, local=True, check_rc=False)
        check(rc == (1 if pid == d else 0) and out, f"{action} {pid} --now {now}: rc {rc} "
              f"{err[-300:]}")
log(f"{len(events)} events through Kafka, 8 local commands")

records = [json.loads(l) for l in pakn("show", "--json", "--now", NOW, "--config", ws.config,
                                       *ids).stdout.decode().splitlines() if l.strip()]
check(len(records) == 2000, f"2000 records: {len(records)}")
at_of = {e["event_id"]: instant(e["at"]) for e in events}
seen = collections.Counter()
for r in records:
    for e in r["history"]:  # the oracle reads the times back: they must be the ones sent
        sent = at_of.get((e.get("detail") or {}).get("event_id"))
        seen[(e.get("detail") or {}).get("event_id")] += sent is not None
        # (show prints whole seconds: 23:59:59.999 reads 23:59:59, the same day)
        check(sent is None or instant(e["at"]) == sent.replace(microsecond=0),
              f"{r['id']}: {e} sent at {sent}")
    if r["id"] in first and "route" in first[r["id"]]:  # an amendment keeps the route
        check(r["route"] == first[r["id"]]["route"], f"{r['id']}: route {r['route']}")
    check(r["channel"] == amended.get(r["id"], json.loads(lines[r["id"]])["channel"]),
          f"{r['id']}: channel {r['channel']} is the latest version's")


# --- The oracle: every figure from the records, by docs/digest.md. --------------------------
class Petition:
    def __init__(self, r):
        self.id = r["id"]
        self.state = r["status"]
        self.agency = r["agency"]             # the agency holding it now
        self.topic = r["route"]["topic"]      # "by the routed topic" (events.md: not corrected)
        self.channel = r["channel"]
        # "(unknown)" / "" when the location did not resolve: the schema says "" is unknown.
        self.province = (r.get("place") or {}).get("province_code", "")
        # "local submission day"; an amendment "keeps the route and the day"
        # (architecture.md): the day of the first version's submitted_at, as sent.
        self.day = local_day(json.loads(lines[self.id])["submitted_at"])
        check(self.day.isoformat() == r["day"], f"{self.id}: local day {self.day} vs {r['day']}")
        self.due = instant(r["due_at"])
        self.due_day = self.due.astimezone(VN).date()
        self.open = self.state in OPEN
        # Tracking actions: (type, local day, agency holding it once applied, on time or None).
        self.actions = []
        agency = r["route"]["agency"]
        due_day = None
        for e in r["history"]:
            detail = e.get("detail") or {}
            kind, day = e["type"], local_day(e["at"])
            if kind == "routed":
                agency = detail.get("agency", agency)
            if kind in ("assigned", "transferred"):
                agency = detail["agency"]
            on_time = None
            if kind == "answered":
                # "answered on time / late: answers whose time was at or before / after the
                # petition's deadline at that moment"; a deadline is the end of its due day.
                on_time = day <= due_day
            if "due_at" in detail:  # the due date the event set (routed, clock start, reopen)
                due_day = local_day(detail["due_at"])
            if kind not in NOT_ACTIONS:
                self.actions.append((kind, day, agency, on_time))
        check(agency == self.agency, f"{self.id}: history ends at {agency}, record {self.agency}")
        check(due_day == self.due_day, f"{self.id}: history due {due_day}, record {self.due_day}")

    def overdue(self):
        # "open petitions whose deadline day is before today": overdue from 00:00 the day after
        return self.open and self.due_day < TODAY


petitions = [Petition(r) for r in records]


def days_of(frm, to):
    n = (to - frm).days + 1
    return [frm + datetime.timedelta(days=i) for i in range(n)]


def rate(num, den):
    # "Rates are fractions with four decimals": the exact fraction rounded half up (9/32 is
    # 0.2813), not Python's round() of a binary float (half to even: 0.2812).
    if den == 0:
        return None
    return math.floor(fractions.Fraction(num, den) * 10000 + fractions.Fraction(1, 2)) / 10000


def period(frm, to, agency):
    days = set(days_of(frm, to))
    mine = [p for p in petitions if agency is None or p.agency == agency]
    cohort = [p for p in mine if p.day in days]
    f = {"from": frm.isoformat(), "to": to.isoformat(), "received": len(cohort),
         "still_open": sum(p.open for p in cohort)}
    for key, attr in (("received_by_channel", "channel"), ("received_by_topic", "topic"),
                      ("received_by_agency", "agency"), ("received_by_province", "province"),
                      ("status_now", "state")):
        f[key] = dict(collections.Counter(getattr(p, attr) for p in cohort))
    actions = collections.Counter()
    on_time = late = 0
    for p in petitions:
        for kind, day, held_by, ok in p.actions:
            if day in days and (agency is None or held_by == agency):
                actions[kind] += 1
                if kind == "answered":
                    on_time += ok
                    late += not ok
    for key, kind in FLOW.items():
        f[key] = actions[kind]
    f["answered_on_time"], f["answered_late"] = on_time, late
    # `actions`: every tracking action of the period by its history type, with the answers
    # also split into answered_on_time / answered_late (as the digest's JSON lists them).
    f["actions"] = dict(actions, answered_on_time=on_time, answered_late=late)
    f["completion_rate"] = rate(f["received"] - f["still_open"], f["received"])
    f["on_time_rate"] = rate(on_time, on_time + late)
    # "open petitions whose deadline fell on a day of the period before today and that are
    # still unanswered now"
    f["newly_overdue"] = sum(1 for p in mine if p.overdue() and p.due_day in days)
    return f


def backlog(agency):
    mine = [p for p in petitions if p.open and (agency is None or p.agency == agency)]
    late = [p for p in mine if p.overdue()]
    age = [(TODAY - p.due_day).days for p in late]
    return {"open": len(mine), "overdue": len(late), "overdue_rate": rate(len(late), len(mine)),
            "overdue_by_age": {"1-7": sum(1 <= n <= 7 for n in age),
                               "8-30": sum(8 <= n <= 30 for n in age),
                               "over_30": sum(n > 30 for n in age)},
            "overdue_by_agency": dict(collections.Counter(p.agency for p in late)),
            "overdue_by_topic": dict(collections.Counter(p.topic for p in late))}, late


def compare(where, got, want):
    """Every key of `want` against `got`; maps compared without their zero entries."""
    bad = []
    for key, value in want.items():
        g = got.get(key, "(absent)")
        if isinstance(value, dict) and isinstance(g, dict):
            g = {k: v for k, v in g.items() if v != 0}
            value = {k: v for k, v in value.items() if v != 0}
        if isinstance(value, float) and isinstance(g, (int, float)):
            if abs(g - value) > 1e-9:
                bad.append(f"{where}.{key}: expected {value}, got {g}")
        elif g != value:
            bad.append(f"{where}.{key}: expected {value}, got {g}")
    return bad


def ranking(where, got, counts, total):
    # "the five largest groups of the received petitions"; ties may come in any order.
    bad = []
    ordered = sorted(counts.values(), reverse=True)[:5]
    if [e["count"] for e in got] != ordered:
        bad.append(f"{where}: counts {[e['count'] for e in got]}, expected {ordered}")
    for e in got:
        if counts.get(e["code"]) != e["count"]:
            bad.append(f"{where}: {e['code']} has {counts.get(e['code'])}, digest {e['count']}")
        if e["share"] != rate(e["count"], total):
            bad.append(f"{where}: {e['code']} share {e['share']}, expected "
                       f"{rate(e['count'], total)}")
    return bad


def expected_change(this, other):
    out = {k: this[k] - other[k] for k in ("received", "accepted", "rejected", "transferred",
                                           "answered", "answered_on_time", "answered_late",
                                           "closed", "newly_overdue")}
    for k in ("completion_rate", "on_time_rate"):
        out[k] = None if this[k] is None or other[k] is None else this[k] - other[k]
    return out


def verify(frm, to, agency=None, date=None):
    frm, to = datetime.date.fromisoformat(frm), datetime.date.fromisoformat(to)
    args = ["--date", date or frm.isoformat()] if frm == to else [
        "--from", frm.isoformat(), "--to", to.isoformat()]
    if agency:
        args += ["--agency", agency]
    doc = json.loads(pakn("digest", "--config", ws.config, "--format", "json", "--now", NOW,
                          *args).stdout.decode())
    name = " ".join(args)
    n = (to - frm).days + 1
    week = datetime.timedelta(days=7)
    want = {"period": period(frm, to, agency),
            "previous": period(frm - datetime.timedelta(days=n), frm - datetime.timedelta(days=1),
                               agency),
            "week_before": period(frm - week, to - week, agency)}
    bad = []
    scope = {"from": frm.isoformat(), "to": to.isoformat(), "days": n, "agency": agency,
             "timezone": "Asia/Ho_Chi_Minh"}
    bad += compare("scope", doc["scope"], scope)
    key = (frm.isoformat() if n == 1 else f"{frm}..{to}") + "/" + (agency or "all")
    if doc["key"] != key:
        bad.append(f"key: expected {key}, got {doc['key']}")
    if instant(doc["as_of"]) != NOW_DT:
        bad.append(f"as_of: {doc['as_of']}")
    for part, figures in want.items():
        bad += compare(part, doc[part], figures)
        if agency:
            if "intake_rejected" in doc[part]:
                bad.append(f"{part}.intake_rejected present with --agency")
        elif doc[part].get("intake_rejected") != 0 or doc[part].get("intake_rejected_by_code"):
            bad.append(f"{part}.intake_rejected: {doc[part].get('intake_rejected')}")
    for other in ("previous", "week_before"):
        change = expected_change(want["period"], want[other])
        got = doc["change"][other]
        for k, v in change.items():
            g = got.get(k, "(absent)")
            if v is None or g is None or g == "(absent)":
                if g != v:
                    bad.append(f"change.{other}.{k}: expected {v}, got {g}")
            elif abs(g - v) > 0.0001 + 1e-9:  # a difference of rates rounded to four decimals
                bad.append(f"change.{other}.{k}: expected {v:.6f}, got {g}")
    figures, late = backlog(agency)
    bad += compare("backlog", doc["backlog"], figures)
    oldest = sorted(late, key=lambda p: (p.due, p.id))[:20]
    want_oldest = [{"id": p.id, "agency": p.agency, "topic": p.topic,
                    "due_date": p.due_day.isoformat(),
                    "days_overdue": (TODAY - p.due_day).days} for p in oldest]
    got_oldest = [{k: e[k] for k in ("id", "agency", "topic", "due_date", "days_overdue")}
                  for e in doc["oldest_overdue"]]
    if got_oldest != want_oldest:
        diff = [(w, g) for w, g in zip(want_oldest, got_oldest) if w != g][:2]
        bad.append(f"oldest_overdue: {len(got_oldest)} entries vs {len(want_oldest)}; "
                   f"first differences (expected, got): {diff}")
    p = want["period"]
    bad += ranking("top_topics", doc["top_topics"], p["received_by_topic"], p["received"])
    bad += ranking("top_provinces", doc["top_provinces"], p["received_by_province"],
                   p["received"])
    trend_days = days_of(to - datetime.timedelta(days=29), to)
    if [t["date"] for t in doc["trend"]] != [d.isoformat() for d in trend_days]:
        bad.append(f"trend days: {[t['date'] for t in doc['trend']][:3]}...")
    for t, day in zip(doc["trend"], trend_days):
        f = period(day, day, agency)
        bad += compare(f"trend[{day}]", t, {k: f[k] for k in (
            "received", "answered", "answered_late", "closed", "newly_overdue")})
    check(not bad, f"pakn digest {name} --now {NOW} disagrees with the recount:\n  " +
          "\n  ".join(bad[:40]))
    log(f"digest {name}: {p['received']} received, {p['answered']} answered "
        f"({p['answered_late']} late), {figures['open']} open, {figures['overdue']} overdue: "
        "equal to the recount")
    return want


# --- The scenario has what it should. -------------------------------------------------------
states = collections.Counter(p.state for p in petitions)
answers = [a for p in petitions for a in p.actions if a[0] == "answered"]
overdue = sum(p.overdue() for p in petitions)
log(f"states: {dict(states)}; answers {len(answers)} ({sum(not a[3] for a in answers)} late); "
    f"open {sum(p.open for p in petitions)}, overdue {overdue}")
check(sum(a[3] for a in answers) > 100 and sum(not a[3] for a in answers) > 100,
      "answers on time and late")
check(overdue > 100 and sum(p.open and not p.overdue() for p in petitions) > 50,
      "open petitions overdue and not yet due")
for s in ("received", "accepted", "assigned", "in_progress", "answered", "published", "closed",
          "rejected_invalid", "redirected_out", "duplicate", "withdrawn"):
    check(states[s] >= 10, f"at least 10 petitions {s}: {states[s]}")
kinds = collections.Counter(a[0] for p in petitions for a in p.actions)
for k in FLOW.values():
    check(kinds[k] >= 10, f"at least 10 '{k}' actions: {kinds[k]}")
check(len(+seen) == len(events) and max(seen.values()) == 1,
      f"every event sent is in one history once: {len(+seen)} of {len(events)}")
versions = collections.Counter(sum(e["type"] == "amended" for e in r["history"])
                               for r in records)
check(versions == {0: 1980, 1: 20}, f"20 amendments, re-sends changed nothing: {versions}")
pending = [r["id"] for r in records if r["id"] in LATE and
           any((e.get("detail") or {}).get("was_pending") for e in r["history"])]
check(len(pending) >= 30, f"events applied on their petition's arrival: {len(pending)} of 40")
boundary = {p.id: p for p in petitions if p.id in BOUNDARY}
for i, pid in enumerate(BOUNDARY):
    got = [a[3] for a in boundary[pid].actions if a[0] == "answered"]
    check(got == [i % 2 == 0], f"{pid}: answered at the due day's end or just after: {got}")

# --- The digests. --------------------------------------------------------------------------
verify("2026-11-20", "2026-11-20")
verify("2026-11-20", "2026-11-20", AGENCY)
verify("2026-11-09", "2026-11-22")
verify("2026-11-09", "2026-11-22", AGENCY)
verify("2026-11-30", "2026-11-30", date="yesterday")  # of NOW
verify("2026-11-24", "2026-12-07")  # today and days to come: nothing newly overdue there yet
verify("2026-11-24", "2026-12-07", "UBND-TINH")  # holds only what was assigned to it
verify("2026-11-09", "2026-11-22", "THANH-TRA")  # an agency that holds nothing
whole = verify("2026-09-20", "2026-11-30")
check(whole["period"]["received"] == 2000, "the whole span received every petition once")
quiet = verify("2026-11-28", "2026-11-28")  # no submissions, actions (local commands among them)
check(quiet["period"]["received"] == 0 and quiet["period"]["answered"] > 0,
      f"2026-11-28: nothing received, something answered: {quiet['period']}")
empty = verify("2026-09-01", "2026-09-01")
check(empty["period"]["received"] == 0 and not any(empty["period"]["actions"].values()),
      "an empty day")
log("PASS")
