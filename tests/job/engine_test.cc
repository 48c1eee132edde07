// The lifecycle's actions against the simulator: adopt, savepoint, the four stops and cancel,
// each step recorded with its state change; the smart stop's fallback and its refusals;
// recovery of operations whose owner died; kill points on every commit and exchange.
#include "job/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "../flink/sim_harness.h"
#include "storage/storage.h"
#include "world.h"

namespace flowstate::core::job {
namespace {

using catalog::Catalog;
using catalog::Operation;
using catalog::OperationKind;
using catalog::OperationPhase;
using flowstate::testing::FlinkSim;
using ::testing::HasSubstr;

constexpr const char* kJid = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

std::mutex g_points_mu;
std::vector<std::string> g_points;
void Record(const char* point) {
  std::lock_guard<std::mutex> lock(g_points_mu);
  g_points.emplace_back(point);
}

class EngineTest : public flowstate::testing::SimWorldTest {
 protected:
  void SetUp() override { SimWorldTest::SetUp(); }
  void TearDown() override { SetKillHook(nullptr); }

  // A cluster of `version` in the simulator and the catalog, and job /cdc/emp on it running
  // Flink job kJid over source `table` (not adopted yet).
  void Start(const std::string& version, const std::string& retention = "RETAIN_ON_CANCELLATION",
             const std::string& table = "emp", const std::string& extra = "") {
    auto c = sim_.Cluster("prod", version,
                          "\"checkpoint_interval_ms\":40,\"num_retained\":3,\"retention\":\"" +
                              retention + "\"" + extra);
    catalog::Cluster cl;
    cl.name = "prod";
    cl.rest_url = c["url"].GetString();
    cl.flink_version = version;
    cl.checkpoint_dir = std::string("file://") + c["checkpoint_dir"].GetString();
    cl.savepoint_dir = std::string("file://") + c["savepoint_dir"].GetString();
    savepoint_dir_ = c["savepoint_dir"].GetString();
    checkpoint_dir_ = c["checkpoint_dir"].GetString();
    ASSERT_TRUE(cat_->PutCluster(cl).ok());
    catalog::Job j;
    j.name = "emp";
    j.folder = "/cdc";
    j.cluster = "prod";
    ASSERT_TRUE(cat_->AddJob(j).ok());
    flink::ClientOptions o;
    o.url = cl.rest_url;
    client_ = std::make_unique<flink::RestClient>(o);
    sim_.Insert(table, 2);
    auto jar = client_->UploadJar("runner.jar", "PK");
    ASSERT_TRUE(jar.ok()) << jar.status().ToString();
    flink::RunRequest run;
    run.args = {"--source", table};
    run.job_id = kJid;
    ASSERT_TRUE(client_->RunJar(*jar, run).ok());
    ASSERT_TRUE(WaitStatus("RUNNING"));
  }

