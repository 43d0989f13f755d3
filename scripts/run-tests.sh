#!/usr/bin/env bash
# Installs what the tests need, builds the given preset (dev: warnings as errors; asan: sanitizers)
# and runs every test through ctest. Each test starts the servers it talks to itself.
set -euo pipefail
preset="${1:-dev}"
cd "$(dirname "$0")/.."

scripts/install-deps.sh test
cmake --preset "$preset"
cmake --build --preset "$preset"
ctest --preset "$preset" --parallel 2
