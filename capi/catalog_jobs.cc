// C ABI of the catalog: jobs, folders, scripts and their secrets.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "capi/catalog_adapter.h"

namespace core = flowstate::core;
namespace cat = flowstate::core::catalog;
namespace st = flowstate::core::storage;
using namespace flowstate::capi;  // NOLINT: the adapter's own helpers

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
    return JobResult(out, catalog->impl->UpdateJob(ref, *in));
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
    if (query->state != -1) {
      auto state = EnumArg<cat::JobState>(query->state);
      if (!state.ok()) return SetError(state.status());
      q.state = *state;
    }
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

FLOWSTATE_API int flowstate_folder_list_get(const flowstate_folder_list* list, size_t index,
                                            flowstate_folder_info* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_FOLDER_INFO_VERSION, "flowstate_folder_info",
                   At(list == nullptr ? nullptr : &list->rows, index),
                   [](const cat::FolderEntry& f, flowstate_folder_info* x) {
                     x->path = f.path.c_str();
                     x->jobs = f.jobs;
                     x->all_jobs = f.all_jobs;
                   });
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

FLOWSTATE_API int flowstate_save_report_moved_get(const flowstate_save_report* report, size_t index,
                                                  flowstate_moved_secret* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_MOVED_SECRET_VERSION, "flowstate_moved_secret",
                   At(report == nullptr ? nullptr : &report->impl.moved, index),
                   [](const cat::MovedSecret& m, flowstate_moved_secret* x) {
                     x->name = m.name.c_str();
                     x->key = m.key.c_str();
                     x->line = m.line;
                     x->column = m.column;
                   });
  });
}
