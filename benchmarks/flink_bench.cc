// The Flink REST client: client-side cost on canned bodies (no network), and polling many
// clusters and jobs at once against the simulator on loopback.
//
//   BM_DecodeJobsOverview      a /jobs/overview body of 1,000 jobs (MB/s of JSON)
//   BM_DecodeCheckpointStats   a checkpoint statistics body with a full history
//   BM_BuildRequest            building a request (URL, headers, body) for a savepoint trigger
//   BM_StatusesOf10kJobs       10 simulated clusters x 1,000 jobs: /jobs/overview of each,
//                              issued concurrently (libcurl multi)
//   BM_CheckpointsOf1kJobs     checkpoint statistics of 1,000 running jobs, concurrently
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "../tests/flink/sim_harness.h"
#include "flink/client.h"
#include "flink/decode.h"

namespace {

namespace fl = flowstate::core::flink;

std::string Hex32(int i) {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%08x%024d", 0xa0000000u + static_cast<unsigned>(i), i);
  return buf;
}

std::string JobsOverviewBody(int n) {
  std::string b = "{\"jobs\":[";
  for (int i = 0; i < n; ++i) {
    if (i) b += ",";
    b += "{\"jid\":\"" + Hex32(i) +
         "\",\"name\":\"insert-into_default_catalog.default_database.emp_" + std::to_string(i) +
         "\",\"state\":\"RUNNING\",\"start-time\":1700000000000,\"end-time\":-1,\"duration\":"
         "3600000,"
         "\"last-modification\":1700000001000,\"tasks\":{\"total\":4,\"created\":0,\"scheduled\":0,"
         "\"deploying\":0,\"running\":4,\"finished\":0,\"canceling\":0,\"canceled\":0,\"failed\":0,"
         "\"reconciling\":0,\"initializing\":0},\"pending-operators\":0}";
  }
  return b + "]}";
}

std::string Entry(int id) {
  return "{\"className\":\"completed\",\"id\":" + std::to_string(id) +
         ",\"status\":\"COMPLETED\",\"is_savepoint\":false,\"savepointFormat\":null,\"trigger_"
         "timestamp\":"
         "1700000000000,\"latest_ack_timestamp\":1700000000250,\"checkpointed_size\":104857,"
         "\"state_size\":"
         "1048576,\"end_to_end_duration\":250,\"alignment_buffered\":0,\"processed_data\":0,"
         "\"persisted_data\":0,"
         "\"num_subtasks\":4,\"num_acknowledged_subtasks\":4,\"checkpoint_type\":\"CHECKPOINT\","
         "\"tasks\":{},"
         "\"external_path\":\"hdfs://nameservice1/flink/checkpoints/"
         "a0000000000000000000000000000001/chk-" +
         std::to_string(id) + "\",\"discarded\":" + (id < 95 ? "true" : "false") + "}";
}

std::string CheckpointStatsBody() {
  std::string stats =
      "{\"min\":1,\"max\":9,\"avg\":5,\"p50\":5.0,\"p90\":8.0,\"p95\":9.0,\"p99\":9.0,\"p999\":9."
      "0}";
  std::string b =
      "{\"counts\":{\"restored\":1,\"total\":100,\"in_progress\":0,\"completed\":99,\"failed\":1},"
      "\"summary\":{\"checkpointed_size\":" +
      stats + ",\"state_size\":" + stats + ",\"end_to_end_duration\":" + stats +
      "},\"latest\":{\"completed\":" + Entry(100) +
      ",\"savepoint\":null,\"failed\":null,\"restored\":{\"id\":5,\"restore_timestamp\":1,"
      "\"is_savepoint\":true,\"external_path\":\"hdfs:///sp/savepoint-a00000-0123456789ab\"}},"
      "\"history\":[";
  for (int i = 0; i < 10; ++i) b += (i ? "," : "") + Entry(100 - i);
  return b + "]}";
}

void BM_DecodeJobsOverview(benchmark::State& state) {
  const std::string body = JobsOverviewBody(1000);
  for (auto _ : state) {
    auto r = fl::DecodeJobsOverview(body);
    if (!r.ok() || r->size() != 1000) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
  state.counters["body_bytes"] = static_cast<double>(body.size());
}
BENCHMARK(BM_DecodeJobsOverview)->Unit(benchmark::kMicrosecond);

void BM_DecodeCheckpointStats(benchmark::State& state) {
  const std::string body = CheckpointStatsBody();
  for (auto _ : state) {
    auto r = fl::DecodeCheckpointStats(body);
    if (!r.ok() || r->history.size() != 10) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
  state.counters["body_bytes"] = static_cast<double>(body.size());
}
BENCHMARK(BM_DecodeCheckpointStats)->Unit(benchmark::kMicrosecond);

void BM_BuildRequest(benchmark::State& state) {
  fl::ClientOptions o;
  o.url = "https://jobmanager.example:8081";
  o.bearer_token = "token";
  o.version = flowstate::core::FlinkVersion{1, 20};
  fl::RestClient c(o);
  fl::SavepointRequest r;
  r.target_directory = "hdfs:///flink/savepoints";
  r.format = "CANONICAL";
  r.trigger_id = Hex32(7);
  for (auto _ : state) {
    auto body = fl::RestClient::SavepointBody(r, {1, 20});
    auto req = c.MakeRequest("POST", "/jobs/" + Hex32(1) + "/savepoints", std::move(*body));
    benchmark::DoNotOptimize(req);
  }
}
BENCHMARK(BM_BuildRequest)->Unit(benchmark::kMicrosecond);

// ---- against the simulator ----------------------------------------------------------------

struct Fleet {
  flowstate::testing::FlinkSim sim;
  std::vector<std::unique_ptr<fl::RestClient>> clients;
  std::vector<std::string> first_cluster_jobs;
  std::shared_ptr<flowstate::core::HttpClient> http =
      std::make_shared<flowstate::core::HttpClient>();

  Fleet() {
    for (int k = 0; k < 10; ++k) {
      const std::string name = "c" + std::to_string(k);
      auto cluster = sim.Cluster(name, "1.20");
      auto jobs =
          sim.Ctl("POST", "/clusters/" + name + "/jobs", R"({"count":1000,"checkpointing":false})");
      if (k == 0) {
        for (const auto& id : jobs["job_ids"].GetArray())
          first_cluster_jobs.emplace_back(id.GetString());
      }
      fl::ClientOptions o;
      o.url = cluster["url"].GetString();
      o.version = flowstate::core::FlinkVersion{1, 20};
      clients.push_back(std::make_unique<fl::RestClient>(o, http));
    }
  }
};

Fleet& TheFleet() {
  static Fleet fleet;
  return fleet;
}

void BM_StatusesOf10kJobs(benchmark::State& state) {
  Fleet& f = TheFleet();
  std::vector<fl::RestClient*> cs;
  for (auto& c : f.clients) cs.push_back(c.get());
  for (auto _ : state) {
    auto all = fl::JobsOverviewOfMany(cs);
    size_t jobs = 0;
    for (auto& r : all) {
      if (!r.ok())
        state.SkipWithError(r.status().ToString().c_str());
      else
        jobs += r->size();
    }
    if (jobs != 10000) state.SkipWithError("not 10,000 jobs");
  }
  state.SetItemsProcessed(state.iterations() * 10000);
}
BENCHMARK(BM_StatusesOf10kJobs)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

void BM_CheckpointsOf1kJobs(benchmark::State& state) {
  Fleet& f = TheFleet();
  for (auto _ : state) {
    auto all = fl::CheckpointsOfMany(*f.clients[0], f.first_cluster_jobs, 64);
    if (all.size() != 1000) state.SkipWithError("not 1,000 answers");
    for (auto& r : all) {
      if (!r.ok()) {
        state.SkipWithError(r.status().ToString().c_str());
        break;
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_CheckpointsOf1kJobs)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
