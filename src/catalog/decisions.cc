// The catalog's decisions over storage: where a job restarts from, how its records compare
// with what is on storage, and which snapshots retention may delete.
#include <algorithm>
#include <map>
#include <set>

#include "catalog/catalog.h"
#include "catalog/rows.h"
#include "catalog/sqlite.h"
#include "common/log.h"
#include "common/strings.h"
#include "storage/layout.h"

namespace flowstate::core::catalog {

namespace {

// The canonical form of a path for comparisons (as the storage layer writes it).
std::string Canonical(storage::Storage* storage, const std::string& path) {
  if (storage == nullptr) return path;
  Result<storage::Location> l = storage->Parse(path);
  return l.ok() ? l->ToString() : path;
}

// The job-id directory and n of a path ending in <job id>/chk-<n> (n -1 otherwise).
std::pair<std::string, int64_t> CheckpointOfPath(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return {"", -1};
  std::optional<int64_t> n = storage::CheckpointDirId(path.substr(slash + 1));
  std::string_view parent = path.substr(0, slash);
  const size_t p = parent.rfind('/');
  std::string_view job = p == std::string_view::npos ? parent : parent.substr(p + 1);
  if (!n || !storage::IsJobId(job)) return {"", -1};
  return {std::string(job), *n};
}

// The job-id directories under `roots` that hold the state of a run whose Flink job id was
// never recorded: those whose newest checkpoint has exactly the operators of a recorded
// snapshot of the job (or every operator of the uids the host declares for it), completed
// after the run started, and that the catalog does not give to another job. An error only
// when the deadline or cancellation stops it; what cannot be matched is said in `reasons`.
Result<std::vector<std::string>> MatchUnrecorded(
    storage::Storage& storage, const std::vector<std::string>& roots,
    const std::vector<std::string>& sources, const std::vector<std::string>& uids, int64_t since_ms,
    const std::vector<std::string>& known, const std::set<std::string>& others,
    const storage::ScanOptions& check, std::vector<std::string>* reasons) {
  std::vector<std::string> expected;
  std::string from;
  bool exact = false;
  if (!uids.empty()) {
    for (const std::string& uid : uids) expected.push_back(storage::OperatorIdFromUid(uid));
    from = StrCat("the ", uids.size(), " uids declared for it");
  } else {
    for (const std::string& path : sources) {
      Result<storage::Location> loc = storage.Parse(path);
      if (!loc.ok()) continue;
      storage::ScanOptions o = check;
      o.level = storage::VerifyLevel::kStructure;
      Result<storage::Inspection> in = storage::InspectSnapshot(storage, *loc, o);
      if (!in.ok()) {
        if (in.status().Is(Code::kCancelled) || in.status().Is(Code::kTimeout)) return in.status();
        continue;
      }
      if (!in->parsed || in->metadata.operators.empty()) continue;
      for (const storage::MetadataOperator& op : in->metadata.operators) {
        expected.push_back(op.id);
      }
      from = StrCat("its recorded snapshot ", path);
      exact = true;
      break;
    }
  }
  if (expected.empty()) {
    reasons->push_back(
        "a run of the job has no Flink job id recorded, and neither a readable recorded "
        "snapshot of the job nor uids declared for it give its operators: that run's state "
        "cannot be matched on storage");
    return std::vector<std::string>();
  }
  std::vector<std::string> out;
  for (const std::string& root : roots) {
    Result<storage::Location> loc = storage.Parse(root);
    if (!loc.ok()) continue;  // said by the search that follows
    Result<std::vector<storage::JobMatch>> found =
        storage::MatchJobs(storage, *loc, expected, check);
    if (!found.ok()) {
      if (found.status().Is(Code::kCancelled) || found.status().Is(Code::kTimeout)) {
        return found.status();
      }
      if (!found.status().Is(Code::kNotFound)) {
        reasons->push_back(
            StrCat("matching operators under ", root, " failed: ", found.status().message()));
      }
      continue;
    }
    for (const storage::JobMatch& m : *found) {
      const std::string& id = m.job.job_id;
      if (m.match.kind != storage::OperatorMatch::Kind::kAll) continue;
      if (exact && !m.match.extra.empty()) continue;
      if (std::find(known.begin(), known.end(), id) != known.end()) continue;
      if (std::find(out.begin(), out.end(), id) != out.end()) continue;
      if (others.count(id) > 0) {
        reasons->push_back(StrCat("job directory ", id, " under ", root,
                                  " has the job's operators but the catalog gives it to another "
                                  "job: not taken"));
        continue;
      }
      if (m.snapshot.completion_time_ms < since_ms) continue;  // older than the run
      reasons->push_back(StrCat("a run of the job has no Flink job id recorded: job directory ", id,
                                " under ", root, " holds all ", expected.size(),
                                " of its operators (from ", from, "), taken as that run's"));
      out.push_back(id);
    }
  }
  if (out.empty()) {
    reasons->push_back(
        StrCat("a run of the job has no Flink job id recorded, and no job "
               "directory written since it started has its operators (from ",
               from, ")"));
  }
  return out;
}

bool WantsKind(RestoreStrategy s, storage::SnapshotKind k) {
  switch (s) {
    case RestoreStrategy::kLatestSavepoint:
    case RestoreStrategy::kEarliestSavepoint:
      return k == storage::SnapshotKind::kSavepoint;
    case RestoreStrategy::kLatestCheckpoint:
      return k == storage::SnapshotKind::kCheckpoint;
    case RestoreStrategy::kLatestState:
      return true;
    case RestoreStrategy::kNone:
      return false;
  }
  return false;
}

// Checkpoints that Flink or storage made: what checkpoint retention may take. A checkpoint
// registered by hand is the user's to remove.
bool AutomaticCheckpoint(Origin o) {
  return o == Origin::kPeriodic || o == Origin::kRetainedCheckpoint ||
         o == Origin::kDiscoveredOnStorage;
}

// Whether a job that never ran and has nothing recorded may start empty: only when storage
// confirms that its own directories hold nothing (the cluster's shared directories hold
// state under Flink job ids, none of which can be this job's before it ran).
struct FirstStart {
  bool empty = false;
  std::string reason;
};

Result<FirstStart> CheckFirstStart(const Job& job, storage::Storage* storage,
                                   const RestoreOptions& options) {
  FirstStart out;
  if (storage == nullptr || !options.discover) {
    out.reason =
        "the job never ran and has no snapshot records, but storage was not searched, so "
        "nothing confirms that it holds no state for the job";
    return out;
  }
  for (const auto& [dir, what] :
       {std::pair{job.checkpoint_dir, "checkpoint"}, std::pair{job.savepoint_dir, "savepoint"}}) {
    if (dir.empty()) continue;
    Result<storage::Location> loc = storage->Parse(dir);
    if (!loc.ok()) {
      out.reason = StrCat("the job's ", what, " directory ", dir,
                          " cannot be searched: ", loc.status().message());
      return out;
    }
    storage::ScanOptions o;
    o.level = storage::VerifyLevel::kHeader;
    o.context = options.context;
    Result<storage::ScanResult> found = storage::ListSnapshots(*storage, {*loc}, o);
    if (!found.ok()) {
      if (found.status().Is(Code::kCancelled) || found.status().Is(Code::kTimeout))
        return found.status();
      if (found.status().Is(Code::kNotFound)) continue;
      out.reason = StrCat("the job's ", what, " directory ", dir,
                          " cannot be searched: ", found.status().message());
      return out;
    }
    if (!found->problems.empty()) {
      out.reason = StrCat("the job's ", what, " directory ", dir,
                          " cannot be searched whole: ", found->problems.entries().front().message);
      return out;
    }
    if (!found->snapshots.empty()) {
      const std::string first = found->snapshots.front().location.ToString();
      out.reason =
          StrCat("the job never ran, but its own ", what, " directory holds ", first,
                 found->snapshots.size() > 1 ? StrCat(" and ", found->snapshots.size() - 1, " more")
                                             : std::string(),
                 ", which no run of it recorded: restore from it once (ONCE), or set the strategy "
                 "NONE to start without it");
      return out;
    }
  }
  out.empty = true;
  out.reason = StrCat(
      "the job's first start: it has no runs, no ONCE path and no snapshot records, and ",
      job.checkpoint_dir.empty() && job.savepoint_dir.empty()
          ? "no directory of its own (the cluster's directories keep each Flink job's state apart)"
          : "its own directories hold nothing",
      ": it starts without state");
  return out;
}

}  // namespace

std::string CheckpointJobId(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const size_t last = path.rfind('/');
  if (last == std::string_view::npos || last == 0) return "";
  std::string_view parent = path.substr(0, last);
  std::string_view name = parent.substr(parent.rfind('/') + 1);
  return storage::IsJobId(name) ? std::string(name) : std::string();
}

Status DeleteSnapshotFiles(storage::Storage& storage, std::string_view path) {
  FS_ASSIGN_OR_RETURN(storage::Location loc, storage.Parse(path));
  FS_ASSIGN_OR_RETURN(storage::Resolved res, storage.Resolve(loc));
  Status st = res.fs->DeleteRecursive(res.path);
  return st.Is(Code::kNotFound) ? Status() : st;
}

Result<Catalog::Holds> Catalog::HoldsLocked(int64_t job_id) {
  Holds h;
  FS_ASSIGN_OR_RETURN(Stmt * runs,
                      db_->Cached("SELECT id, flink_job_id, ended_ms IS NULL, restored_snapshot, "
                                  "claim_mode FROM runs WHERE job_id=?"));
  runs->Bind(1, job_id);
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, runs->Step());
    if (!row) break;
    const int64_t id = runs->Int(0);
    Holds::RunInfo& r = h.runs[id];
    r.flink_job_id = runs->Text(1);
    r.open = runs->Int(2) != 0;
    if (!r.flink_job_id.empty()) h.run_job_ids.insert(r.flink_job_id);
    if (r.open) {
      h.open_run = id;
      if (!r.flink_job_id.empty()) h.open_by_job_id[r.flink_job_id] = id;
    }
    if (auto snap = runs->OptInt(3)) {
      std::optional<ClaimMode> mode;
      if (auto m = runs->OptInt(4)) mode = static_cast<ClaimMode>(*m);
      h.restored[*snap] = {id, mode};
    }
  }
  FS_ASSIGN_OR_RETURN(Stmt * own,
                      db_->Cached("SELECT DISTINCT run_id FROM snapshots WHERE job_id=? AND "
                                  "kind=0 AND state=1 AND run_id IS NOT NULL"));
  own->Bind(1, job_id);
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, own->Step());
    if (!row) break;
    auto it = h.runs.find(own->Int(0));
    if (it != h.runs.end()) it->second.own_checkpoint = true;
  }
  return h;
}

