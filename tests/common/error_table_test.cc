// The error table is defined three times on purpose, for three audiences: the C header
// (include/flowstate/error.h), the core's table (src/common/error_table.inc) and Python
// (tests/python checks that side). These tests fail when the first two disagree.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "common/status.h"

namespace flowstate::core {
namespace {

std::map<std::string, int> HeaderCodes() {
  std::ifstream in(std::string(FLOWSTATE_SOURCE_DIR) + "/include/flowstate/error.h");
  std::stringstream text;
  text << in.rdbuf();
  std::map<std::string, int> codes;
  std::regex row(R"(FLOWSTATE_(OK|E_[A-Z_]+)\s*=\s*(-?\d+))");
  std::string s = text.str();
  for (auto it = std::sregex_iterator(s.begin(), s.end(), row); it != std::sregex_iterator();
       ++it) {
    std::string name = (*it)[1];
    if (name.rfind("E_", 0) == 0) name = name.substr(2);
    codes[name] = std::stoi((*it)[2]);
  }
  return codes;
}

TEST(ErrorTableTest, HeaderAndCoreTableDefineTheSameCodes) {
  std::map<std::string, int> header = HeaderCodes();
  ASSERT_GE(header.size(), 19u) << "could not read include/flowstate/error.h";
  std::map<std::string, int> table;
  for (size_t i = 0; i < CodeCount(); ++i) table[CodeName(CodeAt(i))] = CodeAt(i);
  EXPECT_EQ(header, table);
}

TEST(ErrorTableTest, CodesAreZeroThenConsecutiveNegatives) {
  ASSERT_EQ(CodeAt(0), 0);
  for (size_t i = 1; i < CodeCount(); ++i) EXPECT_EQ(CodeAt(i), -static_cast<int>(i));
}

TEST(ErrorTableTest, EveryCodeHasADistinctExitCode) {
  std::set<int> seen;
  for (size_t i = 0; i < CodeCount(); ++i) {
    int code = CodeAt(i);
    int exit_code = CodeExitCode(code);
    EXPECT_TRUE(seen.insert(exit_code).second) << CodeName(code) << " reuses exit " << exit_code;
    if (code == 0) {
      EXPECT_EQ(exit_code, 0);
    } else {
      EXPECT_GT(exit_code, 1) << "exit 1 means 'problems found', not a failure: " << CodeName(code);
      EXPECT_LT(exit_code, 256);
    }
    EXPECT_STRNE(CodeDescription(code), "unknown error code");
  }
  EXPECT_EQ(CodeExitCode(static_cast<int>(Code::kInvalidArgument)), 2) << "usage errors exit 2";
}

TEST(ErrorTableTest, UnknownCodesAreNamedAsSuch) {
  EXPECT_STREQ(CodeName(-999), "UNKNOWN");
  EXPECT_STREQ(CodeDescription(5), "unknown error code");
  EXPECT_EQ(CodeExitCode(-999), CodeExitCode(static_cast<int>(Code::kInternal)));
  EXPECT_FALSE(IsKnownCode(-999));
  EXPECT_TRUE(IsKnownCode(-4));
}

}  // namespace
}  // namespace flowstate::core
