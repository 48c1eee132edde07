// The restore decision, reconciliation and retention, against real directory trees.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <set>
#include <string>
#include <vector>

#include "../storage/metadata_builder.h"
#include "../storage/storage_test_util.h"
#include "catalog/catalog.h"

namespace flowstate::core::catalog {
namespace {

namespace fs = std::filesystem;
using flowstate::testing::SetMtime;
using flowstate::testing::TempDir;
using flowstate::testing::ValidMetadata;
using flowstate::testing::WriteFile;
using ::testing::HasSubstr;

using RunRecord = flowstate::core::catalog::Run;

const std::string kRun1 = "a0000000000000000000000000000001";
const std::string kRun2 = "a0000000000000000000000000000002";

class DecisionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Catalog::Options o;
    o.clock = [this] { return now_; };
    cat_ = std::move(Catalog::Open((dir_.path() / "catalog.db").string(), o).value());
    storage_ = std::move(storage::Storage::Create(storage::StorageConfig()).value());
    Cluster c;
    c.name = "prod";
    c.flink_version = "1.20";
    c.checkpoint_dir = (dir_.path() / "cp").string();
    c.savepoint_dir = (dir_.path() / "sp").string();
    ASSERT_TRUE(cat_->PutCluster(c).ok());
    Job j;
    j.name = "orders";
    j.folder = "/cdc";
    j.cluster = "prod";
    j.strategy = RestoreStrategy::kLatestCheckpoint;
    job_ = cat_->AddJob(j).value();
  }

  // A complete checkpoint on disk (with its completion time) and, if asked, in the catalog.
  std::string Checkpoint(const std::string& run, int n, int64_t t, bool record = true,
                         int format = 4, std::optional<int64_t> run_id = {}) {
    fs::path d = dir_.path() / "cp" / run / ("chk-" + std::to_string(n));
    WriteFile(d / "_metadata", ValidMetadata(format, n));
    SetMtime(d / "_metadata", t);
    SetMtime(d, t);
    std::string path = "file://" + d.string();
    if (record) {
      SnapshotRecord s;
      s.job_id = job_.id;
      s.run_id = run_id;
      s.checkpoint_id = n;
      s.path = path;
      s.completion_ms = t * 1000;
      s.origin = Origin::kPeriodic;
      last_id_ = cat_->AddSnapshot(s).value().id;
    }
    return path;
  }
  std::string Savepoint(const std::string& suffix, int64_t t, Origin origin = Origin::kTriggered) {
    fs::path d = dir_.path() / "sp" / ("savepoint-a00000-" + suffix);
    WriteFile(d / "_metadata", ValidMetadata(4, 1, 16, true));
    SetMtime(d, t);
    std::string path = "file://" + d.string();
    SnapshotRecord s;
    s.job_id = job_.id;
    s.kind = storage::SnapshotKind::kSavepoint;
    s.path = path;
    s.completion_ms = t * 1000;
    s.origin = origin;
    last_id_ = cat_->AddSnapshot(s).value().id;
    return path;
  }
  RunRecord StartRun(const std::string& flink_job_id) {
    RunRecord r;
    r.flink_job_id = flink_job_id;
    return cat_->StartRun("/cdc/orders", r).value();
  }

  TempDir dir_;
  int64_t now_ = 10'000'000;
  std::unique_ptr<Catalog> cat_;
  std::unique_ptr<storage::Storage> storage_;
  Job job_;
  int64_t last_id_ = 0;
};

