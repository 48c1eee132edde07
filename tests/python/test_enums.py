"""Python's enumerations come from the library's own table, and say what it says."""

import ctypes

import pytest

import flowstate
from flowstate import _native, enums


def test_every_enumeration_of_the_library_is_a_python_class():
    lib = _native.lib
    types = enums.enum_types()
    assert len(types) == lib.flowstate_enum_type_count()
    for type_id in range(lib.flowstate_enum_type_count()):
        name = lib.flowstate_enum_type_name(type_id).decode()
        cls = types[name]
        assert cls.type_id == type_id
        assert getattr(enums, cls.__name__) is cls
        assert len(cls) == lib.flowstate_enum_count(type_id)
        for member in cls:
            assert member.text == lib.flowstate_enum_name(type_id, int(member)).decode()
            assert cls.parse(member.text) is member
            assert cls.parse(member.name) is member


def test_members_are_the_c_constants_and_text_is_what_flowstate_writes():
    assert flowstate.RestoreStrategy.LATEST_STATE == 3
    assert flowstate.RestoreStrategy.LATEST_STATE.text == "LATEST_STATE"
    assert "completion time" in flowstate.RestoreStrategy.LATEST_STATE.doc
    assert flowstate.OptionType.MEMORY_SIZE.text == "memory size"
    assert flowstate.VerifyLevel.FILES == 3 and flowstate.VerifyLevel.FILES.text == "files"
    assert flowstate.FileType.REGULAR.text == "file"
    assert flowstate.Severity.ERROR.text == "error"
    assert flowstate.LogLevel.parse("warn") is flowstate.LogLevel.WARN
    assert flowstate.RenderFormat.parse("flink-conf") is flowstate.RenderFormat.FLINK_CONF
    assert flowstate.catalog.STRATEGIES[3] == "LATEST_STATE"


def test_parse_refuses_what_is_not_a_value_and_names_the_choices():
    with pytest.raises(flowstate.InvalidArgumentError) as e:
        flowstate.VerifyLevel.parse("deep")
    assert "expected one of none, header, structure, files" in str(e.value)
    assert isinstance(e.value, ValueError)
    with pytest.raises(flowstate.InvalidArgumentError) as e:
        flowstate.ClaimMode.parse(7)
    assert "NO_CLAIM, CLAIM, LEGACY" in str(e.value)


def test_the_library_refuses_values_out_of_the_table():
    out = ctypes.c_int()
    with pytest.raises(flowstate.InvalidArgumentError) as e:
        _native.lib.flowstate_enum_parse(ctypes.byref(out), 99, b"files")
    assert "no enumeration has id 99" in str(e.value)
