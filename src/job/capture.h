// Snapshots found on storage, as the catalog records them: shared by the lifecycle's actions
// and its observation rounds.
#ifndef FLOWSTATE_SRC_JOB_CAPTURE_H_
#define FLOWSTATE_SRC_JOB_CAPTURE_H_

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/cancel.h"
#include "storage/layout.h"
#include "storage/storage.h"

namespace flowstate::core::job {

// The record of snapshot `s` as storage shows it (its ids, completion time, size, format).
catalog::SnapshotRecord RecordOfSnapshot(const storage::Snapshot& s, catalog::Origin origin);

// The run's checkpoint directory, <the job's or else the cluster's checkpoint directory>/<the
// Flink job id>; "" when neither names one.
std::string RunCheckpointDir(const catalog::Job& job, const catalog::Cluster& cluster,
                             const std::string& flink_job_id);

// Every restorable checkpoint in `dir` (a run's job-id directory) checked at `level`, newest
// first, as retained checkpoints of run `run_id`; why each other one is not restorable is
// appended to `reasons`.
Result<std::vector<catalog::SnapshotRecord>> RetainedCheckpoints(
    storage::Storage& storage, const std::string& dir, storage::VerifyLevel level, int64_t run_id,
    const OperationContext& ctx, std::vector<std::string>* reasons);

}  // namespace flowstate::core::job

#endif  // FLOWSTATE_SRC_JOB_CAPTURE_H_
