/** @file
 * flowstate/storage.h: checkpoint storage on local disks, NFS mounts and HDFS (WebHDFS).
 *
 * Locations are written as users and Flink write them: /abs/path, file:///abs/path,
 * file:/abs/path, hdfs://nn:8020/path, hdfs:///path (default nameservice), webhdfs://h:p/path,
 * swebhdfs://h:p/path, mem:///path (in-memory, for tests). A flowstate_storage_config says
 * which file system serves which location: a mount table for NFS volumes that Flink sees
 * under another prefix than this host, and WebHDFS endpoints per HDFS nameservice.
 *
 * Thread-safety: a flowstate_storage may be used from several threads at once; configs,
 * file lists and snapshot lists by one thread at a time.
 */
#ifndef FLOWSTATE_STORAGE_H
#define FLOWSTATE_STORAGE_H

#include "flowstate/cancel.h"
#include "flowstate/common.h"
#include "flowstate/endpoint.h"
#include "flowstate/enums.h"

FLOWSTATE_BEGIN_DECLS

/* ---- configuration ---------------------------------------------------------------- */

/** Empty storage settings: local paths only until mounts or WebHDFS clusters are added. */
FLOWSTATE_API int flowstate_storage_config_new(flowstate_storage_config **out);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_storage_config_free(flowstate_storage_config *config);
/** Maps a location as Flink sees it (file:///opt/flink/volume) to this host's mount point. */
FLOWSTATE_API int flowstate_storage_config_add_mount(flowstate_storage_config *config,
                                                     const char *flink_prefix,
                                                     const char *host_path);
/** The nameservice hdfs:///path refers to. */
FLOWSTATE_API int flowstate_storage_config_set_default_nameservice(flowstate_storage_config *config,
                                                                   const char *nameservice);

#define FLOWSTATE_WEBHDFS_OPTIONS_VERSION 2
typedef struct flowstate_webhdfs_options {
  unsigned int version;         /**< FLOWSTATE_WEBHDFS_OPTIONS_VERSION */
  flowstate_endpoint endpoint;  /**< http(s)://namenode:9870 (required); kerberos: SPNEGO */
  const char *user;             /**< user.name (simple authentication), or NULL */
  const char *doas;             /**< proxy user, or NULL */
  const char *delegation_token; /**< delegation=, or NULL */
} flowstate_webhdfs_options;

/** A NameNode's endpoint defaults differ from FLOWSTATE_ENDPOINT_INIT's in answers up to 64 MiB
 * (file listings of large checkpoints) and 3 retries from 200 ms. */
#define FLOWSTATE_WEBHDFS_ENDPOINT_INIT                                                         \
  {                                                                                             \
    FLOWSTATE_ENDPOINT_VERSION, NULL, NULL, NULL, NULL, 0, 0, 1, NULL, NULL, NULL, 5000, 30000, \
        67108864u, 3, 200                                                                       \
  }
#define FLOWSTATE_WEBHDFS_OPTIONS_INIT \
  { FLOWSTATE_WEBHDFS_OPTIONS_VERSION, FLOWSTATE_WEBHDFS_ENDPOINT_INIT, NULL, NULL, NULL }
/** Sets *out to FLOWSTATE_WEBHDFS_OPTIONS_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_webhdfs_options_init(flowstate_webhdfs_options *out);

/** An endpoint for HDFS nameservice (or host:port) `name`. */
FLOWSTATE_API int flowstate_storage_config_add_webhdfs(flowstate_storage_config *config,
                                                       const char *name,
                                                       const flowstate_webhdfs_options *options);

/* ---- storage ------------------------------------------------------------------------ */

/** A storage over a copy of `config` (NULL: local disks and mem:// only). */
FLOWSTATE_API int flowstate_storage_new(flowstate_storage **out,
                                        const flowstate_storage_config *config);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_storage_free(flowstate_storage *storage);

/** The canonical form of a location (file:///a/b, hdfs://ns/a), or INVALID_ARGUMENT with why. */
FLOWSTATE_API int flowstate_storage_normalize(char **out, const flowstate_storage *storage,
                                              const char *uri);
