"""Queues under /v2 and /v1.1 (notes §1.2, decisions: lazy queues, reserved attributes,
_enable_encrypt_messages, stats shape)."""

import json
from urllib.parse import quote

import pytest

from cq2 import (
    CREATED_RE,
    OLDEST_KEYS,
    PATCH_CT,
    RESERVED_DEFAULTS,
    STATS_KEYS,
    STATS_KEYS_NONEMPTY,
    ZAQAR_MAX,
    assert_err,
    assert_json,
    assert_no_body,
    location_path,
    new_queue_name,
    next_params,
)

ZEROS = {"free": 0, "claimed": 0, "delayed": 0, "total": 0}


def with_defaults(meta):
    out = dict(RESERVED_DEFAULTS)
    out.update(meta)
    return out


def names(doc):
    return [x["name"] for x in doc["queues"]]


# =============================================================================================
# GET /queues
# =============================================================================================


@pytest.mark.parametrize("version", ["v2", "v1.1"])
def test_list_empty_project_200_exact(api, version):
    r = api.clone(version=version).get("/queues")
    assert assert_json(r, 200) == {"queues": [], "links": []}


def test_list_items_name_and_href(api):
    qs = sorted(new_queue_name() for _ in range(3))
    for name in qs:
        api.create_queue(name)
    doc = assert_json(api.get("/queues"), 200)
    assert set(doc) == {"queues", "links"}, doc
    assert names(doc) == qs
    for item, name in zip(doc["queues"], qs):
        assert item == {"name": name, "href": "/v2/queues/" + name}, item


def test_list_paging_with_marker_links_until_empty_page(api):
    qs = sorted(new_queue_name() for _ in range(5))
    for name in qs:
        api.create_queue(name)
    seen = []
    doc = assert_json(api.get("/queues", query="limit=2"), 200)
    pages = []
    for _ in range(10):
        if not doc["queues"]:
            assert doc == {"queues": [], "links": []}, doc
            break
        pages.append(len(doc["queues"]))
        seen += names(doc)
        path, params = next_params(doc)
        assert path == "/v2/queues", path
        assert params["marker"] == doc["queues"][-1]["name"], params
        doc = assert_json(api.follow(doc["links"][0]["href"]), 200)
    assert seen == qs
    assert pages == [2, 2, 1]


def test_list_default_page_is_10(api):
    for _ in range(12):
        api.create_queue()
    assert len(assert_json(api.get("/queues"), 200)["queues"]) == 10


def test_list_detailed_has_metadata_with_reserved_defaults(api):
    a = api.create_queue(metadata={"owner": "x", "n": [1, 2]})
    b = api.create_queue()
    doc = assert_json(api.get("/queues", query="detailed=true"), 200)
    by_name = {x["name"]: x for x in doc["queues"]}
    assert set(by_name) == {a, b}
    for item in doc["queues"]:
        assert set(item) == {"name", "href", "metadata"}, item
    assert by_name[a]["metadata"] == with_defaults({"owner": "x", "n": [1, 2]})
    assert by_name[b]["metadata"] == RESERVED_DEFAULTS


def test_list_with_count(api):
    for _ in range(3):
        api.create_queue()
    doc = assert_json(api.get("/queues", query="with_count=true&limit=2"), 200)
    assert set(doc) == {"queues", "links", "count"}, doc
    assert doc["count"] == 3
    assert len(doc["queues"]) == 2


def test_list_without_with_count_has_no_count(api):
    api.create_queue()
    assert set(assert_json(api.get("/queues"), 200)) == {"queues", "links"}


@pytest.mark.parametrize("limit", ["0", "21", "-1", "abc"])
def test_list_limit_out_of_range_400_zaqar(api, limit):
    assert_err(api.get("/queues", query="limit=" + limit), 400)


def test_list_limit_20_ok_zaqar(api):
    assert_json(api.get("/queues", query="limit=%d" % ZAQAR_MAX), 200)


