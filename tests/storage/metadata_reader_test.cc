// The complete _metadata reader: the four real samples to their last byte, every proper
// prefix refused, synthetic files for every handle tag and layout no sample contains, and
// operator ids from uids.
#include "storage/metadata_reader.h"

#include <gtest/gtest.h>

#include <set>

#include "metadata_builder.h"
#include "storage_test_util.h"

namespace flowstate::core::storage {
namespace {

using flowstate::testing::MetadataBuilder;
using flowstate::testing::Sample;
using flowstate::testing::ValidMetadata;

const char* const kSamples[] = {"flink1.14-rocksdb-savepoint-canonical-v3",
                                "flink1.20-hashmap-checkpoint-v4", "flink2.0-rocksdb-checkpoint-v5",
                                "flink2.2-hashmap-savepoint-canonical-v6"};

// The eight operator ids every sample holds (the same job).
const std::set<std::string> kIds = {
    "1f2b5df5a66154aca61fcb26193792be", "d5c8b168c6cbfe8c507a10f88b325243",
    "41e91aae0bee218c44306cf7d21940ad", "06d8049845c382d79d17d43c9ef349f7",
    "330bf7ad4176e7c36829a4bf9459db07", "dab25811652d3d4983a30c6e4afacb1c",
    "4b818c7923a927796d24b727201ba34d", "69f32d314b97c6f7f9ed7873983167f2"};

class SampleTest : public ::testing::Test {};

TEST_F(SampleTest, Flink114RocksDbCanonicalSavepoint) {
  std::string bytes = Sample(kSamples[0]);
  auto m = ReadMetadata(bytes);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->version, 3);
  EXPECT_EQ(m->checkpoint_id, 1);
  EXPECT_EQ(m->size, 17257u);
  EXPECT_EQ(m->body_end, 17257u) << "v3 has no trailer";
  ASSERT_EQ(m->operators.size(), 8u);
  std::set<std::string> ids;
  for (const MetadataOperator& op : m->operators) {
    ids.insert(op.id);
    EXPECT_EQ(op.name, "");
    EXPECT_EQ(op.max_parallelism, 4);
  }
  EXPECT_EQ(ids, kIds);
  EXPECT_TRUE(m->files.empty()) << "all state inline below the 20 KiB threshold";
  EXPECT_EQ(m->inline_handles, 16u);
  EXPECT_EQ(m->inline_bytes, 15449u);
  EXPECT_EQ(m->keyed_tags.at(7), 14u);
  EXPECT_EQ(m->operator_state_handles, 2u);
  EXPECT_FALSE(m->properties.present);
  EXPECT_EQ(m->Kind(), "SAVEPOINT") << "tag 7 is only written for canonical savepoints";
  EXPECT_EQ(m->Format(), "CANONICAL");
  EXPECT_EQ(m->operators[0].subtask_states, 1u);
  EXPECT_EQ(m->operators[1].subtask_states, 3u) << "subtasks that reported nothing are absent";
}

TEST_F(SampleTest, Flink120HashmapCheckpoint) {
  auto m = ReadMetadata(Sample(kSamples[1]));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->version, 4);
  EXPECT_EQ(m->checkpoint_id, 2);
  EXPECT_EQ(m->body_end, 2404u);
  EXPECT_EQ(m->size, 3008u);
  EXPECT_EQ(m->operators.size(), 8u);
  EXPECT_EQ(m->files.size(), 16u);
  EXPECT_EQ(m->FileBytes(), 15315u);
  for (const MetadataFile& f : m->files) {
    EXPECT_EQ(f.form, MetadataFile::Form::kRelative);
    EXPECT_EQ(f.tag, 6);
    EXPECT_EQ(f.path.size(), 36u) << f.path << " is a bare UUID";
  }
  EXPECT_EQ(m->keyed_tags.at(12), 14u);
  EXPECT_EQ(m->inline_bytes, 0u);
  EXPECT_TRUE(m->properties.present);
  EXPECT_EQ(m->properties.type_class, "CheckpointType");
  EXPECT_EQ(m->properties.type_name, "Checkpoint");
  EXPECT_EQ(m->properties.sharing_files_strategy, "FORWARD_BACKWARD");
  EXPECT_FALSE(m->properties.forced);
  EXPECT_TRUE(m->properties.discard_subsumed && m->properties.discard_finished &&
              m->properties.discard_cancelled && m->properties.discard_failed &&
              m->properties.discard_suspended);
  EXPECT_EQ(m->Kind(), "CHECKPOINT");
}

