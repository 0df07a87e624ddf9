"""§6.16 POST …/claims, §6.17 GET, §6.18 PATCH, §6.19 DELETE; §7.9 claims, §7.10 grace; §14."""

import json
import re

import pytest

from cq import (
    CLAIM_KEYS,
    HEX24,
    MAX_MESSAGES_PER_PAGE,
    Api,
    assert_error,
    assert_json_ct,
    assert_message_obj,
    assert_no_body,
    claim_id_of,
    ids_of,
    new_project,
    new_queue_name,
)

CLAIM = {"ttl": 60, "grace": 60}


def claim_raw(api, q, body=None, query=None, **kw):
    return api.post(f"/queues/{q}/claims", query=query, body=CLAIM if body is None else body, **kw)


def msg_exists(api, q, mid):
    r = api.get(f"/queues/{q}/messages/{mid}")
    assert r.status_code in (200, 404)
    return r.status_code == 200


# =============================================================================================
# POST …/claims (§6.16)
# =============================================================================================


def test_claim_create_201_location_and_bare_array(api, other, queue):
    ids = other.post_messages(queue, [{"ttl": 300, "body": {"n": i}} for i in range(3)])
    r = claim_raw(api, queue)
    assert r.status_code == 201, r.text
    assert_json_ct(r)
    loc = r.headers["Location"]
    m = re.fullmatch(rf"/v1/queues/{queue}/claims/([0-9a-f]{{24}})", loc)
    assert m, loc
    cid = m.group(1)
    doc = r.json()
    assert isinstance(doc, list) and len(doc) == 3
    for i, msg in enumerate(doc):
        assert_message_obj(msg, queue, mid=ids[i], claim_id=cid)
        assert msg["body"] == {"n": i}
        assert claim_id_of(msg["href"]) == cid
    assert ids_of(doc) == ids  # oldest first


def test_claim_create_path_form_201_location_without_project(api_path, queue):
    api_path.post_n(queue, 2)
    r = claim_raw(api_path, queue)
    assert r.status_code == 201
    assert re.fullmatch(rf"/v1/queues/{queue}/claims/[0-9a-f]{{24}}", r.headers["Location"])
    assert api_path.project not in r.text
    for msg in r.json():
        assert msg["href"].startswith(f"/v1/queues/{queue}/messages/")


def test_claim_create_204_empty_queue(api, queue):
    r = claim_raw(api, queue)
    assert_no_body(r, 204)
    assert "Location" not in r.headers


def test_claim_create_204_missing_queue(api):
    r = claim_raw(api, new_queue_name())
    assert_no_body(r, 204)
    assert "Location" not in r.headers


def test_claim_create_204_missing_queue_path_form(api_path):
    assert_no_body(claim_raw(api_path, new_queue_name()), 204)


def test_claim_create_204_everything_claimed(api, queue):
    api.post_n(queue, 3)
    cid, got = api.claim(queue)
    assert len(got) == 3
    r = claim_raw(api, queue)
    assert_no_body(r, 204)
    assert "Location" not in r.headers


def test_claim_create_default_limit_10(api, queue):
    ids = api.post_n(queue, 12)
    cid, got = api.claim(queue)
    assert got == ids[:10]


@pytest.mark.parametrize("limit", [1, 3, MAX_MESSAGES_PER_PAGE])
def test_claim_create_limit_query(api, queue, limit):
    ids = api.post_n(queue, limit + 2, batch=200)
    cid, got = api.claim(queue, limit=limit)
    assert got == ids[:limit]


def test_claim_create_limit_in_body(api, queue):
    # python-marconiclient sends the limit in the body
    ids = api.post_n(queue, 6)
    cid, got = api.claim(queue, body_extra={"limit": 4})
    assert got == ids[:4]


@pytest.mark.parametrize("value", [None, "4", 2.5, True, [], {}])
def test_claim_create_body_limit_not_integer_means_not_given(api, queue, value):
    # python-marconiclient 0.0.2 sends {"ttl": 60, "grace": 60, "limit": null} when its caller
    # gives no limit: anything but an integer is an ignored member, so the default applies.
    ids = api.post_n(queue, 12)
    cid, got = api.claim(queue, body_extra={"limit": value})
    assert got == ids[:10]


