"""The job lifecycle's actions against clusters (flowstate/lifecycle.h).

A Lifecycle is opened over a Catalog, a Storage (may be None: actions that record snapshots
then fail closed) and a way to reach each cluster: a mapping from the catalog cluster's name
to an Endpoint (or a URL), or a callable (name, recorded_url) -> Endpoint, URL or None (the
recorded address). Credentials stay with the host: the catalog never holds them.

Every action records its intent in the catalog before it sends anything, writes each step
with the job's change of state in one transaction, counts a snapshot only once verified on
storage, and returns an ActionReport. Ctrl-C cancels an action cleanly; the operation it
leaves is resolved by recover(), which probes the cluster and storage and never sends it
again.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any, Callable, List, Mapping, Optional, Tuple, Union

from . import _native, _structs
from ._handle import Handle
from ._interrupt import run_interruptible
from ._records import (
    OperationRecord,
    SnapshotRecord,
    Transition,
    operation_record_from_c,
    snapshot_record_from_c,
    transition_info_from_c,
)
from .cancel import CancelToken
from .catalog import Catalog, _SecretAdapter
from .endpoint import Endpoint, fill
from .enums import StopMode, SubmitPath
from .errors import FlowstateError
from .storage import Storage, _level

__all__ = ["Lifecycle", "ActionReport", "RecoverReport"]

_lib = _native.lib


@dataclass(frozen=True)
class ActionReport:
    """What an action did: its operation, the job's transitions, the snapshots it recorded
    (newest first), why, and how many catalog transactions it wrote."""

    operation: OperationRecord
    transitions: Tuple[Transition, ...]
    snapshots: Tuple[SnapshotRecord, ...]
    reasons: Tuple[str, ...]
    commits: int


@dataclass(frozen=True)
class RecoverReport:
    resolved: Tuple[ActionReport, ...]  # one per operation resolved
    skipped: Tuple[str, ...]  # operations left alone, with why


def _report(h: Any) -> ActionReport:
    op = operation_record_from_c(_native.fetch(_structs.flowstate_operation_record,
                                               _lib.flowstate_action_report_operation, h))
    transitions = tuple(
        transition_info_from_c(_native.fetch(_structs.flowstate_transition_info,
                                             _lib.flowstate_action_report_transition_get, h, i))
        for i in range(_lib.flowstate_action_report_transition_count(h)))
    snapshots = tuple(
        snapshot_record_from_c(_native.fetch(_structs.flowstate_snapshot_record,
                                             _lib.flowstate_action_report_snapshot_get, h, i))
        for i in range(_lib.flowstate_action_report_snapshot_count(h)))
    reasons = tuple(_lib.flowstate_action_report_reason(h, i).decode("utf-8")
                    for i in range(_lib.flowstate_action_report_reason_count(h)))
    return ActionReport(op, transitions, snapshots, reasons, int(_lib.flowstate_action_report_commits(h)))


Resolver = Union[Mapping[str, Union[str, Endpoint]], Callable[[str, str], Union[str, Endpoint, None]]]


class Lifecycle(Handle):
    _free = _lib.flowstate_lifecycle_free

    def __init__(self, catalog: Catalog, storage: Optional[Storage] = None, clusters: Optional[Resolver] = None,
                 owner: Optional[str] = None, poll: float = 0.1, level: Union[str, int] = "STRUCTURE",
                 secrets: Any = None) -> None:
        """secrets: where the scripts' ${secret:NAME} values are (an object with get(name), or a
        dict), read at the last moment before a start and never recorded."""
        self._catalog, self._storage = catalog, storage  # kept alive: the handle borrows them
        self._clusters = clusters
        self._keep: List[Any] = []
        opts = _native.defaults(_structs.flowstate_lifecycle_options)
        if clusters is not None:
            self._thunk = _structs.flowstate_cluster_resolver_fn(self._resolve)
            opts.resolve_cluster = self._thunk
        opts.owner = _native.encode(owner)
        opts.poll_ms = max(1, int(poll * 1000))
        opts.verify_level = _level(level)
        self._secrets = _SecretAdapter(secrets) if secrets is not None else None  # borrowed by the handle
        if self._secrets is not None:
            opts.secrets = ctypes.cast(ctypes.pointer(self._secrets.c), ctypes.c_void_p)
        super().__init__(self._create(_lib.flowstate_lifecycle_new, catalog.handle,
                                      storage.handle if storage is not None else None, ctypes.byref(opts)))

    def _resolve(self, _user: Any, name: bytes, endpoint: Any) -> int:
        try:
            cluster = name.decode("utf-8")
            c = ctypes.cast(endpoint, ctypes.POINTER(_structs.flowstate_endpoint)).contents
            recorded = c.url.decode("utf-8") if c.url else ""
            if callable(self._clusters):
                got = self._clusters(cluster, recorded)
            else:
                got = self._clusters.get(cluster)  # type: ignore[union-attr]
            if got is None:
                return 0
            e = got if isinstance(got, Endpoint) else Endpoint(str(got))
            self._keep.append(fill(c, e))  # alive while the handle lives
            return 0
        except BaseException:  # noqa: BLE001 - cannot cross into C
            return -2  # FLOWSTATE_E_INVALID_ARGUMENT: the action fails, naming the cluster

    def _act(self, call: Callable[[Any, Any], None], timeout: Optional[float], cancel: Optional[CancelToken],
             progress: Optional[Callable[[str, int, int], bool]]) -> ActionReport:
        thunk = _native.progress_thunk(progress)
        out = ctypes.c_void_p()

        def run(token: CancelToken) -> None:
            op = _native.operation(timeout, token.handle, thunk)
            call(ctypes.byref(out), ctypes.byref(op))

        run_interruptible(run, cancel)
        del thunk
        try:
            return _report(out.value)
        finally:
            _lib.flowstate_action_report_free(out.value)

    def adopt(self, job: Union[str, int], flink_job_id: str, timeout: Optional[float] = None,
              cancel: Optional[CancelToken] = None) -> ActionReport:
        """Brings in a job the cluster already runs: it becomes RUNNING with a run of that id."""
        return self._act(lambda out, op: _lib.flowstate_lifecycle_adopt(
            out, self.handle, str(job).encode(), flink_job_id.encode(), op), timeout, cancel, None)

    def start(self, job: Union[str, int], from_: Optional[str] = None, allow_non_restored_state: bool = False,
              parallelism: Optional[int] = None, path: Union[str, int] = "AUTO", timeout: Optional[float] = None,
              cancel: Optional[CancelToken] = None,
              progress: Optional[Callable[[str, int, int], bool]] = None) -> ActionReport:
        """Starts a new run through the cluster's runner: from the restore decision, or from the
        snapshot `from_` this once (consumed when Flink reports the restore). Returns once the
        run is RUNNING. path: AUTO, RUNNER or GATEWAY (see SubmitPath)."""
        o = self._start_options(from_, allow_non_restored_state, parallelism)
        o.submit_path = int(SubmitPath.parse(path))
        return self._act(lambda out, op: _lib.flowstate_lifecycle_start(
            out, self.handle, str(job).encode(), ctypes.byref(o), op), timeout, cancel, progress)

    def resume(self, job: Union[str, int], from_: Optional[str] = None, allow_non_restored_state: bool = False,
               parallelism: Optional[int] = None, timeout: Optional[float] = None,
               cancel: Optional[CancelToken] = None,
               progress: Optional[Callable[[str, int, int], bool]] = None) -> ActionReport:
        """Starts again a job whose run was lost (LOST) or has ended, from the state found in the
        catalog and on storage across all of its runs; a lost run ends LOST."""
        o = self._start_options(from_, allow_non_restored_state, parallelism)
        return self._act(lambda out, op: _lib.flowstate_lifecycle_resume(
            out, self.handle, str(job).encode(), ctypes.byref(o), op), timeout, cancel, progress)

    def restart(self, job: Union[str, int], mode: Union[str, int] = "SMART", drain: bool = False,
                allow_fallback: bool = True, force: bool = False, from_: Optional[str] = None,
                timeout: Optional[float] = None, cancel: Optional[CancelToken] = None,
                progress: Optional[Callable[[str, int, int], bool]] = None) -> ActionReport:
        """Stops the running job (as stop() does), waits until the run has ended, then starts
        it (as start() does); the report is both actions'."""
        o = self._start_options(from_, False, None)
        o.stop_mode = int(StopMode.parse(mode))
        o.drain, o.allow_fallback, o.force = int(drain), int(allow_fallback), int(force)
        return self._act(lambda out, op: _lib.flowstate_lifecycle_restart(
            out, self.handle, str(job).encode(), ctypes.byref(o), op), timeout, cancel, progress)

    @staticmethod
    def _start_options(from_: Optional[str], allow_non_restored_state: bool, parallelism: Optional[int]) -> Any:
        o = _native.defaults(_structs.flowstate_action_options)
        setattr(o, "from", _native.encode(from_))  # a keyword in Python
        o.allow_non_restored_state = int(allow_non_restored_state)
        o.parallelism = int(parallelism) if parallelism else -1
        return o

    def savepoint(self, job: Union[str, int], target_directory: Optional[str] = None, format: Optional[str] = None,
                  timeout: Optional[float] = None, cancel: Optional[CancelToken] = None,
                  progress: Optional[Callable[[str, int, int], bool]] = None) -> ActionReport:
        """A savepoint of the running job, recorded once its _metadata is verified."""
        o = _native.defaults(_structs.flowstate_action_options)
        o.target_directory, o.format = _native.encode(target_directory), _native.encode(format)
        return self._act(lambda out, op: _lib.flowstate_lifecycle_savepoint(
            out, self.handle, str(job).encode(), ctypes.byref(o), op), timeout, cancel, progress)

    def stop(self, job: Union[str, int], mode: Union[str, int] = "SMART", drain: bool = False,
             allow_fallback: bool = True, force: bool = False, target_directory: Optional[str] = None,
             timeout: Optional[float] = None, cancel: Optional[CancelToken] = None,
             progress: Optional[Callable[[str, int, int], bool]] = None) -> ActionReport:
        """Stops the running job: PAUSE, STOP, SMART or NORMAL (see StopMode)."""
        o = _native.defaults(_structs.flowstate_action_options)
        o.stop_mode = int(StopMode.parse(mode))
        o.drain, o.allow_fallback, o.force = int(drain), int(allow_fallback), int(force)
        o.target_directory = _native.encode(target_directory)
        return self._act(lambda out, op: _lib.flowstate_lifecycle_stop(
            out, self.handle, str(job).encode(), ctypes.byref(o), op), timeout, cancel, progress)

    def cancel(self, job: Union[str, int], timeout: Optional[float] = None, cancel: Optional[CancelToken] = None,
               progress: Optional[Callable[[str, int, int], bool]] = None) -> ActionReport:
        """Cancels the job's run; its retained checkpoints are recorded."""
        return self._act(lambda out, op: _lib.flowstate_lifecycle_cancel(
            out, self.handle, str(job).encode(), op), timeout, cancel, progress)

    def move(self, job: Union[str, int], cluster: str) -> ActionReport:
        """Moves the job to another catalog cluster, while no run the old one may hold is
        open (idle or LOST); audited, nothing sent."""
        return self._act(lambda out, op: _lib.flowstate_lifecycle_move(
            out, self.handle, str(job).encode(), cluster.encode("utf-8"), op), None, None, None)

    def acknowledge_lost(self, job: Union[str, int], why: Optional[str] = None) -> ActionReport:
        """The job's cluster is destroyed: UNREACHABLE becomes LOST (audited with why)."""
        return self._act(lambda out, op: _lib.flowstate_lifecycle_acknowledge_lost(
            out, self.handle, str(job).encode(), _native.encode(why), op), None, None, None)

    def recover(self, timeout: Optional[float] = None, cancel: Optional[CancelToken] = None) -> RecoverReport:
        """Resolves every unfinished operation whose owner is gone."""
        out = ctypes.c_void_p()

        def run(token: CancelToken) -> None:
            op = _native.operation(timeout, token.handle, None)
            _lib.flowstate_lifecycle_recover(ctypes.byref(out), self.handle, ctypes.byref(op))

        run_interruptible(run, cancel)
        h = out.value
        try:
            resolved = tuple(_report(_lib.flowstate_recover_report_resolved(h, i))
                             for i in range(_lib.flowstate_recover_report_resolved_count(h)))
            skipped = tuple(_lib.flowstate_recover_report_skipped(h, i).decode("utf-8")
                            for i in range(_lib.flowstate_recover_report_skipped_count(h)))
            return RecoverReport(resolved, skipped)
        finally:
            _lib.flowstate_recover_report_free(h)


_ = FlowstateError  # raised by every call above on an error code
