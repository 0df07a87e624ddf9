"""§6.3–§6.6 queue list / create / existence / delete; §8 rows for /queues and /queues/{q}; §7.1 scoping."""

import uuid

import pytest

from cq import (
    MAX_QUEUES_PER_PAGE,
    Api,
    assert_error,
    assert_json_ct,
    assert_no_body,
    encode_project,
    new_project,
    new_queue_name,
    next_href,
    next_query,
)

BAD_NAMES = [
    pytest.param("a" * 65, id="65-chars"),
    pytest.param("with.dot", id="dot"),
    pytest.param("sp%20ace", id="space"),
    pytest.param("%C3%A9t%C3%A9", id="non-ascii"),
    pytest.param("star*", id="star"),
    pytest.param("tilde~", id="tilde"),
    pytest.param("plus+", id="plus"),
    pytest.param("col:on", id="colon"),
]


# ---------------------------------------------------------------------------------------------
# PUT /queues/{q}
# ---------------------------------------------------------------------------------------------


def test_put_queue_201_new_location_empty_body(api):
    q = new_queue_name()
    r = api.put("/queues/" + q)
    assert_no_body(r, 201)
    assert r.headers["Location"] == "/v1/queues/" + q


def test_put_queue_204_existing_location_empty_body(api, queue):
    r = api.put("/queues/" + queue)
    assert_no_body(r, 204)
    assert r.headers["Location"] == "/v1/queues/" + queue


def test_put_queue_path_form_201_location_without_project(api_path):
    q = new_queue_name()
    r = api_path.put("/queues/" + q)
    assert_no_body(r, 201)
    assert r.headers["Location"] == "/v1/queues/" + q
    r = api_path.put("/queues/" + q)
    assert_no_body(r, 204)
    assert r.headers["Location"] == "/v1/queues/" + q


def test_put_queue_path_and_header_forms_are_the_same_queue(api, api_path):
    q = api_path.create_queue()
    assert api.head("/queues/" + q).status_code == 204
    assert api.put("/queues/" + q).status_code == 204


def test_put_queue_path_project_wins_over_header(base_url):
    p_path, p_header = new_project(), new_project()
    q = new_queue_name()
    r = Api(base_url, project=p_path, form="path").put("/queues/" + q, headers={"X-Project-Id": p_header})
    assert r.status_code == 201
    assert Api(base_url, project=p_path).head("/queues/" + q).status_code == 204
    assert Api(base_url, project=p_header).head("/queues/" + q).status_code == 404


def test_put_queue_existing_resets_nothing(api, queue):
    assert api.put(f"/queues/{queue}/metadata", body={"keep": 1}).status_code == 204
    api.post_messages(queue, [{"ttl": 300, "body": 1}])
    assert api.put("/queues/" + queue).status_code == 204
    assert api.get(f"/queues/{queue}/metadata").json() == {"keep": 1}
    assert api.stats(queue)["total"] == 1


def test_put_queue_body_ignored(api):
    q = new_queue_name()
    r = api.put("/queues/" + q, body={"ignored": True})
    assert r.status_code == 201
    assert api.get(f"/queues/{q}/metadata").json() == {}


def test_put_queue_trailing_slash_tolerated(api):
    q = new_queue_name()
    r = api.put("/queues/" + q + "/")
    assert r.status_code == 201, r.status_code
    assert api.head("/queues/" + q).status_code == 204


def test_put_queue_name_64_chars_201(api):
    q = "Az09_-" + "x" * 58
    assert len(q) == 64
    r = api.put("/queues/" + q)
    assert r.status_code == 201
    assert r.headers["Location"] == "/v1/queues/" + q


@pytest.mark.parametrize("name", BAD_NAMES)
def test_put_queue_400_invalid_name(api, name):
    assert_error(api.put("/queues/" + name), 400, "Invalid queue identification")


def test_put_queue_client_id_not_required(api):
    r = api.put("/queues/" + new_queue_name(), headers={"Client-ID": None})
    assert r.status_code == 201


def test_put_queue_without_project_is_global_namespace(base_url, project):
    g = Api(base_url, project=None)
    q = new_queue_name("global")
    try:
        assert g.put("/queues/" + q).status_code == 201
        assert g.head("/queues/" + q).status_code == 204
        assert Api(base_url, project=project).head("/queues/" + q).status_code == 404
    finally:
        g.delete("/queues/" + q)


# ---------------------------------------------------------------------------------------------
# HEAD / GET /queues/{q}
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["HEAD", "GET"])
def test_queue_exists_204_no_body_content_location(api, queue, method):
    r = api.request(method, "/queues/" + queue)
    assert_no_body(r, 204)
    assert r.headers["Content-Location"] == "/v1/queues/" + queue


