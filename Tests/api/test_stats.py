"""§6.9 GET …/stats; §8 row; §7.7 expiry; design defect 3 (exact, never negative)."""

import calendar
import time

import pytest

from cq import CREATED_RE, assert_error, assert_json_ct, new_queue_name

EMPTY = {"messages": {"claimed": 0, "free": 0, "total": 0}}


def assert_counts(stats, free, claimed):
    assert stats["free"] == free, stats
    assert stats["claimed"] == claimed, stats
    assert stats["total"] == free + claimed, stats
    for k in ("free", "claimed", "total"):
        assert type(stats[k]) is int and stats[k] >= 0, stats


def assert_point(point, q, mid, redis_now_ms):
    assert set(point) == {"href", "age", "created"}, point
    assert point["href"] == f"/v1/queues/{q}/messages/{mid}"
    assert type(point["age"]) is int and 0 <= point["age"] < 120, point
    assert CREATED_RE.match(point["created"]), point
    created = calendar.timegm(time.strptime(point["created"], "%Y-%m-%dT%H:%M:%SZ"))
    assert abs(created - redis_now_ms / 1000) < 120, (point, redis_now_ms)


def test_stats_200_empty_queue_exact_body(api, queue):
    r = api.get(f"/queues/{queue}/stats")
    assert r.status_code == 200
    assert_json_ct(r)
    assert r.json() == EMPTY
    assert r.headers["Content-Location"] == f"/v1/queues/{queue}/stats"


def test_stats_200_free_claimed_total_oldest_newest(api, queue, inspector):
    ids = api.post_n(queue, 5)
    cid, claimed = api.claim(queue, limit=2)
    assert claimed == ids[:2]
    r = api.get(f"/queues/{queue}/stats")
    assert r.status_code == 200
    doc = r.json()
    assert set(doc) == {"messages"}
    s = doc["messages"]
    assert set(s) == {"free", "claimed", "total", "oldest", "newest"}
    assert_counts(s, free=3, claimed=2)
    now = inspector.now_ms()
    # oldest/newest in queue order, claimed ones included
    assert_point(s["oldest"], queue, ids[0], now)
    assert_point(s["newest"], queue, ids[-1], now)


def test_stats_single_message_oldest_equals_newest(api, queue, inspector):
    (mid,) = api.post_messages(queue, [{"ttl": 60, "body": None}])
    s = api.stats(queue)
    assert_counts(s, free=1, claimed=0)
    assert_point(s["oldest"], queue, mid, inspector.now_ms())
    assert s["oldest"]["href"] == s["newest"]["href"]


def test_stats_age_grows_with_time(api, queue, inspector):
    api.post_n(queue, 1)
    inspector.time_travel(api.project, queue, 100)
    s = api.stats(queue)
    assert 100 <= s["oldest"]["age"] <= 130, s


def test_stats_path_form(api, api_path, queue):
    api.post_n(queue, 2)
    r = api_path.get(f"/queues/{queue}/stats")
    assert r.status_code == 200
    assert_counts(r.json()["messages"], free=2, claimed=0)
    assert api_path.project not in r.text
    assert r.headers["Content-Location"] in (f"/v1/queues/{queue}/stats", f"{api_path.prefix()}/queues/{queue}/stats")


def test_stats_404_missing_queue(api):
    assert_error(api.get(f"/queues/{new_queue_name()}/stats"), 404, "Not found")


def test_stats_404_path_form(api_path):
    assert_error(api_path.get(f"/queues/{new_queue_name()}/stats"), 404, "Not found")


@pytest.mark.parametrize("name", ["a" * 65, "with.dot", "%C3%A9"], ids=["65-chars", "dot", "non-ascii"])
def test_stats_400_invalid_name(api, name):
    assert_error(api.get(f"/queues/{name}/stats"), 400, "Invalid queue identification")


def test_stats_client_id_not_required_and_echo_ignored(api, queue):
    api.post_n(queue, 3)
    r = api.get(f"/queues/{queue}/stats", headers={"Client-ID": None})
    assert r.status_code == 200
    assert_counts(r.json()["messages"], free=3, claimed=0)


def test_stats_after_deletes(api, queue):
    ids = api.post_n(queue, 4)
    assert api.delete(f"/queues/{queue}/messages/{ids[0]}").status_code == 204
    assert api.delete(f"/queues/{queue}/messages", query="ids=" + ",".join(ids[1:3])).status_code == 204
    s = api.stats(queue)
    assert_counts(s, free=1, claimed=0)
    assert s["oldest"]["href"].endswith(ids[3]) and s["newest"]["href"].endswith(ids[3])
    api.delete(f"/queues/{queue}/messages/{ids[3]}")
    assert api.get(f"/queues/{queue}/stats").json() == EMPTY


def test_stats_excludes_expired_messages(api, queue, inspector):
    ids = api.post_n(queue, 3)
    inspector.expire_message(api.project, queue, ids[0])
    s = api.stats(queue)
    assert_counts(s, free=2, claimed=0)
    assert s["oldest"]["href"].endswith(ids[1])
    for mid in ids[1:]:
        inspector.expire_message(api.project, queue, mid)
    assert api.get(f"/queues/{queue}/stats").json() == EMPTY


def test_stats_claim_lapsed_counts_as_free(api, queue, inspector):
    api.post_n(queue, 4)
    cid, got = api.claim(queue, limit=3)
    assert_counts(api.stats(queue), free=1, claimed=3)
    inspector.lapse_claim(api.project, queue, cid)
    assert_counts(api.stats(queue), free=4, claimed=0)


def test_stats_released_claim_counts_as_free(api, queue):
    api.post_n(queue, 4)
    cid, _ = api.claim(queue, limit=3)
    assert api.delete(f"/queues/{queue}/claims/{cid}").status_code == 204
    assert_counts(api.stats(queue), free=4, claimed=0)


def test_stats_never_negative_when_claim_and_messages_lapse(api, queue, inspector):
    # message ttl 60; claim ttl 60 + grace 60 extends it to ~120 s; 90 s later the claim has
    # lapsed but the messages live; 200 s later everything is gone.
    api.post_n(queue, 3, ttl=60)
    cid, got = api.claim(queue, ttl=60, grace=60)
    assert len(got) == 3
    inspector.time_travel(api.project, queue, 90)
    assert_counts(api.stats(queue), free=3, claimed=0)
    cid2, got2 = api.claim(queue, ttl=60, grace=60, limit=2)
    assert len(got2) == 2
    inspector.time_travel(api.project, queue, 400)
    assert api.get(f"/queues/{queue}/stats").json() == EMPTY


def test_stats_claimed_message_expired_with_its_claim_not_counted(api, queue, inspector):
    api.post_n(queue, 2, ttl=60)
    api.claim(queue, ttl=60, grace=60, limit=1)
    inspector.time_travel(api.project, queue, 10000)
    s = api.get(f"/queues/{queue}/stats").json()
    assert s == EMPTY


def test_stats_trailing_slash(api, queue):
    assert api.get(f"/queues/{queue}/stats/").json() == EMPTY
