#include "job/engine.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <mutex>
#include <random>
#include <sstream>
#include <utility>

#include "common/strings.h"
#include "job/capture.h"
#include "job/submit.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace flowstate::core::job {
namespace {

using catalog::Operation;
using catalog::OperationKind;
using catalog::OperationPhase;
using catalog::SnapshotRecord;
using catalog::StateChange;
using catalog::StepEffects;

std::atomic<KillHook> g_hook{nullptr};

// ---- the points, in step order ----------------------------------------------------------

const char* const kSteps[] = {
    "adopt.probe",      "adopt.done",

    "savepoint.intent", "savepoint.trigger",
    "savepoint.sent",   "savepoint.wait",
    "savepoint.find",   "savepoint.verify",
    "savepoint.done",   "savepoint.failed",

    "stop.config",      "stop.intent",
    "stop.request",     "stop.sent",
    "stop.wait",        "stop.find",
    "stop.verify",      "stop.cancel",
    "stop.ended",       "stop.retained",
    "stop.done",        "stop.failed",

    "start.intent",     "start.probe",
    "start.upload",     "start.session",
    "start.statement",  "start.submit",
    "start.sent",       "start.wait",
    "start.confirm",    "start.done",
    "start.failed",

    "cancel.intent",    "cancel.request",
    "cancel.sent",      "cancel.ended",
    "cancel.retained",  "cancel.done",

    "recover.claim",    "recover.probe",
    "recover.verify",   "recover.sent",
    "recover.wait",     "recover.confirm",
    "recover.done",

    "move.done",        "acknowledge-lost.done",
};

void Point(const std::string& step, const char* side) {
  KillHook hook = g_hook.load(std::memory_order_acquire);
  if (hook != nullptr) hook(StrCat(step, ".", side).c_str());
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string NewTriggerId() {
  std::random_device rd;
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 4; ++i) {  // 4 x 32 bits: 32 hex digits
    uint32_t v = rd();
    for (int k = 0; k < 4; ++k) {
      out.push_back(kHex[(v >> (8 * k)) & 0xf]);
      out.push_back(kHex[(v >> (8 * k + 4)) & 0xf]);
    }
  }
  return out;
}

// An operation's parameters as a JSON object: text values, then flags.
std::string Params(std::initializer_list<std::pair<const char*, std::string>> texts,
                   std::initializer_list<std::pair<const char*, bool>> flags = {}) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (const auto& [key, value] : texts) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  }
  for (const auto& [key, value] : flags) {
    w.Key(key);
    w.Bool(value);
  }
  w.EndObject();
  return buf.GetString();
}

// A failure that leaves it unknown whether the cluster acted (the request may have arrived,
// the answer did not): the operation stays as it is, for recovery to find out.
bool Unknown(const Status& s) {
  return s.Is(Code::kUnavailable) || s.Is(Code::kTimeout) || s.Is(Code::kCancelled);
}

// The idle state a run that ended with `final_status` leaves the job in: SUSPENDED when a
// verified snapshot of it was kept, else as the run ended (CANCELLED for a canceled or
// unknown end).
State EndedState(std::string_view final_status, bool kept) {
  if (kept) return State::kSuspended;
  if (final_status == "FINISHED") return State::kFinished;
  if (final_status == "FAILED") return State::kFailed;
  return State::kCancelled;
}

const char* ModeName(StopMode m) {
  switch (m) {
    case StopMode::kPause:
      return "pause";
    case StopMode::kStop:
      return "stop";
    case StopMode::kSmart:
      return "smart";
    case StopMode::kNormal:
      return "normal";
  }
  return "?";
}

std::string FirstLine(std::string_view text) {
  return std::string(text.substr(0, text.find('\n')));
}

// A snapshot's place as Flink reports it and as the catalog records it ("file:/x/chk-7",
// "file:///x/chk-7/_metadata"): its directory in the storage layer's canonical form.
std::string Place(storage::Storage* storage, std::string_view path) {
  std::string p(path);
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (EndsWith(p, "/_metadata")) p.resize(p.size() - std::string_view("/_metadata").size());
  if (storage == nullptr) return p;
  Result<storage::Location> l = storage->Parse(p);
  return l.ok() ? l->ToString() : p;
}

std::string Parent(std::string_view path) {
  std::string p(path);
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  const size_t slash = p.find_last_of('/');
  return slash == std::string::npos ? std::string() : p.substr(0, slash);
}

// The process start time in clock ticks since boot (field 22 of /proc/<pid>/stat), or "".
std::string StartTicks(long pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(f, line)) return "";
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return "";
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && (rest >> field); ++i) {
    if (i == 22) return field;
  }
  return "";
}

std::string HostName() {
  std::array<char, 256> buf{};
  if (::gethostname(buf.data(), buf.size() - 1) != 0) return "localhost";
  return buf.data();
}

}  // namespace

const std::vector<std::string>& KillPoints() {
  static const std::vector<std::string> points = [] {
    std::vector<std::string> out;
    for (const char* s : kSteps) {
      out.push_back(StrCat(s, ".before"));
      out.push_back(StrCat(s, ".after"));
    }
    return out;
  }();
  return points;
}

void SetKillHook(KillHook hook) { g_hook.store(hook, std::memory_order_release); }

const std::string& ThisOwner() {
  static const std::string owner =
      StrCat(HostName(), ":", static_cast<long>(::getpid()), ":", StartTicks(::getpid()));
  return owner;
}

OwnerState CheckOwner(std::string_view owner) {
  // host:pid:start, the host possibly holding ':' of its own: read from the right.
  const size_t b = owner.rfind(':');
  if (b == std::string_view::npos || b == 0) return OwnerState::kUnknown;
  const size_t a = owner.rfind(':', b - 1);
  if (a == std::string_view::npos) return OwnerState::kUnknown;
  if (owner.substr(0, a) != HostName()) return OwnerState::kUnknown;
  const std::string pid_text(owner.substr(a + 1, b - a - 1));
  char* end = nullptr;
  const long pid = std::strtol(pid_text.c_str(), &end, 10);
  if (end == pid_text.c_str() || *end != '\0' || pid <= 0) return OwnerState::kUnknown;
  const std::string now = StartTicks(pid);
  if (now.empty()) return OwnerState::kGone;
  return now == owner.substr(b + 1) ? OwnerState::kAlive : OwnerState::kGone;
}

Result<flink::ClientOptions> PlainClusterResolver::Resolve(const catalog::Cluster& cluster) {
  if (cluster.rest_url.empty()) {
    return Status(Code::kIllegalState,
                  StrCat("cluster ", cluster.name, " has no JobManager address"));
  }
  flink::ClientOptions o;
  o.url = cluster.rest_url;
  return o;
}

// ---- the engine -------------------------------------------------------------------------

struct Lifecycle::Impl {
  catalog::Catalog* cat;
  storage::Storage* storage;
  ClusterResolver* clusters;
  LifecycleOptions options;
  std::string owner;
  std::mutex observe_mu;  // one round at a time
  std::unique_ptr<Observer> observer;

  // What an action works on.
  struct Target {
    catalog::Job job;
    catalog::Cluster cluster;
    std::optional<catalog::Run> run;
    std::unique_ptr<flink::RestClient> client;
    FlinkVersion version;
  };

  Result<Target> Load(std::string_view ref, bool need_run, Action need_run_for = Action::kCancel) {
    Target t;
    FS_ASSIGN_OR_RETURN(t.job, cat->GetJob(ref));
    if (t.job.cluster.empty()) {
      return Status(Code::kIllegalState,
                    StrCat("job ", t.job.Path(), " has no cluster: set one with move"));
    }
    FS_ASSIGN_OR_RETURN(t.cluster, cat->GetCluster(t.job.cluster));
    FS_ASSIGN_OR_RETURN(std::vector<catalog::Run> runs, cat->ListRuns(ref));
    for (const catalog::Run& r : runs) {
      if (!r.ended_ms) t.run = r;
    }
    if (need_run && !In(t.job.state, kActive)) {
      // The state is what tells why no action on a run is possible: the table's error.
      FS_RETURN_IF_ERROR(AfterAction(t.job.state, need_run_for).status());
    }
    if (need_run && (!t.run || t.run->flink_job_id.empty())) {
      return Status(Code::kIllegalState,
                    StrCat("job ", t.job.Path(), " has no run with a known Flink job id"));
    }
    FS_ASSIGN_OR_RETURN(flink::ClientOptions o, clusters->Resolve(t.cluster));
    if (!o.version && !t.cluster.flink_version.empty()) {
      Result<FlinkVersion> v = FlinkVersion::ParseAnyRelease(t.cluster.flink_version);
      if (v.ok()) o.version = *v;
    }
    t.client = std::make_unique<flink::RestClient>(std::move(o));
    FS_ASSIGN_OR_RETURN(t.version, t.client->Version());
    return t;
  }

  Operation NewOperation(const Target& t, OperationKind kind) {
    Operation op;
    op.kind = kind;
    op.owner = owner;
    if (t.run) op.run_id = t.run->id;
    return op;
  }

  // One step: the operation with what it records, in one transaction, between its points.
  Result<catalog::StepResult> Step(const char* name, const Target& t, const Operation& op,
                                   const StepEffects& effects, ActionReport* report) {
    Point(name, "before");
    Result<catalog::StepResult> r = cat->RecordStep(StrCat(t.job.id), op, effects);
    if (!r.ok()) return r.status();
    Point(name, "after");
    ++report->commits;
    report->operation = r->operation;
    if (effects.change) {
      report->transitions.push_back(
          Transition{effects.change->from, effects.change->to, effects.change->cause});
    }
    for (const SnapshotRecord& s : r->recorded) report->snapshots.push_back(s);
    return r;
  }

  template <typename F>
  auto Exchange(const char* name, F&& f) -> decltype(f()) {
    Point(name, "before");
    auto r = f();
    Point(name, "after");
    return r;
  }

