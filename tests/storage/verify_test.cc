// Verification levels: STRUCTURE (all of _metadata) and FILES (every referenced file with
// its size, one listing per directory), on real directory trees and over WebHDFS; and
// finding the job directories that belong to a job by its operators.
#include <gtest/gtest.h>

#include <map>

#include "metadata_builder.h"
#include "storage/layout.h"
#include "storage/metadata_reader.h"
#include "storage_test_util.h"

namespace flowstate::core::storage {
namespace {

using flowstate::testing::MetadataBuilder;
using flowstate::testing::Sample;
using flowstate::testing::SetMtime;
using flowstate::testing::TempDir;
using flowstate::testing::ValidMetadata;
using flowstate::testing::WebHdfsServer;
using flowstate::testing::WithId;
using flowstate::testing::WriteFile;

namespace fs = std::filesystem;

const char kRocks[] = "flink2.0-rocksdb-checkpoint-v5";
const std::string kJob = "e0000000000000000000000000000005";

// Writes `sample` into `dir` with every state file it references, at its recorded size.
void Materialize(const fs::path& dir, const std::string& metadata) {
  WriteFile(dir / "_metadata", metadata);
  auto m = ReadMetadata(metadata);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  for (const MetadataFile& f : m->files) {
    ASSERT_EQ(f.form, MetadataFile::Form::kRelative);
    WriteFile(dir / f.path, std::string(static_cast<size_t>(std::max<int64_t>(f.size, 0)), 's'));
  }
}

class VerifyTest : public ::testing::Test {
 protected:
  void SetUp() override { storage_ = std::move(Storage::Create(StorageConfig()).value()); }
  Location L(const fs::path& p) { return *Location::Parse(p.string()); }
  Result<Inspection> Inspect(const fs::path& p, VerifyLevel level = VerifyLevel::kFiles) {
    ScanOptions o;
    o.level = level;
    return InspectSnapshot(*storage_, L(p), o);
  }
  TempDir dir_;
  std::unique_ptr<Storage> storage_;
};

TEST_F(VerifyTest, CompleteWhenEveryFileIsThere) {
  fs::path chk = dir_.path() / kJob / "chk-2";
  Materialize(chk, Sample(kRocks));
  auto r = Inspect(chk);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Snapshot& s = r->snapshot;
  EXPECT_EQ(s.verdict, Verdict::kComplete) << s.reason;
  EXPECT_EQ(s.level, VerifyLevel::kFiles);
  EXPECT_EQ(s.reason,
            "_metadata parsed to its end and every referenced file is there with its recorded "
            "size (format version 5, checkpoint id 2, 8 operators, 82 state files)");
  EXPECT_EQ(s.operator_count, 8);
  EXPECT_EQ(s.referenced_files, 82u);
  EXPECT_EQ(s.referenced_bytes, 279113u);
  EXPECT_EQ(s.metadata_kind, "CHECKPOINT");
  EXPECT_TRUE(s.problems.empty());
  EXPECT_EQ(r->stats.listings, 1u) << "one listing of the directory serves all 82 files";
  ASSERT_EQ(r->files.size(), 82u);
  EXPECT_EQ(r->files[0].Parent(), L(chk));
  // Inspecting the _metadata file itself is the same.
  auto again = Inspect(chk / "_metadata");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->snapshot.verdict, Verdict::kComplete);
}

TEST_F(VerifyTest, MissingOrCutStateFileFailsFilesNamingIt) {
  fs::path chk = dir_.path() / kJob / "chk-2";
  Materialize(chk, Sample(kRocks));
  auto m = ReadMetadata(Sample(kRocks));
  const MetadataFile& victim = m->files[5];
  const MetadataFile& cut = m->files[9];
  fs::remove(chk / victim.path);
  fs::resize_file(chk / cut.path, static_cast<uintmax_t>(cut.size - 1));
  auto r = Inspect(chk);
  ASSERT_TRUE(r.ok());
  const Snapshot& s = r->snapshot;
  EXPECT_EQ(s.verdict, Verdict::kCorrupt);
  EXPECT_FALSE(s.restorable());
  ASSERT_EQ(s.problems.size(), 2u);
  std::map<std::string, const FileProblem*> by_location;
  for (const FileProblem& p : s.problems) by_location[p.location] = &p;
  const FileProblem* gone = by_location[L(chk / victim.path).ToString()];
  ASSERT_NE(gone, nullptr);
  EXPECT_EQ(gone->found, -1);
  EXPECT_EQ(gone->expected, victim.size);
  EXPECT_EQ(gone->message, "state file " + L(chk / victim.path).ToString() + " is missing");
  const FileProblem* short_file = by_location[L(chk / cut.path).ToString()];
  ASSERT_NE(short_file, nullptr);
  EXPECT_EQ(short_file->found, cut.size - 1);
  EXPECT_NE(s.reason.find("(and 1 more problem)"), std::string::npos) << s.reason;
  // The same snapshot passes STRUCTURE: the levels see different things.
  auto structure = Inspect(chk, VerifyLevel::kStructure);
  EXPECT_EQ(structure->snapshot.verdict, Verdict::kComplete);
  EXPECT_EQ(structure->snapshot.level, VerifyLevel::kStructure);
}

TEST_F(VerifyTest, AMovedSavepointStillVerifies) {
  const std::string sp = "flink2.2-hashmap-savepoint-canonical-v6";
  fs::path first = dir_.path() / "savepoints/savepoint-e00000-aaaaaaaaaaaa";
  Materialize(first, Sample(sp));
  fs::path moved = dir_.path() / "elsewhere/savepoint-e00000-aaaaaaaaaaaa";
  fs::create_directories(moved.parent_path());
  fs::rename(first, moved);
  auto r = Inspect(moved);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->snapshot.verdict, Verdict::kComplete) << r->snapshot.reason;
  EXPECT_EQ(r->snapshot.kind, SnapshotKind::kSavepoint);
  EXPECT_EQ(r->snapshot.metadata_kind, "SAVEPOINT");
  EXPECT_EQ(r->snapshot.savepoint_format, "CANONICAL");
}

