#!/usr/bin/env bash
# flowstate's one entry point for setting up, building and checking the project on a fresh
# Debian 12 machine (as root, or with sudo).
#
#   scripts/dev.sh deps    install the Debian packages the project needs (only if missing)
#   scripts/dev.sh demo    deps + release build + `flowstate demo` (the seeds' story)
#   scripts/dev.sh test    deps + every test: normal build, ASan+UBSan build, bounded fuzzing
#   scripts/dev.sh bench   deps + the benchmarks (see benchmarks/README.md)
#   scripts/dev.sh docs    deps + the API reference (Doxygen) in build/docs/html
#
# FLOWSTATE_FUZZ_SECONDS (default 20) bounds each fuzz target in `test`.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config git binutils
  libcurl4-openssl-dev rapidjson-dev libabsl-dev libsqlite3-dev libcli11-dev libyaml-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-14 libclang-rt-14-dev clang-format
  python3 python3-pytest python3-yaml
  python3-build python3-setuptools python3-wheel python3-venv python3-pip
  abigail-tools doxygen
)

jobs=$(nproc 2>/dev/null || echo 2)

log() { printf '\n== %s\n' "$*"; }

deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "all packages present"
    return
  fi
  log "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {  # build PRESET
  log "configure + build: $1"
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1" -j"$jobs"
}

demo() {
  deps
  build release
  log "flowstate demo"
  build/release/bin/flowstate demo
}

run_tests() {
  deps
  local start=$SECONDS
  build dev
  log "tests: dev"
  ctest --preset dev
  build asan
  log "tests: asan (AddressSanitizer + UndefinedBehaviorSanitizer)"
  ctest --preset asan
  build fuzz
  log "fuzzing: ${FLOWSTATE_FUZZ_SECONDS:-20}s per target"
  tests/fuzz/run.sh build/fuzz "${FLOWSTATE_FUZZ_SECONDS:-20}"
  log "all checks passed in $((SECONDS - start))s"
}

bench() {
  deps
  benchmarks/run.sh "$@"
}

docs() {
  deps
  /usr/bin/python3 tests/tools/check_docs.py --out build/docs \
    --version "$(sed -n 's/^  VERSION \([0-9.]*\)$/\1/p' CMakeLists.txt)"
}

case "${1:-}" in
  deps) deps ;;
  demo) demo ;;
  test) run_tests ;;
  bench) shift; bench "$@" ;;
  docs) docs ;;
  *) sed -n '2,13p' "$0"; exit 2 ;;
esac
