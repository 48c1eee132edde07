#include "common/cancel.h"

#include <gtest/gtest.h>

#include <thread>

namespace flowstate::core {
namespace {

using std::chrono::milliseconds;

TEST(CancelTokenTest, CancelFromAnotherThreadWakesWaiters) {
  auto token = std::make_shared<CancelToken>();
  EXPECT_FALSE(token->IsCancelled());
  std::thread t([token] { token->Cancel(); });
  EXPECT_TRUE(token->WaitFor(milliseconds(-1)));
  t.join();
  EXPECT_TRUE(token->IsCancelled());
}

TEST(CancelTokenTest, WaitTimesOutWhenNotCancelled) {
  CancelToken token;
  EXPECT_FALSE(token.WaitFor(milliseconds(5)));
}

TEST(DeadlineTest, NeverAndAfter) {
  EXPECT_FALSE(Deadline::Never().Expired());
  EXPECT_TRUE(Deadline::Never().is_never());
  EXPECT_TRUE(Deadline::After(milliseconds(0)).Expired());
  EXPECT_TRUE(Deadline::FromTimeoutMs(-1).is_never());
  EXPECT_GT(Deadline::FromTimeoutMs(60000).Remaining().count(), 50000);
}

TEST(OperationContextTest, CheckReportsCancellationThenDeadline) {
  OperationContext ctx;
  EXPECT_TRUE(ctx.Check("scan").ok());
  auto token = std::make_shared<CancelToken>();
  ctx.cancel = token;
  ctx.deadline = Deadline::After(milliseconds(0));
  EXPECT_EQ(ctx.Check("scan").code(), Code::kTimeout);
  EXPECT_EQ(ctx.Check("scan").message(), "scan: deadline exceeded");
  token->Cancel();
  EXPECT_EQ(ctx.Check("scan").code(), Code::kCancelled);
}

TEST(OperationContextTest, ProgressCallbackCanStopTheOperation) {
  OperationContext ctx;
  int calls = 0;
  ctx.progress = [&](std::string_view phase, uint64_t done, uint64_t total) {
    ++calls;
    EXPECT_EQ(phase, "list");
    return done < total;
  };
  EXPECT_TRUE(ctx.Progress("list", 1, 2).ok());
  EXPECT_EQ(ctx.Progress("list", 2, 2).code(), Code::kCancelled);
  EXPECT_EQ(calls, 2);
}

TEST(OperationContextTest, SleepWakesEarlyOnCancel) {
  OperationContext ctx;
  auto token = std::make_shared<CancelToken>();
  ctx.cancel = token;
  std::thread t([token] {
    std::this_thread::sleep_for(milliseconds(20));
    token->Cancel();
  });
  auto start = std::chrono::steady_clock::now();
  Status s = ctx.Sleep(std::chrono::seconds(30), "poll");
  t.join();
  EXPECT_EQ(s.code(), Code::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(OperationContextTest, SleepStopsAtTheDeadline) {
  OperationContext ctx;
  ctx.deadline = Deadline::After(milliseconds(10));
  EXPECT_EQ(ctx.Sleep(std::chrono::seconds(30), "poll").code(), Code::kTimeout);
}

}  // namespace
}  // namespace flowstate::core
