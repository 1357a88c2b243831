"""Bad CLI arguments and bad configuration: a clear message, the right exit code, no crash."""
import os

from harness import PAKN, Workspace, WORK, check, log, pakn
import tempfile

def expect(args, code, *needles):
    proc = pakn(*args, check_rc=False)
    err = proc.stderr.decode()
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
expect(["gen", "--bad-ratio", "2"], 2, "--bad-ratio")
expect(["frobnicate"], 2)
expect([], 2)
for sub in ["ingest", "show", "query", "digest", "rejected", "offsets", "gen"]:
    out = pakn(sub, "--help").stdout.decode()
    check("Usage" in out or "usage" in out.lower(), f"{sub} --help prints usage")
log("PASS")
