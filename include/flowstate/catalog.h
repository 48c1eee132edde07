/** @file
 * flowstate/catalog.h: the checkpoint catalog. Clusters, jobs in folders, runs, checkpoints
 * and savepoints, and the audit log, in one SQLite file; restore strategies and the restore
 * decision; reconciliation with storage and retention.
 *
 * A job is named by a reference: its id ("42") or its path ("/warehouse/cdc/emp").
 *
 * Checkpoint and savepoint paths (records, ONCE paths, what a run restored from) are stored
 * in one canonical form, the one Flink accepts as a savepoint path: /d/chk-7, /d/chk-7/,
 * file:/d/chk-7 and file:///d/chk-7 are one location, file:///d/chk-7. hdfs:///p stays as
 * written (Flink completes it with its default file system). Relative paths are refused.
 *
 * A catalog opened read-only is never created, upgraded or written; it can be read by a user
 * who may not write the file or its directory. A file of an older schema is upgraded by the
 * first open that may write (UNSUPPORTED_VERSION for a read-only open of one).
 *
 * Records come back in lists (flowstate_job_list, ...). Each list has _count() and _get(),
 * which fills a caller's info struct whose `version` the caller set (with its *_INIT macro);
 * the strings in it are borrowed from the list. The same info structs describe what to add.
 * Optional numbers are -1 when absent.
 *
 * Thread-safety: a flowstate_catalog may be used from several threads at once (calls are
 * serialised), and several processes may open one file (SQLite's locks; a writer waits up to
 * the busy timeout, then FLOWSTATE_E_BUSY). Lists and reports: one thread at a time.
 */
#ifndef FLOWSTATE_CATALOG_H
#define FLOWSTATE_CATALOG_H

#include "flowstate/common.h"
#include "flowstate/config.h"
#include "flowstate/enums.h"
#include "flowstate/job.h"
#include "flowstate/storage.h"

FLOWSTATE_BEGIN_DECLS

/* ---- enumerations (values are stable) ------------------------------------------------ */
/* Names, meanings and parsing: flowstate_enum_name(FLOWSTATE_ENUM_ORIGIN, value), ... (enums.h). */

#define FLOWSTATE_ORIGIN_TRIGGERED 0             /**< a savepoint a user asked for */
#define FLOWSTATE_ORIGIN_STOP 1                  /**< stop with savepoint */
#define FLOWSTATE_ORIGIN_CANCEL 2                /**< cancel with savepoint */
#define FLOWSTATE_ORIGIN_PERIODIC 3              /**< a periodic checkpoint seen while running */
#define FLOWSTATE_ORIGIN_RETAINED_CHECKPOINT 4   /**< a checkpoint kept after the job ended */
#define FLOWSTATE_ORIGIN_DISCOVERED_ON_STORAGE 5 /**< found on storage, not recorded before */
#define FLOWSTATE_ORIGIN_REGISTERED_BY_USER 6    /**< a path registered by hand */

#define FLOWSTATE_SNAPSHOT_STATE_PENDING 0
#define FLOWSTATE_SNAPSHOT_STATE_COMPLETED 1
#define FLOWSTATE_SNAPSHOT_STATE_FAILED 2
#define FLOWSTATE_SNAPSHOT_STATE_DISPOSED 3 /**< deleted by retention or by hand */
#define FLOWSTATE_SNAPSHOT_STATE_MISSING 4  /**< recorded, but gone from storage */

#define FLOWSTATE_RESTORE_NONE 0 /**< start empty */
#define FLOWSTATE_RESTORE_LATEST_SAVEPOINT 1
#define FLOWSTATE_RESTORE_LATEST_CHECKPOINT 2
#define FLOWSTATE_RESTORE_LATEST_STATE 3 /**< the newer of the two by completion time */
#define FLOWSTATE_RESTORE_EARLIEST_SAVEPOINT 4

#define FLOWSTATE_CLAIM_NO_CLAIM 0
#define FLOWSTATE_CLAIM_CLAIM 1
#define FLOWSTATE_CLAIM_LEGACY 2

/* ---- opening --------------------------------------------------------------------------- */

#define FLOWSTATE_CATALOG_OPTIONS_VERSION 1
typedef struct flowstate_catalog_options {
  unsigned int version; /**< FLOWSTATE_CATALOG_OPTIONS_VERSION */
  int create;           /**< create the file (and its directory) if missing; default 1 */
  int read_only;        /**< default 0 */
  int busy_timeout_ms;  /**< how long a writer waits for another; default 5000 */
  const char *actor;    /**< who acts, as recorded in the audit log; NULL: the OS user */
} flowstate_catalog_options;

#define FLOWSTATE_CATALOG_OPTIONS_INIT \
  { FLOWSTATE_CATALOG_OPTIONS_VERSION, 1, 0, 5000, NULL }
/** Sets *out to FLOWSTATE_CATALOG_OPTIONS_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_catalog_options_init(flowstate_catalog_options *out);

/**
 * Opens the catalog at `path` (created with its schema when missing and options->create).
 * Refuses a file written by a newer flowstate (UNSUPPORTED_VERSION), a SQLite file that is
 * not a catalog, and a damaged one (CORRUPT); BUSY when another process holds it too long.
 */
