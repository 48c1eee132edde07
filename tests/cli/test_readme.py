"""Every `flowstate` command line in README.md, run as printed.

The commands are read from the README's `sh` blocks, in order, and run in one working
directory holding the files they name (job.sql, flink-conf.yaml, a savepoint directory, ...)
with settings that say where "prod", hdfs:/// and /mnt/flink-volume are: the Flink
simulator, the WebHDFS test server and a directory of this test. The only text replaced is
the JobManager's address (`http://jobmanager:8081`), which cannot be reached from a test.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

from flink_sim_fixture import FlinkSim, run_jar  # noqa: E402
from metadata_fixture import valid_metadata  # noqa: E402
from webhdfs_fixture import WebHdfs  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
JOB = "6b1c0e5d2f7a4c8e9b0a1d2c3e4f5a6b"
SAVEPOINT = "savepoint-6b1c0e-0123456789ab"


def readme_commands():
    """(line number, argv) of each `flowstate` line in the README's sh blocks."""
    out = []
    block = None
    for number, line in enumerate((ROOT / "README.md").read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            block = None if block is not None else line[3:].strip()
            continue
        if block == "sh" and line.startswith("flowstate"):
            out.append((number, shlex.split(line, comments=True)))
    return out


def operator_id(uid):
    import flowstate  # the package over the freshly built library (PYTHONPATH from ctest)
    return flowstate.operator_id_from_uid(uid)


def put(path: Path, data: bytes, mtime: int):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))
    os.utime(path.parent, (mtime, mtime))


@pytest.fixture
def world(tmp_path):
    work = tmp_path / "work"
    hdfs = tmp_path / "hdfs"
    volume = tmp_path / "volume"
    work.mkdir()
    orders = operator_id("orders-source")
    for cid, t in ((41, 1000), (42, 2000)):
        put(hdfs / "flink/cp" / JOB / f"chk-{cid}" / "_metadata", valid_metadata(4, cid, operator_id=orders), t)
        put(volume / "flink-cp" / JOB / f"chk-{cid}" / "_metadata", valid_metadata(4, cid, operator_id=orders), t)
    put(hdfs / "flink/sp" / SAVEPOINT / "_metadata", valid_metadata(6, 40, savepoint=True, operator_id=orders), 900)
    put(work / SAVEPOINT / "_metadata", valid_metadata(6, 40, savepoint=True, operator_id=orders), 900)
    for name in ("job.sql", "big.sql", "emp.sql"):
        shutil.copy(TESTS / "sql/data/seed_emp_1.sql", work / name)
    shutil.copy(TESTS / "config/data/seed_pod_flink-conf.yaml", work / "flink-conf.yaml")
    shutil.copy(TESTS / "config/data/seed_deployment.yaml", work / "deployment.yaml")

    sim = FlinkSim(tmp_path / "state")
    webhdfs = WebHdfs(hdfs, page_size=100)
    try:
        cluster = sim.cluster("prod", "1.20", checkpoint_interval_ms=100)
        sim.insert("emp", 3)
        assert run_jar(cluster["url"], {"programArgsList": ["--source", "emp"], "jobId": JOB}) == JOB

        config = work / ".config/flowstate"
        config.mkdir(parents=True)
        # The README's settings example, with this test's addresses and directories.
        (config / "settings.ini").write_text(
            '[cluster "prod"]\nurl = %s\nflink-version = 1.20\n'
            'checkpoint-dir = hdfs:///flink/cp\nsavepoint-dir = hdfs:///flink/sp\n\n'
            '[mount "file:///mnt/flink-volume"]\npath = %s\n\n'
            '[webhdfs "nameservice1"]\nurl = %s\nuser = flink\n\n'
            '[storage]\ndefault-nameservice = nameservice1\n\n'
            '[flink]\nversion = 1.20\n' % (cluster["url"], volume, webhdfs.url))
        env = dict(os.environ)
        env.pop("FLOWSTATE_SETTINGS", None)
        env.update(HOME=str(work), XDG_CONFIG_HOME=str(work / ".config"),
                   XDG_DATA_HOME=str(work / ".local/share"))
        yield {"work": work, "env": env, "url": cluster["url"]}
    finally:
        webhdfs.close()
        sim.close()


def test_every_readme_command_runs_as_printed(cli, world):
    commands = readme_commands()
    assert len(commands) >= 25, "the README's examples were not found"
    failures = []
    for number, argv in commands:
        argv = [world["url"] if a == "http://jobmanager:8081" else a for a in argv]
        r = subprocess.run([cli.binary, *argv[1:]], cwd=world["work"], env=world["env"],
                           capture_output=True, text=True, timeout=60)
        if os.environ.get("FLOWSTATE_README_TRACE"):
            print("$", shlex.join(argv), "->", r.returncode, "\n", r.stdout, r.stderr)
        if r.returncode != 0:
            failures.append("README.md:%d: %s -> exit %d\n%s%s" % (
                number, shlex.join(argv), r.returncode, r.stdout[-600:], r.stderr[-600:]))
    assert not failures, "\n\n".join(failures)


def test_readme_commands_say_what_they_promise(cli, world):
    def run(*args):
        r = subprocess.run([cli.binary, *args], cwd=world["work"], env=world["env"],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, (args, r.stdout, r.stderr)
        return r.stdout

    assert re.search(r"chk-42\b", run("storage", "latest", "hdfs:///flink/cp", "--job", JOB))
    assert "COMPLETE" in run("storage", "verify", SAVEPOINT)
    assert JOB in run("storage", "match", "hdfs:///flink/cp", "--uid", "orders-source")
    assert "000000" not in run("sql", "split", "--json", "job.sql")
