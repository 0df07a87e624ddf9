"""GET / (versions, 300), the /v2/ and /v1.1/ home documents, /ping and /health
(notes §1.5, decisions: prefixes, versions document, health)."""

import json
import uuid

import pytest
import requests

from cq2 import MISSING_CLIENT_ID, assert_err, assert_no_body, new_project

VERSION_KEYS = {"id", "status", "updated", "media-types", "links"}
EXPECTED_VERSIONS = {
    "1": ("DEPRECATED", "/v1/", "application/vnd.openstack.messaging-v1+json"),
    "1.1": ("DEPRECATED", "/v1.1/", "application/vnd.openstack.messaging-v1_1+json"),
    "2": ("CURRENT", "/v2/", "application/vnd.openstack.messaging-v2+json"),
}


def hdrs(project=None):
    return {"Client-ID": str(uuid.uuid4()), "X-Project-ID": project or new_project()}


# ---- GET / ---------------------------------------------------------------------------------


def assert_versions(r):
    assert r.status_code == 300, (r.status_code, r.text[:300])
    assert r.headers["Content-Type"].split(";")[0].strip() == "application/json", r.headers["Content-Type"]
    doc = r.json()
    assert set(doc) == {"versions"}, doc
    versions = doc["versions"]
    assert isinstance(versions, list) and len(versions) == 3, versions
    by_id = {v["id"]: v for v in versions}
    assert set(by_id) == set(EXPECTED_VERSIONS), versions
    for vid, (status, href, media) in EXPECTED_VERSIONS.items():
        v = by_id[vid]
        assert set(v) == VERSION_KEYS, v
        assert v["status"] == status, v
        assert isinstance(v["updated"], str) and v["updated"], v
        assert v["links"] == [{"href": href, "rel": "self"}], v
        assert v["media-types"] == [{"base": "application/json", "type": media}], v
    return doc


def test_root_300_versions_without_any_header(zaqar_url):
    # keystoneauth's version discovery sends neither Client-ID nor X-Project-ID
    assert_versions(requests.get(zaqar_url + "/", timeout=10))


def test_root_300_versions_with_headers_same_document(zaqar_url):
    a = assert_versions(requests.get(zaqar_url + "/", timeout=10))
    b = assert_versions(requests.get(zaqar_url + "/", headers=hdrs(), timeout=10))
    assert a == b


def test_root_300_on_rackspace_gateway_too(base_url):
    assert_versions(requests.get(base_url + "/", timeout=10))


def test_root_does_not_redirect(zaqar_url):
    r = requests.get(zaqar_url + "/", allow_redirects=False, timeout=10)
    assert r.status_code == 300
    assert "Location" not in r.headers


# ---- home documents --------------------------------------------------------------------------

V2_RELS = {"rel/queues", "rel/queue", "rel/queue_stats", "rel/messages", "rel/post_messages", "rel/claim",
           "rel/post_claim", "rel/subscriptions_get", "rel/subscriptions_post", "rel/ping"}


def assert_home(r, version):
    assert r.status_code == 200, (r.status_code, r.text[:300])
    ct = r.headers.get("Content-Type", "")
    assert ct.split(";")[0].strip().lower() == "application/json-home", ct
    doc = json.loads(r.content.decode("utf-8"))
    assert isinstance(doc, dict) and isinstance(doc.get("resources"), dict), doc
    res = doc["resources"]
    assert res, doc
    for rel, entry in res.items():
        assert rel.startswith("rel/"), rel
        href = entry.get("href-template", entry.get("href"))   # a template, or a plain href (health)
        assert isinstance(href, str) and href.startswith("/%s/" % version), (rel, entry)
        allow = entry["hints"]["allow"]
        assert isinstance(allow, list) and allow, (rel, entry)
    return res


def test_home_v2_200(zaqar_url):
    res = assert_home(requests.get(zaqar_url + "/v2/", headers=hdrs(), timeout=10), "v2")
    assert V2_RELS <= set(res), sorted(res)
    assert res["rel/queue"]["href-template"] == "/v2/queues/{queue_name}"
    assert set(res["rel/queue"]["hints"]["allow"]) == {"GET", "PUT", "DELETE", "PATCH"}
    assert res["rel/queues"]["hints"]["allow"] == ["GET"]


def test_home_v2_without_trailing_slash_same_document(zaqar_url):
    h = hdrs()
    a = assert_home(requests.get(zaqar_url + "/v2/", headers=h, timeout=10), "v2")
    b = assert_home(requests.get(zaqar_url + "/v2", headers=h, timeout=10), "v2")
    assert a == b


