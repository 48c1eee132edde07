// Observation rounds against the simulator: statuses mapped by the lifecycle's table,
// checkpoints captured as they happen under Flink's retention and at each way a run can end,
// unreachable and presumed-lost jobs never touched destructively, a JobManager failover
// re-adopted, and clusters that fail, hang or answer garbage leaving the others observed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "../flink/sim_harness.h"
#include "job/engine.h"
#include "storage/storage.h"
#include "world.h"

namespace flowstate::core::job {
namespace {

using catalog::Catalog;
using catalog::SnapshotState;
using flowstate::testing::FlinkSim;
using ::testing::HasSubstr;

class ObserveTest : public flowstate::testing::SimWorldTest {
 protected:
  void SetUp() override {
    SimWorldTest::SetUp();
    LifecycleOptions o;
    o.poll_ms = 20;
    life_ = std::make_unique<Lifecycle>(cat_.get(), storage_.get(), &resolver_, o);
  }

  // Cluster `name` in the simulator and the catalog, running job /w/<name> (adopted) as
  // Flink job `jid` over source `name`.
  void Running(const std::string& name, const std::string& jid, const std::string& extra = "") {
    auto c = sim_.Cluster(name, "1.20",
                          "\"checkpoint_interval_ms\":50,\"num_retained\":3,\"startup_ms\":5" +
                              (extra.empty() ? std::string() : "," + extra));
    catalog::Cluster cl;
    cl.name = name;
    cl.rest_url = c["url"].GetString();
    cl.flink_version = "1.20";
    cl.checkpoint_dir = std::string("file://") + c["checkpoint_dir"].GetString();
    cl.savepoint_dir = std::string("file://") + c["savepoint_dir"].GetString();
    ASSERT_TRUE(cat_->PutCluster(cl).ok());
    checkpoint_dirs_[name] = c["checkpoint_dir"].GetString();
    catalog::Job j;
    j.name = name;
    j.folder = "/w";
    j.cluster = name;
    ASSERT_TRUE(cat_->AddJob(j).ok());
    flink::ClientOptions o;
    o.url = cl.rest_url;
    clients_[name] = std::make_unique<flink::RestClient>(o);
    flink::RestClient& client = *clients_[name];
    sim_.Insert(name, 1);
    auto jar = client.UploadJar("job.jar", "PK");
    ASSERT_TRUE(jar.ok()) << jar.status().ToString();
    flink::RunRequest run;
    run.args = {"--source", name};
    run.job_id = jid;
    ASSERT_TRUE(client.RunJar(*jar, run).ok());
    for (int i = 0; i < 300; ++i) {
      auto st = client.JobStatus(jid);
      if (st.ok() && *st == "RUNNING") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    auto adopted = life_->Adopt("/w/" + name, jid, Ctx());
    ASSERT_TRUE(adopted.ok()) << adopted.status().ToString();
  }

  OperationContext Ctx(int seconds = 20) {
    OperationContext ctx;
    ctx.deadline = Deadline::After(std::chrono::seconds(seconds));
    return ctx;
  }
  ObserveReport Round(const ObserveOptions& o = {}) {
    auto r = life_->Observe(o, Ctx());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ObserveReport();
  }
  State StateOf(const std::string& ref) { return cat_->GetJob(ref).value().state; }
  // The checkpoints of Flink job `jid` on storage with a _metadata.
  std::set<std::string> OnDisk(const std::string& name, const std::string& jid) {
    std::set<std::string> out;
    std::error_code ec;
    for (const auto& e :
         std::filesystem::directory_iterator(checkpoint_dirs_[name] + "/" + jid, ec)) {
      if (e.path().filename().string().rfind("chk-", 0) == 0 &&
          std::filesystem::exists(e.path() / "_metadata")) {
        out.insert("file://" + e.path().string());
      }
    }
    return out;
  }

  PlainClusterResolver resolver_;
  std::unique_ptr<Lifecycle> life_;
  std::map<std::string, std::unique_ptr<flink::RestClient>> clients_;
  std::map<std::string, std::string> checkpoint_dirs_;
};

// How a run ends, and what Flink leaves of its retained checkpoints (FACTS 5.4).
struct Ending {
  const char* name;
  const char* retention;
  const char* final_status;
  bool kept;
};

class CaptureTest : public ObserveTest, public ::testing::WithParamInterface<Ending> {};

TEST_P(CaptureTest, TheCatalogEqualsStorageAfterEveryWayARunEnds) {
  const Ending& end = GetParam();
  const std::string jid = "c0000000000000000000000000000001";
  Running("prod", jid, std::string("\"retention\":\"") + end.retention + "\"");
  flink::RestClient& client = *clients_["prod"];
  // At least 30 checkpoints at a 50 ms interval with num-retained 3, rounds watching.
  for (int i = 0; i < 400; ++i) {
    Round();
    auto stats = client.Checkpoints(jid);
    ASSERT_TRUE(stats.ok());
    if (stats->completed >= 30) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
  }
  ASSERT_GE(client.Checkpoints(jid)->completed, 30);
  // The run ends as Flink ends it; the next rounds see it.
  const std::string how = end.name;
  if (how == "finished") {
    flink::StopRequest stop;
    ASSERT_TRUE(client.StopWithSavepoint(jid, stop).ok());
  } else if (how == "failed") {
    sim_.Ctl("POST", "/clusters/prod/jobs/" + jid + "/fail", "{\"reason\":\"disk full\"}");
  } else {
    ASSERT_TRUE(client.Cancel(jid).ok());
  }
  for (int i = 0; i < 100 && In(StateOf("/w/prod"), kActive); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    Round();
  }
  const catalog::Run run = cat_->ListRuns("/w/prod").value().back();
  EXPECT_EQ(run.final_status, end.final_status);
  const std::vector<catalog::SnapshotRecord> records = cat_->ListSnapshots("/w/prod").value();
  std::set<std::string> paths, completed, disposed;
  int savepoints = 0;
  for (const auto& r : records) {
    EXPECT_TRUE(paths.insert(r.path).second) << "recorded twice: " << r.path;
    if (r.kind == storage::SnapshotKind::kSavepoint) {
      ++savepoints;
      continue;
    }
    if (r.state == SnapshotState::kCompleted) completed.insert(r.path);
    if (r.state == SnapshotState::kDisposed) disposed.insert(r.path);
  }
  const std::set<std::string> on_disk = OnDisk("prod", jid);
  EXPECT_EQ(completed, on_disk) << "the catalog's checkpoints are those on storage";
  EXPECT_EQ(on_disk.empty(), !end.kept);
  for (const std::string& p : disposed) EXPECT_FALSE(on_disk.count(p)) << p;
  EXPECT_GE(disposed.size(), 20u) << "those Flink's num-retained deleted are DISPOSED";
  EXPECT_EQ(savepoints, how == "finished" ? 1 : 0);
  EXPECT_EQ(StateOf("/w/prod"), how == "finished" ? State::kFinished
                                : how == "failed" ? State::kFailed
                                                  : State::kCancelled);
}

INSTANTIATE_TEST_SUITE_P(
    Endings, CaptureTest,
    ::testing::Values(Ending{"canceled_retained", "RETAIN_ON_CANCELLATION", "CANCELED", true},
                      Ending{"canceled_deleted", "DELETE_ON_CANCELLATION", "CANCELED", false},
                      Ending{"finished", "RETAIN_ON_CANCELLATION", "FINISHED", false},
                      Ending{"failed", "DELETE_ON_CANCELLATION", "FAILED", true}),
    [](const ::testing::TestParamInfo<Ending>& p) { return std::string(p.param.name); });

TEST_F(ObserveTest, SilenceMakesAJobUnreachableThenPresumedLostAndAFailoverReadoptsIt) {
  const std::string jid = "c0000000000000000000000000000002";
  Running("prod", jid);
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    Round();
  }
  const auto before = cat_->ListSnapshots("/w/prod").value();
  ASSERT_FALSE(before.empty());
  sim_.Ctl("POST", "/clusters/prod/faults", "{\"errors\":100000,\"status\":503}");
  ObserveOptions o;
  o.lost_after_ms = 0;
  o.lost_after_probes = 2;
  ObserveReport first = Round(o);
  EXPECT_EQ(StateOf("/w/prod"), State::kUnreachable);
  ASSERT_EQ(first.unreachable.size(), 1u);
  EXPECT_THAT(first.unreachable[0], HasSubstr("prod: "));
  ASSERT_EQ(first.changes.size(), 1u);
  EXPECT_EQ(first.changes[0].to, State::kUnreachable);
  Round(o);
  EXPECT_EQ(StateOf("/w/prod"), State::kLost);
  EXPECT_TRUE(cat_->GetWatch("/w/prod")->presumed_lost);
  // Nothing about its records changed, its run is still open, and nothing resumes it.
  const auto after = cat_->ListSnapshots("/w/prod").value();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i].state, before[i].state);
  EXPECT_FALSE(cat_->ListRuns("/w/prod").value().back().ended_ms);
  auto resumed = life_->Resume("/w/prod", {}, Ctx());
  EXPECT_EQ(resumed.status().code(), Code::kIllegalState);
  EXPECT_THAT(resumed.status().message(), HasSubstr("acknowledge the loss"));
  // The JobManager fails over and the job id answers again: re-adopted, not resumed.
  sim_.Ctl("POST", "/clusters/prod/faults", "{}");
  sim_.Ctl("POST", "/clusters/prod/failover", "{}");
  for (int i = 0; i < 50 && StateOf("/w/prod") != State::kRunning; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    Round(o);
  }
  EXPECT_EQ(StateOf("/w/prod"), State::kRunning);
  EXPECT_FALSE(cat_->GetWatch("/w/prod")->presumed_lost);
  const auto runs = cat_->ListRuns("/w/prod").value();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_FALSE(runs[0].ended_ms) << "the same run, re-adopted";
  bool readopted = false;
  const std::vector<catalog::Event> events = cat_->ListEvents("/w/prod").value();
  for (const auto& e : events) {
    readopted = readopted || e.detail.find("re-adopted") != std::string::npos;
  }
  EXPECT_TRUE(readopted);
}

