#include "storage/layout.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "storage_test_util.h"

namespace flowstate::core::storage {
namespace {

using flowstate::testing::MetadataBytes;
using flowstate::testing::Sample;
using flowstate::testing::SetMtime;
using flowstate::testing::TempDir;
using flowstate::testing::WebHdfsServer;
using flowstate::testing::WithId;
using flowstate::testing::WriteFile;
namespace fs = std::filesystem;

// The verdicts of the storage issue are header-level ones; deeper levels are tested in
// verify_test.cc.
ScanOptions HeaderLevel() {
  ScanOptions o;
  o.level = VerifyLevel::kHeader;
  return o;
}

const std::string kJobA = "a0000000000000000000000000000001";
const std::string kJobB = "b0000000000000000000000000000002";
const std::string kSavepoint = "savepoint-b00000-0123456789ab";

// cp/<A>: chk-7 complete (t=1000), chk-8 in progress (t=1100), chk-9 truncated (t=1050)
// cp/<B>: chk-1 complete (t=1200; ids restarted), chk-2 id mismatch (t=1300)
// sp/savepoint-b00000-...: format 6 (t=1400)
void BuildTree(const fs::path& root) {
  fs::path a = root / "cp" / kJobA, b = root / "cp" / kJobB;
  WriteFile(a / "chk-7/_metadata", MetadataBytes(4, 7));
  WriteFile(a / "chk-7/2f1c0a7e-state", std::string(100, 's'));
  WriteFile(a / "chk-8/._metadata.inprogress.5b2c", "partial");
  WriteFile(a / "chk-9/_metadata", MetadataBytes(4, 9).substr(0, 10));
  WriteFile(a / "shared/000010.sst", std::string(1000, 'x'));
  WriteFile(a / "taskowned/log", std::string(10, 'y'));
  WriteFile(b / "chk-1/_metadata", MetadataBytes(4, 1));
  WriteFile(b / "chk-2/_metadata", MetadataBytes(4, 5));
  WriteFile(root / "sp" / kSavepoint / "_metadata", MetadataBytes(6, 3));
  const std::map<fs::path, int64_t> times = {{a / "chk-7", 1000}, {a / "chk-8", 1100},
                                             {a / "chk-9", 1050}, {b / "chk-1", 1200},
                                             {b / "chk-2", 1300}, {root / "sp" / kSavepoint, 1400}};
  for (const auto& [dir, t] : times) {
    if (fs::exists(dir / "_metadata")) SetMtime(dir / "_metadata", t);
    SetMtime(dir, t);
  }
}

class LayoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    BuildTree(dir_.path());
    storage_ = std::move(Storage::Create(StorageConfig()).value());
  }
  Location L(const std::string& rel) { return *Location::Parse(dir_.str() + "/" + rel); }
  TempDir dir_;
  std::unique_ptr<Storage> storage_;
};

TEST_F(LayoutTest, ListEverySnapshotWithItsVerdict) {
  auto r = ListSnapshots(*storage_, {L("cp"), L("sp")}, HeaderLevel());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::map<std::string, const Snapshot*> by_name;
  for (const Snapshot& s : r->snapshots) by_name[s.location.Name()] = &s;
  ASSERT_EQ(r->snapshots.size(), 6u);
  EXPECT_EQ(r->snapshots[0].location.Name(), kSavepoint) << "newest completion first";

  const Snapshot& c7 = *by_name["chk-7"];
  EXPECT_EQ(c7.verdict, Verdict::kComplete);
  EXPECT_EQ(c7.reason, "_metadata present: format version 4, checkpoint id 7");
  EXPECT_EQ(c7.job_id, kJobA);
  EXPECT_EQ(c7.level, VerifyLevel::kHeader);
  EXPECT_EQ(c7.exclusive_bytes, 132u);
  EXPECT_EQ(c7.file_count, 2u);
  EXPECT_EQ(c7.completion_time_ms, 1000000);
  EXPECT_TRUE(c7.completion_from_metadata);
  EXPECT_EQ(c7.min_flink->ToString(), "1.16");

  EXPECT_EQ(by_name["chk-8"]->verdict, Verdict::kInProgress);
  EXPECT_TRUE(by_name["chk-8"]->in_progress_marker);
  EXPECT_EQ(by_name["chk-9"]->verdict, Verdict::kCorrupt);
  EXPECT_EQ(by_name["chk-9"]->reason, "truncated: _metadata has 10 bytes, its header needs 16");
  EXPECT_EQ(by_name["chk-2"]->verdict, Verdict::kCorrupt);
  EXPECT_EQ(by_name["chk-2"]->reason,
            "checkpoint id 5 in _metadata does not match directory chk-2");
  EXPECT_EQ(by_name[kSavepoint]->kind, SnapshotKind::kSavepoint);
  EXPECT_EQ(by_name[kSavepoint]->job_id, "b00000");

  ASSERT_EQ(r->jobs.size(), 2u);
  const JobDirectory& a = r->jobs[0].job_id == kJobA ? r->jobs[0] : r->jobs[1];
  EXPECT_EQ(a.checkpoints, 3u);
  EXPECT_EQ(a.shared_bytes, 1000u);
  EXPECT_EQ(a.taskowned_bytes, 10u);
}

