"""Claims under /v2 and /v1.1 (notes §1.4: optional body with defaults ttl 300 / grace 60,
201 {"messages"} + Location, 204 when nothing, get / patch / delete)."""

import pytest

from cq2 import (
    CLAIM_KEYS,
    DEFAULT_CLAIM_LIMIT,
    HEX24,
    RACKSPACE_MAX_MESSAGES,
    ZAQAR_MAX,
    assert_err,
    assert_json,
    assert_message,
    assert_no_body,
    ids_of,
    location_path,
)


def claim_raw(api, q, body=None, query=None):
    kw = {} if body is None else {"body": body}
    return api.post(f"/queues/{q}/claims", query=query, **kw)


def get_claim(api, q, cid):
    return assert_json(api.get(f"/queues/{q}/claims/{cid}"), 200)


@pytest.mark.parametrize("version", ["v2", "v1.1"])
def test_claim_without_body_201_messages_location(api, q, version):
    a = api.clone(version=version)
    ids = a.post_messages(q, [{"body": i} for i in range(3)])
    r = a.post(f"/queues/{q}/claims")
    doc = assert_json(r, 201)
    assert set(doc) == {"messages"}, doc
    path, _ = location_path(r)
    prefix = f"/{version}/queues/{q}/claims/"
    assert path.startswith(prefix), path
    cid = path[len(prefix):]
    assert cid and "/" not in cid
    assert ids_of(doc["messages"]) == ids
    for i, m in enumerate(doc["messages"]):
        assert_message(m, q, version=version, mid=ids[i], claim_id=cid, body=i)
    c = get_claim(a, q, cid)
    assert c["ttl"] == 300


def test_claim_ids_are_24_hex(api, q):
    api.post_messages(q, [{"body": 1}])
    cid, _ = api.claim(q)
    assert HEX24.match(cid), cid


def test_claim_default_grace_60_extends_message_life(api, q, inspector):
    (mid,) = api.post_messages(q, [{"ttl": 60, "body": 1}])
    before = inspector.now_ms()
    cid, _ = api.claim(q)
    after = inspector.now_ms()
    expires = inspector.message_expires_ms(api.project, q, mid)
    # claim ttl 300 + grace 60: the 60 s message now lives until the claim's end plus the grace
    assert before + 360_000 - 1000 <= expires <= after + 360_000 + 1000, (expires - before)


def test_claim_body_ttl_and_grace(api, q):
    api.post_messages(q, [{"body": 1}])
    cid, _ = api.claim(q, ttl=120, grace=90)
    assert get_claim(api, q, cid)["ttl"] == 120


def test_claim_body_ttl_only_grace_defaults(api, q):
    api.post_messages(q, [{"body": 1}])
    cid, _ = api.claim(q, ttl=100)
    assert get_claim(api, q, cid)["ttl"] == 100


def test_claim_empty_object_body_defaults(api, q):
    api.post_messages(q, [{"body": 1}])
    r = claim_raw(api, q, body={})
    assert assert_json(r, 201)
    cid = location_path(r)[0].rsplit("/", 1)[1]
    assert get_claim(api, q, cid)["ttl"] == 300


@pytest.mark.parametrize("body", [
    {"ttl": 59}, {"ttl": 43201}, {"grace": 59}, {"grace": 43201},
    {"ttl": "60"}, {"grace": "60"}, {"ttl": 60.5}, {"ttl": None},
    [{"ttl": 60}], "x",
], ids=["ttl-59", "ttl-43201", "grace-59", "grace-43201", "ttl-string", "grace-string", "ttl-float",
        "ttl-null", "array", "string"])
def test_claim_bad_body_400_nothing_claimed(api, q, body):
    api.post_messages(q, [{"body": 1}])
    assert_err(claim_raw(api, q, body=body), 400)
    assert api.counts(q)["claimed"] == 0


@pytest.mark.parametrize("ttl,grace", [(60, 60), (43200, 43200)])
def test_claim_bounds_accepted(api, q, ttl, grace):
    api.post_messages(q, [{"body": 1}])
    cid, got = api.claim(q, ttl=ttl, grace=grace)
    assert len(got) == 1
    assert get_claim(api, q, cid)["ttl"] == ttl


def test_claim_limit_query(api, q):
    ids = api.post_n(q, 5)
    cid, got = api.claim(q, limit=2)
    assert ids_of(got) == ids[:2]
    cid2, got2 = api.claim(q, limit=2)
    assert ids_of(got2) == ids[2:4]
    assert cid2 != cid


def test_claim_default_limit_10(api, q):
    api.post_n(q, 15)
    _, got = api.claim(q)
    assert len(got) == DEFAULT_CLAIM_LIMIT


def test_claim_limit_in_body_is_ignored(api, q):
    # v1.1 / v2 take the limit from the query only (openstacksdk puts it in the body: no effect)
    api.post_n(q, 15)
    r = claim_raw(api, q, body={"ttl": 60, "limit": 2})
    assert len(assert_json(r, 201)["messages"]) == DEFAULT_CLAIM_LIMIT


@pytest.mark.parametrize("limit", ["0", "21", "-1", "x"])
def test_claim_limit_out_of_range_400_zaqar(api, q, limit):
    api.post_messages(q, [{"body": 1}])
    assert_err(claim_raw(api, q, query="limit=" + limit), 400)
    assert api.counts(q)["claimed"] == 0


def test_claim_limit_20_zaqar(api, q):
    api.post_n(q, 25)
    _, got = api.claim(q, limit=ZAQAR_MAX)
    assert len(got) == 20