def test_list_limit_rackspace_profile_larger(rs):
    assert_json(rs.get("/queues", query="limit=1000"), 200)
    assert_err(rs.get("/queues", query="limit=1001"), 400)


def test_list_shows_lazily_created_queue(api, q):
    api.post_messages(q, [{"body": 1}])
    assert names(assert_json(api.get("/queues"), 200)) == [q]


# =============================================================================================
# PUT /queues/{q}
# =============================================================================================


def test_put_without_body_201_location_then_204(api, q):
    r = api.put("/queues/" + q)
    assert_no_body(r, 201)
    assert location_path(r)[0] == "/v2/queues/" + q
    assert_no_body(api.put("/queues/" + q), 204)
    assert api.metadata(q) == RESERVED_DEFAULTS


def test_put_with_metadata_201_and_get_returns_it_with_defaults(api, q):
    meta = {"owner": "team-a", "nested": {"x": [1, 2, {"y": None}]}, "flag": True, "uni": "ü€"}
    r = api.put("/queues/" + q, body=meta)
    assert_no_body(r, 201)
    assert api.metadata(q) == with_defaults(meta)


def test_put_empty_object_body_201(api, q):
    assert_no_body(api.put("/queues/" + q, body={}), 201)
    assert api.metadata(q) == RESERVED_DEFAULTS


def test_reput_does_not_change_metadata(api, q):
    api.put("/queues/" + q, body={"a": 1})
    assert_no_body(api.put("/queues/" + q, body={"a": 2, "b": 3}), 204)
    assert api.metadata(q) == with_defaults({"a": 1})


def test_put_stored_reserved_values_are_shown(api, q):
    meta = {"_default_message_ttl": 120, "_max_messages_post_size": 1000, "_default_message_delay": 5,
            "_max_claim_count": 3, "_dead_letter_queue": "dlq", "_dead_letter_queue_messages_ttl": 600,
            "_enable_encrypt_messages": False, "k": "v"}
    assert_no_body(api.put("/queues/" + q, body=meta), 201)
    assert api.metadata(q) == meta


@pytest.mark.parametrize("data", [b"[1, 2]", b'"text"', b"5", b"null", b"true"],
                         ids=["array", "string", "number", "null", "true"])
def test_put_non_object_body_400(api, q, data):
    r = api.put("/queues/" + q, data=data, headers={"Content-Type": "application/json"})
    # Zaqar: an array is "Document type not supported.", a scalar "Request body could not be parsed."
    assert_err(r, 400, description="Document type not supported." if data.startswith(b"[") else None)
    assert names(assert_json(api.get("/queues"), 200)) == []


def test_put_malformed_json_400(api, q):
    r = api.put("/queues/" + q, data=b'{"a": ', headers={"Content-Type": "application/json"})
    assert_err(r, 400)
    assert names(assert_json(api.get("/queues"), 200)) == []


@pytest.mark.parametrize("name", ["bad name", "a*b", "x" * 65, "caf\u00e9", "a,b"],
                         ids=["space", "star", "65-chars", "non-ascii", "comma"])
def test_put_bad_name_400(api, name):
    r = api.put("/queues/" + quote(name, safe=""))
    assert_err(r, 400, "Invalid queue identification")
    assert names(assert_json(api.get("/queues"), 200)) == []


@pytest.mark.parametrize("name", ["x" * 64, "a.b", "A-z_0.9"], ids=["64-chars", "dot", "mixed"])
def test_put_good_names_201(api, name):
    assert_no_body(api.put("/queues/" + name), 201)
    assert name in names(assert_json(api.get("/queues"), 200))


def test_put_metadata_over_64k_400_zaqar(api, q):
    meta = {"big": "x" * 65536}
    r = api.put("/queues/" + q, body=meta)
    assert_err(r, 400)
    assert names(assert_json(api.get("/queues"), 200)) == []


def test_put_metadata_over_64k_fine_on_rackspace(rs, q):
    assert_no_body(rs.put("/queues/" + q, body={"big": "x" * 70000}), 201)


# =============================================================================================
# GET /queues/{q}
# =============================================================================================


