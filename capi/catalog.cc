// C ABI: the checkpoint catalog (include/flowstate/catalog.h).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "capi/capi.h"
#include "capi/storage_handle.h"
#include "catalog/catalog.h"
#include "common/strings.h"

namespace core = flowstate::core;
namespace cat = flowstate::core::catalog;
namespace st = flowstate::core::storage;
using flowstate::capi::CheckVersion;
using flowstate::capi::CopyOut;
using flowstate::capi::EnumArg;
using flowstate::capi::Guard;
using flowstate::capi::GuardValue;
using flowstate::capi::GuardVoid;
using flowstate::capi::kOk;
using flowstate::capi::NullArgument;
using flowstate::capi::SetError;
using flowstate::capi::TextArg;
using flowstate::capi::UnknownEnumValue;

struct flowstate_catalog {
  std::unique_ptr<cat::Catalog> impl;
};

struct flowstate_cluster_list {
  std::vector<cat::Cluster> rows;
};

struct flowstate_job_list {
  std::vector<cat::Job> rows;
  std::vector<std::string> paths;
  void Add(cat::Job j) {
    paths.push_back(j.Path());
    rows.push_back(std::move(j));
  }
};

struct flowstate_folder_list {
  std::vector<cat::FolderEntry> rows;
};

struct flowstate_run_list {
  std::vector<cat::Run> rows;
};

struct flowstate_record_list {
  std::vector<cat::SnapshotRecord> rows;
  std::vector<std::string> notes;
  void Add(cat::SnapshotRecord r, std::string note = {}) {
    rows.push_back(std::move(r));
    notes.push_back(std::move(note));
  }
};

struct flowstate_event_list {
  std::vector<cat::Event> rows;
};

struct flowstate_save_report {
  cat::SaveReport impl;
};

struct flowstate_secret_value {
  std::string value;
  bool set = false;
};

struct flowstate_restore_decision {
  cat::RestoreDecision impl;
};

struct flowstate_reconcile_report {
  flowstate_record_list added, missing;
  int64_t unchanged = 0;
  std::vector<std::string> problems;
};

struct flowstate_prune_report {
  flowstate_record_list deleted, kept, failed;
};

namespace {

const char* OrNull(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }
std::string Str(const char* s) { return s == nullptr ? std::string() : std::string(s); }
int64_t OrMinus(const std::optional<int64_t>& v) { return v ? *v : -1; }
std::optional<int64_t> Opt(int64_t v) { return v < 0 ? std::nullopt : std::optional<int64_t>(v); }

template <typename T>
const T* At(const std::vector<T>* rows, size_t i) {
  return rows != nullptr && i < rows->size() ? &(*rows)[i] : nullptr;
}

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
}

// ---- jobs ----

core::Result<cat::Job> JobIn(const flowstate_job_info* j) {
  if (j == nullptr) return core::Status::InvalidArgument("job must not be NULL");
  FS_RETURN_IF_ERROR(CheckVersion(j->version, FLOWSTATE_JOB_INFO_VERSION, "flowstate_job_info"));
  cat::Job out;
  out.name = Str(j->name);
  if (j->folder != nullptr) out.folder = j->folder;
  out.cluster = Str(j->cluster);
  if (j->status != nullptr && j->status[0] != '\0') out.status = j->status;
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
  out->status = j.status.c_str();
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
}

// ---- secrets ----

// The host's callbacks as a SecretStore. Errors name the secret, never its value.
class CallbackSecretStore : public cat::SecretStore {
 public:
  explicit CallbackSecretStore(const flowstate_secret_store* s) : s_(s) {}

  core::Status Put(std::string_view name, std::string_view value) override {
    if (s_->put == nullptr) {
      return core::Status(core::Code::kUnsupported, "the secret store cannot store values");
    }
    std::string n(name);
    return FromCallback(s_->put(s_->user_data, n.c_str(), value.data(), value.size()), "store",
                        name);
  }

  core::Result<std::string> Get(std::string_view name) override {
    if (s_->get == nullptr) {
      return core::Status(core::Code::kUnsupported, "the secret store cannot hand out values");
    }
    std::string n(name);
    flowstate_secret_value v;
    FS_RETURN_IF_ERROR(FromCallback(s_->get(s_->user_data, n.c_str(), &v), "hand out", name));
    if (!v.set) {
      return core::Status(core::Code::kNotFound,
                          core::StrCat("the secret store has no value for ", core::Quote(name)));
    }
    return std::move(v.value);
  }

  core::Status Remove(std::string_view name) override {
    if (s_->version < 2 || s_->remove == nullptr) {
      return core::Status(core::Code::kUnsupported,
                          s_->version < 2 ? "the secret store (version 1) cannot remove values"
                                          : "the secret store has no remove callback");
    }
    std::string n(name);
    return FromCallback(s_->remove(s_->user_data, n.c_str()), "remove", name);
  }

 private:
  static core::Status FromCallback(int rc, std::string_view verb, std::string_view name) {
    if (rc == FLOWSTATE_OK) return core::Status();
    const core::Code code =
        rc < 0 && core::IsKnownCode(rc) ? static_cast<core::Code>(rc) : core::Code::kInternal;
    return core::Status(code, core::StrCat("the secret store did not ", verb, " ",
                                           core::Quote(name), " (", core::CodeName(rc), ")"));
  }
  const flowstate_secret_store* s_;
};

