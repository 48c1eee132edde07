"""Flink SQL scripts read by Flink's rules (see flowstate/sql.h).

    script = flowstate.parse_script(text)
    for st in script.statements:
        print(st.kind, st.begin_line, st.begin_column, st.text)
    problems = script.lint()

Positions are given three ways: byte offsets into the UTF-8 text, 1-based line and column
(in code points, as editors show them), and indices into the Python str (``text[st.start:
st.end]``). Statement text has secret values redacted; ``script.raw_text(i)`` gives them.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from . import _native, _records, _structs
from ._records import Option
from ._handle import Handle
from ._types import Diagnostic
from .diagnostics import Diagnostics

__all__ = [
    "Statement",
    "Script",
    "SetStatement",
    "Option",
    "Options",
    "CdcSource",
    "StatementFlag",
    "parse_script",
]

_lib = _native.lib
_SqlOptions = _structs.flowstate_sql_options
_RAW = 0x1
_NO_DINKY = 0x2


class StatementFlag:
    """Bits of Statement.flags (FLOWSTATE_STATEMENT_FLAG_*)."""

    TEMPORARY = 0x0001
    TEMPORARY_SYSTEM = 0x0002
    IF_NOT_EXISTS = 0x0004
    IF_EXISTS = 0x0008
    OVERWRITE = 0x0010
    AS_SELECT = 0x0020
    LIKE = 0x0040
    EXECUTE = 0x0080
    WITH_QUERY = 0x0100
    STATEMENT_SET = 0x0200
    UNTERMINATED = 0x0400
    WITH_SAVEPOINT = 0x0800
    WITH_DRAIN = 0x1000
    OR_REPLACE = 0x2000


@dataclass(frozen=True, kw_only=True)
class Statement(_records.StatementInfo):
    """One statement: where it is and what it is (flowstate_statement_info: ``begin_offset``
    and ``end_offset`` are byte offsets, lines and columns 1-based), its index, its text
    (secret values redacted) and the object it names. ``start``/``end`` index the Python
    str; ``end`` positions are just past the last character."""

    index: int = 0
    start: int = 0
    end: int = 0
    text: str = ""
    name: str = ""

    def has(self, flag: int) -> bool:
        return bool(self.flags & flag)


@dataclass(frozen=True)
class SetStatement:
    key: Optional[str]      # None for SET alone (list) / RESET alone (reset all)
    value: Optional[str]    # None for RESET; redacted for secret keys unless raw
    key_offset: Optional[int]
    value_offset: Optional[int]


class Options(Handle):
    """A WITH option list (or a CDCSOURCE option group)."""

    _free = _lib.flowstate_with_list_free

    def __init__(self, handle: int) -> None:
        super().__init__(handle)

    def __len__(self) -> int:
        return int(_lib.flowstate_with_list_count(self.handle))

    def __iter__(self) -> Iterator[Option]:
        return iter(self.items())

    def items(self) -> List[Option]:
        return _native.read_list(_structs.flowstate_with_entry, _lib.flowstate_with_list_count,
                                 _lib.flowstate_with_list_get, self.handle, _records.with_entry_from_c)

    def as_dict(self) -> Dict[str, str]:
        return {o.key: o.value for o in self.items()}

    def get(self, key: str) -> Optional[str]:
        raw = _lib.flowstate_with_list_find(self.handle, _native.encode(key))
        return None if raw is None else raw.decode()

    def raw_value(self, key: str) -> Optional[str]:
        """The value as written, secrets included."""
        for i, o in enumerate(self.items()):
            if o.key == key:
                return _native.call_string(_lib.flowstate_with_list_raw_value, self.handle, i)
        return None

    @property
    def trailing_comma(self) -> bool:
        return bool(_lib.flowstate_with_list_trailing_comma(self.handle))


@dataclass
class CdcSource:
    """Dinky's EXECUTE CDCSOURCE, read into fields and option groups."""

    name: str
    connector: Optional[str]
    hostname: Optional[str]
    port: Optional[int]
    username: Optional[str]
    password: Optional[str]  # redacted
    database_name: Optional[str]
    schema_name: Optional[str]
    table_name: Optional[str]
    tables: List[str]
    checkpoint: Optional[int]
    parallelism: Optional[int]
    scan_startup_mode: Optional[str]
    options: Dict[str, str]
    groups: Dict[str, Dict[str, str]] = field(default_factory=dict)
    sinks: Dict[str, Dict[str, str]] = field(default_factory=dict)


def _options_from(func, *args) -> Options:  # type: ignore[no-untyped-def]
    out = ctypes.c_void_p()
    func(ctypes.byref(out), *args)
    return Options(int(out.value or 0))


