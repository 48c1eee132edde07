// The seed field report's scripts (../shared/seeds/000_...): as written, and as the page
// flattened them.
#include <gtest/gtest.h>

#include "sql/lint.h"
#include "sql/script.h"
#include "sql_test_util.h"

namespace flowstate::core::sql {
namespace {

using ::testing::ElementsAre;

class SeedScriptTest : public ::testing::TestWithParam<const char*> {};

TEST_P(SeedScriptTest, WrittenFormReadsAsTwentyOneSetsAndOneCdcSource) {
  std::string text = testing::DataFile(GetParam());
  Script s = Script::Parse(text);
  ASSERT_EQ(s.size(), 22u);
  for (size_t i = 0; i < 21; ++i) EXPECT_EQ(s[i].kind, StatementKind::kSet) << i;
  EXPECT_EQ(s[21].kind, StatementKind::kExecuteCdcSource);
  EXPECT_TRUE(s[21].has(kFlagUnterminated)) << "the seed's last statement has no ';'";
  EXPECT_TRUE(s.diagnostics().empty());

  // The commented-out statement is not a statement: line 18 is skipped.
  EXPECT_EQ(s[15].begin_line, 17u);
  EXPECT_EQ(s[16].begin_line, 19u);
  EXPECT_EQ(s.RawText(16), "SET jobmanager.memory.process.size = 1600m");

  // Every SET reads to a key and value; the seed's spacing quirks included.
  std::vector<std::pair<std::string, std::string>> kv;
  for (size_t i = 0; i < 21; ++i) {
    SetStatement set = s.ReadSet(i, nullptr);
    ASSERT_TRUE(set.valid);
    kv.emplace_back(set.key, set.value);
  }
  EXPECT_EQ(kv[5],
            std::make_pair(std::string("execution.checkpointing.timeout"), std::string("600000")));
  EXPECT_EQ(kv[12], std::make_pair(std::string("restart-strategy.fixed-delay.attempts"),
                                   std::string("10")));
  EXPECT_EQ(kv[19], std::make_pair(std::string("taskmanager.numberOfTaskSlots"), std::string("1")));
  EXPECT_EQ(kv[20], std::make_pair(std::string("yarn.application.queue"), std::string("default")));

  // The password never shows in redacted text.
  EXPECT_EQ(s.RedactedText(21).find("000000"), std::string::npos);
  EXPECT_NE(s.RedactedText(21).find("'password' = '******'"), std::string::npos);
  EXPECT_NE(s.RawText(21).find("'password' = '000000'"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(BothDatabases, SeedScriptTest,
                         ::testing::Values("seed_emp_1.sql", "seed_emp_2.sql"));

std::string SeedPage() {
  return testing::ReadFile(std::string(FLOWSTATE_SHARED_DIR) + "/seeds/000_5a00d87ea15e69d9.txt");
}

TEST(SeedPageTest, FlattenedEmp1ScriptIsOneComment) {
  std::string page = SeedPage();
  if (page.empty()) GTEST_SKIP() << "the seed documents are not beside the checkout";
  size_t b = page.find("-- 测试参数");
  Script s = Script::Parse(page.substr(b, page.find('\n', b) - b));
  EXPECT_EQ(s.size(), 0u);
}

TEST(SeedPageTest, FlattenedEmp2LineReadsTheMysqlDdlThenHidesTheRest) {
  std::string page = SeedPage();
  if (page.empty()) GTEST_SKIP() << "the seed documents are not beside the checkout";
  size_t b = page.find("create database emp_2");
  Script s = Script::Parse(page.substr(b, page.find('\n', b) - b));
  std::vector<std::string> kinds = testing::Kinds(s);
  EXPECT_THAT(kinds, ElementsAre("CREATE_DATABASE", "USE", "CREATE_TABLE"));
  EXPECT_EQ(s.Name(2), "`employees_2`");
  Diagnostics d;
  LintScript(s, {}, &d);
  bool hidden = false;
  for (const Diagnostic& e : d.entries())
    hidden = hidden || e.message.find("hides 21 statements") != std::string::npos;
  EXPECT_TRUE(hidden) << d.ToString();
}

TEST(SeedPageTest, TheWholePageNeverCrashesTheReader) {
  std::string page = SeedPage();
  if (page.empty()) GTEST_SKIP() << "the seed documents are not beside the checkout";
  Script s = Script::Parse(page);
  Diagnostics d;
  LintScript(s, {}, &d);
  for (size_t i = 0; i < s.size(); ++i) ASSERT_LE(s[i].end, page.size());
}

}  // namespace
}  // namespace flowstate::core::sql
