#include "flink/decode.h"

#include <cctype>
#include <memory>

#include "common/strings.h"
#include "rapidjson/document.h"
#include "rapidjson/error/en.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace flowstate::core::flink {
namespace {

using Value = rapidjson::Value;

Status Bad(std::string_view where, std::string_view what) {
  return Status::Remote(StrCat("unexpected answer from Flink: ", where, " ", what));
}

// Flink's answers nest a few levels; anything deeper than this is not one of them (and the
// recursive parser must not meet unbounded nesting).
constexpr int kMaxDepth = 64;

bool TooDeep(std::string_view json) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxDepth) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

// A parsed answer; its strings point into its own copy of the text (in-situ parsing).
struct Parsed {
  std::string text;
  rapidjson::Document doc;
  operator const rapidjson::Value&() const { return doc; }  // NOLINT(google-explicit-constructor)
};

Result<std::unique_ptr<Parsed>> ParseDoc(std::string_view json, bool array = false) {
  if (TooDeep(json)) {
    return Status::Remote(
        StrCat("unexpected answer from Flink: JSON nested deeper than ", kMaxDepth, " levels"));
  }
  if (json.find('\0') != std::string_view::npos) {
    return Status::Remote("unexpected answer from Flink: not JSON (it holds a NUL byte)");
  }
  auto p = std::make_unique<Parsed>();
  p->text.assign(json.data(), json.size());
  rapidjson::Document& doc = p->doc;
  doc.ParseInsitu(p->text.data());
  if (doc.HasParseError()) {
    return Status::Remote(StrCat("unexpected answer from Flink: not JSON (at byte ",
                                 doc.GetErrorOffset(), ": ",
                                 rapidjson::GetParseError_En(doc.GetParseError()), ")"));
  }
  if (array ? !doc.IsArray() : !doc.IsObject()) {
    return Bad("$", array ? "is not an array" : "is not an object");
  }
  return p;
}

// An object read at a JSON path. The path is built only for an error message.
class Obj {
 public:
  Obj(const Value& v, const char* root) : v_(v), key_(root) {}
  Obj(const Value& v, const Obj* parent, const char* key, long index = -1)
      : v_(v), parent_(parent), key_(key), index_(index) {}

  std::string where() const {
    std::string w = parent_ == nullptr ? std::string(key_) : StrCat(parent_->where(), ".", key_);
    if (index_ >= 0) StrAppend(&w, "[", index_, "]");
    return w;
  }

  const Value* Get(const char* key) const {
    auto it = v_.FindMember(key);
    if (it == v_.MemberEnd() || it->value.IsNull()) return nullptr;
    return &it->value;
  }
  std::string At(const char* key) const { return StrCat(where(), ".", key); }

  Status Str(const char* key, std::string* out, bool required = false) const {
    const Value* x = Get(key);
    if (x == nullptr) return required ? Bad(At(key), "is missing") : Status();
    if (!x->IsString()) return Bad(At(key), "must be a string");
    out->assign(x->GetString(), x->GetStringLength());
    return Status();
  }
  Status Int(const char* key, int64_t* out, bool required = false) const {
    const Value* x = Get(key);
    if (x == nullptr) return required ? Bad(At(key), "is missing") : Status();
    if (!x->IsInt64()) return Bad(At(key), "must be an integer");
    *out = x->GetInt64();
    return Status();
  }
  Status Bool(const char* key, bool* out, bool required = false) const {
    const Value* x = Get(key);
    if (x == nullptr) return required ? Bad(At(key), "is missing") : Status();
    if (!x->IsBool()) return Bad(At(key), "must be true or false");
    *out = x->GetBool();
    return Status();
  }
  Result<Obj> Object(const char* key, bool required = false) const {
    const Value* x = Get(key);
    if (x == nullptr) {
      if (required) return Bad(At(key), "is missing");
      return Obj(kNull, this, key);
    }
    if (!x->IsObject()) return Bad(At(key), "must be an object");
    return Obj(*x, this, key);
  }
  // The array at key (empty when absent and optional).
  Result<const Value*> Array(const char* key, bool required = false) const {
    const Value* x = Get(key);
    if (x == nullptr) {
      if (required) return Bad(At(key), "is missing");
      return &kEmptyArray();
    }
    if (!x->IsArray()) return Bad(At(key), "must be an array");
    return x;
  }
  bool present() const { return v_.IsObject(); }
  const Value& value() const { return v_; }

