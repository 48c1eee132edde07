#!/usr/bin/env python3
"""Checks the C ABI implementation's rules (see capi/capi.h):

1. Every extern "C" function defined in capi/ consists of a single `return Guard(...)`,
   `return GuardValue(...)` or `GuardVoid(...)` statement, so no exception escapes to C.
2. Every function declared in include/flowstate/*.h is defined in capi/, and vice versa.

usage: check_capi.py SOURCE_DIR
"""

import re
import sys
from pathlib import Path

DEF = re.compile(r"^FLOWSTATE_API\s+[^;{]*?\b(flowstate_\w+)\s*\(([^)]*)\)\s*\{", re.M | re.S)
DECL = re.compile(r"FLOWSTATE_API\s+[^;{]*?\b(flowstate_\w+)\s*\(", re.S)
GUARDED = re.compile(r"^\s*(return\s+Guard(Value)?\s*(<[^>]*>)?\s*\(|GuardVoid\s*\()")


def body_after(text, brace):
    depth, i = 0, brace
    while i < len(text):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[brace + 1 : i]
        i += 1
    return text[brace + 1 :]


def top_level_statements(body):
    """Number of statements at the body's own level (semicolons outside () and {})."""
    depth, count, i = 0, 0, 0
    while i < len(body):
        c = body[i]
        if c in "\"'":  # skip string and character literals
            j = i + 1
            while j < len(body) and body[j] != c:
                j += 2 if body[j] == "\\" else 1
            i = j
        elif c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        elif c == ";" and depth == 0:
            count += 1
        i += 1
    return count


def main():
    root = Path(sys.argv[1])
    problems = []
    defined = {}
    for src in sorted((root / "capi").glob("*.cc")):
        text = src.read_text()
        for m in DEF.finditer(text):
            name = m.group(1)
            body = body_after(text, m.end() - 1)
            if not GUARDED.match(body) or top_level_statements(body) != 1:
                problems.append("%s: %s is not exactly one Guard call" % (src.name, name))
            if name in defined:
                problems.append("%s defined twice (%s, %s)" % (name, defined[name], src.name))
            defined[name] = src.name
    declared = set()
    for hdr in sorted((root / "include" / "flowstate").glob("*.h")):
        declared.update(DECL.findall(hdr.read_text()))
    for name in sorted(declared - set(defined)):
        problems.append("%s is declared in a header but not defined in capi/" % name)
    for name in sorted(set(defined) - declared):
        problems.append("%s is defined in capi/ but not declared in a public header" % name)
    for p in problems:
        print("FAIL:", p)
    print("%d C ABI functions checked, %d problems" % (len(defined), len(problems)))
    return 1 if problems or not defined else 0


if __name__ == "__main__":
    sys.exit(main())