@pytest.mark.parametrize("method", ["HEAD", "GET"])
def test_queue_exists_404_missing_no_body_content_location(api, method):
    q = new_queue_name()
    r = api.request(method, "/queues/" + q)
    assert_no_body(r, 404)
    assert r.headers["Content-Location"] == "/v1/queues/" + q


@pytest.mark.parametrize("method", ["HEAD", "GET"])
def test_queue_exists_path_form(api_path, method):
    q = api_path.create_queue()
    r = api_path.request(method, "/queues/" + q)
    assert_no_body(r, 204)
    # Content-Location: the canonical path (or the request path itself) — never another project
    assert r.headers["Content-Location"] in ("/v1/queues/" + q, api_path.prefix() + "/queues/" + q)
    r = api_path.request(method, "/queues/" + new_queue_name())
    assert_no_body(r, 404)


@pytest.mark.parametrize("method", ["HEAD", "GET"])
def test_queue_exists_other_project_404(api, queue, base_url, method):
    assert Api(base_url, project=new_project()).request(method, "/queues/" + queue).status_code == 404


def test_queue_exists_client_id_not_required(api, queue):
    assert api.head("/queues/" + queue, headers={"Client-ID": None}).status_code == 204


def test_queue_exists_trailing_slash(api, queue):
    assert api.get("/queues/" + queue + "/").status_code == 204


@pytest.mark.parametrize("name", BAD_NAMES)
def test_get_queue_400_invalid_name(api, name):
    assert_error(api.get("/queues/" + name), 400, "Invalid queue identification")


@pytest.mark.parametrize("name", BAD_NAMES[:3])
def test_head_queue_400_invalid_name(api, name):
    r = api.head("/queues/" + name)
    assert r.status_code == 400
    assert r.content == b""


# ---------------------------------------------------------------------------------------------
# DELETE /queues/{q}
# ---------------------------------------------------------------------------------------------


def test_delete_queue_204_existing(api, queue):
    assert_no_body(api.delete("/queues/" + queue), 204)
    assert api.head("/queues/" + queue).status_code == 404


def test_delete_queue_204_missing(api):
    assert_no_body(api.delete("/queues/" + new_queue_name()), 204)


def test_delete_queue_idempotent(api, queue):
    assert api.delete("/queues/" + queue).status_code == 204
    assert api.delete("/queues/" + queue).status_code == 204


def test_delete_queue_path_form_204(api, api_path, queue):
    assert_no_body(api_path.delete("/queues/" + queue), 204)
    assert api.head("/queues/" + queue).status_code == 404


@pytest.mark.parametrize("name", BAD_NAMES)
def test_delete_queue_400_invalid_name(api, name):
    assert_error(api.delete("/queues/" + name), 400, "Invalid queue identification")


def test_delete_queue_other_project_untouched(api, queue, base_url):
    assert Api(base_url, project=new_project()).delete("/queues/" + queue).status_code == 204
    assert api.head("/queues/" + queue).status_code == 204


def test_delete_queue_removes_every_redis_key(api, other, queue, inspector):
    api.put(f"/queues/{queue}/metadata", body={"a": 1})
    api.post_n(queue, 12, ttl=300)
    cid, _ = api.claim(queue, limit=5)
    assert cid
    assert inspector.keys_of_queue(api.project, queue), "expected keys for a live queue (lua/README.md layout)"
    assert inspector.queue_indexed(api.project, queue)
    assert api.delete("/queues/" + queue).status_code == 204
    assert inspector.keys_of_queue(api.project, queue) == []
    assert not inspector.queue_indexed(api.project, queue)


def test_delete_queue_removes_every_redis_key_odd_project(base_url, inspector):
    p = "odd/proj:{x} %" + uuid.uuid4().hex[:8]
    a = Api(base_url, project=p)
    q = a.create_queue()
    a.post_n(q, 3)
    assert inspector.keys_of_queue(p, q)
    assert "{%s/%s}" % (encode_project(p), q) in inspector.keys_of_queue(p, q)[0]
    assert a.delete("/queues/" + q).status_code == 204
    assert inspector.keys_of_queue(p, q) == []
    assert not inspector.queue_indexed(p, q)


