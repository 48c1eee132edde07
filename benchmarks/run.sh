#!/usr/bin/env bash
# Builds the 'bench' preset and runs every benchmark program (and the peer comparisons that
# later issues add under benchmarks/peers/). Extra arguments go to each Google Benchmark
# program, e.g. benchmarks/run.sh --benchmark_filter=Capi
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset bench >/dev/null
cmake --build --preset bench -j"$(nproc)" >/dev/null
for b in build/bench/benchmarks/*_bench; do
  echo "== $(basename "$b")"
  "$b" --benchmark_min_time=0.2 "$@"
done
# Whole-program figures (the CLI's input and memory).
for s in benchmarks/cli_input.sh benchmarks/storage_latest_rss.sh; do
  echo "== $(basename "$s")"
  "$s"
done
# Peer comparisons need node/npm; FLOWSTATE_SKIP_PEERS=1 leaves them out.
if [ -z "${FLOWSTATE_SKIP_PEERS:-}" ] && command -v node >/dev/null; then
  for p in benchmarks/peers/*.sh; do
    echo "== $(basename "$p")"
    "$p"
  done
fi
