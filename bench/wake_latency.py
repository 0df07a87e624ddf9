#!/usr/bin/env python3
"""Wake latency of long polling across two gateways (issue 14; docs/benchmarks.md).

Starts its own Redis (or a 3-master Redis Cluster through scripts/cluster.sh) and two gateways A
and B from the given binary on free loopback ports, and stops exactly what it started.

  long poll  W waiters (W in --waiters) claim on B with `?limit=1&wait=20` (v1), each on its own
             keep-alive connection, deleting what they get and claiming again at once;
  polling    the baseline without long polling: one consumer claims on B with `?limit=10` and no
             wait, again at once after a claim that got messages, after P ms (P in --polls) after
             a 204;

while a producer on A posts one message at a time (body {"seq": n}) with --pause-ms between
posts. Latency = time the claim answer carrying message n was read - time the POST of n was
sent (one process, one monotonic clock). Per scenario: p50/p90/p99/max, the count, whether every
posted message was claimed exactly once, and the claim requests sent per message. --burst N adds
a run of N messages posted with no pause by 4 producers to 200 waiters (the issue's "200 waiting
claimers and 10,000 messages, each claimed exactly once"; its latencies include queueing).

Usage: python3 bench/wake_latency.py [--bin PATH] [--redis single|cluster|both]
         [--waiters 1,16,200] [--polls 100,1000] [--messages 300] [--pause-ms 20] [--burst N]
         [--json FILE]
"""

import argparse
import asyncio
import collections
import json
import os
import shutil
import sys
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from longpoll import (CLAIM_BODY, HTTP, ROOT, Gateway, Redis, binary_copy, delete_queue, percentiles,  # noqa: E402
                      post_body, put_queue, raise_nofile)

PROJECT = "wake"


class Run:
    """The bookkeeping of one scenario."""

    def __init__(self, messages):
        self.messages = messages
        self.sent = {}
        self.latency = []
        self.claims = collections.Counter()
        self.claim_requests = 0
        self.empty = 0
        self.errors = collections.Counter()
        self.all_claimed = asyncio.Event()

    def received(self, body, at):
        msgs = json.loads(body)
        for m in msgs:
            seq = m["body"]["seq"]
            self.claims[seq] += 1
            if self.claims[seq] == 1 and seq in self.sent:
                self.latency.append((at - self.sent[seq]) * 1000)
        if len(self.claims) >= self.messages:
            self.all_claimed.set()
        return msgs

    async def delete(self, client, msgs):
        for m in msgs:
            status, _ = await client.request("DELETE", m["href"])
            if status != 204:
                self.errors["delete %d" % status] += 1

    def summary(self):
        duplicates = sum(1 for n in self.claims.values() if n > 1)
        missing = sum(1 for s in range(self.messages) if s not in self.claims)
        phantom = sum(1 for s in self.claims if not 0 <= s < self.messages)
        return {"latency_ms": percentiles(self.latency), "posted": len(self.sent), "claimed": len(self.claims),
                "missing": missing, "duplicates": duplicates, "phantom": phantom,
                "exactly_once": missing == 0 and duplicates == 0 and phantom == 0 and len(self.sent) == self.messages,
                "claim_requests": self.claim_requests, "empty_claims": self.empty, "errors": dict(self.errors)}


async def producer(port, queue, run, seqs, pause):
    client = HTTP(port, PROJECT)
    try:
        for seq in seqs:
            body = post_body(seq)
            run.sent[seq] = time.monotonic()
            status, reply = await client.request("POST", "/v1/queues/%s/messages" % queue, body)
            if status != 201:
                run.errors["post %d" % status] += 1
            if pause:
                await asyncio.sleep(pause)
    finally:
        client.close()


async def waiter(port, queue, run, started):
    client = HTTP(port, PROJECT)
    try:
        await client.open()
        first = True
        while True:
            await client.send("POST", "/v1/queues/%s/claims?limit=1&wait=20" % queue, CLAIM_BODY)
            if first:
                started.append(1)
                first = False
            run.claim_requests += 1
            status, body = await client.reply()
            at = time.monotonic()
            if status == 201:
                await run.delete(client, run.received(body, at))
            elif status == 204:
                run.empty += 1
            else:
                run.errors["claim %d" % status] += 1
                await asyncio.sleep(0.1)
    finally:
        client.close()


async def poller(port, queue, run, period):
    client = HTTP(port, PROJECT)
    try:
        while True:
            run.claim_requests += 1
            status, body = await client.request("POST", "/v1/queues/%s/claims?limit=10" % queue, CLAIM_BODY)
            at = time.monotonic()
            if status == 201:
                await run.delete(client, run.received(body, at))
                continue
            if status == 204:
                run.empty += 1
            else:
                run.errors["claim %d" % status] += 1
            await asyncio.sleep(period)
    finally:
        client.close()


