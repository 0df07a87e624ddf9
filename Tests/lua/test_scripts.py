"""Tests of the Redis Lua scripts in lua/ against a real Redis 7.

Run:  CQ_TEST_REDIS_URL=redis://127.0.0.1:6401/0 pytest Tests/lua
The test Redis must be private to the tests: every test starts with FLUSHDB.

Scripts are assembled exactly as the gateway does (lua/README.md): first line of the script (its
shebang) + "\\n" + lib/prelude.lua + "\\n" + the rest of the script. Time travel is done by moving
stored timestamps (message created/expires, claim updated/expires) into the past.
"""
import os
import pathlib
import re

import pytest
import redis

LUA = pathlib.Path(__file__).resolve().parents[2] / "lua"
# Every script of lua/ (a new one is loaded and checked here without being listed).
SCRIPTS = sorted(p.stem for p in LUA.glob("*.lua"))
NO_WRITES = {"queue_exists", "queue_list", "queue_list_metadata", "metadata_get", "dead_letter_take", "subscription_get"}
CLIENT = "3e1c0f8e-1c2a-4f1b-9c3d-0a1b2c3d4e5f"
OTHER_CLIENT = "aaaaaaaa-1c2a-4f1b-9c3d-0a1b2c3d4e5f"
MESSAGE_RE = re.compile(r"^seq=(\d+) ttl=(\d+) created=(\d+) expires=(\d+) client=(\S*) claims=(\d+) claim=(\S*) body=(.*)$", re.S)
CLAIM_RE = re.compile(r"^ttl=(\d+) grace=(\d+) updated=(\d+) expires=(\d+) messages=(.*)$")


def assemble(name):
    text = (LUA / f"{name}.lua").read_text()
    first, rest = text.split("\n", 1)
    return first + "\n" + (LUA / "lib" / "prelude.lua").read_text() + "\n" + rest


def encode_project(project):
    return "".join(c if re.match(r"[A-Za-z0-9_.~-]", c) else "".join(f"%{b:02X}" for b in c.encode())
                   for c in project)


@pytest.fixture
def r():
    client = redis.Redis.from_url(os.environ.get("CQ_TEST_REDIS_URL", "redis://127.0.0.1:6401/0"),
                                  decode_responses=True)
    client.flushdb()  # the test Redis is private to these tests
    yield client
    client.close()


@pytest.fixture
def shas(r):
    return {name: r.script_load(assemble(name)) for name in SCRIPTS}


