"""The lifecycle's actions from the command line, against the simulator: `jobs adopt`,
`savepoint`, `stop`, `cancel`, `recover` and `operations`, with the cluster reached as the
settings describe it."""

import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

from flink_sim_fixture import FlinkSim, http, run_jar, wait_for  # noqa: E402

JID = "d00d0000000000000000000000000001"


@pytest.fixture
def world(tmp_path):
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
        yield {"sim": sim, "cluster": c, "env": env}
    finally:
        sim.close()


def status(world):
    return http("GET", world["cluster"]["url"] + "/jobs/%s/status" % JID)[1]["status"]


def test_adopt_savepoint_stop_and_the_operation_log(cli, world):
    env = world["env"]
    assert cli("jobs", "add", "/cdc/emp", "--cluster", "prod", env=env).returncode == 0
    r = cli("jobs", "adopt", "/cdc/emp", JID, env=env)
    assert r.returncode == 0, r.stderr
    assert "NEW -> RUNNING" in r.stdout
    r = cli("jobs", "savepoint", "/cdc/emp", "--json", env=env)
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert rep["commits"] == 3 and rep["operation"]["phase"] == "done"
    assert rep["snapshots"][0]["kind"] == "SAVEPOINT" and rep["snapshots"][0]["origin"] == "TRIGGERED"
    assert "not-a-real-token" not in r.stdout + r.stderr
    r = cli("jobs", "stop", "/cdc/emp", "--mode", "normal", env=env)
    assert r.returncode == 0, r.stderr
    assert "RUNNING -> STOPPING" in r.stdout and "STOPPING -> SUSPENDED" in r.stdout
    assert "RETAINED_CHECKPOINT" in r.stdout
    assert status(world) == "CANCELED"
    shown = json.loads(cli("jobs", "show", "/cdc/emp", "--json", env=env).stdout)["job"]
    assert (shown["state"], shown["desired"]) == ("SUSPENDED", "stopped")
    r = cli("jobs", "operations", "/cdc/emp", "--json", env=env)
    assert r.returncode == 0, r.stderr
    assert [o["kind"] for o in json.loads(r.stdout)["operations"]] == ["stop", "savepoint", "adopt"]
    text = cli("jobs", "operations", env=env).stdout
    assert "savepoint" in text and "done" in text
    r = cli("jobs", "operations", "--unfinished", "--json", env=env)
    assert json.loads(r.stdout)["operations"] == []
    r = cli("jobs", "recover", env=env)
    assert r.returncode == 0 and "nothing to recover" in r.stdout, r.stderr
    # What the state does not allow is refused with the error table's exit code.
    r = cli("jobs", "stop", "/cdc/emp", env=env)
    assert r.returncode == 6 and "SUSPENDED" in r.stderr, (r.returncode, r.stderr)
    r = cli("jobs", "stop", "/cdc/emp", "--mode", "sideways", env=env)
    assert r.returncode == 2 and "--mode" in r.stderr


def test_a_smart_stop_whose_savepoint_fails_falls_back(cli, world):
    env = world["env"]
    assert cli("jobs", "add", "/cdc/emp", "--cluster", "prod", env=env).returncode == 0
    assert cli("jobs", "adopt", "/cdc/emp", JID, env=env).returncode == 0
    wait_for(lambda: len(list((Path(world["cluster"]["checkpoint_dir"]) / JID).glob("chk-*"))) >= 2, what="checkpoints")
    world["sim"].faults("prod", fail_savepoints=2)
    r = cli("jobs", "stop", "/cdc/emp", "--no-fallback", env=env)
    assert r.returncode != 0 and "forbids falling back" in r.stderr, r.stderr
    assert status(world) == "RUNNING"
    r = cli("jobs", "stop", "/cdc/emp", "--json", env=env)
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert any("fell back to a cancel" in x for x in rep["reasons"])
    assert rep["snapshots"] and all(s["origin"] == "RETAINED_CHECKPOINT" for s in rep["snapshots"])
    assert status(world) == "CANCELED"


