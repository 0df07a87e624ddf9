"""Shared helpers for the Cloud Queues HTTP contract tests.

The contract is /work/shared/api/cloud-queues-v1.md (section numbers in comments refer to it).
Nothing here knows about the server's implementation except the Redis key layout documented in
lua/README.md, which is used only to inspect state and to simulate the passage of time.
"""

import json
import re
import threading
import time
import uuid
from urllib.parse import parse_qs, quote, urlsplit

import requests

# --------------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------------

HEX24 = re.compile(r"^[0-9a-f]{24}$")
PYRAX_MARKER = re.compile(r"marker=(\d+)")  # pyrax/queueing.py extracts markers with this
CREATED_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

MESSAGE_KEYS = {"href", "ttl", "age", "body"}
CLAIM_KEYS = {"age", "ttl", "href", "messages"}

# rackspace profile (CQ_URL, CQ_URL2)
MAX_QUEUES_PER_PAGE = 1000
MAX_MESSAGES_PER_PAGE = 100
MAX_POST_BYTES = 262144
MAX_METADATA_BYTES = 262144
# zaqar profile (CQ_URL_ZAQAR)
ZAQAR_MAX_PER_PAGE = 20
ZAQAR_MAX_METADATA_BYTES = 65536

MISSING_CLIENT_ID_BODY = {"description": "The \"Client-ID\" header is required.", "title": "Missing header"}

_UNSET = object()

# (base url, project) of every Api created during the current test; conftest deletes the queues of
# these projects after each test so that runs leave (almost) nothing behind in the shared Redis.
USED_PROJECTS = set()


def new_project():
    return "cqt-" + uuid.uuid4().hex[:16]


def new_queue_name(prefix="q"):
    return prefix + "-" + uuid.uuid4().hex[:12]


