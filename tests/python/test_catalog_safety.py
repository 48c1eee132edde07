"""Catalog safety from Python: secrets per job with dict and object stores (with and without
remove), scripts that are text, canonical paths and record removal, one open run per job,
retention, read-only opens (also by a user who may only read), a new job's first start."""

import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import flowstate  # noqa: E402
from flowstate import unstable  # noqa: E402  (runs recorded by hand)
import reader  # noqa: E402
from flowstate import SnapshotRecord  # noqa: E402
from metadata_fixture import valid_metadata  # noqa: E402

RUN = "a0000000000000000000000000000001"
V1 = Path(__file__).resolve().parents[1] / "catalog" / "data" / "catalog-v1.db"


def script(password: str) -> str:
    return "CREATE TABLE src (id INT) WITH ('connector' = 'mysql-cdc', 'password' = '%s');\n" % password


@pytest.fixture
def cat(tmp_path):
    with flowstate.Catalog(str(tmp_path / "catalog.db"), actor="py") as c:
        yield c


def checkpoint(root: Path, n: int, t: int, run: str = RUN) -> str:
    d = root / run / ("chk-%d" % n)
    d.mkdir(parents=True)
    (d / "_metadata").write_bytes(valid_metadata(4, n))
    os.utime(d / "_metadata", (t, t))
    os.utime(d, (t, t))
    return "file://" + str(d)


class OldVault:
    """A host store with put and get only."""

    def __init__(self):
        self.values = {}

    def put(self, name, value):
        self.values[name] = value

    def get(self, name):
        return self.values[name]


def test_same_named_jobs_keep_their_own_passwords(cat):
    a = cat.add_job("emp_1", folder="/warehouse/cdc")
    b = cat.add_job("emp_1", folder="/warehouse/other")
    vault = {}
    cat.save_script(a.id, script("cdc-secret"), vault)
    cat.save_script(b.id, script("other-secret"), vault)
    assert vault == {"job.%d.src.password" % a.id: "cdc-secret", "job.%d.src.password" % b.id: "other-secret"}
    assert "'cdc-secret'" in cat.resolve_script("/warehouse/cdc/emp_1", vault)
    assert "'other-secret'" in cat.resolve_script("/warehouse/other/emp_1", vault)
    cat.move_job(a.id, "/archive")
    assert "'cdc-secret'" in cat.resolve_script("/archive/emp_1", vault)
    # A dict loses the value with the job.
    assert cat.remove_job("/archive/emp_1", vault) == []
    assert list(vault.values()) == ["other-secret"]
    # A store without remove keeps it, and the call names it.
    old = OldVault()
    c = cat.add_job("c")
    cat.save_script(c.id, script("c-secret"), old)
    assert cat.remove_job(c.id, old) == ["job.%d.src.password" % c.id]
    assert list(old.values.values()) == ["c-secret"]
    assert cat.list_events(c.id, 1)[0].action == "secret.remove"


def test_scripts_are_text_and_come_back_whole(cat):
    cat.add_job("s")
    with pytest.raises(flowstate.InvalidArgumentError) as e:
        cat.save_script("/s", "SELECT 1;\n\x00\x01 rest", {})
    assert "2:1: byte offset 10: a NUL byte" in str(e.value)
    assert cat.get_job("/s").script == ""
    text = "-- 员工表 ✓\n" + script("pw") + "".join("SELECT '第%d行';\n" % i for i in range(100))
    vault = {}
    saved = cat.save_script("/s", text, vault)
    assert cat.get_job("/s").script == saved.stored
    assert cat.resolve_script("/s", vault) == text


def test_one_canonical_record_per_location_and_removing_records(cat, tmp_path):
    cat.add_job("emp", folder="/w")
    path = checkpoint(tmp_path / "cp", 7, 1700000000)
    plain = path[len("file://"):]
    rec = cat.add_snapshot("/w/emp", SnapshotRecord(path=plain + "/", completion_ms=1000))
    assert rec.path == path
    for spelling in ("file:" + plain, plain + "//", path):
        with pytest.raises(flowstate.AlreadyExistsError):
            cat.add_snapshot("/w/emp", SnapshotRecord(path=spelling))
    assert cat.find_snapshot("/w/emp", "file:" + plain).id == rec.id
    with pytest.raises(flowstate.InvalidArgumentError):
        cat.set_once("/w/emp", "chk-7")
    cat.set_once("/w/emp", "file:" + plain + "/")
    d = cat.resolve_restore("/w/emp", verify=False)
    assert (d.path, d.snapshot_id) == (path, rec.id)
    assert cat.clear_once("/w/emp") == path
    assert cat.clear_once("/w/emp") is None
    cat.remove_snapshot(rec.id)
    assert Path(plain).exists(), "the record only"
    rec = cat.add_snapshot("/w/emp", SnapshotRecord(path=path))
    with flowstate.Storage() as storage:
        cat.remove_snapshot(rec.id, storage, delete_files=True)
    assert not Path(plain).exists()
    with pytest.raises(flowstate.NotFoundError):
        cat.get_snapshot(rec.id)


