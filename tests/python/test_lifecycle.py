"""The lifecycle's actions from Python, against the simulator: adopt, savepoint, the stops,
cancel and recovery, with their reports and the catalog's operation log."""

import os
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, os.path.dirname(__file__))

import flowstate  # noqa: E402
from flink_sim_fixture import FlinkSim, http, run_jar, wait_for  # noqa: E402

JID = "c0ffee00000000000000000000000001"


@pytest.fixture
def world(tmp_path):
    sim = FlinkSim(tmp_path / "sim")
    try:
        c = sim.cluster("prod", "1.20", checkpoint_interval_ms=40, num_retained=3,
                        retention="RETAIN_ON_CANCELLATION")
        sim.insert("emp", 2)
        cat = flowstate.Catalog(str(tmp_path / "catalog.db"))
        cat.put_cluster("prod", rest_url=c["url"], flink_version="1.20",
                        checkpoint_dir="file://" + c["checkpoint_dir"], savepoint_dir="file://" + c["savepoint_dir"])
        cat.add_job("emp", folder="/cdc", cluster="prod")
        assert run_jar(c["url"], {"programArgsList": ["--source", "emp"], "jobId": JID}) == JID
        storage = flowstate.Storage()
        yield {"sim": sim, "cluster": c, "catalog": cat, "storage": storage}
        cat.close()
    finally:
        sim.close()


def status(world):
    return http("GET", world["cluster"]["url"] + "/jobs/%s/status" % JID)[1]["status"]


def test_adopt_savepoint_and_smart_stop(world):
    cat = world["catalog"]
    seen = []
    life = flowstate.Lifecycle(cat, world["storage"], clusters=lambda name, url: seen.append((name, url)) or None,
                               poll=0.02)
    r = life.adopt("/cdc/emp", JID, timeout=20)
    assert r.commits == 1 and r.operation.kind == "adopt" and r.operation.phase == "done"
    assert [(t.from_state, t.to_state) for t in r.transitions] == [("NEW", "RUNNING")]
    assert seen == [("prod", world["cluster"]["url"])], "the resolver is asked with the recorded address"
    sp = life.savepoint("/cdc/emp", timeout=20)
    assert sp.commits == 3 and len(sp.snapshots) == 1
    assert sp.snapshots[0].kind == "SAVEPOINT" and sp.snapshots[0].trigger_id == sp.operation.key
    stop = life.stop("/cdc/emp", timeout=20)
    assert cat.get_job("/cdc/emp").state == "SUSPENDED"
    assert [t.to_state for t in stop.transitions] == ["STOPPING", "SUSPENDED"]
    assert stop.snapshots[0].origin == "STOP"
    assert status(world) == "FINISHED"
    ops = cat.list_operations("/cdc/emp")
    assert [o.kind for o in ops] == ["stop", "savepoint", "adopt"]
    assert cat.list_operations("/cdc/emp", unfinished_only=True) == []
    # A stop needs a running job: the error names the state.
    with pytest.raises(flowstate.IllegalStateError, match="SUSPENDED"):
        life.stop("/cdc/emp")


def test_normal_stop_and_the_mapping_resolver(world):
    cat = world["catalog"]
    life = flowstate.Lifecycle(cat, world["storage"], clusters={"prod": world["cluster"]["url"]}, poll=0.02)
    life.adopt("/cdc/emp", JID)
    wait_for(lambda: len([d for d in os.listdir(Path(world["cluster"]["checkpoint_dir"]) / JID)
                          if d.startswith("chk-")]) >= 3, what="3 checkpoints")
    r = life.stop("/cdc/emp", mode="NORMAL", timeout=20)
    on_disk = {"file://" + str(p) for p in (Path(world["cluster"]["checkpoint_dir"]) / JID).glob("chk-*")
               if (p / "_metadata").exists()}
    assert {s.path for s in r.snapshots} == on_disk
    assert all(s.origin == "RETAINED_CHECKPOINT" for s in r.snapshots)
    assert cat.get_job("/cdc/emp").desired == "stopped"


