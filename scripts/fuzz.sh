#!/usr/bin/env bash
# Builds the fuzz preset (clang-14, libFuzzer, ASan + UBSan) and runs each target of fuzz/ for a
# bounded time from its seeds in fuzz/corpus/<target>/; what it learns is kept in
# build/fuzz/corpus/<target>/ (the seeds in the tree do not change) and a crashing input is
# written to build/fuzz/crashes/<target>/. Prints, per target, the inputs tried, the inputs per
# second and the coverage reached; fails when any target found a crash.
# Usage: scripts/fuzz.sh [seconds per target (default 60)] [target...]   (targets: fuzz/CMakeLists.txt)
# FUZZ_SKIP_BUILD=1 runs the targets already built in build/fuzz.
set -euo pipefail
seconds="${1:-60}"
shift || true
cd "$(dirname "$0")/.."

build="$PWD/build/fuzz"
if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cd fuzz/corpus && ls)
fi
if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ]; then
  scripts/install-deps.sh fuzz >/dev/null
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz --target "${targets[@]/#/fuzz_}"
fi
# The temp files of the targets (http_request's SQLite database, config's TOML file) in a folder
# of this run, in memory when there is some, removed at the end, also after a crash.
TMPDIR="$(mktemp -d "$([ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")/pricewatch-fuzz-XXXXXX")"
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" UBSAN_OPTIONS="print_stacktrace=1"

failed=()
printf '%-16s %10s %8s %8s %8s %s\n' target inputs "per s" cov corpus result
for target in "${targets[@]}"; do
  binary="$build/fuzz/fuzz_$target"
  [ -x "$binary" ] || { echo "no fuzz target $target (fuzz/CMakeLists.txt)" >&2; exit 2; }
  work="$build/corpus/$target" crashes="$build/crashes/$target" log="$build/logs/$target.log"
  mkdir -p "$work" "$crashes" "$(dirname "$log")"
  result=ok
  # -timeout: one input taking over 10 s is a finding; -rss_limit_mb: so is memory past 2 GB.
  if ! "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
       -print_final_stats=1 -artifact_prefix="$crashes/" "$work" "fuzz/corpus/$target" >"$log" 2>&1; then
    result="CRASH (see $log, inputs in $crashes)"
    failed+=("$target")
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  corpus=$(find "$work" -type f | wc -l)
  printf '%-16s %10s %8s %8s %8s %s\n' "$target" "${runs:-?}" "${rate:-?}" "${cov:-?}" "$corpus" "$result"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "crashes in: ${failed[*]}" >&2
  exit 1
fi
