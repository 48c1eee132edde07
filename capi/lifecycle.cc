// C ABI: the lifecycle's actions (include/flowstate/lifecycle.h).
#include "flowstate/lifecycle.h"

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "capi/capi.h"
#include "capi/catalog_adapter.h"
#include "capi/storage_handle.h"
#include "job/engine.h"

namespace core = flowstate::core;
namespace cat = flowstate::core::catalog;
namespace lc = flowstate::core::job;
using namespace flowstate::capi;  // NOLINT: the adapter's own helpers

namespace {

// The host's resolver as the core's: the recorded address first, the callback adds the rest.
class CResolver : public lc::ClusterResolver {
 public:
  CResolver(flowstate_cluster_resolver_fn fn, void* user) : fn_(fn), user_(user) {}
  core::Result<core::flink::ClientOptions> Resolve(const cat::Cluster& cluster) override {
    if (fn_ == nullptr) return lc::PlainClusterResolver().Resolve(cluster);
    flowstate_endpoint e = FLOWSTATE_ENDPOINT_INIT;
    e.url = cluster.rest_url.empty() ? nullptr : cluster.rest_url.c_str();
    const int rc = fn_(user_, cluster.name.c_str(), &e);
    if (rc != FLOWSTATE_OK) {
      // A code outside the error table is the resolver's own failure: INVALID_ARGUMENT.
      const core::Code code = rc < 0 && core::IsKnownCode(rc) ? static_cast<core::Code>(rc)
                                                              : core::Code::kInvalidArgument;
      return core::Status(code, "the host's cluster resolver failed for cluster " + cluster.name +
                                    " (" + std::to_string(rc) + ")");
    }
    core::flink::ClientOptions o;
    FS_RETURN_IF_ERROR(
        EndpointIn(e, "the resolved endpoint of cluster " + cluster.name + ": ", &o));
    return o;
  }

 private:
  flowstate_cluster_resolver_fn fn_;
  void* user_;
};

void OperationOut(const cat::Operation& o, flowstate_operation_record* out) {
  out->id = o.id;
  out->job_id = o.job_id;
  out->run_id = OrMinus(o.run_id);
  out->kind = static_cast<int>(o.kind);
  out->phase = static_cast<int>(o.phase);
  out->key = o.key.c_str();
  out->params = o.params.c_str();
  out->started_ms = o.started_ms;
  out->updated_ms = o.updated_ms;
  out->deadline_ms = OrMinus(o.deadline_ms);
  out->ended_ms = OrMinus(o.ended_ms);
  out->owner = o.owner.c_str();
  out->attempts = o.attempts;
  out->result = o.result.c_str();
  out->error = o.error.c_str();
}

core::Result<lc::StartOptions> StartIn(const flowstate_action_options* o) {
  lc::StartOptions out;
  if (o == nullptr) return out;
  FS_RETURN_IF_ERROR(
      CheckVersion(o->version, FLOWSTATE_ACTION_OPTIONS_VERSION, "flowstate_action_options"));
  if (o->version >= 2) {
    out.from = Str(o->from);
    out.allow_non_restored_state = o->allow_non_restored_state != 0;
    out.parallelism = o->parallelism > 0 ? o->parallelism : -1;
    FS_ASSIGN_OR_RETURN(out.path, EnumArg<lc::SubmitPath>(o->submit_path));
  }
  if (o->version >= 3) {
    if (o->operator_uid_count > 0 && o->operator_uids == nullptr) {
      return core::Status::InvalidArgument("flowstate_action_options: operator_uids is NULL with " +
                                           std::to_string(o->operator_uid_count) + " uids");
    }
    for (size_t i = 0; i < o->operator_uid_count; ++i) {
      if (o->operator_uids[i] == nullptr || *o->operator_uids[i] == '\0') {
        return core::Status::InvalidArgument("flowstate_action_options: operator_uids[" +
                                             std::to_string(i) + "] is empty");
      }
      out.operator_uids.emplace_back(o->operator_uids[i]);
    }
  }
  return out;
}

core::Result<lc::StopOptions> StopIn(const flowstate_action_options* o) {
  lc::StopOptions out;
  if (o == nullptr) return out;
  FS_RETURN_IF_ERROR(
      CheckVersion(o->version, FLOWSTATE_ACTION_OPTIONS_VERSION, "flowstate_action_options"));
  FS_ASSIGN_OR_RETURN(out.mode, EnumArg<lc::StopMode>(o->stop_mode));
  out.drain = o->drain != 0;
  out.allow_fallback = o->allow_fallback != 0;
  out.force = o->force != 0;
  out.target_directory = Str(o->target_directory);
  return out;
}

template <typename F>
int Act(flowstate_action_report** out, flowstate_lifecycle* lifecycle, const char* ref,
        const flowstate_operation* operation, F&& action);

}  // namespace

