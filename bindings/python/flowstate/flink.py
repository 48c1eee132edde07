"""Clients of Flink's REST APIs (flowstate/flink.h): the JobManager and the SQL Gateway,
speaking the dialect of the cluster's Flink version (1.14 to 2.x).

    with flowstate.FlinkClient("http://jobmanager:8081") as flink:
        for job in flink.jobs():
            print(job["id"], job["state"])
        trigger = flink.stop_with_savepoint(job_id, target_directory="hdfs:///sp")
        print(flink.wait_for_savepoint(job_id, trigger, timeout=600))

Answers are flowstate's JSON as Python dicts and lists: one shape for every Flink version,
snake_case keys, None where Flink sends nothing. HTTP errors raise the mapped exception
(NotFoundError, ConflictError, InvalidArgumentError, UnavailableError, ...) whose message is
the server's first meaningful line; last_error_detail() has the whole text.
"""

from __future__ import annotations

import ctypes
import json
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _native, _structs
from ._records import (
    FlinkCheckpoint,
    FlinkJob,
    FlinkSavepointStatus,
    RunningRow,
    checkpoint_entry_from_c,
    flink_job_info_from_c,
    running_row_from_c,
    savepoint_info_from_c,
)
from ._handle import Handle
from ._interrupt import run_interruptible
from .cancel import CancelToken
from .endpoint import Endpoint, as_endpoint
from .endpoint import fill as fill_endpoint

__all__ = ["FlinkClient", "SqlGateway", "last_error_detail", "jobs_of_many", "FlinkJob", "FlinkCheckpoint",
           "FlinkCheckpointStats", "FlinkSavepointStatus", "RunningRow", "RunningComparison", "compare_running"]

_lib = _native.lib

_FlinkOptions = _structs.flowstate_flink_options
_SavepointOptions = _structs.flowstate_savepoint_options
_RunOptions = _structs.flowstate_jar_run_options
_StatementOptions = _structs.flowstate_statement_options


@dataclass(frozen=True)
class FlinkCheckpointStats:
    """A job's checkpoint statistics, typed (flowstate_checkpoint_summary and its entries)."""
    restored: Optional[int]
    total: Optional[int]
    in_progress: Optional[int]
    completed: Optional[int]
    failed: Optional[int]
    history: Tuple[FlinkCheckpoint, ...]
    latest_completed: Optional[FlinkCheckpoint]
    latest_savepoint: Optional[FlinkCheckpoint]
    latest_failed: Optional[FlinkCheckpoint]
    restored_id: Optional[int]  # None: the job started empty
    restore_ms: Optional[int]
    restored_is_savepoint: bool
    restored_path: str


def _opt(v: int) -> Optional[int]:
    return None if v < 0 else int(v)


def _t(raw: Optional[bytes]) -> str:
    return raw.decode("utf-8", "replace") if raw else ""


def _flink_jobs(h: Optional[int]) -> List[FlinkJob]:
    try:
        return _native.read_list(_structs.flowstate_flink_job_info, _lib.flowstate_flink_job_list_count,
                                 _lib.flowstate_flink_job_list_get, h, flink_job_info_from_c)
    finally:
        _lib.flowstate_flink_job_list_free(h)


def _checkpoint(h: int, i: int) -> FlinkCheckpoint:
    c = _native.fetch(_structs.flowstate_checkpoint_entry, _lib.flowstate_checkpoint_stats_get, h, i)
    return checkpoint_entry_from_c(c)


def _statement_options(config: Optional[Mapping[str, str]], execution_timeout: Optional[float]) -> Tuple[Any, Any]:
    conf = dict(config or {})
    k, kk = _strings(list(conf.keys()))
    v, kv = _strings(list(conf.values()))
    o = _StatementOptions(1, ctypes.cast(k, ctypes.POINTER(ctypes.c_char_p)), ctypes.cast(v, ctypes.POINTER(ctypes.c_char_p)),
                          len(conf), -1 if execution_timeout is None else int(execution_timeout * 1000))
    return o, (k, v, kk, kv)




def last_error_detail() -> str:
    """The whole text of the last Flink error answer on this thread (stack traces included)."""
    return (_lib.flowstate_flink_last_error_detail() or b"").decode("utf-8", "replace")


