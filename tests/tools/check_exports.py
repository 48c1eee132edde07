#!/usr/bin/env python3
"""Checks that a shared library exports only flowstate_* functions and its version node.

usage: check_exports.py LIBRARY ABI_VERSION
Reads `nm -D --defined-only LIBRARY`; every defined dynamic symbol must be named
flowstate_* (bound to the version node FLOWSTATE_<ABI version>, e.g. FLOWSTATE_0.2) or be
that node itself.
"""

import re
import subprocess
import sys


def main():
    lib, abi = sys.argv[1], sys.argv[2]
    node = "FLOWSTATE_%s" % abi
    out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True, check=True).stdout
    symbols = [line.split()[-1] for line in out.splitlines() if line.strip()]
    bad = []
    exported = 0
    for sym in symbols:
        name, _, version = sym.partition("@@") if "@@" in sym else sym.partition("@")
        if name == node:
            continue
        if not re.fullmatch(r"flowstate_[a-z0-9_]+", name) or version != node:
            bad.append(sym)
        else:
            exported += 1
    if node not in symbols:
        bad.append("(missing version node %s)" % node)
    for b in bad:
        print("unexpected export:", b)
    print("%d flowstate_* symbols exported, %d unexpected" % (exported, len(bad)))
    return 1 if bad or exported == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
