// Build facts compiled into the core, from the generated public version header and the
// build system (FLOWSTATE_BUILD_TYPE, FLOWSTATE_SANITIZERS).
#ifndef FLOWSTATE_SRC_COMMON_VERSION_H_
#define FLOWSTATE_SRC_COMMON_VERSION_H_

#include "flowstate/version.h"

namespace flowstate::core {

inline constexpr const char* kVersionString = FLOWSTATE_VERSION_STRING;
inline constexpr int kVersionMajor = FLOWSTATE_VERSION_MAJOR;
inline constexpr int kVersionNumber = FLOWSTATE_VERSION_NUMBER;

#if defined(__clang__)
inline constexpr const char* kCompiler = "clang " __clang_version__;
#elif defined(__GNUC__)
inline constexpr const char* kCompiler = "gcc " __VERSION__;
#else
inline constexpr const char* kCompiler = "unknown";
#endif

#ifdef FLOWSTATE_BUILD_TYPE
inline constexpr const char* kBuildType = FLOWSTATE_BUILD_TYPE;
#else
inline constexpr const char* kBuildType = "unknown";
#endif

#ifdef FLOWSTATE_SANITIZERS
inline constexpr const char* kSanitizers = FLOWSTATE_SANITIZERS;
#else
inline constexpr const char* kSanitizers = "none";
#endif

}  // namespace flowstate::core

#endif  // FLOWSTATE_SRC_COMMON_VERSION_H_
