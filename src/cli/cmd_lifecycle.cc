// The lifecycle's actions in the `jobs` group: adopt, savepoint, stop, cancel, recover, and
// the operation log (`jobs operations`). Clusters are reached as the settings describe them
// ([cluster "NAME"]: url, token, TLS); the catalog never holds credentials.
#include <iomanip>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/catalog_common.h"
#include "cli/command.h"
#include "cli/endpoint_settings.h"
#include "cli/format.h"
#include "cli/json.h"
#include "cli/record_json.h"
#include "cli/storage_options.h"
#include "flowstate/flowstate.hpp"

namespace flowstate::cli {
namespace {

struct ActionArgs {
  CatalogArgs catalog;
  StorageArgs storage;
  std::string job, flink_job_id, mode = "smart", target_directory, cluster, reason, from;
  std::vector<std::string> uids;
  bool drain = false, no_fallback = false, force = false, allow_non_restored_state = false;
  int64_t parallelism = -1;
  std::string via = "auto";
  bool starts = false;  // a start: the job's cluster from the settings, the secrets file
  bool json = false, progress = false, unfinished = false;
  double timeout_s = 600;
  int64_t limit = 100;
};

rapidjson::Value ReportJson(const ActionReport& r, rapidjson::Document::AllocatorType& al) {
  rapidjson::Value o(rapidjson::kObjectType);
  o.AddMember("operation", ToJson(r.operation, al), al);
  rapidjson::Value ts(rapidjson::kArrayType);
  for (const TransitionInfo& t : r.transitions) ts.PushBack(ToJson(t, al), al);
  o.AddMember("transitions", ts, al);
  rapidjson::Value ss(rapidjson::kArrayType);
  for (const SnapshotRecord& s : r.snapshots) ss.PushBack(ToJson(s, al), al);
  o.AddMember("snapshots", ss, al);
  rapidjson::Value rs(rapidjson::kArrayType);
  for (const std::string& s : r.reasons) rs.PushBack(JsonString(s, al), al);
  o.AddMember("reasons", rs, al);
  o.AddMember("commits", r.commits, al);
  return o;
}

void PrintReport(std::ostream& out, const ActionReport& r) {
  out << to_string(r.operation.kind) << " operation " << r.operation.id << ": "
      << to_string(r.operation.phase) << "\n";
  for (const TransitionInfo& t : r.transitions) {
    out << "  " << to_string(t.from_state) << " -> " << to_string(t.to_state) << "  (" << t.cause
        << ")\n";
  }
  for (const SnapshotRecord& s : r.snapshots) {
    out << "  recorded " << to_string(s.kind) << " " << s.path << " (" << to_string(s.origin)
        << ")\n";
  }
  for (const std::string& why : r.reasons) out << "  " << why << "\n";
}

int Act(Context& ctx, const ActionArgs& a, const std::string& doing,
        const std::function<Result<ActionReport>(Lifecycle&, const ActionContext&)>& action) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, true);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  // A cluster named on the command line comes from the settings, as `jobs add` takes it.
  if (Status st = SyncCluster(ctx, *cat, a.cluster); !st.ok()) return ReportError(ctx, st);
  std::optional<FileSecrets> secrets;
  SecretStore store;
  if (a.starts) {
    // The job's cluster as the settings describe it now (its runner), and the secrets file
    // the script's references resolve through, read at the last moment.
    Result<JobInfo> job = cat->get_job(a.job);
    if (!job.ok()) return ReportError(ctx, job.status());
    if (Status st = SyncCluster(ctx, *cat, job->cluster); !st.ok()) return ReportError(ctx, st);
    Result<FileSecrets> opened = FileSecrets::Open(ctx, a.catalog);
    if (!opened.ok()) return ReportError(ctx, opened.status());
    secrets.emplace(std::move(*opened));
    store = secrets->Store();
  }
  Result<OpenedLifecycle> opened = OpenLifecycle(ctx, *cat, a.storage, a.starts ? &store : nullptr);
  if (!opened.ok()) return ReportError(ctx, opened.status());
  ProgressLine progress(ctx, a.progress);
  ActionContext ac;
  ac.timeout_ms = a.timeout_s < 0 ? -1 : static_cast<int64_t>(a.timeout_s * 1000);
  ac.cancel = ctx.interrupt;
  ac.progress = [&progress](std::string_view phase, uint64_t done, uint64_t total) {
    return progress(phase, done, total);
  };
  ctx.doing = doing;
  Result<ActionReport> r = action(opened->life, ac);
  if (!r.ok()) return ReportError(ctx, r.status());
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    rapidjson::Value rep = ReportJson(*r, doc.GetAllocator());
    for (auto& m : rep.GetObject()) doc.AddMember(m.name, m.value, doc.GetAllocator());
    PrintJson(*ctx.out, doc);
  } else {
    PrintReport(*ctx.out, *r);
  }
  return 0;
}