/** Which file system serves `uri` ("local", "nfs", "webhdfs", "memory") and under which path. */
FLOWSTATE_API int flowstate_storage_resolve(char **out_kind, char **out_path,
                                            flowstate_storage *storage, const char *uri);
/** HTTP requests sent to WebHDFS so far (all endpoints). */
FLOWSTATE_API uint64_t flowstate_storage_webhdfs_requests(flowstate_storage *storage);

/* ---- files -------------------------------------------------------------------------- */

#define FLOWSTATE_FILE_REGULAR 0
#define FLOWSTATE_FILE_DIRECTORY 1
#define FLOWSTATE_FILE_SYMLINK 2
#define FLOWSTATE_FILE_OTHER 3

/** One entry (NOT_FOUND when nothing is there). */
FLOWSTATE_API int flowstate_storage_stat(flowstate_file_list **out, flowstate_storage *storage,
                                         const char *uri);
/** A directory's entries, sorted by name (all pages). */
FLOWSTATE_API int flowstate_storage_list(flowstate_file_list **out, flowstate_storage *storage,
                                         const char *uri);
/** Frees the list and the strings it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_file_list_free(flowstate_file_list *list);
/** How many entries the list holds. */
FLOWSTATE_API size_t flowstate_file_list_count(const flowstate_file_list *list);

#define FLOWSTATE_FILE_INFO_VERSION 1
/** One entry; name is valid until the list is freed. */
typedef struct flowstate_file_info {
  unsigned int version; /**< FLOWSTATE_FILE_INFO_VERSION */
  const char *name;
  int type;         /**< FLOWSTATE_FILE_* */
  uint64_t size;    /**< bytes */
  int64_t mtime_ms; /**< last modification, ms since the epoch */
} flowstate_file_info;

#define FLOWSTATE_FILE_INFO_INIT \
  { FLOWSTATE_FILE_INFO_VERSION, NULL, FLOWSTATE_FILE_REGULAR, 0, 0 }
/** Sets *out to FLOWSTATE_FILE_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_file_info_init(flowstate_file_info *out);
/** Fills *out (its version set by the caller) with entry `index`; its strings are borrowed from the
 * list. INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_file_list_get(const flowstate_file_list *list, size_t index,
                                          flowstate_file_info *out);

/** Up to `length` bytes from `offset` (UINT64_MAX: to the end); *out_len gets the count.
 * The buffer (NUL-terminated for convenience) is freed with flowstate_string_free(). */
FLOWSTATE_API int flowstate_storage_read(char **out, size_t *out_len, flowstate_storage *storage,
                                         const char *uri, uint64_t offset, uint64_t length);
/** Writes atomically (temporary name, then rename). Without `overwrite`, ALREADY_EXISTS when
 * the file exists. On WebHDFS, overwriting deletes the old file first. */
FLOWSTATE_API int flowstate_storage_write(flowstate_storage *storage, const char *uri,
                                          const char *data, size_t len, int overwrite);
/** Creates the directory and its missing parents; nothing when it exists. */
FLOWSTATE_API int flowstate_storage_mkdirs(flowstate_storage *storage, const char *uri);
/** ALREADY_EXISTS when the destination exists. */
FLOWSTATE_API int flowstate_storage_rename(flowstate_storage *storage, const char *from_uri,
                                           const char *to_uri);
/** Deletes a file or a directory tree; NOT_FOUND when nothing is there. */
FLOWSTATE_API int flowstate_storage_delete(flowstate_storage *storage, const char *uri);

/* ---- checkpoints and savepoints ------------------------------------------------------ */

#define FLOWSTATE_SNAPSHOT_CHECKPOINT 0
#define FLOWSTATE_SNAPSHOT_SAVEPOINT 1

#define FLOWSTATE_VERDICT_COMPLETE 0    /**< _metadata present and sound (at the level reached) */
#define FLOWSTATE_VERDICT_IN_PROGRESS 1 /**< no _metadata (yet) */
#define FLOWSTATE_VERDICT_CORRUPT 2     /**< truncated, wrong magic, unknown version, id mismatch */
#define FLOWSTATE_VERDICT_UNREADABLE 3  /**< the storage refused to show it */

