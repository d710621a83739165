#!/usr/bin/env bash
# Configures and builds fitplan (Release, -Wall -Wextra -Werror) into build/. Usage: build.sh [target...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" -j "$(nproc)" ${1:+--target "$@"}
