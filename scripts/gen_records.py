#!/usr/bin/env python3
"""Derives the C++, Python and CLI JSON copies of the library's records from the C headers,
their one description (see README.md, "The boundary: one description, mechanical layers").

A record is a versioned info struct the library fills and hosts read (and, for records a
host also hands in, fills itself). Its fields say what they are by their C type and by the
first words of their comment, conventions the headers already follow:

  const char *x;   /* ... NULL when none */
                                       a string that may be absent (not the same as ""):
                                       std::optional in C++, None in Python, null in JSON
  const char *x;   /* ... NULL ... */  a string the library reads NULL and "" alike for
                                       (a host's "" goes to C as NULL)
  const char *x;                       a string
  int x;           /* 1: ... */        a boolean
  int x;           /* FLOWSTATE_ORIGIN_* */
                                       an enumeration, by the C prefix of its row in
                                       src/common/enums.inc; by its name in Python and JSON,
                                       absent (None, null) when the comment allows -1
  int64_t x;       /* ... -1 ... */    a number that may be absent: -1 in C and C++, None in
                                       Python, null in JSON
  other integers                       a number

A comment on the line before a field describes it when the field's own line has none.

Writes, for every record in RECORDS:
  include/flowstate/records.hpp          the C++ struct, its defaults (from <STRUCT>_INIT),
                                         detail::from_c() and detail::to_c()
  bindings/python/flowstate/_records.py  the frozen dataclass, from_c() and to_c()
  src/cli/record_json.h                  ToJson(): the record as the CLI's --json writes it

The files are committed, so that building needs no generator; the ctest `generated_files`
runs this with --check and fails when regenerating would change any of them.

usage: gen_records.py [--check] [SOURCE_DIR]
"""

import re
import subprocess
import sys
from pathlib import Path

from gen_structs import write_outputs  # the same write-or-check for every generator

# The records derived here: C struct, the name C++ gives it, the name Python gives it.
RECORDS = [
    ("flowstate_cluster_info", "ClusterInfo", "Cluster"),
    ("flowstate_job_info", "JobInfo", "Job"),
    ("flowstate_folder_info", "FolderInfo", "Folder"),
    ("flowstate_moved_secret", "MovedSecret", "MovedSecret"),
    ("flowstate_run_info", "RunInfo", "Run"),
    ("flowstate_snapshot_record", "SnapshotRecord", "SnapshotRecord"),
    ("flowstate_event_info", "EventInfo", "Event"),
    ("flowstate_flink_job_info", "FlinkJob", "FlinkJob"),
    ("flowstate_checkpoint_entry", "FlinkCheckpoint", "FlinkCheckpoint"),
    ("flowstate_savepoint_info", "FlinkSavepointStatus", "FlinkSavepointStatus"),
]

STRUCT = re.compile(r"typedef struct (flowstate_\w+) \{(.*?)\} \1;", re.S)
INIT = r"#define %s_INIT\s*\\?\s*\{(.*?)\}"
ENUM_TYPE = re.compile(r'T\((\w+), (\w+), "(\w+)", "[^"]*"\)')
ENUM_VALUE = re.compile(r'V\(\w+, (\d+), "(\w+)", "([^"]*)", "[^"]*"\)')
ENUM_TYPE_FLAG = re.compile(r"\b(FLOWSTATE_[A-Z0-9_]+_)\*")

INTS = {"int", "int64_t", "uint64_t", "int32_t", "uint32_t", "size_t", "unsigned int"}


class Error(Exception):
    pass


def camel(id_):
    return "".join(p.capitalize() for p in id_.split("_"))


def load_enums(root):
    """{C prefix: (ENUM ID, id, {C constant: name})} from enums.inc."""
    text = (root / "src/common/enums.inc").read_text()
    out = {}
    for upper, lower, prefix in ENUM_TYPE.findall(text):
        block = re.search(r"#define FLOWSTATE_ENUM_VALUES_%s\(V\)(.*?)(?:\n\n|\Z)" % upper, text, re.S)
        if not block:
            raise Error("enums.inc has no values for %s" % upper)
        values = {prefix + suffix: name for _, suffix, name in ENUM_VALUE.findall(block.group(1))}
        out[prefix] = (upper, lower, values)
    return out


