/** @file
 * flowstate/log.h: the library's only way to say something outside a return value.
 *
 * flowstate never writes to stdout or stderr on its own. Messages go to one process-wide
 * callback that the host installs; without one they are dropped. Messages have secrets
 * redacted (flowstate/redact.h) before they reach the callback.
 *
 * Thread-safety: the functions here may be called from any thread. The callback is called
 * on the thread that logs, possibly from several threads at once, and must not call back
 * into flowstate_log_set_callback(). After flowstate_log_set_callback() returns, the
 * previous callback is no longer running and will not be called again.
 */
#ifndef FLOWSTATE_LOG_H
#define FLOWSTATE_LOG_H

#include "flowstate/common.h"
#include "flowstate/enums.h"

FLOWSTATE_BEGIN_DECLS

typedef enum flowstate_log_level {
  FLOWSTATE_LOG_TRACE = 0,
  FLOWSTATE_LOG_DEBUG = 1,
  FLOWSTATE_LOG_INFO = 2,
  FLOWSTATE_LOG_WARN = 3,
  FLOWSTATE_LOG_ERROR = 4,
  FLOWSTATE_LOG_OFF = 5
} flowstate_log_level;

/** component is the module that logs ("sql", "storage", "flink", ...); both strings are
 * borrowed for the duration of the call only. */
typedef void (*flowstate_log_fn)(void* user_data, flowstate_log_level level, const char* component,
                                 const char* message);

/**
 * Installs the callback and the lowest level (a flowstate_log_level) passed to it;
 * messages below it are not even formatted. fn == NULL removes the callback.
 */
FLOWSTATE_API int flowstate_log_set_callback(flowstate_log_fn fn, void* user_data, int min_level);

/** Changes the lowest level without touching the callback. */
FLOWSTATE_API int flowstate_log_set_level(int min_level);

/** Sends a message through the same path the library uses (redaction, level filter), so a
 * host or binding can interleave its own messages with the library's. */
FLOWSTATE_API int flowstate_log_write(int level, const char* component, const char* message);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_LOG_H */
