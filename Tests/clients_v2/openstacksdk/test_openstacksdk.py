"""A real client: openstacksdk 4.22.0 (`conn.message`, the Zaqar v2 proxy) against the zaqar
profile gateway (CQ_URL_ZAQAR; falls back to CQ_URL), with no Keystone.

keystoneauth finds the v2 endpoint by version discovery on the root URL (GET / → 300 versions
document). openstacksdk sends X-PROJECT-ID from the session's project, which `auth_type none`
does not have, so a small auth plugin (notes §3.2) supplies one. Covered through the SDK's own
calls: queues (create with attributes, get, list, delete), messages (post, list, get, delete),
claims (create, get, update, delete a message with its claim, release), subscriptions
(create, list, get, delete) and delayed messages. The SDK has no calls for pop, purge, queue
metadata updates or dead-letter settings, so those are not covered here.

Runs in its own virtualenv (.build/openstacksdk-venv, made by scripts/test.sh).
"""

import os
import time
import uuid

import openstack
import pytest
from keystoneauth1 import noauth
from keystoneauth1 import session as ks_session
from openstack import exceptions


class ProjectNoAuth(noauth.NoAuth):
    """No authentication, but a fixed project for the SDK's X-PROJECT-ID header."""

    def __init__(self, project_id, endpoint):
        super().__init__(endpoint=endpoint)
        self.project_id = project_id

    def get_project_id(self, session, **kwargs):
        return self.project_id


def gateway():
    url = (os.environ.get("CQ_URL_ZAQAR") or os.environ.get("CQ_URL") or "").rstrip("/")
    if not url:
        pytest.fail("CQ_URL_ZAQAR (or CQ_URL) is not set; scripts/test.sh sets it", pytrace=False)
    return url


def connect(project):
    url = gateway()
    sess = ks_session.Session(auth=ProjectNoAuth(project, url))
    return openstack.connection.Connection(session=sess, message_endpoint_override=url)


@pytest.fixture
def conn():
    c = connect("osdk-" + uuid.uuid4().hex[:12])
    yield c
    try:
        for q in list(c.message.queues()):
            c.message.delete_queue(q.name)
    except Exception:
        pass
    c.close()


def name(prefix="q"):
    return prefix + "-" + uuid.uuid4().hex[:10]


def mid_of(href):
    return href.rsplit("/", 1)[1]


def test_version_discovery_finds_v2(conn):
    endpoint = conn.message.get_endpoint()
    assert endpoint.rstrip("/").endswith("/v2"), endpoint


def test_queue_create_get_list_delete(conn):
    qn = name()
    created = conn.message.create_queue(name=qn, description="work items", default_message_ttl=120,
                                        max_messages_post_size=4096)
    assert created.name == qn
    got = conn.message.get_queue(qn)
    assert (got.description, got.default_message_ttl, got.max_messages_post_size) == ("work items", 120, 4096)
    assert [q.name for q in conn.message.queues()] == [qn]
    # the queue's _default_message_ttl applies to messages posted without a ttl
    (href,) = conn.message.post_message(qn, [{"body": 1}])
    assert conn.message.get_message(qn, mid_of(href)).ttl == 120
    conn.message.delete_queue(qn)
    assert list(conn.message.queues()) == []


def test_queue_list_pages(conn):
    names = sorted(name() for _ in range(5))
    for n in names:
        conn.message.create_queue(name=n)
    assert [q.name for q in conn.message.queues(limit=2)] == names


def test_messages_post_list_get_delete(conn):
    qn = name()
    hrefs = conn.message.post_message(qn, [{"ttl": 300, "body": {"n": i}} for i in range(4)])
    assert len(hrefs) == 4 and all(h.startswith(f"/v2/queues/{qn}/messages/") for h in hrefs)
    listed = list(conn.message.messages(qn, echo=True))
    assert [m.body for m in listed] == [{"n": i} for i in range(4)]
    assert all(m.ttl == 300 for m in listed)
    one = conn.message.get_message(qn, mid_of(hrefs[0]))
    assert (one.body, one.ttl) == ({"n": 0}, 300)
    conn.message.delete_message(qn, mid_of(hrefs[0]))
    with pytest.raises(exceptions.NotFoundException):
        conn.message.get_message(qn, mid_of(hrefs[0]))
    assert [m.body["n"] for m in conn.message.messages(qn, echo=True)] == [1, 2, 3]


