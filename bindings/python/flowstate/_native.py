"""Loading libflowstate and declaring the C ABI for ctypes.

The library is found, in order, through:
  1. the FLOWSTATE_LIBRARY environment variable (a path to the shared library);
  2. next to this package: inside it, or in the lib/ directory of the prefix it is
     installed under (<prefix>/lib/python3/dist-packages/flowstate -> <prefix>/lib);
  3. the system's library search path.

Every C function used by the package is declared here with argtypes and restype; int
results of fallible functions go through an errcheck that raises the mapped exception.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from pathlib import Path
from typing import Any, Callable, List, Optional, Sequence, Tuple

from . import _structs
from .errors import FlowstateError, error_for_code  # noqa: F401 (re-exported)

from ._version import ABI_VERSION, __version__
_SONAME = "libflowstate.so.%d.%d" % ABI_VERSION

c_int = ctypes.c_int
c_size = ctypes.c_size_t
c_i64 = ctypes.c_int64
c_u64 = ctypes.c_uint64
c_str = ctypes.c_char_p
c_void = ctypes.c_void_p
c_str_p = ctypes.POINTER(ctypes.c_char_p)
c_void_pp = ctypes.POINTER(ctypes.c_void_p)

LOG_FN = _structs.flowstate_log_fn
PROGRESS_FN = _structs.flowstate_progress_fn
ROUND_FN = _structs.flowstate_round_fn


def defaults(cls: Any) -> Any:
    """A struct of class `cls` (from _structs) holding this library's defaults, as its
    flowstate_<struct>_init() sets them: the one place defaults come from."""
    out = cls()
    getattr(lib, cls.__name__ + "_init")(ctypes.byref(out))
    return out


def progress_thunk(progress: Optional[Callable[[str, int, int], bool]]) -> Any:
    """A Python progress callback as a PROGRESS_FN (None for None); it returns False (or
    raises) to stop the operation. Keep it alive while the operation runs."""
    if progress is None:
        return None

    def call(_user, phase, done, total):  # type: ignore[no-untyped-def]
        try:
            return 0 if progress(phase.decode(), int(done), int(total)) is not False else 1
        except BaseException:  # noqa: BLE001 - cannot cross into C
            return 1
    return PROGRESS_FN(call)


def operation(timeout: Optional[float], cancel: Any = None, progress: Any = None) -> Any:
    """A flowstate_operation: the whole operation's deadline (seconds; None: none), a cancel
    token's handle (or None) and a PROGRESS_FN (or None). Keep it alive while it is used."""
    op = defaults(_structs.flowstate_operation)
    if timeout is not None:
        op.timeout_ms = int(timeout * 1000)
    op.cancel = cancel
    if progress is not None:
        op.progress = progress
    return op


def fetch(cls: Any, func: Callable[..., int], *args: Any) -> Any:
    """A struct of class `cls` filled by a flowstate_<record>_get(*args, &out) call (which
    raises on error); its strings stay valid while the list it came from lives."""
    out = defaults(cls)
    func(*args, ctypes.byref(out))
    return out


def read_list(cls: Any, count: Callable[..., int], get: Callable[..., int], handle: Any,
              convert: Callable[[Any], Any]) -> List[Any]:
    """Every entry of a list handle, each read by its one _get call and converted (the
    handle stays the caller's to free)."""
    return [convert(fetch(cls, get, handle, i)) for i in range(count(handle))]


def _candidates() -> List[str]:
    env = os.environ.get("FLOWSTATE_LIBRARY")
    if env:
        return [env]
    here = Path(__file__).resolve().parent
    found: List[str] = []
    for directory in (here, here.parent.parent.parent):
        for name in (_SONAME, "libflowstate.so"):
            p = directory / name
            if p.exists():
                found.append(str(p))
    system = ctypes.util.find_library("flowstate")
    if system:
        found.append(system)
    found.append(_SONAME)
    return found


def _load() -> ctypes.CDLL:
    errors: List[str] = []
    for candidate in _candidates():
        try:
            return ctypes.CDLL(candidate)
        except OSError as exc:
            errors.append("%s: %s" % (candidate, exc))
    raise ImportError(
        "flowstate: cannot load the shared library (set FLOWSTATE_LIBRARY to its path); tried: "
        + "; ".join(errors)
    )


lib = _load()

# A FlowstateError raised in a callback that the C library called, re-raised by the call
# that triggered it once it returns; kept per thread.
_pending = threading.local()


