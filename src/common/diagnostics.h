// Diagnostics: the positioned findings that parsers, validators and verifiers report.
//
// Thread-safety: not synchronised; one owner at a time.
#ifndef FLOWSTATE_SRC_COMMON_DIAGNOSTICS_H_
#define FLOWSTATE_SRC_COMMON_DIAGNOSTICS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/enums.h"
#include "common/status.h"
#include "common/text_position.h"

namespace flowstate::core {

enum class Severity : int { FLOWSTATE_ENUM_VALUES_SEVERITY(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(Severity) { return enum_type::severity; }

const char* SeverityName(Severity severity);  // "note", "warning", "error"

struct Diagnostic {
  Severity severity = Severity::kError;
  Code code = Code::kParse;
  std::string message;
  std::string source;       // input name; empty = not known
  int64_t offset = -1;      // byte offset of the start; -1 = not known
  int64_t end_offset = -1;  // byte offset just past the end; -1 = not known
  int64_t line = -1;        // 1-based; -1 = not known
  int64_t column = -1;      // 1-based, in code points; -1 = not known
  std::string path;         // file, URI or JSON path; empty = not known
  int http_status = 0;      // 0 = not an HTTP finding

  // "source:line:column: error: message", with the parts that are known.
  std::string ToString() const;
};

class Diagnostics {
 public:
  void Add(Diagnostic d) { entries_.push_back(std::move(d)); }

  // Adds an entry positioned at text[offset, end_offset), computing line and column.
  void AddAt(Severity severity, Code code, std::string message, std::string_view source,
             std::string_view text, size_t offset, size_t end_offset);
  // Same with an index built once for many entries over one text.
  void AddAt(Severity severity, Code code, std::string message, std::string_view source,
             const LineIndex& index, size_t offset, size_t end_offset);

  void Error(Code code, std::string message) {
    Add(Diagnostic{Severity::kError, code, std::move(message)});
  }
  void Warning(Code code, std::string message) {
    Add(Diagnostic{Severity::kWarning, code, std::move(message)});
  }

  // Appends every entry of `other`.
  void Append(const Diagnostics& other);

  const std::vector<Diagnostic>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  size_t error_count() const;
  bool has_errors() const { return error_count() > 0; }
  void clear() { entries_.clear(); }

  // One line per entry.
  std::string ToString() const;

  // OK when there is no error entry; else a Status with the first error's code and a
  // message naming it and how many more there are.
  Status ToStatus() const;

 private:
  std::vector<Diagnostic> entries_;
};

}  // namespace flowstate::core

#endif  // FLOWSTATE_SRC_COMMON_DIAGNOSTICS_H_
