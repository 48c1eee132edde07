// Starting jobs through the cluster's runner, against the simulator: the seed's two
// walkthroughs (savepoint recovery on 1.14, checkpoint recovery with a snapshot named once),
// a submission whose answer is lost, a runner the cluster forgot, refusals before anything is
// sent, wrong credentials, secrets resolved at the last moment, and recovery of a submission
// whose owner died.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "../catalog/vault.h"
#include "../flink/sim_harness.h"
#include "job/engine.h"
#include "job/submit.h"
#include "storage/storage.h"
#include "world.h"

namespace flowstate::core::job {
namespace {

using catalog::Catalog;
using catalog::OperationKind;
using catalog::OperationPhase;
using flowstate::testing::FlinkSim;
using ::testing::HasSubstr;

// The first seed's script, as Dinky runs it: SETs and one EXECUTE CDCSOURCE over a pattern
// of tables (checkpoints every 100 ms here instead of 6 s).
std::string SeedScript(const std::string& db, const std::string& password = "000000") {
  return "SET pipeline.operator-chaining = false;\n"
         "SET execution.runtime-mode = streaming;\n"
         "SET execution.checkpointing.interval = 100;\n"
         "SET execution.checkpointing.externalized-checkpoint-retention = "
         "RETAIN_ON_CANCELLATION;\n"
         "SET execution.checkpointing.mode = EXACTLY_ONCE;\n"
         "EXECUTE CDCSOURCE dinkySource_mysqlCDC_to_Doris WITH (\n"
         "  'connector' = 'mysql-cdc', 'hostname' = 'hadoop102', 'port' = '3306',\n"
         "  'username' = 'root', 'password' = '" +
         password +
         "', 'checkpoint' = '3000',\n"
         "  'scan.startup.mode' = 'initial', 'parallelism' = '1',\n"
         "  'table-name' = '" +
         db + "\\.employees_[0-9]+', 'sink.connector' = 'print',)\n";
}

class StartTest : public flowstate::testing::SimWorldTest {
 protected:
  void SetUp() override {
    SimWorldTest::SetUp();
    jar_ = (dir_ / "flowstate-runner.jar").string();
    std::ofstream(jar_) << "PK\x03\x04 flowstate runner";
  }

  // A cluster of `version` with a runner, and job /cdc/<name> on it with `script`.
  void Cluster(const std::string& version, const std::string& extra = "") {
    auto c = sim_.Cluster("prod", version,
                          "\"checkpoint_interval_ms\":100,\"num_retained\":3,\"startup_ms\":10" +
                              (extra.empty() ? std::string() : "," + extra));
    catalog::Cluster cl;
    cl.name = "prod";
    cl.rest_url = c["url"].GetString();
    cl.flink_version = version;
    cl.checkpoint_dir = std::string("file://") + c["checkpoint_dir"].GetString();
    cl.savepoint_dir = std::string("file://") + c["savepoint_dir"].GetString();
    cl.deployment = config::Deployment::kSession;
    cl.runner_jar = jar_;
    cl.runner_entry_class = "org.flowstate.Runner";
    checkpoint_dir_ = c["checkpoint_dir"].GetString();
    ASSERT_TRUE(cat_->PutCluster(cl).ok());
    flink::ClientOptions o;
    o.url = cl.rest_url;
    client_ = std::make_unique<flink::RestClient>(o);
  }
  void AddJob(const std::string& name, const std::string& script,
              catalog::RestoreStrategy strategy) {
    catalog::Job j;
    j.name = name;
    j.folder = "/cdc";
    j.cluster = "prod";
    j.strategy = strategy;
    ASSERT_TRUE(cat_->AddJob(j).ok());
    ASSERT_TRUE(cat_->SaveScript("/cdc/" + name, script, &vault_).ok());
  }

  Lifecycle Make(catalog::SecretStore* secrets = nullptr) {
    LifecycleOptions o;
    o.poll_ms = 20;
    o.secrets = secrets;
    return Lifecycle(cat_.get(), storage_.get(), &resolver_, o);
  }
  OperationContext Ctx(int seconds = 20) {
    OperationContext ctx;
    ctx.deadline = Deadline::After(std::chrono::seconds(seconds));
    return ctx;
  }

