/// @file
/// flowstate/diagnostics.hpp: an owning wrapper of flowstate_diagnostics.
#ifndef FLOWSTATE_DIAGNOSTICS_HPP
#define FLOWSTATE_DIAGNOSTICS_HPP

#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "flowstate/diagnostics.h"
#include "flowstate/status.hpp"

namespace flowstate {

/// The list a call appends its findings to. Pass get() to C functions taking
/// `flowstate_diagnostics *`. Not thread-safe; move-only.
class Diagnostics {
 public:
  Diagnostics() {
    flowstate_diagnostics* raw = nullptr;
    if (flowstate_diagnostics_new(&raw) != FLOWSTATE_OK) throw std::bad_alloc();
    handle_.reset(raw);
  }

  /// The C handle, for the C API (owned by this object).
  flowstate_diagnostics* get() const { return handle_.get(); }
  /// \copybrief flowstate_diagnostics_count
  /// (The C++ form of flowstate_diagnostics_count().)
  size_t size() const { return flowstate_diagnostics_count(handle_.get()); }
  /// \copybrief flowstate_diagnostics_error_count
  /// (The C++ form of flowstate_diagnostics_error_count().)
  size_t error_count() const { return flowstate_diagnostics_error_count(handle_.get()); }
  /// Whether any diagnostic is an error.
  bool has_errors() const { return error_count() > 0; }
  /// \copybrief flowstate_diagnostics_clear
  /// (The C++ form of flowstate_diagnostics_clear().)
  void clear() { flowstate_diagnostics_clear(handle_.get()); }
  /// Every diagnostic, in the order added.
  std::vector<Diagnostic> entries() const { return detail::copy_diagnostics(handle_.get()); }

  /// Appends a diagnostic (flowstate_diagnostics_add()).
  Status add(Severity severity, ErrorCode code, std::string_view message,
             std::string_view source = {}, int64_t offset = -1, int64_t line = -1,
             int64_t column = -1) {
    std::string m(message), s(source);
    flowstate_diagnostic d;
    flowstate_diagnostic_init(&d);
    d.severity = static_cast<int>(severity);
    d.code = static_cast<int>(code);
    d.message = m.c_str();
    d.source = s.empty() ? nullptr : s.c_str();
    d.offset = offset;
    d.line = line;
    d.column = column;
    return Status::from_c(flowstate_diagnostics_add(handle_.get(), &d));
  }

  /// "source:line:column: severity: message" per line.
  std::string format() const {
    return detail::string_result(
               [&](char** out) { return flowstate_diagnostics_format(out, handle_.get()); })
        .value_or(std::string());
  }

 private:
  detail::UniqueHandle<flowstate_diagnostics, flowstate_diagnostics_free> handle_;
};

struct TextPosition {
  int64_t line = -1;
  int64_t column = -1;
};

/// 1-based line and code-point column of byte `offset` in `text`.
inline Result<TextPosition> text_position(std::string_view text, size_t offset) {
  TextPosition pos;
  int rc = flowstate_text_position(&pos.line, &pos.column, text.data(), text.size(), offset);
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  return pos;
}

}  // namespace flowstate

#endif  // FLOWSTATE_DIAGNOSTICS_HPP
