"""Header rules and routing under /v2 and /v1.1 (notes §1.1, decisions: project and Client-ID
required on every request, errors are {"title","description"}; unknown route 404; wrong method
405 with Allow)."""

import http.client
from urllib.parse import urlsplit

import pytest

from cq2 import MISSING_CLIENT_ID, MISSING_PROJECT, assert_err, assert_json, new_queue_name

VERSIONS = ["v2", "v1.1"]


def routes(q):
    """(method, path after the prefix, json body or None) over every kind of resource."""
    return [
        ("GET", "/queues", None),
        ("PUT", f"/queues/{q}", None),
        ("GET", f"/queues/{q}", None),
        ("GET", f"/queues/{q}/stats", None),
        ("POST", f"/queues/{q}/messages", {"messages": [{"body": 1}]}),
        ("GET", f"/queues/{q}/messages", None),
        ("POST", f"/queues/{q}/claims", None),
        ("DELETE", f"/queues/{q}", None),
        ("GET", "/ping", None),
    ]


ROUTE_IDS = ["list-queues", "put-queue", "get-queue", "stats", "post-messages", "list-messages",
             "post-claim", "delete-queue", "ping"]


def call(api, i, headers):
    method, path, body = routes(new_queue_name())[i]
    kw = {"headers": headers}
    if body is not None:
        kw["body"] = body
    return api.request(method, path, **kw)


@pytest.fixture(params=VERSIONS)
def client(request, api, api11):
    return api if request.param == "v2" else api11


# ---- Client-ID -----------------------------------------------------------------------------


@pytest.mark.parametrize("i", range(len(ROUTE_IDS)), ids=ROUTE_IDS)
def test_missing_client_id_400_every_route(client, i):
    assert_err(call(client, i, {"Client-ID": None}), 400, **MISSING_CLIENT_ID)


@pytest.mark.parametrize("bad", [
    "not-a-uuid",
    "0123456789abcdef0123456789abcde",          # 31 hex
    "0123456789abcdef0123456789abcdef0",        # 33 hex
    "0123456z-89ab-cdef-0123-456789abcdef",     # not hex
    "",
])
def test_bad_client_id_400_wrong_uuid_value(client, bad):
    r = client.get("/queues", headers={"Client-ID": bad})
    if bad == "":
        # an empty header is no value at all: either message is acceptable, but it is a 400
        assert_err(r, 400)
    else:
        assert_err(r, 400, "Wrong UUID value", "Malformed hexadecimal UUID.")


@pytest.mark.parametrize("i", range(len(ROUTE_IDS)), ids=ROUTE_IDS)
def test_bad_client_id_400_every_route(client, i):
    assert_err(call(client, i, {"Client-ID": "zzz"}), 400, "Wrong UUID value")


def test_undashed_client_id_accepted(api, q):
    # python-zaqarclient sends uuid4().hex
    a = api.clone(client_id="0f1e2d3c4b5a69788796a5b4c3d2e1f0")
    r = a.get("/queues")
    assert_json(r, 200)
    assert a.post_messages(q, [{"body": 1}])
    assert len(a.list_page(q, "echo=true")["messages"]) == 1


