"""`serve` options for Sentinel and WAIT: bad values are refused at start-up with a message
(exit status not 0), before anything listens."""

import os
import subprocess

import pytest


def serve(*args, env=None):
    binary = os.environ.get("CQ_BIN")
    if not binary:
        pytest.fail("CQ_BIN is not set; scripts/test.sh sets it", pytrace=False)
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([binary, "serve", "--port", "0", *args], capture_output=True, text=True,
                          timeout=30, env=full_env)


def test_wait_timeout_must_be_below_the_redis_timeout():
    r = serve("--redis-url", "redis://127.0.0.1:1/0", "--redis-wait-replicas", "1",
              "--redis-wait-timeout-ms", "1000", "--redis-timeout-ms", "1000")
    assert r.returncode != 0
    assert "--redis-wait-timeout-ms" in r.stderr + r.stdout


def test_wait_replicas_from_the_environment_is_checked_too():
    r = serve("--redis-url", "redis://127.0.0.1:1/0", env={"CQ_REDIS_WAIT_REPLICAS": "many"})
    assert r.returncode != 0
    assert "CQ_REDIS_WAIT_REPLICAS" in r.stderr + r.stdout


def test_bad_sentinel_list_is_refused():
    r = serve("--redis-sentinels", "127.0.0.1:26379/0")
    assert r.returncode != 0
    assert "--redis-sentinels" in r.stderr + r.stdout


def test_empty_master_name_is_refused():
    r = serve("--redis-sentinels", "127.0.0.1:26379", "--redis-master-name", "")
    assert r.returncode != 0
    assert "--redis-master-name" in r.stderr + r.stdout


def test_cluster_and_sentinels_together_are_refused():
    r = serve("--redis-cluster", "127.0.0.1:1", "--redis-sentinels", "127.0.0.1:26379")
    assert r.returncode != 0
    assert "cannot be used together" in r.stderr + r.stdout
