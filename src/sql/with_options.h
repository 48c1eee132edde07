// WITH option lists: ('k' = 'v', ...) of CREATE TABLE / CATALOG / DATABASE and of Dinky's
// EXECUTE CDCSOURCE / JAR / PIPELINE, read with the tokenizer (never a regex), so values may
// hold ',', ')', '\' and '' escapes. A trailing comma is accepted and recorded; a duplicate
// key is an error naming both positions.
#ifndef FLOWSTATE_SRC_SQL_WITH_OPTIONS_H_
#define FLOWSTATE_SRC_SQL_WITH_OPTIONS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sql/parse_error.h"
#include "sql/statement.h"

namespace flowstate::core::sql {

struct Option {
  std::string key;                        // unquoted
  std::string value;                      // unquoted ('' -> ')
  size_t key_begin = 0, key_end = 0;      // the key token, quotes included
  size_t value_begin = 0, value_end = 0;  // the value token, quotes included
};

struct OptionList {
  bool found = false;           // the statement has a WITH (...) list
  size_t open = 0, close = 0;   // offsets of '(' and ')' (close == 0: never closed)
  std::vector<Option> options;  // in the order written
  bool trailing_comma = false;
  size_t trailing_comma_at = 0;
  // Commas preceded by whitespace after a value: Dinky's CDCSOURCE reader needs the comma
  // right after the closing quote.
  std::vector<size_t> spaced_commas;
  // ${name} entries left in the list (variables that were not substituted).
  std::vector<std::pair<size_t, size_t>> variable_entries;

  const Option* Find(std::string_view key) const;
};

// Finds the statement's WITH list (the first `WITH (` at its own level) and reads it.
OptionList ParseWithOptions(std::string_view text, const Statement& s, const ErrorSink& errors);

// Whether statements of this kind carry a WITH option list.
bool KindHasWithOptions(StatementKind kind);

}  // namespace flowstate::core::sql

#endif  // FLOWSTATE_SRC_SQL_WITH_OPTIONS_H_
