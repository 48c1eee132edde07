// C ABI: strings, version, error table and last error (include/flowstate/common.h, error.h).
#include <cstdlib>

#include "capi/capi.h"
#include "common/status.h"
#include "common/version.h"

using flowstate::capi::GuardValue;
using flowstate::capi::GuardVoid;
namespace core = flowstate::core;

extern "C" {

FLOWSTATE_API void flowstate_string_free(char* str) {
  GuardVoid([&] { std::free(str); });
}

FLOWSTATE_API const char* flowstate_version(void) {
  return GuardValue(core::kVersionString, [] { return core::kVersionString; });
}

FLOWSTATE_API int flowstate_version_number(void) {
  return GuardValue(core::kVersionNumber, [] { return core::kVersionNumber; });
}

FLOWSTATE_API int flowstate_error_last_code(void) {
  return GuardValue<int>(FLOWSTATE_E_INTERNAL, [] { return flowstate::capi::LastErrorCode(); });
}

FLOWSTATE_API const char* flowstate_error_last_message(void) {
  return GuardValue("", [] { return flowstate::capi::LastErrorMessage(); });
}

FLOWSTATE_API void flowstate_error_clear(void) {
  GuardVoid([] { flowstate::capi::ClearLastError(); });
}

FLOWSTATE_API const char* flowstate_error_name(int code) {
  return GuardValue("UNKNOWN", [&] { return core::CodeName(code); });
}

FLOWSTATE_API const char* flowstate_error_description(int code) {
  return GuardValue("unknown error code", [&] { return core::CodeDescription(code); });
}

FLOWSTATE_API int flowstate_error_exit_code(int code) {
  return GuardValue(70, [&] { return core::CodeExitCode(code); });
}

FLOWSTATE_API size_t flowstate_error_code_count(void) {
  return GuardValue<size_t>(0, [] { return core::CodeCount(); });
}

FLOWSTATE_API int flowstate_error_code_at(size_t index) {
  return GuardValue(1, [&] { return core::CodeAt(index); });
}

}  // extern "C"
