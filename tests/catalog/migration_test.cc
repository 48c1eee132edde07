// A catalog written by an earlier schema (tests/catalog/data/catalog-v1.db, written by the
// last schema-1 flowstate) opens, upgrades and keeps every record; what schema 1 let in and
// schema 2 forbids is repaired, and the audit log says how.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>
#include <set>

#include "../storage/storage_test_util.h"
#include "catalog/catalog.h"
#include "vault.h"

namespace flowstate::core::catalog {
namespace {

namespace fs = std::filesystem;
using flowstate::testing::ReadFile;
using flowstate::testing::TempDir;
using ::testing::HasSubstr;
using testing::Vault;

const std::string kCp = "file:///opt/flink/volume/flink-cp/a0000000000000000000000000000001";
const std::string kSp = "file:///opt/flink/volume/flink-sp";

// The values the schema-1 fixture's store holds (its .secrets file): the second emp_1's
// password overwrote the first's under their shared name.
Vault FixtureVault() {
  Vault v;
  v.values["emp_1.src.password"] = "other-secret";
  v.values["orders.src.password"] = "orders-secret";
  return v;
}

int64_t Count(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr);
  int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
  sqlite3_finalize(s);
  sqlite3_close(db);
  return n;
}

// Opens a copy of the fixture catalog-v<version>.db, which upgrades it.
class UpgradeTest : public ::testing::Test {
 protected:
  void OpenFixture(int version) {
    path_ = (dir_.path() / "catalog.db").string();
    fs::copy_file(std::string(FLOWSTATE_SOURCE_DIR) + "/tests/catalog/data/catalog-v" +
                      std::to_string(version) + ".db",
                  path_);
    ASSERT_EQ(Count(path_, "PRAGMA user_version"), version);
    events_before_ = Count(path_, "SELECT count(*) FROM events");
    Catalog::Options o;
    o.actor = "upgrader";
    auto c = Catalog::Open(path_, o);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    cat_ = std::move(c).value();
  }

  TempDir dir_;
  std::string path_;
  int64_t events_before_ = 0;
  std::unique_ptr<Catalog> cat_;
};

class MigrationTest : public UpgradeTest {
 protected:
  void SetUp() override { OpenFixture(1); }
  Job cdc() { return cat_->GetJob("/warehouse/cdc/emp_1").value(); }
  std::vector<Event> EventsOf(const std::string& action) {
    std::vector<Event> out;
    const std::vector<Event> all = cat_->ListEvents("", 1000).value();
    for (const Event& e : all) {
      if (e.action == action) out.push_back(e);
    }
    return out;
  }
};

TEST_F(MigrationTest, EveryRecordSurvivesTheUpgrade) {
  EXPECT_EQ(cat_->schema_version(), Catalog::kSchemaVersion);
  EXPECT_EQ(Count(path_, "PRAGMA user_version"), Catalog::kSchemaVersion);
  auto clusters = cat_->ListClusters().value();
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0].flink_version, "1.14");
  EXPECT_EQ(clusters[0].checkpoint_dir, "file:///opt/flink/volume/flink-cp");
  auto jobs = cat_->FindJobs({}).value();
  std::vector<std::string> paths;
  for (const Job& j : jobs) paths.push_back(j.Path());
  EXPECT_EQ(paths, (std::vector<std::string>{"/binary", "/warehouse/cdc/emp_1",
                                             "/warehouse/cdc/orders", "/warehouse/other/emp_1"}));
  const Job cdc = cat_->GetJob("/warehouse/cdc/emp_1").value();
  EXPECT_EQ(cdc.strategy, RestoreStrategy::kLatestState);
  EXPECT_EQ(cdc.retain_count, 2);
  EXPECT_EQ(cdc.retain_age_ms, 7 * 86400000LL);
  EXPECT_FALSE(cdc.savepoint_retain_count) << "new settings start unset";
  EXPECT_THAT(cdc.script, HasSubstr("'password' = '${secret:emp_1.src.password}'"));
  // The binary script's bytes are all still there.
  EXPECT_EQ(cat_->GetJob("/binary")->script.size(), 24u);
  // Every event of schema 1 is still in the audit log, before the upgrade's own.
  const int64_t after = Count(path_, "SELECT count(*) FROM events");
  EXPECT_GT(after, events_before_);
  EXPECT_EQ(Count(path_, "SELECT count(*) FROM events WHERE id<=" + std::to_string(events_before_) +
                             " AND actor='fixture'"),
            events_before_);
  const std::vector<Event> all = cat_->ListEvents("", 1000).value();
  for (const Event& e : all) {
    if (e.id > events_before_) {
      EXPECT_EQ(e.actor, "upgrader") << e.action;
    }
  }
  // Reopening changes nothing more.
  cat_.reset();
  Catalog::Options o;
  ASSERT_TRUE(Catalog::Open(path_, o).ok());
  EXPECT_EQ(Count(path_, "SELECT count(*) FROM events"), after);
}

