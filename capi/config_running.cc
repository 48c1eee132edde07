// C ABI: the running job against an explanation (include/flowstate/flink.h, "the running job
// against an explanation"): fetching in flink/running_job.h, the comparison in
// config/running.h.
#include <memory>
#include <string>
#include <vector>

#include "capi/capi.h"
#include "capi/config_handle.h"
#include "capi/flink_handle.h"
#include "capi/storage_handle.h"
#include "config/running.h"
#include "flink/running_job.h"

namespace core = flowstate::core;
namespace cfg = flowstate::core::config;
using flowstate::capi::At;
using flowstate::capi::CheckVersion;
using flowstate::capi::FillOut;
using flowstate::capi::Give;
using flowstate::capi::Guard;
using flowstate::capi::GuardValue;
using flowstate::capi::GuardVoid;
using flowstate::capi::NullArgument;
using flowstate::capi::OperationIn;
using flowstate::capi::SetError;

struct flowstate_running_comparison {
  std::vector<cfg::RunningComparison> rows;
  int64_t checkpoints_on_storage = -1;
};

extern "C" {

FLOWSTATE_API int flowstate_config_compare_running(flowstate_running_comparison** out,
                                                   flowstate_config* config,
                                                   flowstate_flink_client* client,
                                                   const char* job_id,
                                                   const flowstate_running_options* options) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (config == nullptr) return NullArgument("config");
    if (client == nullptr) return NullArgument("client");
    if (job_id == nullptr) return NullArgument("job_id");
    core::flink::RunningJobOptions o;
    if (options != nullptr) {
      core::Status v = CheckVersion(options->version, FLOWSTATE_RUNNING_OPTIONS_VERSION,
                                    "flowstate_running_options");
      if (!v.ok()) return SetError(v);
      if (options->storage != nullptr) o.storage = options->storage->impl.get();
      auto context = OperationIn(options->operation);
      if (!context.ok()) return SetError(context.status());
      o.context = std::move(context).value();
    }
    auto running = core::flink::FetchRunningJob(*client->impl, job_id, o);
    if (!running.ok()) return SetError(running.status());
    auto comparison = std::make_unique<flowstate_running_comparison>();
    comparison->rows = cfg::CompareWithRunningJob(config->Get(), *running);
    if (running->checkpoints_on_storage) {
      comparison->checkpoints_on_storage = *running->checkpoints_on_storage;
    }
    return Give(out, std::move(comparison));
  });
}

FLOWSTATE_API void flowstate_running_comparison_free(flowstate_running_comparison* comparison) {
  GuardVoid([&] { delete comparison; });
}

FLOWSTATE_API size_t
flowstate_running_comparison_count(const flowstate_running_comparison* comparison) {
  return GuardValue<size_t>(0, [&] { return comparison == nullptr ? 0 : comparison->rows.size(); });
}

FLOWSTATE_API int flowstate_running_comparison_get(const flowstate_running_comparison* comparison,
                                                   size_t index, flowstate_running_row* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_RUNNING_ROW_VERSION, "flowstate_running_row",
                   At(comparison == nullptr ? nullptr : &comparison->rows, index),
                   [](const cfg::RunningComparison& r, flowstate_running_row* x) {
                     x->key = r.key.c_str();
                     x->explained = r.explained.c_str();
                     x->source = r.source.c_str();
                     x->reported = r.reported_by.empty() ? nullptr : r.reported.c_str();
                     x->reported_by = r.reported_by.c_str();
                     x->agreement = static_cast<int>(r.agreement);
                     x->note = r.note.c_str();
                   });
  });
}

FLOWSTATE_API int64_t flowstate_running_comparison_checkpoints_on_storage(
    const flowstate_running_comparison* comparison) {
  return GuardValue<int64_t>(
      -1, [&] { return comparison == nullptr ? -1 : comparison->checkpoints_on_storage; });
}

}  // extern "C"
