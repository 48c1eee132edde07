// Catalog: runs (each submission of a job; one open at a time).
#include "catalog/catalog.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <set>

#include "catalog/rows.h"
#include "catalog/sqlite.h"
#include "common/log.h"
#include "common/redact.h"
#include "common/strings.h"
#include "storage/location.h"

namespace flowstate::core::catalog {

// ---- runs -------------------------------------------------------------------------------

namespace {

std::string RunWords(const Run& r) {
  return StrCat(
      "run ", r.id,
      r.flink_job_id.empty() ? std::string() : StrCat(" (Flink job ", r.flink_job_id, ")"));
}

// "2026-12-04 10:25:59 UTC"
std::string UtcTime(int64_t ms) {
  const time_t t = static_cast<time_t>(ms / 1000);
  struct tm tm {};
  char buf[32];
  if (gmtime_r(&t, &tm) == nullptr ||
      std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0) {
    return StrCat(ms, " ms");
  }
  return buf;
}

}  // namespace

Result<Run> Catalog::StartRun(std::string_view ref, const Run& run) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  FS_ASSIGN_OR_RETURN(Run out, StartRunLocked(job, run));
  FS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<Run> Catalog::RestartRun(std::string_view ref, std::optional<int64_t> open_run,
                                std::string_view final_status, const Run& run) {
  if (final_status.empty()) {
    return Status(Code::kInvalidArgument,
                  "the run that ends needs its final status (CANCELED, FINISHED, ...)");
  }
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  FS_ASSIGN_OR_RETURN(std::optional<Run> current, OpenRunLocked(job.id));
  if (open_run && (!current || current->id != *open_run)) {
    return Status(Code::kIllegalState,
                  StrCat("job ", job.Path(), ": run ", *open_run, " is not its open run (",
                         current ? StrCat(RunWords(*current), " is") : std::string("none is"),
                         "); nothing was changed"));
  }
  Run next = run;
  if (next.started_ms == 0) next.started_ms = Now();
  if (current) {
    FS_ASSIGN_OR_RETURN(Stmt * e,
                        db_->Cached("UPDATE runs SET ended_ms=?, final_status=? WHERE id=?"));
    e->Bind(1, next.started_ms).Bind(2, final_status).Bind(3, current->id);
    FS_RETURN_IF_ERROR(e->Run());
    FS_RETURN_IF_ERROR(EventLocked(job.id, current->id, job.Path(), "run.end", "ok",
                                   StrCat(final_status, " (restarted)")));
  }
  FS_ASSIGN_OR_RETURN(Run out, StartRunLocked(job, next));
  FS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<Run> Catalog::StartRunLocked(const Job& job, const Run& run, bool keep_once) {
  Run out = run;
  out.job_id = job.id;
  if (out.started_ms == 0) out.started_ms = Now();
  if (out.cluster.empty()) out.cluster = job.cluster;
  if (!out.restored_from.empty()) {
    Result<std::string> c = storage::CanonicalLocation(out.restored_from);
    if (!c.ok()) {
      return Status(c.status().code(), StrCat("the run's restore path: ", c.status().message()));
    }
    out.restored_from = *c;
  }
  if (out.claim_mode && !out.cluster.empty()) {
    // A claim mode the cluster's Flink does not have is not what happened: a 1.14 restore is
    // LEGACY, whatever was asked for (and retention reads the mode).
    FS_ASSIGN_OR_RETURN(Stmt * c, db_->Cached("SELECT flink_version FROM clusters WHERE name=?"));
    c->Bind(1, out.cluster);
    FS_ASSIGN_OR_RETURN(bool found, c->Step());
    std::string text = found ? c->Text(0) : std::string();
    c->Reset();
    if (Result<FlinkVersion> v = FlinkVersion::ParseAnyRelease(text); v.ok()) {
      Status claim = CheckClaimMode(ClaimModeName(*out.claim_mode), *v);
      if (!claim.ok()) {
        return Status(claim.code(),
                      StrCat("the run on cluster ", out.cluster, ": ", claim.message()));
      }
    }
  }
  FS_ASSIGN_OR_RETURN(std::optional<Run> running, OpenRunLocked(job.id));
  if (running && !out.ended_ms) {
    return Status(Code::kIllegalState,
                  StrCat("job ", job.Path(), " has an open run: ", RunWords(*running), ", started ",
                         UtcTime(running->started_ms),
                         "; end it first, or restart (which ends it and "
                         "starts the new run in one step)"));
  }
  FS_ASSIGN_OR_RETURN(Stmt * n, db_->Cached("SELECT count(*) FROM runs WHERE job_id=?"));
  n->Bind(1, job.id);
  FS_ASSIGN_OR_RETURN(bool counted, n->Step());
  const bool first = counted && n->Int(0) == 0;
  n->Reset();
  // Restored from a recorded snapshot, in whatever spelling: linked to its record.
  if (!out.restored_snapshot && !out.restored_from.empty()) {
    FS_ASSIGN_OR_RETURN(out.restored_snapshot, RecordIdLocked(job.id, out.restored_from));
  }
  FS_ASSIGN_OR_RETURN(
      Stmt * s, db_->Cached("INSERT INTO runs(job_id, flink_job_id, cluster, started_ms, ended_ms, "
                            "final_status, restored_from, claim_mode, restored_snapshot) "
                            "VALUES(?,?,?,?,?,?,?,?,?)"));
  s->Bind(1, job.id).Bind(2, out.flink_job_id).Bind(3, out.cluster).Bind(4, out.started_ms);
  s->Bind(5, out.ended_ms).Bind(6, out.final_status).Bind(7, out.restored_from);
  s->Bind(8, out.claim_mode ? std::optional<int64_t>(static_cast<int64_t>(*out.claim_mode))
                            : std::nullopt);
  s->Bind(9, out.restored_snapshot);
  FS_RETURN_IF_ERROR(s->Run());
  out.id = db_->LastInsertRowid();
  if (out.restored_snapshot && out.claim_mode && *out.claim_mode != ClaimMode::kNoClaim) {
    // The restored snapshot's files now matter to this run: Flink owns them after CLAIM; a
    // LEGACY restore may share them for good. (NO_CLAIM: retention waits for the run's own
    // first checkpoint.)
    const char* sql =
        *out.claim_mode == ClaimMode::kClaim
            ? "UPDATE snapshots SET claimed_by_run=?1 WHERE id=?2 AND job_id=?3"
            : "UPDATE snapshots SET keep=1 WHERE ?1 IS NOT NULL AND id=?2 AND job_id=?3";
    FS_ASSIGN_OR_RETURN(Stmt * u, db_->Cached(sql));
    u->Bind(1, out.id).Bind(2, *out.restored_snapshot).Bind(3, job.id);
    FS_RETURN_IF_ERROR(u->Run());
  }
  if (job.once_path && !keep_once)
    FS_RETURN_IF_ERROR(ConsumeOnceLocked(job, *job.once_path, out.id));
  FS_RETURN_IF_ERROR(EventLocked(
      job.id, out.id, job.Path(), "run.start", "ok",
      StrCat(out.restored_from.empty()
                 ? std::string(first ? "the job's first start, without state" : "without state")
                 : StrCat("from ", out.restored_from),
             out.claim_mode ? StrCat(" (", ClaimModeName(*out.claim_mode), ")") : std::string(),
             out.restored_snapshot ? StrCat(", snapshot record ", *out.restored_snapshot)
                                   : std::string(),
             out.flink_job_id.empty() ? std::string() : StrCat(", Flink job ", out.flink_job_id))));
  return out;
}

Status Catalog::ConsumeOnceLocked(const Job& job, const std::string& path,
                                  std::optional<int64_t> run_id) {
  FS_ASSIGN_OR_RETURN(Stmt * c, db_->Cached("UPDATE jobs SET once_path=NULL, updated_ms=? "
                                            "WHERE id=? AND once_path=?"));
  c->Bind(1, Now()).Bind(2, job.id).Bind(3, path);
  FS_RETURN_IF_ERROR(c->Run());
  if (db_->Changes() == 0) return Status();  // another path since, or none: it stays
  return EventLocked(
      job.id, run_id, job.Path(), "restore.once.consumed", "ok",
      StrCat("ONCE(", path, ") used by this start; back to ", RestoreStrategyName(job.strategy)));
}

Result<std::optional<Run>> Catalog::OpenRunLocked(int64_t job_id) {
  static const std::string sql =
      StrCat("SELECT ", kRunColumns, " FROM runs WHERE job_id=? AND ended_ms IS NULL");
  FS_ASSIGN_OR_RETURN(Stmt * q, db_->Cached(sql.c_str()));
  q->Bind(1, job_id);
  FS_ASSIGN_OR_RETURN(bool row, q->Step());
  std::optional<Run> open;
  if (row) open = ReadRun(*q);
  q->Reset();
  return open;
}

Result<std::optional<int64_t>> Catalog::RecordIdLocked(int64_t job_id,
                                                       const std::string& canonical) {
  FS_ASSIGN_OR_RETURN(Stmt * f,
                      db_->Cached("SELECT id, path FROM snapshots WHERE job_id=? AND path_hash=?"));
  f->Bind(1, job_id).Bind(2, PathHash(canonical));
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, f->Step());
    if (!row) break;
    if (f->Text(1) == canonical) {
      std::optional<int64_t> id = f->Int(0);
      f->Reset();
      return id;
    }
  }
  return std::optional<int64_t>();
}