 private:
  static const Value& kEmptyArray() {
    static const Value v(rapidjson::kArrayType);
    return v;
  }
  static inline const Value kNull{};
  const Value& v_;
  const Obj* parent_ = nullptr;
  const char* key_;
  long index_ = -1;
};

// Element i of the array at parent.key, which must be an object.
Result<Obj> Element(const Value& arr, rapidjson::SizeType i, const Obj& parent, const char* key) {
  if (!arr[i].IsObject())
    return Bad(StrCat(parent.where(), ".", key, "[", i, "]"), "must be an object");
  return Obj(arr[i], &parent, key, static_cast<long>(i));
}

bool IsHex32(std::string_view s) {
  if (s.size() != 32) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Status JobId(const Obj& o, const char* key, std::string* out) {
  FS_RETURN_IF_ERROR(o.Str(key, out, true));
  if (!IsHex32(*out))
    return Bad(o.At(key), StrCat("is not a job id (32 hex digits): ", Quote(*out)));
  return Status();
}

Status Counts(const Obj& o, const char* key, std::map<std::string, int64_t>* out) {
  FS_ASSIGN_OR_RETURN(Obj m, o.Object(key));
  if (!m.present()) return Status();
  for (auto it = m.value().MemberBegin(); it != m.value().MemberEnd(); ++it) {
    if (!it->value.IsInt64()) {
      return Bad(StrCat(m.where(), ".", it->name.GetString()), "must be an integer");
    }
    (*out)[std::string(it->name.GetString(), it->name.GetStringLength())] = it->value.GetInt64();
  }
  return Status();
}

Result<CheckpointEntry> Checkpoint(const Obj& o) {
  CheckpointEntry e;
  FS_RETURN_IF_ERROR(o.Int("id", &e.id, true));
  FS_RETURN_IF_ERROR(o.Str("className", &e.class_name));
  if (e.class_name.empty()) FS_RETURN_IF_ERROR(o.Str("@class", &e.class_name));  // Flink 1.14
  FS_RETURN_IF_ERROR(o.Str("status", &e.status, true));
  FS_RETURN_IF_ERROR(o.Bool("is_savepoint", &e.is_savepoint));
  FS_RETURN_IF_ERROR(o.Str("savepointFormat", &e.savepoint_format));
  FS_RETURN_IF_ERROR(o.Str("checkpoint_type", &e.checkpoint_type));
  FS_RETURN_IF_ERROR(o.Int("trigger_timestamp", &e.trigger_ms));
  FS_RETURN_IF_ERROR(o.Int("latest_ack_timestamp", &e.latest_ack_ms));
  FS_RETURN_IF_ERROR(o.Int("state_size", &e.state_size));
  FS_RETURN_IF_ERROR(o.Int("checkpointed_size", &e.checkpointed_size));
  FS_RETURN_IF_ERROR(o.Int("end_to_end_duration", &e.end_to_end_ms));
  FS_RETURN_IF_ERROR(o.Int("num_subtasks", &e.num_subtasks));
  FS_RETURN_IF_ERROR(o.Int("num_acknowledged_subtasks", &e.num_acknowledged));
  FS_RETURN_IF_ERROR(o.Str("external_path", &e.external_path));
  FS_RETURN_IF_ERROR(o.Bool("discarded", &e.discarded));
  FS_RETURN_IF_ERROR(o.Int("failure_timestamp", &e.failure_ms));
  FS_RETURN_IF_ERROR(o.Str("failure_message", &e.failure_message));
  if (e.status != "COMPLETED" && e.status != "FAILED" && e.status != "IN_PROGRESS") {
    return Bad(o.At("status"), StrCat("is not a checkpoint status: ", Quote(e.status)));
  }
  return e;
}

Result<std::optional<CheckpointEntry>> OptCheckpoint(const Obj& o, const char* key) {
  FS_ASSIGN_OR_RETURN(Obj c, o.Object(key));
  if (!c.present()) return std::optional<CheckpointEntry>();
  FS_ASSIGN_OR_RETURN(CheckpointEntry e, Checkpoint(c));
  return std::optional<CheckpointEntry>(std::move(e));
}

Result<std::string> SingleString(std::string_view json, const char* key) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json));
  const rapidjson::Value& doc = parsed->doc;
  Obj o(doc, "$");
  std::string out;
  FS_RETURN_IF_ERROR(o.Str(key, &out, true));
  return out;
}

