"""Storage from Python: locations, files, snapshot listings and the latest restorable state."""

import os
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import flowstate  # noqa: E402
from metadata_fixture import valid_metadata  # noqa: E402
from webhdfs_fixture import WebHdfs  # noqa: E402

JOB_A = "a0000000000000000000000000000001"
JOB_B = "b0000000000000000000000000000002"


def header(version, cid, extra=b""):
    return bytes.fromhex("4960672d") + version.to_bytes(4, "big") + cid.to_bytes(8, "big") + extra


def tree(root: Path):
    (root / "cp" / JOB_A / "chk-7").mkdir(parents=True)
    (root / "cp" / JOB_A / "chk-7" / "_metadata").write_bytes(valid_metadata(4, 7))
    (root / "cp" / JOB_B / "chk-1").mkdir(parents=True)
    (root / "cp" / JOB_B / "chk-1" / "_metadata").write_bytes(valid_metadata(4, 1))
    (root / "cp" / JOB_B / "chk-2").mkdir(parents=True)
    (root / "cp" / JOB_B / "chk-2" / "._metadata.inprogress.1").write_bytes(b"x")
    for p, t in ((root / "cp" / JOB_A / "chk-7", 1000), (root / "cp" / JOB_B / "chk-1", 2000), (root / "cp" / JOB_B / "chk-2", 3000)):
        for f in p.iterdir():
            os.utime(f, (t, t))
        os.utime(p, (t, t))


def test_locations():
    with flowstate.Storage() as s:
        assert s.normalize("file:/a//b/../c") == "file:///a/c"
        with pytest.raises(flowstate.InvalidArgumentError) as e:
            s.normalize("relative/x")
        assert "an absolute path or a URI is needed" in str(e.value)
        with pytest.raises(flowstate.UnsupportedError):
            s.normalize("s3://bucket/x")


def test_files_on_memory_and_typed_errors():
    s = flowstate.Storage()
    s.mkdirs("mem:///d")
    s.write("mem:///d/f", b"\x00\x01data")
    assert s.read("mem:///d/f", 2, 4) == b"data"
    with pytest.raises(flowstate.AlreadyExistsError):
        s.write("mem:///d/f", b"x")
    s.write("mem:///d/f", b"new", overwrite=True)
    assert [e.name for e in s.list("mem:///d")] == ["f"]
    with pytest.raises(KeyError):
        s.stat("mem:///nope")
    s.delete("mem:///d")


def test_latest_from_a_mounted_volume(tmp_path):
    tree(tmp_path)
    config = flowstate.StorageConfig().add_mount("file:///opt/flink/volume", str(tmp_path))
    with flowstate.Storage(config) as s:
        assert s.resolve("file:///opt/flink/volume/cp") == ("nfs", str(tmp_path / "cp"))
        seen = []
        r = s.find_latest(["file:///opt/flink/volume/cp"], progress=lambda p, d, t: seen.append(p) or True)
        assert r.latest.location == "file:///opt/flink/volume/cp/%s/chk-1" % JOB_B
        assert [x.verdict for x in r.snapshots] == ["IN_PROGRESS", "COMPLETE"]
        assert r.header_reads == 2 and "check" in seen
        only_a = s.find_latest(["file:///opt/flink/volume/cp"], job_ids=[JOB_A])
        assert only_a.latest.checkpoint_id == 7
        listing = s.list_snapshots(["file:///opt/flink/volume/cp"])
        assert len(listing.snapshots) == 3 and len(listing.jobs) == 2


def test_nothing_restorable_and_bad_arguments(tmp_path):
    (tmp_path / JOB_A / "chk-1").mkdir(parents=True)
    s = flowstate.Storage()
    r = s.find_latest([str(tmp_path)])
    assert r.latest is None and r.snapshots[0].verdict == "IN_PROGRESS"
    with pytest.raises(flowstate.InvalidArgumentError):
        s.find_latest([str(tmp_path)], job_ids=["nope"])
    with pytest.raises(KeyError):
        s.find_latest([str(tmp_path / "absent")])


def test_cancellation_from_another_thread(tmp_path):
    tree(tmp_path)
    token = flowstate.CancelToken()
    token.cancel()
    with pytest.raises(flowstate.CancelledError):
        flowstate.Storage().find_latest([str(tmp_path / "cp")], cancel=token)
    with pytest.raises(flowstate.CancelledError):
        flowstate.Storage().list_snapshots([str(tmp_path / "cp")], progress=lambda p, d, t: False)


def test_one_endpoint_description_for_webhdfs_and_flink(tmp_path):
    # The same Endpoint (or its fields as keywords) reaches a NameNode behind a gateway
    # and a JobManager; the defaults are each service's, from the library.
    tree(tmp_path)
    server = WebHdfs(tmp_path, require_header="Authorization=Bearer gw")
    try:
        anonymous = flowstate.Storage(flowstate.StorageConfig().add_webhdfs("ns1", url=server.url, retries=0))
        with pytest.raises(flowstate.PermissionDeniedError, match="HTTP 401"):
            anonymous.stat("hdfs://ns1/cp")
        gated = flowstate.Endpoint(server.url, bearer_token="gw", request_timeout=5)
        s = flowstate.Storage(flowstate.StorageConfig().add_webhdfs("ns1", gated, user="flink"))
        assert s.stat("hdfs://ns1/cp").type == "directory"
        by_header = flowstate.StorageConfig().add_webhdfs("ns1", server.url, headers={"Authorization": "Bearer gw"})
        assert flowstate.Storage(by_header).stat("hdfs://ns1/cp").type == "directory"
    finally:
        server.close()
    with pytest.raises(TypeError, match="timeout_ms"):
        flowstate.StorageConfig().add_webhdfs("ns1", "http://127.0.0.1:9870", timeout_ms=5)
    with pytest.raises(TypeError, match="not both"):
        flowstate.FlinkClient(flowstate.Endpoint("http://127.0.0.1:1"), retries=1)
    with pytest.raises(flowstate.InvalidArgumentError, match="options->endpoint.retry_backoff_ms must not be negative"):
        flowstate.FlinkClient("http://127.0.0.1:1", retry_backoff=-1)
    with pytest.raises(flowstate.InvalidArgumentError, match="options->endpoint.url"):
        flowstate.StorageConfig().add_webhdfs("ns1", "namenode:9870")


