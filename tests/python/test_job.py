"""The job lifecycle's table from Python."""

import pytest

import flowstate
from flowstate import JobAction, JobEvent, JobState


def test_actions_and_events():
    assert flowstate.job_after_action("RUNNING", "stop") == JobState.STOPPING
    assert flowstate.job_after_action(JobState.LOST, JobAction.RESUME) == JobState.STARTING
    assert flowstate.job_after_event("STOPPING", "stopped") == JobState.SUSPENDED
    assert flowstate.job_after_event(JobState.RUNNING, JobEvent.UNREACHABLE) == JobState.UNREACHABLE
    with pytest.raises(flowstate.IllegalStateError) as e:
        flowstate.job_after_action("UNREACHABLE", "start")
    assert "start is not possible while the job is UNREACHABLE" in str(e.value)
    with pytest.raises(flowstate.IllegalStateError):
        flowstate.job_after_event("FINISHED", "observed-running")
    with pytest.raises(flowstate.InvalidArgumentError):
        flowstate.job_after_action("PAUSED", "stop")
    assert flowstate.job_event_for_flink_status("RECONCILING") == JobEvent.OBSERVED_RECOVERING
    with pytest.raises(flowstate.NotFoundError):
        flowstate.job_event_for_flink_status("running")


def test_rules():
    rules = flowstate.job_rules()
    assert len(rules) > 20
    in_running = {r.action for r in rules if r.action and flowstate.job_rule_applies(r, "RUNNING")}
    assert in_running == {"savepoint", "stop", "cancel", "restart"}
    start = next(r for r in rules if r.action == "start")
    assert (start.to, start.desired, start.event) == ("STARTING", "running", None)
    assert not flowstate.job_rule_applies(start, JobState.UNREACHABLE)