std::string JsonText(const Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

// "org.apache.flink.FooException: msg" -> "msg" (repeatedly: "Caused by" chains keep their
// innermost class-free text).
std::string_view StripExceptionClass(std::string_view line) {
  for (;;) {
    size_t colon = line.find(": ");
    if (colon == std::string_view::npos) return line;
    std::string_view head = line.substr(0, colon);
    bool dotted_class =
        head.find('.') != std::string_view::npos && head.find(' ') == std::string_view::npos;
    if (!dotted_class) return line;
    line = line.substr(colon + 2);
  }
}

// One ExceptionInfo (a history entry or one of its concurrent exceptions).
Status DecodeExceptionEntry(const Obj& e, ExceptionEntry* y) {
  FS_RETURN_IF_ERROR(e.Str("exceptionName", &y->name));
  FS_RETURN_IF_ERROR(e.Str("stacktrace", &y->stacktrace));
  FS_RETURN_IF_ERROR(e.Str("taskName", &y->task));
  FS_RETURN_IF_ERROR(e.Str("endpoint", &y->endpoint));
  // 1.14 to 1.18 name the TaskManager's host:port `location` (1.19 and 1.20 send both).
  if (y->endpoint.empty()) FS_RETURN_IF_ERROR(e.Str("location", &y->endpoint));
  FS_RETURN_IF_ERROR(e.Str("taskManagerId", &y->task_manager));
  FS_RETURN_IF_ERROR(e.Int("timestamp", &y->timestamp));
  FS_ASSIGN_OR_RETURN(Obj labels, e.Object("failureLabels"));
  if (labels.present()) {
    for (auto it = labels.value().MemberBegin(); it != labels.value().MemberEnd(); ++it) {
      if (!it->value.IsString())
        return Bad(StrCat(labels.where(), ".", it->name.GetString()), "must be a string");
      y->failure_labels[it->name.GetString()] = it->value.GetString();
    }
  }
  return Status();
}

}  // namespace

std::string MeaningfulLine(std::string_view text) {
  std::string_view first = text.substr(0, text.find('\n'));
  while (!first.empty() && (first.back() == '\r' || first.back() == ' ')) first.remove_suffix(1);
  return std::string(StripExceptionClass(first));
}

namespace {

// "java.util.concurrent.TimeoutException": dotted identifiers, the last one capitalised.
bool IsJavaClassName(std::string_view s) {
  const size_t dot = s.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= s.size() ||
      !(s[dot + 1] >= 'A' && s[dot + 1] <= 'Z'))
    return false;
  for (char c : s) {
    const bool ident = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '_' || c == '$' || c == '.';
    if (!ident) return false;
  }
  return true;
}

// The innermost meaningful cause of a Java stack trace, on one line: of the first line and
// every "Caused by:" line, the last that says something beyond an exception class.
std::string InnermostCause(std::string_view trace) {
  std::string best;
  bool first = true;
  while (!trace.empty()) {
    const size_t nl = trace.find('\n');
    std::string_view line = trace.substr(0, nl);
    trace = nl == std::string_view::npos ? std::string_view() : trace.substr(nl + 1);
    constexpr std::string_view kCausedBy = "Caused by: ";
    if (!first && line.substr(0, kCausedBy.size()) != kCausedBy) continue;
    if (!first) line.remove_prefix(kCausedBy.size());
    first = false;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    std::string_view text = StripExceptionClass(line);
    // A bare class name ("java.util.concurrent.TimeoutException") says only what kind.
    const bool bare = IsJavaClassName(text);
    if (!text.empty() && !bare) {
      best = std::string(text);
    } else if (best.empty() && !line.empty()) {
      best = std::string(line.substr(line.rfind('.') + 1));  // "TimeoutException"
    }
  }
  return best;
}

}  // namespace

