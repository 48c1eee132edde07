/** @file
 * flowstate/lifecycle.h: the job lifecycle's actions against clusters, over a catalog.
 *
 * One handle is opened over a catalog, storage and the host's cluster resolver, and borrows
 * each: they must outlive it. Every action records its intent in the catalog before it sends
 * anything, writes each step with the job's change of state in one transaction, counts a
 * snapshot only once its _metadata is verified on storage, and takes an operation context
 * (deadline, cancellation, progress) that reaches every request. A job is acted on by one
 * owner at a time: another process's action on it is BUSY (an operation in flight) or
 * CONFLICT (the job changed since it was read). An action cut short (killed, cancelled,
 * timed out) leaves an operation that flowstate_lifecycle_recover() resolves by probing the
 * cluster and storage, never by sending it again.
 *
 * Thread-safety: one handle may run actions on different jobs from several threads.
 */
#ifndef FLOWSTATE_LIFECYCLE_H
#define FLOWSTATE_LIFECYCLE_H

#include "flowstate/cancel.h"
#include "flowstate/catalog.h"
#include "flowstate/common.h"
#include "flowstate/endpoint.h"
#include "flowstate/job.h"
#include "flowstate/storage.h"

FLOWSTATE_BEGIN_DECLS

/**
 * How the lifecycle reaches a catalog cluster: called with the cluster's name, and *endpoint
 * set to FLOWSTATE_ENDPOINT_INIT with the JobManager address the catalog records; it adds
 * credentials and TLS settings (which never go into the catalog), or changes the address.
 * Strings it sets must stay valid until the action that asked returns. A code other than
 * FLOWSTATE_OK fails the action with that code. May be called from several threads.
 */
typedef int (*flowstate_cluster_resolver_fn)(void *user_data, const char *cluster,
                                             flowstate_endpoint *endpoint);

#define FLOWSTATE_LIFECYCLE_OPTIONS_VERSION 2
typedef struct flowstate_lifecycle_options {
  unsigned int version;                          /**< FLOWSTATE_LIFECYCLE_OPTIONS_VERSION */
  flowstate_cluster_resolver_fn resolve_cluster; /**< NULL: the recorded address, no credentials */
  void *resolver_user_data;
  const char *owner; /**< the operations' owner; NULL: this process (host:pid:start) */
  int64_t poll_ms;   /**< between status polls */
  int verify_level;  /**< FLOWSTATE_VERIFY_*: how deep a snapshot is checked before it counts */
  /** version 2: where the scripts' ${secret:NAME} values are, read at the last moment before a
   * submission and never recorded. Borrowed (the store and its user data) until the lifecycle
   * is freed; NULL: a start of a script with references is refused before anything is sent. */
  const flowstate_secret_store *secrets;
} flowstate_lifecycle_options;

#define FLOWSTATE_LIFECYCLE_OPTIONS_INIT \
  { FLOWSTATE_LIFECYCLE_OPTIONS_VERSION, NULL, NULL, NULL, 100, FLOWSTATE_VERIFY_STRUCTURE, NULL }
/** Sets *out to FLOWSTATE_LIFECYCLE_OPTIONS_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_lifecycle_options_init(flowstate_lifecycle_options *out);

/** Borrows catalog and storage (NULL storage: actions that record snapshots fail closed). */
FLOWSTATE_API int flowstate_lifecycle_new(flowstate_lifecycle **out, flowstate_catalog *catalog,
                                          flowstate_storage *storage,
                                          const flowstate_lifecycle_options *options);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_lifecycle_free(flowstate_lifecycle *lifecycle);

/* ---- actions ---------------------------------------------------------------------------- */

/** How a stop ends the run (FLOWSTATE_ENUM_STOP_MODE): pause (SavePoint 暂停) stops with a
 * savepoint, stop (SavePoint 停止) takes a savepoint with cancellation, smart (智能停止) stops
 * with a savepoint and on failure cancels and keeps a checkpoint, normal (普通停止) cancels. */
#define FLOWSTATE_STOP_PAUSE 0
#define FLOWSTATE_STOP_STOP 1
#define FLOWSTATE_STOP_SMART 2
#define FLOWSTATE_STOP_NORMAL 3

