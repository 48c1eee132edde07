// `flowstate jobs|snapshots|restore`: the checkpoint catalog.
//
// The catalog file: --catalog FILE, else `path` in the settings' [catalog] section, else
// $XDG_DATA_HOME/flowstate/catalog.db. Secret values moved out of saved scripts go to a
// file the program keeps beside the catalog (mode 0600; [catalog] secrets = FILE moves it),
// as a host application would hand them to its vault. Commands that only read open the
// catalog read-only (catalog_common.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iomanip>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/catalog_common.h"
#include "cli/command.h"
#include "cli/format.h"
#include "cli/input.h"
#include "cli/json.h"
#include "cli/storage_options.h"
#include "flowstate/flowstate.hpp"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace flowstate::cli {
namespace {

using Alloc = rapidjson::Document::AllocatorType;

// ---- JSON and text ------------------------------------------------------------------------

rapidjson::Value OptInt(int64_t v) {
  return v < 0 ? rapidjson::Value(rapidjson::kNullType) : rapidjson::Value(v);
}

rapidjson::Value JobJson(const JobInfo& j, Alloc& al, bool with_script) {
  rapidjson::Value o(rapidjson::kObjectType);
  o.AddMember("id", j.id, al);
  o.AddMember("path", JsonString(j.path, al), al);
  o.AddMember("name", JsonString(j.name, al), al);
  o.AddMember("folder", JsonString(j.folder, al), al);
  o.AddMember("cluster", JsonString(j.cluster, al), al);
  o.AddMember("status", JsonString(j.status, al), al);
  o.AddMember("strategy", JsonString(restore_strategy_name(j.strategy), al), al);
  o.AddMember("once_path",
              j.once_path ? JsonString(*j.once_path, al) : rapidjson::Value(rapidjson::kNullType),
              al);
  o.AddMember("fail_closed", j.fail_closed, al);
  o.AddMember("checkpoint_dir", JsonString(j.checkpoint_dir, al), al);
  o.AddMember("savepoint_dir", JsonString(j.savepoint_dir, al), al);
  o.AddMember("retain_count", OptInt(j.retain_count), al);
  o.AddMember("retain_age_ms", OptInt(j.retain_age_ms), al);
  o.AddMember("savepoint_retain_count", OptInt(j.savepoint_retain_count), al);
  o.AddMember("savepoint_retain_age_ms", OptInt(j.savepoint_retain_age_ms), al);
  o.AddMember("created_ms", j.created_ms, al);
  o.AddMember("updated_ms", j.updated_ms, al);
  if (with_script) o.AddMember("script", JsonString(j.script, al), al);
  return o;
}

const char* KindName(int kind) {
  return kind == FLOWSTATE_SNAPSHOT_SAVEPOINT ? "SAVEPOINT" : "CHECKPOINT";
}

rapidjson::Value RecordJson(const SnapshotRecord& r, Alloc& al) {
  rapidjson::Value o(rapidjson::kObjectType);
  o.AddMember("id", r.id, al);
  o.AddMember("kind", JsonString(KindName(r.kind), al), al);
  o.AddMember("path", JsonString(r.path, al), al);
  o.AddMember("checkpoint_id", OptInt(r.checkpoint_id), al);
  o.AddMember("origin", JsonString(origin_name(r.origin), al), al);
  o.AddMember("state", JsonString(snapshot_state_name(r.state), al), al);
  o.AddMember("trigger_ms", OptInt(r.trigger_ms), al);
  o.AddMember("completion_ms", OptInt(r.completion_ms), al);
  o.AddMember("size", OptInt(r.size), al);
  o.AddMember("format_version", OptInt(r.format_version), al);
  if (!r.savepoint_format.empty()) {
    o.AddMember("savepoint_format", JsonString(r.savepoint_format, al), al);
  }
  o.AddMember("run_id", OptInt(r.run_id), al);
  o.AddMember("claimed_by_run", OptInt(r.claimed_by_run), al);
  o.AddMember("keep", r.keep, al);
  if (!r.note.empty()) o.AddMember("note", JsonString(r.note, al), al);
  return o;
}

rapidjson::Value RecordsJson(const std::vector<SnapshotRecord>& rs, Alloc& al) {
  rapidjson::Value a(rapidjson::kArrayType);
  for (const SnapshotRecord& r : rs) a.PushBack(RecordJson(r, al), al);
  return a;
}

void PrintRecords(std::ostream& out, const std::vector<SnapshotRecord>& rs, bool notes = false) {
  out << std::left << std::setw(7) << "ID" << std::setw(11) << "KIND" << std::setw(23) << "ORIGIN"
      << std::setw(10) << "STATE" << std::setw(8) << "CHK" << std::setw(21) << "COMPLETED (UTC)"
      << "PATH\n";
  for (const SnapshotRecord& r : rs) {
    out << std::left << std::setw(7) << r.id << std::setw(11) << KindName(r.kind) << std::setw(23)
        << origin_name(r.origin) << std::setw(10) << snapshot_state_name(r.state) << std::setw(8)
        << (r.checkpoint_id >= 0 ? std::to_string(r.checkpoint_id) : "-") << std::setw(21)
        << Utc(r.completion_ms) << r.path << "\n";
    if (notes && !r.note.empty()) out << "       " << r.note << "\n";
  }
}

Result<int> ParseStrategy(const std::string& s) {
  Result<int> v = parse_restore_strategy(s);
  if (!v.ok()) return v.status();
  return *v;
}

// "/warehouse/cdc/emp" -> {"/warehouse/cdc", "emp"}
Result<std::pair<std::string, std::string>> SplitJobPath(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  const size_t slash = p.rfind('/');
  if (p.empty() || p[0] != '/' || slash == std::string::npos || slash + 1 >= p.size()) {
    return Status(ErrorCode::invalid_argument,
                  "a job is named by its path, such as /warehouse/cdc/emp, not '" + path + "'");
  }
  return std::make_pair(slash == 0 ? std::string("/") : p.substr(0, slash), p.substr(slash + 1));
}

// ---- flowstate jobs ---------------------------------------------------------------------

struct JobArgs {
  CatalogArgs catalog;
  std::string path, target, script, cluster, strategy, checkpoint_dir, savepoint_dir, status;
  std::string retain_age, savepoint_retain_age;
  int64_t retain_count = -1, savepoint_retain_count = -1;
  bool allow_empty_start = false;
  bool json = false;
  bool with_script = false;
  bool folder = false;
  // find
  std::string name, in_folder;
  int64_t limit = 1000;
};

int SaveScript(Context& ctx, Catalog& cat, const JobArgs& a, const std::string& ref) {
  Result<std::string> text = ReadInput(a.script);
  if (!text.ok()) return ReportError(ctx, text.status());
  {
    // A file that is not UTF-8 text is refused by its name, line and column.
    ParseOptions po;
    po.source_name = InputName(a.script);
    po.substitute_variables = VariableMode::kOff;
    Result<Script> parsed = Script::parse(*text, po);
    if (!parsed.ok()) return ReportError(ctx, parsed.status());
  }
  Result<FileSecrets> secrets = FileSecrets::Open(ctx, a.catalog);
  if (!secrets.ok()) return ReportError(ctx, secrets.status());
  SecretStore store = secrets->Store();
  Result<SaveReport> saved = cat.save_script(ref, *text, &store);
  if (!saved.ok()) return ReportError(ctx, saved.status());
  for (const MovedSecret& m : saved->moved) {
    *ctx.err << InputName(a.script) << ":" << m.line << ":" << m.column << ": note: the value of '"
             << m.key << "' moved to the secret store as ${secret:" << m.name << "}\n";
  }
  return 0;
}

int RunJobsAdd(Context& ctx, const JobArgs& a) {
  auto where = SplitJobPath(a.path);
  if (!where.ok()) return ReportError(ctx, where.status());
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, true);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  Status st = SyncCluster(ctx, *cat, a.cluster);
  if (!st.ok()) return ReportError(ctx, st);
  JobInfo j;
  j.folder = where->first;
  j.name = where->second;
  j.cluster = a.cluster;
  if (!a.strategy.empty()) {
    Result<int> s = ParseStrategy(a.strategy);
    if (!s.ok()) return ReportError(ctx, s.status());
    j.strategy = *s;
  }
  if (!a.status.empty()) j.status = a.status;
  j.fail_closed = !a.allow_empty_start;
  j.checkpoint_dir = a.checkpoint_dir;
  j.savepoint_dir = a.savepoint_dir;
  j.retain_count = a.retain_count;
  j.savepoint_retain_count = a.savepoint_retain_count;
  for (auto [text, out] : {std::pair{&a.retain_age, &j.retain_age_ms},
                           std::pair{&a.savepoint_retain_age, &j.savepoint_retain_age_ms}}) {
    if (text->empty()) continue;
    Result<int64_t> age = ParseDuration(*text);
    if (!age.ok()) return ReportError(ctx, age.status());
    *out = *age;
  }
  Result<JobInfo> added = cat->add_job(j);
  if (!added.ok()) return ReportError(ctx, added.status());
  if (!a.script.empty()) {
    int rc = SaveScript(ctx, *cat, a, std::to_string(added->id));
    if (rc != 0) {
      // The job without its script would be a half-made job: take it back, with any value
      // already in the secrets file.
      Result<FileSecrets> secrets = FileSecrets::Open(ctx, a.catalog);
      if (secrets.ok()) {
        SecretStore store = secrets->Store();
        (void)cat->remove_job(std::to_string(added->id), store);
      } else {
        (void)cat->remove_job(std::to_string(added->id));
      }
      return rc;
    }
  }
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto got = cat->get_job(std::to_string(added->id));
    doc.AddMember("job", JobJson(got.ok() ? *got : *added, doc.GetAllocator(), false),
                  doc.GetAllocator());
    PrintJson(*ctx.out, doc);
  } else {
    *ctx.out << "added " << added->path << " (id " << added->id << ")\n";
  }
  return 0;
}

