// SET and RESET in every form users write:
//   SET                      list            RESET            reset all
//   SET a.b = 1              unquoted        RESET 'a.b'      quoted
//   SET 'a.b' = '1'          quoted          RESET a.b        unquoted
//   SET 'a.b = 1'            one quoted string (the form of Flink's SQL client 1.x docs)
//   SET a.b=1 ;   SET k = Asia/Shanghai   SET k = 1 min      values may hold spaces
#ifndef FLOWSTATE_SRC_SQL_SET_STATEMENT_H_
#define FLOWSTATE_SRC_SQL_SET_STATEMENT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "sql/parse_error.h"
#include "sql/statement.h"

namespace flowstate::core::sql {

struct SetStatement {
  bool reset = false;    // RESET rather than SET
  bool has_key = false;  // false: SET alone (list) or RESET alone (reset all)
  std::string key;
  std::string value;  // empty for RESET
  // Ranges in the script text (exclusive ends); for quoted forms they include the quotes.
  size_t key_begin = 0, key_end = 0;
  size_t value_begin = 0, value_end = 0;
  bool valid = true;  // false when an error was reported
};

// REQUIRES: s.kind is kSet or kReset.
SetStatement ParseSetStatement(std::string_view text, const Statement& s, const ErrorSink& errors);

}  // namespace flowstate::core::sql

#endif  // FLOWSTATE_SRC_SQL_SET_STATEMENT_H_
