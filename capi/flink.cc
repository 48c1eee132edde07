// The C ABI of the Flink REST clients (flowstate/flink.h).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "capi/capi.h"
#include "capi/flink_handle.h"
#include "capi/storage_handle.h"
#include "common/strings.h"
#include "flink/client.h"
#include "flink/json_out.h"
#include "flowstate/flink.h"

namespace core = flowstate::core;
namespace fl = flowstate::core::flink;
using flowstate::capi::CheckVersion;
using flowstate::capi::CopyOut;
using flowstate::capi::EndpointIn;
using flowstate::capi::EnumArg;
using flowstate::capi::Guard;
using flowstate::capi::GuardValue;
using flowstate::capi::GuardVoid;
using flowstate::capi::kOk;
using flowstate::capi::NullArgument;
using flowstate::capi::SetError;
using flowstate::capi::Str;
using flowstate::capi::UnknownEnumValue;

struct flowstate_sql_gateway {
  std::unique_ptr<fl::SqlGatewayClient> impl;
};

namespace {

core::Result<fl::ClientOptions> OptionsIn(const flowstate_flink_options* o) {
  if (o == nullptr)
    return core::Status::InvalidArgument("options is NULL (a client needs at least a url)");
  FS_RETURN_IF_ERROR(
      CheckVersion(o->version, FLOWSTATE_FLINK_OPTIONS_VERSION, "flowstate_flink_options"));
  fl::ClientOptions out;
  FS_RETURN_IF_ERROR(EndpointIn(o->endpoint, "options->endpoint.", &out));
  if (o->flink_version != nullptr && o->flink_version[0] != '\0') {
    FS_ASSIGN_OR_RETURN(core::FlinkVersion v, core::FlinkVersion::Parse(o->flink_version));
    out.version = v;
  }
  return out;
}

// *out <- a new handle whose impl is an Impl made from the options.
template <typename Impl, typename Handle>
int NewClient(Handle** out, const flowstate_flink_options* options) {
  if (out == nullptr) return NullArgument("out");
  *out = nullptr;
  auto o = OptionsIn(options);
  if (!o.ok()) return SetError(o.status());
  auto h = std::make_unique<Handle>();
  h->impl = std::make_unique<Impl>(std::move(*o));
  *out = h.release();
  return kOk;
}

// out <- JSON of fn()'s value.
template <typename F>
int JsonOut(char** out, F&& fn) {
  if (out == nullptr) return NullArgument("out_json");
  *out = nullptr;
  auto r = fn();
  if (!r.ok()) return SetError(r.status());
  *out = CopyOut(fl::ToJson(*r));
  return kOk;
}

template <typename F>
int StringOut(char** out, F&& fn) {
  if (out == nullptr) return NullArgument("out");
  *out = nullptr;
  auto r = fn();
  if (!r.ok()) return SetError(r.status());
  *out = CopyOut(*r);
  return kOk;
}

struct StatementOptions {
  std::map<std::string, std::string> config;
  int64_t timeout_ms = -1;
};

// Flink configuration given as two parallel arrays.
core::Result<std::map<std::string, std::string>> ConfigIn(const char* const* keys,
                                                          const char* const* values, size_t count) {
  std::map<std::string, std::string> out;
  if (count > 0 && (keys == nullptr || values == nullptr)) {
    return core::Status::InvalidArgument(
        "config_keys and config_values are required with config_count");
  }
  for (size_t i = 0; i < count; ++i) {
    if (keys[i] == nullptr || values[i] == nullptr) {
      return core::Status::InvalidArgument(core::StrCat("configuration entry ", i, " is NULL"));
    }
    out[keys[i]] = values[i];
  }
  return out;
}

core::Result<StatementOptions> StatementOptionsIn(const flowstate_statement_options* o) {
  StatementOptions out;
  if (o == nullptr) return out;
  FS_RETURN_IF_ERROR(
      CheckVersion(o->version, FLOWSTATE_STATEMENT_OPTIONS_VERSION, "flowstate_statement_options"));
  FS_ASSIGN_OR_RETURN(out.config, ConfigIn(o->config_keys, o->config_values, o->config_count));
  out.timeout_ms = o->execution_timeout_ms;
  return out;
}

}  // namespace

