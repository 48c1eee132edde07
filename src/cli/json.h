// JSON output of the flowstate program (--json): RapidJSON documents printed pretty.
#ifndef FLOWSTATE_SRC_CLI_JSON_H_
#define FLOWSTATE_SRC_CLI_JSON_H_

#include <iosfwd>
#include <string>
#include <string_view>

#include <vector>

#include "flowstate/status.hpp"
#include "rapidjson/document.h"

namespace flowstate::cli {

// Writes `value` indented by two spaces, followed by a newline.
void PrintJson(std::ostream& out, const rapidjson::Value& value);

// A JSON string value copied into `doc`'s allocator.
rapidjson::Value JsonString(std::string_view s, rapidjson::Document::AllocatorType& alloc);

// A diagnostic as a JSON object (fields that are not known are left out).
rapidjson::Value DiagnosticJson(const Diagnostic& d, rapidjson::Document::AllocatorType& alloc);

// Prints diagnostics one per line, as compilers do: source:line:column: severity: message.
void PrintDiagnostics(std::ostream& out, const std::vector<Diagnostic>& diags);

}  // namespace flowstate::cli

#endif  // FLOWSTATE_SRC_CLI_JSON_H_
