/*
 * Stops a running job with a savepoint, through the C ABI alone.
 *
 *   stop_with_savepoint CATALOG REST_URL CHECKPOINT_DIR SAVEPOINT_DIR FLINK_JOB_ID
 *
 * It records a cluster (REST_URL, Flink 1.20, its checkpoint and savepoint directories) and a
 * job /cdc/emp in the catalog CATALOG, adopts the Flink job the cluster runs under
 * FLINK_JOB_ID, stops it with a savepoint (Flink's stop-with-savepoint: the run ends FINISHED)
 * and prints the savepoint's location once verified on storage. The test command runs it
 * against the Flink cluster simulator installed with flowstate
 * (share/flowstate/flink_sim.py).
 */
#include <flowstate/flowstate.h>

#include <stdio.h>

static int fail(const char* what) {
  fprintf(stderr, "stop_with_savepoint: %s: %s\n", what, flowstate_error_last_message());
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 6) {
    fprintf(stderr,
            "usage: stop_with_savepoint CATALOG REST_URL CHECKPOINT_DIR SAVEPOINT_DIR "
            "FLINK_JOB_ID\n");
    return 2;
  }
  flowstate_catalog* catalog = NULL;
  flowstate_catalog_options co = FLOWSTATE_CATALOG_OPTIONS_INIT;
  if (flowstate_catalog_open(&catalog, argv[1], &co) != FLOWSTATE_OK)
    return fail("open the catalog");
  flowstate_cluster_info cluster = FLOWSTATE_CLUSTER_INFO_INIT;
  cluster.name = "prod";
  cluster.rest_url = argv[2];
  cluster.flink_version = "1.20";
  cluster.checkpoint_dir = argv[3];
  cluster.savepoint_dir = argv[4];
  flowstate_job_info job = FLOWSTATE_JOB_INFO_INIT;
  job.name = "emp";
  job.folder = "/cdc";
  job.cluster = "prod";
  if (flowstate_catalog_put_cluster(NULL, catalog, &cluster) != FLOWSTATE_OK ||
      flowstate_catalog_add_job(NULL, catalog, &job) != FLOWSTATE_OK) {
    flowstate_catalog_free(catalog);
    return fail("record the cluster and the job");
  }

  int rc = 1;
  flowstate_storage* storage = NULL;
  flowstate_lifecycle* life = NULL;
  flowstate_action_report* report = NULL;
  flowstate_lifecycle_options lo = FLOWSTATE_LIFECYCLE_OPTIONS_INIT;
  lo.poll_ms = 20;
  flowstate_operation op = FLOWSTATE_OPERATION_INIT;
  op.timeout_ms = 30000; /* the whole action's deadline, every request included */
  flowstate_action_options stop = FLOWSTATE_ACTION_OPTIONS_INIT;
  stop.stop_mode = FLOWSTATE_STOP_PAUSE; /* stop-with-savepoint */
  if (flowstate_storage_new(&storage, NULL) != FLOWSTATE_OK) {
    fail("storage");
  } else if (flowstate_lifecycle_new(&life, catalog, storage, &lo) != FLOWSTATE_OK) {
    fail("lifecycle");
  } else if (flowstate_lifecycle_adopt(NULL, life, "/cdc/emp", argv[5], &op) != FLOWSTATE_OK) {
    fail("adopt the job");
  } else if (flowstate_lifecycle_stop(&report, life, "/cdc/emp", &stop, &op) != FLOWSTATE_OK) {
    fail("stop with a savepoint");
  } else {
    for (size_t i = 0; i < flowstate_action_report_snapshot_count(report); ++i) {
      flowstate_snapshot_record s = FLOWSTATE_SNAPSHOT_RECORD_INIT;
      if (flowstate_action_report_snapshot_get(report, i, &s) == FLOWSTATE_OK &&
          s.kind == FLOWSTATE_SNAPSHOT_SAVEPOINT) {
        printf("savepoint %s\n", s.path);
        rc = 0;
      }
    }
    if (rc != 0) fprintf(stderr, "stop_with_savepoint: the stop recorded no savepoint\n");
  }
  flowstate_action_report_free(report);
  flowstate_lifecycle_free(life);
  flowstate_storage_free(storage);
  flowstate_catalog_free(catalog);
  return rc;
}
