#!/usr/bin/env python3
"""Builds the Python wheel offline and uses it as a pip user would.

  1. stages bindings/python with the built libflowstate.so inside the package (under its
     soname) and runs `python3 -m build --wheel --no-isolation` (Debian's python3-build,
     python3-setuptools and python3-wheel; isolation would download them);
  2. checks the wheel: its name (flowstate-<the library's version>-py3-none-linux_<arch>), the
     library inside it, no RUNPATH, and only system libraries needed;
  3. installs it with pip into a new virtual environment (no index, nothing downloaded);
  4. from outside the source tree, with no PYTHONPATH or FLOWSTATE_LIBRARY: the package and the
     library it loads are the installed ones, the Python tests pass against them, and a library
     of another ABI is refused at import with what to do."""

import argparse
import os
import platform
import re
import shutil
import sys
import zipfile
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from procs import run  # noqa: E402


def soname(library):
    m = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", run(["readelf", "-d", library]).stdout)
    assert m, "no soname in %s" % library
    return m.group(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--library", required=True, help="the built libflowstate.so")
    ap.add_argument("--version", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--env", action="append", default=[],
                    help="NAME=VALUE for the test run (build artifacts the tests use)")
    a = ap.parse_args()
    work = Path(a.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    # 1. The staged package, the library inside it.
    stage = work / "stage"
    shutil.copytree(SOURCE / "bindings" / "python", stage,
                    ignore=shutil.ignore_patterns("__pycache__", "*.so*", "build", "*.egg-info"))
    library = Path(a.library).resolve()
    name = soname(library)
    shutil.copy(library, stage / "flowstate" / name)
    dist = work / "dist"
    run([a.python, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, stage])

    # 2. The wheel.
    wheels = list(dist.glob("*.whl"))
    assert len(wheels) == 1, wheels
    wheel = wheels[0]
    arch = platform.machine()
    want = "flowstate-%s-py3-none-linux_%s.whl" % (a.version, arch)
    assert wheel.name == want, "the wheel is %s, expected %s" % (wheel.name, want)
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        meta = z.read(next(n for n in names if n.endswith(".dist-info/WHEEL"))).decode()
    assert "flowstate/" + name in names, names
    assert "flowstate/py.typed" in names and "flowstate/_native.py" in names, names
    assert "Root-Is-Purelib: false" in meta and "Tag: py3-none-linux_%s" % arch in meta, meta
    dynamic = run(["readelf", "-d", library]).stdout
    assert "RUNPATH" not in dynamic and "RPATH" not in dynamic, "the library names a build path"
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)
    print("the wheel's library needs:", " ".join(needed))
    for lib in needed:
        assert re.match(r"(lib(curl|sqlite3|yaml-0|absl_\w+|stdc\+\+|m|gcc_s|c)|ld-linux[-\w]*)\.so", lib), (
            "an unexpected runtime dependency: %s (the README lists the wheel's)" % lib)

    # 3. A virtual environment (Debian's pytest from the system's site-packages), pip offline.
    venv = work / "venv"
    run([a.python, "-m", "venv", "--system-site-packages", venv])
    py = venv / "bin" / "python"
    run([py, "-m", "pip", "install", "--no-index", "--no-deps", "--no-cache-dir", wheel])

    # 4. Outside the source tree.
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "FLOWSTATE_LIBRARY", "FLOWSTATE_SOURCE_DIR")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    out = run([py, "-c", "import flowstate, flowstate._native as n; "
               "print(flowstate.__file__); print(n.lib._name); print(flowstate.version())"],
              env=env, cwd=work).stdout.split("\n")
    site = Path(out[0]).resolve().parent
    assert site.is_relative_to(venv.resolve()), "imported %s, not the installed package" % out[0]
    assert Path(out[1]).resolve() == site / name, "loaded %s, not the wheel's library" % out[1]
    assert out[2] == a.version, out

    fake = work / "libflowstate-other-abi.so"
    (work / "other.c").write_text(
        "int flowstate_version_number(void) { return 9900; }\n"
        "const char *flowstate_version(void) { return \"0.99.0\"; }\n")
    run(["cc", "-shared", "-fPIC", "-o", fake, work / "other.c"])
    r = run([py, "-c", "import flowstate"], check=False, cwd=work,
            env=dict(env, FLOWSTATE_LIBRARY=str(fake)))
    assert r.returncode != 0 and "ImportError" in r.stderr, r.stderr
    assert "is version 0.99.0" in r.stderr and "pip install 'flowstate==0.99.*'" in r.stderr, r.stderr

    # The tests with what they read beside them (tests/<module>/data, the simulator, the
    # headers), in a copy of the tree without the package's sources: only the wheel's can load.
    tree = work / "tree"
    shutil.copytree(SOURCE, tree, ignore=shutil.ignore_patterns(
        "__pycache__", ".git", "build", "bindings", "*.abi"))
    tests = tree / "tests"
    test_env = dict(env, FLOWSTATE_INSTALLED_PACKAGE="1", FLOWSTATE_SOURCE_DIR=str(tree))
    for kv in a.env:
        k, _, v = kv.partition("=")
        test_env[k] = v
    r = run([py, "-m", "pytest", "-q", "-p", "no:cacheprovider", tests / "python"], check=False,
            env=test_env, cwd=work)
    print(r.stdout[-3000:])
    if r.returncode != 0:
        sys.stderr.write(r.stderr[-3000:])
        raise SystemExit("the Python tests failed against the installed wheel")
    print("wheel ok:", wheel.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