struct flowstate_lifecycle {
  std::unique_ptr<CResolver> resolver;
  std::unique_ptr<CallbackSecretStore> secrets;
  std::unique_ptr<lc::Lifecycle> impl;
};

struct flowstate_action_report {
  lc::ActionReport report;
};

struct flowstate_recover_report {
  std::vector<flowstate_action_report> resolved;
  std::vector<std::string> skipped;
};

struct flowstate_operation_list {
  std::vector<cat::Operation> rows;
};

struct flowstate_observe_report {
  lc::ObserveReport report;
  flowstate_record_list captured;
  std::vector<std::unique_ptr<flowstate_reconcile_report>> gaps;
  std::vector<const char*> unreachable, skipped, problems;  // views of the report's strings
};

namespace {

core::Result<lc::ObserveOptions> ObserveIn(const flowstate_observe_options* o) {
  lc::ObserveOptions out;
  if (o == nullptr) return out;
  FS_RETURN_IF_ERROR(
      CheckVersion(o->version, FLOWSTATE_OBSERVE_OPTIONS_VERSION, "flowstate_observe_options"));
  if (o->cluster_count > 0 && o->clusters == nullptr) {
    return core::Status::InvalidArgument("flowstate_observe_options: clusters is NULL with " +
                                         std::to_string(o->cluster_count) + " names");
  }
  for (size_t i = 0; i < o->cluster_count; ++i) {
    if (o->clusters[i] == nullptr) {
      return core::Status::InvalidArgument("flowstate_observe_options: clusters[" +
                                           std::to_string(i) + "] is NULL");
    }
    out.clusters.emplace_back(o->clusters[i]);
  }
  auto positive = [](int64_t v, const char* name) -> core::Status {
    if (v <= 0) {
      return core::Status::InvalidArgument(std::string("flowstate_observe_options: ") + name +
                                           " must be > 0, not " + std::to_string(v));
    }
    return core::Status::Ok();
  };
  if (o->stats_budget < 0 || o->reconcile_budget < 0 || o->lost_after_ms < 0) {
    return core::Status::InvalidArgument(
        "flowstate_observe_options: stats_budget, reconcile_budget and lost_after_ms must not "
        "be negative");
  }
  FS_RETURN_IF_ERROR(positive(o->stats_period_ms, "stats_period_ms"));
  FS_RETURN_IF_ERROR(positive(o->lost_after_probes, "lost_after_probes"));
  FS_RETURN_IF_ERROR(positive(o->max_parallel, "max_parallel"));
  out.stats_budget = static_cast<size_t>(o->stats_budget);
  out.stats_period_ms = o->stats_period_ms;
  out.lost_after_ms = o->lost_after_ms;
  out.lost_after_probes = o->lost_after_probes;
  out.max_parallel = static_cast<size_t>(o->max_parallel);
  out.reconcile_period_ms = o->reconcile_period_ms < 0 ? -1 : o->reconcile_period_ms;
  out.reconcile_budget = static_cast<size_t>(o->reconcile_budget);
  FS_ASSIGN_OR_RETURN(out.reconcile_level, EnumArg<core::storage::VerifyLevel>(o->reconcile_level));
  return out;
}

std::unique_ptr<flowstate_observe_report> ObserveOut(lc::ObserveReport r) {
  auto rep = std::make_unique<flowstate_observe_report>();
  for (cat::SnapshotRecord& s : r.captured) rep->captured.Add(std::move(s));
  r.captured.clear();
  for (lc::JobGap& g : r.reconciled) {
    auto gap = std::make_unique<flowstate_reconcile_report>();
    for (cat::SnapshotRecord& s : g.added) gap->added.Add(std::move(s));
    for (cat::SnapshotRecord& s : g.missing) gap->missing.Add(std::move(s));
    for (cat::SnapshotRecord& s : g.disposed) gap->disposed.Add(std::move(s));
    gap->problems = std::move(g.problems);
    for (const std::string& p : gap->problems) gap->problem_views.push_back(p.c_str());
    g.added.clear();
    g.missing.clear();
    g.disposed.clear();
    rep->gaps.push_back(std::move(gap));
  }
  rep->report = std::move(r);
  for (const std::string& s : rep->report.unreachable) rep->unreachable.push_back(s.c_str());
  for (const std::string& s : rep->report.skipped) rep->skipped.push_back(s.c_str());
  for (const std::string& s : rep->report.problems) rep->problems.push_back(s.c_str());
  return rep;
}

template <typename F>
int Act(flowstate_action_report** out, flowstate_lifecycle* lifecycle, const char* ref,
        const flowstate_operation* operation, F&& action) {
  if (out != nullptr) *out = nullptr;
  if (lifecycle == nullptr) return NullArgument("lifecycle");
  if (ref == nullptr) return NullArgument("ref");
  auto ctx = OperationIn(operation);
  if (!ctx.ok()) return SetError(ctx.status());
  core::Result<lc::ActionReport> r = action(*lifecycle->impl, std::string(ref), *ctx);
  if (!r.ok()) return SetError(r.status());
  if (out != nullptr) {
    auto rep = std::make_unique<flowstate_action_report>();
    rep->report = std::move(*r);
    *out = rep.release();
  }
  return kOk;
}

// A start, or a resume (the same action from LOST or an ended run).
int StartAction(flowstate_action_report** out, flowstate_lifecycle* lifecycle, const char* ref,
                const flowstate_action_options* options, const flowstate_operation* operation,
                bool resume) {
  auto so = StartIn(options);
  if (!so.ok()) return SetError(so.status());
  return Act(out, lifecycle, ref, operation,
             [&](lc::Lifecycle& l, const std::string& r, const core::OperationContext& ctx) {
               return resume ? l.Resume(r, *so, ctx) : l.Start(r, *so, ctx);
             });
}

}  // namespace

