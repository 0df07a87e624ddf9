"""Long polling (issue 14): `wait=N` on claim create and on message listing, through v1.

A waiter on gateway B is woken by a post on gateway A (another process; they share only Redis).
Elapsed times are checked only as behaviour (the request answered with the message before its
wait was up, or answered empty after it), never as performance: the figures come from
bench/wake_latency.py.
"""

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from cq import Api, assert_error, in_background, message_id_of, qkey, timed
from gateways import Gateway

WAIT = 8  # long enough that an answer before it can only be a wake-up


@pytest.fixture
def api_b(api, base_url2):
    return Api(base_url2, project=api.project)


@pytest.mark.parametrize("value", ["-1", "21", "abc", "1.5"])
def test_claim_wait_out_of_range_is_400(api, queue, value):
    r = api.post(f"/queues/{queue}/claims", query=f"wait={value}", body={"ttl": 60, "grace": 60})
    assert_error(r, 400)
    assert "wait" in r.json()["description"]


@pytest.mark.parametrize("value", ["-1", "21", "x"])
def test_list_wait_out_of_range_is_400(api, queue, value):
    r = api.get(f"/queues/{queue}/messages", query=f"wait={value}&echo=true")
    assert_error(r, 400)


def test_wait_zero_answers_at_once(api, queue):
    r, elapsed = timed(lambda: api.post(f"/queues/{queue}/claims", query="wait=0", body={"ttl": 60, "grace": 60}))
    assert r.status_code == 204
    assert elapsed < 2


def test_claim_with_messages_ready_answers_at_once(api, queue):
    api.post_n(queue, 3)
    r, elapsed = timed(lambda: api.post(f"/queues/{queue}/claims", query=f"wait={WAIT}&limit=5", body={"ttl": 60, "grace": 60}))
    assert r.status_code == 201
    assert len(r.json()) == 3
    assert elapsed < WAIT / 2


def test_claim_waiter_on_b_is_woken_by_a_post_on_a(api, api_b, queue):
    join = in_background(lambda: timed(lambda: api_b.post(
        f"/queues/{queue}/claims", query=f"wait={WAIT}", body={"ttl": 60, "grace": 60})))
    time.sleep(0.5)
    posted = api.post_n(queue, 1, body_fn=lambda i: {"wake": i})
    r, elapsed = join()
    assert r.status_code == 201, r.text
    assert [message_id_of(m["href"]) for m in r.json()] == posted
    assert r.headers["Location"].startswith(f"/v1/queues/{queue}/claims/")
    assert elapsed < WAIT - 1, "answered only when the wait was up: the post did not wake it"


def test_claim_wait_times_out_with_204(api, queue):
    r, elapsed = timed(lambda: api.post(f"/queues/{queue}/claims", query="wait=2", body={"ttl": 60, "grace": 60}))
    assert r.status_code == 204
    assert r.content == b""
    assert elapsed >= 1.9


def test_waiting_claim_on_missing_queue_answers_204_after_the_wait(api, base_url):
    r, elapsed = timed(lambda: api.post("/queues/nosuchqueue-lp/claims", query="wait=1", body={"ttl": 60, "grace": 60}))
    assert r.status_code == 204
    assert elapsed >= 0.9


def test_list_waiter_is_woken_by_a_post_on_the_other_gateway(api, api_b, queue):
    join = in_background(lambda: timed(lambda: api_b.get(
        f"/queues/{queue}/messages", query=f"wait={WAIT}&echo=true")))
    time.sleep(0.5)
    posted = api.post_n(queue, 2)
    r, elapsed = join()
    assert r.status_code == 200, r.text
    assert [message_id_of(m["href"]) for m in r.json()["messages"]] == posted
    assert elapsed < WAIT - 1


def test_list_waiter_after_marker_waits_for_newer_messages(api, api_b, queue):
    first = api.post_n(queue, 1)
    r = api.get(f"/queues/{queue}/messages", query="echo=true")
    marker = r.json()["links"][0]["href"].split("marker=")[1]
    join = in_background(lambda: api_b.get(f"/queues/{queue}/messages", query=f"wait={WAIT}&echo=true&marker={marker}"))
    time.sleep(0.5)
    second = api.post_n(queue, 1)
    r = join()
    assert r.status_code == 200
    ids = [message_id_of(m["href"]) for m in r.json()["messages"]]
    assert ids == second and ids != first


def test_list_wait_times_out_with_204(api, queue):
    r, elapsed = timed(lambda: api.get(f"/queues/{queue}/messages", query="wait=1&echo=true"))
    assert r.status_code == 204
    assert elapsed >= 0.9


def test_own_messages_do_not_end_a_listing_wait_without_echo(api, queue):
    api.post_n(queue, 1)
    r, elapsed = timed(lambda: api.get(f"/queues/{queue}/messages", query="wait=1"))
    assert r.status_code == 204
    assert elapsed >= 0.9