def test_one_open_run_and_retention_that_leaves_it_alone(cat, tmp_path):
    cat.add_job("emp", folder="/w", retain_count=1, savepoint_retain_count=1, checkpoint_dir=str(tmp_path / "cp"))
    first = unstable.start_run(cat, "/w/emp", flink_job_id=RUN)
    with pytest.raises(flowstate.IllegalStateError) as e:
        unstable.start_run(cat, "/w/emp")
    assert "run %d" % first.id in str(e.value)
    for n in (1, 2, 3):
        cat.add_snapshot("/w/emp", SnapshotRecord(path=checkpoint(tmp_path / "cp", n, 1700000000 + n),
                                                  completion_ms=n * 1000, run_id=first.id))
    with flowstate.Storage() as storage:
        plan = cat.prune("/w/emp", storage, dry_run=True)
        assert plan.deleted == [] and len(plan.kept) == 2
        assert all("is open" in k.note for k in plan.kept)
        with pytest.raises(flowstate.IllegalStateError):
            unstable.restart_run(cat, "/w/emp", "CANCELED", open_run=first.id + 5)
        second = unstable.restart_run(cat, "/w/emp", "CANCELED", open_run=first.id, restored_from=plan.kept[0].path)
        assert second.restored_snapshot == plan.kept[0].id
        runs = cat.list_runs("/w/emp")
        assert [r.final_status for r in runs] == ["CANCELED", ""]
        plan = cat.prune("/w/emp", storage, dry_run=True)
        assert [Path(r.path).name for r in plan.deleted] == ["chk-1"], "run 1 ended: its checkpoints may go"
        assert [(Path(k.path).name, "unknown claim mode" in k.note) for k in plan.kept] == [("chk-2", True)]
    job = cat.get_job("/w/emp")
    assert (job.savepoint_retain_count, job.savepoint_retain_age_ms) == (1, None)


def test_a_new_jobs_first_start(cat, tmp_path):
    cat.add_job("new", folder="/w")
    with flowstate.Storage() as storage:
        d = cat.resolve_restore("/w/new", storage)
        assert d.path is None and "the job's first start" in d.reasons[-1]
        cat.add_job("adopted", folder="/w", checkpoint_dir=str(tmp_path / "own"))
        found = checkpoint(tmp_path / "own", 1, 1700000000)
        with pytest.raises(flowstate.IllegalStateError) as e:
            cat.resolve_restore("/w/adopted", storage)
        assert found in str(e.value)


def test_read_only_opens_never_create_or_upgrade(tmp_path):
    with pytest.raises(flowstate.NotFoundError):
        flowstate.Catalog(str(tmp_path / "absent.db"), read_only=True)
    assert not (tmp_path / "absent.db").exists()
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(flowstate.NotFoundError):
        flowstate.Catalog(str(empty), read_only=True)
    assert empty.stat().st_size == 0
    old = tmp_path / "v1.db"
    shutil.copy(V1, old)
    before = old.read_bytes()
    with pytest.raises(flowstate.UnsupportedVersionError) as e:
        flowstate.Catalog(str(old), read_only=True)
    assert "flowstate catalog upgrade" in str(e.value)
    assert old.read_bytes() == before
    # Opening it to write upgrades it, keeping its jobs.
    with flowstate.Catalog(str(old), create=False) as c:
        assert c.schema_version == 6
        assert [j.path for j in c.find_jobs()] == ["/binary", "/warehouse/cdc/emp_1", "/warehouse/cdc/orders",
                                                   "/warehouse/other/emp_1"]


READ = """
import sys, flowstate
with flowstate.Catalog(sys.argv[1], read_only=True) as c:
    assert [j.path for j in c.find_jobs()] == ["/w/emp"], c.find_jobs()
    assert c.tree("/")[0].all_jobs == 1
print("ok")
"""


def test_a_user_who_may_only_read_reads(tmp_path, source_dir):
    shared = reader.shared_dir()
    try:
        tools = shared / "tools"
        tools.mkdir()
        lib = reader.reachable(Path(flowstate._native.lib._name).resolve(), tools)
        pkg = reader.reachable(Path(flowstate.__file__).resolve().parent, tools)
        env = {"FLOWSTATE_LIBRARY": str(lib), "PYTHONPATH": str(pkg.parent)}
        data = shared / "catalog"
        data.mkdir()
        db = data / "catalog.db"
        with flowstate.Catalog(str(db)) as c:
            c.add_job("emp", folder="/w")
        for label in ("without -wal/-shm", "with -wal/-shm"):
            holder = flowstate.Catalog(str(db)) if label.startswith("with ") else None
            try:
                if holder is not None:
                    holder.find_jobs()
                    assert Path(str(db) + "-shm").exists()
                reader.lock(data)
                try:
                    r = reader.run(["/usr/bin/python3", "-c", READ, str(db)], env=env)
                finally:
                    reader.unlock(data)
                assert r.returncode == 0 and "ok" in r.stdout, (label, r.stderr)
            finally:
                if holder is not None:
                    holder.close()
    finally:
        shutil.rmtree(shared, ignore_errors=True)