def test_dashed_client_id_accepted(api):
    a = api.clone(client_id="0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
    assert_json(a.get("/queues"), 200)


def test_undashed_and_dashed_forms_are_the_same_client_for_echo(api, q):
    """echo=false hides a client's own messages; whatever form the Client-ID takes, a client
    that posted with one form is the same client in the other (both are one UUID)."""
    dashed = api.clone(client_id="0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
    undashed = api.clone(client_id="0f1e2d3c4b5a69788796a5b4c3d2e1f0")
    stranger = api.clone(client_id="11111111-2222-4333-8444-555555555555")
    dashed.post_messages(q, [{"body": 1}])
    assert len(stranger.list_page(q)["messages"]) == 1
    assert dashed.list_page(q)["messages"] == []
    assert undashed.list_page(q)["messages"] == []


# ---- X-Project-ID --------------------------------------------------------------------------


@pytest.mark.parametrize("i", range(len(ROUTE_IDS)), ids=ROUTE_IDS)
def test_missing_project_400_every_route(client, i):
    assert_err(call(client, i, {"X-Project-ID": None}), 400, **MISSING_PROJECT)


@pytest.mark.parametrize("i", range(len(ROUTE_IDS)), ids=ROUTE_IDS)
def test_empty_project_400_every_route(client, i):
    assert_err(call(client, i, {"X-Project-ID": ""}), 400, "Empty project header not allowed")


def test_project_257_chars_400_on_queue_routes(client, q):
    for method, path in [("PUT", f"/queues/{q}"), ("GET", f"/queues/{q}"), ("GET", f"/queues/{q}/stats"),
                         ("GET", f"/queues/{q}/messages")]:
        r = client.request(method, path, headers={"X-Project-ID": "p" * 257})
        assert_err(r, 400, "Invalid queue identification")


def test_project_257_chars_400_on_queue_list(client):
    assert_err(client.get("/queues", headers={"X-Project-ID": "p" * 257}), 400)


def test_project_256_chars_accepted(api, q):
    p = "p" * 240 + api.project[-16:]
    assert len(p) == 256
    a = api.clone(project=p)
    assert a.create_queue(q) == q
    doc = assert_json(a.get("/queues"), 200)
    assert [x["name"] for x in doc["queues"]] == [q]


def test_project_header_name_case_insensitive(api, q):
    api.create_queue(q)
    r = api.get("/queues", headers={"X-Project-ID": None, "x-project-id": api.project})
    assert [x["name"] for x in assert_json(r, 200)["queues"]] == [q]


def test_projects_are_isolated(api, q):
    api.create_queue(q)
    api.post_messages(q, [{"body": 1}])
    stranger = api.clone(project=api.project + "-other")
    assert assert_json(stranger.get("/queues"), 200) == {"queues": [], "links": []}
    assert stranger.counts(q) == {"free": 0, "claimed": 0, "delayed": 0, "total": 0}


# ---- Accept / Content-Type -----------------------------------------------------------------


@pytest.mark.parametrize("i", range(len(ROUTE_IDS)), ids=ROUTE_IDS)
def test_accept_xml_406_every_route(client, i):
    r = call(client, i, {"Accept": "application/xml"})
    assert r.status_code == 406, (r.status_code, r.text[:300])
    if r.content:
        assert_err(r, 406)


@pytest.mark.parametrize("accept", ["application/json", "*/*", "application/*", "text/html, application/json;q=0.5"])
def test_accept_admitting_json_ok(api, accept):
    assert_json(api.get("/queues", headers={"Accept": accept}), 200)


@pytest.mark.parametrize("method,path,data", [
    ("POST", "/queues/{q}/messages", b'{"messages": [{"body": 1}]}'),
    ("PUT", "/queues/{q}", b'{"a": 1}'),
    ("POST", "/queues/{q}/claims", b'{"ttl": 60}'),
    ("POST", "/queues/{q}/subscriptions", b'{"subscriber": "http://example.invalid/x"}'),
], ids=["post-messages", "put-queue", "post-claim", "post-subscription"])
def test_urlencoded_body_400_invalid_content_type(api, q, method, path, data):
    r = api.request(method, path.format(q=q), data=data,
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_err(r, 400, "Invalid Content-Type")
    assert api.counts(q)["total"] == 0


def test_urlencoded_on_v11_too(api11, q):
    r = api11.post(f"/queues/{q}/messages", data=b'{"messages": [{"body": 1}]}',
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_err(r, 400, "Invalid Content-Type")


# ---- routing: 404 and 405 ------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/nonsense",
    "/queues/{q}/nonsense",
    "/queues/{q}/metadata",                 # v1's metadata resource is gone in v1.1 and v2
    "/queues/{q}/messages/{mid}/extra",
    "/queues/{q}/claims/{mid}/extra",
    "/queues/{q}/stats/extra",
    "/topics",                              # Zaqar's topics are not implemented
])
def test_unknown_route_404_json(client, q, path):
    assert_json(client.get("/queues"), 200)        # the version itself is served
    r = client.get(path.format(q=q, mid="0" * 24))
    assert_err(r, 404)


def test_unknown_version_404_json(api):
    assert_json(api.get("/queues"), 200)
    r = api.get("", raw_url=api.base + "/v3/queues")
    assert_err(r, 404)


ROUTES_405 = [
    # (version, method, path, allowed)
    ("v2", "POST", "/queues", {"GET"}),
    ("v2", "DELETE", "/queues", {"GET"}),
    ("v2", "POST", "/queues/{q}", {"GET", "PUT", "PATCH", "DELETE"}),
    ("v2", "PUT", "/queues/{q}/stats", {"GET"}),
    ("v2", "PUT", "/queues/{q}/messages", {"GET", "POST", "DELETE"}),
    ("v2", "POST", "/queues/{q}/messages/{mid}", {"GET", "DELETE"}),
    ("v2", "GET", "/queues/{q}/claims", {"POST"}),
    ("v2", "PUT", "/queues/{q}/claims/{mid}", {"GET", "PATCH", "DELETE"}),
    ("v2", "GET", "/queues/{q}/purge", {"POST"}),
    ("v2", "GET", "/queues/{q}/share", {"POST"}),
    ("v2", "PUT", "/queues/{q}/subscriptions", {"GET", "POST"}),
    ("v2", "PUT", "/queues/{q}/subscriptions/{mid}", {"GET", "PATCH", "DELETE"}),
    ("v2", "POST", "/queues/{q}/subscriptions/{mid}/confirm", {"PUT"}),
    ("v2", "POST", "/ping", {"GET", "HEAD"}),
    ("v1.1", "PATCH", "/queues/{q}", {"GET", "PUT", "DELETE"}),
    ("v1.1", "POST", "/queues", {"GET"}),
    ("v1.1", "GET", "/queues/{q}/claims", {"POST"}),
]


@pytest.mark.parametrize("version,method,path,allowed", ROUTES_405,
                         ids=["%s %s %s" % (v, m, p) for v, m, p, _ in ROUTES_405])
def test_known_route_wrong_method_405_with_allow(api, q, version, method, path, allowed):
    a = api.clone(version=version)
    r = a.request(method, path.format(q=q, mid="0" * 24))
    assert r.status_code == 405, (r.status_code, r.text[:300])
    allow = {m.strip().upper() for m in r.headers.get("Allow", "").split(",") if m.strip()}
    assert allowed <= allow, r.headers.get("Allow")
    assert method not in allow, r.headers.get("Allow")
    assert allow <= allowed | {"HEAD", "OPTIONS"}, r.headers.get("Allow")
    if r.content:
        assert_err(r, 405)


@pytest.mark.parametrize("version", VERSIONS)
def test_head_queue_405_without_head_in_allow(api, q, version):
    a = api.clone(version=version)
    a.create_queue(q)
    r = a.head("/queues/" + q)
    assert r.status_code == 405, r.status_code
    allow = {m.strip().upper() for m in r.headers.get("Allow", "").split(",") if m.strip()}
    assert "HEAD" not in allow and "GET" in allow, r.headers.get("Allow")


def raw_header_names(api, method, path, headers, body=None):
    """Header names exactly as sent on the wire (http.client keeps their case)."""
    u = urlsplit(api.base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        conn.request(method, api.prefix + path, body=body, headers=headers)
        resp = conn.getresponse()
        resp.read()
        return resp.status, [name for name, _ in resp.getheaders()]
    finally:
        conn.close()


def test_header_names_lower_case_on_errors_and_success(api, q):
    h = {"Client-ID": api.client_id, "X-Project-ID": api.project}
    for method, path, headers, body, status in [
        ("GET", "/queues", {"X-Project-ID": api.project}, None, 400),
        ("PUT", f"/queues/{q}", h, None, 201),
        ("POST", f"/queues/{q}/messages", {**h, "Content-Type": "application/json"}, b'{"messages":[{"body":1}]}', 201),
        ("HEAD", f"/queues/{q}", h, None, 405),
        ("GET", "/nonsense", h, None, 404),
    ]:
        got, names = raw_header_names(api, method, path, headers, body)
        assert got == status, (method, path, got)
        assert names and all(n == n.lower() for n in names), (method, path, names)