def test_claim_create_limit_query_wins_over_body(api, queue):
    ids = api.post_n(queue, 6)
    cid, got = api.claim(queue, limit=2, body_extra={"limit": 5})
    assert got == ids[:2]


def test_claim_create_includes_own_messages(api, queue):
    ids = api.post_n(queue, 2)
    cid, got = api.claim(queue)
    assert got == ids


def test_claim_create_client_id_not_required(api, queue):
    api.post_n(queue, 1)
    r = claim_raw(api, queue, headers={"Client-ID": None})
    assert r.status_code == 201


def test_claim_create_fifo_across_claims(api, queue):
    ids = api.post_n(queue, 7)
    got = []
    for _ in range(4):
        cid, part = api.claim(queue, limit=2)
        got += part
    assert got == ids
    assert claim_raw(api, queue).status_code == 204


def test_claim_create_extra_members_ignored(api, queue):
    api.post_n(queue, 1)
    r = claim_raw(api, queue, body={"ttl": 60, "grace": 60, "foo": [1, 2], "id": "x"})
    assert r.status_code == 201


@pytest.mark.parametrize("ttl,grace", [(60, 60), (43200, 43200), (60, 43200), (43200, 60), (61, 61)])
def test_claim_create_ttl_grace_in_range_accepted(api, queue, ttl, grace):
    api.post_n(queue, 1)
    r = claim_raw(api, queue, body={"ttl": ttl, "grace": grace})
    assert r.status_code == 201, (r.status_code, r.text)
    cid = r.headers["Location"].rsplit("/", 1)[1]
    assert api.get(f"/queues/{queue}/claims/{cid}").json()["ttl"] == ttl


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"grace": 60}, id="missing-ttl"),
        pytest.param({"ttl": 60}, id="missing-grace"),
        pytest.param({}, id="empty-object"),
        pytest.param({"ttl": 59, "grace": 60}, id="ttl-59"),
        pytest.param({"ttl": 43201, "grace": 60}, id="ttl-43201"),
        pytest.param({"ttl": 60, "grace": 59}, id="grace-59"),
        pytest.param({"ttl": 60, "grace": 43201}, id="grace-43201"),
        pytest.param({"ttl": "60", "grace": 60}, id="ttl-string"),
        pytest.param({"ttl": 60.0, "grace": 60}, id="ttl-float"),
        pytest.param({"ttl": True, "grace": 60}, id="ttl-true"),
        pytest.param({"ttl": None, "grace": 60}, id="ttl-null"),
        pytest.param({"ttl": 60, "grace": "60"}, id="grace-string"),
        pytest.param({"ttl": 60, "grace": None}, id="grace-null"),
        pytest.param([], id="array"),
        pytest.param([{"ttl": 60, "grace": 60}], id="array-of-object"),
        pytest.param("x", id="string"),
        pytest.param(60, id="number"),
        pytest.param(None, id="null"),
    ],
)
def test_claim_create_400_bad_body(api, queue, body):
    api.post_n(queue, 1)
    r = api.post(f"/queues/{queue}/claims", data=json.dumps(body).encode(),
                 headers={"Content-Type": "application/json"})
    assert_error(r, 400)
    assert api.stats(queue)["claimed"] == 0


@pytest.mark.parametrize("data", [b"", b"{", b"not json", b"{'ttl': 60}"])
def test_claim_create_400_empty_or_invalid_json(api, queue, data):
    api.post_n(queue, 1)
    assert_error(api.post(f"/queues/{queue}/claims", data=data, headers={"Content-Type": "application/json"}), 400)


@pytest.mark.parametrize("limit", ["0", "-1", "abc", "1.5", str(MAX_MESSAGES_PER_PAGE + 1)])
def test_claim_create_400_bad_limit(api, queue, limit):
    api.post_n(queue, 1)
    assert_error(claim_raw(api, queue, query="limit=" + limit), 400)
    assert api.stats(queue)["claimed"] == 0


@pytest.mark.parametrize("name", ["a" * 65, "with.dot", "%C3%A9"], ids=["65-chars", "dot", "non-ascii"])
def test_claim_create_400_invalid_queue_name(api, name):
    assert_error(claim_raw(api, name), 400, "Invalid queue identification")