  // The simulator's runs of `job_id`: the rows it read since it started.
  int64_t Consumed(const std::string& job_id) {
    rapidjson::Document d = sim_.Ctl("GET", "/runs");
    for (const auto& r : d["runs"].GetArray()) {
      if (job_id == r["job_id"].GetString()) {
        return r["position"].GetInt64() - r["start_position"].GetInt64();
      }
    }
    return -1;
  }
  // Waits until the run has read `n` rows.
  bool WaitConsumed(const std::string& job_id, int64_t n) {
    for (int i = 0; i < 300; ++i) {
      if (Consumed(job_id) >= n) return Consumed(job_id) == n;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  // Waits until a checkpoint of `job_id` written after the rows were read is on storage.
  void WaitCheckpointAfterRows(const std::string& job_id) {
    const auto count = [&] {
      size_t n = 0;
      std::error_code ec;
      for (const auto& e :
           std::filesystem::directory_iterator(checkpoint_dir_ + "/" + job_id, ec)) {
        if (e.path().filename().string().rfind("chk-", 0) == 0) ++n;
      }
      return n;
    };
    // Two more checkpoint intervals: one taken after the rows were read is complete.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ASSERT_GT(count(), 0u);
  }
  // Job /cdc/emp_1 (LATEST_STATE) on a 1.20 cluster, started, its first two rows read: its run.
  catalog::Run StartedWithTwoRows(Lifecycle& life) {
    Cluster("1.20");
    AddJob("emp_1", SeedScript("emp_1"), catalog::RestoreStrategy::kLatestState);
    sim_.Insert("emp_1.employees_1", 2);
    auto started = life.Start("/cdc/emp_1", {}, Ctx());
    EXPECT_TRUE(started.ok()) << started.status().ToString();
    const catalog::Run run = OpenRun("/cdc/emp_1");
    EXPECT_TRUE(WaitConsumed(run.flink_job_id, 2));
    return run;
  }
  int NonTerminalJobs() {
    int n = 0;
    auto jobs = client_->JobsOverview();
    EXPECT_TRUE(jobs.ok());
    for (const flink::JobOverview& j : *jobs) {
      if (j.state != "FINISHED" && j.state != "CANCELED" && j.state != "FAILED") ++n;
    }
    return n;
  }
  // What an observation records when the job's cluster does not answer (next: watching
  // clusters).
  void Unreachable(const std::string& ref) {
    catalog::StateChange unreachable;
    unreachable.expected_version = cat_->GetJob(ref)->version;
    unreachable.from = State::kRunning;
    unreachable.to = State::kUnreachable;
    unreachable.action = "job.observe";
    unreachable.cause = "unreachable";
    ASSERT_TRUE(cat_->ChangeState(ref, unreachable).ok());
  }
  // A new cluster "dr" of `version` like prod, and the job moved there.
  void MoveToNewCluster(Lifecycle& life, const std::string& ref, const std::string& version) {
    auto dr = sim_.Cluster("dr", version, "\"checkpoint_interval_ms\":100,\"startup_ms\":10");
    catalog::Cluster cl = cat_->GetCluster("prod").value();
    cl.name = "dr";
    cl.rest_url = dr["url"].GetString();
    cl.checkpoint_dir = std::string("file://") + dr["checkpoint_dir"].GetString();
    ASSERT_TRUE(cat_->PutCluster(cl).ok());
    ASSERT_TRUE(life.Move(ref, "dr", Ctx()).ok());
  }
  // The run's Flink job id as if it had never reached the catalog.
  void ForgetFlinkJobId(int64_t run_id) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "catalog.db").string().c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    const std::string sql = "UPDATE runs SET flink_job_id='' WHERE id=" + std::to_string(run_id);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  // The newest chk-N of `job_id` with a _metadata, as a file:// path.
  std::string NewestCheckpoint(const std::string& job_id) {
    std::string newest;
    int64_t newest_id = -1;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(checkpoint_dir_ + "/" + job_id, ec)) {
      const std::string name = e.path().filename().string();
      if (name.rfind("chk-", 0) != 0 || !std::filesystem::exists(e.path() / "_metadata")) continue;
      if (std::stoll(name.substr(4)) > newest_id) {
        newest_id = std::stoll(name.substr(4));
        newest = "file://" + e.path().string();
      }
    }
    return newest;
  }
  catalog::Run OpenRun(const std::string& ref) {
    const std::vector<catalog::Run> runs = cat_->ListRuns(ref).value();
    EXPECT_FALSE(runs.empty());
    return runs.empty() ? catalog::Run() : runs.back();
  }

  std::string jar_, checkpoint_dir_;
  std::unique_ptr<flink::RestClient> client_;
  PlainClusterResolver resolver_;
  catalog::testing::Vault vault_;
};

// Seed A: emp_1.employees_1 on every version (1.14 first among them) through the runner, standing
// strategy LATEST_SAVEPOINT (Dinky's 最近一次); two rows, the first run consumes 2; smart stop
// records a verified savepoint; one more row; start restores from that savepoint and consumes 1.
class WalkthroughA : public StartTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(WalkthroughA, SavepointRecoveryThroughTheRunner) {
  const std::string version = GetParam();
  Cluster(version);
  AddJob("emp_1", SeedScript("emp_1"), catalog::RestoreStrategy::kLatestSavepoint);
  sim_.Insert("emp_1.employees_1", 2);
  Lifecycle life = Make(&vault_);

  auto first = life.Start("/cdc/emp_1", {}, Ctx());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->commits, 3) << "intent, sent, running";
  EXPECT_EQ(first->operation.kind, OperationKind::kSubmit);
  EXPECT_EQ(first->operation.phase, OperationPhase::kDone);
  const catalog::Run run1 = OpenRun("/cdc/emp_1");
  EXPECT_EQ(run1.flink_job_id, first->operation.key) << "the job id chosen before sending";
  EXPECT_EQ(run1.restored_from, "");
  EXPECT_EQ(cat_->GetJob("/cdc/emp_1")->state, State::kRunning);
  EXPECT_TRUE(WaitConsumed(run1.flink_job_id, 2));
  // The runner was uploaded once, and recorded.
  EXPECT_FALSE(cat_->GetCluster("prod")->runner_upload.empty());

  auto stopped = life.Stop("/cdc/emp_1", StopOptions{}, Ctx());
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  ASSERT_EQ(stopped->snapshots.size(), 1u);
  const std::string savepoint = stopped->snapshots[0].path;
  EXPECT_THAT(savepoint, HasSubstr("/savepoint-" + run1.flink_job_id.substr(0, 6) + "-"));
  EXPECT_EQ(cat_->GetJob("/cdc/emp_1")->state, State::kSuspended);

