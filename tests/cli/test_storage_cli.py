"""`flowstate storage list|latest` as users run them."""

import json

import pytest
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

from metadata_fixture import valid_metadata  # noqa: E402
from webhdfs_fixture import WebHdfs  # noqa: E402

JOB_A = "a0000000000000000000000000000001"
JOB_B = "b0000000000000000000000000000002"


def header(version, cid):
    return valid_metadata(version, cid, savepoint=version >= 6)


def tree(root: Path):
    for job, n, t, body in ((JOB_A, 9, 1000, header(4, 9)), (JOB_B, 1, 2000, header(4, 1)), (JOB_B, 2, 3000, header(4, 7))):
        d = root / "cp" / job / ("chk-%d" % n)
        d.mkdir(parents=True)
        (d / "_metadata").write_bytes(body)
        os.utime(d / "_metadata", (t, t))
        os.utime(d, (t, t))
    sp = root / "sp" / "savepoint-b00000-0123456789ab"
    sp.mkdir(parents=True)
    (sp / "_metadata").write_bytes(header(6, 5))
    os.utime(sp, (4000, 4000))


def test_latest_text_and_json(cli, tmp_path):
    tree(tmp_path)
    r = cli("storage", "latest", str(tmp_path / "cp"))
    assert r.returncode == 0, r.stderr
    first = r.stdout.splitlines()[0]
    assert first == "file://%s/cp/%s/chk-1" % (tmp_path, JOB_B)
    assert "skipped" in r.stdout and "CORRUPT" in r.stdout
    j = json.loads(cli("storage", "latest", "--json", str(tmp_path / "cp")).stdout)
    assert j["latest"]["checkpoint_id"] == 1 and j["latest"]["restorable"] is True
    assert [e["verdict"] for e in j["examined"]] == ["CORRUPT", "COMPLETE"]
    assert j["header_reads"] == 2


def test_latest_with_savepoints_and_target_version(cli, tmp_path):
    tree(tmp_path)
    r = cli("storage", "latest", "--json", "--include-savepoints", str(tmp_path / "cp"), str(tmp_path / "sp"))
    assert json.loads(r.stdout)["latest"]["kind"] == "SAVEPOINT"
    r = cli("storage", "latest", "--json", "--include-savepoints", "--flink-version", "1.20",
            str(tmp_path / "cp"), str(tmp_path / "sp"))
    doc = json.loads(r.stdout)
    assert doc["latest"]["checkpoint_id"] == 1
    assert doc["examined"][0]["target_reason"] == "format version 6 needs Flink 2.1 or later; the target is 1.20"


def test_nothing_restorable_exit_code(cli, tmp_path):
    (tmp_path / JOB_A / "chk-1").mkdir(parents=True)
    r = cli("storage", "latest", str(tmp_path))
    assert r.returncode == 4
    assert "nothing restorable" in r.stderr
    assert json.loads(cli("storage", "latest", "--json", str(tmp_path)).stdout)["latest"] is None


def test_list_and_job_filter(cli, tmp_path):
    tree(tmp_path)
    doc = json.loads(cli("storage", "list", "--json", "--job", JOB_A, str(tmp_path / "cp"), str(tmp_path / "sp")).stdout)
    assert [s["location"].rsplit("/", 1)[1] for s in doc["snapshots"]] == ["chk-9"]
    text = cli("storage", "list", str(tmp_path / "cp"))
    assert text.returncode == 0
    assert "checkpoint id 7 in _metadata does not match directory chk-2" in text.stdout


def test_mounts_from_options_and_settings(cli, tmp_path):
    tree(tmp_path)
    r = cli("storage", "latest", "--mount", "file:///opt/flink/volume=%s" % tmp_path, "file:///opt/flink/volume/cp")
    assert r.stdout.splitlines()[0] == "file:///opt/flink/volume/cp/%s/chk-1" % JOB_B
    settings = tmp_path / "settings.ini"
    settings.write_text('[mount "file:///opt/flink/volume"]\npath = %s\n' % tmp_path)
    r = cli("--settings", str(settings), "storage", "latest", "file:///opt/flink/volume/cp")
    assert r.returncode == 0 and "file:///opt/flink/volume/cp" in r.stdout
    bad = tmp_path / "bad.ini"
    bad.write_text('[mount "file:///x"]\nwrong = 1\n')
    r = cli("--settings", str(bad), "storage", "latest", "/tmp")
    assert r.returncode == 2 and "bad.ini:1: [mount \"file:///x\"] needs path" in r.stderr


def test_progress_is_shown_on_request(cli, tmp_path):
    tree(tmp_path)
    r = cli("storage", "latest", "--progress", str(tmp_path / "cp"))
    assert "progress: check 1/" in r.stderr


