"""One master against three: gateway throughput on a single Redis, a 1-master cluster and a
3-master cluster, side by side in one run (bench/cluster.sh; docs/cluster.md).

For each setup a gateway (release build) runs on free loopback ports; wrk posts to 8 queues in
turn (bench/wrk/post_queues.lua), 1 and 10 messages per POST, the setups alternating run by run.
Besides requests/s it reads the CPU seconds each Redis master and the gateway spent (INFO cpu,
/proc/PID/stat), giving messages per CPU-second of a master: the per-master figure of the
capacity model. Last, Redis memory per message with 200-byte and 10 KB bodies.

Usage: python3 bench/lib/cluster_bench.py BIN LUA_DIR OUT_DIR [--duration S] [--pairs N]
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import redis
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_http(url, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=1).status_code == 204:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError("gateway did not become healthy: " + url)


def proc_cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def has_key(conn, key):
    """EXISTS on this very node (a cluster node answers MOVED for a key of another master's)."""
    try:
        return conn.exists(key) == 1
    except redis.exceptions.ResponseError:
        return False


def redis_cpu(conn):
    info = conn.info("cpu")
    return info["used_cpu_user"] + info["used_cpu_sys"]


class Setup:
    def __init__(self, name, binary, lua, work, masters):
        self.name, self.masters = name, masters
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir)
        if masters == 0:  # a plain Redis, --redis-url
            port = free_port()
            subprocess.run(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                            "--appendonly", "no", "--daemonize", "yes", "--dir", self.dir,
                            "--pidfile", self.dir + "/redis-%d.pid" % port, "--logfile", self.dir + "/redis.log"],
                           check=True)
            self.ports = [port]
            target = ["--redis-url", "redis://127.0.0.1:%d/0" % port]
            for _ in range(50):
                try:
                    redis.Redis(port=port).ping()
                    break
                except redis.RedisError:
                    time.sleep(0.1)
        else:
            seeds = subprocess.run(["bash", os.path.join(ROOT, "scripts/cluster.sh"), "start", self.dir, str(masters)],
                                   check=True, capture_output=True, text=True).stdout.strip()
            self.ports = [int(s.rsplit(":", 1)[1]) for s in seeds.split(",")]
            target = ["--redis-cluster", seeds]
        self.conns = [redis.Redis(port=p) for p in self.ports]
        self.http = free_port()
        self.url = "http://127.0.0.1:%d" % self.http
        self.log = open(os.path.join(self.dir, "gateway.log"), "w")
        self.gateway = subprocess.Popen(
            [binary, "serve", "--port", str(self.http), "--log-level", "warning", "--lua-dir", lua] + target,
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_http(self.url + "/v1/health")

    def create_queues(self, project, count):
        for i in range(1, count + 1):
            r = requests.put("%s/v1/queues/bench-%d" % (self.url, i), headers={"X-Project-Id": project}, timeout=5)
            assert r.status_code in (201, 204), r.text

    def queues_per_master(self, project, count):
        """How many of the queues each master holds."""
        out = []
        for conn in self.conns:
            out.append(sum(1 for i in range(1, count + 1) if has_key(conn, "cq:{%s/bench-%d}:queue" % (project, i))))
        return out

    def stop(self):
        self.gateway.send_signal(signal.SIGTERM)
        try:
            self.gateway.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.gateway.kill()
        if self.masters == 0:
            for conn in self.conns:
                try:
                    conn.shutdown(nosave=True)
                except redis.RedisError:
                    pass
        else:
            subprocess.run(["bash", os.path.join(ROOT, "scripts/cluster.sh"), "stop", self.dir])


def wrk(setup, project, batch, duration, queues, raw):
    out_file = os.path.join(raw, "wrk_%s_post%d_%d.json" % (setup.name, batch, int(time.time() * 1000)))
    env = dict(os.environ, CQ_PROJECT=project, CQ_BATCH=str(batch), CQ_QUEUES=str(queues),
               CQ_QUEUE_PREFIX="bench", CQ_WRK_OUT=out_file)
    cpu_redis = [redis_cpu(c) for c in setup.conns]
    cpu_gateway = proc_cpu(setup.gateway.pid)
    subprocess.run(["wrk", "-t1", "-c64", "-d%ds" % duration, "--latency", "-s",
                    os.path.join(ROOT, "bench/wrk/post_queues.lua"), setup.url],
                   env=env, check=True, capture_output=True)
    with open(out_file) as f:
        result = json.load(f)
    seconds = result["duration_s"]
    result["redis_cpu_s"] = [redis_cpu(c) - before for c, before in zip(setup.conns, cpu_redis)]
    result["gateway_cpu_s"] = proc_cpu(setup.gateway.pid) - cpu_gateway
    result["msgs"] = result["requests"] * batch
    result["msg_per_s"] = result["msgs"] / seconds
    return result


def memory_per_message(setup, project, body_bytes, count):
    """Redis used_memory growth per message posted through the gateway (one queue, one master)."""
    queue = "mem-%d" % body_bytes
    url = "%s/v1/queues/%s" % (setup.url, queue)
    headers = {"X-Project-Id": project, "Client-ID": "3e1c0f8e-1c2a-4f1b-9c3d-0a1b2c3d4e5f"}
    requests.put(url, headers=headers, timeout=5)
    conn = next(c for c in setup.conns if has_key(c, "cq:{%s/%s}:queue" % (project, queue)))
    body = json.dumps([{"ttl": 3600, "body": {"payload": "x" * (body_bytes - 16)}}] * 10)
    before = conn.info("memory")["used_memory"]
    with requests.Session() as s:
        for _ in range(count // 10):
            r = s.post(url + "/messages", data=body, headers=dict(headers, **{"Content-Type": "application/json"}), timeout=10)
            assert r.status_code == 201, r.text
    after = conn.info("memory")["used_memory"]
    requests.delete(url, headers=headers, timeout=30)
    return (after - before) / count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("lua")
    ap.add_argument("out")
    ap.add_argument("--duration", type=int, default=8)
    ap.add_argument("--pairs", type=int, default=2)
    ap.add_argument("--queues", type=int, default=8)
    args = ap.parse_args()
    raw = os.path.join(args.out, "raw")
    os.makedirs(raw, exist_ok=True)
    work = tempfile.mkdtemp(prefix="cq-cluster-bench-")
    project = "cb"
    setups = []
    try:
        for name, masters in (("single", 0), ("cluster1", 1), ("cluster3", 3)):
            setups.append(Setup(name, args.binary, args.lua, work, masters))
        for s in setups:
            s.create_queues(project, args.queues)
            wrk(s, project, 1, 2, args.queues, raw)  # warm-up
        results = {s.name: {1: [], 10: []} for s in setups}
        for _ in range(args.pairs):
            for batch in (1, 10):
                for s in setups:
                    r = wrk(s, project, batch, args.duration, args.queues, raw)
                    results[s.name][batch].append(r)
                    print("%-9s POST %-2d %8.0f req/s %8.0f msg/s  redis cpu %s  gateway cpu %.1f s  non-2xx %d" % (
                        s.name, batch, r["rps"], r["msg_per_s"], ["%.1f" % c for c in r["redis_cpu_s"]],
                        r["gateway_cpu_s"], r["errors"]["non_2xx_3xx"]), flush=True)
        spread = {s.name: s.queues_per_master(project, args.queues) for s in setups}
        memory = {b: memory_per_message(setups[1], project, b, n) for b, n in ((200, 5000), (10000, 1000))}
    finally:
        for s in setups:
            s.stop()
        shutil.rmtree(work, ignore_errors=True)

    def median(xs):
        xs = sorted(xs)
        return xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2

    summary = {}
    for name, by_batch in results.items():
        for batch, runs in by_batch.items():
            msgs = sum(r["msgs"] for r in runs)
            redis_cpu = sum(sum(r["redis_cpu_s"]) for r in runs)
            gateway_cpu = sum(r["gateway_cpu_s"] for r in runs)
            summary["%s_post%d" % (name, batch)] = {
                "req_per_s": median([r["rps"] for r in runs]),
                "msg_per_s": median([r["msg_per_s"] for r in runs]),
                "p50_ms": median([r["percentiles_ms"]["50"] for r in runs]),
                "p99_ms": median([r["percentiles_ms"]["99"] for r in runs]),
                "non_2xx": sum(r["errors"]["non_2xx_3xx"] for r in runs),
                "redis_cpu_share": [round(sum(r["redis_cpu_s"][i] for r in runs) / sum(r["duration_s"] for r in runs), 2)
                                    for i in range(len(runs[0]["redis_cpu_s"]))],
                "msg_per_redis_cpu_s": msgs / redis_cpu if redis_cpu else None,
                "msg_per_gateway_cpu_s": msgs / gateway_cpu if gateway_cpu else None,
            }
    report = {"summary": summary, "queues_per_master": spread, "memory_bytes_per_message": memory,
              "duration_s": args.duration, "pairs": args.pairs, "queues": args.queues, "cores": os.cpu_count()}
    with open(os.path.join(args.out, "cluster.json"), "w") as f:
        json.dump(report, f, indent=2, sort_keys=True)
    lines = ["# One master against three (bench/cluster.sh)", "",
             "%d cores; wrk -t1 -c64, %d s per run, %d runs per cell (medians), setups alternating; "
             "%d queues (queues per master: %s)." % (os.cpu_count(), args.duration, args.pairs, args.queues,
                                                     ", ".join("%s %s" % kv for kv in spread.items())), "",
             "| setup | POST | req/s | msg/s | p50 ms | p99 ms | non-2xx | Redis CPU share per master | msg per Redis CPU-s | msg per gateway CPU-s |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for key, v in summary.items():
        name, batch = key.rsplit("_post", 1)
        lines.append("| %s | %s | %.0f | %.0f | %.2f | %.2f | %d | %s | %.0f | %.0f |" % (
            name, batch, v["req_per_s"], v["msg_per_s"], v["p50_ms"], v["p99_ms"], v["non_2xx"],
            " / ".join("%.2f" % c for c in v["redis_cpu_share"]), v["msg_per_redis_cpu_s"], v["msg_per_gateway_cpu_s"]))
    lines += ["", "Redis memory per message (used_memory growth / messages, one queue): "
              + ", ".join("%d-byte bodies: %.0f B" % (b, m) for b, m in memory.items()), ""]
    with open(os.path.join(args.out, "cluster.md"), "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
