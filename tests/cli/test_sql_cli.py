"""`flowstate sql split|lint` as users run them."""

import json
import subprocess
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "sql" / "data"


def test_split_seed_text(cli):
    r = cli("sql", "split", str(DATA / "seed_emp_1.sql"))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 22
    assert lines[0].split()[:2] == ["2:1-2:39", "SET"]
    assert "EXECUTE_CDCSOURCE" in lines[-1]
    assert "000000" not in r.stdout


def test_split_redacts_option_values_and_keeps_queries(cli):
    text = ("CREATE TABLE s (k STRING) WITH ('connector' = 'jdbc', 'password' = '000000');\n"
            "SELECT * FROM kv WHERE kv.key = 'abc';\n"
            "SET 'my.key=with.equals';\n")
    r = cli("sql", "split", "--json", "-", input=text)
    assert r.returncode == 0, r.stderr
    texts = [s["text"] for s in json.loads(r.stdout)["statements"]]
    assert texts == ["CREATE TABLE s (k STRING) WITH ('connector' = 'jdbc', 'password' = '******')",
                     "SELECT * FROM kv WHERE kv.key = 'abc'",
                     "SET 'my.key=with.equals'"]


def test_split_keeps_a_hint_whole(cli, tmp_path):
    script = tmp_path / "hint.sql"
    script.write_text("INSERT INTO sink SELECT * FROM logs /*+ OPTIONS('path'='.*/dt=2024.*') */;\nSELECT 2;\n")
    r = cli("sql", "split", "--json", str(script))
    assert r.returncode == 0, r.stderr
    kinds = [s["kind"] for s in json.loads(r.stdout)["statements"]]
    assert kinds == ["INSERT", "SELECT"]


def test_lint_knows_plans_replace_and_client_commands(cli):
    text = "(SELECT 1) UNION (SELECT 2);\nCOMPILE PLAN 'p.json' FOR INSERT INTO s SELECT 1;\nREPLACE TABLE r AS SELECT 1;\nQUIT;\n"
    r = cli("sql", "lint", "-", input=text)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "neither Flink SQL" not in r.stdout
    kinds = [s["kind"] for s in json.loads(cli("sql", "split", "--json", "-", input=text).stdout)["statements"]]
    assert kinds == ["SELECT", "COMPILE_PLAN", "REPLACE_TABLE", "QUIT"]


def test_every_documented_flink_statement_has_its_kind(cli):
    r = cli("sql", "split", "--json", str(DATA / "flink_docs_statements.sql"))
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert len(doc["statements"]) >= 120 and doc["diagnostics"] == []
    assert [s["text"] for s in doc["statements"] if s["kind"] == "UNKNOWN"] == []
    lint = cli("sql", "lint", "--no-dinky", str(DATA / "flink_docs_statements.sql"))
    assert lint.returncode == 0 and "neither Flink SQL" not in lint.stdout + lint.stderr


def test_lint_for_a_flink_version(cli):
    text = "BEGIN STATEMENT SET;\nCREATE TABLE b WITH ('connector' = 'blackhole') AS SELECT 1;\nEND;\n"
    assert cli("sql", "lint", "--no-dinky", "-", input=text).returncode == 0
    assert cli("sql", "lint", "--no-dinky", "--flink-version", "1.16", "-", input=text).returncode == 0
    old = cli("sql", "lint", "--no-dinky", "--flink-version", "1.15", "-", input=text)
    assert old.returncode == 1
    assert "<stdin>:2:1: error: CREATE TABLE ... AS inside a statement set needs Flink 1.16" in old.stdout + old.stderr
    bad = cli("sql", "lint", "--flink-version", "1.9", "-", input=text)
    assert bad.returncode == 14 and "1.14 to 1.20" in bad.stderr


