"""Fixtures for the v2 / v1.1 HTTP contract tests (issue 13).

The gateways are the ones Tests/api uses (see Tests/api/conftest.py): CQ_URL (rackspace limits),
CQ_URL2, CQ_URL_ZAQAR (zaqar limits = Zaqar's v2 defaults), CQ_URL_DOWN, and CQ_REDIS_URL or
CQ_REDIS_CLUSTER. Optional: CQ_SHARE_SECRET (the --share-secret of CQ_URL_SHARE, default CQ_URL)
and CQ_URL_CHECKSUMS (a gateway started with --message-checksums on).

Most tests run against the zaqar profile gateway, whose limits are the ones the notes give
(20 per page, claim, pop and ids). Every test uses fresh random projects, so nothing is flushed;
the queues of every project a test used are deleted afterwards (best effort).
"""

import importlib.util
import os
import sys

import pytest
import requests

HERE = os.path.dirname(os.path.abspath(__file__))
API_DIR = os.path.join(os.path.dirname(HERE), "api")
for d in (API_DIR, HERE):
    if d not in sys.path:
        sys.path.insert(0, d)

# Tests/api/conftest.py under its own module name (pytest imports every rootless conftest as
# "conftest"; this one must not shadow it).
_spec = importlib.util.spec_from_file_location("cq_api_conftest", os.path.join(API_DIR, "conftest.py"))
_api_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_api_conftest)

# Fixtures reused from Tests/api: the gateways' URLs and the shared Redis.
base_url = _api_conftest.base_url
base_url2 = _api_conftest.base_url2
zaqar_url = _api_conftest.zaqar_url
down_url = _api_conftest.down_url
rdb = _api_conftest.rdb
inspector = _api_conftest.inspector

from cq import USED_PROJECTS, Api  # noqa: E402
from cq2 import Api2, new_queue_name  # noqa: E402


@pytest.fixture(autouse=True)
def _cleanup_v2_projects():
    """After each test, delete every queue of every project the test used (through v2, so that
    names v1 would refuse are deleted too). Never touches the global namespace."""
    USED_PROJECTS.clear()
    yield
    down = os.environ.get("CQ_URL_DOWN", "").rstrip("/")
    with requests.Session() as s:
        for base, project in sorted(USED_PROJECTS):
            if base == down:
                continue
            headers = {"X-Project-ID": project, "Client-ID": "3f0b1c2e-0000-4000-8000-00000000c1ea"}
            try:
                for _ in range(100):
                    r = s.get(base + "/v2/queues?limit=20", headers=headers, timeout=5)
                    if r.status_code != 200 or not r.json().get("queues"):
                        break
                    for q in r.json()["queues"]:
                        s.delete(base + "/v2/queues/" + q["name"], headers=headers, timeout=5)
            except Exception:
                pass
    USED_PROJECTS.clear()


@pytest.fixture
def api(zaqar_url):
    """v2 on the zaqar profile gateway, fresh project, a dashed uuid4 Client-ID."""
    a = Api2(zaqar_url, "v2")
    yield a
    a.s.close()


@pytest.fixture
def api11(api):
    """v1.1 on the same gateway, same project and Client-ID."""
    a = api.clone(version="v1.1")
    yield a
    a.s.close()


@pytest.fixture
def other(api):
    """v2, same gateway and project, another Client-ID."""
    a = api.other_client()
    yield a
    a.s.close()


@pytest.fixture
def rs(base_url):
    """v2 on the rackspace profile gateway (CQ_URL), fresh project."""
    a = Api2(base_url, "v2")
    yield a
    a.s.close()


@pytest.fixture
def v1(api):
    """The v1 API (Tests/api's client) on the same gateway and project."""
    a = Api(api.base, project=api.project)
    yield a
    a.s.close()


@pytest.fixture
def q():
    """A fresh queue name (not created: v2 queues are lazy)."""
    return new_queue_name()