int RunJobsShow(Context& ctx, const JobArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, false);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  Result<JobInfo> j = cat->get_job(a.path);
  if (!j.ok()) return ReportError(ctx, j.status());
  auto runs = cat->list_runs(a.path);
  auto snaps = cat->list_snapshots(a.path, {FLOWSTATE_SNAPSHOT_STATE_COMPLETED});
  auto events = cat->list_events(a.path, 10);
  if (!runs.ok()) return ReportError(ctx, runs.status());
  if (!snaps.ok()) return ReportError(ctx, snaps.status());
  if (!events.ok()) return ReportError(ctx, events.status());
  ClusterInfo cluster;
  if (!j->cluster.empty()) {
    if (auto k = cat->get_cluster(j->cluster); k.ok()) cluster = *k;
  }
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& al = doc.GetAllocator();
    doc.AddMember("job", JobJson(*j, al, a.with_script), al);
    rapidjson::Value rs(rapidjson::kArrayType);
    for (const RunInfo& r : *runs) rs.PushBack(RunJson(r, al), al);
    doc.AddMember("runs", rs, al);
    doc.AddMember("completed_snapshots", static_cast<uint64_t>(snaps->size()), al);
    rapidjson::Value ev(rapidjson::kArrayType);
    for (const EventInfo& e : *events) {
      rapidjson::Value x(rapidjson::kObjectType);
      x.AddMember("at_ms", e.at_ms, al);
      x.AddMember("action", JsonString(e.action, al), al);
      x.AddMember("actor", JsonString(e.actor, al), al);
      x.AddMember("outcome", JsonString(e.outcome, al), al);
      x.AddMember("detail", JsonString(e.detail, al), al);
      ev.PushBack(x, al);
    }
    doc.AddMember("events", ev, al);
    PrintJson(*ctx.out, doc);
    return 0;
  }
  std::ostream& out = *ctx.out;
  auto row = [&out](const char* k, const std::string& v) {
    out << std::left << std::setw(13) << k << v << "\n";
  };
  row("job", j->path + " (id " + std::to_string(j->id) + ")");
  row("cluster", j->cluster.empty() ? "-"
                                    : j->cluster + (cluster.flink_version.empty()
                                                        ? std::string()
                                                        : " (Flink " + cluster.flink_version + ")"));
  row("status", j->status);
  std::string strategy = restore_strategy_name(j->strategy);
  if (j->once_path) strategy += "; the next start only: ONCE " + *j->once_path;
  row("restore", strategy);
  row("empty start", j->fail_closed ? "refused when the strategy needs state" : "allowed");
  row("checkpoints", !j->checkpoint_dir.empty() ? j->checkpoint_dir
                     : !cluster.checkpoint_dir.empty() ? cluster.checkpoint_dir + " (the cluster's)"
                                                       : "-");
  row("savepoints", !j->savepoint_dir.empty() ? j->savepoint_dir
                    : !cluster.savepoint_dir.empty() ? cluster.savepoint_dir + " (the cluster's)"
                                                     : "-");
  auto retention = [](int64_t count, int64_t age_ms) {
    std::string r;
    if (count >= 0) r = "keep " + std::to_string(count);
    if (age_ms >= 0) r += (r.empty() ? "" : ", ") + std::string("at most ") + Duration(age_ms) + " old";
    return r.empty() ? std::string("none (nothing is pruned)") : r;
  };
  row("retention", "checkpoints: " + retention(j->retain_count, j->retain_age_ms) +
                       "; savepoints: " + retention(j->savepoint_retain_count, j->savepoint_retain_age_ms));
  size_t refs = 0;
  for (size_t p = j->script.find("${secret:"); p != std::string::npos; p = j->script.find("${secret:", p + 1)) ++refs;
  row("script", j->script.empty() ? "-"
                                  : std::to_string(j->script.size()) + " bytes, " +
                                        std::to_string(refs) + " secret references");
  row("snapshots", std::to_string(snaps->size()) + " completed" +
                       (snaps->empty() ? std::string() : ", newest " + snaps->front().path));
  row("runs", std::to_string(runs->size()) +
                  (runs->empty() ? std::string()
                                 : ", last started " + Utc(runs->back().started_ms) + " UTC" +
                                       (runs->back().final_status.empty()
                                            ? " (running)"
                                            : ", " + runs->back().final_status)));
  if (!events->empty()) {
    out << "recent events:\n";
    for (const EventInfo& e : *events) {
      out << "  " << Utc(e.at_ms) << "  " << std::left << std::setw(20) << e.action << e.outcome
          << "  by " << e.actor << (e.detail.empty() ? "" : ": " + e.detail) << "\n";
    }
  }
  if (a.with_script && !j->script.empty()) out << "\n" << j->script << (j->script.back() == '\n' ? "" : "\n");
  return 0;
}

