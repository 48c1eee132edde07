"""The SQL engine from Python: parse_script, statements, readers, lint."""

import json
import os
import subprocess
from pathlib import Path

import pytest

import flowstate
from flowstate import sql as fsql

SEED = (Path(__file__).resolve().parents[1] / "sql" / "data" / "seed_emp_1.sql").read_text()


def test_seed_script_statements():
    script = flowstate.parse_script(SEED, source_name="seed.sql")
    assert len(script) == 22
    kinds = [s.kind for s in script]
    assert kinds == ["SET"] * 21 + ["EXECUTE_CDCSOURCE"]
    first = script[0]
    assert (first.begin_line, first.begin_column) == (2, 1)
    assert SEED[first.start:first.end] == "SET pipeline.operator-chaining = false"
    assert first.begin_offset == len("-- 测试参数, 生成环境不需设置\n".encode())
    assert first.start == len("-- 测试参数, 生成环境不需设置\n"), "str indices differ from byte offsets"
    cdc = script[21]
    assert cdc.has(flowstate.StatementFlag.UNTERMINATED)
    assert cdc.name == "dinkySource_mysqlCDC_to_Doris"
    assert "'password' = '******'" in cdc.text
    assert "000000" not in cdc.text
    assert "'password' = '000000'" in script.raw_text(21)
    assert script.diagnostics == []
    assert script.lint() == []


def test_kinds_flink_has_are_not_unknown():
    text = ("(SELECT a FROM t) UNION (SELECT a FROM u);\n"
            "COMPILE PLAN 'p.json' FOR INSERT INTO s SELECT 1;\n"
            "EXECUTE PLAN 'p.json';\n"
            "COMPILE AND EXECUTE PLAN 'q.json' FOR INSERT INTO s SELECT 2;\n"
            "REPLACE TABLE r AS SELECT 1;\n"
            "HELP;\nCLEAR;\nQUIT;\nEXIT;\n")
    script = flowstate.parse_script(text)
    assert [s.kind for s in script] == ["SELECT", "COMPILE_PLAN", "EXECUTE_PLAN", "COMPILE_AND_EXECUTE_PLAN",
                                        "REPLACE_TABLE", "HELP", "CLEAR", "QUIT", "QUIT"]
    assert script[1].name == "'p.json'"
    assert not any("neither Flink SQL" in d.message for d in script.lint())


def test_a_hint_holds_strings_with_comment_ends():
    text = "INSERT INTO sink SELECT * FROM logs /*+ OPTIONS('path'='.*/dt=2024.*') */;\nSELECT 2;"
    script = flowstate.parse_script(text)
    assert [s.kind for s in script] == ["INSERT", "SELECT"]
    assert script.diagnostics == []


def test_set_forms_and_secret_values():
    script = flowstate.parse_script("SET a.b = 1 min;\nSET 'sink.password' = 'x';\nRESET 'a.b';\nSET;")
    assert script.read_set(0) == fsql.SetStatement("a.b", "1 min", 4, 10)
    assert script.read_set(1).value == "******"
    assert script.read_set(1, raw=True).value == "x"
    reset = script.read_set(2)
    assert reset.key == "a.b" and reset.value is None
    assert script.read_set(3).key is None


def test_malformed_set_raises_parse_error_with_position():
    script = flowstate.parse_script("SELECT 1;\nSET = 1;")
    with pytest.raises(flowstate.ParseError) as info:
        script.read_set(1)
    assert isinstance(info.value, ValueError)
    assert [(d.line, d.column) for d in info.value.diagnostics] == [(2, 5)]
    with pytest.raises(flowstate.InvalidArgumentError):
        script.read_set(0)


def test_with_options_and_duplicate_keys():
    script = flowstate.parse_script(
        "CREATE TABLE t (a INT) WITH ('connector' = 'kafka', 'properties.sasl.password' = 'p,)''q',);"
        "CREATE TABLE u (a INT) WITH ('k' = '1', 'k' = '2')"
    )
    with script.read_options(0) as opts:
        assert opts.as_dict() == {"connector": "kafka", "properties.sasl.password": "******"}
        assert opts.raw_value("properties.sasl.password") == "p,)'q"
        assert opts.trailing_comma
        assert opts.get("missing") is None
    problems = script.option_diagnostics(1)
    assert [d.severity for d in problems] == [flowstate.Severity.ERROR, flowstate.Severity.NOTE]
    assert "duplicate option 'k'" in problems[0].message


def test_cdc_source_object():
    script = flowstate.parse_script(SEED)
    cdc, problems = script.read_cdc_source(21)
    assert problems == []
    assert (cdc.connector, cdc.hostname, cdc.port, cdc.username) == ("mysql-cdc", "hadoop102", 3306, "root")
    assert cdc.password == "******"
    assert (cdc.checkpoint, cdc.parallelism) == (3000, 1)
    assert cdc.tables == ["emp_1\\.employees_[0-9]+"]
    assert cdc.groups["sink"] == {"connector": "print"}
    assert cdc.database_name is None


def test_cdc_source_bad_number():
    script = flowstate.parse_script("EXECUTE CDCSOURCE j WITH ('port' = 'abc')")
    cdc, problems = script.read_cdc_source(0)
    assert cdc.port is None
    assert any("'port' must be a whole number" in p.message for p in problems)


