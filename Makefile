# The two commands a new user needs:
#   make run   set up, build, run the main job on the bundled default scenario
#   make test  set up, build, run the whole test suite
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build/release
CMAKE_FLAGS ?=

.PHONY: run test setup build gui test-asan bench bench-serve bench-month bench-sweep fuzz fuzz-smoke format clean

FUZZ_SECONDS ?= 60

setup:
	@bash scripts/setup.sh

build: setup
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DDDBSIM_WERROR=ON -DDDBSIM_MPI=ON $(CMAKE_FLAGS) >/dev/null
	@env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL cmake --build $(BUILD) -j $(JOBS)

run: build
	@bash scripts/run-default.sh $(BUILD)/cli/ddbsim

# The desktop what-if app on the default scenario (needs a display; xvfb-run works too).
gui: build
	@$(BUILD)/gui/ddbsim-gui scenarios/pinehead/storefront-launch.json

test: build
	@bash scripts/setup.sh --with-server-clients
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: setup
	@bash scripts/setup.sh --with-server-clients
	@cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DDDBSIM_SANITIZE=ON -DDDBSIM_GUI=OFF >/dev/null
	@env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL cmake --build build/asan -j $(JOBS)
	@cd build/asan && ctest --output-on-failure -j $(JOBS)

bench: setup
	@cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DDDBSIM_BENCH=ON -DDDBSIM_TESTS=OFF -DDDBSIM_GUI=OFF >/dev/null
	@env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL cmake --build build/bench -j $(JOBS)
	@for b in build/bench/bench/bench_*; do echo "== $$b"; $$b --benchmark_min_time=0.5; done

# `ddbsim serve --throttling off` against dynalite (npm), side by side (docs/server.md).
bench-serve: build
	@bash scripts/setup.sh --with-server-clients
	@cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DDDBSIM_BENCH=ON -DDDBSIM_TESTS=OFF -DDDBSIM_GUI=OFF >/dev/null
	@env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL cmake --build build/bench -j $(JOBS) --target serve_load
	@bash bench/serve-vs-dynalite.sh $(BUILD)/cli/ddbsim build/bench/bench/serve_load

# A month of the shipped 1,000-partition table at the aggregate fidelity, on one core.
bench-month: build
	@bash scripts/bench-month.sh $(BUILD)/cli/ddbsim

# A 36-run sweep with --jobs 1 and --jobs $(JOBS), alternately; the reports must be identical.
bench-sweep: build
	@bash scripts/bench-sweep.sh $(BUILD)/cli/ddbsim $(JOBS)

# libFuzzer targets: the expression parser, DynamoDB JSON, scenario files and the server's
# request path (operation + body → JSON API). Inputs up to FUZZ_MAX_LEN bytes (1 MB), with a
# dictionary of nesting tokens, so depth and size problems are within reach.
FUZZ_MAX_LEN ?= 1048576
# FUZZ_RUNS=10000000: a campaign of that many executions per target instead of FUZZ_SECONDS.
FUZZ_RUNS ?=
fuzz: FUZZ_BUILD = build/fuzz
fuzz:
	@bash scripts/setup.sh --with-fuzz
	@CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDDBSIM_FUZZ=ON -DDDBSIM_TESTS=OFF \
	    -DDDBSIM_GUI=OFF -DDDBSIM_SANITIZE=ON >/dev/null
	@cmake --build build/fuzz -j $(JOBS) --target fuzz_expression fuzz_dynamodb_json fuzz_scenario fuzz_api_request fuzz_http_request >build/fuzz-build.log 2>&1 || \
	    (cat build/fuzz-build.log; exit 1)
	@for t in expression dynamodb_json scenario api_request http_request; do \
	    mkdir -p build/fuzz/corpus/$$t && cp -n fuzz/corpus/$$t/* build/fuzz/corpus/$$t/ 2>/dev/null; \
	    echo "== fuzz_$$t for $(if $(FUZZ_RUNS),$(FUZZ_RUNS) runs,$(FUZZ_SECONDS) s)"; \
	    rc=0; build/fuzz/fuzz/fuzz_$$t $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS),-max_total_time=$(FUZZ_SECONDS)) -max_len=$(FUZZ_MAX_LEN) \
	        -dict=fuzz/dict/json_depth.dict -artifact_prefix=build/fuzz/ -print_final_stats=1 \
	        build/fuzz/corpus/$$t >build/fuzz/$$t.log 2>&1 || rc=$$?; \
	    grep -E "^(stat::number_of_executed_units|==[0-9]+==|ERROR|SUMMARY|#[0-9]+ +DONE)" build/fuzz/$$t.log; \
	    if [ $$rc -ne 0 ]; then echo "fuzz_$$t failed (exit $$rc); the input is in build/fuzz/"; \
	        tail -n 60 build/fuzz/$$t.log; exit 1; fi; \
	done

# The short run CI does after the tests.
fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=15

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	@rm -rf build
