// `flowstate jobs`: jobs in folders, with their scripts, clusters and directories. The
// catalog file and what the catalog commands share: catalog_common.h.
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

// ---- flowstate jobs ---------------------------------------------------------------------

struct JobArgs {
  CatalogArgs catalog;
  std::string path, target, script, cluster, strategy, checkpoint_dir, savepoint_dir, state;
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
    po.substitute_variables = VariableMode::off;
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
    Result<RestoreStrategy> s = ParseStrategy(a.strategy);
    if (!s.ok()) return ReportError(ctx, s.status());
    j.strategy = *s;
  }
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
  auto snaps = cat->list_snapshots(a.path, {SnapshotState::completed});
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
    for (const RunInfo& r : *runs) rs.PushBack(ToJson(r, al), al);
    doc.AddMember("runs", rs, al);
    doc.AddMember("completed_snapshots", static_cast<uint64_t>(snaps->size()), al);
    rapidjson::Value ev(rapidjson::kArrayType);
    for (const EventInfo& e : *events) ev.PushBack(ToJson(e, al), al);
    doc.AddMember("events", ev, al);
    PrintJson(*ctx.out, doc);
    return 0;
  }
  std::ostream& out = *ctx.out;
  auto row = [&out](const char* k, const std::string& v) {
    out << std::left << std::setw(13) << k << v << "\n";
  };
  row("job", j->path + " (id " + std::to_string(j->id) + ")");
  row("cluster", j->cluster.empty()
                     ? "-"
                     : j->cluster + (cluster.flink_version.empty()
                                         ? std::string()
                                         : " (Flink " + cluster.flink_version + ")"));
  row("state", to_string(j->state) + (j->desired == DesiredState::none
                                          ? std::string()
                                          : " (asked: " + to_string(j->desired) + ")"));
  std::string strategy = to_string(j->strategy);
  if (j->once_path) strategy += "; the next start only: ONCE " + *j->once_path;
  row("restore", strategy);
  row("empty start", j->fail_closed ? "refused when the strategy needs state" : "allowed");
  row("checkpoints", !j->checkpoint_dir.empty()        ? j->checkpoint_dir
                     : !cluster.checkpoint_dir.empty() ? cluster.checkpoint_dir + " (the cluster's)"
                                                       : "-");
  row("savepoints", !j->savepoint_dir.empty()        ? j->savepoint_dir
                    : !cluster.savepoint_dir.empty() ? cluster.savepoint_dir + " (the cluster's)"
                                                     : "-");
  auto retention = [](int64_t count, int64_t age_ms) {
    std::string r;
    if (count >= 0) r = "keep " + std::to_string(count);
    if (age_ms >= 0)
      r += (r.empty() ? "" : ", ") + std::string("at most ") + Duration(age_ms) + " old";
    return r.empty() ? std::string("none (nothing is pruned)") : r;
  };
  row("retention",
      "checkpoints: " + retention(j->retain_count, j->retain_age_ms) +
          "; savepoints: " + retention(j->savepoint_retain_count, j->savepoint_retain_age_ms));
  size_t refs = 0;
  for (size_t p = j->script.find("${secret:"); p != std::string::npos;
       p = j->script.find("${secret:", p + 1))
    ++refs;
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
  if (a.with_script && !j->script.empty())
    out << "\n" << j->script << (j->script.back() == '\n' ? "" : "\n");
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
    *ctx.err << "flowstate: warning: the value of ${secret:" << name << "} is still in "
             << secrets->path() << "\n";
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
      rapidjson::Value x = ToJson(f, al);
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
               << std::setw(12) << to_string(j->state) << to_string(j->strategy)
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
  if (!a.state.empty()) {
    Result<JobState> s = ParseEnumOption<JobState>("--state", a.state);
    if (!s.ok()) return ReportError(ctx, s.status());
    q.state = *s;
  }
  q.cluster = a.cluster;
  q.folder = a.in_folder;
  q.limit = a.limit;
  auto jobs = cat->find_jobs(q);
  if (!jobs.ok()) return ReportError(ctx, jobs.status());
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    rapidjson::Value js(rapidjson::kArrayType);
    for (const JobInfo& j : *jobs)
      js.PushBack(JobJson(j, doc.GetAllocator(), false), doc.GetAllocator());
    doc.AddMember("jobs", js, doc.GetAllocator());
    PrintJson(*ctx.out, doc);
  } else {
    *ctx.out << std::left << std::setw(40) << "JOB" << std::setw(12) << "STATE" << std::setw(14)
             << "CLUSTER"
             << "RESTORE\n";
    for (const JobInfo& j : *jobs) {
      *ctx.out << std::left << std::setw(40) << j.path << std::setw(12) << to_string(j.state)
               << std::setw(14) << (j.cluster.empty() ? "-" : j.cluster) << to_string(j.strategy)
               << (j.once_path ? " (ONCE pending)" : "") << "\n";
    }
  }
  return jobs->empty() ? kExitProblems : 0;
}

