# The two commands a new user needs:
#   make run   set up, build, run the main job on the bundled default scenario
#   make test  set up, build, run the whole test suite
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build/release
CMAKE_FLAGS ?=

.PHONY: run test setup build test-asan bench fuzz format clean

setup:
	@bash scripts/setup.sh

build: setup
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DDDBSIM_WERROR=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@bash scripts/run-default.sh $(BUILD)/cli/ddbsim

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: setup
	@cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DDDBSIM_SANITIZE=ON -DDDBSIM_GUI=OFF >/dev/null
	@cmake --build build/asan -j $(JOBS)
	@cd build/asan && ctest --output-on-failure -j $(JOBS)

bench: setup
	@cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DDDBSIM_BENCH=ON -DDDBSIM_TESTS=OFF -DDDBSIM_GUI=OFF >/dev/null
	@cmake --build build/bench -j $(JOBS)
	@for b in build/bench/bench/bench_*; do echo "== $$b"; $$b --benchmark_min_time=0.5; done

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	@rm -rf build
