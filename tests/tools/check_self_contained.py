#!/usr/bin/env python3
"""Checks that the tests, benchmarks, fuzz scripts, simulator and build read nothing outside
the checkout: no path into the reference folder beside it, nor the build variable that named
it, so a clone alone runs every test instead of skipping the ones whose data is elsewhere.

Usage: check_self_contained.py SOURCE_DIR. Exit status 0 when nothing refers outside;
otherwise each place is printed as file:line.
"""

import re
import sys
from pathlib import Path

# A path that leaves the checkout for the folder of reference material beside it, or the
# variable that named it (spelled in pieces, so this file does not match itself).
FOLDER = "sha" + "red"
OUTSIDE = re.compile(r"\.\./%s\b|\bFLOWSTATE_%s_DIR\b|parents\[3\]\s*/\s*[\"']%s[\"']"
                     % (FOLDER, FOLDER.upper(), FOLDER))
FOLDERS = ("tests", "benchmarks", "sim", "scripts", ".ci", "cmake")
FILES = ("CMakeLists.txt", "CMakePresets.json")
SUFFIXES = {".cc", ".h", ".hpp", ".c", ".py", ".sh", ".txt", ".cmake", ".json", ".in", ""}


def candidates(root: Path):
    for name in FILES:
        if (root / name).is_file():
            yield root / name
    for folder in FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for p in sorted(base.rglob("*")):
            if p.is_file() and p.suffix in SUFFIXES and "data" not in p.relative_to(base).parts:
                yield p


def main() -> int:
    root = Path(sys.argv[1]).resolve()
    problems = []
    for path in candidates(root):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                problems.append("%s:%d: refers outside the checkout: %s" % (path.relative_to(root), number, line.strip()))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
