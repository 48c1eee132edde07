// What Flink's REST APIs answer, as flowstate reads it (JobManager: rest_v1_dispatcher.yml;
// SQL Gateway: rest_v{1..4}_sql_gateway.yml; the wire where it differs from the specs).
// Numbers Flink leaves out or sends as null are -1; strings are "".
#ifndef FLOWSTATE_SRC_FLINK_TYPES_H_
#define FLOWSTATE_SRC_FLINK_TYPES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace flowstate::core::flink {

// GET /overview
struct ClusterOverview {
  int64_t taskmanagers = -1, slots_total = -1, slots_available = -1;
  int64_t jobs_running = -1, jobs_finished = -1, jobs_cancelled = -1, jobs_failed = -1;
  std::string flink_version, flink_commit;
};

// GET /config
struct ClusterConfig {
  std::string flink_version, flink_revision, timezone;
  int64_t refresh_interval_ms = -1;
};

// GET /jobs/overview, one entry (JobDetails)
struct JobOverview {
  std::string id, name, state;
  int64_t start_time = -1, end_time = -1, duration = -1;
  int64_t last_modification = -1;  // Flink's 0 (never modified) is -1 here
  int64_t tasks_total = -1;
  std::map<std::string, int64_t> tasks;  // ExecutionState (lower case) -> count
};

struct Vertex {
  std::string id, name, status;
  int64_t parallelism = -1, max_parallelism = -1, start_time = -1, end_time = -1;
};

// GET /jobs/{id}
struct JobDetails {
  std::string id, name, state, job_type;
  bool stoppable = false;
  int64_t start_time = -1, end_time = -1, duration = -1, now = -1, max_parallelism = -1;
  std::map<std::string, int64_t> timestamps;  // JobStatus -> ms; -1: never reached (Flink sends 0)
  std::vector<Vertex> vertices;
};

struct ExceptionEntry {
  std::string name, stacktrace, task;
  std::string endpoint;  // the TaskManager's host:port (`location` before 1.19, `endpoint` since)
  std::string task_manager;  // its resource id (1.19+)
  int64_t timestamp = -1;
  std::map<std::string, std::string> failure_labels;
  std::vector<ExceptionEntry> concurrent;  // a root failure's concurrent exceptions
};

// GET /jobs/{id}/exceptions
struct JobExceptions {
  std::string root_exception;  // Flink < 2.0 only
  int64_t timestamp = -1;
  std::vector<ExceptionEntry> history;  // newest first
  bool truncated = false;
};

// One CheckpointStatistics (className completed | failed | in_progress).
struct CheckpointEntry {
  int64_t id = -1;
  std::string class_name;  // completed | failed | in_progress ("@class" in 1.14, "className" since)
  std::string status, checkpoint_type, savepoint_format;
  bool is_savepoint = false;
  int64_t trigger_ms = -1, latest_ack_ms = -1, state_size = -1, checkpointed_size = -1;
  int64_t end_to_end_ms = -1, num_subtasks = -1, num_acknowledged = -1;
  std::string external_path;  // completed: the snapshot's directory
  bool discarded = false;     // completed: subsumed or deleted (the files are gone)
  int64_t failure_ms = -1;    // failed
  std::string failure_message;
};

struct RestoredCheckpoint {
  int64_t id = -1, restore_ms = -1;
  bool is_savepoint = false;
  std::string external_path;
};

// GET /jobs/{id}/checkpoints
struct CheckpointStats {
  int64_t restored = -1, total = -1, in_progress = -1, completed = -1, failed = -1;
  std::optional<CheckpointEntry> latest_completed, latest_savepoint, latest_failed;
  std::optional<RestoredCheckpoint> latest_restored;
  std::vector<CheckpointEntry> history;  // newest first
};

// GET /jobs/{id}/checkpoints/config
struct CheckpointConfig {
  std::string mode, state_backend, checkpoint_storage;
  int64_t interval_ms = -1, timeout_ms = -1, min_pause_ms = -1, max_concurrent = -1;
  int64_t tolerable_failed = -1;
  bool externalized = false, delete_on_cancellation = true, unaligned = false;
};

// GET /jobs/{id}/config (JobConfigInfo). user-config holds the job's global parameters.
struct JobConfigInfo {
  std::string id, name;
  std::string execution_mode;    // "PIPELINED"; empty from 2.0 on
  std::string restart_strategy;  // Flink's description of it
  int64_t parallelism = -1;
  bool object_reuse = false;
  std::vector<std::pair<std::string, std::string>> user_config;
};

// A SerializedThrowable.
struct FailureCause {
  std::string class_name, stack_trace;
  std::string message;  // the first meaningful line
};

// GET /jobs/{id}/savepoints/{trigger id}
struct SavepointStatus {
  bool completed = false;
  std::string location;                 // the savepoint's directory, when it succeeded
  std::optional<FailureCause> failure;  // when it failed
};

// SQL Gateway: a column of a result.
struct ResultColumn {
  std::string name, type;  // type: the logical type's root ("VARCHAR", "BIGINT", ...)
  bool nullable = true;
};

// One value of a row as the gateway sent it: a string, or JSON (a number, boolean, array or
// object, kept as its JSON text so numbers lose no digits), or null.
struct ResultField {
  enum class Kind { kNull, kString, kJson };
  Kind kind = Kind::kNull;
  std::string text;
  bool is_string() const { return kind == Kind::kString; }
};

struct ResultRow {
  std::string kind;  // INSERT, UPDATE_BEFORE, ...
  std::vector<ResultField> fields;
};

// GET /sessions/{s}/operations/{o}/result/{token}
struct ResultPage {
  std::string result_type;  // NOT_READY, PAYLOAD, EOS
  std::string result_kind;  // SUCCESS, SUCCESS_WITH_CONTENT
  bool is_query = false;
  std::string job_id;  // jobID, when the statement submitted a job
  std::vector<ResultColumn> columns;
  std::vector<ResultRow> rows;
  std::string next_uri;  // "" at the end (EOS)
};

}  // namespace flowstate::core::flink

#endif  // FLOWSTATE_SRC_FLINK_TYPES_H_
