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
                                       Python, null in JSON (not when the comment also names
                                       -2: then the negative numbers are codes)
  other integers                       a number
  const char *const *x; size_t x_count;
                                       a list of strings (std::vector, tuple, array), counted
                                       by the size_t ..._count that follows it
  size_t x_count;  with CHILDREN       a list of child records read by their own _get call:
                                       the record holds the list (filled by the wrapper) in
                                       place of the count

A string whose comment says "NULL when ..." may be absent (as "NULL when none").
A record with a list is only handed out: it has no to_c().

A comment on the line before a field describes it when the field's own line has none.

Writes include/flowstate/enum_types.hpp, every enumeration of src/common/enums.inc as a C++
enum class (enumerators: the C constant's suffix in lower case, "_value" after a C++
keyword), and, for every record in RECORDS:
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

from gen_structs import ToolMissing, clang_format, write_outputs  # shared by the generators

# The records derived here: C struct, the name C++ gives it, the name Python gives it.
# Children come later in this list than the records that hold them (see CHILDREN).
RECORDS = [
    ("flowstate_file_info", "FileEntry", "FileEntry"),
    ("flowstate_file_problem", "FileProblem", "FileProblem"),
    ("flowstate_snapshot_info", "SnapshotInfo", "Snapshot"),
    ("flowstate_job_directory", "JobDirectoryInfo", "JobDirectory"),
    ("flowstate_operator_state", "OperatorState", "MetadataOperator"),
    ("flowstate_state_file", "StateFile", "MetadataFile"),
    ("flowstate_metadata_info", "MetadataInfo", "Metadata"),
    ("flowstate_match_info", "OperatorMatchInfo", "OperatorMatch"),
    ("flowstate_statement_info", "StatementInfo", "StatementInfo"),
    ("flowstate_with_entry", "Option", "Option"),
    ("flowstate_variable_info", "Variable", "Variable"),
    ("flowstate_option_name_info", "OptionName", "OptionName"),
    ("flowstate_option_info", "OptionInfo", "OptionInfo"),
    ("flowstate_option_scope_info", "OptionScopeInfo", "OptionScopeInfo"),
    ("flowstate_config_history", "ConfigHistory", "ConfigHistory"),
    ("flowstate_config_entry", "ConfigEntry", "ConfigEntry"),
    ("flowstate_cluster_info", "ClusterInfo", "Cluster"),
    ("flowstate_job_info", "JobInfo", "Job"),
    ("flowstate_folder_info", "FolderInfo", "Folder"),
    ("flowstate_moved_secret", "MovedSecret", "MovedSecret"),
    ("flowstate_run_info", "RunInfo", "Run"),
    ("flowstate_snapshot_record", "SnapshotRecord", "SnapshotRecord"),
    ("flowstate_event_info", "EventInfo", "Event"),
    ("flowstate_restore_candidate", "RestoreCandidate", "RestoreCandidate"),
    ("flowstate_restore_decision_info", "RestoreDecision", "RestoreDecision"),
    ("flowstate_flink_job_info", "FlinkJob", "FlinkJob"),
    ("flowstate_checkpoint_entry", "FlinkCheckpoint", "FlinkCheckpoint"),
    ("flowstate_savepoint_info", "FlinkSavepointStatus", "FlinkSavepointStatus"),
    ("flowstate_running_row", "RunningRow", "RunningRow"),
    ("flowstate_job_rule", "JobRule", "JobRule"),
    ("flowstate_operation_record", "OperationRecord", "OperationRecord"),
    ("flowstate_transition_info", "TransitionInfo", "Transition"),
    ("flowstate_observed_change", "ObservedChange", "ObservedChange"),
    ("flowstate_observe_info", "ObserveInfo", "ObserveInfo"),
    ("flowstate_watch_info", "WatchInfo", "Watch"),
]

# (record, its count field): (the list's name, the child record). The list's entries are read
# by the record's own _get call for children (flowstate_snapshot_list_problem_get, ...).
CHILDREN = {
    ("flowstate_snapshot_info", "problem_count"): ("problems", "flowstate_file_problem"),
    ("flowstate_metadata_info", "operator_count"): ("operators", "flowstate_operator_state"),
    ("flowstate_metadata_info", "file_count"): ("files", "flowstate_state_file"),
    ("flowstate_option_info", "name_count"): ("names", "flowstate_option_name_info"),
    ("flowstate_config_entry", "history_count"): ("history", "flowstate_config_history"),
    ("flowstate_restore_decision_info", "candidate_count"): ("candidates", "flowstate_restore_candidate"),
}