#define FLOWSTATE_VERIFY_NONE 0      /**< from the directory listing only */
#define FLOWSTATE_VERIFY_HEADER 1    /**< _metadata's first 16 bytes */
#define FLOWSTATE_VERIFY_STRUCTURE 2 /**< all of _metadata, parsed to its exact end */
#define FLOWSTATE_VERIFY_FILES 3     /**< and every state file it references, with its size */

#define FLOWSTATE_SCAN_OPTIONS_VERSION 3
typedef struct flowstate_scan_options {
  unsigned int version; /**< FLOWSTATE_SCAN_OPTIONS_VERSION (3; earlier layouts are refused) */
  const char *const *job_ids; /**< only these job-id directories (32 hex), or NULL */
  size_t job_id_count;
  int include_savepoints;    /**< find_latest: consider savepoints too */
  const char *flink_version; /**< restorable = readable by this Flink ("1.20"), or NULL */
  int verify_level;          /**< FLOWSTATE_VERIFY_* (default FILES) */
  /** deadline, cancellation, progress (phases "list", "check" and "files"); NULL: none */
  const flowstate_operation *operation;
} flowstate_scan_options;

#define FLOWSTATE_SCAN_OPTIONS_INIT \
  { FLOWSTATE_SCAN_OPTIONS_VERSION, NULL, 0, 0, NULL, FLOWSTATE_VERIFY_FILES, NULL }
/** Sets *out to FLOWSTATE_SCAN_OPTIONS_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_scan_options_init(flowstate_scan_options *out);

/**
 * Every checkpoint and savepoint below the roots (checkpoint directories, job-id
 * directories, savepoint directories, or snapshot directories), newest completion first,
 * each with its verdict, reason and sizes. Directories that cannot be read go to diags.
 */
FLOWSTATE_API int flowstate_storage_list_snapshots(flowstate_snapshot_list **out,
                                                   flowstate_storage *storage,
                                                   const char *const *roots, size_t root_count,
                                                   const flowstate_scan_options *options,
                                                   flowstate_diagnostics *diags);
/**
 * The newest restorable snapshot by completion time, across all job-id directories given
 * (and savepoints when asked), checking newest candidates first and stopping at the first
 * one that is COMPLETE and readable by the target Flink version. The list holds the
 * candidates examined in that order; flowstate_snapshot_list_chosen() names the result or
 * is -1 when nothing is restorable (the call still succeeds).
 */
FLOWSTATE_API int flowstate_storage_find_latest(flowstate_snapshot_list **out,
                                                flowstate_storage *storage,
                                                const char *const *roots, size_t root_count,
                                                const flowstate_scan_options *options,
                                                flowstate_diagnostics *diags);

/** Frees the list and the strings it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_snapshot_list_free(flowstate_snapshot_list *list);
/** How many entries the list holds. */
FLOWSTATE_API size_t flowstate_snapshot_list_count(const flowstate_snapshot_list *list);
/** find_latest: the index of the restorable snapshot chosen, or -1 when nothing is restorable. */
FLOWSTATE_API int64_t flowstate_snapshot_list_chosen(const flowstate_snapshot_list *list);
/** How many candidate snapshots the scan found below the roots. */
FLOWSTATE_API uint64_t flowstate_snapshot_list_candidates(const flowstate_snapshot_list *list);

