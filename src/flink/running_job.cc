#include "flink/running_job.h"

#include <string>
#include <vector>

#include "storage/layout.h"

namespace flowstate::core::flink {
namespace {

// The completed checkpoints in the job's directory: the parent of the latest completed
// checkpoint the JobManager reports (<checkpoint dir>/<job id>/chk-N).
void CountOnStorage(RestClient& client, std::string_view job_id, const RunningJobOptions& options,
                    config::RunningJob* out) {
  Result<CheckpointStats> stats = client.Checkpoints(job_id);
  if (!stats.ok()) {
    out->storage_problem = "the job's checkpoint statistics: " + stats.status().message();
    return;
  }
  if (!stats->latest_completed || stats->latest_completed->external_path.empty()) {
    out->storage_problem = "the job has no completed checkpoint yet, so its directory is unknown";
    return;
  }
  Result<storage::Location> chk = options.storage->Parse(stats->latest_completed->external_path);
  if (!chk.ok()) {
    out->storage_problem = chk.status().message();
    return;
  }
  const storage::Location dir = chk->Parent();
  out->storage_location = dir.ToString();
  storage::ScanOptions scan;
  scan.job_ids = {std::string(job_id)};
  scan.level = storage::VerifyLevel::kHeader;  // complete = _metadata with its header
  scan.context = options.context;
  Result<storage::ScanResult> found = storage::ListSnapshots(*options.storage, {dir}, scan);
  if (!found.ok()) {
    out->storage_problem = dir.ToString() + ": " + found.status().message();
    return;
  }
  int64_t n = 0;
  for (const storage::Snapshot& s : found->snapshots) {
    n += s.kind == storage::SnapshotKind::kCheckpoint && s.verdict == storage::Verdict::kComplete;
  }
  out->checkpoints_on_storage = n;
}

}  // namespace

Result<config::RunningJob> FetchRunningJob(RestClient& client, std::string_view job_id,
                                           const RunningJobOptions& options) {
  ContextScope scope(options.context);  // every request below is bounded by it
  const OperationContext& ctx = options.context;
  config::RunningJob out;
  out.job_id = std::string(job_id);
  FS_RETURN_IF_ERROR(ctx.Progress("fetch", 0, 4));
  Result<CheckpointConfig> cp = client.CheckpointConfiguration(job_id);
  if (cp.ok()) {
    config::RunningJob::Checkpoints c;
    c.interval_ms = cp->interval_ms;
    c.timeout_ms = cp->timeout_ms;
    c.min_pause_ms = cp->min_pause_ms;
    c.max_concurrent = cp->max_concurrent;
    c.tolerable_failed = cp->tolerable_failed;
    c.mode = cp->mode;
    c.externalized = cp->externalized;
    c.delete_on_cancellation = cp->delete_on_cancellation;
    c.unaligned = cp->unaligned;
    out.checkpoints = c;
  } else if (cp.status().code() != Code::kNotFound) {
    return cp.status();
  } else {
    // 404 names either an unknown job or a job without checkpointing: ask which.
    FS_ASSIGN_OR_RETURN(JobDetails ignored, client.Job(job_id));
    (void)ignored;
  }
  FS_RETURN_IF_ERROR(ctx.Progress("fetch", 1, 4));
  FS_ASSIGN_OR_RETURN(JobConfigInfo info, client.JobConfiguration(job_id));
  if (info.parallelism > 0) out.parallelism = info.parallelism;
  FS_RETURN_IF_ERROR(ctx.Progress("fetch", 2, 4));
  FS_ASSIGN_OR_RETURN(out.cluster, client.ClusterConfiguration());
  FS_RETURN_IF_ERROR(ctx.Progress("fetch", 3, 4));
  if (options.storage != nullptr) {
    if (!out.checkpoints) {
      out.storage_problem = "checkpointing is off for the job";
    } else {
      CountOnStorage(client, job_id, options, &out);
    }
    // Cancelled or out of time while counting: the whole operation is.
    FS_RETURN_IF_ERROR(ctx.Check("counting the job's checkpoints on storage"));
  }
  FS_RETURN_IF_ERROR(ctx.Progress("fetch", 4, 4));
  return out;
}

}  // namespace flowstate::core::flink
