// A value checked against its option: parsed by the option's type as the target Flink
// version parses it, with enum values, version limits and ranges applied.
#ifndef FLOWSTATE_SRC_CONFIG_OPTION_VALUE_H_
#define FLOWSTATE_SRC_CONFIG_OPTION_VALUE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/flink_version.h"
#include "config/registry.h"
#include "config/value.h"

namespace flowstate::core::config {

struct TypedValue {
  OptionType type = OptionType::kString;
  bool boolean = false;
  int64_t integer = 0;  // kInteger, kLong
  double number = 0;    // kDouble
  Duration duration;
  uint64_t bytes = 0;
  // kEnum: the constant's name (or the class name for open enums); kString: the value.
  std::string text;
  std::vector<std::string> list;
  std::vector<std::pair<std::string, std::string>> map;
  std::vector<std::vector<std::pair<std::string, std::string>>> maps;
  // Flink's own rendering ("6 s", "1600 mb", "RETAIN_ON_CANCELLATION", "true").
  std::string normalized;
};

struct ValueContext {
  FlinkVersion version;
  // Lists and maps may be YAML flow values ([a, b], {k: v}): Flink 2.x, or any config.yaml.
  bool yaml_flow = false;
  // Fill TypedValue::normalized (false: only check the value, which is faster).
  bool render = true;
};

// Checks `value` for `spec`. On failure, `error` says what was expected, with the byte range
// of `value` it refers to.
bool ParseOptionValue(const OptionSpec& spec, std::string_view value, const ValueContext& ctx,
                      TypedValue* out, ValueError* error);

// True when two values of `spec` mean the same (e.g. "6000" and "6 s", "kubernetes" and
// KubernetesHaServicesFactory); false when either does not parse.
bool SameValue(const OptionSpec& spec, std::string_view a, std::string_view b,
               const ValueContext& ctx);

// Renders a list or map value in Flink's legacy syntax (a;b, k:v,k2:v2), quoting as needed.
std::string FormatList(const std::vector<std::string>& items);
std::string FormatMap(const std::vector<std::pair<std::string, std::string>>& entries);

}  // namespace flowstate::core::config

#endif  // FLOWSTATE_SRC_CONFIG_OPTION_VALUE_H_