  sim_.Insert("emp_1.employees_1", 1);
  auto second = life.Start("/cdc/emp_1", {}, Ctx());
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  const catalog::Run run2 = OpenRun("/cdc/emp_1");
  EXPECT_NE(run2.flink_job_id, run1.flink_job_id) << "a new attempt, a new job id";
  EXPECT_EQ(run2.restored_from, savepoint);
  EXPECT_EQ(run2.claim_mode,
            version == "1.14" ? catalog::ClaimMode::kLegacy : catalog::ClaimMode::kNoClaim)
      << "1.14 restores in LEGACY mode only";
  EXPECT_TRUE(WaitConsumed(run2.flink_job_id, 1)) << "exactly the one new row";
  EXPECT_EQ(NonTerminalJobs(), 1);
}

// Every Flink version the simulator speaks runs the walkthrough through the runner.
INSTANTIATE_TEST_SUITE_P(Versions, WalkthroughA,
                         ::testing::Values("1.14", "1.15", "1.16", "1.17", "1.18", "1.19", "1.20",
                                           "2.0", "2.1", "2.2"),
                         [](const ::testing::TestParamInfo<const char*>& p) {
                           std::string n = std::string("Flink_") + p.param;
                           std::replace(n.begin(), n.end(), '.', '_');
                           return n;
                         });

// Seed B: emp_2.employees_2; two rows, 2 consumed; normal stop records exactly the retained
// checkpoints on storage; start from the newest checkpoint once; one row, 1 consumed; the
// job is back on its standing strategy without anybody switching it back.
TEST_F(StartTest, SeedWalkthroughBCheckpointNamedOnce) {
  Cluster("1.20");
  AddJob("emp_2", SeedScript("emp_2"), catalog::RestoreStrategy::kLatestSavepoint);
  sim_.Insert("emp_2.employees_2", 2);
  Lifecycle life = Make(&vault_);
  auto first = life.Start("/cdc/emp_2", {}, Ctx());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  const catalog::Run run1 = OpenRun("/cdc/emp_2");
  ASSERT_TRUE(WaitConsumed(run1.flink_job_id, 2));
  WaitCheckpointAfterRows(run1.flink_job_id);

  StopOptions normal;
  normal.mode = StopMode::kNormal;
  auto stopped = life.Stop("/cdc/emp_2", normal, Ctx());
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  ASSERT_FALSE(stopped->snapshots.empty());
  std::set<std::string> on_disk;
  for (const auto& e :
       std::filesystem::directory_iterator(checkpoint_dir_ + "/" + run1.flink_job_id)) {
    if (e.path().filename().string().rfind("chk-", 0) == 0) {
      on_disk.insert("file://" + e.path().string());
    }
  }
  std::set<std::string> recorded;
  for (const catalog::SnapshotRecord& r : stopped->snapshots) recorded.insert(r.path);
  EXPECT_EQ(recorded, on_disk) << "the catalog's retained checkpoints are those on storage";
  const std::string newest = stopped->snapshots.front().path;

  sim_.Insert("emp_2.employees_2", 1);
  StartOptions from;
  from.from = newest;
  auto second = life.Start("/cdc/emp_2", from, Ctx());
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  const catalog::Run run2 = OpenRun("/cdc/emp_2");
  EXPECT_EQ(run2.restored_from, newest);
  EXPECT_EQ(run2.claim_mode, catalog::ClaimMode::kNoClaim);
  EXPECT_TRUE(WaitConsumed(run2.flink_job_id, 1));
  const catalog::Job job = cat_->GetJob("/cdc/emp_2").value();
  EXPECT_FALSE(job.once_path) << "consumed once the restore was confirmed";
  EXPECT_EQ(job.strategy, catalog::RestoreStrategy::kLatestSavepoint);
  bool consumed = false;
  const std::vector<catalog::Event> events = cat_->ListEvents("/cdc/emp_2", 100).value();
  for (const catalog::Event& e : events) {
    consumed = consumed || e.action == "restore.once.consumed";
  }
  EXPECT_TRUE(consumed);
}

// A submission whose answer is lost after the job started: retried with the same job id,
// refused as a duplicate, found on the cluster: one job.
TEST_F(StartTest, ALostAnswerIsRetriedWithTheSameJobIdAndStartsOneJob) {
  Cluster("1.20");
  AddJob("emp_1", SeedScript("emp_1"), catalog::RestoreStrategy::kLatestState);
  sim_.Ctl("POST", "/clusters/prod/faults", R"({"drop_answer":1,"only":"POST /jars/.*/run"})");
  Lifecycle life = Make(&vault_);
  auto r = life.Start("/cdc/emp_1", {}, Ctx());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(NonTerminalJobs(), 1);
  EXPECT_EQ(OpenRun("/cdc/emp_1").flink_job_id, r->operation.key);
  EXPECT_GE(r->operation.attempts, 1);
}

// The cluster lost the runner (restarted without its upload directory): uploaded again.
TEST_F(StartTest, ARunnerTheClusterForgotIsUploadedAgain) {
  Cluster("1.20");
  AddJob("emp_1", SeedScript("emp_1"), catalog::RestoreStrategy::kNone);
  Lifecycle life = Make(&vault_);
  ASSERT_TRUE(life.Start("/cdc/emp_1", {}, Ctx()).ok());
  const std::string first = cat_->GetCluster("prod")->runner_upload;
  ASSERT_TRUE(client_->DeleteJar(first).ok());
  ASSERT_TRUE(life.Cancel("/cdc/emp_1", Ctx()).ok());
  auto again = life.Start("/cdc/emp_1", {}, Ctx());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_NE(cat_->GetCluster("prod")->runner_upload, first);
  // A changed runner file goes up again too.
  const std::string second = cat_->GetCluster("prod")->runner_upload;
  std::ofstream(jar_, std::ios::app) << " v2";
  ASSERT_TRUE(life.Cancel("/cdc/emp_1", Ctx()).ok());
  ASSERT_TRUE(life.Start("/cdc/emp_1", {}, Ctx()).ok());
  EXPECT_NE(cat_->GetCluster("prod")->runner_upload, second);
}

// Wrong credentials fail as mysql-cdc fails; the job is FAILED with why; nothing runs.
TEST_F(StartTest, WrongCredentialsFailTheStartWithMySqlsReason) {
  Cluster("1.20");
  sim_.Ctl("POST", "/mysql/users", R"({"root":"000000"})");
  AddJob("emp_1", SeedScript("emp_1", "wrong"), catalog::RestoreStrategy::kLatestState);
  Lifecycle life = Make(&vault_);
  auto r = life.Start("/cdc/emp_1", {}, Ctx());
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("Access denied for user 'root'"));
  EXPECT_THAT(r.status().message(), ::testing::Not(HasSubstr("wrong")))
      << "the secret is never reported";
  EXPECT_EQ(cat_->GetJob("/cdc/emp_1")->state, State::kFailed);
  const auto ops = cat_->ListOperations("/cdc/emp_1", false).value();
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].phase, OperationPhase::kFailed);
  EXPECT_EQ(NonTerminalJobs(), 0);
  EXPECT_TRUE(cat_->ListRuns("/cdc/emp_1")->empty());
}

