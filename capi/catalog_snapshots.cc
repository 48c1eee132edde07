// C ABI of the catalog: runs and snapshot records.
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "capi/catalog_adapter.h"
#include "flowstate/unstable.h"  // runs recorded by hand

namespace core = flowstate::core;
namespace cat = flowstate::core::catalog;
namespace st = flowstate::core::storage;
using namespace flowstate::capi;  // NOLINT: the adapter's own helpers

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
    return RecordResult(out, catalog->impl->AddSnapshot(ref, *in));
  });
}

FLOWSTATE_API int flowstate_catalog_register_snapshot(flowstate_record_list** out,
                                                      flowstate_catalog* catalog, const char* ref,
                                                      const flowstate_snapshot_record* record,
                                                      flowstate_storage* storage,
                                                      const flowstate_register_options* options) {
  return Guard([&] {
    if (out != nullptr) *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    auto in = RecordIn(record);
    if (!in.ok()) return SetError(in.status());
    flowstate_register_options defaults = FLOWSTATE_REGISTER_OPTIONS_INIT;
    if (options == nullptr) options = &defaults;
    core::Status v = CheckVersion(options->version, FLOWSTATE_REGISTER_OPTIONS_VERSION,
                                  "flowstate_register_options");
    if (!v.ok()) return SetError(v);
    cat::Catalog::RegisterOptions o;
    o.force = options->force != 0;
    auto scan = flowstate::capi::ToScanOptions(options->scan);
    if (!scan.ok()) return SetError(scan.status());
    o.scan = std::move(scan).value();
    return RecordResult(
        out, catalog->impl->RegisterSnapshot(
                 ref, std::move(*in), storage == nullptr ? nullptr : storage->impl.get(), o));
  });
}

FLOWSTATE_API int flowstate_catalog_add_snapshots(flowstate_catalog* catalog,
                                                  const flowstate_snapshot_record* records,
                                                  size_t count) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    if (count > 0 && records == nullptr) return NullArgument("records");
    // The stride of the array is the size of the version its first record names: a caller built
    // against version 1 passes records without trigger_id.
    const size_t stride = count > 0 && records[0].version == 1
                              ? offsetof(flowstate_snapshot_record, trigger_id)
                              : sizeof(flowstate_snapshot_record);
    const char* base = reinterpret_cast<const char*>(records);
    std::vector<cat::SnapshotRecord> batch;
    batch.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      const auto* r = reinterpret_cast<const flowstate_snapshot_record*>(base + i * stride);
      if (i > 0 && r->version != records[0].version) {
        return SetError(core::Code::kInvalidArgument,
                        core::StrCat("record ", i, ": version ", r->version,
                                     " in an array of version ", records[0].version));
      }
      auto in = RecordIn(r);
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
    if (out->version >= 3) out->note = list->notes[index].c_str();
    return kOk;
  });
}
