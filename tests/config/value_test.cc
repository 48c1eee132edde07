// Flink's value syntax (FACTS.md section 7), unit by unit and version by version.
#include "config/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "config_test_util.h"

namespace flowstate::core::config {
namespace {

using testing::V;

struct DurationCase {
  const char* text;
  int64_t seconds;
  int32_t nanos;
};

class DurationUnitTest : public ::testing::TestWithParam<DurationCase> {};

TEST_P(DurationUnitTest, ParsesOnEveryVersion) {
  for (const char* version : {"1.14", "1.15", "1.20", "2.0", "2.1", "2.2"}) {
    Duration d;
    ValueError err;
    ASSERT_TRUE(ParseDuration(GetParam().text, V(version), &d, &err))
        << GetParam().text << " on " << version << ": " << err.message;
    EXPECT_EQ(d.seconds, GetParam().seconds) << GetParam().text;
    EXPECT_EQ(d.nanos, GetParam().nanos) << GetParam().text;
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryLabel, DurationUnitTest,
    ::testing::Values(
        DurationCase{"6000", 6, 0},  // a bare number is milliseconds (the seed's interval)
        DurationCase{"600000", 600, 0}, DurationCase{"0", 0, 0}, DurationCase{"2d", 172800, 0},
        DurationCase{"2 day", 172800, 0}, DurationCase{"2 days", 172800, 0},
        DurationCase{"1h", 3600, 0}, DurationCase{"1 hour", 3600, 0},
        DurationCase{"2 hours", 7200, 0}, DurationCase{"1min", 60, 0},
        DurationCase{"10 min", 600, 0}, DurationCase{"1 minute", 60, 0},
        DurationCase{"3 minutes", 180, 0}, DurationCase{"20s", 20, 0}, DurationCase{"20 s", 20, 0},
        DurationCase{"1 sec", 1, 0}, DurationCase{"2 secs", 2, 0}, DurationCase{"1 second", 1, 0},
        DurationCase{"5 seconds", 5, 0}, DurationCase{"500ms", 0, 500000000},
        DurationCase{"1 milli", 0, 1000000}, DurationCase{"2 millis", 0, 2000000},
        DurationCase{"1 millisecond", 0, 1000000}, DurationCase{"3 milliseconds", 0, 3000000},
        DurationCase{"7\xC2\xB5s", 0, 7000}, DurationCase{"1 micro", 0, 1000},
        DurationCase{"2 micros", 0, 2000}, DurationCase{"1 microsecond", 0, 1000},
        DurationCase{"4 microseconds", 0, 4000}, DurationCase{"9ns", 0, 9},
        DurationCase{"1 nano", 0, 1}, DurationCase{"2 nanos", 0, 2},
        DurationCase{"1 nanosecond", 0, 1}, DurationCase{"8 nanoseconds", 0, 8},
        DurationCase{"  20 S  ", 20, 0},  // trimmed, case-insensitive
        DurationCase{"1 MIN", 60, 0},     // case-insensitive
        DurationCase{"20\ts", 20, 0},     // any whitespace before the unit
        DurationCase{"0020 s", 20, 0}));  // leading zeros

TEST(DurationTest, MinuteAsMNeedsFlink115) {
  Duration d;
  ValueError err;
  EXPECT_FALSE(ParseDuration("5 m", V("1.14"), &d, &err));
  EXPECT_NE(err.message.find("needs Flink 1.15"), std::string::npos) << err.message;
  EXPECT_NE(err.message.find("'min'"), std::string::npos);
  EXPECT_EQ(err.begin, 2u);  // the unit
  ASSERT_TRUE(ParseDuration("5 m", V("1.15"), &d, &err));
  EXPECT_EQ(d.seconds, 300);
  ASSERT_TRUE(ParseDuration("5m", V("2.2"), &d, &err));
  EXPECT_EQ(d.seconds, 300);
}

TEST(DurationTest, RefusesDecimalsCompoundsSignsAndUnknownUnits) {
  struct Bad {
    const char* text;
    const char* why;
  } cases[] = {
      {"1.5 s", "decimal"},
      {"1,5 s", "decimal"},
      {"1h30m", "combines units"},
      {"1 h 30 min", "combines units"},
      {"-5 s", "no sign"},
      {"+5 s", "no sign"},
      {"5 secondz", "unknown duration unit"},
      {"5 mins", "unknown duration unit"},
      {"s", "starts with a number"},
      {"", "empty"},
      {"   ", "empty"},
      {"PT20S", "ISO-8601 durations need Flink 2.1"},
  };
  for (const Bad& b : cases) {
    Duration d;
    ValueError err;
    EXPECT_FALSE(ParseDuration(b.text, V("2.0"), &d, &err)) << b.text;
    EXPECT_NE(err.message.find(b.why), std::string::npos) << b.text << ": " << err.message;
  }
}

TEST(DurationTest, Iso8601FromFlink21) {
  Duration d;
  ValueError err;
  ASSERT_TRUE(ParseDuration("PT20S", V("2.1"), &d, &err)) << err.message;
  EXPECT_EQ(d.seconds, 20);
  ASSERT_TRUE(ParseDuration("pt1m30s", V("2.2"), &d, &err)) << err.message;
  EXPECT_EQ(d.seconds, 90);
  ASSERT_TRUE(ParseDuration("P1DT2H", V("2.2"), &d, &err));
  EXPECT_EQ(d.seconds, 86400 + 7200);
  ASSERT_TRUE(ParseDuration("PT0.5S", V("2.2"), &d, &err));
  EXPECT_EQ(d.seconds, 0);
  EXPECT_EQ(d.nanos, 500000000);
  ASSERT_TRUE(ParseDuration("PT1M-10S", V("2.2"), &d, &err));  // parts may be signed
  EXPECT_EQ(d.seconds, 50);
  for (const char* bad : {"-PT5S", "PT-5S", "P", "PT", "P1H", "PT1D", "PT1S2M", "PT1.5M",
                          "PT1.1234567890S", "Q1D", "PT5"}) {
    EXPECT_FALSE(ParseDuration(bad, V("2.2"), &d, &err)) << bad;
  }
  EXPECT_FALSE(ParseDuration("-PT5S", V("2.2"), &d, &err));
  EXPECT_NE(err.message.find("negative"), std::string::npos) << err.message;
  // Before 2.1 the same text is refused with the reason.
  EXPECT_FALSE(ParseDuration("PT20S", V("2.0"), &d, &err));
  EXPECT_NE(err.message.find("2.1"), std::string::npos);
}

TEST(DurationTest, RangeFollowsTheVersion) {
  Duration d;
  ValueError err;
  // 1.x: the number must fit a long.
  EXPECT_TRUE(ParseDuration("9223372036854775807 ns", V("1.20"), &d, &err));
  EXPECT_FALSE(ParseDuration("9223372036854775808 ns", V("1.20"), &d, &err));
  EXPECT_NE(err.message.find("64 bits"), std::string::npos);
  // 2.0+: a BigInteger, as long as the duration itself fits.
  EXPECT_TRUE(ParseDuration("9223372036854775808 ns", V("2.0"), &d, &err)) << err.message;
  EXPECT_EQ(d.seconds, 9223372036);
  // A long number of days overflows java.time.Duration on every version.
  EXPECT_FALSE(ParseDuration("9223372036854775807 d", V("1.20"), &d, &err));
  EXPECT_NE(err.message.find("too long"), std::string::npos);
  EXPECT_FALSE(ParseDuration("999999999999999999999999999999999999999 ms", V("2.2"), &d, &err));
}

TEST(DurationTest, FormatsAsFlinkDoes) {
  EXPECT_EQ(FormatDuration(Duration::FromMillis(6000)), "6 s");
  EXPECT_EQ(FormatDuration(Duration::FromMillis(600000)), "10 min");
  EXPECT_EQ(FormatDuration(Duration::FromMillis(3600000)), "1 h");
  EXPECT_EQ(FormatDuration(Duration::FromMillis(86400000)), "1 d");
  EXPECT_EQ(FormatDuration(Duration::FromMillis(500)), "500 ms");
  EXPECT_EQ(FormatDuration(Duration::FromMillis(1500)), "1500 ms");
  EXPECT_EQ(FormatDuration(Duration{0, 7000}), "7 \xC2\xB5s");
  EXPECT_EQ(FormatDuration(Duration{0, 9}), "9 ns");
  EXPECT_EQ(FormatDuration(Duration{}), "0 d");  // TimeUtils.formatWithHighestUnit's quirk
}

TEST(MemorySizeTest, EveryUnitIs1024Based) {
  struct Case {
    const char* text;
    uint64_t bytes;
  } cases[] = {
      {"0", 0},
      {"123", 123},
      {"1b", 1},
      {"7 bytes", 7},
      {"1k", 1024},
      {"1 kb", 1024},
      {"2 kibibytes", 2048},
      {"1600m", 1600ull << 20},  // the seed's JobManager memory
      {"1 MB", 1ull << 20},
      {"3 mebibytes", 3ull << 20},
      {"1g", 1ull << 30},
      {"6048m", 6048ull << 20},
      {"2 gb", 2ull << 30},
      {"1 gibibytes", 1ull << 30},
      {"1t", 1ull << 40},
      {"1 TB", 1ull << 40},
      {"2 tebibytes", 2ull << 40},
      {" 20kb ", 20480},
  };
  for (const Case& c : cases) {
    uint64_t b = 0;
    ValueError err;
    ASSERT_TRUE(ParseMemorySize(c.text, &b, &err)) << c.text << ": " << err.message;
    EXPECT_EQ(b, c.bytes) << c.text;
  }
}

TEST(MemorySizeTest, RefusesWithReasons) {
  struct Bad {
    const char* text;
    const char* why;
  } cases[] = {
      {"1.5g", "decimal"},
      {"1 GiB", "Flink spells"},
      {"10 xb", "unknown memory unit"},
      {"mb", "starts with a number"},
      {"-1m", "starts with a number"},
      {"", "empty"},
      {"9223372036854775808", "64 bits"},
      {"8388608 tb", "64 bits"},
  };
  for (const Bad& b : cases) {
    uint64_t v = 0;
    ValueError err;
    EXPECT_FALSE(ParseMemorySize(b.text, &v, &err)) << b.text;
    EXPECT_NE(err.message.find(b.why), std::string::npos) << b.text << ": " << err.message;
  }
}

TEST(MemorySizeTest, FormatsAsFlinkDoes) {
  EXPECT_EQ(FormatMemorySize(0), "0 bytes");
  EXPECT_EQ(FormatMemorySize(20480), "20 kb");
  EXPECT_EQ(FormatMemorySize(1600ull << 20), "1600 mb");
  EXPECT_EQ(FormatMemorySize(1ull << 30), "1 gb");
  EXPECT_EQ(FormatMemorySize(1025), "1025 bytes");
  EXPECT_EQ(FormatMemorySize(3ull << 40), "3 tb");
}

TEST(BooleanTest, TrueAndFalseOnlyCaseInsensitive) {
  bool b = false;
  ValueError err;
  EXPECT_TRUE(ParseBoolean("true", &b, &err) && b);
  EXPECT_TRUE(ParseBoolean("TRUE", &b, &err) && b);
  EXPECT_TRUE(ParseBoolean("False", &b, &err) && !b);
  for (const char* bad : {"yes", "1", "on", " true", "t", ""}) {
    EXPECT_FALSE(ParseBoolean(bad, &b, &err)) << bad;
    EXPECT_NE(err.message.find("expected true or false"), std::string::npos);
  }
}

TEST(IntegerTest, JavaParseIntRules) {
  int32_t v = 0;
  ValueError err;
  EXPECT_TRUE(ParseInt32("10", &v, &err) && v == 10);
  EXPECT_TRUE(ParseInt32("-1", &v, &err) && v == -1);
  EXPECT_TRUE(ParseInt32("+7", &v, &err) && v == 7);
  EXPECT_TRUE(ParseInt32("2147483647", &v, &err) && v == 2147483647);
  EXPECT_TRUE(ParseInt32("-2147483648", &v, &err));
  EXPECT_FALSE(ParseInt32("2147483648", &v, &err));
  EXPECT_NE(err.message.find("out of range"), std::string::npos);
  EXPECT_FALSE(ParseInt32("1.0", &v, &err));
  EXPECT_NE(err.message.find("no decimals"), std::string::npos);
  EXPECT_EQ(err.begin, 1u);
  EXPECT_FALSE(ParseInt32("10 ", &v, &err));  // Integer.parseInt does not trim
  EXPECT_FALSE(ParseInt32("\"36\"", &v, &err));
  EXPECT_FALSE(ParseInt32("", &v, &err));
  EXPECT_FALSE(ParseInt32("-", &v, &err));
  int64_t l = 0;
  EXPECT_TRUE(ParseInt64("9223372036854775807", &l, &err));
  EXPECT_FALSE(ParseInt64("9223372036854775808", &l, &err));
}

TEST(DoubleTest, JavaParseDoubleForms) {
  double d = 0;
  ValueError err;
  EXPECT_TRUE(ParseDouble("4.0", &d, &err) && d == 4.0);
  EXPECT_TRUE(ParseDouble("1", &d, &err) && d == 1.0);
  EXPECT_TRUE(ParseDouble(" -1.5 ", &d, &err) && d == -1.5);
  EXPECT_TRUE(ParseDouble(".5", &d, &err) && d == 0.5);
  EXPECT_TRUE(ParseDouble("1e3", &d, &err) && d == 1000);
  EXPECT_TRUE(ParseDouble("2.5d", &d, &err) && d == 2.5);
  EXPECT_TRUE(ParseDouble("NaN", &d, &err) && std::isnan(d));
  EXPECT_TRUE(ParseDouble("-Infinity", &d, &err) && std::isinf(d));
  for (const char* bad : {"", "abc", "1.2.3", "1e", "e5", "0x10", "1,5"}) {
    EXPECT_FALSE(ParseDouble(bad, &d, &err)) << bad;
  }
  EXPECT_EQ(FormatDouble(1.0), "1.0");
  EXPECT_EQ(FormatDouble(4), "4.0");
  EXPECT_EQ(FormatDouble(0.25), "0.25");
  EXPECT_EQ(FormatDouble(-1), "-1.0");
  EXPECT_EQ(FormatDouble(4.194304E8), "4.194304E8");
  EXPECT_EQ(FormatDouble(1e-4), "1.0E-4");
  EXPECT_EQ(FormatDouble(1234567.0), "1234567.0");
}

TEST(SplitEscapedTest, FlinksStructuredSplitter) {
  std::vector<std::string> out;
  ValueError err;
  ASSERT_TRUE(SplitEscaped("a;b;c", ';', &out, &err));
  EXPECT_EQ(out, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_TRUE(SplitEscaped(" a ; b ", ';', &out, &err));
  EXPECT_EQ(out, (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(SplitEscaped("'a;b';\"c\"\"d\"", ';', &out, &err));
  EXPECT_EQ(out, (std::vector<std::string>{"a;b", "c\"d"}));
  ASSERT_TRUE(SplitEscaped("a;;b", ';', &out, &err));
  EXPECT_EQ(out, (std::vector<std::string>{"a", "", "b"}));
  ASSERT_TRUE(SplitEscaped(";a;", ';', &out, &err));  // as Flink: no empty first or last item
  EXPECT_EQ(out, (std::vector<std::string>{"a"}));
  EXPECT_FALSE(SplitEscaped("'a;b", ';', &out, &err));
  EXPECT_NE(err.message.find("not closed"), std::string::npos);
  EXPECT_FALSE(SplitEscaped("'a'b;c", ';', &out, &err));
  EXPECT_NE(err.message.find("after a quoted part"), std::string::npos);
}

TEST(CollectionTest, ListsMapsAndListsOfMaps) {
  std::vector<std::string> list;
  std::vector<std::pair<std::string, std::string>> map;
  std::vector<std::vector<std::pair<std::string, std::string>>> maps;
  ValueError err;
  ASSERT_TRUE(ParseList("file:///a.jar;file:///b.jar", false, &list, &err));
  EXPECT_EQ(list.size(), 2u);
  // The seed's pod annotations and owner reference.
  ASSERT_TRUE(ParseMap("flinkdeployment.flink.apache.org/generation:2", false, &map, &err));
  ASSERT_EQ(map.size(), 1u);
  EXPECT_EQ(map[0].first, "flinkdeployment.flink.apache.org/generation");
  EXPECT_EQ(map[0].second, "2");
  ASSERT_TRUE(ParseListOfMaps(
      "blockOwnerDeletion:false,apiVersion:flink.apache.org/v1beta1,kind:FlinkDeployment,"
      "uid:fadef756-d327-4f19-b1b4-181d92c659eb,name:session-deployment-only,controller:false",
      false, &maps, &err))
      << err.message;
  ASSERT_EQ(maps.size(), 1u);
  EXPECT_EQ(maps[0].size(), 6u);
  EXPECT_FALSE(ParseMap("a:1,b", false, &map, &err));
  EXPECT_NE(err.message.find("not a key:value pair"), std::string::npos);
  EXPECT_FALSE(ParseMap("a:1,a:2", false, &map, &err));
  EXPECT_NE(err.message.find("duplicate"), std::string::npos);
  EXPECT_FALSE(ParseMap("uid:a:b", false, &map, &err));
  // YAML flow forms where Flink reads standard YAML.
  ASSERT_TRUE(ParseList("[a, 'b;c']", true, &list, &err)) << err.message;
  EXPECT_EQ(list, (std::vector<std::string>{"a", "b;c"}));
  ASSERT_TRUE(ParseMap("{a: 1, b: two}", true, &map, &err)) << err.message;
  EXPECT_EQ(map.size(), 2u);
  ASSERT_TRUE(ParseListOfMaps("[{k: v}, {x: y}]", true, &maps, &err)) << err.message;
  EXPECT_EQ(maps.size(), 2u);
  // Without flow syntax, '[a, b]' is one item, as Flink 1.x reads it.
  ASSERT_TRUE(ParseList("[a, b]", false, &list, &err));
  EXPECT_EQ(list, (std::vector<std::string>{"[a, b]"}));
  EXPECT_FALSE(ParseList("[a, [b]]", true, &list, &err));
  EXPECT_FALSE(ParseMap("{a: [1]}", true, &map, &err));
  EXPECT_FALSE(ParseList("[a, b", true, &list, &err));
}

TEST(JavaTrimTest, StripsControlCharactersToo) {
  EXPECT_EQ(JavaTrim("\x01 a b\t\r\n"), "a b");
  EXPECT_EQ(JavaTrim(""), "");
  EXPECT_EQ(JavaTrim("\xC2\xA0x"), "\xC2\xA0x");  // a no-break space is not trimmed
}

}  // namespace
}  // namespace flowstate::core::config
