"""§6.2 health and §8 "503" column against a gateway whose Redis is not running (CQ_URL_DOWN):
storage operations fail fast (< 3 s) with 503 `Service temporarily unavailable`; checks that do
not need storage still answer."""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from cq import assert_error

Q = "down-queue"
MID = "0" * 24
CID = "1" * 24
MAX_SECONDS = 3.0

# (id, method, path after /v1, query, json body)
STORAGE_OPS = [
    ("list-queues", "GET", "/queues", None, None),
    ("list-queues-detailed", "GET", "/queues", "detailed=true", None),
    ("put-queue", "PUT", f"/queues/{Q}", None, None),
    ("delete-queue", "DELETE", f"/queues/{Q}", None, None),
    ("get-metadata", "GET", f"/queues/{Q}/metadata", None, None),
    ("put-metadata", "PUT", f"/queues/{Q}/metadata", None, b'{"a": 1}'),
    ("stats", "GET", f"/queues/{Q}/stats", None, None),
    ("post-messages", "POST", f"/queues/{Q}/messages", None, b'[{"ttl": 60, "body": 1}]'),
    ("list-messages", "GET", f"/queues/{Q}/messages", None, None),
    ("get-by-ids", "GET", f"/queues/{Q}/messages", f"ids={MID}", None),
    ("bulk-delete", "DELETE", f"/queues/{Q}/messages", f"ids={MID}", None),
    ("get-message", "GET", f"/queues/{Q}/messages/{MID}", None, None),
    ("delete-message", "DELETE", f"/queues/{Q}/messages/{MID}", None, None),
    ("delete-message-with-claim", "DELETE", f"/queues/{Q}/messages/{MID}", f"claim_id={CID}", None),
    ("post-claim", "POST", f"/queues/{Q}/claims", None, b'{"ttl": 60, "grace": 60}'),
    ("get-claim", "GET", f"/queues/{Q}/claims/{CID}", None, None),
    ("patch-claim", "PATCH", f"/queues/{Q}/claims/{CID}", None, b'{"ttl": 60}'),
    ("delete-claim", "DELETE", f"/queues/{Q}/claims/{CID}", None, None),
    ("path-form-stats", "GET", "/{p}/queues/" + Q + "/stats", None, None),
]
EXISTENCE_OPS = [("head-queue", "HEAD"), ("get-queue", "GET")]


def _timed(method, url, **kw):
    t0 = time.monotonic()
    try:
        r = requests.request(method, url, timeout=10, **kw)
    except requests.RequestException as e:  # a hung or dropped connection is a failure too
        return None, time.monotonic() - t0, e
    return r, time.monotonic() - t0, None


@pytest.fixture(scope="module")
def down_results(down_url):
    """Fire every storage operation once, in parallel (bounded total time), and keep the results."""
    project = "down-" + uuid.uuid4().hex[:8]
    headers = {"X-Project-Id": project, "Client-ID": str(uuid.uuid4()), "Content-Type": "application/json"}
    jobs = {}
    for op_id, method, path, query, body in STORAGE_OPS:
        url = down_url + "/v1" + path.replace("{p}", project) + ("?" + query if query else "")
        jobs[op_id] = (method, url, body)
    for op_id, method in EXISTENCE_OPS:
        jobs[op_id] = (method, down_url + f"/v1/queues/{Q}", None)
    with ThreadPoolExecutor(8) as ex:
        futures = {k: ex.submit(_timed, m, u, data=b, headers=headers) for k, (m, u, b) in jobs.items()}
        return {k: f.result() for k, f in futures.items()}


@pytest.mark.parametrize("op_id", [op[0] for op in STORAGE_OPS])
def test_redis_down_storage_operation_503_json_fast(down_results, op_id):
    r, elapsed, err = down_results[op_id]
    assert err is None, "request failed: %r" % (err,)
    assert_error(r, 503, "Service temporarily unavailable")
    assert elapsed < MAX_SECONDS, "took %.2f s" % elapsed


@pytest.mark.parametrize("op_id", [op[0] for op in EXISTENCE_OPS])
def test_redis_down_queue_existence_503_fast(down_results, op_id):
    r, elapsed, err = down_results[op_id]
    assert err is None, "request failed: %r" % (err,)
    assert r.status_code == 503, r.status_code
    assert elapsed < MAX_SECONDS, "took %.2f s" % elapsed
    if r.content:
        assert_error(r, 503, "Service temporarily unavailable")


def test_redis_down_health_get_503_fast(down_url):
    r, elapsed, err = _timed("GET", down_url + "/v1/health")
    assert err is None, err
    assert r.status_code == 503, r.status_code
    assert elapsed < MAX_SECONDS, elapsed


def test_redis_down_health_head_204(down_url):
    r, elapsed, err = _timed("HEAD", down_url + "/v1/health")
    assert err is None, err
    assert r.status_code == 204, r.status_code
    assert elapsed < MAX_SECONDS


def test_redis_down_home_document_still_200(down_url):
    r, elapsed, err = _timed("GET", down_url + "/v1")
    assert err is None, err
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0].strip() == "application/json-home"


def test_redis_down_validation_still_400_not_503(down_url):
    r, elapsed, err = _timed("PUT", down_url + "/v1/queues/bad.name", headers={"X-Project-Id": "p"})
    assert err is None, err
    assert_error(r, 400, "Invalid queue identification")
    r, elapsed, err = _timed("POST", down_url + f"/v1/queues/{Q}/messages", data=b'[{"ttl": 60, "body": 1}]',
                             headers={"X-Project-Id": "p", "Content-Type": "application/json"})
    assert err is None, err
    assert r.status_code == 400, r.status_code  # missing Client-ID
    r, elapsed, err = _timed("POST", down_url + f"/v1/queues/{Q}/messages", data=b'[{"ttl": 1, "body": 1}]',
                             headers={"X-Project-Id": "p", "Client-ID": str(uuid.uuid4())})
    assert err is None, err
    assert_error(r, 400)


def test_redis_down_accept_xml_still_406(down_url):
    r, elapsed, err = _timed("GET", down_url + "/v1/queues", headers={"Accept": "application/xml"})
    assert err is None, err
    assert r.status_code == 406


def test_redis_down_still_answers_after_the_burst(down_results, down_url):
    # the gateway did not wedge: another storage request is still a fast 503
    r, elapsed, err = _timed("GET", down_url + f"/v1/queues/{Q}/stats", headers={"X-Project-Id": "p"})
    assert err is None, err
    assert_error(r, 503, "Service temporarily unavailable")
    assert elapsed < MAX_SECONDS
