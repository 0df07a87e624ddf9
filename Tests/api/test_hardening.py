"""Connection hardening: slow clients (slowloris) are cut off without starving others, bodies are
capped while they are read (also chunked, also when no handler reads them) before any parsing,
header size and count are limited, idle connections close, and connections are capped.

Private gateways with short timeouts run on the shared Redis.
"""

import socket
import threading
import time
import uuid

import pytest
import requests

from gateways import Gateway

HEAD_TIMEOUT, BODY_TIMEOUT, IDLE_TIMEOUT = 3, 3, 4
MAX_BODY = 400000  # above the API's own limit (262144), as the gateway keeps it
API_BODY_LIMIT = 262144


@pytest.fixture(scope="module")
def gw():
    g = Gateway("--request-head-timeout", str(HEAD_TIMEOUT), "--request-body-timeout", str(BODY_TIMEOUT),
                "--idle-timeout", str(IDLE_TIMEOUT), "--max-body-bytes", str(MAX_BODY),
                "--max-header-bytes", "4096", "--max-header-count", "20")
    yield g
    g.stop()


def connect(g):
    s = socket.create_connection(("127.0.0.1", g.port), timeout=10)
    return s


def closed_by_peer(s, within):
    """Whether the server closes `s` within `within` seconds (EOF or reset)."""
    s.settimeout(within)
    try:
        while True:
            data = s.recv(65536)
            if not data:
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def read_response(s, timeout=5):
    s.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:] if ":" in l)}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = s.recv(65536)
        if not chunk:
            break
        rest += chunk
    return status, headers, rest


def test_slowloris_does_not_starve_a_normal_client_and_is_cut_off(gw):
    project = "slow-" + uuid.uuid4().hex[:8]
    request = ("GET /v1/queues HTTP/1.1\r\nHost: x\r\nX-Project-Id: %s\r\nX-Padding: %s\r\n\r\n" % (project, "a" * 40)).encode()
    slow = [connect(gw) for _ in range(200)]
    for s in slow:
        s.setblocking(False)
    stop = threading.Event()
    sent = [0]

    def trickle():
        i = 0
        while not stop.is_set() and i < len(request) - 4:
            for s in slow:
                try:
                    s.send(request[i:i + 1])
                except OSError:
                    pass
            sent[0] = i = i + 1
            stop.wait(1.0)

    t = threading.Thread(target=trickle, daemon=True)
    t.start()
    started = time.monotonic()
    answers = 0
    try:
        with requests.Session() as normal:
            while time.monotonic() - started < HEAD_TIMEOUT + 3:
                r = normal.get(gw.url + "/v1/queues", headers={"X-Project-Id": project}, timeout=1.0)
                assert r.status_code == 204
                answers += 1
                time.sleep(0.2)
    finally:
        stop.set()
        t.join()
    assert answers >= 10 and sent[0] >= HEAD_TIMEOUT
    # Every slow connection was closed by the server once its head took longer than the timeout.
    for s in slow:
        s.setblocking(True)
    assert all(closed_by_peer(s, 2) for s in slow)
    for s in slow:
        s.close()


