"""`flowstate config explain|render|options|check` as users run them."""

import json
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
SEED_SQL = str(TESTS / "sql" / "data" / "seed_emp_1.sql")
SEED_DEPLOYMENT = str(TESTS / "config" / "data" / "seed_deployment.yaml")
SEED_POD_CONF = str(TESTS / "config" / "data" / "seed_pod_flink-conf.yaml")
SEED_AS_PASTED = str(TESTS / "config" / "data" / "seed_deployment_as_pasted.yaml")


def test_explain_seed_over_its_cluster(cli):
    r = cli("config", "explain", SEED_SQL, "--cluster-conf", SEED_POD_CONF, "--cluster-conf", SEED_DEPLOYMENT,
            "--flink-version", "1.20")
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("Flink 1.20 | ")
    assert "| 0 errors," in lines[0]
    interval = next(line for line in lines if line.startswith("execution.checkpointing.interval "))
    # Dinky's CDCSOURCE sets the interval after the SETs; the SET's 6000 has no effect.
    assert "3000 (3 s)" in interval and interval.endswith("seed_emp_1.sql:24:180 (EXECUTE CDCSOURCE 'checkpoint')")
    after = lines[lines.index(interval) + 1]
    assert after.startswith("    6000 from " + SEED_SQL + ":5:5 - warning: no effect on the job EXECUTE CDCSOURCE builds")
    retained = lines.index(next(line for line in lines if line.startswith("execution.checkpointing.num-retained ")))
    assert "[written as state.checkpoints.num-retained]" in lines[retained]
    # The seed's resource is a session cluster: its 20 applies, over the pod file's 3 and the
    # script's 3, which has no effect there.
    assert "20 " in lines[retained] and SEED_DEPLOYMENT + ":22" in lines[retained]
    # The values it beat follow, the pod file's after "over", the script's with its reason.
    assert lines[retained + 1] == "    over 3 (" + SEED_POD_CONF + ":3)"
    assert lines[retained + 2].startswith("    3 from " + SEED_SQL + ":12:5 - warning: no effect in a session "
                                          "cluster: the JobMaster builds its checkpoint store from the cluster's "
                                          "configuration; 20 from " + SEED_DEPLOYMENT + ":22 applies")
    assert "is deprecated in Flink 1.20" in r.stdout


def test_explain_says_which_sets_have_no_effect_in_the_seed_session_cluster(cli):
    # The first seed's script against the second seed's FlinkDeployment as pasted (a session
    # cluster, no-break spaces and all) on 1.14.
    r = cli("config", "explain", SEED_SQL, "--cluster-conf", SEED_AS_PASTED, "--submitter", "jar")
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    no_effect = [line for line in lines if ": no effect " in line]
    # The six SETs the session cluster ignores, and the interval CDCSOURCE's 'checkpoint' replaces.
    assert len(no_effect) == 7, no_effect
    # Per key: the value that applies and its source, then the script's value with its reason.
    slots = lines.index(next(line for line in lines if line.startswith("taskmanager.numberOfTaskSlots ")))
    assert lines[slots].split()[1:] == ["48", SEED_AS_PASTED + ":18"]
    assert lines[slots + 1] == ("    1 from " + SEED_SQL + ":22:5 - warning: no effect in a session cluster: slots are "
                                "fixed when the TaskManagers start; 48 from " + SEED_AS_PASTED + ":18 applies")
    retained = lines.index(next(line for line in lines if line.startswith("state.checkpoints.num-retained ")))
    assert lines[retained].split()[1:] == ["20", SEED_AS_PASTED + ":21"]
    assert lines[retained + 1].startswith("    3 from " + SEED_SQL + ":12:5 - warning: no effect in a session cluster")
    # A key nothing applies to instead (no YARN on Kubernetes) is said with its position.
    assert any("yarn.application.queue = default: no effect on Kubernetes" in line for line in no_effect)
    assert "kubectl and Flink would refuse the file as it is" in r.stdout
    # In application mode Dinky lifts the SETs into the cluster it creates; a jar run does not.
    r = cli("config", "explain", SEED_SQL, "--cluster-conf", SEED_DEPLOYMENT, "--deployment", "application",
            "--submitter", "dinky", "--json")
    doc = json.loads(r.stdout)
    slots = {e["key"]: e for e in doc["entries"]}["taskmanager.numberOfTaskSlots"]
    assert not any("no effect" in d["message"] for d in slots["diagnostics"])
    r = cli("config", "explain", SEED_SQL, "--cluster-conf", SEED_DEPLOYMENT, "--deployment", "application", "--json")
    slots = {e["key"]: e for e in json.loads(r.stdout)["entries"]}["taskmanager.numberOfTaskSlots"]
    assert any("no effect in application mode" in d["message"] for d in slots["diagnostics"])
    r = cli("config", "explain", SEED_SQL, "--cluster-conf", SEED_DEPLOYMENT, "--deployment", "cloud")
    assert r.returncode != 0 and "--deployment" in r.stderr and "session" in r.stderr