extern "C" {

FLOWSTATE_API int flowstate_lifecycle_new(flowstate_lifecycle** out, flowstate_catalog* catalog,
                                          flowstate_storage* storage,
                                          const flowstate_lifecycle_options* options) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    flowstate_lifecycle_options defaults = FLOWSTATE_LIFECYCLE_OPTIONS_INIT;
    if (options == nullptr) options = &defaults;
    core::Status v = CheckVersion(options->version, FLOWSTATE_LIFECYCLE_OPTIONS_VERSION,
                                  "flowstate_lifecycle_options");
    if (!v.ok()) return SetError(v);
    auto level = EnumArg<core::storage::VerifyLevel>(options->verify_level);
    if (!level.ok()) return SetError(level.status());
    lc::LifecycleOptions o;
    o.owner = Str(options->owner);
    o.poll_ms = options->poll_ms > 0 ? options->poll_ms : 100;
    o.verify = *level;
    auto h = std::make_unique<flowstate_lifecycle>();
    if (options->version >= 2 && options->secrets != nullptr) {
      core::Status store = CheckStore(options->secrets);
      if (!store.ok()) return SetError(store);
      h->secrets = std::make_unique<CallbackSecretStore>(options->secrets);
      o.secrets = h->secrets.get();
    }
    h->resolver =
        std::make_unique<CResolver>(options->resolve_cluster, options->resolver_user_data);
    h->impl = std::make_unique<lc::Lifecycle>(catalog->impl.get(),
                                              storage == nullptr ? nullptr : storage->impl.get(),
                                              h->resolver.get(), std::move(o));
    return Give(out, std::move(h));
  });
}

FLOWSTATE_API void flowstate_lifecycle_free(flowstate_lifecycle* lifecycle) {
  GuardVoid([&] { delete lifecycle; });
}

FLOWSTATE_API int flowstate_lifecycle_adopt(flowstate_action_report** out,
                                            flowstate_lifecycle* lifecycle, const char* ref,
                                            const char* flink_job_id,
                                            const flowstate_operation* operation) {
  return Guard([&] {
    if (flink_job_id == nullptr) return NullArgument("flink_job_id");
    return Act(out, lifecycle, ref, operation,
               [&](lc::Lifecycle& l, const std::string& r, const core::OperationContext& ctx) {
                 return l.Adopt(r, flink_job_id, ctx);
               });
  });
}

