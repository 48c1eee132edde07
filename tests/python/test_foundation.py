"""The Python package's conventions: loading, errors, diagnostics, log, handles."""

import builtins
import gc
import re
import threading
import weakref

import pytest

import flowstate
from flowstate import _native


def test_version_matches_library_and_project(source_dir):
    assert flowstate.version() == flowstate.__version__
    cmake = (source_dir / "CMakeLists.txt").read_text()
    assert re.search(r"VERSION\s+%s\b" % re.escape(flowstate.__version__), cmake)
    # The ABI the bindings speak is the project's (0.<minor> while 0.x, else <major>).
    major, minor = (int(x) for x in flowstate.__version__.split(".")[:2])
    assert _native.ABI_VERSION == ((0, minor) if major == 0 else (major,) + _native.ABI_VERSION[1:])


def test_every_exported_function_is_declared():
    import subprocess

    out = subprocess.run(["nm", "-D", "--defined-only", _native.lib._name], capture_output=True, text=True).stdout
    exported = {line.split()[-1].split("@")[0] for line in out.splitlines() if "flowstate_" in line}
    assert exported, "no exports found"
    missing = exported - _native.DECLARED
    assert not missing, "functions without argtypes/restype: %s" % sorted(missing)


def test_every_error_code_has_an_exception_and_exit_code(source_dir):
    codes = flowstate.error_codes()
    header = (source_dir / "include" / "flowstate" / "error.h").read_text()
    header_codes = {int(v) for v in re.findall(r"FLOWSTATE_(?:OK|E_[A-Z_]+)\s*=\s*(-?\d+)", header)}
    assert set(codes) == header_codes
    exits = set()
    for code, name in codes.items():
        exit_code = flowstate.error_exit_code(code)
        assert exit_code not in exits
        exits.add(exit_code)
        if code == 0:
            assert exit_code == 0
            continue
        cls = flowstate.EXCEPTION_BY_CODE[code]
        assert cls.name == name
        assert issubclass(cls, flowstate.FlowstateError)
        builtin_bases = [b for b in cls.__mro__[1:] if b.__module__ == "builtins" and b not in (Exception, BaseException, object)]
        assert builtin_bases, "%s must also subclass a built-in exception" % cls.__name__
    assert set(flowstate.EXCEPTION_BY_CODE) == set(codes) - {0}


@pytest.mark.parametrize(
    "name,builtin",
    [
        ("NotFoundError", KeyError),
        ("InvalidArgumentError", ValueError),
        ("ParseError", ValueError),
        ("DeadlineExceededError", TimeoutError),
        ("PermissionDeniedError", PermissionError),
        ("StorageIOError", OSError),
        ("UnavailableError", ConnectionError),
        ("AlreadyExistsError", FileExistsError),
        ("UnsupportedError", NotImplementedError),
    ],
)
def test_exceptions_subclass_the_matching_builtin(name, builtin):
    assert issubclass(getattr(flowstate, name), builtin)


def test_deliberate_c_error_raises_mapped_exception_with_message():
    with pytest.raises(flowstate.InvalidArgumentError) as info:
        flowstate.add_redaction_pattern("")
    err = info.value
    assert isinstance(err, ValueError)
    assert err.code == -2 and err.name == "INVALID_ARGUMENT"
    assert str(err) == "redaction pattern must not be empty"
    with pytest.raises(KeyError) as nf:
        flowstate.remove_redaction_pattern("*not-there*")
    assert str(nf.value) == "no redaction pattern '*not-there*'"


def test_unknown_code_becomes_internal_error():
    err = flowstate.error_for_code(-99, "boom")
    assert isinstance(err, flowstate.InternalError) and err.code == -99


def test_log_callback_receives_library_message():
    got = []
    flowstate.set_log_callback(lambda level, comp, msg: got.append((level, comp, msg)), flowstate.LogLevel.INFO)
    flowstate.add_redaction_pattern("*.pin")
    assert got == [(flowstate.LogLevel.INFO, "redact", "redaction pattern added: *.pin")]


def test_log_messages_are_redacted_and_filtered():
    got = []
    flowstate.set_log_callback(lambda level, comp, msg: got.append(msg), flowstate.LogLevel.WARN)
    flowstate.log_write(flowstate.LogLevel.INFO, "py", "below level")
    flowstate.log_write(flowstate.LogLevel.ERROR, "py", "'password' = 'x'")
    assert got == ["'password' = '******'"]
    flowstate.set_log_callback(None)
    flowstate.log_write(flowstate.LogLevel.ERROR, "py", "after removal")
    assert got == ["'password' = '******'"]


def test_raising_callback_does_not_break_the_library():
    def bad(level, comp, msg):
        raise RuntimeError("callback bug")

    flowstate.set_log_callback(bad)
    flowstate.log_write(flowstate.LogLevel.ERROR, "py", "m")  # no exception crosses C