bool DecodeErrorBody(std::string_view json, std::string* first_line, std::string* full_text) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) return false;
  auto it = doc.FindMember("errors");
  if (it == doc.MemberEnd() || !it->value.IsArray() || it->value.Empty()) return false;
  std::vector<std::string> parts;
  for (const Value& e : it->value.GetArray()) {
    if (e.IsString()) parts.emplace_back(e.GetString(), e.GetStringLength());
  }
  if (parts.empty()) return false;
  *full_text = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) StrAppend(full_text, "\n", parts[i]);
  // 500 "Internal server error." with "<Exception on server side:\n<trace>\nEnd of exception on
  // server side>": the headline is the trace's innermost cause, not the generic first part.
  constexpr std::string_view kServerSide = "<Exception on server side:";
  for (size_t i = 1; i < parts.size(); ++i) {
    std::string_view rest = parts[i];
    if (rest.substr(0, kServerSide.size()) != kServerSide) continue;
    rest.remove_prefix(kServerSide.size());
    while (!rest.empty() && (rest.front() == '\n' || rest.front() == ' ')) rest.remove_prefix(1);
    std::string inner = InnermostCause(rest);
    if (!inner.empty()) {
      *first_line = inner;
      return true;
    }
  }
  std::string line = InnermostCause(parts[0]);
  *first_line = line.empty() ? MeaningfulLine(parts[0]) : line;
  return true;
}

Result<ClusterOverview> DecodeOverview(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json));
  const rapidjson::Value& doc = parsed->doc;
  Obj o(doc, "$");
  ClusterOverview c;
  // Every Flink from 1.14 on sends these (ClusterOverviewWithVersion); an answer without one is
  // not an overview, and zeros or nulls must not be made up for it.
  FS_RETURN_IF_ERROR(o.Int("taskmanagers", &c.taskmanagers, true));
  FS_RETURN_IF_ERROR(o.Int("slots-total", &c.slots_total, true));
  FS_RETURN_IF_ERROR(o.Int("slots-available", &c.slots_available, true));
  FS_RETURN_IF_ERROR(o.Int("jobs-running", &c.jobs_running, true));
  FS_RETURN_IF_ERROR(o.Int("jobs-finished", &c.jobs_finished, true));
  FS_RETURN_IF_ERROR(o.Int("jobs-cancelled", &c.jobs_cancelled, true));
  FS_RETURN_IF_ERROR(o.Int("jobs-failed", &c.jobs_failed, true));
  FS_RETURN_IF_ERROR(o.Str("flink-version", &c.flink_version, true));
  FS_RETURN_IF_ERROR(o.Str("flink-commit", &c.flink_commit));
  return c;
}

Result<ClusterConfig> DecodeConfig(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json));
  const rapidjson::Value& doc = parsed->doc;
  Obj o(doc, "$");
  ClusterConfig c;
  FS_RETURN_IF_ERROR(o.Str("flink-version", &c.flink_version, true));
  FS_RETURN_IF_ERROR(o.Str("flink-revision", &c.flink_revision));
  FS_RETURN_IF_ERROR(o.Str("timezone-name", &c.timezone));
  FS_RETURN_IF_ERROR(o.Int("refresh-interval", &c.refresh_interval_ms));
  return c;
}

Result<std::vector<JobOverview>> DecodeJobsOverview(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json));
  const rapidjson::Value& doc = parsed->doc;
  Obj o(doc, "$");
  FS_ASSIGN_OR_RETURN(const Value* jobs, o.Array("jobs", true));
  std::vector<JobOverview> out;
  out.reserve(jobs->Size());
  for (rapidjson::SizeType i = 0; i < jobs->Size(); ++i) {
    FS_ASSIGN_OR_RETURN(Obj j, Element(*jobs, i, o, "jobs"));
    JobOverview x;
    FS_RETURN_IF_ERROR(JobId(j, "jid", &x.id));
    FS_RETURN_IF_ERROR(j.Str("name", &x.name));
    FS_RETURN_IF_ERROR(j.Str("state", &x.state, true));
    FS_RETURN_IF_ERROR(j.Int("start-time", &x.start_time));
    FS_RETURN_IF_ERROR(j.Int("end-time", &x.end_time));
    FS_RETURN_IF_ERROR(j.Int("duration", &x.duration));
    FS_RETURN_IF_ERROR(j.Int("last-modification", &x.last_modification));
    if (x.last_modification == 0) x.last_modification = -1;  // never modified
    FS_RETURN_IF_ERROR(Counts(j, "tasks", &x.tasks));
    auto total = x.tasks.find("total");
    if (total != x.tasks.end()) {
      x.tasks_total = total->second;
      x.tasks.erase(total);
    }
    out.push_back(std::move(x));
  }
  return out;
}