#define FLOWSTATE_SNAPSHOT_INFO_VERSION 1
/** One checkpoint or savepoint found on storage. Strings are valid until the list is freed. */
typedef struct flowstate_snapshot_info {
  unsigned int version;      /**< FLOWSTATE_SNAPSHOT_INFO_VERSION */
  int kind;                  /**< FLOWSTATE_SNAPSHOT_* (checkpoint or savepoint) */
  const char *location;      /**< the snapshot's directory */
  const char *job_id;        /**< the job-id directory's name, or "" */
  int64_t directory_id;      /**< N of chk-N, or -1 */
  int64_t checkpoint_id;     /**< _metadata's, or -1 when not read */
  int verdict;               /**< FLOWSTATE_VERDICT_* */
  const char *reason;        /**< why the verdict, or "" */
  int level;                 /**< FLOWSTATE_VERIFY_*: the level reached */
  int format_version;        /**< _metadata's, or 0 */
  const char *min_flink;     /**< "1.16" etc.: the first Flink that reads it; NULL when unknown */
  int restorable;            /**< 1: COMPLETE and readable by the target version */
  const char *target_reason; /**< why the target version cannot read it, or "" */
  int64_t completion_time_ms;
  int completion_from_metadata; /**< 1: the time is _metadata's own; 0: the directory's */
  uint64_t metadata_size, exclusive_bytes, file_count;
  /** From the whole _metadata (STRUCTURE and FILES levels): */
  int operator_count;           /**< operators, or -1 when _metadata was not read whole */
  uint64_t referenced_files;    /**< distinct state files referenced */
  uint64_t referenced_bytes;    /**< their recorded bytes */
  uint64_t inline_bytes;        /**< state held inline in _metadata */
  const char *metadata_kind;    /**< "CHECKPOINT" or "SAVEPOINT" as the file says, or "" */
  const char *savepoint_format; /**< "CANONICAL", "NATIVE" or "" */
  size_t problem_count;         /**< FILES: see flowstate_snapshot_list_problem_get() */
} flowstate_snapshot_info;

#define FLOWSTATE_SNAPSHOT_INFO_INIT                                                              \
  {                                                                                               \
    FLOWSTATE_SNAPSHOT_INFO_VERSION, FLOWSTATE_SNAPSHOT_CHECKPOINT, NULL, NULL, -1, -1,           \
        FLOWSTATE_VERDICT_IN_PROGRESS, NULL, FLOWSTATE_VERIFY_NONE, 0, NULL, 0, NULL, 0, 0, 0, 0, \
        0, -1, 0, 0, 0, NULL, NULL, 0                                                             \
  }
/** Sets *out to FLOWSTATE_SNAPSHOT_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_snapshot_info_init(flowstate_snapshot_info *out);
/** Fills *out (its version set by the caller) with entry `index`; its strings are borrowed from the
 * list. INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_snapshot_list_get(const flowstate_snapshot_list *list, size_t index,
                                              flowstate_snapshot_info *out);

#define FLOWSTATE_FILE_PROBLEM_VERSION 1
/** FILES: a referenced file that is not as _metadata recorded it. */
typedef struct flowstate_file_problem {
  unsigned int version; /**< FLOWSTATE_FILE_PROBLEM_VERSION */
  const char *location; /**< where it was looked for */
  int64_t expected;     /**< the recorded (or least) size */
  int64_t found;        /**< the size found; -1: missing; -2: could not be checked */
  const char *message;
} flowstate_file_problem;

#define FLOWSTATE_FILE_PROBLEM_INIT \
  { FLOWSTATE_FILE_PROBLEM_VERSION, NULL, -1, -1, NULL }
/** Sets *out to FLOWSTATE_FILE_PROBLEM_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_file_problem_init(flowstate_file_problem *out);
/** Problem `problem` (below the snapshot's problem_count) of snapshot `index`. */
FLOWSTATE_API int flowstate_snapshot_list_problem_get(const flowstate_snapshot_list *list,
                                                      size_t index, size_t problem,
                                                      flowstate_file_problem *out);

#define FLOWSTATE_JOB_DIRECTORY_VERSION 1
/** A job-id directory seen (listing only). */
typedef struct flowstate_job_directory {
  unsigned int version; /**< FLOWSTATE_JOB_DIRECTORY_VERSION */
  const char *location;
  const char *job_id;   /**< 32 hex */
  uint64_t checkpoints; /**< chk-N directories */
  uint64_t shared_bytes, taskowned_bytes;
} flowstate_job_directory;

#define FLOWSTATE_JOB_DIRECTORY_INIT \
  { FLOWSTATE_JOB_DIRECTORY_VERSION, NULL, NULL, 0, 0, 0 }