// ---- flowstate snapshots ------------------------------------------------------------------

// ---- flowstate jobs history --------------------------------------------------------------

struct HistoryArgs {
  CatalogArgs catalog;
  std::string path;
  int64_t limit = 100;
  bool all = false;
  bool json = false;
};

// The job's changes of lifecycle state, oldest first (with --all, every event of the job).
int RunJobsHistory(Context& ctx, const HistoryArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, false);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  Result<JobInfo> j = cat->get_job(a.path);
  if (!j.ok()) return ReportError(ctx, j.status());
  Result<std::vector<EventInfo>> events = cat->list_events(std::to_string(j->id), a.limit);
  if (!events.ok()) return ReportError(ctx, events.status());
  std::vector<EventInfo> shown;
  for (auto it = events->rbegin(); it != events->rend(); ++it) {
    if (a.all || it->to_state) shown.push_back(*it);
  }
  if (a.json) {
    rapidjson::Document doc(rapidjson::kArrayType);
    auto& al = doc.GetAllocator();
    for (const EventInfo& e : shown) doc.PushBack(ToJson(e, al), al);
    PrintJson(*ctx.out, doc);
    return 0;
  }
  std::ostream& out = *ctx.out;
  out << j->path << ": " << to_string(j->state)
      << (j->desired == DesiredState::none ? std::string()
                                           : " (asked: " + to_string(j->desired) + ")")
      << "\n";
  for (const EventInfo& e : shown) {
    out << "  " << Utc(e.at_ms) << "  ";
    if (e.to_state) {
      out << (e.from_state ? to_string(*e.from_state) : std::string("-")) << " -> "
          << to_string(*e.to_state);
    } else {
      out << e.action;
    }
    out << "  by " << e.actor;
    if (!e.cause.empty()) out << " (" << e.cause << ")";
    if (e.operation_id >= 0) out << " [operation " << e.operation_id << "]";
    if (!e.detail.empty()) out << ": " << e.detail;
    out << "\n";
  }
  return 0;
}

// ---- flowstate jobs lifecycle -----------------------------------------------------------

struct LifecycleArgs {
  std::string state;
  bool json = false;
};

std::string StatesText(const JobRule& r) {
  std::string out;
  for (const EnumValue& v : enum_values(FLOWSTATE_ENUM_JOB_STATE)) {
    if (!job_rule_applies(r, static_cast<JobState>(v.value))) continue;
    out += (out.empty() ? "" : ", ") + v.name;
  }
  return out;
}

