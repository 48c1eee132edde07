"""`flowstate jobs|snapshots|restore` as users run them, on a real catalog file and directory tree."""

import json
import os
import stat
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog_helpers import RUN, catalog_env, record_run, run  # noqa: E402
from catalog_helpers import checkpoint as checkpoint_in  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "sql" / "data" / "seed_emp_1.sql"


@pytest.fixture
def env(tmp_path):
    return catalog_env(tmp_path)


def checkpoint(root: Path, n: int, t: int, torn: bool = False) -> str:
    return checkpoint_in(root / "cp", n, t, torn)


def test_jobs_add_show_tree_find_mv_rm(cli, env, tmp_path):
    r = run(cli, env, "jobs", "add", "/warehouse/cdc/emp", "--cluster", "prod", "--script", str(SEED),
            "--retain-count", "3", "--retain-age", "7d")
    assert r.returncode == 0, r.stderr
    assert "added /warehouse/cdc/emp" in r.stdout
    # The seed's MySQL password moved out, and the user is told where it was.
    assert "seed_emp_1.sql:24:" in r.stderr and "${secret:" in r.stderr
    db = tmp_path / "data" / "flowstate" / "catalog.db"
    assert db.exists()
    secrets = Path(str(db) + ".secrets")
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
    assert "000000" in secrets.read_text()
    for f in db.parent.iterdir():  # the database, its WAL and shared memory
        if f != secrets:
            assert b"000000" not in f.read_bytes(), f

    r = run(cli, env, "jobs", "show", "/warehouse/cdc/emp", "--json", "--script")
    assert r.returncode == 0, r.stderr
    shown = json.loads(r.stdout)
    assert shown["job"]["cluster"] == "prod"
    assert shown["job"]["retain_count"] == 3 and shown["job"]["retain_age_ms"] == 7 * 86400000
    assert "${secret:" in shown["job"]["script"] and "000000" not in shown["job"]["script"]
    assert [e["action"] for e in shown["events"]] == ["script.save", "job.add"]
    r = run(cli, env, "jobs", "show", "/warehouse/cdc/emp")
    assert "prod (Flink 1.20)" in r.stdout and "keep 3, at most 7d old" in r.stdout
    assert "000000" not in r.stdout

    assert run(cli, env, "jobs", "add", "/warehouse/dim/users").returncode == 0
    assert run(cli, env, "jobs", "add", "/warehouse/dim/users").returncode != 0
    r = run(cli, env, "jobs", "tree")
    assert r.stdout.splitlines()[:3] == ["/  (2 jobs)", "  warehouse/  (2 jobs)", "    cdc/  (1 job)"]
    tree = json.loads(run(cli, env, "jobs", "tree", "/warehouse", "--json").stdout)
    assert [(f["path"], f["all_jobs"]) for f in tree["folders"]] == [
        ("/warehouse", 2), ("/warehouse/cdc", 1), ("/warehouse/dim", 1)]

    r = run(cli, env, "jobs", "find", "--cluster", "prod", "--json")
    assert [j["path"] for j in json.loads(r.stdout)["jobs"]] == ["/warehouse/cdc/emp"]
    assert run(cli, env, "jobs", "find", "--name", "nothing-like-it").returncode == 1

    assert run(cli, env, "jobs", "mv", "/warehouse", "/dw").returncode == 0
    r = run(cli, env, "jobs", "mv", "/dw/cdc/emp", "/hr/")
    assert r.returncode == 0 and "/hr/emp" in r.stdout
    r = run(cli, env, "jobs", "mv", "/hr/emp", "/hr/emp_v2")
    assert r.returncode == 0 and "/hr/emp_v2" in r.stdout
    r = run(cli, env, "jobs", "rm", "--folder", "/dw/dim")
    assert r.returncode != 0 and "error" in r.stderr
    assert run(cli, env, "jobs", "rm", "/dw/dim/users").returncode == 0
    assert run(cli, env, "jobs", "rm", "--folder", "/dw/dim").returncode == 0
    r = run(cli, env, "jobs", "show", "/dw/dim/users")
    assert r.returncode != 0 and "/dw/dim/users" in r.stderr


def test_catalog_location_overrides(cli, env, tmp_path):
    explicit = tmp_path / "elsewhere" / "c.db"
    assert run(cli, env, "jobs", "add", "/a", "--catalog", str(explicit)).returncode == 0
    assert explicit.exists()
    settings = Path(env["FLOWSTATE_SETTINGS"])
    settings.write_text(settings.read_text() + "[catalog]\npath = %s\n" % explicit)
    r = run(cli, env, "jobs", "find", "--json")
    assert [j["path"] for j in json.loads(r.stdout)["jobs"]] == ["/a"]
    assert not (tmp_path / "data" / "flowstate" / "catalog.db").exists()
    # Reading never creates a catalog.
    r = run(cli, env, "jobs", "tree", "--catalog", str(tmp_path / "none.db"))
    assert r.returncode != 0 and "no catalog at" in r.stderr
    assert not (tmp_path / "none.db").exists()


def test_unknown_cluster_and_secret_without_a_store_are_clear(cli, env, tmp_path):
    r = run(cli, env, "jobs", "add", "/x", "--cluster", "staging")
    assert r.returncode != 0
    assert "unknown cluster 'staging'" in r.stderr and '[cluster "staging"]' in r.stderr
    r = run(cli, env, "jobs", "add", "/y", "--strategy", "NEWEST")
    assert r.returncode != 0
    assert "LATEST_STATE" in r.stderr


