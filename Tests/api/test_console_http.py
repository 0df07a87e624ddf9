"""The web console's static files, over plain HTTP (no browser): /console redirects, index.html
and every asset it loads are served with their media types, conditional GETs, traversal refused
with the API's 404 JSON, and the switches: --console off, CQ_CONSOLE=off, --console-dir.

Gateway A (CQ_URL) serves the console found in the source tree. The switches are tested on
private gateways started from CQ_BIN against the shared Redis (CQ_REDIS_URL; nothing is written).
"""

import http.client
import json
import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.parse

import pytest
import requests
from gateways import redis_target

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONSOLE = os.path.join(ROOT, "console")


def raw_get(base, path, method="GET"):
    """A request with the path sent exactly as given (requests would normalise `..`)."""
    u = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        conn.request(method, path)
        r = conn.getresponse()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read()
    finally:
        conn.close()


def test_console_without_slash_redirects_keeping_the_query(base_url):
    r = requests.get(base_url + "/console", allow_redirects=False)
    assert r.status_code == 301
    assert r.headers["Location"] == "/console/"
    r = requests.get(base_url + "/console?project=demo-1", allow_redirects=False)
    assert r.status_code == 301
    assert r.headers["Location"] == "/console/?project=demo-1"


def test_index_is_html_with_a_strict_content_security_policy(base_url):
    r = requests.get(base_url + "/console/?project=x")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.content == open(os.path.join(CONSOLE, "index.html"), "rb").read()
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    # Same bytes through the redirect, as a browser would follow it.
    assert requests.get(base_url + "/console").content == r.content
    assert requests.get(base_url + "/console/index.html").content == r.content


def _assets(html):
    return re.findall(r'(?:src|href)="([^"#:]+)"', html)


def test_every_asset_loads_with_its_media_type(base_url):
    html = requests.get(base_url + "/console/").text
    pending = list(_assets(html))
    assert "console.css" in pending and "js/app.js" in pending
    seen = set()
    types = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}
    while pending:
        path = os.path.normpath(pending.pop())
        if path in seen:
            continue
        seen.add(path)
        r = requests.get(base_url + "/console/" + path)
        assert r.status_code == 200, path
        assert r.headers["Content-Type"] == types[os.path.splitext(path)[1]], path
        assert r.content == open(os.path.join(CONSOLE, path), "rb").read(), path
        if path.endswith(".js"):  # follow the module graph: every import must be served too
            here = os.path.dirname(path)
            pending += [os.path.join(here, m) for m in re.findall(r'from "(\./[^"]+)"', r.text)]
    # Every JavaScript file of the folder is reachable from index.html (no dead files).
    on_disk = {os.path.join("js", f) for f in os.listdir(os.path.join(CONSOLE, "js"))}
    assert on_disk <= seen
    # Nothing is fetched from elsewhere: no absolute URLs to other hosts in any file.
    for path in seen | {"index.html"}:
        text = open(os.path.join(CONSOLE, path), encoding="utf-8").read()
        assert not re.search(r"(?:src|href)=\"(?:https?:)?//", text), path
        assert "import(" not in text and not re.search(r'from "https?:', text), path


