"""§6.10–§6.15 messages: post, list, get-by-ids, bulk delete, get one, delete one (incl. the
§6.15 delete-with-claim decision table, REC column); §7.3–§7.7; §14 id scoping."""

import json
import re
import uuid
from urllib.parse import urlsplit

import pytest

from cq import (
    HEX24,
    MAX_MESSAGES_PER_PAGE,
    MAX_POST_BYTES,
    MESSAGE_KEYS,
    PYRAX_MARKER,
    Api,
    assert_error,
    assert_json_ct,
    assert_message_obj,
    assert_missing_client_id,
    assert_no_body,
    ids_of,
    message_id_of,
    new_project,
    new_queue_name,
    next_href,
    next_query,
)


def post_body_of_size(n):
    prefix, suffix = b'[{"ttl":60,"body":"', b'"}]'
    pad = n - len(prefix) - len(suffix)
    assert pad >= 0
    data = prefix + b"x" * pad + suffix
    assert len(data) == n
    return data


def get_ok(api, q, mid):
    r = api.get(f"/queues/{q}/messages/{mid}")
    assert r.status_code == 200, (r.status_code, r.text)
    return r.json()


def exists(api, q, mid):
    r = api.get(f"/queues/{q}/messages/{mid}")
    assert r.status_code in (200, 404), r.status_code
    return r.status_code == 200


# =============================================================================================
# POST …/messages (§6.10)
# =============================================================================================


def test_post_201_location_and_resources_in_order(api, queue):
    msgs = [{"ttl": 60 + i, "body": {"n": i}} for i in range(3)]
    r = api.post(f"/queues/{queue}/messages", body=msgs)
    assert r.status_code == 201, r.text
    assert_json_ct(r)
    doc = r.json()
    assert set(doc) == {"partial", "resources"}
    assert doc["partial"] is False
    res = doc["resources"]
    assert len(res) == 3
    ids = []
    for href in res:
        m = re.fullmatch(rf"/v1/queues/{queue}/messages/([0-9a-f]{{24}})", href)
        assert m, href
        ids.append(m.group(1))
    assert len(set(ids)) == 3
    assert r.headers["Location"] == f"/v1/queues/{queue}/messages?ids=" + ",".join(ids)
    # resources are in submitted order
    for i, mid in enumerate(ids):
        got = get_ok(api, queue, mid)
        assert got["body"] == {"n": i} and got["ttl"] == 60 + i


def test_post_single_message_is_still_an_array_reply(api, queue):
    r = api.post(f"/queues/{queue}/messages", body=[{"ttl": 300, "body": "x"}])
    assert r.status_code == 201
    doc = r.json()
    assert doc["partial"] is False and len(doc["resources"]) == 1
    mid = message_id_of(doc["resources"][0])
    assert HEX24.match(mid)
    assert r.headers["Location"] == f"/v1/queues/{queue}/messages?ids={mid}"


def test_post_path_form_201_hrefs_without_project(api_path, queue):
    r = api_path.post(f"/queues/{queue}/messages", body=[{"ttl": 60, "body": 1}, {"ttl": 60, "body": 2}])
    assert r.status_code == 201
    assert api_path.project not in r.headers["Location"]
    assert api_path.project not in r.text
    ids = [message_id_of(h) for h in r.json()["resources"]]
    assert r.headers["Location"] == f"/v1/queues/{queue}/messages?ids=" + ",".join(ids)
    assert all(h.startswith(f"/v1/queues/{queue}/messages/") for h in r.json()["resources"])


def test_post_trailing_slash(api, queue):
    r = api.post(f"/queues/{queue}/messages/", body=[{"ttl": 60, "body": 1}])
    assert r.status_code == 201


def test_post_404_missing_queue_not_auto_created(api):
    q = new_queue_name()
    assert_error(api.post(f"/queues/{q}/messages", body=[{"ttl": 60, "body": 1}]), 404, "Not found")
    assert api.head("/queues/" + q).status_code == 404


def test_post_404_path_form(api_path):
    assert_error(api_path.post(f"/queues/{new_queue_name()}/messages", body=[{"ttl": 60, "body": 1}]), 404, "Not found")


def test_post_400_missing_client_id_exact_body(api, queue):
    r = api.post(f"/queues/{queue}/messages", body=[{"ttl": 60, "body": 1}], headers={"Client-ID": None})
    assert_missing_client_id(r)
    assert api.stats(queue)["total"] == 0


@pytest.mark.parametrize("cid", ["not-a-uuid", "1234", "g" * 32, "12345678-1234-1234-1234-1234567890123",
                                 "urn:uuid:xyz"])
def test_post_400_malformed_client_id(api, queue, cid):
    r = api.post(f"/queues/{queue}/messages", body=[{"ttl": 60, "body": 1}], headers={"Client-ID": cid})
    assert_error(r, 400, "Wrong UUID value")


def test_post_400_empty_client_id(api, queue):
    r = api.post(f"/queues/{queue}/messages", body=[{"ttl": 60, "body": 1}], headers={"Client-ID": ""})
    assert_error(r, 400)


def client_id_forms(u):
    return {
        "canonical": str(u),
        "upper": str(u).upper(),
        "hex32": u.hex,
        "braces": "{%s}" % u,
        "urn": "urn:uuid:%s" % u,
    }


@pytest.mark.parametrize("form", ["canonical", "upper", "hex32", "braces", "urn"])
def test_post_client_id_accepted_forms(api, queue, form):
    cid = client_id_forms(uuid.uuid4())[form]
    r = api.post(f"/queues/{queue}/messages", body=[{"ttl": 60, "body": 1}], headers={"Client-ID": cid})
    assert r.status_code == 201, (cid, r.status_code, r.text)


@pytest.mark.parametrize("post_form,list_form", [("braces", "urn"), ("upper", "hex32"), ("urn", "canonical"),
                                                 ("hex32", "braces")])