def _strings(items: Sequence[str]) -> Tuple[Any, List[bytes]]:
    data = [s.encode("utf-8") for s in items]
    return (ctypes.c_char_p * max(1, len(data)))(*data), data


def _options(url: Union[str, Endpoint], flink_version: Optional[str],
             fields: Dict[str, Any]) -> Tuple[_FlinkOptions, Any]:
    """flowstate_flink_options: the library's defaults (flowstate_flink_options_init), with
    what the caller gave over them; None keeps the default."""
    o = _native.defaults(_FlinkOptions)
    keep = fill_endpoint(o.endpoint, as_endpoint(url, fields))
    o.flink_version = _native.encode(flink_version)
    return o, keep


def _json(func: Callable[..., int], *args: Any) -> Any:
    return json.loads(_native.call_string(func, *args))


class FlinkClient(Handle):
    """A JobManager's REST API (default port 8081). Thread-safe."""

    _free = _lib.flowstate_flink_client_free

    def __init__(self, url: Union[str, Endpoint], flink_version: Optional[str] = None, **endpoint: Any) -> None:
        """`url` is the JobManager's URL with Endpoint's fields as keywords (bearer_token,
        headers, verify_tls, ca_file, request_timeout, retries, ...), or an Endpoint. Times
        are in seconds, as everywhere in this package: `request_timeout` bounds each request,
        an operation's own `timeout` (wait_for_savepoint, ...) the whole of it. None keeps the
        library's default (flowstate_flink_options_init): 30 s per request, connect in 5 s, 2
        retries of idempotent requests from 50 ms, answers up to 32 MiB. `flink_version`
        ("1.20"): None reads it from the cluster on first need."""
        o, keep = _options(url, flink_version, endpoint)
        super().__init__(self._create(_lib.flowstate_flink_client_new, ctypes.byref(o)))
        del keep

    def version(self) -> str:
        return _native.call_string(_lib.flowstate_flink_version, self.handle)

    def overview(self) -> Dict[str, Any]:
        return _json(_lib.flowstate_flink_overview, self.handle)

    def config(self) -> Dict[str, Any]:
        return _json(_lib.flowstate_flink_config, self.handle)

    def jobs(self) -> List[Dict[str, Any]]:
        return _json(_lib.flowstate_flink_jobs, self.handle)

    def job(self, job_id: str) -> Dict[str, Any]:
        return _json(_lib.flowstate_flink_job, self.handle, job_id.encode())

    def job_status(self, job_id: str) -> str:
        return _native.call_string(_lib.flowstate_flink_job_status, self.handle, job_id.encode())

    def exceptions(self, job_id: str) -> Dict[str, Any]:
        return _json(_lib.flowstate_flink_exceptions, self.handle, job_id.encode())

    def checkpoints(self, job_id: str) -> Dict[str, Any]:
        return _json(_lib.flowstate_flink_checkpoints, self.handle, job_id.encode())

    def checkpoint_config(self, job_id: str) -> Dict[str, Any]:
        return _json(_lib.flowstate_flink_checkpoint_config, self.handle, job_id.encode())

    def list_jobs(self) -> List[FlinkJob]:
        """Every job of the cluster, typed (jobs() gives the whole JSON answer)."""
        out = ctypes.c_void_p()
        _lib.flowstate_flink_list_jobs(ctypes.byref(out), self.handle)
        return _flink_jobs(out.value)

    def get_job(self, job_id: str) -> FlinkJob:
        """One job, typed (job() gives the whole JSON answer); NotFoundError when unknown."""
        out = ctypes.c_void_p()
        _lib.flowstate_flink_get_job(ctypes.byref(out), self.handle, job_id.encode())
        return _flink_jobs(out.value)[0]

    def get_checkpoints(self, job_id: str) -> FlinkCheckpointStats:
        """The job's checkpoint statistics, typed (checkpoints() gives the whole JSON answer)."""
        out = ctypes.c_void_p()
        _lib.flowstate_flink_get_checkpoints(ctypes.byref(out), self.handle, job_id.encode())
        h = out.value
        try:
            c = _native.fetch(_structs.flowstate_checkpoint_summary, _lib.flowstate_checkpoint_stats_summary, h)
            latest = [None if i < 0 else _checkpoint(h, i) for i in (c.latest_completed, c.latest_savepoint,
                                                                      c.latest_failed)]
            return FlinkCheckpointStats(
                restored=_opt(c.restored), total=_opt(c.total), in_progress=_opt(c.in_progress),
                completed=_opt(c.completed), failed=_opt(c.failed),
                history=tuple(_checkpoint(h, i) for i in range(c.history_count)),
                latest_completed=latest[0], latest_savepoint=latest[1], latest_failed=latest[2],
                restored_id=_opt(c.restored_id), restore_ms=_opt(c.restore_ms),
                restored_is_savepoint=bool(c.restored_is_savepoint), restored_path=_t(c.restored_path),
            )
        finally:
            _lib.flowstate_checkpoint_stats_free(h)

    def get_savepoint_status(self, job_id: str, trigger_id: str) -> FlinkSavepointStatus:
        """Where a savepoint operation stands, typed (savepoint_status() gives the JSON)."""
        out = ctypes.c_void_p()
        _lib.flowstate_flink_get_savepoint_status(ctypes.byref(out), self.handle, job_id.encode(),
                                                  trigger_id.encode())
        try:
            c = _native.fetch(_structs.flowstate_savepoint_info, _lib.flowstate_savepoint_status_get, out.value)
            return savepoint_info_from_c(c)
        finally:
            _lib.flowstate_savepoint_status_free(out.value)

    def _savepoint(self, func: Callable[..., int], job_id: str, target_directory: Optional[str], format: Optional[str],
                   trigger_id: Optional[str], cancel_job: bool, drain: bool, accept_server_trigger_id: bool) -> str:
        o = _native.defaults(_SavepointOptions)
        o.target_directory, o.format = _native.encode(target_directory), _native.encode(format)
        o.trigger_id = _native.encode(trigger_id)
        o.cancel_job, o.drain, o.accept_server_trigger_id = int(cancel_job), int(drain), int(accept_server_trigger_id)
        return _native.call_string(func, self.handle, job_id.encode(), ctypes.byref(o))

    def trigger_savepoint(self, job_id: str, target_directory: Optional[str] = None, format: Optional[str] = None,
                          trigger_id: Optional[str] = None, cancel_job: bool = False,
                          accept_server_trigger_id: bool = False) -> str:
        """The trigger id; the same trigger_id again never triggers a second savepoint. Flink
        1.14 chooses ids itself: a trigger_id for it is UnsupportedError (nothing sent) unless
        accept_server_trigger_id, and then the id returned is the server's."""
        return self._savepoint(_lib.flowstate_flink_trigger_savepoint, job_id, target_directory, format, trigger_id,
                               cancel_job, False, accept_server_trigger_id)

    def stop_with_savepoint(self, job_id: str, target_directory: Optional[str] = None, format: Optional[str] = None,
                            trigger_id: Optional[str] = None, drain: bool = False,
                            accept_server_trigger_id: bool = False) -> str:
        return self._savepoint(_lib.flowstate_flink_stop_with_savepoint, job_id, target_directory, format, trigger_id,
                               False, drain, accept_server_trigger_id)

    def savepoint_status(self, job_id: str, trigger_id: str) -> Dict[str, Any]:
        return _json(_lib.flowstate_flink_savepoint_status, self.handle, job_id.encode(), trigger_id.encode())

    def wait_for_savepoint(self, job_id: str, trigger_id: str, timeout: Optional[float] = None,
                           cancel: Optional[CancelToken] = None,
                           progress: Optional[Callable[[str, int, int], bool]] = None) -> str:
        """The savepoint's location once done; RemoteError with Flink's reason when it failed.
        Ctrl-C stops the wait (KeyboardInterrupt, with .job_id and .trigger_id set, so that
        the savepoint's result can still be fetched); the savepoint itself goes on."""
        thunk = _native.progress_thunk(progress)

        def call(token: CancelToken) -> str:
            op = _native.operation(timeout, token.handle, thunk)
            return _native.call_string(_lib.flowstate_flink_wait_for_savepoint, self.handle, job_id.encode(),
                                       trigger_id.encode(), ctypes.byref(op))

        try:
            return run_interruptible(call, cancel, {"job_id": job_id, "trigger_id": trigger_id})
        finally:
            del thunk

    def cancel(self, job_id: str) -> None:
        _lib.flowstate_flink_cancel(self.handle, job_id.encode())

    def upload_jar(self, file_name: str, data: bytes) -> str:
        return _native.call_string(_lib.flowstate_flink_upload_jar, self.handle, file_name.encode(), data, len(data))

    def run_jar(self, jar_id: str, entry_class: Optional[str] = None, args: Sequence[str] = (),
                parallelism: Optional[int] = None, job_id: Optional[str] = None, savepoint_path: Optional[str] = None,
                allow_non_restored_state: bool = False, claim_mode: Optional[str] = None,
                flink_configuration: Optional[Mapping[str, str]] = None) -> str:
        """The job id."""
        a, ka = _strings(list(args))
        conf = dict(flink_configuration or {})
        k, kk = _strings(list(conf.keys()))
        v, kv = _strings(list(conf.values()))
        o = _RunOptions(1, _native.encode(entry_class), ctypes.cast(a, ctypes.POINTER(ctypes.c_char_p)), len(args),
                        -1 if parallelism is None else parallelism, _native.encode(job_id),
                        _native.encode(savepoint_path), int(allow_non_restored_state), _native.encode(claim_mode),
                        ctypes.cast(k, ctypes.POINTER(ctypes.c_char_p)),
                        ctypes.cast(v, ctypes.POINTER(ctypes.c_char_p)), len(conf))
        out = _native.call_string(_lib.flowstate_flink_run_jar, self.handle, jar_id.encode(), ctypes.byref(o))
        del ka, kk, kv
        return out

    def delete_jar(self, jar_id: str) -> None:
        _lib.flowstate_flink_delete_jar(self.handle, jar_id.encode())

    def checkpoints_of_many(self, job_ids: Sequence[str]) -> List[Dict[str, Any]]:
        """Checkpoint statistics of many jobs at once: per job the statistics or {"error"}."""
        arr, keep = _strings(list(job_ids))
        out = _json(_lib.flowstate_flink_checkpoints_of_many, self.handle, arr, len(job_ids))
        del keep
        return out


