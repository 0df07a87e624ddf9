"""Bad input never causes a 5xx: §2 header rules and hooks, §3 error bodies, §4 parsing rules,
§5 limits, §1 routing (404/405/406). Every test here also checks afterwards that the server still
answers GET /v1/health with 204."""

import json

import pytest
import requests

from cq import (
    MAX_MESSAGES_PER_PAGE,
    MAX_METADATA_BYTES,
    MAX_POST_BYTES,
    MAX_QUEUES_PER_PAGE,
    Api,
    assert_4xx_json,
    assert_error,
    new_project,
    new_queue_name,
)


@pytest.fixture(autouse=True)
def server_still_healthy(base_url):
    yield
    r = requests.get(base_url + "/v1/health", timeout=10)
    assert r.status_code == 204, "server unhealthy after the test: %s" % r.status_code


@pytest.fixture
def live(api, queue):
    """A queue holding one message and one live claim on it: (queue, message id, claim id)."""
    (mid,) = api.post_messages(queue, [{"ttl": 300, "body": 1}])
    api.post_messages(queue, [{"ttl": 300, "body": 2}])
    cid, got = api.claim(queue, limit=1)
    assert got == [mid]
    return queue, mid, cid


def every_route(q, mid, cid):
    """(method, path after /v1, query, body) for every queue-scoped operation."""
    return [
        ("GET", "/queues", None, None),
        ("PUT", f"/queues/{q}", None, None),
        ("GET", f"/queues/{q}", None, None),
        ("DELETE", f"/queues/{q}x", None, None),
        ("GET", f"/queues/{q}/metadata", None, None),
        ("PUT", f"/queues/{q}/metadata", None, {"a": 1}),
        ("GET", f"/queues/{q}/stats", None, None),
        ("POST", f"/queues/{q}/messages", None, [{"ttl": 60, "body": 1}]),
        ("GET", f"/queues/{q}/messages", "echo=true", None),
        ("GET", f"/queues/{q}/messages", f"ids={mid}", None),
        ("DELETE", f"/queues/{q}/messages", "ids=" + "0" * 24, None),
        ("GET", f"/queues/{q}/messages/{mid}", None, None),
        ("DELETE", f"/queues/{q}/messages/{'0' * 24}", None, None),
        ("POST", f"/queues/{q}/claims", None, {"ttl": 60, "grace": 60}),
        ("GET", f"/queues/{q}/claims/{cid}", None, None),
        ("PATCH", f"/queues/{q}/claims/{cid}", None, {"ttl": 60}),
        ("DELETE", f"/queues/{q}/claims/{'0' * 24}", None, None),
    ]


ROUTE_IDS = [
    "list-queues", "put-queue", "get-queue", "delete-queue", "get-metadata", "put-metadata", "stats",
    "post-messages", "list-messages", "get-by-ids", "bulk-delete", "get-message", "delete-message",
    "post-claim", "get-claim", "patch-claim", "delete-claim",
]


def call(api, route, headers):
    method, path, query, body = route
    kw = {"headers": headers}
    if body is not None:
        kw["body"] = body
    return api.request(method, path, query, **kw)


# =============================================================================================
# Headers (§2) — checked on every route
# =============================================================================================


@pytest.mark.parametrize("i", range(len(ROUTE_IDS)), ids=ROUTE_IDS)
def test_malformed_client_id_400_wrong_uuid_value_on_every_route(api, live, i):
    q, mid, cid = live
    r = call(api, every_route(q, mid, cid)[i], {"Client-ID": "not-a-uuid"})
    assert_error(r, 400, "Wrong UUID value")


def test_malformed_client_id_on_head_queue_400(api, queue):
    assert api.head("/queues/" + queue, headers={"Client-ID": "zzz"}).status_code == 400


@pytest.mark.parametrize("i", range(len(ROUTE_IDS)), ids=ROUTE_IDS)
def test_empty_project_header_400_on_every_route(api, live, i):
    q, mid, cid = live
    r = call(api, every_route(q, mid, cid)[i], {"X-Project-Id": ""})
    assert_error(r, 400, "Empty project header not allowed")