TEST_F(DecisionTest, NewestRestorableCheckpointSkippingBrokenOnes) {
  StartRun(kRun1);
  Checkpoint(kRun1, 5, 1000);
  const std::string good = Checkpoint(kRun1, 6, 2000);
  const std::string broken = Checkpoint(kRun1, 7, 3000);
  fs::resize_file(dir_.path() / "cp" / kRun1 / "chk-7" / "_metadata", 40);
  auto d = cat_->ResolveRestore("/cdc/orders", storage_.get(), {});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_TRUE(d->path);
  EXPECT_EQ(*d->path, good);
  EXPECT_EQ(d->strategy, "LATEST_CHECKPOINT");
  ASSERT_EQ(d->candidates.size(), 2u);
  EXPECT_EQ(d->candidates[0].path, broken);
  EXPECT_EQ(d->candidates[0].verdict, "CORRUPT");
  EXPECT_THAT(d->reasons[0], HasSubstr("skipped " + broken + ": CORRUPT"));
  EXPECT_THAT(d->reasons.back(), HasSubstr("the newest restorable checkpoint is " + good));
}

TEST_F(DecisionTest, StorageKnowsANewerCheckpointThanTheCatalog) {
  // The cluster died before the platform heard of chk-9.
  StartRun(kRun1);
  Checkpoint(kRun1, 8, 1000);
  const std::string unrecorded = Checkpoint(kRun1, 9, 2000, /*record=*/false);
  auto d = cat_->ResolveRestore("/cdc/orders", storage_.get(), {});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(*d->path, unrecorded);
  EXPECT_EQ(d->candidates[0].source, "storage");
  EXPECT_THAT(d->reasons[0], HasSubstr("which the catalog never recorded"));
  // Without discovery, the catalog's own newest.
  RestoreOptions o;
  o.discover = false;
  EXPECT_NE(*cat_->ResolveRestore("/cdc/orders", storage_.get(), o)->path, unrecorded);
}

TEST_F(DecisionTest, FailsClosedWhenNothingIsRestorable) {
  StartRun(kRun1);
  Checkpoint(kRun1, 3, 1000);
  fs::remove_all(dir_.path() / "cp" / kRun1 / "chk-3");
  auto d = cat_->ResolveRestore("/cdc/orders", storage_.get(), {});
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), Code::kIllegalState);
  EXPECT_THAT(d.status().message(), HasSubstr("refusing to start empty"));
  EXPECT_THAT(d.status().message(), HasSubstr("MISSING"));
  RestoreOptions open;
  open.fail_closed = false;
  auto empty = cat_->ResolveRestore("/cdc/orders", storage_.get(), open);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->path);
  EXPECT_THAT(empty->reasons.back(), HasSubstr("starts without state"));
}

TEST_F(DecisionTest, TheClustersFlinkVersionDecidesWhatIsReadable) {
  StartRun(kRun1);
  const std::string v4 = Checkpoint(kRun1, 1, 1000, true, 4);
  Checkpoint(kRun1, 2, 2000, true, 6);  // needs Flink 2.1: the cluster runs 1.20
  auto d = cat_->ResolveRestore("/cdc/orders", storage_.get(), {});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d->path, v4);
  EXPECT_THAT(d->candidates[0].reason, HasSubstr("needs Flink 2.1 or later; the target is 1.20"));
  RestoreOptions newer;
  newer.flink_version = FlinkVersion{2, 2};
  EXPECT_NE(*cat_->ResolveRestore("/cdc/orders", storage_.get(), newer)->path, v4);
}

