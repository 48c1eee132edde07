#include <gtest/gtest.h>

#include <random>

#include "sql/script.h"
#include "sql_test_util.h"

namespace flowstate::core::sql {
namespace {

using ::testing::ElementsAre;
using testing::Kinds;
using testing::Texts;

Script P(std::string text) { return Script::Parse(std::move(text)); }

TEST(SplitTest, SemicolonsOutsideStringsIdentifiersAndComments) {
  Script s =
      P("SELECT 'a;b' FROM t;\n"
        "SELECT `c;d` FROM t -- e;f\n;"
        "SELECT 1 /* g;h */ + 2;\n"
        "SELECT /*+ OPTIONS('k'=';') */ x FROM t;");
  EXPECT_THAT(Texts(s),
              ElementsAre("SELECT 'a;b' FROM t", "SELECT `c;d` FROM t", "SELECT 1 /* g;h */ + 2",
                          "SELECT /*+ OPTIONS('k'=';') */ x FROM t"));
  EXPECT_TRUE(s.diagnostics().empty());
}

TEST(SplitTest, EscapedQuotesAndBackticks) {
  Script s = P("SELECT 'it''s; fine', `a``;b` FROM t; SELECT 2");
  EXPECT_THAT(Texts(s), ElementsAre("SELECT 'it''s; fine', `a``;b` FROM t", "SELECT 2"));
}

TEST(SplitTest, CommentsAreNotStatements) {
  Script s = P("-- only a comment\n/* and a block */\n;;\n-- trailing");
  EXPECT_EQ(s.size(), 0u);
}

TEST(SplitTest, LineCommentRunsToEndOfLineEvenWhenStatementsFollowOnIt) {
  Script s = P("-- note SET a = 1; SET b = 2;\nSET c = 3;");
  EXPECT_THAT(Texts(s), ElementsAre("SET c = 3"));
}

TEST(SplitTest, CommentsContainingTokensThatLookLikeStructure) {
  Script s =
      P("SELECT '--not a comment' FROM t;\n"
        "SELECT '/* not */' FROM t;\n"
        "SELECT 'END' FROM t; -- END;\n"
        "SELECT 1 -- ' unbalanced quote in a comment\n;");
  EXPECT_THAT(Texts(s), ElementsAre("SELECT '--not a comment' FROM t", "SELECT '/* not */' FROM t",
                                    "SELECT 'END' FROM t", "SELECT 1"));
  EXPECT_TRUE(s.diagnostics().empty());
}

TEST(SplitTest, LastStatementWithoutSemicolonCounts) {
  Script s = P("SET a = 1;\nSELECT 1  \n  ");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_FALSE(s[0].has(kFlagUnterminated));
  EXPECT_TRUE(s[1].has(kFlagUnterminated));
  EXPECT_EQ(s.RawText(1), "SELECT 1");
}

TEST(SplitTest, SpaceBeforeSemicolonIsNotPartOfTheStatement) {
  Script s = P("SET restart-strategy.fixed-delay.attempts = 10 ;");
  EXPECT_EQ(s.RawText(0), "SET restart-strategy.fixed-delay.attempts = 10");
}

TEST(SplitTest, PositionsAreLineAndCodePointColumn) {
  Script s = P("-- 测试参数\nSET a = 1;  SET b = 2;\n  SELECT\n  1;");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].begin_line, 2u);
  EXPECT_EQ(s[0].begin_column, 1u);
  EXPECT_EQ(s[0].end_column, 10u);
  EXPECT_EQ(s[1].begin_column, 13u);
  EXPECT_EQ(s[2].begin_line, 3u);
  EXPECT_EQ(s[2].begin_column, 3u);
  EXPECT_EQ(s[2].end_line, 4u);
  EXPECT_EQ(s[2].end_column, 4u);
  EXPECT_EQ(s.SourceBegin(0), std::string("-- 测试参数\n").size());
}

TEST(SplitTest, ChineseTextColumnsInStatements) {
  Script s = P("SELECT '中文;字符' AS 名字 FROM t; SELECT 2;");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[1].begin_column, 30u);
}