@pytest.mark.parametrize("i", range(len(ROUTE_IDS)), ids=ROUTE_IDS)
def test_project_header_over_256_chars_400_on_every_route(api, live, i):
    q, mid, cid = live
    r = call(api, every_route(q, mid, cid)[i], {"X-Project-Id": "p" * 257})
    assert_error(r, 400, "Invalid queue identification")


def test_project_header_256_chars_accepted(base_url):
    p = "p" * 240 + new_project()[-16:]
    assert len(p) == 256
    a = Api(base_url, project=p)
    q = a.create_queue()
    assert [x["name"] for x in a.get("/queues").json()["queues"]] == [q]
    a.delete("/queues/" + q)


def test_project_header_any_characters_accepted(base_url):
    p = "acct:{1}/ *?[x] %2F\\ " + new_project()
    a = Api(base_url, project=p)
    q = a.create_queue()
    a.post_n(q, 2)
    assert a.stats(q)["total"] == 2
    assert a.delete("/queues/" + q).status_code == 204


def test_project_in_path_over_256_chars_400(base_url):
    r = requests.get(base_url + "/v1/" + "p" * 257 + "/queues", timeout=10)
    assert_error(r, 400)


@pytest.mark.parametrize("i", range(len(ROUTE_IDS)), ids=ROUTE_IDS)
def test_accept_xml_406_on_every_route(api, live, i):
    q, mid, cid = live
    r = call(api, every_route(q, mid, cid)[i], {"Accept": "application/xml"})
    assert r.status_code == 406, (r.status_code, r.text[:200])
    if r.content:
        assert_error(r, 406)