FLOWSTATE_API int flowstate_catalog_open(flowstate_catalog **out, const char *path,
                                         const flowstate_catalog_options *options);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_catalog_free(flowstate_catalog *catalog);
/** The schema version of the open catalog file (after any upgrade this open made). */
FLOWSTATE_API int flowstate_catalog_schema_version(const flowstate_catalog *catalog);
/** The path the catalog was opened at (borrowed, valid while the catalog is open). */
FLOWSTATE_API const char *flowstate_catalog_path(const flowstate_catalog *catalog);

/* ---- clusters ------------------------------------------------------------------------- */

#define FLOWSTATE_CLUSTER_INFO_VERSION 2
typedef struct flowstate_cluster_info {
  unsigned int version; /**< FLOWSTATE_CLUSTER_INFO_VERSION */
  int64_t id;           /**< set by the catalog */
  const char *name;
  const char *rest_url, *sql_gateway_url; /**< NULL or "" when none */
  const char *flink_version;              /**< "1.20"; NULL or "" when unknown */
  const char *checkpoint_dir, *savepoint_dir;
  const char *storage; /**< which storage settings reach the directories */
  /** version 2: how the lifecycle submits to it. */
  int deployment;         /**< FLOWSTATE_DEPLOYMENT_*; UNKNOWN is taken as a session cluster */
  const char *runner_jar; /**< the jar (a file on the host) that runs SQL scripts in the cluster;
                             NULL or "" for none */
  const char *runner_entry_class; /**< NULL or "": the jar's manifest names it */
  const char *runner_args;        /**< the argument template; NULL or "": the default */
  const char *runner_upload; /**< output only: the cluster's id of the last upload, "" for none */
} flowstate_cluster_info;

#define FLOWSTATE_CLUSTER_INFO_INIT                                              \
  {                                                                              \
    FLOWSTATE_CLUSTER_INFO_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
        FLOWSTATE_DEPLOYMENT_UNKNOWN, NULL, NULL, NULL, NULL                     \
  }
/** Sets *out to FLOWSTATE_CLUSTER_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_cluster_info_init(flowstate_cluster_info *out);

/** Adds the cluster, or updates the one with this name; *out (may be NULL) gets it back. */
FLOWSTATE_API int flowstate_catalog_put_cluster(flowstate_cluster_list **out,
                                                flowstate_catalog *catalog,
                                                const flowstate_cluster_info *cluster);
/** The cluster named `name` as a one-entry list; NOT_FOUND when the catalog has none. */
FLOWSTATE_API int flowstate_catalog_get_cluster(flowstate_cluster_list **out,
                                                flowstate_catalog *catalog, const char *name);
/** Every cluster of the catalog, by name. */
FLOWSTATE_API int flowstate_catalog_list_clusters(flowstate_cluster_list **out,
                                                  flowstate_catalog *catalog);
/** ILLEGAL_STATE while jobs use it. */
FLOWSTATE_API int flowstate_catalog_remove_cluster(flowstate_catalog *catalog, const char *name);

/** Frees the list and the strings it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_cluster_list_free(flowstate_cluster_list *list);
/** How many entries the list holds. */
FLOWSTATE_API size_t flowstate_cluster_list_count(const flowstate_cluster_list *list);
/** Fills *out (its version set by the caller) with entry `index`; its strings are borrowed from the
 * list. INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_cluster_list_get(const flowstate_cluster_list *list, size_t index,
                                             flowstate_cluster_info *out);

/* ---- jobs ----------------------------------------------------------------------------- */

#define FLOWSTATE_JOB_INFO_VERSION 3
typedef struct flowstate_job_info {
  unsigned int version; /**< FLOWSTATE_JOB_INFO_VERSION */
  int64_t id;           /**< set by the catalog */
  const char *name;
  const char *folder;    /**< "/warehouse/cdc"; NULL: "/" */
  const char *path;      /**< "/warehouse/cdc/emp" (output only) */
  const char *cluster;   /**< a cluster's name; NULL or "" for none */
  const char *script;    /**< as stored: secret values are ${secret:NAME} references. Output
                            only (lists leave it NULL); store with flowstate_catalog_save_script */
  int strategy;          /**< FLOWSTATE_RESTORE_*; default LATEST_STATE */
  const char *once_path; /**< used by the next start only; NULL when none */
  int fail_closed;       /**< 1: refuse to start empty when the strategy needs state (default) */
  const char *checkpoint_dir, *savepoint_dir; /**< NULL or "": the cluster's */
  int64_t retain_count;           /**< checkpoints kept (newest; PERIODIC, RETAINED_CHECKPOINT and
                                     DISCOVERED_ON_STORAGE ones); -1: no limit */
  int64_t retain_age_ms;          /**< checkpoints older than this may go; -1: no limit */
  int64_t created_ms, updated_ms; /**< output only */
  /** version 2: savepoints (of any origin) have retention of their own; the checkpoint
   * retention above never takes a savepoint. */
  int64_t savepoint_retain_count;  /**< -1: no limit */
  int64_t savepoint_retain_age_ms; /**< -1: no limit */
  /** version 3: the lifecycle's view (flowstate/job.h), output only: only the lifecycle
   * changes it. */
  int state;           /**< FLOWSTATE_JOB_*: where the job stands */
  int desired;         /**< FLOWSTATE_DESIRED_*: what the user last asked it to be */
  int64_t row_version; /**< grows with every change of state */
} flowstate_job_info;

