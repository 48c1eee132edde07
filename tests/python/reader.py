"""Running a command as a user who may read a catalog but not write it or its directory.

As root (where permissions do not stop anyone) the command runs as `nobody` through
setpriv; otherwise the write permissions are taken away and the command runs as it is.
Whatever the command needs (the program, the library, the Python package) is copied where
`nobody` can reach it when it cannot reach it where it is.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Dict, List, Optional

NOBODY = 65534
AS_NOBODY = ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups"]


def is_root() -> bool:
    return os.geteuid() == 0


def shared_dir() -> Path:
    """A directory of this test's that any user can enter (pytest's tmp_path cannot)."""
    d = Path(tempfile.mkdtemp(prefix="flowstate-reader-"))
    d.chmod(0o755)
    return d


def lock(directory: Path) -> None:
    """No writes in `directory`, nor to the files in it."""
    for f in directory.iterdir():
        f.chmod(0o444)
    directory.chmod(0o555)


def unlock(directory: Path) -> None:
    directory.chmod(0o755)
    for f in directory.iterdir():
        f.chmod(0o644)


def _reachable(path: Path) -> bool:
    if not is_root():
        return True
    return subprocess.run(AS_NOBODY + ["test", "-r", str(path)], capture_output=True).returncode == 0


def reachable(path: Path, into: Path) -> Path:
    """`path`, or a copy of it in `into` when `nobody` cannot read it where it is."""
    if _reachable(path):
        return path
    target = into / path.name
    if path.is_dir():
        shutil.copytree(path, target)
    else:
        shutil.copy2(path, target)
    for root, dirs, files in os.walk(target):
        os.chmod(root, 0o755)
        for f in files:
            os.chmod(os.path.join(root, f), 0o755)
    os.chmod(target, 0o755)
    return target


def run(argv: List[str], env: Optional[Dict[str, str]] = None, **kw) -> subprocess.CompletedProcess:
    """Runs argv as a reader: as `nobody` when root, as it is otherwise."""
    full = dict(os.environ)
    full.pop("FLOWSTATE_SETTINGS", None)
    if env:
        full.update(env)
    prefix = AS_NOBODY if is_root() else []
    return subprocess.run(prefix + argv, capture_output=True, text=True, env=full, timeout=120, **kw)
