// What kind of statement a piece of script is, from its leading keywords.
#ifndef FLOWSTATE_SRC_SQL_CLASSIFY_H_
#define FLOWSTATE_SRC_SQL_CLASSIFY_H_

#include <string_view>

#include "sql/statement.h"

namespace flowstate::core::sql {

// Sets kind, flags and the named object of `s` (whose begin/end are set) from text.
// Keywords are case-insensitive; an unrecognised statement is kUnknown, never dropped.
void Classify(std::string_view text, Statement* s);

// Where a statement set opens inside a statement: the offset just past "BEGIN" of
// `EXECUTE STATEMENT SET BEGIN` / `EXPLAIN ... STATEMENT SET BEGIN`, or 0 when the
// statement does not open one.
size_t StatementSetBodyStart(std::string_view text, const Statement& s);

}  // namespace flowstate::core::sql

#endif  // FLOWSTATE_SRC_SQL_CLASSIFY_H_
