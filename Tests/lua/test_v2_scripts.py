"""Lua scripts behind the v1.1/v2 API: delayed messages, claim counts and dead letters, pop,
purge, queue settings, subscriptions (lua/README.md). Same Redis and helpers as test_scripts.py."""
import pytest
import redis

from test_scripts import CLIENT, Queue, ids_of  # noqa: F401  (fixtures below reuse its r, shas)
from test_scripts import r, shas, q  # noqa: F401


def settings(default_ttl="", default_delay="", max_post_bytes="", max_claims="", dlq="", dlq_ttl=""):
    return [default_ttl, default_delay, max_post_bytes, max_claims, dlq, dlq_ttl]


def set_settings(q, **kw):
    assert q.call("metadata_set", "{}", 1, *settings(**kw)) == 1


def make_due(q, mid):
    """Moves a delayed message's due time into the past."""
    q.r.zadd(q.delayed, {mid: q.now() - 1})


# ------------------------------------------------------------------------------- record format

def test_records_written_before_claim_counting_still_read_and_count_from_zero(q):
    _, ids = q.post("1")
    rec = q.record(ids[0])
    old = f"seq={rec['seq']} ttl={rec['ttl']} created={rec['created']} expires={rec['expires']} client={rec['client']} body=1"
    q.r.hset(q.messages, ids[0], old)
    assert q.list()[1:] == [ids[0], 300, 0, "1"]
    cid, reply = q.claim()
    assert ids_of(reply, 1) == ids
    assert q.record(ids[0])["claims"] == 1 and q.record(ids[0])["claim"] == cid


# ------------------------------------------------------------------------------------- delays

def test_delayed_message_is_hidden_until_due_then_ready_at_the_end(q):
    _, (a,) = q.post("1")
    _, (d,) = q.post("2", delay=60)
    _, (b,) = q.post("3")
    assert q.r.zscore(q.delayed, d) is not None and q.record(d)["seq"] == 0
    assert ids_of(q.list(), 1) == [a, b]
    assert q.call("queue_stats")[:3] == [0, 3, 1]
    cid, reply = q.claim(limit=10)
    assert ids_of(reply, 1) == [a, b]
    assert q.claim()[1] == []  # not due: nothing to claim
    make_due(q, d)
    cid, reply = q.claim()
    assert ids_of(reply, 1) == [d]
    assert q.record(d)["seq"] == 3  # a new place after everything posted before it became due
    assert int(q.r.hget(q.queue, "last_seq")) == 3


def test_delayed_message_expires_ttl_after_it_is_due(q):
    before = q.now()
    _, (d,) = q.post("x", ttl=100, delay=30)
    rec = q.record(d)
    assert 130_000 <= rec["expires"] - before <= 130_000 + (q.now() - before)


def test_include_delayed_lists_them_after_the_rest_with_a_resumable_marker(q):
    _, (a,) = q.post("1")
    _, (d1, d2) = q.post("2", "3", delay=60)
    page = q.list_full(limit=2, include_delayed=1)
    assert [page[1], page[6]] == [a, d1]
    assert page[0].startswith("D") and page[0].endswith(":" + d1)
    page2 = q.list_full(marker=page[0], limit=2, include_delayed=1)
    assert page2[1] == d2 and len(page2) == 6
    assert q.list_full(marker=page2[0], limit=2, include_delayed=1) == []
    assert q.list_full(marker="Dnonsense", include_delayed=1) == []


def test_default_delay_and_ttl_come_from_the_queue_settings(q):
    set_settings(q, default_ttl=120, default_delay=5)
    args = [CLIENT, 0, 0, "a" * 24, 0, -1, '"x"', "b" * 24, 90, 0, '"y"']
    assert q.call("message_post", *args) == 0
    assert q.record("a" * 24)["ttl"] == 120 and q.r.zscore(q.delayed, "a" * 24) is not None
    assert q.record("b" * 24)["ttl"] == 90 and q.r.zscore(q.ready, "b" * 24) is not None
    set_settings(q)  # cleared: 3600 and no delay
    assert q.call("message_post", CLIENT, 0, 0, "c" * 24, 0, -1, '"z"') == 0
    assert q.record("c" * 24)["ttl"] == 3600 and q.r.zscore(q.ready, "c" * 24) is not None


def test_post_creates_a_missing_queue_only_when_asked_and_checks_the_post_size(r, shas):
    q = Queue(r, shas, "lazy")
    with pytest.raises(redis.ResponseError, match="^QUEUE_NOT_FOUND"):
        q.call("message_post", CLIENT, 0, 0, "a" * 24, 60, 0, "1")
    assert q.call("message_post", CLIENT, 1, 0, "a" * 24, 60, 0, "1") == 1
    assert q.call("message_post", CLIENT, 1, 0, "b" * 24, 60, 0, "1") == 0
    set_settings(q, max_post_bytes=100)
    with pytest.raises(redis.ResponseError, match="^POST_TOO_LARGE 100"):
        q.call("message_post", CLIENT, 1, 101, "c" * 24, 60, 0, "1")
    assert q.call("message_post", CLIENT, 1, 100, "c" * 24, 60, 0, "1") == 0
    q.check_invariants()