def test_statement_sets_and_children():
    script = flowstate.parse_script("BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;")
    assert [s.kind for s in script.top_level()] == ["STATEMENT_SET"]
    assert [s.name for s in script.children(0)] == ["a", "b"]
    assert script[0].child_count == 2 and script[1].parent == 0


def test_variables_and_positions_in_source():
    script = flowstate.parse_script("SELECT * FROM ${t};\nSELECT 2;", variables={"t": "orders"})
    assert script.substituted
    assert script[0].text == "SELECT * FROM orders"
    assert (script[1].begin_line, script[1].begin_column) == (2, 1)
    assert script.variables == {"t": "orders"}
    unknown = flowstate.parse_script("SELECT ${x}", substitute_variables="always")
    assert [d.message for d in unknown.diagnostics] == [
        "unknown variable 'x': define it with `x := value;` before this statement"
    ]
    # With no variables defined, ${x} is text, as to Flink (Dinky's fragment switch off).
    plain = flowstate.parse_script("SELECT '${x}'")
    assert plain.diagnostics == [] and not plain.substituted and plain[0].text == "SELECT '${x}'"
    defined = flowstate.parse_script("y := 1;\nSELECT ${x}")
    assert len(defined.diagnostics) == 1, "a script that defines variables asks for substitution"
    with pytest.raises(ValueError):
        flowstate.parse_script("SELECT 1", substitute_variables="sometimes")


def test_lint_reports_dinky_differences_and_errors():
    findings = flowstate.parse_script("SET a = 1; SET b = 2;\nSELECT 'open").lint()
    assert [(f.severity.name, f.line, f.column) for f in findings] == [("WARNING", 1, 10), ("ERROR", 2, 8)]
    assert flowstate.parse_script("SET a = 1; SET b = 2;").lint(dinky=False) == []


def test_lint_follows_the_target_flink_version():
    script = flowstate.parse_script(
        "BEGIN STATEMENT SET;\nCREATE TABLE b WITH ('connector' = 'blackhole') AS SELECT 1;\nEND;")
    assert script.lint(dinky=False) == []
    assert script.lint(dinky=False, flink_version="1.16") == []
    old = script.lint(dinky=False, flink_version="1.15")
    assert [(f.severity.name, f.line) for f in old] == [("ERROR", 2)]
    assert "needs Flink 1.16 or later; the target is 1.15" in old[0].message
    with pytest.raises(flowstate.UnsupportedVersionError) as e:
        script.lint(flink_version="1.9")
    assert "1.14 to 1.20" in str(e.value)


def test_instruction_sets_agree():
    results = [[(s.kind, s.begin_offset, s.end_offset) for s in flowstate.parse_script(SEED, isa=isa)] for isa in (1, 2, 3)]
    assert results[0] == results[1] == results[2]


def test_structs_layout_matches_the_c_compiler():
    import ctypes

    from flowstate import _structs
    from flowstate import catalog as fcatalog
    from flowstate import enums as fenums
    from flowstate import flink as fflink
    from flowstate import storage as fstorage

    tool = os.environ.get("FLOWSTATE_STRUCT_LAYOUT")
    if not tool:
        pytest.skip("FLOWSTATE_STRUCT_LAYOUT is not set (run through ctest)")
    layout = json.loads(subprocess.run([tool], capture_output=True, text=True, check=True).stdout)
    # Every public struct has its generated class, and the modules use those classes.
    assert set(layout) == set(_structs.STRUCTS)
    assert fsql._SqlOptions is _structs.flowstate_sql_options
    assert fstorage._ScanOptions is _structs.flowstate_scan_options
    assert fcatalog._SnapshotRecord is _structs.flowstate_snapshot_record
    assert fflink._RunOptions is _structs.flowstate_jar_run_options
    assert fenums._EnumValueInfo is _structs.flowstate_enum_value_info
    for cname, py in _structs.STRUCTS.items():
        c = layout[cname]
        assert c["size"] == ctypes.sizeof(py), cname
        assert [f[0] for f in py._fields_] == list(c["fields"]), cname
        for name, (offset, size) in c["fields"].items():
            f = getattr(py, name)
            assert (f.offset, f.size) == (offset, size), (cname, name)


def test_empty_and_garbage_never_raise():
    assert len(flowstate.parse_script("")) == 0
    s = flowstate.parse_script("\xff';--/*`")
    assert isinstance(s.lint(), list)


def test_text_that_is_not_text_is_refused_with_its_position():
    with pytest.raises(flowstate.InvalidArgumentError) as e:
        flowstate.parse_script("SELECT 1;\nSELECT\x00 2;", source_name="job.sql")
    assert "job.sql:2:7: byte offset 16: a NUL byte" in str(e.value)
    # A file saved in GBK (数据, "data"), read as bytes: the message says how to convert it.
    with pytest.raises(flowstate.InvalidArgumentError) as e:
        flowstate.parse_script(b"-- \xca\xfd\xbe\xdd\nSELECT 1;\n", source_name="gbk.sql")
    assert "gbk.sql:1:4: byte offset 3" in str(e.value) and "GBK" in str(e.value)
    # UTF-8 bytes are fine.
    assert len(flowstate.parse_script("-- 数据\nSELECT 1;\n".encode("utf-8"))) == 1


def test_script_handle_lifecycle():
    s = flowstate.parse_script("SELECT 1")
    s.close()
    with pytest.raises(ValueError):
        len(s)