  bool WaitStatus(const std::string& want) {
    for (int i = 0; i < 300; ++i) {
      auto s = client_->JobStatus(kJid);
      if (s.ok() && *s == want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  // Waits until the run has `n` checkpoints on storage.
  bool WaitCheckpoints(size_t n) {
    for (int i = 0; i < 300; ++i) {
      if (OnDisk().size() >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  std::set<std::string> OnDisk() {
    std::set<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(checkpoint_dir_ + "/" + kJid, ec)) {
      if (e.path().filename().string().rfind("chk-", 0) == 0 &&
          std::filesystem::exists(e.path() / "_metadata")) {
        out.insert("file://" + e.path().string());
      }
    }
    return out;
  }

  Lifecycle Make() {
    LifecycleOptions o;
    o.poll_ms = 20;
    return Lifecycle(cat_.get(), storage_.get(), &resolver_, o);
  }
  OperationContext Ctx(int seconds = 20) {
    OperationContext ctx;
    ctx.deadline = Deadline::After(std::chrono::seconds(seconds));
    return ctx;
  }
  State StateOf() { return cat_->GetJob("/cdc/emp").value().state; }
  int SavepointsOnDisk() {
    int n = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(savepoint_dir_, ec)) {
      n += e.path().filename().string().rfind("savepoint-", 0) == 0 &&
           std::filesystem::exists(e.path() / "_metadata");
    }
    return n;
  }

  std::unique_ptr<flink::RestClient> client_;
  PlainClusterResolver resolver_;
  std::string savepoint_dir_, checkpoint_dir_;
};

TEST_F(EngineTest, AdoptSavepointAndSmartStopRecordEveryStep) {
  Start("1.20");
  Lifecycle life = Make();
  auto adopted = life.Adopt("/cdc/emp", kJid, Ctx());
  ASSERT_TRUE(adopted.ok()) << adopted.status().ToString();
  EXPECT_EQ(adopted->commits, 1);
  EXPECT_EQ(StateOf(), State::kRunning);
  auto runs = cat_->ListRuns("/cdc/emp").value();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].flink_job_id, kJid);
  EXPECT_FALSE(runs[0].ended_ms.has_value());
  // Adopting again is illegal: the job is RUNNING already.
  auto again = life.Adopt("/cdc/emp", kJid, Ctx());
  EXPECT_EQ(again.status().code(), Code::kIllegalState);

  auto sp = life.Savepoint("/cdc/emp", {}, Ctx());
  ASSERT_TRUE(sp.ok()) << sp.status().ToString();
  EXPECT_EQ(sp->commits, 3) << "intent, sent, done with the record";
  ASSERT_EQ(sp->snapshots.size(), 1u);
  EXPECT_EQ(sp->snapshots[0].kind, storage::SnapshotKind::kSavepoint);
  EXPECT_EQ(sp->snapshots[0].origin, catalog::Origin::kTriggered);
  EXPECT_EQ(sp->snapshots[0].trigger_id, sp->operation.key);
  EXPECT_EQ(sp->operation.phase, OperationPhase::kDone);
  EXPECT_EQ(StateOf(), State::kRunning);

  StopOptions smart;
  auto stopped = life.Stop("/cdc/emp", smart, Ctx());
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  EXPECT_EQ(StateOf(), State::kSuspended);
  EXPECT_EQ(cat_->GetJob("/cdc/emp")->desired, Desired::kSuspended);
  ASSERT_EQ(stopped->snapshots.size(), 1u);
  EXPECT_EQ(stopped->snapshots[0].origin, catalog::Origin::kStop);
  EXPECT_TRUE(std::filesystem::exists(stopped->snapshots[0].path.substr(7) + "/_metadata"));
  ASSERT_EQ(stopped->transitions.size(), 2u);
  EXPECT_EQ(stopped->transitions[0].to, State::kStopping);
  EXPECT_EQ(stopped->transitions[1].to, State::kSuspended);
  runs = cat_->ListRuns("/cdc/emp").value();
  EXPECT_EQ(runs[0].final_status, "FINISHED") << "a stop with savepoint ends FINISHED";
  EXPECT_TRUE(cat_->ListOperations("/cdc/emp", true)->empty());

  // Every change of state is in the audit log with its operation.
  auto events = cat_->ListEvents("/cdc/emp").value();
  int with_op = 0;
  for (const auto& e : events) with_op += e.operation_id.has_value();
  EXPECT_GE(with_op, 4);
  // A stop needs a running job.
  EXPECT_EQ(life.Stop("/cdc/emp", smart, Ctx()).status().code(), Code::kIllegalState);
}

TEST_F(EngineTest, SmartStopFallsBackToTheNewestRetainedCheckpoint) {
  Start("1.20");
  Lifecycle life = Make();
  ASSERT_TRUE(life.Adopt("/cdc/emp", kJid, Ctx()).ok());
  ASSERT_TRUE(WaitCheckpoints(2));
  sim_.Ctl("POST", "/clusters/prod/faults", "{\"fail_savepoints\":1}");
  auto stopped = life.Stop("/cdc/emp", {}, Ctx());
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  EXPECT_EQ(StateOf(), State::kSuspended);
  ASSERT_FALSE(stopped->snapshots.empty());
  EXPECT_EQ(stopped->snapshots[0].origin, catalog::Origin::kRetainedCheckpoint);
  std::string all;
  for (const auto& r : stopped->reasons) all += r + "\n";
  EXPECT_THAT(all, HasSubstr("the savepoint failed"));
  EXPECT_THAT(all, HasSubstr("fell back to a cancel"));
  // The catalog's retained checkpoints are exactly those on storage.
  std::set<std::string> recorded;
  const auto snapshots = cat_->ListSnapshots("/cdc/emp").value();
  for (const auto& s : snapshots) recorded.insert(s.path);
  EXPECT_EQ(recorded, OnDisk());
  EXPECT_EQ(cat_->ListRuns("/cdc/emp").value()[0].final_status, "CANCELED");
}

TEST_F(EngineTest, SmartStopWithoutFallbackLeavesTheJobRunning) {
  Start("1.20");
  Lifecycle life = Make();
  ASSERT_TRUE(life.Adopt("/cdc/emp", kJid, Ctx()).ok());
  sim_.Ctl("POST", "/clusters/prod/faults", "{\"fail_savepoints\":1}");
  StopOptions o;
  o.allow_fallback = false;
  auto r = life.Stop("/cdc/emp", o, Ctx());
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("forbids falling back"));
  EXPECT_EQ(StateOf(), State::kRunning);
  EXPECT_EQ(*client_->JobStatus(kJid), "RUNNING");
  auto ops = cat_->ListOperations("/cdc/emp", false).value();
  ASSERT_FALSE(ops.empty());
  EXPECT_EQ(ops[0].phase, OperationPhase::kFailed);
  EXPECT_THAT(ops[0].error, HasSubstr("savepoint failed"));
}

TEST_F(EngineTest, NoCancelWhenFlinkWouldDeleteTheCheckpoints) {
  Start("1.20", "DELETE_ON_CANCELLATION");
  Lifecycle life = Make();
  ASSERT_TRUE(life.Adopt("/cdc/emp", kJid, Ctx()).ok());
  // A normal stop is refused before anything is recorded or sent.
  StopOptions normal;
  normal.mode = StopMode::kNormal;
  auto r = life.Stop("/cdc/emp", normal, Ctx());
  ASSERT_EQ(r.status().code(), Code::kIllegalState);
  EXPECT_THAT(r.status().message(), HasSubstr("DELETE_ON_CANCELLATION"));
  EXPECT_EQ(cat_->ListOperations("/cdc/emp", false)->size(), 1u) << "only the adopt";
  // A smart stop whose savepoint fails does not fall back to a cancel.
  sim_.Ctl("POST", "/clusters/prod/faults", "{\"fail_savepoints\":1}");
  auto smart = life.Stop("/cdc/emp", {}, Ctx());
  ASSERT_FALSE(smart.ok());
  EXPECT_THAT(smart.status().message(), HasSubstr("no fallback"));
  EXPECT_EQ(StateOf(), State::kRunning);
  EXPECT_EQ(*client_->JobStatus(kJid), "RUNNING");
}

TEST_F(EngineTest, NormalStopRecordsEveryRetainedCheckpoint) {
  Start("1.20");
  Lifecycle life = Make();
  ASSERT_TRUE(life.Adopt("/cdc/emp", kJid, Ctx()).ok());
  ASSERT_TRUE(WaitCheckpoints(3));
  StopOptions normal;
  normal.mode = StopMode::kNormal;
  auto r = life.Stop("/cdc/emp", normal, Ctx());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(StateOf(), State::kSuspended);
  EXPECT_EQ(cat_->GetJob("/cdc/emp")->desired, Desired::kStopped);
  std::set<std::string> recorded;
  for (const auto& s : r->snapshots) {
    EXPECT_EQ(s.origin, catalog::Origin::kRetainedCheckpoint);
    recorded.insert(s.path);
  }
  EXPECT_EQ(recorded, OnDisk());
  EXPECT_EQ(recorded.size(), 3u) << "num-retained";
}

TEST_F(EngineTest, SavepointWithCancellationAndPauseOn114) {
  Start("1.14");
  Lifecycle life = Make();
  ASSERT_TRUE(life.Adopt("/cdc/emp", kJid, Ctx()).ok());
  // 1.14 chooses its own trigger ids: the operation has no key, its result names the id.
  auto sp = life.Savepoint("/cdc/emp", {}, Ctx());
  ASSERT_TRUE(sp.ok()) << sp.status().ToString();
  EXPECT_TRUE(sp->operation.key.empty());
  EXPECT_EQ(sp->snapshots.at(0).trigger_id.size(), 32u);
  StopOptions o;
  o.mode = StopMode::kStop;
  auto r = life.Stop("/cdc/emp", o, Ctx());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->snapshots.at(0).origin, catalog::Origin::kCancel);
  EXPECT_EQ(cat_->ListRuns("/cdc/emp").value()[0].final_status, "CANCELED");
  EXPECT_EQ(StateOf(), State::kSuspended);
}

TEST_F(EngineTest, CancelEndsTheRunAndKeepsWhatIsRetained) {
  Start("1.20");
  Lifecycle life = Make();
  ASSERT_TRUE(life.Adopt("/cdc/emp", kJid, Ctx()).ok());
  ASSERT_TRUE(WaitCheckpoints(1));
  auto r = life.Cancel("/cdc/emp", Ctx());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(StateOf(), State::kCancelled);
  EXPECT_EQ(cat_->GetJob("/cdc/emp")->desired, Desired::kStopped);
  EXPECT_FALSE(r->snapshots.empty());
  EXPECT_EQ(*client_->JobStatus(kJid), "CANCELED");
  EXPECT_EQ(life.Cancel("/cdc/emp", Ctx()).status().code(), Code::kIllegalState);
}

TEST_F(EngineTest, KillPointsSurroundEveryCommitAndExchange) {
  Start("1.20");
  g_points.clear();
  SetKillHook(&Record);
  Lifecycle life = Make();
  int commits = 0;
  auto a = life.Adopt("/cdc/emp", kJid, Ctx());
  ASSERT_TRUE(a.ok());
  commits += a->commits;
  auto s = life.Savepoint("/cdc/emp", {}, Ctx());
  ASSERT_TRUE(s.ok());
  commits += s->commits;
  auto t = life.Stop("/cdc/emp", {}, Ctx());
  ASSERT_TRUE(t.ok());
  commits += t->commits;
  SetKillHook(nullptr);
  const auto& all = KillPoints();
  std::set<std::string> known(all.begin(), all.end());
  int commit_points = 0;
  for (const std::string& p : g_points) {
    EXPECT_TRUE(known.count(p)) << p << " is not among the kill points";
    for (const char* c : {".intent.before", ".sent.before", ".done.before", ".failed.before"}) {
      commit_points += p.size() > std::string(c).size() && p.find(c) != std::string::npos;
    }
  }
  EXPECT_EQ(commit_points, commits) << "every commit has its kill points";
  // Both sides of each step, in order.
  for (size_t i = 0; i + 1 < g_points.size(); i += 2) {
    const std::string& before = g_points[i];
    ASSERT_EQ(before.substr(before.size() - 7), ".before") << before;
    EXPECT_EQ(g_points[i + 1], before.substr(0, before.size() - 7) + ".after");
  }
}

TEST_F(EngineTest, TwoHostsStoppingOneJobStopItOnce) {
  Start("1.20");
  ASSERT_TRUE(Make().Adopt("/cdc/emp", kJid, Ctx()).ok());
  auto other = Catalog::Open((dir_ / "catalog.db").string(), Catalog::Options{});
  ASSERT_TRUE(other.ok());
  LifecycleOptions o;
  o.poll_ms = 20;
  o.owner = "other-host:1:1";
  Lifecycle second(other->get(), storage_.get(), &resolver_, o);
  Lifecycle first = Make();
  Result<ActionReport> a = Status(Code::kInternal, "not run"), b = a;
  std::thread t1([&] { a = first.Stop("/cdc/emp", {}, Ctx()); });
  std::thread t2([&] { b = second.Stop("/cdc/emp", {}, Ctx()); });
  t1.join();
  t2.join();
  EXPECT_NE(a.ok(), b.ok()) << a.status().ToString() << " / " << b.status().ToString();
  const Status& lost = a.ok() ? b.status() : a.status();
  EXPECT_TRUE(lost.Is(Code::kBusy) || lost.Is(Code::kConflict) || lost.Is(Code::kIllegalState))
      << lost.ToString();
  EXPECT_EQ(StateOf(), State::kSuspended);
  int stops = 0;
  const auto ops = cat_->ListOperations("/cdc/emp", false).value();
  for (const auto& op : ops) {
    stops += op.kind == OperationKind::kStop;
  }
  EXPECT_EQ(stops, 1);
}

// An operation whose owner died is resolved by probing, never by sending it again.
TEST_F(EngineTest, RecoveryFindsTheSavepointADeadOwnerTriggered) {
  Start("1.20");
  ASSERT_TRUE(Make().Adopt("/cdc/emp", kJid, Ctx()).ok());
  const catalog::Run run = cat_->ListRuns("/cdc/emp").value()[0];
  // The dead host recorded its intent and sent the trigger, then died.
  Operation op;
  op.kind = OperationKind::kSavepoint;
  op.key = "0123456789abcdef0123456789abcdef";
  op.owner = "nohost-that-exists:1:1";
  op.run_id = run.id;
  ASSERT_TRUE(cat_->BeginOperation("/cdc/emp", op).ok());
  flink::SavepointRequest req;
  req.trigger_id = op.key;
  ASSERT_TRUE(client_->TriggerSavepoint(kJid, req).ok());
  // Another host's owner is left alone.
  Lifecycle life = Make();
  auto skipped = life.Recover(Ctx());
  ASSERT_TRUE(skipped.ok());
  EXPECT_TRUE(skipped->resolved.empty());
  ASSERT_EQ(skipped->skipped.size(), 1u);
  EXPECT_THAT(skipped->skipped[0], HasSubstr("another host"));
  // The same host's owner that is gone: resolved.
  Operation stored = cat_->ListOperations("/cdc/emp", true).value().at(0);
  catalog::StepEffects claim;
  stored.owner =
      std::string(ThisOwner()).replace(ThisOwner().find(':'), std::string::npos, ":999999999:1");
  ASSERT_TRUE(cat_->RecordStep("/cdc/emp", stored, claim).ok());
  auto r = life.Recover(Ctx());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->resolved.size(), 1u);
  EXPECT_EQ(r->resolved[0].operation.phase, OperationPhase::kDone);
  ASSERT_EQ(r->resolved[0].snapshots.size(), 1u);
  EXPECT_EQ(r->resolved[0].snapshots[0].trigger_id, op.key);
  EXPECT_TRUE(cat_->ListOperations("/cdc/emp", true)->empty());
  // Nothing was triggered twice: one savepoint on storage.
  int savepoints = 0;
  for (const auto& e : std::filesystem::directory_iterator(savepoint_dir_)) {
    savepoints += e.path().filename().string().rfind("savepoint-", 0) == 0;
  }
  EXPECT_EQ(savepoints, 1);
}

TEST_F(EngineTest, RecoveryOfAStopThatNeverReachedFlink) {
  Start("1.20");
  ASSERT_TRUE(Make().Adopt("/cdc/emp", kJid, Ctx()).ok());
  const catalog::Job job = cat_->GetJob("/cdc/emp").value();
  Operation op;
  op.kind = OperationKind::kStop;
  op.key = "00000000000000000000000000000abc";
  op.owner =
      std::string(ThisOwner()).replace(ThisOwner().find(':'), std::string::npos, ":999999999:1");
  op.run_id = cat_->ListRuns("/cdc/emp").value()[0].id;
  catalog::StateChange c;
  c.expected_version = job.version;
  c.from = State::kRunning;
  c.to = State::kStopping;
  c.action = "job.stop";
  c.cause = "user";
  ASSERT_TRUE(cat_->BeginOperation("/cdc/emp", op, c).ok());
  Lifecycle life = Make();
  auto r = life.Recover(Ctx());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->resolved.size(), 1u);
  EXPECT_EQ(r->resolved[0].operation.phase, OperationPhase::kAbandoned);
  EXPECT_EQ(StateOf(), State::kRunning);
  EXPECT_EQ(*client_->JobStatus(kJid), "RUNNING") << "nothing was sent again";
}

