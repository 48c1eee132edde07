"""The Flink clients from Python, against the simulator: answers as dicts, typed errors,
savepoints with progress, the SQL Gateway, many clusters at once."""

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import flowstate  # noqa: E402
from flink_sim_fixture import FlinkSim, wait_for  # noqa: E402


@pytest.fixture
def sim(tmp_path):
    s = FlinkSim(tmp_path / "state")
    yield s
    s.close()


def start(flink, source, **run):
    jar = flink.upload_jar("cdc.jar", b"PK\x03\x04")
    job = flink.run_jar(jar, args=["--source", source], **run)
    wait_for(lambda: flink.job_status(job) == "RUNNING", what="RUNNING")
    return job


def test_jobs_checkpoints_and_a_resumed_cdc_job(sim):
    c = sim.cluster("prod", "1.20", checkpoint_interval_ms=50)
    with flowstate.FlinkClient(c["url"]) as flink:
        assert flink.version() == "1.20"
        assert flink.overview()["jobs_running"] == 0
        sim.insert("emp", 12)
        job = start(flink, "emp", flink_configuration={"pipeline.name": "emp-cdc"})
        jobs = flink.jobs()
        assert [(j["id"], j["name"], j["end_time"]) for j in jobs] == [(job, "emp-cdc", None)]
        wait_for(lambda: flink.checkpoints(job)["counts"]["completed"] >= 2, what="checkpoints")
        stats = flink.checkpoints(job)
        assert stats["latest_completed"]["external_path"].startswith("file:")
        assert flink.checkpoint_config(job)["interval_ms"] == 50
        assert flink.job(job)["state"] == "RUNNING"

        phases = []
        trigger = flink.stop_with_savepoint(job, drain=True)
        location = flink.wait_for_savepoint(job, trigger, timeout=10, progress=lambda p, d, t: phases.append(p) or True)
        assert "/savepoint-%s-" % job[:6] in location
        assert flink.job_status(job) == "FINISHED"
        sim.insert("emp", 3)
        job2 = start(flink, "emp", savepoint_path=location, claim_mode="NO_CLAIM")
        wait_for(lambda: sim.runs()[1]["position"] == 15, what="resumed")
        assert sim.runs()[1]["start_position"] == 12, "resumed exactly where it stopped"
        assert flink.checkpoints(job2)["latest_restored"]["external_path"] == location
        typed = flink.get_checkpoints(job2)
        assert (typed.restored_path, typed.restored_is_savepoint) == (location, True)
        assert typed.restored_id is not None and typed.restore_ms is not None


def test_typed_records_say_what_the_json_says(sim):
    c = sim.cluster("prod", "1.20", checkpoint_interval_ms=50)
    with flowstate.FlinkClient(c["url"]) as flink:
        sim.insert("emp", 5)
        job = start(flink, "emp", flink_configuration={"pipeline.name": "emp-cdc"})
        wait_for(lambda: flink.get_checkpoints(job).completed >= 2, what="checkpoints")
        listed = flink.list_jobs()
        assert [(j.id, j.name, j.state, j.end_time_ms) for j in listed] == [(job, "emp-cdc", "RUNNING", None)]
        one = flink.get_job(job)
        as_json = flink.job(job)
        assert (one.id, one.name, one.state, one.job_type) == (job, "emp-cdc", "RUNNING", as_json["job_type"])
        assert one.start_time_ms == as_json["start_time"] and one.max_parallelism == as_json["max_parallelism"]
        stats = flink.get_checkpoints(job)
        raw = flink.checkpoints(job)
        assert stats.latest_completed is not None and not stats.latest_completed.discarded
        assert stats.latest_completed.external_path.startswith("file:")
        assert stats.latest_completed.kind == "completed" and stats.latest_completed.status == "COMPLETED"
        assert [h.id for h in stats.history] == [h["id"] for h in raw["history"]][:len(stats.history)]
        assert stats.restored_id is None and stats.latest_savepoint is None

        trigger = flink.trigger_savepoint(job)
        wait_for(lambda: flink.get_savepoint_status(job, trigger).completed, what="savepoint")
        done = flink.get_savepoint_status(job, trigger)
        assert (done.failed, done.location) == (False, flink.savepoint_status(job, trigger)["location"])
        assert "/savepoint-%s-" % job[:6] in done.location
        wait_for(lambda: flink.get_checkpoints(job).latest_savepoint is not None, what="savepoint in stats")
        sp = flink.get_checkpoints(job).latest_savepoint
        assert sp.is_savepoint and sp.external_path == done.location

        sim.faults("prod", fail_savepoints=1)
        trigger = flink.trigger_savepoint(job)
        wait_for(lambda: flink.get_savepoint_status(job, trigger).completed, what="failed savepoint")
        failed = flink.get_savepoint_status(job, trigger)
        assert failed.failed and failed.location == "" and "IO-problem" in failed.failure_message
        with pytest.raises(flowstate.NotFoundError):
            flink.get_job("c0000000000000000000000000000001")


