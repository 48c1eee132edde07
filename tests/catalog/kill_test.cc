// A writer process killed with SIGKILL at random moments, many times over: every change it
// reported committed is still there, whole, and the file passes SQLite's integrity check.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "../storage/storage_test_util.h"
#include "catalog/catalog.h"

extern char** environ;

namespace flowstate::core::catalog {
namespace {

TEST(CrashTest, SigkillNeverLosesACommittedChange) {
  flowstate::testing::TempDir dir;
  const std::string db = (dir.path() / "catalog.db").string();
  std::mt19937 rng(20261121);
  long next = 1;
  std::map<long, size_t> committed;  // change -> rows
  for (int round = 0; round < 12; ++round) {
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    const std::string first = std::to_string(next);
    char* argv[] = {const_cast<char*>(CATALOG_WRITER), const_cast<char*>(db.c_str()),
                    const_cast<char*>(first.c_str()), nullptr};
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, CATALOG_WRITER, &fa, nullptr, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    // The kill lands at a random moment of the writing, not of the start-up: the writer's
    // first report is awaited (a sanitized build on a busy machine starts slowly), then a
    // random while passes.
    std::string text;
    char buf[4096];
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (text.find('\n') == std::string::npos && std::chrono::steady_clock::now() < give_up) {
      pollfd p{out[0], POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      ssize_t n = read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<size_t>(n));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 250));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status)) << "the writer died on its own (status " << status << ")";
    for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;)
      text.append(buf, static_cast<size_t>(n));
    close(out[0]);
    std::istringstream lines(text);
    long n = 0;
    size_t rows = 0;
    while (lines >> n >> rows) {
      committed[n] = rows;
      next = n + 1;
    }

    // Every reported change is there, whole; the file is sound.
    auto cat = Catalog::Open(db, {});
    ASSERT_TRUE(cat.ok()) << cat.status().ToString();
    auto snaps = (*cat)->ListSnapshots("/crash/writer");
    if (!snaps.ok() && snaps.status().Is(Code::kNotFound) && committed.empty()) {
      continue;  // killed (on a busy machine) before it made its job: nothing to check yet
    }
    ASSERT_TRUE(snaps.ok()) << snaps.status().ToString();
    std::map<long, size_t> found;
    for (const SnapshotRecord& s : *snaps) ++found[static_cast<long>(*s.checkpoint_id)];
    for (const auto& [change, count] : committed) {
      ASSERT_EQ(found[change], count) << "change " << change << " of round " << round;
    }
    for (const auto& [change, count] : found) {
      EXPECT_TRUE(count == 1 || count == 5) << "change " << change << " is partial";
    }
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &st, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "ok");
    sqlite3_finalize(st);
    sqlite3_close(raw);
    // Resume numbering after anything the killed writer committed but could not report.
    for (const auto& [change, count] : found) next = std::max(next, change + 1);
  }
  EXPECT_GT(committed.size(), 12u) << "the writer should commit many changes between kills";
}

}  // namespace
}  // namespace flowstate::core::catalog
