"""Delayed messages (decisions: per-message "delay" honoured on every v2 queue, queue
_default_message_delay when a message has none; not listed unless include_delayed, not claimed,
not popped until due; ready on time with no sweeper; a new place at the end of the queue when
due; v1.1 ignores delay)."""

import os
import time
from urllib.parse import urlsplit, urlunsplit

import pytest

from cq2 import Api2, assert_err, assert_json, assert_message, ids_of
from gateways import Gateway

DELAY = 2          # seconds, for the timing tests
POLL = 0.1
EARLY_SLACK = 0.05
LATE_SLACK = 1.5


def wait_claimable(api, q, timeout=DELAY + 5):
    """Polls POST claims every 0.1 s; returns (receive time of the first 201, its messages)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = api.post(f"/queues/{q}/claims", body={"ttl": 60})
        t = time.monotonic()
        if r.status_code == 201:
            return t, r.json()["messages"]
        assert r.status_code == 204, (r.status_code, r.text)
        time.sleep(POLL)
    raise AssertionError("the delayed message never became claimable")


def assert_ready_on_time(api, q):
    t0 = time.monotonic()
    (mid,) = api.post_messages(q, [{"body": "later", "delay": DELAY}])
    t1 = time.monotonic()
    assert api.post(f"/queues/{q}/claims").status_code == 204
    t_ready, got = wait_claimable(api, q)
    assert ids_of(got) == [mid]
    assert t_ready >= t0 + DELAY - EARLY_SLACK, "claimable %.3f s before it was due" % (t0 + DELAY - t_ready)
    assert t_ready <= t1 + DELAY + LATE_SLACK, "claimable only %.3f s after it was due" % (t_ready - t1 - DELAY)
    return mid


# ---- what a delayed message is not ---------------------------------------------------------


def test_delayed_message_not_listed_unless_include_delayed(api, q):
    (late,) = api.post_messages(q, [{"body": "late", "delay": 600}])
    (now,) = api.post_messages(q, [{"body": "now"}])
    assert ids_of(api.list_page(q, "echo=true")["messages"]) == [now]
    assert ids_of(api.list_page(q, "echo=true&include_delayed=false")["messages"]) == [now]
    doc = api.list_page(q, "echo=true&include_delayed=true")
    # a delayed message takes its place at the end of the queue when due, so it lists after
    # the ready ones
    assert ids_of(doc["messages"]) == [now, late]
    assert_message(doc["messages"][1], q, mid=late, body="late")


def test_delayed_message_not_claimable(api, q):
    api.post_messages(q, [{"body": "late", "delay": 600}])
    (now,) = api.post_messages(q, [{"body": "now"}])
    cid, got = api.claim(q, limit=5)
    assert ids_of(got) == [now]
    assert api.claim(q) == (None, [])


def test_delayed_message_not_popped(api, q):
    (late,) = api.post_messages(q, [{"body": "late", "delay": 600}])
    (now,) = api.post_messages(q, [{"body": "now"}])
    doc = assert_json(api.delete(f"/queues/{q}/messages", query="pop=5"), 200)
    assert [m["id"] for m in doc["messages"]] == [now]
    assert assert_json(api.delete(f"/queues/{q}/messages", query="pop=5"), 200) == {"messages": []}
    assert api.counts(q) == {"free": 0, "claimed": 0, "delayed": 1, "total": 1}


def test_stats_count_delayed(api, q):
    api.post_messages(q, [{"body": 1, "delay": 300}, {"body": 2, "delay": 900}, {"body": 3}])
    s = api.stats(q)
    assert {k: s[k] for k in ("free", "claimed", "delayed", "total")} == {"free": 1, "claimed": 0, "delayed": 2, "total": 3}


def test_delay_zero_is_not_delayed(api, q):
    (mid,) = api.post_messages(q, [{"body": 1, "delay": 0}])
    assert ids_of(api.list_page(q, "echo=true")["messages"]) == [mid]


@pytest.mark.parametrize("delay", [901, -1, "5", 2.5, None], ids=str)
def test_delay_out_of_range_or_not_int_400(api, q, delay):
    r = api.post(f"/queues/{q}/messages", body={"messages": [{"body": 1, "delay": delay}]})
    assert_err(r, 400)
    assert api.counts(q)["total"] == 0


def test_delay_900_accepted(api, q):
    api.post_messages(q, [{"body": 1, "delay": 900}])
    assert api.counts(q)["delayed"] == 1


def test_queue_default_message_delay_applies_without_per_message_delay(api, q):
    api.create_queue(q, metadata={"_default_message_delay": 600})
    late, now = api.post_messages(q, [{"body": "late"}, {"body": "now", "delay": 0}])
    assert ids_of(api.list_page(q, "echo=true")["messages"]) == [now]
    assert api.counts(q) == {"free": 1, "claimed": 0, "delayed": 1, "total": 2}
    assert ids_of(api.list_page(q, "echo=true&include_delayed=true")["messages"]) == [now, late]


def test_delay_honoured_on_queue_without_default_delay(api, q):
    # Zaqar drops "delay" unless the queue has _default_message_delay (its bug); we do not
    api.create_queue(q, metadata={"a": 1})
    api.post_messages(q, [{"body": 1, "delay": 600}])
    assert api.claim(q) == (None, [])
    assert api.counts(q)["delayed"] == 1


def test_v1_does_not_hand_out_delayed_messages(api, v1, q):
    api.create_queue(q)
    api.post_messages(q, [{"body": "late", "delay": 600}])
    (now,) = api.post_messages(q, [{"body": "now"}])
    cid, got = v1.claim(q, ttl=60, grace=60)
    assert got == [now]
    s = v1.stats(q)
    assert (s["free"], s["claimed"]) == (0, 1), s


# ---- v1.1 ignores delay --------------------------------------------------------------------


def test_v11_ignores_per_message_delay(api11, q):
    (mid,) = api11.post_messages(q, [{"body": 1, "delay": 600}])
    assert ids_of(api11.list_page(q, "echo=true")["messages"]) == [mid]
    cid, got = api11.claim(q)
    assert ids_of(got) == [mid]


def test_v11_accepts_any_delay_value(api11, q):
    # ignored means not validated either
    (mid,) = api11.post_messages(q, [{"body": 1, "delay": 901}])
    assert ids_of(api11.list_page(q, "echo=true")["messages"]) == [mid]


def test_v11_ignores_queue_default_delay(api11, q):
    api11.create_queue(q, metadata={"_default_message_delay": 600})
    (mid,) = api11.post_messages(q, [{"body": 1}])
    _, got = api11.claim(q)
    assert ids_of(got) == [mid]


# ---- becoming due --------------------------------------------------------------------------


def test_delayed_message_becomes_claimable_on_time(api, q):
    assert_ready_on_time(api, q)


def test_delayed_message_becomes_listed_and_stats_free_on_time(api, q):
    t0 = time.monotonic()
    (mid,) = api.post_messages(q, [{"body": 1, "delay": DELAY}])
    assert api.counts(q)["delayed"] == 1
    deadline = t0 + DELAY + 5
    while time.monotonic() < deadline:
        if ids_of(api.list_page(q, "echo=true")["messages"]) == [mid]:
            break
        time.sleep(POLL)
    t = time.monotonic()
    assert t0 + DELAY - EARLY_SLACK <= t <= t0 + DELAY + LATE_SLACK + 0.5, t - t0
    assert api.counts(q) == {"free": 1, "claimed": 0, "delayed": 0, "total": 1}


def test_due_message_goes_to_the_end_observer_with_marker_sees_it(api, other, q):
    (late,) = api.post_messages(q, [{"body": "late", "delay": DELAY}])
    a, b = api.post_messages(q, [{"body": "a"}, {"body": "b"}])
    doc = other.list_page(q)
    assert ids_of(doc["messages"]) == [a, b]
    next_link = doc["links"][0]["href"]
    time.sleep(DELAY + 0.3)
    deadline = time.monotonic() + 3
    got = []
    while time.monotonic() < deadline:
        got = ids_of(assert_json(other.follow(next_link), 200)["messages"])
        if got:
            break
        time.sleep(POLL)
    assert got == [late]
    # and in a fresh listing it is after a and b
    assert ids_of(other.list_page(q)["messages"]) == [a, b, late]


def test_queue_default_delay_becomes_claimable_on_time(api, q):
    api.create_queue(q, metadata={"_default_message_delay": DELAY})
    t0 = time.monotonic()
    (mid,) = api.post_messages(q, [{"body": 1}])
    t1 = time.monotonic()
    t_ready, got = wait_claimable(api, q)
    assert ids_of(got) == [mid]
    assert t0 + DELAY - EARLY_SLACK <= t_ready <= t1 + DELAY + LATE_SLACK, t_ready - t0


@pytest.fixture(scope="module")
def no_sweeper_gateway():
    """A private gateway whose sweeper never runs during the test (interval one day), on a Redis
    database no other gateway uses, so nothing but the request path can make a message due."""
    if os.environ.get("CQ_REDIS_CLUSTER", "").strip():
        pytest.skip("on Redis Cluster every gateway shares the cluster and sweeps it; "
                    "the no-sweeper case runs on the single-Redis pass")
    url = os.environ.get("CQ_REDIS_URL", "").strip()
    if not url:
        pytest.fail("CQ_REDIS_URL is not set; scripts/test.sh sets it", pytrace=False)
    u = urlsplit(url)
    private = urlunsplit((u.scheme, u.netloc, "/5", u.query, u.fragment))
    gw = Gateway("--redis-url", private, "--limits", "zaqar", "--sweep-interval", "86400")
    yield gw
    gw.stop()


def test_delayed_message_due_without_any_sweeper(no_sweeper_gateway):
    a = Api2(no_sweeper_gateway.url, "v2")
    try:
        q = a.create_queue()
        assert_ready_on_time(a, q)
        q2 = a.create_queue(metadata={"_default_message_delay": DELAY})
        t0 = time.monotonic()
        (mid,) = a.post_messages(q2, [{"body": 1}])
        deadline = t0 + DELAY + 5
        while time.monotonic() < deadline and a.counts(q2)["delayed"] == 1:
            time.sleep(POLL)
        assert a.counts(q2) == {"free": 1, "claimed": 0, "delayed": 0, "total": 1}
        assert time.monotonic() <= t0 + DELAY + LATE_SLACK + 0.5
        for name in (q, q2):
            a.delete("/queues/" + name)
    finally:
        a.s.close()
