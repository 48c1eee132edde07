/** @file
 * flowstate/common.h: what every part of the C ABI shares.
 *
 * Conventions of the whole C ABI (see README.md, "Design"):
 *  - Functions are named flowstate_<module>_<verb>. Fallible functions return int:
 *    FLOWSTATE_OK (0) or a negative flowstate_error_code; details are then available from
 *    flowstate_error_last() on the calling thread.
 *  - Out-parameters come first and are named out (or out_<what>). On failure *out is left
 *    NULL (or zero), never half-filled.
 *  - Every object the caller receives is freed with its own flowstate_<type>_free(), which
 *    accepts NULL. Strings the library allocates for the caller (char **out) are freed with
 *    flowstate_string_free(). A `const char *` returned by an accessor is borrowed: it stays
 *    valid until the object it came from is freed or modified.
 *  - Strings are UTF-8 and NUL-terminated unless a length is passed beside them.
 *  - Options structs start with `unsigned int version` and are initialised with their
 *    *_OPTIONS_INIT macro or *_options_init() function, so fields can be appended later.
 *  - Parameters that take an enum's values are declared int (the enum names the values):
 *    a C caller may pass any integer, and the library rejects unknown values with
 *    FLOWSTATE_E_INVALID_ARGUMENT instead of relying on the enum's range.
 *  - Unless a type says otherwise, one object must not be used from two threads at once;
 *    different objects may be used from different threads freely.
 *  - A Flink version (every `flink_version` parameter and field) is MAJOR.MINOR[.PATCH]
 *    ("1.20", "1.20.1"; also "v1_20" and a "-SNAPSHOT" suffix). flowstate knows 1.14 to 1.20
 *    and 2.0 to 2.3; another release line fails with FLOWSTATE_E_UNSUPPORTED_VERSION naming
 *    that range, text that is no version with FLOWSTATE_E_INVALID_ARGUMENT. A patch level is
 *    kept as given and never invented: "1.20" reads back as "1.20", not "1.20.0".
 */
#ifndef FLOWSTATE_COMMON_H
#define FLOWSTATE_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "flowstate/version.h"

#if defined(_WIN32)
#if defined(FLOWSTATE_BUILDING_LIBRARY)
#define FLOWSTATE_API __declspec(dllexport)
#else
#define FLOWSTATE_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define FLOWSTATE_API __attribute__((visibility("default")))
#else
#define FLOWSTATE_API
#endif

#ifdef __cplusplus
#define FLOWSTATE_BEGIN_DECLS extern "C" {
#define FLOWSTATE_END_DECLS }
#else
#define FLOWSTATE_BEGIN_DECLS
#define FLOWSTATE_END_DECLS
#endif

FLOWSTATE_BEGIN_DECLS

/**
 * Opaque handles. Each is declared here once; the module headers only use them.
 */
typedef struct flowstate_diagnostics flowstate_diagnostics;   /**< list of positioned findings */
typedef struct flowstate_cancel_token flowstate_cancel_token; /**< cooperative cancellation */
typedef struct flowstate_script flowstate_script;             /**< a parsed Flink SQL script */
typedef struct flowstate_with_list flowstate_with_list;       /**< a WITH option list */
typedef struct flowstate_cdc_source flowstate_cdc_source;     /**< Dinky's EXECUTE CDCSOURCE */
typedef struct flowstate_storage_config flowstate_storage_config; /**< mounts, WebHDFS endpoints */
typedef struct flowstate_storage flowstate_storage;     /**< file systems behind locations */
typedef struct flowstate_file_list flowstate_file_list; /**< directory entries */
typedef struct flowstate_snapshot_list flowstate_snapshot_list; /**< checkpoints and savepoints */
typedef struct flowstate_metadata flowstate_metadata;           /**< a parsed _metadata */
typedef struct flowstate_match_list flowstate_match_list;     /**< job dirs matched by operators */
typedef struct flowstate_option flowstate_option;             /**< a Flink option (static) */
typedef struct flowstate_config flowstate_config;             /**< an effective configuration */
typedef struct flowstate_catalog flowstate_catalog;           /**< the checkpoint catalog */
typedef struct flowstate_cluster_list flowstate_cluster_list; /**< catalog clusters */
typedef struct flowstate_job_list flowstate_job_list;         /**< catalog jobs */
typedef struct flowstate_folder_list flowstate_folder_list;   /**< catalog folders with counts */
typedef struct flowstate_run_list flowstate_run_list;         /**< a job's runs */
typedef struct flowstate_record_list flowstate_record_list;   /**< snapshot records */
typedef struct flowstate_event_list flowstate_event_list;     /**< audit log entries */
typedef struct flowstate_save_report flowstate_save_report;   /**< a script saved, secrets moved */
typedef struct flowstate_secret_value flowstate_secret_value; /**< a secret handed over */
typedef struct flowstate_restore_decision flowstate_restore_decision; /**< where to restore from */
typedef struct flowstate_reconcile_report flowstate_reconcile_report; /**< records vs storage */
typedef struct flowstate_prune_report flowstate_prune_report;         /**< retention applied */
typedef struct flowstate_flink_client flowstate_flink_client;     /**< a JobManager's REST API */
typedef struct flowstate_sql_gateway flowstate_sql_gateway;       /**< a SQL Gateway's REST API */
typedef struct flowstate_flink_job_list flowstate_flink_job_list; /**< jobs as Flink reports them */
typedef struct flowstate_checkpoint_stats
    flowstate_checkpoint_stats; /**< a job's checkpoint stats */
typedef struct flowstate_savepoint_status flowstate_savepoint_status; /**< a savepoint operation */
typedef struct flowstate_running_comparison flowstate_running_comparison; /**< job vs explanation */
typedef struct flowstate_lifecycle flowstate_lifecycle;           /**< the lifecycle's actions */
typedef struct flowstate_action_report flowstate_action_report;   /**< what an action did */
typedef struct flowstate_recover_report flowstate_recover_report; /**< what recovery did */
typedef struct flowstate_operation_list flowstate_operation_list; /**< the operation log */
typedef struct flowstate_observe_report flowstate_observe_report; /**< what a round saw */

/**
 * Progress of a long operation (waiting for a savepoint, scanning storage).
 * phase is a short, stable, lower-case word ("list", "read", "poll", ...); done and total
 * count the operation's own units (total is 0 when unknown). Return 0 to continue, any
 * other value to cancel the operation, which then fails with FLOWSTATE_E_CANCELLED.
 * Called on the thread that runs the operation.
 */
typedef int (*flowstate_progress_fn)(void* user_data, const char* phase, uint64_t done,
                                     uint64_t total);

/** Frees a string the library allocated for the caller. NULL is accepted. */
FLOWSTATE_API void flowstate_string_free(char* str);

/** The library's version, e.g. "0.2.0", and as MAJOR * 10000 + MINOR * 100 + PATCH. */
FLOWSTATE_API const char* flowstate_version(void);
/** This library's version as FLOWSTATE_VERSION_NUMBER writes it: MAJOR * 10000 + MINOR * 100 +
 * PATCH. */
FLOWSTATE_API int flowstate_version_number(void);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_COMMON_H */
