"""`cloud-queues inspect`: queues, queue, and check finding a deliberately corrupted queue.

Runs the binary (CQ_BIN) against the shared Redis (CQ_REDIS_URL), narrowed to the test's own
project; corrupts keys directly with redis-py using the key layout of lua/README.md.
"""

import json
import os
import subprocess

import pytest

from cq import project_index, qkey


# inspect reads one Redis server; on a Redis Cluster a queue's keys and its project's index may
# live on different masters (docs/cluster.md), so these tests run on the single-Redis pass only.
pytestmark = pytest.mark.skipif(bool(os.environ.get("CQ_REDIS_CLUSTER")), reason="inspect reads a single Redis server")


def inspect(*args):
    r = subprocess.run([os.environ["CQ_BIN"], "inspect", *args, "--redis-url", os.environ["CQ_REDIS_URL"]],
                       capture_output=True, timeout=60)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def check_json(project, *extra):
    code, out, err = inspect("check", "--project", project, "--json", *extra)
    assert code in (0, 1), (code, err)
    report = json.loads(out)
    assert report["passed"] == (code == 0)
    return code, report


def test_inspect_queues_and_queue(api, project):
    q = api.create_queue()
    api.post_messages(q, [{"ttl": 300, "body": i} for i in range(5)])
    cid, ids = api.claim(q, limit=2)
    code, out, err = inspect("queues", "--project", project, "--json")
    assert code == 0, err
    [summary] = json.loads(out)
    assert summary == {"project": project, "name": q, "messages": 5, "ready": 3, "claimed": 2,
                       "delayed": 0, "deadLetters": 0, "claims": 1, "liveClaims": 1, "lastSeq": 5}
    code, out, err = inspect("queue", project, q, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["exists"] and report["inIndex"]
    assert [k["key"] for k in report["keys"]] == [qkey(project, q, s) for s in
                                                  ("queue", "messages", "ready", "claimed", "expiry", "claims", "claim_expiry",
                                                   "delayed", "dead_letters", "dead_letters_seen")]
    assert {k["key"].rsplit(":", 1)[1]: (k["type"], k["size"], k["pttl"]) for k in report["keys"]} == {
        "queue": ("hash", 3, -1), "messages": ("hash", 5, -1), "ready": ("zset", 3, -1), "claimed": ("zset", 2, -1),
        "expiry": ("zset", 5, -1), "claims": ("hash", 1, -1), "claim_expiry": ("zset", 1, -1),
        "delayed": ("none", 0, -2), "dead_letters": ("none", 0, -2), "dead_letters_seen": ("none", 0, -2)}
    assert [m["claims"] for m in report["inFlight"]] == [1, 1] and report["delayed"] == [] and report["deadLetters"] == []
    assert [m["seq"] for m in report["ready"]] == [3, 4, 5]
    assert sorted(m["id"] for m in report["inFlight"]) == sorted(ids)
    assert [m["seq"] for m in report["inFlight"]] == [1, 2]
    [claim] = report["claims"]
    assert claim["id"] == cid and claim["live"] and sorted(claim["messages"]) == sorted(ids)
    code, out, _ = inspect("queue", project, q)
    assert code == 0 and "ready, in order (3):" in out and cid in out
    code, out, _ = inspect("queues", "--project", project)
    assert code == 0 and q in out and "1 queue(s)" in out


def test_check_passes_on_a_healthy_queue_and_finds_each_corruption(api, project, rdb):
    q = api.create_queue()
    ids = api.post_messages(q, [{"ttl": 300, "body": i} for i in range(6)])
    cid, claimed = api.claim(q, limit=2)
    code, report = check_json(project)
    assert code == 0 and report["violations"] == [] and report["queuesChecked"] == 1, report

    # 1. an id in ready without a record
    ghost = "f" * 24
    rdb.zadd(qkey(project, q, "ready"), {ghost: 99})
    # 2. a message in two live claims: a second claim (with its expiry entry) listing a claimed id
    record = rdb.hget(qkey(project, q, "claims"), cid).decode()
    other = "e" * 24
    rdb.hset(qkey(project, q, "claims"), other, record.split(" messages=")[0] + " messages=" + claimed[0])
    rdb.zadd(qkey(project, q, "claim_expiry"), {other: rdb.zscore(qkey(project, q, "claim_expiry"), cid)})
    # 3. counts that disagree: a message dropped from expiry only
    free = [i for i in ids if i not in claimed]
    rdb.zrem(qkey(project, q, "expiry"), free[0])
    # 4. a queue key that would expire by itself
    rdb.pexpire(qkey(project, q, "messages"), 3_600_000)
    # 5. a message both ready and claimed
    rdb.zadd(qkey(project, q, "ready"), {claimed[1]: 2})

    code, report = check_json(project)
    assert code == 1
    codes = {v["code"] for v in report["violations"]}
    assert {"missing_record", "message_in_two_live_claims", "message_without_expiry", "count_mismatch",
            "unexpected_ttl", "message_in_ready_and_claimed", "live_claim_message_ready"} <= codes, report
    by_code = {v["code"]: v for v in report["violations"]}
    assert ghost in by_code["missing_record"]["detail"]
    assert claimed[0] in by_code["message_in_two_live_claims"]["detail"]
    assert free[0] in by_code["message_without_expiry"]["detail"]
    assert all(v["queue"].endswith("/" + q) for v in report["violations"])
    # Narrowed to the queue: same result; text output lists each violation, exit 1.
    code, out, _ = inspect("check", "--project", project, "--queue", q)
    assert code == 1
    assert "missing_record" in out and "violation(s)" in out
    rdb.persist(qkey(project, q, "messages"))


def test_check_finds_keys_of_a_queue_missing_from_the_index(api, project, rdb):
    q = api.create_queue()
    api.post_messages(q, [{"ttl": 300, "body": 1}])
    rdb.zrem(project_index(project), q)
    code, report = check_json(project)
    assert code == 1
    assert any(v["code"] == "not_in_index" for v in report["violations"]), report
    rdb.zadd(project_index(project), {q: 0})
