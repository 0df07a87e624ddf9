"""Shared parts of the long-polling benchmarks (bench/wake_latency.py, bench/idle_waiters.py):
starting a private Redis (or a 3-master cluster through scripts/cluster.sh) and gateways on
free loopback ports and stopping exactly what was started, a minimal asyncio HTTP/1.1 client
(one keep-alive connection per client, so thousands of them cost one process), percentiles and
/proc readings.
"""

import asyncio
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid

import redis

# The process helpers bench/run.sh's cluster benchmark already has.
from cluster_bench import ROOT, free_port, proc_cpu  # noqa: E402,F401


def raise_nofile(want=65536):
    """Raises this process's RLIMIT_NOFILE as far as allowed; returns the soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    for limit in (want, hard):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit, max(limit, hard)))
            break
        except (ValueError, OSError):
            continue
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def proc_status_kib(pid, key="VmRSS"):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def percentiles(values):
    """p50/p90/p99/max (nearest rank) of a list; None when empty."""
    if not values:
        return None
    v = sorted(values)

    def rank(p):
        return v[min(len(v) - 1, max(0, int(-(-p * len(v) // 100)) - 1))]

    return {"count": len(v), "p50": rank(50), "p90": rank(90), "p99": rank(99), "max": v[-1]}


def binary_copy(binary, lua):
    """A private copy of the binary and the Lua folder (a rebuild meanwhile changes neither)."""
    work = tempfile.mkdtemp(prefix="cq-longpoll-")
    shutil.copy(binary, os.path.join(work, "cloud-queues"))
    shutil.copytree(lua, os.path.join(work, "lua"))
    return work, os.path.join(work, "cloud-queues"), os.path.join(work, "lua")


class Redis:
    """A private redis-server (no persistence), or a cluster of `masters` through scripts/cluster.sh."""

    def __init__(self, work, masters=0):
        self.dir = os.path.join(work, "redis")
        os.makedirs(self.dir, exist_ok=True)
        self.masters = masters
        self.proc = None
        if masters == 0:
            self.ports = [free_port()]
            self.proc = subprocess.Popen(
                ["redis-server", "--port", str(self.ports[0]), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--dir", self.dir, "--logfile", os.path.join(self.dir, "redis.log")])
            self.target = ["--redis-url", "redis://127.0.0.1:%d/0" % self.ports[0]]
            for _ in range(100):
                try:
                    redis.Redis(port=self.ports[0]).ping()
                    break
                except redis.RedisError:
                    time.sleep(0.05)
        else:
            seeds = subprocess.run(["bash", os.path.join(ROOT, "scripts/cluster.sh"), "start", self.dir, str(masters)],
                                   check=True, capture_output=True, text=True).stdout.strip()
            self.ports = [int(s.rsplit(":", 1)[1]) for s in seeds.split(",")]
            self.target = ["--redis-cluster", seeds]
        self.conns = [redis.Redis(port=p) for p in self.ports]

    def commands(self):
        """total_commands_processed summed over the nodes."""
        return sum(c.info("stats")["total_commands_processed"] for c in self.conns)

    def commandstats(self):
        """{command: calls} summed over the nodes."""
        out = {}
        for c in self.conns:
            for name, stats in c.info("commandstats").items():
                name = name.replace("cmdstat_", "")
                out[name] = out.get(name, 0) + stats["calls"]
        return out

    def stop(self):
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        else:
            subprocess.run(["bash", os.path.join(ROOT, "scripts/cluster.sh"), "stop", self.dir])


class Gateway:
    """`cloud-queues serve` on a free loopback port (through bash, so `ulimit -n` applies)."""

    def __init__(self, binary, lua, redis_target, work, name, extra=(), nofile=None, log_level="warning"):
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.log = open(os.path.join(work, "gateway-%s.log" % name), "w")
        args = [binary, "serve", "--port", str(self.port), "--log-level", log_level, "--lua-dir", lua] + list(redis_target) + list(extra)
        if nofile:
            cmd = ["bash", "-c", 'ulimit -n %d 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"' % nofile, "gateway"] + args
        else:
            cmd = args
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)
        self.pid = self.proc.pid
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    if s.recv(64).startswith(b"HTTP/1.1 204"):
                        return
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("gateway exited, see " + self.log.name)
            time.sleep(0.1)
        raise RuntimeError("gateway did not become healthy: " + self.url)

    def nofile(self):
        with open("/proc/%d/limits" % self.pid) as f:
            for line in f:
                if line.startswith("Max open files"):
                    return int(line.split()[3])
        return 0

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


class HTTP:
    """One keep-alive HTTP/1.1 connection (Content-Length or chunked replies)."""

    def __init__(self, port, project="lp", client_id=None, host="127.0.0.1"):
        self.host, self.port = host, port
        self.project = project
        self.client_id = client_id or str(uuid.uuid4())
        self.reader = self.writer = None

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self):
        if self.writer:
            self.writer.close()
            self.writer = None

    def head(self, method, path, body):
        lines = ["%s %s HTTP/1.1" % (method, path), "Host: %s:%d" % (self.host, self.port),
                 "X-Project-Id: " + self.project, "Client-ID: " + self.client_id, "Accept: application/json",
                 "Content-Length: %d" % len(body)]
        if body:
            lines.append("Content-Type: application/json")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    async def send(self, method, path, body=b""):
        """Writes a request (opening the connection if needed); read its reply with `reply()`."""
        if self.writer is None:
            await self.open()
        self.writer.write(self.head(method, path, body))
        await self.writer.drain()

    async def reply(self):
        """(status, body bytes) of the next reply."""
        line = await self.reader.readline()
        if not line:
            raise ConnectionError("connection closed")
        status = int(line.split()[1])
        length, chunked, close = 0, False, False
        while True:
            h = await self.reader.readline()
            if h in (b"\r\n", b"\n", b""):
                break
            name, _, value = h.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.lower() == "close":
                close = True
        if chunked:
            body = b""
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    break
                body += await self.reader.readexactly(size)
                await self.reader.readexactly(2)
        else:
            body = await self.reader.readexactly(length) if length else b""
        if close:
            self.close()
        return status, body

    async def request(self, method, path, body=b""):
        await self.send(method, path, body)
        return await self.reply()


async def put_queue(port, queue, project="lp"):
    c = HTTP(port, project)
    status, body = await c.request("PUT", "/v1/queues/" + queue)
    c.close()
    assert status in (201, 204), (status, body)


async def delete_queue(port, queue, project="lp"):
    c = HTTP(port, project)
    await c.request("DELETE", "/v1/queues/" + queue)
    c.close()


def post_body(seq):
    return json.dumps([{"ttl": 300, "body": {"seq": seq}}]).encode()


CLAIM_BODY = b'{"ttl":60,"grace":60}'