TEST_F(SampleTest, Flink20RocksDbCheckpointWithNamesAndUids) {
  auto m = ReadMetadata(Sample(kSamples[2]));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->version, 5);
  EXPECT_EQ(m->body_end, 7476u);
  EXPECT_EQ(m->files.size(), 82u);
  EXPECT_EQ(m->FileBytes(), 279113u);
  EXPECT_EQ(m->keyed_tags.at(11), 14u);
  std::map<std::string, std::pair<std::string, std::string>> by_id;
  for (const MetadataOperator& op : m->operators) by_id[op.id] = {op.name, op.uid};
  EXPECT_EQ(
      by_id["1f2b5df5a66154aca61fcb26193792be"],
      std::make_pair(std::string("Source: Custom Source"), std::string("CheckpointingSource2")));
  EXPECT_EQ(
      by_id["d5c8b168c6cbfe8c507a10f88b325243"],
      std::make_pair(std::string("Flat Map"), std::string("CheckpointingKeyedStateFlatMap1")));
  EXPECT_EQ(by_id["06d8049845c382d79d17d43c9ef349f7"].second, "") << "no uid set";
  // Every uid-ed operator's id is MurmurHash3 of its uid.
  size_t with_uid = 0;
  for (const MetadataOperator& op : m->operators) {
    if (op.uid.empty()) continue;
    ++with_uid;
    EXPECT_EQ(OperatorIdFromUid(op.uid), op.id) << op.uid;
  }
  EXPECT_EQ(with_uid, 6u);
}

TEST_F(SampleTest, Flink22HashmapCanonicalSavepoint) {
  auto m = ReadMetadata(Sample(kSamples[3]));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->version, 6);
  EXPECT_EQ(m->checkpoint_id, 1);
  EXPECT_EQ(m->body_end, 2210u);
  EXPECT_EQ(m->files.size(), 16u);
  EXPECT_EQ(m->FileBytes(), 15451u);
  EXPECT_EQ(m->properties.type_class, "SavepointType");
  EXPECT_EQ(m->properties.type_name, "Savepoint");
  EXPECT_EQ(m->properties.format_type, "CANONICAL");
  EXPECT_EQ(m->properties.post_checkpoint_action, "NONE");
  EXPECT_TRUE(m->properties.forced);
  EXPECT_FALSE(m->properties.discard_subsumed);
  EXPECT_EQ(m->Kind(), "SAVEPOINT");
  EXPECT_EQ(m->Format(), "CANONICAL");
}

TEST_F(SampleTest, EveryProperPrefixIsRefused) {
  for (const char* name : kSamples) {
    std::string bytes = Sample(name);
    for (size_t n = 0; n < bytes.size(); ++n) {
      auto m = ReadMetadata(std::string_view(bytes).substr(0, n));
      ASSERT_FALSE(m.ok()) << name << " cut at " << n;
      ASSERT_EQ(m.status().code(), Code::kCorrupt) << name << " cut at " << n;
    }
  }
  auto cut = ReadMetadata(std::string_view(Sample(kSamples[1])).substr(0, 2800));
  EXPECT_NE(cut.status().message().find("end of file while reading"), std::string::npos)
      << cut.status().message();
}

TEST_F(SampleTest, TrailingBytesAreRefused) {
  for (const char* name : kSamples) {
    auto m = ReadMetadata(Sample(name) + "x");
    ASSERT_FALSE(m.ok()) << name;
    EXPECT_NE(m.status().message().find("1 bytes after the end"), std::string::npos)
        << m.status().message();
  }
}

TEST_F(SampleTest, MatchingOperators) {
  auto m = ReadMetadata(Sample(kSamples[2]));
  ASSERT_TRUE(m.ok());
  std::vector<std::string> all(kIds.begin(), kIds.end());
  EXPECT_EQ(MatchOperators(all, *m).kind, OperatorMatch::Kind::kAll);
  std::vector<std::string> uids = {OperatorIdFromUid("CheckpointingSource2"),
                                   OperatorIdFromUid("CheckpointingKeyedStateFlatMap1"),
                                   OperatorIdFromUid("NewOperator")};
  OperatorMatch some = MatchOperators(uids, *m);
  EXPECT_EQ(some.kind, OperatorMatch::Kind::kSome);
  EXPECT_EQ(some.matched.size(), 2u);
  EXPECT_EQ(some.missing, std::vector<std::string>{OperatorIdFromUid("NewOperator")});
  EXPECT_EQ(some.extra.size(), 6u) << "state no expected operator would take";
  EXPECT_EQ(MatchOperators({OperatorIdFromUid("Other")}, *m).kind, OperatorMatch::Kind::kNone);
  EXPECT_EQ(MatchOperators({}, *m).kind, OperatorMatch::Kind::kNone);
}

