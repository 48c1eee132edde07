#include "common/strings.h"

#include <gtest/gtest.h>

namespace flowstate::core {
namespace {

TEST(StringsTest, StrCatAcceptsStdStringView) {
  std::string_view v = "chk-";
  EXPECT_EQ(StrCat(v, 42, "/", std::string("_metadata")), "chk-42/_metadata");
  std::string out = "a";
  StrAppend(&out, v, 1);
  EXPECT_EQ(out, "achk-1");
}

TEST(StringsTest, CaseHelpers) {
  EXPECT_TRUE(EqualsIgnoreCase("EXACTLY_ONCE", "exactly_once"));
  EXPECT_FALSE(EqualsIgnoreCase("a", "ab"));
  EXPECT_TRUE(StartsWithIgnoreCase("Execute CDCSOURCE", "EXECUTE"));
  EXPECT_EQ(AsciiLower("SeT"), "set");
  EXPECT_EQ(AsciiUpper("SeT"), "SET");
  EXPECT_TRUE(EndsWith("a/_metadata", "_metadata"));
  EXPECT_EQ(StripAsciiWhitespace("  x y \r\n"), "x y");
}

TEST(StringsTest, QuoteEscapesAndCuts) {
  EXPECT_EQ(Quote("a\nb\x01"), "'a\\nb\\x01'");
  EXPECT_EQ(Quote("abcdef", 3), "'abc...'");
}

}  // namespace
}  // namespace flowstate::core
