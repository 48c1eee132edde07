/// @file
/// flowstate/log.hpp: routing the library's log to a C++ callable.
#ifndef FLOWSTATE_LOG_HPP
#define FLOWSTATE_LOG_HPP

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "flowstate/enum_types.hpp"
#include "flowstate/log.h"
#include "flowstate/status.hpp"

namespace flowstate {

using LogCallback =
    std::function<void(LogLevel level, std::string_view component, std::string_view message)>;

namespace detail {
struct LogHolder {
  std::mutex mu;
  std::unique_ptr<LogCallback> current;  ///< kept alive while installed
};
inline LogHolder& log_holder() {
  static LogHolder holder;
  return holder;
}
inline void log_trampoline(void* user, flowstate_log_level level, const char* component,
                           const char* message) {
  auto* fn = static_cast<LogCallback*>(user);
  try {
    (*fn)(static_cast<LogLevel>(level), component, message);
  } catch (...) {
    // A throwing callback must not unwind through the C library.
  }
}
}  // namespace detail

/// Installs `callback` for messages at `min_level` and above; an empty callback removes it.
/// The callback may run on any thread that calls into flowstate, concurrently.
inline Status set_log_callback(LogCallback callback, LogLevel min_level = LogLevel::info) {
  detail::LogHolder& h = detail::log_holder();
  std::lock_guard<std::mutex> lock(h.mu);
  std::unique_ptr<LogCallback> next;
  if (callback) next = std::make_unique<LogCallback>(std::move(callback));
  int rc = flowstate_log_set_callback(next ? &detail::log_trampoline : nullptr, next.get(),
                                      static_cast<int>(min_level));
  if (rc != FLOWSTATE_OK) return Status::from_c(rc);
  h.current = std::move(next);  ///< the library no longer runs the previous one
  return Status();
}

/// \copybrief flowstate_log_set_level
/// (The C++ form of flowstate_log_set_level().)
inline Status set_log_level(LogLevel min_level) {
  return Status::from_c(flowstate_log_set_level(static_cast<int>(min_level)));
}

/// \copybrief flowstate_log_write
/// (The C++ form of flowstate_log_write().)
inline Status log_write(LogLevel level, std::string_view component, std::string_view message) {
  std::string c(component), m(message);
  return Status::from_c(flowstate_log_write(static_cast<int>(level), c.c_str(), m.c_str()));
}

/// \copybrief flowstate_enum_name
/// (The C++ form of flowstate_enum_name().)
inline const char* log_level_name(LogLevel level) {
  return flowstate_enum_name(FLOWSTATE_ENUM_LOG_LEVEL, static_cast<int>(level));
}

}  // namespace flowstate

#endif  // FLOWSTATE_LOG_HPP