def test_claim_create_ids_distinct(api, queue):
    api.post_n(queue, 6)
    cids = [api.claim(queue, limit=2)[0] for _ in range(3)]
    assert all(HEX24.match(c) for c in cids)
    assert len(set(cids)) == 3


def test_claim_create_never_takes_expired_messages(api, queue, inspector):
    ids = api.post_n(queue, 3)
    inspector.expire_message(api.project, queue, ids[0])
    inspector.expire_message(api.project, queue, ids[2])
    cid, got = api.claim(queue)
    assert got == [ids[1]]
    assert claim_raw(api, queue).status_code == 204


def test_claim_create_204_when_only_expired_messages(api, queue, inspector):
    (mid,) = api.post_n(queue, 1)
    inspector.expire_message(api.project, queue, mid)
    assert_no_body(claim_raw(api, queue), 204)


def test_claim_create_trailing_slash(api, queue):
    api.post_n(queue, 1)
    assert api.post(f"/queues/{queue}/claims/", body=CLAIM).status_code == 201


# ---- grace / message life extension (§6.16, §7.10) --------------------------------------------


def test_claim_grace_keeps_claimed_message_alive_past_its_ttl(api, other, queue, inspector):
    (mid,) = api.post_n(queue, 1, ttl=60)
    cid, got = api.claim(queue, ttl=60, grace=60)
    assert got == [mid]
    # 90 s later: the message's own ttl (60) is over and the claim (60) has lapsed, but grace
    # keeps the message alive until claim end + grace (120).
    inspector.time_travel(api.project, queue, 90)
    assert msg_exists(api, queue, mid)
    assert api.stats(queue)["free"] == 1
    assert_error(api.get(f"/queues/{queue}/claims/{cid}"), 404, "Not found")
    assert ids_of(other.get(f"/queues/{queue}/messages").json()["messages"]) == [mid]
    # 130 s after the claim: gone
    inspector.time_travel(api.project, queue, 40)
    assert not msg_exists(api, queue, mid)
    assert_no_body(claim_raw(api, queue), 204)
    assert api.get(f"/queues/{queue}/stats").json() == {"messages": {"claimed": 0, "free": 0, "total": 0}}


def test_claim_extends_message_expiry_to_claim_end_plus_grace(api, queue, inspector):
    (mid,) = api.post_n(queue, 1, ttl=60)
    before = inspector.now_ms()
    cid, _ = api.claim(queue, ttl=300, grace=120)
    expires = inspector.message_expires_ms(api.project, queue, mid)
    assert expires >= before + (300 + 120) * 1000 - 1000, (expires - before)


def test_claim_does_not_shorten_longer_lived_messages(api, queue, inspector):
    (mid,) = api.post_n(queue, 1, ttl=1209600)
    expires_before = inspector.message_expires_ms(api.project, queue, mid)
    cid, _ = api.claim(queue, ttl=60, grace=60)
    assert inspector.message_expires_ms(api.project, queue, mid) == expires_before
    assert api.get(f"/queues/{queue}/messages/{mid}").json()["ttl"] == 1209600


# =============================================================================================
# GET …/claims/{cid} (§6.17)
# =============================================================================================


def test_claim_get_200_exact_shape_content_location(api, queue):
    ids = api.post_messages(queue, [{"ttl": 300, "body": "a"}, {"ttl": 300, "body": ["b"]}])
    cid, _ = api.claim(queue, ttl=120, grace=60)
    r = api.get(f"/queues/{queue}/claims/{cid}")
    assert r.status_code == 200
    assert_json_ct(r)
    assert r.headers["Content-Location"] == f"/v1/queues/{queue}/claims/{cid}"
    doc = r.json()
    assert set(doc) == CLAIM_KEYS
    assert doc["href"] == f"/v1/queues/{queue}/claims/{cid}"
    assert doc["ttl"] == 120
    assert type(doc["age"]) is int and 0 <= doc["age"] < 30
    assert sorted(ids_of(doc["messages"])) == sorted(ids)
    for m in doc["messages"]:
        assert_message_obj(m, queue, claim_id=cid)
    assert {ids_of([m])[0]: m["body"] for m in doc["messages"]} == {ids[0]: "a", ids[1]: ["b"]}


