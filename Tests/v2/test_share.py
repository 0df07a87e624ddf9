"""Pre-signed URLs: POST /v2/queues/{q}/share (notes §1.8; decisions: --share-secret, Zaqar's
signature with literal backslash-n separators; off → 404).

The signing tests need a gateway started with a share secret: CQ_SHARE_SECRET is that secret
and CQ_URL_SHARE the gateway (default CQ_URL). Without CQ_SHARE_SECRET they are skipped, and the
runner's gateways (which have no secret) must answer 404 instead.
"""

import datetime
import hashlib
import hmac
import os
import uuid

import pytest
import requests

from cq2 import Api2, assert_err, assert_json, new_queue_name

SECRET = os.environ.get("CQ_SHARE_SECRET", "")
FMT = "%Y-%m-%dT%H:%M:%S"

needs_secret = pytest.mark.skipif(not SECRET, reason="CQ_SHARE_SECRET is not set: no gateway with --share-secret to test")


def sign(paths, methods, project, expires):
    """Zaqar's create_signed_url: the separators are the two characters backslash and n."""
    text = "\\n".join([",".join(sorted(paths)), ",".join(sorted(methods)), project, expires])
    return hmac.new(SECRET.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def utc_in(seconds):
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)).strftime(FMT)


@pytest.fixture
def sapi():
    base = (os.environ.get("CQ_URL_SHARE") or os.environ.get("CQ_URL") or "").rstrip("/")
    if not base:
        pytest.fail("CQ_URL (or CQ_URL_SHARE) is not set", pytrace=False)
    a = Api2(base, "v2")
    yield a
    a.s.close()


def share(api, q, body):
    return api.post(f"/queues/{q}/share", body=body)


def signed_headers(doc, project, client_id=None):
    return {
        "URL-Signature": doc["signature"],
        "URL-Expires": doc["expires"],
        "URL-Methods": ",".join(doc["methods"]),
        "URL-Paths": ",".join(doc["paths"]),
        "X-Project-ID": project,
        "Client-ID": client_id or str(uuid.uuid4()),
    }


def raw(api, method, path, headers, body=None):
    """A request that carries only the given headers (no session headers, no token)."""
    kw = {"json": body} if body is not None else {}
    return requests.request(method, api.base + path, headers=headers, timeout=30, **kw)


# ---- off -----------------------------------------------------------------------------------


@pytest.mark.skipif(bool(SECRET), reason="CQ_SHARE_SECRET is set: the gateway under test has pre-signed URLs on")
def test_share_off_404(api, q):
    r = share(api, q, {})
    assert_err(r, 404, description="Pre-signed URLs are not enabled on this server.")


# ---- on ------------------------------------------------------------------------------------


@needs_secret
def test_share_defaults_200_signature_matches(sapi, q):
    sapi.create_queue(q)
    before = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)
    doc = assert_json(share(sapi, q, {}), 200)
    assert set(doc) == {"paths", "methods", "project", "expires", "signature"}, doc
    assert doc["paths"] == [f"/v2/queues/{q}/messages"]
    assert doc["methods"] == ["GET"]
    assert doc["project"] == sapi.project
    exp = datetime.datetime.strptime(doc["expires"], FMT)
    assert abs((exp - before).total_seconds() - 86400) < 60, doc["expires"]
    assert len(doc["signature"]) == 64
    assert doc["signature"] == sign(doc["paths"], doc["methods"], sapi.project, doc["expires"])


@needs_secret
def test_share_given_paths_methods_expires_sorted_and_signed(sapi, q):
    expires = utc_in(7200)
    doc = assert_json(share(sapi, q, {"paths": ["messages", "claims"], "methods": ["POST", "GET"],
                                      "expires": expires}), 200)
    assert doc["paths"] == [f"/v2/queues/{q}/claims", f"/v2/queues/{q}/messages"]
    assert doc["methods"] == ["GET", "POST"]
    assert doc["expires"] == expires
    assert doc["signature"] == sign(doc["paths"], doc["methods"], sapi.project, expires)


@needs_secret
def test_signed_url_allowed_method_and_path_works(sapi, q):
    (mid,) = sapi.post_messages(q, [{"body": {"shared": True}}])
    doc = assert_json(share(sapi, q, {"methods": ["GET", "POST"]}), 200)
    h = signed_headers(doc, sapi.project)
    r = raw(sapi, "GET", f"/v2/queues/{q}/messages", h)
    got = assert_json(r, 200)
    assert [m["id"] for m in got["messages"]] == [mid]
    # the path entry admits the message items below it
    assert assert_json(raw(sapi, "GET", f"/v2/queues/{q}/messages/{mid}", h), 200)["id"] == mid
    r = raw(sapi, "POST", f"/v2/queues/{q}/messages", h, body={"messages": [{"body": 2}]})
    assert r.status_code == 201, (r.status_code, r.text)
    assert sapi.counts(q)["total"] == 2