@pytest.mark.parametrize(
    "method,path,data",
    [
        ("POST", "/queues/{q}/messages", b'[{"ttl": 60, "body": 1}]'),
        ("PUT", "/queues/{q}/metadata", b'{"a": 1}'),
        ("POST", "/queues/{q}/claims", b'{"ttl": 60, "grace": 60}'),
        ("PATCH", "/queues/{q}/claims/{cid}", b'{"ttl": 60}'),
        ("PUT", "/queues/{q}", b"a=1"),
    ],
    ids=["post-messages", "put-metadata", "post-claim", "patch-claim", "put-queue"],
)
def test_urlencoded_body_400_invalid_content_type(api, live, method, path, data):
    q, mid, cid = live
    r = api.request(method, path.format(q=q, cid=cid), data=data,
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error(r, 400, "Invalid Content-Type")


# ---- hook order (§6: urlencoded → Accept → Client-ID → project → queue name) --------------------


def test_hook_order_urlencoded_before_accept(api):
    r = api.post(f"/queues/{new_queue_name()}/messages", data=b"a=1",
                 headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/xml"})
    assert r.status_code == 400


def test_hook_order_accept_before_client_id_and_name(api):
    r = api.get("/queues/bad.name/stats", headers={"Accept": "application/xml", "Client-ID": "zzz"})
    assert r.status_code == 406


def test_hook_order_client_id_before_project_and_name(api):
    r = api.get("/queues/bad.name/stats", headers={"Client-ID": "zzz", "X-Project-Id": ""})
    assert_error(r, 400, "Wrong UUID value")


def test_hook_order_project_before_name(api):
    r = api.get("/queues/bad.name/stats", headers={"X-Project-Id": ""})
    assert_error(r, 400, "Empty project header not allowed")


def test_hook_order_validation_before_existence(api):
    # a bad name on a missing queue is 400, never 404/204
    assert_error(api.get("/queues/bad.name/metadata"), 400, "Invalid queue identification")
    assert_error(api.post("/queues/bad.name/claims", body={"ttl": 60, "grace": 60}), 400,
                 "Invalid queue identification")


# =============================================================================================
# Routing (§1)
# =============================================================================================

ROUTES_405 = [
    ("POST", "/v1/queues", {"GET"}),
    ("DELETE", "/v1/queues", {"GET"}),
    ("POST", "/v1/queues/{q}", {"GET", "HEAD", "PUT", "DELETE"}),
    ("PATCH", "/v1/queues/{q}", {"GET", "HEAD", "PUT", "DELETE"}),
    ("POST", "/v1/queues/{q}/metadata", {"GET", "PUT"}),
    ("DELETE", "/v1/queues/{q}/metadata", {"GET", "PUT"}),
    ("POST", "/v1/queues/{q}/stats", {"GET"}),
    ("PUT", "/v1/queues/{q}/messages", {"GET", "POST", "DELETE"}),
    ("PATCH", "/v1/queues/{q}/messages", {"GET", "POST", "DELETE"}),
    ("PUT", "/v1/queues/{q}/messages/{mid}", {"GET", "DELETE"}),
    ("POST", "/v1/queues/{q}/messages/{mid}", {"GET", "DELETE"}),
    ("GET", "/v1/queues/{q}/claims", {"POST"}),
    ("DELETE", "/v1/queues/{q}/claims", {"POST"}),
    ("PUT", "/v1/queues/{q}/claims/{cid}", {"GET", "PATCH", "DELETE"}),
    ("POST", "/v1/queues/{q}/claims/{cid}", {"GET", "PATCH", "DELETE"}),
    ("POST", "/v1/health", {"GET", "HEAD"}),
    ("DELETE", "/v1", {"GET"}),
    ("POST", "/v1/{p}/queues", {"GET"}),
    ("POST", "/v1/{p}/queues/{q}", {"GET", "HEAD", "PUT", "DELETE"}),
    ("GET", "/v1/{p}/queues/{q}/claims", {"POST"}),
]


@pytest.mark.parametrize("method,path,allowed", ROUTES_405,
                         ids=["%s %s" % (m, p) for m, p, _ in ROUTES_405])
def test_known_route_unsupported_method_405_with_allow(api, live, method, path, allowed):
    q, mid, cid = live
    url = api.base + path.format(q=q, mid=mid, cid=cid, p=api.project)
    r = api.s.request(method, url, timeout=10)
    assert r.status_code == 405, (r.status_code, r.text[:200])
    allow = {m.strip().upper() for m in r.headers.get("Allow", "").split(",") if m.strip()}
    assert allowed <= allow, r.headers.get("Allow")
    assert method not in allow


@pytest.mark.parametrize(
    "path",
    [
        "/v1/queues/{q}/nonsense",
        "/v1/queues/{q}/messages/{mid}/extra",
        "/v1/queues/{q}/claims/{cid}/extra",
        "/v1/queues/{q}/metadata/extra",
        "/v1/queues/{q}/stats/extra",
        "/v1/{p}/queues/{q}/nonsense",
        "/v1/{p}/nonsense",
        "/v1/{p}/queues/{q}/messages/{mid}/x/y",
        "/v3/queues",  # /v1.1 and /v2 exist (Tests/v2)
        "/nonsense",
    ],
)
def test_unknown_deeper_route_404(api, live, path):
    q, mid, cid = live
    r = api.s.get(api.base + path.format(q=q, mid=mid, cid=cid, p=api.project), timeout=10)
    assert r.status_code == 404, (r.status_code, r.text[:200])


# =============================================================================================
# POST …/messages bodies (§6.10, §4)
# =============================================================================================

DEEP_ARRAYS = b'[{"ttl": 60, "body": ' + b"[" * 10000 + b"]" * 10000 + b"}]"
DEEP_OBJECTS = b'[{"ttl": 60, "body": ' + b'{"a":' * 10000 + b"1" + b"}" * 10000 + b"}]"

POST_BAD = [
    pytest.param(b"", id="empty"),
    pytest.param(b"   \n", id="whitespace"),
    pytest.param(b"[", id="truncated"),
    pytest.param(b'[{"ttl": 60, "body": 1}', id="unterminated"),
    pytest.param(b"[{'ttl': 60, 'body': 1}]", id="single-quotes"),
    pytest.param(b'[{"ttl": 60, "body": 1},]', id="trailing-comma"),
    pytest.param(b'[{"ttl": 60, "body": 1}] junk', id="trailing-garbage"),
    pytest.param(b'[{ttl: 60, body: 1}]', id="unquoted-keys"),
    pytest.param(b"[]", id="empty-array"),
    pytest.param(b"[1]", id="array-of-number"),
    pytest.param(b'["x"]', id="array-of-string"),
    pytest.param(b"[null]", id="array-of-null"),
    pytest.param(b"[[]]", id="array-of-array"),
    pytest.param(b"[true]", id="array-of-true"),
    pytest.param(b'[{"ttl": 60, "body": 1}, 2]', id="mixed-array"),
    pytest.param(b"{}", id="object"),
    pytest.param(b'{"ttl": 60, "body": 1}', id="bare-message-object"),
    pytest.param(b'"x"', id="string"),
    pytest.param(b"null", id="null"),
    pytest.param(b"42", id="number"),
    pytest.param(b"[{}]", id="empty-message"),
    pytest.param(b'[{"body": 1}]', id="missing-ttl"),
    pytest.param(b'[{"ttl": 60}]', id="missing-body"),
    pytest.param(b'[{"ttl": "60", "body": 1}]', id="ttl-string"),
    pytest.param(b'[{"ttl": 60.0, "body": 1}]', id="ttl-float"),
    pytest.param(b'[{"ttl": 6e1, "body": 1}]', id="ttl-exponent"),
    pytest.param(b'[{"ttl": true, "body": 1}]', id="ttl-true"),
    pytest.param(b'[{"ttl": null, "body": 1}]', id="ttl-null"),
    pytest.param(b'[{"ttl": [60], "body": 1}]', id="ttl-array"),
    pytest.param(b'[{"ttl": {"v": 60}, "body": 1}]', id="ttl-object"),
    pytest.param(b'[{"ttl": 59, "body": 1}]', id="ttl-59"),
    pytest.param(b'[{"ttl": 0, "body": 1}]', id="ttl-0"),
    pytest.param(b'[{"ttl": -60, "body": 1}]', id="ttl-negative"),
    pytest.param(b'[{"ttl": 1209601, "body": 1}]', id="ttl-max-plus-1"),
    pytest.param(b'[{"ttl": 9223372036854775808, "body": 1}]', id="ttl-2**63"),
    pytest.param(b'[{"ttl": -9223372036854775809, "body": 1}]', id="ttl-below-int64"),
    pytest.param(b'[{"ttl": 99999999999999999999999999999999, "body": 1}]', id="ttl-huge"),
    pytest.param(b'[{"ttl": 60, "body": 9223372036854775808}]', id="body-int-2**63"),
    pytest.param(b'[{"ttl": 60, "body": -9223372036854775809}]', id="body-int-below-int64"),
    pytest.param(b'[{"ttl": 60, "body": {"n": [123456789012345678901234567890]}}]', id="body-nested-huge-int"),
    pytest.param(b'[{"ttl": 60, "body": NaN}]', id="body-nan"),
    pytest.param(b'[{"ttl": 60, "body": Infinity}]', id="body-infinity"),
    pytest.param(b'[{"ttl": 60, "body": undefined}]', id="body-undefined"),
    pytest.param(b'[{"ttl": 60, "body": 01}]', id="body-leading-zero"),
    pytest.param(b'[{"ttl": 60, "body": "raw\x01control"}]', id="body-raw-control-char"),
    pytest.param(b'[{"ttl": 60, "body": "bad \\x escape"}]', id="body-bad-escape"),
    pytest.param(b'[{"ttl": 60, "body": "\xff\xfe"}]', id="invalid-utf8"),
    pytest.param(b'[{"ttl": 60, "body": "\xc3"}]', id="truncated-utf8"),
    pytest.param(b'[{"ttl": 60, "body": "\xc0\xaf"}]', id="overlong-utf8"),
    pytest.param(b'[{"ttl": 60, "body": "\xed\xa0\x80"}]', id="utf8-encoded-surrogate"),
    pytest.param('[{"ttl": 60, "body": 1}]'.encode("utf-16"), id="utf16"),
    pytest.param('[{"ttl": 60, "body": 1}]'.encode("utf-32"), id="utf32"),
    pytest.param(DEEP_ARRAYS, id="10000-nested-arrays"),
    pytest.param(DEEP_OBJECTS, id="10000-nested-objects"),
    pytest.param(b"[" * 100000, id="100000-open-brackets"),
]


@pytest.mark.parametrize("data", POST_BAD)
def test_post_messages_bad_body_400_never_5xx(api, queue, data):
    r = api.post(f"/queues/{queue}/messages", data=data, headers={"Content-Type": "application/json"})
    assert_error(r, 400)
    assert api.stats(queue)["total"] == 0


def test_post_messages_oversize_1mb_400(api, queue):
    data = b'[{"ttl": 60, "body": "' + b"x" * (1024 * 1024) + b'"}]'
    r = api.post(f"/queues/{queue}/messages", data=data, headers={"Content-Type": "application/json"})
    assert_error(r, 400)


def test_post_messages_oversize_to_missing_queue_still_never_5xx(api):
    data = b'[{"ttl": 60, "body": "' + b"x" * (MAX_POST_BYTES + 10) + b'"}]'
    r = api.post(f"/queues/{new_queue_name()}/messages", data=data, headers={"Content-Type": "application/json"})
    assert r.status_code in (400, 404)
    assert_4xx_json(r)


def test_post_messages_no_body_at_all_400(api, queue):
    r = api.s.post(api.url(f"/queues/{queue}/messages"), timeout=10)
    assert_error(r, 400)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b'\xef\xbb\xbf[{"ttl": 60, "body": 1}]', id="utf8-bom"),
        pytest.param(b'[{"ttl": 60, "body": "\\ud800"}]', id="lone-surrogate-escape"),
        pytest.param(b'[{"ttl": 60, "body": "\\u0000"}]', id="nul-escape"),
        pytest.param(b'[{"ttl": 60, "ttl": 61, "body": 1}]', id="duplicate-key"),
        pytest.param(b'[{"ttl": 60, "body": 1e400}]', id="float-overflow"),
        pytest.param(b'[{"ttl": 60, "body": -0}]', id="negative-zero"),
        pytest.param(b'[{"ttl": 60, "body": ' + b"[" * 500 + b"]" * 500 + b"}]", id="500-nested"),
    ],
)
def test_post_messages_odd_but_not_wrong_never_5xx(api, queue, data):
    r = api.post(f"/queues/{queue}/messages", data=data, headers={"Content-Type": "application/json"})
    assert r.status_code in (201, 400), (r.status_code, r.text[:200])
    if r.status_code == 400:
        assert_error(r, 400)
    else:
        # whatever was stored can be read back as valid JSON
        mid = r.json()["resources"][0].rsplit("/", 1)[1]
        g = api.get(f"/queues/{queue}/messages/{mid}")
        assert g.status_code == 200
        json.loads(g.content.decode("utf-8"))


