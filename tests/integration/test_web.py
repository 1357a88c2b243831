"""The web view of pakn serve (docs/web.md) against the real broker, ingest and store: crafted
requests (sign-in, sessions, CSRF, the agency scope, escaping, the failed sign-in throttle), and
a real Chromium driven by Playwright (tests/browser/web.mjs): sign in, find a petition by words
without tone marks, accept → assign → start → respond → publish, the citizen's status lookup
shows the answer, another agency's operator is refused; screenshots kept as artefacts and
axe-core's WCAG 2.1 AA rules on the main pages."""
import http.client
import json
import os
import re
import shutil
import subprocess
import urllib.parse

from harness import (PAKN, ROOT, WORK, Workspace, _children, check, log, pakn, run, wait_for)

ARTIFACTS = os.path.join(WORK, "web-artifacts")
shutil.rmtree(ARTIFACTS, ignore_errors=True)
KEY_OUT = pakn("api-key", "new", "--portal", "dichvucong.test").stdout.decode().split("\n")
KEY = KEY_OUT[0]
ws = Workspace("web", partitions=2, extra_config="\n".join([
    "[http]", 'listen = "127.0.0.1:0"', 'accounts_file = "accounts.toml"',
    "\n".join(KEY_OUT[1:]).replace("[[http.portal]]", "[[http.portal]]\nrate_per_s = 1000")]))

ACCOUNTS = {"cb.an": ("operator", "SO-XD", "Nguyễn Văn An"),
            "cb.binh": ("operator", "SO-YT", "Trần Thị Bình"),
            "ld.chi": ("leader", "", "Lê Minh Chi")}
PASSWORDS = {}
for user, (role, agency, name) in ACCOUNTS.items():
    PASSWORDS[user] = f"mat-khau-{user}-2026"
    args = ["account", "add", "--file", ws.path("accounts.toml"), "--user", user, "--role", role,
            "--name", name]
    if agency:
        args += ["--agency", agency]
    run([PAKN, *args], input=(PASSWORDS[user] + "\n").encode())
check(oct(os.stat(ws.path("accounts.toml")).st_mode & 0o777) == "0o600",
      "pakn account add writes the accounts file 0600")
check("mat-khau" not in open(ws.path("accounts.toml")).read(), "the file holds hashes only")

serve = subprocess.Popen([PAKN, "serve", "--config", ws.config], stdout=subprocess.PIPE,
                         stderr=open(ws.path("serve.log"), "ab"))
_children.append(serve)
line = serve.stdout.readline().decode()
check(line.startswith("listening on "), f"serve did not start: {line!r}")
PORT = int(line.split()[2])
ing = ws.start_ingest()


