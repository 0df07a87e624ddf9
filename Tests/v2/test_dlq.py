"""Dead-letter queues (notes §1.4; decisions: every claim counts; a claim that finds a message
already claimed _max_claim_count times moves it to _dead_letter_queue instead, so it is handed
out exactly _max_claim_count times and then appears in the DLQ exactly once, same id, with TTL
_dead_letter_queue_messages_ttl if set, else its own remaining TTL; the DLQ is created if
missing)."""

import collections
import threading
import time

import pytest

from cq2 import assert_json, assert_message, ids_of, new_queue_name


def dlq_queue(api, max_claims, dlq_ttl=None, **extra):
    q, dlq = new_queue_name("src"), new_queue_name("dlq")
    meta = {"_max_claim_count": max_claims, "_dead_letter_queue": dlq, **extra}
    if dlq_ttl is not None:
        meta["_dead_letter_queue_messages_ttl"] = dlq_ttl
    api.create_queue(q, metadata=meta)
    return q, dlq


def claim_release(api, q, limit=None):
    cid, got = api.claim(q, ttl=60, limit=limit)
    if cid is not None:
        api.release(q, cid)
    return ids_of(got)


@pytest.mark.parametrize("n", [1, 3])
def test_message_claimed_exactly_n_times_then_in_dlq_once(api, n):
    q, dlq = dlq_queue(api, n)
    (mid,) = api.post_messages(q, [{"ttl": 600, "body": {"job": 1}}])
    for i in range(n):
        assert claim_release(api, q) == [mid], "claim %d" % (i + 1)
    assert claim_release(api, q) == []
    assert api.counts(q) == {"free": 0, "claimed": 0, "delayed": 0, "total": 0}
    moved = api.list_all(dlq)
    assert ids_of(moved) == [mid]
    assert_message(moved[0], dlq, mid=mid, body={"job": 1})
    assert api.counts(dlq) == {"free": 1, "claimed": 0, "delayed": 0, "total": 1}
    # later claims on the source still find nothing, the DLQ still holds it once
    assert claim_release(api, q) == []
    assert ids_of(api.list_all(dlq)) == [mid]


def test_dlq_is_created_and_listed(api):
    q, dlq = dlq_queue(api, 1)
    api.post_messages(q, [{"body": 1}])
    claim_release(api, q)
    assert claim_release(api, q) == []
    listed = [x["name"] for x in assert_json(api.get("/queues"), 200)["queues"]]
    assert sorted(listed) == sorted([q, dlq])


def test_dlq_messages_ttl_applied(api):
    q, dlq = dlq_queue(api, 1, dlq_ttl=120)
    (mid,) = api.post_messages(q, [{"ttl": 3000, "body": 1}])
    claim_release(api, q)
    assert claim_release(api, q) == []
    m = assert_json(api.get(f"/queues/{dlq}/messages/{mid}"), 200)
    assert_message(m, dlq, mid=mid, ttl=120, body=1)


def test_dlq_without_messages_ttl_keeps_its_own_remaining_ttl(api):
    q, dlq = dlq_queue(api, 1)
    (mid,) = api.post_messages(q, [{"ttl": 3000, "body": 1}])
    claim_release(api, q)
    assert claim_release(api, q) == []
    m = assert_json(api.get(f"/queues/{dlq}/messages/{mid}"), 200)
    assert 2900 <= m["ttl"] <= 3000, m


def test_dlq_message_can_be_popped(api):
    q, dlq = dlq_queue(api, 2)
    (mid,) = api.post_messages(q, [{"body": 1}])
    claim_release(api, q)
    claim_release(api, q)
    assert claim_release(api, q) == []
    doc = assert_json(api.delete(f"/queues/{dlq}/messages", query="pop=1"), 200)
    assert [m["id"] for m in doc["messages"]] == [mid]
    assert api.counts(dlq)["total"] == 0


