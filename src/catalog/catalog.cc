// Names of the catalog's enums, clusters and the audit log; the rest of Catalog is in
// folders.cc, jobs.cc, runs.cc, snapshots.cc, scripts.cc, decisions.cc and schema.cc.
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

Catalog::Lock::~Lock() {
  if (c_->db_) c_->db_->ResetHanded();
  c_->mu_.unlock();
}

// ---- names ------------------------------------------------------------------------------

const char* OriginName(Origin o) { return NameOr(o, "UNKNOWN"); }

const char* SnapshotStateName(SnapshotState s) { return NameOr(s, "UNKNOWN"); }

const char* RestoreStrategyName(RestoreStrategy s) { return NameOr(s, "UNKNOWN"); }

const char* ClaimModeName(ClaimMode m) { return NameOr(m, "UNKNOWN"); }

std::optional<Origin> ParseOrigin(std::string_view s) { return ParseAs<Origin>(s); }

std::optional<RestoreStrategy> ParseRestoreStrategy(std::string_view s) {
  return ParseAs<RestoreStrategy>(s);
}

std::optional<ClaimMode> ParseClaimMode(std::string_view s) { return ParseAs<ClaimMode>(s); }

std::string Job::Path() const {
  return folder == "/" ? StrCat("/", name) : StrCat(folder, "/", name);
}

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
      return Status(Code::kInvalidArgument,
                    StrCat("a folder may not contain '", seg, "': ", Quote(path)));
    }
    if (seg.find('\0') != std::string_view::npos) {
      return Status(Code::kInvalidArgument,
                    StrCat("a folder name may not hold NUL: ", Quote(path)));
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
                            std::string_view job, std::string_view action, std::string_view outcome,
                            std::string_view detail) {
  FS_ASSIGN_OR_RETURN(
      Stmt * s,
      db_->Cached("INSERT INTO events(at_ms, job_id, run_id, job, action, actor, outcome, detail) "
                  "VALUES(?,?,?,?,?,?,?,?)"));
  s->Bind(1, Now()).Bind(2, job_id).Bind(3, run_id).Bind(4, job).Bind(5, action);
  s->Bind(6, options_.actor).Bind(7, outcome).Bind(8, RedactText(detail));
  return s->Run();
}

// ---- clusters ---------------------------------------------------------------------------

namespace {

constexpr const char* kClusterColumns =
    "id, name, rest_url, sql_gateway_url, flink_version, checkpoint_dir, savepoint_dir, "
    "storage, deployment, runner_jar, runner_entry_class, runner_args, runner_upload, "
    "runner_fingerprint";

Cluster ReadCluster(Stmt& s) {
  Cluster c;
  c.id = s.Int(0);
  c.name = s.Text(1);
  c.rest_url = s.Text(2);
  c.sql_gateway_url = s.Text(3);
  c.flink_version = s.Text(4);
  c.checkpoint_dir = s.Text(5);
  c.savepoint_dir = s.Text(6);
  c.storage = s.Text(7);
  c.deployment = static_cast<config::Deployment>(s.Int(8));
  c.runner_jar = s.Text(9);
  c.runner_entry_class = s.Text(10);
  c.runner_args = s.Text(11);
  c.runner_upload = s.Text(12);
  c.runner_fingerprint = s.Text(13);
  return c;
}

}  // namespace

