/*
 * A C program compiled against the ABI baseline's headers (abi/baseline/include) and run with
 * the library being tested (tests/tools/check_abi.py): the structs it fills are the baseline's
 * versions, which a newer library must still read as they were.
 */
#include <flowstate/flowstate.h>

#include <stdio.h>
#include <string.h>

static int check(int ok, const char* what) {
  if (!ok) fprintf(stderr, "old_client: %s: %s\n", what, flowstate_error_last_message());
  return ok;
}

int main(void) {
  if (!check(FLOWSTATE_ABI_COMPATIBLE(flowstate_version_number()), "ABI version")) return 1;

  flowstate_catalog_options co = FLOWSTATE_CATALOG_OPTIONS_INIT;
  flowstate_catalog* catalog = NULL;
  if (!check(flowstate_catalog_open(&catalog, ":memory:", &co) == FLOWSTATE_OK, "catalog"))
    return 1;
  flowstate_cluster_info cluster = FLOWSTATE_CLUSTER_INFO_INIT;
  cluster.name = "prod";
  cluster.rest_url = "http://127.0.0.1:8081";
  cluster.flink_version = "1.20";
  flowstate_job_info job = FLOWSTATE_JOB_INFO_INIT;
  job.name = "emp";
  job.folder = "/cdc";
  job.cluster = "prod";
  flowstate_job_list* jobs = NULL;
  int ok =
      check(flowstate_catalog_put_cluster(NULL, catalog, &cluster) == FLOWSTATE_OK, "cluster") &&
      check(flowstate_catalog_add_job(&jobs, catalog, &job) == FLOWSTATE_OK, "job") &&
      check(flowstate_job_list_count(jobs) == 1, "one job");
  flowstate_job_list_free(jobs);
  flowstate_catalog_free(catalog);
  if (!ok) return 1;

  flowstate_config* config = NULL;
  if (!check(flowstate_config_new(&config, "1.14") == FLOWSTATE_OK, "config")) return 1;
  const char text[] = "SET 'execution.checkpointing.interval' = '6000';";
  flowstate_sql_options so = FLOWSTATE_SQL_OPTIONS_INIT;
  flowstate_script* script = NULL;
  ok = check(flowstate_sql_parse(&script, text, sizeof text - 1, &so, NULL) == FLOWSTATE_OK,
             "parse") &&
       check(flowstate_config_add_script(config, script) == FLOWSTATE_OK, "script") &&
       check(flowstate_config_find(config, "execution.checkpointing.interval") >= 0, "the key");
  flowstate_script_free(script);
  flowstate_config_free(config);
  if (!ok) return 1;
  printf("old_client %s (built against %s): ok\n", flowstate_version(), FLOWSTATE_VERSION_STRING);
  return 0;
}
