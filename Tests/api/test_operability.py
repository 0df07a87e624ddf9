"""Operability: request ids in headers and logs, the access log, /metrics, /openapi.yaml.

The log test starts its own gateway (CQ_BIN) with --log-format json on the shared Redis
(CQ_REDIS_URL) so it can read the gateway's log lines; the others use gateway A (CQ_URL).
"""

import json
import os
import re
import subprocess
import tempfile
import time
import uuid

import pytest
import requests
import yaml

from cq import Api, new_queue_name
from gateways import free_port, redis_target

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def json_gateway(rdb):
    binary = os.environ.get("CQ_BIN")
    if not binary:
        pytest.fail("CQ_BIN (the cloud-queues binary) is not set; scripts/test.sh sets it", pytrace=False)
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="cq-json-log-", suffix=".log", delete=False)
    proc = subprocess.Popen(
        [binary, "serve", "--port", str(port), *redis_target(), "--log-format", "json"],
        stdout=log, stderr=log)
    base = "http://127.0.0.1:%d" % port
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if requests.head(base + "/v1/health", timeout=1).status_code == 204:
                break
        except requests.RequestException:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("gateway with --log-format json did not start")
    yield base, log.name
    proc.terminate()
    proc.wait(timeout=10)
    os.unlink(log.name)


def read_json_lines(path):
    lines = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                lines.append(json.loads(line))  # every line is one JSON object
    return lines


def test_request_id_echoed_and_in_every_log_line_of_the_request(json_gateway):
    base, log_path = json_gateway
    api = Api(base, project="cqt-" + uuid.uuid4().hex[:12])
    q = api.create_queue()
    rid = "test-" + uuid.uuid4().hex
    r = api.post(f"/queues/{q}/messages", body=[{"ttl": 60, "body": 1}], headers={"X-Request-Id": rid})
    assert r.status_code == 201
    assert r.headers["X-Request-Id"] == rid
    # A generated id when none (or an unacceptable one) is sent: never the bad one echoed back.
    r2 = api.get(f"/queues/{q}/stats")
    generated = r2.headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{8,64}", generated), generated
    bad = "bad id with spaces " + "x" * 200
    r3 = api.get(f"/queues/{q}/stats", headers={"X-Request-Id": bad})
    assert r3.headers["X-Request-Id"] not in ("", bad) and " " not in r3.headers["X-Request-Id"]
    assert r3.headers["X-Request-Id"] != generated
    time.sleep(0.3)
    lines = read_json_lines(log_path)
    mine = [l for l in lines if l.get("request.id") == rid]
    assert len(mine) == 1, mine
    access = mine[0]
    assert access["msg"] == "request" and access["level"] == "info"
    assert access["http.method"] == "POST"
    assert access["http.route"] == "/v1/queues/{queue_name}/messages"
    assert access["http.status"] == "201"
    assert float(access["http.duration_ms"]) >= 0
    assert access["project"] == api.project
    assert int(access["http.bytes"]) == len(r.content)
    assert "hb.request.id" not in access
    # Every access line carries its request's id, and ids are distinct per request.
    access_lines = [l for l in lines if l.get("msg") == "request"]
    assert len(access_lines) >= 4
    assert all(l.get("request.id") for l in access_lines)
    assert any(l.get("request.id") == generated for l in access_lines)
    ids = [l["request.id"] for l in access_lines]
    assert len(ids) == len(set(ids))
    api.delete("/queues/" + q)


def test_text_log_is_the_default_and_lines_carry_request_ids(tmp_path, rdb):
    binary = os.environ["CQ_BIN"]
    port = free_port()
    log_path = tmp_path / "gw.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([binary, "serve", "--port", str(port), *redis_target()],
                                stdout=log, stderr=log)
        try:
            for _ in range(150):
                try:
                    if requests.head("http://127.0.0.1:%d/v1/health" % port, timeout=1).status_code == 204:
                        break
                except requests.RequestException:
                    time.sleep(0.1)
            r = requests.get("http://127.0.0.1:%d/v1/nowhere/at/all/x/y" % port, headers={"X-Request-Id": "abc-123"}, timeout=5)
            assert r.status_code == 404 and r.headers["X-Request-Id"] == "abc-123"
            time.sleep(0.3)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    text = log_path.read_text()
    line = next(l for l in text.splitlines() if "request.id=abc-123" in l)
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info cloud-queues: request ", line), line
    assert "http.route=unmatched" in line and "http.status=404" in line