TEST_F(MigrationTest, PathsAreCanonicalAndOneLocationIsOneRecord) {
  auto records = cat_->ListSnapshots("/warehouse/cdc/emp_1").value();
  std::set<std::string> got;
  for (const SnapshotRecord& r : records) got.insert(r.path);
  EXPECT_EQ(got, (std::set<std::string>{kCp + "/chk-7", kCp + "/chk-8",
                                        kSp + "/savepoint-a00000-0123456789ab",
                                        kSp + "/savepoint-a00000-0000000000aa"}));
  ASSERT_EQ(records.size(), 4u) << "chk-7's three records are one";
  const SnapshotRecord chk7 = cat_->FindSnapshot("/warehouse/cdc/emp_1",
                                                 "/opt/flink/volume/flink-cp/"
                                                 "a0000000000000000000000000000001/chk-7/")
                                  .value();
  EXPECT_EQ(chk7.id, 1) << "the first recorded stays";
  EXPECT_EQ(chk7.checkpoint_id, 7);
  EXPECT_EQ(chk7.size, 100);
  EXPECT_EQ(chk7.format_version, 3) << "filled in from a merged record";
  EXPECT_EQ(chk7.run_id, 1);
  auto merges = EventsOf("snapshot.merge");
  ASSERT_EQ(merges.size(), 1u);
  EXPECT_THAT(merges[0].detail, HasSubstr("recorded 3 times"));
  EXPECT_THAT(merges[0].detail,
              HasSubstr("records 2 (RETAINED_CHECKPOINT, COMPLETED), 3 (DISCOVERED_ON_STORAGE, "
                        "COMPLETED) merged into record 1"));
  EXPECT_EQ(merges[0].job, "/warehouse/cdc/emp_1");
  // The run restored from a merged record points at the one that stays, by its canonical path.
  auto runs = cat_->ListRuns("/warehouse/cdc/emp_1").value();
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[1].restored_snapshot, 1);
  EXPECT_EQ(runs[1].restored_from, kCp + "/chk-7");
  // ONCE paths are canonical, and linked to their record by the decision.
  EXPECT_EQ(*cdc().once_path, kCp + "/chk-8");
  EXPECT_EQ(*cat_->GetJob("/warehouse/other/emp_1")->once_path,
            kSp + "/savepoint-b00000-0123456789ab");
  RestoreOptions o;
  o.verify = false;
  auto d = cat_->ResolveRestore("/warehouse/cdc/emp_1", nullptr, o);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->snapshot_id, cat_->FindSnapshot("/warehouse/cdc/emp_1", kCp + "/chk-8")->id);
  // A spelling of a merged record is one location now.
  SnapshotRecord again;
  again.job_id = cdc().id;
  again.path = "file:" + kCp.substr(7) + "/chk-7";
  EXPECT_EQ(cat_->AddSnapshot(again).status().code(), Code::kAlreadyExists);
}

