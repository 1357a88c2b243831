#!/usr/bin/env python3
"""End-to-end ingest throughput against the broker's own delivery rate, in one run.

Starts a local broker (scripts/kafka, port 29092 unless KAFKA_PORT is set), produces N
generated petitions (default 200,000, ~1.6 KB each) to a topic of P partitions, then in turn,
REPEAT times each, on the same topic:
  a. kcat -C -e -o beginning > /dev/null   the rate the broker can deliver (the ceiling)
  b. pakn ingest --until-caught-up         default config (WAL on), fresh store and group
and prints medians: wall time, messages/s, CPU seconds, peak RSS, and the ratio pakn/kcat.

  bench/ingest_vs_kcat.py [--count N] [--partitions P] [--repeat R] [--keep-broker]
                          [--compare OTHER_PAKN_BINARY]

With --compare, each repeat also runs another pakn binary (an A/B of a change, measured side
by side on the same topic) and the table gets a row for it.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
PAKN = os.environ.get("PAKN_BIN", os.path.join(ROOT, "build/release/apps/pakn"))


def run_child(args, stdout=subprocess.DEVNULL):
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{args[0]} failed: {err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, err


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200_000)
    ap.add_argument("--partitions", type=int, default=6)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep-broker", action="store_true")
    ap.add_argument("--compare", help="another pakn binary to measure side by side")
    a = ap.parse_args()

    env = dict(os.environ)
    env.setdefault("KAFKA_PORT", "29092")
    port = env["KAFKA_PORT"]
    broker = f"127.0.0.1:{port}"
    work = tempfile.mkdtemp(prefix="pakn-bench-")
    env.setdefault("KAFKA_STATE_DIR", os.path.join(work, "kafka"))
    kafka = os.path.join(ROOT, "scripts/kafka")
    subprocess.run([kafka, "up"], env=env, check=True, stdout=subprocess.DEVNULL)
    try:
        topic = f"bench.{int(time.time())}"
        subprocess.run([kafka, "topic", topic, str(a.partitions)], env=env, check=True)
        data = os.path.join(work, "petitions.tsv")
        subprocess.run([PAKN, "gen", "--count", str(a.count), "--seed", "1", "--keyed",
                        "--out", data], check=True)
        size = os.path.getsize(data)
        t0 = time.perf_counter()
        subprocess.run(["kcat", "-b", broker, "-P", "-t", topic, "-K", "\t",
                        "-X", "linger.ms=50", "-X", "batch.num.messages=10000", "-l", data],
                       check=True)
        produce_s = time.perf_counter() - t0
        print(f"produced {a.count} petitions ({size / a.count:.0f} B each) to {topic} "
              f"({a.partitions} partitions) in {produce_s:.1f} s", flush=True)

        rules = os.path.join(ROOT, "config/rules.toml")
        holidays = os.path.join(ROOT, "config/holidays.toml")
        binaries = [("pakn", PAKN)] + ([("compare", a.compare)] if a.compare else [])
        kcat_runs, pakn_runs = [], {name: [] for name, _ in binaries}
        for r in range(a.repeat):
            wall, cpu, rss, _ = run_child(["kcat", "-b", broker, "-C", "-t", topic, "-o",
                                           "beginning", "-e", "-q"])
            kcat_runs.append((wall, cpu, rss, a.count / wall))
            line = f"run {r + 1}: kcat {kcat_runs[-1][3]:,.0f} msg/s"
            for name, binary in binaries:
                store = os.path.join(work, f"store-{name}-{r}")
                config = os.path.join(work, f"pakn-{name}-{r}.toml")
                with open(config, "w") as f:
                    f.write(f'[kafka]\nbrokers = "{broker}"\ngroup = "bench-{topic}-{name}-{r}"\n'
                            f'topics = ["{topic}"]\n[store]\npath = "{store}"\n'
                            f'[classify]\nrules = "{rules}"\n'
                            f'[deadlines]\nholidays = "{holidays}"\n')
                wall, cpu, rss, err = run_child([binary, "ingest", "--config", config,
                                                 "--until-caught-up"])
                summary = [l for l in err.splitlines() if l.startswith("pakn ingest:")][-1]
                active = float(re.search(r"; (\d+) msg/s from the first", summary).group(1))
                check = subprocess.run([PAKN, "query", "--count", "--store", store],
                                       capture_output=True, check=True).stdout.decode().strip()
                if int(check) != a.count:
                    sys.exit(f"{name} stored {check} of {a.count}")
                pakn_runs[name].append((wall, cpu, rss, a.count / wall, active))
                line += (f"; {name} {pakn_runs[name][-1][3]:,.0f} msg/s wall "
                         f"({active:,.0f} from the first message), {rss:.0f} MiB")
                shutil.rmtree(store, ignore_errors=True)
            print(line, flush=True)

        def med(rows, i):
            return statistics.median(row[i] for row in rows)

        print()
        print(f"| {a.count:,} petitions, {a.partitions} partitions, median of {a.repeat} | "
              f"wall s | msg/s | CPU s | peak RSS MiB |")
        print("|---|---:|---:|---:|---:|")
        print(f"| kcat -C -e (broker ceiling) | {med(kcat_runs, 0):.2f} | {med(kcat_runs, 3):,.0f} "
              f"| {med(kcat_runs, 1):.2f} | {med(kcat_runs, 2):.0f} |")
        for name, binary in binaries:
            rows = pakn_runs[name]
            label = "pakn ingest --until-caught-up" + ("" if name == "pakn" else f" ({binary})")
            print(f"| {label} | {med(rows, 0):.2f} | {med(rows, 3):,.0f} | {med(rows, 1):.2f} | "
                  f"{med(rows, 2):.0f} |")
        print()
        for name, _ in binaries:
            rows = pakn_runs[name]
            print(f"{name}/kcat (wall msg/s): {med(rows, 3) / med(kcat_runs, 3):.2f}; "
                  f"from its first message: {med(rows, 4):,.0f} msg/s")
        if a.compare:
            print(f"pakn/compare (wall msg/s): "
                  f"{med(pakn_runs['pakn'], 3) / med(pakn_runs['compare'], 3):.2f}")
    finally:
        if not a.keep_broker:
            subprocess.run([kafka, "down"], env=env)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