/** How a start reaches the cluster (FLOWSTATE_ENUM_SUBMIT_PATH): auto is the SQL Gateway when
 * the cluster names one and no runner, else the runner. */
#define FLOWSTATE_SUBMIT_AUTO 0
#define FLOWSTATE_SUBMIT_RUNNER 1
#define FLOWSTATE_SUBMIT_GATEWAY 2

#define FLOWSTATE_ACTION_OPTIONS_VERSION 3
typedef struct flowstate_action_options {
  unsigned int version;         /**< FLOWSTATE_ACTION_OPTIONS_VERSION */
  const char *target_directory; /**< savepoints: NULL for the job's or the cluster's directory */
  const char *format;           /**< savepoints: NULL, "CANONICAL" or "NATIVE" (1.15+) */
  int stop_mode;                /**< FLOWSTATE_STOP_* */
  int drain;                    /**< pause and smart stops: 1 to drain */
  int allow_fallback;           /**< smart stop: 1 to cancel and keep a checkpoint on failure */
  int force; /**< 1: cancel even when Flink deletes checkpoints on cancellation */
  /** version 2: starts. */
  const char *from; /**< a snapshot to start from once (the job's ONCE path, consumed when the
                       start is confirmed); NULL: the restore decision */
  int allow_non_restored_state; /**< 1: state of operators the job no longer has is skipped */
  int64_t parallelism;          /**< -1: the job's configuration decides */
  int submit_path;              /**< FLOWSTATE_SUBMIT_* */
  /** version 3: the uids of the job's stateful operators, as the host declares them: a run
   * whose Flink job id was never recorded is found on storage by them (none: by the
   * operators of the job's newest readable recorded snapshot). */
  const char *const *operator_uids;
  size_t operator_uid_count;
} flowstate_action_options;

#define FLOWSTATE_ACTION_OPTIONS_INIT                                                         \
  {                                                                                           \
    FLOWSTATE_ACTION_OPTIONS_VERSION, NULL, NULL, FLOWSTATE_STOP_SMART, 0, 1, 0, NULL, 0, -1, \
        FLOWSTATE_SUBMIT_AUTO, NULL, 0                                                        \
  }
/** Sets *out to FLOWSTATE_ACTION_OPTIONS_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_action_options_init(flowstate_action_options *out);

/*
 * Each action: *out (may be NULL) gets its report. ILLEGAL_STATE when the job's state does
 * not allow it (naming the state and the states it needs); BUSY or CONFLICT when another
 * process acts on the job; the cluster's error, or the reason the action failed (a savepoint
 * Flink could not take, a cancel refused because Flink would delete the checkpoints).
 */
/** Brings in a job the cluster already runs (Flink job id, 32 hex): the job becomes RUNNING. */
FLOWSTATE_API int flowstate_lifecycle_adopt(flowstate_action_report **out,
                                            flowstate_lifecycle *lifecycle, const char *ref,
                                            const char *flink_job_id,
                                            const flowstate_operation *operation);
/** Starts a new run of an idle job through its cluster's runner (a jar run): the restore
 * decision (failing closed as the job says), a Flink job id chosen and recorded first and
 * reused on every retry, secrets resolved at the last moment; returns once the run is RUNNING
 * and Flink reports the snapshot it restored (options may be NULL). */
FLOWSTATE_API int flowstate_lifecycle_start(flowstate_action_report **out,
                                            flowstate_lifecycle *lifecycle, const char *ref,
                                            const flowstate_action_options *options,
                                            const flowstate_operation *operation);
/** Starts again a job whose run was lost (LOST) or has ended, from the restore decision with
 * the state found on storage across all of its runs' clusters; a lost run ends LOST. */
FLOWSTATE_API int flowstate_lifecycle_resume(flowstate_action_report **out,
                                             flowstate_lifecycle *lifecycle, const char *ref,
                                             const flowstate_action_options *options,
                                             const flowstate_operation *operation);
/** Stops the running job as the options' stop fields say, waits until the run has ended, then
 * starts it as their start fields say; the report is both actions'. */