TEST_F(MigrationTest, OfTwoOpenRunsTheNewestStaysOpen) {
  auto runs = cat_->ListRuns("/warehouse/cdc/emp_1").value();
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].final_status, "CANCELED");
  EXPECT_EQ(runs[1].final_status, "UNKNOWN");
  EXPECT_EQ(runs[1].ended_ms, 7000) << "ended when the next run started";
  EXPECT_FALSE(runs[2].ended_ms);
  auto ended = EventsOf("run.end");
  ASSERT_FALSE(ended.empty());
  EXPECT_THAT(ended[0].detail, HasSubstr("ended by the catalog upgrade"));
  EXPECT_EQ(ended[0].job, "/warehouse/cdc/emp_1");
  EXPECT_EQ(cat_->StartRun("/warehouse/cdc/emp_1", {}).status().code(), Code::kIllegalState);
}

TEST_F(MigrationTest, SharedSecretNamesResolveOnlyForTheJobWhoseValueTheStoreHolds) {
  Vault vault = FixtureVault();
  // /warehouse/other/emp_1 saved last: the store holds its password.
  EXPECT_THAT(*cat_->ResolveScript("/warehouse/other/emp_1", vault), HasSubstr("'other-secret'"));
  EXPECT_THAT(*cat_->ResolveScript("/warehouse/cdc/orders", vault), HasSubstr("'orders-secret'"));
  // The first one's was overwritten: it must not resolve to the other job's password.
  auto cdc = cat_->ResolveScript("/warehouse/cdc/emp_1", vault);
  ASSERT_FALSE(cdc.ok());
  EXPECT_EQ(cdc.status().code(), Code::kIllegalState);
  EXPECT_THAT(cdc.status().message(), HasSubstr("holds the value of job /warehouse/other/emp_1"));
  auto collisions = EventsOf("secret.collision");
  ASSERT_EQ(collisions.size(), 2u);
  // Saving it again with its own password gives it a name of its own.
  const std::string text = cat_->GetJob("/warehouse/cdc/emp_1")->script;
  std::string fixed = text;
  fixed.replace(fixed.find("${secret:emp_1.src.password}"),
                std::string("${secret:emp_1.src.password}").size(), "cdc-secret");
  auto saved = cat_->SaveScript("/warehouse/cdc/emp_1", fixed, &vault);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_THAT(*cat_->ResolveScript("/warehouse/cdc/emp_1", vault), HasSubstr("'cdc-secret'"));
  EXPECT_EQ(vault.values.at("emp_1.src.password"), "other-secret") << "the other job's value stays";
  // Saving the stored text again (its old reference) is refused rather than guessed.
  EXPECT_EQ(cat_->SaveScript("/warehouse/other/emp_1", text, nullptr).status().code(), Code::kOk)
      << "without a store the reference stays, and keeps resolving";
  auto moved = cat_->SaveScript("/warehouse/other/emp_1", text, &vault);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  const std::string other_name =
      "job." + std::to_string(cat_->GetJob("/warehouse/other/emp_1")->id) + ".src.password";
  EXPECT_THAT(moved->stored, HasSubstr("${secret:" + other_name + "}"));
  EXPECT_EQ(vault.values.at(other_name), "other-secret");
  EXPECT_EQ(vault.values.count("emp_1.src.password"), 0u) << "moved: the old name leaves the store";
  EXPECT_EQ(EventsOf("secret.move").size(), 1u);
  EXPECT_THAT(*cat_->ResolveScript("/warehouse/other/emp_1", vault), HasSubstr("'other-secret'"));
}

TEST_F(MigrationTest, AScriptThatIsNotTextIsNamedAndNotHandedOutCutShort) {
  Vault vault = FixtureVault();
  auto r = cat_->ResolveScript("/binary", vault);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kCorrupt);
  EXPECT_THAT(r.status().message(), HasSubstr("2:1: byte offset 10: a NUL byte"));
  auto invalid = EventsOf("script.invalid");
  ASSERT_EQ(invalid.size(), 1u);
  EXPECT_EQ(invalid[0].job, "/binary");
}

TEST_F(MigrationTest, AReadOnlyOpenOfTheOldFileChangesNothing) {
  const std::string old = (dir_.path() / "untouched.db").string();
  fs::copy_file(std::string(FLOWSTATE_SOURCE_DIR) + "/tests/catalog/data/catalog-v1.db", old);
  const std::string before = ReadFile(old);
  Catalog::Options ro;
  ro.read_only = true;
  EXPECT_EQ(Catalog::Open(old, ro).status().code(), Code::kUnsupportedVersion);
  EXPECT_EQ(ReadFile(old), before);
}

