#include "job/observe.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <tuple>
#include <utility>

#include "common/strings.h"
#include "job/capture.h"
#include "job/engine.h"

namespace flowstate::core::job {

using catalog::Observation;
using catalog::SnapshotRecord;
using catalog::Watched;

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t Micros(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                               since)
      .count();
}

// Where the job's run lives: the cluster it ran on (a LOST job may have been moved since).
const std::string& RunCluster(const Watched& w) {
  return w.run && !w.run->cluster.empty() ? w.run->cluster : w.cluster;
}

// One round's view of one watched job.
struct Seen {
  const Watched* w = nullptr;
  Observation o;
  catalog::Watch watch;
  State to = State::kNew;
  std::string flink_status;
  std::string why;
  bool reachable = false;
  bool changed = false;  // its state, or what Flink reports, changed in this round
};

}  // namespace

struct Observer::Client {
  std::string rest_url;
  std::unique_ptr<flink::RestClient> client;
};

Observer::Observer(catalog::Catalog* catalog, storage::Storage* storage, ClusterResolver* clusters,
                   storage::VerifyLevel verify)
    : cat_(catalog),
      storage_(storage),
      clusters_(clusters),
      verify_(verify),
      http_(std::make_shared<HttpClient>()) {}

Observer::~Observer() = default;

Result<flink::RestClient*> Observer::ClientFor(const catalog::Cluster& cluster) {
  auto it = clients_.find(cluster.name);
  if (it != clients_.end() && it->second->rest_url == cluster.rest_url) {
    return it->second->client.get();
  }
  FS_ASSIGN_OR_RETURN(flink::ClientOptions o, clusters_->Resolve(cluster));
  if (!o.version && !cluster.flink_version.empty()) {
    Result<FlinkVersion> v = FlinkVersion::ParseAnyRelease(cluster.flink_version);
    if (v.ok()) o.version = *v;
  }
  auto c = std::make_unique<Client>();
  c->rest_url = cluster.rest_url;
  c->client = std::make_unique<flink::RestClient>(std::move(o), http_);
  flink::RestClient* out = c->client.get();
  clients_[cluster.name] = std::move(c);
  return out;
}