FLOWSTATE_API int flowstate_lifecycle_restart(flowstate_action_report **out,
                                              flowstate_lifecycle *lifecycle, const char *ref,
                                              const flowstate_action_options *options,
                                              const flowstate_operation *operation);
/** A savepoint of the running job, recorded once verified (options may be NULL). */
FLOWSTATE_API int flowstate_lifecycle_savepoint(flowstate_action_report **out,
                                                flowstate_lifecycle *lifecycle, const char *ref,
                                                const flowstate_action_options *options,
                                                const flowstate_operation *operation);
/** Stops the running job as options->stop_mode says (options may be NULL: a smart stop). */
FLOWSTATE_API int flowstate_lifecycle_stop(flowstate_action_report **out,
                                           flowstate_lifecycle *lifecycle, const char *ref,
                                           const flowstate_action_options *options,
                                           const flowstate_operation *operation);
/** Cancels the job's run; the retained checkpoints are recorded. */
FLOWSTATE_API int flowstate_lifecycle_cancel(flowstate_action_report **out,
                                             flowstate_lifecycle *lifecycle, const char *ref,
                                             const flowstate_operation *operation);
/** Moves the job to another catalog cluster (legal while no run the old cluster may still hold
 * is open: idle or LOST); the state stays, the move is audited. Nothing is sent. */
FLOWSTATE_API int flowstate_lifecycle_move(flowstate_action_report **out,
                                           flowstate_lifecycle *lifecycle, const char *ref,
                                           const char *cluster,
                                           const flowstate_operation *operation);
/** A user declares the job's cluster destroyed: UNREACHABLE becomes LOST, audited with `why`
 * (may be NULL); resume may then start the job elsewhere. Nothing is sent. */
FLOWSTATE_API int flowstate_lifecycle_acknowledge_lost(flowstate_action_report **out,
                                                       flowstate_lifecycle *lifecycle,
                                                       const char *ref, const char *why,
                                                       const flowstate_operation *operation);
/** Resolves every unfinished operation whose owner is gone (see the header's comment). */
FLOWSTATE_API int flowstate_lifecycle_recover(flowstate_recover_report **out,
                                              flowstate_lifecycle *lifecycle,
                                              const flowstate_operation *operation);

/* ---- reports ---------------------------------------------------------------------------- */

#define FLOWSTATE_OPERATION_RECORD_VERSION 1
/** An operation of the catalog's log. Strings live as long as the report or list. */
typedef struct flowstate_operation_record {
  unsigned int version; /**< FLOWSTATE_OPERATION_RECORD_VERSION */
  int64_t id, job_id;
  int64_t run_id;     /**< or -1 */
  int kind;           /**< FLOWSTATE_OPERATION_* */
  int phase;          /**< FLOWSTATE_OPERATION_PHASE_* */
  const char *key;    /**< the idempotency key (a trigger id, a Flink job id), or "" */
  const char *params; /**< JSON; secrets only as ${secret:NAME} references */
  int64_t started_ms, updated_ms;
  int64_t deadline_ms, ended_ms; /**< or -1 */
  const char *owner;             /**< host:pid:start of the process that drives it */
  int64_t attempts;
  const char *result; /**< a savepoint's location, the final status, ... */
  const char *error;  /**< why it failed or was abandoned */
} flowstate_operation_record;

#define FLOWSTATE_OPERATION_RECORD_INIT                                                 \
  {                                                                                     \
    FLOWSTATE_OPERATION_RECORD_VERSION, 0, 0, -1, FLOWSTATE_OPERATION_SUBMIT,           \
        FLOWSTATE_OPERATION_PHASE_INTENT, NULL, NULL, 0, 0, -1, -1, NULL, 0, NULL, NULL \
  }
/** Sets *out to FLOWSTATE_OPERATION_RECORD_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_operation_record_init(flowstate_operation_record *out);

#define FLOWSTATE_TRANSITION_INFO_VERSION 1
typedef struct flowstate_transition_info {
  unsigned int version;     /**< FLOWSTATE_TRANSITION_INFO_VERSION */
  int from_state, to_state; /**< FLOWSTATE_JOB_* */
  const char *cause;        /**< "user", "stop", "recovery", "observed CANCELED", ... */
} flowstate_transition_info;

