// Clusters, folders, jobs, runs, snapshot records and the audit log.
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

namespace {

// The folder range [path/, path0): every path strictly below `path`.
std::string Below(std::string_view folder) {
  return folder == "/" ? std::string("/") : StrCat(folder, "/");
}
std::string BelowEnd(std::string_view folder) {
  return folder == "/" ? std::string("0") : StrCat(folder, "0");  // '0' follows '/'
}

}  // namespace

// ---- names ------------------------------------------------------------------------------

const char* OriginName(Origin o) {
  switch (o) {
    case Origin::kTriggered: return "TRIGGERED";
    case Origin::kStop: return "STOP";
    case Origin::kCancel: return "CANCEL";
    case Origin::kPeriodic: return "PERIODIC";
    case Origin::kRetainedCheckpoint: return "RETAINED_CHECKPOINT";
    case Origin::kDiscoveredOnStorage: return "DISCOVERED_ON_STORAGE";
    case Origin::kRegisteredByUser: return "REGISTERED_BY_USER";
  }
  return "UNKNOWN";
}

const char* SnapshotStateName(SnapshotState s) {
  switch (s) {
    case SnapshotState::kPending: return "PENDING";
    case SnapshotState::kCompleted: return "COMPLETED";
    case SnapshotState::kFailed: return "FAILED";
    case SnapshotState::kDisposed: return "DISPOSED";
    case SnapshotState::kMissing: return "MISSING";
  }
  return "UNKNOWN";
}

const char* RestoreStrategyName(RestoreStrategy s) {
  switch (s) {
    case RestoreStrategy::kNone: return "NONE";
    case RestoreStrategy::kLatestSavepoint: return "LATEST_SAVEPOINT";
    case RestoreStrategy::kLatestCheckpoint: return "LATEST_CHECKPOINT";
    case RestoreStrategy::kLatestState: return "LATEST_STATE";
    case RestoreStrategy::kEarliestSavepoint: return "EARLIEST_SAVEPOINT";
  }
  return "UNKNOWN";
}

const char* ClaimModeName(ClaimMode m) {
  switch (m) {
    case ClaimMode::kNoClaim: return "NO_CLAIM";
    case ClaimMode::kClaim: return "CLAIM";
    case ClaimMode::kLegacy: return "LEGACY";
  }
  return "UNKNOWN";
}

std::optional<Origin> ParseOrigin(std::string_view s) {
  for (int i = 0; i <= static_cast<int>(Origin::kRegisteredByUser); ++i) {
    if (EqualsIgnoreCase(s, OriginName(static_cast<Origin>(i)))) return static_cast<Origin>(i);
  }
  return std::nullopt;
}

std::optional<RestoreStrategy> ParseRestoreStrategy(std::string_view s) {
  for (int i = 0; i <= static_cast<int>(RestoreStrategy::kEarliestSavepoint); ++i) {
    auto v = static_cast<RestoreStrategy>(i);
    if (EqualsIgnoreCase(s, RestoreStrategyName(v))) return v;
  }
  return std::nullopt;
}

std::optional<ClaimMode> ParseClaimMode(std::string_view s) {
  for (int i = 0; i <= static_cast<int>(ClaimMode::kLegacy); ++i) {
    auto v = static_cast<ClaimMode>(i);
    if (EqualsIgnoreCase(s, ClaimModeName(v))) return v;
  }
  return std::nullopt;
}

std::string Job::Path() const { return folder == "/" ? StrCat("/", name) : StrCat(folder, "/", name); }

Result<std::string> NormalizeFolder(std::string_view path) {
  if (path.empty() || path[0] != '/') {
    return Status(Code::kInvalidArgument,
                  StrCat("a folder is an absolute path such as /warehouse/cdc, not ", Quote(path)));
  }
  std::string out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t e = path.find('/', i);
    if (e == std::string_view::npos) e = path.size();
    std::string_view seg = path.substr(i, e - i);
    i = e;
    if (seg.empty()) continue;
    if (seg == "." || seg == "..") {
      return Status(Code::kInvalidArgument, StrCat("a folder may not contain '", seg, "': ", Quote(path)));
    }
    if (seg.find('\0') != std::string_view::npos) {
      return Status(Code::kInvalidArgument, StrCat("a folder name may not hold NUL: ", Quote(path)));
    }
    StrAppend(&out, "/", seg);
  }
  return out.empty() ? std::string("/") : out;
}

Catalog::~Catalog() = default;

int64_t Catalog::Now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status Catalog::EventLocked(std::optional<int64_t> job_id, std::optional<int64_t> run_id,
                            std::string_view job, std::string_view action,
                            std::string_view outcome, std::string_view detail) {
  FS_ASSIGN_OR_RETURN(
      Stmt * s,
      db_->Cached("INSERT INTO events(at_ms, job_id, run_id, job, action, actor, outcome, detail) "
                  "VALUES(?,?,?,?,?,?,?,?)"));
  s->Bind(1, Now()).Bind(2, job_id).Bind(3, run_id).Bind(4, job).Bind(5, action);
  s->Bind(6, options_.actor).Bind(7, outcome).Bind(8, RedactText(detail));
  return s->Run();
}

