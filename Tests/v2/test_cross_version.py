"""v1, v1.1 and v2 are views of the same queues (same project, same Redis): messages, claims
and metadata written through one version are seen through the others."""

from cq import Api
from cq2 import RESERVED_DEFAULTS, assert_json, assert_message, assert_no_body, ids_of


def strip_defaults(meta):
    return {k: v for k, v in meta.items() if not (k in RESERVED_DEFAULTS and RESERVED_DEFAULTS[k] == v)}


def test_v1_post_v2_claim_v1_delete_with_claim(api, v1, q):
    v1.create_queue(q)
    ids = v1.post_messages(q, [{"ttl": 300, "body": {"n": 1}}, {"ttl": 300, "body": {"n": 2}}])
    cid, got = api.claim(q, ttl=60)
    assert ids_of(got) == ids
    for i, m in enumerate(got):
        assert_message(m, q, mid=ids[i], claim_id=cid, ttl=300, body={"n": i + 1})
    # v1 refuses to delete a claimed message without its claim, accepts it with the v2 claim id
    assert v1.delete(f"/queues/{q}/messages/{ids[0]}").status_code == 403
    assert_no_body(v1.delete(f"/queues/{q}/messages/{ids[0]}", query="claim_id=" + cid), 204)
    assert api.counts(q) == {"free": 0, "claimed": 1, "delayed": 0, "total": 1}
    # the v1 view of the v2 claim
    r = v1.get(f"/queues/{q}/claims/{cid}")
    assert r.status_code == 200, (r.status_code, r.text)
    assert [m["href"].split("?")[0].rsplit("/", 1)[1] for m in r.json()["messages"]] == ids[1:]


def test_v2_post_v1_list_and_claim(api, v1, q):
    ids = api.post_messages(q, [{"ttl": 120, "body": "a"}, {"body": ["b"]}])
    listed = v1.list_all(q, query="limit=20")       # the zaqar profile's page limit
    assert [m["href"].rsplit("/", 1)[1] for m in listed] == ids
    assert [m["body"] for m in listed] == ["a", ["b"]]
    assert [m["ttl"] for m in listed] == [120, 3600]
    cid, got = v1.claim(q, ttl=60, grace=60)
    assert got == ids
    # the v2 view of the v1 claim
    doc = assert_json(api.get(f"/queues/{q}/claims/{cid}"), 200)
    assert ids_of(doc["messages"]) == ids
    assert doc["ttl"] == 60
    s = v1.stats(q)
    assert (s["free"], s["claimed"], s["total"]) == (0, 2, 2), s


def test_v11_and_v2_see_the_same_queue(api, api11, q):
    api11.create_queue(q, metadata={"a": 1})
    assert api.metadata(q) == {**RESERVED_DEFAULTS, "a": 1}
    assert [x["name"] for x in assert_json(api.get("/queues"), 200)["queues"]] == [q]
    ids = api.post_messages(q, [{"body": 1}])
    more = api11.post_messages(q, [{"body": 2}])
    assert ids_of(api11.list_all(q)) == ids + more
    assert ids_of(api.list_all(q)) == ids + more
    assert api11.counts(q) == api.counts(q) == {"free": 2, "claimed": 0, "delayed": 0, "total": 2}
    cid, got = api11.claim(q, limit=1)
    assert ids_of(got) == ids
    assert_no_body(api.delete(f"/queues/{q}/messages/{ids[0]}", query="claim_id=" + cid), 204)
    assert_no_body(api11.delete("/queues/" + q), 204)
    assert assert_json(api.get("/queues"), 200) == {"queues": [], "links": []}


def test_v1_metadata_equals_v2_metadata_minus_reserved_defaults(api, v1, q):
    v1.create_queue(q)
    meta = {"owner": "ops", "limits": {"x": [1, 2]}, "flag": False}
    r = v1.put(f"/queues/{q}/metadata", body=meta)
    assert r.status_code == 204, (r.status_code, r.text)
    v2meta = api.metadata(q)
    assert v2meta == {**RESERVED_DEFAULTS, **meta}
    v1meta = v1.get(f"/queues/{q}/metadata").json()
    assert v1meta == strip_defaults(v2meta) == meta


def test_v2_metadata_seen_by_v1(api, v1, q):
    api.create_queue(q, metadata={"a": 1, "_default_message_ttl": 120})
    assert v1.get(f"/queues/{q}/metadata").json() == {"a": 1, "_default_message_ttl": 120}
    r = api.patch_queue(q, [{"op": "add", "path": "/metadata/b", "value": "x"}])
    assert r.status_code == 200, (r.status_code, r.text)
    assert v1.get(f"/queues/{q}/metadata").json() == {"a": 1, "b": "x", "_default_message_ttl": 120}
    assert strip_defaults(api.metadata(q)) == {"a": 1, "b": "x", "_default_message_ttl": 120}


def test_queue_created_by_v2_exists_for_v1(api, v1, q):
    api.create_queue(q)
    assert v1.head("/queues/" + q).status_code == 204
    assert v1.get(f"/queues/{q}/metadata").json() == {}
    assert_no_body(api.delete("/queues/" + q), 204)
    assert v1.head("/queues/" + q).status_code == 404


def test_v2_and_v1_across_gateways(api, base_url, q):
    """The rackspace gateway's v1 sees what the zaqar gateway's v2 wrote (one Redis)."""
    v1 = Api(base_url, project=api.project)
    try:
        ids = api.post_messages(q, [{"ttl": 300, "body": "x"}])
        assert [m["href"].rsplit("/", 1)[1] for m in v1.list_all(q, query="limit=20")] == ids
    finally:
        v1.s.close()
