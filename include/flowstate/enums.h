/** @file
 * flowstate/enums.h: every enumeration of the C ABI, described by the library itself.
 *
 * Each enumeration has an id (FLOWSTATE_ENUM_*, below) and values (its constants, such as
 * FLOWSTATE_RESTORE_LATEST_STATE in catalog.h). For each value the library knows its name,
 * the text flowstate writes and reads for it ("LATEST_STATE", "memory size", "files"), and
 * what it means. Bindings build their own enumerations from these functions instead of
 * repeating the values; a host parses user input with flowstate_enum_parse() and checks a
 * value's range with flowstate_enum_name() != NULL.
 */
#ifndef FLOWSTATE_ENUMS_H
#define FLOWSTATE_ENUMS_H

#include "flowstate/common.h"

FLOWSTATE_BEGIN_DECLS

/** Enumeration ids. Values never change; new enumerations are appended. */
#define FLOWSTATE_ENUM_SEVERITY 0          /**< FLOWSTATE_SEVERITY_* (diagnostics.h) */
#define FLOWSTATE_ENUM_LOG_LEVEL 1         /**< FLOWSTATE_LOG_* (log.h) */
#define FLOWSTATE_ENUM_STATEMENT_KIND 2    /**< FLOWSTATE_STATEMENT_* (sql.h) */
#define FLOWSTATE_ENUM_VARIABLE_MODE 3     /**< FLOWSTATE_SQL_VARIABLES_* (sql.h) */
#define FLOWSTATE_ENUM_OPTION_TYPE 4       /**< FLOWSTATE_OPTION_* (config.h) */
#define FLOWSTATE_ENUM_KEY_STATUS 5        /**< FLOWSTATE_CONFIG_KEY_* (config.h) */
#define FLOWSTATE_ENUM_CONFIG_LAYER 6      /**< FLOWSTATE_CONFIG_LAYER_* (config.h) */
#define FLOWSTATE_ENUM_FILE_FORMAT 7       /**< FLOWSTATE_CONFIG_FILE_* (config.h) */
#define FLOWSTATE_ENUM_RENDER_FORMAT 8     /**< FLOWSTATE_CONFIG_RENDER_* (config.h) */
#define FLOWSTATE_ENUM_FILE_TYPE 9         /**< FLOWSTATE_FILE_* (storage.h) */
#define FLOWSTATE_ENUM_SNAPSHOT_KIND 10    /**< FLOWSTATE_SNAPSHOT_CHECKPOINT, _SAVEPOINT */
#define FLOWSTATE_ENUM_VERDICT 11          /**< FLOWSTATE_VERDICT_* (storage.h) */
#define FLOWSTATE_ENUM_VERIFY_LEVEL 12     /**< FLOWSTATE_VERIFY_* (storage.h) */
#define FLOWSTATE_ENUM_MATCH_KIND 13       /**< FLOWSTATE_MATCH_* (storage.h) */
#define FLOWSTATE_ENUM_ORIGIN 14           /**< FLOWSTATE_ORIGIN_* (catalog.h) */
#define FLOWSTATE_ENUM_SNAPSHOT_STATE 15   /**< FLOWSTATE_SNAPSHOT_STATE_* (catalog.h) */
#define FLOWSTATE_ENUM_RESTORE_STRATEGY 16 /**< FLOWSTATE_RESTORE_* (catalog.h) */
#define FLOWSTATE_ENUM_CLAIM_MODE 17       /**< FLOWSTATE_CLAIM_* (catalog.h) */
#define FLOWSTATE_ENUM_OPTION_SCOPE 18     /**< FLOWSTATE_SCOPE_* (config.h) */
#define FLOWSTATE_ENUM_SCOPE_CONDITION 19  /**< FLOWSTATE_SCOPE_IF_* (config.h) */
#define FLOWSTATE_ENUM_DEPLOYMENT 20       /**< FLOWSTATE_DEPLOYMENT_* (config.h) */
#define FLOWSTATE_ENUM_SUBMITTER 21        /**< FLOWSTATE_SUBMITTER_* (config.h) */
#define FLOWSTATE_ENUM_AGREEMENT 22        /**< FLOWSTATE_RUNNING_* (config.h) */
#define FLOWSTATE_ENUM_JOB_STATE 23        /**< FLOWSTATE_JOB_* (job.h) */
#define FLOWSTATE_ENUM_JOB_ACTION 24       /**< FLOWSTATE_JOB_ACTION_* (job.h) */
#define FLOWSTATE_ENUM_JOB_EVENT 25        /**< FLOWSTATE_JOB_EVENT_* (job.h) */
#define FLOWSTATE_ENUM_DESIRED_STATE 26    /**< FLOWSTATE_DESIRED_* (job.h) */
#define FLOWSTATE_ENUM_OPERATION_KIND 27   /**< FLOWSTATE_OPERATION_* (job.h) */
#define FLOWSTATE_ENUM_OPERATION_PHASE 28  /**< FLOWSTATE_OPERATION_PHASE_* (job.h) */
#define FLOWSTATE_ENUM_STOP_MODE 29        /**< FLOWSTATE_STOP_* (lifecycle.h) */
#define FLOWSTATE_ENUM_SUBMIT_PATH 30      /**< FLOWSTATE_SUBMIT_* (lifecycle.h) */

/** How many enumerations there are: ids run from 0 to this count - 1. */
FLOWSTATE_API size_t flowstate_enum_type_count(void);
/** The enumeration's name ("restore_strategy"), or NULL when `type` is no id. */
FLOWSTATE_API const char *flowstate_enum_type_name(int type);
/** How many values the enumeration has (0 when `type` is no id). */
FLOWSTATE_API size_t flowstate_enum_count(int type);

#define FLOWSTATE_ENUM_VALUE_INFO_VERSION 1
typedef struct flowstate_enum_value_info {
  unsigned int version; /**< FLOWSTATE_ENUM_VALUE_INFO_VERSION */
  int value;            /**< FLOWSTATE_RESTORE_LATEST_STATE */
  const char *constant; /**< the C constant without its prefix: "LATEST_STATE" */
  const char *name;     /**< what flowstate writes and reads: "LATEST_STATE" */
  const char *doc;      /**< what it means; may be "" */
  const char *prefix;   /**< the constants' prefix: "FLOWSTATE_RESTORE_" */
} flowstate_enum_value_info;

#define FLOWSTATE_ENUM_VALUE_INFO_INIT \
  { FLOWSTATE_ENUM_VALUE_INFO_VERSION, 0, NULL, NULL, NULL, NULL }

/** Sets *info to its defaults (FLOWSTATE_ENUM_VALUE_INFO_INIT). */
FLOWSTATE_API void flowstate_enum_value_info_init(flowstate_enum_value_info *info);
/** The enumeration's index-th value (0 <= index < flowstate_enum_count(type)), in the order
 * of its values. The strings are static. INVALID_ARGUMENT for an unknown type or index. */
FLOWSTATE_API int flowstate_enum_value_get(int type, size_t index, flowstate_enum_value_info *out);
/** The value's name ("LATEST_STATE"), static; NULL when `value` is not one of the type's. */
FLOWSTATE_API const char *flowstate_enum_name(int type, int value);
/** The value named `text`: its name or its constant's suffix, ignoring case, with '-', '_'
 * and ' ' alike ("latest-state"). INVALID_ARGUMENT naming the accepted names otherwise. */
FLOWSTATE_API int flowstate_enum_parse(int *out, int type, const char *text);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_ENUMS_H */