def test_get_missing_queue_v2_200_reserved_defaults(api, q):
    assert api.metadata(q) == RESERVED_DEFAULTS
    # a GET creates nothing
    assert names(assert_json(api.get("/queues"), 200)) == []


def test_get_missing_queue_v11_200_empty_object(api11, q):
    assert assert_json(api11.get("/queues/" + q), 200) == {}
    assert assert_json(api11.get("/queues"), 200) == {"queues": [], "links": []}


def test_get_v11_shows_stored_metadata_without_defaults(api11, q):
    api11.create_queue(q, metadata={"a": 1})
    assert assert_json(api11.get("/queues/" + q), 200) == {"a": 1}


def test_v11_stores_reserved_attributes_as_given_without_defaults(api11, q):
    assert_no_body(api11.put("/queues/" + q, body={"_default_message_ttl": 120, "_max_claim_count": 2}), 201)
    assert assert_json(api11.get("/queues/" + q), 200) == {"_default_message_ttl": 120, "_max_claim_count": 2}


def test_v11_ignores_queue_default_ttl_for_posts(api11, q):
    api11.create_queue(q, metadata={"_default_message_ttl": 120})
    (mid,) = api11.post_messages(q, [{"body": 1}])
    assert assert_json(api11.get(f"/queues/{q}/messages/{mid}"), 200)["ttl"] == 3600


@pytest.mark.parametrize("version", ["v2", "v1.1"])
def test_head_queue_405(api, q, version):
    a = api.clone(version=version)
    a.create_queue(q)
    r = a.head("/queues/" + q)
    assert r.status_code == 405, r.status_code


# =============================================================================================
# PATCH /queues/{q} (json-patch)
# =============================================================================================


def test_patch_wrong_media_type_415(api, q):
    api.create_queue(q)
    ops = [{"op": "add", "path": "/metadata/a", "value": 1}]
    for ct in ["application/json", "application/json-patch+json", "text/plain"]:
        r = api.patch_queue(q, ops, content_type=ct)
        assert_err(r, 415)
    assert api.metadata(q) == RESERVED_DEFAULTS


def test_patch_add_replace_remove_200_full_metadata(api, q):
    api.create_queue(q, metadata={"keep": 0})
    r = api.patch_queue(q, [{"op": "add", "path": "/metadata/a", "value": {"x": 1}}])
    assert assert_json(r, 200) == with_defaults({"keep": 0, "a": {"x": 1}})
    r = api.patch_queue(q, [{"op": "replace", "path": "/metadata/a", "value": [1]}])
    assert assert_json(r, 200) == with_defaults({"keep": 0, "a": [1]})
    r = api.patch_queue(q, [{"op": "remove", "path": "/metadata/a"}])
    assert assert_json(r, 200) == with_defaults({"keep": 0})
    assert api.metadata(q) == with_defaults({"keep": 0})


def test_patch_several_ops_in_order(api, q):
    api.create_queue(q)
    ops = [{"op": "add", "path": "/metadata/a", "value": 1},
           {"op": "replace", "path": "/metadata/a", "value": 2},
           {"op": "add", "path": "/metadata/b", "value": 3},
           {"op": "remove", "path": "/metadata/b"}]
    assert assert_json(api.patch_queue(q, ops), 200) == with_defaults({"a": 2})


def test_patch_add_existing_key_overwrites(api, q):
    api.create_queue(q, metadata={"a": 1})
    assert assert_json(api.patch_queue(q, [{"op": "add", "path": "/metadata/a", "value": 9}]), 200) == with_defaults({"a": 9})


def test_patch_replace_reserved_default_allowed(api, q):
    api.create_queue(q)
    r = api.patch_queue(q, [{"op": "replace", "path": "/metadata/_default_message_ttl", "value": 120}])
    assert assert_json(r, 200) == with_defaults({"_default_message_ttl": 120})
    (mid,) = api.post_messages(q, [{"body": 1}])
    assert assert_json(api.get(f"/queues/{q}/messages/{mid}"), 200)["ttl"] == 120