def split_init(body):
    """The top-level comma-separated values of an initializer."""
    values, depth, cur = [], 0, ""
    for ch in body.replace("\\\n", " "):
        if ch in "{(":
            depth += 1
        elif ch in "})":
            depth -= 1
        if ch == "," and depth == 0:
            values.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        values.append(cur.strip())
    return values


def declarations(body):
    """[(declaration, comment)] of a struct body: a comment that starts on the line where a
    declaration ends describes it; comments on lines of their own describe the next one."""
    items, buf, line, i = [], "", 0, 0
    while i < len(body):
        if body.startswith("/*", i):
            j = body.index("*/", i)
            text = " ".join(l.strip().lstrip("*").strip() for l in body[i + 2:j].split("\n")).strip()
            items.append(("comment", text, line))
            line += body.count("\n", i, j)
            i = j + 2
            continue
        ch = body[i]
        if ch == ";":
            items.append(("decl", " ".join(buf.split()), line))
            buf = ""
        else:
            buf += ch
        if ch == "\n":
            line += 1
        i += 1
    out, pending = [], []
    for k, (kind, text, at) in enumerate(items):
        if kind == "comment":
            prev = items[k - 1] if k > 0 else None
            if prev is not None and prev[0] == "decl" and prev[2] == at:
                out[-1][2] = text
            else:
                pending.append(text)
            continue
        out.append([text, " ".join(pending), None])
        pending = []
    return [(d, trailing if trailing is not None else before) for d, before, trailing in out]


def parse_record(texts, cname, enums):
    """[(field, kind, detail, default, comment)] for struct `cname`."""
    for header, text in texts.items():
        m = STRUCT.search(text)
        while m and m.group(1) != cname:
            m = STRUCT.search(text, m.end())
        if m:
            break
    else:
        raise Error("no struct %s in include/flowstate/*.h" % cname)
    init = re.search(INIT % cname.upper(), text, re.S)
    if not init:
        raise Error("no %s_INIT for %s" % (cname.upper(), cname))
    defaults = split_init(init.group(1))
    fields = []
    for decl, comment in declarations(m.group(2)):
        comment = re.sub(r"^version \d+: ", "", comment)
        first, *rest = [d.strip() for d in decl.split(",")]
        tm = re.match(r"^(.*?)(\w+)$", first)
        if not tm:
            raise Error("%s: cannot read the declaration %r" % (cname, decl))
        ctype = " ".join(tm.group(1).replace("*", " * ").split())
        for name in [tm.group(2)] + [r.lstrip("*").strip() for r in rest]:
            fields.append((name, ctype, comment))  # `const char *a, *b`: one type for all
    if len(fields) != len(defaults):
        raise Error("%s has %d fields but %s_INIT %d values" % (cname, len(fields), cname.upper(), len(defaults)))
    out = []
    for (name, ctype, comment), default in zip(fields, defaults):
        if name == "version":
            continue
        flag = ENUM_TYPE_FLAG.search(comment)
        minus_one = re.search(r"(?<![\w-])-1\b", comment) is not None
        if ctype == "const char *":
            if "NULL when none" in comment:
                kind = "nullstr"
            else:
                kind = "optstr" if re.search(r"\bNULL\b", comment) else "str"
            detail = None
        elif ctype == "int" and flag:
            if flag.group(1) not in enums:
                raise Error("%s.%s: %s* is no enumeration's prefix in enums.inc" % (cname, name, flag.group(1)))
            kind, detail = "optenum" if minus_one else "enum", enums[flag.group(1)]
        elif ctype == "int" and comment.startswith("1:"):
            kind, detail = "bool", None
        elif ctype in INTS:
            kind = "optint" if minus_one else "int"
            detail = ctype
        else:
            raise Error("%s.%s: a field type records do not know: %s" % (cname, name, ctype))
        out.append((name, kind, detail, default, comment))
    return header, out


# ---- C++ ----------------------------------------------------------------------------------

def cpp_type(kind, detail):
    return {"str": "std::string", "optstr": "std::string", "nullstr": "std::optional<std::string>", "bool": "bool",
            "enum": "int", "optenum": "int"}.get(kind, detail)


def cpp_default(kind, default):
    if kind in ("str", "optstr", "nullstr"):
        return None
    if kind == "bool":
        return "true" if default not in ("0", "false") else "false"
    return default


