/// @file
/// flowstate/catalog.hpp: the checkpoint catalog, C++ API over flowstate/catalog.h.
#ifndef FLOWSTATE_CATALOG_HPP
#define FLOWSTATE_CATALOG_HPP

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flowstate/cancel.hpp"
#include "flowstate/catalog.h"
#include "flowstate/diagnostics.hpp"
#include "flowstate/enums.hpp"
#include "flowstate/records.hpp"
#include "flowstate/status.hpp"
#include "flowstate/storage.hpp"

namespace flowstate {

namespace detail {
inline const char* opt_c(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }
}  // namespace detail

struct CatalogOptions {
  bool create = true;
  bool read_only = false;
  int busy_timeout_ms = 5000;
  std::string actor;  ///< "" = the OS user
};

struct JobQuery {
  std::string name_contains, cluster, folder;  ///< "" = any
  std::optional<JobState> state;               ///< the lifecycle's; nullopt = any
  int64_t limit = 1000;
};

struct FolderListing {
  std::vector<FolderInfo> folders;  ///< direct subfolders
  std::vector<JobInfo> jobs;        ///< direct jobs
};

/// Where the host keeps secret values (see flowstate_secret_store). Return a Status with
/// ErrorCode::not_found from get for an unknown name. Without remove, values of removed jobs
/// and of secrets a script no longer holds stay in the store (and the catalog says which).
struct SecretStore {
  std::function<Status(std::string_view name, std::string_view value)> put;
  std::function<Result<std::string>(std::string_view name)> get;
  std::function<Status(std::string_view name)> remove;
};

struct SaveReport {
  std::string stored;  ///< the script as stored
  std::vector<MovedSecret> moved;
};

struct RestoreOptions {
  std::string flink_version;  ///< "" = the job's cluster's
  bool verify = true;
  VerifyLevel verify_level = VerifyLevel::files;
  bool discover = true;
  std::optional<bool> fail_closed;  ///< unset: the job's setting
  size_t max_candidates = 8;
  int64_t timeout_ms = -1;
  const CancelToken* cancel = nullptr;
  ProgressCallback progress;
};

struct ReconcileReport {
  std::vector<SnapshotRecord> added, missing, disposed;
  int64_t unchanged = 0;
  std::vector<std::string> problems;
};

struct PruneReport {
  std::vector<SnapshotRecord> deleted, kept, failed;
};

namespace detail {

/// Adapts a SecretStore to the C callbacks for the length of one call.
class SecretStoreAdapter {
 public:
  explicit SecretStoreAdapter(const SecretStore* s) : store_(s) {
    c_.version = FLOWSTATE_SECRET_STORE_VERSION;
    c_.put = &put;
    c_.get = &get;
    c_.remove = &remove;
    c_.user_data = this;
  }
  const flowstate_secret_store* get() const { return store_ ? &c_ : nullptr; }

 private:
  static int put(void* user, const char* name, const char* value, size_t len) {
    const SecretStore* s = static_cast<SecretStoreAdapter*>(user)->store_;
    if (!s->put) return FLOWSTATE_E_UNSUPPORTED;
    try {
      return static_cast<int>(s->put(name, std::string_view(value, len)).code());
    } catch (...) {
      return FLOWSTATE_E_INTERNAL;
    }
  }
  static int remove(void* user, const char* name) {
    const SecretStore* s = static_cast<SecretStoreAdapter*>(user)->store_;
    if (!s->remove) return FLOWSTATE_E_UNSUPPORTED;
    try {
      return static_cast<int>(s->remove(name).code());
    } catch (...) {
      return FLOWSTATE_E_INTERNAL;
    }
  }
  static int get(void* user, const char* name, flowstate_secret_value* out) {
    const SecretStore* s = static_cast<SecretStoreAdapter*>(user)->store_;
    if (!s->get) return FLOWSTATE_E_UNSUPPORTED;
    try {
      Result<std::string> v = s->get(name);
      if (!v.ok()) return static_cast<int>(v.status().code());
      return flowstate_secret_value_set(out, v->data(), v->size());
    } catch (...) {
      return FLOWSTATE_E_INTERNAL;
    }
  }
  const SecretStore* store_;
  flowstate_secret_store c_{};
};

}  // namespace detail

/// One catalog file. Thread-safe; move-only.
class Catalog {
 public:
  /// \copybrief flowstate_catalog_open
  /// (The C++ form of flowstate_catalog_open().)
  static Result<Catalog> open(std::string_view path, const CatalogOptions& o = {}) {
    std::string p(path);
    flowstate_catalog_options c = FLOWSTATE_CATALOG_OPTIONS_INIT;
    c.create = o.create ? 1 : 0;
    c.read_only = o.read_only ? 1 : 0;
    c.busy_timeout_ms = o.busy_timeout_ms;
    c.actor = detail::opt_c(o.actor);
    flowstate_catalog* raw = nullptr;
    int rc = flowstate_catalog_open(&raw, p.c_str(), &c);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    return Catalog(raw);
  }

