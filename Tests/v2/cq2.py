"""Helpers for the v2 / v1.1 HTTP contract tests.

The contract is /work/shared/api/zaqar-v2-notes.md plus /work/briefs/v2-decisions.md (the
decisions win where they differ). Tests/api/cq.py holds the v1 helpers; this module reuses its
project bookkeeping (USED_PROJECTS) so that every project a test touches is cleaned up.
"""

import json
import re
import uuid
from urllib.parse import parse_qs, urlsplit

import requests

from cq import USED_PROJECTS, RequestMethods, new_project, new_queue_name, query_of, to_json_bytes  # noqa: F401  (re-exported)

HEX24 = re.compile(r"^[0-9a-f]{24}$")
CREATED_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

MESSAGE_KEYS = {"id", "href", "ttl", "age", "body"}
POPPED_KEYS = {"id", "age", "ttl", "body", "claim_id", "claim_count"}
CLAIM_KEYS = {"age", "ttl", "messages", "href"}
SUBSCRIPTION_KEYS = {"id", "source", "subscriber", "ttl", "age", "options", "confirmed"}
STATS_KEYS = {"free", "claimed", "delayed", "total"}
STATS_KEYS_NONEMPTY = STATS_KEYS | {"oldest", "newest"}
OLDEST_KEYS = {"age", "created", "href"}

# What GET /v2/queues/{q} adds to the stored metadata (also for a missing queue).
RESERVED_DEFAULTS = {
    "_max_messages_post_size": 262144,
    "_default_message_ttl": 3600,
    "_default_message_delay": 0,
    "_dead_letter_queue": None,
    "_dead_letter_queue_messages_ttl": None,
    "_max_claim_count": None,
    "_enable_encrypt_messages": False,
}

PATCH_CT = "application/openstack-messaging-v2.0-json-patch"

# Zaqar's v2 defaults (the zaqar limits profile, CQ_URL_ZAQAR)
ZAQAR_MAX = 20              # per page, per claim, per pop, ids per get/delete
DEFAULT_PAGE = 10           # messages / queues / subscriptions per page when no limit is given
DEFAULT_CLAIM_LIMIT = 10
# rackspace profile (CQ_URL): its larger limits apply to v2 too
RACKSPACE_MAX_MESSAGES = 100
RACKSPACE_MAX_QUEUES = 1000

MISSING_CLIENT_ID = {"title": "Missing header value", "description": "The \"Client-ID\" header is required."}
MISSING_PROJECT = {"title": "Project-Id Missing", "description": "The header X-PROJECT-ID was missing"}

_UNSET = object()



class Api2(RequestMethods):
    """A client of one gateway for one API version ("v2" or "v1.1"), one project and one
    Client-ID. Every request carries Client-ID and X-Project-ID unless the call overrides a
    header with None (requests then leaves it out). Paths start after the version prefix."""

    def __init__(self, base, version="v2", project=None, client_id=None):
        assert version in ("v2", "v1.1"), version
        self.base = base.rstrip("/")
        self.version = version
        self.prefix = "/" + version
        self.project = project if project is not None else new_project()
        self.client_id = client_id or str(uuid.uuid4())
        self.s = requests.Session()
        self.s.headers["Client-ID"] = self.client_id
        self.s.headers["X-Project-ID"] = self.project
        USED_PROJECTS.add((self.base, self.project))

    def clone(self, base=None, version=None, project=_UNSET, client_id=None):
        return Api2(base or self.base, version=version or self.version,
                    project=self.project if project is _UNSET else project,
                    client_id=client_id or self.client_id)

    def other_client(self):
        """Same gateway, version and project; another Client-ID."""
        return Api2(self.base, version=self.version, project=self.project)

    def url(self, path, query=None):
        u = self.base + self.prefix + path
        if query:
            u += "?" + query
        return u

    def follow(self, href, **kw):
        """Request an href or link the server returned (a path starting with the version)."""
        assert href.startswith(self.prefix + "/"), href
        kw.setdefault("timeout", 30)
        kw.setdefault("allow_redirects", False)
        return self.s.get(self.base + href, **kw)

    # -- convenience -------------------------------------------------------------------------

    def create_queue(self, name=None, metadata=None):
        name = name or new_queue_name()
        kw = {} if metadata is None else {"body": metadata}
        r = self.put("/queues/" + name, **kw)
        assert r.status_code == 201, (r.status_code, r.text)
        return name

    def patch_queue(self, q, ops, content_type=PATCH_CT):
        return self.patch("/queues/" + q, data=json.dumps(ops).encode(), headers={"Content-Type": content_type})

    def post_messages(self, q, messages, **kw):
        """messages: list of message dicts; returns their ids in the order posted."""
        r = self.post(f"/queues/{q}/messages", body={"messages": messages}, **kw)
        assert r.status_code == 201, (r.status_code, r.text)
        return [message_id_of(h) for h in r.json()["resources"]]

    def post_n(self, q, n, ttl=300, batch=20):
        ids = []
        for start in range(0, n, batch):
            ids += self.post_messages(q, [{"ttl": ttl, "body": {"i": i}} for i in range(start, min(n, start + batch))])
        return ids

    def claim(self, q, ttl=None, grace=None, limit=None):
        """(claim id, [message objects]) or (None, []) on 204."""
        body = {}
        if ttl is not None:
            body["ttl"] = ttl
        if grace is not None:
            body["grace"] = grace
        kw = {"body": body} if body else {}
        r = self.post(f"/queues/{q}/claims", query=None if limit is None else f"limit={limit}", **kw)
        if r.status_code == 204:
            assert r.content == b"", r.content[:200]
            return None, []
        assert r.status_code == 201, (r.status_code, r.text)
        cid = urlsplit(r.headers["Location"]).path.rsplit("/", 1)[1]
        return cid, r.json()["messages"]

    def release(self, q, cid):
        r = self.delete(f"/queues/{q}/claims/{cid}")
        assert r.status_code == 204, (r.status_code, r.text)

    def list_page(self, q, query=None):
        r = self.get(f"/queues/{q}/messages", query=query)
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()

    def list_all(self, q, query="echo=true&limit=20", max_pages=1000):
        """Every message, following next links until an empty page."""
        doc = self.list_page(q, query)
        out = []
        for _ in range(max_pages):
            if not doc["messages"]:
                assert doc["links"] == [], doc
                return out
            out += doc["messages"]
            r = self.follow(next_href(doc))
            assert r.status_code == 200, (r.status_code, r.text)
            doc = r.json()
        raise AssertionError("paging did not end")

    def stats(self, q):
        r = self.get(f"/queues/{q}/stats")
        assert r.status_code == 200, (r.status_code, r.text)
        doc = r.json()
        assert set(doc) == {"messages"}, doc
        return doc["messages"]

    def counts(self, q):
        s = self.stats(q)
        return {k: s[k] for k in ("free", "claimed", "delayed", "total")}

    def metadata(self, q):
        r = self.get("/queues/" + q)
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()


