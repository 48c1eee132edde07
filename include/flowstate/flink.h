/** @file
 * flowstate/flink.h: clients of Flink's REST APIs, the JobManager (port 8081) and the SQL
 * Gateway (port 8083, Flink 1.16+), speaking the dialect of the cluster's Flink version
 * (1.14 to 2.x): fields a version does not know are never sent, and what it cannot do is
 * FLOWSTATE_E_UNSUPPORTED before anything is sent.
 *
 * Answers come as flowstate's own JSON, one stable shape for every Flink version
 * (snake_case keys; values Flink leaves out are null): see README.md, "Flink REST client".
 * What hosts act on (jobs and their state, checkpoint statistics, a savepoint's status) also
 * comes as typed records: versioned structs read from a handle ("typed records" below).
 *
 * Times Flink sends as 0 for what never happened (a job state never reached, a job never
 * modified) are null. Exception entries carry the TaskManager's host:port as "endpoint"
 * whichever name the version uses, and a root failure's "concurrent" exceptions. SQL Gateway
 * row values keep their JSON types (numbers, booleans, null, strings).
 *
 * Errors: an HTTP error is typed (404 NOT_FOUND, 409 CONFLICT, 400 INVALID_ARGUMENT,
 * 401/403 PERMISSION_DENIED, 408/504 TIMEOUT, 502/503 UNAVAILABLE, other 5xx REMOTE) and
 * its message is one line: the innermost meaningful cause Flink gave (a 500's "Caused by"),
 * or "HTTP 502 from a proxy (HTML page)" when something in front of Flink answered with a
 * page. The whole text (stack traces included) is flowstate_flink_last_error_detail(). An
 * answer whose connection closed midway is UNAVAILABLE (and retried for reads), as is a TLS
 * handshake with a plain-HTTP port. Malformed answers, and answers missing a field every
 * version sends, are REMOTE naming the JSON path.
 *
 * Thread-safety: a client may be used from several threads at once.
 */
#ifndef FLOWSTATE_FLINK_H
#define FLOWSTATE_FLINK_H

#include "flowstate/cancel.h"
#include "flowstate/common.h"
#include "flowstate/config.h"
#include "flowstate/endpoint.h"

FLOWSTATE_BEGIN_DECLS

#define FLOWSTATE_FLINK_OPTIONS_VERSION 2
typedef struct flowstate_flink_options {
  unsigned int version;        /**< FLOWSTATE_FLINK_OPTIONS_VERSION */
  flowstate_endpoint endpoint; /**< the JobManager's or SQL Gateway's URL (required) and more */
  const char *flink_version;   /**< "1.20"; NULL: read from GET /config on first need */
} flowstate_flink_options;

/** The endpoint's defaults are FLOWSTATE_ENDPOINT_INIT's. */
#define FLOWSTATE_FLINK_OPTIONS_INIT \
  { FLOWSTATE_FLINK_OPTIONS_VERSION, FLOWSTATE_ENDPOINT_INIT, NULL }
/** Sets *out to FLOWSTATE_FLINK_OPTIONS_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_flink_options_init(flowstate_flink_options *out);

/** The whole text of the last Flink error answer on this thread ("" when none). */
FLOWSTATE_API const char *flowstate_flink_last_error_detail(void);

/* ---- the JobManager ------------------------------------------------------------------ */

/** A client of one JobManager's REST API (`options->endpoint`); INVALID_ARGUMENT for an endpoint it
 * cannot use. */
FLOWSTATE_API int flowstate_flink_client_new(flowstate_flink_client **out,
                                             const flowstate_flink_options *options);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_flink_client_free(flowstate_flink_client *client);
/** The cluster's Flink version ("1.20"). */
FLOWSTATE_API int flowstate_flink_version(char **out, flowstate_flink_client *client);

/** JSON answers (free with flowstate_string_free). */
FLOWSTATE_API int flowstate_flink_overview(char **out_json, flowstate_flink_client *client);
/** The cluster's dashboard configuration (GET /config) as JSON. */
FLOWSTATE_API int flowstate_flink_config(char **out_json, flowstate_flink_client *client);
/** An array of jobs: id, name, state, start_time, end_time, duration, tasks_total, tasks. */
FLOWSTATE_API int flowstate_flink_jobs(char **out_json, flowstate_flink_client *client);
/** The job's details (GET /jobs/{id}) as JSON; NOT_FOUND when the cluster does not know the job. */
FLOWSTATE_API int flowstate_flink_job(char **out_json, flowstate_flink_client *client,
                                      const char *job_id);
