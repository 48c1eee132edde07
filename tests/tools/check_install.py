#!/usr/bin/env python3
"""Installs a build into a scratch prefix and uses it the ways downstream users do:
find_package(flowstate) from CMake (C and C++), pkg-config, the installed CLI and the
installed Python package (which must find the library on its own)."""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path


def run(cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--project", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--python", required=True)
    ap.add_argument("--generator", required=True)
    ap.add_argument("--version", required=True)
    a = ap.parse_args()

    work = Path(a.work)
    shutil.rmtree(work, ignore_errors=True)
    prefix = work / "prefix"
    run(["cmake", "--install", a.build_dir, "--prefix", prefix])

    include = prefix / "include" / "flowstate"
    assert (include / "flowstate.h").exists() and (include / "version.h").exists()
    for h in include.iterdir():
        text = h.read_text()
        for dep in ("absl/", "rapidjson/", "curl/", "sqlite3"):
            assert dep not in text, "%s mentions %s" % (h, dep)
    assert not list(prefix.rglob("*.a")), "the static core modules must not be installed"

    env = dict(os.environ)
    env.pop("FLOWSTATE_LIBRARY", None)
    env.pop("PYTHONPATH", None)
    run(["cmake", "-S", a.project, "-B", work / "consumer", "-G", a.generator,
         "-DCMAKE_PREFIX_PATH=%s" % prefix], env=env)
    run(["cmake", "--build", work / "consumer"], env=env)
    libdir = next(p.parent for p in prefix.rglob("libflowstate.so*"))
    major, minor = (int(x) for x in a.version.split(".")[:2])
    abi = "%d.%d" % (major, minor) if major == 0 else str(major)
    assert (libdir / ("libflowstate.so." + abi)).exists(), "the soname carries the ABI version " + abi
    if major == 0 and minor > 0:
        # While 0.x, each minor version is its own ABI: asking for the previous one fails.
        old = work / "old-consumer"
        old.mkdir()
        (old / "CMakeLists.txt").write_text(
            "cmake_minimum_required(VERSION 3.22)\nproject(old C)\n"
            "find_package(flowstate %d.%d REQUIRED CONFIG)\n" % (major, minor - 1))
        refused = subprocess.run(["cmake", "-S", old, "-B", old / "build", "-G", a.generator,
                                  "-DCMAKE_PREFIX_PATH=%s" % prefix], env=env, capture_output=True, text=True)
        assert refused.returncode != 0 and "version" in refused.stderr.lower(), refused.stderr
    env_run = dict(env, LD_LIBRARY_PATH=str(libdir))
    out = run([work / "consumer" / "consumer_c"], env=env_run)
    assert out.strip() == "consumer_c " + a.version, out
    out = run([work / "consumer" / "consumer_cpp"], env=env_run)
    assert out.strip() == "consumer_cpp " + a.version, out

    # pkg-config's flags point into this prefix (not the one configured at build time), and
    # a program compiled with them alone builds and runs.
    pc_env = dict(env, PKG_CONFIG_PATH=str(libdir / "pkgconfig"))
    assert shutil.which("pkg-config"), "pkg-config is needed (scripts/dev.sh installs it)"
    assert run(["pkg-config", "--modversion", "flowstate"], env=pc_env).strip() == a.version
    pc_prefix = Path(run(["pkg-config", "--variable=prefix", "flowstate"], env=pc_env).strip())
    assert pc_prefix.resolve() == prefix.resolve(), "flowstate.pc names %s, installed in %s" % (pc_prefix, prefix)
    flags = run(["pkg-config", "--cflags", "--libs", "flowstate"], env=pc_env).split()
    assert "-lflowstate" in flags, flags
    program = work / "consumer_pc"
    run(["cc", "-o", program, Path(a.project) / "main.c"] + flags, env=env)
    out = run([program], env=env_run)
    assert out.strip() == "consumer_c " + a.version, out

    cli = prefix / "bin" / "flowstate"
    out = run([cli, "--version"], env=env)
    assert out.strip() == "flowstate " + a.version, out

    sim = prefix / "share" / "flowstate" / "flink_sim.py"
    assert os.access(sim, os.X_OK), "the Flink cluster simulator is installed as a program"
    assert "--state-dir" in run(["/usr/bin/python3", sim, "--help"], env=env)
    # The installed program's demo runs the simulator installed beside it.
    demo_env = {k: v for k, v in env.items() if k != "FLOWSTATE_SIM"}
    out = run([cli, "demo"], env=demo_env)
    assert "simulator " + str(Path(sim).resolve()) in out and "every step did what it said" in out, out

    site = next(prefix.rglob("dist-packages"))
    py_env = dict(env, PYTHONPATH=str(site))
    code = "import flowstate; print(flowstate.version(), flowstate._native.lib._name)"
    out = run([a.python, "-c", code], env=py_env, cwd=work)
    assert out.startswith(a.version + " "), out
    assert str(prefix) in out, "the installed package must load the installed library: " + out
    print("install ok:", prefix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