// The stop's options, for stop and restart.
void AddStopOptions(CLI::App* cmd, ActionArgs& a) {
  cmd->add_option("--mode", a.mode,
                  "pause: stop with a savepoint; stop: a savepoint with cancellation; smart: "
                  "stop with a savepoint, else cancel and keep the newest checkpoint; normal: "
                  "cancel, keeping the retained checkpoints");
  cmd->add_flag("--drain", a.drain, "pause and smart: drain the pipeline first");
  cmd->add_flag("--no-fallback", a.no_fallback,
                "smart: fail rather than cancel when the savepoint fails");
  cmd->add_flag("--force", a.force,
                "Cancel even when Flink deletes the checkpoints on cancellation");
  cmd->add_option("--target-directory", a.target_directory,
                  "Where the savepoint goes (default: the job's or its cluster's)");
}

Result<ActionOptions> StopOptionsOf(const ActionArgs& a) {
  Result<StopMode> mode = ParseEnumOption<StopMode>("--mode", a.mode);
  if (!mode.ok()) return mode.status();
  ActionOptions o;
  o.stop_mode = *mode;
  o.drain = a.drain;
  o.allow_fallback = !a.no_fallback;
  o.force = a.force;
  o.target_directory = a.target_directory;
  return o;
}

int RunRecover(Context& ctx, const ActionArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, true);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  Result<OpenedLifecycle> opened = OpenLifecycle(ctx, *cat, a.storage);
  if (!opened.ok()) return ReportError(ctx, opened.status());
  ActionContext ac;
  ac.timeout_ms = a.timeout_s < 0 ? -1 : static_cast<int64_t>(a.timeout_s * 1000);
  ac.cancel = ctx.interrupt;
  ctx.doing = "resolving the operations whose owner is gone";
  Result<RecoverReport> r = opened->life.recover(ac);
  if (!r.ok()) return ReportError(ctx, r.status());
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& al = doc.GetAllocator();
    rapidjson::Value resolved(rapidjson::kArrayType);
    for (const ActionReport& x : r->resolved) resolved.PushBack(ReportJson(x, al), al);
    doc.AddMember("resolved", resolved, al);
    rapidjson::Value skipped(rapidjson::kArrayType);
    for (const std::string& s : r->skipped) skipped.PushBack(JsonString(s, al), al);
    doc.AddMember("skipped", skipped, al);
    PrintJson(*ctx.out, doc);
    return 0;
  }
  if (r->resolved.empty() && r->skipped.empty()) *ctx.out << "nothing to recover\n";
  for (const ActionReport& x : r->resolved) PrintReport(*ctx.out, x);
  for (const std::string& s : r->skipped) *ctx.out << "left alone: " << s << "\n";
  return 0;
}

int RunOperations(Context& ctx, const ActionArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, false);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  auto ops = list_operations(*cat, a.job, a.unfinished, a.limit);
  if (!ops.ok()) return ReportError(ctx, ops.status());
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    rapidjson::Value os(rapidjson::kArrayType);
    for (const OperationRecord& o : *ops)
      os.PushBack(ToJson(o, doc.GetAllocator()), doc.GetAllocator());
    doc.AddMember("operations", os, doc.GetAllocator());
    PrintJson(*ctx.out, doc);
    return 0;
  }
  *ctx.out << std::left << std::setw(7) << "ID" << std::setw(8) << "JOB" << std::setw(11) << "KIND"
           << std::setw(11) << "PHASE" << std::setw(21) << "STARTED (UTC)"
           << "RESULT / ERROR\n";
  for (const OperationRecord& o : *ops) {
    *ctx.out << std::left << std::setw(7) << o.id << std::setw(8) << o.job_id << std::setw(11)
             << to_string(o.kind) << std::setw(11) << to_string(o.phase) << std::setw(21)
             << Utc(o.started_ms) << (o.error.empty() ? o.result : o.error) << "\n";
  }
  return 0;
}

void Common(CLI::App* cmd, ActionArgs& a, bool progress) {
  cmd->add_option("--timeout", a.timeout_s, "Give up after this many seconds (default 600)");
  if (progress) cmd->add_flag("--progress", a.progress, "Show progress even when not a terminal");
  cmd->add_flag("--json", a.json, "Print the report as JSON");
  AddStorageOptions(cmd, a.storage);
  AddCatalogOption(cmd, a.catalog);
}

