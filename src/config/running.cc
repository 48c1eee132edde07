#include "config/running.h"

#include <charconv>

#include "common/strings.h"
#include "config/scope.h"
#include "config/value.h"

namespace flowstate::core::config {
namespace {

class Comparer {
 public:
  Comparer(const EffectiveConfig& explained, std::vector<RunningComparison>* out)
      : explained_(explained), version_(explained.version()), out_(out) {}

  // The explained row for an option: its value by the explanation, else Flink's default.
  RunningComparison Row(std::string_view option) {
    RunningComparison r;
    Registry::Match m = Registry::Get().Find(option);
    const OptionName* name = m ? m.spec->NameFor(version_) : nullptr;
    r.key = name != nullptr ? name->name : std::string(option);
    if (const EffectiveEntry* e = explained_.Find(option); e != nullptr && !e->is_default) {
      r.explained = e->secret ? "******" : e->normalized;
      r.source = e->origin.ToString();
      typed_ = e->valid ? std::optional<TypedValue>(e->typed) : std::nullopt;
    } else if (const std::string* d = m ? m.spec->DefaultFor(version_) : nullptr) {
      r.explained = *d;
      r.source = "default";
      TypedValue t;
      ValueError ignored;
      typed_ = ParseOptionValue(*m.spec, *d, ValueContext{version_, false}, &t, &ignored)
                   ? std::optional<TypedValue>(t)
                   : std::nullopt;
    } else {
      r.source = "not set";
      typed_.reset();
    }
    return r;
  }
  const std::optional<TypedValue>& typed() const { return typed_; }

  void Add(RunningComparison r, bool same) {
    if (r.reported_by.empty()) {
      r.agreement = Agreement::kNotReported;
    } else {
      r.agreement = same ? Agreement::kSame : Agreement::kDiffers;
    }
    out_->push_back(std::move(r));
  }

