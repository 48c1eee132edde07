"""Rules every C ABI function keeps, checked for each function the headers declare (the list
comes from include/flowstate/*.h, so a new function is covered without editing this file)."""

import sys
from pathlib import Path

import pytest

from flowstate import _native

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from check_python_prototypes import headers  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DECLARED = headers(ROOT)
FREES = sorted(name for name in DECLARED if name.endswith("_free"))


def test_every_declared_function_is_declared_to_ctypes():
    assert set(DECLARED) == set(_native.DECLARED)


@pytest.mark.parametrize("name", FREES)
def test_every_free_takes_null(name):
    ret, args, _ = DECLARED[name]
    assert ret == "void" and len(args) == 1 and args[0].endswith("*"), (name, ret, args)
    _native.lib.flowstate_error_clear()
    getattr(_native.lib, name)(None)  # nothing to free; must neither crash nor set an error
    assert _native.lib.flowstate_error_last_code() == 0


def test_catalog_lists_have_the_c_names():
    # flowstate_catalog_list_runs is Catalog.list_runs (and list_runs in C++), not runs().
    import flowstate
    names = sorted(n[len("flowstate_catalog_"):] for n in DECLARED if n.startswith("flowstate_catalog_list_"))
    assert names and [n for n in names if not hasattr(flowstate.Catalog, n)] == []


def test_every_struct_takes_its_defaults_from_the_library():
    from flowstate import _native, _structs

    for name, cls in _structs.STRUCTS.items():
        if name == "flowstate_sql_options":  # flowstate_sql_options_init(opts, version)
            continue
        filled = _native.defaults(cls)
        assert filled.version == cls.VERSION, name
    # One endpoint struct, each service's defaults.
    generic = _native.defaults(_structs.flowstate_endpoint)
    flink = _native.defaults(_structs.flowstate_flink_options).endpoint
    assert flink.version == generic.version == _structs.flowstate_endpoint.VERSION
    for e in (generic, flink):
        assert (e.timeout_ms, e.connect_timeout_ms, e.retries, e.retry_backoff_ms, e.max_response_bytes,
                e.verify_tls, e.kerberos) == (30000, 5000, 2, 50, 32 << 20, 1, 0)
    webhdfs = _native.defaults(_structs.flowstate_webhdfs_options).endpoint
    assert webhdfs.version == generic.version
    assert (webhdfs.timeout_ms, webhdfs.connect_timeout_ms, webhdfs.retries, webhdfs.retry_backoff_ms,
            webhdfs.max_response_bytes, webhdfs.verify_tls) == (30000, 5000, 3, 200, 64 << 20, 1)