def test_smart_stop_failures(world):
    cat = world["catalog"]
    life = flowstate.Lifecycle(cat, world["storage"], poll=0.02)
    life.adopt("/cdc/emp", JID)
    world["sim"].faults("prod", fail_savepoints=1)
    with pytest.raises(flowstate.FlowstateError, match="forbids falling back"):
        life.stop("/cdc/emp", allow_fallback=False, timeout=20)
    assert cat.get_job("/cdc/emp").state == "RUNNING" and status(world) == "RUNNING"
    failed = cat.list_operations("/cdc/emp")[0]
    assert failed.kind == "stop" and failed.phase == "failed" and "savepoint failed" in failed.error
    # A resolver that fails fails the action, naming the cluster.
    broken = flowstate.Lifecycle(cat, world["storage"], clusters=lambda name, url: 1 / 0)
    with pytest.raises(flowstate.FlowstateError, match="prod"):
        broken.cancel("/cdc/emp")


def test_recover_resolves_an_operation_whose_owner_is_gone(world):
    cat = world["catalog"]
    life = flowstate.Lifecycle(cat, world["storage"], poll=0.02)
    life.adopt("/cdc/emp", JID)
    world["sim"].faults("prod", savepoint_ms=600)
    # A process of this host that is gone (its pid does not run) stopped waiting for its
    # savepoint: resolved by probing, the savepoint found by its trigger id, recorded once.
    dead = flowstate.Lifecycle(cat, world["storage"], owner="%s:999999999:1" % socket.gethostname(), poll=0.02)
    with pytest.raises(flowstate.DeadlineExceededError):
        dead.savepoint("/cdc/emp", timeout=0.2)
    with pytest.raises(flowstate.BusyError, match="999999999"):
        life.savepoint("/cdc/emp", timeout=20)
    rep = life.recover(timeout=20)
    assert len(rep.resolved) == 1 and rep.skipped == (), rep
    done = rep.resolved[0]
    assert done.operation.phase == "done" and len(done.snapshots) == 1
    assert done.snapshots[0].trigger_id == done.operation.key
    assert any("recovery" in r for r in done.reasons)
    # A host on another machine: its operation is left to it.
    elsewhere = flowstate.Lifecycle(cat, world["storage"], owner="elsewhere:1:1", poll=0.02)
    with pytest.raises(flowstate.DeadlineExceededError):
        elsewhere.savepoint("/cdc/emp", timeout=0.2)
    rep = life.recover(timeout=20)
    assert rep.resolved == () and "another host" in rep.skipped[0]
    assert len(cat.list_operations("/cdc/emp", unfinished_only=True)) == 1


def test_move_and_acknowledge_lost(world):
    cat = world["catalog"]
    cat.put_cluster("dr", rest_url="http://127.0.0.1:9", flink_version="1.20")
    life = flowstate.Lifecycle(cat, world["storage"], poll=0.02)
    # A job that never ran moves freely; the move is in the operation log and audited.
    moved = life.move("/cdc/emp", "dr")
    assert moved.operation.kind == "move" and moved.commits == 1
    assert cat.get_job("/cdc/emp").cluster == "dr" and cat.get_job("/cdc/emp").state == "NEW"
    assert life.move("/cdc/emp", "prod").operation.kind == "move"
    life.adopt("/cdc/emp", JID)
    with pytest.raises(flowstate.IllegalStateError, match="RUNNING"):
        life.move("/cdc/emp", "dr")
    with pytest.raises(flowstate.IllegalStateError, match="UNREACHABLE"):
        life.acknowledge_lost("/cdc/emp", "gone")
    with pytest.raises(flowstate.IllegalStateError, match="move"):
        cat.update_job("/cdc/emp", cluster="dr")


