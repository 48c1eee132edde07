// What users entrust to the catalog stays theirs: secrets per job, scripts whole or refused,
// one record per location, retention that leaves live state alone, reads that never write,
// one open run per job, and a first start that does not need an override.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>

#include "../storage/metadata_builder.h"
#include "../storage/storage_test_util.h"
#include "catalog/catalog.h"
#include "vault.h"

namespace flowstate::core::catalog {
namespace {

namespace fs = std::filesystem;
using flowstate::testing::SetMtime;
using flowstate::testing::TempDir;
using flowstate::testing::ValidMetadata;
using flowstate::testing::WriteFile;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::Vault;

using RunRecord = flowstate::core::catalog::Run;

const std::string kRun1 = "a0000000000000000000000000000001";
const std::string kRun2 = "a0000000000000000000000000000002";

std::string Script(const std::string& password) {
  return "CREATE TABLE src (id INT) WITH (\n  'connector' = 'mysql-cdc',\n  'password' = '" +
         password + "'\n);\nINSERT INTO sink SELECT * FROM src;\n";
}

class SafetyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Catalog::Options o;
    o.actor = "tester";
    o.clock = [this] { return now_; };
    cat_ = std::move(Catalog::Open(Path(), o).value());
    storage_ = std::move(storage::Storage::Create(storage::StorageConfig()).value());
  }
  std::string Path() const { return (dir_.path() / "catalog.db").string(); }
  Job AddJob(const std::string& folder, const std::string& name,
             RestoreStrategy strategy = RestoreStrategy::kLatestState) {
    Job j;
    j.folder = folder;
    j.name = name;
    j.strategy = strategy;
    return cat_->AddJob(j).value();
  }
  // A complete checkpoint on disk; its path.
  std::string CheckpointOnDisk(const fs::path& root, const std::string& run, int n, int64_t t) {
    fs::path d = root / run / ("chk-" + std::to_string(n));
    WriteFile(d / "_metadata", ValidMetadata(4, n));
    SetMtime(d / "_metadata", t);
    SetMtime(d, t);
    return "file://" + d.string();
  }
  SnapshotRecord Record(const Job& job, const std::string& path, int64_t t,
                        std::optional<int64_t> run = {},
                        storage::SnapshotKind kind = storage::SnapshotKind::kCheckpoint,
                        Origin origin = Origin::kPeriodic) {
    SnapshotRecord s;
    s.job_id = job.id;
    s.run_id = run;
    s.kind = kind;
    s.path = path;
    s.completion_ms = t;
    s.origin = origin;
    return cat_->AddSnapshot(s).value();
  }

  TempDir dir_;
  int64_t now_ = 1'700'000'000'000;
  std::unique_ptr<Catalog> cat_;
  std::unique_ptr<storage::Storage> storage_;
};

// ---- 1. secrets of two jobs of one name --------------------------------------------------

TEST_F(SafetyTest, JobsOfOneNameInTwoFoldersKeepTheirOwnSecrets) {
  const Job a = AddJob("/warehouse/cdc", "emp_1");
  const Job b = AddJob("/warehouse/other", "emp_1");
  Vault vault;
  auto sa = cat_->SaveScript("/warehouse/cdc/emp_1", Script("cdc-secret"), &vault);
  auto sb = cat_->SaveScript("/warehouse/other/emp_1", Script("other-secret"), &vault);
  ASSERT_TRUE(sa.ok() && sb.ok());
  EXPECT_EQ(sa->moved[0].name, "job." + std::to_string(a.id) + ".src.password");
  EXPECT_EQ(sb->moved[0].name, "job." + std::to_string(b.id) + ".src.password");
  EXPECT_THAT(*cat_->ResolveScript("/warehouse/cdc/emp_1", vault), HasSubstr("'cdc-secret'"));
  EXPECT_THAT(*cat_->ResolveScript("/warehouse/other/emp_1", vault), HasSubstr("'other-secret'"));

  // A move or a rename keeps the names: the id does not change.
  ASSERT_TRUE(cat_->MoveJob("/warehouse/cdc/emp_1", "/archive", "emp_1_old").ok());
  EXPECT_THAT(*cat_->ResolveScript("/archive/emp_1_old", vault), HasSubstr("'cdc-secret'"));
  ASSERT_TRUE(cat_->AddJob([] {
                    Job j;
                    j.folder = "/warehouse/cdc";
                    j.name = "emp_1";
                    return j;
                  }())
                  .ok());
  auto third = cat_->SaveScript("/warehouse/cdc/emp_1", Script("third"), &vault);
  ASSERT_TRUE(third.ok());
  EXPECT_THAT(*cat_->ResolveScript("/archive/emp_1_old", vault), HasSubstr("'cdc-secret'"))
      << "a new job under the old path has names of its own";

  // The values go with the job.
  auto removed = cat_->RemoveJob("/archive/emp_1_old", &vault);
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(removed->removed, std::vector<std::string>{sa->moved[0].name});
  EXPECT_TRUE(removed->left.empty());
  EXPECT_EQ(vault.values.count(sa->moved[0].name), 0u);
  EXPECT_EQ(vault.values.at(sb->moved[0].name), "other-secret");
}