def test_echo_compares_128_bit_client_id_value(api, other, queue, post_form, list_form):
    u = uuid.uuid4()
    forms = client_id_forms(u)
    (mine,) = api.post_messages(queue, [{"ttl": 60, "body": "mine"}], headers={"Client-ID": forms[post_form]})
    (theirs,) = other.post_messages(queue, [{"ttl": 60, "body": "theirs"}])
    r = api.get(f"/queues/{queue}/messages", headers={"Client-ID": forms[list_form]})
    assert r.status_code == 200
    assert ids_of(r.json()["messages"]) == [theirs]
    r = api.get(f"/queues/{queue}/messages", query="echo=true", headers={"Client-ID": forms[list_form]})
    assert ids_of(r.json()["messages"]) == [mine, theirs]


BODIES = [
    {"a": {"b": [1, 2, {"c": None}]}, "k": "v"},
    [1, "two", 3.5, False, None, [], {}],
    "héllo ☃ 😀 中文 \"quoted\" back\\slash\nnewline\ttab",
    "",
    0,
    -17,
    2**63 - 1,
    -(2**63),
    3.14159,
    1.5e300,
    -0.25,
    True,
    False,
    None,
    {},
    [],
    {"ü": "中文", "emoji": "😀"},
]


def test_post_bodies_of_every_json_type_preserved_exactly(api, queue):
    ids = api.post_messages(queue, [{"ttl": 300, "body": b} for b in BODIES])
    r = api.get(f"/queues/{queue}/messages", query="limit=100&echo=true")
    assert r.status_code == 200
    got = r.json()["messages"]
    assert ids_of(got) == ids
    for m, b in zip(got, BODIES):
        assert set(m) == MESSAGE_KEYS
        assert m["body"] == b and type(m["body"]) is type(b), (m["body"], b)
    # non-ASCII is not escaped in responses
    assert "☃".encode("utf-8") in r.content and b"\\u2603" not in r.content
    assert "中文".encode("utf-8") in r.content
    # the same through get-one and get-by-ids
    for mid, b in zip(ids, BODIES):
        got1 = get_ok(api, queue, mid)["body"]
        assert got1 == b and type(got1) is type(b)
    r = api.get(f"/queues/{queue}/messages", query="ids=" + ",".join(ids))
    by_id = {message_id_of(m["href"]): m["body"] for m in r.json()}
    for mid, b in zip(ids, BODIES):
        assert by_id[mid] == b and type(by_id[mid]) is type(b)


def test_post_body_moderately_nested_preserved(api, queue):
    body = {"x": 1}
    for i in range(40):
        body = [body] if i % 2 else {"k": body}
    (mid,) = api.post_messages(queue, [{"ttl": 60, "body": body}])
    assert get_ok(api, queue, mid)["body"] == body


def test_post_extra_members_dropped(api, queue):
    (mid,) = api.post_messages(queue, [{"ttl": 60, "body": 1, "id": "x", "href": "/evil", "age": 5, "x": 1}])
    m = get_ok(api, queue, mid)
    assert set(m) == MESSAGE_KEYS
    assert m["href"] == f"/v1/queues/{queue}/messages/{mid}"
    assert m["body"] == 1


@pytest.mark.parametrize("ttl", [60, 61, 3600, 1209600])
def test_post_ttl_in_range_accepted(api, queue, ttl):
    (mid,) = api.post_messages(queue, [{"ttl": ttl, "body": None}])
    assert get_ok(api, queue, mid)["ttl"] == ttl


@pytest.mark.parametrize("ttl", [59, 0, -1, 1209601])
def test_post_400_ttl_out_of_range(api, queue, ttl):
    assert_error(api.post(f"/queues/{queue}/messages", body=[{"ttl": ttl, "body": 1}]), 400)


def test_post_batch_is_atomic(api, queue):
    r = api.post(f"/queues/{queue}/messages", body=[{"ttl": 60, "body": 1}, {"ttl": 59, "body": 2}])
    assert_error(r, 400)
    r = api.post(f"/queues/{queue}/messages", body=[{"ttl": 60, "body": 1}, {"body": 2}])
    assert_error(r, 400)
    assert api.stats(queue)["total"] == 0


def test_post_size_exactly_max_accepted(api, queue):
    data = post_body_of_size(MAX_POST_BYTES)
    r = api.post(f"/queues/{queue}/messages", data=data, headers={"Content-Type": "application/json"})
    assert r.status_code == 201, (r.status_code, r.text[:300])
    mid = message_id_of(r.json()["resources"][0])
    assert get_ok(api, queue, mid)["body"] == json.loads(data)[0]["body"]


def test_post_size_max_plus_one_400(api, queue):
    data = post_body_of_size(MAX_POST_BYTES + 1)
    assert_error(api.post(f"/queues/{queue}/messages", data=data, headers={"Content-Type": "application/json"}), 400)
    assert api.stats(queue)["total"] == 0


def test_post_size_is_whole_request_not_sum_of_bodies(api, queue):
    # many small messages whose bodies are small but whose request exceeds the limit
    msgs = [{"ttl": 60, "body": "x" * 1000} for _ in range(300)]
    data = json.dumps(msgs).encode()
    assert len(data) > MAX_POST_BYTES
    assert_error(api.post(f"/queues/{queue}/messages", data=data, headers={"Content-Type": "application/json"}), 400)


def test_post_many_messages_no_count_cap(api, queue):
    # no per-POST message count cap (size-bound only)
    ids = api.post_messages(queue, [{"ttl": 60, "body": i} for i in range(150)])
    assert len(ids) == 150 and len(set(ids)) == 150


def test_post_without_content_type_accepted(api, queue):
    r = api.post(f"/queues/{queue}/messages", data=b'[{"ttl": 60, "body": 1}]')
    assert r.status_code == 201, (r.status_code, r.text)