def to_json_bytes(obj):
    """JSON text as a client would send it, non-ASCII kept raw (UTF-8)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --------------------------------------------------------------------------------------------
# HTTP client
# --------------------------------------------------------------------------------------------


class RequestMethods:
    """HTTP verbs over `self.s` (a requests.Session) and `self.url(path, query)`; shared by the
    v1 client here and the v1.1/v2 client of Tests/v2 (cq2.Api2)."""

    def request(self, method, path, query=None, body=_UNSET, data=None, headers=None, raw_url=None, **kw):
        hdrs = dict(headers or {})
        if body is not _UNSET:
            data = to_json_bytes(body)
            hdrs.setdefault("Content-Type", "application/json")
        kw.setdefault("timeout", 30)
        kw.setdefault("allow_redirects", False)
        url = raw_url if raw_url is not None else self.url(path, query)
        return self.s.request(method, url, data=data, headers=hdrs, **kw)

    def get(self, path, query=None, **kw):
        return self.request("GET", path, query, **kw)

    def head(self, path, query=None, **kw):
        return self.request("HEAD", path, query, **kw)

    def put(self, path, query=None, **kw):
        return self.request("PUT", path, query, **kw)

    def post(self, path, query=None, **kw):
        return self.request("POST", path, query, **kw)

    def patch(self, path, query=None, **kw):
        return self.request("PATCH", path, query, **kw)

    def delete(self, path, query=None, **kw):
        return self.request("DELETE", path, query, **kw)


class Api(RequestMethods):
    """A client bound to one gateway, one project and one Client-ID.

    form="header": /v1/queues/... with X-Project-Id (or no project at all if project is None);
    form="path":   /v1/{project}/queues/... without X-Project-Id.
    Paths passed to the methods start after /v1 (e.g. "/queues/q/messages").
    """

    def __init__(self, base, project=None, client_id=None, form="header"):
        assert form in ("header", "path")
        if form == "path":
            assert project is not None
        self.base = base.rstrip("/")
        self.project = project
        self.form = form
        self.client_id = client_id or str(uuid.uuid4())
        self.s = requests.Session()
        self.s.headers["Client-ID"] = self.client_id
        if project is not None:
            USED_PROJECTS.add((self.base, project))
        if project is not None and form == "header":
            self.s.headers["X-Project-Id"] = project

    # -- construction ------------------------------------------------------------------------

    def clone(self, base=None, form=None, client_id=None, project=_UNSET):
        """Same project (unless given), fresh session."""
        return Api(
            base or self.base,
            project=self.project if project is _UNSET else project,
            client_id=client_id or self.client_id,
            form=form or self.form,
        )

    def path_form(self):
        return self.clone(form="path")

    def header_form(self):
        return self.clone(form="header")

    def prefix(self):
        if self.form == "path":
            return "/v1/" + quote(self.project, safe="")
        return "/v1"

    def url(self, path, query=None):
        u = self.base + self.prefix() + path
        if query:
            u += "?" + query
        return u

    def abs(self, href):
        """Absolute URL for an href returned by the server (hrefs never contain the project).
        The session's X-Project-Id header (header form) supplies the project; for the path form
        use follow()."""
        return self.base + href

    def follow(self, href, **kw):
        """GET an href/link returned by the server. Hrefs carry no project, so the project
        travels in X-Project-Id (as pyrax does) whatever form this client uses."""
        hdrs = dict(kw.pop("headers", {}) or {})
        if self.project is not None:
            hdrs.setdefault("X-Project-Id", self.project)
        kw.setdefault("timeout", 30)
        kw.setdefault("allow_redirects", False)
        return self.s.get(self.base + href, headers=hdrs, **kw)

    # -- convenience -------------------------------------------------------------------------

    def create_queue(self, name=None):
        name = name or new_queue_name()
        r = self.put("/queues/" + name)
        assert r.status_code == 201, (r.status_code, r.text)
        return name

    def post_messages(self, q, messages, **kw):
        """messages: list of {"ttl":..,"body":..}; returns list of ids in submitted order."""
        r = self.post(f"/queues/{q}/messages", body=messages, **kw)
        assert r.status_code == 201, (r.status_code, r.text)
        return [href.rsplit("/", 1)[1] for href in r.json()["resources"]]

    def post_n(self, q, n, ttl=300, body_fn=None, batch=50):
        ids = []
        for start in range(0, n, batch):
            msgs = [
                {"ttl": ttl, "body": body_fn(i) if body_fn else {"i": i}}
                for i in range(start, min(n, start + batch))
            ]
            ids.extend(self.post_messages(q, msgs))
        return ids

    def claim(self, q, ttl=60, grace=60, limit=None, body_extra=None):
        """Returns (claim_id, [message ids]) or (None, []) on 204."""
        body = {"ttl": ttl, "grace": grace}
        if body_extra:
            body.update(body_extra)
        r = self.post(f"/queues/{q}/claims", query=f"limit={limit}" if limit is not None else None, body=body)
        if r.status_code == 204:
            return None, []
        assert r.status_code == 201, (r.status_code, r.text)
        cid = r.headers["Location"].rsplit("/", 1)[1]
        return cid, [message_id_of(m["href"]) for m in r.json()]

    def list_all(self, q, query="limit=100", echo=True, include_claimed=False, max_pages=1000):
        """Follow next links until 204; returns the list of message objects."""
        parts = [query] if query else []
        if echo:
            parts.append("echo=true")
        if include_claimed:
            parts.append("include_claimed=true")
        r = self.get(f"/queues/{q}/messages", query="&".join(parts))
        out = []
        for _ in range(max_pages):
            if r.status_code == 204:
                return out
            assert r.status_code == 200, (r.status_code, r.text)
            doc = r.json()
            out.extend(doc["messages"])
            r = self.follow(next_href(doc))
        raise AssertionError("paging did not terminate")

    def stats(self, q):
        r = self.get(f"/queues/{q}/stats")
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()["messages"]


# --------------------------------------------------------------------------------------------
# Assertions
# --------------------------------------------------------------------------------------------


def assert_json_ct(r):
    ct = r.headers.get("Content-Type", "")
    assert ct.replace(" ", "").lower() == "application/json;charset=utf-8", ct


def assert_no_body(r, status=None):
    if status is not None:
        assert r.status_code == status, (r.status_code, r.text)
    assert r.content == b"", r.content[:200]


def assert_error(r, status, title=None):
    """A JSON error: object with non-empty string title and description."""
    assert r.status_code == status, (r.status_code, r.text[:500])
    assert_json_ct(r)
    doc = r.json()
    assert isinstance(doc, dict), doc
    assert isinstance(doc.get("title"), str) and doc["title"], doc
    assert isinstance(doc.get("description"), str) and doc["description"], doc
    if title is not None:
        assert doc["title"] == title, doc
    return doc


def assert_4xx_json(r):
    """Any client error with a JSON error body; never a 5xx."""
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:500])
    return assert_error(r, r.status_code)


def assert_missing_client_id(r):
    assert r.status_code == 400, (r.status_code, r.text)
    assert_json_ct(r)
    assert r.json() == MISSING_CLIENT_ID_BODY
    # pyrax takes the FIRST member of the error object as the message.
    text = r.content.decode("utf-8").lstrip()
    assert text.startswith("{") and text[1:].lstrip().startswith('"description"'), text


def assert_message_obj(m, q, mid=None, claim_id=None):
    assert set(m) == MESSAGE_KEYS, m
    href = m["href"]
    if claim_id is None:
        assert re.fullmatch(rf"/v1/queues/{q}/messages/[0-9a-f]{{24}}", href), href
    else:
        assert re.fullmatch(rf"/v1/queues/{q}/messages/[0-9a-f]{{24}}\?claim_id={claim_id}", href), href
    if mid is not None:
        assert message_id_of(href) == mid
    assert type(m["ttl"]) is int and m["ttl"] >= 60, m
    assert type(m["age"]) is int and m["age"] >= 0, m


def message_id_of(href):
    return urlsplit(href).path.rsplit("/", 1)[1]


def claim_id_of(href):
    return parse_qs(urlsplit(href).query)["claim_id"][0]


def next_href(doc):
    links = doc["links"]
    assert isinstance(links, list) and len(links) == 1, links
    assert links[0]["rel"] == "next", links
    return links[0]["href"]


def next_query(doc):
    """(path, {param: value}) of the single next link; each param must appear exactly once."""
    return query_of(next_href(doc))


def query_of(href):
    """(path, {param: value}) of an href; each param must appear exactly once."""
    parts = urlsplit(href)
    qs = parse_qs(parts.query, keep_blank_values=True)
    for k, v in qs.items():
        assert len(v) == 1, (k, href)
    return parts.path, {k: v[0] for k, v in qs.items()}


def ids_of(messages):
    return [message_id_of(m["href"]) for m in messages]


# --------------------------------------------------------------------------------------------
# Redis inspection / time simulation (key layout: lua/README.md)
# --------------------------------------------------------------------------------------------

_SAFE = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~-")


def encode_project(project):
    """<P>: every byte outside [A-Za-z0-9_.~-] as %XX (upper-case hex); None -> ''."""
    if project is None:
        return ""
    return "".join(chr(b) if b in _SAFE else "%%%02X" % b for b in project.encode("utf-8"))


def queue_tag(project, q):
    return "{%s/%s}" % (encode_project(project), q)


def project_index(project):
    """cq:{<P>}:queues, the project's queue index (its own hash slot)."""
    return "cq:{%s}:queues" % encode_project(project)


