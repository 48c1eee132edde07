/// @file
/// flowstate/status.hpp: errors of the C++ API: ErrorCode, Status, Result<T>, Error.
///
/// Header-only over the C ABI; the only binary contract is the C one.
#ifndef FLOWSTATE_STATUS_HPP
#define FLOWSTATE_STATUS_HPP

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flowstate/diagnostics.h"
#include "flowstate/enum_types.hpp"
#include "flowstate/error.h"

namespace flowstate {

/// Mirrors flowstate_error_code; the values are the C values.
enum class ErrorCode : int {
  ok = FLOWSTATE_OK,
  internal = FLOWSTATE_E_INTERNAL,
  invalid_argument = FLOWSTATE_E_INVALID_ARGUMENT,
  parse = FLOWSTATE_E_PARSE,
  not_found = FLOWSTATE_E_NOT_FOUND,
  already_exists = FLOWSTATE_E_ALREADY_EXISTS,
  illegal_state = FLOWSTATE_E_ILLEGAL_STATE,
  io = FLOWSTATE_E_IO,
  remote = FLOWSTATE_E_REMOTE,
  unavailable = FLOWSTATE_E_UNAVAILABLE,
  timeout = FLOWSTATE_E_TIMEOUT,
  cancelled = FLOWSTATE_E_CANCELLED,
  busy = FLOWSTATE_E_BUSY,
  corrupt = FLOWSTATE_E_CORRUPT,
  unsupported_version = FLOWSTATE_E_UNSUPPORTED_VERSION,
  permission_denied = FLOWSTATE_E_PERMISSION_DENIED,
  no_memory = FLOWSTATE_E_NO_MEMORY,
  unsupported = FLOWSTATE_E_UNSUPPORTED,
  conflict = FLOWSTATE_E_CONFLICT,
};

/// \copybrief flowstate_error_name
/// (The C++ form of flowstate_error_name().)
inline const char* error_name(ErrorCode code) {
  return flowstate_error_name(static_cast<int>(code));
}

/// One finding, owned. Unknown positions are -1, an unknown HTTP status 0.
struct Diagnostic {
  Severity severity = Severity::error;
  ErrorCode code = ErrorCode::ok;
  std::string message;
  std::string source;
  int64_t offset = -1;
  int64_t end_offset = -1;
  int64_t line = -1;
  int64_t column = -1;
  std::string path;
  int http_status = 0;
};

namespace detail {
inline std::string or_empty(const char* s) { return s ? std::string(s) : std::string(); }

inline std::vector<Diagnostic> copy_diagnostics(const flowstate_diagnostics* d) {
  std::vector<Diagnostic> out;
  size_t n = flowstate_diagnostics_count(d);
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    flowstate_diagnostic c;
    flowstate_diagnostic_init(&c);
    if (flowstate_diagnostics_get(d, i, &c) != FLOWSTATE_OK) continue;
    Diagnostic x;
    x.severity = static_cast<Severity>(c.severity);
    x.code = static_cast<ErrorCode>(c.code);
    x.message = or_empty(c.message);
    x.source = or_empty(c.source);
    x.offset = c.offset;
    x.end_offset = c.end_offset;
    x.line = c.line;
    x.column = c.column;
    x.path = or_empty(c.path);
    x.http_status = c.http_status;
    out.push_back(std::move(x));
  }
  return out;
}
}  // namespace detail

/// OK, or a code with the library's message and, where the call had them, diagnostics.
class Status {
 public:
  Status() = default;
  /// OK, or a failure with its code, message and diagnostics.
  Status(ErrorCode code, std::string message, std::vector<Diagnostic> diagnostics = {})
      : code_(code), message_(std::move(message)), diagnostics_(std::move(diagnostics)) {}