std::string Catalog::HeldBy(const SnapshotRecord& r, const Holds& h) {
  if (r.keep) return "a run restored from it in LEGACY mode: later checkpoints may share its files";
  if (r.claimed_by_run) {
    return StrCat("run ", *r.claimed_by_run,
                  " restored from it in CLAIM mode: Flink owns its files");
  }
  if (auto it = h.restored.find(r.id); it != h.restored.end()) {
    const auto& [run, mode] = it->second;
    if (!mode) return StrCat("run ", run, " restored from it in an unknown claim mode");
    auto info = h.runs.find(run);
    if (*mode == ClaimMode::kNoClaim && (info == h.runs.end() || !info->second.own_checkpoint)) {
      return StrCat(
          "run ", run,
          " restored from it in NO_CLAIM mode and has no completed checkpoint of its own yet");
    }
  }
  if (r.kind != storage::SnapshotKind::kCheckpoint) return "";
  // A live run's checkpoints are Flink's: it deletes them itself (num-retained), and one it
  // still retains may be what the run restarts from after a failure.
  if (r.run_id) {
    if (auto it = h.runs.find(*r.run_id); it != h.runs.end() && it->second.open) {
      return StrCat("run ", *r.run_id,
                    " is open: Flink owns its checkpoints and deletes them itself");
    }
  }
  const std::string dir_job = CheckpointJobId(r.path);
  if (auto it = h.open_by_job_id.find(dir_job); !dir_job.empty() && it != h.open_by_job_id.end()) {
    return StrCat("it is in the directory of Flink job ", dir_job, ", which open run ", it->second,
                  " writes: Flink owns it");
  }
  const bool attributed =
      r.run_id.has_value() || (!dir_job.empty() && h.run_job_ids.count(dir_job) > 0);
  if (!attributed && h.open_run) {
    return StrCat("no run can be told to have written it, and run ", *h.open_run,
                  " is open: it may be that run's, which Flink owns");
  }
  return "";
}

