#include "sql/cdc_source.h"

#include <gtest/gtest.h>

#include "sql/script.h"
#include "sql_test_util.h"

namespace flowstate::core::sql {
namespace {

using testing::Messages;

TEST(CdcSourceTest, SeedStatement) {
  Script s = Script::Parse(testing::DataFile("seed_emp_2.sql"));
  Diagnostics d;
  CdcSource c = s.ReadCdcSource(s.size() - 1, &d);
  EXPECT_TRUE(d.empty()) << d.ToString();
  EXPECT_EQ(c.name, "dinkySource_mysqlCDC_to_Doris");
  EXPECT_EQ(c.connector, "mysql-cdc");
  EXPECT_EQ(c.hostname, "hadoop102");
  EXPECT_EQ(c.port, 3306);
  EXPECT_EQ(c.username, "root");
  EXPECT_EQ(c.password, "000000");
  EXPECT_EQ(c.checkpoint, 3000);
  EXPECT_EQ(c.parallelism, 1);
  EXPECT_EQ(c.scan_startup_mode, "initial");
  EXPECT_EQ(c.tables, std::vector<std::string>{"emp_2\\.employees_[0-9]+"});
  EXPECT_FALSE(c.database_name.has_value());
  EXPECT_FALSE(c.schema_name.has_value());
  ASSERT_EQ(c.sink.size(), 1u);
  EXPECT_EQ(c.sink[0], std::make_pair(std::string("connector"), std::string("print")));
}

TEST(CdcSourceTest, OptionGroupsAndMultipleSinks) {
  Script s = Script::Parse(
      "EXECUTE CDCSOURCE `all db` WITH ('connector'='mysql-cdc','hostname'='h','port'='3306',"
      "'username'='u','password'='p','database-name'='db','schema-name'='public',"
      "'table-name'='db\\.a,db\\.b_[0-9]+','debezium.snapshot.mode'='initial',"
      "'source.server-time-zone'='UTC','jdbc.properties.useSSL'='false','split.enable'='true',"
      "'sink[0].connector'='kafka','sink[0].topic'='t','sink[1].connector'='doris',"
      "'sink[1].fenodes'='fe:8030')");
  Diagnostics d;
  CdcSource c = s.ReadCdcSource(0, &d);
  EXPECT_TRUE(d.empty()) << d.ToString();
  EXPECT_EQ(c.name, "all db");
  EXPECT_EQ(c.tables, (std::vector<std::string>{"db\\.a", "db\\.b_[0-9]+"}));
  EXPECT_EQ(c.debezium.at(0).first, "snapshot.mode");
  EXPECT_EQ(c.source.at(0).first, "server-time-zone");
  EXPECT_EQ(c.jdbc_properties.at(0).first, "useSSL");
  EXPECT_EQ(c.split.at(0).second, "true");
  ASSERT_EQ(c.sinks.size(), 2u);
  EXPECT_EQ(c.sinks.at("1").at(1).first, "fenodes");
  EXPECT_FALSE(c.checkpoint.has_value());
  EXPECT_FALSE(c.parallelism.has_value());
}

TEST(CdcSourceTest, NumbersThatAreNotNumbersAreErrorsWithPosition) {
  Script s = Script::Parse(
      "EXECUTE CDCSOURCE j WITH ('connector'='mysql-cdc','hostname'='h','port'='33o6',\n"
      "'username'='u','password'='p','checkpoint'='-5','parallelism'='1.5','sink.connector'='print'"
      ")");
  Diagnostics d;
  CdcSource c = s.ReadCdcSource(0, &d);
  EXPECT_FALSE(c.port.has_value());
  EXPECT_FALSE(c.checkpoint.has_value());
  EXPECT_THAT(
      Messages(d),
      ::testing::ElementsAre(
          "<script>:1:73: error: CDCSOURCE option 'port' must be a whole number, found '33o6'",
          "<script>:2:44: error: CDCSOURCE option 'checkpoint' must be positive, found -5",
          "<script>:2:63: error: CDCSOURCE option 'parallelism' must be a whole number, found "
          "'1.5'"));
}

TEST(CdcSourceTest, MissingRequiredOptions) {
  Script s = Script::Parse("EXECUTE CDCSOURCE j WITH ('connector'='mysql-cdc')");
  Diagnostics d;
  s.ReadCdcSource(0, &d);
  EXPECT_THAT(Messages(d), ::testing::ElementsAre(
                               "<script>:1:1: error: EXECUTE CDCSOURCE needs option 'hostname'",
                               "<script>:1:1: error: EXECUTE CDCSOURCE needs option 'port'",
                               "<script>:1:1: error: EXECUTE CDCSOURCE needs option 'username'",
                               "<script>:1:1: error: EXECUTE CDCSOURCE needs option 'password'",
                               "<script>:1:1: error: EXECUTE CDCSOURCE needs 'sink.connector' (or "
                               "'sink[0].connector')"));
  Script none = Script::Parse("EXECUTE CDCSOURCE j");
  Diagnostics d2;
  none.ReadCdcSource(0, &d2);
  EXPECT_THAT(Messages(d2),
              ::testing::ElementsAre(
                  "<script>:1:1: error: EXECUTE CDCSOURCE needs a WITH (...) option list"));
}

}  // namespace
}  // namespace flowstate::core::sql