def qkey(project, q, suffix):
    return "cq:%s:%s" % (queue_tag(project, q), suffix)


# Shift every timestamp of a queue's messages and claims ARGV[1] ms into the past, atomically
# (records and the expiry/claim_expiry scores together). Fails loudly if a record does not have
# the documented shape.
_TIME_TRAVEL_LUA = r"""
local d = tonumber(ARGV[1])
local function shift(head, field)
  local v = string.match(head, field .. '=(%d+)')
  if not v then return nil end
  local nv = string.format('%.0f', tonumber(v) - d)
  local out = string.gsub(head, field .. '=%d+', field .. '=' .. nv, 1)
  return out, nv
end
local n = 0
local msgs = redis.call('HGETALL', KEYS[1])
for i = 1, #msgs, 2 do
  local id, rec = msgs[i], msgs[i + 1]
  local cut = string.find(rec, ' body=', 1, true)
  if not cut then return redis.error_reply('BAD_RECORD message ' .. id) end
  local head, tail = string.sub(rec, 1, cut - 1), string.sub(rec, cut)
  local h1 = shift(head, 'created')
  if not h1 then return redis.error_reply('BAD_RECORD created ' .. id) end
  local h2, exp = shift(h1, 'expires')
  if not h2 then return redis.error_reply('BAD_RECORD expires ' .. id) end
  redis.call('HSET', KEYS[1], id, h2 .. tail)
  redis.call('ZADD', KEYS[2], 'XX', exp, id)
  n = n + 1
end
local claims = redis.call('HGETALL', KEYS[3])
for i = 1, #claims, 2 do
  local id, rec = claims[i], claims[i + 1]
  local cut = string.find(rec, ' messages=', 1, true) or (#rec + 1)
  local head, tail = string.sub(rec, 1, cut - 1), string.sub(rec, cut)
  local h1 = shift(head, 'updated')
  if not h1 then return redis.error_reply('BAD_RECORD updated ' .. id) end
  local h2, exp = shift(h1, 'expires')
  if not h2 then return redis.error_reply('BAD_RECORD expires ' .. id) end
  redis.call('HSET', KEYS[3], id, h2 .. tail)
  redis.call('ZADD', KEYS[4], 'XX', exp, id)
  n = n + 1
end
return n
"""

