/*
 * Finds the newest checkpoint a job can be restored from, on storage alone (no cluster, no
 * catalog): every candidate below the roots is checked, newest first, down to the state files
 * its _metadata references, and the first complete one wins.
 *
 *   latest_checkpoint ROOT...   (checkpoint directories or job-id directories: paths or URIs)
 */
#include <flowstate/flowstate.h>

#include <stdio.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: latest_checkpoint ROOT...\n");
    return 2;
  }
  flowstate_storage* storage = NULL;
  flowstate_snapshot_list* found = NULL;
  flowstate_scan_options options = FLOWSTATE_SCAN_OPTIONS_INIT; /* verified down to the files */
  int rc = flowstate_storage_new(&storage, NULL);
  if (rc == FLOWSTATE_OK) {
    rc = flowstate_storage_find_latest(&found, storage, (const char* const*)(argv + 1),
                                       (size_t)(argc - 1), &options, NULL);
  }
  if (rc != FLOWSTATE_OK) {
    fprintf(stderr, "latest_checkpoint: %s\n", flowstate_error_last_message());
    flowstate_storage_free(storage);
    return 1;
  }
  /* The candidates in the order examined, with the reason each newer one was passed over. */
  for (size_t i = 0; i < flowstate_snapshot_list_count(found); ++i) {
    flowstate_snapshot_info s = FLOWSTATE_SNAPSHOT_INFO_INIT;
    if (flowstate_snapshot_list_get(found, i, &s) == FLOWSTATE_OK && !s.restorable) {
      printf("passed over %s: %s\n", s.location, s.reason);
    }
  }
  int64_t chosen = flowstate_snapshot_list_chosen(found);
  flowstate_snapshot_info latest = FLOWSTATE_SNAPSHOT_INFO_INIT;
  if (chosen >= 0 && flowstate_snapshot_list_get(found, (size_t)chosen, &latest) == FLOWSTATE_OK) {
    printf("latest %s (checkpoint %lld, %d operators)\n", latest.location,
           (long long)latest.checkpoint_id, latest.operator_count);
  } else {
    printf("nothing restorable\n");
    rc = 1;
  }
  flowstate_snapshot_list_free(found);
  flowstate_storage_free(storage);
  return rc == FLOWSTATE_OK ? 0 : 1;
}