TEST_F(SafetyTest, AStoreThatCannotRemoveKeepsTheValuesAndTheCatalogSaysWhich) {
  const Job a = AddJob("/w", "emp");
  Vault old_store(/*can_remove=*/false);
  ASSERT_TRUE(cat_->SaveScript("/w/emp", Script("pw"), &old_store).ok());
  auto removed = cat_->RemoveJob("/w/emp", &old_store);
  ASSERT_TRUE(removed.ok());
  EXPECT_FALSE(cat_->GetJob("/w/emp").ok()) << "the job goes all the same";
  ASSERT_EQ(removed->left.size(), 1u);
  EXPECT_EQ(removed->left[0].first, "job." + std::to_string(a.id) + ".src.password");
  EXPECT_THAT(removed->left[0].second, HasSubstr("cannot remove"));
  EXPECT_EQ(old_store.values.size(), 1u);
  auto events = cat_->ListEvents(std::to_string(a.id), 1);
  EXPECT_EQ((*events)[0].action, "secret.remove");
  EXPECT_EQ((*events)[0].outcome, "failed");
  EXPECT_THAT((*events)[0].detail, HasSubstr(removed->left[0].first));
  EXPECT_THAT((*events)[0].detail, Not(HasSubstr("pw'")));
}

TEST_F(SafetyTest, SavingAgainRemovesValuesTheScriptNoLongerHoldsAndCopiesForeignReferences) {
  const Job a = AddJob("/w", "a");
  const Job b = AddJob("/w", "b");
  Vault vault;
  ASSERT_TRUE(
      cat_->SaveScript("/w/a", Script("pw-a") + "SET 'sink.password' = 'x';\n", &vault).ok());
  const std::string prefix = "job." + std::to_string(a.id) + ".";
  ASSERT_EQ(vault.values.count(prefix + "set.sink.password"), 1u);
  ASSERT_TRUE(cat_->SaveScript("/w/a", Script("pw-a2"), &vault).ok());
  EXPECT_EQ(vault.values.count(prefix + "set.sink.password"), 0u) << "no longer referred to";
  EXPECT_EQ(vault.values.at(prefix + "src.password"), "pw-a2");
  // A stored script taken from job a into job b: its values are copied to b's names, so
  // that b keeps working when a goes.
  const std::string stored_a = cat_->GetJob("/w/a")->script;
  auto sb = cat_->SaveScript("/w/b", stored_a, &vault);
  ASSERT_TRUE(sb.ok()) << sb.status().ToString();
  EXPECT_THAT(sb->stored, HasSubstr("${secret:job." + std::to_string(b.id) + ".src.password}"));
  ASSERT_TRUE(cat_->RemoveJob("/w/a", &vault).ok());
  EXPECT_THAT(*cat_->ResolveScript("/w/b", vault), HasSubstr("'pw-a2'"));
  EXPECT_EQ((*cat_->ListEvents("/w/b", 1))[0].action, "secret.copy");
}

// ---- 2. scripts are text ---------------------------------------------------------------

