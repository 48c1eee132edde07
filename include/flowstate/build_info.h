/** @file
 * flowstate/build_info.h: what this copy of the library was built with and runs on.
 */
#ifndef FLOWSTATE_BUILD_INFO_H
#define FLOWSTATE_BUILD_INFO_H

#include "flowstate/common.h"

FLOWSTATE_BEGIN_DECLS

/**
 * A JSON object describing the library and its dependencies as linked at run time:
 *   {"flowstate": {"version", "abi", "compiler", "build_type", "sanitizers"},
 *    "curl": {"version", "ssl", "features": [...], "protocols": [...], "gssapi"},
 *    "sqlite": {"version", "source_id", "threadsafe", "compile_options": [...]},
 *    "rapidjson": {"version"}, "abseil": {"lts"}}
 * Keys may be added, never removed. Freed with flowstate_string_free().
 */
FLOWSTATE_API int flowstate_build_info_json(char** out);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_BUILD_INFO_H */
