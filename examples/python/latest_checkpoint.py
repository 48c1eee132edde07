"""Finds the newest checkpoint a job can be restored from, on storage alone (no cluster, no
catalog), each newer candidate passed over with its reason.

    python3 latest_checkpoint.py ROOT...   (checkpoint directories or job-id directories)
"""

import sys

import flowstate


def main(roots) -> int:
    with flowstate.Storage() as storage:
        found = storage.find_latest(roots)  # verified down to the state files
    for s in found.snapshots:
        if not s.restorable:
            print("passed over %s: %s" % (s.location, s.reason))
    if found.latest is None:
        print("nothing restorable")
        return 1
    print("latest %s (checkpoint %d, %d operators)"
          % (found.latest.location, found.latest.checkpoint_id, found.latest.operator_count))
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: latest_checkpoint.py ROOT...")
    sys.exit(main(sys.argv[1:]))