  /// The C handle, for the C API (owned by this object).
  flowstate_catalog* get() const { return handle_.get(); }
  /// \copybrief flowstate_catalog_schema_version
  /// (The C++ form of flowstate_catalog_schema_version().)
  int schema_version() const { return flowstate_catalog_schema_version(get()); }
  /// \copybrief flowstate_catalog_path
  /// (The C++ form of flowstate_catalog_path().)
  std::string path() const { return detail::or_empty(flowstate_catalog_path(get())); }

  /// ---- clusters
  Result<ClusterInfo> put_cluster(const ClusterInfo& k) {
    flowstate_cluster_info c = detail::to_c(k);
    return first_cluster([&](flowstate_cluster_list** out) {
      return flowstate_catalog_put_cluster(out, get(), &c);
    });
  }
  /// \copybrief flowstate_catalog_get_cluster
  /// (The C++ form of flowstate_catalog_get_cluster().)
  Result<ClusterInfo> get_cluster(std::string_view name) {
    std::string n(name);
    return first_cluster([&](flowstate_cluster_list** out) {
      return flowstate_catalog_get_cluster(out, get(), n.c_str());
    });
  }
  /// \copybrief flowstate_catalog_list_clusters
  /// (The C++ form of flowstate_catalog_list_clusters().)
  Result<std::vector<ClusterInfo>> list_clusters() {
    flowstate_cluster_list* l = nullptr;
    int rc = flowstate_catalog_list_clusters(&l, get());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    std::vector<ClusterInfo> out = clusters(l);
    flowstate_cluster_list_free(l);
    return out;
  }
  /// \copybrief flowstate_catalog_remove_cluster
  /// (The C++ form of flowstate_catalog_remove_cluster().)
  Status remove_cluster(std::string_view name) {
    std::string n(name);
    return Status::from_c(flowstate_catalog_remove_cluster(get(), n.c_str()));
  }

