"""`flowstate demo`: the seeds' story against the simulator, run as users run it. It must
pass, never show the CDC password, clean up after itself (also on Ctrl-C), and say plainly
when the simulator is missing."""

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path


def demo_env(tmp_path):
    env = dict(os.environ)
    env.pop("FLOWSTATE_SETTINGS", None)
    env.pop("FLOWSTATE_SIM", None)
    env["TMPDIR"] = str(tmp_path)
    return env


def test_the_demo_passes_and_cleans_up(cli, tmp_path):
    t0 = time.monotonic()
    r = subprocess.run([cli.binary, "demo"], capture_output=True, text=True, env=demo_env(tmp_path), timeout=120)
    took = time.monotonic() - t0
    assert r.returncode == 0, r.stdout + r.stderr
    assert took < 120
    for step in range(1, 10):
        assert "\n%d. " % step in r.stdout
    assert "FAILED" not in r.stdout
    assert "every step did what it said" in r.stdout
    assert "000000" not in r.stdout + r.stderr, "the CDC password is never shown"
    assert "${secret:" in r.stdout
    assert "resumed on cluster dr from" in r.stdout and "nothing lost, nothing read twice" in r.stdout
    assert "state.checkpoints.num-retained = 3: no effect in a session cluster" in r.stdout
    assert list(tmp_path.iterdir()) == [], "the temporary folder is removed"


def test_ctrl_c_cleans_up(cli, tmp_path):
    p = subprocess.Popen([cli.binary, "demo"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=demo_env(tmp_path))
    try:
        # Interrupted in the middle of the story (its first steps are done within a second).
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not list(tmp_path.glob("flowstate-demo-*/catalog.db")):
            time.sleep(0.02)
        time.sleep(0.3)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
        assert p.returncode in (0, 130), (p.returncode, out, err)
        if p.returncode == 130:
            assert "interrupted" in out + err
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    time.sleep(0.2)
    assert list(tmp_path.iterdir()) == [], "the temporary folder is removed"
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(tmp_path) not in ps, "the simulator is gone"


def test_a_missing_simulator_is_said_plainly(cli, tmp_path):
    env = demo_env(tmp_path)
    env["FLOWSTATE_SIM"] = str(tmp_path / "nowhere" / "flink_sim.py")
    r = subprocess.run([cli.binary, "demo"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode != 0
    assert "simulator" in r.stderr and "FLOWSTATE_SIM" in r.stderr and "nowhere" in r.stderr
