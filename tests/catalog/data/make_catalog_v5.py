"""Writes catalog-v5.db (and its secrets file) as flowstate's catalog schema 5 wrote them.

The fixture was written once, by the library at commit 0c78d77 (the last with schema 5),
and is kept as it is: the migration tests open it with today's code and check that nothing
in it is lost. Running this script against a newer library writes a newer schema, so it
only documents how the fixture was made:

    FLOWSTATE_LIBRARY=<schema-5 libflowstate.so> python3 make_catalog_v5.py OUT_DIR

It holds what schema 5 added, clusters with their deployment and runner (jar, entry class,
argument template), next to the lifecycle's records of schema 4: a job with an open run
(which observation rounds of schema 6 watch), one with an ended run, a moved job with its
MOVE operation, snapshots, a script whose password went to the secret store and the audit
log all of this wrote.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bindings" / "python"))

import flowstate  # noqa: E402
from flowstate import SnapshotRecord, unstable  # noqa: E402
from flowstate.lifecycle import Lifecycle  # noqa: E402

RUN_A = "a0000000000000000000000000000005"
RUN_B = "b0000000000000000000000000000005"
CP = "file:///opt/flink/volume/flink-cp/"
SP = "file:///opt/flink/volume/flink-sp/"

SCRIPT = (
    "SET execution.checkpointing.interval = 6s;\n"
    "EXECUTE CDCSOURCE cdc WITH ('connector' = 'mysql-cdc', 'hostname' = '10.0.0.1',\n"
    "  'username' = 'root', 'password' = 'cdc-secret', 'table-name' = 'emp_1\\.employees_[0-9]+',\n"
    "  'sink.connector' = 'print');\n"
)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    db = out / "catalog-v5.db"
    for p in (db, Path(str(db) + ".secrets")):
        if p.exists():
            p.unlink()
    secrets: dict = {}
    with flowstate.Catalog(str(db), actor="fixture") as cat:
        assert cat.schema_version == 5, "run this with the schema-5 library"
        cat.put_cluster("prod", rest_url="http://127.0.0.1:8081", flink_version="1.14", deployment="session",
                        checkpoint_dir=CP.rstrip("/"), savepoint_dir=SP.rstrip("/"),
                        runner_jar="/opt/flowstate/flowstate-runner.jar", runner_entry_class="org.flowstate.Runner",
                        runner_args="--script-base64 {script_base64} --config-json {config_json} --name {job_name}")
        cat.put_cluster("dr", rest_url="http://127.0.0.1:9081", flink_version="1.20", deployment="application")
        cdc = cat.add_job("emp_1", folder="/warehouse/cdc", cluster="prod", strategy="LATEST_STATE")
        done = cat.add_job("emp_2", folder="/warehouse/cdc", cluster="prod", strategy="LATEST_SAVEPOINT")
        orders = cat.add_job("orders", folder="/warehouse", cluster="prod")
        cat.save_script(cdc.id, SCRIPT, secrets)
        unstable.start_run(cat, cdc.id, flink_job_id=RUN_A, started_ms=1_000)
        cat.add_snapshot(cdc.id, SnapshotRecord(path=CP + RUN_A + "/chk-3", checkpoint_id=3,
                                                completion_ms=2_000, size=100, format_version=3))
        r = unstable.start_run(cat, done.id, flink_job_id=RUN_B, started_ms=3_000)
        cat.add_snapshot(done.id, SnapshotRecord(path=SP + "savepoint-b00000-0000000000bb", kind="SAVEPOINT",
                                                 origin="STOP", completion_ms=4_000, run_id=r.id))
        unstable.end_run(cat, r.id, "FINISHED", 5_000)
        with Lifecycle(cat) as life:
            life.move(orders.id, "dr")
    Path(str(db) + ".secrets").write_text(json.dumps(secrets, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent))
