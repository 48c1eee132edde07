// Deadlines and cancellation reach every request in flight: a JobManager or SQL Gateway that
// keeps a request waiting does not keep the caller past the operation's deadline or its
// cancellation, retries and their back-off included.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "flink/client.h"
#include "sim_harness.h"

namespace flowstate::core::flink {
namespace {

using Clock = std::chrono::steady_clock;
using flowstate::testing::FlinkSim;

int64_t MsSince(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

class DeadlineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = sim_.Cluster("prod", "1.20");
    o_.url = cluster_["url"].GetString();
    o_.timeout_ms = 8000;  // the request's own limit: far beyond the operation's deadline
  }
  std::string StartJob(RestClient& c) {
    sim_.Insert("src", 2);
    auto jar = c.UploadJar("job.jar", "PK\x03\x04");
    EXPECT_TRUE(jar.ok()) << jar.status().ToString();
    RunRequest run;
    run.args = {"--source", "src"};
    auto id = c.RunJar(*jar, run);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    for (int i = 0; i < 250; ++i) {
      auto s = c.JobStatus(*id);
      if (s.ok() && *s == "RUNNING") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return *id;
  }
  // Every request from now on waits `ms` before the simulator answers it.
  void Slow(int ms) {
    sim_.Ctl("POST", "/clusters/prod/faults",
             "{\"slow\":1000,\"delay_ms\":" + std::to_string(ms) + "}");
  }
  void Clear() { sim_.Ctl("POST", "/clusters/prod/faults", "{\"slow\":0}"); }

  FlinkSim sim_;
  rapidjson::Document cluster_;
  ClientOptions o_;
};

TEST_F(DeadlineTest, ASavepointWaitEndsAtItsDeadlineWhileARequestIsInFlight) {
  RestClient c(o_);
  const std::string id = StartJob(c);
  auto trigger = c.TriggerSavepoint(id, {});
  ASSERT_TRUE(trigger.ok()) << trigger.status().ToString();
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"savepoint_ms":10000})");
  Slow(5000);
  OperationContext ctx;
  ctx.deadline = Deadline::FromTimeoutMs(1000);
  const auto t0 = Clock::now();
  auto r = c.WaitForSavepoint(id, *trigger, ctx, 20);
  const int64_t took = MsSince(t0);
  Clear();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kTimeout) << r.status().ToString();
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("deadline"));
  EXPECT_LT(took, 2000) << "the status request in flight is bounded by the wait's deadline";
  EXPECT_GE(took, 900);
}

TEST_F(DeadlineTest, ACancellationAbandonsTheRequestInFlight) {
  RestClient c(o_);
  const std::string id = StartJob(c);
  auto trigger = c.TriggerSavepoint(id, {});
  ASSERT_TRUE(trigger.ok());
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"savepoint_ms":10000})");
  Slow(5000);
  auto token = std::make_shared<CancelToken>();
  OperationContext ctx;
  ctx.cancel = token;
  std::thread canceller([token] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    token->Cancel();
  });
  const auto t0 = Clock::now();
  auto r = c.WaitForSavepoint(id, *trigger, ctx, 20);
  const int64_t took = MsSince(t0);
  canceller.join();
  Clear();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kCancelled) << r.status().ToString();
  EXPECT_LT(took, 1500);
}

TEST_F(DeadlineTest, RetriesAndTheirBackOffStopAtTheDeadline) {
  ClientOptions o = o_;
  o.retries = 10;  // back-off 50 ms doubling: 51 s in all
  RestClient c(o);
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"errors":100,"status":503})");
  OperationContext ctx;
  ctx.deadline = Deadline::FromTimeoutMs(600);
  const auto t0 = Clock::now();
  Result<ClusterOverview> r = [&] {
    ContextScope scope(ctx);
    return c.Overview();
  }();
  const int64_t took = MsSince(t0);
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"errors":0})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kTimeout) << r.status().ToString();
  EXPECT_LT(took, 1500);
}

TEST_F(DeadlineTest, AGatewayStatementEndsAtItsDeadline) {
  SqlGatewayClient g(ClientOptions{[&] {
    ClientOptions o = o_;
    o.url = cluster_["gateway_url"].GetString();
    return o;
  }()});
  auto session = g.OpenSession("etl", {});
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  Slow(5000);
  OperationContext ctx;
  ctx.deadline = Deadline::FromTimeoutMs(1000);
  const auto t0 = Clock::now();
  auto r = g.Run(*session, "SELECT 1", ctx);
  const int64_t took = MsSince(t0);
  Clear();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kTimeout) << r.status().ToString();
  EXPECT_LT(took, 2000);
}

}  // namespace
}  // namespace flowstate::core::flink
