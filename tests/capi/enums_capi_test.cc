#include "flowstate/enums.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "flowstate/catalog.h"
#include "flowstate/enums.hpp"
#include "flowstate/error.h"
#include "flowstate/log.h"
#include "flowstate/storage.h"

using ::testing::HasSubstr;

TEST(EnumsCapiTest, TheLibraryDescribesEveryEnumeration) {
  ASSERT_EQ(flowstate_enum_type_count(), 31u);
  EXPECT_STREQ(flowstate_enum_type_name(FLOWSTATE_ENUM_RESTORE_STRATEGY), "restore_strategy");
  EXPECT_EQ(flowstate_enum_type_name(-1), nullptr);
  EXPECT_STREQ(flowstate_enum_type_name(FLOWSTATE_ENUM_SCOPE_CONDITION), "scope_condition");
  EXPECT_EQ(flowstate_enum_type_name(31), nullptr);
  EXPECT_EQ(flowstate_enum_count(FLOWSTATE_ENUM_CLAIM_MODE), 3u);
  EXPECT_EQ(flowstate_enum_count(99), 0u);

  flowstate_enum_value_info info;
  flowstate_enum_value_info_init(&info);
  ASSERT_EQ(flowstate_enum_value_get(FLOWSTATE_ENUM_RESTORE_STRATEGY, 3, &info), FLOWSTATE_OK);
  EXPECT_EQ(info.value, FLOWSTATE_RESTORE_LATEST_STATE);
  EXPECT_STREQ(info.constant, "LATEST_STATE");
  EXPECT_STREQ(info.name, "LATEST_STATE");
  EXPECT_STREQ(info.prefix, "FLOWSTATE_RESTORE_");
  EXPECT_THAT(std::string(info.doc), HasSubstr("completion time"));

  EXPECT_EQ(flowstate_enum_value_get(FLOWSTATE_ENUM_CLAIM_MODE, 3, &info),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("claim_mode has 3 values"));
  EXPECT_EQ(flowstate_enum_value_get(42, 0, &info), FLOWSTATE_E_INVALID_ARGUMENT);
  info.version = 2;  // from a newer header
  EXPECT_EQ(flowstate_enum_value_get(FLOWSTATE_ENUM_CLAIM_MODE, 0, &info),
            FLOWSTATE_E_UNSUPPORTED_VERSION);
  EXPECT_EQ(flowstate_enum_value_get(FLOWSTATE_ENUM_CLAIM_MODE, 0, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
}

TEST(EnumsCapiTest, NamesAndParsing) {
  EXPECT_STREQ(flowstate_enum_name(FLOWSTATE_ENUM_VERIFY_LEVEL, FLOWSTATE_VERIFY_FILES), "files");
  EXPECT_STREQ(flowstate_enum_name(FLOWSTATE_ENUM_OPTION_TYPE, 6), "memory size");
  EXPECT_EQ(flowstate_enum_name(FLOWSTATE_ENUM_VERIFY_LEVEL, 4), nullptr);
  EXPECT_EQ(flowstate_enum_name(-3, 0), nullptr);

  int v = -1;
  ASSERT_EQ(flowstate_enum_parse(&v, FLOWSTATE_ENUM_VERIFY_LEVEL, "Structure"), FLOWSTATE_OK);
  EXPECT_EQ(v, FLOWSTATE_VERIFY_STRUCTURE);
  ASSERT_EQ(flowstate_enum_parse(&v, FLOWSTATE_ENUM_ORIGIN, "registered-by-user"), FLOWSTATE_OK);
  EXPECT_EQ(v, FLOWSTATE_ORIGIN_REGISTERED_BY_USER);
  EXPECT_EQ(flowstate_enum_parse(&v, FLOWSTATE_ENUM_VERIFY_LEVEL, "deep"),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(v, 0);
  EXPECT_THAT(flowstate_error_last_message(),
              HasSubstr("'deep' is not a verify_level: expected one of none, header, structure, "
                        "files"));
  EXPECT_EQ(flowstate_enum_parse(&v, 77, "files"), FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_THAT(flowstate_error_last_message(), HasSubstr("no enumeration has id 77"));
  EXPECT_EQ(flowstate_enum_parse(nullptr, FLOWSTATE_ENUM_VERIFY_LEVEL, "files"),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_EQ(flowstate_enum_parse(&v, FLOWSTATE_ENUM_VERIFY_LEVEL, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
}

TEST(EnumsCapiTest, ValuesOutOfTheTableAreRefusedWithTheChoices) {
  flowstate_scan_options o = FLOWSTATE_SCAN_OPTIONS_INIT;
  o.verify_level = 9;
  flowstate_storage* s = nullptr;
  ASSERT_EQ(flowstate_storage_new(&s, nullptr), FLOWSTATE_OK);
  flowstate_snapshot_list* list = nullptr;
  const char* roots[] = {"mem://nothing"};
  EXPECT_EQ(flowstate_storage_list_snapshots(&list, s, roots, 1, &o, nullptr),
            FLOWSTATE_E_INVALID_ARGUMENT);
  EXPECT_THAT(flowstate_error_last_message(),
              HasSubstr("unknown verify_level 9: expected one of none, header, structure, files"));
  flowstate_storage_free(s);
}

TEST(EnumsCapiTest, CppView) {
  auto values = flowstate::enum_values(FLOWSTATE_ENUM_SNAPSHOT_KIND);
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values[1].value, FLOWSTATE_SNAPSHOT_SAVEPOINT);
  EXPECT_EQ(values[1].name, "SAVEPOINT");
  EXPECT_TRUE(flowstate::enum_values(-1).empty());
  auto parsed = flowstate::enum_parse(FLOWSTATE_ENUM_LOG_LEVEL, "warn");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, FLOWSTATE_LOG_WARN);
  EXPECT_FALSE(flowstate::enum_parse(FLOWSTATE_ENUM_LOG_LEVEL, "loud").ok());
  EXPECT_STREQ(flowstate::enum_name(FLOWSTATE_ENUM_LOG_LEVEL, FLOWSTATE_LOG_OFF), "off");
}
