// The lifecycle's records: a job's state with its audit event, and the operation log. What
// is legal is src/job/'s to decide; here every write checks that the job is where its writer
// saw it (state and row version), so that two processes never both act on one job.
#include <algorithm>
#include <map>
#include <set>

#include "catalog/catalog.h"
#include "catalog/rows.h"
#include "catalog/sqlite.h"
#include "common/redact.h"
#include "common/strings.h"

namespace flowstate::core::catalog {
namespace {

constexpr const char* kOperationColumns =
    "id, job_id, run_id, kind, phase, key, params, exclusive, started_ms, updated_ms, "
    "deadline_ms, ended_ms, owner, attempts, result, error";

Operation ReadOperation(const Stmt& s) {
  Operation o;
  o.id = s.Int(0);
  o.job_id = s.Int(1);
  o.run_id = s.OptInt(2);
  o.kind = static_cast<OperationKind>(s.Int(3));
  o.phase = static_cast<OperationPhase>(s.Int(4));
  o.key = s.Text(5);
  o.params = s.Text(6);
  o.exclusive = s.Int(7) != 0;
  o.started_ms = s.Int(8);
  o.updated_ms = s.Int(9);
  o.deadline_ms = s.OptInt(10);
  o.ended_ms = s.OptInt(11);
  o.owner = s.Text(12);
  o.attempts = s.Int(13);
  o.result = s.Text(14);
  o.error = s.Text(15);
  return o;
}

const char* Name(JobState s) { return NameOr(s, "?"); }

std::string OperationText(const Operation& o) {
  const char* kind = NameOf(o.kind);
  return StrCat(kind != nullptr ? kind : "?", " operation ", o.id);
}

Status CheckOperation(const Operation& op) {
  if (!IsValid<OperationKind>(static_cast<int>(op.kind))) {
    return Status(Code::kInvalidArgument, "unknown operation kind");
  }
  if (!IsValid<OperationPhase>(static_cast<int>(op.phase))) {
    return Status(Code::kInvalidArgument, "unknown operation phase");
  }
  if (!op.key.empty()) {
    bool hex = op.key.size() == 32;
    for (char c : op.key) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    if (!hex) {
      return Status(Code::kInvalidArgument,
                    StrCat("an operation's key is 32 lower-case hex digits, not ", Quote(op.key)));
    }
  }
  // Parameters hold references to secrets, never their values (the references' names are
  // not secrets: they are set aside before the check).
  std::string plain;
  for (size_t i = 0; i < op.params.size();) {
    const size_t ref = op.params.find("${secret:", i);
    const size_t end = ref == std::string::npos ? ref : op.params.find('}', ref);
    if (end == std::string::npos) {
      plain.append(op.params, i, std::string::npos);
      break;
    }
    plain.append(op.params, i, ref - i).append("\"\"");
    i = end + 1;
  }
  if (RedactText(plain) != plain) {
    return Status(Code::kInvalidArgument,
                  "an operation's parameters hold a secret value: store a ${secret:NAME} "
                  "reference instead");
  }
  return Status();
}

}  // namespace

Status Catalog::EventLocked(const Job& job, const StateChange& change,
                            std::optional<int64_t> operation_id) {
  FS_ASSIGN_OR_RETURN(
      Stmt * s,
      db_->Cached("INSERT INTO events(at_ms, job_id, run_id, job, action, actor, outcome, detail, "
                  "from_state, to_state, cause, operation_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)"));
  s->Bind(1, Now()).Bind(2, job.id).Bind(3, change.run_id).Bind(4, job.Path());
  s->Bind(5, change.action.empty() ? std::string("job.state") : change.action);
  s->Bind(6, options_.actor).Bind(7, "ok");
  // The states' names need no redaction; the caller's detail does.
  std::string detail = StrCat(Name(change.from), " -> ", Name(change.to));
  if (!change.detail.empty()) StrAppend(&detail, ": ", RedactText(change.detail));
  s->Bind(8, detail);
  s->Bind(9, static_cast<int64_t>(change.from)).Bind(10, static_cast<int64_t>(change.to));
  s->Bind(11, change.cause).Bind(12, operation_id);
  return s->Run();
}

Status Catalog::StateChangeLocked(const Job& job, const StateChange& change,
                                  std::optional<int64_t> operation_id) {
  if (!IsValid<JobState>(static_cast<int>(change.to)) ||
      !IsValid<JobState>(static_cast<int>(change.from)) ||
      (change.desired && !IsValid<DesiredState>(static_cast<int>(*change.desired)))) {
    return Status(Code::kInvalidArgument, "unknown job state");
  }
  if (job.state != change.from || job.version != change.expected_version) {
    return Status(Code::kConflict,
                  StrCat("job ", job.Path(), " is ", Name(job.state), " at version ", job.version,
                         ", not ", Name(change.from), " at version ", change.expected_version,
                         ": someone else acted on it first"));
  }
  FS_ASSIGN_OR_RETURN(
      Stmt * s, db_->Cached("UPDATE jobs SET state=?, desired=?, version=version+1, status=?, "
                            "updated_ms=? WHERE id=? AND version=?"));
  s->Bind(1, static_cast<int64_t>(change.to));
  s->Bind(2, static_cast<int64_t>(change.desired.value_or(job.desired)));
  s->Bind(3, Name(change.to)).Bind(4, Now()).Bind(5, job.id).Bind(6, job.version);
  FS_RETURN_IF_ERROR(s->Run());
  if (db_->Changes() != 1) {
    return Status(Code::kConflict, StrCat("job ", job.Path(), " changed while it was written"));
  }
  if (change.cluster) {
    FS_ASSIGN_OR_RETURN(Stmt * c, db_->Cached("SELECT id FROM clusters WHERE name=?"));
    c->Bind(1, *change.cluster);
    FS_ASSIGN_OR_RETURN(bool found, c->Step());
    if (!found) return Status(Code::kNotFound, StrCat("no cluster named ", Quote(*change.cluster)));
    const int64_t cluster_id = c->Int(0);
    FS_ASSIGN_OR_RETURN(Stmt * m, db_->Cached("UPDATE jobs SET cluster_id=? WHERE id=?"));
    m->Bind(1, cluster_id).Bind(2, job.id);
    FS_RETURN_IF_ERROR(m->Run());
  }
  return EventLocked(job, change, operation_id);
}

Result<int64_t> Catalog::ChangeState(std::string_view ref, const StateChange& change) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobHeadLocked(ref));
  FS_RETURN_IF_ERROR(StateChangeLocked(job, change, std::nullopt));
  FS_RETURN_IF_ERROR(tx.Commit());
  return job.version + 1;
}

