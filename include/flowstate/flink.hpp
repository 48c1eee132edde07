/// @file
/// flowstate/flink.hpp: the Flink REST clients, C++ API over flowstate/flink.h. Answers are
/// flowstate's JSON (one shape for every Flink version; see flowstate/flink.h).
#ifndef FLOWSTATE_FLINK_HPP
#define FLOWSTATE_FLINK_HPP

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flowstate/cancel.hpp"
#include "flowstate/config.hpp"
#include "flowstate/endpoint.hpp"
#include "flowstate/flink.h"
#include "flowstate/records.hpp"
#include "flowstate/status.hpp"
#include "flowstate/storage.hpp"

namespace flowstate {

struct FlinkOptions {
  Endpoint endpoint;          ///< the JobManager's or SQL Gateway's URL and how to reach it
  std::string flink_version;  ///< "1.20"; empty: read from the cluster on first need
};

struct SavepointOptions {
  std::string target_directory, format, trigger_id;
  bool cancel_job = false, drain = false;
  /// Flink 1.14 chooses trigger ids itself: with a trigger_id for it the call is UNSUPPORTED
  /// unless this accepts the server's id (the one returned).
  bool accept_server_trigger_id = false;
};

struct RunOptions {
  std::string entry_class;
  std::vector<std::string> args;
  int64_t parallelism = -1;
  std::string job_id, savepoint_path, claim_mode;
  bool allow_non_restored_state = false;
  std::map<std::string, std::string> flink_configuration;
};

/// The whole text of the last Flink error answer on this thread.
inline std::string flink_last_error_detail() { return flowstate_flink_last_error_detail(); }

namespace detail {
struct FlinkOptionsC {
  flowstate_flink_options c = FLOWSTATE_FLINK_OPTIONS_INIT;
  EndpointC endpoint;
  explicit FlinkOptionsC(const FlinkOptions& o) : endpoint(o.endpoint, &c.endpoint) {
    c.flink_version = o.flink_version.empty() ? nullptr : o.flink_version.c_str();
  }
};

}  // namespace detail

/// GET /jobs/{id}/checkpoints, typed (flowstate_checkpoint_summary and its entries).
struct FlinkCheckpointStats {
  int64_t restored = -1, total = -1, in_progress = -1, completed = -1, failed = -1;
  std::vector<FlinkCheckpoint> history;  ///< newest first
  std::optional<FlinkCheckpoint> latest_completed, latest_savepoint, latest_failed;
  int64_t restored_id = -1, restore_ms = -1;  ///< restored_id -1: the job started empty
  bool restored_is_savepoint = false;
  std::string restored_path;
};

namespace detail {

inline Result<std::vector<FlinkJob>> take_jobs(int rc, flowstate_flink_job_list* l) {
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  std::vector<FlinkJob> out =
      read_list(l, &flowstate_flink_job_list_count, &flowstate_flink_job_list_get);
  flowstate_flink_job_list_free(l);
  return out;
}

inline FlinkCheckpoint checkpoint_at(const flowstate_checkpoint_stats* s, size_t i) {
  flowstate_checkpoint_entry c;
  flowstate_checkpoint_entry_init(&c);
  flowstate_checkpoint_stats_get(s, i, &c);
  return from_c(c);
}
}  // namespace detail

/// A JobManager's REST API. Thread-safe; move-only.
class FlinkClient {
 public:
  /// \copybrief flowstate_flink_client_new
  /// (The C++ form of flowstate_flink_client_new().)
  static Result<FlinkClient> create(const FlinkOptions& o) {
    detail::FlinkOptionsC c(o);
    flowstate_flink_client* raw = nullptr;
    int rc = flowstate_flink_client_new(&raw, &c.c);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    return FlinkClient(raw);
  }
  /// The C handle, for the C API (owned by this object).
  flowstate_flink_client* get() const { return handle_.get(); }

