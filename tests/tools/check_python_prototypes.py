#!/usr/bin/env python3
"""Checks the Python package's ctypes prototypes against the C headers' real signatures.

Every row of `_PROTOTYPES` in bindings/python/flowstate/_native.py must name a function
declared in include/flowstate/*.h, with as many arguments, and with ctypes types that match
the C types: scalars exactly (a c_int where C takes int64_t truncates; a missing restype
makes an int64_t result an int), pointers to scalars as POINTER of that scalar, strings as
c_char_p, handles, structs and out-parameters as pointers, callbacks as their CFUNCTYPE.
The Python source is read with `ast`, so the check needs neither the library nor ctypes.

usage: check_python_prototypes.py SOURCE_DIR
"""

import ast
import re
import sys
from pathlib import Path

DECL = re.compile(r"FLOWSTATE_API\s+([^;{(]*?)\s*\b(flowstate_\w+)\s*\(([^)]*)\)\s*;", re.S)

# C scalar -> the ctypes spelling the package uses (names from _native.py).
SCALARS = {
    "int": {"c_int"},
    "unsigned int": {"ctypes.c_uint"},
    "size_t": {"c_size"},
    "int64_t": {"c_i64"},
    "uint64_t": {"c_u64"},
    "int32_t": {"ctypes.c_int32", "c_int"},
    "uint32_t": {"ctypes.c_uint32"},
    "double": {"ctypes.c_double"},
    "flowstate_severity": {"c_int"},
}
CALLBACKS = {
    "flowstate_log_fn": {"LOG_FN"},
    "flowstate_progress_fn": {"PROGRESS_FN"},
    "flowstate_round_fn": {"ROUND_FN"},
}
POINTERS = {"c_void", "c_void_pp", "c_str", "c_str_p"}


def c_type(param):
    """The type of one parameter declaration, normalised ("const char*", "size_t*")."""
    p = " ".join(param.split())
    p = re.sub(r"\s*\*\s*", "*", p)
    if not p.endswith("*"):
        words = p.split(" ")
        # A trailing name unless the declaration is only a type ("unsigned int", "size_t").
        if len(words) > 1 and " ".join(words) not in SCALARS:
            p = " ".join(words[:-1]) if " ".join(words[:-1]) not in ("const",) else p
    else:
        p = re.sub(r"\*\w+$", "*", p)
    return re.sub(r"\*(\w+)$", "*", p).replace("*const*", "**")


def headers(root):
    out = {}
    for h in sorted((root / "include" / "flowstate").glob("*.h")):
        text = re.sub(r"/\*.*?\*/", " ", h.read_text(), flags=re.S)
        for m in DECL.finditer(text):
            ret = " ".join(m.group(1).split()).replace(" *", "*")
            params = m.group(3).strip()
            args = [] if params in ("", "void") else [c_type(p) for p in params.split(",")]
            out[m.group(2)] = (re.sub(r"\s*\*", "*", ret), args, h.name)
    return out


def python_rows(root):
    tree = ast.parse((root / "bindings" / "python" / "flowstate" / "_native.py").read_text())
    for node in ast.walk(tree):
        target = getattr(node, "target", None) or (node.targets[0] if isinstance(node, ast.Assign) else None)
        if isinstance(target, ast.Name) and target.id == "_PROTOTYPES":
            for row in node.value.elts:
                name, restype, argtypes, _ = row.elts
                yield (row.lineno, name.value, ast.unparse(restype), [ast.unparse(a) for a in argtypes.elts])


def compatible(ctype, py, result=False):
    """None when `py` (ctypes spelling) can carry the C type `ctype`, else what is expected."""
    if ctype == "void":
        return None if py == "None" else "None"
    base = ctype.replace("const ", "").strip()
    if base in SCALARS:
        return None if py in SCALARS[base] else " or ".join(sorted(SCALARS[base]))
    if base in CALLBACKS:
        return None if py in CALLBACKS[base] | {"c_void"} else " or ".join(sorted(CALLBACKS[base]))
    if base.endswith("*"):
        pointee = base[:-1].strip()
        if pointee in SCALARS and not pointee.endswith("*"):
            want = {"ctypes.POINTER(%s)" % s for s in SCALARS[pointee]}
            return None if py in want else " or ".join(sorted(want))
        if pointee == "char":
            return None if py in ({"c_str", "c_void"}) else "c_str"
        if py in POINTERS or py.startswith("ctypes.POINTER("):
            return None
        return "a pointer type (c_void, c_void_pp, POINTER(...))"
    return "a type for %r" % ctype


def main():
    root = Path(sys.argv[1])
    declared = headers(root)
    problems = []
    seen = set()
    for line, name, restype, argtypes in python_rows(root):
        where = "_native.py:%d: %s" % (line, name)
        if name in seen:
            problems.append("%s: declared twice" % where)
        seen.add(name)
        if name not in declared:
            problems.append("%s: not declared in include/flowstate/" % where)
            continue
        ret, args, header = declared[name]
        if len(args) != len(argtypes):
            problems.append("%s: %d arguments, %s declares %d (%s)"
                            % (where, len(argtypes), header, len(args), ", ".join(args)))
            continue
        why = compatible(ret, restype, result=True)
        if why:
            problems.append("%s: restype %s for %s; expected %s" % (where, restype, ret, why))
        for i, (c, py) in enumerate(zip(args, argtypes)):
            why = compatible(c, py)
            if why:
                problems.append("%s: argument %d is %s for %s; expected %s" % (where, i + 1, py, c, why))
    for p in problems:
        print(p)
    print("%d Python prototypes checked against %d declarations, %d problems"
          % (len(seen), len(declared), len(problems)))
    return 1 if problems or not seen else 0


if __name__ == "__main__":
    sys.exit(main())
