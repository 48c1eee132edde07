"""flowstate: Flink job management core (SQL scripts, configuration, lifecycle, checkpoint
catalog and storage), over the C library libflowstate through ctypes."""

from __future__ import annotations

import json as _json
from typing import Any, Dict

from . import _native
from ._types import Diagnostic
from .enums import (
    ClaimMode,
    Deployment,
    FileType,
    FlowstateEnum,
    MatchKind,
    OptionScope,
    Origin,
    RestoreStrategy,
    ScopeCondition,
    Severity,
    SnapshotKind,
    SnapshotState,
    StatementKind,
    Submitter,
    Agreement,
    DesiredState,
    JobAction,
    JobEvent,
    JobState,
    OperationKind,
    OperationPhase,
    StopMode,
    SubmitPath,
    VariableMode,
    Verdict,
    enum_types,
)
from .cancel import CancelToken
from .diagnostics import Diagnostics, text_position
from .endpoint import Endpoint
from .errors import *  # noqa: F401,F403
from .errors import EXCEPTION_BY_CODE, FlowstateError, error_for_code
from .log import LogLevel, log_write, set_log_callback, set_log_level, to_python_logging
from .redact import (
    REDACTED,
    add_redaction_pattern,
    is_secret_key,
    redact_text,
    redaction_patterns,
    remove_redaction_pattern,
    reset_redaction_patterns,
)

from .config import (
    Config,
    ConfigEntry,
    ConfigHistory,
    ConfigLayer,
    FileFormat,
    KeyStatus,
    OptionInfo,
    OptionName,
    OptionType,
    RenderFormat,
    OptionScopeInfo,
    check_value,
    option_scope,
    file_flink_version,
    find_option,
    options,
)

from .sql import (
    CdcSource,
    Option,
    Options,
    Script,
    SetStatement,
    Statement,
    StatementFlag,
    parse_script,
)

from .catalog import (
    Catalog,
    Cluster,
    Event,
    Folder,
    Job,
    MovedSecret,
    PruneReport,
    ReconcileReport,
    RestoreCandidate,
    RestoreDecision,
    Run,
    SaveReport,
    SnapshotRecord,
)
from .flink import (
    FlinkCheckpoint,
    FlinkCheckpointStats,
    FlinkClient,
    FlinkJob,
    FlinkSavepointStatus,
    RunningComparison,
    RunningRow,
    SqlGateway,
    compare_running,
    jobs_of_many,
)
from .flink import last_error_detail as flink_last_error_detail
from .job import JobRule, job_after_action, job_after_event, job_event_for_flink_status, job_rule_applies, job_rules
from .lifecycle import ActionReport, JobGap, Lifecycle, ObserveReport, RecoverReport, get_watch
from .storage import (
    FileEntry,
    FileProblem,
    JobDirectory,
    Metadata,
    MetadataFile,
    MetadataOperator,
    OperatorMatch,
    Snapshot,
    SnapshotListing,
    Storage,
    StorageConfig,
    VerifyLevel,
    check_metadata_header,
    operator_id_from_uid,
    parse_metadata,
)

from ._version import __version__  # noqa: E402


def version() -> str:
    """Version of the loaded library, e.g. "0.2.0"."""
    return _native.lib.flowstate_version().decode()


def build_info() -> Dict[str, Any]:
    """What the library was built with and links at run time (see flowstate doctor)."""
    return _json.loads(_native.call_string(_native.lib.flowstate_build_info_json))


def error_exit_code(code: int) -> int:
    """Exit code of the flowstate program for an error code."""
    return int(_native.lib.flowstate_error_exit_code(code))


def error_codes() -> Dict[int, str]:
    """Every error code the library defines, with its name."""
    lib = _native.lib
    return {
        lib.flowstate_error_code_at(i): lib.flowstate_error_name(lib.flowstate_error_code_at(i)).decode()
        for i in range(lib.flowstate_error_code_count())
    }


__all__ = [
    "__version__",
    "version",
    "build_info",
    "error_exit_code",
    "error_codes",
    "Diagnostic",
    "Diagnostics",
    "Endpoint",
    "Severity",
    "ClaimMode",
    "Deployment",
    "Submitter",
    "Agreement",
    "DesiredState",
    "JobAction",
    "JobEvent",
    "JobState",
    "OperationKind",
    "OperationPhase",
    "StopMode",
    "SubmitPath",
    "job_after_action",
    "job_after_event",
    "job_event_for_flink_status",
    "job_rules",
    "job_rule_applies",
    "JobRule",
    "Lifecycle",
    "ActionReport",
    "RecoverReport",
    "ObserveReport",
    "JobGap",
    "get_watch",
    "OptionScope",
    "ScopeCondition",
    "FileType",
    "FlowstateEnum",
    "MatchKind",
    "Origin",
    "RestoreStrategy",
    "SnapshotKind",
    "SnapshotState",
    "StatementKind",
    "VariableMode",
    "Verdict",
    "enum_types",
    "text_position",
    "CancelToken",
    "LogLevel",
    "set_log_callback",
    "set_log_level",
    "log_write",
    "to_python_logging",
    "REDACTED",
    "is_secret_key",
    "redact_text",
    "add_redaction_pattern",
    "remove_redaction_pattern",
    "reset_redaction_patterns",
    "redaction_patterns",
    "FlowstateError",
    "parse_script",
    "Script",
    "Statement",
    "StatementFlag",
    "SetStatement",
    "Option",
    "Options",
    "CdcSource",
    "Config",
    "ConfigEntry",
    "ConfigHistory",
    "ConfigLayer",
    "FileFormat",
    "KeyStatus",
    "OptionInfo",
    "OptionName",
    "OptionType",
    "RenderFormat",
    "OptionScopeInfo",
    "check_value",
    "option_scope",
    "file_flink_version",
    "find_option",
    "options",
    "Storage",
    "StorageConfig",
    "FileEntry",
    "Snapshot",
    "JobDirectory",
    "SnapshotListing",
    "check_metadata_header",
    "parse_metadata",
    "operator_id_from_uid",
    "Metadata",
    "MetadataOperator",
    "MetadataFile",
    "OperatorMatch",
    "FileProblem",
    "VerifyLevel",
    "Catalog",
    "Cluster",
    "Event",
    "Folder",
    "Job",
    "MovedSecret",
    "PruneReport",
    "ReconcileReport",
    "RestoreCandidate",
    "RestoreDecision",
    "Run",
    "SaveReport",
    "SnapshotRecord",
    "FlinkCheckpoint",
    "FlinkCheckpointStats",
    "FlinkClient",
    "FlinkJob",
    "RunningComparison",
    "RunningRow",
    "compare_running",
    "FlinkSavepointStatus",
    "SqlGateway",
    "jobs_of_many",
    "flink_last_error_detail",
    "EXCEPTION_BY_CODE",
    "error_for_code",
] + [cls.__name__ for cls in EXCEPTION_BY_CODE.values()]