/** The job's status ("RUNNING"), through GET /jobs/{id}/status from 1.16 on. */
FLOWSTATE_API int flowstate_flink_job_status(char **out, flowstate_flink_client *client,
                                             const char *job_id);
/** The job's exception history (GET /jobs/{id}/exceptions) as JSON, secrets redacted. */
FLOWSTATE_API int flowstate_flink_exceptions(char **out_json, flowstate_flink_client *client,
                                             const char *job_id);
/** counts, latest_completed / latest_savepoint / latest_failed / latest_restored, history
 * (each with external_path and discarded). */
FLOWSTATE_API int flowstate_flink_checkpoints(char **out_json, flowstate_flink_client *client,
                                              const char *job_id);
/** The job's checkpointing configuration (GET /jobs/{id}/checkpoints/config) as JSON. */
FLOWSTATE_API int flowstate_flink_checkpoint_config(char **out_json, flowstate_flink_client *client,
                                                    const char *job_id);

#define FLOWSTATE_SAVEPOINT_OPTIONS_VERSION 2
typedef struct flowstate_savepoint_options {
  unsigned int version;         /**< FLOWSTATE_SAVEPOINT_OPTIONS_VERSION */
  const char *target_directory; /**< NULL: the cluster's savepoint directory */
  const char *format;           /**< NULL, "CANONICAL" or "NATIVE" (1.15+) */
  const char *trigger_id;       /**< 32 hex; NULL: a new one. The same id never triggers twice:
                                   Flink 1.14 chooses ids itself, so an id given for it is
                                   UNSUPPORTED (nothing sent) unless the next field says 1 */
  int cancel_job;               /**< trigger_savepoint: cancel after it (deprecated by Flink) */
  int drain;                    /**< stop_with_savepoint: emit MAX_WATERMARK first */
  /** version 2 */
  int accept_server_trigger_id; /**< 1: on 1.14, go on with the id the server chooses (returned) */
} flowstate_savepoint_options;

#define FLOWSTATE_SAVEPOINT_OPTIONS_INIT \
  { FLOWSTATE_SAVEPOINT_OPTIONS_VERSION, NULL, NULL, NULL, 0, 0, 0 }
/** Sets *out to FLOWSTATE_SAVEPOINT_OPTIONS_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_savepoint_options_init(flowstate_savepoint_options *out);

/** The trigger id of the operation. */
FLOWSTATE_API int flowstate_flink_trigger_savepoint(char **out_trigger_id,
                                                    flowstate_flink_client *client,
                                                    const char *job_id,
                                                    const flowstate_savepoint_options *options);
/** Triggers a stop with savepoint (POST /jobs/{id}/stop); *out_trigger_id gets the trigger id to
 * poll with flowstate_flink_savepoint_status(). */
FLOWSTATE_API int flowstate_flink_stop_with_savepoint(char **out_trigger_id,
                                                      flowstate_flink_client *client,
                                                      const char *job_id,
                                                      const flowstate_savepoint_options *options);
/** {"completed", "location", "failure": {"class", "message", "stack_trace"} | null} */
FLOWSTATE_API int flowstate_flink_savepoint_status(char **out_json, flowstate_flink_client *client,
                                                   const char *job_id, const char *trigger_id);
/** Polls until the savepoint is done: its location, REMOTE with Flink's reason when it failed,
 * TIMEOUT at the operation's deadline, CANCELLED through its token or progress (NULL: none). */
FLOWSTATE_API int flowstate_flink_wait_for_savepoint(char **out_location,
                                                     flowstate_flink_client *client,
                                                     const char *job_id, const char *trigger_id,
                                                     const flowstate_operation *operation);
/** Cancels the job (PATCH /jobs/{id}); NOT_FOUND when the cluster does not know it. */
FLOWSTATE_API int flowstate_flink_cancel(flowstate_flink_client *client, const char *job_id);

/** The jar id. */
FLOWSTATE_API int flowstate_flink_upload_jar(char **out_jar_id, flowstate_flink_client *client,
                                             const char *file_name, const void *bytes, size_t len);