SEED = ("SET execution.checkpointing.interval = 100;\n"
        "SET execution.checkpointing.externalized-checkpoint-retention = RETAIN_ON_CANCELLATION;\n"
        "EXECUTE CDCSOURCE dinkySource_mysqlCDC_to_Doris WITH ('connector' = 'mysql-cdc', 'hostname' = 'hadoop102',\n"
        "  'port' = '3306', 'username' = 'root', 'password' = '000000', 'scan.startup.mode' = 'initial',\n"
        "  'table-name' = '%s\\.employees_[0-9]+', 'sink.connector' = 'print',)\n")


def consumed(sim, job_id):
    for r in sim.runs():
        if r["job_id"] == job_id:
            return r["position"] - r["start_position"]
    return -1


@pytest.mark.parametrize("version", ["1.14", "2.2"])
def test_seed_walkthrough_a_through_the_runner(tmp_path, version):
    """The first seed from Python: start, smart stop, one more row, start from the savepoint."""
    sim = FlinkSim(tmp_path / "sim")
    try:
        c = sim.cluster("prod", version, checkpoint_interval_ms=100, num_retained=3, startup_ms=10)
        runner = tmp_path / "flowstate-runner.jar"
        runner.write_bytes(b"PK\x03\x04 runner")
        vault = {}
        with flowstate.Catalog(str(tmp_path / "catalog.db")) as cat:
            cat.put_cluster("prod", rest_url=c["url"], flink_version=version, deployment="session",
                            checkpoint_dir="file://" + c["checkpoint_dir"],
                            savepoint_dir="file://" + c["savepoint_dir"], runner_jar=str(runner))
            cat.add_job("emp_1", folder="/cdc", cluster="prod", strategy="LATEST_SAVEPOINT")
            cat.save_script("/cdc/emp_1", SEED % "emp_1", vault)
            assert "000000" not in cat.get_job("/cdc/emp_1").script and vault
            sim.insert("emp_1.employees_1", 2)
            with pytest.raises(flowstate.IllegalStateError, match="no secret store"):
                flowstate.Lifecycle(cat, flowstate.Storage(), poll=0.02).start("/cdc/emp_1", timeout=20)
            life = flowstate.Lifecycle(cat, flowstate.Storage(), poll=0.02, secrets=vault)
            seen = []
            first = life.start("/cdc/emp_1", timeout=20, progress=lambda what, done, total: seen.append(what) or True)
            assert first.commits == 3 and first.operation.kind == "submit" and first.operation.phase == "done"
            assert [t.to_state for t in first.transitions] == ["STARTING", "RUNNING"]
            run1 = cat.list_runs("/cdc/emp_1")[-1]
            assert run1.flink_job_id == first.operation.key
            wait_for(lambda: consumed(sim, run1.flink_job_id) == 2, what="2 rows")
            stop = life.stop("/cdc/emp_1", timeout=20)
            savepoint = stop.snapshots[0].path
            sim.insert("emp_1.employees_1", 1)
            second = life.start("/cdc/emp_1", timeout=20)
            run2 = cat.list_runs("/cdc/emp_1")[-1]
            assert run2.restored_from == savepoint and run2.flink_job_id == second.operation.key
            assert run2.claim_mode == ("LEGACY" if version == "1.14" else "NO_CLAIM")
            wait_for(lambda: consumed(sim, run2.flink_job_id) == 1, what="1 row")
            assert consumed(sim, run2.flink_job_id) == 1
            # Restart: stop, wait for the end, start from the stop's savepoint.
            third = life.restart("/cdc/emp_1", timeout=20)
            assert [t.to_state for t in third.transitions] == ["STOPPING", "SUSPENDED", "STARTING", "RUNNING"]
            assert cat.list_runs("/cdc/emp_1")[-1].restored_from == third.snapshots[0].path
            # Resume a cancelled job: from the state found in the catalog and on storage.
            life.cancel("/cdc/emp_1", timeout=20)
            resumed = life.resume("/cdc/emp_1", timeout=20)
            assert resumed.operation.kind == "resume" and cat.get_job("/cdc/emp_1").state == "RUNNING"
    finally:
        sim.close()


