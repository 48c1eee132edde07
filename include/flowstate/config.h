/** @file
 * flowstate/config.h: Flink configuration: the option registry, Flink's value syntax per
 * version, cluster files (flink-conf.yaml, config.yaml, FlinkDeployment / FlinkSessionJob),
 * and the effective configuration a job runs with.
 *
 * Versions are written as users write them: "1.14", "1.20.1", "2.2", "v1_20".
 *
 * Layers, lowest first: defaults < cluster files and resources (in the order added) < the
 * scripts' SET / RESET statements in order < explicit overrides. Every value remembers its
 * source. Keys follow Flink: a current key beats its deprecated names wherever each was set;
 * names the target version does not read are written under one it does (or refused when it
 * has none); keys the registry does not know pass through as strings with a warning.
 *
 * Secrets: values of secret keys are redacted in every string this header hands out, except
 * flowstate_config_raw_value() and flowstate_config_render() with reveal_secrets.
 *
 * Thread-safety: the registry (flowstate_option) may be read from any thread; a
 * flowstate_config by one thread at a time.
 */
#ifndef FLOWSTATE_CONFIG_H
#define FLOWSTATE_CONFIG_H

#include "flowstate/common.h"
#include "flowstate/enums.h"
#include "flowstate/sql.h"

FLOWSTATE_BEGIN_DECLS

/** Option types (flowstate_option_type). */
#define FLOWSTATE_OPTION_STRING 0
#define FLOWSTATE_OPTION_BOOLEAN 1
#define FLOWSTATE_OPTION_INTEGER 2
#define FLOWSTATE_OPTION_LONG 3
#define FLOWSTATE_OPTION_DOUBLE 4
#define FLOWSTATE_OPTION_DURATION 5
#define FLOWSTATE_OPTION_MEMORY_SIZE 6
#define FLOWSTATE_OPTION_ENUM 7
#define FLOWSTATE_OPTION_LIST 8
#define FLOWSTATE_OPTION_MAP 9
#define FLOWSTATE_OPTION_LIST_OF_MAPS 10

/** How a key stands for the target version (flowstate_config_status). */
#define FLOWSTATE_CONFIG_KEY_CURRENT 0    /**< the name the version reads */
#define FLOWSTATE_CONFIG_KEY_DEPRECATED 1 /**< an older name it still reads */
/** A name the version does not read, written under one it does. */
#define FLOWSTATE_CONFIG_KEY_TRANSLATED 2
#define FLOWSTATE_CONFIG_KEY_UNKNOWN 3 /**< not in the registry: passed through */
#define FLOWSTATE_CONFIG_KEY_REFUSED 4 /**< in the registry, not read by the version at all */

/** Where a value came from (flowstate_config_layer). */
#define FLOWSTATE_CONFIG_LAYER_DEFAULT 0
#define FLOWSTATE_CONFIG_LAYER_CLUSTER_FILE 1
#define FLOWSTATE_CONFIG_LAYER_DEPLOYMENT 2
#define FLOWSTATE_CONFIG_LAYER_SCRIPT 3
#define FLOWSTATE_CONFIG_LAYER_OVERRIDE 4

/** Cluster file formats (flowstate_config_add_file). */
#define FLOWSTATE_CONFIG_FILE_AUTO 0 /**< by name (flink-conf.yaml, config.yaml), then content */
#define FLOWSTATE_CONFIG_FILE_FLINK_CONF 1  /**< Flink 1.x's flink-conf.yaml line rules */
#define FLOWSTATE_CONFIG_FILE_CONFIG_YAML 2 /**< standard YAML, nested keys (1.19+, 2.x) */
#define FLOWSTATE_CONFIG_FILE_DEPLOYMENT 3  /**< a FlinkDeployment or FlinkSessionJob resource */

