"""Bad input under /v2 and /v1.1 is always a 4xx with the JSON error body (exactly "title" and
"description"), never a 5xx: malformed JSON-patch documents, wrong media types, bodies that are
not JSON, bodies that are too large. After each test the gateway still answers /v2/ping."""

import json

import pytest
import requests

from cq2 import PATCH_CT, assert_4xx, assert_err, assert_json

BIG = 300 * 1024        # above every API body limit (256 KiB), below the gateway's read limit (1 MiB)


@pytest.fixture(autouse=True)
def still_alive(api):
    yield
    r = requests.get(api.base + "/v2/ping", headers={"Client-ID": api.client_id, "X-Project-ID": api.project},
                     timeout=10)
    assert r.status_code == 204, "gateway unwell after the test: %s" % r.status_code


@pytest.fixture
def live(api, q):
    """A queue with one message, one live claim and one subscription: (q, message id, claim id, sub id)."""
    api.create_queue(q)
    (mid,) = api.post_messages(q, [{"body": 1}])
    api.post_messages(q, [{"body": 2}])
    cid, _ = api.claim(q, ttl=60, limit=1)
    r = api.post(f"/queues/{q}/subscriptions", body={"subscriber": "http://example.invalid/x"})
    assert r.status_code == 201, r.text
    return q, mid, cid, r.json()["subscription_id"]


def body_routes(q, cid, sid):
    """(method, path, extra headers) of every route that reads a body."""
    return [
        ("PUT", f"/queues/{q}x", {}),
        ("PATCH", f"/queues/{q}", {"Content-Type": PATCH_CT}),
        ("POST", f"/queues/{q}/messages", {}),
        ("POST", f"/queues/{q}/claims", {}),
        ("PATCH", f"/queues/{q}/claims/{cid}", {}),
        ("POST", f"/queues/{q}/subscriptions", {}),
        ("PATCH", f"/queues/{q}/subscriptions/{sid}", {}),
        ("PUT", f"/queues/{q}/subscriptions/{sid}/confirm", {}),
        ("POST", f"/queues/{q}/purge", {}),
    ]


BODY_IDS = ["put-queue", "patch-queue", "post-messages", "post-claim", "patch-claim", "post-subscription",
            "patch-subscription", "confirm", "purge"]

NOT_JSON = [b"{", b"not json", b"{'a': 1}", b'{"a": 1,}', b"\xff\xfe\x00", b'{"a": NaN}', b"[1, 2",
            b'"unterminated', b"{}{}", b"\x00"]


@pytest.mark.parametrize("i", range(len(BODY_IDS)), ids=BODY_IDS)
@pytest.mark.parametrize("data", NOT_JSON, ids=range(len(NOT_JSON)))
def test_non_json_body_4xx_json(api, live, i, data):
    q, mid, cid, sid = live
    method, path, headers = body_routes(q, cid, sid)[i]
    headers = {"Content-Type": "application/json", **headers}
    r = api.request(method, path, data=data, headers=headers)
    assert_err(r, 400)


HUGE = [
    # routes with an API size limit, each with a body that is valid but for its size
    ("PUT", "/queues/{q}x", {}, {"big": "y" * BIG}),
    ("PATCH", "/queues/{q}", {"Content-Type": PATCH_CT}, [{"op": "add", "path": "/metadata/big", "value": "y" * BIG}]),
    ("POST", "/queues/{q}/messages", {}, {"messages": [{"body": "x" * BIG}]}),
]


@pytest.mark.parametrize("i", range(len(HUGE)), ids=["put-queue", "patch-queue", "post-messages"])
def test_huge_body_400_json(api, live, i):
    q, mid, cid, sid = live
    method, path, headers, body = HUGE[i]
    data = json.dumps(body).encode()
    r = api.request(method, path.format(q=q), data=data, headers={"Content-Type": "application/json", **headers})
    assert_err(r, 400)
    assert "big" not in api.metadata(q)


@pytest.mark.parametrize("i", range(len(BODY_IDS)), ids=BODY_IDS)
def test_deeply_nested_body_4xx_json(api, live, i):
    q, mid, cid, sid = live
    method, path, headers = body_routes(q, cid, sid)[i]
    data = b"[" * 10000 + b"]" * 10000
    r = api.request(method, path, data=data, headers={"Content-Type": "application/json", **headers})
    assert_4xx(r)


