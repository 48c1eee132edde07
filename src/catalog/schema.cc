// The catalog's schema and its forward-only migrations, and opening a catalog file.
//
// Every schema change is a numbered step from version N-1 to N, run in its own transaction
// that also sets PRAGMA user_version = N; a fresh catalog is schema 1 migrated forward like
// any other file. tests/catalog/data/catalog-v1.db, written by the last schema-1 flowstate,
// checks that a migration keeps everything.
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "catalog/catalog.h"
#include "catalog/rows.h"
#include "catalog/sqlite.h"
#include "common/log.h"
#include "common/strings.h"
#include "common/text_check.h"
#include "storage/location.h"

namespace flowstate::core::catalog {

namespace {

// 'FSC1': identifies a flowstate catalog among SQLite files.
constexpr int64_t kApplicationId = 0x46534331;

// Schema 1, as the first flowstate wrote it.
constexpr const char* kSchema1[] = {
    R"(CREATE TABLE clusters(
         id INTEGER PRIMARY KEY,
         name TEXT NOT NULL UNIQUE,
         rest_url TEXT NOT NULL DEFAULT '',
         sql_gateway_url TEXT NOT NULL DEFAULT '',
         flink_version TEXT NOT NULL DEFAULT '',
         checkpoint_dir TEXT NOT NULL DEFAULT '',
         savepoint_dir TEXT NOT NULL DEFAULT '',
         storage TEXT NOT NULL DEFAULT ''))",
    R"(CREATE TABLE folders(path TEXT PRIMARY KEY) WITHOUT ROWID)",
    R"(CREATE TABLE jobs(
         id INTEGER PRIMARY KEY,
         name TEXT NOT NULL,
         folder TEXT NOT NULL REFERENCES folders(path) ON UPDATE CASCADE,
         cluster_id INTEGER REFERENCES clusters(id),
         script TEXT NOT NULL DEFAULT '',
         status TEXT NOT NULL,
         strategy INTEGER NOT NULL,
         once_path TEXT,
         fail_closed INTEGER NOT NULL,
         checkpoint_dir TEXT NOT NULL DEFAULT '',
         savepoint_dir TEXT NOT NULL DEFAULT '',
         retain_count INTEGER,
         retain_age_ms INTEGER,
         created_ms INTEGER NOT NULL,
         updated_ms INTEGER NOT NULL,
         UNIQUE(folder, name)))",
    R"(CREATE TABLE runs(
         id INTEGER PRIMARY KEY,
         job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
         flink_job_id TEXT NOT NULL DEFAULT '',
         cluster TEXT NOT NULL DEFAULT '',
         started_ms INTEGER NOT NULL,
         ended_ms INTEGER,
         final_status TEXT NOT NULL DEFAULT '',
         restored_from TEXT NOT NULL DEFAULT '',
         claim_mode INTEGER,
         restored_snapshot INTEGER))",
    R"(CREATE INDEX runs_by_job ON runs(job_id, id))",
    R"(CREATE TABLE snapshots(
         id INTEGER PRIMARY KEY,
         job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
         run_id INTEGER,
         kind INTEGER NOT NULL,
         checkpoint_id INTEGER,
         path TEXT NOT NULL,
         path_hash INTEGER NOT NULL,
         trigger_ms INTEGER,
         completion_ms INTEGER,
         size INTEGER,
         format_version INTEGER,
         savepoint_format TEXT,
         origin INTEGER NOT NULL,
         state INTEGER NOT NULL,
         claimed_by_run INTEGER,
         keep INTEGER NOT NULL DEFAULT 0))",
    R"(CREATE INDEX snapshots_by_time ON snapshots(job_id, kind, state, completion_ms))",
    R"(CREATE INDEX snapshots_by_path ON snapshots(job_id, path_hash))",
    R"(CREATE TABLE events(
         id INTEGER PRIMARY KEY,
         at_ms INTEGER NOT NULL,
         job_id INTEGER,
         run_id INTEGER,
         job TEXT NOT NULL DEFAULT '',
         action TEXT NOT NULL,
         actor TEXT NOT NULL,
         outcome TEXT NOT NULL,
         detail TEXT NOT NULL DEFAULT ''))",
    R"(CREATE INDEX events_by_job ON events(job_id, id))",
    R"(INSERT INTO folders(path) VALUES('/'))",
};

