// What the catalog's C ABI tests share: a temporary directory, files with a given mtime, and
// a host's vault behind the secret store callbacks.
#ifndef FLOWSTATE_TESTS_CAPI_CATALOG_TEST_UTIL_H_
#define FLOWSTATE_TESTS_CAPI_CATALOG_TEST_UTIL_H_

#include <stdlib.h>
#include <sys/time.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "flowstate/flowstate.h"

namespace flowstate::testing {

struct Tmp {
  std::filesystem::path p;
  Tmp() {
    std::string t = (std::filesystem::temp_directory_path() / "flowstate-capi-XXXXXX").string();
    p = ::mkdtemp(t.data());
  }
  ~Tmp() { std::filesystem::remove_all(p); }
};

inline void Write(const std::filesystem::path& p, const std::string& data, int64_t mtime_s) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << data;
  struct timeval tv[2] = {{static_cast<time_t>(mtime_s), 0}, {static_cast<time_t>(mtime_s), 0}};
  ::utimes(p.c_str(), tv);
  ::utimes(p.parent_path().c_str(), tv);
}

// A vault in memory behind the C callbacks.
struct Vault {
  std::map<std::string, std::string> values;
  static int Put(void* user, const char* name, const char* value, size_t len) {
    static_cast<Vault*>(user)->values[name] = std::string(value, len);
    return FLOWSTATE_OK;
  }
  static int Get(void* user, const char* name, flowstate_secret_value* out) {
    auto* v = static_cast<Vault*>(user);
    auto it = v->values.find(name);
    if (it == v->values.end()) return FLOWSTATE_E_NOT_FOUND;
    return flowstate_secret_value_set(out, it->second.data(), it->second.size());
  }
  static int Remove(void* user, const char* name) {
    return static_cast<Vault*>(user)->values.erase(name) > 0 ? FLOWSTATE_OK : FLOWSTATE_E_NOT_FOUND;
  }
  flowstate_secret_store store() {
    return flowstate_secret_store{FLOWSTATE_SECRET_STORE_VERSION, &Put, &Get, this, &Remove};
  }
};

}  // namespace flowstate::testing

#endif  // FLOWSTATE_TESTS_CAPI_CATALOG_TEST_UTIL_H_