# ------------------------------------------------------------------------------- dead letters

def test_claim_counts_and_dead_letters_after_max_claims(r, shas, q):
    set_settings(q, max_claims=2, dlq="dlq", dlq_ttl=500)
    _, (m,) = q.post('{"job":1}')
    for n in (1, 2):
        cid, reply = q.claim()
        assert ids_of(reply, 1) == [m] and q.record(m)["claims"] == n
        assert q.call("claim_delete", cid) == 1
    cid, reply = q.claim_full()
    assert reply == ["", 1]  # handed out twice: now moved, not claimed
    assert not q.r.hexists(q.messages, m) and q.r.hexists(q.dead_letters, m)
    taken = q.call("dead_letter_take", 100)
    assert taken == [m, "dlq", 500, CLIENT, '{"job":1}']
    dlq = Queue(r, shas, "dlq")
    assert dlq.call("dead_letter_deliver", m, 500, CLIENT, '{"job":1}') == [1, 1]
    # A retried delivery (a gateway died before the ack) adds nothing, even after a consumer
    # deleted the dead letter.
    assert dlq.call("message_delete_many", m) == 1
    assert dlq.call("dead_letter_deliver", m, 500, CLIENT, '{"job":1}') == [0, 0]
    assert q.call("dead_letter_ack", m) == 1
    assert q.call("dead_letter_take", 100) == []
    dlq.check_invariants()


def test_dead_letter_lands_ready_with_its_id_and_ttl(r, shas, q):
    set_settings(q, max_claims=1, dlq="dlq")
    _, (m,) = q.post("7", ttl=1000)
    q.call("claim_delete", q.claim()[0])
    assert q.claim_full()[1] == ["", 1]
    (mid, name, ttl, client, body) = q.call("dead_letter_take", 10)
    assert (mid, name, body) == (m, "dlq", "7") and 990 <= ttl <= 1000  # its remaining ttl
    dlq = Queue(r, shas, "dlq")
    dlq.call("dead_letter_deliver", mid, ttl, client, body)
    assert dlq.list()[1:] == [m, ttl, 0, "7"]
    assert dlq.record(m)["claims"] == 0


def test_no_dead_lettering_without_a_dead_letter_queue(q):
    set_settings(q, max_claims=1)
    _, (m,) = q.post("1")
    for _ in range(3):
        cid, reply = q.claim()
        assert ids_of(reply, 1) == [m]
        q.call("claim_delete", cid)


def test_pop_takes_deletes_counts_and_dead_letters(q):
    _, ids = q.post("1", "2", "3")
    q.call("claim_delete", q.claim(limit=1)[0])  # ids[0] claimed once
    reply = q.call("message_pop", 2)
    assert reply[0] == 0
    assert [reply[1], reply[5], reply[6], reply[10]] == [ids[0], 2, ids[1], 1]
    assert q.r.hkeys(q.messages) == [ids[2]]
    set_settings(q, max_claims=1, dlq="dlq")
    q.call("claim_delete", q.claim()[0])
    assert q.call("message_pop", 5) == [1]
    assert q.r.hexists(q.dead_letters, ids[2])


def test_purge_keeps_the_queue_and_its_sequence(q):
    q.post("1", "2")
    q.claim(limit=1)
    q.post("3", delay=30)
    assert q.call("queue_purge") == 3
    assert q.r.exists(q.queue) and q.r.hget(q.queue, "last_seq") == "2"
    for key in (q.messages, q.ready, q.claimed, q.expiry, q.claims, q.claim_expiry, q.delayed):
        assert not q.r.exists(key)
    assert q.post("4")[0] == 3


# --------------------------------------------------------------------------- queues, metadata

def test_queue_create_with_metadata_and_settings_leaves_an_existing_queue_alone(r, shas):
    q = Queue(r, shas, "new")
    assert q.call("queue_create", '{"_max_claim_count":3}', *settings(max_claims=3)) == 1
    assert q.r.hget(q.queue, "metadata") == '{"_max_claim_count":3}' and q.r.hget(q.queue, "max_claims") == "3"
    assert q.call("queue_create", '{"a":1}', *settings()) == 0
    assert q.r.hget(q.queue, "metadata") == '{"_max_claim_count":3}' and q.r.hget(q.queue, "max_claims") == "3"


