"""Hooks that are not part of flowstate's stable surface (flowstate/unstable.h).

Names and behaviour may change or go in any release. The job lifecycle is what writes runs
and keeps a job's state true with them; the calls here record runs by hand and leave the
job's state untouched: tests use them to set up history, and an importer to bring in the
runs another platform recorded.
"""

from __future__ import annotations

import ctypes
from typing import Optional, Union

from . import _native
from ._records import Run
from .catalog import Catalog, _ref

_lib = _native.lib


def start_run(
    catalog: Catalog,
    ref: Union[str, int],
    flink_job_id: Optional[str] = None,
    cluster: Optional[str] = None,
    started_ms: int = 0,
    restored_from: Optional[str] = None,
    claim_mode: Optional[Union[str, int]] = None,
    restored_snapshot: Optional[int] = None,
    ended_ms: Optional[int] = None,
    final_status: Optional[str] = None,
) -> Run:
    """Records a start. A pending ONCE path is consumed (audited); restored_from (any
    spelling) links the run to the snapshot's record. IllegalStateError while another run of
    the job is open (one with ended_ms is a past run, and may be recorded)."""
    c = Catalog._run_in(flink_job_id, cluster, started_ms, ended_ms, final_status, restored_from, claim_mode,
                        restored_snapshot)
    out = ctypes.c_void_p()
    _lib.flowstate_catalog_start_run(ctypes.byref(out), catalog.handle, _ref(ref), ctypes.byref(c))
    return Catalog._runs(out.value)[0]


def restart_run(
    catalog: Catalog,
    ref: Union[str, int],
    final_status: str,
    open_run: Optional[int] = None,
    flink_job_id: Optional[str] = None,
    cluster: Optional[str] = None,
    started_ms: int = 0,
    restored_from: Optional[str] = None,
    claim_mode: Optional[Union[str, int]] = None,
    restored_snapshot: Optional[int] = None,
) -> Run:
    """Ends the job's open run with final_status and starts a new one, in one transaction.
    open_run: the run expected to be open (IllegalStateError, nothing changed, when another
    is); None: whichever is open, or none."""
    c = Catalog._run_in(flink_job_id, cluster, started_ms, None, None, restored_from, claim_mode, restored_snapshot)
    out = ctypes.c_void_p()
    _lib.flowstate_catalog_restart_run(ctypes.byref(out), catalog.handle, _ref(ref),
                                       -1 if open_run is None else open_run, final_status.encode("utf-8"),
                                       ctypes.byref(c))
    return Catalog._runs(out.value)[0]


def set_run_job_id(catalog: Catalog, run_id: int, flink_job_id: str) -> None:
    _lib.flowstate_catalog_set_run_job_id(catalog.handle, run_id, flink_job_id.encode())


def end_run(catalog: Catalog, run_id: int, final_status: str, ended_ms: Optional[int] = None) -> None:
    _lib.flowstate_catalog_end_run(catalog.handle, run_id, final_status.encode(), -1 if ended_ms is None else ended_ms)