TEST_F(DecisionTest, StrategiesAndOnce) {
  StartRun(kRun1);
  const std::string cp = Checkpoint(kRun1, 1, 2000);
  const std::string early = Savepoint("000000000001", 1000);
  const std::string late = Savepoint("000000000003", 3000);
  auto pick = [&](RestoreStrategy s) {
    EXPECT_TRUE(cat_->SetStrategy("/cdc/orders", s).ok());
    auto d = cat_->ResolveRestore("/cdc/orders", storage_.get(), {});
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() && d->path ? *d->path : std::string("-");
  };
  EXPECT_EQ(pick(RestoreStrategy::kLatestState), late);
  EXPECT_EQ(pick(RestoreStrategy::kLatestCheckpoint), cp);
  EXPECT_EQ(pick(RestoreStrategy::kLatestSavepoint), late);
  EXPECT_EQ(pick(RestoreStrategy::kEarliestSavepoint), early);
  EXPECT_EQ(pick(RestoreStrategy::kNone), "-");

  // ONCE: the next start only, then back to the standing strategy by itself.
  ASSERT_TRUE(cat_->SetStrategy("/cdc/orders", RestoreStrategy::kLatestCheckpoint).ok());
  ASSERT_TRUE(cat_->SetOnce("/cdc/orders", early).ok());
  auto once = cat_->ResolveRestore("/cdc/orders", storage_.get(), {});
  ASSERT_TRUE(once.ok());
  EXPECT_EQ(*once->path, early);
  EXPECT_TRUE(once->once);
  EXPECT_EQ(once->strategy, "ONCE");
  RunRecord r;
  r.restored_from = early;
  ASSERT_TRUE(cat_->RestartRun("/cdc/orders", std::nullopt, "CANCELED", r).ok());
  EXPECT_FALSE(cat_->GetJob("/cdc/orders")->once_path);
  EXPECT_EQ(*cat_->ResolveRestore("/cdc/orders", storage_.get(), {})->path, cp);
  auto events = cat_->ListEvents("/cdc/orders", 3);
  EXPECT_EQ((*events)[1].action, "restore.once.consumed");
  EXPECT_THAT((*events)[1].detail, HasSubstr("back to LATEST_CHECKPOINT"));
  // A ONCE path that is not restorable is refused, not silently replaced.
  ASSERT_TRUE(cat_->SetOnce("/cdc/orders", "file:///nowhere/savepoint-x").ok());
  auto bad = cat_->ResolveRestore("/cdc/orders", storage_.get(), {});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("is to restore once from file:///nowhere"));
  // Dropping the ONCE path puts the standing strategy back, audited.
  ASSERT_TRUE(cat_->ClearOnce("/cdc/orders").ok());
  EXPECT_FALSE(cat_->GetJob("/cdc/orders")->once_path);
  EXPECT_EQ(*cat_->ResolveRestore("/cdc/orders", storage_.get(), {})->path, cp);
  EXPECT_EQ((*cat_->ListEvents("/cdc/orders", 1))[0].action, "restore.once.clear");
}

TEST_F(DecisionTest, CatalogOnlyDecisionWithoutStorage) {
  Checkpoint(kRun1, 1, 1000);
  const std::string newest = Checkpoint(kRun1, 2, 2000);
  RestoreOptions o;
  o.verify = false;
  auto d = cat_->ResolveRestore("/cdc/orders", nullptr, o);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d->path, newest);
  EXPECT_EQ(d->candidates[0].verdict, "not checked");
}

TEST_F(DecisionTest, ReconcileAddsWhatStorageHoldsAndMarksWhatIsGone) {
  StartRun(kRun1);
  const std::string kept = Checkpoint(kRun1, 1, 1000);
  const std::string gone = Checkpoint(kRun1, 2, 2000);
  fs::remove_all(dir_.path() / "cp" / kRun1 / "chk-2");
  const std::string extra = Checkpoint(kRun1, 3, 3000, /*record=*/false);
  WriteFile(dir_.path() / "cp" / kRun1 / "chk-4/._metadata.inprogress.x", "x");
  // Another job's directory in the same root is not this job's.
  Checkpoint(kRun2, 1, 4000, /*record=*/false);
  storage::ScanOptions o;
  auto r = cat_->Reconcile("/cdc/orders", *storage_, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->added.size(), 1u);
  EXPECT_EQ(r->added[0].path, extra);
  EXPECT_EQ(r->added[0].origin, Origin::kDiscoveredOnStorage);
  EXPECT_EQ(r->added[0].checkpoint_id, 3);
  ASSERT_EQ(r->missing.size(), 1u);
  EXPECT_EQ(r->missing[0].path, gone);
  EXPECT_EQ(r->unchanged, 1);
  auto all = cat_->ListSnapshots("/cdc/orders");
  EXPECT_EQ(all->size(), 3u);
  // A second pass changes nothing.
  auto again = cat_->Reconcile("/cdc/orders", *storage_, o);
  EXPECT_TRUE(again->added.empty());
  EXPECT_TRUE(again->missing.empty());
  (void)kept;
}