 private:
  const EffectiveConfig& explained_;
  FlinkVersion version_;
  std::vector<RunningComparison>* out_;
  std::optional<TypedValue> typed_;
};

std::string Millis(int64_t ms) { return StrCat(ms, " ms"); }

bool SameMillis(const Duration& d, int64_t ms) {
  const Duration r = Duration::FromMillis(ms);
  return d.seconds == r.seconds && d.nanos == r.nanos;
}

// A whole number as the cluster reports it; -1 when it is not one.
int64_t ParseCount(std::string_view text) {
  text = StripAsciiWhitespace(text);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return ec == std::errc() && end == text.data() + text.size() ? v : -1;
}

const std::string* ClusterValue(const RunningJob& job, std::string_view option) {
  Registry::Match m = Registry::Get().Find(option);
  for (const auto& [k, v] : job.cluster) {
    Registry::Match km = Registry::Get().Find(k);
    if ((m && km && km.spec == m.spec) || k == option) return &v;
  }
  return nullptr;
}

}  // namespace

std::vector<RunningComparison> CompareWithRunningJob(const EffectiveConfig& explained,
                                                     const RunningJob& job) {
  std::vector<RunningComparison> out;
  Comparer c(explained, &out);
  const std::string cp_endpoint = StrCat("/jobs/", job.job_id, "/checkpoints/config");
  const RunningJob::Checkpoints* cp = job.checkpoints ? &*job.checkpoints : nullptr;

  {  // The interval: checkpointing is off when the job reports no checkpoint configuration.
    RunningComparison r = c.Row("execution.checkpointing.interval");
    const std::optional<TypedValue> t = c.typed();
    r.reported_by = cp_endpoint;
    if (cp == nullptr) {
      r.reported = "(checkpointing off)";
      c.Add(std::move(r), !t.has_value());
    } else {
      r.reported = Millis(cp->interval_ms);
      const bool same = t.has_value() && SameMillis(t->duration, cp->interval_ms);
      if (!same) {
        r.note = t.has_value() ? "the job checkpoints at another interval"
                               : "the job checkpoints though the explanation sets no interval";
      }
      c.Add(std::move(r), same);
    }
  }
  if (cp != nullptr) {
    struct Number {
      const char* option;
      int64_t reported;
      bool duration;
    };
    const Number numbers[] = {
        {"execution.checkpointing.timeout", cp->timeout_ms, true},
        {"execution.checkpointing.min-pause", cp->min_pause_ms, true},
        {"execution.checkpointing.max-concurrent-checkpoints", cp->max_concurrent, false},
        {"execution.checkpointing.tolerable-failed-checkpoints", cp->tolerable_failed, false},
    };
    for (const Number& n : numbers) {
      RunningComparison r = c.Row(n.option);
      const std::optional<TypedValue> t = c.typed();
      if (n.reported < 0) {
        c.Add(std::move(r), false);
        continue;
      }
      r.reported_by = cp_endpoint;
      r.reported = n.duration ? Millis(n.reported) : std::to_string(n.reported);
      const bool same = t.has_value() && (n.duration ? SameMillis(t->duration, n.reported)
                                                     : t->integer == n.reported);
      c.Add(std::move(r), same);
    }
    {
      RunningComparison r = c.Row("execution.checkpointing.mode");
      const std::optional<TypedValue> t = c.typed();
      r.reported_by = cp_endpoint;
      r.reported = AsciiUpper(cp->mode);
      c.Add(std::move(r), t.has_value() && EqualsIgnoreCase(t->text, cp->mode));
    }
    {
      RunningComparison r = c.Row("execution.checkpointing.externalized-checkpoint-retention");
      const std::optional<TypedValue> t = c.typed();
      r.reported_by = cp_endpoint;
      r.reported = !cp->externalized            ? "NO_EXTERNALIZED_CHECKPOINTS"
                   : cp->delete_on_cancellation ? "DELETE_ON_CANCELLATION"
                                                : "RETAIN_ON_CANCELLATION";
      c.Add(std::move(r), t.has_value() && EqualsIgnoreCase(t->text, r.reported));
    }
    {
      RunningComparison r = c.Row("execution.checkpointing.unaligned.enabled");
      const std::optional<TypedValue> t = c.typed();
      r.reported_by = cp_endpoint;
      r.reported = cp->unaligned ? "true" : "false";
      c.Add(std::move(r), t.has_value() && t->boolean == cp->unaligned);
    }
  }
  {
    RunningComparison r = c.Row("parallelism.default");
    const std::optional<TypedValue> t = c.typed();
    if (job.parallelism) {
      r.reported_by = StrCat("/jobs/", job.job_id, "/config");
      r.reported = std::to_string(*job.parallelism);
    }
    c.Add(std::move(r), job.parallelism && t.has_value() && t->integer == *job.parallelism);
  }
  {  // num-retained: the cluster's, and what storage holds.
    RunningComparison r = c.Row("execution.checkpointing.num-retained");
    const std::optional<TypedValue> t = c.typed();
    const std::string* v = ClusterValue(job, "execution.checkpointing.num-retained");
    int64_t kept = 1;
    bool same = false;
    if (v != nullptr) {
      r.reported_by = "/jobmanager/config";
      r.reported = *v;
      same = t.has_value() && std::to_string(t->integer) == StripAsciiWhitespace(*v);
      kept = ParseCount(*v);
    } else if (!job.cluster.empty()) {
      r.reported_by = "/jobmanager/config";
      r.reported = "1 (not set: Flink's default)";
      same = t.has_value() && t->integer == 1;
    }
    if (job.checkpoints_on_storage) {
      const int64_t n = *job.checkpoints_on_storage;
      r.note = StrCat(n, n == 1 ? " completed checkpoint" : " completed checkpoints",
                      " of the job on storage");
      if (!job.storage_location.empty()) StrAppend(&r.note, " (", job.storage_location, ")");
      if (kept > 0 && n > kept) {
        StrAppend(&r.note, ", more than the ", kept,
                  " the JobMaster keeps: some were left by an earlier run or a failed cleanup");
      }
    } else if (!job.storage_problem.empty()) {
      r.note = "checkpoints on storage not counted: " + job.storage_problem;
    }
    c.Add(std::move(r), same);
  }
  // The cluster-only options the explanation holds (by the scope table), against the
  // cluster's file.
  for (const EffectiveEntry& e : explained.entries()) {
    if (e.spec == nullptr || e.is_default ||
        e.spec->key() == "execution.checkpointing.num-retained" ||
        ScopeOf(*e.spec, explained.version()).scope != Scope::kCluster) {
      continue;
    }
    const std::string* v = ClusterValue(job, e.spec->key());
    if (v == nullptr) continue;
    RunningComparison r = c.Row(e.spec->key());
    r.reported_by = "/jobmanager/config";
    r.reported = e.secret ? "******" : *v;
    c.Add(std::move(r), SameValue(*e.spec, *v, e.value, ValueContext{explained.version(), false}));
  }
  return out;
}

}  // namespace flowstate::core::config
