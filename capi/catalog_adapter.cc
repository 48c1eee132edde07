// Conversions between the catalog's C structs and the core's records.
#include "capi/catalog_adapter.h"

namespace flowstate::capi {

core::Result<cat::RestoreStrategy> Strategy(int v) { return EnumArg<cat::RestoreStrategy>(v); }

// ---- clusters ----

core::Result<cat::Cluster> ClusterIn(const flowstate_cluster_info* c) {
  if (c == nullptr) return core::Status::InvalidArgument("cluster must not be NULL");
  FS_RETURN_IF_ERROR(
      CheckVersion(c->version, FLOWSTATE_CLUSTER_INFO_VERSION, "flowstate_cluster_info"));
  cat::Cluster out;
  out.name = Str(c->name);
  out.rest_url = Str(c->rest_url);
  out.sql_gateway_url = Str(c->sql_gateway_url);
  out.flink_version = Str(c->flink_version);
  out.checkpoint_dir = Str(c->checkpoint_dir);
  out.savepoint_dir = Str(c->savepoint_dir);
  out.storage = Str(c->storage);
  if (c->version >= 2) {
    FS_ASSIGN_OR_RETURN(out.deployment, EnumArg<core::config::Deployment>(c->deployment));
    out.runner_jar = Str(c->runner_jar);
    out.runner_entry_class = Str(c->runner_entry_class);
    out.runner_args = Str(c->runner_args);
  }
  return out;
}

void ClusterOut(const cat::Cluster& c, flowstate_cluster_info* out) {
  out->id = c.id;
  out->name = c.name.c_str();
  out->rest_url = c.rest_url.c_str();
  out->sql_gateway_url = c.sql_gateway_url.c_str();
  out->flink_version = c.flink_version.c_str();
  out->checkpoint_dir = c.checkpoint_dir.c_str();
  out->savepoint_dir = c.savepoint_dir.c_str();
  out->storage = c.storage.c_str();
  if (out->version >= 2) {
    out->deployment = static_cast<int>(c.deployment);
    out->runner_jar = c.runner_jar.c_str();
    out->runner_entry_class = c.runner_entry_class.c_str();
    out->runner_args = c.runner_args.c_str();
    out->runner_upload = c.runner_upload.c_str();
  }
}

// ---- jobs ----

core::Result<cat::Job> JobIn(const flowstate_job_info* j) {
  if (j == nullptr) return core::Status::InvalidArgument("job must not be NULL");
  FS_RETURN_IF_ERROR(CheckVersion(j->version, FLOWSTATE_JOB_INFO_VERSION, "flowstate_job_info"));
  cat::Job out;
  out.name = Str(j->name);
  if (j->folder != nullptr) out.folder = j->folder;
  out.cluster = Str(j->cluster);
  FS_ASSIGN_OR_RETURN(out.strategy, Strategy(j->strategy));
  if (j->once_path != nullptr && j->once_path[0] != '\0') out.once_path = j->once_path;
  out.fail_closed = j->fail_closed != 0;
  out.checkpoint_dir = Str(j->checkpoint_dir);
  out.savepoint_dir = Str(j->savepoint_dir);
  out.retain_count = Opt(j->retain_count);
  out.retain_age_ms = Opt(j->retain_age_ms);
  if (j->version >= 2) {
    out.savepoint_retain_count = Opt(j->savepoint_retain_count);
    out.savepoint_retain_age_ms = Opt(j->savepoint_retain_age_ms);
  }
  return out;
}

void JobOut(const cat::Job& j, const std::string& path, flowstate_job_info* out) {
  out->id = j.id;
  out->name = j.name.c_str();
  out->folder = j.folder.c_str();
  out->path = path.c_str();
  out->cluster = j.cluster.c_str();
  out->script = OrNull(j.script);
  out->strategy = static_cast<int>(j.strategy);
  out->once_path = j.once_path ? j.once_path->c_str() : nullptr;
  out->fail_closed = j.fail_closed ? 1 : 0;
  out->checkpoint_dir = j.checkpoint_dir.c_str();
  out->savepoint_dir = j.savepoint_dir.c_str();
  out->retain_count = OrMinus(j.retain_count);
  out->retain_age_ms = OrMinus(j.retain_age_ms);
  out->created_ms = j.created_ms;
  out->updated_ms = j.updated_ms;
  if (out->version >= 2) {
    out->savepoint_retain_count = OrMinus(j.savepoint_retain_count);
    out->savepoint_retain_age_ms = OrMinus(j.savepoint_retain_age_ms);
  }
  if (out->version >= 3) {
    out->state = static_cast<int>(j.state);
    out->desired = static_cast<int>(j.desired);
    out->row_version = j.version;
  }
}

int JobResult(flowstate_job_list** out, core::Result<cat::Job> job) {
  if (!job.ok()) return SetError(job.status());
  if (out != nullptr) {
    auto list = std::make_unique<flowstate_job_list>();
    list->Add(std::move(*job));
    *out = list.release();
  }
  return kOk;
}

int RecordResult(flowstate_record_list** out, core::Result<cat::SnapshotRecord> record) {
  if (!record.ok()) return SetError(record.status());
  if (out != nullptr) {
    auto list = std::make_unique<flowstate_record_list>();
    list->Add(std::move(*record));
    *out = list.release();
  }
  return kOk;
}

// ---- runs ----

core::Result<cat::Run> RunIn(const flowstate_run_info* r) {
  if (r == nullptr) return cat::Run{};
  FS_RETURN_IF_ERROR(CheckVersion(r->version, FLOWSTATE_RUN_INFO_VERSION, "flowstate_run_info"));
  cat::Run out;
  out.flink_job_id = Str(r->flink_job_id);
  out.cluster = Str(r->cluster);
  out.started_ms = r->started_ms;
  out.ended_ms = Opt(r->ended_ms);
  out.final_status = Str(r->final_status);
  out.restored_from = Str(r->restored_from);
  if (r->claim_mode >= 0) {
    FS_ASSIGN_OR_RETURN(out.claim_mode, EnumArg<cat::ClaimMode>(r->claim_mode));
  }
  out.restored_snapshot = Opt(r->restored_snapshot);
  return out;
}

void RunOut(const cat::Run& r, flowstate_run_info* out) {
  out->id = r.id;
  out->job_id = r.job_id;
  out->flink_job_id = r.flink_job_id.c_str();
  out->cluster = r.cluster.c_str();
  out->started_ms = r.started_ms;
  out->ended_ms = OrMinus(r.ended_ms);
  out->final_status = r.final_status.c_str();
  out->restored_from = r.restored_from.c_str();
  out->claim_mode = r.claim_mode ? static_cast<int>(*r.claim_mode) : -1;
  out->restored_snapshot = OrMinus(r.restored_snapshot);
}

// ---- snapshot records ----

core::Result<cat::SnapshotRecord> RecordIn(const flowstate_snapshot_record* r) {
  if (r == nullptr) return core::Status::InvalidArgument("record must not be NULL");
  FS_RETURN_IF_ERROR(
      CheckVersion(r->version, FLOWSTATE_SNAPSHOT_RECORD_VERSION, "flowstate_snapshot_record"));
  cat::SnapshotRecord out;
  out.job_id = r->job_id;
  out.run_id = Opt(r->run_id);
  if (r->kind != FLOWSTATE_SNAPSHOT_CHECKPOINT && r->kind != FLOWSTATE_SNAPSHOT_SAVEPOINT) {
    return core::Status::InvalidArgument(core::StrCat("unknown snapshot kind ", r->kind));
  }
  out.kind = static_cast<st::SnapshotKind>(r->kind);
  out.checkpoint_id = Opt(r->checkpoint_id);
  out.path = Str(r->path);
  out.trigger_ms = Opt(r->trigger_ms);
  out.completion_ms = Opt(r->completion_ms);
  out.size = Opt(r->size);
  out.format_version = Opt(r->format_version);
  out.savepoint_format = Str(r->savepoint_format);
  FS_ASSIGN_OR_RETURN(out.origin, EnumArg<cat::Origin>(r->origin));
  FS_ASSIGN_OR_RETURN(out.state, EnumArg<cat::SnapshotState>(r->state));
  out.claimed_by_run = Opt(r->claimed_by_run);
  out.keep = r->keep != 0;
  if (r->version >= 2) out.trigger_id = Str(r->trigger_id);
  return out;
}

void RecordOut(const cat::SnapshotRecord& r, flowstate_snapshot_record* out) {
  out->id = r.id;
  out->job_id = r.job_id;
  out->run_id = OrMinus(r.run_id);
  out->kind = static_cast<int>(r.kind);
  out->checkpoint_id = OrMinus(r.checkpoint_id);
  out->path = r.path.c_str();
  out->trigger_ms = OrMinus(r.trigger_ms);
  out->completion_ms = OrMinus(r.completion_ms);
  out->size = OrMinus(r.size);
  out->format_version = OrMinus(r.format_version);
  out->savepoint_format = r.savepoint_format.c_str();
  out->origin = static_cast<int>(r.origin);
  out->state = static_cast<int>(r.state);
  out->claimed_by_run = OrMinus(r.claimed_by_run);
  out->keep = r.keep ? 1 : 0;
  if (out->version >= 2) out->trigger_id = r.trigger_id.c_str();
}

// ---- secrets ----

core::Status CheckStore(const flowstate_secret_store* s) {
  if (s == nullptr) return core::Status();
  return CheckVersion(s->version, FLOWSTATE_SECRET_STORE_VERSION, "flowstate_secret_store");
}

// ---- decisions ----

core::Result<cat::RestoreOptions> RestoreOptionsIn(const flowstate_restore_options* o) {
  flowstate_restore_options defaults = FLOWSTATE_RESTORE_OPTIONS_INIT;
  if (o == nullptr) o = &defaults;
  FS_RETURN_IF_ERROR(CheckVersionFrom(o->version, 2, FLOWSTATE_RESTORE_OPTIONS_VERSION,
                                      "flowstate_restore_options"));
  cat::RestoreOptions out;
  if (o->flink_version != nullptr && o->flink_version[0] != '\0') {
    FS_ASSIGN_OR_RETURN(out.flink_version, core::FlinkVersion::Parse(o->flink_version));
  }
  out.verify = o->verify != 0;
  FS_ASSIGN_OR_RETURN(out.level, EnumArg<st::VerifyLevel>(o->verify_level));
  out.discover = o->discover != 0;
  if (o->fail_closed >= 0) out.fail_closed = o->fail_closed != 0;
  if (o->max_candidates > 0) out.max_candidates = o->max_candidates;
  FS_ASSIGN_OR_RETURN(out.context, OperationIn(o->operation));
  return out;
}

}  // namespace flowstate::capi
