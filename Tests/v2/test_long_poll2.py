"""Long polling (issue 14) through v2 and v1.1: `wait=N` on claim create and on listing.

Waiters on gateway B (CQ_URL2) are woken by posts through the zaqar-profile gateway (another
process on the same Redis). Elapsed times only tell "answered before the wait was up" from
"answered when it was up"; the figures are bench/wake_latency.py's.
"""

import time

import pytest

from cq import in_background, timed
from cq2 import assert_err, ids_of

WAIT = 8


@pytest.fixture
def on_b(api, base_url2):
    """The same project and Client-ID, through gateway B."""
    b = api.clone(base=base_url2)
    yield b
    b.s.close()


@pytest.mark.parametrize("version", ["v2", "v1.1"])
def test_claim_waiter_is_woken_by_a_post_on_the_other_gateway(api, on_b, q, version):
    a, b = api.clone(version=version), on_b.clone(version=version)
    a.create_queue(q)
    join = in_background(lambda: timed(lambda: b.post(f"/queues/{q}/claims", query=f"wait={WAIT}")))
    time.sleep(0.5)
    posted = a.post_messages(q, [{"ttl": 300, "body": {"n": 1}}])
    r, elapsed = join()
    assert r.status_code == 201, r.text
    assert ids_of(r.json()["messages"]) == posted
    assert elapsed < WAIT - 1


def test_claim_wait_times_out_with_204_and_no_body(api, q):
    api.create_queue(q)
    r, elapsed = timed(lambda: api.post(f"/queues/{q}/claims", query="wait=1"))
    assert r.status_code == 204 and r.content == b""
    assert elapsed >= 0.9


@pytest.mark.parametrize("value", ["-1", "21", "soon"])
def test_wait_out_of_range_is_400_in_v2_format(api, q, value):
    api.create_queue(q)
    assert_err(api.post(f"/queues/{q}/claims", query=f"wait={value}"), 400)
    assert_err(api.get(f"/queues/{q}/messages", query=f"wait={value}"), 400)


def test_listing_waiter_is_woken_and_an_empty_wait_ends_with_the_empty_page(api, on_b, q):
    api.create_queue(q)
    r, elapsed = timed(lambda: api.get(f"/queues/{q}/messages", query="wait=1&echo=true"))
    assert r.status_code == 200 and r.json() == {"messages": [], "links": []}
    assert elapsed >= 0.9
    join = in_background(lambda: timed(lambda: on_b.get(f"/queues/{q}/messages", query=f"wait={WAIT}&echo=true")))
    time.sleep(0.5)
    posted = api.post_messages(q, [{"ttl": 300, "body": 1}, {"ttl": 300, "body": 2}])
    r, elapsed = join()
    assert r.status_code == 200
    assert ids_of(r.json()["messages"]) == posted
    assert elapsed < WAIT - 1


def test_delayed_message_wakes_a_waiter_when_it_is_due(api, on_b, q):
    """A delayed post publishes its due time: the waiter's gateway rechecks then."""
    api.create_queue(q, metadata={"_default_message_delay": 2})
    join = in_background(lambda: timed(lambda: on_b.post(f"/queues/{q}/claims", query=f"wait={WAIT}")))
    time.sleep(0.3)
    posted = api.post_messages(q, [{"ttl": 300, "body": "later"}])
    r, elapsed = join()
    assert r.status_code == 201, r.text
    assert ids_of(r.json()["messages"]) == posted
    assert 1.5 < elapsed < WAIT - 1, "claimable only when due, and claimed then"


def test_delayed_message_posted_before_the_wait_wakes_it_when_due(api, on_b, q):
    """Here nobody publishes while the waiter waits: its own empty attempt learns the due time
    (queue_wake_hint)."""
    api.create_queue(q, metadata={"_default_message_delay": 2})
    posted = api.post_messages(q, [{"ttl": 300, "body": "later"}])
    r, elapsed = timed(lambda: on_b.post(f"/queues/{q}/claims", query=f"wait={WAIT}"))
    assert r.status_code == 201, r.text
    assert ids_of(r.json()["messages"]) == posted
    assert 1 < elapsed < WAIT - 1


def test_a_dead_letter_wakes_a_waiter_of_the_dead_letter_queue(api, on_b, q):
    dlq = q + "-dlq"
    api.create_queue(dlq)
    api.create_queue(q, metadata={"_max_claim_count": 1, "_dead_letter_queue": dlq})
    (mid,) = api.post_messages(q, [{"ttl": 300, "body": "poison"}])
    cid, msgs = api.claim(q, ttl=60, grace=60)
    assert ids_of(msgs) == [mid]
    api.release(q, cid)
    join = in_background(lambda: timed(lambda: on_b.post(f"/queues/{dlq}/claims", query=f"wait={WAIT}")))
    time.sleep(0.5)
    assert api.claim(q)[1] == []  # claimed once already: this claim moves it to the dead-letter queue
    r, elapsed = join()
    assert r.status_code == 201, r.text
    assert ids_of(r.json()["messages"]) == [mid]
    assert elapsed < WAIT - 1
