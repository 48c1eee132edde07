#!/usr/bin/env python3
"""Checks the public C headers against the enumeration table (src/common/enums.inc), the one
description of flowstate's enumerations:
  - FLOWSTATE_ENUM_<ID> in include/flowstate/enums.h is the row's position in
    FLOWSTATE_ENUM_TYPES, for every row and no other;
  - every value row V(enumerator, value, "SUFFIX", ...) has its constant <prefix><SUFFIX>
    with that value in include/flowstate/, as a #define or an enum constant;
  - every constant in the headers that starts with an enumeration's prefix (and not with a
    longer prefix of another) is a row of that enumeration.

usage: check_enums.py SOURCE_DIR
"""

import re
import sys
from pathlib import Path

TYPE_ROW = re.compile(r'^\s*T\((\w+), (\w+), "(\w+)", "[^"]*"\)', re.M)
VALUES = re.compile(r"#define FLOWSTATE_ENUM_VALUES_(\w+)\(V\)((?:[^\n]*\\\n)*[^\n]*)")
VALUE_ROW = re.compile(r'V\((\w+), (-?\d+), "(\w+)", "[^"]*", "(?:[^"\\]|\\.)*"\)')
DEFINE = re.compile(r"^\s*#\s*define\s+(FLOWSTATE_[A-Z0-9_]+)\s+\(?(-?(?:0x[0-9a-fA-F]+|\d+))u?\)?", re.M)
ENUMERATOR = re.compile(r"^\s*(FLOWSTATE_[A-Z0-9_]+)\s*=\s*(-?\d+)\s*,?", re.M)
# Constants that share a prefix with an enumeration but are not its values.
NOT_VALUES = re.compile(r"_(VERSION|INIT)$|^FLOWSTATE_STATEMENT_FLAG_|^FLOWSTATE_ENUM_")


def main():
    root = Path(sys.argv[1])
    table = (root / "src/common/enums.inc").read_text()
    types = TYPE_ROW.findall(table)
    values = {m.group(1): VALUE_ROW.findall(m.group(2)) for m in VALUES.finditer(table)}
    constants = {}
    for header in sorted((root / "include/flowstate").glob("*.h")):
        text = header.read_text()
        for pattern in (DEFINE, ENUMERATOR):
            for name, value in pattern.findall(text):
                constants[name] = int(value, 0)
    problems = []
    if not types:
        problems.append("no FLOWSTATE_ENUM_TYPES rows in enums.inc")
    prefixes = [prefix for _, _, prefix in types]

    ids = {n: v for n, v in constants.items() if n.startswith("FLOWSTATE_ENUM_")}
    for position, (ID, _, _) in enumerate(types):
        got = ids.pop("FLOWSTATE_ENUM_" + ID, None)
        if got != position:
            problems.append("FLOWSTATE_ENUM_%s is %s in enums.h; enums.inc has it at %d" % (ID, got, position))
    for name in sorted(n for n in ids if not n.endswith(("_VERSION", "_H"))):
        problems.append("%s in enums.h has no row in FLOWSTATE_ENUM_TYPES" % name)

    for ID, _, prefix in types:
        rows = values.get(ID)
        if not rows:
            problems.append("FLOWSTATE_ENUM_VALUES_%s is missing or empty" % ID)
            continue
        expected = {prefix + suffix: int(value) for _, value, suffix in rows}
        for name, value in sorted(expected.items()):
            if name not in constants:
                problems.append("%s (%s) is not in the C headers" % (name, ID))
            elif constants[name] != value:
                problems.append("%s is %d in the headers, %d in enums.inc" % (name, constants[name], value))
        longer = [p for p in prefixes if p != prefix and p.startswith(prefix)]
        for name in sorted(constants):
            if not name.startswith(prefix) or any(name.startswith(p) for p in longer):
                continue
            if NOT_VALUES.search(name) or name in expected:
                continue
            problems.append("%s looks like a %s value but enums.inc has no row for it" % (name, ID))

    for p in problems:
        print("FAIL: " + p)
    print("checked %d enumerations, %d values: %d problems"
          % (len(types), sum(len(v) for v in values.values()), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
