// Lint: every problem in a script that Flink (or Dinky) would trip over, each with its
// position: what reading found, plus SET and WITH errors, CDCSOURCE numbers and required
// options, statement-set contents, unbalanced parentheses, line comments that swallow
// statements (a script pasted onto one line), and the places where Dinky would split the
// script differently from Flink.
#ifndef FLOWSTATE_SRC_SQL_LINT_H_
#define FLOWSTATE_SRC_SQL_LINT_H_

#include <cstddef>
#include <optional>
#include <vector>

#include "common/diagnostics.h"
#include "common/flink_version.h"
#include "sql/script.h"

namespace flowstate::core::sql {

struct LintOptions {
  bool dinky = true;  // also report where Dinky would read the script differently
  // The Flink version the script is for: rules that changed between versions follow it
  // (CREATE TABLE AS inside a statement set from 1.16, REPLACE TABLE AS from 1.18). Without
  // one, what the newest version accepts is accepted.
  std::optional<FlinkVersion> flink_version;
};

// Appends every finding to `out`, ordered by position.
void LintScript(const Script& script, const LintOptions& options, Diagnostics* out);

// Where Dinky splits `text`: positions of the ';' at which its separator ;\s*(?:\n|--.*)
// matches once comments are removed (Dinky ignores quotes when it splits).
std::vector<size_t> DinkySplitPoints(std::string_view text);

}  // namespace flowstate::core::sql

#endif  // FLOWSTATE_SRC_SQL_LINT_H_
