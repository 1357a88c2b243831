"""Bad CLI arguments and bad configuration: a clear message, the right exit code, no crash."""
import os

import subprocess
import tempfile

from harness import PAKN, PAKN_GEN, Workspace, WORK, check, log, pakn, pakn_gen

def expect(args, code, *needles, program=PAKN):
    # bytes arguments pass as they are (text that is not UTF-8)
    proc = subprocess.run([program, *[a if isinstance(a, bytes) else str(a) for a in args]],
                          capture_output=True)
    err = proc.stderr.decode(errors="replace")
    check(proc.returncode == code, f"pakn {' '.join(map(str, args))}: exit {proc.returncode}, "
                                   f"expected {code}; stderr: {err}")
    for n in needles:
        check(n in err, f"pakn {' '.join(map(str, args))}: stderr lacks {n!r}: {err}")

d = tempfile.mkdtemp(prefix="pakn-it-cli-", dir=WORK)
bad = os.path.join(d, "bad.toml")
with open(bad, "w") as f:
    f.write('[kafka]\nbrokers = "127.0.0.1:1"\n\n[ingest]\nbatch_size = 5\n')
expect(["ingest", "--config", bad], 2, "bad.toml:5: ingest.batch_size: unknown key")
with open(bad, "w") as f:
    f.write('[kafka.properties]\n"sasl.password" = { env = "PAKN_IT_NOT_SET" }\n')
expect(["ingest", "--config", bad], 2, "bad.toml:2: kafka.properties.sasl.password",
       "PAKN_IT_NOT_SET is not set")
with open(bad, "w") as f:
    f.write('[kafka.properties]\n"sasl.password" = "hunter2-secret"\n"no.such.property" = "x"\n')
proc = pakn("ingest", "--config", bad, check_rc=False)
check(proc.returncode != 0, "unknown librdkafka property fails start-up")
check(b"no.such.property" in proc.stderr, "names the property: " + proc.stderr.decode())
check(b"hunter2-secret" not in proc.stderr + proc.stdout, "secret never printed")
expect(["ingest", "--config", os.path.join(d, "missing.toml")], 2, "cannot open the config file")
expect(["query", "--store", os.path.join(d, "nostore")], 1, "no pakn store here")
expect(["query", "--frm", "2026-01-01"], 2, "--frm")
expect(["query", "--from", "2026-13-01", "--store", d], 2, "expected a date YYYY-MM-DD")
expect(["digest", "--date", "hôm qua", "--store", d], 2, "--date")
expect(["--bad-ratio", "2"], 2, "--bad-ratio", program=PAKN_GEN)
expect(["frobnicate"], 2)
expect([], 2)

# Numbers: CLI11 alone wrapped -5 round to 2^64 - 5 and let overflowing values through.
expect(["--count", "-5", "--out", os.devnull], 2, "--count: expected a whole number",
       program=PAKN_GEN)
expect(["--count", "99999999999999999999999"], 2, "--count: expected a whole number",
       program=PAKN_GEN)
expect(["gen"], 2, "unknown command 'gen'")  # test tooling, not a pakn command
expect(["query", "--limit", "-1", "--store", d], 2, "--limit: expected a whole number")
expect(["rejected", "--limit", "", "--store", d], 2, "--limit: expected a whole number")
expect(["accept", "X", "--wait-ms", "-1"], 2, "--wait-ms: expected a whole number")
# A folder is not a config (an ifstream reads it as an empty one); a config that readers
# cannot use is a bad argument (exit 2) for them as for every other command.
expect(["query", "--config", d], 2, "is a folder, expected a TOML config file")
expect(["ingest", "--config", d + "/"], 2, "is a folder, expected a TOML config file")
with open(bad, "w") as f:
    f.write('[store]\npath = "data"\nbogus = 1\n')
for sub in ["query", "offsets", "rejected", "digest"]:
    args = [sub, "--config", bad] + (["--date", "2026-11-25"] if sub == "digest" else [])
    expect(args, 2, "bad.toml:3: store.bogus: unknown key")
expect(["show", "X", "--config", bad], 2, "store.bogus")
expect(["query", "--config", ""], 2, "--config: expected a value, got ''")

# Operator commands: text that is not UTF-8 and events ingest would refuse as oversized are
# refused at the command line, naming the option; a mistyped --store creates nothing.
ws = Workspace("cli")
expect(["note", "P-1", "--config", ws.config, "--local", "--actor", "it",
        "--text", b"ghi ch\xc3"], 2, "--text: expected UTF-8 text, invalid byte sequence at byte 6")
expect(["reject", "P-1", "--config", ws.config, "--local", "--actor", b"c\xff",
        "--reason", "x"], 2, "--actor (or $PAKN_ACTOR): expected UTF-8 text")
expect(["accept", "P-1", "--config", ws.config, "--local", "--actor", "it",
        "--now", "9999-12-31T23:59:59Z"], 2, "--now: '9999-12-31T23:59:59Z' is after 2099")
big = os.path.join(d, "answer.txt")
with open(big, "w") as f:
    f.write("Trả lời. " * 8000)  # ~96 KB; the workspace's ingest.max_message_bytes is 64 KiB
expect(["respond", "P-1", "--config", ws.config, "--local", "--actor", "it", "--file", big], 2,
       "--text or --file: too long", "ingest takes at most 65536 (ingest.max_message_bytes)")
typo = os.path.join(d, "typo-store")
expect(["accept", "P-1", "--config", ws.config, "--local", "--actor", "it", "--store", typo], 2,
       "--store:", "no pakn store here")
check(not os.path.exists(typo), "a local command on a missing store creates nothing")
expect(["reroute", "--from", "2026-01-01", "--to", "2026-01-02", "--config", ws.config,
        "--store", typo], 2, "no pakn store here")
