#include "cli/app.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "flowstate/version.h"

namespace flowstate::cli {
namespace {

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

CliRun Cli(std::vector<const char*> args) {
  args.insert(args.begin(), "flowstate");
  std::ostringstream out, err;
  int code = Main(static_cast<int>(args.size()), args.data(), out, err);
  return CliRun{code, out.str(), err.str()};
}

TEST(AppTest, VersionFlag) {
  CliRun r = Cli({"--version"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, std::string("flowstate ") + FLOWSTATE_VERSION_STRING + "\n");
}

TEST(AppTest, UsageErrorsExitWithTheUsageCode) {
  CliRun r = Cli({"no-such-command"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("flowstate: error:"), std::string::npos);
  EXPECT_EQ(Cli({"doctor", "--no-such-flag"}).code, 2);
  EXPECT_EQ(Cli({}).code, 2) << "no command: help on stdout, usage exit";
}

TEST(AppTest, HelpExitsZero) {
  CliRun r = Cli({"--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("doctor"), std::string::npos);
  EXPECT_EQ(Cli({"doctor", "--help"}).code, 0);
}

TEST(AppTest, DoctorReportsDependencies) {
  CliRun r = Cli({"--settings", "/dev/null", "doctor"});
  EXPECT_EQ(r.code, 0) << r.err;
  for (const char* s : {"flowstate ", "curl ", "SQLite ", "RapidJSON ", "Abseil LTS ", "checks:"}) {
    EXPECT_NE(r.out.find(s), std::string::npos) << s;
  }
}

TEST(AppTest, BrokenSettingsFileIsAProblemWithItsPosition) {
  CliRun r =
      Cli({"--settings", FLOWSTATE_SOURCE_DIR "/tests/cli/data/broken-settings.ini", "doctor"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("broken-settings.ini:3:1: expected 'key = value' or '[section]'"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace flowstate::cli
