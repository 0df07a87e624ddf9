#!/usr/bin/env python3
"""Idle cost of long polling: N waiting claims on one gateway (issue 14; docs/benchmarks.md).

Starts its own Redis and, per case, a fresh gateway (`ulimit -n 65536`, or the hard limit;
--max-connections N+100 since the default of 10,000 would leave the last connections in the
listen backlog), on free loopback ports, and stops exactly what it started. Per case:

  1. RSS before: the gateway after start-up, the queues created and one short wait (so the wake
     subscriber connection exists).
  2. N connections (asyncio, raw sockets), each sending one `POST /v1/queues/Q/claims?limit=1&wait=20`,
     Q one queue or one of 100 (--queues-b); then until Redis stays quiet.
  3. The idle window (--window s, cut so it ends before the first claims' 20 s are up): gateway
     RSS (/proc/PID/status VmRSS), its CPU time (utime+stime, /proc/PID/stat), Redis
     total_commands_processed and INFO commandstats deltas (the INFO calls of this script left out).
  4. One message posted (on the first queue, through another connection): time until the first
     waiter had its answer, and how many got a 201; the others must end with 204 when their wait
     is up.

A case "connections only" opens N keep-alive connections that send nothing, for the connection's
share of the memory. Prints a table; --json FILE writes the figures.

Usage: python3 bench/idle_waiters.py [--bin PATH] [--waiters 10000] [--window 15] [--json FILE]
"""

import argparse
import asyncio
import json
import os
import shutil
import sys
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from longpoll import (CLAIM_BODY, HTTP, ROOT, Gateway, Redis, binary_copy, post_body, proc_cpu, delete_queue,  # noqa: E402
                      proc_status_kib, put_queue, raise_nofile)

PROJECT = "idle"
WAIT = 20
# What the wake-up subscriber sends; the rest of an idle window is the sweeper (every 10 s, a lease
# SET, then per queue ZRANGE/EXISTS/HLEN/TIME and EVALSHA queue_sweep), whatever waits.
WAKEUP_COMMANDS = {"ping", "ssubscribe", "sunsubscribe", "spublish"}


async def open_all(port, n, batch=200):
    """n open connections (in batches, so the listen backlog keeps up)."""
    clients = [HTTP(port, PROJECT) for _ in range(n)]
    for i in range(0, n, batch):
        await asyncio.gather(*(c.open() for c in clients[i:i + batch]))
    return clients


async def quiet(r, most=5.0):
    """Waits until Redis processed (almost) nothing for half a second, at most `most` s."""
    deadline = time.monotonic() + most
    last = r.commands()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        now = r.commands()
        if now - last <= 4:  # the INFO calls themselves
            return
        last = now


