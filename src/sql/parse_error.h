// Where detailed parsers of one statement report problems: byte ranges in the script text,
// turned into positioned diagnostics by the caller (which knows the source mapping).
#ifndef FLOWSTATE_SRC_SQL_PARSE_ERROR_H_
#define FLOWSTATE_SRC_SQL_PARSE_ERROR_H_

#include <cstddef>
#include <functional>
#include <string>

#include "common/diagnostics.h"

namespace flowstate::core::sql {

using ErrorSink =
    std::function<void(Severity severity, size_t begin, size_t end, std::string message)>;

}  // namespace flowstate::core::sql

#endif  // FLOWSTATE_SRC_SQL_PARSE_ERROR_H_