Result<JobDetails> DecodeJobDetails(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json));
  const rapidjson::Value& doc = parsed->doc;
  Obj o(doc, "$");
  JobDetails d;
  FS_RETURN_IF_ERROR(JobId(o, "jid", &d.id));
  FS_RETURN_IF_ERROR(o.Str("name", &d.name));
  FS_RETURN_IF_ERROR(o.Str("state", &d.state, true));
  FS_RETURN_IF_ERROR(o.Str("job-type", &d.job_type));
  FS_RETURN_IF_ERROR(o.Bool("isStoppable", &d.stoppable));
  FS_RETURN_IF_ERROR(o.Int("start-time", &d.start_time));
  FS_RETURN_IF_ERROR(o.Int("end-time", &d.end_time));
  FS_RETURN_IF_ERROR(o.Int("duration", &d.duration));
  FS_RETURN_IF_ERROR(o.Int("now", &d.now));
  FS_RETURN_IF_ERROR(o.Int("maxParallelism", &d.max_parallelism));
  FS_RETURN_IF_ERROR(Counts(o, "timestamps", &d.timestamps));
  for (auto& [state, ms] : d.timestamps) {
    if (ms == 0) ms = -1;  // a state the job never reached
  }
  FS_ASSIGN_OR_RETURN(const Value* vs, o.Array("vertices"));
  for (rapidjson::SizeType i = 0; i < vs->Size(); ++i) {
    FS_ASSIGN_OR_RETURN(Obj v, Element(*vs, i, o, "vertices"));
    Vertex x;
    FS_RETURN_IF_ERROR(v.Str("id", &x.id, true));
    FS_RETURN_IF_ERROR(v.Str("name", &x.name));
    FS_RETURN_IF_ERROR(v.Str("status", &x.status));
    FS_RETURN_IF_ERROR(v.Int("parallelism", &x.parallelism));
    FS_RETURN_IF_ERROR(v.Int("maxParallelism", &x.max_parallelism));
    FS_RETURN_IF_ERROR(v.Int("start-time", &x.start_time));
    FS_RETURN_IF_ERROR(v.Int("end-time", &x.end_time));
    d.vertices.push_back(std::move(x));
  }
  return d;
}

Result<std::string> DecodeJobStatus(std::string_view json) { return SingleString(json, "status"); }

Result<JobExceptions> DecodeExceptions(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json));
  const rapidjson::Value& doc = parsed->doc;
  Obj o(doc, "$");
  JobExceptions x;
  FS_RETURN_IF_ERROR(o.Str("root-exception", &x.root_exception));
  FS_RETURN_IF_ERROR(o.Int("timestamp", &x.timestamp));
  FS_ASSIGN_OR_RETURN(Obj h, o.Object("exceptionHistory"));
  if (h.present()) {
    FS_RETURN_IF_ERROR(h.Bool("truncated", &x.truncated));
    FS_ASSIGN_OR_RETURN(const Value* es, h.Array("entries"));
    for (rapidjson::SizeType i = 0; i < es->Size(); ++i) {
      FS_ASSIGN_OR_RETURN(Obj e, Element(*es, i, h, "entries"));
      ExceptionEntry y;
      FS_RETURN_IF_ERROR(DecodeExceptionEntry(e, &y));
      FS_ASSIGN_OR_RETURN(const Value* cs, e.Array("concurrentExceptions"));
      for (rapidjson::SizeType k = 0; k < cs->Size(); ++k) {
        FS_ASSIGN_OR_RETURN(Obj c, Element(*cs, k, e, "concurrentExceptions"));
        ExceptionEntry z;
        FS_RETURN_IF_ERROR(DecodeExceptionEntry(c, &z));
        y.concurrent.push_back(std::move(z));
      }
      x.history.push_back(std::move(y));
    }
  } else {
    FS_RETURN_IF_ERROR(o.Bool("truncated", &x.truncated));
  }
  return x;
}