async def case(r, binary, lua, work, name, n, queues, window, log_level="warning"):
    g = Gateway(binary, lua, r.target, work, name, extra=["--max-connections", str(n + 100)], nofile=65536, log_level=log_level)
    out = {"case": name, "waiters": n if queues else 0, "connections": n, "queues": queues, "gateway_nofile": g.nofile()}
    try:
        names = ["idle-%s-%d" % (uuid.uuid4().hex[:6], i) for i in range(max(1, queues))]
        for q in names:
            await put_queue(g.port, q, PROJECT)
        warm = HTTP(g.port, PROJECT)
        await warm.request("POST", "/v1/queues/%s/claims?limit=1&wait=1" % names[0], CLAIM_BODY)
        warm.close()
        await asyncio.sleep(0.5)
        out["rss_before_kib"] = proc_status_kib(g.pid)

        t_open = time.monotonic()
        clients = await open_all(g.port, n)
        out["open_seconds"] = time.monotonic() - t_open
        results = [None] * n
        odd = []  # a few unexpected answers: (status, seconds after the first claim was sent, body)
        out["unexpected_answers"] = odd
        t_first = time.monotonic()

        async def one(i, c):
            try:
                await c.send("POST", "/v1/queues/%s/claims?limit=1&wait=%d" % (names[i % len(names)], WAIT), CLAIM_BODY)
                status, body = await c.reply()
                results[i] = (status, time.monotonic())
                if status not in (201, 204) and len(odd) < 5:
                    odd.append((status, round(time.monotonic() - t_first, 2), body[:300].decode("utf-8", "replace")))
            except Exception as e:  # noqa: BLE001 - counted
                results[i] = (type(e).__name__, time.monotonic())
            finally:
                c.close()

        tasks = [asyncio.create_task(one(i, c)) for i, c in enumerate(clients)] if queues else []
        await asyncio.sleep(0.1)
        out["send_seconds"] = time.monotonic() - t_first
        await quiet(r)

        # the idle window
        window = max(2.0, min(window, WAIT - (time.monotonic() - t_first) - 3)) if queues else window
        cmd0, stats0, cpu0, t0 = r.commands(), r.commandstats(), proc_cpu(g.pid), time.monotonic()
        await asyncio.sleep(window)
        cmd1, stats1, cpu1, t1 = r.commands(), r.commandstats(), proc_cpu(g.pid), time.monotonic()
        out["rss_during_kib"] = proc_status_kib(g.pid)
        out["window_seconds"] = t1 - t0
        out["gateway_cpu_ms_per_s"] = (cpu1 - cpu0) * 1000 / (t1 - t0)
        delta = {k: stats1.get(k, 0) - stats0.get(k, 0) for k in set(stats0) | set(stats1)}
        delta = {k: v for k, v in delta.items() if v}
        out["redis_commands_total_delta"] = cmd1 - cmd0
        out["redis_commands_by_name"] = delta
        out["redis_commands_besides_info"] = sum(v for k, v in delta.items() if k != "info")
        out["redis_commands_wakeups"] = sum(v for k, v in delta.items() if k in WAKEUP_COMMANDS)
        out["kib_per_connection"] = (out["rss_during_kib"] - out["rss_before_kib"]) / n
        out["early_answers"] = sum(1 for x in results if x is not None)

        if queues:
            poster = HTTP(g.port, PROJECT)
            await poster.open()
            t_post = time.monotonic()
            status, _ = await poster.request("POST", "/v1/queues/%s/messages" % names[0], post_body(0))
            out["post_answered_ms"] = (time.monotonic() - t_post) * 1000
            poster.close()
            assert status == 201, status
            await asyncio.wait(tasks, timeout=WAIT + 10)
            firsts = [t for s, t in (x for x in results if x) if s == 201]
            out["first_answer_ms"] = (min(firsts) - t_post) * 1000 if firsts else None
            statuses = {}
            for x in results:
                key = str(x[0]) if x else "no answer"
                statuses[key] = statuses.get(key, 0) + 1
            out["statuses"] = statuses
            out["exactly_one_claimed"] = statuses.get("201", 0) == 1 and statuses.get("204", 0) == n - 1
            by_second = {}
            for x in results:
                if x and x[0] not in (201, 204):
                    k = round(x[1] - t_first)
                    by_second[k] = by_second.get(k, 0) + 1
            out["unexpected_by_second"] = by_second
            out["last_answer_after_first_send_s"] = max(t for _, t in (x for x in results if x)) - t_first
        else:
            for c in clients:
                c.close()
        for q in names:  # so that the next case's sweeps do not walk them
            await delete_queue(g.port, q, PROJECT)
        await asyncio.sleep(1)
        out["rss_after_kib"] = proc_status_kib(g.pid)
        out["rss_peak_kib"] = proc_status_kib(g.pid, "VmHWM")
        out["keepalive_pings_expected"] = out["window_seconds"] / 5 * len(r.conns)
    finally:
        g.stop()
    return out


