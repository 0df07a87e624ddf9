"""Token authentication, roles and project isolation (contract §10; README "Authentication").

A private gateway runs with --auth tokens on the shared Redis; tokens come from
`cloud-queues token add`. Every endpoint is tried without a token (401), with each role (403
exactly where the role matrix says), and with a token of project A aimed at project B through
both URL forms (403, and nothing of B read or changed).
"""

import json
import os
import signal
import tempfile
import time
import uuid

import pytest
import requests

from gateways import Gateway, add_token

CLIENT = str(uuid.uuid4())


def pid():
    return "auth-" + uuid.uuid4().hex[:12]


@pytest.fixture(scope="module")
def env():
    workdir = tempfile.mkdtemp(prefix="cq-auth-")
    token_file = os.path.join(workdir, "tokens.json")
    a, b = pid(), pid()
    tokens = {
        "observer": add_token(token_file, a, "observer"),
        "creator": add_token(token_file, a, "creator"),
        "admin": add_token(token_file, a, "admin"),
        "b_admin": add_token(token_file, b, "admin"),
        "expired": add_token(token_file, a, "admin", expires="2001-01-01T00:00:00Z"),
        "multi": add_token(token_file, a, "observer,admin"),
    }
    assert oct(os.stat(token_file).st_mode & 0o777) == "0o600"
    gateway = Gateway("--auth", "tokens", "--token-file", token_file)
    yield {"url": gateway.url, "a": a, "b": b, "tokens": tokens, "file": token_file, "gateway": gateway}
    gateway.stop()


def call(env, method, path, token=None, project=None, url_project=None, body=None, **headers):
    """`path` is below /v1 (e.g. /queues/q); `url_project` puts a project into the URL."""
    h = {"Client-ID": CLIENT, **headers}
    if token is not None:
        h["X-Auth-Token"] = token
    if project is not None:
        h["X-Project-Id"] = project
    prefix = "/v1" + ("/" + url_project if url_project else "")
    data = json.dumps(body).encode() if body is not None else None
    if data is not None:
        h["Content-Type"] = "application/json"
    return requests.request(method, env["url"] + prefix + path, headers=h, data=data, timeout=5)


def setup_queue(env, token, project=None):
    """A queue with two messages, one of them claimed; returns (queue, message id, claim id, free id)."""
    q = "q-" + uuid.uuid4().hex[:10]
    assert call(env, "PUT", "/queues/" + q, token, project).status_code == 201
    r = call(env, "POST", "/queues/%s/messages" % q, token, project, body=[{"ttl": 300, "body": 1}, {"ttl": 300, "body": 2}])
    assert r.status_code == 201, r.text
    ids = [h.rsplit("/", 1)[1] for h in r.json()["resources"]]
    r = call(env, "POST", "/queues/%s/claims?limit=1" % q, token, project, body={"ttl": 300, "grace": 60})
    assert r.status_code == 201, r.text
    claimed = r.json()[0]["href"]
    mid = claimed.split("/messages/")[1].split("?")[0]
    cid = claimed.split("claim_id=")[1]
    free = [i for i in ids if i != mid][0]
    return q, mid, cid, free


# Every endpoint: (name, method, path template, body). {q} queue, {m} claimed message, {c} claim, {f} free message.
ENDPOINTS = [
    ("home", "GET", "", None),
    ("list queues", "GET", "/queues", None),
    ("create queue", "PUT", "/queues/{q}", None),
    ("queue exists (HEAD)", "HEAD", "/queues/{q}", None),
    ("queue exists (GET)", "GET", "/queues/{q}", None),
    ("delete queue", "DELETE", "/queues/{q}", None),
    ("set metadata", "PUT", "/queues/{q}/metadata", {"k": 1}),
    ("get metadata", "GET", "/queues/{q}/metadata", None),
    ("stats", "GET", "/queues/{q}/stats", None),
    ("post messages", "POST", "/queues/{q}/messages", [{"ttl": 60, "body": "x"}]),
    ("list messages", "GET", "/queues/{q}/messages?echo=true&include_claimed=true", None),
    ("get by ids", "GET", "/queues/{q}/messages?ids={m},{f}", None),
    ("delete by ids", "DELETE", "/queues/{q}/messages?ids={f}", None),
    ("get message", "GET", "/queues/{q}/messages/{m}", None),
    ("delete message", "DELETE", "/queues/{q}/messages/{m}?claim_id={c}", None),
    ("claim", "POST", "/queues/{q}/claims", {"ttl": 60, "grace": 60}),
    ("get claim", "GET", "/queues/{q}/claims/{c}", None),
    ("update claim", "PATCH", "/queues/{q}/claims/{c}", {"ttl": 120}),
    ("release claim", "DELETE", "/queues/{q}/claims/{c}", None),
]

