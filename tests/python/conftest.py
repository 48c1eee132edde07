import os
import sys
from pathlib import Path

# Run from a source checkout without installing: the package sources are importable.
_pkg = Path(__file__).resolve().parents[2] / "bindings" / "python"
if str(_pkg) not in sys.path:
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
