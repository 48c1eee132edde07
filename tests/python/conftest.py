import os
import sys
from pathlib import Path

# Run from a source checkout without installing: the package sources are importable. With
# FLOWSTATE_INSTALLED_PACKAGE set (tests/tools/check_wheel.py), the installed package is tested.
_pkg = Path(__file__).resolve().parents[2] / "bindings" / "python"
if not os.environ.get("FLOWSTATE_INSTALLED_PACKAGE") and str(_pkg) not in sys.path:
    sys.path.insert(0, str(_pkg))

import pytest  # noqa: E402

import flowstate  # noqa: E402


@pytest.fixture(autouse=True)
def _clean_global_state():
    yield
    flowstate.set_log_callback(None)
    flowstate.reset_redaction_patterns()


@pytest.fixture
def source_dir() -> Path:
    return Path(os.environ.get("FLOWSTATE_SOURCE_DIR", Path(__file__).resolve().parents[2]))


@pytest.fixture
def ctrl_c():
    """Ctrl-C as a terminal sends it: a KeyboardInterrupt in the main thread after `delay`
    seconds. Python's SIGINT handler is put in place for the test (a test run started in the
    background inherits SIGINT ignored, and then nothing would arrive)."""
    import _thread
    import signal
    import threading

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timers = []

    def press(delay: float) -> None:
        t = threading.Timer(delay, _thread.interrupt_main)
        timers.append(t)
        t.start()

    yield press
    for t in timers:
        t.cancel()
    signal.signal(signal.SIGINT, previous)
