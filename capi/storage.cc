// C ABI: storage (include/flowstate/storage.h).
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "capi/capi.h"
#include "capi/storage_handle.h"
#include "common/strings.h"
#include "flowstate/unstable.h"
#include "storage/layout.h"
#include "storage/metadata_header.h"
#include "storage/metadata_reader.h"
#include "storage/storage.h"

namespace core = flowstate::core;
namespace st = flowstate::core::storage;
using flowstate::capi::CheckVersion;
using flowstate::capi::CopyOut;
using flowstate::capi::EnumArg;
using flowstate::capi::Guard;
using flowstate::capi::GuardValue;
using flowstate::capi::GuardVoid;
using flowstate::capi::kOk;
using flowstate::capi::NullArgument;
using flowstate::capi::Return;
using flowstate::capi::SetError;
using flowstate::capi::ToScanOptions;
using flowstate::capi::UnknownEnumValue;

struct flowstate_storage_config {
  st::StorageConfig impl;
};

struct flowstate_file_list {
  std::vector<st::FileStatus> entries;
};

struct flowstate_snapshot_list {
  struct Row {
    st::Snapshot s;
    std::string location, min_flink;
  };
  const Row* row(size_t i) const { return i < rows.size() ? &rows[i] : nullptr; }
  struct Job {
    st::JobDirectory j;
    std::string location;
  };
  std::vector<Row> rows;
  std::vector<Job> jobs;
  int64_t chosen = -1;
  uint64_t candidates = 0, listings = 0, header_reads = 0;
};

struct flowstate_metadata {
  bool parsed = false;
  st::SnapshotMetadata m;
  std::vector<std::string> locations;  // resolved file locations ("" when parsed from bytes)
  std::string kind, format;
};

struct flowstate_match_list {
  struct Row {
    std::string job_id, job_location, snapshot_location;
    st::OperatorMatch match;
  };
  std::vector<Row> rows;
};

namespace {

const st::MetadataOperator* Op(const flowstate_metadata* m, size_t i) {
  return m != nullptr && i < m->m.operators.size() ? &m->m.operators[i] : nullptr;
}
const st::MetadataFile* FileAt(const flowstate_metadata* m, size_t i) {
  return m != nullptr && i < m->m.files.size() ? &m->m.files[i] : nullptr;
}
const flowstate_match_list::Row* MatchRow(const flowstate_match_list* l, size_t i) {
  return l != nullptr && i < l->rows.size() ? &l->rows[i] : nullptr;
}
const st::FileProblem* Problem(const flowstate_snapshot_list* l, size_t i, size_t p) {
  const auto* r = l == nullptr ? nullptr : l->row(i);
  return r != nullptr && p < r->s.problems.size() ? &r->s.problems[p] : nullptr;
}

core::Result<st::Location> ParseUri(const flowstate_storage* s, const char* uri) {
  if (uri == nullptr) return core::Status::InvalidArgument("uri must not be NULL");
  return s->impl->Parse(uri);
}

core::Result<st::Resolved> ResolveUri(flowstate_storage* s, const char* uri) {
  FS_ASSIGN_OR_RETURN(st::Location loc, ParseUri(s, uri));
  return s->impl->Resolve(loc);
}

const flowstate_snapshot_list::Row* Row(const flowstate_snapshot_list* l, size_t i) {
  return l != nullptr && i < l->rows.size() ? &l->rows[i] : nullptr;
}

const flowstate_snapshot_list::Job* JobRow(const flowstate_snapshot_list* l, size_t i) {
  return l != nullptr && i < l->jobs.size() ? &l->jobs[i] : nullptr;
}

core::Result<std::vector<st::Location>> Roots(const flowstate_storage* s, const char* const* roots,
                                              size_t n) {
  if (n == 0) return core::Status::InvalidArgument("at least one location is needed");
  if (roots == nullptr) return core::Status::InvalidArgument("roots must not be NULL");
  std::vector<st::Location> out;
  for (size_t i = 0; i < n; ++i) {
    FS_ASSIGN_OR_RETURN(st::Location loc, ParseUri(s, roots[i]));
    out.push_back(std::move(loc));
  }
  return out;
}

void AddRow(flowstate_snapshot_list* l, st::Snapshot s) {
  flowstate_snapshot_list::Row r;
  r.location = s.location.ToString();
  if (s.min_flink) r.min_flink = s.min_flink->ToString();
  r.s = std::move(s);
  l->rows.push_back(std::move(r));
}

}  // namespace

core::ProgressFn flowstate::capi::ToProgress(flowstate_progress_fn fn, void* user) {
  if (fn == nullptr) return {};
  return [fn, user](std::string_view phase, uint64_t done, uint64_t total) {
    std::string p(phase);
    return fn(user, p.c_str(), done, total) == 0;
  };
}

