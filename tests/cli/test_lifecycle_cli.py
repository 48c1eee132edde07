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
