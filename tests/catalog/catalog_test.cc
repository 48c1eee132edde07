// The catalog on a real SQLite file: schema and refusals, clusters, folders, jobs, scripts
// with secrets, runs, snapshots and the audit log.
#include "catalog/catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>
#include <thread>

#include "../sql/sql_test_util.h"
#include "../storage/storage_test_util.h"
#include "vault.h"

namespace flowstate::core::catalog {
namespace {

using flowstate::testing::TempDir;
using ::testing::HasSubstr;

using MapStore = testing::Vault;

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Catalog::Options o;
    o.actor = "tester";
    o.clock = [this] { return now_; };
    auto c = Catalog::Open((dir_.path() / "catalog.db").string(), o);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    cat_ = std::move(c).value();
  }
  Job J(const std::string& folder, const std::string& name) {
    Job j;
    j.folder = folder;
    j.name = name;
    return j;
  }
  TempDir dir_;
  int64_t now_ = 1'700'000'000'000;
  std::unique_ptr<Catalog> cat_;
};

TEST_F(CatalogTest, ReopensAndRefusesForeignDamagedAndNewerFiles) {
  ASSERT_TRUE(cat_->AddJob(J("/a", "x")).ok());
  cat_.reset();
  Catalog::Options o;
  auto again = Catalog::Open((dir_.path() / "catalog.db").string(), o);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE((*again)->GetJob("/a/x").ok());

  // A SQLite file of something else.
  sqlite3* db = nullptr;
  const std::string foreign = (dir_.path() / "other.db").string();
  ASSERT_EQ(sqlite3_open(foreign.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto f = Catalog::Open(foreign, o);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), Code::kCorrupt);
  EXPECT_THAT(f.status().message(), HasSubstr("not a flowstate catalog"));
  // Not a database at all.
  const std::string junk = (dir_.path() / "junk.db").string();
  flowstate::testing::WriteFile(junk, std::string(4096, 'j'));
  auto j = Catalog::Open(junk, o);
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.status().code(), Code::kCorrupt);
  EXPECT_THAT(j.status().message(), HasSubstr("not a SQLite database"));
  // Written by a newer flowstate.
  const std::string path = (dir_.path() / "catalog.db").string();
  again->reset();
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=7", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto n = Catalog::Open(path, o);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), Code::kUnsupportedVersion);
  EXPECT_THAT(n.status().message(), HasSubstr("newer flowstate (catalog schema 7"));
}

TEST(InMemoryCatalogTest, AMemoryCatalogWorksAndLeavesNoFile) {
  TempDir d;
  const auto before = std::filesystem::current_path();
  std::filesystem::current_path(d.path());
  {
    auto c = Catalog::Open(":memory:", {});
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    Job j;
    j.folder = "/cdc";
    j.name = "emp";
    ASSERT_TRUE((*c)->AddJob(j).ok());
    StateChange change;
    change.from = JobState::kNew;
    change.to = JobState::kRunning;
    change.action = "job.observe";
    ASSERT_TRUE((*c)->ChangeState("/cdc/emp", change).ok());
    EXPECT_EQ((*c)->GetJob("/cdc/emp")->state, JobState::kRunning);
    // A second one is another catalog.
    auto other = Catalog::Open(":memory:", {});
    ASSERT_TRUE(other.ok());
    EXPECT_FALSE((*other)->GetJob("/cdc/emp").ok());
  }
  EXPECT_TRUE(std::filesystem::is_empty(d.path()));
  std::filesystem::current_path(before);
}

TEST_F(CatalogTest, Clusters) {
  Cluster c;
  c.name = "prod";
  c.rest_url = "http://jm:8081";
  c.flink_version = "1.20";
  c.checkpoint_dir = "hdfs:///flink/cp";
  ASSERT_TRUE(cat_->PutCluster(c).ok());
  c.flink_version = "2.2";
  ASSERT_TRUE(cat_->PutCluster(c).ok());
  EXPECT_EQ(cat_->GetCluster("prod")->flink_version, "2.2");
  EXPECT_EQ(cat_->ListClusters()->size(), 1u);
  c.flink_version = "nine";
  EXPECT_FALSE(cat_->PutCluster(c).ok());
  Job job = J("/", "uses-prod");
  job.cluster = "prod";
  ASSERT_TRUE(cat_->AddJob(job).ok());
  EXPECT_EQ(cat_->RemoveCluster("prod").code(), Code::kIllegalState);
  job.cluster = "nope";
  job.name = "other";
  EXPECT_EQ(cat_->AddJob(job).status().code(), Code::kNotFound);
  EXPECT_EQ(cat_->GetCluster("nope").status().code(), Code::kNotFound);
}