def test_errors_are_typed_and_short(sim):
    c = sim.cluster("prod", "1.20")
    with flowstate.FlinkClient(c["url"], retries=0) as flink:
        with pytest.raises(flowstate.NotFoundError) as e:
            flink.job("c0000000000000000000000000000001")
        assert "not found" in str(e.value) and "\tat " not in str(e.value)
        assert "NotFoundException" in flowstate.flink_last_error_detail()
        with pytest.raises(flowstate.InvalidArgumentError):
            flink.job("not-a-job")
        sim.faults("prod", errors=3, status=503)
        with pytest.raises(flowstate.UnavailableError):
            flink.overview()
        sim.faults("prod")
        sim.insert("x", 1)
        job = start(flink, "x")
        sim.faults("prod", fail_savepoints=1)
        trigger = flink.trigger_savepoint(job)
        with pytest.raises(flowstate.RemoteError) as e:
            flink.wait_for_savepoint(job, trigger, timeout=10)
        assert "IO-problem" in str(e.value)
        sim.faults("prod", savepoint_ms=5000)
        trigger = flink.trigger_savepoint(job)
        with pytest.raises(flowstate.DeadlineExceededError):
            flink.wait_for_savepoint(job, trigger, timeout=0.2)
        token = flowstate.CancelToken()
        token.cancel()
        with pytest.raises(flowstate.CancelledError):
            flink.wait_for_savepoint(job, trigger, cancel=token)
    old = sim.cluster("old", "1.14")
    with flowstate.FlinkClient(old["url"]) as flink:
        with pytest.raises(flowstate.UnsupportedError):
            flink.trigger_savepoint("a0000000000000000000000000000001", format="NATIVE")


def test_flink_versions_are_checked_against_the_known_range(sim):
    with pytest.raises(flowstate.UnsupportedVersionError, match="Flink 1.9 is outside the versions flowstate knows"):
        flowstate.FlinkClient("http://127.0.0.1:1", flink_version="1.9")
    with flowstate.FlinkClient("http://127.0.0.1:1", flink_version="1.17.2") as flink:
        assert flink.version() == "1.17.2"
    ancient = sim.cluster("ancient", "1.13.6")
    with flowstate.FlinkClient(ancient["url"]) as flink:
        with pytest.raises(flowstate.UnsupportedVersionError, match=r"runs Flink 1\.13\.6"):
            flink.version()


def test_answers_as_each_version_sends_them(sim):
    old = sim.cluster("old", "1.14", checkpoint_interval_ms=60000)
    with flowstate.FlinkClient(old["url"]) as flink:
        sim.insert("x", 1)
        job = start(flink, "x")
        sim.checkpoint("old", job)
        wait_for(lambda: flink.checkpoints(job)["history"], what="a checkpoint")
        assert flink.checkpoints(job)["history"][0]["class"] == "completed", "1.14 says @class"
        details = flink.job(job)
        assert details["timestamps"]["FAILED"] is None, "a state never reached is null, not 0"
        assert details["timestamps"]["RUNNING"] > 0
        sim.ctl("POST", "/clusters/old/jobs/%s/fail" % job, {"reason": "lost the binlog", "concurrent": ["disk full"]})
        wait_for(lambda: flink.exceptions(job)["history"], what="an exception")
        entry = flink.exceptions(job)["history"][0]
        assert entry["endpoint"] == "127.0.0.1:42311", "1.14 names it `location`"
        assert [c["name"] for c in entry["concurrent"]] == ["java.io.IOException"]
        # "{}" is not an overview: an error naming the field, not a row of nulls.
        sim.faults("old", empty=1)
        with pytest.raises(flowstate.RemoteError, match=r"\$\.taskmanagers is missing"):
            flink.overview()
        # A proxy's page: its status and title, not the page.
        sim.faults("old", html=1, status=502)
        with pytest.raises(flowstate.UnavailableError) as e:
            flowstate.FlinkClient(old["url"], retries=0).overview()
        assert str(e.value).endswith("HTTP 502 from a proxy (HTML page): 502 Bad Gateway")


