"""Starts flowstate's Flink cluster simulator (sim/flink_sim.py) for a test and drives its
control API."""

import json
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

SIM = Path(__file__).resolve().parents[2] / "sim" / "flink_sim.py"


def http(method, url, body=None, headers=None, raw=None):
    """(status, parsed JSON or None, raw body) of one request."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None and "Content-Type" not in (headers or {}):
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            text = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        text = e.read()
        status = e.code
    try:
        parsed = json.loads(text) if text else None
    except ValueError:
        parsed = None
    return status, parsed, text


class FlinkSim:
    def __init__(self, state_dir):
        self.state_dir = Path(state_dir)
        self.proc = subprocess.Popen(["/usr/bin/python3", str(SIM), "--state-dir", str(state_dir)],
                                     stdout=subprocess.PIPE, text=True)
        self.control = "http://127.0.0.1:%d" % json.loads(self.proc.stdout.readline())["control"]

    def ctl(self, method, path, body=None):
        status, parsed, raw = http(method, self.control + path, body if body is not None else ({} if method == "POST" else None))
        assert status == 200, (path, status, raw)
        return parsed

    def cluster(self, name="prod", version="1.20", **spec):
        spec.update(name=name, version=version)
        return self.ctl("POST", "/clusters", spec)

    def kill(self, name):
        return self.ctl("DELETE", "/clusters/" + name)

    def faults(self, name, **faults):
        return self.ctl("POST", "/clusters/%s/faults" % name, faults)

    def insert(self, table, count):
        return self.ctl("POST", "/sources/%s/rows" % table, {"count": count})["total"]

    def checkpoint(self, name, job_id):
        return self.ctl("POST", "/clusters/%s/jobs/%s/checkpoint" % (name, job_id))

    def fail(self, name, job_id, reason="simulated failure"):
        return self.ctl("POST", "/clusters/%s/jobs/%s/fail" % (name, job_id), {"reason": reason})

    def runs(self):
        return self.ctl("GET", "/runs")["runs"]

    def close(self):
        self.proc.kill()
        self.proc.wait()


def wait_for(predicate, timeout=10.0, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


def run_jar(url, body, wait_running=True):
    """Uploads a jar to the JobManager at `url` over its own REST API (multipart, as Flink's
    client does) and runs it with the run request `body`; the job id, once RUNNING."""
    boundary = "b0undary"
    raw = ("--%s\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"cdc.jar\"\r\n"
           "Content-Type: application/x-java-archive\r\n\r\nPK\r\n--%s--\r\n" % (boundary, boundary)).encode()
    _, up, _ = http("POST", url + "/jars/upload", raw=raw, headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
    jar = up["filename"].rsplit("/", 1)[1]
    _, run, _ = http("POST", url + "/jars/%s/run" % jar, body)
    job = run["jobid"]
    if wait_running:
        wait_for(lambda: http("GET", url + "/jobs/%s/status" % job)[1]["status"] == "RUNNING", what="RUNNING")
    return job
