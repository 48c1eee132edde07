#!/usr/bin/env bash
# The whole `flowstate sql split --stats` process beside the parse inside it, on the ~100 MB
# generated script: from a file path, from standard input redirected from the file, and from
# a pipe (`cat FILE |`). Prints, per way of reading, the median wall time of 5 runs, the parse time the
# program reports, their ratio (target: within 1.3x) and the peak RSS against the file size.
# Also runs sql_bench's in-library parse (SplitClassify, the text already in memory).
# FLOWSTATE_CLI=path measures another build of the program (e.g. an older one) instead.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset bench >/dev/null
cmake --build --preset bench -j"$(nproc)" --target sql_bench flowstate_cli >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build/bench/benchmarks/sql_bench --write-corpus "$work/script.sql" --mb "${FLOWSTATE_BENCH_MB:-100}" >/dev/null
library=$(build/bench/benchmarks/sql_bench --mb "${FLOWSTATE_BENCH_MB:-100}" \
  --benchmark_filter='SplitClassify/avx2' --benchmark_format=json --benchmark_min_time=0.5 2>/dev/null)
/usr/bin/python3 - "${FLOWSTATE_CLI:-build/bench/bin/flowstate}" "$work/script.sql" "$library" <<'PY'
import json, os, statistics, subprocess, sys, time

binary, script, library = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
size = os.path.getsize(script)

def run(mode):
    args = [binary, "sql", "split", "--stats", "--json"]
    if mode == "file":
        args.append(script)
        stdin = subprocess.DEVNULL
    elif mode == "redirected stdin":
        args.append("-")
        stdin = open(script, "rb")
    start = time.perf_counter()
    if mode == "pipe":  # cat FILE | flowstate ... -
        args.append("-")
        cat = subprocess.Popen(["cat", script], stdout=subprocess.PIPE)
        stdin = cat.stdout
    p = subprocess.Popen(args, stdin=stdin, stdout=subprocess.PIPE)
    if mode == "pipe":
        cat.stdout.close()
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if mode == "redirected stdin":
        stdin.close()
    if mode == "pipe":
        cat.wait()
    assert status == 0, status
    doc = json.loads(out)
    assert doc["bytes"] == size
    return wall, doc["elapsed_ms"] / 1000, usage.ru_maxrss * 1024

lib = [b for b in library["benchmarks"] if b["name"].startswith("SplitClassify/avx2")][0]
lib_s = lib["real_time"] / 1000  # ms -> s
print(f"script: {size / 1e6:.1f} MB; in-library parse (sql_bench SplitClassify/avx2): "
      f"{lib_s * 1000:.0f} ms, {size / 1e6 / lib_s:.0f} MB/s")
print(f"{'input':<18} {'process':>9} {'parse':>9} {'ratio':>6} {'vs library':>10} {'peak RSS':>10} {'RSS/file':>8}")
for mode in ("file", "redirected stdin", "pipe"):
    runs = [run(mode) for _ in range(5)]
    wall = statistics.median(r[0] for r in runs)
    parse = statistics.median(r[1] for r in runs)
    rss = max(r[2] for r in runs)
    print(f"{mode:<18} {wall * 1000:7.0f}ms {parse * 1000:7.0f}ms {wall / parse:6.2f} "
          f"{wall / lib_s:10.2f} {rss / 1e6:8.0f}MB {rss / size:8.2f}")
PY
