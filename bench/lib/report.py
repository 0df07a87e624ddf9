#!/usr/bin/env python3
"""Turns bench/out/raw/ (written by bench/run.sh) into report.json, report.md and latency.svg.

Usage: report.py RAW_DIR OUT_DIR        (standard library only)
"""
import glob
import json
import math
import os
import re
import sys

PCTS = ["50", "75", "90", "95", "99", "99.9"]
TARGET_MEMORY = 400          # bytes per message
TARGET_DEPTH_RATIO = 1.2     # claim p50 at 1M <= 1.2 x p50 at 1k


def load_json(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def wrk_runs(raw):
    runs = {}
    for path in sorted(glob.glob(os.path.join(raw, "wrk_*.json"))):
        runs[os.path.basename(path)[4:-5]] = load_json(path)
    return runs


def median(values):
    v = sorted(values)
    n = len(v)
    if n == 0:
        return None
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def group(runs, base):
    """Runs named base or base_<n>: medians of req/s and of each percentile, sums of counts."""
    members = [v for k, v in sorted(runs.items(), key=lambda kv: kv[0])
               if v and (k == base or re.fullmatch(re.escape(base) + r"_\d+", k))]
    if not members:
        return None
    out = {
        "runs": len(members),
        "rps": median([m["rps"] for m in members]),
        "rps_runs": [m["rps"] for m in members],
        "requests": sum(m["requests"] for m in members),
        "bytes_per_answer": sum(m["bytes"] for m in members) / max(1, sum(m["requests"] for m in members)),
        "duration_s": sum(m["duration_s"] for m in members),
        "non_2xx": sum(m["errors"]["non_2xx_3xx"] for m in members),
        "socket_errors": sum(m["errors"][k] for m in members for k in ("connect", "read", "write", "timeout")),
        "percentiles_ms": {p: median([m["percentiles_ms"][p] for m in members]) for p in members[0]["percentiles_ms"]},
        "p50_runs": [m["percentiles_ms"]["50"] for m in members],
        "counters": {},
    }
    for m in members:
        for k, v in m.get("counters", {}).items():
            out["counters"][k] = out["counters"].get(k, 0) + v
    return out


def redis_bench(raw, name):
    path = os.path.join(raw, f"rb_{name}.csv")
    try:
        lines = open(path).read().strip().splitlines()
    except OSError:
        return None
    if len(lines) < 2:
        return None
    # The test name may hold unescaped quotes (the JSON body): take the last 7 fields.
    rps, avg, lo, p50, p95, p99, hi = (float(v.strip('"')) for v in lines[-1].rsplit(",", 7)[1:])
    return {"calls_per_s": rps, "p50_ms": p50, "p95_ms": p95, "p99_ms": p99, "avg_ms": avg, "max_ms": hi}


def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def flatten(obj, prefix=""):
    """Numeric leaves of a JSON object as (dotted key, value)."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from flatten(v, f"{prefix}{k}.")
    elif isinstance(obj, list):
        for i, v in enumerate(obj[:8]):
            yield from flatten(v, f"{prefix}{i}.")
    elif isinstance(obj, (int, float)) and not isinstance(obj, bool):
        yield prefix[:-1], obj
    elif isinstance(obj, (str, bool)) and len(str(obj)) < 80:
        yield prefix[:-1], obj


def build(raw):
    meta = load_json(os.path.join(raw, "meta.json"), {})
    runs = wrk_runs(raw)
    g = {name: group(runs, name) for name in
         ("hello", "post1", "post10", "claim_delete", "list10", "stats",
          "depth_claim_1k", "depth_claim_1m", "depth_list_1k", "depth_list_1m")}

    # claim + delete: what Redis says was consumed
    before = load_json(os.path.join(raw, "counts_claimdel_before.json"), {})
    after = load_json(os.path.join(raw, "counts_claimdel_after.json"), {})
    cd = g["claim_delete"]
    if cd and before and after:
        deleted = before["messages"] - after["messages"]
        c = cd["counters"]
        cd["deleted_messages"] = deleted
        cd["messages_per_s"] = deleted / cd["duration_s"]
        cd["claims_per_s"] = c.get("status_201", 0) / cd["duration_s"]
        cd["empty_claims_approx"] = max(0, c.get("claims_sent", 0) - c.get("status_201", 0) - meta.get("connections", 0))
        cd["left_claimed"] = after["claimed"]
        cd["left_in_queue"] = after["messages"]
    if g["post1"]:
        g["post1"]["messages_per_s"] = g["post1"]["rps"]
    if g["post10"]:
        g["post10"]["messages_per_s"] = 10 * g["post10"]["rps"]

    rb = {k: redis_bench(raw, k) for k in ("post_p1", "post_p16", "claim_p1", "claim_p16")}
    for k in ("claim_p1", "claim_p16"):
        if rb[k]:
            rb[k]["messages_per_s"] = rb[k]["calls_per_s"] * 10
    for k in ("post_p1", "post_p16"):
        if rb[k]:
            rb[k]["messages_per_s"] = rb[k]["calls_per_s"]

    slj = load_json(os.path.join(raw, "scriptlat.json"), {}) or {}
    sl = {"1k": slj.get("depth1k"), "1m": slj.get("depth1m")}
    depth = {
        "depth_small": 1000,
        "depth_large": meta.get("depth"),
        "in_flight_large": (load_json(os.path.join(raw, "inflight.json"), {}) or {}).get("claimed"),
        "counts_large": load_json(os.path.join(raw, "counts_depth1m.json")),
        "counts_small": load_json(os.path.join(raw, "counts_depth1k.json")),
        "claim_release_wrk": {"1k": g["depth_claim_1k"], "1m": g["depth_claim_1m"]},
        "list10_wrk": {"1k": g["depth_list_1k"], "1m": g["depth_list_1m"]},
        "redis_slowlog": sl,
    }
    p50 = lambda x: x["percentiles_ms"]["50"] if x else None
    depth["ratios"] = {
        "claim_release_p50": ratio(p50(g["depth_claim_1m"]), p50(g["depth_claim_1k"])),
        "list10_p50": ratio(p50(g["depth_list_1m"]), p50(g["depth_list_1k"])),
        "claim_create_redis_p50": ratio((sl["1m"] or {}).get("claim_create", {}).get("p50_us"),
                                        (sl["1k"] or {}).get("claim_create", {}).get("p50_us")),
        "claim_delete_redis_p50": ratio((sl["1m"] or {}).get("claim_delete", {}).get("p50_us"),
                                        (sl["1k"] or {}).get("claim_delete", {}).get("p50_us")),
    }
    depth["target"] = f"claim p50 at depth {meta.get('depth')} <= {TARGET_DEPTH_RATIO} x p50 at 1000"
    r = depth["ratios"]["claim_release_p50"]
    depth["target_met"] = r is not None and r <= TARGET_DEPTH_RATIO

    mem = load_json(os.path.join(raw, "memory.json"))
    if mem:
        mem["target_bytes"] = TARGET_MEMORY
        mem["target_met"] = mem["bytes_per_message"] <= TARGET_MEMORY

    rss = dict(meta.get("rss_kb", {}))
    try:
        samples = [int(x) for x in open(os.path.join(raw, "rss_samples.txt")).read().split()]
    except OSError:
        samples = []
    rss["peak_sampled"] = max(samples) if samples else None
    rss["samples"] = len(samples)

    bt = {"present": not os.path.exists(os.path.join(raw, "benchtool.skipped"))}
    if bt["present"]:
        rc = open(os.path.join(raw, "benchtool.rc")).read().strip() if os.path.exists(os.path.join(raw, "benchtool.rc")) else None
        bt["exit_code"] = int(rc) if rc and rc.lstrip("-").isdigit() else rc
        bt["result"] = load_json(os.path.join(raw, "benchtool.json"))
        try:
            bt["args"] = open(os.path.join(raw, "benchtool.args")).read().strip()
        except OSError:
            bt["args"] = ""
        try:
            bt["output_tail"] = open(os.path.join(raw, "benchtool.txt")).read().splitlines()[-15:]
        except OSError:
            bt["output_tail"] = []

    hello, post1 = g["hello"], g["post1"]
    ratios = {
        "post1_over_hello_rps_per_pair": [ratio(a, b) for a, b in zip((post1 or {}).get("rps_runs", []), (hello or {}).get("rps_runs", []))],
        "post1_over_hello_p50": ratio(p50(post1), p50(hello)),
        "post1_over_redis_message_post_p1": ratio(post1 and post1["rps"], rb["post_p1"] and rb["post_p1"]["calls_per_s"]),
        "post10_messages_over_redis_message_post_p1": ratio(g["post10"] and g["post10"]["messages_per_s"], rb["post_p1"] and rb["post_p1"]["calls_per_s"]),
        "claim_delete_messages_over_redis_claim_p1_messages": ratio(cd and cd.get("messages_per_s"), rb["claim_p1"] and rb["claim_p1"]["messages_per_s"]),
    }
    ratios["post1_over_hello_rps"] = median(ratios["post1_over_hello_rps_per_pair"])
    return {"meta": meta, "gateway": {k: g[k] for k in ("post1", "post10", "claim_delete", "list10", "stats")},
            "hello": hello, "ratios": ratios, "redis_benchmark": rb, "depth": depth, "memory": mem,
            "rss_kb": rss, "benchtool": bt}


# ---------------------------------------------------------------- markdown ----------------------

def f(x, digits=2):
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    return f"{x:,}"


def markdown(rep):
    m, L = rep["meta"], []
    mach = m.get("machine", {})
    L.append(f"# Cloud Queues benchmark, {m.get('date', '?')}")
    L.append("")
    L.append(f"Machine: {mach.get('cores')} cores ({mach.get('cpu')}), {mach.get('mem_gb')} GB, Linux {mach.get('kernel')}; "
             f"{mach.get('note')}. Load average at start {' '.join(mach.get('loadavg_start', []))}, "
             f"at end {' '.join(mach.get('loadavg_end', []))}.")
    v = m.get("versions", {})
    L.append(f"Commit {v.get('git')}; {v.get('redis')}; {v.get('wrk')}; {v.get('swift')}.")
    L.append(f"Run: {'--quick, ' if m.get('quick') else ''}{m.get('total_seconds')} s in all "
             f"(build {m.get('build_seconds')} s). wrk -t{m.get('wrk_threads')} -c{m.get('connections')}, "
             f"{m.get('duration_s')} s per run after a {m.get('warmup_s')} s warm-up ({m.get('pairs')} hello/POST 1 pairs); gateway and hello with "
             f"default settings (event loops = cores, 1 Redis connection per loop); one Redis, no persistence.")
    L.append("")

    L.append("## Gateway and baseline (wrk)")
    L.append("")
    L.append("| operation | req/s | messages/s | p50 ms | p90 ms | p99 ms | p99.9 ms | non-2xx | notes |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    names = {"post1": "POST 1 message", "post10": "POST 10 messages", "claim_delete": "claim 10 + delete each",
             "list10": "list 10 (`echo=true`)", "stats": "queue stats"}
    rows = [(names[k], rep["gateway"][k], k) for k in names] + [("hello-world baseline (POST 1 request)", rep["hello"], "hello")]
    for label, x, key in rows:
        if not x:
            L.append(f"| {label} | – | – | – | – | – | – | – | not measured |")
            continue
        p = x["percentiles_ms"]
        note = ""
        if x["runs"] > 1:
            note = f"median of {x['runs']} runs (req/s: {', '.join(f(r, 0) for r in x['rps_runs'])})"
        if key == "claim_delete":
            c = x["counters"]
            note = (f"1 claim then 10 DELETEs: {f(x.get('claims_per_s'), 0)} claims/s; "
                    f"{f(x.get('deleted_messages'))} messages deleted (Redis count); "
                    f"{f(c.get('status_204'))} answers 204 (deletes, and any empty claim: "
                    f"≈{f(x.get('empty_claims_approx'))}); latency is of the mix")
        if key in ("list10", "stats"):
            note = (note + "; " if note else "") + "queue of the POST runs"
        mps = x.get("messages_per_s")
        L.append(f"| {label} | {f(x['rps'], 0)} | {f(mps, 0) if mps else '–'} | {f(p['50'])} | {f(p['90'])} | "
                 f"{f(p['99'])} | {f(p['99.9'])} | {x['non_2xx']}{' (+' + str(x['socket_errors']) + ' socket errors)' if x['socket_errors'] else ''} | {note} |")
    L.append("")
    L.append("non-2xx counts every answer outside 200–399 (wrk); a 204 is a 2xx, so an empty claim "
             "(204) is not counted there.")
    L.append("")

    r = rep["ratios"]
    L.append("## Ratios")
    L.append("")
    L.append("| ratio | value |")
    L.append("|---|---:|")
    L.append(f"| POST 1: gateway req/s ÷ hello-world req/s (median of the back-to-back pairs: "
             f"{', '.join(f(x) for x in r['post1_over_hello_rps_per_pair'])}) | {f(r['post1_over_hello_rps'])} |")
    L.append(f"| POST 1: gateway p50 ÷ hello-world p50 | {f(r['post1_over_hello_p50'])} |")
    L.append(f"| POST 1: gateway req/s ÷ Redis `message_post` EVALSHA calls/s (50 clients, no pipelining) | {f(r['post1_over_redis_message_post_p1'])} |")
    L.append(f"| POST 10: gateway messages/s ÷ Redis `message_post` calls/s (1 message each, no pipelining) | {f(r['post10_messages_over_redis_message_post_p1'])} |")
    L.append(f"| claim + delete: gateway messages/s ÷ Redis `claim_create` messages/s (no pipelining) | {f(r['claim_delete_messages_over_redis_claim_p1_messages'])} |")
    d = rep["depth"]
    L.append(f"| depth: claim/release p50 at {f(d['depth_large'])} ÷ at 1,000 (target ≤ {TARGET_DEPTH_RATIO}) | "
             f"{f(d['ratios']['claim_release_p50'])} {'✔' if d['target_met'] else '✘'} |")
    L.append(f"| depth: list 10 p50 at {f(d['depth_large'])} ÷ at 1,000 | {f(d['ratios']['list10_p50'])} |")
    L.append(f"| depth: `claim_create` time in Redis (p50) at {f(d['depth_large'])} ÷ at 1,000 | {f(d['ratios']['claim_create_redis_p50'])} |")
    mem = rep["memory"]
    if mem:
        L.append(f"| Redis memory per message (target ≤ {TARGET_MEMORY} B) | {f(mem['bytes_per_message'], 1)} B {'✔' if mem['target_met'] else '✘'} |")
    L.append("")

    L.append("## Redis ceiling (redis-benchmark EVALSHA, 50 clients)")
    L.append("")
    L.append("| script | pipelining | calls/s | messages/s | p50 ms | p99 ms |")
    L.append("|---|---:|---:|---:|---:|---:|")
    labels = {"post_p1": ("message_post (1 message, 200-byte body)", "–"), "post_p16": ("message_post (1 message, 200-byte body)", "-P 16"),
              "claim_p1": (f"claim_create (limit 10) on the {f(d['depth_large'])}-message queue", "–"),
              "claim_p16": (f"claim_create (limit 10) on the {f(d['depth_large'])}-message queue", "-P 16")}
    for k, (label, pl) in labels.items():
        x = rep["redis_benchmark"].get(k)
        if x:
            L.append(f"| {label} | {pl} | {f(x['calls_per_s'], 0)} | {f(x['messages_per_s'], 0)} | {f(x['p50_ms'], 3)} | {f(x['p99_ms'], 3)} |")
    L.append("")

    L.append(f"## Depth independence (1,000 vs {f(d['depth_large'])} messages, {f(d['in_flight_large'])} of them in flight)")
    L.append("")
    L.append(f"Through the gateway: wrk -c{m.get('connections')}, {m.get('depth_reps')} interleaved runs of "
             f"{m.get('depth_duration_s')} s per depth, medians; claim/release = a claim (limit 10) then the "
             f"release of that claim, so the depth stays put (latency of the mix). In Redis: SLOWLOG execution "
             f"times of the scripts alone, sequential pairs alternating between the two queues.")
    L.append("")
    L.append(f"| measure | depth 1,000 | depth {f(d['depth_large'])} | ratio |")
    L.append("|---|---:|---:|---:|")
    for key, label in (("claim_release_wrk", "claim 10 / release (gateway, wrk)"), ("list10_wrk", "list 10 (gateway, wrk)")):
        a, b = d[key]["1k"], d[key]["1m"]
        if a and b:
            for p in ("50", "99"):
                L.append(f"| {label} p{p} ms | {f(a['percentiles_ms'][p])} | {f(b['percentiles_ms'][p])} | "
                         f"{f(ratio(b['percentiles_ms'][p], a['percentiles_ms'][p]))} |")
            L.append(f"| {label} req/s | {f(a['rps'], 0)} | {f(b['rps'], 0)} | {f(ratio(b['rps'], a['rps']))} |")
            if key == "claim_release_wrk":
                conns = m.get("connections", 0)
                empty = lambda x: max(0, x["counters"].get("claims_sent", 0) - x["counters"].get("status_201", 0) - conns * x["runs"])
                L.append(f"| {label}: claims answered 204, nothing free (≈) | {f(empty(a))} | {f(empty(b))} | |")
            else:
                L.append(f"| {label}: bytes per answer (10 messages ≈ 3,300) | {f(a['bytes_per_answer'], 0)} | {f(b['bytes_per_answer'], 0)} | |")
    sl = d["redis_slowlog"]
    for name in ("claim_create", "claim_delete"):
        a, b = (sl.get("1k") or {}).get(name), (sl.get("1m") or {}).get(name)
        if a and b:
            for p in ("p50_us", "p99_us"):
                L.append(f"| `{name}` execution in Redis {p[:-3]} µs (SLOWLOG) | {f(a[p])} | {f(b[p])} | {f(ratio(b[p], a[p]))} |")
    L.append("")
    L.append(f"Target: {d['target']}: {'met' if d['target_met'] else 'NOT met'} "
             f"(ratio {f(d['ratios']['claim_release_p50'])}, from the wrk claim/release p50s).")
    L.append("")

    if mem:
        L.append(f"## Redis memory per message ({f(mem['count'])} messages, {mem['body_bytes']}-byte bodies)")
        L.append("")
        L.append(f"used_memory grew {f(mem['used_memory_after'] - mem['used_memory_before'])} bytes: "
                 f"**{f(mem['bytes_per_message'], 1)} bytes per message** (target ≤ {TARGET_MEMORY}: "
                 f"{'met' if mem['target_met'] else 'NOT met'}). A message record is {mem.get('record_bytes')} bytes "
                 f"(the 200-byte body plus seq, ttl, created, expires and the 36-byte client id), its id 24 bytes. "
                 f"Allocator {mem.get('allocator')}, fragmentation ratio {mem.get('fragmentation_ratio')}.")
        L.append("")
        L.append("| key | encoding | MEMORY USAGE (bytes) | bytes per message |")
        L.append("|---|---|---:|---:|")
        for k, x in mem["keys"].items():
            L.append(f"| `{k}` | {x['encoding']} | {f(x['bytes'])} | {f(x['per_message'], 1)} |")
        L.append("")

    rs = rep["rss_kb"]
    L.append("## Gateway memory (RSS)")
    L.append("")
    L.append("| | MiB |")
    L.append("|---|---:|")
    mib = lambda kb: f(kb / 1024, 1) if kb else "–"
    L.append(f"| idle, after start | {mib(rs.get('idle'))} |")
    L.append(f"| peak under wrk load (VmRSS sampled every 0.2 s, {rs.get('samples')} samples) | {mib(rs.get('peak_sampled'))} |")
    L.append(f"| high-water mark (VmHWM) | {mib(rs.get('hwm'))} |")
    L.append(f"| after the load | {mib(rs.get('after'))} |")
    L.append(f"| hello-world server high-water mark, for comparison | {mib(rs.get('hello_hwm'))} |")
    L.append("")

    bt = rep["benchtool"]
    L.append("## `cloud-queues bench` (load tool)")
    L.append("")
    if not bt["present"]:
        L.append("Skipped: the binary has no `bench` subcommand yet.")
    else:
        res = bt.get("result") or {}
        L.append(f"`cloud-queues bench {bt.get('args', '')}`: exit code {bt.get('exit_code')}. Its own figures "
                 f"(a mixed load: producers, consumers and observers at once, each worker waiting for each answer):")
        roles = res.get("roles") if isinstance(res, dict) else None
        if roles:
            L.append("")
            L.append("| role | operation | count | req/s | messages/s | p50 ms | p90 ms | p99 ms | p99.9 ms | errors |")
            L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
            for role in roles:
                for op in role.get("operations", []):
                    lat = op.get("latency_ms", {})
                    errs = op.get("errors", {})
                    nerr = sum(errs.values()) if isinstance(errs, dict) else errs
                    L.append(f"| {role.get('role')} | {op.get('operation')} | {f(op.get('count'))} | "
                             f"{f(op.get('requests_per_second'), 0)} | {f(op.get('messages_per_second'), 0) if op.get('messages_per_second') else '–'} | "
                             f"{f(lat.get('p50'))} | {f(lat.get('p90'))} | {f(lat.get('p99'))} | {f(lat.get('p99_9'))} | {nerr} |")
            chk = res.get("checker")
            if isinstance(chk, dict):
                L.append("")
                L.append("Checker: " + ", ".join(f"{k} {v}" for k, v in chk.items() if not isinstance(v, (dict, list))) + ".")
        elif res:
            L.append("")
            L.append("| field | value |")
            L.append("|---|---:|")
            for k, val in list(flatten(res))[:60]:
                L.append(f"| {k} | {f(val) if isinstance(val, (int, float)) and not isinstance(val, bool) else val} |")
        elif bt.get("output_tail"):
            L.append("")
            L.append("```")
            L.extend(bt["output_tail"])
            L.append("```")
    L.append("")
    L.append("Latency percentiles: `latency.svg`. Raw outputs: `raw/`.")
    return "\n".join(L) + "\n"


# ---------------------------------------------------------------- SVG -----------------------------

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#7f7f7f", "#17becf", "#8c564b"]


def svg(rep):
    d = rep["depth"]
    big = d["depth_large"] or 0
    big = f"{big // 1000000}M" if big and big % 1000000 == 0 else f"{big:,}"
    panels = [
        ("Gateway operations and the hello-world baseline", [
            ("POST 1", rep["gateway"]["post1"]), ("POST 10", rep["gateway"]["post10"]),
            ("claim 10 + delete", rep["gateway"]["claim_delete"]), ("list 10", rep["gateway"]["list10"]),
            ("stats", rep["gateway"]["stats"]), ("hello-world", rep["hello"], 5)]),
        (f"Depth: 1,000 vs {f(d['depth_large'])} messages", [
            ("claim/release @1k", d["claim_release_wrk"]["1k"], 2), (f"claim/release @{big}", d["claim_release_wrk"]["1m"], 2),
            ("list 10 @1k", d["list10_wrk"]["1k"], 3), (f"list 10 @{big}", d["list10_wrk"]["1m"], 3)]),
    ]
    PW, PH, ML, MT, LEG = 420, 330, 75, 50, 170
    W, H = 2 * (ML + PW + LEG), 440
    xs = {p: math.log10(1 / (1 - float(p) / 100)) for p in PCTS}
    xmin, xmax = xs[PCTS[0]], xs[PCTS[-1]]
    vals = [e[1]["percentiles_ms"][p] for _, series in panels for e in series if e[1] for p in PCTS]
    vals = [v for v in vals if v > 0] or [1]
    ylo, yhi = 10 ** math.floor(math.log10(min(vals))), 10 ** math.ceil(math.log10(max(vals)))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2}" y="20" text-anchor="middle" font-size="15">Cloud Queues latency by percentile '
           f'({rep["meta"].get("date", "")}, {rep["meta"].get("machine", {}).get("cores")} cores, loopback; '
           f'wrk -c{rep["meta"].get("connections")})</text>']
    for i, (title, series) in enumerate(panels):
        ox = ML + i * (ML + PW + LEG)
        X = lambda v: ox + (v - xmin) / (xmax - xmin) * PW
        Y = lambda v: MT + PH - (math.log10(v) - math.log10(ylo)) / (math.log10(yhi) - math.log10(ylo)) * PH
        out.append(f'<text x="{ox + PW / 2}" y="{MT - 12}" text-anchor="middle" font-size="13">{title}</text>')
        out.append(f'<rect x="{ox}" y="{MT}" width="{PW}" height="{PH}" fill="none" stroke="#333"/>')
        decade = ylo
        while decade <= yhi * 1.0001:
            for mult in (1, 2, 5):
                v = decade * mult
                if v > yhi * 1.0001:
                    break
                y = Y(v)
                out.append(f'<line x1="{ox}" x2="{ox + PW}" y1="{y:.1f}" y2="{y:.1f}" stroke="{"#bbb" if mult == 1 else "#eee"}"/>')
                out.append(f'<text x="{ox - 5}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{v:g}</text>')
            decade *= 10
        for p in PCTS:
            x = X(xs[p])
            out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{MT}" y2="{MT + PH}" stroke="#eee"/>')
            out.append(f'<text x="{x:.1f}" y="{MT + PH + 16}" text-anchor="middle" fill="#444">p{p}</text>')
        out.append(f'<text x="{ox + PW / 2}" y="{MT + PH + 36}" text-anchor="middle">percentile</text>')
        out.append(f'<text transform="translate({ox - 50},{MT + PH / 2}) rotate(-90)" text-anchor="middle">latency (ms, log scale)</text>')
        for j, entry in enumerate(series):
            name, x = entry[0], entry[1]
            if not x:
                continue
            color = COLORS[(entry[2] if len(entry) > 2 else j) % len(COLORS)]
            dash = ' stroke-dasharray="6,4"' if name.startswith("hello") or name.endswith("@1k") else ""
            pts = " ".join(f"{X(xs[p]):.1f},{Y(max(x['percentiles_ms'][p], ylo)):.1f}" for p in PCTS)
            out.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
            for p in PCTS:
                out.append(f'<circle cx="{X(xs[p]):.1f}" cy="{Y(max(x["percentiles_ms"][p], ylo)):.1f}" r="2.5" fill="{color}"/>')
            ly = MT + 10 + j * 18
            out.append(f'<line x1="{ox + PW + 10}" x2="{ox + PW + 30}" y1="{ly}" y2="{ly}" stroke="{color}" stroke-width="2"{dash}/>')
            out.append(f'<text x="{ox + PW + 34}" y="{ly + 4}">{name}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    raw, out = sys.argv[1], sys.argv[2]
    rep = build(raw)
    with open(os.path.join(out, "report.json"), "w") as fh:
        json.dump(rep, fh, indent=1)
    md = markdown(rep)
    with open(os.path.join(out, "report.md"), "w") as fh:
        fh.write(md)
    with open(os.path.join(out, "latency.svg"), "w") as fh:
        fh.write(svg(rep))
    print(md)


if __name__ == "__main__":
    main()