  StateChange Change(const Target& t, int64_t version, State from, State to,
                     std::optional<Desired> desired, std::string action, std::string cause,
                     std::string detail = {}) {
    StateChange c;
    c.expected_version = version;
    c.from = from;
    c.to = to;
    c.desired = desired;
    c.action = std::move(action);
    c.cause = std::move(cause);
    c.detail = std::move(detail);
    if (t.run) c.run_id = t.run->id;
    return c;
  }

  // A LOST job whose loss was only presumed from its cluster's silence may still be running:
  // nothing starts or moves it before a user acknowledges the loss.
  Status LossConfirmed(const catalog::Job& job, const char* what) {
    if (job.state != State::kLost) return Status();
    FS_ASSIGN_OR_RETURN(catalog::Watch w, cat->GetWatch(StrCat(job.id)));
    if (!w.presumed_lost) return Status();
    return Status(Code::kIllegalState,
                  StrCat(what, " of job ", job.Path(), " is refused: its loss is presumed from ",
                         w.failed_probes, " unanswered probes of its cluster",
                         w.unreachable_since_ms
                             ? StrCat(" over ", (NowMs() - *w.unreachable_since_ms) / 1000, " s")
                             : std::string(),
                         ", and its run may still be running; acknowledge the loss "
                         "(acknowledge-lost) once the cluster is known to be gone"));
  }

  Status NeedStorage(const char* what) {
    if (storage != nullptr) return Status();
    return Status(Code::kIllegalState,
                  StrCat(what,
                         " needs storage: a snapshot counts only once its _metadata is "
                         "verified there"));
  }

  // The snapshot at `path`, checked on storage: its record, or why it cannot count.
  Result<SnapshotRecord> Verify(const std::string& path, catalog::Origin origin, const Target& t,
                                const OperationContext& ctx) {
    FS_ASSIGN_OR_RETURN(storage::Location loc, storage->Parse(path));
    storage::ScanOptions so;
    so.level = options.verify;
    so.context = ctx;
    FS_ASSIGN_OR_RETURN(storage::Inspection got, storage::InspectSnapshot(*storage, loc, so));
    const storage::Snapshot& s = got.snapshot;
    if (!s.restorable()) {
      return Status(Code::kIllegalState,
                    StrCat(path, " is not restorable (", storage::VerdictName(s.verdict), ": ",
                           s.reason, ")"));
    }
    SnapshotRecord r;
    r.path = path;
    r.kind = s.kind;
    r.origin = origin;
    r.state = catalog::SnapshotState::kCompleted;
    if (t.run) r.run_id = t.run->id;
    if (got.parsed && got.metadata.checkpoint_id >= 0) r.checkpoint_id = got.metadata.checkpoint_id;
    if (s.completion_time_ms > 0) r.completion_ms = s.completion_time_ms;
    r.size = static_cast<int64_t>(s.exclusive_bytes);
    if (s.format_version > 0) r.format_version = s.format_version;
    r.savepoint_format = s.savepoint_format;
    return r;
  }

  // Polls the run's status until it has ended: FINISHED, CANCELED or FAILED, or "" when the
  // JobManager no longer knows the job.
  Result<std::string> WaitEnded(Target& t, const OperationContext& ctx) {
    for (uint64_t polls = 0;; ++polls) {
      Result<std::string> s = t.client->JobStatus(t.run->flink_job_id);
      if (s.status().Is(Code::kNotFound)) return std::string();
      FS_RETURN_IF_ERROR(s.status());
      if (IsTerminalFlinkStatus(*s)) return *s;
      FS_RETURN_IF_ERROR(ctx.Progress("waiting for the run to end", polls, 0));
      FS_RETURN_IF_ERROR(
          ctx.Sleep(std::chrono::milliseconds(options.poll_ms), "waiting for the run to end"));
    }
  }

  // The job's checkpoint directory for its run: the job's, the cluster's, else the parent of
  // the newest checkpoint the JobManager reports.
  Result<std::string> CheckpointRoot(Target& t) {
    std::string dir = RunCheckpointDir(t.job, t.cluster, t.run->flink_job_id);
    if (!dir.empty()) return dir;
    Result<flink::CheckpointStats> stats = t.client->Checkpoints(t.run->flink_job_id);
    if (stats.ok() && stats->latest_completed && !stats->latest_completed->external_path.empty()) {
      return Parent(stats->latest_completed->external_path);
    }
    return Status(Code::kIllegalState, StrCat("no checkpoint directory is known for job ",
                                              t.job.Path(), ": set the job's or its cluster's"));
  }

  // Every restorable checkpoint of the run on storage, newest first, as retained ones.
  Result<std::vector<SnapshotRecord>> Retained(Target& t, const OperationContext& ctx,
                                               std::vector<std::string>* reasons) {
    FS_ASSIGN_OR_RETURN(std::string root, CheckpointRoot(t));
    return RetainedCheckpoints(*storage, root, options.verify, t.run->id, ctx, reasons);
  }

  // Would Flink delete the run's checkpoints when it is cancelled? The reason to refuse, or "".
  Result<std::string> DeletesOnCancel(Target& t) {
    FS_ASSIGN_OR_RETURN(flink::CheckpointConfig c,
                        t.client->CheckpointConfiguration(t.run->flink_job_id));
    if (!c.externalized) {
      return StrCat("job ", t.job.Path(),
                    " does not externalize its checkpoints: a cancel leaves no state");
    }
    if (c.delete_on_cancellation) {
      return StrCat("Flink deletes the checkpoints of job ", t.job.Path(),
                    " when it is cancelled (externalized-checkpoint-retention "
                    "DELETE_ON_CANCELLATION): a cancel leaves no state");
    }
    return std::string();
  }

  // ---- recovery ----

  std::string Param(const Operation& op, const char* key) {
    rapidjson::Document d;
    d.Parse(op.params.c_str());
    if (d.HasParseError() || !d.IsObject() || !d.HasMember(key) || !d[key].IsString()) return "";
    return d[key].GetString();
  }

  // Where the savepoint an operation asked for is: by its trigger id, else in the checkpoint
  // statistics (a savepoint triggered after the operation began), else on storage
  // (savepoint-<6 hex of the job id>-* completed after it began, _metadata complete). "" when
  // none is found; an error when Flink said the savepoint failed, or could not be asked.
  Result<std::string> FindSavepoint(Target& t, const Operation& op, const OperationContext& ctx) {
    const std::string& jid = t.run->flink_job_id;
    const std::string tid = !op.key.empty() ? op.key : op.result;
    if (tid.size() == 32) {
      Result<flink::SavepointStatus> st = t.client->SavepointState(jid, tid);
      if (st.ok()) {
        if (st->completed && !st->location.empty()) return st->location;
        if (st->failure) {
          return Status(Code::kRemote, StrCat("the savepoint failed: ", st->failure->message));
        }
        return t.client->WaitForSavepoint(jid, tid, ctx, options.poll_ms);
      }
      if (!st.status().Is(Code::kNotFound)) return st.status();
    }
    const int64_t since = op.started_ms - 1000;  // clocks of the host and the JobManager
    Result<flink::CheckpointStats> stats = t.client->Checkpoints(jid);
    if (stats.ok()) {
      std::vector<flink::CheckpointEntry> entries = stats->history;
      if (stats->latest_savepoint) entries.push_back(*stats->latest_savepoint);
      for (const flink::CheckpointEntry& e : entries) {
        if (e.is_savepoint && e.status == "COMPLETED" && e.trigger_ms >= since &&
            !e.external_path.empty()) {
          return e.external_path;
        }
      }
    } else if (!stats.status().Is(Code::kNotFound)) {
      return stats.status();
    }
    std::string dir = Param(op, "target_directory");
    if (dir.empty())
      dir = !t.job.savepoint_dir.empty() ? t.job.savepoint_dir : t.cluster.savepoint_dir;
    if (dir.empty() || storage == nullptr) return std::string();
    FS_ASSIGN_OR_RETURN(storage::Location loc, storage->Parse(dir));
    storage::ScanOptions so;
    so.level = options.verify;
    so.context = ctx;
    so.include_savepoints = true;
    Result<storage::ScanResult> scan = storage::ListSnapshots(*storage, {loc}, so);
    if (!scan.ok()) {
      if (scan.status().Is(Code::kNotFound)) return std::string();
      return scan.status();
    }
    const std::string prefix = StrCat("savepoint-", jid.substr(0, 6), "-");
    for (const storage::Snapshot& s : scan->snapshots) {
      if (s.kind == storage::SnapshotKind::kSavepoint && s.restorable() &&
          s.location.Name().rfind(prefix, 0) == 0 && s.completion_time_ms >= since) {
        return s.location.ToString();
      }
    }
    return std::string();
  }

  // The end of a wait for a savepoint whose trigger Flink answered 404 for: it forgot the
  // operation (its result outlived rest.async.store-duration, or a JobManager failed over),
  // so the savepoint is looked for in the checkpoint statistics, then on storage. Any other
  // outcome of the wait passes through.
  Result<std::string> UnlessForgotten(Result<std::string> waited, const char* step, Target& t,
                                      const Operation& op, const OperationContext& ctx) {
    if (waited.ok() || !waited.status().Is(Code::kNotFound)) return waited;
    Result<std::string> found = Exchange(step, [&] { return FindSavepoint(t, op, ctx); });
    if (!found.ok()) return found.status();
    if (found->empty()) {
      return Status(Code::kRemote,
                    StrCat("Flink forgot the savepoint operation (", waited.status().message(),
                           ") and neither its checkpoint statistics nor storage hold a savepoint "
                           "of the job taken since it was triggered"));
    }
    return found;
  }