def test_released_claim_wakes_a_waiter(api, api_b, queue):
    api.post_n(queue, 1)
    cid, ids = api.claim(queue)
    assert ids
    join = in_background(lambda: timed(lambda: api_b.post(
        f"/queues/{queue}/claims", query=f"wait={WAIT}", body={"ttl": 60, "grace": 60})))
    time.sleep(0.5)
    assert api.delete(f"/queues/{queue}/claims/{cid}").status_code == 204
    r, elapsed = join()
    assert r.status_code == 201
    assert [message_id_of(m["href"]) for m in r.json()] == ids
    assert elapsed < WAIT - 1


def test_lapsed_claim_wakes_a_waiter_without_any_post():
    """A claim lapsing is no event anyone publishes: the waiter's gateway rechecks when the
    claim was due to lapse (queue_wake_hint)."""
    gw = Gateway("--limit", "claim_ttl_min=1", "--limit", "claim_grace_min=1")
    try:
        from cq import new_project
        a = Api(gw.url, project=new_project())
        q = a.create_queue()
        a.post_n(q, 1)
        cid, ids = a.claim(q, ttl=2, grace=1)
        assert ids
        r, elapsed = timed(lambda: a.post(f"/queues/{q}/claims", query=f"wait={WAIT}", body={"ttl": 60, "grace": 60}))
        assert r.status_code == 201, r.text
        assert [message_id_of(m["href"]) for m in r.json()] == ids
        assert 1 < elapsed < WAIT - 1
    finally:
        gw.stop()


def test_waiters_are_served_in_arrival_order(api, api_b, queue):
    results = {}

    def waiter(n):
        r = api_b.post(f"/queues/{queue}/claims", query=f"wait={WAIT}&limit=1", body={"ttl": 60, "grace": 60})
        results[n] = (r.status_code, r.json() if r.status_code == 201 else None, time.monotonic())

    threads = []
    for n in range(3):
        t = threading.Thread(target=waiter, args=(n,), daemon=True)
        t.start()
        threads.append(t)
        time.sleep(0.3)  # arrival order 0, 1, 2
    posted = []
    for n in range(3):
        posted += api.post_n(queue, 1)
        time.sleep(0.3)
    for t in threads:
        t.join(WAIT + 10)
    got = [message_id_of(results[n][1][0]["href"]) for n in range(3)]
    assert got == posted, "the first waiter gets the first message, and so on"


def test_client_that_leaves_while_waiting_takes_nothing(api, api_b, queue, rdb):
    """A raw socket sends a waiting claim and closes; a message posted afterwards stays free:
    never claimed (its record's claim count stays 0), claimable at once by someone else."""
    host, port = api_b.base.split("//")[1].split(":")
    port = int(port.split("/")[0])
    body = b'{"ttl": 60, "grace": 60}'
    request = (
        f"POST /v1/queues/{queue}/claims?wait={WAIT} HTTP/1.1\r\nHost: x\r\n"
        f"Client-ID: {api_b.client_id}\r\nX-Project-Id: {api_b.project}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    for _ in range(3):
        s = socket.create_connection((host, port))
        s.sendall(request)
        time.sleep(0.3)
        s.close()
    time.sleep(0.5)
    posted = api.post_n(queue, 1)
    time.sleep(0.5)
    record = rdb.hget(qkey(api.project, queue, "messages"), posted[0])
    assert b" claims=0 " in record or b" claims=" not in record, record
    cid, ids = api.claim(queue)
    assert ids == posted


def test_many_waiting_claimers_claim_every_message_exactly_once(api, api_b, queue):
    """200 waiting claimers over both gateways, 10,000 messages posted while they wait: each
    message is claimed exactly once, none is lost; each claimer deletes what it got."""
    n_waiters, n_messages = 200, 10_000
    lock = threading.Lock()
    claimed = []
    done = threading.Event()

    def claimer(i):
        w = Api(api.base if i % 2 else api_b.base, project=api.project)
        while not done.is_set():
            r = w.post(f"/queues/{queue}/claims", query="wait=5&limit=10", body={"ttl": 120, "grace": 60})
            if r.status_code == 204:
                continue
            assert r.status_code == 201, (r.status_code, r.text)
            ids = [message_id_of(m["href"]) for m in r.json()]
            with lock:
                claimed.extend(ids)
            for m in r.json():
                d = w.delete(m["href"].replace("/v1", "", 1))
                assert d.status_code == 204, d.text

    with ThreadPoolExecutor(n_waiters) as pool:
        futures = [pool.submit(claimer, i) for i in range(n_waiters)]
        time.sleep(1.0)
        posted = api.post_n(queue, n_messages, ttl=600, batch=100)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with lock:
                if len(claimed) >= n_messages:
                    break
            time.sleep(0.2)
        done.set()
        for f in futures:
            f.result(timeout=30)
    assert len(posted) == n_messages == len(set(posted))
    assert len(claimed) == len(set(claimed)), "a message was claimed twice"
    assert set(claimed) == set(posted), "%d posted messages were never claimed" % len(set(posted) - set(claimed))
    stats = api.get(f"/queues/{queue}/stats").json()["messages"]
    assert stats["total"] == 0