TEST_F(LayoutTest, LatestIsNewestByCompletionTimeNotById) {
  auto r = FindLatest(*storage_, {L("cp")}, HeaderLevel());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->chosen);
  const Snapshot& s = r->examined[*r->chosen];
  EXPECT_EQ(s.location.Name(), "chk-1")
      << "job B restarted its ids; its chk-1 is newer than job A's chk-7";
  EXPECT_EQ(s.job_id, kJobB);
  ASSERT_EQ(r->examined.size(), 2u);
  EXPECT_EQ(r->examined[0].location.Name(), "chk-2");
  EXPECT_EQ(r->examined[0].verdict, Verdict::kCorrupt);
  EXPECT_EQ(r->candidates, 5u);
  EXPECT_EQ(r->stats.header_reads, 2u);
  EXPECT_EQ(r->stats.listings, 3u) << "the root and one per job-id directory";
}

// The search takes candidates off a heap one at a time: across job directories, with mtimes
// in no order of id or name, it examines them strictly newest first (equal mtimes: the
// higher id, then the later location) and stops at the first restorable one.
TEST(LatestOrderTest, ExaminesNewestFirstAcrossJobsAndStops) {
  TempDir dir;
  const std::string jobs[] = {"c0000000000000000000000000000003", kJobA, kJobB};
  // 3 jobs x 40 checkpoints; only (job 1, chk-5) and (job 2, chk-30) are complete.
  std::vector<std::pair<int64_t, std::string>> expected;  // (mtime, job/chk) of candidates
  for (int j = 0; j < 3; ++j) {
    for (int c = 1; c <= 40; ++c) {
      fs::path chk = dir.path() / jobs[j] / ("chk-" + std::to_string(c));
      bool complete = (j == 1 && c == 5) || (j == 2 && c == 30);
      if (complete) {
        WriteFile(chk / "_metadata", MetadataBytes(4, c));
      } else {
        WriteFile(chk / ("._metadata.inprogress." + std::to_string(c)), "partial");
      }
      // Scrambled mtimes; chk-5 of job 1 and chk-10 of job 0 share the newest time.
      int64_t t = 1'000'000 + ((c * 37 + j * 11) % 97) * 1000;
      if ((j == 1 && c == 5) || (j == 0 && c == 10)) t = 9'000'000;
      if (complete) SetMtime(chk / "_metadata", t);
      SetMtime(chk, t);
    }
  }
  auto storage = std::move(Storage::Create(StorageConfig()).value());
  auto r = FindLatest(*storage, {*Location::Parse(dir.path().string())}, HeaderLevel());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->candidates, 120u);
  ASSERT_TRUE(r->chosen);
  // Same mtime: chk-10 (the higher id) comes before chk-5, and is in progress.
  ASSERT_EQ(r->examined.size(), 2u);
  EXPECT_EQ(r->examined[0].location.Name(), "chk-10");
  EXPECT_EQ(r->examined[0].job_id, jobs[0]);
  EXPECT_EQ(r->examined[1].location.Name(), "chk-5");
  EXPECT_EQ(r->examined[1].job_id, jobs[1]);

  // Without job 1's chk-5, every in-progress one newer than job 2's chk-30 is examined, in
  // order, before it.
  fs::remove_all(dir.path() / jobs[1] / "chk-5");
  auto again = FindLatest(*storage, {*Location::Parse(dir.path().string())}, HeaderLevel());
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(again->chosen);
  const Snapshot& chosen = again->examined[*again->chosen];
  EXPECT_EQ(chosen.location.Name(), "chk-30");
  EXPECT_EQ(chosen.job_id, jobs[2]);
  for (size_t i = 1; i < again->examined.size(); ++i) {
    const Snapshot& a = again->examined[i - 1];
    const Snapshot& b = again->examined[i];
    EXPECT_TRUE(a.directory_mtime_ms > b.directory_mtime_ms ||
                (a.directory_mtime_ms == b.directory_mtime_ms && a.directory_id > b.directory_id))
        << i;
    EXPECT_EQ(a.verdict, Verdict::kInProgress);
  }
  int64_t t30 = chosen.directory_mtime_ms / 1000;  // SetMtime takes seconds
  size_t newer = 0;
  for (int j = 0; j < 3; ++j) {
    for (int c = 1; c <= 40; ++c) {
      if (j == 1 && c == 5) continue;
      int64_t t = 1'000'000 + ((c * 37 + j * 11) % 97) * 1000;
      if (j == 0 && c == 10) t = 9'000'000;
      if (t > t30 || (t == t30 && c > 30)) ++newer;
    }
  }
  EXPECT_EQ(again->examined.size(), newer + 1);
}