def render_cpp(records):
    out = [
        "// flowstate/records.hpp: the library's records as C++ structs, with their defaults and",
        "// their conversions from and to the C structs.",
        "// Generated by scripts/gen_records.py from include/flowstate/*.h: do not edit.",
        "#ifndef FLOWSTATE_RECORDS_HPP",
        "#define FLOWSTATE_RECORDS_HPP",
        "",
        "#include <cstdint>",
        "#include <optional>",
        "#include <string>",
        "#include <utility>",
        "#include <vector>",
        "",
    ] + ['#include "flowstate/%s"' % h for h in sorted({r[3] for r in records})] + [
        '#include "flowstate/status.hpp"',
        "",
        "namespace flowstate {",
    ]
    for cname, name, py, header, fields in records:
        out += ["", "// %s (%s)." % (cname, header), "struct %s {" % name]
        for f, kind, detail, default, comment in fields:
            d = cpp_default(kind, default)
            decl = "  %s %s%s;" % (cpp_type(kind, detail), f, "" if d is None else " = " + d)
            out.append(decl + ("  // " + comment if comment else ""))
        out.append("};")
    out += ["", "namespace detail {"]
    for cname, name, py, header, fields in records:
        out += ["", "inline void init(%s& c) { c = %s %s_INIT; }" % (cname, cname, cname.upper())]
        out += ["", "inline %s from_c(const %s& c) {" % (name, cname), "  %s r;" % name]
        for f, kind, detail, default, comment in fields:
            if kind in ("str", "optstr"):
                out.append("  r.%s = or_empty(c.%s);" % (f, f))
            elif kind == "nullstr":
                out.append("  if (c.%s != nullptr) r.%s = c.%s;" % (f, f, f))
            elif kind == "bool":
                out.append("  r.%s = c.%s != 0;" % (f, f))
            else:
                out.append("  r.%s = c.%s;" % (f, f))
        out += ["  return r;", "}"]
        out += ["", "// The C view of `r`; its strings point into `r`.",
                "inline %s to_c(const %s& r) {" % (cname, name),
                "  %s c = %s_INIT;" % (cname, cname.upper())]
        for f, kind, detail, default, comment in fields:
            if kind == "str":
                out.append("  c.%s = r.%s.c_str();" % (f, f))
            elif kind == "optstr":
                out.append("  c.%s = r.%s.empty() ? nullptr : r.%s.c_str();" % (f, f, f))
            elif kind == "nullstr":
                out.append("  c.%s = r.%s ? r.%s->c_str() : nullptr;" % (f, f, f))
            elif kind == "bool":
                out.append("  c.%s = r.%s ? 1 : 0;" % (f, f))
            else:
                out.append("  c.%s = r.%s;" % (f, f))
        out += ["  return c;", "}"]
    out += [
        "",
        "// Every entry of a list handle, each read by the list's one _get call.",
        "template <typename C, typename L>",
        "auto read_list(const L* list, size_t (*count)(const L*), int (*get)(const L*, size_t, C*)) {",
        "  std::vector<decltype(from_c(std::declval<const C&>()))> out;",
        "  for (size_t i = 0; i < count(list); ++i) {",
        "    C c;",
        "    init(c);",
        "    if (get(list, i, &c) == FLOWSTATE_OK) out.push_back(from_c(c));",
        "  }",
        "  return out;",
        "}",
        "",
        "}  // namespace detail", "", "}  // namespace flowstate", "", "#endif  // FLOWSTATE_RECORDS_HPP"]
    return "\n".join(out) + "\n"


# ---- Python -------------------------------------------------------------------------------

def py_type(kind):
    return {"str": "str", "optstr": "str", "nullstr": "Optional[str]", "bool": "bool", "enum": "str",
            "optenum": "Optional[str]", "optint": "Optional[int]", "int": "int"}[kind]


def py_default(kind, detail, default):
    if kind in ("str", "optstr"):
        return '""'
    if kind == "nullstr":
        return "None"
    if kind == "optenum" and default == "-1":
        return "None"
    if kind == "bool":
        return "True" if default not in ("0", "false") else "False"
    if kind == "optint":
        return "None" if default == "-1" else default
    if kind in ("enum", "optenum"):
        if default not in detail[2]:
            raise Error("default %s is not a value of enumeration %s" % (default, detail[1]))
        return '"%s"' % detail[2][default]
    return default