// The cluster is destroyed: a user acknowledges it (UNREACHABLE -> LOST), then the job moves
// to another cluster, which a resume elsewhere needs; each audited, nothing sent.
TEST_F(EngineTest, AcknowledgeTheLossThenMoveTheJob) {
  Start("1.20");
  Lifecycle life = Make();
  ASSERT_TRUE(life.Adopt("/cdc/emp", kJid, Ctx()).ok());
  catalog::Cluster dr;
  dr.name = "dr";
  dr.rest_url = "http://127.0.0.1:9";
  ASSERT_TRUE(cat_->PutCluster(dr).ok());
  // Not while a run the old cluster may hold is open.
  auto early = life.Move("/cdc/emp", "dr", Ctx());
  EXPECT_EQ(early.status().code(), Code::kIllegalState);
  EXPECT_THAT(early.status().message(), HasSubstr("RUNNING"));
  // Only an unreachable job may be declared lost.
  EXPECT_EQ(life.AcknowledgeLost("/cdc/emp", "", Ctx()).status().code(), Code::kIllegalState);
  // The cluster stops answering (the observation that says so comes with the next increment;
  // here it is written as the lifecycle would write it).
  sim_.Ctl("DELETE", "/clusters/prod");
  const catalog::Job j = cat_->GetJob("/cdc/emp").value();
  catalog::StateChange c;
  c.expected_version = j.version;
  c.from = State::kRunning;
  c.to = State::kUnreachable;
  c.action = "job.observe";
  c.cause = "unreachable";
  ASSERT_TRUE(cat_->ChangeState("/cdc/emp", c).ok());
  auto lost = life.AcknowledgeLost("/cdc/emp", "the Kubernetes namespace was deleted", Ctx());
  ASSERT_TRUE(lost.ok()) << lost.status().ToString();
  EXPECT_EQ(StateOf(), State::kLost);
  EXPECT_EQ(lost->operation.kind, OperationKind::kAcknowledgeLost);
  EXPECT_THAT(lost->reasons.at(0), HasSubstr("namespace was deleted"));
  EXPECT_EQ(life.Move("/cdc/emp", "nowhere", Ctx()).status().code(), Code::kNotFound);
  auto moved = life.Move("/cdc/emp", "dr", Ctx());
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->commits, 1);
  const catalog::Job after = cat_->GetJob("/cdc/emp").value();
  EXPECT_EQ(after.cluster, "dr");
  EXPECT_EQ(after.state, State::kLost) << "a move keeps the state";
  const auto events = cat_->ListEvents("/cdc/emp").value();
  bool audited = false;
  for (const auto& e : events) {
    audited = audited || (e.action == "job.move" &&
                          e.detail.find("from cluster prod to dr") != std::string::npos);
  }
  EXPECT_TRUE(audited);
  // Changing the cluster by an update is refused once the job has run.
  catalog::Job change = after;
  change.cluster = "prod";
  EXPECT_EQ(cat_->UpdateJob("/cdc/emp", change).status().code(), Code::kIllegalState);
}