STRUCT = re.compile(r"typedef struct (flowstate_\w+) \{(.*?)\} \1;", re.S)
INIT = r"#define %s_INIT\s*\\?\s*\{(.*?)\}"
ENUM_TYPE = re.compile(r'T\((\w+), (\w+), "(\w+)", "([^"]*)"\)')
ENUM_VALUE = re.compile(r'V\(\w+, (\d+), "(\w+)", "([^"]*)", "([^"]*)"\)')
ENUM_TYPE_FLAG = re.compile(r"\b(FLOWSTATE_[A-Z0-9_]+_)\*")

NAMES = {}  # C struct: (C++ name, Python name), for children

INTS = {"int", "int64_t", "uint64_t", "int32_t", "uint32_t", "size_t", "unsigned int"}


class Error(Exception):
    pass


def camel(id_):
    return "".join(p.capitalize() for p in id_.split("_"))


def load_enums(root):
    """{C prefix: (ENUM ID, id, {C constant: name}, [(C constant, C++ enumerator, doc)],
    what it is)} from enums.inc."""
    text = (root / "src/common/enums.inc").read_text()
    out = {}
    for upper, lower, prefix, what in ENUM_TYPE.findall(text):
        block = re.search(r"#define FLOWSTATE_ENUM_VALUES_%s\(V\)(.*?)(?:\n\n|\Z)" % upper, text, re.S)
        if not block:
            raise Error("enums.inc has no values for %s" % upper)
        rows = ENUM_VALUE.findall(block.group(1))
        values = {prefix + suffix: name for _, suffix, name, _ in rows}
        members = [(prefix + suffix, enumerator(suffix), doc) for _, suffix, _, doc in rows]
        out[prefix] = (upper, lower, values, members, what)
    return out


# C++ keywords a lower-cased C suffix may spell; such an enumerator gets "_value" appended.
KEYWORDS = {"auto", "default", "delete", "double", "enum", "float", "int", "long", "new", "short",
            "signed", "unsigned", "char", "bool", "true", "false", "and", "or", "not", "xor",
            "class", "struct", "union", "switch", "case", "do", "for", "if", "else", "while",
            "return", "break", "continue", "goto", "void", "const", "static", "extern", "register",
            "volatile", "public", "private", "protected", "template", "this", "throw", "try",
            "catch", "typedef", "typename", "using", "namespace", "operator", "friend", "inline",
            "virtual", "explicit", "export", "mutable", "sizeof", "asm"}


def enumerator(suffix):
    """The C++ enumerator of a C constant's suffix: lower case, `_value` after a keyword."""
    name = suffix.lower()
    return name + "_value" if name in KEYWORDS else name


def cpp_enumerator(detail, constant):
    """`Origin::triggered` for FLOWSTATE_ORIGIN_TRIGGERED."""
    for c, e, _ in detail[3]:
        if c == constant:
            return "%s::%s" % (camel(detail[1]), e)
    raise Error("%s is no value of enumeration %s" % (constant, detail[1]))


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
            raw = body[i + 2:j]
            raw = raw[2:] if raw.startswith("*<") else raw[1:] if raw.startswith("*") else raw  # Doxygen's /**< and /**
            text = " ".join(l.strip().lstrip("*").strip() for l in raw.split("\n")).strip()
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
    # A list of strings is counted by the size_t that follows it (missing_count, value_count).
    counts = {}
    for k, (name, ctype, _) in enumerate(fields):
        if ctype == "const char * const *":
            if k + 1 >= len(fields) or fields[k + 1][1] != "size_t" or not fields[k + 1][0].endswith("_count"):
                raise Error("%s.%s: a list of strings is followed by its size_t ..._count" % (cname, name))
            counts[name] = fields[k + 1][0]
    for (name, ctype, comment), default in zip(fields, defaults):
        if name == "version":
            continue
        flag = ENUM_TYPE_FLAG.search(comment)
        minus_one = re.search(r"(?<![\w-])-1\b", comment) is not None and not re.search(r"(?<![\w-])-2\b", comment)
        if (cname, name) in CHILDREN:
            if ctype != "size_t":
                raise Error("%s.%s: a list's count is a size_t" % (cname, name))
            list_name, child = CHILDREN[(cname, name)]
            out.append((list_name, "children", child, None, comment))
            continue
        if name in counts.values():
            continue  # a list's count
        if ctype == "const char * const *":
            out.append((name, "strlist", counts[name], None, comment))
            continue
        if ctype == "const char *":
            if "NULL when" in comment:
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
    if kind == "children":
        return "std::vector<%s>" % NAMES[detail][0]
    return {"strlist": "std::vector<std::string>","str": "std::string", "optstr": "std::string", "nullstr": "std::optional<std::string>", "bool": "bool",
            "enum": camel(detail[1]) if kind == "enum" else None,
            "optenum": "std::optional<%s>" % camel(detail[1]) if kind == "optenum" else None}.get(kind, detail)