core::Result<st::ScanOptions> flowstate::capi::ToScanOptions(const flowstate_scan_options* o) {
  st::ScanOptions out;
  flowstate_scan_options defaults = FLOWSTATE_SCAN_OPTIONS_INIT;
  if (o == nullptr) o = &defaults;
  FS_RETURN_IF_ERROR(
      CheckVersion(o->version, FLOWSTATE_SCAN_OPTIONS_VERSION, "flowstate_scan_options"));
  // Version 1 has no verify_level: it gets the default.
  if (o->version >= 2) {
    FS_ASSIGN_OR_RETURN(out.level, EnumArg<st::VerifyLevel>(o->verify_level));
  }
  if (o->job_id_count > 0 && o->job_ids == nullptr)
    return core::Status::InvalidArgument("job_ids must not be NULL");
  for (size_t i = 0; i < o->job_id_count; ++i) {
    if (o->job_ids[i] == nullptr) return core::Status::InvalidArgument("a job id is NULL");
    if (!st::IsJobId(o->job_ids[i])) {
      return core::Status::InvalidArgument(core::StrCat(
          "not a Flink job id (32 lower-case hex digits): ", core::Quote(o->job_ids[i])));
    }
    out.job_ids.emplace_back(o->job_ids[i]);
  }
  out.include_savepoints = o->include_savepoints != 0;
  if (o->flink_version != nullptr) {
    FS_ASSIGN_OR_RETURN(out.target, core::FlinkVersion::Parse(o->flink_version));
  }
  out.context.deadline = core::Deadline::FromTimeoutMs(o->timeout_ms);
  if (o->cancel != nullptr) out.context.cancel = o->cancel->impl;
  out.context.progress = ToProgress(o->progress, o->progress_user_data);
  return out;
}

extern "C" {

FLOWSTATE_API int flowstate_storage_config_new(flowstate_storage_config** out) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = new flowstate_storage_config();
    return kOk;
  });
}

FLOWSTATE_API void flowstate_storage_config_free(flowstate_storage_config* config) {
  GuardVoid([&] { delete config; });
}

FLOWSTATE_API int flowstate_storage_config_add_mount(flowstate_storage_config* config,
                                                     const char* flink_prefix,
                                                     const char* host_path) {
  return Guard([&] {
    if (config == nullptr) return NullArgument("config");
    if (flink_prefix == nullptr) return NullArgument("flink_prefix");
    if (host_path == nullptr) return NullArgument("host_path");
    return Return(config->impl.AddMount(flink_prefix, host_path));
  });
}

FLOWSTATE_API int flowstate_storage_config_set_default_nameservice(flowstate_storage_config* config,
                                                                   const char* nameservice) {
  return Guard([&] {
    if (config == nullptr) return NullArgument("config");
    config->impl.default_nameservice = nameservice == nullptr ? "" : nameservice;
    return kOk;
  });
}

FLOWSTATE_API int flowstate_storage_config_add_webhdfs(flowstate_storage_config* config,
                                                       const char* name,
                                                       const flowstate_webhdfs_options* o) {
  return Guard([&] {
    if (config == nullptr) return NullArgument("config");
    if (name == nullptr) return NullArgument("name");
    if (o == nullptr) return NullArgument("options");
    core::Status v =
        CheckVersion(o->version, FLOWSTATE_WEBHDFS_OPTIONS_VERSION, "flowstate_webhdfs_options");
    if (!v.ok()) return SetError(v);
    if (o->url == nullptr) return NullArgument("options->url");
    st::WebHdfsEndpoint e;
    e.base_url = o->url;
    auto str = [](const char* s) { return s == nullptr ? std::string() : std::string(s); };
    e.user = str(o->user);
    e.doas = str(o->doas);
    e.delegation_token = str(o->delegation_token);
    e.kerberos = o->kerberos != 0;
    e.verify_tls = o->verify_tls != 0;
    e.ca_file = str(o->ca_file);
    e.client_cert = str(o->client_cert);
    e.client_key = str(o->client_key);
    e.connect_timeout_ms = o->connect_timeout_ms;
    e.timeout_ms = o->timeout_ms;
    e.retries = o->retries;
    e.retry_backoff_ms = o->retry_backoff_ms;
    return Return(config->impl.AddWebHdfs(name, std::move(e)));
  });
}

FLOWSTATE_API int flowstate_storage_new(flowstate_storage** out,
                                        const flowstate_storage_config* config) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    auto created = st::Storage::Create(config == nullptr ? st::StorageConfig() : config->impl);
    if (!created.ok()) return SetError(created.status());
    *out = new flowstate_storage{std::move(created).value()};
    return kOk;
  });
}

FLOWSTATE_API void flowstate_storage_free(flowstate_storage* storage) {
  GuardVoid([&] { delete storage; });
}

FLOWSTATE_API int flowstate_storage_normalize(char** out, const flowstate_storage* storage,
                                              const char* uri) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (storage == nullptr) return NullArgument("storage");
    auto loc = ParseUri(storage, uri);
    if (!loc.ok()) return SetError(loc.status());
    *out = CopyOut(loc->ToString());
    return kOk;
  });
}

FLOWSTATE_API int flowstate_storage_resolve(char** out_kind, char** out_path,
                                            flowstate_storage* storage, const char* uri) {
  return Guard([&] {
    if (out_kind == nullptr) return NullArgument("out_kind");
    if (out_path == nullptr) return NullArgument("out_path");
    *out_kind = *out_path = nullptr;
    if (storage == nullptr) return NullArgument("storage");
    auto r = ResolveUri(storage, uri);
    if (!r.ok()) return SetError(r.status());
    std::unique_ptr<char, decltype(&std::free)> kind(CopyOut(r->fs->kind()), &std::free);
    *out_path = CopyOut(r->path);
    *out_kind = kind.release();
    return kOk;
  });
}

FLOWSTATE_API uint64_t flowstate_storage_webhdfs_requests(flowstate_storage* storage) {
  return GuardValue<uint64_t>(
      0, [&] { return storage == nullptr ? 0 : storage->impl->webhdfs_requests(); });
}

FLOWSTATE_API int flowstate_storage_stat(flowstate_file_list** out, flowstate_storage* storage,
                                         const char* uri) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (storage == nullptr) return NullArgument("storage");
    auto r = ResolveUri(storage, uri);
    if (!r.ok()) return SetError(r.status());
    auto s = r->fs->Stat(r->path);
    if (!s.ok()) return SetError(s.status());
    *out = new flowstate_file_list{{std::move(s).value()}};
    return kOk;
  });
}