def test_cancel_and_an_unknown_job_id(cli, world):
    env = world["env"]
    assert cli("jobs", "add", "/cdc/emp", "--cluster", "prod", env=env).returncode == 0
    r = cli("jobs", "adopt", "/cdc/emp", "0" * 32, env=env)
    assert r.returncode == 4 and "does not know Flink job" in r.stderr, (r.returncode, r.stderr)
    assert cli("jobs", "adopt", "/cdc/emp", JID, env=env).returncode == 0
    r = cli("jobs", "cancel", "/cdc/emp", "--json", env=env)
    assert r.returncode == 0, r.stderr
    assert [t["to_state"] for t in json.loads(r.stdout)["transitions"]] == ["STOPPING", "CANCELLED"]
    assert status(world) == "CANCELED"


def test_ctrl_c_leaves_an_operation_that_recover_resolves(cli, world):
    import signal
    import subprocess
    import time

    env = dict(os.environ)
    env.update(world["env"])
    assert cli("jobs", "add", "/cdc/emp", "--cluster", "prod", env=env).returncode == 0
    assert cli("jobs", "adopt", "/cdc/emp", JID, env=env).returncode == 0
    world["sim"].faults("prod", savepoint_ms=5000)
    # As from a terminal: SIGINT not ignored.
    p = subprocess.Popen([cli.binary, "jobs", "savepoint", "/cdc/emp"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))

    def sent():
        r = cli("jobs", "operations", "/cdc/emp", "--unfinished", "--json", env=env)
        return r.returncode == 0 and [o["phase"] for o in json.loads(r.stdout)["operations"]] == ["sent"]

    # Interrupted while it waits for the savepoint it triggered (not before it started: a
    # sanitized build on a busy machine starts slowly).
    wait_for(sent, timeout=30, what="the savepoint sent")
    t0 = time.monotonic()
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=30)
    assert time.monotonic() - t0 < 2, "the wait is abandoned at once"
    assert p.returncode == 130, err
    assert "interrupted while taking a savepoint of /cdc/emp" in err
    # The savepoint was triggered: its operation stays, SENT, for recovery to resolve.
    ops = json.loads(cli("jobs", "operations", "/cdc/emp", "--unfinished", "--json", env=env).stdout)["operations"]
    assert [(o["kind"], o["phase"]) for o in ops] == [("savepoint", "sent")]
    # Its owner (the interrupted program) is gone: recover finds the savepoint by its trigger
    # id, waits for it, verifies and records it, without triggering another.
    r = cli("jobs", "recover", "--json", env=env)
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert len(rep["resolved"]) == 1 and rep["skipped"] == []
    done = rep["resolved"][0]
    assert done["operation"]["phase"] == "done" and done["snapshots"][0]["trigger_id"] == ops[0]["key"]
    saved = [d for d in os.listdir(world["cluster"]["savepoint_dir"]) if d.startswith("savepoint-")]
    assert len(saved) == 1, saved
    assert json.loads(cli("jobs", "operations", "--unfinished", "--json", env=env).stdout)["operations"] == []


