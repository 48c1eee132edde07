#include "sql/set_statement.h"

#include <gtest/gtest.h>

#include "sql/script.h"
#include "sql_test_util.h"

namespace flowstate::core::sql {
namespace {

struct SetCase {
  const char* sql;
  bool has_key;
  const char* key;
  const char* value;
};

class SetFormsTest : public ::testing::TestWithParam<SetCase> {};

TEST_P(SetFormsTest, KeyAndValue) {
  const SetCase& c = GetParam();
  Script s = Script::Parse(c.sql);
  ASSERT_EQ(s.size(), 1u);
  Diagnostics d;
  SetStatement set = s.ReadSet(0, &d);
  EXPECT_TRUE(d.empty()) << d.ToString();
  EXPECT_TRUE(set.valid);
  EXPECT_EQ(set.has_key, c.has_key);
  EXPECT_EQ(set.key, c.key);
  EXPECT_EQ(set.value, c.value);
}

INSTANTIATE_TEST_SUITE_P(
    Forms, SetFormsTest,
    ::testing::Values(
        SetCase{"SET", false, "", ""}, SetCase{"SET a.b = 1", true, "a.b", "1"},
        SetCase{"SET 'a.b' = '1'", true, "a.b", "1"}, SetCase{"SET 'a.b = 1'", true, "a.b", "1"},
        SetCase{"SET a.b=1 ;", true, "a.b", "1"},
        SetCase{"SET execution.checkpointing.timeout =600000;", true,
                "execution.checkpointing.timeout", "600000"},
        SetCase{"SET yarn.application.queue= default;", true, "yarn.application.queue", "default"},
        SetCase{"SET table.local-time-zone = Asia/Shanghai", true, "table.local-time-zone",
                "Asia/Shanghai"},
        SetCase{"SET restart-strategy.fixed-delay.delay = 20s", true,
                "restart-strategy.fixed-delay.delay", "20s"},
        SetCase{"SET jobmanager.memory.process.size = 1600m", true,
                "jobmanager.memory.process.size", "1600m"},
        SetCase{"SET 'execution.checkpointing.interval' = '1 min'", true,
                "execution.checkpointing.interval", "1 min"},
        SetCase{"SET pipeline.name = my job name", true, "pipeline.name", "my job name"},
        SetCase{"SET 'k' = 'it''s'", true, "k", "it's"}, SetCase{"SET 'k' = ''", true, "k", ""},
        SetCase{"SET 'k' = a=b", true, "k", "a=b"}, SetCase{"RESET", false, "", ""},
        SetCase{"RESET 'a.b'", true, "a.b", ""}, SetCase{"RESET a.b", true, "a.b", ""}));

TEST(SetStatementTest, PositionsOfKeyAndValue) {
  Script s = Script::Parse("-- x\nSET  'a.b' = 'c'");
  SetStatement set = s.ReadSet(0, nullptr);
  EXPECT_EQ(s.text().substr(set.key_begin, set.key_end - set.key_begin), "'a.b'");
  EXPECT_EQ(s.text().substr(set.value_begin, set.value_end - set.value_begin), "'c'");
}

TEST(SetStatementTest, MalformedFormsAreErrorsWithPositions) {
  struct Bad {
    const char* sql;
    const char* message;
  } cases[] = {
      {"SET = 1", "<script>:1:5: error: SET without a key: write SET 'key' = 'value'"},
      {"SET a.b", "<script>:1:5: error: expected '=' in SET: write SET key = value (found 'a.b')"},
      {"SET 'a.b'", "<script>:1:5: error: SET 'a.b' has no value: write SET 'key' = 'value'"},
      {"SET 'a' 'b'", "<script>:1:9: error: expected '=' after the key of SET, found ''b''"},
      {"SET a =", "<script>:1:8: error: SET 'a' without a value"},
      {"SET my key = 1", "<script>:1:5: error: configuration key 'my key' contains whitespace"},
  };
  for (const Bad& b : cases) {
    Script s = Script::Parse(b.sql);
    Diagnostics d;
    SetStatement set = s.ReadSet(0, &d);
    EXPECT_FALSE(set.valid) << b.sql;
    ASSERT_EQ(d.size(), 1u) << b.sql << ": " << d.ToString();
    EXPECT_EQ(d.entries()[0].ToString(), b.message);
  }
}

}  // namespace
}  // namespace flowstate::core::sql
