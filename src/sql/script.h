// A Flink SQL script read by Flink's rules: its statements with kinds, positions and
// statement-set structure, Dinky's variables substituted, and every problem found on the way
// as a positioned diagnostic. The detailed readers (SET, WITH lists, CDCSOURCE) and the lint
// work on a parsed Script.
//
// Positions (offsets, lines, columns) always refer to the source text as given, also when
// variables were substituted. Statement text is the substituted text.
//
// Thread-safety: immutable after Parse(); const methods may be called concurrently.
#ifndef FLOWSTATE_SRC_SQL_SCRIPT_H_
#define FLOWSTATE_SRC_SQL_SCRIPT_H_

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "common/diagnostics.h"
#include "common/text_position.h"
#include "sql/block_masks.h"
#include "sql/cdc_source.h"
#include "sql/set_statement.h"
#include "sql/statement.h"
#include "sql/variables.h"
#include "sql/with_options.h"

namespace flowstate::core::sql {

// When Dinky's ${name} variables are substituted. Dinky substitutes only with its fragment
// switch on; to Flink, ${name} is text like any other.
enum class VariableMode : int { FLOWSTATE_ENUM_VALUES_VARIABLE_MODE(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(VariableMode) { return enum_type::variable_mode; }

struct ParseOptions {
  std::string source_name = "<script>";                     // names the input in diagnostics
  VariableMode substitute_variables = VariableMode::kAuto;  // Dinky's `name := value` and ${name}
  std::map<std::string, std::string> variables;  // defined by the host (global variables)
  Isa isa = Isa::kAuto;                          // which SIMD path splits; kAuto picks the best
};

class Script {
 public:
  // Parses a copy of `text`.
  static Script Parse(std::string text, const ParseOptions& options = {});
  // Parses `text` in place. REQUIRES: text outlives the Script.
  static Script ParseView(std::string_view text, const ParseOptions& options = {});

  Script(Script&&) = default;
  Script& operator=(Script&&) = default;

  std::string_view source() const { return source_; }
  std::string_view text() const { return text_; }  // after substitution
  bool substituted() const { return !map_.identity(); }
  const std::string& source_name() const { return source_name_; }
  Isa isa() const { return isa_; }

  size_t size() const { return statements_.size(); }
  const Statement& operator[](size_t i) const { return statements_[i]; }
  const StatementList& statements() const { return statements_; }

  // Offsets of statement i in the source (statement records hold text offsets).
  size_t SourceBegin(size_t i) const { return map_.ToSource(statements_[i].begin); }
  size_t SourceEnd(size_t i) const;
  size_t ToSource(size_t text_offset) const { return map_.ToSource(text_offset); }
  // The statement's text as it will run (after substitution), secrets included.
  std::string_view RawText(size_t i) const;
  // The same with secret values redacted, for logs, errors, the CLI and storage.
  std::string RedactedText(size_t i) const;
  // The object the statement names (a table, catalog, job name, ...), or empty.
  std::string_view Name(size_t i) const;

  // Problems found while reading: unterminated strings, comments and identifiers,
  // statement sets without END, unknown variables.
  const Diagnostics& diagnostics() const { return diagnostics_; }
  // Variables in effect at the end of the script (host ones, then the script's).
  const std::map<std::string, std::string>& variables() const { return variables_; }

  // Detailed readers of statement i; problems go to `diags` (may be null) with positions.
  // REQUIRES: the statement has the matching kind (kSet/kReset; a kind with WITH options;
  // kExecuteCdcSource).
  SetStatement ReadSet(size_t i, Diagnostics* diags) const;
  OptionList ReadWithOptions(size_t i, Diagnostics* diags) const;
  CdcSource ReadCdcSource(size_t i, Diagnostics* diags) const;

  // A diagnostic at text offsets [begin, end), positioned in the source.
  Diagnostic MakeDiagnostic(Severity severity, Code code, size_t text_begin, size_t text_end,
                            std::string message) const;
  // An ErrorSink that appends to `diags` (nothing when null).
  ErrorSink SinkTo(Diagnostics* diags) const;
  // Source position of a source offset.
  TextPosition SourcePosition(size_t source_offset) const;

 private:
  Script() = default;
  static Script Build(std::unique_ptr<std::string> owned, std::string_view text,
                      const ParseOptions& options);
  void Split(std::string_view text, BlockMaskFn fn);
  void ComputePositions();

  struct Lazy {
    std::once_flag once;
    std::unique_ptr<LineIndex> index;
  };

  std::unique_ptr<std::string> owned_;     // the source, when the Script owns it
  std::unique_ptr<std::string> expanded_;  // the substituted text, when it differs
  std::string_view source_;
  std::string_view text_;
  SourceMap map_;
  std::string source_name_;
  Isa isa_ = Isa::kScalar;
  StatementList statements_;
  Diagnostics diagnostics_;
  std::map<std::string, std::string> variables_;
  std::unique_ptr<Lazy> lazy_ = std::make_unique<Lazy>();
};

}  // namespace flowstate::core::sql

#endif  // FLOWSTATE_SRC_SQL_SCRIPT_H_