def test_home_v11_200_without_v2_only_resources(zaqar_url):
    res = assert_home(requests.get(zaqar_url + "/v1.1/", headers=hdrs(), timeout=10), "v1.1")
    assert {"rel/queues", "rel/queue", "rel/messages", "rel/post_messages"} <= set(res), sorted(res)
    assert "PATCH" not in res["rel/queue"]["hints"]["allow"], res["rel/queue"]
    text = json.dumps(res)
    for v2_only in ("subscriptions", "share", "purge"):
        assert v2_only not in text, v2_only


def test_home_v11_without_trailing_slash_same_document(zaqar_url):
    h = hdrs()
    a = assert_home(requests.get(zaqar_url + "/v1.1/", headers=h, timeout=10), "v1.1")
    b = assert_home(requests.get(zaqar_url + "/v1.1", headers=h, timeout=10), "v1.1")
    assert a == b


@pytest.mark.parametrize("path", ["/v2/", "/v1.1/"])
def test_home_needs_client_id(zaqar_url, path):
    r = requests.get(zaqar_url + path, headers={"X-Project-ID": new_project()}, timeout=10)
    assert_err(r, 400, **MISSING_CLIENT_ID)


@pytest.mark.parametrize("path", ["/v2/", "/v1.1/"])
def test_home_406_accept_xml(zaqar_url, path):
    r = requests.get(zaqar_url + path, headers={**hdrs(), "Accept": "application/xml"}, timeout=10)
    assert_err(r, 406)


# ---- ping ----------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["v2", "v1.1"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_ping_204_no_body(zaqar_url, version, method):
    r = requests.request(method, "%s/%s/ping" % (zaqar_url, version), headers=hdrs(), timeout=10)
    assert_no_body(r, 204)


def test_ping_public_no_role_needed(base_url):
    # no X-Roles at all, rackspace gateway too
    assert_no_body(requests.get(base_url + "/v2/ping", headers=hdrs(), timeout=10), 204)


def test_ping_still_needs_client_id(zaqar_url):
    r = requests.get(zaqar_url + "/v2/ping", headers={"X-Project-ID": new_project()}, timeout=10)
    assert_err(r, 400, **MISSING_CLIENT_ID)


def test_ping_503_when_redis_down(down_url):
    r = requests.get(down_url + "/v2/ping", headers=hdrs(), timeout=30)
    assert r.status_code == 503, (r.status_code, r.text[:300])


# ---- health --------------------------------------------------------------------------------


def test_health_v2_without_admin_role_403(zaqar_url):
    r = requests.get(zaqar_url + "/v2/health", headers=hdrs(), timeout=10)
    assert_err(r, 403)


@pytest.mark.parametrize("roles", ["member", "reader,member", ""])
def test_health_v2_with_other_roles_403(zaqar_url, roles):
    r = requests.get(zaqar_url + "/v2/health", headers={**hdrs(), "X-Roles": roles}, timeout=10)
    assert_err(r, 403)


@pytest.mark.parametrize("roles", ["admin", "member,admin"])
def test_health_v2_with_admin_role_200_json(zaqar_url, roles):
    r = requests.get(zaqar_url + "/v2/health", headers={**hdrs(), "X-Roles": roles}, timeout=10)
    assert r.status_code == 200, (r.status_code, r.text[:300])
    assert r.headers["Content-Type"].split(";")[0].strip() == "application/json"
    doc = r.json()
    assert doc["storage_reachable"] is True, doc
    assert isinstance(doc["operation_status"], dict), doc


def test_health_v11_has_no_role_check_200_json(zaqar_url):
    # v1.1 has no ACL: its health document is not role-protected
    r = requests.get(zaqar_url + "/v1.1/health", headers=hdrs(), timeout=10)
    assert r.status_code == 200, (r.status_code, r.text[:300])
    assert r.json()["storage_reachable"] is True, r.text


def test_health_v2_needs_client_id_even_for_admin(zaqar_url):
    r = requests.get(zaqar_url + "/v2/health", headers={"X-Project-ID": new_project(), "X-Roles": "admin"}, timeout=10)
    assert_err(r, 400, **MISSING_CLIENT_ID)


def test_health_v2_admin_with_redis_down_never_reports_reachable(down_url):
    r = requests.get(down_url + "/v2/health", headers={**hdrs(), "X-Roles": "admin"}, timeout=30)
    if r.status_code == 200:
        assert r.json()["storage_reachable"] is False, r.text
    else:
        assert r.status_code == 503, (r.status_code, r.text[:300])