#define FLOWSTATE_TRANSITION_INFO_INIT \
  { FLOWSTATE_TRANSITION_INFO_VERSION, FLOWSTATE_JOB_NEW, FLOWSTATE_JOB_NEW, NULL }
/** Sets *out to FLOWSTATE_TRANSITION_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_transition_info_init(flowstate_transition_info *out);

/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_action_report_free(flowstate_action_report *report);
/** Fills *out with the operation the action recorded (its kind, phase, key and outcome). */
FLOWSTATE_API int flowstate_action_report_operation(const flowstate_action_report *report,
                                                    flowstate_operation_record *out);
/** Catalog transactions the action wrote. */
FLOWSTATE_API int64_t flowstate_action_report_commits(const flowstate_action_report *report);
/** How many changes of state the action made. */
FLOWSTATE_API size_t
flowstate_action_report_transition_count(const flowstate_action_report *report);
/** Fills *out with change of state `index`, in order; INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_action_report_transition_get(const flowstate_action_report *report,
                                                         size_t index,
                                                         flowstate_transition_info *out);
/** The snapshots the action recorded, newest first. */
FLOWSTATE_API size_t flowstate_action_report_snapshot_count(const flowstate_action_report *report);
/** Fills *out with snapshot record `index` the action recorded (verified on storage);
 * INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_action_report_snapshot_get(const flowstate_action_report *report,
                                                       size_t index,
                                                       flowstate_snapshot_record *out);
/** What happened, for people; NULL past the end. */
FLOWSTATE_API size_t flowstate_action_report_reason_count(const flowstate_action_report *report);
/** Reason `index`, in order (borrowed); NULL past the end. */
FLOWSTATE_API const char *flowstate_action_report_reason(const flowstate_action_report *report,
                                                         size_t index);

/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_recover_report_free(flowstate_recover_report *report);
/** The operations resolved, each as an action's report (borrowed from the recover report). */
FLOWSTATE_API size_t
flowstate_recover_report_resolved_count(const flowstate_recover_report *report);
/** The report of resolved operation `index` (borrowed); NULL past the end. */
FLOWSTATE_API const flowstate_action_report *flowstate_recover_report_resolved(
    const flowstate_recover_report *report, size_t index);
/** The operations left alone, each with why; NULL past the end. */
FLOWSTATE_API size_t flowstate_recover_report_skipped_count(const flowstate_recover_report *report);
/** Why operation `index` was left alone (borrowed); NULL past the end. */
FLOWSTATE_API const char *flowstate_recover_report_skipped(const flowstate_recover_report *report,
                                                           size_t index);

/* ---- observation rounds ----------------------------------------------------------------- */
/**
 * A round observes the catalog's watched jobs (each open run with a Flink job id, LOST ones
 * included) on the clusters it names: every cluster's jobs overview at once, checkpoint
 * statistics for a bounded number of jobs, each job's Flink status mapped onto its lifecycle
 * state, new completed checkpoints and savepoints verified on storage and recorded, all in one
 * catalog transaction. A cluster that does not answer makes its jobs UNREACHABLE, LOST
 * (presumed) after lost_after_ms and lost_after_probes; a JobManager answering 404 for the
 * job makes it LOST; an id that shows up again is re-adopted. Jobs with an operation in flight
 * are left to it. The host decides when, and on which thread: nothing here starts a thread.
 * Rounds of one lifecycle run one at a time and keep their connections between rounds.
 */
#define FLOWSTATE_OBSERVE_OPTIONS_VERSION 1
typedef struct flowstate_observe_options {
  unsigned int version;        /**< FLOWSTATE_OBSERVE_OPTIONS_VERSION */
  const char *const *clusters; /**< the clusters to observe; none: every one a run is on */
  size_t cluster_count;
  int64_t stats_budget;        /**< checkpoint statistics fetched per round (one request each) */
  int64_t stats_period_ms;     /**< ... so that each running job's are at most this old */
  int64_t lost_after_ms;       /**< silence before an UNREACHABLE job is presumed LOST ... */
  int64_t lost_after_probes;   /**< ... over at least this many failed probes */
  int64_t max_parallel;        /**< requests in flight */
  int64_t reconcile_period_ms; /**< each job compared with storage this often; -1: never */
  int64_t reconcile_budget;    /**< jobs compared per round (changed ones first) */
  int reconcile_level;         /**< FLOWSTATE_VERIFY_*: how deep storage is read when comparing */
} flowstate_observe_options;

