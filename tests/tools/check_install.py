#!/usr/bin/env python3
"""Installs flowstate into a scratch prefix and uses it the ways downstream users do.

  --build-dir DIR     install that (already built) tree: the shared library with the CLI and
                      the Python package, as `cmake --install` gives it
  --package KINDS     configure the source tree as a package manager's recipe drives it, build
                      and install it: `vcpkg` (ports/flowstate/portfile.cmake's options, a static
                      triplet), `conan` (conanfile.py's options, shared by default), or
                      `vcpkg,conan`: both in turn in one build tree

Then, against that prefix only: the installed files against tests/consumer/manifest-*.txt; a C
and a C++ program (and one with a function named as one inside the library) through
find_package(flowstate), a C-only project, a C program through pkg-config (--static for the
static library); the static library's global symbols; the examples (examples/), among them a C
program that stops a job with a savepoint against the installed Flink cluster simulator. The
installed-tree variant also runs the installed CLI (and its demo) and the installed Python
package. `--write-manifest` records the installed files instead of comparing them."""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import procs  # noqa: E402
CONSUMER = SOURCE / "tests" / "consumer"


def run(cmd, **kw):
    return procs.run(cmd, **kw).stdout


def recipe_options(kind):
    """The FLOWSTATE_* options the recipe passes, read from the recipe itself."""
    if kind == "vcpkg":
        text = (SOURCE / "ports" / "flowstate" / "portfile.cmake").read_text()
        opts = dict(re.findall(r"-D(FLOWSTATE_\w+)=(ON|OFF)", text))
        # vcpkg_check_features: a feature not asked for is OFF (the port's default: none).
        for feature, var in re.findall(r"^\s+(\w+) (FLOWSTATE_\w+)$", text, re.M):
            opts[var] = "OFF"
    else:
        text = (SOURCE / "conanfile.py").read_text()
        defaults = dict(re.findall(r'"(\w+)": (True|False)',
                                   re.search(r"default_options = \{([^}]*)\}", text).group(1)))
        opts = {}
        for var, value in re.findall(r'tc\.variables\["(FLOWSTATE_\w+)"\] = (.+)', text):
            m = re.match(r"bool\(self\.options\.(\w+)\)", value.strip())
            if m:
                value = defaults[m.group(1)]
            opts[var] = "ON" if value.strip() == "True" else "OFF"
    assert opts.get("FLOWSTATE_BUILD_TESTS") == "OFF", (kind, opts)
    return opts


def package_build(kind, build, prefix, generator):
    """Configures the source tree in `build` as the recipe would, builds it and installs it."""
    opts = recipe_options(kind)
    opts["BUILD_SHARED_LIBS"] = "OFF" if kind == "vcpkg" else "ON"
    opts["CMAKE_BUILD_TYPE"] = "Release"
    run(["cmake", "-S", SOURCE, "-B", build, "-G", generator]
        + ["-D%s=%s" % kv for kv in sorted(opts.items())])
    run(["cmake", "--build", build, "-j%d" % (os.cpu_count() or 2)])
    run(["cmake", "--install", build, "--prefix", prefix])
    return opts["BUILD_SHARED_LIBS"] == "ON"


def manifest(prefix, version):
    """The installed files, relative to the prefix, with the version written as {version}."""
    abi = abi_version(version)
    out = []
    for p in sorted(prefix.rglob("*")):
        if p.is_dir() or "__pycache__" in p.parts:
            continue
        rel = str(p.relative_to(prefix)).replace(version, "{version}")
        rel = re.sub(r"libflowstate\.so\.%s$" % re.escape(abi), "libflowstate.so.{abi}", rel)
        out.append(rel)
    return out


def abi_version(version):
    major, minor = (int(x) for x in version.split(".")[:2])
    return "%d.%d" % (major, minor) if major == 0 else str(major)


def check_manifest(prefix, version, name, write):
    path = CONSUMER / ("manifest-%s.txt" % name)
    got = manifest(prefix, version)
    if write:
        path.write_text("".join(line + "\n" for line in got))
        print("wrote", path)
        return
    want = [l for l in path.read_text().splitlines() if l and not l.startswith("#")]
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    assert not missing and not extra, (
        "the installed files changed (%s):\n  missing: %s\n  unexpected: %s\n"
        "(an intended change: rerun with --write-manifest and commit %s)"
        % (name, missing, extra, path.name))