/** Rendering formats (flowstate_config_render). */
#define FLOWSTATE_CONFIG_RENDER_FLINK_CONF 0  /**< flink-conf.yaml (1.x) */
#define FLOWSTATE_CONFIG_RENDER_CONFIG_YAML 1 /**< config.yaml, nested (2.x) */
#define FLOWSTATE_CONFIG_RENDER_JSON 2        /**< the REST API's flinkConfiguration map */

/** Where an option's value is read (flowstate_option_scope_get): which value takes effect for a
 * job depends on it. */
#define FLOWSTATE_SCOPE_UNKNOWN 0          /**< a key the registry does not know */
#define FLOWSTATE_SCOPE_JOB 1              /**< decided where the job graph is built */
#define FLOWSTATE_SCOPE_JOB_OVER_CLUSTER 2 /**< the job's value wins, else the cluster's */
#define FLOWSTATE_SCOPE_CLUSTER 3          /**< fixed when the cluster starts */
#define FLOWSTATE_SCOPE_KUBERNETES 4       /**< read only by the Kubernetes deployer */
#define FLOWSTATE_SCOPE_YARN 5             /**< read only by the YARN deployer */

/** Another key a job's value counts only with. */
#define FLOWSTATE_SCOPE_IF_NONE 0
#define FLOWSTATE_SCOPE_IF_STATE_BACKEND 1      /**< the job also sets the state backend */
#define FLOWSTATE_SCOPE_IF_RESTART_STRATEGY 2   /**< the job also sets the restart strategy type */
#define FLOWSTATE_SCOPE_IF_CHECKPOINT_STORAGE 3 /**< not a checkpoint dir without the storage */

/** Where the job runs (flowstate_config_set_deployment). */
#define FLOWSTATE_DEPLOYMENT_UNKNOWN 0 /**< a FlinkSessionJob's session, else execution.target */
#define FLOWSTATE_DEPLOYMENT_SESSION 1 /**< a running session cluster */
#define FLOWSTATE_DEPLOYMENT_APPLICATION 2 /**< a cluster created for the job, main() inside */
#define FLOWSTATE_DEPLOYMENT_PER_JOB 3     /**< a cluster created by the submitting client */

/** Who builds the job graph and submits it. */
#define FLOWSTATE_SUBMITTER_UNKNOWN 0
#define FLOWSTATE_SUBMITTER_JAR 1        /**< a jar run: main() in the JobManager */
#define FLOWSTATE_SUBMITTER_GATEWAY 2    /**< the SQL Gateway */
#define FLOWSTATE_SUBMITTER_SQL_CLIENT 3 /**< Flink's SQL client */
#define FLOWSTATE_SUBMITTER_DINKY 4      /**< Dinky, which lifts SETs into a cluster it creates */

/** How a running job's reported value compares with the explained one
 * (flowstate_running_row.agreement, flowstate/flink.h). */
#define FLOWSTATE_RUNNING_NOT_REPORTED 0 /**< the JobManager reports nothing for the key */
#define FLOWSTATE_RUNNING_SAME 1         /**< the reported value is the explained one */
#define FLOWSTATE_RUNNING_DIFFERS 2      /**< the reported value is not the explained one */

/* ---- the option registry ----------------------------------------------------------- */

/** Options are static: the pointers stay valid for the life of the process. */
FLOWSTATE_API size_t flowstate_option_count(void);
/** Option `index` of the registry (0 to flowstate_option_count() - 1); NULL past the end. */
FLOWSTATE_API const flowstate_option *flowstate_option_at(size_t index);
/** By any of its names (exact, case-sensitive); NULL when the registry does not know it. */
FLOWSTATE_API const flowstate_option *flowstate_option_find(const char *key);

