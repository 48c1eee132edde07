// `jobs status` and `jobs watch`: where each job stands as observation rounds see it (its
// lifecycle state, what Flink last said, its newest checkpoint and savepoint, its health), and
// rounds every few seconds that keep the catalog true while jobs run and when their clusters
// die. Clusters are reached as the settings describe them; the catalog never holds credentials.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/catalog_common.h"
#include "cli/command.h"
#include "cli/format.h"
#include "cli/json.h"
#include "cli/record_json.h"
#include "cli/storage_options.h"
#include "flowstate/flowstate.hpp"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace flowstate::cli {
namespace {

struct WatchArgs {
  CatalogArgs catalog;
  StorageArgs storage;
  std::string job, folder;
  std::vector<std::string> clusters;
  bool json = false, refresh = false;
  double interval_s = 5, timeout_s = -1, lost_after_s = 60, stale_s = 600, reconcile_s = -1;
  int64_t rounds = 0, stats_budget = 200, lost_after_probes = 2;
};

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "12s", "5m", "3h", "2d": how long ago, in the largest whole unit.
std::string Ago(int64_t now_ms, int64_t ms) {
  if (ms <= 0) return "-";
  const int64_t s = std::max<int64_t>(0, (now_ms - ms) / 1000);
  if (s < 120) return std::to_string(s) + "s";
  if (s < 2 * 3600) return std::to_string(s / 60) + "m";
  if (s < 2 * 86400) return std::to_string(s / 3600) + "h";
  return std::to_string(s / 86400) + "d";
}

struct Row {
  JobInfo job;
  WatchInfo watch;
  std::optional<SnapshotRecord> checkpoint, savepoint;  // the newest completed of each
  std::string health;
};

bool Active(JobState s) {
  return s == JobState::starting || s == JobState::running || s == JobState::stopping;
}

// In words, what a user watching the job should know first.
std::string Health(const Row& r, int64_t now, int64_t stale_ms) {
  const WatchInfo& w = r.watch;
  switch (r.job.state) {
    case JobState::lost:
      return w.presumed_lost ? "lost (presumed: acknowledge-lost to resume)" : "lost";
    case JobState::unreachable:
      return "unreachable for " + Ago(now, w.unreachable_since_ms) + " (" +
             std::to_string(w.failed_probes) + " failed probes)";
    case JobState::failed:
      return "failed";
    default:
      break;
  }
  if (!Active(r.job.state)) return "idle";
  if (w.observed_ms < 0) return "not observed yet";
  if (w.flink_status == "RESTARTING" || w.flink_status == "FAILING") return "restarting";
  if (r.job.state == JobState::running && w.stats_ms >= 0) {
    const int64_t newest = r.checkpoint ? r.checkpoint->completion_ms : -1;
    if (newest <= 0 && now - r.job.updated_ms > stale_ms) return "no checkpoint recorded";
    if (newest > 0 && now - newest > stale_ms) return "no checkpoint for " + Ago(now, newest);
  }
  return "ok";
}

Result<std::vector<Row>> ReadRows(Catalog& cat, const WatchArgs& a, int64_t now) {
  std::vector<JobInfo> jobs;
  if (!a.job.empty()) {
    Result<JobInfo> j = cat.get_job(a.job);
    if (!j.ok()) return j.status();
    jobs.push_back(*j);
  } else {
    JobQuery q;
    q.folder = a.folder;
    q.limit = 100000;
    Result<std::vector<JobInfo>> found = cat.find_jobs(q);
    if (!found.ok()) return found.status();
    for (JobInfo& j : *found) {
      if (j.state != JobState::deleted) jobs.push_back(std::move(j));
    }
  }
  std::vector<Row> rows;
  for (JobInfo& j : jobs) {
    Row r;
    Result<WatchInfo> w = get_watch(cat, std::to_string(j.id));
    if (!w.ok()) return w.status();
    r.watch = *w;
    Result<std::vector<SnapshotRecord>> snaps =
        cat.list_snapshots(std::to_string(j.id), {SnapshotState::completed});
    if (!snaps.ok()) return snaps.status();
    for (SnapshotRecord& s : *snaps) {
      std::optional<SnapshotRecord>& slot =
          s.kind == SnapshotKind::savepoint ? r.savepoint : r.checkpoint;
      if (!slot || s.completion_ms > slot->completion_ms) slot = s;
    }
    r.job = std::move(j);
    r.health = Health(r, now, static_cast<int64_t>(a.stale_s * 1000));
    rows.push_back(std::move(r));
  }
  return rows;
}

rapidjson::Value RowJson(const Row& r, int64_t now, rapidjson::Document::AllocatorType& al) {
  rapidjson::Value o(rapidjson::kObjectType);
  o.AddMember("job", JsonString(r.job.path, al), al);
  o.AddMember("state", JsonString(to_string(r.job.state), al), al);
  o.AddMember("flink_status", JsonString(r.watch.flink_status, al), al);
  o.AddMember("cluster", JsonString(r.job.cluster, al), al);
  for (const auto& [name, s] : {std::make_pair("last_checkpoint", &r.checkpoint),
                                std::make_pair("last_savepoint", &r.savepoint)}) {
    if (!*s) {
      o.AddMember(rapidjson::StringRef(name), rapidjson::Value(), al);
      continue;
    }
    rapidjson::Value v(rapidjson::kObjectType);
    v.AddMember("path", JsonString((*s)->path, al), al);
    v.AddMember("completion_ms", OptInt((*s)->completion_ms), al);
    v.AddMember("age_s",
                (*s)->completion_ms > 0 ? rapidjson::Value((now - (*s)->completion_ms) / 1000)
                                        : rapidjson::Value(),
                al);
    o.AddMember(rapidjson::StringRef(name), v, al);
  }
  o.AddMember("health", JsonString(r.health, al), al);
  o.AddMember("watch", ToJson(r.watch, al), al);
  return o;
}

// The table; rows of `changed` jobs highlighted when the output is a terminal.
void PrintRows(Context& ctx, const std::vector<Row>& rows, int64_t now,
               const std::set<std::string>& changed = {}) {
  std::vector<std::vector<std::string>> t = {
      {"JOB", "STATE", "FLINK", "CLUSTER", "CHECKPOINT", "SAVEPOINT", "HEALTH"}};
  for (const Row& r : rows) {
    t.push_back({r.job.path, to_string(r.job.state),
                 r.watch.flink_status.empty() ? "-" : r.watch.flink_status,
                 r.job.cluster.empty() ? "-" : r.job.cluster,
                 r.checkpoint ? Ago(now, r.checkpoint->completion_ms) + " ago" : "-",
                 r.savepoint ? Ago(now, r.savepoint->completion_ms) + " ago" : "-", r.health});
  }
  if (ctx.screen == nullptr || changed.empty()) {
    PrintTable(*ctx.out, t);
    return;
  }
  // The table is laid out once, then each line written with its highlighting around it.
  std::ostringstream laid;
  PrintTable(laid, t);
  std::istringstream lines(laid.str());
  std::string line;
  for (size_t i = 0; std::getline(lines, line); ++i) {
    const bool hot = i > 0 && i - 1 < rows.size() && changed.count(rows[i - 1].job.path) > 0;
    if (hot) *ctx.screen << "\x1b[1;7m" << std::flush;
    *ctx.out << line;
    if (hot) *ctx.screen << "\x1b[0m" << std::flush;
    *ctx.out << "\n";
  }
}

int RunStatus(Context& ctx, const WatchArgs& a) {
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, a.refresh);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  if (a.refresh) {
    Result<OpenedLifecycle> opened = OpenLifecycle(ctx, *cat, a.storage);
    if (!opened.ok()) return ReportError(ctx, opened.status());
    ActionContext ac;
    ac.timeout_ms = a.timeout_s < 0 ? 30000 : static_cast<int64_t>(a.timeout_s * 1000);
    ac.cancel = ctx.interrupt;
    ctx.doing = "observing the clusters";
    ObserveOptions o;
    o.lost_after_ms = static_cast<int64_t>(a.lost_after_s * 1000);
    Result<ObserveReport> r = opened->life.observe(o, ac);
    if (!r.ok()) return ReportError(ctx, r.status());
    for (const std::string& u : r->info.unreachable) {
      *ctx.err << "flowstate: warning: cluster " << u << "\n";
    }
  }
  const int64_t now = NowMs();
  Result<std::vector<Row>> rows = ReadRows(*cat, a, now);
  if (!rows.ok()) return ReportError(ctx, rows.status());
  if (a.json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& al = doc.GetAllocator();
    rapidjson::Value js(rapidjson::kArrayType);
    for (const Row& r : *rows) js.PushBack(RowJson(r, now, al), al);
    doc.AddMember("jobs", js, al);
    PrintJson(*ctx.out, doc);
    return 0;
  }
  if (rows->empty()) {
    *ctx.out << "no jobs\n";
    return 0;
  }
  PrintRows(ctx, *rows, now);
  return 0;
}