def test_lint_by_flink_s_rules(cli):
    r = cli("sql", "lint", "-", input="SELECT 1;;;\nEXECUTE STATEMENT SET BEGIN END;\n"
                                      "CREATE TABLE t (a INT) WITH (\"connector\" = 'print');\n")
    assert r.returncode == 1
    assert r.stdout.count("empty statements") == 1
    assert "error: empty statement set: Flink's parser needs at least one INSERT" in r.stdout
    assert "Flink needs single quotes in a WITH list: write 'connector', not \"connector\"" in r.stdout
    names = [s.get("name") for s in json.loads(cli("sql", "split", "--json", "-",
             input="SHOW CREATE TABLE t;\nDESCRIBE CATALOG c;\nDESCRIBE FUNCTION EXTENDED f;").stdout)["statements"]]
    assert names == ["t", "c", "f"]
    assert "children?" in cli("sql", "split", "--help").stdout, "the help describes the JSON printed"


def test_split_json_records(cli):
    r = cli("sql", "split", "--json", str(DATA / "seed_emp_2.sql"))
    assert r.returncode == 0
    doc = json.loads(r.stdout)
    st = doc["statements"]
    assert len(st) == 22
    assert st[0] == {
        "index": 0, "kind": "SET", "flags": [], "parent": None, "child_count": 0, "begin_offset": 42,
        "end_offset": 80, "begin_line": 2, "begin_column": 1, "end_line": 2, "end_column": 39,
        "name": "", "text": "SET pipeline.operator-chaining = false",
    }
    assert st[-1]["flags"] == ["unterminated"]
    assert "'password' = '******'" in st[-1]["text"]
    assert doc["diagnostics"] == []


def test_split_statement_set_children(cli):
    r = cli("sql", "split", "--json", "-", input="EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END;")
    st = json.loads(r.stdout)["statements"]
    assert [s["kind"] for s in st] == ["STATEMENT_SET", "INSERT", "INSERT"]
    assert st[0]["child_count"] == 2 and st[1]["parent"] == 0 and st[1]["name"] == "a"


def test_split_stats(cli):
    r = cli("sql", "split", "--stats", "--json", str(DATA / "seed_emp_1.sql"))
    doc = json.loads(r.stdout)
    assert doc["statements"] == 22 and doc["kinds"] == {"SET": 21, "EXECUTE_CDCSOURCE": 1}
    assert doc["bytes"] == (DATA / "seed_emp_1.sql").stat().st_size
    assert doc["mb_per_s"] >= 0 and doc["isa"] in ("avx2", "sse2", "scalar")
    t = cli("sql", "split", "--stats", str(DATA / "seed_emp_1.sql"))
    assert "statements" in t.stdout and "MB/s" in t.stdout


def test_split_stats_speed_is_in_decimal_megabytes(cli, tmp_path):
    script = tmp_path / "many.sql"
    script.write_text("SELECT 1;\n" * 200_000)
    doc = json.loads(cli("sql", "split", "--stats", "--json", str(script)).stdout)
    assert doc["bytes"] == 2_000_000 and doc["statements"] == 200_000
    expected = doc["bytes"] / 1e6 / (doc["elapsed_ms"] / 1000)
    assert doc["mb_per_s"] == pytest.approx(expected, rel=1e-6)


def test_split_reads_files_pipes_and_redirected_files_alike(cli, tmp_path):
    # Bigger than the first read of a pipe, with a multi-byte character on every line.
    script = tmp_path / "big.sql"
    script.write_text("".join(f"INSERT INTO t VALUES ({i}, '中文');\n" for i in range(20_000)),
                      encoding="utf-8")
    from_file = cli("sql", "split", "--json", str(script))
    assert from_file.returncode == 0, from_file.stderr
    statements = json.loads(from_file.stdout)["statements"]
    assert len(statements) == 20_000 and statements[-1]["text"] == "INSERT INTO t VALUES (19999, '中文')"
    from_pipe = cli("sql", "split", "--json", "-", input=script.read_text(encoding="utf-8"))
    assert json.loads(from_pipe.stdout)["statements"] == statements
    with open(script, "rb") as f:
        redirected = subprocess.run([cli.binary, "sql", "split", "--json", "-"], stdin=f,
                                    capture_output=True, timeout=120)
    assert redirected.returncode == 0, redirected.stderr
    assert json.loads(redirected.stdout)["statements"] == statements
    empty = tmp_path / "empty.sql"
    empty.write_bytes(b"")
    r = cli("sql", "split", "--json", str(empty))
    assert r.returncode == 0 and json.loads(r.stdout)["statements"] == []


