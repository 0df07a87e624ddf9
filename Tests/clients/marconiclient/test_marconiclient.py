"""A real client: python-marconiclient 0.0.2 (Marconi's own v1 client, 2014) against gateway A.

Runs in its own virtualenv (scripts/test.sh makes it). The client has no project option with its
"noauth" backend, so it works in the global namespace; each test uses a fresh queue name. Its
message iterator does not page unless `.stream()` is called, and it claims with the limit in the
body: `{"ttl": ..., "grace": ..., "limit": null}` when the caller gives none.
"""

import os
import uuid

import pytest
from marconiclient.queues.v1 import claim as claim_api
from marconiclient.queues.v1 import client as marconi
from marconiclient.transport import errors


def _client():
    url = os.environ.get("CQ_URL")
    if not url:
        pytest.fail("CQ_URL is not set; scripts/test.sh sets it", pytrace=False)
    return marconi.Client(url, version=1, conf={"auth_opts": {"backend": "noauth"}})


@pytest.fixture
def cli():
    return _client()


@pytest.fixture
def queue(cli):
    q = cli.queue("marconi-" + uuid.uuid4().hex[:12])
    yield q
    q.delete()


def _free_claimed_total(queue):
    m = queue.stats["messages"]
    return m["free"], m["claimed"], m["total"]


def test_queue_create_exists_metadata_delete(cli):
    queue = cli.queue("marconi-" + uuid.uuid4().hex[:12], auto_create=False)
    assert not queue.exists()
    queue.ensure_exists()
    assert queue.exists()
    assert queue.metadata(force_reload=True) == {}
    queue.metadata(new_meta={"owner": "tests", "n": 3})
    assert queue.metadata(force_reload=True) == {"owner": "tests", "n": 3}
    assert _free_claimed_total(queue) == (0, 0, 0)
    queue.delete()
    assert not queue.exists()
    with pytest.raises(errors.ResourceNotFound):
        queue.metadata(force_reload=True)


def test_post_list_with_paging_and_get_by_ids(cli, queue):
    posted = queue.post([{"ttl": 300, "body": {"n": i}} for i in range(23)])
    hrefs = posted["resources"]
    assert len(hrefs) == 23 and posted["partial"] is False
    assert all(h.startswith("/v1/queues/%s/messages/" % queue._name) for h in hrefs)
    ids = [h.rsplit("/", 1)[-1] for h in hrefs]
    assert len(set(ids)) == 23

    # Only the first page unless streamed; streamed, it follows the "next" links to the end (204).
    first_page = list(queue.messages(echo=True, limit=10))
    assert [m.body for m in first_page] == [{"n": i} for i in range(10)]
    listed = list(queue.messages(echo=True, limit=10).stream())
    assert [m.body for m in listed] == [{"n": i} for i in range(23)]
    assert [m._id for m in listed] == ids
    assert all(m.ttl == 300 and 0 <= m.age < 60 for m in listed)

    # Without echo the poster does not see its own messages; another client does.
    assert list(queue.messages().stream()) == []
    other = _client().queue(queue._name, auto_create=False)
    assert [m.body["n"] for m in other.messages(limit=5).stream()] == list(range(23))

    one = queue.message(ids[7])
    assert (one._id, one.body, one.ttl) == (ids[7], {"n": 7}, 300)
    with pytest.raises(errors.ResourceNotFound):
        queue.message("0" * 24)

    many = list(queue.messages(*[ids[2], ids[20], "0" * 24]))
    assert sorted((m._id, m.body["n"]) for m in many) == sorted([(ids[2], 2), (ids[20], 20)])


def test_claims_with_and_without_limit_update_delete_release_and_stats(cli, queue):
    hrefs = queue.post([{"ttl": 600, "body": "job-%d" % i} for i in range(6)])["resources"]
    ids = [h.rsplit("/", 1)[-1] for h in hrefs]
    assert _free_claimed_total(queue) == (6, 0, 6)

    small = queue.claim(ttl=60, grace=60, limit=2)
    small_msgs = list(small)
    assert [m.body for m in small_msgs] == ["job-0", "job-1"]
    assert all(m.claim_id == small.id for m in small_msgs)
    assert _free_claimed_total(queue) == (4, 2, 6)

    # No limit: the body carries "limit": null, which means the default (10), so all the rest.
    rest = queue.claim(ttl=120, grace=60)
    rest_msgs = list(rest)
    assert [m.body for m in rest_msgs] == ["job-%d" % i for i in range(2, 6)]
    assert [m._id for m in rest_msgs] == ids[2:]
    assert rest.id != small.id
    assert _free_claimed_total(queue) == (0, 6, 6)
    assert queue.claim(ttl=60, grace=60).id is None  # nothing left: 204

    # Get the claim afresh by id, then update its TTL and read it back.
    got = claim_api.Claim(queue, id=small.id)
    assert got.ttl == 60 and 0 <= got.age < 30
    assert [m._id for m in got] == ids[:2]
    small.update(ttl=300, grace=60)
    again = claim_api.Claim(queue, id=small.id)
    assert again.ttl == 300 and again.age < 30
    assert sorted(m._id for m in again) == sorted(ids[:2])

    # Deleting a claimed message needs the claim; the messages carry it in their hrefs.
    with pytest.raises(errors.ForbiddenError):
        queue.message(ids[2]).delete()  # fetched without the claim id
    for m in rest_msgs[:3]:
        m.delete()
    assert _free_claimed_total(queue) == (0, 3, 3)
    assert [m._id for m in claim_api.Claim(queue, id=rest.id)] == ids[5:]

    # Release: the claim's messages are free again and the old claim is gone.
    small.delete()
    assert _free_claimed_total(queue) == (2, 1, 3)
    with pytest.raises(errors.ResourceNotFound):
        claim_api.Claim(queue, id=small.id).ttl
    assert sorted(m._id for m in queue.messages(echo=True).stream()) == sorted(ids[:2])
    rest.delete()
    assert _free_claimed_total(queue) == (3, 0, 3)
