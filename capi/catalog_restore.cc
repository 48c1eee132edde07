// C ABI of the catalog: the restore decision, reconciliation with storage and retention.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "capi/catalog_adapter.h"

namespace core = flowstate::core;
namespace cat = flowstate::core::catalog;
namespace st = flowstate::core::storage;
using namespace flowstate::capi;  // NOLINT: the adapter's own helpers

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
    for (const std::string& r : decision->impl.reasons) decision->reasons.push_back(r.c_str());
    return Give(out, std::move(decision));
  });
}

FLOWSTATE_API void flowstate_restore_decision_free(flowstate_restore_decision* decision) {
  GuardVoid([&] { delete decision; });
}

FLOWSTATE_API int flowstate_restore_decision_get(const flowstate_restore_decision* decision,
                                                 flowstate_restore_decision_info* out) {
  return Guard([&] {
    if (decision == nullptr) return NullArgument("decision");
    return FillOut(out, FLOWSTATE_RESTORE_DECISION_INFO_VERSION, "flowstate_restore_decision_info",
                   decision, [](const flowstate_restore_decision& d, auto* o) {
                     o->path = d.impl.path ? d.impl.path->c_str() : nullptr;
                     o->snapshot_id = OrMinus(d.impl.snapshot_id);
                     o->strategy = d.impl.strategy.c_str();
                     o->once = d.impl.once ? 1 : 0;
                     o->reasons = d.reasons.data();
                     o->reason_count = d.reasons.size();
                     o->candidate_count = d.impl.candidates.size();
                   });
  });
}

FLOWSTATE_API int flowstate_restore_decision_candidate_get(
    const flowstate_restore_decision* decision, size_t index, flowstate_restore_candidate* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_RESTORE_CANDIDATE_VERSION, "flowstate_restore_candidate",
                   At(decision == nullptr ? nullptr : &decision->impl.candidates, index),
                   [](const cat::RestoreCandidate& c, auto* o) {
                     o->path = c.path.c_str();
                     o->source = c.source.c_str();
                     o->snapshot_id = OrMinus(c.snapshot_id);
                     o->kind = static_cast<int>(c.kind);
                     o->completion_ms = c.completion_ms;
                     o->restorable = c.restorable ? 1 : 0;
                     o->verdict = c.verdict.c_str();
                     o->reason = c.reason.c_str();
                   });
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
    for (cat::SnapshotRecord& s : r->disposed) report->disposed.Add(std::move(s));
    report->unchanged = r->unchanged;
    report->problems = std::move(r->problems);
    for (const std::string& p : report->problems) report->problem_views.push_back(p.c_str());
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

FLOWSTATE_API const flowstate_record_list* flowstate_reconcile_report_disposed(
    const flowstate_reconcile_report* report) {
  return GuardValue<const flowstate_record_list*>(
      nullptr, [&] { return report == nullptr ? nullptr : &report->disposed; });
}

FLOWSTATE_API int flowstate_reconcile_report_get(const flowstate_reconcile_report* report,
                                                 flowstate_reconcile_info* out) {
  return Guard([&] {
    if (report == nullptr) return NullArgument("report");
    return FillOut(out, FLOWSTATE_RECONCILE_INFO_VERSION, "flowstate_reconcile_info", report,
                   [](const flowstate_reconcile_report& r, auto* o) {
                     o->unchanged = r.unchanged;
                     o->problems = r.problem_views.data();
                     o->problem_count = r.problem_views.size();
                   });
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
