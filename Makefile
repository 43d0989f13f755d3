# The two commands of the README, and a few more for developers.
#   make run    install what is missing, build Release, start the embedded service
#   make test   install what tests need, build with warnings as errors, run every test
.PHONY: run build test test-sanitize bench clean

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

bench:
	bench/http_bench.sh

clean:
	rm -rf build
