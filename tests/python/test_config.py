"""Flink configuration from Python: registry, value checks, cluster files, effective config."""

from pathlib import Path

import pytest

import flowstate
from flowstate import ConfigLayer, KeyStatus, OptionType

TESTS = Path(__file__).resolve().parents[1]
SEED_SQL = (TESTS / "sql" / "data" / "seed_emp_1.sql").read_text()
SEED_DEPLOYMENT = (TESTS / "config" / "data" / "seed_deployment.yaml").read_text()
SEED_POD_CONF = (TESTS / "config" / "data" / "seed_pod_flink-conf.yaml").read_text()
SEED_AS_PASTED = (TESTS / "config" / "data" / "seed_deployment_as_pasted.yaml").read_text()


def test_registry():
    opts = flowstate.options()
    assert len(opts) >= 150
    assert len({o.key for o in opts}) == len(opts)
    o = flowstate.find_option("state.checkpoints.num-retained")
    assert o.key == "execution.checkpointing.num-retained"
    assert o.type == OptionType.INTEGER == "integer"
    assert [n.name for n in o.names] == ["execution.checkpointing.num-retained", "state.checkpoints.num-retained"]
    assert o.names[0].since == "1.20"
    assert o.name_for("1.14") == "state.checkpoints.num-retained"
    assert o.name_for("2.2") == "execution.checkpointing.num-retained"
    assert o.default("1.20") == "1"
    claim = flowstate.find_option("execution.state-recovery.claim-mode")
    assert claim.name_for("1.14") is None
    assert claim.name_for("1.15") == "execution.savepoint-restore-mode"
    assert claim.values == ("CLAIM", "NO_CLAIM", "LEGACY")
    assert flowstate.find_option("no.such.key") is None
    assert flowstate.find_option("s3.secret-key").is_secret


def test_yaml_pasted_from_a_web_page_is_read_with_warnings():
    cfg = flowstate.Config("1.14")
    cfg.add_file(SEED_AS_PASTED, "deployment.yaml")
    assert cfg.error_count == 0
    assert cfg.get("state.checkpoints.num-retained").value == "20"
    warned = [d for d, _ in cfg.diagnostics() if "no-break space" in d.message]
    assert len(warned) > 30 and all(d.severity == flowstate.Severity.WARNING for d in warned)
    assert (warned[0].source, warned[0].line, warned[0].column) == ("deployment.yaml", 4, 1)


def test_what_has_no_effect_in_a_session_cluster():
    cfg = flowstate.Config("1.14")
    cfg.add_file(SEED_AS_PASTED, "deployment.yaml")
    cfg.add_script(flowstate.parse_script(SEED_SQL, source_name="seed.sql"))
    cfg.set_deployment("session", "jar")
    no_effect = {key: d for d, key in cfg.diagnostics() if ": no effect " in d.message}
    assert set(no_effect) == {"execution.checkpointing.interval", "execution.checkpointing.num-retained", "jobmanager.memory.process.size",
                              "taskmanager.memory.process.size", "taskmanager.memory.managed.size",
                              "taskmanager.numberOfTaskSlots", "yarn.application.queue"}
    retained = no_effect["execution.checkpointing.num-retained"]
    assert (retained.source, retained.line, retained.severity) == ("seed.sql", 12, flowstate.Severity.WARNING)
    assert "20 from deployment.yaml:21 applies" in retained.message
    cfg.set_deployment(flowstate.Deployment.APPLICATION, "dinky")
    # Dinky lifts the SETs into the cluster it creates: only YARN's queue and the interval that
    # CDCSOURCE's 'checkpoint' replaces are left.
    assert {key for d, key in cfg.diagnostics() if ": no effect " in d.message} == {
        "yarn.application.queue", "execution.checkpointing.interval"}
    with pytest.raises(flowstate.InvalidArgumentError):
        cfg.set_deployment("cloud")


def test_the_submitter_and_the_pods_storage():
    # A SQL Gateway job in a session cluster does not get the cluster's job-level keys.
    cfg = flowstate.Config("1.17")
    cfg.add_file("execution.target: remote\nparallelism.default: 4\n", "flink-conf.yaml")
    cfg.set_deployment("session", flowstate.Submitter.GATEWAY)
    assert cfg.get("parallelism.default").value == "1"
    reach = [(d, key) for d, key in cfg.diagnostics() if "does not reach the job" in d.message]
    assert [(d.source, d.line, key) for d, key in reach] == [("flink-conf.yaml", 2, "parallelism.default")]
    cfg.set_deployment("session", "jar")
    assert cfg.get("parallelism.default").value == "4"
    # HA metadata on each JobManager's own disk with two JobManagers is an error.
    cfg = flowstate.Config("1.14")
    cfg.add_file((TESTS / "config" / "data" / "seed_earlier_settings.yaml").read_text(), "deployment.yaml")
    assert cfg.error_count == 1
    (ha,) = [d for d, key in cfg.diagnostics() if key == "high-availability.storageDir"]
    assert ha.severity == flowstate.Severity.ERROR and "with 2 JobManagers" in ha.message



