// Internal helpers of the C ABI implementation: exception barriers, the thread-local last
// error, string hand-over, and the definitions of the opaque handles.
//
// Rule: every extern "C" function body is one call to Guard(), GuardValue() or GuardVoid(),
// so no exception ever crosses the C boundary (tests/tools/check_capi.py enforces it).
#ifndef FLOWSTATE_CAPI_CAPI_H_
#define FLOWSTATE_CAPI_CAPI_H_

#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/cancel.h"
#include "common/diagnostics.h"
#include "common/enums.h"
#include "common/status.h"
#include "flowstate/flowstate.h"
#include "http/http.h"

struct flowstate_diagnostics {
  flowstate::core::Diagnostics impl;
};

struct flowstate_cancel_token {
  std::shared_ptr<flowstate::core::CancelToken> impl;
};

namespace flowstate::capi {

// FLOWSTATE_OK as an int, so that lambdas returning it and error codes deduce one type.
inline constexpr int kOk = FLOWSTATE_OK;

// Records `status` as the calling thread's last error (message redacted) and returns its
// code; OK statuses return FLOWSTATE_OK and leave the last error alone.
int SetError(const core::Status& status) noexcept;
int SetError(core::Code code, std::string_view message) noexcept;

inline int Return(const core::Status& status) noexcept {
  return status.ok() ? FLOWSTATE_OK : SetError(status);
}

int CaughtException() noexcept;  // call from a catch block only

// The calling thread's last error.
int LastErrorCode() noexcept;
const char* LastErrorMessage() noexcept;  // never NULL
void ClearLastError() noexcept;

template <typename F>
int Guard(F&& f) noexcept {
  try {
    return f();
  } catch (...) {
    return CaughtException();
  }
}

template <typename T, typename F>
T GuardValue(T fallback, F&& f) noexcept {
  try {
    return f();
  } catch (...) {
    CaughtException();
    return fallback;
  }
}

template <typename F>
void GuardVoid(F&& f) noexcept {
  try {
    f();
  } catch (...) {
    CaughtException();
  }
}

// A caller's versioned struct: any version from 1 up to the one this library knows
// (`current`); UNSUPPORTED_VERSION naming the struct otherwise.
core::Status CheckVersion(unsigned int version, unsigned int current, const char* what);
// The same when layouts before `oldest` are no longer read (UNSUPPORTED_VERSION saying so).
core::Status CheckVersionFrom(unsigned int version, unsigned int oldest, unsigned int current,
                              const char* what);

// The progress callback of a C struct as a core one (empty when fn is NULL).
core::ProgressFn ToProgress(flowstate_progress_fn fn, void* user_data);
// A long operation's deadline, token and progress (NULL: none of them).
core::Result<core::OperationContext> OperationIn(const flowstate_operation* op);

// An int the caller passed for an enumeration E, checked against E's table: INVALID_ARGUMENT
// naming the enumeration and its values when it is none of them.
// *out <- `in`, checked: its version, a URL, header arrays that match their count, values a
// request can use. Errors name the field as `what` + field ("options->endpoint.url").
core::Status EndpointIn(const flowstate_endpoint& in, std::string_view what, core::Endpoint* out);

core::Status UnknownEnumValue(int type, int value);
template <typename E>
core::Result<E> EnumArg(int value) {
  if (!core::IsValid<E>(value)) return UnknownEnumValue(core::EnumTypeId<E>(), value);
  return static_cast<E>(value);
}

// INVALID_ARGUMENT naming the parameter that was NULL.
int NullArgument(const char* name) noexcept;

// ---- the adapter's small conversions, once for every file ----

// A borrowed C string for an optional text: NULL when empty.
inline const char* OrNull(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }
// A C string in, "" for NULL.
inline std::string Str(const char* s) { return s == nullptr ? std::string() : std::string(s); }
// Optional integers cross the ABI as -1 for "none".
inline int64_t OrMinus(const std::optional<int64_t>& v) { return v ? *v : -1; }
inline std::optional<int64_t> Opt(int64_t v) {
  return v < 0 ? std::nullopt : std::optional<int64_t>(v);
}
// Bounds-checked row access: nullptr when `rows` is NULL or `i` is out of range.
template <typename T>
const T* At(const std::vector<T>* rows, size_t i) {
  return rows != nullptr && i < rows->size() ? &(*rows)[i] : nullptr;
}
// The body of every flowstate_<record>_get(): checks `out` and the version the caller set,
// then fills it from `row` (INVALID_ARGUMENT when there is no row: index out of range).
template <typename Out, typename Row, typename Fill>
int FillOut(Out* out, unsigned int current, const char* type, const Row* row, Fill fill) {
  if (out == nullptr) return NullArgument("out");
  core::Status v = CheckVersion(out->version, current, type);
  if (!v.ok()) return SetError(v);
  if (row == nullptr) return SetError(core::Code::kInvalidArgument, "index out of range");
  fill(*row, out);
  return kOk;
}
// Hands a new object to the caller's out-parameter.
template <typename T>
int Give(T** out, std::unique_ptr<T> value) {
  *out = value.release();
  return kOk;
}

// A malloc'ed, NUL-terminated copy for the caller (freed with flowstate_string_free), or
// throws std::bad_alloc.
char* CopyOut(std::string_view s);

// Text of a (pointer, length) pair where len == (size_t)-1 means NUL-terminated.
std::string_view TextArg(const char* text, size_t len);

}  // namespace flowstate::capi

#endif  // FLOWSTATE_CAPI_CAPI_H_