TEST_F(SafetyTest, ScriptsThatAreNotTextAreRefusedWithTheirPosition) {
  AddJob("/w", "bin");
  Vault vault;
  std::string binary = "SELECT 1;\nSELECT 2";
  binary += '\0';
  binary += std::string(4096, '\x7f');
  auto st = cat_->SaveScript("/w/bin", binary, &vault);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(st.status().message(), HasSubstr("2:9: byte offset 18: a NUL byte"));
  EXPECT_EQ(cat_->GetJob("/w/bin")->script, "") << "nothing stored";
  const std::string gbk = "-- \xCA\xFD\xBE\xDD\nSELECT 1;\n";  // 数据 in GBK
  auto g = cat_->SaveScript("/w/bin", gbk, &vault);
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(g.status().message(), HasSubstr("1:4: byte offset 3"));
  EXPECT_THAT(g.status().message(), HasSubstr("GBK"));
  // UTF-8 text goes in and comes out whole.
  const std::string utf8 = "-- 员工表\nSELECT '✓';\n";
  ASSERT_TRUE(cat_->SaveScript("/w/bin", utf8, &vault).ok());
  EXPECT_EQ(cat_->GetJob("/w/bin")->script, utf8);
  EXPECT_EQ(*cat_->ResolveScript("/w/bin", vault), utf8);
}

// ---- 3. one record per location ----------------------------------------------------------

TEST_F(SafetyTest, OneLocationIsOneRecordInWhateverSpelling) {
  const Job j = AddJob("/w", "emp");
  auto first = cat_->AddSnapshot([&] {
    SnapshotRecord s;
    s.job_id = j.id;
    s.path = "file:///d/" + kRun1 + "/chk-7";
    s.completion_ms = 1000;
    return s;
  }());
  ASSERT_TRUE(first.ok());
  for (const std::string& spelling :
       {"file:/d/" + kRun1 + "/chk-7", "/d/" + kRun1 + "/chk-7/", "/d//" + kRun1 + "/./chk-7"}) {
    SnapshotRecord s;
    s.job_id = j.id;
    s.path = spelling;
    auto again = cat_->AddSnapshot(s);
    ASSERT_FALSE(again.ok()) << spelling;
    EXPECT_EQ(again.status().code(), Code::kAlreadyExists) << spelling;
    EXPECT_THAT(again.status().message(), HasSubstr("given as " + spelling));
  }
  EXPECT_EQ(cat_->ListSnapshots("/w/emp")->size(), 1u);
  EXPECT_EQ(cat_->FindSnapshot("/w/emp", "/d/" + kRun1 + "/chk-7/")->id, first->id);
  // A relative path is no location.
  SnapshotRecord rel;
  rel.job_id = j.id;
  rel.path = "chk-8";
  EXPECT_EQ(cat_->AddSnapshot(rel).status().code(), Code::kInvalidArgument);

  // A ONCE path in another spelling is linked to the record: in the decision and the run.
  ASSERT_TRUE(cat_->SetOnce("/w/emp", "file:/d/" + kRun1 + "//chk-7/").ok());
  EXPECT_EQ(*cat_->GetJob("/w/emp")->once_path, "file:///d/" + kRun1 + "/chk-7");
  RestoreOptions o;
  o.verify = false;
  auto d = cat_->ResolveRestore("/w/emp", nullptr, o);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->snapshot_id, first->id);
  EXPECT_EQ(d->candidates.at(0).snapshot_id, first->id);
  RunRecord r;
  r.restored_from = "/d/" + kRun1 + "/chk-7";
  r.claim_mode = ClaimMode::kClaim;
  auto run = cat_->StartRun("/w/emp", r);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->restored_snapshot, first->id);
  EXPECT_EQ(run->restored_from, "file:///d/" + kRun1 + "/chk-7");
  EXPECT_EQ(cat_->GetSnapshot(first->id)->claimed_by_run, run->id)
      << "CLAIM marks the linked record";
  // A ONCE path must be an absolute location.
  Status relative = cat_->SetOnce("/w/emp", "savepoint-1");
  EXPECT_EQ(relative.code(), Code::kInvalidArgument);
  EXPECT_THAT(relative.message(), HasSubstr("absolute location"));
}