// Schema 2: savepoint retention of its own, one open run per job (the partial unique index),
// secret references of schema 1 that have not moved to per-job names yet.
constexpr const char* kSchema2[] = {
    "ALTER TABLE jobs ADD COLUMN savepoint_retain_count INTEGER",
    "ALTER TABLE jobs ADD COLUMN savepoint_retain_age_ms INTEGER",
    R"(CREATE TABLE legacy_secrets(
         job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
         name TEXT NOT NULL,
         owner INTEGER NOT NULL,
         suffix TEXT NOT NULL,
         PRIMARY KEY(job_id, name)) WITHOUT ROWID)",
    R"(CREATE INDEX legacy_secrets_by_name ON legacy_secrets(name))",
};
// Schema 3: a savepoint's trigger id (Flink's request id for the asynchronous operation), so
// that an interrupted savepoint can be asked about again instead of triggered twice.
constexpr const char* kSchema3[] = {
    "ALTER TABLE snapshots ADD COLUMN trigger_id TEXT NOT NULL DEFAULT ''",
};

// Schema 4: the lifecycle. A job's state, desired state and row version (compare and swap
// between processes); the audit log's state changes; the operation log, with at most one
// exclusive operation in flight per job.
constexpr const char* kSchema4[] = {
    "ALTER TABLE jobs ADD COLUMN state INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE jobs ADD COLUMN desired INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE jobs ADD COLUMN version INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE events ADD COLUMN from_state INTEGER",
    "ALTER TABLE events ADD COLUMN to_state INTEGER",
    "ALTER TABLE events ADD COLUMN cause TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE events ADD COLUMN operation_id INTEGER",
    R"(CREATE TABLE operations(
         id INTEGER PRIMARY KEY,
         job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
         run_id INTEGER,
         kind INTEGER NOT NULL,
         phase INTEGER NOT NULL,
         key TEXT NOT NULL DEFAULT '',
         params TEXT NOT NULL DEFAULT '{}',
         exclusive INTEGER NOT NULL,
         started_ms INTEGER NOT NULL,
         updated_ms INTEGER NOT NULL,
         deadline_ms INTEGER,
         ended_ms INTEGER,
         owner TEXT NOT NULL DEFAULT '',
         attempts INTEGER NOT NULL DEFAULT 0,
         result TEXT NOT NULL DEFAULT '',
         error TEXT NOT NULL DEFAULT ''))",
    R"(CREATE INDEX operations_by_job ON operations(job_id, id))",
    R"(CREATE INDEX operations_unfinished ON operations(phase) WHERE phase < 2)",
    R"(CREATE UNIQUE INDEX operations_one_exclusive ON operations(job_id)
         WHERE phase < 2 AND exclusive = 1)",
};

// Schema 5: how the lifecycle submits to a cluster. Its deployment (a session cluster jobs are
// submitted to, or one created for a job), and its runner: the jar the host names for running
// SQL scripts inside the cluster, its entry class and the argument template; the id the
// cluster gave the last upload of the jar and a fingerprint of the bytes uploaded, so that the
// jar goes up once per cluster and again when the cluster no longer has it or the file changed.
constexpr const char* kSchema5[] = {
    "ALTER TABLE clusters ADD COLUMN deployment INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE clusters ADD COLUMN runner_jar TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE clusters ADD COLUMN runner_entry_class TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE clusters ADD COLUMN runner_args TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE clusters ADD COLUMN runner_upload TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE clusters ADD COLUMN runner_fingerprint TEXT NOT NULL DEFAULT ''",
};

// Observation rounds (issue: watching clusters): what they keep per job, apart from the jobs
// row, so that a round's bookkeeping never changes the row version actions compare.
constexpr const char* kSchema6[] = {
    R"(CREATE TABLE job_watch(
         job_id INTEGER PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
         flink_status TEXT NOT NULL DEFAULT '',
         observed_ms INTEGER,
         unreachable_since_ms INTEGER,
         failed_probes INTEGER NOT NULL DEFAULT 0,
         presumed_lost INTEGER NOT NULL DEFAULT 0,
         stats_ms INTEGER,
         changed_ms INTEGER,
         captured_run INTEGER,
         captured_id INTEGER))",
};