// The script's password is a secret reference: resolved through the host's store at the last
// moment, never stored, reported or recorded in the operation; without a store the start is
// refused before anything is recorded or sent.
TEST_F(StartTest, SecretsAreResolvedAtTheLastMomentAndNeverRecorded) {
  Cluster("1.20");
  sim_.Ctl("POST", "/mysql/users", R"({"root":"s3cret-pw"})");
  AddJob("emp_1", SeedScript("emp_1", "s3cret-pw"), catalog::RestoreStrategy::kLatestState);
  ASSERT_THAT(cat_->GetJob("/cdc/emp_1")->script, HasSubstr("${secret:"));
  {
    Lifecycle bare = Make(nullptr);
    auto r = bare.Start("/cdc/emp_1", {}, Ctx());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kIllegalState);
    EXPECT_THAT(r.status().message(), HasSubstr("no secret store"));
    EXPECT_TRUE(cat_->ListOperations("/cdc/emp_1", false)->empty()) << "nothing recorded";
    EXPECT_EQ(NonTerminalJobs(), 0);
  }
  Lifecycle life = Make(&vault_);
  auto r = life.Start("/cdc/emp_1", {}, Ctx());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_THAT(r->operation.params, ::testing::Not(HasSubstr("s3cret")));
  const std::vector<catalog::Event> events = cat_->ListEvents("", 1000).value();
  for (const catalog::Event& e : events) {
    EXPECT_THAT(e.detail, ::testing::Not(HasSubstr("s3cret-pw")));
  }
  for (const std::string& reason : r->reasons) {
    EXPECT_THAT(reason, ::testing::Not(HasSubstr("s3cret-pw")));
  }
}

// Refusals before anything is recorded: no runner, a bad template, a 1.16 runner template that
// would drop the configuration, a job that is running, no state while the strategy needs it.
TEST_F(StartTest, RefusalsComeBeforeAnythingIsRecorded) {
  Cluster("1.16");
  AddJob("emp_1", SeedScript("emp_1"), catalog::RestoreStrategy::kLatestSavepoint);
  Lifecycle life = Make(&vault_);
  catalog::Cluster c = cat_->GetCluster("prod").value();
  c.runner_args = "--script-base64 {script_base64} --x {nope}";
  ASSERT_TRUE(cat_->PutCluster(c).ok());
  auto bad = life.Start("/cdc/emp_1", {}, Ctx());
  EXPECT_EQ(bad.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("{nope}"));
  c.runner_args = "--script-base64 {script_base64}";
  ASSERT_TRUE(cat_->PutCluster(c).ok());
  auto lost_config = life.Start("/cdc/emp_1", {}, Ctx());
  EXPECT_EQ(lost_config.status().code(), Code::kIllegalState);
  EXPECT_THAT(lost_config.status().message(), HasSubstr("{config_json}"));
  c.runner_args = "";
  c.runner_jar = "";
  ASSERT_TRUE(cat_->PutCluster(c).ok());
  auto no_runner = life.Start("/cdc/emp_1", {}, Ctx());
  EXPECT_EQ(no_runner.status().code(), Code::kIllegalState);
  EXPECT_THAT(no_runner.status().message(), HasSubstr("runner"));
  EXPECT_TRUE(cat_->ListOperations("/cdc/emp_1", false)->empty());
  EXPECT_EQ(cat_->GetJob("/cdc/emp_1")->state, State::kNew);
  c.runner_jar = (dir_ / "no-such-runner.jar").string();
  ASSERT_TRUE(cat_->PutCluster(c).ok());
  auto unreadable = life.Start("/cdc/emp_1", {}, Ctx());
  EXPECT_EQ(unreadable.status().code(), Code::kNotFound);
  EXPECT_THAT(unreadable.status().message(), HasSubstr("no-such-runner.jar cannot be read"));
  EXPECT_TRUE(cat_->ListOperations("/cdc/emp_1", false)->empty());
  c.runner_jar = jar_;
  ASSERT_TRUE(cat_->PutCluster(c).ok());
  ASSERT_TRUE(life.Start("/cdc/emp_1", {}, Ctx()).ok());
  auto twice = life.Start("/cdc/emp_1", {}, Ctx());
  EXPECT_EQ(twice.status().code(), Code::kIllegalState);
  EXPECT_THAT(twice.status().message(), HasSubstr("RUNNING"));
  EXPECT_EQ(NonTerminalJobs(), 1);
  // Cancelled without a savepoint: LATEST_SAVEPOINT has none, and the job fails closed.
  ASSERT_TRUE(life.Cancel("/cdc/emp_1", Ctx()).ok());
  auto empty = life.Start("/cdc/emp_1", {}, Ctx());
  EXPECT_EQ(empty.status().code(), Code::kIllegalState) << empty.status().ToString();
  EXPECT_EQ(NonTerminalJobs(), 0);
}

