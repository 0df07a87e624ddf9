"""Fixtures for the Cloud Queues HTTP contract tests.

Environment (provided by the test runner):
  CQ_URL         gateway A, limits profile "rackspace" (default)
  CQ_URL2        gateway B, another process on the same Redis
  CQ_URL_ZAQAR   gateway on the same Redis with limits profile "zaqar"
  CQ_URL_DOWN    gateway whose Redis is not running
  CQ_REDIS_URL   the Redis that A, B and the zaqar gateway share (inspected, never flushed)
  CQ_REDIS_CLUSTER  instead of CQ_REDIS_URL when the gateways run on a Redis Cluster
                 (host:port,...): the suite then inspects Redis through redis-py's RedisCluster

Tests are isolated by random project ids and queue names; nothing is ever flushed.
"""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import requests  # noqa: E402

from cq import USED_PROJECTS, Api, RedisInspector, new_project  # noqa: E402

ENV_VARS = {
    "CQ_URL": "gateway A (rackspace limits), e.g. http://127.0.0.1:8888",
    "CQ_URL2": "gateway B on the same Redis, e.g. http://127.0.0.1:8889",
    "CQ_URL_ZAQAR": "gateway on the same Redis with the zaqar limits profile",
    "CQ_URL_DOWN": "gateway whose Redis is not running",
    "CQ_REDIS_URL": "the shared Redis, e.g. redis://127.0.0.1:6379/0",
}


def _env(name):
    value = os.environ.get(name, "").strip()
    if not value:
        pytest.fail(
            "environment variable %s is not set: %s (see Tests/api/conftest.py)" % (name, ENV_VARS[name]),
            pytrace=False,
        )
    return value.rstrip("/")


@pytest.fixture(scope="session")
def base_url():
    return _env("CQ_URL")


@pytest.fixture(scope="session")
def base_url2():
    return _env("CQ_URL2")


@pytest.fixture(scope="session")
def zaqar_url():
    return _env("CQ_URL_ZAQAR")


@pytest.fixture(scope="session")
def down_url():
    return _env("CQ_URL_DOWN")


@pytest.fixture(scope="session")
def rdb():
    try:
        import redis
        import redis.cluster
    except ImportError:  # pragma: no cover
        pytest.fail("the redis package is required: pip install redis", pytrace=False)
    cluster = os.environ.get("CQ_REDIS_CLUSTER", "").strip()
    if cluster:
        nodes = [redis.cluster.ClusterNode(*n.rsplit(":", 1)) for n in cluster.split(",")]
        client = redis.cluster.RedisCluster(startup_nodes=nodes, socket_timeout=10)
        where = "CQ_REDIS_CLUSTER=" + cluster
    else:
        url = _env("CQ_REDIS_URL")
        client = redis.Redis.from_url(url, socket_timeout=10)
        where = "CQ_REDIS_URL=" + url
    try:
        client.ping()
    except Exception as e:  # pragma: no cover
        pytest.fail("cannot reach %s: %s" % (where, e), pytrace=False)
    yield client
    client.close()


@pytest.fixture(autouse=True)
def _cleanup_projects():
    """After each test, delete (best effort) every queue of every project the test used, so the
    shared Redis is not left full of test queues. Never touches the global namespace."""
    USED_PROJECTS.clear()
    yield
    down = os.environ.get("CQ_URL_DOWN", "").rstrip("/")
    with requests.Session() as s:
        for base, project in sorted(USED_PROJECTS):
            if base == down:
                continue
            headers = {"X-Project-Id": project}
            try:
                for _ in range(50):
                    r = s.get(base + "/v1/queues?limit=20", headers=headers, timeout=5)
                    if r.status_code != 200:
                        break
                    for q in r.json()["queues"]:
                        s.delete(base + "/v1/queues/" + q["name"], headers=headers, timeout=5)
            except Exception:
                pass
    USED_PROJECTS.clear()


@pytest.fixture
def inspector(rdb):
    return RedisInspector(rdb)


@pytest.fixture
def project():
    return new_project()


@pytest.fixture
def api(base_url, project):
    """Gateway A, fresh project, X-Project-Id form, default Client-ID (uuid4)."""
    a = Api(base_url, project=project)
    yield a
    a.s.close()


@pytest.fixture
def api_path(api):
    """Same gateway, project and Client-ID, /v1/{project}/... form (no X-Project-Id header)."""
    a = api.path_form()
    yield a
    a.s.close()


@pytest.fixture
def other(api):
    """Same project, another Client-ID (a second client of the same project)."""
    b = Api(api.base, project=api.project)
    yield b
    b.s.close()


@pytest.fixture
def queue(api):
    """A freshly created queue in the test's project; deleted afterwards (best effort)."""
    name = api.create_queue()
    yield name
    try:
        api.delete("/queues/" + name)
    except Exception:
        pass
