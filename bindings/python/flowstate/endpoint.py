"""How the library reaches an HTTP service (flowstate_endpoint): a JobManager, a SQL Gateway
or a WebHDFS NameNode. FlinkClient, SqlGateway and StorageConfig.add_webhdfs take an
Endpoint, or a URL with the Endpoint's fields as keywords."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Tuple, Union

from . import _native


@dataclass(frozen=True)
class Endpoint:
    """Times are in seconds, as everywhere in this package. None keeps the default of the
    service's options (flowstate_flink_options_init, flowstate_webhdfs_options_init)."""

    url: str
    bearer_token: Optional[str] = None
    headers: Mapping[str, str] = field(default_factory=dict)  # sent with every request
    kerberos: Optional[bool] = None  # SPNEGO with the host's ticket
    verify_tls: Optional[bool] = None
    ca_file: Optional[str] = None
    client_cert: Optional[str] = None
    client_key: Optional[str] = None
    connect_timeout: Optional[float] = None
    request_timeout: Optional[float] = None  # each request, the whole exchange
    max_response_bytes: Optional[int] = None
    retries: Optional[int] = None  # of idempotent requests after a transport failure
    retry_backoff: Optional[float] = None  # before the first retry, doubled per attempt


def as_endpoint(url: Union[str, Endpoint], fields: Dict[str, Any]) -> Endpoint:
    """An Endpoint from a URL and keywords (TypeError names an unknown one), or as given."""
    if isinstance(url, Endpoint):
        if fields:
            raise TypeError("give an Endpoint or a URL with keywords, not both: %s" % ", ".join(sorted(fields)))
        return url
    return Endpoint(url, **fields)


def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def fill(c: Any, e: Endpoint) -> Tuple[Any, ...]:
    """Sets what `e` sets in `c`, a flowstate_endpoint holding its service's defaults.
    Returns what must stay alive while `c` is used."""
    names = [k.encode("utf-8") for k in e.headers.keys()]
    values = [v.encode("utf-8") for v in e.headers.values()]
    name_array = (ctypes.c_char_p * max(1, len(names)))(*names)
    value_array = (ctypes.c_char_p * max(1, len(values)))(*values)
    c.url = e.url.encode("utf-8")
    c.bearer_token = _native.encode(e.bearer_token)
    c.header_names = ctypes.cast(name_array, ctypes.POINTER(ctypes.c_char_p))
    c.header_values = ctypes.cast(value_array, ctypes.POINTER(ctypes.c_char_p))
    c.header_count = len(names)
    if e.kerberos is not None:
        c.kerberos = int(e.kerberos)
    if e.verify_tls is not None:
        c.verify_tls = int(e.verify_tls)
    c.ca_file, c.client_cert = _native.encode(e.ca_file), _native.encode(e.client_cert)
    c.client_key = _native.encode(e.client_key)
    if e.connect_timeout is not None:
        c.connect_timeout_ms = _ms(e.connect_timeout)
    if e.request_timeout is not None:
        c.timeout_ms = _ms(e.request_timeout)
    if e.max_response_bytes is not None:
        c.max_response_bytes = e.max_response_bytes
    if e.retries is not None:
        c.retries = e.retries
    if e.retry_backoff is not None:
        c.retry_backoff_ms = _ms(e.retry_backoff)
    return (name_array, value_array, names, values)