core::Status CheckStore(const flowstate_secret_store* s) {
  if (s == nullptr) return core::Status();
  return CheckVersion(s->version, FLOWSTATE_SECRET_STORE_VERSION, "flowstate_secret_store");
}

// ---- decisions ----

core::Result<cat::RestoreOptions> RestoreOptionsIn(const flowstate_restore_options* o) {
  flowstate_restore_options defaults = FLOWSTATE_RESTORE_OPTIONS_INIT;
  if (o == nullptr) o = &defaults;
  FS_RETURN_IF_ERROR(
      CheckVersion(o->version, FLOWSTATE_RESTORE_OPTIONS_VERSION, "flowstate_restore_options"));
  cat::RestoreOptions out;
  if (o->flink_version != nullptr && o->flink_version[0] != '\0') {
    FS_ASSIGN_OR_RETURN(out.flink_version, core::FlinkVersion::Parse(o->flink_version));
  }
  out.verify = o->verify != 0;
  FS_ASSIGN_OR_RETURN(out.level, EnumArg<st::VerifyLevel>(o->verify_level));
  out.discover = o->discover != 0;
  if (o->fail_closed >= 0) out.fail_closed = o->fail_closed != 0;
  if (o->max_candidates > 0) out.max_candidates = o->max_candidates;
  out.context.deadline = core::Deadline::FromTimeoutMs(o->timeout_ms);
  if (o->cancel != nullptr) out.context.cancel = o->cancel->impl;
  out.context.progress = flowstate::capi::ToProgress(o->progress, o->progress_user_data);
  return out;
}

const cat::RestoreCandidate* Candidate(const flowstate_restore_decision* d, size_t i) {
  return d == nullptr ? nullptr : At(&d->impl.candidates, i);
}

template <typename T>
int Give(T** out, std::unique_ptr<T> value) {
  *out = value.release();
  return kOk;
}

}  // namespace

// ---- opening --------------------------------------------------------------------------------

FLOWSTATE_API int flowstate_catalog_open(flowstate_catalog** out, const char* path,
                                         const flowstate_catalog_options* options) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (path == nullptr) return NullArgument("path");
    flowstate_catalog_options defaults = FLOWSTATE_CATALOG_OPTIONS_INIT;
    if (options == nullptr) options = &defaults;
    core::Status v = CheckVersion(options->version, FLOWSTATE_CATALOG_OPTIONS_VERSION,
                                  "flowstate_catalog_options");
    if (!v.ok()) return SetError(v);
    cat::Catalog::Options o;
    o.create = options->create != 0;
    o.read_only = options->read_only != 0;
    o.busy_timeout_ms = options->busy_timeout_ms;
    o.actor = Str(options->actor);
    auto c = cat::Catalog::Open(path, o);
    if (!c.ok()) return SetError(c.status());
    auto handle = std::make_unique<flowstate_catalog>();
    handle->impl = std::move(*c);
    return Give(out, std::move(handle));
  });
}

FLOWSTATE_API void flowstate_catalog_free(flowstate_catalog* catalog) {
  GuardVoid([&] { delete catalog; });
}

FLOWSTATE_API int flowstate_catalog_schema_version(const flowstate_catalog* catalog) {
  return GuardValue<int>(0,
                         [&] { return catalog == nullptr ? 0 : catalog->impl->schema_version(); });
}

FLOWSTATE_API const char* flowstate_catalog_path(const flowstate_catalog* catalog) {
  return GuardValue<const char*>(
      nullptr, [&] { return catalog == nullptr ? nullptr : catalog->impl->path().c_str(); });
}

// ---- clusters -------------------------------------------------------------------------------

FLOWSTATE_API int flowstate_catalog_put_cluster(flowstate_cluster_list** out,
                                                flowstate_catalog* catalog,
                                                const flowstate_cluster_info* cluster) {
  return Guard([&] {
    if (out != nullptr) *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    auto in = ClusterIn(cluster);
    if (!in.ok()) return SetError(in.status());
    auto c = catalog->impl->PutCluster(*in);
    if (!c.ok()) return SetError(c.status());
    if (out == nullptr) return kOk;
    auto list = std::make_unique<flowstate_cluster_list>();
    list->rows.push_back(std::move(*c));
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API int flowstate_catalog_get_cluster(flowstate_cluster_list** out,
                                                flowstate_catalog* catalog, const char* name) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (name == nullptr) return NullArgument("name");
    auto c = catalog->impl->GetCluster(name);
    if (!c.ok()) return SetError(c.status());
    auto list = std::make_unique<flowstate_cluster_list>();
    list->rows.push_back(std::move(*c));
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API int flowstate_catalog_list_clusters(flowstate_cluster_list** out,
                                                  flowstate_catalog* catalog) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    auto c = catalog->impl->ListClusters();
    if (!c.ok()) return SetError(c.status());
    auto list = std::make_unique<flowstate_cluster_list>();
    list->rows = std::move(*c);
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API int flowstate_catalog_remove_cluster(flowstate_catalog* catalog, const char* name) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    if (name == nullptr) return NullArgument("name");
    return flowstate::capi::Return(catalog->impl->RemoveCluster(name));
  });
}

FLOWSTATE_API void flowstate_cluster_list_free(flowstate_cluster_list* list) {
  GuardVoid([&] { delete list; });
}