// One JSON line: a job's change of state, a snapshot recorded, or what storage held that the
// catalog lacked.
void PrintLine(Context& ctx, rapidjson::Document& doc) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  doc.Accept(w);
  *ctx.out << buf.GetString() << "\n" << std::flush;
}

rapidjson::Value Paths(const std::vector<SnapshotRecord>& rs,
                       rapidjson::Document::AllocatorType& al) {
  rapidjson::Value v(rapidjson::kArrayType);
  for (const SnapshotRecord& s : rs) v.PushBack(JsonString(s.path, al), al);
  return v;
}

int RunWatch(Context& ctx, const WatchArgs& a) {
  if (a.interval_s <= 0) {
    return ReportError(ctx, Status(ErrorCode::invalid_argument, "--interval must be > 0"));
  }
  Result<Catalog> cat = OpenCatalog(ctx, a.catalog, true);
  if (!cat.ok()) return ReportError(ctx, cat.status());
  Result<OpenedLifecycle> opened = OpenLifecycle(ctx, *cat, a.storage);
  if (!opened.ok()) return ReportError(ctx, opened.status());
  ObserveOptions o;
  o.clusters = a.clusters;
  o.stats_budget = a.stats_budget;
  o.lost_after_ms = static_cast<int64_t>(a.lost_after_s * 1000);
  o.lost_after_probes = a.lost_after_probes;
  o.reconcile_period_ms = a.reconcile_s < 0 ? -1 : static_cast<int64_t>(a.reconcile_s * 1000);
  ActionContext ac;
  ac.timeout_ms = a.timeout_s < 0 ? -1 : static_cast<int64_t>(a.timeout_s * 1000);
  ac.cancel = ctx.interrupt;
  ctx.doing = "watching the clusters";
  int64_t rounds = 0, failed = 0;
  std::map<int64_t, std::string> paths;  // job id -> path, for the snapshots' lines
  auto path_of = [&](int64_t id) -> std::string {
    auto it = paths.find(id);
    if (it != paths.end()) return it->second;
    Result<JobInfo> j = cat->get_job(std::to_string(id));
    return paths[id] = j.ok() ? j->path : std::to_string(id);
  };
  Status st = opened->life.watch(
      o, std::chrono::milliseconds(static_cast<int64_t>(a.interval_s * 1000)),
      [&](const Result<ObserveReport>& r) {
        ++rounds;
        const int64_t now = NowMs();
        if (!r.ok()) {
          ++failed;
          *ctx.err << "flowstate: warning: round " << rounds
                   << " failed: " << r.status().to_string() << "\n";
          return a.rounds <= 0 || rounds < a.rounds;
        }
        for (const std::string& p : r->info.problems)
          *ctx.err << "flowstate: warning: " << p << "\n";
        if (a.json) {
          for (const ObservedChange& c : r->changes) {
            rapidjson::Document d(rapidjson::kObjectType);
            auto& al = d.GetAllocator();
            d.AddMember("type", "state", al);
            d.AddMember("at_ms", now, al);
            d.AddMember("job", JsonString(c.job, al), al);
            d.AddMember("from", JsonString(to_string(c.from_state), al), al);
            d.AddMember("to", JsonString(to_string(c.to_state), al), al);
            d.AddMember("flink_status", JsonString(c.flink_status, al), al);
            d.AddMember("why", JsonString(c.why, al), al);
            PrintLine(ctx, d);
          }
          for (const SnapshotRecord& s : r->captured) {
            rapidjson::Document d(rapidjson::kObjectType);
            auto& al = d.GetAllocator();
            d.AddMember("type", "snapshot", al);
            d.AddMember("at_ms", now, al);
            d.AddMember("job", JsonString(path_of(s.job_id), al), al);
            d.AddMember("snapshot", ToJson(s, al), al);
            PrintLine(ctx, d);
          }
          for (const JobGap& g : r->gaps) {
            if (g.added.empty() && g.missing.empty() && g.disposed.empty()) continue;
            rapidjson::Document d(rapidjson::kObjectType);
            auto& al = d.GetAllocator();
            d.AddMember("type", "gap", al);
            d.AddMember("at_ms", now, al);
            d.AddMember("job", JsonString(g.job, al), al);
            d.AddMember("added", Paths(g.added, al), al);
            d.AddMember("missing", Paths(g.missing, al), al);
            d.AddMember("disposed", Paths(g.disposed, al), al);
            PrintLine(ctx, d);
          }
        } else if (ctx.screen != nullptr) {
          // A refreshed screen: the table with this round's changes highlighted, then them.
          std::set<std::string> changed;
          for (const ObservedChange& c : r->changes) changed.insert(c.job);
          Result<std::vector<Row>> rows = ReadRows(*cat, a, now);
          *ctx.screen << "\x1b[H\x1b[2J" << std::flush;
          *ctx.out << "flowstate jobs watch: round " << rounds << " at " << Utc(now)
                   << " UTC, every " << a.interval_s << " s (Ctrl-C ends)\n\n";
          if (rows.ok()) {
            PrintRows(ctx, *rows, now, changed);
          } else {
            *ctx.err << "flowstate: warning: " << rows.status().to_string() << "\n";
          }
          if (!r->changes.empty()) *ctx.out << "\n";
          for (const ObservedChange& c : r->changes) {
            *ctx.out << c.job << ": " << to_string(c.from_state) << " -> " << to_string(c.to_state)
                     << " (" << c.why << ")\n";
          }
        } else {
          for (const ObservedChange& c : r->changes) {
            *ctx.out << Utc(now) << "  " << c.job << ": " << to_string(c.from_state) << " -> "
                     << to_string(c.to_state) << " (" << c.why << ")\n";
          }
          for (const SnapshotRecord& s : r->captured) {
            *ctx.out << Utc(now) << "  " << path_of(s.job_id) << ": recorded " << to_string(s.kind)
                     << " " << s.path << "\n";
          }
          for (const JobGap& g : r->gaps) {
            for (const SnapshotRecord& s : g.added) {
              *ctx.out << Utc(now) << "  " << g.job << ": on storage, missed by the catalog, now "
                       << "recorded: " << s.path << "\n";
            }
            for (const SnapshotRecord& s : g.missing) {
              *ctx.out << Utc(now) << "  " << g.job << ": gone from storage (MISSING): " << s.path
                       << "\n";
            }
          }
        }
        ctx.out->flush();
        return a.rounds <= 0 || rounds < a.rounds;
      },
      ac);
  if (!st.ok()) return ReportError(ctx, st);
  return failed > 0 ? kExitProblems : 0;
}