def test_patch_remove_reserved_default_not_stored_is_a_no_op(api, q):
    # python-zaqarclient's Queue.metadata(new_meta=...) sends "remove" for every key it was shown,
    # the reserved defaults included; Zaqar lets a reserved name be removed when it is not stored
    api.create_queue(q, metadata={"a": 1})
    ops = [{"op": "remove", "path": "/metadata/" + k} for k in RESERVED_DEFAULTS]
    assert assert_json(api.patch_queue(q, ops), 200) == with_defaults({"a": 1})
    assert api.metadata(q) == with_defaults({"a": 1})


def test_patch_remove_stored_reserved_value_back_to_default(api, q):
    api.create_queue(q, metadata={"_default_message_ttl": 120})
    r = api.patch_queue(q, [{"op": "remove", "path": "/metadata/_default_message_ttl"}])
    assert assert_json(r, 200) == RESERVED_DEFAULTS
    (mid,) = api.post_messages(q, [{"body": 1}])
    assert assert_json(api.get(f"/queues/{q}/messages/{mid}"), 200)["ttl"] == 3600


def test_patch_replace_missing_key_409(api, q):
    api.create_queue(q, metadata={"a": 1})
    r = api.patch_queue(q, [{"op": "replace", "path": "/metadata/nope", "value": 1}])
    assert_err(r, 409)
    assert api.metadata(q) == with_defaults({"a": 1})


def test_patch_remove_missing_key_409(api, q):
    api.create_queue(q, metadata={"a": 1})
    assert_err(api.patch_queue(q, [{"op": "remove", "path": "/metadata/nope"}]), 409)
    assert api.metadata(q) == with_defaults({"a": 1})


def test_patch_409_applies_nothing(api, q):
    api.create_queue(q, metadata={"a": 1})
    ops = [{"op": "add", "path": "/metadata/b", "value": 2}, {"op": "remove", "path": "/metadata/nope"}]
    assert_err(api.patch_queue(q, ops), 409)
    assert api.metadata(q) == with_defaults({"a": 1})


@pytest.mark.parametrize("ops", [
    [{"op": "add", "path": "/metadata", "value": 1}],
    [{"op": "add", "path": "/other/a", "value": 1}],
    [{"op": "add", "path": "/metadata/a/b", "value": 1}],
    [{"op": "add", "path": "metadata/a", "value": 1}],
    [{"op": "add", "path": "", "value": 1}],
    [{"op": "move", "path": "/metadata/a", "from": "/metadata/b"}],
    [{"op": "copy", "path": "/metadata/a", "from": "/metadata/b"}],
    [{"op": "test", "path": "/metadata/a", "value": 1}],
    [{"op": "add", "path": "/metadata/a"}],
    [{"path": "/metadata/a", "value": 1}],
    [{"op": "add", "value": 1}],
    [1],
    {"op": "add", "path": "/metadata/a", "value": 1},
], ids=["one-part", "not-metadata", "three-parts", "no-leading-slash", "empty-path", "move", "copy", "test",
        "add-without-value", "no-op", "no-path", "not-objects", "object-not-array"])
def test_patch_bad_document_400(api, q, ops):
    api.create_queue(q, metadata={"b": 1})
    assert_err(api.patch_queue(q, ops), 400)
    assert api.metadata(q) == with_defaults({"b": 1})


def test_patch_missing_queue_404(api, q):
    r = api.patch_queue(q, [{"op": "add", "path": "/metadata/a", "value": 1}])
    assert_err(r, 404)
    assert names(assert_json(api.get("/queues"), 200)) == []


def test_patch_empty_body_400(api, q):
    api.create_queue(q)
    r = api.patch("/queues/" + q, data=b"", headers={"Content-Type": PATCH_CT})
    assert_err(r, 400)


def test_patch_malformed_json_400(api, q):
    api.create_queue(q)
    r = api.patch("/queues/" + q, data=b"[{", headers={"Content-Type": PATCH_CT})
    assert_err(r, 400)