FLOWSTATE_API size_t flowstate_cluster_list_count(const flowstate_cluster_list* list) {
  return GuardValue<size_t>(0, [&] { return list == nullptr ? 0 : list->rows.size(); });
}

FLOWSTATE_API int flowstate_cluster_list_get(const flowstate_cluster_list* list, size_t index,
                                             flowstate_cluster_info* out) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    core::Status v =
        CheckVersion(out->version, FLOWSTATE_CLUSTER_INFO_VERSION, "flowstate_cluster_info");
    if (!v.ok()) return SetError(v);
    const cat::Cluster* c = At(list == nullptr ? nullptr : &list->rows, index);
    if (c == nullptr) return SetError(core::Status::InvalidArgument("index out of range"));
    ClusterOut(*c, out);
    return kOk;
  });
}

// ---- jobs -----------------------------------------------------------------------------------

FLOWSTATE_API int flowstate_catalog_add_job(flowstate_job_list** out, flowstate_catalog* catalog,
                                            const flowstate_job_info* job) {
  return Guard([&] {
    if (out != nullptr) *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    auto in = JobIn(job);
    if (!in.ok()) return SetError(in.status());
    return JobResult(out, catalog->impl->AddJob(*in));
  });
}

FLOWSTATE_API int flowstate_catalog_get_job(flowstate_job_list** out, flowstate_catalog* catalog,
                                            const char* ref) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    return JobResult(out, catalog->impl->GetJob(ref));
  });
}

FLOWSTATE_API int flowstate_catalog_update_job(flowstate_job_list** out, flowstate_catalog* catalog,
                                               const char* ref, const flowstate_job_info* job) {
  return Guard([&] {
    if (out != nullptr) *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    auto in = JobIn(job);
    if (!in.ok()) return SetError(in.status());
    auto old = catalog->impl->GetJob(ref);
    if (!old.ok()) return SetError(old.status());
    in->id = old->id;
    return JobResult(out, catalog->impl->UpdateJob(*in));
  });
}

FLOWSTATE_API int flowstate_catalog_move_job(flowstate_job_list** out, flowstate_catalog* catalog,
                                             const char* ref, const char* folder,
                                             const char* new_name) {
  return Guard([&] {
    if (out != nullptr) *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    if (folder == nullptr) return NullArgument("folder");
    return JobResult(out, catalog->impl->MoveJob(ref, folder, new_name == nullptr ? "" : new_name));
  });
}

FLOWSTATE_API int flowstate_catalog_remove_job(flowstate_catalog* catalog, const char* ref) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    return flowstate::capi::Return(catalog->impl->RemoveJob(ref).status());
  });
}

FLOWSTATE_API int flowstate_catalog_set_job_status(flowstate_catalog* catalog, const char* ref,
                                                   const char* status) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    if (status == nullptr) return NullArgument("status");
    return flowstate::capi::Return(catalog->impl->SetStatus(ref, status));
  });
}

FLOWSTATE_API int flowstate_catalog_set_strategy(flowstate_catalog* catalog, const char* ref,
                                                 int strategy) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    auto s = Strategy(strategy);
    if (!s.ok()) return SetError(s.status());
    return flowstate::capi::Return(catalog->impl->SetStrategy(ref, *s));
  });
}

FLOWSTATE_API int flowstate_catalog_set_once(flowstate_catalog* catalog, const char* ref,
                                             const char* path) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    return flowstate::capi::Return(path == nullptr ? catalog->impl->ClearOnce(ref).status()
                                                   : catalog->impl->SetOnce(ref, path));
  });
}

FLOWSTATE_API int flowstate_catalog_clear_once(char** dropped, flowstate_catalog* catalog,
                                               const char* ref) {
  return Guard([&] {
    if (dropped != nullptr) *dropped = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    auto r = catalog->impl->ClearOnce(ref);
    if (!r.ok()) return SetError(r.status());
    if (dropped != nullptr && r->has_value()) *dropped = CopyOut(**r);
    return kOk;
  });
}

FLOWSTATE_API int flowstate_catalog_find_jobs(flowstate_job_list** out, flowstate_catalog* catalog,
                                              const flowstate_job_query* query) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    flowstate_job_query defaults = FLOWSTATE_JOB_QUERY_INIT;
    if (query == nullptr) query = &defaults;
    core::Status v =
        CheckVersion(query->version, FLOWSTATE_JOB_QUERY_VERSION, "flowstate_job_query");
    if (!v.ok()) return SetError(v);
    cat::JobQuery q;
    q.name_contains = Str(query->name_contains);
    q.status = Str(query->status);
    q.cluster = Str(query->cluster);
    q.folder = Str(query->folder);
    q.limit = query->limit;
    auto jobs = catalog->impl->FindJobs(q);
    if (!jobs.ok()) return SetError(jobs.status());
    auto list = std::make_unique<flowstate_job_list>();
    for (cat::Job& j : *jobs) list->Add(std::move(j));
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API void flowstate_job_list_free(flowstate_job_list* list) {
  GuardVoid([&] { delete list; });
}

FLOWSTATE_API size_t flowstate_job_list_count(const flowstate_job_list* list) {
  return GuardValue<size_t>(0, [&] { return list == nullptr ? 0 : list->rows.size(); });
}