FLOWSTATE_API int flowstate_storage_list(flowstate_file_list** out, flowstate_storage* storage,
                                         const char* uri) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (storage == nullptr) return NullArgument("storage");
    auto r = ResolveUri(storage, uri);
    if (!r.ok()) return SetError(r.status());
    auto all = r->fs->ListAll(r->path);
    if (!all.ok()) return SetError(all.status());
    *out = new flowstate_file_list{std::move(all).value()};
    return kOk;
  });
}

FLOWSTATE_API void flowstate_file_list_free(flowstate_file_list* list) {
  GuardVoid([&] { delete list; });
}

FLOWSTATE_API size_t flowstate_file_list_count(const flowstate_file_list* list) {
  return GuardValue<size_t>(0, [&] { return list == nullptr ? 0 : list->entries.size(); });
}

FLOWSTATE_API const char* flowstate_file_list_name(const flowstate_file_list* list, size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    return list != nullptr && index < list->entries.size() ? list->entries[index].name.c_str()
                                                           : nullptr;
  });
}

FLOWSTATE_API int flowstate_file_list_type(const flowstate_file_list* list, size_t index) {
  return GuardValue(-1, [&] {
    return list != nullptr && index < list->entries.size()
               ? static_cast<int>(list->entries[index].type)
               : -1;
  });
}

FLOWSTATE_API uint64_t flowstate_file_list_size(const flowstate_file_list* list, size_t index) {
  return GuardValue<uint64_t>(0, [&] {
    return list != nullptr && index < list->entries.size() ? list->entries[index].size : 0;
  });
}

FLOWSTATE_API int64_t flowstate_file_list_mtime_ms(const flowstate_file_list* list, size_t index) {
  return GuardValue<int64_t>(-1, [&] {
    return list != nullptr && index < list->entries.size() ? list->entries[index].mtime_ms
                                                           : int64_t{-1};
  });
}

FLOWSTATE_API int flowstate_storage_read(char** out, size_t* out_len, flowstate_storage* storage,
                                         const char* uri, uint64_t offset, uint64_t length) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    if (out_len == nullptr) return NullArgument("out_len");
    *out = nullptr;
    *out_len = 0;
    if (storage == nullptr) return NullArgument("storage");
    auto r = ResolveUri(storage, uri);
    if (!r.ok()) return SetError(r.status());
    auto data = r->fs->Read(r->path, offset, length);
    if (!data.ok()) return SetError(data.status());
    *out = CopyOut(*data);
    *out_len = data->size();
    return kOk;
  });
}

FLOWSTATE_API int flowstate_storage_write(flowstate_storage* storage, const char* uri,
                                          const char* data, size_t len, int overwrite) {
  return Guard([&] {
    if (storage == nullptr) return NullArgument("storage");
    if (data == nullptr && len > 0) return NullArgument("data");
    auto r = ResolveUri(storage, uri);
    if (!r.ok()) return SetError(r.status());
    return Return(r->fs->WriteAtomic(r->path, std::string_view(data == nullptr ? "" : data, len),
                                     overwrite != 0));
  });
}

FLOWSTATE_API int flowstate_storage_mkdirs(flowstate_storage* storage, const char* uri) {
  return Guard([&] {
    if (storage == nullptr) return NullArgument("storage");
    auto r = ResolveUri(storage, uri);
    if (!r.ok()) return SetError(r.status());
    return Return(r->fs->Mkdirs(r->path));
  });
}

FLOWSTATE_API int flowstate_storage_rename(flowstate_storage* storage, const char* from_uri,
                                           const char* to_uri) {
  return Guard([&] {
    if (storage == nullptr) return NullArgument("storage");
    auto from = ResolveUri(storage, from_uri);
    if (!from.ok()) return SetError(from.status());
    auto to = ResolveUri(storage, to_uri);
    if (!to.ok()) return SetError(to.status());
    if (from->fs != to->fs) {
      return SetError(core::Code::kInvalidArgument, "rename works within one file system only");
    }
    return Return(from->fs->Rename(from->path, to->path));
  });
}

FLOWSTATE_API int flowstate_storage_delete(flowstate_storage* storage, const char* uri) {
  return Guard([&] {
    if (storage == nullptr) return NullArgument("storage");
    auto r = ResolveUri(storage, uri);
    if (!r.ok()) return SetError(r.status());
    return Return(r->fs->DeleteRecursive(r->path));
  });
}

FLOWSTATE_API int flowstate_storage_list_snapshots(flowstate_snapshot_list** out,
                                                   flowstate_storage* storage,
                                                   const char* const* roots, size_t root_count,
                                                   const flowstate_scan_options* options,
                                                   flowstate_diagnostics* diags) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (storage == nullptr) return NullArgument("storage");
    auto o = ToScanOptions(options);
    if (!o.ok()) return SetError(o.status());
    auto locs = Roots(storage, roots, root_count);
    if (!locs.ok()) return SetError(locs.status());
    auto result = st::ListSnapshots(*storage->impl, *locs, *o);
    if (!result.ok()) return SetError(result.status());
    if (diags != nullptr) diags->impl.Append(result->problems);
    auto list = std::make_unique<flowstate_snapshot_list>();
    for (st::Snapshot& s : result->snapshots) AddRow(list.get(), std::move(s));
    for (st::JobDirectory& j : result->jobs) {
      list->jobs.push_back({j, j.location.ToString()});
    }
    list->candidates = list->rows.size();
    list->listings = result->stats.listings;
    list->header_reads = result->stats.header_reads;
    *out = list.release();
    return kOk;
  });
}

