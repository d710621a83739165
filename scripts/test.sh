#!/usr/bin/env bash
# Quick start 2: install what is missing (with Chromium for the HTML report's browser test, clang
# for the sanitizers and fuzzers), build everything (library, CLI, tests, benchmarks) and run every
# test; then the sanitizer build's tests and the fuzzers (scripts/sanitize.sh). Prints how long
# each phase took: CI has 15 minutes on 2 cores for all of it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
t0=$(date +%s)
"$root/scripts/setup.sh" --with-browser --with-sanitizers
t1=$(date +%s)
"$root/scripts/build.sh"
t2=$(date +%s)
(cd "$root/build" && ctest --output-on-failure -j "$(nproc)")
t3=$(date +%s)
echo "test: setup $((t1 - t0)) s, build $((t2 - t1)) s, tests $((t3 - t2)) s"
"$root/scripts/sanitize.sh"
echo "test: all done in $(($(date +%s) - t0)) s"