// A host that died after the submission was sent: recovery (another owner) finds the job id
// on the cluster, records the run and watches it start; one that died before sending: the
// cluster does not know the id, nothing runs, the job FAILED with why.
TEST_F(StartTest, RecoveryResolvesASubmissionByItsJobId) {
  Cluster("1.20");
  AddJob("emp_1", SeedScript("emp_1"), catalog::RestoreStrategy::kLatestState);
  AddJob("emp_2", SeedScript("emp_2"), catalog::RestoreStrategy::kLatestState);
  {
    // Dies (as far as the catalog knows) right after the cluster took the job.
    LifecycleOptions o;
    o.poll_ms = 20;
    o.secrets = &vault_;
    o.owner = std::string(ThisOwner())
                  .replace(ThisOwner().find(':'), std::string::npos, ":999999999:1");  // gone
    Lifecycle dead(cat_.get(), storage_.get(), &resolver_, o);
    SetKillHook([](const char* p) {
      if (std::string(p) == "start.submit.after") throw std::runtime_error("killed");
    });
    EXPECT_THROW((void)dead.Start("/cdc/emp_1", {}, Ctx()), std::runtime_error);
    SetKillHook([](const char* p) {
      if (std::string(p) == "start.upload.before") throw std::runtime_error("killed");
    });
    EXPECT_THROW((void)dead.Start("/cdc/emp_2", {}, Ctx()), std::runtime_error);
    SetKillHook(nullptr);
  }
  EXPECT_EQ(cat_->GetJob("/cdc/emp_1")->state, State::kStarting);
  EXPECT_EQ(NonTerminalJobs(), 1);
  auto r = Make().Recover(Ctx());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->skipped.empty()) << r->skipped[0];
  ASSERT_EQ(r->resolved.size(), 2u);
  // emp_1: on the cluster, its run recorded with the attempt's job id, RUNNING.
  const catalog::Job emp1 = cat_->GetJob("/cdc/emp_1").value();
  EXPECT_EQ(emp1.state, State::kRunning);
  const catalog::Run run = OpenRun("/cdc/emp_1");
  EXPECT_FALSE(run.ended_ms);
  const auto ops1 = cat_->ListOperations("/cdc/emp_1", false).value();
  ASSERT_EQ(ops1.size(), 1u);
  EXPECT_EQ(ops1[0].phase, OperationPhase::kDone);
  EXPECT_EQ(run.flink_job_id, ops1[0].key);
  // emp_2: never sent; nothing runs, the job FAILED to start, with why.
  EXPECT_EQ(cat_->GetJob("/cdc/emp_2")->state, State::kFailed);
  const auto ops2 = cat_->ListOperations("/cdc/emp_2", false).value();
  ASSERT_EQ(ops2.size(), 1u);
  EXPECT_EQ(ops2[0].phase, OperationPhase::kAbandoned);
  EXPECT_THAT(ops2[0].error, HasSubstr("never reached"));
  EXPECT_TRUE(cat_->ListRuns("/cdc/emp_2")->empty());
  EXPECT_EQ(NonTerminalJobs(), 1) << "never two instances, nothing sent again";
  // A failed start is idle: it starts again, with a new job id.
  auto again = Make(&vault_).Start("/cdc/emp_2", {}, Ctx());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_NE(again->operation.key, ops2[0].key);
}

// Restart: the run stops (smart: a savepoint), the stop waits until it has ended, then the
// start restores from that savepoint; never two instances.
TEST_F(StartTest, RestartStopsWaitsAndStartsFromTheNewSavepoint) {
  Lifecycle life = Make(&vault_);
  const catalog::Run run1 = StartedWithTwoRows(life);
  if (HasFatalFailure()) return;
  auto idle = Make(&vault_).Restart("/cdc/emp_1", StopOptions{}, {}, Ctx());
  ASSERT_TRUE(idle.ok()) << idle.status().ToString();
  EXPECT_EQ(idle->commits, 6) << "the stop's three, the start's three";
  std::vector<State> path;
  for (const Transition& t : idle->transitions) path.push_back(t.to);
  EXPECT_EQ(path, (std::vector<State>{State::kStopping, State::kSuspended, State::kStarting,
                                      State::kRunning}));
  ASSERT_EQ(idle->snapshots.size(), 1u);
  const catalog::Run run2 = OpenRun("/cdc/emp_1");
  EXPECT_EQ(run2.restored_from, idle->snapshots[0].path);
  EXPECT_EQ(client_->JobStatus(run1.flink_job_id).value(), "FINISHED");
  EXPECT_EQ(NonTerminalJobs(), 1);
  sim_.Insert("emp_1.employees_1", 1);
  EXPECT_TRUE(WaitConsumed(run2.flink_job_id, 1));
  // Not running: the table refuses a restart, naming the state.
  ASSERT_TRUE(life.Cancel("/cdc/emp_1", Ctx()).ok());
  auto again = life.Restart("/cdc/emp_1", StopOptions{}, {}, Ctx());
  EXPECT_EQ(again.status().code(), Code::kIllegalState);
  EXPECT_THAT(again.status().message(), HasSubstr("CANCELLED"));
}

