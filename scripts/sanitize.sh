#!/usr/bin/env bash
# The sanitizer run of CI (issue 7): builds the libraries, tests and fuzz targets with clang,
# ASan and UBSan into build-sanitize/ (CMake option FITPLAN_SANITIZE), runs the unit tests there,
# then runs each libFuzzer target for FUZZ_SECONDS (default 30), two at a time (CI has 2 cores).
# Any sanitizer finding, test failure, fuzzer crash, leak or timeout fails the script; a fuzzer's
# crashing input is kept in build-sanitize/fuzz-artifacts/ and its log printed.
# Usage: sanitize.sh [FUZZ_SECONDS]   (0 skips fuzzing)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-sanitize"
seconds=${1:-30}
jobs=2  # the machines have 2 cores, shared

started=$(date +%s)
cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="${FITPLAN_CLANG:-clang++}" \
  -DCMAKE_BUILD_TYPE=Debug -DFITPLAN_SANITIZE=ON >/dev/null
cmake --build "$build" -j "$jobs"
built=$(date +%s)

# Findings end the process (-fno-sanitize-recover) with the stack printed; leaks are checked at
# exit. The tests run the sanitized fitplan binary too (tests/cli).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd "$build" && ctest --output-on-failure -j "$jobs" --timeout 600)
tested=$(date +%s)

# ---- Fuzzing ----
[ "$seconds" -gt 0 ] || exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
artifacts="$build/fuzz-artifacts"
rm -rf "$artifacts"
mkdir -p "$artifacts"

# Seeds: every input of that kind that configs/ ships, and tests/fuzz/seeds/<target>/.
seed() {  # seed TARGET FILE...
  local dir="$work/$1/corpus"
  mkdir -p "$dir"
  shift
  local f
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
  done
  return 0
}
seed cluster_yaml "$root"/configs/clusters/*.yaml
seed model_yaml "$root"/configs/models/*.yaml
seed job_yaml "$root"/configs/jobs/*.yaml
seed hf_config "$root"/configs/hf/*/config.json
seed plan_string "$root"/tests/fuzz/seeds/plan_string/*
seed calibration_csv "$root"/tests/fuzz/seeds/calibration_csv/*
seed offers_yaml "$root"/configs/offers.yaml

# Runs one target; its log and exit code go to $work/NAME/.
run_fuzzer() {
  local name=$1 dict="$root/tests/fuzz/seeds/$1.dict" args=()
  [ -f "$dict" ] && args+=("-dict=$dict")
  # -timeout: one input taking 20 s is a hang (loading is bounded work); -rss_limit_mb: an input
  # that needs 2 GB is a memory blow-up (alias bombs); -max_len: configs are under 8 kB.
  set +e
  "$build/fuzz/fuzz_$name" "$work/$name/corpus" "${args[@]}" -max_total_time="$seconds" \
    -timeout=20 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
    -artifact_prefix="$artifacts/$name-" >"$work/$name/log" 2>&1
  echo $? >"$work/$name/rc"
  set -e
}

targets=(cluster_yaml model_yaml job_yaml hf_config plan_string calibration_csv offers_yaml)
for ((i = 0; i < ${#targets[@]}; i += jobs)); do
  for name in "${targets[@]:i:jobs}"; do run_fuzzer "$name" & done
  wait
done

failed=0
echo "fuzz target          executions   exec/s  corpus  result"
for name in "${targets[@]}"; do
  log="$work/$name/log" rc=$(cat "$work/$name/rc")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corpus=$(ls "$work/$name/corpus" | wc -l)
  result=ok
  if [ "$rc" -ne 0 ]; then result="FAILED (exit $rc)"; failed=1; fi
  printf '%-20s %10s %8s %7s  %s\n' "$name" "${execs:-?}" "${rate:-?}" "$corpus" "$result"
done
if [ "$failed" -ne 0 ]; then
  for name in "${targets[@]}"; do
    [ "$(cat "$work/$name/rc")" -eq 0 ] && continue
    echo "==== fuzz_$name log (tail) ===="
    tail -60 "$work/$name/log"
  done
  echo "crashing inputs: $artifacts" >&2
  exit 1
fi
finished=$(date +%s)
echo "sanitize: build $((built - started)) s, tests $((tested - built)) s," \
  "fuzzing $((finished - tested)) s"
