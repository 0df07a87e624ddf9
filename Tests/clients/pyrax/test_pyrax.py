"""A real client: pyrax 1.10.0 (Rackspace's SDK, its QueueClient) against gateway A.

Runs in its own virtualenv (scripts/test.sh makes it). pyrax normally gets its endpoint and token
from Keystone. The stand-in recipe, without any identity service:
  identity = StandInIdentity(tenant_id=..., token=...)   # a pyrax BaseIdentity, no network
  client = QueueClient(identity, management_url=CQ_URL + "/v1")
  client.client_id = <uuid>                               # sent as Client-ID
QueueClient._api_request skips authentication when management_url, token and tenant_id are all
set; it sends X-Auth-Token and X-Auth-Project-Id, which a gateway without --auth ignores, so the
project is the global namespace and each test uses a fresh queue name. StandInIdentity.authenticate
fails the test instead of calling Keystone (pyrax re-authenticates on a 401).
"""

import os
import uuid

import pytest
from pyrax import exceptions as exc
from pyrax.base_identity import BaseIdentity
from pyrax.queueing import QueueClient


class StandInIdentity(BaseIdentity):
    def authenticate(self, *args, **kwargs):
        pytest.fail("pyrax tried to authenticate: the gateway answered 401", pytrace=False)


def _client():
    url = os.environ.get("CQ_URL")
    if not url:
        pytest.fail("CQ_URL is not set; scripts/test.sh sets it", pytrace=False)
    identity = StandInIdentity(tenant_id="tenant-" + uuid.uuid4().hex[:8], token="any-token")
    client = QueueClient(identity, management_url=url.rstrip("/") + "/v1")
    client.client_id = str(uuid.uuid4())
    return client


@pytest.fixture
def cli():
    return _client()


@pytest.fixture
def queue(cli):
    q = cli.create("pyrax-" + uuid.uuid4().hex[:12])
    yield q
    cli.delete(q)


def _counts(cli, queue):
    stats = cli.get_stats(queue)
    return stats["free"], stats["claimed"], stats["total"]


def test_queue_create_exists_metadata_list_delete(cli):
    name = "pyrax-" + uuid.uuid4().hex[:12]
    assert not cli.queue_exists(name)
    queue = cli.create(name)
    assert queue.id == queue.name == name
    assert cli.queue_exists(name)
    with pytest.raises(exc.DuplicateQueue):
        cli.create(name)
    assert cli.get_metadata(queue) == {}
    cli.set_metadata(queue, {"owner": "tests"})
    cli.set_metadata(queue, {"n": 1})  # pyrax merges into the current document
    assert cli.get_metadata(queue) == {"owner": "tests", "n": 1}
    cli.set_metadata(queue, {"only": True}, clear=True)
    assert cli.get_metadata(queue) == {"only": True}
    assert cli.get(name).name == name
    assert _counts(cli, queue) == (0, 0, 0)
    cli.delete(queue)
    assert not cli.queue_exists(name)
    with pytest.raises(exc.NotFound):
        cli.get(name)


def test_post_list_with_marker_paging_and_get_by_id(cli, queue):
    posted = [cli.post_message(queue, {"n": i}, ttl=300) for i in range(23)]
    assert all(p.partial is False and len(p.resources) == 1 for p in posted)
    ids = [p.resources[0].rsplit("/", 1)[-1] for p in posted]
    assert len(set(ids)) == 23

    # pyrax pages 10 at a time, taking the next marker from the "next" link with marker=(\d+).
    listed = cli.list_messages(queue, echo=True)
    assert [m.body for m in listed] == [{"n": i} for i in range(23)]
    assert [m.id for m in listed] == ids
    assert all(m.ttl == 300 and m.claim_id is None for m in listed)
    assert [m.id for m in cli.list_messages(queue, echo=True, limit=12)] == ids[:12]
    assert cli.list_messages(queue) == []  # own messages hidden without echo
    assert [m.body["n"] for m in _client().list_messages(queue.name)] == list(range(23))

    one = cli.get_message(queue, ids[4])
    assert (one.id, one.body, one.ttl) == (ids[4], {"n": 4}, 300)
    with pytest.raises(exc.NotFound):
        cli.get_message(queue, "0" * 24)

    # v1 answers get-by-ids with a bare array (contract 6.12); pyrax 1.10.0 looks for a
    # "messages" member in it, catches its own AttributeError and returns [] ("BROKEN" in its
    # source). So this pins the wire shape: a dict here would be a contract break.
    assert cli.list_messages_by_ids(queue, ids[:3]) == []

    cli.delete_messages_by_ids(queue, ids[:3])
    assert _counts(cli, queue) == (20, 0, 20)
    cli.delete_message(queue, ids[3])
    assert [m.id for m in cli.list_messages(queue, echo=True)] == ids[4:]


def test_claim_update_release_delete_with_claim_id_and_stats(cli, queue):
    ids = [cli.post_message(queue, "job-%d" % i, ttl=600).resources[0].rsplit("/", 1)[-1] for i in range(5)]
    assert _counts(cli, queue) == (5, 0, 5)

    claim = cli.claim_messages(queue, ttl=60, grace=60, count=3)
    assert [m.body for m in claim.messages] == ["job-0", "job-1", "job-2"]
    assert [m.id for m in claim.messages] == ids[:3]
    assert all(m.claim_id == claim.id for m in claim.messages)
    assert claim.ttl == 60 and 0 <= claim.age < 30
    assert claim.href == "/v1/queues/%s/claims/%s" % (queue.name, claim.id)
    assert _counts(cli, queue) == (2, 3, 5)

    default = cli.claim_messages(queue, ttl=60, grace=60)  # no count: the server's default, 10
    assert [m.id for m in default.messages] == ids[3:]
    assert cli.claim_messages(queue, ttl=60, grace=60) is None  # 204: nothing left
    assert _counts(cli, queue) == (0, 5, 5)

    cli.update_claim(queue, claim, ttl=300)
    got = cli.get_claim(queue, claim.id)
    assert got.id == claim.id and got.ttl == 300 and got.age < 30
    assert sorted(m.id for m in cli.list_messages_by_claim(queue, claim.id)) == sorted(ids[:3])

    with pytest.raises(exc.Forbidden):
        cli.delete_message(queue, ids[0])  # claimed: needs the claim id
    cli.delete_message(queue, ids[0], claim_id=claim.id)
    claim.messages[1].delete(claim_id=claim.id)
    assert _counts(cli, queue) == (0, 3, 3)
    assert [m.id for m in cli.get_claim(queue, claim.id).messages] == ids[2:3]

    cli.release_claim(queue, claim)
    assert _counts(cli, queue) == (1, 2, 3)
    with pytest.raises(exc.NotFound):
        cli.get_claim(queue, claim.id)
    assert [m.id for m in cli.list_messages(queue, echo=True)] == ids[2:3]
    assert sorted(m.id for m in cli.list_messages(queue, echo=True, include_claimed=True)) == sorted(ids[2:])
    cli.release_claim(queue, default)
    assert _counts(cli, queue) == (3, 0, 3)