#define FLOWSTATE_OBSERVE_OPTIONS_INIT                                            \
  {                                                                               \
    FLOWSTATE_OBSERVE_OPTIONS_VERSION, NULL, 0, 200, 60000, 60000, 2, 64, -1, 16, \
        FLOWSTATE_VERIFY_STRUCTURE                                                \
  }
/** Sets *out to FLOWSTATE_OBSERVE_OPTIONS_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_observe_options_init(flowstate_observe_options *out);

/** One round (options may be NULL: the defaults). Fails only when the catalog cannot be read
 * or written, or the operation is cancelled; a cluster's failure is its jobs' state. */
FLOWSTATE_API int flowstate_lifecycle_observe(flowstate_observe_report **out,
                                              flowstate_lifecycle *lifecycle,
                                              const flowstate_observe_options *options,
                                              const flowstate_operation *operation);

/**
 * Called after each round of flowstate_lifecycle_watch with its report (borrowed for the
 * call), or with NULL, the round's error code and message when the round failed. Returns 0
 * to go on, anything else to end the watch.
 */
typedef int (*flowstate_round_fn)(void *user_data, const flowstate_observe_report *report, int code,
                                  const char *message);
/** Rounds every interval_ms (> 0) on the calling thread until the operation is cancelled or
 * its deadline comes, or on_round asks to stop: FLOWSTATE_OK then. Each round has the
 * interval, and no less than 5 s, to finish. */
FLOWSTATE_API int flowstate_lifecycle_watch(flowstate_lifecycle *lifecycle,
                                            const flowstate_observe_options *options,
                                            int64_t interval_ms, flowstate_round_fn on_round,
                                            void *user_data, const flowstate_operation *operation);

#define FLOWSTATE_OBSERVED_CHANGE_VERSION 1
/** A job's change of state in a round. Strings live as long as the report. */
typedef struct flowstate_observed_change {
  unsigned int version;     /**< FLOWSTATE_OBSERVED_CHANGE_VERSION */
  const char *job;          /**< its path */
  int from_state;           /**< FLOWSTATE_JOB_* */
  int to_state;             /**< FLOWSTATE_JOB_* */
  const char *flink_status; /**< "" when the cluster did not answer or did not know the job */
  const char *why;
} flowstate_observed_change;

#define FLOWSTATE_OBSERVED_CHANGE_INIT \
  { FLOWSTATE_OBSERVED_CHANGE_VERSION, NULL, FLOWSTATE_JOB_NEW, FLOWSTATE_JOB_NEW, NULL, NULL }
/** Sets *out to FLOWSTATE_OBSERVED_CHANGE_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_observed_change_init(flowstate_observed_change *out);

#define FLOWSTATE_OBSERVE_INFO_VERSION 1
/** What a round did, in numbers and words. Strings live as long as the report. */
typedef struct flowstate_observe_info {
  unsigned int version;           /**< FLOWSTATE_OBSERVE_INFO_VERSION */
  int64_t jobs;                   /**< jobs observed */
  int64_t statistics;             /**< checkpoint statistics fetched */
  int64_t behind;                 /**< running jobs whose statistics are older than the period */
  int64_t disposed;               /**< records Flink's deletions made DISPOSED */
  uint64_t requests;              /**< HTTP requests sent */
  uint64_t connections;           /**< new connections opened */
  int64_t catalog_us;             /**< time reading and writing the catalog */
  int64_t storage_us;             /**< time verifying and comparing with storage */
  const char *const *unreachable; /**< "<cluster>: why", each cluster that did not answer */
  size_t unreachable_count;
  const char *const *skipped; /**< jobs left alone, and why */
  size_t skipped_count;
  const char *const *problems; /**< what the round could not do */
  size_t problem_count;
} flowstate_observe_info;