FLOWSTATE_API int flowstate_storage_find_latest(flowstate_snapshot_list** out,
                                                flowstate_storage* storage,
                                                const char* const* roots, size_t root_count,
                                                const flowstate_scan_options* options,
                                                flowstate_diagnostics* diags) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (storage == nullptr) return NullArgument("storage");
    auto o = ToScanOptions(options);
    if (!o.ok()) return SetError(o.status());
    auto locs = Roots(storage, roots, root_count);
    if (!locs.ok()) return SetError(locs.status());
    auto result = st::FindLatest(*storage->impl, *locs, *o);
    if (!result.ok()) return SetError(result.status());
    if (diags != nullptr) diags->impl.Append(result->problems);
    auto list = std::make_unique<flowstate_snapshot_list>();
    for (st::Snapshot& s : result->examined) AddRow(list.get(), std::move(s));
    list->chosen = result->chosen ? static_cast<int64_t>(*result->chosen) : -1;
    list->candidates = result->candidates;
    list->listings = result->stats.listings;
    list->header_reads = result->stats.header_reads;
    *out = list.release();
    return kOk;
  });
}

FLOWSTATE_API void flowstate_snapshot_list_free(flowstate_snapshot_list* list) {
  GuardVoid([&] { delete list; });
}

FLOWSTATE_API size_t flowstate_snapshot_list_count(const flowstate_snapshot_list* list) {
  return GuardValue<size_t>(0, [&] { return list == nullptr ? 0 : list->rows.size(); });
}

FLOWSTATE_API int64_t flowstate_snapshot_list_chosen(const flowstate_snapshot_list* list) {
  return GuardValue<int64_t>(-1, [&] { return list == nullptr ? int64_t{-1} : list->chosen; });
}

FLOWSTATE_API uint64_t flowstate_snapshot_list_candidates(const flowstate_snapshot_list* list) {
  return GuardValue<uint64_t>(0, [&] { return list == nullptr ? 0 : list->candidates; });
}

FLOWSTATE_API uint64_t flowstate_snapshot_list_listings(const flowstate_snapshot_list* list) {
  return GuardValue<uint64_t>(0, [&] { return list == nullptr ? 0 : list->listings; });
}

FLOWSTATE_API uint64_t flowstate_snapshot_list_header_reads(const flowstate_snapshot_list* list) {
  return GuardValue<uint64_t>(0, [&] { return list == nullptr ? 0 : list->header_reads; });
}

FLOWSTATE_API int flowstate_snapshot_kind(const flowstate_snapshot_list* list, size_t index) {
  return GuardValue<int>(-1, [&]() -> int {
    const auto* r = Row(list, index);
    return r == nullptr ? -1 : (static_cast<int>(r->s.kind));
  });
}

FLOWSTATE_API const char* flowstate_snapshot_location(const flowstate_snapshot_list* list,
                                                      size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = Row(list, index);
    return r == nullptr ? nullptr : (r->location.c_str());
  });
}

FLOWSTATE_API const char* flowstate_snapshot_job_id(const flowstate_snapshot_list* list,
                                                    size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = Row(list, index);
    return r == nullptr ? nullptr : (r->s.job_id.c_str());
  });
}

FLOWSTATE_API int64_t flowstate_snapshot_directory_id(const flowstate_snapshot_list* list,
                                                      size_t index) {
  return GuardValue<int64_t>(-1, [&]() -> int64_t {
    const auto* r = Row(list, index);
    return r == nullptr ? -1 : (r->s.directory_id);
  });
}

FLOWSTATE_API int64_t flowstate_snapshot_checkpoint_id(const flowstate_snapshot_list* list,
                                                       size_t index) {
  return GuardValue<int64_t>(-1, [&]() -> int64_t {
    const auto* r = Row(list, index);
    return r == nullptr ? -1 : (r->s.checkpoint_id);
  });
}

FLOWSTATE_API int flowstate_snapshot_verdict(const flowstate_snapshot_list* list, size_t index) {
  return GuardValue<int>(-1, [&]() -> int {
    const auto* r = Row(list, index);
    return r == nullptr ? -1 : (static_cast<int>(r->s.verdict));
  });
}

FLOWSTATE_API const char* flowstate_snapshot_reason(const flowstate_snapshot_list* list,
                                                    size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = Row(list, index);
    return r == nullptr ? nullptr : (r->s.reason.c_str());
  });
}

FLOWSTATE_API int flowstate_snapshot_level(const flowstate_snapshot_list* list, size_t index) {
  return GuardValue<int>(0, [&]() -> int {
    const auto* r = Row(list, index);
    return r == nullptr ? 0 : (static_cast<int>(r->s.level));
  });
}

FLOWSTATE_API int flowstate_snapshot_format_version(const flowstate_snapshot_list* list,
                                                    size_t index) {
  return GuardValue<int>(0, [&]() -> int {
    const auto* r = Row(list, index);
    return r == nullptr ? 0 : (r->s.format_version);
  });
}

FLOWSTATE_API const char* flowstate_snapshot_min_flink(const flowstate_snapshot_list* list,
                                                       size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = Row(list, index);
    return r == nullptr ? nullptr : (r->min_flink.empty() ? nullptr : r->min_flink.c_str());
  });
}

FLOWSTATE_API int flowstate_snapshot_restorable(const flowstate_snapshot_list* list, size_t index) {
  return GuardValue<int>(0, [&]() -> int {
    const auto* r = Row(list, index);
    return r == nullptr ? 0 : (r->s.restorable() ? 1 : 0);
  });
}

FLOWSTATE_API const char* flowstate_snapshot_target_reason(const flowstate_snapshot_list* list,
                                                           size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = Row(list, index);
    return r == nullptr ? nullptr : (r->s.target_reason.c_str());
  });
}