def request(method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, resp.getheaders(), data.decode("utf-8", "replace")


def header(headers, name):
    return [v for k, v in headers if k.lower() == name.lower()]


# --- petitions through Open311: the target, others of the same agency, one of another --------
def post(fields):
    status, _, data = request("POST", "/open311/v2/requests.json",
                              json.dumps(fields, ensure_ascii=False).encode(),
                              {"Content-Type": "application/json", "X-Api-Key": KEY})
    check(status == 201, f"POST: {status} {data}")


TARGET = "WEB-TARGET"
post({"id": TARGET, "service_code": "giao_thong", "first_name": "Hoa", "last_name": "Phạm Thị",
      "phone": "0987654321",
      "description": "Đèn tín hiệu giao thông tại ngã tư đường Nguyễn Trãi bị hỏng ba ngày nay, "
                     "gọi 0987654321 khi sửa xong."})
for i in range(30):
    post({"id": f"WEB-{i}", "service_code": "giao_thong",
          "description": f"Mặt đường phố Huế số {i} có ổ gà lớn, đề nghị sửa chữa."})
post({"id": "WEB-XSS", "service_code": "giao_thong",
      "description": "<script>alert('x')</script> đường Láng ngập nước sau mưa."})
post({"id": "WEB-YT", "service_code": "y_te",
      "description": "Bệnh viện huyện thiếu thuốc, người bệnh phải tự mua thuốc bên ngoài."})
wait_for(lambda: ws.stored() >= 33, 120, "ingest stores the petitions", ing)
# serve's reader catches up every http.refresh_ms: wait until it has them too.
wait_for(lambda: request("GET", "/open311/v2/requests/WEB-YT.json")[0] == 200 and
         request("GET", f"/open311/v2/requests/{TARGET}.json")[0] == 200, 30,
         "serve sees the petitions")
target = ws.show_json([TARGET])[0]
agency = target["agency"]
check(agency == "SO-XD", f"the target is routed to SO-XD (got {agency})")


# --- crafted requests ----------------------------------------------------------------------
class Client:
    def __init__(self):
        self.cookies = {}

    def send(self, method, path, form=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, hdrs, data = request(method, path, body, headers)
        for c in header(hdrs, "Set-Cookie"):
            name, value = c.split(";")[0].split("=", 1)
            if "Max-Age=0" in c:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return status, hdrs, data

    def csrf(self, page):
        m = re.search(r'name="csrf" value="([^"]+)"', page)
        check(m, "the page has a CSRF field")
        return m.group(1)

    def sign_in(self, user, password=None):
        _, _, page = self.send("GET", "/ui/login")
        return self.send("POST", "/ui/login", {"csrf": self.csrf(page), "user": user,
                                              "password": password or PASSWORDS[user]})


status, hdrs, _ = request("GET", "/ui/p/" + TARGET)
check(status == 303 and header(hdrs, "Location")[0].startswith("/ui/login?next="),
      f"a stranger is sent to sign in ({status})")
an = Client()
status, hdrs, _ = an.sign_in("cb.an")
check(status == 303, f"cb.an signs in ({status})")
cookie = next(c for c in header(hdrs, "Set-Cookie") if c.startswith("pakn_session="))
for flag in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/ui"):
    check(flag in cookie, f"the session cookie is {flag}")
status, hdrs, page = an.send("GET", "/ui/p/" + TARGET)
check(status == 200 and "Đèn tín hiệu" in page, f"cb.an reads the petition ({status})")
check("0987654321" not in page and "*******321" in page, "the phone is masked, also in the text")
csp = header(hdrs, "Content-Security-Policy")[0]
check("default-src 'self'" in csp and "frame-ancestors 'none'" in csp, "a CSP is sent")
status, _, page = an.send("GET", "/ui/p/WEB-XSS")
check("<script>alert" not in page and "&lt;script&gt;alert" in page, "text is HTML-escaped")
status, _, _ = an.send("GET", "/ui/p/WEB-YT")
check(status == 403, f"cb.an (SO-XD) is refused SO-YT's petition ({status})")
status, _, page = an.send("GET", "/ui/?tab=all&q=benh+vien")
check(status == 200 and "WEB-YT" not in page, "nor is it in cb.an's list")
status, _, page = an.send("POST", f"/ui/p/{TARGET}/action", {"action": "accept"})
check(status == 403 and "Biểu mẫu" in page, f"an action without the CSRF token: 403 ({status})")
status, _, page = an.send("GET", "/ui/?tab=nope")
check(status == 400 and "tab: expected one of" in page, f"a bad tab: 400 naming it ({status})")
status, _, page = an.send("GET", "/ui/?tab=all&from=2026-13-01")
check(status == 400 and "YYYY-MM-DD" in page, f"a bad date: 400 ({status})")
status, _, page = an.send("GET", "/ui/?tab=all&after=Gzz")
check(status == 400 and "after:" in page, f"a forged cursor: 400 ({status})")
status, _, page = an.send("GET", "/ui/p/" + "x" * 200)
check(status == 400, f"an id over 128 bytes: 400 ({status})")
# Pages: 32 SO-XD petitions, 50 a page by submission day: one page; walk with the cursor.
status, _, page = an.send("GET", "/ui/?tab=all&sort=day")
rows = page.count('<tr class="')
check(status == 200 and rows == 32, f"the list holds the agency's 32 petitions ({rows})")

binh = Client()
binh.sign_in("cb.binh")
status, _, page = binh.send("GET", "/ui/p/" + TARGET)
check(status == 403 and "Đèn tín hiệu" not in page, f"cb.binh (SO-YT) is refused ({status})")
_, _, own = binh.send("GET", "/ui/p/WEB-YT")
status, _, page = binh.send("POST", f"/ui/p/{TARGET}/action",
                            {"csrf": binh.csrf(own), "action": "accept", "note": "x"})
check(status == 403, f"a crafted action on another agency's petition: 403 ({status})")
chi = Client()
chi.sign_in("ld.chi")
status, _, page = chi.send("GET", "/ui/p/" + TARGET)
check(status == 200, f"the leader reads every agency's petition ({status})")
status, _, page = chi.send("POST", f"/ui/p/{TARGET}/action",
                           {"csrf": chi.csrf(page), "action": "accept", "note": "x"})
check(status == 403, f"the leader may not act ({status})")
status, _, page = chi.send("GET", "/ui/?tab=all&agency=SO-YT")
check(status == 200 and "WEB-YT" in page and TARGET not in page,
      f"the leader narrows the list to one agency ({status})")
status, _, page = chi.send("GET", "/ui/?tab=all&agency=NOPE")
check(status == 400 and "NOPE" in page, f"an unknown agency: 400 naming it ({status})")
history = ws.show_json([TARGET])[0]["history"]
check(len(history) == 2, f"no refused or crafted action reached the store ({len(history)} entries)")
log("crafted requests: sign-in, cookie flags, CSP, masking, escaping, scope, CSRF, 400s: OK")

# --- a real browser ------------------------------------------------------------------------
node_modules = os.path.join(ROOT, "tests/browser/node_modules")
check(os.path.isdir(node_modules), "tests/browser/node_modules is missing: run scripts/setup")
case = {"operator": ["cb.an", PASSWORDS["cb.an"]], "other": ["cb.binh", PASSWORDS["cb.binh"]],
        "id": TARGET, "search": "nguyen trai", "agency": "SO-XD", "phone": "0987654321",
        "answer": "Sở Xây dựng đã thay bộ đèn tín hiệu tại ngã tư Nguyễn Trãi ngày 06/12.",
        "doc_number": "123/SXD-QLHT", "reveal_reason": "Gọi lại cho người dân",
        "artifacts": ARTIFACTS}
env = dict(os.environ, PAKN_WEB_BASE=f"http://127.0.0.1:{PORT}", PAKN_WEB_CASE=json.dumps(case))
proc = subprocess.run(["node", os.path.join(ROOT, "tests/browser/web.mjs")], env=env,
                      capture_output=True, timeout=300)
out = proc.stdout.decode()
log("browser:", out.strip()[-3000:])
check(proc.returncode == 0, f"browser test: {proc.stderr.decode()[-3000:]}")
findings = json.loads(out.strip().splitlines()[-1])
for name in ("worklist.png", "petition.png", "petition-revealed.png", "petition-published.png",
             "worklist-phone.png", "petition.pdf"):
    check(os.path.getsize(os.path.join(ARTIFACTS, name)) > 1000, f"artefact {name} kept")

# The citizen's status lookup shows the published answer, and the history the operator.
status, _, data = request("GET", f"/open311/v2/requests/{TARGET}.json")
view = json.loads(data)[0]
check(status == 200 and view["status"] == "closed" and "123/SXD-QLHT" in view["status_notes"],
      f"the citizen sees the published answer: {view}")
history = ws.show_json([TARGET])[0]["history"]
actors = {h["actor"] for h in history[2:]}
check(actors == {"cb.an"}, f"every action's actor is the signed-in account: {actors}")

# --- SIGHUP reloads the accounts: one added, one removed, a broken file changes nothing ------
import signal
import time
accounts_path = ws.path("accounts.toml")
before = open(accounts_path).read()
blocks = before.split("[[account]]")
without_binh = "[[account]]".join(b for b in blocks if 'user = "cb.binh"' not in b)
with open(accounts_path, "w") as f:
    f.write(without_binh)
PASSWORDS["cb.dung"] = "mat-khau-cb.dung-2026"
run([PAKN, "account", "add", "--file", accounts_path, "--user", "cb.dung", "--role", "operator",
     "--agency", "SO-XD"], input=(PASSWORDS["cb.dung"] + "\n").encode())
serve.send_signal(signal.SIGHUP)
wait_for(lambda: "accounts reloaded" in open(ws.path("serve.log"), errors="replace").read(), 10,
         "serve reloads the accounts")
dung = Client()
status, _, _ = dung.sign_in("cb.dung")
check(status == 303, f"an account added and reloaded signs in ({status})")
status, hdrs, _ = binh.send("GET", "/ui/")
check(status == 303 and "/ui/login" in header(hdrs, "Location")[0],
      f"a removed account's session ends ({status})")
with open(accounts_path, "a") as f:
    f.write('[[account]]\nuser = "Broken"\n')
serve.send_signal(signal.SIGHUP)
wait_for(lambda: "accounts not reloaded" in open(ws.path("serve.log"), errors="replace").read(),
         10, "serve refuses a broken accounts file")
check("accounts.toml:" in open(ws.path("serve.log"), errors="replace").read(),
      "the error names the file and line")
status, _, _ = Client().sign_in("cb.dung")
check(status == 303 and serve.poll() is None, "the accounts in use stay, and serve runs on")
log("SIGHUP: an account added, one removed, a broken file refused")

# --- the failed sign-in throttle (last: it locks this address) -----------------------------
mallory = Client()
codes = [mallory.sign_in("cb.an", "wrong password")[0] for _ in range(6)]
check(codes[:5] == [401] * 5 and codes[5] == 429, f"five failures, then 429: {codes}")
status, hdrs, _ = mallory.sign_in("cb.an")
check(status == 429 and int(header(hdrs, "Retry-After")[0]) > 0,
      "even the right password waits out the window")
serve_log = open(ws.path("serve.log"), errors="replace").read()
check("wrong password" not in serve_log and PASSWORDS["cb.an"] not in serve_log,
      "no password in the log")
# Nor personal data: the reporter's phone and name were shown in clear (reveal) and sent
# through Open311, and neither log holds them; the reveal's reason stays in the history only.
for text, name in [(serve_log, "serve"), (ws.log_text(), "ingest")]:
    hits = [v for v in ("0987654321", "Phạm Thị Hoa", "Gọi lại cho người dân") if v in text]
    check(not hits, f"{name}'s log holds no personal data: {hits}")

serve.terminate()
check(serve.wait(timeout=30) == 0, "serve stops cleanly")
ing.terminate()
ing.wait(timeout=60)
log(f"OK: web view; browser steps {len(findings['steps'])}, axe {findings['axe']}; "
    f"artefacts in {ARTIFACTS}")
