"""Long polling's side of the scripts (issue 14): what they publish on the queue's wake channel
(`cq:{<P>/<Q>}:wake`, sharded pub/sub) and what queue_wake_hint says. Same Redis and helpers as
test_scripts.py."""
import time

from test_scripts import CLIENT, Queue, ids_of  # noqa: F401
from test_scripts import r, shas, q  # noqa: F401


class Listener:
    """A sharded pub/sub subscriber of one queue's wake channel."""

    def __init__(self, q):
        self.channel = q.keys[0][: -len("queue")] + "wake"
        self.pubsub = q.r.pubsub()
        self.pubsub.ssubscribe(self.channel)
        assert self._next(2.0)["type"] == "ssubscribe"

    def _next(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = self.pubsub.get_sharded_message(timeout=0.1)
            if m:
                return m
        return None

    def payloads(self, timeout=0.3):
        out = []
        while True:
            m = self._next(timeout)
            if m is None:
                return out
            if m["type"] in ("smessage", "message"):
                out.append(int(m["data"]))

    def close(self):
        self.pubsub.close()


def test_the_channel_name_is_the_one_keys_swift_builds(q):
    assert q.keys[0].endswith(":queue")
    assert Listener(q).channel == "cq:{p1/q}:wake"


def test_post_of_ready_messages_publishes_zero(q):
    listener = Listener(q)
    q.post("1", "2")
    assert listener.payloads() == [0]
    listener.close()


def test_post_of_delayed_messages_publishes_the_first_due_time(q):
    listener = Listener(q)
    q.call("message_post", CLIENT, 0, 0, "a" * 24, 300, 30, '"x"', "b" * 24, 300, 7, '"y"')
    assert listener.payloads() == [7000]
    listener.close()


def test_claim_release_and_renew_publish_and_a_plain_claim_does_not(q):
    q.post("1")
    listener = Listener(q)
    cid, reply = q.claim(ttl=100)
    assert ids_of(reply, 1)
    assert listener.payloads() == []  # taking messages makes nothing claimable
    assert q.call("claim_update", cid, 90, 60) == 1
    assert listener.payloads() == [90_000]  # when the renewed claim lapses
    assert q.call("claim_delete", cid) == 1
    assert listener.payloads() == [0]
    assert q.call("claim_delete", cid) == 0
    assert listener.payloads() == []  # nothing released
    listener.close()


def test_wake_hint_is_the_first_delayed_due_time_or_claim_lapse(q):
    assert q.call("queue_wake_hint") == -1
    q.post("1")
    cid, reply = q.claim(ttl=100)
    hint = q.call("queue_wake_hint")
    assert 99_000 <= hint <= 100_000
    q.call("message_post", CLIENT, 0, 0, "c" * 24, 300, 20, '"z"')
    hint = q.call("queue_wake_hint")
    assert 19_000 <= hint <= 20_000  # the earlier of the two: the delayed message
    q.r.zadd(q.keys[6], {cid: q.now() - 5})  # a claim already lapsed, not yet requeued
    assert q.call("queue_wake_hint") == 0