def test_deadlines_and_cancellation_reach_the_request_in_flight(sim):
    import threading
    import time

    c = sim.cluster("prod", "1.20")
    with flowstate.FlinkClient(c["url"], request_timeout=8) as flink:
        sim.insert("x", 1)
        job = start(flink, "x")
        sim.faults("prod", savepoint_ms=10000)
        trigger = flink.trigger_savepoint(job)
        sim.faults("prod", slow=1000, delay_ms=5000)  # the JobManager answers in 5 s
        t0 = time.monotonic()
        with pytest.raises(flowstate.DeadlineExceededError):
            flink.wait_for_savepoint(job, trigger, timeout=1)
        assert time.monotonic() - t0 < 2
        token = flowstate.CancelToken()
        threading.Timer(0.5, token.cancel).start()
        t0 = time.monotonic()
        with pytest.raises(flowstate.CancelledError):
            flink.wait_for_savepoint(job, trigger, cancel=token)
        assert time.monotonic() - t0 < 1.5
        sim.faults("prod")
    with flowstate.SqlGateway(c["gateway_url"], request_timeout=8) as gw:
        session = gw.open_session("etl")
        sim.faults("prod", slow=1000, delay_ms=5000)
        t0 = time.monotonic()
        with pytest.raises(flowstate.DeadlineExceededError):
            gw.run(session, "SELECT 1", timeout=1)
        assert time.monotonic() - t0 < 2
        sim.faults("prod")


def test_ctrl_c_stops_a_blocking_wait_and_keeps_the_trigger_id(sim, ctrl_c):
    import time

    c = sim.cluster("prod", "1.20")
    with flowstate.FlinkClient(c["url"], request_timeout=8) as flink:
        sim.insert("x", 1)
        job = start(flink, "x")
        sim.faults("prod", savepoint_ms=10000)
        trigger = flink.trigger_savepoint(job)
        sim.faults("prod", slow=1000, delay_ms=3000)
        ctrl_c(0.5)
        t0 = time.monotonic()
        with pytest.raises(KeyboardInterrupt) as e:
            flink.wait_for_savepoint(job, trigger)
        assert time.monotonic() - t0 < 1.5, "the ctypes call does not hold the interrupt back"
        assert (e.value.job_id, e.value.trigger_id) == (job, trigger)
        sim.faults("prod")
        # The savepoint went on; its result can still be fetched by its trigger id.
        assert flink.savepoint_status(job, trigger)["failure"] is None


def test_a_trigger_id_flink_1_14_cannot_honour_is_refused(sim):
    c = sim.cluster("old", "1.14")
    with flowstate.FlinkClient(c["url"]) as flink:
        sim.insert("k", 1)
        job = start(flink, "k")
        mine = "0123456789abcdef0123456789abcdef"
        with pytest.raises(flowstate.UnsupportedError) as e:
            flink.trigger_savepoint(job, trigger_id=mine)
        assert "nothing was sent" in str(e.value)
        theirs = flink.trigger_savepoint(job, trigger_id=mine, accept_server_trigger_id=True)
        assert theirs != mine
        assert flink.wait_for_savepoint(job, theirs, timeout=10)


def test_gateway_and_many_clusters(sim):
    a = sim.cluster("a", "1.20")
    b = sim.cluster("b", "2.2")
    with flowstate.SqlGateway(a["gateway_url"]) as gw, flowstate.FlinkClient(a["url"]) as fa, \
            flowstate.FlinkClient(b["url"]) as fb:
        assert gw.api_version() == 3
        s = gw.open_session("etl", {"execution.runtime-mode": "streaming"})
        r = gw.run(s, "INSERT INTO sink SELECT * FROM src")
        assert r["status"] == "FINISHED" and len(r["job_id"]) == 32
        assert r["columns"][0]["name"] == "job id" and r["rows"][0]["fields"] == [r["job_id"]]
        wait_for(lambda: fa.job_status(r["job_id"]) == "RUNNING", what="RUNNING")
        path = gw.stop_job(s, r["job_id"], with_savepoint=True)
        assert "savepoint-" in path
        # Restored through this statement's own configuration, the session's untouched.
        again = gw.run(s, "INSERT INTO sink SELECT * FROM src", config={"execution.state-recovery.path": path},
                       execution_timeout=30)
        wait_for(lambda: fa.checkpoints(again["job_id"])["latest_restored"] is not None, what="restored")
        assert fa.checkpoints(again["job_id"])["latest_restored"]["external_path"] == path
        op = gw.execute(s, "SELECT 1")
        wait_for(lambda: gw.operation_status(s, op) == "FINISHED", what="finished")
        assert gw.fetch(s, op, 0)["rows"][0]["fields"] == [1], "an INTEGER comes back a number, not a string"
        with pytest.raises(flowstate.FlowstateError) as e:
            gw.run(s, "SELEKT 1")
        assert "SQL parse failed" in str(e.value)
        gw.close_session(s)
        many = flowstate.jobs_of_many([fa, fb])
        assert len(many) == 2 and len(many[0]["jobs"]) == 2 and many[1]["jobs"] == []
        sim.kill("b")
        time.sleep(0.2)
        many = flowstate.jobs_of_many([fa, fb])
        assert "jobs" in many[0] and "error" in many[1]