def render_python(records):
    enum_classes = sorted({camel(d[1]) for _, _, _, _, fs in records for _, k, d, _, _ in fs if k in ("enum", "optenum")})
    out = [
        '"""The library\'s records as Python dataclasses, with their conversions from and to the',
        "C structs (_structs). Enumerations are their names (\"SAVEPOINT\"), numbers that may be",
        "absent are None, and strings are \"\" when absent.",
        "",
        "Generated by scripts/gen_records.py from include/flowstate/*.h: do not edit.",
        '"""',
        "",
        "# fmt: off",
        "from __future__ import annotations",
        "",
        "from dataclasses import dataclass",
        "from typing import Any, List, Optional, Tuple, Union",
        "",
        "from . import _native, _structs",
        "from .enums import %s" % ", ".join(enum_classes),
        "",
        "",
        "def _s(b: Optional[bytes]) -> str:",
        '    return b.decode("utf-8", "replace") if b else ""',
        "",
        "",
        "def _opt(v: int) -> Optional[int]:",
        "    return None if v < 0 else int(v)",
        "",
        "",
        "def _ns(b: Optional[bytes]) -> Optional[str]:",
        '    return None if b is None else b.decode("utf-8", "replace")',
        "",
        "",
        "def _opt_text(cls: Any, v: int) -> Optional[str]:",
        "    return None if v < 0 else _text(cls, v)",
        "",
        "",
        "def _text(cls: Any, v: int) -> str:",
        "    try:",
        "        return str(cls(v).text)",
        "    except ValueError:",
        "        return str(v)",
        "",
        "",
        "def _b(text: str, keep: List[bytes], null_if_empty: bool) -> Optional[bytes]:",
        "    if text == \"\" and null_if_empty:",
        "        return None",
        '    b = text.encode("utf-8")',
        "    keep.append(b)",
        "    return b",
    ]
    for cname, name, py, header, fields in records:
        out += ["", "", "@dataclass(frozen=True, kw_only=True)", "class %s:" % py,
                '    """%s (%s)."""' % (cname, header), ""]
        for f, kind, detail, default, comment in fields:
            line = "    %s: %s = %s" % (f, py_type(kind), py_default(kind, detail, default))
            out.append(line + ("  # " + comment if comment else ""))
    for cname, name, py, header, fields in records:
        snake = cname[len("flowstate_"):]
        out += ["", "", "def %s_from_c(c: Any) -> %s:" % (snake, py), "    return %s(" % py]
        for f, kind, detail, default, comment in fields:
            expr = {"str": "_s(c.%s)", "optstr": "_s(c.%s)", "nullstr": "_ns(c.%s)", "bool": "bool(c.%s)",
                    "optint": "_opt(c.%s)", "int": "int(c.%s)"}.get(kind)
            if kind == "enum":
                expr = "_text(%s, c.%%s)" % camel(detail[1])
            elif kind == "optenum":
                expr = "_opt_text(%s, c.%%s)" % camel(detail[1])
            out.append("        %s=%s," % (f, expr % f))
        out += ["    )"]
        out += ["", "", "def %s_to_c(r: %s) -> Tuple[Any, List[bytes]]:" % (snake, py),
                '    """The C struct for `r` and the bytes it points to (keep them while it is used)."""',
                "    keep: List[bytes] = []",
                "    c = _native.defaults(_structs.%s)" % cname]
        for f, kind, detail, default, comment in fields:
            if kind in ("str", "optstr"):
                out.append("    c.%s = _b(r.%s, keep, %s)" % (f, f, kind == "optstr"))
            elif kind == "nullstr":
                out.append("    c.%s = None if r.%s is None else _b(r.%s, keep, False)" % (f, f, f))
            elif kind == "optenum":
                out.append("    c.%s = -1 if r.%s is None else int(%s.parse(r.%s))" % (f, f, camel(detail[1]), f))
            elif kind == "bool":
                out.append("    c.%s = int(r.%s)" % (f, f))
            elif kind == "optint":
                out.append("    c.%s = -1 if r.%s is None else r.%s" % (f, f, f))
            elif kind == "enum":
                out.append("    c.%s = int(%s.parse(r.%s))" % (f, camel(detail[1]), f))
            else:
                out.append("    c.%s = r.%s" % (f, f))
        out += ["    return c, keep"]
    return "\n".join(out) + "\n"