  /// The status of a C call's return code: OK for 0, else the thread's last error.
  static Status from_c(int rc, const flowstate_diagnostics* diags = nullptr) {
    if (rc == FLOWSTATE_OK) return Status();
    std::string message = flowstate_error_last_code() == rc
                              ? std::string(flowstate_error_last_message())
                              : std::string(flowstate_error_description(rc));
    return Status(static_cast<ErrorCode>(rc), std::move(message),
                  diags ? detail::copy_diagnostics(diags) : std::vector<Diagnostic>());
  }

  /// Whether the call succeeded.
  bool ok() const { return code_ == ErrorCode::ok; }
  /// Whether the call succeeded.
  explicit operator bool() const { return ok(); }
  /// The code: ErrorCode::ok on success.
  ErrorCode code() const { return code_; }
  /// What failed and why ("" on success).
  const std::string& message() const { return message_; }
  /// The diagnostics that came with the failure (positions and what was expected).
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  /// "NOT_FOUND: message"
  std::string to_string() const {
    return ok() ? std::string("OK") : std::string(error_name(code_)) + ": " + message_;
  }

 private:
  ErrorCode code_ = ErrorCode::ok;
  std::string message_;
  std::vector<Diagnostic> diagnostics_;
};

/// Thrown by Result<T>::value() and by throw_if_error() on a failed status.
class Error : public std::runtime_error {
 public:
  /// An exception carrying `status` (its what() is status.to_string()).
  explicit Error(Status status)
      : std::runtime_error(status.to_string()), status_(std::move(status)) {}
  /// The failed status: code, message and diagnostics.
  const Status& status() const noexcept { return status_; }
  /// The failed status's code.
  ErrorCode code() const noexcept { return status_.code(); }

 private:
  Status status_;
};

/// Throws flowstate::Error when `status` is not OK.
inline void throw_if_error(const Status& status) {
  if (!status.ok()) throw Error(status);
}

/// A T, or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  /// A result holding a value, or the failed Status that explains why there is none (an OK status
  /// becomes INTERNAL).
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  /// A result holding a value, or the failed Status that explains why there is none (an OK status
  /// becomes INTERNAL).
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (status_.ok()) status_ = Status(ErrorCode::internal, "Result constructed from an OK status");
  }

  /// Whether the result holds a value.
  bool ok() const { return value_.has_value(); }
  /// Whether the result holds a value.
  explicit operator bool() const { return ok(); }
  /// Why there is no value (OK when there is one).
  const Status& status() const { return status_; }

  /// Throws flowstate::Error when !ok().
  T& value() & {
    throw_if_error(status_);
    return *value_;
  }
  /// The value; throws flowstate::Error when !ok().
  const T& value() const& {
    throw_if_error(status_);
    return *value_;
  }
  /// The value; throws flowstate::Error when !ok().
  T value() && {
    throw_if_error(status_);
    return std::move(*value_);
  }
  /// The value, or `fallback` when there is none.
  T value_or(T fallback) const& { return ok() ? *value_ : std::move(fallback); }
  /// REQUIRES: ok()
  T& operator*() { return *value_; }
  /// The value. REQUIRES: ok().
  const T& operator*() const { return *value_; }
  /// The value's members. REQUIRES: ok().
  T* operator->() { return &*value_; }
  /// The value's members. REQUIRES: ok().
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

namespace detail {
/// A unique_ptr that frees a C handle with its flowstate_*_free function.
template <typename T, void (*FreeFn)(T*)>
struct HandleDeleter {
  void operator()(T* p) const { FreeFn(p); }
};
template <typename T, void (*FreeFn)(T*)>
using UniqueHandle = std::unique_ptr<T, HandleDeleter<T, FreeFn>>;

/// Takes ownership of a string the library allocated.
inline std::string take_string(char* s) {
  std::string out = s ? std::string(s) : std::string();
  flowstate_string_free(s);
  return out;
}

/// Result<std::string> of a C call that fills a char**.
template <typename F>
Result<std::string> string_result(F&& call) {
  char* out = nullptr;
  int rc = call(&out);
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  return take_string(out);
}
}  // namespace detail

}  // namespace flowstate

#endif  // FLOWSTATE_STATUS_HPP
