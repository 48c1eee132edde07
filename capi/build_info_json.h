// What this copy of the library was built with and runs on (for `flowstate doctor`).
#ifndef FLOWSTATE_CAPI_BUILD_INFO_JSON_H_
#define FLOWSTATE_CAPI_BUILD_INFO_JSON_H_

#include <string>

namespace flowstate::core {

// The JSON document described in include/flowstate/build_info.h.
std::string BuildInfoJson();

}  // namespace flowstate::core

#endif  // FLOWSTATE_CAPI_BUILD_INFO_JSON_H_
