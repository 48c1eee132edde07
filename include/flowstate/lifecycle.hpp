/// @file
/// flowstate/lifecycle.hpp: the job lifecycle's actions in C++, over flowstate/lifecycle.h.
#ifndef FLOWSTATE_LIFECYCLE_HPP
#define FLOWSTATE_LIFECYCLE_HPP

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flowstate/cancel.hpp"
#include "flowstate/catalog.hpp"
#include "flowstate/endpoint.hpp"
#include "flowstate/lifecycle.h"
#include "flowstate/records.hpp"
#include "flowstate/status.hpp"
#include "flowstate/storage.hpp"

namespace flowstate {

/// What an action did: its operation, the job's transitions, the snapshots it recorded
/// (newest first), why, and how many catalog transactions it wrote.
struct ActionReport {
  OperationRecord operation;
  std::vector<TransitionInfo> transitions;
  std::vector<SnapshotRecord> snapshots;
  std::vector<std::string> reasons;
  int64_t commits = 0;
};

struct RecoverReport {
  std::vector<ActionReport> resolved;  ///< one per operation resolved
  std::vector<std::string> skipped;    ///< operations left alone, with why
};

/// The deadline, cancellation and progress of one action.
struct ActionContext {
  int64_t timeout_ms = -1;
  const CancelToken* cancel = nullptr;
  ProgressCallback progress;
};

struct ActionOptions {
  std::string target_directory;  ///< savepoints: "" for the job's or the cluster's directory
  std::string format;            ///< "", CANONICAL or NATIVE
  StopMode stop_mode = StopMode::smart;
  bool drain = false;
  bool allow_fallback = true;  ///< smart stop: cancel and keep a checkpoint on failure
  bool force = false;          ///< cancel even when Flink deletes checkpoints on cancellation
  /// Starts.
  std::string from;  ///< a snapshot to start from once; "": the restore decision
  bool allow_non_restored_state = false;
  int64_t parallelism = -1;  ///< -1: the job's configuration decides
  SubmitPath submit_path = SubmitPath::auto_value;
  /// The uids of the job's stateful operators: a run whose Flink job id was never recorded is
  /// found on storage by them (none: by the operators of its newest recorded snapshot).
  std::vector<std::string> operator_uids;
};

/// How to reach a catalog cluster: `endpoint` holds the recorded address; add credentials or
/// TLS (a non-OK status fails the action). May be called from several threads.
using ClusterResolver = std::function<Status(const std::string& cluster, Endpoint& endpoint)>;

struct LifecycleOptions {
  ClusterResolver resolve_cluster;  ///< empty: the recorded address, no credentials
  std::string owner;                ///< "": this process
  int64_t poll_ms = 100;
  VerifyLevel verify_level = VerifyLevel::structure;
  /// Where the scripts' ${secret:NAME} values are, read at the last moment before a start;
  /// borrowed: it must outlive the Lifecycle. nullptr: a script with references is refused.
  const SecretStore* secrets = nullptr;
};

/// An observation round's settings (flowstate_observe_options).
struct ObserveOptions {
  std::vector<std::string> clusters;  ///< empty: every cluster a run is on
  int64_t stats_budget = 200;         ///< checkpoint statistics per round (a request each)
  int64_t stats_period_ms = 60000;    ///< ... so that each running job's are at most this old
  int64_t lost_after_ms = 60000;      ///< silence before an UNREACHABLE job is presumed LOST ...
  int64_t lost_after_probes = 2;      ///< ... over at least this many failed probes
  int64_t max_parallel = 64;          ///< requests in flight
  int64_t reconcile_period_ms = -1;   ///< each job compared with storage this often; -1: never
  int64_t reconcile_budget = 16;      ///< jobs compared per round
  VerifyLevel reconcile_level = VerifyLevel::structure;
};

/// One job compared with storage in a round: what storage held that the catalog lacked (now
/// recorded), what is gone (MISSING), what Flink's retention deleted (DISPOSED).
struct JobGap {
  std::string job;
  std::vector<SnapshotRecord> added, missing, disposed;
  std::vector<std::string> problems;
};

struct ObserveReport {
  ObserveInfo info;  ///< counts, unreachable clusters, jobs left alone, problems
  std::vector<ObservedChange> changes;
  std::vector<SnapshotRecord> captured;  ///< recorded by the round
  std::vector<JobGap> gaps;              ///< the jobs compared with storage
};

class Lifecycle {
 public:
  /// Borrows catalog and storage (may be null): they must outlive the Lifecycle.
  static Result<Lifecycle> open(Catalog& catalog, const Storage* storage,
                                LifecycleOptions options = {}) {
    auto state = std::make_unique<State>();
    state->options = std::move(options);
    flowstate_lifecycle_options c = FLOWSTATE_LIFECYCLE_OPTIONS_INIT;
    if (state->options.resolve_cluster) {
      c.resolve_cluster = &State::resolve;
      c.resolver_user_data = state.get();
    }
    c.owner = state->options.owner.empty() ? nullptr : state->options.owner.c_str();
    c.poll_ms = state->options.poll_ms;
    c.verify_level = static_cast<int>(state->options.verify_level);
    if (state->options.secrets != nullptr) {
      state->secrets = std::make_unique<detail::SecretStoreAdapter>(state->options.secrets);
      c.secrets = state->secrets->get();
    }
    flowstate_lifecycle* h = nullptr;
    int rc = flowstate_lifecycle_new(&h, catalog.get(), storage ? storage->get() : nullptr, &c);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    state->handle.reset(h);
    return Lifecycle(std::move(state));
  }