FLOWSTATE_API int64_t flowstate_snapshot_completion_time_ms(const flowstate_snapshot_list* list,
                                                            size_t index) {
  return GuardValue<int64_t>(-1, [&]() -> int64_t {
    const auto* r = Row(list, index);
    return r == nullptr ? -1 : (r->s.completion_time_ms);
  });
}

FLOWSTATE_API int flowstate_snapshot_completion_from_metadata(const flowstate_snapshot_list* list,
                                                              size_t index) {
  return GuardValue<int>(0, [&]() -> int {
    const auto* r = Row(list, index);
    return r == nullptr ? 0 : (r->s.completion_from_metadata ? 1 : 0);
  });
}

FLOWSTATE_API uint64_t flowstate_snapshot_metadata_size(const flowstate_snapshot_list* list,
                                                        size_t index) {
  return GuardValue<uint64_t>(0, [&]() -> uint64_t {
    const auto* r = Row(list, index);
    return r == nullptr ? 0 : (r->s.metadata_size);
  });
}

FLOWSTATE_API uint64_t flowstate_snapshot_exclusive_bytes(const flowstate_snapshot_list* list,
                                                          size_t index) {
  return GuardValue<uint64_t>(0, [&]() -> uint64_t {
    const auto* r = Row(list, index);
    return r == nullptr ? 0 : (r->s.exclusive_bytes);
  });
}

FLOWSTATE_API uint64_t flowstate_snapshot_file_count(const flowstate_snapshot_list* list,
                                                     size_t index) {
  return GuardValue<uint64_t>(0, [&]() -> uint64_t {
    const auto* r = Row(list, index);
    return r == nullptr ? 0 : (r->s.file_count);
  });
}

FLOWSTATE_API size_t flowstate_snapshot_list_job_count(const flowstate_snapshot_list* list) {
  return GuardValue<size_t>(0, [&] { return list == nullptr ? 0 : list->jobs.size(); });
}

FLOWSTATE_API const char* flowstate_snapshot_list_job_location(const flowstate_snapshot_list* list,
                                                               size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* j = JobRow(list, index);
    return j ? j->location.c_str() : nullptr;
  });
}

FLOWSTATE_API const char* flowstate_snapshot_list_job_id(const flowstate_snapshot_list* list,
                                                         size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* j = JobRow(list, index);
    return j ? j->j.job_id.c_str() : nullptr;
  });
}

FLOWSTATE_API uint64_t flowstate_snapshot_list_job_checkpoints(const flowstate_snapshot_list* list,
                                                               size_t index) {
  return GuardValue<uint64_t>(0, [&] {
    const auto* j = JobRow(list, index);
    return j ? j->j.checkpoints : 0;
  });
}

FLOWSTATE_API uint64_t flowstate_snapshot_list_job_shared_bytes(const flowstate_snapshot_list* list,
                                                                size_t index) {
  return GuardValue<uint64_t>(0, [&] {
    const auto* j = JobRow(list, index);
    return j ? j->j.shared_bytes : 0;
  });
}

FLOWSTATE_API uint64_t
flowstate_snapshot_list_job_taskowned_bytes(const flowstate_snapshot_list* list, size_t index) {
  return GuardValue<uint64_t>(0, [&] {
    const auto* j = JobRow(list, index);
    return j ? j->j.taskowned_bytes : 0;
  });
}

FLOWSTATE_API int flowstate_metadata_check_header(int* out_version, int64_t* out_checkpoint_id,
                                                  const char* bytes, size_t len) {
  return Guard([&] {
    if (out_version == nullptr) return NullArgument("out_version");
    if (out_checkpoint_id == nullptr) return NullArgument("out_checkpoint_id");
    if (bytes == nullptr && len > 0) return NullArgument("bytes");
    st::HeaderCheck c =
        st::CheckMetadataHeader(std::string_view(bytes == nullptr ? "" : bytes, len));
    if (!c.header) return SetError(core::Code::kCorrupt, c.problem);
    *out_version = c.header->version;
    *out_checkpoint_id = c.header->checkpoint_id;
    return kOk;
  });
}

FLOWSTATE_API int flowstate_snapshot_operator_count(const flowstate_snapshot_list* list,
                                                    size_t index) {
  return GuardValue<int>(-1, [&]() -> int {
    const auto* r = Row(list, index);
    return r == nullptr ? -1 : r->s.operator_count;
  });
}

FLOWSTATE_API uint64_t flowstate_snapshot_referenced_files(const flowstate_snapshot_list* list,
                                                           size_t index) {
  return GuardValue<uint64_t>(0, [&]() -> uint64_t {
    const auto* r = Row(list, index);
    return r == nullptr ? 0 : r->s.referenced_files;
  });
}

FLOWSTATE_API uint64_t flowstate_snapshot_referenced_bytes(const flowstate_snapshot_list* list,
                                                           size_t index) {
  return GuardValue<uint64_t>(0, [&]() -> uint64_t {
    const auto* r = Row(list, index);
    return r == nullptr ? 0 : r->s.referenced_bytes;
  });
}

FLOWSTATE_API uint64_t flowstate_snapshot_inline_bytes(const flowstate_snapshot_list* list,
                                                       size_t index) {
  return GuardValue<uint64_t>(0, [&]() -> uint64_t {
    const auto* r = Row(list, index);
    return r == nullptr ? 0 : r->s.inline_bytes;
  });
}

FLOWSTATE_API const char* flowstate_snapshot_metadata_kind(const flowstate_snapshot_list* list,
                                                           size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = Row(list, index);
    return r == nullptr ? nullptr : r->s.metadata_kind.c_str();
  });
}

