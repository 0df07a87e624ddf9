"""POST /v2/queues/{q}/purge (notes §1.7): {"resource_types": subset of messages,
subscriptions}; no body means both; 204; a bad type is 400. v1.1 has no purge.

"messages" means every message of the queue, claimed and delayed ones too (the api-ref: "purge
all the messages"); Zaqar's repeated pop(100) leaves claimed ones behind, which we do not copy."""

import pytest

from cq2 import assert_err, assert_json, assert_no_body

ZEROS = {"free": 0, "claimed": 0, "delayed": 0, "total": 0}


def fill(api, q):
    api.create_queue(q, metadata={"keep": "me"})
    api.post_n(q, 25)
    api.post_messages(q, [{"body": "later", "delay": 600}])
    api.claim(q, ttl=60, limit=3)
    r = api.post(f"/queues/{q}/subscriptions", body={"subscriber": "http://example.invalid/hook", "ttl": 3600})
    assert r.status_code == 201, (r.status_code, r.text)
    return r.json()["subscription_id"]


def subscriptions(api, q):
    return assert_json(api.get(f"/queues/{q}/subscriptions"), 200)["subscriptions"]


def test_purge_messages_only(api, q):
    sid = fill(api, q)
    assert_no_body(api.post(f"/queues/{q}/purge", body={"resource_types": ["messages"]}), 204)
    assert api.counts(q) == ZEROS
    assert [s["id"] for s in subscriptions(api, q)] == [sid]
    assert api.metadata(q)["keep"] == "me"


def test_purge_subscriptions_only(api, q):
    fill(api, q)
    before = api.counts(q)
    assert_no_body(api.post(f"/queues/{q}/purge", body={"resource_types": ["subscriptions"]}), 204)
    assert subscriptions(api, q) == []
    assert api.counts(q) == before == {"free": 22, "claimed": 3, "delayed": 1, "total": 26}


def test_purge_both_explicitly(api, q):
    fill(api, q)
    assert_no_body(api.post(f"/queues/{q}/purge", body={"resource_types": ["messages", "subscriptions"]}), 204)
    assert api.counts(q) == ZEROS
    assert subscriptions(api, q) == []


def test_purge_without_body_purges_both(api, q):
    fill(api, q)
    assert_no_body(api.post(f"/queues/{q}/purge"), 204)
    assert api.counts(q) == ZEROS
    assert subscriptions(api, q) == []
    # the queue itself stays, with its metadata
    assert [x["name"] for x in assert_json(api.get("/queues"), 200)["queues"]] == [q]
    assert api.metadata(q)["keep"] == "me"


def test_purge_missing_queue_204(api, q):
    assert_no_body(api.post(f"/queues/{q}/purge", body={"resource_types": ["messages"]}), 204)


def test_purged_queue_still_usable(api, q):
    fill(api, q)
    api.post(f"/queues/{q}/purge")
    (mid,) = api.post_messages(q, [{"body": "fresh"}])
    _, got = api.claim(q)
    assert [m["id"] for m in got] == [mid]


@pytest.mark.parametrize("body", [
    {"resource_types": ["messages", "queues"]},
    {"resource_types": ["nonsense"]},
    {"resource_types": "messages"},
    {"other": ["messages"]},
    [],
], ids=["extra-type", "unknown-type", "not-a-list", "no-resource-types", "array"])
def test_purge_bad_body_400_nothing_purged(api, q, body):
    sid = fill(api, q)
    assert_err(api.post(f"/queues/{q}/purge", body=body), 400)
    assert api.counts(q)["total"] == 26
    assert [s["id"] for s in subscriptions(api, q)] == [sid]


def test_purge_bad_type_description(api, q):
    doc = assert_err(api.post(f"/queues/{q}/purge", body={"resource_types": ["queues"]}), 400)
    assert doc["description"].startswith("Resource types must be a sub set of"), doc


def test_purge_not_in_v11(api11, q):
    api11.create_queue(q)
    r = api11.post(f"/queues/{q}/purge", body={"resource_types": ["messages"]})
    assert_err(r, 404)