// A catalog written by schema 2 (tests/catalog/data/catalog-v2.db, written by the last
// schema-2 flowstate) gains the snapshot records' trigger_id and loses nothing.
class MigrationFromV2Test : public UpgradeTest {
 protected:
  void SetUp() override { OpenFixture(2); }
};

TEST_F(MigrationFromV2Test, EveryRecordSurvivesAndOldSnapshotsHaveNoTriggerId) {
  EXPECT_EQ(Count(path_, "PRAGMA user_version"), Catalog::kSchemaVersion);
  // Adding the trigger id repairs nothing, so it audits nothing; schema 4 audits the one
  // status that became another state (emp_1's CREATED, with an open run: RUNNING).
  EXPECT_EQ(Count(path_, "SELECT count(*) FROM events"), events_before_ + 1);
  EXPECT_EQ(Count(path_,
                  "SELECT count(*) FROM events WHERE action='job.state' AND "
                  "detail LIKE 'status ''CREATED'' became RUNNING: it has an open run'"),
            1);
  auto clusters = cat_->ListClusters().value();
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0].flink_version, "1.20");
  const Job cdc = cat_->GetJob("/warehouse/cdc/emp_1").value();
  EXPECT_EQ(cdc.strategy, RestoreStrategy::kLatestState);
  EXPECT_EQ(cdc.retain_count, 2);
  EXPECT_THAT(cdc.script, HasSubstr("'password' = '${secret:job.1.src.password}'"));
  const Job orders = cat_->GetJob("/warehouse/orders").value();
  EXPECT_EQ(orders.strategy, RestoreStrategy::kLatestSavepoint);
  EXPECT_EQ(orders.once_path, kSp + "/savepoint-c00000-00000000000c");

  const std::vector<catalog::Run> runs = cat_->ListRuns("/warehouse/cdc/emp_1").value();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].final_status, "FINISHED");
  EXPECT_EQ(runs[0].ended_ms, 5000);
  EXPECT_FALSE(runs[1].ended_ms) << "the open run stays open";
  EXPECT_EQ(runs[1].claim_mode, ClaimMode::kClaim);

  const std::vector<SnapshotRecord> snaps = cat_->ListSnapshots("/warehouse/cdc/emp_1").value();
  ASSERT_EQ(snaps.size(), 4u);
  std::map<std::string, SnapshotRecord> by_path;
  for (const SnapshotRecord& r : snaps) {
    EXPECT_EQ(r.trigger_id, "") << r.path;
    by_path[r.path] = r;
  }
  const SnapshotRecord& c7 = by_path.at(kCp + "/chk-7");
  EXPECT_EQ(c7.checkpoint_id, 7);
  EXPECT_EQ(c7.size, 100);
  EXPECT_EQ(c7.format_version, 5);
  EXPECT_EQ(c7.claimed_by_run, runs[1].id) << "restored in CLAIM mode by the open run";
  EXPECT_EQ(runs[1].restored_snapshot, c7.id);
  const SnapshotRecord& stop = by_path.at(kSp + "/savepoint-a00000-0123456789ab");
  EXPECT_EQ(stop.kind, storage::SnapshotKind::kSavepoint);
  EXPECT_EQ(stop.origin, Origin::kStop);
  EXPECT_EQ(stop.savepoint_format, "CANONICAL");
  EXPECT_EQ(stop.trigger_ms, 3500);
  EXPECT_EQ(by_path.at(kSp + "/savepoint-a00000-0000000000aa").state, SnapshotState::kFailed);
  EXPECT_EQ(by_path.at(kCp + "/chk-8").origin, Origin::kRetainedCheckpoint);

  // The new field is stored and read back, and checked on the way in.
  SnapshotRecord sp;
  sp.job_id = cdc.id;
  sp.kind = storage::SnapshotKind::kSavepoint;
  sp.origin = Origin::kTriggered;
  sp.path = kSp + "/savepoint-b00000-0000000000bb";
  sp.trigger_id = "0123456789abcdef0123456789abcdef";
  auto added = cat_->AddSnapshot(sp);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(cat_->GetSnapshot(added->id)->trigger_id, sp.trigger_id);
  sp.path = kSp + "/savepoint-b00000-0000000000cc";
  sp.trigger_id = "0123456789ABCDEF0123456789ABCDEF";
  auto bad = cat_->AddSnapshot(sp);
  EXPECT_EQ(bad.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("32 lower-case hex digits"));

  // Reopening changes nothing more.
  cat_.reset();
  EXPECT_TRUE(Catalog::Open(path_, Catalog::Options()).ok());
  EXPECT_EQ(Count(path_, "PRAGMA user_version"), Catalog::kSchemaVersion);
}

