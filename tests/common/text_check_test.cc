// Scripts are UTF-8 text: NUL bytes and other encodings are refused with their position.
#include "common/text_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace flowstate::core {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(TextCheckTest, Utf8TextPasses) {
  EXPECT_TRUE(CheckText("", "a.sql").ok());
  EXPECT_TRUE(CheckText("SELECT 1;\n", "a.sql").ok());
  // Two-, three- and four-byte characters, also across the eight-byte fast path's edges.
  const std::string mixed = "SET 'pipeline.name' = '员工表同步 ✓ 🚀';\n-- ünïcödé\n";
  EXPECT_TRUE(CheckText(mixed, "a.sql").ok());
  for (size_t pad = 0; pad < 9; ++pad) {
    EXPECT_EQ(FirstNonText(std::string(pad, 'x') + mixed), pad + mixed.size()) << pad;
  }
}

TEST(TextCheckTest, NulByteNamesItsPosition) {
  std::string text = "SELECT 1;\nSELECT 2;";
  text += '\0';
  text += "\x01\x02 tail";
  EXPECT_EQ(FirstNonText(text), 19u);
  Status st = CheckText(text, "job.sql");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_THAT(st.message(), HasSubstr("job.sql:2:10: byte offset 19: a NUL byte"));
  EXPECT_THAT(st.message(), HasSubstr("binary file"));
  // A NUL inside an ASCII run that the fast path reads eight bytes at a time.
  for (size_t at = 0; at < 24; ++at) {
    std::string t(24, 'a');
    t[at] = '\0';
    EXPECT_EQ(FirstNonText(t), at);
  }
}

TEST(TextCheckTest, BadSequencesAreRefused) {
  EXPECT_EQ(FirstNonText("ab\x80"), 2u);              // a continuation byte alone
  EXPECT_EQ(FirstNonText("ab\xC3"), 2u);              // cut short at the end
  EXPECT_EQ(FirstNonText("ab\xC0\xAF"), 2u);          // overlong '/'
  EXPECT_EQ(FirstNonText("ab\xE0\x80\xAF"), 2u);      // overlong, three bytes
  EXPECT_EQ(FirstNonText("ab\xED\xA0\x80"), 2u);      // a surrogate
  EXPECT_EQ(FirstNonText("ab\xF4\x90\x80\x80"), 2u);  // above U+10FFFF
  EXPECT_EQ(FirstNonText("ab\xF5\x80\x80\x80"), 2u);
  EXPECT_EQ(FirstNonText("ab\xFF"), 2u);
  EXPECT_EQ(FirstNonText("\xF0\x9F\x9A\x80"), 4u);  // a valid four-byte character
}

TEST(TextCheckTest, GbkTextIsNamedWithTheConversion) {
  // "数据" (data) in a comment and a value, as a Chinese Windows editor saves them.
  const std::string gbk = "-- \xCA\xFD\xBE\xDD\nSET 'pipeline.name' = '\xCA\xFD\xBE\xDD';\n";
  EXPECT_TRUE(LooksLikeGbk(gbk));
  Status st = CheckText(gbk, "emp.sql");
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("emp.sql:1:4: byte offset 3: byte 0xCA is not UTF-8"));
  // Some GBK pairs are UTF-8 too ("员" is D4 B1): the first byte that is not is named.
  EXPECT_EQ(FirstNonText("-- \xD4\xB1\xB9\xA4"), 5u);
  EXPECT_TRUE(LooksLikeGbk("-- \xD4\xB1\xB9\xA4"));
  EXPECT_THAT(st.message(), HasSubstr("GBK"));
  EXPECT_THAT(st.message(), HasSubstr("iconv -f GBK -t UTF-8"));
  // GB18030's four-byte form reads as GBK's family too.
  EXPECT_TRUE(LooksLikeGbk("x\x81\x30\x81\x30y"));
  // Bytes that are neither (Latin-1 at the end of the text, a lone 0xFF) are not called GBK.
  Status latin = CheckText("caf\xE9", "a.sql");
  ASSERT_FALSE(latin.ok());
  EXPECT_THAT(latin.message(), Not(HasSubstr("GBK")));
  EXPECT_FALSE(LooksLikeGbk("ab\xFF"));
  EXPECT_FALSE(LooksLikeGbk("plain ASCII"));
}

}  // namespace
}  // namespace flowstate::core
