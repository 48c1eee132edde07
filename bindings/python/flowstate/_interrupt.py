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
    # The worker says when it is done through an Event of its own: Thread.join() interrupted
    # by KeyboardInterrupt may take a thread that is still running for stopped (the thread's
    # lock is released on its behalf), and the call would then outlive the objects it uses.
    done = threading.Event()
    gate = threading.Lock()
    state = {"entered": False, "abandoned": False}

    def work() -> None:
        try:
            with gate:
                if state["abandoned"]:  # interrupted before it started: never call
                    return
                state["entered"] = True
            box["value"] = call(token)
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            box["error"] = exc
        finally:
            done.set()

    worker = threading.Thread(target=work, name="flowstate-call", daemon=True)
    try:
        worker.start()
        while not done.wait(0.05):
            pass
    except KeyboardInterrupt as interrupt:
        token.cancel()
        if _settle(gate, state):
            _wait_through_interrupts(done)  # the call stops at once: the token reaches its requests
        for key, value in (on_interrupt or {}).items():
            setattr(interrupt, key, value)
        raise
    finally:
        if cancel is None and done.is_set():
            token.close()
    if "error" in box:
        raise box["error"]
    return box["value"]


def _settle(gate: threading.Lock, state: Dict[str, bool]) -> bool:
    """After an interrupt: whether the call has started (and must be waited for). One that has
    not is abandoned, so it never starts."""
    while True:
        try:
            with gate:
                if not state["entered"]:
                    state["abandoned"] = True
                return state["entered"]
        except KeyboardInterrupt:
            continue


def _wait_through_interrupts(done: threading.Event) -> None:
    """Waits for a cancelled call to stop; another Ctrl-C meanwhile does not cut the wait short
    (the call must not outlive the objects it uses)."""
    while True:
        try:
            if done.wait(0.05):
                return
        except KeyboardInterrupt:
            continue