FLOWSTATE_API int flowstate_lifecycle_start(flowstate_action_report** out,
                                            flowstate_lifecycle* lifecycle, const char* ref,
                                            const flowstate_action_options* options,
                                            const flowstate_operation* operation) {
  return Guard([&] { return StartAction(out, lifecycle, ref, options, operation, false); });
}

FLOWSTATE_API int flowstate_lifecycle_resume(flowstate_action_report** out,
                                             flowstate_lifecycle* lifecycle, const char* ref,
                                             const flowstate_action_options* options,
                                             const flowstate_operation* operation) {
  return Guard([&] { return StartAction(out, lifecycle, ref, options, operation, true); });
}

FLOWSTATE_API int flowstate_lifecycle_restart(flowstate_action_report** out,
                                              flowstate_lifecycle* lifecycle, const char* ref,
                                              const flowstate_action_options* options,
                                              const flowstate_operation* operation) {
  return Guard([&] {
    auto stop = StopIn(options);
    if (!stop.ok()) return SetError(stop.status());
    auto start = StartIn(options);
    if (!start.ok()) return SetError(start.status());
    return Act(out, lifecycle, ref, operation,
               [&](lc::Lifecycle& l, const std::string& r, const core::OperationContext& ctx) {
                 return l.Restart(r, *stop, *start, ctx);
               });
  });
}

FLOWSTATE_API int flowstate_lifecycle_savepoint(flowstate_action_report** out,
                                                flowstate_lifecycle* lifecycle, const char* ref,
                                                const flowstate_action_options* options,
                                                const flowstate_operation* operation) {
  return Guard([&] {
    lc::SavepointOptions so;
    if (options != nullptr) {
      core::Status v = CheckVersion(options->version, FLOWSTATE_ACTION_OPTIONS_VERSION,
                                    "flowstate_action_options");
      if (!v.ok()) return SetError(v);
      so.target_directory = Str(options->target_directory);
      so.format = Str(options->format);
    }
    return Act(out, lifecycle, ref, operation,
               [&](lc::Lifecycle& l, const std::string& r, const core::OperationContext& ctx) {
                 return l.Savepoint(r, so, ctx);
               });
  });
}

FLOWSTATE_API int flowstate_lifecycle_stop(flowstate_action_report** out,
                                           flowstate_lifecycle* lifecycle, const char* ref,
                                           const flowstate_action_options* options,
                                           const flowstate_operation* operation) {
  return Guard([&] {
    auto so = StopIn(options);
    if (!so.ok()) return SetError(so.status());
    return Act(out, lifecycle, ref, operation,
               [&](lc::Lifecycle& l, const std::string& r, const core::OperationContext& ctx) {
                 return l.Stop(r, *so, ctx);
               });
  });
}

FLOWSTATE_API int flowstate_lifecycle_cancel(flowstate_action_report** out,
                                             flowstate_lifecycle* lifecycle, const char* ref,
                                             const flowstate_operation* operation) {
  return Guard([&] {
    return Act(out, lifecycle, ref, operation,
               [&](lc::Lifecycle& l, const std::string& r, const core::OperationContext& ctx) {
                 return l.Cancel(r, ctx);
               });
  });
}

FLOWSTATE_API int flowstate_lifecycle_move(flowstate_action_report** out,
                                           flowstate_lifecycle* lifecycle, const char* ref,
                                           const char* cluster,
                                           const flowstate_operation* operation) {
  return Guard([&] {
    if (cluster == nullptr) return NullArgument("cluster");
    return Act(out, lifecycle, ref, operation,
               [&](lc::Lifecycle& l, const std::string& r, const core::OperationContext& ctx) {
                 return l.Move(r, cluster, ctx);
               });
  });
}

FLOWSTATE_API int flowstate_lifecycle_acknowledge_lost(flowstate_action_report** out,
                                                       flowstate_lifecycle* lifecycle,
                                                       const char* ref, const char* why,
                                                       const flowstate_operation* operation) {
  return Guard([&] {
    return Act(out, lifecycle, ref, operation,
               [&](lc::Lifecycle& l, const std::string& r, const core::OperationContext& ctx) {
                 return l.AcknowledgeLost(r, Str(why), ctx);
               });
  });
}