TEST_F(CatalogTest, ClusterVersionsAreCheckedAndClaimModesFollowThem) {
  Cluster c;
  c.name = "old";
  c.rest_url = "http://jm:8081";
  for (const char* v : {"1.9", "1.13.6", "1.99", "2.5"}) {
    c.flink_version = v;
    Result<Cluster> put = cat_->PutCluster(c);
    EXPECT_EQ(put.status().code(), Code::kUnsupportedVersion) << v;
    EXPECT_THAT(put.status().message(), HasSubstr("(1.14 to 1.20, 2.0 to 2.3)"));
  }
  c.flink_version = "1.14.3";
  ASSERT_TRUE(cat_->PutCluster(c).ok());
  EXPECT_EQ(cat_->GetCluster("old")->flink_version, "1.14.3") << "the patch level is kept";
  c.name = "new";
  c.flink_version = "1.20";
  ASSERT_TRUE(cat_->PutCluster(c).ok());

  Job job = J("/", "orders");
  job.cluster = "old";
  ASSERT_TRUE(cat_->AddJob(job).ok());
  catalog::Run run;
  run.flink_job_id = "a0000000000000000000000000000001";
  run.restored_from = "file:///sp/savepoint-a00000-0123456789ab";
  run.claim_mode = ClaimMode::kNoClaim;
  Result<catalog::Run> refused = cat_->StartRun("/orders", run);
  EXPECT_EQ(refused.status().code(), Code::kUnsupported);
  EXPECT_THAT(refused.status().message(), HasSubstr("Flink 1.14.3 restores in LEGACY mode only"));
  run.claim_mode = ClaimMode::kClaim;
  EXPECT_EQ(cat_->StartRun("/orders", run).status().code(), Code::kUnsupported);
  EXPECT_TRUE(cat_->ListRuns("/orders")->empty()) << "nothing recorded";
  run.claim_mode = ClaimMode::kLegacy;
  Result<catalog::Run> legacy = cat_->StartRun("/orders", run);
  ASSERT_TRUE(legacy.ok()) << legacy.status().ToString();
  ASSERT_TRUE(cat_->EndRun(legacy->id, "FINISHED").ok());
  run.cluster = "new";  // the same job started on a 1.20 cluster
  run.claim_mode = ClaimMode::kNoClaim;
  EXPECT_TRUE(cat_->StartRun("/orders", run).ok());
}