int RunJobsMv(Context& ctx, const JobArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, true);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  // A folder moves with everything in it; a job moves into a folder (TARGET ending in '/' or
  // an existing folder) or to a new path.
  if (!cat->get_job(a.path).ok() && cat->tree(a.path).ok()) {
    Status st = cat->move_folder(a.path, a.target);
    if (!st.ok()) return ReportError(ctx, st);
    *ctx.out << "moved folder " << a.path << " to " << a.target << "\n";
    return 0;
  }
  const bool into = a.target.back() == '/' || cat->tree(a.target).ok();
  Result<JobInfo> moved = Status(ErrorCode::internal, "");
  if (into) {
    moved = cat->move_job(a.path, a.target);
  } else {
    auto where = SplitJobPath(a.target);
    if (!where.ok()) return ReportError(ctx, where.status());
    moved = cat->move_job(a.path, where->first, where->second);
  }
  if (!moved.ok()) return ReportError(ctx, moved.status());
  *ctx.out << "moved " << a.path << " to " << moved->path << "\n";
  return 0;
}

int RunJobsRm(Context& ctx, const JobArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, true);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  if (a.folder) {
    Status st = cat->remove_folder(a.path);
    if (!st.ok()) return ReportError(ctx, st);
    *ctx.out << "removed folder " << a.path << "\n";
    return 0;
  }
  // The job's secret values leave the secrets file with it.
  Result<FileSecrets> secrets = FileSecrets::Open(ctx, a.catalog);
  if (!secrets.ok()) return ReportError(ctx, secrets.status());
  SecretStore store = secrets->Store();
  Result<std::vector<std::string>> left = cat->remove_job(a.path, store);
  if (!left.ok()) return ReportError(ctx, left.status());
  *ctx.out << "removed " << a.path << " (its snapshot files stay on storage)\n";
  for (const std::string& name : *left) {
    *ctx.err << "flowstate: warning: the value of ${secret:" << name << "} is still in " << secrets->path() << "\n";
  }
  return left->empty() ? 0 : kExitProblems;
}