#define FLOWSTATE_JOB_INFO_INIT                                                                  \
  {                                                                                              \
    FLOWSTATE_JOB_INFO_VERSION, 0, NULL, NULL, NULL, NULL, NULL, FLOWSTATE_RESTORE_LATEST_STATE, \
        NULL, 1, NULL, NULL, -1, -1, 0, 0, -1, -1, FLOWSTATE_JOB_NEW, FLOWSTATE_DESIRED_NONE, 0  \
  }
/** Sets *out to FLOWSTATE_JOB_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_job_info_init(flowstate_job_info *out);

/** *out (may be NULL) gets the job as stored. ALREADY_EXISTS when the folder has one so named. */
FLOWSTATE_API int flowstate_catalog_add_job(flowstate_job_list **out, flowstate_catalog *catalog,
                                            const flowstate_job_info *job);
/** With its script. */
FLOWSTATE_API int flowstate_catalog_get_job(flowstate_job_list **out, flowstate_catalog *catalog,
                                            const char *ref);
/** Sets every field of `job` but id, path, script and the timestamps on the job `ref`. */
FLOWSTATE_API int flowstate_catalog_update_job(flowstate_job_list **out, flowstate_catalog *catalog,
                                               const char *ref, const flowstate_job_info *job);
/** Moves the job to `folder` (created if missing), renamed when new_name is not NULL. */
FLOWSTATE_API int flowstate_catalog_move_job(flowstate_job_list **out, flowstate_catalog *catalog,
                                             const char *ref, const char *folder,
                                             const char *new_name);
/** With its runs and snapshot records (the files stay); the audit log keeps its events. Its
 * secret values stay in the host's store (the audit log names them): use _v2 to remove them. */
FLOWSTATE_API int flowstate_catalog_remove_job(flowstate_catalog *catalog, const char *ref);
/** Sets the job's standing restore strategy (FLOWSTATE_RESTORE_*), audited; INVALID_ARGUMENT for
 * another value. */
FLOWSTATE_API int flowstate_catalog_set_strategy(flowstate_catalog *catalog, const char *ref,
                                                 int strategy);
/** ONCE(path): the next start restores from `path` (an absolute location, stored canonical;
 * INVALID_ARGUMENT otherwise), later starts use the standing strategy. NULL clears a pending
 * ONCE path (flowstate_catalog_clear_once also says which). */
FLOWSTATE_API int flowstate_catalog_set_once(flowstate_catalog *catalog, const char *ref,
                                             const char *path);
/** Drops a pending ONCE path (audited). *dropped (may be NULL) gets it, or NULL when none was
 * pending; free it with flowstate_string_free(). */
FLOWSTATE_API int flowstate_catalog_clear_once(char **dropped, flowstate_catalog *catalog,
                                               const char *ref);

#define FLOWSTATE_JOB_QUERY_VERSION 1
typedef struct flowstate_job_query {
  unsigned int version;      /**< FLOWSTATE_JOB_QUERY_VERSION */
  const char *name_contains; /**< case-sensitive substring, or NULL */
  int state;                 /**< FLOWSTATE_JOB_* (flowstate/job.h), or -1 for any */
  const char *cluster;       /**< or NULL */
  const char *folder;        /**< this folder and below, or NULL for everywhere */
  int64_t limit;             /**< default 1000 */
} flowstate_job_query;

#define FLOWSTATE_JOB_QUERY_INIT \
  { FLOWSTATE_JOB_QUERY_VERSION, NULL, -1, NULL, NULL, 1000 }
/** Sets *out to FLOWSTATE_JOB_QUERY_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_job_query_init(flowstate_job_query *out);

/** Jobs matching every criterion given, by path (scripts left out). */
FLOWSTATE_API int flowstate_catalog_find_jobs(flowstate_job_list **out, flowstate_catalog *catalog,
                                              const flowstate_job_query *query);

/** Frees the list and the strings it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_job_list_free(flowstate_job_list *list);
/** How many entries the list holds. */
FLOWSTATE_API size_t flowstate_job_list_count(const flowstate_job_list *list);
/** Fills *out (its version set by the caller) with entry `index`; its strings are borrowed from the
 * list. INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_job_list_get(const flowstate_job_list *list, size_t index,
                                         flowstate_job_info *out);

/* ---- folders -------------------------------------------------------------------------- */

/** Folder paths are absolute ("/", "/a/b"); repeated and trailing slashes are dropped, "." and
 * ".." segments refused. */
FLOWSTATE_API int flowstate_catalog_create_folder(flowstate_catalog *catalog, const char *path);
/** Moves or renames a folder; its jobs and subfolders follow. ALREADY_EXISTS when `to` exists. */
FLOWSTATE_API int flowstate_catalog_move_folder(flowstate_catalog *catalog, const char *from,
                                                const char *to);
/** Empty folders only (ILLEGAL_STATE otherwise). */
FLOWSTATE_API int flowstate_catalog_remove_folder(flowstate_catalog *catalog, const char *path);
/** A folder's direct subfolders (with counts) and its direct jobs, both by name. Either out
 * may be NULL. */
