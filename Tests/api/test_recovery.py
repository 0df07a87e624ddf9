"""Redis goes away and comes back: 503 fast while it is down, service again without a restart.

Starts its own redis-server and gateway (CQ_BIN, set by scripts/test.sh) so it can stop Redis
without disturbing the other tests. The restarted Redis has an empty script cache, so the first
script call after recovery also exercises the NOSCRIPT -> load -> retry path.
"""

import os
import socket
import subprocess
import tempfile
import time
import uuid

import pytest
import requests
from gateways import free_port


def start_redis(port, workdir):
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workdir],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("redis-server did not start")


def wait_until(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def private_gateway():
    binary = os.environ.get("CQ_BIN")
    if not binary:
        pytest.fail("CQ_BIN (the cloud-queues binary) is not set; scripts/test.sh sets it", pytrace=False)
    workdir = tempfile.mkdtemp(prefix="cq-recovery-")
    redis_port, http_port = free_port(), free_port()
    redis = start_redis(redis_port, workdir)
    gateway = subprocess.Popen(
        [binary, "serve", "--port", str(http_port), "--redis-url", "redis://127.0.0.1:%d/0" % redis_port],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = "http://127.0.0.1:%d/v1" % http_port
    assert wait_until(lambda: _status(base + "/health") == 204, 10), "gateway did not start"
    state = {"redis": redis, "port": redis_port, "workdir": workdir}
    yield base, state
    gateway.terminate()
    assert gateway.wait(timeout=10) == 0, "SIGTERM ends the gateway cleanly"
    state["redis"].terminate()
    state["redis"].wait(timeout=10)


def _status(url, method="GET", **kw):
    try:
        return requests.request(method, url, timeout=5, **kw).status_code
    except requests.RequestException:
        return None


def test_redis_down_gives_fast_503_and_service_resumes_without_restart(private_gateway):
    base, state = private_gateway
    headers = {"X-Project-Id": "recovery", "Client-ID": str(uuid.uuid4())}
    assert _status(base + "/queues/jobs", "PUT", headers=headers) == 201

    state["redis"].kill()
    state["redis"].wait()
    for path, method in [("/health", "GET"), ("/queues/jobs/stats", "GET"), ("/queues/jobs/messages", "POST")]:
        started = time.monotonic()
        r = requests.request(method, base + path, headers=headers, json=[{"ttl": 60, "body": 1}], timeout=5)
        elapsed = time.monotonic() - started
        assert r.status_code == 503, (path, r.status_code, r.text)
        assert elapsed < 1.5, "503 within about a second, got %.2fs for %s" % (elapsed, path)
        if method != "HEAD":
            body = r.json()
            assert body["title"] == "Service temporarily unavailable" and body["description"]
    assert _status(base + "/health", "HEAD") == 204

    state["redis"] = start_redis(state["port"], state["workdir"])
    started = time.monotonic()
    assert wait_until(lambda: _status(base + "/health") == 204, 5)
    assert time.monotonic() - started < 2.5, "serving again within about two seconds"
    # A fresh Redis: no queue, no scripts cached. Everything works again.
    assert _status(base + "/queues/jobs", "PUT", headers=headers) == 201
    r = requests.post(base + "/queues/jobs/messages", headers=headers, json=[{"ttl": 60, "body": {"back": True}}], timeout=5)
    assert r.status_code == 201, r.text
    r = requests.get(base + "/queues/jobs/messages", params={"echo": "true"}, headers=headers, timeout=5)
    assert r.status_code == 200 and r.json()["messages"][0]["body"] == {"back": True}


def test_without_redis_url_an_embedded_redis_is_started_and_stopped_with_the_gateway():
    binary = os.environ.get("CQ_BIN")
    if not binary:
        pytest.fail("CQ_BIN (the cloud-queues binary) is not set; scripts/test.sh sets it", pytrace=False)
    data = tempfile.mkdtemp(prefix="cq-embedded-")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("CQ_REDIS_URL", "CQ_REDIS_CLUSTER")}
    gateway = subprocess.Popen([binary, "serve", "--port", str(port), "--data-dir", data], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = "http://127.0.0.1:%d/v1" % port
    try:
        assert wait_until(lambda: _status(base + "/health") == 204, 15), "gateway with embedded Redis did not start"
        headers = {"X-Project-Id": "embedded", "Client-ID": str(uuid.uuid4())}
        assert _status(base + "/queues/q", "PUT", headers=headers) == 201
        assert _status(base + "/queues/q/messages", "POST", headers=headers, json=[{"ttl": 60, "body": 1}]) == 201
        with open(os.path.join(data, "redis.pid")) as f:
            redis_pid = int(f.read().strip())
        os.kill(redis_pid, 0)  # running
    finally:
        gateway.terminate()
        code = gateway.wait(timeout=15)
    assert code == 0, "SIGTERM ends the gateway cleanly"
    assert wait_until(lambda: not _alive(redis_pid), 5), "the embedded redis-server stops with the gateway"
    assert os.path.isdir(os.path.join(data, "appendonlydir")), "the embedded Redis keeps an append-only file"


def _alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