GATEWAY_SCRIPT = ("SET 'execution.checkpointing.interval' = '100';\n"
                  "CREATE TABLE employees (emp_no INT) WITH ('connector' = 'mysql-cdc', 'hostname' = 'db',\n"
                  "  'username' = 'root', 'password' = 'pw', 'database-name' = 'emp_1', 'table-name' = 'employees_1');\n"
                  "INSERT INTO out SELECT * FROM employees;\n")


def test_the_gateway_path_with_a_lost_answer(tmp_path):
    """Plain Flink SQL through the SQL Gateway: the gateway names the job id, the lost answer
    is found by the attempt's pipeline.name; Dinky's extensions are refused there."""
    sim = FlinkSim(tmp_path / "sim")
    try:
        c = sim.cluster("prod", "1.18", checkpoint_interval_ms=100, num_retained=3, startup_ms=10)
        with flowstate.Catalog(str(tmp_path / "catalog.db")) as cat:
            cat.put_cluster("prod", rest_url=c["url"], sql_gateway_url=c["gateway_url"], flink_version="1.18",
                            checkpoint_dir="file://" + c["checkpoint_dir"],
                            savepoint_dir="file://" + c["savepoint_dir"])
            vault = {}
            cat.add_job("emp_1", folder="/cdc", cluster="prod", strategy="LATEST_SAVEPOINT")
            cat.save_script("/cdc/emp_1", GATEWAY_SCRIPT, vault)
            cat.add_job("cdc", folder="/cdc", cluster="prod", strategy="NONE")
            cat.save_script("/cdc/cdc", SEED % "emp_1", vault)
            sim.insert("emp_1.employees_1", 2)
            life = flowstate.Lifecycle(cat, flowstate.Storage(), poll=0.02, secrets=vault)
            with pytest.raises(flowstate.UnsupportedError, match="EXECUTE CDCSOURCE"):
                life.start("/cdc/cdc", path="gateway", timeout=20)
            sim.faults("prod", drop_answer=1, skip=1, only="POST /(v[0-9]/)?sessions/[^/]+/statements")
            first = life.start("/cdc/emp_1", timeout=20)
            assert first.operation.key == "" and len(first.operation.result) == 32
            run = cat.list_runs("/cdc/emp_1")[-1]
            assert run.flink_job_id == first.operation.result
            running = [j for j in http("GET", c["url"] + "/jobs/overview")[1]["jobs"] if j["state"] == "RUNNING"]
            assert len(running) == 1 and running[0]["name"].startswith("emp_1 [")
            wait_for(lambda: consumed(sim, run.flink_job_id) == 2, what="2 rows")
    finally:
        sim.close()