FLOWSTATE_API int flowstate_catalog_list_folder(flowstate_folder_list **out_folders,
                                                flowstate_job_list **out_jobs,
                                                flowstate_catalog *catalog, const char *path);
/** The folder and every folder below it, depth first by name, with counts. */
FLOWSTATE_API int flowstate_catalog_tree(flowstate_folder_list **out, flowstate_catalog *catalog,
                                         const char *path);

/** Frees the list and the strings it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_folder_list_free(flowstate_folder_list *list);
/** How many entries the list holds. */
FLOWSTATE_API size_t flowstate_folder_list_count(const flowstate_folder_list *list);

#define FLOWSTATE_FOLDER_INFO_VERSION 1
typedef struct flowstate_folder_info {
  unsigned int version; /**< FLOWSTATE_FOLDER_INFO_VERSION */
  const char *path;
  int64_t jobs;     /**< jobs directly in the folder */
  int64_t all_jobs; /**< jobs in it and below */
} flowstate_folder_info;

#define FLOWSTATE_FOLDER_INFO_INIT \
  { FLOWSTATE_FOLDER_INFO_VERSION, NULL, 0, 0 }
/** Sets *out to FLOWSTATE_FOLDER_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_folder_info_init(flowstate_folder_info *out);
/** Fills *out (its version set by the caller) with entry `index`; its strings are borrowed from the
 * list. INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_folder_list_get(const flowstate_folder_list *list, size_t index,
                                            flowstate_folder_info *out);

/* ---- scripts and secrets -------------------------------------------------------------- */

/** Where the host keeps secret values. put stores `value` under `name`; get hands the value
 * of `name` over with flowstate_secret_value_set(); remove forgets `name`. Each returns 0,
 * or a flowstate_error_code (FLOWSTATE_E_NOT_FOUND for an unknown name, which remove may
 * return for a name already gone) that the call then fails with.
 *
 * Names are `job.<id>.<statement>.<key>` (job.7.src.password): the job's id, so unique per
 * job for its whole life (moves and renames keep them). Values leave the store with their
 * job (flowstate_catalog_remove_job_v2) and when a saved script no longer refers to them.
 * A version-1 store (no remove) keeps working: what it cannot remove stays in it, and the
 * catalog says which names (the remove call's diagnostics, the audit log's secret.remove
 * events), so that the host can remove them itself. */
typedef struct flowstate_secret_store {
  unsigned int version; /**< FLOWSTATE_SECRET_STORE_VERSION, or 1 without remove */
  int (*put)(void *user_data, const char *name, const char *value, size_t value_len);
  int (*get)(void *user_data, const char *name, flowstate_secret_value *out);
  void *user_data;
  /** version 2 */
  int (*remove)(void *user_data, const char *name);
} flowstate_secret_store;

#define FLOWSTATE_SECRET_STORE_VERSION 2
#define FLOWSTATE_SECRET_STORE_INIT \
  { FLOWSTATE_SECRET_STORE_VERSION, NULL, NULL, NULL, NULL }
/** Sets *out to FLOWSTATE_SECRET_STORE_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_secret_store_init(flowstate_secret_store *out);

/** Removes the job like flowstate_catalog_remove_job, then its secret values from `secrets`
 * (NULL: none are removed). The job goes first: a crash between the two leaves values in
 * the store, never a job whose values are gone. Each value left in the store (a version-1
 * store cannot remove) is a warning in `diags` (may be NULL) whose path is its name. */
FLOWSTATE_API int flowstate_catalog_remove_job_v2(flowstate_catalog *catalog, const char *ref,
                                                  const flowstate_secret_store *secrets,
                                                  flowstate_diagnostics *diags);

/** Inside a get callback: the value (len (size_t)-1: NUL-terminated). */
FLOWSTATE_API int flowstate_secret_value_set(flowstate_secret_value *out, const char *value,
                                             size_t len);

/**
 * Stores the job's script (len (size_t)-1: NUL-terminated). Secret values (passwords,
 * tokens, keys in WITH options and SET statements) are handed to `secrets` and replaced by
 * ${secret:NAME} references; the report says which value moved where. Without a store, a
 * script holding a secret is refused (INVALID_ARGUMENT naming its position), never stored in
 * the clear. A script is UTF-8 text: a NUL byte or bytes that are not UTF-8 are refused
 * (INVALID_ARGUMENT with line:column and byte offset; the message says when the bytes read as
 * GBK). References to names of an older catalog or of another job are moved or copied to
 * this job's own names (audited). *out may be NULL.
 */
FLOWSTATE_API int flowstate_catalog_save_script(flowstate_save_report **out,
                                                flowstate_catalog *catalog, const char *ref,
                                                const char *text, size_t len,
                                                const flowstate_secret_store *secrets);
/** The script with its references resolved through `secrets` (for submitting it). The caller
 * holds the secrets in the result: free it with flowstate_string_free() soon. ILLEGAL_STATE
 * for a reference whose value another job of the same name overwrote (catalogs written
 * before names were per job; the message names the job); CORRUPT for a stored script that is
 * not text (stored by an older flowstate). */
