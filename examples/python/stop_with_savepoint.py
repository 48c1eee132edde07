"""Stops a running job with a savepoint: records the cluster and the job, adopts the Flink job
the cluster runs, stops it with a savepoint (the run ends FINISHED) and prints the savepoint
once verified on storage.

    python3 stop_with_savepoint.py CATALOG REST_URL CHECKPOINT_DIR SAVEPOINT_DIR FLINK_JOB_ID
"""

import sys

import flowstate


def main(path: str, rest_url: str, checkpoints: str, savepoints: str, flink_job_id: str) -> int:
    with flowstate.Catalog(path) as catalog, flowstate.Storage() as storage:
        catalog.put_cluster("prod", rest_url=rest_url, flink_version="1.20",
                            checkpoint_dir=checkpoints, savepoint_dir=savepoints)
        catalog.add_job("emp", folder="/cdc", cluster="prod")
        with flowstate.Lifecycle(catalog, storage, poll=0.02) as life:
            life.adopt("/cdc/emp", flink_job_id, timeout=30)
            report = life.stop("/cdc/emp", mode="PAUSE", timeout=30)  # stop-with-savepoint
    for s in report.snapshots:
        if s.kind == "SAVEPOINT":
            print("savepoint", s.path)
            return 0
    print("stop_with_savepoint.py: the stop recorded no savepoint", file=sys.stderr)
    return 1


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit("usage: stop_with_savepoint.py CATALOG REST_URL CHECKPOINT_DIR SAVEPOINT_DIR FLINK_JOB_ID")
    sys.exit(main(*sys.argv[1:]))
