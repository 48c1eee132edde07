// Dinky's variables: `name := value` statements define them, `${name}` uses them (in
// statement text and inside string literals, not in comments). A use of a name that is not
// defined before it (by the script or by the host) is an error naming it at its position.
// Inside EXECUTE CDCSOURCE, ${schemaName} and ${tableName} are Dinky's per-table
// placeholders and stay as written; ${secret:NAME} references stay as written everywhere.
//
// Substitution produces a new text and a map from its offsets back to the source, so that
// every later position still points into what the user wrote.
#ifndef FLOWSTATE_SRC_SQL_VARIABLES_H_
#define FLOWSTATE_SRC_SQL_VARIABLES_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sql/parse_error.h"
#include "sql/statement.h"

namespace flowstate::core::sql {

// Maps offsets of the substituted text back to the source.
class SourceMap {
 public:
  struct Replacement {
    size_t source_begin, source_end;  // the ${name} in the source
    size_t text_begin, text_end;      // its value in the substituted text
  };
  bool identity() const { return replacements_.empty(); }
  void Add(const Replacement& r) { replacements_.push_back(r); }
  // An offset inside a value maps to the start of its ${name}.
  size_t ToSource(size_t text_offset) const;
  const std::vector<Replacement>& replacements() const { return replacements_; }

 private:
  std::vector<Replacement> replacements_;  // in increasing order
};

struct Substitution {
  std::string text;
  SourceMap map;
  std::map<std::string, std::string> variables;  // host ones, then the script's, as defined
  bool changed = false;
};

inline constexpr const char* kCdcSourcePlaceholders[] = {"schemaName", "tableName"};
// ${secret:NAME} references (the catalog's stand-ins for secret values) stay as written.
inline constexpr std::string_view kSecretReferencePrefix = "secret:";

// Reports errors with source offsets.
Substitution SubstituteVariables(std::string_view source, const StatementList& statements,
                                 const std::map<std::string, std::string>& host_variables,
                                 const ErrorSink& errors);

// The value of a `name := value` statement (trimmed text after ':=').
std::string_view VariableValue(std::string_view text, const Statement& s);

}  // namespace flowstate::core::sql

#endif  // FLOWSTATE_SRC_SQL_VARIABLES_H_