  // Resolves one operation whose owner is gone.
  Result<ActionReport> Resolve(const Operation& found, const OperationContext& ctx) {
    ActionReport report;
    FS_ASSIGN_OR_RETURN(Target t, Load(StrCat(found.job_id), false));
    if (found.run_id) {
      FS_ASSIGN_OR_RETURN(std::vector<catalog::Run> runs, cat->ListRuns(StrCat(found.job_id)));
      t.run.reset();
      for (const catalog::Run& r : runs) {
        if (r.id == *found.run_id) t.run = r;
      }
    }
    if (found.kind != OperationKind::kSavepoint && found.kind != OperationKind::kStop &&
        found.kind != OperationKind::kCancel && found.kind != OperationKind::kSubmit &&
        found.kind != OperationKind::kResume) {
      return Status(Code::kUnsupported,
                    "this version of flowstate cannot resolve it: it is left as it is");
    }
    Operation op = found;
    op.owner = owner;
    op.attempts = found.attempts + 1;
    StepEffects claim;
    claim.expected_owner = found.owner;
    FS_ASSIGN_OR_RETURN(catalog::StepResult claimed, Step("recover.claim", t, op, claim, &report));
    op = claimed.operation;
    const bool stopping = t.job.state == State::kStopping;
    const int64_t version = t.job.version;
    auto back_to_running = [&](const std::string& why) -> std::optional<StateChange> {
      if (!stopping) return std::nullopt;
      return Change(t, version, State::kStopping, State::kRunning, std::nullopt, "job.observe",
                    "recovery", why);
    };
    auto finish = [&](OperationPhase phase, std::string why,
                      StepEffects e) -> Result<ActionReport> {
      op.phase = phase;
      if (phase != OperationPhase::kDone) op.error = why;
      FS_RETURN_IF_ERROR(Step("recover.done", t, op, e, &report).status());
      report.reasons.push_back(StrCat("recovery: ", why));
      return report;
    };
    if (found.kind == OperationKind::kSubmit || found.kind == OperationKind::kResume) {
      return ResolveSubmit(t, op, version, report, ctx);
    }
    if (!t.run || t.run->flink_job_id.empty()) {
      StepEffects e;
      e.change = back_to_running("the operation's run has no Flink job id");
      return finish(OperationPhase::kAbandoned, "the operation's run has no Flink job id", e);
    }
    const std::string& jid = t.run->flink_job_id;

    if (found.kind == OperationKind::kSavepoint) {
      Result<std::string> where =
          Exchange("recover.probe", [&] { return FindSavepoint(t, op, ctx); });
      if (!where.ok()) {
        if (where.status().Is(Code::kRemote)) {
          return finish(OperationPhase::kFailed, where.status().message(), {});
        }
        return where.status();
      }
      if (where->empty()) {
        return finish(op.phase == OperationPhase::kIntent ? OperationPhase::kAbandoned
                                                          : OperationPhase::kFailed,
                      op.phase == OperationPhase::kIntent
                          ? "the savepoint never reached Flink: nothing was done"
                          : "Flink has no record of the savepoint and storage holds none",
                      {});
      }
      Result<SnapshotRecord> r = Exchange(
          "recover.verify", [&] { return Verify(*where, catalog::Origin::kTriggered, t, ctx); });
      if (!r.ok()) return finish(OperationPhase::kFailed, r.status().message(), {});
      r->trigger_id = op.key.empty() ? (op.result.size() == 32 ? op.result : "") : op.key;
      op.result = *where;
      StepEffects e;
      e.snapshots.push_back(*r);
      return finish(OperationPhase::kDone, StrCat("savepoint ", *where, " found and verified"), e);
    }

    // A stop with a savepoint: what became of the savepoint (a stop ends the run only once
    // its savepoint is complete; one in progress is waited for within the deadline).
    bool savepoint_done = false;
    const std::string tid = !op.key.empty() ? op.key : op.result;
    if (found.kind == OperationKind::kStop && tid.size() == 32) {
      Result<std::string> sp = Exchange("recover.probe", [&]() -> Result<std::string> {
        Result<flink::SavepointStatus> st = t.client->SavepointState(jid, tid);
        if (!st.ok()) return st.status();
        if (st->completed) return st->failure ? std::string() : st->location;
        return t.client->WaitForSavepoint(jid, tid, ctx, options.poll_ms);
      });
      savepoint_done = sp.ok() && !sp->empty();
    }
    // Where is the run now?
    Result<std::string> status = Exchange("recover.probe", [&]() -> Result<std::string> {
      Result<std::string> s = t.client->JobStatus(jid);
      if (s.status().Is(Code::kNotFound)) return std::string();
      return s;
    });
    FS_RETURN_IF_ERROR(status.status());
    if (*status == "CANCELLING" ||
        (savepoint_done && !IsTerminalFlinkStatus(*status) && !status->empty())) {
      // Ending now (a cancel under way, a stop whose savepoint is complete): wait for it
      // within the deadline.
      Result<std::string> end = WaitEnded(t, ctx);
      if (end.ok()) {
        status = end;
      } else if (!end.status().Is(Code::kTimeout)) {
        return end.status();
      }
    }
    const bool ended = status->empty() || IsTerminalFlinkStatus(*status);
    if (!ended) {
      StepEffects e;
      const std::string why = StrCat("the run is ", *status, ": the ", NameOr(found.kind, "?"),
                                     " did not end it; nothing is sent again");
      e.change = back_to_running(why);
      return finish(op.phase == OperationPhase::kIntent ? OperationPhase::kAbandoned
                                                        : OperationPhase::kFailed,
                    why, e);
    }
    std::vector<SnapshotRecord> kept;
    std::string why =
        StrCat("the run ended ", status->empty() ? "(the JobManager forgot it)" : *status);
    if (found.kind == OperationKind::kStop && storage != nullptr) {
      Result<std::string> where = FindSavepoint(t, op, ctx);
      if (where.ok() && !where->empty()) {
        const catalog::Origin origin =
            Param(op, "mode") == "stop" ? catalog::Origin::kCancel : catalog::Origin::kStop;
        Result<SnapshotRecord> r =
            Exchange("recover.verify", [&] { return Verify(*where, origin, t, ctx); });
        if (r.ok()) {
          r->trigger_id = op.key.empty() ? (op.result.size() == 32 ? op.result : "") : op.key;
          kept.push_back(*r);
          StrAppend(&why, "; its savepoint ", *where, " verified and recorded");
        }
      }
    }
    if (kept.empty() && storage != nullptr) {
      std::vector<std::string> notes;
      Result<std::vector<SnapshotRecord>> r =
          Exchange("recover.verify", [&] { return Retained(t, ctx, &notes); });
      if (r.ok() && !r->empty()) {
        StrAppend(&why, "; the newest retained checkpoint, ", r->front().path,
                  ", verified and recorded");
        kept = std::move(*r);
      }
    }
    StepEffects e;
    const std::string final_status = status->empty() ? std::string("UNKNOWN") : *status;
    e.end_run = final_status;
    if (t.job.state == State::kStopping) {
      const State next =
          EndedState(final_status, found.kind == OperationKind::kStop && !kept.empty());
      e.change =
          Change(t, version, State::kStopping, next, std::nullopt, "job.observe", "recovery", why);
    }
    op.result = kept.empty() ? final_status : kept.front().path;
    e.snapshots = std::move(kept);
    return finish(OperationPhase::kDone, why, e);
  }

  // ---- submission ----

  bool ParamFlag(const Operation& op, const char* key) {
    rapidjson::Document d;
    d.Parse(op.params.c_str());
    return !d.HasParseError() && d.IsObject() && d.HasMember(key) && d[key].IsBool() &&
           d[key].GetBool();
  }

  // A submission whose owner is gone: the cluster is asked for the attempt's job id. Not
  // there and never acknowledged: nothing runs (the job FAILED to start, a ONCE path stays);
  // there: its run is recorded and watched as the start would have; acknowledged and gone:
  // the run is lost.
  Result<ActionReport> ResolveSubmit(Target& t, Operation op, int64_t version, ActionReport report,
                                     const OperationContext& ctx) {
    // The attempt's job id: chosen by flowstate (the key), or named by the SQL Gateway (the
    // result), or found by the attempt's own pipeline.name among the cluster's jobs.
    std::string jid = !op.key.empty() ? op.key : op.result;
    if (jid.empty()) {
      const std::string name = Param(op, "pipeline_name");
      Result<std::vector<flink::JobOverview>> jobs =
          Exchange("recover.probe", [&] { return t.client->JobsOverview(); });
      FS_RETURN_IF_ERROR(jobs.status());
      for (const flink::JobOverview& j : *jobs) {
        if (!name.empty() && j.name == name) jid = j.id;
      }
    }
    const std::string restore = Param(op, "restore");
    const bool once = ParamFlag(op, "once");
    const bool starting = t.job.state == State::kStarting;
    Result<std::string> status = std::string();
    if (!jid.empty()) status = Exchange("recover.probe", [&] { return ProbeJob(t, jid); });
    FS_RETURN_IF_ERROR(status.status());
    if (status->empty()) {
      op.phase = op.phase == OperationPhase::kIntent ? OperationPhase::kAbandoned
                                                     : OperationPhase::kFailed;
      const bool recorded = op.run_id.has_value();
      op.error = recorded ? StrCat("cluster ", t.cluster.name, " no longer knows Flink job ", jid,
                                   ": the run is lost")
                          : StrCat("the submission never reached cluster ", t.cluster.name,
                                   jid.empty() ? StrCat(" (it runs no job named ",
                                                        Param(op, "pipeline_name"), ")")
                                               : StrCat(" (it does not know Flink job ", jid, ")"),
                                   ": nothing runs");
      StepEffects e;
      if (recorded && t.run && !t.run->ended_ms) e.end_run = "LOST";
      if (starting) {
        e.change = Change(t, version, State::kStarting, recorded ? State::kLost : State::kFailed,
                          std::nullopt, "job.observe", "recovery", op.error);
      }
      FS_RETURN_IF_ERROR(Step("recover.done", t, op, e, &report).status());
      report.reasons.push_back(StrCat("recovery: ", op.error));
      return report;
    }
    if (!op.run_id) {
      op.phase = OperationPhase::kSent;
      if (op.result.empty()) op.result = jid;
      StepEffects sent;
      catalog::Run run;
      run.flink_job_id = jid;
      run.cluster = t.cluster.name;
      run.restored_from = restore;
      if (!restore.empty()) run.claim_mode = ParseAs<catalog::ClaimMode>(Param(op, "claim_mode"));
      sent.start_run = run;
      sent.keep_once = true;
      FS_ASSIGN_OR_RETURN(catalog::StepResult s, Step("recover.sent", t, op, sent, &report));
      op = s.operation;
      t.run = s.run;
    }
    report.reasons.push_back(
        StrCat("recovery: Flink job ", jid, " is on the cluster (", *status, ")"));
    if (!starting) {
      op.phase = OperationPhase::kDone;
      op.result = jid;
      FS_RETURN_IF_ERROR(Step("recover.done", t, op, {}, &report).status());
      return report;
    }
    Result<ActionReport> r =
        FinishStart("recover", t, op, version, jid, restore, once, std::move(report), ctx);
    if (!r.ok() && !Unknown(r.status())) {
      // The run ended or was lost while starting: recorded as such by FinishStart.
      ActionReport done;
      done.operation = op;
      done.reasons.push_back(StrCat("recovery: ", r.status().message()));
      Result<Operation> now = cat->GetOperation(op.id);
      if (now.ok()) done.operation = *now;
      return done;
    }
    return r;
  }