// The lifecycle's table, or what can happen to a job in one state.
int RunJobsLifecycle(Context& ctx, const LifecycleArgs& a) {
  std::optional<JobState> only;
  if (!a.state.empty()) {
    Result<JobState> s = ParseEnumOption<JobState>("--state", a.state);
    if (!s.ok()) return ReportError(ctx, s.status());
    only = *s;
  }
  std::vector<JobRule> rules;
  for (JobRule& r : job_rules()) {
    if (!only || job_rule_applies(r, *only)) rules.push_back(std::move(r));
  }
  auto trigger = [](const JobRule& r) {
    return r.action ? to_string(*r.action) : to_string(*r.event);
  };
  auto target = [&](const JobRule& r) {
    return r.stays ? (only ? to_string(*only) : std::string("(unchanged)")) : to_string(r.to);
  };
  if (a.json) {
    rapidjson::Document doc(rapidjson::kArrayType);
    auto& al = doc.GetAllocator();
    for (const JobRule& r : rules) {
      rapidjson::Value o = ToJson(r, al);
      rapidjson::Value from(rapidjson::kArrayType);
      for (const EnumValue& v : enum_values(FLOWSTATE_ENUM_JOB_STATE)) {
        if (job_rule_applies(r, static_cast<JobState>(v.value))) {
          from.PushBack(JsonString(v.name, al), al);
        }
      }
      o.AddMember("from", from, al);
      doc.PushBack(o, al);
    }
    PrintJson(*ctx.out, doc);
    return 0;
  }
  std::ostream& out = *ctx.out;
  for (const bool actions : {true, false}) {
    out << (actions ? "ACTION" : "\nEVENT") << (only ? "" : "  FROM") << "  ->  TO\n";
    for (const JobRule& r : rules) {
      if (r.action.has_value() != actions) continue;
      out << "  " << trigger(r);
      if (!only) out << "  " << StatesText(r);
      out << "  ->  " << target(r);
      if (r.desired) out << "  (desired " << to_string(*r.desired) << ")";
      out << "\n      " << r.what << "\n";
    }
  }
  return 0;
}

