/** @file
 * flowstate/cancel.h: cooperative cancellation of long operations.
 *
 * A host creates a token, passes it in the options of long operations (waiting for a
 * savepoint, scanning storage, polling a cluster) and calls flowstate_cancel_token_cancel()
 * from any thread, e.g. a signal handler's helper thread or a UI thread. The operation
 * notices at its next check, stops, and fails with FLOWSTATE_E_CANCELLED.
 *
 * Thread-safety: every function here may be called from any thread, concurrently. A token
 * may be freed while operations still hold it: they keep their own reference.
 */
#ifndef FLOWSTATE_CANCEL_H
#define FLOWSTATE_CANCEL_H

#include "flowstate/common.h"

FLOWSTATE_BEGIN_DECLS

/** A new token, not cancelled; free it with flowstate_cancel_token_free() once no operation uses
 * it. */
FLOWSTATE_API int flowstate_cancel_token_new(flowstate_cancel_token** out);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_cancel_token_free(flowstate_cancel_token* token);

/** Requests cancellation. Idempotent; cannot be undone. */
FLOWSTATE_API int flowstate_cancel_token_cancel(flowstate_cancel_token* token);

/** 1 if cancellation was requested, 0 if not (and for NULL). */
FLOWSTATE_API int flowstate_cancel_token_is_cancelled(const flowstate_cancel_token* token);

/**
 * Blocks the calling thread until the token is cancelled or timeout_ms passes (a negative
 * timeout waits without limit). Returns FLOWSTATE_E_CANCELLED if cancelled,
 * FLOWSTATE_E_TIMEOUT otherwise. Hosts use it to pace their own retry loops so that one
 * cancel call stops those too.
 */
FLOWSTATE_API int flowstate_cancel_token_wait(const flowstate_cancel_token* token,
                                              int64_t timeout_ms);

/**
 * What every long operation takes, the same way everywhere (storage scans, restore
 * decisions, waiting for a savepoint, running a statement on the SQL Gateway): a deadline
 * for the whole operation, a cancellation token and a progress callback. Each reaches every
 * request the operation makes. A NULL operation: no deadline, no token, no progress.
 */
#define FLOWSTATE_OPERATION_VERSION 1
typedef struct flowstate_operation {
  unsigned int version;           /**< FLOWSTATE_OPERATION_VERSION */
  int64_t timeout_ms;             /**< the whole operation; -1: no deadline */
  flowstate_cancel_token* cancel; /**< or NULL */
  flowstate_progress_fn progress; /**< or NULL; its phases are named where the operation is */
  void* progress_user_data;
} flowstate_operation;

#define FLOWSTATE_OPERATION_INIT \
  { FLOWSTATE_OPERATION_VERSION, -1, NULL, NULL, NULL }
/** Sets *out to FLOWSTATE_OPERATION_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_operation_init(flowstate_operation* out);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_CANCEL_H */
