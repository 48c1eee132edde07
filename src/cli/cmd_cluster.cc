// `flowstate cluster info|jobs|checkpoints|exceptions`: what a running Flink cluster says,
// read-only. A cluster is a URL or the name of a [cluster "NAME"] section of the settings
// (url, token, flink-version and the endpoint keys of cli/endpoint_settings.h).
#include <iomanip>
#include <optional>
#include <ostream>
#include <string>

#include "CLI/CLI.hpp"
#include "cli/command.h"
#include "cli/endpoint_settings.h"
#include "cli/format.h"
#include "cli/json.h"
#include "flowstate/flowstate.hpp"
#include "rapidjson/document.h"

namespace flowstate::cli {
namespace {

struct ClusterArgs {
  std::string cluster, job;
  std::string token;
  bool json = false;
  bool insecure = false;
  std::optional<double> request_timeout_s;  // unset: the library default
};

void AddClusterArgs(CLI::App* cmd, ClusterArgs& a, bool job) {
  cmd->add_option("CLUSTER", a.cluster, "The JobManager's URL, or a cluster named in the settings")
      ->required();
  if (job) cmd->add_option("JOBID", a.job, "The Flink job id (32 hex digits)")->required();
  cmd->add_option("--token", a.token,
                  "Bearer token (default: the cluster's token in the settings)");
  cmd->add_flag("--insecure", a.insecure, "Do not verify TLS certificates");
  cmd->add_option("--request-timeout", a.request_timeout_s,
                  "Seconds each request to the cluster may take (default 30)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--json", a.json, "Print flowstate's JSON");
}

Result<FlinkClient> Connect(Context& ctx, const ClusterArgs& a) {
  return ConnectCluster(ctx, a.cluster, a.token, a.insecure, a.request_timeout_s);
}

rapidjson::Document Parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  return d;
}

std::string S(const rapidjson::Value& o, const char* k) {
  auto it = o.FindMember(k);
  if (it == o.MemberEnd() || it->value.IsNull()) return "-";
  if (it->value.IsString()) return it->value.GetString();
  if (it->value.IsInt64()) return std::to_string(it->value.GetInt64());
  if (it->value.IsBool()) return it->value.GetBool() ? "yes" : "no";
  return "-";
}

int64_t I(const rapidjson::Value& o, const char* k) {
  auto it = o.FindMember(k);
  return it != o.MemberEnd() && it->value.IsInt64() ? it->value.GetInt64() : -1;
}

int Print(Context& ctx, const std::string& json) {
  *ctx.out << json << "\n";
  return 0;
}

int RunInfo(Context& ctx, const ClusterArgs& a) {
  auto c = Connect(ctx, a);
  if (!c.ok()) return ReportError(ctx, c.status());
  auto overview = c->overview();
  if (!overview.ok()) return ReportError(ctx, overview.status());
  if (a.json) return Print(ctx, *overview);
  auto d = Parse(*overview);
  std::ostream& out = *ctx.out;
  out << "flink          " << S(d, "flink_version") << " (" << S(d, "flink_commit") << ")\n";
  out << "taskmanagers   " << S(d, "taskmanagers") << ", slots " << S(d, "slots_available")
      << " free of " << S(d, "slots_total") << "\n";
  out << "jobs           " << S(d, "jobs_running") << " running, " << S(d, "jobs_finished")
      << " finished, " << S(d, "jobs_cancelled") << " cancelled, " << S(d, "jobs_failed")
      << " failed\n";
  return 0;
}

int RunJobs(Context& ctx, const ClusterArgs& a) {
  auto c = Connect(ctx, a);
  if (!c.ok()) return ReportError(ctx, c.status());
  auto jobs = c->jobs();
  if (!jobs.ok()) return ReportError(ctx, jobs.status());
  if (a.json) return Print(ctx, *jobs);
  auto d = Parse(*jobs);
  std::ostream& out = *ctx.out;
  out << std::left << std::setw(34) << "JOB ID" << std::setw(13) << "STATE" << std::setw(21)
      << "STARTED (UTC)"
      << "NAME\n";
  for (const auto& j : d.GetArray()) {
    out << std::left << std::setw(34) << S(j, "id") << std::setw(13) << S(j, "state")
        << std::setw(21) << Utc(I(j, "start_time")) << S(j, "name") << "\n";
  }
  return 0;
}

int RunCheckpoints(Context& ctx, const ClusterArgs& a) {
  auto c = Connect(ctx, a);
  if (!c.ok()) return ReportError(ctx, c.status());
  auto stats = c->checkpoints(a.job);
  if (!stats.ok()) return ReportError(ctx, stats.status());
  if (a.json) return Print(ctx, *stats);
  auto d = Parse(*stats);
  std::ostream& out = *ctx.out;
  const auto& counts = d["counts"];
  out << "checkpoints    " << S(counts, "completed") << " completed, " << S(counts, "failed")
      << " failed, " << S(counts, "in_progress") << " in progress, " << S(counts, "restored")
      << " restored\n";
  auto latest = [&](const char* label, const char* key) {
    const auto& v = d[key];
    if (v.IsNull()) {
      out << label << "-\n";
    } else {
      out << label << "#" << S(v, "id") << " " << S(v, "external_path") << " ("
          << Utc(I(v, "latest_ack_ms")) << " UTC)"
          << (v["discarded"].IsBool() && v["discarded"].GetBool() ? " discarded" : "") << "\n";
    }
  };
  latest("latest         ", "latest_completed");
  latest("savepoint      ", "latest_savepoint");
  if (!d["latest_failed"].IsNull()) {
    out << "failed         #" << S(d["latest_failed"], "id") << ": "
        << S(d["latest_failed"], "failure_message") << "\n";
  }
  if (!d["latest_restored"].IsNull()) {
    out << "restored from  " << S(d["latest_restored"], "external_path") << "\n";
  }
  // Columns as wide as their widest value: a type such as UNALIGNED_CHECKPOINT or a status
  // such as IN_PROGRESS never runs into the next column.
  std::vector<std::vector<std::string>> rows = {
      {"ID", "STATUS", "TYPE", "TRIGGERED (UTC)", "SIZE", "PATH"}};
  for (const auto& e : d["history"].GetArray()) {
    const int64_t size = I(e, "state_size");
    rows.push_back(
        {S(e, "id"), S(e, "status"), S(e, "checkpoint_type"), Utc(I(e, "trigger_ms")),
         size >= 0 ? Bytes(static_cast<uint64_t>(size)) : std::string("-"),
         (S(e, "external_path") == "-" ? "" : S(e, "external_path")) +
             (e["discarded"].IsBool() && e["discarded"].GetBool() ? " (discarded)" : "")});
  }
  out << "\n";
  PrintTable(out, rows);
  return 0;
}

int RunExceptions(Context& ctx, const ClusterArgs& a) {
  auto c = Connect(ctx, a);
  if (!c.ok()) return ReportError(ctx, c.status());
  auto ex = c->exceptions(a.job);
  if (!ex.ok()) return ReportError(ctx, ex.status());
  if (a.json) return Print(ctx, *ex);
  auto d = Parse(*ex);
  std::ostream& out = *ctx.out;
  if (d["history"].Empty()) {
    out << "no exceptions\n";
    return 0;
  }
  for (const auto& e : d["history"].GetArray()) {
    std::string trace = S(e, "stacktrace");
    out << Utc(I(e, "timestamp")) << " UTC  " << S(e, "name") << "  in " << S(e, "task") << " ("
        << S(e, "endpoint") << ")\n";
    out << "  " << trace.substr(0, trace.find('\n')) << "\n";
    if (e.HasMember("concurrent") && e["concurrent"].IsArray()) {
      for (const auto& x : e["concurrent"].GetArray()) {  // failed at the same time, elsewhere
        std::string t = S(x, "stacktrace");
        out << "  and at the same time: " << S(x, "name") << "  in " << S(x, "task") << " ("
            << S(x, "endpoint") << ")\n    " << t.substr(0, t.find('\n')) << "\n";
      }
    }
  }
  return 0;
}

void RegisterCluster(CLI::App& app, Context& context) {
  CLI::App* cluster =
      app.add_subcommand("cluster", "What a running Flink cluster says (read-only)");
  cluster->require_subcommand(1);
  struct Leaf {
    const char* name;
    const char* help;
    bool job;
    int (*fn)(Context&, const ClusterArgs&);
  };
  const Leaf leaves[] = {
      {"info", "Flink version, task managers, slots and job counts", false, &RunInfo},
      {"jobs", "Every job with its state", false, &RunJobs},
      {"checkpoints", "A job's checkpoint statistics: latest, history, what was discarded", true,
       &RunCheckpoints},
      {"exceptions", "A job's exception history", true, &RunExceptions},
  };
  for (const Leaf& l : leaves) {
    ClusterArgs& args = context.Make<ClusterArgs>();
    CLI::App* cmd = cluster->add_subcommand(l.name, l.help);
    AddClusterArgs(cmd, args, l.job);
    auto fn = l.fn;
    context.OnRun(cmd, [&context, &args, fn] { return fn(context, args); });
  }
}

const GroupRegistration kRegistration("cluster", 25, &RegisterCluster);

}  // namespace
}  // namespace flowstate::cli
