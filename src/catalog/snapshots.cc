// Catalog: snapshot records (checkpoints and savepoints of a job's runs).
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

// ---- snapshots --------------------------------------------------------------------------

Result<SnapshotRecord> Catalog::InsertSnapshotLocked(const SnapshotRecord& given) {
  if (given.path.empty()) return Status(Code::kInvalidArgument, "a snapshot needs a path");
  if (!given.trigger_id.empty() &&
      (given.trigger_id.size() != 32 ||
       given.trigger_id.find_first_not_of("0123456789abcdef") != std::string::npos)) {
    return Status(Code::kInvalidArgument, StrCat("a trigger id is 32 lower-case hex digits, not ",
                                                 Quote(given.trigger_id)));
  }
  SnapshotRecord in = given;
  {
    Result<std::string> c = storage::CanonicalLocation(given.path);
    if (!c.ok()) return Status(c.status().code(), StrCat("snapshot path: ", c.status().message()));
    in.path = std::move(*c);
  }
  const int64_t hash = PathHash(in.path);
  FS_ASSIGN_OR_RETURN(std::optional<int64_t> recorded, RecordIdLocked(in.job_id, in.path));
  if (recorded) {
    return Status(
        Code::kAlreadyExists,
        StrCat("the job has already recorded ", in.path, " (record ", *recorded, ")",
               in.path == given.path ? std::string() : StrCat(", given as ", given.path)));
  }
  FS_ASSIGN_OR_RETURN(
      Stmt * s,
      db_->Cached(
          "INSERT INTO snapshots(job_id, run_id, kind, checkpoint_id, path, path_hash, "
          "trigger_ms, completion_ms, size, format_version, savepoint_format, origin, "
          "state, claimed_by_run, keep, trigger_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  s->Bind(1, in.job_id).Bind(2, in.run_id).Bind(3, static_cast<int64_t>(in.kind));
  s->Bind(4, in.checkpoint_id).Bind(5, in.path).Bind(6, hash).Bind(7, in.trigger_ms);
  s->Bind(8, in.completion_ms).Bind(9, in.size).Bind(10, in.format_version);
  if (in.savepoint_format.empty()) {
    s->BindNull(11);
  } else {
    s->Bind(11, in.savepoint_format);
  }
  s->Bind(12, static_cast<int64_t>(in.origin)).Bind(13, static_cast<int64_t>(in.state));
  s->Bind(14, in.claimed_by_run).Bind(15, static_cast<int64_t>(in.keep ? 1 : 0));
  s->Bind(16, in.trigger_id);
  Status st = s->Run();
  if (st.Is(Code::kAlreadyExists)) {
    return Status(Code::kNotFound, StrCat("no job ", in.job_id, " for the snapshot ", in.path));
  }
  FS_RETURN_IF_ERROR(st);
  SnapshotRecord out = in;
  out.id = db_->LastInsertRowid();
  return out;
}

Result<SnapshotRecord> Catalog::AddSnapshot(const SnapshotRecord& s) {
  return AddSnapshot(StrCat(s.job_id), s);
}

Result<SnapshotRecord> Catalog::AddSnapshot(std::string_view ref, const SnapshotRecord& given) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  SnapshotRecord s = given;
  s.job_id = job.id;
  FS_ASSIGN_OR_RETURN(SnapshotRecord out, InsertSnapshotLocked(s));
  FS_RETURN_IF_ERROR(EventLocked(job.id, s.run_id, job.Path(), "snapshot.add", "ok",
                                 StrCat(KindWord(s.kind), " ", out.path, " (", OriginName(s.origin),
                                        ", ", SnapshotStateName(s.state), ")")));
  FS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<SnapshotRecord> Catalog::RegisterSnapshot(std::string_view ref, SnapshotRecord r,
                                                 storage::Storage* storage,
                                                 const RegisterOptions& options) {
  if (r.path.empty()) return Status(Code::kInvalidArgument, "a snapshot needs a path");
  FS_RETURN_IF_ERROR(GetJob(ref).status());  // an unknown job before any storage request
  if (storage == nullptr) {
    std::string_view p = r.path;
    while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
    const std::string_view base = p.substr(p.find_last_of('/') + 1);
    r.kind = base.rfind("savepoint-", 0) == 0 ? storage::SnapshotKind::kSavepoint
                                              : storage::SnapshotKind::kCheckpoint;
    return AddSnapshot(ref, r);
  }
  // The record keeps the location as Flink names it (canonical); the storage's mounts only
  // say how this host reaches it.
  FS_ASSIGN_OR_RETURN(storage::Location loc, storage->Parse(r.path));
  FS_ASSIGN_OR_RETURN(storage::Inspection got,
                      storage::InspectSnapshot(*storage, loc, options.scan));
  const storage::Snapshot& s = got.snapshot;
  if (!s.restorable() && !options.force) {
    return Status(Code::kIllegalState,
                  StrCat(r.path, " is not restorable (", storage::VerdictName(s.verdict), ": ",
                         s.reason, "); forced, it is recorded all the same, as FAILED"));
  }
  r.kind = s.kind;
  if (got.parsed && got.metadata.checkpoint_id >= 0) r.checkpoint_id = got.metadata.checkpoint_id;
  if (s.completion_time_ms > 0) r.completion_ms = s.completion_time_ms;
  r.size = static_cast<int64_t>(s.exclusive_bytes);  // _metadata included, as reconcile counts
  if (s.format_version > 0) r.format_version = s.format_version;
  r.savepoint_format = s.savepoint_format;
  if (!s.restorable()) r.state = SnapshotState::kFailed;
  return AddSnapshot(ref, r);
}

Status Catalog::AddSnapshots(const std::vector<SnapshotRecord>& batch) {
  Lock lock(this);
  // A batch dirties pages all over the indexes, and the next batches write many of them
  // again: the WAL is checkpointed only every 256 MiB while batches come (pages written again
  // are copied into the file once); the next small commit checkpoints what they left.
  FS_RETURN_IF_ERROR(db_->Exec("PRAGMA wal_autocheckpoint=65536"));
  struct Restore {
    Db* db;
    ~Restore() { (void)db->Exec("PRAGMA wal_autocheckpoint=1000"); }
  } restore{db_.get()};
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  // In job order: the index entries of one job sit together, so a batch spread over many
  // jobs writes each index page once rather than once per record.
  std::vector<const SnapshotRecord*> order;
  order.reserve(batch.size());
  for (const SnapshotRecord& s : batch) order.push_back(&s);
  std::stable_sort(
      order.begin(), order.end(),
      [](const SnapshotRecord* a, const SnapshotRecord* b) { return a->job_id < b->job_id; });
  std::set<int64_t> jobs;
  for (const SnapshotRecord* s : order) {
    FS_RETURN_IF_ERROR(InsertSnapshotLocked(*s).status());
    jobs.insert(s->job_id);
  }
  // One event per batch: a batch is how periodic checkpoints of many jobs are recorded, and
  // an event per job would make the audit log grow with the records themselves.
  if (!batch.empty()) {
    const std::optional<int64_t> job =
        jobs.size() == 1 ? std::optional<int64_t>(*jobs.begin()) : std::nullopt;
    FS_RETURN_IF_ERROR(EventLocked(
        job, {}, "", "snapshot.add.batch", "ok",
        StrCat(batch.size(), " snapshots of ", jobs.size(), jobs.size() == 1 ? " job" : " jobs")));
  }
  return tx.Commit();
}

Status Catalog::SetSnapshotState(int64_t id, SnapshotState state) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Stmt * q,
                      db_->Cached("SELECT job_id, path, state FROM snapshots WHERE id=?"));
  q->Bind(1, id);
  FS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status(Code::kNotFound, StrCat("no snapshot ", id));
  const int64_t job_id = q->Int(0);
  const std::string path = q->Text(1);
  const auto old = static_cast<SnapshotState>(q->Int(2));
  q->Reset();
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("UPDATE snapshots SET state=? WHERE id=?"));
  s->Bind(1, static_cast<int64_t>(state)).Bind(2, id);
  FS_RETURN_IF_ERROR(s->Run());
  FS_RETURN_IF_ERROR(
      EventLocked(job_id, {}, "", "snapshot.state", "ok",
                  StrCat(path, ": ", SnapshotStateName(old), " -> ", SnapshotStateName(state))));
  return tx.Commit();
}