def test_a_flink_session_jobs_configuration():
    """A FlinkSessionJob targets a session cluster; its flinkConfiguration reaches the job from
    Flink 1.17 on, and never changes what the cluster fixed."""
    session_job = ("kind: FlinkSessionJob\nmetadata:\n  name: cdc\nspec:\n  deploymentName: s\n"
                   "  job:\n    jarURI: local:///cdc.jar\n"
                   "  flinkConfiguration:\n    execution.checkpointing.interval: 10s\n"
                   "    taskmanager.numberOfTaskSlots: '4'\n")
    for version, interval in (("1.16", "30 s"), ("1.17", "10 s")):
        cfg = flowstate.Config(version)
        cfg.add_file("execution.checkpointing.interval: 30s\n", "flink-conf.yaml")
        cfg.add_file(session_job, "session-job.yaml")
        assert cfg.get("execution.checkpointing.interval").normalized == interval
        no_effect = {key: d for d, key in cfg.diagnostics() if ": no effect " in d.message}
        assert no_effect["taskmanager.numberOfTaskSlots"].line == 10
        assert ("execution.checkpointing.interval" in no_effect) == (version == "1.16")

def test_option_scope():
    s = flowstate.option_scope("state.checkpoints.num-retained", "1.14")
    assert s.scope == "cluster" == flowstate.OptionScope.CLUSTER
    assert "cluster's configuration" in s.why and s.edge is None and s.scope_from_edge is None
    d = flowstate.option_scope("state.checkpoints.dir", "1.14")
    assert (d.scope, d.edge, d.scope_from_edge) == ("cluster", "1.14.3", "job-over-cluster")
    assert flowstate.option_scope("state.checkpoints.dir", "1.14.3").scope == "job-over-cluster"
    assert flowstate.option_scope("restart-strategy.fixed-delay.attempts", "1.14").condition == "restart-strategy"
    assert flowstate.option_scope("state.backend.incremental", "1.18").condition == flowstate.ScopeCondition.STATE_BACKEND
    assert flowstate.option_scope("state.backend.incremental", "1.19").condition == "none"
    assert flowstate.option_scope("yarn.application.queue", "1.14").scope == "yarn"
    assert flowstate.option_scope("connector.option", "1.20").scope == "unknown"
    with pytest.raises(flowstate.InvalidArgumentError):
        flowstate.option_scope("pipeline.name", "not-a-version")


def test_check_value():
    assert flowstate.check_value("execution.checkpointing.interval", "6000", "1.14") == "6 s"
    assert flowstate.check_value("execution.checkpointing.timeout", "PT10M", "2.1") == "10 min"
    with pytest.raises(flowstate.InvalidArgumentError, match="need Flink 2.1"):
        flowstate.check_value("execution.checkpointing.timeout", "PT10M", "2.0")
    with pytest.raises(flowstate.InvalidArgumentError, match="1024-based"):
        flowstate.check_value("taskmanager.memory.process.size", "2 GiB", "1.20")
    with pytest.raises(flowstate.NotFoundError):
        flowstate.check_value("my.key", "x", "1.20")
    with pytest.raises(flowstate.UnsupportedVersionError):
        flowstate.check_value("execution.state-recovery.claim-mode", "CLAIM", "1.14")
    with pytest.raises(flowstate.InvalidArgumentError):
        flowstate.check_value("pipeline.name", "x", "not-a-version")


