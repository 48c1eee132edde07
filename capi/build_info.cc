// C ABI: build information (include/flowstate/build_info.h).
#include "capi/build_info_json.h"
#include "capi/capi.h"

using flowstate::capi::Guard;
using flowstate::capi::NullArgument;

extern "C" {

FLOWSTATE_API int flowstate_build_info_json(char** out) {
  return Guard([&] {
    if (out == nullptr) return NullArgument("out");
    *out = flowstate::capi::CopyOut(flowstate::core::BuildInfoJson());
    return flowstate::capi::kOk;
  });
}

}  // extern "C"