int RunJobsTree(Context& ctx, const JobArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, false);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  const std::string root = a.path.empty() ? "/" : a.path;
  auto folders = cat->tree(root);
  if (!folders.ok()) return ReportError(ctx, folders.status());
  JobQuery q;
  q.folder = root;
  q.limit = 1000000;
  auto jobs = cat->find_jobs(q);
  if (!jobs.ok()) return ReportError(ctx, jobs.status());
  std::map<std::string, std::vector<const JobInfo*>> by_folder;
  for (const JobInfo& j : *jobs) by_folder[j.folder].push_back(&j);
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& al = doc.GetAllocator();
    rapidjson::Value fs(rapidjson::kArrayType);
    for (const FolderInfo& f : *folders) {
      rapidjson::Value x(rapidjson::kObjectType);
      x.AddMember("path", JsonString(f.path, al), al);
      x.AddMember("jobs", f.jobs, al);
      x.AddMember("all_jobs", f.all_jobs, al);
      rapidjson::Value js(rapidjson::kArrayType);
      for (const JobInfo* j : by_folder[f.path]) js.PushBack(JobJson(*j, al, false), al);
      x.AddMember("job_list", js, al);
      fs.PushBack(x, al);
    }
    doc.AddMember("folders", fs, al);
    PrintJson(*ctx.out, doc);
    return 0;
  }
  auto depth = [](const std::string& p) {
    return p == "/" ? 0 : static_cast<int>(std::count(p.begin(), p.end(), '/'));
  };
  const int base = depth(root);
  for (const FolderInfo& f : *folders) {
    const int d = depth(f.path) - base;
    const std::string name = f.path == root ? f.path : f.path.substr(f.path.rfind('/') + 1) + "/";
    *ctx.out << std::string(2 * d, ' ') << name << "  (" << f.all_jobs
             << (f.all_jobs == 1 ? " job" : " jobs") << ")\n";
    for (const JobInfo* j : by_folder[f.path]) {
      *ctx.out << std::string(2 * d + 2, ' ') << std::left << std::setw(24) << j->name << " "
               << std::setw(12) << j->status << restore_strategy_name(j->strategy)
               << (j->once_path ? " (ONCE pending)" : "") << "\n";
    }
  }
  return 0;
}

int RunJobsFind(Context& ctx, const JobArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, false);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  JobQuery q;
  q.name_contains = a.name;
  q.status = a.status;
  q.cluster = a.cluster;
  q.folder = a.in_folder;
  q.limit = a.limit;
  auto jobs = cat->find_jobs(q);
  if (!jobs.ok()) return ReportError(ctx, jobs.status());
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    rapidjson::Value js(rapidjson::kArrayType);
    for (const JobInfo& j : *jobs) js.PushBack(JobJson(j, doc.GetAllocator(), false), doc.GetAllocator());
    doc.AddMember("jobs", js, doc.GetAllocator());
    PrintJson(*ctx.out, doc);
  } else {
    *ctx.out << std::left << std::setw(40) << "JOB" << std::setw(12) << "STATUS" << std::setw(14)
             << "CLUSTER" << "RESTORE\n";
    for (const JobInfo& j : *jobs) {
      *ctx.out << std::left << std::setw(40) << j.path << std::setw(12) << j.status << std::setw(14)
               << (j.cluster.empty() ? "-" : j.cluster) << restore_strategy_name(j.strategy)
               << (j.once_path ? " (ONCE pending)" : "") << "\n";
    }
  }
  return jobs->empty() ? kExitProblems : 0;
}

// ---- flowstate snapshots ------------------------------------------------------------------

struct SnapArgs {
  CatalogArgs catalog;
  StorageArgs storage;
  std::string job, path, origin = "REGISTERED_BY_USER";
  std::vector<std::string> states;
  int64_t limit = -1;
  bool json = false, dry_run = false, no_verify = false, force = false, progress = false,
       delete_files = false;
  double timeout_s = -1;
};

// `flowstate snapshots rm JOB ID|PATH`: the record only, or (--delete-files) the files first.
int RunSnapshotsRm(Context& ctx, const SnapArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, true);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  Result<SnapshotRecord> r = Status(ErrorCode::internal, "");
  const bool by_id = !a.path.empty() && a.path.find_first_not_of("0123456789") == std::string::npos;
  if (by_id) {
    r = cat->get_snapshot(std::stoll(a.path.substr(0, 18)));
    Result<JobInfo> job = cat->get_job(a.job);
    if (!job.ok()) return ReportError(ctx, job.status());
    if (r.ok() && r->job_id != job->id) {
      r = Status(ErrorCode::not_found, "snapshot " + a.path + " is not a record of " + job->path);
    }
  } else {
    r = cat->find_snapshot(a.job, a.path);
  }
  if (!r.ok()) return ReportError(ctx, r.status());
  Status st;
  if (a.delete_files) {
    Result<Storage> storage = MakeStorage(ctx, a.storage);
    if (!storage.ok()) return ReportError(ctx, storage.status());
    st = cat->remove_snapshot(r->id, &*storage);
  } else {
    st = cat->remove_snapshot(r->id);
  }
  if (!st.ok()) return ReportError(ctx, st);
  *ctx.out << "removed the record of " << KindName(r->kind) << " " << r->path << " (id " << r->id << ")"
           << (a.delete_files ? ", its files deleted first" : "; its files stay on storage") << "\n";
  return 0;
}

int RunSnapshotsList(Context& ctx, const SnapArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, false);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  std::vector<int> states;
  for (const std::string& s : a.states) {
    Result<int> v = parse_snapshot_state(s);
    if (!v.ok()) return ReportError(ctx, v.status());
    states.push_back(*v);
  }
  auto rs = cat->list_snapshots(a.job, states, a.limit);
  if (!rs.ok()) return ReportError(ctx, rs.status());
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    doc.AddMember("snapshots", RecordsJson(*rs, doc.GetAllocator()), doc.GetAllocator());
    PrintJson(*ctx.out, doc);
  } else {
    PrintRecords(*ctx.out, *rs);
  }
  return 0;
}

