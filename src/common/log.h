// The library's log: one process-wide sink installed by the host, nothing on stdout/stderr.
//
// Thread-safety: every function may be called from any thread. The sink is called on the
// logging thread under a shared lock; SetLogSink() waits for running calls to finish.
#ifndef FLOWSTATE_SRC_COMMON_LOG_H_
#define FLOWSTATE_SRC_COMMON_LOG_H_

#include <functional>
#include <string_view>

#include "common/enums.h"
#include "common/strings.h"

namespace flowstate::core {

enum class LogLevel : int { FLOWSTATE_ENUM_VALUES_LOG_LEVEL(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(LogLevel) { return enum_type::log_level; }

const char* LogLevelName(LogLevel level);  // "trace" ... "off"; nullptr if out of range

using LogSink =
    std::function<void(LogLevel level, std::string_view component, std::string_view message)>;

// Installs (or with an empty sink removes) the sink and the lowest level it receives.
void SetLogSink(LogSink sink, LogLevel min_level);
void SetLogLevel(LogLevel min_level);

// True when a message of `level` would reach a sink; checked before formatting.
bool LogEnabled(LogLevel level);

// Redacts secrets from `message` and hands it to the sink.
void LogMessage(LogLevel level, std::string_view component, std::string_view message);

// Formats with StrCat only when the level is enabled.
template <typename... Args>
void Log(LogLevel level, std::string_view component, const Args&... args) {
  if (LogEnabled(level)) LogMessage(level, component, StrCat(args...));
}

}  // namespace flowstate::core

#endif  // FLOWSTATE_SRC_COMMON_LOG_H_
