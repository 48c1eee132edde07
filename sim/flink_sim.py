#!/usr/bin/env python3
"""flowstate's Flink cluster simulator: any number of simulated Flink clusters in one process,
each with a JobManager REST endpoint and (Flink 1.16 and later) a SQL Gateway endpoint on its
own loopback port, answering as the Flink version it is given answers.

Built from Flink's REST specs (rest_v1_dispatcher.yml, rest_v{1,2,3,4}_sql_gateway.yml) and
the behaviour the specs leave out: error bodies carrying whole stack traces, `/stop` taking
`targetDirectory` while `/savepoints` takes `target-directory`, asynchronous results kept for
5 minutes and then 404, Flink 1.14-1.19 answering 400 to JSON fields they do not know, the
SQL Gateway's real result keys, `STOP JOB` without `WITH SAVEPOINT` cancelling.

Jobs move as Flink's do (INITIALIZING -> CREATED -> RUNNING; cancel -> CANCELLING ->
CANCELED; stop with savepoint -> FINISHED; FAILED once restarts run out) and write periodic
checkpoints to a real directory tree laid out as Flink lays it out (<dir>/<job id>/chk-N/
_metadata with a valid header and body, shared/, taskowned/, num-retained, kept on cancel
with RETAIN_ON_CANCELLATION, deleted on finish) and savepoints as
savepoint-<job id[:6]>-<12 hex>/_metadata. Each job reads a simulated CDC source table; its
read position lives in every snapshot it writes, so a job restored from a snapshot resumes
exactly there. Killing a cluster loses everything but storage.

A jar run of flowstate's runner (--script-base64 / --script and --config-json in its
arguments) runs the SQL script it is given: see run_runner().

Options follow where Flink reads them: the cluster's configuration (checkpoint_interval_ms,
num_retained, retention, the directories, slots and `configuration`, served by
/jobmanager/config) is the base a job's graph is built from; a job's own configuration (a jar
run's flinkConfiguration, the SQL Gateway session's SETs) sets its checkpoint interval, mode,
externalized retention and parallelism over it (/jobs/ID/checkpoints/config, /jobs/ID/config
answer those); num-retained and slots are the cluster's whatever a job sets.

Start:  flink_sim.py --state-dir DIR [--control-port N]
It prints one JSON line, {"control": PORT}, and serves on 127.0.0.1 until killed.

Control API (JSON, on the control port):
  POST   /clusters        {"name": "prod", "version": "1.20", "checkpoint_interval_ms": 200,
                           "num_retained": 1, "retention": "RETAIN_ON_CANCELLATION",
                           "checkpoint_dir": DIR, "savepoint_dir": DIR, "restart_attempts": 0,
                           "startup_ms": 30, "checkpointing": true, "token": null,
                           "slots": 1, "configuration": {KEY: VALUE},
                           "async_store_ms": 300000,   (rest.async.store-duration)
                           "time_scale": 1.0,   (a job's own checkpoint interval x this)
                           "tls_cert": PEM, "tls_key": PEM}   (HTTPS when given)
                          -> {"name", "version", "url", "rest_port", "gateway_url",
                              "gateway_port", "checkpoint_dir", "savepoint_dir"}
  GET    /clusters        -> {"clusters": [...]}
  DELETE /clusters/NAME   kill the cluster: its servers and jobs are gone, storage stays
  POST   /clusters/NAME/faults  {"fail_savepoints": n, "slow": n, "delay_ms": d,
                                 "errors": n, "status": 503, "drop": n,
                                 "drop_answer": n, "only": REGEX}   (counts of the next
                                 savepoints / requests they apply to; drop_answer: the
                                 request takes effect, its answer is lost; only: the
                                 requests "METHOD /path" that match, after "skip": n of them
                                 passed), {"savepoint_ms": d}
                                 (savepoints take that long); {"torn_metadata": n} (the
                                 JobManager dies half-way through writing the next n
                                 _metadata files: truncated in place up to 1.14, an
                                 in-progress file later); {} clears them
  POST   /clusters/NAME/failover  {"ha": true}  the JobManager fails over: its operations
                                 are forgotten (404), savepoints in progress aborted; with
                                 HA its running jobs recover from their latest checkpoint,
                                 without they are gone  POST   /clusters/NAME/jobs/JOBID/checkpoint   take a checkpoint now -> {"id", "path",
                                                 "complete"}
  POST   /clusters/NAME/checkpoints             a checkpoint of every running job -> {"count"}
  POST   /clusters/NAME/jobs/JOBID/fail         fail the job (it restarts while attempts last)
  POST   /clusters/NAME/jobs   {"count": n, "source": T, "name": N, "checkpointing": false
                               | "manual" (only the control API's checkpoints)}
                               n RUNNING jobs at once (benchmarks, demos) -> {"job_ids"}
  POST   /sources/TABLE/rows   {"count": n}  insert n rows -> {"total": t}  (TABLE: db.table)
  POST   /mysql/users          {USER: PASSWORD}  the credentials MySQL accepts ({}: any)
  GET    /sources/TABLE        -> {"total": t}
  GET    /runs                 -> {"runs": [{"cluster", "job_id", "name", "source",
                                 "start_position", "position", "restored_from", "status"}]}
  GET    /health               -> {"ok": true}
"""

import argparse
import base64
import json
import os
import re
import secrets
import shutil
import socket
import ssl
import struct
import threading
import time
import traceback
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.RLock()
SOURCES = {}  # table -> rows inserted so far (a CDC source: an append-only binlog)
CLUSTERS = {}  # name -> Cluster
RUNS = []  # every job ever started: dicts shared with the jobs
STATE_DIR = "."
ASYNC_KEEP_MS = 300000  # rest.async.store-duration's default (5 min)

TERMINAL = ("FAILED", "CANCELED", "FINISHED")


def parse_duration_ms(text):
    """A Flink duration (TimeUtils.parseDuration): a number and an optional unit, ms by default."""
    m = re.fullmatch(r"\s*(\d+)\s*([a-zA-Z]*)\s*", str(text))
    if not m:
        raise ValueError("Could not parse value '%s' for key 'execution.checkpointing.interval'." % text)
    units = {"": 1, "ms": 1, "milli": 1, "millis": 1, "millisecond": 1, "milliseconds": 1,
             "s": 1000, "sec": 1000, "secs": 1000, "second": 1000, "seconds": 1000,
             "m": 60000, "min": 60000, "mins": 60000, "minute": 60000, "minutes": 60000,
             "h": 3600000, "hour": 3600000, "hours": 3600000, "d": 86400000, "day": 86400000, "days": 86400000}
    unit = m.group(2).lower()
    if unit not in units:
        raise ValueError("Could not parse value '%s' for key 'execution.checkpointing.interval'." % text)
    return int(m.group(1)) * units[unit]


def source_rows(source):
    """Rows of a CDC source so far: one table, or every table a pattern matches, as mysql-cdc
    reads 'database\\.table' regular expressions."""
    if source in SOURCES:
        return SOURCES[source]
    try:
        pattern = re.compile(source)
    except re.error:
        return 0
    return sum(n for table, n in SOURCES.items() if pattern.fullmatch(table))


def now_ms():
    return int(time.time() * 1000)


def hex32():
    return secrets.token_hex(16)


def parse_version(v):
    parts = str(v).split(".")
    return int(parts[0]), int(parts[1]) if len(parts) > 1 else 0


# ---- _metadata as Flink writes it -----------------------------------------------------------

CHECKPOINT_TRAILER = bytes.fromhex(
    "aced0005737200386f72672e6170616368652e666c696e6b2e72756e74696d652e636865636b706f696e742e43686563"
    "6b706f696e7450726f7065727469657300000000000000020200085a00106469736361726443616e63656c6c65645a00"
    "0d646973636172644661696c65645a000f6469736361726446696e69736865645a000f6469736361726453756273756d"
    "65645a00106469736361726453757370656e6465645a0006666f726365645a0009756e636c61696d65644c000e636865"
    "636b706f696e74547970657400324c6f72672f6170616368652f666c696e6b2f72756e74696d652f636865636b706f69"
    "6e742f536e617073686f74547970653b787001010101010000737200326f72672e6170616368652e666c696e6b2e7275"
    "6e74696d652e636865636b706f696e742e436865636b706f696e7454797065d6de4f0305ae1d3a0200024c00046e616d"
    "657400124c6a6176612f6c616e672f537472696e673b4c001473686172696e6746696c65735374726174656779740047"
    "4c6f72672f6170616368652f666c696e6b2f72756e74696d652f636865636b706f696e742f536e617073686f74547970"
    "652453686172696e6746696c657353747261746567793b787074000a436865636b706f696e747e7200456f72672e6170"
    "616368652e666c696e6b2e72756e74696d652e636865636b706f696e742e536e617073686f74547970652453686172696e"
    "6746696c6573537472617465677900000000000000001200007872000e6a6176612e6c616e672e456e756d00000000"
    "000000001200007870740010464f52574152445f4241434b57415244"
)
SAVEPOINT_TRAILER = bytes.fromhex(
    "aced0005737200386f72672e6170616368652e666c696e6b2e72756e74696d652e636865636b706f696e742e43686563"
    "6b706f696e7450726f7065727469657300000000000000020200085a00106469736361726443616e63656c6c65645a00"
    "0d646973636172644661696c65645a000f6469736361726446696e69736865645a000f6469736361726453756273756d"
    "65645a00106469736361726453757370656e6465645a0006666f726365645a0009756e636c61696d65644c000e636865"
    "636b706f696e74547970657400324c6f72672f6170616368652f666c696e6b2f72756e74696d652f636865636b706f69"
    "6e742f536e617073686f74547970653b787000000000000100737200316f72672e6170616368652e666c696e6b2e7275"
    "6e74696d652e636865636b706f696e742e53617665706f696e7454797065a087d308a45814b80200034c000a666f726d"
    "6174547970657400354c6f72672f6170616368652f666c696e6b2f636f72652f657865637574696f6e2f53617665706f"
    "696e74466f726d6174547970653b4c00046e616d657400124c6a6176612f6c616e672f537472696e673b4c0014706f73"
    "74436865636b706f696e74416374696f6e7400484c6f72672f6170616368652f666c696e6b2f72756e74696d652f6368"
    "65636b706f696e742f53617665706f696e745479706524506f7374436865636b706f696e74416374696f6e3b78707e72"
    "00336f72672e6170616368652e666c696e6b2e636f72652e657865637574696f6e2e53617665706f696e74466f726d61"
    "745479706500000000000000001200007872000e6a6176612e6c616e672e456e756d0000000000000000120000787074"
    "000943414e4f4e4943414c74000953617665706f696e747e7200466f72672e6170616368652e666c696e6b2e72756e74"
    "696d652e636865636b706f696e742e53617665706f696e745479706524506f7374436865636b706f696e74416374696f"
    "6e00000000000000001200007871007e00097400044e4f4e45"
)
STATE_MARK = b"flowstate-sim:"