def test_answers_larger_than_the_limit_are_refused(sim):
    c = sim.cluster("prod", "1.20")
    with flowstate.FlinkClient(c["url"]) as flink:  # the library's default limit (32 MiB)
        assert flink.overview()["jobs_running"] == 0
    with flowstate.FlinkClient(c["url"], max_response_bytes=64) as tiny:
        with pytest.raises(flowstate.RemoteError) as e:
            tiny.overview()
        assert "larger than 64 bytes" in str(e.value)


def test_the_running_job_against_its_explanation(sim, tmp_path):
    """A script sets the interval and num-retained = 3; the session cluster keeps 20. The
    running job checkpoints at the script's interval, storage holds what the cluster keeps,
    and the comparison marks nothing but what the explanation got wrong."""
    cluster_conf = ("execution.target: remote\n"
                    "execution.checkpointing.interval: 1 h\n"
                    "execution.checkpointing.num-retained: 20\n"
                    "execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION\n")
    c = sim.cluster("prod", "1.20", checkpoint_interval_ms=3600000, num_retained=20,
                    retention="RETAIN_ON_CANCELLATION")
    script = flowstate.parse_script("SET 'execution.checkpointing.interval' = '2 h';\n"
                                    "SET 'execution.checkpointing.num-retained' = '3';\n", source_name="job.sql")
    with flowstate.FlinkClient(c["url"]) as flink, flowstate.Storage() as storage:
        job = start(flink, "orders", flink_configuration={"execution.checkpointing.interval": "2 h",
                                                          "execution.checkpointing.num-retained": "3"})
        for _ in range(5):
            sim.checkpoint("prod", job)
        explained = flowstate.Config("1.20").add_file(cluster_conf, "flink-conf.yaml").add_script(script)
        explained.set_deployment("session", "jar")
        phases = []
        cmp = flowstate.compare_running(explained, flink, job, storage=storage, timeout=30,
                                        progress=lambda p, d, t: phases.append(p) or True)
        assert "fetch" in phases
        assert cmp.checkpoints_on_storage == 5
        interval = cmp.row("execution.checkpointing.interval")
        assert (interval.explained, interval.source, interval.reported) == ("2 h", "job.sql:1:6", "7200000 ms")
        assert interval.agreement == flowstate.Agreement.SAME
        assert interval.reported_by == "/jobs/%s/checkpoints/config" % job
        retained = cmp.row("execution.checkpointing.num-retained")
        assert (retained.explained, retained.reported, retained.agreement) == ("20", "20", flowstate.Agreement.SAME)
        assert retained.note.startswith("5 completed checkpoints of the job on storage (file://")
        reported = [r for r in cmp.rows if r.agreement != flowstate.Agreement.NOT_REPORTED]
        assert len(reported) >= 9
        assert all(r.agreement == flowstate.Agreement.SAME for r in reported), [
            (r.key, r.explained, r.reported) for r in reported if r.agreement != flowstate.Agreement.SAME]
        unreported = [r for r in cmp.rows if r.agreement == flowstate.Agreement.NOT_REPORTED]
        assert all(r.reported is None and r.reported_by == "" for r in unreported)

        # Explained from the script alone, num-retained 3 looks as if it applied: marked.
        naive = flowstate.Config("1.20").add_script(script)
        cmp = flowstate.compare_running(naive, flink, job)
        retained = cmp.row("execution.checkpointing.num-retained")
        assert (retained.explained, retained.reported, retained.agreement) == ("3", "20", flowstate.Agreement.DIFFERS)
        assert cmp.checkpoints_on_storage is None
        assert retained.note == ""

        with pytest.raises(flowstate.NotFoundError):
            flowstate.compare_running(naive, flink, "0123456789abcdef0123456789abcdef")
        token = flowstate.CancelToken()
        token.cancel()
        with pytest.raises(flowstate.CancelledError):
            flowstate.compare_running(naive, flink, job, cancel=token)
