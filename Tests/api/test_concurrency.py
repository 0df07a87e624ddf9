"""§7.3 ordering under concurrent producers, §7.9 claims never overlap (design defect 1),
§7.11 atomic batches. Bounded in requests and time."""

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from cq import PYRAX_MARKER, Api, assert_no_body, ids_of, message_id_of, next_href

N_WORKERS = 16
N_MESSAGES = 480
DEADLINE_S = 60


def fresh(api, client_id=None):
    return Api(api.base, project=api.project, client_id=client_id)


def test_concurrent_claims_every_message_claimed_exactly_once_and_deleted(api, queue):
    posted = api.post_n(queue, N_MESSAGES, ttl=600, batch=60)
    assert len(set(posted)) == N_MESSAGES
    lock = threading.Lock()
    claims = []  # (claim id, [message ids])
    delete_statuses = []
    deadline = time.monotonic() + DEADLINE_S

    def worker(seed):
        w = fresh(api)
        rnd = random.Random(seed)
        mine = []
        for _ in range(200):
            assert time.monotonic() < deadline, "claim workers took too long"
            limit = rnd.randint(5, 10)
            r = w.post(f"/queues/{queue}/claims", query=f"limit={limit}", body={"ttl": 60, "grace": 60})
            if r.status_code == 204:
                break
            assert r.status_code == 201, (r.status_code, r.text)
            cid = r.headers["Location"].rsplit("/", 1)[1]
            msgs = r.json()
            assert 1 <= len(msgs) <= limit
            ids = [message_id_of(m["href"]) for m in msgs]
            assert all(m["href"].endswith("?claim_id=" + cid) for m in msgs)
            mine.append((cid, ids))
            statuses = []
            for m in msgs:
                statuses.append(w.s.delete(w.base + m["href"], timeout=30).status_code)
            with lock:
                delete_statuses.extend(statuses)
        else:
            raise AssertionError("worker did not finish")
        with lock:
            claims.extend(mine)

    with ThreadPoolExecutor(N_WORKERS) as ex:
        for f in [ex.submit(worker, i) for i in range(N_WORKERS)]:
            f.result()

    claim_ids = [c for c, _ in claims]
    assert len(set(claim_ids)) == len(claim_ids), "claim ids must be unique"
    handed = [mid for _, ids in claims for mid in ids]
    dupes = {m for m in handed if handed.count(m) > 1}
    assert not dupes, "messages handed to two claims: %s" % sorted(dupes)[:10]
    assert set(handed) == set(posted)
    assert len(handed) == N_MESSAGES
    assert delete_statuses == [204] * N_MESSAGES
    assert api.stats(queue) == {"claimed": 0, "free": 0, "total": 0}
    assert_no_body(api.get(f"/queues/{queue}/messages", query="echo=true&include_claimed=true"), 204)


def test_concurrent_claims_without_delete_never_overlap(api, queue):
    posted = api.post_n(queue, 300, ttl=600, batch=100)
    results = []
    lock = threading.Lock()

    def worker(seed):
        w = fresh(api)
        rnd = random.Random(1000 + seed)
        for _ in range(100):
            cid, ids = w.claim(queue, ttl=60, grace=60, limit=rnd.randint(5, 10))
            if cid is None:
                return
            with lock:
                results.append((cid, ids))
        raise AssertionError("worker did not finish")

    with ThreadPoolExecutor(N_WORKERS) as ex:
        for f in [ex.submit(worker, i) for i in range(N_WORKERS)]:
            f.result()
    handed = [m for _, ids in results for m in ids]
    assert len(handed) == len(set(handed)) == 300
    assert set(handed) == set(posted)
    # every claim is live and lists exactly what it was handed
    s = api.stats(queue)
    assert (s["claimed"], s["free"], s["total"]) == (300, 0, 300)
    for cid, ids in results[:10]:
        doc = api.get(f"/queues/{queue}/claims/{cid}").json()
        assert sorted(ids_of(doc["messages"])) == sorted(ids)


