// `flowstate storage list|latest|inspect|verify|match`: checkpoints and savepoints straight
// from storage.
#include <cctype>
#include <ctime>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/command.h"
#include "cli/format.h"
#include "cli/json.h"
#include "cli/record_json.h"
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
  std::string level = "files";
  StorageArgs storage;
};

Result<VerifyLevel> ParseLevel(const std::string& s) {
  return ParseEnumOption<VerifyLevel>("--level", s);
}

Result<SnapshotListing> Scan(Context& ctx, const ScanArgs& a, bool latest, Diagnostics& diags) {
  Result<Storage> storage = MakeStorage(ctx, a.storage);
  if (!storage.ok()) return storage.status();
  Result<VerifyLevel> level = ParseLevel(a.level);
  if (!level.ok()) return level.status();
  ScanOptions o;
  o.verify_level = *level;
  o.job_ids = a.jobs;
  o.include_savepoints = a.include_savepoints;
  o.flink_version = a.flink_version;
  o.timeout_ms = a.timeout_s < 0 ? -1 : static_cast<int64_t>(a.timeout_s * 1000);
  o.cancel = ctx.interrupt;
  std::string roots;
  for (const std::string& u : a.uris) roots += (roots.empty() ? "" : ", ") + u;
  ctx.doing = (latest ? "looking for the newest restorable snapshot under "
                      : "listing the snapshots under ") +
              roots;
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
    for (const SnapshotInfo& s : r->snapshots) snaps.PushBack(ToJson(s, al), al);
    for (const JobDirectoryInfo& j : r->jobs) jobs.PushBack(ToJson(j, al), al);
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
    out << std::left << std::setw(12) << to_string(s.verdict) << std::setw(11)
        << (s.kind == SnapshotKind::savepoint ? "savepoint" : "checkpoint") << std::setw(8)
        << (id >= 0 ? std::to_string(id) : "-") << std::setw(21) << Utc(s.completion_time_ms)
        << std::setw(11) << Bytes(s.exclusive_bytes) << s.location << "\n";
    if (s.verdict != Verdict::complete) out << "    " << s.reason << "\n";
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
    for (const SnapshotInfo& s : r->snapshots) examined.PushBack(ToJson(s, al), al);
    if (latest != nullptr) {
      doc.AddMember("latest", ToJson(*latest, al), al);
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
          << "  " << (latest->kind == SnapshotKind::savepoint ? "savepoint" : "checkpoint") << " "
          << latest->checkpoint_id << (latest->job_id.empty() ? "" : " of job " + latest->job_id)
          << ", completed " << Utc(latest->completion_time_ms) << " UTC, format "
          << latest->format_version
          << (latest->min_flink ? " (Flink " + *latest->min_flink + " or later)" : "") << "\n";
    }
    for (const SnapshotInfo& s : r->snapshots) {
      if (&s == latest) continue;
      out << "  skipped " << s.location << ": " << to_string(s.verdict) << ": "
          << (s.verdict == Verdict::complete ? s.target_reason : s.reason) << "\n";
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
      ->required()
      ->transform(LocationArg());
  cmd->add_option("--job", a.jobs, "Only these Flink job ids (each run of a job has its own)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--flink-version", a.flink_version,
                  "Restorable means readable by this Flink version");
  cmd->add_option("--timeout", a.timeout_s, "Give up after this many seconds");
  cmd->add_flag("--json", a.json, "Print JSON");
  cmd->add_flag("--progress", a.progress, "Show progress on stderr (also without a terminal)");
  cmd->add_option("--level", a.level,
                  "How deep to check: " + EnumChoices(FLOWSTATE_ENUM_VERIFY_LEVEL) +
                      " (files, the default: and every state file _metadata references)");
  AddStorageOptions(cmd, a.storage);
}

struct InspectArgs {
  std::string path;
  std::string level = "files";
  std::string flink_version;
  bool json = false;
  // match
  std::vector<std::string> uids, ids;
  std::string like;
  StorageArgs storage;
};

Result<std::pair<MetadataInfo, SnapshotInfo>> Inspect(Context& ctx, const InspectArgs& a,
                                                      Storage* out_storage = nullptr) {
  Result<Storage> storage = MakeStorage(ctx, a.storage);
  if (!storage.ok()) return storage.status();
  Result<VerifyLevel> level = ParseLevel(a.level);
  if (!level.ok()) return level.status();
  ScanOptions o;
  o.verify_level = *level;
  o.flink_version = a.flink_version;
  o.cancel = ctx.interrupt;
  ctx.doing = "checking " + a.path;
  auto r = storage->inspect(a.path, o);
  if (out_storage != nullptr) *out_storage = std::move(storage).value();
  return r;
}

void PrintVerdict(std::ostream& out, const SnapshotInfo& s) {
  out << to_string(s.verdict) << " at level " << to_string(s.level) << ": " << s.reason << "\n";
  if (s.verdict == Verdict::complete && !s.restorable) {
    out << "not restorable by the target: " << s.target_reason << "\n";
  }
  for (const FileProblem& p : s.problems) out << "  " << p.message << "\n";
}

int RunInspect(Context& ctx, const InspectArgs& a) {
  auto r = Inspect(ctx, a);
  if (!r.ok()) return ReportError(ctx, r.status());
  const MetadataInfo& m = r->first;
  const SnapshotInfo& s = r->second;
  std::ostream& out = *ctx.out;
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& al = doc.GetAllocator();
    doc.AddMember("snapshot", ToJson(s, al), al);
    if (m.parsed) {
      doc.AddMember("metadata", ToJson(m, al), al);
    } else {
      doc.AddMember("metadata", rapidjson::Value(), al);
    }
    PrintJson(out, doc);
    return 0;
  }
  out << s.location << "\n";
  if (m.parsed) {
    std::string kind = m.kind.empty() ? "checkpoint or savepoint (format 3 does not say)" : m.kind;
    for (char& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out << "  " << kind << (m.format.empty() ? "" : " (" + m.format + ")")
        << (m.type_name.empty() ? "" : ", \"" + m.type_name + "\"") << ", checkpoint id "
        << m.checkpoint_id << ", format version " << m.format_version << ", _metadata "
        << Bytes(m.size) << "\n";
    uint64_t file_bytes = 0;
    for (const StateFile& f : m.files) file_bytes += f.size > 0 ? f.size : 0;
    out << "  " << m.operators.size() << " operators, " << m.files.size() << " state files ("
        << Bytes(file_bytes) << "), " << Bytes(m.inline_bytes) << " inline in " << m.inline_handles
        << " handles\n\n";
    out << std::left << std::setw(34) << "OPERATOR ID" << std::setw(8) << "PAR" << std::setw(8)
        << "MAXPAR" << std::setw(8) << "FILES" << std::setw(11) << "INLINE"
        << "NAME / UID\n";
    for (const OperatorState& o : m.operators) {
      out << std::left << std::setw(34) << o.id << std::setw(8) << o.parallelism << std::setw(8)
          << o.max_parallelism << std::setw(8) << o.file_handles << std::setw(11)
          << Bytes(o.inline_bytes + o.coordinator_bytes) << (o.name.empty() ? "-" : o.name)
          << (o.uid.empty() ? "" : " / " + o.uid) << (o.fully_finished ? " (finished)" : "")
          << "\n";
    }
    if (!m.files.empty()) {
      out << "\n"
          << std::left << std::setw(11) << "SIZE" << std::setw(10) << "FORM"
          << "LOCATION\n";
      for (const StateFile& f : m.files) {
        out << std::left << std::setw(11) << (f.size >= 0 ? Bytes(f.size) : "?") << std::setw(10)
            << f.form << (f.location.empty() ? f.path : f.location) << "\n";
      }
    }
    out << "\n";
  }
  PrintVerdict(out, s);
  return 0;
}

int RunVerify(Context& ctx, const InspectArgs& a) {
  auto r = Inspect(ctx, a);
  if (!r.ok()) return ReportError(ctx, r.status());
  const SnapshotInfo& s = r->second;
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& al = doc.GetAllocator();
    doc.AddMember("snapshot", ToJson(s, al), al);
    PrintJson(*ctx.out, doc);
  } else {
    *ctx.out << s.location << "\n";
    PrintVerdict(*ctx.out, s);
  }
  return s.restorable ? 0 : kExitProblems;
}