#define FLOWSTATE_JAR_RUN_OPTIONS_VERSION 1
typedef struct flowstate_jar_run_options {
  unsigned int version; /**< FLOWSTATE_JAR_RUN_OPTIONS_VERSION */
  const char *entry_class;
  const char *const *args;
  size_t arg_count;
  int64_t parallelism; /**< -1: the cluster's */
  const char *job_id;  /**< fixes the job id (and so its checkpoint directory); NULL: new */
  const char *savepoint_path;
  int allow_non_restored_state;
  const char *claim_mode;         /**< NULL, "CLAIM", "NO_CLAIM", "LEGACY" */
  const char *const *config_keys; /**< flinkConfiguration (1.17+) */
  const char *const *config_values;
  size_t config_count;
} flowstate_jar_run_options;

#define FLOWSTATE_JAR_RUN_OPTIONS_INIT \
  { FLOWSTATE_JAR_RUN_OPTIONS_VERSION, NULL, NULL, 0, -1, NULL, NULL, 0, NULL, NULL, NULL, 0 }
/** Sets *out to FLOWSTATE_JAR_RUN_OPTIONS_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_jar_run_options_init(flowstate_jar_run_options *out);

/** The job id. */
FLOWSTATE_API int flowstate_flink_run_jar(char **out_job_id, flowstate_flink_client *client,
                                          const char *jar_id,
                                          const flowstate_jar_run_options *options);
/** Deletes an uploaded jar (DELETE /jars/{id}). */
FLOWSTATE_API int flowstate_flink_delete_jar(flowstate_flink_client *client, const char *jar_id);

/** Job lists of many clusters at once (concurrently, over one libcurl multi handle): a JSON
 * array with, per client in order, {"jobs": [...]} or {"error": {"code", "message"}}. */
FLOWSTATE_API int flowstate_flink_jobs_of_many(char **out_json,
                                               flowstate_flink_client *const *clients,
                                               size_t count);
/** Checkpoint statistics of many jobs of one cluster at once, the same way. */
FLOWSTATE_API int flowstate_flink_checkpoints_of_many(char **out_json,
                                                      flowstate_flink_client *client,
                                                      const char *const *job_ids, size_t count);

/* ---- typed records --------------------------------------------------------------------
 * What hosts act on, as versioned structs (the JSON functions above give whole answers).
 * Strings are valid until the handle they came from is freed. Times are ms since the epoch;
 * numbers Flink leaves out are -1. */

#define FLOWSTATE_FLINK_JOB_INFO_VERSION 1
typedef struct flowstate_flink_job_info {
  unsigned int version; /**< FLOWSTATE_FLINK_JOB_INFO_VERSION */
  const char *id, *name;
  const char *state; /**< Flink's JobStatus: "RUNNING", "FINISHED", "FAILED", ... */
  int64_t start_time_ms, end_time_ms, duration_ms; /**< -1 when unknown; end: while it runs */
  int64_t last_modification_ms;                    /**< job lists only; -1 otherwise */
  int64_t tasks_total;                             /**< job lists only; -1 otherwise */
  const char *job_type;                            /**< "STREAMING" or "BATCH"; "" in job lists */
  int64_t max_parallelism;                         /**< one job only; -1 otherwise */
} flowstate_flink_job_info;

#define FLOWSTATE_FLINK_JOB_INFO_INIT \
  { FLOWSTATE_FLINK_JOB_INFO_VERSION, NULL, NULL, NULL, -1, -1, -1, -1, -1, NULL, -1 }
/** Sets *out to FLOWSTATE_FLINK_JOB_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_flink_job_info_init(flowstate_flink_job_info *out);
/** Every job of the cluster (GET /jobs/overview). */
FLOWSTATE_API int flowstate_flink_list_jobs(flowstate_flink_job_list **out,
                                            flowstate_flink_client *client);
/** One job (GET /jobs/{id}), as a one-entry list; NOT_FOUND when the cluster does not know it. */
FLOWSTATE_API int flowstate_flink_get_job(flowstate_flink_job_list **out,
                                          flowstate_flink_client *client, const char *job_id);
/** Frees the list and the strings it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_flink_job_list_free(flowstate_flink_job_list *list);
/** How many entries the list holds. */
FLOWSTATE_API size_t flowstate_flink_job_list_count(const flowstate_flink_job_list *list);
/** Fills *out (its version set by the caller) with entry `index`; its strings are borrowed from the
 * list. INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_flink_job_list_get(const flowstate_flink_job_list *list, size_t index,
                                               flowstate_flink_job_info *out);

#define FLOWSTATE_CHECKPOINT_SUMMARY_VERSION 1
/** A job's checkpoint counts, where its latest checkpoints are among the entries, and what it
 * was restored from. */