#define FLOWSTATE_OPTION_INFO_VERSION 1
/** What the registry says of an option. Strings are static. */
typedef struct flowstate_option_info {
  unsigned int version; /**< FLOWSTATE_OPTION_INFO_VERSION */
  const char *key;      /**< the current name */
  int type;             /**< FLOWSTATE_OPTION_* */
  const char *category; /**< the registry's section ("checkpointing", ...) */
  const char *description;
  int is_secret;             /**< 1: its values are secrets (redacted) */
  int is_internal;           /**< 1: Flink's internal option, not for users */
  const char *fallback;      /**< the option read when this one is not set, or "" */
  const char *min;           /**< the least value as written ("10 ms", "1"), or "" */
  const char *max;           /**< the greatest value as written, or "" */
  size_t name_count;         /**< see flowstate_option_name_get() */
  const char *const *values; /**< enum values as Flink spells them */
  size_t value_count;
} flowstate_option_info;

#define FLOWSTATE_OPTION_INFO_INIT                                                              \
  {                                                                                             \
    FLOWSTATE_OPTION_INFO_VERSION, NULL, FLOWSTATE_OPTION_STRING, NULL, NULL, 0, 0, NULL, NULL, \
        NULL, 0, NULL, 0                                                                        \
  }
/** Sets *out to FLOWSTATE_OPTION_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_option_info_init(flowstate_option_info *out);
/** Fills *out with what the registry says of `option`. */
FLOWSTATE_API int flowstate_option_get(const flowstate_option *option, flowstate_option_info *out);

#define FLOWSTATE_OPTION_NAME_INFO_VERSION 1
/** One name of an option (index 0: the current name, then older ones, newest first) and the
 * versions that read it ("" = open-ended). */
typedef struct flowstate_option_name_info {
  unsigned int version; /**< FLOWSTATE_OPTION_NAME_INFO_VERSION */
  const char *name;
  const char *since; /**< the first version that reads it, or "" */
  const char *until; /**< the last version that reads it, or "" */
} flowstate_option_name_info;

#define FLOWSTATE_OPTION_NAME_INFO_INIT \
  { FLOWSTATE_OPTION_NAME_INFO_VERSION, NULL, NULL, NULL }
/** Sets *out to FLOWSTATE_OPTION_NAME_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_option_name_info_init(flowstate_option_name_info *out);
/** Fills *out with name `index` of `option` (its current name and the deprecated ones, each with
 * the versions that read it); INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_option_name_get(const flowstate_option *option, size_t index,
                                            flowstate_option_name_info *out);

/** The name `flink_version` reads (*out NULL when it reads none), and the default there (*out
 * NULL when there is none). The strings are static. INVALID_ARGUMENT for a bad version. */
FLOWSTATE_API int flowstate_option_name_for(const char **out, const flowstate_option *option,
                                            const char *flink_version);
/** Sets *out to `option`'s default on `flink_version` (static string; NULL when it has none);
 * INVALID_ARGUMENT for an unknown version. */
FLOWSTATE_API int flowstate_option_default(const char **out, const flowstate_option *option,
                                           const char *flink_version);

#define FLOWSTATE_OPTION_SCOPE_INFO_VERSION 1
/** Where Flink `flink_version` reads an option, and so whether a job's value can take effect.
 * Strings are static. */
typedef struct flowstate_option_scope_info {
  unsigned int version; /**< FLOWSTATE_OPTION_SCOPE_INFO_VERSION */
  int scope;            /**< FLOWSTATE_SCOPE_* */
  int condition;        /**< FLOWSTATE_SCOPE_IF_*: another key the job's value counts only with */
  const char *why;      /**< what reads it, in a few words */
  /** A patch release of the version's line from which the scope is scope_from_edge ("1.14.3"),
   * when the version names no patch level; NULL when none */
  const char *edge;
  int scope_from_edge; /**< FLOWSTATE_SCOPE_*, -1 when there is no edge */
} flowstate_option_scope_info;

#define FLOWSTATE_OPTION_SCOPE_INFO_INIT                                                         \
  {                                                                                              \
    FLOWSTATE_OPTION_SCOPE_INFO_VERSION, FLOWSTATE_SCOPE_UNKNOWN, FLOWSTATE_SCOPE_IF_NONE, NULL, \
        NULL, -1                                                                                 \
  }