void RegisterLifecycle(CLI::App& app, Context& context) {
  CLI::App* jobs = app.get_subcommand("jobs");

  ActionArgs& adopt_args = context.Make<ActionArgs>();
  CLI::App* adopt = jobs->add_subcommand(
      "adopt", "Bring in a job its cluster already runs: it becomes RUNNING with that run");
  adopt->add_option("JOB", adopt_args.job, "The job's path or id")->required();
  adopt->add_option("FLINK_JOB_ID", adopt_args.flink_job_id, "The Flink job id (32 hex)")
      ->required();
  Common(adopt, adopt_args, false);
  context.OnRun(adopt, [&context, &adopt_args] {
    return Act(context, adopt_args, "adopting " + adopt_args.job,
               [&](Lifecycle& l, const ActionContext& c) {
                 return l.adopt(adopt_args.job, adopt_args.flink_job_id, c);
               });
  });

  ActionArgs& start_args = context.Make<ActionArgs>();
  start_args.starts = true;
  CLI::App* start = jobs->add_subcommand(
      "start",
      "Start (or submit: the same) a new run through the cluster's runner or its SQL Gateway: "
      "from the restore decision, or from a snapshot this once (--from); waits until it runs");
  start->alias("submit");
  start->add_option("JOB", start_args.job, "The job's path or id")->required();
  start->add_option("--from", start_args.from,
                    "Start from this checkpoint or savepoint once (the job's ONCE path, used when "
                    "the start is confirmed); its standing strategy stays");
  start->add_flag("--allow-non-restored-state", start_args.allow_non_restored_state,
                  "Skip state of operators the job no longer has");
  start->add_option("--via", start_args.via,
                    "auto (the SQL Gateway when the cluster names one and no runner), runner or "
                    "gateway (plain Flink SQL, one job, 1.16 on)");
  start
      ->add_option("--parallelism", start_args.parallelism,
                   "The run's parallelism (default: the job's configuration)")
      ->check(CLI::PositiveNumber);
  Common(start, start_args, true);
  context.OnRun(start, [&context, &start_args] {
    Result<SubmitPath> via = ParseEnumOption<SubmitPath>("--via", start_args.via);
    if (!via.ok()) return ReportError(context, via.status());
    return Act(context, start_args, "starting " + start_args.job,
               [&](Lifecycle& l, const ActionContext& c) {
                 ActionOptions o;
                 o.submit_path = *via;
                 o.from = start_args.from;
                 o.allow_non_restored_state = start_args.allow_non_restored_state;
                 o.parallelism = start_args.parallelism;
                 return l.start(start_args.job, o, c);
               });
  });

  ActionArgs& sp_args = context.Make<ActionArgs>();
  CLI::App* sp = jobs->add_subcommand(
      "savepoint", "Trigger a savepoint of the running job, recorded once verified on storage");
  sp->add_option("JOB", sp_args.job, "The job's path or id")->required();
  sp->add_option("--target-directory", sp_args.target_directory,
                 "Where (default: the job's or its cluster's savepoint directory)");
  Common(sp, sp_args, true);
  context.OnRun(sp, [&context, &sp_args] {
    return Act(context, sp_args, "taking a savepoint of " + sp_args.job,
               [&](Lifecycle& l, const ActionContext& c) {
                 ActionOptions o;
                 o.target_directory = sp_args.target_directory;
                 return l.savepoint(sp_args.job, o, c);
               });
  });

  ActionArgs& stop_args = context.Make<ActionArgs>();
  CLI::App* stop = jobs->add_subcommand(
      "stop", "Stop the running job: pause, stop, smart (the default) or normal");
  stop->add_option("JOB", stop_args.job, "The job's path or id")->required();
  AddStopOptions(stop, stop_args);
  Common(stop, stop_args, true);
  context.OnRun(stop, [&context, &stop_args] {
    Result<ActionOptions> o = StopOptionsOf(stop_args);
    if (!o.ok()) return ReportError(context, o.status());
    return Act(context, stop_args, "stopping " + stop_args.job,
               [&](Lifecycle& l, const ActionContext& c) { return l.stop(stop_args.job, *o, c); });
  });

  ActionArgs& restart_args = context.Make<ActionArgs>();
  restart_args.starts = true;
  CLI::App* restart = jobs->add_subcommand(
      "restart",
      "Stop the running job (as stop does), wait until its run has ended, then start it by "
      "the restore decision");
  restart->add_option("JOB", restart_args.job, "The job's path or id")->required();
  AddStopOptions(restart, restart_args);
  Common(restart, restart_args, true);
  context.OnRun(restart, [&context, &restart_args] {
    Result<ActionOptions> o = StopOptionsOf(restart_args);
    if (!o.ok()) return ReportError(context, o.status());
    return Act(
        context, restart_args, "restarting " + restart_args.job,
        [&](Lifecycle& l, const ActionContext& c) { return l.restart(restart_args.job, *o, c); });
  });

  ActionArgs& resume_args = context.Make<ActionArgs>();
  resume_args.starts = true;
  CLI::App* resume = jobs->add_subcommand(
      "resume",
      "Start again a job whose run was lost (its cluster gone) or has ended, from the state "
      "found in the catalog and on storage across all of its runs");
  resume->add_option("JOB", resume_args.job, "The job's path or id")->required();
  resume->add_flag("--allow-non-restored-state", resume_args.allow_non_restored_state,
                   "Skip state of operators the job no longer has");
  resume->add_option("--uid", resume_args.uids,
                     "The uid of one of the job's stateful operators (repeatable): a run whose "
                     "Flink job id was never recorded is found on storage by them (default: by "
                     "the operators of the job's newest recorded snapshot)");
  Common(resume, resume_args, true);
  context.OnRun(resume, [&context, &resume_args] {
    return Act(context, resume_args, "resuming " + resume_args.job,
               [&](Lifecycle& l, const ActionContext& c) {
                 ActionOptions o;
                 o.allow_non_restored_state = resume_args.allow_non_restored_state;
                 o.operator_uids = resume_args.uids;
                 return l.resume(resume_args.job, o, c);
               });
  });

  ActionArgs& cancel_args = context.Make<ActionArgs>();
  CLI::App* cancel =
      jobs->add_subcommand("cancel", "Cancel the job's run; its retained checkpoints are recorded");
  cancel->add_option("JOB", cancel_args.job, "The job's path or id")->required();
  Common(cancel, cancel_args, true);
  context.OnRun(cancel, [&context, &cancel_args] {
    return Act(context, cancel_args, "cancelling " + cancel_args.job,
               [&](Lifecycle& l, const ActionContext& c) { return l.cancel(cancel_args.job, c); });
  });

  ActionArgs& move_args = context.Make<ActionArgs>();
  CLI::App* move = jobs->add_subcommand(
      "move-cluster",
      "Move the job to another cluster (idle or LOST: no run the old one may hold); audited");
  move->add_option("JOB", move_args.job, "The job's path or id")->required();
  move->add_option("CLUSTER", move_args.cluster, "The cluster (from the settings file)")
      ->required();
  move->add_flag("--json", move_args.json, "Print the report as JSON");
  AddCatalogOption(move, move_args.catalog);
  context.OnRun(move, [&context, &move_args] {
    return Act(context, move_args, "moving " + move_args.job,
               [&](Lifecycle& l, const ActionContext& c) {
                 return l.move(move_args.job, move_args.cluster, c);
               });
  });

  ActionArgs& lost_args = context.Make<ActionArgs>();
  CLI::App* lost = jobs->add_subcommand(
      "acknowledge-lost",
      "Declare the job's unreachable cluster destroyed: the job becomes LOST (audited)");
  lost->add_option("JOB", lost_args.job, "The job's path or id")->required();
  lost->add_option("--reason", lost_args.reason, "Why, for the audit log");
  lost->add_flag("--json", lost_args.json, "Print the report as JSON");
  AddCatalogOption(lost, lost_args.catalog);
  context.OnRun(lost, [&context, &lost_args] {
    return Act(context, lost_args, "acknowledging the loss of " + lost_args.job,
               [&](Lifecycle& l, const ActionContext& c) {
                 return l.acknowledge_lost(lost_args.job, lost_args.reason, c);
               });
  });

  ActionArgs& rec_args = context.Make<ActionArgs>();
  CLI::App* rec = jobs->add_subcommand(
      "recover", "Resolve the operations whose owner is gone, by asking the clusters and storage");
  Common(rec, rec_args, false);
  context.OnRun(rec, [&context, &rec_args] { return RunRecover(context, rec_args); });

  ActionArgs& ops_args = context.Make<ActionArgs>();
  CLI::App* ops = jobs->add_subcommand(
      "operations", "The operation log, newest first (read-only: never runs recovery)");
  ops->add_option("JOB", ops_args.job, "The job's path or id (default: every job's)");
  ops->add_flag("--unfinished", ops_args.unfinished, "Only what recovery would resolve");
  ops->add_option("--limit", ops_args.limit, "At most this many (default 100)");
  ops->add_flag("--json", ops_args.json, "Print JSON");
  AddCatalogOption(ops, ops_args.catalog);
  context.OnRun(ops, [&context, &ops_args] { return RunOperations(context, ops_args); });
}

// Right after the jobs group (same order, later name), whose subcommands these are.
const GroupRegistration kLifecycle("jobs-lifecycle", 30, &RegisterLifecycle);

}  // namespace
}  // namespace flowstate::cli
