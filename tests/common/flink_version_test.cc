#include "common/flink_version.h"

#include <gtest/gtest.h>

#include <string>

namespace flowstate::core {
namespace {

TEST(FlinkVersionTest, ReleaseLinesOutsideTheKnownRangeAreUnsupportedWithTheRange) {
  for (const char* text : {"1.9", "1.13", "1.13.6", "1.21", "1.99", "2.4", "2.5", "v1_13"}) {
    Result<FlinkVersion> v = FlinkVersion::Parse(text);
    ASSERT_FALSE(v.ok()) << text;
    EXPECT_TRUE(v.status().Is(Code::kUnsupportedVersion)) << text << ": " << v.status().ToString();
    EXPECT_NE(v.status().message().find("(1.14 to 1.20, 2.0 to 2.3)"), std::string::npos)
        << v.status().ToString();
  }
  // Still versions: the tables of when options came and went may name them.
  ASSERT_TRUE(FlinkVersion::ParseAnyRelease("1.9").ok());
  EXPECT_EQ(FlinkVersion::ParseAnyRelease("1.9")->ToString(), "1.9");
  for (const char* text : {"1.14", "1.14.6", "1.20", "2.0.0", "2.3", "2.3.1", "2.3-SNAPSHOT"}) {
    EXPECT_TRUE(FlinkVersion::Parse(text).ok())
        << text << ": " << FlinkVersion::Parse(text).status().ToString();
  }
}

TEST(FlinkVersionTest, NotAVersionIsInvalidArgumentSayingWhatWasExpected) {
  for (const char* text :
       {"", "1", "1.", "x.y", "1.20.x", "1.20.1.2", "1.20_1", "3.0", "0.9", "1.123456"}) {
    Result<FlinkVersion> v = FlinkVersion::Parse(text);
    ASSERT_FALSE(v.ok()) << text;
    EXPECT_TRUE(v.status().Is(Code::kInvalidArgument)) << text << ": " << v.status().ToString();
  }
  EXPECT_NE(FlinkVersion::Parse("1.20.x").status().message().find("MAJOR.MINOR[.PATCH]"),
            std::string::npos);
}

TEST(FlinkVersionTest, PatchLevelsAreKeptAndAMissingOneIsUnknownNotZero) {
  FlinkVersion a = *FlinkVersion::Parse("1.14.3");
  EXPECT_EQ(a.major, 1);
  EXPECT_EQ(a.minor, 14);
  EXPECT_EQ(a.patch, 3);
  EXPECT_TRUE(a.has_patch());
  EXPECT_EQ(a.ToString(), "1.14.3");

  FlinkVersion b = *FlinkVersion::Parse("1.14");
  EXPECT_FALSE(b.has_patch());
  EXPECT_EQ(b.ToString(), "1.14");
  EXPECT_NE(b, *FlinkVersion::Parse("1.14.0")) << "1.14 is not 1.14.0";

  EXPECT_EQ(FlinkVersion::Parse("v1_20_1")->ToString(), "1.20.1");
  EXPECT_EQ(FlinkVersion::Parse("1.20.1-SNAPSHOT")->ToString(), "1.20.1");
  EXPECT_EQ(FlinkVersion::Parse("2.3-SNAPSHOT")->ToString(), "2.3");
  EXPECT_EQ(FlinkVersion::Parse(" 2.0.0 ")->ToString(), "2.0.0");
}

TEST(FlinkVersionTest, ABoundWithoutAPatchStandsForTheLinesFirstRelease) {
  const FlinkVersion needs{1, 15};
  EXPECT_TRUE(*FlinkVersion::Parse("1.15") >= needs);
  EXPECT_TRUE(*FlinkVersion::Parse("1.15.0") >= needs);
  EXPECT_TRUE(*FlinkVersion::Parse("1.15.4") >= needs);
  EXPECT_TRUE(*FlinkVersion::Parse("1.14.6") < needs);
  EXPECT_TRUE(*FlinkVersion::Parse("1.16.0") >= (FlinkVersion{1, 16}));
  EXPECT_FALSE(*FlinkVersion::Parse("1.16.0") < (FlinkVersion{1, 16}));
  EXPECT_TRUE(*FlinkVersion::Parse("1.14.3") < *FlinkVersion::Parse("1.14.4"));
  EXPECT_EQ(FlinkVersion::Parse("1.20.1")->line(), (FlinkVersion{1, 20}));
  EXPECT_TRUE(CheckKnownFlink(*FlinkVersion::Parse("2.3.2")).ok())
      << "a patch of the newest line is known";
}

TEST(FlinkVersionTest, ClaimModesByVersion) {
  const FlinkVersion v114 = *FlinkVersion::Parse("1.14.6");
  EXPECT_TRUE(CheckClaimMode("LEGACY", v114).ok());
  for (const char* mode : {"CLAIM", "NO_CLAIM", "no_claim"}) {
    Status s = CheckClaimMode(mode, v114);
    EXPECT_TRUE(s.Is(Code::kUnsupported)) << mode << ": " << s.ToString();
    EXPECT_NE(s.message().find("LEGACY mode only"), std::string::npos) << s.ToString();
  }
  for (const char* v : {"1.15", "1.20.1", "2.2"}) {
    for (const char* mode : {"CLAIM", "NO_CLAIM", "LEGACY"}) {
      EXPECT_TRUE(CheckClaimMode(mode, *FlinkVersion::Parse(v)).ok()) << mode << " on " << v;
    }
  }
  EXPECT_TRUE(CheckClaimMode("CLAIMED", *FlinkVersion::Parse("1.20")).Is(Code::kInvalidArgument));
}

}  // namespace
}  // namespace flowstate::core
