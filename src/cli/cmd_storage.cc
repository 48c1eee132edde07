// `flowstate storage list|latest`: checkpoints and savepoints straight from storage.
#include <ctime>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/command.h"
#include "cli/json.h"
#include "cli/storage_options.h"
#include "flowstate/flowstate.hpp"

namespace flowstate::cli {
namespace {

struct ScanArgs {
  std::vector<std::string> uris;
  std::vector<std::string> jobs;
  bool include_savepoints = false;
  std::string flink_version;
  bool json = false;
  bool progress = false;
  double timeout_s = -1;
  StorageArgs storage;
};

std::string Utc(int64_t ms) {
  if (ms <= 0) return "-";
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::ostringstream out;
  out << std::put_time(&tm, "%Y-%m-%d %H:%M:%S");
  return out.str();
}

std::string Bytes(uint64_t n) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  std::ostringstream out;
  out << std::fixed << std::setprecision(u == 0 ? 0 : 1) << v << " " << units[u];
  return out.str();
}

rapidjson::Value SnapshotJson(const SnapshotInfo& s, rapidjson::Document::AllocatorType& al) {
  rapidjson::Value o(rapidjson::kObjectType);
  o.AddMember("kind",
              JsonString(s.kind == FLOWSTATE_SNAPSHOT_SAVEPOINT ? "SAVEPOINT" : "CHECKPOINT", al),
              al);
  o.AddMember("location", JsonString(s.location, al), al);
  o.AddMember("job_id", JsonString(s.job_id, al), al);
  if (s.directory_id >= 0) o.AddMember("directory_id", s.directory_id, al);
  if (s.checkpoint_id >= 0) o.AddMember("checkpoint_id", s.checkpoint_id, al);
  o.AddMember("verdict", JsonString(s.verdict_name, al), al);
  o.AddMember("reason", JsonString(s.reason, al), al);
  o.AddMember("level", JsonString(s.level == FLOWSTATE_VERIFY_HEADER ? "header" : "none", al), al);
  if (s.format_version > 0) o.AddMember("format_version", s.format_version, al);
  if (!s.min_flink.empty()) o.AddMember("min_flink", JsonString(s.min_flink, al), al);
  o.AddMember("restorable", s.restorable, al);
  if (!s.target_reason.empty()) o.AddMember("target_reason", JsonString(s.target_reason, al), al);
  o.AddMember("completion_time_ms", s.completion_time_ms, al);
  o.AddMember("completion_time_source",
              JsonString(s.completion_from_metadata ? "_metadata" : "directory", al), al);
  o.AddMember("metadata_size", s.metadata_size, al);
  o.AddMember("exclusive_bytes", s.exclusive_bytes, al);
  o.AddMember("files", s.file_count, al);
  return o;
}

Result<SnapshotListing> Scan(Context& ctx, const ScanArgs& a, bool latest, Diagnostics& diags) {
  Result<Storage> storage = MakeStorage(ctx, a.storage);
  if (!storage.ok()) return storage.status();
  ScanOptions o;
  o.job_ids = a.jobs;
  o.include_savepoints = a.include_savepoints;
  o.flink_version = a.flink_version;
  o.timeout_ms = a.timeout_s < 0 ? -1 : static_cast<int64_t>(a.timeout_s * 1000);
  ProgressLine progress(ctx, a.progress);
  o.progress = [&progress](std::string_view phase, uint64_t done, uint64_t total) {
    return progress(phase, done, total);
  };
  return latest ? storage->find_latest(a.uris, o, &diags)
                : storage->list_snapshots(a.uris, o, &diags);
}

int RunList(Context& ctx, const ScanArgs& a) {
  Diagnostics diags;
  Result<SnapshotListing> r = Scan(ctx, a, false, diags);
  if (!r.ok()) return ReportError(ctx, r.status());
  std::ostream& out = *ctx.out;
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& al = doc.GetAllocator();
    rapidjson::Value snaps(rapidjson::kArrayType), jobs(rapidjson::kArrayType),
        problems(rapidjson::kArrayType);
    for (const SnapshotInfo& s : r->snapshots) snaps.PushBack(SnapshotJson(s, al), al);
    for (const JobDirectoryInfo& j : r->jobs) {
      rapidjson::Value o(rapidjson::kObjectType);
      o.AddMember("location", JsonString(j.location, al), al);
      o.AddMember("job_id", JsonString(j.job_id, al), al);
      o.AddMember("checkpoints", j.checkpoints, al);
      o.AddMember("shared_bytes", j.shared_bytes, al);
      o.AddMember("taskowned_bytes", j.taskowned_bytes, al);
      jobs.PushBack(o, al);
    }
    for (const Diagnostic& d : diags.entries()) problems.PushBack(DiagnosticJson(d, al), al);
    doc.AddMember("snapshots", snaps, al);
    doc.AddMember("jobs", jobs, al);
    doc.AddMember("problems", problems, al);
    doc.AddMember("listings", r->listings, al);
    doc.AddMember("header_reads", r->header_reads, al);
    PrintJson(out, doc);
    return 0;
  }
  out << std::left << std::setw(12) << "VERDICT" << std::setw(11) << "KIND" << std::setw(8) << "ID"
      << std::setw(21) << "COMPLETED (UTC)" << std::setw(11) << "SIZE"
      << "LOCATION\n";
  for (const SnapshotInfo& s : r->snapshots) {
    int64_t id = s.checkpoint_id >= 0 ? s.checkpoint_id : s.directory_id;
    out << std::left << std::setw(12) << s.verdict_name << std::setw(11)
        << (s.kind == FLOWSTATE_SNAPSHOT_SAVEPOINT ? "savepoint" : "checkpoint") << std::setw(8)
        << (id >= 0 ? std::to_string(id) : "-") << std::setw(21) << Utc(s.completion_time_ms)
        << std::setw(11) << Bytes(s.exclusive_bytes) << s.location << "\n";
    if (s.verdict != FLOWSTATE_VERDICT_COMPLETE) out << "    " << s.reason << "\n";
  }
  for (const JobDirectoryInfo& j : r->jobs) {
    out << "job " << j.job_id << ": " << j.checkpoints << " checkpoint directories, shared/ "
        << Bytes(j.shared_bytes) << ", taskowned/ " << Bytes(j.taskowned_bytes) << "\n";
  }
  PrintDiagnostics(*ctx.err, diags.entries());
  return 0;
}

