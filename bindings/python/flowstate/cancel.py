"""Cooperative cancellation of long operations."""

from __future__ import annotations

from . import _native
from ._handle import Handle

__all__ = ["CancelToken"]

_lib = _native.lib


class CancelToken(Handle):
    """Pass to long operations; cancel() from any thread stops them with CancelledError."""

    _free = _lib.flowstate_cancel_token_free

    def __init__(self) -> None:
        super().__init__(self._create(_lib.flowstate_cancel_token_new))

    def cancel(self) -> None:
        _lib.flowstate_cancel_token_cancel(self.handle)

    @property
    def cancelled(self) -> bool:
        return bool(_lib.flowstate_cancel_token_is_cancelled(self.handle))

    def wait(self, timeout: float) -> bool:
        """Blocks until cancelled (True) or `timeout` seconds pass (False)."""
        rc = _lib.flowstate_cancel_token_wait(self.handle, int(timeout * 1000))
        return rc == -11
