"""Positioned findings of parsers, validators and verifiers."""

from __future__ import annotations

import ctypes
from typing import List, Optional, Tuple

from . import _native, _structs
from ._handle import Handle
from ._types import Diagnostic
from .enums import Severity

__all__ = ["Diagnostic", "Diagnostics", "Severity", "text_position"]

_lib = _native.lib


def _s(raw: Optional[bytes]) -> Optional[str]:
    return None if raw is None else raw.decode("utf-8", "replace")


def _n(v: int) -> Optional[int]:
    return None if v < 0 else int(v)


class Diagnostics(Handle):
    """A flowstate_diagnostics list that calls append their findings to."""

    _free = _lib.flowstate_diagnostics_free

    def __init__(self) -> None:
        super().__init__(self._create(_lib.flowstate_diagnostics_new))

    def __len__(self) -> int:
        return int(_lib.flowstate_diagnostics_count(self.handle))

    @property
    def error_count(self) -> int:
        return int(_lib.flowstate_diagnostics_error_count(self.handle))

    def clear(self) -> None:
        _lib.flowstate_diagnostics_clear(self.handle)

    def add(
        self,
        severity: Severity,
        code: int,
        message: str,
        source: Optional[str] = None,
        offset: Optional[int] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
        path: Optional[str] = None,
        http_status: Optional[int] = None,
        end_offset: Optional[int] = None,
    ) -> None:
        d = _native.defaults(_structs.flowstate_diagnostic)
        d.severity, d.code = int(severity), code
        d.message, d.source, d.path = _native.encode(message), _native.encode(source), _native.encode(path)
        if offset is not None:
            d.offset = offset
        if end_offset is not None:
            d.end_offset = end_offset
        if line is not None:
            d.line = line
        if column is not None:
            d.column = column
        if http_status is not None:
            d.http_status = http_status
        _lib.flowstate_diagnostics_add(self.handle, ctypes.byref(d))

    def entries(self) -> List[Diagnostic]:
        h = self.handle
        out: List[Diagnostic] = []
        for i in range(len(self)):
            c = _native.fetch(_structs.flowstate_diagnostic, _lib.flowstate_diagnostics_get, h, i)
            out.append(
                Diagnostic(
                    severity=Severity(c.severity),
                    code=int(c.code),
                    message=_s(c.message) or "",
                    source=_s(c.source),
                    offset=_n(c.offset),
                    end_offset=_n(c.end_offset),
                    line=_n(c.line),
                    column=_n(c.column),
                    path=_s(c.path),
                    http_status=c.http_status if c.http_status > 0 else None,
                )
            )
        return out

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.entries())

    def format(self) -> str:
        return _native.call_string(_lib.flowstate_diagnostics_format, self.handle)


def text_position(text: str, offset: int) -> Tuple[int, int]:
    """1-based (line, column) of byte `offset` in the UTF-8 encoding of `text`; the column
    counts code points."""
    data = text.encode("utf-8")
    line = ctypes.c_int64()
    column = ctypes.c_int64()
    _lib.flowstate_text_position(ctypes.byref(line), ctypes.byref(column), data, len(data), offset)
    return int(line.value), int(column.value)