  /// \copybrief flowstate_lifecycle_adopt
  /// (The C++ form of flowstate_lifecycle_adopt().)
  Result<ActionReport> adopt(std::string_view ref, std::string_view flink_job_id,
                             const ActionContext& ctx = {}) {
    std::string r(ref), j(flink_job_id);
    return act(ctx, [&](flowstate_action_report** out, const flowstate_operation* op) {
      return flowstate_lifecycle_adopt(out, get(), r.c_str(), j.c_str(), op);
    });
  }
  /// Starts a new run through the cluster's runner (flowstate_lifecycle_start).
  Result<ActionReport> start(std::string_view ref, const ActionOptions& o = {},
                             const ActionContext& ctx = {}) {
    std::string r(ref);
    std::vector<const char*> uids;
    flowstate_action_options c = to_c(o, uids);
    return act(ctx, [&](flowstate_action_report** out, const flowstate_operation* op) {
      return flowstate_lifecycle_start(out, get(), r.c_str(), &c, op);
    });
  }
  /// Starts again a job whose run was lost or has ended (flowstate_lifecycle_resume).
  Result<ActionReport> resume(std::string_view ref, const ActionOptions& o = {},
                              const ActionContext& ctx = {}) {
    std::string r(ref);
    std::vector<const char*> uids;
    flowstate_action_options c = to_c(o, uids);
    return act(ctx, [&](flowstate_action_report** out, const flowstate_operation* op) {
      return flowstate_lifecycle_resume(out, get(), r.c_str(), &c, op);
    });
  }
  /// Stops as o's stop fields say, waits for the end, starts (flowstate_lifecycle_restart).
  Result<ActionReport> restart(std::string_view ref, const ActionOptions& o = {},
                               const ActionContext& ctx = {}) {
    std::string r(ref);
    std::vector<const char*> uids;
    flowstate_action_options c = to_c(o, uids);
    return act(ctx, [&](flowstate_action_report** out, const flowstate_operation* op) {
      return flowstate_lifecycle_restart(out, get(), r.c_str(), &c, op);
    });
  }
  /// Triggers a savepoint of the running job and records it once verified
  /// (flowstate_lifecycle_savepoint()).
  Result<ActionReport> savepoint(std::string_view ref, const ActionOptions& o = {},
                                 const ActionContext& ctx = {}) {
    std::string r(ref);
    std::vector<const char*> uids;
    flowstate_action_options c = to_c(o, uids);
    return act(ctx, [&](flowstate_action_report** out, const flowstate_operation* op) {
      return flowstate_lifecycle_savepoint(out, get(), r.c_str(), &c, op);
    });
  }
  /// Stops the running job as o.stop_mode says and records what it leaves
  /// (flowstate_lifecycle_stop()).
  Result<ActionReport> stop(std::string_view ref, const ActionOptions& o = {},
                            const ActionContext& ctx = {}) {
    std::string r(ref);
    std::vector<const char*> uids;
    flowstate_action_options c = to_c(o, uids);
    return act(ctx, [&](flowstate_action_report** out, const flowstate_operation* op) {
      return flowstate_lifecycle_stop(out, get(), r.c_str(), &c, op);
    });
  }
  /// \copybrief flowstate_lifecycle_cancel
  /// (The C++ form of flowstate_lifecycle_cancel().)
  Result<ActionReport> cancel(std::string_view ref, const ActionContext& ctx = {}) {
    std::string r(ref);
    return act(ctx, [&](flowstate_action_report** out, const flowstate_operation* op) {
      return flowstate_lifecycle_cancel(out, get(), r.c_str(), op);
    });
  }
  /// To another catalog cluster, while no run the old one may hold is open (audited).
  Result<ActionReport> move(std::string_view ref, std::string_view cluster,
                            const ActionContext& ctx = {}) {
    std::string r(ref), c(cluster);
    return act(ctx, [&](flowstate_action_report** out, const flowstate_operation* op) {
      return flowstate_lifecycle_move(out, get(), r.c_str(), c.c_str(), op);
    });
  }
  /// The job's cluster is destroyed: UNREACHABLE becomes LOST (audited with `why`).
  Result<ActionReport> acknowledge_lost(std::string_view ref, std::string_view why = {},
                                        const ActionContext& ctx = {}) {
    std::string r(ref), w(why);
    return act(ctx, [&](flowstate_action_report** out, const flowstate_operation* op) {
      return flowstate_lifecycle_acknowledge_lost(out, get(), r.c_str(), w.c_str(), op);
    });
  }
  /// \copybrief flowstate_lifecycle_recover
  /// (The C++ form of flowstate_lifecycle_recover().)
  Result<RecoverReport> recover(const ActionContext& ctx = {}) {
    flowstate_operation op = detail::operation_to_c(ctx.timeout_ms, ctx.cancel, ctx.progress);
    flowstate_recover_report* rep = nullptr;
    int rc = flowstate_lifecycle_recover(&rep, get(), &op);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    RecoverReport out;
    for (size_t i = 0; i < flowstate_recover_report_resolved_count(rep); ++i) {
      out.resolved.push_back(read(flowstate_recover_report_resolved(rep, i)));
    }
    for (size_t i = 0; i < flowstate_recover_report_skipped_count(rep); ++i) {
      out.skipped.emplace_back(flowstate_recover_report_skipped(rep, i));
    }
    flowstate_recover_report_free(rep);
    return out;
  }

