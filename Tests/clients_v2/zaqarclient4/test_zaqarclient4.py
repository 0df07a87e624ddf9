"""A real client: python-zaqarclient 4.7.0 (v2 only), noauth with os_project_id, against the
zaqar profile gateway (CQ_URL_ZAQAR; falls back to CQ_URL). Everything goes through the
library's own objects: queues (create, list, metadata get and set, which the client sends as
json-patch, delete), messages (post, list, get, get many, delete, pop), claims (claim, update,
release, delete with the claim), purge, subscriptions, delayed messages and dead-lettering.

Runs in its own virtualenv (.build/zaqarclient4-venv, made by scripts/test.sh).
"""

import os
import time
import uuid

import pytest
from zaqarclient.queues import client as zaqar
from zaqarclient.queues.v2 import core
from zaqarclient.transport import errors

RESERVED = {"_max_messages_post_size", "_default_message_ttl", "_default_message_delay", "_dead_letter_queue",
            "_dead_letter_queue_messages_ttl", "_max_claim_count", "_enable_encrypt_messages"}


def gateway():
    url = (os.environ.get("CQ_URL_ZAQAR") or os.environ.get("CQ_URL") or "").rstrip("/")
    if not url:
        pytest.fail("CQ_URL_ZAQAR (or CQ_URL) is not set; scripts/test.sh sets it", pytrace=False)
    return url


def new_client(project=None):
    project = project or "zq4-" + uuid.uuid4().hex[:12]
    return zaqar.Client(gateway(), version=2,
                        conf={"auth_opts": {"backend": "noauth", "options": {"os_project_id": project}}})


@pytest.fixture
def cli():
    c = new_client()
    yield c
    try:
        for q in list(c.queues()[0]):
            q.delete()
    except Exception:
        pass


def name(prefix="q"):
    return prefix + "-" + uuid.uuid4().hex[:10]


def counts(queue):
    m = queue.stats["messages"]
    return {k: m[k] for k in ("free", "claimed", "delayed", "total")}


def test_ping(cli):
    assert cli.ping() is True


def test_queue_create_list_metadata_delete(cli):
    qn = name()
    queue = cli.queue(qn, force_create=True)
    listed, _ = cli.queues()
    assert [q.name for q in listed] == [qn]
    listed, count = cli.queues(with_count=True)
    assert count == 1

    meta = queue.metadata(force_reload=True)
    assert set(meta) == RESERVED and meta["_default_message_ttl"] == 3600

    # set: the client turns this into add / replace / remove json-patch operations, including
    # "remove" for every reserved default it was shown
    meta = queue.metadata(new_meta={"owner": "tests", "n": 1})
    assert meta["owner"] == "tests" and meta["n"] == 1
    assert queue.metadata(force_reload=True) == {**meta}
    meta = queue.metadata(new_meta={"owner": "ops", "_default_message_ttl": 120})
    assert (meta["owner"], meta["_default_message_ttl"]) == ("ops", 120)
    assert "n" not in meta
    reloaded = queue.metadata(force_reload=True)
    assert {k: v for k, v in reloaded.items() if k not in RESERVED} == {"owner": "ops"}
    assert reloaded["_default_message_ttl"] == 120

    detailed, _ = cli.queues(detailed=True)
    assert [q.metadata()["owner"] for q in detailed] == ["ops"]

    queue.delete()
    assert list(cli.queues()[0]) == []


def test_queue_list_pages_through_links(cli):
    names = sorted(name() for _ in range(5))
    for n in names:
        cli.queue(n, force_create=True)
    listed, _ = cli.queues(limit=2)
    assert [q.name for q in listed.stream()] == names


