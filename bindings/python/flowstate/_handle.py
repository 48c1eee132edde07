"""Base class of every Python object that owns a C handle."""

from __future__ import annotations

import ctypes
import weakref
from typing import Any, Callable, Optional, TypeVar

from . import _native

T = TypeVar("T", bound="Handle")


class Handle:
    """Owns one C object: freed by close(), by leaving a ``with`` block, or when garbage
    collected, whichever comes first. Using it after close() raises ValueError."""

    _free: Callable[[Any], None]

    def __init__(self, handle: Optional[int]) -> None:
        if not handle:
            raise _native.error_for_code(-1, "the library returned a NULL handle")
        self._handle: Optional[int] = handle
        self._finalizer = weakref.finalize(self, type(self)._free, handle)

    @classmethod
    def _create(cls, new_fn: Callable[..., int], *args: Any) -> int:
        out = ctypes.c_void_p()
        new_fn(ctypes.byref(out), *args)
        return int(out.value or 0)

    @property
    def handle(self) -> int:
        if self._handle is None:
            raise ValueError("%s is closed" % type(self).__name__)
        return self._handle

    @property
    def closed(self) -> bool:
        return self._handle is None

    def close(self) -> None:
        if self._handle is not None:
            self._handle = None
            self._finalizer()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
