// Catalog: jobs (their folder, name, cluster, directories, retention and restore strategy).
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

// ---- jobs -------------------------------------------------------------------------------

namespace {

// The statement `by_id` or `by_path` (whose parameters are the id, or the folder and name)
// prepared and bound for `ref`, a job's id or path.
Result<Stmt*> JobStatement(Db& db, std::string_view ref, const char* by_id, const char* by_path) {
  Stmt* s = nullptr;
  if (IsDigits(ref)) {
    FS_ASSIGN_OR_RETURN(s, db.Cached(by_id));
    s->Bind(1, static_cast<int64_t>(std::stoll(std::string(ref.substr(0, 18)))));
    return s;
  }
  if (ref.empty() || ref[0] != '/') {
    return Status(Code::kInvalidArgument,
                  StrCat("a job is named by its id or its path /folder/name, not ", Quote(ref)));
  }
  size_t slash = ref.find_last_of('/');
  std::string_view name = ref.substr(slash + 1);
  FS_ASSIGN_OR_RETURN(std::string folder,
                      NormalizeFolder(slash == 0 ? std::string_view("/") : ref.substr(0, slash)));
  FS_ASSIGN_OR_RETURN(s, db.Cached(by_path));
  s->Bind(1, folder).Bind(2, name);
  return s;
}

}  // namespace

Result<Job> Catalog::JobLocked(std::string_view ref) {
  static const std::string by_id =
      StrCat("SELECT ", kJobColumns,
             " FROM jobs j LEFT JOIN clusters c ON j.cluster_id=c.id WHERE j.id=?");
  static const std::string by_path = StrCat(
      "SELECT ", kJobColumns,
      " FROM jobs j LEFT JOIN clusters c ON j.cluster_id=c.id WHERE j.folder=? AND j.name=?");
  FS_ASSIGN_OR_RETURN(Stmt * s, JobStatement(*db_, ref, by_id.c_str(), by_path.c_str()));
  FS_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status(Code::kNotFound, StrCat("no job ", Quote(ref), " in the catalog"));
  Job j = ReadJob(*s);
  s->Reset();
  return j;
}

Result<Job> Catalog::JobHeadLocked(std::string_view ref) {
  FS_ASSIGN_OR_RETURN(
      Stmt * s,
      JobStatement(*db_, ref,
                   "SELECT id, folder, name, state, desired, version FROM jobs WHERE id=?",
                   "SELECT id, folder, name, state, desired, version FROM jobs "
                   "WHERE folder=? AND name=?"));
  FS_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status(Code::kNotFound, StrCat("no job ", Quote(ref), " in the catalog"));
  Job j;
  j.id = s->Int(0);
  j.folder = s->Text(1);
  j.name = s->Text(2);
  j.state = static_cast<JobState>(s->Int(3));
  j.desired = static_cast<DesiredState>(s->Int(4));
  j.version = s->Int(5);
  s->Reset();
  return j;
}

Result<Job> Catalog::GetJob(std::string_view ref) {
  Lock lock(this);
  return JobLocked(ref);
}

namespace {

// A ONCE path: an absolute location, in its canonical form.
Result<std::string> OncePath(std::string_view path) {
  if (path.empty()) return Status(Code::kInvalidArgument, "ONCE needs a path");
  Result<std::string> c = storage::CanonicalLocation(path);
  if (!c.ok()) {
    return Status(c.status().code(),
                  StrCat("ONCE needs the absolute location of a checkpoint or savepoint "
                         "(file:///..., hdfs://...): ",
                         c.status().message()));
  }
  return c;
}

Status CheckRetention(const Job& j) {
  for (const auto& [v, what] : {std::pair{j.retain_count, "checkpoint retention count"},
                                std::pair{j.retain_age_ms, "checkpoint retention age"},
                                std::pair{j.savepoint_retain_count, "savepoint retention count"},
                                std::pair{j.savepoint_retain_age_ms, "savepoint retention age"}}) {
    if (v && *v < 0)
      return Status(Code::kInvalidArgument, StrCat("a ", what, " is not negative: ", *v));
  }
  return Status();
}

Status CheckJobName(std::string_view name) {
  if (name.empty() || name.find('/') != std::string_view::npos || IsDigits(name)) {
    return Status(
        Code::kInvalidArgument,
        StrCat("a job name is not empty, holds no '/' and is not only digits: ", Quote(name)));
  }
  return Status();
}

}  // namespace