// A catalog written by schema 3 (tests/catalog/data/catalog-v3.db) gains the lifecycle: each
// job's free-text status becomes a state, audited when it says something else; the operation
// log starts empty; nothing else changes.
class MigrationFromV3Test : public UpgradeTest {
 protected:
  void SetUp() override { OpenFixture(3); }
};

TEST_F(MigrationFromV3Test, StatusesBecomeLifecycleStatesAndNothingIsLost) {
  EXPECT_EQ(Count(path_, "PRAGMA user_version"), Catalog::kSchemaVersion);
  const Job cdc = cat_->GetJob("/warehouse/cdc/emp_1").value();
  EXPECT_EQ(cdc.state, JobState::kRunning) << "it has an open run";
  EXPECT_EQ(cdc.desired, DesiredState::kRunning);
  EXPECT_EQ(cdc.version, 0);
  EXPECT_EQ(cat_->GetJob("/warehouse/orders")->state, JobState::kNew);
  EXPECT_EQ(cat_->GetJob("/warehouse/cdc/emp_2")->state, JobState::kCancelled);
  EXPECT_EQ(cat_->GetJob("/warehouse/cdc/emp_2")->savepoint_retain_count, 3);
  EXPECT_EQ(cat_->GetJob("/legacy")->state, JobState::kNew) << "never ran";
  // Audited: STOPPED and the host's own word; not RUNNING (already a state's name) nor the
  // default CREATED of a job that never ran.
  std::map<std::string, Event> changed;
  const std::vector<Event> events = cat_->ListEvents("", 1000).value();
  for (const Event& e : events) {
    if (e.action != "job.state") continue;
    EXPECT_EQ(e.actor, "upgrader");
    EXPECT_EQ(e.cause, "catalog schema 4");
    EXPECT_FALSE(e.from_state.has_value());
    changed[e.job] = e;
  }
  ASSERT_EQ(changed.size(), 2u);
  EXPECT_EQ(changed.at("/warehouse/cdc/emp_2").detail,
            "status 'STOPPED' became CANCELLED: as its status said");
  EXPECT_EQ(changed.at("/warehouse/cdc/emp_2").to_state, JobState::kCancelled);
  EXPECT_EQ(changed.at("/legacy").detail, "status 'paused by ops' became NEW: it never ran");
  EXPECT_EQ(Count(path_, "SELECT count(*) FROM events"), events_before_ + 2);
  EXPECT_TRUE(cat_->ListOperations("", false).value().empty());

  // Schema 3's records are all there: the savepoint's trigger id, the runs, the ONCE path.
  const auto snaps = cat_->ListSnapshots("/warehouse/cdc/emp_1").value();
  ASSERT_EQ(snaps.size(), 5u);
  bool trigger = false;
  for (const SnapshotRecord& r : snaps) {
    trigger = trigger || r.trigger_id == "0123456789abcdef0123456789abcdef";
  }
  EXPECT_TRUE(trigger);
  EXPECT_EQ(cat_->ListRuns("/warehouse/cdc/emp_1")->size(), 2u);
  EXPECT_EQ(cat_->GetJob("/warehouse/orders")->once_path, kSp + "/savepoint-c00000-00000000000c");

  // Reopening changes nothing more.
  cat_.reset();
  EXPECT_TRUE(Catalog::Open(path_, Catalog::Options()).ok());
  EXPECT_EQ(Count(path_, "SELECT count(*) FROM events"), events_before_ + 2);
}

