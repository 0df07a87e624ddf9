"""Message checksums (notes §1.3; decisions: off by default; --message-checksums on adds
"checksum": "MD5:<hex>" to v2 message objects, the MD5 of Python's json.dumps(body) with its
default separators, ensure_ascii and the key order as received).

CQ_URL_CHECKSUMS is a gateway started with checksums on; without it those tests are skipped.
The normal gateway must never send a checksum."""

import hashlib
import json
import os

import pytest

from cq2 import Api2, POPPED_KEYS, assert_json, assert_message

URL = os.environ.get("CQ_URL_CHECKSUMS", "").rstrip("/")
needs_gateway = pytest.mark.skipif(not URL, reason="CQ_URL_CHECKSUMS is not set: no gateway with --message-checksums on")


def md5_of(body):
    return "MD5:" + hashlib.md5(json.dumps(body).encode("utf-8")).hexdigest()


@pytest.fixture
def capi():
    a = Api2(URL, "v2")
    yield a
    a.s.close()


def post_raw(api, q, body_text):
    """Posts one message whose body is given as JSON text (key order and escapes as written)."""
    data = ('{"messages": [{"ttl": 300, "body": %s}]}' % body_text).encode("utf-8")
    r = api.post(f"/queues/{q}/messages", data=data, headers={"Content-Type": "application/json"})
    assert r.status_code == 201, (r.status_code, r.text)
    return r.json()["resources"][0].rsplit("/", 1)[1]


def get_one(api, q, mid):
    return assert_json(api.get(f"/queues/{q}/messages/{mid}"), 200)


@needs_gateway
def test_checksum_of_known_object(capi, q):
    mid = post_raw(capi, q, '{"a": 1}')
    m = get_one(capi, q, mid)
    assert_message(m, q, mid=mid, checksum=True)
    assert m["checksum"] == "MD5:42b7b4f2921788ea14dac5566e6f06d0"


@needs_gateway
def test_checksum_of_string_body_includes_quotes(capi, q):
    mid = post_raw(capi, q, '"x"')
    assert get_one(capi, q, mid)["checksum"] == "MD5:" + hashlib.md5(b'"x"').hexdigest()


@needs_gateway
def test_checksum_non_ascii_uses_ascii_escapes(capi, q):
    # sent as raw UTF-8; Python's json.dumps escapes it as \u00e9 / \u20ac before hashing
    mid = post_raw(capi, q, '{"caf\u00e9": "\u20ac"}')
    expected = "MD5:" + hashlib.md5(b'{"caf\\u00e9": "\\u20ac"}').hexdigest()
    assert md5_of({"caf\u00e9": "\u20ac"}) == expected
    assert get_one(capi, q, mid)["checksum"] == expected


@needs_gateway
def test_checksum_keeps_key_order_as_received(capi, q):
    mid = post_raw(capi, q, '{"b": 1, "a": [1, "x", null, true, false], "c": {"z": 0, "y": {}}}')
    expected = "MD5:" + hashlib.md5(b'{"b": 1, "a": [1, "x", null, true, false], "c": {"z": 0, "y": {}}}').hexdigest()
    assert get_one(capi, q, mid)["checksum"] == expected


@needs_gateway
def test_checksum_compact_input_is_reformatted(capi, q):
    # separators are json.dumps' (", " and ": "), whatever the client sent
    mid = post_raw(capi, q, '{"a":1,"b":[1,2]}')
    assert get_one(capi, q, mid)["checksum"] == md5_of({"a": 1, "b": [1, 2]})


@needs_gateway
@pytest.mark.parametrize("text,value", [("42", 42), ("[]", []), ("true", True), ('"\\n\\t"', "\n\t")],
                         ids=["int", "empty-array", "true", "control-escapes"])
def test_checksum_scalars(capi, q, text, value):
    mid = post_raw(capi, q, text)
    assert get_one(capi, q, mid)["checksum"] == md5_of(value)


@needs_gateway
def test_checksum_in_list_ids_claim_and_pop(capi, q):
    mid = post_raw(capi, q, '{"a": 1}')
    want = "MD5:42b7b4f2921788ea14dac5566e6f06d0"
    listed = capi.list_page(q, "echo=true")["messages"]
    assert [m["checksum"] for m in listed] == [want]
    by_ids = assert_json(capi.get(f"/queues/{q}/messages", query="ids=" + mid), 200)["messages"]
    assert [m["checksum"] for m in by_ids] == [want]
    cid, claimed = capi.claim(q, ttl=60)
    assert_message(claimed[0], q, mid=mid, claim_id=cid, checksum=True)
    assert claimed[0]["checksum"] == want
    capi.release(q, cid)
    popped = assert_json(capi.delete(f"/queues/{q}/messages", query="pop=1"), 200)["messages"]
    assert set(popped[0]) == POPPED_KEYS | {"checksum"}, popped[0]
    assert popped[0]["checksum"] == want


def test_no_checksum_on_the_normal_gateways(api, rs, q):
    for a in (api, rs):
        mid = post_raw(a, q, '{"a": 1}')
        m = get_one(a, q, mid)
        assert "checksum" not in m, m
        assert_message(m, q, mid=mid)
        cid, claimed = a.claim(q, ttl=60)
        assert all("checksum" not in x for x in claimed)