// ---- clusters ---------------------------------------------------------------------------

Result<Cluster> Catalog::PutCluster(const Cluster& c) {
  if (c.name.empty()) return Status(Code::kInvalidArgument, "a cluster needs a name");
  if (!c.flink_version.empty()) FS_RETURN_IF_ERROR(FlinkVersion::Parse(c.flink_version).status());
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(
      Stmt * s,
      db_->Cached("INSERT INTO clusters(name, rest_url, sql_gateway_url, flink_version, "
                  "checkpoint_dir, savepoint_dir, storage) VALUES(?,?,?,?,?,?,?) "
                  "ON CONFLICT(name) DO UPDATE SET rest_url=excluded.rest_url, "
                  "sql_gateway_url=excluded.sql_gateway_url, flink_version=excluded.flink_version, "
                  "checkpoint_dir=excluded.checkpoint_dir, savepoint_dir=excluded.savepoint_dir, "
                  "storage=excluded.storage"));
  s->Bind(1, c.name).Bind(2, c.rest_url).Bind(3, c.sql_gateway_url).Bind(4, c.flink_version);
  s->Bind(5, c.checkpoint_dir).Bind(6, c.savepoint_dir).Bind(7, c.storage);
  FS_RETURN_IF_ERROR(s->Run());
  FS_RETURN_IF_ERROR(EventLocked({}, {}, "", "cluster.put", "ok",
                                 StrCat(c.name, " ", c.rest_url, " Flink ", c.flink_version)));
  FS_RETURN_IF_ERROR(tx.Commit());
  FS_ASSIGN_OR_RETURN(Stmt * q, db_->Cached("SELECT id FROM clusters WHERE name=?"));
  q->Bind(1, c.name);
  FS_ASSIGN_OR_RETURN(bool row, q->Step());
  Cluster out = c;
  out.id = row ? q->Int(0) : 0;
  return out;
}

Result<Cluster> Catalog::GetCluster(std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached(
                                    "SELECT id, name, rest_url, sql_gateway_url, flink_version, "
                                    "checkpoint_dir, savepoint_dir, storage FROM clusters WHERE name=?"));
  s->Bind(1, name);
  FS_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status(Code::kNotFound, StrCat("no cluster named ", Quote(name), " in the catalog"));
  return Cluster{s->Int(0), s->Text(1), s->Text(2), s->Text(3), s->Text(4), s->Text(5), s->Text(6),
                 s->Text(7)};
}

Result<std::vector<Cluster>> Catalog::ListClusters() {
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached(
                                    "SELECT id, name, rest_url, sql_gateway_url, flink_version, "
                                    "checkpoint_dir, savepoint_dir, storage FROM clusters ORDER BY name"));
  std::vector<Cluster> out;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(Cluster{s->Int(0), s->Text(1), s->Text(2), s->Text(3), s->Text(4), s->Text(5),
                          s->Text(6), s->Text(7)});
  }
  return out;
}

Status Catalog::RemoveCluster(std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Stmt * u, db_->Cached(
                                    "SELECT count(*) FROM jobs j JOIN clusters c ON j.cluster_id=c.id "
                                    "WHERE c.name=?"));
  u->Bind(1, name);
  FS_ASSIGN_OR_RETURN(bool row, u->Step());
  if (row && u->Int(0) > 0) {
    return Status(Code::kIllegalState, StrCat("cluster ", Quote(name), " is used by ", u->Int(0),
                                              " jobs; move them first"));
  }
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("DELETE FROM clusters WHERE name=?"));
  s->Bind(1, name);
  FS_RETURN_IF_ERROR(s->Run());
  if (db_->Changes() == 0) return Status(Code::kNotFound, StrCat("no cluster named ", Quote(name)));
  FS_RETURN_IF_ERROR(EventLocked({}, {}, "", "cluster.remove", "ok", name));
  return tx.Commit();
}

// ---- folders ----------------------------------------------------------------------------

Status Catalog::EnsureFolderLocked(std::string_view path) {
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("INSERT OR IGNORE INTO folders(path) VALUES(?)"));
  std::string prefix;
  size_t i = 1;
  while (i <= path.size()) {
    size_t e = path.find('/', i);
    if (e == std::string_view::npos) e = path.size();
    prefix = std::string(path.substr(0, e));
    if (prefix.size() > 1) {
      s->Reset();
      s->Bind(1, prefix);
      FS_RETURN_IF_ERROR(s->Run());
    }
    i = e + 1;
  }
  return Status();
}

Status Catalog::CreateFolder(std::string_view path) {
  FS_ASSIGN_OR_RETURN(std::string folder, NormalizeFolder(path));
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_RETURN_IF_ERROR(EnsureFolderLocked(folder));
  FS_RETURN_IF_ERROR(EventLocked({}, {}, "", "folder.create", "ok", folder));
  return tx.Commit();
}

