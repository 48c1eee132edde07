// C ABI: secret redaction (include/flowstate/redact.h).
#include "common/redact.h"
#include "absl/strings/str_join.h"
#include "capi/capi.h"

using flowstate::capi::Guard;
using flowstate::capi::GuardValue;
using flowstate::capi::GuardVoid;
using flowstate::capi::NullArgument;
namespace core = flowstate::core;

extern "C" {

FLOWSTATE_API int flowstate_redact_is_secret_key(const char* key) {
  return GuardValue(0, [&] { return key != nullptr && core::IsSecretKey(key) ? 1 : 0; });
}

FLOWSTATE_API int flowstate_redact_text(char** out, const char* text, size_t len) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    if (text == nullptr && len > 0) return NullArgument("text");
    *out = flowstate::capi::CopyOut(core::RedactText(std::string_view(text ? text : "", len)));
    return flowstate::capi::kOk;
  });
}

FLOWSTATE_API int flowstate_redact_add_pattern(const char* pattern) {
  return Guard([&] {
    if (pattern == nullptr) return NullArgument("pattern");
    return flowstate::capi::Return(core::AddRedactionPattern(pattern));
  });
}

FLOWSTATE_API int flowstate_redact_remove_pattern(const char* pattern) {
  return Guard([&] {
    if (pattern == nullptr) return NullArgument("pattern");
    return flowstate::capi::Return(core::RemoveRedactionPattern(pattern));
  });
}

FLOWSTATE_API void flowstate_redact_reset_patterns(void) {
  GuardVoid([] { core::ResetRedactionPatterns(); });
}

FLOWSTATE_API int flowstate_redact_patterns(char** out) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = flowstate::capi::CopyOut(absl::StrJoin(core::RedactionPatterns(), "\n"));
    return flowstate::capi::kOk;
  });
}

}  // extern "C"
