#include <gtest/gtest.h>

#include <string>

#include "flowstate/flowstate.h"

namespace {

std::string Redact(const std::string& in) {
  char* out = nullptr;
  EXPECT_EQ(flowstate_redact_text(&out, in.data(), in.size()), FLOWSTATE_OK);
  std::string s(out);
  flowstate_string_free(out);
  return s;
}

TEST(RedactCapiTest, SeedCdcOptionsLoseThePassword) {
  EXPECT_EQ(Redact("'username' = 'root','password' = '000000'"),
            "'username' = 'root','password' = '" FLOWSTATE_REDACTED "'");
  EXPECT_EQ(flowstate_redact_is_secret_key("password"), 1);
  EXPECT_EQ(flowstate_redact_is_secret_key("hostname"), 0);
  EXPECT_EQ(flowstate_redact_is_secret_key(nullptr), 0);
}

TEST(RedactCapiTest, ArgumentsAreHiddenAndProseIsKept) {
  EXPECT_EQ(Redact("--password 000000 --port 3306"),
            "--password " FLOWSTATE_REDACTED " --port 3306");
  EXPECT_EQ(Redact("unknown key no.such.key: Flink passes it through"),
            "unknown key no.such.key: Flink passes it through");
  EXPECT_EQ(flowstate_redact_is_secret_key("kv.key"), 0);
  EXPECT_EQ(flowstate_redact_is_secret_key("fs.azure.account.key"), 1);
}

TEST(RedactCapiTest, EmbeddedNulIsPartOfTheText) {
  std::string in("a\0token=x", 9);
  char* out = nullptr;
  ASSERT_EQ(flowstate_redact_text(&out, in.data(), in.size()), FLOWSTATE_OK);
  EXPECT_STREQ(out, "a");  // C string view stops at the NUL; the copy kept the rest
  EXPECT_EQ(std::string(out + 2), "token=******");
  flowstate_string_free(out);
}

TEST(RedactCapiTest, PatternManagement) {
  ASSERT_EQ(flowstate_redact_add_pattern("*.pin"), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_redact_is_secret_key("doris.pin"), 1);
  char* list = nullptr;
  ASSERT_EQ(flowstate_redact_patterns(&list), FLOWSTATE_OK);
  EXPECT_NE(std::string(list).find("*.pin"), std::string::npos);
  flowstate_string_free(list);
  EXPECT_EQ(flowstate_redact_remove_pattern("*nope*"), FLOWSTATE_E_NOT_FOUND);
  EXPECT_EQ(flowstate_redact_remove_pattern(nullptr), FLOWSTATE_E_INVALID_ARGUMENT);
  flowstate_redact_reset_patterns();
  EXPECT_EQ(flowstate_redact_is_secret_key("doris.pin"), 0);
}

}  // namespace
