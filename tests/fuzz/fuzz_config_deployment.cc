// FlinkDeployment / FlinkSessionJob resources, then the effective configuration over them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_config_files.h"

using namespace flowstate::core::config;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // Most inputs are steered into a resource so that the fuzzer explores its fields.
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((data[0] & 0x40) != 0) text = "kind: FlinkDeployment\n" + text;
  YamlLimits limits;
  limits.max_nodes = 20000;
  limits.max_walk = 20000;
  auto f = ReadDeployment(text, "deployment.yaml", limits);
  if (!f.ok()) {
    if (f.status().message().empty()) std::abort();
    return 0;
  }
  if (f->kind != "FlinkDeployment" && f->kind != "FlinkSessionJob") std::abort();
  Exercise(*f, data[0]);
  return 0;
}
