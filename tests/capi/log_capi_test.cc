#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flowstate/flowstate.h"

namespace {

struct Sink {
  std::vector<std::string> lines;
};

void Collect(void* user, flowstate_log_level level, const char* component, const char* message) {
  static_cast<Sink*>(user)->lines.push_back(
      std::string(flowstate_enum_name(FLOWSTATE_ENUM_LOG_LEVEL, level)) + "|" + component + "|" +
      message);
}

class LogCapiTest : public ::testing::Test {
 protected:
  void TearDown() override {
    flowstate_log_set_callback(nullptr, nullptr, FLOWSTATE_LOG_INFO);
    flowstate_redact_reset_patterns();
  }
};

TEST_F(LogCapiTest, CallbackReceivesLibraryMessages) {
  Sink sink;
  ASSERT_EQ(flowstate_log_set_callback(&Collect, &sink, FLOWSTATE_LOG_INFO), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_redact_add_pattern("*.pin"), FLOWSTATE_OK);  // the library logs this
  ASSERT_EQ(sink.lines.size(), 1u);
  EXPECT_EQ(sink.lines[0], "info|redact|redaction pattern added: *.pin");
}

TEST_F(LogCapiTest, WriteGoesThroughRedactionAndLevel) {
  Sink sink;
  ASSERT_EQ(flowstate_log_set_callback(&Collect, &sink, FLOWSTATE_LOG_WARN), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_log_write(FLOWSTATE_LOG_INFO, "host", "below the level"), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_log_write(FLOWSTATE_LOG_ERROR, "host", "token=abc"), FLOWSTATE_OK);
  ASSERT_EQ(sink.lines.size(), 1u);
  EXPECT_EQ(sink.lines[0], "error|host|token=******");
  ASSERT_EQ(flowstate_log_set_level(FLOWSTATE_LOG_TRACE), FLOWSTATE_OK);
  EXPECT_EQ(flowstate_log_write(FLOWSTATE_LOG_TRACE, "host", "t"), FLOWSTATE_OK);
  EXPECT_EQ(sink.lines.size(), 2u);
}

TEST_F(LogCapiTest, RemovedCallbackIsNotCalled) {
  Sink sink;
  ASSERT_EQ(flowstate_log_set_callback(&Collect, &sink, FLOWSTATE_LOG_TRACE), FLOWSTATE_OK);
  ASSERT_EQ(flowstate_log_set_callback(nullptr, nullptr, FLOWSTATE_LOG_TRACE), FLOWSTATE_OK);
  flowstate_log_write(FLOWSTATE_LOG_ERROR, "host", "dropped");
  EXPECT_TRUE(sink.lines.empty());
}

TEST_F(LogCapiTest, BadArgumentsAreRejected) {
  EXPECT_EQ(flowstate_log_set_callback(&Collect, nullptr, 17), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_log_write(FLOWSTATE_LOG_OFF, "c", "m"), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_log_write(FLOWSTATE_LOG_INFO, nullptr, "m"), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_enum_name(FLOWSTATE_ENUM_LOG_LEVEL, 17), nullptr);
  EXPECT_STREQ(flowstate_enum_name(FLOWSTATE_ENUM_LOG_LEVEL, FLOWSTATE_LOG_WARN), "warn");
}

}  // namespace