int RunSnapshotsAdd(Context& ctx, const SnapArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, true);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  Result<JobInfo> job = cat->get_job(a.job);
  if (!job.ok()) return ReportError(ctx, job.status());
  Result<int> origin = parse_origin(a.origin);
  if (!origin.ok()) return ReportError(ctx, origin.status());
  SnapshotRecord r;
  r.path = a.path;
  r.origin = *origin;
  const std::string base = a.path.substr(a.path.find_last_of('/', a.path.size() - 2) + 1);
  r.kind = base.rfind("savepoint-", 0) == 0 ? FLOWSTATE_SNAPSHOT_SAVEPOINT : FLOWSTATE_SNAPSHOT_CHECKPOINT;
  if (!a.no_verify) {
    // What is registered is checked first: a record never points at nothing.
    Result<Storage> storage = MakeStorage(ctx, a.storage);
    if (!storage.ok()) return ReportError(ctx, storage.status());
    // The record keeps the location as Flink names it (the catalog's canonical form); the
    // storage settings only say how this host reaches it.
    ScanOptions o;
    auto got = storage->inspect(a.path, o);
    if (!got.ok()) return ReportError(ctx, got.status());
    const SnapshotInfo& s = got->second;
    if (!s.restorable && !a.force) {
      return ReportError(ctx, Status(ErrorCode::illegal_state,
                                     a.path + " is not restorable (" + s.verdict_name + ": " +
                                         s.reason + "); --force registers it all the same"));
    }
    r.kind = s.kind;
    if (got->first.checkpoint_id >= 0) r.checkpoint_id = got->first.checkpoint_id;
    r.completion_ms = s.completion_time_ms > 0 ? s.completion_time_ms : -1;
    r.size = static_cast<int64_t>(s.metadata_size + s.exclusive_bytes);
    if (s.format_version > 0) r.format_version = s.format_version;
    r.savepoint_format = s.savepoint_format;
    if (!s.restorable) r.state = FLOWSTATE_SNAPSHOT_STATE_FAILED;
  }
  Result<SnapshotRecord> added = cat->add_snapshot(a.job, r);
  if (!added.ok()) return ReportError(ctx, added.status());
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    doc.AddMember("snapshot", RecordJson(*added, doc.GetAllocator()), doc.GetAllocator());
    PrintJson(*ctx.out, doc);
  } else {
    *ctx.out << "registered " << KindName(added->kind) << " " << added->path << " (id "
             << added->id << ") for " << job->path << "\n";
  }
  return 0;
}

int RunSnapshotsReconcile(Context& ctx, const SnapArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, true);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  Result<Storage> storage = MakeStorage(ctx, a.storage);
  if (!storage.ok()) return ReportError(ctx, storage.status());
  ProgressLine progress(ctx, a.progress);
  ScanOptions o;
  o.timeout_ms = a.timeout_s < 0 ? -1 : static_cast<int64_t>(a.timeout_s * 1000);
  o.cancel = ctx.interrupt;
  ctx.doing = "comparing the records of " + a.job + " with storage (nothing was recorded yet)";
  o.progress = [&progress](std::string_view phase, uint64_t done, uint64_t total) {
    return progress(phase, done, total);
  };
  auto rep = cat->reconcile(a.job, *storage, o);
  if (!rep.ok()) return ReportError(ctx, rep.status());
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& al = doc.GetAllocator();
    doc.AddMember("added", RecordsJson(rep->added, al), al);
    doc.AddMember("missing", RecordsJson(rep->missing, al), al);
    doc.AddMember("unchanged", rep->unchanged, al);
    rapidjson::Value ps(rapidjson::kArrayType);
    for (const std::string& p : rep->problems) ps.PushBack(JsonString(p, al), al);
    doc.AddMember("problems", ps, al);
    PrintJson(*ctx.out, doc);
  } else {
    *ctx.out << rep->added.size() << " found on storage and added (DISCOVERED_ON_STORAGE), "
             << rep->missing.size() << " recorded but gone (now MISSING), " << rep->unchanged
             << " unchanged\n";
    if (!rep->added.empty()) {
      *ctx.out << "\nadded:\n";
      PrintRecords(*ctx.out, rep->added);
    }
    if (!rep->missing.empty()) {
      *ctx.out << "\nmissing:\n";
      PrintRecords(*ctx.out, rep->missing);
    }
    for (const std::string& p : rep->problems) *ctx.err << "flowstate: warning: " << p << "\n";
  }
  return rep->missing.empty() && rep->problems.empty() ? 0 : kExitProblems;
}

int RunSnapshotsPrune(Context& ctx, const SnapArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, true);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  Result<Storage> storage = MakeStorage(ctx, a.storage);
  if (!storage.ok()) return ReportError(ctx, storage.status());
  auto rep = cat->prune(a.job, *storage, a.dry_run);
  if (!rep.ok()) return ReportError(ctx, rep.status());
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& al = doc.GetAllocator();
    doc.AddMember("dry_run", a.dry_run, al);
    doc.AddMember("deleted", RecordsJson(rep->deleted, al), al);
    doc.AddMember("kept", RecordsJson(rep->kept, al), al);
    doc.AddMember("failed", RecordsJson(rep->failed, al), al);
    PrintJson(*ctx.out, doc);
  } else {
    *ctx.out << (a.dry_run ? "would delete " : "deleted ") << rep->deleted.size() << ", kept "
             << rep->kept.size() << " that retention would take, " << rep->failed.size()
             << " failed\n";
    if (!rep->deleted.empty()) {
      *ctx.out << "\n" << (a.dry_run ? "to delete" : "deleted") << ":\n";
      PrintRecords(*ctx.out, rep->deleted);
    }
    if (!rep->kept.empty()) {
      *ctx.out << "\nkept:\n";
      PrintRecords(*ctx.out, rep->kept, true);
    }
    if (!rep->failed.empty()) {
      *ctx.out << "\nfailed (files and records left as they were):\n";
      PrintRecords(*ctx.out, rep->failed, true);
    }
  }
  return rep->failed.empty() ? 0 : kExitProblems;
}

// ---- flowstate restore --------------------------------------------------------------------