class Script(Handle):
    """A parsed script. Immutable; safe to share between threads."""

    _free = _lib.flowstate_script_free

    def __init__(self, handle: int, text: str, data: bytes) -> None:
        super().__init__(handle)
        self.source = text
        self._data = data
        self._statements: Optional[List[Statement]] = None

    # -- statements -------------------------------------------------------------------
    def __len__(self) -> int:
        return int(_lib.flowstate_script_statement_count(self.handle))

    @property
    def statements(self) -> List[Statement]:
        if self._statements is None:
            self._statements = self._read_statements()
        return self._statements

    def __iter__(self) -> Iterator[Statement]:
        return iter(self.statements)

    def __getitem__(self, index: int) -> Statement:
        return self.statements[index]

    def top_level(self) -> List[Statement]:
        return [s for s in self.statements if s.parent is None]

    def children(self, index: int) -> List[Statement]:
        return [s for s in self.statements if s.parent == index]

    def _read_statements(self) -> List[Statement]:
        h = self.handle
        n = len(self)
        rows = []
        offsets = set()
        for i in range(n):
            c = _native.fetch(_structs.flowstate_statement_info, _lib.flowstate_script_statement_get, h, i)
            rows.append((i, c))
            offsets.add(int(c.begin_offset))
            offsets.add(int(c.end_offset))
        index_of = self._str_indices(sorted(offsets))
        out = []
        for i, c in rows:
            out.append(_records.statement_info_from_c(
                c, cls=Statement,
                index=i,
                start=index_of[int(c.begin_offset)],
                end=index_of[int(c.end_offset)],
                text=_native.call_string(_lib.flowstate_script_statement_text, h, i, 0),
                name=_native.call_string(_lib.flowstate_script_statement_name, h, i),
            ))
        return out

    def _str_indices(self, offsets: Sequence[int]) -> Dict[int, int]:
        # Byte offsets to str indices in one pass: decode the bytes between consecutive
        # offsets (statements start and end on character boundaries).
        result: Dict[int, int] = {}
        pos = 0
        chars = 0
        for off in offsets:
            chars += len(self._data[pos:off].decode("utf-8", "replace"))
            pos = off
            result[off] = chars
        return result

    def raw_text(self, index: int) -> str:
        """The statement's text with secrets as written."""
        return _native.call_string(_lib.flowstate_script_statement_text, self.handle, index, _RAW)

    # -- what reading found -----------------------------------------------------------
    @property
    def diagnostics(self) -> List[Diagnostic]:
        with Diagnostics() as d:
            _lib.flowstate_script_diagnostics(self.handle, d.handle)
            return d.entries()

    @property
    def isa(self) -> str:
        return _lib.flowstate_script_isa(self.handle).decode()

    @property
    def substituted(self) -> bool:
        return bool(_lib.flowstate_script_substituted(self.handle))

    @property
    def variables(self) -> Dict[str, str]:
        """Variables in effect at the end (values of secret-named ones redacted)."""
        h = self.handle
        out = {}
        for i in range(_lib.flowstate_script_variable_count(h)):
            v = _native.fetch(_structs.flowstate_variable_info, _lib.flowstate_script_variable_get, h, i)
            out[v.name.decode()] = v.value.decode()
        return out

    def lint(self, dinky: bool = True, flink_version: Optional[str] = None) -> List[Diagnostic]:
        """Every problem, ordered by position. With `flink_version` ("1.15"), rules that
        changed between versions follow it; an unknown version raises UNSUPPORTED_VERSION."""
        with Diagnostics() as d:
            version = flink_version.encode("utf-8") if flink_version else None
            _native.check(_lib.flowstate_script_lint_for(None, self.handle, 0 if dinky else _NO_DINKY,
                                                         version, d.handle))
            return d.entries()

    # -- detailed readers -------------------------------------------------------------
    def _check(self, rc: int, diags: Diagnostics) -> None:
        if rc < 0:
            _native.check(rc, diags)

    def read_set(self, index: int, raw: bool = False) -> SetStatement:
        key = ctypes.c_void_p()
        value = ctypes.c_void_p()
        key_off = ctypes.c_int64()
        value_off = ctypes.c_int64()
        with Diagnostics() as d:
            rc = _lib.flowstate_script_read_set(
                ctypes.byref(key), ctypes.byref(value), ctypes.byref(key_off), ctypes.byref(value_off),
                self.handle, index, _RAW if raw else 0, d.handle,
            )
            self._check(rc, d)
        k = _native.take_string(key.value) if key.value else None
        v = _native.take_string(value.value) if value.value else None
        return SetStatement(k, v, None if key_off.value < 0 else key_off.value, None if value_off.value < 0 else value_off.value)

    def read_options(self, index: int) -> Options:
        out = ctypes.c_void_p()
        with Diagnostics() as d:
            rc = _lib.flowstate_script_read_options(ctypes.byref(out), self.handle, index, d.handle)
            self._check(rc, d)
        return Options(int(out.value or 0))

    def option_diagnostics(self, index: int) -> List[Diagnostic]:
        """Problems in statement `index`'s WITH list (also when it can still be read)."""
        out = ctypes.c_void_p()
        with Diagnostics() as d:
            rc = _lib.flowstate_script_read_options(ctypes.byref(out), self.handle, index, d.handle)
            if out.value:
                _lib.flowstate_with_list_free(out.value)
            self._check(rc, d)
            return d.entries()

    def read_cdc_source(self, index: int) -> Tuple[CdcSource, List[Diagnostic]]:
        """The CDCSOURCE object and the problems found in it (bad numbers, missing options)."""
        out = ctypes.c_void_p()
        with Diagnostics() as d:
            rc = _lib.flowstate_script_read_cdc_source(ctypes.byref(out), self.handle, index, d.handle)
            self._check(rc, d)
            problems = d.entries()
        h = out.value
        try:
            def text(f: str) -> Optional[str]:
                raw = _lib.flowstate_cdc_source_get(h, f.encode())
                return None if raw is None else raw.decode()

            def number(f: str) -> Optional[int]:
                v = ctypes.c_int64()
                rc2 = _lib.flowstate_cdc_source_get_int(ctypes.byref(v), h, f.encode())
                return int(v.value) if rc2 == 0 else None

            groups = {}
            for g in ("debezium", "source", "jdbc.properties", "split", "sink"):
                with _options_from(_lib.flowstate_cdc_source_group, h, g.encode()) as o:
                    groups[g] = o.as_dict()
            sinks = {}
            for i in range(_lib.flowstate_cdc_source_sink_count(h)):
                with _options_from(_lib.flowstate_cdc_source_sink, h, i) as o:
                    sinks[_lib.flowstate_cdc_source_sink_name(h, i).decode()] = o.as_dict()
            with _options_from(_lib.flowstate_cdc_source_options, h) as o:
                options = o.as_dict()
            cdc = CdcSource(
                name=_lib.flowstate_cdc_source_name(h).decode(),
                connector=text("connector"),
                hostname=text("hostname"),
                port=number("port"),
                username=text("username"),
                password=text("password"),
                database_name=text("database-name"),
                schema_name=text("schema-name"),
                table_name=text("table-name"),
                tables=[_lib.flowstate_cdc_source_table(h, i).decode() for i in range(_lib.flowstate_cdc_source_table_count(h))],
                checkpoint=number("checkpoint"),
                parallelism=number("parallelism"),
                scan_startup_mode=text("scan.startup.mode"),
                options=options,
                groups=groups,
                sinks=sinks,
            )
        finally:
            _lib.flowstate_cdc_source_free(h)
        return cdc, problems


