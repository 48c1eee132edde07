"""The catalog from Python: jobs in folders, scripts with secrets, runs, snapshot records, the
restore decision against a real directory tree, reconciliation and retention."""

import os
import sqlite3
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import flowstate  # noqa: E402
from flowstate import unstable  # noqa: E402  (runs recorded by hand)
from flowstate import SnapshotRecord  # noqa: E402
from metadata_fixture import valid_metadata  # noqa: E402

RUN = "a0000000000000000000000000000001"


@pytest.fixture
def cat(tmp_path):
    with flowstate.Catalog(str(tmp_path / "data" / "catalog.db"), actor="py") as c:
        yield c


def checkpoint(root: Path, n: int, t: int, torn: bool = False) -> str:
    d = root / RUN / ("chk-%d" % n)
    d.mkdir(parents=True)
    data = valid_metadata(4, n)
    (d / "_metadata").write_bytes(data[: len(data) // 2] if torn else data)
    os.utime(d / "_metadata", (t, t))
    os.utime(d, (t, t))
    return "file://" + str(d)


def test_open_refuses_foreign_and_newer_files(tmp_path):
    foreign = tmp_path / "foreign.db"
    con = sqlite3.connect(str(foreign))
    con.execute("CREATE TABLE t (a)")
    con.commit()
    con.close()
    with pytest.raises(flowstate.CorruptError) as e:
        flowstate.Catalog(str(foreign))
    assert "not a flowstate catalog" in str(e.value)
    with pytest.raises(flowstate.NotFoundError):
        flowstate.Catalog(str(tmp_path / "absent.db"), create=False)
    path = tmp_path / "c.db"
    flowstate.Catalog(str(path)).close()
    con = sqlite3.connect(str(path))
    con.execute("PRAGMA user_version = 999")
    con.commit()
    con.close()
    with pytest.raises(flowstate.UnsupportedVersionError) as e:
        flowstate.Catalog(str(path))
    assert "newer flowstate" in str(e.value)


def test_clusters_name_their_deployment_and_runner(cat):
    c = cat.put_cluster("prod", rest_url="http://127.0.0.1:8081", flink_version="1.14", deployment="session",
                        runner_jar="/opt/flowstate/runner.jar", runner_entry_class="org.example.Runner",
                        runner_args="--script {script_base64}")
    assert c.deployment == "session" and c.deployment == flowstate.Deployment.SESSION
    assert (c.runner_jar, c.runner_entry_class, c.runner_args) == (
        "/opt/flowstate/runner.jar", "org.example.Runner", "--script {script_base64}")
    assert c.runner_upload == ""  # the lifecycle's, on its first submission
    assert cat.get_cluster("prod") == c
    with pytest.raises(flowstate.InvalidArgumentError, match="deployment"):
        cat.put_cluster("prod", deployment="kubernetes")
    assert cat.put_cluster("prod").deployment == "unknown"  # every field is set each time


def test_jobs_folders_and_awkward_names(cat):
    cat.put_cluster("prod", rest_url="http://127.0.0.1:8081", flink_version="1.20", checkpoint_dir="hdfs:///cp")
    assert cat.get_cluster("prod").flink_version == "1.20"
    odd = "it's_100%\n订单"
    job = cat.add_job(odd, folder="/warehouse/cdc", cluster="prod", strategy="latest_savepoint", retain_count=3)
    assert job.path == "/warehouse/cdc/" + odd
    assert job.strategy == "LATEST_SAVEPOINT"
    assert job.retain_count == 3 and job.retain_age_ms is None
    assert cat.get_job(job.id).name == odd
    assert cat.get_job(str(job.id)).path == job.path
    cat.add_job("emp", folder="/warehouse/cdc")
    cat.add_job("users", folder="/warehouse/dim")
    with pytest.raises(flowstate.AlreadyExistsError):
        cat.add_job("emp", folder="/warehouse/cdc")
    with pytest.raises(flowstate.IllegalStateError):
        cat.remove_cluster("prod")

    folders, jobs = cat.list_folder("/warehouse")
    assert [(f.path, f.jobs, f.all_jobs) for f in folders] == [("/warehouse/cdc", 2, 2), ("/warehouse/dim", 1, 1)]
    assert jobs == []
    cat.move_folder("/warehouse", "/dw")
    assert [f.path for f in cat.tree()] == ["/", "/dw", "/dw/cdc", "/dw/dim"]
    assert cat.get_job(job.id).folder == "/dw/cdc"
    assert [j.name for j in cat.find_jobs(name_contains="%")] == [odd]
    assert cat.find_jobs(name_contains="_", folder="/dw/dim") == []
    assert [j.name for j in cat.find_jobs(cluster="prod")] == [odd]
    moved = cat.move_job("/dw/cdc/emp", "/hr", new_name="emp2")
    assert moved.path == "/hr/emp2"
    updated = cat.update_job(moved.id, retain_count=None, fail_closed=False)
    assert (updated.state, updated.retain_count, updated.fail_closed) == ("NEW", None, False)
    assert "emp2" in [j.name for j in cat.find_jobs(state="NEW")]
    assert cat.find_jobs(state=flowstate.JobState.RUNNING) == []
    with pytest.raises(ValueError):
        cat.find_jobs(state="CREATED")
    with pytest.raises(TypeError):
        cat.update_job(moved.id, folder="/x")
    with pytest.raises(TypeError, match="status"):
        cat.update_job(moved.id, status="RUNNING")
    with pytest.raises(ValueError):
        cat.set_strategy(moved.id, "NEWEST")
    with pytest.raises(flowstate.InvalidArgumentError):
        cat.create_folder("/a/../b")
    cat.remove_job("/hr/emp2")
    with pytest.raises(flowstate.NotFoundError):
        cat.get_job("/hr/emp2")
    ev = cat.list_events(limit=1)[0]
    assert (ev.action, ev.job, ev.actor) == ("job.remove", "/hr/emp2", "py")


class Vault:
    def __init__(self):
        self.values = {}

    def put(self, name, value):
        self.values[name] = value

    def get(self, name):
        return self.values[name]


def test_scripts_keep_secrets_in_the_hosts_store(cat):
    cat.add_job("emp", folder="/cdc")
    script = "SET 'sink.password' = 'p@ss';\nCREATE TABLE s (a INT) WITH ('connector' = 'jdbc', 'password' = '000000');\n"
    with pytest.raises(flowstate.InvalidArgumentError) as e:
        cat.save_script("/cdc/emp", script)
    assert "1:" in str(e.value) and "000000" not in str(e.value) and "p@ss" not in str(e.value)
    vault = Vault()
    report = cat.save_script("/cdc/emp", script, vault)
    assert [(m.key, m.line) for m in report.moved] == [("sink.password", 1), ("password", 2)]
    assert sorted(vault.values.values()) == ["000000", "p@ss"]
    assert "000000" not in report.stored and "p@ss" not in report.stored
    assert cat.get_job("/cdc/emp").script == report.stored
    assert cat.resolve_script("/cdc/emp", vault) == script
    # A plain dict is a store too; a missing secret is named.
    with pytest.raises(flowstate.NotFoundError) as e:
        cat.resolve_script("/cdc/emp", {})
    assert report.moved[0].name in str(e.value)

    # An exception inside the host's store comes back out as itself.
    class Broken:
        def put(self, name, value):
            raise RuntimeError("vault sealed")

        def get(self, name):
            raise RuntimeError("vault sealed")

    with pytest.raises(RuntimeError, match="vault sealed"):
        cat.save_script("/cdc/emp", script, Broken())
    assert cat.get_job("/cdc/emp").script == report.stored, "a failed save changes nothing"
    for e in cat.list_events("/cdc/emp"):
        assert "000000" not in e.detail and "p@ss" not in e.detail


def test_once_path_then_back_to_the_standing_strategy(cat):
    cat.add_job("j", strategy="NONE")
    cat.set_once("/j", "file:///sp/savepoint-a0-1")
    assert cat.get_job("/j").once_path == "file:///sp/savepoint-a0-1"
    d = cat.resolve_restore("/j")
    assert (d.path, d.strategy, d.once) == ("file:///sp/savepoint-a0-1", "ONCE", True)
    run = unstable.start_run(cat, "/j", restored_from=d.path, claim_mode="NO_CLAIM")
    assert run.ended_ms is None and run.claim_mode == "NO_CLAIM"
    unstable.set_run_job_id(cat, run.id, RUN)
    unstable.end_run(cat, run.id, "CANCELED")
    assert cat.get_job("/j").once_path is None
    d = cat.resolve_restore("/j")
    assert (d.path, d.strategy) == (None, "NONE")
    r = cat.list_runs("/j")[0]
    assert (r.flink_job_id, r.final_status) == (RUN, "CANCELED")
    assert any(e.action.startswith("restore.once") and e.action != "restore.once.set" for e in cat.list_events("/j"))


def test_restore_reconcile_and_prune_on_a_real_tree(cat, tmp_path):
    cp = tmp_path / "cp"
    cat.put_cluster("prod", flink_version="1.20", checkpoint_dir="file://" + str(cp))
    job = cat.add_job("orders", folder="/cdc", cluster="prod", strategy="LATEST_CHECKPOINT")
    paths = [checkpoint(cp, n, 1700000000 + 60 * n, torn=(n == 3)) for n in (1, 2, 3)]
    cat.add_snapshots([
        SnapshotRecord(path=p, checkpoint_id=n, completion_ms=(1700000000 + 60 * n) * 1000, job_id=job.id)
        for n, p in zip((1, 2, 3), paths)
    ])
    with pytest.raises(flowstate.FlowstateError):
        cat.add_snapshots([SnapshotRecord(path="file:///x/chk-9", job_id=job.id), SnapshotRecord(path="file:///y", job_id=999)])
    assert len(cat.list_snapshots("/cdc/orders")) == 3, "all or none"
    # A savepoint's trigger id, alone and in a batch; anything but 32 lower-case hex is refused.
    tid = "0123456789abcdef0123456789abcdef"
    sp = cat.add_snapshot("/cdc/orders", SnapshotRecord(path="file:///sp/savepoint-a0-1", kind="SAVEPOINT",
                                                        origin="TRIGGERED", trigger_id=tid))
    assert sp.trigger_id == tid and cat.get_snapshot(sp.id).trigger_id == tid
    cat.add_snapshots([SnapshotRecord(path="file:///sp/savepoint-a0-2", kind="SAVEPOINT", job_id=job.id,
                                      trigger_id=tid[::-1]),
                       SnapshotRecord(path="file:///sp/savepoint-a0-3", kind="SAVEPOINT", job_id=job.id)])
    by_path = {s.path: s.trigger_id for s in cat.list_snapshots("/cdc/orders")}
    assert by_path["file:///sp/savepoint-a0-2"] == tid[::-1] and by_path["file:///sp/savepoint-a0-3"] == ""
    assert by_path[paths[0]] == ""
    with pytest.raises(flowstate.InvalidArgumentError, match="32 lower-case hex"):
        cat.add_snapshot("/cdc/orders", SnapshotRecord(path="file:///sp/savepoint-a0-4", trigger_id=tid.upper()))
    for p in ("file:///sp/savepoint-a0-1", "file:///sp/savepoint-a0-2", "file:///sp/savepoint-a0-3"):
        cat.remove_snapshot(cat.find_snapshot("/cdc/orders", p).id)
    assert [s.checkpoint_id for s in cat.list_snapshots("/cdc/orders", limit=2)] == [3, 2]

    phases = []
    with flowstate.Storage() as storage:
        d = cat.resolve_restore("/cdc/orders", storage, progress=lambda p, done, total: phases.append(p) or True)
        assert d.path == paths[1]
        assert d.candidates[0].path == paths[2] and not d.candidates[0].restorable
        assert any("chk-3" in r for r in d.reasons)
        assert phases
        with pytest.raises(flowstate.CancelledError):
            cat.resolve_restore("/cdc/orders", storage, progress=lambda *a: False)

        # Storage moves on: chk-2 vanishes, chk-4 appears.
        import shutil

        shutil.rmtree(cp / RUN / "chk-2")
        checkpoint(cp, 4, 1700000400)
        rep = cat.reconcile("/cdc/orders", storage)
        assert [(s.checkpoint_id, s.origin) for s in rep.added] == [(4, "DISCOVERED_ON_STORAGE")]
        assert [(s.path, s.state) for s in rep.missing] == [(paths[1], "MISSING")]
        assert rep.disposed == [], "a hole between survivors is no retention of Flink's"
        assert cat.resolve_restore("/cdc/orders", storage).path.endswith("chk-4")

        cat.update_job("/cdc/orders", retain_age_ms=1)
        plan = cat.prune("/cdc/orders", storage, dry_run=True)
        assert sorted(s.checkpoint_id for s in plan.deleted) == [1, 3]
        assert (cp / RUN / "chk-1").exists()
        done = cat.prune("/cdc/orders", storage)
        assert sorted(s.checkpoint_id for s in done.deleted) == [1, 3]
        assert [(s.checkpoint_id, "newest" in s.note) for s in done.kept] == [(4, True)]
        assert not (cp / RUN / "chk-1").exists() and (cp / RUN / "chk-4").exists()
        states = {s.checkpoint_id: s.state for s in cat.list_snapshots("/cdc/orders")}
        assert states == {1: "DISPOSED", 2: "MISSING", 3: "DISPOSED", 4: "COMPLETED"}


def test_fail_closed_and_its_override(cat):
    cat.add_job("empty")
    with pytest.raises(flowstate.IllegalStateError) as e:
        cat.resolve_restore("/empty")
    assert "no" in str(e.value).lower()
    d = cat.resolve_restore("/empty", fail_closed=False)
    assert d.path is None and d.reasons
    with pytest.raises(flowstate.InvalidArgumentError):
        cat.resolve_restore("/empty", verify=True)


def test_threads_share_one_catalog(cat):
    job = cat.add_job("t")
    errors = []

    def writer(k):
        try:
            for i in range(50):
                cat.add_snapshot(job.id, SnapshotRecord(path="file:///cp/%s/chk-%d" % (k, i), checkpoint_id=i))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(cat.list_snapshots(job.id)) == 200


def test_closed_catalog_is_refused(tmp_path):
    c = flowstate.Catalog(str(tmp_path / "c.db"))
    c.close()
    with pytest.raises(ValueError):
        c.tree()


def test_register_snapshot_checks_storage_first(cat, tmp_path):
    cp = tmp_path / "cp"
    cat.add_job("orders", folder="/cdc")
    good = checkpoint(cp, 1, 1700000060)
    torn = checkpoint(cp, 2, 1700000120, torn=True)
    with flowstate.Storage() as storage:
        rec = cat.register_snapshot("/cdc/orders", SnapshotRecord(path=good, origin="REGISTERED_BY_USER"), storage)
        assert (rec.kind, rec.checkpoint_id, rec.state, rec.format_version) == ("CHECKPOINT", 1, "COMPLETED", 4)
        assert rec.size and rec.size > 0 and rec.completion_ms == 1700000060 * 1000
        with pytest.raises(flowstate.IllegalStateError, match="not restorable"):
            cat.register_snapshot("/cdc/orders", SnapshotRecord(path=torn), storage)
        assert [s.path for s in cat.list_snapshots("/cdc/orders")] == [good], "nothing recorded"
        forced = cat.register_snapshot("/cdc/orders", SnapshotRecord(path=torn), storage, force=True)
        assert forced.state == "FAILED"
        with pytest.raises(flowstate.NotFoundError):
            cat.register_snapshot("/cdc/none", SnapshotRecord(path=good), storage)
    # Without storage nothing is checked; the kind follows the directory's name.
    sp = cat.register_snapshot("/cdc/orders", SnapshotRecord(path="file:///sp/savepoint-a00000-0123456789ab/"))
    assert (sp.kind, sp.state, sp.size) == ("SAVEPOINT", "COMPLETED", None)
