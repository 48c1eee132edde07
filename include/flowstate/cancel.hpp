// flowstate/cancel.hpp: an owning, copyable-by-reference cancellation token.
#ifndef FLOWSTATE_CANCEL_HPP
#define FLOWSTATE_CANCEL_HPP

#include <chrono>
#include <memory>
#include <new>

#include "flowstate/cancel.h"
#include "flowstate/status.hpp"

namespace flowstate {

// Thread-safe: cancel() from any thread while operations run elsewhere. Move-only.
class CancelToken {
 public:
  CancelToken() {
    flowstate_cancel_token* raw = nullptr;
    if (flowstate_cancel_token_new(&raw) != FLOWSTATE_OK) throw std::bad_alloc();
    handle_.reset(raw);
  }

  flowstate_cancel_token* get() const { return handle_.get(); }
  void cancel() { flowstate_cancel_token_cancel(handle_.get()); }
  bool is_cancelled() const { return flowstate_cancel_token_is_cancelled(handle_.get()) != 0; }
  // True if cancelled within `timeout`.
  bool wait_for(std::chrono::milliseconds timeout) const {
    return flowstate_cancel_token_wait(handle_.get(), timeout.count()) == FLOWSTATE_E_CANCELLED;
  }

 private:
  detail::UniqueHandle<flowstate_cancel_token, flowstate_cancel_token_free> handle_;
};

}  // namespace flowstate

#endif  // FLOWSTATE_CANCEL_HPP
