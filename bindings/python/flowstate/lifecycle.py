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
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from . import _native, _structs
from ._handle import Handle
from ._interrupt import run_interruptible
from ._records import (
    ObservedChange,
    ObserveInfo,
    OperationRecord,
    SnapshotRecord,
    Transition,
    Watch,
    observe_info_from_c,
    observed_change_from_c,
    operation_record_from_c,
    snapshot_record_from_c,
    transition_info_from_c,
    watch_info_from_c,
)
from .cancel import CancelToken
from .catalog import Catalog, _SecretAdapter
from .endpoint import Endpoint, fill
from .enums import StopMode, SubmitPath
from .errors import FlowstateError
from .storage import Storage, _level

__all__ = ["Lifecycle", "ActionReport", "RecoverReport", "ObserveReport", "JobGap", "ObservedChange",
           "ObserveInfo", "Watch", "get_watch"]

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


@dataclass(frozen=True)
class JobGap:
    """One job compared with storage in a round: the snapshots storage held that the catalog
    lacked (now recorded), those gone from storage (MISSING) and those Flink's retention
    deleted (DISPOSED)."""

    job: str
    added: Tuple[SnapshotRecord, ...]
    missing: Tuple[SnapshotRecord, ...]
    disposed: Tuple[SnapshotRecord, ...]
    problems: Tuple[str, ...]


@dataclass(frozen=True)
class ObserveReport:
    """What an observation round saw and did."""

    info: ObserveInfo  # counts, unreachable clusters, jobs left alone, problems
    changes: Tuple[ObservedChange, ...]
    captured: Tuple[SnapshotRecord, ...]  # snapshots the round recorded
    gaps: Tuple[JobGap, ...]  # the jobs compared with storage


def _record_list(h: Any) -> Tuple[SnapshotRecord, ...]:
    return tuple(
        snapshot_record_from_c(_native.fetch(_structs.flowstate_snapshot_record, _lib.flowstate_record_list_get, h, i))
        for i in range(_lib.flowstate_record_list_count(h)))


def _observe_report(h: Any) -> ObserveReport:
    info = observe_info_from_c(_native.fetch(_structs.flowstate_observe_info, _lib.flowstate_observe_report_get, h))
    changes = tuple(
        observed_change_from_c(_native.fetch(_structs.flowstate_observed_change,
                                             _lib.flowstate_observe_report_change_get, h, i))
        for i in range(_lib.flowstate_observe_report_change_count(h)))
    gaps = []
    for i in range(_lib.flowstate_observe_report_gap_count(h)):
        g = _lib.flowstate_observe_report_gap(h, i)
        ri = _native.fetch(_structs.flowstate_reconcile_info, _lib.flowstate_reconcile_report_get, g)
        gaps.append(JobGap(
            job=_lib.flowstate_observe_report_gap_job(h, i).decode("utf-8"),
            added=_record_list(_lib.flowstate_reconcile_report_added(g)),
            missing=_record_list(_lib.flowstate_reconcile_report_missing(g)),
            disposed=_record_list(_lib.flowstate_reconcile_report_disposed(g)),
            problems=tuple(ri.problems[k].decode("utf-8") for k in range(ri.problem_count))))
    return ObserveReport(info, changes, _record_list(_lib.flowstate_observe_report_captured(h)), tuple(gaps))


