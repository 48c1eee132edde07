#!/usr/bin/env bash
# Peak RSS of `flowstate storage latest` on one job directory of 10,000 and of 100,000
# checkpoints (written by storage_bench --write-tree), and what each further candidate costs.
# FLOWSTATE_CLI=path measures another build of the program instead.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset bench >/dev/null
cmake --build --preset bench -j"$(nproc)" --target storage_bench flowstate_cli >/dev/null
cli=${FLOWSTATE_CLI:-build/bench/bin/flowstate}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
declare -A rss
for n in 10000 100000; do
  build/bench/benchmarks/storage_bench --write-tree "$work/t$n" 1 "$n"
  out=$(/usr/bin/python3 - "$cli" "$work/t$n" <<'PY'
import os, subprocess, sys, time
start = time.perf_counter()
p = subprocess.Popen([sys.argv[1], "storage", "latest", sys.argv[2]], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(p.pid, 0)
assert status == 0, status
print(usage.ru_maxrss, f"{time.perf_counter() - start:.2f}")
PY
)
  rss[$n]=${out%% *}
  echo "$n checkpoints: peak RSS ${rss[$n]} KiB, ${out##* } s"
done
echo "per further candidate: $(( (rss[100000] - rss[10000]) * 1024 / 90000 )) bytes"
