"""The simulator is only as useful as it is faithful: its answers are checked against the
OpenAPI schemas of Flink 1.20 and 2.2 (the JobManager, and the SQL Gateway v1-v4) and
against the behaviour FACTS.md records where the specs are loose or wrong."""

import json
import os
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from flink_sim_fixture import FlinkSim, http, run_jar, wait_for  # noqa: E402

import yaml  # noqa: E402 - python3-yaml, installed by scripts/dev.sh

SPECS = Path(__file__).resolve().parents[1] / "flink" / "data" / "specs"

# Keys the wire carries and the specs leave out (FACTS.md): SerializedThrowable's class and
# stack trace; the gateway's real result keys.
UNDOCUMENTED = {"class", "stack-trace", "resultType", "isQueryResult", "resultKind", "results", "jobID",
                "nextResultUri", "columns", "data", "rowFormat"}


# Where Flink's wire differs from what its spec generator wrote (FACTS.md, section 10, and
# the serializers in Flink's source): JobConfigInfo has its own serializer writing jid, name
# and execution-config; CheckpointConfigInfo's ProcessingModeSerializer writes the mode in
# lower case.
WIRE_NAMES = {"JobConfigInfo": {"jid": "jobId", "name": "jobName", "execution-config": "executionConfigInfo"}}
LOWER_CASE_ENUMS = {"GET /jobs/{jobid}/checkpoints/config.mode"}


class Validator:
    def __init__(self, spec):
        self.spec = spec
        self.schemas = spec["components"]["schemas"]

    def resolve(self, s):
        while "$ref" in s:
            s = self.schemas[s["$ref"].rsplit("/", 1)[1]]
        return s

    def properties(self, schema):
        """Properties of a schema, those of its allOf parts included."""
        s = self.resolve(schema)
        out = {}
        for part in s.get("allOf", []):
            out.update(self.properties(part))
        out.update(s.get("properties", {}))
        return out

    def check(self, value, schema, where, problems):
        s = self.resolve(schema)
        for name, aliases in WIRE_NAMES.items():
            if s is self.schemas.get(name):
                props = dict(s.get("properties", {}))
                for wire, spec_name in aliases.items():
                    props[wire] = props.pop(spec_name)
                s = dict(s, properties=props)
        if "allOf" in s:
            s = dict(s, properties=self.properties(s), type="object")
        if value is None:
            return  # Flink's mapper writes nulls for absent optional fields
        if "discriminator" in s and isinstance(value, dict):
            name = value.get(s["discriminator"]["propertyName"])
            target = s["discriminator"]["mapping"].get(name)
            if target is None:
                problems.append("%s: discriminator %r not in %s" % (where, name, list(s["discriminator"]["mapping"])))
                return
            sub = self.schemas[target.rsplit("/", 1)[1]]
            merged = dict(s.get("properties", {}))
            merged.update(self.properties(sub))
            s = {"type": "object", "properties": merged, "required": s.get("required", [])}
        t = s.get("type")
        if where in LOWER_CASE_ENUMS and isinstance(value, str):
            if value != value.lower():
                problems.append("%s: %r is not in lower case, as Flink writes it" % (where, value))
            value = value.upper()
        if "enum" in s and value not in s["enum"]:
            problems.append("%s: %r not in %s" % (where, value, s["enum"]))
        if t == "object" or "properties" in s:
            if not isinstance(value, dict):
                problems.append("%s: expected an object, got %r" % (where, value))
                return
            for r in s.get("required", []):
                if r not in value:
                    problems.append("%s: required %s missing" % (where, r))
            props = s.get("properties", {})
            extra = s.get("additionalProperties")
            for k, v in value.items():
                if k in props:
                    self.check(v, props[k], "%s.%s" % (where, k), problems)
                elif isinstance(extra, dict):
                    self.check(v, extra, "%s.%s" % (where, k), problems)
                elif props and k not in UNDOCUMENTED:
                    problems.append("%s: %s is not in the spec" % (where, k))
        elif t == "array":
            if not isinstance(value, list):
                problems.append("%s: expected an array" % where)
                return
            for i, v in enumerate(value):
                self.check(v, s.get("items", {}), "%s[%d]" % (where, i), problems)
        elif t == "integer":
            if not isinstance(value, int) or isinstance(value, bool):
                problems.append("%s: expected an integer, got %r" % (where, value))
        elif t == "number":
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                problems.append("%s: expected a number, got %r" % (where, value))
        elif t == "string":
            if not isinstance(value, str):
                problems.append("%s: expected a string, got %r" % (where, value))
            elif "pattern" in s and not re.fullmatch(s["pattern"], value):
                problems.append("%s: %r does not match %s" % (where, value, s["pattern"]))
        elif t == "boolean":
            if not isinstance(value, bool):
                problems.append("%s: expected a boolean" % where)

    def response_schema(self, path, method, status):
        op = self.spec["paths"][path][method]
        content = op["responses"][str(status)].get("content")
        if not content:
            return None
        return content["application/json"]["schema"]