FLOWSTATE_API int flowstate_catalog_resolve_script(char **out, flowstate_catalog *catalog,
                                                   const char *ref,
                                                   const flowstate_secret_store *secrets);

/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_save_report_free(flowstate_save_report *report);
/** The script as stored. */
FLOWSTATE_API const char *flowstate_save_report_stored(const flowstate_save_report *report);
/** How many secret values the save moved from the script to the host's store. */
FLOWSTATE_API size_t flowstate_save_report_moved_count(const flowstate_save_report *report);

#define FLOWSTATE_MOVED_SECRET_VERSION 1
/** A secret value the save moved to the store. */
typedef struct flowstate_moved_secret {
  unsigned int version; /**< FLOWSTATE_MOVED_SECRET_VERSION */
  const char *name;     /**< the name of the reference: job.ID.KEY */
  const char *key;      /**< the option or variable it was the value of */
  int64_t line, column; /**< where the value was: 1-based, in the text saved */
} flowstate_moved_secret;

#define FLOWSTATE_MOVED_SECRET_INIT \
  { FLOWSTATE_MOVED_SECRET_VERSION, NULL, NULL, -1, -1 }
/** Sets *out to FLOWSTATE_MOVED_SECRET_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_moved_secret_init(flowstate_moved_secret *out);
/** Fills *out with moved secret `index` (its name and where it was; never its value);
 * INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_save_report_moved_get(const flowstate_save_report *report, size_t index,
                                                  flowstate_moved_secret *out);

/* ---- runs ----------------------------------------------------------------------------- */

#define FLOWSTATE_RUN_INFO_VERSION 1
typedef struct flowstate_run_info {
  unsigned int version;      /**< FLOWSTATE_RUN_INFO_VERSION */
  int64_t id, job_id;        /**< set by the catalog */
  const char *flink_job_id;  /**< 32 hex, NULL or "" until known */
  const char *cluster;       /**< NULL or "": the job's */
  int64_t started_ms;        /**< 0: now */
  int64_t ended_ms;          /**< -1 while running */
  const char *final_status;  /**< "" while running */
  const char *restored_from; /**< NULL or "": started empty */
  int claim_mode;            /**< FLOWSTATE_CLAIM_*, -1 when not restored */
  int64_t restored_snapshot; /**< the snapshot record restored from, or -1 */
} flowstate_run_info;

#define FLOWSTATE_RUN_INFO_INIT \
  { FLOWSTATE_RUN_INFO_VERSION, 0, 0, NULL, NULL, 0, -1, NULL, NULL, -1, -1 }
/** Sets *out to FLOWSTATE_RUN_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_run_info_init(flowstate_run_info *out);

/* Runs are written by the job lifecycle (flowstate/job.h) alone; recording them by hand is in
 * flowstate/unstable.h, for tests and for importing history. */
/** In start order. */
FLOWSTATE_API int flowstate_catalog_list_runs(flowstate_run_list **out, flowstate_catalog *catalog,
                                              const char *ref);

/** Frees the list and the strings it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_run_list_free(flowstate_run_list *list);
/** How many entries the list holds. */
FLOWSTATE_API size_t flowstate_run_list_count(const flowstate_run_list *list);
/** Fills *out (its version set by the caller) with entry `index`; its strings are borrowed from the
 * list. INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_run_list_get(const flowstate_run_list *list, size_t index,
                                         flowstate_run_info *out);

/* ---- snapshot records ----------------------------------------------------------------- */

#define FLOWSTATE_SNAPSHOT_RECORD_VERSION 3
typedef struct flowstate_snapshot_record {
  unsigned int version;  /**< FLOWSTATE_SNAPSHOT_RECORD_VERSION */
  int64_t id;            /**< set by the catalog */
  int64_t job_id;        /**< for batches; single adds name the job by reference */
  int64_t run_id;        /**< the run that wrote it, or -1 */
  int kind;              /**< FLOWSTATE_SNAPSHOT_* (checkpoint or savepoint) */
  int64_t checkpoint_id; /**< Flink's, or -1 */
  const char *path;      /**< the snapshot's directory */
  int64_t trigger_ms, completion_ms, size, format_version; /**< or -1 */
  const char *savepoint_format; /**< "CANONICAL", "NATIVE", or NULL / "" */
  int origin;                   /**< FLOWSTATE_ORIGIN_* */
  int state;                    /**< FLOWSTATE_SNAPSHOT_STATE_* */
  int64_t claimed_by_run;       /**< restored in CLAIM mode by this run (Flink owns it), or -1 */
  int keep;                     /**< 1: never deleted by retention (a LEGACY restore's source) */
  /** version 2: Flink's trigger id of the savepoint request (32 hex), or NULL / "" */
  const char *trigger_id;
  /** version 3: in prune reports, why it was kept or failed; or NULL / "" (read only) */
  const char *note;
} flowstate_snapshot_record;

#define FLOWSTATE_SNAPSHOT_RECORD_INIT                                                            \
  {                                                                                               \
    FLOWSTATE_SNAPSHOT_RECORD_VERSION, 0, 0, -1, FLOWSTATE_SNAPSHOT_CHECKPOINT, -1, NULL, -1, -1, \
        -1, -1, NULL, FLOWSTATE_ORIGIN_PERIODIC, FLOWSTATE_SNAPSHOT_STATE_COMPLETED, -1, 0, NULL, \
        NULL                                                                                      \
  }
