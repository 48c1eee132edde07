// C ABI: the log callback (include/flowstate/log.h).
#include <string>

#include "capi/capi.h"
#include "common/log.h"

using flowstate::capi::CheckVersion;
using flowstate::capi::EnumArg;
using flowstate::capi::Guard;
using flowstate::capi::GuardValue;
using flowstate::capi::NullArgument;
using flowstate::capi::SetError;
using flowstate::capi::UnknownEnumValue;
namespace core = flowstate::core;

namespace {

bool ValidLevel(int level) { return core::IsValid<core::LogLevel>(level); }

int BadLevel(int level) { return SetError(UnknownEnumValue(core::enum_type::log_level, level)); }

}  // namespace

extern "C" {

FLOWSTATE_API int flowstate_log_set_callback(flowstate_log_fn fn, void* user_data, int min_level) {
  return Guard([&] {
    if (!ValidLevel(min_level)) return BadLevel(min_level);
    if (fn == nullptr) {
      core::SetLogSink(nullptr, static_cast<core::LogLevel>(min_level));
      return flowstate::capi::kOk;
    }
    core::SetLogSink(
        [fn, user_data](core::LogLevel level, std::string_view component, std::string_view msg) {
          // The callback sees NUL-terminated copies; both are borrowed for the call only.
          std::string c(component);
          std::string m(msg);
          fn(user_data, static_cast<flowstate_log_level>(level), c.c_str(), m.c_str());
        },
        static_cast<core::LogLevel>(min_level));
    return flowstate::capi::kOk;
  });
}

FLOWSTATE_API int flowstate_log_set_level(int min_level) {
  return Guard([&] {
    if (!ValidLevel(min_level)) return BadLevel(min_level);
    core::SetLogLevel(static_cast<core::LogLevel>(min_level));
    return flowstate::capi::kOk;
  });
}

FLOWSTATE_API int flowstate_log_write(int level, const char* component, const char* message) {
  return Guard([&] {
    if (!ValidLevel(level) || level == FLOWSTATE_LOG_OFF) return BadLevel(level);
    if (component == nullptr) return NullArgument("component");
    if (message == nullptr) return NullArgument("message");
    core::LogMessage(static_cast<core::LogLevel>(level), component, message);
    return flowstate::capi::kOk;
  });
}

}  // extern "C"
