"""Subscriptions (notes §1.6; decisions: CRUD only, no delivery; ids 24-hex; confirm by PUT).
v1.1 has none."""

import pytest

from cq2 import HEX24, SUBSCRIPTION_KEYS, assert_err, assert_json, assert_no_body, location_path, next_params

HOOK = "http://example.invalid/hook"


def create(api, q, body):
    return api.post(f"/queues/{q}/subscriptions", body=body)


def create_ok(api, q, subscriber=HOOK, **extra):
    r = create(api, q, {"subscriber": subscriber, **extra})
    doc = assert_json(r, 201)
    assert set(doc) == {"subscription_id"}, doc
    return doc["subscription_id"]


def get_sub(api, q, sid):
    return assert_json(api.get(f"/queues/{q}/subscriptions/{sid}"), 200)


def confirm(api, q, sid, value=True):
    return api.put(f"/queues/{q}/subscriptions/{sid}/confirm", body={"confirmed": value})


# ---- create --------------------------------------------------------------------------------


def test_create_201_id_and_location(api, q):
    r = create(api, q, {"subscriber": HOOK, "ttl": 3600, "options": {"k": "v"}})
    doc = assert_json(r, 201)
    assert set(doc) == {"subscription_id"}, doc
    assert HEX24.match(doc["subscription_id"]), doc
    assert location_path(r)[0] == f"/v2/queues/{q}/subscriptions"


@pytest.mark.parametrize("subscriber", ["http://example.invalid/a", "https://example.invalid/b?x=1",
                                        "mailto:ops@example.invalid", "trust+http://example.invalid/c",
                                        "trust+https://example.invalid/d"])
def test_create_accepted_schemes(api, q, subscriber):
    sid = create_ok(api, q, subscriber)
    assert get_sub(api, q, sid)["subscriber"] == subscriber


def test_create_creates_missing_queue(api, q):
    create_ok(api, q)
    assert [x["name"] for x in assert_json(api.get("/queues"), 200)["queues"]] == [q]


def test_get_200_exact_shape_and_defaults(api, q):
    sid = create_ok(api, q)
    doc = get_sub(api, q, sid)
    assert set(doc) == SUBSCRIPTION_KEYS, doc
    assert doc["id"] == sid
    assert doc["source"] == q
    assert doc["subscriber"] == HOOK
    assert doc["ttl"] == 3600
    assert doc["options"] == {}
    assert doc["confirmed"] is False
    assert type(doc["age"]) is int and 0 <= doc["age"] < 60


def test_get_shows_given_ttl_and_options(api, q):
    sid = create_ok(api, q, ttl=120, options={"post_data": {"a": 1}, "n": [1]})
    doc = get_sub(api, q, sid)
    assert (doc["ttl"], doc["options"]) == (120, {"post_data": {"a": 1}, "n": [1]})


def test_duplicate_unconfirmed_subscriber_201_same_id(api, q):
    sid = create_ok(api, q)
    assert create_ok(api, q) == sid
    assert [s["id"] for s in assert_json(api.get(f"/queues/{q}/subscriptions"), 200)["subscriptions"]] == [sid]


def test_duplicate_confirmed_subscriber_409(api, q):
    sid = create_ok(api, q)
    assert_no_body(confirm(api, q, sid), 204)
    assert_err(create(api, q, {"subscriber": HOOK}), 409)
    assert len(assert_json(api.get(f"/queues/{q}/subscriptions"), 200)["subscriptions"]) == 1


def test_same_subscriber_on_two_queues_two_subscriptions(api, q):
    a = create_ok(api, q)
    other = api.create_queue()
    b = create_ok(api, other)
    assert a != b


@pytest.mark.parametrize("body,description", [
    ({"subscriber": "ftp://example.invalid/x"}, None),
    ({"subscriber": "example.invalid/x"}, None),
    ({"ttl": 3600}, "Missing parameter subscriber in body."),
    ({}, None),
    ({"subscriber": HOOK, "ttl": 59}, None),
    ({"subscriber": HOOK, "ttl": "3600"}, None),
    ({"subscriber": HOOK, "options": "x"}, None),
    ([{"subscriber": HOOK}], None),
], ids=["ftp", "no-scheme", "missing-subscriber", "empty", "ttl-59", "ttl-string", "options-string", "array"])
def test_create_bad_body_400(api, q, body, description):
    assert_err(create(api, q, body), 400, description=description)
    assert assert_json(api.get(f"/queues/{q}/subscriptions"), 200)["subscriptions"] == []


def test_create_without_body_400(api, q):
    assert_err(api.post(f"/queues/{q}/subscriptions"), 400)


# ---- list ----------------------------------------------------------------------------------


def test_list_empty_200(api, q):
    assert assert_json(api.get(f"/queues/{q}/subscriptions"), 200) == {"subscriptions": [], "links": []}


def test_list_paging_until_empty_page(api, q):
    sids = [create_ok(api, q, "http://example.invalid/%d" % i) for i in range(5)]
    seen, pages = [], []
    doc = assert_json(api.get(f"/queues/{q}/subscriptions", query="limit=2"), 200)
    for _ in range(10):
        if not doc["subscriptions"]:
            assert doc == {"subscriptions": [], "links": []}
            break
        assert set(doc) == {"subscriptions", "links"}
        for s in doc["subscriptions"]:
            assert set(s) == SUBSCRIPTION_KEYS, s
            assert s["source"] == q
        pages.append(len(doc["subscriptions"]))
        seen += [s["id"] for s in doc["subscriptions"]]
        path, params = next_params(doc)
        assert path == f"/v2/queues/{q}/subscriptions"
        doc = assert_json(api.follow(doc["links"][0]["href"]), 200)
    assert pages == [2, 2, 1]
    assert sorted(seen) == sorted(sids) and len(set(seen)) == 5


