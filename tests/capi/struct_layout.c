/* Prints the layout of the public C structs as JSON, so that bindings which mirror one
 * (Python's ctypes.Structure for flowstate_sql_options) can check theirs against the
 * compiler's. */
#include <stddef.h>
#include <stdio.h>

#include "flowstate/flowstate.h"

#define FIELD(s, f) printf("\"%s\": [%zu, %zu]", #f, offsetof(s, f), sizeof(((s *)0)->f))

int main(void) {
  printf("{\"flowstate_sql_options\": {\"size\": %zu, \"fields\": {", sizeof(flowstate_sql_options));
  FIELD(flowstate_sql_options, version); printf(", ");
  FIELD(flowstate_sql_options, source_name); printf(", ");
  FIELD(flowstate_sql_options, substitute_variables); printf(", ");
  FIELD(flowstate_sql_options, variable_names); printf(", ");
  FIELD(flowstate_sql_options, variable_values); printf(", ");
  FIELD(flowstate_sql_options, variable_count); printf(", ");
  FIELD(flowstate_sql_options, isa); printf(", ");
  FIELD(flowstate_sql_options, borrow_text);
  printf("}}, \"flowstate_webhdfs_options\": {\"size\": %zu, \"fields\": {", sizeof(flowstate_webhdfs_options));
  FIELD(flowstate_webhdfs_options, version); printf(", ");
  FIELD(flowstate_webhdfs_options, url); printf(", ");
  FIELD(flowstate_webhdfs_options, user); printf(", ");
  FIELD(flowstate_webhdfs_options, doas); printf(", ");
  FIELD(flowstate_webhdfs_options, delegation_token); printf(", ");
  FIELD(flowstate_webhdfs_options, kerberos); printf(", ");
  FIELD(flowstate_webhdfs_options, verify_tls); printf(", ");
  FIELD(flowstate_webhdfs_options, ca_file); printf(", ");
  FIELD(flowstate_webhdfs_options, client_cert); printf(", ");
  FIELD(flowstate_webhdfs_options, client_key); printf(", ");
  FIELD(flowstate_webhdfs_options, connect_timeout_ms); printf(", ");
  FIELD(flowstate_webhdfs_options, timeout_ms); printf(", ");
  FIELD(flowstate_webhdfs_options, retries); printf(", ");
  FIELD(flowstate_webhdfs_options, retry_backoff_ms);
  printf("}}, \"flowstate_scan_options\": {\"size\": %zu, \"fields\": {", sizeof(flowstate_scan_options));
  FIELD(flowstate_scan_options, version); printf(", ");
  FIELD(flowstate_scan_options, job_ids); printf(", ");
  FIELD(flowstate_scan_options, job_id_count); printf(", ");
  FIELD(flowstate_scan_options, include_savepoints); printf(", ");
  FIELD(flowstate_scan_options, flink_version); printf(", ");
  FIELD(flowstate_scan_options, timeout_ms); printf(", ");
  FIELD(flowstate_scan_options, cancel); printf(", ");
  FIELD(flowstate_scan_options, progress); printf(", ");
  FIELD(flowstate_scan_options, progress_user_data); printf(", ");
  FIELD(flowstate_scan_options, verify_level);
  printf("}}}\n");
  return 0;
}
