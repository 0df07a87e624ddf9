"""Messages under /v2 and /v1.1 (notes §1.3; decisions: lazy queues, pop shape, delay on
every v2 queue)."""

import json

import pytest

from cq2 import (
    HEX24,
    POPPED_KEYS,
    RACKSPACE_MAX_MESSAGES,
    ZAQAR_MAX,
    assert_err,
    assert_json,
    assert_message,
    assert_no_body,
    ids_of,
    location_path,
    message_id_of,
    next_params,
)

EMPTY = {"messages": [], "links": []}


def get_one(api, q, mid):
    return assert_json(api.get(f"/queues/{q}/messages/{mid}"), 200)


def names(api):
    return [x["name"] for x in assert_json(api.get("/queues"), 200)["queues"]]


# =============================================================================================
# POST
# =============================================================================================


@pytest.mark.parametrize("version", ["v2", "v1.1"])
def test_post_201_resources_and_location(api, q, version):
    a = api.clone(version=version)
    r = a.post(f"/queues/{q}/messages", body={"messages": [{"ttl": 300, "body": {"a": 1}}, {"body": "x"}]})
    doc = assert_json(r, 201)
    assert set(doc) == {"resources"}, doc
    hrefs = doc["resources"]
    assert len(hrefs) == 2
    ids = [message_id_of(h) for h in hrefs]
    for h, mid in zip(hrefs, ids):
        assert HEX24.match(mid), h
        assert h == f"/{version}/queues/{q}/messages/{mid}", h
    assert len(set(ids)) == 2
    path, query = location_path(r)
    assert path == f"/{version}/queues/{q}/messages", path
    assert query == "ids=" + ",".join(ids), query


def test_post_bodies_round_trip_any_json(api, q):
    bodies = [{"a": [1, 2, {"b": None}]}, "text", 42, 1.5, True, None, [], {}, "ü€\u2028"]
    ids = api.post_messages(q, [{"body": b} for b in bodies])
    for mid, body in zip(ids, bodies):
        assert_message(get_one(api, q, mid), q, mid=mid, body=body)


def test_post_creates_missing_queue(api, q):
    assert names(api) == []
    api.post_messages(q, [{"body": 1}])
    assert names(api) == [q]


def test_post_bare_array_400(api, q):
    r = api.post(f"/queues/{q}/messages", body=[{"ttl": 60, "body": 1}])
    assert_err(r, 400, description="No messages were found in the request body.")
    assert api.counts(q)["total"] == 0


def test_post_empty_bare_array_400(api, q):
    assert_err(api.post(f"/queues/{q}/messages", body=[]), 400)


def test_post_empty_messages_list_400(api, q):
    r = api.post(f"/queues/{q}/messages", body={"messages": []})
    # Zaqar says "No messages to enqueu."; docs/api-v2.md fixes the typo (a documented deviation)
    assert_err(r, 400)
    assert api.counts(q)["total"] == 0


def test_post_without_request_body_400(api, q):
    assert_err(api.post(f"/queues/{q}/messages", headers={"Content-Type": "application/json"}), 400)
    assert api.counts(q)["total"] == 0


def test_post_message_without_body_field_400(api, q):
    r = api.post(f"/queues/{q}/messages", body={"messages": [{"ttl": 60}]})
    assert_err(r, 400, description='Missing "body" field.')


def test_post_one_bad_message_rejects_the_whole_batch(api, q):
    r = api.post(f"/queues/{q}/messages", body={"messages": [{"body": 1}, {"ttl": 10, "body": 2}]})
    assert_err(r, 400)
    assert api.counts(q)["total"] == 0


@pytest.mark.parametrize("messages", [{"body": 1}, "x", [1], None], ids=["object", "string", "array-of-number", "null"])
def test_post_messages_member_not_a_list_of_objects_400(api, q, messages):
    assert_err(api.post(f"/queues/{q}/messages", body={"messages": messages}), 400)


@pytest.mark.parametrize("version", ["v2", "v1.1"])
def test_post_default_ttl_3600(api, q, version):
    a = api.clone(version=version)
    (mid,) = a.post_messages(q, [{"body": 1}])
    assert_message(get_one(a, q, mid), q, version=version, mid=mid, ttl=3600)


def test_post_queue_default_message_ttl_applies(api, q):
    api.create_queue(q, metadata={"_default_message_ttl": 120})
    a, b = api.post_messages(q, [{"body": 1}, {"ttl": 500, "body": 2}])
    assert get_one(api, q, a)["ttl"] == 120
    assert get_one(api, q, b)["ttl"] == 500