TEST(OperatorIdTest, MurmurHash3OfTheUid) {
  EXPECT_EQ(OperatorIdFromUid("CheckpointingSource2"), "1f2b5df5a66154aca61fcb26193792be");
  EXPECT_EQ(OperatorIdFromUid("CheckpointingKeyedStateFlatMap1"),
            "d5c8b168c6cbfe8c507a10f88b325243");
  // Lengths around the 16-byte block: every tail length is taken.
  std::set<std::string> ids;
  for (size_t n = 0; n <= 40; ++n) ids.insert(OperatorIdFromUid(std::string(n, 'u')));
  EXPECT_EQ(ids.size(), 41u);
  EXPECT_EQ(OperatorIdFromUid("").size(), 32u);
}

// ---- synthetic files for layouts no sample holds ------------------------------------

// One operator with one subtask whose managed keyed state is built by `keyed`.
template <typename F>
std::string OneKeyed(int version, F keyed) {
  MetadataBuilder m;
  m.Header(version, 5).I32(1).OperatorStart(version, 0x22, 1);
  if (version == 2) {
    m.I32(1);
  } else {
    m.I8(0);
  }
  m.I32(1).I32(0);
  if (version == 2) m.I64(-1).I32(0);
  m.I32(0).I32(0);
  keyed(m);
  m.I8(0);
  if (version >= 3) m.I32(0).I32(0);
  if (version >= 4) m.Raw(testing::CheckpointTrailer());
  return m.Take();
}

TEST(SyntheticTest, AbsolutePathsAndIncrementalSharedLists) {
  // Tag 11 with shared files at absolute paths (an incremental RocksDB checkpoint), one of
  // them under an earlier run's shared/ directory.
  std::string bytes = OneKeyed(4, [](MetadataBuilder& m) {
    m.I8(11).I64(5).Utf("backend-uuid").I32(0).I32(128).I64(4096);
    m.Absolute("hdfs://nn:8020/cp/aaaa/chk-5/meta", 100);  // meta
    m.I32(2);
    m.Utf("000010.sst").Absolute("hdfs://nn:8020/cp/aaaa/shared/0a1b", 2000);
    m.Utf("000011.sst").Absolute("hdfs://nn:8020/cp/bbbb/shared/0c2d", 3000);
    m.I32(1).Utf("MANIFEST-000005").Inline("manifest");
    m.Utf("state-handle-id");
  });
  auto r = ReadMetadata(bytes);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->files.size(), 3u);
  EXPECT_EQ(r->files[1].form, MetadataFile::Form::kAbsolute);
  EXPECT_EQ(r->files[2].path, "hdfs://nn:8020/cp/bbbb/shared/0c2d");
  EXPECT_EQ(r->FileBytes(), 5100u);
  EXPECT_EQ(r->inline_bytes, 8u);
  EXPECT_EQ(r->keyed_tags.at(11), 1u);
  EXPECT_EQ(r->operators[0].file_handles, 3u);
  // Flink 1.14's incremental handle (tag 5): no checkpointed size, no id.
  std::string v114 = OneKeyed(3, [](MetadataBuilder& m) {
    m.I8(5).I64(5).Utf("backend").I32(0).I32(128).Inline("meta").I32(1);
    m.Utf("000010.sst").Absolute("file:/data/cp/j/shared/x", 10).I32(0);
  });
  auto r5 = ReadMetadata(v114);
  ASSERT_TRUE(r5.ok()) << r5.status().ToString();
  EXPECT_EQ(r5->files[0].path, "file:/data/cp/j/shared/x");
  EXPECT_EQ(r5->files[0].size, 10);
}

TEST(SyntheticTest, KeyGroupHandlesNestedAndUnknownSizes) {
  std::string bytes = OneKeyed(3, [](MetadataBuilder& m) {
    m.I8(3).I32(0).I32(2).I64(0).I64(10);  // two key groups
    m.I8(3).I32(0).I32(1).I64(0);          // stream tag 3: nested key groups
    m.Relative("f0e1d2c3-0000-0000-0000-000000000000", -1);
  });
  auto r = ReadMetadata(bytes);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->files.size(), 1u);
  EXPECT_EQ(r->files[0].size, -1) << "unknown size: existence only";
  // A chain of nested stream handles deeper than the cap is refused, not followed.
  std::string deep = OneKeyed(3, [](MetadataBuilder& m) {
    m.I8(3).I32(0).I32(0);
    for (int i = 0; i < 40; ++i) m.I8(3).I32(0).I32(0);
    m.I8(0);
  });
  auto d = ReadMetadata(deep);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("nested deeper than 32"), std::string::npos);
}