def test_concurrent_producers_distinct_contiguous_sequences_all_listed(api, queue, inspector):
    n_producers, n_batches, batch = 8, 12, 5
    acks = []  # list of id lists, one per acknowledged POST
    lock = threading.Lock()

    def producer(p):
        w = fresh(api)
        for b in range(n_batches):
            ids = w.post_messages(queue, [{"ttl": 600, "body": {"p": p, "b": b, "i": i}} for i in range(batch)])
            with lock:
                acks.append(ids)

    with ThreadPoolExecutor(n_producers) as ex:
        for f in [ex.submit(producer, p) for p in range(n_producers)]:
            f.result()

    all_ids = [m for ids in acks for m in ids]
    assert len(all_ids) == len(set(all_ids)) == n_producers * n_batches * batch
    # sequence numbers: distinct, and each batch contiguous and in submitted order
    seq = {m: int(inspector.message_field(api.project, queue, m, "seq")) for m in all_ids}
    assert len(set(seq.values())) == len(all_ids)
    for ids in acks:
        s = [seq[m] for m in ids]
        assert s == list(range(s[0], s[0] + batch)), s
    # every acknowledged message is listed, in sequence order, by a reader paging with limit=100
    reader = fresh(api)
    listed = ids_of(reader.list_all(queue, query="limit=100", echo=False))
    assert listed == sorted(all_ids, key=seq.get)
    assert api.stats(queue)["total"] == len(all_ids)


def test_concurrent_producers_tailing_reader_never_skips(api, queue):
    n_producers, n_batches, batch = 6, 10, 4
    acked = []
    lock = threading.Lock()
    done = threading.Event()

    def producer(p):
        w = fresh(api)
        for b in range(n_batches):
            ids = w.post_messages(queue, [{"ttl": 600, "body": [p, b, i]} for i in range(batch)])
            with lock:
                acked.extend(ids)

    seen = []
    markers = []

    def reader():
        rd = fresh(api)
        r = rd.get(f"/queues/{queue}/messages", query="limit=7")
        link = None
        deadline = time.monotonic() + DEADLINE_S
        idle_after_done = 0
        while time.monotonic() < deadline:
            if r.status_code == 200:
                doc = r.json()
                seen.extend(ids_of(doc["messages"]))
                link = next_href(doc)
                markers.append(int(PYRAX_MARKER.search(link).group(1)))
            else:
                assert r.status_code == 204, r.status_code
                if done.is_set():
                    idle_after_done += 1
                    if idle_after_done >= 2:
                        return
                time.sleep(0.01)
            r = rd.follow(link) if link else rd.get(f"/queues/{queue}/messages", query="limit=7")
        raise AssertionError("tailing reader did not finish")

    with ThreadPoolExecutor(n_producers + 1) as ex:
        rf = ex.submit(reader)
        pfs = [ex.submit(producer, p) for p in range(n_producers)]
        for f in pfs:
            f.result()
        done.set()
        rf.result()

    assert len(seen) == len(set(seen)), "a message was seen twice"
    assert set(seen) == set(acked), "the tailing reader skipped %d messages" % len(set(acked) - set(seen))
    assert markers == sorted(markers)


def test_concurrent_put_same_queue_exactly_one_201(api):
    name = "race-" + api.client_id[:8]
    statuses = []
    lock = threading.Lock()
    barrier = threading.Barrier(10)

    def creator(_):
        w = fresh(api)
        barrier.wait(timeout=10)
        s = w.put("/queues/" + name).status_code
        with lock:
            statuses.append(s)

    with ThreadPoolExecutor(10) as ex:
        for f in [ex.submit(creator, i) for i in range(10)]:
            f.result()
    assert sorted(statuses) == [201] + [204] * 9


def test_concurrent_claim_and_release_churn_never_overlaps_live_claims(api, queue):
    """Workers repeatedly claim and release; at every moment a message belongs to at most one live
    claim. Checked by recording (claim id, ids) while held and asserting that no two claims
    held at overlapping times share a message."""
    api.post_n(queue, 60, ttl=600, batch=60)
    lock = threading.Lock()
    held = {}  # message id -> claim id currently holding it (per our bookkeeping)
    violations = []

    def worker(seed):
        w = fresh(api)
        rnd = random.Random(2000 + seed)
        for _ in range(15):
            cid, ids = w.claim(queue, ttl=60, grace=60, limit=rnd.randint(1, 6))
            if cid is None:
                time.sleep(0.005)
                continue
            with lock:
                for m in ids:
                    if m in held:
                        violations.append((m, held[m], cid))
                    held[m] = cid
            time.sleep(rnd.random() * 0.01)
            # un-register before releasing so that a new claim after the release is legal
            with lock:
                for m in ids:
                    if held.get(m) == cid:
                        del held[m]
            assert w.delete(f"/queues/{queue}/claims/{cid}").status_code == 204

    with ThreadPoolExecutor(N_WORKERS) as ex:
        for f in [ex.submit(worker, i) for i in range(N_WORKERS)]:
            f.result()
    assert not violations, violations[:5]
    s = api.stats(queue)
    assert (s["free"], s["claimed"], s["total"]) == (60, 0, 60)