def test_no_dlq_without_both_settings(api):
    # _max_claim_count alone: nothing is moved, claims go on
    q = api.create_queue(metadata={"_max_claim_count": 1})
    (mid,) = api.post_messages(q, [{"body": 1}])
    for _ in range(3):
        assert claim_release(api, q) == [mid]
    # _dead_letter_queue alone: same
    dlq = new_queue_name("dlq")
    q2 = api.create_queue(metadata={"_dead_letter_queue": dlq})
    (m2,) = api.post_messages(q2, [{"body": 1}])
    for _ in range(3):
        assert claim_release(api, q2) == [m2]
    assert api.counts(dlq)["total"] == 0


def test_only_the_exhausted_messages_move(api):
    q, dlq = dlq_queue(api, 1)
    a, b = api.post_messages(q, [{"body": "a"}, {"body": "b"}])
    assert claim_release(api, q, limit=1) == [a]
    # the next claim moves a (claimed once already) and hands out b
    got = claim_release(api, q, limit=5)
    assert got == [b]
    assert ids_of(api.list_all(dlq)) == [a]
    assert claim_release(api, q) == []
    assert sorted(ids_of(api.list_all(dlq))) == sorted([a, b])


def test_v1_claims_count_too(api, v1):
    q, dlq = dlq_queue(api, 1)
    (mid,) = api.post_messages(q, [{"body": 1}])
    cid, got = v1.claim(q, ttl=60, grace=60)
    assert got == [mid]
    assert v1.delete(f"/queues/{q}/claims/{cid}").status_code == 204
    assert claim_release(api, q) == []
    assert ids_of(api.list_all(dlq)) == [mid]


def test_concurrent_claimers_every_message_in_dlq_exactly_once(api):
    """8 threads claim and release at once over 200 messages with _max_claim_count 2: each
    message is handed out exactly twice, then it is in the DLQ exactly once; none is lost."""
    total, max_claims, threads_n = 200, 2, 8
    q, dlq = dlq_queue(api, max_claims)
    ids = api.post_n(q, total, ttl=3600)
    assert len(set(ids)) == total
    handed = collections.Counter()
    errors = []
    lock = threading.Lock()
    deadline = time.monotonic() + 120

    def worker():
        c = api.other_client()
        try:
            empty_in_a_row = 0
            while time.monotonic() < deadline:
                r = c.post(f"/queues/{q}/claims", query="limit=20", body={"ttl": 60})
                if r.status_code == 204:
                    empty_in_a_row += 1
                    if empty_in_a_row >= 3 and c.counts(q)["total"] == 0:
                        return
                    time.sleep(0.02)
                    continue
                if r.status_code != 201:
                    errors.append((r.status_code, r.text[:200]))
                    return
                empty_in_a_row = 0
                cid = r.headers["Location"].rsplit("/", 1)[1]
                got = ids_of(r.json()["messages"])
                with lock:
                    handed.update(got)
                d = c.delete(f"/queues/{q}/claims/{cid}")
                if d.status_code != 204:
                    errors.append((d.status_code, d.text[:200]))
                    return
            errors.append("timed out")
        finally:
            c.s.close()

    threads = [threading.Thread(target=worker) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:5]
    assert set(handed) == set(ids)
    wrong = {m: n for m, n in handed.items() if n != max_claims}
    assert not wrong, "handed out other than %d times: %s" % (max_claims, list(wrong.items())[:10])
    moved = ids_of(api.list_all(dlq))
    counts = collections.Counter(moved)
    assert set(counts) == set(ids), (len(counts), len(ids))
    assert all(n == 1 for n in counts.values()), [m for m, n in counts.items() if n > 1][:10]
    src = api.counts(q)
    dst = api.counts(dlq)
    assert src["total"] + dst["total"] == total, (src, dst)
    assert src["total"] == 0 and dst == {"free": total, "claimed": 0, "delayed": 0, "total": total}