Result<CheckpointStats> DecodeCheckpointStats(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json));
  const rapidjson::Value& doc = parsed->doc;
  Obj o(doc, "$");
  CheckpointStats s;
  FS_ASSIGN_OR_RETURN(Obj counts, o.Object("counts", true));
  FS_RETURN_IF_ERROR(counts.Int("restored", &s.restored));
  FS_RETURN_IF_ERROR(counts.Int("total", &s.total));
  FS_RETURN_IF_ERROR(counts.Int("in_progress", &s.in_progress));
  FS_RETURN_IF_ERROR(counts.Int("completed", &s.completed));
  FS_RETURN_IF_ERROR(counts.Int("failed", &s.failed));
  FS_ASSIGN_OR_RETURN(Obj latest, o.Object("latest"));
  if (latest.present()) {
    FS_ASSIGN_OR_RETURN(s.latest_completed, OptCheckpoint(latest, "completed"));
    FS_ASSIGN_OR_RETURN(s.latest_savepoint, OptCheckpoint(latest, "savepoint"));
    FS_ASSIGN_OR_RETURN(s.latest_failed, OptCheckpoint(latest, "failed"));
    FS_ASSIGN_OR_RETURN(Obj r, latest.Object("restored"));
    if (r.present()) {
      RestoredCheckpoint x;
      FS_RETURN_IF_ERROR(r.Int("id", &x.id, true));
      FS_RETURN_IF_ERROR(r.Int("restore_timestamp", &x.restore_ms));
      FS_RETURN_IF_ERROR(r.Bool("is_savepoint", &x.is_savepoint));
      FS_RETURN_IF_ERROR(r.Str("external_path", &x.external_path));
      s.latest_restored = x;
    }
  }
  FS_ASSIGN_OR_RETURN(const Value* history, o.Array("history"));
  for (rapidjson::SizeType i = 0; i < history->Size(); ++i) {
    FS_ASSIGN_OR_RETURN(Obj h, Element(*history, i, o, "history"));
    FS_ASSIGN_OR_RETURN(CheckpointEntry e, Checkpoint(h));
    s.history.push_back(std::move(e));
  }
  return s;
}

Result<CheckpointEntry> DecodeCheckpointEntry(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json));
  const rapidjson::Value& doc = parsed->doc;
  return Checkpoint(Obj(doc, "$"));
}

Result<CheckpointConfig> DecodeCheckpointConfig(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json));
  const rapidjson::Value& doc = parsed->doc;
  Obj o(doc, "$");
  CheckpointConfig c;
  // CheckpointConfigInfo's own fields in every version from 1.14 on; nothing is assumed for
  // one that is missing (retention advice rests on externalization).
  FS_RETURN_IF_ERROR(o.Str("mode", &c.mode, true));
  FS_RETURN_IF_ERROR(o.Int("interval", &c.interval_ms, true));
  FS_RETURN_IF_ERROR(o.Int("timeout", &c.timeout_ms, true));
  FS_RETURN_IF_ERROR(o.Int("min_pause", &c.min_pause_ms, true));
  FS_RETURN_IF_ERROR(o.Int("max_concurrent", &c.max_concurrent, true));
  FS_RETURN_IF_ERROR(o.Int("tolerable_failed_checkpoints", &c.tolerable_failed));
  FS_RETURN_IF_ERROR(o.Str("state_backend", &c.state_backend));
  FS_RETURN_IF_ERROR(o.Str("checkpoint_storage", &c.checkpoint_storage));
  FS_RETURN_IF_ERROR(o.Bool("unaligned_checkpoints", &c.unaligned));
  FS_ASSIGN_OR_RETURN(Obj ext, o.Object("externalization", true));
  FS_RETURN_IF_ERROR(ext.Bool("enabled", &c.externalized, true));
  FS_RETURN_IF_ERROR(ext.Bool("delete_on_cancellation", &c.delete_on_cancellation, true));
  return c;
}

Result<JobConfigInfo> DecodeJobConfig(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json));
  const rapidjson::Value& doc = parsed->doc;
  Obj o(doc, "$");
  JobConfigInfo c;
  // JobConfigInfo's own serializer writes jid, name and execution-config (not the names its
  // OpenAPI schema shows); 2.x leaves out execution-mode.
  FS_RETURN_IF_ERROR(JobId(o, "jid", &c.id));
  FS_RETURN_IF_ERROR(o.Str("name", &c.name));
  FS_ASSIGN_OR_RETURN(Obj e, o.Object("execution-config"));
  if (e.present()) {
    FS_RETURN_IF_ERROR(e.Str("execution-mode", &c.execution_mode));
    FS_RETURN_IF_ERROR(e.Str("restart-strategy", &c.restart_strategy));
    FS_RETURN_IF_ERROR(e.Int("job-parallelism", &c.parallelism));
    FS_RETURN_IF_ERROR(e.Bool("object-reuse-mode", &c.object_reuse));
    FS_ASSIGN_OR_RETURN(Obj user, e.Object("user-config"));
    if (user.present()) {
      for (auto it = user.value().MemberBegin(); it != user.value().MemberEnd(); ++it) {
        if (!it->value.IsString()) {
          return Bad(StrCat(user.where(), ".", it->name.GetString()), "must be a string");
        }
        c.user_config.emplace_back(std::string(it->name.GetString(), it->name.GetStringLength()),
                                   std::string(it->value.GetString(), it->value.GetStringLength()));
      }
    }
  }
  return c;
}