Result<Operation> Catalog::OperationLocked(int64_t id) {
  static const std::string sql =
      StrCat("SELECT ", kOperationColumns, " FROM operations WHERE id=?");
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached(sql.c_str()));
  s->Bind(1, id);
  FS_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status(Code::kNotFound, StrCat("no operation ", id));
  return ReadOperation(*s);
}

Result<Operation> Catalog::BeginOperationLocked(const Job& job, const Operation& op) {
  FS_RETURN_IF_ERROR(CheckOperation(op));
  // An operation with a remote effect begins with its intent; one without (adopt) may be
  // recorded done at once.
  if (op.phase != OperationPhase::kIntent && op.phase != OperationPhase::kDone) {
    return Status(Code::kInvalidArgument, "an operation begins with its intent");
  }
  if (op.exclusive && op.phase == OperationPhase::kIntent) {
    static const std::string sql = StrCat("SELECT ", kOperationColumns,
                                          " FROM operations WHERE job_id=? AND phase<2 AND "
                                          "exclusive=1");
    FS_ASSIGN_OR_RETURN(Stmt * busy, db_->Cached(sql.c_str()));
    busy->Bind(1, job.id);
    FS_ASSIGN_OR_RETURN(bool row, busy->Step());
    if (row) {
      const Operation other = ReadOperation(*busy);
      busy->Reset();
      return Status(Code::kBusy,
                    StrCat("job ", job.Path(), " has ", OperationText(other), " in flight (",
                           other.owner.empty() ? std::string("no owner") : other.owner, ")"));
    }
  }
  const int64_t now = Now();
  FS_ASSIGN_OR_RETURN(
      Stmt * s,
      db_->Cached("INSERT INTO operations(job_id, run_id, kind, phase, key, params, exclusive, "
                  "started_ms, updated_ms, deadline_ms, owner, attempts) "
                  "VALUES(?,?,?,?,?,?,?,?,?,?,?,?)"));
  s->Bind(1, job.id).Bind(2, op.run_id).Bind(3, static_cast<int64_t>(op.kind));
  s->Bind(4, static_cast<int64_t>(op.phase)).Bind(5, op.key);
  s->Bind(6, op.params.empty() ? std::string("{}") : op.params);
  s->Bind(7, static_cast<int64_t>(op.exclusive ? 1 : 0)).Bind(8, now).Bind(9, now);
  s->Bind(10, op.deadline_ms).Bind(11, op.owner).Bind(12, op.attempts);
  FS_RETURN_IF_ERROR(s->Run());
  Operation out = op;
  out.id = db_->LastInsertRowid();
  out.job_id = job.id;
  out.started_ms = out.updated_ms = now;
  if (out.finished()) {
    FS_ASSIGN_OR_RETURN(Stmt * e, db_->Cached("UPDATE operations SET ended_ms=?, result=? "
                                              "WHERE id=?"));
    e->Bind(1, now).Bind(2, out.result).Bind(3, out.id);
    FS_RETURN_IF_ERROR(e->Run());
    out.ended_ms = now;
  }
  if (out.params.empty()) out.params = "{}";
  return out;
}

