#include <gtest/gtest.h>

#include <string>

#include "flowstate/flowstate.h"

namespace {

flowstate_diagnostic Entry(int severity, int code, const char* message) {
  flowstate_diagnostic e = FLOWSTATE_DIAGNOSTIC_INIT;
  e.severity = severity;
  e.code = code;
  e.message = message;
  return e;
}

flowstate_diagnostic Get(const flowstate_diagnostics* d, size_t i) {
  flowstate_diagnostic e = FLOWSTATE_DIAGNOSTIC_INIT;
  EXPECT_EQ(flowstate_diagnostics_get(d, i, &e), FLOWSTATE_OK);
  return e;
}

TEST(DiagnosticsCapiTest, AddAndReadBack) {
  flowstate_diagnostics* d = nullptr;
  ASSERT_EQ(flowstate_diagnostics_new(&d), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_diagnostics_count(d), 0u);
  flowstate_diagnostic a =
      Entry(FLOWSTATE_SEVERITY_ERROR, FLOWSTATE_E_PARSE, "unterminated string");
  a.source = "job.sql";
  a.offset = 12;
  a.end_offset = 20;
  a.line = 2;
  a.column = 5;
  ASSERT_EQ(flowstate_diagnostics_add(d, &a), FLOWSTATE_OK);
  flowstate_diagnostic b = Entry(FLOWSTATE_SEVERITY_WARNING, FLOWSTATE_E_REMOTE, "slow");
  b.path = "http://jm:8081/jobs";
  b.http_status = 503;
  ASSERT_EQ(flowstate_diagnostics_add(d, &b), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_diagnostics_count(d), 2u);
  EXPECT_EQ(flowstate_diagnostics_error_count(d), 1u);
  flowstate_diagnostic x = Get(d, 0);
  EXPECT_EQ(x.severity, FLOWSTATE_SEVERITY_ERROR);
  EXPECT_EQ(x.code, FLOWSTATE_E_PARSE);
  EXPECT_STREQ(x.message, "unterminated string");
  EXPECT_STREQ(x.source, "job.sql");
  EXPECT_EQ(x.offset, 12);
  EXPECT_EQ(x.end_offset, 20);
  EXPECT_EQ(x.line, 2);
  EXPECT_EQ(x.column, 5);
  EXPECT_EQ(x.path, nullptr);
  flowstate_diagnostic y = Get(d, 1);
  EXPECT_EQ(y.source, nullptr);
  EXPECT_STREQ(y.path, "http://jm:8081/jobs");
  EXPECT_EQ(y.http_status, 503);
  EXPECT_EQ(y.line, -1);
  EXPECT_EQ(y.end_offset, -1);

  char* text = nullptr;
  ASSERT_EQ(flowstate_diagnostics_format(&text, d), FLOWSTATE_OK);
  EXPECT_STREQ(text,
               "job.sql:2:5: error: unterminated string\n"
               "http://jm:8081/jobs (HTTP 503): warning: slow\n");
  flowstate_string_free(text);

  flowstate_diagnostics_clear(d);
  EXPECT_EQ(flowstate_diagnostics_count(d), 0u);
  flowstate_diagnostics_free(d);
}

TEST(DiagnosticsCapiTest, OutOfRangeNullAndNewerStructsAreErrors) {
  EXPECT_EQ(flowstate_diagnostics_count(nullptr), 0u);
  flowstate_diagnostic e = FLOWSTATE_DIAGNOSTIC_INIT;
  EXPECT_EQ(flowstate_diagnostics_get(nullptr, 0, &e), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(e.message, nullptr);
  flowstate_diagnostics* d = nullptr;
  ASSERT_EQ(flowstate_diagnostics_new(&d), FLOWSTATE_OK);
  flowstate_diagnostic n = Entry(FLOWSTATE_SEVERITY_NOTE, FLOWSTATE_OK, "m");
  ASSERT_EQ(flowstate_diagnostics_add(d, &n), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_diagnostics_get(d, 1, &e), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_diagnostics_get(d, 0, nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  e.version = FLOWSTATE_DIAGNOSTIC_VERSION + 1;
  EXPECT_EQ(flowstate_diagnostics_get(d, 0, &e), FLOWSTATE_E_UNSUPPORTED_VERSION);
  n.version = FLOWSTATE_DIAGNOSTIC_VERSION + 1;
  EXPECT_EQ(flowstate_diagnostics_add(d, &n), FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_EQ(flowstate_diagnostics_count(d), 1u);
  flowstate_diagnostics_free(d);
}

TEST(DiagnosticsCapiTest, AddRejectsBadInput) {
  flowstate_diagnostics* d = nullptr;
  ASSERT_EQ(flowstate_diagnostics_new(&d), FLOWSTATE_OK);
  flowstate_diagnostic e = Entry(FLOWSTATE_SEVERITY_ERROR, 0, nullptr);
  EXPECT_EQ(flowstate_diagnostics_add(d, &e), FLOWSTATE_E_INVALID_ARGUMENT);
  e = Entry(9, 0, "m");
  EXPECT_EQ(flowstate_diagnostics_add(d, &e), FLOWSTATE_E_INVALID_ARGUMENT);
  e = Entry(FLOWSTATE_SEVERITY_NOTE, -999, "m");
  EXPECT_EQ(flowstate_diagnostics_add(d, &e), FLOWSTATE_E_INVALID_ARGUMENT);
  e = Entry(FLOWSTATE_SEVERITY_NOTE, 0, "m");
  EXPECT_EQ(flowstate_diagnostics_add(nullptr, &e), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_diagnostics_add(d, nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_diagnostics_count(d), 0u);
  flowstate_diagnostics_free(d);
}

TEST(TextPositionCapiTest, CodePointColumns) {
  const char* text = "-- \xE6\xB5\x8B\xE8\xAF\x95\nSET x";  // "-- 测试\nSET x"
  int64_t line = 0, column = 0;
  ASSERT_EQ(flowstate_text_position(&line, &column, text, 14, 9), FLOWSTATE_OK);
  EXPECT_EQ(line, 1);
  EXPECT_EQ(column, 6);
  ASSERT_EQ(flowstate_text_position(&line, &column, text, 14, 14), FLOWSTATE_OK);
  EXPECT_EQ(line, 2);
  EXPECT_EQ(column, 5);
  EXPECT_EQ(flowstate_text_position(&line, &column, text, 14, 15), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_text_position(nullptr, &column, text, 14, 1), FLOWSTATE_E_INVALID_ARGUMENT);
}

}  // namespace