TEST_F(DecisionTest, ReconcileTellsFlinksRetentionFromALoss) {
  StartRun(kRun1);
  std::vector<std::string> cps;
  for (int n = 1; n <= 6; ++n) cps.push_back(Checkpoint(kRun1, n, n * 1000));
  // num-retained 3: Flink deleted chk-1 to chk-3 as chk-4 to chk-6 completed ...
  for (int n = 1; n <= 3; ++n)
    fs::remove_all(dir_.path() / "cp" / kRun1 / ("chk-" + std::to_string(n)));
  // ... while a hole between survivors is not its doing.
  fs::remove_all(dir_.path() / "cp" / kRun1 / "chk-5");
  auto r = cat_->Reconcile("/cdc/orders", *storage_, storage::ScanOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->disposed.size(), 3u);
  std::set<std::string> disposed;
  for (const SnapshotRecord& d : r->disposed) {
    disposed.insert(d.path);
    EXPECT_EQ(d.state, SnapshotState::kDisposed);
  }
  EXPECT_EQ(disposed, (std::set<std::string>{cps[0], cps[1], cps[2]}));
  ASSERT_EQ(r->missing.size(), 1u);
  EXPECT_EQ(r->missing[0].path, cps[4]);
  EXPECT_EQ(r->unchanged, 2);
  const std::vector<SnapshotRecord> listed = cat_->ListSnapshots("/cdc/orders").value();
  for (const SnapshotRecord& s : listed) {
    if (s.path == cps[4]) {
      EXPECT_EQ(s.state, SnapshotState::kMissing);
    } else if (disposed.count(s.path)) {
      EXPECT_EQ(s.state, SnapshotState::kDisposed);
    }
  }
  // With every checkpoint of the run gone, nothing says Flink deleted them.
  fs::remove_all(dir_.path() / "cp" / kRun1);
  auto all_gone = cat_->Reconcile("/cdc/orders", *storage_, storage::ScanOptions{});
  ASSERT_TRUE(all_gone.ok());
  EXPECT_TRUE(all_gone->disposed.empty());
  EXPECT_EQ(all_gone->missing.size(), 2u);
}

