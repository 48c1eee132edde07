#include "common/log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace flowstate::core {
namespace {

struct Captured {
  std::mutex mu;
  std::vector<std::string> lines;
  void Add(LogLevel l, std::string_view c, std::string_view m) {
    std::lock_guard lock(mu);
    lines.push_back(std::string(LogLevelName(l)) + " " + std::string(c) + " " + std::string(m));
  }
};

class LogTest : public ::testing::Test {
 protected:
  void TearDown() override { SetLogSink(nullptr, LogLevel::kInfo); }
};

TEST_F(LogTest, NothingIsEnabledWithoutASink) {
  SetLogSink(nullptr, LogLevel::kTrace);
  EXPECT_FALSE(LogEnabled(LogLevel::kError));
}

TEST_F(LogTest, SinkReceivesMessagesAtOrAboveItsLevelRedacted) {
  Captured cap;
  SetLogSink([&](LogLevel l, std::string_view c, std::string_view m) { cap.Add(l, c, m); },
             LogLevel::kInfo);
  Log(LogLevel::kDebug, "sql", "hidden");
  Log(LogLevel::kInfo, "sql", "statement ", 3, " has 'password' = 'x'");
  Log(LogLevel::kOff, "sql", "never");
  ASSERT_EQ(cap.lines.size(), 1u);
  EXPECT_EQ(cap.lines[0], "info sql statement 3 has 'password' = '******'");
  SetLogLevel(LogLevel::kTrace);
  Log(LogLevel::kTrace, "storage", "now visible");
  EXPECT_EQ(cap.lines.size(), 2u);
}

TEST_F(LogTest, RemovingTheSinkStopsDelivery) {
  Captured cap;
  SetLogSink([&](LogLevel l, std::string_view c, std::string_view m) { cap.Add(l, c, m); },
             LogLevel::kTrace);
  SetLogSink(nullptr, LogLevel::kTrace);
  Log(LogLevel::kError, "x", "y");
  EXPECT_TRUE(cap.lines.empty());
}

TEST_F(LogTest, SwappingSinksWhileOtherThreadsLog) {
  std::atomic<bool> stop{false};
  std::atomic<int> delivered{0};
  std::vector<std::thread> loggers;
  for (int i = 0; i < 3; ++i) {
    loggers.emplace_back([&] {
      while (!stop.load()) Log(LogLevel::kWarn, "t", "m");
    });
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (int i = 0; i < 200 || (delivered.load() == 0 && std::chrono::steady_clock::now() < deadline);
       ++i) {
    auto counter = std::make_shared<int>(0);
    SetLogSink(
        [counter, &delivered](LogLevel, std::string_view, std::string_view) {
          ++*counter;  // a use-after-free here would be caught by ASan
          delivered.fetch_add(1, std::memory_order_relaxed);
        },
        LogLevel::kWarn);
  }
  stop = true;
  for (auto& t : loggers) t.join();
  EXPECT_GT(delivered.load(), 0);
}

}  // namespace
}  // namespace flowstate::core