FLOWSTATE_API int flowstate_lifecycle_recover(flowstate_recover_report** out,
                                              flowstate_lifecycle* lifecycle,
                                              const flowstate_operation* operation) {
  return Guard([&] {
    if (out != nullptr) *out = nullptr;
    if (lifecycle == nullptr) return NullArgument("lifecycle");
    auto ctx = OperationIn(operation);
    if (!ctx.ok()) return SetError(ctx.status());
    auto r = lifecycle->impl->Recover(*ctx);
    if (!r.ok()) return SetError(r.status());
    if (out != nullptr) {
      auto rep = std::make_unique<flowstate_recover_report>();
      for (lc::ActionReport& a : r->resolved) rep->resolved.push_back({std::move(a)});
      rep->skipped = std::move(r->skipped);
      *out = rep.release();
    }
    return kOk;
  });
}

FLOWSTATE_API int flowstate_lifecycle_observe(flowstate_observe_report** out,
                                              flowstate_lifecycle* lifecycle,
                                              const flowstate_observe_options* options,
                                              const flowstate_operation* operation) {
  return Guard([&] {
    if (out != nullptr) *out = nullptr;
    if (lifecycle == nullptr) return NullArgument("lifecycle");
    auto o = ObserveIn(options);
    if (!o.ok()) return SetError(o.status());
    auto ctx = OperationIn(operation);
    if (!ctx.ok()) return SetError(ctx.status());
    auto r = lifecycle->impl->Observe(*o, *ctx);
    if (!r.ok()) return SetError(r.status());
    if (out != nullptr) *out = ObserveOut(std::move(*r)).release();
    return kOk;
  });
}

FLOWSTATE_API int flowstate_lifecycle_watch(flowstate_lifecycle* lifecycle,
                                            const flowstate_observe_options* options,
                                            int64_t interval_ms, flowstate_round_fn on_round,
                                            void* user_data, const flowstate_operation* operation) {
  return Guard([&] {
    if (lifecycle == nullptr) return NullArgument("lifecycle");
    if (on_round == nullptr) return NullArgument("on_round");
    if (interval_ms <= 0) {
      return SetError(core::Status::InvalidArgument("interval_ms must be > 0, not " +
                                                    std::to_string(interval_ms)));
    }
    auto o = ObserveIn(options);
    if (!o.ok()) return SetError(o.status());
    auto ctx = OperationIn(operation);
    if (!ctx.ok()) return SetError(ctx.status());
    core::Status st = lifecycle->impl->Watch(
        *o, std::chrono::milliseconds(interval_ms),
        [&](const core::Result<lc::ObserveReport>& r) {
          if (!r.ok()) {
            const std::string message = r.status().ToString();
            return on_round(user_data, nullptr, static_cast<int>(r.status().code()),
                            message.c_str()) == 0;
          }
          std::unique_ptr<flowstate_observe_report> rep = ObserveOut(*r);
          return on_round(user_data, rep.get(), kOk, "") == 0;
        },
        *ctx);
    if (!st.ok()) return SetError(st);
    return kOk;
  });
}

FLOWSTATE_API void flowstate_observe_report_free(flowstate_observe_report* report) {
  GuardVoid([&] { delete report; });
}

FLOWSTATE_API int flowstate_observe_report_get(const flowstate_observe_report* report,
                                               flowstate_observe_info* out) {
  return Guard([&] {
    if (report == nullptr) return NullArgument("report");
    return FillOut(out, FLOWSTATE_OBSERVE_INFO_VERSION, "flowstate_observe_info", report,
                   [](const flowstate_observe_report& r, auto* o) {
                     o->jobs = r.report.jobs;
                     o->statistics = r.report.statistics;
                     o->behind = r.report.behind;
                     o->disposed = r.report.disposed;
                     o->requests = r.report.requests;
                     o->connections = r.report.connections;
                     o->catalog_us = r.report.catalog_us;
                     o->storage_us = r.report.storage_us;
                     o->unreachable = r.unreachable.data();
                     o->unreachable_count = r.unreachable.size();
                     o->skipped = r.skipped.data();
                     o->skipped_count = r.skipped.size();
                     o->problems = r.problems.data();
                     o->problem_count = r.problems.size();
                   });
  });
}

FLOWSTATE_API size_t flowstate_observe_report_change_count(const flowstate_observe_report* report) {
  return GuardValue<size_t>(0,
                            [&] { return report == nullptr ? 0 : report->report.changes.size(); });
}

