#!/usr/bin/env python3
"""Direct Redis work for bench/run.sh: fill queues through the gateway's own Lua scripts.

Messages are written by EVALSHA of the assembled `message_post` script (`cloud-queues scripts
message_post`), many messages per call and many calls per pipeline, so a million messages take
seconds; claims are taken by `claim_create`. The records are therefore exactly what the gateway
writes (same scripts, same key layout: lua/README.md).

Every subcommand prints one JSON object on stdout.

  cqredis.py --port P --bin BIN create  --queue Q
  cqredis.py --port P --bin BIN fill    --queue Q --count N [--body-bytes 200] [--ttl S]
  cqredis.py --port P --bin BIN memory  --queue Q --count N [--body-bytes 200]
      (creates Q, fills it, reports used_memory delta per message and MEMORY USAGE per key)
  cqredis.py --port P --bin BIN inflight --queue Q --count N [--ttl 43200]
      (claims N messages in claims of --per-claim messages, held for --ttl seconds)
  cqredis.py --port P --bin BIN scriptlat --queue Q1,Q2 [--pairs 300] [--limit 10]
      (Redis-side execution time of claim_create / claim_delete, from SLOWLOG)
  cqredis.py --port P --bin BIN release --queue Q [--within 3600]
      (releases the claims expiring within --within seconds: what a wrk claim run left behind)
  cqredis.py --port P --bin BIN counts  --queue Q
  cqredis.py --port P --bin BIN drop    --queue Q
"""
import argparse
import json
import os
import subprocess
import sys
import time

import redis

CLIENT_ID = "3e1c0f8e-1c2a-4f1b-9c3d-0a1b2c3d4e5f"
SUFFIXES = ("queue", "messages", "ready", "claimed", "expiry", "claims", "claim_expiry")


def keys(project, queue):
    # Project ids used here are plain [A-Za-z0-9_-], so their percent-encoding is themselves.
    return [f"cq:{{{project}/{queue}}}:{s}" for s in SUFFIXES]


class Scripts:
    """Loads assembled scripts from the binary on first use; returns their SHA."""

    def __init__(self, r, binary, lua_dir=None):
        self.r, self.binary, self.lua_dir, self.shas = r, binary, lua_dir, {}

    def sha(self, name):
        if name not in self.shas:
            cmd = [self.binary, "scripts"] + (["--lua-dir", self.lua_dir] if self.lua_dir else []) + [name]
            src = subprocess.run(cmd, check=True, capture_output=True).stdout
            # `scripts NAME` prints the source plus a newline: drop it so the SHA is the gateway's.
            self.shas[name] = self.r.script_load(src[:-1] if src.endswith(b"\n") else src)
        return self.shas[name]


def body_of(size):
    head, tail = '{"event":"bench","payload":"', '"}'
    return head + "x" * max(0, size - len(head) - len(tail)) + tail


def create(r, s, project, queue):
    return r.evalsha(s.sha("queue_create"), 8, *keys(project, queue), "cq:queues", f"{project}/{queue}")


def fill(r, s, project, queue, count, body_bytes, ttl, per_call, calls_per_pipeline=20):
    sha, ks, body = s.sha("message_post"), keys(project, queue), body_of(body_bytes)
    prefix = int.from_bytes(os.urandom(4), "big")
    t0, done = time.perf_counter(), 0
    while done < count:
        pipe = r.pipeline(transaction=False)
        for _ in range(calls_per_pipeline):
            n = min(per_call, count - done)
            if n <= 0:
                break
            args = [CLIENT_ID]
            for i in range(done, done + n):
                args += (f"{prefix:08x}{i:016x}", ttl, body)
            pipe.execute_command("EVALSHA", sha, 7, *ks, *args)
            done += n
        pipe.execute()
    secs = time.perf_counter() - t0
    return {"queue": queue, "count": count, "body_bytes": len(body), "ttl": ttl,
            "seconds": round(secs, 2), "messages_per_s": round(count / secs)}