TEST_F(LayoutTest, SavepointsOnlyWhenAsked) {
  ScanOptions o = HeaderLevel();
  o.include_savepoints = true;
  auto r = FindLatest(*storage_, {L("cp"), L("sp")}, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->examined[*r->chosen].kind, SnapshotKind::kSavepoint);
  auto without = FindLatest(*storage_, {L("cp"), L("sp")}, HeaderLevel());
  EXPECT_EQ(without->examined[*without->chosen].location.Name(), "chk-1");
}

TEST_F(LayoutTest, TargetVersionSkipsFormatsItCannotRead) {
  ScanOptions o = HeaderLevel();
  o.include_savepoints = true;
  o.target = FlinkVersion{1, 20};
  auto r = FindLatest(*storage_, {L("cp"), L("sp")}, o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->examined.size(), 3u);
  EXPECT_EQ(r->examined[0].verdict, Verdict::kComplete);
  EXPECT_FALSE(r->examined[0].restorable());
  EXPECT_EQ(r->examined[0].target_reason,
            "format version 6 needs Flink 2.1 or later; the target is 1.20");
  EXPECT_EQ(r->examined[*r->chosen].location.Name(), "chk-1");
}

TEST_F(LayoutTest, OnlyTheGivenJobsAndNothingRestorable) {
  ScanOptions o = HeaderLevel();
  o.job_ids = {kJobA};
  auto r = FindLatest(*storage_, {L("cp")}, o);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->chosen);
  EXPECT_EQ(r->examined[*r->chosen].location.Name(), "chk-7");
  EXPECT_EQ(r->examined.size(), 3u) << "chk-8 (in progress), chk-9 (truncated), chk-7";
  EXPECT_LE(r->stats.header_reads, 3u);

  fs::remove_all(dir_.path() / "cp" / kJobA / "chk-7");
  auto none = FindLatest(*storage_, {L("cp")}, o);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->chosen);
  EXPECT_EQ(none->examined.size(), 2u);
}

TEST_F(LayoutTest, RootCanBeAJobDirOrASnapshotDir) {
  auto job = FindLatest(*storage_, {L("cp/" + kJobA)}, HeaderLevel());
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->examined[*job->chosen].location.Name(), "chk-7");
  auto one = ListSnapshots(*storage_, {L("cp/" + kJobA + "/chk-7")}, HeaderLevel());
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->snapshots.size(), 1u);
  EXPECT_EQ(one->snapshots[0].job_id, kJobA);
  EXPECT_EQ(one->snapshots[0].verdict, Verdict::kComplete);
}

TEST_F(LayoutTest, MissingRootIsNotFound) {
  auto r = FindLatest(*storage_, {L("absent")}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kNotFound);
}

TEST_F(LayoutTest, DeadlineAndCancellationStopTheScan) {
  ScanOptions o;
  o.context.deadline = Deadline::After(std::chrono::milliseconds(0));
  EXPECT_EQ(FindLatest(*storage_, {L("cp")}, o).status().code(), Code::kTimeout);
  ScanOptions p;
  int calls = 0;
  p.context.progress = [&](std::string_view, uint64_t, uint64_t) { return ++calls < 2; };
  EXPECT_EQ(ListSnapshots(*storage_, {L("cp")}, p).status().code(), Code::kCancelled);
}

struct VerdictCase {
  const char* dir;
  std::string metadata;  // "-" = no _metadata
  bool marker;
  Verdict verdict;
  const char* reason;
};