Result<Job> Catalog::AddJob(const Job& job) {
  FS_RETURN_IF_ERROR(CheckJobName(job.name));
  FS_ASSIGN_OR_RETURN(std::string folder, NormalizeFolder(job.folder));
  if (!job.script.empty()) {
    // Scripts go through SaveScript, which keeps secrets out of the catalog.
    return Status(Code::kInvalidArgument,
                  "add the job first, then save its script with SaveScript");
  }
  FS_RETURN_IF_ERROR(CheckRetention(job));
  std::optional<std::string> once;
  if (job.once_path) {
    FS_ASSIGN_OR_RETURN(once, OncePath(*job.once_path));
  }
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_RETURN_IF_ERROR(EnsureFolderLocked(folder));
  std::optional<int64_t> cluster_id;
  if (!job.cluster.empty()) {
    FS_ASSIGN_OR_RETURN(Stmt * c, db_->Cached("SELECT id FROM clusters WHERE name=?"));
    c->Bind(1, job.cluster);
    FS_ASSIGN_OR_RETURN(bool row, c->Step());
    if (!row) return Status(Code::kNotFound, StrCat("no cluster named ", Quote(job.cluster)));
    cluster_id = c->Int(0);
  }
  const int64_t now = Now();
  FS_ASSIGN_OR_RETURN(
      Stmt * s,
      db_->Cached("INSERT INTO jobs(name, folder, cluster_id, script, status, strategy, once_path, "
                  "fail_closed, checkpoint_dir, savepoint_dir, retain_count, retain_age_ms, "
                  "created_ms, updated_ms, savepoint_retain_count, savepoint_retain_age_ms) "
                  "VALUES(?,?,?,'',?,?,?,?,?,?,?,?,?,?,?,?)"));
  s->Bind(1, job.name).Bind(2, folder).Bind(3, cluster_id).Bind(4, NameOf(JobState::kNew));
  s->Bind(5, static_cast<int64_t>(job.strategy)).Bind(6, once);
  s->Bind(7, static_cast<int64_t>(job.fail_closed ? 1 : 0)).Bind(8, job.checkpoint_dir);
  s->Bind(9, job.savepoint_dir).Bind(10, job.retain_count).Bind(11, job.retain_age_ms);
  s->Bind(12, now).Bind(13, now).Bind(14, job.savepoint_retain_count);
  s->Bind(15, job.savepoint_retain_age_ms);
  Status st = s->Run();
  if (st.Is(Code::kAlreadyExists)) {
    return Status(Code::kAlreadyExists,
                  StrCat("a job named ", Quote(job.name), " already exists in ", folder));
  }
  FS_RETURN_IF_ERROR(st);
  const int64_t id = db_->LastInsertRowid();
  Job out = job;
  out.id = id;
  out.state = JobState::kNew;
  out.desired = DesiredState::kNone;
  out.version = 0;
  out.folder = folder;
  out.once_path = once;
  out.created_ms = out.updated_ms = now;
  FS_RETURN_IF_ERROR(EventLocked(id, {}, out.Path(), "job.add", "ok",
                                 StrCat("strategy ", RestoreStrategyName(job.strategy))));
  FS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<Job>> Catalog::FindJobs(const JobQuery& q) {
  std::string folder;
  if (!q.folder.empty()) {
    FS_ASSIGN_OR_RETURN(folder, NormalizeFolder(q.folder));
  }
  Lock lock(this);
  static const std::string sql = StrCat(
      "SELECT ", kJobColumns,
      " FROM jobs j LEFT JOIN clusters c ON j.cluster_id=c.id WHERE "
      "(?1='' OR instr(j.name, ?1)>0) AND (?2<0 OR j.state=?2) AND (?3='' OR c.name=?3) AND "
      "(?4='' OR j.folder=?4 OR (j.folder>=?5 AND j.folder<?6)) ORDER BY j.folder, j.name LIMIT "
      "?7");
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached(sql.c_str()));
  s->Bind(1, q.name_contains)
      .Bind(2, q.state ? static_cast<int64_t>(*q.state) : int64_t{-1})
      .Bind(3, q.cluster)
      .Bind(4, folder);
  s->Bind(5, folder.empty() ? std::string() : Below(folder));
  s->Bind(6, folder.empty() ? std::string() : BelowEnd(folder));
  s->Bind(7, q.limit < 0 ? int64_t{-1} : q.limit);
  std::vector<Job> out;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(ReadJob(*s));
    out.back().script.clear();
  }
  return out;
}