def test_lint_exit_codes(cli, tmp_path):
    ok = cli("sql", "lint", str(DATA / "seed_emp_1.sql"))
    assert ok.returncode == 0 and ok.stdout == ""
    bad = tmp_path / "bad.sql"
    bad.write_text("SET = 1;\nCREATE TABLE t (a INT) WITH ('k' = 'v',);\n")
    r = cli("sql", "lint", str(bad))
    assert r.returncode == 1
    assert f"{bad}:1:5: error: SET without a key" in r.stdout
    assert f"{bad}:2:39: error: Flink's SQL parser rejects a ','" in r.stdout
    assert "2 errors" in r.stderr
    j = cli("sql", "lint", "--json", str(bad))
    doc = json.loads(j.stdout)
    assert doc["errors"] == 2 and doc["diagnostics"][0]["line"] == 1 and doc["diagnostics"][0]["column"] == 5


def test_lint_flattened_page_from_stdin(cli):
    line = (DATA / "seed_page_flattened_emp_1.sql").read_text(encoding="utf-8")
    r = cli("sql", "lint", "-", input=line)
    assert r.returncode == 0
    assert "<stdin>:1:1: warning: this line comment runs to the end of the line and hides 21 statements" in r.stdout
    s = cli("sql", "split", "--json", "-", input=line)
    assert json.loads(s.stdout)["statements"] == []


def test_variables_on_the_command_line(cli):
    r = cli("sql", "split", "--json", "--var", "t=orders", "-", input="SELECT * FROM ${t}")
    assert json.loads(r.stdout)["statements"][0]["text"] == "SELECT * FROM orders"
    bad = cli("sql", "split", "--var", "nonsense", "-", input="SELECT 1")
    assert bad.returncode == 2 and "--var expects NAME=VALUE" in bad.stderr
    off = cli("sql", "lint", "--no-variables", "-", input="SELECT ${t}")
    assert off.returncode == 0
    # No variables defined: ${t} is text (Dinky's fragment switch off); --variables asks for them.
    plain = cli("sql", "split", "--json", "-", input="SELECT '${t}'")
    assert plain.returncode == 0 and json.loads(plain.stdout)["diagnostics"] == []
    on = cli("sql", "split", "--variables", "-", input="SELECT '${t}'")
    assert "unknown variable 't'" in on.stderr
    assert cli("sql", "lint", "--variables", "-", input="SELECT '${t}'").returncode == 1
    both = cli("sql", "split", "--variables", "--no-variables", "-", input="SELECT 1")
    assert both.returncode == 2


def test_missing_file(cli, tmp_path):
    r = cli("sql", "split", str(tmp_path / "nope.sql"))
    assert r.returncode == 4
    assert "cannot read" in r.stderr


def test_sql_group_needs_a_subcommand(cli):
    assert cli("sql").returncode == 2


def test_control_characters_from_a_script_are_shown_not_obeyed(cli, tmp_path):
    script = tmp_path / "title.sql"
    script.write_bytes(b"SELECT '\x1b]0;owned\x07' FROM t;\nSELECT '\xc2\x9b2J' FROM u;\n")
    r = cli("sql", "split", str(script))
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout and "\u009b" not in r.stdout
    assert "\\x1b]0;owned\\x07" in r.stdout and "\\u009b2J" in r.stdout
    # JSON keeps the text exactly (as JSON escapes).
    doc = json.loads(cli("sql", "split", "--json", str(script)).stdout)
    assert doc["statements"][0]["text"] == "SELECT '\x1b]0;owned\x07' FROM t"
    # A file name is user input too.
    r = cli("sql", "split", str(tmp_path / "no\x1b[2Jfile.sql"))
    assert r.returncode == 4 and "\x1b" not in r.stderr and "no\\x1b[2Jfile.sql" in r.stderr


def test_a_directory_where_a_file_is_expected_is_an_error_naming_it(cli, tmp_path):
    r = cli("config", "explain", "--cluster-conf", str(tmp_path), "--flink-version", "1.20")
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "'%s' is a directory; expected a file" % tmp_path in r.stderr
    r = cli("sql", "split", str(tmp_path))
    assert r.returncode == 2 and "is a directory" in r.stderr