FLOWSTATE_API const char* flowstate_flink_last_error_detail(void) {
  return GuardValue<const char*>("", [] { return fl::LastErrorDetail().c_str(); });
}

FLOWSTATE_API int flowstate_flink_client_new(flowstate_flink_client** out,
                                             const flowstate_flink_options* options) {
  return Guard([&] { return NewClient<fl::RestClient>(out, options); });
}

FLOWSTATE_API void flowstate_flink_client_free(flowstate_flink_client* client) {
  GuardVoid([&] { delete client; });
}

#define FS_CLIENT(c)                                 \
  if ((c) == nullptr) return NullArgument("client"); \
  fl::RestClient& rc = *(c)->impl

#define FS_JOB(j) \
  if ((j) == nullptr) return NullArgument("job_id")

FLOWSTATE_API int flowstate_flink_version(char** out, flowstate_flink_client* client) {
  return Guard([&] {
    FS_CLIENT(client);
    return StringOut(out, [&]() -> core::Result<std::string> {
      FS_ASSIGN_OR_RETURN(core::FlinkVersion v, rc.Version());
      return v.ToString();
    });
  });
}

FLOWSTATE_API int flowstate_flink_overview(char** out_json, flowstate_flink_client* client) {
  return Guard([&] {
    FS_CLIENT(client);
    return JsonOut(out_json, [&] { return rc.Overview(); });
  });
}

FLOWSTATE_API int flowstate_flink_config(char** out_json, flowstate_flink_client* client) {
  return Guard([&] {
    FS_CLIENT(client);
    return JsonOut(out_json, [&] { return rc.Config(); });
  });
}

FLOWSTATE_API int flowstate_flink_jobs(char** out_json, flowstate_flink_client* client) {
  return Guard([&] {
    FS_CLIENT(client);
    return JsonOut(out_json, [&] { return rc.JobsOverview(); });
  });
}

FLOWSTATE_API int flowstate_flink_job(char** out_json, flowstate_flink_client* client,
                                      const char* job_id) {
  return Guard([&] {
    FS_CLIENT(client);
    FS_JOB(job_id);
    return JsonOut(out_json, [&] { return rc.Job(job_id); });
  });
}

FLOWSTATE_API int flowstate_flink_job_status(char** out, flowstate_flink_client* client,
                                             const char* job_id) {
  return Guard([&] {
    FS_CLIENT(client);
    FS_JOB(job_id);
    return StringOut(out, [&] { return rc.JobStatus(job_id); });
  });
}

FLOWSTATE_API int flowstate_flink_exceptions(char** out_json, flowstate_flink_client* client,
                                             const char* job_id) {
  return Guard([&] {
    FS_CLIENT(client);
    FS_JOB(job_id);
    return JsonOut(out_json, [&] { return rc.Exceptions(job_id); });
  });
}

FLOWSTATE_API int flowstate_flink_checkpoints(char** out_json, flowstate_flink_client* client,
                                              const char* job_id) {
  return Guard([&] {
    FS_CLIENT(client);
    FS_JOB(job_id);
    return JsonOut(out_json, [&] { return rc.Checkpoints(job_id); });
  });
}

FLOWSTATE_API int flowstate_flink_checkpoint_config(char** out_json, flowstate_flink_client* client,
                                                    const char* job_id) {
  return Guard([&] {
    FS_CLIENT(client);
    FS_JOB(job_id);
    return JsonOut(out_json, [&] { return rc.CheckpointConfiguration(job_id); });
  });
}

namespace {
core::Result<flowstate_savepoint_options> SavepointIn(const flowstate_savepoint_options* o) {
  flowstate_savepoint_options d = FLOWSTATE_SAVEPOINT_OPTIONS_INIT;
  if (o == nullptr) return d;
  FS_RETURN_IF_ERROR(
      CheckVersion(o->version, FLOWSTATE_SAVEPOINT_OPTIONS_VERSION, "flowstate_savepoint_options"));
  // Field by field: a version-1 caller's struct ends before accept_server_trigger_id.
  d.target_directory = o->target_directory;
  d.format = o->format;
  d.trigger_id = o->trigger_id;
  d.cancel_job = o->cancel_job;
  d.drain = o->drain;
  if (o->version >= 2) d.accept_server_trigger_id = o->accept_server_trigger_id;
  return d;
}
}  // namespace

