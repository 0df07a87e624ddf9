"""A manual check of the web console in Firefox (not run by CI: Debian has no geckodriver, and
firefox-esr is a large install). Drives `firefox-esr --headless --marionette` over Firefox's own
Marionette protocol with the standard library only, on a queue page of a live gateway: post,
claim, delete the claimed messages, the chart, the metadata check and the confirmation dialog.

    apt-get install firefox-esr
    python3 scripts/console_firefox_check.py http://127.0.0.1:8888 /tmp/console-firefox.png

It creates a queue `firefox-check` in project `firefox-check`, and deletes it at the end.
"""
import base64, json, os, socket, subprocess, sys, tempfile, time
import urllib.request
base, out = sys.argv[1].rstrip("/"), sys.argv[2]
def http(method, path):
    req = urllib.request.Request(base + path, method=method, headers={"X-Project-Id": "firefox-check"})
    return urllib.request.urlopen(req).status
http("PUT", "/v1/queues/firefox-check")
url = base + "/console/?project=firefox-check#/queues/firefox-check"
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
prof = tempfile.mkdtemp()
open(os.path.join(prof, "user.js"), "w").write('user_pref("marionette.port", %d);\n' % port)
ff = subprocess.Popen(["firefox-esr", "--headless", "--marionette", "--no-remote", "--profile", prof, "--window-size=1366,1000"],
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(100):
    try: c = socket.create_connection(("127.0.0.1", port)); break
    except OSError: time.sleep(0.2)
buf = b""
def recv():
    global buf
    while b":" not in buf: buf += c.recv(65536)
    n, rest = buf.split(b":", 1); n = int(n)
    while len(rest) < n: rest += c.recv(65536)
    buf = rest[n:]; return json.loads(rest[:n])
mid = 0
def cmd(name, params):
    global mid; mid += 1
    data = json.dumps([0, mid, name, params]).encode()
    c.sendall(str(len(data)).encode() + b":" + data)
    r = recv()
    if r[2]: raise RuntimeError(r[2])
    return r[3]
recv()
try:
    version = cmd("WebDriver:NewSession", {"capabilities": {}})["capabilities"]["browserVersion"]
    cmd("WebDriver:Navigate", {"url": url})
    js = lambda code: cmd("WebDriver:ExecuteScript", {"script": code, "args": []})["value"]
    time.sleep(3)
    def check(what, got, want):
        print("%-28s %r" % (what, got))
        if got != want:
            raise SystemExit("FAILED: %s is %r, expected %r" % (what, got, want))
    check("stats total before", js("return document.getElementById('stat-total').textContent"), "0")
    js("document.getElementById('post-button').click()")
    time.sleep(2)
    check("stats total after post", js("return document.getElementById('stat-total').textContent"), "1")
    check("message rows", js("return document.querySelectorAll('#message-rows tr').length"), 1)
    js("document.getElementById('claim-limit').value = '2'; document.getElementById('claim-button').click()")
    time.sleep(2)
    check("claim cards", js("return document.querySelectorAll('#claims .claim').length"), 1)
    check("claimed", js("return document.getElementById('stat-claimed').textContent"), "1")
    js("document.querySelector('#claims .claim button[data-action=\"delete-all\"]').click()")
    time.sleep(2)
    check("total after delete all", js("return document.getElementById('stat-total').textContent"), "0")
    check("chart has lines", js("return document.querySelectorAll('#chart polyline').length > 0"), True)
    js("document.getElementById('metadata-text').value='[1]'; document.getElementById('metadata-text').dispatchEvent(new Event('input'))")
    check("metadata check", js("return document.getElementById('metadata-error').textContent"), "Metadata must be a JSON object ({…}).")
    js("document.getElementById('delete-queue').click()")
    time.sleep(0.5)
    check("dialog open", js("return document.getElementById('confirm').open"), True)
    check("focus in dialog", js("return document.activeElement.id"), "confirm-cancel")
    png = cmd("WebDriver:TakeScreenshot", {"full": False})["value"]
    open(out, "wb").write(base64.b64decode(png))
    js("document.getElementById('confirm-cancel').click()")
    check("errors shown", js("return [...document.querySelectorAll('#errors .error')].map(e => e.innerText)"), [])
    print("console works in Firefox %s; screenshot %s" % (version, out))
finally:
    try: cmd("Marionette:Quit", {})
    except Exception: pass
    ff.wait(timeout=20)
    http("DELETE", "/v1/queues/firefox-check")
