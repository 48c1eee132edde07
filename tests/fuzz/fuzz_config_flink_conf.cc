// flink-conf.yaml by Flink 1.x's line rules, then the effective configuration over it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_config_files.h"

using namespace flowstate::core::config;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  ConfigFile f = ReadFlinkConf(text, "flink-conf.yaml");
  int64_t last = 0;
  for (const Setting& s : f.settings) {
    if (s.origin.key_line < last || s.value.empty()) std::abort();
    last = s.origin.key_line;
  }
  Exercise(f, data[0]);
  return 0;
}