@pytest.mark.parametrize("body", [1, "x", None, True, [1, 2], {"a": "é"}])
def test_post_messages_escaped_and_plain_json_accepted(api, queue, body):
    r = api.post(f"/queues/{queue}/messages", data=json.dumps([{"ttl": 60, "body": body}]).encode(),
                 headers={"Content-Type": "application/json"})
    assert r.status_code == 201
    mid = r.json()["resources"][0].rsplit("/", 1)[1]
    assert api.get(f"/queues/{queue}/messages/{mid}").json()["body"] == body


# =============================================================================================
# Claims, metadata bodies
# =============================================================================================

CLAIM_BAD = [
    pytest.param(b"", id="empty"),
    pytest.param(b"{", id="truncated"),
    pytest.param(b"[]", id="array"),
    pytest.param(b"[1]", id="array-of-number"),
    pytest.param(b'"x"', id="string"),
    pytest.param(b"null", id="null"),
    pytest.param(b'{"ttl": 9223372036854775808, "grace": 60}', id="ttl-2**63"),
    pytest.param(b'{"ttl": 60, "grace": 9223372036854775808}', id="grace-2**63"),
    pytest.param(b'{"ttl": -9223372036854775809, "grace": 60}', id="ttl-below-int64"),
    pytest.param(b'{"ttl": 1e400, "grace": 60}', id="ttl-float-overflow"),
    pytest.param(b'{"ttl": 60, "grace": 60, "limit": 9223372036854775808}', id="limit-2**63"),
    pytest.param(b'{"ttl": "60", "grace": 60}', id="ttl-string"),
    pytest.param(b'{"ttl": 60.0, "grace": 60}', id="ttl-float"),
    pytest.param(b'{"ttl": true, "grace": 60}', id="ttl-true"),
    pytest.param(b'{"ttl": null, "grace": 60}', id="ttl-null"),
    pytest.param(b'{"ttl": 60, "grace": false}', id="grace-false"),
    pytest.param(b'{"ttl": 60, "grace": 60.5}', id="grace-float"),
    pytest.param(b'{"ttl": 43201, "grace": 60}', id="ttl-over-max"),
    pytest.param(b'{"ttl": 60, "grace": 43201}', id="grace-over-max"),
    pytest.param(b'{"ttl": 0, "grace": 0}', id="zeros"),
    pytest.param(b'{"ttl": 60, "grace": 60, "x": "\xff"}', id="invalid-utf8"),
    pytest.param(b'{"ttl": 60, "grace": 60, "x": ' + b"[" * 10000 + b"]" * 10000 + b"}", id="deep-nesting"),
]


