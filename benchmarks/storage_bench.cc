// Finding the latest restorable checkpoint straight from storage (issue targets: within 1.5x
// of a bare readdir + fstatat loop over the same tree's _metadata files, reading <= 3
// headers; over WebHDFS one listing per job-id directory and <= 3 header reads).
#include <benchmark/benchmark.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "../tests/storage/metadata_builder.h"
#include "../tests/storage/storage_test_util.h"
#include "alloc_counter.h"
#include "storage/layout.h"

namespace {

namespace fs = std::filesystem;
namespace st = flowstate::core::storage;

// <root>/<job>/chk-<n>/_metadata for `jobs` x `per_job` checkpoints, mtimes ascending.
void WriteTree(const std::string& root, size_t jobs, size_t per_job) {
  int64_t t = 1'000'000;
  for (size_t j = 0; j < jobs; ++j) {
    char job[33];
    std::snprintf(job, sizeof job, "%032zx", j + 1);
    for (size_t c = 1; c <= per_job; ++c) {
      fs::path dir = fs::path(root) / job / ("chk-" + std::to_string(c));
      fs::create_directories(dir);
      std::ofstream(dir / "_metadata", std::ios::binary)
          << flowstate::testing::ValidMetadata(4, static_cast<int64_t>(c), 1300);
      flowstate::testing::SetMtime(dir / "_metadata", t);
      flowstate::testing::SetMtime(dir, t++);
    }
  }
}

const std::string& Tree(size_t jobs, size_t per_job) {
  static std::map<std::pair<size_t, size_t>, std::string> built;
  auto key = std::make_pair(jobs, per_job);
  auto it = built.find(key);
  if (it != built.end()) return it->second;
  std::string root =
      (fs::temp_directory_path() / ("flowstate-bench-" + std::to_string(jobs) + "x" +
                                    std::to_string(per_job) + "-" + std::to_string(::getpid())))
          .string();
  WriteTree(root, jobs, per_job);
  return built[key] = root;
}

// The reference loop: list every directory, fstatat every _metadata.
void BareLoop(const std::string& root, int64_t* newest) {
  DIR* top = ::opendir(root.c_str());
  while (struct dirent* j = ::readdir(top)) {
    if (j->d_name[0] == '.') continue;
    std::string job = root + "/" + j->d_name;
    DIR* d = ::opendir(job.c_str());
    int dfd = ::dirfd(d);
    while (struct dirent* c = ::readdir(d)) {
      if (c->d_name[0] == '.') continue;
      struct stat s;
      std::string rel = std::string(c->d_name) + "/_metadata";
      if (::fstatat(dfd, rel.c_str(), &s, 0) == 0 && s.st_mtime > *newest) *newest = s.st_mtime;
    }
    ::closedir(d);
  }
  ::closedir(top);
}

void Bare(benchmark::State& state) {
  const std::string& root =
      Tree(static_cast<size_t>(state.range(0)), static_cast<size_t>(state.range(1)));
  for (auto _ : state) {
    int64_t newest = 0;
    BareLoop(root, &newest);
    benchmark::DoNotOptimize(newest);
  }
}
BENCHMARK(Bare)->Args({1, 10000})->Args({1000, 10})->Unit(benchmark::kMillisecond)->UseRealTime();

void FindLatestLocal(benchmark::State& state) {
  const std::string& root =
      Tree(static_cast<size_t>(state.range(0)), static_cast<size_t>(state.range(1)));
  auto storage = std::move(st::Storage::Create(st::StorageConfig()).value());
  st::Location loc = *st::Location::Parse(root);
  // The bare loop's time on the same tree, measured here so the ratio is printed beside.
  using Clock = std::chrono::steady_clock;
  auto bare_start = Clock::now();
  constexpr int kBareRuns = 20;
  for (int i = 0; i < kBareRuns; ++i) {
    int64_t newest = 0;
    BareLoop(root, &newest);
    benchmark::DoNotOptimize(newest);
  }
  double bare = std::chrono::duration<double>(Clock::now() - bare_start).count() / kBareRuns;
  uint64_t reads = 0, listings = 0, candidates = 0;
  double ours = 0;
  long long peak = 0;
  for (auto _ : state) {
    long long before = flowstate::bench::HeapNow();
    flowstate::bench::ResetPeak();
    auto start = Clock::now();
    auto r = st::FindLatest(*storage, {loc}, {});
    ours += std::chrono::duration<double>(Clock::now() - start).count();
    peak = flowstate::bench::HeapPeak() - before;
    if (!r.ok() || !r->chosen) state.SkipWithError("no latest checkpoint found");
    reads = r->stats.header_reads;
    listings = r->stats.listings;
    candidates = r->candidates;
  }
  // The heap at its highest during the search (the listings included), per candidate.
  state.counters["peak_heap_kib"] = static_cast<double>(peak) / 1024;
  state.counters["peak_bytes_per_candidate"] =
      static_cast<double>(peak) / static_cast<double>(candidates);
  state.counters["header_reads"] = static_cast<double>(reads);
  state.counters["listings"] = static_cast<double>(listings);
  state.counters["bare_ms"] = bare * 1000;
  state.counters["ratio_to_bare"] = ours / static_cast<double>(state.iterations()) / bare;
}
BENCHMARK(FindLatestLocal)
    ->Args({1, 10000})
    ->Args({1000, 10})
    ->Args({1, 100000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Over WebHDFS (the project's test server, Python, on 127.0.0.1): requests per search.
void FindLatestWebHdfs(benchmark::State& state) {
  const std::string& root =
      Tree(static_cast<size_t>(state.range(0)), static_cast<size_t>(state.range(1)));
  flowstate::testing::WebHdfsServer server(root, 1000);
  st::StorageConfig config;
  st::WebHdfsEndpoint e;
  e.url = server.url();
  (void)config.AddWebHdfs("ns", e);
  auto storage = std::move(st::Storage::Create(config).value());
  st::Location loc = *st::Location::Parse("hdfs://ns/");
  uint64_t before = 0, requests = 0, reads = 0, listings = 0;
  for (auto _ : state) {
    before = storage->webhdfs_requests();
    auto r = st::FindLatest(*storage, {loc}, {});
    if (!r.ok() || !r->chosen) state.SkipWithError("no latest checkpoint found");
    requests = storage->webhdfs_requests() - before;
    reads = r->stats.header_reads;
    listings = r->stats.listings;
  }
  state.counters["http_requests"] = static_cast<double>(requests);
  state.counters["header_reads"] = static_cast<double>(reads);
  state.counters["listings"] = static_cast<double>(listings);
}
BENCHMARK(FindLatestWebHdfs)
    ->Args({100, 10})
    ->Args({1, 1000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(5);

}  // namespace

int main(int argc, char** argv) {
  // storage_bench --write-tree DIR JOBS PER_JOB: only writes a tree (for the CLI's figures).
  if (argc == 5 && std::string(argv[1]) == "--write-tree") {
    WriteTree(argv[2], std::stoul(argv[3]), std::stoul(argv[4]));
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  for (const char* t : {"1x10000", "1000x10", "1x100000", "100x10", "1x1000"}) {
    fs::remove_all(fs::temp_directory_path() /
                   ("flowstate-bench-" + std::string(t) + "-" + std::to_string(::getpid())));
  }
  return 0;
}
