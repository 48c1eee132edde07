// The C ABI of typed Flink answers (flowstate/flink.h, "typed records"): job lists,
// checkpoint statistics and savepoint status as versioned structs.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "capi/capi.h"
#include "capi/flink_handle.h"
#include "flink/types.h"

namespace core = flowstate::core;
namespace fl = flowstate::core::flink;
using flowstate::capi::At;
using flowstate::capi::FillOut;
using flowstate::capi::Give;
using flowstate::capi::Guard;
using flowstate::capi::GuardValue;
using flowstate::capi::GuardVoid;
using flowstate::capi::NullArgument;
using flowstate::capi::SetError;

struct flowstate_flink_job_list {
  struct Row {
    std::string id, name, state, job_type;
    int64_t start = -1, end = -1, duration = -1, last_modification = -1, tasks_total = -1;
    int64_t max_parallelism = -1;
  };
  std::vector<Row> rows;
};

struct flowstate_checkpoint_stats {
  fl::CheckpointStats stats;
  std::vector<fl::CheckpointEntry> entries;  // the history, then latest ones it lacks
  int64_t latest_completed = -1, latest_savepoint = -1, latest_failed = -1;
};

struct flowstate_savepoint_status {
  fl::SavepointStatus status;
};

namespace {

// The index of `e` among the entries, appended when the history does not hold it.
int64_t IndexOf(flowstate_checkpoint_stats* s, const std::optional<fl::CheckpointEntry>& e) {
  if (!e) return -1;
  for (size_t i = 0; i < s->entries.size(); ++i) {
    if (s->entries[i].id == e->id && s->entries[i].class_name == e->class_name) {
      return static_cast<int64_t>(i);
    }
  }
  s->entries.push_back(*e);
  return static_cast<int64_t>(s->entries.size() - 1);
}

}  // namespace

extern "C" {

FLOWSTATE_API int flowstate_flink_list_jobs(flowstate_flink_job_list** out,
                                            flowstate_flink_client* client) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (client == nullptr) return NullArgument("client");
    auto jobs = client->impl->JobsOverview();
    if (!jobs.ok()) return SetError(jobs.status());
    auto list = std::make_unique<flowstate_flink_job_list>();
    for (const fl::JobOverview& j : *jobs) {
      flowstate_flink_job_list::Row r;
      r.id = j.id;
      r.name = j.name;
      r.state = j.state;
      r.start = j.start_time;
      r.end = j.end_time;
      r.duration = j.duration;
      r.last_modification = j.last_modification;
      r.tasks_total = j.tasks_total;
      list->rows.push_back(std::move(r));
    }
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API int flowstate_flink_get_job(flowstate_flink_job_list** out,
                                          flowstate_flink_client* client, const char* job_id) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (client == nullptr) return NullArgument("client");
    if (job_id == nullptr) return NullArgument("job_id");
    auto job = client->impl->Job(job_id);
    if (!job.ok()) return SetError(job.status());
    flowstate_flink_job_list::Row r;
    r.id = job->id;
    r.name = job->name;
    r.state = job->state;
    r.job_type = job->job_type;
    r.start = job->start_time;
    r.end = job->end_time;
    r.duration = job->duration;
    r.max_parallelism = job->max_parallelism;
    auto list = std::make_unique<flowstate_flink_job_list>();
    list->rows.push_back(std::move(r));
    return Give(out, std::move(list));
  });
}

FLOWSTATE_API void flowstate_flink_job_list_free(flowstate_flink_job_list* list) {
  GuardVoid([&] { delete list; });
}

FLOWSTATE_API size_t flowstate_flink_job_list_count(const flowstate_flink_job_list* list) {
  return GuardValue<size_t>(0, [&] { return list == nullptr ? 0 : list->rows.size(); });
}

FLOWSTATE_API int flowstate_flink_job_list_get(const flowstate_flink_job_list* list, size_t index,
                                               flowstate_flink_job_info* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_FLINK_JOB_INFO_VERSION, "flowstate_flink_job_info",
                   At(list == nullptr ? nullptr : &list->rows, index),
                   [](const flowstate_flink_job_list::Row& r, flowstate_flink_job_info* x) {
                     x->id = r.id.c_str();
                     x->name = r.name.c_str();
                     x->state = r.state.c_str();
                     x->start_time_ms = r.start;
                     x->end_time_ms = r.end;
                     x->duration_ms = r.duration;
                     x->last_modification_ms = r.last_modification;
                     x->tasks_total = r.tasks_total;
                     x->job_type = r.job_type.c_str();
                     x->max_parallelism = r.max_parallelism;
                   });
  });
}

