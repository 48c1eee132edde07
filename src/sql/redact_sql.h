// Secrets in SQL, read as Flink reads the statement: the values of secret-named options in
// WITH lists, ALTER ... SET (...) lists, OPTIONS hints and SET statements, Dinky variables
// with secret names, and passwords in the user info of URLs inside string literals. Other
// text, comparisons and literals in queries included, is never changed.
//
// Thread-safety: stateless; uses the process-wide redaction patterns (common/redact.h).
#ifndef FLOWSTATE_SRC_SQL_REDACT_SQL_H_
#define FLOWSTATE_SRC_SQL_REDACT_SQL_H_

#include <string>
#include <string_view>

#include "sql/statement.h"

namespace flowstate::core::sql {

// The text of statement `s` of `text` ([s.begin, s.end)) with secret values replaced by
// kRedacted.
std::string RedactStatement(std::string_view text, const Statement& s);

}  // namespace flowstate::core::sql

#endif  // FLOWSTATE_SRC_SQL_REDACT_SQL_H_
