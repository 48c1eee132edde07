// C ABI: cancellation tokens (include/flowstate/cancel.h).
#include <chrono>

#include "capi/capi.h"

using flowstate::capi::Guard;
using flowstate::capi::GuardValue;
using flowstate::capi::GuardVoid;
using flowstate::capi::NullArgument;
namespace core = flowstate::core;

extern "C" {

FLOWSTATE_API int flowstate_cancel_token_new(flowstate_cancel_token** out) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = nullptr;
    auto* token = new flowstate_cancel_token();
    token->impl = std::make_shared<core::CancelToken>();
    *out = token;
    return flowstate::capi::kOk;
  });
}

FLOWSTATE_API void flowstate_cancel_token_free(flowstate_cancel_token* token) {
  GuardVoid([&] { delete token; });
}

FLOWSTATE_API int flowstate_cancel_token_cancel(flowstate_cancel_token* token) {
  return Guard([&] {
    if (token == nullptr) return NullArgument("token");
    token->impl->Cancel();
    return flowstate::capi::kOk;
  });
}

FLOWSTATE_API int flowstate_cancel_token_is_cancelled(const flowstate_cancel_token* token) {
  return GuardValue(0, [&] { return token != nullptr && token->impl->IsCancelled() ? 1 : 0; });
}

FLOWSTATE_API int flowstate_cancel_token_wait(const flowstate_cancel_token* token,
                                              int64_t timeout_ms) {
  return Guard([&] {
    if (token == nullptr) return NullArgument("token");
    if (token->impl->WaitFor(std::chrono::milliseconds(timeout_ms < 0 ? -1 : timeout_ms))) {
      return flowstate::capi::SetError(core::Code::kCancelled, "cancelled");
    }
    return flowstate::capi::SetError(core::Code::kTimeout, "wait timed out");
  });
}

}  // extern "C"
