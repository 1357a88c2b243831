"""Shared helpers for pakn's integration tests against a real Kafka broker.

CTest starts the broker (fixture kafka_broker, tests/integration/broker.sh) and passes its
port and the pakn binary in the environment. Every test uses its own topics, consumer group
and store, so tests do not depend on each other or on their order.
"""
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import atexit

ROOT = os.environ.get("PAKN_ROOT", os.path.abspath(os.path.join(os.path.dirname(__file__), "../..")))
PAKN = os.environ.get("PAKN_BIN", os.path.join(ROOT, "build/release/apps/pakn"))
# The petition generator (test tooling, tools/gen): beside pakn in the same build.
PAKN_GEN = os.environ.get("PAKN_GEN_BIN",
                          os.path.join(os.path.dirname(os.path.dirname(PAKN)), "tools/gen/pakn-gen"))
PORT = os.environ.get("KAFKA_PORT", "19092")
BROKER = f"127.0.0.1:{PORT}"
WORK = os.environ.get("PAKN_WORK", tempfile.gettempdir())


_children = []


def _kill_children():
    # A failing check exits the test; never leave an ingest process behind it.
    for proc in _children:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


atexit.register(_kill_children)


def log(*args):
    print(*args, flush=True)


def fail(message):
    log(f"FAIL: {message}")
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def run(args, check_rc=True, **kwargs):
    proc = subprocess.run(args, capture_output=True, **kwargs)
    if check_rc and proc.returncode != 0:
        fail(f"{' '.join(map(str, args))[:300]} exited {proc.returncode}\n"
             f"stderr: {proc.stderr.decode(errors='replace')[-3000:]}")
    return proc


def pakn(*args, check_rc=True, **kwargs):
    return run([PAKN, *map(str, args)], check_rc=check_rc, **kwargs)


def pakn_gen(*args, check_rc=True, **kwargs):
    return run([PAKN_GEN, *map(str, args)], check_rc=check_rc, **kwargs)


