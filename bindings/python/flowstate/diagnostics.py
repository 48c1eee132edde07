"""Positioned findings of parsers, validators and verifiers."""

from __future__ import annotations

import ctypes
from typing import List, Optional, Tuple

from . import _native
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
    ) -> None:
        _lib.flowstate_diagnostics_add(
            self.handle,
            int(severity),
            code,
            _native.encode(message),
            _native.encode(source),
            -1 if offset is None else offset,
            -1 if line is None else line,
            -1 if column is None else column,
            _native.encode(path),
            0 if http_status is None else http_status,
        )

    def entries(self) -> List[Diagnostic]:
        h = self.handle
        out: List[Diagnostic] = []
        for i in range(len(self)):
            status = _lib.flowstate_diagnostics_http_status(h, i)
            out.append(
                Diagnostic(
                    severity=Severity(_lib.flowstate_diagnostics_severity(h, i)),
                    code=int(_lib.flowstate_diagnostics_code(h, i)),
                    message=_s(_lib.flowstate_diagnostics_message(h, i)) or "",
                    source=_s(_lib.flowstate_diagnostics_source(h, i)),
                    offset=_n(_lib.flowstate_diagnostics_offset(h, i)),
                    end_offset=_n(_lib.flowstate_diagnostics_end_offset(h, i)),
                    line=_n(_lib.flowstate_diagnostics_line(h, i)),
                    column=_n(_lib.flowstate_diagnostics_column(h, i)),
                    path=_s(_lib.flowstate_diagnostics_path(h, i)),
                    http_status=status if status > 0 else None,
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