FLOWSTATE_API int flowstate_observe_report_change_get(const flowstate_observe_report* report,
                                                      size_t index,
                                                      flowstate_observed_change* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_OBSERVED_CHANGE_VERSION, "flowstate_observed_change",
                   At(report == nullptr ? nullptr : &report->report.changes, index),
                   [](const lc::ObservedChange& c, auto* o) {
                     o->job = c.job.c_str();
                     o->from_state = static_cast<int>(c.from);
                     o->to_state = static_cast<int>(c.to);
                     o->flink_status = c.flink_status.c_str();
                     o->why = c.why.c_str();
                   });
  });
}

FLOWSTATE_API const flowstate_record_list* flowstate_observe_report_captured(
    const flowstate_observe_report* report) {
  return GuardValue<const flowstate_record_list*>(
      nullptr, [&] { return report == nullptr ? nullptr : &report->captured; });
}

FLOWSTATE_API size_t flowstate_observe_report_gap_count(const flowstate_observe_report* report) {
  return GuardValue<size_t>(0, [&] { return report == nullptr ? 0 : report->gaps.size(); });
}

FLOWSTATE_API const char* flowstate_observe_report_gap_job(const flowstate_observe_report* report,
                                                           size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const lc::JobGap* g = At(report == nullptr ? nullptr : &report->report.reconciled, index);
    return g == nullptr ? nullptr : g->job.c_str();
  });
}

FLOWSTATE_API const flowstate_reconcile_report* flowstate_observe_report_gap(
    const flowstate_observe_report* report, size_t index) {
  return GuardValue<const flowstate_reconcile_report*>(
      nullptr, [&]() -> const flowstate_reconcile_report* {
        if (report == nullptr || index >= report->gaps.size()) return nullptr;
        return report->gaps[index].get();
      });
}

FLOWSTATE_API int flowstate_catalog_get_watch(flowstate_catalog* catalog, const char* ref,
                                              flowstate_watch_info* out) {
  return Guard([&] {
    if (catalog == nullptr) return NullArgument("catalog");
    if (ref == nullptr) return NullArgument("ref");
    if (out == nullptr) return NullArgument("out");
    core::Status v =
        CheckVersion(out->version, FLOWSTATE_WATCH_INFO_VERSION, "flowstate_watch_info");
    if (!v.ok()) return SetError(v);
    auto w = catalog->impl->GetWatch(ref);
    if (!w.ok()) return SetError(w.status());
    thread_local std::string status;
    status = w->flink_status;
    out->flink_status = status.c_str();
    out->observed_ms = OrMinus(w->observed_ms);
    out->unreachable_since_ms = OrMinus(w->unreachable_since_ms);
    out->failed_probes = w->failed_probes;
    out->presumed_lost = w->presumed_lost ? 1 : 0;
    out->stats_ms = OrMinus(w->stats_ms);
    out->changed_ms = OrMinus(w->changed_ms);
    return kOk;
  });
}

FLOWSTATE_API void flowstate_action_report_free(flowstate_action_report* report) {
  GuardVoid([&] { delete report; });
}

FLOWSTATE_API int flowstate_action_report_operation(const flowstate_action_report* report,
                                                    flowstate_operation_record* out) {
  return Guard([&] {
    if (report == nullptr) return NullArgument("report");
    if (out == nullptr) return NullArgument("out");
    core::Status v = CheckVersion(out->version, FLOWSTATE_OPERATION_RECORD_VERSION,
                                  "flowstate_operation_record");
    if (!v.ok()) return SetError(v);
    OperationOut(report->report.operation, out);
    return kOk;
  });
}

FLOWSTATE_API int64_t flowstate_action_report_commits(const flowstate_action_report* report) {
  return GuardValue<int64_t>(0, [&] {
    return report == nullptr ? int64_t{0} : static_cast<int64_t>(report->report.commits);
  });
}

FLOWSTATE_API size_t
flowstate_action_report_transition_count(const flowstate_action_report* report) {
  return GuardValue<size_t>(
      0, [&] { return report == nullptr ? 0 : report->report.transitions.size(); });
}

FLOWSTATE_API int flowstate_action_report_transition_get(const flowstate_action_report* report,
                                                         size_t index,
                                                         flowstate_transition_info* out) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    core::Status v =
        CheckVersion(out->version, FLOWSTATE_TRANSITION_INFO_VERSION, "flowstate_transition_info");
    if (!v.ok()) return SetError(v);
    const lc::Transition* t = At(report == nullptr ? nullptr : &report->report.transitions, index);
    if (t == nullptr) return SetError(core::Status::InvalidArgument("index out of range"));
    out->from_state = static_cast<int>(t->from);
    out->to_state = static_cast<int>(t->to);
    out->cause = t->cause.c_str();
    return kOk;
  });
}