def test_claim_get_age_counts_from_creation(api, queue, inspector):
    api.post_n(queue, 1)
    cid, _ = api.claim(queue, ttl=300)
    inspector.time_travel(api.project, queue, 100)
    doc = api.get(f"/queues/{queue}/claims/{cid}").json()
    assert 100 <= doc["age"] <= 130 and doc["ttl"] == 300


def test_claim_get_client_id_not_required(api, queue):
    api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    assert api.get(f"/queues/{queue}/claims/{cid}", headers={"Client-ID": None}).status_code == 200


def test_claim_get_path_form(api, api_path, queue):
    api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    r = api_path.get(f"/queues/{queue}/claims/{cid}")
    assert r.status_code == 200
    assert r.json()["href"] == f"/v1/queues/{queue}/claims/{cid}"
    assert api_path.project not in r.text
    assert r.headers["Content-Location"] in (
        f"/v1/queues/{queue}/claims/{cid}",
        f"{api_path.prefix()}/queues/{queue}/claims/{cid}",
    )
    assert_error(api_path.get(f"/queues/{queue}/claims/{'0' * 24}"), 404, "Not found")


@pytest.mark.parametrize("cid", ["0" * 24, "nope", "1", "ZZZZZZZZZZZZZZZZZZZZZZZZ"])
def test_claim_get_404_unknown_or_malformed(api, queue, cid):
    api.post_n(queue, 1)
    api.claim(queue)
    assert_error(api.get(f"/queues/{queue}/claims/{cid}"), 404, "Not found")


def test_claim_get_404_missing_queue(api):
    assert_error(api.get(f"/queues/{new_queue_name()}/claims/{'0' * 24}"), 404, "Not found")


def test_claim_get_404_lapsed(api, queue, inspector):
    api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    inspector.lapse_claim(api.project, queue, cid)
    assert_error(api.get(f"/queues/{queue}/claims/{cid}"), 404, "Not found")


def test_claim_get_404_lapsed_by_time_passing(api, queue, inspector):
    api.post_n(queue, 1, ttl=3600)
    cid, _ = api.claim(queue, ttl=60)
    inspector.time_travel(api.project, queue, 58)
    assert api.get(f"/queues/{queue}/claims/{cid}").status_code == 200
    inspector.time_travel(api.project, queue, 3)
    assert_error(api.get(f"/queues/{queue}/claims/{cid}"), 404, "Not found")


def test_claim_get_404_released(api, queue):
    api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    api.delete(f"/queues/{queue}/claims/{cid}")
    assert_error(api.get(f"/queues/{queue}/claims/{cid}"), 404, "Not found")


def test_claim_get_404_all_messages_deleted(api, queue):
    ids = api.post_n(queue, 2)
    cid, _ = api.claim(queue)
    for mid in ids:
        assert api.delete(f"/queues/{queue}/messages/{mid}", query="claim_id=" + cid).status_code == 204
    assert_error(api.get(f"/queues/{queue}/claims/{cid}"), 404, "Not found")
    assert_error(api.patch(f"/queues/{queue}/claims/{cid}", body={"ttl": 100}), 404, "Not found")
    assert_no_body(api.delete(f"/queues/{queue}/claims/{cid}"), 204)


def test_claim_get_404_all_messages_bulk_deleted(api, queue):
    ids = api.post_n(queue, 2)
    cid, _ = api.claim(queue)
    api.delete(f"/queues/{queue}/messages", query="ids=" + ",".join(ids))
    assert_error(api.get(f"/queues/{queue}/claims/{cid}"), 404, "Not found")


@pytest.mark.parametrize("name", ["a" * 65, "with.dot", "%C3%A9"], ids=["65-chars", "dot", "non-ascii"])
def test_claim_get_400_invalid_queue_name(api, name):
    assert_error(api.get(f"/queues/{name}/claims/{'0' * 24}"), 400, "Invalid queue identification")


# =============================================================================================
# PATCH …/claims/{cid} (§6.18)
# =============================================================================================