struct RestoreArgs {
  CatalogArgs catalog;
  StorageArgs storage;
  std::string job, strategy, once, flink_version;
  bool clear_once = false, json = false, no_verify = false, no_discover = false,
       allow_empty = false, progress = false;
  double timeout_s = -1;
};

int RunRestorePlan(Context& ctx, const RestoreArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, false);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  Result<JobInfo> job = cat->get_job(a.job);
  if (!job.ok()) return ReportError(ctx, job.status());
  std::optional<Storage> storage;
  if (!a.no_verify) {
    Result<Storage> s = MakeStorage(ctx, a.storage);
    if (!s.ok()) return ReportError(ctx, s.status());
    storage.emplace(std::move(*s));
  }
  ProgressLine progress(ctx, a.progress);
  RestoreOptions o;
  o.flink_version = a.flink_version;
  o.verify = !a.no_verify;
  o.discover = !a.no_discover;
  if (a.allow_empty) o.fail_closed = false;
  o.timeout_ms = a.timeout_s < 0 ? -1 : static_cast<int64_t>(a.timeout_s * 1000);
  o.cancel = ctx.interrupt;
  ctx.doing = "checking where " + job->path + " restores from";
  o.progress = [&progress](std::string_view phase, uint64_t done, uint64_t total) {
    return progress(phase, done, total);
  };
  auto d = cat->resolve_restore(a.job, storage ? &*storage : nullptr, o);
  if (!d.ok()) return ReportError(ctx, d.status());
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& al = doc.GetAllocator();
    doc.AddMember("job", JsonString(job->path, al), al);
    doc.AddMember("path", d->path ? JsonString(*d->path, al) : rapidjson::Value(rapidjson::kNullType), al);
    doc.AddMember("snapshot_id", OptInt(d->snapshot_id), al);
    doc.AddMember("strategy", JsonString(d->strategy, al), al);
    doc.AddMember("once", d->once, al);
    rapidjson::Value rs(rapidjson::kArrayType);
    for (const std::string& r : d->reasons) rs.PushBack(JsonString(r, al), al);
    doc.AddMember("reasons", rs, al);
    rapidjson::Value cs(rapidjson::kArrayType);
    for (const RestoreCandidate& c : d->candidates) {
      rapidjson::Value x(rapidjson::kObjectType);
      x.AddMember("path", JsonString(c.path, al), al);
      x.AddMember("source", JsonString(c.source, al), al);
      x.AddMember("snapshot_id", OptInt(c.snapshot_id), al);
      x.AddMember("kind", JsonString(KindName(c.kind), al), al);
      x.AddMember("completion_ms", c.completion_ms, al);
      x.AddMember("restorable", c.restorable, al);
      x.AddMember("verdict", JsonString(c.verdict, al), al);
      x.AddMember("reason", JsonString(c.reason, al), al);
      cs.PushBack(x, al);
    }
    doc.AddMember("candidates", cs, al);
    PrintJson(*ctx.out, doc);
    return 0;
  }
  std::ostream& out = *ctx.out;
  out << "job        " << job->path << "\n";
  out << "strategy   " << d->strategy << (d->once ? " (this start only)" : "") << "\n";
  out << "restore    " << (d->path ? *d->path : std::string("nothing: the job starts empty")) << "\n";
  if (!d->reasons.empty()) {
    out << "why:\n";
    for (const std::string& r : d->reasons) out << "  - " << r << "\n";
  }
  if (!d->candidates.empty()) {
    out << "candidates considered:\n";
    int n = 0;
    for (const RestoreCandidate& c : d->candidates) {
      out << "  " << ++n << ". " << std::left << std::setw(11) << KindName(c.kind) << std::setw(8)
          << c.source << std::setw(12) << c.verdict << (c.restorable ? "restorable  " : "skipped     ")
          << Utc(c.completion_ms) << "  " << c.path << "\n";
      if (!c.restorable && !c.reason.empty()) out << "     " << c.reason << "\n";
    }
  }
  return 0;
}

int RunRestoreSet(Context& ctx, const RestoreArgs& a) {
  const int modes = (!a.strategy.empty() ? 1 : 0) + (!a.once.empty() ? 1 : 0) + (a.clear_once ? 1 : 0);
  if (modes != 1) {
    return ReportError(ctx, Status(ErrorCode::invalid_argument,
                                   "say one of: a STRATEGY (" + [] {
                                     std::string s;
                                     for (int i = 0; i <= FLOWSTATE_RESTORE_EARLIEST_SAVEPOINT; ++i)
                                       s += (i ? ", " : "") + restore_strategy_name(i);
                                     return s;
                                   }() + "), --once PATH or --clear-once"));
  }
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, true);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  Status st;
  if (!a.strategy.empty()) {
    Result<int> s = ParseStrategy(a.strategy);
    if (!s.ok()) return ReportError(ctx, s.status());
    st = cat->set_strategy(a.job, *s);
    if (st.ok()) *ctx.out << a.job << ": restore strategy " << restore_strategy_name(*s) << "\n";
  } else if (!a.once.empty()) {
    st = cat->set_once(a.job, a.once);
    Result<JobInfo> job = st.ok() ? cat->get_job(a.job) : Result<JobInfo>(st);
    if (job.ok()) {
      *ctx.out << a.job << ": the next start restores from " << job->once_path.value_or(a.once)
               << "; later starts use the standing strategy again\n";
    }
  } else {
    Result<std::optional<std::string>> dropped = cat->clear_once(a.job);
    st = dropped.status();
    if (st.ok()) {
      *ctx.out << a.job << ": "
               << (dropped->has_value() ? "dropped the pending ONCE path " + **dropped
                                        : std::string("no ONCE path was pending"))
               << "; starts use the standing strategy\n";
    }
  }
  return st.ok() ? 0 : ReportError(ctx, st);
}

