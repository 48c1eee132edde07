// One observation round over 10,000 jobs on 10 simulated clusters (1,000 each): the jobs
// overviews, checkpoint statistics for 1,000 of the jobs (each with one new checkpoint since
// the last round, verified on storage and recorded), and every catalog write in one
// transaction. Between rounds (not timed) every job takes a checkpoint.
//
//   BM_ObservationRound   wall time of Lifecycle::Observe; counters: requests, new
//                         connections, catalog and storage time per round, snapshots recorded
//
// The catalog is a file in $FLOWSTATE_BENCH_DIR (default: the temp dir), at its default
// durability.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "../tests/flink/sim_harness.h"
#include "catalog/catalog.h"
#include "job/engine.h"
#include "storage/storage.h"

namespace {

namespace fs = std::filesystem;
namespace cat = flowstate::core::catalog;
namespace job = flowstate::core::job;

constexpr int kClusters = 10;
constexpr int kJobsPerCluster = 1000;

struct World {
  flowstate::testing::FlinkSim sim;
  std::unique_ptr<cat::Catalog> catalog;
  std::unique_ptr<flowstate::core::storage::Storage> storage;
  job::PlainClusterResolver resolver;
  std::unique_ptr<job::Lifecycle> life;

  World() {
    const char* env = std::getenv("FLOWSTATE_BENCH_DIR");
    const fs::path dir =
        (env != nullptr ? fs::path(env) : fs::temp_directory_path()) / "flowstate-observe-bench";
    fs::remove_all(dir);
    fs::create_directories(dir);
    catalog = std::move(cat::Catalog::Open((dir / "catalog.db").string(), {}).value());
    storage = std::move(
        flowstate::core::storage::Storage::Create(flowstate::core::storage::StorageConfig{})
            .value());
    for (int k = 0; k < kClusters; ++k) {
      const std::string name = "c" + std::to_string(k);
      // Checkpointing on, at an interval no round reaches: checkpoints come when asked.
      auto c = sim.Cluster(name, "1.20", "\"checkpoint_interval_ms\":3600000,\"num_retained\":1");
      cat::Cluster cl;
      cl.name = name;
      cl.rest_url = c["url"].GetString();
      cl.flink_version = "1.20";
      cl.checkpoint_dir = std::string("file://") + c["checkpoint_dir"].GetString();
      if (!catalog->PutCluster(cl).ok()) std::abort();
      auto jobs = sim.Ctl(
          "POST", "/clusters/" + name + "/jobs",
          "{\"count\":" + std::to_string(kJobsPerCluster) + ",\"checkpointing\":\"manual\"}");
      int i = 0;
      for (const auto& id : jobs["job_ids"].GetArray()) {
        cat::Job j;
        j.folder = "/" + name;
        j.name = "job-" + std::to_string(i++);
        j.cluster = name;
        auto added = catalog->AddJob(j);
        if (!added.ok()) std::abort();
        cat::Run run;
        run.flink_job_id = id.GetString();
        run.cluster = name;
        if (!catalog->StartRun(added->Path(), run).ok()) std::abort();
        cat::StateChange change;
        change.from = cat::JobState::kNew;
        change.to = cat::JobState::kRunning;
        change.action = "job.adopt";
        if (!catalog->ChangeState(added->Path(), change).ok()) std::abort();
      }
    }
    life = std::make_unique<job::Lifecycle>(catalog.get(), storage.get(), &resolver);
  }
};

void BM_ObservationRound(benchmark::State& state) {
  static World* world = new World();  // kept for the process: the simulator's jobs are slow to make
  job::ObserveOptions o;
  o.stats_budget = 1000;
  double requests = 0, connections = 0, catalog_us = 0, storage_us = 0, captured = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (int k = 0; k < kClusters; ++k) {
      world->sim.Ctl("POST", "/clusters/c" + std::to_string(k) + "/checkpoints", "{}");
    }
    flowstate::core::OperationContext ctx;
    ctx.deadline = flowstate::core::Deadline::After(std::chrono::seconds(60));
    state.ResumeTiming();
    auto r = world->life->Observe(o, ctx);
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      break;
    }
    if (r->jobs != kClusters * kJobsPerCluster || r->statistics != 1000) {
      state.SkipWithError("not 10,000 jobs and 1,000 statistics");
      break;
    }
    requests += static_cast<double>(r->requests);
    connections += static_cast<double>(r->connections);
    catalog_us += static_cast<double>(r->catalog_us);
    storage_us += static_cast<double>(r->storage_us);
    captured += static_cast<double>(r->captured.size());
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["requests"] = requests / n;
  state.counters["new_connections"] = connections / n;
  state.counters["catalog_ms"] = catalog_us / n / 1000;
  state.counters["storage_ms"] = storage_us / n / 1000;
  state.counters["recorded"] = captured / n;
}
BENCHMARK(BM_ObservationRound)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(6);

}  // namespace

BENCHMARK_MAIN();