def test_claim_patch_204_updates_ttl_and_resets_age(api, queue, inspector):
    api.post_n(queue, 1, ttl=3600)
    cid, _ = api.claim(queue, ttl=60)
    inspector.time_travel(api.project, queue, 40)
    assert api.get(f"/queues/{queue}/claims/{cid}").json()["age"] >= 40
    r = api.patch(f"/queues/{queue}/claims/{cid}", body={"ttl": 300, "grace": 60})
    assert_no_body(r, 204)
    doc = api.get(f"/queues/{queue}/claims/{cid}").json()
    assert doc["ttl"] == 300
    assert doc["age"] < 20


def test_claim_patch_extends_claim(api, other, queue, inspector):
    (mid,) = api.post_n(queue, 1, ttl=3600)
    cid, _ = api.claim(queue, ttl=60)
    assert api.patch(f"/queues/{queue}/claims/{cid}", body={"ttl": 300}).status_code == 204
    inspector.time_travel(api.project, queue, 90)  # the original 60 s claim would have lapsed
    assert api.get(f"/queues/{queue}/claims/{cid}").status_code == 200
    assert api.stats(queue)["claimed"] == 1
    assert_no_body(claim_raw(api, queue), 204)
    assert_no_body(other.get(f"/queues/{queue}/messages"), 204)


def test_claim_patch_extends_message_life_with_grace(api, queue, inspector):
    (mid,) = api.post_n(queue, 1, ttl=60)
    cid, _ = api.claim(queue, ttl=60, grace=60)
    assert api.patch(f"/queues/{queue}/claims/{cid}", body={"ttl": 300, "grace": 60}).status_code == 204
    inspector.time_travel(api.project, queue, 340)  # claim (300) lapsed, grace (60) keeps the message
    assert msg_exists(api, queue, mid)
    inspector.time_travel(api.project, queue, 30)
    assert not msg_exists(api, queue, mid)


def test_claim_patch_without_grace_extends_message_life_by_ttl(api, queue, inspector):
    (mid,) = api.post_n(queue, 1, ttl=60)
    cid, _ = api.claim(queue, ttl=60, grace=60)
    assert api.patch(f"/queues/{queue}/claims/{cid}", body={"ttl": 300}).status_code == 204
    inspector.time_travel(api.project, queue, 280)  # claim still live; message must be too
    assert msg_exists(api, queue, mid)
    assert api.get(f"/queues/{queue}/claims/{cid}").status_code == 200
    assert ids_of(api.get(f"/queues/{queue}/claims/{cid}").json()["messages"]) == [mid]


def test_claim_patch_client_id_not_required(api, queue):
    api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    r = api.patch(f"/queues/{queue}/claims/{cid}", body={"ttl": 100}, headers={"Client-ID": None})
    assert r.status_code == 204


def test_claim_patch_path_form_204(api, api_path, queue):
    api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    assert_no_body(api_path.patch(f"/queues/{queue}/claims/{cid}", body={"ttl": 200, "grace": 60}), 204)
    assert api.get(f"/queues/{queue}/claims/{cid}").json()["ttl"] == 200


@pytest.mark.parametrize("cid", ["0" * 24, "nope"])
def test_claim_patch_404_unknown_or_malformed(api, queue, cid):
    api.post_n(queue, 1)
    assert_error(api.patch(f"/queues/{queue}/claims/{cid}", body={"ttl": 100}), 404, "Not found")


def test_claim_patch_404_missing_queue(api):
    assert_error(api.patch(f"/queues/{new_queue_name()}/claims/{'0' * 24}", body={"ttl": 100}), 404, "Not found")


def test_claim_patch_404_lapsed_claim_not_revived(api, other, queue, inspector):
    (mid,) = api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    inspector.lapse_claim(api.project, queue, cid)
    assert_error(api.patch(f"/queues/{queue}/claims/{cid}", body={"ttl": 300}), 404, "Not found")
    assert_error(api.get(f"/queues/{queue}/claims/{cid}"), 404, "Not found")
    assert ids_of(other.get(f"/queues/{queue}/messages").json()["messages"]) == [mid]


def test_claim_patch_404_released(api, queue):
    api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    api.delete(f"/queues/{queue}/claims/{cid}")
    assert_error(api.patch(f"/queues/{queue}/claims/{cid}", body={"ttl": 300}), 404, "Not found")


