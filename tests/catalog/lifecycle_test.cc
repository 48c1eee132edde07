// The lifecycle's records in the catalog: a state change and its audit event in one
// transaction, compare-and-swap on the job row between two processes' catalogs, and the
// operation log (intent first, one exclusive operation in flight per job, phases only
// forward, no secret values in parameters).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>

#include "../storage/storage_test_util.h"
#include "catalog/catalog.h"

namespace flowstate::core::catalog {
namespace {

using flowstate::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kJobId = "0123456789abcdef0123456789abcdef";

class LifecycleRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (dir_.path() / "catalog.db").string();
    cat_ = OpenAs("host-a");
    Job j;
    j.folder = "/cdc";
    j.name = "emp_1";
    ASSERT_TRUE(cat_->AddJob(j).ok());
  }
  std::unique_ptr<Catalog> OpenAs(const std::string& actor) {
    Catalog::Options o;
    o.actor = actor;
    auto c = Catalog::Open(path_, o);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return std::move(c).value();
  }
  StateChange Change(JobState from, JobState to, int64_t version) {
    StateChange c;
    c.from = from;
    c.to = to;
    c.expected_version = version;
    c.action = "job.start";
    c.cause = "user";
    return c;
  }
  TempDir dir_;
  std::string path_;
  std::unique_ptr<Catalog> cat_;
};

TEST_F(LifecycleRecordsTest, AStateChangeIsWrittenWithItsEvent) {
  Job j = cat_->GetJob("/cdc/emp_1").value();
  EXPECT_EQ(j.state, JobState::kNew);
  EXPECT_EQ(j.desired, DesiredState::kNone);
  EXPECT_EQ(j.version, 0);
  StateChange c = Change(JobState::kNew, JobState::kStarting, 0);
  c.desired = DesiredState::kRunning;
  c.detail = "restore from nothing: the strategy allows an empty start";
  auto changed = cat_->ChangeState("/cdc/emp_1", c);
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_EQ(*changed, 1) << "the new row version";
  j = cat_->GetJob("/cdc/emp_1").value();
  EXPECT_EQ(j.state, JobState::kStarting);
  EXPECT_EQ(j.desired, DesiredState::kRunning);
  EXPECT_EQ(j.version, 1);
  const Event e = cat_->ListEvents("/cdc/emp_1", 1).value().at(0);
  EXPECT_EQ(e.action, "job.start");
  EXPECT_EQ(e.actor, "host-a");
  EXPECT_EQ(e.from_state, JobState::kNew);
  EXPECT_EQ(e.to_state, JobState::kStarting);
  EXPECT_EQ(e.cause, "user");
  EXPECT_EQ(e.detail, "NEW -> STARTING: restore from nothing: the strategy allows an empty start");
  EXPECT_FALSE(e.operation_id.has_value());

  // A writer that saw an older version, or another state, loses: nothing is written.
  const size_t events = cat_->ListEvents("/cdc/emp_1").value().size();
  auto stale = cat_->ChangeState("/cdc/emp_1", Change(JobState::kNew, JobState::kStarting, 0));
  EXPECT_EQ(stale.status().code(), Code::kConflict);
  EXPECT_THAT(stale.status().message(),
              HasSubstr("is STARTING at version 1, not NEW at version 0"));
  auto wrong = cat_->ChangeState("/cdc/emp_1", Change(JobState::kRunning, JobState::kStopping, 1));
  EXPECT_EQ(wrong.status().code(), Code::kConflict);
  EXPECT_EQ(cat_->ListEvents("/cdc/emp_1").value().size(), events);
  EXPECT_EQ(cat_->GetJob("/cdc/emp_1")->version, 1);

  // A secret in the caller's detail never reaches the audit log.
  StateChange leaky = Change(JobState::kStarting, JobState::kFailed, 1);
  leaky.detail = "the cluster said: 'password' = 'cdc-secret' is wrong";
  ASSERT_TRUE(cat_->ChangeState("/cdc/emp_1", leaky).ok());
  const Event failed = cat_->ListEvents("/cdc/emp_1", 1).value().at(0);
  EXPECT_THAT(failed.detail, HasSubstr("STARTING -> FAILED: the cluster said: "));
  EXPECT_THAT(failed.detail, Not(HasSubstr("cdc-secret")));
}

