"""flowstate's enumerations, as the library describes them (flowstate/enums.h).

Nothing here repeats a value: each IntEnum is built at import from the library's own table
(flowstate_enum_count, flowstate_enum_value_get), so the package always speaks the values
of the library it loaded. A member's name is the C constant's suffix (RestoreStrategy.
LATEST_STATE for FLOWSTATE_RESTORE_LATEST_STATE); `.text` is what flowstate writes and reads
for it ("LATEST_STATE", "memory size", "files"), `.doc` what it means, and `parse()` reads
a name or constant in any case, with '-', '_' and ' ' alike. Records hold a value's text;
a member equals its text (``entry.status == KeyStatus.TRANSLATED``).
"""

from __future__ import annotations

import ctypes
import enum
from typing import Dict, List, Tuple, Type, TypeVar, Union

from . import _native, _structs

__all__ = [
    "FlowstateEnum",
    "enum_types",
    "Severity",
    "LogLevel",
    "StatementKind",
    "VariableMode",
    "OptionType",
    "KeyStatus",
    "ConfigLayer",
    "FileFormat",
    "RenderFormat",
    "FileType",
    "SnapshotKind",
    "Verdict",
    "VerifyLevel",
    "MatchKind",
    "Origin",
    "SnapshotState",
    "RestoreStrategy",
    "ClaimMode",
    "OptionScope",
    "ScopeCondition",
    "Deployment",
    "Submitter",
    "Agreement",
    "JobState",
    "JobAction",
    "JobEvent",
    "DesiredState",
    "OperationKind",
    "OperationPhase",
    "StopMode",
    "SubmitPath",
]

_lib = _native.lib

_EnumValueInfo = _structs.flowstate_enum_value_info

E = TypeVar("E", bound="FlowstateEnum")


class FlowstateEnum(enum.IntEnum):
    """Base of every enumeration here; `type_id` is its FLOWSTATE_ENUM_* id."""

    @property
    def text(self) -> str:
        """What flowstate writes and reads for this value ("LATEST_STATE", "memory size")."""
        return _TEXTS[type(self).__name__][int(self)]

    @property
    def doc(self) -> str:
        return _DOCS[type(self).__name__][int(self)]

    @classmethod
    def parse(cls: Type[E], value: Union[str, int, "FlowstateEnum"]) -> E:
        """The member for a name, constant or value; InvalidArgumentError (a ValueError) naming
        the accepted names otherwise."""
        if isinstance(value, int):
            if _lib.flowstate_enum_name(_TYPE_IDS[cls.__name__], int(value)) is None:
                raise _native.error_for_code(
                    -2, "unknown %s %d: expected one of %s" % (_IDS[cls.__name__], value, cls.choices())
                )
            return cls(int(value))
        out = ctypes.c_int()
        _lib.flowstate_enum_parse(ctypes.byref(out), _TYPE_IDS[cls.__name__], str(value).encode("utf-8"))
        return cls(out.value)

    def __eq__(self, other: object) -> bool:
        # Records hold a value's text ("files"), so that it reads well and prints as JSON
        # does: a member equals its text as well as its number.
        if isinstance(other, str):
            return self.text == other
        return int.__eq__(self, other)  # type: ignore[no-any-return]

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = enum.IntEnum.__hash__

    @classmethod
    def choices(cls) -> str:
        return ", ".join(m.text for m in cls)


_TYPE_IDS: Dict[str, int] = {}
_IDS: Dict[str, str] = {}
_TEXTS: Dict[str, Dict[int, str]] = {}
_DOCS: Dict[str, Dict[int, str]] = {}


def _values(type_id: int) -> List[Tuple[int, str, str, str]]:
    out = []
    for i in range(_lib.flowstate_enum_count(type_id)):
        info = _native.defaults(_EnumValueInfo)
        _lib.flowstate_enum_value_get(type_id, i, ctypes.byref(info))
        out.append((int(info.value), info.constant.decode(), info.name.decode(), info.doc.decode()))
    return out


def _class_name(type_name: str) -> str:
    return "".join(part.capitalize() for part in type_name.split("_"))


def _build() -> Dict[str, Type[FlowstateEnum]]:
    built: Dict[str, Type[FlowstateEnum]] = {}
    for type_id in range(_lib.flowstate_enum_type_count()):
        type_name = _lib.flowstate_enum_type_name(type_id).decode()
        cls_name = _class_name(type_name)
        values = _values(type_id)
        cls = FlowstateEnum(cls_name, [(c, v) for v, c, _, _ in values], module=__name__)  # type: ignore[misc]
        setattr(cls, "type_id", type_id)
        _TYPE_IDS[cls_name] = type_id
        _IDS[cls_name] = type_name
        _TEXTS[cls_name] = {v: n for v, _, n, _ in values}
        _DOCS[cls_name] = {v: d for v, _, _, d in values}
        built[type_name] = cls
    return built


_BUILT = _build()


def enum_types() -> Dict[str, Type[FlowstateEnum]]:
    """Every enumeration of the library, by its name ("restore_strategy")."""
    return dict(_BUILT)


def _get(type_name: str) -> Type[FlowstateEnum]:
    try:
        return _BUILT[type_name]
    except KeyError:
        raise ImportError("the flowstate library has no enumeration %r" % type_name) from None


Severity = _get("severity")
LogLevel = _get("log_level")
StatementKind = _get("statement_kind")
VariableMode = _get("variable_mode")
OptionType = _get("option_type")
KeyStatus = _get("key_status")
ConfigLayer = _get("config_layer")
FileFormat = _get("file_format")
RenderFormat = _get("render_format")
FileType = _get("file_type")
SnapshotKind = _get("snapshot_kind")
Verdict = _get("verdict")
VerifyLevel = _get("verify_level")
MatchKind = _get("match_kind")
Origin = _get("origin")
SnapshotState = _get("snapshot_state")
RestoreStrategy = _get("restore_strategy")
ClaimMode = _get("claim_mode")
OptionScope = _get("option_scope")
ScopeCondition = _get("scope_condition")
Deployment = _get("deployment")
Submitter = _get("submitter")
Agreement = _get("agreement")
JobState = _get("job_state")
JobAction = _get("job_action")
JobEvent = _get("job_event")
DesiredState = _get("desired_state")
OperationKind = _get("operation_kind")
OperationPhase = _get("operation_phase")
StopMode = _get("stop_mode")
SubmitPath = _get("submit_path")
