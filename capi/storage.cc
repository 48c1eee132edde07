// C ABI: storage configuration, the storage handle and file operations
// (include/flowstate/storage.h); snapshots and _metadata are in storage_snapshots.cc.
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "capi/capi.h"
#include "capi/storage_handle.h"
#include "common/strings.h"
#include "storage/layout.h"
#include "storage/storage.h"

namespace core = flowstate::core;
namespace st = flowstate::core::storage;
using flowstate::capi::CheckVersion;
using flowstate::capi::CheckVersionFrom;
using flowstate::capi::CopyOut;
using flowstate::capi::EndpointIn;
using flowstate::capi::EnumArg;
using flowstate::capi::FillOut;
using flowstate::capi::Guard;
using flowstate::capi::GuardValue;
using flowstate::capi::GuardVoid;
using flowstate::capi::kOk;
using flowstate::capi::NullArgument;
using flowstate::capi::ParseLocation;
using flowstate::capi::Return;
using flowstate::capi::SetError;
using flowstate::capi::Str;

struct flowstate_storage_config {
  st::StorageConfig impl;
};

struct flowstate_file_list {
  std::vector<st::FileStatus> entries;
};

core::Result<st::Location> flowstate::capi::ParseLocation(const flowstate_storage* s,
                                                          const char* uri) {
  if (uri == nullptr) return core::Status::InvalidArgument("uri must not be NULL");
  return s->impl->Parse(uri);
}

core::Result<st::ScanOptions> flowstate::capi::ToScanOptions(const flowstate_scan_options* o) {
  st::ScanOptions out;
  flowstate_scan_options defaults = FLOWSTATE_SCAN_OPTIONS_INIT;
  if (o == nullptr) o = &defaults;
  FS_RETURN_IF_ERROR(
      CheckVersionFrom(o->version, 3, FLOWSTATE_SCAN_OPTIONS_VERSION, "flowstate_scan_options"));
  FS_ASSIGN_OR_RETURN(out.level, EnumArg<st::VerifyLevel>(o->verify_level));
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
  FS_ASSIGN_OR_RETURN(out.context, flowstate::capi::OperationIn(o->operation));
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
    st::WebHdfsEndpoint e;
    v = EndpointIn(o->endpoint, "options->endpoint.", &e);
    if (!v.ok()) return SetError(v);
    e.user = Str(o->user);
    e.doas = Str(o->doas);
    e.delegation_token = Str(o->delegation_token);
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
    auto loc = ParseLocation(storage, uri);
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
    auto loc = ParseLocation(storage, uri);
    if (!loc.ok()) return SetError(loc.status());
    auto r = storage->impl->Resolve(*loc);
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
    auto loc = ParseLocation(storage, uri);
    if (!loc.ok()) return SetError(loc.status());
    auto s = storage->impl->Stat(*loc);
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
    auto loc = ParseLocation(storage, uri);
    if (!loc.ok()) return SetError(loc.status());
    auto all = storage->impl->List(*loc);
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

FLOWSTATE_API int flowstate_file_list_get(const flowstate_file_list* list, size_t index,
                                          flowstate_file_info* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_FILE_INFO_VERSION, "flowstate_file_info",
                   flowstate::capi::At(list == nullptr ? nullptr : &list->entries, index),
                   [](const st::FileStatus& f, flowstate_file_info* o) {
                     o->name = f.name.c_str();
                     o->type = static_cast<int>(f.type);
                     o->size = f.size;
                     o->mtime_ms = f.mtime_ms;
                   });
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
    auto loc = ParseLocation(storage, uri);
    if (!loc.ok()) return SetError(loc.status());
    auto data = storage->impl->Read(*loc, offset, length);
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
    auto loc = ParseLocation(storage, uri);
    if (!loc.ok()) return SetError(loc.status());
    return Return(storage->impl->Write(*loc, std::string_view(data == nullptr ? "" : data, len),
                                       overwrite != 0));
  });
}

FLOWSTATE_API int flowstate_storage_mkdirs(flowstate_storage* storage, const char* uri) {
  return Guard([&] {
    if (storage == nullptr) return NullArgument("storage");
    auto loc = ParseLocation(storage, uri);
    if (!loc.ok()) return SetError(loc.status());
    return Return(storage->impl->Mkdirs(*loc));
  });
}

FLOWSTATE_API int flowstate_storage_rename(flowstate_storage* storage, const char* from_uri,
                                           const char* to_uri) {
  return Guard([&] {
    if (storage == nullptr) return NullArgument("storage");
    auto from = ParseLocation(storage, from_uri);
    if (!from.ok()) return SetError(from.status());
    auto to = ParseLocation(storage, to_uri);
    if (!to.ok()) return SetError(to.status());
    return Return(storage->impl->Rename(*from, *to));
  });
}

FLOWSTATE_API int flowstate_storage_delete(flowstate_storage* storage, const char* uri) {
  return Guard([&] {
    if (storage == nullptr) return NullArgument("storage");
    auto loc = ParseLocation(storage, uri);
    if (!loc.ok()) return SetError(loc.status());
    return Return(storage->impl->Delete(*loc));
  });
}

}  // extern "C"