/** Sets *out to FLOWSTATE_SNAPSHOT_RECORD_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_snapshot_record_init(flowstate_snapshot_record *out);

/** One record for the job `ref` (record->job_id is ignored). The path is stored canonical:
 * ALREADY_EXISTS for a location the job has recorded, in whatever spelling. */
FLOWSTATE_API int flowstate_catalog_add_snapshot(flowstate_record_list **out,
                                                 flowstate_catalog *catalog, const char *ref,
                                                 const flowstate_snapshot_record *record);
#define FLOWSTATE_REGISTER_OPTIONS_VERSION 1
typedef struct flowstate_register_options {
  unsigned int version;               /**< FLOWSTATE_REGISTER_OPTIONS_VERSION */
  int force;                          /**< 1: record one that is not restorable, as FAILED */
  const flowstate_scan_options *scan; /**< how deep to check; NULL: the defaults (FILES) */
} flowstate_register_options;

#define FLOWSTATE_REGISTER_OPTIONS_INIT \
  { FLOWSTATE_REGISTER_OPTIONS_VERSION, 0, NULL }
/** Sets *out to FLOWSTATE_REGISTER_OPTIONS_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_register_options_init(flowstate_register_options *out);

/**
 * Registers a snapshot a user names for the job `ref` (record: path, origin, trigger id, run),
 * checked on `storage` first so that a record never points at nothing: kind, checkpoint id,
 * completion time, size, format version and savepoint format come from storage. One that is
 * not restorable is ILLEGAL_STATE saying why, unless options->force, which records it as
 * FAILED. storage NULL: nothing is checked, the kind follows the directory's name
 * (savepoint-...). options may be NULL (the defaults).
 */
FLOWSTATE_API int flowstate_catalog_register_snapshot(flowstate_record_list **out,
                                                      flowstate_catalog *catalog, const char *ref,
                                                      const flowstate_snapshot_record *record,
                                                      flowstate_storage *storage,
                                                      const flowstate_register_options *options);
/** Many records (each naming its job by job_id) in one transaction: all or none. */
FLOWSTATE_API int flowstate_catalog_add_snapshots(flowstate_catalog *catalog,
                                                  const flowstate_snapshot_record *records,
                                                  size_t count);
/** Sets the state (FLOWSTATE_SNAPSHOT_STATE_*) of snapshot record `id`, audited; NOT_FOUND when
 * there is none. */
FLOWSTATE_API int flowstate_catalog_set_snapshot_state(flowstate_catalog *catalog, int64_t id,
                                                       int state);
/** Snapshot record `id` as a one-entry list; NOT_FOUND when there is none. */
FLOWSTATE_API int flowstate_catalog_get_snapshot(flowstate_record_list **out,
                                                 flowstate_catalog *catalog, int64_t id);
/** The job's record of `path`, in any spelling; NOT_FOUND when it has none. */
FLOWSTATE_API int flowstate_catalog_find_snapshot(flowstate_record_list **out,
                                                  flowstate_catalog *catalog, const char *ref,
                                                  const char *path);
/** Removes a record. delete_files 0: the record only (the files stay). delete_files 1: the
 * snapshot's files are deleted through `storage` first and the record only once they are
 * gone; a snapshot a run may still use (a checkpoint of an open run, a CLAIM or LEGACY
 * restore's source) is refused with ILLEGAL_STATE saying why. */
FLOWSTATE_API int flowstate_catalog_remove_snapshot(flowstate_catalog *catalog, int64_t id,
                                                    flowstate_storage *storage, int delete_files);
/** The job's records, newest completion first; only `states` when state_count > 0; at most
 * `limit` (-1: all). */
FLOWSTATE_API int flowstate_catalog_list_snapshots(flowstate_record_list **out,
                                                   flowstate_catalog *catalog, const char *ref,
                                                   const int *states, size_t state_count,
                                                   int64_t limit);

/** Frees the list and the strings it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_record_list_free(flowstate_record_list *list);
/** How many entries the list holds. */
FLOWSTATE_API size_t flowstate_record_list_count(const flowstate_record_list *list);
/** Fills *out (its version set by the caller) with entry `index`; its strings are borrowed from the
 * list. INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_record_list_get(const flowstate_record_list *list, size_t index,
                                            flowstate_snapshot_record *out);

/* ---- the audit log -------------------------------------------------------------------- */

#define FLOWSTATE_EVENT_INFO_VERSION 2
typedef struct flowstate_event_info {
  unsigned int version; /**< FLOWSTATE_EVENT_INFO_VERSION */
  int64_t id, at_ms;
  int64_t job_id, run_id; /**< or -1 */
  const char *job;        /**< the job's path when the event was written */
  const char *action;     /**< "job.add", "restore.once.set", "run.start", "prune.delete", ... */
  const char *actor, *outcome, *detail; /**< who, how it ended, what (secrets redacted) */
  /** version 2: a change of the job's lifecycle state */
  int from_state;       /**< FLOWSTATE_JOB_*, -1 when none (no change, or the first state) */
  int to_state;         /**< FLOWSTATE_JOB_*, -1 when the event is no change of state */
  const char *cause;    /**< why ("user", "observed RUNNING", "catalog schema 4"), or "" */
  int64_t operation_id; /**< the operation it belongs to, or -1 */
} flowstate_event_info;