@pytest.mark.parametrize("limit", ["0", "21", "x"])
def test_list_limit_out_of_range_400_zaqar(api, q, limit):
    assert_err(api.get(f"/queues/{q}/subscriptions", query="limit=" + limit), 400)


def test_list_only_this_queues_subscriptions(api, q):
    mine = create_ok(api, q)
    create_ok(api, api.create_queue(), "http://example.invalid/other")
    assert [s["id"] for s in assert_json(api.get(f"/queues/{q}/subscriptions"), 200)["subscriptions"]] == [mine]


# ---- get / patch / delete / confirm ----------------------------------------------------------


@pytest.mark.parametrize("sid", ["0" * 24, "nonsense"])
def test_get_missing_404(api, q, sid):
    create_ok(api, q)
    assert_err(api.get(f"/queues/{q}/subscriptions/{sid}"), 404)


def test_get_from_other_queue_404(api, q):
    sid = create_ok(api, q)
    assert_err(api.get(f"/queues/{api.create_queue()}/subscriptions/{sid}"), 404)


def test_patch_204_changes_fields(api, q):
    sid = create_ok(api, q, ttl=300)
    r = api.patch(f"/queues/{q}/subscriptions/{sid}",
                  body={"subscriber": "https://example.invalid/new", "ttl": 900, "options": {"x": 1}})
    assert_no_body(r, 204)
    doc = get_sub(api, q, sid)
    assert (doc["subscriber"], doc["ttl"], doc["options"]) == ("https://example.invalid/new", 900, {"x": 1})


def test_patch_one_field_keeps_the_others(api, q):
    sid = create_ok(api, q, ttl=300, options={"a": 1})
    assert_no_body(api.patch(f"/queues/{q}/subscriptions/{sid}", body={"ttl": 600}), 204)
    doc = get_sub(api, q, sid)
    assert (doc["subscriber"], doc["ttl"], doc["options"]) == (HOOK, 600, {"a": 1})


def test_patch_missing_404(api, q):
    create_ok(api, q)
    assert_err(api.patch(f"/queues/{q}/subscriptions/{'0' * 24}", body={"ttl": 600}), 404)


def test_patch_to_duplicate_subscriber_409(api, q):
    create_ok(api, q, "http://example.invalid/a")
    b = create_ok(api, q, "http://example.invalid/b")
    assert_err(api.patch(f"/queues/{q}/subscriptions/{b}", body={"subscriber": "http://example.invalid/a"}), 409)
    assert get_sub(api, q, b)["subscriber"] == "http://example.invalid/b"


@pytest.mark.parametrize("body", [{}, {"subscriber": "ftp://x"}, {"ttl": 10}, {"options": [1]}],
                         ids=["empty", "bad-scheme", "ttl-10", "options-list"])
def test_patch_bad_body_400(api, q, body):
    sid = create_ok(api, q, ttl=300)
    assert_err(api.patch(f"/queues/{q}/subscriptions/{sid}", body=body), 400)
    assert get_sub(api, q, sid)["ttl"] == 300


def test_delete_204_then_404(api, q):
    sid = create_ok(api, q)
    assert_no_body(api.delete(f"/queues/{q}/subscriptions/{sid}"), 204)
    assert_err(api.get(f"/queues/{q}/subscriptions/{sid}"), 404)
    assert_no_body(api.delete(f"/queues/{q}/subscriptions/{sid}"), 204)


def test_confirm_put_204_true_then_false(api, q):
    sid = create_ok(api, q)
    assert_no_body(confirm(api, q, sid, True), 204)
    assert get_sub(api, q, sid)["confirmed"] is True
    assert_no_body(confirm(api, q, sid, False), 204)
    assert get_sub(api, q, sid)["confirmed"] is False


@pytest.mark.parametrize("body", [{"confirmed": "yes"}, {}, {"confirmed": 1}], ids=["string", "missing", "int"])
def test_confirm_bad_body_400(api, q, body):
    sid = create_ok(api, q)
    assert_err(api.put(f"/queues/{q}/subscriptions/{sid}/confirm", body=body), 400)
    assert get_sub(api, q, sid)["confirmed"] is False


def test_confirm_missing_404(api, q):
    api.create_queue(q)
    assert_err(confirm(api, q, "0" * 24), 404)


def test_confirm_by_post_405(api, q):
    sid = create_ok(api, q)
    r = api.post(f"/queues/{q}/subscriptions/{sid}/confirm", body={"confirmed": True})
    assert r.status_code == 405, r.status_code


# ---- v1.1 ----------------------------------------------------------------------------------


@pytest.mark.parametrize("method,path", [("GET", "/queues/{q}/subscriptions"), ("POST", "/queues/{q}/subscriptions"),
                                         ("GET", "/queues/{q}/subscriptions/" + "0" * 24)])
def test_v11_has_no_subscriptions_404(api11, q, method, path):
    api11.create_queue(q)
    kw = {"body": {"subscriber": HOOK}} if method == "POST" else {}
    assert_err(api11.request(method, path.format(q=q), **kw), 404)
