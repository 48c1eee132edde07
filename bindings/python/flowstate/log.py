"""Routing the library's log messages to Python.

The library never prints; without a callback its messages are dropped. A callback runs
on whatever thread logged (possibly several at once); exceptions it raises are swallowed,
because they cannot travel through C.
"""

from __future__ import annotations

import threading
from typing import Callable, Optional

from . import _native
from .enums import LogLevel

__all__ = ["LogLevel", "set_log_callback", "set_log_level", "log_write", "to_python_logging"]

_lib = _native.lib



LogCallback = Callable[[LogLevel, str, str], None]

_lock = threading.Lock()
_installed: Optional[object] = None  # the ctypes thunk must outlive its installation


def set_log_callback(callback: Optional[LogCallback], level: LogLevel = LogLevel.INFO) -> None:
    """Installs callback(level, component, message) for messages at `level` and above;
    None removes it."""
    global _installed
    with _lock:
        if callback is None:
            _lib.flowstate_log_set_callback(_native.LOG_FN(), None, int(level))
            _installed = None
            return

        def thunk(_user: object, lvl: int, component: bytes, message: bytes) -> None:
            try:
                callback(
                    LogLevel(lvl),
                    component.decode("utf-8", "replace"),
                    message.decode("utf-8", "replace"),
                )
            except BaseException:  # noqa: BLE001 - must not propagate into C
                pass

        c_thunk = _native.LOG_FN(thunk)
        _lib.flowstate_log_set_callback(c_thunk, None, int(level))
        _installed = c_thunk  # the previous thunk is no longer called once this returns


def set_log_level(level: LogLevel) -> None:
    _lib.flowstate_log_set_level(int(level))


def log_write(level: LogLevel, component: str, message: str) -> None:
    """Sends a message down the library's log path (redaction, level filter)."""
    _lib.flowstate_log_write(int(level), _native.encode(component), _native.encode(message))


def to_python_logging(level: LogLevel = LogLevel.INFO, logger_name: str = "flowstate") -> None:
    """Forwards the library's messages to the standard `logging` module, one child logger
    per component (flowstate.sql, flowstate.storage, ...)."""
    import logging

    mapping = {
        LogLevel.TRACE: logging.DEBUG,
        LogLevel.DEBUG: logging.DEBUG,
        LogLevel.INFO: logging.INFO,
        LogLevel.WARN: logging.WARNING,
        LogLevel.ERROR: logging.ERROR,
    }

    def forward(lvl: LogLevel, component: str, message: str) -> None:
        logging.getLogger("%s.%s" % (logger_name, component)).log(mapping[lvl], message)

    set_log_callback(forward, level)