Result<Operation> Catalog::BeginOperation(std::string_view ref, const Operation& op,
                                          const std::optional<StateChange>& change) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobHeadLocked(ref));
  FS_ASSIGN_OR_RETURN(Operation out, BeginOperationLocked(job, op));
  if (change) FS_RETURN_IF_ERROR(StateChangeLocked(job, *change, out.id));
  FS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<Operation> Catalog::UpdateOperationLocked(const Operation& op) {
  FS_RETURN_IF_ERROR(CheckOperation(op));
  FS_ASSIGN_OR_RETURN(Operation old, OperationLocked(op.id));
  if (old.finished()) {
    return Status(Code::kIllegalState,
                  StrCat(OperationText(old), " is ", NameOr(old.phase, "?"), " already"));
  }
  if (op.phase < old.phase) {
    return Status(Code::kIllegalState,
                  StrCat(OperationText(old), " cannot go back from ", NameOr(old.phase, "?"),
                         " to ", NameOr(op.phase, "?")));
  }
  const int64_t now = Now();
  Operation out = old;
  out.phase = op.phase;
  out.run_id = op.run_id ? op.run_id : old.run_id;
  out.result = op.result;
  out.error = RedactText(op.error);
  out.attempts = op.attempts;
  out.owner = op.owner;
  out.deadline_ms = op.deadline_ms ? op.deadline_ms : old.deadline_ms;
  out.updated_ms = now;
  if (out.finished()) out.ended_ms = now;
  FS_ASSIGN_OR_RETURN(
      Stmt * s,
      db_->Cached("UPDATE operations SET phase=?, run_id=?, result=?, error=?, attempts=?, "
                  "owner=?, deadline_ms=?, updated_ms=?, ended_ms=? WHERE id=?"));
  s->Bind(1, static_cast<int64_t>(out.phase)).Bind(2, out.run_id).Bind(3, out.result);
  s->Bind(4, out.error).Bind(5, out.attempts).Bind(6, out.owner).Bind(7, out.deadline_ms);
  s->Bind(8, now).Bind(9, out.ended_ms).Bind(10, out.id);
  FS_RETURN_IF_ERROR(s->Run());
  return out;
}

Result<Operation> Catalog::UpdateOperation(const Operation& op,
                                           const std::optional<StateChange>& change) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Operation out, UpdateOperationLocked(op));
  if (change) {
    FS_ASSIGN_OR_RETURN(Job job, JobHeadLocked(std::to_string(out.job_id)));
    FS_RETURN_IF_ERROR(StateChangeLocked(job, *change, out.id));
  }
  FS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Status Catalog::EndOpenRunLocked(const Job& job, std::string_view final_status) {
  FS_ASSIGN_OR_RETURN(std::optional<Run> open, OpenRunLocked(job.id));
  if (!open) return Status();
  FS_ASSIGN_OR_RETURN(Stmt * s,
                      db_->Cached("UPDATE runs SET ended_ms=?, final_status=? WHERE id=?"));
  s->Bind(1, Now()).Bind(2, final_status).Bind(3, open->id);
  FS_RETURN_IF_ERROR(s->Run());
  return EventLocked(job.id, open->id, job.Path(), "run.end", "ok", final_status);
}