constexpr const char* kOneOpenRun =
    "CREATE UNIQUE INDEX runs_one_open ON runs(job_id) WHERE ended_ms IS NULL";

std::string OsUser() {
  struct passwd* pw = getpwuid(getuid());
  return pw != nullptr && pw->pw_name != nullptr ? pw->pw_name : StrCat("uid ", getuid());
}

// Which of two records of one location says what is true of it: deletion and absence first,
// a completion last but one, so that a merge never makes a snapshot look restorable that one
// of its records said was not.
int StateRank(SnapshotState s) {
  switch (s) {
    case SnapshotState::kDisposed:
      return 4;
    case SnapshotState::kMissing:
      return 3;
    case SnapshotState::kFailed:
      return 2;
    case SnapshotState::kCompleted:
      return 1;
    case SnapshotState::kPending:
      return 0;
  }
  return 0;
}

}  // namespace

// ---- opening ----------------------------------------------------------------------------

Result<std::unique_ptr<Catalog>> Catalog::Open(const std::string& path, const Options& options) {
  std::unique_ptr<Catalog> c(new Catalog());
  c->path_ = path;
  c->options_ = options;
  if (c->options_.actor.empty()) c->options_.actor = OsUser();
  const bool create = options.create && !options.read_only;
  if (create) {
    // The directory too (the default location under the XDG data directory may not exist).
    std::error_code ec;
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
      std::filesystem::create_directories(parent, ec);
      if (ec) {
        return Status(Code::kIo, StrCat("cannot create the directory ", parent.string(),
                                        " for the catalog: ", ec.message()));
      }
    }
  } else {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      return Status(Code::kNotFound, StrCat("no catalog at ", path));
    }
  }
  Db::Options o;
  o.create = create;
  o.read_only = options.read_only;
  o.busy_timeout_ms = options.busy_timeout_ms;
  auto open = [&]() -> Status {
    auto opened = Db::Open(path, o);
    if (!opened.ok()) {
      return Status(opened.status().code(), StrCat(path, ": ", opened.status().message()));
    }
    c->db_ = std::move(opened).value();
    return Status();
  };
  // Reading the header tells a foreign or damaged file before anything is written.
  auto pragma = [&c, &path](const char* sql) -> Result<int64_t> {
    auto run = [&]() -> Result<int64_t> {
      FS_ASSIGN_OR_RETURN(Stmt s, c->db_->Prepare(sql));
      FS_ASSIGN_OR_RETURN(bool has, s.Step());
      return has ? s.Int(0) : 0;
    };
    Result<int64_t> r = run();
    if (!r.ok()) return Status(r.status().code(), StrCat(path, ": ", r.status().message()));
    return r;
  };
  FS_RETURN_IF_ERROR(open());
  Result<int64_t> application_id = pragma("PRAGMA application_id");
  if (!application_id.ok() && options.read_only &&
      (application_id.status().Is(Code::kPermissionDenied) ||
       application_id.status().Is(Code::kIo))) {
    // A catalog in WAL mode is read through its -shm file, which a reader who may not write
    // the directory cannot create. With no -wal file beside it no writer has it open and
    // everything committed is in the file itself: it is read as it is (immutable).
    std::error_code ec;
    if (!std::filesystem::exists(path + "-wal", ec)) {
      o.immutable = true;
      FS_RETURN_IF_ERROR(open());
      application_id = pragma("PRAGMA application_id");
    }
  }
  if (!application_id.ok()) return application_id.status();
  FS_ASSIGN_OR_RETURN(const int64_t version, pragma("PRAGMA user_version"));
  FS_ASSIGN_OR_RETURN(const int64_t objects, pragma("SELECT count(*) FROM sqlite_schema"));
  if (*application_id != kApplicationId && objects > 0) {
    return Status(Code::kCorrupt,
                  StrCat(path, " is a SQLite database, but not a flowstate catalog"));
  }
  if (version > kSchemaVersion) {
    return Status(Code::kUnsupportedVersion,
                  StrCat(path, " was written by a newer flowstate (catalog schema ", version,
                         "; this one reads up to ", kSchemaVersion, ")"));
  }
  Db& db = *c->db_;
  if (!options.read_only) {
    FS_RETURN_IF_ERROR(db.Exec("PRAGMA journal_mode=WAL"));
  }
  FS_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous=FULL"));
  // 16 MiB of page cache per connection (SQLite's default is 2 MiB): the indexes of a
  // catalog with a million snapshot records stay in memory while it is being written.
  FS_RETURN_IF_ERROR(db.Exec("PRAGMA cache_size=-16384"));
  // The WAL is checkpointed into the file every 4 MiB (SQLite's default), so that the small
  // commits of the lifecycle rewrite a WAL of settled size rather than grow it (a commit that
  // extends a file costs its fsync more). Batches of records raise it for their commit
  // (AddSnapshots). The WAL is cut back to 256 MiB after a checkpoint.
  FS_RETURN_IF_ERROR(db.Exec("PRAGMA wal_autocheckpoint=1000"));
  FS_RETURN_IF_ERROR(db.Exec("PRAGMA journal_size_limit=268435456"));
  FS_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys=ON"));
  if (version < kSchemaVersion) {
    if (options.read_only) {
      // Reading never writes: not even the upgrade an older file needs.
      if (version == 0 && objects == 0) {
        return Status(Code::kNotFound, StrCat("no catalog at ", path, " (the file is empty)"));
      }
      return Status(
          Code::kUnsupportedVersion,
          StrCat(path, " is a catalog of schema ", version,
                 ", written by an older flowstate; this one reads schema ", kSchemaVersion,
                 " after upgrading the file, which a read-only open never does: "
                 "upgrade it once with write access (flowstate catalog upgrade)"));
    }
    Lock lock(c.get());
    FS_RETURN_IF_ERROR(c->MigrateLocked(version));
  }
  return c;
}