#define FLOWSTATE_EVENT_INFO_INIT \
  { FLOWSTATE_EVENT_INFO_VERSION, 0, 0, -1, -1, NULL, NULL, NULL, NULL, NULL, -1, -1, NULL, -1 }
/** Sets *out to FLOWSTATE_EVENT_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_event_info_init(flowstate_event_info *out);

/** Newest first; ref NULL or "": every job's (a removed job's by its id). */
FLOWSTATE_API int flowstate_catalog_list_events(flowstate_event_list **out,
                                                flowstate_catalog *catalog, const char *ref,
                                                int64_t limit);
/** Frees the list and the strings it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_event_list_free(flowstate_event_list *list);
/** How many entries the list holds. */
FLOWSTATE_API size_t flowstate_event_list_count(const flowstate_event_list *list);
/** Fills *out (its version set by the caller) with entry `index`; its strings are borrowed from the
 * list. INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_event_list_get(const flowstate_event_list *list, size_t index,
                                           flowstate_event_info *out);

/* ---- the restore decision ------------------------------------------------------------- */

#define FLOWSTATE_RESTORE_OPTIONS_VERSION 2
typedef struct flowstate_restore_options {
  unsigned int version;      /**< FLOWSTATE_RESTORE_OPTIONS_VERSION (2; version 1 is refused) */
  const char *flink_version; /**< the Flink that will restore; NULL: the job's cluster's */
  int verify;                /**< check candidates on storage; default 1 (needs a storage) */
  int verify_level;          /**< FLOWSTATE_VERIFY_*; default FILES */
  int discover;              /**< also look for newer checkpoints on storage; default 1 */
  int fail_closed;           /**< -1: the job's setting; 0 or 1 */
  size_t max_candidates;     /**< default 8 */
  const flowstate_operation *operation; /**< deadline, cancellation, progress; NULL: none */
} flowstate_restore_options;

#define FLOWSTATE_RESTORE_OPTIONS_INIT \
  { FLOWSTATE_RESTORE_OPTIONS_VERSION, NULL, 1, FLOWSTATE_VERIFY_FILES, 1, -1, 8, NULL }
/** Sets *out to FLOWSTATE_RESTORE_OPTIONS_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_restore_options_init(flowstate_restore_options *out);

/**
 * Where the job's next start restores from, by its ONCE path or standing strategy: newest
 * candidates first, each checked on `storage` (NULL: the catalog's view only, verify must
 * be 0), moving on from one that is gone or damaged and saying why. Storage discovery may
 * find a checkpoint newer than any recorded. When the strategy needs state and nothing is
 * restorable, fails closed with ILLEGAL_STATE (the reasons in the message) unless told not
 * to. Reads the catalog only: the ONCE path is consumed by flowstate_catalog_start_run.
 */
FLOWSTATE_API int flowstate_catalog_resolve_restore(flowstate_restore_decision **out,
                                                    flowstate_catalog *catalog, const char *ref,
                                                    flowstate_storage *storage,
                                                    const flowstate_restore_options *options);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_restore_decision_free(flowstate_restore_decision *decision);

#define FLOWSTATE_RESTORE_DECISION_INFO_VERSION 1
/** The decision. Strings are valid until the decision is freed. */
typedef struct flowstate_restore_decision_info {
  unsigned int version;       /**< FLOWSTATE_RESTORE_DECISION_INFO_VERSION */
  const char *path;           /**< the path to start from; NULL when none: start empty */
  int64_t snapshot_id;        /**< the chosen snapshot's record, or -1 (none, or on storage only) */
  const char *strategy;       /**< what decided: "LATEST_STATE", ..., "ONCE" or "NONE" */
  int once;                   /**< 1: the job's ONCE path (consumed by the next start) */
  const char *const *reasons; /**< why, in words: each candidate passed over, then the choice */
  size_t reason_count;
  size_t candidate_count; /**< see flowstate_restore_decision_candidate_get() */
} flowstate_restore_decision_info;

#define FLOWSTATE_RESTORE_DECISION_INFO_INIT \
  { FLOWSTATE_RESTORE_DECISION_INFO_VERSION, NULL, -1, NULL, 0, NULL, 0, 0 }
/** Sets *out to FLOWSTATE_RESTORE_DECISION_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_restore_decision_info_init(flowstate_restore_decision_info *out);
/** Fills *out with the decision: what the job starts from, by which rule, and why. */
FLOWSTATE_API int flowstate_restore_decision_get(const flowstate_restore_decision *decision,
                                                 flowstate_restore_decision_info *out);

#define FLOWSTATE_RESTORE_CANDIDATE_VERSION 1
typedef struct flowstate_restore_candidate {
  unsigned int version; /**< FLOWSTATE_RESTORE_CANDIDATE_VERSION */
  const char *path;
  const char *source;  /**< "catalog" or "storage" */
  int64_t snapshot_id; /**< its record, or -1 (found on storage only) */
  int kind;            /**< FLOWSTATE_SNAPSHOT_* */
  int64_t completion_ms;
  int restorable;      /**< 1: it can be restored from */
  const char *verdict; /**< "COMPLETE", "CORRUPT", ..., or "not checked" */
  const char *reason;
} flowstate_restore_candidate;