def cpp_default(kind, default, detail=None):
    if kind in ("str", "optstr", "nullstr", "strlist", "children"):
        return None
    if kind == "optenum":
        return None if default == "-1" else cpp_enumerator(detail, default)
    if kind == "enum":
        return cpp_enumerator(detail, default)
    if kind == "bool":
        return "true" if default not in ("0", "false") else "false"
    return default


def takes_in(fields):
    """Whether hosts hand the record in too (then it has to_c()): not when it holds lists."""
    return not any(kind in ("strlist", "children") for _, kind, _, _, _ in fields)


def render_cpp(records):
    out = [
        "/// @file",
        "/// flowstate/records.hpp: the library's records as C++ structs, with their defaults and",
        "/// their conversions from and to the C structs.",
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
        '#include "flowstate/enums.hpp"',
        '#include "flowstate/status.hpp"',
        "",
        "namespace flowstate {",
    ]
    for cname, name, py, header, fields in records:
        out += ["", "/// %s (%s)." % (cname, header), "struct %s {" % name]
        for f, kind, detail, default, comment in fields:
            d = cpp_default(kind, default, detail)
            decl = "  %s %s%s;" % (cpp_type(kind, detail), f, "" if d is None else " = " + d)
            out.append(decl + ("  ///< " + comment if comment else ""))
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
            elif kind == "strlist":
                out.append("  for (size_t i = 0; i < c.%s; ++i) r.%s.push_back(or_empty(c.%s[i]));" % (detail, f, f))
            elif kind == "enum":
                out.append("  r.%s = static_cast<%s>(c.%s);" % (f, camel(detail[1]), f))
            elif kind == "optenum":
                out.append("  if (c.%s >= 0) r.%s = static_cast<%s>(c.%s);" % (f, f, camel(detail[1]), f))
            elif kind == "children":
                out.append("  // %s: read by the wrapper (%s)." % (f, comment or "its own _get call"))
            else:
                out.append("  r.%s = c.%s;" % (f, f))
        out += ["  return r;", "}"]
        if not takes_in(fields):
            continue
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
            elif kind == "enum":
                out.append("  c.%s = static_cast<int>(r.%s);" % (f, f))
            elif kind == "optenum":
                out.append("  c.%s = r.%s ? static_cast<int>(*r.%s) : -1;" % (f, f, f))
            else:
                out.append("  c.%s = r.%s;" % (f, f))
        out += ["  return c;", "}"]
    out += [
        "",
        "// Records 0 to n - 1, each read by get(i, &c) (a list's entries, a record's children).",
        "template <typename C, typename Get>",
        "auto read_n(size_t n, Get get) {",
        "  std::vector<decltype(from_c(std::declval<const C&>()))> out;",
        "  out.reserve(n);",
        "  for (size_t i = 0; i < n; ++i) {",
        "    C c;",
        "    init(c);",
        "    if (get(i, &c) == FLOWSTATE_OK) out.push_back(from_c(c));",
        "  }",
        "  return out;",
        "}",
        "",
        "// Every entry of a list handle, each read by the list's one _get call.",
        "template <typename C, typename L>",
        "auto read_list(const L* list, size_t (*count)(const L*), int (*get)(const L*, size_t, C*)) {",
        "  return read_n<C>(count(list), [&](size_t i, C* c) { return get(list, i, c); });",
        "}",
        "",
        "}  // namespace detail", "", "}  // namespace flowstate", "", "#endif  // FLOWSTATE_RECORDS_HPP"]
    return "\n".join(out) + "\n"


def render_enum_types(enums):
    out = [
        "/// @file",
        "/// flowstate/enum_types.hpp: every enumeration of the C ABI as a C++ enum class, with its",
        "/// id (for flowstate_enum_name and flowstate_enum_parse, see flowstate/enums.hpp).",
        "// Generated by scripts/gen_records.py from the enumerations' table: do not edit.",
        "#ifndef FLOWSTATE_ENUM_TYPES_HPP",
        "#define FLOWSTATE_ENUM_TYPES_HPP",
        "",
        '#include "flowstate/flowstate.h"',
        "",
        "namespace flowstate {",
    ]
    for prefix, (upper, lower, values, members, what) in enums.items():  # in the table's order
        name = camel(lower)
        out += ["", "/// %s%s (%s*)." % (what[0].upper(), what[1:], prefix), "enum class %s : int {" % name]
        for constant, e, doc in members:
            out.append("  %s = %s,%s" % (e, constant, "  ///< " + doc if doc else ""))
        out += ["};", "/// The id of %s for flowstate_enum_name() and flowstate_enum_parse()." % name,
                "constexpr int enum_id(%s) { return FLOWSTATE_ENUM_%s; }" % (name, upper)]
    out += ["", "}  // namespace flowstate", "", "#endif  // FLOWSTATE_ENUM_TYPES_HPP"]
    return "\n".join(out) + "\n"