  /// The cluster's Flink version, as the JobManager reports it (flowstate_flink_version()).
  Result<std::string> version() { return call(flowstate_flink_version); }
  /// The cluster's overview as JSON (flowstate_flink_overview()).
  Result<std::string> overview() { return call(flowstate_flink_overview); }
  /// The cluster's dashboard configuration as JSON (flowstate_flink_config()).
  Result<std::string> config() { return call(flowstate_flink_config); }
  /// The cluster's jobs as a JSON array (flowstate_flink_jobs()).
  Result<std::string> jobs() { return call(flowstate_flink_jobs); }
  /// The job's details as JSON (flowstate_flink_job()).
  Result<std::string> job(std::string_view id) { return call_job(flowstate_flink_job, id); }
  /// The job's status, "RUNNING" and so on (flowstate_flink_job_status()).
  Result<std::string> job_status(std::string_view id) {
    return call_job(flowstate_flink_job_status, id);
  }
  /// The job's exception history as JSON, secrets redacted (flowstate_flink_exceptions()).
  Result<std::string> exceptions(std::string_view id) {
    return call_job(flowstate_flink_exceptions, id);
  }
  /// The job's checkpoint statistics as JSON (flowstate_flink_checkpoints()).
  Result<std::string> checkpoints(std::string_view id) {
    return call_job(flowstate_flink_checkpoints, id);
  }
  /// The job's checkpointing configuration as JSON (flowstate_flink_checkpoint_config()).
  Result<std::string> checkpoint_config(std::string_view id) {
    return call_job(flowstate_flink_checkpoint_config, id);
  }

  /// Typed answers: what hosts act on.
  Result<std::vector<FlinkJob>> list_jobs() {
    flowstate_flink_job_list* l = nullptr;
    int rc = flowstate_flink_list_jobs(&l, get());
    return detail::take_jobs(rc, l);
  }
  /// \copybrief flowstate_flink_get_job
  /// (The C++ form of flowstate_flink_get_job().)
  Result<FlinkJob> get_job(std::string_view id) {
    std::string j(id);
    flowstate_flink_job_list* l = nullptr;
    int rc = flowstate_flink_get_job(&l, get(), j.c_str());
    auto jobs = detail::take_jobs(rc, l);
    if (!jobs.ok()) return jobs.status();
    return jobs->front();
  }
  /// \copybrief flowstate_flink_get_checkpoints
  /// (The C++ form of flowstate_flink_get_checkpoints().)
  Result<FlinkCheckpointStats> get_checkpoints(std::string_view id) {
    std::string j(id);
    flowstate_checkpoint_stats* s = nullptr;
    int rc = flowstate_flink_get_checkpoints(&s, get(), j.c_str());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    flowstate_checkpoint_summary c;
    flowstate_checkpoint_summary_init(&c);
    flowstate_checkpoint_stats_summary(s, &c);
    FlinkCheckpointStats out;
    out.restored = c.restored;
    out.total = c.total;
    out.in_progress = c.in_progress;
    out.completed = c.completed;
    out.failed = c.failed;
    for (size_t i = 0; i < c.history_count; ++i) out.history.push_back(detail::checkpoint_at(s, i));
    auto latest = [&](int64_t index) -> std::optional<FlinkCheckpoint> {
      if (index < 0) return std::nullopt;
      return detail::checkpoint_at(s, static_cast<size_t>(index));
    };
    out.latest_completed = latest(c.latest_completed);
    out.latest_savepoint = latest(c.latest_savepoint);
    out.latest_failed = latest(c.latest_failed);
    out.restored_id = c.restored_id;
    out.restore_ms = c.restore_ms;
    out.restored_is_savepoint = c.restored_is_savepoint != 0;
    out.restored_path = detail::or_empty(c.restored_path);
    flowstate_checkpoint_stats_free(s);
    return out;
  }
  /// \copybrief flowstate_flink_get_savepoint_status
  /// (The C++ form of flowstate_flink_get_savepoint_status().)
  Result<FlinkSavepointStatus> get_savepoint_status(std::string_view id, std::string_view trigger) {
    std::string j(id), t(trigger);
    flowstate_savepoint_status* s = nullptr;
    int rc = flowstate_flink_get_savepoint_status(&s, get(), j.c_str(), t.c_str());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    flowstate_savepoint_info c;
    flowstate_savepoint_info_init(&c);
    flowstate_savepoint_status_get(s, &c);
    FlinkSavepointStatus out = detail::from_c(c);
    flowstate_savepoint_status_free(s);
    return out;
  }

