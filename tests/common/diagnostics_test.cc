#include "common/diagnostics.h"

#include <gtest/gtest.h>

namespace flowstate::core {
namespace {

TEST(DiagnosticsTest, AddAtComputesLineAndColumn) {
  std::string_view text = "SET a = 1;\nSET 'b = 2;";
  Diagnostics d;
  d.AddAt(Severity::kError, Code::kParse, "unterminated string literal", "job.sql", text, 15, 22);
  ASSERT_EQ(d.size(), 1u);
  const Diagnostic& e = d.entries()[0];
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 5);
  EXPECT_EQ(e.offset, 15);
  EXPECT_EQ(e.end_offset, 22);
  EXPECT_EQ(e.ToString(), "job.sql:2:5: error: unterminated string literal");
}

TEST(DiagnosticsTest, IndexedAndScannedPositionsAgree) {
  std::string_view text = "a\nbb\nccc";
  LineIndex index(text);
  Diagnostics a, b;
  a.AddAt(Severity::kWarning, Code::kParse, "w", "s", text, 6, 7);
  b.AddAt(Severity::kWarning, Code::kParse, "w", "s", index, 6, 7);
  EXPECT_EQ(a.entries()[0].line, b.entries()[0].line);
  EXPECT_EQ(a.entries()[0].column, b.entries()[0].column);
}

TEST(DiagnosticsTest, ToStringUsesWhatIsKnown) {
  Diagnostic d;
  d.message = "no such file";
  d.path = "hdfs://nn:8020/flink/cp/_metadata";
  d.http_status = 404;
  d.code = Code::kNotFound;
  EXPECT_EQ(d.ToString(), "hdfs://nn:8020/flink/cp/_metadata (HTTP 404): error: no such file");
  Diagnostic bare;
  bare.severity = Severity::kNote;
  bare.message = "m";
  EXPECT_EQ(bare.ToString(), "note: m");
}

TEST(DiagnosticsTest, ToStatusReportsFirstErrorAndCount) {
  Diagnostics d;
  EXPECT_TRUE(d.ToStatus().ok());
  d.Warning(Code::kParse, "only a warning");
  EXPECT_TRUE(d.ToStatus().ok());
  EXPECT_FALSE(d.has_errors());
  d.AddAt(Severity::kError, Code::kParse, "first", "f", "xx", 1, 2);
  d.Error(Code::kInvalidArgument, "second");
  Status s = d.ToStatus();
  EXPECT_EQ(s.code(), Code::kParse);
  EXPECT_EQ(s.message(), "f:1:2: error: first (and 1 more errors)");
  EXPECT_EQ(d.error_count(), 2u);
}

TEST(DiagnosticsTest, AppendKeepsOrder) {
  Diagnostics a, b;
  a.Error(Code::kParse, "1");
  b.Error(Code::kParse, "2");
  a.Append(b);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a.entries()[1].message, "2");
}

}  // namespace
}  // namespace flowstate::core
