// Helpers for the configuration tests.
#ifndef FLOWSTATE_TESTS_CONFIG_CONFIG_TEST_UTIL_H_
#define FLOWSTATE_TESTS_CONFIG_CONFIG_TEST_UTIL_H_

#include <gmock/gmock.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/diagnostics.h"
#include "common/flink_version.h"
#include "config/effective.h"

namespace flowstate::core::config::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A file of tests/<module>/data; a missing one fails the test (it is part of the checkout).
inline std::string ModuleDataFile(const std::string& module, const std::string& name) {
  const std::string path = std::string(FLOWSTATE_SOURCE_DIR) + "/tests/" + module + "/data/" + name;
  if (!std::ifstream(path, std::ios::binary)) ADD_FAILURE() << "test data missing: " << path;
  return ReadFile(path);
}

inline std::string DataFile(const std::string& name) { return ModuleDataFile("config", name); }

inline std::string SqlDataFile(const std::string& name) { return ModuleDataFile("sql", name); }

inline FlinkVersion V(const char* text) { return *FlinkVersion::Parse(text); }

// "severity: message" for each diagnostic.
inline std::vector<std::string> Messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const Diagnostic& e : d.entries()) {
    out.push_back(std::string(SeverityName(e.severity)) + ": " + e.message);
  }
  return out;
}

// Diagnostics about one key (by the registry's current name), "severity: message".
inline std::vector<std::string> About(const EffectiveConfig& c, const std::string& key) {
  std::vector<std::string> out;
  for (size_t i = 0; i < c.diagnostics().size(); ++i) {
    if (c.diagnostic_keys()[i] != key) continue;
    const Diagnostic& e = c.diagnostics().entries()[i];
    out.push_back(std::string(SeverityName(e.severity)) + ": " + e.message);
  }
  return out;
}

}  // namespace flowstate::core::config::testing

#endif  // FLOWSTATE_TESTS_CONFIG_CONFIG_TEST_UTIL_H_
