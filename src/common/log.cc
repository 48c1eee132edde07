#include "common/log.h"

#include <atomic>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>

#include "common/redact.h"

namespace flowstate::core {
namespace {

struct LogState {
  std::shared_mutex mu;
  LogSink sink;                                                  // guarded by mu
  LogLevel level = LogLevel::kInfo;                              // guarded by mu
  std::atomic<int> effective{static_cast<int>(LogLevel::kOff)};  // kOff without a sink
};

LogState& State() {
  static LogState* state = new LogState();  // never destroyed: logging may run at exit
  return *state;
}

void UpdateEffective(LogState& s) {
  s.effective.store(static_cast<int>(s.sink ? s.level : LogLevel::kOff), std::memory_order_release);
}

}  // namespace

const char* LogLevelName(LogLevel level) { return NameOf(level); }

void SetLogSink(LogSink sink, LogLevel min_level) {
  LogState& s = State();
  std::unique_lock lock(s.mu);
  s.sink = std::move(sink);
  s.level = min_level;
  UpdateEffective(s);
}

void SetLogLevel(LogLevel min_level) {
  LogState& s = State();
  std::unique_lock lock(s.mu);
  s.level = min_level;
  UpdateEffective(s);
}

bool LogEnabled(LogLevel level) {
  return level != LogLevel::kOff &&
         static_cast<int>(level) >= State().effective.load(std::memory_order_acquire);
}

void LogMessage(LogLevel level, std::string_view component, std::string_view message) {
  if (!LogEnabled(level)) return;
  std::string redacted = RedactText(message);
  LogState& s = State();
  std::shared_lock lock(s.mu);
  if (!s.sink || static_cast<int>(level) < static_cast<int>(s.level)) return;
  s.sink(level, component, redacted);
}

}  // namespace flowstate::core
