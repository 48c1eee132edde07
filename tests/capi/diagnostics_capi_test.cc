#include <gtest/gtest.h>

#include <string>

#include "flowstate/flowstate.h"

namespace {

TEST(DiagnosticsCapiTest, AddAndReadBack) {
  flowstate_diagnostics* d = nullptr;
  ASSERT_EQ(flowstate_diagnostics_new(&d), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_diagnostics_count(d), 0u);
  ASSERT_EQ(flowstate_diagnostics_add(d, FLOWSTATE_SEVERITY_ERROR, FLOWSTATE_E_PARSE,
                                      "unterminated string", "job.sql", 12, 2, 5, nullptr, 0),
            FLOWSTATE_OK);
  ASSERT_EQ(flowstate_diagnostics_add(d, FLOWSTATE_SEVERITY_WARNING, FLOWSTATE_E_REMOTE, "slow",
                                      nullptr, -1, -1, -1, "http://jm:8081/jobs", 503),
            FLOWSTATE_OK);
  EXPECT_EQ(flowstate_diagnostics_count(d), 2u);
  EXPECT_EQ(flowstate_diagnostics_error_count(d), 1u);
  EXPECT_EQ(flowstate_diagnostics_severity(d, 0), FLOWSTATE_SEVERITY_ERROR);
  EXPECT_EQ(flowstate_diagnostics_code(d, 0), FLOWSTATE_E_PARSE);
  EXPECT_STREQ(flowstate_diagnostics_message(d, 0), "unterminated string");
  EXPECT_STREQ(flowstate_diagnostics_source(d, 0), "job.sql");
  EXPECT_EQ(flowstate_diagnostics_offset(d, 0), 12);
  EXPECT_EQ(flowstate_diagnostics_line(d, 0), 2);
  EXPECT_EQ(flowstate_diagnostics_column(d, 0), 5);
  EXPECT_EQ(flowstate_diagnostics_path(d, 0), nullptr);
  EXPECT_EQ(flowstate_diagnostics_source(d, 1), nullptr);
  EXPECT_STREQ(flowstate_diagnostics_path(d, 1), "http://jm:8081/jobs");
  EXPECT_EQ(flowstate_diagnostics_http_status(d, 1), 503);
  EXPECT_EQ(flowstate_diagnostics_line(d, 1), -1);

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

TEST(DiagnosticsCapiTest, OutOfRangeAndNullGiveNotKnownValues) {
  EXPECT_EQ(flowstate_diagnostics_count(nullptr), 0u);
  EXPECT_EQ(flowstate_diagnostics_message(nullptr, 0), nullptr);
  EXPECT_EQ(flowstate_diagnostics_offset(nullptr, 3), -1);
  EXPECT_EQ(flowstate_diagnostics_http_status(nullptr, 3), 0);
}

TEST(DiagnosticsCapiTest, AddRejectsBadInput) {
  flowstate_diagnostics* d = nullptr;
  ASSERT_EQ(flowstate_diagnostics_new(&d), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_diagnostics_add(d, FLOWSTATE_SEVERITY_ERROR, 0, nullptr, nullptr, -1, -1, -1,
                                      nullptr, 0),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_diagnostics_add(d, 9, 0, "m", nullptr, -1, -1, -1, nullptr, 0),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_diagnostics_add(d, FLOWSTATE_SEVERITY_NOTE, -999, "m", nullptr, -1, -1, -1,
                                      nullptr, 0),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_diagnostics_add(nullptr, FLOWSTATE_SEVERITY_NOTE, 0, "m", nullptr, -1, -1, -1,
                                      nullptr, 0),
            FLOWSTATE_E_INVALID_ARGUMENT);
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