typedef struct flowstate_checkpoint_summary {
  unsigned int version; /**< FLOWSTATE_CHECKPOINT_SUMMARY_VERSION */
  int64_t restored, total, in_progress, completed, failed;
  size_t entry_count;   /**< see flowstate_checkpoint_stats_get() */
  size_t history_count; /**< entries [0, history_count) are Flink's history, newest first */
  /** Entry indexes of the latest completed checkpoint, savepoint and failed one; -1: none. */
  int64_t latest_completed, latest_savepoint, latest_failed;
  int64_t restored_id;       /**< the checkpoint restored from; -1: the job started empty */
  int64_t restore_ms;        /**< when */
  int restored_is_savepoint; /**< 1 when it was a savepoint */
  const char *restored_path; /**< its location, or "" */
} flowstate_checkpoint_summary;

#define FLOWSTATE_CHECKPOINT_SUMMARY_INIT \
  { FLOWSTATE_CHECKPOINT_SUMMARY_VERSION, -1, -1, -1, -1, -1, 0, 0, -1, -1, -1, -1, -1, 0, NULL }
/** Sets *out to FLOWSTATE_CHECKPOINT_SUMMARY_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_checkpoint_summary_init(flowstate_checkpoint_summary *out);

#define FLOWSTATE_CHECKPOINT_ENTRY_VERSION 1
/** One checkpoint or savepoint as Flink's statistics describe it. */
typedef struct flowstate_checkpoint_entry {
  unsigned int version; /**< FLOWSTATE_CHECKPOINT_ENTRY_VERSION */
  int64_t id;
  const char *kind;   /**< "completed", "failed" or "in_progress" */
  const char *status; /**< "COMPLETED", "FAILED", "IN_PROGRESS" */
  const char *checkpoint_type, *savepoint_format;
  int is_savepoint; /**< 1: a savepoint */
  int64_t trigger_ms, latest_ack_ms, state_size, checkpointed_size, end_to_end_ms; /**< or -1 */
  int64_t num_subtasks, num_acknowledged;                                          /**< or -1 */
  const char *external_path; /**< completed: the snapshot's directory */
  int discarded;             /**< 1: completed, then subsumed or deleted (its files are gone) */
  int64_t failure_ms;        /**< failed ones; -1 otherwise */
  const char *failure_message;
} flowstate_checkpoint_entry;

#define FLOWSTATE_CHECKPOINT_ENTRY_INIT                                                            \
  {                                                                                                \
    FLOWSTATE_CHECKPOINT_ENTRY_VERSION, -1, NULL, NULL, NULL, NULL, 0, -1, -1, -1, -1, -1, -1, -1, \
        NULL, 0, -1, NULL                                                                          \
  }
/** Sets *out to FLOWSTATE_CHECKPOINT_ENTRY_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_checkpoint_entry_init(flowstate_checkpoint_entry *out);

/** GET /jobs/{id}/checkpoints, typed. */
FLOWSTATE_API int flowstate_flink_get_checkpoints(flowstate_checkpoint_stats **out,
                                                  flowstate_flink_client *client,
                                                  const char *job_id);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_checkpoint_stats_free(flowstate_checkpoint_stats *stats);
/** Fills *out with the counts and the latest completed, savepoint, failed and restored checkpoints.
 */
FLOWSTATE_API int flowstate_checkpoint_stats_summary(const flowstate_checkpoint_stats *stats,
                                                     flowstate_checkpoint_summary *out);
/** Fills *out with history entry `index` (newest first); INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_checkpoint_stats_get(const flowstate_checkpoint_stats *stats,
                                                 size_t index, flowstate_checkpoint_entry *out);

#define FLOWSTATE_SAVEPOINT_INFO_VERSION 1
/** Where a savepoint operation stands. */
typedef struct flowstate_savepoint_info {
  unsigned int version; /**< FLOWSTATE_SAVEPOINT_INFO_VERSION */
  int completed;        /**< 1: done (0 while Flink is still writing it) */
  int failed;           /**< 1: it completed with a failure */
  const char *location; /**< the savepoint's directory when it succeeded, or "" */
  const char *failure_class, *failure_message; /**< "" unless it failed */
} flowstate_savepoint_info;