Result<std::vector<std::pair<std::string, std::string>>> DecodeConfigurationEntries(
    std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json, true));
  const rapidjson::Value& doc = parsed->doc;
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(doc.Size());
  for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
    const std::string where = StrCat("$[", i, "]");
    if (!doc[i].IsObject()) return Bad(where, "must be an object");
    Obj o(doc[i], where.c_str());
    std::string key, value;
    FS_RETURN_IF_ERROR(o.Str("key", &key, true));
    FS_RETURN_IF_ERROR(o.Str("value", &value, true));
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

Result<std::string> DecodeTriggerId(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::string id, SingleString(json, "request-id"));
  if (!IsHex32(id)) return Bad("$.request-id", StrCat("is not a trigger id: ", Quote(id)));
  return id;
}

Result<SavepointStatus> DecodeSavepointStatus(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json));
  const rapidjson::Value& doc = parsed->doc;
  Obj o(doc, "$");
  FS_ASSIGN_OR_RETURN(Obj status, o.Object("status", true));
  std::string id;
  FS_RETURN_IF_ERROR(status.Str("id", &id, true));
  SavepointStatus s;
  if (id == "IN_PROGRESS") return s;
  if (id != "COMPLETED")
    return Bad("$.status.id", StrCat("is not IN_PROGRESS or COMPLETED: ", Quote(id)));
  s.completed = true;
  FS_ASSIGN_OR_RETURN(Obj op, o.Object("operation", true));
  FS_RETURN_IF_ERROR(op.Str("location", &s.location));
  FS_ASSIGN_OR_RETURN(Obj cause, op.Object("failure-cause"));
  if (cause.present()) {
    FailureCause f;
    FS_RETURN_IF_ERROR(cause.Str("class", &f.class_name));
    FS_RETURN_IF_ERROR(cause.Str("stack-trace", &f.stack_trace));
    f.message = MeaningfulLine(f.stack_trace.empty() ? f.class_name : f.stack_trace);
    s.failure = std::move(f);
  } else if (s.location.empty()) {
    return Bad("$.operation", "has neither location nor failure-cause");
  }
  return s;
}

Result<std::string> DecodeJarUpload(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::string file, SingleString(json, "filename"));
  std::string id = file.substr(file.rfind('/') + 1);
  if (id.empty()) return Bad("$.filename", "names no file");
  return id;
}

Result<std::vector<std::string>> DecodeJarIds(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json));
  const rapidjson::Value& doc = parsed->doc;
  Obj o(doc, "$");
  FS_ASSIGN_OR_RETURN(const Value* files, o.Array("files", true));
  std::vector<std::string> out;
  for (rapidjson::SizeType i = 0; i < files->Size(); ++i) {
    const Value& f = (*files)[i];
    if (!f.IsObject() || !f.HasMember("id") || !f["id"].IsString()) {
      return Bad(StrCat("$.files[", i, "].id"), "must be a string");
    }
    out.emplace_back(f["id"].GetString());
  }
  return out;
}

Result<std::string> DecodeJarRun(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::string id, SingleString(json, "jobid"));
  if (!IsHex32(id)) return Bad("$.jobid", StrCat("is not a job id: ", Quote(id)));
  return id;
}

Result<std::vector<std::string>> DecodeApiVersions(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json));
  const rapidjson::Value& doc = parsed->doc;
  Obj o(doc, "$");
  FS_ASSIGN_OR_RETURN(const Value* vs, o.Array("versions", true));
  std::vector<std::string> out;
  for (rapidjson::SizeType i = 0; i < vs->Size(); ++i) {
    if (!(*vs)[i].IsString()) return Bad(StrCat("$.versions[", i, "]"), "must be a string");
    out.emplace_back((*vs)[i].GetString());
  }
  return out;
}

