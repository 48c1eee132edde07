#!/usr/bin/env python3
"""Checks the installed headers (include/flowstate and the generated version.h).

1. Each header compiles alone: *.h as C99 and as C++17, *.hpp as C++17, with
   -Wall -Wextra -pedantic -Werror.
2. No header includes a private dependency (Abseil, RapidJSON, curl, SQLite).
3. Opaque handle typedefs are declared once, in flowstate/common.h.
4. Every function declared in a C header is marked FLOWSTATE_API.
Exit status 0 when all hold; otherwise each violation is printed.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

FORBIDDEN = re.compile(r'#\s*include\s*[<"](absl/|rapidjson/|curl/|sqlite3)')
HANDLE_TYPEDEF = re.compile(r"typedef\s+struct\s+(flowstate_\w+)\s+\1\s*;")
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
DIRECTIVE = re.compile(r"^\s*#(?:[^\n]*\\\n)*[^\n]*", re.M)
FUNCTION = re.compile(r"\b(flowstate_\w+)\s*\(")


def declarations(text):
    """Each declaration of a C header (comments and preprocessor lines removed), however the
    formatter wrapped it."""
    code = DIRECTIVE.sub("", COMMENT.sub(" ", text))
    for chunk in re.split(r"[;{}]", code):
        chunk = " ".join(chunk.split())
        if chunk and not chunk.startswith("typedef") and "(*" not in chunk:
            yield chunk
FLAGS = ["-Wall", "-Wextra", "-pedantic", "-Werror", "-fsyntax-only"]


def compile_alone(compiler, lang, std, header, includes, workdir):
    src = Path(workdir) / ("alone." + ("c" if lang == "c" else "cc"))
    # Included twice to check the include guard; the typedef keeps the unit non-empty.
    src.write_text('#include "flowstate/%s"\n#include "flowstate/%s"\ntypedef int check_unit_;\n' % (header, header))
    cmd = [compiler, "-x", lang, "-std=" + std] + FLAGS
    for inc in includes:
        cmd += ["-I", inc]
    cmd.append(str(src))
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return proc.returncode, proc.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cc", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--include", action="append", required=True)
    args = ap.parse_args()

    headers = {}
    for inc in args.include:
        for p in sorted(Path(inc, "flowstate").glob("*.h*")):
            headers[p.name] = p
    problems = []
    if "common.h" not in headers or "version.h" not in headers:
        problems.append("common.h or the generated version.h not found in %s" % args.include)

    typedef_homes = {}
    with tempfile.TemporaryDirectory() as work:
        for name, path in sorted(headers.items()):
            text = path.read_text()
            if FORBIDDEN.search(text):
                problems.append("%s includes a private dependency" % name)
            for m in HANDLE_TYPEDEF.finditer(text):
                typedef_homes.setdefault(m.group(1), []).append(name)
            if name.endswith(".h"):
                for decl in declarations(text):
                    m = FUNCTION.search(decl)
                    if m and "FLOWSTATE_API" not in decl[: m.start()]:
                        problems.append("%s: %s is not marked FLOWSTATE_API" % (name, m.group(1)))
                builds = [(args.cc, "c", "c99"), (args.cxx, "c++", "c++17")]
            else:
                builds = [(args.cxx, "c++", "c++17")]
            for compiler, lang, std in builds:
                rc, err = compile_alone(compiler, lang, std, name, args.include, work)
                if rc != 0:
                    problems.append("%s does not compile alone as %s:\n%s" % (name, std, err))
    for handle, homes in typedef_homes.items():
        if homes != ["common.h"]:
            problems.append("%s is declared in %s; declare handles once, in common.h" % (handle, homes))

    for p in problems:
        print("FAIL:", p)
    print("checked %d headers: %s" % (len(headers), "ok" if not problems else "%d problems" % len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
