"""§6.7 PUT …/metadata, §6.8 GET …/metadata; §8 rows; §5 metadata size limit; §14 inclusive sizes."""

import json

import pytest

from cq import (
    MAX_METADATA_BYTES,
    Api,
    assert_error,
    assert_json_ct,
    assert_no_body,
    new_project,
    new_queue_name,
)


def metadata_of_size(n):
    """A JSON object whose serialized form is exactly n bytes."""
    prefix, suffix = b'{"k":"', b'"}'
    pad = n - len(prefix) - len(suffix)
    assert pad >= 0
    data = prefix + b"x" * pad + suffix
    assert len(data) == n
    return data


def test_get_metadata_200_empty_object_when_never_set(api, queue):
    r = api.get(f"/queues/{queue}/metadata")
    assert r.status_code == 200
    assert_json_ct(r)
    assert r.json() == {}
    assert r.headers["Content-Location"] == f"/v1/queues/{queue}/metadata"


def test_put_metadata_204_location_then_get_roundtrip(api, queue):
    meta = {
        "owner": "media",
        "nested": {"list": [1, -2, 3.5, True, False, None, "s"], "empty": {}, "arr": []},
        "unicode": "héllo ☃ 😀 中文",
        "big": 2**63 - 1,
        "neg": -(2**63),
    }
    r = api.put(f"/queues/{queue}/metadata", body=meta)
    assert_no_body(r, 204)
    assert r.headers["Location"] == f"/v1/queues/{queue}/metadata"
    r = api.get(f"/queues/{queue}/metadata")
    assert r.status_code == 200
    assert r.json() == meta
    # non-ASCII is not escaped in responses
    assert "☃".encode("utf-8") in r.content and b"\\u2603" not in r.content


def test_put_metadata_replaces_whole_document(api, queue):
    assert api.put(f"/queues/{queue}/metadata", body={"a": 1, "b": 2}).status_code == 204
    assert api.put(f"/queues/{queue}/metadata", body={"c": 3}).status_code == 204
    assert api.get(f"/queues/{queue}/metadata").json() == {"c": 3}
    assert api.put(f"/queues/{queue}/metadata", body={}).status_code == 204
    assert api.get(f"/queues/{queue}/metadata").json() == {}


def test_put_metadata_path_form_204_location_without_project(api, api_path, queue):
    r = api_path.put(f"/queues/{queue}/metadata", body={"x": "y"})
    assert_no_body(r, 204)
    assert r.headers["Location"] == f"/v1/queues/{queue}/metadata"
    assert api.get(f"/queues/{queue}/metadata").json() == {"x": "y"}


def test_get_metadata_path_form_200(api, api_path, queue):
    api.put(f"/queues/{queue}/metadata", body={"x": 1})
    r = api_path.get(f"/queues/{queue}/metadata")
    assert r.status_code == 200
    assert r.json() == {"x": 1}
    assert r.headers["Content-Location"] in (
        f"/v1/queues/{queue}/metadata",
        f"{api_path.prefix()}/queues/{queue}/metadata",
    )


def test_metadata_scoped_to_project(api, queue, base_url):
    other = Api(base_url, project=new_project())
    other.create_queue(queue)
    api.put(f"/queues/{queue}/metadata", body={"mine": True})
    assert other.get(f"/queues/{queue}/metadata").json() == {}


def test_put_metadata_404_missing_queue_not_created(api):
    q = new_queue_name()
    assert_error(api.put(f"/queues/{q}/metadata", body={"a": 1}), 404, "Not found")
    assert api.head("/queues/" + q).status_code == 404


def test_get_metadata_404_missing_queue(api):
    assert_error(api.get(f"/queues/{new_queue_name()}/metadata"), 404, "Not found")


def test_get_metadata_404_path_form(api_path):
    assert_error(api_path.get(f"/queues/{new_queue_name()}/metadata"), 404, "Not found")


@pytest.mark.parametrize("name", ["a" * 65, "with.dot", "%C3%A9"], ids=["65-chars", "dot", "non-ascii"])
def test_get_metadata_400_invalid_name(api, name):
    assert_error(api.get(f"/queues/{name}/metadata"), 400, "Invalid queue identification")