  // The id of the cluster's upload of its runner: the recorded one while the cluster still
  // lists it and the file is unchanged, else a new upload (recorded, audited).
  Result<std::string> EnsureRunner(Target& t, bool force) {
    std::ifstream f(t.cluster.runner_jar, std::ios::binary);
    if (!f) {
      return Status(Code::kNotFound, StrCat("cluster ", t.cluster.name, ": the runner ",
                                            t.cluster.runner_jar, " cannot be read"));
    }
    std::ostringstream bytes;
    bytes << f.rdbuf();
    const std::string data = bytes.str();
    const std::string print = Fingerprint(data);
    if (!force && !t.cluster.runner_upload.empty() && t.cluster.runner_fingerprint == print) {
      FS_ASSIGN_OR_RETURN(std::vector<std::string> ids, t.client->JarIds());
      if (std::find(ids.begin(), ids.end(), t.cluster.runner_upload) != ids.end()) {
        return t.cluster.runner_upload;
      }
    }
    std::string name = t.cluster.runner_jar.substr(t.cluster.runner_jar.find_last_of('/') + 1);
    FS_ASSIGN_OR_RETURN(std::string id, t.client->UploadJar(name, data));
    FS_RETURN_IF_ERROR(cat->SetRunnerUpload(t.cluster.name, id, print));
    t.cluster.runner_upload = id;
    t.cluster.runner_fingerprint = print;
    return id;
  }

  // Was the answer to a submission Flink's refusal of a job id it already has?
  static bool Duplicate(const Status& s) {
    return !s.ok() &&
           (flink::LastErrorDetail().find("DuplicateJobSubmissionException") != std::string::npos ||
            s.message().find("DuplicateJobSubmissionException") != std::string::npos);
  }

  // The Flink status of job `jid` on the cluster, "" when a reachable JobManager does not
  // know it.
  Result<std::string> ProbeJob(Target& t, const std::string& jid) {
    Result<std::string> s = t.client->JobStatus(jid);
    if (s.status().Is(Code::kNotFound)) return std::string();
    return s;
  }

  // Waits until the new run is RUNNING (its status then), or has ended.
  Result<std::string> WaitRunning(Target& t, const std::string& jid, const OperationContext& ctx) {
    for (uint64_t polls = 0;; ++polls) {
      FS_ASSIGN_OR_RETURN(std::string s, ProbeJob(t, jid));
      if (s.empty()) {
        return Status(Code::kNotFound,
                      StrCat("cluster ", t.cluster.name, " no longer knows Flink job ", jid));
      }
      if (s == "RUNNING" || IsTerminalFlinkStatus(s)) return s;
      FS_RETURN_IF_ERROR(ctx.Progress(StrCat("waiting for the run to start (", s, ")"), polls, 0));
      FS_RETURN_IF_ERROR(
          ctx.Sleep(std::chrono::milliseconds(options.poll_ms), "waiting for the run to start"));
    }
  }

  // Whether Flink reports that the run restored `path`: "" when it did, else why not (within
  // a few polls: the statistics show the restore once the tasks are deployed).
  Result<std::string> ConfirmRestore(Target& t, const std::string& jid, const std::string& path,
                                     const OperationContext& ctx) {
    std::string seen;
    for (int polls = 0; polls < 50; ++polls) {
      Result<flink::CheckpointStats> st = t.client->Checkpoints(jid);
      if (!st.ok() && !st.status().Is(Code::kNotFound)) return st.status();
      if (st.ok() && st->latest_restored) {
        seen = st->latest_restored->external_path;
        if (Place(storage, seen) == Place(storage, path)) return std::string();
        return StrCat("Flink reports the run restored ", seen, ", not ", path);
      }
      FS_RETURN_IF_ERROR(
          ctx.Sleep(std::chrono::milliseconds(options.poll_ms), "confirming the restore"));
    }
    return StrCat("Flink reports no restored snapshot for the run (asked for ", path, ")");
  }

  // The end of a submission that reached the cluster: the run recorded, then (once running)
  // confirmed. `op` is SENT with the run recorded.
  Result<ActionReport> FinishStart(const char* step, Target& t, Operation op, int64_t version,
                                   const std::string& jid, const std::string& restore, bool once,
                                   ActionReport report, const OperationContext& ctx) {
    Result<std::string> status =
        Exchange(StrCat(step, ".wait").c_str(), [&] { return WaitRunning(t, jid, ctx); });
    if (!status.ok()) {
      if (status.status().Is(Code::kNotFound)) {
        // The JobManager forgot the job (a failover without HA): the run is lost.
        op.phase = OperationPhase::kFailed;
        op.error = status.status().message();
        StepEffects e;
        e.end_run = "LOST";
        e.change = Change(t, version, State::kStarting, State::kLost, std::nullopt, "job.observe",
                          "not found", status.status().message());
        FS_RETURN_IF_ERROR(Step(StrCat(step, ".done").c_str(), t, op, e, &report).status());
        report.reasons.push_back(status.status().message());
        return Status(Code::kNotFound, status.status().message());
      }
      return status.status();  // left SENT: recovery or an observation finds out
    }
    if (IsTerminalFlinkStatus(*status)) {
      std::string why = StrCat("the run ended ", *status, " while starting");
      Result<flink::JobExceptions> ex = t.client->Exceptions(jid);
      if (ex.ok() && !ex->history.empty()) {
        StrAppend(&why, ": ", FirstLine(ex->history.front().stacktrace));
      } else if (ex.ok() && !ex->root_exception.empty()) {
        StrAppend(&why, ": ", FirstLine(ex->root_exception));
      }
      op.phase = OperationPhase::kFailed;
      op.error = why;
      StepEffects e;
      e.end_run = *status;
      e.change = Change(t, version, State::kStarting, EndedState(*status, false), std::nullopt,
                        "job.observe", StrCat("observed ", *status), why);
      FS_RETURN_IF_ERROR(Step(StrCat(step, ".done").c_str(), t, op, e, &report).status());
      report.reasons.push_back(why);
      return Status(Code::kRemote, StrCat("job ", t.job.Path(), ": ", why));
    }
    std::string unconfirmed;
    if (!restore.empty()) {
      Result<std::string> c = Exchange(StrCat(step, ".confirm").c_str(),
                                       [&] { return ConfirmRestore(t, jid, restore, ctx); });
      if (!c.ok()) return c.status();  // left SENT
      unconfirmed = *c;
    }
    op.phase = OperationPhase::kDone;
    op.result = jid;
    StepEffects e;
    if (once && unconfirmed.empty()) e.consume_once = restore;
    std::string detail = restore.empty()
                             ? StrCat("Flink job ", jid, " running, started empty")
                             : StrCat("Flink job ", jid, " running, restored from ", restore);
    if (!unconfirmed.empty()) {
      StrAppend(&detail, " (not confirmed: ", unconfirmed,
                once ? "; the ONCE path stays pending)" : ")");
    }
    e.change = Change(t, version, State::kStarting, State::kRunning, std::nullopt, "job.observe",
                      "observed RUNNING", detail);
    FS_RETURN_IF_ERROR(Step(StrCat(step, ".done").c_str(), t, op, e, &report).status());
    report.reasons.push_back(detail);
    return report;
  }

  Result<ActionReport> Fail(const char* step, Target& t, Operation op, const Status& why,
                            std::optional<StateChange> change, ActionReport report) {
    op.phase = OperationPhase::kFailed;
    op.error = why.message();
    StepEffects e;
    e.change = std::move(change);
    Result<catalog::StepResult> r = Step(step, t, op, e, &report);
    if (!r.ok()) return r.status();
    return Status(why.code(), why.message());
  }
};

Lifecycle::Lifecycle(catalog::Catalog* catalog, storage::Storage* storage,
                     ClusterResolver* clusters, LifecycleOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->cat = catalog;
  impl_->storage = storage;
  impl_->clusters = clusters;
  impl_->owner = options.owner.empty() ? ThisOwner() : options.owner;
  impl_->options = std::move(options);
}

Lifecycle::~Lifecycle() = default;
Lifecycle::Lifecycle(Lifecycle&&) noexcept = default;
Lifecycle& Lifecycle::operator=(Lifecycle&&) noexcept = default;

