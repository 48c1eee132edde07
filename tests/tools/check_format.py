#!/usr/bin/env python3
"""Checks that every C and C++ file of the project is as clang-format writes it (the
.clang-format files at the root and in include/flowstate/). It walks the source folders rather
than asking git, so that it works on a release tarball as on a clone, and checks whole files,
since a fresh clone has no base to diff against.

usage: check_format.py SOURCE_DIR [CLANG_FORMAT]
Fix what it reports with: clang-format -i FILE...
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

FOLDERS = ["include", "capi", "src", "sim", "tests", "benchmarks", "bindings", "examples", "abi",
           "test_package"]
SUFFIXES = {".h", ".hpp", ".c", ".cc", ".cpp", ".inc"}


def sources(root):
    for folder in FOLDERS:
        for dirpath, dirnames, filenames in os.walk(root / folder):
            # abi/baseline holds the released headers as they were, not sources.
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "build", "baseline")))
            for name in sorted(filenames):
                if Path(name).suffix in SUFFIXES:
                    yield Path(dirpath) / name


def main():
    root = Path(sys.argv[1]).resolve()
    tool = sys.argv[2] if len(sys.argv) > 2 else None
    tool = tool or shutil.which("clang-format") or shutil.which("clang-format-14")
    if not tool:
        print("clang-format not found (Debian package clang-format)")
        return 1
    files = list(sources(root))
    if not files:
        print("no sources under %s" % root)
        return 1
    bad = []
    for start in range(0, len(files), 64):
        batch = files[start : start + 64]
        run = subprocess.run(
            [tool, "--dry-run", "--Werror", "--ferror-limit=1"] + [str(f) for f in batch],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            for f in batch:
                one = subprocess.run([tool, "--dry-run", "--Werror", "--ferror-limit=1", str(f)],
                                     capture_output=True, text=True)
                if one.returncode != 0:
                    first = one.stderr.strip().splitlines()[:3]
                    bad.append("%s\n    %s" % (f.relative_to(root), "\n    ".join(first)))
    for b in bad:
        print("not formatted: " + b)
    print("checked %d files: %d not formatted" % (len(files), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
