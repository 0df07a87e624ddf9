"""A real client: python-zaqarclient 3.0.1 (the last release with the v1 API) against gateway A.

Runs in its own virtualenv (scripts/test.sh makes it), because the client pulls in OpenStack
libraries the other tests do not need. Uses the library's own objects end to end: queue create,
exists, metadata, post, list with echo, get by ids, claim, delete with the claim, stats, release,
queue listing, delete.
"""

import os
import uuid

import pytest
from zaqarclient.queues import client as zaqar


@pytest.fixture
def cli():
    url = os.environ.get("CQ_URL")
    if not url:
        pytest.fail("CQ_URL is not set; scripts/test.sh sets it", pytrace=False)
    project = "zaqarclient-" + uuid.uuid4().hex[:8]
    return zaqar.Client(url, version=1, conf={"auth_opts": {"backend": "noauth", "options": {"os_project_id": project}}})


def test_producer_consumer_cycle_with_python_zaqarclient_v1(cli):
    queue = cli.queue("jobs", auto_create=False)
    assert not queue.exists()
    queue.ensure_exists()
    assert queue.exists()
    queue.metadata(new_meta={"owner": "tests"})
    assert queue.metadata(force_reload=True) == {"owner": "tests"}

    queue.post([{"ttl": 300, "body": {"n": i}} for i in range(5)])
    listed = list(queue.messages(echo=True))
    assert [m.body for m in listed] == [{"n": i} for i in range(5)]
    by_ids = list(queue.messages(*[m._id for m in listed[3:]]))
    assert sorted(m.body["n"] for m in by_ids) == [3, 4]

    claim = queue.claim(ttl=60, grace=60, limit=3)
    claimed = list(claim)
    assert [m.body for m in claimed] == [{"n": 0}, {"n": 1}, {"n": 2}]
    stats = queue.stats
    assert (stats["messages"]["claimed"], stats["messages"]["total"]) == (3, 5)
    for message in claimed[:2]:
        message.delete()
    claim.delete()  # releases the third
    stats = queue.stats
    assert (stats["messages"]["free"], stats["messages"]["claimed"], stats["messages"]["total"]) == (3, 0, 3)

    assert "jobs" in [q.name for q in cli.queues()]
    queue.delete()
    assert not queue.exists()