def test_post_chunked_body_accepted(api, queue):
    def gen():
        yield b'[{"ttl": 60, '
        yield b'"body": {"chunked": true}}]'

    r = api.post(f"/queues/{queue}/messages", data=gen(), headers={"Content-Type": "application/json"})
    assert r.status_code == 201, (r.status_code, r.text)
    mid = message_id_of(r.json()["resources"][0])
    assert get_ok(api, queue, mid)["body"] == {"chunked": True}


def test_post_400_urlencoded_content_type(api, queue):
    r = api.post(
        f"/queues/{queue}/messages",
        data=b'[{"ttl": 60, "body": 1}]',
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_error(r, 400, "Invalid Content-Type")


@pytest.mark.parametrize("name", ["a" * 65, "with.dot", "%C3%A9"], ids=["65-chars", "dot", "non-ascii"])
def test_post_400_invalid_queue_name(api, name):
    assert_error(api.post(f"/queues/{name}/messages", body=[{"ttl": 60, "body": 1}]), 400,
                 "Invalid queue identification")


def test_post_sequence_numbers_consecutive_within_batch(api, queue, inspector):
    ids = api.post_messages(queue, [{"ttl": 60, "body": i} for i in range(5)])
    seqs = [int(inspector.message_field(api.project, queue, mid, "seq")) for mid in ids]
    assert seqs == list(range(seqs[0], seqs[0] + 5))


# =============================================================================================
# GET …/messages (list, §6.11)
# =============================================================================================


def test_list_204_empty_queue(other, queue):
    assert_no_body(other.get(f"/queues/{queue}/messages"), 204)


def test_list_204_missing_queue(api):
    assert_no_body(api.get(f"/queues/{new_queue_name()}/messages"), 204)
    assert_no_body(api.get(f"/queues/{new_queue_name()}/messages", query="echo=true&include_claimed=true"), 204)


def test_list_204_missing_queue_path_form(api_path):
    assert_no_body(api_path.get(f"/queues/{new_queue_name()}/messages"), 204)


def test_list_400_missing_client_id_exact_body(api, queue):
    api.post_n(queue, 1)
    assert_missing_client_id(api.get(f"/queues/{queue}/messages", headers={"Client-ID": None}))


def test_list_400_missing_client_id_even_with_echo(api, queue):
    api.post_n(queue, 1)
    assert_missing_client_id(api.get(f"/queues/{queue}/messages", query="echo=true", headers={"Client-ID": None}))


def test_list_400_malformed_client_id(api, queue):
    assert_error(api.get(f"/queues/{queue}/messages", headers={"Client-ID": "nope"}), 400, "Wrong UUID value")


def test_list_200_shape_links_content_location(api, other, queue):
    ids = api.post_messages(queue, [{"ttl": 120, "body": {"i": 0}}, {"ttl": 130, "body": [1, 2]}])
    r = other.get(f"/queues/{queue}/messages")
    assert r.status_code == 200
    assert_json_ct(r)
    assert r.headers["Content-Location"] == f"/v1/queues/{queue}/messages"
    doc = r.json()
    assert set(doc) == {"messages", "links"}
    msgs = doc["messages"]
    assert ids_of(msgs) == ids
    for m in msgs:
        assert_message_obj(m, queue)
        assert m["age"] < 60
    assert [m["ttl"] for m in msgs] == [120, 130]
    assert [m["body"] for m in msgs] == [{"i": 0}, [1, 2]]
    path, params = next_query(doc)
    assert path == f"/v1/queues/{queue}/messages"
    assert re.fullmatch(r"\d+", params["marker"]), params
    assert PYRAX_MARKER.search(next_href(doc))


def test_list_content_location_keeps_query(other, api, queue):
    api.post_n(queue, 1)
    r = other.get(f"/queues/{queue}/messages", query="limit=5&echo=false")
    assert r.status_code == 200
    assert r.headers["Content-Location"] == f"/v1/queues/{queue}/messages?limit=5&echo=false"


def test_list_default_limit_10(api, other, queue):
    ids = api.post_n(queue, 12)
    doc = other.get(f"/queues/{queue}/messages").json()
    assert ids_of(doc["messages"]) == ids[:10]


def test_list_limit_max_accepted(api, other, queue):
    ids = api.post_n(queue, 105, batch=105)
    doc = other.get(f"/queues/{queue}/messages", query="limit=%d" % MAX_MESSAGES_PER_PAGE).json()
    assert ids_of(doc["messages"]) == ids[:100]


@pytest.mark.parametrize("limit", ["0", "-1", "abc", "1.5", str(MAX_MESSAGES_PER_PAGE + 1)])
def test_list_400_bad_limit(other, api, queue, limit):
    api.post_n(queue, 1)
    assert_error(other.get(f"/queues/{queue}/messages", query="limit=" + limit), 400)


@pytest.mark.parametrize("param", ["echo", "include_claimed"])
@pytest.mark.parametrize("value", ["maybe", "2", "truee"])
def test_list_400_bad_boolean(other, api, queue, param, value):
    api.post_n(queue, 1)
    assert_error(other.get(f"/queues/{queue}/messages", query=f"{param}={value}"), 400)


def test_list_fifo_order(api, other, queue):
    ids = []
    for i in range(5):
        ids += api.post_messages(queue, [{"ttl": 60, "body": i}, {"ttl": 60, "body": i + 0.5}])
    assert ids_of(other.list_all(queue, echo=False)) == ids


def test_list_hides_own_messages_without_echo(api, other, queue):
    mine = api.post_n(queue, 2)
    theirs = other.post_n(queue, 1)
    assert ids_of(api.get(f"/queues/{queue}/messages").json()["messages"]) == theirs
    assert ids_of(api.get(f"/queues/{queue}/messages", query="echo=false").json()["messages"]) == theirs
    assert ids_of(api.get(f"/queues/{queue}/messages", query="echo=true").json()["messages"]) == mine + theirs


def test_list_204_when_all_own_messages_and_no_echo(api, queue):
    api.post_n(queue, 3)
    assert_no_body(api.get(f"/queues/{queue}/messages"), 204)


def test_list_hides_claimed_unless_include_claimed(api, other, queue):
    ids = api.post_n(queue, 4)
    cid, claimed = api.claim(queue, limit=2)
    assert claimed == ids[:2]
    assert ids_of(other.get(f"/queues/{queue}/messages").json()["messages"]) == ids[2:]
    doc = other.get(f"/queues/{queue}/messages", query="include_claimed=true").json()
    assert ids_of(doc["messages"]) == ids
    # claimed messages listed via include_claimed carry no ?claim_id=
    for m in doc["messages"]:
        assert "claim_id" not in m["href"] and "?" not in m["href"]
        assert_message_obj(m, queue)


def test_list_204_when_everything_claimed(api, other, queue):
    api.post_n(queue, 2)
    api.claim(queue)
    assert_no_body(other.get(f"/queues/{queue}/messages"), 204)
    assert other.get(f"/queues/{queue}/messages", query="include_claimed=true").status_code == 200


def test_list_paging_limit_1_sees_every_message_once_then_204(api, other, queue):
    ids = api.post_n(queue, 7)
    r = other.get(f"/queues/{queue}/messages", query="limit=1")
    seen, markers = [], []
    for _ in range(20):
        if r.status_code == 204:
            break
        assert r.status_code == 200
        doc = r.json()
        assert len(doc["messages"]) == 1
        seen += ids_of(doc["messages"])
        href = next_href(doc)
        markers.append(int(PYRAX_MARKER.search(href).group(1)))
        r = other.follow(href)
    assert_no_body(r, 204)
    assert seen == ids
    assert markers == sorted(markers) and len(set(markers)) == len(markers)


def test_list_next_link_carries_sent_params(api, other, queue):
    api.post_n(queue, 5)
    api.claim(queue, limit=1)
    doc = other.get(f"/queues/{queue}/messages", query="limit=2&echo=true&include_claimed=true").json()
    path, params = next_query(doc)
    assert path == f"/v1/queues/{queue}/messages"
    assert params["limit"] == "2"
    assert params["echo"] == "true"
    assert params["include_claimed"] == "true"
    assert re.fullmatch(r"\d+", params["marker"])
    assert set(params) <= {"limit", "echo", "include_claimed", "marker"}


def test_list_next_link_renders_booleans_true_false(api, other, queue):
    api.post_n(queue, 2)
    doc = other.get(f"/queues/{queue}/messages", query="limit=1&echo=yes&include_claimed=off").json()
    params = next_query(doc)[1]
    assert params["echo"] == "true" and params["include_claimed"] == "false"


def test_list_next_link_on_last_page_then_204(api, other, queue):
    api.post_n(queue, 2)
    doc = other.get(f"/queues/{queue}/messages", query="limit=10").json()
    assert len(doc["messages"]) == 2
    assert_no_body(other.follow(next_href(doc)), 204)


def test_list_next_link_tail_pattern_sees_later_messages(api, other, queue):
    api.post_n(queue, 2)
    doc = other.get(f"/queues/{queue}/messages").json()
    link = next_href(doc)
    assert other.follow(link).status_code == 204
    later = api.post_n(queue, 2)
    r = other.follow(link)
    assert r.status_code == 200
    assert ids_of(r.json()["messages"]) == later


def test_list_marker_strictly_greater(api, other, queue):
    ids = api.post_n(queue, 5)
    doc = other.get(f"/queues/{queue}/messages", query="limit=2").json()
    marker = next_query(doc)[1]["marker"]
    doc = other.get(f"/queues/{queue}/messages", query="marker=" + marker).json()
    assert ids_of(doc["messages"]) == ids[2:]


def test_list_marker_zero_is_from_start(api, other, queue):
    ids = api.post_n(queue, 3)
    assert ids_of(other.get(f"/queues/{queue}/messages", query="marker=0").json()["messages"]) == ids


@pytest.mark.parametrize("marker", ["abc", "5a", "%20", "1.5"])
def test_list_204_non_numeric_marker(api, other, queue, marker):
    api.post_n(queue, 3)
    assert_no_body(other.get(f"/queues/{queue}/messages", query="marker=" + marker), 204)


def test_list_204_marker_past_end(api, other, queue):
    api.post_n(queue, 3)
    assert_no_body(other.get(f"/queues/{queue}/messages", query="marker=999999"), 204)


def test_list_deleted_messages_absent(api, other, queue):
    ids = api.post_n(queue, 4)
    api.delete(f"/queues/{queue}/messages/{ids[1]}")
    assert ids_of(other.list_all(queue, echo=False)) == [ids[0]] + ids[2:]


def test_list_expired_messages_never_returned(api, other, queue, inspector):
    ids = api.post_n(queue, 3)
    inspector.expire_message(api.project, queue, ids[1])
    assert ids_of(other.get(f"/queues/{queue}/messages").json()["messages"]) == [ids[0], ids[2]]
    assert ids_of(other.get(f"/queues/{queue}/messages", query="include_claimed=true").json()["messages"]) == [
        ids[0],
        ids[2],
    ]
    inspector.expire_message(api.project, queue, ids[0])
    inspector.expire_message(api.project, queue, ids[2])
    assert_no_body(other.get(f"/queues/{queue}/messages", query="include_claimed=true"), 204)


def test_list_age_reflects_time(api, other, queue, inspector):
    api.post_n(queue, 1, ttl=3600)
    inspector.time_travel(api.project, queue, 100)
    m = other.get(f"/queues/{queue}/messages").json()["messages"][0]
    assert 100 <= m["age"] <= 130
    assert m["ttl"] == 3600


def test_list_path_form(api, api_path, other, queue):
    ids = other.post_n(queue, 3)
    r = api_path.get(f"/queues/{queue}/messages", query="limit=2")
    assert r.status_code == 200
    assert api_path.project not in r.text
    doc = r.json()
    assert ids_of(doc["messages"]) == ids[:2]
    path, params = next_query(doc)
    assert path == f"/v1/queues/{queue}/messages"
    assert ids_of(api_path.follow(next_href(doc)).json()["messages"]) == ids[2:]


def test_list_trailing_slash(api, other, queue):
    ids = api.post_n(queue, 1)
    r = other.get(f"/queues/{queue}/messages/")
    assert r.status_code == 200 and ids_of(r.json()["messages"]) == ids


def test_list_unknown_params_ignored(api, other, queue):
    ids = api.post_n(queue, 1)
    r = other.get(f"/queues/{queue}/messages", query="foo=bar&claim_id=zzz")
    assert r.status_code == 200 and ids_of(r.json()["messages"]) == ids


# =============================================================================================
# GET …/messages?ids= (§6.12)
# =============================================================================================


def test_get_by_ids_200_bare_array_own_and_claimed_included(api, queue):
    ids = api.post_n(queue, 4)
    api.claim(queue, limit=1)
    query = "ids=" + ",".join(ids[:3])
    r = api.get(f"/queues/{queue}/messages", query=query)
    assert r.status_code == 200
    assert_json_ct(r)
    assert r.headers["Content-Location"] == f"/v1/queues/{queue}/messages?{query}"
    doc = r.json()
    assert isinstance(doc, list)
    assert sorted(ids_of(doc)) == sorted(ids[:3])
    for m in doc:
        assert_message_obj(m, queue)  # no ?claim_id= even for the claimed one


def test_get_by_ids_skips_unknown_malformed_and_other_queue_ids(api, queue):
    other_q = api.create_queue()
    (foreign,) = api.post_messages(other_q, [{"ttl": 60, "body": 1}])
    ids = api.post_n(queue, 2)
    query = "ids=" + ",".join([ids[0], "nope", "0" * 24, foreign, ids[1], "ZZZ"])
    r = api.get(f"/queues/{queue}/messages", query=query)
    assert r.status_code == 200
    assert sorted(ids_of(r.json())) == sorted(ids)


def test_get_by_ids_204_none_found(api, queue):
    api.post_n(queue, 1)
    assert_no_body(api.get(f"/queues/{queue}/messages", query="ids=" + "0" * 24 + ",bogus"), 204)


def test_get_by_ids_204_missing_queue(api):
    assert_no_body(api.get(f"/queues/{new_queue_name()}/messages", query="ids=" + "0" * 24), 204)


def test_get_by_ids_client_id_not_required(api, queue):
    ids = api.post_n(queue, 2)
    r = api.get(f"/queues/{queue}/messages", query="ids=" + ",".join(ids), headers={"Client-ID": None})
    assert r.status_code == 200
    assert sorted(ids_of(r.json())) == sorted(ids)


def test_get_by_ids_ignores_echo_limit_marker_include_claimed(api, queue):
    ids = api.post_n(queue, 3)
    api.claim(queue, limit=3)
    query = "ids=" + ",".join(ids) + "&echo=false&limit=1&marker=999999&include_claimed=false"
    r = api.get(f"/queues/{queue}/messages", query=query)
    assert r.status_code == 200
    assert sorted(ids_of(r.json())) == sorted(ids)


def test_get_by_ids_repeated_ids_keys(api, queue):
    ids = api.post_n(queue, 2)
    r = api.get(f"/queues/{queue}/messages", query=f"ids={ids[0]}&ids={ids[1]}")
    assert r.status_code == 200
    assert sorted(ids_of(r.json())) == sorted(ids)


def test_get_by_ids_max_accepted(api, queue):
    ids = api.post_n(queue, 3)
    many = ids + ["%024x" % i for i in range(MAX_MESSAGES_PER_PAGE - 3)]
    r = api.get(f"/queues/{queue}/messages", query="ids=" + ",".join(many))
    assert r.status_code == 200
    assert sorted(ids_of(r.json())) == sorted(ids)


def test_get_by_ids_400_too_many(api, queue):
    many = ["%024x" % i for i in range(MAX_MESSAGES_PER_PAGE + 1)]
    assert_error(api.get(f"/queues/{queue}/messages", query="ids=" + ",".join(many)), 400)


def test_get_by_ids_400_too_many_counted_before_dedup(api, queue):
    (mid,) = api.post_n(queue, 1)
    assert_error(api.get(f"/queues/{queue}/messages", query="ids=" + ",".join([mid] * (MAX_MESSAGES_PER_PAGE + 1))),
                 400)


def test_get_by_ids_expired_skipped(api, queue, inspector):
    ids = api.post_n(queue, 2)
    inspector.expire_message(api.project, queue, ids[0])
    r = api.get(f"/queues/{queue}/messages", query="ids=" + ",".join(ids))
    assert ids_of(r.json()) == [ids[1]]
    inspector.expire_message(api.project, queue, ids[1])
    assert_no_body(api.get(f"/queues/{queue}/messages", query="ids=" + ",".join(ids)), 204)


def test_get_by_ids_path_form(api, api_path, queue):
    ids = api.post_n(queue, 2)
    r = api_path.get(f"/queues/{queue}/messages", query="ids=" + ",".join(ids))
    assert r.status_code == 200
    assert api_path.project not in r.text
    assert sorted(ids_of(r.json())) == sorted(ids)


def test_get_by_ids_empty_value_is_a_plain_list(api, other, queue):
    ids = api.post_n(queue, 1)
    r = other.get(f"/queues/{queue}/messages", query="ids=")
    assert r.status_code == 200
    assert ids_of(r.json()["messages"]) == ids


# =============================================================================================
# DELETE …/messages?ids= (§6.13)
# =============================================================================================


def test_bulk_delete_204_deletes_listed(api, queue):
    ids = api.post_n(queue, 4)
    r = api.delete(f"/queues/{queue}/messages", query="ids=" + ",".join(ids[:2]))
    assert_no_body(r, 204)
    assert not exists(api, queue, ids[0]) and not exists(api, queue, ids[1])
    assert exists(api, queue, ids[2]) and exists(api, queue, ids[3])
    assert api.stats(queue)["total"] == 2


def test_bulk_delete_ignores_claims(api, queue):
    ids = api.post_n(queue, 3)
    cid, claimed = api.claim(queue, limit=2)
    assert_no_body(api.delete(f"/queues/{queue}/messages", query="ids=" + ",".join(ids)), 204)
    assert api.stats(queue) == {"claimed": 0, "free": 0, "total": 0}


def test_bulk_delete_204_unknown_and_malformed_ids(api, queue):
    ids = api.post_n(queue, 1)
    assert_no_body(api.delete(f"/queues/{queue}/messages", query="ids=nope," + "0" * 24), 204)
    assert exists(api, queue, ids[0])


def test_bulk_delete_204_missing_queue(api):
    assert_no_body(api.delete(f"/queues/{new_queue_name()}/messages", query="ids=" + "0" * 24), 204)


def test_bulk_delete_idempotent(api, queue):
    ids = api.post_n(queue, 2)
    assert api.delete(f"/queues/{queue}/messages", query="ids=" + ",".join(ids)).status_code == 204
    assert api.delete(f"/queues/{queue}/messages", query="ids=" + ",".join(ids)).status_code == 204


@pytest.mark.parametrize("query", [None, "ids=", "foo=bar"])
def test_bulk_delete_400_no_ids(api, queue, query):
    ids = api.post_n(queue, 1)
    assert_error(api.delete(f"/queues/{queue}/messages", query=query), 400)
    assert exists(api, queue, ids[0])


def test_bulk_delete_400_too_many_ids(api, queue):
    ids = api.post_n(queue, 1)
    many = ids + ["%024x" % i for i in range(MAX_MESSAGES_PER_PAGE)]
    assert_error(api.delete(f"/queues/{queue}/messages", query="ids=" + ",".join(many)), 400)
    assert exists(api, queue, ids[0])


def test_bulk_delete_max_accepted(api, queue):
    ids = api.post_n(queue, 2)
    many = ids + ["%024x" % i for i in range(MAX_MESSAGES_PER_PAGE - 2)]
    assert api.delete(f"/queues/{queue}/messages", query="ids=" + ",".join(many)).status_code == 204
    assert api.stats(queue)["total"] == 0


def test_bulk_delete_other_queue_ids_untouched(api, queue):
    other_q = api.create_queue()
    (foreign,) = api.post_messages(other_q, [{"ttl": 60, "body": 1}])
    assert api.delete(f"/queues/{queue}/messages", query="ids=" + foreign).status_code == 204
    assert exists(api, other_q, foreign)


def test_bulk_delete_path_form(api, api_path, queue):
    ids = api.post_n(queue, 2)
    assert_no_body(api_path.delete(f"/queues/{queue}/messages", query="ids=" + ",".join(ids)), 204)
    assert api.stats(queue)["total"] == 0


def test_bulk_delete_client_id_not_required(api, queue):
    ids = api.post_n(queue, 1)
    r = api.delete(f"/queues/{queue}/messages", query="ids=" + ids[0], headers={"Client-ID": None})
    assert r.status_code == 204


# =============================================================================================
# GET …/messages/{mid} (§6.14)
# =============================================================================================


def test_get_message_200_exact_shape_content_location(api, queue):
    (mid,) = api.post_messages(queue, [{"ttl": 250, "body": {"img": 17}}])
    r = api.get(f"/queues/{queue}/messages/{mid}")
    assert r.status_code == 200
    assert_json_ct(r)
    assert r.headers["Content-Location"] == f"/v1/queues/{queue}/messages/{mid}"
    m = r.json()
    assert set(m) == MESSAGE_KEYS
    assert m["href"] == f"/v1/queues/{queue}/messages/{mid}"
    assert m["ttl"] == 250
    assert type(m["age"]) is int and 0 <= m["age"] < 60
    assert m["body"] == {"img": 17}


def test_get_message_client_id_not_required(api, queue):
    (mid,) = api.post_n(queue, 1)
    assert api.get(f"/queues/{queue}/messages/{mid}", headers={"Client-ID": None}).status_code == 200


def test_get_message_claimed_still_200_href_without_claim_id(api, queue):
    (mid,) = api.post_n(queue, 1)
    cid, got = api.claim(queue)
    assert got == [mid]
    m = get_ok(api, queue, mid)
    assert m["href"] == f"/v1/queues/{queue}/messages/{mid}"


def test_get_message_claim_id_query_ignored(api, queue):
    (mid,) = api.post_n(queue, 1)
    r = api.get(f"/queues/{queue}/messages/{mid}", query="claim_id=bogus")
    assert r.status_code == 200
    assert r.json()["href"] == f"/v1/queues/{queue}/messages/{mid}"


@pytest.mark.parametrize("mid", ["0" * 24, "nope", "ZZZZZZZZZZZZZZZZZZZZZZZZ", "1"])
def test_get_message_404_unknown_or_malformed_id(api, queue, mid):
    api.post_n(queue, 1)
    assert_error(api.get(f"/queues/{queue}/messages/{mid}"), 404, "Not found")


def test_get_message_404_missing_queue(api):
    assert_error(api.get(f"/queues/{new_queue_name()}/messages/{'0' * 24}"), 404, "Not found")


def test_get_message_404_after_delete(api, queue):
    (mid,) = api.post_n(queue, 1)
    api.delete(f"/queues/{queue}/messages/{mid}")
    assert_error(api.get(f"/queues/{queue}/messages/{mid}"), 404, "Not found")


def test_get_message_404_expired(api, queue, inspector):
    (mid,) = api.post_n(queue, 1)
    inspector.expire_message(api.project, queue, mid)
    assert_error(api.get(f"/queues/{queue}/messages/{mid}"), 404, "Not found")


def test_get_message_404_expired_by_time_passing(api, queue, inspector):
    (mid,) = api.post_n(queue, 1, ttl=60)
    inspector.time_travel(api.project, queue, 59)
    assert get_ok(api, queue, mid)["age"] >= 59
    inspector.time_travel(api.project, queue, 2)
    assert_error(api.get(f"/queues/{queue}/messages/{mid}"), 404, "Not found")


def test_get_message_path_form(api_path, queue):
    (mid,) = api_path.post_n(queue, 1)
    r = api_path.get(f"/queues/{queue}/messages/{mid}")
    assert r.status_code == 200
    assert r.json()["href"] == f"/v1/queues/{queue}/messages/{mid}"
    assert r.headers["Content-Location"] in (
        f"/v1/queues/{queue}/messages/{mid}",
        f"{api_path.prefix()}/queues/{queue}/messages/{mid}",
    )
    assert_error(api_path.get(f"/queues/{queue}/messages/{'0' * 24}"), 404, "Not found")


@pytest.mark.parametrize("name", ["a" * 65, "with.dot", "%C3%A9"], ids=["65-chars", "dot", "non-ascii"])
def test_get_message_400_invalid_queue_name(api, name):
    assert_error(api.get(f"/queues/{name}/messages/{'0' * 24}"), 400, "Invalid queue identification")


# ---- §14 ids are scoped -----------------------------------------------------------------------


def test_message_id_scoped_to_queue(api, queue):
    other_q = api.create_queue()
    (mid,) = api.post_n(queue, 1)
    assert_error(api.get(f"/queues/{other_q}/messages/{mid}"), 404, "Not found")
    assert_no_body(api.get(f"/queues/{other_q}/messages", query="ids=" + mid), 204)
    assert api.delete(f"/queues/{other_q}/messages/{mid}").status_code == 204
    assert exists(api, queue, mid)


def test_message_id_scoped_to_project(api, queue, base_url):
    (mid,) = api.post_n(queue, 1)
    stranger = Api(base_url, project=new_project())
    stranger.create_queue(queue)  # same queue name, other project
    assert_error(stranger.get(f"/queues/{queue}/messages/{mid}"), 404, "Not found")
    assert_no_body(stranger.get(f"/queues/{queue}/messages", query="ids=" + mid), 204)
    assert stranger.delete(f"/queues/{queue}/messages/{mid}").status_code == 204
    assert stranger.delete(f"/queues/{queue}/messages", query="ids=" + mid).status_code == 204
    assert exists(api, queue, mid)
    # and the global namespace is another project
    g = Api(base_url, project=None)
    assert g.get(f"/queues/{queue}/messages/{mid}").status_code == 404


# =============================================================================================
# DELETE …/messages/{mid}[?claim_id=] — §6.15 decision table, REC column, row by row
# =============================================================================================


def assert_unable_to_delete(r):
    assert_error(r, 403, "Unable to delete")


def test_delete_message_204_and_gone(api, queue):
    (mid,) = api.post_n(queue, 1)
    assert_no_body(api.delete(f"/queues/{queue}/messages/{mid}"), 204)
    assert not exists(api, queue, mid)
    assert api.delete(f"/queues/{queue}/messages/{mid}").status_code == 204  # idempotent


def test_delete_message_path_form_204(api, api_path, queue):
    (mid,) = api.post_n(queue, 1)
    assert_no_body(api_path.delete(f"/queues/{queue}/messages/{mid}"), 204)
    assert not exists(api, queue, mid)


def test_delete_message_client_id_not_required(api, queue):
    (mid,) = api.post_n(queue, 1)
    assert api.delete(f"/queues/{queue}/messages/{mid}", headers={"Client-ID": None}).status_code == 204


@pytest.mark.parametrize("name", ["a" * 65, "with.dot", "%C3%A9"], ids=["65-chars", "dot", "non-ascii"])
def test_delete_message_400_invalid_queue_name(api, name):
    assert_error(api.delete(f"/queues/{name}/messages/{'0' * 24}"), 400, "Invalid queue identification")


@pytest.mark.parametrize("mid", ["nope", "1", "ZZZZZZZZZZZZZZZZZZZZZZZZ"])
def test_delete_615_row1_malformed_message_id_204(api, queue, mid):
    keep = api.post_n(queue, 1)
    assert_no_body(api.delete(f"/queues/{queue}/messages/{mid}"), 204)
    assert exists(api, queue, keep[0])


def test_delete_615_row1_absent_message_204(api, queue):
    assert_no_body(api.delete(f"/queues/{queue}/messages/{'0' * 24}"), 204)


def test_delete_615_row1_absent_queue_204(api):
    assert_no_body(api.delete(f"/queues/{new_queue_name()}/messages/{'0' * 24}"), 204)


def test_delete_615_row1_absent_message_with_claim_id_204(api, queue):
    # row 1 is evaluated first: an absent message is 204 whatever the claim_id
    assert_no_body(api.delete(f"/queues/{queue}/messages/{'0' * 24}", query="claim_id=bogus"), 204)
    assert_no_body(api.delete(f"/queues/{queue}/messages/{'0' * 24}", query="claim_id=" + "1" * 24), 204)


@pytest.mark.parametrize("bad", ["bogus", "1", "ZZZZZZZZZZZZZZZZZZZZZZZZ"])
def test_delete_615_row2_malformed_claim_id_403_not_deleted(api, queue, bad):
    (mid,) = api.post_n(queue, 1)
    assert_unable_to_delete(api.delete(f"/queues/{queue}/messages/{mid}", query="claim_id=" + bad))
    assert exists(api, queue, mid)


def test_delete_615_row2_malformed_claim_id_on_claimed_message_403(api, queue):
    (mid,) = api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    assert_unable_to_delete(api.delete(f"/queues/{queue}/messages/{mid}", query="claim_id=bogus"))
    assert exists(api, queue, mid)


def test_delete_615_row3_no_claim_id_message_under_live_claim_403(api, queue):
    (mid,) = api.post_n(queue, 1)
    cid, got = api.claim(queue)
    assert got == [mid]
    assert_unable_to_delete(api.delete(f"/queues/{queue}/messages/{mid}"))
    assert exists(api, queue, mid)
    assert api.stats(queue)["claimed"] == 1


def test_delete_615_row4_no_claim_id_message_never_claimed_204(api, queue):
    (mid,) = api.post_n(queue, 1)
    assert_no_body(api.delete(f"/queues/{queue}/messages/{mid}"), 204)
    assert not exists(api, queue, mid)


def test_delete_615_row4_no_claim_id_claim_expired_204(api, queue, inspector):
    (mid,) = api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    inspector.lapse_claim(api.project, queue, cid)
    assert_no_body(api.delete(f"/queues/{queue}/messages/{mid}"), 204)
    assert not exists(api, queue, mid)


def test_delete_615_row4_no_claim_id_claim_released_204(api, queue):
    (mid,) = api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    assert api.delete(f"/queues/{queue}/claims/{cid}").status_code == 204
    assert_no_body(api.delete(f"/queues/{queue}/messages/{mid}"), 204)
    assert not exists(api, queue, mid)


def test_delete_615_row5_claim_id_of_current_live_claim_204(api, queue):
    ids = api.post_n(queue, 2)
    cid, got = api.claim(queue)
    assert got == ids
    assert_no_body(api.delete(f"/queues/{queue}/messages/{ids[0]}", query="claim_id=" + cid), 204)
    assert not exists(api, queue, ids[0])
    # deleting a message also removes it from its claim
    claim = api.get(f"/queues/{queue}/claims/{cid}").json()
    assert ids_of(claim["messages"]) == [ids[1]]
    s = api.stats(queue)
    assert (s["claimed"], s["free"], s["total"]) == (1, 0, 1)


def test_delete_615_row5_href_from_claim_reply_works(api, queue):
    # clients delete by following the claimed href verbatim (…/messages/{id}?claim_id={cid})
    api.post_n(queue, 1)
    r = api.post(f"/queues/{queue}/claims", body={"ttl": 60, "grace": 60})
    href = r.json()[0]["href"]
    assert "?claim_id=" in href
    r = api.s.delete(api.base + href, timeout=30)
    assert r.status_code == 204
    assert api.stats(queue)["total"] == 0


def test_delete_615_row6_claim_id_of_another_live_claim_403(api, queue):
    ids = api.post_n(queue, 2)
    c1, got1 = api.claim(queue, limit=1)
    c2, got2 = api.claim(queue, limit=1)
    assert got1 == [ids[0]] and got2 == [ids[1]]
    assert_unable_to_delete(api.delete(f"/queues/{queue}/messages/{ids[0]}", query="claim_id=" + c2))
    assert exists(api, queue, ids[0])


def test_delete_615_row6_stale_claim_id_after_reclaim_403(api, queue, inspector):
    (mid,) = api.post_n(queue, 1)
    c1, _ = api.claim(queue)
    inspector.lapse_claim(api.project, queue, c1)
    c2, got = api.claim(queue)
    assert got == [mid] and c2 != c1
    assert_unable_to_delete(api.delete(f"/queues/{queue}/messages/{mid}", query="claim_id=" + c1))
    assert_unable_to_delete(api.delete(f"/queues/{queue}/messages/{mid}"))
    assert_no_body(api.delete(f"/queues/{queue}/messages/{mid}", query="claim_id=" + c2), 204)


def test_delete_615_row7_claim_id_but_message_never_claimed_403(api, queue):
    (mid,) = api.post_n(queue, 1)
    assert_unable_to_delete(api.delete(f"/queues/{queue}/messages/{mid}", query="claim_id=" + "a" * 24))
    assert exists(api, queue, mid)


def test_delete_615_row7_live_claim_id_of_other_message_not_claimed_403(api, queue):
    ids = api.post_n(queue, 2)
    cid, got = api.claim(queue, limit=1)
    assert got == [ids[0]]
    assert_unable_to_delete(api.delete(f"/queues/{queue}/messages/{ids[1]}", query="claim_id=" + cid))
    assert exists(api, queue, ids[1])


def test_delete_615_row7_claim_released_403(api, queue):
    (mid,) = api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    assert api.delete(f"/queues/{queue}/claims/{cid}").status_code == 204
    assert_unable_to_delete(api.delete(f"/queues/{queue}/messages/{mid}", query="claim_id=" + cid))
    assert exists(api, queue, mid)


def test_delete_615_row7_claim_id_from_other_queue_403(api, queue):
    other_q = api.create_queue()
    api.post_n(other_q, 1)
    foreign_cid, _ = api.claim(other_q)
    (mid,) = api.post_n(queue, 1)
    assert_unable_to_delete(api.delete(f"/queues/{queue}/messages/{mid}", query="claim_id=" + foreign_cid))
    assert exists(api, queue, mid)


def test_delete_615_row8_own_expired_claim_not_reclaimed_403(api, queue, inspector):
    (mid,) = api.post_n(queue, 1)
    cid, _ = api.claim(queue)
    inspector.lapse_claim(api.project, queue, cid)
    assert_unable_to_delete(api.delete(f"/queues/{queue}/messages/{mid}", query="claim_id=" + cid))
    assert exists(api, queue, mid)
    # without a claim id the (now free) message can be deleted
    assert_no_body(api.delete(f"/queues/{queue}/messages/{mid}"), 204)