TEST(SyntheticTest, FileMergingSegments) {
  // Keyed state in a segment (tag 15), and operator state in the file-merging handle (tag 17)
  // over a segment and an empty segment.
  MetadataBuilder m;
  m.Header(4, 9).I32(1).OperatorStart(4, 0x33, 1).I8(0).I32(1).I32(0);
  m.I32(1)
      .I8(17)
      .I32(1)
      .Utf("buffer")
      .I8(1)
      .I32(1)
      .I64(0)
      .Utf("/cp/j/taskowned/tm-1")
      .Utf("/cp/j/shared/op-1")
      .I8(0)
      .Segment(0, 100, "file:/cp/j/taskowned/tm-1/merged-1");
  m.I32(1).I8(17).I32(0).Utf("t").Utf("s").I8(1).I8(16);
  m.I8(12).I32(0).I32(0).Segment(100, 50, "file:/cp/j/taskowned/tm-1/merged-1", 0).Utf("id");
  m.I8(0).I32(0).I32(0).Raw(testing::CheckpointTrailer());
  auto r = ReadMetadata(m.bytes());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->files.size(), 1u) << "two segments of one physical file";
  EXPECT_EQ(r->files[0].form, MetadataFile::Form::kSegment);
  EXPECT_EQ(r->files[0].size, 150) << "the file must reach the end of the furthest segment";
  EXPECT_EQ(r->files[0].references, 2u);
  // A file-merging operator state over a plain file is refused.
  MetadataBuilder bad;
  bad.Header(4, 9).I32(1).OperatorStart(4, 0x33, 1).I8(0).I32(1).I32(0);
  bad.I32(1).I8(17).I32(0).Utf("t").Utf("s").I8(0).Relative("x", 1);
  auto b = ReadMetadata(bad.bytes());
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("expected a segment"), std::string::npos);
}

TEST(SyntheticTest, ChangelogHandlesBothLayouts) {
  // Flink 1.15+: tag 14 with a materialized tag 12 handle and non-materialized 9 and 13.
  std::string v4 = OneKeyed(4, [](MetadataBuilder& m) {
    m.I8(14).I32(0).I32(128).I64(500);
    m.I32(1).I8(12).I32(0).I32(0).Relative("mat-file", 300).Utf("id-1");
    m.I32(2);
    m.I8(9).I32(0).I32(128).I64(1).I64(2).I32(1).I32(7).I32(3).Raw("abc").Utf("id-2");
    m.I8(13).I32(0).I32(128).I32(1).I64(0).Absolute("file:/dstl/changelog-1", 77);
    m.I64(77).I64(77).Utf("id-3").Utf("filesystem");
    m.I64(42).I64(5).Utf("id-4");
  });
  auto r = ReadMetadata(v4);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->changelog_1_14_layout);
  EXPECT_EQ(r->files.size(), 2u);
  EXPECT_EQ(r->files[1].path, "file:/dstl/changelog-1") << "the DSTL writes outside the checkpoint";
  EXPECT_EQ(r->inline_bytes, 3u);
  // Flink 1.14: tags 8, 9, 10 without the later fields, in a v3 file: read on a second try.
  std::string v3 = OneKeyed(3, [](MetadataBuilder& m) {
    m.I8(8).I32(0).I32(128);
    m.I32(0);
    m.I32(2);
    m.I8(9).I32(0).I32(128).I64(1).I64(2).I32(0);
    m.I8(10).I32(0).I32(128).I32(1).I64(0).Absolute("file:/dstl/c", 5).I64(5);
  });
  auto r3 = ReadMetadata(v3);
  ASSERT_TRUE(r3.ok()) << r3.status().ToString();
  EXPECT_TRUE(r3->changelog_1_14_layout);
  EXPECT_EQ(r3->files.size(), 1u);
}