/** Sets *out to FLOWSTATE_OPTION_SCOPE_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_option_scope_info_init(flowstate_option_scope_info *out);
/** The scope of `key` (any name of an option) in `flink_version` ("1.14", "1.14.3"); a key the
 * registry does not know has FLOWSTATE_SCOPE_UNKNOWN. INVALID_ARGUMENT for a bad version. */
FLOWSTATE_API int flowstate_option_scope_get(const char *key, const char *flink_version,
                                             flowstate_option_scope_info *out);

/**
 * Checks `value` for `key` as Flink `flink_version` parses it; on success *out is Flink's
 * rendering ("6 s" for "6000"). NOT_FOUND for a key the registry does not know,
 * UNSUPPORTED_VERSION for one the version does not read, INVALID_ARGUMENT with what was
 * expected for a bad value.
 */
FLOWSTATE_API int flowstate_config_check_value(char **out, const char *key, const char *value,
                                               const char *flink_version);

/** The Flink version a cluster file names (spec.flinkVersion, $internal.flink.version); *out
 * is NULL when it names none. Errors as flowstate_config_add_file(). */
FLOWSTATE_API int flowstate_config_file_flink_version(char **out, const char *text, size_t len,
                                                      const char *name, int format);

/* ---- the effective configuration --------------------------------------------------- */

/** An empty configuration for `flink_version` ("1.14", "2.2", ...); INVALID_ARGUMENT for a version
 * flowstate does not know. */
FLOWSTATE_API int flowstate_config_new(flowstate_config **out, const char *flink_version);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_config_free(flowstate_config *config);
/** "1.20" */
FLOWSTATE_API const char *flowstate_config_flink_version(const flowstate_config *config);

/** A cluster file or resource, read now (len (size_t)-1: NUL-terminated). A file that cannot
 * be read at all (malformed YAML, over a limit, no Flink resource in it) is an error naming
 * file:line:column, and adds nothing; lesser problems become diagnostics. */
FLOWSTATE_API int flowstate_config_add_file(flowstate_config *config, const char *text, size_t len,
                                            const char *name, int format);
/** The script's SET and RESET statements, read now. */
FLOWSTATE_API int flowstate_config_add_script(flowstate_config *config,
                                              const flowstate_script *script);
/** An explicit key = value over everything else; `label` names it as its source (NULL:
 * "override"). */
FLOWSTATE_API int flowstate_config_set(flowstate_config *config, const char *key, const char *value,
                                       const char *label);
/** Where the job runs and who submits it (FLOWSTATE_DEPLOYMENT_*, FLOWSTATE_SUBMITTER_*; both
 * UNKNOWN by default, the deployment then a session for a FlinkSessionJob, else taken from the
 * files' execution.target). The diagnostics then say which of the job's values (the script's
 * SETs, a FlinkSessionJob's flinkConfiguration) have no effect there, at their line, and what
 * applies instead. INVALID_ARGUMENT for a value out of range. */
FLOWSTATE_API int flowstate_config_set_deployment(flowstate_config *config, int deployment,
                                                  int submitter);
/** Whether the entries also list unset options with their defaults (default 0). */
FLOWSTATE_API int flowstate_config_include_defaults(flowstate_config *config, int include);

/** Appends every finding (value errors, deprecations, checks across keys, ...) to `diags`. */
FLOWSTATE_API int flowstate_config_diagnostics(flowstate_config *config,
                                               flowstate_diagnostics *diags);
/** The key (current name) diagnostic `index` is about, or "" (indexes as appended above). */
FLOWSTATE_API const char *flowstate_config_diagnostic_key(flowstate_config *config, size_t index);
/** How many of the findings are errors. */
FLOWSTATE_API size_t flowstate_config_error_count(flowstate_config *config);

