// The seed field report's scripts: as written (seed_emp_*.sql), and as the web page
// flattened them onto single lines (seed_page_flattened_emp_*.sql, copied byte for byte).
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

TEST(SeedPageTest, FlattenedEmp1ScriptIsOneComment) {
  Script s = Script::Parse(testing::DataFile("seed_page_flattened_emp_1.sql"));
  EXPECT_EQ(s.size(), 0u);
}

TEST(SeedPageTest, FlattenedEmp2LineReadsTheMysqlDdlThenHidesTheRest) {
  Script s = Script::Parse(testing::DataFile("seed_page_flattened_emp_2.sql"));
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

TEST(SeedPageTest, ThePagesPiecesTogetherNeverCrashTheReader) {
  // As the page runs: the flattened lines between the scripts as written, with no separator.
  const std::string page =
      testing::DataFile("seed_page_flattened_emp_1.sql") + testing::DataFile("seed_emp_1.sql") +
      testing::DataFile("seed_page_flattened_emp_2.sql") + testing::DataFile("seed_emp_2.sql");
  Script s = Script::Parse(page);
  Diagnostics d;
  LintScript(s, {}, &d);
  for (size_t i = 0; i < s.size(); ++i) ASSERT_LE(s[i].end, page.size());
}

}  // namespace
}  // namespace flowstate::core::sql