Result<StepResult> Catalog::RecordStep(std::string_view ref, const Operation& op,
                                       const StepEffects& effects) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  // The whole row only when a run starts or a ONCE path goes (they read it); the head
  // otherwise.
  FS_ASSIGN_OR_RETURN(
      Job job, effects.start_run || effects.consume_once ? JobLocked(ref) : JobHeadLocked(ref));
  StepResult out;
  if (op.id == 0) {
    FS_ASSIGN_OR_RETURN(out.operation, BeginOperationLocked(job, op));
  } else {
    if (effects.expected_owner) {
      FS_ASSIGN_OR_RETURN(Operation old, OperationLocked(op.id));
      if (old.owner != *effects.expected_owner) {
        return Status(Code::kConflict,
                      StrCat(OperationText(old), " is driven by ",
                             old.owner.empty() ? std::string("no owner") : old.owner,
                             " now: someone else took it over first"));
      }
    }
    FS_ASSIGN_OR_RETURN(out.operation, UpdateOperationLocked(op));
    if (out.operation.job_id != job.id) {
      return Status(Code::kInvalidArgument,
                    StrCat(OperationText(out.operation), " is not of job ", job.Path()));
    }
  }
  if (effects.end_run) FS_RETURN_IF_ERROR(EndOpenRunLocked(job, *effects.end_run));
  if (effects.start_run) {
    FS_ASSIGN_OR_RETURN(Run run, StartRunLocked(job, *effects.start_run, effects.keep_once));
    FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("UPDATE operations SET run_id=? WHERE id=?"));
    s->Bind(1, run.id).Bind(2, out.operation.id);
    FS_RETURN_IF_ERROR(s->Run());
    out.operation.run_id = run.id;
    out.run = std::move(run);
  }
  for (const SnapshotRecord& given : effects.snapshots) {
    SnapshotRecord r = given;
    r.job_id = job.id;
    Result<SnapshotRecord> added = InsertSnapshotLocked(r);
    if (added.status().Is(Code::kAlreadyExists)) continue;
    FS_RETURN_IF_ERROR(added.status());
    FS_RETURN_IF_ERROR(
        EventLocked(job.id, added->run_id, job.Path(), "snapshot.add", "ok",
                    StrCat(KindWord(added->kind), " ", added->path, " (", OriginName(added->origin),
                           ", ", SnapshotStateName(added->state), ")")));
    out.recorded.push_back(std::move(*added));
  }
  if (effects.consume_once) {
    FS_RETURN_IF_ERROR(ConsumeOnceLocked(job, *effects.consume_once, out.operation.run_id));
  }
  if (effects.confirm_loss) {
    FS_ASSIGN_OR_RETURN(Stmt * c,
                        db_->Cached("UPDATE job_watch SET presumed_lost=0 WHERE job_id=?"));
    c->Bind(1, job.id);
    FS_RETURN_IF_ERROR(c->Run());
  }
  out.job_version = job.version;
  if (effects.change) {
    StateChange change = *effects.change;
    if (!change.run_id) change.run_id = out.operation.run_id;
    FS_RETURN_IF_ERROR(StateChangeLocked(job, change, out.operation.id));
    out.job_version = job.version + 1;
  }
  FS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<Operation> Catalog::GetOperation(int64_t id) {
  Lock lock(this);
  return OperationLocked(id);
}

Result<std::vector<Operation>> Catalog::ListOperations(std::string_view ref, bool unfinished_only,
                                                       int64_t limit) {
  Lock lock(this);
  std::optional<int64_t> job_id;
  if (!ref.empty()) {
    FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
    job_id = job.id;
  }
  static const std::string sql =
      StrCat("SELECT ", kOperationColumns,
             " FROM operations WHERE (?1 IS NULL OR job_id=?1) AND (?2=0 OR phase<2) "
             "ORDER BY id DESC LIMIT ?3");
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached(sql.c_str()));
  s->Bind(1, job_id).Bind(2, static_cast<int64_t>(unfinished_only ? 1 : 0)).Bind(3, limit);
  std::vector<Operation> out;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(ReadOperation(*s));
  }
  return out;
}

}  // namespace flowstate::core::catalog

