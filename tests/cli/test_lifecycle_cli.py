"""`flowstate jobs lifecycle`: the lifecycle's table as users read it."""

import json


def test_the_whole_table_and_one_state(cli):
    r = cli("jobs", "lifecycle")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "ACTION  FROM  ->  TO"
    start = next(line for line in lines if line.startswith("  start  "))
    assert start == "  start  NEW, SUSPENDED, CANCELLED, FINISHED, FAILED  ->  STARTING  (desired running)"
    assert "  acknowledge-lost  UNREACHABLE  ->  LOST" in lines
    assert "EVENT  FROM  ->  TO" in lines

    r = cli("jobs", "lifecycle", "--state", "running")
    assert r.returncode == 0, r.stderr
    actions = [line.split()[0] for line in r.stdout.split("\nEVENT")[0].splitlines()[1:]
               if line.startswith("  ") and not line.startswith("      ")]
    assert actions == ["savepoint", "stop", "cancel", "restart"]
    assert "  savepoint  ->  RUNNING" in r.stdout
    assert "  unreachable  ->  UNREACHABLE" in r.stdout

    r = cli("jobs", "lifecycle", "--state", "UNREACHABLE", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert {x["action"] for x in rows if x["action"]} == {"cancel", "acknowledge-lost"}
    ack = next(x for x in rows if x["action"] == "acknowledge-lost")
    assert (ack["to"], ack["from"], ack["event"]) == ("LOST", ["UNREACHABLE"], None)

    r = cli("jobs", "lifecycle", "--state", "paused")
    assert r.returncode == 2 and "--state" in r.stderr, r.stderr


def test_history_after_the_upgrade(cli, tmp_path):
    """A schema-3 catalog's free-text statuses became states, audited; `jobs history` shows them."""
    import shutil
    from pathlib import Path
    v3 = Path(__file__).resolve().parents[1] / "catalog" / "data" / "catalog-v3.db"
    db = tmp_path / "catalog.db"
    shutil.copy(v3, db)
    r = cli("catalog", "upgrade", "--catalog", str(db))
    assert r.returncode == 0, r.stderr
    r = cli("jobs", "history", "/warehouse/cdc/emp_2", "--catalog", str(db))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "/warehouse/cdc/emp_2: CANCELLED"
    assert len(lines) == 2
    assert lines[1].endswith("- -> CANCELLED  by " + lines[1].split("  by ")[1].split(" ")[0] +
                             " (catalog schema 4): status 'STOPPED' became CANCELLED: as its status said")
    r = cli("jobs", "history", "/warehouse/cdc/emp_1", "--catalog", str(db), "--all", "--json")
    assert r.returncode == 0, r.stderr
    events = json.loads(r.stdout)
    assert events[0]["action"] == "job.add" and events[0]["to_state"] is None
    assert all(e["at_ms"] <= f["at_ms"] for e, f in zip(events, events[1:])), "oldest first"
    r = cli("jobs", "show", "/warehouse/cdc/emp_1", "--catalog", str(db))
    assert "state        RUNNING (asked: running)" in r.stdout, r.stdout
    r = cli("jobs", "history", "/nowhere", "--catalog", str(db))
    assert r.returncode != 0 and "/nowhere" in r.stderr