FLOWSTATE_API int flowstate_flink_trigger_savepoint(char** out_trigger_id,
                                                    flowstate_flink_client* client,
                                                    const char* job_id,
                                                    const flowstate_savepoint_options* options) {
  return Guard([&] {
    FS_CLIENT(client);
    FS_JOB(job_id);
    return StringOut(out_trigger_id, [&]() -> core::Result<std::string> {
      FS_ASSIGN_OR_RETURN(flowstate_savepoint_options o, SavepointIn(options));
      fl::SavepointRequest r;
      r.target_directory = Str(o.target_directory);
      r.format = Str(o.format);
      r.trigger_id = Str(o.trigger_id);
      r.cancel_job = o.cancel_job != 0;
      r.accept_server_trigger_id = o.accept_server_trigger_id != 0;
      return rc.TriggerSavepoint(job_id, r);
    });
  });
}

FLOWSTATE_API int flowstate_flink_stop_with_savepoint(char** out_trigger_id,
                                                      flowstate_flink_client* client,
                                                      const char* job_id,
                                                      const flowstate_savepoint_options* options) {
  return Guard([&] {
    FS_CLIENT(client);
    FS_JOB(job_id);
    return StringOut(out_trigger_id, [&]() -> core::Result<std::string> {
      FS_ASSIGN_OR_RETURN(flowstate_savepoint_options o, SavepointIn(options));
      fl::StopRequest r;
      r.target_directory = Str(o.target_directory);
      r.format = Str(o.format);
      r.trigger_id = Str(o.trigger_id);
      r.drain = o.drain != 0;
      r.accept_server_trigger_id = o.accept_server_trigger_id != 0;
      return rc.StopWithSavepoint(job_id, r);
    });
  });
}

FLOWSTATE_API int flowstate_flink_savepoint_status(char** out_json, flowstate_flink_client* client,
                                                   const char* job_id, const char* trigger_id) {
  return Guard([&] {
    FS_CLIENT(client);
    FS_JOB(job_id);
    if (trigger_id == nullptr) return NullArgument("trigger_id");
    return JsonOut(out_json, [&] { return rc.SavepointState(job_id, trigger_id); });
  });
}

FLOWSTATE_API int flowstate_flink_wait_for_savepoint(char** out_location,
                                                     flowstate_flink_client* client,
                                                     const char* job_id, const char* trigger_id,
                                                     const flowstate_operation* operation) {
  return Guard([&] {
    FS_CLIENT(client);
    FS_JOB(job_id);
    if (trigger_id == nullptr) return NullArgument("trigger_id");
    auto ctx = flowstate::capi::OperationIn(operation);
    if (!ctx.ok()) return SetError(ctx.status());
    return StringOut(out_location, [&] { return rc.WaitForSavepoint(job_id, trigger_id, *ctx); });
  });
}

FLOWSTATE_API int flowstate_flink_cancel(flowstate_flink_client* client, const char* job_id) {
  return Guard([&] {
    FS_CLIENT(client);
    FS_JOB(job_id);
    return flowstate::capi::Return(rc.Cancel(job_id));
  });
}

FLOWSTATE_API int flowstate_flink_upload_jar(char** out_jar_id, flowstate_flink_client* client,
                                             const char* file_name, const void* bytes, size_t len) {
  return Guard([&] {
    FS_CLIENT(client);
    if (file_name == nullptr) return NullArgument("file_name");
    if (bytes == nullptr && len > 0) return NullArgument("bytes");
    return StringOut(out_jar_id, [&] {
      return rc.UploadJar(file_name, std::string_view(static_cast<const char*>(bytes), len));
    });
  });
}