def test_explain_says_which_directories_the_pods_do_not_share(cli):
    earlier = str(TESTS / "config" / "data" / "seed_earlier_settings.yaml")
    r = cli("config", "explain", "--cluster-conf", earlier)
    assert r.returncode == 1, r.stdout + r.stderr
    assert ("    error: high-availability.storageDir = file:///opt/flink/flink_recovery: no volume is mounted there, "
            "so each pod writes its own disk; with 2 JobManagers") in r.stdout
    assert "    warning: state.checkpoints.dir = file:///flink-data/checkpoints: no volume is mounted there" in r.stdout
    r = cli("config", "explain", "--cluster-conf", SEED_DEPLOYMENT, "--json")
    assert r.returncode == 0
    doc = json.loads(r.stdout)
    assert not any("volume" in d["message"] for e in doc["entries"] for d in e["diagnostics"])


def test_explain_says_the_clusters_job_keys_do_not_reach_a_gateway_job(cli, tmp_path):
    conf = tmp_path / "flink-conf.yaml"
    conf.write_text("execution.target: remote\nexecution.checkpointing.interval: 10s\nparallelism.default: 4\n")
    r = cli("config", "explain", "--cluster-conf", str(conf), "--flink-version", "1.17", "--submitter", "gateway",
            "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    entries = {e["key"]: e for e in json.loads(r.stdout)["entries"]}
    assert entries["parallelism.default"]["value"] == "1" and entries["parallelism.default"]["is_default"]
    assert [h["value"] for h in entries["parallelism.default"]["history"]] == ["4"]
    assert any("does not reach the job: the SQL Gateway builds the job graph from its own configuration directory"
               in d["message"] for d in entries["parallelism.default"]["diagnostics"])
    r = cli("config", "explain", "--cluster-conf", str(conf), "--flink-version", "1.17", "--submitter", "jar")
    assert "does not reach the job" not in r.stdout


def test_explain_takes_the_version_from_the_resource_and_exits_1_on_errors(cli):
    r = cli("config", "explain", "-", "--cluster-conf", SEED_DEPLOYMENT,
            input="SET 'execution.state-recovery.claim-mode' = 'CLAIM';\nSET x.y = 1;\n")
    assert r.returncode == 1
    assert r.stdout.startswith("Flink 1.14 | ")
    assert "error: execution.state-recovery.claim-mode is not read by Flink 1.14" in r.stdout
    assert "warning: unknown key x.y" in r.stdout


def test_explain_json(cli):
    r = cli("config", "explain", SEED_SQL, "--flink-version", "2.2", "--set", "execution.checkpointing.dir=hdfs:///cp",
            "--set", "s3.secret-key=hunter2", "--json")
    assert r.returncode == 0, r.stdout
    doc = json.loads(r.stdout)
    assert doc["flink_version"] == "2.2"
    assert doc["errors"] == 0
    by_key = {e["key"]: e for e in doc["entries"]}
    e = by_key["execution.checkpointing.interval"]
    assert (e["value"], e["normalized"], e["type"], e["layer"], e["line"], e["column"]) == (
        "3000", "3 s", "duration", "script", 24, 180)
    assert [(h["value"], h["source"]) for h in e["history"]] == [("6000", SEED_SQL + ":5:5")]
    r2 = by_key["restart-strategy.type"]
    assert r2["status"] == "deprecated" and r2["written_key"] == "restart-strategy"
    assert r2["diagnostics"][0]["message"].startswith("restart-strategy is deprecated in Flink 2.2")
    assert by_key["execution.checkpointing.dir"]["source"] == "--set"
    assert by_key["s3.secret-key"]["value"] == "******"
    assert "hunter2" not in r.stdout


def test_explain_needs_a_version(cli, tmp_path):
    r = cli("config", "explain", SEED_SQL, env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert r.returncode == 2
    assert "say which Flink version" in r.stderr
    settings = tmp_path / "settings.ini"
    settings.write_text("[flink]\nversion = 1.18\n")
    r = cli("--settings", str(settings), "config", "explain", SEED_SQL, "--json")
    assert json.loads(r.stdout)["flink_version"] == "1.18"


def test_explain_bad_inputs(cli, tmp_path):
    broken = tmp_path / "config.yaml"
    broken.write_text("a: 1\nb: [1, 2\n")
    r = cli("config", "explain", "--cluster-conf", str(broken), "--flink-version", "2.2")
    assert r.returncode == 3
    assert "config.yaml:3:1:" in r.stderr
    r = cli("config", "explain", "--set", "novalue", "--flink-version", "2.2")
    assert r.returncode == 2 and "--set expects KEY=VALUE" in r.stderr
    r = cli("config", "explain", "--flink-version", "3.x")
    assert r.returncode == 2
    r = cli("config", "explain", "--cluster-conf", str(tmp_path / "missing.yaml"), "--flink-version", "2.2")
    assert r.returncode != 0 and "missing.yaml" in r.stderr


def test_render_formats(cli, tmp_path):
    args = ["config", "render", SEED_SQL, "--cluster-conf", SEED_DEPLOYMENT]
    r = cli(*args, "--to", "flink-conf")
    assert r.returncode == 0, r.stderr
    assert "state.checkpoints.num-retained: 20\n" in r.stdout  # the session cluster's
    assert "execution.checkpointing.interval: 3000\n" in r.stdout  # CDCSOURCE's 'checkpoint'
    r = cli(*args, "--to", "json", "--flink-version", "2.2")
    doc = json.loads(r.stdout)
    assert doc["execution.checkpointing.num-retained"] == "20"
    assert doc["state.backend.type"] == "rocksdb"
    out = tmp_path / "config.yaml"
    r = cli(*args, "--flink-version", "2.2", "-o", str(out))
    assert r.returncode == 0 and r.stdout == ""
    text = out.read_text()
    assert text.startswith("# Flink 2.2 configuration written by flowstate\n")
    assert "  checkpointing:\n" in text
    assert not (tmp_path / "config.yaml.tmp").exists()
    r = cli(*args, "--to", "xml")
    assert r.returncode == 2


def test_render_redacts_unless_asked(cli):
    base = ["config", "render", "--flink-version", "1.20", "--set", "security.ssl.keystore-password=hunter2", "--to", "json"]
    assert "hunter2" not in cli(*base).stdout
    assert "hunter2" in cli(*base, "--reveal-secrets").stdout


def test_options_and_check(cli):
    r = cli("config", "options", "state.checkpoints.num-retained", "--flink-version", "1.14")
    assert r.returncode == 0
    assert r.stdout.startswith("execution.checkpointing.num-retained  (integer)\n")
    assert "in Flink 1.14: state.checkpoints.num-retained, default 1" in r.stdout
    assert "    scope cluster: the JobMaster builds its checkpoint store from the cluster's configuration\n" in r.stdout
    r = cli("config", "options", "state.checkpoints.dir", "--flink-version", "1.14")
    assert "scope cluster before 1.14.3, job-over-cluster from 1.14.3 (the patch level decides)" in r.stdout
    r = cli("config", "options", "restart-strategy.fixed-delay.attempts", "--flink-version", "1.14", "--json")
    scope = json.loads(r.stdout)[0]["scope_in_version"]
    assert scope["scope"] == "job-over-cluster" and scope["condition"] == "restart-strategy"
    assert scope["edge"] is None and scope["scope_from_edge"] is None
    r = cli("config", "options", "--category", "restart", "--json")
    keys = [o["key"] for o in json.loads(r.stdout)]
    assert "restart-strategy.type" in keys and all(k.startswith("restart-strategy") for k in keys)
    assert cli("config", "options", "no.such.key").returncode == 4
    r = cli("config", "check", "execution.checkpointing.interval", "6000", "--flink-version", "1.14")
    assert (r.returncode, r.stdout) == (0, "6 s\n")
    r = cli("config", "check", "execution.checkpointing.interval", "1h30m", "--flink-version", "1.14")
    assert r.returncode == 1 and "combines units" in r.stderr
    r = cli("config", "check", "execution.state-recovery.claim-mode", "CLAIM", "--flink-version", "1.14")
    assert r.returncode == 14


def test_versions_outside_the_known_range_exit_14_with_the_range(cli, tmp_path):
    for args in (["config", "check", "parallelism.default", "4", "--flink-version", "1.9"],
                 ["config", "render", "--flink-version", "2.5"],
                 ["config", "options", "parallelism.default", "--flink-version", "1.99"],
                 ["storage", "latest", str(tmp_path), "--flink-version", "1.13"],
                 ["storage", "verify", str(tmp_path), "--flink-version", "2.4"]):
        r = cli(*args)
        assert r.returncode == 14, (args, r.stdout, r.stderr)
        assert "outside the versions flowstate knows (1.14 to 1.20, 2.0 to 2.3)" in r.stderr, (args, r.stderr)
    r = cli("config", "render", "--flink-version", "1.14.3", "--to", "json")
    assert r.returncode == 0, r.stderr



def test_explain_against_the_running_job(cli, tmp_path):
    """Both directions against the simulator: a script that sets the checkpoint interval and
    num-retained = 3, run as a jar in a session cluster that keeps 20. The job checkpoints at
    the script's interval, storage keeps 20, and `config explain --job` says the script's 3
    has no effect and matches the job's own answers on every other key."""
    import sys
    sys.path.insert(0, str(TESTS / "python"))
    from flink_sim_fixture import FlinkSim, http, run_jar, wait_for

    sim = FlinkSim(tmp_path / "state")
    try:
        c = sim.cluster("prod", "1.20", checkpoint_interval_ms=1000, num_retained=20,
                        retention="RETAIN_ON_CANCELLATION")
        conf = tmp_path / "flink-conf.yaml"
        conf.write_text("execution.target: remote\n"
                        "execution.checkpointing.dir: file://%s\n"
                        "execution.checkpointing.interval: 1 s\n"
                        "execution.checkpointing.num-retained: 20\n"
                        "execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION\n"
                        % c["checkpoint_dir"])
        script = tmp_path / "job.sql"
        script.write_text("SET 'execution.checkpointing.interval' = '30 ms';\n"
                          "SET 'execution.checkpointing.num-retained' = '3';\n")
        job = run_jar(c["url"], {"flinkConfiguration": {"execution.checkpointing.interval": "30 ms",
                                                         "execution.checkpointing.num-retained": "3"}})
        job_dir = Path(c["checkpoint_dir"]) / job
        wait_for(lambda: http("GET", c["url"] + "/jobs/%s/checkpoints" % job)[1]["counts"]["completed"] >= 24,
                 what="24 checkpoints")
        on_disk = [p for p in job_dir.iterdir() if p.name.startswith("chk-")]
        assert len(on_disk) >= 20, "storage keeps the cluster's 20, not the script's 3"

        settings = tmp_path / "settings.ini"
        settings.write_text('[cluster "prod"]\nurl = %s\n' % c["url"])
        env = {"FLOWSTATE_SETTINGS": str(settings)}
        # The version comes from the running cluster.
        args = ["config", "explain", str(script), "--cluster-conf", str(conf), "--deployment", "session",
                "--submitter", "jar", "--cluster", "prod", "--job", job]
        r = cli(*args, env=env)
        assert r.returncode == 0, r.stdout + r.stderr
        lines = r.stdout.splitlines()
        assert lines[0].startswith("Flink 1.20 | ")
        assert any(line.startswith("    3 from %s:2:6 - warning: no effect in a session cluster" % script)
                   for line in lines), r.stdout
        head = next(i for i, line in enumerate(lines) if line.startswith("Job %s on prod: " % job))
        assert lines[head].endswith("keys reported, 0 differ from the explanation"), lines[head]
        rows = lines[head + 2:]
        assert rows[0].split() == ["KEY", "EXPLAINED", "(SOURCE)", "REPORTED", "AGREEMENT"]
        interval = next(line for line in rows if line.startswith("execution.checkpointing.interval "))
        assert interval.split()[1:5] == ["30", "ms", "(%s:1:6)" % script, "30"], interval
        assert "same  [/jobs/%s/checkpoints/config]" % job in interval
        i = next(i for i, line in enumerate(rows) if line.startswith("execution.checkpointing.num-retained "))
        assert rows[i].split()[1:4] == ["20", "(%s:4)" % conf, "20"], rows[i]
        assert "same  [/jobmanager/config]" in rows[i]
        assert rows[i + 1].startswith("    ") and "completed checkpoints of the job on storage (file://%s)" % job_dir in rows[i + 1]

        r = cli(*args, "--json", env=env)
        assert r.returncode == 0, r.stderr
        running = json.loads(r.stdout)["running"]
        assert running["job_id"] == job and running["differ"] == 0
        assert 17 <= running["checkpoints_on_storage"] <= 21  # the job checkpoints on while storage is read
        by_key = {x["key"]: x for x in running["rows"]}
        assert by_key["execution.checkpointing.num-retained"]["agreement"] == "same"
        assert by_key["execution.checkpointing.interval"]["reported"] == "30 ms"
        reported = [x for x in running["rows"] if x["agreement"] != "not-reported"]
        assert len(reported) >= 9 and all(x["agreement"] == "same" for x in reported), reported

        # The other direction: explained from the script alone, the script's 3 looks as if it
        # applied; the running job says otherwise (exit code 1).
        r = cli("config", "explain", str(script), "--cluster", c["url"], "--job", job, "--no-storage")
        assert r.returncode == 1, r.stdout + r.stderr
        assert "differ from the explanation" in r.stdout and " 0 differ" not in r.stdout
        retained = next(line for line in r.stdout.splitlines()
                        if line.startswith("execution.checkpointing.num-retained ") and "DIFFERS" in line)
        assert retained.split()[1:4] == ["3", "(%s:2:6)" % script, "20"], retained

        # Failure paths: an unknown job, a cluster the settings do not name, --job alone.
        r = cli("config", "explain", str(script), "--cluster", c["url"], "--job", "0" * 32)
        assert r.returncode != 0 and "0" * 32 in r.stderr, r.stderr
        r = cli("config", "explain", str(script), "--cluster", "nowhere", "--job", job, env=env)
        assert r.returncode != 0 and "no cluster 'nowhere'" in r.stderr, r.stderr
        r = cli("config", "explain", str(script), "--job", job, "--flink-version", "1.20")
        assert r.returncode == 2 and "--cluster" in r.stderr, r.stderr
    finally:
        sim.close()