class Queue:
    """One queue's keys (as Keys.swift builds them) and a caller for every script."""

    def __init__(self, r, shas, name="q", project="p1"):
        self.r, self.shas, self.name = r, shas, name
        self.member = f"{encode_project(project)}/{name}"
        tag = "cq:{" + self.member + "}:"
        self.keys = [tag + k for k in ("queue", "messages", "ready", "claimed", "expiry", "claims", "claim_expiry",
                                       "delayed", "dead_letters", "dead_letters_seen")]
        (self.queue, self.messages, self.ready, self.claimed, self.expiry, self.claims, self.claim_expiry,
         self.delayed, self.dead_letters, self.dead_letters_seen) = self.keys
        self.next_id = 0

    def call(self, script, *args, keys=None):
        keys = self.keys if keys is None else keys
        return self.r.evalsha(self.shas[script], len(keys), *keys, *args)

    def create(self):
        return self.call("queue_create")

    def delete(self):
        tag = "cq:{" + self.member + "}:"  # the subscription keys follow the ten (KEYS 11..13)
        return self.call("queue_delete", keys=self.keys + [tag + k for k in ("subscriptions", "subscription_ids", "subscribers")])

    def new_id(self):
        self.next_id += 1
        return f"{self.next_id:024x}"

    def post(self, *bodies, ttl=300, client=CLIENT, delay=0, create=0):
        ids = [self.new_id() for _ in bodies]
        args = [client, create, 0]
        for mid, body in zip(ids, bodies):
            args += [mid, ttl, delay, body]
        created = self.call("message_post", *args)
        first = self.record(ids[0])["seq"] if ids and delay == 0 else None
        return first, ids

    def list_full(self, marker=0, limit=10, client=CLIENT, echo=1, include_claimed=0, include_delayed=0):
        """message_list's reply as is: [marker, (id, ttl, age, body, claim id or ''), ...]."""
        return self.call("message_list", marker, limit, client, echo, include_claimed, include_delayed)

    def list(self, marker=0, limit=10, client=CLIENT, echo=1, include_claimed=0):
        """[marker, id, ttl, age, body, ...]: the page without its claim ids, which must be '' for
        free messages and the live claim's id for claimed ones."""
        reply = self.list_full(marker, limit, client, echo, include_claimed)
        if not reply:
            return reply
        out = [int(reply[0])]
        for i in range(1, len(reply), 5):
            mid, claim = reply[i], reply[i + 4]
            assert claim == ("" if self.r.zscore(self.claimed, mid) is None else self.record(mid)["claim"])
            out += reply[i:i + 4]
        return out

    def claim_full(self, ttl=300, grace=60, limit=10, cid=None):
        """claim_create's reply as is: [claim id or '', dead letters moved, messages...]."""
        cid = cid or self.new_id()[::-1]
        return cid, self.call("claim_create", cid, ttl, grace, limit)

    def claim(self, ttl=300, grace=60, limit=10, cid=None):
        """[claim id, messages...] ([] when nothing was claimed) on a queue without dead-lettering."""
        cid, reply = self.claim_full(ttl, grace, limit, cid)
        assert reply[1] == 0
        return cid, ([] if reply[0] == "" else [reply[0]] + reply[2:])

    def record(self, mid):
        m = MESSAGE_RE.match(self.r.hget(self.messages, mid))
        return dict(seq=int(m[1]), ttl=int(m[2]), created=int(m[3]), expires=int(m[4]), client=m[5],
                    claims=int(m[6]), claim=m[7], body=m[8])

    def claim_record(self, cid):
        m = CLAIM_RE.match(self.r.hget(self.claims, cid))
        return dict(ttl=int(m[1]), grace=int(m[2]), updated=int(m[3]), expires=int(m[4]),
                    messages=m[5].split(",") if m[5] else [])

    def age_message(self, mid, seconds):
        """Moves a message `seconds` into the past (created and expires)."""
        rec = self.record(mid)
        created, expires = rec["created"] - seconds * 1000, rec["expires"] - seconds * 1000
        self.r.hset(self.messages, mid, f"seq={rec['seq']} ttl={rec['ttl']} created={created} "
                                        f"expires={expires} client={rec['client']} claims={rec['claims']} "
                                        f"claim={rec['claim']} body={rec['body']}")
        self.r.zadd(self.expiry, {mid: expires})

    def age_claim(self, cid, seconds):
        """Moves a claim `seconds` into the past (updated and expires)."""
        rec = self.claim_record(cid)
        updated, expires = rec["updated"] - seconds * 1000, rec["expires"] - seconds * 1000
        self.r.hset(self.claims, cid, f"ttl={rec['ttl']} grace={rec['grace']} updated={updated} "
                                      f"expires={expires} messages={','.join(rec['messages'])}")
        self.r.zadd(self.claim_expiry, {cid: expires})

    def expire_message(self, mid):
        self.age_message(mid, self.record(mid)["expires"] // 1000 - self.now() // 1000 + 1)

    def lapse_claim(self, cid):
        self.age_claim(cid, self.claim_record(cid)["expires"] // 1000 - self.now() // 1000 + 1)

    def now(self):
        s, us = self.r.time()
        return s * 1000 + us // 1000

    def check_invariants(self):
        """Every message is in exactly one of ready/claimed/delayed, and in expiry; nothing else is.
        Ready and claimed ones are scored by their sequence number; delayed ones have none yet."""
        ids = set(self.r.hkeys(self.messages))
        ready, claimed = set(self.r.zrange(self.ready, 0, -1)), set(self.r.zrange(self.claimed, 0, -1))
        delayed = set(self.r.zrange(self.delayed, 0, -1))
        assert not ready & claimed and not delayed & (ready | claimed)
        assert ready | claimed | delayed == ids
        assert set(self.r.zrange(self.expiry, 0, -1)) == ids
        assert not set(self.r.hkeys(self.dead_letters)) & ids
        for mid in ids:
            rec = self.record(mid)
            if mid in delayed:
                assert rec["seq"] == 0
            else:
                assert self.r.zscore(self.ready if mid in ready else self.claimed, mid) == rec["seq"]
            assert self.r.zscore(self.expiry, mid) == rec["expires"]


@pytest.fixture
def q(r, shas):
    queue = Queue(r, shas)
    queue.create()
    yield queue
    queue.check_invariants()


def messages(reply, start=0):
    """Splits a reply's message part into (id, ttl, age, body) tuples."""
    part = reply[start:]
    return [tuple(part[i:i + 4]) for i in range(0, len(part), 4)]


def ids_of(reply, start=0):
    return [m[0] for m in messages(reply, start)]


# ---------------------------------------------------------------------------------------- loading

def test_all_scripts_load_with_their_header(r, shas):
    files = sorted(p.stem for p in LUA.glob("*.lua"))
    assert files == sorted(SCRIPTS)
    for name in SCRIPTS:
        assert r.script_exists(shas[name]) == [True]
        lines = (LUA / f"{name}.lua").read_text().split("\n")
        assert lines[0] == ("#!lua flags=no-writes" if name in NO_WRITES else "#!lua"), name
        assert lines[1].startswith(f"--[[ {name}: "), name
        end = lines.index("]]")
        header = lines[2:end]
        # purpose, KEYS, ARGV, Reply, Errors in this order
        positions = [next(i for i, l in enumerate(header) if l.lstrip().startswith(word))
                     for word in ("KEYS", "ARGV", "Reply:", "Errors:")]
        assert positions == sorted(positions) and positions[0] >= 1, name


def test_read_only_scripts_run_with_evalsha_ro(r, shas, q):
    assert r.evalsha_ro(shas["queue_exists"], 7, *q.keys) == 1
    assert r.evalsha_ro(shas["metadata_get"], 7, *q.keys) == "{}"
    r.zadd("cq:{p1}:queues", {"q": 0})
    assert r.evalsha_ro(shas["queue_list"], 1, "cq:{p1}:queues", "", 10) == ["q"]
    assert r.evalsha_ro(shas["queue_list_metadata"], 1, q.queue) == ["{}"]
    with pytest.raises(redis.ResponseError):  # writers are refused on the read-only path
        r.evalsha_ro(shas["message_list"], 7, *q.keys, 0, 10, CLIENT, 1, 0)


# ----------------------------------------------------------------------------------------- queues

def test_queue_create_exists_delete(r, shas):
    q = Queue(r, shas)
    assert q.call("queue_exists") == 0
    assert q.create() == 1
    assert q.create() == 0
    assert q.call("queue_exists") == 1
    assert r.hget(q.queue, "metadata") == "{}" and r.hget(q.queue, "last_seq") == "0"
    assert abs(int(r.hget(q.queue, "created_at")) - q.now()) < 5000
    assert r.keys("cq:*") == [q.queue]  # indexes are the gateway's job (another slot)
    assert q.delete() == 1
    assert q.delete() == 0
    assert q.call("queue_exists") == 0
    assert r.keys("cq:*") == []


def test_queue_delete_leaves_no_key_and_restarts_sequence(r, shas, q):
    q.post("1", "2", "3", ttl=60)
    q.claim(limit=2)
    assert q.delete() == 1
    assert list(r.scan_iter(match="*{p1/q}*")) == []
    q.create()
    assert q.post("x")[0] == 1


def test_queue_list_marker_limit_byte_order(r, shas):
    index = "cq:{ab}:queues"
    r.zadd(index, {name: 0 for name in ["b", "a", "c", "c-1", "B", "a_"]})
    r.zadd("cq:{ab0}:queues", {"z": 0})

    def lst(marker="", limit=10, key=index):
        return r.evalsha(shas["queue_list"], 1, key, marker, limit)

    assert lst() == ["B", "a", "a_", "b", "c", "c-1"]
    assert lst(limit=2) == ["B", "a"]
    assert lst("a", 2) == ["a_", "b"]
    assert lst("bb") == ["c", "c-1"]  # a marker that is not a queue positions the cursor
    assert lst("c-1") == []
    assert lst("", 0) == []
    assert lst(key="cq:{nobody}:queues") == []


def test_queue_list_metadata(r, shas):
    a, b = Queue(r, shas, "a"), Queue(r, shas, "b")
    a.create()
    a.call("metadata_set", '{"k": 1}')
    assert r.evalsha(shas["queue_list_metadata"], 2, a.queue, b.queue) == ['{"k": 1}', None]
    assert r.evalsha(shas["queue_list_metadata"], 0) == []


def test_metadata_get_set(r, shas, q):
    assert q.call("metadata_get") == "{}"
    assert q.call("metadata_set", '{"a": "b c", "n": [1, 2]}') == 1
    assert q.call("metadata_get") == '{"a": "b c", "n": [1, 2]}'
    missing = Queue(r, shas, "missing")
    for script, args in [("metadata_get", []), ("metadata_set", ["{}"])]:
        with pytest.raises(redis.ResponseError, match="^QUEUE_NOT_FOUND"):
            missing.call(script, *args)
    assert r.exists(missing.queue) == 0


# ------------------------------------------------------------------------------------------- post

def test_post_assigns_consecutive_sequences_and_stores_records(q):
    before = q.now()
    first, ids = q.post('{"a": 1}', "[1, 2]", '"x body=%d %s\nline"', ttl=120)
    assert first == 1
    fourth, [last] = q.post("null", client=OTHER_CLIENT)
    assert fourth == 4 and q.record(last)["client"] == OTHER_CLIENT
    assert q.r.hget(q.queue, "last_seq") == "4"
    recs = [q.record(mid) for mid in ids]
    assert [rec["seq"] for rec in recs] == [1, 2, 3]
    assert [rec["body"] for rec in recs] == ['{"a": 1}', "[1, 2]", '"x body=%d %s\nline"']
    assert q.call("message_get", ids[2])[3] == '"x body=%d %s\nline"'
    for rec in recs:
        assert rec["ttl"] == 120 and rec["client"] == CLIENT
        assert before <= rec["created"] <= q.now() and rec["expires"] == rec["created"] + 120000
    raw = q.r.hget(q.messages, ids[0])
    assert "e+" not in raw and raw.startswith("seq=1 ttl=120 created=")
    assert q.r.zrange(q.ready, 0, -1, withscores=True) == [(ids[0], 1), (ids[1], 2), (ids[2], 3), (last, 4)]


def test_post_to_missing_queue_fails_and_stores_nothing(r, shas):
    q = Queue(r, shas, "missing")
    with pytest.raises(redis.ResponseError, match="^QUEUE_NOT_FOUND"):
        q.post("1")
    assert r.dbsize() == 0


def test_post_purges_expired_messages(q):
    _, [old] = q.post("old")
    q.expire_message(old)
    q.post("new")
    assert not q.r.hexists(q.messages, old)


# ------------------------------------------------------------------------------------------- list

def test_list_pages_with_marker_and_limit_one_terminates(q):
    _, ids = q.post("1", "2", "3")
    seen, marker = [], 0
    for _ in range(10):
        page = q.list(marker=marker, limit=1)
        if page == []:
            break
        assert len(page) == 5
        marker = page[0]
        seen += ids_of(page, 1)
    assert seen == ids and marker == 3
    page = q.list(marker=0, limit=2)
    assert page[0] == 2 and messages(page, 1)[0][1:] == (300, 0, "1")
    assert q.list(marker=2)[0] == 3
    assert q.list(marker=99) == []
    assert q.list(marker="abc") == []
    # a message posted later shows up on the next poll with the same marker
    _, [late] = q.post("4")
    assert ids_of(q.list(marker=3), 1) == [late]


def test_list_missing_queue_is_empty(r, shas):
    assert Queue(r, shas, "missing").list() == []


def test_list_echo_filter_does_not_shorten_the_page(q):
    _, own = q.post(*[str(i) for i in range(30)])
    _, theirs = q.post("a", "b", "c", client=OTHER_CLIENT)
    page = q.list(limit=2, echo=0)
    assert ids_of(page, 1) == theirs[:2] and page[0] == 32
    assert ids_of(q.list(marker=32, limit=2, echo=0), 1) == theirs[2:]
    assert q.list(marker=33, echo=0) == []
    assert ids_of(q.list(limit=2, echo=1), 1) == own[:2]
    assert ids_of(q.list(limit=40, echo=0, client=OTHER_CLIENT), 1) == own


def test_list_include_claimed_merges_in_sequence_order(q):
    _, ids = q.post(*"abcdef")
    q.claim(limit=2)                       # a, b
    q.call("message_delete", ids[3], "")   # d
    q.claim(limit=1)                       # c
    assert ids_of(q.list(), 1) == [ids[4], ids[5]]
    page = q.list(include_claimed=1, limit=4)
    assert ids_of(page, 1) == [ids[0], ids[1], ids[2], ids[4]] and page[0] == 5
    assert ids_of(q.list(marker=1, include_claimed=1, limit=2), 1) == [ids[1], ids[2]]
    assert ids_of(q.list(marker=5, include_claimed=1), 1) == [ids[5]]


def test_list_skips_and_removes_expired(q):
    _, ids = q.post("1", "2", "3")
    q.expire_message(ids[1])
    page = q.list()
    assert ids_of(page, 1) == [ids[0], ids[2]]
    assert not q.r.hexists(q.messages, ids[1])


# -------------------------------------------------------------------------------- get / delete many

def test_get_and_get_many(r, shas, q):
    _, ids = q.post('{"x": 1}', "2", "3")
    cid, _ = q.claim(ttl=300, grace=60, limit=1)  # claimed messages are returned too, extended to 360 s
    assert q.call("message_get", ids[0]) == [ids[0], 360, 0, '{"x": 1}', cid]  # with their live claim
    assert q.call("message_get", ids[1]) == [ids[1], 300, 0, "2", ""]
    assert q.call("message_get", "f" * 24) == []
    q.age_message(ids[1], 42)
    assert q.call("message_get", ids[1])[2] == 42
    reply = q.call("message_get_many", ids[2], "f" * 24, ids[0], "nonsense")
    assert reply == [ids[2], 300, 0, "3", "", ids[0], 360, 0, '{"x": 1}', cid]
    q.call("claim_delete", cid)  # released: no claim shown
    assert q.call("message_get", ids[0])[4] == ""
    assert q.call("message_get_many", "f" * 24) == []
    q.expire_message(ids[2])
    assert q.call("message_get", ids[2]) == []
    assert q.call("message_get_many", ids[2]) == []
    # ids are scoped to their queue
    other = Queue(r, shas, "other")
    other.create()
    assert other.call("message_get", ids[0]) == []
    assert other.call("message_get_many", ids[0]) == []
    assert other.call("message_delete", ids[0], "") == 0
    assert other.call("message_delete_many", ids[0]) == 0
    assert q.call("message_get", ids[0]) != []


def test_delete_many_ignores_claims(q):
    _, ids = q.post("1", "2", "3")
    cid, _ = q.claim(limit=2)
    assert q.call("message_delete_many", ids[0], ids[2], ids[2], "f" * 24) == 2
    assert q.call("message_get_many", *ids) == q.call("message_get", ids[1])
    assert ids_of(q.call("claim_get", cid), 2) == [ids[1]]
    assert q.call("message_delete_many", ids[1]) == 1
    assert q.call("claim_get", cid) == []


# ------------------------------------------------------------------------------- delete (§6.15 REC)

def mismatch(q, mid, cid, error=None):
    # No claim id for a claimed message is CLAIM_REQUIRED, another live claim's CLAIM_MISMATCH
    # (403 in every version), an unknown or lapsed claim or a free message CLAIM_INVALID (v1 403, v2 400).
    error = error or ("CLAIM_REQUIRED" if cid == "" else "CLAIM_INVALID")
    with pytest.raises(redis.ResponseError, match="^" + error):
        q.call("message_delete", mid, cid)


def test_delete_decision_table(q):
    _, ids = q.post(*"abcdefgh")
    # absent message: 0 (204), with or without claim id
    assert q.call("message_delete", "f" * 24, "") == 0
    assert q.call("message_delete", "f" * 24, "bogus") == 0
    c1, _ = q.claim(limit=2)        # a, b
    c2, _ = q.claim(limit=2)        # c, d
    # bad claim id: 403
    mismatch(q, ids[0], "not-a-claim")
    # claimed, no claim id: 403
    mismatch(q, ids[0], "")
    # the message's live claim: deleted
    assert q.call("message_delete", ids[0], c1) == 1
    assert q.call("message_delete", ids[0], c1) == 0
    # another live claim: 403
    mismatch(q, ids[2], c1, "CLAIM_MISMATCH")
    # free message: deleted without claim id, 403 with one
    mismatch(q, ids[4], c1)
    assert q.call("message_delete", ids[4], "") == 1
    # released claim: its messages are free; its id no longer deletes them
    assert q.call("claim_delete", c2) == 1
    mismatch(q, ids[2], c2)
    assert q.call("message_delete", ids[2], "") == 1
    # lapsed claim that nobody re-claimed: its id is refused, no id deletes
    q.lapse_claim(c1)
    mismatch(q, ids[1], c1)
    assert q.call("message_delete", ids[1], "") == 1
    # expired message: absent
    q.expire_message(ids[5])
    assert q.call("message_delete", ids[5], "") == 0
    # a lapsed claim's message re-claimed by another: old id refused, new id deletes
    c3, reply = q.claim(limit=1)
    assert ids_of(reply, 1) == [ids[3]]
    q.lapse_claim(c3)
    c4, reply = q.claim(limit=1)
    assert ids_of(reply, 1) == [ids[3]]
    mismatch(q, ids[3], c3)
    assert q.call("message_delete", ids[3], c4) == 1
    assert q.call("claim_get", c4) == []


def test_delete_refuses_lapsed_claim_still_waiting_for_requeue(q):
    """More than 100 claims lapsed at once: the ones not yet requeued still refuse their ids."""
    _, ids = q.post(*["m"] * 102)
    cids = [q.claim(limit=1)[0] for _ in ids]
    for cid in cids[:-1]:
        q.age_claim(cid, 400)
    q.age_claim(cids[-1], 301)           # lapsed, but the last in claim_expiry order
    mismatch(q, ids[-1], cids[-1])       # first call requeues 100 claims only
    assert q.r.zscore(q.claimed, ids[-1]) is not None
    assert q.call("message_delete", ids[-1], "") == 1  # the next call requeued the rest


# ----------------------------------------------------------------------------------------- claims

def test_claim_create_takes_oldest_free_and_stores_claim(q):
    _, ids = q.post("1", "2", "3", ttl=600)
    before = q.now()
    cid, reply = q.claim(ttl=100, grace=60, limit=2)
    assert reply[0] == cid and ids_of(reply, 1) == ids[:2]
    assert all(m[1] == 600 for m in messages(reply, 1))  # longer-lived messages unchanged
    rec = q.claim_record(cid)
    assert rec["ttl"] == 100 and rec["grace"] == 60 and rec["messages"] == ids[:2]
    assert before <= rec["updated"] <= q.now() and rec["expires"] == rec["updated"] + 100000
    assert q.r.zscore(q.claim_expiry, cid) == rec["expires"]
    assert q.r.zrange(q.claimed, 0, -1) == ids[:2] and q.r.zrange(q.ready, 0, -1) == ids[2:]
    cid2, reply = q.claim(limit=10)
    assert ids_of(reply, 1) == ids[2:]
    assert q.claim(limit=10)[1] == []
    assert q.r.hlen(q.claims) == 2 and q.r.zcard(q.claim_expiry) == 2


def test_claim_skips_and_removes_expired(q):
    _, ids = q.post("1", "2", "3")
    q.expire_message(ids[0])
    q.expire_message(ids[1])
    q.r.zadd(q.expiry, {ids[0]: 10 ** 13})  # hide it from purge_expired: claim must still skip it
    cid, reply = q.claim(limit=1)
    assert ids_of(reply, 1) == [ids[2]]
    assert not q.r.hexists(q.messages, ids[0]) and not q.r.hexists(q.messages, ids[1])


def test_claim_on_missing_or_empty_queue_stores_nothing(r, shas, q):
    missing = Queue(r, shas, "missing")
    assert missing.claim()[1] == []
    assert q.claim()[1] == []
    assert q.r.hlen(q.claims) == 0 and q.r.zcard(q.claim_expiry) == 0
    assert list(r.scan_iter(match="*missing*")) == []


def test_claim_extends_message_life_ice_rule(q):
    _, [short] = q.post("s", ttl=60)
    _, [long] = q.post("l", ttl=1000)
    cid, reply = q.claim(ttl=100, grace=60)
    got = {m[0]: m for m in messages(reply, 1)}
    assert got[short][1] == 160 and got[long][1] == 1000
    now = q.claim_record(cid)["updated"]
    assert q.record(short)["expires"] == now + 160000 and q.record(short)["ttl"] == 160
    assert q.r.zscore(q.expiry, short) == now + 160000
    assert q.record(long)["ttl"] == 1000


def test_grace_keeps_claimed_message_alive_past_its_own_ttl(q):
    _, [mid] = q.post("m", ttl=60)
    q.age_message(mid, 55)                     # its own life ends 5 s from now
    cid, _ = q.claim(ttl=60, grace=60)         # claim ends in 60 s, message in 120 s
    q.age_message(mid, 30)
    q.age_claim(cid, 30)                       # own expiry long past, claim still live
    assert q.record(mid)["created"] + 60000 < q.now()
    assert q.call("message_get", mid)[0] == mid
    assert ids_of(q.call("claim_get", cid), 2) == [mid]
    assert q.call("queue_stats")[:2] == [1, 1]
    assert q.call("queue_sweep", 100, 100) == [0, 0, 0]


def test_claim_get(q):
    _, ids = q.post("1", "2", ttl=60)
    cid, _ = q.claim(ttl=120, grace=60)
    q.age_claim(cid, 7)
    reply = q.call("claim_get", cid)
    assert reply[:2] == [120, 7]
    assert [m[:2] for m in messages(reply, 2)] == [(ids[0], 180), (ids[1], 180)]
    assert q.call("claim_get", "f" * 24) == []
    q.lapse_claim(cid)
    assert q.call("claim_get", cid) == []
    assert not q.r.hexists(q.claims, cid)  # lapsed claims are dropped by requeue


def test_claim_update(q):
    _, ids = q.post("1", "2", ttl=60)
    cid, _ = q.claim(ttl=60, grace=60)
    q.age_claim(cid, 30)
    assert q.call("claim_update", cid, 300, 100) == 1
    rec = q.claim_record(cid)
    assert rec["ttl"] == 300 and rec["grace"] == 100 and rec["expires"] == rec["updated"] + 300000
    assert q.r.zscore(q.claim_expiry, cid) == rec["expires"]
    reply = q.call("claim_get", cid)
    assert reply[:2] == [300, 0]
    for mid in ids:
        assert q.record(mid)["expires"] == rec["updated"] + 400000 and q.record(mid)["ttl"] == 400
        assert q.r.zscore(q.expiry, mid) == rec["updated"] + 400000
    # a shorter renewal never shortens a message's life; grace defaults to 0
    assert q.call("claim_update", cid, 60, "") == 1
    assert q.claim_record(cid)["grace"] == 0
    assert q.record(ids[0])["ttl"] == 400 and q.record(ids[0])["expires"] == rec["updated"] + 400000
    # deleted messages leave the claim; with none left the claim is not found
    q.call("message_delete", ids[0], cid)
    assert q.call("claim_update", cid, 60, 0) == 1
    assert q.claim_record(cid)["messages"] == [ids[1]]
    q.call("message_delete", ids[1], cid)
    assert q.call("claim_update", cid, 60, 0) == 0
    assert q.call("claim_update", "f" * 24, 60, 0) == 0


def test_claim_update_cannot_revive_lapsed_claim(q):
    q.post("1")
    cid, _ = q.claim()
    q.lapse_claim(cid)
    assert q.call("claim_update", cid, 300, 60) == 0
    assert q.r.zcard(q.claimed) == 0


def test_claim_delete_releases_in_fifo_order(q):
    _, ids = q.post("1", "2", "3", "4", ttl=60)
    c1, _ = q.claim(ttl=60, grace=120, limit=2)
    extended = q.record(ids[0])["expires"]
    assert q.call("claim_delete", c1) == 1
    assert q.call("claim_delete", c1) == 0
    assert not q.r.hexists(q.claims, c1) and q.r.zscore(q.claim_expiry, c1) is None
    assert q.record(ids[0])["expires"] == extended   # extended expiry kept
    assert ids_of(q.list(), 1) == ids
    assert q.call("claim_get", c1) == []
    _, reply = q.claim(limit=3)
    assert ids_of(reply, 1) == ids[:3]


def test_claim_delete_of_lapsed_claim(q):
    _, ids = q.post("1")
    cid, _ = q.claim()
    q.lapse_claim(cid)
    assert q.call("claim_delete", cid) == 1
    assert q.r.zrange(q.ready, 0, -1) == ids
    assert q.call("claim_delete", "f" * 24) == 0


def test_released_claim_then_new_claim_does_not_steal(q):
    """Reference-driver defect 1: after a release, a claim took messages of another live claim."""
    _, ids = q.post(*"abcdef")
    c1, _ = q.claim(limit=2)             # a, b
    c2, _ = q.claim(limit=2)             # c, d (live)
    q.call("claim_delete", c1)
    c3, reply = q.claim(limit=10)
    assert ids_of(reply, 1) == [ids[0], ids[1], ids[4], ids[5]]
    assert ids_of(q.call("claim_get", c2), 2) == ids[2:4]
    assert q.claim(limit=10)[1] == []
    stats = q.call("queue_stats")
    assert stats[:2] == [6, 6]


def test_lapsed_claim_requeues_in_fifo_order(q):
    _, ids = q.post(*"abcd")
    c1, _ = q.claim(limit=2)
    c2, _ = q.claim(limit=1)
    q.lapse_claim(c1)
    _, reply = q.claim(limit=10)
    assert ids_of(reply, 1) == [ids[0], ids[1], ids[3]]
    assert ids_of(q.call("claim_get", c2), 2) == [ids[2]]


# ------------------------------------------------------------------------------------------ stats

def test_stats(r, shas, q):
    assert q.call("queue_stats") == [0, 0, 0]
    _, ids = q.post("1", "2", "3", "4")
    q.age_message(ids[0], 100)
    q.claim(limit=1)
    stats = q.call("queue_stats")
    claimed, total, delayed, oldest, oldest_age, oldest_created, newest, newest_age, newest_created = stats
    assert delayed == 0
    assert (claimed, total) == (1, 4)
    assert (oldest, newest) == (ids[0], ids[3])
    assert oldest_age == 100 and oldest_created == q.record(ids[0])["created"]
    assert newest_age == 0 and newest_created == q.record(ids[3])["created"]
    with pytest.raises(redis.ResponseError, match="^QUEUE_NOT_FOUND"):
        Queue(r, shas, "missing").call("queue_stats")


def test_stats_never_negative_after_claims_lapse(q):
    """Reference-driver defect 3: stats failed or went negative once claims expired."""
    _, ids = q.post("1", "2", "3", "4", ttl=60)
    c1, _ = q.claim(ttl=60, grace=0, limit=3)
    for mid in ids[:3]:
        q.age_message(mid, 61)   # messages and their claim end together
    q.age_claim(c1, 61)
    claimed, total = q.call("queue_stats")[:2]
    assert (claimed, total) == (0, 1) and total - claimed >= 0
    c2, _ = q.claim(limit=5)
    assert q.call("queue_stats")[:2] == [1, 1]
    q.lapse_claim(c2)
    q.expire_message(ids[3])
    assert q.call("queue_stats") == [0, 0, 0]


def test_stats_oldest_newest_skip_expired(q):
    _, ids = q.post("1", "2", "3", "4")
    q.expire_message(ids[0])
    q.expire_message(ids[3])
    q.r.zadd(q.expiry, {ids[0]: 10 ** 13, ids[3]: 10 ** 13})  # stale index: stats must still check records
    stats = q.call("queue_stats")
    assert stats[3] == ids[1] and stats[6] == ids[2]
    assert q.r.hlen(q.messages) == 2


# ------------------------------------------------------------------------------------------ sweep

def test_queue_sweep(r, shas, q):
    _, ids = q.post(*"abcdef")
    claims = [q.claim(limit=1)[0] for _ in range(3)]
    for cid in claims:
        q.lapse_claim(cid)
    for mid in ids[3:]:
        q.expire_message(mid)
    assert q.call("queue_sweep", 2, 2) == [2, 2, 0]
    assert q.call("queue_sweep", 2, 2) == [1, 1, 0]
    assert q.call("queue_sweep", 2, 2) == [0, 0, 0]
    assert q.r.zrange(q.ready, 0, -1) == ids[:3]
    assert q.r.hlen(q.claims) == 0 and q.r.zcard(q.claimed) == 0
    assert Queue(r, shas, "missing").call("queue_sweep", 10, 10) == []
    assert list(r.scan_iter(match="*missing*")) == []


# ------------------------------------------------------------------------------- model comparison

def test_random_operations_match_a_simple_model(q):
    """Random posts, claims, releases, lapses, deletes and expiries; every read agrees with a model."""
    import random
    rnd = random.Random(7)
    model = {}          # id -> {"seq", "client", "claim"}
    claims = {}         # claim id -> [ids], live ones only
    clients = [CLIENT, OTHER_CLIENT]

    def free():
        return sorted((m for m in model if model[m]["claim"] is None), key=lambda m: model[m]["seq"])

    def drop_claim(cid):
        for mid in claims.pop(cid):
            if mid in model:
                model[mid]["claim"] = None

    for step in range(400):
        op = rnd.choice(["post", "post", "claim", "release", "lapse", "delete", "delete_many", "expire"])
        if op == "post":
            client = rnd.choice(clients)
            first, ids = q.post(*[str(step)] * rnd.randint(1, 3), client=client)
            for i, mid in enumerate(ids):
                model[mid] = {"seq": first + i, "client": client, "claim": None}
        elif op == "claim":
            limit = rnd.randint(1, 4)
            cid, reply = q.claim(limit=limit)
            expected = free()[:limit]
            assert ids_of(reply, 1) == expected
            if expected:
                claims[cid] = expected
                for mid in expected:
                    model[mid]["claim"] = cid
        elif op in ("release", "lapse") and claims:
            cid = rnd.choice(sorted(claims))
            if op == "release":
                assert q.call("claim_delete", cid) == 1
            else:
                q.lapse_claim(cid)
            drop_claim(cid)
        elif op in ("delete", "delete_many", "expire") and model:
            mid = rnd.choice(sorted(model))
            cid = model[mid]["claim"]
            if op == "delete":
                assert q.call("message_delete", mid, cid or "") == 1
            elif op == "delete_many":
                assert q.call("message_delete_many", mid) == 1
            else:
                q.expire_message(mid)
            del model[mid]

        # reads
        for echo, include_claimed in [(0, 0), (1, 0), (0, 1), (1, 1)]:
            limit, client = rnd.randint(1, 5), rnd.choice(clients)
            expected = [m for m in sorted(model, key=lambda m: model[m]["seq"])
                        if (include_claimed or model[m]["claim"] is None)
                        and (echo or model[m]["client"] != client)]
            got, marker = [], 0
            while True:
                page = q.list(marker=marker, limit=limit, client=client, echo=echo,
                              include_claimed=include_claimed)
                if page == []:
                    break
                assert len(page) <= 1 + 4 * limit
                got += ids_of(page, 1)
                marker = page[0]
                assert marker == model[got[-1]]["seq"]
            assert got == expected
        stats = q.call("queue_stats")
        claimed = sum(1 for m in model.values() if m["claim"])
        assert stats[:3] == [claimed, len(model), 0]
        if model:
            by_seq = sorted(model, key=lambda m: model[m]["seq"])
            assert (stats[3], stats[6]) == (by_seq[0], by_seq[-1])
        for cid, held in claims.items():
            alive = [m for m in held if m in model]
            reply = q.call("claim_get", cid)
            assert ids_of(reply, 2) == alive if alive else reply == []


# ------------------------------------------------------------------------------------- rate limit

def test_rate_limit_token_bucket(r, shas):
    key = "cq:rate:p1"
    bucket = lambda rate, burst: r.evalsha(shas["rate_limit"], 1, key, rate, burst)
    assert [bucket(2, 3)[0] for _ in range(3)] == [1, 1, 1]  # a full bucket holds the burst
    allowed, wait = bucket(2, 3)
    assert allowed == 0 and 0 < wait <= 500  # one request's worth refills in 1/rate s
    tokens, ts = int(r.hget(key, "tokens")), int(r.hget(key, "ts"))
    assert 0 <= tokens < 1000
    assert 0 < r.pttl(key) <= 1500 + 1000  # gone once it would be full again
    # 1.2 s later (the stored refill time moved back): 2.4 requests refilled, 2 allowed.
    r.hset(key, mapping={"tokens": 0, "ts": ts - 1200})
    assert [bucket(2, 3)[0] for _ in range(3)] == [1, 1, 0]
    # Refill never goes past the burst.
    r.hset(key, mapping={"tokens": 0, "ts": ts - 3_600_000})
    assert [bucket(2, 3)[0] for _ in range(4)] == [1, 1, 1, 0]
    # Another project has its own bucket.
    assert r.evalsha(shas["rate_limit"], 1, "cq:rate:p2", 2, 3) == [1, 0]
