#include "common/cancel.h"

#include <algorithm>
#include <thread>

#include "common/strings.h"

namespace flowstate::core {

void CancelToken::Cancel() {
  {
    std::lock_guard lock(mu_);
    cancelled_.store(true, std::memory_order_release);
  }
  cv_.notify_all();
}

bool CancelToken::WaitFor(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  auto done = [this] { return cancelled_.load(std::memory_order_acquire); };
  if (timeout.count() < 0) {
    cv_.wait(lock, done);
    return true;
  }
  return cv_.wait_for(lock, timeout, done);
}

std::chrono::milliseconds Deadline::Remaining() const {
  if (never_) return std::chrono::hours(24 * 365);
  // Rounded up, so that sleeping for Remaining() reaches the deadline.
  auto left = std::chrono::ceil<std::chrono::milliseconds>(at_ - Clock::now());
  return std::max(left, std::chrono::milliseconds(0));
}

Status OperationContext::Check(std::string_view what) const {
  if (cancel && cancel->IsCancelled()) return Status::Cancelled(StrCat(what, ": cancelled"));
  if (deadline.Expired()) return Status::Timeout(StrCat(what, ": deadline exceeded"));
  return Status::Ok();
}

Status OperationContext::Progress(std::string_view phase, uint64_t done, uint64_t total) const {
  if (progress && !progress(phase, done, total)) {
    return Status::Cancelled(StrCat(phase, ": cancelled by the progress callback"));
  }
  return Check(phase);
}

Status OperationContext::Sleep(std::chrono::milliseconds d, std::string_view what) const {
  d = std::min(d, deadline.Remaining());
  if (cancel) {
    cancel->WaitFor(d);
  } else {
    std::this_thread::sleep_for(d);
  }
  return Check(what);
}

namespace {
thread_local const OperationContext* current_context = nullptr;
}  // namespace

const OperationContext* CurrentContext() { return current_context; }

ContextScope::ContextScope(const OperationContext& context) : previous_(current_context) {
  current_context = &context;
}

ContextScope::~ContextScope() { current_context = previous_; }

Status SleepInContext(std::chrono::milliseconds d, std::string_view what) {
  if (const OperationContext* ctx = CurrentContext()) return ctx->Sleep(d, what);
  std::this_thread::sleep_for(d);
  return Status::Ok();
}

}  // namespace flowstate::core