def test_snapshots_and_restore_on_a_real_tree(cli, env, tmp_path):
    assert run(cli, env, "jobs", "add", "/cdc/orders", "--cluster", "prod", "--strategy", "LATEST_CHECKPOINT",
               "--retain-age", "1ms").returncode == 0
    paths = [checkpoint(tmp_path, n, 1700000000 + 60 * n, torn=(n == 3)) for n in (1, 2, 3)]

    # Registering by hand checks storage first.
    r = run(cli, env, "snapshots", "add", "/cdc/orders", paths[2])
    assert r.returncode != 0 and "not restorable" in r.stderr
    r = run(cli, env, "snapshots", "add", "/cdc/orders", paths[0], "--json")
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)["snapshot"]
    assert (rec["checkpoint_id"], rec["origin"], rec["state"]) == (1, "REGISTERED_BY_USER", "COMPLETED")
    assert rec["completion_ms"] == (1700000000 + 60) * 1000

    # The catalog knows chk-1 only; reconcile finds chk-2 (chk-3 is torn: reported, not added).
    r = run(cli, env, "snapshots", "reconcile", "/cdc/orders", "--json")
    rep = json.loads(r.stdout)
    assert [s["checkpoint_id"] for s in rep["added"]] == [2]
    assert rep["added"][0]["origin"] == "DISCOVERED_ON_STORAGE"
    assert any("chk-3" in p for p in rep["problems"])
    assert r.returncode == 1, "problems were reported"

    r = run(cli, env, "restore", "plan", "/cdc/orders", "--json")
    assert r.returncode == 0, r.stderr
    plan = json.loads(r.stdout)
    assert plan["path"] == paths[1] and plan["strategy"] == "LATEST_CHECKPOINT"
    assert plan["candidates"][0]["restorable"] is True
    r = run(cli, env, "restore", "plan", "/cdc/orders", "--progress")
    assert "restore    " + paths[1] in r.stdout and "candidates considered:" in r.stdout
    assert "restore decision" in r.stderr, "progress is shown on standard error"

    # chk-2 disappears: the plan moves to chk-1 and says why.
    import shutil

    shutil.rmtree(tmp_path / "cp" / RUN / "chk-2")
    r = run(cli, env, "restore", "plan", "/cdc/orders", "--json", "--no-discover")
    plan = json.loads(r.stdout)
    assert plan["path"] == paths[0]
    assert plan["candidates"][0]["verdict"] == "MISSING"
    assert any("skipped " + paths[1] in x for x in plan["reasons"])

    r = run(cli, env, "snapshots", "list", "/cdc/orders", "--state", "COMPLETED", "--json")
    assert [s["checkpoint_id"] for s in json.loads(r.stdout)["snapshots"]] == [2, 1]

    # Retention never takes a user's registration, nor the newest completed snapshot.
    r = run(cli, env, "snapshots", "prune", "/cdc/orders", "--dry-run", "--json")
    rep = json.loads(r.stdout)
    assert rep["deleted"] == [] and rep["dry_run"] is True
    assert [(s["checkpoint_id"], "newest" in s["note"]) for s in rep["kept"]] == [(2, True)]

    # ONCE: the next start only.
    r = run(cli, env, "restore", "set", "/cdc/orders", "--once", paths[0])
    assert r.returncode == 0
    plan = json.loads(run(cli, env, "restore", "plan", "/cdc/orders", "--json").stdout)
    assert (plan["strategy"], plan["once"], plan["path"]) == ("ONCE", True, paths[0])
    assert run(cli, env, "restore", "set", "/cdc/orders", "--clear-once").returncode == 0
    assert json.loads(run(cli, env, "jobs", "show", "/cdc/orders", "--json").stdout)["job"]["once_path"] is None
    r = run(cli, env, "restore", "set", "/cdc/orders")
    assert r.returncode != 0 and "--once PATH" in r.stderr


def test_restore_plan_fails_closed_with_the_reasons(cli, env, tmp_path):
    assert run(cli, env, "jobs", "add", "/empty").returncode == 0
    # It ran before (so this is no first start), and nothing of it is left.
    record_run(env, "/empty")
    r = run(cli, env, "restore", "plan", "/empty")
    assert r.returncode not in (0, 1, 2)
    assert "refusing to start empty" in r.stderr
    r = run(cli, env, "restore", "plan", "/empty", "--allow-empty-start", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["path"] is None
    assert run(cli, env, "restore", "set", "/empty", "NONE").returncode == 0
    r = run(cli, env, "restore", "plan", "/empty")
    assert r.returncode == 0 and "the job starts empty" in r.stdout


def test_reconcile_tells_flinks_retention_from_a_loss(cli, env, tmp_path):
    """A recorded checkpoint gone from a directory that still holds newer ones and no older one
    was deleted by Flink's num-retained (DISPOSED); a hole between survivors is a loss (MISSING)."""
    import shutil
    assert run(cli, env, "jobs", "add", "/cdc/orders", "--cluster", "prod").returncode == 0
    paths = [checkpoint(tmp_path, n, 1700000000 + 60 * n) for n in (1, 2, 3, 4)]
    for p in paths:
        assert run(cli, env, "snapshots", "add", "/cdc/orders", p).returncode == 0
    for n in (1, 3):
        shutil.rmtree(Path(paths[n - 1].replace("file://", "")))
    r = run(cli, env, "snapshots", "reconcile", "/cdc/orders", "--json")
    rep = json.loads(r.stdout)
    assert [s["path"] for s in rep["disposed"]] == [paths[0]]
    assert [s["path"] for s in rep["missing"]] == [paths[2]]
    assert rep["disposed"][0]["state"] == "DISPOSED"
    assert r.returncode == 1, "a loss is a problem; Flink's retention is not"
    text = run(cli, env, "snapshots", "reconcile", "/cdc/orders").stdout
    assert "0 deleted by Flink's retention (now DISPOSED)" in text