@pytest.mark.parametrize("data", CLAIM_BAD)
def test_claim_create_bad_body_400_never_5xx(api, queue, data):
    api.post_n(queue, 1)
    r = api.post(f"/queues/{queue}/claims", data=data, headers={"Content-Type": "application/json"})
    assert_error(r, 400)
    assert api.stats(queue)["claimed"] == 0


@pytest.mark.parametrize("data", CLAIM_BAD)
def test_claim_create_bad_body_on_missing_queue_400(api, data):
    r = api.post(f"/queues/{new_queue_name()}/claims", data=data, headers={"Content-Type": "application/json"})
    assert_error(r, 400)


@pytest.mark.parametrize("data", CLAIM_BAD[:10])
def test_claim_patch_bad_body_400_never_5xx(api, live, data):
    q, mid, cid = live
    data = data.replace(b', "grace": 60', b"")
    r = api.patch(f"/queues/{q}/claims/{cid}", data=data, headers={"Content-Type": "application/json"})
    assert_error(r, 400)


def test_claim_create_huge_body_never_5xx(api, queue):
    api.post_n(queue, 1)
    data = b'{"ttl": 60, "grace": 60, "pad": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    r = api.post(f"/queues/{queue}/claims", data=data, headers={"Content-Type": "application/json"})
    assert r.status_code in (201, 400), r.status_code
    if r.status_code == 400:
        assert_error(r, 400)