def test_messages_post_list_get_delete_pop(cli):
    queue = cli.queue(name(), force_create=True)
    res = queue.post([{"ttl": 300, "body": {"n": i}} for i in range(6)])
    assert len(res["resources"]) == 6
    listed = list(queue.messages(echo=True))
    assert [m.body for m in listed] == [{"n": i} for i in range(6)]
    assert all(m.ttl == 300 for m in listed)
    ids = [m.id for m in listed]

    one = queue.message(ids[0])
    assert (one.id, one.body) == (ids[0], {"n": 0})
    many = list(queue.messages(ids[1], ids[2]))
    assert sorted(m.body["n"] for m in many) == [1, 2]

    one.delete()
    with pytest.raises(errors.ResourceNotFound):
        queue.message(ids[0])
    queue.delete_messages(ids[1], ids[2])
    assert [m.id for m in queue.messages(echo=True)] == ids[3:]

    popped = list(queue.pop(count=2))
    assert [m.body for m in popped] == [{"n": 3}, {"n": 4}]
    assert counts(queue) == {"free": 1, "claimed": 0, "delayed": 0, "total": 1}
    assert [m.body for m in queue.pop(count=5)] == [{"n": 5}]
    assert list(queue.pop(count=1)) == []


def test_messages_paging_with_stream(cli):
    queue = cli.queue(name(), force_create=True)
    queue.post([{"body": i} for i in range(25)])
    assert [m.body for m in queue.messages(echo=True, limit=7).stream()] == list(range(25))


def test_claim_update_release_delete_with_claim(cli):
    queue = cli.queue(name(), force_create=True)
    queue.post([{"ttl": 300, "body": i} for i in range(5)])
    claim = queue.claim(ttl=60, grace=60, limit=3)
    claimed = list(claim)
    assert [m.body for m in claimed] == [0, 1, 2]
    assert all(m.claim_id == claim.id for m in claimed)
    assert counts(queue) == {"free": 2, "claimed": 3, "delayed": 0, "total": 5}

    claim.update(ttl=300, grace=60)
    again = queue.claim(id=claim.id)
    assert again.ttl == 300
    assert sorted(m.body for m in again) == [0, 1, 2]

    claimed[0].delete()                      # with its claim id, from the claimed href
    assert counts(queue)["total"] == 4
    # a message fetched while claimed carries the claim in its href, so it deletes too
    fetched = queue.message(claimed[1].id)
    assert fetched.claim_id == claim.id
    fetched.delete()
    assert counts(queue) == {"free": 2, "claimed": 1, "delayed": 0, "total": 3}

    claim.delete()                           # release
    assert counts(queue) == {"free": 3, "claimed": 0, "delayed": 0, "total": 3}
    with pytest.raises(errors.ResourceNotFound):
        queue.claim(id=claim.id).ttl

    # nothing left to claim: an empty claim
    assert len(list(queue.pop(count=4))) == 3
    empty = queue.claim(ttl=60, grace=60)
    assert empty.id is None and list(empty) == []


def test_purge(cli):
    queue = cli.queue(name(), force_create=True)
    queue.post([{"body": i} for i in range(3)])
    cli.subscription(queue.name, subscriber="http://example.invalid/hook", ttl=3600)
    queue.purge(resource_types=["messages"])
    assert counts(queue)["total"] == 0
    assert len(list(queue.subscriptions())) == 1
    queue.post([{"body": 1}])
    queue.purge()
    assert counts(queue)["total"] == 0
    assert list(queue.subscriptions()) == []


def test_subscriptions_crud(cli):
    queue = cli.queue(name(), force_create=True)
    sub = cli.subscription(queue.name, subscriber="http://example.invalid/a", ttl=3600, options={"k": "v"})
    assert sub.id and len(sub.id) == 24
    assert (sub.subscriber, sub.ttl, sub.options, sub.confirmed) == ("http://example.invalid/a", 3600, {"k": "v"}, False)
    other = cli.subscription(queue.name, subscriber="mailto:ops@example.invalid", ttl=600)
    listed = list(cli.subscriptions(queue.name))
    assert sorted(s.id for s in listed) == sorted([sub.id, other.id])
    assert {s.id: s.subscriber for s in listed}[other.id] == "mailto:ops@example.invalid"

    sub.update({"ttl": 900, "options": {"k": "w"}})
    fresh = cli.subscription(queue.name, id=sub.id)
    assert (fresh.ttl, fresh.options) == (900, {"k": "w"})

    sub.delete()
    assert [s.id for s in cli.subscriptions(queue.name)] == [other.id]
    with pytest.raises(errors.ResourceNotFound):
        cli.subscription(queue.name, id=sub.id)


