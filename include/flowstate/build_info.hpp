/// @file
/// flowstate/build_info.hpp: version and build information.
#ifndef FLOWSTATE_BUILD_INFO_HPP
#define FLOWSTATE_BUILD_INFO_HPP

#include <string>

#include "flowstate/build_info.h"
#include "flowstate/common.h"
#include "flowstate/status.hpp"

namespace flowstate {

/// Version of the library that is running (which may differ from FLOWSTATE_VERSION_STRING,
/// the version of the headers this program was compiled with).
inline std::string version() { return flowstate_version(); }
/// \copybrief flowstate_version_number
/// (The C++ form of flowstate_version_number().)
inline int version_number() { return flowstate_version_number(); }
/// True when the running library has the ABI (major version) these headers describe.
inline bool abi_compatible() { return FLOWSTATE_ABI_COMPATIBLE(flowstate_version_number()); }

/// See flowstate_build_info_json().
inline Result<std::string> build_info_json() {
  return detail::string_result([](char** out) { return flowstate_build_info_json(out); });
}

}  // namespace flowstate

#endif  // FLOWSTATE_BUILD_INFO_HPP