def metadata_version(flink):
    v = parse_version(flink)
    if v < (1, 16):
        return 3
    if v < (2, 0):
        return 4
    if v < (2, 1):
        return 5
    return 6


def _utf(text):
    data = text.encode("utf-8")
    return struct.pack(">H", len(data)) + data


_M64 = (1 << 64) - 1


def _rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & _M64


def _fmix(k):
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & _M64
    k ^= k >> 33
    k = (k * 0xC4CEB9FE1A85EC53) & _M64
    return k ^ (k >> 33)


def murmur3_128(data, seed=0):
    """MurmurHash3 x64 128-bit, as Guava's Hashing.murmur3_128(seed) computes it: the 16 bytes
    of its HashCode (h1 then h2, each little-endian)."""
    c1, c2 = 0x87C37B91114253D5, 0x4CF5AD432745937F
    h1 = h2 = seed
    n = len(data) // 16
    for i in range(n):
        k1 = int.from_bytes(data[16 * i:16 * i + 8], "little")
        k2 = int.from_bytes(data[16 * i + 8:16 * i + 16], "little")
        h1 ^= _rotl((k1 * c1) & _M64, 31) * c2 & _M64
        h1 = (_rotl(h1, 27) + h2) & _M64
        h1 = (h1 * 5 + 0x52DCE729) & _M64
        h2 ^= _rotl((k2 * c2) & _M64, 33) * c1 & _M64
        h2 = (_rotl(h2, 31) + h1) & _M64
        h2 = (h2 * 5 + 0x38495AB5) & _M64
    tail = data[16 * n:]
    k1 = int.from_bytes(tail[:8], "little") if tail else 0
    k2 = int.from_bytes(tail[8:], "little") if len(tail) > 8 else 0
    if len(tail) > 8:
        h2 ^= _rotl((k2 * c2) & _M64, 33) * c1 & _M64
    if tail:
        h1 ^= _rotl((k1 * c1) & _M64, 31) * c2 & _M64
    h1 ^= len(data)
    h2 ^= len(data)
    h1 = (h1 + h2) & _M64
    h2 = (h2 + h1) & _M64
    h1, h2 = _fmix(h1), _fmix(h2)
    h1 = (h1 + h2) & _M64
    h2 = (h2 + h1) & _M64
    return h1.to_bytes(8, "little") + h2.to_bytes(8, "little")


def source_uid(source):
    """The uid the simulated job gives its source operator: one per source table, as a CDC
    job's generated operators carry the table they read."""
    return "cdc-source:" + source


def operator_id(uid):
    """Flink's id of an operator with a uid: murmur3_128 (seed 0) of its UTF-8 bytes
    (StreamGraphHasherV2), as 32 hex."""
    return murmur3_128(uid.encode("utf-8")).hex()


def build_metadata(version, checkpoint_id, state, savepoint):
    """One source operator (uid "cdc-source:<source>") whose one subtask holds its read
    position as inline keyed state: the layout of MetadataV3/V4/V5/V6 for such a job."""
    payload = STATE_MARK + json.dumps(state, sort_keys=True).encode()
    uid = source_uid(state.get("source", ""))
    out = struct.pack(">iiq", 0x4960672D, version, checkpoint_id) + struct.pack(">ii", 0, 1)
    if version >= 5:
        out += _utf("Source: cdc") + _utf(uid)
    out += bytes.fromhex(operator_id(uid)) + struct.pack(">ii", 1, 128)
    out += b"\x00" + struct.pack(">ii", 1, 0) + struct.pack(">ii", 0, 0)
    out += b"\x03" + struct.pack(">ii", 0, 0) + b"\x01" + _utf("inline") + struct.pack(">i", len(payload)) + payload
    out += b"\x00" + struct.pack(">ii", 0, 0)
    if version >= 4:
        out += SAVEPOINT_TRAILER if savepoint else CHECKPOINT_TRAILER
    return out


def read_snapshot(path):
    """(checkpoint id, state) of a snapshot directory or _metadata file, or raises IOError
    with Flink's message."""
    p = path
    for prefix in ("file://", "file:"):
        if p.startswith(prefix):
            p = p[len(prefix):]
            break
    if os.path.isdir(p):
        meta = os.path.join(p, "_metadata")
        if not os.path.exists(meta):
            raise IOError("Cannot find meta data file '_metadata' in directory '%s'. Please try to load the "
                          "checkpoint/savepoint directly from the metadata file instead of the directory." % path)
        p = meta
    if not os.path.exists(p):
        raise IOError("Checkpoint/savepoint path '%s' is not a valid file URI. Either the pointer path is "
                      "invalid, or the checkpoint was created by a different state backend." % path)
    with open(p, "rb") as f:
        data = f.read()
    if len(data) < 16 or struct.unpack(">i", data[:4])[0] != 0x4960672D:
        raise IOError("Unexpected magic number. This can have multiple reasons: (1) You are trying to load a "
                      "Flink 1.0 savepoint, which is not supported by this version of Flink. (2) The file you "
                      "were pointing to is not a savepoint at all. (3) The savepoint file has been corrupted.")
    cid = struct.unpack(">q", data[8:16])[0]
    at = data.find(STATE_MARK)
    if at < 0:
        raise IOError("the snapshot holds no state of this job's source")
    end = data.index(b"}", at) + 1
    return cid, json.loads(data[at + len(STATE_MARK):end])


