#!/usr/bin/env bash
# Quick start 2: install what is missing (with Chromium for the HTML report's browser test, clang
# for the sanitizers and fuzzers), build everything (library, CLI, tests, benchmarks) and run every
# test; then the sanitizer build's tests and the fuzzers (scripts/sanitize.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" --with-browser --with-sanitizers
"$root/scripts/build.sh"
(cd "$root/build" && ctest --output-on-failure -j "$(nproc)")
"$root/scripts/sanitize.sh"
