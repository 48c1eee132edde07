"""Checkpoint storage on local disks, NFS mounts and HDFS over WebHDFS (flowstate/storage.h).

    config = flowstate.StorageConfig()
    config.add_mount("file:///opt/flink/volume", "/mnt/flink-volume")
    config.add_webhdfs("nameservice1", url="http://namenode:9870", user="flink")
    with flowstate.Storage(config) as storage:
        latest = storage.find_latest(["hdfs://nameservice1/flink/cp"], job_ids=[...])
        if latest.chosen is not None:
            print(latest.latest.location)
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any, Callable, List, Optional, Sequence, Tuple, Union

from . import _native, _structs
from .enums import VerifyLevel
from ._records import (
    FileEntry,
    FileProblem,
    JobDirectory,
    Metadata,
    MetadataFile,
    MetadataOperator,
    OperatorMatch,
    Snapshot,
    file_info_from_c,
    file_problem_from_c,
    job_directory_from_c,
    match_info_from_c,
    metadata_info_from_c,
    operator_state_from_c,
    snapshot_info_from_c,
    state_file_from_c,
)
from ._handle import Handle
from ._interrupt import run_interruptible
from ._types import Diagnostic
from .cancel import CancelToken
from .diagnostics import Diagnostics
from .endpoint import Endpoint, as_endpoint
from .endpoint import fill as fill_endpoint

__all__ = [
    "StorageConfig",
    "Storage",
    "FileEntry",
    "Snapshot",
    "FileProblem",
    "JobDirectory",
    "SnapshotListing",
    "Metadata",
    "MetadataOperator",
    "MetadataFile",
    "OperatorMatch",
    "VerifyLevel",
    "check_metadata_header",
    "parse_metadata",
    "operator_id_from_uid",
]


_lib = _native.lib
_UINT64_MAX = (1 << 64) - 1
_WebHdfsOptions = _structs.flowstate_webhdfs_options
_ScanOptions = _structs.flowstate_scan_options
_FileInfo = _structs.flowstate_file_info
_SnapshotInfo = _structs.flowstate_snapshot_info
_FileProblem = _structs.flowstate_file_problem
_JobDirectory = _structs.flowstate_job_directory
_MetadataInfo = _structs.flowstate_metadata_info
_OperatorState = _structs.flowstate_operator_state
_StateFile = _structs.flowstate_state_file
_MatchInfo = _structs.flowstate_match_info


class StorageConfig(Handle):
    """Mounts and WebHDFS endpoints."""

    _free = _lib.flowstate_storage_config_free

    def __init__(self) -> None:
        super().__init__(self._create(_lib.flowstate_storage_config_new))

    def add_mount(self, flink_prefix: str, host_path: str) -> "StorageConfig":
        _lib.flowstate_storage_config_add_mount(self.handle, _native.encode(flink_prefix), _native.encode(host_path))
        return self

    def set_default_nameservice(self, nameservice: str) -> "StorageConfig":
        _lib.flowstate_storage_config_set_default_nameservice(self.handle, _native.encode(nameservice))
        return self

    def add_webhdfs(
        self,
        name: str,
        url: Union[str, Endpoint],
        user: Optional[str] = None,
        doas: Optional[str] = None,
        delegation_token: Optional[str] = None,
        **endpoint: Any,
    ) -> "StorageConfig":
        """The NameNode of nameservice (or host:port) `name`: its URL with Endpoint's fields
        as keywords (kerberos, verify_tls, ca_file, request_timeout, retries, ...), or an
        Endpoint. Times are in seconds. None keeps the library's default
        (flowstate_webhdfs_options_init): connect in 5 s, 30 s per request, 3 retries of
        idempotent requests from 0.2 s, answers up to 64 MiB."""
        o = _native.defaults(_WebHdfsOptions)
        keep = fill_endpoint(o.endpoint, as_endpoint(url, endpoint))
        o.user, o.doas = _native.encode(user), _native.encode(doas)
        o.delegation_token = _native.encode(delegation_token)
        _lib.flowstate_storage_config_add_webhdfs(self.handle, _native.encode(name), ctypes.byref(o))
        del keep
        return self


@dataclass
class SnapshotListing:
    snapshots: List[Snapshot]
    jobs: List[JobDirectory]
    chosen: Optional[int]
    candidates: int
    listings: int
    header_reads: int
    problems: List[Diagnostic] = field(default_factory=list)

    @property
    def latest(self) -> Optional[Snapshot]:
        return None if self.chosen is None else self.snapshots[self.chosen]


class Storage(Handle):
    """The file systems behind locations; safe to share between threads."""

    _free = _lib.flowstate_storage_free

    def __init__(self, config: Optional[StorageConfig] = None) -> None:
        super().__init__(self._create(_lib.flowstate_storage_new, config.handle if config else None))

    def normalize(self, uri: str) -> str:
        return _native.call_string(_lib.flowstate_storage_normalize, self.handle, _native.encode(uri))

    def resolve(self, uri: str) -> Tuple[str, str]:
        kind = ctypes.c_void_p()
        path = ctypes.c_void_p()
        _lib.flowstate_storage_resolve(ctypes.byref(kind), ctypes.byref(path), self.handle, _native.encode(uri))
        return _native.take_string(kind.value), _native.take_string(path.value)

    @property
    def webhdfs_requests(self) -> int:
        return int(_lib.flowstate_storage_webhdfs_requests(self.handle))

    def _entries(self, func, uri: str) -> List[FileEntry]:  # type: ignore[no-untyped-def]
        out = ctypes.c_void_p()
        func(ctypes.byref(out), self.handle, _native.encode(uri))
        h = out.value
        try:
            return _native.read_list(_FileInfo, _lib.flowstate_file_list_count,
                _lib.flowstate_file_list_get, h, file_info_from_c)
        finally:
            _lib.flowstate_file_list_free(h)

    def stat(self, uri: str) -> FileEntry:
        return self._entries(_lib.flowstate_storage_stat, uri)[0]

    def list(self, uri: str) -> List[FileEntry]:
        return self._entries(_lib.flowstate_storage_list, uri)

    def read(self, uri: str, offset: int = 0, length: Optional[int] = None) -> bytes:
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        _lib.flowstate_storage_read(ctypes.byref(out), ctypes.byref(n), self.handle, _native.encode(uri), offset,
                                    _UINT64_MAX if length is None else length)
        try:
            return ctypes.string_at(out.value, n.value) if out.value else b""
        finally:
            _lib.flowstate_string_free(out.value)

    def write(self, uri: str, data: bytes, overwrite: bool = False) -> None:
        _lib.flowstate_storage_write(self.handle, _native.encode(uri), data, len(data), int(overwrite))

    def mkdirs(self, uri: str) -> None:
        _lib.flowstate_storage_mkdirs(self.handle, _native.encode(uri))

    def rename(self, src: str, dst: str) -> None:
        _lib.flowstate_storage_rename(self.handle, _native.encode(src), _native.encode(dst))

    def delete(self, uri: str) -> None:
        _lib.flowstate_storage_delete(self.handle, _native.encode(uri))

    # -- snapshots ------------------------------------------------------------------------
    def list_snapshots(self, roots: Sequence[str], **kw) -> SnapshotListing:  # type: ignore[no-untyped-def]
        """Every checkpoint and savepoint below the roots, newest first, with verdicts."""
        return self._scan(_lib.flowstate_storage_list_snapshots, roots, **kw)

    def find_latest(self, roots: Sequence[str], **kw) -> SnapshotListing:  # type: ignore[no-untyped-def]
        """The newest restorable snapshot (``.latest``; None when nothing is restorable)
        and the candidates examined on the way, each with its verdict."""
        return self._scan(_lib.flowstate_storage_find_latest, roots, **kw)

    def inspect(self, uri: str, level: object = VerifyLevel.FILES, flink_version: Optional[str] = None,
                timeout: Optional[float] = None) -> Tuple["Metadata", Snapshot]:
        """One snapshot (its directory or _metadata): what _metadata holds, and its verdict
        at `level` ("header", "structure", "files" or a VerifyLevel value) with its problems."""
        o, keep = _scan_options((), False, flink_version, timeout, None, None, level)
        md = ctypes.c_void_p()
        snap = ctypes.c_void_p()
        _lib.flowstate_storage_inspect(ctypes.byref(md), ctypes.byref(snap), self.handle,
                                       _native.encode(uri), ctypes.byref(o))
        try:
            return _metadata(md.value), _snapshot(snap.value, 0)
        finally:
            _lib.flowstate_metadata_free(md.value)
            _lib.flowstate_snapshot_list_free(snap.value)
            del keep

    def match(self, root: str, operator_ids: Sequence[str] = (), uids: Sequence[str] = ()) -> List[OperatorMatch]:
        """The job-id directories under `root` whose newest parseable checkpoint holds the
        state of a job with these operators (ids, or uids turned into ids), best first."""
        ids = list(operator_ids) + [operator_id_from_uid(u) for u in uids]
        id_bytes = [i.encode() for i in ids]
        arr = (ctypes.c_char_p * max(1, len(id_bytes)))(*id_bytes)
        out = ctypes.c_void_p()
        _lib.flowstate_storage_match(ctypes.byref(out), self.handle, _native.encode(root),
                                     ctypes.cast(arr, ctypes.c_void_p), len(id_bytes), None)
        h = out.value
        try:
            return _native.read_list(_MatchInfo, _lib.flowstate_match_list_count,
                _lib.flowstate_match_list_get, h, match_info_from_c)
        finally:
            _lib.flowstate_match_list_free(h)

    def _scan(
        self,
        func,  # type: ignore[no-untyped-def]
        roots: Sequence[str],
        job_ids: Sequence[str] = (),
        include_savepoints: bool = False,
        flink_version: Optional[str] = None,
        timeout: Optional[float] = None,
        cancel: Optional[CancelToken] = None,
        progress: Optional[Callable[[str, int, int], bool]] = None,
        level: object = VerifyLevel.FILES,
    ) -> SnapshotListing:
        if isinstance(roots, str):
            roots = [roots]
        root_bytes = [r.encode() for r in roots]
        root_arr = (ctypes.c_char_p * len(root_bytes))(*root_bytes)
        out = ctypes.c_void_p()

        def call(token: CancelToken) -> list:  # type: ignore[type-arg]
            o, keep = _scan_options(job_ids, include_savepoints, flink_version, timeout, token, progress, level)
            with Diagnostics() as d:
                rc = func(ctypes.byref(out), self.handle, ctypes.cast(root_arr, ctypes.c_void_p), len(root_bytes),
                          ctypes.byref(o), d.handle)
                del keep
                _native.check(rc, d)
                return d.entries()

        # Ctrl-C stops the scan (KeyboardInterrupt once it has stopped).
        problems = run_interruptible(call, cancel)
        h = out.value
        try:
            snaps = [_snapshot(h, i) for i in range(_lib.flowstate_snapshot_list_count(h))]
            jobs = _native.read_list(_JobDirectory, _lib.flowstate_snapshot_list_job_count,
                _lib.flowstate_snapshot_list_job_get, h, job_directory_from_c)
            chosen = int(_lib.flowstate_snapshot_list_chosen(h))
            return SnapshotListing(
                snapshots=snaps,
                jobs=jobs,
                chosen=None if chosen < 0 else chosen,
                candidates=int(_lib.flowstate_snapshot_list_candidates(h)),
                listings=int(_lib.flowstate_snapshot_list_listings(h)),
                header_reads=int(_lib.flowstate_snapshot_list_header_reads(h)),
                problems=problems,
            )
        finally:
            _lib.flowstate_snapshot_list_free(h)


def check_metadata_header(data: bytes) -> Tuple[int, int]:
    """(format version, checkpoint id) of a _metadata file's first bytes; CorruptError
    with the reason otherwise."""
    version = ctypes.c_int()
    cid = ctypes.c_int64()
    _lib.flowstate_metadata_check_header(ctypes.byref(version), ctypes.byref(cid), data, len(data))
    return int(version.value), int(cid.value)


def _level(level: object) -> int:
    return int(VerifyLevel.parse(level))  # type: ignore[arg-type]


def _scan_options(job_ids, include_savepoints, flink_version, timeout, cancel, progress, level):  # type: ignore[no-untyped-def]
    """The C options and what must stay alive while they are used."""
    job_bytes = [j.encode() for j in job_ids]
    job_arr = (ctypes.c_char_p * max(1, len(job_bytes)))(*job_bytes)
    o = _native.defaults(_ScanOptions)
    o.job_ids = ctypes.cast(job_arr, ctypes.POINTER(ctypes.c_char_p))
    o.job_id_count = len(job_bytes)
    o.include_savepoints = int(include_savepoints)
    o.flink_version = _native.encode(flink_version)
    o.verify_level = _level(level)
    thunk = _native.progress_thunk(progress)
    op = _native.operation(timeout, cancel.handle if cancel is not None else None, thunk)
    o.operation = ctypes.addressof(op)
    return o, (job_arr, job_bytes, thunk, op)



def _snapshot(h: int, i: int) -> Snapshot:
    c = _native.fetch(_SnapshotInfo, _lib.flowstate_snapshot_list_get, h, i)
    problems = tuple(file_problem_from_c(_native.fetch(_FileProblem, _lib.flowstate_snapshot_list_problem_get, h, i, p))
                     for p in range(c.problem_count))
    return snapshot_info_from_c(c, problems=problems)


def _metadata(h: int) -> Metadata:
    c = _native.fetch(_MetadataInfo, _lib.flowstate_metadata_get, h)
    operators = tuple(operator_state_from_c(_native.fetch(_OperatorState, _lib.flowstate_metadata_operator_get, h, i))
                      for i in range(c.operator_count))
    files = tuple(state_file_from_c(_native.fetch(_StateFile, _lib.flowstate_metadata_file_get, h, i))
                  for i in range(c.file_count))
    return metadata_info_from_c(c, operators=operators, files=files)


def parse_metadata(data: bytes) -> Metadata:
    """Parses a whole _metadata to its exact last byte. Raises CorruptError ("offset N: ...")
    or UnsupportedVersionError."""
    out = ctypes.c_void_p()
    _lib.flowstate_metadata_parse(ctypes.byref(out), data, len(data))
    try:
        return _metadata(out.value)
    finally:
        _lib.flowstate_metadata_free(out.value)


def operator_id_from_uid(uid: str) -> str:
    """Flink's operator id for a user-set uid (32 hex digits)."""
    data = uid.encode("utf-8")
    return _native.call_string(_lib.flowstate_operator_id_from_uid, data, len(data))