def test_over_webhdfs_with_settings(cli, tmp_path):
    tree(tmp_path)
    server = WebHdfs(tmp_path)
    try:
        settings = tmp_path / "s.ini"
        settings.write_text('[webhdfs "ns1"]\nurl = %s\nuser = flink\ntoken = t0ken\n[storage]\ndefault-nameservice = ns1\n' % server.url)
        r = cli("--settings", str(settings), "storage", "latest", "hdfs:///cp")
        assert r.returncode == 0, r.stderr
        assert r.stdout.splitlines()[0] == "hdfs://ns1/cp/%s/chk-1" % JOB_B
        d = cli("--settings", str(settings), "doctor")
        assert "token = ******" in d.stdout and "t0ken" not in d.stdout
    finally:
        server.close()


def hanging_namenode(server, tmp_path):
    """Settings naming `server` as the default nameservice, which from now on never answers."""
    settings = tmp_path / "s.ini"
    settings.write_text('[webhdfs "ns1"]\nurl = %s\n[storage]\ndefault-nameservice = ns1\n' % server.url)
    server.control("faults", {"hang": 100})
    return settings


def test_a_namenode_that_never_answers_ends_at_the_timeout(cli, tmp_path):
    import time

    tree(tmp_path)
    server = WebHdfs(tmp_path)
    try:
        settings = hanging_namenode(server, tmp_path)
        t0 = time.monotonic()
        r = cli("--settings", str(settings), "storage", "latest", "hdfs:///cp", "--timeout", "3")
        took = time.monotonic() - t0
        assert r.returncode == 10, r.stderr
        assert "deadline" in r.stderr
        assert took < 6, "bounded by --timeout, not by 4 attempts of 30 s"
    finally:
        server.close()


def test_request_timeout_bounds_each_webhdfs_request_in_seconds(cli, tmp_path):
    import time

    tree(tmp_path)
    server = WebHdfs(tmp_path)
    try:
        settings = hanging_namenode(server, tmp_path)
        # --request-timeout bounds each request (seconds, like --timeout, which bounds the
        # whole command); the namenode hangs, so every attempt ends at it.
        t0 = time.monotonic()
        r = cli("storage", "latest", "hdfs:///cp", "--webhdfs", "ns1=%s" % server.url,
                "--default-nameservice", "ns1", "--request-timeout", "0.3", "--timeout", "20")
        took = time.monotonic() - t0
        assert r.returncode != 0, r.stderr
        assert took < 10, "each attempt ended at 0.3 s, not at the 30 s default"
        # The same from the settings file.
        settings.write_text('[webhdfs "ns1"]\nurl = %s\nrequest-timeout = 0.3\n[storage]\n'
                            "default-nameservice = ns1\n" % server.url)
        t0 = time.monotonic()
        r = cli("--settings", str(settings), "storage", "latest", "hdfs:///cp", "--timeout", "20")
        assert r.returncode != 0 and time.monotonic() - t0 < 10, r.stderr
        settings.write_text('[webhdfs "ns1"]\nurl = %s\nrequest-timeout = soon\n' % server.url)
        r = cli("--settings", str(settings), "storage", "latest", "hdfs:///cp")
        assert r.returncode == 2 and "s.ini:3: request-timeout = 'soon': expected seconds" in r.stderr
        r = cli("storage", "latest", "hdfs:///cp", "--timeout-ms", "100")
        assert r.returncode == 2 and "--timeout-ms" in r.stderr
    finally:
        server.close()