#define FLOWSTATE_SAVEPOINT_INFO_INIT \
  { FLOWSTATE_SAVEPOINT_INFO_VERSION, 0, 0, NULL, NULL, NULL }
/** Sets *out to FLOWSTATE_SAVEPOINT_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_savepoint_info_init(flowstate_savepoint_info *out);
/** GET /jobs/{id}/savepoints/{trigger id}, typed. */
FLOWSTATE_API int flowstate_flink_get_savepoint_status(flowstate_savepoint_status **out,
                                                       flowstate_flink_client *client,
                                                       const char *job_id, const char *trigger_id);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_savepoint_status_free(flowstate_savepoint_status *status);
/** Fills *out with the savepoint operation's status, location or failure. */
FLOWSTATE_API int flowstate_savepoint_status_get(const flowstate_savepoint_status *status,
                                                 flowstate_savepoint_info *out);

/* ---- the SQL Gateway ----------------------------------------------------------------- */

/* ---- the running job against an explanation -----------------------------------------
 * Each key the JobManager reports on for a job (GET /jobs/{id}/checkpoints/config: interval,
 * mode, timeouts, externalized retention, unaligned; /jobs/{id}/config: the parallelism) and
 * for its cluster (/jobmanager/config: num-retained, which no job endpoint reports, and the
 * cluster-only keys the explanation holds), beside the value an explanation (a
 * flowstate_config, flowstate/config.h) says applies, each difference marked. */

#define FLOWSTATE_RUNNING_OPTIONS_VERSION 1
typedef struct flowstate_running_options {
  unsigned int version; /**< FLOWSTATE_RUNNING_OPTIONS_VERSION */
  /** Where the job's completed checkpoints are counted for num-retained (the directory of the
   * latest completed checkpoint the JobManager reports); NULL: not counted */
  flowstate_storage *storage;
  /** deadline, cancellation, progress (phases "fetch" and the storage scan's "check") for every
   * request; NULL: none */
  const flowstate_operation *operation;
} flowstate_running_options;

#define FLOWSTATE_RUNNING_OPTIONS_INIT \
  { FLOWSTATE_RUNNING_OPTIONS_VERSION, NULL, NULL }
/** Sets *out to FLOWSTATE_RUNNING_OPTIONS_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_running_options_init(flowstate_running_options *out);

#define FLOWSTATE_RUNNING_ROW_VERSION 1
/** One key: what the explanation says applies and what the JobManager reports. Strings are
 * valid until the comparison is freed. */
typedef struct flowstate_running_row {
  unsigned int version;  /**< FLOWSTATE_RUNNING_ROW_VERSION */
  const char *key;       /**< the option's name in the configuration's Flink version */
  const char *explained; /**< the value that applies by the explanation, as Flink renders it */
  const char *source;    /**< where it comes from ("job.sql:5:5", "flink-conf.yaml:3", "default") */
  const char *reported;  /**< as the JobManager reports it, NULL when not reported */
  const char *reported_by; /**< the endpoint ("/jobmanager/config"), or "" when not reported */
  int agreement;           /**< FLOWSTATE_RUNNING_* */
  const char *note;        /**< why they differ, or what else was checked (storage), or "" */
} flowstate_running_row;

#define FLOWSTATE_RUNNING_ROW_INIT                                                               \
  {                                                                                              \
    FLOWSTATE_RUNNING_ROW_VERSION, NULL, NULL, NULL, NULL, NULL, FLOWSTATE_RUNNING_NOT_REPORTED, \
        NULL                                                                                     \
  }
/** Sets *out to FLOWSTATE_RUNNING_ROW_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_running_row_init(flowstate_running_row *out);

/**
 * Fetches what job `job_id` of `client`'s cluster really has and holds it against `config`
 * (explained for the deployment and submitter it was given). The rows come in a fixed order:
 * checkpointing, parallelism, num-retained, then the cluster-only keys. NOT_FOUND when the
 * cluster does not know the job; a job without checkpointing is an answer (its rows say so);
 * storage that cannot be read leaves the count out, with the reason in num-retained's note.
 */