FLOWSTATE_API const char* flowstate_snapshot_savepoint_format(const flowstate_snapshot_list* list,
                                                              size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = Row(list, index);
    return r == nullptr ? nullptr : r->s.savepoint_format.c_str();
  });
}

FLOWSTATE_API size_t flowstate_snapshot_problem_count(const flowstate_snapshot_list* list,
                                                      size_t index) {
  return GuardValue<size_t>(0, [&]() -> size_t {
    const auto* r = Row(list, index);
    return r == nullptr ? 0 : r->s.problems.size();
  });
}

FLOWSTATE_API const char* flowstate_snapshot_problem_location(const flowstate_snapshot_list* list,
                                                              size_t index, size_t problem) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* p = Problem(list, index, problem);
    return p == nullptr ? nullptr : p->location.c_str();
  });
}

FLOWSTATE_API int64_t flowstate_snapshot_problem_expected(const flowstate_snapshot_list* list,
                                                          size_t index, size_t problem) {
  return GuardValue<int64_t>(-1, [&]() -> int64_t {
    const auto* p = Problem(list, index, problem);
    return p == nullptr ? -1 : p->expected;
  });
}

FLOWSTATE_API int64_t flowstate_snapshot_problem_found(const flowstate_snapshot_list* list,
                                                       size_t index, size_t problem) {
  return GuardValue<int64_t>(-1, [&]() -> int64_t {
    const auto* p = Problem(list, index, problem);
    return p == nullptr ? -1 : p->found;
  });
}

FLOWSTATE_API const char* flowstate_snapshot_problem_message(const flowstate_snapshot_list* list,
                                                             size_t index, size_t problem) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* p = Problem(list, index, problem);
    return p == nullptr ? nullptr : p->message.c_str();
  });
}

FLOWSTATE_API int flowstate_metadata_parse(flowstate_metadata** out, const char* bytes,
                                           size_t len) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (bytes == nullptr && len > 0) return NullArgument("bytes");
    auto parsed = st::ReadMetadata(std::string_view(bytes == nullptr ? "" : bytes, len));
    if (!parsed.ok()) return SetError(parsed.status());
    auto m = std::make_unique<flowstate_metadata>();
    m->parsed = true;
    m->m = std::move(parsed).value();
    m->locations.assign(m->m.files.size(), "");
    m->kind = m->m.Kind();
    m->format = m->m.Format();
    *out = m.release();
    return kOk;
  });
}

FLOWSTATE_API int flowstate_storage_inspect(flowstate_metadata** out_metadata,
                                            flowstate_snapshot_list** out_snapshot,
                                            flowstate_storage* storage, const char* uri,
                                            const flowstate_scan_options* options) {
  return Guard([&] {
    if (out_metadata != nullptr) *out_metadata = nullptr;
    if (out_snapshot != nullptr) *out_snapshot = nullptr;
    if (storage == nullptr) return NullArgument("storage");
    auto o = ToScanOptions(options);
    if (!o.ok()) return SetError(o.status());
    auto loc = ParseUri(storage, uri);
    if (!loc.ok()) return SetError(loc.status());
    auto inspected = st::InspectSnapshot(*storage->impl, *loc, *o);
    if (!inspected.ok()) return SetError(inspected.status());
    if (out_metadata != nullptr) {
      auto m = std::make_unique<flowstate_metadata>();
      m->parsed = inspected->parsed;
      m->m = std::move(inspected->metadata);
      for (const st::Location& l : inspected->files) m->locations.push_back(l.ToString());
      m->locations.resize(m->m.files.size());
      m->kind = m->m.Kind();
      m->format = m->m.Format();
      *out_metadata = m.release();
    }
    if (out_snapshot != nullptr) {
      auto list = std::make_unique<flowstate_snapshot_list>();
      AddRow(list.get(), std::move(inspected->snapshot));
      list->candidates = 1;
      list->chosen = list->rows[0].s.restorable() ? 0 : -1;
      list->listings = inspected->stats.listings;
      list->header_reads = inspected->stats.header_reads;
      *out_snapshot = list.release();
    }
    return kOk;
  });
}

FLOWSTATE_API void flowstate_metadata_free(flowstate_metadata* metadata) {
  GuardVoid([&] { delete metadata; });
}

FLOWSTATE_API int flowstate_metadata_parsed(const flowstate_metadata* metadata) {
  return GuardValue<int>(0, [&] { return metadata != nullptr && metadata->parsed ? 1 : 0; });
}

FLOWSTATE_API int flowstate_metadata_version(const flowstate_metadata* metadata) {
  return GuardValue<int>(0, [&] { return metadata == nullptr ? 0 : metadata->m.version; });
}

FLOWSTATE_API int64_t flowstate_metadata_checkpoint_id(const flowstate_metadata* metadata) {
  return GuardValue<int64_t>(
      -1, [&]() -> int64_t { return metadata == nullptr ? -1 : metadata->m.checkpoint_id; });
}

FLOWSTATE_API uint64_t flowstate_metadata_size(const flowstate_metadata* metadata) {
  return GuardValue<uint64_t>(
      0, [&]() -> uint64_t { return metadata == nullptr ? 0 : metadata->m.size; });
}

FLOWSTATE_API const char* flowstate_metadata_kind(const flowstate_metadata* metadata) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    return metadata == nullptr ? nullptr : metadata->kind.c_str();
  });
}

FLOWSTATE_API const char* flowstate_metadata_format(const flowstate_metadata* metadata) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    return metadata == nullptr ? nullptr : metadata->format.c_str();
  });
}