// The cluster is destroyed: the job is declared lost, moved to another cluster and resumed
// from the newest checkpoint found on storage, which the catalog never recorded.
TEST_F(StartTest, ResumeAfterTheClusterIsGoneFromStateFoundOnStorage) {
  Lifecycle life = Make(&vault_);
  const catalog::Run run1 = StartedWithTwoRows(life);
  if (HasFatalFailure()) return;
  WaitCheckpointAfterRows(run1.flink_job_id);
  sim_.Ctl("DELETE", "/clusters/prod");
  // What an observation sees (next: watching clusters): the cluster does not answer.
  Unreachable("/cdc/emp_1");
  // Unreachable is not terminated: no start, no resume.
  EXPECT_EQ(life.Resume("/cdc/emp_1", {}, Ctx()).status().code(), Code::kIllegalState);
  ASSERT_TRUE(life.AcknowledgeLost("/cdc/emp_1", "the namespace was deleted", Ctx()).ok());
  MoveToNewCluster(life, "/cdc/emp_1", "1.20");
  sim_.Insert("emp_1.employees_1", 1);
  auto resumed = life.Resume("/cdc/emp_1", {}, Ctx());
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_EQ(resumed->operation.kind, OperationKind::kResume);
  const std::vector<catalog::Run> runs = cat_->ListRuns("/cdc/emp_1").value();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].final_status, "LOST");
  EXPECT_FALSE(runs[1].ended_ms);
  EXPECT_EQ(runs[1].cluster, "dr");
  EXPECT_THAT(runs[1].restored_from, HasSubstr(run1.flink_job_id + "/chk-"));
  EXPECT_TRUE(WaitConsumed(runs[1].flink_job_id, 1)) << "only the row the lost run never read";
}

// Seed walkthrough C: rounds watch the job; its cluster dies after checkpoints no round saw;
// the next rounds make it UNREACHABLE, then LOST (presumed), its records untouched; once the
// loss is acknowledged it resumes on a new cluster from the newest verified checkpoint on
// storage, the gap reported, the CDC source reading on with nothing lost or read twice.
TEST_F(StartTest, SeedWalkthroughCTheClusterDiesBetweenRounds) {
  Lifecycle life = Make(&vault_);
  const catalog::Run run1 = StartedWithTwoRows(life);
  if (HasFatalFailure()) return;
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    ASSERT_TRUE(life.Observe({}, Ctx()).ok());
  }
  const std::vector<catalog::SnapshotRecord> seen = cat_->ListSnapshots("/cdc/emp_1").value();
  ASSERT_FALSE(seen.empty()) << "the rounds captured checkpoints";
  sim_.Insert("emp_1.employees_1", 3);
  ASSERT_TRUE(WaitConsumed(run1.flink_job_id, 5));
  WaitCheckpointAfterRows(run1.flink_job_id);
  sim_.Ctl("DELETE", "/clusters/prod");
  for (int i = 0; i < 200 && client_->JobsOverview().ok(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // until it stops answering
  }
  std::string newest;
  int64_t newest_id = -1;
  for (const auto& e :
       std::filesystem::directory_iterator(checkpoint_dir_ + "/" + run1.flink_job_id)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("chk-", 0) != 0 || !std::filesystem::exists(e.path() / "_metadata")) continue;
    if (std::stoll(name.substr(4)) > newest_id) {
      newest_id = std::stoll(name.substr(4));
      newest = "file://" + e.path().string();
    }
  }
  ObserveOptions o;
  o.lost_after_ms = 0;
  o.lost_after_probes = 2;
  ASSERT_TRUE(life.Observe(o, Ctx()).ok());
  EXPECT_EQ(cat_->GetJob("/cdc/emp_1")->state, State::kUnreachable);
  ASSERT_TRUE(life.Observe(o, Ctx()).ok());
  EXPECT_EQ(cat_->GetJob("/cdc/emp_1")->state, State::kLost);
  const std::vector<catalog::SnapshotRecord> after = cat_->ListSnapshots("/cdc/emp_1").value();
  ASSERT_EQ(after.size(), seen.size()) << "an observation never changes the records";
  for (const auto& r : after) EXPECT_NE(r.path, newest) << "no round saw the newest";
  EXPECT_EQ(life.Resume("/cdc/emp_1", {}, Ctx()).status().code(), Code::kIllegalState)
      << "a presumed loss is not enough to start it again";
  ASSERT_TRUE(
      life.AcknowledgeLost("/cdc/emp_1", "the cluster's namespace was deleted", Ctx()).ok());
  MoveToNewCluster(life, "/cdc/emp_1", "1.20");
  sim_.Insert("emp_1.employees_1", 1);
  auto resumed = life.Resume("/cdc/emp_1", {}, Ctx());
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  std::string reasons;
  for (const std::string& r : resumed->reasons) reasons += r + "\n";
  EXPECT_THAT(reasons, HasSubstr(newest + ", which the catalog never recorded"));
  const catalog::Run run2 = OpenRun("/cdc/emp_1");
  EXPECT_EQ(run2.restored_from, newest);
  EXPECT_TRUE(WaitConsumed(run2.flink_job_id, 1)) << "nothing lost, nothing read twice";
}

