"""pakn serve against the real broker (docs/http-api.md): Open311 intake and status, the same
400s as ingest's checks, API keys, hostile HTTP, /metrics parsed with prometheus_client's parser
and equal to what the store holds, and 10,000 POSTs from 16 threads with the broker killed
(SIGKILL) and restarted in the middle: every petition answered 201 is stored exactly once."""
import http.client
import json
import os
import socket
import subprocess
import threading
import time
import urllib.parse

from prometheus_client.parser import text_string_to_metric_families

from harness import (PAKN, ROOT, Workspace, _children, check, fail, kafka_env, log, pakn,
                     run, wait_for)

TOTAL = int(os.environ.get("PAKN_SERVE_TEST_COUNT", "10000"))
THREADS = 16


def new_key(portal):
    out = pakn("api-key", "new", "--portal", portal).stdout.decode().split("\n")
    return out[0], "\n".join(out[1:])


KEY, PORTAL_LINES = new_key("dichvucong.hanoi.gov.vn")
OTHER_KEY, OTHER_LINES = new_key("dichvucong.danang.gov.vn")
ws = Workspace("serve", partitions=3, extra_config="\n".join([
    "[http]", 'listen = "127.0.0.1:0"', "threads = 48", "max_body_bytes = 65536",
    "request_timeout_ms = 2000", "produce_timeout_ms = 5000", "max_ready_lag = 0",
    PORTAL_LINES.replace("[[http.portal]]", "[[http.portal]]\nrate_per_s = 100000"),
    OTHER_LINES.replace("[[http.portal]]", "[[http.portal]]\nrate_per_s = 1\nburst = 2"),
    "[metrics]", 'listen = "127.0.0.1:0"']))


def start_serve():
    err = open(ws.path("serve.log"), "ab")
    proc = subprocess.Popen([PAKN, "serve", "--config", ws.config], stdout=subprocess.PIPE,
                            stderr=err)
    _children.append(proc)
    line = proc.stdout.readline().decode()
    check(line.startswith("listening on "), f"serve did not start: {line!r} "
          f"{open(ws.path('serve.log'), errors='replace').read()[-2000:]}")
    return proc, int(line.split()[2])


serve, PORT = start_serve()


