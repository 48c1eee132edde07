"""The catalog keeps what users entrust to it, as they meet it on the command line: secrets
per job in the secrets file, scripts whole or refused, one record per location, retention
that leaves a running job alone, read commands that never write, one open run per job, and
a new job's first start."""

import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

import reader  # noqa: E402
from catalog_helpers import RUN, catalog_env, end_recorded_run, record_run, run  # noqa: E402
from catalog_helpers import checkpoint as checkpoint_in  # noqa: E402

V1 = Path(__file__).resolve().parents[1] / "catalog" / "data" / "catalog-v1.db"


@pytest.fixture
def env(tmp_path):
    return catalog_env(tmp_path)


def script(password: str) -> str:
    return "CREATE TABLE src (id INT) WITH ('connector' = 'mysql-cdc', 'password' = '%s');\n" % password


def checkpoint(root: Path, run_id: str, n: int, t: int) -> str:
    return checkpoint_in(root, n, t, run_id=run_id)


def test_same_named_jobs_keep_their_own_passwords_in_the_secrets_file(cli, env, tmp_path):
    (tmp_path / "a.sql").write_text(script("cdc-secret"))
    (tmp_path / "b.sql").write_text(script("other-secret"))
    assert run(cli, env, "jobs", "add", "/warehouse/cdc/emp_1", "--script", str(tmp_path / "a.sql")).returncode == 0
    assert run(cli, env, "jobs", "add", "/warehouse/other/emp_1", "--script", str(tmp_path / "b.sql")).returncode == 0
    secrets_file = tmp_path / "data" / "flowstate" / "catalog.db.secrets"
    secrets = json.loads(secrets_file.read_text())
    shown = {}
    for path in ("/warehouse/cdc/emp_1", "/warehouse/other/emp_1"):
        job = json.loads(run(cli, env, "jobs", "show", path, "--json", "--script").stdout)["job"]
        name = "job.%d.src.password" % job["id"]
        assert "${secret:%s}" % name in job["script"]
        shown[path] = secrets[name]
    assert shown == {"/warehouse/cdc/emp_1": "cdc-secret", "/warehouse/other/emp_1": "other-secret"}
    # A move keeps the name; removing the job takes its value out of the file.
    assert run(cli, env, "jobs", "mv", "/warehouse/cdc/emp_1", "/archive/").returncode == 0
    r = run(cli, env, "jobs", "rm", "/archive/emp_1")
    assert r.returncode == 0, r.stderr
    assert sorted(json.loads(secrets_file.read_text()).values()) == ["other-secret"]


def test_scripts_that_are_not_text_are_refused_by_file_line_and_column(cli, env, tmp_path):
    binary = tmp_path / "job.bin"
    binary.write_bytes(b"SELECT 1;\nSELECT 2" + b"\x00" + bytes(range(1, 255)) * 16)
    r = run(cli, env, "jobs", "add", "/w/bin", "--script", str(binary))
    assert r.returncode == 2
    assert "job.bin:2:9: byte offset 18: a NUL byte" in r.stderr
    assert run(cli, env, "jobs", "show", "/w/bin").returncode == 4, "the job is not left half made"
    gbk = tmp_path / "gbk.sql"
    gbk.write_bytes("-- 数据同步\nSELECT 1;\n".encode("gbk"))
    for args in (["jobs", "add", "/w/gbk", "--script", str(gbk)], ["sql", "split", str(gbk)],
                 ["config", "explain", str(gbk), "--flink-version", "1.20"]):
        r = run(cli, env, *args)
        assert r.returncode == 2, (args, r.stderr)
        assert "gbk.sql:1:4: byte offset 3" in r.stderr and "iconv -f GBK -t UTF-8" in r.stderr, args
    # A UTF-8 script is stored and shown whole.
    utf8 = tmp_path / "ok.sql"
    utf8.write_text("-- 数据同步\nSELECT '✓';\n", encoding="utf-8")
    assert run(cli, env, "jobs", "add", "/w/ok", "--script", str(utf8)).returncode == 0
    shown = json.loads(run(cli, env, "jobs", "show", "/w/ok", "--json", "--script").stdout)
    assert shown["job"]["script"] == utf8.read_text(encoding="utf-8")