@pytest.mark.parametrize("ttl", [59, 1209601, 0, -1, "300", 300.5, None], ids=str)
def test_post_ttl_out_of_range_or_not_int_400(api, q, ttl):
    assert_err(api.post(f"/queues/{q}/messages", body={"messages": [{"ttl": ttl, "body": 1}]}), 400)
    assert api.counts(q)["total"] == 0


@pytest.mark.parametrize("ttl", [60, 1209600])
def test_post_ttl_bounds_accepted(api, q, ttl):
    (mid,) = api.post_messages(q, [{"ttl": ttl, "body": 1}])
    assert get_one(api, q, mid)["ttl"] == ttl


def test_post_queue_max_messages_post_size_enforced(api, q):
    api.create_queue(q, metadata={"_max_messages_post_size": 100})
    small = json.dumps({"messages": [{"body": "a"}]}).encode()
    assert len(small) <= 100
    r = api.post(f"/queues/{q}/messages", data=small, headers={"Content-Type": "application/json"})
    assert r.status_code == 201, (r.status_code, r.text)
    big = json.dumps({"messages": [{"body": "x" * 100}]}).encode()
    assert len(big) > 100
    r = api.post(f"/queues/{q}/messages", data=big, headers={"Content-Type": "application/json"})
    assert_err(r, 400)
    assert api.counts(q)["total"] == 1


def test_post_queue_limit_cannot_raise_the_global_one(api, q):
    api.create_queue(q, metadata={"_max_messages_post_size": 262144})
    data = json.dumps({"messages": [{"body": "x" * 262144}]}).encode()
    assert_err(api.post(f"/queues/{q}/messages", data=data, headers={"Content-Type": "application/json"}), 400)


def test_post_size_limit_is_the_whole_request(api, q):
    data = json.dumps({"messages": [{"body": "x" * 1000} for _ in range(300)]}).encode()
    assert len(data) > 262144
    assert_err(api.post(f"/queues/{q}/messages", data=data, headers={"Content-Type": "application/json"}), 400)
    assert api.counts(q)["total"] == 0


def test_post_without_content_type_parsed_as_json(api, q):
    r = api.post(f"/queues/{q}/messages", data=b'{"messages": [{"body": 7}]}')
    assert assert_json(r, 201)
    assert api.counts(q)["total"] == 1


def test_post_unknown_members_ignored(api, q):
    (mid,) = api.post_messages(q, [{"body": 1, "colour": "red"}])
    assert_message(get_one(api, q, mid), q, mid=mid, body=1)


def test_post_bad_queue_name_400(api):
    assert_err(api.post("/queues/bad*name/messages", body={"messages": [{"body": 1}]}), 400,
               "Invalid queue identification")


# =============================================================================================
# GET (list)
# =============================================================================================


@pytest.mark.parametrize("version", ["v2", "v1.1"])
def test_list_missing_queue_200_empty(api, q, version):
    assert assert_json(api.clone(version=version).get(f"/queues/{q}/messages"), 200) == EMPTY


def test_list_existing_empty_queue_200_empty(api, q):
    api.create_queue(q)
    assert assert_json(api.get(f"/queues/{q}/messages", query="echo=true"), 200) == EMPTY


def test_list_message_objects_and_next_link(api, q):
    ids = api.post_messages(q, [{"ttl": 100 + i, "body": {"i": i}} for i in range(3)])
    doc = api.list_page(q, "echo=true")
    assert set(doc) == {"messages", "links"}
    assert ids_of(doc["messages"]) == ids
    for i, m in enumerate(doc["messages"]):
        assert_message(m, q, mid=ids[i], ttl=100 + i, body={"i": i})
    path, params = next_params(doc)
    assert path == f"/v2/queues/{q}/messages"
    assert params["marker"]
    assert api.follow(doc["links"][0]["href"]).json() == EMPTY


def test_list_echo_false_hides_own_messages(api, other, q):
    api.post_messages(q, [{"body": "mine"}])
    assert api.list_page(q) == EMPTY
    assert api.list_page(q, "echo=false") == EMPTY
    assert [m["body"] for m in api.list_page(q, "echo=true")["messages"]] == ["mine"]
    assert [m["body"] for m in other.list_page(q)["messages"]] == ["mine"]


def test_list_default_page_10(api, q):
    api.post_n(q, 12)
    assert len(api.list_page(q, "echo=true")["messages"]) == 10


