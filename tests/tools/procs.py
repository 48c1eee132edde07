"""Running a command for the install, wheel and ABI checks: echoed, its output kept, and on
failure its output shown with the command (check=True) or its result returned (check=False)."""

import subprocess
import sys


def run(cmd, check=True, **kw):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    r = subprocess.run([str(c) for c in cmd], text=True, capture_output=True, **kw)
    if check and r.returncode != 0:
        sys.stderr.write(r.stdout + r.stderr)
        raise SystemExit("failed (exit %d): %s" % (r.returncode, " ".join(str(c) for c in cmd)))
    return r