// The job (id and path) a run belongs to, for the audit log.
namespace {

Result<std::pair<int64_t, std::string>> RunJob(Db& db, int64_t run_id) {
  FS_ASSIGN_OR_RETURN(
      Stmt * q, db.Cached("SELECT j.id, j.folder, j.name FROM runs r JOIN jobs j ON j.id=r.job_id "
                          "WHERE r.id=?"));
  q->Bind(1, run_id);
  FS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status(Code::kNotFound, StrCat("no run ", run_id));
  Job j;
  j.folder = q->Text(1);
  j.name = q->Text(2);
  std::pair<int64_t, std::string> out{q->Int(0), j.Path()};
  q->Reset();
  return out;
}

}  // namespace

Status Catalog::SetRunJobId(int64_t run_id, std::string_view flink_job_id) {
  if (!storage::IsJobId(flink_job_id)) {
    return Status(Code::kInvalidArgument,
                  StrCat("not a Flink job id (32 lower-case hex digits): ", Quote(flink_job_id)));
  }
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(auto job, RunJob(*db_, run_id));
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("UPDATE runs SET flink_job_id=? WHERE id=?"));
  s->Bind(1, flink_job_id).Bind(2, run_id);
  FS_RETURN_IF_ERROR(s->Run());
  FS_RETURN_IF_ERROR(EventLocked(job.first, run_id, job.second, "run.job-id", "ok", flink_job_id));
  return tx.Commit();
}

Status Catalog::EndRun(int64_t run_id, std::string_view final_status,
                       std::optional<int64_t> ended_ms) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(auto job, RunJob(*db_, run_id));
  FS_ASSIGN_OR_RETURN(Stmt * s,
                      db_->Cached("UPDATE runs SET ended_ms=?, final_status=? WHERE id=?"));
  s->Bind(1, ended_ms.value_or(Now())).Bind(2, final_status).Bind(3, run_id);
  FS_RETURN_IF_ERROR(s->Run());
  FS_RETURN_IF_ERROR(EventLocked(job.first, run_id, job.second, "run.end", "ok", final_status));
  return tx.Commit();
}

Result<std::vector<Run>> Catalog::ListRuns(std::string_view ref) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  static const std::string sql =
      StrCat("SELECT ", kRunColumns, " FROM runs WHERE job_id=? ORDER BY id");
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached(sql.c_str()));
  s->Bind(1, job.id);
  std::vector<Run> out;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(ReadRun(*s));
  }
  return out;
}

}  // namespace flowstate::core::catalog