  /// One observation round (flowstate_lifecycle_observe).
  Result<ObserveReport> observe(const ObserveOptions& o = {}, const ActionContext& ctx = {}) {
    ObserveC c(o);
    flowstate_operation op = detail::operation_to_c(ctx.timeout_ms, ctx.cancel, ctx.progress);
    flowstate_observe_report* rep = nullptr;
    int rc = flowstate_lifecycle_observe(&rep, get(), &c.options, &op);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    ObserveReport out = read(rep);
    flowstate_observe_report_free(rep);
    return out;
  }
  /// Rounds every `interval` on this thread until ctx's token is cancelled or its timeout
  /// passes, or on_round returns false (each round's report, or its error).
  using RoundCallback = std::function<bool(const Result<ObserveReport>&)>;
  Status watch(const ObserveOptions& o, std::chrono::milliseconds interval,
               const RoundCallback& on_round, const ActionContext& ctx = {}) {
    ObserveC c(o);
    flowstate_operation op = detail::operation_to_c(ctx.timeout_ms, ctx.cancel, ctx.progress);
    struct Call {
      const RoundCallback* fn;
      static int round(void* user, const flowstate_observe_report* rep, int code,
                       const char* message) {
        auto* self = static_cast<Call*>(user);
        try {
          if (rep == nullptr) {
            return (*self->fn)(Status(static_cast<ErrorCode>(code), message ? message : "")) ? 0
                                                                                             : 1;
          }
          return (*self->fn)(read(rep)) ? 0 : 1;
        } catch (...) {
          return 1;  ///< an exception ends the watch; it never crosses the C ABI
        }
      }
    } call{&on_round};
    int rc =
        flowstate_lifecycle_watch(get(), &c.options, interval.count(), &Call::round, &call, &op);
    return rc == FLOWSTATE_OK ? Status() : Status::from_c(rc);
  }