PATCH_BAD = [
    pytest.param(b"", id="empty"),
    pytest.param(b"{", id="invalid-json"),
    pytest.param(b"[]", id="array"),
    pytest.param(b'"x"', id="string"),
    pytest.param(b"{}", id="missing-ttl"),
    pytest.param(b'{"grace": 60}', id="only-grace"),
    pytest.param(b'{"ttl": 59}', id="ttl-59"),
    pytest.param(b'{"ttl": 43201}', id="ttl-43201"),
    pytest.param(b'{"ttl": "100"}', id="ttl-string"),
    pytest.param(b'{"ttl": 100.0}', id="ttl-float"),
    pytest.param(b'{"ttl": null}', id="ttl-null"),
    pytest.param(b'{"ttl": 100, "grace": 59}', id="grace-59"),
    pytest.param(b'{"ttl": 100, "grace": 43201}', id="grace-43201"),
    pytest.param(b'{"ttl": 100, "grace": "x"}', id="grace-string"),
    pytest.param(b'{"ttl": 9223372036854775808}', id="ttl-overflow"),
]


@pytest.mark.parametrize("data", PATCH_BAD)
def test_claim_patch_400_bad_body(api, queue, data):
    api.post_n(queue, 1)
    cid, _ = api.claim(queue, ttl=60)
    r = api.patch(f"/queues/{queue}/claims/{cid}", data=data, headers={"Content-Type": "application/json"})
    assert_error(r, 400)
    assert api.get(f"/queues/{queue}/claims/{cid}").json()["ttl"] == 60


@pytest.mark.parametrize("data", PATCH_BAD[:3] + PATCH_BAD[6:8])
def test_claim_patch_400_checked_before_existence(api, queue, data):
    r = api.patch(f"/queues/{queue}/claims/{'0' * 24}", data=data, headers={"Content-Type": "application/json"})
    assert_error(r, 400)


@pytest.mark.parametrize("name", ["a" * 65, "with.dot", "%C3%A9"], ids=["65-chars", "dot", "non-ascii"])
def test_claim_patch_400_invalid_queue_name(api, name):
    assert_error(api.patch(f"/queues/{name}/claims/{'0' * 24}", body={"ttl": 100}), 400,
                 "Invalid queue identification")


# =============================================================================================
# DELETE …/claims/{cid} (§6.19)
# =============================================================================================


def test_claim_delete_204_releases_messages(api, other, queue):
    ids = api.post_n(queue, 3)
    cid, got = api.claim(queue, limit=2)
    assert ids_of(other.get(f"/queues/{queue}/messages").json()["messages"]) == [ids[2]]
    assert_no_body(api.delete(f"/queues/{queue}/claims/{cid}"), 204)
    assert ids_of(other.get(f"/queues/{queue}/messages").json()["messages"]) == ids
    s = api.stats(queue)
    assert (s["free"], s["claimed"], s["total"]) == (3, 0, 3)


def test_claim_delete_released_messages_reclaimed_in_fifo_order(api, queue):
    ids = api.post_n(queue, 5)
    c1, got1 = api.claim(queue, limit=2)
    c2, got2 = api.claim(queue, limit=2)
    assert got1 == ids[:2] and got2 == ids[2:4]
    api.delete(f"/queues/{queue}/claims/{c1}")
    api.delete(f"/queues/{queue}/claims/{c2}")
    c3, got3 = api.claim(queue, limit=10)
    assert got3 == ids


def test_claim_released_then_new_claim_never_takes_other_live_claim(api, queue):
    ids = api.post_n(queue, 6)
    ca, got_a = api.claim(queue, limit=2)
    cb, got_b = api.claim(queue, limit=2)
    assert got_a == ids[:2] and got_b == ids[2:4]
    assert api.delete(f"/queues/{queue}/claims/{ca}").status_code == 204
    cc, got_c = api.claim(queue, limit=10)
    assert got_c == ids[:2] + ids[4:]
    assert not set(got_c) & set(got_b)
    # B still holds its messages
    assert sorted(ids_of(api.get(f"/queues/{queue}/claims/{cb}").json()["messages"])) == sorted(got_b)
    assert_no_body(claim_raw(api, queue), 204)


