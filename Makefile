# The two commands of the README, and a few more for developers.
#   make run    install what is missing, build Release, start the embedded service
#   make test   install what tests need, build with warnings as errors, run every test
#   make test-reliability   fuzzing, slow clients, faults, ThreadSanitizer and ASan (docs/reliability.md)
.PHONY: run build test test-sanitize test-reliability fuzz bench clean

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

bench:
	bench/http_bench.sh

clean:
	rm -rf build