TEST_F(CatalogTest, FoldersListMoveAndTree) {
  for (const char* p : {"/warehouse/cdc", "/warehouse/cdc/emp", "/warehouse/ods", "/adhoc"}) {
    ASSERT_TRUE(cat_->CreateFolder(p).ok());
  }
  ASSERT_TRUE(cat_->AddJob(J("/warehouse/cdc", "orders")).ok());
  ASSERT_TRUE(cat_->AddJob(J("/warehouse/cdc/emp", "emp_1")).ok());
  ASSERT_TRUE(cat_->AddJob(J("/warehouse/cdc/emp", "emp_2")).ok());
  ASSERT_TRUE(cat_->AddJob(J("/warehouse", "top")).ok());
  auto l = cat_->ListFolder("/warehouse");
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  ASSERT_EQ(l->folders.size(), 2u);
  EXPECT_EQ(l->folders[0].path, "/warehouse/cdc");
  EXPECT_EQ(l->folders[0].jobs, 1);
  EXPECT_EQ(l->folders[0].all_jobs, 3);
  EXPECT_EQ(l->folders[1].path, "/warehouse/ods");
  ASSERT_EQ(l->jobs.size(), 1u);
  EXPECT_EQ(l->jobs[0].name, "top");
  auto tree = cat_->Tree("/");
  ASSERT_TRUE(tree.ok());
  std::map<std::string, std::pair<int64_t, int64_t>> t;
  for (const FolderEntry& e : *tree) t[e.path] = {e.jobs, e.all_jobs};
  EXPECT_EQ(t["/"], std::make_pair(int64_t{0}, int64_t{4}));
  EXPECT_EQ(t["/warehouse/cdc/emp"], std::make_pair(int64_t{2}, int64_t{2}));

  ASSERT_TRUE(cat_->MoveFolder("/warehouse/cdc", "/archive/2025/cdc").ok());
  EXPECT_TRUE(cat_->GetJob("/archive/2025/cdc/emp/emp_1").ok()) << "jobs follow their folder";
  EXPECT_EQ(cat_->GetJob("/warehouse/cdc/orders").status().code(), Code::kNotFound);
  EXPECT_EQ(cat_->ListFolder("/warehouse/cdc").status().code(), Code::kNotFound);
  EXPECT_EQ(cat_->MoveFolder("/archive", "/archive/2025/x").code(), Code::kInvalidArgument);
  EXPECT_EQ(cat_->MoveFolder("/adhoc", "/warehouse/ods").code(), Code::kAlreadyExists);
  EXPECT_EQ(cat_->RemoveFolder("/archive").code(), Code::kIllegalState);
  EXPECT_TRUE(cat_->RemoveFolder("/adhoc").ok());
  EXPECT_EQ(cat_->CreateFolder("relative").code(), Code::kInvalidArgument);
  EXPECT_EQ(cat_->CreateFolder("/a/../b").code(), Code::kInvalidArgument);
  EXPECT_EQ(*NormalizeFolder("//a///b/"), "/a/b");
}

TEST_F(CatalogTest, AwkwardNamesRoundTripExactly) {
  const std::string folder = "/it's 100%_done\n/数据\"仓库\"";
  const std::string name = "o'rders_%\nline two — 订单";
  Job j = J(folder, name);
  auto added = cat_->AddJob(j);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  auto got = cat_->GetJob(added->Path());
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->name, name);
  EXPECT_EQ(got->folder, folder);
  JobQuery q;
  q.name_contains = "_%";
  auto found = cat_->FindJobs(q);
  ASSERT_EQ(found->size(), 1u) << "'%' and '_' are plain characters, not wildcards";
  q.name_contains = "rders%";
  EXPECT_TRUE(cat_->FindJobs(q)->empty());
  ASSERT_TRUE(cat_->AddJob(J("/it's 100%", "near")).ok());
  q = JobQuery();
  q.folder = "/it's 100%";
  EXPECT_EQ(cat_->FindJobs(q)->size(), 1u) << "a folder sharing a prefix is not a subfolder";
}