int RunLatest(Context& ctx, const ScanArgs& a) {
  Diagnostics diags;
  Result<SnapshotListing> r = Scan(ctx, a, true, diags);
  if (!r.ok()) return ReportError(ctx, r.status());
  std::ostream& out = *ctx.out;
  const SnapshotInfo* latest = r->latest();
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& al = doc.GetAllocator();
    rapidjson::Value examined(rapidjson::kArrayType);
    for (const SnapshotInfo& s : r->snapshots) examined.PushBack(SnapshotJson(s, al), al);
    if (latest != nullptr) {
      doc.AddMember("latest", SnapshotJson(*latest, al), al);
    } else {
      doc.AddMember("latest", rapidjson::Value(), al);
    }
    doc.AddMember("examined", examined, al);
    doc.AddMember("candidates", r->candidates, al);
    doc.AddMember("listings", r->listings, al);
    doc.AddMember("header_reads", r->header_reads, al);
    PrintJson(out, doc);
  } else {
    if (latest != nullptr) {
      out << latest->location << "\n"
          << "  " << (latest->kind == FLOWSTATE_SNAPSHOT_SAVEPOINT ? "savepoint" : "checkpoint")
          << " " << latest->checkpoint_id
          << (latest->job_id.empty() ? "" : " of job " + latest->job_id) << ", completed "
          << Utc(latest->completion_time_ms) << " UTC, format " << latest->format_version
          << (latest->min_flink.empty() ? "" : " (Flink " + latest->min_flink + " or later)")
          << "\n";
    }
    for (const SnapshotInfo& s : r->snapshots) {
      if (&s == latest) continue;
      out << "  skipped " << s.location << ": " << s.verdict_name << ": "
          << (s.verdict == FLOWSTATE_VERDICT_COMPLETE ? s.target_reason : s.reason) << "\n";
    }
    out << "  " << r->candidates << " candidates, " << r->snapshots.size() << " examined, "
        << r->listings << " listings, " << r->header_reads << " header reads\n";
  }
  PrintDiagnostics(*ctx.err, diags.entries());
  if (latest == nullptr) {
    *ctx.err << "flowstate: nothing restorable below " << a.uris.front()
             << (a.uris.size() > 1 ? " (and more)" : "")
             << (a.include_savepoints ? "" : " (savepoints count only with --include-savepoints)")
             << "\n";
    return flowstate_error_exit_code(FLOWSTATE_E_NOT_FOUND);
  }
  return 0;
}

void AddScanOptions(CLI::App* cmd, ScanArgs& a) {
  cmd->add_option("URI", a.uris,
                  "Checkpoint directories, job-id directories or savepoint directories")
      ->required();
  cmd->add_option("--job", a.jobs, "Only these Flink job ids (each run of a job has its own)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--flink-version", a.flink_version,
                  "Restorable means readable by this Flink version");
  cmd->add_option("--timeout", a.timeout_s, "Give up after this many seconds");
  cmd->add_flag("--json", a.json, "Print JSON");
  cmd->add_flag("--progress", a.progress, "Show progress on stderr (also without a terminal)");
  AddStorageOptions(cmd, a.storage);
}

void RegisterStorage(CLI::App& app, Context& context) {
  CLI::App* storage =
      app.add_subcommand("storage", "Checkpoints and savepoints on local disks, NFS and HDFS");
  storage->require_subcommand(1);

  ScanArgs& list_args = context.Make<ScanArgs>();
  CLI::App* list =
      storage->add_subcommand("list", "Every checkpoint and savepoint with its verdict and sizes");
  AddScanOptions(list, list_args);
  context.OnRun(list, [&context, &list_args] { return RunList(context, list_args); });

  ScanArgs& latest_args = context.Make<ScanArgs>();
  CLI::App* latest = storage->add_subcommand(
      "latest", "The newest restorable checkpoint (exit code 4 when nothing is restorable)");
  AddScanOptions(latest, latest_args);
  latest->add_flag("--include-savepoints", latest_args.include_savepoints,
                   "Consider savepoints too");
  context.OnRun(latest, [&context, &latest_args] { return RunLatest(context, latest_args); });
}

const GroupRegistration kRegistration("storage", 20, &RegisterStorage);

}  // namespace
}  // namespace flowstate::cli