Status Catalog::MigrateLocked(int64_t from) {
  Db& db = *db_;
  for (int64_t target = std::max<int64_t>(from, 0) + 1; target <= kSchemaVersion; ++target) {
    FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(&db));
    // Another process may have migrated while this one waited for the write lock.
    FS_ASSIGN_OR_RETURN(Stmt v, db.Prepare("PRAGMA user_version"));
    FS_ASSIGN_OR_RETURN(bool row, v.Step());
    const int64_t now = row ? v.Int(0) : 0;
    v = Stmt();
    if (now >= target) continue;
    switch (target) {
      case 1:
        for (const char* sql : kSchema1) FS_RETURN_IF_ERROR(db.Exec(sql));
        FS_RETURN_IF_ERROR(db.Exec("PRAGMA application_id=1179861809"));  // kApplicationId
        break;
      case 2:
        FS_RETURN_IF_ERROR(MigrateTo2Locked());
        break;
      case 3:
        for (const char* sql : kSchema3) FS_RETURN_IF_ERROR(db.Exec(sql));
        break;
      case 4:
        FS_RETURN_IF_ERROR(MigrateTo4Locked());
        break;
      case 5:
        for (const char* sql : kSchema5) FS_RETURN_IF_ERROR(db.Exec(sql));
        break;
      case 6:
        for (const char* sql : kSchema6) FS_RETURN_IF_ERROR(db.Exec(sql));
        break;
      default:
        return Status(Code::kInternal, StrCat("no migration to catalog schema ", target));
    }
    FS_RETURN_IF_ERROR(db.Exec(StrCat("PRAGMA user_version=", target).c_str()));
    FS_RETURN_IF_ERROR(tx.Commit());
    if (from > 0) {
      Log(LogLevel::kInfo, "catalog", path_, ": catalog schema upgraded to ", target);
    }
  }
  return Status();
}

