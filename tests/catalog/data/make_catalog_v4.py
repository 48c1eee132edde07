"""Writes catalog-v4.db (and its secrets file) as flowstate's catalog schema 4 wrote them.

The fixture was written once, by the library at commit 2c0c88e (the last with schema 4),
and is kept as it is: the migration tests open it with today's code and check that nothing
in it is lost. Running this script against a newer library writes a newer schema, so it
only documents how the fixture was made:

    FLOWSTATE_LIBRARY=<schema-4 libflowstate.so> python3 make_catalog_v4.py OUT_DIR

It holds what schema 4 added, the lifecycle (job states, desired states and row versions, a
MOVE operation in the operation log), next to one of each older record: two clusters (which
schema 5 gives a deployment and a runner), jobs in folders, a script whose password went to
the secret store, runs recorded through the raw calls (one ended, one open and restored in
LEGACY mode), snapshots (a savepoint with its trigger id), a pending ONCE path and the audit
log all of this wrote.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bindings" / "python"))

import flowstate  # noqa: E402
from flowstate import SnapshotRecord, unstable  # noqa: E402
from flowstate.lifecycle import Lifecycle  # noqa: E402

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
    db = out / "catalog-v4.db"
    for p in (db, Path(str(db) + ".secrets")):
        if p.exists():
            p.unlink()
    secrets: dict = {}
    with flowstate.Catalog(str(db), actor="fixture") as cat:
        assert cat.schema_version == 4, "run this with the schema-4 library"
        cat.put_cluster("prod", rest_url="http://127.0.0.1:8081", sql_gateway_url="http://127.0.0.1:8083",
                        flink_version="1.14", checkpoint_dir=CP.rstrip("/"), savepoint_dir=SP.rstrip("/"))
        cat.put_cluster("dr", rest_url="http://127.0.0.1:9081", flink_version="1.20")
        cdc = cat.add_job("emp_1", folder="/warehouse/cdc", cluster="prod", strategy="LATEST_SAVEPOINT",
                          retain_count=2, retain_age_ms=7 * 86400000)
        orders = cat.add_job("orders", folder="/warehouse", cluster="prod", strategy="LATEST_STATE")
        cat.add_job("emp_2", folder="/warehouse/cdc", cluster="prod", savepoint_retain_count=3)
        cat.save_script(cdc.id, SCRIPT, secrets)

        r1 = unstable.start_run(cat, cdc.id, flink_job_id=RUN_A, started_ms=1_000)
        cat.add_snapshot(cdc.id, SnapshotRecord(path=CP + RUN_A + "/chk-7", checkpoint_id=7,
                                                completion_ms=2_000, size=100, run_id=r1.id, format_version=5))
        cat.add_snapshot(cdc.id, SnapshotRecord(path=SP + "savepoint-a00000-0000000000bb", kind="SAVEPOINT",
                                                origin="STOP", trigger_ms=4_600, completion_ms=4_700,
                                                run_id=r1.id, trigger_id="0123456789abcdef0123456789abcdef"))
        unstable.end_run(cat, r1.id, "FINISHED", 5_000)
        unstable.start_run(cat, cdc.id, flink_job_id=RUN_B, started_ms=6_000,
                           restored_from=SP + "savepoint-a00000-0000000000bb", claim_mode="LEGACY")
        cat.add_snapshot(orders.id, SnapshotRecord(path=SP + "savepoint-c00000-00000000000c", kind="SAVEPOINT",
                                                   origin="DISCOVERED_ON_STORAGE", completion_ms=8_000))
        cat.set_once(orders.id, SP + "savepoint-c00000-00000000000c")
        with Lifecycle(cat) as life:
            life.move(orders.id, "dr")
    Path(str(db) + ".secrets").write_text(json.dumps(secrets, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent))
