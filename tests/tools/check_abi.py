#!/usr/bin/env python3
"""The ABI check: libflowstate against the committed baseline (abi/baseline).

  1. abidiff between the baseline's dump (abidw, Debian's abigail-tools) and the new library,
     with abi/suppressions.abignore: any change but added functions and fields appended to
     versioned structs fails, and so does a removed function (abidiff's exit status);
  2. the suppression specification lists exactly the baseline's versioned structs (those
     whose first member is `unsigned int version;`), and it does what it says on small
     libraries built here: a field appended to a versioned struct passes; a field inserted
     before the end, a grown unversioned struct, a changed signature and a removed function fail;
  3. a C program compiled against the baseline's headers (abi/old_client.c) runs against the
     new library.

  --write-baseline  records the library given as the new baseline (an intended ABI change:
                    a new minor version while 0.x, a new major version from 1.0 on)."""

import argparse
import re
import shutil
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from procs import run  # noqa: E402
ABI = SOURCE / "abi"
BASELINE = ABI / "baseline"
SPEC = ABI / "suppressions.abignore"


def headers_dir(include_dirs, into):
    """The public C headers of several include directories, in one folder (abidw reads one)."""
    out = Path(into) / "flowstate"
    out.mkdir(parents=True, exist_ok=True)
    for d in include_dirs:
        for h in Path(d, "flowstate").glob("*.h"):
            shutil.copy(h, out / h.name)
    return out


def abidw(library, headers, out):
    run(["abidw", "--no-corpus-path", "--no-comp-dir-path", "--short-locs",
         "--exported-interfaces-only", "--drop-private-types", "--drop-undefined-syms",
         "--headers-dir", headers, "--out-file", out, library])


def versioned_structs(headers):
    names = []
    for h in sorted(Path(headers).glob("*.h")):
        text = h.read_text()
        names += re.findall(r"typedef struct (flowstate_\w+) \{\s*unsigned int version;", text)
    return sorted(set(names))


def spec_text(names):
    head = SPEC.read_text().split("[suppress_type]")[0]
    return (head + "[suppress_type]\n"
            "  label = a field appended to a versioned struct\n"
            "  type_kind = struct\n"
            "  name_regexp = ^(" + "|".join(names) + ")$\n"
            "  has_data_member_inserted_at = end\n"
            "  has_size_change = yes\n")


def abidiff(old, new, spec):
    return run(["abidiff", "--no-added-syms", "--suppressions", spec, old, new],
               check=False)


def check_spec(work, versioned):
    """The specification, applied to libraries that differ in one way each."""
    plain = "flowstate_probe_plain"
    v1 = ("typedef struct %s { unsigned int version; int a; int c; } versioned_t;\n"
          "typedef struct %s { int a; int c; } plain_t;\n" % (versioned, plain))
    body = ("int flowstate_probe_use(const versioned_t *o) { return o->a; }\n"
            "int flowstate_probe_plain(const plain_t *o) { return o->a; }\n")
    cases = {
        "baseline": (v1, body, True),
        "appended to a versioned struct": (v1.replace("int c; } versioned_t", "int c; long b; } versioned_t"), body, True),
        "a function added": (v1, body + "int flowstate_probe_new(void) { return 1; }\n", True),
        "inserted before the end": (v1.replace("version; int a;", "version; int b; int a;"), body, False),
        "appended to an unversioned struct": (v1.replace("int c; } plain_t", "int c; long b; } plain_t"), body, False),
        "a changed signature": (v1, body.replace("(const versioned_t *o) { return o->a;", "(const versioned_t *o, int x) { return o->a + x;"), False),
        "a removed function": (v1, body.replace("int flowstate_probe_plain(const plain_t *o) { return o->a; }\n", ""), False),
    }
    libs = {}
    for name, (header, code, _) in cases.items():
        d = Path(work, "probe-" + str(len(libs)))
        d.mkdir()
        (d / "probe.c").write_text(header + code)
        run(["cc", "-g", "-shared", "-fPIC", "-o", d / "libprobe.so", d / "probe.c"])
        libs[name] = d / "libprobe.so"
    for name, (_, _, passes) in cases.items():
        r = abidiff(libs["baseline"], libs[name], spec=SPEC)
        assert (r.returncode == 0) == passes, "the specification %s %s:\n%s" % (
            "refuses" if passes else "lets through", name, r.stdout + r.stderr)
        print("  spec:", name, "->", "passes" if passes else "fails (exit %d)" % r.returncode)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--library", required=True, help="the new libflowstate.so")
    ap.add_argument("--include", action="append", required=True,
                    help="an include directory of the new headers (the source's and the generated)")
    ap.add_argument("--work", required=True)
    ap.add_argument("--write-baseline", action="store_true")
    a = ap.parse_args()
    work = Path(a.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    new_headers = headers_dir(a.include, work / "new")

    if a.write_baseline:
        shutil.rmtree(BASELINE, ignore_errors=True)
        base_headers = headers_dir(a.include, BASELINE / "include")
        abidw(a.library, base_headers, BASELINE / "libflowstate.abi")
        SPEC.write_text(spec_text(versioned_structs(base_headers)))
        print("wrote", BASELINE, "and", SPEC)
        return 0

    base_headers = BASELINE / "include" / "flowstate"
    names = versioned_structs(base_headers)
    assert names, "no versioned struct in the baseline's headers"
    assert SPEC.read_text() == spec_text(names), (
        "abi/suppressions.abignore does not list the baseline's versioned structs")
    check_spec(work, names[0])

    new_dump = work / "libflowstate.abi"
    abidw(a.library, new_headers, new_dump)
    r = abidiff(BASELINE / "libflowstate.abi", new_dump, spec=SPEC)
    if r.returncode != 0:
        sys.stderr.write(r.stdout + r.stderr)
        raise SystemExit(
            "libflowstate's ABI differs from the baseline (abidiff exit %d: %s). An intended "
            "change needs a new ABI version; see the README's 'ABI baseline'." % (
                r.returncode, "incompatible" if r.returncode & 8 else "changed"))
    print("abidiff: compatible with the baseline")

    # A program built against the baseline's headers, run with the new library.
    old = work / "old_client"
    run(["cc", "-std=c99", "-Wall", "-Werror", "-I", BASELINE / "include", "-o", old,
         ABI / "old_client.c", a.library])
    out = run([old], env={"LD_LIBRARY_PATH": str(Path(a.library).parent)}).stdout
    print(out.strip())
    assert out.strip().endswith("ok"), out
    return 0


if __name__ == "__main__":
    sys.exit(main())