def test_move_cluster_and_acknowledge_lost(cli, world, tmp_path):
    env = world["env"]
    settings = Path(env["FLOWSTATE_SETTINGS"])
    settings.write_text(settings.read_text() + '\n[cluster "dr"]\nurl = http://127.0.0.1:9\nflink-version = 1.20\n')
    assert cli("jobs", "add", "/cdc/emp", "--cluster", "prod", env=env).returncode == 0
    r = cli("jobs", "move-cluster", "/cdc/emp", "dr", "--json", env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["operation"]["kind"] == "move"
    assert json.loads(cli("jobs", "show", "/cdc/emp", "--json", env=env).stdout)["job"]["cluster"] == "dr"
    r = cli("jobs", "move-cluster", "/cdc/emp", "nowhere", env=env)
    assert r.returncode == 4 and "nowhere" in r.stderr, r.stderr
    r = cli("jobs", "acknowledge-lost", "/cdc/emp", "--reason", "namespace deleted", env=env)
    assert r.returncode == 6 and "NEW" in r.stderr, r.stderr


SEED_B = ("SET execution.checkpointing.interval = 100;\n"
          "SET execution.checkpointing.externalized-checkpoint-retention = RETAIN_ON_CANCELLATION;\n"
          "EXECUTE CDCSOURCE dinkySource_mysqlCDC_to_Doris WITH ('connector' = 'mysql-cdc', 'hostname' = 'hadoop102',\n"
          "  'port' = '3306', 'username' = 'root', 'password' = '000000', 'scan.startup.mode' = 'initial',\n"
          "  'table-name' = 'emp_2\\.employees_[0-9]+', 'sink.connector' = 'print',)\n")


def runner_cluster(sim, tmp_path, version, gateway=False):
    """A session cluster of `version` with flowstate's runner, as the settings describe it:
    (the cluster, the environment the CLI runs with)."""
    c = sim.cluster("prod", version, checkpoint_interval_ms=100, num_retained=3, startup_ms=10)
    runner = tmp_path / "flowstate-runner.jar"
    runner.write_bytes(b"PK\x03\x04 runner")
    settings = tmp_path / "settings.ini"
    settings.write_text('[cluster "prod"]\nurl = %s\nflink-version = %s\ncheckpoint-dir = file://%s\n'
                        'savepoint-dir = file://%s\ndeployment = session\nrunner-jar = %s\n'
                        % (c["url"], version, c["checkpoint_dir"], c["savepoint_dir"], runner)
                        + ("sql-gateway = %s\n" % c["gateway_url"] if gateway else ""))
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "FLOWSTATE_SETTINGS": str(settings), "HOME": str(tmp_path)}
    return c, env


def add_seed_job(cli, sim, env, tmp_path, db):
    """Job /cdc/<db> with the seed's script over <db>.employees_*, LATEST_SAVEPOINT; two rows in."""
    script = tmp_path / ("%s.sql" % db)
    script.write_text(SEED_B.replace("emp_2", db))
    r = cli("jobs", "add", "/cdc/" + db, "--cluster", "prod", "--strategy", "LATEST_SAVEPOINT",
            "--script", str(script), env=env)
    assert r.returncode == 0, r.stderr
    sim.insert("%s.employees_%s" % (db, db[-1]), 2)


