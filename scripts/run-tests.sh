#!/usr/bin/env bash
# Installs what the tests need, builds the given preset (dev: warnings as errors; asan: sanitizers),
# starts real PostgreSQL, MariaDB, Redis and RabbitMQ on loopback (scripts/test-servers.sh; stopped
# again on exit, also on failure) and runs every test through ctest with their PRICEWATCH_TEST_*
# URLs in the environment. Tests that need other servers (fake exchange, SMTP sink) start them.
set -euo pipefail
preset="${1:-dev}"
cd "$(dirname "$0")/.."

scripts/install-deps.sh test
servers_dir="$PWD/build/$preset/test-servers"
trap 'scripts/test-servers.sh stop "$servers_dir"' EXIT
scripts/test-servers.sh start "$servers_dir"
# The tests inherit PRICEWATCH_TEST_{POSTGRES,MYSQL,REDIS,AMQP}_URL and PRICEWATCH_TEST_SERVERS.
# shellcheck source=/dev/null
source "$servers_dir/env"

# ccache hits across clones of the repository (CI builds a fresh one): paths relative to it.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
cmake --preset "$preset"
cmake --build --preset "$preset"
ctest --preset "$preset" --parallel 2
