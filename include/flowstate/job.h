/** @file
 * flowstate/job.h: the job lifecycle: its states, the actions users and hosts ask for, the
 * events it observes of a run or learns from its own operations, and the table of every
 * legal transition.
 *
 * Idle states hold no run (NEW, SUSPENDED, CANCELLED, FINISHED, FAILED); active ones hold
 * the job's one open run (STARTING, RUNNING, STOPPING, UNREACHABLE, LOST); DELETED is final.
 * Only an idle or LOST job gets a new run; events apply to active jobs only. An action or an
 * event the table has no row for is FLOWSTATE_E_ILLEGAL_STATE naming the state and what was
 * asked. The desired state (what the user last asked for) is kept apart: actions set it,
 * events never do.
 *
 * Thread-safety: every function here reads static data only.
 */
#ifndef FLOWSTATE_JOB_H
#define FLOWSTATE_JOB_H

#include "flowstate/common.h"
#include "flowstate/enums.h"

FLOWSTATE_BEGIN_DECLS

/** Where a job stands (flowstate_job_transition()). */
#define FLOWSTATE_JOB_NEW 0         /**< never started */
#define FLOWSTATE_JOB_STARTING 1    /**< a run is being submitted or is initializing */
#define FLOWSTATE_JOB_RUNNING 2     /**< its run runs (restarts and failovers included) */
#define FLOWSTATE_JOB_STOPPING 3    /**< a stop or cancel of its run is in flight */
#define FLOWSTATE_JOB_SUSPENDED 4   /**< stopped with its state recorded: a start resumes it */
#define FLOWSTATE_JOB_CANCELLED 5   /**< cancelled without a state recorded by the stop */
#define FLOWSTATE_JOB_FINISHED 6    /**< its run finished on its own */
#define FLOWSTATE_JOB_FAILED 7      /**< its run or its start failed */
#define FLOWSTATE_JOB_UNREACHABLE 8 /**< its cluster does not answer: the run may still run */
#define FLOWSTATE_JOB_LOST 9        /**< its run is gone (404 from a reachable JobManager) */
#define FLOWSTATE_JOB_DELETED 10    /**< removed; its records stay for the audit log */

/** What a user or host asks of a job. */
#define FLOWSTATE_JOB_ACTION_START 0
#define FLOWSTATE_JOB_ACTION_SAVEPOINT 1
#define FLOWSTATE_JOB_ACTION_STOP 2
#define FLOWSTATE_JOB_ACTION_CANCEL 3
#define FLOWSTATE_JOB_ACTION_RESTART 4
#define FLOWSTATE_JOB_ACTION_RESUME 5
#define FLOWSTATE_JOB_ACTION_ADOPT 6
#define FLOWSTATE_JOB_ACTION_DELETE 7
#define FLOWSTATE_JOB_ACTION_MOVE 8
#define FLOWSTATE_JOB_ACTION_ACKNOWLEDGE_LOST 9 /**< a user says the run's cluster is destroyed */

/** What the lifecycle observes of a run or learns from an operation of its own. */
#define FLOWSTATE_JOB_EVENT_SUBMITTED 0
#define FLOWSTATE_JOB_EVENT_SUBMIT_REJECTED 1
#define FLOWSTATE_JOB_EVENT_SUBMIT_TIMED_OUT 2
#define FLOWSTATE_JOB_EVENT_OBSERVED_STARTING 3 /**< INITIALIZING, CREATED */
#define FLOWSTATE_JOB_EVENT_OBSERVED_RUNNING 4  /**< RUNNING */
/** RESTARTING, FAILING, RECONCILING, SUSPENDED: */
#define FLOWSTATE_JOB_EVENT_OBSERVED_RECOVERING 5
#define FLOWSTATE_JOB_EVENT_OBSERVED_CANCELLING 6 /**< CANCELLING */
#define FLOWSTATE_JOB_EVENT_OBSERVED_CANCELED 7   /**< CANCELED */
#define FLOWSTATE_JOB_EVENT_OBSERVED_FINISHED 8   /**< FINISHED */
#define FLOWSTATE_JOB_EVENT_OBSERVED_FAILED 9     /**< FAILED */
#define FLOWSTATE_JOB_EVENT_UNREACHABLE 10
#define FLOWSTATE_JOB_EVENT_NOT_FOUND 11 /**< a reachable JobManager answers 404 */
#define FLOWSTATE_JOB_EVENT_STOPPED 12   /**< our stop ended the run, its state verified */
#define FLOWSTATE_JOB_EVENT_STOP_FAILED 13
#define FLOWSTATE_JOB_EVENT_CANCELLED 14
/** the cluster has not answered for the configured time and probes: LOST, presumed */
#define FLOWSTATE_JOB_EVENT_PRESUMED_LOST 15