def test_log_from_other_threads():
    got = []
    lock = threading.Lock()

    def cb(level, comp, msg):
        with lock:
            got.append(msg)

    flowstate.set_log_callback(cb, flowstate.LogLevel.INFO)
    threads = [threading.Thread(target=flowstate.log_write, args=(flowstate.LogLevel.INFO, "t", "m%d" % i)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got) == sorted("m%d" % i for i in range(8))


def test_python_logging_bridge(caplog):
    import logging

    flowstate.to_python_logging(flowstate.LogLevel.DEBUG)
    with caplog.at_level(logging.DEBUG, logger="flowstate"):
        flowstate.log_write(flowstate.LogLevel.WARN, "storage", "slow listing")
    assert ("flowstate.storage", logging.WARNING, "slow listing") in caplog.record_tuples


def test_diagnostics_round_trip_and_context_manager():
    with flowstate.Diagnostics() as d:
        d.add(flowstate.Severity.ERROR, -3, "unterminated string", source="a.sql", offset=4, line=1, column=5)
        d.add(flowstate.Severity.WARNING, -8, "slow", path="http://jm/jobs", http_status=503)
        assert len(d) == 2 and d.error_count == 1
        e = d.entries()
        assert e[0] == flowstate.Diagnostic(flowstate.Severity.ERROR, -3, "unterminated string", "a.sql", 4, None, 1, 5)
        assert e[1].http_status == 503 and e[1].line is None
        assert str(e[0]) == "a.sql:1:5: error: unterminated string"
        assert d.format().splitlines()[1] == "http://jm/jobs (HTTP 503): warning: slow"
    assert d.closed
    with pytest.raises(ValueError):
        len(d)


def test_diagnostics_add_rejects_unknown_code():
    with flowstate.Diagnostics() as d:
        with pytest.raises(flowstate.InvalidArgumentError):
            d.add(flowstate.Severity.NOTE, -999, "m")


def test_handles_are_freed_on_garbage_collection(monkeypatch):
    freed = []
    original = flowstate.Diagnostics._free

    def spy(handle):
        freed.append(handle)
        original(handle)

    monkeypatch.setattr(flowstate.Diagnostics, "_free", staticmethod(spy))
    d = flowstate.Diagnostics()
    handle = d.handle
    ref = weakref.ref(d)
    del d
    gc.collect()
    assert ref() is None
    assert freed == [handle]


def test_close_is_idempotent():
    t = flowstate.CancelToken()
    t.close()
    t.close()
    assert t.closed


def test_cancel_token_across_threads():
    with flowstate.CancelToken() as token:
        assert not token.cancelled
        assert token.wait(0.001) is False
        threading.Timer(0.01, token.cancel).start()
        assert token.wait(30) is True
        assert token.cancelled


def test_text_position_counts_code_points():
    text = "-- 测试参数\nSET a = 1;"
    offset = len("-- 测试参数\nSET ".encode())
    assert flowstate.text_position(text, offset) == (2, 5)
    assert flowstate.text_position(text, 3 + 3) == (1, 5)
    with pytest.raises(flowstate.InvalidArgumentError):
        flowstate.text_position("ab", 5)


def test_redaction():
    seed = "'username' = 'root','password' = '000000'"
    assert flowstate.redact_text(seed) == "'username' = 'root','password' = '******'"
    assert flowstate.is_secret_key("sink.password")
    assert not flowstate.is_secret_key("hostname")
    flowstate.add_redaction_pattern("*.pin")
    assert "*.pin" in flowstate.redaction_patterns()
    flowstate.reset_redaction_patterns()
    assert "*.pin" not in flowstate.redaction_patterns()


@pytest.mark.parametrize("text,expected", [
    ("--password 000000 --port 3306", "--password ****** --port 3306"),
    ("-D s3.secret-key=abc", "-D s3.secret-key=******"),
    ("password: 000000", "password: ******"),
    ("jdbc:mysql://root:pw@h:3306/db", "jdbc:mysql://root:******@h:3306/db"),
    ("unknown key no.such.key: Flink passes it through", None),
    ("WHERE kv.key = 'abc'", None),
    ("SET 'my.key=with.equals'", None),
])
def test_redaction_hides_secrets_and_nothing_else(text, expected):
    assert flowstate.redact_text(text) == (text if expected is None else expected)


def test_build_info():
    info = flowstate.build_info()
    assert info["flowstate"]["version"] == flowstate.version()
    assert info["sqlite"]["version"].startswith("3.")
    assert info["abseil"]["lts"] >= 20220623


def test_library_location_override(monkeypatch, tmp_path):
    monkeypatch.setenv("FLOWSTATE_LIBRARY", str(tmp_path / "missing.so"))
    assert _native._candidates() == [str(tmp_path / "missing.so")]
    monkeypatch.delenv("FLOWSTATE_LIBRARY")
    assert _native._candidates()[-1] == "libflowstate.so.0.2"