def jobs_of_many(clients: Sequence[FlinkClient]) -> List[Dict[str, Any]]:
    """Job lists of many clusters at once: per client {"jobs": [...]} or {"error": {...}}."""
    arr = (ctypes.c_void_p * max(1, len(clients)))(*[c.handle for c in clients])
    return _json(_lib.flowstate_flink_jobs_of_many, arr, len(clients))


class SqlGateway(Handle):
    """A SQL Gateway's REST API (default port 8083, Flink 1.16+). Thread-safe."""

    _free = _lib.flowstate_sql_gateway_free

    def __init__(self, url: Union[str, Endpoint], **endpoint: Any) -> None:
        """`url` is the gateway's URL with Endpoint's fields as keywords, or an Endpoint."""
        o, keep = _options(url, None, endpoint)
        super().__init__(self._create(_lib.flowstate_sql_gateway_new, ctypes.byref(o)))
        del keep

    def api_version(self) -> int:
        v = ctypes.c_int()
        _lib.flowstate_sql_gateway_api_version(ctypes.byref(v), self.handle)
        return int(v.value)

    def open_session(self, name: Optional[str] = None, properties: Optional[Mapping[str, str]] = None) -> str:
        props = dict(properties or {})
        k, kk = _strings(list(props.keys()))
        v, kv = _strings(list(props.values()))
        out = _native.call_string(_lib.flowstate_sql_gateway_open_session, self.handle, _native.encode(name), k, v,
                                  len(props))
        del kk, kv
        return out

    def heartbeat(self, session: str) -> None:
        _lib.flowstate_sql_gateway_heartbeat(self.handle, session.encode())

    def close_session(self, session: str) -> None:
        _lib.flowstate_sql_gateway_close_session(self.handle, session.encode())

    def execute(self, session: str, statement: str, config: Optional[Mapping[str, str]] = None,
                execution_timeout: Optional[float] = None) -> str:
        """The operation handle; config applies to this statement only."""
        o, keep = _statement_options(config, execution_timeout)
        out = _native.call_string(_lib.flowstate_sql_gateway_execute, self.handle, session.encode(),
                                  statement.encode(), ctypes.byref(o))
        del keep
        return out

    def operation_status(self, session: str, operation: str) -> str:
        return _native.call_string(_lib.flowstate_sql_gateway_operation_status, self.handle, session.encode(),
                                   operation.encode())

    def fetch(self, session: str, operation: str, token: int = 0) -> Dict[str, Any]:
        return _json(_lib.flowstate_sql_gateway_fetch, self.handle, session.encode(), operation.encode(), token)

    def run(self, session: str, statement: str, timeout: Optional[float] = None, cancel: Optional[CancelToken] = None,
            progress: Optional[Callable[[str, int, int], bool]] = None, config: Optional[Mapping[str, str]] = None,
            execution_timeout: Optional[float] = None) -> Dict[str, Any]:
        """Executes, waits and fetches every page: {"operation", "status", "job_id", "columns", "rows"};
        config applies to this statement only."""
        thunk = _native.progress_thunk(progress)
        o, keep = _statement_options(config, execution_timeout)

        def call(token: CancelToken) -> Dict[str, Any]:
            op = _native.operation(timeout, token.handle, thunk)
            return _json(_lib.flowstate_sql_gateway_run, self.handle, session.encode(), statement.encode(),
                         ctypes.byref(o), ctypes.byref(op))

        try:
            return run_interruptible(call, cancel)
        finally:
            del thunk, keep

    def stop_job(self, session: str, job_id: str, with_savepoint: bool = True, drain: bool = False,
                 timeout: Optional[float] = None) -> str:
        """STOP JOB: the savepoint's path ("" without one; Flink then cancels the job)."""
        op = _native.operation(timeout)
        return _native.call_string(_lib.flowstate_sql_gateway_stop_job, self.handle, session.encode(),
                                   job_id.encode(), int(with_savepoint), int(drain), ctypes.byref(op))


