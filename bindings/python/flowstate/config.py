"""Flink configuration: the option registry, Flink's value syntax per version, cluster files
and the effective configuration a job runs with (see flowstate/config.h).

    cfg = flowstate.Config("1.20")
    cfg.add_file(open("flink-conf.yaml").read(), "flink-conf.yaml")
    cfg.add_script(flowstate.parse_script(sql, source_name="job.sql"))
    cfg.set("pipeline.name", "orders")
    for e in cfg.entries():
        print(e.key, e.normalized, e.source)
    for d, key in cfg.diagnostics():
        print(d)
    print(cfg.render("config-yaml"))

Values of secret keys are redacted everywhere except ``raw_value()`` and
``render(..., reveal_secrets=True)``.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import List, Optional, Tuple, Union

from . import _native, _records, _structs
from ._records import ConfigEntry, ConfigHistory, OptionName, config_entry_from_c, config_history_from_c
from ._records import OptionScopeInfo, option_info_from_c, option_name_info_from_c, option_scope_info_from_c
from .enums import ConfigLayer, Deployment, FileFormat, KeyStatus, OptionType, RenderFormat, Submitter
from ._handle import Handle
from ._types import Diagnostic
from .diagnostics import Diagnostics
from .sql import Script

__all__ = [
    "Config",
    "ConfigEntry",
    "ConfigHistory",
    "ConfigLayer",
    "FileFormat",
    "KeyStatus",
    "OptionInfo",
    "OptionName",
    "OptionType",
    "RenderFormat",
    "OptionScopeInfo",
    "check_value",
    "option_scope",
    "file_flink_version",
    "find_option",
    "options",
]

_lib = _native.lib


def _s(raw: Optional[bytes]) -> str:
    return raw.decode("utf-8") if raw else ""


@dataclass(frozen=True, kw_only=True)
class OptionInfo(_records.OptionInfo):
    """An option of the registry (the record flowstate_option_info, with its names)."""

    def name_for(self, flink_version: str) -> Optional[str]:
        """The name `flink_version` reads, or None when it reads none."""
        out = ctypes.c_char_p()
        _lib.flowstate_option_name_for(ctypes.byref(out), _lib.flowstate_option_find(self.key.encode()),
                                       flink_version.encode())
        return out.value.decode() if out.value else None

    def default(self, flink_version: str) -> Optional[str]:
        """The default in `flink_version` as Flink renders it, or None."""
        out = ctypes.c_char_p()
        _lib.flowstate_option_default(ctypes.byref(out), _lib.flowstate_option_find(self.key.encode()),
                                      flink_version.encode())
        return out.value.decode() if out.value else None


def _option(ptr: int) -> OptionInfo:
    c = _native.fetch(_structs.flowstate_option_info, _lib.flowstate_option_get, ptr)
    names = tuple(option_name_info_from_c(_native.fetch(_structs.flowstate_option_name_info,
                                                        _lib.flowstate_option_name_get, ptr, i))
                  for i in range(c.name_count))
    return option_info_from_c(c, cls=OptionInfo, names=names)  # type: ignore[no-any-return]


def options() -> List[OptionInfo]:
    """Every option of the registry."""
    return [_option(_lib.flowstate_option_at(i)) for i in range(_lib.flowstate_option_count())]


def find_option(key: str) -> Optional[OptionInfo]:
    """The option `key` names (current or older name), or None."""
    ptr = _lib.flowstate_option_find(key.encode("utf-8"))
    return _option(ptr) if ptr else None


def option_scope(key: str, flink_version: str) -> OptionScopeInfo:
    """Where Flink `flink_version` reads `key` (any name of an option), and so whether a job's
    value can take effect: scope "job", "job-over-cluster", "cluster", "kubernetes", "yarn", or
    "unknown" for a key the registry does not know; the other key the job's value counts only
    with (condition); and, for a version without a patch level whose line changed the scope in
    a patch release, that release (edge) and the scope from it on."""
    c = _native.fetch(_structs.flowstate_option_scope_info, _lib.flowstate_option_scope_get,
                      key.encode("utf-8"), flink_version.encode("utf-8"))
    return option_scope_info_from_c(c)  # type: ignore[no-any-return]


def check_value(key: str, value: str, flink_version: str) -> str:
    """Flink's rendering of a valid value ("6 s" for "6000"). Raises NotFoundError for an
    unknown key, UnsupportedVersionError for a key the version does not read and
    InvalidArgumentError, saying what was expected, for a bad value."""
    return _native.call_string(
        _lib.flowstate_config_check_value, key.encode("utf-8"), value.encode("utf-8"), flink_version.encode()
    )


def file_flink_version(text: str, name: str = "<config>", format: FileFormat = FileFormat.AUTO) -> Optional[str]:
    """The Flink version a cluster file names (a resource's spec.flinkVersion), or None."""
    data = text.encode("utf-8")
    out = ctypes.c_void_p()
    _lib.flowstate_config_file_flink_version(ctypes.byref(out), data, len(data), name.encode("utf-8"), int(format))
    return _native.take_string(out.value) or None


class Config(Handle):
    """An effective configuration for one Flink version: defaults < cluster files < scripts'
    SET / RESET < overrides. One thread at a time."""

    _free = _lib.flowstate_config_free

    def __init__(self, flink_version: str) -> None:
        super().__init__(self._create(_lib.flowstate_config_new, flink_version.encode()))

    @property
    def flink_version(self) -> str:
        return _s(_lib.flowstate_config_flink_version(self.handle))

    def add_file(self, text: str, name: str, format: FileFormat = FileFormat.AUTO) -> "Config":
        """Reads a flink-conf.yaml, config.yaml or FlinkDeployment / FlinkSessionJob resource.
        Raises ParseError (with file:line:column) when it cannot be read at all."""
        data = text.encode("utf-8")
        _lib.flowstate_config_add_file(self.handle, data, len(data), name.encode("utf-8"), int(format))
        return self

    def add_script(self, script: Script) -> "Config":
        _lib.flowstate_config_add_script(self.handle, script.handle)
        return self

    def set(self, key: str, value: str, label: str = "override") -> "Config":
        _lib.flowstate_config_set(self.handle, key.encode("utf-8"), value.encode("utf-8"), label.encode("utf-8"))
        return self

    def set_deployment(self, deployment: object = "unknown", submitter: object = "unknown") -> "Config":
        """Where the job runs ("session", "application", "per-job"; "unknown": from the
        files' execution.target) and who submits it ("jar", "gateway", "sql-client",
        "dinky"): diagnostics() then says which of the script's values have no effect there,
        at their SET, and what applies instead."""
        _lib.flowstate_config_set_deployment(self.handle, int(Deployment.parse(deployment)),  # type: ignore[arg-type]
                                             int(Submitter.parse(submitter)))  # type: ignore[arg-type]
        return self

    def include_defaults(self, include: bool = True) -> "Config":
        _lib.flowstate_config_include_defaults(self.handle, 1 if include else 0)
        return self

    def diagnostics(self) -> List[Tuple[Diagnostic, str]]:
        """Every finding with the key it is about ("" for none)."""
        with Diagnostics() as d:
            _lib.flowstate_config_diagnostics(self.handle, d.handle)
            entries = d.entries()
        return [(e, _s(_lib.flowstate_config_diagnostic_key(self.handle, i))) for i, e in enumerate(entries)]

    @property
    def error_count(self) -> int:
        return int(_lib.flowstate_config_error_count(self.handle))

    def __len__(self) -> int:
        return int(_lib.flowstate_config_count(self.handle))

    def _entry(self, i: int) -> ConfigEntry:
        h = self.handle
        c = _native.fetch(_structs.flowstate_config_entry, _lib.flowstate_config_get, h, i)
        history = tuple(config_history_from_c(_native.fetch(_structs.flowstate_config_history,
                                                            _lib.flowstate_config_history_get, h, i, j))
                        for j in range(c.history_count))
        return config_entry_from_c(c, history=history)

    def entries(self) -> List[ConfigEntry]:
        return [self._entry(i) for i in range(len(self))]

    def get(self, key: str) -> Optional[ConfigEntry]:
        """The entry of `key` (any name of its option), or None when unset."""
        i = _lib.flowstate_config_find(self.handle, key.encode("utf-8"))
        return self._entry(i) if i >= 0 else None

    def raw_value(self, key: str) -> Optional[str]:
        """The value of `key` with secrets, or None when unset."""
        i = _lib.flowstate_config_find(self.handle, key.encode("utf-8"))
        if i < 0:
            return None
        return _native.call_string(_lib.flowstate_config_raw_value, self.handle, i)

    def render(
        self, format: Union[str, RenderFormat] = RenderFormat.CONFIG_YAML, reveal_secrets: bool = False
    ) -> Tuple[str, List[Diagnostic]]:
        """The configuration as flink-conf.yaml, config.yaml or the REST JSON map, with the
        problems writing it (values a format cannot hold, a format the version ignores)."""
        fmt = RenderFormat.parse(format)
        with Diagnostics() as d:
            text = _native.call_string(
                _lib.flowstate_config_render, self.handle, int(fmt), 1 if reveal_secrets else 0, d.handle
            )
            return text, d.entries()