#define FLOWSTATE_RESTORE_CANDIDATE_INIT                                                      \
  {                                                                                           \
    FLOWSTATE_RESTORE_CANDIDATE_VERSION, NULL, NULL, -1, FLOWSTATE_SNAPSHOT_CHECKPOINT, 0, 0, \
        NULL, NULL                                                                            \
  }
/** Sets *out to FLOWSTATE_RESTORE_CANDIDATE_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_restore_candidate_init(flowstate_restore_candidate *out);

/** Candidate `index` (below the decision's candidate_count), in the order considered. */
FLOWSTATE_API int flowstate_restore_decision_candidate_get(
    const flowstate_restore_decision *decision, size_t index, flowstate_restore_candidate *out);

/* ---- reconciliation and retention ------------------------------------------------------ */

/**
 * Compares the job's records with its checkpoint and savepoint directories: snapshots on
 * storage but not recorded are added (DISCOVERED_ON_STORAGE), recorded ones gone from storage
 * are marked MISSING. options: NULL for the defaults.
 */
FLOWSTATE_API int flowstate_catalog_reconcile(flowstate_reconcile_report **out,
                                              flowstate_catalog *catalog, const char *ref,
                                              flowstate_storage *storage,
                                              const flowstate_scan_options *options);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_reconcile_report_free(flowstate_reconcile_report *report);
/** Borrowed lists, valid while the report lives. */
FLOWSTATE_API const flowstate_record_list *flowstate_reconcile_report_added(
    const flowstate_reconcile_report *report);
/** Recorded snapshots gone from storage, now MISSING (borrowed, valid while the report lives). */
FLOWSTATE_API const flowstate_record_list *flowstate_reconcile_report_missing(
    const flowstate_reconcile_report *report);
/** Recorded checkpoints gone from a directory that still holds a newer complete checkpoint and
 * no older one: subsumed, deleted by Flink's own retention (now DISPOSED, not MISSING). */
FLOWSTATE_API const flowstate_record_list *flowstate_reconcile_report_disposed(
    const flowstate_reconcile_report *report);

#define FLOWSTATE_RECONCILE_INFO_VERSION 1
/** What reconciling found besides the two lists. Strings are valid while the report lives. */
typedef struct flowstate_reconcile_info {
  unsigned int version;        /**< FLOWSTATE_RECONCILE_INFO_VERSION */
  int64_t unchanged;           /**< records storage agreed with */
  const char *const *problems; /**< what could not be checked, in words */
  size_t problem_count;
} flowstate_reconcile_info;

#define FLOWSTATE_RECONCILE_INFO_INIT \
  { FLOWSTATE_RECONCILE_INFO_VERSION, 0, NULL, 0 }
/** Sets *out to FLOWSTATE_RECONCILE_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_reconcile_info_init(flowstate_reconcile_info *out);
/** Fills *out with the reconciliation's counts and the directories it read. */
FLOWSTATE_API int flowstate_reconcile_report_get(const flowstate_reconcile_report *report,
                                                 flowstate_reconcile_info *out);

#define FLOWSTATE_PRUNE_OPTIONS_VERSION 1
typedef struct flowstate_prune_options {
  unsigned int version; /**< FLOWSTATE_PRUNE_OPTIONS_VERSION */
  int dry_run;          /**< report only */
  int64_t now_ms;       /**< -1: now */
} flowstate_prune_options;

#define FLOWSTATE_PRUNE_OPTIONS_INIT \
  { FLOWSTATE_PRUNE_OPTIONS_VERSION, 0, -1 }
/** Sets *out to FLOWSTATE_PRUNE_OPTIONS_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_prune_options_init(flowstate_prune_options *out);

/**
 * Applies the job's retention: count and age of checkpoints (PERIODIC, RETAINED_CHECKPOINT,
 * DISCOVERED_ON_STORAGE) and, apart, of savepoints (any origin). Never the newest completed
 * checkpoint or savepoint, nor one a run may still use: a checkpoint of an open run (Flink
 * owns those; one without a run counts as the open run's unless its `<job id>/` directory is
 * another run's) or a restore's source. Files are deleted first, then the record becomes
 * DISPOSED.
 */
FLOWSTATE_API int flowstate_catalog_prune(flowstate_prune_report **out, flowstate_catalog *catalog,
                                          const char *ref, flowstate_storage *storage,
                                          const flowstate_prune_options *options);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_prune_report_free(flowstate_prune_report *report);
/** Borrowed lists: deleted (or, in a dry run, to be deleted); kept and failed, each record's
 * note saying why. */
FLOWSTATE_API const flowstate_record_list *flowstate_prune_report_deleted(
    const flowstate_prune_report *report);
/** Records retention kept (borrowed, valid while the report lives). */
FLOWSTATE_API const flowstate_record_list *flowstate_prune_report_kept(
    const flowstate_prune_report *report);
/** Records whose files could not be deleted, left as they were (borrowed, valid while the report
 * lives). */
FLOWSTATE_API const flowstate_record_list *flowstate_prune_report_failed(
    const flowstate_prune_report *report);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_CATALOG_H */