def _raise_last(rc: int, diagnostics: Any = None) -> None:
    code = lib.flowstate_error_last_code()
    message = lib.flowstate_error_last_message()
    text = message.decode("utf-8", "replace") if message else ""
    if code != rc or not text:
        text = lib.flowstate_error_description(rc).decode("utf-8", "replace")
    diags = diagnostics.entries() if diagnostics is not None else None
    raise error_for_code(rc, text, diags)


def check(rc: int, diagnostics: Any = None) -> int:
    """Raises the mapped exception for a negative return code; else returns rc."""
    pending = getattr(_pending, "error", None)
    if pending is not None:
        _pending.error = None
        raise pending
    if rc < 0:
        _raise_last(rc, diagnostics)
    return rc


def _errcheck(result: int, func: Any, args: Tuple[Any, ...]) -> int:
    return check(result)


def take_string(ptr: Optional[int]) -> str:
    """Copies and frees a string the library allocated (char **out)."""
    if not ptr:
        return ""
    try:
        return ctypes.string_at(ptr).decode("utf-8")
    finally:
        lib.flowstate_string_free(ptr)


def call_string(func: Callable[..., int], *args: Any) -> str:
    """Calls a C function whose first parameter is `char **out`, returning the string."""
    out = ctypes.c_void_p()
    func(ctypes.byref(out), *args)
    return take_string(out.value)


def encode(text: Optional[str]) -> Optional[bytes]:
    return None if text is None else text.encode("utf-8")