TEST_F(SafetyTest, RecordsAreRemovedAloneOrWithTheirFilesFirst) {
  const Job j = AddJob("/w", "emp");
  const fs::path root = dir_.path() / "cp";
  const std::string c1 = CheckpointOnDisk(root, kRun1, 1, 1000);
  const std::string c2 = CheckpointOnDisk(root, kRun1, 2, 2000);
  const SnapshotRecord r1 = Record(j, c1, 1000);
  const SnapshotRecord r2 = Record(j, c2, 2000);
  ASSERT_TRUE(cat_->RemoveSnapshot(r1.id).ok());
  EXPECT_EQ(cat_->GetSnapshot(r1.id).status().code(), Code::kNotFound);
  EXPECT_TRUE(fs::exists(root / kRun1 / "chk-1")) << "the record only: the files stay";
  ASSERT_TRUE(cat_->RemoveSnapshot(r2.id, storage_.get()).ok());
  EXPECT_FALSE(fs::exists(root / kRun1 / "chk-2"));
  EXPECT_EQ(cat_->GetSnapshot(r2.id).status().code(), Code::kNotFound);
  // A live run's checkpoint is Flink's: its files are not deleted by hand either.
  RunRecord run;
  run.flink_job_id = kRun2;
  const RunRecord open = cat_->StartRun("/w/emp", run).value();
  const SnapshotRecord live = Record(j, CheckpointOnDisk(root, kRun2, 1, 3000), 3000, open.id);
  Status refused = cat_->RemoveSnapshot(live.id, storage_.get());
  EXPECT_EQ(refused.code(), Code::kIllegalState);
  EXPECT_THAT(refused.message(), HasSubstr("is open"));
  EXPECT_TRUE(fs::exists(root / kRun2 / "chk-1"));
  EXPECT_TRUE(cat_->GetSnapshot(live.id).ok());
  auto events = cat_->ListEvents("/w/emp", 10);
  int removals = 0;
  for (const Event& e : *events) removals += e.action == "snapshot.remove";
  EXPECT_EQ(removals, 2);
}

// ---- 4. retention leaves live state alone ------------------------------------------------

TEST_F(SafetyTest, RetentionNeverTouchesCheckpointsOfAnOpenRun) {
  Job j = AddJob("/w", "emp", RestoreStrategy::kLatestCheckpoint);
  j.retain_count = 1;
  ASSERT_TRUE(cat_->UpdateJob(j).ok());
  const fs::path root = dir_.path() / "cp";
  RunRecord r;
  r.flink_job_id = kRun1;
  const RunRecord running = cat_->StartRun("/w/emp", r).value();
  // Flink retains three; one is recorded with its run, one without (found on storage, in the
  // run's <job id>/ directory), one in a directory no run wrote.
  Record(j, CheckpointOnDisk(root, kRun1, 1, 1000), 1000, running.id);
  Record(j, CheckpointOnDisk(root, kRun1, 2, 2000), 2000, std::nullopt,
         storage::SnapshotKind::kCheckpoint, Origin::kDiscoveredOnStorage);
  Record(j, "file:///elsewhere/chk-9", 2500, std::nullopt, storage::SnapshotKind::kCheckpoint,
         Origin::kRetainedCheckpoint);
  Record(j, CheckpointOnDisk(root, kRun1, 3, 3000), 3000, running.id);
  PruneOptions dry;
  dry.dry_run = true;
  auto plan = cat_->Prune("/w/emp", *storage_, dry);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->deleted.empty()) << plan->deleted.front().path;
  ASSERT_EQ(plan->kept.size(), 3u);
  EXPECT_THAT(plan->kept[0].second, HasSubstr("no run can be told to have written it"));
  EXPECT_THAT(plan->kept[1].second, HasSubstr("open run " + std::to_string(running.id)));
  EXPECT_THAT(plan->kept[2].second, HasSubstr("is open: Flink owns its checkpoints"));
  // Once the run ended, retention applies to them.
  ASSERT_TRUE(cat_->EndRun(running.id, "CANCELED").ok());
  auto after = cat_->Prune("/w/emp", *storage_, dry);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->deleted.size(), 3u);
}