FLOWSTATE_API int flowstate_job_list_get(const flowstate_job_list* list, size_t index,
                                         flowstate_job_info* out) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    core::Status v = CheckVersion(out->version, FLOWSTATE_JOB_INFO_VERSION, "flowstate_job_info");
    if (!v.ok()) return SetError(v);
    const cat::Job* j = At(list == nullptr ? nullptr : &list->rows, index);
    if (j == nullptr) return SetError(core::Status::InvalidArgument("index out of range"));
    JobOut(*j, list->paths[index], out);
    return kOk;
  });
}

// ---- folders --------------------------------------------------------------------------------

FLOWSTATE_API int flowstate_catalog_create_folder(flowstate_catalog* catalog, const char* path) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    if (path == nullptr) return NullArgument("path");
    return flowstate::capi::Return(catalog->impl->CreateFolder(path));
  });
}

FLOWSTATE_API int flowstate_catalog_move_folder(flowstate_catalog* catalog, const char* from,
                                                const char* to) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    if (from == nullptr) return NullArgument("from");
    if (to == nullptr) return NullArgument("to");
    return flowstate::capi::Return(catalog->impl->MoveFolder(from, to));
  });
}

FLOWSTATE_API int flowstate_catalog_remove_folder(flowstate_catalog* catalog, const char* path) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    if (path == nullptr) return NullArgument("path");
    return flowstate::capi::Return(catalog->impl->RemoveFolder(path));
  });
}

FLOWSTATE_API int flowstate_catalog_list_folder(flowstate_folder_list** out_folders,
                                                flowstate_job_list** out_jobs,
                                                flowstate_catalog* catalog, const char* path) {
  return Guard([&] {
    if (out_folders != nullptr) *out_folders = nullptr;
    if (out_jobs != nullptr) *out_jobs = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (path == nullptr) return NullArgument("path");
    auto listing = catalog->impl->ListFolder(path);
    if (!listing.ok()) return SetError(listing.status());
    auto folders = std::make_unique<flowstate_folder_list>();
    folders->rows = std::move(listing->folders);
    auto jobs = std::make_unique<flowstate_job_list>();
    for (cat::Job& j : listing->jobs) jobs->Add(std::move(j));
    if (out_folders != nullptr) *out_folders = folders.release();
    if (out_jobs != nullptr) *out_jobs = jobs.release();
    return kOk;
  });
}

FLOWSTATE_API int flowstate_catalog_tree(flowstate_folder_list** out, flowstate_catalog* catalog,
                                         const char* path) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (path == nullptr) return NullArgument("path");
    auto tree = catalog->impl->Tree(path);
    if (!tree.ok()) return SetError(tree.status());
    auto list = std::make_unique<flowstate_folder_list>();
    list->rows = std::move(*tree);
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API void flowstate_folder_list_free(flowstate_folder_list* list) {
  GuardVoid([&] { delete list; });
}

FLOWSTATE_API size_t flowstate_folder_list_count(const flowstate_folder_list* list) {
  return GuardValue<size_t>(0, [&] { return list == nullptr ? 0 : list->rows.size(); });
}

FLOWSTATE_API const char* flowstate_folder_list_path(const flowstate_folder_list* list,
                                                     size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const cat::FolderEntry* f = At(list == nullptr ? nullptr : &list->rows, index);
    return f == nullptr ? nullptr : f->path.c_str();
  });
}

FLOWSTATE_API int64_t flowstate_folder_list_jobs(const flowstate_folder_list* list, size_t index) {
  return GuardValue<int64_t>(-1, [&] {
    const cat::FolderEntry* f = At(list == nullptr ? nullptr : &list->rows, index);
    return f == nullptr ? int64_t{-1} : f->jobs;
  });
}

FLOWSTATE_API int64_t flowstate_folder_list_all_jobs(const flowstate_folder_list* list,
                                                     size_t index) {
  return GuardValue<int64_t>(-1, [&] {
    const cat::FolderEntry* f = At(list == nullptr ? nullptr : &list->rows, index);
    return f == nullptr ? int64_t{-1} : f->all_jobs;
  });
}

// ---- scripts and secrets --------------------------------------------------------------------

FLOWSTATE_API int flowstate_catalog_remove_job_v2(flowstate_catalog* catalog, const char* ref,
                                                  const flowstate_secret_store* secrets,
                                                  flowstate_diagnostics* diags) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    core::Status v = CheckStore(secrets);
    if (!v.ok()) return SetError(v);
    std::optional<CallbackSecretStore> store;
    if (secrets != nullptr) store.emplace(secrets);
    auto r = catalog->impl->RemoveJob(ref, store ? &*store : nullptr);
    if (!r.ok()) return SetError(r.status());
    if (diags != nullptr) {
      for (const auto& [name, why] : r->left) {
        core::Diagnostic d{
            core::Severity::kWarning, core::Code::kUnsupported,
            core::StrCat("the value of ${secret:", name, "} is left in the secret store: ", why)};
        d.source = "secret store";
        d.path = name;
        diags->impl.Add(std::move(d));
      }
    }
    return kOk;
  });
}

FLOWSTATE_API int flowstate_secret_value_set(flowstate_secret_value* out, const char* value,
                                             size_t len) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    if (value == nullptr) return NullArgument("value");
    out->value.assign(TextArg(value, len));
    out->set = true;
    return kOk;
  });
}