def test_seed_walkthrough_b_checkpoint_recovery(tmp_path):
    """The second seed from Python: two rows, a normal stop keeps the retained checkpoints
    (the catalog's are those on storage), start from the newest once: one more row, and the
    job back on its standing strategy."""
    sim = FlinkSim(tmp_path / "sim")
    try:
        c = sim.cluster("prod", "1.16", checkpoint_interval_ms=100, num_retained=3, startup_ms=10)
        runner = tmp_path / "flowstate-runner.jar"
        runner.write_bytes(b"PK\x03\x04 runner")
        vault = {}
        with flowstate.Catalog(str(tmp_path / "catalog.db")) as cat:
            cat.put_cluster("prod", rest_url=c["url"], flink_version="1.16", deployment="session",
                            checkpoint_dir="file://" + c["checkpoint_dir"],
                            savepoint_dir="file://" + c["savepoint_dir"], runner_jar=str(runner))
            cat.add_job("emp_2", folder="/cdc", cluster="prod", strategy="LATEST_SAVEPOINT")
            cat.save_script("/cdc/emp_2", SEED % "emp_2", vault)
            sim.insert("emp_2.employees_2", 2)
            life = flowstate.Lifecycle(cat, flowstate.Storage(), poll=0.02, secrets=vault)
            first = life.start("/cdc/emp_2", timeout=20)
            jid = first.operation.key
            wait_for(lambda: consumed(sim, jid) == 2, what="2 rows")
            import time
            time.sleep(0.3)  # a checkpoint after the rows
            stopped = life.stop("/cdc/emp_2", mode="normal", timeout=20)
            kept = sorted(s.path for s in stopped.snapshots)
            on_disk = sorted("file://" + str(p) for p in Path(c["checkpoint_dir"], jid).glob("chk-*"))
            assert kept == on_disk and kept
            recorded = sorted(s.path for s in cat.list_snapshots("/cdc/emp_2"))
            assert recorded == on_disk
            newest = max(stopped.snapshots, key=lambda s: s.checkpoint_id).path
            sim.insert("emp_2.employees_2", 1)
            second = life.start("/cdc/emp_2", from_=newest, timeout=20)
            run2 = cat.list_runs("/cdc/emp_2")[-1]
            assert run2.restored_from == newest and run2.flink_job_id == second.operation.key
            wait_for(lambda: consumed(sim, run2.flink_job_id) == 1, what="1 row")
            job = cat.get_job("/cdc/emp_2")
            assert job.once_path is None and job.strategy == "LATEST_SAVEPOINT"
    finally:
        sim.close()


def test_observation_rounds_and_the_watch_loop(world):
    """Rounds from Python: what the cluster says of the job, the snapshots captured, what
    rounds keep of it; a silent cluster makes it UNREACHABLE; the watch loop yields each round
    and ends when asked; bad options are refused."""
    cat, sim = world["catalog"], world["sim"]
    life = flowstate.Lifecycle(cat, world["storage"], poll=0.02)
    life.adopt("/cdc/emp", JID, timeout=20)
    sim.checkpoint("prod", JID)
    r = life.observe(reconcile_period=0, timeout=10)
    assert r.info.jobs == 1 and r.info.statistics == 1 and r.info.unreachable == ()
    assert r.captured and all(s.kind == "CHECKPOINT" for s in r.captured)
    assert [g.job for g in r.gaps] == ["/cdc/emp"] and r.gaps[0].missing == ()
    w = flowstate.get_watch(cat, "/cdc/emp")
    assert w.flink_status == "RUNNING" and w.observed_ms and not w.presumed_lost
    sim.faults("prod", errors=100000, status=503)
    r = life.observe(clusters=["prod"], lost_after=0, timeout=10)
    assert [(c.job, c.from_state, c.to_state) for c in r.changes] == [("/cdc/emp", "RUNNING", "UNREACHABLE")]
    assert r.changes[0].flink_status == "" and "does not answer" in r.changes[0].why
    assert len(r.info.unreachable) == 1 and r.info.unreachable[0].startswith("prod: ")
    r = life.observe(lost_after=0, timeout=10)
    assert cat.get_job("/cdc/emp").state == "LOST" and flowstate.get_watch(cat, "/cdc/emp").presumed_lost
    sim.faults("prod")
    reports = list(life.watch(0.05, rounds=3, lost_after=0))
    assert len(reports) == 3
    assert [(c.from_state, c.to_state) for c in reports[0].changes] == [("LOST", "RUNNING")], "re-adopted"
    assert cat.get_job("/cdc/emp").state == "RUNNING"
    token = flowstate.CancelToken()
    seen = 0
    for _ in life.watch(60, cancel=token):
        seen += 1
        token.cancel()  # ends the minute's wait at once
    assert seen == 1
    assert 1 <= len(list(life.watch(0.1, timeout=0.35))) <= 4, "the timeout ends the loop"
    with pytest.raises(ValueError):
        next(life.watch(0))
    with pytest.raises(flowstate.InvalidArgumentError, match="stats_period_ms"):
        life.observe(stats_period=0)
    with pytest.raises(flowstate.NotFoundError):
        flowstate.get_watch(cat, "/cdc/none")