// A job's free-text status becomes a lifecycle state. A job with an open run is RUNNING (an
// active state: nothing starts it again before an observation says where its run is);
// otherwise the status names an idle state (CANCELED and STOPPED read as CANCELLED), or the
// last run's end does, or the job never ran (NEW). Each status that was not already the
// state's name (nor the default CREATED of a job that never ran) is audited with what it
// became.
Status Catalog::MigrateTo4Locked() {
  Db& db = *db_;
  for (const char* sql : kSchema4) FS_RETURN_IF_ERROR(db.Exec(sql));
  struct Row {
    int64_t id;
    std::string path, status;
    bool open = false;
    std::optional<std::string> last_end;
  };
  std::vector<Row> rows;
  {
    FS_ASSIGN_OR_RETURN(
        Stmt s,
        db.Prepare("SELECT j.id, j.folder, j.name, j.status, "
                   "EXISTS(SELECT 1 FROM runs r WHERE r.job_id=j.id AND r.ended_ms IS NULL), "
                   "(SELECT r.final_status FROM runs r WHERE r.job_id=j.id "
                   " ORDER BY r.id DESC LIMIT 1) FROM jobs j ORDER BY j.id"));
    for (;;) {
      FS_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      const std::string folder = s.Text(1);
      rows.push_back(Row{s.Int(0), (folder == "/" ? "" : folder) + "/" + s.Text(2), s.Text(3),
                         s.Int(4) != 0, s.OptText(5)});
    }
  }
  auto idle = [](std::string word) -> std::optional<JobState> {
    for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    word = std::string(StripAsciiWhitespace(word));
    if (word == "SUSPENDED") return JobState::kSuspended;
    if (word == "CANCELLED" || word == "CANCELED" || word == "STOPPED") return JobState::kCancelled;
    if (word == "FINISHED") return JobState::kFinished;
    if (word == "FAILED") return JobState::kFailed;
    return std::nullopt;
  };
  for (const Row& r : rows) {
    JobState state = JobState::kNew;
    DesiredState desired = DesiredState::kNone;
    std::string why;
    if (r.open) {
      state = JobState::kRunning;
      desired = DesiredState::kRunning;
      why = "it has an open run";
    } else if (std::optional<JobState> s = idle(r.status)) {
      state = *s;
      why = "as its status said";
    } else if (r.last_end) {
      state = idle(*r.last_end).value_or(JobState::kCancelled);
      why = StrCat("its last run ended ", r.last_end->empty() ? "without a status" : *r.last_end);
    } else {
      why = "it never ran";
    }
    FS_ASSIGN_OR_RETURN(Stmt u, db.Prepare("UPDATE jobs SET state=?, desired=? WHERE id=?"));
    u.Bind(1, static_cast<int64_t>(state)).Bind(2, static_cast<int64_t>(desired)).Bind(3, r.id);
    FS_RETURN_IF_ERROR(u.Run());
    const char* name = NameOf(state);
    // The default status of a job that never ran says nothing a host chose.
    if (r.status == name || (r.status == "CREATED" && state == JobState::kNew)) continue;
    FS_ASSIGN_OR_RETURN(Stmt e,
                        db.Prepare("INSERT INTO events(at_ms, job_id, job, action, actor, outcome, "
                                   "detail, to_state, cause) VALUES(?,?,?,?,?,?,?,?,?)"));
    e.Bind(1, Now()).Bind(2, r.id).Bind(3, r.path).Bind(4, "job.state").Bind(5, options_.actor);
    e.Bind(6, "ok").Bind(7, StrCat("status ", Quote(r.status), " became ", name, ": ", why));
    e.Bind(8, static_cast<int64_t>(state)).Bind(9, "catalog schema 4");
    FS_RETURN_IF_ERROR(e.Run());
  }
  return Status();
}

