#include "common/status.h"

#include <gtest/gtest.h>

#include <string>

namespace flowstate::core {
namespace {

TEST(StatusTest, OkHasNoMessageAndPrintsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), Code::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, FactoriesCarryCodeAndMessage) {
  Status s = Status::NotFound("job 'orders' not found");
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(s.Is(Code::kNotFound));
  EXPECT_EQ(s.message(), "job 'orders' not found");
  EXPECT_EQ(s.ToString(), "NOT_FOUND: job 'orders' not found");
  EXPECT_EQ(Status::Busy("x").code(), Code::kBusy);
  EXPECT_EQ(Status::Corrupt("x").code(), Code::kCorrupt);
  EXPECT_EQ(Status::Timeout("x").code(), Code::kTimeout);
}

TEST(StatusTest, WithContextKeepsCodeAndPrefixesMessage) {
  Status s = Status::Io("permission bits").WithContext("reading /data/_metadata");
  EXPECT_EQ(s.code(), Code::kIo);
  EXPECT_EQ(s.message(), "reading /data/_metadata: permission bits");
  EXPECT_TRUE(Status().WithContext("ignored").ok());
}

TEST(StatusTest, StatusWithOkCodeIsOk) { EXPECT_TRUE(Status(Code::kOk, "ignored").ok()); }

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidArgument("odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  FS_ASSIGN_OR_RETURN(int half, Half(x));
  FS_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int x) {
  FS_RETURN_IF_ERROR(Half(x).status());
  return Status::Ok();
}

TEST(ResultTest, ValueOrStatus) {
  Result<int> r = Half(4);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 2);
  Result<int> bad = Half(3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::kInvalidArgument);
}

TEST(ResultTest, MacrosPropagateFirstFailure) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().message(), "odd");
  EXPECT_TRUE(CheckEven(2).ok());
  EXPECT_EQ(CheckEven(1).code(), Code::kInvalidArgument);
}

TEST(ResultTest, ConstructingFromOkStatusIsAnInternalError) {
  Result<std::string> r{Status::Ok()};
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInternal);
}

}  // namespace
}  // namespace flowstate::core