Result<ActionReport> Lifecycle::Adopt(std::string_view ref, std::string_view flink_job_id,
                                      const OperationContext& ctx) {
  ContextScope scope(ctx);
  Impl& m = *impl_;
  FS_ASSIGN_OR_RETURN(Impl::Target t, m.Load(ref, false));
  FS_ASSIGN_OR_RETURN(State to, AfterAction(t.job.state, Action::kAdopt));
  const std::string jid(flink_job_id);
  Result<flink::JobDetails> details = m.Exchange("adopt.probe", [&] { return t.client->Job(jid); });
  if (details.status().Is(Code::kNotFound)) {
    return Status(Code::kNotFound,
                  StrCat("cluster ", t.cluster.name, " does not know Flink job ", jid));
  }
  FS_RETURN_IF_ERROR(details.status());
  if (IsTerminalFlinkStatus(details->state)) {
    return Status(Code::kIllegalState,
                  StrCat("Flink job ", jid, " is ", details->state, " on cluster ", t.cluster.name,
                         ": there is nothing running to adopt"));
  }
  ActionReport report;
  Operation op = m.NewOperation(t, OperationKind::kAdopt);
  op.phase = OperationPhase::kDone;
  op.key = jid;
  op.result = details->state;
  StepEffects e;
  const bool same_run = t.run && t.run->flink_job_id == jid;
  if (!same_run) {
    if (t.run) e.end_run = "LOST";
    catalog::Run run;
    run.flink_job_id = jid;
    run.cluster = t.cluster.name;
    if (details->start_time > 0) run.started_ms = details->start_time;
    e.start_run = run;
    op.run_id.reset();
  }
  e.change = m.Change(t, t.job.version, t.job.state, to, DesiredAfter(Action::kAdopt), "job.adopt",
                      "user", StrCat("Flink job ", jid, " is ", details->state));
  if (!same_run) e.change->run_id.reset();
  FS_RETURN_IF_ERROR(m.Step("adopt.done", t, op, e, &report).status());
  report.reasons.push_back(
      StrCat("adopted Flink job ", jid, " (", details->state, ") on cluster ", t.cluster.name));
  return report;
}

Result<ActionReport> Lifecycle::Start(std::string_view ref, const StartOptions& options,
                                      const OperationContext& ctx) {
  return StartAs(ref, options, ctx, Action::kStart);
}

Result<ActionReport> Lifecycle::Resume(std::string_view ref, const StartOptions& options,
                                       const OperationContext& ctx) {
  return StartAs(ref, options, ctx, Action::kResume);
}

Result<ActionReport> Lifecycle::Restart(std::string_view ref, const StopOptions& stop,
                                        const StartOptions& start, const OperationContext& ctx) {
  ContextScope scope(ctx);
  {
    // The table's word first: a restart needs a running job.
    FS_ASSIGN_OR_RETURN(catalog::Job job, impl_->cat->GetJob(ref));
    FS_RETURN_IF_ERROR(AfterAction(job.state, Action::kRestart).status());
  }
  // The stop waits until the old run has ended (and records what it kept); only then does
  // the start begin, from the restore decision.
  FS_ASSIGN_OR_RETURN(ActionReport stopped, Stop(ref, stop, ctx));
  Result<ActionReport> started = Start(ref, start, ctx);
  if (!started.ok()) {
    return Status(started.status().code(),
                  StrCat("the run was stopped (",
                         stopped.reasons.empty() ? std::string("ended") : stopped.reasons.back(),
                         ") but the new one did not start: ", started.status().message()));
  }
  ActionReport out = std::move(*started);
  out.commits += stopped.commits;
  out.transitions.insert(out.transitions.begin(), stopped.transitions.begin(),
                         stopped.transitions.end());
  out.snapshots.insert(out.snapshots.end(), stopped.snapshots.begin(), stopped.snapshots.end());
  out.reasons.insert(out.reasons.begin(), stopped.reasons.begin(), stopped.reasons.end());
  return out;
}

