"""Watching clusters from the command line, against the simulator: `jobs status` (where each
job stands, from the catalog, or after one round with --refresh) and `jobs watch` (rounds
until Ctrl-C or --rounds, one JSON line per change with --json, a line per change otherwise),
the job's cluster reached as the settings describe it."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

from flink_sim_fixture import FlinkSim, run_jar, wait_for  # noqa: E402

JID = "d00d0000000000000000000000000002"


@pytest.fixture
def world(tmp_path, cli):
    sim = FlinkSim(tmp_path / "sim")
    try:
        c = sim.cluster("prod", "1.20", checkpoint_interval_ms=40, num_retained=3, retention="RETAIN_ON_CANCELLATION")
        sim.insert("emp", 2)
        settings = tmp_path / "settings.ini"
        settings.write_text('[cluster "prod"]\nurl = %s\nflink-version = 1.20\ncheckpoint-dir = file://%s\n'
                            'savepoint-dir = file://%s\ntoken = not-a-real-token\n'
                            % (c["url"], c["checkpoint_dir"], c["savepoint_dir"]))
        env = {"XDG_DATA_HOME": str(tmp_path / "data"), "FLOWSTATE_SETTINGS": str(settings), "HOME": str(tmp_path)}
        assert run_jar(c["url"], {"programArgsList": ["--source", "emp"], "jobId": JID}) == JID
        assert cli("jobs", "add", "/cdc/emp", "--cluster", "prod", env=env).returncode == 0
        assert cli("jobs", "add", "/cdc/idle", "--cluster", "prod", env=env).returncode == 0
        r = cli("jobs", "adopt", "/cdc/emp", JID, env=env)
        assert r.returncode == 0, r.stderr
        yield {"sim": sim, "cluster": c, "env": env}
    finally:
        sim.close()


def test_status_before_and_after_a_round(cli, world):
    env = world["env"]
    r = cli("jobs", "status", "--json", env=env)
    assert r.returncode == 0, r.stderr
    jobs = {j["job"]: j for j in json.loads(r.stdout)["jobs"]}
    assert set(jobs) == {"/cdc/emp", "/cdc/idle"}
    assert jobs["/cdc/emp"]["state"] == "RUNNING" and jobs["/cdc/emp"]["health"] == "not observed yet"
    assert jobs["/cdc/idle"]["state"] == "NEW" and jobs["/cdc/idle"]["health"] == "idle"
    world["sim"].checkpoint("prod", JID)
    r = cli("jobs", "status", "/cdc/emp", "--refresh", "--json", env=env)
    assert r.returncode == 0, r.stderr
    (emp,) = json.loads(r.stdout)["jobs"]
    assert emp["flink_status"] == "RUNNING" and emp["health"] == "ok" and emp["cluster"] == "prod"
    assert emp["last_checkpoint"]["path"].startswith("file://") and emp["last_checkpoint"]["age_s"] >= 0
    assert emp["last_savepoint"] is None
    assert emp["watch"]["failed_probes"] == 0 and emp["watch"]["observed_ms"] > 0
    text = cli("jobs", "status", "--folder", "/cdc", env=env).stdout
    lines = text.splitlines()
    assert lines[0].split() == ["JOB", "STATE", "FLINK", "CLUSTER", "CHECKPOINT", "SAVEPOINT", "HEALTH"]
    assert any(line.startswith("/cdc/emp") and "RUNNING" in line and " ago" in line and line.endswith("ok")
               for line in lines)
    assert "not-a-real-token" not in text
    r = cli("jobs", "status", "/cdc/none", env=env)
    assert r.returncode != 0 and "/cdc/none" in r.stderr


def test_watch_prints_one_json_line_per_change(cli, world):
    env, sim = world["env"], world["sim"]
    sim.checkpoint("prod", JID)
    r = cli("jobs", "watch", "--interval", "0.05", "--rounds", "2", "--json", env=env)
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    snaps = [x for x in lines if x["type"] == "snapshot"]
    assert snaps and all(x["job"] == "/cdc/emp" and x["snapshot"]["kind"] == "CHECKPOINT" for x in snaps)
    assert not [x for x in lines if x["type"] == "state"], "RUNNING stays RUNNING"
    # The cluster stops answering: UNREACHABLE, then LOST (presumed) after --lost-after.
    sim.faults("prod", errors=100000, status=503)
    r = cli("jobs", "watch", "--interval", "0.05", "--rounds", "2", "--lost-after", "0", "--json", env=env)
    assert r.returncode == 0, r.stderr
    states = [(x["job"], x["from"], x["to"]) for x in map(json.loads, r.stdout.splitlines()) if x["type"] == "state"]
    assert states == [("/cdc/emp", "RUNNING", "UNREACHABLE"), ("/cdc/emp", "UNREACHABLE", "LOST")]
    (emp,) = json.loads(cli("jobs", "status", "/cdc/emp", "--json", env=env).stdout)["jobs"]
    assert emp["health"].startswith("lost (presumed")
    # Back: re-adopted; the text form says it in a line.
    sim.faults("prod")
    r = cli("jobs", "watch", "--interval", "0.05", "--rounds", "1", env=env)
    assert r.returncode == 0, r.stderr
    assert "/cdc/emp: LOST -> RUNNING" in r.stdout and "re-adopted" in r.stdout


def test_watch_reports_what_the_catalog_missed(cli, world):
    env, sim = world["env"], world["sim"]
    wait_for(lambda: len(list((Path(world["cluster"]["checkpoint_dir"]) / JID).glob("chk-*"))) >= 2,
             what="checkpoints")
    sim.kill("prod")
    r = cli("jobs", "watch", "--interval", "0.05", "--rounds", "1", "--stats-budget", "0", "--reconcile", "0",
            "--json", env=env)
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    gaps = [x for x in lines if x["type"] == "gap"]
    assert len(gaps) == 1 and gaps[0]["job"] == "/cdc/emp" and gaps[0]["added"]
    on_disk = sorted("file://%s" % p for p in (Path(world["cluster"]["checkpoint_dir"]) / JID).glob("chk-*")
                     if (p / "_metadata").exists())
    assert sorted(gaps[0]["added"]) == on_disk
    assert [x["to"] for x in lines if x["type"] == "state"] == ["UNREACHABLE"]


def test_watch_ends_cleanly_on_ctrl_c(cli, world):
    env = dict(os.environ)
    env.pop("FLOWSTATE_SETTINGS", None)
    env.update(world["env"])
    p = subprocess.Popen([cli.binary, "jobs", "watch", "--interval", "30", "--json"], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(1.0)  # the first round, then the wait for the next
        t0 = time.monotonic()
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=10)
        assert p.returncode == 0, err
        assert time.monotonic() - t0 < 5, "Ctrl-C ends the wait at once"
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


def test_watch_refuses_bad_options(cli, world):
    r = cli("jobs", "watch", "--interval", "0", env=world["env"])
    assert r.returncode == 2 and "--interval" in r.stderr


SCRIPT = ("SET execution.checkpointing.interval = 100;\n"
          "EXECUTE CDCSOURCE cdc WITH ('connector' = 'mysql-cdc', 'hostname' = 'db', 'port' = '3306',\n"
          "  'scan.startup.mode' = 'initial', 'table-name' = 'emp_1\\.employees_[0-9]+', 'sink.connector' = 'print',)\n")


def test_resume_finds_a_run_without_job_id_by_the_uids_given(cli, tmp_path):
    """`jobs resume --uid`: a run whose Flink job id never reached the catalog is found on
    storage by the uids of the job's stateful operators."""
    import sqlite3
    import flowstate
    from flink_sim_fixture import FlinkSim as Sim
    sim = Sim(tmp_path / "sim")
    try:
        c = sim.cluster("prod", "1.20", checkpoint_interval_ms=100, num_retained=3, startup_ms=10)
        dr = sim.cluster("dr", "1.20", checkpoint_interval_ms=100, startup_ms=10)
        runner = tmp_path / "flowstate-runner.jar"
        runner.write_bytes(b"PK\x03\x04 runner")
        settings = tmp_path / "settings.ini"
        settings.write_text("".join('[cluster "%s"]\nurl = %s\nflink-version = 1.20\ncheckpoint-dir = file://%s\n'
                                    "savepoint-dir = file://%s\nrunner-jar = %s\n"
                                    % (n, x["url"], x["checkpoint_dir"], x["savepoint_dir"], runner)
                                    for n, x in (("prod", c), ("dr", dr))))
        env = {"XDG_DATA_HOME": str(tmp_path / "data"), "FLOWSTATE_SETTINGS": str(settings), "HOME": str(tmp_path)}
        script = tmp_path / "emp_1.sql"
        script.write_text(SCRIPT)
        r = cli("jobs", "add", "/cdc/emp_1", "--cluster", "prod", "--strategy", "LATEST_STATE",
                "--script", str(script), env=env)
        assert r.returncode == 0, r.stderr
        sim.insert("emp_1.employees_1", 2)
        r = cli("jobs", "start", "/cdc/emp_1", "--json", env=env)
        assert r.returncode == 0, r.stderr
        jid = json.loads(r.stdout)["operation"]["key"]
        wait_for(lambda: any(x["job_id"] == jid and x["position"] - x["start_position"] == 2 for x in sim.runs()),
                 what="2 rows")
        db = str(tmp_path / "data" / "flowstate" / "catalog.db")
        with sqlite3.connect(db) as raw:  # the run's id never reached the catalog
            raw.execute("UPDATE runs SET flink_job_id='' WHERE flink_job_id=?", (jid,))
            raw.execute("UPDATE jobs SET state=8")  # as a round that found the cluster silent
        time.sleep(0.35)
        sim.kill("prod")
        assert cli("jobs", "acknowledge-lost", "/cdc/emp_1", env=env).returncode == 0
        assert cli("jobs", "move-cluster", "/cdc/emp_1", "dr", env=env).returncode == 0
        r = cli("jobs", "resume", "/cdc/emp_1", env=env)
        assert r.returncode == 6 and "cannot be matched" in r.stderr, (r.returncode, r.stderr)
        r = cli("jobs", "resume", "/cdc/emp_1", "--uid", "cdc-source:emp_1\\.employees_[0-9]+", env=env)
        assert r.returncode == 0, r.stderr
        assert "taken as that run's" in r.stdout
        with flowstate.Catalog(db, create=False) as cat:
            run = cat.list_runs("/cdc/emp_1")[-1]
            assert run.restored_from.startswith("file://%s/%s/chk-" % (c["checkpoint_dir"], jid))
    finally:
        sim.close()