def test_claim_lapsed_messages_claimable_again_fifo(api, queue, inspector):
    ids = api.post_n(queue, 4)
    c1, got1 = api.claim(queue, limit=2)
    c2, got2 = api.claim(queue, limit=1)
    inspector.lapse_claim(api.project, queue, c1)
    c3, got3 = api.claim(queue, limit=10)
    assert got3 == [ids[0], ids[1], ids[3]]
    assert_error(api.get(f"/queues/{queue}/claims/{c1}"), 404, "Not found")
    assert api.get(f"/queues/{queue}/claims/{c2}").status_code == 200


def test_claim_delete_204_unknown_malformed(api, queue):
    api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    assert_no_body(api.delete(f"/queues/{queue}/claims/{'0' * 24}"), 204)
    assert_no_body(api.delete(f"/queues/{queue}/claims/nope"), 204)
    assert api.stats(queue)["claimed"] == 1


def test_claim_delete_204_missing_queue(api):
    assert_no_body(api.delete(f"/queues/{new_queue_name()}/claims/{'0' * 24}"), 204)


def test_claim_delete_204_lapsed_and_idempotent(api, queue, inspector):
    api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    inspector.lapse_claim(api.project, queue, cid)
    assert_no_body(api.delete(f"/queues/{queue}/claims/{cid}"), 204)
    assert_no_body(api.delete(f"/queues/{queue}/claims/{cid}"), 204)
    assert api.stats(queue)["free"] == 1


def test_claim_delete_keeps_extended_expiry(api, queue, inspector):
    (mid,) = api.post_n(queue, 1, ttl=60)
    cid, _ = api.claim(queue, ttl=300, grace=60)
    extended = inspector.message_expires_ms(api.project, queue, mid)
    api.delete(f"/queues/{queue}/claims/{cid}")
    assert inspector.message_expires_ms(api.project, queue, mid) == extended


def test_claim_delete_path_form_204(api, api_path, queue):
    api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    assert_no_body(api_path.delete(f"/queues/{queue}/claims/{cid}"), 204)
    assert api.stats(queue)["claimed"] == 0


def test_claim_delete_client_id_not_required(api, queue):
    api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    assert api.delete(f"/queues/{queue}/claims/{cid}", headers={"Client-ID": None}).status_code == 204


@pytest.mark.parametrize("name", ["a" * 65, "with.dot", "%C3%A9"], ids=["65-chars", "dot", "non-ascii"])
def test_claim_delete_400_invalid_queue_name(api, name):
    assert_error(api.delete(f"/queues/{name}/claims/{'0' * 24}"), 400, "Invalid queue identification")


# ---- §14 claim ids are scoped ------------------------------------------------------------------


def test_claim_id_scoped_to_queue(api, queue):
    other_q = api.create_queue()
    api.post_n(queue, 1)
    api.post_n(other_q, 1)
    cid, _ = api.claim(queue)
    assert_error(api.get(f"/queues/{other_q}/claims/{cid}"), 404, "Not found")
    assert_error(api.patch(f"/queues/{other_q}/claims/{cid}", body={"ttl": 100}), 404, "Not found")
    assert api.delete(f"/queues/{other_q}/claims/{cid}").status_code == 204
    assert api.get(f"/queues/{queue}/claims/{cid}").status_code == 200
    assert api.stats(queue)["claimed"] == 1


def test_claim_id_scoped_to_project(api, queue, base_url):
    api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    stranger = Api(base_url, project=new_project())
    stranger.create_queue(queue)
    stranger.post_n(queue, 1)
    assert_error(stranger.get(f"/queues/{queue}/claims/{cid}"), 404, "Not found")
    assert_error(stranger.patch(f"/queues/{queue}/claims/{cid}", body={"ttl": 100}), 404, "Not found")
    assert stranger.delete(f"/queues/{queue}/claims/{cid}").status_code == 204
    assert api.get(f"/queues/{queue}/claims/{cid}").status_code == 200
    assert api.stats(queue)["claimed"] == 1
    assert stranger.stats(queue)["claimed"] == 0
