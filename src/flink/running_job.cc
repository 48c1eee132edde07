#include "flink/running_job.h"

#include <string>

namespace flowstate::core::flink {

Result<config::RunningJob> FetchRunningJob(RestClient& client, std::string_view job_id) {
  config::RunningJob out;
  out.job_id = std::string(job_id);
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
  FS_ASSIGN_OR_RETURN(JobConfigInfo info, client.JobConfiguration(job_id));
  if (info.parallelism > 0) out.parallelism = info.parallelism;
  FS_ASSIGN_OR_RETURN(out.cluster, client.ClusterConfiguration());
  return out;
}

}  // namespace flowstate::core::flink