async def scenario(a, b, kind, n, messages, pause, producers=1):
    """One run on a fresh queue: kind 'wait' with n waiters, or 'poll' every n ms."""
    queue = "wake-%s-%d-%s" % (kind, n, uuid.uuid4().hex[:6])
    await put_queue(a.port, queue, PROJECT)
    run = Run(messages)
    started = []
    if kind == "wait":
        consumers = [asyncio.create_task(waiter(b.port, queue, run, started)) for _ in range(n)]
        for _ in range(200):
            if len(started) == n:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # the last claims reach the gateway and park
    else:
        consumers = [asyncio.create_task(poller(b.port, queue, run, n / 1000))]
        await asyncio.sleep(0.2)
    t0 = time.monotonic()
    await asyncio.gather(*(producer(a.port, queue, run, range(i, messages, producers), pause) for i in range(producers)))
    post_seconds = time.monotonic() - t0
    try:
        await asyncio.wait_for(run.all_claimed.wait(), timeout=30)
    except asyncio.TimeoutError:
        pass
    await asyncio.sleep(0.2)  # a duplicate would show up now
    for c in consumers:
        c.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)
    await delete_queue(a.port, queue, PROJECT)
    s = run.summary()
    s.update(kind=kind, n=n, pause_ms=pause * 1000, producers=producers, post_seconds=post_seconds)
    return s


def label(s):
    if s["kind"] == "wait":
        return "long poll", "W=%d" % s["n"] + (" burst" if s["pause_ms"] == 0 else "")
    return "poll wait=0", "P=%d ms" % s["n"]


def table(rows):
    head = ["redis", "mode", "W / P", "count", "p50 ms", "p90 ms", "p99 ms", "max ms", "claims/msg", "exactly once"]
    lines = [head]
    for setup, s in rows:
        lat = s["latency_ms"] or {"count": 0, "p50": 0, "p90": 0, "p99": 0, "max": 0}
        mode, n = label(s)
        once = "yes" if s["exactly_once"] else "NO (missing %d, duplicates %d, phantom %d)" % (s["missing"], s["duplicates"], s["phantom"])
        if s["errors"]:
            once += " errors %s" % s["errors"]
        lines.append([setup, mode, n, str(lat["count"]), "%.2f" % lat["p50"], "%.2f" % lat["p90"], "%.2f" % lat["p99"],
                      "%.2f" % lat["max"], "%.2f" % (s["claim_requests"] / max(1, s["posted"])), once])
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(widths[i]) if i < 3 or i == len(head) - 1 else c.rjust(widths[i])
                               for i, c in enumerate(r)).rstrip() for r in lines)


async def measure(a, b, args, setup):
    out = []
    for w in args.waiters:
        s = await scenario(a, b, "wait", w, args.messages, args.pause_ms / 1000)
        out.append((setup, s))
        print(table([out[-1]]).splitlines()[1], flush=True)
    for p in args.polls:
        s = await scenario(a, b, "poll", p, args.messages, args.pause_ms / 1000)
        out.append((setup, s))
        print(table([out[-1]]).splitlines()[1], flush=True)
    if args.burst:
        s = await scenario(a, b, "wait", 200, args.burst, 0, producers=4)
        out.append((setup, s))
        print(table([out[-1]]).splitlines()[1], flush=True)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build/release/cloud-queues"))
    ap.add_argument("--lua-dir", default=os.path.join(ROOT, "lua"))
    ap.add_argument("--redis", choices=["single", "cluster", "both"], default="single")
    ap.add_argument("--waiters", default="1,16,200")
    ap.add_argument("--polls", default="100,1000")
    ap.add_argument("--messages", type=int, default=300)
    ap.add_argument("--pause-ms", type=float, default=20)
    ap.add_argument("--burst", type=int, default=0)
    ap.add_argument("--json")
    args = ap.parse_args()
    args.waiters = [int(x) for x in args.waiters.split(",") if x]
    args.polls = [int(x) for x in args.polls.split(",") if x]
    raise_nofile()
    work, binary, lua = binary_copy(args.bin, args.lua_dir)
    print("wake latency: producer on gateway A, consumers on gateway B; %d messages per scenario, %g ms apart"
          % (args.messages, args.pause_ms), flush=True)
    rows = []
    setups = {"single": [("single", 0)], "cluster": [("cluster3", 3)], "both": [("single", 0), ("cluster3", 3)]}[args.redis]
    try:
        for name, masters in setups:
            r = Redis(os.path.join(work, name), masters)
            gateways = []
            try:
                gateways = [Gateway(binary, lua, r.target, r.dir, "%s-%s" % (name, g)) for g in "ab"]
                rows += asyncio.run(measure(gateways[0], gateways[1], args, name))
            finally:
                for g in gateways:
                    g.stop()
                r.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(rows))
    print("latency = claim answer read on B - POST sent on A (one monotonic clock); long poll: limit 1, wait=20;"
          " polling: limit 10, no wait, P ms after a 204; claims/msg = claim requests sent per posted message")
    if args.json:
        with open(args.json, "w") as f:
            json.dump([dict(s, redis=setup) for setup, s in rows], f, indent=2)
    if not all(s["exactly_once"] for _, s in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
