// `flowstate runs`: a job's runs as the lifecycle records them (one open at a time); and
// `flowstate catalog`: the catalog file itself.
#include <iomanip>
#include <ostream>
#include <string>

#include "CLI/CLI.hpp"
#include "cli/catalog_common.h"
#include "cli/command.h"
#include "cli/format.h"
#include "cli/json.h"
#include "flowstate/flowstate.hpp"

namespace flowstate::cli {
namespace {

struct RunArgs {
  CatalogArgs catalog;
  std::string job;
  bool json = false;
};

int RunRunsList(Context& ctx, const RunArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, false);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  auto runs = cat->list_runs(a.job);
  if (!runs.ok()) return ReportError(ctx, runs.status());
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    rapidjson::Value rs(rapidjson::kArrayType);
    for (const RunInfo& r : *runs) rs.PushBack(ToJson(r, doc.GetAllocator()), doc.GetAllocator());
    doc.AddMember("runs", rs, doc.GetAllocator());
    PrintJson(*ctx.out, doc);
    return 0;
  }
  *ctx.out << std::left << std::setw(7) << "ID" << std::setw(34) << "FLINK JOB" << std::setw(21)
           << "STARTED (UTC)" << std::setw(21) << "ENDED (UTC)" << std::setw(12) << "STATUS"
           << "RESTORED FROM\n";
  for (const RunInfo& r : *runs) {
    *ctx.out << std::left << std::setw(7) << r.id << std::setw(34)
             << (r.flink_job_id.empty() ? "-" : r.flink_job_id) << std::setw(21)
             << Utc(r.started_ms) << std::setw(21)
             << (r.ended_ms < 0 ? std::string("(open)") : Utc(r.ended_ms)) << std::setw(12)
             << (r.final_status.empty() ? "-" : r.final_status)
             << (r.restored_from.empty() ? "-" : r.restored_from) << "\n";
  }
  return 0;
}

void RegisterRuns(CLI::App& app, Context& context) {
  CLI::App* runs = app.add_subcommand("runs", "A job's runs: each submission, one open at a time");
  runs->require_subcommand(1);

  RunArgs& list_args = context.Make<RunArgs>();
  CLI::App* list = runs->add_subcommand("list", "The job's runs in start order");
  list->add_option("JOB", list_args.job, "The job's path or id")->required();
  list->add_flag("--json", list_args.json, "Print JSON");
  AddCatalogOption(list, list_args.catalog);
  context.OnRun(list, [&context, &list_args] { return RunRunsList(context, list_args); });
}

// ---- flowstate catalog ---------------------------------------------------------------------

struct CatalogFileArgs {
  CatalogArgs catalog;
  bool json = false;
};

int RunCatalogInfo(Context& ctx, const CatalogFileArgs& a, bool upgrade) {
  Result<std::string> path = CatalogPath(ctx, a.catalog);
  if (!path.ok()) return ReportError(ctx, path.status());
  CatalogOptions ro;
  ro.create = false;
  ro.read_only = true;
  Result<Catalog> cat = Catalog::open(*path, ro);
  bool upgraded = false;
  if (!cat.ok() && upgrade && cat.status().code() == ErrorCode::unsupported_version &&
      cat.status().message().find("older flowstate") != std::string::npos) {
    // Only `upgrade` opens for writing, which upgrades; it never creates a catalog.
    CatalogOptions rw;
    rw.create = false;
    cat = Catalog::open(*path, rw);
    upgraded = cat.ok();
  }
  if (!cat.ok()) return ReportError(ctx, cat.status());
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    doc.AddMember("path", JsonString(*path, doc.GetAllocator()), doc.GetAllocator());
    doc.AddMember("schema_version", cat->schema_version(), doc.GetAllocator());
    doc.AddMember("upgraded", upgraded, doc.GetAllocator());
    PrintJson(*ctx.out, doc);
  } else {
    *ctx.out << *path << ": catalog schema " << cat->schema_version()
             << (upgraded  ? " (upgraded now)"
                 : upgrade ? " (already up to date)"
                           : "")
             << "\n";
  }
  return 0;
}

void RegisterCatalog(CLI::App& app, Context& context) {
  CLI::App* catalog = app.add_subcommand("catalog", "The catalog file");
  catalog->require_subcommand(1);
  CatalogFileArgs& info_args = context.Make<CatalogFileArgs>();
  CLI::App* info =
      catalog->add_subcommand("info", "Where the catalog is and its schema version (read-only)");
  info->add_flag("--json", info_args.json, "Print JSON");
  AddCatalogOption(info, info_args.catalog);
  context.OnRun(info, [&context, &info_args] { return RunCatalogInfo(context, info_args, false); });
  CatalogFileArgs& up_args = context.Make<CatalogFileArgs>();
  CLI::App* up = catalog->add_subcommand("upgrade",
                                         "Upgrade a catalog written by an older flowstate to this "
                                         "one's schema (read commands never do)");
  up->add_flag("--json", up_args.json, "Print JSON");
  AddCatalogOption(up, up_args.catalog);
  context.OnRun(up, [&context, &up_args] { return RunCatalogInfo(context, up_args, true); });
}

const GroupRegistration kRuns("runs", 33, &RegisterRuns);
const GroupRegistration kCatalog("catalog", 34, &RegisterCatalog);

}  // namespace
}  // namespace flowstate::cli