TEST_F(SafetyTest, SavepointsHaveRetentionOfTheirOwn) {
  Job j = AddJob("/w", "emp");
  j.retain_count = 1;  // checkpoints only
  ASSERT_TRUE(cat_->UpdateJob(j).ok());
  const fs::path sp = dir_.path() / "sp";
  std::vector<int64_t> ids;
  int n = 0;
  for (Origin o : {Origin::kStop, Origin::kCancel, Origin::kTriggered}) {
    const fs::path d = sp / ("savepoint-a00000-00000000000" + std::to_string(++n));
    WriteFile(d / "_metadata", ValidMetadata(4, 1, 16, true));
    ids.push_back(Record(j, "file://" + d.string(), n * 1000, std::nullopt,
                         storage::SnapshotKind::kSavepoint, o)
                      .id);
  }
  auto plan = cat_->Prune("/w/emp", *storage_, {});
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->deleted.empty()) << "the checkpoint retention never takes a savepoint";
  j = cat_->GetJob("/w/emp").value();
  j.savepoint_retain_count = 1;
  ASSERT_TRUE(cat_->UpdateJob(j).ok());
  EXPECT_EQ(cat_->GetJob("/w/emp")->savepoint_retain_count, 1);
  auto done = cat_->Prune("/w/emp", *storage_, {});
  ASSERT_TRUE(done.ok());
  ASSERT_EQ(done->deleted.size(), 2u) << "savepoints of any origin, by their own count";
  EXPECT_EQ(cat_->GetSnapshot(ids[2])->state, SnapshotState::kCompleted);
  EXPECT_EQ(cat_->GetSnapshot(ids[0])->state, SnapshotState::kDisposed);
  EXPECT_FALSE(fs::exists(sp / "savepoint-a00000-000000000001"));
  j.savepoint_retain_count = -1;
  EXPECT_EQ(cat_->UpdateJob(j).status().code(), Code::kInvalidArgument);
}

// ---- 5. reads never write ----------------------------------------------------------------

std::string FileBytes(const std::string& path) { return flowstate::testing::ReadFile(path); }

TEST_F(SafetyTest, ReadOnlyOpensNeverCreateOrUpgrade) {
  Catalog::Options ro;
  ro.read_only = true;
  const std::string absent = (dir_.path() / "absent.db").string();
  EXPECT_EQ(Catalog::Open(absent, ro).status().code(), Code::kNotFound);
  EXPECT_FALSE(fs::exists(absent));
  const std::string empty = (dir_.path() / "empty.db").string();
  WriteFile(empty, "");
  auto e = Catalog::Open(empty, ro);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), Code::kNotFound);
  EXPECT_THAT(e.status().message(), HasSubstr("the file is empty"));
  EXPECT_EQ(fs::file_size(empty), 0u) << "a read turns no file into a catalog";
  // A catalog of the previous schema is not upgraded by a read.
  const std::string old = (dir_.path() / "v1.db").string();
  fs::copy_file(std::string(FLOWSTATE_SOURCE_DIR) + "/tests/catalog/data/catalog-v1.db", old);
  const std::string before = FileBytes(old);
  auto o = Catalog::Open(old, ro);
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().code(), Code::kUnsupportedVersion);
  EXPECT_THAT(o.status().message(), HasSubstr("flowstate catalog upgrade"));
  EXPECT_EQ(FileBytes(old), before);
  // A reader that may write the directory leaves SQLite's -wal and -shm files, as any
  // SQLite reader of a WAL file does; nothing is written to the -wal.
  EXPECT_TRUE(!fs::exists(old + "-wal") || fs::file_size(old + "-wal") == 0);
}

