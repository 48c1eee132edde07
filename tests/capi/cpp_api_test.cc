// The header-only C++ API as a host application uses it.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "flowstate/flowstate.hpp"

namespace {

TEST(CppApiTest, VersionAndAbi) {
  EXPECT_EQ(flowstate::version(), FLOWSTATE_VERSION_STRING);
  EXPECT_TRUE(flowstate::abi_compatible());
  flowstate::Result<std::string> info = flowstate::build_info_json();
  ASSERT_TRUE(info.ok());
  EXPECT_NE(info->find("\"sqlite\""), std::string::npos);
}

TEST(CppApiTest, FailedCallBecomesStatusAndThrowsFromValue) {
  flowstate::Status s = flowstate::add_redaction_pattern("");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), flowstate::ErrorCode::invalid_argument);
  EXPECT_EQ(s.message(), "redaction pattern must not be empty");
  EXPECT_EQ(s.to_string(), "INVALID_ARGUMENT: redaction pattern must not be empty");

  flowstate::Result<int> r{s};
  try {
    (void)r.value();
    FAIL() << "value() of a failed Result must throw";
  } catch (const flowstate::Error& e) {
    EXPECT_EQ(e.code(), flowstate::ErrorCode::invalid_argument);
    EXPECT_STREQ(e.what(), "INVALID_ARGUMENT: redaction pattern must not be empty");
  }
  EXPECT_EQ(r.value_or(7), 7);
}

TEST(CppApiTest, ErrorCodesMirrorTheCValues) {
  EXPECT_EQ(static_cast<int>(flowstate::ErrorCode::conflict), FLOWSTATE_E_CONFLICT);
  EXPECT_STREQ(flowstate::error_name(flowstate::ErrorCode::busy), "BUSY");
}

TEST(CppApiTest, DiagnosticsRaii) {
  flowstate::Diagnostics d;
  ASSERT_TRUE(
      d.add(flowstate::Severity::warning, flowstate::ErrorCode::parse, "w", "f.sql", 3, 1, 4).ok());
  EXPECT_EQ(d.size(), 1u);
  EXPECT_FALSE(d.has_errors());
  std::vector<flowstate::Diagnostic> e = d.entries();
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].source, "f.sql");
  EXPECT_EQ(e[0].column, 4);
  EXPECT_EQ(d.format(), "f.sql:1:4: warning: w\n");
  flowstate::Diagnostics moved = std::move(d);
  EXPECT_EQ(moved.size(), 1u);
}

TEST(CppApiTest, LogCallbackWithLambda) {
  std::vector<std::string> got;
  ASSERT_TRUE(flowstate::set_log_callback(
                  [&](flowstate::LogLevel, std::string_view c, std::string_view m) {
                    got.push_back(std::string(c) + ":" + std::string(m));
                  },
                  flowstate::LogLevel::debug)
                  .ok());
  ASSERT_TRUE(flowstate::log_write(flowstate::LogLevel::info, "host", "password=x").ok());
  ASSERT_TRUE(flowstate::set_log_callback(nullptr).ok());
  ASSERT_TRUE(flowstate::log_write(flowstate::LogLevel::info, "host", "dropped").ok());
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], "host:password=******");
}

TEST(CppApiTest, ThrowingLogCallbackDoesNotUnwindThroughC) {
  ASSERT_TRUE(
      flowstate::set_log_callback([](flowstate::LogLevel, std::string_view, std::string_view) {
        throw std::runtime_error("host bug");
      }).ok());
  EXPECT_TRUE(flowstate::log_write(flowstate::LogLevel::error, "host", "m").ok());
  ASSERT_TRUE(flowstate::set_log_callback(nullptr).ok());
}

TEST(CppApiTest, CancelToken) {
  flowstate::CancelToken token;
  EXPECT_FALSE(token.wait_for(std::chrono::milliseconds(1)));
  std::thread t([&] { token.cancel(); });
  EXPECT_TRUE(token.wait_for(std::chrono::seconds(30)));
  t.join();
  EXPECT_TRUE(token.is_cancelled());
}

TEST(CppApiTest, RedactionHelpers) {
  EXPECT_TRUE(flowstate::is_secret_key("sink.password"));
  EXPECT_EQ(flowstate::redact_text("token: t").value(), "token: ******");
  auto patterns = flowstate::redaction_patterns();
  ASSERT_TRUE(patterns.ok());
  EXPECT_EQ(patterns->front(), "*password*");
}

TEST(CppApiTest, TextPosition) {
  auto pos = flowstate::text_position("a\nbc", 3);
  ASSERT_TRUE(pos.ok());
  EXPECT_EQ(pos->line, 2);
  EXPECT_EQ(pos->column, 2);
  EXPECT_EQ(flowstate::text_position("a", 5).status().code(),
            flowstate::ErrorCode::invalid_argument);
}

}  // namespace
