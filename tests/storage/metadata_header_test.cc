#include "storage/metadata_header.h"

#include <gtest/gtest.h>

#include "storage_test_util.h"

namespace flowstate::core::storage {
namespace {

using flowstate::testing::MetadataBytes;
using flowstate::testing::Sample;

TEST(MetadataHeaderTest, TheFourRealSamples) {
  struct S {
    const char* name;
    int version;
    int64_t id;
  } samples[] = {{"flink1.14-rocksdb-savepoint-canonical-v3", 3, 1},
                 {"flink1.20-hashmap-checkpoint-v4", 4, 2},
                 {"flink2.0-rocksdb-checkpoint-v5", 5, 2},
                 {"flink2.2-hashmap-savepoint-canonical-v6", 6, 1}};
  for (const S& s : samples) {
    std::string bytes = Sample(s.name);
    HeaderCheck c = CheckMetadataHeader(bytes);
    ASSERT_TRUE(c.header) << s.name << ": " << c.problem;
    EXPECT_EQ(c.header->version, s.version);
    EXPECT_EQ(c.header->checkpoint_id, s.id);
  }
}

TEST(MetadataHeaderTest, CutAtEveryByteOfTheHeader) {
  std::string full = MetadataBytes(4, 7, 0);
  for (size_t n = 0; n < kMetadataHeaderSize; ++n) {
    HeaderCheck c = CheckMetadataHeader(full.substr(0, n));
    EXPECT_FALSE(c.header) << n;
    EXPECT_EQ(c.problem, n == 0 ? "empty _metadata"
                                : "truncated: _metadata has " + std::to_string(n) +
                                      " bytes, its header needs 16");
  }
  EXPECT_TRUE(CheckMetadataHeader(full).header);
}

TEST(MetadataHeaderTest, WrongMagicUnknownVersionNegativeId) {
  EXPECT_EQ(CheckMetadataHeader(MetadataBytes(4, 1, 0, 0xCAFEBABE)).problem,
            "wrong magic number 0xCAFEBABE (expected 0x4960672D)");
  for (int v : {0, 1, 7, -1}) {
    EXPECT_EQ(CheckMetadataHeader(MetadataBytes(v, 1, 0)).problem,
              "unknown format version " + std::to_string(v) + " (Flink writes 2 to 6)");
  }
  EXPECT_EQ(CheckMetadataHeader(MetadataBytes(4, -3, 0)).problem, "negative checkpoint id -3");
}

TEST(MetadataHeaderTest, WhichFlinkReadsWhichFormat) {
  EXPECT_EQ(MinFlinkForFormat(4)->ToString(), "1.16");
  EXPECT_EQ(MinFlinkForFormat(5)->ToString(), "2.0");
  EXPECT_EQ(MinFlinkForFormat(6)->ToString(), "2.1");
  EXPECT_FALSE(MinFlinkForFormat(9));
  EXPECT_EQ(FormatWrittenBy({1, 14}), 3);
  EXPECT_EQ(FormatWrittenBy({1, 20}), 4);
  EXPECT_EQ(FormatWrittenBy({2, 0}), 5);
  EXPECT_EQ(FormatWrittenBy({2, 2}), 6);
}

}  // namespace
}  // namespace flowstate::core::storage