def spec_for(version, name):
    p = SPECS / ("flink-%s" % version) / name  # part of the checkout: missing is a failure
    return Validator(yaml.safe_load(p.read_text()))


@pytest.fixture
def sim(tmp_path):
    s = FlinkSim(tmp_path / "state")
    yield s
    s.close()


def upload_and_run(url, body):
    boundary = "b0undary"
    raw = ("--%s\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"cdc.jar\"\r\n"
           "Content-Type: application/x-java-archive\r\n\r\nPK\r\n--%s--\r\n" % (boundary, boundary)).encode()
    st, up, _ = http("POST", url + "/jars/upload", raw=raw, headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
    assert st == 200
    jar = up["filename"].rsplit("/", 1)[1]
    st, run, raw = http("POST", url + "/jars/%s/run" % jar, body)
    return st, run, jar, up


@pytest.mark.parametrize("version", ["1.20", "2.2"])
def test_jobmanager_answers_match_the_spec(sim, version):
    v = spec_for(version, "rest_v1_dispatcher.yml")
    c = sim.cluster("c", version, checkpoint_interval_ms=40, num_retained=1)
    url = c["url"]
    problems = []

    def get(spec_path, path, method="get", status=200, body=None):
        st, obj, raw = http(method.upper(), url + path, body)
        assert st == status, (path, st, raw)
        schema = v.response_schema(spec_path, method, status)
        if schema is not None:
            v.check(obj, schema, "%s %s" % (method.upper(), spec_path), problems)
        return obj

    sim.insert("s", 5)
    st, run, jar, up = upload_and_run(url, {"programArgsList": ["--source", "s"]})
    assert st == 200
    v.check(up, v.response_schema("/jars/upload", "post", 200), "POST /jars/upload", problems)
    v.check(run, v.response_schema("/jars/{jarid}/run", "post", 200), "POST /jars/run", problems)
    job = run["jobid"]
    wait_for(lambda: http("GET", url + "/jobs/%s/status" % job)[1]["status"] == "RUNNING", what="RUNNING")
    wait_for(lambda: http("GET", url + "/jobs/%s/checkpoints" % job)[1]["counts"]["completed"] >= 3, what="cps")
    get("/config", "/config")
    get("/overview", "/overview")
    get("/jobs", "/jobs")
    get("/jobs/overview", "/jobs/overview")
    get("/jobs/{jobid}", "/jobs/%s" % job)
    get("/jobs/{jobid}/status", "/jobs/%s/status" % job)
    get("/jobs/{jobid}/checkpoints", "/jobs/%s/checkpoints" % job)
    get("/jobs/{jobid}/checkpoints/config", "/jobs/%s/checkpoints/config" % job)
    get("/jobs/{jobid}/config", "/jobs/%s/config" % job)
    get("/jobmanager/config", "/jobmanager/config")
    get("/jars", "/jars")
    tid = get("/jobs/{jobid}/savepoints", "/jobs/%s/savepoints" % job, "post", 202, {"formatType": "NATIVE"})["request-id"]
    wait_for(lambda: http("GET", url + "/jobs/%s/savepoints/%s" % (job, tid))[1]["status"]["id"] == "COMPLETED", what="sp")
    get("/jobs/{jobid}/savepoints/{triggerid}", "/jobs/%s/savepoints/%s" % (job, tid))
    sim.faults("c", fail_savepoints=1)
    tid = get("/jobs/{jobid}/savepoints", "/jobs/%s/savepoints" % job, "post", 202, {})["request-id"]
    wait_for(lambda: http("GET", url + "/jobs/%s/savepoints/%s" % (job, tid))[1]["status"]["id"] == "COMPLETED", what="sp")
    failed = get("/jobs/{jobid}/savepoints/{triggerid}", "/jobs/%s/savepoints/%s" % (job, tid))
    assert set(failed["operation"]["failure-cause"]) == {"class", "stack-trace", "serialized-throwable"}
    cps = get("/jobs/{jobid}/checkpoints", "/jobs/%s/checkpoints" % job)
    cid = cps["latest"]["completed"]["id"]
    get("/jobs/{jobid}/checkpoints/details/{checkpointid}", "/jobs/%s/checkpoints/details/%d" % (job, cid))
    sim.fail("c", job)
    get("/jobs/{jobid}/exceptions", "/jobs/%s/exceptions" % job)
    assert problems == [], "\n".join(problems)


def test_facts_the_specs_do_not_show(sim):
    new = sim.cluster("new", "1.20")
    old = sim.cluster("old", "1.19")
    oldest = sim.cluster("oldest", "1.14")
    sim.insert("s", 1)
    job = upload_and_run(new["url"], {"programArgsList": ["--source", "s"]})[1]["jobid"]
    # 1.20 ignores unknown fields; 1.14-1.19 answer 400.
    st, _, _ = http("POST", new["url"] + "/jobs/%s/savepoints" % job, {"no-such-field": 1})
    assert st == 202
    for c in (old, oldest):
        st, body, _ = http("POST", c["url"] + "/jobs/%s/savepoints" % job, {"no-such-field": 1})
        assert st == 400 and "Request did not match expected format" in body["errors"][0]
    st, body, _ = http("POST", oldest["url"] + "/jobs/%s/savepoints" % job, {"formatType": "CANONICAL"})
    assert st == 400, "formatType came with 1.15"
    st, body, _ = http("POST", old["url"] + "/jars/x.jar/run", {"claimMode": "CLAIM"})
    assert st == 400, "claimMode came with 1.20"
    st, body, _ = http("POST", new["url"] + "/jars/x.jar/run", {"claimMode": "claim"})
    assert st == 400 and "JarRunRequestBody" in body["errors"][0], "an enum takes its constants' names only"
    st, body, _ = http("POST", old["url"] + "/jars/x.jar/run", {"restoreMode": "KEEP"})
    assert st == 400
    # Errors carry whole stack traces; unknown URLs a short message.
    st, body, _ = http("GET", new["url"] + "/jobs/c0000000000000000000000000000001")
    assert st == 404 and "NotFoundException: Job c0000000000000000000000000000001 not found\n\tat " in body["errors"][0]
    st, body, _ = http("GET", new["url"] + "/no/such/thing")
    assert (st, body) == (404, {"errors": ["Not found: /no/such/thing"]})
    # Unknown trigger ids: 404 with Flink's message; /v1 prefix works too.
    st, body, _ = http("GET", new["url"] + "/v1/jobs/%s/savepoints/%s" % (job, "d" * 32))
    assert st == 404 and "There is no savepoint operation with triggerId=" in body["errors"][0]
    # /status came with 1.16.
    st, _, _ = http("GET", oldest["url"] + "/jobs/%s/status" % job)
    assert st == 404
    # mode=stop is gone: 308.
    st, _, _ = http("PATCH", new["url"] + "/jobs/%s?mode=stop" % job)
    assert st == 308
    # Gateway versions per Flink version; v2+ needs rowFormat.
    assert http("GET", new["gateway_url"] + "/api_versions")[1] == {"versions": ["V1", "V2", "V3"]}
    st, s, _ = http("POST", new["gateway_url"] + "/v3/sessions", {})
    sh = s["sessionHandle"]
    st, op, _ = http("POST", new["gateway_url"] + "/v3/sessions/%s/statements" % sh, {"statement": "SELECT 1"})
    wait_for(lambda: http("GET", new["gateway_url"] + "/v3/sessions/%s/operations/%s/status" % (sh, op["operationHandle"]))[1]["status"] == "FINISHED", what="op")
    st, _, _ = http("GET", new["gateway_url"] + "/v3/sessions/%s/operations/%s/result/0" % (sh, op["operationHandle"]))
    assert st == 400
    assert old["gateway_url"] and not oldest["gateway_url"], "the SQL Gateway came with 1.16"


@pytest.mark.parametrize("version,api", [("1.20", 3), ("2.2", 4)])
def test_gateway_answers_match_the_spec(sim, version, api):
    v = spec_for(version, "rest_v%d_sql_gateway.yml" % api)
    c = sim.cluster("g", version)
    g = c["gateway_url"]
    problems = []

    def call(spec_path, method, path, body=None):
        st, obj, raw = http(method.upper(), g + "/v%d" % api + path, body)
        assert st == 200, (path, raw)
        schema = v.response_schema(spec_path, method, 200)
        if schema is not None:
            v.check(obj, schema, "%s %s" % (method.upper(), spec_path), problems)
        return obj

    sh = call("/sessions", "post", "/sessions", {"sessionName": "x", "properties": {}})["sessionHandle"]
    call("/sessions/{session_handle}", "get", "/sessions/%s" % sh)
    call("/sessions/{session_handle}/heartbeat", "post", "/sessions/%s/heartbeat" % sh)
    oh = call("/sessions/{session_handle}/statements", "post", "/sessions/%s/statements" % sh,
              {"statement": "INSERT INTO t SELECT * FROM s"})["operationHandle"]
    wait_for(lambda: http("GET", g + "/v%d/sessions/%s/operations/%s/status" % (api, sh, oh))[1]["status"] == "FINISHED", what="op")
    call("/sessions/{session_handle}/operations/{operation_handle}/status", "get",
         "/sessions/%s/operations/%s/status" % (sh, oh))
    st, page, _ = http("GET", g + "/v%d/sessions/%s/operations/%s/result/0?rowFormat=JSON" % (api, sh, oh))
    # The wire's keys, not the spec's (FACTS.md section 3).
    assert set(page) >= {"resultType", "isQueryResult", "resultKind", "results", "nextResultUri", "jobID"}
    assert page["results"]["columns"][0]["name"] == "job id"
    call("/sessions/{session_handle}", "delete", "/sessions/%s" % sh)
    assert problems == [], "\n".join(problems)


def test_options_follow_where_flink_reads_them(sim, tmp_path):
    # A session cluster keeping 20 checkpoints, checkpointing every second by its file. A job
    # that sets its own interval, mode, retention, parallelism and num-retained = 3 gets the
    # first four; the JobMaster keeps the cluster's 20.
    c = sim.cluster("c", "1.20", checkpoint_interval_ms=1000, num_retained=20, slots=4,
                    checkpoint_dir=str(tmp_path / "cp"), configuration={"parallelism.default": "3"})
    sim.insert("s", 1)
    conf = {"execution.checkpointing.interval": "20 ms", "execution.checkpointing.num-retained": "3",
            "execution.checkpointing.mode": "AT_LEAST_ONCE", "parallelism.default": "2",
            "execution.checkpointing.externalized-checkpoint-retention": "DELETE_ON_CANCELLATION"}
    st, run, _, _ = upload_and_run(c["url"], {"programArgsList": ["--source", "s"], "flinkConfiguration": conf})
    assert st == 200, run
    job = run["jobid"]
    wait_for(lambda: http("GET", c["url"] + "/jobs/%s/checkpoints" % job)[1]["counts"]["completed"] >= 8,
             what="8 checkpoints at the job's interval")
    cfg = http("GET", c["url"] + "/jobs/%s/checkpoints/config" % job)[1]
    assert (cfg["interval"], cfg["mode"]) == (20, "at_least_once")
    assert cfg["externalization"] == {"enabled": True, "delete_on_cancellation": True}
    kept = [d for d in os.listdir(tmp_path / "cp" / job) if d.startswith("chk-")]
    assert len(kept) >= 8, kept  # num-retained 20, not the job's 3
    jm = {e["key"]: e["value"] for e in http("GET", c["url"] + "/jobmanager/config")[1]}
    assert jm["execution.checkpointing.num-retained"] == "20"
    assert jm["taskmanager.numberOfTaskSlots"] == "4"
    assert jm["execution.checkpointing.interval"] == "1000 ms"
    info = http("GET", c["url"] + "/jobs/%s/config" % job)[1]
    assert info["jid"] == job and info["execution-config"]["job-parallelism"] == 2
    assert info["execution-config"]["user-config"] == {}
    # A job that sets nothing gets the cluster file's interval, mode and parallelism.
    st, run, _, _ = upload_and_run(c["url"], {"programArgsList": ["--source", "s"]})
    plain = run["jobid"]
    wait_for(lambda: http("GET", c["url"] + "/jobs/%s/status" % plain)[1]["status"] == "RUNNING", what="RUNNING")
    cfg = http("GET", c["url"] + "/jobs/%s/checkpoints/config" % plain)[1]
    assert (cfg["interval"], cfg["mode"]) == (1000, "exactly_once")
    assert http("GET", c["url"] + "/jobs/%s/config" % plain)[1]["execution-config"]["job-parallelism"] == 3
    # Through the SQL Gateway: the session's SETs are the job's configuration.
    st, s, _ = http("POST", c["gateway_url"] + "/v3/sessions", {})
    sh = s["sessionHandle"]

    def run_sql(text):
        st, op, raw = http("POST", c["gateway_url"] + "/v3/sessions/%s/statements" % sh, {"statement": text})
        assert st == 200, raw
        oh = op["operationHandle"]
        wait_for(lambda: http("GET", c["gateway_url"] + "/v3/sessions/%s/operations/%s/status" % (sh, oh))[1]
                 ["status"] in ("FINISHED", "ERROR"), what="statement")
        return http("GET", c["gateway_url"] + "/v3/sessions/%s/operations/%s/result/0?rowFormat=JSON" % (sh, oh))[1]

    run_sql("SET 'execution.checkpointing.interval' = '30 ms'")
    run_sql("SET 'state.checkpoints.num-retained' = '1'")
    res = run_sql("INSERT INTO sink SELECT * FROM s")
    sql_job = res["results"]["data"][0]["fields"][0]
    wait_for(lambda: http("GET", c["url"] + "/jobs/%s/checkpoints" % sql_job)[1]["counts"]["completed"] >= 3,
             what="checkpoints of the SQL job")
    assert http("GET", c["url"] + "/jobs/%s/checkpoints/config" % sql_job)[1]["interval"] == 30
    assert len([d for d in os.listdir(tmp_path / "cp" / sql_job) if d.startswith("chk-")]) >= 3
    # A job without an interval anywhere does not checkpoint.
    quiet = sim.cluster("quiet", "1.20", checkpointing=False)
    st, run, _, _ = upload_and_run(quiet["url"], {"programArgsList": ["--source", "s"]})
    st, body, _ = http("GET", quiet["url"] + "/jobs/%s/checkpoints/config" % run["jobid"])
    assert st == 404


CDC_SCRIPT = ("SET execution.checkpointing.interval = 100;\n"
              "EXECUTE CDCSOURCE cdc WITH ('connector' = 'mysql-cdc', 'hostname' = 'db', 'port' = '3306',\n"
              "  'username' = 'root', 'password' = '%s', 'table-name' = 'emp_1\\.employees_[0-9]+',\n"
              "  'sink.connector' = 'print',)\n")


def runner_args(script):
    import base64
    return ["--script-base64", base64.b64encode(script.encode()).decode(), "--config-json", "{}"]


def test_the_runner_runs_a_cdcsource_script_and_rejects_duplicate_job_ids(sim):
    c = sim.cluster("runner", "1.14")
    sim.insert("emp_1.employees_1", 2)
    sim.insert("emp_1.employees_2", 1)
    sim.insert("emp_2.employees_1", 5)  # not matched by the pattern
    jid = "c0ffee00000000000000000000000001"
    job = run_jar(c["url"], {"programArgsList": runner_args(CDC_SCRIPT % "pw"), "jobId": jid}, wait_running=False)
    assert job == jid
    run = wait_for(lambda: [r for r in sim.runs() if r["job_id"] == jid and r["position"] == 3], what="3 rows")[0]
    assert run["name"] == "cdc" and run["start_position"] == 0
    # The same job id again: refused as Flink's Dispatcher refuses it, the cause in the trace.
    boundary = "b"
    raw = ("--b\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"r.jar\"\r\n\r\nPK\r\n--b--\r\n").encode()
    _, up, _ = http("POST", c["url"] + "/jars/upload", raw=raw,
                    headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
    jar = up["filename"].rsplit("/", 1)[1]
    status, body, _ = http("POST", c["url"] + "/jars/%s/run" % jar,
                           {"programArgsList": runner_args(CDC_SCRIPT % "pw"), "jobId": jid})
    assert status == 400
    assert body["errors"][0].startswith("org.apache.flink.runtime.rest.handler.RestHandlerException: "
                                        "Could not execute application.")
    assert "Caused by: org.apache.flink.runtime.client.DuplicateJobSubmissionException: Job has already been " \
           "submitted." in body["errors"][0]
    assert http("GET", c["url"] + "/jobs/%s" % jid)[1]["state"] == "RUNNING"  # the first one runs on


def test_the_runner_fails_as_mysql_cdc_on_wrong_or_unresolved_credentials(sim):
    c = sim.cluster("creds", "1.20")
    sim.ctl("POST", "/mysql/users", {"root": "right"})
    boundary = "b"
    raw = ("--b\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"r.jar\"\r\n\r\nPK\r\n--b--\r\n").encode()
    _, up, _ = http("POST", c["url"] + "/jars/upload", raw=raw,
                    headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
    jar = up["filename"].rsplit("/", 1)[1]
    for password in ("wrong", "${secret:emp_1.password}"):
        status, body, _ = http("POST", c["url"] + "/jars/%s/run" % jar,
                               {"programArgsList": runner_args(CDC_SCRIPT % password)})
        assert status == 400
        assert "Access denied for user 'root'" in body["errors"][0]
    # A mysql-cdc table connects once the job runs: the job fails then.
    table = ("CREATE TABLE src (id INT) WITH ('connector' = 'mysql-cdc', 'hostname' = 'db', 'username' = 'root',"
             " 'password' = 'wrong', 'database-name' = 'emp_1', 'table-name' = 'employees_1');\n"
             "INSERT INTO out SELECT * FROM src;\n")
    status, body, _ = http("POST", c["url"] + "/jars/%s/run" % jar, {"programArgsList": runner_args(table)})
    assert status == 200, body
    job = body["jobid"]
    wait_for(lambda: http("GET", c["url"] + "/jobs/%s/status" % job)[1]["status"] == "FAILED", what="FAILED")
    _, ex, _ = http("GET", c["url"] + "/jobs/%s/exceptions" % job)
    assert "Access denied" in json.dumps(ex)
    sim.ctl("POST", "/mysql/users", {})


def metadata_files(job_dir):
    out = {}
    for d in sorted(os.listdir(job_dir)):
        if d.startswith("chk-"):
            out[d] = sorted(os.listdir(os.path.join(job_dir, d)))
    return out


@pytest.mark.parametrize("version", ["1.14", "1.15"])
def test_a_jobmanager_dying_mid_write_leaves_what_the_version_leaves(sim, version):
    c = sim.cluster("torn", version, checkpointing=False)
    sim.insert("t", 3)
    job = upload_and_run(c["url"], {"programArgsList": ["--source", "t"]})[1]["jobid"]
    wait_for(lambda: http("GET", c["url"] + "/jobs/%s" % job)[1]["state"] == "RUNNING", what="RUNNING")
    first = sim.checkpoint("torn", job)
    assert first["complete"]
    job_dir = os.path.join(c["checkpoint_dir"], job)
    whole = os.path.getsize(os.path.join(job_dir, "chk-%d" % first["id"], "_metadata"))
    sim.faults("torn", torn_metadata=1)
    second = sim.checkpoint("torn", job)
    assert not second["complete"]
    files = metadata_files(job_dir)["chk-%d" % second["id"]]
    if version == "1.14":
        # Written in place: the truncated file is named _metadata.
        assert files == ["_metadata"]
        size = os.path.getsize(os.path.join(job_dir, "chk-%d" % second["id"], "_metadata"))
        assert 0 < size < whole
    else:
        assert len(files) == 1 and files[0].startswith("._metadata.inprogress.")
    # The JobManager is gone with its jobs; storage stays.
    wait_for(lambda: "torn" not in [x["name"] for x in sim.ctl("GET", "/clusters")["clusters"]], what="gone")
    assert [r["status"] for r in sim.runs() if r["job_id"] == job] == ["LOST"]
    assert os.path.exists(os.path.join(job_dir, "chk-%d" % first["id"], "_metadata"))


def test_operation_results_expire_after_the_store_duration(sim):
    c = sim.cluster("cache", "1.20", async_store_ms=300)
    assert http("GET", c["url"] + "/jobmanager/config")[1] and any(
        e["key"] == "rest.async.store-duration" and e["value"] == "300 ms"
        for e in http("GET", c["url"] + "/jobmanager/config")[1])
    sim.insert("c", 1)
    job = upload_and_run(c["url"], {"programArgsList": ["--source", "c"]})[1]["jobid"]
    wait_for(lambda: http("GET", c["url"] + "/jobs/%s" % job)[1]["state"] == "RUNNING", what="RUNNING")
    tid = "ab" * 16
    sim.faults("cache", savepoint_ms=600)
    assert http("POST", c["url"] + "/jobs/%s/savepoints" % job, {"triggerId": tid})[0] == 202
    url = c["url"] + "/jobs/%s/savepoints/%s" % (job, tid)
    import time
    time.sleep(0.45)  # in progress longer than the store duration: still known
    assert http("GET", url)[1]["status"]["id"] == "IN_PROGRESS"
    done = wait_for(lambda: http("GET", url)[1]["status"]["id"] == "COMPLETED" and http("GET", url)[1], what="done")
    assert done["operation"]["location"].startswith("file:")
    st, body, _ = wait_for(lambda: http("GET", url)[0] == 404 and http("GET", url), what="forgotten")
    assert "There is no savepoint operation with triggerId=%s for job %s." % (tid, job) in body["errors"][0]
    # The savepoint itself is in the statistics and on storage.
    stats = http("GET", c["url"] + "/jobs/%s/checkpoints" % job)[1]
    assert stats["latest"]["savepoint"]["external_path"] == done["operation"]["location"]


def test_a_jobmanager_failover_forgets_operations_and_recovers_jobs(sim):
    c = sim.cluster("ha", "1.20", checkpoint_interval_ms=600000)
    sim.insert("h", 2)
    job = upload_and_run(c["url"], {"programArgsList": ["--source", "h"]})[1]["jobid"]
    wait_for(lambda: http("GET", c["url"] + "/jobs/%s" % job)[1]["state"] == "RUNNING", what="RUNNING")
    chk = sim.checkpoint("ha", job)
    sim.faults("ha", savepoint_ms=400)
    tid = "cd" * 16
    assert http("POST", c["url"] + "/jobs/%s/savepoints" % job, {"triggerId": tid})[0] == 202
    assert sim.ctl("POST", "/clusters/ha/failover", {})["ha"] is True
    st, body, _ = http("GET", c["url"] + "/jobs/%s/savepoints/%s" % (job, tid))
    assert st == 404 and "There is no savepoint operation" in body["errors"][0]
    # The job is recovered from its latest checkpoint, with statistics that begin there.
    assert http("GET", c["url"] + "/jobs/%s" % job)[1]["state"] in ("INITIALIZING", "CREATED", "RUNNING")
    wait_for(lambda: http("GET", c["url"] + "/jobs/%s" % job)[1]["state"] == "RUNNING", what="RUNNING again")
    stats = http("GET", c["url"] + "/jobs/%s/checkpoints" % job)[1]
    assert stats["history"] == [] and stats["latest"]["restored"]["id"] == chk["id"]
    import time
    time.sleep(0.6)  # the aborted savepoint is never written
    assert not os.path.exists(c["savepoint_dir"]) or os.listdir(c["savepoint_dir"]) == []
    # Without high availability the jobs are gone.
    sim.ctl("POST", "/clusters/ha/failover", {"ha": False})
    assert http("GET", c["url"] + "/jobs/%s" % job)[0] == 404