FLOWSTATE_API int flowstate_config_compare_running(flowstate_running_comparison **out,
                                                   flowstate_config *config,
                                                   flowstate_flink_client *client,
                                                   const char *job_id,
                                                   const flowstate_running_options *options);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_running_comparison_free(flowstate_running_comparison *comparison);
/** How many keys the comparison holds. */
FLOWSTATE_API size_t
flowstate_running_comparison_count(const flowstate_running_comparison *comparison);
/** Fills *out with row `index` (the key, the explained and the reported value, how they agree);
 * INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_running_comparison_get(const flowstate_running_comparison *comparison,
                                                   size_t index, flowstate_running_row *out);
/** Completed checkpoints of the job counted on storage, or -1 when not counted. */
FLOWSTATE_API int64_t
flowstate_running_comparison_checkpoints_on_storage(const flowstate_running_comparison *comparison);

/** A client of one SQL Gateway's REST API (`options->endpoint`). */
FLOWSTATE_API int flowstate_sql_gateway_new(flowstate_sql_gateway **out,
                                            const flowstate_flink_options *options);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_sql_gateway_free(flowstate_sql_gateway *gateway);
/** The newest API version the gateway offers, 1 to 4. */
FLOWSTATE_API int flowstate_sql_gateway_api_version(int *out, flowstate_sql_gateway *gateway);
/** Opens a session named `name` with the given properties; *out_session gets its handle. */
FLOWSTATE_API int flowstate_sql_gateway_open_session(
    char **out_session, flowstate_sql_gateway *gateway, const char *name,
    const char *const *property_keys, const char *const *property_values, size_t property_count);
/** Keeps the session alive. */
FLOWSTATE_API int flowstate_sql_gateway_heartbeat(flowstate_sql_gateway *gateway,
                                                  const char *session);
/** Closes the session; NOT_FOUND when the gateway no longer has it. */
FLOWSTATE_API int flowstate_sql_gateway_close_session(flowstate_sql_gateway *gateway,
                                                      const char *session);
#define FLOWSTATE_STATEMENT_OPTIONS_VERSION 1
typedef struct flowstate_statement_options {
  unsigned int version;           /**< FLOWSTATE_STATEMENT_OPTIONS_VERSION */
  const char *const *config_keys; /**< executionConfig: options for this statement only */
  const char *const *config_values;
  size_t config_count;
  int64_t execution_timeout_ms; /**< executionTimeout; -1: none */
} flowstate_statement_options;

#define FLOWSTATE_STATEMENT_OPTIONS_INIT \
  { FLOWSTATE_STATEMENT_OPTIONS_VERSION, NULL, NULL, 0, -1 }
/** Sets *out to FLOWSTATE_STATEMENT_OPTIONS_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_statement_options_init(flowstate_statement_options *out);

/** options may be NULL. */
FLOWSTATE_API int flowstate_sql_gateway_execute(char **out_operation,
                                                flowstate_sql_gateway *gateway, const char *session,
                                                const char *statement,
                                                const flowstate_statement_options *options);
/** Sets *out to the operation's status ("RUNNING", "FINISHED", "ERROR", ...). */
FLOWSTATE_API int flowstate_sql_gateway_operation_status(char **out, flowstate_sql_gateway *gateway,
                                                         const char *session,
                                                         const char *operation);
/** One page: {"result_type", "result_kind", "is_query", "job_id", "columns", "rows",
 * "next_uri"}. */
FLOWSTATE_API int flowstate_sql_gateway_fetch(char **out_json, flowstate_sql_gateway *gateway,
                                              const char *session, const char *operation,
                                              int64_t token);
/** Executes a statement, waits for it and fetches every page: {"operation", "status",
 * "job_id", "columns", "rows"}. */
FLOWSTATE_API int flowstate_sql_gateway_run(char **out_json, flowstate_sql_gateway *gateway,
                                            const char *session, const char *statement,
                                            const flowstate_statement_options *options,
                                            const flowstate_operation *operation);
/** STOP JOB 'ID' [WITH SAVEPOINT] [WITH DRAIN]: the savepoint's path ("" without one: Flink
 * then cancels the job). */
FLOWSTATE_API int flowstate_sql_gateway_stop_job(char **out_savepoint_path,
                                                 flowstate_sql_gateway *gateway,
                                                 const char *session, const char *job_id,
                                                 int with_savepoint, int drain,
                                                 const flowstate_operation *operation);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_FLINK_H */