def inflight(r, s, project, queue, count, per_claim, ttl, grace):
    sha, ks = s.sha("claim_create"), keys(project, queue)
    t0, taken, calls = time.perf_counter(), 0, 0
    while taken < count:
        n = min(per_claim, count - taken)
        reply = r.evalsha(sha, 7, *ks, "%024x" % (0xC1A10000000000000000 + calls), ttl, grace, n)
        calls += 1
        got = (len(reply) - 1) // 4 if reply else 0
        if got == 0:
            break
        taken += got
    return {"queue": queue, "claimed": taken, "claims": calls, "ttl": ttl,
            "seconds": round(time.perf_counter() - t0, 2)}


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))]


def scriptlat(r, s, project, queues, pairs, limit):
    """Redis-side execution time of claim_create and claim_delete (release), from SLOWLOG.

    Runs `pairs` rounds of sequential claim (limit `limit`, ttl 60) + release pairs, one pair on
    each queue per round (interleaved, so noise hits every queue alike; a release keeps the
    depth constant), with slowlog-log-slower-than 0: SLOWLOG records every command's execution
    time in microseconds (Redis 7 also logs the commands a script calls: only the top-level
    EVALSHA entries are kept). Client and network time are not included.
    """
    c, d = s.sha("claim_create"), s.sha("claim_delete")
    old = {k: r.config_get(k)[k] for k in ("slowlog-log-slower-than", "slowlog-max-len")}
    r.config_set("slowlog-max-len", 1000000)
    r.config_set("slowlog-log-slower-than", 0)
    r.slowlog_reset()
    empty = {q: 0 for q in queues}
    try:
        for i in range(pairs):
            for q in queues:
                ks = keys(project, q)
                reply = r.evalsha(c, 7, *ks, "%024x" % (0x5104000000000000 + i), 60, 60, limit)
                if reply:
                    r.evalsha(d, 7, *ks, reply[0])
                else:
                    empty[q] += 1
        log = r.slowlog_get(1000000)
    finally:
        r.config_set("slowlog-log-slower-than", old["slowlog-log-slower-than"])
        r.config_set("slowlog-max-len", old["slowlog-max-len"])
        r.slowlog_reset()
    times = {q: {"claim_create": [], "claim_delete": []} for q in queues}
    for e in log:
        cmd = e["command"]
        cmd = cmd.decode(errors="replace") if isinstance(cmd, bytes) else str(cmd)
        parts = cmd.split(" ", 4)
        if len(parts) < 4 or parts[0].upper() != "EVALSHA":
            continue
        name = {c: "claim_create", d: "claim_delete"}.get(parts[1])
        queue = parts[3][len(f"cq:{{{project}/"):].rsplit("}", 1)[0]
        if name and queue in times:
            times[queue][name].append(e["duration"])
    out = {}
    for q in queues:
        out[q] = {"queue": q, "pairs": pairs, "limit": limit, "empty_claims": empty[q]}
        for name, v in times[q].items():
            v.sort()
            out[q][name] = {"calls": len(v), "p50_us": percentile(v, 50), "p90_us": percentile(v, 90),
                            "p99_us": percentile(v, 99),
                            "mean_us": round(sum(v) / len(v), 1) if v else None}
    return out


def release(r, s, project, queue, within):
    """Releases (claim_delete) every claim expiring within `within` seconds: the short claims a
    wrk run left behind, not the long in-flight ones made by `inflight`."""
    ks, sha = keys(project, queue), s.sha("claim_delete")
    t = r.time()
    horizon = t[0] * 1000 + t[1] // 1000 + within * 1000
    ids = r.zrangebyscore(ks[6], "-inf", horizon)
    pipe = r.pipeline(transaction=False)
    for cid in ids:
        pipe.evalsha(sha, 7, *ks, cid)
    released = sum(1 for x in pipe.execute() if x) if ids else 0
    return {"queue": queue, "released": released, **counts(r, project, queue)}


