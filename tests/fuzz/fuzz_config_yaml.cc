// config.yaml through the bounded libyaml reader, then the effective configuration over it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_config_files.h"

using namespace flowstate::core::config;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  YamlLimits limits;
  limits.max_nodes = 20000;
  limits.max_walk = 20000;
  auto f = ReadConfigYaml(text, "config.yaml", limits);
  if (!f.ok()) {
    if (f.status().message().empty()) std::abort();
    return 0;
  }
  Exercise(*f, data[0]);
  return 0;
}
