"""Writes catalog-v3.db (and its secrets file) as flowstate's catalog schema 3 wrote them.

The fixture was written once, by the library at commit 0e87ceb (the last with schema 3),
and is kept as it is: the migration tests open it with today's code and check that nothing
in it is lost. Running this script against a newer library writes a newer schema, so it
only documents how the fixture was made:

    FLOWSTATE_LIBRARY=<schema-3 libflowstate.so> python3 make_catalog_v3.py OUT_DIR

It holds one of each record schema 3 stores: a cluster, jobs in folders with their
strategies and retention (savepoints' own), a script whose password went to the secret
store, runs (one ended, one open and restored from a checkpoint in CLAIM mode), checkpoints
and savepoints of every origin and state a host records (a savepoint with its trigger id), a
pending ONCE path, the free-text job statuses schema 3 kept (the lifecycle's states replace
them: "RUNNING" with an open run, the default "CREATED", "STOPPED" and a host's own word) and
the audit log all of this wrote.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bindings" / "python"))

import flowstate  # noqa: E402
from flowstate import SnapshotRecord  # noqa: E402

RUN_A = "a0000000000000000000000000000001"
RUN_B = "b0000000000000000000000000000002"
CP = "file:///opt/flink/volume/flink-cp/"
SP = "file:///opt/flink/volume/flink-sp/"

SCRIPT = (
    "SET 'execution.checkpointing.interval' = '10s';\n"
    "CREATE TABLE src (id INT) WITH (\n"
    "  'connector' = 'mysql-cdc',\n"
    "  'hostname' = '10.0.0.1',\n"
    "  'username' = 'flink',\n"
    "  'password' = 'cdc-secret',\n"
    "  'database-name' = 'emp',\n"
    "  'table-name' = 'emp_1'\n"
    ");\n"
    "INSERT INTO sink SELECT * FROM src;\n"
)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    db = out / "catalog-v3.db"
    for p in (db, Path(str(db) + ".secrets")):
        if p.exists():
            p.unlink()
    secrets: dict = {}
    with flowstate.Catalog(str(db), actor="fixture") as cat:
        assert cat.schema_version == 3, "run this with the schema-3 library"
        cat.put_cluster("prod", rest_url="http://127.0.0.1:8081", flink_version="1.20",
                        checkpoint_dir=CP.rstrip("/"), savepoint_dir=SP.rstrip("/"))
        cdc = cat.add_job("emp_1", folder="/warehouse/cdc", cluster="prod", strategy="LATEST_STATE",
                          retain_count=2, retain_age_ms=7 * 86400000, status="RUNNING")
        orders = cat.add_job("orders", folder="/warehouse", cluster="prod", strategy="LATEST_SAVEPOINT")
        cat.add_job("emp_2", folder="/warehouse/cdc", cluster="prod", status="STOPPED",
                    savepoint_retain_count=3)
        cat.add_job("legacy", folder="/", status="paused by ops")
        cat.save_script(cdc.id, SCRIPT, secrets)

        r1 = cat.start_run(cdc.id, flink_job_id=RUN_A, started_ms=1_000)
        c7 = cat.add_snapshot(cdc.id, SnapshotRecord(path=CP + RUN_A + "/chk-7", checkpoint_id=7,
                                                     completion_ms=2_000, size=100, run_id=r1.id,
                                                     format_version=5))
        cat.add_snapshot(cdc.id, SnapshotRecord(path=CP + RUN_A + "/chk-8", checkpoint_id=8,
                                                completion_ms=3_000, run_id=r1.id,
                                                origin="RETAINED_CHECKPOINT"))
        cat.add_snapshot(cdc.id, SnapshotRecord(path=SP + "savepoint-a00000-0123456789ab", kind="SAVEPOINT",
                                                origin="STOP", trigger_ms=3_500, completion_ms=4_000,
                                                savepoint_format="CANONICAL", run_id=r1.id))
        cat.add_snapshot(cdc.id, SnapshotRecord(path=SP + "savepoint-a00000-0000000000aa", kind="SAVEPOINT",
                                                origin="TRIGGERED", trigger_ms=4_500, state="FAILED",
                                                run_id=r1.id))
        cat.add_snapshot(cdc.id, SnapshotRecord(path=SP + "savepoint-a00000-0000000000bb", kind="SAVEPOINT",
                                                origin="TRIGGERED", trigger_ms=4_600, completion_ms=4_700,
                                                run_id=r1.id, trigger_id="0123456789abcdef0123456789abcdef"))
        cat.end_run(r1.id, "FINISHED", 5_000)
        cat.start_run(cdc.id, flink_job_id=RUN_B, started_ms=6_000, restored_from=CP + RUN_A + "/chk-7",
                      claim_mode="CLAIM", restored_snapshot=c7.id)
        cat.add_snapshot(orders.id, SnapshotRecord(path=SP + "savepoint-c00000-00000000000c", kind="SAVEPOINT",
                                                   origin="DISCOVERED_ON_STORAGE", completion_ms=8_000))
        cat.set_once(orders.id, SP + "savepoint-c00000-00000000000c")
    Path(str(db) + ".secrets").write_text(json.dumps(secrets, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent))