// The trigger reached Flink but its answer was lost. Retried with its trigger id, it is the
// same savepoint; lost on every attempt, the outcome is unknown, so the operation stays as it
// is (never FAILED while a savepoint may be under way), and recovery finds the savepoint by
// its trigger id. Never two savepoints for one operation.
TEST_F(EngineTest, ASavepointWhoseAnswerWasLostIsRecoveredNotRepeated) {
  Start("1.20");
  ASSERT_TRUE(Make().Adopt("/cdc/emp", kJid, Ctx()).ok());
  auto count = [&] {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(savepoint_dir_)) {
      n += e.path().filename().string().rfind("savepoint-", 0) == 0;
    }
    return n;
  };
  sim_.Ctl("POST", "/clusters/prod/faults", "{\"drop_answer\":1}");
  auto retried = Make().Savepoint("/cdc/emp", {}, Ctx());
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(count(), 1) << "the retry with the same trigger id is the same savepoint";
  LifecycleOptions o;
  o.poll_ms = 20;
  o.owner = std::string(ThisOwner())
                .replace(ThisOwner().find(':'), std::string::npos,
                         ":999999999:1");  // gone once the call returns
  Lifecycle dying(cat_.get(), storage_.get(), &resolver_, o);
  sim_.Ctl("POST", "/clusters/prod/faults", "{\"drop_answer\":3}");  // every attempt
  auto lost = dying.Savepoint("/cdc/emp", {}, Ctx());
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.status().code(), Code::kUnavailable) << lost.status().ToString();
  auto open = cat_->ListOperations("/cdc/emp", true).value();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].phase, OperationPhase::kIntent);
  auto r = Make().Recover(Ctx());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->resolved.size(), 1u);
  EXPECT_EQ(r->resolved[0].operation.phase, OperationPhase::kDone);
  ASSERT_EQ(r->resolved[0].snapshots.size(), 1u);
  EXPECT_EQ(r->resolved[0].snapshots[0].trigger_id, open[0].key);
  EXPECT_EQ(count(), 2) << "one savepoint per operation";
}

