"""deploy/ checked without Docker or Kubernetes: the HAProxy configuration with `haproxy -c`, the
compose file and Kubernetes manifests parsed as YAML, the systemd units with `systemd-analyze
verify`, and everything kept consistent with the gateway: every CQ_* variable they set is one
`cloud-queues serve` reads, every flag they pass is one it takes, and the ports line up."""

import os
import re
import shutil
import subprocess
import tempfile

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEPLOY = os.path.join(ROOT, "deploy")
HAPROXY_CFG = os.path.join(DEPLOY, "haproxy", "haproxy.cfg")
# Variables for HAProxy's configuration, not the gateway's.
HAPROXY_VARS = {"CQ_LB_BIND", "CQ_GATEWAY1", "CQ_GATEWAY2", "CQ_GATEWAY3"}


def read(*parts):
    with open(os.path.join(DEPLOY, *parts)) as f:
        return f.read()


@pytest.fixture(scope="module")
def serve_help():
    binary = os.environ.get("CQ_BIN")
    if not binary:
        pytest.fail("CQ_BIN (the cloud-queues binary) is not set; scripts/test.sh sets it", pytrace=False)
    return subprocess.run([binary, "serve", "--help"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def known_env(serve_help):
    names = set(re.findall(r"CQ_[A-Z_]+[A-Z]", serve_help))
    assert {"CQ_REDIS_URL", "CQ_REDIS_SENTINELS", "CQ_REDIS_MASTER_NAME", "CQ_REDIS_WAIT_REPLICAS"} <= names
    return names


@pytest.fixture(scope="module")
def known_flags(serve_help):
    return set(re.findall(r"--[a-z][a-z0-9-]+", serve_help))


def haproxy_check(env):
    if not shutil.which("haproxy"):
        pytest.fail("haproxy is not installed (apt-get install haproxy)", pytrace=False)
    return subprocess.run(["haproxy", "-c", "-f", HAPROXY_CFG], env=dict(os.environ, **env),
                          capture_output=True, text=True)


def test_haproxy_config_is_valid_with_its_variables():
    r = haproxy_check({"CQ_LB_BIND": "127.0.0.1:18080", "CQ_GATEWAY1": "127.0.0.1:18881",
                       "CQ_GATEWAY2": "127.0.0.1:18882", "CQ_GATEWAY3": "127.0.0.1:18883"})
    assert r.returncode == 0, r.stdout + r.stderr


def test_haproxy_config_without_its_variables_is_refused():
    env = {k: v for k, v in os.environ.items() if k not in HAPROXY_VARS}
    r = subprocess.run(["haproxy", "-c", "-f", HAPROXY_CFG], env=env, capture_output=True, text=True)
    assert r.returncode != 0


def test_haproxy_checks_health_with_get_and_retries_only_unsent_requests():
    cfg = read("haproxy", "haproxy.cfg")
    assert re.search(r"http-check send meth GET uri /v1/health", cfg), "HEAD /v1/health is always 204: GET"
    assert "http-check expect status 204" in cfg
    assert re.search(r"^\s*retry-on conn-failure\s*$", cfg, re.M), "never resend a request that reached a gateway"
    assert set(re.findall(r"\$\{(CQ_[A-Z0-9_]+)\}", cfg)) == HAPROXY_VARS


def test_compose_file(known_env):
    compose = yaml.safe_load(read("docker", "compose.yaml"))
    services = compose["services"]
    assert {"redis", "gateway1", "gateway2", "gateway3", "haproxy"} <= set(services)
    redis_cmd = services["redis"]["command"]
    assert redis_cmd[redis_cmd.index("--appendonly") + 1] == "yes"
    for n in (1, 2, 3):
        gateway = services["gateway%d" % n]
        env = gateway["environment"]
        assert set(env) <= known_env, set(env) - known_env
        assert env["CQ_REDIS_URL"].startswith("redis://redis:")
        assert gateway["build"]["dockerfile"] == "deploy/docker/Dockerfile"
        assert os.path.exists(os.path.join(DEPLOY, "docker", gateway["build"]["context"], "Package.swift"))
        # HAProxy reaches each gateway on the port the gateway listens on.
        assert services["haproxy"]["environment"]["CQ_GATEWAY%d" % n] == "gateway%d:%s" % (n, env["CQ_PORT"])
    haproxy = services["haproxy"]
    assert set(haproxy["environment"]) == HAPROXY_VARS
    assert any(v.startswith("../haproxy/haproxy.cfg:") for v in haproxy["volumes"])
    lb_port = haproxy["environment"]["CQ_LB_BIND"].rsplit(":", 1)[1]
    assert any(p.endswith(":" + lb_port) for p in haproxy["ports"])


def test_dockerfile(known_env):
    text = read("docker", "Dockerfile")
    stages = re.findall(r"^FROM (\S+)", text, re.M)
    assert stages[0].startswith("swift:6.3") and "bookworm" in stages[0]
    assert stages[-1] == "debian:bookworm-slim"
    assert "libhiredis0.14" in text
    env_names = set(re.findall(r"\b(CQ_[A-Z_]+)=", text))
    assert env_names and env_names <= known_env
    assert '"serve"' in text
    for path in re.findall(r"^COPY (?!--)(\S+)", text, re.M):
        assert os.path.exists(os.path.join(ROOT, path)), path


def test_kubernetes_manifests(known_env):
    docs = []
    for name in sorted(os.listdir(os.path.join(DEPLOY, "kubernetes"))):
        docs += [d for d in yaml.safe_load_all(read("kubernetes", name)) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)
    kustomization = by_kind["Kustomization"][0]
    assert set(kustomization["resources"]) == {f for f in os.listdir(os.path.join(DEPLOY, "kubernetes"))
                                               if f != "kustomization.yaml"}
    config = next(d for d in by_kind["ConfigMap"] if d["metadata"]["name"] == "cloud-queues")
    secret = next(d for d in by_kind["Secret"] if d["metadata"]["name"] == "cloud-queues-redis")
    assert set(config["data"]) | set(secret["stringData"]) <= known_env
    commented = set(re.findall(r"#\s*(CQ_[A-Z_]+):", read("kubernetes", "configmap.yaml")))
    assert commented <= known_env
    deployment = next(d for d in by_kind["Deployment"] if d["metadata"]["name"] == "cloud-queues")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/v1/health"
    assert container["livenessProbe"]["httpGet"]["path"] == "/v1", "liveness must not depend on Redis"
    assert container["ports"][0]["containerPort"] == int(config["data"]["CQ_PORT"])
    refs = {e.get("configMapRef", e.get("secretRef"))["name"] for e in container["envFrom"]}
    assert refs == {"cloud-queues", "cloud-queues-redis"}
    service = next(d for d in by_kind["Service"] if d["metadata"]["name"] == "cloud-queues")
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
    redis = by_kind["StatefulSet"][0]["spec"]["template"]["spec"]["containers"][0]
    assert redis["args"][redis["args"].index("--appendonly") + 1] == "yes"


def test_systemd_units_verify_and_use_known_settings(known_env, known_flags):
    env_file = read("systemd", "cloud-queues.env")
    names = set(re.findall(r"^#?\s*(CQ_[A-Z_]+)=", env_file, re.M))
    assert names and names <= known_env, names - known_env
    units = [f for f in os.listdir(os.path.join(DEPLOY, "systemd")) if f.endswith(".service")]
    assert {"cloud-queues.service", "cloud-queues@.service", "cloud-queues-redis.service"} <= set(units)
    for unit in units:
        for flag in re.findall(r"ExecStart=/usr/local/bin/cloud-queues serve(.*)", read("systemd", unit)):
            assert set(re.findall(r"--[a-z-]+", flag)) <= known_flags
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze not installed")
    tmp = tempfile.mkdtemp(prefix="cq-units-")
    try:
        for unit in units:
            # The binary is not installed here: point the unit at the built one.
            text = read("systemd", unit).replace("/usr/local/bin/cloud-queues", os.environ["CQ_BIN"])
            with open(os.path.join(tmp, unit), "w") as f:
                f.write(text)
        paths = [os.path.join(tmp, u.replace("@.service", "@8881.service")) for u in units]
        for unit in units:
            if unit.endswith("@.service"):
                shutil.copy(os.path.join(tmp, unit), os.path.join(tmp, unit.replace("@.service", "@8881.service")))
        r = subprocess.run(["systemd-analyze", "verify", *paths], capture_output=True, text=True)
        problems = [line for line in (r.stdout + r.stderr).splitlines()
                    if line.strip() and "redis-server" not in line]
        assert r.returncode == 0 or not problems, r.stdout + r.stderr
        assert not problems, problems
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_redis_conf_keeps_an_append_only_file_and_never_evicts():
    conf = read("redis", "redis.conf")
    assert re.search(r"^appendonly yes$", conf, re.M)
    assert re.search(r"^maxmemory-policy noeviction$", conf, re.M)
    assert re.search(r"^sentinel monitor cloud-queues ", read("redis", "sentinel.conf"), re.M)


def test_local_script_uses_the_same_haproxy_config_and_flags(known_flags):
    script = read("local.sh")
    assert subprocess.run(["bash", "-n", os.path.join(DEPLOY, "local.sh")]).returncode == 0
    assert "haproxy/haproxy.cfg" in script
    used = set(re.findall(r"(--redis-[a-z-]+|--host|--port)\b", script))
    assert used <= known_flags, used - known_flags
    assert set(re.findall(r"(CQ_LB_BIND|CQ_GATEWAY\d)=", script)) == HAPROXY_VARS
