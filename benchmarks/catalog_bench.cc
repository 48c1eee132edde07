// The catalog at scale: 10,000 jobs in 500 folders and 1,000,000 snapshot records, beside a
// bare SQLite baseline (one table, one comparable index, the same durability settings).
//
//   BM_InsertSnapshots/{catalog,bare,bare_two_indexes}  batches of 10,000 in one
//                                      transaction each
//   BM_ResolveRestore/{catalog,bare}   the catalog part of resolve_restore (no storage
//                                      checks) vs a bare "latest completed snapshot" query;
//                                      p50/p99 as counters (ns): cold_* for the first decision
//                                      of every job after opening, the rest in steady state
//   BM_ListFolder1000                  a folder holding 1,000 jobs
// The insert benchmarks also report the file's bytes per snapshot, and the catalog ones the
// ratio to the bare baseline. Files live in $FLOWSTATE_BENCH_DIR (default: the temp dir).
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace {

namespace fs = std::filesystem;
namespace cat = flowstate::core::catalog;
using Clock = std::chrono::steady_clock;

constexpr int kJobs = 10000;
constexpr int kFolders = 500;  // 25 departments x 20 teams
constexpr int kBigFolderJobs = 1000;
// $FLOWSTATE_BENCH_SNAPSHOTS scales the corpus down for a quick look; figures use 1,000,000.
const int64_t kSnapshots = [] {
  const char* env = std::getenv("FLOWSTATE_BENCH_SNAPSHOTS");
  return env != nullptr ? std::max<int64_t>(kJobs, std::atoll(env)) : int64_t{1000000};
}();
constexpr int kBatch = 10000;

fs::path Dir() {
  const char* env = std::getenv("FLOWSTATE_BENCH_DIR");
  fs::path d =
      env != nullptr ? fs::path(env) : fs::temp_directory_path() / "flowstate-catalog-bench";
  fs::create_directories(d);
  return d;
}

std::string Hex32(uint64_t n) {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx",
                static_cast<unsigned long long>(n * 0x9E3779B97F4A7C15ULL),
                static_cast<unsigned long long>(n));
  return buf;
}

// Snapshot i of the corpus: job (i % kJobs)+1, checkpoint i / kJobs + 1.
std::string SnapshotPath(int64_t i) {
  return "hdfs://nameservice1/flink/checkpoints/" + Hex32(static_cast<uint64_t>(i % kJobs)) +
         "/chk-" + std::to_string(i / kJobs + 1);
}

int64_t FileBytes(const fs::path& p) {
  std::error_code ec;
  int64_t n = 0;
  for (const char* suffix : {"", "-wal"}) {
    auto s = fs::file_size(p.string() + suffix, ec);
    if (!ec) n += static_cast<int64_t>(s);
  }
  return n;
}

struct Figures {
  double catalog_rate = 0, bare_rate = 0;
  double catalog_bytes = 0, bare_bytes = 0;
  double catalog_p99 = 0, bare_p99 = 0;
} figures;

// ---- the catalog ------------------------------------------------------------------------

std::unique_ptr<cat::Catalog>& Catalog() {
  static std::unique_ptr<cat::Catalog> c;
  return c;
}
std::vector<int64_t> job_ids;
std::string big_folder;

void BuildJobs() {
  const fs::path path = Dir() / "catalog.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  Catalog() = std::move(cat::Catalog::Open(path.string(), {}).value());
  job_ids.clear();
  for (int j = 0; j < kJobs; ++j) {
    const int folder = j < kBigFolderJobs ? 0 : 1 + (j - kBigFolderJobs) % (kFolders - 1);
    cat::Job job;
    job.folder = "/dept-" + std::to_string(folder / 20) + "/team-" + std::to_string(folder % 20);
    job.name = "job-" + std::to_string(j);
    job.strategy = cat::RestoreStrategy::kLatestState;
    job_ids.push_back(Catalog()->AddJob(job).value().id);
  }
  big_folder = "/dept-0/team-0";
}