def test_delete_queue_then_recreate_is_empty(api, other, queue):
    api.put(f"/queues/{queue}/metadata", body={"a": 1})
    api.post_n(queue, 5)
    api.claim(queue, limit=2)
    assert api.delete("/queues/" + queue).status_code == 204
    assert api.put("/queues/" + queue).status_code == 201
    assert api.get(f"/queues/{queue}/metadata").json() == {}
    assert api.stats(queue) == {"claimed": 0, "free": 0, "total": 0}
    assert_no_body(other.get(f"/queues/{queue}/messages", query="include_claimed=true&echo=true"), 204)
    assert_no_body(api.post(f"/queues/{queue}/claims", body={"ttl": 60, "grace": 60}), 204)
    # the new queue works normally
    ids = api.post_n(queue, 2)
    assert [m["href"].rsplit("/", 1)[1] for m in other.list_all(queue)] == ids


# ---------------------------------------------------------------------------------------------
# GET /queues
# ---------------------------------------------------------------------------------------------


def test_list_queues_204_empty_project(api):
    assert_no_body(api.get("/queues"), 204)


def test_list_queues_200_shape_sorted_content_location(api):
    names = sorted(api.create_queue(new_queue_name(p)) for p in ("b", "a", "c"))
    r = api.get("/queues")
    assert r.status_code == 200
    assert_json_ct(r)
    assert r.headers["Content-Location"] == "/v1/queues"
    doc = r.json()
    assert set(doc) == {"queues", "links"}
    assert doc["queues"] == [{"name": n, "href": "/v1/queues/" + n} for n in names]
    path, params = next_query(doc)
    assert path == "/v1/queues"
    assert params["marker"] == names[-1]


def test_list_queues_content_location_keeps_query(api, queue):
    r = api.get("/queues", query="limit=5&detailed=false")
    assert r.status_code == 200
    assert r.headers["Content-Location"] == "/v1/queues?limit=5&detailed=false"


def test_list_queues_byte_order(api):
    names = ["A-" + uuid.uuid4().hex[:4], "Z_x", "_under", "a-low", "z9", "0zero", "-dash"]
    for n in names:
        api.create_queue(n)
    doc = api.get("/queues", query="limit=100").json()
    assert [q["name"] for q in doc["queues"]] == sorted(names, key=lambda s: s.encode())


def test_list_queues_default_limit_10(api):
    names = sorted(api.create_queue("q%02d" % i) for i in range(12))
    doc = api.get("/queues").json()
    assert [q["name"] for q in doc["queues"]] == names[:10]


def test_list_queues_paging_terminates_with_204(api):
    names = sorted(api.create_queue() for _ in range(5))
    seen = []
    r = api.get("/queues", query="limit=2")
    pages = 0
    while r.status_code == 200:
        pages += 1
        assert pages < 10
        doc = r.json()
        assert 1 <= len(doc["queues"]) <= 2
        seen.extend(q["name"] for q in doc["queues"])
        r = api.follow(next_href(doc))
    assert_no_body(r, 204)
    assert seen == names
    assert pages == 3


def test_list_queues_next_link_carries_sent_params(api):
    names = sorted(api.create_queue() for _ in range(3))
    doc = api.get("/queues", query="limit=2&detailed=true").json()
    path, params = next_query(doc)
    assert path == "/v1/queues"
    assert params["limit"] == "2"
    assert params["detailed"] == "true"
    assert params["marker"] == names[1]
    doc2 = api.follow(next_href(doc)).json()
    assert [q["name"] for q in doc2["queues"]] == names[2:]
    assert all("metadata" in q for q in doc2["queues"])


def test_list_queues_next_link_renders_booleans_true_false(api, queue):
    doc = api.get("/queues", query="limit=2&detailed=yes").json()
    assert next_query(doc)[1]["detailed"] == "true"
    doc = api.get("/queues", query="limit=2&detailed=no").json()
    assert next_query(doc)[1]["detailed"] == "false"


def test_list_queues_detailed_includes_metadata_empty_object_if_none(api):
    q1, q2 = sorted([api.create_queue(), api.create_queue()])
    meta = {"owner": "media", "n": [1, 2, {"x": None}], "ü": "ß"}
    assert api.put(f"/queues/{q2}/metadata", body=meta).status_code == 204
    doc = api.get("/queues", query="detailed=true").json()
    assert doc["queues"] == [
        {"name": q1, "href": "/v1/queues/" + q1, "metadata": {}},
        {"name": q2, "href": "/v1/queues/" + q2, "metadata": meta},
    ]


def test_list_queues_not_detailed_has_no_metadata(api, queue):
    api.put(f"/queues/{queue}/metadata", body={"a": 1})
    for query in (None, "detailed=false"):
        doc = api.get("/queues", query=query).json()
        assert doc["queues"] == [{"name": queue, "href": "/v1/queues/" + queue}]


def test_list_queues_marker_strictly_greater(api):
    names = sorted(api.create_queue() for _ in range(4))
    doc = api.get("/queues", query="marker=" + names[1]).json()
    assert [q["name"] for q in doc["queues"]] == names[2:]


