// Helpers for the SQL engine's tests.
#ifndef FLOWSTATE_TESTS_SQL_SQL_TEST_UTIL_H_
#define FLOWSTATE_TESTS_SQL_SQL_TEST_UTIL_H_

#include <gmock/gmock.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sql/script.h"

namespace flowstate::core::sql::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A file of tests/sql/data; a missing one fails the test (it is part of the checkout).
inline std::string DataFile(const std::string& name) {
  const std::string path = std::string(FLOWSTATE_SOURCE_DIR) + "/tests/sql/data/" + name;
  if (!std::ifstream(path, std::ios::binary)) ADD_FAILURE() << "test data missing: " << path;
  return ReadFile(path);
}

inline std::vector<std::string> Kinds(const Script& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size(); ++i)
    out.push_back(StatementKindName(static_cast<int>(s[i].kind)));
  return out;
}

inline std::vector<std::string> Texts(const Script& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size(); ++i) out.emplace_back(s.RawText(i));
  return out;
}

inline std::vector<std::string> Messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const Diagnostic& e : d.entries()) out.push_back(e.ToString());
  return out;
}

}  // namespace flowstate::core::sql::testing

#endif  // FLOWSTATE_TESTS_SQL_SQL_TEST_UTIL_H_
