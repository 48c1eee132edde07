#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "flowstate/flowstate.h"

namespace {

TEST(VersionCapiTest, RuntimeMatchesCompileTime) {
  EXPECT_STREQ(flowstate_version(), FLOWSTATE_VERSION_STRING);
  EXPECT_EQ(flowstate_version_number(), FLOWSTATE_VERSION_NUMBER);
  EXPECT_EQ(FLOWSTATE_VERSION_NUMBER, FLOWSTATE_VERSION_MAJOR * 10000 +
                                          FLOWSTATE_VERSION_MINOR * 100 + FLOWSTATE_VERSION_PATCH);
}

TEST(ErrorCapiTest, FailedCallSetsLastErrorOnThisThreadOnly) {
  flowstate_error_clear();
  EXPECT_EQ(flowstate_error_last_code(), FLOWSTATE_OK);
  EXPECT_STREQ(flowstate_error_last_message(), "");
  ASSERT_EQ(flowstate_redact_add_pattern(""), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_error_last_code(), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_STREQ(flowstate_error_last_message(), "redaction pattern must not be empty");

  std::thread other([] { EXPECT_EQ(flowstate_error_last_code(), FLOWSTATE_OK); });
  other.join();

  // A later successful call leaves the last error alone; clear() resets it.
  char* s = nullptr;
  ASSERT_EQ(flowstate_redact_patterns(&s), FLOWSTATE_OK);
  flowstate_string_free(s);
  EXPECT_EQ(flowstate_error_last_code(), FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_error_clear();
  EXPECT_EQ(flowstate_error_last_code(), FLOWSTATE_OK);
}

TEST(ErrorCapiTest, NullOutParametersAreInvalidArguments) {
  EXPECT_EQ(flowstate_diagnostics_new(nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_STREQ(flowstate_error_last_message(), "out must not be NULL");
  EXPECT_EQ(flowstate_cancel_token_new(nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_build_info_json(nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_redact_text(nullptr, "x", 1), FLOWSTATE_E_INVALID_ARGUMENT);
  char* out = reinterpret_cast<char*>(0x1);
  EXPECT_EQ(flowstate_redact_text(&out, nullptr, 3), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(out, nullptr) << "*out is NULL after a failure";
}

TEST(ErrorCapiTest, FreeFunctionsAcceptNull) {
  flowstate_string_free(nullptr);
  flowstate_diagnostics_free(nullptr);
  flowstate_cancel_token_free(nullptr);
}

TEST(ErrorCapiTest, TableQueries) {
  ASSERT_EQ(flowstate_error_code_count(), 19u);
  EXPECT_EQ(flowstate_error_code_at(0), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_error_code_at(18), FLOWSTATE_E_CONFLICT);
  EXPECT_EQ(flowstate_error_code_at(19), 1) << "out of range: a value no code has";
  EXPECT_STREQ(flowstate_error_name(FLOWSTATE_E_NOT_FOUND), "NOT_FOUND");
  EXPECT_STREQ(flowstate_error_name(42), "UNKNOWN");
  EXPECT_EQ(flowstate_error_exit_code(FLOWSTATE_OK), 0);
  EXPECT_EQ(flowstate_error_exit_code(FLOWSTATE_E_INVALID_ARGUMENT), 2);
  EXPECT_EQ(flowstate_error_exit_code(FLOWSTATE_E_NOT_FOUND), 4);
  EXPECT_EQ(flowstate_error_exit_code(FLOWSTATE_E_CANCELLED), 130);
  EXPECT_EQ(flowstate_error_exit_code(FLOWSTATE_E_INTERNAL), 70);
  EXPECT_STREQ(flowstate_error_description(FLOWSTATE_E_BUSY), "resource busy");
}

TEST(BuildInfoCapiTest, ReportsLinkedDependencies) {
  char* json = nullptr;
  ASSERT_EQ(flowstate_build_info_json(&json), FLOWSTATE_OK);
  std::string s(json);
  flowstate_string_free(json);
  for (const char* key : {"\"flowstate\"", "\"curl\"", "\"sqlite\"", "\"compile_options\"",
                          "\"rapidjson\"", "\"abseil\"", "\"ssl\"", "\"protocols\""}) {
    EXPECT_NE(s.find(key), std::string::npos) << key;
  }
  EXPECT_NE(s.find(std::string("\"version\":\"") + FLOWSTATE_VERSION_STRING + "\""),
            std::string::npos);
}

}  // namespace