TEST_F(CatalogTest, JobsFindMoveRemoveAndAudit) {
  auto a = cat_->AddJob(J("/cdc", "orders"));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(cat_->AddJob(J("/cdc", "orders")).status().code(), Code::kAlreadyExists);
  EXPECT_EQ(cat_->AddJob(J("/cdc", "12")).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(cat_->AddJob(J("/cdc", "a/b")).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(cat_->GetJob(std::to_string(a->id))->name, "orders");
  EXPECT_EQ(cat_->GetJob("orders").status().code(), Code::kInvalidArgument);
  StateChange start;
  start.from = JobState::kNew;
  start.to = JobState::kStarting;
  start.action = "job.start";
  start.cause = "user";
  ASSERT_TRUE(cat_->ChangeState("/cdc/orders", start).ok());
  JobQuery q;
  q.state = JobState::kStarting;
  EXPECT_EQ(cat_->FindJobs(q)->size(), 1u);
  q.state = JobState::kRunning;
  EXPECT_EQ(cat_->FindJobs(q)->size(), 0u);
  auto moved = cat_->MoveJob("/cdc/orders", "/cdc/v2", "orders_v2");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->Path(), "/cdc/v2/orders_v2");
  ASSERT_TRUE(cat_->RemoveJob("/cdc/v2/orders_v2").ok());
  auto events = cat_->ListEvents(std::to_string(a->id));
  ASSERT_TRUE(events.ok());
  ASSERT_GE(events->size(), 4u);
  EXPECT_EQ((*events)[0].action, "job.remove");
  EXPECT_EQ((*events)[0].job, "/cdc/v2/orders_v2");
  EXPECT_EQ((*events)[0].actor, "tester");
  EXPECT_EQ(events->back().action, "job.add");
}

TEST_F(CatalogTest, ScriptsKeepSecretsOutAndResolveBack) {
  ASSERT_TRUE(cat_->AddJob(J("/cdc", "emp_cdc")).ok());
  std::string seed = flowstate::core::sql::testing::DataFile("seed_emp_1.sql");
  seed +=
      ";\nSET 'sink.password' = 'it''s s3cret';\npassword := hunter2;\n"
      "CREATE TABLE t (a INT) WITH ('connector' = 'jdbc', 'password' = '${secret:vault.t}');\n";
  EXPECT_EQ(cat_->SaveScript("/cdc/emp_cdc", seed, nullptr).status().code(), Code::kInvalidArgument)
      << "no store: a secret would be stored in the clear";
  EXPECT_EQ(cat_->GetJob("/cdc/emp_cdc")->script, "");
  MapStore vault;
  auto saved = cat_->SaveScript("/cdc/emp_cdc", seed, &vault);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  ASSERT_EQ(saved->moved.size(), 3u) << saved->stored;
  const std::string job = "job." + std::to_string(cat_->GetJob("/cdc/emp_cdc")->id) + ".";
  EXPECT_EQ(saved->moved[0].name, job + "dinkySource_mysqlCDC_to_Doris.password");
  EXPECT_EQ(saved->moved[0].line, 24);
  EXPECT_EQ(saved->moved[1].name, job + "set.sink.password");
  EXPECT_EQ(saved->moved[2].name, job + "variable.password");
  EXPECT_EQ(vault.values[job + "dinkySource_mysqlCDC_to_Doris.password"], "000000");
  EXPECT_EQ(vault.values[job + "set.sink.password"], "it's s3cret");
  const std::string stored = cat_->GetJob("/cdc/emp_cdc")->script;
  EXPECT_EQ(stored, saved->stored);
  EXPECT_EQ(stored.find("000000"), std::string::npos);
  EXPECT_EQ(stored.find("s3cret"), std::string::npos);
  EXPECT_EQ(stored.find("hunter2"), std::string::npos);
  EXPECT_THAT(stored, HasSubstr("'password' = '${secret:" + job +
                                "dinkySource_mysqlCDC_to_Doris.password}'"));
  EXPECT_THAT(stored, HasSubstr("'password' = '${secret:vault.t}'"))
      << "references stay as they are";
  vault.values["vault.t"] = "t-pass";
  auto resolved = cat_->ResolveScript("/cdc/emp_cdc", vault);
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  std::string expected = seed;
  expected.replace(expected.find("${secret:vault.t}"), std::string("${secret:vault.t}").size(),
                   "t-pass");
  EXPECT_EQ(*resolved, expected) << "quotes inside a value are escaped again";
  vault.values.erase("vault.t");
  auto missing = cat_->ResolveScript("/cdc/emp_cdc", vault);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("secret 'vault.t'"));
  // The audit log names the moved values, never the values.
  auto events = cat_->ListEvents("/cdc/emp_cdc");
  EXPECT_THAT((*events)[0].detail, HasSubstr("3 secret values moved to the secret store"));
  EXPECT_EQ((*events)[0].detail.find("000000"), std::string::npos);
}