def test_a_trickled_body_is_cut_off(gw):
    s = connect(gw)
    s.sendall(b"PUT /v1/queues/q/metadata HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":")
    started = time.monotonic()
    for _ in range(BODY_TIMEOUT * 3):
        try:
            s.send(b" ")
        except OSError:
            break
        time.sleep(0.5)
        s.settimeout(0.01)
        try:
            if s.recv(65536) == b"":
                break
        except socket.timeout:
            pass
        except OSError:
            break
    assert time.monotonic() - started < BODY_TIMEOUT + 2
    s.close()


def test_idle_connection_is_closed(gw):
    s = connect(gw)
    assert closed_by_peer(s, IDLE_TIMEOUT + 3)
    s.close()
    # A keep-alive connection that finished a request is closed after the idle timeout, too.
    s = connect(gw)
    s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
    assert read_response(s)[0] == 204
    started = time.monotonic()
    assert closed_by_peer(s, IDLE_TIMEOUT + 3)
    assert time.monotonic() - started >= IDLE_TIMEOUT - 1
    s.close()


def test_body_over_the_cap_by_content_length_is_400_without_reading_it(gw):
    """The contract knows no 413 (§14: too large is 400). Operations without a body answer with the
    cap; those with one answer with their own, lower limit, also before reading."""
    for path, method, said in (("/v1/queues", "GET", b"Request bodies may not exceed %d bytes" % MAX_BODY),
                               ("/v1/queues/q", "DELETE", b"Request bodies may not exceed"),
                               ("/v1/queues/q/metadata", "PUT", b"too large"),
                               ("/v1/queues/q/messages", "POST", b"too large"),
                               ("/v1/queues/q/claims", "POST", b"too large")):
        s = connect(gw)
        s.sendall(("%s %s HTTP/1.1\r\nHost: x\r\nX-Project-Id: p\r\nClient-ID: %s\r\nContent-Length: %d\r\n\r\n"
                   % (method, path, uuid.uuid4(), 50 * 1024 * 1024)).encode())
        status, headers, body = read_response(s)
        assert status == 400 and said in body, (path, status, body)
        assert b'"title":"Invalid' in body
        s.close()


def test_chunked_body_over_the_cap_is_cut_off_while_read_even_when_unread(gw):
    s = connect(gw)
    s.sendall(b"GET /v1/queues HTTP/1.1\r\nHost: x\r\nX-Project-Id: p\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n%s\r\n" % (65536, b"x" * 65536)
    sent = 0
    with pytest.raises(OSError):
        for _ in range(64 * 16):  # 64 MiB unless the server closes first
            s.sendall(chunk)
            sent += 65536
    assert sent < 32 * 1024 * 1024, "the connection was closed long before the body ended"
    s.close()


def chunked(data, size=1000):
    out = b""
    for i in range(0, len(data), size):
        part = data[i:i + size]
        out += b"%x\r\n%s\r\n" % (len(part), part)
    return out + b"0\r\n\r\n"


def post_raw(gw, q, h, body, chunk_it):
    s = connect(gw)
    head = "POST /v1/queues/%s/messages HTTP/1.1\r\nHost: x\r\nX-Project-Id: %s\r\nClient-ID: %s\r\n" % (
        q, h["X-Project-Id"], h["Client-ID"])
    if chunk_it:
        s.sendall((head + "Transfer-Encoding: chunked\r\n\r\n").encode() + chunked(body, 8192))
    else:
        s.sendall((head + "Content-Length: %d\r\n\r\n" % len(body)).encode() + body)
    response = read_response(s)
    s.close()
    return response


def test_api_size_limit_is_400_before_parsing_also_chunked(gw):
    """§14: one byte over the API's limit is a 400, with or without Content-Length, and the size is
    what is reported (checked before parsing: the body is not JSON at all)."""
    q = "q-" + uuid.uuid4().hex[:8]
    h = {"X-Project-Id": "hard-" + q, "Client-ID": str(uuid.uuid4())}
    assert requests.put(gw.url + "/v1/queues/" + q, headers=h, timeout=5).status_code == 201
    for chunk_it in (False, True):
        status, _, body = post_raw(gw, q, h, b"{" * (API_BODY_LIMIT + 1), chunk_it)
        assert status == 400 and b"too large" in body and b"could not be parsed" not in body, body
        # Exactly at the limit it is read and parsed (and then refused as JSON).
        status, _, body = post_raw(gw, q, h, b"{" * API_BODY_LIMIT, chunk_it)
        assert status == 400 and b"could not be parsed" in body, body
        # A chunked or plain body within the limits is accepted.
        status, _, body = post_raw(gw, q, h, b'[{"ttl":60,"body":"' + b"x" * 20000 + b'"}]', chunk_it)
        assert status == 201, body
    requests.delete(gw.url + "/v1/queues/" + q, headers=h, timeout=5)


def test_api_body_limit_is_400_for_chunked_bodies_on_the_default_cap(base_url):
    """On a gateway with the default cap (1 MiB) the API's own limit (262144) answers 400 (§14),
    chunked or not, before parsing."""
    import urllib.parse
    u = urllib.parse.urlsplit(base_url)
    for chunk_it in (False, True):
        s = socket.create_connection((u.hostname, u.port), timeout=10)
        junk = b"{" * (262144 + 1)
        head = "POST /v1/queues/q/messages HTTP/1.1\r\nHost: x\r\nX-Project-Id: p\r\nClient-ID: %s\r\n" % uuid.uuid4()
        if chunk_it:
            s.sendall((head + "Transfer-Encoding: chunked\r\n\r\n").encode() + chunked(junk, 8192))
        else:
            s.sendall((head + "Content-Length: %d\r\n\r\n" % len(junk)).encode() + junk)
        status, _, body = read_response(s)
        assert status == 400 and b"too large" in body and b"could not be parsed" not in body, body
        s.close()


def test_header_size_and_count_limits(gw):
    for extra in ("X-Big: %s\r\n" % ("a" * 5000), "".join("X-H%d: v\r\n" % i for i in range(30))):
        s = connect(gw)
        s.sendall(("GET /v1/health HTTP/1.1\r\nHost: x\r\n%s\r\n" % extra).encode())
        status, _, _ = read_response(s)
        assert status == 400
        assert closed_by_peer(s, 3)
        s.close()
    # Within the limits: fine.
    s = connect(gw)
    s.sendall(("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n" % ("a" * 3000)).encode())
    assert read_response(s)[0] == 204
    s.close()


def test_max_connections():
    g = Gateway("--max-connections", "5")
    try:
        held = [connect(g) for _ in range(5)]
        for s in held:  # make sure all five were accepted and served
            s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert read_response(s)[0] == 204
        extra = connect(g)  # the kernel completes the handshake; the gateway does not accept it
        extra.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        extra.settimeout(1.5)
        with pytest.raises(socket.timeout):
            extra.recv(1)
        held[0].close()
        assert read_response(extra)[0] == 204, "accepted once a slot is free"
        extra.close()
        for s in held[1:]:
            s.close()
    finally:
        g.stop()