TEST_F(VerifyTest, CutMetadataThatAHeaderCheckPasses) {
  // Flink 1.14 wrote _metadata in place: a crash leaves a valid header over a cut body.
  fs::path chk = dir_.path() / kJob / "chk-1";
  WriteFile(chk / "_metadata", Sample("flink1.14-rocksdb-savepoint-canonical-v3").substr(0, 9000));
  EXPECT_EQ(Inspect(chk, VerifyLevel::kHeader)->snapshot.verdict, Verdict::kComplete);
  auto r = Inspect(chk, VerifyLevel::kStructure);
  EXPECT_EQ(r->snapshot.verdict, Verdict::kCorrupt);
  EXPECT_EQ(r->snapshot.reason.rfind("_metadata is damaged: offset ", 0), 0u) << r->snapshot.reason;
  EXPECT_NE(r->snapshot.reason.find("cannot fit"), std::string::npos) << r->snapshot.reason;
}

TEST_F(VerifyTest, ProvingInPlaceWritesReadsFormatThreeWholeAtHeaderLevel) {
  // A restore decision cannot trust a format-3 header (1.14 wrote it in place): asked to,
  // a header-level scan reads such a _metadata to its end, and only such.
  fs::path root = dir_.path() / "cp";
  WriteFile(root / kJob / "chk-1/_metadata", ValidMetadata(3, 1));
  WriteFile(root / kJob / "chk-2/_metadata", ValidMetadata(3, 2).substr(0, 40));
  WriteFile(root / kJob / "chk-3/_metadata", ValidMetadata(5, 3));
  SetMtime(root / kJob / "chk-1", 1000);
  SetMtime(root / kJob / "chk-2", 2000);
  SetMtime(root / kJob / "chk-3", 500);
  ScanOptions header;
  header.level = VerifyLevel::kHeader;
  auto plain = FindLatest(*storage_, {L(root)}, header);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain->examined[*plain->chosen].location.Name(), "chk-2");  // the cut one
  header.prove_in_place_writes = true;
  auto proved = FindLatest(*storage_, {L(root)}, header);
  ASSERT_TRUE(proved.ok()) << proved.status().ToString();
  ASSERT_TRUE(proved->chosen);
  EXPECT_EQ(proved->examined[*proved->chosen].location.Name(), "chk-1");
  EXPECT_EQ(proved->examined[*proved->chosen].level, VerifyLevel::kStructure);
  EXPECT_EQ(proved->examined[0].verdict, Verdict::kCorrupt);
  EXPECT_EQ(proved->examined[0].reason.rfind("_metadata is damaged: ", 0), 0u)
      << proved->examined[0].reason;
  // A newer format was renamed into place whole: its header is enough.
  auto v5 = InspectSnapshot(*storage_, L(root / kJob / "chk-3"), header);
  ASSERT_TRUE(v5.ok());
  EXPECT_EQ(v5->snapshot.level, VerifyLevel::kHeader);
  EXPECT_EQ(v5->snapshot.verdict, Verdict::kComplete);
}