def test_head_and_conditional_get(base_url):
    status, headers, body = raw_get(base_url, "/console/console.css", "HEAD")
    assert status == 200 and body == b""
    assert int(headers["content-length"]) == os.path.getsize(os.path.join(CONSOLE, "console.css"))
    r = requests.get(base_url + "/console/console.css")
    etag = r.headers["ETag"]
    assert r.headers["Cache-Control"] == "no-cache"
    again = requests.get(base_url + "/console/console.css", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = requests.get(base_url + "/console/console.css", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.content == r.content


@pytest.mark.parametrize("path", [
    "/console/../lua/queue_create.lua",
    "/console/../Package.swift",
    "/console/js/../../Package.swift",
    "/console/%2e%2e/Package.swift",
    "/console/..%2fPackage.swift",
    "/console/./index.html",
    "/console//index.html",
    "/console/js/",
    "/console/nope.js",
    "/console/index.html/",
])
def test_traversal_and_unknown_files_get_the_api_404(base_url, path):
    status, headers, body = raw_get(base_url, path)
    assert status == 404, path
    assert headers["content-type"].startswith("application/json")
    assert json.loads(body)["title"] == "Not found"
    assert b"swift-tools-version" not in body and b"#!lua" not in body


def test_only_get_and_head(base_url):
    r = requests.post(base_url + "/console/index.html", data="x")
    assert r.status_code == 405
    assert r.headers["Allow"] == "GET, HEAD"
    assert r.json()["title"] == "Method not allowed"


def test_paths_beside_console_are_still_api_404s(base_url):
    for path in ("/consolex", "/console.html", "/v1/queues/q/console"):
        r = requests.get(base_url + path)
        assert r.status_code == 404, path
        assert r.json()["title"] == "Not found", path


# --- switches, on private gateways ---------------------------------------------------------

def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _gateway(args, env_extra=None):
    binary = os.environ.get("CQ_BIN")
    if not binary:
        pytest.fail("CQ_BIN (the cloud-queues binary) is not set; scripts/test.sh sets it", pytrace=False)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CQ_CONSOLE")}
    env.update(env_extra or {})
    proc = subprocess.Popen([binary, "serve", "--port", str(port), *redis_target()] + args,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = "http://127.0.0.1:%d" % port
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return proc, base
        try:
            if requests.head(base + "/v1/health", timeout=1).status_code == 204:
                return proc, base
        except requests.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    pytest.fail("private gateway did not start")


def _stop(proc):
    proc.terminate()
    proc.wait(timeout=10)


@pytest.mark.parametrize("args,env", [(["--console", "off"], {}), ([], {"CQ_CONSOLE": "off"})])
def test_off_switch_leaves_only_the_api(args, env):
    proc, base = _gateway(args, env)
    try:
        assert proc.poll() is None, proc.stdout.read().decode()
        for path in ("/console", "/console/", "/console/index.html"):
            r = requests.get(base + path, allow_redirects=False)
            assert r.status_code == 404, path
            assert r.json()["title"] == "Not found"
        assert requests.get(base + "/v1/health").status_code == 204
    finally:
        _stop(proc)


def test_flag_wins_over_the_environment():
    proc, base = _gateway(["--console", "on"], {"CQ_CONSOLE": "off"})
    try:
        assert requests.get(base + "/console/").status_code == 200
    finally:
        _stop(proc)


def test_console_dir_serves_another_folder():
    with tempfile.TemporaryDirectory() as folder:
        os.makedirs(os.path.join(folder, "sub"))
        with open(os.path.join(folder, "index.html"), "w") as f:
            f.write("<!doctype html><title>custom</title>")
        with open(os.path.join(folder, "sub", "a.css"), "w") as f:
            f.write("body{}")
        with open(os.path.join(folder, ".hidden"), "w") as f:
            f.write("secret")
        for args, env in ((["--console-dir", folder], {}), ([], {"CQ_CONSOLE_DIR": folder})):
            proc, base = _gateway(args, env)
            try:
                r = requests.get(base + "/console/")
                assert r.status_code == 200 and "custom" in r.text
                r = requests.get(base + "/console/sub/a.css")
                assert r.status_code == 200 and r.headers["Content-Type"] == "text/css; charset=utf-8"
                assert requests.get(base + "/console/.hidden").status_code == 404
                assert requests.get(base + "/console/js/app.js").status_code == 404
            finally:
                _stop(proc)


def test_console_dir_without_index_stops_the_gateway_at_start_up():
    with tempfile.TemporaryDirectory() as folder:
        proc, _ = _gateway(["--console-dir", folder])
        try:
            code = proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            _stop(proc)
            pytest.fail("gateway started although --console-dir has no index.html")
        assert code != 0
        assert b"index.html" in proc.stdout.read()


def test_bad_switch_value_is_refused():
    proc, _ = _gateway(["--console", "maybe"])
    code = proc.wait(timeout=15)
    assert code != 0
    assert b"on or off" in proc.stdout.read()
