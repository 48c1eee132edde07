"""The checkpoint catalog (flowstate/catalog.h): clusters, jobs in folders, runs, checkpoints
and savepoints, and the audit log in one SQLite file; restore strategies and the restore
decision; reconciliation with storage and retention.

    with flowstate.Catalog("catalog.db", actor="ops") as cat:
        cat.put_cluster("prod", rest_url="http://jm:8081", flink_version="1.20",
                        checkpoint_dir="hdfs:///flink/cp")
        cat.add_job("emp", folder="/warehouse/cdc", cluster="prod", strategy="LATEST_STATE")
        decision = cat.resolve_restore("/warehouse/cdc/emp", storage)
        print(decision.path, decision.reasons)

A job is named by a reference: its id (``42`` or ``"42"``) or its path
(``"/warehouse/cdc/emp"``). Records use names for their enumerations: kind "CHECKPOINT" or
"SAVEPOINT", origin "TRIGGERED" ... "REGISTERED_BY_USER", state "PENDING" ... "MISSING",
strategy "NONE" ... "EARLIEST_SAVEPOINT", claim mode "NO_CLAIM", "CLAIM", "LEGACY".
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Sequence, Tuple, Union

from . import _native, _structs
from ._records import (
    Cluster,
    Event,
    Folder,
    Job,
    MovedSecret,
    OperationRecord,
    RestoreCandidate,
    RestoreDecision,
    Run,
    SnapshotRecord,
    restore_candidate_from_c,
    restore_decision_info_from_c,
    cluster_info_from_c,
    cluster_info_to_c,
    event_info_from_c,
    folder_info_from_c,
    job_info_from_c,
    moved_secret_from_c,
    operation_record_from_c,
    run_info_from_c,
    snapshot_record_from_c,
    snapshot_record_to_c,
)
from .enums import ClaimMode, Deployment, JobState, Origin, RestoreStrategy, SnapshotState
from ._handle import Handle
from ._interrupt import run_interruptible
from .cancel import CancelToken
from .diagnostics import Diagnostics
from .errors import FlowstateError
from .storage import Storage, VerifyLevel, _level, _scan_options

__all__ = [
    "Catalog",
    "Cluster",
    "Job",
    "Folder",
    "MovedSecret",
    "SaveReport",
    "Run",
    "SnapshotRecord",
    "Event",
    "RestoreCandidate",
    "RestoreDecision",
    "ReconcileReport",
    "PruneReport",
    "ORIGINS",
    "STATES",
    "STRATEGIES",
    "CLAIM_MODES",
]

_lib = _native.lib

# The names of each enumeration's values, in value order, from the library's table.
ORIGINS = tuple(m.text for m in Origin)
STATES = tuple(m.text for m in SnapshotState)
STRATEGIES = tuple(m.text for m in RestoreStrategy)
CLAIM_MODES = tuple(m.text for m in ClaimMode)

SECRET_PUT_FN = _structs.flowstate_secret_store_put
SECRET_GET_FN = _structs.flowstate_secret_store_get
SECRET_REMOVE_FN = _structs.flowstate_secret_store_remove

c_str = ctypes.c_char_p
c_i64 = ctypes.c_int64
c_int = ctypes.c_int


# ---- the C structs (generated from the headers: _structs.py) --------------------------------

_CatalogOptions = _structs.flowstate_catalog_options
_ClusterInfo = _structs.flowstate_cluster_info
_JobInfo = _structs.flowstate_job_info
_JobQuery = _structs.flowstate_job_query
_SecretStore = _structs.flowstate_secret_store
_RunInfo = _structs.flowstate_run_info
_SnapshotRecord = _structs.flowstate_snapshot_record
_EventInfo = _structs.flowstate_event_info
_RestoreOptions = _structs.flowstate_restore_options
_RestoreCandidate = _structs.flowstate_restore_candidate
_PruneOptions = _structs.flowstate_prune_options



# ---- plain records ------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveReport:
    stored: str
    moved: List[MovedSecret]


@dataclass(frozen=True)
class ReconcileReport:
    added: List[SnapshotRecord]
    missing: List[SnapshotRecord]
    disposed: List[SnapshotRecord]  # subsumed checkpoints Flink's retention deleted
    unchanged: int
    problems: List[str]


@dataclass(frozen=True)
class PruneReport:
    deleted: List[SnapshotRecord]
    kept: List[SnapshotRecord]
    failed: List[SnapshotRecord]


# ---- helpers ------------------------------------------------------------------------------


def _s(b: Optional[bytes]) -> str:
    return b.decode("utf-8", "replace") if b else ""


def _opt(v: int) -> Optional[int]:
    return None if v < 0 else int(v)


def _e(text: Optional[str]) -> Optional[bytes]:
    return None if text is None or text == "" else text.encode("utf-8")


def _enum(value: Union[str, int], cls: Any) -> int:
    return int(cls.parse(value))


def _ref(ref: Union[str, int]) -> bytes:
    return str(ref).encode("utf-8")


def _jobs(h: Optional[int]) -> List[Job]:
    out: List[Job] = []
    try:
        for i in range(_lib.flowstate_job_list_count(h)):
            c = _native.defaults(_JobInfo)
            _lib.flowstate_job_list_get(h, i, ctypes.byref(c))
            out.append(job_info_from_c(c))
    finally:
        _lib.flowstate_job_list_free(h)
    return out


def _records(h: Optional[int], free: bool = True) -> List[SnapshotRecord]:
    out: List[SnapshotRecord] = []
    try:
        for i in range(_lib.flowstate_record_list_count(h)):
            c = _native.defaults(_SnapshotRecord)
            _lib.flowstate_record_list_get(h, i, ctypes.byref(c))
            out.append(snapshot_record_from_c(c))
    finally:
        if free:
            _lib.flowstate_record_list_free(h)
    return out


def _folders(h: Optional[int]) -> List[Folder]:
    try:
        out = []
        for i in range(_lib.flowstate_folder_list_count(h)):
            f = _native.fetch(_structs.flowstate_folder_info, _lib.flowstate_folder_list_get, h, i)
            out.append(folder_info_from_c(f))
        return out
    finally:
        _lib.flowstate_folder_list_free(h)


class _SecretAdapter:
    """A host's secret store behind the C callbacks: any object with put(name, value),
    get(name) and, to let values leave with their job, remove(name); or a mutable mapping (a
    dict). get raises KeyError for an unknown name. A store without remove keeps the values
    of removed jobs (remove_job returns their names)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.put_fn = SECRET_PUT_FN(self._put)
        self.get_fn = SECRET_GET_FN(self._get)
        self.remove_fn = SECRET_REMOVE_FN(self._remove)
        self.c = _SecretStore(version=2, put=self.put_fn, get=self.get_fn, user_data=None, remove=self.remove_fn)

    def _fail(self, exc: BaseException) -> int:
        if isinstance(exc, KeyError):
            return -4  # FLOWSTATE_E_NOT_FOUND; the library names the secret
        if isinstance(exc, FlowstateError):
            _native._pending.error = exc
            return exc.code
        _native._pending.error = exc
        return -1  # FLOWSTATE_E_INTERNAL; the exception is raised once the call returns

    def _put(self, _user: Any, name: bytes, value: int, length: int) -> int:
        try:
            text = ctypes.string_at(value, length).decode("utf-8", "surrogateescape")
            if hasattr(self.store, "put"):
                self.store.put(name.decode("utf-8"), text)
            else:
                self.store[name.decode("utf-8")] = text
            return 0
        except BaseException as exc:  # noqa: BLE001 - cannot cross into C
            return self._fail(exc)

    def _remove(self, _user: Any, name: bytes) -> int:
        try:
            key = name.decode("utf-8")
            if hasattr(self.store, "put"):
                if not hasattr(self.store, "remove"):
                    return -17  # FLOWSTATE_E_UNSUPPORTED: the catalog says what stays behind
                self.store.remove(key)
            else:
                del self.store[key]
            return 0
        except KeyError:
            return 0  # already gone
        except Exception:  # noqa: BLE001 - cannot cross into C; the value is reported as left
            return -1

    def _get(self, _user: Any, name: bytes, out: int) -> int:
        try:
            key = name.decode("utf-8")
            value = self.store.get(key) if hasattr(self.store, "put") else self.store[key]
            if value is None:
                raise KeyError(key)
            data = value.encode("utf-8", "surrogateescape") if isinstance(value, str) else bytes(value)
            return int(_lib.flowstate_secret_value_set(out, data, len(data)))
        except BaseException as exc:  # noqa: BLE001
            return self._fail(exc)