Result<std::vector<std::string>> Catalog::FlinkJobIdsLocked(int64_t job_id) {
  std::set<std::string> ids;
  FS_ASSIGN_OR_RETURN(Stmt * runs,
                      db_->Cached("SELECT DISTINCT flink_job_id FROM runs WHERE job_id=? AND "
                                  "flink_job_id<>''"));
  runs->Bind(1, job_id);
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, runs->Step());
    if (!row) break;
    ids.insert(runs->Text(0));
  }
  // <checkpoint dir>/<job id>/chk-N: the parent of a recorded checkpoint names its job.
  FS_ASSIGN_OR_RETURN(Stmt * cps,
                      db_->Cached("SELECT path FROM snapshots WHERE job_id=? AND kind=0 AND "
                                  "state=1 ORDER BY completion_ms DESC LIMIT 32"));
  cps->Bind(1, job_id);
  for (;;) {
    FS_ASSIGN_OR_RETURN(bool row, cps->Step());
    if (!row) break;
    std::string id = CheckpointJobId(cps->Text(0));
    if (!id.empty()) ids.insert(std::move(id));
  }
  return std::vector<std::string>(ids.begin(), ids.end());
}

Result<RestoreDecision> Catalog::ResolveRestore(std::string_view ref, storage::Storage* storage,
                                                const RestoreOptions& options) {
  ContextScope scope(options.context);  // bounds every storage request of the decision
  Job job;
  std::optional<Cluster> cluster;
  std::vector<SnapshotRecord> records;
  std::vector<std::string> job_ids;
  std::vector<std::string> run_roots;         // the checkpoint directories of the runs' clusters
  std::optional<int64_t> once_record;         // the record of the ONCE path
  bool never_ran_or_recorded = false;         // no run, no snapshot record: perhaps a first start
  std::optional<int64_t> unrecorded_since;    // the first run without a Flink job id started
  std::vector<std::string> identity_sources;  // recorded snapshots that give its operators
  std::set<std::string> others;               // Flink job ids of the catalog's other jobs
  {
    Lock lock(this);
    // One read transaction: the job and its records as of one moment, one read lock.
    FS_ASSIGN_OR_RETURN(Transaction read, Transaction::BeginRead(db_.get()));
    FS_ASSIGN_OR_RETURN(job, JobLocked(ref));
    if (job.once_path) {
      FS_ASSIGN_OR_RETURN(once_record, RecordIdLocked(job.id, *job.once_path));
    }
    if (!job.cluster.empty()) {
      FS_ASSIGN_OR_RETURN(Stmt * c,
                          db_->Cached("SELECT flink_version, checkpoint_dir, savepoint_dir FROM "
                                      "clusters WHERE name=?"));
      c->Bind(1, job.cluster);
      FS_ASSIGN_OR_RETURN(bool row, c->Step());
      if (row) {
        Cluster k;
        k.name = job.cluster;
        k.flink_version = c->Text(0);
        k.checkpoint_dir = c->Text(1);
        k.savepoint_dir = c->Text(2);
        cluster = k;
      }
      c->Reset();
    }
    if (job.strategy != RestoreStrategy::kNone && !job.once_path) {
      // The newest (or earliest) completed snapshots of the kinds the strategy takes, from the
      // index alone; paths are read for the candidates that will be looked at.
      const bool earliest = job.strategy == RestoreStrategy::kEarliestSavepoint;
      const char* sql =
          earliest ? "SELECT id, kind, completion_ms FROM snapshots WHERE job_id=? AND kind=? "
                     "AND state=1 ORDER BY completion_ms ASC LIMIT ?"
                   : "SELECT id, kind, completion_ms FROM snapshots WHERE job_id=? AND kind=? "
                     "AND state=1 ORDER BY completion_ms DESC LIMIT ?";
      for (auto kind : {storage::SnapshotKind::kCheckpoint, storage::SnapshotKind::kSavepoint}) {
        if (!WantsKind(job.strategy, kind)) continue;
        FS_ASSIGN_OR_RETURN(Stmt * s, db_->Cached(sql));
        s->Bind(1, job.id)
            .Bind(2, static_cast<int64_t>(kind))
            .Bind(3, static_cast<int64_t>(options.max_candidates));
        for (;;) {
          FS_ASSIGN_OR_RETURN(bool row, s->Step());
          if (!row) break;
          SnapshotRecord r;
          r.id = s->Int(0);
          r.kind = static_cast<storage::SnapshotKind>(s->Int(1));
          r.completion_ms = s->OptInt(2);
          records.push_back(std::move(r));
        }
      }
      std::stable_sort(records.begin(), records.end(),
                       [earliest](const SnapshotRecord& a, const SnapshotRecord& b) {
                         const int64_t x = a.completion_ms.value_or(0),
                                       y = b.completion_ms.value_or(0);
                         return earliest ? x < y : x > y;
                       });
      if (records.size() > options.max_candidates) records.resize(options.max_candidates);
      // Without storage checks the first candidate is the answer; otherwise each may be.
      const bool checks = storage != nullptr && (options.verify || options.discover);
      FS_ASSIGN_OR_RETURN(Stmt * p, db_->Cached("SELECT path FROM snapshots WHERE id=?"));
      for (size_t i = 0; i < records.size() && (checks || i == 0); ++i) {
        p->Bind(1, records[i].id);
        FS_ASSIGN_OR_RETURN(bool row, p->Step());
        if (row) records[i].path = p->Text(0);
        p->Reset();
      }
      if (!checks && records.size() > 1) records.resize(1);
      if (storage != nullptr && options.discover) {
        FS_ASSIGN_OR_RETURN(job_ids, FlinkJobIdsLocked(job.id));
        // A run whose Flink job id was never recorded (its submission's answer lost with its
        // cluster): its directories are found by the job's operators.
        FS_ASSIGN_OR_RETURN(Stmt * u,
                            db_->Cached("SELECT MIN(started_ms) FROM runs WHERE job_id=? AND "
                                        "flink_job_id=''"));
        u->Bind(1, job.id);
        FS_ASSIGN_OR_RETURN(bool urow, u->Step());
        if (urow && !u->IsNull(0)) unrecorded_since = u->Int(0);
        u->Reset();
        if (unrecorded_since) {
          FS_ASSIGN_OR_RETURN(Stmt * src,
                              db_->Cached("SELECT path FROM snapshots WHERE job_id=? AND state=1 "
                                          "ORDER BY completion_ms DESC LIMIT 4"));
          src->Bind(1, job.id);
          for (;;) {
            FS_ASSIGN_OR_RETURN(bool row, src->Step());
            if (!row) break;
            identity_sources.push_back(src->Text(0));
          }
          // Directories the catalog gives to other jobs are never this one's.
          FS_ASSIGN_OR_RETURN(Stmt * o,
                              db_->Cached("SELECT flink_job_id FROM runs WHERE job_id<>? AND "
                                          "flink_job_id<>'' UNION SELECT path FROM snapshots WHERE "
                                          "job_id<>? AND kind=0"));
          o->Bind(1, job.id).Bind(2, job.id);
          for (;;) {
            FS_ASSIGN_OR_RETURN(bool row, o->Step());
            if (!row) break;
            std::string t = o->Text(0);
            if (storage::IsJobId(t)) {
              others.insert(std::move(t));
            } else if (std::string id = CheckpointJobId(t); !id.empty()) {
              others.insert(std::move(id));
            }
          }
        }
        // The checkpoint directories of every cluster the job's runs ran on: a job moved
        // after its cluster was lost finds its state where the old cluster wrote it.
        FS_ASSIGN_OR_RETURN(
            Stmt * r, db_->Cached("SELECT DISTINCT c.checkpoint_dir FROM runs r JOIN clusters c "
                                  "ON c.name=r.cluster WHERE r.job_id=? AND c.checkpoint_dir<>''"));
        r->Bind(1, job.id);
        for (;;) {
          FS_ASSIGN_OR_RETURN(bool row, r->Step());
          if (!row) break;
          run_roots.push_back(r->Text(0));
        }
      }
      if (records.empty()) {
        // Nothing to restore from in the catalog: perhaps the job never ran.
        FS_ASSIGN_OR_RETURN(Stmt * n,
                            db_->Cached("SELECT EXISTS(SELECT 1 FROM runs WHERE job_id=?1) OR "
                                        "EXISTS(SELECT 1 FROM snapshots WHERE job_id=?1)"));
        n->Bind(1, job.id);
        FS_ASSIGN_OR_RETURN(bool row, n->Step());
        never_ran_or_recorded = row && n->Int(0) == 0;
        n->Reset();
      }
    }
    FS_RETURN_IF_ERROR(read.Commit());
  }

  RestoreDecision d;
  std::optional<FlinkVersion> target = options.flink_version;
  if (!target && cluster && !cluster->flink_version.empty()) {
    Result<FlinkVersion> v = FlinkVersion::Parse(cluster->flink_version);
    if (v.ok()) target = *v;
  }
  storage::ScanOptions check;
  // A restore needs proof that a snapshot is whole: the listing alone is not enough, and a
  // _metadata Flink may have written in place (format 3, up to 1.14) is read to its end.
  check.level = std::max(options.level, storage::VerifyLevel::kHeader);
  check.prove_in_place_writes = true;
  check.target = target;
  check.context = options.context;
  // A candidate's verdict; an error only when the caller's deadline or cancellation stops
  // the decision.
  auto verify = [&](RestoreCandidate* c) -> Status {
    if (!options.verify || storage == nullptr) {
      c->restorable = true;
      c->verdict = "not checked";
      c->reason = "taken from the catalog without checking storage";
      return Status();
    }
    Result<storage::Location> loc = storage->Parse(c->path);
    if (!loc.ok()) {
      c->verdict = "UNREADABLE";
      c->reason = loc.status().message();
      return Status();
    }
    Result<storage::Inspection> r = storage::InspectSnapshot(*storage, *loc, check);
    if (!r.ok()) {
      if (r.status().Is(Code::kCancelled) || r.status().Is(Code::kTimeout)) return r.status();
      c->verdict = r.status().Is(Code::kNotFound) ? "MISSING" : "UNREADABLE";
      c->reason = r.status().Is(Code::kNotFound) ? "gone from storage" : r.status().message();
      return Status();
    }
    c->verdict = storage::VerdictName(r->snapshot.verdict);
    c->restorable = r->snapshot.restorable();
    c->reason = r->snapshot.restorable() || r->snapshot.verdict != storage::Verdict::kComplete
                    ? r->snapshot.reason
                    : r->snapshot.target_reason;
    return Status();
  };

  if (job.once_path) {
    d.strategy = "ONCE";
    d.once = true;
    RestoreCandidate c;
    c.path = *job.once_path;
    c.source = "catalog";
    c.snapshot_id = once_record;
    {
      std::string_view p = c.path;
      while (!p.empty() && p.back() == '/') p.remove_suffix(1);
      if (p.substr(p.rfind('/') + 1).rfind("savepoint-", 0) == 0)
        c.kind = storage::SnapshotKind::kSavepoint;
    }
    FS_RETURN_IF_ERROR(verify(&c));
    d.candidates.push_back(c);
    if (!c.restorable) {
      return Status(Code::kIllegalState,
                    StrCat("job ", job.Path(), " is to restore once from ", c.path,
                           ", which is not restorable: ", c.verdict, ": ", c.reason));
    }
    d.path = c.path;
    d.snapshot_id = once_record;
    d.reasons.push_back(StrCat("ONCE(", c.path,
                               ") was set for this start; afterwards the job is "
                               "back on ",
                               RestoreStrategyName(job.strategy)));
    return d;
  }
  d.strategy = RestoreStrategyName(job.strategy);
  if (job.strategy == RestoreStrategy::kNone) {
    d.reasons.push_back("strategy NONE: the job starts without state");
    return d;
  }

  std::vector<RestoreCandidate> candidates;
  std::set<std::string> known;
  for (const SnapshotRecord& r : records) {
    RestoreCandidate c;
    c.path = r.path;
    c.source = "catalog";
    c.snapshot_id = r.id;
    c.kind = r.kind;
    c.completion_ms = r.completion_ms.value_or(0);
    known.insert(Canonical(storage, r.path));
    candidates.push_back(std::move(c));
  }
  // The catalog may have missed the newest checkpoints (a cluster killed before it said so):
  // storage knows.
  if (options.discover && storage != nullptr &&
      WantsKind(job.strategy, storage::SnapshotKind::kCheckpoint) &&
      job.strategy != RestoreStrategy::kEarliestSavepoint) {
    std::vector<std::string> roots;
    if (!job.checkpoint_dir.empty()) {
      roots.push_back(job.checkpoint_dir);
    } else {
      if (cluster && !cluster->checkpoint_dir.empty()) roots.push_back(cluster->checkpoint_dir);
      for (const std::string& r : run_roots) {
        if (std::find(roots.begin(), roots.end(), r) == roots.end()) roots.push_back(r);
      }
    }
    if (!roots.empty() && unrecorded_since) {
      FS_ASSIGN_OR_RETURN(std::vector<std::string> matched,
                          MatchUnrecorded(*storage, roots, identity_sources, options.operator_uids,
                                          *unrecorded_since, job_ids, others, check, &d.reasons));
      job_ids.insert(job_ids.end(), matched.begin(), matched.end());
    }
    if (roots.empty()) {
      if (!never_ran_or_recorded)
        d.reasons.push_back("no checkpoint directory is known for the job: storage not searched");
    } else if (job_ids.empty()) {
      if (!never_ran_or_recorded && !unrecorded_since)
        d.reasons.push_back(
            "no Flink job id is known for the job (no run recorded one, no recorded checkpoint "
            "names "
            "one): storage not searched "
            "(flowstate storage match can find its directories)");
    } else {
      // Each root on its own: one that does not exist (a new cluster's) hides no other.
      for (const std::string& root : roots) {
        Result<storage::Location> loc = storage->Parse(root);
        if (!loc.ok()) {
          d.reasons.push_back(StrCat(root, " cannot be searched: ", loc.status().message()));
          continue;
        }
        storage::ScanOptions scan = check;
        scan.job_ids = job_ids;
        Result<storage::LatestResult> found = storage::FindLatest(*storage, {*loc}, scan);
        if (!found.ok() &&
            (found.status().Is(Code::kCancelled) || found.status().Is(Code::kTimeout))) {
          return found.status();
        }
        if (found.ok() && found->chosen) {
          const storage::Snapshot& s = found->examined[*found->chosen];
          if (known.count(s.location.ToString()) == 0) {
            RestoreCandidate c;
            c.path = s.location.ToString();
            c.source = "storage";
            c.kind = s.kind;
            c.completion_ms = s.completion_time_ms;
            d.reasons.push_back(
                StrCat("storage holds ", c.path, ", which the catalog never recorded"));
            known.insert(c.path);
            candidates.push_back(std::move(c));
          }
        } else if (!found.ok() && !found.status().Is(Code::kNotFound)) {
          d.reasons.push_back(
              StrCat("storage search of ", root, " failed: ", found.status().message()));
        }
      }
    }
  }
  const bool earliest = job.strategy == RestoreStrategy::kEarliestSavepoint;
  std::stable_sort(candidates.begin(), candidates.end(),
                   [earliest](const RestoreCandidate& a, const RestoreCandidate& b) {
                     return earliest ? a.completion_ms < b.completion_ms
                                     : a.completion_ms > b.completion_ms;
                   });
  if (candidates.size() > options.max_candidates) candidates.resize(options.max_candidates);
  for (size_t i = 0; i < candidates.size(); ++i) {
    RestoreCandidate& c = candidates[i];
    FS_RETURN_IF_ERROR(options.context.Progress("restore decision", i, candidates.size()));
    FS_RETURN_IF_ERROR(verify(&c));
    d.candidates.push_back(c);
    if (c.restorable) {
      d.path = c.path;
      d.snapshot_id = c.snapshot_id;
      d.reasons.push_back(StrCat(RestoreStrategyName(job.strategy), ": the ",
                                 earliest ? "earliest" : "newest", " restorable ", KindWord(c.kind),
                                 " is ", c.path,
                                 c.source == "storage" ? " (found on storage)" : ""));
      break;
    }
    d.reasons.push_back(StrCat("skipped ", c.path, ": ", c.verdict, ": ", c.reason));
  }
  if (!d.path && candidates.empty() && never_ran_or_recorded) {
    // A new job: never started, nothing recorded, no ONCE path. It starts empty, as on every
    // platform, once storage confirms that nothing is there for it.
    FS_ASSIGN_OR_RETURN(FirstStart first, CheckFirstStart(job, storage, options));
    d.reasons.push_back(first.reason);
    if (first.empty) return d;
  }
  if (!d.path) {
    const bool closed = options.fail_closed.value_or(job.fail_closed);
    std::string why = StrCat("no restorable ",
                             job.strategy == RestoreStrategy::kLatestCheckpoint ? "checkpoint"
                             : WantsKind(job.strategy, storage::SnapshotKind::kCheckpoint)
                                 ? "checkpoint or savepoint"
                                 : "savepoint",
                             " for job ", job.Path(), " (", d.candidates.size(), " considered)");
    if (closed) {
      std::string detail = why;
      for (const std::string& r : d.reasons) StrAppend(&detail, "; ", r);
      return Status(Code::kIllegalState,
                    StrCat(detail, ". Strategy ", RestoreStrategyName(job.strategy),
                           " needs state: refusing to start empty (set the strategy to NONE, or "
                           "allow an empty start, to start without state)"));
    }
    d.reasons.push_back(StrCat(why, "; the job starts without state (fail-closed is off)"));
  }
  return d;
}