// A catalog written by schema 4 (tests/catalog/data/catalog-v4.db) gains how the lifecycle
// submits to a cluster: a deployment (unknown: a session cluster) and no runner; nothing else
// changes, the operation log and the states included.
class MigrationFromV4Test : public UpgradeTest {
 protected:
  void SetUp() override { OpenFixture(4); }
};

TEST_F(MigrationFromV4Test, ClustersGainTheirRunnerAndNothingIsLost) {
  EXPECT_EQ(Count(path_, "PRAGMA user_version"), Catalog::kSchemaVersion);
  const std::vector<Cluster> clusters = cat_->ListClusters().value();
  ASSERT_EQ(clusters.size(), 2u);
  const Cluster& prod = clusters[1];
  EXPECT_EQ(prod.name, "prod");
  EXPECT_EQ(prod.sql_gateway_url, "http://127.0.0.1:8083");
  EXPECT_EQ(prod.flink_version, "1.14");
  EXPECT_EQ(prod.deployment, config::Deployment::kUnknown);
  EXPECT_EQ(prod.runner_jar, "");
  EXPECT_EQ(prod.runner_upload, "");
  EXPECT_EQ(Count(path_, "SELECT count(*) FROM events"), events_before_) << "nothing to audit";

  // Schema 4's lifecycle records are all there.
  const Job orders = cat_->GetJob("/warehouse/orders").value();
  EXPECT_EQ(orders.cluster, "dr") << "moved by the lifecycle";
  EXPECT_EQ(orders.version, 1);
  EXPECT_EQ(orders.once_path, "file:///opt/flink/volume/flink-sp/savepoint-c00000-00000000000c");
  const std::vector<Operation> ops = cat_->ListOperations("", false).value();
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].kind, OperationKind::kMove);
  EXPECT_EQ(ops[0].phase, OperationPhase::kDone);
  EXPECT_EQ(ops[0].params, R"({"from":"prod","to":"dr"})");
  const Job cdc = cat_->GetJob("/warehouse/cdc/emp_1").value();
  EXPECT_EQ(cdc.strategy, RestoreStrategy::kLatestSavepoint);
  EXPECT_THAT(cdc.script, HasSubstr("${secret:"));
  const std::vector<catalog::Run> runs = cat_->ListRuns("/warehouse/cdc/emp_1").value();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].claim_mode, ClaimMode::kLegacy);
  EXPECT_FALSE(runs[1].ended_ms);
  bool trigger = false;
  const std::vector<SnapshotRecord> snaps = cat_->ListSnapshots("/warehouse/cdc/emp_1").value();
  for (const SnapshotRecord& r : snaps) {
    trigger = trigger || r.trigger_id == "0123456789abcdef0123456789abcdef";
  }
  EXPECT_TRUE(trigger);

  // The new columns work: a runner named, its upload recorded, kept while the jar stays.
  Cluster c = prod;
  c.deployment = config::Deployment::kSession;
  c.runner_jar = "/opt/flowstate/runner.jar";
  c.runner_entry_class = "org.example.Runner";
  ASSERT_TRUE(cat_->PutCluster(c).ok());
  ASSERT_TRUE(cat_->SetRunnerUpload("prod", "abc_runner.jar", "f1").ok());
  c.runner_args = "--script {script_base64}";
  Cluster again = cat_->PutCluster(c).value();
  EXPECT_EQ(again.runner_upload, "abc_runner.jar") << "the same jar: its upload stays";
  EXPECT_EQ(again.deployment, config::Deployment::kSession);
  c.runner_jar = "/opt/flowstate/runner-2.jar";
  EXPECT_EQ(cat_->PutCluster(c)->runner_upload, "") << "another jar: uploaded again";
  EXPECT_EQ(cat_->SetRunnerUpload("nope", "x", "y").code(), Code::kNotFound);

  // Reopening changes nothing more.
  cat_.reset();
  EXPECT_TRUE(Catalog::Open(path_, Catalog::Options()).ok());
  EXPECT_EQ(Count(path_, "PRAGMA user_version"), Catalog::kSchemaVersion);
}

