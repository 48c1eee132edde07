// The running job's configuration held against the explanation: each key flowstate explains
// beside what the JobManager reports for the job (its checkpoint configuration, its
// parallelism) and for the cluster (its configuration file), each difference marked.
//
// Flink reports a job's own values only through /jobs/{id}/checkpoints/config and
// /jobs/{id}/config; num-retained, which no job endpoint reports, is the cluster's (the
// JobMaster reads its own configuration) and is checked against the number of checkpoints
// found on storage. Fetching lives above this module (flink/running_job.h); this is a pure
// function of the explanation and the answers.
//
// Thread-safety: pure functions.
#ifndef FLOWSTATE_SRC_CONFIG_RUNNING_H_
#define FLOWSTATE_SRC_CONFIG_RUNNING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/effective.h"

namespace flowstate::core::config {

// What the JobManager answered, in its own terms.
struct RunningJob {
  std::string job_id;
  // /jobs/{id}/checkpoints/config; absent when checkpointing is off (404).
  struct Checkpoints {
    int64_t interval_ms = -1, timeout_ms = -1, min_pause_ms = -1, max_concurrent = -1;
    int64_t tolerable_failed = -1;
    std::string mode;  // as reported ("exactly_once")
    bool externalized = false, delete_on_cancellation = true, unaligned = false;
  };
  std::optional<Checkpoints> checkpoints;
  std::optional<int64_t> parallelism;  // /jobs/{id}/config job-parallelism
  // /jobmanager/config: the cluster's configuration, key and value as reported.
  std::vector<std::pair<std::string, std::string>> cluster;
  // Completed chk-N directories of the job found on storage; absent when not counted.
  std::optional<int64_t> checkpoints_on_storage;
  std::string storage_location;  // the job's checkpoint directory counted, when known
  std::string storage_problem;   // why they were not counted, when asked and not counted
};

// Values are part of the C ABI (FLOWSTATE_RUNNING_*): append only.
enum class Agreement : int { FLOWSTATE_ENUM_VALUES_AGREEMENT(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(Agreement) { return enum_type::agreement; }

struct RunningComparison {
  std::string key;          // the option's name for the explained version
  std::string explained;    // the value that applies by the explanation (Flink's rendering)
  std::string source;       // where it comes from ("job.sql:5:5", "default", ...)
  std::string reported;     // as the JobManager reports it, in the option's terms; "" if not
  std::string reported_by;  // "/jobs/{id}/checkpoints/config", "/jobmanager/config", ...
  Agreement agreement = Agreement::kNotReported;
  std::string note;  // why they differ, or what else was checked (storage)
};

// One row per key the JobManager reports on (checkpointing, parallelism, the cluster-only
// keys the explanation holds), in a fixed order.
std::vector<RunningComparison> CompareWithRunningJob(const EffectiveConfig& explained,
                                                     const RunningJob& job);

}  // namespace flowstate::core::config

#endif  // FLOWSTATE_SRC_CONFIG_RUNNING_H_
