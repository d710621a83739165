#!/usr/bin/env bash
# Quick start 1: install what is missing, build, and plan the default job — a llama-3.1-70b
# fine-tune (seq 4096, global batch 64 sequences, 2e8 tokens) on 8×A100-80GB.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" fitplan
cd "$root"
./build/fitplan plan --cluster configs/clusters/8x-a100-80g.yaml --model llama-3.1-70b \
  --job configs/jobs/default.yaml --stats
