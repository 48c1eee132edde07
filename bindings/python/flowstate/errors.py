"""Exceptions raised by flowstate, one class per error code of the C library.

Each class also derives from the built-in exception a Python programmer would catch for
that kind of failure, so ``except KeyError`` catches a job that is not found and
``except TimeoutError`` a deadline that passed.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Type

from ._types import Diagnostic

__all__ = [
    "FlowstateError",
    "InternalError",
    "InvalidArgumentError",
    "ParseError",
    "NotFoundError",
    "AlreadyExistsError",
    "IllegalStateError",
    "StorageIOError",
    "RemoteError",
    "UnavailableError",
    "DeadlineExceededError",
    "CancelledError",
    "BusyError",
    "CorruptError",
    "UnsupportedVersionError",
    "PermissionDeniedError",
    "OutOfMemoryError",
    "UnsupportedError",
    "ConflictError",
    "EXCEPTION_BY_CODE",
    "error_for_code",
]


class FlowstateError(Exception):
    """Base class of every error raised by flowstate.

    Attributes:
        code: the library's error code (a negative int, see flowstate/error.h).
        name: the code's stable name, e.g. ``"NOT_FOUND"``.
        message: the library's message (secrets already redacted).
        diagnostics: positioned findings of the failed call, possibly empty.
    """

    code: int = -1
    name: str = "INTERNAL"

    def __init__(self, message: str, diagnostics: Optional[Sequence[Diagnostic]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics: List[Diagnostic] = list(diagnostics or [])

    def __str__(self) -> str:  # KeyError would otherwise show repr(message)
        return self.message


class InternalError(FlowstateError, RuntimeError):
    code, name = -1, "INTERNAL"


class InvalidArgumentError(FlowstateError, ValueError):
    code, name = -2, "INVALID_ARGUMENT"


class ParseError(FlowstateError, ValueError):
    code, name = -3, "PARSE"


class NotFoundError(FlowstateError, KeyError):
    code, name = -4, "NOT_FOUND"


class AlreadyExistsError(FlowstateError, FileExistsError):
    code, name = -5, "ALREADY_EXISTS"


class IllegalStateError(FlowstateError, RuntimeError):
    code, name = -6, "ILLEGAL_STATE"


class StorageIOError(FlowstateError, OSError):
    code, name = -7, "IO"


class RemoteError(FlowstateError, RuntimeError):
    code, name = -8, "REMOTE"


class UnavailableError(FlowstateError, ConnectionError):
    code, name = -9, "UNAVAILABLE"


class DeadlineExceededError(FlowstateError, TimeoutError):
    code, name = -10, "TIMEOUT"


class CancelledError(FlowstateError, InterruptedError):
    code, name = -11, "CANCELLED"


class BusyError(FlowstateError, BlockingIOError):
    code, name = -12, "BUSY"


class CorruptError(FlowstateError, ValueError):
    code, name = -13, "CORRUPT"


class UnsupportedVersionError(FlowstateError, ValueError):
    code, name = -14, "UNSUPPORTED_VERSION"


class PermissionDeniedError(FlowstateError, PermissionError):
    code, name = -15, "PERMISSION_DENIED"


class OutOfMemoryError(FlowstateError, MemoryError):
    code, name = -16, "NO_MEMORY"


class UnsupportedError(FlowstateError, NotImplementedError):
    code, name = -17, "UNSUPPORTED"


class ConflictError(FlowstateError, RuntimeError):
    code, name = -18, "CONFLICT"


EXCEPTION_BY_CODE: Dict[int, Type[FlowstateError]] = {
    cls.code: cls
    for cls in (
        InternalError,
        InvalidArgumentError,
        ParseError,
        NotFoundError,
        AlreadyExistsError,
        IllegalStateError,
        StorageIOError,
        RemoteError,
        UnavailableError,
        DeadlineExceededError,
        CancelledError,
        BusyError,
        CorruptError,
        UnsupportedVersionError,
        PermissionDeniedError,
        OutOfMemoryError,
        UnsupportedError,
        ConflictError,
    )
}


def error_for_code(
    code: int, message: str, diagnostics: Optional[Sequence[Diagnostic]] = None
) -> FlowstateError:
    """The exception for a C error code; unknown codes become InternalError."""
    cls = EXCEPTION_BY_CODE.get(code, InternalError)
    err = cls(message, diagnostics)
    if cls is InternalError and code != InternalError.code:
        err.code = code
    return err