void RegisterJobs(CLI::App& app, Context& context) {
  CLI::App* jobs = app.add_subcommand("jobs", "Jobs in the catalog, in folders");
  jobs->require_subcommand(1);

  JobArgs& add_args = context.Make<JobArgs>();
  CLI::App* add = jobs->add_subcommand(
      "add", "Add a job: its folder and name, script, cluster and directories");
  add->add_option("PATH", add_args.path, "The job's path, such as /warehouse/cdc/emp")->required();
  add->add_option(
      "--script", add_args.script,
      "Its Flink SQL script (\"-\": standard input); secret values move to the secret store");
  add->add_option("--cluster", add_args.cluster, "The cluster it runs on (from the settings file)");
  add->add_option("--strategy", add_args.strategy,
                  "Restore strategy: " + EnumChoices(FLOWSTATE_ENUM_RESTORE_STRATEGY) +
                      " (default: LATEST_STATE)");
  add->add_option("--checkpoint-dir", add_args.checkpoint_dir,
                  "When it differs from the cluster's");
  add->add_option("--savepoint-dir", add_args.savepoint_dir, "When it differs from the cluster's");
  add->add_option(
         "--retain-count", add_args.retain_count,
         "Keep this many checkpoints (PERIODIC, RETAINED_CHECKPOINT, DISCOVERED_ON_STORAGE)")
      ->check(CLI::NonNegativeNumber);
  add->add_option("--retain-age", add_args.retain_age,
                  "Prune checkpoints older than this (7d, 12h)");
  add->add_option(
         "--savepoint-retain-count", add_args.savepoint_retain_count,
         "Keep this many savepoints (any origin; the checkpoint retention never takes one)")
      ->check(CLI::NonNegativeNumber);
  add->add_option("--savepoint-retain-age", add_args.savepoint_retain_age,
                  "Prune savepoints older than this (30d)");
  add->add_flag("--allow-empty-start", add_args.allow_empty_start,
                "Start empty when the strategy finds no state (default: refuse)");
  add->add_flag("--json", add_args.json, "Print JSON");
  AddCatalogOption(add, add_args.catalog);
  context.OnRun(add, [&context, &add_args] { return RunJobsAdd(context, add_args); });

  JobArgs& show_args = context.Make<JobArgs>();
  CLI::App* show =
      jobs->add_subcommand("show", "A job: settings, restore strategy, runs, recent events");
  show->add_option("JOB", show_args.path, "The job's path or id")->required();
  show->add_flag("--script", show_args.with_script,
                 "Print its script too (secrets stay references)");
  show->add_flag("--json", show_args.json, "Print JSON");
  AddCatalogOption(show, show_args.catalog);
  context.OnRun(show, [&context, &show_args] { return RunJobsShow(context, show_args); });

  JobArgs& mv_args = context.Make<JobArgs>();
  CLI::App* mv =
      jobs->add_subcommand("mv", "Move or rename a job, or a folder with everything in it");
  mv->add_option("SOURCE", mv_args.path, "A job (path or id) or a folder")->required();
  mv->add_option("TARGET", mv_args.target,
                 "A folder (ending in / or existing) to move into, or a new path")
      ->required();
  AddCatalogOption(mv, mv_args.catalog);
  context.OnRun(mv, [&context, &mv_args] { return RunJobsMv(context, mv_args); });

  JobArgs& rm_args = context.Make<JobArgs>();
  CLI::App* rm = jobs->add_subcommand(
      "rm", "Remove a job with its runs and snapshot records (the files stay), or an empty folder");
  rm->add_option("JOB", rm_args.path, "The job's path or id, or with --folder a folder")
      ->required();
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
  CLI::App* find = jobs->add_subcommand(
      "find", "Jobs by name, state, cluster and folder (exit code 1 when none)");
  find->add_option("--name", find_args.name, "Part of the name (matched literally)");
  find->add_option("--state", find_args.state,
                   "The lifecycle's state, such as RUNNING or SUSPENDED");
  find->add_option("--cluster", find_args.cluster, "Cluster name");
  find->add_option("--folder", find_args.in_folder, "This folder and below");
  find->add_option("--limit", find_args.limit, "At most this many (default 1000)")
      ->check(CLI::PositiveNumber);
  find->add_flag("--json", find_args.json, "Print JSON");
  AddCatalogOption(find, find_args.catalog);
  context.OnRun(find, [&context, &find_args] { return RunJobsFind(context, find_args); });

  HistoryArgs& history_args = context.Make<HistoryArgs>();
  CLI::App* history = jobs->add_subcommand(
      "history", "A job's changes of lifecycle state, oldest first: who, why, which operation");
  history->add_option("JOB", history_args.path, "The job's path or id")->required();
  history->add_option("--limit", history_args.limit, "Look at the newest N events (default 100)")
      ->check(CLI::PositiveNumber);
  history->add_flag("--all", history_args.all, "Every event of the job, not only its states");
  history->add_flag("--json", history_args.json, "Print JSON");
  AddCatalogOption(history, history_args.catalog);
  context.OnRun(history,
                [&context, &history_args] { return RunJobsHistory(context, history_args); });

  LifecycleArgs& lifecycle_args = context.Make<LifecycleArgs>();
  CLI::App* lifecycle = jobs->add_subcommand(
      "lifecycle",
      "The lifecycle's table: every action and event, where it applies, where it leads");
  lifecycle->add_option(
      "--state", lifecycle_args.state,
      "Only what can happen to a job in this state: " + EnumChoices(FLOWSTATE_ENUM_JOB_STATE));
  lifecycle->add_flag("--json", lifecycle_args.json, "Print JSON");
  context.OnRun(lifecycle,
                [&context, &lifecycle_args] { return RunJobsLifecycle(context, lifecycle_args); });
}

const GroupRegistration kJobs("jobs", 30, &RegisterJobs);

}  // namespace
}  // namespace flowstate::cli