Result<SnapshotRecord> Catalog::GetSnapshot(int64_t id) {
  Lock lock(this);
  return SnapshotLocked(id);
}

Result<SnapshotRecord> Catalog::SnapshotLocked(int64_t id) {
  static const std::string sql = StrCat("SELECT ", kSnapshotColumns, " FROM snapshots WHERE id=?");
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached(sql.c_str()));
  s->Bind(1, id);
  FS_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status(Code::kNotFound, StrCat("no snapshot ", id));
  SnapshotRecord r = ReadSnapshot(*s);
  s->Reset();
  return r;
}

Result<SnapshotRecord> Catalog::FindSnapshot(std::string_view ref, std::string_view path) {
  FS_ASSIGN_OR_RETURN(const std::string canonical, storage::CanonicalLocation(path));
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  FS_ASSIGN_OR_RETURN(std::optional<int64_t> id, RecordIdLocked(job.id, canonical));
  if (!id)
    return Status(Code::kNotFound, StrCat("job ", job.Path(), " has no record of ", canonical));
  return SnapshotLocked(*id);
}

Status Catalog::RemoveSnapshot(int64_t id, storage::Storage* files) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(const SnapshotRecord r, SnapshotLocked(id));
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(StrCat(r.job_id)));
  if (files != nullptr) {
    FS_ASSIGN_OR_RETURN(Holds holds, HoldsLocked(r.job_id));
    const std::string why = HeldBy(r, holds);
    if (!why.empty()) {
      return Status(Code::kIllegalState, StrCat("the files of ", KindWord(r.kind), " ", r.path,
                                                " stay: ", why, "; nothing was deleted"));
    }
    // The files first; the record goes only once they are gone.
    Status st = DeleteSnapshotFiles(*files, r.path);
    if (!st.ok()) {
      (void)EventLocked(job.id, {}, job.Path(), "snapshot.remove", "failed",
                        StrCat(r.path, ": ", st.message()));
      return Status(st.code(),
                    StrCat("cannot delete ", r.path, " (the record stays): ", st.message()));
    }
  }
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Stmt * d, db_->Cached("DELETE FROM snapshots WHERE id=?"));
  d->Bind(1, id);
  FS_RETURN_IF_ERROR(d->Run());
  FS_ASSIGN_OR_RETURN(
      Stmt * u, db_->Cached("UPDATE runs SET restored_snapshot=NULL WHERE restored_snapshot=?"));
  u->Bind(1, id);
  FS_RETURN_IF_ERROR(u->Run());
  FS_RETURN_IF_ERROR(EventLocked(job.id, r.run_id, job.Path(), "snapshot.remove", "ok",
                                 StrCat(KindWord(r.kind), " ", r.path, " (", OriginName(r.origin),
                                        ", ", SnapshotStateName(r.state), "): ",
                                        files != nullptr ? "files deleted, then the record"
                                                         : "the record only; the files stay")));
  return tx.Commit();
}

Result<std::vector<SnapshotRecord>> Catalog::SnapshotsLocked(
    int64_t job_id, const std::vector<SnapshotState>& states, int64_t limit) {
  static const std::string sql =
      StrCat("SELECT ", kSnapshotColumns,
             " FROM snapshots WHERE job_id=? ORDER BY completion_ms DESC, id DESC LIMIT ?");
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached(sql.c_str()));
  s->Bind(1, job_id).Bind(2, states.empty() ? limit : int64_t{-1});
  std::vector<SnapshotRecord> out;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    SnapshotRecord r = ReadSnapshot(*s);
    if (!states.empty() && std::find(states.begin(), states.end(), r.state) == states.end())
      continue;
    out.push_back(std::move(r));
    if (limit >= 0 && static_cast<int64_t>(out.size()) >= limit) break;
  }
  s->Reset();
  return out;
}

Result<std::vector<SnapshotRecord>> Catalog::ListSnapshots(std::string_view ref,
                                                           const std::vector<SnapshotState>& states,
                                                           int64_t limit) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  return SnapshotsLocked(job.id, states, limit);
}

}  // namespace flowstate::core::catalog
