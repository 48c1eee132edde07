#!/usr/bin/env python3
"""The API reference: Doxygen (docs/Doxyfile) over the installed headers and docs/pages.

Fails when a public function (C or C++) has no documentation, on any other warning about the
documentation itself (a bad command, an unknown reference, unbalanced markup), when a page
names a C function the headers do not declare, or when a module's page or an example is
missing from the output. Undocumented macros, struct members and typedefs are counted, not
refused. Writes the HTML to --out."""

import argparse
import re
import shutil
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from procs import run  # noqa: E402

PAGES = ["common_page", "sql_page", "config_page", "storage_page", "catalog_page", "flink_page",
         "lifecycle_page", "examples_page"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--doxygen", default="doxygen")
    a = ap.parse_args()
    out = Path(a.out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    assert shutil.which(a.doxygen), "doxygen is needed (scripts/dev.sh installs it)"
    log = out / "warnings.log"
    config = (SOURCE / "docs" / "Doxyfile").read_text() + "\n".join([
        "", "OUTPUT_DIRECTORY = %s" % out, "WARN_LOGFILE = %s" % log,
        "PROJECT_NUMBER = %s" % a.version, ""])
    run([a.doxygen, "-"], input=config, cwd=SOURCE)

    undocumented, errors, counts = [], [], {}
    for line in log.read_text().splitlines():
        if not line.strip():
            continue
        m = re.search(r"warning: (?:Member .*\(([a-z ]+)\) of .*|Compound \S+) is not documented", line)
        if m:
            kind = m.group(1) or "compound"
            counts[kind] = counts.get(kind, 0) + 1
            if kind == "function":
                undocumented.append(line)
            continue
        errors.append(line)
    print("undocumented, tolerated: " + ", ".join("%d %s" % (n, k) for k, n in sorted(counts.items())
                                                   if k != "function"))
    assert not undocumented, "public functions without documentation:\n" + "\n".join(undocumented)
    assert not errors, "documentation warnings:\n" + "\n".join(errors)

    declared = set()
    for h in (SOURCE / "include" / "flowstate").glob("*.h"):
        declared |= set(re.findall(r"\b(flowstate_\w+)\(", h.read_text()))
    for page in sorted((SOURCE / "docs" / "pages").glob("*.md")):
        for name in re.findall(r"\b(flowstate_\w+)\(\)", page.read_text()):
            assert name in declared, "%s names %s(), which no header declares" % (page.name, name)

    html = out / "html"
    for page in PAGES:
        assert (html / (page + ".html")).is_file(), "no page %s in the reference" % page
    examples = (html / "examples_page.html").read_text()
    for name in ("open_catalog", "explain_config", "latest_checkpoint", "stop_with_savepoint"):
        assert examples.count(name) >= 3, "the examples page lacks %s in C, C++ and Python" % name
    assert "flowstate_catalog_open" in (html / "catalog_8h.html").read_text()
    print("API reference:", html / "index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
