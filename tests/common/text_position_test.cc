#include "common/text_position.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace flowstate::core {
namespace {

TEST(TextPositionTest, AsciiLinesAndColumnsAreOneBased) {
  std::string_view t = "SET a = 1;\nSET b = 2;";
  EXPECT_EQ(PositionAt(t, 0).line, 1);
  EXPECT_EQ(PositionAt(t, 0).column, 1);
  EXPECT_EQ(PositionAt(t, 4).column, 5);
  EXPECT_EQ(PositionAt(t, 11).line, 2);
  EXPECT_EQ(PositionAt(t, 11).column, 1);
  EXPECT_EQ(PositionAt(t, t.size()).column, 11);
}

TEST(TextPositionTest, ColumnsCountCodePointsNotBytes) {
  // "-- 测试参数\nSET": each Chinese character is 3 bytes but one column.
  std::string t = "-- \xE6\xB5\x8B\xE8\xAF\x95 x";
  EXPECT_EQ(PositionAt(t, 9).column, 6);   // the space after the two characters
  EXPECT_EQ(PositionAt(t, 10).column, 7);  // 'x'
}

TEST(TextPositionTest, OffsetInsideACharacterMapsToThatCharacter) {
  std::string t =
      "a\xE6\xB5\x8B"
      "b";
  EXPECT_EQ(PositionAt(t, 1).column, 2);
  EXPECT_EQ(PositionAt(t, 2).column, 2);
  EXPECT_EQ(PositionAt(t, 3).column, 2);
  EXPECT_EQ(PositionAt(t, 4).column, 3);
}

TEST(TextPositionTest, CrLfAndBom) {
  std::string t = "\xEF\xBB\xBFSET a=1;\r\nSET b=2;";
  EXPECT_EQ(PositionAt(t, 3).column, 1) << "the BOM takes no column";
  EXPECT_EQ(PositionAt(t, 12).line, 1) << "'\\r' ends line 1";
  EXPECT_EQ(PositionAt(t, 13).line, 2);
  EXPECT_EQ(PositionAt(t, 13).column, 1);
}

TEST(TextPositionTest, OffsetsPastTheEndAreClamped) {
  EXPECT_EQ(PositionAt("ab", 99).column, 3);
  EXPECT_EQ(PositionAt("", 0).line, 1);
}

TEST(TextPositionTest, LineIndexAgreesWithScanEverywhere) {
  std::mt19937 rng(7);
  const char* pieces[] = {"a", "\n", "\r\n", "\xE6\xB5\x8B", "\xF0\x9F\x98\x80", " ", ";"};
  std::string text = "\xEF\xBB\xBF";
  for (int i = 0; i < 400; ++i) text += pieces[rng() % 7];
  LineIndex index(text);
  for (size_t off = 0; off <= text.size(); ++off) {
    TextPosition a = PositionAt(text, off);
    TextPosition b = index.PositionAt(off);
    ASSERT_EQ(a.line, b.line) << off;
    ASSERT_EQ(a.column, b.column) << off;
  }
}

TEST(TextPositionTest, CountCodePoints) {
  EXPECT_EQ(CountCodePoints("a\xE6\xB5\x8B"
                            "b",
                            0, 5),
            3u);
  EXPECT_EQ(CountCodePoints("abc", 1, 99), 2u);
}

}  // namespace
}  // namespace flowstate::core