  /// The C handle, for the C API (owned by this object).
  flowstate_lifecycle* get() const { return state_->handle.get(); }

 private:
  struct State {
    LifecycleOptions options;
    std::unique_ptr<detail::SecretStoreAdapter> secrets;
    detail::UniqueHandle<flowstate_lifecycle, flowstate_lifecycle_free> handle;
    static int resolve(void* user, const char* cluster, flowstate_endpoint* endpoint) {
      auto* self = static_cast<State*>(user);
      try {
        Endpoint e;
        e.url = endpoint->url != nullptr ? endpoint->url : "";
        Status st = self->options.resolve_cluster(cluster, e);
        if (!st.ok()) return static_cast<int>(st.code());
        /// Kept until the handle goes: the C side reads the strings during the action.
        auto kept = std::make_shared<std::pair<Endpoint, std::unique_ptr<detail::EndpointC>>>();
        kept->first = std::move(e);
        kept->second = std::make_unique<detail::EndpointC>(kept->first, endpoint);
        std::lock_guard<std::mutex> lock(self->mu);
        self->kept.push_back(std::move(kept));
        return FLOWSTATE_OK;
      } catch (...) {
        return FLOWSTATE_E_INTERNAL;
      }
    }
    std::mutex mu;
    std::vector<std::shared_ptr<std::pair<Endpoint, std::unique_ptr<detail::EndpointC>>>> kept;
  };

  explicit Lifecycle(std::unique_ptr<State> state) : state_(std::move(state)) {}

  /// The C options over `o`'s strings (kept alive by this object).
  struct ObserveC {
    explicit ObserveC(const ObserveOptions& o) {
      for (const std::string& c : o.clusters) names.push_back(c.c_str());
      options.clusters = names.empty() ? nullptr : names.data();
      options.cluster_count = names.size();
      options.stats_budget = o.stats_budget;
      options.stats_period_ms = o.stats_period_ms;
      options.lost_after_ms = o.lost_after_ms;
      options.lost_after_probes = o.lost_after_probes;
      options.max_parallel = o.max_parallel;
      options.reconcile_period_ms = o.reconcile_period_ms;
      options.reconcile_budget = o.reconcile_budget;
      options.reconcile_level = static_cast<int>(o.reconcile_level);
    }
    std::vector<const char*> names;
    flowstate_observe_options options = FLOWSTATE_OBSERVE_OPTIONS_INIT;
  };

  static std::vector<SnapshotRecord> records(const flowstate_record_list* l) {
    return detail::read_list(l, &flowstate_record_list_count, &flowstate_record_list_get);
  }

  static ObserveReport read(const flowstate_observe_report* rep) {
    ObserveReport out;
    flowstate_observe_info info = FLOWSTATE_OBSERVE_INFO_INIT;
    if (flowstate_observe_report_get(rep, &info) == FLOWSTATE_OK) out.info = detail::from_c(info);
    for (size_t i = 0; i < flowstate_observe_report_change_count(rep); ++i) {
      flowstate_observed_change c = FLOWSTATE_OBSERVED_CHANGE_INIT;
      if (flowstate_observe_report_change_get(rep, i, &c) == FLOWSTATE_OK) {
        out.changes.push_back(detail::from_c(c));
      }
    }
    out.captured = records(flowstate_observe_report_captured(rep));
    for (size_t i = 0; i < flowstate_observe_report_gap_count(rep); ++i) {
      const flowstate_reconcile_report* g = flowstate_observe_report_gap(rep, i);
      JobGap gap;
      gap.job = flowstate_observe_report_gap_job(rep, i);
      gap.added = records(flowstate_reconcile_report_added(g));
      gap.missing = records(flowstate_reconcile_report_missing(g));
      gap.disposed = records(flowstate_reconcile_report_disposed(g));
      flowstate_reconcile_info ri = FLOWSTATE_RECONCILE_INFO_INIT;
      if (flowstate_reconcile_report_get(g, &ri) == FLOWSTATE_OK) {
        for (size_t k = 0; k < ri.problem_count; ++k) gap.problems.emplace_back(ri.problems[k]);
      }
      out.gaps.push_back(std::move(gap));
    }
    return out;
  }