void BM_InsertSnapshots_catalog(benchmark::State& state) {
  for (auto _ : state) {
    BuildJobs();
    const auto start = Clock::now();
    std::vector<cat::SnapshotRecord> batch;
    batch.reserve(kBatch);
    for (int64_t i = 0; i < kSnapshots; ++i) {
      cat::SnapshotRecord s;
      s.job_id = job_ids[static_cast<size_t>(i % kJobs)];
      s.kind = (i / kJobs) % 10 == 9 ? flowstate::core::storage::SnapshotKind::kSavepoint
                                     : flowstate::core::storage::SnapshotKind::kCheckpoint;
      s.checkpoint_id = i / kJobs + 1;
      s.path = SnapshotPath(i);
      s.completion_ms = 1700000000000 + i * 10;
      s.trigger_ms = *s.completion_ms - 500;
      s.size = 1 << 20;
      s.origin = cat::Origin::kPeriodic;
      batch.push_back(std::move(s));
      if (batch.size() == kBatch) {
        if (!Catalog()->AddSnapshots(batch).ok()) state.SkipWithError("insert failed");
        batch.clear();
      }
    }
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    state.SetIterationTime(secs);
    figures.catalog_rate = static_cast<double>(kSnapshots) / secs;
  }
  // Closing the last connection checkpoints the WAL into the file and removes it.
  Catalog().reset();
  figures.catalog_bytes = static_cast<double>(FileBytes(Dir() / "catalog.db")) / kSnapshots;
  Catalog() = std::move(cat::Catalog::Open((Dir() / "catalog.db").string(), {}).value());
  state.counters["snapshots_per_s"] = figures.catalog_rate;
  state.counters["bytes_per_snapshot"] = figures.catalog_bytes;
  if (figures.bare_rate > 0) {
    state.counters["rate_vs_bare"] = figures.catalog_rate / figures.bare_rate;
    state.counters["bytes_vs_bare"] = figures.catalog_bytes / figures.bare_bytes;
  }
}

// ---- the bare baseline --------------------------------------------------------------------

sqlite3* bare = nullptr;

void Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(bare, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "%s: %s\n", sql, err);
    std::abort();
  }
}

// indexes 1: the bare baseline (one comparable index); 2: the same with the catalog's second
// index (job, path hash) and its column, to show what the schema costs and what flowstate adds.
double BareInsert(benchmark::State& state, const char* file, int indexes, double* bytes_out) {
  const fs::path path = Dir() / file;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  sqlite3* db = nullptr;
  sqlite3_open(path.string().c_str(), &db);
  std::swap(db, bare);
  Exec("PRAGMA journal_mode=WAL");
  Exec("PRAGMA synchronous=FULL");
  Exec(
      "CREATE TABLE snapshots(id INTEGER PRIMARY KEY, job_id INTEGER NOT NULL, kind INTEGER NOT "
      "NULL, state INTEGER NOT NULL, checkpoint_id INTEGER, path TEXT NOT NULL, path_hash "
      "INTEGER, completion_ms INTEGER)");
  Exec("CREATE INDEX by_job ON snapshots(job_id, state, completion_ms)");
  if (indexes == 2) Exec("CREATE INDEX by_path ON snapshots(job_id, path_hash)");
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(bare,
                     "INSERT INTO snapshots(job_id, kind, state, checkpoint_id, path, path_hash, "
                     "completion_ms) VALUES(?,?,1,?,?,?,?)",
                     -1, &ins, nullptr);
  const auto start = Clock::now();
  for (int64_t i = 0; i < kSnapshots; ++i) {
    if (i % kBatch == 0) Exec("BEGIN");
    sqlite3_bind_int64(ins, 1, i % kJobs + 1);
    sqlite3_bind_int64(ins, 2, (i / kJobs) % 10 == 9 ? 1 : 0);
    sqlite3_bind_int64(ins, 3, i / kJobs + 1);
    const std::string p = SnapshotPath(i);
    sqlite3_bind_text(ins, 4, p.data(), static_cast<int>(p.size()), SQLITE_TRANSIENT);
    if (indexes == 2) {
      sqlite3_bind_int64(ins, 5, static_cast<int64_t>(std::hash<std::string>()(p)));
    } else {
      sqlite3_bind_null(ins, 5);
    }
    sqlite3_bind_int64(ins, 6, 1700000000000 + i * 10);
    if (sqlite3_step(ins) != SQLITE_DONE) state.SkipWithError("bare insert failed");
    sqlite3_reset(ins);
    if (i % kBatch == kBatch - 1) Exec("COMMIT");
  }
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  sqlite3_finalize(ins);
  sqlite3_close(bare);
  bare = db;
  *bytes_out = static_cast<double>(FileBytes(path)) / kSnapshots;
  return secs;
}

void BM_InsertSnapshots_bare(benchmark::State& state) {
  for (auto _ : state) {
    const double secs = BareInsert(state, "bare.db", 1, &figures.bare_bytes);
    state.SetIterationTime(secs);
    figures.bare_rate = static_cast<double>(kSnapshots) / secs;
  }
  if (bare != nullptr) sqlite3_close(bare);
  sqlite3_open((Dir() / "bare.db").string().c_str(), &bare);
  state.counters["snapshots_per_s"] = figures.bare_rate;
  state.counters["bytes_per_snapshot"] = figures.bare_bytes;
}

void BM_InsertSnapshots_bare_two_indexes(benchmark::State& state) {
  double rate = 0, bytes = 0;
  for (auto _ : state) {
    const double secs = BareInsert(state, "bare2.db", 2, &bytes);
    state.SetIterationTime(secs);
    rate = static_cast<double>(kSnapshots) / secs;
  }
  state.counters["snapshots_per_s"] = rate;
  state.counters["bytes_per_snapshot"] = bytes;
}