def counts(r, project, queue):
    k = keys(project, queue)
    return {"messages": r.hlen(k[1]), "ready": r.zcard(k[2]), "claimed": r.zcard(k[3]),
            "expiry": r.zcard(k[4]), "claims": r.hlen(k[5])}


def memory(r, s, project, queue, count, body_bytes, ttl, per_call):
    create(r, s, project, queue)
    r.execute_command("MEMORY", "PURGE")
    before = r.info("memory")["used_memory"]
    f = fill(r, s, project, queue, count, body_bytes, ttl, per_call)
    time.sleep(0.2)
    after = r.info("memory")["used_memory"]
    per_key = {}
    for name, key in zip(SUFFIXES, keys(project, queue)):
        usage = r.execute_command("MEMORY", "USAGE", key, "SAMPLES", "0")
        if usage is not None:
            encoding = r.object("encoding", key)
            per_key[name] = {"bytes": usage, "per_message": round(usage / count, 1),
                             "encoding": encoding.decode() if isinstance(encoding, bytes) else encoding}
    info = r.info("memory")
    sample = r.hrandfield(keys(project, queue)[1], 1)
    record = r.hstrlen(keys(project, queue)[1], sample[0]) if sample else None
    return {"fill": f, "count": count, "body_bytes": f["body_bytes"],
            "used_memory_before": before, "used_memory_after": after,
            "bytes_per_message": round((after - before) / count, 1),
            "record_bytes": record, "id_bytes": 24,
            "keys": per_key, "allocator": info.get("mem_allocator"),
            "fragmentation_ratio": info.get("mem_fragmentation_ratio")}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--bin", required=True, help="the cloud-queues binary (for `scripts NAME`)")
    ap.add_argument("--project", default="bench")
    ap.add_argument("--lua-dir", default=None, help="passed to `cloud-queues scripts`")
    ap.add_argument("cmd", choices=["create", "fill", "memory", "inflight", "scriptlat", "release", "counts", "drop"])
    ap.add_argument("--queue", required=True)
    ap.add_argument("--count", type=int, default=0)
    ap.add_argument("--body-bytes", type=int, default=200)
    ap.add_argument("--ttl", type=int, default=None)
    ap.add_argument("--grace", type=int, default=60)
    ap.add_argument("--per-call", type=int, default=500, help="messages per message_post call")
    ap.add_argument("--per-claim", type=int, default=1000, help="messages per claim_create call")
    ap.add_argument("--pairs", type=int, default=300, help="scriptlat: claim + release pairs")
    ap.add_argument("--limit", type=int, default=10, help="scriptlat: messages per claim")
    ap.add_argument("--within", type=int, default=3600, help="release: claims expiring within S seconds")
    a = ap.parse_args()
    r = redis.Redis(host="127.0.0.1", port=a.port, socket_timeout=600)
    s = Scripts(r, a.bin, a.lua_dir)
    if a.cmd == "create":
        out = {"created": create(r, s, a.project, a.queue)}
    elif a.cmd == "fill":
        create(r, s, a.project, a.queue)
        out = fill(r, s, a.project, a.queue, a.count, a.body_bytes, a.ttl or 1209600, a.per_call)
    elif a.cmd == "memory":
        out = memory(r, s, a.project, a.queue, a.count, a.body_bytes, a.ttl or 1209600, a.per_call)
    elif a.cmd == "inflight":
        out = inflight(r, s, a.project, a.queue, a.count, a.per_claim, a.ttl or 43200, a.grace)
    elif a.cmd == "scriptlat":
        out = scriptlat(r, s, a.project, a.queue.split(","), a.pairs, a.limit)
    elif a.cmd == "release":
        out = release(r, s, a.project, a.queue, a.within)
    elif a.cmd == "counts":
        out = counts(r, a.project, a.queue)
    else:
        out = {"deleted": r.evalsha(s.sha("queue_delete"), 8, *keys(a.project, a.queue),
                                    "cq:queues", f"{a.project}/{a.queue}")}
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