TEST_F(ObserveTest, AReachableJobManagerThatForgotTheJobMakesItLost) {
  const std::string jid = "c0000000000000000000000000000003";
  Running("prod", jid);
  Round();
  sim_.Ctl("POST", "/clusters/prod/failover", "{\"ha\":false}");
  ObserveReport r = Round();
  EXPECT_EQ(StateOf("/w/prod"), State::kLost);
  ASSERT_EQ(r.changes.size(), 1u);
  EXPECT_THAT(r.changes[0].why, HasSubstr("does not know job id " + jid));
  EXPECT_FALSE(cat_->GetWatch("/w/prod")->presumed_lost) << "a 404 is no presumption";
}

TEST_F(ObserveTest, FailingHangingAndGarbledClustersLeaveTheOthersObserved) {
  Running("fails", "c0000000000000000000000000000004");
  Running("hangs", "c0000000000000000000000000000005");
  Running("garbles", "c0000000000000000000000000000006");
  Running("fine", "c0000000000000000000000000000007");
  Round();
  sim_.Ctl("POST", "/clusters/fails/faults", "{\"errors\":1000,\"status\":500}");
  sim_.Ctl("POST", "/clusters/hangs/faults", "{\"slow\":1000,\"delay_ms\":10000}");
  sim_.Ctl("POST", "/clusters/garbles/faults", "{\"html\":1000,\"status\":502}");
  OperationContext ctx;
  ctx.deadline = Deadline::After(std::chrono::milliseconds(1500));
  const auto t0 = std::chrono::steady_clock::now();
  auto r = life_->Observe({}, ctx);
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_LT(took, std::chrono::milliseconds(1500)) << "within the round's deadline";
  EXPECT_EQ(StateOf("/w/fails"), State::kUnreachable);
  EXPECT_EQ(StateOf("/w/hangs"), State::kUnreachable);
  EXPECT_EQ(StateOf("/w/garbles"), State::kUnreachable);
  EXPECT_EQ(StateOf("/w/fine"), State::kRunning);
  EXPECT_EQ(r->unreachable.size(), 3u);
  EXPECT_EQ(r->jobs, 4);
  auto watch = cat_->GetWatch("/w/fine").value();
  EXPECT_EQ(watch.flink_status, "RUNNING");
  EXPECT_EQ(watch.failed_probes, 0);
  EXPECT_EQ(cat_->GetWatch("/w/hangs")->failed_probes, 1);
  EXPECT_EQ(cat_->GetWatch("/w/hangs")->flink_status, "RUNNING") << "the last status is kept";
}

