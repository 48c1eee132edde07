// What this copy of the library was built with and runs on (for `flowstate doctor`).
#ifndef FLOWSTATE_SRC_COMMON_BUILD_INFO_H_
#define FLOWSTATE_SRC_COMMON_BUILD_INFO_H_

#include <string>

namespace flowstate::core {

// The JSON document described in include/flowstate/build_info.h.
std::string BuildInfoJson();

}  // namespace flowstate::core

#endif  // FLOWSTATE_SRC_COMMON_BUILD_INFO_H_