TEST_F(DecisionTest, RetentionDeletesOnlyWhatIsSafe) {
  Job j = cat_->GetJob("/cdc/orders").value();
  j.retain_count = 1;
  ASSERT_TRUE(cat_->UpdateJob(j).ok());
  RunRecord run1 = StartRun(kRun1);
  Checkpoint(kRun1, 1, 1000, true, 4, run1.id);
  const int64_t c1 = last_id_;
  Checkpoint(kRun1, 2, 2000, true, 4, run1.id);
  const int64_t c2 = last_id_;
  Savepoint("00000000000a", 2500, Origin::kTriggered);  // a user's: never deleted
  const int64_t user_sp = last_id_;
  Checkpoint(kRun1, 3, 3000, true, 4, run1.id);
  const int64_t c3 = last_id_;
  // Run 2 restored from chk-2 in NO_CLAIM mode and has no checkpoint of its own yet.
  RunRecord r2;
  r2.flink_job_id = kRun2;
  r2.restored_from = cat_->GetSnapshot(c2)->path;
  r2.claim_mode = ClaimMode::kNoClaim;
  RunRecord run2 = cat_->RestartRun("/cdc/orders", run1.id, "CANCELED", r2).value();
  EXPECT_EQ(run2.restored_snapshot, c2) << "linked to the record by its path";
  Checkpoint(kRun2, 1, 4000, true, 4);  // not yet attributed to run 2
  const int64_t newest = last_id_;

  PruneOptions dry;
  dry.dry_run = true;
  auto plan = cat_->Prune("/cdc/orders", *storage_, dry);
  ASSERT_TRUE(plan.ok());
  std::vector<int64_t> doomed;
  for (const SnapshotRecord& s : plan->deleted) doomed.push_back(s.id);
  EXPECT_EQ(doomed, (std::vector<int64_t>{c3, c1}));
  ASSERT_EQ(plan->kept.size(), 1u);
  EXPECT_EQ(plan->kept[0].first.id, c2);
  EXPECT_THAT(plan->kept[0].second, HasSubstr("NO_CLAIM mode and has no completed checkpoint"))
      << plan->kept[0].first.path;
  EXPECT_TRUE(fs::exists(dir_.path() / "cp" / kRun1 / "chk-1")) << "a dry run deletes nothing";

  // Make chk-3 undeletable: its record must stay as it is.
  fs::path c3dir = dir_.path() / "cp" / kRun1 / "chk-3";
  ::chmod(c3dir.parent_path().c_str(), 0555);
  auto done = cat_->Prune("/cdc/orders", *storage_, {});
  ::chmod(c3dir.parent_path().c_str(), 0755);
  ASSERT_TRUE(done.ok());
  if (::geteuid() != 0) {
    ASSERT_EQ(done->failed.size(), 2u);
    EXPECT_EQ(cat_->GetSnapshot(c3)->state, SnapshotState::kCompleted);
  }
  auto again = cat_->Prune("/cdc/orders", *storage_, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(cat_->GetSnapshot(c1)->state, SnapshotState::kDisposed);
  EXPECT_EQ(cat_->GetSnapshot(c3)->state, SnapshotState::kDisposed);
  EXPECT_FALSE(fs::exists(dir_.path() / "cp" / kRun1 / "chk-1"));
  EXPECT_FALSE(fs::exists(c3dir));
  EXPECT_EQ(cat_->GetSnapshot(c2)->state, SnapshotState::kCompleted);
  EXPECT_EQ(cat_->GetSnapshot(user_sp)->state, SnapshotState::kCompleted);
  EXPECT_EQ(cat_->GetSnapshot(newest)->state, SnapshotState::kCompleted);

  // Once run 2 completes a checkpoint of its own, its NO_CLAIM source may go.
  Checkpoint(kRun2, 2, 5000, true, 4, run2.id);
  auto later = cat_->Prune("/cdc/orders", *storage_, {});
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(cat_->GetSnapshot(c2)->state, SnapshotState::kDisposed);
  auto events = cat_->ListEvents("/cdc/orders", 50);
  int deletions = 0;
  for (const Event& e : *events) deletions += e.action == "prune.delete" && e.outcome == "ok";
  EXPECT_GE(deletions, 3);
}

TEST_F(DecisionTest, LegacyAndClaimRestoresProtectTheirSource) {
  Job j = cat_->GetJob("/cdc/orders").value();
  j.retain_count = 1;
  ASSERT_TRUE(cat_->UpdateJob(j).ok());
  Checkpoint(kRun1, 1, 1000);
  const int64_t legacy_src = last_id_;
  Checkpoint(kRun1, 2, 2000);
  const int64_t claim_src = last_id_;
  Checkpoint(kRun1, 3, 3000);
  for (auto [id, mode] :
       {std::pair{legacy_src, ClaimMode::kLegacy}, std::pair{claim_src, ClaimMode::kClaim}}) {
    RunRecord r;
    r.restored_snapshot = id;
    r.claim_mode = mode;
    ASSERT_TRUE(cat_->RestartRun("/cdc/orders", std::nullopt, "CANCELED", r).ok());
  }
  EXPECT_TRUE(cat_->GetSnapshot(legacy_src)->keep);
  EXPECT_TRUE(cat_->GetSnapshot(claim_src)->claimed_by_run);
  auto r = cat_->Prune("/cdc/orders", *storage_, {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->deleted.empty());
  ASSERT_EQ(r->kept.size(), 2u);
  EXPECT_THAT(r->kept[0].second, HasSubstr("CLAIM mode: Flink owns its files"));
  EXPECT_THAT(r->kept[1].second, HasSubstr("LEGACY mode"));
}

}  // namespace
}  // namespace flowstate::core::catalog