Result<std::string> DecodeGatewayInfo(std::string_view json) {
  return SingleString(json, "version");
}
Result<std::string> DecodeSessionHandle(std::string_view json) {
  return SingleString(json, "sessionHandle");
}
Result<std::map<std::string, std::string>> DecodeSessionConfig(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json));
  const rapidjson::Value& doc = parsed->doc;
  Obj o(doc, "$");
  FS_ASSIGN_OR_RETURN(Obj props, o.Object("properties", true));
  std::map<std::string, std::string> out;
  for (auto it = props.value().MemberBegin(); it != props.value().MemberEnd(); ++it) {
    if (!it->value.IsString())
      return Bad(StrCat(props.where(), ".", it->name.GetString()), "must be a string");
    out[std::string(it->name.GetString(), it->name.GetStringLength())] =
        std::string(it->value.GetString(), it->value.GetStringLength());
  }
  return out;
}

Result<std::string> DecodeOperationHandle(std::string_view json) {
  return SingleString(json, "operationHandle");
}
Result<std::string> DecodeOperationStatus(std::string_view json) {
  return SingleString(json, "status");
}

Result<ResultPage> DecodeResultPage(std::string_view json) {
  FS_ASSIGN_OR_RETURN(std::unique_ptr<Parsed> parsed, ParseDoc(json));
  const rapidjson::Value& doc = parsed->doc;
  Obj o(doc, "$");
  ResultPage p;
  FS_RETURN_IF_ERROR(o.Str("resultType", &p.result_type, true));
  if (p.result_type != "NOT_READY" && p.result_type != "PAYLOAD" && p.result_type != "EOS") {
    return Bad("$.resultType", StrCat("is not NOT_READY, PAYLOAD or EOS: ", Quote(p.result_type)));
  }
  FS_RETURN_IF_ERROR(o.Str("nextResultUri", &p.next_uri));
  FS_RETURN_IF_ERROR(o.Str("resultKind", &p.result_kind));
  FS_RETURN_IF_ERROR(o.Bool("isQueryResult", &p.is_query));
  FS_RETURN_IF_ERROR(o.Str("jobID", &p.job_id));
  FS_ASSIGN_OR_RETURN(Obj results, o.Object("results"));
  if (!results.present()) return p;
  FS_ASSIGN_OR_RETURN(const Value* cols, results.Array("columns"));
  for (rapidjson::SizeType i = 0; i < cols->Size(); ++i) {
    FS_ASSIGN_OR_RETURN(Obj c, Element(*cols, i, results, "columns"));
    ResultColumn col;
    FS_RETURN_IF_ERROR(c.Str("name", &col.name, true));
    FS_ASSIGN_OR_RETURN(Obj lt, c.Object("logicalType"));
    if (lt.present()) {
      FS_RETURN_IF_ERROR(lt.Str("type", &col.type));
      FS_RETURN_IF_ERROR(lt.Bool("nullable", &col.nullable));
    }
    p.columns.push_back(std::move(col));
  }
  FS_ASSIGN_OR_RETURN(const Value* data, results.Array("data"));
  for (rapidjson::SizeType i = 0; i < data->Size(); ++i) {
    FS_ASSIGN_OR_RETURN(Obj r, Element(*data, i, results, "data"));
    ResultRow row;
    FS_RETURN_IF_ERROR(r.Str("kind", &row.kind));
    FS_ASSIGN_OR_RETURN(const Value* fields, r.Array("fields", true));
    for (const Value& f : fields->GetArray()) {
      ResultField v;
      if (f.IsString()) {
        v.kind = ResultField::Kind::kString;
        v.text.assign(f.GetString(), f.GetStringLength());
      } else if (!f.IsNull()) {
        v.kind = ResultField::Kind::kJson;
        v.text = JsonText(f);
      }
      row.fields.push_back(std::move(v));
    }
    p.rows.push_back(std::move(row));
  }
  // The INSERT's job id is also its one row's "job id" column.
  if (p.job_id.empty()) {
    for (size_t c = 0; c < p.columns.size(); ++c) {
      if (p.columns[c].name == "job id" && p.rows.size() == 1 && c < p.rows[0].fields.size() &&
          p.rows[0].fields[c].is_string() && IsHex32(p.rows[0].fields[c].text) &&
          p.columns.size() == 1) {
        p.job_id = p.rows[0].fields[c].text;
      }
    }
  }
  return p;
}

}  // namespace flowstate::core::flink
