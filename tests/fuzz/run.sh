#!/usr/bin/env bash
# Runs every fuzz target in BUILD_DIR/fuzz for SECONDS each, starting from its corpus in
# tests/fuzz/corpus/<name>/ (copied, so the checked-in corpus only grows by hand).
# usage: tests/fuzz/run.sh BUILD_DIR SECONDS
set -euo pipefail
build=${1:?build dir}
seconds=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for target in "$build"/fuzz/fuzz_*; do
  name=$(basename "$target"); name=${name#fuzz_}
  mkdir -p "$work/$name"
  if [ -d "$here/corpus/$name" ]; then cp -r "$here/corpus/$name/." "$work/$name/"; fi
  # The _metadata readers also start from the real files Flink wrote (tests/storage/data).
  samples="$here/../storage/data/metadata-samples"
  if [[ "$name" == metadata_* ]]; then
    for f in "$samples"/*/_metadata; do cp "$f" "$work/$name/sample-$(basename "$(dirname "$f")")"; done
  fi
  echo "== fuzz $name for ${seconds}s"
  if ! "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$work/$name-" "$work/$name" > "$work/$name.log" 2>&1; then
    echo "fuzz target $name FAILED:"; tail -n 60 "$work/$name.log"; status=1
    for crash in "$work/$name"-*; do [ -e "$crash" ] && { echo "reproducer: $(basename "$crash")"; xxd "$crash" | head -20; }; done
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/$name.log" | tr '\n' ' '; echo
  fi
done
exit $status
