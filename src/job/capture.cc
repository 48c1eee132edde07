#include "job/capture.h"

#include "common/strings.h"

namespace flowstate::core::job {

catalog::SnapshotRecord RecordOfSnapshot(const storage::Snapshot& s, catalog::Origin origin) {
  catalog::SnapshotRecord r;
  r.path = s.location.ToString();
  r.kind = s.kind;
  r.origin = origin;
  r.state = catalog::SnapshotState::kCompleted;
  if (s.checkpoint_id >= 0) {
    r.checkpoint_id = s.checkpoint_id;
  } else if (s.directory_id >= 0) {
    r.checkpoint_id = s.directory_id;
  }
  if (s.completion_time_ms > 0) r.completion_ms = s.completion_time_ms;
  r.size = static_cast<int64_t>(s.exclusive_bytes);
  if (s.format_version > 0) r.format_version = s.format_version;
  r.savepoint_format = s.savepoint_format;
  return r;
}

std::string RunCheckpointDir(const catalog::Job& job, const catalog::Cluster& cluster,
                             const std::string& flink_job_id) {
  std::string dir = !job.checkpoint_dir.empty() ? job.checkpoint_dir : cluster.checkpoint_dir;
  if (dir.empty()) return dir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return StrCat(dir, "/", flink_job_id);
}

Result<std::vector<catalog::SnapshotRecord>> RetainedCheckpoints(
    storage::Storage& storage, const std::string& dir, storage::VerifyLevel level, int64_t run_id,
    const OperationContext& ctx, std::vector<std::string>* reasons) {
  FS_ASSIGN_OR_RETURN(storage::Location loc, storage.Parse(dir));
  storage::ScanOptions so;
  so.level = level;
  so.context = ctx;
  FS_ASSIGN_OR_RETURN(storage::ScanResult scan, storage::ListSnapshots(storage, {loc}, so));
  std::vector<catalog::SnapshotRecord> out;
  for (const storage::Snapshot& s : scan.snapshots) {
    if (s.kind != storage::SnapshotKind::kCheckpoint) continue;
    if (!s.restorable()) {
      reasons->push_back(StrCat(s.location.ToString(), " is not restorable (",
                                storage::VerdictName(s.verdict), ": ", s.reason, ")"));
      continue;
    }
    catalog::SnapshotRecord r = RecordOfSnapshot(s, catalog::Origin::kRetainedCheckpoint);
    r.run_id = run_id;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace flowstate::core::job