FLOWSTATE_API int flowstate_catalog_save_script(flowstate_save_report** out,
                                                flowstate_catalog* catalog, const char* ref,
                                                const char* text, size_t len,
                                                const flowstate_secret_store* secrets) {
  return Guard([&] {
    if (out != nullptr) *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    if (text == nullptr) return NullArgument("text");
    core::Status v = CheckStore(secrets);
    if (!v.ok()) return SetError(v);
    std::optional<CallbackSecretStore> store;
    if (secrets != nullptr) store.emplace(secrets);
    auto report = catalog->impl->SaveScript(ref, TextArg(text, len), store ? &*store : nullptr);
    if (!report.ok()) return SetError(report.status());
    if (out == nullptr) return kOk;
    auto r = std::make_unique<flowstate_save_report>();
    r->impl = std::move(*report);
    return Give(out, std::move(r));
  });
}

FLOWSTATE_API int flowstate_catalog_resolve_script(char** out, flowstate_catalog* catalog,
                                                   const char* ref,
                                                   const flowstate_secret_store* secrets) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    if (secrets == nullptr) return NullArgument("secrets");
    core::Status v = CheckStore(secrets);
    if (!v.ok()) return SetError(v);
    CallbackSecretStore store(secrets);
    auto text = catalog->impl->ResolveScript(ref, store);
    if (!text.ok()) return SetError(text.status());
    *out = CopyOut(*text);
    return kOk;
  });
}

FLOWSTATE_API void flowstate_save_report_free(flowstate_save_report* report) {
  GuardVoid([&] { delete report; });
}

FLOWSTATE_API const char* flowstate_save_report_stored(const flowstate_save_report* report) {
  return GuardValue<const char*>(
      nullptr, [&] { return report == nullptr ? nullptr : report->impl.stored.c_str(); });
}

FLOWSTATE_API size_t flowstate_save_report_moved_count(const flowstate_save_report* report) {
  return GuardValue<size_t>(0, [&] { return report == nullptr ? 0 : report->impl.moved.size(); });
}

FLOWSTATE_API const char* flowstate_save_report_moved_name(const flowstate_save_report* report,
                                                           size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const cat::MovedSecret* m = At(report == nullptr ? nullptr : &report->impl.moved, index);
    return m == nullptr ? nullptr : m->name.c_str();
  });
}

FLOWSTATE_API const char* flowstate_save_report_moved_key(const flowstate_save_report* report,
                                                          size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const cat::MovedSecret* m = At(report == nullptr ? nullptr : &report->impl.moved, index);
    return m == nullptr ? nullptr : m->key.c_str();
  });
}

FLOWSTATE_API int64_t flowstate_save_report_moved_line(const flowstate_save_report* report,
                                                       size_t index) {
  return GuardValue<int64_t>(-1, [&] {
    const cat::MovedSecret* m = At(report == nullptr ? nullptr : &report->impl.moved, index);
    return m == nullptr ? int64_t{-1} : m->line;
  });
}

FLOWSTATE_API int64_t flowstate_save_report_moved_column(const flowstate_save_report* report,
                                                         size_t index) {
  return GuardValue<int64_t>(-1, [&] {
    const cat::MovedSecret* m = At(report == nullptr ? nullptr : &report->impl.moved, index);
    return m == nullptr ? int64_t{-1} : m->column;
  });
}

// ---- runs -----------------------------------------------------------------------------------

FLOWSTATE_API int flowstate_catalog_start_run(flowstate_run_list** out, flowstate_catalog* catalog,
                                              const char* ref, const flowstate_run_info* run) {
  return Guard([&] {
    if (out != nullptr) *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    auto in = RunIn(run);
    if (!in.ok()) return SetError(in.status());
    auto r = catalog->impl->StartRun(ref, *in);
    if (!r.ok()) return SetError(r.status());
    if (out == nullptr) return kOk;
    auto list = std::make_unique<flowstate_run_list>();
    list->rows.push_back(std::move(*r));
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API int flowstate_catalog_restart_run(flowstate_run_list** out,
                                                flowstate_catalog* catalog, const char* ref,
                                                int64_t open_run, const char* final_status,
                                                const flowstate_run_info* run) {
  return Guard([&] {
    if (out != nullptr) *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    if (final_status == nullptr) return NullArgument("final_status");
    auto in = RunIn(run);
    if (!in.ok()) return SetError(in.status());
    auto r = catalog->impl->RestartRun(ref, Opt(open_run), final_status, *in);
    if (!r.ok()) return SetError(r.status());
    if (out == nullptr) return kOk;
    auto list = std::make_unique<flowstate_run_list>();
    list->rows.push_back(std::move(*r));
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API int flowstate_catalog_set_run_job_id(flowstate_catalog* catalog, int64_t run_id,
                                                   const char* flink_job_id) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    if (flink_job_id == nullptr) return NullArgument("flink_job_id");
    return flowstate::capi::Return(catalog->impl->SetRunJobId(run_id, flink_job_id));
  });
}

FLOWSTATE_API int flowstate_catalog_end_run(flowstate_catalog* catalog, int64_t run_id,
                                            const char* final_status, int64_t ended_ms) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    if (final_status == nullptr) return NullArgument("final_status");
    return flowstate::capi::Return(catalog->impl->EndRun(run_id, final_status, Opt(ended_ms)));
  });
}