Result<Job> Catalog::MoveJob(std::string_view ref, std::string_view folder_in,
                             std::string_view new_name) {
  FS_ASSIGN_OR_RETURN(std::string folder, NormalizeFolder(folder_in));
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  std::string name = new_name.empty() ? job.name : std::string(new_name);
  FS_RETURN_IF_ERROR(CheckJobName(name));
  FS_RETURN_IF_ERROR(EnsureFolderLocked(folder));
  FS_ASSIGN_OR_RETURN(Stmt * s,
                      db_->Cached("UPDATE jobs SET folder=?, name=?, updated_ms=? WHERE id=?"));
  s->Bind(1, folder).Bind(2, name).Bind(3, Now()).Bind(4, job.id);
  Status st = s->Run();
  if (st.Is(Code::kAlreadyExists)) {
    return Status(Code::kAlreadyExists,
                  StrCat("a job named ", Quote(name), " already exists in ", folder));
  }
  FS_RETURN_IF_ERROR(st);
  const std::string from = job.Path();
  job.folder = folder;
  job.name = name;
  FS_RETURN_IF_ERROR(
      EventLocked(job.id, {}, job.Path(), "job.move", "ok", StrCat(from, " -> ", job.Path())));
  FS_RETURN_IF_ERROR(tx.Commit());
  return job;
}

Result<SecretCleanup> Catalog::RemoveJob(std::string_view ref, SecretStore* secrets) {
  Lock lock(this);
  Job job;
  std::vector<std::string> names;  // the values that go with the job
  {
    FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
    FS_ASSIGN_OR_RETURN(job, JobLocked(ref));
    const std::string own = JobSecretPrefix(job.id);
    for (const SecretRefAt& r : SecretRefs(job.script)) {
      if (StartsWith(r.name, own) && std::count(names.begin(), names.end(), r.name) == 0) {
        names.push_back(r.name);
      }
    }
    // Schema 1's names whose value is this job's (another job's value stays).
    FS_ASSIGN_OR_RETURN(Stmt * q,
                        db_->Cached("SELECT name FROM legacy_secrets WHERE job_id=? AND owner=1"));
    q->Bind(1, job.id);
    for (;;) {
      FS_ASSIGN_OR_RETURN(bool row, q->Step());
      if (!row) break;
      names.push_back(q->Text(0));
    }
    FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("DELETE FROM jobs WHERE id=?"));
    s->Bind(1, job.id);
    FS_RETURN_IF_ERROR(s->Run());
    // The audit log outlives the job: its events keep the job's path.
    FS_RETURN_IF_ERROR(EventLocked(
        job.id, {}, job.Path(), "job.remove", "ok",
        StrCat("records removed; files on storage left as they are",
               names.empty()
                   ? ""
                   : StrCat("; ", names.size(), " secret values to remove from the store"))));
    FS_RETURN_IF_ERROR(tx.Commit());
  }
  // Only now: a crash before this point leaves the values in the store, never a job that
  // refers to values that are gone.
  return RemoveSecretsLocked(job, names, secrets);
}

Result<Job> Catalog::UpdateJob(const Job& job) { return UpdateJob(StrCat(job.id), job); }