  /// ---- jobs ("ref": an id or a path)
  Result<JobInfo> add_job(const JobInfo& j) {
    flowstate_job_info c = detail::to_c(j);
    return first_job(
        [&](flowstate_job_list** out) { return flowstate_catalog_add_job(out, get(), &c); });
  }
  /// \copybrief flowstate_catalog_get_job
  /// (The C++ form of flowstate_catalog_get_job().)
  Result<JobInfo> get_job(std::string_view ref) {
    std::string r(ref);
    return first_job(
        [&](flowstate_job_list** out) { return flowstate_catalog_get_job(out, get(), r.c_str()); });
  }
  /// \copybrief flowstate_catalog_update_job
  /// (The C++ form of flowstate_catalog_update_job().)
  Result<JobInfo> update_job(std::string_view ref, const JobInfo& j) {
    std::string r(ref);
    flowstate_job_info c = detail::to_c(j);
    return first_job([&](flowstate_job_list** out) {
      return flowstate_catalog_update_job(out, get(), r.c_str(), &c);
    });
  }
  /// \copybrief flowstate_catalog_move_job
  /// (The C++ form of flowstate_catalog_move_job().)
  Result<JobInfo> move_job(std::string_view ref, std::string_view folder,
                           std::optional<std::string> new_name = std::nullopt) {
    std::string r(ref), f(folder);
    return first_job([&](flowstate_job_list** out) {
      return flowstate_catalog_move_job(out, get(), r.c_str(), f.c_str(),
                                        new_name ? new_name->c_str() : nullptr);
    });
  }
  /// With its runs and records; its secret values stay in the host's store.
  Status remove_job(std::string_view ref) {
    std::string r(ref);
    return Status::from_c(flowstate_catalog_remove_job(get(), r.c_str()));
  }
  /// Then its secret values leave `secrets`; returns the names of those left in it (a store
  /// without remove keeps them; the audit log says why).
  Result<std::vector<std::string>> remove_job(std::string_view ref, const SecretStore& secrets) {
    std::string r(ref);
    detail::SecretStoreAdapter adapter(&secrets);
    Diagnostics diags;
    int rc = flowstate_catalog_remove_job_v2(get(), r.c_str(), adapter.get(), diags.get());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    std::vector<std::string> left;
    for (const Diagnostic& d : diags.entries()) left.push_back(d.path);
    return left;
  }
  /// \copybrief flowstate_catalog_set_strategy
  /// (The C++ form of flowstate_catalog_set_strategy().)
  Status set_strategy(std::string_view ref, RestoreStrategy strategy) {
    std::string r(ref);
    return Status::from_c(
        flowstate_catalog_set_strategy(get(), r.c_str(), static_cast<int>(strategy)));
  }
  /// ONCE(path); nullopt clears a pending one.
  Status set_once(std::string_view ref, std::optional<std::string> path) {
    std::string r(ref);
    return Status::from_c(
        flowstate_catalog_set_once(get(), r.c_str(), path ? path->c_str() : nullptr));
  }
  /// Drops a pending ONCE path; returns it (nullopt: none was pending).
  Result<std::optional<std::string>> clear_once(std::string_view ref) {
    std::string r(ref);
    char* dropped = nullptr;
    int rc = flowstate_catalog_clear_once(&dropped, get(), r.c_str());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    std::optional<std::string> out;
    if (dropped != nullptr) out = dropped;
    flowstate_string_free(dropped);
    return out;
  }
  /// \copybrief flowstate_catalog_find_jobs
  /// (The C++ form of flowstate_catalog_find_jobs().)
  Result<std::vector<JobInfo>> find_jobs(const JobQuery& q = {}) {
    flowstate_job_query c = FLOWSTATE_JOB_QUERY_INIT;
    c.name_contains = detail::opt_c(q.name_contains);
    c.state = q.state ? static_cast<int>(*q.state) : -1;
    c.cluster = detail::opt_c(q.cluster);
    c.folder = detail::opt_c(q.folder);
    c.limit = q.limit;
    flowstate_job_list* l = nullptr;
    int rc = flowstate_catalog_find_jobs(&l, get(), &c);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    std::vector<JobInfo> out = jobs(l);
    flowstate_job_list_free(l);
    return out;
  }

  /// ---- folders
  Status create_folder(std::string_view path) {
    std::string p(path);
    return Status::from_c(flowstate_catalog_create_folder(get(), p.c_str()));
  }
  /// \copybrief flowstate_catalog_move_folder
  /// (The C++ form of flowstate_catalog_move_folder().)
  Status move_folder(std::string_view from, std::string_view to) {
    std::string f(from), t(to);
    return Status::from_c(flowstate_catalog_move_folder(get(), f.c_str(), t.c_str()));
  }
  /// \copybrief flowstate_catalog_remove_folder
  /// (The C++ form of flowstate_catalog_remove_folder().)
  Status remove_folder(std::string_view path) {
    std::string p(path);
    return Status::from_c(flowstate_catalog_remove_folder(get(), p.c_str()));
  }
  /// \copybrief flowstate_catalog_list_folder
  /// (The C++ form of flowstate_catalog_list_folder().)
  Result<FolderListing> list_folder(std::string_view path) {
    std::string p(path);
    flowstate_folder_list* f = nullptr;
    flowstate_job_list* j = nullptr;
    int rc = flowstate_catalog_list_folder(&f, &j, get(), p.c_str());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    FolderListing out{
        detail::read_list(f, &flowstate_folder_list_count, &flowstate_folder_list_get), jobs(j)};
    flowstate_folder_list_free(f);
    flowstate_job_list_free(j);
    return out;
  }
  /// \copybrief flowstate_catalog_tree
  /// (The C++ form of flowstate_catalog_tree().)
  Result<std::vector<FolderInfo>> tree(std::string_view path = "/") {
    std::string p(path);
    flowstate_folder_list* f = nullptr;
    int rc = flowstate_catalog_tree(&f, get(), p.c_str());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    std::vector<FolderInfo> out =
        detail::read_list(f, &flowstate_folder_list_count, &flowstate_folder_list_get);
    flowstate_folder_list_free(f);
    return out;
  }