def test_ctrl_c_says_what_was_being_done(cli, tmp_path):
    import os
    import signal
    import subprocess
    import time

    tree(tmp_path)
    server = WebHdfs(tmp_path)
    try:
        settings = hanging_namenode(server, tmp_path)
        env = dict(os.environ)
        env.pop("FLOWSTATE_SETTINGS", None)
        # As from a terminal: SIGINT not ignored (a run started in the background would pass
        # that on, and the program, like any, keeps ignoring what it was started ignoring).
        p = subprocess.Popen([cli.binary, "--settings", str(settings), "storage", "latest", "hdfs:///cp"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        # Interrupted once its request hangs (a sanitized build on a busy machine starts
        # slowly: a fixed wait could interrupt it before it handles Ctrl-C).
        deadline = time.monotonic() + 30
        while server.stats()["total"] < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        t0 = time.monotonic()
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
        assert time.monotonic() - t0 < 2, "the request in flight is abandoned"
        assert p.returncode == 130, err
        assert "interrupted while looking for the newest restorable snapshot under hdfs:///cp" in err
    finally:
        server.close()


def test_errors(cli, tmp_path):
    r = cli("storage", "latest", "hdfs:///x")
    assert r.returncode == 2 and "needs a default nameservice" in r.stderr
    r = cli("storage", "latest", str(tmp_path / "absent"))
    assert r.returncode == 4
    r = cli("storage", "latest", "--job", "xyz", str(tmp_path))
    assert r.returncode == 2 and "not a Flink job id" in r.stderr


SAMPLES = Path(__file__).resolve().parents[1] / "storage" / "data" / "metadata-samples"
ROCKS = SAMPLES / "flink2.0-rocksdb-checkpoint-v5" / "_metadata"


def materialize(directory: Path, metadata: bytes) -> list:
    """The snapshot with every state file it names, at its recorded size."""
    import flowstate
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "_metadata").write_bytes(metadata)
    files = flowstate.parse_metadata(metadata).files
    for f in files:
        (directory / f.path).write_bytes(b"s" * max(f.size, 0))
    return files


def test_inspect_verify_and_match(cli, tmp_path):
    chk = tmp_path / "cp" / JOB_A / "chk-2"
    files = materialize(chk, ROCKS.read_bytes())
    r = cli("storage", "inspect", str(chk))
    assert r.returncode == 0, r.stderr
    assert "checkpoint id 2, format version 5" in r.stdout
    assert "8 operators, 82 state files" in r.stdout
    assert "Source: Custom Source / CheckpointingSource2" in r.stdout
    assert r.stdout.rstrip().splitlines()[-1].startswith("COMPLETE at level files")
    doc = json.loads(cli("storage", "inspect", "--json", str(chk / "_metadata")).stdout)
    assert doc["metadata"]["format_version"] == 5
    assert len(doc["metadata"]["operators"]) == 8 and len(doc["metadata"]["files"]) == 82
    assert doc["snapshot"]["verdict"] == "COMPLETE" and doc["snapshot"]["level"] == "files"

    assert cli("storage", "verify", str(chk)).returncode == 0
    (chk / files[3].path).unlink()
    r = cli("storage", "verify", str(chk))
    assert r.returncode == 1
    assert "CORRUPT at level files" in r.stdout and files[3].path + " is missing" in r.stdout
    v = json.loads(cli("storage", "verify", "--json", str(chk)).stdout)["snapshot"]
    assert v["problems"][0]["found"] == -1 and v["problems"][0]["expected"] == files[3].size
    assert cli("storage", "verify", "--level", "structure", str(chk)).returncode == 0
    assert cli("storage", "verify", "--level", "deep", str(chk)).returncode == 2
    r = cli("storage", "verify", "--level", "structure", "--flink-version", "1.20", str(chk))
    assert r.returncode == 1 and "needs Flink 2.0" in r.stdout
    assert cli("storage", "verify", str(tmp_path / "nothing")).returncode == 4

    # The latest checkpoint at level files skips the broken one; at header level it would not.
    older = tmp_path / "cp" / JOB_B / "chk-1"
    older.mkdir(parents=True)
    (older / "_metadata").write_bytes(header(4, 1))
    os.utime(older, (1000, 1000))
    os.utime(chk, (2000, 2000))
    latest = json.loads(cli("storage", "latest", "--json", str(tmp_path / "cp")).stdout)
    assert latest["latest"]["location"].endswith(JOB_B + "/chk-1")
    assert latest["examined"][0]["verdict"] == "CORRUPT"
    latest = json.loads(cli("storage", "latest", "--json", "--level", "header", str(tmp_path / "cp")).stdout)
    assert latest["latest"]["location"].endswith(JOB_A + "/chk-2")

    r = cli("storage", "match", str(tmp_path / "cp"), "--uid", "CheckpointingSource1", "--uid", "CheckpointingSource2")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[1].split()[:3] == ["all", JOB_A, "2/2"]
    doc = json.loads(cli("storage", "match", "--json", str(tmp_path / "cp"), "--like", str(chk)).stdout)
    assert doc["jobs"][0]["kind"] == "all" and doc["jobs"][0]["job_id"] == JOB_A
    assert doc["jobs"][1]["kind"] == "none"
    r = cli("storage", "match", str(tmp_path / "cp"), "--uid", "unknown-operator")
    assert r.returncode == 4
    assert cli("storage", "match", str(tmp_path / "cp")).returncode == 2


def test_a_snapshot_has_the_same_names_in_json_as_in_python(cli, tmp_path):
    import dataclasses

    flowstate = pytest.importorskip("flowstate")
    tree(tmp_path)
    j = json.loads(cli("storage", "latest", "--json", str(tmp_path / "cp")).stdout)["latest"]
    with flowstate.Storage() as storage:
        latest = storage.find_latest(["file://%s/cp" % tmp_path]).latest
    python = dataclasses.asdict(latest)
    shared = set(j) & set(python)
    # The counts are named for what they are, as Python and C name them.
    assert {"file_count", "operator_count", "checkpoint_id", "verdict", "location"} <= shared
    for key in shared - {"problems"}:
        value = latest.__dict__[key]
        # An enumeration's value is written as its name (flowstate.enums: .text).
        expected = value.text if isinstance(value, flowstate.FlowstateEnum) else python[key]
        assert j[key] == expected, key