TEST(SplitTest, CrLfAndByteOrderMark) {
  Script s = P(testing::DataFile("crlf_bom.sql"));
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s.RawText(0), "SET pipeline.operator-chaining = false");
  EXPECT_EQ(s[0].begin_line, 2u);
  EXPECT_EQ(s[0].begin_column, 1u);
  EXPECT_EQ(s[1].begin_line, 3u);
}

TEST(SplitTest, UnterminatedConstructsAreReportedAtTheirStart) {
  Script a = P("SELECT 1;\nSELECT 'open");
  ASSERT_EQ(a.diagnostics().size(), 1u);
  EXPECT_EQ(a.diagnostics().entries()[0].ToString(),
            "<script>:2:8: error: unterminated string literal: no closing '");
  EXPECT_EQ(a.size(), 2u);

  Script b = P("SELECT `col");
  EXPECT_EQ(b.diagnostics().entries()[0].message, "unterminated quoted identifier: no closing `");
  Script c = P("SELECT 1; /* never closed ; SELECT 2;");
  ASSERT_EQ(c.diagnostics().size(), 1u);
  EXPECT_EQ(c.diagnostics().entries()[0].column, 11);
  EXPECT_EQ(c.size(), 1u);
}

TEST(SplitTest, HintsHoldStringsWithCommentEndsAndSemicolons) {
  // Flink's parser reads a hint's contents as tokens: "*/" and ';' inside its strings (and
  // quoted identifiers) belong to them.
  Script s =
      P("INSERT INTO sink SELECT * FROM logs /*+ OPTIONS('path'='.*/dt=2024.*', 'k'=';') */;\n"
        "SELECT /*+ `odd*/name`('x') */ 1;\n"
        "SELECT 2;");
  EXPECT_THAT(
      Texts(s),
      ElementsAre(
          "INSERT INTO sink SELECT * FROM logs /*+ OPTIONS('path'='.*/dt=2024.*', 'k'=';') */",
          "SELECT /*+ `odd*/name`('x') */ 1", "SELECT 2"));
  EXPECT_THAT(Kinds(s), ElementsAre("INSERT", "SELECT", "SELECT"));
  EXPECT_EQ(s.diagnostics().size(), 0u);
  // Outside hints a block comment still ends at the first "*/".
  Script c = P("SELECT 1 /* it's */; SELECT 3;");
  EXPECT_THAT(Texts(c), ElementsAre("SELECT 1", "SELECT 3"));
  // A hint whose string never closes leaves the hint open: reported where the hint began.
  Script open = P("SELECT 1;\nSELECT /*+ OPTIONS('k'='v */ x; SELECT 4;");
  ASSERT_EQ(open.diagnostics().size(), 1u);
  EXPECT_EQ(open.diagnostics().entries()[0].line, 2);
  EXPECT_EQ(open.diagnostics().entries()[0].column, 8);
  EXPECT_EQ(open.size(), 2u);
}

TEST(SplitTest, EmptyInput) {
  EXPECT_EQ(P("").size(), 0u);
  EXPECT_EQ(P("\xEF\xBB\xBF").size(), 0u);
  EXPECT_EQ(P(";").size(), 0u);
}

TEST(SplitTest, StatementSetsAreUnitsWithReachableChildren) {
  Script s =
      P("BEGIN STATEMENT SET;\n"
        "INSERT INTO a SELECT 1;\n"
        "INSERT INTO b SELECT 'END;';\n"
        "END;\n"
        "EXECUTE STATEMENT SET BEGIN\n"
        "  INSERT INTO c SELECT 3;\n"
        "  INSERT INTO d SELECT 4;\n"
        "END;\n"
        "SELECT 5;");
  EXPECT_THAT(Kinds(s), ElementsAre("STATEMENT_SET", "INSERT", "INSERT", "STATEMENT_SET", "INSERT",
                                    "INSERT", "SELECT"));
  EXPECT_EQ(s[0].child_count, 2u);
  EXPECT_EQ(s[1].parent, 0);
  EXPECT_EQ(s[2].parent, 0);
  EXPECT_EQ(s.RawText(2), "INSERT INTO b SELECT 'END;'");
  EXPECT_EQ(s[0].end_line, 4u);
  EXPECT_EQ(s[0].end_column, 4u);
  EXPECT_TRUE(s[3].has(kFlagExecute));
  EXPECT_EQ(s[3].child_count, 2u);
  EXPECT_EQ(s.RawText(4), "INSERT INTO c SELECT 3");
  EXPECT_EQ(s[4].begin_line, 6u);
  EXPECT_EQ(s[4].begin_column, 3u);
  EXPECT_EQ(s[6].parent, -1);
  EXPECT_TRUE(s.diagnostics().empty());
}