Result<ReconcileReport> Catalog::Reconcile(std::string_view ref, storage::Storage& storage,
                                           const storage::ScanOptions& options) {
  ContextScope scope(options.context);
  Job job;
  std::string cp_dir, sp_dir;
  std::vector<std::string> job_ids;
  std::vector<SnapshotRecord> records;
  {
    Lock lock(this);
    FS_ASSIGN_OR_RETURN(job, JobLocked(ref));
    cp_dir = job.checkpoint_dir;
    sp_dir = job.savepoint_dir;
    if (!job.cluster.empty() && (cp_dir.empty() || sp_dir.empty())) {
      FS_ASSIGN_OR_RETURN(
          Stmt * c, db_->Cached("SELECT checkpoint_dir, savepoint_dir FROM clusters WHERE name=?"));
      c->Bind(1, job.cluster);
      FS_ASSIGN_OR_RETURN(bool row, c->Step());
      if (row) {
        if (cp_dir.empty()) cp_dir = c->Text(0);
        if (sp_dir.empty()) sp_dir = c->Text(1);
      }
      c->Reset();
    }
    FS_ASSIGN_OR_RETURN(job_ids, FlinkJobIdsLocked(job.id));
    FS_ASSIGN_OR_RETURN(records, SnapshotsLocked(job.id, {}, -1));
  }
  ReconcileReport report;
  std::map<std::string, const SnapshotRecord*> recorded;
  for (const SnapshotRecord& r : records) recorded[Canonical(&storage, r.path)] = &r;

  // What storage holds for the job's runs.
  std::vector<storage::Snapshot> on_storage;
  std::vector<std::string> written_as;  // parallel: each one's path as the catalog records it
  if (job_ids.empty()) {
    report.problems.push_back(
        "no Flink job id is known for the job (no run recorded one, no recorded checkpoint names "
        "one): nothing on storage can be attributed to "
        "it (flowstate storage match finds a job's directories by its operators)");
  } else {
    std::vector<std::pair<storage::Location, std::string>> roots;  // and as written
    for (const std::string& dir : {cp_dir, sp_dir}) {
      if (dir.empty()) continue;
      Result<storage::Location> l = storage.Parse(dir);
      if (l.ok()) {
        roots.emplace_back(*l, dir);
      } else {
        report.problems.push_back(StrCat(dir, ": ", l.status().message()));
      }
    }
    if (roots.empty())
      report.problems.push_back("no checkpoint or savepoint directory is known for the job");
    for (const auto& [root, written] : roots) {
      storage::ScanOptions o = options;
      o.job_ids = job_ids;
      Result<storage::ScanResult> scan = storage::ListSnapshots(storage, {root}, o);
      if (!scan.ok()) {
        if (!scan.status().Is(Code::kNotFound)) {
          report.problems.push_back(StrCat(root.ToString(), ": ", scan.status().message()));
        }
        continue;
      }
      for (storage::Snapshot& s : scan->snapshots) {
        // Recorded as the job's directory is written (hdfs:///flink/cp stays without the
        // nameservice the storage settings complete it with), the way a user names it.
        std::string as_written = s.location.ToString();
        if (root.Contains(s.location)) {
          std::string_view base = written;
          while (base.size() > 1 && base.back() == '/') base.remove_suffix(1);
          const std::string rel = root.RelativePath(s.location);
          Result<std::string> c =
              storage::CanonicalLocation(rel.empty() ? std::string(base) : StrCat(base, "/", rel));
          if (c.ok()) as_written = *c;
        }
        written_as.push_back(std::move(as_written));
        on_storage.push_back(std::move(s));
      }
      for (const Diagnostic& d : scan->problems.entries()) report.problems.push_back(d.message);
    }
  }
  std::set<std::string> present;
  std::vector<SnapshotRecord> to_add;
  std::vector<std::pair<int64_t, SnapshotState>> to_state;
  for (size_t i = 0; i < on_storage.size(); ++i) {
    const storage::Snapshot& s = on_storage[i];
    const std::string where = s.location.ToString();
    present.insert(where);
    auto it = recorded.find(where);
    if (it != recorded.end()) {
      if (it->second->state == SnapshotState::kMissing &&
          s.verdict == storage::Verdict::kComplete) {
        to_state.emplace_back(it->second->id, SnapshotState::kCompleted);
      }
      ++report.unchanged;
      continue;
    }
    if (s.verdict != storage::Verdict::kComplete) {
      report.problems.push_back(StrCat(where, " is on storage but ",
                                       storage::VerdictName(s.verdict), ": ", s.reason,
                                       "; not recorded"));
      continue;
    }
    SnapshotRecord r;
    r.job_id = job.id;
    r.kind = s.kind;
    if (s.checkpoint_id >= 0) r.checkpoint_id = s.checkpoint_id;
    r.path = written_as[i];
    r.completion_ms = s.completion_time_ms;
    r.size = static_cast<int64_t>(s.exclusive_bytes);
    if (s.format_version > 0) r.format_version = s.format_version;
    r.savepoint_format = s.savepoint_format;
    r.origin = Origin::kDiscoveredOnStorage;
    r.state = SnapshotState::kCompleted;
    to_add.push_back(std::move(r));
  }
  // Which checkpoints of each job-id directory storage holds: a recorded checkpoint gone
  // from a directory that still holds a newer complete one and no older one was subsumed
  // (Flink's retention deletes the oldest first), so it is DISPOSED, not MISSING.
  std::map<std::string, std::set<int64_t>> held, complete;
  for (const storage::Snapshot& s : on_storage) {
    if (s.kind != storage::SnapshotKind::kCheckpoint || s.directory_id < 0) continue;
    held[s.job_id].insert(s.directory_id);
    if (s.verdict == storage::Verdict::kComplete) complete[s.job_id].insert(s.directory_id);
  }
  auto subsumed = [&](const SnapshotRecord& r) {
    if (r.kind != storage::SnapshotKind::kCheckpoint) return false;
    const auto [job_dir, n] = CheckpointOfPath(r.path);
    if (n < 0) return false;
    auto h = held.find(job_dir);
    auto c = complete.find(job_dir);
    if (h == held.end() || c == complete.end()) return false;
    return *c->second.rbegin() > n && *h->second.begin() > n;
  };
  // Recorded and completed, but not on storage any more.
  std::vector<SnapshotRecord> gone, disposed;
  for (const SnapshotRecord& r : records) {
    if (r.state != SnapshotState::kCompleted) continue;
    const std::string where = Canonical(&storage, r.path);
    if (present.count(where) > 0) continue;
    Result<storage::Location> loc = storage.Parse(r.path);
    if (!loc.ok()) continue;
    Result<storage::Resolved> res = storage.Resolve(*loc);
    if (!res.ok()) continue;
    Result<storage::FileStatus> st = res->fs->Stat(res->path);
    if (st.ok()) {
      ++report.unchanged;
      continue;
    }
    if (!st.status().Is(Code::kNotFound)) {
      report.problems.push_back(StrCat(r.path, ": ", st.status().message()));
      continue;
    }
    (subsumed(r) ? disposed : gone).push_back(r);
  }
  Lock lock(this);
  FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  for (SnapshotRecord& r : to_add) {
    Result<SnapshotRecord> added = InsertSnapshotLocked(r);
    if (added.ok()) report.added.push_back(*added);
  }
  FS_ASSIGN_OR_RETURN(Stmt * u, db_->Cached("UPDATE snapshots SET state=? WHERE id=?"));
  for (SnapshotRecord& r : gone) {
    u->Reset();
    u->Bind(1, static_cast<int64_t>(SnapshotState::kMissing)).Bind(2, r.id);
    FS_RETURN_IF_ERROR(u->Run());
    r.state = SnapshotState::kMissing;
    report.missing.push_back(r);
  }
  for (SnapshotRecord& r : disposed) {
    u->Reset();
    u->Bind(1, static_cast<int64_t>(SnapshotState::kDisposed)).Bind(2, r.id);
    FS_RETURN_IF_ERROR(u->Run());
    r.state = SnapshotState::kDisposed;
    report.disposed.push_back(r);
  }
  for (const auto& [id, state] : to_state) {
    u->Reset();
    u->Bind(1, static_cast<int64_t>(state)).Bind(2, id);
    FS_RETURN_IF_ERROR(u->Run());
  }
  FS_RETURN_IF_ERROR(EventLocked(
      job.id, {}, job.Path(), "reconcile", "ok",
      StrCat(report.added.size(), " found on storage and recorded, ", report.missing.size(),
             " recorded but gone (MISSING), ", report.disposed.size(),
             " deleted by Flink's retention (DISPOSED), ", report.unchanged, " unchanged")));
  FS_RETURN_IF_ERROR(tx.Commit());
  return report;
}