# Set one record's expires= (and its score) to Redis-now minus 1 s.
# KEYS[1] record hash, KEYS[2] expiry zset, ARGV[1] field (id), ARGV[2] separator that ends the
# header part of the record (' body=' for messages, ' messages=' for claims).
_EXPIRE_ONE_LUA = r"""
local rec = redis.call('HGET', KEYS[1], ARGV[1])
if not rec then return redis.error_reply('NO_RECORD ' .. ARGV[1]) end
local t = redis.call('TIME')
local past = string.format('%.0f', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - 1000)
local cut = string.find(rec, ARGV[2], 1, true) or (#rec + 1)
local head, tail = string.sub(rec, 1, cut - 1), string.sub(rec, cut)
if not string.match(head, 'expires=%d+') then return redis.error_reply('BAD_RECORD ' .. ARGV[1]) end
head = string.gsub(head, 'expires=%d+', 'expires=' .. past, 1)
redis.call('HSET', KEYS[1], ARGV[1], head .. tail)
redis.call('ZADD', KEYS[2], 'XX', past, ARGV[1])
return past
"""


class RedisInspector:
    def __init__(self, rdb):
        self.r = rdb

    def now_ms(self):
        sec, usec = self.r.time()
        return sec * 1000 + usec // 1000

    def keys_of_queue(self, project, q):
        pattern = "*" + queue_tag(project, q) + "*"
        # glob-escape the characters Redis treats specially (the encoding never produces them,
        # but be safe)
        for ch in "[]?\\":
            pattern = pattern.replace(ch, "\\" + ch)
        return sorted(k.decode() if isinstance(k, bytes) else k for k in self.r.scan_iter(match=pattern, count=1000))

    def queue_indexed(self, project, q):
        """Whether the queue is in its project's index and the project in cq:projects."""
        in_project = self.r.zscore(project_index(project), q) is not None
        return in_project and self.r.zscore("cq:projects", encode_project(project)) is not None

    def in_project_index(self, project, q):
        return self.r.zscore(project_index(project), q) is not None

    def message_record(self, project, q, mid):
        v = self.r.hget(qkey(project, q, "messages"), mid)
        return v.decode("utf-8") if isinstance(v, bytes) else v

    def claim_record(self, project, q, cid):
        v = self.r.hget(qkey(project, q, "claims"), cid)
        return v.decode("utf-8") if isinstance(v, bytes) else v

    def message_field(self, project, q, mid, field):
        rec = self.message_record(project, q, mid)
        assert rec is not None, "no record for message %s" % mid
        head = rec.split(" body=", 1)[0]
        m = re.search(r"(?:^| )%s=(\S*)" % field, head)
        assert m, (field, rec[:200])
        return m.group(1)

    def message_expires_ms(self, project, q, mid):
        return int(self.message_field(project, q, mid, "expires"))

    def expire_message(self, project, q, mid):
        """Make one message's own lifetime end 1 s ago (record + expiry score)."""
        self.r.eval(_EXPIRE_ONE_LUA, 2, qkey(project, q, "messages"), qkey(project, q, "expiry"), mid, " body=")

    def lapse_claim(self, project, q, cid):
        """Make one claim's expiry 1 s ago (record + claim_expiry score)."""
        self.r.eval(_EXPIRE_ONE_LUA, 2, qkey(project, q, "claims"), qkey(project, q, "claim_expiry"), cid, " messages=")

    def time_travel(self, project, q, seconds):
        """Pretend `seconds` have passed for this queue: every message's created/expires and every
        claim's updated/expires move that far into the past."""
        return self.r.eval(
            _TIME_TRAVEL_LUA,
            4,
            qkey(project, q, "messages"),
            qkey(project, q, "expiry"),
            qkey(project, q, "claims"),
            qkey(project, q, "claim_expiry"),
            int(seconds * 1000),
        )


def wait_until(fn, timeout=5.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while True:
        v = fn()
        if v or time.monotonic() > deadline:
            return v
        time.sleep(interval)


def in_background(fn, timeout=30):
    """Runs fn in a thread (a long-polling request, say); returns a function that joins it and
    returns fn's result, or re-raises what it raised."""
    out = {}

    def run():
        try:
            out["value"] = fn()
        except BaseException as e:  # re-raised in the test's thread
            out["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()

    def join():
        t.join(timeout)
        assert not t.is_alive(), "the background request did not answer"
        if "error" in out:
            raise out["error"]
        return out["value"]

    return join


def timed(fn):
    """(fn(), seconds it took)."""
    start = time.monotonic()
    r = fn()
    return r, time.monotonic() - start