# --------------------------------------------------------------------------------------------
# Assertions
# --------------------------------------------------------------------------------------------


def assert_json(r, status):
    assert r.status_code == status, (r.status_code, r.text[:500])
    ct = r.headers.get("Content-Type", "")
    assert ct.split(";")[0].strip().lower() == "application/json", ct
    return r.json()


def assert_no_body(r, status):
    assert r.status_code == status, (r.status_code, r.text[:500])
    assert r.content == b"", r.content[:200]


def assert_err(r, status, title=None, description=None):
    """A JSON error: exactly {"title", "description"}, both non-empty strings."""
    doc = assert_json(r, status)
    assert isinstance(doc, dict) and set(doc) == {"title", "description"}, doc
    assert isinstance(doc["title"], str) and doc["title"], doc
    assert isinstance(doc["description"], str) and doc["description"], doc
    if title is not None:
        assert doc["title"] == title, doc
    if description is not None:
        assert doc["description"] == description, doc
    return doc


def assert_4xx(r):
    """Any client error with the JSON error body; never a 5xx."""
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:500])
    return assert_err(r, r.status_code)


def assert_message(m, q, version="v2", mid=None, claim_id=None, body=_UNSET, ttl=None, checksum=False):
    keys = MESSAGE_KEYS | ({"checksum"} if checksum else set())
    assert set(m) == keys, m
    assert HEX24.match(m["id"]), m
    href = f"/{version}/queues/{q}/messages/{m['id']}"
    if claim_id is not None:
        href += "?claim_id=" + claim_id
    assert m["href"] == href, (m["href"], href)
    if mid is not None:
        assert m["id"] == mid, (m["id"], mid)
    assert type(m["ttl"]) is int and m["ttl"] >= 1, m
    assert type(m["age"]) is int and m["age"] >= 0, m
    if ttl is not None:
        assert m["ttl"] == ttl, m
    if body is not _UNSET:
        assert m["body"] == body, m


def message_id_of(href):
    return urlsplit(href).path.rsplit("/", 1)[1]


def claim_id_of(href):
    return parse_qs(urlsplit(href).query)["claim_id"][0]


def next_href(doc):
    links = doc["links"]
    assert isinstance(links, list) and len(links) == 1, links
    assert set(links[0]) == {"rel", "href"} and links[0]["rel"] == "next", links
    return links[0]["href"]


def next_params(doc):
    return query_of(next_href(doc))


def ids_of(messages):
    return [m["id"] for m in messages]


def location_path(r):
    loc = r.headers.get("Location")
    assert loc, dict(r.headers)
    return urlsplit(loc).path, urlsplit(loc).query
