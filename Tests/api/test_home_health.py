"""§6.1 home document, §6.2 health, §8 rows "GET /v1" and "GET/HEAD /v1/health"."""

import json

import pytest
import requests

from cq import new_project

EXPECTED_RESOURCES = {
    "rel/queues": {
        "href-template": "/v1/queues{?marker,limit,detailed}",
        "href-vars": {"marker": "param/marker", "limit": "param/queue_limit", "detailed": "param/detailed"},
        "allow": {"GET"},
        "post": False,
    },
    "rel/queue": {
        "href-template": "/v1/queues/{queue_name}",
        "href-vars": {"queue_name": "param/queue_name"},
        "allow": {"GET", "HEAD", "PUT", "DELETE"},
        "post": False,
    },
    "rel/queue-metadata": {
        "href-template": "/v1/queues/{queue_name}/metadata",
        "href-vars": {"queue_name": "param/queue_name"},
        "allow": {"GET", "PUT"},
        "post": False,
    },
    "rel/queue-stats": {
        "href-template": "/v1/queues/{queue_name}/stats",
        "href-vars": {"queue_name": "param/queue_name"},
        "allow": {"GET"},
        "post": False,
    },
    "rel/messages": {
        "href-template": "/v1/queues/{queue_name}/messages{?marker,limit,echo,include_claimed}",
        "href-vars": {
            "queue_name": "param/queue_name",
            "marker": "param/marker",
            "limit": "param/messages_limit",
            "echo": "param/echo",
            "include_claimed": "param/include_claimed",
        },
        "allow": {"GET"},
        "post": False,
    },
    "rel/post-messages": {
        "href-template": "/v1/queues/{queue_name}/messages",
        "href-vars": {"queue_name": "param/queue_name"},
        "allow": {"POST"},
        "post": True,
    },
    "rel/claim": {
        "href-template": "/v1/queues/{queue_name}/claims{?limit}",
        "href-vars": {"queue_name": "param/queue_name", "limit": "param/claim_limit"},
        "allow": {"POST"},
        "post": True,
    },
}


def assert_home_document(r):
    assert r.status_code == 200, (r.status_code, r.text[:300])
    ct = r.headers.get("Content-Type", "")
    assert ct.split(";")[0].strip().lower() == "application/json-home", ct
    cc = r.headers.get("Cache-Control", "").replace(" ", "").lower()
    assert "max-age=86400" in cc.split(","), r.headers.get("Cache-Control")
    doc = json.loads(r.content.decode("utf-8"))
    assert set(doc) == {"resources"}, list(doc)
    res = doc["resources"]
    assert set(res) == set(EXPECTED_RESOURCES), sorted(res)
    for rel, exp in EXPECTED_RESOURCES.items():
        got = res[rel]
        assert got["href-template"] == exp["href-template"], (rel, got)
        assert got["href-vars"] == exp["href-vars"], (rel, got)
        hints = got["hints"]
        assert set(hints["allow"]) == exp["allow"], (rel, hints)
        assert len(hints["allow"]) == len(exp["allow"]), (rel, hints)
        assert hints["formats"] == {"application/json": {}}, (rel, hints)
        if exp["post"]:
            assert hints["accept-post"] == ["application/json"], (rel, hints)
        else:
            assert "accept-post" not in hints, (rel, hints)
    return doc


def test_home_get_v1_200_json_home(base_url):
    assert_home_document(requests.get(base_url + "/v1", timeout=10))


def test_home_get_v1_trailing_slash_200(base_url):
    assert_home_document(requests.get(base_url + "/v1/", timeout=10))


def test_home_without_project_and_with_project_header_same_document(base_url):
    a = assert_home_document(requests.get(base_url + "/v1", timeout=10))
    b = assert_home_document(requests.get(base_url + "/v1", headers={"X-Project-Id": new_project()}, timeout=10))
    assert a == b


def test_home_project_in_path_is_home_document(base_url):
    # RAX form: /v1/{project_id} alone is the home document (§14)
    p = new_project()
    a = assert_home_document(requests.get(base_url + "/v1", timeout=10))
    assert assert_home_document(requests.get(base_url + "/v1/" + p, timeout=10)) == a
    assert assert_home_document(requests.get(base_url + "/v1/" + p + "/", timeout=10)) == a


def test_home_get_v1_anything_is_home_document(base_url):
    assert_home_document(requests.get(base_url + "/v1/anything", timeout=10))


def test_home_hrefs_never_contain_project(base_url):
    p = new_project()
    r = requests.get(base_url + "/v1/" + p, headers={"X-Project-Id": p}, timeout=10)
    assert_home_document(r)
    assert p not in r.text


@pytest.mark.parametrize("accept", ["application/json", "*/*", "application/*",
                                    "text/html, application/json;q=0.9"])
def test_home_accept_admitting_json_200(base_url, accept):
    assert_home_document(requests.get(base_url + "/v1", headers={"Accept": accept}, timeout=10))


@pytest.mark.parametrize("path", ["/v1", "/v1/", "/v1/some-project"])
def test_home_406_accept_xml(base_url, path):
    r = requests.get(base_url + path, headers={"Accept": "application/xml"}, timeout=10)
    assert r.status_code == 406, (r.status_code, r.text[:300])
    if r.content:  # §14: the body may be empty; if present it is the usual JSON error
        doc = r.json()
        assert doc["title"] and doc["description"]


def test_health_get_204_no_body(base_url):
    r = requests.get(base_url + "/v1/health", timeout=10)
    assert r.status_code == 204, (r.status_code, r.text)
    assert r.content == b""


def test_health_head_204_no_body(base_url):
    r = requests.head(base_url + "/v1/health", timeout=10)
    assert r.status_code == 204
    assert r.content == b""


def test_health_trailing_slash_204(base_url):
    r = requests.get(base_url + "/v1/health/", timeout=10)
    assert r.status_code == 204, r.status_code


def test_health_with_project_header_204(base_url):
    r = requests.get(base_url + "/v1/health", headers={"X-Project-Id": new_project()}, timeout=10)
    assert r.status_code == 204, r.status_code


def test_health_406_accept_xml(base_url):
    r = requests.get(base_url + "/v1/health", headers={"Accept": "application/xml"}, timeout=10)
    assert r.status_code == 406, r.status_code
    r = requests.head(base_url + "/v1/health", headers={"Accept": "application/xml"}, timeout=10)
    assert r.status_code == 406, r.status_code


def test_health_405_unsupported_method_with_allow(base_url):
    r = requests.post(base_url + "/v1/health", timeout=10)
    assert r.status_code == 405, r.status_code
    allow = {m.strip().upper() for m in r.headers.get("Allow", "").split(",") if m.strip()}
    assert {"GET", "HEAD"} <= allow, r.headers.get("Allow")
    assert "POST" not in allow