FLOWSTATE_API int flowstate_catalog_list_runs(flowstate_run_list** out, flowstate_catalog* catalog,
                                              const char* ref) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    auto runs = catalog->impl->ListRuns(ref);
    if (!runs.ok()) return SetError(runs.status());
    auto list = std::make_unique<flowstate_run_list>();
    list->rows = std::move(*runs);
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API void flowstate_run_list_free(flowstate_run_list* list) {
  GuardVoid([&] { delete list; });
}

FLOWSTATE_API size_t flowstate_run_list_count(const flowstate_run_list* list) {
  return GuardValue<size_t>(0, [&] { return list == nullptr ? 0 : list->rows.size(); });
}

FLOWSTATE_API int flowstate_run_list_get(const flowstate_run_list* list, size_t index,
                                         flowstate_run_info* out) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    core::Status v = CheckVersion(out->version, FLOWSTATE_RUN_INFO_VERSION, "flowstate_run_info");
    if (!v.ok()) return SetError(v);
    const cat::Run* r = At(list == nullptr ? nullptr : &list->rows, index);
    if (r == nullptr) return SetError(core::Status::InvalidArgument("index out of range"));
    RunOut(*r, out);
    return kOk;
  });
}

// ---- snapshot records -----------------------------------------------------------------------

FLOWSTATE_API int flowstate_catalog_add_snapshot(flowstate_record_list** out,
                                                 flowstate_catalog* catalog, const char* ref,
                                                 const flowstate_snapshot_record* record) {
  return Guard([&] {
    if (out != nullptr) *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    auto in = RecordIn(record);
    if (!in.ok()) return SetError(in.status());
    auto job = catalog->impl->GetJob(ref);
    if (!job.ok()) return SetError(job.status());
    in->job_id = job->id;
    auto r = catalog->impl->AddSnapshot(*in);
    if (!r.ok()) return SetError(r.status());
    if (out == nullptr) return kOk;
    auto list = std::make_unique<flowstate_record_list>();
    list->Add(std::move(*r));
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API int flowstate_catalog_add_snapshots(flowstate_catalog* catalog,
                                                  const flowstate_snapshot_record* records,
                                                  size_t count) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    if (count > 0 && records == nullptr) return NullArgument("records");
    std::vector<cat::SnapshotRecord> batch;
    batch.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      auto in = RecordIn(&records[i]);
      if (!in.ok()) {
        return SetError(in.status().code(),
                        core::StrCat("record ", i, ": ", in.status().message()));
      }
      batch.push_back(std::move(*in));
    }
    return flowstate::capi::Return(catalog->impl->AddSnapshots(batch));
  });
}

FLOWSTATE_API int flowstate_catalog_set_snapshot_state(flowstate_catalog* catalog, int64_t id,
                                                       int state) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    auto s = EnumArg<cat::SnapshotState>(state);
    if (!s.ok()) return SetError(s.status());
    return flowstate::capi::Return(catalog->impl->SetSnapshotState(id, *s));
  });
}

FLOWSTATE_API int flowstate_catalog_get_snapshot(flowstate_record_list** out,
                                                 flowstate_catalog* catalog, int64_t id) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    auto r = catalog->impl->GetSnapshot(id);
    if (!r.ok()) return SetError(r.status());
    auto list = std::make_unique<flowstate_record_list>();
    list->Add(std::move(*r));
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API int flowstate_catalog_find_snapshot(flowstate_record_list** out,
                                                  flowstate_catalog* catalog, const char* ref,
                                                  const char* path) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    if (path == nullptr) return NullArgument("path");
    auto r = catalog->impl->FindSnapshot(ref, path);
    if (!r.ok()) return SetError(r.status());
    auto list = std::make_unique<flowstate_record_list>();
    list->Add(std::move(*r));
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API int flowstate_catalog_remove_snapshot(flowstate_catalog* catalog, int64_t id,
                                                    flowstate_storage* storage, int delete_files) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    if (delete_files != 0 && storage == nullptr) {
      return SetError(core::Status::InvalidArgument("deleting a snapshot's files needs a storage"));
    }
    return flowstate::capi::Return(
        catalog->impl->RemoveSnapshot(id, delete_files != 0 ? storage->impl.get() : nullptr));
  });
}

FLOWSTATE_API int flowstate_catalog_list_snapshots(flowstate_record_list** out,
                                                   flowstate_catalog* catalog, const char* ref,
                                                   const int* states, size_t state_count,
                                                   int64_t limit) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    if (state_count > 0 && states == nullptr) return NullArgument("states");
    std::vector<cat::SnapshotState> wanted;
    for (size_t i = 0; i < state_count; ++i) {
      auto s = EnumArg<cat::SnapshotState>(states[i]);
      if (!s.ok()) return SetError(s.status());
      wanted.push_back(*s);
    }
    auto rows = catalog->impl->ListSnapshots(ref, wanted, limit);
    if (!rows.ok()) return SetError(rows.status());
    auto list = std::make_unique<flowstate_record_list>();
    for (cat::SnapshotRecord& r : *rows) list->Add(std::move(r));
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API void flowstate_record_list_free(flowstate_record_list* list) {
  GuardVoid([&] { delete list; });
}

FLOWSTATE_API size_t flowstate_record_list_count(const flowstate_record_list* list) {
  return GuardValue<size_t>(0, [&] { return list == nullptr ? 0 : list->rows.size(); });
}

