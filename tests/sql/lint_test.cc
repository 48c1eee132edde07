#include "sql/lint.h"

#include <gtest/gtest.h>

#include "sql/script.h"
#include "sql_test_util.h"

namespace flowstate::core::sql {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Messages;

std::vector<std::string> Lint(const std::string& text, bool dinky = true) {
  Script s = Script::Parse(text);
  Diagnostics d;
  LintOptions o;
  o.dinky = dinky;
  LintScript(s, o, &d);
  return Messages(d);
}

// The findings for a target version (none: the newest), without the Dinky comparison.
std::vector<std::string> LintFor(const Script& s, std::optional<FlinkVersion> version) {
  Diagnostics d;
  LintOptions o;
  o.dinky = false;
  o.flink_version = version;
  LintScript(s, o, &d);
  return Messages(d);
}

TEST(LintTest, SeedScriptIsClean) {
  EXPECT_TRUE(Lint(testing::DataFile("seed_emp_1.sql")).empty());
  EXPECT_TRUE(Lint(testing::DataFile("seed_emp_2.sql")).empty());
}

TEST(LintTest, ReportsEveryProblemInOrder) {
  auto found = Lint(
      "SET = 1;\n"
      "CREATE TABLE t (a INT) WITH ('k' = 'v', 'k' = 'w',);\n"
      "SELEC 1;\n"
      "SELECT (1;\n"
      "SELECT 1);\n"
      "BEGIN STATEMENT SET;\nSELECT 2;\nEND;\n"
      "SELECT 'open",
      false);
  EXPECT_THAT(
      found,
      ElementsAre(
          "<script>:1:5: error: SET without a key: write SET 'key' = 'value'",
          "<script>:2:41: error: duplicate option 'k': first set at line 2, column 30",
          "<script>:2:30: note: option 'k' first set here",
          "<script>:2:50: error: Flink's SQL parser rejects a ',' after the last option of a WITH "
          "list",
          "<script>:3:1: warning: statement not recognised (starts with 'SELEC'): neither Flink "
          "SQL nor a Dinky extension",
          "<script>:4:8: error: unbalanced parentheses: this '(' is never closed",
          "<script>:5:9: error: unbalanced parentheses: this ')' closes nothing",
          "<script>:7:1: error: a statement set may contain only INSERT, CREATE TABLE ... AS and "
          "REPLACE TABLE ... AS statements, found SELECT",
          "<script>:9:8: error: unterminated string literal: no closing '"));
}

// What a statement set may hold changed with Flink's versions: CREATE TABLE AS from 1.16,
// REPLACE TABLE AS from 1.18; before, INSERT only.
TEST(LintTest, StatementSetContentsFollowTheTargetVersion) {
  const std::string script =
      "BEGIN STATEMENT SET;\n"
      "INSERT INTO a SELECT 1;\n"
      "CREATE TABLE b WITH ('connector' = 'blackhole') AS SELECT 1;\n"
      "REPLACE TABLE c WITH ('connector' = 'blackhole') AS SELECT 1;\n"
      "END;\n"
      "EXECUTE STATEMENT SET BEGIN\n"
      "CREATE OR REPLACE TABLE d WITH ('connector' = 'blackhole') AS SELECT 1;\n"
      "END;\n";
  auto lint = [&](std::optional<FlinkVersion> v) { return LintFor(Script::Parse(script), v); };
  EXPECT_THAT(lint(std::nullopt), ::testing::IsEmpty()) << "the newest Flink accepts all of them";
  EXPECT_THAT(lint(FlinkVersion{1, 18}), ::testing::IsEmpty());
  EXPECT_THAT(lint(FlinkVersion{2, 0}), ::testing::IsEmpty());
  EXPECT_THAT(lint(FlinkVersion{1, 17}),
              ElementsAre("<script>:4:1: error: REPLACE TABLE ... AS inside a statement set needs "
                          "Flink 1.18 or later; the target is 1.17, where a statement set holds "
                          "only INSERT statements",
                          "<script>:7:1: error: REPLACE TABLE ... AS inside a statement set needs "
                          "Flink 1.18 or later; the target is 1.17, where a statement set holds "
                          "only INSERT statements"));
  EXPECT_THAT(lint(FlinkVersion{1, 15}),
              ElementsAre("<script>:3:1: error: CREATE TABLE ... AS inside a statement set needs "
                          "Flink 1.16 or later; the target is 1.15, where a statement set holds "
                          "only INSERT statements",
                          ::testing::HasSubstr("<script>:4:1: error: REPLACE TABLE ... AS"),
                          ::testing::HasSubstr("<script>:7:1: error: REPLACE TABLE ... AS")));
  Script other = Script::Parse("BEGIN STATEMENT SET;\nCREATE VIEW v AS SELECT 1;\nEND;\n");
  EXPECT_THAT(LintFor(other, FlinkVersion{1, 15}),
              ElementsAre("<script>:2:1: error: a statement set may contain only "
                          "INSERT statements, found CREATE_VIEW"));
}

// Flink 2.2 (FLIP-528) reads EXPLAIN EXECUTE STATEMENT SET BEGIN ... END as EXPLAIN STATEMENT
// SET; it is one unit, and an error only for an older target.
TEST(LintTest, ExplainExecuteStatementSetIsOneUnitFromFlink22) {
  const std::string text =
      "EXPLAIN EXECUTE STATEMENT SET BEGIN\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT "
      "2;\nEND;\n"
      "SELECT 3;\n";
  Script s = Script::Parse(text);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].kind, StatementKind::kExplain);
  EXPECT_EQ(s[0].child_count, 2u);
  EXPECT_EQ(s[3].kind, StatementKind::kSelect);
  EXPECT_TRUE(s.diagnostics().entries().empty());
  auto lint = [&](std::optional<FlinkVersion> v) { return LintFor(s, v); };
  EXPECT_THAT(lint(std::nullopt), ::testing::IsEmpty());
  EXPECT_THAT(lint(FlinkVersion{2, 2}), ::testing::IsEmpty());
  EXPECT_THAT(lint(FlinkVersion{2, 1}),
              ElementsAre("<script>:1:1: error: EXPLAIN EXECUTE STATEMENT SET needs Flink 2.2 or "
                          "later; the target is 2.1: write EXPLAIN STATEMENT SET"));
}

