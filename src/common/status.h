// Status and Result<T>: how every fallible function of the core reports failure.
//
// Thread-safety: values; a const Status or Result may be read from several threads.
#ifndef FLOWSTATE_SRC_COMMON_STATUS_H_
#define FLOWSTATE_SRC_COMMON_STATUS_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace flowstate::core {

enum class Code : int {
#define FLOWSTATE_ERROR_ROW(enumerator, name, value, exit_code, description) enumerator = value,
#include "common/error_table.inc"
#undef FLOWSTATE_ERROR_ROW
};

// Name ("NOT_FOUND"), description and CLI exit code of a code; unknown codes give
// "UNKNOWN", "unknown error code" and the INTERNAL exit code.
const char* CodeName(int code);
const char* CodeDescription(int code);
int CodeExitCode(int code);
bool IsKnownCode(int code);
// All codes in table order (OK first).
size_t CodeCount();
int CodeAt(size_t index);

// A Status is OK (no allocation) or a code with a message. Messages are written for the
// person reading them: they say what was expected and where, and never contain secrets.
class Status {
 public:
  Status() = default;
  Status(Code code, std::string message);

  static Status Ok() { return Status(); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status Parse(std::string msg) { return Status(Code::kParse, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status AlreadyExists(std::string msg) {
    return Status(Code::kAlreadyExists, std::move(msg));
  }
  static Status IllegalState(std::string msg) {
    return Status(Code::kIllegalState, std::move(msg));
  }
  static Status Io(std::string msg) { return Status(Code::kIo, std::move(msg)); }
  static Status Remote(std::string msg) { return Status(Code::kRemote, std::move(msg)); }
  static Status Unavailable(std::string msg) { return Status(Code::kUnavailable, std::move(msg)); }
  static Status Timeout(std::string msg) { return Status(Code::kTimeout, std::move(msg)); }
  static Status Cancelled(std::string msg) { return Status(Code::kCancelled, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }
  static Status Corrupt(std::string msg) { return Status(Code::kCorrupt, std::move(msg)); }
  static Status UnsupportedVersion(std::string msg) {
    return Status(Code::kUnsupportedVersion, std::move(msg));
  }
  static Status PermissionDenied(std::string msg) {
    return Status(Code::kPermissionDenied, std::move(msg));
  }
  static Status NoMemory(std::string msg) { return Status(Code::kNoMemory, std::move(msg)); }
  static Status Unsupported(std::string msg) { return Status(Code::kUnsupported, std::move(msg)); }
  static Status Conflict(std::string msg) { return Status(Code::kConflict, std::move(msg)); }

  bool ok() const { return rep_ == nullptr; }
  Code code() const { return rep_ ? rep_->code : Code::kOk; }
  // Empty for OK.
  const std::string& message() const;
  // "NOT_FOUND: job 'x' not found", or "OK".
  std::string ToString() const;

  // A copy whose message is prefixed with `context: `, keeping the code.
  Status WithContext(std::string_view context) const;

  bool Is(Code c) const { return code() == c; }

 private:
  struct Rep {
    Code code;
    std::string message;
  };
  std::shared_ptr<const Rep> rep_;  // null = OK; shared so copies are cheap
};

// Either a T or a non-OK Status.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (status_.ok()) status_ = Status::Internal("Result constructed from an OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // REQUIRES: ok()
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace flowstate::core

#define FLOWSTATE_CONCAT_INNER_(a, b) a##b
#define FLOWSTATE_CONCAT_(a, b) FLOWSTATE_CONCAT_INNER_(a, b)

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define FS_RETURN_IF_ERROR(expr)                   \
  do {                                             \
    ::flowstate::core::Status fs_status_ = (expr); \
    if (!fs_status_.ok()) return fs_status_;       \
  } while (0)

// Evaluates a Result<T> expression; returns its Status on failure, else moves the value
// into `lhs` (which may be a declaration such as `auto x`).
#define FS_ASSIGN_OR_RETURN(lhs, expr) \
  FS_ASSIGN_OR_RETURN_IMPL_(FLOWSTATE_CONCAT_(fs_result_, __LINE__), lhs, expr)
#define FS_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

#endif  // FLOWSTATE_SRC_COMMON_STATUS_H_