def test_patch_invalid_reserved_value_400_and_unchanged(api, q):
    api.create_queue(q)
    r = api.patch_queue(q, [{"op": "add", "path": "/metadata/_default_message_ttl", "value": 30}])
    assert_err(r, 400)
    assert api.metadata(q) == RESERVED_DEFAULTS


def test_patch_encrypt_true_400(api, q):
    api.create_queue(q)
    r = api.patch_queue(q, [{"op": "add", "path": "/metadata/_enable_encrypt_messages", "value": True}])
    assert_err(r, 400, description="Encryption of messages at rest is not supported.")


def test_patch_over_64k_400_zaqar(api, q):
    api.create_queue(q)
    r = api.patch_queue(q, [{"op": "add", "path": "/metadata/big", "value": "x" * 65536}])
    assert_err(r, 400)
    assert api.metadata(q) == RESERVED_DEFAULTS


def test_patch_not_in_v11_405(api11, q):
    api11.create_queue(q)
    r = api11.patch_queue(q, [{"op": "add", "path": "/metadata/a", "value": 1}])
    assert r.status_code == 405, r.status_code


# =============================================================================================
# Reserved attributes: validation rows (PUT)
# =============================================================================================

BAD_RESERVED = [
    ({"_default_message_ttl": 59}, "_default_message_ttl can not exceed 1209600 seconds, and must be at least 60 seconds long."),
    ({"_default_message_ttl": 1209601}, "_default_message_ttl can not exceed 1209600 seconds, and must be at least 60 seconds long."),
    ({"_default_message_ttl": "3600"}, None),
    ({"_default_message_ttl": 60.5}, None),
    ({"_max_messages_post_size": "x"}, "_max_messages_post_size must be integer."),
    ({"_max_messages_post_size": 0}, None),
    ({"_max_messages_post_size": 262145}, None),
    # Zaqar: "The TTL can not exceed 900 seconds, ..."; docs/api-v2.md names the attribute instead
    ({"_default_message_delay": -1}, None),
    ({"_default_message_delay": 901}, None),
    ({"_default_message_delay": "5"}, None),
    ({"_dead_letter_queue_messages_ttl": 59}, None),
    ({"_dead_letter_queue_messages_ttl": 1209601}, None),
    ({"_dead_letter_queue_messages_ttl": "600"}, None),
    ({"_max_claim_count": "3"}, None),
    ({"_enable_encrypt_messages": "yes"}, None),
    ({"_enable_encrypt_messages": 1}, None),
    ({"_enable_encrypt_messages": True}, "Encryption of messages at rest is not supported."),
]


@pytest.mark.parametrize("meta,description", BAD_RESERVED, ids=[
    "ttl-59", "ttl-1209601", "ttl-string", "ttl-float", "post-size-string", "post-size-0", "post-size-262145",
    "delay-minus-1", "delay-901", "delay-string", "dlq-ttl-59", "dlq-ttl-1209601", "dlq-ttl-string",
    "claim-count-string", "encrypt-string", "encrypt-int", "encrypt-true"])
def test_put_bad_reserved_attribute_400_nothing_created(api, q, meta, description):
    r = api.put("/queues/" + q, body=meta)
    assert_err(r, 400, description=description)
    assert names(assert_json(api.get("/queues"), 200)) == []


@pytest.mark.parametrize("meta", [
    {"_default_message_ttl": 60}, {"_default_message_ttl": 1209600},
    {"_max_messages_post_size": 1}, {"_max_messages_post_size": 262144},
    {"_default_message_delay": 0}, {"_default_message_delay": 900},
    {"_dead_letter_queue_messages_ttl": 60}, {"_dead_letter_queue_messages_ttl": 1209600},
    {"_max_claim_count": 1}, {"_enable_encrypt_messages": False},
    {"_dead_letter_queue": "some-dlq"},
], ids=lambda m: "%s=%s" % next(iter(m.items())))
def test_put_reserved_attribute_bounds_accepted(api, q, meta):
    assert_no_body(api.put("/queues/" + q, body=meta), 201)
    assert api.metadata(q) == with_defaults(meta)


