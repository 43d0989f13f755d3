# The two commands of the README, and a few more for developers.
#   make run    install what is missing, build Release, start the embedded service
#   make test   install what tests need, build with warnings as errors, run every test
#   make test-reliability   fuzzing, slow clients, faults, ThreadSanitizer and ASan (docs/reliability.md)
#   make fuzz-quick   the parser fuzz targets, briefly: what CI runs after make test (.ci/run)
.PHONY: run build test test-sanitize test-reliability fuzz fuzz-quick bench clean

run: build
	./build/release/pricewatch serve

# ccache hits across clones of the repository: paths relative to it.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

build:
	scripts/install-deps.sh build
	cmake --preset release
	cmake --build --preset release --target pricewatch

test:
	scripts/run-tests.sh dev

test-sanitize:
	scripts/run-tests.sh asan

test-reliability:
	scripts/test-reliability.sh

fuzz:
	scripts/fuzz.sh $(or $(FUZZ_SECONDS),60)

# Every fuzz target but http_request (its build, the api role's parts under clang with ASan, is
# too long for CI's budget: docs/reliability.md), FUZZ_SECONDS each (default 6, so that .ci/run stays under 15 minutes) from its seeds;
# fails on a crash.
parser_fuzzers := price binance coinbase kraken jwt config forwarded django_password queue_messages request_body template
fuzz-quick:
	scripts/fuzz.sh $(or $(FUZZ_SECONDS),6) $(parser_fuzzers)

bench:
	scripts/install-deps.sh bench
	bench/http_bench.sh

clean:
	rm -rf build
