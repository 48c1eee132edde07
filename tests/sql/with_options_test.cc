#include "sql/with_options.h"

#include <gtest/gtest.h>

#include "sql/script.h"
#include "sql_test_util.h"

namespace flowstate::core::sql {
namespace {

using testing::Messages;

OptionList Read(const Script& s, size_t i, Diagnostics* d) { return s.ReadWithOptions(i, d); }

TEST(WithOptionsTest, CreateTableOptionsAfterColumnsAndComment) {
  Script s = Script::Parse(
      "CREATE TABLE t (\n  a INT COMMENT 'with (x)',\n  b AS PROCTIME()\n) COMMENT 'c' WITH (\n"
      "  'connector' = 'kafka',\n  'topic' = 'a,b)c',\n  'path' = 'C:\\data\\',\n"
      "  'quote' = 'it''s'\n)");
  Diagnostics d;
  OptionList o = Read(s, 0, &d);
  EXPECT_TRUE(d.empty()) << d.ToString();
  ASSERT_TRUE(o.found);
  ASSERT_EQ(o.options.size(), 4u);
  EXPECT_EQ(o.options[0].key, "connector");
  EXPECT_EQ(o.options[1].value, "a,b)c");
  EXPECT_EQ(o.options[2].value, "C:\\data\\");
  EXPECT_EQ(o.options[3].value, "it's");
  EXPECT_FALSE(o.trailing_comma);
  EXPECT_EQ(s.text().substr(o.options[0].key_begin, o.options[0].key_end - o.options[0].key_begin),
            "'connector'");
}

TEST(WithOptionsTest, SeedTrailingCommaAndRegexBackslash) {
  Script s = Script::Parse(testing::DataFile("seed_emp_1.sql"));
  size_t cdc = s.size() - 1;
  Diagnostics d;
  OptionList o = Read(s, cdc, &d);
  EXPECT_TRUE(d.empty()) << d.ToString();
  EXPECT_TRUE(o.trailing_comma);
  ASSERT_EQ(o.options.size(), 10u);
  EXPECT_EQ(o.Find("table-name")->value, "emp_1\\.employees_[0-9]+");
  EXPECT_EQ(o.Find("password")->value, "000000");
}

TEST(WithOptionsTest, DuplicateKeyNamesBothPositions) {
  Script s = Script::Parse("CREATE TABLE t (a INT) WITH (\n 'k' = '1',\n 'k' = '2')");
  Diagnostics d;
  OptionList o = Read(s, 0, &d);
  EXPECT_EQ(o.options.size(), 2u);
  EXPECT_THAT(Messages(d),
              ::testing::ElementsAre(
                  "<script>:3:2: error: duplicate option 'k': first set at line 2, column 2",
                  "<script>:2:2: note: option 'k' first set here"));
}

TEST(WithOptionsTest, DoubleQuotedKeysAreToldFlinkNeedsSingleQuotes) {
  Script s = Script::Parse("CREATE TABLE t (a INT) WITH (\"connector\" = 'print', 'k' = 'v')");
  Diagnostics d;
  OptionList o = Read(s, 0, &d);
  EXPECT_THAT(Messages(d), ::testing::ElementsAre(
                               "<script>:1:30: error: Flink needs single quotes in a WITH list: "
                               "write 'connector', not \"connector\""));
  EXPECT_NE(o.Find("k"), nullptr) << "reading goes on after it";
}

TEST(WithOptionsTest, MalformedEntriesAreReportedAndReadingContinues) {
  Script s = Script::Parse(
      "CREATE TABLE t (a INT) WITH (connector = 'kafka', 'a' 'b', 'c' = , 'd' = unquoted, 'e' = "
      "'ok')");
  Diagnostics d;
  OptionList o = Read(s, 0, &d);
  EXPECT_THAT(Messages(d), ::testing::ElementsAre(
                               "<script>:1:30: error: expected a quoted option key such as "
                               "'connector', found 'connector'",
                               "<script>:1:55: error: expected '=' after option 'a', found ''b''",
                               "<script>:1:66: error: option 'c' has no value",
                               "<script>:1:74: error: the value of option 'd' must be a quoted "
                               "string, found 'unquoted'"));
  ASSERT_NE(o.Find("e"), nullptr);
  EXPECT_EQ(o.Find("e")->value, "ok");
}

TEST(WithOptionsTest, UnclosedList) {
  Script s = Script::Parse("CREATE TABLE t (a INT) WITH ('k' = 'v'");
  Diagnostics d;
  Read(s, 0, &d);
  EXPECT_THAT(Messages(d),
              ::testing::ElementsAre("<script>:1:29: error: WITH list is not closed: missing ')'"));
}

TEST(WithOptionsTest, NoWithListAndCtasQueryWith) {
  Script s = Script::Parse(
      "CREATE TABLE t (a INT); CREATE TABLE u AS WITH x AS (SELECT 1) SELECT * FROM x;"
      "CREATE TABLE v WITH ('k'='v') AS WITH x AS (SELECT 1) SELECT * FROM x");
  EXPECT_FALSE(Read(s, 0, nullptr).found);
  EXPECT_FALSE(Read(s, 1, nullptr).found);
  OptionList v = Read(s, 2, nullptr);
  ASSERT_TRUE(v.found);
  EXPECT_EQ(v.options.size(), 1u);
}

TEST(WithOptionsTest, SpacedCommasAreRecordedForDinky) {
  Script s = Script::Parse("EXECUTE CDCSOURCE j WITH ('a' = '1' , 'b' = '2','c' = '3')");
  OptionList o = Read(s, 0, nullptr);
  ASSERT_EQ(o.spaced_commas.size(), 1u);
  EXPECT_EQ(s.text()[o.spaced_commas[0]], ',');
}

TEST(WithOptionsTest, VariableEntries) {
  ParseOptions no_vars;
  no_vars.substitute_variables = VariableMode::kOff;
  Script s =
      Script::Parse("CREATE TABLE t (a INT) WITH ('table.identifier' = 'x', ${dorisdwd})", no_vars);
  OptionList o = Read(s, 0, nullptr);
  EXPECT_EQ(o.options.size(), 1u);
  EXPECT_EQ(o.variable_entries.size(), 1u);
}

TEST(WithOptionsTest, KindsThatCarryWithLists) {
  EXPECT_TRUE(KindHasWithOptions(StatementKind::kCreateTable));
  EXPECT_TRUE(KindHasWithOptions(StatementKind::kExecuteJar));
  EXPECT_FALSE(KindHasWithOptions(StatementKind::kInsert));
}

}  // namespace
}  // namespace flowstate::core::sql