class MigrationFromV5Test : public UpgradeTest {
 protected:
  void SetUp() override { OpenFixture(5); }
};

TEST_F(MigrationFromV5Test, JobsGainWhatRoundsKeepAndNothingIsLost) {
  EXPECT_EQ(Count(path_, "PRAGMA user_version"), Catalog::kSchemaVersion);
  EXPECT_EQ(Count(path_, "SELECT count(*) FROM events"), events_before_) << "nothing to audit";
  // Schema 5's clusters with their runner.
  const Cluster prod = cat_->GetCluster("prod").value();
  EXPECT_EQ(prod.deployment, config::Deployment::kSession);
  EXPECT_EQ(prod.runner_jar, "/opt/flowstate/flowstate-runner.jar");
  EXPECT_EQ(prod.runner_entry_class, "org.flowstate.Runner");
  EXPECT_EQ(prod.runner_args,
            "--script-base64 {script_base64} --config-json {config_json} --name {job_name}");
  EXPECT_EQ(cat_->GetCluster("dr")->deployment, config::Deployment::kApplication);
  EXPECT_EQ(cat_->GetJob("/warehouse/orders")->cluster, "dr");
  EXPECT_THAT(cat_->GetJob("/warehouse/cdc/emp_1")->script, HasSubstr("${secret:"));
  EXPECT_EQ(cat_->ListSnapshots("/warehouse/cdc/emp_1")->size(), 1u);
  EXPECT_EQ(cat_->ListOperations("", false)->size(), 1u);

  // The open run is watched, with nothing kept of it yet; the ended one is not.
  const std::vector<Watched> watched = cat_->WatchList({}).value();
  ASSERT_EQ(watched.size(), 1u);
  EXPECT_EQ(watched[0].path, "/warehouse/cdc/emp_1");
  EXPECT_EQ(watched[0].run->flink_job_id, "a0000000000000000000000000000005");
  EXPECT_EQ(watched[0].cluster, "prod");
  EXPECT_EQ(watched[0].watch.failed_probes, 0);
  EXPECT_FALSE(watched[0].watch.observed_ms);
  EXPECT_FALSE(watched[0].in_flight);
  EXPECT_TRUE(cat_->WatchList({"dr"})->empty());

  // The new table works: a round's findings, written and read back.
  Observation o;
  o.job_id = watched[0].job_id;
  o.expected_version = watched[0].version;
  Watch w;
  w.flink_status = "RUNNING";
  w.observed_ms = 7'000;
  w.captured_run = watched[0].run->id;
  w.captured_id = 4;
  o.watch = w;
  SnapshotRecord r;
  r.path = "file:///opt/flink/volume/flink-cp/a0000000000000000000000000000005/chk-4";
  r.checkpoint_id = 4;
  r.completion_ms = 6'500;
  o.snapshots = {r, r};  // a duplicate is left as it is
  o.disposed = {"file:///opt/flink/volume/flink-cp/a0000000000000000000000000000005/chk-3"};
  const RoundWrite written = cat_->RecordRound({o}).value();
  EXPECT_EQ(written.recorded.size(), 1u);
  EXPECT_EQ(written.disposed, 1);
  const Watch back = cat_->GetWatch("/warehouse/cdc/emp_1").value();
  EXPECT_EQ(back.flink_status, "RUNNING");
  EXPECT_EQ(back.captured_id, 4);
  // A round that read an older version of the job is left out.
  o.watch->flink_status = "FAILED";
  o.expected_version -= 1;
  EXPECT_EQ(cat_->RecordRound({o})->skipped.size(), 1u);
  EXPECT_EQ(cat_->GetWatch("/warehouse/cdc/emp_1")->flink_status, "RUNNING");

  cat_.reset();
  EXPECT_TRUE(Catalog::Open(path_, Catalog::Options()).ok());
  EXPECT_EQ(Count(path_, "PRAGMA user_version"), Catalog::kSchemaVersion);
}

}  // namespace
}  // namespace flowstate::core::catalog
