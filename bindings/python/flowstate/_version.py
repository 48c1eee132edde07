"""The version of these bindings: the library's (CMakeLists.txt's project() version, checked by
tests/python/test_foundation.py), and the ABI they speak: while the major version is 0, each
minor version is its own ABI (libflowstate.so.0.<minor>); from 1.0 on, the major version alone."""

__version__ = "0.2.0"
ABI_VERSION = (0, 2)