TEST_F(ObserveTest, AJobWithAnOperationInFlightIsLeftToIt) {
  const std::string jid = "c0000000000000000000000000000008";
  Running("prod", jid);
  catalog::Operation op;
  op.kind = catalog::OperationKind::kSavepoint;
  op.owner = "elsewhere:1:1";
  op.run_id = cat_->ListRuns("/w/prod").value().back().id;
  ASSERT_TRUE(cat_->BeginOperation("/w/prod", op).ok());
  ASSERT_TRUE(clients_["prod"]->Cancel(jid).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ObserveReport r = Round();
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_THAT(r.skipped[0], HasSubstr("in flight"));
  EXPECT_EQ(StateOf("/w/prod"), State::kRunning) << "its owner or recovery decides";
  EXPECT_EQ(r.jobs, 0);
}

// The seed's manual comparison, done by a round: after checkpoints that no round saw and the
// cluster's death, reconciling says what storage holds that the catalog lacked, and tells what
// Flink's num-retained deleted (DISPOSED) from a loss (MISSING).
TEST_F(ObserveTest, ReconcilingRoundsReportWhatTheCatalogMissed) {
  const std::string jid = "c000000000000000000000000000000b";
  Running("prod", jid);
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    Round();
  }
  std::set<std::string> recorded;
  const std::vector<catalog::SnapshotRecord> seen = cat_->ListSnapshots("/w/prod").value();
  for (const auto& r : seen) {
    if (r.state == SnapshotState::kCompleted) recorded.insert(r.path);  // not yet disposed
  }
  ASSERT_FALSE(recorded.empty());
  ObserveOptions quiet;  // rounds that fetch no statistics: the catalog falls behind
  quiet.stats_budget = 0;
  for (int i = 0; i < 5; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(Round(quiet).captured.empty());
  }
  sim_.Ctl("DELETE", "/clusters/prod");
  for (int i = 0; i < 200 && clients_["prod"]->JobsOverview().ok(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const std::set<std::string> on_disk = OnDisk("prod", jid);
  ASSERT_EQ(on_disk.size(), 3u) << "num-retained 3";
  ObserveOptions o = quiet;
  o.reconcile_period_ms = 0;
  o.reconcile_level = storage::VerifyLevel::kFiles;
  ObserveReport r = Round(o);
  EXPECT_EQ(StateOf("/w/prod"), State::kUnreachable);
  ASSERT_EQ(r.reconciled.size(), 1u);
  const JobGap& gap = r.reconciled[0];
  EXPECT_EQ(gap.job, "/w/prod");
  std::set<std::string> added, disposed;
  for (const auto& a : gap.added) {
    added.insert(a.path);
    EXPECT_EQ(a.origin, catalog::Origin::kDiscoveredOnStorage);
  }
  for (const auto& d : gap.disposed) disposed.insert(d.path);
  EXPECT_EQ(added, on_disk) << "none of the three was seen by a round";
  EXPECT_EQ(disposed, recorded) << "Flink's retention deleted every one the rounds recorded";
  EXPECT_TRUE(gap.missing.empty());
  EXPECT_TRUE(gap.problems.empty());
  // The catalog now equals storage.
  const std::vector<catalog::SnapshotRecord> now = cat_->ListSnapshots("/w/prod").value();
  for (const auto& rec : now) {
    EXPECT_EQ(rec.state == SnapshotState::kCompleted, on_disk.count(rec.path) == 1) << rec.path;
  }
  // Compared once per period, unless the job changes.
  o.reconcile_period_ms = 60000;
  EXPECT_TRUE(Round(o).reconciled.empty());
  o.lost_after_ms = 0;
  ObserveReport lost = Round(o);
  EXPECT_EQ(StateOf("/w/prod"), State::kLost);
  ASSERT_EQ(lost.reconciled.size(), 1u) << "a change brings the comparison forward";
  EXPECT_TRUE(lost.reconciled[0].added.empty());
  EXPECT_EQ(lost.reconciled[0].missing.size() + lost.reconciled[0].disposed.size(), 0u);
}

TEST_F(ObserveTest, ASecondRoundOpensNoConnection) {
  Running("a", "c0000000000000000000000000000009");
  Running("b", "c000000000000000000000000000000a");
  ObserveReport first = Round();
  EXPECT_GE(first.connections, 2u);
  EXPECT_EQ(first.statistics, 2);
  ObserveReport second = Round();
  EXPECT_EQ(second.requests, 4u) << "two overviews, two statistics";
  EXPECT_EQ(second.connections, 0u);
}

}  // namespace
}  // namespace flowstate::core::job