TEST(LintTest, FlattenedSeedHidesEverythingBehindALineComment) {
  Script s = Script::Parse(testing::DataFile("seed_page_flattened_emp_1.sql"));
  EXPECT_EQ(s.size(), 0u);
  Diagnostics d;
  LintScript(s, {}, &d);
  EXPECT_THAT(
      Messages(d),
      ElementsAre(HasSubstr(
          "1:1: warning: this line comment runs to the end of the line and hides 21 statements")));
}

TEST(LintTest, DinkyWouldJoinStatementsOnOneLine) {
  auto found = Lint("SET a = 1; SET b = 2;\nSET c = 3;");
  EXPECT_THAT(found, ElementsAre(HasSubstr("<script>:1:10: warning: Flink ends the statement at "
                                           "this ';', but Dinky splits only at a ';' "
                                           "followed by a line break")));
  EXPECT_TRUE(Lint("SET a = 1; SET b = 2;", false).empty()) << "--no-dinky";
}

TEST(LintTest, DinkyWouldSplitInsideAString) {
  auto found = Lint("SELECT 'a;\nb' FROM t;\nSELECT 1;");
  EXPECT_THAT(
      found,
      ElementsAre(HasSubstr("<script>:1:10: warning: Dinky would end a statement at this ';'")));
}

TEST(LintTest, DinkyAgreesAcrossCommentsAndExecuteStatementSets) {
  EXPECT_TRUE(Lint("SET a = 1; -- note; more\nSET b = 2;").empty());
  EXPECT_TRUE(Lint("SET a = 1; /* x */\nSET b = 2;").empty());
  EXPECT_TRUE(
      Lint("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END;")
          .empty());
}