FLOWSTATE_API int flowstate_flink_run_jar(char** out_job_id, flowstate_flink_client* client,
                                          const char* jar_id,
                                          const flowstate_jar_run_options* options) {
  return Guard([&] {
    FS_CLIENT(client);
    if (jar_id == nullptr) return NullArgument("jar_id");
    return StringOut(out_job_id, [&]() -> core::Result<std::string> {
      flowstate_jar_run_options d = FLOWSTATE_JAR_RUN_OPTIONS_INIT;
      const flowstate_jar_run_options* o = options == nullptr ? &d : options;
      FS_RETURN_IF_ERROR(
          CheckVersion(o->version, FLOWSTATE_JAR_RUN_OPTIONS_VERSION, "flowstate_jar_run_options"));
      fl::RunRequest r;
      r.entry_class = Str(o->entry_class);
      if (o->arg_count > 0 && o->args == nullptr)
        return core::Status::InvalidArgument("args is NULL");
      for (size_t i = 0; i < o->arg_count; ++i) {
        if (o->args[i] == nullptr)
          return core::Status::InvalidArgument(core::StrCat("args[", i, "] is NULL"));
        r.args.emplace_back(o->args[i]);
      }
      r.parallelism = o->parallelism;
      r.job_id = Str(o->job_id);
      r.savepoint_path = Str(o->savepoint_path);
      r.allow_non_restored_state = o->allow_non_restored_state != 0;
      r.claim_mode = Str(o->claim_mode);
      FS_ASSIGN_OR_RETURN(r.flink_configuration,
                          ConfigIn(o->config_keys, o->config_values, o->config_count));
      return rc.RunJar(jar_id, r);
    });
  });
}

FLOWSTATE_API int flowstate_flink_delete_jar(flowstate_flink_client* client, const char* jar_id) {
  return Guard([&] {
    FS_CLIENT(client);
    if (jar_id == nullptr) return NullArgument("jar_id");
    return flowstate::capi::Return(rc.DeleteJar(jar_id));
  });
}

FLOWSTATE_API int flowstate_flink_jobs_of_many(char** out_json,
                                               flowstate_flink_client* const* clients,
                                               size_t count) {
  return Guard([&] {
    if (out_json == nullptr) return NullArgument("out_json");
    *out_json = nullptr;
    if (clients == nullptr && count > 0) return NullArgument("clients");
    std::vector<fl::RestClient*> cs;
    for (size_t i = 0; i < count; ++i) {
      if (clients[i] == nullptr)
        return SetError(core::Status::InvalidArgument(core::StrCat("clients[", i, "] is NULL")));
      cs.push_back(clients[i]->impl.get());
    }
    *out_json = CopyOut(fl::ToJson(fl::JobsOverviewOfMany(cs)));
    return kOk;
  });
}

FLOWSTATE_API int flowstate_flink_checkpoints_of_many(char** out_json,
                                                      flowstate_flink_client* client,
                                                      const char* const* job_ids, size_t count) {
  return Guard([&] {
    if (out_json == nullptr) return NullArgument("out_json");
    *out_json = nullptr;
    FS_CLIENT(client);
    if (job_ids == nullptr && count > 0) return NullArgument("job_ids");
    std::vector<std::string> ids;
    for (size_t i = 0; i < count; ++i)
      ids.push_back(job_ids[i] == nullptr ? std::string() : job_ids[i]);
    *out_json = CopyOut(fl::ToJson(fl::CheckpointsOfMany(rc, ids)));
    return kOk;
  });
}

// ---- the SQL Gateway ----------------------------------------------------------------------

FLOWSTATE_API int flowstate_sql_gateway_new(flowstate_sql_gateway** out,
                                            const flowstate_flink_options* options) {
  return Guard([&] { return NewClient<fl::SqlGatewayClient>(out, options); });
}

FLOWSTATE_API void flowstate_sql_gateway_free(flowstate_sql_gateway* gateway) {
  GuardVoid([&] { delete gateway; });
}

#define FS_GATEWAY(g)                                 \
  if ((g) == nullptr) return NullArgument("gateway"); \
  fl::SqlGatewayClient& gw = *(g)->impl

#define FS_SESSION(s) \
  if ((s) == nullptr) return NullArgument("session")

FLOWSTATE_API int flowstate_sql_gateway_api_version(int* out, flowstate_sql_gateway* gateway) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    FS_GATEWAY(gateway);
    auto v = gw.ApiVersion();
    if (!v.ok()) return SetError(v.status());
    *out = *v;
    return kOk;
  });
}