// ---- operations Flink forgot: its result cache expired, its JobManager failed over ----

FlinkSim* g_sim = nullptr;
std::string g_failover_at;  // the kill point at which the JobManager fails over
std::function<void()> g_before_failover;
void FailOverAt(const char* point) {
  if (g_sim == nullptr || g_failover_at != point) return;
  g_failover_at.clear();
  if (g_before_failover) g_before_failover();
  g_sim->Ctl("POST", "/clusters/prod/failover", "{}");
}

TEST_F(EngineTest, ASavepointWhoseResultFlinkForgotIsFoundInTheStatistics) {
  // rest.async.store-duration of 1 ms: the result is gone before the next poll.
  Start("1.20", "RETAIN_ON_CANCELLATION", "emp", ",\"async_store_ms\":1");
  ASSERT_TRUE(Make().Adopt("/cdc/emp", kJid, Ctx()).ok());
  LifecycleOptions o;
  o.poll_ms = 300;
  Lifecycle life(cat_.get(), storage_.get(), &resolver_, o);
  auto r = life.Savepoint("/cdc/emp", {}, Ctx());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->snapshots.size(), 1u);
  EXPECT_EQ(r->snapshots[0].kind, storage::SnapshotKind::kSavepoint);
  EXPECT_EQ(r->operation.phase, OperationPhase::kDone);
  EXPECT_EQ(SavepointsOnDisk(), 1) << "found, never triggered again";
  EXPECT_EQ(StateOf(), State::kRunning);
}