def test_messages_listing_pages_without_repeats(conn):
    # the SDK pages with marker = last id until an empty page
    qn = name()
    conn.message.post_message(qn, [{"body": i} for i in range(25)])
    assert [m.body for m in conn.message.messages(qn, echo=True, limit=7)] == list(range(25))


def test_claims_create_get_update_delete(conn):
    qn = name()
    hrefs = conn.message.post_message(qn, [{"ttl": 300, "body": i} for i in range(3)])
    claim = conn.message.create_claim(qn, ttl=60, grace=60)
    assert claim.id
    assert [m["body"] for m in claim.messages] == [0, 1, 2]
    fetched = conn.message.get_claim(qn, claim.id)
    assert fetched.ttl == 60
    conn.message.update_claim(qn, claim.id, ttl=240, grace=60)
    assert conn.message.get_claim(qn, claim.id).ttl == 240
    # a claimed message: deleting it without the claim is refused, with the claim it goes
    with pytest.raises(exceptions.HttpException):
        conn.message.delete_message(qn, mid_of(hrefs[0]), ignore_missing=False)
    conn.message.delete_message(qn, mid_of(hrefs[0]), claim=claim.id)
    with pytest.raises(exceptions.NotFoundException):
        conn.message.get_message(qn, mid_of(hrefs[0]))
    conn.message.delete_claim(qn, claim.id)
    with pytest.raises(exceptions.NotFoundException):
        conn.message.get_claim(qn, claim.id)
    # released: the other two are claimable again
    again = conn.message.create_claim(qn, ttl=60, grace=60)
    assert sorted(m["body"] for m in again.messages) == [1, 2]


def test_subscriptions_create_list_get_delete(conn):
    qn = name()
    a = conn.message.create_subscription(qn, subscriber="http://example.invalid/a", ttl=3600, options={"k": "v"})
    b = conn.message.create_subscription(qn, subscriber="https://example.invalid/b", ttl=600)
    assert a.id and b.id and a.id != b.id
    listed = {s.id: s for s in conn.message.subscriptions(qn)}
    assert set(listed) == {a.id, b.id}
    assert (listed[a.id].subscriber, listed[a.id].ttl, listed[a.id].options) == ("http://example.invalid/a", 3600, {"k": "v"})
    got = conn.message.get_subscription(qn, b.id)
    assert (got.subscriber, got.ttl, got.source) == ("https://example.invalid/b", 600, qn)
    conn.message.delete_subscription(qn, a.id)
    assert [s.id for s in conn.message.subscriptions(qn)] == [b.id]
    with pytest.raises(exceptions.NotFoundException):
        conn.message.get_subscription(qn, a.id)


def test_delayed_message_not_claimable_until_due(conn):
    qn = name()
    t0 = time.monotonic()
    (href,) = conn.message.post_message(qn, [{"body": "later", "ttl": 300, "delay": 2}])
    t1 = time.monotonic()
    assert list(conn.message.messages(qn, echo=True)) == []
    assert not conn.message.create_claim(qn, ttl=60, grace=60).messages
    while True:
        claim = conn.message.create_claim(qn, ttl=60, grace=60)
        if claim.messages:
            break
        assert time.monotonic() < t1 + 2 + 1.5, "not claimable in time"
        time.sleep(0.1)
    assert time.monotonic() >= t0 + 2 - 0.05
    assert [m["body"] for m in claim.messages] == ["later"]
    assert [m.body for m in conn.message.messages(qn, echo=True, include_claimed=True)] == ["later"]


def test_projects_are_separate(conn):
    qn = name()
    conn.message.create_queue(name=qn)
    stranger = connect("osdk-" + uuid.uuid4().hex[:12])
    try:
        assert list(stranger.message.queues()) == []
    finally:
        stranger.close()