TEST_F(VerifyTest, LatestSkipsASnapshotWhoseSharedFileIsGone) {
  // An incremental checkpoint whose shared file an earlier run's retention deleted: the
  // latest restorable state is the older, intact checkpoint.
  fs::path root = dir_.path() / "cp";
  fs::path shared = root / kJob / "shared";
  auto incremental = [&](int64_t id, const std::string& file) {
    MetadataBuilder m;
    m.Header(4, id).I32(1).OperatorStart(4, 0x11, 1).I8(0).I32(1).I32(0).I32(0).I32(0);
    m.I8(11).I64(id).Utf("backend").I32(0).I32(128).I64(10);
    m.Inline("meta").I32(1).Utf("000010.sst").Absolute("file:" + (shared / file).string(), 10);
    m.I32(0).Utf("id").I8(0).I32(0).I32(0).Raw(testing::CheckpointTrailer());
    return m.Take();
  };
  WriteFile(shared / "old-sst", std::string(10, 'o'));
  WriteFile(root / kJob / "chk-3/_metadata", incremental(3, "old-sst"));
  WriteFile(root / kJob / "chk-4/_metadata", incremental(4, "deleted-sst"));
  SetMtime(root / kJob / "chk-3", 1000);
  SetMtime(root / kJob / "chk-4", 2000);
  auto r = FindLatest(*storage_, {L(root)}, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->chosen);
  EXPECT_EQ(r->examined[*r->chosen].location.Name(), "chk-3");
  ASSERT_EQ(r->examined.size(), 2u);
  EXPECT_EQ(r->examined[0].verdict, Verdict::kCorrupt);
  EXPECT_NE(r->examined[0].reason.find("deleted-sst is missing (shared state"), std::string::npos)
      << r->examined[0].reason;
  // At header level the broken one would have been offered.
  ScanOptions header;
  header.level = VerifyLevel::kHeader;
  auto h = FindLatest(*storage_, {L(root)}, header);
  EXPECT_EQ(h->examined[*h->chosen].location.Name(), "chk-4");
}

TEST_F(VerifyTest, AbsolutePathsGoThroughTheMountTable) {
  // Flink wrote file:/opt/flink/volume/...; this host mounts the volume elsewhere.
  fs::path vol = dir_.path() / "volume";
  MetadataBuilder m;
  m.Header(4, 7).I32(1).OperatorStart(4, 0x11, 1).I8(0).I32(1).I32(0).I32(0).I32(0);
  m.I8(12).I32(0).I32(0).Absolute("file:/opt/flink/volume/cp/" + kJob + "/shared/s1", 5);
  m.Utf("id").I8(0).I32(0).I32(0).Raw(testing::CheckpointTrailer());
  WriteFile(vol / "cp" / kJob / "chk-7/_metadata", m.Take());
  WriteFile(vol / "cp" / kJob / "shared/s1", "12345");
  StorageConfig c;
  ASSERT_TRUE(c.AddMount("file:///opt/flink/volume", vol.string()).ok());
  auto storage = std::move(Storage::Create(c).value());
  ScanOptions o;
  auto r = InspectSnapshot(*storage,
                           *Location::Parse("file:///opt/flink/volume/cp/" + kJob + "/chk-7"), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->snapshot.verdict, Verdict::kComplete) << r->snapshot.reason;
  EXPECT_EQ(r->files[0].ToString(), "file:///opt/flink/volume/cp/" + kJob + "/shared/s1");
}