// Seed C again, with a run whose Flink job id never reached the catalog (its submission's
// answer lost with the cluster): resume finds the run's directory by the job's operators, as
// a recorded savepoint of the job gives them, and restores from its newest checkpoint.
TEST_F(StartTest, SeedWalkthroughCARunWhoseJobIdWasNeverRecorded) {
  Lifecycle life = Make(&vault_);
  const catalog::Run run1 = StartedWithTwoRows(life);
  if (HasFatalFailure()) return;
  StopOptions pause;
  pause.mode = StopMode::kPause;
  ASSERT_TRUE(life.Stop("/cdc/emp_1", pause, Ctx()).ok());
  // Another job of another source on the same cluster: its directory is not this job's.
  AddJob("emp_2", SeedScript("emp_2"), catalog::RestoreStrategy::kLatestState);
  sim_.Insert("emp_2.employees_2", 1);
  ASSERT_TRUE(life.Start("/cdc/emp_2", {}, Ctx()).ok());
  sim_.Insert("emp_1.employees_1", 1);
  ASSERT_TRUE(life.Start("/cdc/emp_1", {}, Ctx()).ok());
  const catalog::Run run2 = OpenRun("/cdc/emp_1");
  ASSERT_TRUE(WaitConsumed(run2.flink_job_id, 1));
  ForgetFlinkJobId(run2.id);
  sim_.Insert("emp_1.employees_1", 2);
  ASSERT_TRUE(WaitConsumed(run2.flink_job_id, 3));
  WaitCheckpointAfterRows(run2.flink_job_id);
  const std::string other = OpenRun("/cdc/emp_2").flink_job_id;
  WaitCheckpointAfterRows(other);
  sim_.Ctl("DELETE", "/clusters/prod");
  const std::string newest = NewestCheckpoint(run2.flink_job_id);
  ASSERT_FALSE(newest.empty());
  Unreachable("/cdc/emp_1");
  ASSERT_TRUE(life.AcknowledgeLost("/cdc/emp_1", "the cluster is gone", Ctx()).ok());
  MoveToNewCluster(life, "/cdc/emp_1", "1.20");
  sim_.Insert("emp_1.employees_1", 1);
  auto resumed = life.Resume("/cdc/emp_1", {}, Ctx());
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  std::string reasons;
  for (const std::string& r : resumed->reasons) reasons += r + "\n";
  EXPECT_THAT(reasons, HasSubstr("job directory " + run2.flink_job_id));
  EXPECT_THAT(reasons, HasSubstr("taken as that run's"));
  EXPECT_THAT(reasons, ::testing::Not(HasSubstr(other)));
  const catalog::Run run3 = OpenRun("/cdc/emp_1");
  EXPECT_EQ(run3.restored_from, newest);
  EXPECT_TRUE(WaitConsumed(run3.flink_job_id, 1)) << "nothing lost, nothing read twice";
  (void)run1;
}

// With neither a recorded snapshot nor declared uids, such a run cannot be matched: resume
// fails closed and says so; with the uids the host declares, it is found.
TEST_F(StartTest, ARunWithoutJobIdIsFoundByTheUidsTheHostDeclares) {
  Lifecycle life = Make(&vault_);
  const catalog::Run run1 = StartedWithTwoRows(life);
  if (HasFatalFailure()) return;
  ForgetFlinkJobId(run1.id);
  WaitCheckpointAfterRows(run1.flink_job_id);
  sim_.Ctl("DELETE", "/clusters/prod");
  const std::string newest = NewestCheckpoint(run1.flink_job_id);
  Unreachable("/cdc/emp_1");
  ASSERT_TRUE(life.AcknowledgeLost("/cdc/emp_1", "the cluster is gone", Ctx()).ok());
  MoveToNewCluster(life, "/cdc/emp_1", "1.20");
  auto refused = life.Resume("/cdc/emp_1", {}, Ctx());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kIllegalState);
  EXPECT_THAT(refused.status().message(), HasSubstr("cannot be matched"));
  StartOptions o;
  o.operator_uids = {"cdc-source:emp_1\\.employees_[0-9]+"};  // the source table's
  sim_.Insert("emp_1.employees_1", 1);
  auto resumed = life.Resume("/cdc/emp_1", o, Ctx());
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  const catalog::Run run2 = OpenRun("/cdc/emp_1");
  EXPECT_EQ(run2.restored_from, newest);
  EXPECT_TRUE(WaitConsumed(run2.flink_job_id, 1));
}