Result<PruneReport> Catalog::Prune(std::string_view ref, storage::Storage& storage,
                                   const PruneOptions& options) {
  Job job;
  std::vector<SnapshotRecord> records;
  std::optional<Holds> holds;
  {
    Lock lock(this);
    FS_ASSIGN_OR_RETURN(Transaction read, Transaction::BeginRead(db_.get()));
    FS_ASSIGN_OR_RETURN(job, JobLocked(ref));
    FS_ASSIGN_OR_RETURN(records, SnapshotsLocked(job.id, {}, -1));
    FS_ASSIGN_OR_RETURN(holds, HoldsLocked(job.id));
    FS_RETURN_IF_ERROR(read.Commit());
  }
  PruneReport report;
  const bool checkpoints = job.retain_count || job.retain_age_ms;
  const bool savepoints = job.savepoint_retain_count || job.savepoint_retain_age_ms;
  if (!checkpoints && !savepoints) return report;  // no retention set
  const int64_t now = options.now_ms.value_or(Now());
  // records: newest completion first. Checkpoints and savepoints are counted apart, each by
  // its own settings; the newest completed of each kind always stays.
  std::optional<int64_t> newest[2];
  int64_t seen[2] = {0, 0};
  std::vector<SnapshotRecord> doomed;
  for (const SnapshotRecord& r : records) {
    if (r.state != SnapshotState::kCompleted) continue;
    const bool savepoint = r.kind == storage::SnapshotKind::kSavepoint;
    const int k = savepoint ? 1 : 0;
    const bool first_of_kind = !newest[k];
    if (first_of_kind) newest[k] = r.id;
    if (savepoint ? !savepoints : (!checkpoints || !AutomaticCheckpoint(r.origin))) continue;
    ++seen[k];
    const std::optional<int64_t>& count = savepoint ? job.savepoint_retain_count : job.retain_count;
    const std::optional<int64_t>& age = savepoint ? job.savepoint_retain_age_ms : job.retain_age_ms;
    const bool over_count = count && seen[k] > *count;
    const bool too_old = age && r.completion_ms && now - *r.completion_ms > *age;
    if (!over_count && !too_old) continue;
    std::string keep_why =
        first_of_kind ? StrCat("the newest completed ", KindWord(r.kind), " is never deleted")
                      : HeldBy(r, *holds);
    if (!keep_why.empty()) {
      report.kept.emplace_back(r, keep_why);
      continue;
    }
    doomed.push_back(r);
  }
  for (const SnapshotRecord& r : doomed) {
    if (options.dry_run) {
      report.deleted.push_back(r);
      continue;
    }
    // The files first; the record changes only once they are gone.
    Status st = DeleteSnapshotFiles(storage, r.path);
    Lock lock(this);
    if (!st.ok()) {
      report.failed.emplace_back(r, st.message());
      (void)EventLocked(job.id, {}, job.Path(), "prune.delete", "failed",
                        StrCat(r.path, ": ", st.message()));
      continue;
    }
    FS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
    FS_ASSIGN_OR_RETURN(Stmt * u, db_->Cached("UPDATE snapshots SET state=? WHERE id=?"));
    u->Bind(1, static_cast<int64_t>(SnapshotState::kDisposed)).Bind(2, r.id);
    FS_RETURN_IF_ERROR(u->Run());
    FS_RETURN_IF_ERROR(EventLocked(job.id, {}, job.Path(), "prune.delete", "ok",
                                   StrCat(KindWord(r.kind), " ", r.path, " (", OriginName(r.origin),
                                          ") deleted by retention")));
    FS_RETURN_IF_ERROR(tx.Commit());
    SnapshotRecord d = r;
    d.state = SnapshotState::kDisposed;
    report.deleted.push_back(d);
  }
  return report;
}

}  // namespace flowstate::core::catalog