@pytest.mark.parametrize("limit", ["0", "21", "-3", "x"])
def test_list_limit_out_of_range_400_zaqar(api, q, limit):
    assert_err(api.get(f"/queues/{q}/messages", query="limit=" + limit), 400)


def test_list_limit_rackspace_profile_100(rs, q):
    rs.post_n(q, 101, batch=50)
    assert len(rs.list_page(q, "echo=true&limit=%d" % RACKSPACE_MAX_MESSAGES)["messages"]) == 100
    assert_err(rs.get(f"/queues/{q}/messages", query="limit=101"), 400)


def test_list_paging_by_marker_never_repeats_or_skips(api, q):
    ids = api.post_n(q, 47)
    seen = []
    doc = api.list_page(q, "echo=true&limit=7")
    pages = 0
    while doc["messages"]:
        assert len(doc["messages"]) <= 7
        seen += ids_of(doc["messages"])
        pages += 1
        assert pages < 20
        doc = assert_json(api.follow(doc["links"][0]["href"]), 200)
    assert doc == EMPTY
    assert seen == ids
    assert pages == 7


def test_list_marker_of_first_message_does_not_restart(api, q):
    # Zaqar-on-Redis restarts from 0 when the marker is the first message (rank 0): not here
    api.post_n(q, 3)
    first = api.list_page(q, "echo=true&limit=1")
    _, params = next_params(first)
    second = api.list_page(q, "echo=true&limit=1&marker=" + params["marker"])
    assert ids_of(second["messages"]) != ids_of(first["messages"])
    assert len(second["messages"]) == 1


def test_list_marker_may_be_a_message_id(api, q):
    """openstacksdk pages with marker = the last message's id (Zaqar on Redis takes ids as
    markers): the page after a message id is the messages after that message."""
    ids = api.post_n(q, 5)
    doc = api.list_page(q, "echo=true&limit=2&marker=" + ids[1])
    assert ids_of(doc["messages"]) == ids[2:4]
    doc = api.list_page(q, "echo=true&limit=10&marker=" + ids[4])
    assert doc == EMPTY


def test_list_sees_messages_posted_while_paging(api, q):
    api.post_n(q, 3)
    doc = api.list_page(q, "echo=true&limit=3")
    late = api.post_messages(q, [{"body": "late"}])
    doc = assert_json(api.follow(doc["links"][0]["href"]), 200)
    assert ids_of(doc["messages"]) == late


def test_list_include_claimed_and_claimed_href(api, q):
    ids = api.post_messages(q, [{"body": i} for i in range(5)])
    cid, got = api.claim(q, ttl=60, limit=2)
    assert ids_of(got) == ids[:2]
    assert ids_of(api.list_page(q, "echo=true")["messages"]) == ids[2:]
    doc = api.list_page(q, "echo=true&include_claimed=true")
    assert ids_of(doc["messages"]) == ids
    for m in doc["messages"]:
        assert_message(m, q, claim_id=cid if m["id"] in ids[:2] else None)


def test_list_include_claimed_without_marker_works(api, q):
    # Zaqar-on-Redis answers 503 here (zrank with None): we must not
    api.post_messages(q, [{"body": 1}])
    api.claim(q, ttl=60)
    assert len(api.list_page(q, "include_claimed=true&echo=true")["messages"]) == 1


# =============================================================================================
# GET ?ids= and GET one
# =============================================================================================


def test_get_by_ids_200_subset(api, q):
    ids = api.post_messages(q, [{"body": i} for i in range(3)])
    unknown = "0" * 24
    r = api.get(f"/queues/{q}/messages", query="ids=" + ",".join([ids[0], unknown, ids[2]]))
    doc = assert_json(r, 200)
    assert set(doc) == {"messages"}, doc
    assert sorted(ids_of(doc["messages"])) == sorted([ids[0], ids[2]])
    for m in doc["messages"]:
        assert_message(m, q, body=ids.index(m["id"]))


def test_get_by_ids_shows_claim_in_href(api, q):
    (mid,) = api.post_messages(q, [{"body": 1}])
    cid, _ = api.claim(q, ttl=60)
    doc = assert_json(api.get(f"/queues/{q}/messages", query="ids=" + mid), 200)
    assert_message(doc["messages"][0], q, mid=mid, claim_id=cid)


