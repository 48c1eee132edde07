"""Explains the configuration a job runs with on Flink 1.14: the cluster's flink-conf.yaml, then
the script's SET statements. Prints every key set somewhere with its effective value and where
it came from (secrets redacted), then the findings with their positions.

    python3 explain_config.py FLINK_CONF SCRIPT
"""

import sys
from pathlib import Path

import flowstate


def main(conf: str, script: str) -> int:
    with flowstate.Config("1.14") as config:
        config.add_file(Path(conf).read_text(), "flink-conf.yaml", flowstate.FileFormat.FLINK_CONF)
        config.add_script(flowstate.parse_script(Path(script).read_text(), source_name="job.sql"))
        for e in config.entries():
            print("%s = %s  (%s)" % (e.key, e.normalized, e.source))
        for finding, key in config.diagnostics():
            print("%s:%d:%d %s: %s" % (finding.source, finding.line, finding.column, key, finding.message))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: explain_config.py FLINK_CONF SCRIPT")
    sys.exit(main(sys.argv[1], sys.argv[2]))