TEST(VerdictTableTest, NeverCompleteWhereItShouldNotBe) {
  TempDir d;
  const std::string job = "c0000000000000000000000000000003";
  const VerdictCase cases[] = {
      {"chk-1", MetadataBytes(4, 1), false, Verdict::kComplete,
       "_metadata present: format version 4, checkpoint id 1"},
      {"chk-2", "", false, Verdict::kCorrupt, "empty _metadata"},
      {"chk-3", MetadataBytes(4, 3).substr(0, 15), false, Verdict::kCorrupt,
       "truncated: _metadata has 15 bytes, its header needs 16"},
      {"chk-4", MetadataBytes(4, 4, 0, 0x12345678), false, Verdict::kCorrupt,
       "wrong magic number 0x12345678 (expected 0x4960672D)"},
      {"chk-5", MetadataBytes(9, 5), false, Verdict::kCorrupt,
       "unknown format version 9 (Flink writes 2 to 6)"},
      {"chk-6", MetadataBytes(4, 60), false, Verdict::kCorrupt,
       "checkpoint id 60 in _metadata does not match directory chk-6"},
      {"chk-7", "-", false, Verdict::kInProgress,
       "no _metadata: the checkpoint never completed, or it is being deleted"},
      {"chk-8", "-", true, Verdict::kInProgress,
       "no _metadata, only ._metadata.inprogress.*: still being written, or abandoned"},
      {"chk-9", MetadataBytes(5, 9), true, Verdict::kComplete,
       "_metadata present: format version 5, checkpoint id 9 (a leftover ._metadata.inprogress.* "
       "lies beside it)"},
      {"chk-abc", MetadataBytes(4, 1), false, Verdict::kCorrupt,
       "directory 'chk-abc' is not chk-<checkpoint id>"},
  };
  for (const VerdictCase& c : cases) {
    fs::path dir = d.path() / job / c.dir;
    fs::create_directories(dir);
    if (c.metadata != "-") WriteFile(dir / "_metadata", c.metadata);
    if (c.marker) WriteFile(dir / "._metadata.inprogress.0d1e", "x");
  }
  auto storage = std::move(Storage::Create(StorageConfig()).value());
  auto r = ListSnapshots(*storage, {*Location::Parse(d.str())}, HeaderLevel());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->snapshots.size(), std::size(cases));
  for (const VerdictCase& c : cases) {
    const Snapshot* s = nullptr;
    for (const Snapshot& x : r->snapshots) {
      if (x.location.Name() == c.dir) s = &x;
    }
    ASSERT_NE(s, nullptr) << c.dir;
    EXPECT_EQ(s->verdict, c.verdict) << c.dir;
    EXPECT_EQ(s->reason, c.reason) << c.dir;
  }
}

TEST(RealSamplesTest, AllFourReadAsCompleteWithVersionAndId) {
  TempDir d;
  const std::string job = "d0000000000000000000000000000004";
  WriteFile(d.path() / "cp" / job / "chk-2/_metadata", Sample("flink1.20-hashmap-checkpoint-v4"));
  WriteFile(d.path() / "cp" / job / "chk-3/_metadata",
            WithId(Sample("flink2.0-rocksdb-checkpoint-v5"), 3));
  WriteFile(d.path() / "sp/savepoint-d00000-aaaaaaaaaaaa/_metadata",
            Sample("flink1.14-rocksdb-savepoint-canonical-v3"));
  WriteFile(d.path() / "sp/savepoint-d00000-bbbbbbbbbbbb/_metadata",
            Sample("flink2.2-hashmap-savepoint-canonical-v6"));
  auto storage = std::move(Storage::Create(StorageConfig()).value());
  ScanOptions structure;
  structure.level = VerifyLevel::kStructure;  // the samples come without their state files
  auto r = ListSnapshots(
      *storage, {*Location::Parse(d.str() + "/cp"), *Location::Parse(d.str() + "/sp")}, structure);
  ASSERT_TRUE(r.ok());
  std::map<std::string, std::pair<int, int64_t>> got;
  for (const Snapshot& s : r->snapshots) {
    EXPECT_EQ(s.verdict, Verdict::kComplete) << s.location.ToString() << ": " << s.reason;
    got[s.location.Name()] = {s.format_version, s.checkpoint_id};
  }
  EXPECT_EQ(got["chk-2"], std::make_pair(4, int64_t{2}));
  EXPECT_EQ(got["chk-3"], std::make_pair(5, int64_t{3}));
  EXPECT_EQ(got["savepoint-d00000-aaaaaaaaaaaa"], std::make_pair(3, int64_t{1}));
  EXPECT_EQ(got["savepoint-d00000-bbbbbbbbbbbb"], std::make_pair(6, int64_t{1}));
}

