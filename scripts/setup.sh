#!/usr/bin/env bash
# Installs the Debian 12 packages fitplan builds with, only those missing. Idempotent and quiet.
# Run as root (or with sudo available). Usage: setup.sh [--with-browser] [--with-sanitizers]
#   --with-browser     also Chromium, for the HTML report's browser test
#   --with-sanitizers  also clang and libclang-rt-14-dev (libFuzzer and the sanitizer runtimes,
#                      which clang only recommends), for scripts/sanitize.sh
# scripts/test.sh passes both; scripts/run-default-job.sh neither.
set -euo pipefail
packages=(build-essential cmake libboost-program-options-dev libboost-graph-dev libyaml-cpp-dev
          libtbb-dev libgtest-dev nlohmann-json3-dev libbenchmark-dev)
for arg in "$@"; do
  case $arg in
    --with-browser) packages+=(chromium) ;;
    --with-sanitizers) packages+=(clang libclang-rt-14-dev) ;;
    *) echo "setup: unknown option '$arg'; expected --with-browser or --with-sanitizers" >&2; exit 2 ;;
  esac
done
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