// Flink 1.14 wrote _metadata in place: its JobManager dying mid-write leaves a truncated
// _metadata under an intact header. Resumed on another cluster, even with checks at header
// level, the job restores from the newest checkpoint that is whole, never the torn one.
TEST_F(StartTest, ATornCheckpointOf114IsNeverRestoredFrom) {
  LifecycleOptions o;
  o.poll_ms = 20;
  o.secrets = &vault_;
  o.verify = storage::VerifyLevel::kHeader;
  Lifecycle life(cat_.get(), storage_.get(), &resolver_, o);
  Cluster("1.14");
  AddJob("emp_1", SeedScript("emp_1"), catalog::RestoreStrategy::kLatestState);
  sim_.Insert("emp_1.employees_1", 2);
  ASSERT_TRUE(life.Start("/cdc/emp_1", {}, Ctx()).ok());
  const catalog::Run run1 = OpenRun("/cdc/emp_1");
  ASSERT_TRUE(WaitConsumed(run1.flink_job_id, 2));
  WaitCheckpointAfterRows(run1.flink_job_id);
  // The next checkpoint's _metadata is cut short as the JobManager dies.
  sim_.Ctl("POST", "/clusters/prod/faults", "{\"torn_metadata\":1}");
  for (int i = 0; i < 200; ++i) {
    rapidjson::Document d = sim_.Ctl("GET", "/clusters");
    if (d["clusters"].Empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  int64_t torn = -1;
  for (const auto& e :
       std::filesystem::directory_iterator(checkpoint_dir_ + "/" + run1.flink_job_id)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("chk-", 0) == 0) torn = std::max<int64_t>(torn, std::stoll(name.substr(4)));
  }
  ASSERT_GT(torn, 1);
  const std::string torn_dir =
      checkpoint_dir_ + "/" + run1.flink_job_id + "/chk-" + std::to_string(torn);
  ASSERT_TRUE(std::filesystem::exists(torn_dir + "/_metadata")) << "1.14 writes it in place";
  Unreachable("/cdc/emp_1");
  ASSERT_TRUE(life.AcknowledgeLost("/cdc/emp_1", "the JobManager's pod is gone", Ctx()).ok());
  MoveToNewCluster(life, "/cdc/emp_1", "1.14");
  sim_.Insert("emp_1.employees_1", 1);
  auto resumed = life.Resume("/cdc/emp_1", {}, Ctx());
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  const catalog::Run run2 = OpenRun("/cdc/emp_1");
  EXPECT_EQ(run2.cluster, "dr");
  EXPECT_THAT(run2.restored_from,
              HasSubstr(run1.flink_job_id + "/chk-" + std::to_string(torn - 1)));
  EXPECT_TRUE(WaitConsumed(run2.flink_job_id, 1)) << "the row the lost run never read, once";
}

// Walkthrough A as plain Flink SQL through the SQL Gateway (1.16 on): a mysql-cdc table and an
// INSERT; the gateway picks the job id, known by the attempt's own pipeline.name until then;
// the answer to the INSERT is lost once, and the job is found by that name: one job.
class GatewayWalkthrough : public StartTest, public ::testing::WithParamInterface<const char*> {};

std::string GatewayScript(const std::string& password = "000000") {
  return "SET 'execution.checkpointing.interval' = '100';\n"
         "CREATE TABLE employees (emp_no INT, first_name STRING) WITH (\n"
         "  'connector' = 'mysql-cdc', 'hostname' = 'hadoop102', 'port' = '3306',\n"
         "  'username' = 'root', 'password' = '" +
         password +
         "', 'database-name' = 'emp_1', 'table-name' = 'employees_1');\n"
         "CREATE TABLE out (emp_no INT, first_name STRING) WITH ('connector' = 'print');\n"
         "INSERT INTO out SELECT * FROM employees;\n";
}

TEST_P(GatewayWalkthrough, SavepointRecoveryThroughTheSqlGateway) {
  const std::string version = GetParam();
  Cluster(version);
  catalog::Cluster c = cat_->GetCluster("prod").value();
  c.runner_jar = "";  // no runner: the gateway is the path
  c.sql_gateway_url =
      sim_.Ctl("GET", "/clusters")["clusters"].GetArray()[0]["gateway_url"].GetString();
  ASSERT_TRUE(cat_->PutCluster(c).ok());
  AddJob("emp_1", GatewayScript(), catalog::RestoreStrategy::kLatestSavepoint);
  sim_.Insert("emp_1.employees_1", 2);
  Lifecycle life = Make(&vault_);
  sim_.Ctl("POST", "/clusters/prod/faults",
           R"({"drop_answer":1,"skip":2,"only":"POST /(v[0-9]/)?sessions/[^/]+/statements"})");
  auto first = life.Start("/cdc/emp_1", {}, Ctx());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  sim_.Ctl("POST", "/clusters/prod/faults", "{}");
  EXPECT_EQ(first->operation.key, "") << "the gateway chose the id";
  const catalog::Run run1 = OpenRun("/cdc/emp_1");
  EXPECT_EQ(run1.flink_job_id, first->operation.result);
  EXPECT_EQ(NonTerminalJobs(), 1);
  ASSERT_TRUE(WaitConsumed(run1.flink_job_id, 2));
  auto stopped = life.Stop("/cdc/emp_1", StopOptions{}, Ctx());
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  sim_.Insert("emp_1.employees_1", 1);
  auto second = life.Start("/cdc/emp_1", {}, Ctx());
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  const catalog::Run run2 = OpenRun("/cdc/emp_1");
  EXPECT_EQ(run2.restored_from, stopped->snapshots[0].path);
  EXPECT_TRUE(WaitConsumed(run2.flink_job_id, 1));
  EXPECT_EQ(NonTerminalJobs(), 1);
}

INSTANTIATE_TEST_SUITE_P(Versions, GatewayWalkthrough,
                         ::testing::Values("1.16", "1.17", "1.18", "1.19", "1.20", "2.0", "2.1",
                                           "2.2"),
                         [](const ::testing::TestParamInfo<const char*>& p) {
                           std::string n = std::string("Flink_") + p.param;
                           std::replace(n.begin(), n.end(), '.', '_');
                           return n;
                         });

// What the gateway cannot run is refused before anything is recorded: Dinky's extensions
// (UNSUPPORTED, naming the line), a script of two jobs (naming both lines), 1.14 (no gateway).
TEST_F(StartTest, TheGatewayRefusesWhatItCannotRun) {
  Cluster("1.20");
  catalog::Cluster c = cat_->GetCluster("prod").value();
  c.sql_gateway_url =
      sim_.Ctl("GET", "/clusters")["clusters"].GetArray()[0]["gateway_url"].GetString();
  ASSERT_TRUE(cat_->PutCluster(c).ok());
  AddJob("cdc", SeedScript("emp_1"), catalog::RestoreStrategy::kNone);
  AddJob("two", "INSERT INTO a SELECT * FROM b;\nINSERT INTO c SELECT * FROM d;\n",
         catalog::RestoreStrategy::kNone);
  Lifecycle life = Make(&vault_);
  StartOptions gw;
  gw.path = SubmitPath::kGateway;
  auto dinky = life.Start("/cdc/cdc", gw, Ctx());
  EXPECT_EQ(dinky.status().code(), Code::kUnsupported);
  EXPECT_THAT(dinky.status().message(), HasSubstr("line 6: EXECUTE CDCSOURCE"));
  auto two = life.Start("/cdc/two", gw, Ctx());
  EXPECT_EQ(two.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(two.status().message(), HasSubstr("2 Flink jobs (lines 1, 2)"));
  EXPECT_TRUE(cat_->ListOperations("", false)->empty()) << "nothing recorded";
  // The same CDCSOURCE script through the runner (auto: the cluster names one) runs.
  ASSERT_TRUE(life.Start("/cdc/cdc", {}, Ctx()).ok());
}

}  // namespace
}  // namespace flowstate::core::job