Result<Cluster> Catalog::PutCluster(const Cluster& c) {
  if (c.name.empty()) return Status(Code::kInvalidArgument, "a cluster needs a name");
  if (!c.flink_version.empty()) FS_RETURN_IF_ERROR(FlinkVersion::Parse(c.flink_version).status());
  if (!IsValid<config::Deployment>(static_cast<int>(c.deployment))) {
    return Status(Code::kInvalidArgument,
                  StrCat("cluster ", c.name, ": ", static_cast<int>(c.deployment),
                         " is not a deployment (", EnumChoices(enum_type::deployment), ")"));
  }
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  // The runner's upload is kept while the jar named stays the same.
  FS_ASSIGN_OR_RETURN(
      Stmt * s,
      db_->Cached("INSERT INTO clusters(name, rest_url, sql_gateway_url, flink_version, "
                  "checkpoint_dir, savepoint_dir, storage, deployment, runner_jar, "
                  "runner_entry_class, runner_args) VALUES(?,?,?,?,?,?,?,?,?,?,?) "
                  "ON CONFLICT(name) DO UPDATE SET rest_url=excluded.rest_url, "
                  "sql_gateway_url=excluded.sql_gateway_url, flink_version=excluded.flink_version, "
                  "checkpoint_dir=excluded.checkpoint_dir, savepoint_dir=excluded.savepoint_dir, "
                  "storage=excluded.storage, deployment=excluded.deployment, "
                  "runner_upload=CASE WHEN runner_jar=excluded.runner_jar AND "
                  "rest_url=excluded.rest_url THEN runner_upload ELSE '' END, "
                  "runner_fingerprint=CASE WHEN runner_jar=excluded.runner_jar AND "
                  "rest_url=excluded.rest_url THEN runner_fingerprint ELSE '' END, "
                  "runner_jar=excluded.runner_jar, runner_entry_class=excluded.runner_entry_class, "
                  "runner_args=excluded.runner_args"));
  s->Bind(1, c.name).Bind(2, c.rest_url).Bind(3, c.sql_gateway_url).Bind(4, c.flink_version);
  s->Bind(5, c.checkpoint_dir).Bind(6, c.savepoint_dir).Bind(7, c.storage);
  s->Bind(8, static_cast<int64_t>(c.deployment)).Bind(9, c.runner_jar);
  s->Bind(10, c.runner_entry_class).Bind(11, c.runner_args);
  FS_RETURN_IF_ERROR(s->Run());
  FS_RETURN_IF_ERROR(EventLocked(
      {}, {}, "", "cluster.put", "ok",
      StrCat(c.name, " ", c.rest_url, " Flink ", c.flink_version,
             c.deployment != config::Deployment::kUnknown ? StrCat(" ", NameOr(c.deployment, "?"))
                                                          : std::string(),
             c.runner_jar.empty() ? std::string() : StrCat(", runner ", c.runner_jar))));
  FS_RETURN_IF_ERROR(tx.Commit());
  return GetClusterLocked(c.name);
}

Result<Cluster> Catalog::GetClusterLocked(std::string_view name) {
  static const std::string sql = StrCat("SELECT ", kClusterColumns, " FROM clusters WHERE name=?");
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached(sql.c_str()));
  s->Bind(1, name);
  FS_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row)
    return Status(Code::kNotFound, StrCat("no cluster named ", Quote(name), " in the catalog"));
  Cluster out = ReadCluster(*s);
  s->Reset();
  return out;
}

Result<Cluster> Catalog::GetCluster(std::string_view name) {
  Lock lock(this);
  return GetClusterLocked(name);
}

Result<std::vector<Cluster>> Catalog::ListClusters() {
  Lock lock(this);
  static const std::string sql = StrCat("SELECT ", kClusterColumns, " FROM clusters ORDER BY name");
  FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached(sql.c_str()));
  std::vector<Cluster> out;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(ReadCluster(*s));
  }
  return out;
}

Status Catalog::SetRunnerUpload(std::string_view cluster, std::string_view jar_id,
                                std::string_view fingerprint) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(
      Stmt * s,
      db_->Cached("UPDATE clusters SET runner_upload=?, runner_fingerprint=? WHERE name=?"));
  s->Bind(1, jar_id).Bind(2, fingerprint).Bind(3, cluster);
  FS_RETURN_IF_ERROR(s->Run());
  if (db_->Changes() == 0) {
    return Status(Code::kNotFound, StrCat("no cluster named ", Quote(cluster), " in the catalog"));
  }
  FS_RETURN_IF_ERROR(EventLocked({}, {}, "", "cluster.runner.upload", "ok",
                                 StrCat(cluster, ": the runner uploaded as ", jar_id)));
  return tx.Commit();
}

Status Catalog::RemoveCluster(std::string_view name) {
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  FS_ASSIGN_OR_RETURN(
      Stmt * u, db_->Cached("SELECT count(*) FROM jobs j JOIN clusters c ON j.cluster_id=c.id "
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

// ---- events -----------------------------------------------------------------------------

Result<std::vector<Event>> Catalog::ListEvents(std::string_view ref, int64_t limit) {
  Lock lock(this);
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
      db_->Cached(
          "SELECT id, at_ms, job_id, run_id, job, action, actor, outcome, detail, from_state, "
          "to_state, cause, operation_id FROM events "
          "WHERE (?1 IS NULL OR job_id=?1) ORDER BY id DESC LIMIT ?2"));
  s->Bind(1, job_id).Bind(2, limit);
  std::vector<Event> out;
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    Event e{s->Int(0),  s->Int(1),  s->OptInt(2), s->OptInt(3), s->Text(4),
            s->Text(5), s->Text(6), s->Text(7),   s->Text(8)};
    if (std::optional<int64_t> f = s->OptInt(9)) e.from_state = static_cast<JobState>(*f);
    if (std::optional<int64_t> t = s->OptInt(10)) e.to_state = static_cast<JobState>(*t);
    e.cause = s->Text(11);
    e.operation_id = s->OptInt(12);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace flowstate::core::catalog