Result<ObserveReport> Observer::Round(const ObserveOptions& options, const OperationContext& ctx) {
  // The requests end early enough to leave the round time to write what it learned: a
  // cluster that hangs is UNREACHABLE in this round, the others observed.
  OperationContext net = ctx;
  if (!ctx.deadline.is_never()) {
    const auto left = ctx.deadline.Remaining();
    net.deadline = Deadline::After(left - std::min(left / 4, std::chrono::milliseconds(500)));
  }
  ContextScope scope(net);
  ObserveReport report;
  const uint64_t requests0 = http_->request_count();
  const uint64_t connections0 = http_->connection_count();
  const int64_t now = NowMs();
  auto t0 = std::chrono::steady_clock::now();
  FS_ASSIGN_OR_RETURN(std::vector<Watched> watched, cat_->WatchList(options.clusters));
  report.catalog_us += Micros(t0);

  // The clusters the runs are on, each with its client (a cluster the catalog lost, or whose
  // settings do not resolve, is a problem of this round: its jobs are left as they are).
  std::vector<std::string> names;
  for (const Watched& w : watched) {
    const std::string& c = RunCluster(w);
    if (std::find(names.begin(), names.end(), c) == names.end()) names.push_back(c);
  }
  std::map<std::string, catalog::Cluster> clusters;
  std::map<std::string, flink::RestClient*> clients;
  std::vector<flink::RestClient*> order;
  std::vector<std::string> order_names;
  for (const std::string& name : names) {
    Result<catalog::Cluster> c = cat_->GetCluster(name);
    if (!c.ok()) {
      report.problems.push_back(StrCat("cluster ", Quote(name), ": ", c.status().message()));
      continue;
    }
    Result<flink::RestClient*> client = ClientFor(*c);
    if (!client.ok()) {
      report.problems.push_back(StrCat("cluster ", name, ": ", client.status().message()));
      continue;
    }
    clusters[name] = *c;
    clients[name] = *client;
    order.push_back(*client);
    order_names.push_back(name);
  }
  FS_RETURN_IF_ERROR(ctx.Progress("observing", 0, order.size()));

  // Every cluster's jobs overview at once.
  std::map<std::string, Result<std::vector<flink::JobOverview>>> overviews;
  {
    std::vector<Result<std::vector<flink::JobOverview>>> got =
        flink::JobsOverviewOfMany(order, options.max_parallel);
    for (size_t i = 0; i < got.size(); ++i) overviews.emplace(order_names[i], std::move(got[i]));
  }
  if (ctx.cancel && ctx.cancel->IsCancelled()) return Status::Cancelled("observing: cancelled");
  for (const auto& [name, got] : overviews) {
    if (!got.ok()) report.unreachable.push_back(StrCat(name, ": ", got.status().message()));
  }

  // What each job's cluster says of it.
  std::vector<Seen> seen;
  seen.reserve(watched.size());
  for (const Watched& w : watched) {
    if (w.in_flight) {
      report.skipped.push_back(StrCat(w.path, ": ", NameOr(w.in_flight->kind, "?"), " operation ",
                                      w.in_flight->id, " is in flight (",
                                      w.in_flight->owner.empty() ? "no owner" : w.in_flight->owner,
                                      "): left to it, or to recovery"));
      continue;
    }
    auto ov = overviews.find(RunCluster(w));
    if (ov == overviews.end()) continue;  // a problem reported above
    ++report.jobs;
    Seen s;
    s.w = &w;
    s.o.job_id = w.job_id;
    s.o.expected_version = w.version;
    s.watch = w.watch;
    s.to = w.state;
    std::optional<Event> event;
    if (!ov->second.ok()) {
      // No answer: UNREACHABLE, the last status kept, nothing about its snapshots changed;
      // LOST, presumed, once the silence has lasted long enough over enough rounds.
      s.watch.failed_probes += 1;
      if (!s.watch.unreachable_since_ms) s.watch.unreachable_since_ms = now;
      event = Event::kUnreachable;
      s.why =
          StrCat("cluster ", RunCluster(w), " does not answer: ", ov->second.status().message());
      if (w.state == State::kUnreachable && s.watch.failed_probes >= options.lost_after_probes &&
          now - *s.watch.unreachable_since_ms >= options.lost_after_ms) {
        event = Event::kPresumedLost;
        s.watch.presumed_lost = true;
        s.why = StrCat("cluster ", RunCluster(w), " has not answered ", s.watch.failed_probes,
                       " probes over ", (now - *s.watch.unreachable_since_ms) / 1000,
                       " s: the run is presumed lost (acknowledge the loss to resume it)");
      }
    } else {
      s.reachable = true;
      s.watch.failed_probes = 0;
      s.watch.unreachable_since_ms.reset();
      s.watch.observed_ms = now;
      const std::string& jid = w.run->flink_job_id;
      const flink::JobOverview* found = nullptr;
      for (const flink::JobOverview& j : *ov->second) {
        if (j.id == jid) found = &j;
      }
      if (found == nullptr) {
        event = Event::kNotFound;
        s.watch.presumed_lost = false;
        s.why = StrCat("cluster ", RunCluster(w), " answers and does not know job id ", jid);
      } else {
        s.flink_status = found->state;
        if (found->state != w.watch.flink_status) s.changed = true;
        s.watch.flink_status = found->state;
        event = EventForFlinkStatus(found->state);
        if (!event) {
          report.problems.push_back(
              StrCat(w.path, ": Flink reports an unknown status ", Quote(found->state)));
        } else if (w.state == State::kLost && !IsTerminalFlinkStatus(found->state)) {
          s.watch.presumed_lost = false;
          s.why = StrCat("job id ", jid, " is ", found->state, " again on cluster ", RunCluster(w),
                         ": the run is re-adopted");
        } else {
          s.why = StrCat("Flink reports ", found->state);
        }
      }
    }
    if (event) {
      Result<State> to = AfterEvent(w.state, *event);
      if (to.ok()) s.to = *to;
    }
    seen.push_back(std::move(s));
  }

  // Runs that ended while nobody acted: closed with their final status, and what Flink left
  // on storage recorded (FACTS 5.4): FINISHED, and CANCELED without retention, delete the
  // retained checkpoints (DISPOSED); CANCELED with retention and FAILED keep them.
  auto st0 = std::chrono::steady_clock::now();
  for (Seen& s : seen) {
    if (!s.reachable || !IsTerminalFlinkStatus(s.flink_status) || s.to == s.w->state) continue;
    const Watched& w = *s.w;
    s.o.end_run = s.flink_status;
    bool kept = s.flink_status == "FAILED";
    if (s.flink_status == "CANCELED") {
      Result<flink::CheckpointConfig> cfg =
          clients[RunCluster(w)]->CheckpointConfiguration(w.run->flink_job_id);
      if (cfg.ok()) {
        kept = cfg->externalized && !cfg->delete_on_cancellation;
      } else {
        // Unknown: storage tells what is there.
        kept = true;
        report.problems.push_back(StrCat(w.path, ": its checkpoint configuration: ",
                                         cfg.status().message(), " (storage is searched)"));
      }
    }
    if (kept && storage_ != nullptr) {
      Result<catalog::Job> job = cat_->GetJob(StrCat(w.job_id));
      const std::string dir =
          job.ok() ? RunCheckpointDir(*job, clusters[RunCluster(w)], w.run->flink_job_id)
                   : std::string();
      if (dir.empty()) {
        report.problems.push_back(
            StrCat(w.path, ": no checkpoint directory is known: retained checkpoints not found"));
      } else {
        std::vector<std::string> reasons;
        Result<std::vector<SnapshotRecord>> retained =
            RetainedCheckpoints(*storage_, dir, verify_, w.run->id, ctx, &reasons);
        if (retained.ok()) {
          s.o.snapshots = std::move(*retained);
        } else if (!retained.status().Is(Code::kNotFound)) {
          report.problems.push_back(StrCat(w.path, ": ", retained.status().message()));
        }
        for (std::string& r : reasons) report.problems.push_back(StrCat(w.path, ": ", r));
      }
    } else if (!kept) {
      Result<std::vector<SnapshotRecord>> records =
          cat_->ListSnapshots(StrCat(w.job_id), {catalog::SnapshotState::kCompleted});
      if (records.ok()) {
        for (const SnapshotRecord& r : *records) {
          if (r.run_id == w.run->id && r.kind == storage::SnapshotKind::kCheckpoint) {
            s.o.disposed.push_back(r.path);
          }
        }
      }
    }
    StrAppend(&s.why, kept ? ": its retained checkpoints are recorded from storage"
                           : ": Flink deleted its checkpoints");
  }

  // Checkpoint statistics for a bounded number of running jobs: changed ones first, then
  // those fetched least recently.
  // A run that has just ended is asked once more (its last savepoint, its final checkpoints).
  std::vector<Seen*> running;
  for (Seen& s : seen) {
    if (s.reachable && (s.to == State::kRunning || s.o.end_run)) running.push_back(&s);
  }
  // Among equals, the clusters take turns: every cluster's share of the requests in flight
  // stays small and steady, so each round reuses the connections the last one left open.
  std::map<const Seen*, size_t> turn;
  {
    std::map<std::string, size_t> per_cluster;
    for (const Seen* s : running) turn[s] = per_cluster[RunCluster(*s->w)]++;
  }
  std::stable_sort(running.begin(), running.end(), [&turn](const Seen* a, const Seen* b) {
    if (a->changed != b->changed) return a->changed;
    const int64_t sa = a->w->watch.stats_ms.value_or(0), sb = b->w->watch.stats_ms.value_or(0);
    if (sa != sb) return sa < sb;
    return turn.at(a) < turn.at(b);
  });
  const size_t fetch = std::min(running.size(), options.stats_budget);
  for (size_t i = fetch; i < running.size(); ++i) {
    const std::optional<int64_t>& last = running[i]->w->watch.stats_ms;
    if (!last || now - *last >= options.stats_period_ms) ++report.behind;
  }
  std::vector<std::pair<flink::RestClient*, std::string>> asks;
  for (size_t i = 0; i < fetch; ++i) {
    asks.emplace_back(clients[RunCluster(*running[i]->w)], running[i]->w->run->flink_job_id);
  }
  std::vector<Result<flink::CheckpointStats>> stats =
      flink::CheckpointsOfMany(asks, options.max_parallel);
  if (ctx.cancel && ctx.cancel->IsCancelled()) return Status::Cancelled("observing: cancelled");
  report.statistics = static_cast<int64_t>(asks.size());
  for (size_t i = 0; i < asks.size(); ++i) {
    Seen& s = *running[i];
    const Watched& w = *s.w;
    s.watch.stats_ms = now;
    if (!stats[i].ok()) {
      if (!stats[i].status().Is(Code::kNotFound)) {  // 404: checkpointing is off
        report.problems.push_back(StrCat(w.path, ": ", stats[i].status().message()));
      }
      continue;
    }
    const flink::CheckpointStats& cs = *stats[i];
    // Only what is newer than the newest snapshot already taken from this run's statistics.
    const int64_t after = s.watch.captured_run == w.run->id ? s.watch.captured_id.value_or(-1) : -1;
    std::vector<const flink::CheckpointEntry*> entries;
    for (const flink::CheckpointEntry& e : cs.history) entries.push_back(&e);
    if (cs.latest_completed) entries.push_back(&*cs.latest_completed);
    if (cs.latest_savepoint) entries.push_back(&*cs.latest_savepoint);
    std::set<std::string> done;
    int64_t newest = after;
    for (const flink::CheckpointEntry* e : entries) {
      if (e->status != "COMPLETED" || e->external_path.empty()) continue;
      if (!done.insert(e->external_path).second) continue;
      if (e->discarded) {
        // Subsumed by Flink's own retention: DISPOSED if it was recorded.
        s.o.disposed.push_back(e->external_path);
        continue;
      }
      if (e->id <= after || storage_ == nullptr) continue;
      newest = std::max(newest, e->id);
      Result<storage::Location> loc = storage_->Parse(e->external_path);
      if (!loc.ok()) {
        report.problems.push_back(StrCat(w.path, ": ", loc.status().message()));
        continue;
      }
      storage::ScanOptions so;
      so.level = verify_;
      so.context = ctx;
      Result<storage::Inspection> got = storage::InspectSnapshot(*storage_, *loc, so);
      if (!got.ok() && got.status().Is(Code::kNotFound) && s.o.end_run) continue;  // deleted
      if (!got.ok()) {
        report.problems.push_back(
            StrCat(w.path, ": ", e->external_path, ": ", got.status().message()));
        continue;
      }
      if (!got->snapshot.restorable()) {
        report.problems.push_back(StrCat(w.path, ": ", e->external_path, " is not restorable (",
                                         storage::VerdictName(got->snapshot.verdict), ": ",
                                         got->snapshot.reason, ")"));
        continue;
      }
      const catalog::Origin origin = !e->is_savepoint ? catalog::Origin::kPeriodic
                                     : e->checkpoint_type == "SAVEPOINT"
                                         ? catalog::Origin::kTriggered
                                         : catalog::Origin::kStop;
      SnapshotRecord r = RecordOfSnapshot(got->snapshot, origin);
      r.path = e->external_path;
      r.run_id = w.run->id;
      r.checkpoint_id = e->id;
      if (e->trigger_ms > 0) r.trigger_ms = e->trigger_ms;
      if (e->latest_ack_ms > 0) r.completion_ms = e->latest_ack_ms;
      s.o.snapshots.push_back(std::move(r));
    }
    if (newest > after) {
      s.watch.captured_run = w.run->id;
      s.watch.captured_id = newest;
      s.watch.changed_ms = now;
    }
    // By completion time, oldest first: the order they are recorded in.
    std::sort(s.o.snapshots.begin(), s.o.snapshots.end(),
              [](const SnapshotRecord& a, const SnapshotRecord& b) {
                return a.completion_ms.value_or(0) < b.completion_ms.value_or(0);
              });
  }
  report.storage_us += Micros(st0);

  // Everything in one transaction.
  std::vector<Observation> observations;
  observations.reserve(seen.size());
  for (Seen& s : seen) {
    const Watched& w = *s.w;
    if (s.to != w.state) {
      catalog::StateChange c;
      c.expected_version = w.version;
      c.from = w.state;
      c.to = s.to;
      c.action = "job.observe";
      c.cause = s.reachable ? (s.flink_status.empty() ? std::string("not found")
                                                      : StrCat("observed ", s.flink_status))
                            : std::string(s.watch.presumed_lost ? "presumed lost" : "unreachable");
      c.detail = s.why;
      c.run_id = w.run->id;
      s.o.change = c;
      s.watch.changed_ms = now;
      report.changes.push_back(ObservedChange{w.path, w.state, s.to, s.flink_status, s.why});
    }
    s.o.watch = s.watch;
    observations.push_back(std::move(s.o));
  }
  t0 = std::chrono::steady_clock::now();
  FS_ASSIGN_OR_RETURN(catalog::RoundWrite written, cat_->RecordRound(observations));
  report.catalog_us += Micros(t0);
  report.captured = std::move(written.recorded);
  report.disposed = written.disposed;
  std::set<int64_t> left;
  for (const auto& [job_id, why] : written.skipped) {
    left.insert(job_id);
    report.skipped.push_back(why);
  }
  if (!left.empty()) {
    report.changes.erase(std::remove_if(report.changes.begin(), report.changes.end(),
                                        [&](const ObservedChange& c) {
                                          for (const Seen& s : seen) {
                                            if (s.w->path == c.job && left.count(s.w->job_id)) {
                                              return true;
                                            }
                                          }
                                          return false;
                                        }),
                         report.changes.end());
  }
  report.requests = http_->request_count() - requests0;
  report.connections = http_->connection_count() - connections0;
  FS_RETURN_IF_ERROR(ctx.Progress("observing", order.size(), order.size()));

  // Reconciling, each job apart (a job's comparison is its own transaction): those whose
  // state changed in this round first, then the ones compared least recently.
  if (options.reconcile_period_ms >= 0 && storage_ != nullptr && options.reconcile_budget > 0) {
    std::set<std::string> changed;
    for (const ObservedChange& c : report.changes) changed.insert(c.job);
    std::vector<std::pair<std::tuple<int, int64_t, int64_t>, const Watched*>> due;
    for (const Watched& w : watched) {
      if (w.in_flight) continue;
      auto last = reconciled_ms_.find(w.job_id);
      const int64_t at = last == reconciled_ms_.end() ? -1 : last->second;
      if (at >= 0 && now - at < options.reconcile_period_ms && changed.count(w.path) == 0) {
        continue;
      }
      due.push_back({{changed.count(w.path) ? 0 : 1, at, w.job_id}, &w});
    }
    std::sort(due.begin(), due.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    if (due.size() > options.reconcile_budget) due.resize(options.reconcile_budget);
    const auto rt0 = std::chrono::steady_clock::now();
    for (size_t i = 0; i < due.size(); ++i) {
      const Watched& w = *due[i].second;
      if (ctx.cancel && ctx.cancel->IsCancelled()) break;
      if (ctx.deadline.Expired()) {
        report.problems.push_back(StrCat("reconciling: the deadline came with ", due.size() - i,
                                         " job(s) left for the next rounds"));
        break;
      }
      storage::ScanOptions so;
      so.level = options.reconcile_level;
      so.context = ctx;
      so.context.progress = nullptr;
      Result<catalog::ReconcileReport> r = cat_->Reconcile(w.path, *storage_, so);
      if (!r.ok()) {
        report.problems.push_back(StrCat(w.path, ": reconciling: ", r.status().message()));
        continue;
      }
      reconciled_ms_[w.job_id] = now;
      JobGap g;
      g.job = w.path;
      g.added = std::move(r->added);
      g.missing = std::move(r->missing);
      g.disposed = std::move(r->disposed);
      g.problems = std::move(r->problems);
      report.reconciled.push_back(std::move(g));
      FS_RETURN_IF_ERROR(ctx.Progress("reconciling", i + 1, due.size()));
    }
    report.storage_us += Micros(rt0);
  }
  return report;
}

}  // namespace flowstate::core::job