def get_watch(catalog: Catalog, job: Union[str, int]) -> Watch:
    """What observation rounds kept of the job (the defaults for one never observed)."""
    return watch_info_from_c(_native.fetch(_structs.flowstate_watch_info, _lib.flowstate_catalog_get_watch,
                                           catalog.handle, str(job).encode()))


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
               progress: Optional[Callable[[str, int, int], bool]] = None,
               operator_uids: Sequence[str] = ()) -> ActionReport:
        """Starts again a job whose run was lost (LOST) or has ended, from the state found in the
        catalog and on storage across all of its runs; a lost run ends LOST. A run whose Flink
        job id was never recorded is found on storage by its operators: those of the job's
        newest recorded snapshot, or of `operator_uids` (the uids of its stateful operators)."""
        o = self._start_options(from_, allow_non_restored_state, parallelism, operator_uids)
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

    def _start_options(self, from_: Optional[str], allow_non_restored_state: bool, parallelism: Optional[int],
                       operator_uids: Sequence[str] = ()) -> Any:
        o = _native.defaults(_structs.flowstate_action_options)
        setattr(o, "from", _native.encode(from_))  # a keyword in Python
        o.allow_non_restored_state = int(allow_non_restored_state)
        o.parallelism = int(parallelism) if parallelism else -1
        if operator_uids:
            uids = [u.encode("utf-8") for u in operator_uids]
            arr = (ctypes.c_char_p * len(uids))(*uids)
            o.keep_uids = arr  # alive as long as the options
            o.operator_uids = ctypes.cast(arr, type(o.operator_uids))
            o.operator_uid_count = len(uids)
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


    def observe(self, clusters: Sequence[str] = (), stats_budget: int = 200, stats_period: float = 60.0,
                lost_after: float = 60.0, lost_after_probes: int = 2, max_parallel: int = 64,
                reconcile_period: Optional[float] = None, reconcile_budget: int = 16,
                reconcile_level: Union[str, int] = "STRUCTURE", timeout: Optional[float] = None,
                cancel: Optional[CancelToken] = None,
                progress: Optional[Callable[[str, int, int], bool]] = None) -> ObserveReport:
        """One observation round over the catalog's watched jobs on `clusters` (all when
        empty): every cluster's jobs overview at once, checkpoint statistics for at most
        stats_budget jobs (so that each running job's are at most stats_period seconds old),
        each job's Flink status mapped onto its state, new snapshots verified and recorded, in
        one transaction. A silent cluster makes its jobs UNREACHABLE, then LOST (presumed)
        after lost_after seconds and lost_after_probes failed probes. reconcile_period (seconds;
        None: never, 0: every round): how often each job is compared with storage, at most
        reconcile_budget jobs per round, at reconcile_level (see report.gaps)."""
        names = [c.encode("utf-8") for c in clusters]
        arr = (ctypes.c_char_p * max(1, len(names)))(*names)
        o = _native.defaults(_structs.flowstate_observe_options)
        o.clusters = ctypes.cast(arr, type(o.clusters)) if names else None
        o.cluster_count = len(names)
        o.stats_budget, o.stats_period_ms = int(stats_budget), int(stats_period * 1000)
        o.lost_after_ms, o.lost_after_probes = int(lost_after * 1000), int(lost_after_probes)
        o.max_parallel = int(max_parallel)
        o.reconcile_period_ms = -1 if reconcile_period is None else int(reconcile_period * 1000)
        o.reconcile_budget, o.reconcile_level = int(reconcile_budget), _level(reconcile_level)
        thunk = _native.progress_thunk(progress)
        out = ctypes.c_void_p()

        def run(token: CancelToken) -> None:
            op = _native.operation(timeout, token.handle, thunk)
            _lib.flowstate_lifecycle_observe(ctypes.byref(out), self.handle, ctypes.byref(o), ctypes.byref(op))

        run_interruptible(run, cancel)
        del thunk, arr
        try:
            return _observe_report(out.value)
        finally:
            _lib.flowstate_observe_report_free(out.value)

    def watch(self, interval: float, rounds: Optional[int] = None, timeout: Optional[float] = None,
              cancel: Optional[CancelToken] = None, **options: Any) -> Iterator[ObserveReport]:
        """Rounds every `interval` seconds, each report yielded as it comes, until `cancel` is
        cancelled, `timeout` seconds have passed, `rounds` rounds have run, or the loop is left.
        options: those of observe() (a round has at least the interval, and no less than 5 s,
        to finish). Ctrl-C ends the round in flight cleanly and stops the loop."""
        if interval <= 0:
            raise ValueError("interval must be > 0, not %r" % (interval,))
        token = cancel if cancel is not None else CancelToken()
        end = None if timeout is None else time.monotonic() + timeout
        done = 0
        while not token.cancelled and (rounds is None or done < rounds):
            started = time.monotonic()
            if end is not None and started >= end:
                return
            limit = max(interval, 5.0)
            if end is not None:
                limit = min(limit, end - started)
            try:
                report = self.observe(timeout=limit, cancel=token, **options)
            except FlowstateError:
                if token.cancelled or (end is not None and time.monotonic() >= end):
                    return  # the watch's own end cut the round short
                raise
            done += 1
            yield report
            if rounds is not None and done >= rounds:
                return
            until = started + interval if end is None else min(started + interval, end)
            while True:  # in slices, so that Ctrl-C is seen while waiting
                left = until - time.monotonic()
                if left <= 0:
                    break
                if token.wait(min(left, 0.2)):
                    return


_ = FlowstateError  # raised by every call above on an error code