// ---- registration -------------------------------------------------------------------------

void RegisterJobs(CLI::App& app, Context& context) {
  CLI::App* jobs = app.add_subcommand("jobs", "Jobs in the catalog, in folders");
  jobs->require_subcommand(1);

  JobArgs& add_args = context.Make<JobArgs>();
  CLI::App* add = jobs->add_subcommand("add", "Add a job: its folder and name, script, cluster and directories");
  add->add_option("PATH", add_args.path, "The job's path, such as /warehouse/cdc/emp")->required();
  add->add_option("--script", add_args.script,
                  "Its Flink SQL script (\"-\": standard input); secret values move to the secret store");
  add->add_option("--cluster", add_args.cluster, "The cluster it runs on (from the settings file)");
  add->add_option("--strategy", add_args.strategy,
                  "Restore strategy: NONE, LATEST_SAVEPOINT, LATEST_CHECKPOINT, LATEST_STATE "
                  "(default), EARLIEST_SAVEPOINT");
  add->add_option("--checkpoint-dir", add_args.checkpoint_dir, "When it differs from the cluster's");
  add->add_option("--savepoint-dir", add_args.savepoint_dir, "When it differs from the cluster's");
  add->add_option("--retain-count", add_args.retain_count,
                  "Keep this many checkpoints (PERIODIC, RETAINED_CHECKPOINT, DISCOVERED_ON_STORAGE)")
      ->check(CLI::NonNegativeNumber);
  add->add_option("--retain-age", add_args.retain_age, "Prune checkpoints older than this (7d, 12h)");
  add->add_option("--savepoint-retain-count", add_args.savepoint_retain_count,
                  "Keep this many savepoints (any origin; the checkpoint retention never takes one)")
      ->check(CLI::NonNegativeNumber);
  add->add_option("--savepoint-retain-age", add_args.savepoint_retain_age,
                  "Prune savepoints older than this (30d)");
  add->add_option("--status", add_args.status, "Its current status (default CREATED)");
  add->add_flag("--allow-empty-start", add_args.allow_empty_start,
                "Start empty when the strategy finds no state (default: refuse)");
  add->add_flag("--json", add_args.json, "Print JSON");
  AddCatalogOption(add, add_args.catalog);
  context.OnRun(add, [&context, &add_args] { return RunJobsAdd(context, add_args); });

  JobArgs& show_args = context.Make<JobArgs>();
  CLI::App* show = jobs->add_subcommand("show", "A job: settings, restore strategy, runs, recent events");
  show->add_option("JOB", show_args.path, "The job's path or id")->required();
  show->add_flag("--script", show_args.with_script, "Print its script too (secrets stay references)");
  show->add_flag("--json", show_args.json, "Print JSON");
  AddCatalogOption(show, show_args.catalog);
  context.OnRun(show, [&context, &show_args] { return RunJobsShow(context, show_args); });

  JobArgs& mv_args = context.Make<JobArgs>();
  CLI::App* mv = jobs->add_subcommand(
      "mv", "Move or rename a job, or a folder with everything in it");
  mv->add_option("SOURCE", mv_args.path, "A job (path or id) or a folder")->required();
  mv->add_option("TARGET", mv_args.target,
                 "A folder (ending in / or existing) to move into, or a new path")
      ->required();
  AddCatalogOption(mv, mv_args.catalog);
  context.OnRun(mv, [&context, &mv_args] { return RunJobsMv(context, mv_args); });

  JobArgs& rm_args = context.Make<JobArgs>();
  CLI::App* rm = jobs->add_subcommand(
      "rm", "Remove a job with its runs and snapshot records (the files stay), or an empty folder");
  rm->add_option("JOB", rm_args.path, "The job's path or id, or with --folder a folder")->required();
  rm->add_flag("--folder", rm_args.folder, "Remove an empty folder");
  AddCatalogOption(rm, rm_args.catalog);
  context.OnRun(rm, [&context, &rm_args] { return RunJobsRm(context, rm_args); });

  JobArgs& tree_args = context.Make<JobArgs>();
  CLI::App* tree = jobs->add_subcommand("tree", "Folders and their jobs, with counts");
  tree->add_option("FOLDER", tree_args.path, "Where to start (default /)");
  tree->add_flag("--json", tree_args.json, "Print JSON");
  AddCatalogOption(tree, tree_args.catalog);
  context.OnRun(tree, [&context, &tree_args] { return RunJobsTree(context, tree_args); });

  JobArgs& find_args = context.Make<JobArgs>();
  CLI::App* find = jobs->add_subcommand("find", "Jobs by name, status, cluster and folder (exit code 1 when none)");
  find->add_option("--name", find_args.name, "Part of the name (matched literally)");
  find->add_option("--status", find_args.status, "Current status, such as RUNNING");
  find->add_option("--cluster", find_args.cluster, "Cluster name");
  find->add_option("--folder", find_args.in_folder, "This folder and below");
  find->add_option("--limit", find_args.limit, "At most this many (default 1000)")->check(CLI::PositiveNumber);
  find->add_flag("--json", find_args.json, "Print JSON");
  AddCatalogOption(find, find_args.catalog);
  context.OnRun(find, [&context, &find_args] { return RunJobsFind(context, find_args); });
}