FLOWSTATE_API int flowstate_record_list_get(const flowstate_record_list* list, size_t index,
                                            flowstate_snapshot_record* out) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    core::Status v =
        CheckVersion(out->version, FLOWSTATE_SNAPSHOT_RECORD_VERSION, "flowstate_snapshot_record");
    if (!v.ok()) return SetError(v);
    const cat::SnapshotRecord* r = At(list == nullptr ? nullptr : &list->rows, index);
    if (r == nullptr) return SetError(core::Status::InvalidArgument("index out of range"));
    RecordOut(*r, out);
    return kOk;
  });
}

FLOWSTATE_API const char* flowstate_record_list_note(const flowstate_record_list* list,
                                                     size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const std::string* n = At(list == nullptr ? nullptr : &list->notes, index);
    return n == nullptr ? nullptr : n->c_str();
  });
}

// ---- the audit log --------------------------------------------------------------------------

FLOWSTATE_API int flowstate_catalog_list_events(flowstate_event_list** out,
                                                flowstate_catalog* catalog, const char* ref,
                                                int64_t limit) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    auto events = catalog->impl->ListEvents(ref == nullptr ? "" : ref, limit);
    if (!events.ok()) return SetError(events.status());
    auto list = std::make_unique<flowstate_event_list>();
    list->rows = std::move(*events);
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API void flowstate_event_list_free(flowstate_event_list* list) {
  GuardVoid([&] { delete list; });
}

FLOWSTATE_API size_t flowstate_event_list_count(const flowstate_event_list* list) {
  return GuardValue<size_t>(0, [&] { return list == nullptr ? 0 : list->rows.size(); });
}

FLOWSTATE_API int flowstate_event_list_get(const flowstate_event_list* list, size_t index,
                                           flowstate_event_info* out) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    core::Status v =
        CheckVersion(out->version, FLOWSTATE_EVENT_INFO_VERSION, "flowstate_event_info");
    if (!v.ok()) return SetError(v);
    const cat::Event* e = At(list == nullptr ? nullptr : &list->rows, index);
    if (e == nullptr) return SetError(core::Status::InvalidArgument("index out of range"));
    out->id = e->id;
    out->at_ms = e->at_ms;
    out->job_id = OrMinus(e->job_id);
    out->run_id = OrMinus(e->run_id);
    out->job = e->job.c_str();
    out->action = e->action.c_str();
    out->actor = e->actor.c_str();
    out->outcome = e->outcome.c_str();
    out->detail = e->detail.c_str();
    return kOk;
  });
}

// ---- the restore decision -------------------------------------------------------------------

FLOWSTATE_API int flowstate_catalog_resolve_restore(flowstate_restore_decision** out,
                                                    flowstate_catalog* catalog, const char* ref,
                                                    flowstate_storage* storage,
                                                    const flowstate_restore_options* options) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    auto o = RestoreOptionsIn(options);
    if (!o.ok()) return SetError(o.status());
    if (storage == nullptr && o->verify) {
      return SetError(
          core::Status(core::Code::kInvalidArgument,
                       "checking candidates on storage needs a storage (or verify = 0)"));
    }
    auto d =
        catalog->impl->ResolveRestore(ref, storage == nullptr ? nullptr : storage->impl.get(), *o);
    if (!d.ok()) return SetError(d.status());
    auto decision = std::make_unique<flowstate_restore_decision>();
    decision->impl = std::move(*d);
    return Give(out, std::move(decision));
  });
}

FLOWSTATE_API void flowstate_restore_decision_free(flowstate_restore_decision* decision) {
  GuardVoid([&] { delete decision; });
}

FLOWSTATE_API const char* flowstate_restore_decision_path(
    const flowstate_restore_decision* decision) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    return decision == nullptr || !decision->impl.path ? nullptr : decision->impl.path->c_str();
  });
}

FLOWSTATE_API int64_t
flowstate_restore_decision_snapshot_id(const flowstate_restore_decision* decision) {
  return GuardValue<int64_t>(
      -1, [&] { return decision == nullptr ? int64_t{-1} : OrMinus(decision->impl.snapshot_id); });
}

FLOWSTATE_API const char* flowstate_restore_decision_strategy(
    const flowstate_restore_decision* decision) {
  return GuardValue<const char*>(
      nullptr, [&] { return decision == nullptr ? nullptr : decision->impl.strategy.c_str(); });
}

FLOWSTATE_API int flowstate_restore_decision_once(const flowstate_restore_decision* decision) {
  return GuardValue<int>(0, [&] { return decision != nullptr && decision->impl.once ? 1 : 0; });
}

FLOWSTATE_API size_t
flowstate_restore_decision_reason_count(const flowstate_restore_decision* decision) {
  return GuardValue<size_t>(
      0, [&] { return decision == nullptr ? 0 : decision->impl.reasons.size(); });
}

FLOWSTATE_API const char* flowstate_restore_decision_reason(
    const flowstate_restore_decision* decision, size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const std::string* r = At(decision == nullptr ? nullptr : &decision->impl.reasons, index);
    return r == nullptr ? nullptr : r->c_str();
  });
}

FLOWSTATE_API size_t
flowstate_restore_decision_candidate_count(const flowstate_restore_decision* decision) {
  return GuardValue<size_t>(
      0, [&] { return decision == nullptr ? 0 : decision->impl.candidates.size(); });
}