def test_delayed_message_not_claimable_until_due(cli):
    queue = cli.queue(name(), force_create=True)
    t0 = time.monotonic()
    queue.post({"body": "later", "ttl": 300, "delay": 2})
    t1 = time.monotonic()
    assert list(queue.messages(echo=True)) == []
    assert list(queue.claim(ttl=60, grace=60)) == []
    assert counts(queue) == {"free": 0, "claimed": 0, "delayed": 1, "total": 1}
    assert [m.body for m in queue.messages(echo=True, include_delayed=True)] == ["later"]
    while True:
        claim = queue.claim(ttl=60, grace=60)
        got = list(claim)
        if got:
            break
        assert time.monotonic() < t1 + 2 + 1.5, "not claimable in time"
        time.sleep(0.1)
    assert time.monotonic() >= t0 + 2 - 0.05
    assert [m.body for m in got] == ["later"]


def test_queue_default_delay_set_through_metadata(cli):
    queue = cli.queue(name(), force_create=True)
    queue.metadata(new_meta={"_default_message_delay": 600})
    queue.post([{"body": "held"}, {"body": "now", "delay": 0}])
    assert [m.body for m in queue.claim(ttl=60, grace=60, limit=5)] == ["now"]
    assert counts(queue)["delayed"] == 1


def test_metadata_update_cannot_set_attributes_shown_as_null(cli):
    """python-zaqarclient 4.7.0's Queue.metadata(new_meta=...) sends "add" for a key whose shown
    value is null, then "remove" for every key it was shown but did not replace, that key
    included: the patch ends where it started (so it does on Zaqar, whose remove deletes a stored
    name). Dead-letter settings therefore go in at creation (next test)."""
    queue = cli.queue(name("src"), force_create=True)
    queue.metadata(new_meta={"_max_claim_count": 2, "_dead_letter_queue": name("dlq")})
    meta = queue.metadata(force_reload=True)
    assert (meta["_max_claim_count"], meta["_dead_letter_queue"]) == (None, None)
    queue.metadata(new_meta={"_default_message_ttl": 120, "color": "red"})  # shown non-null: replaced
    meta = queue.metadata(force_reload=True)
    assert (meta["_default_message_ttl"], meta["color"]) == (120, "red")


def test_dead_lettering_configured_through_metadata(cli):
    dlq_name, src_name = name("dlq"), name("src")
    req, trans = cli._request_and_transport()
    core.queue_create(trans, req, src_name, metadata={
        "_max_claim_count": 2, "_dead_letter_queue": dlq_name, "_dead_letter_queue_messages_ttl": 120})
    queue = cli.queue(src_name, auto_create=False)
    assert queue.metadata(force_reload=True)["_max_claim_count"] == 2
    queue.post({"body": {"job": 7}, "ttl": 3000})
    for _ in range(2):
        claim = queue.claim(ttl=60, grace=60)
        assert [m.body for m in claim] == [{"job": 7}]
        claim.delete()
    assert list(queue.claim(ttl=60, grace=60)) == []
    assert counts(queue)["total"] == 0
    dlq = cli.queue(dlq_name, auto_create=False)
    moved = list(dlq.messages(echo=True))
    assert [(m.body, m.ttl) for m in moved] == [({"job": 7}, 120)]
    assert sorted(q.name for q in cli.queues()[0]) == sorted([queue.name, dlq_name])


def test_projects_are_separate(cli):
    queue = cli.queue(name(), force_create=True)
    queue.post({"body": 1})
    stranger = new_client()
    assert list(stranger.queues()[0]) == []
    assert list(stranger.queue(queue.name, auto_create=False).messages(echo=True)) == []