# What each role may do (README role matrix).
def allowed(role, method, path):
    if method in ("GET", "HEAD"):
        return True
    if role == "observer":
        return False
    if role == "creator":
        return not (method == "DELETE" and path == "/queues/{q}")
    return True


def fill(path, q="nq", m="0" * 24, c="1" * 24, f="2" * 24):
    return path.format(q=q, m=m, c=c, f=f)


def assert_error_json(r, status, title):
    assert r.status_code == status, (r.status_code, r.text)
    if r.request.method == "HEAD":
        assert r.content == b""
        return
    assert r.headers["Content-Type"].startswith("application/json")
    doc = r.json()
    assert doc["title"] == title and doc["description"], doc


@pytest.mark.parametrize("name,method,path,body", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_every_endpoint_needs_a_valid_token(env, name, method, path, body):
    for url_project in (None, env["a"]):
        for token in (None, "", "not-a-token", env["tokens"]["expired"], env["tokens"]["admin"] + "x",
                      env["tokens"]["admin"].upper()):
            r = call(env, method, fill(path), token, url_project=url_project, body=body)
            assert_error_json(r, 401, "Unauthorized")
            assert r.headers.get("WWW-Authenticate") == "X-Auth-Token"


def test_unauthenticated_caller_learns_nothing_about_routes(env):
    assert_error_json(call(env, "GET", "/queues/q/nonsense"), 401, "Unauthorized")
    assert_error_json(call(env, "POST", "/queues"), 401, "Unauthorized")
    # Authenticated: the usual 404 and 405.
    assert call(env, "GET", "/queues/q/nonsense", env["tokens"]["admin"]).status_code == 404
    assert call(env, "POST", "/queues", env["tokens"]["admin"]).status_code == 405


def test_health_stays_public_for_load_balancers(env):
    assert requests.get(env["url"] + "/v1/health", timeout=5).status_code == 204
    assert requests.head(env["url"] + "/v1/health", timeout=5).status_code == 204


@pytest.mark.parametrize("role", ["observer", "creator", "admin", "multi"])
@pytest.mark.parametrize("name,method,path,body", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_role_matrix(env, role, name, method, path, body):
    admin = env["tokens"]["admin"]
    q, m, c, f = setup_queue(env, admin)
    effective = "admin" if role == "multi" else role  # the more permissive role wins
    r = call(env, method, fill(path, q, m, c, f), env["tokens"][role], body=body)
    if allowed(effective, method, path):
        assert r.status_code < 400, (role, name, r.status_code, r.text)
    else:
        assert_error_json(r, 403, "Forbidden")
        # Nothing changed: the queue, both messages and the claim are still there.
        assert call(env, "GET", "/queues/" + q, admin).status_code == 204
        assert call(env, "GET", "/queues/%s/messages?ids=%s,%s" % (q, m, f), admin).status_code == 200
        assert len(call(env, "GET", "/queues/%s/messages?ids=%s,%s" % (q, m, f), admin).json()) == 2
        assert call(env, "GET", "/queues/%s/claims/%s" % (q, c), admin).json()["ttl"] == 300
        assert call(env, "GET", "/queues/%s/metadata" % q, admin).json() == {}
    call(env, "DELETE", "/queues/" + q, admin)


def b_state(env, q, m, c, f):
    tb = env["tokens"]["b_admin"]
    return (
        call(env, "GET", "/queues/%s/metadata" % q, tb).json(),
        call(env, "GET", "/queues/%s/stats" % q, tb).json()["messages"]["total"],
        sorted(x["body"] for x in call(env, "GET", "/queues/%s/messages?ids=%s,%s" % (q, m, f), tb).json()),
        call(env, "GET", "/queues/%s/claims/%s" % (q, c), tb).json()["ttl"],
    )


@pytest.mark.parametrize("name,method,path,body", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_token_of_a_cannot_reach_project_b_through_either_url_form(env, name, method, path, body):
    tb = env["tokens"]["b_admin"]
    q, m, c, f = setup_queue(env, tb)
    before = b_state(env, q, m, c, f)
    target = fill(path, q, m, c, f)
    for role in ("observer", "creator", "admin"):
        ta = env["tokens"][role]
        for kwargs in ({"url_project": env["b"]}, {"project": env["b"]}, {"url_project": env["b"], "project": env["a"]},
                       {"url_project": env["a"], "project": env["b"]}, {"project": ""}):
            r = call(env, method, target, ta, body=body, **kwargs)
            if name == "home" and kwargs.get("project") in (None, env["a"]):
                # /v1/{anything} is the same home document for everyone (§14): it names no project.
                assert r.status_code == 200
                continue
            assert_error_json(r, 403, "Forbidden")
    assert b_state(env, q, m, c, f) == before
    call(env, "DELETE", "/queues/" + q, tb)


def test_same_names_under_a_token_address_the_tokens_own_project(env):
    """B's queue name and ids, used with A's token and no project named, reach A's namespace only."""
    tb, ta = env["tokens"]["b_admin"], env["tokens"]["admin"]
    q, m, c, f = setup_queue(env, tb)
    before = b_state(env, q, m, c, f)
    assert call(env, "GET", "/queues/" + q, ta).status_code == 404
    assert call(env, "GET", "/queues/%s/messages/%s" % (q, m), ta).status_code == 404
    assert call(env, "GET", "/queues/%s/messages?ids=%s,%s" % (q, m, f), ta).status_code == 204
    assert call(env, "GET", "/queues/%s/claims/%s" % (q, c), ta).status_code == 404
    assert call(env, "DELETE", "/queues/%s/messages/%s?claim_id=%s" % (q, m, c), ta).status_code == 204
    assert call(env, "DELETE", "/queues/%s/messages?ids=%s" % (q, f), ta).status_code == 204
    assert call(env, "DELETE", "/queues/%s/claims/%s" % (q, c), ta).status_code == 204
    assert call(env, "GET", "/queues", ta).status_code in (200, 204)
    assert q not in json.dumps(call(env, "GET", "/queues", ta).json() if call(env, "GET", "/queues", ta).status_code == 200 else {})
    assert b_state(env, q, m, c, f) == before
    # The URL form naming A (the token's project) works like the header-less form.
    assert call(env, "PUT", "/queues/" + q, ta, url_project=env["a"]).status_code == 201
    assert call(env, "GET", "/queues/" + q, ta, project=env["a"]).status_code == 204
    assert b_state(env, q, m, c, f) == before
    call(env, "DELETE", "/queues/" + q, ta)
    call(env, "DELETE", "/queues/" + q, tb)


def test_tokens_added_while_running_work_and_sighup_reloads(env):
    new = add_token(env["file"], env["a"], "observer")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and call(env, "GET", "/queues", new).status_code == 401:
        time.sleep(0.2)
    assert call(env, "GET", "/queues", new).status_code in (200, 204), "a token added to the file is picked up"

    # A broken file is refused; the tokens in force stay valid.
    with open(env["file"]) as f:
        good = f.read()
    with open(env["file"], "w") as f:
        f.write("{broken")
    env["gateway"].proc.send_signal(signal.SIGHUP)
    time.sleep(2.5)
    assert env["gateway"].proc.poll() is None, "SIGHUP does not end the gateway"
    assert call(env, "GET", "/queues", new).status_code in (200, 204)

    # Remove the new token's line, then SIGHUP: it stops working at once (the mtime poll may win the race, both reload).
    doc = json.loads(good)
    doc["tokens"] = doc["tokens"][:-1]
    with open(env["file"], "w") as f:
        json.dump(doc, f)
    env["gateway"].proc.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and call(env, "GET", "/queues", new).status_code != 401:
        time.sleep(0.1)
    assert call(env, "GET", "/queues", new).status_code == 401
    assert call(env, "GET", "/queues", env["tokens"]["observer"]).status_code in (200, 204)
    assert "tokens reloaded" in env["gateway"].output()
    assert "token file not reloaded" in env["gateway"].output()


def test_token_add_refuses_bad_input(env):
    import subprocess
    from gateways import binary
    for args in (["--roles", "root"], ["--roles", ""], ["--roles", "admin", "--expires", "someday"]):
        r = subprocess.run([binary(), "token", "add", "--file", env["file"], "--project", "p", *args],
                           capture_output=True, text=True)
        assert r.returncode != 0 and r.stdout == "", args


def test_gateway_refuses_to_start_without_a_usable_token_file(tmp_path):
    import subprocess
    from gateways import binary, redis_target
    broken = tmp_path / "tokens.json"
    broken.write_text('{"tokens": [{"sha256": "00", "project": "p", "roles": ["admin"]}]}')
    for args in (["--auth", "tokens"], ["--auth", "tokens", "--token-file", str(tmp_path / "missing.json")],
                 ["--auth", "tokens", "--token-file", str(broken)], ["--auth", "keystone"]):
        r = subprocess.run([binary(), "serve", "--port", "1", *redis_target(), *args],
                           capture_output=True, text=True, timeout=30)
        assert r.returncode != 0, args


def test_console_pages_are_public_but_its_api_calls_need_a_token(env):
    """A browser cannot put a token on a page load: the console's files are served without one;
    the API it calls is not."""
    page = requests.get(env["url"] + "/console/", timeout=5)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert requests.get(env["url"] + "/console/js/api.js", timeout=5).status_code == 200
    assert call(env, "GET", "/queues").status_code == 401
    assert call(env, "GET", "/queues", env["tokens"]["observer"]).status_code in (200, 204)
