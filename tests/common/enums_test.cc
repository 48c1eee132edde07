#include "common/enums.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/diagnostics.h"
#include "common/log.h"

namespace flowstate::core {
namespace {

TEST(EnumsTest, EveryEnumerationHasUniqueValuesNamesAndConstants) {
  ASSERT_EQ(EnumTypeCount(), static_cast<size_t>(enum_type::kCount));
  std::set<std::string> ids, prefixes;
  for (int t = 0; t < static_cast<int>(EnumTypeCount()); ++t) {
    const EnumTypeInfo* info = EnumType(t);
    ASSERT_NE(info, nullptr);
    EXPECT_TRUE(ids.insert(info->id).second) << info->id;
    EXPECT_TRUE(prefixes.insert(info->prefix).second) << info->prefix;
    EXPECT_GT(info->count, 0u) << info->id;
    EXPECT_STRNE(info->doc, "") << info->id;
    std::set<int> values;
    std::set<std::string> names, constants;
    for (size_t i = 0; i < info->count; ++i) {
      const EnumValueInfo& v = info->values[i];
      EXPECT_TRUE(values.insert(v.value).second) << info->id << " " << v.value;
      EXPECT_TRUE(names.insert(v.name).second) << info->id << " " << v.name;
      EXPECT_TRUE(constants.insert(v.constant).second) << info->id << " " << v.constant;
      // Every value reads back from its name and from its constant, in any case.
      EXPECT_EQ(EnumParse(t, v.name), v.value) << info->id << " " << v.name;
      EXPECT_EQ(EnumParse(t, v.constant), v.value) << info->id << " " << v.constant;
      EXPECT_STREQ(EnumName(t, v.value), v.name);
    }
  }
  EXPECT_EQ(EnumType(-1), nullptr);
  EXPECT_EQ(EnumType(enum_type::kCount), nullptr);
}

TEST(EnumsTest, ParsingIgnoresCaseAndSeparatorsAndRefusesTheRest) {
  EXPECT_EQ(EnumParse(enum_type::restore_strategy, "latest-state"), 3);
  EXPECT_EQ(EnumParse(enum_type::restore_strategy, "Latest State"), 3);
  EXPECT_EQ(EnumParse(enum_type::option_type, "memory size"), 6);
  EXPECT_EQ(EnumParse(enum_type::option_type, "MEMORY_SIZE"), 6);
  EXPECT_EQ(EnumParse(enum_type::file_format, "flink-conf.yaml"), 1);
  EXPECT_EQ(EnumParse(enum_type::file_format, "flink_conf"), 1);
  EXPECT_EQ(EnumParse(enum_type::restore_strategy, "newest"), std::nullopt);
  EXPECT_EQ(EnumParse(enum_type::restore_strategy, ""), std::nullopt);
  EXPECT_EQ(EnumParse(enum_type::restore_strategy, "LATEST_STATEX"), std::nullopt);
  EXPECT_EQ(EnumParse(-1, "NONE"), std::nullopt);
  EXPECT_EQ(EnumName(enum_type::verify_level, 4), nullptr);
  EXPECT_EQ(EnumChoices(enum_type::verify_level), "none, header, structure, files");
}

TEST(EnumsTest, TypedFormsFollowTheTable) {
  EXPECT_STREQ(NameOf(LogLevel::kWarn), "warn");
  EXPECT_STREQ(NameOf(Severity::kError), "error");
  EXPECT_EQ(ParseAs<LogLevel>("OFF"), LogLevel::kOff);
  EXPECT_EQ(ParseAs<LogLevel>("loud"), std::nullopt);
  EXPECT_TRUE(IsValid<Severity>(2));
  EXPECT_FALSE(IsValid<Severity>(3));
  EXPECT_FALSE(IsValid<Severity>(-1));
  EXPECT_EQ(NameOf(static_cast<LogLevel>(99)), nullptr);
}

}  // namespace
}  // namespace flowstate::core