def test_list_queues_marker_nonexistent_positions_cursor(api):
    names = sorted(api.create_queue(n) for n in ("b1", "b3", "b5"))
    doc = api.get("/queues", query="marker=b2").json()
    assert [q["name"] for q in doc["queues"]] == names[1:]


def test_list_queues_204_marker_past_end(api, queue):
    assert_no_body(api.get("/queues", query="marker=zzzz"), 204)


def test_list_queues_scoped_to_project(api, base_url):
    mine = api.create_queue()
    other = Api(base_url, project=new_project())
    theirs = other.create_queue()
    other.create_queue(mine)  # same name, other project: a different queue
    assert [q["name"] for q in api.get("/queues").json()["queues"]] == [mine]
    assert sorted(q["name"] for q in other.get("/queues").json()["queues"]) == sorted([mine, theirs])
    assert other.delete("/queues/" + mine).status_code == 204
    assert api.head("/queues/" + mine).status_code == 204


def test_list_queues_project_encoding_is_injective(base_url):
    # two different project ids whose naive encodings might collide
    base = uuid.uuid4().hex[:8]
    a = Api(base_url, project="x/" + base)
    b = Api(base_url, project="x%2F" + base)
    c = Api(base_url, project="x%252F" + base)
    qa = a.create_queue()
    assert b.head("/queues/" + qa).status_code == 404
    assert c.head("/queues/" + qa).status_code == 404
    assert_no_body(b.get("/queues"), 204)
    assert [q["name"] for q in a.get("/queues").json()["queues"]] == [qa]


def test_list_queues_path_form_hrefs_without_project(api_path):
    q = api_path.create_queue()
    r = api_path.get("/queues", query="limit=5")
    assert r.status_code == 200
    doc = r.json()
    assert doc["queues"] == [{"name": q, "href": "/v1/queues/" + q}]
    path, params = next_query(doc)
    assert path == "/v1/queues"
    assert api_path.project not in r.text
    assert r.headers["Content-Location"] in ("/v1/queues?limit=5", api_path.prefix() + "/queues?limit=5")


def test_list_queues_path_form_trailing_slash(api_path):
    q = api_path.create_queue()
    r = api_path.get("/queues/")
    assert r.status_code == 200
    assert [x["name"] for x in r.json()["queues"]] == [q]


def test_list_queues_path_project_wins_over_header(base_url):
    pa, pb = new_project(), new_project()
    qa = Api(base_url, project=pa).create_queue()
    Api(base_url, project=pb).create_queue()
    r = Api(base_url, project=pa, form="path").get("/queues", headers={"X-Project-Id": pb})
    assert [q["name"] for q in r.json()["queues"]] == [qa]


def test_list_queues_limit_max_accepted(api, queue):
    assert api.get("/queues", query="limit=%d" % MAX_QUEUES_PER_PAGE).status_code == 200
    assert api.get("/queues", query="limit=1").status_code == 200


@pytest.mark.parametrize("limit", ["0", "-1", "abc", "1.5", str(MAX_QUEUES_PER_PAGE + 1)])
def test_list_queues_400_bad_limit(api, queue, limit):
    assert_error(api.get("/queues", query="limit=" + limit), 400)


@pytest.mark.parametrize("value", ["maybe", "2", "yesno"])
def test_list_queues_400_bad_detailed(api, queue, value):
    assert_error(api.get("/queues", query="detailed=" + value), 400)


@pytest.mark.parametrize("value", ["true", "True", "TRUE", "yes", "1", "on", "t", "y"])
def test_list_queues_detailed_true_forms(api, queue, value):
    doc = api.get("/queues", query="detailed=" + value).json()
    assert doc["queues"][0]["metadata"] == {}


@pytest.mark.parametrize("value", ["false", "False", "no", "0", "off", "f", "n", ""])
def test_list_queues_detailed_false_forms(api, queue, value):
    doc = api.get("/queues", query="detailed=" + value).json()
    assert "metadata" not in doc["queues"][0]


def test_list_queues_unknown_params_ignored(api, queue):
    r = api.get("/queues", query="foo=bar&limit=3")
    assert r.status_code == 200
    assert [q["name"] for q in r.json()["queues"]] == [queue]


def test_list_queues_client_id_not_required(api, queue):
    assert api.get("/queues", headers={"Client-ID": None}).status_code == 200


def test_list_queues_trailing_slash(api, queue):
    r = api.get("/queues/")
    assert r.status_code == 200
    assert [q["name"] for q in r.json()["queues"]] == [queue]
