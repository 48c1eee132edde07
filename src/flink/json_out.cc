#include "flink/json_out.h"

#include "common/redact.h"

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace flowstate::core::flink {
namespace {

class W {
 public:
  W() : w_(buf_) {}
  std::string Done() { return std::string(buf_.GetString(), buf_.GetSize()); }

  void Begin() { w_.StartObject(); }
  void End() { w_.EndObject(); }
  void BeginArray(const char* k) {
    Key(k);
    w_.StartArray();
  }
  void BeginArray() { w_.StartArray(); }
  void EndArray() { w_.EndArray(); }
  void Key(const char* k) { w_.Key(k); }
  void Str(const char* k, const std::string& v) {  // "" -> null
    Key(k);
    if (v.empty()) {
      w_.Null();
    } else {
      w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    }
  }
  void Text(const std::string& v) {
    w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  }
  void Int(const char* k, int64_t v) {  // -1 -> null
    Key(k);
    if (v < 0) {
      w_.Null();
    } else {
      w_.Int64(v);
    }
  }
  void Bool(const char* k, bool v) {
    Key(k);
    w_.Bool(v);
  }
  void Null(const char* k) {
    Key(k);
    w_.Null();
  }
  void Counts(const char* k, const std::map<std::string, int64_t>& m) {
    Key(k);
    w_.StartObject();
    for (const auto& [name, n] : m) {  // -1 -> null
      w_.Key(name.c_str());
      if (n < 0) {
        w_.Null();
      } else {
        w_.Int64(n);
      }
    }
    w_.EndObject();
  }
  rapidjson::Writer<rapidjson::StringBuffer>& raw() { return w_; }

 private:
  rapidjson::StringBuffer buf_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

void Entry(W& w, const CheckpointEntry& e) {
  w.Begin();
  w.Int("id", e.id);
  w.Str("status", e.status);
  w.Str("class", e.class_name);
  w.Str("checkpoint_type", e.checkpoint_type);
  w.Bool("is_savepoint", e.is_savepoint);
  w.Str("savepoint_format", e.savepoint_format);
  w.Int("trigger_ms", e.trigger_ms);
  w.Int("latest_ack_ms", e.latest_ack_ms);
  w.Int("state_size", e.state_size);
  w.Int("checkpointed_size", e.checkpointed_size);
  w.Int("end_to_end_ms", e.end_to_end_ms);
  w.Int("num_subtasks", e.num_subtasks);
  w.Int("num_acknowledged", e.num_acknowledged);
  w.Str("external_path", e.external_path);
  w.Bool("discarded", e.discarded);
  w.Int("failure_ms", e.failure_ms);
  w.Str("failure_message", e.failure_message);
  w.End();
}

void ExceptionFields(W& w, const ExceptionEntry& e) {
  w.Str("name", e.name);
  w.Int("timestamp", e.timestamp);
  w.Str("task", e.task);
  w.Str("endpoint", e.endpoint);
  w.Str("task_manager", e.task_manager);
  w.Str("stacktrace", e.stacktrace);
  w.Key("failure_labels");
  w.Begin();
  for (const auto& [k, val] : e.failure_labels) w.Str(k.c_str(), val);
  w.End();
}

void OptEntry(W& w, const char* k, const std::optional<CheckpointEntry>& e) {
  if (!e) {
    w.Null(k);
    return;
  }
  w.Key(k);
  Entry(w, *e);
}

void Job(W& w, const JobOverview& j) {
  w.Begin();
  w.Str("id", j.id);
  w.Str("name", j.name);
  w.Str("state", j.state);
  w.Int("start_time", j.start_time);
  w.Int("end_time", j.end_time);
  w.Int("duration", j.duration);
  w.Int("last_modification", j.last_modification);
  w.Int("tasks_total", j.tasks_total);
  w.Counts("tasks", j.tasks);
  w.End();
}

void Rows(W& w, const std::vector<ResultColumn>& columns, const std::vector<ResultRow>& rows) {
  w.BeginArray("columns");
  for (const ResultColumn& c : columns) {
    w.Begin();
    w.Str("name", c.name);
    w.Str("type", c.type);
    w.Bool("nullable", c.nullable);
    w.End();
  }
  w.EndArray();
  w.BeginArray("rows");
  for (const ResultRow& r : rows) {
    w.Begin();
    w.Str("kind", r.kind);
    w.BeginArray("fields");
    for (const ResultField& f : r.fields) {
      switch (f.kind) {
        case ResultField::Kind::kString:
          w.Text(f.text);
          break;
        case ResultField::Kind::kJson:
          w.raw().RawValue(f.text.data(), f.text.size(), rapidjson::kObjectType);
          break;
        case ResultField::Kind::kNull:
          w.raw().Null();
          break;
      }
    }
    w.EndArray();
    w.End();
  }
  w.EndArray();
}

}  // namespace

std::string ToJson(const ClusterOverview& v) {
  W w;
  w.Begin();
  w.Str("flink_version", v.flink_version);
  w.Str("flink_commit", v.flink_commit);
  w.Int("taskmanagers", v.taskmanagers);
  w.Int("slots_total", v.slots_total);
  w.Int("slots_available", v.slots_available);
  w.Int("jobs_running", v.jobs_running);
  w.Int("jobs_finished", v.jobs_finished);
  w.Int("jobs_cancelled", v.jobs_cancelled);
  w.Int("jobs_failed", v.jobs_failed);
  w.End();
  return w.Done();
}

std::string ToJson(const ClusterConfig& v) {
  W w;
  w.Begin();
  w.Str("flink_version", v.flink_version);
  w.Str("flink_revision", v.flink_revision);
  w.Str("timezone", v.timezone);
  w.Int("refresh_interval_ms", v.refresh_interval_ms);
  w.End();
  return w.Done();
}

std::string ToJson(const std::vector<JobOverview>& v) {
  W w;
  w.BeginArray();
  for (const JobOverview& j : v) Job(w, j);
  w.EndArray();
  return w.Done();
}

std::string ToJson(const JobDetails& v) {
  W w;
  w.Begin();
  w.Str("id", v.id);
  w.Str("name", v.name);
  w.Str("state", v.state);
  w.Str("job_type", v.job_type);
  w.Bool("stoppable", v.stoppable);
  w.Int("start_time", v.start_time);
  w.Int("end_time", v.end_time);
  w.Int("duration", v.duration);
  w.Int("max_parallelism", v.max_parallelism);
  w.Counts("timestamps", v.timestamps);
  w.BeginArray("vertices");
  for (const Vertex& x : v.vertices) {
    w.Begin();
    w.Str("id", x.id);
    w.Str("name", x.name);
    w.Str("status", x.status);
    w.Int("parallelism", x.parallelism);
    w.Int("max_parallelism", x.max_parallelism);
    w.End();
  }
  w.EndArray();
  w.End();
  return w.Done();
}

std::string ToJson(const JobExceptions& v) {
  W w;
  w.Begin();
  w.Str("root_exception", v.root_exception);
  w.Int("timestamp", v.timestamp);
  w.Bool("truncated", v.truncated);
  w.BeginArray("history");
  for (const ExceptionEntry& e : v.history) {
    w.Begin();
    ExceptionFields(w, e);
    w.BeginArray("concurrent");
    for (const ExceptionEntry& c : e.concurrent) {
      w.Begin();
      ExceptionFields(w, c);
      w.End();
    }
    w.EndArray();
    w.End();
  }
  w.EndArray();
  w.End();
  return w.Done();
}

std::string ToJson(const CheckpointStats& v) {
  W w;
  w.Begin();
  w.Key("counts");
  w.Begin();
  w.Int("restored", v.restored);
  w.Int("total", v.total);
  w.Int("in_progress", v.in_progress);
  w.Int("completed", v.completed);
  w.Int("failed", v.failed);
  w.End();
  OptEntry(w, "latest_completed", v.latest_completed);
  OptEntry(w, "latest_savepoint", v.latest_savepoint);
  OptEntry(w, "latest_failed", v.latest_failed);
  if (v.latest_restored) {
    w.Key("latest_restored");
    w.Begin();
    w.Int("id", v.latest_restored->id);
    w.Int("restore_ms", v.latest_restored->restore_ms);
    w.Bool("is_savepoint", v.latest_restored->is_savepoint);
    w.Str("external_path", v.latest_restored->external_path);
    w.End();
  } else {
    w.Null("latest_restored");
  }
  w.BeginArray("history");
  for (const CheckpointEntry& e : v.history) Entry(w, e);
  w.EndArray();
  w.End();
  return w.Done();
}

std::string ToJson(const CheckpointEntry& v) {
  W w;
  Entry(w, v);
  return w.Done();
}

std::string ToJson(const CheckpointConfig& v) {
  W w;
  w.Begin();
  w.Str("mode", v.mode);
  w.Int("interval_ms", v.interval_ms);
  w.Int("timeout_ms", v.timeout_ms);
  w.Int("min_pause_ms", v.min_pause_ms);
  w.Int("max_concurrent", v.max_concurrent);
  w.Int("tolerable_failed", v.tolerable_failed);
  w.Bool("externalized", v.externalized);
  w.Bool("delete_on_cancellation", v.delete_on_cancellation);
  w.Bool("unaligned", v.unaligned);
  w.Str("state_backend", v.state_backend);
  w.Str("checkpoint_storage", v.checkpoint_storage);
  w.End();
  return w.Done();
}

std::string ToJson(const SavepointStatus& v) {
  W w;
  w.Begin();
  w.Bool("completed", v.completed);
  w.Str("location", v.location);
  if (v.failure) {
    w.Key("failure");
    w.Begin();
    w.Str("class", v.failure->class_name);
    w.Str("message", v.failure->message);
    w.Str("stack_trace", v.failure->stack_trace);
    w.End();
  } else {
    w.Null("failure");
  }
  w.End();
  return w.Done();
}

std::string ToJson(const ResultPage& v) {
  W w;
  w.Begin();
  w.Str("result_type", v.result_type);
  w.Str("result_kind", v.result_kind);
  w.Bool("is_query", v.is_query);
  w.Str("job_id", v.job_id);
  Rows(w, v.columns, v.rows);
  w.Str("next_uri", v.next_uri);
  w.End();
  return w.Done();
}

std::string ToJson(const StatementResult& v) {
  W w;
  w.Begin();
  w.Str("operation", v.operation_handle);
  w.Str("status", v.status);
  w.Str("job_id", v.job_id);
  Rows(w, v.columns, v.rows);
  w.End();
  return w.Done();
}

namespace {

using ManyWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void ErrorJson(ManyWriter& w, const Status& s) {
  const std::string message = RedactText(s.message());
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Key("code");
  w.Int(static_cast<int>(s.code()));
  w.Key("message");
  w.String(message.c_str(), static_cast<rapidjson::SizeType>(message.size()));
  w.EndObject();
  w.EndObject();
}

template <typename T, typename Each>
std::string ManyJson(const std::vector<Result<T>>& v, Each each) {
  rapidjson::StringBuffer buf;
  ManyWriter w(buf);
  w.StartArray();
  for (const Result<T>& r : v) {
    if (r.ok()) {
      each(w, *r);
    } else {
      ErrorJson(w, r.status());
    }
  }
  w.EndArray();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace

std::string ToJson(const std::vector<Result<std::vector<JobOverview>>>& v) {
  return ManyJson(v, [](ManyWriter& w, const std::vector<JobOverview>& jobs) {
    const std::string json = ToJson(jobs);
    w.StartObject();
    w.Key("jobs");
    w.RawValue(json.data(), json.size(), rapidjson::kArrayType);
    w.EndObject();
  });
}

std::string ToJson(const std::vector<Result<CheckpointStats>>& v) {
  return ManyJson(v, [](ManyWriter& w, const CheckpointStats& stats) {
    const std::string json = ToJson(stats);
    w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  });
}

}  // namespace flowstate::core::flink