// Runs `body` as a user who may not write the catalog's directory or file: as root, in a
// child process that became `nobody`; otherwise with the write permissions taken away.
// Returns the child's exit status (0: body returned true).
int AsReader(const fs::path& dir, const std::function<bool()>& body) {
  ::chmod(dir.c_str(), 0555);
  for (const auto& f : fs::directory_iterator(dir)) ::chmod(f.path().c_str(), 0444);
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
    ::_exit(body() ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::chmod(dir.c_str(), 0755);
  for (const auto& f : fs::directory_iterator(dir)) ::chmod(f.path().c_str(), 0644);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

TEST_F(SafetyTest, AReaderWithoutWritePermissionReadsWithAndWithoutTheWalFiles) {
  AddJob("/w", "emp");
  const fs::path dir = dir_.path() / "ro";
  fs::create_directories(dir);
  ::chmod(dir_.path().c_str(), 0755);
  const std::string path = (dir / "catalog.db").string();
  auto read = [&path] {
    Catalog::Options ro;
    ro.read_only = true;
    auto c = Catalog::Open(path, ro);
    if (!c.ok()) {
      fprintf(stderr, "open: %s\n", c.status().ToString().c_str());
      return false;
    }
    auto jobs = (*c)->FindJobs({});
    if (!jobs.ok() || jobs->size() != 1) {
      fprintf(stderr, "read: %s\n", jobs.status().ToString().c_str());
      return false;
    }
    return (*c)->Tree("/").ok();
  };
  {
    Catalog::Options o;
    auto w = Catalog::Open(path, o);
    ASSERT_TRUE(w.ok());
    Job j;
    j.folder = "/w";
    j.name = "emp";
    ASSERT_TRUE((*w)->AddJob(j).ok());
    // A writer has it open: -wal and -shm exist (SQLite's read-only WAL mode, mode=ro).
    ASSERT_TRUE(fs::exists(path + "-wal"));
    ASSERT_TRUE(fs::exists(path + "-shm"));
    EXPECT_EQ(AsReader(dir, read), 0) << "with -wal and -shm";
  }
  // The writer closed: no -wal, no -shm, and the reader cannot create them (immutable).
  ASSERT_FALSE(fs::exists(path + "-wal"));
  EXPECT_EQ(AsReader(dir, read), 0) << "without -wal and -shm";
  EXPECT_FALSE(fs::exists(path + "-wal"));
  EXPECT_FALSE(fs::exists(path + "-shm"));
}

// ---- 6. one open run per job -------------------------------------------------------------

TEST_F(SafetyTest, OneOpenRunPerJob) {
  const Job j = AddJob("/w", "emp");
  RunRecord r;
  r.flink_job_id = kRun1;
  const RunRecord first = cat_->StartRun("/w/emp", r).value();
  auto second = cat_->StartRun("/w/emp", {});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Code::kIllegalState);
  EXPECT_THAT(second.status().message(),
              HasSubstr("run " + std::to_string(first.id) + " (Flink job " + kRun1));
  // The schema holds it too, for writers that bypass the check.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(Path().c_str(), &db), SQLITE_OK);
  const std::string insert =
      "INSERT INTO runs(job_id, started_ms) VALUES(" + std::to_string(j.id) + ", 1)";
  EXPECT_EQ(sqlite3_exec(db, insert.c_str(), nullptr, nullptr, nullptr) & 0xff, SQLITE_CONSTRAINT);
  sqlite3_close(db);
  // A past run may be recorded while one is open.
  RunRecord past;
  past.started_ms = 10;
  past.ended_ms = 20;
  past.final_status = "FINISHED";
  EXPECT_TRUE(cat_->StartRun("/w/emp", past).ok());
  // Restart: the old run ends and the new one starts in one step; a stale expectation of
  // which run is open changes nothing.
  auto stale = cat_->RestartRun("/w/emp", first.id + 100, "CANCELED", {});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), Code::kIllegalState);
  EXPECT_EQ(cat_->ListRuns("/w/emp")->size(), 2u);
  RunRecord next;
  next.flink_job_id = kRun2;
  next.started_ms = now_ + 5;
  auto restarted = cat_->RestartRun("/w/emp", first.id, "CANCELED", next);
  ASSERT_TRUE(restarted.ok()) << restarted.status().ToString();
  auto runs = cat_->ListRuns("/w/emp").value();
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].final_status, "CANCELED");
  EXPECT_EQ(runs[0].ended_ms, now_ + 5);
  EXPECT_FALSE(runs[2].ended_ms);
  // Every run event names its job.
  ASSERT_TRUE(cat_->EndRun(restarted->id, "FAILED").ok());
  const std::vector<Event> events = cat_->ListEvents("/w/emp", 20).value();
  for (const Event& e : events) {
    if (e.action.rfind("run.", 0) != 0) continue;
    EXPECT_EQ(e.job_id, j.id) << e.action;
    EXPECT_EQ(e.job, "/w/emp") << e.action;
  }
}

