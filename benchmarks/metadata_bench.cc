// Full snapshot verification (issue targets: STRUCTURE parsing at >= 500 MB/s of _metadata;
// FILES verification of the Flink 2.0 RocksDB sample, 82 files, <= 5 ms on local disk; over
// WebHDFS at most 1 + the number of distinct directories in HTTP requests).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "../tests/storage/metadata_builder.h"
#include "../tests/storage/storage_test_util.h"
#include "storage/layout.h"
#include "storage/metadata_reader.h"

namespace {

namespace fs = std::filesystem;
namespace st = flowstate::core::storage;
using flowstate::testing::MetadataBuilder;
using flowstate::testing::Sample;

const char* const kSamples[] = {"flink1.14-rocksdb-savepoint-canonical-v3",
                                "flink1.20-hashmap-checkpoint-v4", "flink2.0-rocksdb-checkpoint-v5",
                                "flink2.2-hashmap-savepoint-canonical-v6"};

void BM_ParseSample(benchmark::State& state) {
  const std::string bytes = Sample(kSamples[state.range(0)]);
  if (bytes.empty()) {
    state.SkipWithError("samples not beside the checkout");
    return;
  }
  for (auto _ : state) {
    auto m = st::ReadMetadata(bytes);
    if (!m.ok()) state.SkipWithError("does not parse");
    benchmark::DoNotOptimize(m);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(bytes.size()));
  state.SetLabel(kSamples[state.range(0)]);
}
BENCHMARK(BM_ParseSample)->DenseRange(0, 3);

// An incremental RocksDB checkpoint of `operators` x `subtasks` subtasks, each with 20 shared
// files (absolute paths), a meta file, 3 inline private files and operator state in a file.
std::string IncrementalMetadata(int operators, int subtasks) {
  {
    MetadataBuilder m;
    m.Header(5, 42).I32(operators);
    for (int op = 0; op < operators; ++op) {
      m.OperatorStart(5, static_cast<uint8_t>(op), subtasks, "Window(TumblingEventTimeWindows)",
                      "window-" + std::to_string(op));
      m.I8(0).I32(subtasks);
      for (int sub = 0; sub < subtasks; ++sub) {
        m.I32(sub);
        m.I32(1).I8(4).I32(1).Utf("source-offsets").I8(0).I32(1).I64(0);
        m.Relative("op-" + std::to_string(op) + "-" + std::to_string(sub), 512);
        m.I32(0);
        m.I8(11)
            .I64(42)
            .Utf("9a0c4e6e-6a5f-4d1f-b2f0-5d8e3e7f0a11")
            .I32(sub * 2)
            .I32(2)
            .I64(1 << 20);
        m.Relative("meta-" + std::to_string(op) + "-" + std::to_string(sub), 2048);
        m.I32(20);
        for (int f = 0; f < 20; ++f) {
          m.Utf(std::to_string(100000 + f) + ".sst")
              .Absolute(
                  "hdfs://nameservice1/flink/checkpoints/6b1c0e1f2a3b4c5d6e7f8091a2b3c4d5/shared/" +
                      std::to_string(op) + "-" + std::to_string(sub) + "-" + std::to_string(f),
                  67108864);
        }
        m.I32(3);
        for (const char* name : {"MANIFEST-000005", "OPTIONS-000009", "CURRENT"}) {
          m.Utf(name).Inline("0123456789abcdef");
        }
        m.Utf("4b1e6b4e-0d2c-4c36-9e0f-1b0c6d1e2f3a");
        m.I8(0).I32(0).I32(0);
      }
    }
    m.Raw(flowstate::testing::CheckpointTrailer());
    return m.Take();
  }
}

// 4 x 16 subtasks (about 1,500 files, 400 KB), or 200 x 64 (281,600 files, 32 MB).
void BM_ParseIncremental(benchmark::State& state) {
  const std::string bytes =
      IncrementalMetadata(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  size_t files = 0;
  for (auto _ : state) {
    auto m = st::ReadMetadata(bytes);
    if (!m.ok()) state.SkipWithError(m.status().message().c_str());
    files = m->files.size();
    benchmark::DoNotOptimize(m);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(bytes.size()));
  state.counters["bytes"] = static_cast<double>(bytes.size());
  state.counters["files"] = static_cast<double>(files);
}
BENCHMARK(BM_ParseIncremental)->Args({4, 16})->Args({200, 64})->Unit(benchmark::kMillisecond);

// The 2.0 RocksDB sample with its 82 state files, in a directory of its own.
std::string Materialized(const std::string& root) {
  const std::string bytes = Sample(kSamples[2]);
  const fs::path dir = fs::path(root) / "cp/e0000000000000000000000000000005/chk-2";
  fs::create_directories(dir);
  flowstate::testing::WriteFile(dir / "_metadata", bytes);
  const auto parsed = st::ReadMetadata(bytes);
  for (const st::MetadataFile& f : parsed->files) {
    flowstate::testing::WriteFile(dir / f.path, std::string(static_cast<size_t>(f.size), 's'));
  }
  return dir.string();
}

void BM_VerifyFilesLocal(benchmark::State& state) {
  flowstate::testing::TempDir tmp;
  const std::string dir = Materialized(tmp.str());
  auto storage = std::move(st::Storage::Create(st::StorageConfig()).value());
  const st::Location loc = *st::Location::Parse(dir);
  st::ScanOptions o;
  o.level = st::VerifyLevel::kFiles;
  uint64_t listings = 0;
  for (auto _ : state) {
    auto r = st::InspectSnapshot(*storage, loc, o);
    if (!r.ok() || r->snapshot.verdict != st::Verdict::kComplete)
      state.SkipWithError("not complete");
    listings = r->stats.listings;
    benchmark::DoNotOptimize(r);
  }
  state.counters["files"] = 82;
  state.counters["listings"] = static_cast<double>(listings);
}
BENCHMARK(BM_VerifyFilesLocal)->Unit(benchmark::kMillisecond);

void BM_VerifyFilesWebHdfs(benchmark::State& state) {
  flowstate::testing::TempDir tmp;
  Materialized(tmp.str());
  flowstate::testing::WebHdfsServer server(tmp.str(), 1000);
  st::StorageConfig c;
  st::WebHdfsEndpoint e;
  e.url = server.url();
  if (!c.AddWebHdfs("ns1", e).ok()) state.SkipWithError("endpoint");
  auto storage = std::move(st::Storage::Create(c).value());
  const st::Location loc =
      *st::Location::Parse("hdfs://ns1/cp/e0000000000000000000000000000005/chk-2");
  st::ScanOptions o;
  o.level = st::VerifyLevel::kFiles;
  uint64_t requests = 0;
  for (auto _ : state) {
    const uint64_t before = storage->webhdfs_requests();
    auto r = st::InspectSnapshot(*storage, loc, o);
    if (!r.ok() || r->snapshot.verdict != st::Verdict::kComplete)
      state.SkipWithError("not complete");
    requests = storage->webhdfs_requests() - before;
  }
  // One listing of the one directory that holds _metadata and all 82 files, and the read of
  // _metadata (an OPEN and its DataNode redirect).
  state.counters["http_requests"] = static_cast<double>(requests);
  state.counters["distinct_dirs"] = 1;
}
BENCHMARK(BM_VerifyFilesWebHdfs)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