def test_seed_script_over_the_seed_cluster_for_three_versions():
    for version in ("1.14", "1.20", "2.2"):
        cfg = flowstate.Config(version)
        cfg.add_file(SEED_POD_CONF, "flink-conf.yaml")
        cfg.add_file(SEED_DEPLOYMENT, "deployment.yaml")
        cfg.add_script(flowstate.parse_script(SEED_SQL, source_name="seed.sql"))
        assert cfg.error_count == 0, [str(d) for d, _ in cfg.diagnostics()]
        interval = cfg.get("execution.checkpointing.interval")
        assert (interval.value, interval.normalized, interval.source) == (
            "3000", "3 s", "seed.sql:24:180 (EXECUTE CDCSOURCE 'checkpoint')")
        assert interval.layer == ConfigLayer.SCRIPT
        # A session cluster (no spec.job): the JobMaster keeps its own 20, the script's 3 has
        # no effect and stays in the history.
        retained = cfg.get("state.checkpoints.num-retained")
        assert (retained.value, retained.layer) == ("20", "deployment")
        assert [(h.value, h.source) for h in retained.history] == [("3", "flink-conf.yaml:3"), ("3", "seed.sql:12:5")]
        expected_key = "state.checkpoints.num-retained" if version == "1.14" else "execution.checkpointing.num-retained"
        assert retained.key == expected_key
        replicas = cfg.get("kubernetes.jobmanager.replicas")
        assert replicas.layer == "deployment"
        assert replicas.source == "deployment.yaml:31 (spec.jobManager.replicas)"
    assert flowstate.file_flink_version(SEED_DEPLOYMENT, "deployment.yaml") == "1.14"
    assert flowstate.file_flink_version("a: b\n", "flink-conf.yaml") is None


def test_layers_keys_and_rendering():
    cfg = flowstate.Config("1.14")
    cfg.add_file("parallelism.default: 2\ns3.secret-key: hunter2\n", "flink-conf.yaml")
    cfg.add_script(
        flowstate.parse_script(
            "SET 'execution.checkpointing.num-retained' = '2';\n"
            "SET 'connector.option' = 'x';\n"
            "SET 'execution.state-recovery.claim-mode' = 'CLAIM';\n",
            source_name="job.sql",
        )
    )
    cfg.set("pipeline.name", "orders", label="restore")
    retained = cfg.get("execution.checkpointing.num-retained")
    assert retained.key == "state.checkpoints.num-retained"
    assert retained.status == KeyStatus.TRANSLATED == "translated"
    assert cfg.get("connector.option").status == KeyStatus.UNKNOWN
    assert cfg.get("connector.option").type is None
    assert cfg.get("execution.state-recovery.claim-mode").status == KeyStatus.REFUSED
    assert cfg.get("pipeline.name").source == "restore"
    secret = cfg.get("s3.secret-key")
    assert secret.value == "******" and secret.is_secret
    assert cfg.raw_value("s3.secret-key") == "hunter2"
    assert cfg.get("nothing") is None and cfg.raw_value("nothing") is None
    errors = [(str(d), key) for d, key in cfg.diagnostics() if d.severity == flowstate.Severity.ERROR]
    assert errors == [
        (
            "job.sql:3:6: error: execution.state-recovery.claim-mode is not read by Flink 1.14 (read by 1.15+); "
            "flowstate refuses it for this version",
            "execution.state-recovery.claim-mode",
        )
    ]
    text, problems = cfg.render("flink-conf")
    assert "state.checkpoints.num-retained: 2\n" in text
    assert "s3.secret-key: ******\n" in text
    assert "claim-mode" not in text
    assert problems == []
    text, problems = cfg.render("config.yaml", reveal_secrets=True)
    assert "hunter2" in text
    assert [p.message for p in problems] == ["Flink 1.14 reads flink-conf.yaml, not config.yaml"]
    assert '"pipeline.name":"orders"' in cfg.render("json")[0]
    cfg.include_defaults()
    assert cfg.get("execution.checkpointing.timeout").is_default
    assert len(cfg) > 100


def test_bad_files_raise_with_position():
    cfg = flowstate.Config("2.2")
    with pytest.raises(flowstate.ParseError, match=r"config.yaml:3:1: .*line 2"):
        cfg.add_file("a: 1\nb: [1, 2\n", "config.yaml")
    with pytest.raises(flowstate.NotFoundError, match="no FlinkDeployment"):
        cfg.add_file("kind: Pod\n", "pod.yaml", flowstate.FileFormat.DEPLOYMENT)
    with pytest.raises(flowstate.InvalidArgumentError):
        flowstate.Config("x.y.z")
    assert len(cfg) == 0


def test_versions_outside_the_known_range_raise_and_patch_levels_are_kept():
    for outside in ("1.9", "1.13.6", "1.99", "2.5"):
        with pytest.raises(flowstate.UnsupportedVersionError, match=r"\(1\.14 to 1\.20, 2\.0 to 2\.3\)"):
            flowstate.Config(outside)
        with pytest.raises(flowstate.UnsupportedVersionError):
            flowstate.check_value("parallelism.default", "4", outside)
    assert flowstate.Config("1.14.3").flink_version == "1.14.3"
    assert flowstate.Config("1.14").flink_version == "1.14", "no patch given: none invented"
    assert flowstate.Config("v1_20").flink_version == "1.20"