Result<FolderListing> Catalog::ListFolder(std::string_view path) {
  FS_ASSIGN_OR_RETURN(std::string folder, NormalizeFolder(path));
  std::lock_guard<std::mutex> lock(mu_);
  FolderListing out;
  out.path = folder;
  FS_ASSIGN_OR_RETURN(Stmt * exists, db_->Cached("SELECT 1 FROM folders WHERE path=?"));
  exists->Bind(1, folder);
  FS_ASSIGN_OR_RETURN(bool found, exists->Step());
  if (!found) return Status(Code::kNotFound, StrCat("no folder ", Quote(folder), " in the catalog"));
  // Direct subfolders: paths below with no further '/'.
  const std::string below = Below(folder), end = BelowEnd(folder);
  FS_ASSIGN_OR_RETURN(Stmt * sub, db_->Cached("SELECT path FROM folders WHERE path>=? AND path<? "
                                              "AND instr(substr(path, ?), '/')=0 ORDER BY path"));
  sub->Bind(1, below).Bind(2, end).Bind(3, static_cast<int64_t>(below.size() + 1));
  std::vector<std::string> subs;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, sub->Step());
    if (!row) break;
    subs.push_back(sub->Text(0));
  }
  FS_ASSIGN_OR_RETURN(Stmt * count, db_->Cached(
                                        "SELECT (SELECT count(*) FROM jobs WHERE folder=?1), "
                                        "(SELECT count(*) FROM jobs WHERE folder=?1 OR "
                                        "(folder>=?2 AND folder<?3))"));
  for (const std::string& p : subs) {
    count->Reset();
    count->Bind(1, p).Bind(2, Below(p)).Bind(3, BelowEnd(p));
    FS_ASSIGN_OR_RETURN(bool row, count->Step());
    out.folders.push_back(FolderEntry{p, row ? count->Int(0) : 0, row ? count->Int(1) : 0});
  }
  FS_ASSIGN_OR_RETURN(
      Stmt * jobs,
      db_->Cached("SELECT j.id, j.name, j.folder, COALESCE(c.name, ''), '', j.status, j.strategy, "
                  "j.once_path, j.fail_closed, j.checkpoint_dir, j.savepoint_dir, j.retain_count, "
                  "j.retain_age_ms, j.created_ms, j.updated_ms, j.savepoint_retain_count, "
                  "j.savepoint_retain_age_ms FROM jobs j LEFT JOIN clusters c "
                  "ON j.cluster_id=c.id WHERE j.folder=? ORDER BY j.name"));
  jobs->Bind(1, folder);
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, jobs->Step());
    if (!row) break;
    out.jobs.push_back(ReadJob(*jobs));
  }
  return out;
}

Result<std::vector<FolderEntry>> Catalog::Tree(std::string_view path) {
  FS_ASSIGN_OR_RETURN(std::string folder, NormalizeFolder(path));
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("SELECT path FROM folders WHERE path=?1 OR "
                                            "(path>=?2 AND path<?3) ORDER BY path"));
  s->Bind(1, folder).Bind(2, Below(folder)).Bind(3, BelowEnd(folder));
  std::vector<std::string> paths;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    paths.push_back(s->Text(0));
  }
  if (paths.empty()) return Status(Code::kNotFound, StrCat("no folder ", Quote(folder)));
  FS_ASSIGN_OR_RETURN(Stmt * counts, db_->Cached(
                                         "SELECT folder, count(*) FROM jobs WHERE folder=?1 OR "
                                         "(folder>=?2 AND folder<?3) GROUP BY folder"));
  counts->Bind(1, folder).Bind(2, Below(folder)).Bind(3, BelowEnd(folder));
  std::map<std::string, int64_t> direct;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, counts->Step());
    if (!row) break;
    direct[counts->Text(0)] = counts->Int(1);
  }
  std::vector<FolderEntry> out;
  for (const std::string& p : paths) {
    FolderEntry e{p, direct.count(p) ? direct[p] : 0, 0};
    const std::string b = Below(p);
    for (const auto& [f, n] : direct) {
      if (f == p || f.compare(0, b.size(), b) == 0) e.all_jobs += n;
    }
    out.push_back(std::move(e));
  }
  return out;
}

