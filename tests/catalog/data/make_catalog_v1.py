"""Writes catalog-v1.db (and its secrets file) as flowstate's catalog schema 1 wrote them.

The fixture was written once, by the library at commit 540e99f (the last with schema 1), and is kept
as it is: the migration tests open it with today's code and check that nothing in it is
lost. Running this script against a newer library writes a newer schema, so it only
documents how the fixture was made:

    FLOWSTATE_LIBRARY=<schema-1 libflowstate.so> python3 make_catalog_v1.py OUT_DIR

It holds what schema 1 let in and later versions repair: two jobs of one name in two folders
whose secret names collide, a script with a NUL byte, one checkpoint recorded in three
spellings (with a run restored from one of them), a ONCE path in a fourth spelling, two
open runs of one job, and savepoints under the job's checkpoint retention.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bindings" / "python"))

import flowstate  # noqa: E402
from flowstate import SnapshotRecord  # noqa: E402

RUN_A = "a0000000000000000000000000000001"
RUN_B = "b0000000000000000000000000000002"


def script(host: str, password: str) -> str:
    return (
        "SET 'execution.checkpointing.interval' = '10s';\n"
        "CREATE TABLE src (id INT) WITH (\n"
        "  'connector' = 'mysql-cdc',\n"
        "  'hostname' = '%s',\n"
        "  'username' = 'flink',\n"
        "  'password' = '%s',\n"
        "  'database-name' = 'emp',\n"
        "  'table-name' = 'emp_1'\n"
        ");\n"
        "INSERT INTO sink SELECT * FROM src;\n" % (host, password)
    )


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    db = out / "catalog-v1.db"
    for p in (db, Path(str(db) + ".secrets")):
        if p.exists():
            p.unlink()
    secrets: dict = {}
    with flowstate.Catalog(str(db), actor="fixture") as cat:
        assert cat.schema_version == 1, "run this with the schema-1 library"
        cat.put_cluster("prod", rest_url="http://127.0.0.1:8081", flink_version="1.14",
                        checkpoint_dir="file:///opt/flink/volume/flink-cp",
                        savepoint_dir="file:///opt/flink/volume/flink-sp")
        cdc = cat.add_job("emp_1", folder="/warehouse/cdc", cluster="prod", strategy="LATEST_STATE",
                          retain_count=2, retain_age_ms=7 * 86400000)
        other = cat.add_job("emp_1", folder="/warehouse/other", cluster="prod", strategy="LATEST_SAVEPOINT")
        orders = cat.add_job("orders", folder="/warehouse/cdc", cluster="prod", strategy="NONE")
        binary = cat.add_job("binary", folder="/", strategy="NONE")
        # Schema 1 names secrets after the job's name: the second save overwrites the first
        # job's password in the store, and both scripts now refer to one name.
        cat.save_script(cdc.id, script("10.0.0.1", "cdc-secret"), secrets)
        cat.save_script(other.id, script("10.0.0.2", "other-secret"), secrets)
        cat.save_script(orders.id, script("10.0.0.3", "orders-secret"), secrets)
        # Schema 1 stores bytes after a NUL too (and hands them out cut short).
        cat.save_script(binary.id, "SELECT 1;\n\x00\x01\x02 SELECT 2;\n", None)

        # One checkpoint in three spellings, and a savepoint; a run restored from a spelling.
        base = "/opt/flink/volume/flink-cp/" + RUN_A
        r1 = cat.start_run(cdc.id, flink_job_id=RUN_A, started_ms=1_000)
        cat.end_run(r1.id, "CANCELED", 5_000)
        first = cat.add_snapshot(cdc.id, SnapshotRecord(path="file://" + base + "/chk-7", checkpoint_id=7,
                                                        completion_ms=2_000, size=100, run_id=r1.id))
        cat.add_snapshot(cdc.id, SnapshotRecord(path="file:" + base + "/chk-7", checkpoint_id=7,
                                                completion_ms=2_000, origin="RETAINED_CHECKPOINT",
                                                format_version=3))
        third = cat.add_snapshot(cdc.id, SnapshotRecord(path=base + "/chk-7/", checkpoint_id=7,
                                                        completion_ms=2_000, origin="DISCOVERED_ON_STORAGE"))
        cat.add_snapshot(cdc.id, SnapshotRecord(path=base + "/chk-8", checkpoint_id=8, completion_ms=3_000,
                                                run_id=r1.id))
        cat.add_snapshot(cdc.id, SnapshotRecord(path="file:/opt/flink/volume/flink-sp/savepoint-a00000-0123456789ab",
                                                kind="SAVEPOINT", origin="STOP", completion_ms=4_000,
                                                savepoint_format="CANONICAL", run_id=r1.id))
        cat.add_snapshot(cdc.id, SnapshotRecord(path="/opt/flink/volume/flink-sp/savepoint-a00000-0000000000aa",
                                                kind="SAVEPOINT", origin="TRIGGERED", completion_ms=1_500,
                                                run_id=r1.id))
        # Two open runs of one job: schema 1 let the second start while the first was open.
        cat.start_run(cdc.id, flink_job_id=RUN_B, started_ms=6_000, restored_from=base + "/chk-7/",
                      claim_mode="NO_CLAIM", restored_snapshot=third.id)
        cat.start_run(cdc.id, started_ms=7_000)
        cat.set_once(cdc.id, "file:" + base + "//chk-8/")
        cat.set_once(other.id, "file:///opt/flink/volume/flink-sp/./savepoint-b00000-0123456789ab")
        assert first.id > 0
    Path(str(db) + ".secrets").write_text(json.dumps(secrets, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent))
