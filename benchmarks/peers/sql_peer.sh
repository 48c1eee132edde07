#!/usr/bin/env bash
# flowstate's SQL splitter beside dt-sql-parser (FlinkSQL.splitSQLByStatement), on the same
# generated script: flowstate reads the whole ~100 MB script and the 5 MB slice that the
# peer reads (it needs ~180 MB of memory per MB of input). Prints both throughputs and
# their ratio. Needs node and npm (the peer is installed from the npm registry into
# benchmarks/peers/dt-sql-parser/node_modules on first use).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
cmake --preset bench >/dev/null
cmake --build --preset bench -j"$(nproc)" --target sql_bench flowstate_cli >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build/bench/benchmarks/sql_bench --write-corpus "$work/script.sql" --mb "${FLOWSTATE_PEER_MB:-100}" >/dev/null
# The first 5 MB, cut after the last complete top-level statement (never inside a set).
head -c "$((${FLOWSTATE_PEER_SLICE_MB:-5} * 1024 * 1024))" "$work/script.sql" > "$work/slice.sql"
/usr/bin/python3 - "$work/slice.sql" <<'PY'
import sys
p = sys.argv[1]
data = open(p, "rb").read()
cut = data.rfind(b";\n") + 2
begin, end = data.rfind(b"BEGIN STATEMENT SET;", 0, cut), data.rfind(b"\nEND;\n", 0, cut)
if begin > end:
    cut = begin
open(p, "wb").write(data[:cut])
PY

# The peer's grammar rejects statement sets inside a long script (and then splits nothing),
# so it also gets the slice without them, which it reads completely.
/usr/bin/python3 - "$work/slice.sql" "$work/clean.sql" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
clean = re.sub(r"BEGIN STATEMENT SET;\n(?:  INSERT[^\n]*\n)*END;\n", "", text)
open(sys.argv[2], "w", encoding="utf-8").write(clean)
PY

full=$(build/bench/bin/flowstate sql split --stats --json "$work/script.sql")
slice=$(build/bench/bin/flowstate sql split --stats --json "$work/slice.sql")
clean=$(build/bench/bin/flowstate sql split --stats --json "$work/clean.sql")

peer_dir=benchmarks/peers/dt-sql-parser
if [ ! -d "$peer_dir/node_modules/dt-sql-parser" ]; then
  (cd "$peer_dir" && npm install --no-audit --no-fund --silent)
fi
run_peer() { (cd "$peer_dir" && node --max-old-space-size=16384 --import ./register.mjs bench.mjs "$1"); }
peer=$(run_peer "$work/slice.sql")
peer_clean=$(run_peer "$work/clean.sql")

/usr/bin/python3 - "$full" "$slice" "$clean" "$peer" "$peer_clean" <<'PY'
import json, sys
full, sl, cl, peer, pc = (json.loads(a) for a in sys.argv[1:6])
def fs(name, r, note):
    print(f"flowstate  {name:<24} {r['bytes']/2**20:7.1f} MB {r['statements']:8d} statements {r['mb_per_s']:10.1f} MB/s  {note}")
def pr(name, r):
    ok = "split" if r["split_ok"] else "returned null (grammar rejected the input)"
    print(f"peer       {name:<24} {r['bytes']/2**20:7.1f} MB {r['statements']:8d} statements {r['mb_per_s']:10.3f} MB/s  peak RSS {r['max_rss_mb']:.0f} MB, {ok}")
fs("whole script", full, f"({full['isa']})")
fs("5 MB slice", sl, "")
fs("slice w/o statement sets", cl, "")
pr("5 MB slice", peer)
pr("slice w/o statement sets", pc)
print(f"ratio (flowstate whole script / peer slice): {full['mb_per_s']/peer['mb_per_s']:.0f}x; "
      f"on the same slice {sl['mb_per_s']/peer['mb_per_s']:.0f}x; without statement sets {cl['mb_per_s']/pc['mb_per_s']:.0f}x")
print(f"peer memory per MB of input: {(pc['max_rss_mb']-pc['rss_before_mb'])/(pc['bytes']/2**20):.0f} MB")
PY