def test_get_by_ids_none_found_404(api, q):
    api.post_messages(q, [{"body": 1}])
    assert_err(api.get(f"/queues/{q}/messages", query="ids=" + "0" * 24 + "," + "1" * 24), 404)


def test_get_by_ids_missing_queue_404(api, q):
    assert api.list_page(q) == EMPTY
    assert_err(api.get(f"/queues/{q}/messages", query="ids=" + "0" * 24), 404)


def test_get_by_ids_more_than_20_400_zaqar(api, q):
    ids = ["%024x" % i for i in range(ZAQAR_MAX + 1)]
    assert_err(api.get(f"/queues/{q}/messages", query="ids=" + ",".join(ids)), 400)
    assert_err(api.get(f"/queues/{q}/messages", query="ids=" + ",".join(ids[:ZAQAR_MAX])), 404)


def test_get_by_ids_more_than_100_400_rackspace(rs, q):
    ids = ["%024x" % i for i in range(RACKSPACE_MAX_MESSAGES + 1)]
    assert_err(rs.get(f"/queues/{q}/messages", query="ids=" + ",".join(ids)), 400)
    assert_err(rs.get(f"/queues/{q}/messages", query="ids=" + ",".join(ids[:100])), 404)


def test_get_one_200(api, q):
    (mid,) = api.post_messages(q, [{"ttl": 200, "body": {"k": "v"}}])
    assert_message(get_one(api, q, mid), q, mid=mid, ttl=200, body={"k": "v"})


def test_get_one_v11(api11, q):
    (mid,) = api11.post_messages(q, [{"body": 1}])
    assert_message(get_one(api11, q, mid), q, version="v1.1", mid=mid, body=1)


@pytest.mark.parametrize("mid", ["0" * 24, "not-an-id"])
def test_get_one_missing_404(api, q, mid):
    api.post_messages(q, [{"body": 1}])
    assert_err(api.get(f"/queues/{q}/messages/{mid}"), 404)


def test_get_one_claimed_href_has_claim_id(api, q):
    (mid,) = api.post_messages(q, [{"body": 1}])
    cid, _ = api.claim(q, ttl=60)
    assert_message(get_one(api, q, mid), q, mid=mid, claim_id=cid)


# =============================================================================================
# DELETE ?ids= / ?pop=
# =============================================================================================


def test_bulk_delete_ids_204(api, q):
    ids = api.post_messages(q, [{"body": i} for i in range(4)])
    assert_no_body(api.delete(f"/queues/{q}/messages", query="ids=" + ",".join(ids[:2] + ["0" * 24])), 204)
    assert ids_of(api.list_all(q)) == ids[2:]


def test_bulk_delete_ids_missing_queue_204(api, q):
    assert_no_body(api.delete(f"/queues/{q}/messages", query="ids=" + "0" * 24), 204)


def test_bulk_delete_more_than_20_ids_400_zaqar(api, q):
    ids = ["%024x" % i for i in range(ZAQAR_MAX + 1)]
    assert_err(api.delete(f"/queues/{q}/messages", query="ids=" + ",".join(ids)), 400)


def test_pop_200_shape_fifo(api, q):
    ids = api.post_messages(q, [{"ttl": 300, "body": {"n": i}} for i in range(5)])
    r = api.delete(f"/queues/{q}/messages", query="pop=3")
    doc = assert_json(r, 200)
    assert set(doc) == {"messages"}, doc
    popped = doc["messages"]
    assert [m["id"] for m in popped] == ids[:3]
    for i, m in enumerate(popped):
        assert set(m) == POPPED_KEYS, m
        assert m["body"] == {"n": i}
        assert m["ttl"] == 300
        assert type(m["age"]) is int and m["age"] >= 0
        assert type(m["claim_count"]) is int and m["claim_count"] >= 0
    assert ids_of(api.list_all(q)) == ids[3:]
    assert api.counts(q) == {"free": 2, "claimed": 0, "delayed": 0, "total": 2}


def test_pop_more_than_available_returns_the_rest(api, q):
    ids = api.post_messages(q, [{"body": i} for i in range(2)])
    doc = assert_json(api.delete(f"/queues/{q}/messages", query="pop=5"), 200)
    assert [m["id"] for m in doc["messages"]] == ids
    assert api.counts(q)["total"] == 0


@pytest.mark.parametrize("version", ["v2", "v1.1"])
def test_pop_empty_queue_200_empty_list(api, q, version):
    a = api.clone(version=version)
    assert assert_json(a.delete(f"/queues/{q}/messages", query="pop=2"), 200) == {"messages": []}
    a.create_queue(q)
    assert assert_json(a.delete(f"/queues/{q}/messages", query="pop=2"), 200) == {"messages": []}


