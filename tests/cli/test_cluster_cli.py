"""`flowstate cluster info|jobs|checkpoints|exceptions` against the simulator."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

from flink_sim_fixture import FlinkSim, http, wait_for  # noqa: E402


@pytest.fixture
def sim(tmp_path):
    s = FlinkSim(tmp_path / "state")
    yield s
    s.close()


def start_job(sim, url, source):
    boundary = "b0undary"
    body = ("--%s\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"cdc.jar\"\r\n"
            "Content-Type: application/x-java-archive\r\n\r\nPK\r\n--%s--\r\n" % (boundary, boundary)).encode()
    _, up, _ = http("POST", url + "/jars/upload", raw=body, headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
    jar = up["filename"].rsplit("/", 1)[1]
    _, run, _ = http("POST", url + "/jars/%s/run" % jar, {"programArgsList": ["--source", source]})
    job = run["jobid"]
    wait_for(lambda: http("GET", url + "/jobs/%s/status" % job)[1]["status"] == "RUNNING", what="RUNNING")
    return job


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
    r = cli("cluster", "info", c["url"], "--timeout", "2")
    assert r.returncode != 0 and "error" in r.stderr
