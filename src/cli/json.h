// JSON output of the flowstate program (--json): RapidJSON documents printed pretty.
#ifndef FLOWSTATE_SRC_CLI_JSON_H_
#define FLOWSTATE_SRC_CLI_JSON_H_

#include <iosfwd>
#include <string>
#include <string_view>

#include "rapidjson/document.h"

namespace flowstate::cli {

// Writes `value` indented by two spaces, followed by a newline.
void PrintJson(std::ostream& out, const rapidjson::Value& value);

// A JSON string value copied into `doc`'s allocator.
rapidjson::Value JsonString(std::string_view s, rapidjson::Document::AllocatorType& alloc);

}  // namespace flowstate::cli

#endif  // FLOWSTATE_SRC_CLI_JSON_H_