def test_encrypt_false_is_shown_false(api, q):
    api.create_queue(q, metadata={"_enable_encrypt_messages": False})
    assert api.metadata(q)["_enable_encrypt_messages"] is False


# =============================================================================================
# DELETE /queues/{q}
# =============================================================================================


def test_delete_204_then_gone(api, q):
    api.create_queue(q, metadata={"a": 1})
    api.post_messages(q, [{"body": 1}])
    assert_no_body(api.delete("/queues/" + q), 204)
    assert names(assert_json(api.get("/queues"), 200)) == []
    assert api.metadata(q) == RESERVED_DEFAULTS
    assert api.counts(q) == ZEROS


@pytest.mark.parametrize("version", ["v2", "v1.1"])
def test_delete_missing_queue_204(api, q, version):
    assert_no_body(api.clone(version=version).delete("/queues/" + q), 204)


# =============================================================================================
# GET /queues/{q}/stats
# =============================================================================================


@pytest.mark.parametrize("version", ["v2", "v1.1"])
def test_stats_missing_queue_zeros(api, q, version):
    r = api.clone(version=version).get(f"/queues/{q}/stats")
    assert assert_json(r, 200) == {"messages": ZEROS}


def test_stats_empty_existing_queue_zeros(api, q):
    api.create_queue(q)
    assert api.stats(q) == ZEROS


def test_stats_counts_and_oldest_newest_exact_shape(api, q):
    ids = api.post_messages(q, [{"body": i} for i in range(4)])
    cid, got = api.claim(q, ttl=60, limit=1)
    assert [m["id"] for m in got] == ids[:1]
    s = api.stats(q)
    assert set(s) == STATS_KEYS_NONEMPTY, s
    assert {k: s[k] for k in STATS_KEYS} == {"free": 3, "claimed": 1, "delayed": 0, "total": 4}
    for which, mid in (("oldest", ids[0]), ("newest", ids[-1])):
        entry = s[which]
        assert set(entry) == OLDEST_KEYS, entry
        assert entry["href"] == f"/v2/queues/{q}/messages/{mid}", entry
        assert CREATED_RE.match(entry["created"]), entry
        assert type(entry["age"]) is int and 0 <= entry["age"] < 60, entry


def test_stats_v11_same_shape(api, api11, q):
    ids = api.post_messages(q, [{"body": 1}, {"body": 2}])
    s = api11.stats(q)
    assert set(s) == STATS_KEYS_NONEMPTY, s
    assert s["oldest"]["href"] == f"/v1.1/queues/{q}/messages/{ids[0]}"
    assert s["newest"]["href"] == f"/v1.1/queues/{q}/messages/{ids[1]}"
    assert {k: s[k] for k in STATS_KEYS} == {"free": 2, "claimed": 0, "delayed": 0, "total": 2}


def test_stats_after_everything_deleted_back_to_zeros(api, q):
    ids = api.post_messages(q, [{"body": 1}, {"body": 2}])
    assert_no_body(api.delete(f"/queues/{q}/messages", query="ids=" + ",".join(ids)), 204)
    assert api.stats(q) == ZEROS


def test_stats_total_is_free_plus_claimed_plus_delayed(api, q):
    api.post_messages(q, [{"body": i} for i in range(3)])
    api.post_messages(q, [{"body": "later", "delay": 600}])
    api.claim(q, ttl=60, limit=2)
    s = api.counts(q)
    assert s == {"free": 1, "claimed": 2, "delayed": 1, "total": 4}, s


def test_stats_oldest_entry_has_no_message_fields(api, q):
    # Zaqar-on-Redis leaks body/ttl/claim fields here (a bug we do not copy)
    api.post_messages(q, [{"body": {"secret": 1}}])
    text = json.dumps(api.stats(q))
    assert "secret" not in text and "claim_id" not in text and "ttl" not in text, text