def write_metadata(cluster, path, data):
    """Writes a snapshot's _metadata as the version does (FACTS 5.2): from 1.15 into a hidden
    ._metadata.inprogress.<uuid> renamed on commit; up to 1.14 straight into _metadata. With
    the torn_metadata fault the JobManager dies half-way: 1.14 leaves a truncated _metadata,
    later versions an in-progress file and no _metadata. Returns False when it died."""
    torn = cluster.faults["torn_metadata"] > 0
    if torn:
        cluster.faults["torn_metadata"] -= 1
        data = data[:len(data) // 2]
    if cluster.v >= (1, 15):
        tmp = os.path.join(os.path.dirname(path), "._metadata.inprogress." + str(uuid.uuid4()))
        with open(tmp, "wb") as f:
            f.write(data)
        if not torn:
            os.rename(tmp, path)
    else:
        with open(path, "xb") as f:  # NO_OVERWRITE: an existing _metadata is an IOException
            f.write(data)
    if torn:
        cluster.die()
        return False
    return True


# ---- errors as Flink's REST handlers write them -----------------------------------------------


class RestError(Exception):
    def __init__(self, status, message, exception="org.apache.flink.runtime.rest.handler.RestHandlerException",
                 plain=False, causes=None, caused_by=None):
        super().__init__(message)
        # [(class, message)]: the causes of a RestHandlerException, in its stack trace.
        self.caused_by = caused_by or []
        self.status = status
        self.message = message
        self.exception = exception
        self.plain = plain  # the message alone (router errors), no stack trace
        # [(class, message)], outermost first: an exception that is not a RestHandlerException
        # is answered as 500 "Internal server error." with its whole trace "on server side".
        self.causes = causes

    def body(self):
        if self.plain:
            return {"errors": [self.message]}
        if self.causes is not None:
            trace = "%s: %s\n\tat org.apache.flink.table.gateway.rest.handler.AbstractSqlGatewayRestHandler." \
                    "respondToRequest(AbstractSqlGatewayRestHandler.java:84)\n" % (self.exception, self.message)
            for cls, msg in self.causes:
                trace += "Caused by: %s: %s\n\tat org.apache.flink.table.gateway.service.operation." \
                         "OperationManager$Operation.lambda$run$0(OperationManager.java:262)\n\t... 7 more\n" % (cls, msg)
            return {"errors": ["Internal server error.", "<Exception on server side:\n%s\nEnd of exception on server side>"
                               % trace]}
        trace = "%s: %s\n\tat org.apache.flink.runtime.rest.handler.AbstractRestHandler.respondToRequest(" \
                "AbstractRestHandler.java:83)\n\tat org.apache.flink.runtime.rest.handler.AbstractHandler." \
                "respondAsLeader(AbstractHandler.java:196)\n\tat org.apache.flink.runtime.rest.handler." \
                "LeaderRetrievalHandler.lambda$channelRead0$0(LeaderRetrievalHandler.java:88)\n\tat " \
                "java.base/java.util.Optional.ifPresent(Optional.java:183)\n" % (self.exception, self.message)
        for cls, msg in self.caused_by:
            trace += "Caused by: %s: %s\n\tat org.apache.flink.client.deployment.application.DetachedApplicationRunner." \
                     "tryExecuteJobs(DetachedApplicationRunner.java:84)\n\t... 9 more\n" % (cls, msg)
        return {"errors": [trace]}


def not_found_job(jid):
    return RestError(404, "Job %s not found" % jid, "org.apache.flink.runtime.rest.NotFoundException")


def serialized_throwable(cls, message):
    trace = "%s: %s\n\tat org.apache.flink.runtime.checkpoint.CheckpointCoordinator.triggerCheckpoint(" \
            "CheckpointCoordinator.java:521)\n" % (cls, message)
    return {"class": cls, "stack-trace": trace,
            "serialized-throwable": base64.b64encode(("%s: %s" % (cls, message)).encode()).decode()}


# ---- jobs ------------------------------------------------------------------------------------


class Job:
    def __init__(self, cluster, jid, name, source, restore, claim, parallelism, config):
        self.cluster = cluster
        self.jid = jid
        self.name = name
        self.source = source
        self.config = config
        if parallelism is None:  # the job's parallelism.default over the cluster's file
            parallelism = int(config.get("parallelism.default") or cluster.configuration.get("parallelism.default")
                              or 1)
        self.parallelism = parallelism
        # Job-level checkpointing keys come from the job's configuration (its SETs, a jar run's
        # flinkConfiguration) over the cluster's file, which is where the job graph was built;
        # num-retained is never the job's (the JobMaster reads the cluster's).
        base = cluster.configuration
        merged = dict(base)
        merged.update(config)
        interval = merged.get("execution.checkpointing.interval")
        self.interval_ms = max(1, int(parse_duration_ms(interval) * cluster.time_scale)) if interval else None
        self.checkpointing = self.interval_ms is not None and config.get("sim.checkpointing", "true") != "false"
        # "manual": checkpoints only when the control API asks (many jobs cost nothing between).
        self.manual = config.get("sim.checkpointing") == "manual"
        self.mode = (merged.get("execution.checkpointing.mode") or "EXACTLY_ONCE").upper()
        self.retention = (cluster.read(merged, "execution.checkpointing.externalized-checkpoint-retention")
                          or "NO_EXTERNALIZED_CHECKPOINTS").upper()
        self.state = "INITIALIZING"
        self.created = now_ms()
        self.timestamps = {"INITIALIZING": self.created}
        self.end = -1
        self.next_id = 1
        self.position = 0
        self.restored = None
        self.claim = claim
        self.retained = []  # [(id, dir path, trigger ms, completion ms, size)]
        self.history = []  # checkpoint statistics, newest last
        self.counts = {"restored": 0, "total": 0, "in_progress": 0, "completed": 0, "failed": 0}
        self.latest_completed = None
        self.latest_savepoint = None
        self.latest_failed = None
        self.exceptions = []
        self.broken = None  # why its source fails once the job runs (wrong credentials)
        self.restarts = 0
        self.last_checkpoint = now_ms()
        if restore:
            cid, state = read_snapshot(restore)
            self.position = int(state.get("position", 0))
            self.next_id = cid + 1  # the counter continues after the restored id
            self.restored = {"id": cid, "restore_timestamp": now_ms(), "is_savepoint": "savepoint-" in restore,
                             "external_path": restore}
            self.counts["restored"] = 1
            if claim == "CLAIM" and "/chk-" in restore:
                # Flink owns a claimed checkpoint and deletes it once subsumed.
                d = restore[len("file:"):] if restore.startswith("file:") else restore
                d = d.lstrip("/") and "/" + d.lstrip("/")
                self.retained.append((cid, d.rstrip("/").rsplit("/_metadata", 1)[0], 0, 0, 0))
        self.run = {"cluster": cluster.name, "job_id": jid, "name": name, "source": source,
                    "start_position": self.position, "position": self.position, "restored_from": restore,
                    "status": self.state}
        RUNS.append(self.run)
        cp = cluster.checkpoint_dir_for(self)
        if cp:
            for sub in ("shared", "taskowned"):
                os.makedirs(os.path.join(cp, jid, sub), exist_ok=True)

    def idle(self):
        """Nothing moves without a request: terminal, or running without checkpoints."""
        return self.state in TERMINAL or (self.state == "RUNNING" and (not self.checkpointing or self.manual))

    def read_source(self):
        if self.state == "RUNNING":
            if self.broken:  # its source cannot connect: the job fails once it runs
                reason, self.broken = self.broken, None
                return self.fail(reason)
            self.position = source_rows(self.source)
            self.run["position"] = self.position

    def set_state(self, state):
        self.state = state
        self.timestamps[state] = now_ms()
        if not self.idle():
            self.cluster.busy.add(self.jid)
        self.run["status"] = state
        if state in TERMINAL:
            self.end = now_ms()

    def tick(self):
        """Moves the job along: start-up states, reading its source, periodic checkpoints."""
        c = self.cluster
        t = now_ms()
        if self.state == "INITIALIZING" and t - self.created >= c.startup_ms:
            self.set_state("CREATED")
        elif self.state == "CREATED" and t - self.timestamps["CREATED"] >= c.startup_ms:
            self.set_state("RUNNING")
            self.last_checkpoint = t
        elif self.state == "RESTARTING" and t - self.timestamps["RESTARTING"] >= c.startup_ms:
            self.set_state("RUNNING")
        elif self.state == "CANCELLING" and t - self.timestamps["CANCELLING"] >= c.startup_ms:
            self.finish("CANCELED")
        if self.state == "RUNNING":
            self.read_source()
            if self.checkpointing and t - self.last_checkpoint >= self.interval_ms:
                self.checkpoint()

    def stats_entry(self, cid, kind, trigger, done, path, size, savepoint, fmt=None, failure=None):
        v = self.cluster.v
        # The subtype's name: "@class" in 1.14, "className" from 1.15 on.
        e = {("className" if v >= (1, 15) else "@class"): "failed" if failure else "completed", "id": cid,
             "status": "FAILED" if failure else "COMPLETED", "is_savepoint": savepoint,
             "trigger_timestamp": trigger, "latest_ack_timestamp": done, "state_size": size,
             "end_to_end_duration": max(0, done - trigger), "alignment_buffered": 0, "processed_data": 0,
             "persisted_data": 0, "num_subtasks": 1, "num_acknowledged_subtasks": 0 if failure else 1,
             "checkpoint_type": kind, "tasks": {}}
        if v >= (1, 15):
            e["checkpointed_size"] = size
            e["savepointFormat"] = fmt
        if failure:
            e["failure_timestamp"] = done
            e["failure_message"] = failure
        else:
            e["external_path"] = "file:" + path
            e["discarded"] = False
        return e

    def checkpoint(self):
        c = self.cluster
        base = c.checkpoint_dir_for(self)
        cid = self.next_id
        self.next_id += 1
        trigger = now_ms()
        self.last_checkpoint = trigger
        d = os.path.join(base, self.jid, "chk-%d" % cid)
        os.makedirs(d, exist_ok=True)
        data = build_metadata(metadata_version(c.version), cid, {"source": self.source, "position": self.position},
                              savepoint=False)
        if not write_metadata(c, os.path.join(d, "_metadata"), data):
            return cid, d
        done = now_ms()
        self.retained.append((cid, d, trigger, done, len(data)))
        entry = self.stats_entry(cid, "CHECKPOINT", trigger, done, d, len(data), False)
        self.add_stats(entry)
        self.latest_completed = entry
        self.counts["completed"] += 1
        while len(self.retained) > c.num_retained:
            old = self.retained.pop(0)
            discard(old[1])
            for h in self.history:
                if h["id"] == old[0] and (h.get("className") or h.get("@class")) == "completed":
                    h["discarded"] = True
        return cid, d

    def add_stats(self, entry):
        self.counts["total"] += 1
        self.history.append(entry)
        del self.history[:-10]  # web.checkpoints.history

    def savepoint(self, target, fmt, stop=False):
        c = self.cluster
        self.read_source()
        cid = self.next_id
        self.next_id += 1
        trigger = now_ms()
        if c.faults["fail_savepoints"] > 0:
            c.faults["fail_savepoints"] -= 1
            msg = "Failure reason: An Exception occurred while triggering the checkpoint. IO-problem detected."
            entry = self.stats_entry(cid, "SYNC_SAVEPOINT" if stop else "SAVEPOINT", trigger, now_ms(), "", 0,
                                     True, fmt, failure=msg)
            self.add_stats(entry)
            self.latest_failed = entry
            self.counts["failed"] += 1
            return None, serialized_throwable("org.apache.flink.runtime.checkpoint.CheckpointException", msg)
        name = "savepoint-%s-%s" % (self.jid[:6], secrets.token_hex(6))
        d = os.path.join(target, name)
        os.makedirs(d, exist_ok=True)
        data = build_metadata(metadata_version(c.version), cid, {"source": self.source, "position": self.position},
                              savepoint=True)
        if not write_metadata(c, os.path.join(d, "_metadata"), data):
            return None, None
        entry = self.stats_entry(cid, "SYNC_SAVEPOINT" if stop else "SAVEPOINT", trigger, now_ms(), d, len(data),
                                 True, fmt)
        self.add_stats(entry)
        self.latest_savepoint = entry
        self.counts["completed"] += 1
        return "file:" + d, None

    def finish(self, state):
        """A terminal state, with what Flink does to retained checkpoints (FACTS 5.4)."""
        self.set_state(state)
        policy = self.retention
        keep = {"FINISHED": False,
                "CANCELED": policy == "RETAIN_ON_CANCELLATION",
                "FAILED": policy in ("RETAIN_ON_CANCELLATION", "DELETE_ON_CANCELLATION")}[state]
        if not keep:
            gone = set()
            for r in self.retained:
                discard(r[1])
                gone.add(r[0])
            self.retained = []
            for h in self.history:  # their statistics say so, as Flink's do once discarded
                if h["id"] in gone and (h.get("className") or h.get("@class")) == "completed":
                    h["discarded"] = True

    def exception_info(self, name, message, task, port):
        """An ExceptionInfo as this version writes it: the TaskManager is `location` (host:port)
        up to 1.18, `endpoint` and `taskManagerId` from 1.19 (1.19 and 1.20 send `location` too,
        deprecated), and only those in 2.x; failure labels came with 1.18."""
        v = self.cluster.v
        e = {"exceptionName": name, "stacktrace": "%s: %s\n\tat com.example.CdcJob.map(CdcJob.java:42)\n" % (name, message),
             "timestamp": now_ms(), "taskName": task}
        if v < (2, 0):
            e["location"] = "127.0.0.1:%d" % port
        if v >= (1, 19):
            e["endpoint"] = "127.0.0.1:%d" % port
            e["taskManagerId"] = "127.0.0.1:%d-1a2b3c" % port
        if v >= (1, 18):
            e["failureLabels"] = {}
        return e

    def recover_after_failover(self):
        self.history = []
        self.counts = {"restored": 0, "total": 0, "in_progress": 0, "completed": 0, "failed": 0}
        self.latest_completed = self.latest_savepoint = self.latest_failed = None
        self.restored = None
        if self.retained:
            cid, d = self.retained[-1][0], self.retained[-1][1]
            self.position = read_snapshot(d)[1]["position"]
            self.restored = {"id": cid, "restore_timestamp": now_ms(), "is_savepoint": False,
                             "external_path": "file:" + d}
            self.counts["restored"] = 1
        self.created = now_ms()
        self.set_state("INITIALIZING")

    def fail(self, reason, concurrent=None):
        root = self.exception_info("java.lang.RuntimeException", reason, "Source: cdc (1/1)", 42311)
        root["concurrentExceptions"] = [self.exception_info("java.io.IOException", c, "Sink: out (1/1)", 42312)
                                        for c in (concurrent or [])]
        self.exceptions.append(root)
        if self.restarts < self.cluster.restart_attempts:
            self.restarts += 1
            self.set_state("RESTARTING")
            if self.retained:  # resume from the latest checkpoint
                self.position = read_snapshot(self.retained[-1][1])[1]["position"]
        else:
            self.finish("FAILED")


def discard(d):
    """As Flink discards a completed checkpoint: _metadata first, then the rest, then the dir."""
    try:
        os.remove(os.path.join(d, "_metadata"))
    except OSError:
        pass
    shutil.rmtree(d, ignore_errors=True)


# ---- clusters --------------------------------------------------------------------------------


class Cluster:
    def __init__(self, spec):
        self.name = spec["name"]
        self.version = str(spec.get("version", "1.20"))
        self.v = parse_version(self.version)
        self.interval_ms = int(spec.get("checkpoint_interval_ms", 200))
        # Scaled time: a job's own checkpoint interval (its SETs) runs this many times as fast,
        # so that a story told in the seed's real settings (6 s) takes a fraction of it.
        self.time_scale = float(spec.get("time_scale", 1.0))
        self.num_retained = int(spec.get("num_retained", 1))
        self.retention = spec.get("retention", "RETAIN_ON_CANCELLATION")
        self.slots = int(spec.get("slots", 1))
        self.restart_attempts = int(spec.get("restart_attempts", 0))
        self.startup_ms = int(spec.get("startup_ms", 30))
        self.async_keep_ms = int(spec.get("async_store_ms", ASYNC_KEEP_MS))  # rest.async.store-duration
        self.checkpointing = bool(spec.get("checkpointing", True))
        self.token = spec.get("token")  # when set, requests need "Authorization: Bearer <token>"
        self.tls = (spec["tls_cert"], spec["tls_key"]) if spec.get("tls_cert") else None  # HTTPS
        root = os.path.join(STATE_DIR, self.name)
        self.checkpoint_dir = os.path.abspath(spec.get("checkpoint_dir") or os.path.join(root, "checkpoints"))
        self.savepoint_dir = spec.get("savepoint_dir", os.path.join(root, "savepoints"))
        if self.savepoint_dir:
            self.savepoint_dir = os.path.abspath(self.savepoint_dir)
        # The cluster's configuration file, as /jobmanager/config answers it. A jar run's main()
        # builds its job graph from it (and the simulated SQL Gateway shares its directory), so it
        # is the base of job-level keys; num-retained and slots are read from it alone.
        self.configuration = {
            "jobmanager.rpc.address": "127.0.0.1",
            "rest.address": "127.0.0.1",
            "taskmanager.numberOfTaskSlots": str(self.slots),
            self.key("execution.checkpointing.num-retained", "state.checkpoints.num-retained"):
                str(self.num_retained),
            self.key("execution.checkpointing.dir", "state.checkpoints.dir"): "file://" + self.checkpoint_dir,
            self.key("execution.checkpointing.externalized-checkpoint-retention",
                     "execution.checkpointing.externalized-checkpoint-retention"): self.retention,
        }
        if self.savepoint_dir:
            self.configuration[self.key("execution.checkpointing.savepoint-dir", "state.savepoints.dir")] = \
                "file://" + self.savepoint_dir
        if self.checkpointing:
            self.configuration["execution.checkpointing.interval"] = "%d ms" % self.interval_ms
        if self.async_keep_ms != ASYNC_KEEP_MS:
            self.configuration["rest.async.store-duration"] = "%d ms" % self.async_keep_ms
        for k, v in (spec.get("configuration") or {}).items():
            self.configuration[str(k)] = str(v)
        self.jobs = {}
        self.busy = set()  # ids of jobs that move on their own (start-up, checkpoints, cancelling)
        self.jars = {}
        self.triggers = {}  # (job id, trigger id) -> {"status", "operation", "at"}
        self.sessions = {}
        self.faults = {"fail_savepoints": 0, "slow": 0, "delay_ms": 0, "errors": 0, "status": 503, "drop": 0, "drop_answer": 0,
                       "savepoint_ms": 0, "empty": 0, "html": 0, "cut": 0, "torn_metadata": 0,
                       "only": None,  # a regex of "METHOD /path": the counted faults hit only those
                       "skip": 0}  # ... after this many of them passed
        self.alive = True
        self.rest = serve(self, RestHandler)
        self.gateway = serve(self, GatewayHandler) if self.v >= (1, 16) else None
        threading.Thread(target=self.loop, daemon=True).start()

    def key(self, new, old):
        """The name this version's configuration file uses (renamed in 1.20)."""
        return new if self.v >= (1, 20) else old

    def read(self, conf, *names):
        """The first of `names` set in `conf`, else None."""
        for n in names:
            if n in conf:
                return conf[n]
        return None

    def checkpoint_dir_for(self, job):
        return job.config.get("execution.checkpointing.dir") or job.config.get("state.checkpoints.dir") \
            or self.checkpoint_dir

    def describe(self):
        out = {"name": self.name, "version": self.version, "rest_port": self.rest.server_address[1],
               "url": "%s://127.0.0.1:%d" % ("https" if self.tls else "http", self.rest.server_address[1]),
               "gateway_port": 0, "gateway_url": "",
               "checkpoint_dir": self.checkpoint_dir, "savepoint_dir": self.savepoint_dir}
        if self.gateway:
            out["gateway_port"] = self.gateway.server_address[1]
            out["gateway_url"] = "%s://127.0.0.1:%d" % ("https" if self.tls else "http",
                                                       self.gateway.server_address[1])
        return out

    def loop(self):
        while self.alive:
            with LOCK:
                if not self.alive:
                    return
                # Only jobs that move on their own are ticked: a cluster of a thousand idle
                # jobs costs nothing between requests.
                for jid in list(self.busy):
                    job = self.jobs.get(jid)
                    if job is None or job.idle():
                        self.busy.discard(jid)
                        continue
                    try:
                        job.tick()
                    except Exception:  # noqa: BLE001 - a broken job must not stop the cluster
                        traceback.print_exc()
                # A completed operation's result is kept for rest.async.store-duration, then
                # forgotten (404); one in progress stays.
                t = time.time()
                for k in [k for k, v in self.triggers.items()
                          if v["status"]["id"] == "COMPLETED" and (t - v["at"]) * 1000 > self.async_keep_ms]:
                    del self.triggers[k]
            time.sleep(0.01)

    def die(self):
        """The JobManager's process ends (called under LOCK): the cluster is gone as if killed."""
        if CLUSTERS.get(self.name) is self:
            del CLUSTERS[self.name]
        self.alive = False
        for job in self.jobs.values():
            job.run["status"] = "LOST"
        threading.Thread(target=self.kill, daemon=True).start()

    def failover(self, ha):
        """A JobManager failover (called under LOCK). The new leader knows no asynchronous
        operation of the old one (their triggers answer 404; a savepoint in progress is
        aborted). With high availability it recovers every job that had not ended from its
        latest completed checkpoint, with fresh checkpoint statistics that name it as restored;
        without, the jobs are gone (404)."""
        for op in self.triggers.values():
            op["aborted"] = True
        self.triggers.clear()
        for jid, job in list(self.jobs.items()):
            if not ha:
                job.run["status"] = "LOST"
                del self.jobs[jid]
                continue
            if job.state in TERMINAL:
                continue  # the new leader serves what the job result store holds
            job.recover_after_failover()

    def kill(self):
        self.alive = False
        for server in (self.rest, self.gateway):
            if server:
                server.shutdown()
                server.server_close()
        for job in self.jobs.values():
            job.run["status"] = "LOST"  # the cluster is gone, and with it the job
        self.jobs.clear()

    def submit(self, name, source, restore=None, claim="NO_CLAIM", parallelism=None, jid=None, config=None):
        jid = jid or hex32()
        if jid in self.jobs:
            # The Dispatcher refuses a job id it runs or still has a result of (FLINK-14205).
            raise RestError(409, "Job has already been submitted." if self.jobs[jid].state not in TERMINAL
                            else "Job has already been submitted and is no longer running.",
                            "org.apache.flink.runtime.client.DuplicateJobSubmissionException")
        try:
            job = Job(self, jid, name, source, restore, claim, parallelism, dict(config or {}))
        except (IOError, ValueError) as e:
            raise RestError(500, "Could not execute application. Caused by: java.io.IOException: %s" % e,
                            "org.apache.flink.runtime.rest.handler.RestHandlerException")
        self.jobs[jid] = job
        self.busy.add(jid)
        return job


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # many clients connect at once (the default backlog is 5)


def serve(cluster, handler):
    server = Server(("127.0.0.1", 0), handler)
    if cluster.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(*cluster.tls)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    server.cluster = cluster
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ---- HTTP plumbing ----------------------------------------------------------------------------


class Base(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    routes = []

    def log_message(self, *args):
        pass

    def hang_up(self):
        """Closes the connection without an answer."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def send_json(self, status, obj):
        if getattr(self, "swallow", False):
            return self.hang_up()  # drop_answer: the request took effect, its answer is lost
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def json_body(self, known=None, cls="RequestBody"):
        raw = self.read_body()
        if not raw.strip():
            return {}  # an empty body is parsed as "{}"
        try:
            body = json.loads(raw)
        except ValueError:
            raise RestError(400, "Request did not match expected format %s." % cls)
        if not isinstance(body, dict):
            raise RestError(400, "Request did not match expected format %s." % cls)
        cluster = getattr(self.server, "cluster", None)
        if known is not None and cluster is not None and cluster.v < (1, 20):
            unknown = set(body) - set(known)
            if unknown:  # Flink 1.14-1.19 read request bodies with a strict mapper
                raise RestError(400, "Request did not match expected format %s." % cls)
        return body

    def dispatch(self, method):
        cluster = getattr(self.server, "cluster", None)
        if cluster is not None and not cluster.alive:
            # Its process is gone: a connection kept open from before answers nothing.
            return self.hang_up()
        if cluster is not None:
            f = cluster.faults
            with LOCK:
                fault = None
                only = f.get("only")
                hit = not only or re.search(only, "%s %s" % (method, urllib.parse.urlsplit(self.path).path))
                if hit and f.get("skip", 0) > 0:  # this many matching requests pass first
                    f["skip"] -= 1
                    hit = False
                for name in ("drop", "drop_answer", "errors", "slow", "empty", "html", "cut"):
                    if hit and f[name] > 0:
                        f[name] -= 1
                        fault = name
                        break
            self.swallow = fault == "drop_answer"
            if fault == "drop":
                return self.hang_up()
            if fault == "errors":
                # As Flink answers an RPC that timed out: the cause is the last "Caused by".
                self.read_body()
                return self.send_json(f["status"], {"errors": ["Internal server error.", SERVER_SIDE_TIMEOUT]})
            if fault == "empty":  # an answer of the right status with nothing in it
                self.read_body()
                return self.send_json(200, {})
            if fault == "html":  # a proxy in front of the JobManager answers for it
                self.read_body()
                page = ("<html>\r\n<head><title>%d Bad Gateway</title></head>\r\n<body>\r\n<center><h1>%d Bad "
                        "Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n"
                        % (f["status"], f["status"])).encode()
                self.send_response(f["status"])
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)
                return
            if fault == "cut":  # the headers promise a body the connection does not deliver
                self.read_body()
                self.close_connection = True
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", "4096")
                self.end_headers()
                self.wfile.write(b'{"jobs":[{"jid":"a00000')
                self.wfile.flush()
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            if fault == "slow":
                time.sleep(f["delay_ms"] / 1000.0)
        if cluster is not None and cluster.token and \
                self.headers.get("Authorization") != "Bearer " + cluster.token:
            self.read_body()
            return self.send_json(401, {"errors": ["Unauthorized: a valid bearer token is required"]})
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        query = dict(urllib.parse.parse_qsl(url.query))
        try:
            for m, pattern, fn in self.routes:
                if m != method:
                    continue
                match = re.fullmatch(pattern, self.strip_version(path))
                if match:
                    with LOCK:
                        status, obj = fn(self, query, *match.groups())
                    if obj is None:
                        self.send_response(status)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                    else:
                        self.send_json(status, obj)
                    return
            raise RestError(404, "Not found: %s" % path, plain=True)
        except RestError as e:
            self.send_json(e.status, e.body())

    def strip_version(self, path):
        return path

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def do_DELETE(self):
        self.dispatch("DELETE")


SERVER_SIDE_TIMEOUT = (
    "<Exception on server side:\n"
    "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not retrieve the requested information.\n"
    "\tat org.apache.flink.runtime.rest.handler.job.AbstractExecutionGraphHandler.lambda$handleRequest$1"
    "(AbstractExecutionGraphHandler.java:99)\n"
    "\tat java.base/java.util.concurrent.CompletableFuture.uniExceptionally(CompletableFuture.java:986)\n"
    "Caused by: java.util.concurrent.CompletionException: java.util.concurrent.TimeoutException: Invocation of "
    "[LocalRpcInvocation(JobMasterGateway.requestJob(Duration))] at recipient [pekko://flink/user/rpc/jobmanager_2] "
    "timed out.\n"
    "\tat java.base/java.util.concurrent.CompletableFuture.encodeRelay(CompletableFuture.java:368)\n"
    "Caused by: java.util.concurrent.TimeoutException: Invocation of [LocalRpcInvocation(JobMasterGateway."
    "requestJob(Duration))] at recipient [pekko://flink/user/rpc/jobmanager_2] timed out.\n"
    "\t... 1 more\n"
    "\nEnd of exception on server side>")


def route(table, method, pattern):
    def wrap(fn):
        table.append((method, pattern, fn))
        return fn
    return wrap


# ---- the JobManager REST API -------------------------------------------------------------------

REST = []


def job_of(h, jid):
    job = h.server.cluster.jobs.get(jid)
    if job is None:
        raise not_found_job(jid)
    return job


def task_counts(job):
    names = ["created", "scheduled", "deploying", "running", "finished", "canceling", "canceled", "failed",
             "reconciling", "initializing"]
    counts = dict.fromkeys(names, 0)
    state = {"RUNNING": "running", "FINISHED": "finished", "CANCELED": "canceled", "FAILED": "failed",
             "CANCELLING": "canceling", "CREATED": "created", "INITIALIZING": "created",
             "RESTARTING": "scheduled"}.get(job.state, "created")
    counts[state] = job.parallelism
    counts["total"] = job.parallelism
    return counts


def job_details(job):
    v = job.cluster.v
    t = now_ms()
    end = job.end
    d = {"jid": job.jid, "name": job.name, "state": job.state, "start-time": job.created, "end-time": end,
         "duration": (end if end > 0 else t) - job.created, "last-modification": max(job.timestamps.values()),
         "tasks": task_counts(job)}
    if v >= (2, 0):
        d["pending-operators"] = 0
    return d


@route(REST, "GET", r"/config")
def rest_config(h, q):
    c = h.server.cluster
    return 200, {"refresh-interval": 3000, "timezone-name": "Coordinated Universal Time", "timezone-offset": 0,
                 "flink-version": c.version, "flink-revision": "1a2b3c4 @ 2026-01-01T00:00:00+01:00",
                 "features": {"web-submit": True, "web-cancel": True, "web-rescale": False, "web-history": False}}


@route(REST, "GET", r"/jobmanager/config")
def rest_jobmanager_config(h, q):
    """The cluster's configuration: a list of {key, value} (ConfigurationInfoEntry)."""
    c = h.server.cluster
    return 200, [{"key": k, "value": v} for k, v in sorted(c.configuration.items())]


@route(REST, "GET", r"/jobs/([0-9a-f]{32})/config")
def rest_job_config(h, q, jid):
    """JobConfigInfo as Flink serializes it (jid, name, execution-config); 2.x drops the
    execution mode. user-config holds the job's global parameters only, never its SETs."""
    job = job_of(h, jid)
    attempts = job.config.get("restart-strategy.fixed-delay.attempts")
    strategy = job.config.get("restart-strategy.type") or job.config.get("restart-strategy")
    if strategy == "fixed-delay":
        restart = "Restart with fixed delay (%s ms). #%s restart attempts." % (
            parse_duration_ms(job.config.get("restart-strategy.fixed-delay.delay", "1 s")), attempts or 1)
    elif strategy == "none":
        restart = "Restart deactivated."
    else:
        restart = "Cluster level default restart strategy"
    execution = {"restart-strategy": restart, "job-parallelism": job.parallelism, "object-reuse-mode": False,
                 "user-config": {}}
    if job.cluster.v < (2, 0):
        execution["execution-mode"] = "PIPELINED"
    return 200, {"jid": job.jid, "name": job.name, "execution-config": execution}


@route(REST, "GET", r"/overview")
def rest_overview(h, q):
    c = h.server.cluster
    jobs = c.jobs.values()
    out = {"taskmanagers": 1, "slots-total": 8, "slots-available": 8 - sum(1 for j in jobs if j.state == "RUNNING"),
           "jobs-running": sum(1 for j in jobs if j.state not in TERMINAL),
           "jobs-finished": sum(1 for j in jobs if j.state == "FINISHED"),
           "jobs-cancelled": sum(1 for j in jobs if j.state == "CANCELED"),
           "jobs-failed": sum(1 for j in jobs if j.state == "FAILED"),
           "flink-version": c.version, "flink-commit": "1a2b3c4"}
    if c.v >= (1, 16):
        out["taskmanagers-blocked"] = 0
        out["slots-free-and-blocked"] = 0
    return 200, out


@route(REST, "GET", r"/jobs")
def rest_jobs(h, q):
    return 200, {"jobs": [{"id": j.jid, "status": j.state} for j in h.server.cluster.jobs.values()]}


@route(REST, "GET", r"/jobs/overview")
def rest_jobs_overview(h, q):
    return 200, {"jobs": [job_details(j) for j in h.server.cluster.jobs.values()]}


@route(REST, "GET", r"/jobs/([0-9a-f]{32})")
def rest_job(h, q, jid):
    job = job_of(h, jid)
    d = job_details(job)
    d.pop("tasks")
    d.pop("last-modification")
    d.update({"isStoppable": False, "job-type": "STREAMING", "maxParallelism": -1, "now": now_ms(),
              "timestamps": {s: job.timestamps.get(s, 0) for s in
                             ("INITIALIZING", "CREATED", "RUNNING", "FAILING", "CANCELLING", "CANCELED",
                              "FINISHED", "RESTARTING", "SUSPENDED", "FAILED", "RECONCILING")},
              "vertices": [{"id": operator_id(source_uid(job.source)), "name": "Source: cdc", "maxParallelism": 128,
                            "parallelism": job.parallelism, "status": task_counts(job) and job.state,
                            "start-time": job.created, "end-time": job.end, "duration": d["duration"],
                            "tasks": task_counts(job), "metrics": {"read-bytes": 0, "write-bytes": 0,
                                                                   "read-records": job.position,
                                                                   "write-records": job.position}}],
              "status-counts": task_counts(job),
              "plan": {"jid": job.jid, "name": job.name, "type": "STREAMING", "nodes": []}})
    return 200, d


@route(REST, "GET", r"/jobs/([0-9a-f]{32})/status")
def rest_job_status(h, q, jid):
    if h.server.cluster.v < (1, 16):
        raise RestError(404, "Not found: %s" % h.path, plain=True)
    return 200, {"status": job_of(h, jid).state}


@route(REST, "GET", r"/jobs/([0-9a-f]{32})/exceptions")
def rest_exceptions(h, q, jid):
    job = job_of(h, jid)
    history = {"entries": list(reversed(job.exceptions)), "truncated": False}
    if h.server.cluster.v >= (2, 0):
        return 200, {"exceptionHistory": history}
    root = job.exceptions[-1] if job.exceptions else None
    return 200, {"root-exception": root["stacktrace"] if root else None,
                 "timestamp": root["timestamp"] if root else None, "all-exceptions": [], "truncated": False,
                 "exceptionHistory": history}


@route(REST, "GET", r"/jobs/([0-9a-f]{32})/checkpoints")
def rest_checkpoints(h, q, jid):
    job = job_of(h, jid)
    if not job.checkpointing:
        raise RestError(404, "Checkpointing has not been enabled.")
    summary_keys = ["checkpointed_size", "state_size", "end_to_end_duration", "alignment_buffered",
                    "processed_data", "persisted_data"]
    stats = {"min": 0, "max": 0, "avg": 0, "p50": 0.0, "p90": 0.0, "p95": 0.0, "p99": 0.0, "p999": 0.0}
    return 200, {"counts": dict(job.counts),
                 "summary": {k: dict(stats) for k in summary_keys},
                 "latest": {"completed": job.latest_completed, "savepoint": job.latest_savepoint,
                            "failed": job.latest_failed, "restored": job.restored},
                 "history": list(reversed(job.history))}


@route(REST, "GET", r"/jobs/([0-9a-f]{32})/checkpoints/config")
def rest_checkpoint_config(h, q, jid):
    job = job_of(h, jid)
    c = job.cluster
    if not job.checkpointing:
        raise RestError(404, "Checkpointing is not enabled for this job (%s)." % jid)
    # The job's own settings; the mode in lower case, as CheckpointConfigHandler writes it.
    out = {"mode": job.mode.lower(), "interval": job.interval_ms, "timeout": 600000, "min_pause": 0,
           "max_concurrent": 1,
           "externalization": {"enabled": job.retention != "NO_EXTERNALIZED_CHECKPOINTS",
                               "delete_on_cancellation": job.retention != "RETAIN_ON_CANCELLATION"},
           "state_backend": "HashMapStateBackend", "checkpoint_storage": "FileSystemCheckpointStorage",
           "unaligned_checkpoints": False, "tolerable_failed_checkpoints": 0, "aligned_checkpoint_timeout": 0,
           "checkpoints_after_tasks_finish": True}
    if c.v >= (1, 15):
        out.update({"state_changelog_enabled": False, "changelog_storage": "memory",
                    "changelog_periodic_materialization_interval": 600000})
    return 200, out


@route(REST, "GET", r"/jobs/([0-9a-f]{32})/checkpoints/details/(\d+)")
def rest_checkpoint_details(h, q, jid, cid):
    job = job_of(h, jid)
    for e in job.history:
        if e["id"] == int(cid):
            return 200, e
    raise RestError(404, "Could not find checkpointing statistics for checkpoint %s." % cid)


def trigger_key(job, body):
    tid = body.get("triggerId") or hex32()
    if not re.fullmatch(r"[0-9a-f]{32}", tid):
        raise RestError(400, "Request did not match expected format SavepointTriggerRequestBody.")
    return tid


def start_savepoint(h, job, target, fmt, tid, stop, drain, end_state="FINISHED"):
    c = job.cluster
    key = (job.jid, tid)
    if key in c.triggers:  # the same triggerId again: the same operation (idempotent retry)
        return 202, {"request-id": tid}
    target = target or job.config.get("execution.checkpointing.savepoint-dir") or c.savepoint_dir
    if not target:
        raise RestError(400, "Config key [execution.checkpointing.savepoint-dir] is not set. Property "
                             "[target-directory] must be provided.")
    if target.startswith("file:"):
        target = "/" + target[len("file:"):].lstrip("/")
    op = {"status": {"id": "IN_PROGRESS"}, "operation": None, "at": time.time()}
    c.triggers[key] = op

    def work():
        time.sleep(max(0.02, c.startup_ms / 1000.0, c.faults["savepoint_ms"] / 1000.0))
        with LOCK:
            if not c.alive or op.get("aborted"):
                return  # the JobManager died or failed over: the savepoint was never taken
            if job.state != "RUNNING":
                cause = serialized_throwable(
                    "org.apache.flink.runtime.checkpoint.CheckpointException",
                    "Checkpoint triggering task Source: cdc (1/1) of job %s is not being executed at the moment. "
                    "Aborting checkpoint. Failure reason: Not all required tasks are currently running." % job.jid)
                op.update(status={"id": "COMPLETED"}, operation={"failure-cause": cause}, at=time.time())
                return
            location, failure = job.savepoint(target, fmt or "CANONICAL", stop=stop)
            if location is None and failure is None:
                return  # the JobManager died writing it
            if failure:
                op.update(status={"id": "COMPLETED"}, operation={"failure-cause": failure}, at=time.time())
                return
            op.update(status={"id": "COMPLETED"}, operation={"location": location}, at=time.time())
            if stop:
                # Stop with savepoint ends FINISHED; a savepoint with cancel-job cancels the
                # job once the savepoint is complete (CANCELED: retained checkpoints stay).
                job.finish(end_state)
    threading.Thread(target=work, daemon=True).start()
    return 202, {"request-id": tid}


@route(REST, "POST", r"/jobs/([0-9a-f]{32})/savepoints")
def rest_trigger_savepoint(h, q, jid):
    v = h.server.cluster.v
    known = ["target-directory", "cancel-job"] + (["formatType", "triggerId"] if v >= (1, 15) else [])
    body = h.json_body(known, "SavepointTriggerRequestBody")
    job = job_of(h, jid)
    return start_savepoint(h, job, body.get("target-directory"), body.get("formatType"), trigger_key(job, body),
                           stop=bool(body.get("cancel-job")), drain=False, end_state="CANCELED")


@route(REST, "POST", r"/jobs/([0-9a-f]{32})/stop")
def rest_stop(h, q, jid):
    v = h.server.cluster.v
    known = ["targetDirectory", "drain"] + (["formatType", "triggerId"] if v >= (1, 15) else [])
    body = h.json_body(known, "StopWithSavepointRequestBody")
    job = job_of(h, jid)
    return start_savepoint(h, job, body.get("targetDirectory"), body.get("formatType"), trigger_key(job, body),
                           stop=True, drain=bool(body.get("drain")))


@route(REST, "GET", r"/jobs/([0-9a-f]{32})/savepoints/([0-9a-f]{32})")
def rest_savepoint_status(h, q, jid, tid):
    c = h.server.cluster
    op = c.triggers.get((jid, tid))
    if op is None:
        raise RestError(404, "There is no savepoint operation with triggerId=%s for job %s." % (tid, jid),
                        "org.apache.flink.runtime.rest.NotFoundException")
    return 200, {"status": op["status"], "operation": op["operation"]}


@route(REST, "PATCH", r"/jobs/([0-9a-f]{32})")
def rest_cancel(h, q, jid):
    h.read_body()
    mode = (q.get("mode") or "cancel").upper()
    if mode == "STOP":
        raise RestError(308, "The termination mode \"stop\" has been removed. For an ungraceful shutdown, please "
                             "use \"cancel\" instead. For a graceful shutdown, please use \"jobs/:jobId/stop\" instead.")
    if mode != "CANCEL":
        raise RestError(400, "Invalid value for query parameter mode: %s" % q.get("mode"))
    job = h.server.cluster.jobs.get(jid)
    if job is None:
        raise RestError(404, "Job could not be found.", "org.apache.flink.runtime.rest.NotFoundException")
    if job.state == "CANCELED" or job.state == "CANCELLING":
        return 202, {}
    if job.state in TERMINAL:
        raise RestError(409, "Job cancellation failed because the job has already reached another terminal "
                             "state (%s)." % job.state)
    job.set_state("CANCELLING")
    return 202, {}


# jars

@route(REST, "POST", r"/jars/upload")
def rest_jar_upload(h, q):
    ctype = h.headers.get("Content-Type", "")
    raw = h.read_body()
    m = re.search(r"boundary=(\S+)", ctype)
    if not ctype.startswith("multipart/form-data") or not m:
        raise RestError(400, "Bad request received. Request is not multipart/form-data.")
    boundary = m.group(1).strip('"').encode()
    parts = [p for p in raw.split(b"--" + boundary) if b"filename=" in p]
    if len(parts) != 1:
        raise RestError(400, "Exactly 1 file must be sent, received %d." % len(parts))
    name = re.search(rb'filename="([^"]*)"', parts[0]).group(1).decode()
    if not name.endswith(".jar"):
        raise RestError(400, "Only Jar files are allowed.")
    jar_id = "%s_%s" % (uuid.uuid4(), name)
    c = h.server.cluster
    c.jars[jar_id] = {"id": jar_id, "name": name, "uploaded": now_ms(), "entry": [{"name": "com.example.CdcJob",
                                                                                  "description": None}]}
    return 200, {"filename": "/tmp/flink-web-%s/flink-web-upload/%s" % (c.name, jar_id), "status": "success"}


@route(REST, "GET", r"/jars")
def rest_jars(h, q):
    return 200, {"address": "http://127.0.0.1:%d" % h.server.server_address[1],
                 "files": list(h.server.cluster.jars.values())}


@route(REST, "DELETE", r"/jars/([^/]+)")
def rest_jar_delete(h, q, jar_id):
    if h.server.cluster.jars.pop(urllib.parse.unquote(jar_id), None) is None:
        raise RestError(400, "File %s does not exist in /tmp/flink-web-upload." % jar_id)
    return 200, {}


@route(REST, "POST", r"/jars/([^/]+)/run")
def rest_jar_run(h, q, jar_id):
    c = h.server.cluster
    v = c.v
    known = ["entryClass", "programArgsList", "parallelism", "jobId", "allowNonRestoredState", "savepointPath"]
    if v < (2, 0):
        known.append("programArgs")
    if v >= (1, 15):
        known.append("restoreMode")
    if v >= (1, 17):
        known.append("flinkConfiguration")
    if v >= (1, 20):
        known.append("claimMode")
    body = h.json_body(known, "JarRunRequestBody")
    for field in ("claimMode", "restoreMode"):
        # A RestoreMode / RecoveryClaimMode enum: Jackson takes only its constants' names.
        if field in body and body[field] is not None and body[field] not in ("CLAIM", "NO_CLAIM", "LEGACY"):
            raise RestError(400, "Request did not match expected format JarRunRequestBody.")
    jar_id = urllib.parse.unquote(jar_id)
    if jar_id not in c.jars:
        raise RestError(400, "Jar file /tmp/flink-web-upload/%s does not exist" % jar_id)
    args = list(body.get("programArgsList") or [])
    if not args and body.get("programArgs"):
        args = body["programArgs"].split()
    conf = dict(body.get("flinkConfiguration") or {})
    restore = body.get("savepointPath") or q.get("savepointPath") or conf.get("execution.state-recovery.path") \
        or conf.get("execution.savepoint.path")
    claim = body.get("claimMode") or body.get("restoreMode") or conf.get("execution.state-recovery.claim-mode")
    if not claim:  # 1.14 restores in LEGACY mode only; NO_CLAIM is the default from 1.15
        claim = "LEGACY" if v < (1, 15) else "NO_CLAIM"
    parallelism = int(body["parallelism"]) if body.get("parallelism") else None
    try:
        if "--script-base64" in args or "--script" in args:
            job = run_runner(c, args, conf, restore, claim, parallelism, body.get("jobId"))
        else:
            source = conf.get("sim.source", "orders")
            name = conf.get("pipeline.name", c.jars[jar_id]["name"][:-4])
            for i, a in enumerate(args[:-1]):
                if a == "--source":
                    source = args[i + 1]
                if a == "--name":
                    name = args[i + 1]
            job = c.submit(name, source, restore=restore, claim=claim, parallelism=parallelism,
                           jid=body.get("jobId"), config=conf)
    except RestError as e:
        if e.status == 400 and e.message == "Could not execute application.":
            raise
        # What main() threw reaches the client as the cause of "Could not execute application."
        raise RestError(400, "Could not execute application.", caused_by=[
            ("org.apache.flink.util.FlinkRuntimeException", "Could not execute application."),
            (e.exception, e.message)])
    return 200, {"jobid": job.jid}


# ---- flowstate's runner ----------------------------------------------------------------------
#
# The jar a host names as a cluster's runner runs a SQL script inside the cluster. Its
# arguments are flowstate's: --script-base64 B64 (or --script TEXT) and --config-json JSON
# (the configuration, for versions whose jar run takes no flinkConfiguration). Like Dinky's
# runner it applies the script's SETs, then builds one job: an EXECUTE CDCSOURCE (whose
# mysql-cdc source reads every table its 'table-name' pattern matches, and which connects to
# MySQL in main() to read their schemas), or INSERTs over a mysql-cdc table (which connects
# once the job runs). Wrong credentials, or a ${secret:...} reference nobody resolved, fail as
# mysql-cdc fails.

MYSQL_USERS = {}  # user -> password the simulated MySQL accepts; empty: any


def split_statements(script):
    """The statements of a script: ';' outside quotes and comments ends one."""
    out, cur, i, quote = [], [], 0, None
    while i < len(script):
        ch = script[i]
        if quote:
            cur.append(ch)
            if ch == quote:
                if i + 1 < len(script) and script[i + 1] == quote:
                    cur.append(script[i + 1])
                    i += 1
                else:
                    quote = None
        elif ch in "'`\"":
            quote = ch
            cur.append(ch)
        elif script.startswith("--", i):
            while i < len(script) and script[i] != "\n":
                i += 1
            continue
        elif ch == ";":
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
        i += 1
    out.append("".join(cur).strip())
    return [x for x in out if x]


def with_options(text):
    """The 'key' = 'value' pairs of a WITH ( ... ) clause."""
    m = re.search(r"(?is)\bWITH\s*\((.*)\)\s*$", text)
    if not m:
        return {}
    return {k: v.replace("''", "'") for k, v in re.findall(r"'((?:[^']|'')*)'\s*=\s*'((?:[^']|'')*)'", m.group(1))}


def mysql_login(opts):
    """None when mysql-cdc can connect with these options, else what it throws."""
    user, password = opts.get("username", ""), opts.get("password", "")
    if "${secret:" in user or "${secret:" in password or (MYSQL_USERS and MYSQL_USERS.get(user) != password):
        return ("org.apache.flink.table.api.ValidationException",
                "Unable to connect to MySQL server %s:%s: java.sql.SQLException: Access denied for user '%s'@'%s' "
                "(using password: %s)" % (opts.get("hostname", ""), opts.get("port", "3306"), user, "127.0.0.1",
                                          "YES" if password else "NO"))
    return None


def run_runner(c, args, conf, restore, claim, parallelism, jid):
    script = None
    for i, a in enumerate(args[:-1]):
        if a == "--script-base64":
            try:
                script = base64.b64decode(args[i + 1], validate=True).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                raise RestError(500, "--script-base64 is not base64 of UTF-8 text", "java.lang.IllegalArgumentException")
        elif a == "--script":
            script = args[i + 1]
        elif a == "--config-json":
            try:
                extra = json.loads(args[i + 1])
            except ValueError:
                raise RestError(500, "--config-json is not JSON", "java.lang.IllegalArgumentException")
            for k, val in extra.items():
                conf.setdefault(str(k), str(val))  # flinkConfiguration, when sent, wins
    if script is None:
        raise RestError(500, "the runner needs --script-base64 or --script", "java.lang.IllegalArgumentException")
    settings, tables, source, name, cdc = dict(conf), {}, None, None, None
    for st in split_statements(script):
        m = re.fullmatch(r"(?is)SET\s+'?([^'=\s]+)'?\s*=\s*'?([^']*?)'?\s*", st)
        if m:
            settings[m.group(1)] = m.group(2).strip()
            continue
        m = re.match(r"(?is)EXECUTE\s+CDCSOURCE\s+(\w+)", st)
        if m:
            cdc = with_options(st)
            name, source = m.group(1), cdc.get("table-name", "")
            continue
        m = re.match(r"(?is)CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?(\w+)`?", st)
        if m:
            tables[m.group(1)] = with_options(st)
            continue
        m = re.match(r"(?is)INSERT\s+INTO\s+`?(\w+)`?.*?\bFROM\s+`?(\w+)`?", st)
        if m and source is None:
            opts = tables.get(m.group(2), {})
            name = "insert-into_%s" % m.group(1)
            if opts.get("connector") == "mysql-cdc":
                source = "%s\\.%s" % (opts.get("database-name", ""), opts.get("table-name", ""))
                cdc = None
                broken = mysql_login(opts)
            else:
                source, broken = m.group(2), None
    if source is None:
        raise RestError(400, "No jobs included in application.")
    if cdc is not None:
        refused = mysql_login(cdc)
        if refused:  # Dinky's CDCSOURCE reads the tables' schemas in main()
            raise RestError(500, refused[1], refused[0])
        broken = None
    job = c.submit(settings.get("pipeline.name", name), source, restore=restore, claim=claim,
                   parallelism=parallelism, jid=jid, config=settings)
    job.broken = broken and "%s: %s" % broken
    return job


# ---- the SQL Gateway ---------------------------------------------------------------------------

GATEWAY = []


class GatewayHandler(Base):
    routes = GATEWAY

    def strip_version(self, path):
        m = re.match(r"/v(\d+)(/.*)", path)
        if not m:
            return path
        n = int(m.group(1))
        if n > len(api_versions(self.server.cluster)):
            raise RestError(404, "Not found: %s" % path, plain=True)
        self.api = n
        return m.group(2)


def api_versions(c):
    if c.v >= (2, 0):
        return ["V1", "V2", "V3", "V4"]
    if c.v >= (1, 20):
        return ["V1", "V2", "V3"]
    if c.v >= (1, 17):
        return ["V1", "V2"]
    return ["V1"]


@route(GATEWAY, "GET", r"/api_versions")
def gw_versions(h, q):
    return 200, {"versions": api_versions(h.server.cluster)}


@route(GATEWAY, "GET", r"/info")
def gw_info(h, q):
    return 200, {"productName": "Apache Flink", "version": h.server.cluster.version}


def session_of(h, sh):
    s = h.server.cluster.sessions.get(sh)
    if s is None:
        raise RestError(500, "Failed to get the session. Caused by: org.apache.flink.table.gateway.api.utils."
                             "SqlGatewayException: Session '%s' does not exist." % sh,
                        "org.apache.flink.table.gateway.api.utils.SqlGatewayException")
    s["seen"] = time.time()
    return s


@route(GATEWAY, "POST", r"/sessions")
def gw_open(h, q):
    body = h.json_body(["sessionName", "properties"], "OpenSessionRequestBody")
    sh = str(uuid.uuid4())
    h.server.cluster.sessions[sh] = {"name": body.get("sessionName"), "properties": dict(body.get("properties") or {}),
                                     "operations": {}, "tables": {}, "seen": time.time()}
    return 200, {"sessionHandle": sh}


@route(GATEWAY, "GET", r"/sessions/([0-9a-f-]{36})")
def gw_session(h, q, sh):
    return 200, {"properties": session_of(h, sh)["properties"]}


@route(GATEWAY, "POST", r"/sessions/([0-9a-f-]{36})/heartbeat")
def gw_heartbeat(h, q, sh):
    h.read_body()
    session_of(h, sh)
    return 200, {}


@route(GATEWAY, "DELETE", r"/sessions/([0-9a-f-]{36})")
def gw_close(h, q, sh):
    session_of(h, sh)
    del h.server.cluster.sessions[sh]
    return 200, {"status": "CLOSED"}


def column(name, typ="VARCHAR"):
    lt = {"type": typ, "nullable": True}
    if typ == "VARCHAR":
        lt["length"] = 2147483647
    return {"name": name, "logicalType": lt, "comment": None}


def ok_result():
    return [column("result")], [{"kind": "INSERT", "fields": ["OK"]}]


def run_statement(h, session, text, exec_config):
    """(columns, rows, job id or None) of one statement, or raises RestError."""
    c = h.server.cluster
    props = dict(session["properties"])
    props.update(exec_config or {})
    s = text.strip().rstrip(";").strip()
    m = re.fullmatch(r"(?is)SET\s+'([^']+)'\s*=\s*'([^']*)'", s)
    if m:
        session["properties"][m.group(1)] = m.group(2)
        return ok_result() + (None,)
    m = re.fullmatch(r"(?is)RESET\s+'([^']+)'", s)
    if m:
        session["properties"].pop(m.group(1), None)
        return ok_result() + (None,)
    m = re.match(r"(?is)CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?(\w+)`?", s)
    if m:
        session["tables"][m.group(1)] = s
        return ok_result() + (None,)
    m = re.match(r"(?is)INSERT\s+INTO\s+`?(\w+)`?.*?\bFROM\s+`?(\w+)`?", s)
    if m:
        restore = props.get("execution.state-recovery.path") or props.get("execution.savepoint.path")
        claim = props.get("execution.state-recovery.claim-mode") or props.get("execution.savepoint-restore-mode") \
            or "NO_CLAIM"
        # A mysql-cdc table reads its database\.table pattern and connects once the job runs.
        # The job id is the dispatcher's own: $internal.pipeline.job-id is not honoured here.
        source, broken = m.group(2), None
        table = with_options(session["tables"].get(m.group(2), ""))
        if table.get("connector") == "mysql-cdc":
            source = "%s\\.%s" % (table.get("database-name", ""), table.get("table-name", ""))
            broken = mysql_login(table)
        try:
            job = c.submit(props.get("pipeline.name", "insert-into_%s" % m.group(1)), source,
                           restore=restore, claim=claim, config=props)
        except RestError as e:
            raise RestError(500, "Failed to execute the operation. Caused by: %s" % e.message)
        job.broken = broken and "%s: %s" % broken
        return [column("job id")], [{"kind": "INSERT", "fields": [job.jid]}], job.jid
    if re.fullmatch(r"(?is)SHOW\s+JOBS", s):
        if c.v < (1, 17):
            raise RestError(500, "SQL parse failed. Non-query expression encountered in illegal context")
        rows = [{"kind": "INSERT", "fields": [j.jid, j.name, j.state, time.strftime(
            "%Y-%m-%dT%H:%M:%S", time.gmtime(j.created / 1000))]} for j in c.jobs.values()]
        return [column("job id"), column("job name"), column("status"), column("start time", "TIMESTAMP")], rows, None
    m = re.fullmatch(r"(?is)STOP\s+JOB\s+'([0-9a-f]{32})'((?:\s+WITH\s+(?:SAVEPOINT|DRAIN))*)", s)
    if m:
        if c.v < (1, 17):
            raise RestError(500, "SQL parse failed. Encountered \"STOP\"")
        job = c.jobs.get(m.group(1))
        if job is None or job.state in TERMINAL:
            raise RestError(500, "Failed to execute the operation. Caused by: Could not stop job %s: job not "
                                 "found or not running." % m.group(1))
        if "SAVEPOINT" not in m.group(2).upper():
            job.set_state("CANCELLING")  # STOP JOB without WITH SAVEPOINT cancels
            return ok_result() + (None,)
        target = props.get("execution.checkpointing.savepoint-dir") or props.get("state.savepoints.dir") \
            or c.savepoint_dir
        location, failure = job.savepoint(target, "CANONICAL", stop=True)
        if failure:
            raise RestError(500, "Failed to execute the operation. Caused by: %s" % failure["stack-trace"])
        job.finish("FINISHED")
        return [column("savepoint path")], [{"kind": "INSERT", "fields": [location]}], None
    if re.fullmatch(r"(?is)SELECT\s+1", s):
        return [column("EXPR$0", "INTEGER")], [{"kind": "INSERT", "fields": [1]}], None
    raise RestError(500, "Failed to execute the operation. Caused by: org.apache.flink.table.api.SqlParserException: "
                         "SQL parse failed. Encountered \"%s\"" % s.split()[0] if s else "")


@route(GATEWAY, "POST", r"/sessions/([0-9a-f-]{36})/statements")
def gw_execute(h, q, sh):
    body = h.json_body(["statement", "executionConfig", "executionTimeout"], "ExecuteStatementRequestBody")
    session = session_of(h, sh)
    oh = str(uuid.uuid4())
    op = {"status": "RUNNING", "columns": [], "rows": [], "job": None, "error": None, "ready_at": time.time() + 0.02}
    try:
        op["columns"], op["rows"], op["job"] = run_statement(h, session, body.get("statement", ""),
                                                             body.get("executionConfig"))
    except RestError as e:
        op["error"] = e
    session["operations"][oh] = op
    return 200, {"operationHandle": oh}


def operation_of(h, sh, oh):
    op = session_of(h, sh)["operations"].get(oh)
    if op is None:
        raise RestError(500, "Failed to getOperationStatus. Caused by: Can not find the submitted operation in "
                             "the OperationManager with the %s." % oh)
    if op["status"] == "RUNNING" and time.time() >= op["ready_at"]:
        op["status"] = "ERROR" if op["error"] else "FINISHED"
    return op


@route(GATEWAY, "GET", r"/sessions/([0-9a-f-]{36})/operations/([0-9a-f-]{36})/status")
def gw_status(h, q, sh, oh):
    return 200, {"status": operation_of(h, sh, oh)["status"]}


@route(GATEWAY, "POST", r"/sessions/([0-9a-f-]{36})/operations/([0-9a-f-]{36})/cancel")
def gw_cancel(h, q, sh, oh):
    h.read_body()
    op = operation_of(h, sh, oh)
    op["status"] = "CANCELED"
    return 200, {"status": "CANCELED"}


@route(GATEWAY, "DELETE", r"/sessions/([0-9a-f-]{36})/operations/([0-9a-f-]{36})/close")
def gw_close_op(h, q, sh, oh):
    operation_of(h, sh, oh)
    del h.server.cluster.sessions[sh]["operations"][oh]
    return 200, {"status": "CLOSED"}


@route(GATEWAY, "GET", r"/sessions/([0-9a-f-]{36})/operations/([0-9a-f-]{36})/result/(\d+)")
def gw_result(h, q, sh, oh, token):
    api = getattr(h, "api", len(api_versions(h.server.cluster)))
    if api >= 2 and "rowFormat" not in q:
        raise RestError(400, "Bad request: the parameter rowFormat is required.")
    op = operation_of(h, sh, oh)
    base = "/v%d/sessions/%s/operations/%s/result/" % (api, sh, oh)
    suffix = "?rowFormat=%s" % q["rowFormat"] if api >= 2 else ""
    if op["status"] == "ERROR":
        e = op["error"]
        message = e.message.split("Caused by: ", 1)[-1]
        cause = "org.apache.flink.table.api.SqlParserException" if "SQL parse failed" in message \
            else "org.apache.flink.table.api.TableException"
        raise RestError(500, "Failed to fetchResults.", "org.apache.flink.table.gateway.api.utils.SqlGatewayException",
                        causes=[("org.apache.flink.table.gateway.service.utils.SqlExecutionException",
                                 "Failed to execute the operation %s." % oh), (cause, message)])
    if op["status"] == "RUNNING":
        # NotReadyResult's next token is always 0 (results are fetched once the operation finished).
        return 200, {"resultType": "NOT_READY", "nextResultUri": base + "0" + suffix}
    t = int(token)
    if t > 0:
        return 200, {"resultType": "EOS", "isQueryResult": False, "jobID": op["job"],
                     "resultKind": "SUCCESS_WITH_CONTENT", "results": {"columns": op["columns"],
                                                                       "rowFormat": q.get("rowFormat", "JSON"),
                                                                       "data": []}}
    results = {"columns": op["columns"], "data": op["rows"]}
    if api >= 2:
        results["rowFormat"] = q.get("rowFormat", "JSON")
    out = {"resultType": "PAYLOAD", "isQueryResult": False, "resultKind": "SUCCESS_WITH_CONTENT",
           "results": results, "nextResultUri": base + "1" + suffix}
    if op["job"]:
        out["jobID"] = op["job"]
    return 200, out


class RestHandler(Base):
    routes = REST

    def strip_version(self, path):
        return path[3:] if path.startswith("/v1/") else path


# ---- the control API ----------------------------------------------------------------------------

CONTROL = []


@route(CONTROL, "GET", r"/health")
def ctl_health(h, q):
    return 200, {"ok": True}


@route(CONTROL, "POST", r"/clusters")
def ctl_add(h, q):
    spec = h.json_body()
    name = spec.get("name") or "cluster-%d" % (len(CLUSTERS) + 1)
    if name in CLUSTERS and CLUSTERS[name].alive:
        raise RestError(409, "cluster %s exists" % name, plain=True)
    spec["name"] = name
    c = Cluster(spec)
    CLUSTERS[name] = c
    return 200, c.describe()


@route(CONTROL, "GET", r"/clusters")
def ctl_list(h, q):
    return 200, {"clusters": [c.describe() for c in CLUSTERS.values() if c.alive]}


def cluster_of(name):
    c = CLUSTERS.get(name)
    if c is None or not c.alive:
        raise RestError(404, "no cluster %s" % name, plain=True)
    return c


@route(CONTROL, "DELETE", r"/clusters/([^/]+)")
def ctl_kill(h, q, name):
    c = cluster_of(name)
    del CLUSTERS[name]
    threading.Thread(target=c.kill, daemon=True).start()
    c.alive = False
    return 200, {"killed": name}


@route(CONTROL, "POST", r"/clusters/([^/]+)/faults")
def ctl_faults(h, q, name):
    c = cluster_of(name)
    body = h.json_body()
    if not body:
        c.faults.update(fail_savepoints=0, slow=0, errors=0, drop=0, drop_answer=0, savepoint_ms=0, empty=0, html=0,
                        cut=0, torn_metadata=0, only=None, skip=0)
    if "only" in body:
        c.faults["only"] = body["only"] or None
    if "skip" in body:
        c.faults["skip"] = int(body["skip"])
    for k in ("fail_savepoints", "slow", "delay_ms", "errors", "status", "drop", "drop_answer", "savepoint_ms",
              "empty", "html", "cut", "torn_metadata"):
        if k in body:
            c.faults[k] = int(body[k])
    return 200, dict(c.faults)


@route(CONTROL, "POST", r"/clusters/([^/]+)/failover")
def ctl_failover(h, q, name):
    c = cluster_of(name)
    ha = bool(h.json_body().get("ha", True))
    c.failover(ha)
    return 200, {"failed_over": name, "ha": ha}


@route(CONTROL, "POST", r"/clusters/([^/]+)/jobs/([0-9a-f]{32})/checkpoint")
def ctl_checkpoint(h, q, name, jid):
    h.read_body()  # whatever came with it, so the connection's next request starts clean
    c = cluster_of(name)
    job = c.jobs.get(jid)
    if job is None or job.state != "RUNNING":
        raise RestError(409, "job %s is not running" % jid, plain=True)
    job.read_source()
    cid, d = job.checkpoint()
    return 200, {"id": cid, "path": "file://" + d, "complete": c.alive}


@route(CONTROL, "POST", r"/clusters/([^/]+)/checkpoints")
def ctl_checkpoint_all(h, q, name):
    h.read_body()
    c = cluster_of(name)
    n = 0
    for job in list(c.jobs.values()):
        if job.state == "RUNNING" and job.checkpointing:
            job.read_source()
            job.checkpoint()
            n += 1
    return 200, {"count": n}


@route(CONTROL, "POST", r"/clusters/([^/]+)/jobs/([0-9a-f]{32})/fail")
def ctl_fail(h, q, name, jid):
    c = cluster_of(name)
    job = c.jobs.get(jid)
    if job is None:
        raise RestError(404, "no job %s" % jid, plain=True)
    body = h.json_body()
    job.fail(body.get("reason", "simulated failure"), body.get("concurrent"))
    return 200, {"status": job.state}


@route(CONTROL, "POST", r"/sources/([^/]+)/rows")
def ctl_rows(h, q, table):
    n = int(h.json_body().get("count", 1))
    SOURCES[table] = SOURCES.get(table, 0) + n
    return 200, {"total": SOURCES[table]}


@route(CONTROL, "POST", r"/mysql/users")
def ctl_mysql_users(h, q):
    users = h.json_body()
    MYSQL_USERS.clear()
    MYSQL_USERS.update({str(k): str(v) for k, v in users.items()})
    return 200, {"users": sorted(MYSQL_USERS)}


@route(CONTROL, "GET", r"/sources/([^/]+)")
def ctl_source(h, q, table):
    return 200, {"total": SOURCES.get(table, 0)}


@route(CONTROL, "GET", r"/runs")
def ctl_runs(h, q):
    for c in CLUSTERS.values():
        for job in c.jobs.values():
            job.read_source()
    return 200, {"runs": [dict(r) for r in RUNS]}


@route(CONTROL, "POST", r"/clusters/([^/]+)/jobs")
def ctl_bulk_jobs(h, q, name):
    """Many running jobs at once, for benchmarks and demos: {"count", "source", "name",
    "checkpointing": true | false | "manual"} -> {"job_ids"}."""
    c = cluster_of(name)
    body = h.json_body()
    mode = body.get("checkpointing", True)
    conf = {"sim.checkpointing": "manual"} if mode == "manual" else {} if mode else {"sim.checkpointing": "false"}
    ids = []
    for i in range(int(body.get("count", 1))):
        job = c.submit("%s-%d" % (body.get("name", "job"), i), body.get("source", "bulk"), config=conf)
        job.set_state("CREATED")
        job.set_state("RUNNING")
        job.last_checkpoint = now_ms()
        ids.append(job.jid)
    return 200, {"job_ids": ids}


class ControlHandler(Base):
    routes = CONTROL


def main():
    global STATE_DIR
    ap = argparse.ArgumentParser(description="Simulated Flink clusters for tests and demos (loopback only).")
    ap.add_argument("--state-dir", required=True, help="where checkpoints and savepoints are written")
    ap.add_argument("--control-port", type=int, default=0)
    a = ap.parse_args()
    STATE_DIR = os.path.abspath(a.state_dir)
    os.makedirs(STATE_DIR, exist_ok=True)
    server = Server(("127.0.0.1", a.control_port), ControlHandler)
    print(json.dumps({"control": server.server_address[1]}), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