// ---- observation rounds ---------------------------------------------------------------------

namespace flowstate::core::catalog {

Result<std::vector<Watched>> Catalog::WatchList(const std::vector<std::string>& clusters) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::BeginRead(db_.get()));
  static const std::string sql = StrCat(
      "SELECT j.id, j.folder, j.name, j.state, j.version, COALESCE(c.name, ''), w.flink_status, "
      "w.observed_ms, w.unreachable_since_ms, w.failed_probes, w.presumed_lost, w.stats_ms, "
      "w.changed_ms, w.captured_run, w.captured_id, r.id, r.job_id, r.flink_job_id, r.cluster, "
      "r.started_ms, r.ended_ms, "
      "r.final_status, r.restored_from, r.claim_mode, r.restored_snapshot",
      " FROM jobs j JOIN runs r ON r.job_id = j.id AND r.ended_ms IS NULL "
      "LEFT JOIN clusters c ON c.id = j.cluster_id LEFT JOIN job_watch w ON w.job_id = j.id "
      "WHERE r.flink_job_id <> '' ORDER BY j.id");
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached(sql.c_str()));
  std::vector<Watched> out;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    Watched w;
    w.job_id = s->Int(0);
    Job path;
    path.folder = s->Text(1);
    path.name = s->Text(2);
    w.path = path.Path();
    w.state = static_cast<JobState>(s->Int(3));
    w.version = s->Int(4);
    w.cluster = s->Text(5);
    w.watch.flink_status = s->Text(6);
    w.watch.observed_ms = s->OptInt(7);
    w.watch.unreachable_since_ms = s->OptInt(8);
    w.watch.failed_probes = s->OptInt(9).value_or(0);
    w.watch.presumed_lost = s->OptInt(10).value_or(0) != 0;
    w.watch.stats_ms = s->OptInt(11);
    w.watch.changed_ms = s->OptInt(12);
    w.watch.captured_run = s->OptInt(13);
    w.watch.captured_id = s->OptInt(14);
    w.run = ReadRunAt(*s, 15);
    // The run is where the job id lives: the cluster it ran on (a LOST job may have been
    // moved since).
    const std::string& where = w.run->cluster.empty() ? w.cluster : w.run->cluster;
    if (!clusters.empty() && std::find(clusters.begin(), clusters.end(), where) == clusters.end()) {
      continue;
    }
    out.push_back(std::move(w));
  }
  s->Reset();
  static const std::string ops =
      StrCat("SELECT ", kOperationColumns, " FROM operations WHERE phase < 2 ORDER BY id");
  FS_ASSIGN_OR_RETURN(Stmt * o, db_->Cached(ops.c_str()));
  std::map<int64_t, Operation> in_flight;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, o->Step());
    if (!row) break;
    Operation op = ReadOperation(*o);
    in_flight.emplace(op.job_id, std::move(op));
  }
  o->Reset();
  for (Watched& w : out) {
    auto it = in_flight.find(w.job_id);
    if (it != in_flight.end()) w.in_flight = it->second;
  }
  FS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Status Catalog::WriteWatchLocked(int64_t job_id, const Watch& w) {
  FS_ASSIGN_OR_RETURN(
      Stmt * s, db_->Cached("INSERT OR REPLACE INTO job_watch(job_id, flink_status, observed_ms, "
                            "unreachable_since_ms, failed_probes, presumed_lost, stats_ms, "
                            "changed_ms, captured_run, captured_id) VALUES(?,?,?,?,?,?,?,?,?,?)"));
  s->Bind(1, job_id).Bind(2, w.flink_status).Bind(3, w.observed_ms);
  s->Bind(4, w.unreachable_since_ms).Bind(5, w.failed_probes);
  s->Bind(6, static_cast<int64_t>(w.presumed_lost ? 1 : 0)).Bind(7, w.stats_ms);
  s->Bind(8, w.changed_ms).Bind(9, w.captured_run).Bind(10, w.captured_id);
  return s->Run();
}