def test_unknown_log_format_is_refused(rdb):
    r = subprocess.run([os.environ["CQ_BIN"], "serve", "--log-format", "xml", *redis_target()],
                       capture_output=True, timeout=30)
    assert r.returncode != 0
    assert b"log format" in r.stderr


def metric_value(text, name, **labels):
    """The value of one series in a Prometheus text exposition (None if absent)."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$", line)
        if not m or m.group(1) != name:
            continue
        got = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(3) or ""))
        if all(got.get(k) == v for k, v in labels.items()):
            return float(m.group(4))
    return None


def test_metrics_after_traffic(api, base_url):
    before = requests.get(base_url + "/metrics", timeout=5).text
    q = api.create_queue()
    api.post_messages(q, [{"ttl": 60, "body": i} for i in range(3)])
    cid, ids = api.claim(q, limit=2)
    assert len(ids) == 2
    for mid in ids:
        assert api.delete(f"/queues/{q}/messages/{mid}", query="claim_id=" + cid).status_code == 204
    assert api.get("/queues/" + q + "/nope/x/y").status_code == 404
    r = requests.get(base_url + "/metrics", timeout=5)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/plain")
    text = r.text

    def delta(name, **labels):
        return (metric_value(text, name, **labels) or 0) - (metric_value(before, name, **labels) or 0)

    route = "/v1/queues/{queue_name}/messages/{message_id}"
    assert delta("cq_http_requests_total", route=route, method="DELETE", status="204") >= 2
    assert delta("cq_http_requests_total", route="/v1/queues/{queue_name}", method="PUT", status="201") >= 1
    assert delta("cq_http_requests_total", route="unmatched", method="GET", status="404") >= 1
    assert delta("cq_http_request_duration_seconds_count", route="/v1/queues/{queue_name}/messages", method="POST") >= 1
    assert metric_value(text, "cq_http_request_duration_seconds_bucket", route=route, method="DELETE", le="+Inf") >= 2
    assert delta("cq_redis_script_duration_seconds_count", script="message_post") >= 1
    assert delta("cq_redis_script_duration_seconds_count", script="claim_create") >= 1
    assert delta("cq_messages_posted_total") >= 3
    assert delta("cq_messages_claimed_total") >= 2
    assert delta("cq_messages_deleted_total") >= 2
    assert metric_value(text, "cq_redis_connections") >= 1
    assert metric_value(text, "cq_redis_commands_in_flight") is not None
    assert "# TYPE cq_http_request_duration_seconds histogram" in text
    # /metrics is outside /v1 and counts itself under its own name.
    again = requests.get(base_url + "/metrics", timeout=5).text
    assert metric_value(again, "cq_http_requests_total", route="/metrics", method="GET", status="200") >= 2
    assert requests.post(base_url + "/metrics", timeout=5).status_code == 405


def test_redis_errors_are_counted(down_url):
    requests.get(down_url + "/v1/queues", headers={"X-Project-Id": "p"}, timeout=5)
    text = requests.get(down_url + "/metrics", timeout=5).text
    assert metric_value(text, "cq_redis_connect_failures_total") >= 1
    assert metric_value(text, "cq_http_requests_total", route="/v1/queues", method="GET", status="503") >= 1
    assert metric_value(text, "cq_redis_connections") == 0


def test_openapi_document_is_served_and_parses(base_url):
    r = requests.get(base_url + "/openapi.yaml", timeout=5)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/yaml")
    with open(os.path.join(ROOT, "openapi", "openapi.yaml"), "rb") as f:
        assert r.content == f.read()
    doc = yaml.safe_load(r.content)
    assert doc["openapi"].startswith("3.")
    assert all(p == "/" or re.match(r"^/(v1|v1\.1|v2)(/|$)", p) for p in doc["paths"])

    def resolve(ref):
        node = doc
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        return node

    refs = []

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "$ref":
                    refs.append(v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(doc)
    assert refs
    for ref in refs:
        resolve(ref)  # raises KeyError if dangling
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            assert op["responses"], (path, method)
            assert op["operationId"], (path, method)
