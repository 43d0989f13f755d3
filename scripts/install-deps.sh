#!/usr/bin/env bash
# Installs the Debian packages pricewatch needs, and nothing when they are all present.
# Usage: scripts/install-deps.sh [build|test|fuzz|reliability|bench]
#   test = build + the servers and tools tests use; fuzz = build + clang and libFuzzer for the
#   fuzz targets (make fuzz); reliability = test + fuzz (make test-reliability); bench = test +
#   Postfix for its smtp-source (the ceiling of bench/delivery_bench.py storm)
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev libsqlite3-dev sqlite3
  libjwt-dev libsodium-dev libcurl4-openssl-dev libssl-dev zlib1g-dev
  libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libhiredis-dev librabbitmq-dev
  libhowardhinnant-date-dev tzdata
)
test_packages=(
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-aiosmtpd python3-aiohttp python3-requests curl wrk
  chromium
  postgresql mariadb-server redis-server rabbitmq-server nginx openssl
)
fuzz_packages=(
  clang-14 libfuzzer-14-dev
)
# Only for smtp-source; "No configuration" leaves Postfix without a main.cf, so no mail server starts.
bench_packages=(
  postfix
)

mode="${1:-build}"
wanted=("${build_packages[@]}")
if [ "$mode" = "test" ] || [ "$mode" = "reliability" ] || [ "$mode" = "bench" ]; then
  wanted+=("${test_packages[@]}")
fi
if [ "$mode" = "bench" ]; then
  wanted+=("${bench_packages[@]}")
fi
if [ "$mode" = "fuzz" ] || [ "$mode" = "reliability" ]; then
  wanted+=("${fuzz_packages[@]}")
fi

missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  else
    as_root=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  echo "postfix postfix/main_mailer_type select No configuration" | "${as_root[@]}" debconf-set-selections
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$mode" = "test" ] || [ "$mode" = "reliability" ] || [ "$mode" = "bench" ]; then
  # playwright-core (from the npm registry) drives Debian's chromium and needs Node.js 20 or newer;
  # Debian 12's own nodejs is 18, so a newer one must already be on the machine.
  if ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' 2>/dev/null ||
     ! command -v npm >/dev/null; then
    echo "The browser tests need Node.js 20 or newer with npm (Debian 12's nodejs is 18)." >&2
    exit 1
  fi
  browser_tests="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
  [ -f "$browser_tests/node_modules/playwright-core/package.json" ] ||
    npm ci --prefix "$browser_tests" --no-audit --no-fund
  # The channel tests' webhook receiver verifies signatures with the Standard Webhooks library.
  webhook_receiver="$(cd "$(dirname "$0")/.." && pwd)/tests/fixtures/webhook-receiver"
  [ -f "$webhook_receiver/node_modules/standardwebhooks/package.json" ] ||
    npm ci --prefix "$webhook_receiver" --no-audit --no-fund
  # The OpenAPI document is linted with Redocly's own CLI (tests/openapi).
  openapi_lint="$(cd "$(dirname "$0")/.." && pwd)/tests/openapi"
  [ -f "$openapi_lint/node_modules/@redocly/cli/package.json" ] ||
    npm ci --prefix "$openapi_lint" --no-audit --no-fund
fi
