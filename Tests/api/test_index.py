"""The queue indexes (lua/README.md "Indexes", docs/cluster.md "Consistency"): a project's queue
index cq:{<P>}:queues and the project index cq:projects live in other hash slots than the queues,
so the gateway updates them after each queue's own script. These tests break the indexes the way
a crash between the two steps would, and check each repair path: PUT again, the sweeper (stale
entries), and `cloud-queues reindex` (missing and stale entries)."""

import os
import re
import subprocess

import pytest

from cq import Api, encode_project, new_project, new_queue_name, project_index, wait_until


def names(api, query="limit=100"):
    r = api.get("/queues", query=query)
    if r.status_code == 204:
        return []
    assert r.status_code == 200, (r.status_code, r.text)
    return [q["name"] for q in r.json()["queues"]]


def reindex():
    binary = os.environ.get("CQ_BIN")
    if not binary:
        pytest.fail("CQ_BIN (the cloud-queues binary) is not set; scripts/test.sh sets it", pytrace=False)
    cluster = os.environ.get("CQ_REDIS_CLUSTER", "")
    target = ["--redis-cluster", cluster] if cluster else ["--redis-url", os.environ["CQ_REDIS_URL"]]
    out = subprocess.run([binary, "reindex", *target], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_create_indexes_queue_and_project_delete_unindexes_both(api, inspector):
    q = api.create_queue()
    assert inspector.queue_indexed(api.project, q)
    assert api.delete("/queues/" + q).status_code == 204
    assert not inspector.in_project_index(api.project, q)
    # The project had no other queue: it left the project index as well.
    assert inspector.r.zscore("cq:projects", encode_project(api.project)) is None


def test_project_stays_indexed_while_it_has_queues(api, inspector):
    a, b = api.create_queue(), api.create_queue()
    api.delete("/queues/" + a)
    assert inspector.queue_indexed(api.project, b)


def test_put_again_repairs_a_missing_index_entry(api, inspector):
    q = api.create_queue()
    inspector.r.zrem(project_index(api.project), q)  # as if the gateway died after queue_create
    assert names(api) == []
    assert api.put("/queues/" + q).status_code == 204
    assert names(api) == [q]


def test_sweeper_drops_stale_entries(api, inspector):
    real = api.create_queue("b-real")
    inspector.r.zadd(project_index(api.project), {"a-ghost": 0, "c-ghost": 0})  # deleted, never unindexed
    assert names(api) == ["a-ghost", "b-real", "c-ghost"]
    r = api.get("/queues/a-ghost")
    assert r.status_code == 404  # the queue's own record is the truth
    assert wait_until(lambda: names(api) == [real], timeout=10), names(api)


def test_sweeper_prunes_project_without_queues(api, inspector):
    project = encode_project(api.project)
    inspector.r.zadd("cq:projects", {project: 0})
    assert wait_until(lambda: inspector.r.zscore("cq:projects", project) is None, timeout=10)


def test_reindex_restores_missing_and_drops_stale_entries(base_url, inspector):
    p1, p2 = Api(base_url, project=new_project()), Api(base_url, project=new_project())
    lost = [p1.create_queue() for _ in range(3)]
    other = p2.create_queue()
    inspector.r.delete(project_index(p1.project))  # as if three creates died before indexing
    inspector.r.zrem("cq:projects", encode_project(p1.project))
    ghost = new_queue_name()
    inspector.r.zadd(project_index(p2.project), {ghost: 0})
    assert names(p1) == []
    report = reindex()
    added = re.search(r"(\d+) index entries added", report)
    assert added and int(added[1]) >= 3, report
    assert names(p1) == sorted(lost)
    assert inspector.queue_indexed(p1.project, lost[0])
    assert names(p2) == [other]  # the ghost is gone (reindex or the sweeper, whichever came first)
    assert not inspector.in_project_index(p2.project, ghost)


def test_detailed_listing_reads_every_queue_metadata(api):
    queues = sorted(new_queue_name() for _ in range(12))  # spread over many slots (masters)
    for i, q in enumerate(queues):
        api.create_queue(q)
        assert api.put(f"/queues/{q}/metadata", body={"i": i}).status_code == 204
    r = api.get("/queues", query="detailed=true&limit=7")
    assert r.status_code == 200
    first = r.json()["queues"]
    r = api.get("/queues", query="detailed=true&limit=7&marker=" + first[-1]["name"])
    rest = r.json()["queues"]
    listed = first + rest
    assert [q["name"] for q in listed] == queues
    assert [q["metadata"] for q in listed] == [{"i": i} for i in range(len(queues))]