# ---- Python -------------------------------------------------------------------------------

def py_type(kind, detail=None):
    if kind == "children":
        return "Tuple[%s, ...]" % NAMES[detail][1]
    return {"strlist": "Tuple[str, ...]","str": "str", "optstr": "str", "nullstr": "Optional[str]", "bool": "bool", "enum": "str",
            "optenum": "Optional[str]", "optint": "Optional[int]", "int": "int"}[kind]


def py_default(kind, detail, default):
    if kind in ("strlist", "children"):
        return "()"
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
        "from typing import Any, List, Optional, Tuple",
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
            line = "    %s: %s = %s" % (f, py_type(kind, detail), py_default(kind, detail, default))
            out.append(line + ("  # " + comment if comment else ""))
    for cname, name, py, header, fields in records:
        snake = cname[len("flowstate_"):]
        # cls: a subclass that adds fields or methods (sql.Statement, config.OptionInfo);
        # extra: their values, and the lists of children read by their own _get calls.
        out += ["", "", "def %s_from_c(c: Any, cls: Any = None, **extra: Any) -> %s:" % (snake, py),
                "    return (cls or %s)(" % py]
        for f, kind, detail, default, comment in fields:
            if kind == "children":
                continue  # in extra
            if kind == "strlist":
                out.append("        %s=tuple(_s(c.%s[i]) for i in range(c.%s))," % (f, f, detail))
                continue
            expr = {"str": "_s(c.%s)", "optstr": "_s(c.%s)", "nullstr": "_ns(c.%s)", "bool": "bool(c.%s)",
                    "optint": "_opt(c.%s)", "int": "int(c.%s)"}.get(kind)
            if kind == "enum":
                expr = "_text(%s, c.%%s)" % camel(detail[1])
            elif kind == "optenum":
                expr = "_opt_text(%s, c.%%s)" % camel(detail[1])
            out.append("        %s=%s," % (f, expr % f))
        out += ["        **extra,", "    )"]
        if not takes_in(fields):
            continue
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
                out.append('  o.AddMember("%s", r.%s ? record_json::Enum(FLOWSTATE_ENUM_%s, static_cast<int>(*r.%s), al) : record_json::Null(), al);'
                           % (f, f, detail[0], f))
            elif kind == "enum":
                out.append('  o.AddMember("%s", record_json::Enum(FLOWSTATE_ENUM_%s, static_cast<int>(r.%s), al), al);'
                           % (f, detail[0], f))
            elif kind == "optint":
                out.append('  o.AddMember("%s", record_json::Opt(r.%s), al);' % (f, f))
            elif kind in ("strlist", "children"):
                out += ['  {', '    rapidjson::Value a(rapidjson::kArrayType);',
                        '    for (const auto& x : r.%s) a.PushBack(%s, al);'
                        % (f, "JsonString(x, al)" if kind == "strlist" else "ToJson(x, al)"),
                        '    o.AddMember("%s", a, al);' % f, '  }']
            else:
                out.append('  o.AddMember("%s", r.%s, al);' % (f, f))
        out += ["  return o;", "}"]
    out += ["", "}  // namespace flowstate::cli", "", "#endif  // FLOWSTATE_SRC_CLI_RECORD_JSON_H_"]
    return "\n".join(out) + "\n"


def main():
    args = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv[1:]
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent
    try:
        enums = load_enums(root)
        texts = {h.name: h.read_text() for h in sorted((root / "include/flowstate").glob("*.h"))}
        records = []
        NAMES.update({cname: (name, py) for cname, name, py in RECORDS})
        for cname, name, py in RECORDS:
            header, fields = parse_record(texts, cname, enums)
            records.append((cname, name, py, header, fields))
        outputs = {
            root / "include/flowstate/enum_types.hpp": clang_format(render_enum_types(enums), root / "include/flowstate/x.hpp"),
            root / "include/flowstate/records.hpp": clang_format(render_cpp(records), root / "include/flowstate/x.hpp"),
            root / "bindings/python/flowstate/_records.py": render_python(records),
            root / "src/cli/record_json.h": clang_format(render_json(records), root / "src/cli/x.h"),
        }
    except (Error, ToolMissing) as e:
        print("gen_records.py: %s" % e)
        return 1
    return write_outputs(root, outputs, check, "gen_records.py", "%d records" % len(records))

if __name__ == "__main__":
    sys.exit(main())
