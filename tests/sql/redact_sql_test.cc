// SQL redaction in both directions: secret values where Flink reads options, nothing else.
#include "sql/redact_sql.h"

#include <gtest/gtest.h>

#include <string>

#include "sql/script.h"

namespace flowstate::core::sql {
namespace {

std::string RedactOnly(const std::string& sql) {
  Script s = Script::Parse(sql, ParseOptions{});
  EXPECT_EQ(s.size(), 1u) << sql;
  return s.size() == 1 ? s.RedactedText(0) : std::string();
}

struct Case {
  const char* sql;
  const char* expected;
};

TEST(RedactSqlTest, SecretValuesWhereFlinkReadsOptions) {
  const Case cases[] = {
      {"CREATE TABLE t (a INT) WITH ('connector' = 'jdbc', 'password' = '000000')",
       "CREATE TABLE t (a INT) WITH ('connector' = 'jdbc', 'password' = '******')"},
      {"CREATE TABLE t (a INT) WITH ('password'='it''s;here', 'x'='y')",
       "CREATE TABLE t (a INT) WITH ('password'='******', 'x'='y')"},
      {"CREATE CATALOG c WITH ('type' = 'jdbc', 'base-url' = 'jdbc:mysql://root:pw@h:3306')",
       "CREATE CATALOG c WITH ('type' = 'jdbc', 'base-url' = 'jdbc:mysql://root:******@h:3306')"},
      {"ALTER TABLE t SET ('sink.password' = 'x1')",
       "ALTER TABLE t SET ('sink.password' = '******')"},
      {"SET 'sink.password' = 'abc'", "SET 'sink.password' = '******'"},
      {"SET sink.password = abc", "SET sink.password = ******"},
      {"SET s3.secret-key=abc def", "SET s3.secret-key=******"},
      {"SET 'sink.password = abc'", "SET 'sink.password = ******'"},
      {"db_password := hunter2", "db_password := ******"},
      {"db_password := 'hunter2'", "db_password := '******'"},
      {"SELECT * FROM t /*+ OPTIONS('password'='x2') */",
       "SELECT * FROM t /*+ OPTIONS('password'='******') */"},
      {"EXECUTE CDCSOURCE j WITH ('connector' = 'mysql-cdc', 'password' = '000000', "
       "'sink.password' = 'p')",
       "EXECUTE CDCSOURCE j WITH ('connector' = 'mysql-cdc', 'password' = '******', "
       "'sink.password' = '******')"},
      {"EXECUTE JAR WITH ('uri' = 'a.jar', 'args' = '--host h --password 000000')",
       "EXECUTE JAR WITH ('uri' = 'a.jar', 'args' = '--host h --password ******')"},
      {"ADD JAR 'hdfs://u:pw@nn:8020/a.jar'", "ADD JAR 'hdfs://u:******@nn:8020/a.jar'"},
      {"CREATE TABLE t (a INT) WITH ('properties.sasl.jaas.config' = 'x required "
       "password=\"p\";')",
       "CREATE TABLE t (a INT) WITH ('properties.sasl.jaas.config' = '******')"},
  };
  for (const Case& c : cases) EXPECT_EQ(RedactOnly(c.sql), c.expected) << c.sql;
}

TEST(RedactSqlTest, QueriesAndOtherTextAreKept) {
  const char* kept[] = {
      "SELECT * FROM kv WHERE kv.key = 'abc'",
      "SELECT * FROM users WHERE password = 'abc'",
      "SELECT 'password' FROM t",
      "SET 'my.key=with.equals'",
      "SET 'table.exec.sink.not-null-enforcer' = 'DROP'",
      "CREATE TABLE t (a INT) WITH ('connector' = 'kafka', 'key.format' = 'json', "
      "'scan.startup.mode' = 'latest-offset')",
      "INSERT INTO t VALUES ('token', 'unknown key no.such.key: Flink passes it through')",
      "pwd := secret",
      "SELECT * FROM t /*+ OPTIONS('scan.startup.mode'='latest-offset') */",
      "SELECT a /* password: 000000 is a comment */ FROM t",
  };
  for (const char* k : kept) EXPECT_EQ(RedactOnly(k), k);
}

}  // namespace
}  // namespace flowstate::core::sql