#define FLOWSTATE_OBSERVE_INFO_INIT \
  { FLOWSTATE_OBSERVE_INFO_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, NULL, 0, NULL, 0, NULL, 0 }
/** Sets *out to FLOWSTATE_OBSERVE_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_observe_info_init(flowstate_observe_info *out);

/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_observe_report_free(flowstate_observe_report *report);
/** Fills *out with the round's counts, unreachable clusters, jobs left alone and problems. */
FLOWSTATE_API int flowstate_observe_report_get(const flowstate_observe_report *report,
                                               flowstate_observe_info *out);
/** How many jobs changed state in the round. */
FLOWSTATE_API size_t flowstate_observe_report_change_count(const flowstate_observe_report *report);
/** Fills *out with change `index`; INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_observe_report_change_get(const flowstate_observe_report *report,
                                                      size_t index, flowstate_observed_change *out);
/** The snapshots the round recorded (borrowed, valid while the report lives). */
FLOWSTATE_API const flowstate_record_list *flowstate_observe_report_captured(
    const flowstate_observe_report *report);
/** The jobs the round compared with storage: each one's path and its comparison (borrowed:
 * what storage held that the catalog lacked is its added list); NULL past the end. */
FLOWSTATE_API size_t flowstate_observe_report_gap_count(const flowstate_observe_report *report);
/** The path of job `index` the round compared with storage (borrowed); NULL past the end. */
FLOWSTATE_API const char *flowstate_observe_report_gap_job(const flowstate_observe_report *report,
                                                           size_t index);
/** What storage held for job `index` that the catalog lacked, and what is gone (borrowed); NULL
 * past the end. */
FLOWSTATE_API const flowstate_reconcile_report *flowstate_observe_report_gap(
    const flowstate_observe_report *report, size_t index);

#define FLOWSTATE_WATCH_INFO_VERSION 1
/** What observation rounds kept of a job. Its string lives until the next
 * flowstate_catalog_get_watch() on the same thread. */
typedef struct flowstate_watch_info {
  unsigned int version;         /**< FLOWSTATE_WATCH_INFO_VERSION */
  const char *flink_status;     /**< the last status a JobManager reported for its run, or "" */
  int64_t observed_ms;          /**< when one last answered for it; -1: never */
  int64_t unreachable_since_ms; /**< the current outage's first failed probe; -1: none */
  int64_t failed_probes;        /**< failed probes in the current outage */
  int presumed_lost;            /**< 1: LOST by silence alone (a resume needs acknowledging) */
  int64_t stats_ms;             /**< its checkpoint statistics last fetched; -1: never */
  int64_t changed_ms;           /**< the last change a round saw; -1: none */
} flowstate_watch_info;

#define FLOWSTATE_WATCH_INFO_INIT \
  { FLOWSTATE_WATCH_INFO_VERSION, NULL, -1, -1, 0, 0, -1, -1 }
/** Sets *out to FLOWSTATE_WATCH_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_watch_info_init(flowstate_watch_info *out);
/** What rounds kept of the job (the defaults for one never observed). */
FLOWSTATE_API int flowstate_catalog_get_watch(flowstate_catalog *catalog, const char *ref,
                                              flowstate_watch_info *out);

/* ---- the operation log ------------------------------------------------------------------ */

/** The job's operations, newest first (ref NULL: every job's); unfinished_only: what recovery
 * would resolve. limit <= 0: 100. Read-only: never runs recovery. */
FLOWSTATE_API int flowstate_catalog_list_operations(flowstate_operation_list **out,
                                                    flowstate_catalog *catalog, const char *ref,
                                                    int unfinished_only, int64_t limit);
/** Frees the list and the strings it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_operation_list_free(flowstate_operation_list *list);
/** How many entries the list holds. */
FLOWSTATE_API size_t flowstate_operation_list_count(const flowstate_operation_list *list);
/** Fills *out (its version set by the caller) with entry `index`; its strings are borrowed from the
 * list. INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_operation_list_get(const flowstate_operation_list *list, size_t index,
                                               flowstate_operation_record *out);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_LIFECYCLE_H */