# (name, restype, argtypes, raises): every C function the package uses.
_PROTOTYPES: Sequence[Tuple[str, Any, List[Any], bool]] = [
    # common.h, error.h
    ("flowstate_string_free", None, [c_void], False),
    ("flowstate_version", c_str, [], False),
    ("flowstate_version_number", c_int, [], False),
    ("flowstate_error_last_code", c_int, [], False),
    ("flowstate_error_last_message", c_str, [], False),
    ("flowstate_error_clear", None, [], False),
    ("flowstate_error_name", c_str, [c_int], False),
    ("flowstate_error_description", c_str, [c_int], False),
    ("flowstate_error_exit_code", c_int, [c_int], False),
    ("flowstate_error_code_count", c_size, [], False),
    ("flowstate_error_code_at", c_int, [c_size], False),
    # diagnostics.h
    ("flowstate_diagnostics_new", c_int, [c_void_pp], True),
    ("flowstate_diagnostics_free", None, [c_void], False),
    ("flowstate_diagnostics_clear", None, [c_void], False),
    ("flowstate_diagnostics_count", c_size, [c_void], False),
    ("flowstate_diagnostics_error_count", c_size, [c_void], False),
    ("flowstate_diagnostic_init", None, [c_void], False),
    ("flowstate_diagnostics_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_diagnostics_add", c_int, [c_void, c_void], True),
    ("flowstate_diagnostics_format", c_int, [c_void_pp, c_void], True),
    (
        "flowstate_text_position",
        c_int,
        [ctypes.POINTER(c_i64), ctypes.POINTER(c_i64), c_str, c_size, c_size],
        True,
    ),
    # every struct's defaults (capi/struct_init.cc)
    ("flowstate_catalog_options_init", None, [c_void], False),
    ("flowstate_cluster_info_init", None, [c_void], False),
    ("flowstate_job_info_init", None, [c_void], False),
    ("flowstate_job_query_init", None, [c_void], False),
    ("flowstate_secret_store_init", None, [c_void], False),
    ("flowstate_run_info_init", None, [c_void], False),
    ("flowstate_snapshot_record_init", None, [c_void], False),
    ("flowstate_event_info_init", None, [c_void], False),
    ("flowstate_restore_options_init", None, [c_void], False),
    ("flowstate_restore_candidate_init", None, [c_void], False),
    ("flowstate_prune_options_init", None, [c_void], False),
    ("flowstate_endpoint_init", None, [c_void], False),
    ("flowstate_flink_options_init", None, [c_void], False),
    ("flowstate_savepoint_options_init", None, [c_void], False),
    ("flowstate_jar_run_options_init", None, [c_void], False),
    ("flowstate_statement_options_init", None, [c_void], False),
    ("flowstate_webhdfs_options_init", None, [c_void], False),
    ("flowstate_scan_options_init", None, [c_void], False),
    # enums.h
    ("flowstate_enum_type_count", c_size, [], False),
    ("flowstate_enum_type_name", c_str, [c_int], False),
    ("flowstate_enum_count", c_size, [c_int], False),
    ("flowstate_enum_value_info_init", None, [c_void], False),
    ("flowstate_enum_value_get", c_int, [c_int, c_size, c_void], True),
    ("flowstate_enum_name", c_str, [c_int, c_int], False),
    ("flowstate_enum_parse", c_int, [ctypes.POINTER(c_int), c_int, c_str], True),
    # log.h
    ("flowstate_log_set_callback", c_int, [LOG_FN, c_void, c_int], True),
    ("flowstate_log_set_level", c_int, [c_int], True),
    ("flowstate_log_write", c_int, [c_int, c_str, c_str], True),
    # cancel.h
    ("flowstate_cancel_token_new", c_int, [c_void_pp], True),
    ("flowstate_cancel_token_free", None, [c_void], False),
    ("flowstate_cancel_token_cancel", c_int, [c_void], True),
    ("flowstate_cancel_token_is_cancelled", c_int, [c_void], False),
    ("flowstate_cancel_token_wait", c_int, [c_void, c_i64], False),
    ("flowstate_operation_init", None, [c_void], False),
    # redact.h
    ("flowstate_redact_is_secret_key", c_int, [c_str], False),
    ("flowstate_redact_text", c_int, [c_void_pp, c_str, c_size], True),
    ("flowstate_redact_add_pattern", c_int, [c_str], True),
    ("flowstate_redact_remove_pattern", c_int, [c_str], True),
    ("flowstate_redact_reset_patterns", None, [], False),
    ("flowstate_redact_patterns", c_int, [c_void_pp], True),
    # build_info.h
    ("flowstate_build_info_json", c_int, [c_void_pp], True),
    # sql.h
    ("flowstate_sql_options_init", c_int, [c_void, ctypes.c_uint], True),
    ("flowstate_sql_parse", c_int, [c_void_pp, c_str, c_size, c_void, c_void], True),
    ("flowstate_script_free", None, [c_void], False),
    ("flowstate_script_diagnostics", c_int, [c_void, c_void], True),
    ("flowstate_script_isa", c_str, [c_void], False),
    ("flowstate_script_substituted", c_int, [c_void], False),
    ("flowstate_script_statement_count", c_size, [c_void], False),
    ("flowstate_statement_info_init", None, [c_void], False),
    ("flowstate_script_statement_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_script_statement_text", c_int, [c_void_pp, c_void, c_size, ctypes.c_uint], True),
    ("flowstate_script_statement_name", c_int, [c_void_pp, c_void, c_size], True),
    (
        "flowstate_script_read_set",
        c_int,
        [c_void_pp, c_void_pp, ctypes.POINTER(c_i64), ctypes.POINTER(c_i64), c_void, c_size, ctypes.c_uint, c_void],
        False,
    ),
    ("flowstate_script_read_options", c_int, [c_void_pp, c_void, c_size, c_void], False),
    ("flowstate_with_list_free", None, [c_void], False),
    ("flowstate_with_list_count", c_size, [c_void], False),
    ("flowstate_with_entry_init", None, [c_void], False),
    ("flowstate_with_list_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_with_list_find", c_str, [c_void, c_str], False),
    ("flowstate_with_list_raw_value", c_int, [c_void_pp, c_void, c_size], True),
    ("flowstate_with_list_trailing_comma", c_int, [c_void], False),
    ("flowstate_script_read_cdc_source", c_int, [c_void_pp, c_void, c_size, c_void], False),
    ("flowstate_cdc_source_free", None, [c_void], False),
    ("flowstate_cdc_source_name", c_str, [c_void], False),
    ("flowstate_cdc_source_get", c_str, [c_void, c_str], False),
    ("flowstate_cdc_source_get_int", c_int, [ctypes.POINTER(c_i64), c_void, c_str], False),
    ("flowstate_cdc_source_table_count", c_size, [c_void], False),
    ("flowstate_cdc_source_table", c_str, [c_void, c_size], False),
    ("flowstate_cdc_source_group", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_cdc_source_sink_count", c_size, [c_void], False),
    ("flowstate_cdc_source_sink_name", c_str, [c_void, c_size], False),
    ("flowstate_cdc_source_sink", c_int, [c_void_pp, c_void, c_size], True),
    ("flowstate_cdc_source_options", c_int, [c_void_pp, c_void], True),
    ("flowstate_script_variable_count", c_size, [c_void], False),
    ("flowstate_variable_info_init", None, [c_void], False),
    ("flowstate_script_variable_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_script_lint", c_int, [ctypes.POINTER(c_size), c_void, ctypes.c_uint, c_void], True),
    ("flowstate_script_lint_for", c_int, [ctypes.POINTER(c_size), c_void, ctypes.c_uint, c_str, c_void], True),
    # config.h
    ("flowstate_option_count", c_size, [], False),
    ("flowstate_option_at", c_void, [c_size], False),
    ("flowstate_option_find", c_void, [c_str], False),
    ("flowstate_option_info_init", None, [c_void], False),
    ("flowstate_option_get", c_int, [c_void, c_void], True),
    ("flowstate_option_name_info_init", None, [c_void], False),
    ("flowstate_option_name_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_option_name_for", c_int, [c_str_p, c_void, c_str], True),
    ("flowstate_option_default", c_int, [c_str_p, c_void, c_str], True),
    ("flowstate_option_scope_info_init", None, [c_void], False),
    ("flowstate_option_scope_get", c_int, [c_str, c_str, c_void], True),
    ("flowstate_config_check_value", c_int, [c_void_pp, c_str, c_str, c_str], True),
    ("flowstate_config_file_flink_version", c_int, [c_void_pp, c_str, c_size, c_str, c_int], True),
    ("flowstate_config_new", c_int, [c_void_pp, c_str], True),
    ("flowstate_config_free", None, [c_void], False),
    ("flowstate_config_flink_version", c_str, [c_void], False),
    ("flowstate_config_add_file", c_int, [c_void, c_str, c_size, c_str, c_int], True),
    ("flowstate_config_add_script", c_int, [c_void, c_void], True),
    ("flowstate_config_set", c_int, [c_void, c_str, c_str, c_str], True),
    ("flowstate_config_set_deployment", c_int, [c_void, c_int, c_int], True),
    ("flowstate_config_include_defaults", c_int, [c_void, c_int], True),
    ("flowstate_config_diagnostics", c_int, [c_void, c_void], True),
    ("flowstate_config_diagnostic_key", c_str, [c_void, c_size], False),
    ("flowstate_config_error_count", c_size, [c_void], False),
    ("flowstate_config_count", c_size, [c_void], False),
    ("flowstate_config_entry_init", None, [c_void], False),
    ("flowstate_config_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_config_history_init", None, [c_void], False),
    ("flowstate_config_history_get", c_int, [c_void, c_size, c_size, c_void], True),
    ("flowstate_config_raw_value", c_int, [c_void_pp, c_void, c_size], True),
    ("flowstate_config_find", c_i64, [c_void, c_str], False),
    ("flowstate_config_render", c_int, [c_void_pp, c_void, c_int, c_int, c_void], True),
    # storage.h
    ("flowstate_storage_config_new", c_int, [c_void_pp], True),
    ("flowstate_storage_config_free", None, [c_void], False),
    ("flowstate_storage_config_add_mount", c_int, [c_void, c_str, c_str], True),
    ("flowstate_storage_config_set_default_nameservice", c_int, [c_void, c_str], True),
    ("flowstate_storage_config_add_webhdfs", c_int, [c_void, c_str, c_void], True),
    ("flowstate_storage_new", c_int, [c_void_pp, c_void], True),
    ("flowstate_storage_free", None, [c_void], False),
    ("flowstate_storage_normalize", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_storage_resolve", c_int, [c_void_pp, c_void_pp, c_void, c_str], True),
    ("flowstate_storage_webhdfs_requests", c_u64, [c_void], False),
    ("flowstate_storage_stat", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_storage_list", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_file_list_free", None, [c_void], False),
    ("flowstate_file_list_count", c_size, [c_void], False),
    ("flowstate_file_info_init", None, [c_void], False),
    ("flowstate_file_list_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_storage_read", c_int, [c_void_pp, ctypes.POINTER(c_size), c_void, c_str, c_u64, c_u64], True),
    ("flowstate_storage_write", c_int, [c_void, c_str, c_void, c_size, c_int], True),
    ("flowstate_storage_mkdirs", c_int, [c_void, c_str], True),
    ("flowstate_storage_rename", c_int, [c_void, c_str, c_str], True),
    ("flowstate_storage_delete", c_int, [c_void, c_str], True),
    ("flowstate_storage_list_snapshots", c_int, [c_void_pp, c_void, c_void, c_size, c_void, c_void], False),
    ("flowstate_storage_find_latest", c_int, [c_void_pp, c_void, c_void, c_size, c_void, c_void], False),
    ("flowstate_snapshot_list_free", None, [c_void], False),
    ("flowstate_snapshot_list_count", c_size, [c_void], False),
    ("flowstate_snapshot_list_chosen", c_i64, [c_void], False),
    ("flowstate_snapshot_list_candidates", c_u64, [c_void], False),
    ("flowstate_snapshot_list_listings", c_u64, [c_void], False),
    ("flowstate_snapshot_list_header_reads", c_u64, [c_void], False),
    ("flowstate_snapshot_info_init", None, [c_void], False),
    ("flowstate_snapshot_list_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_file_problem_init", None, [c_void], False),
    ("flowstate_snapshot_list_problem_get", c_int, [c_void, c_size, c_size, c_void], True),
    ("flowstate_job_directory_init", None, [c_void], False),
    ("flowstate_snapshot_list_job_count", c_size, [c_void], False),
    ("flowstate_snapshot_list_job_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_metadata_parse", c_int, [c_void_pp, c_str, c_size], True),
    ("flowstate_storage_inspect", c_int, [c_void_pp, c_void_pp, c_void, c_str, c_void], True),
    ("flowstate_metadata_free", None, [c_void], False),
    ("flowstate_metadata_info_init", None, [c_void], False),
    ("flowstate_metadata_get", c_int, [c_void, c_void], True),
    ("flowstate_operator_state_init", None, [c_void], False),
    ("flowstate_metadata_operator_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_state_file_init", None, [c_void], False),
    ("flowstate_metadata_file_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_operator_id_from_uid", c_int, [c_void_pp, c_str, c_size], True),
    ("flowstate_storage_match", c_int, [c_void_pp, c_void, c_str, c_void, c_size, c_void], True),
    ("flowstate_match_list_free", None, [c_void], False),
    ("flowstate_match_list_count", c_size, [c_void], False),
    ("flowstate_match_info_init", None, [c_void], False),
    ("flowstate_match_list_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_metadata_check_header", c_int, [ctypes.POINTER(c_int), ctypes.POINTER(c_i64), c_void, c_size], True),
    # catalog.h
    ("flowstate_catalog_open", c_int, [c_void_pp, c_str, c_void], True),
    ("flowstate_catalog_free", None, [c_void], False),
    ("flowstate_catalog_schema_version", c_int, [c_void], False),
    ("flowstate_catalog_path", c_str, [c_void], False),
    ("flowstate_catalog_put_cluster", c_int, [c_void_pp, c_void, c_void], True),
    ("flowstate_catalog_get_cluster", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_catalog_list_clusters", c_int, [c_void_pp, c_void], True),
    ("flowstate_catalog_remove_cluster", c_int, [c_void, c_str], True),
    ("flowstate_cluster_list_free", None, [c_void], False),
    ("flowstate_cluster_list_count", c_size, [c_void], False),
    ("flowstate_cluster_list_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_catalog_add_job", c_int, [c_void_pp, c_void, c_void], True),
    ("flowstate_catalog_get_job", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_catalog_update_job", c_int, [c_void_pp, c_void, c_str, c_void], True),
    ("flowstate_catalog_move_job", c_int, [c_void_pp, c_void, c_str, c_str, c_str], True),
    ("flowstate_catalog_remove_job", c_int, [c_void, c_str], True),
    ("flowstate_catalog_remove_job_v2", c_int, [c_void, c_str, c_void, c_void], True),
    ("flowstate_catalog_set_strategy", c_int, [c_void, c_str, c_int], True),
    ("flowstate_catalog_set_once", c_int, [c_void, c_str, c_str], True),
    ("flowstate_catalog_clear_once", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_catalog_find_jobs", c_int, [c_void_pp, c_void, c_void], True),
    ("flowstate_job_list_free", None, [c_void], False),
    ("flowstate_job_list_count", c_size, [c_void], False),
    ("flowstate_job_list_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_catalog_create_folder", c_int, [c_void, c_str], True),
    ("flowstate_catalog_move_folder", c_int, [c_void, c_str, c_str], True),
    ("flowstate_catalog_remove_folder", c_int, [c_void, c_str], True),
    ("flowstate_catalog_list_folder", c_int, [c_void_pp, c_void_pp, c_void, c_str], True),
    ("flowstate_catalog_tree", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_folder_list_free", None, [c_void], False),
    ("flowstate_folder_list_count", c_size, [c_void], False),
    ("flowstate_folder_info_init", None, [c_void], False),
    ("flowstate_folder_list_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_secret_value_set", c_int, [c_void, c_void, c_size], False),
    ("flowstate_catalog_save_script", c_int, [c_void_pp, c_void, c_str, c_void, c_size, c_void], True),
    ("flowstate_catalog_resolve_script", c_int, [c_void_pp, c_void, c_str, c_void], True),
    ("flowstate_save_report_free", None, [c_void], False),
    ("flowstate_save_report_stored", c_str, [c_void], False),
    ("flowstate_save_report_moved_count", c_size, [c_void], False),
    ("flowstate_moved_secret_init", None, [c_void], False),
    ("flowstate_save_report_moved_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_catalog_start_run", c_int, [c_void_pp, c_void, c_str, c_void], True),
    ("flowstate_catalog_restart_run", c_int, [c_void_pp, c_void, c_str, c_i64, c_str, c_void], True),
    ("flowstate_catalog_set_run_job_id", c_int, [c_void, c_i64, c_str], True),
    ("flowstate_catalog_end_run", c_int, [c_void, c_i64, c_str, c_i64], True),
    ("flowstate_catalog_list_runs", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_run_list_free", None, [c_void], False),
    ("flowstate_run_list_count", c_size, [c_void], False),
    ("flowstate_run_list_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_catalog_add_snapshot", c_int, [c_void_pp, c_void, c_str, c_void], True),
    ("flowstate_register_options_init", None, [c_void], False),
    ("flowstate_catalog_register_snapshot", c_int, [c_void_pp, c_void, c_str, c_void, c_void, c_void], True),
    ("flowstate_catalog_add_snapshots", c_int, [c_void, c_void, c_size], True),
    ("flowstate_catalog_set_snapshot_state", c_int, [c_void, c_i64, c_int], True),
    ("flowstate_catalog_get_snapshot", c_int, [c_void_pp, c_void, c_i64], True),
    ("flowstate_catalog_find_snapshot", c_int, [c_void_pp, c_void, c_str, c_str], True),
    ("flowstate_catalog_remove_snapshot", c_int, [c_void, c_i64, c_void, c_int], True),
    ("flowstate_catalog_list_snapshots", c_int, [c_void_pp, c_void, c_str, ctypes.POINTER(c_int), c_size, c_i64], True),
    ("flowstate_record_list_free", None, [c_void], False),
    ("flowstate_record_list_count", c_size, [c_void], False),
    ("flowstate_record_list_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_catalog_list_events", c_int, [c_void_pp, c_void, c_str, c_i64], True),
    ("flowstate_event_list_free", None, [c_void], False),
    ("flowstate_event_list_count", c_size, [c_void], False),
    ("flowstate_event_list_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_catalog_resolve_restore", c_int, [c_void_pp, c_void, c_str, c_void, c_void], True),
    ("flowstate_restore_decision_free", None, [c_void], False),
    ("flowstate_restore_decision_info_init", None, [c_void], False),
    ("flowstate_restore_decision_get", c_int, [c_void, c_void], True),
    ("flowstate_restore_decision_candidate_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_catalog_reconcile", c_int, [c_void_pp, c_void, c_str, c_void, c_void], True),
    ("flowstate_reconcile_report_free", None, [c_void], False),
    ("flowstate_reconcile_report_added", c_void, [c_void], False),
    ("flowstate_reconcile_report_missing", c_void, [c_void], False),
    ("flowstate_reconcile_report_disposed", c_void, [c_void], False),
    ("flowstate_reconcile_info_init", None, [c_void], False),
    ("flowstate_reconcile_report_get", c_int, [c_void, c_void], True),
    ("flowstate_catalog_prune", c_int, [c_void_pp, c_void, c_str, c_void, c_void], True),
    ("flowstate_prune_report_free", None, [c_void], False),
    ("flowstate_prune_report_deleted", c_void, [c_void], False),
    ("flowstate_prune_report_kept", c_void, [c_void], False),
    ("flowstate_prune_report_failed", c_void, [c_void], False),
    # flink.h
    ("flowstate_flink_last_error_detail", c_str, [], False),
    ("flowstate_flink_client_new", c_int, [c_void_pp, c_void], True),
    ("flowstate_flink_client_free", None, [c_void], False),
    ("flowstate_flink_version", c_int, [c_void_pp, c_void], True),
    ("flowstate_flink_overview", c_int, [c_void_pp, c_void], True),
    ("flowstate_flink_config", c_int, [c_void_pp, c_void], True),
    ("flowstate_flink_jobs", c_int, [c_void_pp, c_void], True),
    ("flowstate_flink_job", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_flink_job_status", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_flink_exceptions", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_flink_checkpoints", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_flink_checkpoint_config", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_flink_trigger_savepoint", c_int, [c_void_pp, c_void, c_str, c_void], True),
    ("flowstate_flink_stop_with_savepoint", c_int, [c_void_pp, c_void, c_str, c_void], True),
    ("flowstate_flink_savepoint_status", c_int, [c_void_pp, c_void, c_str, c_str], True),
    ("flowstate_flink_wait_for_savepoint", c_int, [c_void_pp, c_void, c_str, c_str, c_void], True),
    ("flowstate_flink_cancel", c_int, [c_void, c_str], True),
    ("flowstate_flink_upload_jar", c_int, [c_void_pp, c_void, c_str, c_void, c_size], True),
    ("flowstate_flink_run_jar", c_int, [c_void_pp, c_void, c_str, c_void], True),
    ("flowstate_flink_delete_jar", c_int, [c_void, c_str], True),
    ("flowstate_flink_jobs_of_many", c_int, [c_void_pp, c_void, c_size], True),
    ("flowstate_flink_checkpoints_of_many", c_int, [c_void_pp, c_void, c_void, c_size], True),
    ("flowstate_flink_job_info_init", None, [c_void], False),
    ("flowstate_flink_list_jobs", c_int, [c_void_pp, c_void], True),
    ("flowstate_flink_get_job", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_flink_job_list_free", None, [c_void], False),
    ("flowstate_flink_job_list_count", c_size, [c_void], False),
    ("flowstate_flink_job_list_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_checkpoint_summary_init", None, [c_void], False),
    ("flowstate_checkpoint_entry_init", None, [c_void], False),
    ("flowstate_flink_get_checkpoints", c_int, [c_void_pp, c_void, c_str], True),
    ("flowstate_checkpoint_stats_free", None, [c_void], False),
    ("flowstate_checkpoint_stats_summary", c_int, [c_void, c_void], True),
    ("flowstate_checkpoint_stats_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_savepoint_info_init", None, [c_void], False),
    ("flowstate_job_after_action", c_int, [ctypes.POINTER(c_int), c_int, c_int], True),
    ("flowstate_job_after_event", c_int, [ctypes.POINTER(c_int), c_int, c_int], True),
    ("flowstate_job_event_for_flink_status", c_int, [ctypes.POINTER(c_int), c_str], True),
    ("flowstate_job_rule_init", None, [c_void], False),
    ("flowstate_job_rule_count", c_size, [], False),
    ("flowstate_job_rule_get", c_int, [c_size, c_void], True),
    ("flowstate_running_options_init", None, [c_void], False),
    ("flowstate_running_row_init", None, [c_void], False),
    ("flowstate_config_compare_running", c_int, [c_void_pp, c_void, c_void, c_str, c_void], True),
    ("flowstate_running_comparison_free", None, [c_void], False),
    ("flowstate_running_comparison_count", c_size, [c_void], False),
    ("flowstate_running_comparison_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_running_comparison_checkpoints_on_storage", c_i64, [c_void], False),
    ("flowstate_flink_get_savepoint_status", c_int, [c_void_pp, c_void, c_str, c_str], True),
    ("flowstate_savepoint_status_free", None, [c_void], False),
    ("flowstate_savepoint_status_get", c_int, [c_void, c_void], True),
    ("flowstate_sql_gateway_new", c_int, [c_void_pp, c_void], True),
    ("flowstate_sql_gateway_free", None, [c_void], False),
    ("flowstate_sql_gateway_api_version", c_int, [ctypes.POINTER(c_int), c_void], True),
    ("flowstate_sql_gateway_open_session", c_int, [c_void_pp, c_void, c_str, c_void, c_void, c_size], True),
    ("flowstate_sql_gateway_heartbeat", c_int, [c_void, c_str], True),
    ("flowstate_sql_gateway_close_session", c_int, [c_void, c_str], True),
    ("flowstate_sql_gateway_execute", c_int, [c_void_pp, c_void, c_str, c_str, c_void], True),
    ("flowstate_sql_gateway_operation_status", c_int, [c_void_pp, c_void, c_str, c_str], True),
    ("flowstate_sql_gateway_fetch", c_int, [c_void_pp, c_void, c_str, c_str, c_i64], True),
    ("flowstate_sql_gateway_run", c_int, [c_void_pp, c_void, c_str, c_str, c_void, c_void], True),
    ("flowstate_sql_gateway_stop_job", c_int, [c_void_pp, c_void, c_str, c_str, c_int, c_int, c_void], True),
    ("flowstate_lifecycle_options_init", None, [c_void], False),
    ("flowstate_action_options_init", None, [c_void], False),
    ("flowstate_operation_record_init", None, [c_void], False),
    ("flowstate_transition_info_init", None, [c_void], False),
    ("flowstate_lifecycle_new", c_int, [c_void_pp, c_void, c_void, c_void], True),
    ("flowstate_lifecycle_free", None, [c_void], False),
    ("flowstate_lifecycle_adopt", c_int, [c_void_pp, c_void, c_str, c_str, c_void], True),
    ("flowstate_lifecycle_start", c_int, [c_void_pp, c_void, c_str, c_void, c_void], True),
    ("flowstate_lifecycle_resume", c_int, [c_void_pp, c_void, c_str, c_void, c_void], True),
    ("flowstate_lifecycle_restart", c_int, [c_void_pp, c_void, c_str, c_void, c_void], True),
    ("flowstate_lifecycle_savepoint", c_int, [c_void_pp, c_void, c_str, c_void, c_void], True),
    ("flowstate_lifecycle_stop", c_int, [c_void_pp, c_void, c_str, c_void, c_void], True),
    ("flowstate_lifecycle_cancel", c_int, [c_void_pp, c_void, c_str, c_void], True),
    ("flowstate_lifecycle_move", c_int, [c_void_pp, c_void, c_str, c_str, c_void], True),
    ("flowstate_lifecycle_acknowledge_lost", c_int, [c_void_pp, c_void, c_str, c_str, c_void], True),
    ("flowstate_lifecycle_recover", c_int, [c_void_pp, c_void, c_void], True),
    ("flowstate_action_report_free", None, [c_void], False),
    ("flowstate_action_report_operation", c_int, [c_void, c_void], True),
    ("flowstate_action_report_commits", c_i64, [c_void], False),
    ("flowstate_action_report_transition_count", c_size, [c_void], False),
    ("flowstate_action_report_transition_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_action_report_snapshot_count", c_size, [c_void], False),
    ("flowstate_action_report_snapshot_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_action_report_reason_count", c_size, [c_void], False),
    ("flowstate_action_report_reason", c_str, [c_void, c_size], False),
    ("flowstate_recover_report_free", None, [c_void], False),
    ("flowstate_recover_report_resolved_count", c_size, [c_void], False),
    ("flowstate_recover_report_resolved", c_void, [c_void, c_size], False),
    ("flowstate_recover_report_skipped_count", c_size, [c_void], False),
    ("flowstate_recover_report_skipped", c_str, [c_void, c_size], False),
    ("flowstate_observe_options_init", None, [c_void], False),
    ("flowstate_observed_change_init", None, [c_void], False),
    ("flowstate_observe_info_init", None, [c_void], False),
    ("flowstate_watch_info_init", None, [c_void], False),
    ("flowstate_lifecycle_observe", c_int, [c_void_pp, c_void, c_void, c_void], True),
    ("flowstate_lifecycle_watch", c_int, [c_void, c_void, c_i64, ROUND_FN, c_void, c_void], True),
    ("flowstate_observe_report_free", None, [c_void], False),
    ("flowstate_observe_report_get", c_int, [c_void, c_void], True),
    ("flowstate_observe_report_change_count", c_size, [c_void], False),
    ("flowstate_observe_report_change_get", c_int, [c_void, c_size, c_void], True),
    ("flowstate_observe_report_captured", c_void, [c_void], False),
    ("flowstate_observe_report_gap_count", c_size, [c_void], False),
    ("flowstate_observe_report_gap_job", c_str, [c_void, c_size], False),
    ("flowstate_observe_report_gap", c_void, [c_void, c_size], False),
    ("flowstate_catalog_get_watch", c_int, [c_void, c_str, c_void], True),
    ("flowstate_catalog_list_operations", c_int, [c_void_pp, c_void, c_str, c_int, c_i64], True),
    ("flowstate_operation_list_free", None, [c_void], False),
    ("flowstate_operation_list_count", c_size, [c_void], False),
    ("flowstate_operation_list_get", c_int, [c_void, c_size, c_void], True),
]


def _declare() -> None:
    for name, restype, argtypes, raises in _PROTOTYPES:
        func = getattr(lib, name)
        func.restype = restype
        func.argtypes = argtypes
        if raises:
            func.errcheck = _errcheck


def _check_abi() -> None:
    """Before any prototype is declared: a library of another ABI may lack some functions."""
    number = lib.flowstate_version_number()
    found = (number // 10000, number // 100 % 100)
    if found[0] != ABI_VERSION[0] or (ABI_VERSION[0] == 0 and found[1] != ABI_VERSION[1]):
        wanted = "%d.%d" % ABI_VERSION if ABI_VERSION[0] == 0 else "%d" % ABI_VERSION[0]
        raise ImportError(
            "flowstate: these bindings (%s) speak the library's ABI %s, but the library loaded "
            "from %s is version %s. Install the bindings that match it (pip install "
            "'flowstate==%d.%d.*'), or point FLOWSTATE_LIBRARY at a libflowstate.so.%s "
            "(flowstate %s.x)."
            % (__version__, wanted, lib._name, lib.flowstate_version().decode(), found[0],
               found[1], wanted, wanted)
        )


lib.flowstate_version_number.restype = c_int
lib.flowstate_version_number.argtypes = []
lib.flowstate_version.restype = c_str
lib.flowstate_version.argtypes = []
_check_abi()
_declare()

DECLARED = frozenset(name for name, _, _, _ in _PROTOTYPES)


__all__ = ["lib", "check", "take_string", "call_string", "encode", "FlowstateError"]