def test_seed_walkthrough_c_the_cluster_dies(tmp_path):
    """The first seed's warning from Python: checkpoints no round saw, the cluster destroyed;
    rounds make the job UNREACHABLE, then LOST, its records untouched; a reconciling round
    reports what storage holds that the catalog lacked; resumed on a new cluster from the
    newest checkpoint on storage, the source reads on with nothing lost and nothing twice."""
    sim = FlinkSim(tmp_path / "sim")
    try:
        c = sim.cluster("prod", "1.20", checkpoint_interval_ms=100, num_retained=3, startup_ms=10)
        runner = tmp_path / "flowstate-runner.jar"
        runner.write_bytes(b"PK\x03\x04 runner")
        vault = {}
        with flowstate.Catalog(str(tmp_path / "catalog.db")) as cat:
            cat.put_cluster("prod", rest_url=c["url"], flink_version="1.20", deployment="session",
                            checkpoint_dir="file://" + c["checkpoint_dir"],
                            savepoint_dir="file://" + c["savepoint_dir"], runner_jar=str(runner))
            cat.add_job("emp_1", folder="/cdc", cluster="prod", strategy="LATEST_STATE")
            cat.save_script("/cdc/emp_1", SEED % "emp_1", vault)
            sim.insert("emp_1.employees_1", 2)
            life = flowstate.Lifecycle(cat, flowstate.Storage(), poll=0.02, secrets=vault)
            jid = life.start("/cdc/emp_1", timeout=20).operation.key
            wait_for(lambda: consumed(sim, jid) == 2, what="2 rows")
            for r in life.watch(0.15, rounds=3):
                assert r.info.jobs == 1
            seen = sorted(s.path for s in cat.list_snapshots("/cdc/emp_1"))
            assert seen, "the rounds captured checkpoints"
            sim.insert("emp_1.employees_1", 3)
            wait_for(lambda: consumed(sim, jid) == 5, what="5 rows")
            import time
            time.sleep(0.35)  # checkpoints after the rows, which no round sees
            sim.kill("prod")
            on_disk = sorted("file://" + str(p) for p in Path(c["checkpoint_dir"], jid).glob("chk-*")
                             if (p / "_metadata").exists())
            newest = max(on_disk, key=lambda p: int(p.rsplit("-", 1)[1]))
            assert newest not in seen
            r = life.observe(lost_after=0, timeout=10)
            assert cat.get_job("/cdc/emp_1").state == "UNREACHABLE"
            r = life.observe(lost_after=0, timeout=10)
            assert cat.get_job("/cdc/emp_1").state == "LOST"
            assert sorted(s.path for s in cat.list_snapshots("/cdc/emp_1")) == seen, "records untouched"
            with pytest.raises(flowstate.IllegalStateError, match="acknowledge"):
                life.resume("/cdc/emp_1", timeout=20)
            # The seed's manual comparison with storage, by a round.
            r = life.observe(lost_after=0, reconcile_period=0, reconcile_level="FILES", timeout=10)
            assert [g.job for g in r.gaps] == ["/cdc/emp_1"]
            assert newest in [s.path for s in r.gaps[0].added] and r.gaps[0].missing == ()
            life.acknowledge_lost("/cdc/emp_1", "the cluster's namespace was deleted")
            dr = sim.cluster("dr", "1.20", checkpoint_interval_ms=100, startup_ms=10)
            cat.put_cluster("dr", rest_url=dr["url"], flink_version="1.20", deployment="session",
                            checkpoint_dir="file://" + dr["checkpoint_dir"],
                            savepoint_dir="file://" + dr["savepoint_dir"], runner_jar=str(runner))
            life.move("/cdc/emp_1", "dr")
            sim.insert("emp_1.employees_1", 1)
            resumed = life.resume("/cdc/emp_1", timeout=20)
            run2 = cat.list_runs("/cdc/emp_1")[-1]
            assert run2.restored_from == newest and run2.flink_job_id == resumed.operation.key
            wait_for(lambda: consumed(sim, run2.flink_job_id) == 1, what="1 row")
            time.sleep(0.2)
            assert consumed(sim, run2.flink_job_id) == 1, "nothing lost, nothing read twice"
    finally:
        sim.close()