TEST(SyntheticTest, Version6ChannelStateAndFinishedSubtasks) {
  MetadataBuilder m;
  m.Header(6, 3).I32(2);
  // Operator 1: a finished subtask (-1), then subtask 1 with channel state of every kind.
  m.OperatorStart(6, 0x44, 2, "Map", "map-uid").I8(0).I32(2).I32(-1).I32(1);
  m.I32(0).I32(0).I8(0).I8(0);
  m.I32(2);
  m.I8(1).I32(1).I32(0).I32(0).I32(1).I64(0).I64(64).Relative("channel-file", 128);
  m.I8(3).I32(1).I64(64).Relative("channel-file", 128).I32(4).Raw("offs");
  m.I32(2);
  m.I8(2).I32(1).I32(0).I32(0).I32(0).I64(0).Relative("out-file", 10);
  m.I8(4).I32(1).I64(10).Inline("z").I32(0);
  // Operator 2: fully finished.
  m.OperatorStart(6, 0x55, 1, "Source", "").I8(0).I32(-1);
  m.Raw(testing::SavepointTrailer());
  auto r = ReadMetadata(m.bytes());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->operators.size(), 2u);
  EXPECT_EQ(r->operators[0].finished_subtasks, 1u);
  EXPECT_EQ(r->operators[0].subtask_states, 1u);
  EXPECT_EQ(r->operators[0].uid, "map-uid");
  EXPECT_TRUE(r->operators[1].fully_finished);
  EXPECT_EQ(r->channel_state_handles, 4u);
  ASSERT_EQ(r->files.size(), 2u) << "handles sharing one delegate file count it once";
  EXPECT_EQ(r->files[0].references, 2u);
  // A merged output handle in the input list is refused.
  MetadataBuilder bad;
  bad.Header(6, 3).I32(1).OperatorStart(6, 0x44, 1).I8(0).I32(1).I32(0);
  bad.I32(0).I32(0).I8(0).I8(0).I32(1).I8(4);
  auto b = ReadMetadata(bad.bytes());
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("channel state kind 4 in the input channel list"),
            std::string::npos);
}

TEST(SyntheticTest, MasterAndCoordinatorStatesAndVersion2) {
  MetadataBuilder m;
  m.Header(3, 8, 1);
  m.I32(static_cast<int32_t>(0xC96B1696)).I32(4 + 4 + 4 + 3).I32(1).Utf("h1").I32(3).Raw("abc");
  m.I32(1).OperatorStart(3, 0x66, 1).Inline("coordinator").I32(0);
  auto r = ReadMetadata(m.bytes());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->master_states, 1u);
  EXPECT_EQ(r->operators[0].coordinator_bytes, 11u);
  EXPECT_EQ(r->inline_bytes, 3u + 11u);
  // A master state whose block holds more than its parts.
  MetadataBuilder bad;
  bad.Header(3, 8, 1).I32(static_cast<int32_t>(0xC96B1696)).I32(20).I32(1).Utf("h1").I32(0);
  bad.Raw(std::string(10, '\0')).I32(0);
  EXPECT_NE(ReadMetadata(bad.bytes()).status().message().find("trailing bytes in a master state"),
            std::string::npos);
  // Version 2 (Flink 1.3 to 1.10): legacy fields, no coordinator, no channel lists.
  auto v2 = ReadMetadata(ValidMetadata(2, 4));
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->inline_bytes, 16u);
  // Legacy task state of Flink 1.1 is refused, as Flink refuses it.
  MetadataBuilder legacy;
  legacy.Header(2, 4).I32(1).OperatorStart(2, 0x11).I32(1).I32(1).I32(0).I64(-1).I32(1);
  EXPECT_NE(ReadMetadata(legacy.bytes()).status().message().find("legacy task state"),
            std::string::npos);
}

TEST(SyntheticTest, ModifiedUtf8) {
  // NUL as C0 80, é, and an emoji as a surrogate pair of two 3-byte sequences.
  std::string name = std::string("a\xC0\x80") + "\xC3\xA9" + "\xED\xA0\xBD\xED\xB8\x80";
  MetadataBuilder m;
  m.Header(5, 1).I32(1).OperatorStart(5, 0x77, 1, name, "\xED\xA0\xBD").I8(0).I32(0);
  m.Raw(testing::CheckpointTrailer());
  auto r = ReadMetadata(m.bytes());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->operators[0].name, std::string("a\0", 2) + "\xC3\xA9" + "\xF0\x9F\x98\x80");
  EXPECT_EQ(r->operators[0].uid, "\xEF\xBF\xBD") << "a lone surrogate becomes U+FFFD";
  // A path with a NUL is not a usable path.
  std::string nul_path = OneKeyed(3, [](MetadataBuilder& b) {
    b.I8(3).I32(0).I32(0).Relative(std::string("bad\xC0\x80name"), 1);
  });
  auto p = ReadMetadata(nul_path);
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->files[0].valid_path);
  // Malformed sequences are refused, as Java's readUTF refuses them.
  for (std::string bad :
       {std::string("\x80"), std::string("\xF0\x9F\x98\x80"), std::string("\xC3")}) {
    MetadataBuilder b;
    b.Header(5, 1).I32(1).OperatorStart(5, 0x77, 1, bad, "").I8(0).I32(0);
    auto x = ReadMetadata(b.bytes());
    ASSERT_FALSE(x.ok());
    EXPECT_NE(x.status().message().find("malformed modified UTF-8"), std::string::npos);
  }
}