void RegisterWatch(CLI::App& app, Context& context) {
  CLI::App* jobs = app.get_subcommand("jobs");

  WatchArgs& st = context.Make<WatchArgs>();
  CLI::App* status = jobs->add_subcommand(
      "status",
      "Where each job stands: its lifecycle state, what Flink last said (as observation rounds "
      "recorded it), its cluster, its newest checkpoint and savepoint with their ages, and its "
      "health");
  status->add_option("JOB", st.job, "The job's path or id (default: every job)");
  status->add_option("--folder", st.folder, "Only the jobs in this folder");
  status->add_flag("--refresh", st.refresh, "Observe the clusters once first");
  status->add_option("--stale", st.stale_s,
                     "A running job with no checkpoint for this many seconds is unhealthy "
                     "(default 600)");
  status->add_option("--timeout", st.timeout_s, "--refresh: give up after this many seconds");
  status->add_flag("--json", st.json, "Print JSON");
  AddStorageOptions(status, st.storage);
  AddCatalogOption(status, st.catalog);
  context.OnRun(status, [&context, &st] { return RunStatus(context, st); });

  WatchArgs& w = context.Make<WatchArgs>();
  CLI::App* watch = jobs->add_subcommand(
      "watch",
      "Observe the clusters every few seconds until Ctrl-C: each job's status mapped onto its "
      "state, its checkpoints and savepoints recorded as they complete, unreachable and lost "
      "clusters survived; the table refreshed on a terminal, else one line per change");
  watch->add_option("--interval", w.interval_s, "Seconds between rounds (default 5)");
  watch->add_option("--cluster", w.clusters, "Only the jobs on this cluster (repeatable)");
  watch->add_option("--folder", w.folder, "On a terminal: show only the jobs in this folder");
  watch->add_option("--rounds", w.rounds, "Stop after this many rounds (default: until Ctrl-C)");
  watch->add_option("--timeout", w.timeout_s, "Stop after this many seconds");
  watch->add_option("--stats-budget", w.stats_budget,
                    "Checkpoint statistics fetched per round, one request each (default 200)");
  watch->add_option("--lost-after", w.lost_after_s,
                    "Seconds of silence before an unreachable job is presumed LOST (default 60)");
  watch->add_option("--lost-after-probes", w.lost_after_probes,
                    "... over at least this many failed probes (default 2)");
  watch->add_option("--reconcile", w.reconcile_s,
                    "Compare each job's records with storage every this many seconds, reporting "
                    "what storage holds that the catalog lacked (default: never)");
  watch->add_option("--stale", w.stale_s, "As for status (default 600)");
  watch->add_flag("--json", w.json,
                  "One JSON line per change: a job's state, a snapshot recorded, a gap found");
  AddStorageOptions(watch, w.storage);
  AddCatalogOption(watch, w.catalog);
  context.OnRun(watch, [&context, &w] { return RunWatch(context, w); });
}

// After the lifecycle's commands, in the jobs group.
const GroupRegistration kWatch("jobs-watch", 30, &RegisterWatch);

}  // namespace
}  // namespace flowstate::cli