Result<ActionReport> Lifecycle::StartAs(std::string_view ref, const StartOptions& options,
                                        const OperationContext& ctx, Action action) {
  ContextScope scope(ctx);
  Impl& m = *impl_;
  FS_ASSIGN_OR_RETURN(Impl::Target t, m.Load(ref, false));
  FS_ASSIGN_OR_RETURN(State to, AfterAction(t.job.state, action));
  FS_RETURN_IF_ERROR(m.LossConfirmed(t.job, ActionName(action)));
  const std::string path = t.job.Path();
  if (t.job.script.empty()) {
    return Status(Code::kIllegalState, StrCat("job ", path, " has no script to start"));
  }
  // The path: the SQL Gateway when asked, or when the cluster names a gateway and no runner;
  // else the runner.
  const bool gateway = options.path == SubmitPath::kGateway ||
                       (options.path == SubmitPath::kAuto && t.cluster.runner_jar.empty() &&
                        !t.cluster.sql_gateway_url.empty());
  if (!gateway && t.cluster.runner_jar.empty()) {
    return Status(Code::kIllegalState,
                  StrCat("cluster ", t.cluster.name,
                         " names no runner (runner-jar) and no SQL Gateway: a jar run of the "
                         "runner, or the gateway for plain Flink SQL, is how flowstate starts a "
                         "script there"));
  }
  if (!gateway && !std::ifstream(t.cluster.runner_jar, std::ios::binary)) {
    return Status(Code::kNotFound, StrCat("cluster ", t.cluster.name, ": the runner ",
                                          t.cluster.runner_jar, " cannot be read"));
  }
  if (gateway) {
    if (t.version < FlinkVersion{1, 16}) {
      return Status(Code::kUnsupported, StrCat("Flink ", t.version.ToString(),
                                               " has no SQL Gateway (it came with 1.16): start "
                                               "the job through its cluster's runner"));
    }
    // Checked on the stored script: resolving secrets changes no statement.
    FS_RETURN_IF_ERROR(GatewayStatements(t.job.script).status());
    if (t.cluster.sql_gateway_url.empty()) {
      return Status(Code::kIllegalState,
                    StrCat("cluster ", t.cluster.name, " names no SQL Gateway (sql-gateway)"));
    }
  }
  if (t.cluster.deployment != config::Deployment::kUnknown &&
      t.cluster.deployment != config::Deployment::kSession) {
    return Status(Code::kUnsupported,
                  StrCat("cluster ", t.cluster.name, " is a ", NameOr(t.cluster.deployment, "?"),
                         " deployment: flowstate submits to session clusters (a cluster created "
                         "for the job is the deployer's to start)"));
  }
  const bool needs_secrets = t.job.script.find("${secret:") != std::string::npos;
  if (needs_secrets && m.options.secrets == nullptr) {
    return Status(Code::kIllegalState,
                  StrCat("the script of job ", path,
                         " refers to secrets and no secret store was given to resolve them"));
  }
  const std::string tmpl =
      t.cluster.runner_args.empty() ? std::string(kDefaultRunnerArgs) : t.cluster.runner_args;
  {
    // The template is checked before anything is recorded.
    RunnerValues probe;
    FS_RETURN_IF_ERROR(ExpandRunnerArgs(tmpl, probe).status());
  }
  if (!options.from.empty()) FS_RETURN_IF_ERROR(m.cat->SetOnce(ref, options.from));

  // The restore decision, failing closed as the job says.
  catalog::RestoreOptions ro;
  ro.flink_version = t.version;
  ro.level = m.options.verify;
  ro.context = ctx;
  ro.operator_uids = options.operator_uids;
  FS_ASSIGN_OR_RETURN(catalog::RestoreDecision decision, m.cat->ResolveRestore(ref, m.storage, ro));
  const std::string restore = decision.path.value_or("");
  const bool once = decision.once;
  // The job-level configuration for the cluster's version (its values checked now, on the
  // stored script: a SET with a secret value is checked again once resolved).
  std::vector<std::pair<std::string, std::string>> overrides = {{"pipeline.name", t.job.name}};
  if (!t.job.checkpoint_dir.empty()) {
    overrides.emplace_back("execution.checkpointing.dir", t.job.checkpoint_dir);
  }
  if (!t.job.savepoint_dir.empty()) {
    overrides.emplace_back("execution.checkpointing.savepoint-dir", t.job.savepoint_dir);
  }
  std::vector<std::string> notes;
  using ConfigMap = std::map<std::string, std::string>;
  FS_ASSIGN_OR_RETURN(
      ConfigMap conf,
      SubmissionConfig(t.job.script, t.version, config::Deployment::kSession,
                       gateway ? config::Submitter::kGateway : config::Submitter::kJar, overrides,
                       &notes));
  const bool rest_config = t.version >= FlinkVersion{1, 17};
  if (!gateway && !rest_config && !PassesConfig(tmpl)) {
    return Status(
        Code::kIllegalState,
        StrCat("Flink ", t.version.ToString(),
               " takes no configuration with a jar run (it came with 1.17) and the "
               "runner's argument template of cluster ",
               t.cluster.name, " has no {config_json}: the job's settings would be lost"));
  }
  const std::string claim = t.version < FlinkVersion{1, 15} ? "LEGACY" : "NO_CLAIM";

  ActionReport report;
  for (std::string& n : notes) report.reasons.push_back(StrCat("configuration: ", n));
  for (const std::string& r : decision.reasons) report.reasons.push_back(StrCat("restore: ", r));
  Operation op = m.NewOperation(
      t, action == Action::kResume ? OperationKind::kResume : OperationKind::kSubmit);
  op.run_id.reset();
  // The Flink job id of this attempt, recorded before anything is sent. The SQL Gateway picks
  // its own: that attempt is known by a pipeline.name of its own until the gateway names the id.
  const std::string attempt = NewTriggerId();
  op.key = gateway ? std::string() : attempt;
  const std::string pipeline =
      gateway ? StrCat(t.job.name, " [", attempt.substr(0, 12), "]") : t.job.name;
  std::string jid = op.key;
  op.params =
      Params({{"restore", restore},
              {"claim_mode", claim},
              {"strategy", decision.strategy},
              {"path", gateway ? "gateway" : "runner"},
              {"pipeline_name", pipeline},
              {"runner", gateway ? std::string() : t.cluster.runner_jar}},
             {{"once", once}, {"allow_non_restored_state", options.allow_non_restored_state}});
  StepEffects e;
  if (t.run && !t.run->ended_ms) {
    // Resume: the lost run ends LOST with the intent (nothing of it can be running).
    e.end_run = "LOST";
  }
  e.change = m.Change(t, t.job.version, t.job.state, to, DesiredAfter(action),
                      action == Action::kResume ? "job.resume" : "job.start", "user",
                      restore.empty() ? std::string("without state")
                                      : StrCat("from ", restore, once ? " (once)" : ""));
  FS_ASSIGN_OR_RETURN(catalog::StepResult begun, m.Step("start.intent", t, op, e, &report));
  op = begun.operation;
  const int64_t version = begun.job_version;
  t.run.reset();

  // The submission did not happen: the job goes to FAILED with why; a ONCE path stays.
  auto rejected = [&](const Status& why) -> Result<ActionReport> {
    return m.Fail("start.failed", t, op, why,
                  m.Change(t, version, State::kStarting, State::kFailed, std::nullopt,
                           "job.observe", "submit rejected", why.message()),
                  report);
  };
  // The cluster has the job: the run recorded, then watched until it runs.
  auto accepted = [&](const std::string& how) -> Result<ActionReport> {
    op.phase = OperationPhase::kSent;
    op.attempts = std::max<int64_t>(op.attempts, 1);
    if (op.result.empty()) op.result = jid;  // the gateway's id, once it named it
    StepEffects sent;
    catalog::Run run;
    run.flink_job_id = jid;
    run.cluster = t.cluster.name;
    run.restored_from = restore;
    if (!restore.empty()) run.claim_mode = ParseAs<catalog::ClaimMode>(claim);
    sent.start_run = run;
    sent.keep_once = true;
    FS_ASSIGN_OR_RETURN(catalog::StepResult s, m.Step("start.sent", t, op, sent, &report));
    op = s.operation;
    t.run = s.run;
    report.reasons.push_back(how);
    return m.FinishStart("start", t, op, version, jid, restore, once, std::move(report), ctx);
  };

  if (gateway) {
    flink::ClientOptions go = t.client->options();
    go.url = t.cluster.sql_gateway_url;
    go.version = t.version;
    flink::SqlGatewayClient gw(go);
    std::string script = t.job.script;
    if (needs_secrets) {  // at the last moment; never recorded, never reported
      Result<std::string> resolved = m.cat->ResolveScript(ref, *m.options.secrets);
      if (!resolved.ok()) return rejected(resolved.status());
      script = std::move(*resolved);
      Result<ConfigMap> c = SubmissionConfig(script, t.version, config::Deployment::kSession,
                                             config::Submitter::kGateway, overrides, nullptr);
      if (!c.ok()) {
        return rejected(Status(c.status().code(), "a SET with a secret value is invalid"));
      }
      conf = std::move(*c);
    }
    Result<std::vector<std::string>> statements = GatewayStatements(script);
    if (!statements.ok()) return rejected(statements.status());
    // The session's configuration: the job's, its unique name, the restore as the version
    // spells it (renamed in 1.20).
    ConfigMap props = conf;
    props["pipeline.name"] = pipeline;
    const bool new_keys = t.version >= FlinkVersion{1, 20};
    if (!restore.empty()) {
      props[new_keys ? "execution.state-recovery.path" : "execution.savepoint.path"] = restore;
      props[new_keys ? "execution.state-recovery.claim-mode" : "execution.savepoint-restore-mode"] =
          claim;
      props[new_keys ? "execution.state-recovery.ignore-unclaimed-state"
                     : "execution.savepoint.ignore-unclaimed-state"] =
          options.allow_non_restored_state ? "true" : "false";
    }
    Result<std::string> session = m.Exchange(
        "start.session", [&] { return gw.OpenSession(StrCat("flowstate ", pipeline), props); });
    if (!session.ok()) {
      if (Unknown(session.status())) return session.status();  // nothing sent a job: INTENT
      return rejected(session.status());
    }
    struct Closer {
      flink::SqlGatewayClient& gw;
      const std::string& session;
      ~Closer() { (void)gw.CloseSession(session); }
    } closer{gw, *session};
    // The job is found by its name when the answer to its statement is lost.
    auto by_name = [&]() -> Result<std::string> {
      FS_ASSIGN_OR_RETURN(std::vector<flink::JobOverview> jobs, t.client->JobsOverview());
      for (const flink::JobOverview& j : jobs) {
        if (j.name == pipeline) return j.id;
      }
      return std::string();
    };
    for (size_t i = 0; i < statements->size(); ++i) {
      const std::string& statement = (*statements)[i];
      Result<flink::StatementResult> r =
          m.Exchange(i + 1 == statements->size() ? "start.submit" : "start.statement",
                     [&] { return gw.Run(*session, statement, ctx); });
      if (!r.ok()) {
        if (Unknown(r.status()) && i + 1 == statements->size()) {
          Result<std::string> found = by_name();
          if (found.ok() && !found->empty()) {
            jid = *found;
            return accepted(StrCat("Flink job ", jid, " (", pipeline,
                                   ") is on the cluster: the gateway's answer was lost"));
          }
          return r.status();  // left INTENT: recovery looks for the name
        }
        return rejected(Status(
            r.status().code(),
            StrCat("statement ", i + 1, " of ", statements->size(), ": ", r.status().message())));
      }
      // A statement before the job's whose answer was lost started nothing: the attempt fails
      // (above, as any refusal), and a new one runs the session again.
      std::string id = r->job_id;
      if (id.empty()) {
        for (size_t c = 0; c < r->columns.size(); ++c) {
          if (r->columns[c].name != "job id" || r->rows.empty()) continue;
          if (c < r->rows[0].fields.size() && r->rows[0].fields[c].is_string()) {
            id = r->rows[0].fields[c].text;
          }
        }
      }
      if (!id.empty()) {
        jid = id;
        return accepted(
            StrCat("submitted through the SQL Gateway as Flink job ", jid, " (", pipeline, ")"));
      }
    }
    return rejected(Status(Code::kRemote, "the SQL Gateway named no job for the script"));
  }

  // A job with this id on the cluster already (it cannot be: the id is new; checked anyway).
  Result<std::string> there = m.Exchange("start.probe", [&] { return m.ProbeJob(t, jid); });
  if (!there.ok()) {
    if (Unknown(there.status())) return there.status();  // left INTENT: recovery probes
    return rejected(there.status());
  }
  if (!there->empty()) return accepted(StrCat("Flink job ", jid, " was on the cluster already"));

  Result<std::string> jar = m.Exchange("start.upload", [&] { return m.EnsureRunner(t, false); });
  if (!jar.ok()) {
    if (Unknown(jar.status())) return jar.status();
    return rejected(jar.status());
  }
  // The secrets, at the last moment; never recorded, never reported.
  std::string script = t.job.script;
  if (needs_secrets) {
    Result<std::string> resolved = m.cat->ResolveScript(ref, *m.options.secrets);
    if (!resolved.ok()) return rejected(resolved.status());
    script = std::move(*resolved);
    Result<std::map<std::string, std::string>> c =
        SubmissionConfig(script, t.version, config::Deployment::kSession, config::Submitter::kJar,
                         overrides, nullptr);
    if (!c.ok()) return rejected(Status(c.status().code(), "a SET with a secret value is invalid"));
    conf = std::move(*c);
  }
  RunnerValues values;
  values.script = std::move(script);
  values.config = conf;
  values.job_id = jid;
  values.job_name = t.job.name;
  Result<std::vector<std::string>> args = ExpandRunnerArgs(tmpl, values);
  if (!args.ok()) return rejected(args.status());
  flink::RunRequest run;
  run.entry_class = t.cluster.runner_entry_class;
  run.args = std::move(*args);
  run.parallelism = options.parallelism;
  run.job_id = jid;
  run.savepoint_path = restore;
  run.allow_non_restored_state = options.allow_non_restored_state;
  if (!restore.empty() && t.version >= FlinkVersion{1, 15}) run.claim_mode = claim;
  if (rest_config) run.flink_configuration = conf;

  // Sent with the same job id until the cluster has it or refuses it: a retry never starts
  // a second job (the Dispatcher refuses a job id it has).
  bool uploaded_again = false;
  for (int tries = 1;; ++tries) {
    op.attempts = tries;
    Result<std::string> sent =
        m.Exchange("start.submit", [&] { return t.client->RunJar(*jar, run); });
    if (sent.ok()) return accepted(StrCat("submitted as Flink job ", jid));
    const Status why = sent.status();
    const bool duplicate = Impl::Duplicate(why);
    if (duplicate || Unknown(why)) {
      // Sent before, its answer lost, or this one's lost: the cluster says whether it has it.
      Result<std::string> probe = m.ProbeJob(t, jid);
      if (probe.ok() && !probe->empty()) {
        return accepted(StrCat(
            "Flink job ", jid, " is on the cluster (",
            duplicate ? "a retry was refused as a duplicate" : "the submission's answer was lost",
            ")"));
      }
      if (!probe.ok()) return why;  // left INTENT: recovery probes
      if (duplicate) return rejected(why);
      if (tries >= 3 || ctx.Check("submitting").Is(Code::kTimeout)) return why;
      FS_RETURN_IF_ERROR(ctx.Check("submitting"));
      continue;
    }
    if (!uploaded_again && flink::LastErrorDetail().find("does not exist") != std::string::npos) {
      // The cluster lost the runner (a restart without persistent storage): up again.
      uploaded_again = true;
      Result<std::string> again =
          m.Exchange("start.upload", [&] { return m.EnsureRunner(t, true); });
      if (!again.ok()) return rejected(again.status());
      jar = again;
      continue;
    }
    return rejected(why);
  }
}