FLOWSTATE_API int flowstate_restore_decision_candidate(const flowstate_restore_decision* decision,
                                                       size_t index,
                                                       flowstate_restore_candidate* out) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    core::Status v = CheckVersion(out->version, FLOWSTATE_RESTORE_CANDIDATE_VERSION,
                                  "flowstate_restore_candidate");
    if (!v.ok()) return SetError(v);
    const cat::RestoreCandidate* c = Candidate(decision, index);
    if (c == nullptr) return SetError(core::Status::InvalidArgument("index out of range"));
    out->path = c->path.c_str();
    out->source = c->source.c_str();
    out->snapshot_id = OrMinus(c->snapshot_id);
    out->kind = static_cast<int>(c->kind);
    out->completion_ms = c->completion_ms;
    out->restorable = c->restorable ? 1 : 0;
    out->verdict = c->verdict.c_str();
    out->reason = c->reason.c_str();
    return kOk;
  });
}

// ---- reconciliation and retention -----------------------------------------------------------

FLOWSTATE_API int flowstate_catalog_reconcile(flowstate_reconcile_report** out,
                                              flowstate_catalog* catalog, const char* ref,
                                              flowstate_storage* storage,
                                              const flowstate_scan_options* options) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    if (storage == nullptr) return NullArgument("storage");
    auto o = flowstate::capi::ToScanOptions(options);
    if (!o.ok()) return SetError(o.status());
    auto r = catalog->impl->Reconcile(ref, *storage->impl, *o);
    if (!r.ok()) return SetError(r.status());
    auto report = std::make_unique<flowstate_reconcile_report>();
    for (cat::SnapshotRecord& s : r->added) report->added.Add(std::move(s));
    for (cat::SnapshotRecord& s : r->missing) report->missing.Add(std::move(s));
    report->unchanged = r->unchanged;
    report->problems = std::move(r->problems);
    return Give(out, std::move(report));
  });
}

FLOWSTATE_API void flowstate_reconcile_report_free(flowstate_reconcile_report* report) {
  GuardVoid([&] { delete report; });
}

FLOWSTATE_API const flowstate_record_list* flowstate_reconcile_report_added(
    const flowstate_reconcile_report* report) {
  return GuardValue<const flowstate_record_list*>(
      nullptr, [&] { return report == nullptr ? nullptr : &report->added; });
}

FLOWSTATE_API const flowstate_record_list* flowstate_reconcile_report_missing(
    const flowstate_reconcile_report* report) {
  return GuardValue<const flowstate_record_list*>(
      nullptr, [&] { return report == nullptr ? nullptr : &report->missing; });
}

FLOWSTATE_API int64_t
flowstate_reconcile_report_unchanged(const flowstate_reconcile_report* report) {
  return GuardValue<int64_t>(0, [&] { return report == nullptr ? int64_t{0} : report->unchanged; });
}

FLOWSTATE_API size_t
flowstate_reconcile_report_problem_count(const flowstate_reconcile_report* report) {
  return GuardValue<size_t>(0, [&] { return report == nullptr ? 0 : report->problems.size(); });
}

FLOWSTATE_API const char* flowstate_reconcile_report_problem(
    const flowstate_reconcile_report* report, size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const std::string* p = At(report == nullptr ? nullptr : &report->problems, index);
    return p == nullptr ? nullptr : p->c_str();
  });
}

FLOWSTATE_API int flowstate_catalog_prune(flowstate_prune_report** out, flowstate_catalog* catalog,
                                          const char* ref, flowstate_storage* storage,
                                          const flowstate_prune_options* options) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    if (storage == nullptr) return NullArgument("storage");
    flowstate_prune_options defaults = FLOWSTATE_PRUNE_OPTIONS_INIT;
    if (options == nullptr) options = &defaults;
    core::Status v =
        CheckVersion(options->version, FLOWSTATE_PRUNE_OPTIONS_VERSION, "flowstate_prune_options");
    if (!v.ok()) return SetError(v);
    cat::PruneOptions o;
    o.dry_run = options->dry_run != 0;
    o.now_ms = Opt(options->now_ms);
    auto r = catalog->impl->Prune(ref, *storage->impl, o);
    if (!r.ok()) return SetError(r.status());
    auto report = std::make_unique<flowstate_prune_report>();
    for (cat::SnapshotRecord& s : r->deleted) report->deleted.Add(std::move(s));
    for (auto& [s, why] : r->kept) report->kept.Add(std::move(s), std::move(why));
    for (auto& [s, why] : r->failed) report->failed.Add(std::move(s), std::move(why));
    return Give(out, std::move(report));
  });
}

FLOWSTATE_API void flowstate_prune_report_free(flowstate_prune_report* report) {
  GuardVoid([&] { delete report; });
}

FLOWSTATE_API const flowstate_record_list* flowstate_prune_report_deleted(
    const flowstate_prune_report* report) {
  return GuardValue<const flowstate_record_list*>(
      nullptr, [&] { return report == nullptr ? nullptr : &report->deleted; });
}

FLOWSTATE_API const flowstate_record_list* flowstate_prune_report_kept(
    const flowstate_prune_report* report) {
  return GuardValue<const flowstate_record_list*>(
      nullptr, [&] { return report == nullptr ? nullptr : &report->kept; });
}

FLOWSTATE_API const flowstate_record_list* flowstate_prune_report_failed(
    const flowstate_prune_report* report) {
  return GuardValue<const flowstate_record_list*>(
      nullptr, [&] { return report == nullptr ? nullptr : &report->failed; });
}