Status Catalog::MigrateTo2Locked() {
  Db& db = *db_;
  for (const char* sql : kSchema2) FS_RETURN_IF_ERROR(db.Exec(sql));
  std::map<int64_t, std::string> paths;  // job id -> its path, for the audit log
  {
    FS_ASSIGN_OR_RETURN(Stmt s, db.Prepare("SELECT id, folder, name FROM jobs"));
    for (;;) {
      FS_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      Job j;
      j.folder = s.Text(1);
      j.name = s.Text(2);
      paths[s.Int(0)] = j.Path();
    }
  }

  // 1. Every recorded path in its canonical form; records of one location merged.
  struct Row {
    SnapshotRecord r;
    std::string canonical;
  };
  std::map<std::pair<int64_t, std::string>, std::vector<Row>> by_location;
  {
    FS_ASSIGN_OR_RETURN(Stmt s, db.Prepare(StrCat("SELECT ", kSnapshotColumnsSchema2,
                                                  " FROM snapshots ORDER BY id")));
    for (;;) {
      FS_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      Row x{ReadSnapshot(s), {}};
      Result<std::string> c = storage::CanonicalLocation(x.r.path);
      if (!c.ok()) {
        FS_RETURN_IF_ERROR(EventLocked(
            x.r.job_id, {}, paths[x.r.job_id], "snapshot.path", "skipped",
            StrCat("record ", x.r.id, " keeps its path ", x.r.path, ": ", c.status().message())));
        x.canonical = x.r.path;
      } else {
        x.canonical = *c;
      }
      by_location[{x.r.job_id, x.canonical}].push_back(std::move(x));
    }
  }
  FS_ASSIGN_OR_RETURN(
      Stmt update,
      db.Prepare("UPDATE snapshots SET path=?, path_hash=?, run_id=?, checkpoint_id=?, "
                 "trigger_ms=?, completion_ms=?, size=?, format_version=?, "
                 "savepoint_format=?, state=?, claimed_by_run=?, keep=? WHERE id=?"));
  FS_ASSIGN_OR_RETURN(Stmt drop, db.Prepare("DELETE FROM snapshots WHERE id=?"));
  FS_ASSIGN_OR_RETURN(Stmt repoint,
                      db.Prepare("UPDATE runs SET restored_snapshot=? WHERE restored_snapshot=?"));
  std::map<int64_t, std::pair<int64_t, std::string>> renamed_paths;  // job -> (count, an example)
  for (auto& [where, rows] : by_location) {
    SnapshotRecord& keep = rows.front().r;  // the first recorded
    const bool renamed = keep.path != rows.front().canonical;
    if (rows.size() == 1 && !renamed) continue;
    std::string spellings, merged;
    for (size_t i = 1; i < rows.size(); ++i) {
      const SnapshotRecord& o = rows[i].r;
      auto fill = [](std::optional<int64_t>* a, const std::optional<int64_t>& b) {
        if (!*a) *a = b;
      };
      fill(&keep.run_id, o.run_id);
      fill(&keep.checkpoint_id, o.checkpoint_id);
      fill(&keep.trigger_ms, o.trigger_ms);
      fill(&keep.completion_ms, o.completion_ms);
      fill(&keep.size, o.size);
      fill(&keep.format_version, o.format_version);
      fill(&keep.claimed_by_run, o.claimed_by_run);
      if (keep.savepoint_format.empty()) keep.savepoint_format = o.savepoint_format;
      if (StateRank(o.state) > StateRank(keep.state)) keep.state = o.state;
      keep.keep = keep.keep || o.keep;
      StrAppend(&merged, merged.empty() ? "" : ", ", o.id, " (", OriginName(o.origin), ", ",
                SnapshotStateName(o.state), ")");
      StrAppend(&spellings, ", ", o.path);
      repoint.Bind(1, keep.id).Bind(2, o.id);
      FS_RETURN_IF_ERROR(repoint.Run());
      drop.Bind(1, o.id);
      FS_RETURN_IF_ERROR(drop.Run());
    }
    const std::string old_path = keep.path;
    keep.path = rows.front().canonical;
    update.Bind(1, keep.path).Bind(2, PathHash(keep.path)).Bind(3, keep.run_id);
    update.Bind(4, keep.checkpoint_id).Bind(5, keep.trigger_ms).Bind(6, keep.completion_ms);
    update.Bind(7, keep.size).Bind(8, keep.format_version);
    if (keep.savepoint_format.empty()) {
      update.BindNull(9);
    } else {
      update.Bind(9, keep.savepoint_format);
    }
    update.Bind(10, static_cast<int64_t>(keep.state)).Bind(11, keep.claimed_by_run);
    update.Bind(12, static_cast<int64_t>(keep.keep ? 1 : 0)).Bind(13, keep.id);
    FS_RETURN_IF_ERROR(update.Run());
    if (rows.size() > 1) {
      FS_RETURN_IF_ERROR(
          EventLocked(where.first, {}, paths[where.first], "snapshot.merge", "ok",
                      StrCat(keep.path, " was recorded ", rows.size(), " times (", old_path,
                             spellings, "): records ", merged, " merged into record ", keep.id,
                             ", now ", SnapshotStateName(keep.state))));
    } else {
      auto& [count, example] = renamed_paths[where.first];
      if (count++ == 0) example = StrCat(old_path, " -> ", keep.path);
    }
  }
  // One event per job, not per record: a catalog may hold a million records Flink reported as
  // file:/... .
  for (const auto& [job, renamed] : renamed_paths) {
    FS_RETURN_IF_ERROR(
        EventLocked(job, {}, paths[job], "snapshot.path", "ok",
                    StrCat(renamed.first, " recorded paths written in their canonical form (",
                           renamed.second, renamed.first > 1 ? ", ..." : "", ")")));
  }

  // 2. ONCE paths and what runs restored from, canonical too.
  auto canonical_column = [&](const char* select, const char* set, const char* what) -> Status {
    FS_ASSIGN_OR_RETURN(Stmt s, db.Prepare(select));
    std::vector<std::tuple<int64_t, int64_t, std::string>> rows;  // id, job, path
    for (;;) {
      FS_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      rows.emplace_back(s.Int(0), s.Int(1), s.Text(2));
    }
    FS_ASSIGN_OR_RETURN(Stmt u, db.Prepare(set));
    for (const auto& [id, job, path] : rows) {
      Result<std::string> c = storage::CanonicalLocation(path);
      if (c.ok() && *c == path) continue;
      if (!c.ok()) {
        FS_RETURN_IF_ERROR(EventLocked(job, {}, paths[job], StrCat(what, ".path"), "skipped",
                                       StrCat(path, " kept as it is: ", c.status().message())));
        continue;
      }
      u.Bind(1, *c).Bind(2, id);
      FS_RETURN_IF_ERROR(u.Run());
      FS_RETURN_IF_ERROR(
          EventLocked(job, {}, paths[job], StrCat(what, ".path"), "ok", StrCat(path, " -> ", *c)));
    }
    return Status();
  };
  FS_RETURN_IF_ERROR(
      canonical_column("SELECT id, id, once_path FROM jobs WHERE once_path IS NOT NULL",
                       "UPDATE jobs SET once_path=? WHERE id=?", "restore.once"));
  FS_RETURN_IF_ERROR(
      canonical_column("SELECT id, job_id, restored_from FROM runs WHERE restored_from<>''",
                       "UPDATE runs SET restored_from=? WHERE id=?", "run.restored_from"));

  // 3. One open run per job: of several, the newest stays open.
  {
    FS_ASSIGN_OR_RETURN(Stmt s,
                        db.Prepare("SELECT id, job_id, started_ms FROM runs WHERE ended_ms IS NULL "
                                   "ORDER BY job_id, started_ms, id"));
    std::map<int64_t, std::vector<std::pair<int64_t, int64_t>>> open;  // job -> (run, started)
    for (;;) {
      FS_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      open[s.Int(1)].emplace_back(s.Int(0), s.Int(2));
    }
    FS_ASSIGN_OR_RETURN(
        Stmt end, db.Prepare("UPDATE runs SET ended_ms=?, final_status='UNKNOWN' WHERE id=?"));
    for (const auto& [job, runs] : open) {
      for (size_t i = 0; i + 1 < runs.size(); ++i) {
        end.Bind(1, runs[i + 1].second).Bind(2, runs[i].first);
        FS_RETURN_IF_ERROR(end.Run());
        FS_RETURN_IF_ERROR(EventLocked(
            job, runs[i].first, paths[job], "run.end", "ok",
            StrCat("UNKNOWN: ended by the catalog upgrade, since run ", runs[i + 1].first,
                   " started while it was open (one "
                   "open run per job from schema 2)")));
      }
    }
    FS_RETURN_IF_ERROR(db.Exec(kOneOpenRun));
  }

  // 4. Secret references of schema 1 (named after the job, so two jobs of one name shared
  // them). They keep resolving until the script is saved again, which moves them to the
  // job's own names; a name two jobs share holds the value of the one that saved it last
  // (the audit log says which), and the others refuse to resolve it.
  {
    FS_ASSIGN_OR_RETURN(Stmt s, db.Prepare("SELECT id, name, script FROM jobs WHERE script<>''"));
    std::map<std::string, std::vector<int64_t>> users;  // legacy name -> jobs
    std::map<std::string, std::string> suffixes;        // legacy name -> <statement>.<key>
    std::map<int64_t, std::string> scripts;
    for (;;) {
      FS_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      const int64_t id = s.Int(0);
      const std::string name = s.Text(1);
      std::string script = s.Text(2);
      std::set<std::string> seen;
      for (const SecretRefAt& ref : SecretRefs(script)) {
        if (IsSchema1SecretName(ref.name, name) && seen.insert(ref.name).second) {
          users[ref.name].push_back(id);
          suffixes[ref.name] = ref.name.substr(SafeName(name).size() + 1);
        }
      }
      scripts[id] = std::move(script);
    }
    // The job that saved each name last: the newest script.save event listing it.
    FS_ASSIGN_OR_RETURN(Stmt saves,
                        db.Prepare("SELECT job_id, detail FROM events WHERE "
                                   "action='script.save' AND job_id IS NOT NULL ORDER BY id"));
    std::map<std::string, int64_t> last_saver;
    for (;;) {
      FS_ASSIGN_OR_RETURN(bool row, saves.Step());
      if (!row) break;
      const std::string detail = saves.Text(1);
      const size_t colon = detail.find(": ");
      if (colon == std::string::npos) continue;
      std::string_view names = std::string_view(detail).substr(colon + 2);
      while (!names.empty()) {
        const size_t comma = names.find(", ");
        last_saver[std::string(names.substr(0, comma))] = saves.Int(0);
        names = comma == std::string_view::npos ? std::string_view() : names.substr(comma + 2);
      }
    }
    FS_ASSIGN_OR_RETURN(
        Stmt add,
        db.Prepare("INSERT INTO legacy_secrets(job_id, name, owner, suffix) VALUES(?,?,?,?)"));
    for (const auto& [name, jobs] : users) {
      std::optional<int64_t> owner;
      if (jobs.size() == 1) {
        owner = jobs.front();
      } else if (auto it = last_saver.find(name);
                 it != last_saver.end() && std::count(jobs.begin(), jobs.end(), it->second) > 0) {
        owner = it->second;
      }
      for (int64_t job : jobs) {
        add.Bind(1, job).Bind(2, name).Bind(3, static_cast<int64_t>(owner == job ? 1 : 0));
        add.Bind(4, suffixes[name]);
        FS_RETURN_IF_ERROR(add.Run());
        if (jobs.size() > 1) {
          std::string detail =
              owner == job ? StrCat("${secret:", name, "} is shared with ", jobs.size() - 1,
                                    " other job(s) of the same name; the store holds this job's "
                                    "value (saved last)")
              : owner
                  ? StrCat("${secret:", name, "} was overwritten by job ", *owner,
                           " (jobs of one name shared secret names before schema 2): this job's "
                           "script does not resolve until it is saved again with its value")
                  : StrCat("${secret:", name, "} is shared by ", jobs.size(),
                           " jobs and the audit log does not say whose value the store holds: "
                           "save their scripts again with their values");
          FS_RETURN_IF_ERROR(EventLocked(job, {}, paths[job], "secret.collision",
                                         owner == job ? "ok" : "failed", detail));
        }
      }
    }
    // Scripts that are not text (stored whole by schema 1, but cut short at a NUL on the
    // way out) are named, so that their owners save them again.
    for (const auto& [id, script] : scripts) {
      Status st = CheckText(script, "the stored script");
      if (!st.ok()) {
        FS_RETURN_IF_ERROR(EventLocked(
            id, {}, paths[id], "script.invalid", "failed",
            StrCat(st.message(), "; it cannot be handed out whole: save it again as text")));
      }
    }
  }
  return Status();
}

}  // namespace flowstate::core::catalog