@dataclass(frozen=True)
class RunningComparison:
    """What a running job really has, beside an explanation: one row per key the JobManager
    reports on (checkpointing, parallelism, num-retained, then the cluster-only keys)."""
    rows: Tuple[RunningRow, ...]
    checkpoints_on_storage: Optional[int]  # None: not counted (num-retained's note says why)

    def row(self, key: str) -> Optional[RunningRow]:
        """The row of `key` (as the configuration's Flink version names it), or None."""
        return next((r for r in self.rows if r.key == key), None)


def compare_running(config: Any, client: FlinkClient, job_id: str, storage: Any = None,
                    timeout: Optional[float] = None, cancel: Optional[CancelToken] = None,
                    progress: Optional[Callable[[str, int, int], bool]] = None) -> RunningComparison:
    """Fetches what job `job_id` of `client`'s cluster really has (/jobs/{id}/checkpoints/config,
    /jobs/{id}/config, /jobmanager/config) and holds it against `config` (a flowstate.Config,
    explained for its deployment and submitter). With `storage` (a flowstate.Storage), the
    job's completed checkpoints are counted for num-retained. NotFoundError when the cluster
    does not know the job; Ctrl-C, `cancel`, `progress` returning False and `timeout` stop it."""
    thunk = _native.progress_thunk(progress)

    def call(token: CancelToken) -> RunningComparison:
        op = _native.operation(timeout, token.handle, thunk)
        o = _native.defaults(_structs.flowstate_running_options)
        o.storage = storage.handle if storage is not None else None
        o.operation = ctypes.addressof(op)
        out = ctypes.c_void_p()
        _lib.flowstate_config_compare_running(ctypes.byref(out), config.handle, client.handle,
                                              job_id.encode(), ctypes.byref(o))
        h = out.value
        try:
            rows = _native.read_list(_structs.flowstate_running_row, _lib.flowstate_running_comparison_count,
                                     _lib.flowstate_running_comparison_get, h, running_row_from_c)
            return RunningComparison(tuple(rows), _opt(_lib.flowstate_running_comparison_checkpoints_on_storage(h)))
        finally:
            _lib.flowstate_running_comparison_free(h)

    try:
        return run_interruptible(call, cancel, {"job_id": job_id})
    finally:
        del thunk