check(not os.path.exists(typo), "reroute on a missing store creates nothing")

# Empty values are refused (they ran as if the option were absent); an unknown command is
# named; files that are folders or empty say so.
expect(["query", "--now", "", "--store", d], 2, "--now: expected a value, got ''")
expect(["note", "P-1", "--text", ""], 2, "--text: expected a value, got ''")
expect(["show", ""], 2, "ids: expected a value")
expect(["frobnicate"], 2, "unknown command 'frobnicate'; expected one of: ingest, show")
empty = os.path.join(d, "empty.txt")
open(empty, "w").close()
for f, needle in [(d, "' is a folder, expected the answer's text file"),
                  (empty, "' holds no text")]:
    expect(["respond", "P-1", "--config", ws.config, "--local", "--actor", "it", "--file", f], 2,
           f"--file: '{f}{needle}")
expect(["digest", "--date", "2026-11-25", "--config", ws.config, "--store", d, "--out", d], 2,
       "--out:", "is a folder, expected a file name")
check(not os.path.exists(d + ".tmp"), "no temporary digest left behind")

expect(["query", "--from", "2026-12-01", "--to", "2026-01-01", "--store", d], 2,
       "--from: 2026-12-01 is after --to 2026-01-01")
expect(["query", "--overdue", "--now", "2026-11-26T10:00:00", "--store", d], 2,
       "--now:", "(missing offset (Z or +hh:mm))")

# A file the config names that cannot be used is reported with the config's key and line.
with open(ws.config) as f:
    text = f.read()
for key, value, name in [("holidays", "nope.toml", "deadlines.holidays"),
                         ("rules", "nope", "classify.rules")]:
    lines = text.splitlines()
    at = next(i for i, l in enumerate(lines) if l.startswith(key + " ="))
    lines[at] = f'{key} = "{value}"'
    broken = os.path.join(ws.dir, f"broken-{key}.toml")
    with open(broken, "w") as f:
        f.write("\n".join(lines) + "\n")
    # (a local command opens the store before it reads the rules: ingest alone for those)
    for args in ([["accept", "P-1", "--local", "--actor", "it"]] if key == "holidays" else []) + [
            ["ingest"]]:
        expect(args + ["--config", broken], 2, f"broken-{key}.toml:{at + 1}: {name}: ",
               os.path.join(ws.dir, value))

expect(["query", "--count", "--csv", "--store", d], 2, "--count excludes --csv")
expect(["digest", "--date", "2026-11-25", "--topic", "t", "--store", d], 2,
       "--topic requires --publish")

# rules explain takes the config's rule folder (not config/routing of the current folder).
proc = subprocess.run([PAKN, "rules", "explain", "--config", ws.config, "đường có ổ gà"],
                      capture_output=True, cwd=d)
check(proc.returncode == 0 and b"giao_thong" in proc.stdout,
      f"rules explain --config uses classify.rules: {proc.returncode} {proc.stderr.decode()}")
expect(["rules", "explain", "--config", ws.config, "--kind", "bogus", "x"], 2,
       "--kind: expected phan_anh or kien_nghi, got 'bogus'")

# --until-caught-up on a broker that is not there gives up (exit 1) instead of waiting forever.
nobroker = os.path.join(d, "nobroker.toml")
with open(nobroker, "w") as f:
    f.write('[kafka]\nbrokers = "127.0.0.1:1"\ndlq_topic = ""\nevents_topic = ""\n'
            '[store]\npath = "nobroker-data"\n[ingest]\ngive_up_after_ms = 2000\n'
            f'[classify]\nrules = "{ws.dir}/routing"\n'
            f'[deadlines]\nholidays = "{ws.dir}/holidays.toml"\n')
proc = subprocess.run([PAKN, "ingest", "--config", nobroker, "--until-caught-up"],
                      capture_output=True, timeout=60)
err = proc.stderr.decode(errors="replace")
check(proc.returncode == 1, f"ingest without a broker: exit {proc.returncode}, expected 1: {err}")
check("no Kafka broker reachable at 127.0.0.1:1 for 2 s (ingest.give_up_after_ms)" in err, err)
check("%3|" not in err, "librdkafka's lines go through pakn's log: " + err[-500:])
# A petition topic that does not exist: --until-caught-up fails instead of "catching up".
with open(ws.config) as f:
    text = f.read()
notopic = os.path.join(ws.dir, "notopic.toml")
with open(notopic, "w") as f:
    f.write(text.replace(f'topics = ["{ws.topic}"]', 'topics = ["it.no-such-topic"]'))
proc = subprocess.run([PAKN, "ingest", "--config", notopic, "--until-caught-up"],
                      capture_output=True, timeout=120)
err = proc.stderr.decode(errors="replace")
check(proc.returncode == 1 and "kafka.topics: 'it.no-such-topic' does not exist" in err,
      f"ingest --until-caught-up on a missing topic: exit {proc.returncode}: {err[-800:]}")
expect(["ingest", "--config", bad], 2)  # (bad.toml still has the unknown store key)
with open(bad, "w") as f:
    f.write('[ingest]\ngive_up_after_ms = 5\n')
expect(["ingest", "--config", bad], 2, "bad.toml:2: ingest.give_up_after_ms")

for sub in ["ingest", "show", "query", "digest", "rejected", "offsets"]:
    out = pakn(sub, "--help").stdout.decode()
    check("Usage" in out or "usage" in out.lower(), f"{sub} --help prints usage")
out = pakn_gen("--help").stdout.decode()
check("Usage" in out or "usage" in out.lower(), "pakn-gen --help prints usage")
log("PASS")