Status Catalog::MoveFolder(std::string_view from, std::string_view to) {
  FS_ASSIGN_OR_RETURN(std::string src, NormalizeFolder(from));
  FS_ASSIGN_OR_RETURN(std::string dst, NormalizeFolder(to));
  if (src == "/") return Status(Code::kInvalidArgument, "the root folder cannot move");
  if (dst == src || StartsWith(dst, Below(src))) {
    return Status(Code::kInvalidArgument,
                  StrCat("cannot move ", Quote(src), " into itself (", Quote(dst), ")"));
  }
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Stmt * exists, db_->Cached("SELECT 1 FROM folders WHERE path=?"));
  exists->Bind(1, src);
  FS_ASSIGN_OR_RETURN(bool found, exists->Step());
  if (!found) return Status(Code::kNotFound, StrCat("no folder ", Quote(src)));
  exists->Reset();
  exists->Bind(1, dst);
  FS_ASSIGN_OR_RETURN(bool taken, exists->Step());
  if (taken) return Status(Code::kAlreadyExists, StrCat("folder ", Quote(dst), " already exists"));
  // The parents of the destination, then the folder and everything below, renamed.
  std::string parent = dst.substr(0, dst.find_last_of('/'));
  if (!parent.empty()) FS_RETURN_IF_ERROR(EnsureFolderLocked(parent));
  FS_ASSIGN_OR_RETURN(Stmt * list, db_->Cached("SELECT path FROM folders WHERE path=?1 OR "
                                               "(path>=?2 AND path<?3) ORDER BY path"));
  list->Bind(1, src).Bind(2, Below(src)).Bind(3, BelowEnd(src));
  std::vector<std::string> paths;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, list->Step());
    if (!row) break;
    paths.push_back(list->Text(0));
  }
  FS_ASSIGN_OR_RETURN(Stmt * ins, db_->Cached("INSERT INTO folders(path) VALUES(?)"));
  FS_ASSIGN_OR_RETURN(Stmt * jobs, db_->Cached("UPDATE jobs SET folder=?, updated_ms=? WHERE folder=?"));
  FS_ASSIGN_OR_RETURN(Stmt * del, db_->Cached("DELETE FROM folders WHERE path=?"));
  for (const std::string& p : paths) {
    std::string moved = dst + p.substr(src.size());
    ins->Reset();
    ins->Bind(1, moved);
    FS_RETURN_IF_ERROR(ins->Run());
    jobs->Reset();
    jobs->Bind(1, moved).Bind(2, Now()).Bind(3, p);
    FS_RETURN_IF_ERROR(jobs->Run());
  }
  for (auto it = paths.rbegin(); it != paths.rend(); ++it) {
    del->Reset();
    del->Bind(1, *it);
    FS_RETURN_IF_ERROR(del->Run());
  }
  FS_RETURN_IF_ERROR(EventLocked({}, {}, "", "folder.move", "ok", StrCat(src, " -> ", dst)));
  return tx.Commit();
}

Status Catalog::RemoveFolder(std::string_view path) {
  FS_ASSIGN_OR_RETURN(std::string folder, NormalizeFolder(path));
  if (folder == "/") return Status(Code::kInvalidArgument, "the root folder cannot be removed");
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Stmt * n, db_->Cached(
                                    "SELECT (SELECT count(*) FROM jobs WHERE folder=?1 OR (folder>=?2 "
                                    "AND folder<?3)), (SELECT count(*) FROM folders WHERE path>=?2 AND "
                                    "path<?3)"));
  n->Bind(1, folder).Bind(2, Below(folder)).Bind(3, BelowEnd(folder));
  FS_ASSIGN_OR_RETURN(bool row, n->Step());
  if (row && (n->Int(0) > 0 || n->Int(1) > 0)) {
    return Status(Code::kIllegalState, StrCat("folder ", Quote(folder), " is not empty (", n->Int(0),
                                              " jobs, ", n->Int(1), " subfolders)"));
  }
  FS_ASSIGN_OR_RETURN(Stmt * del, db_->Cached("DELETE FROM folders WHERE path=?"));
  del->Bind(1, folder);
  FS_RETURN_IF_ERROR(del->Run());
  if (db_->Changes() == 0) return Status(Code::kNotFound, StrCat("no folder ", Quote(folder)));
  FS_RETURN_IF_ERROR(EventLocked({}, {}, "", "folder.remove", "ok", folder));
  return tx.Commit();
}

// ---- jobs -------------------------------------------------------------------------------

Result<Job> Catalog::JobLocked(std::string_view ref) {
  Stmt* s = nullptr;
  if (IsDigits(ref)) {
    static const std::string sql =
        StrCat("SELECT ", kJobColumns, " FROM jobs j LEFT JOIN clusters c ON j.cluster_id=c.id "
                                       "WHERE j.id=?");
    FS_ASSIGN_OR_RETURN(s, db_->Cached(sql.c_str()));
    s->Bind(1, static_cast<int64_t>(std::stoll(std::string(ref.substr(0, 18)))));
  } else {
    if (ref.empty() || ref[0] != '/') {
      return Status(Code::kInvalidArgument,
                    StrCat("a job is named by its id or its path /folder/name, not ", Quote(ref)));
    }
    size_t slash = ref.find_last_of('/');
    std::string_view name = ref.substr(slash + 1);
    FS_ASSIGN_OR_RETURN(std::string folder,
                        NormalizeFolder(slash == 0 ? std::string_view("/") : ref.substr(0, slash)));
    static const std::string sql =
        StrCat("SELECT ", kJobColumns, " FROM jobs j LEFT JOIN clusters c ON j.cluster_id=c.id "
                                       "WHERE j.folder=? AND j.name=?");
    FS_ASSIGN_OR_RETURN(s, db_->Cached(sql.c_str()));
    s->Bind(1, folder).Bind(2, name);
  }
  FS_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status(Code::kNotFound, StrCat("no job ", Quote(ref), " in the catalog"));
  Job j = ReadJob(*s);
  s->Reset();
  return j;
}

Result<Job> Catalog::GetJob(std::string_view ref) {
  std::lock_guard<std::mutex> lock(mu_);
  return JobLocked(ref);
}

