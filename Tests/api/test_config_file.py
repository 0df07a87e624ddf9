"""`serve --config FILE` (README "Configuration"): every documented setting has a key in the file
(the flag's name), a flag wins over its variable and the variable over the file; unknown keys and
bad files stop start-up; passwords never reach the output.

Most tests use `serve --print-config`, which checks the settings, prints each with its source and
exits before Redis is touched. Gateways that must really run use the shared Redis (CQ_REDIS_URL,
or CQ_REDIS_CLUSTER on the cluster pass of scripts/test.sh), named in the file."""

import json
import os
import re
import subprocess
import time
import uuid

import pytest
import requests

from gateways import binary, free_port, redis_url

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Three valid values of each setting, one for the file, one for the variable and one for the flag
# (distinct where the setting has that many; a password is masked, so only its source shows).
VALUES = {
    "host": ["127.0.0.1", "127.0.0.2", "127.0.0.3"],
    "port": ["1001", "1002", "1003"],
    "redis-url": ["redis://127.0.0.1:1/1", "redis://127.0.0.1:1/2", "redis://127.0.0.1:1/3"],
    "redis-cluster": ["127.0.0.1:7001", "127.0.0.1:7002", "127.0.0.1:7003"],
    "limits": ["zaqar", "rackspace", "zaqar"],
    "limit": ["claim_limit_max=50", "claim_limit_max=60", "claim_limit_max=70"],
    "redis-sentinels": ["127.0.0.1:26001", "127.0.0.1:26002", "127.0.0.1:26003"],
    "redis-master-name": ["one", "two", "three"],
    "redis-sentinel-password": ["pw-file", "pw-env", "pw-flag"],
    "redis-wait-replicas": ["1", "2", "3"],
    "redis-wait-timeout-ms": ["101", "102", "103"],
    "redis-connections": ["2", "3", "4"],
    "redis-timeout-ms": ["1001", "1002", "1003"],
    "threads": ["1", "2", "3"],
    "data-dir": ["/tmp/cq-config-a", "/tmp/cq-config-b", "/tmp/cq-config-c"],
    "lua-dir": [ROOT + "/lua", ROOT + "/lua/", ROOT + "/./lua"],
    "sweep-interval": ["11", "12", "13"],
    "log-level": ["notice", "warning", "error"],
    "console": ["off", "on", "off"],
    "console-dir": [ROOT + "/console", ROOT + "/console/", ROOT + "/./console"],
    "auth": ["none", "none", "none"],
    "token-file": ["/tmp/cq-config-a.json", "/tmp/cq-config-b.json", "/tmp/cq-config-c.json"],
    "rate-limit": ["11", "12", "13"],
    "rate-burst": ["21", "22", "23"],
    "max-body-bytes": ["2000001", "2000002", "2000003"],
    "max-header-bytes": ["20001", "20002", "20003"],
    "max-header-count": ["101", "102", "103"],
    "idle-timeout": ["61", "62", "63"],
    "request-head-timeout": ["11", "12", "13"],
    "request-body-timeout": ["31", "32", "33"],
    "max-connections": ["1001", "1002", "1003"],
    "log-format": ["json", "text", "json"],
    "openapi-file": ["/tmp/cq-a.yaml", "/tmp/cq-b.yaml", "/tmp/cq-c.yaml"],
    "message-checksums": ["on", "off", "on"],
    "share-secret": ["secret-file", "secret-env", "secret-flag"],
}
SECRETS = {"redis-sentinel-password", "share-secret"}


def readme_settings():
    """(file key, environment variable) of each row of README's configuration table, but
    `--config` itself (a file cannot name another file)."""
    text = open(os.path.join(ROOT, "README.md")).read()
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        m = re.match(r"\| `--([a-z-]+)[^|]*\| `(CQ_[A-Z_]+)`", line)
        if m and m.group(1) != "config":
            rows.append((m.group(1), m.group(2)))
    assert len(rows) > 30, "the README table was not found"
    return rows


