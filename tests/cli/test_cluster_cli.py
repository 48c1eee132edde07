"""`flowstate cluster info|jobs|checkpoints|exceptions` against the simulator."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

from flink_sim_fixture import FlinkSim, run_jar, wait_for  # noqa: E402


@pytest.fixture
def sim(tmp_path):
    s = FlinkSim(tmp_path / "state")
    yield s
    s.close()


def start_job(sim, url, source):
    return run_jar(url, {"programArgsList": ["--source", source]})


def test_cluster_commands_by_url_and_by_name(cli, sim, tmp_path):
    c = sim.cluster("prod", "1.20", checkpoint_interval_ms=50)
    sim.insert("emp", 3)
    job = start_job(sim, c["url"], "emp")
    r = cli("cluster", "info", c["url"])
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("flink          1.20")
    assert "1 running" in r.stdout

    settings = tmp_path / "settings.ini"
    settings.write_text('[cluster "prod"]\nurl = %s\ntoken = ${env:FLINK_TOKEN}\n' % c["url"])
    env = {"FLOWSTATE_SETTINGS": str(settings), "FLINK_TOKEN": "t0k"}
    r = cli("cluster", "jobs", "prod", "--json", env=env)
    assert r.returncode == 0, r.stderr
    jobs = json.loads(r.stdout)
    assert [(j["id"], j["state"]) for j in jobs] == [(job, "RUNNING")]
    r = cli("cluster", "jobs", "prod", env=env)
    assert job in r.stdout and "RUNNING" in r.stdout

    wait_for(lambda: json.loads(cli("cluster", "checkpoints", c["url"], job, "--json").stdout)["counts"]["completed"] >= 3,
             what="checkpoints")
    r = cli("cluster", "checkpoints", c["url"], job)
    assert r.returncode == 0, r.stderr
    assert "latest         #" in r.stdout and "/chk-" in r.stdout and "(discarded)" in r.stdout

    sim.fail("prod", job, "binlog position no longer available")
    r = cli("cluster", "exceptions", "prod", job, env=env)
    assert "binlog position no longer available" in r.stdout


def test_cluster_errors(cli, sim, tmp_path):
    c = sim.cluster("prod", "1.20")
    r = cli("cluster", "checkpoints", c["url"], "c0000000000000000000000000000001")
    assert r.returncode != 0
    assert "not found" in r.stderr and "\tat " not in r.stderr
    r = cli("cluster", "info", "nowhere", env={"FLOWSTATE_SETTINGS": str(tmp_path / "none.ini")})
    assert r.returncode != 0
    settings = tmp_path / "s.ini"
    settings.write_text("")
    r = cli("cluster", "info", "staging", env={"FLOWSTATE_SETTINGS": str(settings)})
    assert r.returncode != 0 and '[cluster "staging"]' in r.stderr
    sim.kill("prod")
    r = cli("cluster", "info", c["url"], "--request-timeout", "2")
    assert r.returncode != 0 and "error" in r.stderr


def test_cluster_sections_take_the_endpoint_keys_webhdfs_sections_take(cli, sim, tmp_path):
    c = sim.cluster("prod", "1.20", token="t0k")
    settings = tmp_path / "s.ini"
    env = {"FLOWSTATE_SETTINGS": str(settings)}
    settings.write_text('[cluster "prod"]\nurl = %s\nretries = 0\nrequest-timeout = 5\n' % c["url"])
    r = cli("cluster", "info", "prod", env=env)
    assert r.returncode != 0 and "401" in r.stderr, r.stderr
    settings.write_text('[cluster "prod"]\nurl = %s\ntoken = t0k\nconnect-timeout = 2\nretry-backoff = 0.01\n'
                        "verify-tls = false\nmax-response-bytes = 1048576\n" % c["url"])
    r = cli("cluster", "info", "prod", env=env)
    assert r.returncode == 0, r.stderr
    settings.write_text('[cluster "prod"]\nurl = %s\ntoken = t0k\nmax-response-bytes = 16\n' % c["url"])
    r = cli("cluster", "info", "prod", env=env)
    assert r.returncode != 0 and "16" in r.stderr and "t0k" not in r.stderr, r.stderr
    settings.write_text('[cluster "prod"]\nurl = %s\ninsecure = maybe\n' % c["url"])
    r = cli("cluster", "info", "prod", env=env)
    assert r.returncode == 2 and "s.ini:3: insecure = 'maybe': expected true or false" in r.stderr, r.stderr
    settings.write_text('[cluster "prod"]\nurl = %s\nretries = -1\n' % c["url"])
    r = cli("cluster", "info", "prod", env=env)
    assert r.returncode == 2 and "s.ini:3: retries = '-1': expected a whole number" in r.stderr, r.stderr


def test_exceptions_as_flink_1_17_sends_them_and_a_proxy_page(cli, sim):
    c = sim.cluster("old", "1.17")
    sim.insert("x", 1)
    job = sim.ctl("POST", "/clusters/old/jobs", {"name": "cdc", "source": "x"})["job_ids"][0]
    sim.ctl("POST", "/clusters/old/jobs/%s/fail" % job, {"reason": "lost the binlog", "concurrent": ["disk full"]})
    r = cli("cluster", "exceptions", c["url"], job)
    assert r.returncode == 0, r.stderr
    assert "(127.0.0.1:42311)" in r.stdout, "1.17 names the TaskManager `location`"
    assert "and at the same time: java.io.IOException  in Sink: out (1/1) (127.0.0.1:42312)" in r.stdout
    assert "disk full" in r.stdout
    r = cli("cluster", "exceptions", c["url"], job, "--json")
    entry = json.loads(r.stdout)["history"][0]
    assert entry["endpoint"] == "127.0.0.1:42311" and entry["concurrent"][0]["endpoint"] == "127.0.0.1:42312"
    sim.faults("old", html=20, status=502)
    r = cli("cluster", "info", c["url"])
    assert r.returncode != 0
    assert "HTTP 502 from a proxy (HTML page): 502 Bad Gateway" in r.stderr and "<html>" not in r.stderr

