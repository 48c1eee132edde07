/** @file
 * flowstate/error.h: the one table of error codes, and the thread-local last error.
 *
 * A code's value never changes once released; new codes are only ever appended. Each code
 * has one Python exception class and one exit code of the flowstate command-line program
 * (flowstate_error_exit_code()); README.md lists them.
 */
#ifndef FLOWSTATE_ERROR_H
#define FLOWSTATE_ERROR_H

#include "flowstate/common.h"

FLOWSTATE_BEGIN_DECLS

typedef enum flowstate_error_code {
  FLOWSTATE_OK = 0,
  FLOWSTATE_E_INTERNAL = -1,         /**< a bug in flowstate; please report it */
  FLOWSTATE_E_INVALID_ARGUMENT = -2, /**< the caller passed something unusable */
  FLOWSTATE_E_PARSE = -3,            /**< text or bytes that do not follow their grammar */
  FLOWSTATE_E_NOT_FOUND = -4,        /**< no such job, file, snapshot, key, ... */
  FLOWSTATE_E_ALREADY_EXISTS = -5,   /**< the thing to create is already there */
  FLOWSTATE_E_ILLEGAL_STATE = -6,    /**< not allowed in the current state (e.g. a transition) */
  FLOWSTATE_E_IO = -7,               /**< the local operating system refused an operation */
  FLOWSTATE_E_REMOTE = -8,           /**< a remote service answered with an error or garbage */
  FLOWSTATE_E_UNAVAILABLE = -9,      /**< a remote service could not be reached; retry later */
  FLOWSTATE_E_TIMEOUT = -10,         /**< the deadline passed first */
  FLOWSTATE_E_CANCELLED = -11,       /**< a cancellation token or progress callback stopped it */
  FLOWSTATE_E_BUSY = -12,            /**< a resource is locked by someone else */
  FLOWSTATE_E_CORRUPT = -13,         /**< stored data is damaged or incomplete */
  FLOWSTATE_E_UNSUPPORTED_VERSION =
      -14,                             /**< written by, or meant for, a version we cannot handle */
  FLOWSTATE_E_PERMISSION_DENIED = -15, /**< authentication or authorisation failed */
  FLOWSTATE_E_NO_MEMORY = -16,         /**< an allocation failed */
  FLOWSTATE_E_UNSUPPORTED = -17,       /**< a feature this build or this target does not offer */
  FLOWSTATE_E_CONFLICT = -18           /* the request conflicts with the target's current state */
} flowstate_error_code;

/**
 * The last error raised on the calling thread by a failed flowstate_* call. It stays until
 * the next failing call on this thread or flowstate_error_clear(). Successful calls do not
 * clear it. The message is borrowed and valid until then; it never contains secrets.
 */
FLOWSTATE_API int flowstate_error_last_code(void);
/** The message of this thread's last failure (never NULL; "" after success or
 * flowstate_error_clear()); valid until this thread's next call. */
FLOWSTATE_API const char* flowstate_error_last_message(void);
/** Forgets this thread's last failure. */
FLOWSTATE_API void flowstate_error_clear(void);

/** Stable upper-case name of a code ("NOT_FOUND"), or "UNKNOWN". Never NULL. */
FLOWSTATE_API const char* flowstate_error_name(int code);

/** One-line description of a code, or "unknown error code". Never NULL. */
FLOWSTATE_API const char* flowstate_error_description(int code);

/** Exit code the flowstate program uses for this error (0 for FLOWSTATE_OK). */
FLOWSTATE_API int flowstate_error_exit_code(int code);

/** The codes this library defines, for bindings and tests: count, then each by index. */
FLOWSTATE_API size_t flowstate_error_code_count(void);
/** Error code `index` of flowstate_error_code_count(); 1 (no code) past the end. */
FLOWSTATE_API int flowstate_error_code_at(size_t index);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_ERROR_H */