def clean_env(**extra):
    """This process's environment without any CQ_ variable (scripts/test.sh exports some)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CQ_")}
    env.update(extra)
    return env


def write_config(tmp_path, settings, name="cq.json"):
    path = tmp_path / name
    path.write_text(settings if isinstance(settings, str) else json.dumps(settings))
    return str(path)


def print_config(*args, env=None):
    r = subprocess.run([binary(), "serve", "--print-config", *args], capture_output=True, text=True,
                       timeout=30, env=env if env is not None else clean_env())
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["settings"], r.stderr


def file_value(key, text):
    """How a file holds the value: numbers as JSON numbers, the limit overrides as an object."""
    if key == "limit":
        name, value = text.split("=")
        return {name: int(value)}
    return int(text) if text.isdigit() else text


def redis_settings():
    cluster = os.environ.get("CQ_REDIS_CLUSTER", "").strip()
    return {"redis-cluster": cluster} if cluster else {"redis-url": redis_url()}


class Running:
    """A gateway started with `serve ARGS`; `port` is where it must listen."""

    def __init__(self, args, port, env):
        self.port = port
        self.proc = subprocess.Popen([binary(), "serve", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "gateway exited: " + self.proc.stdout.read().decode()
            try:
                requests.head("http://127.0.0.1:%d/v1/health" % port, timeout=0.5)
                return
            except requests.RequestException:
                time.sleep(0.1)
        self.stop()
        pytest.fail("gateway did not listen on port %d" % port)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def test_the_readme_table_and_the_code_list_the_same_settings(tmp_path):
    settings, _ = print_config()
    assert sorted(settings) == sorted(key for key, _ in readme_settings())
    assert sorted(VALUES) == sorted(settings), "VALUES needs a row for each setting"


@pytest.mark.parametrize("key,variable", readme_settings())
def test_every_setting_is_read_from_the_file_under_its_variable_under_its_flag(tmp_path, key, variable):
    in_file, in_env, in_flag = VALUES[key]
    config = write_config(tmp_path, {key: file_value(key, in_file)})

    def seen(*flags, env):
        return print_config("--config", config, *flags, env=env)[0][key]

    def shown(value):
        return "***" if key in SECRETS else value

    assert seen(env=clean_env()) == {"source": "file", "value": shown(in_file)}
    assert seen(env=clean_env(**{variable: in_env})) == {"source": "env", "value": shown(in_env)}
    assert seen("--" + key, in_flag, env=clean_env(**{variable: in_env})) == {"source": "flag", "value": shown(in_flag)}


def test_config_file_from_the_environment_and_numbers_as_strings(tmp_path):
    config = write_config(tmp_path, {"port": "1234", "limit": ["claim_limit_max=50", "json_max_depth=10"]})
    settings, _ = print_config(env=clean_env(CQ_CONFIG=config))
    assert settings["port"] == {"source": "file", "value": "1234"}
    assert settings["limit"] == {"source": "file", "value": "claim_limit_max=50,json_max_depth=10"}
    assert settings["host"] == {"source": "default"}


def test_a_running_gateway_listens_on_the_port_of_the_file_then_env_then_flag(tmp_path):
    ports = [free_port(), free_port(), free_port()]
    config = write_config(tmp_path, {"port": ports[0], "host": "127.0.0.1", **redis_settings()})
    layers = [
        ([], {}),
        ([], {"CQ_PORT": str(ports[1])}),
        (["--port", str(ports[2])], {"CQ_PORT": str(ports[1])}),
    ]
    for port, (flags, env) in zip(ports, layers):
        gateway = Running(["--config", config, *flags], port, clean_env(**env))
        try:
            assert requests.get("http://127.0.0.1:%d/v1/health" % port, timeout=5).status_code == 204
        finally:
            gateway.stop()


def test_the_limit_object_raises_the_claim_maximum_of_a_running_gateway(tmp_path):
    port = free_port()
    config = write_config(tmp_path, {"port": port, "limit": {"claim_limit_max": 150}, **redis_settings()})
    gateway = Running(["--config", config], port, clean_env())
    try:
        base = "http://127.0.0.1:%d/v1/queues/limit-%s" % (port, uuid.uuid4().hex[:8])
        headers = {"X-Project-Id": "config-" + uuid.uuid4().hex[:8], "Client-ID": str(uuid.uuid4())}
        assert requests.put(base, headers=headers, timeout=5).status_code == 201
        claim = {"ttl": 60, "grace": 60}
        # 150 is above the rackspace default maximum (100): accepted only through the file.
        assert requests.post(base + "/claims?limit=150", json=claim, headers=headers, timeout=5).status_code == 204
        assert requests.post(base + "/claims?limit=151", json=claim, headers=headers, timeout=5).status_code == 400
    finally:
        gateway.stop()


def test_unknown_keys_are_refused_and_named(tmp_path):
    config = write_config(tmp_path, {"port": 1001, "prot": 1002, "redis-ulr": "redis://x"})
    for args in (["--print-config", "--config", config], ["--config", config]):
        r = subprocess.run([binary(), "serve", *args], capture_output=True, text=True, timeout=30, env=clean_env())
        assert r.returncode != 0
        assert "'prot'" in r.stderr and "'redis-ulr'" in r.stderr, r.stderr


@pytest.mark.parametrize("content,message", [
    ('{"port": 1001,', "not valid JSON"),
    ('{"port": 10x1}', "not valid JSON"),
    ('["port"]', "one JSON object"),
    ('{"port": [1001]}', "'port' must be"),
    ('{"limit": "claim_limit_max=50"}', "'limit' must be"),
    ('{"port": "many"}', "must be an integer"),
])
def test_a_bad_file_stops_start_up(tmp_path, content, message):
    config = write_config(tmp_path, content)
    r = subprocess.run([binary(), "serve", "--config", config], capture_output=True, text=True,
                       timeout=30, env=clean_env())
    assert r.returncode != 0
    assert config in r.stderr and message in r.stderr, r.stderr


def test_a_missing_file_stops_start_up(tmp_path):
    missing = str(tmp_path / "missing.json")
    r = subprocess.run([binary(), "serve", "--config", missing], capture_output=True, text=True,
                       timeout=30, env=clean_env())
    assert r.returncode != 0
    assert missing in r.stderr and "No such file" in r.stderr, r.stderr


def test_passwords_are_masked_in_the_printed_settings_and_the_debug_line(tmp_path):
    config = write_config(tmp_path, {
        "log-level": "debug",
        "redis-url": "redis://user:url-secret@127.0.0.1:1/0",
        "redis-sentinels": "127.0.0.1:26001",
        "redis-sentinel-password": "sentinel-secret",
    })
    out = subprocess.run([binary(), "serve", "--print-config", "--config", config], capture_output=True,
                         text=True, timeout=30, env=clean_env())
    assert out.returncode == 0, out.stderr
    settings = json.loads(out.stdout)["settings"]
    assert settings["redis-url"]["value"] == "redis://user:***@127.0.0.1:1/0"
    assert settings["redis-sentinel-password"]["value"] == "***"
    line = next(l for l in out.stderr.splitlines() if "cloud-queues: settings" in l)
    assert "redis://user:***@127.0.0.1:1/0 (file)" in line and "log-level=\"debug (file)\"" in line, line
    for secret in ("url-secret", "sentinel-secret"):
        assert secret not in out.stdout + out.stderr
    cluster = print_config("--redis-cluster", "redis://u:cluster-secret@127.0.0.1:7001,127.0.0.1:7002")[0]
    assert cluster["redis-cluster"]["value"] == "redis://u:***@127.0.0.1:7001,127.0.0.1:7002"


@pytest.mark.skipif(bool(os.environ.get("CQ_REDIS_CLUSTER")), reason="inspect reads a single Redis server")
def test_inspect_takes_the_redis_url_from_the_config_file(tmp_path):
    config = write_config(tmp_path, {"redis-url": redis_url(), "port": 1001})
    project = "config-" + uuid.uuid4().hex[:8]
    r = subprocess.run([binary(), "inspect", "queues", "--project", project, "--json", "--config", config],
                       capture_output=True, text=True, timeout=60, env=clean_env())
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == []


def test_the_deploy_example_is_accepted():
    # Its folders are those of an install; the variables win over them here.
    env = clean_env(CQ_LUA_DIR=ROOT + "/lua", CQ_CONSOLE_DIR=ROOT + "/console")
    settings, _ = print_config("--config", os.path.join(ROOT, "deploy", "cloud-queues.json"), env=env)
    assert settings["limit"] == {"source": "file", "value": "claim_limit_max=50"}
    assert settings["redis-url"] == {"source": "file", "value": "redis://:***@127.0.0.1:6379/0"}
    assert settings["lua-dir"]["source"] == "env"
