// Flink's value parsers (durations, memory sizes, booleans, numbers, lists, maps) for every
// version: never crash, errors point inside the value, and what parses renders to a text
// that parses back to the same value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "config/option_value.h"
#include "config/registry.h"
#include "config/value.h"

using namespace flowstate::core;
using namespace flowstate::core::config;

namespace {

void CheckError(const ValueError& e, size_t size) {
  if (e.message.empty() || e.begin > e.end || e.end > size) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  static const FlinkVersion kVersions[] = {{1, 14}, {1, 15}, {1, 19}, {1, 20},
                                           {2, 0},  {2, 1},  {2, 2}};
  const FlinkVersion v = kVersions[data[0] % 7];
  const int what = data[1] % 9;
  std::string_view text(reinterpret_cast<const char*>(data) + 2, size - 2);
  ValueError err;
  switch (what) {
    case 0: {
      Duration d;
      if (ParseDuration(text, v, &d, &err)) {
        if (d.nanos < 0 || d.nanos >= 1000000000 || d.seconds < 0) std::abort();
        Duration back;
        ValueError e2;
        if (!ParseDuration(FormatDuration(d), v, &back, &e2) || !(back == d)) std::abort();
      } else {
        CheckError(err, text.size());
      }
      break;
    }
    case 1: {
      uint64_t b = 0;
      if (ParseMemorySize(text, &b, &err)) {
        uint64_t back = 0;
        ValueError e2;
        if (!ParseMemorySize(FormatMemorySize(b), &back, &e2) || back != b) std::abort();
      } else {
        CheckError(err, text.size());
      }
      break;
    }
    case 2: {
      bool b;
      if (!ParseBoolean(text, &b, &err)) CheckError(err, text.size());
      break;
    }
    case 3: {
      int64_t i;
      if (!ParseInt64(text, &i, &err)) CheckError(err, text.size());
      int32_t j;
      if (!ParseInt32(text, &j, &err)) CheckError(err, text.size());
      break;
    }
    case 4: {
      double d;
      if (ParseDouble(text, &d, &err)) {
        (void)FormatDouble(d);
      } else {
        CheckError(err, text.size());
      }
      break;
    }
    case 5: {
      std::vector<std::string> items;
      if (ParseList(text, data[0] & 0x80, &items, &err)) {
        std::vector<std::string> back;
        ValueError e2;
        if (!ParseList(FormatList(items), false, &back, &e2)) std::abort();
      } else {
        CheckError(err, text.size());
      }
      break;
    }
    case 6: {
      std::vector<std::pair<std::string, std::string>> m;
      if (!ParseMap(text, data[0] & 0x80, &m, &err)) CheckError(err, text.size());
      break;
    }
    case 7: {
      std::vector<std::vector<std::pair<std::string, std::string>>> m;
      if (!ParseListOfMaps(text, data[0] & 0x80, &m, &err)) CheckError(err, text.size());
      break;
    }
    default: {
      // A whole option: the first byte of the text picks it from the registry.
      if (text.empty()) break;
      const auto& options = Registry::Get().options();
      const OptionSpec& spec = options[static_cast<unsigned char>(text[0]) % options.size()];
      TypedValue t;
      if (!ParseOptionValue(spec, text.substr(1), ValueContext{v, (data[0] & 0x80) != 0}, &t,
                            &err)) {
        CheckError(err, text.size() - 1);
      }
      break;
    }
  }
  return 0;
}
