#include "sql/variables.h"

#include <gtest/gtest.h>

#include "sql/script.h"
#include "sql_test_util.h"

namespace flowstate::core::sql {
namespace {

using testing::Messages;

TEST(VariablesTest, DefinitionsAreUsedByLaterStatements) {
  Script s = Script::Parse("var1:=student;\nselect * from ${var1} where n = '${var1}';");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].kind, StatementKind::kVariable);
  EXPECT_EQ(s.RawText(1), "select * from student where n = 'student'");
  EXPECT_TRUE(s.substituted());
  EXPECT_TRUE(s.diagnostics().empty());
  EXPECT_EQ(s.variables().at("var1"), "student");
}

TEST(VariablesTest, PositionsStillPointIntoTheSource) {
  Script s = Script::Parse("t := a_much_longer_table_name;\nSELECT ${t}; SELECT 2;");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s.RawText(2), "SELECT 2");
  EXPECT_EQ(s[2].begin_line, 2u);
  EXPECT_EQ(s[2].begin_column, 14u) << "column in the source, not in the substituted text";
  EXPECT_EQ(s.SourceBegin(2), std::string("t := a_much_longer_table_name;\nSELECT ${t}; ").size());
  EXPECT_EQ(s.SourceEnd(1), std::string("t := a_much_longer_table_name;\nSELECT ${t}").size());
}

TEST(VariablesTest, UnknownVariableIsAnErrorNamingIt) {
  ParseOptions always;
  always.substitute_variables = VariableMode::kAlways;
  Script s = Script::Parse("SELECT 1;\nSELECT * FROM ${missing};", always);
  EXPECT_THAT(Messages(s.diagnostics()),
              ::testing::ElementsAre("<script>:2:15: error: unknown variable 'missing': define it "
                                     "with `missing := value;` before this statement"));
  Script early = Script::Parse("SELECT ${late}; late := x;");
  EXPECT_EQ(early.diagnostics().size(), 1u) << "a use before the definition is unknown";
}

// Dinky substitutes only with its fragment switch on; to Flink ${name} is text. By default
// flowstate substitutes when the script defines variables or the host gives some.
TEST(VariablesTest, WithNoVariablesDefinedAReferenceIsPlainText) {
  Script plain = Script::Parse("SELECT '${dt}' AS d, x FROM t;\nSELECT * FROM ${missing};");
  EXPECT_TRUE(plain.diagnostics().empty()) << plain.diagnostics().ToString();
  EXPECT_FALSE(plain.substituted());
  EXPECT_EQ(plain.RawText(0), "SELECT '${dt}' AS d, x FROM t");
  // A definition anywhere in the script turns substitution on, and unknown names are errors.
  Script defined = Script::Parse("t := orders;\nSELECT * FROM ${t};\nSELECT * FROM ${missing};");
  EXPECT_EQ(defined.RawText(1), "SELECT * FROM orders");
  EXPECT_EQ(defined.diagnostics().size(), 1u);
  // So do variables the host gives.
  ParseOptions host;
  host.variables["env"] = "prod";
  Script given = Script::Parse("SELECT * FROM ${missing};", host);
  EXPECT_EQ(given.diagnostics().size(), 1u);
}

TEST(VariablesTest, HostVariablesAndDefinitionsUsingVariables) {
  ParseOptions o;
  o.variables["env"] = "prod";
  Script s = Script::Parse("db := ods_${env};\nINSERT INTO ${db}.t SELECT 1;", o);
  EXPECT_EQ(s.RawText(1), "INSERT INTO ods_prod.t SELECT 1");
  EXPECT_EQ(s.Name(1), "ods_prod.t");
}

TEST(VariablesTest, CommentsAndCdcSourcePlaceholdersAreLeftAlone) {
  Script s = Script::Parse(
      "SELECT 1 /* ${not_a_var} */;\n"
      "EXECUTE CDCSOURCE j WITH ('sink.table.identifier' = '${schemaName}.${tableName}')");
  EXPECT_TRUE(s.diagnostics().empty()) << s.diagnostics().ToString();
  EXPECT_FALSE(s.substituted());
}

TEST(VariablesTest, SecretReferencesStayForTheHostToResolve) {
  ParseOptions always;
  always.substitute_variables = VariableMode::kAlways;
  Script s = Script::Parse(
      "CREATE TABLE t (a INT) WITH ('password' = '${secret:job.1.password}');\n"
      "SELECT ${secret:};",
      always);
  EXPECT_EQ(s.RawText(0), "CREATE TABLE t (a INT) WITH ('password' = '${secret:job.1.password}')");
  ASSERT_EQ(s.diagnostics().size(), 1u) << "an empty secret name is not a reference";
  EXPECT_NE(s.diagnostics().ToString().find("malformed variable reference '${secret:}'"),
            std::string::npos)
      << s.diagnostics().ToString();
}

TEST(VariablesTest, SubstitutionCanBeTurnedOff) {
  ParseOptions o;
  o.substitute_variables = VariableMode::kOff;
  Script s = Script::Parse("SELECT ${x};", o);
  EXPECT_TRUE(s.diagnostics().empty());
  EXPECT_EQ(s.RawText(0), "SELECT ${x}");
}

TEST(VariablesTest, ValueWithSemicolonIsResplit) {
  ParseOptions o;
  o.variables["two"] = "1; SELECT 2";
  Script s = Script::Parse("SELECT ${two};", o);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s.RawText(1), "SELECT 2");
  EXPECT_EQ(s[1].begin_column, 8u) << "inside a value, positions point at the ${...}";
}

TEST(SourceMapTest, MapsInsideAndAfterReplacements) {
  SourceMap m;
  m.Add({10, 14, 10, 20});  // ${x} (4 bytes) became 10 bytes
  EXPECT_EQ(m.ToSource(5), 5u);
  EXPECT_EQ(m.ToSource(10), 10u);
  EXPECT_EQ(m.ToSource(19), 10u);
  EXPECT_EQ(m.ToSource(20), 14u);
  EXPECT_EQ(m.ToSource(25), 19u);
}

}  // namespace
}  // namespace flowstate::core::sql
