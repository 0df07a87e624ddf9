"""Starting private gateway processes (CQ_BIN) with extra flags, on the shared Redis (CQ_REDIS_URL).

Used by the front-door tests (auth, rate limits, hardening), which need gateways started with
flags the runner's gateways do not have.
"""

import os
import socket
import subprocess
import tempfile
import time

import pytest
import requests


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def binary():
    path = os.environ.get("CQ_BIN")
    if not path:
        pytest.fail("CQ_BIN (the cloud-queues binary) is not set; scripts/test.sh sets it", pytrace=False)
    return path


def redis_url():
    url = os.environ.get("CQ_REDIS_URL")
    if not url:
        pytest.fail("CQ_REDIS_URL is not set; scripts/test.sh sets it", pytrace=False)
    return url


def redis_target():
    """The flags that put a gateway on the shared Redis: `--redis-cluster` on the cluster pass of
    scripts/test.sh (CQ_REDIS_CLUSTER), else `--redis-url`."""
    cluster = os.environ.get("CQ_REDIS_CLUSTER", "").strip()
    return ["--redis-cluster", cluster] if cluster else ["--redis-url", redis_url()]


class Gateway:
    """One `cloud-queues serve` process on a free port; `url` is its base without /v1."""

    def __init__(self, *flags, env=None):
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.log = tempfile.NamedTemporaryFile(prefix="cq-gateway-", suffix=".log", delete=False)
        redis = [] if "--redis-url" in flags else redis_target()
        self.proc = subprocess.Popen(
            [binary(), "serve", "--host", "127.0.0.1", "--port", str(self.port), *redis, *flags],
            stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("gateway exited: " + self.output())
            try:
                requests.head(self.url + "/v1/health", timeout=0.5)
                return
            except requests.RequestException:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("gateway did not start: " + self.output())

    def output(self):
        with open(self.log.name) as f:
            return f.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        os.unlink(self.log.name)


def add_token(token_file, project, roles, expires=None):
    """Runs `cloud-queues token add`; returns the token it printed."""
    args = [binary(), "token", "add", "--file", token_file, "--project", project, "--roles", roles]
    if expires:
        args += ["--expires", expires]
    out = subprocess.run(args, check=True, capture_output=True, text=True)
    token = out.stdout.strip()
    assert len(token) == 64 and token not in open(token_file).read(), "the file holds the hash, never the token"
    return token
