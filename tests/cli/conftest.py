import os
import subprocess
from pathlib import Path

import pytest


class Cli:
    def __init__(self, binary: str) -> None:
        self.binary = binary

    def __call__(self, *args: str, input: str = None, env: dict = None) -> subprocess.CompletedProcess:
        full_env = dict(os.environ)
        full_env.pop("FLOWSTATE_SETTINGS", None)
        if env:
            full_env.update(env)
        return subprocess.run(
            [self.binary, *args], input=input, capture_output=True, text=True, env=full_env, timeout=120
        )


@pytest.fixture
def cli() -> Cli:
    binary = os.environ.get("FLOWSTATE_CLI")
    if not binary:
        pytest.skip("FLOWSTATE_CLI is not set (run through ctest)")
    return Cli(binary)


@pytest.fixture
def data_dir() -> Path:
    return Path(__file__).parent / "data"