META_BAD = [
    pytest.param(b"", id="empty"),
    pytest.param(b"[]", id="array"),
    pytest.param(b"[1]", id="array-of-number"),
    pytest.param(b'{"n": 9223372036854775808}', id="int-2**63"),
    pytest.param(b'{"n": {"m": [-9223372036854775809]}}', id="nested-int-below-int64"),
    pytest.param(b'{"n": NaN}', id="nan"),
    pytest.param(b'{"a": "\xff"}', id="invalid-utf8"),
    pytest.param(b'{"a": ' + b"[" * 10000 + b"]" * 10000 + b"}", id="10000-nested-arrays"),
    pytest.param(b'{"a":' * 10000 + b"1" + b"}" * 10000, id="10000-nested-objects"),
    pytest.param(b'{"_reserved": 1}', id="underscore-key"),
    pytest.param(b'{"a": 1', id="truncated"),
]


@pytest.mark.parametrize("data", META_BAD)
def test_put_metadata_bad_body_400_never_5xx(api, queue, data):
    r = api.put(f"/queues/{queue}/metadata", data=data, headers={"Content-Type": "application/json"})
    assert_error(r, 400)
    assert api.get(f"/queues/{queue}/metadata").json() == {}


def test_put_metadata_oversize_1mb_400(api, queue):
    data = b'{"k": "' + b"x" * (1024 * 1024) + b'"}'
    assert_error(api.put(f"/queues/{queue}/metadata", data=data, headers={"Content-Type": "application/json"}), 400)