TEST_F(VerifyTest, FilesOverWebHdfsOneListingPerDirectory) {
  fs::path chk = dir_.path() / "cp" / kJob / "chk-2";
  Materialize(chk, Sample(kRocks));
  WebHdfsServer server(dir_.str(), 1000);
  StorageConfig c;
  WebHdfsEndpoint e;
  e.url = server.url();
  ASSERT_TRUE(c.AddWebHdfs("ns1", e).ok());
  auto storage = std::move(Storage::Create(c).value());
  const uint64_t before = storage->webhdfs_requests();
  ScanOptions o;
  auto r = InspectSnapshot(*storage, *Location::Parse("hdfs://ns1/cp/" + kJob + "/chk-2"), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->snapshot.verdict, Verdict::kComplete) << r->snapshot.reason;
  // One listing of the directory that holds _metadata and all 82 files, and the read of
  // _metadata (an OPEN at the NameNode and its redirect to a DataNode).
  EXPECT_EQ(storage->webhdfs_requests() - before, 3u) << server.Stats();
  fs::remove(chk / ReadMetadata(Sample(kRocks))->files[0].path);
  auto broken = InspectSnapshot(*storage, *Location::Parse("hdfs://ns1/cp/" + kJob + "/chk-2"), o);
  EXPECT_EQ(broken->snapshot.verdict, Verdict::kCorrupt);
  EXPECT_EQ(broken->snapshot.problems.size(), 1u);
}

TEST_F(VerifyTest, FindTheJobDirectoriesOfAJobByItsOperators) {
  fs::path root = dir_.path() / "cp";
  const std::string mine = "f0000000000000000000000000000001";
  const std::string other = "f0000000000000000000000000000002";
  const std::string partly = "f0000000000000000000000000000003";
  WriteFile(root / mine / "chk-2/_metadata", Sample(kRocks));
  WriteFile(root / other / "chk-1/_metadata", ValidMetadata(4, 1));
  // A run whose newest checkpoint is cut short: its older one is compared instead.
  WriteFile(root / partly / "chk-5/_metadata", WithId(Sample(kRocks), 5));
  WriteFile(root / partly / "chk-6/_metadata", WithId(Sample(kRocks), 6).substr(0, 500));
  SetMtime(root / partly / "chk-5", 100);
  SetMtime(root / partly / "chk-6", 200);
  std::vector<std::string> uids = {"CheckpointingSource1",
                                   "CheckpointingSource2",
                                   "CheckpointingKeyedStateFlatMap1",
                                   "CheckpointingKeyedStateFlatMap2",
                                   "CheckpointingTimelyStatefulOperator1",
                                   "CheckpointingTimelyStatefulOperator2"};
  std::vector<std::string> ids;
  for (const std::string& u : uids) ids.push_back(OperatorIdFromUid(u));
  auto r = MatchJobs(*storage_, L(root), ids, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].match.kind, OperatorMatch::Kind::kAll);
  EXPECT_EQ((*r)[1].match.kind, OperatorMatch::Kind::kAll);
  std::set<std::string> all = {(*r)[0].job.job_id, (*r)[1].job.job_id};
  EXPECT_EQ(all, (std::set<std::string>{mine, partly}));
  for (size_t i = 0; i < 2; ++i) {
    if ((*r)[i].job.job_id == partly) {
      EXPECT_EQ((*r)[i].snapshot.location.Name(), "chk-5");
    }
    EXPECT_EQ((*r)[i].match.extra.size(), 2u) << "the two sinks have no uid";
  }
  EXPECT_EQ((*r)[2].job.job_id, other);
  EXPECT_EQ((*r)[2].match.kind, OperatorMatch::Kind::kNone);
}

}  // namespace
}  // namespace flowstate::core::storage
