#!/usr/bin/env bash
# Quick start 2: install what is missing (with Chromium, for the HTML report's browser test),
# build everything (library, CLI, tests, benchmarks) and run every test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" --with-browser
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure -j "$(nproc)"
