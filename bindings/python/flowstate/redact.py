"""Secret redaction: the rules every text leaving the library goes through."""

from __future__ import annotations

from typing import List

from . import _native

__all__ = [
    "REDACTED",
    "is_secret_key",
    "redact_text",
    "add_redaction_pattern",
    "remove_redaction_pattern",
    "reset_redaction_patterns",
    "redaction_patterns",
]

_lib = _native.lib

REDACTED = "******"


def is_secret_key(key: str) -> bool:
    return bool(_lib.flowstate_redact_is_secret_key(_native.encode(key)))


def redact_text(text: str) -> str:
    data = text.encode("utf-8")
    return _native.call_string(_lib.flowstate_redact_text, data, len(data))


def add_redaction_pattern(pattern: str) -> None:
    _lib.flowstate_redact_add_pattern(_native.encode(pattern))


def remove_redaction_pattern(pattern: str) -> None:
    _lib.flowstate_redact_remove_pattern(_native.encode(pattern))


def reset_redaction_patterns() -> None:
    _lib.flowstate_redact_reset_patterns()


def redaction_patterns() -> List[str]:
    text = _native.call_string(_lib.flowstate_redact_patterns)
    return text.split("\n") if text else []
