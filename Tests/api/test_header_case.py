"""Every response header name is lower case, as Zaqar sends them (clients compare names
case-sensitively, e.g. `set(response.headers.keys())` with python-requests).

Read on the raw bytes of the response over a plain socket: a case-insensitive client would hide
the case. Covers success rows with their headers (location, content-location, content-type,
etag, allow, retry-after), error paths (ours, NIO's bare 400 for an oversized or malformed head,
503 with Redis down, 429), the console's files, /metrics and /openapi.yaml.
"""

import json
import socket
import uuid
from urllib.parse import urlsplit

import pytest

from cq import new_project, new_queue_name
from gateways import Gateway

CLIENT = str(uuid.uuid4())


def raw(base, method, path, headers=None, body=None, head_bytes=None):
    """Sends one request on a new connection; returns (status, [header names as sent], raw head)."""
    url = urlsplit(base)
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: %s" % url.netloc, "Connection: close"]
    for name, value in (headers or {}).items():
        lines.append("%s: %s" % (name, value))
    data = body.encode() if isinstance(body, str) else (body or b"")
    if data:
        lines.append("Content-Length: %d" % len(data))
    request = head_bytes if head_bytes is not None else ("\r\n".join(lines) + "\r\n\r\n").encode() + data
    with socket.create_connection((url.hostname, url.port), timeout=10) as s:
        s.sendall(request)
        reply = b""
        while b"\r\n\r\n" not in reply:
            chunk = s.recv(65536)
            if not chunk:
                break
            reply += chunk
    head = reply.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    status_line, *fields = head.split("\r\n")
    names = [f.split(":", 1)[0] for f in fields]
    return int(status_line.split()[1]), names, head


def assert_lower(names, head):
    assert names, head
    upper = [n for n in names if n != n.lower()]
    assert not upper, "header names not in lower case: %s in\n%s" % (upper, head)


def project_headers(project, extra=None):
    h = {"X-Project-Id": project, "Client-ID": CLIENT, "Content-Type": "application/json"}
    h.update(extra or {})
    return h


def test_every_v1_route_sends_lower_case_names(base_url):
    p = new_project()
    q = new_queue_name()
    h = project_headers(p)
    seen = set()

    def call(method, path, body=None, expect=None, headers=h):
        status, names, head = raw(base_url, method, path, headers, body)
        if expect is not None:
            assert status == expect, head
        assert_lower(names, head)
        seen.update(names)
        return status, head

    call("GET", "/v1", expect=200)
    call("GET", "/v1/health", expect=204)
    call("HEAD", "/v1/health", expect=204)
    call("PUT", "/v1/queues/" + q, expect=201)
    call("PUT", "/v1/queues/" + q, expect=204)
    call("HEAD", "/v1/queues/" + q, expect=204)
    call("GET", "/v1/queues", expect=200)
    call("PUT", "/v1/queues/%s/metadata" % q, json.dumps({"a": 1}), expect=204)
    call("GET", "/v1/queues/%s/metadata" % q, expect=200)
    call("POST", "/v1/queues/%s/messages" % q, json.dumps([{"ttl": 300, "body": i} for i in range(3)]), expect=201)
    call("GET", "/v1/queues/%s/messages?echo=true" % q, expect=200)
    _, head = call("POST", "/v1/queues/%s/claims" % q, json.dumps({"ttl": 60, "grace": 60}), expect=201)
    claim_href = [line.split(":", 1)[1].strip() for line in head.split("\r\n") if line.startswith("location:")][0]
    call("GET", claim_href, expect=200)
    call("PATCH", claim_href, json.dumps({"ttl": 120}), expect=204)
    call("GET", "/v1/queues/%s/stats" % q, expect=200)
    call("DELETE", claim_href, expect=204)
    call("DELETE", "/v1/queues/" + q, expect=204)
    # Error paths of our own.
    call("GET", "/v1/nothing/here/at/all/really", expect=404)
    call("POST", "/v1/queues", expect=405)
    call("GET", "/v1/queues/%s/messages" % q, headers={"X-Project-Id": p}, expect=400)  # no Client-ID
    call("GET", "/v1/queues", headers={"X-Project-Id": p, "Accept": "text/plain"}, expect=406)
    call("POST", "/v1/queues/%s/messages" % q, "[{", expect=400)
    # The names the API sets itself were all seen, in lower case.
    for name in ["content-type", "content-length", "location", "content-location", "allow", "x-request-id", "date", "server"]:
        assert name in seen, (name, sorted(seen))


def test_bare_400s_of_the_http_layer_are_lower_case(base_url):
    # Written by NIO's protocol error handler, below Hummingbird.
    status, names, head = raw(base_url, "GET", "/v1/health", {"X-Big": "a" * 40000})
    assert status == 400, head
    assert_lower(names, head)
    status, names, head = raw(base_url, None, None, head_bytes=b"NOT HTTP AT ALL\r\n\r\n")
    assert status == 400, head
    assert_lower(names, head)


def test_redis_down_503_is_lower_case(down_url):
    status, names, head = raw(down_url, "GET", "/v1/queues", {"X-Project-Id": new_project()})
    assert status == 503, head
    assert "retry-after" in names, head
    assert_lower(names, head)


def test_console_metrics_openapi_are_lower_case(base_url):
    for path, code in [("/console/", 200), ("/console", 301), ("/metrics", 200), ("/openapi.yaml", 200)]:
        status, names, head = raw(base_url, "GET", path)
        assert status == code, head
        assert_lower(names, head)
    _, names, _ = raw(base_url, "GET", "/console/")
    for name in ["etag", "cache-control", "content-security-policy", "x-content-type-options"]:
        assert name in names


def test_rate_limited_429_is_lower_case():
    gw = Gateway("--rate-limit", "1", "--rate-burst", "1")
    try:
        p = new_project()
        statuses = []
        for _ in range(4):
            status, names, head = raw(gw.url, "GET", "/v1/queues", {"X-Project-Id": p})
            assert_lower(names, head)
            statuses.append(status)
        assert 429 in statuses, statuses
    finally:
        gw.stop()
