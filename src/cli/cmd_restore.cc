// `flowstate restore`: where a job's next start restores from (the decision with its
// reasons), and the standing strategy or a path for the next start only.
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
#include "cli/record_json.h"
#include "cli/storage_options.h"
#include "flowstate/flowstate.hpp"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace flowstate::cli {
namespace {

using Alloc = rapidjson::Document::AllocatorType;

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
    rapidjson::Value decision = ToJson(*d, al);
    for (auto& m : decision.GetObject()) doc.AddMember(m.name, m.value, al);
    PrintJson(*ctx.out, doc);
    return 0;
  }
  std::ostream& out = *ctx.out;
  out << "job        " << job->path << "\n";
  out << "strategy   " << d->strategy << (d->once ? " (this start only)" : "") << "\n";
  out << "restore    " << (d->path ? *d->path : std::string("nothing: the job starts empty"))
      << "\n";
  if (!d->reasons.empty()) {
    out << "why:\n";
    for (const std::string& r : d->reasons) out << "  - " << r << "\n";
  }
  if (!d->candidates.empty()) {
    out << "candidates considered:\n";
    int n = 0;
    for (const RestoreCandidate& c : d->candidates) {
      out << "  " << ++n << ". " << std::left << std::setw(11) << to_string(c.kind) << std::setw(8)
          << c.source << std::setw(12) << c.verdict
          << (c.restorable ? "restorable  " : "skipped     ") << Utc(c.completion_ms) << "  "
          << c.path << "\n";
      if (!c.restorable && !c.reason.empty()) out << "     " << c.reason << "\n";
    }
  }
  return 0;
}

int RunRestoreSet(Context& ctx, const RestoreArgs& a) {
  const int modes =
      (!a.strategy.empty() ? 1 : 0) + (!a.once.empty() ? 1 : 0) + (a.clear_once ? 1 : 0);
  if (modes != 1) {
    return ReportError(ctx, Status(
                                ErrorCode::invalid_argument, "say one of: a STRATEGY (" + [] {
                                  std::string s;
                                  for (int i = 0; i <= FLOWSTATE_RESTORE_EARLIEST_SAVEPOINT; ++i)
                                    s += (i ? ", " : "") +
                                         to_string(static_cast<RestoreStrategy>(i));
                                  return s;
                                }() + "), --once PATH or --clear-once"));
  }
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, true);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  Status st;
  if (!a.strategy.empty()) {
    Result<RestoreStrategy> s = ParseStrategy(a.strategy);
    if (!s.ok()) return ReportError(ctx, s.status());
    st = cat->set_strategy(a.job, *s);
    if (st.ok()) *ctx.out << a.job << ": restore strategy " << to_string(*s) << "\n";
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

void RegisterRestore(CLI::App& app, Context& context) {
  CLI::App* restore = app.add_subcommand("restore", "Where a job's next start restores from");
  restore->require_subcommand(1);

  RestoreArgs& plan_args = context.Make<RestoreArgs>();
  CLI::App* plan = restore->add_subcommand(
      "plan",
      "The path the next start restores from, the strategy, the reasons and every "
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
  set->add_option("STRATEGY", set_args.strategy, EnumChoices(FLOWSTATE_ENUM_RESTORE_STRATEGY));
  set->add_option("--once", set_args.once, "Restore the next start from this path, then go back");
  set->add_flag("--clear-once", set_args.clear_once, "Drop a pending --once path");
  AddCatalogOption(set, set_args.catalog);
  context.OnRun(set, [&context, &set_args] { return RunRestoreSet(context, set_args); });
}

const GroupRegistration kRestore("restore", 32, &RegisterRestore);

}  // namespace
}  // namespace flowstate::cli
