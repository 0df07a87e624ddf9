"""A slot holding a live queue moves between masters while `cloud-queues bench --check` runs
against it: the checker must find no lost, doubly claimed or phantom message.

Run by scripts/test.sh's cluster step (environment: CQ_URL = a gateway started with
--redis-cluster, CQ_REDIS_CLUSTER = host:port,... of the cluster's masters, CQ_BIN = the binary).

The slot is moved three times during traffic: by hand, as `redis-cli --cluster reshard` does it
(SETSLOT IMPORTING/MIGRATING, GETKEYSINSLOT + MIGRATE a few keys at a time with pauses, so
requests meet the half-moved slot: ASK and TRYAGAIN replies, then SETSLOT NODE: MOVED replies),
once with `redis-cli --cluster reshard` itself, and back by hand.
"""

import json
import os
import subprocess
import time
import uuid

import pytest
import redis
import requests


def env(name):
    value = os.environ.get(name, "")
    if not value:
        pytest.fail("%s is not set (scripts/test.sh's cluster step sets it)" % name, pytrace=False)
    return value


class Cluster:
    def __init__(self, seeds):
        self.conns = {}
        for seed in seeds.split(","):
            host, port = seed.rsplit(":", 1)
            self.conns[int(port)] = redis.Redis(host=host, port=int(port), decode_responses=True)

    def nodes(self):
        """{port: (node id, [slots])} of every master, as the first node sees it."""
        out = {}
        text = next(iter(self.conns.values())).execute_command("CLUSTER", "NODES")
        for line in text.splitlines():
            parts = line.split()
            port = int(parts[1].split("@")[0].rsplit(":", 1)[1])
            slots = []
            for rng in parts[8:]:
                if rng.startswith("["):
                    continue
                a, _, b = rng.partition("-")
                slots.extend(range(int(a), int(b or a) + 1))
            out[port] = (parts[0], slots)
        return out

    def owner(self, slot):
        return next(port for port, (_, slots) in self.nodes().items() if slot in slots)

    def keyslot(self, key):
        return next(iter(self.conns.values())).execute_command("CLUSTER", "KEYSLOT", key)

    def move_by_hand(self, slot, src, dst, batch=2, pause=0.05):
        nodes = self.nodes()
        src_id, dst_id = nodes[src][0], nodes[dst][0]
        s, d = self.conns[src], self.conns[dst]
        d.execute_command("CLUSTER SETSLOT", slot, "IMPORTING", src_id)
        s.execute_command("CLUSTER SETSLOT", slot, "MIGRATING", dst_id)
        moved = 0
        while True:
            keys = s.execute_command("CLUSTER GETKEYSINSLOT", slot, batch)
            if not keys:
                break
            s.execute_command("MIGRATE", "127.0.0.1", dst, "", 0, 5000, "KEYS", *keys)
            moved += len(keys)
            time.sleep(pause)  # traffic meets the half-moved slot meanwhile
        for conn in [d, s] + [c for p, c in self.conns.items() if p not in (src, dst)]:
            conn.execute_command("CLUSTER SETSLOT", slot, "NODE", dst_id)
        return moved


def test_live_queue_slot_moves_during_traffic_nothing_lost(tmp_path):
    url, binary = env("CQ_URL"), env("CQ_BIN")
    cluster = Cluster(env("CQ_REDIS_CLUSTER"))
    project = "reshard-" + uuid.uuid4().hex[:8]
    report_file = tmp_path / "bench.json"
    bench = subprocess.Popen(
        [binary, "bench", "--url", url, "--project", project, "--queues", "4", "--producers", "2",
         "--consumers", "2", "--observers", "1", "--duration", "10", "--batch", "5", "--check",
         "--drain-seconds", "30", "--quiet", "--json", str(report_file)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        queues = []
        deadline = time.monotonic() + 20
        while len(queues) < 4 and time.monotonic() < deadline:
            r = requests.get(url + "/v1/queues", headers={"X-Project-Id": project}, timeout=5)
            queues = [q["name"] for q in r.json()["queues"]] if r.status_code == 200 else []
            time.sleep(0.2)
        assert len(queues) == 4, "bench did not create its queues"
        time.sleep(1.5)  # some messages in flight first

        # A queue whose slot can become the lowest slot of another master (so that
        # `redis-cli --cluster reshard --cluster-slots 1` from that master moves exactly it).
        nodes = cluster.nodes()
        lowest = {port: min(slots) for port, (_, slots) in nodes.items()}
        choice = None
        for q in queues:
            slot = cluster.keyslot("cq:{%s/%s}:queue" % (project, q))
            home = cluster.owner(slot)
            via = [p for p in nodes if p != home and lowest[p] > slot]
            if via:
                choice = (q, slot, home, via[0])
                break
        q, slot, home, via = choice or (queues[0], cluster.keyslot("cq:{%s/%s}:queue" % (project, queues[0])), None, None)
        if home is None:
            home = cluster.owner(slot)
            via = next(p for p in nodes if p != home)
        third = next(p for p in nodes if p not in (home, via))

        moved = cluster.move_by_hand(slot, home, via)
        assert cluster.owner(slot) == via
        time.sleep(1)
        if choice:
            out = subprocess.run(
                ["redis-cli", "--cluster", "reshard", "127.0.0.1:%d" % via, "--cluster-from", nodes[via][0],
                 "--cluster-to", nodes[third][0], "--cluster-slots", "1", "--cluster-yes"],
                capture_output=True, text=True, timeout=60)
            assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
            assert "Moving slot %d " % slot in out.stdout, out.stdout[-2000:]
        else:  # every queue sits in the top range (p = 1/81): a second move by hand instead
            cluster.move_by_hand(slot, via, third)
        assert cluster.owner(slot) == third
        time.sleep(1)
        cluster.move_by_hand(slot, third, home)
        assert cluster.owner(slot) == home

        out, _ = bench.communicate(timeout=120)
    finally:
        if bench.poll() is None:
            bench.kill()
    print(out)
    print("queue %s, slot %d: %d -> %d by hand (%d keys), -> %d by %s, -> %d by hand"
          % (q, slot, home, via, moved, third, "redis-cli --cluster reshard" if choice else "hand", home))
    report = json.loads(report_file.read_text())
    checker = report["checker"]
    assert checker["posted"] > 0 and checker["delivered"] > 0, checker
    assert (checker["lost"], checker["overlapping_claims"], checker["phantom"]) == (0, 0, 0), checker
    assert bench.returncode == 0, out