  /// `uids` holds the operator uids' pointers while `c` is used.
  static flowstate_action_options to_c(const ActionOptions& o, std::vector<const char*>& uids) {
    flowstate_action_options c = FLOWSTATE_ACTION_OPTIONS_INIT;
    for (const std::string& u : o.operator_uids) uids.push_back(u.c_str());
    c.operator_uids = uids.empty() ? nullptr : uids.data();
    c.operator_uid_count = uids.size();
    c.target_directory = o.target_directory.empty() ? nullptr : o.target_directory.c_str();
    c.format = o.format.empty() ? nullptr : o.format.c_str();
    c.stop_mode = static_cast<int>(o.stop_mode);
    c.drain = o.drain ? 1 : 0;
    c.allow_fallback = o.allow_fallback ? 1 : 0;
    c.force = o.force ? 1 : 0;
    c.from = o.from.empty() ? nullptr : o.from.c_str();
    c.allow_non_restored_state = o.allow_non_restored_state ? 1 : 0;
    c.parallelism = o.parallelism;
    c.submit_path = static_cast<int>(o.submit_path);
    return c;
  }

  static ActionReport read(const flowstate_action_report* rep) {
    ActionReport out;
    flowstate_operation_record op = FLOWSTATE_OPERATION_RECORD_INIT;
    if (flowstate_action_report_operation(rep, &op) == FLOWSTATE_OK) {
      out.operation = detail::from_c(op);
    }
    for (size_t i = 0; i < flowstate_action_report_transition_count(rep); ++i) {
      flowstate_transition_info t = FLOWSTATE_TRANSITION_INFO_INIT;
      if (flowstate_action_report_transition_get(rep, i, &t) == FLOWSTATE_OK) {
        out.transitions.push_back(detail::from_c(t));
      }
    }
    for (size_t i = 0; i < flowstate_action_report_snapshot_count(rep); ++i) {
      flowstate_snapshot_record s = FLOWSTATE_SNAPSHOT_RECORD_INIT;
      if (flowstate_action_report_snapshot_get(rep, i, &s) == FLOWSTATE_OK) {
        out.snapshots.push_back(detail::from_c(s));
      }
    }
    for (size_t i = 0; i < flowstate_action_report_reason_count(rep); ++i) {
      out.reasons.emplace_back(flowstate_action_report_reason(rep, i));
    }
    out.commits = flowstate_action_report_commits(rep);
    return out;
  }

  template <typename F>
  Result<ActionReport> act(const ActionContext& ctx, F&& call) {
    flowstate_operation op = detail::operation_to_c(ctx.timeout_ms, ctx.cancel, ctx.progress);
    flowstate_action_report* rep = nullptr;
    int rc = call(&rep, &op);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    ActionReport out = read(rep);
    flowstate_action_report_free(rep);
    return out;
  }

  std::unique_ptr<State> state_;
};

/// What observation rounds kept of the job (the defaults for one never observed).
inline Result<WatchInfo> get_watch(Catalog& catalog, std::string_view ref) {
  std::string r(ref);
  flowstate_watch_info w = FLOWSTATE_WATCH_INFO_INIT;
  int rc = flowstate_catalog_get_watch(catalog.get(), r.c_str(), &w);
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  return detail::from_c(w);
}

/// The job's operations, newest first (ref empty: every job's). Reading never runs recovery.
inline Result<std::vector<OperationRecord>> list_operations(Catalog& catalog, std::string_view ref,
                                                            bool unfinished_only = false,
                                                            int64_t limit = 100) {
  std::string r(ref);
  flowstate_operation_list* l = nullptr;
  int rc = flowstate_catalog_list_operations(&l, catalog.get(), r.empty() ? nullptr : r.c_str(),
                                             unfinished_only ? 1 : 0, limit);
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  std::vector<OperationRecord> out;
  for (size_t i = 0; i < flowstate_operation_list_count(l); ++i) {
    flowstate_operation_record c = FLOWSTATE_OPERATION_RECORD_INIT;
    if (flowstate_operation_list_get(l, i, &c) == FLOWSTATE_OK) out.push_back(detail::from_c(c));
  }
  flowstate_operation_list_free(l);
  return out;
}

}  // namespace flowstate

#endif  // FLOWSTATE_LIFECYCLE_HPP
