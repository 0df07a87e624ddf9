"""Redis AUTH and ACL users through the URL (README "Redis"): a private redis-server with
`requirepass` and an ACL user; the gateway works with the right credentials in its URL and
answers 503 (never serves) with wrong ones, and its log does not show the password."""

import shutil
import subprocess
import tempfile
import time
import uuid

import pytest
import requests

from gateways import Gateway, free_port


@pytest.fixture(scope="module")
def redis_with_auth():
    workdir = tempfile.mkdtemp(prefix="cq-redis-auth-")
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", workdir, "--requirepass", "s3cret-default",
         "--user", "queues", "on", ">s3cret-user", "~cq:*", "+@all"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        r = subprocess.run(["redis-cli", "-p", str(port), "--no-auth-warning", "-a", "s3cret-default", "ping"],
                           capture_output=True, text=True)
        if r.stdout.strip() == "PONG":
            break
        time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("redis-server with requirepass did not start")
    yield port
    proc.terminate()
    proc.wait(timeout=10)
    shutil.rmtree(workdir, ignore_errors=True)


def works(url):
    h = {"X-Project-Id": "auth-" + uuid.uuid4().hex[:8]}
    return (requests.put(url + "/v1/queues/q", headers=h, timeout=5).status_code,
            requests.get(url + "/v1/health", timeout=5).status_code)


@pytest.mark.parametrize("credentials", [":s3cret-default@", "queues:s3cret-user@"])
def test_right_credentials_work(redis_with_auth, credentials):
    g = Gateway("--redis-url", "redis://%s127.0.0.1:%d/0" % (credentials, redis_with_auth))
    try:
        assert works(g.url) == (201, 204)
        assert "s3cret" not in g.output()
    finally:
        g.stop()


@pytest.mark.parametrize("credentials", ["", ":wrong@", "queues:wrong@"])
def test_wrong_credentials_get_503(redis_with_auth, credentials):
    g = Gateway("--redis-url", "redis://%s127.0.0.1:%d/0" % (credentials, redis_with_auth))
    try:
        assert works(g.url) == (503, 503)
        assert "wrong" not in g.output()
    finally:
        g.stop()