namespace {

// A ONCE path: an absolute location, in its canonical form.
Result<std::string> OncePath(std::string_view path) {
  if (path.empty()) return Status(Code::kInvalidArgument, "ONCE needs a path");
  Result<std::string> c = storage::CanonicalLocation(path);
  if (!c.ok()) {
    return Status(c.status().code(), StrCat("ONCE needs the absolute location of a checkpoint or savepoint "
                                            "(file:///..., hdfs://...): ", c.status().message()));
  }
  return c;
}

Status CheckRetention(const Job& j) {
  for (const auto& [v, what] : {std::pair{j.retain_count, "checkpoint retention count"},
                                std::pair{j.retain_age_ms, "checkpoint retention age"},
                                std::pair{j.savepoint_retain_count, "savepoint retention count"},
                                std::pair{j.savepoint_retain_age_ms, "savepoint retention age"}}) {
    if (v && *v < 0) return Status(Code::kInvalidArgument, StrCat("a ", what, " is not negative: ", *v));
  }
  return Status();
}

Status CheckJobName(std::string_view name) {
  if (name.empty() || name.find('/') != std::string_view::npos || IsDigits(name)) {
    return Status(Code::kInvalidArgument,
                  StrCat("a job name is not empty, holds no '/' and is not only digits: ",
                         Quote(name)));
  }
  return Status();
}

}  // namespace

Result<Job> Catalog::AddJob(const Job& job) {
  FS_RETURN_IF_ERROR(CheckJobName(job.name));
  FS_ASSIGN_OR_RETURN(std::string folder, NormalizeFolder(job.folder));
  if (!job.script.empty()) {
    // Scripts go through SaveScript, which keeps secrets out of the catalog.
    return Status(Code::kInvalidArgument, "add the job first, then save its script with SaveScript");
  }
  FS_RETURN_IF_ERROR(CheckRetention(job));
  std::optional<std::string> once;
  if (job.once_path) {
    FS_ASSIGN_OR_RETURN(once, OncePath(*job.once_path));
  }
  std::lock_guard<std::mutex> lock(mu_);
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
  s->Bind(1, job.name).Bind(2, folder).Bind(3, cluster_id).Bind(4, job.status);
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
  std::lock_guard<std::mutex> lock(mu_);
  static const std::string sql = StrCat(
      "SELECT ", kJobColumns,
      " FROM jobs j LEFT JOIN clusters c ON j.cluster_id=c.id WHERE "
      "(?1='' OR instr(j.name, ?1)>0) AND (?2='' OR j.status=?2) AND (?3='' OR c.name=?3) AND "
      "(?4='' OR j.folder=?4 OR (j.folder>=?5 AND j.folder<?6)) ORDER BY j.folder, j.name LIMIT ?7");
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached(sql.c_str()));
  s->Bind(1, q.name_contains).Bind(2, q.status).Bind(3, q.cluster).Bind(4, folder);
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
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  std::string name = new_name.empty() ? job.name : std::string(new_name);
  FS_RETURN_IF_ERROR(CheckJobName(name));
  FS_RETURN_IF_ERROR(EnsureFolderLocked(folder));
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("UPDATE jobs SET folder=?, name=?, updated_ms=? WHERE id=?"));
  s->Bind(1, folder).Bind(2, name).Bind(3, Now()).Bind(4, job.id);
  Status st = s->Run();
  if (st.Is(Code::kAlreadyExists)) {
    return Status(Code::kAlreadyExists, StrCat("a job named ", Quote(name), " already exists in ", folder));
  }
  FS_RETURN_IF_ERROR(st);
  const std::string from = job.Path();
  job.folder = folder;
  job.name = name;
  FS_RETURN_IF_ERROR(EventLocked(job.id, {}, job.Path(), "job.move", "ok", StrCat(from, " -> ", job.Path())));
  FS_RETURN_IF_ERROR(tx.Commit());
  return job;
}

Result<SecretCleanup> Catalog::RemoveJob(std::string_view ref, SecretStore* secrets) {
  std::lock_guard<std::mutex> lock(mu_);
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
    FS_ASSIGN_OR_RETURN(Stmt * q, db_->Cached("SELECT name FROM legacy_secrets WHERE job_id=? AND owner=1"));
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
    FS_RETURN_IF_ERROR(EventLocked(job.id, {}, job.Path(), "job.remove", "ok",
                                   StrCat("records removed; files on storage left as they are",
                                          names.empty() ? "" : StrCat("; ", names.size(), " secret values to remove from the store"))));
    FS_RETURN_IF_ERROR(tx.Commit());
  }
  // Only now: a crash before this point leaves the values in the store, never a job that
  // refers to values that are gone.
  return RemoveSecretsLocked(job, names, secrets);
}

