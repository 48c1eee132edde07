/// @file
/// flowstate/cancel.hpp: an owning, copyable-by-reference cancellation token.
#ifndef FLOWSTATE_CANCEL_HPP
#define FLOWSTATE_CANCEL_HPP

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <new>
#include <string_view>

#include "flowstate/cancel.h"
#include "flowstate/status.hpp"

namespace flowstate {

/// Thread-safe: cancel() from any thread while operations run elsewhere. Move-only.
class CancelToken {
 public:
  CancelToken() {
    flowstate_cancel_token* raw = nullptr;
    if (flowstate_cancel_token_new(&raw) != FLOWSTATE_OK) throw std::bad_alloc();
    handle_.reset(raw);
  }

  /// The C handle, for the C API (owned by this object).
  flowstate_cancel_token* get() const { return handle_.get(); }
  /// \copybrief flowstate_cancel_token_cancel
  /// (The C++ form of flowstate_cancel_token_cancel().)
  void cancel() { flowstate_cancel_token_cancel(handle_.get()); }
  /// \copybrief flowstate_cancel_token_is_cancelled
  /// (The C++ form of flowstate_cancel_token_is_cancelled().)
  bool is_cancelled() const { return flowstate_cancel_token_is_cancelled(handle_.get()) != 0; }
  /// True if cancelled within `timeout`.
  bool wait_for(std::chrono::milliseconds timeout) const {
    return flowstate_cancel_token_wait(handle_.get(), timeout.count()) == FLOWSTATE_E_CANCELLED;
  }

 private:
  detail::UniqueHandle<flowstate_cancel_token, flowstate_cancel_token_free> handle_;
};

/// Progress of a long operation (phase, done, total; total 0 when unknown). Return false to
/// stop the operation, which then fails with ErrorCode::cancelled.
using ProgressCallback = std::function<bool(std::string_view phase, uint64_t done, uint64_t total)>;

namespace detail {
/// A ProgressCallback behind a flowstate_progress_fn; user_data points at the callback.
inline int progress_trampoline(void* user, const char* phase, uint64_t done, uint64_t total) {
  const auto* fn = static_cast<const ProgressCallback*>(user);
  try {
    return (*fn)(phase, done, total) ? 0 : 1;
  } catch (...) {
    return 1;
  }
}

/// Points a C options struct's progress fields at `cb` (left alone when cb is empty).
inline void set_progress(flowstate_progress_fn* fn, void** user_data, const ProgressCallback& cb) {
  if (!cb) return;
  *fn = &progress_trampoline;
  *user_data = const_cast<ProgressCallback*>(&cb);
}

/// A long operation's deadline, token and progress as the C ABI takes them (the library's
/// defaults otherwise); `cb` must outlive the call that uses it.
inline flowstate_operation operation_to_c(int64_t timeout_ms, const CancelToken* cancel,
                                          const ProgressCallback& cb) {
  flowstate_operation op;
  flowstate_operation_init(&op);
  op.timeout_ms = timeout_ms;
  op.cancel = cancel ? cancel->get() : nullptr;
  set_progress(&op.progress, &op.progress_user_data, cb);
  return op;
}
}  // namespace detail

}  // namespace flowstate

#endif  // FLOWSTATE_CANCEL_HPP