  /// ---- scripts
  Result<SaveReport> save_script(std::string_view ref, std::string_view text,
                                 const SecretStore* secrets = nullptr) {
    std::string r(ref);
    detail::SecretStoreAdapter adapter(secrets);
    flowstate_save_report* rep = nullptr;
    int rc = flowstate_catalog_save_script(&rep, get(), r.c_str(), text.data(), text.size(),
                                           adapter.get());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    SaveReport out;
    out.stored = detail::or_empty(flowstate_save_report_stored(rep));
    out.moved = detail::read_list(rep, &flowstate_save_report_moved_count,
                                  &flowstate_save_report_moved_get);
    flowstate_save_report_free(rep);
    return out;
  }
  /// The script with its references resolved (it holds secrets: keep it briefly).
  Result<std::string> resolve_script(std::string_view ref, const SecretStore* secrets) {
    std::string r(ref);
    detail::SecretStoreAdapter adapter(secrets);
    return detail::string_result([&](char** out) {
      return flowstate_catalog_resolve_script(out, get(), r.c_str(), adapter.get());
    });
  }

  /// ---- runs (written by the lifecycle; flowstate/unstable.hpp records them by hand)
  Result<std::vector<RunInfo>> list_runs(std::string_view ref) {
    std::string r(ref);
    flowstate_run_list* l = nullptr;
    int rc = flowstate_catalog_list_runs(&l, get(), r.c_str());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    std::vector<RunInfo> out = runs(l);
    flowstate_run_list_free(l);
    return out;
  }

  /// ---- snapshot records
  Result<SnapshotRecord> add_snapshot(std::string_view ref, const SnapshotRecord& r) {
    std::string j(ref);
    flowstate_snapshot_record c = detail::to_c(r);
    return first_record([&](flowstate_record_list** out) {
      return flowstate_catalog_add_snapshot(out, get(), j.c_str(), &c);
    });
  }
  /// A snapshot a user names, checked on `storage` first (nullptr: not checked; the kind
  /// follows the directory's name): kind, ids, times and sizes come from storage; one that is
  /// not restorable is ILLEGAL_STATE unless `force` (then recorded as FAILED).
  Result<SnapshotRecord> register_snapshot(std::string_view ref, const SnapshotRecord& r,
                                           const Storage* storage, bool force = false,
                                           const ScanOptions& o = {}) {
    std::string j(ref);
    flowstate_snapshot_record c = detail::to_c(r);
    flowstate_operation op;
    flowstate_scan_options scan = scan_to_c(o, &op);
    flowstate_register_options opts = FLOWSTATE_REGISTER_OPTIONS_INIT;
    opts.force = force ? 1 : 0;
    opts.scan = &scan;
    return first_record([&](flowstate_record_list** out) {
      return flowstate_catalog_register_snapshot(out, get(), j.c_str(), &c,
                                                 storage ? storage->get() : nullptr, &opts);
    });
  }
  /// All or none, in one transaction; each record names its job by job_id.
  Status add_snapshots(const std::vector<SnapshotRecord>& rs) {
    std::vector<flowstate_snapshot_record> c;
    c.reserve(rs.size());
    for (const SnapshotRecord& r : rs) c.push_back(detail::to_c(r));
    return Status::from_c(flowstate_catalog_add_snapshots(get(), c.data(), c.size()));
  }
  /// \copybrief flowstate_catalog_set_snapshot_state
  /// (The C++ form of flowstate_catalog_set_snapshot_state().)
  Status set_snapshot_state(int64_t id, SnapshotState state) {
    return Status::from_c(flowstate_catalog_set_snapshot_state(get(), id, static_cast<int>(state)));
  }
  /// \copybrief flowstate_catalog_get_snapshot
  /// (The C++ form of flowstate_catalog_get_snapshot().)
  Result<SnapshotRecord> get_snapshot(int64_t id) {
    return first_record([&](flowstate_record_list** out) {
      return flowstate_catalog_get_snapshot(out, get(), id);
    });
  }
  /// The job's record of `path`, in any spelling.
  Result<SnapshotRecord> find_snapshot(std::string_view ref, std::string_view path) {
    std::string r(ref), p(path);
    return first_record([&](flowstate_record_list** out) {
      return flowstate_catalog_find_snapshot(out, get(), r.c_str(), p.c_str());
    });
  }
  /// The record only (files == nullptr), or the files through `files` first, then the record.
  Status remove_snapshot(int64_t id, const Storage* files = nullptr) {
    return Status::from_c(flowstate_catalog_remove_snapshot(
        get(), id, files ? files->get() : nullptr, files ? 1 : 0));
  }
  /// The job's snapshot records, newest first (flowstate_catalog_list_snapshots()).
  Result<std::vector<SnapshotRecord>> list_snapshots(std::string_view ref,
                                                     const std::vector<SnapshotState>& states = {},
                                                     int64_t limit = -1) {
    std::string r(ref);
    std::vector<int> c;
    for (SnapshotState st : states) c.push_back(static_cast<int>(st));
    flowstate_record_list* l = nullptr;
    int rc = flowstate_catalog_list_snapshots(&l, get(), r.c_str(), c.data(), c.size(), limit);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    std::vector<SnapshotRecord> out = records(l);
    flowstate_record_list_free(l);
    return out;
  }