Result<Job> Catalog::UpdateJob(std::string_view ref, const Job& job) {
  FS_RETURN_IF_ERROR(CheckRetention(job));
  std::optional<std::string> once;
  if (job.once_path) {
    FS_ASSIGN_OR_RETURN(once, OncePath(*job.once_path));
  }
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job old, JobLocked(ref));
  if (job.cluster != old.cluster && old.state != JobState::kNew) {
    return Status(Code::kIllegalState,
                  StrCat("job ", old.Path(), " is ", NameOf(old.state),
                         ": its cluster changes only by a move (audited), while no run the old "
                         "cluster may still hold is open"));
  }
  std::optional<int64_t> cluster_id;
  if (!job.cluster.empty()) {
    FS_ASSIGN_OR_RETURN(Stmt * c, db_->Cached("SELECT id FROM clusters WHERE name=?"));
    c->Bind(1, job.cluster);
    FS_ASSIGN_OR_RETURN(bool row, c->Step());
    if (!row) return Status(Code::kNotFound, StrCat("no cluster named ", Quote(job.cluster)));
    cluster_id = c->Int(0);
  }
  FS_ASSIGN_OR_RETURN(
      Stmt * s,
      db_->Cached("UPDATE jobs SET cluster_id=?, strategy=?, once_path=?, fail_closed=?, "
                  "checkpoint_dir=?, savepoint_dir=?, retain_count=?, retain_age_ms=?, "
                  "updated_ms=?, savepoint_retain_count=?, savepoint_retain_age_ms=? WHERE id=?"));
  s->Bind(1, cluster_id).Bind(2, static_cast<int64_t>(job.strategy));
  s->Bind(3, once).Bind(4, static_cast<int64_t>(job.fail_closed ? 1 : 0));
  s->Bind(5, job.checkpoint_dir).Bind(6, job.savepoint_dir).Bind(7, job.retain_count);
  s->Bind(8, job.retain_age_ms).Bind(9, Now()).Bind(10, job.savepoint_retain_count);
  s->Bind(11, job.savepoint_retain_age_ms).Bind(12, old.id);
  FS_RETURN_IF_ERROR(s->Run());
  FS_RETURN_IF_ERROR(EventLocked(old.id, {}, old.Path(), "job.update", "ok",
                                 StrCat("strategy ", RestoreStrategyName(job.strategy))));
  FS_RETURN_IF_ERROR(tx.Commit());
  Job out = job;
  out.id = old.id;
  out.name = old.name;
  out.folder = old.folder;
  out.script = old.script;
  out.created_ms = old.created_ms;
  out.once_path = once;
  out.state = old.state;
  out.desired = old.desired;
  out.version = old.version;
  return out;
}

Status Catalog::SetStrategy(std::string_view ref, RestoreStrategy strategy) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("UPDATE jobs SET strategy=?, updated_ms=? WHERE id=?"));
  s->Bind(1, static_cast<int64_t>(strategy)).Bind(2, Now()).Bind(3, job.id);
  FS_RETURN_IF_ERROR(s->Run());
  FS_RETURN_IF_ERROR(EventLocked(
      job.id, {}, job.Path(), "restore.strategy", "ok",
      StrCat(RestoreStrategyName(job.strategy), " -> ", RestoreStrategyName(strategy))));
  return tx.Commit();
}

Status Catalog::SetOnce(std::string_view ref, std::string_view path_in) {
  FS_ASSIGN_OR_RETURN(const std::string path, OncePath(path_in));
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  FS_ASSIGN_OR_RETURN(Stmt * s,
                      db_->Cached("UPDATE jobs SET once_path=?, updated_ms=? WHERE id=?"));
  s->Bind(1, path).Bind(2, Now()).Bind(3, job.id);
  FS_RETURN_IF_ERROR(s->Run());
  FS_RETURN_IF_ERROR(EventLocked(job.id, {}, job.Path(), "restore.once.set", "ok",
                                 StrCat("the next start restores from ", path, "; then back to ",
                                        RestoreStrategyName(job.strategy))));
  return tx.Commit();
}

Result<std::optional<std::string>> Catalog::ClearOnce(std::string_view ref) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  if (!job.once_path) return std::optional<std::string>();
  FS_ASSIGN_OR_RETURN(Stmt * s,
                      db_->Cached("UPDATE jobs SET once_path=NULL, updated_ms=? WHERE id=?"));
  s->Bind(1, Now()).Bind(2, job.id);
  FS_RETURN_IF_ERROR(s->Run());
  FS_RETURN_IF_ERROR(EventLocked(
      job.id, {}, job.Path(), "restore.once.clear", "ok",
      StrCat("dropped ", *job.once_path, "; back to ", RestoreStrategyName(job.strategy))));
  FS_RETURN_IF_ERROR(tx.Commit());
  return job.once_path;
}

}  // namespace flowstate::core::catalog
