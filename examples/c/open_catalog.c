/*
 * Opens (or creates) a checkpoint catalog, records a cluster and a job in a folder, and lists
 * the folder's jobs with where each stands.
 *
 *   open_catalog CATALOG
 */
#include <flowstate/flowstate.h>

#include <stdio.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: open_catalog CATALOG\n");
    return 2;
  }
  flowstate_catalog_options options = FLOWSTATE_CATALOG_OPTIONS_INIT;
  flowstate_catalog* catalog = NULL;
  if (flowstate_catalog_open(&catalog, argv[1], &options) != FLOWSTATE_OK) {
    fprintf(stderr, "open_catalog: %s\n", flowstate_error_last_message());
    return 1;
  }
  printf("catalog %s, schema %d\n", flowstate_catalog_path(catalog),
         flowstate_catalog_schema_version(catalog));

  flowstate_cluster_info cluster = FLOWSTATE_CLUSTER_INFO_INIT;
  cluster.name = "prod";
  cluster.rest_url = "http://flink-jobmanager:8081"; /* recorded, not contacted */
  cluster.flink_version = "1.14";
  cluster.checkpoint_dir = "file:///mnt/flink-volume/flink-cp";
  flowstate_job_info job = FLOWSTATE_JOB_INFO_INIT;
  job.name = "emp";
  job.folder = "/cdc";
  job.cluster = "prod";
  int rc = flowstate_catalog_put_cluster(NULL, catalog, &cluster);
  if (rc == FLOWSTATE_OK) {
    rc = flowstate_catalog_add_job(NULL, catalog, &job);
    if (rc == FLOWSTATE_E_ALREADY_EXISTS) rc = FLOWSTATE_OK; /* opened a second time */
  }

  flowstate_job_query query = FLOWSTATE_JOB_QUERY_INIT;
  query.folder = "/cdc";
  flowstate_job_list* jobs = NULL;
  if (rc == FLOWSTATE_OK) rc = flowstate_catalog_find_jobs(&jobs, catalog, &query);
  for (size_t i = 0; rc == FLOWSTATE_OK && i < flowstate_job_list_count(jobs); ++i) {
    flowstate_job_info found = FLOWSTATE_JOB_INFO_INIT;
    rc = flowstate_job_list_get(jobs, i, &found);
    if (rc == FLOWSTATE_OK) {
      printf("job %s on %s: %s\n", found.path, found.cluster,
             flowstate_enum_name(FLOWSTATE_ENUM_JOB_STATE, found.state));
    }
  }
  if (rc != FLOWSTATE_OK) fprintf(stderr, "open_catalog: %s\n", flowstate_error_last_message());
  flowstate_job_list_free(jobs);
  flowstate_catalog_free(catalog);
  return rc == FLOWSTATE_OK ? 0 : 1;
}