class Workspace:
    """A fresh folder with a config, a store and a copy of the routing rules for one test."""

    def __init__(self, name, partitions=6, extra_kafka_properties=None, ingest=None,
                 store=None, log_level="info", events_partitions=3, extra_config="", seal=True):
        """seal: the store seals personal data with a key file of its own (store.key), as a
        deployment does (docs/operator-guide.md "Keys for the store")."""
        suffix = f"{name}-{os.getpid()}-{random.randrange(1 << 30)}"
        self.dir = tempfile.mkdtemp(prefix=f"pakn-it-{name}-", dir=WORK)
        self.topic = f"it.{suffix}.petitions"
        self.dlq = f"it.{suffix}.dlq"
        self.events = f"it.{suffix}.events"
        self.group = f"it-{suffix}"
        self.store = os.path.join(self.dir, "data")
        self.key_file = None
        if seal:
            self.key_file = os.path.join(self.dir, "store.key")
            fd = os.open(self.key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, f"it1 {secrets.token_hex(32)}\n".encode())
            os.close(fd)
        shutil.copytree(os.path.join(ROOT, "config/routing"), os.path.join(self.dir, "routing"))
        shutil.copy(os.path.join(ROOT, "config/holidays.toml"),
                    os.path.join(self.dir, "holidays.toml"))
        props = {"session.timeout.ms": "6000", "heartbeat.interval.ms": "1000"}
        props.update(extra_kafka_properties or {})
        ingest_settings = {"workers": 2, "batch_max_messages": 1000, "batch_max_wait_ms": 50,
                           "max_message_bytes": 65536}
        ingest_settings.update(ingest or {})
        lines = [
            "[kafka]",
            f'brokers = "{BROKER}"',
            f'group = "{self.group}"',
            f'topics = ["{self.topic}"]',
            f'dlq_topic = "{self.dlq}"',
            f'events_topic = "{self.events}"',
            "[kafka.properties]",
            *[f'"{k}" = "{v}"' for k, v in props.items()],
            "[store]",
            'path = "data"',
            *(['key_file = "store.key"'] if seal else []),
            *[f"{k} = {v}" for k, v in (store or {}).items()],
            "[ingest]",
            *[f"{k} = {v}" for k, v in ingest_settings.items()],
            "[classify]",
            'rules = "routing"',
            "[deadlines]",
            'holidays = "holidays.toml"',
            "[log]",
            f'level = "{log_level}"',
            extra_config,
        ]
        self.config = os.path.join(self.dir, "pakn.toml")
        with open(self.config, "w") as f:
            f.write("\n".join(lines) + "\n")
        create_topic(self.topic, partitions)
        create_topic(self.dlq, 1)
        create_topic(self.events, events_partitions)

    def path(self, name):
        return os.path.join(self.dir, name)

    def gen(self, count, seed=1, bad_ratio=0.0, name="petitions.tsv", now=None):
        """Petitions dated in the 60 days before `now` (RFC 3339; default: the current time,
        so that tests do not depend on the machine's date)."""
        out, manifest = self.path(name), self.path(name + ".manifest")
        pakn_gen("--count", count, "--seed", seed, "--bad-ratio", bad_ratio, "--keyed",
             "--oversized-bytes", 70000, "--out", out, "--manifest", manifest,
             *(["--now", now] if now else []))
        # Columns: index, key, verdict, defect path, then (not used here) the intended topic
        # and agency; later columns may be appended.
        entries = []
        with open(manifest) as f:
            for line in f:
                index, key, verdict, field = line.rstrip("\n").split("\t")[:4]
                entries.append((int(index), key, verdict, field))
        return out, entries

    def ingest(self, until_caught_up=True, timeout=300):
        args = [PAKN, "ingest", "--config", self.config]
        if until_caught_up:
            args.append("--until-caught-up")
        return run(args, timeout=timeout)

    def start_ingest(self):
        err = open(self.path("ingest.log"), "ab")
        proc = subprocess.Popen([PAKN, "ingest", "--config", self.config], stdout=err,
                                stderr=err)
        _children.append(proc)
        return proc

    def kill_while_writing(self, rng, previous, total, step):
        """Starts ingest (log level debug: one line per written batch) and kills it with
        SIGKILL as soon as it has written about rng.uniform(step/2, step) messages in this run,
        so the kill lands while it is busy writing. Returns False, without starting anything,
        when all `total` messages are already stored."""
        if previous >= total:
            return False
        target = rng.uniform(step / 2, step)
        log_path = self.path("ingest.log")
        start = os.path.getsize(log_path) if os.path.exists(log_path) else 0
        proc = self.start_ingest()
        deadline = time.time() + 60
        pattern = re.compile(rb"messages written, (\d+) in all")
        while time.time() < deadline and proc.poll() is None:
            with open(log_path, "rb") as f:
                f.seek(start)
                written = [int(m) for m in pattern.findall(f.read())]
            if written and written[-1] >= target:
                break
            time.sleep(0.005)
        if proc.poll() is not None:
            with open(log_path, errors="replace") as f:
                fail(f"ingest exited by itself ({proc.returncode}): {f.read()[-1500:]}")
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True

    def track(self, action, petition_id, *args, local=False, check_rc=True):
        """An operator command (pakn accept, assign, ...) with --json; returns (rc, dict or None,
        stderr)."""
        argv = [action, petition_id, "--config", self.config, "--json", "--actor", "it.tester",
                *map(str, args)]
        if local:
            argv.append("--local")
        proc = pakn(*argv, check_rc=check_rc)
        out = proc.stdout.decode().strip()
        return proc.returncode, (json.loads(out) if out else None), proc.stderr.decode()

    def count(self):
        return int(pakn("query", "--count", "--config", self.config).stdout.decode().strip())

    def stored(self, config=None):
        """Records in the store of `config` (default: this workspace's); 0 while there is no
        store yet (a reader may look before ingest has made it)."""
        proc = pakn("query", "--count", "--config", config or self.config, check_rc=False)
        return int(proc.stdout.decode().strip()) if proc.returncode == 0 else 0

    def log_text(self):
        return open(self.path("ingest.log"), errors="replace").read()

    def offsets(self):
        result = {}
        proc = pakn("offsets", "--config", self.config, check_rc=False)
        if proc.returncode != 0:
            check(b"no pakn store here" in proc.stderr, proc.stderr.decode())
            return result  # not created yet
        for line in proc.stdout.decode().splitlines()[1:]:
            topic, partition, offset = line.split("\t")[:3]  # then end, lag
            if topic == self.topic:
                result[int(partition)] = int(offset)
        return result

    def show_json(self, ids):
        records = []
        # Many ids per call: one reader open instead of thousands.
        for start in range(0, len(ids), 5000):
            out = pakn("show", "--json", "--config", self.config, *ids[start:start + 5000])
            records += [json.loads(l) for l in out.stdout.decode().splitlines() if l.strip()]
        return records


