// The lifecycle's transition: one change of a job's state with its audit event, in one
// durable commit (Catalog::ChangeState), beside a bare SQLite transaction with the same
// writes (read the job row, compare-and-swap its state and version, insert the event) on a
// file with the catalog's schema and settings (WAL, synchronous=FULL).
//
//   BM_Transition/catalog   ChangeState, RUNNING <-> STOPPING on one job
//   BM_Transition/bare      the same writes through sqlite3 directly
//   BM_TransitionCpu/{catalog,bare}
//                           the same on a file in /dev/shm (tmpfs: a WAL without fsync cost)
//   BM_TransitionInMemory/{catalog,bare}
//                           the same on an in-memory catalog (":memory:"), i.e. the CPU cost
//                           of a transition
// Files live in $FLOWSTATE_BENCH_DIR (default: the temp dir); the CPU benchmark's in
// $FLOWSTATE_BENCH_MEMORY_DIR (default /dev/shm).
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "catalog/catalog.h"

namespace {

namespace fs = std::filesystem;
namespace cat = flowstate::core::catalog;

fs::path Dir(const char* env_name, const fs::path& fallback) {
  const char* env = std::getenv(env_name);
  fs::path d = (env != nullptr ? fs::path(env) : fallback) / "flowstate-lifecycle-bench";
  fs::create_directories(d);
  return d;
}

fs::path DiskDir() { return Dir("FLOWSTATE_BENCH_DIR", fs::temp_directory_path()); }
fs::path MemoryDir() { return Dir("FLOWSTATE_BENCH_MEMORY_DIR", "/dev/shm"); }

// A fresh catalog file with one job.
std::unique_ptr<cat::Catalog> FreshCatalog(const fs::path& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  auto c = cat::Catalog::Open(path.string(), {});
  if (!c.ok()) std::abort();
  cat::Job job;
  job.folder = "/cdc";
  job.name = "emp_1";
  if (!(*c)->AddJob(job).ok()) std::abort();
  return std::move(c).value();
}

void RunTransitions(benchmark::State& state, cat::Catalog& c) {
  cat::StateChange change;
  change.action = "job.observe";
  change.cause = "bench";
  cat::JobState from = cat::JobState::kNew, to = cat::JobState::kRunning;
  int64_t version = 0;
  for (auto _ : state) {
    change.from = from;
    change.to = to;
    change.expected_version = version;
    if (!c.ChangeState("/cdc/emp_1", change).ok()) state.SkipWithError("transition failed");
    from = to;
    to = to == cat::JobState::kRunning ? cat::JobState::kStopping : cat::JobState::kRunning;
    ++version;
  }
  state.counters["commits_per_transition"] = 1;
}

void BM_Transition_catalog(benchmark::State& state) {
  auto c = FreshCatalog(DiskDir() / "catalog.db");
  RunTransitions(state, *c);
}

void BM_TransitionCpu(benchmark::State& state) {
  auto c = FreshCatalog(MemoryDir() / "catalog.db");
  RunTransitions(state, *c);
}

void BM_TransitionInMemory(benchmark::State& state) {
  auto c = FreshCatalog(":memory:");
  RunTransitions(state, *c);
}

void Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "%s: %s\n", sql, err);
    std::abort();
  }
}

// The same writes on a file the catalog made (its schema, WAL), through sqlite3 directly.
void RunBare(benchmark::State& state, const fs::path& path) {
  const bool in_memory = path == ":memory:";
  const fs::path made = in_memory ? MemoryDir() / "seed.db" : path;
  FreshCatalog(made).reset();
  sqlite3* db = nullptr;
  if (sqlite3_open(path.string().c_str(), &db) != SQLITE_OK) std::abort();
  if (in_memory) {  // the catalog's file, copied into this connection's memory
    sqlite3* seed = nullptr;
    if (sqlite3_open(made.string().c_str(), &seed) != SQLITE_OK) std::abort();
    sqlite3_backup* b = sqlite3_backup_init(db, "main", seed, "main");
    if (b == nullptr || sqlite3_backup_step(b, -1) != SQLITE_DONE) std::abort();
    sqlite3_backup_finish(b);
    sqlite3_close(seed);
  }
  Exec(db, "PRAGMA journal_mode=WAL");
  Exec(db, "PRAGMA synchronous=FULL");
  sqlite3_stmt *read = nullptr, *update = nullptr, *event = nullptr;
  sqlite3_prepare_v2(db, "SELECT id, state, version, folder, name FROM jobs WHERE id=1", -1, &read,
                     nullptr);
  sqlite3_prepare_v2(db,
                     "UPDATE jobs SET state=?, desired=desired, version=version+1, status=?, "
                     "updated_ms=? WHERE id=1 AND version=?",
                     -1, &update, nullptr);
  sqlite3_prepare_v2(db,
                     "INSERT INTO events(at_ms, job_id, run_id, job, action, actor, outcome, "
                     "detail, from_state, to_state, cause, operation_id) "
                     "VALUES(?,1,NULL,'/cdc/emp_1','job.observe','bench','ok',?,?,?,'bench',NULL)",
                     -1, &event, nullptr);
  int64_t from = 0, to = 2, version = 0;
  for (auto _ : state) {
    Exec(db, "BEGIN IMMEDIATE");
    if (sqlite3_step(read) != SQLITE_ROW) state.SkipWithError("no job");
    sqlite3_reset(read);
    sqlite3_bind_int64(update, 1, to);
    sqlite3_bind_text(update, 2, to == 2 ? "RUNNING" : "STOPPING", -1, SQLITE_STATIC);
    sqlite3_bind_int64(update, 3, 1700000000000 + version);
    sqlite3_bind_int64(update, 4, version);
    if (sqlite3_step(update) != SQLITE_DONE) state.SkipWithError("update failed");
    sqlite3_reset(update);
    sqlite3_bind_int64(event, 1, 1700000000000 + version);
    sqlite3_bind_text(event, 2, to == 2 ? "STOPPING -> RUNNING" : "RUNNING -> STOPPING", -1,
                      SQLITE_STATIC);
    sqlite3_bind_int64(event, 3, from);
    sqlite3_bind_int64(event, 4, to);
    if (sqlite3_step(event) != SQLITE_DONE) state.SkipWithError("insert failed");
    sqlite3_reset(event);
    Exec(db, "COMMIT");
    from = to;
    to = to == 2 ? 3 : 2;
    ++version;
  }
  sqlite3_finalize(read);
  sqlite3_finalize(update);
  sqlite3_finalize(event);
  sqlite3_close(db);
}

void BM_Transition_bare(benchmark::State& state) { RunBare(state, DiskDir() / "bare.db"); }
void BM_TransitionCpu_bare(benchmark::State& state) { RunBare(state, MemoryDir() / "bare.db"); }
void BM_TransitionInMemory_bare(benchmark::State& state) { RunBare(state, ":memory:"); }

BENCHMARK(BM_Transition_catalog)->Name("BM_Transition/catalog")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Transition_bare)->Name("BM_Transition/bare")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TransitionCpu)->Name("BM_TransitionCpu/catalog")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TransitionCpu_bare)->Name("BM_TransitionCpu/bare")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TransitionInMemory)
    ->Name("BM_TransitionInMemory/catalog")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TransitionInMemory_bare)
    ->Name("BM_TransitionInMemory/bare")
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