TEST(SplitTest, StatementSetWithoutEnd) {
  Script s = P("BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;");
  ASSERT_EQ(s.diagnostics().size(), 1u);
  EXPECT_EQ(s.diagnostics().entries()[0].ToString(),
            "<script>:1:1: error: statement set is not closed: missing END");
  EXPECT_EQ(s[0].child_count, 1u);
  Script e = P("END;");
  EXPECT_EQ(e.diagnostics().entries()[0].message, "END without a statement set to close");
}

TEST(SplitTest, ExplainStatementSetIsAUnit) {
  Script s = P(
      "EXPLAIN PLAN FOR STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END;");
  EXPECT_THAT(Kinds(s), ElementsAre("EXPLAIN", "INSERT", "INSERT"));
  EXPECT_TRUE(s[0].has(kFlagStatementSet));
  EXPECT_EQ(s[0].child_count, 2u);
}

TEST(SplitTest, CompilePlanForAStatementSetIsAUnit) {
  Script s =
      P("COMPILE AND EXECUTE PLAN 'p.json' FOR STATEMENT SET BEGIN INSERT INTO a SELECT 1; "
        "INSERT INTO b SELECT 2; END;\nSELECT 3;");
  EXPECT_THAT(Kinds(s), ElementsAre("COMPILE_AND_EXECUTE_PLAN", "INSERT", "INSERT", "SELECT"));
  EXPECT_TRUE(s[0].has(kFlagStatementSet));
  EXPECT_EQ(s[0].child_count, 2u);
  EXPECT_EQ(s.diagnostics().size(), 0u);
}

// The SIMD paths and the scalar path give identical statements on random scripts.
TEST(SplitTest, AllInstructionSetsAgree) {
  std::mt19937 rng(7);
  const char* pieces[] = {"SELECT 1", ";", "'a;b'",   "`c;d`", "-- x;y\n", "/* ; */",
                          "\n",       " ", "'it''s'", "中文",  "/*+ h */", "--",
                          "/*",       "'", "`",       "*/",    "-",        "/"};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    size_t n = 1 + rng() % 200;
    for (size_t i = 0; i < n; ++i) text += pieces[rng() % (sizeof pieces / sizeof *pieces)];
    ParseOptions scalar, sse2, avx2;
    scalar.isa = Isa::kScalar;
    sse2.isa = Isa::kSse2;
    avx2.isa = Isa::kAvx2;
    Script a = Script::ParseView(text, scalar);
    for (const ParseOptions* o : {&sse2, &avx2}) {
      Script b = Script::ParseView(text, *o);
      ASSERT_EQ(a.size(), b.size()) << text;
      for (size_t i = 0; i < a.size(); ++i) {
        ASSERT_EQ(a[i].begin, b[i].begin) << text;
        ASSERT_EQ(a[i].end, b[i].end) << text;
        ASSERT_EQ(a[i].kind, b[i].kind) << text;
        ASSERT_EQ(a[i].begin_column, b[i].begin_column) << text;
      }
      ASSERT_EQ(a.diagnostics().size(), b.diagnostics().size()) << text;
    }
  }
}

TEST(SplitTest, StatementsNeverExtendPastTheText) {
  std::mt19937 rng(11);
  for (int round = 0; round < 500; ++round) {
    std::string text(rng() % 300, ' ');
    for (char& c : text) c = "';`-/*\n\\aS E"[rng() % 13];
    Script s = Script::ParseView(text);
    for (size_t i = 0; i < s.size(); ++i) {
      ASSERT_LE(s[i].begin, s[i].end);
      ASSERT_LE(s[i].end, text.size());
      ASSERT_GE(s[i].begin_line, 1u);
    }
  }
}

}  // namespace
}  // namespace flowstate::core::sql