Result<ActionReport> Lifecycle::Savepoint(std::string_view ref, const SavepointOptions& options,
                                          const OperationContext& ctx) {
  ContextScope scope(ctx);
  Impl& m = *impl_;
  FS_ASSIGN_OR_RETURN(Impl::Target t, m.Load(ref, true, Action::kSavepoint));
  FS_ASSIGN_OR_RETURN(State to, AfterAction(t.job.state, Action::kSavepoint));
  FS_RETURN_IF_ERROR(m.NeedStorage("a savepoint"));
  const bool server_id = t.version < FlinkVersion{1, 15};
  ActionReport report;
  Operation op = m.NewOperation(t, OperationKind::kSavepoint);
  op.key = server_id ? std::string() : NewTriggerId();
  const std::string target =
      !options.target_directory.empty() ? options.target_directory : t.job.savepoint_dir;
  op.params = Params({{"target_directory", target}, {"format", options.format}});
  StepEffects e;
  e.change = m.Change(t, t.job.version, t.job.state, to, DesiredAfter(Action::kSavepoint),
                      "job.savepoint", "user");
  FS_ASSIGN_OR_RETURN(catalog::StepResult begun, m.Step("savepoint.intent", t, op, e, &report));
  op = begun.operation;

  flink::SavepointRequest req;
  req.target_directory = target;
  req.format = options.format;
  req.trigger_id = op.key;
  req.accept_server_trigger_id = server_id;
  Result<std::string> trigger = m.Exchange(
      "savepoint.trigger", [&] { return t.client->TriggerSavepoint(t.run->flink_job_id, req); });
  if (!trigger.ok()) {
    if (Unknown(trigger.status())) return trigger.status();  // left INTENT: recovery probes
    return m.Fail("savepoint.failed", t, op, trigger.status(), std::nullopt, std::move(report));
  }
  op.phase = OperationPhase::kSent;
  op.result = *trigger;
  op.attempts = 1;
  FS_ASSIGN_OR_RETURN(catalog::StepResult sent, m.Step("savepoint.sent", t, op, {}, &report));
  op = sent.operation;

  Result<std::string> location =
      m.UnlessForgotten(m.Exchange("savepoint.wait",
                                   [&] {
                                     return t.client->WaitForSavepoint(
                                         t.run->flink_job_id, *trigger, ctx, m.options.poll_ms);
                                   }),
                        "savepoint.find", t, op, ctx);
  if (!location.ok()) {
    if (Unknown(location.status())) {
      // Left SENT: recovery finds out what became of it.
      return location.status();
    }
    return m.Fail("savepoint.failed", t, op, location.status(), std::nullopt, std::move(report));
  }
  Result<SnapshotRecord> record = m.Exchange(
      "savepoint.verify", [&] { return m.Verify(*location, catalog::Origin::kTriggered, t, ctx); });
  if (!record.ok()) {
    return m.Fail("savepoint.failed", t, op, record.status(), std::nullopt, std::move(report));
  }
  record->trigger_id = *trigger;
  op.phase = OperationPhase::kDone;
  op.result = *location;
  StepEffects done;
  done.snapshots.push_back(*record);
  FS_RETURN_IF_ERROR(m.Step("savepoint.done", t, op, done, &report).status());
  report.reasons.push_back(StrCat("savepoint ", *location, " verified and recorded"));
  return report;
}

Result<ActionReport> Lifecycle::Stop(std::string_view ref, const StopOptions& options,
                                     const OperationContext& ctx) {
  ContextScope scope(ctx);
  Impl& m = *impl_;
  FS_ASSIGN_OR_RETURN(Impl::Target t, m.Load(ref, true, Action::kStop));
  FS_ASSIGN_OR_RETURN(State to, AfterAction(t.job.state, Action::kStop));
  FS_RETURN_IF_ERROR(m.NeedStorage("a stop"));
  const std::string& jid = t.run->flink_job_id;
  if (options.mode == StopMode::kNormal && !options.force) {
    Result<std::string> refuse = m.Exchange("stop.config", [&] { return m.DeletesOnCancel(t); });
    FS_RETURN_IF_ERROR(refuse.status());
    if (!refuse->empty()) {
      return Status(Code::kIllegalState,
                    StrCat(*refuse, "; a normal stop is refused (force it to cancel anyway)"));
    }
  }
  const bool with_savepoint = options.mode != StopMode::kNormal;
  const bool server_id = t.version < FlinkVersion{1, 15};
  ActionReport report;
  Operation op = m.NewOperation(t, OperationKind::kStop);
  op.key = with_savepoint && !server_id ? NewTriggerId() : std::string();
  const std::string target =
      !options.target_directory.empty() ? options.target_directory : t.job.savepoint_dir;
  op.params = Params({{"mode", ModeName(options.mode)}, {"target_directory", target}},
                     {{"drain", options.drain},
                      {"allow_fallback", options.allow_fallback},
                      {"force", options.force}});
  StepEffects e;
  e.change = m.Change(t, t.job.version, t.job.state, to, DesiredAfter(Action::kStop, options.mode),
                      "job.stop", "user", StrCat("mode ", ModeName(options.mode)));
  FS_ASSIGN_OR_RETURN(catalog::StepResult begun, m.Step("stop.intent", t, op, e, &report));
  op = begun.operation;
  int64_t version = begun.job_version;

  // The stop did not happen: the run goes on (the table's stop-failed), the operation fails.
  auto failed = [&](const Status& why) -> Result<ActionReport> {
    return m.Fail("stop.failed", t, op, why,
                  m.Change(t, version, State::kStopping, State::kRunning, std::nullopt,
                           "job.observe", "stop failed", why.message()),
                  report);
  };
  // The run ended: end it with what it left (a verified savepoint, retained checkpoints).
  auto ended = [&](const std::string& final_status, std::vector<SnapshotRecord> snapshots,
                   const std::string& why) -> Result<ActionReport> {
    op.phase = OperationPhase::kDone;
    op.result = snapshots.empty() ? std::string() : snapshots.front().path;
    StepEffects d;
    d.end_run = final_status.empty() ? std::string("UNKNOWN") : final_status;
    const bool kept = !snapshots.empty();
    const State next = EndedState(final_status, kept);
    d.change = m.Change(t, version, State::kStopping, next, std::nullopt,
                        kept ? "job.stopped" : "job.observe",
                        kept ? "stop" : StrCat("observed ", d.end_run->c_str()), why);
    d.snapshots = std::move(snapshots);
    FS_RETURN_IF_ERROR(m.Step("stop.done", t, op, d, &report).status());
    report.reasons.push_back(why);
    return report;
  };
  // Cancel, wait for the end, then record every retained checkpoint verified on storage.
  // Waits for the cancelled run to end, then records every retained checkpoint verified on
  // storage.
  auto keep_retained = [&](const std::string& why) -> Result<ActionReport> {
    Result<std::string> end = m.Exchange("stop.ended", [&] { return m.WaitEnded(t, ctx); });
    FS_RETURN_IF_ERROR(end.status());
    std::vector<std::string> notes;
    Result<std::vector<SnapshotRecord>> kept =
        m.Exchange("stop.retained", [&] { return m.Retained(t, ctx, &notes); });
    FS_RETURN_IF_ERROR(kept.status());
    for (std::string& n : notes) report.reasons.push_back(std::move(n));
    std::string text =
        kept->empty()
            ? StrCat(why, "; no retained checkpoint of the run is restorable: its state is lost")
            : StrCat(why, "; the newest retained checkpoint, ", kept->front().path,
                     ", verified and recorded (", kept->size(), " retained)");
    return ended(*end, std::move(*kept), text);
  };

  if (!with_savepoint) {
    op.phase = OperationPhase::kSent;
    op.attempts = 1;
    Status c = m.Exchange("stop.request", [&] { return t.client->Cancel(jid); });
    if (Unknown(c)) return c;  // left INTENT, the job STOPPING: recovery probes
    if (!c.ok() && !c.Is(Code::kNotFound)) return failed(c);
    FS_ASSIGN_OR_RETURN(catalog::StepResult sent, m.Step("stop.sent", t, op, {}, &report));
    op = sent.operation;
    return keep_retained("cancelled");
  }

  // Savepoint modes: stop with a savepoint (pause, smart) or a savepoint with cancellation.
  Result<std::string> trigger = m.Exchange("stop.request", [&]() -> Result<std::string> {
    if (options.mode == StopMode::kStop) {
      flink::SavepointRequest r;
      r.target_directory = target;
      r.trigger_id = op.key;
      r.cancel_job = true;
      r.accept_server_trigger_id = server_id;
      return t.client->TriggerSavepoint(jid, r);
    }
    flink::StopRequest r;
    r.target_directory = target;
    r.trigger_id = op.key;
    r.drain = options.drain;
    r.accept_server_trigger_id = server_id;
    return t.client->StopWithSavepoint(jid, r);
  });
  Status savepoint_failure;
  std::string location;
  if (trigger.ok()) {
    op.phase = OperationPhase::kSent;
    op.result = *trigger;
    op.attempts = 1;
    FS_ASSIGN_OR_RETURN(catalog::StepResult sent, m.Step("stop.sent", t, op, {}, &report));
    op = sent.operation;
    Result<std::string> waited = m.UnlessForgotten(
        m.Exchange(
            "stop.wait",
            [&] { return t.client->WaitForSavepoint(jid, *trigger, ctx, m.options.poll_ms); }),
        "stop.find", t, op, ctx);
    if (Unknown(waited.status())) {
      return waited.status();  // left SENT: recovery finds out what became of it
    }
    if (waited.ok()) {
      location = *waited;
    } else {
      savepoint_failure = waited.status();
    }
  } else {
    if (Unknown(trigger.status())) return trigger.status();  // left INTENT: recovery probes
    savepoint_failure = trigger.status();
  }

  if (!location.empty()) {
    const catalog::Origin origin =
        options.mode == StopMode::kStop ? catalog::Origin::kCancel : catalog::Origin::kStop;
    Result<SnapshotRecord> record =
        m.Exchange("stop.verify", [&] { return m.Verify(location, origin, t, ctx); });
    Result<std::string> end = m.Exchange("stop.ended", [&] { return m.WaitEnded(t, ctx); });
    FS_RETURN_IF_ERROR(end.status());
    if (!record.ok()) {
      return ended(*end, {},
                   StrCat("the stop's savepoint cannot count: ", record.status().message()));
    }
    record->trigger_id = *trigger;
    return ended(*end, {*record}, StrCat("savepoint ", location, " verified and recorded"));
  }

  // The savepoint failed; Flink keeps the job running.
  const std::string why = StrCat("the savepoint failed: ", savepoint_failure.message());
  if (options.mode != StopMode::kSmart) return failed(Status(savepoint_failure.code(), why));
  if (!options.allow_fallback) {
    return failed(Status(savepoint_failure.code(),
                         StrCat(why, "; the stop policy forbids falling back to a cancel")));
  }
  if (!options.force) {
    Result<std::string> refuse = m.Exchange("stop.config", [&] { return m.DeletesOnCancel(t); });
    if (!refuse.ok()) return failed(refuse.status());
    if (!refuse->empty()) {
      return failed(Status(Code::kIllegalState, StrCat(why, "; no fallback: ", *refuse,
                                                       " (force it to cancel anyway)")));
    }
  }
  Status c = m.Exchange("stop.cancel", [&] { return t.client->Cancel(jid); });
  if (!c.ok() && !c.Is(Code::kNotFound)) return failed(c);
  return keep_retained(StrCat(why, "; fell back to a cancel"));
}