def test_metadata_set_replaces_settings_only_when_asked_and_compares_when_given(q):
    set_settings(q, max_claims=3, dlq="d")
    assert q.call("metadata_set", '{"a":1}', 0, *settings()) == 1
    assert q.r.hget(q.queue, "max_claims") == "3"  # left alone
    assert q.call("metadata_set", '{"b":2}', 1, *settings(default_ttl=90), '{"stale":1}') == 0
    assert q.r.hget(q.queue, "metadata") == '{"a":1}'
    assert q.call("metadata_set", '{"b":2}', 1, *settings(default_ttl=90), '{"a":1}') == 1
    assert q.r.hmget(q.queue, "metadata", "default_ttl", "max_claims", "dlq") == ['{"b":2}', "90", None, None]


def test_queue_delete_drops_the_new_keys(q):
    q.post("1")
    q.post("2", delay=30)
    q.r.hset(q.dead_letters, "x" * 24, "dlq=d ttl=60 seq=1")
    subs = Subs(q)
    subs.call("subscription_create", "a" * 24, "http://x", 60, "{}")
    q.delete()
    assert not any(q.r.exists(k) for k in q.keys + subs.keys)


# ------------------------------------------------------------------------------- subscriptions

class Subs:
    def __init__(self, q):
        tag = "cq:{" + q.member + "}:"
        self.q = q
        self.keys = [tag + "queue", tag + "subscriptions", tag + "subscription_ids", tag + "subscribers"]

    def call(self, script, *args):
        return self.q.call(script, *args, keys=self.keys)


def test_subscription_crud(r, shas):
    s = Subs(Queue(r, shas, "subq"))
    assert s.call("subscription_create", "a" * 24, "http://x/1", 600, "{}") == ["created", "a" * 24, 1]
    # the same subscriber, unconfirmed: its id again; confirmed: a conflict
    assert s.call("subscription_create", "b" * 24, "http://x/1", 600, "{}") == ["exists", "a" * 24, 0]
    assert s.call("subscription_confirm", "a" * 24, 1) == 1
    assert s.call("subscription_create", "b" * 24, "http://x/1", 600, "{}") == ["conflict", "a" * 24, 0]
    assert s.call("subscription_create", "c" * 24, "mailto:a@b.c", 60, '{"k":1}')[0] == "created"
    sid, sub, ttl, age, confirmed, options = s.call("subscription_get", "a" * 24)
    assert (sid, sub, ttl, age, confirmed, options) == ("a" * 24, "http://x/1", 600, 0, 1, "{}")
    page = s.call("subscription_list", "", 1)
    assert page[0] == "a" * 24 and len(page) == 6
    assert s.call("subscription_list", "a" * 24, 10)[0] == "c" * 24
    assert s.call("subscription_update", "c" * 24, "http://x/1", "", "") == "conflict"
    assert s.call("subscription_update", "c" * 24, "http://y", "120", '{"z":2}') == "updated"
    assert s.call("subscription_get", "c" * 24)[1:3] + [s.call("subscription_get", "c" * 24)[5]] == ["http://y", 120, '{"z":2}']
    assert s.call("subscription_update", "f" * 24, "", "", "") == "missing"
    assert s.call("subscription_delete", "c" * 24) == 1
    assert s.call("subscription_get", "c" * 24) == []
    assert s.call("subscription_create", "d" * 24, "mailto:a@b.c", 60, "{}")[0] == "created"  # the subscriber is free again
    assert s.call("subscription_purge") == 2
    assert s.call("subscription_list", "", 10) == []


def test_expired_subscription_is_gone_and_its_subscriber_free(r, shas):
    s = Subs(Queue(r, shas, "subq"))
    s.call("subscription_create", "a" * 24, "http://x", 60, "{}")
    s.call("subscription_confirm", "a" * 24, 1)
    rec = r.hget(s.keys[1], "a" * 24)
    r.hset(s.keys[1], "a" * 24, rec.replace("expires=", "expires=1 old="))  # malformed: unreadable
    assert s.call("subscription_get", "a" * 24) == []
    now = s.q.now()
    r.hset(s.keys[1], "a" * 24, f"subscriber=http://x ttl=60 created={now - 61000} expires={now - 1000} confirmed=1 options={{}}")
    assert s.call("subscription_get", "a" * 24) == []
    assert s.call("subscription_list", "", 10) == []
    assert s.call("subscription_create", "b" * 24, "http://x", 60, "{}") == ["created", "b" * 24, 0]


def test_list_marker_may_be_a_message_id(q):
    _, ids = q.post("1", "2", "3")
    _, (d1, d2) = q.post("4", "5", delay=60)
    page = q.list_full(marker=ids[0], limit=10)
    assert [page[1], page[6]] == ids[1:] and page[0] == "3"
    page = q.list_full(marker=d1, limit=10, include_delayed=1)
    assert page[1] == d2 and len(page) == 6
    assert q.list_full(marker="f" * 24) == []  # an id this queue does not have: nothing after it