  /// Triggers a savepoint; the trigger id (flowstate_flink_trigger_savepoint()).
  Result<std::string> trigger_savepoint(std::string_view id, const SavepointOptions& o = {}) {
    return savepoint(flowstate_flink_trigger_savepoint, id, o);
  }
  /// Triggers a stop with savepoint; the trigger id (flowstate_flink_stop_with_savepoint()).
  Result<std::string> stop_with_savepoint(std::string_view id, const SavepointOptions& o = {}) {
    return savepoint(flowstate_flink_stop_with_savepoint, id, o);
  }
  /// \copybrief flowstate_flink_savepoint_status
  /// (The C++ form of flowstate_flink_savepoint_status().)
  Result<std::string> savepoint_status(std::string_view id, std::string_view trigger) {
    std::string j(id), t(trigger);
    return detail::string_result([&](char** out) {
      return flowstate_flink_savepoint_status(out, get(), j.c_str(), t.c_str());
    });
  }
  /// The savepoint's location once it is done.
  Result<std::string> wait_for_savepoint(std::string_view id, std::string_view trigger,
                                         int64_t timeout_ms = -1,
                                         const CancelToken* cancel = nullptr,
                                         ProgressCallback progress = {}) {
    std::string j(id), t(trigger);
    const flowstate_operation op = detail::operation_to_c(timeout_ms, cancel, progress);
    return detail::string_result([&](char** out) {
      return flowstate_flink_wait_for_savepoint(out, get(), j.c_str(), t.c_str(), &op);
    });
  }
  /// \copybrief flowstate_flink_cancel
  /// (The C++ form of flowstate_flink_cancel().)
  Status cancel(std::string_view id) {
    std::string j(id);
    return Status::from_c(flowstate_flink_cancel(get(), j.c_str()));
  }
  /// \copybrief flowstate_flink_upload_jar
  /// (The C++ form of flowstate_flink_upload_jar().)
  Result<std::string> upload_jar(std::string_view file_name, std::string_view bytes) {
    std::string f(file_name);
    return detail::string_result([&](char** out) {
      return flowstate_flink_upload_jar(out, get(), f.c_str(), bytes.data(), bytes.size());
    });
  }
  /// \copybrief flowstate_flink_run_jar
  /// (The C++ form of flowstate_flink_run_jar().)
  Result<std::string> run_jar(std::string_view jar_id, const RunOptions& o = {}) {
    auto opt = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
    std::string jar(jar_id);
    std::vector<const char*> args, keys, values;
    for (const std::string& a : o.args) args.push_back(a.c_str());
    for (const auto& [k, v] : o.flink_configuration) {
      keys.push_back(k.c_str());
      values.push_back(v.c_str());
    }
    flowstate_jar_run_options c = FLOWSTATE_JAR_RUN_OPTIONS_INIT;
    c.entry_class = opt(o.entry_class);
    c.args = args.data();
    c.arg_count = args.size();
    c.parallelism = o.parallelism;
    c.job_id = opt(o.job_id);
    c.savepoint_path = opt(o.savepoint_path);
    c.allow_non_restored_state = o.allow_non_restored_state ? 1 : 0;
    c.claim_mode = opt(o.claim_mode);
    c.config_keys = keys.data();
    c.config_values = values.data();
    c.config_count = keys.size();
    return detail::string_result(
        [&](char** out) { return flowstate_flink_run_jar(out, get(), jar.c_str(), &c); });
  }