def test_a_run_whose_job_id_was_never_recorded_is_found_by_declared_uids(tmp_path):
    """Its submission's answer lost with its cluster, a run has no Flink job id in the catalog:
    without a recorded snapshot or declared uids resume fails closed saying so; with the uids
    of the job's stateful operators its directory is found and restored from."""
    import sqlite3
    import time
    sim = FlinkSim(tmp_path / "sim")
    try:
        c = sim.cluster("prod", "1.20", checkpoint_interval_ms=100, num_retained=3, startup_ms=10)
        runner = tmp_path / "flowstate-runner.jar"
        runner.write_bytes(b"PK\x03\x04 runner")
        vault = {}
        db = str(tmp_path / "catalog.db")
        with flowstate.Catalog(db) as cat:
            cat.put_cluster("prod", rest_url=c["url"], flink_version="1.20", deployment="session",
                            checkpoint_dir="file://" + c["checkpoint_dir"],
                            savepoint_dir="file://" + c["savepoint_dir"], runner_jar=str(runner))
            cat.add_job("emp_1", folder="/cdc", cluster="prod", strategy="LATEST_STATE")
            cat.save_script("/cdc/emp_1", SEED % "emp_1", vault)
            sim.insert("emp_1.employees_1", 2)
            life = flowstate.Lifecycle(cat, flowstate.Storage(), poll=0.02, secrets=vault)
            jid = life.start("/cdc/emp_1", timeout=20).operation.key
            wait_for(lambda: consumed(sim, jid) == 2, what="2 rows")
            with sqlite3.connect(db) as raw:
                raw.execute("UPDATE runs SET flink_job_id='' WHERE flink_job_id=?", (jid,))
            time.sleep(0.35)  # a checkpoint after the rows
            sim.kill("prod")
            on_disk = [p for p in Path(c["checkpoint_dir"], jid).glob("chk-*") if (p / "_metadata").exists()]
            newest = "file://" + str(max(on_disk, key=lambda p: int(p.name[4:])))
            life.observe(timeout=10)  # watches nothing: no job id to watch
            assert cat.get_job("/cdc/emp_1").state == "RUNNING"
            with sqlite3.connect(db) as raw:  # as an observation that saw the cluster silent would
                raw.execute("UPDATE jobs SET state=8")
            life.acknowledge_lost("/cdc/emp_1", "the cluster is gone")
            dr = sim.cluster("dr", "1.20", checkpoint_interval_ms=100, startup_ms=10)
            cat.put_cluster("dr", rest_url=dr["url"], flink_version="1.20", deployment="session",
                            checkpoint_dir="file://" + dr["checkpoint_dir"],
                            savepoint_dir="file://" + dr["savepoint_dir"], runner_jar=str(runner))
            life.move("/cdc/emp_1", "dr")
            with pytest.raises(flowstate.IllegalStateError, match="cannot be matched"):
                life.resume("/cdc/emp_1", timeout=20)
            sim.insert("emp_1.employees_1", 1)
            r = life.resume("/cdc/emp_1", operator_uids=["cdc-source:emp_1\\.employees_[0-9]+"], timeout=20)
            assert any("taken as that run's" in why for why in r.reasons)
            run = cat.list_runs("/cdc/emp_1")[-1]
            assert run.restored_from == newest
            wait_for(lambda: consumed(sim, run.flink_job_id) == 1, what="1 row")
    finally:
        sim.close()