def test_huge_message_post_400_and_nothing_stored(api, q):
    data = json.dumps({"messages": [{"body": "x" * BIG}]}).encode()
    assert_err(api.post(f"/queues/{q}/messages", data=data, headers={"Content-Type": "application/json"}), 400)
    assert api.counts(q)["total"] == 0


MALFORMED_PATCH = [
    b"[]x",
    b'[{"op": "add", "path": "/metadata/a", "value": 1}',
    b'{"op": "add"}',
    b'[{"op": 1, "path": "/metadata/a", "value": 1}]',
    b'[{"op": "add", "path": 5, "value": 1}]',
    b'[{"op": "add", "path": "/metadata/", "value": 1}]',
    b'[{"op": "add", "path": "//a", "value": 1}]',
    b'[{"op": "add", "path": "/metadata/a~2", "value": 1}]',
    b'[{"op": "remove"}]',
    b'[null]',
    b'["add"]',
    b'[{"op": "replace", "path": "/metadata/_max_messages_post_size", "value": "big"}]',
    b'[{"op": "add", "path": "/metadata/_enable_encrypt_messages", "value": "no"}]',
]


@pytest.mark.parametrize("data", MALFORMED_PATCH, ids=range(len(MALFORMED_PATCH)))
def test_malformed_json_patch_400(api, q, data):
    api.create_queue(q, metadata={"a": 1})
    before = api.metadata(q)
    assert_err(api.patch("/queues/" + q, data=data, headers={"Content-Type": PATCH_CT}), 400)
    assert api.metadata(q) == before


@pytest.mark.parametrize("ct", [None, "application/json", "application/json-patch+json", "text/plain",
                                "application/openstack-messaging-v2.0-json-patch-x",
                                "application/x-www-form-urlencoded"])
def test_patch_queue_wrong_media_type_4xx(api, q, ct):
    api.create_queue(q)
    data = json.dumps([{"op": "add", "path": "/metadata/a", "value": 1}]).encode()
    r = api.patch("/queues/" + q, data=data, headers={"Content-Type": ct})
    if ct == "application/x-www-form-urlencoded":
        assert_err(r, 400, "Invalid Content-Type")
    else:
        assert_err(r, 415)
    assert "a" not in api.metadata(q)


@pytest.mark.parametrize("ct", ["text/plain", "application/xml", "application/octet-stream"])
def test_other_media_types_parsed_as_json(api, q, ct):
    r = api.post(f"/queues/{q}/messages", data=b'{"messages": [{"body": 1}]}', headers={"Content-Type": ct})
    assert_json(r, 201)


@pytest.mark.parametrize("ct", ["text/plain", "application/xml"])
def test_other_media_types_with_non_json_still_400(api, q, ct):
    assert_err(api.post(f"/queues/{q}/messages", data=b"<messages/>", headers={"Content-Type": ct}), 400)


@pytest.mark.parametrize("query", ["limit=1e3", "limit=%00", "marker=%ff%fe", "echo=maybe", "include_claimed=2",
                                   "limit=99999999999999999999999"])
def test_odd_query_values_never_5xx(api, q, query):
    api.post_messages(q, [{"body": 1}])
    r = api.get(f"/queues/{q}/messages", query=query)
    if r.status_code == 200:
        assert set(r.json()) == {"messages", "links"}
    else:
        assert_4xx(r)


@pytest.mark.parametrize("version", ["v2", "v1.1"])
def test_errors_are_title_and_description_only(api, q, version):
    a = api.clone(version=version)
    a.post_messages(q, [{"body": 1}])
    for status, r in [(400, a.get("/queues", query="limit=0")),
                      (400, a.post(f"/queues/{q}/messages", body=[])),
                      (404, a.get(f"/queues/{q}/messages/{'0' * 24}")),
                      (404, a.get("/nonsense")),
                      (400, a.get("/queues", headers={"Client-ID": None})),
                      (400, a.delete(f"/queues/{q}/messages"))]:
        assert_err(r, status)