def parse_script(
    text: Union[str, bytes],
    source_name: Optional[str] = None,
    variables: Optional[Mapping[str, str]] = None,
    substitute_variables: Union[bool, str] = True,
    isa: int = 0,
) -> Script:
    """Reads `text` as Flink's SQL client would. Never raises for bad SQL: problems are in
    ``script.diagnostics`` (and more in ``script.lint()``). Text that is not text raises
    InvalidArgumentError naming line:column and byte offset: a NUL byte, or bytes (given as
    ``bytes``, such as a file's) that are not UTF-8, with a hint when they read as GBK."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    opts = _SqlOptions()
    _lib.flowstate_sql_options_init(ctypes.byref(opts), 1)
    keep = []  # keeps the encoded strings alive for the call
    if source_name is not None:
        opts.source_name = source_name.encode("utf-8")
    # True: when the script defines variables or `variables` gives some (Dinky's fragment
    # switch decides in Dinky; to Flink ${name} is text); "always": every ${name}; False: none.
    if substitute_variables == "always":
        opts.substitute_variables = 2
    elif substitute_variables in (True, False):
        opts.substitute_variables = 1 if substitute_variables else 0
    else:
        raise ValueError("substitute_variables is True, False or 'always', not %r" % (substitute_variables,))
    opts.isa = isa
    if variables:
        names = [k.encode("utf-8") for k in variables]
        values = [v.encode("utf-8") for v in variables.values()]
        keep += [names, values]
        arr_n = (ctypes.c_char_p * len(names))(*names)
        arr_v = (ctypes.c_char_p * len(values))(*values)
        keep += [arr_n, arr_v]
        opts.variable_names = ctypes.cast(arr_n, ctypes.POINTER(ctypes.c_char_p))
        opts.variable_values = ctypes.cast(arr_v, ctypes.POINTER(ctypes.c_char_p))
        opts.variable_count = len(names)
    out = ctypes.c_void_p()
    _lib.flowstate_sql_parse(ctypes.byref(out), data, len(data), ctypes.byref(opts), None)
    return Script(int(out.value or 0), text if isinstance(text, str) else data.decode("utf-8"), data)