  /// ---- audit log ("" = every job's), newest first
  Result<std::vector<EventInfo>> list_events(std::string_view ref = "", int64_t limit = 100) {
    std::string r(ref);
    flowstate_event_list* l = nullptr;
    int rc = flowstate_catalog_list_events(&l, get(), r.c_str(), limit);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    std::vector<EventInfo> out =
        detail::read_list(l, &flowstate_event_list_count, &flowstate_event_list_get);
    flowstate_event_list_free(l);
    return out;
  }

  /// ---- the restore decision (storage may be null with verify = false)
  Result<RestoreDecision> resolve_restore(std::string_view ref, const Storage* storage,
                                          const RestoreOptions& o = {}) {
    std::string r(ref);
    flowstate_restore_options c = FLOWSTATE_RESTORE_OPTIONS_INIT;
    c.flink_version = detail::opt_c(o.flink_version);
    c.verify = o.verify ? 1 : 0;
    c.verify_level = static_cast<int>(o.verify_level);
    c.discover = o.discover ? 1 : 0;
    c.fail_closed = o.fail_closed ? (*o.fail_closed ? 1 : 0) : -1;
    c.max_candidates = o.max_candidates;
    flowstate_operation op = detail::operation_to_c(o.timeout_ms, o.cancel, o.progress);
    c.operation = &op;
    flowstate_restore_decision* d = nullptr;
    int rc = flowstate_catalog_resolve_restore(&d, get(), r.c_str(),
                                               storage ? storage->get() : nullptr, &c);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    flowstate_restore_decision_info info;
    detail::init(info);
    rc = flowstate_restore_decision_get(d, &info);
    if (rc != FLOWSTATE_OK) {
      Status st = Status::from_c(rc);
      flowstate_restore_decision_free(d);
      return st;
    }
    RestoreDecision out = detail::from_c(info);
    out.candidates = detail::read_n<flowstate_restore_candidate>(
        info.candidate_count,
        [&](size_t i, auto* k) { return flowstate_restore_decision_candidate_get(d, i, k); });
    flowstate_restore_decision_free(d);
    return out;
  }

