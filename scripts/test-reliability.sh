#!/usr/bin/env bash
# The long reliability runs of docs/reliability.md, apart from `make test`:
#   1. every fuzz target of fuzz/ for FUZZ_SECONDS each (default 60; scripts/fuzz.sh);
#   2. the slow-client attacks and the fault suite against the dev build (labels security-load
#      and fault; they start their own fake exchange and SMTP sink);
#   3. the engine, queue, delivery and HTTP tests under ThreadSanitizer (preset tsan);
#   4. the whole suite under ASan + UBSan (scripts/run-tests.sh asan), unless SKIP_ASAN=1.
# The servers the suites need are started by the scripts that need them, in build/<preset>/
# test-servers, and stopped on exit; the ThreadSanitizer part's are on ports 800 above the usual
# ones (PRICEWATCH_TEST_PORT_OFFSET), and database_faults_test's 700 above, so they do not collide
# with a `make test` on the same machine (the fault suite's other tests need no servers). Every
# part runs even when one before failed; prints how long each took and exits 1 naming the parts
# that failed.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
scripts/install-deps.sh reliability
started=$SECONDS
failed=()
part() { echo "== $1 ($((SECONDS - started)) s so far)"; }

part "fuzzing, ${FUZZ_SECONDS:-60} s per target"
scripts/fuzz.sh "${FUZZ_SECONDS:-60}" || failed+=(fuzzing)

part "slow clients and faults (dev build)"
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --test-dir build/dev -L '^(security-load|fault)$' --output-on-failure || failed+=(faults)

part "ThreadSanitizer: engine, queue, delivery, HTTP"
servers_dir="$PWD/build/tsan/test-servers"
trap 'scripts/test-servers.sh stop "$servers_dir"' EXIT
PRICEWATCH_TEST_PORT_OFFSET=800 scripts/test-servers.sh start "$servers_dir"
# shellcheck source=/dev/null
source "$servers_dir/env"
cmake --preset tsan >/dev/null
cmake --build --preset tsan --target pricewatch pricewatch_e2e_tests pricewatch_delivery_tests \
  pricewatch_channel_tests pricewatch_integration_tests pricewatch_feed_tests pricewatch_delivery_race_tests
# halt_on_error: a race fails its test; second_deadlock_stack for readable lock-order reports.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
ctest --preset tsan --parallel 2 -L '^(e2e|integration)$' \
  -R 'job_queue|event_bus|notification_store|alert_service|feed_contract|heartbeat|firing|delivery|alerts_v2|limits|lifecycle|v1_api|original_alerts|token_security|channel_store|private_networks|quiet_hours' ||
  failed+=(tsan)
scripts/test-servers.sh stop "$servers_dir"
trap - EXIT

if [ "${SKIP_ASAN:-0}" != 1 ]; then
  part "the whole suite under ASan + UBSan"
  scripts/run-tests.sh asan || failed+=(asan)
fi
part "done"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