FLOWSTATE_API const char* flowstate_metadata_type_name(const flowstate_metadata* metadata) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    return metadata == nullptr ? nullptr : metadata->m.properties.type_name.c_str();
  });
}

FLOWSTATE_API uint32_t flowstate_metadata_master_states(const flowstate_metadata* metadata) {
  return GuardValue<uint32_t>(
      0, [&]() -> uint32_t { return metadata == nullptr ? 0 : metadata->m.master_states; });
}

FLOWSTATE_API uint64_t flowstate_metadata_inline_bytes(const flowstate_metadata* metadata) {
  return GuardValue<uint64_t>(
      0, [&]() -> uint64_t { return metadata == nullptr ? 0 : metadata->m.inline_bytes; });
}

FLOWSTATE_API uint64_t flowstate_metadata_inline_handles(const flowstate_metadata* metadata) {
  return GuardValue<uint64_t>(
      0, [&]() -> uint64_t { return metadata == nullptr ? 0 : metadata->m.inline_handles; });
}

FLOWSTATE_API size_t flowstate_metadata_operator_count(const flowstate_metadata* metadata) {
  return GuardValue<size_t>(
      0, [&]() -> size_t { return metadata == nullptr ? 0 : metadata->m.operators.size(); });
}

FLOWSTATE_API const char* flowstate_metadata_operator_id(const flowstate_metadata* metadata,
                                                         size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* o = Op(metadata, index);
    return o == nullptr ? nullptr : o->id.c_str();
  });
}

FLOWSTATE_API const char* flowstate_metadata_operator_name(const flowstate_metadata* metadata,
                                                           size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* o = Op(metadata, index);
    return o == nullptr ? nullptr : o->name.c_str();
  });
}

FLOWSTATE_API const char* flowstate_metadata_operator_uid(const flowstate_metadata* metadata,
                                                          size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* o = Op(metadata, index);
    return o == nullptr ? nullptr : o->uid.c_str();
  });
}

FLOWSTATE_API int32_t flowstate_metadata_operator_parallelism(const flowstate_metadata* metadata,
                                                              size_t index) {
  return GuardValue<int32_t>(0, [&]() -> int32_t {
    const auto* o = Op(metadata, index);
    return o == nullptr ? 0 : o->parallelism;
  });
}

FLOWSTATE_API int32_t
flowstate_metadata_operator_max_parallelism(const flowstate_metadata* metadata, size_t index) {
  return GuardValue<int32_t>(0, [&]() -> int32_t {
    const auto* o = Op(metadata, index);
    return o == nullptr ? 0 : o->max_parallelism;
  });
}

FLOWSTATE_API uint32_t flowstate_metadata_operator_subtasks(const flowstate_metadata* metadata,
                                                            size_t index) {
  return GuardValue<uint32_t>(0, [&]() -> uint32_t {
    const auto* o = Op(metadata, index);
    return o == nullptr ? 0 : o->subtask_states;
  });
}

FLOWSTATE_API uint32_t
flowstate_metadata_operator_finished_subtasks(const flowstate_metadata* metadata, size_t index) {
  return GuardValue<uint32_t>(0, [&]() -> uint32_t {
    const auto* o = Op(metadata, index);
    return o == nullptr ? 0 : o->finished_subtasks;
  });
}

FLOWSTATE_API int flowstate_metadata_operator_fully_finished(const flowstate_metadata* metadata,
                                                             size_t index) {
  return GuardValue<int>(0, [&] {
    const auto* o = Op(metadata, index);
    return o != nullptr && o->fully_finished ? 1 : 0;
  });
}

FLOWSTATE_API uint64_t flowstate_metadata_operator_inline_bytes(const flowstate_metadata* metadata,
                                                                size_t index) {
  return GuardValue<uint64_t>(0, [&]() -> uint64_t {
    const auto* o = Op(metadata, index);
    return o == nullptr ? 0 : o->inline_bytes;
  });
}

FLOWSTATE_API uint64_t
flowstate_metadata_operator_coordinator_bytes(const flowstate_metadata* metadata, size_t index) {
  return GuardValue<uint64_t>(0, [&]() -> uint64_t {
    const auto* o = Op(metadata, index);
    return o == nullptr ? 0 : o->coordinator_bytes;
  });
}

FLOWSTATE_API uint64_t flowstate_metadata_operator_file_handles(const flowstate_metadata* metadata,
                                                                size_t index) {
  return GuardValue<uint64_t>(0, [&]() -> uint64_t {
    const auto* o = Op(metadata, index);
    return o == nullptr ? 0 : o->file_handles;
  });
}

FLOWSTATE_API size_t flowstate_metadata_file_count(const flowstate_metadata* metadata) {
  return GuardValue<size_t>(
      0, [&]() -> size_t { return metadata == nullptr ? 0 : metadata->m.files.size(); });
}

FLOWSTATE_API const char* flowstate_metadata_file_path(const flowstate_metadata* metadata,
                                                       size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* f = FileAt(metadata, index);
    return f == nullptr ? nullptr : f->path.c_str();
  });
}

FLOWSTATE_API const char* flowstate_metadata_file_location(const flowstate_metadata* metadata,
                                                           size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    if (FileAt(metadata, index) == nullptr) return nullptr;
    return metadata->locations[index].c_str();
  });
}

FLOWSTATE_API const char* flowstate_metadata_file_form(const flowstate_metadata* metadata,
                                                       size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* f = FileAt(metadata, index);
    if (f == nullptr) return nullptr;
    switch (f->form) {
      case st::MetadataFile::Form::kAbsolute:
        return "absolute";
      case st::MetadataFile::Form::kRelative:
        return "relative";
      case st::MetadataFile::Form::kSegment:
        return "segment";
    }
    return "";
  });
}

