"""The job lifecycle (flowstate/job.h): its states, the actions users and hosts ask for, the
events it observes, and the table of every legal transition.

    flowstate.job_after_action(flowstate.JobState.RUNNING, flowstate.JobAction.STOP)
    # -> JobState.STOPPING; IllegalStateError naming the state and the action when refused
"""

from __future__ import annotations

import ctypes
from typing import List, Union

from . import _native, _structs
from ._records import JobRule, job_rule_from_c
from .enums import JobAction, JobEvent, JobState

__all__ = ["job_after_action", "job_after_event", "job_event_for_flink_status", "job_rules", "job_rule_applies",
           "JobRule"]

_lib = _native.lib


def job_after_action(state: Union[JobState, str, int], action: Union[JobAction, str, int]) -> JobState:
    """The state `action` leads to from `state`; IllegalStateError when the table has no row."""
    out = ctypes.c_int()
    _lib.flowstate_job_after_action(ctypes.byref(out), int(JobState.parse(state)), int(JobAction.parse(action)))
    return JobState(out.value)


def job_after_event(state: Union[JobState, str, int], event: Union[JobEvent, str, int]) -> JobState:
    """The state `event` leads to from `state`; IllegalStateError when the table has no row."""
    out = ctypes.c_int()
    _lib.flowstate_job_after_event(ctypes.byref(out), int(JobState.parse(state)), int(JobEvent.parse(event)))
    return JobState(out.value)


def job_event_for_flink_status(status: str) -> JobEvent:
    """The event a Flink job status ("RUNNING") is; NotFoundError for one Flink does not have."""
    out = ctypes.c_int()
    _lib.flowstate_job_event_for_flink_status(ctypes.byref(out), status.encode("utf-8"))
    return JobEvent(out.value)


def job_rules() -> List[JobRule]:
    """Every row of the lifecycle's table, actions first."""
    out = []
    for i in range(_lib.flowstate_job_rule_count()):
        c = _native.fetch(_structs.flowstate_job_rule, _lib.flowstate_job_rule_get, i)
        out.append(job_rule_from_c(c))
    return out


def job_rule_applies(rule: JobRule, state: Union[JobState, str, int]) -> bool:
    """Whether `rule` applies in `state`."""
    return bool((rule.from_states >> int(JobState.parse(state))) & 1)
