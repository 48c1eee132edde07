"""Opens (or creates) a checkpoint catalog, records a cluster and a job in a folder, and lists
the folder's jobs with where each stands.

    python3 open_catalog.py CATALOG
"""

import sys

import flowstate


def main(path: str) -> int:
    with flowstate.Catalog(path) as catalog:
        print("catalog %s, schema %d" % (catalog.path, catalog.schema_version))
        catalog.put_cluster("prod", rest_url="http://flink-jobmanager:8081",  # not contacted
                            flink_version="1.14", checkpoint_dir="file:///mnt/flink-volume/flink-cp")
        try:
            catalog.add_job("emp", folder="/cdc", cluster="prod")
        except flowstate.AlreadyExistsError:  # opened a second time
            pass
        for job in catalog.find_jobs(folder="/cdc"):
            print("job %s on %s: %s" % (job.path, job.cluster, job.state))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: open_catalog.py CATALOG")
    sys.exit(main(sys.argv[1]))