TEST_F(SafetyTest, ClearingOnceSaysWhatWasDropped) {
  AddJob("/w", "emp");
  EXPECT_EQ(*cat_->ClearOnce("/w/emp"), std::nullopt);
  ASSERT_TRUE(cat_->SetOnce("/w/emp", "/sp/savepoint-a00000-000000000001/").ok());
  EXPECT_EQ(*cat_->ClearOnce("/w/emp"), "file:///sp/savepoint-a00000-000000000001");
}

// ---- 7. the first start of a new job -----------------------------------------------------

TEST_F(SafetyTest, ANewJobStartsEmptyOnlyWhenStorageHoldsNothingForIt) {
  Cluster k;
  k.name = "prod";
  k.flink_version = "1.20";
  k.checkpoint_dir = (dir_.path() / "shared-cp").string();
  ASSERT_TRUE(cat_->PutCluster(k).ok());
  // Other jobs' state in the cluster's shared directory cannot be this job's.
  CheckpointOnDisk(dir_.path() / "shared-cp", kRun2, 1, 1000);
  Job j;
  j.folder = "/w";
  j.name = "new";
  j.cluster = "prod";
  ASSERT_TRUE(cat_->AddJob(j).ok());
  auto d = cat_->ResolveRestore("/w/new", storage_.get(), {});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_FALSE(d->path);
  EXPECT_THAT(d->reasons.back(), HasSubstr("the job's first start"));
  // Recorded as such when it starts.
  ASSERT_TRUE(cat_->StartRun("/w/new", {}).ok());
  EXPECT_THAT((*cat_->ListEvents("/w/new", 1))[0].detail,
              HasSubstr("the job's first start, without state"));

  // A new job whose own checkpoint directory holds state is not started empty.
  Job own;
  own.folder = "/w";
  own.name = "adopted";
  own.checkpoint_dir = (dir_.path() / "adopted-cp").string();
  ASSERT_TRUE(cat_->AddJob(own).ok());
  const std::string found = CheckpointOnDisk(dir_.path() / "adopted-cp", kRun1, 4, 2000);
  auto refused = cat_->ResolveRestore("/w/adopted", storage_.get(), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kIllegalState);
  EXPECT_THAT(refused.status().message(), HasSubstr(found));
  // Without storage nothing confirms that a first start is one.
  RestoreOptions blind;
  blind.verify = false;
  blind.discover = false;
  auto unsure = cat_->ResolveRestore("/w/new2", nullptr, blind);
  EXPECT_EQ(unsure.status().code(), Code::kNotFound);
  Job n2 = j;
  n2.name = "new2";
  ASSERT_TRUE(cat_->AddJob(n2).ok());
  unsure = cat_->ResolveRestore("/w/new2", nullptr, blind);
  ASSERT_FALSE(unsure.ok());
  EXPECT_THAT(unsure.status().message(), HasSubstr("storage was not searched"));
  // A job that ran before fails closed as it always did.
  auto ran = cat_->ResolveRestore("/w/new", storage_.get(), {});
  ASSERT_FALSE(ran.ok());
  EXPECT_THAT(ran.status().message(), HasSubstr("refusing to start empty"));
}

TEST_F(SafetyTest, TheDecisionNamesWhatStorageHoldsThatWasNeverRecorded) {
  Job j = AddJob("/w", "emp", RestoreStrategy::kLatestCheckpoint);
  j.checkpoint_dir = (dir_.path() / "cp").string();
  ASSERT_TRUE(cat_->UpdateJob(j).ok());
  RunRecord r;
  r.flink_job_id = kRun1;
  ASSERT_TRUE(cat_->StartRun("/w/emp", r).ok());
  const std::string unrecorded = CheckpointOnDisk(dir_.path() / "cp", kRun1, 9, 2000);
  auto d = cat_->ResolveRestore("/w/emp", storage_.get(), {});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_THAT(d->reasons[0],
              HasSubstr("storage holds " + unrecorded + ", which the catalog never recorded"));
}

}  // namespace
}  // namespace flowstate::core::catalog
