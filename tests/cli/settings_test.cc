#include "cli/settings.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace flowstate::cli {
namespace {

TEST(SettingsTest, ParsesSectionsSubsectionsAndValues) {
  auto s = Settings::Parse(
      "# flowstate settings\n"
      "[catalog]\n"
      "  path = /var/lib/flowstate/catalog.db   # trailing comment\n"
      "[Cluster \"prod\"]\n"
      "url = http://jobmanager:8081\n"
      "name = \"with  spaces ; and # kept\"\n"
      "; another comment\n"
      "[mount \"file:///opt/flink/volume\"]\n"
      "path=/mnt/flink-volume\n",
      "settings.ini");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->sections().size(), 3u);
  EXPECT_EQ(s->Section("catalog")->Get("path"), "/var/lib/flowstate/catalog.db");
  const SettingsSection* prod = s->Section("cluster", "prod");
  ASSERT_NE(prod, nullptr);
  EXPECT_EQ(prod->Get("URL"), "http://jobmanager:8081");
  EXPECT_EQ(prod->Get("name"), "with  spaces ; and # kept");
  EXPECT_EQ(prod->Find("url")->line, 5);
  EXPECT_EQ(prod->Get("missing", "fallback"), "fallback");
  EXPECT_EQ(s->Sections("mount").size(), 1u);
  EXPECT_EQ(s->Sections("mount")[0]->subsection, "file:///opt/flink/volume");
  EXPECT_EQ(s->Section("cluster", "dev"), nullptr);
}

TEST(SettingsTest, ExpandsEnvironmentVariables) {
  ::setenv("FLOWSTATE_TEST_TOKEN", "t0k3n", 1);
  auto s = Settings::Parse("[cluster \"a\"]\ntoken = ${env:FLOWSTATE_TEST_TOKEN}\n", "s");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->Section("cluster", "a")->Get("token"), "t0k3n");
  ::unsetenv("FLOWSTATE_TEST_TOKEN");
  auto missing = Settings::Parse("[cluster \"a\"]\ntoken = ${env:FLOWSTATE_TEST_TOKEN}\n", "s");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "s:2:9: environment variable 'FLOWSTATE_TEST_TOKEN' is not set");
}

struct BadCase {
  const char* text;
  const char* message;
};

TEST(SettingsTest, ErrorsNameFileLineAndColumn) {
  const BadCase cases[] = {
      {"key = 1\n", "f.ini:1:1: key 'key' outside of any [section]"},
      {"[a]\n[b\n", "f.ini:2:1: section header without closing ']'"},
      {"[a]\nno equals here\n", "f.ini:2:1: expected 'key = value' or '[section]'"},
      {"[a]\n = 1\n", "f.ini:2:2: missing key before '='"},
      {"[a]\nk$y = 1\n",
       "f.ini:2:2: invalid character in key 'k$y' (allowed: letters, digits, '-', '_', '.')"},
      {"[a]\nk = \"open\n", "f.ini:2:5: unterminated \"quoted\" value"},
      {"[a]\nk = 1\nK = 2\n", "f.ini:3:1: key 'k' already set on line 2"},
      {"[a b]\n", "f.ini:1:4: expected a \"quoted\" subsection name after the section name"},
      {"[]\n", "f.ini:1:2: expected a section name after '['"},
      {"[a] x\n", "f.ini:1:5: unexpected text after section header"},
  };
  for (const BadCase& c : cases) {
    auto s = Settings::Parse(c.text, "f.ini");
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.status().code(), ErrorCode::parse);
    EXPECT_EQ(s.status().message(), c.message) << c.text;
    ASSERT_EQ(s.status().diagnostics().size(), 1u);
    EXPECT_GT(s.status().diagnostics()[0].line, 0);
  }
}

TEST(SettingsTest, LoadHandlesMissingDefaultAndExplicitFiles) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("flowstate-settings-" + std::to_string(::getpid()));
  fs::create_directories(dir / "flowstate");
  ::setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
  ::unsetenv("FLOWSTATE_SETTINGS");
  auto none = Settings::Load("");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->loaded_from_file());
  EXPECT_EQ(none->path(), (dir / "flowstate" / "settings.ini").string());

  std::ofstream(dir / "flowstate" / "settings.ini") << "[catalog]\npath = x.db\n";
  auto found = Settings::Load("");
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->loaded_from_file());
  EXPECT_EQ(found->Section("catalog")->Get("path"), "x.db");

  auto missing = Settings::Load((dir / "nope.ini").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::not_found);
  ::unsetenv("XDG_CONFIG_HOME");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace flowstate::cli