/** Sets *out to FLOWSTATE_JOB_DIRECTORY_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_job_directory_init(flowstate_job_directory *out);
/** How many job-id directories the scan read. */
FLOWSTATE_API size_t flowstate_snapshot_list_job_count(const flowstate_snapshot_list *list);
/** Fills *out with job-id directory `index`; INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_snapshot_list_job_get(const flowstate_snapshot_list *list, size_t index,
                                                  flowstate_job_directory *out);

/**
 * Checks the 16-byte header of a _metadata file's first bytes: FLOWSTATE_OK with the format
 * version and checkpoint id, or FLOWSTATE_E_CORRUPT with the reason as the last error.
 */
FLOWSTATE_API int flowstate_metadata_check_header(int *out_version, int64_t *out_checkpoint_id,
                                                  const char *bytes, size_t len);

/* ---- the whole _metadata ------------------------------------------------------------- */

/**
 * Parses a whole _metadata (format versions 2 to 6) to its exact last byte: FLOWSTATE_OK, or
 * FLOWSTATE_E_CORRUPT ("offset N: what was being read") or FLOWSTATE_E_UNSUPPORTED_VERSION.
 */
FLOWSTATE_API int flowstate_metadata_parse(flowstate_metadata **out, const char *bytes, size_t len);
/**
 * Reads one snapshot, given as its directory or its _metadata, and checks it at
 * options->verify_level. *out_metadata (may be NULL) gets what _metadata holds, with every
 * referenced file resolved to its location; *out_snapshot (may be NULL) a one-entry list with
 * the verdict, reason and problems. A snapshot that is damaged is a verdict, not an error.
 */
FLOWSTATE_API int flowstate_storage_inspect(flowstate_metadata **out_metadata,
                                            flowstate_snapshot_list **out_snapshot,
                                            flowstate_storage *storage, const char *uri,
                                            const flowstate_scan_options *options);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_metadata_free(flowstate_metadata *metadata);

#define FLOWSTATE_METADATA_INFO_VERSION 1
/** What a _metadata holds. Strings are valid until the metadata is freed. */
typedef struct flowstate_metadata_info {
  unsigned int version; /**< FLOWSTATE_METADATA_INFO_VERSION */
  int parsed;           /**< 1: parsed; 0: inspect could not parse it (the verdict says why) */
  int format_version;   /**< 2 to 6 */
  int64_t checkpoint_id;
  uint64_t size;      /**< bytes */
  const char *kind;   /**< "CHECKPOINT", "SAVEPOINT" or "" */
  const char *format; /**< "CANONICAL", "NATIVE" or "" */
  /** the type's name as Flink wrote it in the v4+ properties ("Checkpoint", "Terminate
   * Savepoint", ...) or "" */
  const char *type_name;
  uint32_t master_states;
  uint64_t inline_bytes, inline_handles;
  size_t operator_count; /**< see flowstate_metadata_operator_get() */
  size_t file_count;     /**< see flowstate_metadata_file_get() */
} flowstate_metadata_info;

#define FLOWSTATE_METADATA_INFO_INIT \
  { FLOWSTATE_METADATA_INFO_VERSION, 0, 0, -1, 0, NULL, NULL, NULL, 0, 0, 0, 0, 0 }
/** Sets *out to FLOWSTATE_METADATA_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_metadata_info_init(flowstate_metadata_info *out);
/** Fills *out with what the _metadata file says of the snapshot as a whole. */
FLOWSTATE_API int flowstate_metadata_get(const flowstate_metadata *metadata,
                                         flowstate_metadata_info *out);

#define FLOWSTATE_OPERATOR_STATE_VERSION 1
/** One operator's state in a _metadata. */
typedef struct flowstate_operator_state {
  unsigned int version; /**< FLOWSTATE_OPERATOR_STATE_VERSION */
  const char *id;       /**< 32 lower-case hex digits, as Flink shows operator ids */
  const char *name;     /**< format 5 and later; "" before */
  const char *uid;      /**< format 5 and later; "" before and for an operator without one */
  int32_t parallelism, max_parallelism;
  uint32_t subtasks, finished_subtasks;
  int fully_finished; /**< 1: every subtask finished */
  uint64_t inline_bytes, coordinator_bytes, file_handles;
} flowstate_operator_state;