FLOWSTATE_API int64_t flowstate_metadata_file_size(const flowstate_metadata* metadata,
                                                   size_t index) {
  return GuardValue<int64_t>(-1, [&]() -> int64_t {
    const auto* f = FileAt(metadata, index);
    return f == nullptr ? -1 : f->size;
  });
}

FLOWSTATE_API int64_t flowstate_metadata_file_segment_start(const flowstate_metadata* metadata,
                                                            size_t index) {
  return GuardValue<int64_t>(-1, [&]() -> int64_t {
    const auto* f = FileAt(metadata, index);
    return f == nullptr ? -1 : f->segment_start;
  });
}

FLOWSTATE_API uint32_t flowstate_metadata_file_references(const flowstate_metadata* metadata,
                                                          size_t index) {
  return GuardValue<uint32_t>(0, [&]() -> uint32_t {
    const auto* f = FileAt(metadata, index);
    return f == nullptr ? 0 : f->references;
  });
}

FLOWSTATE_API int flowstate_operator_id_from_uid(char** out, const char* uid, size_t len) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (uid == nullptr) return NullArgument("uid");
    *out = CopyOut(st::OperatorIdFromUid(flowstate::capi::TextArg(uid, len)));
    return kOk;
  });
}

FLOWSTATE_API int flowstate_storage_match(flowstate_match_list** out, flowstate_storage* storage,
                                          const char* root, const char* const* expected_ids,
                                          size_t expected_count,
                                          const flowstate_scan_options* options) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (storage == nullptr) return NullArgument("storage");
    if (expected_count > 0 && expected_ids == nullptr) return NullArgument("expected_ids");
    std::vector<std::string> ids;
    for (size_t i = 0; i < expected_count; ++i) {
      std::string_view id = expected_ids[i] == nullptr ? "" : expected_ids[i];
      bool hex = id.size() == 32;
      for (char c : id) hex = hex && std::isxdigit(static_cast<unsigned char>(c)) != 0;
      if (!hex) {
        return SetError(core::Code::kInvalidArgument,
                        core::StrCat("not an operator id (32 hex digits): ", core::Quote(id)));
      }
      ids.emplace_back(id);
    }
    auto o = ToScanOptions(options);
    if (!o.ok()) return SetError(o.status());
    auto loc = ParseUri(storage, root);
    if (!loc.ok()) return SetError(loc.status());
    auto matches = st::MatchJobs(*storage->impl, *loc, ids, *o);
    if (!matches.ok()) return SetError(matches.status());
    auto list = std::make_unique<flowstate_match_list>();
    for (st::JobMatch& m : *matches) {
      list->rows.push_back({m.job.job_id, m.job.location.ToString(), m.snapshot.location.ToString(),
                            std::move(m.match)});
    }
    *out = list.release();
    return kOk;
  });
}

FLOWSTATE_API void flowstate_match_list_free(flowstate_match_list* list) {
  GuardVoid([&] { delete list; });
}

FLOWSTATE_API size_t flowstate_match_list_count(const flowstate_match_list* list) {
  return GuardValue<size_t>(0, [&]() -> size_t { return list == nullptr ? 0 : list->rows.size(); });
}

FLOWSTATE_API const char* flowstate_match_job_id(const flowstate_match_list* list, size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = MatchRow(list, index);
    return r == nullptr ? nullptr : r->job_id.c_str();
  });
}

FLOWSTATE_API const char* flowstate_match_job_location(const flowstate_match_list* list,
                                                       size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = MatchRow(list, index);
    return r == nullptr ? nullptr : r->job_location.c_str();
  });
}

FLOWSTATE_API const char* flowstate_match_snapshot_location(const flowstate_match_list* list,
                                                            size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = MatchRow(list, index);
    return r == nullptr ? nullptr : r->snapshot_location.c_str();
  });
}

FLOWSTATE_API int flowstate_match_kind(const flowstate_match_list* list, size_t index) {
  return GuardValue<int>(-1, [&] {
    const auto* r = MatchRow(list, index);
    return r == nullptr ? -1 : static_cast<int>(r->match.kind);
  });
}

FLOWSTATE_API size_t flowstate_match_matched_count(const flowstate_match_list* list, size_t index) {
  return GuardValue<size_t>(0, [&]() -> size_t {
    const auto* r = MatchRow(list, index);
    return r == nullptr ? 0 : r->match.matched.size();
  });
}

FLOWSTATE_API size_t flowstate_match_missing_count(const flowstate_match_list* list, size_t index) {
  return GuardValue<size_t>(0, [&]() -> size_t {
    const auto* r = MatchRow(list, index);
    return r == nullptr ? 0 : r->match.missing.size();
  });
}

FLOWSTATE_API const char* flowstate_match_missing(const flowstate_match_list* list, size_t index,
                                                  size_t i) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = MatchRow(list, index);
    return r == nullptr || i >= r->match.missing.size() ? nullptr : r->match.missing[i].c_str();
  });
}

FLOWSTATE_API size_t flowstate_match_extra_count(const flowstate_match_list* list, size_t index) {
  return GuardValue<size_t>(0, [&]() -> size_t {
    const auto* r = MatchRow(list, index);
    return r == nullptr ? 0 : r->match.extra.size();
  });
}

FLOWSTATE_API const char* flowstate_match_extra(const flowstate_match_list* list, size_t index,
                                                size_t i) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const auto* r = MatchRow(list, index);
    return r == nullptr || i >= r->match.extra.size() ? nullptr : r->match.extra[i].c_str();
  });
}

}  // extern "C"