TEST(LintTest, CdcSourceDinkySpecifics) {
  auto found = Lint(
      "EXECUTE CDCSOURCE a WITH "
      "('connector'='mysql-cdc','hostname'='h','port'='3306','username'='u',"
      "'password'='p' ,'table-name'='db\\.t_[0-9]{1,3}','sink.connector'='print');\n"
      "EXECUTE CDCSOURCE b WITH "
      "('connector'='mysql-cdc','hostname'='h','port'='3306','username'='u',"
      "'password'='p','sink.connector'='print')");
  EXPECT_THAT(
      found,
      ElementsAre(
          HasSubstr("1:110: warning: Dinky reads CDCSOURCE options only when the ',' follows"),
          HasSubstr("1:124: warning: Dinky splits 'table-name' at every ',': 'db\\.t_[0-9]{1' is "
                    "not a complete pattern"),
          HasSubstr("1:124: warning: Dinky splits 'table-name' at every ',': '3}' is not a "
                    "complete pattern"),
          HasSubstr("2:1: warning: Dinky runs one EXECUTE CDCSOURCE per job")));
}

TEST(LintTest, EmptyStatementsAreOneFindingPerRunAndAnEmptyExecuteSetIsAnError) {
  EXPECT_THAT(
      Lint("SELECT 1;;;\nSELECT 2;"),
      ElementsAre(
          "<script>:1:10: warning: 2 empty statements: nothing between these ';' (Flink's SQL "
          "client skips them)"));
  EXPECT_THAT(
      Lint("EXECUTE STATEMENT SET BEGIN END;"),
      ElementsAre(
          "<script>:1:1: error: empty statement set: Flink's parser needs at least one INSERT "
          "between BEGIN and END"));
  EXPECT_THAT(Lint("BEGIN STATEMENT SET;\nEND;"),
              ElementsAre("<script>:1:1: warning: empty statement set: nothing is submitted"));
}

TEST(LintTest, UnsubstitutedVariableInWithList) {
  Script plain = Script::Parse("CREATE TABLE t (a INT) WITH ('x'='y', ${conn})");
  Diagnostics p;
  LintScript(plain, {}, &p);
  EXPECT_THAT(Messages(p),
              ElementsAre("<script>:1:39: error: variable in a WITH list was not substituted"))
      << "with no variables defined, ${conn} is text, which Flink cannot read there";
  ParseOptions always;
  always.substitute_variables = VariableMode::kAlways;
  Script s = Script::Parse("CREATE TABLE t (a INT) WITH ('x'='y', ${conn})", always);
  Diagnostics d;
  LintScript(s, {}, &d);
  EXPECT_THAT(Messages(d),
              ElementsAre("<script>:1:39: error: unknown variable 'conn': define it with `conn := "
                          "value;` before this statement",
                          "<script>:1:39: error: variable in a WITH list was not substituted"));
}

TEST(DinkySplitPointsTest, RegexSemantics) {
  EXPECT_EQ(DinkySplitPoints("a;\nb"), std::vector<size_t>{1});
  EXPECT_EQ(DinkySplitPoints("a; b"), std::vector<size_t>{});
  EXPECT_EQ(DinkySplitPoints("a;  -- c\nb"), std::vector<size_t>{1});
  EXPECT_EQ(DinkySplitPoints("a; /* c */\nb"), std::vector<size_t>{1});
  EXPECT_EQ(DinkySplitPoints("a; /* c\n */ b"), std::vector<size_t>{})
      << "the comment is removed with its line break";
  EXPECT_EQ(DinkySplitPoints("'x;\n'"), std::vector<size_t>{2}) << "quotes are ignored";
  EXPECT_EQ(DinkySplitPoints("-- a;\nb"), std::vector<size_t>{}) << "comments are removed first";
  EXPECT_EQ(DinkySplitPoints("a;\n"), std::vector<size_t>{}) << "nothing follows";
}

}  // namespace
}  // namespace flowstate::core::sql