@pytest.mark.parametrize("name", ["a" * 65, "with.dot", "%C3%A9"], ids=["65-chars", "dot", "non-ascii"])
def test_put_metadata_400_invalid_name(api, name):
    assert_error(api.put(f"/queues/{name}/metadata", body={"a": 1}), 400, "Invalid queue identification")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"   ", id="whitespace"),
        pytest.param(b"{", id="truncated"),
        pytest.param(b"{'a': 1}", id="single-quotes"),
        pytest.param(b'{"a": 1} x', id="trailing-garbage"),
        pytest.param(b"[]", id="array"),
        pytest.param(b'[{"a": 1}]', id="array-of-object"),
        pytest.param(b'"str"', id="string"),
        pytest.param(b"42", id="number"),
        pytest.param(b"null", id="null"),
        pytest.param(b"true", id="true"),
        pytest.param(b'{"a": 9223372036854775808}', id="int64-overflow"),
        pytest.param(b'{"a": -9223372036854775809}', id="int64-underflow"),
        pytest.param(b'{"a": "\xff\xfe"}', id="invalid-utf8"),
        pytest.param('{"a": 1}'.encode("utf-16"), id="utf16"),
    ],
)
def test_put_metadata_400_bad_body(api, queue, data):
    assert_error(api.put(f"/queues/{queue}/metadata", data=data, headers={"Content-Type": "application/json"}), 400)
    assert api.get(f"/queues/{queue}/metadata").json() == {}


@pytest.mark.parametrize("key", ["_default_message_ttl", "_", "_x"])
def test_put_metadata_400_reserved_underscore_key(api, queue, key):
    assert_error(api.put(f"/queues/{queue}/metadata", body={"ok": 1, key: 1}), 400)
    assert api.get(f"/queues/{queue}/metadata").json() == {}


def test_put_metadata_underscore_only_checked_on_top_level_keys(api, queue):
    meta = {"a": {"_nested": 1}, "b_": 2}
    assert api.put(f"/queues/{queue}/metadata", body=meta).status_code == 204
    assert api.get(f"/queues/{queue}/metadata").json() == meta


def test_put_metadata_size_exactly_max_accepted(api, queue):
    data = metadata_of_size(MAX_METADATA_BYTES)
    r = api.put(f"/queues/{queue}/metadata", data=data, headers={"Content-Type": "application/json"})
    assert r.status_code == 204, (r.status_code, r.text[:300])
    got = api.get(f"/queues/{queue}/metadata").json()
    assert got == json.loads(data)


def test_put_metadata_size_max_plus_one_400(api, queue):
    data = metadata_of_size(MAX_METADATA_BYTES + 1)
    assert_error(api.put(f"/queues/{queue}/metadata", data=data, headers={"Content-Type": "application/json"}), 400)
    assert api.get(f"/queues/{queue}/metadata").json() == {}


def test_put_metadata_size_counts_whitespace(api, queue):
    # size is the raw Content-Length, whitespace included
    inner = metadata_of_size(MAX_METADATA_BYTES - 10)
    data = inner + b" " * 11
    assert len(data) == MAX_METADATA_BYTES + 1
    assert_error(api.put(f"/queues/{queue}/metadata", data=data, headers={"Content-Type": "application/json"}), 400)


def test_put_metadata_400_urlencoded_content_type(api, queue):
    r = api.put(
        f"/queues/{queue}/metadata",
        data=b'{"a": 1}',
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_error(r, 400, "Invalid Content-Type")


@pytest.mark.parametrize("ct", [None, "application/json", "application/json; charset=utf-8"])
def test_put_metadata_content_type_json_or_missing_accepted(api, queue, ct):
    headers = {"Content-Type": ct} if ct else {}
    r = api.put(f"/queues/{queue}/metadata", data=b'{"a": 1}', headers=headers)
    assert r.status_code == 204, (ct, r.status_code, r.text)


def test_put_metadata_client_id_not_required(api, queue):
    r = api.put(f"/queues/{queue}/metadata", body={"a": 1}, headers={"Client-ID": None})
    assert r.status_code == 204
    assert api.get(f"/queues/{queue}/metadata", headers={"Client-ID": None}).json() == {"a": 1}


def test_metadata_trailing_slash(api, queue):
    assert api.put(f"/queues/{queue}/metadata/", body={"t": 1}).status_code == 204
    assert api.get(f"/queues/{queue}/metadata/").json() == {"t": 1}


def test_metadata_kept_when_messages_posted_and_claimed(api, queue):
    api.put(f"/queues/{queue}/metadata", body={"keep": "me"})
    api.post_n(queue, 3)
    api.claim(queue)
    assert api.get(f"/queues/{queue}/metadata").json() == {"keep": "me"}
