// The CLI's settings file reader: any bytes give settings or a positioned parse error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cli/settings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = flowstate::cli::Settings::Parse(text, "fuzz.ini");
  if (!parsed.ok()) {
    if (parsed.status().diagnostics().empty()) std::abort();
    if (parsed.status().diagnostics()[0].line < 1) std::abort();
  }
  return 0;
}