Result<Job> Catalog::UpdateJob(const Job& job) {
  FS_RETURN_IF_ERROR(CheckRetention(job));
  std::optional<std::string> once;
  if (job.once_path) {
    FS_ASSIGN_OR_RETURN(once, OncePath(*job.once_path));
  }
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job old, JobLocked(StrCat(job.id)));
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
      db_->Cached("UPDATE jobs SET cluster_id=?, status=?, strategy=?, once_path=?, fail_closed=?, "
                  "checkpoint_dir=?, savepoint_dir=?, retain_count=?, retain_age_ms=?, "
                  "updated_ms=?, savepoint_retain_count=?, savepoint_retain_age_ms=? WHERE id=?"));
  s->Bind(1, cluster_id).Bind(2, job.status).Bind(3, static_cast<int64_t>(job.strategy));
  s->Bind(4, once).Bind(5, static_cast<int64_t>(job.fail_closed ? 1 : 0));
  s->Bind(6, job.checkpoint_dir).Bind(7, job.savepoint_dir).Bind(8, job.retain_count);
  s->Bind(9, job.retain_age_ms).Bind(10, Now()).Bind(11, job.savepoint_retain_count);
  s->Bind(12, job.savepoint_retain_age_ms).Bind(13, job.id);
  FS_RETURN_IF_ERROR(s->Run());
  FS_RETURN_IF_ERROR(EventLocked(job.id, {}, old.Path(), "job.update", "ok",
                                 StrCat("strategy ", RestoreStrategyName(job.strategy), ", status ",
                                        job.status)));
  FS_RETURN_IF_ERROR(tx.Commit());
  Job out = job;
  out.name = old.name;
  out.folder = old.folder;
  out.script = old.script;
  out.created_ms = old.created_ms;
  out.once_path = once;
  return out;
}

Status Catalog::SetStatus(std::string_view ref, std::string_view status) {
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("UPDATE jobs SET status=?, updated_ms=? WHERE id=?"));
  s->Bind(1, status).Bind(2, Now()).Bind(3, job.id);
  FS_RETURN_IF_ERROR(s->Run());
  FS_RETURN_IF_ERROR(EventLocked(job.id, {}, job.Path(), "job.status", "ok",
                                 StrCat(job.status, " -> ", status)));
  return tx.Commit();
}

Status Catalog::SetStrategy(std::string_view ref, RestoreStrategy strategy) {
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("UPDATE jobs SET strategy=?, updated_ms=? WHERE id=?"));
  s->Bind(1, static_cast<int64_t>(strategy)).Bind(2, Now()).Bind(3, job.id);
  FS_RETURN_IF_ERROR(s->Run());
  FS_RETURN_IF_ERROR(EventLocked(job.id, {}, job.Path(), "restore.strategy", "ok",
                                 StrCat(RestoreStrategyName(job.strategy), " -> ",
                                        RestoreStrategyName(strategy))));
  return tx.Commit();
}

Status Catalog::SetOnce(std::string_view ref, std::string_view path_in) {
  FS_ASSIGN_OR_RETURN(const std::string path, OncePath(path_in));
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("UPDATE jobs SET once_path=?, updated_ms=? WHERE id=?"));
  s->Bind(1, path).Bind(2, Now()).Bind(3, job.id);
  FS_RETURN_IF_ERROR(s->Run());
  FS_RETURN_IF_ERROR(EventLocked(job.id, {}, job.Path(), "restore.once.set", "ok",
                                 StrCat("the next start restores from ", path, "; then back to ",
                                        RestoreStrategyName(job.strategy))));
  return tx.Commit();
}

Result<std::optional<std::string>> Catalog::ClearOnce(std::string_view ref) {
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  if (!job.once_path) return std::optional<std::string>();
  FS_ASSIGN_OR_RETURN(Stmt * s,
                      db_->Cached("UPDATE jobs SET once_path=NULL, updated_ms=? WHERE id=?"));
  s->Bind(1, Now()).Bind(2, job.id);
  FS_RETURN_IF_ERROR(s->Run());
  FS_RETURN_IF_ERROR(EventLocked(job.id, {}, job.Path(), "restore.once.clear", "ok",
                                 StrCat("dropped ", *job.once_path, "; back to ",
                                        RestoreStrategyName(job.strategy))));
  FS_RETURN_IF_ERROR(tx.Commit());
  return job.once_path;
}

// ---- runs -------------------------------------------------------------------------------

namespace {

std::string RunWords(const Run& r) {
  return StrCat("run ", r.id, r.flink_job_id.empty() ? std::string() : StrCat(" (Flink job ", r.flink_job_id, ")"));
}

// "2026-12-04 10:25:59 UTC"
std::string UtcTime(int64_t ms) {
  const time_t t = static_cast<time_t>(ms / 1000);
  struct tm tm {};
  char buf[32];
  if (gmtime_r(&t, &tm) == nullptr || std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0) {
    return StrCat(ms, " ms");
  }
  return buf;
}

}  // namespace