// ---- reading --------------------------------------------------------------------------------

// First decisions per job (cold) are kept apart from the steady state the loop measures.
std::vector<double> cold_catalog, cold_bare;

void Cold(benchmark::State& state, std::vector<double> ns) {
  std::sort(ns.begin(), ns.end());
  state.counters["cold_p50_ns"] = ns[ns.size() / 2];
  state.counters["cold_p99_ns"] = ns[ns.size() * 99 / 100];
}

void Percentiles(benchmark::State& state, std::vector<double>& ns, double* p99_out) {
  if (ns.empty()) return;
  std::sort(ns.begin(), ns.end());
  state.counters["p50_ns"] = ns[ns.size() / 2];
  state.counters["p99_ns"] = ns[ns.size() * 99 / 100];
  *p99_out = ns[ns.size() * 99 / 100];
}

void BM_ResolveRestore_catalog(benchmark::State& state) {
  if (!Catalog()) {
    state.SkipWithError("run BM_InsertSnapshots_catalog first");
    return;
  }
  cat::RestoreOptions o;
  o.verify = false;
  o.discover = false;
  std::mt19937_64 rng(42);
  std::vector<std::string> refs;
  for (int i = 0; i < 4096; ++i) refs.push_back(std::to_string(job_ids[rng() % job_ids.size()]));
  std::vector<double> ns;
  ns.reserve(1 << 20);
  size_t k = 0;
  if (state.thread_index() == 0 && cold_catalog.empty()) {
    // The first decision for every job, on a freshly opened catalog (pages not yet cached).
    for (int64_t id : job_ids) {
      const auto t0 = Clock::now();
      auto d = Catalog()->ResolveRestore(std::to_string(id), nullptr, o);
      cold_catalog.push_back(std::chrono::duration<double, std::nano>(Clock::now() - t0).count());
      benchmark::DoNotOptimize(d);
    }
  }
  Cold(state, cold_catalog);
  for (auto _ : state) {
    const auto t0 = Clock::now();
    auto d = Catalog()->ResolveRestore(refs[k++ & 4095], nullptr, o);
    const auto t1 = Clock::now();
    if (!d.ok() || !d->path) state.SkipWithError("no decision");
    benchmark::DoNotOptimize(d);
    ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
  }
  Percentiles(state, ns, &figures.catalog_p99);
  if (figures.bare_p99 > 0) state.counters["p99_vs_bare"] = figures.catalog_p99 / figures.bare_p99;
}

void BM_ResolveRestore_bare(benchmark::State& state) {
  if (bare == nullptr) {
    state.SkipWithError("run BM_InsertSnapshots_bare first");
    return;
  }
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(bare,
                     "SELECT path FROM snapshots WHERE job_id=? AND state=1 ORDER BY completion_ms "
                     "DESC LIMIT 1",
                     -1, &q, nullptr);
  std::mt19937_64 rng(42);
  std::vector<double> ns;
  ns.reserve(1 << 20);
  if (cold_bare.empty()) {
    for (int64_t j = 1; j <= kJobs; ++j) {
      const auto t0 = Clock::now();
      sqlite3_bind_int64(q, 1, j);
      sqlite3_step(q);
      sqlite3_reset(q);
      cold_bare.push_back(std::chrono::duration<double, std::nano>(Clock::now() - t0).count());
    }
  }
  Cold(state, cold_bare);
  for (auto _ : state) {
    const auto t0 = Clock::now();
    sqlite3_bind_int64(q, 1, static_cast<int64_t>(rng() % kJobs) + 1);
    if (sqlite3_step(q) != SQLITE_ROW) state.SkipWithError("no row");
    std::string path(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
    sqlite3_reset(q);
    const auto t1 = Clock::now();
    benchmark::DoNotOptimize(path);
    ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
  }
  sqlite3_finalize(q);
  Percentiles(state, ns, &figures.bare_p99);
}

void BM_ListFolder1000(benchmark::State& state) {
  if (!Catalog()) {
    state.SkipWithError("run BM_InsertSnapshots_catalog first");
    return;
  }
  for (auto _ : state) {
    auto l = Catalog()->ListFolder(big_folder);
    if (!l.ok() || l->jobs.size() != kBigFolderJobs) state.SkipWithError("wrong listing");
    benchmark::DoNotOptimize(l);
  }
  state.SetItemsProcessed(state.iterations() * kBigFolderJobs);
}

}  // namespace

// Order matters: the bare baseline first, so that the catalog's counters can give ratios.
BENCHMARK(BM_InsertSnapshots_bare)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);
BENCHMARK(BM_InsertSnapshots_bare_two_indexes)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);
BENCHMARK(BM_InsertSnapshots_catalog)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);
BENCHMARK(BM_ResolveRestore_bare)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ResolveRestore_catalog)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ListFolder1000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