/** What the user last asked a job to be. */
#define FLOWSTATE_DESIRED_NONE 0
#define FLOWSTATE_DESIRED_RUNNING 1
#define FLOWSTATE_DESIRED_SUSPENDED 2
#define FLOWSTATE_DESIRED_STOPPED 3
#define FLOWSTATE_DESIRED_DELETED 4

/** What an operation of the lifecycle does (the catalog's operation log). */
#define FLOWSTATE_OPERATION_SUBMIT 0
#define FLOWSTATE_OPERATION_SAVEPOINT 1
#define FLOWSTATE_OPERATION_STOP 2
#define FLOWSTATE_OPERATION_CANCEL 3
#define FLOWSTATE_OPERATION_RESTART 4
#define FLOWSTATE_OPERATION_RESUME 5
#define FLOWSTATE_OPERATION_ADOPT 6
#define FLOWSTATE_OPERATION_MOVE 7
#define FLOWSTATE_OPERATION_ACKNOWLEDGE_LOST 8

/** How far an operation has come: every remote effect is preceded by its INTENT. */
#define FLOWSTATE_OPERATION_PHASE_INTENT 0    /**< recorded; not known to have been sent */
#define FLOWSTATE_OPERATION_PHASE_SENT 1      /**< acknowledged; its outcome is awaited */
#define FLOWSTATE_OPERATION_PHASE_DONE 2      /**< finished as asked */
#define FLOWSTATE_OPERATION_PHASE_FAILED 3    /**< finished without doing what was asked */
#define FLOWSTATE_OPERATION_PHASE_ABANDONED 4 /**< given up by recovery, with why */

/** The state `action` (FLOWSTATE_JOB_ACTION_*) leads to from `state`; ILLEGAL_STATE naming
 * both and the states it needs when the table has no such row, INVALID_ARGUMENT for a value
 * out of range. */
FLOWSTATE_API int flowstate_job_after_action(int *out_state, int state, int action);
/** The same for an event (FLOWSTATE_JOB_EVENT_*). */
FLOWSTATE_API int flowstate_job_after_event(int *out_state, int state, int event);
/** The event a Flink job status ("RUNNING") is; NOT_FOUND for a status Flink does not have. */
FLOWSTATE_API int flowstate_job_event_for_flink_status(int *out_event, const char *status);

#define FLOWSTATE_JOB_RULE_VERSION 1
/** One row of the lifecycle's table: an action or an event from any state of `from` leads to
 * `to`. Strings are static. */
typedef struct flowstate_job_rule {
  unsigned int version; /**< FLOWSTATE_JOB_RULE_VERSION */
  int action;           /**< FLOWSTATE_JOB_ACTION_*, -1 for an event's row */
  int event;            /**< FLOWSTATE_JOB_EVENT_*, -1 for an action's row */
  uint32_t from_states; /**< the states it applies in: bit (1 << FLOWSTATE_JOB_*) for each */
  int to;               /**< FLOWSTATE_JOB_*: the state after it */
  int stays;            /**< 1: the state does not change (`to` is unused) */
  int desired;          /**< FLOWSTATE_DESIRED_*: what an action makes the desired state, -1 none */
  const char *what;     /**< the guard and what is recorded, for people */
} flowstate_job_rule;

#define FLOWSTATE_JOB_RULE_INIT \
  { FLOWSTATE_JOB_RULE_VERSION, -1, -1, 0, FLOWSTATE_JOB_NEW, 0, -1, NULL }
/** Sets *out to FLOWSTATE_JOB_RULE_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_job_rule_init(flowstate_job_rule *out);
/** The rows of the table, actions first; no state and trigger are in two rows. */
FLOWSTATE_API size_t flowstate_job_rule_count(void);
/** Fills *out with rule `index` of the lifecycle's table (0 to flowstate_job_rule_count() - 1);
 * INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_job_rule_get(size_t index, flowstate_job_rule *out);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_JOB_H */
