"""Plain data types shared by the package (no dependency on the native library)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # the enumeration comes from the library (enums.py); this module does not load it
    from .enums import Severity


@dataclass(frozen=True)
class Diagnostic:
    """One finding. Unknown positions are None; line and column are 1-based, the column
    counted in code points; offsets are byte offsets into the UTF-8 text."""

    severity: "Severity"
    code: int
    message: str
    source: Optional[str] = None
    offset: Optional[int] = None
    end_offset: Optional[int] = None
    line: Optional[int] = None
    column: Optional[int] = None
    path: Optional[str] = None
    http_status: Optional[int] = None

    def __str__(self) -> str:
        where = self.source or self.path or ""
        if self.line is not None:
            where += "%s%d" % (":" if where else "", self.line)
            if self.column is not None:
                where += ":%d" % self.column
        prefix = where + ": " if where else ""
        return "%s%s: %s" % (prefix, self.severity.name.lower(), self.message)
