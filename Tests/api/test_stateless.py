"""Gateways are stateless: two gateway processes (CQ_URL, CQ_URL2) on one Redis behave as one
service. Post through A, claim and delete through B, list/stats through either agree."""

import pytest

from cq import Api, assert_error, assert_no_body, ids_of, next_href


@pytest.fixture
def api_b(api, base_url2):
    b = Api(base_url2, project=api.project, client_id=api.client_id)
    yield b
    b.s.close()


@pytest.fixture
def other_b(api, base_url2):
    b = Api(base_url2, project=api.project)  # another client of the same project, on gateway B
    yield b
    b.s.close()


def test_stateless_queue_created_on_a_visible_on_b(api, api_b):
    q = api.create_queue()
    assert api_b.head("/queues/" + q).status_code == 204
    assert api_b.put("/queues/" + q).status_code == 204
    assert [x["name"] for x in api_b.get("/queues").json()["queues"]] == [q]
    assert api_b.delete("/queues/" + q).status_code == 204
    assert api.head("/queues/" + q).status_code == 404


def test_stateless_metadata_set_on_b_read_on_a(api, api_b, queue):
    assert api_b.put(f"/queues/{queue}/metadata", body={"via": "b"}).status_code == 204
    assert api.get(f"/queues/{queue}/metadata").json() == {"via": "b"}


def test_stateless_post_a_claim_and_delete_b_stats_agree(api, api_b, other, other_b, queue):
    ids = api.post_n(queue, 6)
    # listing through either gateway sees the same messages
    assert ids_of(other.list_all(queue, echo=False)) == ids
    assert ids_of(other_b.list_all(queue, echo=False)) == ids
    # claim through B
    cid, got = api_b.claim(queue, limit=4)
    assert got == ids[:4]
    assert api.get(f"/queues/{queue}/claims/{cid}").status_code == 200
    assert api.stats(queue) == api_b.stats(queue)
    s = api.stats(queue)
    assert (s["free"], s["claimed"], s["total"]) == (2, 4, 6)
    # delete through B with the claim id; A refuses a delete without it
    assert_error(api.delete(f"/queues/{queue}/messages/{got[0]}"), 403, "Unable to delete")
    for mid in got:
        assert api_b.delete(f"/queues/{queue}/messages/{mid}", query="claim_id=" + cid).status_code == 204
    for gw in (api, api_b):
        s = gw.stats(queue)
        assert (s["free"], s["claimed"], s["total"]) == (2, 0, 2)
    assert ids_of(other.list_all(queue, echo=False, include_claimed=True)) == ids[4:]
    assert ids_of(other_b.list_all(queue, echo=False, include_claimed=True)) == ids[4:]
    assert_error(api.get(f"/queues/{queue}/claims/{cid}"), 404, "Not found")


def test_stateless_claim_on_a_patch_on_b_release_on_a(api, api_b, queue):
    ids = api_b.post_n(queue, 3)
    cid, got = api.claim(queue, ttl=60)
    assert api_b.patch(f"/queues/{queue}/claims/{cid}", body={"ttl": 500, "grace": 60}).status_code == 204
    assert api.get(f"/queues/{queue}/claims/{cid}").json()["ttl"] == 500
    assert_no_body(api_b.post(f"/queues/{queue}/claims", body={"ttl": 60, "grace": 60}), 204)
    assert api.delete(f"/queues/{queue}/claims/{cid}").status_code == 204
    cid2, got2 = api_b.claim(queue)
    assert got2 == ids


def test_stateless_paging_continues_across_gateways(api, other, other_b, queue):
    ids = api.post_n(queue, 5)
    doc = other.get(f"/queues/{queue}/messages", query="limit=2").json()
    seen = ids_of(doc["messages"])
    r = other_b.follow(next_href(doc))
    while r.status_code == 200:
        doc = r.json()
        seen += ids_of(doc["messages"])
        r = (other if len(seen) % 2 else other_b).follow(next_href(doc))
    assert r.status_code == 204
    assert seen == ids


def test_stateless_echo_across_gateways(api, api_b, queue):
    # the same Client-ID on gateway B is still "own"
    api.post_n(queue, 2)
    assert_no_body(api_b.get(f"/queues/{queue}/messages"), 204)
    assert len(api_b.get(f"/queues/{queue}/messages", query="echo=true").json()["messages"]) == 2


def test_stateless_get_by_ids_and_bulk_delete_across_gateways(api, api_b, queue):
    ids = api.post_n(queue, 3)
    r = api_b.get(f"/queues/{queue}/messages", query="ids=" + ",".join(ids))
    assert sorted(ids_of(r.json())) == sorted(ids)
    assert api_b.delete(f"/queues/{queue}/messages", query="ids=" + ",".join(ids[:2])).status_code == 204
    assert api.stats(queue)["total"] == 1


def test_stateless_queue_delete_on_b_empties_for_a(api, api_b, other, queue):
    api.post_n(queue, 3)
    api.claim(queue, limit=1)
    assert api_b.delete("/queues/" + queue).status_code == 204
    assert api.head("/queues/" + queue).status_code == 404
    assert_no_body(other.get(f"/queues/{queue}/messages", query="include_claimed=true"), 204)
    assert api.put("/queues/" + queue).status_code == 201
    assert api_b.stats(queue) == {"claimed": 0, "free": 0, "total": 0}
