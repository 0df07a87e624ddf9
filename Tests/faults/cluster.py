"""A local cluster for the fault tests, driven through deploy/local.sh (the script operators use):
Redis with an append-only file (optionally a replica and three sentinels), three gateways and
HAProxy on 127.0.0.1. Also: the bench runner with the queue checker, and probes that time
outages and recoveries."""

import json
import os
import shutil
import subprocess
import tempfile
import threading
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LOCAL = os.path.join(ROOT, "deploy", "local.sh")

# Claims lapse after 3 s (the default profile's minimum is 60 s): a claim whose reply was lost
# when a gateway or Redis died hides its messages only that long, so the drain stays short.
CLAIM_TTL = 3
GATEWAY_ARGS = ["--limit", "claim_ttl_min=%d" % CLAIM_TTL, "--sweep-interval", "1"]


def binary():
    path = os.environ.get("CQ_BIN")
    if not path:
        raise RuntimeError("CQ_BIN (the cloud-queues binary) is not set; scripts/test.sh sets it")
    return path


class Cluster:
    """One deploy/local.sh state folder; `stop()` stops exactly what it started."""

    def __init__(self, appendfsync="always", sentinel=False, env=None):
        self.dir = tempfile.mkdtemp(prefix="cq-fault-")
        self.env = dict(os.environ)
        self.env.update(CQ_LOCAL_DIR=self.dir, CQ_LOCAL_APPENDFSYNC=appendfsync,
                        CQ_LOCAL_SENTINEL="1" if sentinel else "0", CQ_BIN=binary())
        self.env.update(env or {})
        self.ports = {}

    def sh(self, *args, check=True):
        result = subprocess.run([LOCAL, *args], env=self.env, capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError("local.sh %s failed: %s%s" % (" ".join(args), result.stdout, result.stderr))
        return result

    def start(self):
        try:
            self.sh("start", "--", *GATEWAY_ARGS)
        except Exception:
            self.stop(keep=True)  # whatever did start; the folder stays for its logs
            raise
        with open(os.path.join(self.dir, "ports.env")) as f:
            for line in f:
                key, _, value = line.strip().partition("=")
                self.ports[key] = value
        return self

    @property
    def url(self):
        return self.ports["URL"]

    def gateway_url(self, n):
        return "http://127.0.0.1:%s" % self.ports["GATEWAY%d_PORT" % n]

    def port(self, name):
        return int(self.ports[name.upper() + "_PORT"])

    def kill(self, name, signal="KILL"):
        self.sh("kill", name, signal)

    def wait_dead(self, name, timeout=15):
        with open(os.path.join(self.dir, name + ".pid")) as f:
            pid = int(f.read())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            # a zombie of ours? local.sh's children are not ours: /proc tells
            try:
                with open("/proc/%d/stat" % pid) as f:
                    if f.read().split(")")[-1].split()[0] == "Z":
                        return
            except FileNotFoundError:
                return
            time.sleep(0.02)
        raise RuntimeError("%s (pid %d) did not exit" % (name, pid))

    def restart(self, name, wait=True):
        self.sh("restart", name)
        if wait:
            self.sh("wait", name)

    def log(self, name):
        try:
            with open(os.path.join(self.dir, name + ".log"), errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def stop(self, keep=False):
        self.sh("stop", check=False)
        if not keep:
            shutil.rmtree(self.dir, ignore_errors=True)


class Bench:
    """`cloud-queues bench --check` in the background."""

    def __init__(self, url, workdir, duration, producers=2, consumers=4, drain=40, extra=()):
        self.json_path = os.path.join(workdir, "bench.json")
        self.out_path = os.path.join(workdir, "bench.out")
        cmd = [binary(), "bench", "--url", url, "--producers", str(producers), "--consumers", str(consumers),
               "--duration", str(duration), "--batch", "1", "--claim-limit", "10",
               "--claim-ttl", str(CLAIM_TTL), "--claim-grace", "60", "--request-timeout", "5",
               "--check", "--drain-seconds", str(drain), "--quiet", "--json", self.json_path, *extra]
        self.out = open(self.out_path, "w")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdout=self.out, stderr=subprocess.STDOUT)

    def elapsed(self):
        return time.monotonic() - self.started

    def sleep_until(self, seconds):
        time.sleep(max(0.0, seconds - self.elapsed()))

    def finish(self, timeout=300):
        code = self.proc.wait(timeout=timeout)
        self.out.close()
        with open(self.out_path) as f:
            text = f.read()
        try:
            with open(self.json_path) as f:
                report = json.load(f)
        except (FileNotFoundError, json.JSONDecodeError):
            raise AssertionError("bench wrote no report (exit %d):\n%s" % (code, text[-3000:]))
        return code, report, text


def figures(report):
    """Counts, errors and the checker's verdict from a bench JSON report."""
    requests_total = errors_total = 0
    by_status = {}
    for role in report["roles"]:
        for op in role["operations"]:
            requests_total += op["count"]
            for status, n in op["errors"].items():
                errors_total += n
                by_status[status] = by_status.get(status, 0) + n
    c = report.get("checker") or {}
    return {
        "requests": requests_total,
        "errors": errors_total,
        "error_rate": errors_total / requests_total if requests_total else 0.0,
        "errors_by_status": by_status,
        "posted": c.get("posted", 0),
        "delivered": c.get("delivered", 0),
        "lost": c.get("lost", 0),
        "overlapping": c.get("overlapping_claims", 0),
        "phantom": c.get("phantom", 0),
        "redelivered": c.get("redelivered_after_lapse", 0),
        "claimed_after_delete": c.get("claimed_after_delete", 0),
        "unacknowledged_delivered": c.get("unacknowledged_delivered", 0),
        "examples": c.get("examples", {}),
    }


def describe(name, f, extra=""):
    line = ("FAULT %s: requests %d, errors %d (%.2f%%) %s; posted %d, lost %d, overlapping %d, phantom %d, "
            "redelivered %d, claimed-after-delete %d, unacknowledged-delivered %d%s") % (
        name, f["requests"], f["errors"], 100 * f["error_rate"], f["errors_by_status"] or "",
        f["posted"], f["lost"], f["overlapping"], f["phantom"], f["redelivered"],
        f["claimed_after_delete"], f["unacknowledged_delivered"], extra)
    print("\n" + line, flush=True)
    path = os.environ.get("CQ_FAULT_FIGURES")
    if path:
        with open(path, "a") as out:
            out.write(line + "\n")
    return line


class Probe(threading.Thread):
    """Sends one request every `interval` seconds and keeps (time, status) samples (status 0:
    no HTTP answer)."""

    def __init__(self, method, url, interval=0.05, **kwargs):
        super().__init__(daemon=True)
        self.method, self.url, self.interval, self.kwargs = method, url, interval, kwargs
        self.samples = []
        self.stopping = threading.Event()
        self.session = requests.Session()

    def run(self):
        while not self.stopping.is_set():
            sent = time.monotonic()
            try:
                status = self.session.request(self.method, self.url, timeout=3, **self.kwargs).status_code
            except requests.RequestException:
                status = 0
                self.session = requests.Session()
            self.samples.append((sent, time.monotonic(), status))
            self.stopping.wait(max(0.0, self.interval - (time.monotonic() - sent)))

    def stop(self):
        self.stopping.set()
        self.join(timeout=10)

    def first_failure_after(self, t):
        """Seconds from `t` until the first answer that was not 2xx (sent after t)."""
        for sent, done, status in self.samples:
            if sent >= t and not 200 <= status < 300:
                return done - t
        return None

    def first_success_after(self, t):
        """Seconds from `t` until a request sent after `t` succeeded."""
        for sent, done, status in self.samples:
            if sent >= t and 200 <= status < 300:
                return done - t
        return None

    def outage_after(self, t):
        """(seconds from `t` to the first failed request sent after it, seconds from `t` to the
        first success after that failure); (None, None) if nothing failed."""
        failed = None
        for sent, done, status in self.samples:
            if sent < t:
                continue
            ok = 200 <= status < 300
            if failed is None and not ok:
                failed = sent
            elif failed is not None and ok:
                return failed - t, done - t
        return (None, None) if failed is None else (failed - t, None)

    def statuses_between(self, a, b):
        out = {}
        for sent, _, status in self.samples:
            if a <= sent < b:
                out[status] = out.get(status, 0) + 1
        return out