# ---- CLI JSON -----------------------------------------------------------------------------

def render_json(records):
    out = [
        "// The library's records as the flowstate program's --json writes them: every field,",
        "// enumerations by name, what may be absent as null.",
        "// Generated by scripts/gen_records.py from include/flowstate/*.h: do not edit.",
        "#ifndef FLOWSTATE_SRC_CLI_RECORD_JSON_H_",
        "#define FLOWSTATE_SRC_CLI_RECORD_JSON_H_",
        "",
        '#include "cli/json.h"',
        '#include "flowstate/records.hpp"',
        '#include "rapidjson/document.h"',
        "",
        "namespace flowstate::cli {",
        "",
        "namespace record_json {",
        "using Alloc = rapidjson::Document::AllocatorType;",
        "inline rapidjson::Value Enum(int type, int v, Alloc& al) {",
        "  const char* name = flowstate_enum_name(type, v);",
        "  return name != nullptr ? JsonString(name, al) : rapidjson::Value(v);",
        "}",
        "inline rapidjson::Value Null() { return rapidjson::Value(rapidjson::kNullType); }",
        "inline rapidjson::Value Opt(int64_t v) {",
        "  return v < 0 ? rapidjson::Value(rapidjson::kNullType) : rapidjson::Value(v);",
        "}",
        "}  // namespace record_json",
    ]
    for cname, name, py, header, fields in records:
        out += ["", "// %s as JSON." % cname,
                "inline rapidjson::Value ToJson(const %s& r, record_json::Alloc& al) {" % name,
                "  rapidjson::Value o(rapidjson::kObjectType);"]
        for f, kind, detail, default, comment in fields:
            if kind in ("str", "optstr"):
                out.append('  o.AddMember("%s", JsonString(r.%s, al), al);' % (f, f))
            elif kind == "nullstr":
                out.append('  o.AddMember("%s", r.%s ? JsonString(*r.%s, al) : record_json::Null(), al);' % (f, f, f))
            elif kind == "optenum":
                out.append('  o.AddMember("%s", r.%s < 0 ? record_json::Null() : record_json::Enum(FLOWSTATE_ENUM_%s, r.%s, al), al);'
                           % (f, f, detail[0], f))
            elif kind == "enum":
                out.append('  o.AddMember("%s", record_json::Enum(FLOWSTATE_ENUM_%s, r.%s, al), al);'
                           % (f, detail[0], f))
            elif kind == "optint":
                out.append('  o.AddMember("%s", record_json::Opt(r.%s), al);' % (f, f))
            else:
                out.append('  o.AddMember("%s", r.%s, al);' % (f, f))
        out += ["  return o;", "}"]
    out += ["", "}  // namespace flowstate::cli", "", "#endif  // FLOWSTATE_SRC_CLI_RECORD_JSON_H_"]
    return "\n".join(out) + "\n"


def clang_format(text, where):
    """`text` as clang-format writes it by the style that applies at `where`, as the format
    check (tests/tools/check_format.py) wants every C++ file."""
    try:
        r = subprocess.run(["clang-format", "--assume-filename=%s" % where], input=text, text=True,
                           capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        raise Error("clang-format is needed to write C++: %s" % e)
    return r.stdout


def main():
    args = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv[1:]
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent
    try:
        enums = load_enums(root)
        texts = {h.name: h.read_text() for h in sorted((root / "include/flowstate").glob("*.h"))}
        records = []
        for cname, name, py in RECORDS:
            header, fields = parse_record(texts, cname, enums)
            records.append((cname, name, py, header, fields))
        outputs = {
            root / "include/flowstate/records.hpp": clang_format(render_cpp(records), root / "include/flowstate/x.hpp"),
            root / "bindings/python/flowstate/_records.py": render_python(records),
            root / "src/cli/record_json.h": clang_format(render_json(records), root / "src/cli/x.h"),
        }
    except Error as e:
        print("gen_records.py: %s" % e)
        return 1
    return write_outputs(root, outputs, check, "gen_records.py", "%d records" % len(records))

if __name__ == "__main__":
    sys.exit(main())