Result<RoundWrite> Catalog::RecordRound(const std::vector<Observation>& observations) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  RoundWrite out;
  std::set<int64_t> captured_jobs;
  for (const Observation& o : observations) {
    Result<Job> job = JobHeadLocked(StrCat(o.job_id));
    if (job.status().Is(Code::kNotFound)) {
      out.skipped.emplace_back(o.job_id, "removed since the round read it");
      continue;
    }
    FS_RETURN_IF_ERROR(job.status());
    if (job->version != o.expected_version) {
      out.skipped.emplace_back(
          o.job_id, StrCat("job ", job->Path(), " changed since the round read it (version ",
                           o.expected_version, " -> ", job->version, "): left to the next round"));
      continue;
    }
    if (o.end_run) FS_RETURN_IF_ERROR(EndOpenRunLocked(*job, *o.end_run));
    for (const SnapshotRecord& given : o.snapshots) {
      SnapshotRecord r = given;
      r.job_id = job->id;
      Result<SnapshotRecord> added = InsertSnapshotLocked(r);
      if (added.status().Is(Code::kAlreadyExists)) continue;
      FS_RETURN_IF_ERROR(added.status());
      captured_jobs.insert(job->id);
      out.recorded.push_back(std::move(*added));
    }
    for (const std::string& path : o.disposed) {
      FS_ASSIGN_OR_RETURN(const std::string canonical, storage::CanonicalLocation(path));
      FS_ASSIGN_OR_RETURN(
          Stmt * d, db_->Cached("UPDATE snapshots SET state=? WHERE job_id=? AND path_hash=? AND "
                                "path=? AND state<>?"));
      d->Bind(1, static_cast<int64_t>(SnapshotState::kDisposed)).Bind(2, job->id);
      d->Bind(3, PathHash(canonical)).Bind(4, canonical);
      d->Bind(5, static_cast<int64_t>(SnapshotState::kDisposed));
      FS_RETURN_IF_ERROR(d->Run());
      if (db_->Changes() > 0) {
        ++out.disposed;
        FS_RETURN_IF_ERROR(EventLocked(job->id, std::nullopt, job->Path(), "snapshot.state", "ok",
                                       StrCat(canonical, ": DISPOSED (deleted by Flink)")));
      }
    }
    if (o.watch) FS_RETURN_IF_ERROR(WriteWatchLocked(job->id, *o.watch));
    if (o.change) FS_RETURN_IF_ERROR(StateChangeLocked(*job, *o.change, std::nullopt));
  }
  // One event for the snapshots a round captured: periodic checkpoints of many jobs would
  // otherwise make the audit log grow with the records themselves.
  if (!out.recorded.empty()) {
    const std::optional<int64_t> one =
        captured_jobs.size() == 1 ? std::optional<int64_t>(*captured_jobs.begin()) : std::nullopt;
    FS_RETURN_IF_ERROR(EventLocked(
        one, std::nullopt, "", "snapshot.capture", "ok",
        StrCat(out.recorded.size(), out.recorded.size() == 1 ? " snapshot of " : " snapshots of ",
               captured_jobs.size(), captured_jobs.size() == 1 ? " job" : " jobs",
               " captured by an observation round")));
  }
  FS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<Watch> Catalog::GetWatch(std::string_view ref) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Job job, JobHeadLocked(ref));
  FS_ASSIGN_OR_RETURN(
      Stmt * s, db_->Cached("SELECT flink_status, observed_ms, unreachable_since_ms, "
                            "failed_probes, presumed_lost, stats_ms, changed_ms, captured_run, "
                            "captured_id FROM job_watch "
                            "WHERE job_id=?"));
  s->Bind(1, job.id);
  FS_ASSIGN_OR_RETURN(bool row, s->Step());
  Watch w;
  if (row) {
    w.flink_status = s->Text(0);
    w.observed_ms = s->OptInt(1);
    w.unreachable_since_ms = s->OptInt(2);
    w.failed_probes = s->Int(3);
    w.presumed_lost = s->Int(4) != 0;
    w.stats_ms = s->OptInt(5);
    w.changed_ms = s->OptInt(6);
    w.captured_run = s->OptInt(7);
    w.captured_id = s->OptInt(8);
  }
  s->Reset();
  return w;
}

}  // namespace flowstate::core::catalog