  /// ---- reconciliation and retention
  Result<ReconcileReport> reconcile(std::string_view ref, const Storage& storage,
                                    const ScanOptions& o = {}) {
    std::string r(ref);
    flowstate_operation op;
    flowstate_scan_options c = scan_to_c(o, &op);
    flowstate_reconcile_report* rep = nullptr;
    int rc = flowstate_catalog_reconcile(&rep, get(), r.c_str(), storage.get(), &c);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    ReconcileReport out;
    out.added = records(flowstate_reconcile_report_added(rep));
    out.missing = records(flowstate_reconcile_report_missing(rep));
    out.disposed = records(flowstate_reconcile_report_disposed(rep));
    flowstate_reconcile_info info;
    flowstate_reconcile_info_init(&info);
    if (flowstate_reconcile_report_get(rep, &info) == FLOWSTATE_OK) {
      out.unchanged = info.unchanged;
      out.problems.assign(info.problems, info.problems + info.problem_count);
    }
    flowstate_reconcile_report_free(rep);
    return out;
  }
  /// \copybrief flowstate_catalog_prune
  /// (The C++ form of flowstate_catalog_prune().)
  Result<PruneReport> prune(std::string_view ref, const Storage& storage, bool dry_run = false,
                            int64_t now_ms = -1) {
    std::string r(ref);
    flowstate_prune_options c = FLOWSTATE_PRUNE_OPTIONS_INIT;
    c.dry_run = dry_run ? 1 : 0;
    c.now_ms = now_ms;
    flowstate_prune_report* rep = nullptr;
    int rc = flowstate_catalog_prune(&rep, get(), r.c_str(), storage.get(), &c);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    PruneReport out{records(flowstate_prune_report_deleted(rep)),
                    records(flowstate_prune_report_kept(rep)),
                    records(flowstate_prune_report_failed(rep))};
    flowstate_prune_report_free(rep);
    return out;
  }

 private:
  /// A scan's options as the C ABI takes them (job ids and savepoints do not apply here);
  /// they point at *op, which must outlive the call.
  static flowstate_scan_options scan_to_c(const ScanOptions& o, flowstate_operation* op) {
    flowstate_scan_options c = FLOWSTATE_SCAN_OPTIONS_INIT;
    c.verify_level = static_cast<int>(o.verify_level);
    c.flink_version = detail::opt_c(o.flink_version);
    *op = detail::operation_to_c(o.timeout_ms, o.cancel, o.progress);
    c.operation = op;
    return c;
  }
  explicit Catalog(flowstate_catalog* raw) : handle_(raw) {}

  static std::vector<ClusterInfo> clusters(const flowstate_cluster_list* l) {
    return detail::read_list(l, &flowstate_cluster_list_count, &flowstate_cluster_list_get);
  }
  static std::vector<JobInfo> jobs(const flowstate_job_list* l) {
    return detail::read_list(l, &flowstate_job_list_count, &flowstate_job_list_get);
  }
  static std::vector<RunInfo> runs(const flowstate_run_list* l) {
    return detail::read_list(l, &flowstate_run_list_count, &flowstate_run_list_get);
  }
  static std::vector<SnapshotRecord> records(const flowstate_record_list* l) {
    return detail::read_list(l, &flowstate_record_list_count, &flowstate_record_list_get);
  }
  /// The one entry of the list a C call that returns one record hands out.
  template <typename List, typename F, typename Convert>
  static auto first(F&& call, Convert convert, void (*free_list)(List*), const char* what)
      -> Result<typename decltype(convert(nullptr))::value_type> {
    List* l = nullptr;
    int rc = call(&l);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    auto out = convert(l);
    free_list(l);
    if (out.empty()) return Status(ErrorCode::internal, std::string("no ") + what + " returned");
    return out.front();
  }
  template <typename F>
  Result<ClusterInfo> first_cluster(F&& call) {
    return first<flowstate_cluster_list>(call, &clusters, &flowstate_cluster_list_free, "cluster");
  }
  template <typename F>
  Result<JobInfo> first_job(F&& call) {
    return first<flowstate_job_list>(call, &jobs, &flowstate_job_list_free, "job");
  }
  template <typename F>
  Result<RunInfo> first_run(F&& call) {
    return first<flowstate_run_list>(call, &runs, &flowstate_run_list_free, "run");
  }
  template <typename F>
  Result<SnapshotRecord> first_record(F&& call) {
    return first<flowstate_record_list>(call, &records, &flowstate_record_list_free, "record");
  }

  detail::UniqueHandle<flowstate_catalog, flowstate_catalog_free> handle_;
};

}  // namespace flowstate

#endif  // FLOWSTATE_CATALOG_HPP
