"""The records' C++, Python and JSON copies are derived from the C header alone: adding a
field to a record's C struct (and its _INIT) is all the generator needs, and what it cannot
read it refuses by name."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("FLOWSTATE_SOURCE_DIR", Path(__file__).resolve().parents[2]))
SCRIPT = SOURCE / "scripts" / "gen_records.py"


def copy_tree(tmp_path):
    root = tmp_path / "src"
    for part in ("include/flowstate", "src/common", "scripts"):
        shutil.copytree(SOURCE / part, root / part)
    (root / "bindings/python/flowstate").mkdir(parents=True)
    (root / "src/cli").mkdir(parents=True, exist_ok=True)
    # clang-format styles by the .clang-format files above each output
    for style in SOURCE.rglob(".clang-format"):
        rel = style.relative_to(SOURCE)
        if rel.parts[0] in ("build",):
            continue
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(style, target)
    return root


def generate(root):
    return subprocess.run([sys.executable, str(root / "scripts/gen_records.py"), str(root)],
                          capture_output=True, text=True)


def add_field(root, decl, init_value):
    h = root / "include/flowstate/catalog.h"
    text = h.read_text()
    text = text.replace("\n} flowstate_snapshot_record;", "\n  %s\n} flowstate_snapshot_record;" % decl)
    start = text.index("#define FLOWSTATE_SNAPSHOT_RECORD_INIT")
    end = text.index("}", text.index("{", start))
    text = text[:start] + text[start:end].rstrip().rstrip("\\").rstrip() + ", %s \\\n  }" % init_value + text[end + 1:]
    h.write_text(text)


@pytest.mark.skipif(shutil.which("clang-format") is None, reason="the generator formats C++ with clang-format")
@pytest.mark.skipif(bool(os.environ.get("FLOWSTATE_INSTALLED_PACKAGE")),
                    reason="checks the source tree's generated bindings, not an installed package")
def test_a_new_field_reaches_cpp_python_and_json_from_the_header_alone(tmp_path):
    root = copy_tree(tmp_path)
    add_field(root, "int64_t restored_by_run; /* the run that restored it, or -1 */", "-1")
    add_field(root, "int drained; /* 1: taken by a stop with drain */", "0")
    add_field(root, "const char *operator_hint; /* or NULL */", "NULL")
    add_field(root, "int claim; /* FLOWSTATE_CLAIM_* */", "FLOWSTATE_CLAIM_NO_CLAIM")
    add_field(root, "int restored_claim; /* FLOWSTATE_CLAIM_*, -1 when not restored */", "-1")
    add_field(root, "const char *pending; /* NULL when none */", "NULL")
    r = generate(root)
    assert r.returncode == 0, r.stdout + r.stderr
    cpp = (root / "include/flowstate/records.hpp").read_text()
    assert "int64_t restored_by_run = -1;" in cpp and "r.restored_by_run = c.restored_by_run;" in cpp
    assert "bool drained = false;" in cpp and "c.drained = r.drained ? 1 : 0;" in cpp
    assert "c.operator_hint = r.operator_hint.empty() ? nullptr : r.operator_hint.c_str();" in cpp
    py = (root / "bindings/python/flowstate/_records.py").read_text()
    assert "    restored_by_run: Optional[int] = None" in py
    assert "    drained: bool = False" in py
    assert '    claim: str = "NO_CLAIM"' in py and "claim=_text(ClaimMode, c.claim)" in py
    js = (root / "src/cli/record_json.h").read_text()
    assert 'o.AddMember("restored_by_run", record_json::Opt(r.restored_by_run), al);' in js
    assert 'o.AddMember("operator_hint", JsonString(r.operator_hint, al), al);' in js
    assert 'record_json::Enum(FLOWSTATE_ENUM_CLAIM_MODE, static_cast<int>(r.claim), al)' in js
    assert "ClaimMode claim = ClaimMode::no_claim;" in cpp and "r.claim = static_cast<ClaimMode>(c.claim);" in cpp
    # an enumeration that may be absent, a string that may be absent (not "")
    assert "std::optional<ClaimMode> restored_claim;" in cpp and "std::optional<std::string> pending;" in cpp
    assert "c.restored_claim = r.restored_claim ? static_cast<int>(*r.restored_claim) : -1;" in cpp
    assert "    restored_claim: Optional[str] = None" in py and "restored_claim=_opt_text(ClaimMode, c.restored_claim)" in py
    assert "    pending: Optional[str] = None" in py and "c.pending = None if r.pending is None" in py
    assert "r.pending ? JsonString(*r.pending, al) : record_json::Null()" in js
    # The tree's own generated files are what the generator writes for the tree.
    check = subprocess.run([sys.executable, str(SCRIPT), "--check", str(SOURCE)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_what_the_generator_cannot_read_is_refused_by_name(tmp_path):
    root = copy_tree(tmp_path)
    add_field(root, "int mode; /* FLOWSTATE_NO_SUCH_* */", "0")
    r = generate(root)
    assert r.returncode == 1
    assert "flowstate_snapshot_record.mode: FLOWSTATE_NO_SUCH_* is no enumeration's prefix" in r.stdout
    root = copy_tree(tmp_path / "again")
    h = root / "include/flowstate/catalog.h"
    h.write_text(h.read_text().replace("  const char *note;\n} flowstate_snapshot_record;",
                                       "  const char *note;\n  int64_t forgotten;\n} flowstate_snapshot_record;"))
    r = generate(root)
    assert r.returncode == 1 and "flowstate_snapshot_record has 19 fields but FLOWSTATE_SNAPSHOT_RECORD_INIT 18" in r.stdout
    root = copy_tree(tmp_path / "third")
    add_field(root, "double ratio;", "0")
    r = generate(root)
    assert r.returncode == 1 and "flowstate_snapshot_record.ratio: a field type records do not know: double" in r.stdout


def _c_fields(header, struct):
    sys.path.insert(0, str(SOURCE / "scripts"))
    try:
        import gen_records
    finally:
        sys.path.pop(0)
    text = (SOURCE / "include/flowstate" / header).read_text()
    body = next(m.group(2) for m in gen_records.STRUCT.finditer(text) if m.group(1) == struct)
    names = []
    for decl, _ in gen_records.declarations(body):
        first, *rest = [d.strip() for d in decl.split(",")]
        names += [first.split()[-1].lstrip("*")] + [r.lstrip("*").strip() for r in rest]
    return [n for n in names if n != "version"]


def test_the_diagnostic_copies_have_the_c_struct_fields():
    # A diagnostic is the one record written by hand in C++ (status.hpp needs it before the
    # generated records exist) and in Python (_types.py loads without the library): both
    # must hold exactly the C struct's fields, in its order.
    import dataclasses
    import re

    from flowstate._types import Diagnostic

    c = _c_fields("diagnostics.h", "flowstate_diagnostic")
    assert [f.name for f in dataclasses.fields(Diagnostic)] == c
    status = (SOURCE / "include/flowstate/status.hpp").read_text()
    body = re.search(r"struct Diagnostic \{(.*?)\n\};", status, re.S).group(1)
    cpp = re.findall(r"^\s+[\w:<>]+ (\w+)(?: = [^;]*)?;", body, re.M)
    assert cpp == c