FLOWSTATE_API int flowstate_flink_get_checkpoints(flowstate_checkpoint_stats** out,
                                                  flowstate_flink_client* client,
                                                  const char* job_id) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (client == nullptr) return NullArgument("client");
    if (job_id == nullptr) return NullArgument("job_id");
    auto stats = client->impl->Checkpoints(job_id);
    if (!stats.ok()) return SetError(stats.status());
    auto s = std::make_unique<flowstate_checkpoint_stats>();
    s->stats = std::move(stats).value();
    s->entries = s->stats.history;
    s->latest_completed = IndexOf(s.get(), s->stats.latest_completed);
    s->latest_savepoint = IndexOf(s.get(), s->stats.latest_savepoint);
    s->latest_failed = IndexOf(s.get(), s->stats.latest_failed);
    return Give(out, std::move(s));
  });
}

FLOWSTATE_API void flowstate_checkpoint_stats_free(flowstate_checkpoint_stats* stats) {
  GuardVoid([&] { delete stats; });
}

FLOWSTATE_API int flowstate_checkpoint_stats_summary(const flowstate_checkpoint_stats* stats,
                                                     flowstate_checkpoint_summary* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_CHECKPOINT_SUMMARY_VERSION, "flowstate_checkpoint_summary", stats,
                   [](const flowstate_checkpoint_stats& s, flowstate_checkpoint_summary* x) {
                     x->restored = s.stats.restored;
                     x->total = s.stats.total;
                     x->in_progress = s.stats.in_progress;
                     x->completed = s.stats.completed;
                     x->failed = s.stats.failed;
                     x->entry_count = s.entries.size();
                     x->history_count = s.stats.history.size();
                     x->latest_completed = s.latest_completed;
                     x->latest_savepoint = s.latest_savepoint;
                     x->latest_failed = s.latest_failed;
                     const auto& r = s.stats.latest_restored;
                     x->restored_id = r ? r->id : -1;
                     x->restore_ms = r ? r->restore_ms : -1;
                     x->restored_is_savepoint = r && r->is_savepoint ? 1 : 0;
                     x->restored_path = r ? r->external_path.c_str() : "";
                   });
  });
}

FLOWSTATE_API int flowstate_checkpoint_stats_get(const flowstate_checkpoint_stats* stats,
                                                 size_t index, flowstate_checkpoint_entry* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_CHECKPOINT_ENTRY_VERSION, "flowstate_checkpoint_entry",
                   At(stats == nullptr ? nullptr : &stats->entries, index),
                   [](const fl::CheckpointEntry& e, flowstate_checkpoint_entry* x) {
                     x->id = e.id;
                     x->kind = e.class_name.c_str();
                     x->status = e.status.c_str();
                     x->checkpoint_type = e.checkpoint_type.c_str();
                     x->savepoint_format = e.savepoint_format.c_str();
                     x->is_savepoint = e.is_savepoint ? 1 : 0;
                     x->trigger_ms = e.trigger_ms;
                     x->latest_ack_ms = e.latest_ack_ms;
                     x->state_size = e.state_size;
                     x->checkpointed_size = e.checkpointed_size;
                     x->end_to_end_ms = e.end_to_end_ms;
                     x->num_subtasks = e.num_subtasks;
                     x->num_acknowledged = e.num_acknowledged;
                     x->external_path = e.external_path.c_str();
                     x->discarded = e.discarded ? 1 : 0;
                     x->failure_ms = e.failure_ms;
                     x->failure_message = e.failure_message.c_str();
                   });
  });
}

FLOWSTATE_API int flowstate_flink_get_savepoint_status(flowstate_savepoint_status** out,
                                                       flowstate_flink_client* client,
                                                       const char* job_id, const char* trigger_id) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (client == nullptr) return NullArgument("client");
    if (job_id == nullptr) return NullArgument("job_id");
    if (trigger_id == nullptr) return NullArgument("trigger_id");
    auto st = client->impl->SavepointState(job_id, trigger_id);
    if (!st.ok()) return SetError(st.status());
    auto s = std::make_unique<flowstate_savepoint_status>();
    s->status = std::move(st).value();
    return Give(out, std::move(s));
  });
}

FLOWSTATE_API void flowstate_savepoint_status_free(flowstate_savepoint_status* status) {
  GuardVoid([&] { delete status; });
}

FLOWSTATE_API int flowstate_savepoint_status_get(const flowstate_savepoint_status* status,
                                                 flowstate_savepoint_info* out) {
  return Guard([&] {
    return FillOut(out, FLOWSTATE_SAVEPOINT_INFO_VERSION, "flowstate_savepoint_info", status,
                   [](const flowstate_savepoint_status& s, flowstate_savepoint_info* x) {
                     const fl::SavepointStatus& st = s.status;
                     x->completed = st.completed ? 1 : 0;
                     x->failed = st.failure ? 1 : 0;
                     x->location = st.location.c_str();
                     x->failure_class = st.failure ? st.failure->class_name.c_str() : "";
                     x->failure_message = st.failure ? st.failure->message.c_str() : "";
                   });
  });
}

}  // extern "C"
