"""`pakn show` masks personal data in every field and in free text; --reveal-pii shows it all.

The oracle is the input itself (the generated lines and hand-made petitions, not pakn's
masking code). 1,500 generated petitions (their content names the reporter and, often, their
phone) and hand-made ones whose text carries the shapes issue 13 found printed in clear
((+84) 912 345 680, grouped national ids, dotted phones, mixed-case e-mails) next to numbers that
must stay (document numbers, dates, amounts, hotlines). For every record:
  - masked (`show --json`): no reporter name, phone, e-mail or national id of the input appears
    anywhere in the record's line; the masked phone and id keep their last three digits, the
    e-mail its domain, the name its initials; in the hand-made texts no listed number appears
    with its digits, and every look-alike appears unchanged;
  - revealed (`show --json --reveal-pii`): the reporter fields equal the input's, and the text
    carries every personal value the input's text carried;
  - the text form (`show ID`) of the hand-made ones: the same, and says how to reveal.
Shown to fail: with MaskPiiInText returning its input unchanged, the hand-made checks fail
("(+84) 912 345 680" printed); with --reveal-pii ignored, the revealed checks fail.
"""
import json
import re

from harness import Workspace, check, log, pakn, produce

ws = Workspace("masking", partitions=3)
data, manifest = ws.gen(1500, seed=23)
inputs = {}
with open(data, encoding="utf-8") as f:
    for line in f:
        key, payload = line.rstrip("\n").split("\t", 1)
        inputs[key] = json.loads(payload)

PERSONAL = ["(+84) 912 345 680", "001 088 000 124", "0912.345.678", "0987-654-321",
            "+84 903 123 456", "CCCD 079 123 456 789", "Tran.Thi.B@Example.COM",
            "NGUYEN.VAN.A@GMAIL.COM"]
KEPT = ["Công văn số 1234/UBND-KT", "ngày 12/11/2026", "15.000.000 đồng", "đường dây nóng 1900 1234",
        "số 113", "biển số 51F-123.45"]
template = next(iter(inputs.values()))
hand = {}
for i, (personal, kept) in enumerate(zip(PERSONAL, KEPT + KEPT)):
    pid = f"MASK-{i}"
    p = dict(template)
    p["id"] = pid
    p["title"] = "Phản ánh tiếng ồn"
    p["content"] = (f"Tôi xin phản ánh việc karaoke ồn ào. Liên hệ {personal} nếu cần. "
                    f"Xin xem {kept}.")
    hand[pid] = (personal, kept)
    inputs[pid] = p
with open(ws.path("hand.tsv"), "w", encoding="utf-8") as f:
    for pid in hand:
        f.write(f"{pid}\t{json.dumps(inputs[pid], ensure_ascii=False)}\n")
produce(ws.topic, data)
produce(ws.topic, ws.path("hand.tsv"))
ws.ingest()

ids = [k for _, k, verdict, _ in manifest if verdict == "ok"] + list(hand)
check(ws.count() == len(ids), f"{len(ids)} stored")


def show(ids, reveal):
    out = []
    for start in range(0, len(ids), 2000):
        args = ["show", "--json", "--config", ws.config, *ids[start:start + 2000]]
        if reveal:
            args += ["--reveal-pii", "--reason", "it: masking check"]
        out += [l for l in pakn(*args).stdout.decode().splitlines() if l.strip()]
    return out


def digits(s):
    return re.sub(r"\D", "", s)


masked_lines, revealed_lines = show(ids, False), show(ids, True)
checked = {"name": 0, "phone": 0, "email": 0, "national_id": 0, "text": 0}
for pid, line, clear_line in zip(ids, masked_lines, revealed_lines):
    masked, clear = json.loads(line), json.loads(clear_line)
    check(masked["id"] == pid and clear["id"] == pid, f"{pid}: order")
    given = inputs[pid].get("reporter") or {}
    for field in ("name", "phone", "email", "national_id"):
        value = given.get(field)
        if not value:
            continue
        checked[field] += 1
        shown = masked["reporter"].get(field, "")
        check(value not in line, f"{pid}: {field} {value!r} appears masked-side: {shown!r}")
        check(clear["reporter"].get(field) == value,
              f"{pid}: --reveal-pii {field}: {clear['reporter'].get(field)!r} != {value!r}")
        if field in ("phone", "national_id"):
            check(shown.endswith(value[-3:]) and set(shown[:-3]) <= {"*"},
                  f"{pid}: {field} keeps its last three digits only: {shown!r}")
        elif field == "email":
            check(shown.endswith(value[value.index("@"):]) and value.split("@")[0] not in shown,
                  f"{pid}: e-mail keeps its domain only: {shown!r}")
        else:
            initials = [w[0] for w in value.split()]
            check([w[0] for w in shown.split()] == initials and "***" in shown,
                  f"{pid}: name keeps its initials: {shown!r}")
        text_in = inputs[pid]["title"] + " " + inputs[pid]["content"]
        if value in text_in:
            checked["text"] += 1
            check(value in clear["title"] + " " + clear["content"],
                  f"{pid}: revealed text keeps the {field}")
    if pid in hand:
        personal, kept = hand[pid]
        text = masked["content"]
        check(digits(personal) == "" or digits(personal) not in digits(text),
              f"{pid}: {personal!r} masked in the text: {text!r}")
        if "@" in personal:
            check(personal.split("@")[0].lower() not in text.lower(),
                  f"{pid}: e-mail masked in the text: {text!r}")
        check(kept in text, f"{pid}: look-alike {kept!r} kept: {text!r}")
        check(personal in clear["content"], f"{pid}: --reveal-pii shows {personal!r}")
        plain = pakn("show", pid, "--config", ws.config).stdout.decode()
        check(digits(personal) not in digits(plain) or "@" in personal,
              f"{pid}: text form masks {personal!r}")
        check("--reveal-pii" in plain and kept in plain, f"{pid}: text form: {plain[:400]}")
        plain = pakn("show", pid, "--reveal-pii", "--reason", "it: masking check", "--config",
                     ws.config).stdout.decode()
        check(personal in plain, f"{pid}: text form with --reveal-pii shows {personal!r}")
log(f"{len(ids)} records: fields checked {checked}; {len(hand)} hand-made texts")
check(all(v > 0 for v in checked.values()), f"every kind of personal value was met: {checked}")
log("PASS")