TEST_F(CatalogTest, SnapshotsBatchesAndStates) {
  auto job = cat_->AddJob(J("/", "j"));
  std::vector<SnapshotRecord> batch;
  for (int i = 1; i <= 100; ++i) {
    SnapshotRecord s;
    s.job_id = job->id;
    s.checkpoint_id = i;
    s.path = "hdfs://ns/cp/j/chk-" + std::to_string(i);
    s.completion_ms = 1000 * i;
    batch.push_back(s);
  }
  ASSERT_TRUE(cat_->AddSnapshots(batch).ok());
  auto dup = cat_->AddSnapshots({batch[5]});
  EXPECT_EQ(dup.code(), Code::kAlreadyExists) << "a path is recorded once";
  auto list = cat_->ListSnapshots("/j", {SnapshotState::kCompleted}, 3);
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ(list->front().checkpoint_id, 100) << "newest first";
  ASSERT_TRUE(cat_->SetSnapshotState(list->front().id, SnapshotState::kMissing).ok());
  EXPECT_EQ(cat_->GetSnapshot(list->front().id)->state, SnapshotState::kMissing);
  EXPECT_EQ(cat_->ListSnapshots("/j", {SnapshotState::kMissing})->size(), 1u);
  SnapshotRecord orphan;
  orphan.job_id = 999;
  orphan.path = "/x";
  EXPECT_EQ(cat_->AddSnapshot(orphan).status().code(), Code::kNotFound);
  // By reference: the job the path names, whatever job_id the record carries.
  auto by_ref = cat_->AddSnapshot("/j", orphan);
  ASSERT_TRUE(by_ref.ok()) << by_ref.status().ToString();
  EXPECT_EQ(by_ref->job_id, job->id);
  EXPECT_EQ(cat_->GetSnapshot(by_ref->id)->job_id, job->id);
  EXPECT_EQ(cat_->AddSnapshot("/nope", orphan).status().code(), Code::kNotFound);
}

TEST_F(CatalogTest, UpdateJobByReferenceKeepsWhatItDoesNotSet) {
  auto job = cat_->AddJob(J("/cdc", "orders"));
  ASSERT_TRUE(job.ok());
  Job change = *job;
  change.id = 0;  // ignored: the reference names the job
  change.name = "ignored";
  change.state = JobState::kRunning;  // ignored: only the lifecycle changes the state
  change.retain_count = 3;
  auto updated = cat_->UpdateJob("/cdc/orders", change);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->id, job->id);
  EXPECT_EQ(updated->Path(), "/cdc/orders") << "name and folder move only with MoveJob";
  const Job stored = cat_->GetJob("/cdc/orders").value();
  EXPECT_EQ(stored.state, JobState::kNew);
  EXPECT_EQ(stored.retain_count, 3);
  EXPECT_EQ(cat_->UpdateJob("/cdc/none", change).status().code(), Code::kNotFound);
  change.retain_count = -2;
  EXPECT_EQ(cat_->UpdateJob("/cdc/orders", change).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(cat_->GetJob("/cdc/orders")->retain_count, 3) << "nothing changed";
}

TEST_F(CatalogTest, BusyWriterGetsATypedErrorAfterTheTimeout) {
  ASSERT_TRUE(cat_->AddJob(J("/", "j")).ok());
  sqlite3* other = nullptr;
  const std::string path = (dir_.path() / "catalog.db").string();
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  Catalog::Options o;
  o.busy_timeout_ms = 100;
  auto second = Catalog::Open(path, o);
  ASSERT_TRUE(second.ok());
  auto t0 = std::chrono::steady_clock::now();
  Status st = (*second)->SetStrategy("/j", RestoreStrategy::kLatestSavepoint);
  auto waited = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(st.code(), Code::kBusy) << st.ToString();
  EXPECT_THAT(st.message(), HasSubstr("locked by another writer"));
  EXPECT_GE(waited, std::chrono::milliseconds(90));
  // Readers are not blocked by the writer (WAL).
  EXPECT_TRUE((*second)->GetJob("/j").ok());
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_TRUE((*second)->SetStrategy("/j", RestoreStrategy::kLatestSavepoint).ok());
}

TEST_F(CatalogTest, ManyThreadsAtOnce) {
  auto job = cat_->AddJob(J("/", "j"));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        SnapshotRecord s;
        s.job_id = job->id;
        s.path = "/cp/" + std::to_string(t) + "/" + std::to_string(i);
        s.completion_ms = i;
        EXPECT_TRUE(cat_->AddSnapshot(s).ok());
        EXPECT_TRUE(cat_->ListSnapshots("/j", {}, 5).ok());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(cat_->ListSnapshots("/j")->size(), 200u);
}

}  // namespace
}  // namespace flowstate::core::catalog