@needs_secret
def test_signed_url_other_method_404(sapi, q):
    sapi.post_messages(q, [{"body": 1}])
    h = signed_headers(assert_json(share(sapi, q, {}), 200), sapi.project)
    assert_err(raw(sapi, "POST", f"/v2/queues/{q}/messages", h, body={"messages": [{"body": 2}]}), 404)
    assert_err(raw(sapi, "DELETE", f"/v2/queues/{q}/messages", h), 404)
    assert sapi.counts(q)["total"] == 1


@needs_secret
def test_signed_url_other_path_404(sapi, q):
    h = signed_headers(assert_json(share(sapi, q, {}), 200), sapi.project)
    other = new_queue_name()
    sapi.post_messages(other, [{"body": 1}])
    assert_err(raw(sapi, "GET", f"/v2/queues/{other}/messages", h), 404)
    assert_err(raw(sapi, "GET", f"/v2/queues/{q}/stats", h), 404)


@needs_secret
def test_signed_url_expired_404(sapi, q):
    sapi.post_messages(q, [{"body": 1}])
    expires = utc_in(-60)
    paths, methods = [f"/v2/queues/{q}/messages"], ["GET"]
    h = {"URL-Signature": sign(paths, methods, sapi.project, expires), "URL-Expires": expires,
         "URL-Methods": "GET", "URL-Paths": paths[0], "X-Project-ID": sapi.project, "Client-ID": str(uuid.uuid4())}
    assert_err(raw(sapi, "GET", paths[0], h), 404)


@needs_secret
def test_signed_url_computed_here_is_accepted(sapi, q):
    # proves the server verifies with exactly this formula, not only that it echoes one
    (mid,) = sapi.post_messages(q, [{"body": 1}])
    expires = utc_in(600)
    paths, methods = [f"/v2/queues/{q}/messages"], ["GET"]
    h = {"URL-Signature": sign(paths, methods, sapi.project, expires), "URL-Expires": expires,
         "URL-Methods": "GET", "URL-Paths": paths[0], "X-Project-ID": sapi.project, "Client-ID": str(uuid.uuid4())}
    assert [m["id"] for m in assert_json(raw(sapi, "GET", paths[0], h), 200)["messages"]] == [mid]
    # the same with a real newline separator must not verify
    text = "\n".join([paths[0], "GET", sapi.project, expires])
    h["URL-Signature"] = hmac.new(SECRET.encode(), text.encode(), hashlib.sha256).hexdigest()
    assert_err(raw(sapi, "GET", paths[0], h), 404)


@needs_secret
def test_signed_url_bad_signature_404(sapi, q):
    h = signed_headers(assert_json(share(sapi, q, {}), 200), sapi.project)
    sig = h["URL-Signature"]
    h["URL-Signature"] = ("0" if sig[0] != "0" else "1") + sig[1:]
    assert_err(raw(sapi, "GET", f"/v2/queues/{q}/messages", h), 404)


@needs_secret
def test_signed_url_other_project_404(sapi, q):
    h = signed_headers(assert_json(share(sapi, q, {}), 200), sapi.project)
    h["X-Project-ID"] = sapi.project + "x"
    assert_err(raw(sapi, "GET", f"/v2/queues/{q}/messages", h), 404)


@needs_secret
def test_signed_url_tampered_methods_404(sapi, q):
    h = signed_headers(assert_json(share(sapi, q, {}), 200), sapi.project)
    h["URL-Methods"] = "GET,DELETE"
    assert_err(raw(sapi, "DELETE", f"/v2/queues/{q}/messages", h), 404)


@needs_secret
@pytest.mark.parametrize("body,prefix", [
    ({"paths": ["messages"], "colour": "red"}, "Unknown keys"),
    ({"paths": ["messages", "stats"]}, "Invalid paths"),
    ({"paths": ["queues"]}, "Invalid paths"),
], ids=["unknown-key", "bad-path-stats", "bad-path-queues"])
def test_share_bad_body_400(sapi, q, body, prefix):
    doc = assert_err(share(sapi, q, body), 400)
    assert doc["description"].startswith(prefix), doc


@needs_secret
@pytest.mark.parametrize("expires", [utc_in(-3600), "1700000000", 1700000000, "not a date"],
                         ids=["past", "integer-string", "integer", "garbage"])
def test_share_bad_expires_400(sapi, q, expires):
    assert_err(share(sapi, q, {"expires": expires}), 400)


def test_share_not_in_v11(api11, q):
    api11.create_queue(q)
    assert_err(api11.post(f"/queues/{q}/share", body={}), 404)