/** Entries, sorted by key. Strings are valid until the configuration next changes or is freed. */
FLOWSTATE_API size_t flowstate_config_count(flowstate_config *config);

#define FLOWSTATE_CONFIG_ENTRY_VERSION 1
typedef struct flowstate_config_entry {
  unsigned int version;    /**< FLOWSTATE_CONFIG_ENTRY_VERSION */
  const char *key;         /**< the option's current name (an unknown key as written) */
  const char *written_key; /**< the name the target version reads it under */
  const char *value;       /**< as given; redacted for a secret key */
  const char *normalized;  /**< as Flink renders it; redacted for a secret key */
  int type;                /**< FLOWSTATE_OPTION_*, -1 for a key the registry does not know */
  int status;              /**< FLOWSTATE_CONFIG_KEY_* */
  int valid;               /**< 1: the value is valid for the option */
  int is_default;          /**< 1: Flink's default, not set anywhere */
  int is_secret;           /**< 1: a secret key (value and normalized are redacted) */
  int layer;               /**< FLOWSTATE_CONFIG_LAYER_* */
  /** "flink-conf.yaml:12", "job.sql:4:5", "deployment.yaml:31 (spec.jobManager.replicas)" */
  const char *source;
  const char *source_name; /**< the source's name alone */
  int64_t line;            /**< the key's line in the source, or -1 */
  int64_t column;          /**< its column, or -1 */
  size_t history_count;    /**< see flowstate_config_history_get() */
} flowstate_config_entry;

#define FLOWSTATE_CONFIG_ENTRY_INIT                                                              \
  {                                                                                              \
    FLOWSTATE_CONFIG_ENTRY_VERSION, NULL, NULL, NULL, NULL, -1, FLOWSTATE_CONFIG_KEY_CURRENT, 0, \
        0, 0, FLOWSTATE_CONFIG_LAYER_DEFAULT, NULL, NULL, -1, -1, 0                              \
  }
/** Sets *out to FLOWSTATE_CONFIG_ENTRY_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_config_entry_init(flowstate_config_entry *out);
/** Fills *out with entry `index` (0 to flowstate_config_count() - 1); INVALID_ARGUMENT past the
 * end. */
FLOWSTATE_API int flowstate_config_get(flowstate_config *config, size_t index,
                                       flowstate_config_entry *out);

#define FLOWSTATE_CONFIG_HISTORY_VERSION 1
/** An earlier value entry `index` replaced or beat, oldest first (values redacted). */
typedef struct flowstate_config_history {
  unsigned int version; /**< FLOWSTATE_CONFIG_HISTORY_VERSION */
  const char *key;
  const char *value; /**< redacted for a secret key */
  const char *source;
} flowstate_config_history;

#define FLOWSTATE_CONFIG_HISTORY_INIT \
  { FLOWSTATE_CONFIG_HISTORY_VERSION, NULL, NULL, NULL }
/** Sets *out to FLOWSTATE_CONFIG_HISTORY_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_config_history_init(flowstate_config_history *out);
/** Fills *out with earlier value `h` of entry `index` (0 to its history_count - 1), oldest first;
 * INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_config_history_get(flowstate_config *config, size_t index, size_t h,
                                               flowstate_config_history *out);
/** Entry `index`'s value with secrets; free with flowstate_string_free(). */
FLOWSTATE_API int flowstate_config_raw_value(char **out, flowstate_config *config, size_t index);
/** The index of the entry for `key` (any name of its option), or -1. */
FLOWSTATE_API int64_t flowstate_config_find(flowstate_config *config, const char *key);

/** The configuration in `format`; problems writing it (a value the format cannot hold, a
 * format the version does not read) go to `problems` (may be NULL). */
FLOWSTATE_API int flowstate_config_render(char **out, flowstate_config *config, int format,
                                          int reveal_secrets, flowstate_diagnostics *problems);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_CONFIG_H */