int RunMatch(Context& ctx, const InspectArgs& a) {
  std::vector<std::string> ids = a.ids;
  for (const std::string& uid : a.uids) ids.push_back(operator_id_from_uid(uid));
  Result<Storage> storage = MakeStorage(ctx, a.storage);
  if (!storage.ok()) return ReportError(ctx, storage.status());
  if (!a.like.empty()) {
    ScanOptions o;
    o.verify_level = VerifyLevel::structure;
    auto like = storage->inspect(a.like, o);
    if (!like.ok()) return ReportError(ctx, like.status());
    if (!like->first.parsed) {
      return ReportError(ctx, Status(ErrorCode::corrupt, a.like + ": " + like->second.reason));
    }
    for (const OperatorState& op : like->first.operators) ids.push_back(op.id);
  }
  if (ids.empty()) {
    return ReportError(ctx,
                       Status(ErrorCode::invalid_argument,
                              "say which operators to match: --uid UID, --id ID or --like PATH"));
  }
  auto r = storage->match(a.path, ids);
  if (!r.ok()) return ReportError(ctx, r.status());
  bool any = false;
  for (const OperatorMatchInfo& m : *r) any = any || m.kind != MatchKind::none;
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& al = doc.GetAllocator();
    rapidjson::Value arr(rapidjson::kArrayType);
    for (const OperatorMatchInfo& m : *r) arr.PushBack(ToJson(m, al), al);
    doc.AddMember("expected", static_cast<uint64_t>(ids.size()), al);
    doc.AddMember("jobs", arr, al);
    PrintJson(*ctx.out, doc);
  } else {
    *ctx.out << std::left << std::setw(6) << "MATCH" << std::setw(34) << "JOB ID" << std::setw(12)
             << "OPERATORS"
             << "COMPARED WITH\n";
    for (const OperatorMatchInfo& m : *r) {
      *ctx.out << std::left << std::setw(6) << to_string(m.kind) << std::setw(34) << m.job_id
               << std::setw(12)
               << (std::to_string(m.matched_count) + "/" + std::to_string(ids.size()))
               << m.snapshot_location << "\n";
      if (!m.missing.empty())
        *ctx.out << "      missing: " << m.missing.size() << " expected operators\n";
      if (!m.extra.empty()) {
        *ctx.out << "      extra: " << m.extra.size()
                 << " operators in the snapshot no expected one names (allowNonRestoredState)\n";
      }
    }
  }
  if (!any) {
    *ctx.err << "flowstate: no job directory below " << a.path << " holds these operators\n";
    return flowstate_error_exit_code(FLOWSTATE_E_NOT_FOUND);
  }
  return 0;
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

  InspectArgs& inspect_args = context.Make<InspectArgs>();
  CLI::App* inspect = storage->add_subcommand(
      "inspect", "What a checkpoint's or savepoint's _metadata holds: operators, files, sizes");
  inspect->add_option("PATH", inspect_args.path, "A snapshot directory or its _metadata")
      ->transform(LocationArg())
      ->required();
  inspect->add_option("--level", inspect_args.level,
                      EnumChoices(FLOWSTATE_ENUM_VERIFY_LEVEL) + " (default: files)");
  inspect->add_flag("--json", inspect_args.json, "Print JSON");
  AddStorageOptions(inspect, inspect_args.storage);
  context.OnRun(inspect, [&context, &inspect_args] { return RunInspect(context, inspect_args); });

  InspectArgs& verify_args = context.Make<InspectArgs>();
  CLI::App* verify = storage->add_subcommand(
      "verify", "Whether a snapshot can be restored (exit code 1 when it cannot, and why)");
  verify->add_option("PATH", verify_args.path, "A snapshot directory or its _metadata")
      ->required()
      ->transform(LocationArg());
  verify->add_option("--level", verify_args.level,
                     EnumChoices(FLOWSTATE_ENUM_VERIFY_LEVEL) + " (default: files)");
  verify->add_option("--flink-version", verify_args.flink_version,
                     "Restorable means readable by this Flink version");
  verify->add_flag("--json", verify_args.json, "Print JSON");
  AddStorageOptions(verify, verify_args.storage);
  context.OnRun(verify, [&context, &verify_args] { return RunVerify(context, verify_args); });

  InspectArgs& match_args = context.Make<InspectArgs>();
  CLI::App* match = storage->add_subcommand(
      "match",
      "The job-id directories below ROOT that hold a job's state, by its operators "
      "(exit code 4 when none does)");
  match->add_option("ROOT", match_args.path, "A checkpoint directory")
      ->required()
      ->transform(LocationArg());
  match->add_option("--uid", match_args.uids, "An operator uid of the job (repeatable)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  match->add_option("--id", match_args.ids, "An operator id, 32 hex digits (repeatable)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  match->add_option("--like", match_args.like, "Another snapshot of the job (its operators)")
      ->transform(LocationArg());
  match->add_flag("--json", match_args.json, "Print JSON");
  AddStorageOptions(match, match_args.storage);
  context.OnRun(match, [&context, &match_args] { return RunMatch(context, match_args); });
}

const GroupRegistration kRegistration("storage", 20, &RegisterStorage);

}  // namespace
}  // namespace flowstate::cli