def test_put_metadata_oversize_missing_queue_never_5xx(api):
    data = b'{"k": "' + b"x" * (MAX_METADATA_BYTES + 10) + b'"}'
    r = api.put(f"/queues/{new_queue_name()}/metadata", data=data, headers={"Content-Type": "application/json"})
    assert r.status_code in (400, 404)
    assert_4xx_json(r)


# =============================================================================================
# Query parameters (§4)
# =============================================================================================

BAD_INTS = ["0", "-1", "abc", "1.5", "1e2", "0x10", "99999999999999999999999"]


@pytest.mark.parametrize("limit", BAD_INTS + [str(MAX_QUEUES_PER_PAGE + 1)])
def test_queue_list_bad_limit_400(api, queue, limit):
    assert_error(api.get("/queues", query="limit=" + limit), 400)


@pytest.mark.parametrize("limit", BAD_INTS + [str(MAX_MESSAGES_PER_PAGE + 1)])
def test_message_list_bad_limit_400(api, other, queue, limit):
    api.post_n(queue, 1)
    assert_error(other.get(f"/queues/{queue}/messages", query="limit=" + limit), 400)


@pytest.mark.parametrize("limit", BAD_INTS + [str(MAX_MESSAGES_PER_PAGE + 1)])
def test_claim_bad_limit_400(api, queue, limit):
    api.post_n(queue, 1)
    assert_error(api.post(f"/queues/{queue}/claims", query="limit=" + limit, body={"ttl": 60, "grace": 60}), 400)


@pytest.mark.parametrize(
    "path,param",
    [("/queues", "detailed"), ("/queues/{q}/messages", "echo"), ("/queues/{q}/messages", "include_claimed")],
)
@pytest.mark.parametrize("value", ["maybe", "2", "truee", "nope", "-1"])
def test_bad_boolean_400(api, other, queue, path, param, value):
    api.post_n(queue, 1)
    assert_error(other.get(path.format(q=queue), query=f"{param}={value}"), 400)


@pytest.mark.parametrize(
    "query",
    ["marker=%00", "marker=%FF%FE", "marker=" + "z" * 5000, "marker=%C3%A9", "limit=&marker=",
     "detailed=&limit=", "marker=a&marker=b"],
)
def test_queue_list_odd_queries_never_5xx(api, queue, query):
    r = api.get("/queues", query=query)
    assert r.status_code in (200, 204, 400), r.status_code
    if r.status_code == 400:
        assert_error(r, 400)


@pytest.mark.parametrize(
    "query",
    ["marker=%00", "marker=%FF", "marker=-1", "marker=99999999999999999999999", "marker=1e5",
     "limit=&echo=", "ids=%FF", "ids=,,,", "ids=" + "a" * 5000, "include_claimed=&marker="],
)
def test_message_list_odd_queries_never_5xx(api, other, queue, query):
    api.post_n(queue, 2)
    r = other.get(f"/queues/{queue}/messages", query=query)
    assert r.status_code in (200, 204, 400), r.status_code
    if r.status_code == 400:
        assert_error(r, 400)


@pytest.mark.parametrize(
    "path",
    [
        "/queues/{q}/messages/%FF%FE",
        "/queues/{q}/messages/" + "a" * 5000,
        "/queues/{q}/messages/%00",
        "/queues/{q}/claims/%FF",
        "/queues/{q}/claims/" + "b" * 5000,
        "/queues/%FF/messages",
        "/queues/" + "q" * 5000,
        "/queues/%00",
    ],
)
@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_odd_paths_never_5xx(api, queue, path, method):
    r = api.request(method, path.format(q=queue))
    assert r.status_code < 500, (r.status_code, r.text[:200])
    if r.content:
        assert_4xx_json(r) if r.status_code >= 400 else None


@pytest.mark.parametrize("cid", ["", "{not}", "urn:uuid:", "x" * 1000, "12345678-1234-1234-1234-12345678901"])
def test_odd_client_ids_400_never_5xx(api, queue, cid):
    r = api.post(f"/queues/{queue}/messages", body=[{"ttl": 60, "body": 1}], headers={"Client-ID": cid})
    assert_error(r, 400)