def request(method, path, body=None, headers=None, conn=None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    data = resp.read()
    if own:
        conn.close()
    return resp.status, dict(resp.getheaders()), data


def post_json(fields, headers=None, conn=None, key=KEY):
    h = {"Content-Type": "application/json"}
    if key:
        h["X-Api-Key"] = key
    h.update(headers or {})
    status, hdrs, data = request("POST", "/open311/v2/requests.json",
                                 json.dumps(fields, ensure_ascii=False).encode(), h, conn)
    return status, hdrs, json.loads(data) if data else None


def petition(i, **extra):
    p = {"id": f"HTTP-{i}", "service_code": "giao_thong",
         "description": f"Đèn tín hiệu giao thông số {i} tại ngã tư Lê Lợi bị hỏng, đề nghị sửa.",
         "first_name": "An", "last_name": "Nguyễn Văn", "phone": "0912345678",
         "submitted_at": "2026-12-01T08:00:00+07:00"}
    p.update(extra)
    return p


# --- services ---------------------------------------------------------------------------------
status, _, data = request("GET", "/open311/v2/services.json")
services = json.loads(data)
check(status == 200 and any(s["service_code"] == "giao_thong" and s["service_name"] for s in services),
      f"services.json: {status} {data[:300]}")
status, _, data = request("GET", "/open311/v2/services/giao_thong.json")
check(status == 200 and json.loads(data)["service_code"] == "giao_thong", f"service: {data[:200]}")
check(request("GET", "/open311/v2/services/nope.json")[0] == 404, "unknown service not 404")
check(not any(s["service_code"] == "unrouted" for s in services), "the triage bucket is offered")

# --- intake: JSON and form, then the status a citizen sees -----------------------------------
status, _, body = post_json(petition(0))
check(status == 201 and body[0]["service_request_id"] == "HTTP-0", f"JSON POST: {status} {body}")
form = urllib.parse.urlencode({"api_key": KEY, "service_code": "moi_truong",
                               "description": "Rác thải ùn ứ tại chợ Đồng Xuân nhiều ngày.",
                               "id": "HTTP-FORM", "email": "a@example.vn"})
status, _, data = request("POST", "/open311/v2/requests.json", form.encode(),
                          {"Content-Type": "application/x-www-form-urlencoded"})
check(status == 201, f"form POST: {status} {data}")
# Idempotency-Key without an id: a retry names the same petition and changes nothing.
retry_fields = {"service_code": "moi_truong", "description": "Cống thoát nước bị tắc gây ngập."}
s1, _, b1 = post_json(retry_fields, {"Idempotency-Key": "req-42"})
s2, _, b2 = post_json(retry_fields, {"Idempotency-Key": "req-42"})
check(s1 == s2 == 201 and b1[0]["service_request_id"] == b2[0]["service_request_id"],
      f"Idempotency-Key retry: {b1} {b2}")
retried_id = b1[0]["service_request_id"]

# --- the same 400s as ingest's checks ------------------------------------------------------------
for fields, field, code in [
        (petition(1, description=""), "description", "missing_field"),
        (petition(2, submitted_at="9999-12-31T23:59:59Z"), "submitted_at", "bad_value"),
        (petition(3, id="has space"), "id", "bad_value"),
        (petition(4, title="T", description="a" + "\u0301" * 40), "description", "bad_value"),
]:
    status, _, body = post_json(fields)
    check(status == 400 and body[0]["field"] == field and body[0].get("reject_code") == code,
          f"400 for {field}: {status} {body}")
    # pakn validate gives the very same reason for the message serve built.
    if field == "submitted_at":
        doc = {"schema_version": 1, "id": "V-1", "channel": "provincial_portal",
               "submitted_at": "9999-12-31T23:59:59Z", "title": "t", "content": "c"}
        proc = pakn("validate", "-", input=json.dumps(doc).encode(), check_rc=False)
        check(proc.returncode == 1 and body[0]["description"].split(": ", 1)[1] in proc.stdout.decode(),
              f"validate differs: {proc.stdout} vs {body}")
status, _, body = post_json(petition(5, lat="north"))
check(status == 400 and body[0]["field"] == "lat", f"bad lat: {body}")
status, _, body = post_json(petition(6, service_code="nope"))
check(status == 400 and body[0]["field"] == "service_code", f"bad service: {body}")

# --- keys ------------------------------------------------------------------------------------
status, hdrs, _ = post_json(petition(7), key=None)
check(status == 401 and "X-Api-Key" in hdrs.get("WWW-Authenticate", ""), f"no key: {status} {hdrs}")
check(post_json(petition(8), key="wrong")[0] == 403, "wrong key must be 403")
check(KEY not in open(ws.path("serve.log"), errors="replace").read(), "the key was logged")

# The other portal: its rate limit (burst 2, then 429 with Retry-After).
codes = [post_json(petition(9000 + i, id=f"DN-{i}"), key=OTHER_KEY)[0] for i in range(4)]
check(codes[:2] == [201, 201] and 429 in codes[2:], f"rate limit: {codes}")

# --- hostile HTTP ------------------------------------------------------------------------------
status, hdrs, _ = request("POST", "/open311/v2/requests.json", b"x" * 70000,
                          {"Content-Type": "application/json", "X-Api-Key": KEY})
check(status == 413, f"oversized body: {status}")
status, _, _ = request("POST", "/open311/v2/requests.json", b"{\"description\": ",
                       {"Content-Type": "application/json", "X-Api-Key": KEY})
check(status == 400, f"malformed JSON: {status}")
status, _, data = request("POST", "/open311/v2/requests.json", b"description=%FF%FE&service_code=x",
                          {"Content-Type": "application/x-www-form-urlencoded", "X-Api-Key": KEY})
check(status == 400 and b"invalid_utf8" in data, f"invalid UTF-8 form: {status} {data}")
status, _, data = request("POST", "/open311/v2/requests.json", b"description=%G1",
                          {"Content-Type": "application/x-www-form-urlencoded", "X-Api-Key": KEY})
check(status == 400, f"malformed form: {status} {data}")
for path in ["/open311/v2/requests/..%2F..%2Fetc%2Fpasswd.json", "/open311/v2/../../etc/passwd",
             "/open311/v2/requests/%00.json"]:
    status = request("GET", path)[0]
    check(status in (400, 404), f"path traversal {path}: {status}")
check(request("DELETE", "/open311/v2/requests.json")[0] == 405, "DELETE must be 405")
# Slowloris: a head dribbled a byte every 300 ms is cut at http.request_timeout_ms (2 s), and
# the server answers others meanwhile.
slow = socket.create_connection(("127.0.0.1", PORT))
slow.sendall(b"GET /healthz HTTP/1.1\r\nX-Slow: ")
cut = False
started = time.time()
while time.time() - started < 10:
    time.sleep(0.3)
    try:
        slow.sendall(b"a")
        check(request("GET", "/healthz")[0] == 200, "server stopped serving during slowloris")
    except OSError:
        cut = True
        break
    slow.settimeout(0.01)
    try:
        if slow.recv(100) == b"":
            cut = True
            break
    except socket.timeout:
        pass
    except OSError:
        cut = True
        break
slow.close()
check(cut and time.time() - started < 6, f"slow head not cut ({time.time() - started:.1f} s)")
log("hostile HTTP: all refused, server still serving")

# --- 10,000 POSTs from 16 threads; the broker killed and restarted in the middle -------------
answers = {}  # id -> final status
unknown_seen = []
lock = threading.Lock()
counter = [0]


def client(worker):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    i = worker
    while i < TOTAL:
        pid = f"LOAD-{i}"
        deadline = time.time() + 120
        while True:
            try:
                status, hdrs, body = post_json(petition(i, id=pid), conn=conn)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
                continue
            if status == 503:
                check(body[0]["outcome"] in ("unknown", "not_stored") and "retry" in body[0],
                      f"503 must say the outcome: {body}")
                if body[0]["outcome"] == "unknown":
                    with lock:
                        unknown_seen.append(pid)
                check(time.time() < deadline, f"{pid}: still 503 after 120 s: {body}")
                time.sleep(float(hdrs.get("Retry-After", "1")) / 5)
                continue
            break
        with lock:
            answers[pid] = status
            counter[0] += 1
        i += THREADS
    conn.close()


def broker_pid():
    return int(open(os.path.join(os.environ["KAFKA_STATE_DIR"], "broker.pid")).read())


threads = [threading.Thread(target=client, args=(w,)) for w in range(THREADS)]
start = time.time()
for t in threads:
    t.start()
wait_for(lambda: counter[0] >= TOTAL // 3, 120, "a third of the POSTs answered")
log(f"{counter[0]} answered; killing the broker (SIGKILL)")
os.killpg(broker_pid(), 9)
time.sleep(5)
run([os.path.join(ROOT, "scripts/kafka"), "up"], env=kafka_env(), timeout=200)
log("broker restarted")
for t in threads:
    t.join()
elapsed = time.time() - start
created = [pid for pid, s in answers.items() if s == 201]
log(f"{len(answers)} POSTs in {elapsed:.1f} s: {len(created)} answered 201, "
    f"{len(unknown_seen)} 503 unknown (then retried)")
check(len(created) == TOTAL, f"every POST ends 201 after retries: {len(created)}/{TOTAL}")

# --- ingest (with its metrics server), then: each 201 stored exactly once --------------------
ing = ws.start_ingest()
expected = TOTAL + 5  # HTTP-0, HTTP-FORM, the Idempotency-Key one, DN-0, DN-1
wait_for(lambda: ws.stored() >= expected, 300, "ingest stores the POSTed petitions", ing)
time.sleep(2)
records = ws.show_json(created + ["HTTP-0", "HTTP-FORM", retried_id, "DN-0", "DN-1"])
by_id = {}
for r in records:
    by_id.setdefault(r["id"], []).append(r)
check(set(by_id) == set(created) | {"HTTP-0", "HTTP-FORM", retried_id, "DN-0", "DN-1"},
      f"stored ids differ: {len(by_id)} vs {len(created) + 5}")
versions = [r.get("version", 1) for rs in by_id.values() for r in rs]
check(max(versions) == 1, f"a retry stored a second version: {max(versions)}")
check(ws.count() == expected, f"store holds {ws.count()}, expected {expected}")
log(f"store: {expected} petitions, each once, version 1")

# --- /metrics: parsed by prometheus_client, counters equal to the store ----------------------
def metrics(port):
    status, _, data = request("GET", "/metrics", conn=http.client.HTTPConnection("127.0.0.1", port))
    check(status == 200, f"/metrics: {status}")
    values = {}
    for family in text_string_to_metric_families(data.decode()):
        for s in family.samples:
            values.setdefault(s.name, []).append((s.labels, s.value))
    return values


m = metrics(PORT)
stored_posts = sum(v for labels, v in m["pakn_intake_submissions_total"]
                   if labels["outcome"] == "stored")
check(stored_posts >= expected,  # a retried POST that was stored counts each 201
      f"serve counted {stored_posts} stored POSTs, store has {expected}")
check(sum(v for labels, v in m["pakn_http_requests_total"] if labels["code"] == "201") == stored_posts,
      "201 responses differ from stored submissions")
ingest_port = int(next(l for l in ws.log_text().splitlines() if "metrics on http" in l)
                  .rsplit(":", 1)[1].split("/")[0])
mi = metrics(ingest_port)
created_total = sum(v for labels, v in mi["pakn_petitions_total"] if labels["result"] == "stored")
check(created_total == expected, f"ingest counted {created_total} stored, store has {expected}")
status, _, data = request("GET", "/readyz", conn=http.client.HTTPConnection("127.0.0.1", ingest_port))
check(status == 200, f"ingest /readyz: {status} {data}")
wait_for(lambda: request("GET", "/readyz")[0] == 200, 30, "serve ready (caught up)")

# --- status follows an operator's actions; no personal data --------------------------------
for action, *args in [("accept",), ("assign", "--agency", "SO-XD"), ("start",),
                      ("respond", "--text", "Đã thay đèn tín hiệu.", "--public",
                       "--doc-number", "12/SXD")]:
    rc, out, err = ws.track(action, "HTTP-0", *args, check_rc=False)
    check(rc == 0 and out and out.get("outcome") == "applied", f"{action}: {rc} {out} {err}")
wait_for(lambda: "Trả lời" in request("GET", "/open311/v2/requests/HTTP-0.json")[2].decode(), 30,
         "the public answer in the status")
status, _, data = request("GET", "/open311/v2/requests/HTTP-0.json")
view = json.loads(data)[0]
check(view["status"] == "closed" and view["pakn_status"] == "answered" and
      "12/SXD" in view["status_notes"] and view["expected_datetime"], f"status view: {view}")
for secret in ("Nguyễn", "0912345678", "Đèn tín hiệu giao thông số"):
    check(secret not in data.decode(), f"personal data or text in the public view: {secret}")
status, _, data = request("GET", "/open311/v2/requests.json?service_request_id=HTTP-FORM,LOAD-5,nope")
check(status == 200 and [v["service_request_id"] for v in json.loads(data)] == ["HTTP-FORM", "LOAD-5"],
      f"lookup of several: {data[:300]}")
check(request("GET", "/open311/v2/requests/nope.json")[0] == 404, "unknown id must be 404")
status, _, data = request("GET", "/open311/v2/requests.json?jurisdiction_id=hanoi&service_request_id=HTTP-0")
check(status == 200 and len(json.loads(data)) == 1, f"jurisdiction_id: {status} {data[:200]}")
# Another portal cannot amend a petition it did not submit.
time.sleep(1)  # the 2-POST burst of the other portal refills
status, _, body = post_json(petition(0), key=OTHER_KEY)
check(status == 409 and body[0]["description"].startswith("id:"), f"other portal's id: {status} {body}")

# --- graceful stop --------------------------------------------------------------------------
serve.terminate()
check(serve.wait(timeout=30) == 0, "serve did not stop cleanly on SIGTERM")

# --- TLS: a certificate and a separate key (civetweb 1.15 + OpenSSL 3 through web/ssl_compat.cc) ----------------------
import ssl
cert, key = ws.path("tls.crt"), ws.path("tls.key")
run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
     "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert])
tls_config = ws.path("tls.toml")
text = open(ws.config).read().replace('[http]\n', f'[http]\ntls_cert = "{cert}"\ntls_key = "{key}"\n', 1)
text = text.replace('[metrics]\nlisten = "127.0.0.1:0"', "")
open(tls_config, "w").write(text)
tls = subprocess.Popen([PAKN, "serve", "--config", tls_config], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
_children.append(tls)
line = tls.stdout.readline().decode()
if not line.startswith("listening on "):
    tls.wait(timeout=30)
    check(False, f"HTTPS did not start: {tls.stderr.read().decode()[-800:]}")
tls_port = int(line.split()[2])
context = ssl.create_default_context(cafile=cert)
conn = http.client.HTTPSConnection("127.0.0.1", tls_port, context=context, timeout=10)
conn.request("GET", "/open311/v2/requests/HTTP-0.json")
resp = conn.getresponse()
check(resp.status == 200 and b"HTTP-0" in resp.read(), f"HTTPS GET: {resp.status}")
tls_version = conn.sock.version()
conn.close()
check(tls_version in ("TLSv1.2", "TLSv1.3"), f"HTTPS negotiated {tls_version}")
# TLS 1.1 and older are refused (ssl_protocol_version 4).
old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
old.load_verify_locations(cafile=cert)
try:
    old.minimum_version = old.maximum_version = ssl.TLSVersion.TLSv1_1
    with socket.create_connection(("127.0.0.1", tls_port), timeout=10) as raw:
        try:
            with old.wrap_socket(raw, server_hostname="127.0.0.1"):
                check(False, "a TLS 1.1 handshake succeeded")
        except ssl.SSLError:
            pass
except ValueError:
    pass  # this Python's OpenSSL cannot even offer TLS 1.1
# Plain HTTP on the HTTPS port gets no answer.
with socket.create_connection(("127.0.0.1", tls_port), timeout=10) as raw:
    raw.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    raw.settimeout(10)
    try:
        reply = raw.recv(100)
    except (ConnectionResetError, socket.timeout):
        reply = b""
    check(not reply.startswith(b"HTTP/1.1 200"), f"plain HTTP answered on the HTTPS port: {reply!r}")
check(not [f for f in os.listdir("/tmp") if f.startswith("pakn-tls-")
           and os.stat(os.path.join("/tmp", f)).st_mtime > time.time() - 60],
      "the combined key file stayed in /tmp")
tls.terminate()
check(tls.wait(timeout=30) == 0, "TLS serve did not stop cleanly")
log(f"TLS: HTTPS served ({tls_version}) with a separate key file; TLS 1.1 and plain HTTP refused")

ing.terminate()
ing.wait(timeout=60)
log(f"OK: {TOTAL} POSTs through a broker kill, each stored once; hostile HTTP refused; "
    f"metrics equal to the store")
