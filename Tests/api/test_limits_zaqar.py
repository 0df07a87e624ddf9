"""§5 limits, "zaqar" profile (CQ_URL_ZAQAR): 20 per page / per claim / per get-by-ids,
metadata max 65536; same Redis as the rackspace gateways."""

import pytest

from cq import (
    MAX_POST_BYTES,
    ZAQAR_MAX_METADATA_BYTES,
    ZAQAR_MAX_PER_PAGE,
    Api,
    assert_error,
    ids_of,
    new_project,
)

MAX = ZAQAR_MAX_PER_PAGE


@pytest.fixture
def zapi(zaqar_url):
    a = Api(zaqar_url, project=new_project())
    yield a
    a.s.close()


@pytest.fixture
def zqueue(zapi):
    q = zapi.create_queue()
    yield q
    zapi.delete("/queues/" + q)


@pytest.fixture
def zfull(zapi, zqueue):
    """A queue with MAX + 5 messages posted by another client."""
    poster = Api(zapi.base, project=zapi.project)
    ids = poster.post_n(zqueue, MAX + 5, batch=MAX + 5)
    return zqueue, ids


def test_zaqar_message_list_limit_20_ok_21_400(zapi, zfull):
    q, ids = zfull
    r = zapi.get(f"/queues/{q}/messages", query=f"limit={MAX}")
    assert r.status_code == 200
    assert ids_of(r.json()["messages"]) == ids[:MAX]
    assert_error(zapi.get(f"/queues/{q}/messages", query=f"limit={MAX + 1}"), 400)


def test_zaqar_message_list_default_limit_10(zapi, zfull):
    q, ids = zfull
    assert ids_of(zapi.get(f"/queues/{q}/messages").json()["messages"]) == ids[:10]


def test_zaqar_claim_limit_20_ok_21_400(zapi, zfull):
    q, ids = zfull
    assert_error(zapi.post(f"/queues/{q}/claims", query=f"limit={MAX + 1}", body={"ttl": 60, "grace": 60}), 400)
    cid, got = zapi.claim(q, limit=MAX)
    assert got == ids[:MAX]


def test_zaqar_claim_default_limit_10(zapi, zfull):
    q, ids = zfull
    cid, got = zapi.claim(q)
    assert got == ids[:10]


def test_zaqar_get_by_ids_20_ok_21_400(zapi, zfull):
    q, ids = zfull
    r = zapi.get(f"/queues/{q}/messages", query="ids=" + ",".join(ids[:MAX]))
    assert r.status_code == 200
    assert sorted(ids_of(r.json())) == sorted(ids[:MAX])
    assert_error(zapi.get(f"/queues/{q}/messages", query="ids=" + ",".join(ids[:MAX + 1])), 400)


def test_zaqar_bulk_delete_20_ok_21_400(zapi, zfull):
    q, ids = zfull
    assert_error(zapi.delete(f"/queues/{q}/messages", query="ids=" + ",".join(ids[:MAX + 1])), 400)
    assert zapi.stats(q)["total"] == MAX + 5
    assert zapi.delete(f"/queues/{q}/messages", query="ids=" + ",".join(ids[:MAX])).status_code == 204
    assert zapi.stats(q)["total"] == 5


def test_zaqar_queue_list_limit_20_ok_21_400(zapi, zqueue):
    assert zapi.get("/queues", query=f"limit={MAX}").status_code == 200
    assert_error(zapi.get("/queues", query=f"limit={MAX + 1}"), 400)


def test_zaqar_metadata_exactly_65536_ok_65537_400(zapi, zqueue):
    def meta(n):
        prefix, suffix = b'{"k":"', b'"}'
        return prefix + b"x" * (n - len(prefix) - len(suffix)) + suffix

    ok = meta(ZAQAR_MAX_METADATA_BYTES)
    assert len(ok) == ZAQAR_MAX_METADATA_BYTES
    r = zapi.put(f"/queues/{zqueue}/metadata", data=ok, headers={"Content-Type": "application/json"})
    assert r.status_code == 204, (r.status_code, r.text[:200])
    r = zapi.put(f"/queues/{zqueue}/metadata", data=meta(ZAQAR_MAX_METADATA_BYTES + 1),
                 headers={"Content-Type": "application/json"})
    assert_error(r, 400)


def test_zaqar_post_size_limit_unchanged(zapi, zqueue):
    prefix, suffix = b'[{"ttl":60,"body":"', b'"}]'
    ok = prefix + b"x" * (MAX_POST_BYTES - len(prefix) - len(suffix)) + suffix
    r = zapi.post(f"/queues/{zqueue}/messages", data=ok, headers={"Content-Type": "application/json"})
    assert r.status_code == 201, r.status_code
    r = zapi.post(f"/queues/{zqueue}/messages", data=ok[:-3] + b'x"}]', headers={"Content-Type": "application/json"})
    assert_error(r, 400)


def test_zaqar_ttl_ranges_unchanged(zapi, zqueue):
    assert zapi.post(f"/queues/{zqueue}/messages", body=[{"ttl": 1209600, "body": 1}]).status_code == 201
    assert_error(zapi.post(f"/queues/{zqueue}/messages", body=[{"ttl": 1209601, "body": 1}]), 400)
    assert zapi.post(f"/queues/{zqueue}/claims", body={"ttl": 43200, "grace": 43200}).status_code == 201
    assert_error(zapi.post(f"/queues/{zqueue}/claims", body={"ttl": 43201, "grace": 60}), 400)


def test_zaqar_gateway_shares_redis_with_rackspace_gateway(zapi, zqueue, base_url):
    rax = Api(base_url, project=zapi.project)
    assert rax.head("/queues/" + zqueue).status_code == 204
    ids = rax.post_n(zqueue, 3)
    # a page of 25 is fine on the rackspace gateway, too large on the zaqar one
    assert rax.get(f"/queues/{zqueue}/messages", query="limit=25&echo=true").status_code == 200
    assert_error(zapi.get(f"/queues/{zqueue}/messages", query="limit=25&echo=true"), 400)
    assert ids_of(zapi.get(f"/queues/{zqueue}/messages", query="limit=20").json()["messages"]) == ids


def test_zaqar_posting_more_than_20_messages_in_one_post_ok(zapi, zqueue):
    # no per-POST message count cap in either profile
    ids = zapi.post_messages(zqueue, [{"ttl": 60, "body": i} for i in range(30)])
    assert len(ids) == 30
