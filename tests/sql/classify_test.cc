#include "sql/classify.h"

#include <gtest/gtest.h>

#include <string>

#include "sql/lint.h"
#include "sql/script.h"
#include "sql_test_util.h"

namespace flowstate::core::sql {
namespace {

struct Case {
  const char* sql;
  const char* kind;
  uint16_t flags;
  const char* name;
};

class ClassifyTest : public ::testing::TestWithParam<Case> {};

TEST_P(ClassifyTest, KindFlagsAndName) {
  const Case& c = GetParam();
  Script s = Script::Parse(c.sql);
  ASSERT_EQ(s.size(), 1u) << c.sql;
  EXPECT_STREQ(StatementKindName(static_cast<int>(s[0].kind)), c.kind) << c.sql;
  EXPECT_EQ(s[0].flags & ~kFlagUnterminated, c.flags) << c.sql;
  EXPECT_EQ(std::string(s.Name(0)), c.name) << c.sql;
}

const Case kCases[] = {
    {"SET 'a' = 'b'", "SET", 0, ""},
    {"set a=1", "SET", 0, ""},
    {"RESET 'a'", "RESET", 0, ""},
    {"CREATE CATALOG hive WITH ('type'='hive')", "CREATE_CATALOG", 0, "hive"},
    {"CREATE DATABASE IF NOT EXISTS db1", "CREATE_DATABASE", kFlagIfNotExists, "db1"},
    {"create table `my tbl` (a int) with ('connector'='print')", "CREATE_TABLE", 0, "`my tbl`"},
    {"CREATE TEMPORARY TABLE c.d.t (a INT)", "CREATE_TABLE", kFlagTemporary, "c.d.t"},
    {"CREATE TABLE t WITH ('k'='v') AS SELECT * FROM s", "CREATE_TABLE", kFlagAsSelect, "t"},
    {"CREATE TABLE t (a INT) WITH ('k'='v') AS SELECT 1", "CREATE_TABLE", kFlagAsSelect, "t"},
    {"CREATE OR REPLACE TABLE t AS SELECT 1", "CREATE_TABLE", kFlagOrReplace | kFlagAsSelect, "t"},
    {"CREATE TABLE t (a INT, w AS a + 1) WITH ('k'='v') LIKE src (EXCLUDING ALL)", "CREATE_TABLE",
     kFlagLike, "t"},
    {"CREATE TABLE t (c STRING COMMENT 'as; like') COMMENT 'x' PARTITIONED BY (c) WITH ('a'='b')",
     "CREATE_TABLE", 0, "t"},
    {"CREATE VIEW v AS SELECT 1", "CREATE_VIEW", 0, "v"},
    {"CREATE TEMPORARY VIEW IF NOT EXISTS v AS SELECT 1", "CREATE_VIEW",
     kFlagTemporary | kFlagIfNotExists, "v"},
    {"CREATE FUNCTION f AS 'com.x.F'", "CREATE_FUNCTION", 0, "f"},
    {"CREATE TEMPORARY SYSTEM FUNCTION f AS 'com.x.F' LANGUAGE JAVA", "CREATE_FUNCTION",
     kFlagTemporary | kFlagTemporarySystem, "f"},
    {"CREATE MODEL m WITH ('provider'='openai')", "CREATE_MODEL", 0, "m"},
    {"CREATE MATERIALIZED TABLE mt FRESHNESS = INTERVAL '1' MINUTE AS SELECT 1",
     "CREATE_MATERIALIZED_TABLE", 0, "mt"},
    {"CREATE OR ALTER MATERIALIZED TABLE mt FRESHNESS = INTERVAL '1' MINUTE AS SELECT 1",
     "CREATE_MATERIALIZED_TABLE", 0, "mt"},
    {"CREATE OR ALTER VIEW v AS SELECT 1", "UNKNOWN", 0, ""},
    {"DROP CATALOG IF EXISTS hive", "DROP_CATALOG", kFlagIfExists, "hive"},
    {"DROP DATABASE db CASCADE", "DROP_DATABASE", 0, "db"},
    {"DROP TEMPORARY TABLE t", "DROP_TABLE", kFlagTemporary, "t"},
    {"DROP VIEW v", "DROP_VIEW", 0, "v"},
    {"DROP TEMPORARY SYSTEM FUNCTION IF EXISTS f", "DROP_FUNCTION",
     kFlagTemporary | kFlagTemporarySystem | kFlagIfExists, "f"},
    {"ALTER CATALOG c SET ('k'='v')", "ALTER_CATALOG", 0, "c"},
    {"ALTER DATABASE d SET ('k'='v')", "ALTER_DATABASE", 0, "d"},
    {"ALTER TABLE IF EXISTS t RENAME TO u", "ALTER_TABLE", kFlagIfExists, "t"},
    {"ALTER VIEW v AS SELECT 2", "ALTER_VIEW", 0, "v"},
    {"ALTER FUNCTION f AS 'x'", "ALTER_FUNCTION", 0, "f"},
    {"INSERT INTO sink SELECT * FROM src", "INSERT", 0, "sink"},
    {"INSERT OVERWRITE db.sink PARTITION (dt='1') SELECT 1", "INSERT", kFlagOverwrite, "db.sink"},
    {"EXECUTE INSERT INTO s SELECT 1", "INSERT", kFlagExecute, "s"},
    {"SELECT * FROM t", "SELECT", 0, ""},
    {"WITH x AS (SELECT 1) SELECT * FROM x", "SELECT", kFlagWithQuery, ""},
    {"VALUES (1), (2)", "VALUES", 0, ""},
    {"EXPLAIN PLAN FOR SELECT 1", "EXPLAIN", 0, ""},
    {"EXPLAIN EXECUTE INSERT INTO t SELECT 1", "EXPLAIN", 0, ""},
    {"EXPLAIN ESTIMATED_COST, CHANGELOG_MODE SELECT 1", "EXPLAIN", 0, ""},
    {"DESCRIBE t", "DESCRIBE", 0, "t"},
    {"DESC EXTENDED db.t", "DESCRIBE", 0, "db.t"},
    {"DESCRIBE JOB '228d70913eab60dda85c5e7f78b5782c'", "DESCRIBE_JOB", 0,
     "'228d70913eab60dda85c5e7f78b5782c'"},
    {"SHOW TABLES", "SHOW", 0, "TABLES"},
    {"SHOW CREATE TABLE t", "SHOW", 0, "t"},
    {"SHOW CREATE VIEW db.v", "SHOW", 0, "db.v"},
    {"SHOW CREATE MATERIALIZED TABLE mt", "SHOW", 0, "mt"},
    {"DESCRIBE CATALOG c", "DESCRIBE", 0, "c"},
    {"DESCRIBE FUNCTION EXTENDED f", "DESCRIBE", 0, "f"},
    {"DESCRIBE catalog", "DESCRIBE", 0, "catalog"},
    {"SHOW JARS", "SHOW_JARS", 0, ""},
    {"SHOW JOBS", "SHOW_JOBS", 0, ""},
    {"USE db1", "USE", 0, "db1"},
    {"USE CATALOG hive", "USE_CATALOG", 0, "hive"},
    {"USE MODULES hive, core", "USE_MODULES", 0, "hive"},
    {"LOAD MODULE hive WITH ('hive-version'='3.1.2')", "LOAD_MODULE", 0, "hive"},
    {"UNLOAD MODULE hive", "UNLOAD_MODULE", 0, "hive"},
    {"ADD JAR '/opt/udf.jar'", "ADD_JAR", 0, ""},
    {"REMOVE JAR '/opt/udf.jar'", "REMOVE_JAR", 0, ""},
    {"STOP JOB '228d70913eab60dda85c5e7f78b5782c' WITH SAVEPOINT WITH DRAIN", "STOP_JOB",
     kFlagWithSavepoint | kFlagWithDrain, "'228d70913eab60dda85c5e7f78b5782c'"},
    {"STOP JOB 'abc'", "STOP_JOB", 0, "'abc'"},
    {"CALL cat.sys.compact('t')", "CALL", 0, "cat.sys.compact"},
    {"TRUNCATE TABLE t", "TRUNCATE", 0, "t"},
    {"DELETE FROM t WHERE a = 1", "DELETE", 0, "t"},
    {"UPDATE t SET a = 1", "UPDATE", 0, "t"},
    {"ANALYZE TABLE t COMPUTE STATISTICS", "ANALYZE", 0, "t"},
    {"EXECUTE CDCSOURCE job1 WITH ('connector'='mysql-cdc')", "EXECUTE_CDCSOURCE", 0, "job1"},
    {"EXECUTE JAR WITH ('uri'='rs:/a.jar', 'main-class'='M')", "EXECUTE_JAR", 0, ""},
    {"EXECUTE PIPELINE WITH ('source.type'='mysql')", "EXECUTE_PIPELINE", 0, ""},
    {"ADD CUSTOMJAR 'rs:/udf.jar'", "ADD_CUSTOMJAR", 0, ""},
    {"ADD FILE 'rs:/file.properties'", "ADD_FILE", 0, ""},
    {"PRINT Orders", "PRINT", 0, "Orders"},
    {"CREATE TEMPORAL TEMPORARY FUNCTION IF NOT EXISTS rates AS SELECT update_time, currency FROM "
     "r",
     "CREATE_TEMPORAL_FUNCTION", kFlagTemporary | kFlagIfNotExists, "rates"},
    {"CREATE AGGTABLE agg AS SELECT a, TOP2(b) FROM t GROUP BY a", "CREATE_AGGTABLE", 0, "agg"},
    {"var1 := student", "VARIABLE", 0, "var1"},
    {"BEGIN STATEMENT SET", "STATEMENT_SET", 0, ""},
    {"/* leading */ -- comment\n  SeLeCt 1", "SELECT", 0, ""},
    {"CREATE /* c */ TABLE t (a INT)", "CREATE_TABLE", 0, "t"},
    {"SELEC * FROM t", "UNKNOWN", 0, ""},
    {"CREATE SOMETHING x", "UNKNOWN", 0, ""},
    // Forms Flink has that were UNKNOWN before.
    {"(SELECT a FROM t) UNION (SELECT a FROM u)", "SELECT", 0, ""},
    {"((SELECT 1)) EXCEPT (SELECT 2)", "SELECT", 0, ""},
    {"(WITH x AS (SELECT 1) SELECT * FROM x)", "SELECT", kFlagWithQuery, ""},
    {"(VALUES (1), (2))", "VALUES", 0, ""},
    {"COMPILE PLAN '/plans/p.json' FOR INSERT INTO s SELECT * FROM t", "COMPILE_PLAN", 0,
     "'/plans/p.json'"},
    {"COMPILE PLAN 'p.json' IF NOT EXISTS FOR INSERT INTO s SELECT 1", "COMPILE_PLAN",
     kFlagIfNotExists, "'p.json'"},
    {"EXECUTE PLAN 'file:///plans/p.json'", "EXECUTE_PLAN", 0, "'file:///plans/p.json'"},
    {"COMPILE AND EXECUTE PLAN 'p.json' FOR INSERT INTO s SELECT 1", "COMPILE_AND_EXECUTE_PLAN", 0,
     "'p.json'"},
    {"REPLACE TABLE t WITH ('connector'='print') AS SELECT * FROM s", "REPLACE_TABLE",
     kFlagAsSelect, "t"},
    {"HELP", "HELP", 0, ""},
    {"clear", "CLEAR", 0, ""},
    {"QUIT", "QUIT", 0, ""},
    {"exit", "QUIT", 0, ""},
    {"HELP me", "UNKNOWN", 0, ""},
};

INSTANTIATE_TEST_SUITE_P(AllKinds, ClassifyTest, ::testing::ValuesIn(kCases));

TEST(StatementKindTest, NamesAreStableAndComplete) {
  EXPECT_STREQ(StatementKindName(0), "UNKNOWN");
  EXPECT_STREQ(StatementKindName(41), "EXECUTE_CDCSOURCE");
  for (int k = 0; k < kStatementKindCount; ++k) EXPECT_NE(StatementKindName(k), nullptr) << k;
  EXPECT_EQ(StatementKindName(kStatementKindCount), nullptr);
  EXPECT_EQ(StatementKindName(-1), nullptr);
}

// Every statement form Flink's SQL pages document (1.14 to 2.2) gets a kind, reads without
// an error, and is never called "neither Flink SQL nor a Dinky extension".
TEST(ClassifyTest, EveryDocumentedFlinkStatementHasItsKind) {
  Script s = Script::Parse(testing::DataFile("flink_docs_statements.sql"));
  ASSERT_GE(s.size(), 120u);
  for (size_t i = 0; i < s.size(); ++i) {
    EXPECT_NE(s[i].kind, StatementKind::kUnknown) << s.RawText(i);
  }
  EXPECT_TRUE(s.diagnostics().entries().empty()) << s.diagnostics().entries().front().message;
  Diagnostics d;
  LintOptions o;
  o.dinky = false;
  LintScript(s, o, &d);
  for (const Diagnostic& e : d.entries()) {
    EXPECT_EQ(e.message.find("neither Flink SQL"), std::string::npos)
        << e.line << ": " << e.message;
    EXPECT_NE(e.severity, Severity::kError) << e.line << ": " << e.message;
  }
}

}  // namespace
}  // namespace flowstate::core::sql