def test_seed_walkthrough_b_from_the_command_line(cli, tmp_path):
    """The second seed: start, two rows, normal stop, `jobs start --from` the newest retained
    checkpoint once, one more row consumed, back on the standing strategy."""
    sim = FlinkSim(tmp_path / "sim")
    try:
        c, env = runner_cluster(sim, tmp_path, "1.17", gateway=True)
        add_seed_job(cli, sim, env, tmp_path, "emp_2")
        r = cli("jobs", "start", "/cdc/emp_2", "--json", "--timeout", "30", env=env)
        assert r.returncode == 0, r.stderr
        first = json.loads(r.stdout)
        assert first["operation"]["kind"] == "submit" and first["commits"] == 3
        assert "000000" not in r.stdout + r.stderr
        jid = first["operation"]["key"]

        def consumed(job_id):
            return [x["position"] - x["start_position"] for x in sim.runs() if x["job_id"] == job_id]

        wait_for(lambda: consumed(jid) == [2], what="2 rows")
        import time
        time.sleep(0.3)  # a checkpoint after the rows
        r = cli("jobs", "stop", "/cdc/emp_2", "--mode", "normal", "--json", env=env)
        assert r.returncode == 0, r.stderr
        kept = [s["path"] for s in json.loads(r.stdout)["snapshots"]]
        on_disk = sorted("file://" + str(p) for p in Path(c["checkpoint_dir"], jid).glob("chk-*"))
        assert sorted(kept) == on_disk, "the catalog's retained checkpoints are those on storage"
        sim.insert("emp_2.employees_2", 1)
        r = cli("jobs", "start", "/cdc/emp_2", "--from", kept[0], "--json", env=env)
        assert r.returncode == 0, r.stderr
        second = json.loads(r.stdout)["operation"]["key"]
        wait_for(lambda: consumed(second) == [1], what="1 row")
        shown = json.loads(cli("jobs", "show", "/cdc/emp_2", "--json", env=env).stdout)["job"]
        assert shown["once_path"] is None and shown["strategy"] == "LATEST_SAVEPOINT"
        assert shown["state"] == "RUNNING"
        # Started again while running: the table refuses, naming the state.
        r = cli("jobs", "start", "/cdc/emp_2", env=env)
        assert r.returncode != 0 and "RUNNING" in r.stderr
        # Through the gateway: Dinky's CDCSOURCE cannot go there (auto takes the runner).
        r = cli("jobs", "cancel", "/cdc/emp_2", env=env)
        assert r.returncode == 0, r.stderr
        r = cli("jobs", "start", "/cdc/emp_2", "--via", "gateway", env=env)
        assert r.returncode != 0 and "EXECUTE CDCSOURCE" in r.stderr
        r = cli("jobs", "start", "/cdc/emp_2", "--via", "nowhere", env=env)
        assert r.returncode != 0 and "--via" in r.stderr
        # The cancel kept checkpoints but no savepoint: LATEST_SAVEPOINT fails closed.
        r = cli("jobs", "start", "/cdc/emp_2", env=env)
        assert r.returncode != 0 and "refusing to start empty" in r.stderr
        assert cli("jobs", "start", "/cdc/emp_2", "--from", kept[0], env=env).returncode == 0
        r = cli("jobs", "restart", "/cdc/emp_2", "--json", env=env)
        assert r.returncode == 0, r.stderr
        assert [t["to_state"] for t in json.loads(r.stdout)["transitions"]] == [
            "STOPPING", "SUSPENDED", "STARTING", "RUNNING"]
        assert cli("jobs", "cancel", "/cdc/emp_2", env=env).returncode == 0
        r = cli("jobs", "resume", "/cdc/emp_2", "--json", env=env)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["operation"]["kind"] == "resume"
    finally:
        sim.close()


def test_seed_walkthrough_a_from_the_command_line(cli, tmp_path):
    """The first seed on its own Flink 1.14 through the runner: `jobs submit`, two rows, smart
    stop to a verified savepoint, one more row, `jobs start` restores from it: exactly one."""
    sim = FlinkSim(tmp_path / "sim")
    try:
        c, env = runner_cluster(sim, tmp_path, "1.14")
        add_seed_job(cli, sim, env, tmp_path, "emp_1")
        r = cli("jobs", "submit", "/cdc/emp_1", "--json", "--timeout", "30", env=env)
        assert r.returncode == 0, r.stderr
        jid = json.loads(r.stdout)["operation"]["key"]

        def consumed(job_id):
            return [x["position"] - x["start_position"] for x in sim.runs() if x["job_id"] == job_id]

        wait_for(lambda: consumed(jid) == [2], what="2 rows")
        r = cli("jobs", "stop", "/cdc/emp_1", "--json", env=env)  # smart, the default
        assert r.returncode == 0, r.stderr
        stopped = json.loads(r.stdout)
        assert [s["kind"] for s in stopped["snapshots"]] == ["SAVEPOINT"]
        savepoint = stopped["snapshots"][0]["path"]
        sim.insert("emp_1.employees_1", 1)
        r = cli("jobs", "start", "/cdc/emp_1", "--json", env=env)
        assert r.returncode == 0, r.stderr
        second = json.loads(r.stdout)["operation"]["key"]
        wait_for(lambda: consumed(second) == [1], what="1 row")
        run = [x for x in sim.runs() if x["job_id"] == second][0]
        assert run["restored_from"].rstrip("/").endswith(savepoint.rsplit("/", 1)[1])
        assert "000000" not in r.stdout + r.stderr
    finally:
        sim.close()