Result<ActionReport> Lifecycle::Cancel(std::string_view ref, const OperationContext& ctx) {
  ContextScope scope(ctx);
  Impl& m = *impl_;
  FS_ASSIGN_OR_RETURN(Impl::Target t, m.Load(ref, true));
  FS_ASSIGN_OR_RETURN(State to, AfterAction(t.job.state, Action::kCancel));
  const std::string& jid = t.run->flink_job_id;
  ActionReport report;
  Operation op = m.NewOperation(t, OperationKind::kCancel);
  StepEffects e;
  e.change = m.Change(t, t.job.version, t.job.state, to, DesiredAfter(Action::kCancel),
                      "job.cancel", "user");
  FS_ASSIGN_OR_RETURN(catalog::StepResult begun, m.Step("cancel.intent", t, op, e, &report));
  op = begun.operation;
  const int64_t version = begun.job_version;
  Status c = m.Exchange("cancel.request", [&] { return t.client->Cancel(jid); });
  if (!c.ok() && !c.Is(Code::kNotFound)) {
    // Unknown whether Flink got it: left INTENT, the job STOPPING, for recovery to probe.
    return c;
  }
  op.phase = OperationPhase::kSent;
  op.attempts = 1;
  FS_ASSIGN_OR_RETURN(catalog::StepResult sent, m.Step("cancel.sent", t, op, {}, &report));
  op = sent.operation;
  Result<std::string> end = m.Exchange("cancel.ended", [&] { return m.WaitEnded(t, ctx); });
  FS_RETURN_IF_ERROR(end.status());
  std::vector<SnapshotRecord> kept;
  if (m.storage != nullptr) {
    Result<std::vector<SnapshotRecord>> r =
        m.Exchange("cancel.retained", [&] { return m.Retained(t, ctx, &report.reasons); });
    if (r.ok()) {
      kept = std::move(*r);
    } else {
      report.reasons.push_back(StrCat("retained checkpoints not recorded: ", r.status().message()));
    }
  }
  const std::string final_status = end->empty() ? std::string("UNKNOWN") : *end;
  op.phase = OperationPhase::kDone;
  op.result = final_status;
  StepEffects d;
  d.end_run = final_status;
  const State next = EndedState(final_status, false);
  d.change = m.Change(t, version, State::kStopping, next, std::nullopt, "job.observe",
                      StrCat("observed ", final_status));
  d.snapshots = std::move(kept);
  FS_RETURN_IF_ERROR(m.Step("cancel.done", t, op, d, &report).status());
  report.reasons.push_back(StrCat("the run ended ", final_status));
  return report;
}

// An action with no remote effect: the operation, done, with the change, in one step.
Result<ActionReport> Lifecycle::Move(std::string_view ref, std::string_view cluster,
                                     const OperationContext& ctx) {
  ContextScope scope(ctx);
  Impl& m = *impl_;
  FS_RETURN_IF_ERROR(ctx.Check("moving the job"));
  Impl::Target t;
  FS_ASSIGN_OR_RETURN(t.job, m.cat->GetJob(ref));
  FS_ASSIGN_OR_RETURN(State to, AfterAction(t.job.state, Action::kMove));
  FS_RETURN_IF_ERROR(m.LossConfirmed(t.job, "move"));
  FS_RETURN_IF_ERROR(m.cat->GetCluster(cluster).status());
  ActionReport report;
  Operation op = m.NewOperation(t, OperationKind::kMove);
  op.phase = OperationPhase::kDone;
  op.params = Params({{"from", t.job.cluster}, {"to", std::string(cluster)}});
  op.result = std::string(cluster);
  StepEffects e;
  e.change =
      m.Change(t, t.job.version, t.job.state, to, DesiredAfter(Action::kMove), "job.move", "user",
               StrCat("moved from cluster ", t.job.cluster.empty() ? "(none)" : t.job.cluster,
                      " to ", cluster));
  e.change->cluster = std::string(cluster);
  FS_RETURN_IF_ERROR(m.Step("move.done", t, op, e, &report).status());
  report.reasons.push_back(e.change->detail);
  return report;
}

Result<ActionReport> Lifecycle::AcknowledgeLost(std::string_view ref, std::string_view why,
                                                const OperationContext& ctx) {
  ContextScope scope(ctx);
  Impl& m = *impl_;
  FS_RETURN_IF_ERROR(ctx.Check("acknowledging the loss"));
  Impl::Target t;
  FS_ASSIGN_OR_RETURN(t.job, m.cat->GetJob(ref));
  FS_ASSIGN_OR_RETURN(State to, AfterAction(t.job.state, Action::kAcknowledgeLost));
  FS_ASSIGN_OR_RETURN(std::vector<catalog::Run> runs, m.cat->ListRuns(ref));
  for (const catalog::Run& r : runs) {
    if (!r.ended_ms) t.run = r;
  }
  ActionReport report;
  Operation op = m.NewOperation(t, OperationKind::kAcknowledgeLost);
  op.phase = OperationPhase::kDone;
  op.params = Params({{"why", std::string(why)}});
  StepEffects e;
  e.confirm_loss = true;
  e.change = m.Change(t, t.job.version, t.job.state, to, DesiredAfter(Action::kAcknowledgeLost),
                      "job.acknowledge-lost", "user",
                      StrCat("cluster ", t.job.cluster, " declared destroyed",
                             why.empty() ? std::string() : StrCat(": ", why)));
  FS_RETURN_IF_ERROR(m.Step("acknowledge-lost.done", t, op, e, &report).status());
  report.reasons.push_back(e.change->detail);
  return report;
}

Result<ObserveReport> Lifecycle::Observe(const ObserveOptions& options,
                                         const OperationContext& ctx) {
  Impl& m = *impl_;
  std::lock_guard lock(m.observe_mu);
  if (!m.observer) {
    m.observer = std::make_unique<Observer>(m.cat, m.storage, m.clusters, m.options.verify);
  }
  return m.observer->Round(options, ctx);
}

Status Lifecycle::Watch(const ObserveOptions& options, std::chrono::milliseconds interval,
                        const RoundFn& on_round, const OperationContext& ctx) {
  if (interval.count() <= 0) return Status::InvalidArgument("watching: the interval must be > 0");
  auto stopped = [&] {
    return (ctx.cancel && ctx.cancel->IsCancelled()) || ctx.deadline.Expired();
  };
  while (!stopped()) {
    const auto started = std::chrono::steady_clock::now();
    OperationContext round = ctx;
    const Deadline own =
        Deadline::After(std::max<std::chrono::milliseconds>(interval, std::chrono::seconds(5)));
    if (ctx.deadline.is_never() || own.Remaining() < ctx.deadline.Remaining()) {
      round.deadline = own;
    }
    Result<ObserveReport> r = Observe(options, round);
    // A round cut short by the watch's own end is not a round to report.
    if (!r.ok() && stopped()) break;
    if (!on_round(r)) break;
    const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    if (spent < interval) {
      Status slept = ctx.Sleep(interval - spent, "watching");
      if (!slept.ok()) break;  // cancelled or past the deadline: the watch's end
    }
  }
  return Status::Ok();
}

Result<RecoverReport> Lifecycle::Recover(const OperationContext& ctx) {
  ContextScope scope(ctx);
  Impl& m = *impl_;
  RecoverReport out;
  FS_ASSIGN_OR_RETURN(std::vector<Operation> ops, m.cat->ListOperations("", true, 10000));
  for (const Operation& found : ops) {
    FS_RETURN_IF_ERROR(ctx.Check("recovery"));
    const std::string what = StrCat(NameOr(found.kind, "?"), " operation ", found.id);
    if (found.owner == m.owner) {
      out.skipped.push_back(StrCat(what, ": this process drives it"));
      continue;
    }
    const OwnerState owner = CheckOwner(found.owner);
    if (owner == OwnerState::kAlive) {
      out.skipped.push_back(StrCat(what, ": its owner ", found.owner, " is alive"));
      continue;
    }
    if (owner == OwnerState::kUnknown) {
      out.skipped.push_back(
          StrCat(what, ": its owner ", found.owner, " is on another host or unknown; left to it"));
      continue;
    }
    Result<ActionReport> r = m.Resolve(found, ctx);
    if (!r.ok()) {
      if (r.status().Is(Code::kCancelled) || r.status().Is(Code::kTimeout)) return r.status();
      out.skipped.push_back(StrCat(what, ": ", r.status().message()));
      continue;
    }
    out.resolved.push_back(std::move(*r));
  }
  return out;
}

}  // namespace flowstate::core::job
