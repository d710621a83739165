#!/usr/bin/env bash
# Installs the Debian 12 packages fitplan builds with, only those missing. Idempotent and quiet.
# Run as root (or with sudo available).
set -euo pipefail
# clang and libclang-rt-14-dev (libFuzzer and the sanitizer runtimes, which clang only recommends)
# are for scripts/sanitize.sh.
packages=(build-essential cmake libboost-program-options-dev libboost-graph-dev libyaml-cpp-dev
          libtbb-dev libgtest-dev nlohmann-json3-dev libbenchmark-dev clang libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
