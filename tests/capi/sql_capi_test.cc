// The SQL engine through the C ABI and the C++ API.
#include <gtest/gtest.h>

#include <string>

#include "capi_test_util.h"
#include "flowstate/flowstate.h"
#include "flowstate/sql.hpp"
#include "flowstate/unstable.h"

namespace {

const char kSeed[] =
    "-- 测试参数\n"
    "SET execution.checkpointing.interval = 6000;\n"
    "SET 'sink.password' = 'hunter2';\n"
    "RESET;\n"
    "EXECUTE CDCSOURCE job WITH ('connector' = 'mysql-cdc','hostname' = 'hadoop102','port' = "
    "'3306',"
    "'username' = 'root','password' = '000000','checkpoint' = '3000','parallelism' = '1',"
    "'table-name' = 'emp_1\\.employees_[0-9]+,emp_1\\.x','debezium.snapshot.mode' = 'initial',"
    "'sink[0].connector' = 'print','sink.connector' = 'print',)";

struct ScriptPtr {
  flowstate_script* p = nullptr;
  ~ScriptPtr() { flowstate_script_free(p); }
};

// A statement as flowstate_script_statement_get() describes it (the defaults when it fails).
flowstate_statement_info Stmt(const flowstate_script* s, size_t i) {
  flowstate_statement_info c = FLOWSTATE_STATEMENT_INFO_INIT;
  flowstate_script_statement_get(s, i, &c);
  return c;
}
flowstate_with_entry With(const flowstate_with_list* l, size_t i) {
  flowstate_with_entry c = FLOWSTATE_WITH_ENTRY_INIT;
  EXPECT_EQ(flowstate_with_list_get(l, i, &c), FLOWSTATE_OK);
  return c;
}

std::string Take(char* s) {
  std::string out = s ? s : "";
  flowstate_string_free(s);
  return out;
}

TEST(SqlCapiTest, ParseAndStatementAccessors) {
  ScriptPtr s;
  flowstate_diagnostics* d = nullptr;
  ASSERT_EQ(flowstate_diagnostics_new(&d), FLOWSTATE_OK);
  flowstate_sql_options o = FLOWSTATE_SQL_OPTIONS_INIT;
  o.source_name = "seed.sql";
  ASSERT_EQ(flowstate_sql_parse(&s.p, kSeed, sizeof kSeed - 1, &o, d), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_diagnostics_count(d), 0u);
  flowstate_diagnostics_free(d);

  ASSERT_EQ(flowstate_script_statement_count(s.p), 4u);
  EXPECT_EQ(Stmt(s.p, 0).kind, FLOWSTATE_STATEMENT_SET);
  EXPECT_EQ(Stmt(s.p, 2).kind, FLOWSTATE_STATEMENT_RESET);
  EXPECT_EQ(Stmt(s.p, 3).kind, FLOWSTATE_STATEMENT_EXECUTE_CDCSOURCE);
  EXPECT_STREQ(flowstate_enum_name(FLOWSTATE_ENUM_STATEMENT_KIND,
                                   FLOWSTATE_STATEMENT_COMPILE_AND_EXECUTE_PLAN),
               "COMPILE_AND_EXECUTE_PLAN");
  EXPECT_STREQ(flowstate_enum_name(FLOWSTATE_ENUM_STATEMENT_KIND, FLOWSTATE_STATEMENT_QUIT),
               "QUIT");
  EXPECT_EQ(flowstate_enum_name(FLOWSTATE_ENUM_STATEMENT_KIND, FLOWSTATE_STATEMENT_QUIT + 1),
            nullptr);
  EXPECT_STREQ(
      flowstate_enum_name(FLOWSTATE_ENUM_STATEMENT_KIND, FLOWSTATE_STATEMENT_EXECUTE_CDCSOURCE),
      "EXECUTE_CDCSOURCE");
  EXPECT_EQ(Stmt(s.p, 0).begin_line, 2);
  EXPECT_EQ(Stmt(s.p, 0).begin_column, 1);
  EXPECT_EQ(Stmt(s.p, 0).begin_offset, 16);
  EXPECT_EQ(Stmt(s.p, 0).end_column, 44);
  EXPECT_EQ(Stmt(s.p, 0).parent, -1);
  EXPECT_NE(Stmt(s.p, 3).flags & FLOWSTATE_STATEMENT_FLAG_UNTERMINATED, 0u);
  flowstate_statement_info past = FLOWSTATE_STATEMENT_INFO_INIT;
  EXPECT_EQ(flowstate_script_statement_get(s.p, 99, &past), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(past.begin_offset, -1) << "left as the caller set it";

  // Variables: AUTO (the default) leaves ${x} as text when none is defined; ALWAYS
  // substitutes and reports the unknown one; another mode is refused.
  flowstate_sql_options v = FLOWSTATE_SQL_OPTIONS_INIT;
  EXPECT_EQ(v.substitute_variables, FLOWSTATE_SQL_VARIABLES_AUTO);
  const char plain_text[] = "SELECT '${x}'";
  flowstate_diagnostics* vd = nullptr;
  ASSERT_EQ(flowstate_diagnostics_new(&vd), FLOWSTATE_OK);
  ScriptPtr plain;
  ASSERT_EQ(flowstate_sql_parse(&plain.p, plain_text, sizeof plain_text - 1, &v, vd), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_diagnostics_count(vd), 0u);
  v.substitute_variables = FLOWSTATE_SQL_VARIABLES_ALWAYS;
  ScriptPtr always;
  ASSERT_EQ(flowstate_sql_parse(&always.p, plain_text, sizeof plain_text - 1, &v, vd),
            FLOWSTATE_OK);
  EXPECT_EQ(flowstate_diagnostics_count(vd), 1u);
  v.substitute_variables = 3;
  ScriptPtr refused;
  EXPECT_EQ(flowstate_sql_parse(&refused.p, plain_text, sizeof plain_text - 1, &v, vd),
            FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_diagnostics_free(vd);
  EXPECT_NE(flowstate_script_isa(s.p), nullptr);

  char* text = nullptr;
  ASSERT_EQ(flowstate_script_statement_text(&text, s.p, 1, 0), FLOWSTATE_OK);
  EXPECT_EQ(Take(text), "SET 'sink.password' = '******'");
  ASSERT_EQ(flowstate_script_statement_text(&text, s.p, 1, FLOWSTATE_SQL_RAW), FLOWSTATE_OK);
  EXPECT_EQ(Take(text), "SET 'sink.password' = 'hunter2'");
  ASSERT_EQ(flowstate_script_statement_name(&text, s.p, 3), FLOWSTATE_OK);
  EXPECT_EQ(Take(text), "job");
  EXPECT_EQ(flowstate_script_statement_text(&text, s.p, 9, 0), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(text, nullptr);
}

TEST(SqlCapiTest, ReadSetRedactsUnlessRaw) {
  ScriptPtr s;
  ASSERT_EQ(flowstate_sql_parse(&s.p, kSeed, sizeof kSeed - 1, nullptr, nullptr), FLOWSTATE_OK);
  char *key = nullptr, *value = nullptr;
  int64_t ko = 0, vo = 0;
  ASSERT_EQ(flowstate_script_read_set(&key, &value, &ko, &vo, s.p, 0, 0, nullptr), FLOWSTATE_OK);
  EXPECT_EQ(Take(key), "execution.checkpointing.interval");
  EXPECT_EQ(Take(value), "6000");
  EXPECT_EQ(ko, 20);
  EXPECT_EQ(vo, 55);
  ASSERT_EQ(flowstate_script_read_set(&key, &value, nullptr, nullptr, s.p, 1, 0, nullptr),
            FLOWSTATE_OK);
  Take(key);
  EXPECT_EQ(Take(value), "******");
  ASSERT_EQ(
      flowstate_script_read_set(&key, &value, nullptr, nullptr, s.p, 1, FLOWSTATE_SQL_RAW, nullptr),
      FLOWSTATE_OK);
  Take(key);
  EXPECT_EQ(Take(value), "hunter2");
  ASSERT_EQ(flowstate_script_read_set(&key, &value, nullptr, nullptr, s.p, 2, 0, nullptr),
            FLOWSTATE_OK);
  EXPECT_EQ(key, nullptr) << "RESET alone";
  EXPECT_EQ(flowstate_script_read_set(&key, &value, nullptr, nullptr, s.p, 3, 0, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
}

TEST(SqlCapiTest, MalformedSetFailsWithParseErrorAndDiagnostics) {
  ScriptPtr s;
  const char sql[] = "SET a.b";
  ASSERT_EQ(flowstate_sql_parse(&s.p, sql, sizeof sql - 1, nullptr, nullptr), FLOWSTATE_OK);
  flowstate_diagnostics* d = nullptr;
  flowstate_diagnostics_new(&d);
  char *key = nullptr, *value = nullptr;
  EXPECT_EQ(flowstate_script_read_set(&key, &value, nullptr, nullptr, s.p, 0, 0, d),
            FLOWSTATE_E_PARSE);
  ASSERT_EQ(flowstate_diagnostics_count(d), 1u);
  EXPECT_EQ(flowstate::testing::DiagAt(d, 0).column, 5);
  EXPECT_NE(std::string(flowstate_error_last_message()).find("expected '=' in SET"),
            std::string::npos);
  flowstate_diagnostics_free(d);
}

TEST(SqlCapiTest, CdcSourceObject) {
  ScriptPtr s;
  ASSERT_EQ(flowstate_sql_parse(&s.p, kSeed, sizeof kSeed - 1, nullptr, nullptr), FLOWSTATE_OK);
  flowstate_cdc_source* c = nullptr;
  ASSERT_EQ(flowstate_script_read_cdc_source(&c, s.p, 3, nullptr), FLOWSTATE_OK);
  EXPECT_STREQ(flowstate_cdc_source_name(c), "job");
  EXPECT_STREQ(flowstate_cdc_source_get(c, "hostname"), "hadoop102");
  EXPECT_STREQ(flowstate_cdc_source_get(c, "password"), "******");
  EXPECT_EQ(flowstate_cdc_source_get(c, "database-name"), nullptr);
  int64_t port = 0;
  ASSERT_EQ(flowstate_cdc_source_get_int(&port, c, "port"), FLOWSTATE_OK);
  EXPECT_EQ(port, 3306);
  EXPECT_EQ(flowstate_cdc_source_get_int(&port, c, "hostname"), FLOWSTATE_E_INVALID_ARGUMENT);
  ASSERT_EQ(flowstate_cdc_source_table_count(c), 2u);
  EXPECT_STREQ(flowstate_cdc_source_table(c, 1), "emp_1\\.x");

  flowstate_with_list* g = nullptr;
  ASSERT_EQ(flowstate_cdc_source_group(&g, c, "debezium"), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_with_list_count(g), 1u);
  EXPECT_STREQ(With(g, 0).key, "snapshot.mode");
  flowstate_with_list_free(g);
  EXPECT_EQ(flowstate_cdc_source_group(&g, c, "bogus"), FLOWSTATE_E_NOT_FOUND);
  ASSERT_EQ(flowstate_cdc_source_sink_count(c), 1u);
  EXPECT_STREQ(flowstate_cdc_source_sink_name(c, 0), "0");

  ASSERT_EQ(flowstate_cdc_source_options(&g, c), FLOWSTATE_OK);
  EXPECT_STREQ(flowstate_with_list_find(g, "password"), "******");
  EXPECT_EQ(flowstate_with_list_trailing_comma(g), 1);
  size_t pw = 0;
  for (size_t i = 0; i < flowstate_with_list_count(g); ++i) {
    if (std::string(With(g, i).key) == "password") pw = i;
  }
  char* raw = nullptr;
  ASSERT_EQ(flowstate_with_list_raw_value(&raw, g, pw), FLOWSTATE_OK);
  EXPECT_EQ(Take(raw), "000000");
  EXPECT_GT(With(g, pw).value_offset, With(g, pw).key_offset);
  flowstate_with_list_free(g);
  flowstate_cdc_source_free(c);
}

TEST(SqlCapiTest, OptionsOfStatementsWithoutThem) {
  ScriptPtr s;
  const char sql[] = "CREATE TABLE t (a INT); SELECT 1";
  ASSERT_EQ(flowstate_sql_parse(&s.p, sql, sizeof sql - 1, nullptr, nullptr), FLOWSTATE_OK);
  flowstate_with_list* o = nullptr;
  EXPECT_EQ(flowstate_script_read_options(&o, s.p, 0, nullptr), FLOWSTATE_E_NOT_FOUND);
  EXPECT_EQ(flowstate_script_read_options(&o, s.p, 1, nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_STREQ(flowstate_error_last_message(), "SELECT statements have no WITH option list");
  EXPECT_EQ(o, nullptr);
}

TEST(SqlCapiTest, VariablesFromTheHostAndLint) {
  const char* names[] = {"tbl", "db_password"};
  const char* values[] = {"orders", "s3cr3t"};
  flowstate_sql_options o = FLOWSTATE_SQL_OPTIONS_INIT;
  o.variable_names = names;
  o.variable_values = values;
  o.variable_count = 2;
  ScriptPtr s;
  const char sql[] = "SELECT * FROM ${tbl}; SELECT ${nope}";
  ASSERT_EQ(flowstate_sql_parse(&s.p, sql, sizeof sql - 1, &o, nullptr), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_script_substituted(s.p), 1);
  ASSERT_EQ(flowstate_script_variable_count(s.p), 2u);
  flowstate_variable_info var = FLOWSTATE_VARIABLE_INFO_INIT;
  ASSERT_EQ(flowstate_script_variable_get(s.p, 0, &var), FLOWSTATE_OK);
  EXPECT_STREQ(var.name, "db_password");
  EXPECT_STREQ(var.value, "******");
  flowstate_diagnostics* d = nullptr;
  flowstate_diagnostics_new(&d);
  size_t errors = 0;
  ASSERT_EQ(flowstate_script_lint(&errors, s.p, FLOWSTATE_LINT_NO_DINKY, d), FLOWSTATE_OK);
  EXPECT_EQ(errors, 1u);
  EXPECT_EQ(flowstate::testing::DiagAt(d, 0).column, 30);
  flowstate_diagnostics_free(d);
}

TEST(SqlCapiTest, LintForAFlinkVersion) {
  ScriptPtr s;
  const char sql[] =
      "BEGIN STATEMENT SET;\nCREATE TABLE b WITH ('connector' = 'blackhole') AS SELECT 1;\nEND;";
  ASSERT_EQ(flowstate_sql_parse(&s.p, sql, sizeof sql - 1, nullptr, nullptr), FLOWSTATE_OK);
  flowstate_diagnostics* d = nullptr;
  flowstate_diagnostics_new(&d);
  size_t errors = 9;
  ASSERT_EQ(flowstate_script_lint_for(&errors, s.p, FLOWSTATE_LINT_NO_DINKY, "1.16", d),
            FLOWSTATE_OK);
  EXPECT_EQ(errors, 0u);
  ASSERT_EQ(flowstate_script_lint_for(&errors, s.p, FLOWSTATE_LINT_NO_DINKY, nullptr, d),
            FLOWSTATE_OK);
  EXPECT_EQ(errors, 0u);
  ASSERT_EQ(flowstate_script_lint_for(&errors, s.p, FLOWSTATE_LINT_NO_DINKY, "1.15", d),
            FLOWSTATE_OK);
  EXPECT_EQ(errors, 1u);
  EXPECT_EQ(flowstate::testing::DiagAt(d, 0).line, 2);
  EXPECT_EQ(flowstate_script_lint_for(&errors, s.p, 0, "1.9", d), FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_EQ(errors, 0u);
  EXPECT_NE(std::string(flowstate_error_last_message()).find("1.14 to 1.20"), std::string::npos);
  flowstate_diagnostics_free(d);
}

TEST(SqlCapiTest, BorrowedTextAndBadOptions) {
  std::string text = "SELECT 1; SELECT 2";
  flowstate_sql_options o;
  ASSERT_EQ(flowstate_sql_options_init(&o, FLOWSTATE_SQL_OPTIONS_VERSION), FLOWSTATE_OK);
  o.borrow_text = 1;
  ScriptPtr s;
  ASSERT_EQ(flowstate_sql_parse(&s.p, text.data(), text.size(), &o, nullptr), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_script_statement_count(s.p), 2u);
  o.isa = 42;
  flowstate_script* bad = nullptr;
  EXPECT_EQ(flowstate_sql_parse(&bad, "x", 1, &o, nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  o.isa = 0;
  o.version = 99;
  EXPECT_EQ(flowstate_sql_parse(&bad, "x", 1, &o, nullptr), FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_EQ(flowstate_sql_options_init(&o, 7), FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_EQ(flowstate_sql_parse(nullptr, "x", 1, nullptr, nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_sql_parse(&bad, nullptr, 3, nullptr, nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_script_free(nullptr);
  flowstate_with_list_free(nullptr);
  flowstate_cdc_source_free(nullptr);
}

TEST(SqlCapiTest, EveryInstructionSetThroughTheAbi) {
  for (int isa : {FLOWSTATE_SQL_ISA_SCALAR, FLOWSTATE_SQL_ISA_SSE2, FLOWSTATE_SQL_ISA_AVX2}) {
    flowstate_sql_options o = FLOWSTATE_SQL_OPTIONS_INIT;
    o.isa = isa;
    ScriptPtr s;
    ASSERT_EQ(flowstate_sql_parse(&s.p, kSeed, sizeof kSeed - 1, &o, nullptr), FLOWSTATE_OK);
    EXPECT_EQ(flowstate_script_statement_count(s.p), 4u);
  }
}

TEST(SqlCppApiTest, ScriptStatementsAndReaders) {
  flowstate::Diagnostics diags;
  flowstate::Result<flowstate::Script> parsed = flowstate::Script::parse(kSeed, {}, &diags);
  ASSERT_TRUE(parsed.ok());
  const flowstate::Script& s = *parsed;
  std::vector<flowstate::Statement> all = s.statements();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].kind, flowstate::StatementKind::set);
  EXPECT_STREQ(flowstate::enum_name(all[0].kind), "SET");
  EXPECT_EQ(all[1].text, "SET 'sink.password' = '******'");
  EXPECT_EQ(s.raw_text(1).value(), "SET 'sink.password' = 'hunter2'");
  EXPECT_EQ(*s.read_set(0)->key, "execution.checkpointing.interval");
  EXPECT_EQ(*s.read_set(1)->value, "******");
  EXPECT_EQ(*s.read_set(1, true)->value, "hunter2");
  flowstate::Result<flowstate::CdcSource> cdc = s.read_cdc_source(3);
  ASSERT_TRUE(cdc.ok());
  EXPECT_EQ(cdc->port, 3306);
  EXPECT_EQ(cdc->password, "******");
  EXPECT_EQ(cdc->tables.size(), 2u);
  EXPECT_EQ(cdc->groups.at("sink").find("connector")->value, "print");
  EXPECT_TRUE(cdc->options.trailing_comma);
  EXPECT_EQ(s.read_options(0).status().code(), flowstate::ErrorCode::invalid_argument);
  flowstate::Diagnostics lint;
  EXPECT_EQ(s.lint(lint), 0u);
}

TEST(SqlCppApiTest, ReadSetFailureCarriesDiagnostics) {
  auto s = flowstate::Script::parse("SET = 1").value();
  flowstate::Result<flowstate::SetStatement> r = s.read_set(0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), flowstate::ErrorCode::parse);
  ASSERT_EQ(r.status().diagnostics().size(), 1u);
  EXPECT_EQ(r.status().diagnostics()[0].column, 5);
}

}  // namespace