TEST(SyntheticTest, BadCountsTagsAndVersions) {
  struct Case {
    std::string bytes;
    const char* what;
  };
  MetadataBuilder huge;
  huge.Header(3, 1).I32(0x7fffffff);
  MetadataBuilder negative;
  negative.Header(3, 1).I32(-5);
  MetadataBuilder tag;
  tag.Header(3, 1).I32(1).OperatorStart(3, 1).I8(0).I32(1).I32(0).I32(0).I32(0).I8(42);
  MetadataBuilder stream_tag;
  stream_tag.Header(3, 1).I32(1).OperatorStart(3, 1).I8(0).I32(1).I32(0).I32(0).I32(0);
  stream_tag.I8(3).I32(0).I32(0).I8(99);
  MetadataBuilder coordinator;
  coordinator.Header(3, 1).I32(1).OperatorStart(3, 1).Relative("x", 1);
  MetadataBuilder finished_with_coordinator;
  finished_with_coordinator.Header(3, 1).I32(1).OperatorStart(3, 1).Inline("c").I32(-1);
  MetadataBuilder bad_trailer;
  bad_trailer.Header(4, 1).I32(0).Raw(std::string("\xAC\xED\x00\x05\x70", 5));
  MetadataBuilder bad_magic;
  bad_magic.Header(4, 1).I32(0).Raw(std::string("\xAC\xED\x00\x06", 4));
  const Case cases[] = {
      {huge.Take(), "operator states of 2147483647 cannot fit"},
      {negative.Take(), "negative operator states"},
      {tag.Take(), "unknown keyed state handle tag 42"},
      {stream_tag.Take(), "unknown stream state handle tag 99"},
      {coordinator.Take(), "coordinator state has handle tag 6"},
      {finished_with_coordinator.Take(), "a fully finished operator with coordinator state"},
      {bad_trailer.Take(), "holds no object"},
      {bad_magic.Take(), "does not start with AC ED 00 05"},
      {ValidMetadata(3, -1), "negative checkpoint id"},
  };
  for (const Case& c : cases) {
    auto r = ReadMetadata(c.bytes);
    ASSERT_FALSE(r.ok()) << c.what;
    EXPECT_NE(r.status().message().find(c.what), std::string::npos)
        << c.what << ": " << r.status().message();
    EXPECT_EQ(r.status().message().rfind("offset ", 0), 0u) << r.status().message();
  }
  MetadataBuilder v7;
  v7.Header(7, 1);
  EXPECT_EQ(ReadMetadata(v7.bytes()).status().code(), Code::kUnsupportedVersion);
  MetadataBuilder v1;
  v1.Header(1, 1);
  EXPECT_NE(ReadMetadata(v1.bytes()).status().message().find("no longer readable"),
            std::string::npos);
}

TEST(SyntheticTest, MutationsNeverCrash) {
  // Flip, delete and insert bytes of a real file: each result parses or is refused cleanly.
  std::string base = Sample(kSamples[2]);
  if (base.empty()) base = ValidMetadata(5, 1, 200);
  uint64_t seed = 42, parsed = 0;
  auto next = [&seed] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return seed >> 33;
  };
  for (int i = 0; i < 3000; ++i) {
    std::string b = base;
    size_t at = next() % b.size();
    switch (next() % 3) {
      case 0:
        b[at] = static_cast<char>(next());
        break;
      case 1:
        b.erase(at, 1);
        break;
      default:
        b.insert(at, 1, static_cast<char>(next()));
        break;
    }
    auto r = ReadMetadata(b);
    if (r.ok()) ++parsed;
  }
  EXPECT_LT(parsed, 3000u);
}

}  // namespace
}  // namespace flowstate::core::storage