FLOWSTATE_API size_t flowstate_action_report_snapshot_count(const flowstate_action_report* report) {
  return GuardValue<size_t>(
      0, [&] { return report == nullptr ? 0 : report->report.snapshots.size(); });
}

FLOWSTATE_API int flowstate_action_report_snapshot_get(const flowstate_action_report* report,
                                                       size_t index,
                                                       flowstate_snapshot_record* out) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    core::Status v =
        CheckVersion(out->version, FLOWSTATE_SNAPSHOT_RECORD_VERSION, "flowstate_snapshot_record");
    if (!v.ok()) return SetError(v);
    const cat::SnapshotRecord* r =
        At(report == nullptr ? nullptr : &report->report.snapshots, index);
    if (r == nullptr) return SetError(core::Status::InvalidArgument("index out of range"));
    RecordOut(*r, out);
    return kOk;
  });
}

FLOWSTATE_API size_t flowstate_action_report_reason_count(const flowstate_action_report* report) {
  return GuardValue<size_t>(0,
                            [&] { return report == nullptr ? 0 : report->report.reasons.size(); });
}

FLOWSTATE_API const char* flowstate_action_report_reason(const flowstate_action_report* report,
                                                         size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const std::string* s = At(report == nullptr ? nullptr : &report->report.reasons, index);
    return s == nullptr ? nullptr : s->c_str();
  });
}

FLOWSTATE_API void flowstate_recover_report_free(flowstate_recover_report* report) {
  GuardVoid([&] { delete report; });
}

FLOWSTATE_API size_t
flowstate_recover_report_resolved_count(const flowstate_recover_report* report) {
  return GuardValue<size_t>(0, [&] { return report == nullptr ? 0 : report->resolved.size(); });
}

FLOWSTATE_API const flowstate_action_report* flowstate_recover_report_resolved(
    const flowstate_recover_report* report, size_t index) {
  return GuardValue<const flowstate_action_report*>(
      nullptr, [&] { return At(report == nullptr ? nullptr : &report->resolved, index); });
}

FLOWSTATE_API size_t
flowstate_recover_report_skipped_count(const flowstate_recover_report* report) {
  return GuardValue<size_t>(0, [&] { return report == nullptr ? 0 : report->skipped.size(); });
}

FLOWSTATE_API const char* flowstate_recover_report_skipped(const flowstate_recover_report* report,
                                                           size_t index) {
  return GuardValue<const char*>(nullptr, [&]() -> const char* {
    const std::string* s = At(report == nullptr ? nullptr : &report->skipped, index);
    return s == nullptr ? nullptr : s->c_str();
  });
}

FLOWSTATE_API int flowstate_catalog_list_operations(flowstate_operation_list** out,
                                                    flowstate_catalog* catalog, const char* ref,
                                                    int unfinished_only, int64_t limit) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (catalog == nullptr) return NullArgument("catalog");
    auto ops =
        catalog->impl->ListOperations(Str(ref), unfinished_only != 0, limit <= 0 ? 100 : limit);
    if (!ops.ok()) return SetError(ops.status());
    auto list = std::make_unique<flowstate_operation_list>();
    list->rows = std::move(*ops);
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API void flowstate_operation_list_free(flowstate_operation_list* list) {
  GuardVoid([&] { delete list; });
}

FLOWSTATE_API size_t flowstate_operation_list_count(const flowstate_operation_list* list) {
  return GuardValue<size_t>(0, [&] { return list == nullptr ? 0 : list->rows.size(); });
}

FLOWSTATE_API int flowstate_operation_list_get(const flowstate_operation_list* list, size_t index,
                                               flowstate_operation_record* out) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    core::Status v = CheckVersion(out->version, FLOWSTATE_OPERATION_RECORD_VERSION,
                                  "flowstate_operation_record");
    if (!v.ok()) return SetError(v);
    const cat::Operation* o = At(list == nullptr ? nullptr : &list->rows, index);
    if (o == nullptr) return SetError(core::Status::InvalidArgument("index out of range"));
    OperationOut(*o, out);
    return kOk;
  });
}

}  // extern "C"
