#!/usr/bin/env bash
# Quick start 2: install what is missing, build everything (library, CLI, tests, benchmarks) and
# run every test; then the sanitizer build's tests and the fuzzers (scripts/sanitize.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
(cd "$root/build" && ctest --output-on-failure -j "$(nproc)")
"$root/scripts/sanitize.sh"
