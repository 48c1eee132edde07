// C ABI: the checkpoint catalog (include/flowstate/catalog.h): opening, clusters and the
// audit log. Jobs, runs and snapshots, and restore decisions live beside it.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "capi/catalog_adapter.h"

namespace core = flowstate::core;
namespace cat = flowstate::core::catalog;
namespace st = flowstate::core::storage;
using namespace flowstate::capi;  // NOLINT: the adapter's own helpers

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
    if (out->version >= 2) {
      out->from_state = e->from_state ? static_cast<int>(*e->from_state) : -1;
      out->to_state = e->to_state ? static_cast<int>(*e->to_state) : -1;
      out->cause = e->cause.c_str();
      out->operation_id = OrMinus(e->operation_id);
    }
    return kOk;
  });
}
