// `flowstate snapshots`: a job's checkpoint and savepoint records, registered by hand,
// reconciled with storage, pruned by the job's retention.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iomanip>
#include <map>
#include <optional>
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

struct SnapArgs {
  CatalogArgs catalog;
  StorageArgs storage;
  std::string job, path, origin = "REGISTERED_BY_USER", trigger_id;
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
  *ctx.out << "removed the record of " << to_string(r->kind) << " " << r->path << " (id " << r->id
           << ")" << (a.delete_files ? ", its files deleted first" : "; its files stay on storage")
           << "\n";
  return 0;
}

int RunSnapshotsList(Context& ctx, const SnapArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, false);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  std::vector<SnapshotState> states;
  for (const std::string& s : a.states) {
    Result<SnapshotState> v = ParseEnumOption<SnapshotState>("--state", s);
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
  Result<Origin> origin = ParseEnumOption<Origin>("--origin", a.origin);
  if (!origin.ok()) return ReportError(ctx, origin.status());
  SnapshotRecord r;
  r.path = a.path;
  r.origin = *origin;
  r.trigger_id = a.trigger_id;
  // What is registered is checked on storage first (the library's rule, as in every layer).
  std::optional<Storage> storage;
  if (!a.no_verify) {
    Result<Storage> made = MakeStorage(ctx, a.storage);
    if (!made.ok()) return ReportError(ctx, made.status());
    storage = std::move(*made);
  }
  Result<SnapshotRecord> added =
      cat->register_snapshot(a.job, r, storage ? &*storage : nullptr, a.force);
  if (!added.ok()) return ReportError(ctx, added.status());
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    doc.AddMember("snapshot", ToJson(*added, doc.GetAllocator()), doc.GetAllocator());
    PrintJson(*ctx.out, doc);
  } else {
    *ctx.out << "registered " << to_string(added->kind) << " " << added->path << " (id "
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
    doc.AddMember("disposed", RecordsJson(rep->disposed, al), al);
    doc.AddMember("unchanged", rep->unchanged, al);
    rapidjson::Value ps(rapidjson::kArrayType);
    for (const std::string& p : rep->problems) ps.PushBack(JsonString(p, al), al);
    doc.AddMember("problems", ps, al);
    PrintJson(*ctx.out, doc);
  } else {
    *ctx.out << rep->added.size() << " found on storage and added (DISCOVERED_ON_STORAGE), "
             << rep->missing.size() << " recorded but gone (now MISSING), " << rep->disposed.size()
             << " deleted by Flink's retention (now DISPOSED), " << rep->unchanged
             << " unchanged\n";
    if (!rep->added.empty()) {
      *ctx.out << "\nadded:\n";
      PrintRecords(*ctx.out, rep->added);
    }
    if (!rep->missing.empty()) {
      *ctx.out << "\nmissing:\n";
      PrintRecords(*ctx.out, rep->missing);
    }
    if (!rep->disposed.empty()) {
      *ctx.out << "\ndisposed (subsumed):\n";
      PrintRecords(*ctx.out, rep->disposed);
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

void RegisterSnapshots(CLI::App& app, Context& context) {
  CLI::App* snaps = app.add_subcommand("snapshots", "A job's checkpoint and savepoint records");
  snaps->require_subcommand(1);

  SnapArgs& list_args = context.Make<SnapArgs>();
  CLI::App* list = snaps->add_subcommand("list", "The job's records, newest first");
  list->add_option("JOB", list_args.job, "The job's path or id")->required();
  list->add_option("--state", list_args.states,
                   "Only this state (repeatable): COMPLETED, MISSING, ...")
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
  add->add_option("--trigger-id", add_args.trigger_id,
                  "Flink's trigger id of the savepoint request (32 hex digits)");
  add->add_flag("--no-verify", add_args.no_verify, "Do not look at storage");
  add->add_flag("--force", add_args.force,
                "Register it even when it is not restorable (as FAILED)");
  add->add_flag("--json", add_args.json, "Print JSON");
  AddCatalogOption(add, add_args.catalog);
  AddStorageOptions(add, add_args.storage);
  context.OnRun(add, [&context, &add_args] { return RunSnapshotsAdd(context, add_args); });

  SnapArgs& rm_args = context.Make<SnapArgs>();
  CLI::App* rm = snaps->add_subcommand(
      "rm",
      "Remove a record: the record only, or with --delete-files the files first, then the record");
  rm->add_option("JOB", rm_args.job, "The job's path or id")->required();
  rm->add_option("SNAPSHOT", rm_args.path,
                 "The record's id, or the snapshot's path in any spelling")
      ->required();
  rm->add_flag("--delete-files", rm_args.delete_files,
               "Delete the snapshot's files first (refused for one a run may still use)");
  AddCatalogOption(rm, rm_args.catalog);
  AddStorageOptions(rm, rm_args.storage);
  context.OnRun(rm, [&context, &rm_args] { return RunSnapshotsRm(context, rm_args); });

  SnapArgs& rec_args = context.Make<SnapArgs>();
  CLI::App* rec = snaps->add_subcommand(
      "reconcile",
      "Compare the records with storage: add what is on storage, mark what is gone "
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

const GroupRegistration kSnapshots("snapshots", 31, &RegisterSnapshots);

}  // namespace
}  // namespace flowstate::cli