FLOWSTATE_API int flowstate_sql_gateway_open_session(
    char** out_session, flowstate_sql_gateway* gateway, const char* name,
    const char* const* property_keys, const char* const* property_values, size_t property_count) {
  return Guard([&] {
    FS_GATEWAY(gateway);
    if (property_count > 0 && (property_keys == nullptr || property_values == nullptr)) {
      return NullArgument("property_keys");
    }
    std::map<std::string, std::string> props;
    for (size_t i = 0; i < property_count; ++i) {
      if (property_keys[i] == nullptr || property_values[i] == nullptr)
        return NullArgument("property_keys");
      props[property_keys[i]] = property_values[i];
    }
    return StringOut(out_session, [&] { return gw.OpenSession(Str(name), props); });
  });
}

FLOWSTATE_API int flowstate_sql_gateway_heartbeat(flowstate_sql_gateway* gateway,
                                                  const char* session) {
  return Guard([&] {
    FS_GATEWAY(gateway);
    FS_SESSION(session);
    return flowstate::capi::Return(gw.Heartbeat(session));
  });
}

FLOWSTATE_API int flowstate_sql_gateway_close_session(flowstate_sql_gateway* gateway,
                                                      const char* session) {
  return Guard([&] {
    FS_GATEWAY(gateway);
    FS_SESSION(session);
    return flowstate::capi::Return(gw.CloseSession(session));
  });
}

FLOWSTATE_API int flowstate_sql_gateway_execute(char** out_operation,
                                                flowstate_sql_gateway* gateway, const char* session,
                                                const char* statement,
                                                const flowstate_statement_options* options) {
  return Guard([&] {
    FS_GATEWAY(gateway);
    FS_SESSION(session);
    if (statement == nullptr) return NullArgument("statement");
    return StringOut(out_operation, [&]() -> core::Result<std::string> {
      FS_ASSIGN_OR_RETURN(StatementOptions o, StatementOptionsIn(options));
      return gw.Execute(session, statement, o.config, o.timeout_ms);
    });
  });
}

FLOWSTATE_API int flowstate_sql_gateway_operation_status(char** out, flowstate_sql_gateway* gateway,
                                                         const char* session,
                                                         const char* operation) {
  return Guard([&] {
    FS_GATEWAY(gateway);
    FS_SESSION(session);
    if (operation == nullptr) return NullArgument("operation");
    return StringOut(out, [&] { return gw.OperationStatus(session, operation); });
  });
}

FLOWSTATE_API int flowstate_sql_gateway_fetch(char** out_json, flowstate_sql_gateway* gateway,
                                              const char* session, const char* operation,
                                              int64_t token) {
  return Guard([&] {
    FS_GATEWAY(gateway);
    FS_SESSION(session);
    if (operation == nullptr) return NullArgument("operation");
    return JsonOut(out_json, [&] { return gw.Fetch(session, operation, token); });
  });
}

FLOWSTATE_API int flowstate_sql_gateway_run(char** out_json, flowstate_sql_gateway* gateway,
                                            const char* session, const char* statement,
                                            const flowstate_statement_options* options,
                                            const flowstate_operation* operation) {
  return Guard([&] {
    FS_GATEWAY(gateway);
    FS_SESSION(session);
    if (statement == nullptr) return NullArgument("statement");
    return JsonOut(out_json, [&]() -> core::Result<fl::StatementResult> {
      FS_ASSIGN_OR_RETURN(core::OperationContext ctx, flowstate::capi::OperationIn(operation));
      FS_ASSIGN_OR_RETURN(StatementOptions o, StatementOptionsIn(options));
      return gw.Run(session, statement, ctx, o.config, o.timeout_ms);
    });
  });
}

FLOWSTATE_API int flowstate_sql_gateway_stop_job(char** out_savepoint_path,
                                                 flowstate_sql_gateway* gateway,
                                                 const char* session, const char* job_id,
                                                 int with_savepoint, int drain,
                                                 const flowstate_operation* operation) {
  return Guard([&] {
    FS_GATEWAY(gateway);
    FS_SESSION(session);
    FS_JOB(job_id);
    return StringOut(out_savepoint_path, [&]() -> core::Result<std::string> {
      FS_ASSIGN_OR_RETURN(core::OperationContext ctx, flowstate::capi::OperationIn(operation));
      return gw.StopJob(session, job_id, with_savepoint != 0, drain != 0, ctx);
    });
  });
}