TEST_F(EngineTest, AFailoverThatAbortedTheSavepointFailsItSayingWhy) {
  Start("1.20");
  ASSERT_TRUE(Make().Adopt("/cdc/emp", kJid, Ctx()).ok());
  sim_.Ctl("POST", "/clusters/prod/faults", "{\"savepoint_ms\":400}");
  g_sim = &sim_;
  g_failover_at = "savepoint.sent.after";
  g_before_failover = nullptr;
  SetKillHook(&FailOverAt);
  auto r = Make().Savepoint("/cdc/emp", {}, Ctx());
  SetKillHook(nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kRemote) << r.status().ToString();
  EXPECT_THAT(r.status().message(), HasSubstr("Flink forgot the savepoint operation"));
  EXPECT_THAT(r.status().message(), HasSubstr("neither its checkpoint statistics nor storage"));
  EXPECT_EQ(StateOf(), State::kRunning);
  auto ops = cat_->ListOperations("/cdc/emp", false).value();
  ASSERT_FALSE(ops.empty());
  EXPECT_EQ(ops[0].phase, OperationPhase::kFailed);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(SavepointsOnDisk(), 0);
}

TEST_F(EngineTest, AFailoverAfterTheSavepointCompletedFindsItOnStorage) {
  Start("1.20");
  ASSERT_TRUE(Make().Adopt("/cdc/emp", kJid, Ctx()).ok());
  sim_.Ctl("POST", "/clusters/prod/faults", "{\"savepoint_ms\":100}");
  g_sim = &sim_;
  g_failover_at = "savepoint.sent.after";
  g_before_failover = [this] {  // the savepoint completes; then the JobManager fails over
    for (int i = 0; i < 200 && SavepointsOnDisk() == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  };
  SetKillHook(&FailOverAt);
  auto r = Make().Savepoint("/cdc/emp", {}, Ctx());
  SetKillHook(nullptr);
  g_before_failover = nullptr;
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->snapshots.size(), 1u);
  EXPECT_EQ(SavepointsOnDisk(), 1);
  // The failover's fresh statistics do not hold it: it came from storage.
  auto stats = client_->Checkpoints(kJid);
  ASSERT_TRUE(stats.ok());
  EXPECT_FALSE(stats->latest_savepoint);
}

TEST_F(EngineTest, ASmartStopWhoseSavepointAFailoverAbortedFallsBackToACancel) {
  Start("1.20");
  Lifecycle life = Make();
  ASSERT_TRUE(life.Adopt("/cdc/emp", kJid, Ctx()).ok());
  ASSERT_TRUE(WaitCheckpoints(1));
  sim_.Ctl("POST", "/clusters/prod/faults", "{\"savepoint_ms\":400}");
  g_sim = &sim_;
  g_failover_at = "stop.sent.after";
  g_before_failover = nullptr;
  SetKillHook(&FailOverAt);
  auto r = life.Stop("/cdc/emp", {}, Ctx());
  SetKillHook(nullptr);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string all;
  for (const auto& reason : r->reasons) all += reason + "\n";
  EXPECT_THAT(all, HasSubstr("Flink forgot the savepoint operation"));
  EXPECT_THAT(all, HasSubstr("fell back to a cancel"));
  EXPECT_EQ(StateOf(), State::kSuspended);
  ASSERT_FALSE(r->snapshots.empty());
  EXPECT_EQ(r->snapshots[0].origin, catalog::Origin::kRetainedCheckpoint);
}

}  // namespace
}  // namespace flowstate::core::job