def wait_for(condition, seconds, what, process=None):
    """Polls `condition` every 0.1 s; fails the test with `what` after `seconds`, or as soon as
    `process` (an ingest started by the test) has exited."""
    deadline = time.time() + seconds
    while not condition():
        check(time.time() < deadline, what)
        if process is not None:
            check(process.poll() is None, f"ingest keeps running while waiting: {what}")
        time.sleep(0.1)


def vn_time(days=0, hour=None):
    """The current time in Vietnam (UTC+7) shifted by `days`, at `hour`:00 when given, as
    RFC 3339: for events and --now values relative to the generated petitions."""
    import datetime
    t = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7)))
    t += datetime.timedelta(days=days)
    if hour is not None:
        t = t.replace(hour=hour, minute=0, second=0, microsecond=0)
    return t.isoformat(timespec="seconds")


def kafka_env():
    env = dict(os.environ)
    env["KAFKA_PORT"] = PORT
    return env


def create_topic(name, partitions):
    run([os.path.join(ROOT, "scripts/kafka"), "topic", name, str(partitions)], env=kafka_env())


def topic_config(topic, setting):
    """Sets one configuration of a topic ("max.message.bytes=1000")."""
    run([os.path.join(ROOT, "scripts/kafka"), "topic-config", topic, setting], env=kafka_env())


def consumer_quota(client_id, bytes_per_sec):
    """Caps (or, with None, uncaps) the broker-side fetch rate of consumers with this client.id:
    the broker throttles them, so a test can count on a backlog whatever the machine's speed."""
    run([os.path.join(ROOT, "scripts/kafka"), "quota", client_id,
         "none" if bytes_per_sec is None else str(bytes_per_sec)], env=kafka_env())


def produce(topic, path):
    """Produces a keyed file ("key<TAB>json" lines) with kcat, an independent client."""
    run(["kcat", "-b", BROKER, "-P", "-t", topic, "-K", "\t", "-z", "lz4",
         "-X", "message.max.bytes=10000000", "-X", "linger.ms=20", "-l", path], timeout=300)


def end_offsets(topic, partitions):
    args = ["kcat", "-b", BROKER, "-Q"]
    for p in range(partitions):
        args += ["-t", f"{topic}:{p}:-1"]
    out = run(args).stdout.decode()
    result = {}
    for line in out.splitlines():
        # "topic [p] offset N"
        parts = line.split()
        result[int(parts[1].strip("[]"))] = int(parts[3])
    return result


def consume_all(topic):
    """Every message of a topic as dicts (kcat -J), keys and headers included."""
    out = run(["kcat", "-b", BROKER, "-C", "-t", topic, "-o", "beginning", "-e", "-J", "-q"],
              timeout=120).stdout.decode("utf-8", errors="surrogateescape")
    messages = []
    for line in out.splitlines():
        if line.strip():
            m = json.loads(line)
            h = m.get("headers") or []
            m["headers"] = dict(zip(h[0::2], h[1::2]))
            messages.append(m)
    return messages