def test_one_record_per_location_and_records_removed_alone_or_with_files(cli, env, tmp_path):
    assert run(cli, env, "jobs", "add", "/cdc/orders", "--cluster", "prod").returncode == 0
    path = checkpoint(tmp_path / "cp", RUN, 7, 1700000000)
    plain = path[len("file://"):]
    r = run(cli, env, "snapshots", "add", "/cdc/orders", plain + "/", "--json")
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)["snapshot"]
    assert rec["path"] == path, "stored in its canonical form"
    for spelling in ("file:" + plain, path, plain + "//"):
        r = run(cli, env, "snapshots", "add", "/cdc/orders", spelling, "--no-verify")
        assert r.returncode == 5 and "already recorded" in r.stderr, spelling
    # ONCE in another spelling: the plan links the record.
    assert run(cli, env, "restore", "set", "/cdc/orders", "--once", "file:" + plain + "/").returncode == 0
    plan = json.loads(run(cli, env, "restore", "plan", "/cdc/orders", "--json").stdout)
    assert plan["snapshot_id"] == rec["id"] and plan["path"] == path
    r = run(cli, env, "restore", "set", "/cdc/orders", "--clear-once")
    assert r.returncode == 0 and "dropped the pending ONCE path " + path in r.stdout
    r = run(cli, env, "restore", "set", "/cdc/orders", "--once", "savepoint-1")
    assert r.returncode == 2 and "absolute location" in r.stderr
    # The record alone, then (another) with its files first.
    r = run(cli, env, "snapshots", "rm", "/cdc/orders", plain)
    assert r.returncode == 0 and "its files stay" in r.stdout
    assert Path(plain).exists()
    rec = json.loads(run(cli, env, "snapshots", "add", "/cdc/orders", path, "--json").stdout)["snapshot"]
    r = run(cli, env, "snapshots", "rm", "/cdc/orders", str(rec["id"]), "--delete-files")
    assert r.returncode == 0, r.stderr
    assert not Path(plain).exists()
    assert json.loads(run(cli, env, "snapshots", "list", "/cdc/orders", "--json").stdout)["snapshots"] == []
    assert run(cli, env, "snapshots", "rm", "/cdc/orders", "999").returncode == 4
    # A savepoint's trigger id is recorded with it and shown; a malformed one is refused.
    tid = "0123456789abcdef0123456789abcdef"
    sp = "file:///sp/savepoint-a00000-0123456789ab"
    r = run(cli, env, "snapshots", "add", "/cdc/orders", sp, "--no-verify", "--trigger-id", tid, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["snapshot"]["trigger_id"] == tid
    listed = json.loads(run(cli, env, "snapshots", "list", "/cdc/orders", "--json").stdout)["snapshots"]
    assert [(s["path"], s["trigger_id"]) for s in listed] == [(sp, tid)]
    r = run(cli, env, "snapshots", "add", "/cdc/orders", sp + "x", "--no-verify", "--trigger-id", "abc")
    assert r.returncode == 2 and "32 lower-case hex digits" in r.stderr, r.stderr


def test_prune_leaves_a_running_jobs_checkpoints_to_flink(cli, env, tmp_path):
    assert run(cli, env, "jobs", "add", "/cdc/orders", "--cluster", "prod", "--retain-count", "1").returncode == 0
    record_run(env, "/cdc/orders", RUN)
    for n in (1, 2, 3):
        checkpoint(tmp_path / "cp", RUN, n, 1700000000 + n)
    assert run(cli, env, "snapshots", "reconcile", "/cdc/orders").returncode == 0
    rep = json.loads(run(cli, env, "snapshots", "prune", "/cdc/orders", "--dry-run", "--json").stdout)
    assert rep["deleted"] == [], "Flink owns a running job's checkpoints"
    assert len(rep["kept"]) == 2 and all("open run" in k["note"] for k in rep["kept"])
    r = run(cli, env, "runs", "list", "/cdc/orders", "--json")
    run_id = json.loads(r.stdout)["runs"][0]["id"]
    end_recorded_run(env, run_id, "CANCELED")
    rep = json.loads(run(cli, env, "snapshots", "prune", "/cdc/orders", "--dry-run", "--json").stdout)
    assert [s["checkpoint_id"] for s in rep["deleted"]] == [2, 1]


def test_runs_list_shows_what_the_catalog_recorded(cli, env, tmp_path):
    assert run(cli, env, "jobs", "add", "/cdc/orders", "--cluster", "prod").returncode == 0
    first = record_run(env, "/cdc/orders", RUN)
    end_recorded_run(env, first.id, "CANCELED")
    record_run(env, "/cdc/orders")
    runs = json.loads(run(cli, env, "runs", "list", "/cdc/orders", "--json").stdout)["runs"]
    assert [(x["flink_job_id"], x["final_status"], x["ended_ms"] is None) for x in runs] == [
        (RUN, "CANCELED", False), ("", "", True)]
    text = run(cli, env, "runs", "list", "/cdc/orders").stdout
    assert RUN in text and "(open)" in text and "CANCELED" in text
    events = json.loads(run(cli, env, "jobs", "show", "/cdc/orders", "--json").stdout)["events"]
    assert "run.end" in [e["action"] for e in events], "run events carry their job"
    # Only the lifecycle writes runs: the command line has no verb for it.
    for verb in ("start", "end", "restart"):
        r = run(cli, env, "runs", verb, "/cdc/orders")
        assert r.returncode == 2, (verb, r.stdout, r.stderr)


def test_a_new_jobs_first_start_and_what_storage_holds(cli, env, tmp_path):
    assert run(cli, env, "jobs", "add", "/cdc/new", "--cluster", "prod").returncode == 0
    r = run(cli, env, "restore", "plan", "/cdc/new")
    assert r.returncode == 0, r.stderr
    assert "the job's first start" in r.stdout and "nothing: the job starts empty" in r.stdout
    # Once it ran, a start without state needs saying so.
    record_run(env, "/cdc/new", RUN)
    r = run(cli, env, "restore", "plan", "/cdc/new")
    assert r.returncode == 6 and "refusing to start empty" in r.stderr
    # A checkpoint the catalog never heard of is named in the plan.
    found = checkpoint(tmp_path / "cp", RUN, 4, 1700000000)
    plan = json.loads(run(cli, env, "restore", "plan", "/cdc/new", "--json").stdout)
    assert plan["path"] == found
    assert "storage holds %s, which the catalog never recorded" % found in plan["reasons"]


def test_read_commands_never_write(cli, env, tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    r = run(cli, env, "jobs", "tree", "--catalog", str(empty))
    assert r.returncode == 4 and "the file is empty" in r.stderr
    assert empty.stat().st_size == 0
    old = tmp_path / "v1.db"
    shutil.copy(V1, old)
    before = old.read_bytes()
    for args in (["jobs", "tree"], ["jobs", "find"], ["jobs", "show", "/warehouse/cdc/orders"],
                 ["snapshots", "list", "/warehouse/cdc/emp_1"], ["runs", "list", "/warehouse/cdc/emp_1"],
                 ["restore", "plan", "/warehouse/cdc/orders", "--no-verify"], ["catalog", "info"]):
        r = run(cli, env, *args, "--catalog", str(old))
        assert r.returncode == 14, (args, r.stderr)
        assert "flowstate catalog upgrade" in r.stderr, args
    assert old.read_bytes() == before
    r = run(cli, env, "catalog", "upgrade", "--catalog", str(old))
    assert r.returncode == 0 and "catalog schema 6 (upgraded now)" in r.stdout, r.stderr
    with sqlite3.connect(str(old)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 6
    r = run(cli, env, "jobs", "find", "--catalog", str(old), "--json")
    assert len(json.loads(r.stdout)["jobs"]) == 4


def test_a_user_who_may_only_read_runs_every_read_command(cli, env, tmp_path):
    shared = reader.shared_dir()
    try:
        tools = shared / "tools"
        tools.mkdir()
        binary = reader.reachable(Path(cli.binary), tools)
        extra = {}
        if binary != Path(cli.binary):
            lib = Path(os.environ["FLOWSTATE_LIBRARY"]).resolve()
            shutil.copy2(lib, tools / "libflowstate.so.0.2")
            extra["LD_LIBRARY_PATH"] = str(tools)
        data = shared / "catalog"
        data.mkdir()
        db = data / "catalog.db"
        assert run(cli, env, "jobs", "add", "/cdc/orders", "--catalog", str(db)).returncode == 0
        reads = [["jobs", "tree"], ["jobs", "find"], ["jobs", "show", "/cdc/orders"],
                 ["snapshots", "list", "/cdc/orders"], ["runs", "list", "/cdc/orders"],
                 ["restore", "plan", "/cdc/orders"], ["catalog", "info"]]

        def check(label):
            for args in reads:
                r = reader.run([str(binary), *args, "--catalog", str(db)], env=extra)
                assert r.returncode == 0, (label, args, r.stderr)

        # Without -wal and -shm (no writer has it open: SQLite's immutable read).
        assert not Path(str(db) + "-wal").exists()
        reader.lock(data)
        try:
            check("without -wal/-shm")
        finally:
            reader.unlock(data)
        # With them, as a writer leaves them while it has the catalog open (read-only WAL).
        con = sqlite3.connect(str(db))
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("SELECT count(*) FROM jobs").fetchone()
        assert Path(str(db) + "-wal").exists() and Path(str(db) + "-shm").exists()
        reader.lock(data)
        try:
            check("with -wal/-shm")
        finally:
            reader.unlock(data)
            con.close()
        # A change is refused for the reader, with the reason.
        reader.lock(data)
        try:
            r = reader.run([str(binary), "jobs", "add", "/x", "--catalog", str(db)], env=extra)
            assert r.returncode != 0 and "error" in r.stderr
        finally:
            reader.unlock(data)
    finally:
        shutil.rmtree(shared, ignore_errors=True)
