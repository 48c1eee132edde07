#!/usr/bin/env python3
"""Checks the module order: a file in src/<module>/ includes only its own module's headers and
those of the modules its CMakeLists.txt names in DEPS (flowstate_<module>, transitively);
src/cli/ is a user of the public API and includes no src/ module but its own; nothing in
src/ includes capi/. The DEPS graph itself must have no cycle.

usage: check_include_graph.py SOURCE_DIR
"""

import re
import sys
from pathlib import Path

INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/[^"]+"', re.M)
DEPS = re.compile(r"\bDEPS\b(.*?)\)", re.S)


def main():
    root = Path(sys.argv[1])
    src = root / "src"
    modules = sorted(p.name for p in src.iterdir() if (p / "CMakeLists.txt").is_file())
    direct = {}
    for m in modules:
        text = (src / m / "CMakeLists.txt").read_text()
        found = DEPS.search(text)
        names = re.findall(r"\bflowstate_([a-z]+)\b", found.group(1)) if found else []
        direct[m] = {n for n in names if n in modules and n != m}
    problems = []

    # Transitive closure, and a cycle check on the way.
    def closure(m, path):
        if m in path:
            problems.append("DEPS cycle: " + " -> ".join(path + [m]))
            return set()
        out = set()
        for d in direct[m]:
            out |= {d} | closure(d, path + [m])
        return out

    allowed = {m: closure(m, []) for m in modules}
    allowed["cli"] = set()  # the program uses the public headers only
    files = 0
    for m in modules:
        for f in sorted((src / m).rglob("*")):
            if f.suffix not in (".h", ".cc", ".inc"):
                continue
            files += 1
            for number, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
                inc = INCLUDE.match(line)
                if not inc:
                    continue
                target = inc.group(1)
                if target == m or target not in modules + ["capi"]:
                    continue
                if target == "capi" or target not in allowed[m]:
                    problems.append("%s:%d: src/%s includes %s/ (allowed: %s)" % (
                        f.relative_to(root), number, m, target, ", ".join(sorted(allowed[m])) or "none"))
    for p in problems:
        print(p)
    print("%d files in %d modules checked, %d problems" % (files, len(modules), len(problems)))
    return 1 if problems or files == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