def table(rows):
    head = ["case", "conns", "RSS before MiB", "RSS during MiB", "KiB/conn", "gw CPU ms/s", "window s",
            "redis cmds: wake-ups", "all (besides INFO)", "POST ms", "first answer ms", "answers"]
    lines = [head]
    for o in rows:
        cmds = ", ".join("%s %d" % kv for kv in sorted(o["redis_commands_by_name"].items()) if kv[0] != "info") or "none"
        lines.append([o["case"], str(o["connections"]), "%.1f" % (o["rss_before_kib"] / 1024), "%.1f" % (o["rss_during_kib"] / 1024),
                      "%.2f" % o["kib_per_connection"], "%.2f" % o["gateway_cpu_ms_per_s"], "%.1f" % o["window_seconds"],
                      str(o["redis_commands_wakeups"]), "%d (%s)" % (o["redis_commands_besides_info"], cmds),
                      "%.2f" % o["post_answered_ms"] if "post_answered_ms" in o else "-",
                      "%.2f" % o["first_answer_ms"] if o.get("first_answer_ms") is not None else "-",
                      " ".join("%s:%d" % kv for kv in sorted(o.get("statuses", {}).items())) or "-"])
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in lines)


async def run(args, binary, lua, work):
    r = Redis(os.path.join(work, "redis"))
    rows = []
    try:
        chosen = args.cases.split(",")
        cases = [c for k, c in (("one", ("one queue", args.waiters, 1)), ("many", ("%d queues" % args.queues_b, args.waiters, args.queues_b)),
                                ("connections", ("connections only", args.waiters, 0))) if k in chosen]
        for name, n, q in cases:
            o = await case(r, binary, lua, r.dir, name.replace(" ", "-"), n, q, args.window, args.log_level)
            o["case"] = name
            rows.append(o)
            print(table([o]).splitlines()[1], flush=True)
    finally:
        r.stop()
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build/release/cloud-queues"))
    ap.add_argument("--lua-dir", default=os.path.join(ROOT, "lua"))
    ap.add_argument("--waiters", type=int, default=10000)
    ap.add_argument("--queues-b", type=int, default=100)
    ap.add_argument("--window", type=float, default=15)
    ap.add_argument("--cases", default="one,many,connections", help="which cases: one, many, connections")
    ap.add_argument("--log-level", default="warning", help="the gateway's --log-level")
    ap.add_argument("--keep", action="store_true", help="keep the gateway and Redis logs")
    ap.add_argument("--json")
    args = ap.parse_args()
    nofile = raise_nofile()
    if nofile < args.waiters + 100:
        sys.exit("RLIMIT_NOFILE is %d, too low for %d connections" % (nofile, args.waiters))
    work, binary, lua = binary_copy(args.bin, args.lua_dir)
    print("idle waiters: %d connections on one gateway, claims with wait=%d; client nofile %d" % (args.waiters, WAIT, nofile), flush=True)
    try:
        rows = asyncio.run(run(args, binary, lua, work))
    finally:
        if args.keep:
            print("logs kept in", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(rows))
    for o in rows:
        print("%s: gateway nofile %d, opened in %.2f s, window %.1f s, Redis commands in the window by name %s, "
              "peak RSS %.1f MiB, RSS after %.1f MiB%s" % (
                  o["case"], o["gateway_nofile"], o["open_seconds"], o["window_seconds"], o["redis_commands_by_name"],
                  o["rss_peak_kib"] / 1024, o["rss_after_kib"] / 1024,
                  ", exactly one waiter claimed: %s, last answer %.1f s after the first claim was sent" % (
                      "yes" if o["exactly_one_claimed"] else "NO", o["last_answer_after_first_send_s"]) if "statuses" in o else ""))
        if o.get("unexpected_answers"):
            print("  unexpected answers by second after the first claim: %s; e.g. %s" % (o["unexpected_by_second"], o["unexpected_answers"][:3]))
    print("redis cmds: wake-ups = PING (keep-alive of the subscriber connection, every 5 s while busy), SSUBSCRIBE,"
          " SUNSUBSCRIBE, SPUBLISH; the others are the sweeper's (every 10 s per gateway lease, per queue)")
    print("POST ms = the post's own round trip (fresh connection); first answer ms = from sending the POST to the first waiter's answer")
    print("KiB/conn = (RSS during - RSS before) / connections (derived; includes the connection, not only the waiter);"
          " gw CPU ms/s = gateway utime+stime in the window / window length")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)
    if not all(o.get("exactly_one_claimed", True) for o in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
