/* Prints the layout of the public C structs as JSON, so that bindings which mirror them
 * (Python's ctypes.Structure classes) can check theirs against the compiler's. */
#include <stddef.h>
#include <stdio.h>

#include "flowstate/flowstate.h"

static int first_struct = 1, first_field = 1;

static void begin(const char *name, size_t size) {
  printf("%s\"%s\": {\"size\": %zu, \"fields\": {", first_struct ? "{" : "}}, ", name, size);
  first_struct = 0;
  first_field = 1;
}

static void field(const char *name, size_t offset, size_t size) {
  printf("%s\"%s\": [%zu, %zu]", first_field ? "" : ", ", name, offset, size);
  first_field = 0;
}

#define BEGIN(s) begin(#s, sizeof(s))
#define FIELD(s, f) field(#f, offsetof(s, f), sizeof(((s *)0)->f))

int main(void) {
  BEGIN(flowstate_sql_options);
  FIELD(flowstate_sql_options, version);
  FIELD(flowstate_sql_options, source_name);
  FIELD(flowstate_sql_options, substitute_variables);
  FIELD(flowstate_sql_options, variable_names);
  FIELD(flowstate_sql_options, variable_values);
  FIELD(flowstate_sql_options, variable_count);
  FIELD(flowstate_sql_options, isa);
  FIELD(flowstate_sql_options, borrow_text);
  BEGIN(flowstate_webhdfs_options);
  FIELD(flowstate_webhdfs_options, version);
  FIELD(flowstate_webhdfs_options, url);
  FIELD(flowstate_webhdfs_options, user);
  FIELD(flowstate_webhdfs_options, doas);
  FIELD(flowstate_webhdfs_options, delegation_token);
  FIELD(flowstate_webhdfs_options, kerberos);
  FIELD(flowstate_webhdfs_options, verify_tls);
  FIELD(flowstate_webhdfs_options, ca_file);
  FIELD(flowstate_webhdfs_options, client_cert);
  FIELD(flowstate_webhdfs_options, client_key);
  FIELD(flowstate_webhdfs_options, connect_timeout_ms);
  FIELD(flowstate_webhdfs_options, timeout_ms);
  FIELD(flowstate_webhdfs_options, retries);
  FIELD(flowstate_webhdfs_options, retry_backoff_ms);
  BEGIN(flowstate_scan_options);
  FIELD(flowstate_scan_options, version);
  FIELD(flowstate_scan_options, job_ids);
  FIELD(flowstate_scan_options, job_id_count);
  FIELD(flowstate_scan_options, include_savepoints);
  FIELD(flowstate_scan_options, flink_version);
  FIELD(flowstate_scan_options, timeout_ms);
  FIELD(flowstate_scan_options, cancel);
  FIELD(flowstate_scan_options, progress);
  FIELD(flowstate_scan_options, progress_user_data);
  FIELD(flowstate_scan_options, verify_level);
  BEGIN(flowstate_catalog_options);
  FIELD(flowstate_catalog_options, version);
  FIELD(flowstate_catalog_options, create);
  FIELD(flowstate_catalog_options, read_only);
  FIELD(flowstate_catalog_options, busy_timeout_ms);
  FIELD(flowstate_catalog_options, actor);
  BEGIN(flowstate_cluster_info);
  FIELD(flowstate_cluster_info, version);
  FIELD(flowstate_cluster_info, id);
  FIELD(flowstate_cluster_info, name);
  FIELD(flowstate_cluster_info, rest_url);
  FIELD(flowstate_cluster_info, sql_gateway_url);
  FIELD(flowstate_cluster_info, flink_version);
  FIELD(flowstate_cluster_info, checkpoint_dir);
  FIELD(flowstate_cluster_info, savepoint_dir);
  FIELD(flowstate_cluster_info, storage);
  BEGIN(flowstate_job_info);
  FIELD(flowstate_job_info, version);
  FIELD(flowstate_job_info, id);
  FIELD(flowstate_job_info, name);
  FIELD(flowstate_job_info, folder);
  FIELD(flowstate_job_info, path);
  FIELD(flowstate_job_info, cluster);
  FIELD(flowstate_job_info, script);
  FIELD(flowstate_job_info, status);
  FIELD(flowstate_job_info, strategy);
  FIELD(flowstate_job_info, once_path);
  FIELD(flowstate_job_info, fail_closed);
  FIELD(flowstate_job_info, checkpoint_dir);
  FIELD(flowstate_job_info, savepoint_dir);
  FIELD(flowstate_job_info, retain_count);
  FIELD(flowstate_job_info, retain_age_ms);
  FIELD(flowstate_job_info, created_ms);
  FIELD(flowstate_job_info, updated_ms);
  BEGIN(flowstate_job_query);
  FIELD(flowstate_job_query, version);
  FIELD(flowstate_job_query, name_contains);
  FIELD(flowstate_job_query, status);
  FIELD(flowstate_job_query, cluster);
  FIELD(flowstate_job_query, folder);
  FIELD(flowstate_job_query, limit);
  BEGIN(flowstate_secret_store);
  FIELD(flowstate_secret_store, version);
  FIELD(flowstate_secret_store, put);
  FIELD(flowstate_secret_store, get);
  FIELD(flowstate_secret_store, user_data);
  BEGIN(flowstate_run_info);
  FIELD(flowstate_run_info, version);
  FIELD(flowstate_run_info, id);
  FIELD(flowstate_run_info, job_id);
  FIELD(flowstate_run_info, flink_job_id);
  FIELD(flowstate_run_info, cluster);
  FIELD(flowstate_run_info, started_ms);
  FIELD(flowstate_run_info, ended_ms);
  FIELD(flowstate_run_info, final_status);
  FIELD(flowstate_run_info, restored_from);
  FIELD(flowstate_run_info, claim_mode);
  FIELD(flowstate_run_info, restored_snapshot);
  BEGIN(flowstate_snapshot_record);
  FIELD(flowstate_snapshot_record, version);
  FIELD(flowstate_snapshot_record, id);
  FIELD(flowstate_snapshot_record, job_id);
  FIELD(flowstate_snapshot_record, run_id);
  FIELD(flowstate_snapshot_record, kind);
  FIELD(flowstate_snapshot_record, checkpoint_id);
  FIELD(flowstate_snapshot_record, path);
  FIELD(flowstate_snapshot_record, trigger_ms);
  FIELD(flowstate_snapshot_record, completion_ms);
  FIELD(flowstate_snapshot_record, size);
  FIELD(flowstate_snapshot_record, format_version);
  FIELD(flowstate_snapshot_record, savepoint_format);
  FIELD(flowstate_snapshot_record, origin);
  FIELD(flowstate_snapshot_record, state);
  FIELD(flowstate_snapshot_record, claimed_by_run);
  FIELD(flowstate_snapshot_record, keep);
  BEGIN(flowstate_event_info);
  FIELD(flowstate_event_info, version);
  FIELD(flowstate_event_info, id);
  FIELD(flowstate_event_info, at_ms);
  FIELD(flowstate_event_info, job_id);
  FIELD(flowstate_event_info, run_id);
  FIELD(flowstate_event_info, job);
  FIELD(flowstate_event_info, action);
  FIELD(flowstate_event_info, actor);
  FIELD(flowstate_event_info, outcome);
  FIELD(flowstate_event_info, detail);
  BEGIN(flowstate_restore_options);
  FIELD(flowstate_restore_options, version);
  FIELD(flowstate_restore_options, flink_version);
  FIELD(flowstate_restore_options, verify);
  FIELD(flowstate_restore_options, verify_level);
  FIELD(flowstate_restore_options, discover);
  FIELD(flowstate_restore_options, fail_closed);
  FIELD(flowstate_restore_options, max_candidates);
  FIELD(flowstate_restore_options, timeout_ms);
  FIELD(flowstate_restore_options, cancel);
  FIELD(flowstate_restore_options, progress);
  FIELD(flowstate_restore_options, progress_user_data);
  BEGIN(flowstate_restore_candidate);
  FIELD(flowstate_restore_candidate, version);
  FIELD(flowstate_restore_candidate, path);
  FIELD(flowstate_restore_candidate, source);
  FIELD(flowstate_restore_candidate, snapshot_id);
  FIELD(flowstate_restore_candidate, kind);
  FIELD(flowstate_restore_candidate, completion_ms);
  FIELD(flowstate_restore_candidate, restorable);
  FIELD(flowstate_restore_candidate, verdict);
  FIELD(flowstate_restore_candidate, reason);
  BEGIN(flowstate_prune_options);
  FIELD(flowstate_prune_options, version);
  FIELD(flowstate_prune_options, dry_run);
  FIELD(flowstate_prune_options, now_ms);
  printf("}}}\n");
  return 0;
}
