// Cancellation, deadlines and progress for long operations.
#ifndef FLOWSTATE_SRC_COMMON_CANCEL_H_
#define FLOWSTATE_SRC_COMMON_CANCEL_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>

#include "common/status.h"

namespace flowstate::core {

// A one-way flag that any thread may raise and long operations check.
// Thread-safety: all members may be called concurrently.
class CancelToken {
 public:
  void Cancel();
  bool IsCancelled() const { return cancelled_.load(std::memory_order_acquire); }
  // Waits until cancelled (true) or `timeout` passes (false). A negative timeout waits
  // without limit.
  bool WaitFor(std::chrono::milliseconds timeout) const;

 private:
  std::atomic<bool> cancelled_{false};
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
};

// A point in time on the steady clock, or none (never expires).
class Deadline {
 public:
  using Clock = std::chrono::steady_clock;
  static Deadline Never() { return Deadline(); }
  static Deadline After(std::chrono::milliseconds d) { return Deadline(Clock::now() + d); }
  // timeout_ms < 0 means never.
  static Deadline FromTimeoutMs(int64_t timeout_ms) {
    return timeout_ms < 0 ? Never() : After(std::chrono::milliseconds(timeout_ms));
  }

  bool is_never() const { return never_; }
  bool Expired() const { return !never_ && Clock::now() >= at_; }
  // Time left, at least zero; a large value for Never().
  std::chrono::milliseconds Remaining() const;

 private:
  Deadline() = default;
  explicit Deadline(Clock::time_point at) : never_(false), at_(at) {}
  bool never_ = true;
  Clock::time_point at_{};
};

// Returns false to cancel the operation.
using ProgressFn = std::function<bool(std::string_view phase, uint64_t done, uint64_t total)>;

// What a long operation is given: a token, a deadline and a progress callback, all
// optional. Thread-safety: used by the one thread that runs the operation.
struct OperationContext {
  std::shared_ptr<const CancelToken> cancel;
  Deadline deadline = Deadline::Never();
  ProgressFn progress;

  // CANCELLED or TIMEOUT naming `what`, or OK.
  Status Check(std::string_view what) const;
  // Reports progress, then checks; CANCELLED when the callback asks to stop.
  Status Progress(std::string_view phase, uint64_t done, uint64_t total) const;
  // Sleeps up to `d` (less if the deadline is nearer), waking early on cancellation;
  // returns what Check() returns afterwards.
  Status Sleep(std::chrono::milliseconds d, std::string_view what) const;
};

// The context of the operation running on this thread: set for the length of an operation
// by a ContextScope, so that every HTTP exchange made under it, however deep (a WebHDFS
// listing inside a storage scan inside a restore decision), is bounded by its deadline and
// abandoned when its token fires, retries and their back-off included. nullptr outside any.
const OperationContext* CurrentContext();

// Puts `context` in force on this thread until the scope ends (then the one before it
// again). The context must outlive the scope.
class ContextScope {
 public:
  explicit ContextScope(const OperationContext& context);
  ~ContextScope();
  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

 private:
  const OperationContext* previous_;
};

// Waits `d` under the context in force (see OperationContext::Sleep), or plainly outside any;
// CANCELLED or TIMEOUT naming `what` when the context ends first.
Status SleepInContext(std::chrono::milliseconds d, std::string_view what);

}  // namespace flowstate::core

#endif  // FLOWSTATE_SRC_COMMON_CANCEL_H_