TEST(MountTest, NfsVolumeSeenByFlinkUnderAnotherPrefix) {
  TempDir d;
  BuildTree(d.path());
  StorageConfig c;
  ASSERT_TRUE(c.AddMount("file:///opt/flink/volume", d.str()).ok());
  auto storage = std::move(Storage::Create(c).value());
  auto resolved = storage->Resolve(*Location::Parse("file:///opt/flink/volume/cp"));
  ASSERT_TRUE(resolved.ok());
  EXPECT_STREQ(resolved->fs->kind(), "nfs");
  EXPECT_EQ(resolved->path, d.str() + "/cp");
  auto r = FindLatest(*storage, {*Location::Parse("file:///opt/flink/volume/cp")}, HeaderLevel());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->examined[*r->chosen].location.ToString(),
            "file:///opt/flink/volume/cp/" + kJobB + "/chk-1")
      << "locations stay as Flink names them";
  EXPECT_STREQ(storage->Resolve(*Location::Parse("/opt/other"))->fs->kind(), "local");
}

TEST(WebHdfsLayoutTest, LatestOverWebHdfsWithFewRequests) {
  TempDir d;
  BuildTree(d.path());
  WebHdfsServer server(d.str(), 100);
  StorageConfig c;
  WebHdfsEndpoint e;
  e.url = server.url();
  ASSERT_TRUE(c.AddWebHdfs("ns1", e).ok());
  c.default_nameservice = "ns1";
  auto storage = std::move(Storage::Create(c).value());
  auto r = FindLatest(*storage, {*Location::Parse("hdfs:///cp", "ns1")}, HeaderLevel());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->examined[*r->chosen].location.ToString(), "hdfs://ns1/cp/" + kJobB + "/chk-1");
  EXPECT_EQ(r->stats.header_reads, 2u);
  // The root, one listing per job-id directory, and each header read is an OPEN redirected
  // to a DataNode.
  EXPECT_EQ(storage->webhdfs_requests(), 3u + 2u * 2u) << server.Stats();
}

// A NameNode that never answers: the scan ends at its deadline, not after every retry of
// every request has run into the request timeout (4 attempts of 30 s each).
TEST(WebHdfsLayoutTest, AHangingNameNodeEndsTheScanAtItsDeadline) {
  TempDir d;
  BuildTree(d.path());
  WebHdfsServer server(d.str(), 100);
  StorageConfig c;
  WebHdfsEndpoint e;
  e.url = server.url();  // default timeout (30 s) and retries (4)
  ASSERT_TRUE(c.AddWebHdfs("ns1", e).ok());
  c.default_nameservice = "ns1";
  auto storage = std::move(Storage::Create(c).value());
  server.Control("faults", R"({"hang": 100})");
  ScanOptions o = HeaderLevel();
  o.context.deadline = Deadline::FromTimeoutMs(1500);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = FindLatest(*storage, {*Location::Parse("hdfs:///cp", "ns1")}, o);
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kTimeout) << r.status().ToString();
  EXPECT_LT(took, std::chrono::milliseconds(3000));
}

// The NameNode goes away after the listing: the scan stops with UNAVAILABLE rather than
// calling every snapshot it could not read UNREADABLE and succeeding.
TEST(WebHdfsLayoutTest, ANameNodeLostMidwayStopsTheScan) {
  TempDir d;
  for (int n = 1; n <= 6; ++n) {
    WriteFile(d.path() / "cp" / kJobA / ("chk-" + std::to_string(n)) / "_metadata",
              MetadataBytes(4, n));
  }
  WebHdfsServer server(d.str(), 100);
  StorageConfig c;
  WebHdfsEndpoint e;
  e.url = server.url();
  e.retries = 1;
  e.retry_backoff_ms = 10;
  ASSERT_TRUE(c.AddWebHdfs("ns1", e).ok());
  c.default_nameservice = "ns1";
  auto storage = std::move(Storage::Create(c).value());
  ScanOptions o = HeaderLevel();
  o.context.progress = [&server](std::string_view phase, uint64_t done, uint64_t) {
    if (phase == "check" && done == 3) server.Control("faults", R"({"drop": 1000})");
    return true;
  };
  auto r = ListSnapshots(*storage, {*Location::Parse("hdfs:///cp", "ns1")}, o);
  ASSERT_FALSE(r.ok()) << r->snapshots.size() << " snapshots listed";
  EXPECT_EQ(r.status().code(), Code::kUnavailable) << r.status().ToString();
  EXPECT_NE(r.status().message().find("hdfs://ns1/cp/" + kJobA + "/chk-"), std::string::npos)
      << r.status().message();
}

}  // namespace
}  // namespace flowstate::core::storage