def static_symbols(archive):
    """Global symbols defined in the static library that are neither the C ABI nor vague
    linkage (weak/unique with default visibility) of the C++ standard library."""
    stray = []
    for line in run(["readelf", "-sW", archive]).splitlines():
        f = line.split()
        if len(f) < 8 or not f[0][:-1].isdigit() or f[6] == "UND" or f[4] == "LOCAL":
            continue
        bind, vis, name = f[4], f[5], f[7]
        if name.startswith("flowstate_") or (bind in ("WEAK", "UNIQUE") and vis == "DEFAULT"):
            continue
        stray.append("%s %s %s" % (bind, vis, name))
    return stray


class Simulator:
    """The installed Flink cluster simulator on loopback, in a temporary state directory."""

    def __init__(self, sim, work):
        self.dir = Path(tempfile.mkdtemp(prefix="sim-", dir=work))
        self.proc = subprocess.Popen(["/usr/bin/python3", str(sim), "--state-dir", str(self.dir)],
                                     stdout=subprocess.PIPE, text=True, start_new_session=True)
        self.control = "http://127.0.0.1:%d" % json.loads(self.proc.stdout.readline())["control"]

    def post(self, path, body):
        req = urllib.request.Request(self.control + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def close(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


def consume(prefix, shared, version, work, generator, env, all_examples):
    """Everything a consumer does with an installation, against it alone."""
    lib = next(prefix.rglob("libflowstate.so" if shared else "libflowstate.a"))
    libdir = lib.parent
    env_run = dict(env, LD_LIBRARY_PATH=str(libdir)) if shared else dict(env)
    if shared:
        assert not list(prefix.rglob("libflowstate.a")), "a shared build installs no archive"
        abi = abi_version(version)
        assert (libdir / ("libflowstate.so." + abi)).exists(), "the soname carries the ABI " + abi
    else:
        assert not list(prefix.rglob("libflowstate.so*")), "a static build installs no .so"
        stray = static_symbols(lib)
        assert not stray, "libflowstate.a defines global symbols outside the C ABI: %s" % stray[:10]
    # The one target, under the name the recipes and the port's usage promise.
    targets = next(prefix.rglob("flowstateTargets.cmake")).read_text()
    defined = re.findall(r"add_library\((\S+) (?:SHARED|STATIC) IMPORTED\)", targets)
    assert defined == ["flowstate::flowstate"], "the package defines %s" % defined
    promised = {
        "conanfile.py": re.findall(r'"cmake_target_name", "([^"]+)"', (SOURCE / "conanfile.py").read_text()),
        "ports/flowstate/usage": re.findall(r"target_link_libraries\(main PRIVATE (\S+)\)",
                                            (SOURCE / "ports" / "flowstate" / "usage").read_text()),
    }
    for where, names in promised.items():
        assert names == defined, "%s names %s, the package defines %s" % (where, names, defined)
    include = prefix / "include" / "flowstate"
    for h in include.iterdir():
        text = h.read_text()
        for dep in ("absl/", "rapidjson/", "curl/", "sqlite3", "yaml.h"):
            assert dep not in text, "%s mentions %s" % (h, dep)

    cmake_prefix = "-DCMAKE_PREFIX_PATH=%s" % prefix
    build = work / "consumer"
    run(["cmake", "-S", CONSUMER / "project", "-B", build, "-G", generator, cmake_prefix], env=env)
    run(["cmake", "--build", build], env=env)
    for exe, want in (("consumer_c", "consumer_c " + version),
                      ("consumer_cpp", "consumer_cpp " + version),
                      ("consumer_clash", "clash library=1 own=1")):
        out = run([build / exe], env=env_run)
        assert out.strip() == want, (exe, out)
    if not shared:
        # The consumer's own function and the library's inner one are two functions.
        assert "IsSecretKey" not in run(["nm", "-D", build / "consumer_clash"]), \
            "nothing of the library's core is exported by a static consumer"
    c_only = work / "c-only"
    run(["cmake", "-S", CONSUMER / "c_only", "-B", c_only, "-G", generator, cmake_prefix], env=env)
    run(["cmake", "--build", c_only], env=env)
    assert run([c_only / "consumer_c_only"], env=env_run).strip() == "consumer_c " + version

    major, minor = (int(x) for x in version.split(".")[:2])
    if major == 0 and minor > 0:
        # While 0.x, each minor version is its own ABI: asking for the previous one fails.
        old = work / "old-consumer"
        old.mkdir()
        (old / "CMakeLists.txt").write_text(
            "cmake_minimum_required(VERSION 3.22)\nproject(old C)\n"
            "find_package(flowstate %d.%d REQUIRED CONFIG)\n" % (major, minor - 1))
        refused = subprocess.run(["cmake", "-S", old, "-B", old / "build", "-G", generator,
                                  cmake_prefix], env=env, capture_output=True, text=True)
        assert refused.returncode != 0 and "version" in refused.stderr.lower(), refused.stderr

    # pkg-config's flags point into this prefix (not the one configured at build time), and
    # a program compiled with them alone builds and runs.
    pc_env = dict(env, PKG_CONFIG_PATH=str(libdir / "pkgconfig"))
    assert shutil.which("pkg-config"), "pkg-config is needed (scripts/dev.sh installs it)"
    assert run(["pkg-config", "--modversion", "flowstate"], env=pc_env).strip() == version
    pc_prefix = Path(run(["pkg-config", "--variable=prefix", "flowstate"], env=pc_env).strip())
    assert pc_prefix.resolve() == prefix.resolve(), "flowstate.pc names %s, installed in %s" % (pc_prefix, prefix)
    pc_args = ["--cflags", "--libs"] + ([] if shared else ["--static"])
    flags = run(["pkg-config"] + pc_args + ["flowstate"], env=pc_env).split()
    assert "-lflowstate" in flags, flags
    program = work / "consumer_pc"
    run(["cc", "-o", program, CONSUMER / "project" / "main.c"] + flags, env=env)
    assert run([program], env=env_run).strip() == "consumer_c " + version

    run_examples(prefix, work, generator, env, env_run, all_examples)
    return libdir


def run_examples(prefix, work, generator, env, env_run, everything):
    """The examples (examples/) built against the installation and run: all of them in C, C++
    and Python (with the installed package) when `everything`, else the C program that stops a
    job with a savepoint. The lifecycle ones run against the simulator installed with the
    library, each on a job of its own with a checkpoint taken first."""
    build = work / "examples"
    run(["cmake", "-S", SOURCE / "examples", "-B", build, "-G", generator,
         "-DCMAKE_PREFIX_PATH=%s" % prefix], env=env)
    run(["cmake", "--build", build] + ([] if everything else ["--target", "stop_with_savepoint"]), env=env)
    site = next(prefix.rglob("dist-packages"), None) if everything else None
    py_env = dict(env, PYTHONPATH=str(site)) if site else None
    kinds = [("c", lambda name: [build / name])]
    if everything:
        kinds.append(("cpp", lambda name: [build / (name + "_cpp")]))
        kinds.append(("python", lambda name: ["/usr/bin/python3",
                                              SOURCE / "examples" / "python" / (name + ".py")]))
    data = SOURCE / "examples" / "data"

    sim = prefix / "share" / "flowstate" / "flink_sim.py"
    assert os.access(sim, os.X_OK), "the Flink cluster simulator is installed as a program"
    s = Simulator(sim, work)
    try:
        c = s.post("/clusters", {"name": "prod", "version": "1.20", "checkpoint_interval_ms": 60000,
                                 "num_retained": 3, "retention": "RETAIN_ON_CANCELLATION"})
        s.post("/sources/emp/rows", {"count": 2})
        for lang, cmd in kinds:
            e = py_env if lang == "python" else env_run
            if everything:
                out = run(cmd("open_catalog") + [work / ("catalog-%s.db" % lang)], env=e)
                assert "schema " in out and "job /cdc/emp on prod: NEW" in out, out
                out = run(cmd("explain_config") + [data / "flink-conf.yaml", data / "job.sql"], env=e)
                assert "execution.checkpointing.interval = 6 s  (job.sql:2:" in out, out
                assert "state.checkpoints.num-retained = 5  (job.sql:4:" in out, out
                assert "state.backend = rocksdb  (flink-conf.yaml:4)" in out, out
                assert "000000" not in out, "a secret reached the output: " + out
            # A job the cluster runs, with one checkpoint on storage.
            jid = s.post("/clusters/prod/jobs", {"count": 1, "source": "emp", "name": "emp-" + lang,
                                                 "checkpointing": "manual"})["job_ids"][0]
            chk = s.post("/clusters/prod/jobs/%s/checkpoint" % jid, {})["path"]
            if everything:
                out = run(cmd("latest_checkpoint") + ["file://" + c["checkpoint_dir"] + "/" + jid], env=e)
                assert out.strip().splitlines()[-1].startswith("latest %s (checkpoint " % chk), (chk, out)
            out = run(cmd("stop_with_savepoint") + [work / ("lifecycle-%s.db" % lang), c["url"],
                       "file://" + c["checkpoint_dir"], "file://" + c["savepoint_dir"], jid], env=e)
            m = re.match(r"savepoint file://(\S+)$", out.strip())
            assert m and Path(m.group(1), "_metadata").is_file(), out
            assert Path(m.group(1)).resolve().is_relative_to(Path(c["savepoint_dir"]).resolve()), out
    finally:
        s.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir")
    ap.add_argument("--package", help="vcpkg, conan or both in turn: vcpkg,conan")
    ap.add_argument("--work", required=True)
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--generator", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--write-manifest", action="store_true")
    a = ap.parse_args()
    if bool(a.build_dir) == bool(a.package):
        ap.error("give one of --build-dir and --package")
    if a.package and not set(a.package.split(",")) <= {"vcpkg", "conan"}:
        ap.error("--package: vcpkg, conan or vcpkg,conan")

    work = Path(a.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = dict(os.environ)
    for k in ("FLOWSTATE_LIBRARY", "PYTHONPATH", "FLOWSTATE_SIM", "LD_LIBRARY_PATH"):
        env.pop(k, None)

    if a.package:
        # One build tree, configured by each recipe in turn: the second configuration rebuilds
        # only what its options change (the library's own objects), as an incremental build does.
        build = work / "build"
        for kind in a.package.split(","):
            shared = package_build(kind, build, work / kind / "prefix", a.generator)
            check_manifest(work / kind / "prefix", a.version, kind, a.write_manifest)
            libdir = consume(work / kind / "prefix", shared, a.version, work / kind, a.generator, env,
                             all_examples=False)
            print("install ok (%s):" % kind, work / kind / "prefix", "library in", libdir)
    else:
        prefix = work / "prefix"
        run(["cmake", "--install", a.build_dir, "--prefix", prefix])
        check_manifest(prefix, a.version, "install", a.write_manifest)
        libdir = consume(prefix, True, a.version, work, a.generator, env, all_examples=True)

    if a.build_dir:
        cli = prefix / "bin" / "flowstate"
        out = run([cli, "--version"], env=env)
        assert out.strip() == "flowstate " + a.version, out
        sim = prefix / "share" / "flowstate" / "flink_sim.py"
        assert "--state-dir" in run(["/usr/bin/python3", sim, "--help"], env=env)
        # The installed program's demo runs the simulator installed beside it.
        out = run([cli, "demo"], env=env)
        assert "simulator " + str(Path(sim).resolve()) in out and "every step did what it said" in out, out

        site = next(prefix.rglob("dist-packages"))
        py_env = dict(env, PYTHONPATH=str(site))
        code = "import flowstate; print(flowstate.version(), flowstate._native.lib._name)"
        out = run([a.python, "-c", code], env=py_env, cwd=work)
        assert out.startswith(a.version + " "), out
        assert str(prefix) in out, "the installed package must load the installed library: " + out
        print("install ok:", prefix, "library in", libdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