def test_claim_limit_100_rackspace(rs, q):
    rs.post_n(q, 101, batch=50)
    _, got = rs.claim(q, limit=RACKSPACE_MAX_MESSAGES)
    assert len(got) == 100
    assert_err(claim_raw(rs, q, query="limit=101"), 400)


def test_claim_nothing_204_empty_and_missing_queue(api, q):
    assert_no_body(claim_raw(api, q), 204)
    api.create_queue(q)
    assert_no_body(claim_raw(api, q), 204)
    api.post_messages(q, [{"body": 1}])
    api.claim(q)
    assert_no_body(claim_raw(api, q, body={"ttl": 60}), 204)


def test_claim_skips_claimed_messages_fifo(api, q):
    ids = api.post_n(q, 4)
    _, a = api.claim(q, limit=1)
    _, b = api.claim(q, limit=10)
    assert ids_of(a) == ids[:1] and ids_of(b) == ids[1:]


# ---- GET -----------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["v2", "v1.1"])
def test_get_claim_200_exact_shape(api, q, version):
    a = api.clone(version=version)
    ids = a.post_messages(q, [{"body": "a"}, {"body": ["b"]}])
    cid, _ = a.claim(q, ttl=120, grace=60)
    doc = get_claim(a, q, cid)
    assert set(doc) == CLAIM_KEYS, doc
    assert doc["href"] == f"/{version}/queues/{q}/claims/{cid}"
    assert doc["ttl"] == 120
    assert type(doc["age"]) is int and 0 <= doc["age"] < 30
    assert ids_of(doc["messages"]) == ids
    for m in doc["messages"]:
        assert_message(m, q, version=version, claim_id=cid)


@pytest.mark.parametrize("cid", ["0" * 24, "nonsense"])
def test_get_claim_missing_404(api, q, cid):
    api.post_messages(q, [{"body": 1}])
    assert_err(api.get(f"/queues/{q}/claims/{cid}"), 404)


def test_get_claim_of_missing_queue_404(api, q):
    assert_no_body(claim_raw(api, q), 204)          # the claims resource is served
    assert_err(api.get(f"/queues/{q}/claims/{'0' * 24}"), 404)


def test_get_claim_from_other_queue_404(api, q):
    api.post_messages(q, [{"body": 1}])
    cid, _ = api.claim(q)
    other = api.create_queue()
    assert_err(api.get(f"/queues/{other}/claims/{cid}"), 404)


# ---- PATCH ---------------------------------------------------------------------------------


def test_patch_claim_204_and_new_ttl(api, q):
    api.post_messages(q, [{"body": 1}])
    cid, _ = api.claim(q, ttl=60)
    assert_no_body(api.patch(f"/queues/{q}/claims/{cid}", body={"ttl": 200, "grace": 60}), 204)
    assert get_claim(api, q, cid)["ttl"] == 200


def test_patch_claim_ttl_only_204(api, q):
    api.post_messages(q, [{"body": 1}])
    cid, _ = api.claim(q, ttl=60)
    assert_no_body(api.patch(f"/queues/{q}/claims/{cid}", body={"ttl": 500}), 204)
    assert get_claim(api, q, cid)["ttl"] == 500


def test_patch_claim_missing_404(api, q):
    api.post_messages(q, [{"body": 1}])
    assert_err(api.patch(f"/queues/{q}/claims/{'0' * 24}", body={"ttl": 100}), 404)


@pytest.mark.parametrize("body", [{"ttl": 59}, {"ttl": 43201}, {"ttl": "100"}],
                         ids=["ttl-59", "ttl-43201", "ttl-string"])
def test_patch_claim_bad_body_400_unchanged(api, q, body):
    api.post_messages(q, [{"body": 1}])
    cid, _ = api.claim(q, ttl=77)
    assert_err(api.patch(f"/queues/{q}/claims/{cid}", body=body), 400)
    assert get_claim(api, q, cid)["ttl"] == 77


# ---- DELETE --------------------------------------------------------------------------------


def test_delete_claim_204_releases_messages(api, q):
    ids = api.post_n(q, 2)
    cid, _ = api.claim(q)
    assert api.counts(q)["claimed"] == 2
    assert_no_body(api.delete(f"/queues/{q}/claims/{cid}"), 204)
    assert_err(api.get(f"/queues/{q}/claims/{cid}"), 404)
    assert api.counts(q) == {"free": 2, "claimed": 0, "delayed": 0, "total": 2}
    _, again = api.claim(q)
    assert ids_of(again) == ids


def test_delete_claim_then_message_hrefs_lose_claim_id(api, q):
    (mid,) = api.post_messages(q, [{"body": 1}])
    cid, _ = api.claim(q)
    api.release(q, cid)
    m = assert_json(api.get(f"/queues/{q}/messages/{mid}"), 200)
    assert_message(m, q, mid=mid)


@pytest.mark.parametrize("version", ["v2", "v1.1"])
def test_delete_missing_claim_204(api, q, version):
    a = api.clone(version=version)
    assert_no_body(a.delete(f"/queues/{q}/claims/{'0' * 24}"), 204)
    a.create_queue(q)
    assert_no_body(a.delete(f"/queues/{q}/claims/{'0' * 24}"), 204)


def test_deleting_claimed_message_removes_it_from_claim(api, q):
    ids = api.post_n(q, 2)
    cid, _ = api.claim(q)
    assert_no_body(api.delete(f"/queues/{q}/messages/{ids[0]}", query="claim_id=" + cid), 204)
    assert ids_of(get_claim(api, q, cid)["messages"]) == ids[1:]