#define FLOWSTATE_OPERATOR_STATE_INIT \
  { FLOWSTATE_OPERATOR_STATE_VERSION, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, 0, 0 }
/** Sets *out to FLOWSTATE_OPERATOR_STATE_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_operator_state_init(flowstate_operator_state *out);
/** Fills *out with operator `index`, in file order; INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_metadata_operator_get(const flowstate_metadata *metadata, size_t index,
                                                  flowstate_operator_state *out);

#define FLOWSTATE_STATE_FILE_VERSION 1
/** A referenced file, deduplicated. */
typedef struct flowstate_state_file {
  unsigned int version;  /**< FLOWSTATE_STATE_FILE_VERSION */
  const char *path;      /**< as _metadata names it */
  const char *location;  /**< where it resolves ("" when parsed from bytes) */
  const char *form;      /**< its handle: "absolute", "relative", "segment" */
  int64_t size;          /**< recorded size; -1: unknown */
  int64_t segment_start; /**< -1 unless a segment */
  uint32_t references;   /**< how many handles name it */
} flowstate_state_file;

#define FLOWSTATE_STATE_FILE_INIT \
  { FLOWSTATE_STATE_FILE_VERSION, NULL, NULL, NULL, -1, -1, 0 }
/** Sets *out to FLOWSTATE_STATE_FILE_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_state_file_init(flowstate_state_file *out);
/** Fills *out with referenced state file `index`; INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_metadata_file_get(const flowstate_metadata *metadata, size_t index,
                                              flowstate_state_file *out);

/* ---- operator identity ------------------------------------------------------------------ */

/** Flink's operator id for a user-set uid (MurmurHash3 x64-128, seed 0, over the uid's UTF-8
 * bytes): 32 lower-case hex digits. len (size_t)-1: NUL-terminated. */
FLOWSTATE_API int flowstate_operator_id_from_uid(char **out, const char *uid, size_t len);

#define FLOWSTATE_MATCH_ALL 0  /**< every expected operator is in the snapshot */
#define FLOWSTATE_MATCH_SOME 1 /**< some are */
#define FLOWSTATE_MATCH_NONE 2 /**< none is */

/**
 * The job-id directories under `root` whose newest parseable checkpoint holds the state of a
 * job with operators `expected_ids` (32 hex each; from uids, or another snapshot's ids),
 * best matches first. Finds a run's directory when its Flink job id was never recorded.
 */
FLOWSTATE_API int flowstate_storage_match(flowstate_match_list **out, flowstate_storage *storage,
                                          const char *root, const char *const *expected_ids,
                                          size_t expected_count,
                                          const flowstate_scan_options *options);
/** Frees the list and the strings it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_match_list_free(flowstate_match_list *list);
/** How many entries the list holds. */
FLOWSTATE_API size_t flowstate_match_list_count(const flowstate_match_list *list);

#define FLOWSTATE_MATCH_INFO_VERSION 1
/** One job-id directory and how its newest parseable checkpoint matches. */
typedef struct flowstate_match_info {
  unsigned int version; /**< FLOWSTATE_MATCH_INFO_VERSION */
  const char *job_id, *job_location, *snapshot_location;
  int kind;                   /**< FLOWSTATE_MATCH_* */
  size_t matched_count;       /**< expected ids found */
  const char *const *missing; /**< expected ids the snapshot lacks */
  size_t missing_count;
  const char *const *extra; /**< snapshot ids no expected one names */
  size_t extra_count;
} flowstate_match_info;

#define FLOWSTATE_MATCH_INFO_INIT \
  { FLOWSTATE_MATCH_INFO_VERSION, NULL, NULL, NULL, FLOWSTATE_MATCH_NONE, 0, NULL, 0, NULL, 0 }
/** Sets *out to FLOWSTATE_MATCH_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_match_info_init(flowstate_match_info *out);
/** Fills *out (its version set by the caller) with entry `index`; its strings are borrowed from the
 * list. INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_match_list_get(const flowstate_match_list *list, size_t index,
                                           flowstate_match_info *out);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_STORAGE_H */