# ---- the catalog --------------------------------------------------------------------------


class Catalog(Handle):
    """One catalog file, created with its schema when missing (and create=True). Thread-safe:
    calls on one Catalog are serialised; several processes may open one file."""

    _free = _lib.flowstate_catalog_free

    def __init__(
        self,
        path: str,
        create: bool = True,
        read_only: bool = False,
        busy_timeout: Optional[float] = None,
        actor: Optional[str] = None,
    ) -> None:
        o = _native.defaults(_CatalogOptions)  # busy_timeout: 5 s unless given
        o.create, o.read_only, o.actor = int(create), int(read_only), _e(actor)
        if busy_timeout is not None:
            o.busy_timeout_ms = int(busy_timeout * 1000)
        super().__init__(self._create(_lib.flowstate_catalog_open, str(path).encode("utf-8"), ctypes.byref(o)))

    @property
    def schema_version(self) -> int:
        return int(_lib.flowstate_catalog_schema_version(self.handle))

    @property
    def path(self) -> str:
        return _s(_lib.flowstate_catalog_path(self.handle))

    # ---- clusters

    def put_cluster(
        self,
        name: str,
        rest_url: str = "",
        sql_gateway_url: str = "",
        flink_version: str = "",
        checkpoint_dir: str = "",
        savepoint_dir: str = "",
        storage: str = "",
        deployment: Union[str, int] = "UNKNOWN",
        runner_jar: str = "",
        runner_entry_class: str = "",
        runner_args: str = "",
    ) -> Cluster:
        """Adds the cluster, or updates the one with this name. The runner (a jar on this host,
        its entry class and argument template) is how the lifecycle runs SQL scripts in it; its
        upload is kept while runner_jar and rest_url stay the same."""
        c, _keep = cluster_info_to_c(
            Cluster(name=name, rest_url=rest_url, sql_gateway_url=sql_gateway_url, flink_version=flink_version,
                    checkpoint_dir=checkpoint_dir, savepoint_dir=savepoint_dir, storage=storage,
                    deployment=Deployment.parse(deployment).text, runner_jar=runner_jar,
                    runner_entry_class=runner_entry_class, runner_args=runner_args))
        return self._clusters(_lib.flowstate_catalog_put_cluster, ctypes.byref(c))[0]

    def get_cluster(self, name: str) -> Cluster:
        return self._clusters(_lib.flowstate_catalog_get_cluster, name.encode("utf-8"))[0]

    def list_clusters(self) -> List[Cluster]:
        return self._clusters(_lib.flowstate_catalog_list_clusters)

    def remove_cluster(self, name: str) -> None:
        _lib.flowstate_catalog_remove_cluster(self.handle, name.encode("utf-8"))

    def _clusters(self, fn: Callable[..., int], *args: Any) -> List[Cluster]:
        out = ctypes.c_void_p()
        fn(ctypes.byref(out), self.handle, *args)
        h = out.value
        try:
            result = []
            for i in range(_lib.flowstate_cluster_list_count(h)):
                c = _native.defaults(_ClusterInfo)
                _lib.flowstate_cluster_list_get(h, i, ctypes.byref(c))
                result.append(cluster_info_from_c(c))
            return result
        finally:
            _lib.flowstate_cluster_list_free(h)

    # ---- jobs

    @staticmethod
    def _job_in(
        name: str, folder: str, cluster: Optional[str], strategy: Union[str, int],
        fail_closed: bool, checkpoint_dir: Optional[str], savepoint_dir: Optional[str],
        retain_count: Optional[int], retain_age_ms: Optional[int],
        savepoint_retain_count: Optional[int] = None, savepoint_retain_age_ms: Optional[int] = None,
    ) -> _JobInfo:
        def n(v: Optional[int]) -> int:
            return -1 if v is None else v

        return _JobInfo(
            version=2, name=name.encode("utf-8"), folder=_e(folder), cluster=_e(cluster),
            strategy=_enum(strategy, RestoreStrategy), fail_closed=int(fail_closed),
            checkpoint_dir=_e(checkpoint_dir), savepoint_dir=_e(savepoint_dir),
            retain_count=n(retain_count), retain_age_ms=n(retain_age_ms),
            savepoint_retain_count=n(savepoint_retain_count), savepoint_retain_age_ms=n(savepoint_retain_age_ms),
        )

    def add_job(
        self,
        name: str,
        folder: str = "/",
        cluster: Optional[str] = None,
        strategy: Union[str, int] = "LATEST_STATE",
        fail_closed: bool = True,
        checkpoint_dir: Optional[str] = None,
        savepoint_dir: Optional[str] = None,
        retain_count: Optional[int] = None,
        retain_age_ms: Optional[int] = None,
        savepoint_retain_count: Optional[int] = None,
        savepoint_retain_age_ms: Optional[int] = None,
    ) -> Job:
        """Adds a job. retain_*: how many checkpoints to keep, and how old they may get;
        savepoint_retain_*: the same for savepoints, apart (None: no limit)."""
        c = self._job_in(name, folder, cluster, strategy, fail_closed, checkpoint_dir, savepoint_dir,
                         retain_count, retain_age_ms, savepoint_retain_count, savepoint_retain_age_ms)
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_add_job(ctypes.byref(out), self.handle, ctypes.byref(c))
        return _jobs(out.value)[0]

    def get_job(self, ref: Union[str, int]) -> Job:
        """The job with its script."""
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_get_job(ctypes.byref(out), self.handle, _ref(ref))
        return _jobs(out.value)[0]

    def update_job(self, ref: Union[str, int], **changes: Any) -> Job:
        """Changes some of name, cluster, strategy, fail_closed, checkpoint_dir, savepoint_dir,
        retain_count, retain_age_ms, savepoint_retain_count, savepoint_retain_age_ms (None
        clears the optional ones). The job's state is the lifecycle's alone."""
        allowed = {"name", "cluster", "strategy", "fail_closed", "checkpoint_dir", "savepoint_dir",
                   "retain_count", "retain_age_ms", "savepoint_retain_count", "savepoint_retain_age_ms"}
        unknown = set(changes) - allowed
        if unknown:
            raise TypeError("update_job() cannot change %s" % ", ".join(sorted(unknown)))
        j = self.get_job(ref)
        v = {k: getattr(j, k) for k in allowed}
        v.update(changes)
        c = self._job_in(v["name"], j.folder, v["cluster"], v["strategy"], v["fail_closed"],
                         v["checkpoint_dir"], v["savepoint_dir"], v["retain_count"], v["retain_age_ms"],
                         v["savepoint_retain_count"], v["savepoint_retain_age_ms"])
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_update_job(ctypes.byref(out), self.handle, _ref(ref), ctypes.byref(c))
        return _jobs(out.value)[0]

    def move_job(self, ref: Union[str, int], folder: str, new_name: Optional[str] = None) -> Job:
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_move_job(ctypes.byref(out), self.handle, _ref(ref), folder.encode("utf-8"),
                                        None if new_name is None else new_name.encode("utf-8"))
        return _jobs(out.value)[0]

    def remove_job(self, ref: Union[str, int], secrets: Any = None) -> List[str]:
        """With its runs and snapshot records (the files stay); the audit log keeps its events.
        Then its secret values leave `secrets` (as for save_script); returns the names of those
        left in the store (a store without remove, or none given, keeps them)."""
        diags = Diagnostics()
        adapter = _SecretAdapter(secrets) if secrets is not None else None
        try:
            _lib.flowstate_catalog_remove_job_v2(self.handle, _ref(ref), ctypes.byref(adapter.c) if adapter else None,
                                                 diags.handle)
            return [d.path for d in diags.entries() if d.path]
        finally:
            diags.close()

    def set_strategy(self, ref: Union[str, int], strategy: Union[str, int]) -> None:
        _lib.flowstate_catalog_set_strategy(self.handle, _ref(ref), _enum(strategy, RestoreStrategy))

    def set_once(self, ref: Union[str, int], path: Optional[str]) -> None:
        """ONCE(path): the next start restores from path (an absolute location, stored in its
        canonical form), later ones use the standing strategy again. None clears a pending
        ONCE path."""
        _lib.flowstate_catalog_set_once(self.handle, _ref(ref), None if path is None else path.encode("utf-8"))

    def clear_once(self, ref: Union[str, int]) -> Optional[str]:
        """Drops a pending ONCE path; returns it, or None when none was pending."""
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_clear_once(ctypes.byref(out), self.handle, _ref(ref))
        return _native.take_string(out.value) if out.value else None

    def find_jobs(
        self,
        name_contains: Optional[str] = None,
        state: Optional[Union[str, int]] = None,
        cluster: Optional[str] = None,
        folder: Optional[str] = None,
        limit: int = 1000,
    ) -> List[Job]:
        """Jobs matching every criterion given (state: the lifecycle's, JobState or its name;
        folder: it and below), by path."""
        q = _JobQuery(1, _e(name_contains), -1 if state is None else _enum(state, JobState), _e(cluster),
                      _e(folder), limit)
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_find_jobs(ctypes.byref(out), self.handle, ctypes.byref(q))
        return _jobs(out.value)

    # ---- folders

    def create_folder(self, path: str) -> None:
        _lib.flowstate_catalog_create_folder(self.handle, path.encode("utf-8"))

    def move_folder(self, source: str, target: str) -> None:
        """Moves or renames a folder; its jobs and subfolders follow."""
        _lib.flowstate_catalog_move_folder(self.handle, source.encode("utf-8"), target.encode("utf-8"))

    def remove_folder(self, path: str) -> None:
        _lib.flowstate_catalog_remove_folder(self.handle, path.encode("utf-8"))

    def list_folder(self, path: str = "/") -> Tuple[List[Folder], List[Job]]:
        """The folder's direct subfolders (with counts) and its direct jobs."""
        f = ctypes.c_void_p()
        j = ctypes.c_void_p()
        _lib.flowstate_catalog_list_folder(ctypes.byref(f), ctypes.byref(j), self.handle, path.encode("utf-8"))
        return _folders(f.value), _jobs(j.value)

    def tree(self, path: str = "/") -> List[Folder]:
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_tree(ctypes.byref(out), self.handle, path.encode("utf-8"))
        return _folders(out.value)

    # ---- scripts

    def save_script(self, ref: Union[str, int], text: str, secrets: Any = None) -> SaveReport:
        """Stores the job's script with its secret values moved to `secrets` (an object with
        put/get, or a dict) and replaced by ${secret:NAME} references. Without a store, a
        script holding a secret is refused (InvalidArgumentError naming where)."""
        data = text.encode("utf-8")
        adapter = _SecretAdapter(secrets) if secrets is not None else None
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_save_script(ctypes.byref(out), self.handle, _ref(ref), data, len(data),
                                           ctypes.byref(adapter.c) if adapter else None)
        h = out.value
        try:
            moved = _native.read_list(_structs.flowstate_moved_secret, _lib.flowstate_save_report_moved_count,
                                      _lib.flowstate_save_report_moved_get, h, moved_secret_from_c)
            return SaveReport(_s(_lib.flowstate_save_report_stored(h)), moved)
        finally:
            _lib.flowstate_save_report_free(h)

    def resolve_script(self, ref: Union[str, int], secrets: Any) -> str:
        """The script with its references resolved through `secrets` (for submitting it)."""
        adapter = _SecretAdapter(secrets)
        return _native.call_string(_lib.flowstate_catalog_resolve_script, self.handle, _ref(ref),
                                   ctypes.byref(adapter.c))

    # ---- runs

    @staticmethod
    def _run_in(flink_job_id: Optional[str], cluster: Optional[str], started_ms: int, ended_ms: Optional[int],
                final_status: Optional[str], restored_from: Optional[str], claim_mode: Optional[Union[str, int]],
                restored_snapshot: Optional[int]) -> _RunInfo:
        return _RunInfo(
            version=1, flink_job_id=_e(flink_job_id), cluster=_e(cluster), started_ms=started_ms,
            ended_ms=-1 if ended_ms is None else ended_ms, final_status=_e(final_status),
            restored_from=_e(restored_from),
            claim_mode=-1 if claim_mode is None else _enum(claim_mode, ClaimMode),
            restored_snapshot=-1 if restored_snapshot is None else restored_snapshot,
        )

    def list_operations(self, ref: Optional[Union[str, int]] = None, unfinished_only: bool = False,
                        limit: int = 100) -> List[OperationRecord]:
        """The job's operations (None: every job's), newest first; unfinished_only: what
        recovery would resolve. Reading never runs recovery."""
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_list_operations(ctypes.byref(out), self.handle,
                                               None if ref is None else _ref(ref), int(unfinished_only), limit)
        try:
            return _native.read_list(_structs.flowstate_operation_record, _lib.flowstate_operation_list_count,
                                     _lib.flowstate_operation_list_get, out.value, operation_record_from_c)
        finally:
            _lib.flowstate_operation_list_free(out.value)

    def list_runs(self, ref: Union[str, int]) -> List[Run]:
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_list_runs(ctypes.byref(out), self.handle, _ref(ref))
        return self._runs(out.value)

    @staticmethod
    def _runs(h: Optional[int]) -> List[Run]:
        try:
            result = []
            for i in range(_lib.flowstate_run_list_count(h)):
                c = _native.defaults(_RunInfo)
                _lib.flowstate_run_list_get(h, i, ctypes.byref(c))
                result.append(run_info_from_c(c))
            return result
        finally:
            _lib.flowstate_run_list_free(h)

    # ---- snapshot records

    def add_snapshot(self, ref: Union[str, int], record: SnapshotRecord) -> SnapshotRecord:
        """One record for the job (record.job_id is ignored). AlreadyExistsError for a path
        the job has recorded."""
        c, keep = snapshot_record_to_c(record)
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_add_snapshot(ctypes.byref(out), self.handle, _ref(ref), ctypes.byref(c))
        del keep
        return _records(out.value)[0]

    def register_snapshot(
        self,
        ref: Union[str, int],
        record: SnapshotRecord,
        storage: Optional[Storage] = None,
        force: bool = False,
        level: object = VerifyLevel.FILES,
        timeout: Optional[float] = None,
        cancel: Optional[CancelToken] = None,
        progress: Optional[Callable[[str, int, int], bool]] = None,
    ) -> SnapshotRecord:
        """A snapshot a user names (record: path, origin, trigger id, run), checked on storage
        first: kind, checkpoint id, completion time, size and format come from storage.
        IllegalStateError when it is not restorable, unless force (then recorded as FAILED).
        Without storage nothing is checked and the kind follows the directory's name."""
        c, keep_record = snapshot_record_to_c(record)
        out = ctypes.c_void_p()

        def run(token: CancelToken) -> None:
            o, keep = _scan_options((), False, None, timeout, token, progress, level)
            opts = _native.defaults(_structs.flowstate_register_options)
            opts.force = int(force)
            opts.scan = ctypes.cast(ctypes.byref(o), ctypes.c_void_p)
            _lib.flowstate_catalog_register_snapshot(ctypes.byref(out), self.handle, _ref(ref), ctypes.byref(c),
                                                     storage.handle if storage is not None else None,
                                                     ctypes.byref(opts))
            del keep

        run_interruptible(run, cancel)
        del keep_record
        return _records(out.value)[0]

    def add_snapshots(self, records: Sequence[SnapshotRecord]) -> None:
        """Many records, each naming its job by job_id, in one transaction: all or none."""
        arr = (_SnapshotRecord * max(1, len(records)))()
        keep = []
        for i, r in enumerate(records):
            arr[i], k = snapshot_record_to_c(r)
            keep.append(k)
        _lib.flowstate_catalog_add_snapshots(self.handle, arr, len(records))

    def set_snapshot_state(self, snapshot_id: int, state: Union[str, int]) -> None:
        _lib.flowstate_catalog_set_snapshot_state(self.handle, snapshot_id, _enum(state, SnapshotState))

    def get_snapshot(self, snapshot_id: int) -> SnapshotRecord:
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_get_snapshot(ctypes.byref(out), self.handle, snapshot_id)
        return _records(out.value)[0]

    def find_snapshot(self, ref: Union[str, int], path: str) -> SnapshotRecord:
        """The job's record of `path`, in any spelling (NotFoundError when it has none)."""
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_find_snapshot(ctypes.byref(out), self.handle, _ref(ref), path.encode("utf-8"))
        return _records(out.value)[0]

    def remove_snapshot(self, snapshot_id: int, storage: Optional[Storage] = None, delete_files: bool = False) -> None:
        """Removes a record; with delete_files, the snapshot's files through `storage` first and
        the record once they are gone (IllegalStateError for one a run may still use)."""
        if delete_files and storage is None:
            raise ValueError("delete_files needs a storage")
        _lib.flowstate_catalog_remove_snapshot(self.handle, snapshot_id,
                                               storage.handle if storage is not None else None, int(delete_files))

    def list_snapshots(
        self, ref: Union[str, int], states: Optional[Sequence[Union[str, int]]] = None, limit: Optional[int] = None
    ) -> List[SnapshotRecord]:
        """The job's records, newest completion first."""
        wanted = [_enum(s, SnapshotState) for s in (states or [])]
        arr = (ctypes.c_int * max(1, len(wanted)))(*wanted)
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_list_snapshots(ctypes.byref(out), self.handle, _ref(ref), arr, len(wanted),
                                              -1 if limit is None else limit)
        return _records(out.value)

    # ---- the audit log

    def list_events(self, ref: Union[str, int, None] = None, limit: int = 100) -> List[Event]:
        """Newest first; ref None: every job's."""
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_list_events(ctypes.byref(out), self.handle, None if ref is None else _ref(ref), limit)
        h = out.value
        try:
            result = []
            for i in range(_lib.flowstate_event_list_count(h)):
                c = _native.defaults(_EventInfo)
                _lib.flowstate_event_list_get(h, i, ctypes.byref(c))
                result.append(event_info_from_c(c))
            return result
        finally:
            _lib.flowstate_event_list_free(h)

    # ---- the restore decision

    def resolve_restore(
        self,
        ref: Union[str, int],
        storage: Optional[Storage] = None,
        flink_version: Optional[str] = None,
        verify: Optional[bool] = None,
        level: object = VerifyLevel.FILES,
        discover: bool = True,
        fail_closed: Optional[bool] = None,
        max_candidates: int = 8,
        timeout: Optional[float] = None,
        cancel: Optional[CancelToken] = None,
        progress: Optional[Callable[[str, int, int], bool]] = None,
    ) -> RestoreDecision:
        """Where the job's next start restores from, each candidate checked on storage (verify
        defaults to whether a storage is given). IllegalStateError when the strategy needs
        state and nothing is restorable, unless fail_closed=False."""
        if verify is None:
            verify = storage is not None
        o = _native.defaults(_RestoreOptions)
        o.flink_version, o.verify, o.verify_level = _e(flink_version), int(verify), _level(level)
        o.discover, o.fail_closed = int(discover), -1 if fail_closed is None else int(fail_closed)
        o.max_candidates = max_candidates
        thunk = _native.progress_thunk(progress)
        out = ctypes.c_void_p()

        def run(token: CancelToken) -> None:
            op = _native.operation(timeout, token.handle, thunk)
            o.operation = ctypes.addressof(op)
            _lib.flowstate_catalog_resolve_restore(ctypes.byref(out), self.handle, _ref(ref),
                                                   storage.handle if storage is not None else None, ctypes.byref(o))

        run_interruptible(run, cancel)  # Ctrl-C stops the decision's storage checks
        del thunk
        h = out.value
        try:
            info = _native.fetch(_structs.flowstate_restore_decision_info, _lib.flowstate_restore_decision_get, h)
            candidates = tuple(restore_candidate_from_c(_native.fetch(_RestoreCandidate,
                                                                      _lib.flowstate_restore_decision_candidate_get, h, i))
                               for i in range(info.candidate_count))
            return restore_decision_info_from_c(info, candidates=candidates)
        finally:
            _lib.flowstate_restore_decision_free(h)

    # ---- reconciliation and retention

    def reconcile(
        self,
        ref: Union[str, int],
        storage: Storage,
        level: object = VerifyLevel.FILES,
        timeout: Optional[float] = None,
        cancel: Optional[CancelToken] = None,
        progress: Optional[Callable[[str, int, int], bool]] = None,
    ) -> ReconcileReport:
        """Adds snapshots found on storage but not recorded (DISCOVERED_ON_STORAGE) and marks
        recorded ones gone from storage MISSING."""
        out = ctypes.c_void_p()

        def run(token: CancelToken) -> None:
            o, keep = _scan_options((), False, None, timeout, token, progress, level)
            _lib.flowstate_catalog_reconcile(ctypes.byref(out), self.handle, _ref(ref), storage.handle,
                                             ctypes.byref(o))
            del keep

        run_interruptible(run, cancel)
        h = out.value
        try:
            info = _native.fetch(_structs.flowstate_reconcile_info, _lib.flowstate_reconcile_report_get, h)
            return ReconcileReport(
                added=_records(_lib.flowstate_reconcile_report_added(h), free=False),
                missing=_records(_lib.flowstate_reconcile_report_missing(h), free=False),
                disposed=_records(_lib.flowstate_reconcile_report_disposed(h), free=False),
                unchanged=int(info.unchanged),
                problems=[_s(info.problems[i]) for i in range(info.problem_count)],
            )
        finally:
            _lib.flowstate_reconcile_report_free(h)

    def prune(self, ref: Union[str, int], storage: Storage, dry_run: bool = False,
              now_ms: Optional[int] = None) -> PruneReport:
        """Applies the job's retention to its automatic snapshots: files first, then records."""
        o = _PruneOptions(1, int(dry_run), -1 if now_ms is None else now_ms)
        out = ctypes.c_void_p()
        _lib.flowstate_catalog_prune(ctypes.byref(out), self.handle, _ref(ref), storage.handle, ctypes.byref(o))
        h = out.value
        try:
            return PruneReport(
                deleted=_records(_lib.flowstate_prune_report_deleted(h), free=False),
                kept=_records(_lib.flowstate_prune_report_kept(h), free=False),
                failed=_records(_lib.flowstate_prune_report_failed(h), free=False),
            )
        finally:
            _lib.flowstate_prune_report_free(h)