// Commits in the WAL file: frames whose commit field (bytes 4-7 of the frame header) is set,
// of the WAL's current generation (the header's salt).
int64_t WalCommits(const std::string& db) {
  std::ifstream f(db + "-wal", std::ios::binary);
  const std::string w((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto u32 = [&](size_t at) {
    return (uint32_t{static_cast<uint8_t>(w[at])} << 24) |
           (uint32_t{static_cast<uint8_t>(w[at + 1])} << 16) |
           (uint32_t{static_cast<uint8_t>(w[at + 2])} << 8) |
           uint32_t{static_cast<uint8_t>(w[at + 3])};
  };
  if (w.size() < 32) return 0;
  const uint32_t page = u32(8), salt1 = u32(16), salt2 = u32(20);
  int64_t commits = 0;
  for (size_t at = 32; at + 24 + page <= w.size(); at += 24 + page) {
    if (u32(at + 8) != salt1 || u32(at + 12) != salt2) break;
    commits += u32(at + 4) != 0;
  }
  return commits;
}

TEST_F(LifecycleRecordsTest, AStateChangeIsOneDurableCommit) {
  const int64_t before = WalCommits(path_);
  ASSERT_GT(before, 0) << "the catalog is in WAL mode";
  ASSERT_TRUE(cat_->ChangeState("/cdc/emp_1", Change(JobState::kNew, JobState::kStarting, 0)).ok());
  EXPECT_EQ(WalCommits(path_), before + 1);
  // An intent with the change it starts: one commit too.
  Operation stop;
  stop.kind = OperationKind::kCancel;
  ASSERT_TRUE(
      cat_->BeginOperation("/cdc/emp_1", stop, Change(JobState::kStarting, JobState::kStopping, 1))
          .ok());
  EXPECT_EQ(WalCommits(path_), before + 2);
  // A refused change commits nothing.
  EXPECT_FALSE(
      cat_->ChangeState("/cdc/emp_1", Change(JobState::kNew, JobState::kStarting, 0)).ok());
  EXPECT_EQ(WalCommits(path_), before + 2);
}

TEST_F(LifecycleRecordsTest, TwoProcessesNeverBothChangeOneJob) {
  auto other = OpenAs("host-b");
  const Job seen = other->GetJob("/cdc/emp_1").value();
  ASSERT_TRUE(cat_->ChangeState("/cdc/emp_1", Change(JobState::kNew, JobState::kStarting, 0)).ok());
  // host-b acts on what it saw: CONFLICT.
  auto late =
      other->ChangeState("/cdc/emp_1", Change(seen.state, JobState::kStarting, seen.version));
  EXPECT_EQ(late.status().code(), Code::kConflict);
  // Two exclusive operations: the second process gets BUSY naming the first.
  Operation stop;
  stop.kind = OperationKind::kStop;
  stop.owner = "host-a:100:1";
  stop.key = kJobId;
  auto first = cat_->BeginOperation("/cdc/emp_1", stop);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  stop.owner = "host-b:200:2";
  auto second = other->BeginOperation("/cdc/emp_1", stop);
  EXPECT_EQ(second.status().code(), Code::kBusy);
  EXPECT_THAT(
      second.status().message(),
      HasSubstr("has stop operation " + std::to_string(first->id) + " in flight (host-a:100:1)"));
  // A savepoint is not exclusive; it runs beside the stop's record.
  Operation sp;
  sp.kind = OperationKind::kSavepoint;
  sp.exclusive = false;
  EXPECT_TRUE(other->BeginOperation("/cdc/emp_1", sp).ok());
}

TEST_F(LifecycleRecordsTest, TheOperationLog) {
  // The intent and the state change it starts commit together.
  Operation submit;
  submit.kind = OperationKind::kSubmit;
  submit.key = kJobId;
  submit.params = R"({"script":"${secret:job.1.src.password}","restore":null})";
  submit.owner = "host-a:100:1";
  submit.deadline_ms = 600000;
  StateChange c = Change(JobState::kNew, JobState::kStarting, 0);
  c.desired = DesiredState::kRunning;
  auto op = cat_->BeginOperation("/cdc/emp_1", submit, c);
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  EXPECT_GT(op->id, 0);
  EXPECT_EQ(op->phase, OperationPhase::kIntent);
  EXPECT_EQ(cat_->GetJob("/cdc/emp_1")->state, JobState::kStarting);
  EXPECT_EQ(cat_->ListEvents("/cdc/emp_1", 1).value().at(0).operation_id, op->id);
  auto unfinished = cat_->ListOperations("", true).value();
  ASSERT_EQ(unfinished.size(), 1u);
  EXPECT_EQ(unfinished[0].key, kJobId);
  EXPECT_EQ(unfinished[0].owner, "host-a:100:1");
  EXPECT_EQ(unfinished[0].deadline_ms, 600000);

  // A state change that conflicts undoes the intent too.
  Operation again = submit;
  again.kind = OperationKind::kCancel;
  again.exclusive = false;
  auto refused =
      cat_->BeginOperation("/cdc/emp_1", again, Change(JobState::kNew, JobState::kStarting, 0));
  EXPECT_EQ(refused.status().code(), Code::kConflict);
  EXPECT_EQ(cat_->ListOperations("/cdc/emp_1", false)->size(), 1u);

  // Forward only: SENT, then DONE with its result and the state change; then nothing.
  Operation sent = *op;
  sent.phase = OperationPhase::kSent;
  sent.attempts = 1;
  auto s1 = cat_->UpdateOperation(sent);
  ASSERT_TRUE(s1.ok()) << s1.status().ToString();
  EXPECT_EQ(s1->phase, OperationPhase::kSent);
  Operation back = *s1;
  back.phase = OperationPhase::kIntent;
  EXPECT_EQ(cat_->UpdateOperation(back).status().code(), Code::kIllegalState);
  Operation done = *s1;
  done.phase = OperationPhase::kDone;
  done.result = kJobId;
  auto d = cat_->UpdateOperation(done, Change(JobState::kStarting, JobState::kRunning, 1));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_TRUE(d->finished());
  EXPECT_TRUE(d->ended_ms.has_value());
  EXPECT_EQ(cat_->GetJob("/cdc/emp_1")->state, JobState::kRunning);
  EXPECT_EQ(cat_->GetOperation(op->id)->result, kJobId);
  EXPECT_TRUE(cat_->ListOperations("", true)->empty());
  EXPECT_EQ(cat_->UpdateOperation(done).status().code(), Code::kIllegalState);

  // Refused on the way in: a key that is not 32 lower-case hex digits, a secret value in
  // the parameters, a first phase other than the intent.
  Operation bad;
  bad.kind = OperationKind::kSavepoint;
  bad.key = "ABC";
  EXPECT_EQ(cat_->BeginOperation("/cdc/emp_1", bad).status().code(), Code::kInvalidArgument);
  bad.key = "";
  bad.params = R"({"sql":"'password' = 'cdc-secret'"})";
  auto leak = cat_->BeginOperation("/cdc/emp_1", bad);
  EXPECT_EQ(leak.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(leak.status().message(), Not(HasSubstr("cdc-secret")));
  bad.params = "{}";
  bad.phase = OperationPhase::kSent;
  EXPECT_EQ(cat_->BeginOperation("/cdc/emp_1", bad).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(cat_->GetOperation(999).status().code(), Code::kNotFound);

  // Removing the job removes its operations.
  ASSERT_TRUE(cat_->RemoveJob("/cdc/emp_1").ok());
  EXPECT_TRUE(cat_->ListOperations("", false)->empty());
}

// One step of an operation with all it records: the run it opens or ends, the snapshots,
// the state change; all or nothing.
TEST_F(LifecycleRecordsTest, AStepRecordsEverythingInOneTransaction) {
  Operation adopt;
  adopt.kind = OperationKind::kAdopt;
  adopt.phase = OperationPhase::kDone;  // no remote effect: recorded done at once
  adopt.owner = "host-a:1:1";
  StepEffects e;
  catalog::Run run;
  run.flink_job_id = kJobId;
  e.start_run = run;
  StateChange c = Change(JobState::kNew, JobState::kRunning, 0);
  c.action = "job.adopt";
  e.change = c;
  auto adopted = cat_->RecordStep("/cdc/emp_1", adopt, e);
  ASSERT_TRUE(adopted.ok()) << adopted.status().ToString();
  ASSERT_TRUE(adopted->run.has_value());
  EXPECT_EQ(adopted->operation.run_id, adopted->run->id);
  EXPECT_TRUE(adopted->operation.ended_ms.has_value());
  EXPECT_EQ(adopted->job_version, 1);
  EXPECT_TRUE(cat_->ListOperations("/cdc/emp_1", true)->empty());

  // A stop: intent, then done with the savepoint and the run's end.
  Operation stop;
  stop.kind = OperationKind::kStop;
  stop.owner = "host-a:1:1";
  StepEffects begin;
  begin.change = Change(JobState::kRunning, JobState::kStopping, 1);
  auto begun = cat_->RecordStep("/cdc/emp_1", stop, begin);
  ASSERT_TRUE(begun.ok()) << begun.status().ToString();
  // Taking it over needs the owner it has now.
  Operation takeover = begun->operation;
  takeover.owner = "host-b:2:2";
  StepEffects wrong;
  wrong.expected_owner = "host-c:3:3";
  auto refused = cat_->RecordStep("/cdc/emp_1", takeover, wrong);
  EXPECT_EQ(refused.status().code(), Code::kConflict);
  EXPECT_THAT(refused.status().message(), HasSubstr("host-a:1:1"));

  Operation done = begun->operation;
  done.phase = OperationPhase::kDone;
  StepEffects end;
  end.end_run = "FINISHED";
  SnapshotRecord sp;
  sp.path = "file:///sp/savepoint-012345-0123456789ab";
  sp.kind = storage::SnapshotKind::kSavepoint;
  sp.origin = Origin::kStop;
  end.snapshots = {sp, sp};  // the second is the same path: left as it is
  end.change = Change(JobState::kStopping, JobState::kSuspended, 2);
  // A failing part undoes the whole step.
  StepEffects broken = end;
  broken.change = Change(JobState::kStopping, JobState::kSuspended, 7);
  EXPECT_EQ(cat_->RecordStep("/cdc/emp_1", done, broken).status().code(), Code::kConflict);
  EXPECT_TRUE(cat_->ListSnapshots("/cdc/emp_1")->empty());
  EXPECT_FALSE(cat_->ListRuns("/cdc/emp_1").value()[0].ended_ms.has_value());
  auto finished = cat_->RecordStep("/cdc/emp_1", done, end);
  ASSERT_TRUE(finished.ok()) << finished.status().ToString();
  EXPECT_EQ(finished->recorded.size(), 1u);
  const auto runs = cat_->ListRuns("/cdc/emp_1").value();
  EXPECT_EQ(runs[0].final_status, "FINISHED");
  EXPECT_TRUE(runs[0].ended_ms.has_value());
  EXPECT_EQ(cat_->GetJob("/cdc/emp_1")->state, JobState::kSuspended);
  EXPECT_EQ(cat_->ListSnapshots("/cdc/emp_1")->size(), 1u);
}

// A call that stepped a cached SELECT (the cluster lookup of AddJob) must not keep the
// connection's read transaction open: the other process's commits would stay unseen, and
// this connection's next write would fail BUSY.
TEST_F(LifecycleRecordsTest, NoCallKeepsAnOldSnapshotOfTheFile) {
  Cluster c;
  c.name = "prod";
  ASSERT_TRUE(cat_->PutCluster(c).ok());
  Job j;
  j.folder = "/cdc";
  j.name = "emp_2";
  j.cluster = "prod";
  ASSERT_TRUE(cat_->AddJob(j).ok());
  auto other = OpenAs("host-b");
  ASSERT_TRUE(
      other->ChangeState("/cdc/emp_2", Change(JobState::kNew, JobState::kStarting, 0)).ok());
  EXPECT_EQ(cat_->GetJob("/cdc/emp_2")->state, JobState::kStarting) << "the other's commit is seen";
  j.name = "emp_3";
  auto added = cat_->AddJob(j);
  EXPECT_TRUE(added.ok()) << added.status().ToString();
}

}  // namespace
}  // namespace flowstate::core::catalog