def test_pop_skips_claimed_messages(api, q):
    ids = api.post_messages(q, [{"body": i} for i in range(3)])
    api.claim(q, ttl=60, limit=1)
    doc = assert_json(api.delete(f"/queues/{q}/messages", query="pop=5"), 200)
    assert [m["id"] for m in doc["messages"]] == ids[1:]
    assert api.counts(q) == {"free": 0, "claimed": 1, "delayed": 0, "total": 1}


def test_pop_and_ids_together_400(api, q):
    (mid,) = api.post_messages(q, [{"body": 1}])
    r = api.delete(f"/queues/{q}/messages", query=f"ids={mid}&pop=1")
    assert_err(r, 400, description="pop and id params cannot be present together in the delete request.")
    assert api.counts(q)["total"] == 1


def test_delete_neither_ids_nor_pop_400(api, q):
    r = api.delete(f"/queues/{q}/messages")
    assert_err(r, 400, description='The request should have either "ids" or "pop" parameter in the request, '
                                   'to be able to delete.')


@pytest.mark.parametrize("pop", ["0", "21", "-1", "x"])
def test_pop_out_of_range_400_zaqar(api, q, pop):
    api.post_messages(q, [{"body": 1}])
    assert_err(api.delete(f"/queues/{q}/messages", query="pop=" + pop), 400)
    assert api.counts(q)["total"] == 1


def test_pop_20_ok_zaqar(api, q):
    api.post_n(q, 25)
    doc = assert_json(api.delete(f"/queues/{q}/messages", query="pop=20"), 200)
    assert len(doc["messages"]) == 20
    assert api.counts(q)["total"] == 5


# =============================================================================================
# DELETE one, with the claim rules
# =============================================================================================


def test_delete_unclaimed_without_claim_204(api, q):
    (mid,) = api.post_messages(q, [{"body": 1}])
    assert_no_body(api.delete(f"/queues/{q}/messages/{mid}"), 204)
    assert_err(api.get(f"/queues/{q}/messages/{mid}"), 404)


def test_delete_missing_message_204(api, q):
    assert_no_body(api.delete(f"/queues/{q}/messages/{'0' * 24}"), 204)


def test_delete_claimed_without_claim_id_403(api, q):
    (mid,) = api.post_messages(q, [{"body": 1}])
    api.claim(q, ttl=60)
    r = api.delete(f"/queues/{q}/messages/{mid}")
    assert_err(r, 403, description="This message is claimed; it cannot be deleted without a valid claim ID.")
    assert api.counts(q)["claimed"] == 1


def test_delete_claimed_with_wrong_claim_id_400(api, q):
    (mid,) = api.post_messages(q, [{"body": 1}])
    api.claim(q, ttl=60)
    assert_err(api.delete(f"/queues/{q}/messages/{mid}", query="claim_id=" + "0" * 24), 400)
    assert api.counts(q)["claimed"] == 1


def test_delete_unclaimed_with_a_claim_id_400(api, q):
    (mid,) = api.post_messages(q, [{"body": 1}])
    cid, _ = api.claim(q, ttl=60)
    api.release(q, cid)
    assert_err(api.delete(f"/queues/{q}/messages/{mid}", query="claim_id=" + cid), 400)
    assert api.counts(q)["free"] == 1


def test_delete_with_its_claim_204(api, q):
    (mid,) = api.post_messages(q, [{"body": 1}])
    cid, got = api.claim(q, ttl=60)
    assert got[0]["href"].endswith("?claim_id=" + cid)
    assert_no_body(api.delete(got[0]["href"].split("/v2", 1)[1].split("?")[0], query="claim_id=" + cid), 204)
    assert api.counts(q)["total"] == 0


def test_delete_with_another_live_claim_403(api, q):
    # Zaqar: the claim exists but does not hold this message (MessageNotClaimedBy, a NotPermitted)
    a, b = api.post_messages(q, [{"body": 1}, {"body": 2}])
    ca, _ = api.claim(q, ttl=60, limit=1)
    cb, _ = api.claim(q, ttl=60, limit=1)
    assert_err(api.delete(f"/queues/{q}/messages/{a}", query="claim_id=" + cb), 403)
    assert_no_body(api.delete(f"/queues/{q}/messages/{a}", query="claim_id=" + ca), 204)