def test_latest_over_webhdfs(tmp_path):
    tree(tmp_path)
    server = WebHdfs(tmp_path, page_size=2)
    try:
        config = flowstate.StorageConfig().add_webhdfs("ns1", url=server.url, user="flink").set_default_nameservice("ns1")
        s = flowstate.Storage(config)
        r = s.find_latest(["hdfs:///cp"])
        assert r.latest.location == "hdfs://ns1/cp/%s/chk-1" % JOB_B
        ops = server.stats()["ops"]
        assert ops.get("OPEN") == r.header_reads == 2
        assert ops.get("DN_OPEN") == 1, "chk-2 has no _metadata: the NameNode answers 404 itself"
        assert s.webhdfs_requests == server.stats()["total"]
        assert s.read("hdfs:///cp/%s/chk-7/_metadata" % JOB_A) == valid_metadata(4, 7)
    finally:
        server.close()


def test_ctrl_c_stops_a_scan_of_a_namenode_that_never_answers(tmp_path, ctrl_c):
    import time

    tree(tmp_path)
    server = WebHdfs(tmp_path, page_size=2)
    try:
        config = flowstate.StorageConfig().add_webhdfs("ns1", url=server.url, user="flink").set_default_nameservice("ns1")
        s = flowstate.Storage(config)
        server.control("faults", {"hang": 100})
        ctrl_c(0.3)
        t0 = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            s.find_latest(["hdfs:///cp"])
        assert time.monotonic() - t0 < 1.5
        # The scan's own deadline holds as well (4 attempts of 30 s each otherwise).
        t0 = time.monotonic()
        with pytest.raises(flowstate.DeadlineExceededError):
            s.find_latest(["hdfs:///cp"], timeout=1)
        assert time.monotonic() - t0 < 2.5
    finally:
        server.close()


def test_webhdfs_token_errors(tmp_path):
    server = WebHdfs(tmp_path, token="s3cret")
    try:
        bad = flowstate.Storage(flowstate.StorageConfig().add_webhdfs("ns", url=server.url, delegation_token="nope", retries=0))
        with pytest.raises(flowstate.PermissionDeniedError) as e:
            bad.list("hdfs://ns/")
        assert "InvalidToken" in str(e.value) and "nope" not in str(e.value)
    finally:
        server.close()


def test_header_check():
    assert flowstate.check_metadata_header(header(6, 3)) == (6, 3)
    with pytest.raises(flowstate.CorruptError) as e:
        flowstate.check_metadata_header(b"\x49\x60")
    assert str(e.value) == "truncated: _metadata has 2 bytes, its header needs 16"


SAMPLES = Path(__file__).resolve().parents[1] / "storage" / "data" / "metadata-samples"


def test_parse_inspect_and_match(tmp_path):
    sample = SAMPLES / "flink2.2-hashmap-savepoint-canonical-v6" / "_metadata"
    data = sample.read_bytes()
    m = flowstate.parse_metadata(data)
    assert (m.format_version, m.checkpoint_id, m.kind, m.format, m.type_name) == (6, 1, "SAVEPOINT", "CANONICAL", "Savepoint")
    assert len(m.operators) == 8 and len(m.files) == 16
    assert sum(f.size for f in m.files) == 15451
    by_uid = {o.uid: o for o in m.operators}
    assert by_uid["CheckpointingSource2"].id == flowstate.operator_id_from_uid("CheckpointingSource2")
    with pytest.raises(flowstate.CorruptError, match=r"^offset \d+: end of file"):
        flowstate.parse_metadata(data[:-10])

    sp = tmp_path / "sp" / "savepoint-a00000-0123456789ab"
    sp.mkdir(parents=True)
    (sp / "_metadata").write_bytes(data)
    for f in m.files:
        (sp / f.path).write_bytes(b"x" * f.size)
    with flowstate.Storage() as s:
        meta, snap = s.inspect(str(sp))
        assert snap.verdict == "COMPLETE" and snap.level == "files"
        assert snap.referenced_files == 16 and snap.savepoint_format == "CANONICAL"
        assert meta.files[0].location == "file://%s/%s" % (sp, meta.files[0].path)
        (sp / m.files[0].path).write_bytes(b"x")
        _, broken = s.inspect(str(sp))
        assert broken.verdict == "CORRUPT" and not broken.restorable
        assert broken.problems[0].found == 1 and broken.problems[0].expected == m.files[0].size
        _, structure = s.inspect(str(sp), level="structure")
        assert structure.verdict == "COMPLETE"
        with pytest.raises(ValueError):
            s.inspect(str(sp), level="deep")
        cp = tmp_path / "cp" / JOB_A / "chk-1"
        cp.mkdir(parents=True)
        (cp / "_metadata").write_bytes(valid_metadata(4, 1))
        matches = s.match(str(tmp_path / "cp"), uids=["CheckpointingSource2"])
        assert [(x.job_id, x.kind) for x in matches] == [(JOB_A, "none")]
        listing = s.list_snapshots([str(tmp_path / "cp")], level="structure")
        assert listing.snapshots[0].operator_count == 1 and listing.snapshots[0].inline_bytes == 16
