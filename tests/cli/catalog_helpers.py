"""What the catalog command tests share: an isolated home with one cluster in its settings,
and checkpoints on a real directory tree."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

from metadata_fixture import valid_metadata  # noqa: E402

RUN = "a0000000000000000000000000000001"


def catalog_env(tmp_path: Path) -> dict:
    """Settings with one cluster (prod, checkpoints in tmp_path/cp), the catalog in the XDG
    data directory."""
    settings = tmp_path / "settings.ini"
    settings.write_text(
        '[cluster "prod"]\nurl = http://127.0.0.1:8081\nflink-version = 1.20\ncheckpoint-dir = file://%s/cp\n'
        % tmp_path
    )
    return {"XDG_DATA_HOME": str(tmp_path / "data"), "FLOWSTATE_SETTINGS": str(settings), "HOME": str(tmp_path)}


def run(cli, env, *args):
    return cli(*args, env=env)


def checkpoint(root: Path, n: int, t: int, torn: bool = False, run_id: str = RUN) -> str:
    """A checkpoint root/<run_id>/chk-n completed at t (seconds); its file:// location."""
    d = root / run_id / ("chk-%d" % n)
    d.mkdir(parents=True)
    data = valid_metadata(4, n)
    (d / "_metadata").write_bytes(data[: len(data) // 2] if torn else data)
    os.utime(d / "_metadata", (t, t))
    os.utime(d, (t, t))
    return "file://" + str(d)


def _catalog(env: dict):
    """The CLI's catalog (in env's XDG data directory), opened through the Python package."""
    import flowstate

    return flowstate.Catalog(os.path.join(env["XDG_DATA_HOME"], "flowstate", "catalog.db"), create=False)


def record_run(env: dict, job: str, flink_job_id: str = None, **kw):
    """Records a run by hand (flowstate.unstable: the CLI has no verb for it, only the
    lifecycle writes runs), as history set up for a test."""
    from flowstate import unstable

    with _catalog(env) as cat:
        return unstable.start_run(cat, job, flink_job_id=flink_job_id, **kw)


def end_recorded_run(env: dict, run_id: int, final_status: str) -> None:
    from flowstate import unstable

    with _catalog(env) as cat:
        unstable.end_run(cat, run_id, final_status)