 private:
  explicit FlinkClient(flowstate_flink_client* raw) : handle_(raw) {}
  template <typename F>
  Result<std::string> call(F fn) {
    return detail::string_result([&](char** out) { return fn(out, get()); });
  }
  template <typename F>
  Result<std::string> call_job(F fn, std::string_view id) {
    std::string j(id);
    return detail::string_result([&](char** out) { return fn(out, get(), j.c_str()); });
  }
  template <typename F>
  Result<std::string> savepoint(F fn, std::string_view id, const SavepointOptions& o) {
    auto opt = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
    std::string j(id);
    flowstate_savepoint_options c = FLOWSTATE_SAVEPOINT_OPTIONS_INIT;
    c.target_directory = opt(o.target_directory);
    c.format = opt(o.format);
    c.trigger_id = opt(o.trigger_id);
    c.cancel_job = o.cancel_job ? 1 : 0;
    c.drain = o.drain ? 1 : 0;
    c.accept_server_trigger_id = o.accept_server_trigger_id ? 1 : 0;
    return detail::string_result([&](char** out) { return fn(out, get(), j.c_str(), &c); });
  }
  detail::UniqueHandle<flowstate_flink_client, flowstate_flink_client_free> handle_;
};

/// Job lists of many clusters at once: a JSON array, per client {"jobs"} or {"error"}.
inline Result<std::string> flink_jobs_of_many(const std::vector<FlinkClient*>& clients) {
  std::vector<flowstate_flink_client*> raw;
  for (FlinkClient* c : clients) raw.push_back(c->get());
  return detail::string_result(
      [&](char** out) { return flowstate_flink_jobs_of_many(out, raw.data(), raw.size()); });
}

/// A SQL Gateway's REST API. Thread-safe; move-only.
class SqlGateway {
 public:
  /// \copybrief flowstate_sql_gateway_new
  /// (The C++ form of flowstate_sql_gateway_new().)
  static Result<SqlGateway> create(const FlinkOptions& o) {
    detail::FlinkOptionsC c(o);
    flowstate_sql_gateway* raw = nullptr;
    int rc = flowstate_sql_gateway_new(&raw, &c.c);
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    return SqlGateway(raw);
  }
  /// The C handle, for the C API (owned by this object).
  flowstate_sql_gateway* get() const { return handle_.get(); }

