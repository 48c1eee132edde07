"""Ctrl-C for calls that block.

A ctypes call does not return to the interpreter while it blocks, so a KeyboardInterrupt
would wait for the whole call. Long calls therefore run on a worker thread, and the calling
thread waits for it in short joins: a KeyboardInterrupt there fires the call's cancellation
token, waits for the call to stop (at once: the token reaches every request in flight), and
is raised again. Progress callbacks of such calls run on the worker thread.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Dict, Optional, TypeVar

from .cancel import CancelToken

T = TypeVar("T")


def run_interruptible(call: Callable[[CancelToken], T], cancel: Optional[CancelToken] = None,
                      on_interrupt: Optional[Dict[str, Any]] = None) -> T:
    """Runs call(token) on a worker thread with `cancel` (or a token of its own). On
    KeyboardInterrupt the token fires, the call is waited for, and KeyboardInterrupt is raised
    again with the attributes in `on_interrupt` set on it (a savepoint's trigger id, say)."""
    token = cancel if cancel is not None else CancelToken()
    box: Dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = call(token)
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            box["error"] = exc

    worker = threading.Thread(target=work, name="flowstate-call", daemon=True)
    try:
        worker.start()
        while worker.is_alive():
            worker.join(0.05)
    except KeyboardInterrupt as interrupt:
        token.cancel()
        if worker.ident is not None:  # started: the call stops at once, and is waited for
            worker.join()
        for key, value in (on_interrupt or {}).items():
            setattr(interrupt, key, value)
        raise
    finally:
        if cancel is None and not worker.is_alive():
            token.close()
    if "error" in box:
        raise box["error"]
    return box["value"]