Result<Run> Catalog::StartRun(std::string_view ref, const Run& run) {
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  FS_ASSIGN_OR_RETURN(Run out, StartRunLocked(job, run));
  FS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<Run> Catalog::RestartRun(std::string_view ref, std::optional<int64_t> open_run,
                                std::string_view final_status, const Run& run) {
  if (final_status.empty()) {
    return Status(Code::kInvalidArgument, "the run that ends needs its final status (CANCELED, FINISHED, ...)");
  }
  std::lock_guard<std::mutex> lock(mu_);
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
    FS_ASSIGN_OR_RETURN(Stmt * e, db_->Cached("UPDATE runs SET ended_ms=?, final_status=? WHERE id=?"));
    e->Bind(1, next.started_ms).Bind(2, final_status).Bind(3, current->id);
    FS_RETURN_IF_ERROR(e->Run());
    FS_RETURN_IF_ERROR(EventLocked(job.id, current->id, job.Path(), "run.end", "ok",
                                   StrCat(final_status, " (restarted)")));
  }
  FS_ASSIGN_OR_RETURN(Run out, StartRunLocked(job, next));
  FS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<Run> Catalog::StartRunLocked(const Job& job, const Run& run) {
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
        return Status(claim.code(), StrCat("the run on cluster ", out.cluster, ": ", claim.message()));
      }
    }
  }
  FS_ASSIGN_OR_RETURN(std::optional<Run> running, OpenRunLocked(job.id));
  if (running && !out.ended_ms) {
    return Status(Code::kIllegalState,
                  StrCat("job ", job.Path(), " has an open run: ", RunWords(*running), ", started ",
                         UtcTime(running->started_ms), "; end it first, or restart (which ends it and "
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
      Stmt * s,
      db_->Cached("INSERT INTO runs(job_id, flink_job_id, cluster, started_ms, ended_ms, "
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
    const char* sql = *out.claim_mode == ClaimMode::kClaim
                          ? "UPDATE snapshots SET claimed_by_run=?1 WHERE id=?2 AND job_id=?3"
                          : "UPDATE snapshots SET keep=1 WHERE ?1 IS NOT NULL AND id=?2 AND job_id=?3";
    FS_ASSIGN_OR_RETURN(Stmt * u, db_->Cached(sql));
    u->Bind(1, out.id).Bind(2, *out.restored_snapshot).Bind(3, job.id);
    FS_RETURN_IF_ERROR(u->Run());
  }
  if (job.once_path) {
    FS_ASSIGN_OR_RETURN(Stmt * c, db_->Cached("UPDATE jobs SET once_path=NULL, updated_ms=? WHERE id=?"));
    c->Bind(1, Now()).Bind(2, job.id);
    FS_RETURN_IF_ERROR(c->Run());
    FS_RETURN_IF_ERROR(EventLocked(job.id, out.id, job.Path(), "restore.once.consumed", "ok",
                                   StrCat("ONCE(", *job.once_path, ") used by this start; back to ",
                                          RestoreStrategyName(job.strategy))));
  }
  FS_RETURN_IF_ERROR(EventLocked(
      job.id, out.id, job.Path(), "run.start", "ok",
      StrCat(out.restored_from.empty()
                 ? std::string(first ? "the job's first start, without state" : "without state")
                 : StrCat("from ", out.restored_from),
             out.claim_mode ? StrCat(" (", ClaimModeName(*out.claim_mode), ")") : std::string(),
             out.restored_snapshot ? StrCat(", snapshot record ", *out.restored_snapshot) : std::string(),
             out.flink_job_id.empty() ? std::string() : StrCat(", Flink job ", out.flink_job_id))));
  return out;
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

Result<std::optional<int64_t>> Catalog::RecordIdLocked(int64_t job_id, const std::string& canonical) {
  FS_ASSIGN_OR_RETURN(Stmt * f, db_->Cached("SELECT id, path FROM snapshots WHERE job_id=? AND path_hash=?"));
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
  FS_ASSIGN_OR_RETURN(Stmt * q, db.Cached("SELECT j.id, j.folder, j.name FROM runs r JOIN jobs j ON j.id=r.job_id "
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
  std::lock_guard<std::mutex> lock(mu_);
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
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(auto job, RunJob(*db_, run_id));
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached("UPDATE runs SET ended_ms=?, final_status=? WHERE id=?"));
  s->Bind(1, ended_ms.value_or(Now())).Bind(2, final_status).Bind(3, run_id);
  FS_RETURN_IF_ERROR(s->Run());
  FS_RETURN_IF_ERROR(EventLocked(job.first, run_id, job.second, "run.end", "ok", final_status));
  return tx.Commit();
}

Result<std::vector<Run>> Catalog::ListRuns(std::string_view ref) {
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  static const std::string sql = StrCat("SELECT ", kRunColumns, " FROM runs WHERE job_id=? ORDER BY id");
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

// ---- snapshots --------------------------------------------------------------------------

Result<SnapshotRecord> Catalog::InsertSnapshotLocked(const SnapshotRecord& given) {
  if (given.path.empty()) return Status(Code::kInvalidArgument, "a snapshot needs a path");
  SnapshotRecord in = given;
  {
    Result<std::string> c = storage::CanonicalLocation(given.path);
    if (!c.ok()) return Status(c.status().code(), StrCat("snapshot path: ", c.status().message()));
    in.path = std::move(*c);
  }
  const int64_t hash = PathHash(in.path);
  FS_ASSIGN_OR_RETURN(std::optional<int64_t> recorded, RecordIdLocked(in.job_id, in.path));
  if (recorded) {
    return Status(Code::kAlreadyExists,
                  StrCat("the job has already recorded ", in.path, " (record ", *recorded, ")",
                         in.path == given.path ? std::string() : StrCat(", given as ", given.path)));
  }
  FS_ASSIGN_OR_RETURN(
      Stmt * s,
      db_->Cached("INSERT INTO snapshots(job_id, run_id, kind, checkpoint_id, path, path_hash, "
                  "trigger_ms, completion_ms, size, format_version, savepoint_format, origin, "
                  "state, claimed_by_run, keep) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
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
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(StrCat(s.job_id)));
  FS_ASSIGN_OR_RETURN(SnapshotRecord out, InsertSnapshotLocked(s));
  FS_RETURN_IF_ERROR(EventLocked(job.id, s.run_id, job.Path(), "snapshot.add", "ok",
                                 StrCat(KindWord(s.kind), " ", out.path, " (", OriginName(s.origin),
                                        ", ", SnapshotStateName(s.state), ")")));
  FS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Status Catalog::AddSnapshots(const std::vector<SnapshotRecord>& batch) {
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  // In job order: the index entries of one job sit together, so a batch spread over many
  // jobs writes each index page once rather than once per record.
  std::vector<const SnapshotRecord*> order;
  order.reserve(batch.size());
  for (const SnapshotRecord& s : batch) order.push_back(&s);
  std::stable_sort(order.begin(), order.end(), [](const SnapshotRecord* a, const SnapshotRecord* b) {
    return a->job_id < b->job_id;
  });
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
    FS_RETURN_IF_ERROR(EventLocked(job, {}, "", "snapshot.add.batch", "ok",
                                   StrCat(batch.size(), " snapshots of ", jobs.size(),
                                          jobs.size() == 1 ? " job" : " jobs")));
  }
  return tx.Commit();
}

Status Catalog::SetSnapshotState(int64_t id, SnapshotState state) {
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Stmt * q, db_->Cached("SELECT job_id, path, state FROM snapshots WHERE id=?"));
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
  FS_RETURN_IF_ERROR(EventLocked(job_id, {}, "", "snapshot.state", "ok",
                                 StrCat(path, ": ", SnapshotStateName(old), " -> ",
                                        SnapshotStateName(state))));
  return tx.Commit();
}

Result<SnapshotRecord> Catalog::GetSnapshot(int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
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
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  FS_ASSIGN_OR_RETURN(std::optional<int64_t> id, RecordIdLocked(job.id, canonical));
  if (!id) return Status(Code::kNotFound, StrCat("job ", job.Path(), " has no record of ", canonical));
  return SnapshotLocked(*id);
}

Status Catalog::RemoveSnapshot(int64_t id, storage::Storage* files) {
  std::lock_guard<std::mutex> lock(mu_);
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
      return Status(st.code(), StrCat("cannot delete ", r.path, " (the record stays): ", st.message()));
    }
  }
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(Stmt * d, db_->Cached("DELETE FROM snapshots WHERE id=?"));
  d->Bind(1, id);
  FS_RETURN_IF_ERROR(d->Run());
  FS_ASSIGN_OR_RETURN(Stmt * u, db_->Cached("UPDATE runs SET restored_snapshot=NULL WHERE restored_snapshot=?"));
  u->Bind(1, id);
  FS_RETURN_IF_ERROR(u->Run());
  FS_RETURN_IF_ERROR(EventLocked(job.id, r.run_id, job.Path(), "snapshot.remove", "ok",
                                 StrCat(KindWord(r.kind), " ", r.path, " (", OriginName(r.origin), ", ",
                                        SnapshotStateName(r.state), "): ",
                                        files != nullptr ? "files deleted, then the record"
                                                         : "the record only; the files stay")));
  return tx.Commit();
}

Result<std::vector<SnapshotRecord>> Catalog::SnapshotsLocked(int64_t job_id,
                                                             const std::vector<SnapshotState>& states,
                                                             int64_t limit) {
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
    if (!states.empty() && std::find(states.begin(), states.end(), r.state) == states.end()) continue;
    out.push_back(std::move(r));
    if (limit >= 0 && static_cast<int64_t>(out.size()) >= limit) break;
  }
  s->Reset();
  return out;
}

Result<std::vector<SnapshotRecord>> Catalog::ListSnapshots(std::string_view ref,
                                                           const std::vector<SnapshotState>& states,
                                                           int64_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  FS_ASSIGN_OR_RETURN(Job job, JobLocked(ref));
  return SnapshotsLocked(job.id, states, limit);
}

Result<std::vector<Event>> Catalog::ListEvents(std::string_view ref, int64_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<int64_t> job_id;
  if (!ref.empty()) {
    Result<Job> job = JobLocked(ref);
    if (job.ok()) {
      job_id = job->id;
    } else if (IsDigits(ref)) {
      job_id = std::stoll(std::string(ref.substr(0, 18)));  // a removed job's events
    } else {
      return job.status();
    }
  }
  FS_ASSIGN_OR_RETURN(
      Stmt * s,
      db_->Cached("SELECT id, at_ms, job_id, run_id, job, action, actor, outcome, detail FROM events "
                  "WHERE (?1 IS NULL OR job_id=?1) ORDER BY id DESC LIMIT ?2"));
  s->Bind(1, job_id).Bind(2, limit);
  std::vector<Event> out;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(Event{s->Int(0), s->Int(1), s->OptInt(2), s->OptInt(3), s->Text(4), s->Text(5),
                        s->Text(6), s->Text(7), s->Text(8)});
  }
  return out;
}

}  // namespace flowstate::core::catalog