  /// \copybrief flowstate_sql_gateway_api_version
  /// (The C++ form of flowstate_sql_gateway_api_version().)
  Result<int> api_version() {
    int v = 0;
    int rc = flowstate_sql_gateway_api_version(&v, get());
    if (rc != FLOWSTATE_OK) return Status::from_c(rc);
    return v;
  }
  /// Opens a session with the given properties; its handle (flowstate_sql_gateway_open_session()).
  Result<std::string> open_session(std::string_view name = {},
                                   const std::map<std::string, std::string>& properties = {}) {
    std::string n(name);
    std::vector<const char*> keys, values;
    for (const auto& [k, v] : properties) {
      keys.push_back(k.c_str());
      values.push_back(v.c_str());
    }
    return detail::string_result([&](char** out) {
      return flowstate_sql_gateway_open_session(out, get(), n.c_str(), keys.data(), values.data(),
                                                keys.size());
    });
  }
  /// \copybrief flowstate_sql_gateway_heartbeat
  /// (The C++ form of flowstate_sql_gateway_heartbeat().)
  Status heartbeat(std::string_view session) {
    std::string s(session);
    return Status::from_c(flowstate_sql_gateway_heartbeat(get(), s.c_str()));
  }
  /// \copybrief flowstate_sql_gateway_close_session
  /// (The C++ form of flowstate_sql_gateway_close_session().)
  Status close_session(std::string_view session) {
    std::string s(session);
    return Status::from_c(flowstate_sql_gateway_close_session(get(), s.c_str()));
  }
  /// {"operation", "status", "job_id", "columns", "rows"}; execution_config applies to this
  /// statement only.
  Result<std::string> run(std::string_view session, std::string_view statement,
                          int64_t timeout_ms = -1,
                          const std::map<std::string, std::string>& execution_config = {}) {
    std::string s(session), st(statement);
    std::vector<const char*> keys, values;
    for (const auto& [k, v] : execution_config) {
      keys.push_back(k.c_str());
      values.push_back(v.c_str());
    }
    flowstate_statement_options o = FLOWSTATE_STATEMENT_OPTIONS_INIT;
    o.config_keys = keys.data();
    o.config_values = values.data();
    o.config_count = keys.size();
    const flowstate_operation op = detail::operation_to_c(timeout_ms, nullptr, {});
    return detail::string_result([&](char** out) {
      return flowstate_sql_gateway_run(out, get(), s.c_str(), st.c_str(), &o, &op);
    });
  }
  /// \copybrief flowstate_sql_gateway_stop_job
  /// (The C++ form of flowstate_sql_gateway_stop_job().)
  Result<std::string> stop_job(std::string_view session, std::string_view job_id,
                               bool with_savepoint = true, bool drain = false,
                               int64_t timeout_ms = -1) {
    std::string s(session), j(job_id);
    const flowstate_operation op = detail::operation_to_c(timeout_ms, nullptr, {});
    return detail::string_result([&](char** out) {
      return flowstate_sql_gateway_stop_job(out, get(), s.c_str(), j.c_str(),
                                            with_savepoint ? 1 : 0, drain ? 1 : 0, &op);
    });
  }

 private:
  explicit SqlGateway(flowstate_sql_gateway* raw) : handle_(raw) {}
  detail::UniqueHandle<flowstate_sql_gateway, flowstate_sql_gateway_free> handle_;
};

/// What the running job really has, beside the explanation (flowstate_config_compare_running).
struct RunningOptions {
  /// Counts the job's completed checkpoints there for num-retained; nullptr: not counted.
  const Storage* storage = nullptr;
  int64_t timeout_ms = -1;  ///< the whole fetch; -1: none
  const CancelToken* cancel = nullptr;
  /// Phases "fetch" and the storage scan's "check"; return false to stop (then cancelled).
  ProgressCallback progress;
};

struct RunningComparison {
  /// Checkpointing, parallelism, num-retained, then the cluster-only keys.
  std::vector<RunningRow> rows;
  int64_t checkpoints_on_storage = -1;  ///< -1: not counted (num-retained's note says why)
};

/// Fetches what job `job_id` of `client`'s cluster has and holds it against `explained`.
inline Result<RunningComparison> compare_running(const Config& explained, const FlinkClient& client,
                                                 std::string_view job_id,
                                                 const RunningOptions& o = {}) {
  std::string j(job_id);
  const flowstate_operation op = detail::operation_to_c(o.timeout_ms, o.cancel, o.progress);
  flowstate_running_options c = FLOWSTATE_RUNNING_OPTIONS_INIT;
  c.storage = o.storage != nullptr ? o.storage->get() : nullptr;
  c.operation = &op;
  flowstate_running_comparison* raw = nullptr;
  int rc = flowstate_config_compare_running(&raw, explained.get(), client.get(), j.c_str(), &c);
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  RunningComparison out;
  out.rows = detail::read_list(raw, &flowstate_running_comparison_count,
                               &flowstate_running_comparison_get);
  out.checkpoints_on_storage = flowstate_running_comparison_checkpoints_on_storage(raw);
  flowstate_running_comparison_free(raw);
  return out;
}

}  // namespace flowstate

#endif  // FLOWSTATE_FLINK_HPP