void RegisterSnapshots(CLI::App& app, Context& context) {
  CLI::App* snaps = app.add_subcommand("snapshots", "A job's checkpoint and savepoint records");
  snaps->require_subcommand(1);

  SnapArgs& list_args = context.Make<SnapArgs>();
  CLI::App* list = snaps->add_subcommand("list", "The job's records, newest first");
  list->add_option("JOB", list_args.job, "The job's path or id")->required();
  list->add_option("--state", list_args.states, "Only this state (repeatable): COMPLETED, MISSING, ...")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  list->add_option("--limit", list_args.limit, "At most this many");
  list->add_flag("--json", list_args.json, "Print JSON");
  AddCatalogOption(list, list_args.catalog);
  context.OnRun(list, [&context, &list_args] { return RunSnapshotsList(context, list_args); });

  SnapArgs& add_args = context.Make<SnapArgs>();
  CLI::App* add = snaps->add_subcommand(
      "add", "Register a checkpoint or savepoint by hand (checked on storage first)");
  add->add_option("JOB", add_args.job, "The job's path or id")->required();
  add->add_option("PATH", add_args.path, "The snapshot's directory")->required();
  add->add_option("--origin", add_args.origin, "Default REGISTERED_BY_USER");
  add->add_flag("--no-verify", add_args.no_verify, "Do not look at storage");
  add->add_flag("--force", add_args.force, "Register it even when it is not restorable (as FAILED)");
  add->add_flag("--json", add_args.json, "Print JSON");
  AddCatalogOption(add, add_args.catalog);
  AddStorageOptions(add, add_args.storage);
  context.OnRun(add, [&context, &add_args] { return RunSnapshotsAdd(context, add_args); });

  SnapArgs& rm_args = context.Make<SnapArgs>();
  CLI::App* rm = snaps->add_subcommand(
      "rm", "Remove a record: the record only, or with --delete-files the files first, then the record");
  rm->add_option("JOB", rm_args.job, "The job's path or id")->required();
  rm->add_option("SNAPSHOT", rm_args.path, "The record's id, or the snapshot's path in any spelling")->required();
  rm->add_flag("--delete-files", rm_args.delete_files,
               "Delete the snapshot's files first (refused for one a run may still use)");
  AddCatalogOption(rm, rm_args.catalog);
  AddStorageOptions(rm, rm_args.storage);
  context.OnRun(rm, [&context, &rm_args] { return RunSnapshotsRm(context, rm_args); });

  SnapArgs& rec_args = context.Make<SnapArgs>();
  CLI::App* rec = snaps->add_subcommand(
      "reconcile", "Compare the records with storage: add what is on storage, mark what is gone "
                   "(exit code 1 when something is missing)");
  rec->add_option("JOB", rec_args.job, "The job's path or id")->required();
  rec->add_option("--timeout", rec_args.timeout_s, "Give up after this many seconds");
  rec->add_flag("--progress", rec_args.progress, "Show progress on standard error");
  rec->add_flag("--json", rec_args.json, "Print JSON");
  AddCatalogOption(rec, rec_args.catalog);
  AddStorageOptions(rec, rec_args.storage);
  context.OnRun(rec, [&context, &rec_args] { return RunSnapshotsReconcile(context, rec_args); });

  SnapArgs& prune_args = context.Make<SnapArgs>();
  CLI::App* prune = snaps->add_subcommand(
      "prune", "Apply the job's retention to its automatic snapshots: files first, then records");
  prune->add_option("JOB", prune_args.job, "The job's path or id")->required();
  prune->add_flag("--dry-run", prune_args.dry_run, "Only say what would be deleted");
  prune->add_flag("--json", prune_args.json, "Print JSON");
  AddCatalogOption(prune, prune_args.catalog);
  AddStorageOptions(prune, prune_args.storage);
  context.OnRun(prune, [&context, &prune_args] { return RunSnapshotsPrune(context, prune_args); });
}

void RegisterRestore(CLI::App& app, Context& context) {
  CLI::App* restore = app.add_subcommand("restore", "Where a job's next start restores from");
  restore->require_subcommand(1);

  RestoreArgs& plan_args = context.Make<RestoreArgs>();
  CLI::App* plan = restore->add_subcommand(
      "plan", "The path the next start restores from, the strategy, the reasons and every "
              "candidate considered (checked on storage)");
  plan->add_option("JOB", plan_args.job, "The job's path or id")->required();
  plan->add_option("--flink-version", plan_args.flink_version,
                   "The Flink that will restore (default: the job's cluster's)");
  plan->add_flag("--no-verify", plan_args.no_verify, "Trust the catalog; do not look at storage");
  plan->add_flag("--no-discover", plan_args.no_discover,
                 "Do not look on storage for checkpoints the catalog never recorded");
  plan->add_flag("--allow-empty-start", plan_args.allow_empty,
                 "Plan an empty start rather than fail when nothing is restorable");
  plan->add_option("--timeout", plan_args.timeout_s, "Give up after this many seconds");
  plan->add_flag("--progress", plan_args.progress, "Show progress on standard error");
  plan->add_flag("--json", plan_args.json, "Print JSON");
  AddCatalogOption(plan, plan_args.catalog);
  AddStorageOptions(plan, plan_args.storage);
  context.OnRun(plan, [&context, &plan_args] { return RunRestorePlan(context, plan_args); });

  RestoreArgs& set_args = context.Make<RestoreArgs>();
  CLI::App* set = restore->add_subcommand(
      "set", "Set the standing restore strategy, or a path for the next start only (--once)");
  set->add_option("JOB", set_args.job, "The job's path or id")->required();
  set->add_option("STRATEGY", set_args.strategy,
                  "NONE, LATEST_SAVEPOINT, LATEST_CHECKPOINT, LATEST_STATE or EARLIEST_SAVEPOINT");
  set->add_option("--once", set_args.once, "Restore the next start from this path, then go back");
  set->add_flag("--clear-once", set_args.clear_once, "Drop a pending --once path");
  AddCatalogOption(set, set_args.catalog);
  context.OnRun(set, [&context, &set_args] { return RunRestoreSet(context, set_args); });
}

const GroupRegistration kJobs("jobs", 30, &RegisterJobs);
const GroupRegistration kSnapshots("snapshots", 31, &RegisterSnapshots);
const GroupRegistration kRestore("restore", 32, &RegisterRestore);

}  // namespace
}  // namespace flowstate::cli
