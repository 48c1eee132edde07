/*
 * Stops a running job with a savepoint, through the C ABI alone.
 *
 *   stop_with_savepoint CATALOG REST_URL CHECKPOINT_DIR SAVEPOINT_DIR
 *
 * It records a cluster (REST_URL, Flink 1.20, its checkpoint and savepoint directories as
 * file:// URIs) and a job /cdc/emp in the catalog CATALOG, starts the job on the cluster with
 * its runner jar (as a host would, or as the cluster already runs it), adopts it, stops it
 * with a savepoint and prints the savepoint's path. Run it against the Flink cluster
 * simulator installed with flowstate (share/flowstate/flink_sim.py): a real JobManager needs
 * the runner jar of its own.
 */
#define _POSIX_C_SOURCE 200809L
#include <flowstate/flowstate.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char* const kJobId = "e0e0e0e0000000000000000000000001";

static int fail(const char* what) {
  fprintf(stderr, "stop_with_savepoint: %s: %s\n", what, flowstate_error_last_message());
  return 1;
}

/* Polls the job's Flink status until it is `want` (about 10 s at most). */
static int wait_status(flowstate_flink_client* client, const char* want) {
  struct timespec pause = {0, 20 * 1000 * 1000};
  for (int i = 0; i < 500; ++i) {
    char* status = NULL;
    if (flowstate_flink_job_status(&status, client, kJobId) == FLOWSTATE_OK) {
      int done = strcmp(status, want) == 0;
      flowstate_string_free(status);
      if (done) return 1;
    }
    nanosleep(&pause, NULL);
  }
  return 0;
}

/* Uploads the cluster's runner jar and runs the job with a Flink job id chosen here. */
static int start_job(const char* rest_url) {
  flowstate_flink_options fo = FLOWSTATE_FLINK_OPTIONS_INIT;
  fo.endpoint.url = rest_url;
  flowstate_flink_client* client = NULL;
  if (flowstate_flink_client_new(&client, &fo) != FLOWSTATE_OK) return fail("client");
  char* jar = NULL;
  char* id = NULL;
  int rc = 1;
  const char* args[] = {"--source", "emp"};
  flowstate_jar_run_options run = FLOWSTATE_JAR_RUN_OPTIONS_INIT;
  run.args = args;
  run.arg_count = 2;
  run.job_id = kJobId;
  if (flowstate_flink_upload_jar(&jar, client, "runner.jar", "PK", 2) != FLOWSTATE_OK) {
    fail("upload the runner jar");
  } else if (flowstate_flink_run_jar(&id, client, jar, &run) != FLOWSTATE_OK) {
    fail("run the job");
  } else if (!wait_status(client, "RUNNING")) {
    fprintf(stderr, "stop_with_savepoint: the job never reached RUNNING\n");
  } else {
    rc = 0;
  }
  flowstate_string_free(id);
  flowstate_string_free(jar);
  flowstate_flink_client_free(client);
  return rc;
}

int main(int argc, char** argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: stop_with_savepoint CATALOG REST_URL CHECKPOINT_DIR SAVEPOINT_DIR\n");
    return 2;
  }
  char checkpoints[4096];
  char savepoints[4096];
  snprintf(checkpoints, sizeof checkpoints, "file://%s", argv[3]);
  snprintf(savepoints, sizeof savepoints, "file://%s", argv[4]);

  flowstate_catalog* catalog = NULL;
  flowstate_catalog_options co = FLOWSTATE_CATALOG_OPTIONS_INIT;
  if (flowstate_catalog_open(&catalog, argv[1], &co) != FLOWSTATE_OK)
    return fail("open the catalog");
  flowstate_cluster_info cluster = FLOWSTATE_CLUSTER_INFO_INIT;
  cluster.name = "prod";
  cluster.rest_url = argv[2];
  cluster.flink_version = "1.20";
  cluster.checkpoint_dir = checkpoints;
  cluster.savepoint_dir = savepoints;
  flowstate_job_info job = FLOWSTATE_JOB_INFO_INIT;
  job.name = "emp";
  job.folder = "/cdc";
  job.cluster = "prod";
  if (flowstate_catalog_put_cluster(NULL, catalog, &cluster) != FLOWSTATE_OK ||
      flowstate_catalog_add_job(NULL, catalog, &job) != FLOWSTATE_OK) {
    flowstate_catalog_free(catalog);
    return fail("record the cluster and the job");
  }
  if (start_job(argv[2]) != 0) {
    flowstate_catalog_free(catalog);
    return 1;
  }

  int rc = 1;
  flowstate_storage* storage = NULL;
  flowstate_lifecycle* life = NULL;
  flowstate_action_report* report = NULL;
  flowstate_lifecycle_options lo = FLOWSTATE_LIFECYCLE_OPTIONS_INIT;
  lo.poll_ms = 20;
  flowstate_operation op = FLOWSTATE_OPERATION_INIT;
  op.timeout_ms = 30000; /* the whole action's deadline */
  flowstate_action_options stop = FLOWSTATE_ACTION_OPTIONS_INIT;
  stop.stop_mode = FLOWSTATE_STOP_STOP; /* Flink's stop-with-savepoint */
  if (flowstate_storage_new(&storage, NULL) != FLOWSTATE_OK) {
    fail("storage");
  } else if (flowstate_lifecycle_new(&life, catalog, storage, &lo) != FLOWSTATE_OK) {
    fail("lifecycle");
  } else if (flowstate_lifecycle_adopt(NULL, life, "/cdc/emp", kJobId, &op) != FLOWSTATE_OK) {
    fail("adopt the job");
  } else if (flowstate_lifecycle_stop(&report, life, "/cdc/emp", &stop, &op) != FLOWSTATE_OK) {
    fail("stop with a savepoint");
  } else {
    flowstate_snapshot_record savepoint = FLOWSTATE_SNAPSHOT_RECORD_INIT;
    if (flowstate_action_report_snapshot_count(report) == 1 &&
        flowstate_action_report_snapshot_get(report, 0, &savepoint) == FLOWSTATE_OK &&
        savepoint.kind == FLOWSTATE_SNAPSHOT_SAVEPOINT) {
      printf("savepoint %s\n", savepoint.path);
      rc = 0;
    } else {
      fprintf(stderr, "stop_with_savepoint: the stop recorded no savepoint\n");
    }
  }
  flowstate_action_report_free(report);
  flowstate_lifecycle_free(life);
  flowstate_storage_free(storage);
  flowstate_catalog_free(catalog);
  return rc;
}
